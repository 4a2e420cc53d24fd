#!/usr/bin/env bats
# hsm-state, hsm-action, hsm-set/clear and the request verbs one file at a
# time: lfs's formats, errors, and nothing changed after a refusal.
load helpers

setup() {
	emu_init
	emu sh -c "echo data > '$MNT/f'"
	# the emulator gains HSM in stages: skip, naming what is missing
	run fsxctl hsm-state "$MNT/f"
	if [ "$status" -ne 0 ]; then
		skip "emulator lacks HSM ioctls ($output)"
	fi
}

import() {
	"$BUILD/fsxemu" import "$MNT" "$@" >/dev/null || skip "emulator lacks fsxemu import"
}

@test "hsm-state: prints lfs's line for a file never archived (exit 0)" {
	run -0 --separate-stderr fsxctl hsm-state "$MNT/f"
	assert_equal "$output" "$MNT/f: (0x00000000)"
	assert_equal "$stderr" ""
}

@test "hsm-state: released files list released before exists, with the archive id (exit 0)" {
	import --count 2 --size 4K --dir data
	cd "$MNT"
	run -0 fsxctl hsm_state data/file000000 data/file000001
	assert_output "data/file000000: (0x0000000d) released exists archived, archive_id:1
data/file000001: (0x0000000d) released exists archived, archive_id:1"
}

@test "hsm-state: a path not on Lustre and a missing path are reported, the rest printed (exit 1)" {
	run -1 --separate-stderr fsxctl hsm-state /etc/hostname "$MNT/nope" "$MNT/f"
	assert_equal "$output" "$MNT/f: (0x00000000)"
	assert_equal "$stderr" "fsxctl: hsm-state: /etc/hostname: not on a Lustre filesystem
fsxctl: hsm-state: $MNT/nope: cannot open (No such file or directory)"
}

@test "hsm-state: --json gives the bits, their names and the class (exit 0)" {
	import --count 1 --size 1K --dir data
	run -0 fsxctl --json hsm-state "$MNT/data/file000000"
	run -0 jq -c '.version, .files[0].states, .files[0].flags, .files[0].archive_id, .files[0].class' <<<"$output"
	assert_output '1
13
["released","exists","archived"]
1
"released"'
}

@test "hsm-action: NOOP, then RESTORE waiting after a request (exit 0)" {
	import --count 1 --size 4K --dir data
	cd "$MNT"
	run -0 fsxctl hsm-action data/file000000
	assert_output "data/file000000: NOOP"
	run -0 fsxctl hsm-restore data/file000000
	assert_output ""
	run -0 fsxctl hsm_action data/file000000
	assert_output "data/file000000: RESTORE waiting (from 0 to EOF)"
}

@test "hsm-set: sets and clears flags silently, as lfs (exit 0)" {
	run -0 fsxctl hsm-set --norelease --noarchive "$MNT/f"
	assert_output ""
	run -0 fsxctl hsm-state "$MNT/f"
	assert_output "$MNT/f: (0x00000030) never_release never_archive"
	run -0 fsxctl hsm_clear -a "$MNT/f"
	run -0 fsxctl hsm-state "$MNT/f"
	assert_output "$MNT/f: (0x00000010) never_release"
}

@test "hsm-set: no flag is a usage error and nothing changes (exit 2)" {
	run -2 --separate-stderr fsxctl hsm-set "$MNT/f"
	assert_equal "$stderr" "fsxctl: hsm-set: no flag given (-e, -A, -d, -l, -r, -a or -i)
Try 'fsxctl hsm-set --help'."
	run -0 fsxctl hsm-state "$MNT/f"
	assert_output "$MNT/f: (0x00000000)"
}

@test "hsm-restore: one resident file named alone is silent, as lfs (exit 0)" {
	run -0 --separate-stderr fsxctl hsm-restore "$MNT/f"
	assert_equal "$output" ""
	assert_equal "$stderr" ""
}

@test "hsm-release: a file never archived is refused by the kernel and stays (exit 1)" {
	run -1 --separate-stderr fsxctl hsm-release "$MNT/f"
	assert_equal "$stderr" "fsxctl: hsm-release: $MNT/f: HSM request refused (Operation not permitted)
hsm-release: 1 files: 0 requested, 0 already released, 1 failed (${stderr##*failed (}"
	run -0 fsxctl hsm-state "$MNT/f"
	assert_output "$MNT/f: (0x00000000)"
}

@test "hsm-archive: archive, copytool, release, restore round trip (exit 0)" {
	run -0 fsxctl hsm-archive -a 2 "$MNT/f"
	"$BUILD/fsxemu" copytool "$MNT" --once
	run -0 fsxctl hsm-state "$MNT/f"
	assert_output "$MNT/f: (0x00000009) exists archived, archive_id:2"
	run -0 fsxctl hsm-release "$MNT/f"
	run -0 fsxctl hsm-state "$MNT/f"
	assert_output "$MNT/f: (0x0000000d) released exists archived, archive_id:2"
	run -0 fsxctl hsm-restore "$MNT/f"
	"$BUILD/fsxemu" copytool "$MNT" --once
	run -0 emu cat "$MNT/f"
	assert_output "data"
}

@test "hsm-archive: needs root, as Lustre's coordinator masks (exit 1)" {
	command -v setpriv >/dev/null || skip "no setpriv"
	chmod a+rx "$BATS_RUN_TMPDIR" "$BATS_RUN_TMPDIR/test" "$BATS_TEST_TMPDIR" "$MNT"
	chmod a+r "$MNT/f"
	run -1 --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" hsm-archive "$MNT/f"
	assert_equal "${stderr_lines[0]}" "fsxctl: hsm-archive: $MNT/f: HSM request refused (Operation not permitted)"
	run -0 fsxctl hsm-action "$MNT/f"
	assert_output "$MNT/f: NOOP"
}

@test "hsm-restore: a directory without -r is refused, named (exit 1)" {
	mkdir "$MNT/d"
	run -1 --separate-stderr fsxctl hsm-restore "$MNT/d"
	assert_equal "${stderr_lines[0]}" "fsxctl: hsm-restore: $MNT/d: is a directory (use -r to walk it)"
}

@test "hsm-restore: bad --timeout, --threads and --shard are usage errors (exit 2)" {
	run -2 --separate-stderr fsxctl hsm-restore --wait --timeout soon "$MNT/f"
	assert_equal "$stderr" "fsxctl: hsm-restore: --timeout soon: not a duration (e.g. 90, 30s, 5m, 2h)
Try 'fsxctl hsm-restore --help'."
	run -2 --separate-stderr fsxctl hsm-restore --timeout 5 "$MNT/f"
	assert_equal "${stderr_lines[0]}" "fsxctl: hsm-restore: --timeout: needs --wait"
	run -2 --separate-stderr fsxctl hsm-restore --threads 0 "$MNT/f"
	assert_equal "${stderr_lines[0]}" "fsxctl: hsm-restore: --threads 0: must be 1 to 64"
}

@test "hsm-restore: no path and no pipe is a usage error (exit 2)" {
	run -2 --separate-stderr fsxctl hsm-restore </dev/null
	assert_equal "$stderr" "fsxctl: hsm-restore: no path given (paths, --filelist FILE, or a pipe on stdin)
Try 'fsxctl hsm-restore --help'."
}
