#!/usr/bin/env bats
# fsxctl migrate: new layouts for files with data, nothing ever lost.
load helpers

setup() {
	emu_init --osts 4 --fsname testfs --pool fast=0-1
}

# mkfile NAME MIB [setstripe options]: random data, one stripe unless told
mkfile() {
	local f=$1 mib=$2
	shift 2
	fsxctl setstripe "${@:--c1}" "$MNT/$f" >/dev/null
	emu dd if=/dev/urandom of="$MNT/$f" bs=1M count="$mib" conv=notrunc status=none
}

sum() {
	emu md5sum "$MNT/$1" | cut -d' ' -f1
}

# settled_sum NAME WANT: the checksum after a kill. The emulator may roll a
# half-done swap back only a moment after the kill, not at the very next
# read (its documentation says the next use): a wrong first read is retried
# once 3 s later; a wrong second read is a loss.
settled_sum() {
	local got
	got=$(sum "$1")
	if [ "$got" != "$2" ]; then
		sleep 3
		got=$(sum "$1")
	fi
	echo "$got"
}

@test "migrate: a file gets the new layout, keeps data, times, mode and owner (exit 0)" {
	mkfile f 8
	emu chmod 640 "$MNT/f"
	emu chown 1000:1000 "$MNT/f"
	emu touch -d '2020-01-02 03:04:05' "$MNT/f"
	before=$(sum f)
	run -0 --separate-stderr fsxctl migrate -c 4 -S 1M "$MNT/f"
	assert_output ""
	assert_equal "$stderr" ""
	run -0 fsxctl getstripe -c "$MNT/f"
	assert_equal "${lines[0]}" "4"
	assert_equal "$(sum f)" "$before"
	run -0 emu stat -c '%a %u %g %Y %s' "$MNT/f"
	assert_output "640 1000 1000 $(date -d '2020-01-02 03:04:05' +%s) 8388608"
}

@test "migrate: without layout options re-stripes onto fresh objects (exit 0)" {
	mkfile f 2 -c 2
	before=$(sum f)
	run -0 fsxctl migrate "$MNT/f"
	run -0 fsxctl getstripe -c "$MNT/f"
	assert_equal "${lines[0]}" "2"
	assert_equal "$(sum f)" "$before"
}

@test "migrate: -E builds a composite layout, -v prints each file (exit 0)" {
	mkfile f 3
	before=$(sum f)
	run -0 fsxctl migrate -v -E 1M -c 1 -E -1 -c 4 "$MNT/f"
	assert_output "$MNT/f"
	run -0 fsxctl getstripe --component-count "$MNT/f"
	assert_equal "${lines[0]}" "2"
	assert_equal "$(sum f)" "$before"
}

@test "migrate: -r migrates a tree and ends with a summary (exit 0)" {
	mkdir -p "$MNT/d/sub"
	mkfile d/a 1
	mkfile d/sub/b 1
	run -0 --separate-stderr fsxctl migrate -r -c 2 "$MNT/d"
	assert_equal "$stderr" "migrate: 2 migrated (2.0 MiB), 0 failed"
	run -0 fsxctl getstripe -c "$MNT/d/sub/b"
	assert_equal "${lines[0]}" "2"
}

@test "migrate: --json reports each file (exit 0)" {
	mkfile f 1
	run -0 fsxctl --json migrate -c 2 "$MNT/f"
	run -0 python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["version"] == 1 and d["migrated"] == 1 and d["failed"] == 0, d
assert d["files"][0]["status"] == "migrated" and d["files"][0]["size"] == 1048576
print("ok")' "$output"
	assert_output "ok"
}

@test "migrate: a directory without -r is refused before anything moves (exit 2)" {
	mkdir "$MNT/d"
	emu sh -c "echo x > '$MNT/d/a'"
	run -2 --separate-stderr fsxctl migrate -c 2 "$MNT/d/a" "$MNT/d"
	assert_equal "$stderr" "fsxctl: migrate: $MNT/d: is a directory (use -r to migrate the files below it)
Try 'fsxctl migrate --help'."
	run -0 fsxctl getstripe -c "$MNT/d/a"
	refute_output "2"
}

