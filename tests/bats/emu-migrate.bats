#!/usr/bin/env bats
# Migrate support: volatile files, data version, group locks, leases, swap.
load helpers
load ../emu/emu_helpers

setup() {
	emu_init --osts 4
	MPY="$TOP/tests/emu/migrate.py"
}

mig() {
	emu python3 "$MPY" "$@"
}

# a 3 MB file of random bytes at $MNT/f, a copy outside at $BATS_TEST_TMPDIR/orig
random_file() {
	head -c 3000000 /dev/urandom > "$BATS_TEST_TMPDIR/orig"
	emu cp "$BATS_TEST_TMPDIR/orig" "$MNT/f"
}

plain() { # COUNT OFFSET
	python3 "$LUSTRE_PY" pack v1 1048576 "$1" "$2"
}

# the OSTs of the last component's objects, e.g. "1,2"
osts() {
	python3 "$LUSTRE_PY" decode "$(lpy getfilestripe "$1")" | sed -n 's/.* objs=//p' |
		tail -1 | sed 's|:[0-9]*/[0-9]*||g'
}

@test "emu: volatile files are anonymous, unlinkable by name never, layout-less until set" {
	run -0 emu python3 - "$MNT" <<-'EOF'
	import os, sys, fcntl
	d = sys.argv[1]
	name = d + "/.\x0c\x13\x14\x12:VOLATILE:0000:1234ABCD:fd=03"
	fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOCTTY | 0o20000, 0o600)
	try:
	    os.getxattr(fd, "lustre.lov")
	except OSError as e:
	    print("layout errno", e.errno)
	try:
	    os.unlink(name)
	except OSError as e:
	    print("unlink errno", e.errno)
	print(sorted(os.listdir(d)))
	os.setxattr(fd, "lustre.lov", bytes.fromhex("d00bd10b01000000" + "00" * 16 + "0000100001000200"))
	print(len(os.getxattr(fd, "lustre.lov")))
	EOF
	assert_line --index 0 "layout errno 61"
	assert_line --index 1 "unlink errno 2"
	assert_line --index 2 "[]"
	assert_line --index 3 "56"
}

@test "emu: LL_IOC_DATA_VERSION changes with every write, also behind our back" {
	emu touch "$MNT/f"
	emu sh -c "echo one > $MNT/f"
	run -0 mig dv "$MNT/f"
	v1=$output
	run -0 mig dv "$MNT/f" 3
	assert_output "$v1"
	# two writes in a row, each followed by a query: every one is seen
	run -0 emu python3 -c "
import os, sys
sys.path.insert(0, '$TOP/tests/emu'); import migrate as m
fd = os.open('$MNT/f', os.O_RDWR)
seen = {m.data_version(fd)[0]}
for i in range(20):
    os.pwrite(fd, b'x', 0)
    seen.add(m.data_version(fd)[0])
print(len(seen))"
	assert_output 21
	run -0 mig dv "$MNT/f"
	v2=$output
	printf 'y' | dd of="$MNT/f" bs=1 seek=1 conv=notrunc status=none # no emulator
	run -0 mig dv "$MNT/f"
	refute_output "$v2"
	# no layout: version 0, layout version -1
	emu python3 -c "import os; os.close(os.open('$MNT/g', os.O_WRONLY | os.O_CREAT | os.O_NOCTTY | 0o20000))"
	run -0 mig dv "$MNT/g"
	assert_output "0 4294967295"
}

@test "emu: group locks: gid 0 and double locks EINVAL, O_NONBLOCK EAGAIN, same gid shares" {
	emu sh -c "echo data > $MNT/f"
	run -1 --separate-stderr mig glock "$MNT/f" 0
	assert_equal "$stderr" "errno 22"
	run -0 emu python3 -c "
import os, fcntl
fd = os.open('$MNT/f', os.O_RDONLY)
fcntl.ioctl(fd, 0x4008669E, 5)
for call, arg in ((0x4008669E, 5), (0x4008669F, 6)):
    try:
        fcntl.ioctl(fd, call, arg)
    except OSError as e:
        print(e.errno)
fcntl.ioctl(fd, 0x4008669F, 5)
try:
    fcntl.ioctl(fd, 0x4008669F, 5)
except OSError as e:
    print(e.errno)"
	assert_output $'22\n22\n22'
	mig glock "$MNT/f" 7 3 > "$BATS_TEST_TMPDIR/holder" &
	while ! grep -q locked "$BATS_TEST_TMPDIR/holder"; do sleep 0.1; done
	run -1 --separate-stderr mig glock "$MNT/f" 8 0 nb
	assert_equal "$stderr" "errno 11"
	run -0 mig glock "$MNT/f" 7 0 nb
	# others' writes, reads and opens for write wait for the unlock
	start=$(date +%s%N)
	emu sh -c "echo more >> $MNT/f"
	waited=$(( ($(date +%s%N) - start) / 1000000 ))
	wait
	(( waited > 1000 ))
	run -0 cat "$MNT/f"
	assert_output $'data\nmore'
}

