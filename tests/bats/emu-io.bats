#!/usr/bin/env bats
# copy_file_range, sendfile, splice and truncate(path) obey write()'s rules.
load helpers
load ../emu/emu_helpers

setup() {
	emu_init --osts 4
	MPY="$TOP/tests/emu/migrate.py"
	head -c 300000 /dev/urandom > "$BATS_TEST_TMPDIR/src"
}

# xfer HOW DST [OPENFLAGS]: copy $BATS_TEST_TMPDIR/src into DST with one
# of the fd-to-fd calls, through the emulator; prints "errno N" on failure
xfer() {
	emu python3 - "$1" "$2" "${3:-O_WRONLY|O_CREAT}" "$BATS_TEST_TMPDIR/src" <<'PY'
import os, sys
how, dst, flags, src = sys.argv[1:]
fl = 0
for f in flags.split("|"):
    fl |= getattr(os, f)
i, o = os.open(src, os.O_RDONLY), os.open(dst, fl, 0o644)
size = os.fstat(i).st_size
try:
    if how == "cfr":
        done = 0
        while done < size:
            done += os.copy_file_range(i, o, size - done)
    elif how == "sendfile":
        done = 0
        while done < size:
            done += os.sendfile(o, i, None, size - done)
    elif how == "splice":
        r, w = os.pipe()
        done = 0
        while done < size:
            n = os.splice(i, w, min(65536, size - done))
            while n:
                n -= os.splice(r, o, n)
            done = os.lseek(i, 0, os.SEEK_CUR)
except OSError as e:
    print("errno", e.errno)
    sys.exit(1)
PY
}

@test "emu: copy_file_range, sendfile and splice onto a full OST fail with ENOSPC" {
	for how in cfr sendfile splice; do
		emu python3 "$LUSTRE_PY" setstripe "$MNT/$how" "$(python3 "$LUSTRE_PY" pack v1 1048576 1 2)"
		FSXEMU_FAULT='write:ENOSPC:ost=2' run -1 xfer "$how" "$MNT/$how"
		assert_output "errno 28"
		run -0 stat -c %s "$MNT/$how"
		assert_output 0
		# another OST takes the data
		emu python3 "$LUSTRE_PY" setstripe "$MNT/$how.ok" "$(python3 "$LUSTRE_PY" pack v1 1048576 1 3)"
		FSXEMU_FAULT='write:ENOSPC:ost=2' run -0 xfer "$how" "$MNT/$how.ok"
		cmp "$MNT/$how.ok" "$BATS_TEST_TMPDIR/src"
	done
	FSXEMU_FAULT='write:EIO:volatile|after=0' run -1 xfer cfr "$MNT/g"
	assert_output "errno 5"
}

@test "emu: fd-to-fd copies change the data version and dirty archived files" {
	for how in cfr sendfile splice; do
		emu sh -c "echo old > $MNT/$how"
		lpy hsm_request "$MNT" archive 1 "$MNT/$how"
		fsxemu copytool "$MNT" --once
		run -0 emu python3 "$MPY" dv "$MNT/$how"
		v1=$output
		# O_NONBLOCK: the open does not mark it dirty, the copy does
		run -0 xfer "$how" "$MNT/$how" "O_WRONLY|O_NONBLOCK"
		run -0 emu python3 "$MPY" dv "$MNT/$how"
		refute_output "$v1"
		run -0 lpy hsm_state "$MNT/$how"
		assert_output "0xb 1 0 0 0"
	done
}

@test "emu: copy_file_range into a file waits for another gid's group lock" {
	emu sh -c "echo data > $MNT/f"
	log="$BATS_TEST_TMPDIR/log"
	: > "$log"
	# opened before the lock (an open for write would wait itself)
	emu python3 -c "
import os, time
o = os.open('$MNT/f', os.O_WRONLY)
open('$log', 'a').write('opened\n')
while 'locked' not in open('$log').read():
    time.sleep(0.05)
i = os.open('$BATS_TEST_TMPDIR/src', os.O_RDONLY)
os.copy_file_range(i, o, 10, 0, 5)
open('$log', 'a').write('copied\n')" &
	while ! grep -q opened "$log"; do sleep 0.05; done
	emu python3 -c "
import fcntl, os, time
fd = os.open('$MNT/f', os.O_RDONLY)
fcntl.ioctl(fd, 0x4008669E, 7)
open('$log', 'a').write('locked\n')
time.sleep(1)
open('$log', 'a').write('unlocking\n')
fcntl.ioctl(fd, 0x4008669F, 7)"
	wait
	run -0 cat "$log"
	assert_output $'opened\nlocked\nunlocking\ncopied'
	run -0 stat -c %s "$MNT/f"
	assert_output 15
}

@test "emu: truncate(path) restores, dirties, instantiates and changes the data version" {
	fsxemu import "$MNT" --count 2 --size 10K >/dev/null
	run -0 emu python3 -c "import os; os.truncate('$MNT/import/file000000', 5000)"
	run -0 lpy hsm_state "$MNT/import/file000000"
	assert_output "0xb 1 0 0 0"
	run -0 cmp -n 5000 "$MNT/import/file000000" "$MNT.s3/import/file000000"
	# coreutils opens O_NONBLOCK (no restore) then ftruncates: restored then
	run -0 emu truncate -s 6000 "$MNT/import/file000001"
	run -0 lpy hsm_state "$MNT/import/file000001"
	assert_output "0xb 1 0 0 0"
	run -0 cmp -n 6000 "$MNT/import/file000001" "$MNT.s3/import/file000001"
	emu sh -c "echo hi > $MNT/f"
	run -0 emu python3 "$MPY" dv "$MNT/f"
	v1=$output
	run -0 emu python3 -c "import os; os.truncate('$MNT/f', 200 << 20)"
	run -0 emu python3 "$MPY" dv "$MNT/f"
	refute_output "$v1"
	# the second component (from 100 MiB) got objects, stored at once
	run -0 python3 "$LUSTRE_PY" decode "$(stored_lov "$MNT/f")"
	assert_line --index 3 --partial "id=2 flags=0x10 "
	run -1 emu truncate -s 0 "$MNT/nonexistent/f"
}

@test "emu: a write through an O_NONBLOCK fd restores a released file first" {
	fsxemu import "$MNT" --count 1 --size 10K >/dev/null
	f="$MNT/import/file000000"
	emu python3 -c "
import os
fd = os.open('$f', os.O_WRONLY | os.O_NONBLOCK)
os.pwrite(fd, b'XY', 100)"
	run -0 lpy hsm_state "$f"
	assert_output "0xb 1 0 0 0"
	head -c 100 "$MNT.s3/import/file000000" > "$BATS_TEST_TMPDIR/want"
	printf XY >> "$BATS_TEST_TMPDIR/want"
	tail -c +103 "$MNT.s3/import/file000000" >> "$BATS_TEST_TMPDIR/want"
	cmp "$f" "$BATS_TEST_TMPDIR/want"
}
