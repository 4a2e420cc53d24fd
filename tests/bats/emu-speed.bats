#!/usr/bin/env bats
# The per-call cost of the hot paths, counted in system calls (not timed).
load helpers
load ../emu/emu_helpers

setup() {
	emu_init
	mkdir "$MNT/d"
	emu python3 -c "
import os
for i in range(50): os.close(os.open('$MNT/d/f%d' % i, os.O_CREAT | os.O_WRONLY))"
	cat > "$BATS_TEST_TMPDIR/walk.py" <<-'EOF2'
	import os, sys, fcntl
	d = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
	for n in sorted(os.listdir(sys.argv[1])):
	    b = bytearray(n.encode() + bytes(65536 - len(n)))
	    fcntl.ioctl(d, 0xC0086915, b, True)
	    if sys.argv[2:]:
	        os.getxattr(sys.argv[1] + "/" + n, "lustre.lov")
	EOF2
}

# system calls of one kind made on files under d/ by the walk
calls() {
	emu strace -f -e trace="$1" -o "$BATS_TEST_TMPDIR/trace" python3 "$BATS_TEST_TMPDIR/walk.py" "$MNT/d" $2
	grep -c "$MNT/d/f\|/proc/self/fd" "$BATS_TEST_TMPDIR/trace" || true
}

@test "emu: IOC_MDC_GETFILESTRIPE on a directory fd: one getxattr, one stat per file" {
	command -v strace > /dev/null || skip "no strace"
	assert_equal "$(calls lgetxattr,getxattr)" 50
	assert_equal "$(calls newfstatat,stat,lstat,statx)" 50
	assert_equal "$(calls readlink)" 0
}

@test "emu: the fast path still notices data written behind the emulator's back" {
	dd if=/dev/zero of="$MNT/d/f1" bs=1M count=101 status=none # no emulator
	run -0 python3 "$LUSTRE_PY" decode "$(lpy getfilestripe "$MNT/d/f1")"
	assert_line --index 3 --regexp "^ id=2 flags=0x10 \[104857600,"
}

@test "emu: statfs walks the tree once for all processes, again after a writer closes" {
	command -v strace > /dev/null || skip "no strace"
	emu stat -f "$MNT" > /dev/null
	emu strace -f -e trace=newfstatat,lstat,stat -o "$BATS_TEST_TMPDIR/trace" stat -f "$MNT" > /dev/null
	(( $(wc -l < "$BATS_TEST_TMPDIR/trace") < 50 ))
	emu sh -c "echo x > $MNT/d/f2"
	emu strace -f -e trace=newfstatat,lstat,stat -o "$BATS_TEST_TMPDIR/trace" stat -f "$MNT" > /dev/null
	(( $(wc -l < "$BATS_TEST_TMPDIR/trace") > 50 ))
}
