#!/usr/bin/env bats
# Dispatch, help, version, and the libraries the binary links.
load helpers

@test "cli: --version prints the version (exit 0)" {
	run -0 "$BUILD/fsxctl" --version
	assert_output --regexp '^fsxctl [0-9]+\.[0-9]+\.[0-9]+$'
	run -0 "$BUILD/fsxctl" version --json
	assert_output --regexp '^\{"version":"[0-9.]+"\}$'
}

@test "cli: --help lists every command from the table (exit 0)" {
	run -0 "$BUILD/fsxctl" --help
	assert_line --partial "getstripe"
	assert_line --partial "setstripe"
	assert_line --partial "Exit status"
}

@test "cli: COMMAND --help and help COMMAND print the same usage (exit 0)" {
	run -0 "$BUILD/fsxctl" setstripe --help
	local a=$output
	run -0 "$BUILD/fsxctl" help setstripe
	assert_equal "$output" "$a"
	assert_line --index 0 "Usage: fsxctl setstripe [OPTIONS] PATH..."
	assert_line --regexp '^ -S, --stripe-size <SIZE> +bytes per stripe'
	assert_line --regexp '^ -h, --help +display this help$'
}

@test "cli: an unknown command suggests the closest one (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" getstrip f
	assert_equal "$stderr" "fsxctl: getstrip: not a fsxctl command (did you mean 'getstripe'?)
Try 'fsxctl --help'."
}

@test "cli: no command with no terminal prints usage (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" < /dev/null
	assert_regex "$stderr" "^Usage: fsxctl"
}

@test "cli: an unknown global option is a usage error (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" --frobnicate getstripe f
	assert_equal "${stderr%%$'\n'*}" "fsxctl: --frobnicate: unknown global option"
}

@test "cli: options are matched exactly, never by prefix (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" getstripe --stripe f
	assert_regex "$stderr" "unknown option"
}

@test "cli: the binary links libc only: libraries are opened when needed" {
	command -v readelf >/dev/null || skip "readelf missing"
	run -0 bash -c "readelf -d '$BUILD/fsxctl' | grep NEEDED"
	assert_output --partial "libc.so.6"
	refute_output --partial "libcurl"
	refute_output --partial "libcrypto"
	refute_output --partial "libyaml"
	refute_output --partial "readline"
	refute_output --partial "cjson"
}

@test "cli: getstripe loads no libcurl, libcrypto, libyaml or readline" {
	emu_init
	"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" setstripe -c 1 "$MNT/f"
	run -0 --separate-stderr env LD_DEBUG=libs "$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" getstripe -c "$MNT/f"
	assert_output "1"
	refute_regex "$stderr" "calling init: .*(libcurl|libcrypto|libyaml|readline)"
}

@test "cli: commands.c keeps the table sorted" {
	run -0 bash -c "grep -oE '^	&cmd_[a-z0-9_]+' '$TOP/src/cmd/commands.c' | sed 's/.*&cmd_//'"
	assert_equal "$output" "$(sort <<<"$output")"
}

@test "cli: a sub-command's --help names its group (exit 0)" {
	run -0 "$BUILD/fsxctl" dra create --help
	assert_line --index 0 --regexp '^Usage: fsxctl dra create '
}

@test "cli: where -h means something else, help lists only --help (exit 0)" {
	run -0 "$BUILD/fsxctl" df --help
	assert_line --regexp '^     --help +display this help$'
	refute_line --regexp '^ -h, --help'
}