@test "migrate: an unknown pool is refused and the file is unchanged (exit 1)" {
	mkfile f 1
	before=$(sum f)
	run -1 --separate-stderr fsxctl migrate -p nopool "$MNT/f"
	assert_equal "$stderr" "fsxctl: migrate: -p: nopool: no such pool on this filesystem"
	assert_equal "$(sum f)" "$before"
	run -0 fsxctl getstripe -p "$MNT/f"
	assert_equal "${lines[0]}" ""
}

@test "migrate: a released file is refused with a hint to restore it (exit 1)" {
	"$BUILD/fsxemu" import "$MNT" --count 1 --size 1M --dir imp >/dev/null
	f=$MNT/imp/file000000
	run -0 fsxctl hsm-state "$f"
	assert_output --partial "released"
	run -1 --separate-stderr fsxctl migrate -c 2 "$f"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: migrate: $f: released file: its data is in the repository; restore it first (fsxctl hsm-restore) (No data available)"
	run -0 fsxctl hsm-state "$f"
	assert_output --partial "released"
	run -0 fsxctl getstripe -c "$f"
	refute_output "2"
}

@test "migrate: -n stops when another process has the file open for writing (exit 1)" {
	mkfile f 2
	before=$(sum f)
	"$BUILD/fsxemu" run "$MNT" -- sh -c "exec 3>>'$MNT/f'; sleep 3" &
	sleep 0.5
	run -1 --separate-stderr fsxctl migrate -n -c 4 "$MNT/f"
	wait
	assert_equal "${stderr%%$'\n'*}" "fsxctl: migrate: $MNT/f: cannot get a read lease: another process has the file open for writing; the file is unchanged (Device or resource busy)"
	assert_equal "$(sum f)" "$before"
	run -0 fsxctl getstripe -c "$MNT/f"
	assert_equal "${lines[0]}" "1"
}

@test "migrate: -n stops when a writer opens the file during the migration (exit 1)" {
	mkfile f 64
	before=$(emu sh -c "head -c $((64 << 20)) '$MNT/f' | md5sum")
	# the writer opens the file while the copy or the swap runs: the lease
	# breaks and the migration stops, or the writer came after the swap
	"$BUILD/fsxemu" run "$MNT" -- sh -c "sleep 0.02; for i in \$(seq 1 32); do printf 'block %04d\n' \$i >> '$MNT/f'; done" &
	run --separate-stderr fsxctl migrate -n -c 4 "$MNT/f"
	wait
	if [ "$status" -eq 1 ]; then
		assert_regex "${stderr%%$'\n'*}" "^fsxctl: migrate: $MNT/f: (another process opened the file for writing( during the copy)?|the file changed while it was copied); the file is unchanged"
	else
		assert_equal "$status" 0
	fi
	run -0 emu sh -c "tail -c $((32 * 11)) '$MNT/f' | grep -c '^block '"
	assert_output "32"
	assert_equal "$(emu sh -c "head -c $((64 << 20)) '$MNT/f' | md5sum")" "$before"
}

@test "migrate: a concurrent writer waits for the migration and loses nothing (exit 0)" {
	mkfile f 64
	before=$(sum f)
	# the writer starts while the migration holds the group lock: its
	# opens and writes wait for the swap, then land in the new layout
	"$BUILD/fsxemu" run "$MNT" -- sh -c "sleep 0.02; for i in \$(seq 1 64); do printf 'block %04d\n' \$i >> '$MNT/f'; done" &
	run -0 --separate-stderr fsxctl migrate -c 4 "$MNT/f"
	wait
	assert_equal "$stderr" ""
	run -0 emu sh -c "tail -c $((64 * 11)) '$MNT/f' | grep -c '^block '"
	assert_output "64"
	assert_equal "$(emu sh -c "head -c $((64 << 20)) '$MNT/f' | md5sum | cut -d' ' -f1")" "$before"
	run -0 fsxctl getstripe -c "$MNT/f"
	assert_equal "${lines[0]}" "4"
}

