# fsxctl shell and the interactive REPL (docs/interactive.md). Batch runs
# read stdin or a script; the interactive session is driven through a
# pseudo-terminal with tmux.
load helpers

setup() {
	cd "$BATS_TEST_TMPDIR"
	export HOME="$BATS_TEST_TMPDIR/home"
	mkdir -p "$HOME"
}

teardown() {
	[ -n "${TMUX_SOCK:-}" ] && tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
	return 0
}

# --- batch: fsxctl shell < script -------------------------------------------

@test "shell: lines from stdin print what the commands print (exit 0)" {
	run -0 --separate-stderr "$BUILD/fsxctl" version
	want=$output
	run -0 --separate-stderr "$BUILD/fsxctl" help version
	want="$want
$output"
	run -0 --separate-stderr "$BUILD/fsxctl" shell <<-'EOF'
		version
		# a comment, then a blank line

		  help   'version'   # trailing comment
	EOF
	assert_equal "$output" "$want"
	assert_equal "$stderr" ""
}

@test "shell: a failing line prints its error and the next lines run (exit 1)" {
	run -1 --separate-stderr "$BUILD/fsxctl" getstripe /nonexistent
	want_err=$stderr
	run -1 --separate-stderr "$BUILD/fsxctl" shell <<-'EOF'
		getstripe /nonexistent
		version
	EOF
	assert_equal "$output" "fsxctl 0.1.0"
	assert_equal "$stderr" "$want_err
fsxctl: shell: 1 of 2 commands failed"
}

@test "shell: an unknown command suggests the closest one (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" shell <<< 'getstrip x'
	assert_equal "$output" ""
	assert_equal "$stderr" "fsxctl: getstrip: not a fsxctl command (did you mean 'getstripe'?)
fsxctl: shell: 1 of 1 commands failed"
}

@test "shell: an unterminated quote names the line and the rest runs (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" shell <<-'EOF'
		version
		getstripe "unterminated
		getstripe 'also
		version
	EOF
	assert_equal "$output" "fsxctl 0.1.0
fsxctl 0.1.0"
	assert_equal "$stderr" "fsxctl: shell: stdin:2: unterminated double quote
fsxctl: shell: stdin:3: unterminated single quote
fsxctl: shell: 2 of 4 commands failed"
}

@test "shell: a line over 64 KiB is refused and the next line runs (exit 2)" {
	{ printf 'getstripe '; head -c 70000 /dev/zero | tr '\0' x; printf '\nversion\n'; } > long.fsx
	run -2 --separate-stderr "$BUILD/fsxctl" shell long.fsx
	assert_equal "$output" "fsxctl 0.1.0"
	assert_equal "$stderr" "fsxctl: shell: long.fsx:1: line too long (70010 bytes, at most 65536)
fsxctl: shell: 1 of 2 commands failed"
}

@test "shell: --stop-on-error stops at the first failing line (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" shell --stop-on-error <<-'EOF'
		version
		nosuchcommand
		version
	EOF
	assert_equal "$output" "fsxctl 0.1.0"
	assert_equal "$stderr" "fsxctl: nosuchcommand: not a fsxctl command
fsxctl: shell: 1 of 2 commands failed"
}

@test "shell: exit N ends a script with status N (exit 7)" {
	run -7 --separate-stderr "$BUILD/fsxctl" shell <<-'EOF'
		version
		exit 7
		version
	EOF
	assert_equal "$output" "fsxctl 0.1.0"
	assert_equal "$stderr" ""
}

@test "shell: exit with a bad status is a usage error (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" shell <<< 'exit lots'
	assert_equal "$stderr" "fsxctl: shell: stdin:1: exit: usage: exit [0-255]
fsxctl: shell: 1 of 1 commands failed"
}

@test "shell: a missing script file is an error (exit 1)" {
	run -1 --separate-stderr "$BUILD/fsxctl" shell nope.fsx
	assert_equal "$output" ""
	assert_equal "$stderr" "fsxctl: shell: nope.fsx: cannot open the script (No such file or directory)"
}

@test "shell: two scripts are a usage error (exit 2)" {
	touch a b
	run -2 --separate-stderr "$BUILD/fsxctl" shell a b
	assert_equal "$stderr" "fsxctl: shell: b: one script at most
Try 'fsxctl shell --help'."
}

@test "shell: --json applies to every line of the session (exit 0)" {
	run -0 --separate-stderr "$BUILD/fsxctl" --json shell <<< 'version'
	assert_equal "$output" '{"version":"0.1.0"}'
	run -0 --separate-stderr "$BUILD/fsxctl" shell <<< '--json version'
	assert_equal "$output" '{"version":"0.1.0"}'
	run -0 --separate-stderr "$BUILD/fsxctl" shell <<< 'fsxctl version'
	assert_equal "$output" 'fsxctl 0.1.0'
}

@test "shell: cd changes the directory of the following lines (exit 1)" {
	mkdir -p d/e
	run -1 --separate-stderr "$BUILD/fsxctl" shell <<-'EOF'
		cd d
		cd e
		cd /nonexistent
	EOF
	assert_equal "$stderr" "fsxctl: shell: /nonexistent: cannot change directory (No such file or directory)
fsxctl: shell: 1 of 3 commands failed"
}

@test "shell: cannot be nested (exit 2)" {
	run -2 --separate-stderr "$BUILD/fsxctl" shell <<< 'shell'
	assert_equal "$stderr" "fsxctl: shell: stdin:1: shell: cannot be run inside the shell
fsxctl: shell: 1 of 1 commands failed"
}

@test "shell: a batch session never loads readline (exit 0)" {
	run -0 --separate-stderr env LD_DEBUG=libs "$BUILD/fsxctl" shell <<< 'version'
	refute_output --partial libreadline
	refute_regex "$stderr" "libreadline"
}

@test "shell: runs on the emulated mount like the commands do (exit 0)" {
	emu_init
	mkdir "$MNT/d"
	run -0 --separate-stderr fsxctl getstripe -c "$MNT"
	want=$output
	cd "$MNT/d"
	run -0 --separate-stderr fsxctl shell <<-'EOF'
		cd ..
		getstripe -c .
	EOF
	assert_equal "$output" "$want"
}