@test "emu: leases: mode checks, EBUSY with another writer, broken by an open for write" {
	emu sh -c "echo data > $MNT/f"
	run -0 mig lease "$MNT/f" r 0
	assert_output $'leased\n1 1'
	run -0 mig lease "$MNT/f" w 0
	assert_output $'leased\n2 2'
	run -1 --separate-stderr mig leaseold "$MNT/f" 4
	assert_equal "$stderr" "errno 37"
	run -1 --separate-stderr mig leaseold "$MNT/f" 3
	assert_equal "$stderr" "errno 22"
	run -0 mig leaseold "$MNT/f" 1
	run -0 emu python3 -c "
import os, struct, fcntl
def lease(fd, mode):
    try:
        return fcntl.ioctl(fd, 0xC00C66F3, bytearray(struct.pack('<III', mode, 0, 0)), True)
    except OSError as e:
        return 'errno %d' % e.errno
w = os.open('$MNT/f', os.O_WRONLY)
r = os.open('$MNT/f', os.O_RDONLY)
print(lease(w, 1), lease(r, 2), lease(r, 1))
os.close(w)
print(lease(r, 1), lease(r, 1), fcntl.ioctl(r, 0x66F4))"
	assert_output $'errno 1 errno 1 errno 16\n0 errno 16 1'
	# another process opening for write breaks it: GET_LEASE 0, UNLCK 0
	mig lease "$MNT/f" r 2 > "$BATS_TEST_TMPDIR/holder" &
	while ! grep -q leased "$BATS_TEST_TMPDIR/holder"; do sleep 0.1; done
	emu sh -c ": >> $MNT/f"
	wait
	run cat "$BATS_TEST_TMPDIR/holder"
	assert_output $'leased\n0 0'
	# a writer elsewhere: no lease
	emu python3 -c "import os, time; fd = os.open('$MNT/f', os.O_WRONLY); print('open', flush=True); time.sleep(2)" > "$BATS_TEST_TMPDIR/writer" &
	while ! grep -q open "$BATS_TEST_TMPDIR/writer"; do sleep 0.1; done
	run -1 --separate-stderr mig lease "$MNT/f" r 0
	assert_equal "$stderr" "errno 16"
	wait
}

@test "emu: SWAP_LAYOUTS exchanges data, layouts and times; FIDs, names, owners stay" {
	emu sh -c "echo alpha > $MNT/a; echo beta-beta > $MNT/b"
	lpy setstripe "$MNT/c" "$(plain 2 2)" > /dev/null
	emu sh -c "echo gamma >> $MNT/c"
	chown 1234 "$MNT/c"
	touch -d @1000000000 "$MNT/c"
	fa=$(lpy path2fid "$MNT/a")
	fc=$(lpy path2fid "$MNT/c")
	run -0 mig swap "$MNT/a" "$MNT/c"
	run -0 cat "$MNT/a" "$MNT/c"
	assert_output $'gamma\nalpha'
	assert_equal "$(lpy path2fid "$MNT/a")/$(lpy path2fid "$MNT/c")" "$fa/$fc"
	assert_equal "$(stat -c %u "$MNT/a")" "0"
	assert_equal "$(stat -c %u "$MNT/c")/$(stat -c %Y "$MNT/a")" "1234/1000000000"
	assert_equal "$(osts "$MNT/a")" "2,3"
	run -0 python3 "$LUSTRE_PY" decode "$(lpy getfilestripe "$MNT/a")"
	assert_output --partial "oi=${fa:1:11}:0x"
	# swapping a file with itself does nothing
	run -0 mig swap "$MNT/b" "$MNT/b"
	run -0 cat "$MNT/b"
	assert_output beta-beta
}