@test "migrate: a full OST fails with ENOSPC and the original stays intact (exit 1)" {
	mkfile f 6 -c 1 -i 0
	emu touch -d '2020-01-02 03:04:05' "$MNT/f"
	before=$(sum f)
	# OST 2 is full: every write to an object on it fails with ENOSPC
	run -1 --separate-stderr env FSXEMU_FAULT='write:ENOSPC:ost=2' \
		"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" migrate -c 1 -i 2 "$MNT/f"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: migrate: $MNT/f: no space left on the new layout's OSTs; the file is unchanged (No space left on device)"
	assert_equal "$(sum f)" "$before"
	run -0 fsxctl getstripe -i "$MNT/f"
	assert_equal "${lines[0]}" "0"
	run -0 emu stat -c '%Y %s' "$MNT/f"
	assert_output "$(date -d '2020-01-02 03:04:05' +%s) 6291456"
	# a layout that avoids the full OST still works
	run -0 env FSXEMU_FAULT='write:ENOSPC:ost=2' \
		"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" migrate -c 1 -i 3 "$MNT/f"
	assert_equal "$(sum f)" "$before"
}

@test "migrate: a failing copy names the cause and leaves every file intact (exit 1)" {
	mkfile a 2
	mkfile b 2
	sa=$(sum a) sb=$(sum b)
	run -1 --separate-stderr env FSXEMU_FAULT='write:EIO:volatile' \
		"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" migrate -c 2 "$MNT/a" "$MNT/b"
	assert_equal "${stderr_lines[0]}" "fsxctl: migrate: $MNT/a: data copy failed; the file is unchanged (Input/output error)"
	assert_equal "${stderr_lines[1]}" "fsxctl: migrate: $MNT/b: data copy failed; the file is unchanged (Input/output error)"
	assert_equal "${stderr_lines[2]}" "migrate: 0 migrated (0.0 MiB), 2 failed"
	assert_equal "$(sum a)" "$sa"
	assert_equal "$(sum b)" "$sb"
}

@test "migrate: kill -9 during the copy leaves the file intact (exit 0)" {
	mkfile f 64
	before=$(sum f)
	"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" migrate -c 4 "$MNT/f" &
	sleep 0.05
	kill -9 $! 2>/dev/null || true
	wait || true
	assert_equal "$(settled_sum f "$before")" "$before"
	run -0 fsxctl getstripe -c "$MNT/f"
	[[ "${lines[0]}" == 1 || "${lines[0]}" == 4 ]]
}

@test "migrate: kill -9 at random points never loses data (exit 0)" {
	mkfile f 16
	before=$(sum f)
	for i in 1 2 3 4 5 6 7 8; do
		"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" migrate -c $((i % 4 + 1)) "$MNT/f" &
		sleep "0.0$((RANDOM % 60))"
		kill -9 $! 2>/dev/null || true
		wait || true
		assert_equal "$(settled_sum f "$before")" "$before"
	done
	# no volatile file or copy is left behind in the directory
	run -0 ls -A "$MNT"
	assert_output "f"
}

@test "migrate: killed in the middle of the layout swap, the file comes back intact (exit 137)" {
	mkfile f 8
	emu touch -d '2020-01-02 03:04:05' "$MNT/f"
	before=$(sum f)
	run -137 env FSXEMU_FAULT='swap:KILL' \
		"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" migrate -c 4 "$MNT/f"
	# the next use of the mount puts the half-swapped file back
	assert_equal "$(sum f)" "$before"
	run -0 fsxctl getstripe -c "$MNT/f"
	assert_equal "${lines[0]}" "1"
	run -0 emu stat -c '%Y %s' "$MNT/f"
	assert_output "$(date -d '2020-01-02 03:04:05' +%s) 8388608"
	run -0 --separate-stderr fsxctl migrate -c 4 "$MNT/f"
	assert_equal "$(sum f)" "$before"
}

@test "migrate: no file is a usage error (exit 2)" {
	run -2 --separate-stderr fsxctl migrate -c 2
	assert_equal "$stderr" "fsxctl: migrate: no file given
Try 'fsxctl migrate --help'."
}

@test "migrate: a file not on Lustre is an error (exit 1)" {
	echo x > "$BATS_TEST_TMPDIR/plain"
	run -1 --separate-stderr fsxctl migrate "$BATS_TEST_TMPDIR/plain"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: migrate: $BATS_TEST_TMPDIR/plain: not on a Lustre filesystem (Inappropriate ioctl for device)"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/plain")" "x"
}
