#!/usr/bin/env bats
# DESIGN.md §2: filesystem commands never load the control plane's
# libraries; a control-plane command loads libcurl, libcrypto and cJSON
# only when it runs.
load helpers
load ../mock-fsx/mockfsx

setup_file() { mock_start --time-scale 1000; }
teardown_file() { mock_stop; }

@test "cli-startup: fsxctl links libc only (exit 0)" {
	# a sanitized build (B=build-san) also needs the sanitizer runtimes
	run -0 bash -c "readelf -d '$BUILD/fsxctl' | grep NEEDED | grep -vE 'lib(a|ub)san'"
	assert_output --regexp '^ 0x[0-9a-f]+ \(NEEDED\) +Shared library: \[libc\.so\.6\]$'
}

@test "cli-startup: --version and getstripe load no libcurl, libcrypto, cJSON or readline (exit 0)" {
	run -0 --separate-stderr env LD_DEBUG=libs "$BUILD/fsxctl" --version
	refute_regex "$stderr" "calling init: .*(libcurl|libcrypto|libcjson|readline)"
	emu_init
	"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" setstripe -c 1 "$MNT/f"
	run -0 --separate-stderr env LD_DEBUG=libs "$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" getstripe -c "$MNT/f"
	assert_output 1
	refute_regex "$stderr" "calling init: .*(libcurl|libcrypto|libcjson|readline)"
}

@test "cli-startup: a control-plane command loads libcurl, libcrypto and cJSON (exit 0)" {
	run -0 --separate-stderr env LD_DEBUG=libs "$BUILD/fsxctl" fs list --output text
	assert_regex "$stderr" "calling init: .*libcurl\.so\.4"
	assert_regex "$stderr" "calling init: .*libcrypto\.so\.3"
	assert_regex "$stderr" "calling init: .*libcjson\.so\.1"
}

@test "cli-startup: a usage error loads nothing either (exit 2)" {
	run -2 --separate-stderr env LD_DEBUG=libs "$BUILD/fsxctl" fs list --output yaml
	refute_regex "$stderr" "calling init: .*(libcurl|libcrypto|libcjson)"
}