@test "emu: SWAP_LAYOUTS errno rules of §6.15" {
	emu sh -c "echo a > $MNT/a; echo b > $MNT/b"
	mkdir "$MNT/d"
	run -0 emu python3 - "$MNT" "$TOP" "$BATS_TEST_TMPDIR/x" <<-'EOF'
	import os, sys, struct, fcntl
	sys.path.insert(0, sys.argv[2] + "/tests/emu")
	import migrate as m
	d = sys.argv[1]
	def swap(fd1, fd2, flags=0, dv1=0):
	    try:
	        m.swap(fd1, fd2, flags, dv1)
	        return 0
	    except OSError as e:
	        return e.errno
	a, b = os.open(d + "/a", os.O_RDWR), os.open(d + "/b", os.O_RDWR)
	ar = os.open(d + "/a", os.O_RDONLY)
	dd = os.open(d + "/d", os.O_RDONLY)
	out = os.open(sys.argv[3], os.O_RDWR | os.O_CREAT)
	print(swap(ar, b), swap(a, ar), swap(a, 999), swap(dd, b), swap(a, out))
	dv = m.data_version(b)[0]
	print(swap(a, b, 1, dv + 1), swap(a, b, 2, 0), swap(a, b, 0x10))
	m.set_lease(a, 1)
	print(swap(a, a, 0x10))
	m.set_lease(a, 1)
	w = os.open(d + "/a", os.O_WRONLY)
	print(swap(a, b, 0x10), swap(a, b, 0x10))
	EOF
	assert_line --index 0 "1 1 9 1 18"
	assert_line --index 1 "11 11 37"
	assert_line --index 2 "22"
	assert_line --index 3 "16 37"
	run -0 cat "$MNT/a" "$MNT/b"
	assert_output $'a\nb'
}

@test "emu: migrate, blocking and non-blocking, re-stripes a file and keeps its data" {
	random_file
	run -0 mig migrate "$MNT/f" "$(plain 2 1)" block
	assert_equal "$(osts "$MNT/f")" "1,2"
	cmp "$MNT/f" "$BATS_TEST_TMPDIR/orig"
	run -0 mig migrate "$MNT/f" "$(python3 "$LUSTRE_PY" pack comp 0-1048576:1 1048576-eof:2)" nonblock
	run -0 python3 "$LUSTRE_PY" decode "$(lpy getfilestripe "$MNT/f")"
	assert_line --index 0 --regexp "^comp size=[0-9]+ gen=[0-9]+ flags=0 entries=2"
	assert_line --index 3 --regexp "^ id=2 flags=0x10 "
	cmp "$MNT/f" "$BATS_TEST_TMPDIR/orig"
	# a writer during a blocking migration waits, then lands in the new layout
	mig migrate "$MNT/f" "$(plain 1 3)" block 1.5 &
	sleep 0.5
	emu sh -c "echo tail >> $MNT/f"
	wait
	assert_equal "$(osts "$MNT/f")" "3"
	run -0 tail -c 5 "$MNT/f"
	assert_output tail
	# a writer during a non-blocking one breaks the lease: EBUSY, nothing changed
	cp "$MNT/f" "$BATS_TEST_TMPDIR/orig"
	(mig migrate "$MNT/f" "$(plain 1 0)" nonblock 1.5 || echo "rc=$?") > "$BATS_TEST_TMPDIR/out" 2>&1 &
	sleep 0.5
	emu sh -c ": >> $MNT/f"
	wait
	run cat "$BATS_TEST_TMPDIR/out"
	assert_output $'errno 16\nrc=1'
	assert_equal "$(osts "$MNT/f")" "3"
	cmp "$MNT/f" "$BATS_TEST_TMPDIR/orig"
}

@test "emu: a migration onto a full OST fails with ENOSPC and leaves the original intact" {
	random_file
	before=$(stored_lov "$MNT/f")
	FSXEMU_FAULT='write:ENOSPC:ost=2' run -1 --separate-stderr mig migrate "$MNT/f" "$(plain 1 2)"
	assert_equal "$stderr" "errno 28"
	FSXEMU_FAULT='write:ENOSPC:volatile' run -1 --separate-stderr mig migrate "$MNT/f" "$(plain 1 1)" nonblock
	assert_equal "$stderr" "errno 28"
	cmp "$MNT/f" "$BATS_TEST_TMPDIR/orig"
	assert_equal "$(stored_lov "$MNT/f")" "$before"
	# the other OSTs still take data
	FSXEMU_FAULT='write:ENOSPC:ost=2' run -0 mig migrate "$MNT/f" "$(plain 1 3)"
	cmp "$MNT/f" "$BATS_TEST_TMPDIR/orig"
	FSXEMU_FAULT='write:EIO:after=2' run -1 emu sh -c "for i in 1 2 3; do echo \$i; done > $MNT/g"
	run -0 cat "$MNT/g"
	assert_output $'1\n2'
}

@test "emu: kill -9 in the middle of a layout swap: the file stays whole and unchanged" {
	random_file
	before=$(stored_lov "$MNT/f")
	fid=$(lpy path2fid "$MNT/f")
	FSXEMU_FAULT='swap:KILL' run -137 mig migrate "$MNT/f" "$(plain 2 2)"
	state=$(fsxemu info "$MNT" | sed -n 's/^state=//p')
	run -0 ls "$state/swap"
	assert_output --regexp '\.rnew$'
	# plain tools see the whole original, its layout unchanged
	cmp "$MNT/f" "$BATS_TEST_TMPDIR/orig"
	assert_equal "$(stored_lov "$MNT/f")" "$before"
	# the next use drops the uncommitted swap
	emu cat "$MNT/f" > /dev/null
	cmp "$MNT/f" "$BATS_TEST_TMPDIR/orig"
	assert_equal "$(stored_lov "$MNT/f")" "$before"
	assert_equal "$(lpy path2fid "$MNT/f")" "$fid"
	run -0 ls "$state/swap"
	assert_output ""
	run -0 mig migrate "$MNT/f" "$(plain 2 2)"
	cmp "$MNT/f" "$BATS_TEST_TMPDIR/orig"
	assert_equal "$(osts "$MNT/f")" "2,3"
}

