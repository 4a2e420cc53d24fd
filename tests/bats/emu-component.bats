#!/usr/bin/env bats
# Component add/delete: setxattr lustre.lov.add / lustre.lov.del.
load helpers
load ../emu/emu_helpers

setup() {
	emu_init --osts 4
}

pack() {
	python3 "$LUSTRE_PY" pack "$@"
}

layout() {
	python3 "$LUSTRE_PY" decode "$(lpy getfilestripe "$1")"
}

# a file with [0,1M) 1 stripe and [1M,2M) 2 stripes
two_comps() {
	lpy setstripe "$MNT/f" "$(pack comp 0-1048576:1 1048576-2097152:2)" > /dev/null
}

@test "emu: lustre.lov.add appends components with new ids and a new generation" {
	two_comps
	run -0 lpy xattr "$MNT/f" lustre.lov.add "$(pack comp 2097152-eof:2:4194304)"
	run -0 layout "$MNT/f"
	assert_line --index 0 "comp size=344 gen=3 flags=0 entries=3 mirrors=0"
	assert_line --index 5 " id=3 flags=0x0 [2097152,EOF) off=288 size=56"
	assert_line --index 6 "  magic=0xbd10bd0 pattern=0x1 oi=0x200000401:0x1 size=4194304 count=2 off30=-1 pool= objs=-1:0/0"
	# the layout now ends at EOF: nothing can follow
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.add "$(pack comp 2097152-eof:1)"
	assert_equal "$stderr" "errno 22"
	# data reaching the new component instantiates it
	emu dd if=/dev/zero of="$MNT/f" bs=1M count=3 status=none
	run -0 layout "$MNT/f"
	assert_line --index 5 --regexp "^ id=3 flags=0x10 "
}

@test "emu: lustre.lov.add refuses gaps, overlaps, plain layouts and bad blobs" {
	two_comps
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.add "$(pack comp 3145728-eof:1)"
	assert_equal "$stderr" "errno 22"
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.add "$(pack comp 1048576-eof:1)"
	assert_equal "$stderr" "errno 22"
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.add "$(pack v1 1048576 1 -1)"
	assert_equal "$stderr" "errno 22"
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.add 0bd60bd0
	assert_equal "$stderr" "errno 34"
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.add "$(pack comp 2097152-eof:1:100000)"
	assert_equal "$stderr" "errno 22"
	lpy setstripe "$MNT/p" "$(pack v1 1048576 1 -1)" > /dev/null
	run -1 --separate-stderr lpy xattr "$MNT/p" lustre.lov.add "$(pack comp 0-eof:1)"
	assert_equal "$stderr" "errno 22"
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.frob "$(pack comp 2097152-eof:1)"
	assert_equal "$stderr" "errno 22"
	run -0 layout "$MNT/f"
	assert_line --index 0 "comp size=240 gen=2 flags=0 entries=2 mirrors=0"
}

@test "emu: lustre.lov.del deletes the last component(s) by id or by init flag" {
	two_comps
	lpy xattr "$MNT/f" lustre.lov.add "$(pack comp 2097152-3145728:1 3145728-eof:1)"
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.del "$(pack del 1)"
	assert_equal "$stderr" "errno 22"
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.del "$(pack del 77)"
	assert_equal "$stderr" "errno 22"
	run -0 lpy xattr "$MNT/f" lustre.lov.del "$(pack del 4)"
	run -0 layout "$MNT/f"
	assert_line --index 0 --regexp "^comp size=[0-9]+ gen=5 flags=0 entries=3 "
	# all uninstantiated ones (the trailing run)
	run -0 lpy xattr "$MNT/f" lustre.lov.del "$(pack del 0xffffffff 0x80000010)"
	run -0 layout "$MNT/f"
	assert_line --index 0 --regexp "^comp size=[0-9]+ gen=6 flags=0 entries=1 "
	# never the last one standing
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.del "$(pack del 0xffffffff 0x10)"
	assert_equal "$stderr" "errno 22"
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.del "$(pack del 1)"
	assert_equal "$stderr" "errno 22"
}

@test "emu: deleting components that hold data truncates the file there" {
	two_comps
	head -c 1500000 /dev/urandom > "$BATS_TEST_TMPDIR/data"
	emu dd if="$BATS_TEST_TMPDIR/data" of="$MNT/f" status=none
	run -1 --separate-stderr lpy xattr "$MNT/f" lustre.lov.del "$(pack del 0xffffffff 0x10)"
	assert_equal "$stderr" "errno 22"
	run -0 lpy xattr "$MNT/f" lustre.lov.del "$(pack del 2)"
	run -0 stat -c %s "$MNT/f"
	assert_output 1048576
	cmp -n 1048576 "$MNT/f" "$BATS_TEST_TMPDIR/data"
	run -0 layout "$MNT/f"
	assert_line --index 0 --regexp "^comp size=136 gen=4 flags=0 entries=1 "
}
