#!/usr/bin/env bats
# FIDs: path2fid, file handles, fid2path, getparent, /.lustre/fid.
load helpers
load ../emu/emu_helpers

setup() {
	emu_init
}

@test "emu: the root FID is [0x200000007:0x1:0x0]" {
	run -0 lpy path2fid "$MNT"
	assert_output "[0x200000007:0x1:0x0]"
	run -0 lpy handle "$MNT"
	assert_output "0x97 32 [0x200000007:0x1:0x0]"
	run -0 lpy fid2path "$MNT" "[0x200000007:0x1:0x0]"
	assert_output " 0"
}

@test "emu: name_to_handle_at answers FILEID_LUSTRE with the file's FID" {
	emu mkdir "$MNT/d"
	emu touch "$MNT/d/f"
	run -0 lpy handle "$MNT/d/f"
	assert_output --regexp "^0x97 32 \[0x20000040[0-9a-f]:0x[0-9a-f]+:0x0\]$"
	local fid=${output#0x97 32 }
	run -0 lpy path2fid "$MNT/d/f"
	assert_output "$fid"
	run -0 lpy handle "$MNT/d"
	refute_output "0x97 32 $fid"
}

@test "emu: FIDs are stable and follow renames made behind the emulator's back" {
	emu sh -c "mkdir -p $MNT/a/b && echo x > $MNT/a/b/f"
	local fid
	fid=$(lpy path2fid "$MNT/a/b/f")
	run -0 lpy fid2path "$MNT" "$fid"
	assert_output "a/b/f 0"
	mkdir "$MNT/c"
	mv "$MNT/a/b/f" "$MNT/c/g"
	run -0 lpy path2fid "$MNT/c/g"
	assert_output "$fid"
	run -0 lpy fid2path "$MNT" "$fid"
	assert_output "c/g 0"
}

@test "emu: fid2path walks hard links with gf_linkno" {
	emu sh -c "echo x > $MNT/one"
	ln "$MNT/one" "$MNT/two"
	local fid
	fid=$(lpy path2fid "$MNT/one")
	run -0 lpy fid2path "$MNT" "$fid" 0
	assert_output --regexp "^(one|two) 1$"
	run -0 lpy fid2path "$MNT" "$fid" 1
	assert_output --regexp "^(one|two) 1$"
}

@test "emu: fid2path errors: ENOENT unknown, EINVAL not namespace-visible" {
	run -1 --separate-stderr lpy fid2path "$MNT" "[0x200000401:0x999:0x0]"
	assert_equal "$stderr" "errno 2"
	run -1 --separate-stderr lpy fid2path "$MNT" "[0x0:0x0:0x0]"
	assert_equal "$stderr" "errno 22"
}

@test "emu: LL_IOC_GETPARENT gives the parent FID and the name" {
	emu sh -c "mkdir $MNT/d && echo x > $MNT/d/f"
	local dfid
	dfid=$(lpy path2fid "$MNT/d")
	run -0 lpy getparent "$MNT/d/f"
	assert_output "$dfid f"
	run -1 --separate-stderr lpy getparent "$MNT/d/f" 1
	assert_equal "$stderr" "errno 61"
}

@test "emu: a file opens by FID under .lustre/fid" {
	emu sh -c "mkdir $MNT/d && echo hello > $MNT/d/f"
	local fid
	fid=$(lpy path2fid "$MNT/d/f")
	run -0 emu cat "$MNT/.lustre/fid/$fid"
	assert_output hello
}