@test "emu: kill -9 at random moments of swaps: every name holds a whole file" {
	head -c 40000000 /dev/urandom > "$BATS_TEST_TMPDIR/A"
	head -c 30000000 /dev/urandom > "$BATS_TEST_TMPDIR/B"
	emu cp "$BATS_TEST_TMPDIR/A" "$MNT/a"
	emu cp "$BATS_TEST_TMPDIR/B" "$MNT/b"
	fa=$(lpy path2fid "$MNT/a")
	fb=$(lpy path2fid "$MNT/b")
	whole() { cmp -s "$1" "$BATS_TEST_TMPDIR/A" || cmp -s "$1" "$BATS_TEST_TMPDIR/B"; }
	for i in 1 2 3 4 5 6 7 8; do
		if (( i % 2 )); then
			"$BUILD/fsxemu" run "$MNT" -- python3 "$MPY" swap "$MNT/a" "$MNT/b" &
		else
			"$BUILD/fsxemu" run "$MNT" -- python3 "$MPY" migrate "$MNT/a" "$(plain 1 $((i % 4)))" &
		fi
		pid=$!
		sleep "0.$(printf %03d $((60 + RANDOM % 140)))" # python starts in ~90 ms
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" || true
		# no emulator: the bytes on disk
		whole "$MNT/a"
		whole "$MNT/b"
		emu cat "$MNT/a" > /dev/null # the next use recovers
		whole "$MNT/a"
		whole "$MNT/b"
		run -1 cmp -s "$MNT/a" "$MNT/b"
		assert_equal "$(lpy path2fid "$MNT/a")/$(lpy path2fid "$MNT/b")" "$fa/$fb"
	done
	# killed just before the commit point: both names keep their file
	cp "$MNT/a" "$BATS_TEST_TMPDIR/a0"
	cp "$MNT/b" "$BATS_TEST_TMPDIR/b0"
	FSXEMU_FAULT='swap:KILL' run -137 mig swap "$MNT/a" "$MNT/b"
	cmp "$MNT/a" "$BATS_TEST_TMPDIR/a0"
	cmp "$MNT/b" "$BATS_TEST_TMPDIR/b0"
	emu cat "$MNT/a" > /dev/null
	cmp "$MNT/a" "$BATS_TEST_TMPDIR/a0"
	cmp "$MNT/b" "$BATS_TEST_TMPDIR/b0"
	# killed just after it: the old files until the next use finishes the swap
	FSXEMU_FAULT='swap:KILL:commit' run -137 mig swap "$MNT/a" "$MNT/b"
	cmp "$MNT/a" "$BATS_TEST_TMPDIR/a0"
	cmp "$MNT/b" "$BATS_TEST_TMPDIR/b0"
	emu cat "$MNT/a" > /dev/null
	cmp "$MNT/a" "$BATS_TEST_TMPDIR/b0"
	cmp "$MNT/b" "$BATS_TEST_TMPDIR/a0"
	assert_equal "$(lpy path2fid "$MNT/a")/$(lpy path2fid "$MNT/b")" "$fa/$fb"
	state=$(fsxemu info "$MNT" | sed -n 's/^state=//p')
	run -0 ls "$state/swap"
	assert_output ""
}

@test "emu: an fd opened before a migration writes into the migrated file" {
	random_file
	log="$BATS_TEST_TMPDIR/log"
	: > "$log"
	emu python3 -c "
import os, time
fd = os.open('$MNT/f', os.O_WRONLY | os.O_APPEND)
open('$log', 'a').write('opened\n')
while 'migrated' not in open('$log').read():
    time.sleep(0.05)
os.write(fd, b'tail\n')" &
	while ! grep -q opened "$log"; do sleep 0.05; done
	run -0 mig migrate "$MNT/f" "$(plain 1 3)" block
	echo migrated >> "$log"
	wait
	assert_equal "$(osts "$MNT/f")" "3"
	cat "$BATS_TEST_TMPDIR/orig" > "$BATS_TEST_TMPDIR/want"
	echo tail >> "$BATS_TEST_TMPDIR/want"
	cmp "$MNT/f" "$BATS_TEST_TMPDIR/want"
}
