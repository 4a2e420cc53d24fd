#!/usr/bin/env bats
# path2fid and fid2path: lfs's formats, errors, round trips.
load helpers

setup() {
	emu_init
	emu sh -c "mkdir '$MNT/d' && echo a > '$MNT/f' && echo b > '$MNT/d/g'"
	cd "$MNT"
}

@test "path2fid: one path prints the FID alone, as lfs (exit 0)" {
	run -0 --separate-stderr fsxctl path2fid f
	assert_regex "$output" '^\[0x2[0-9a-f]{8}:0x[0-9a-f]+:0x0\]$'
	assert_equal "$stderr" ""
}

@test "path2fid: several paths are prefixed with PATH: (exit 0)" {
	run -0 fsxctl path2fid f d/g
	assert_regex "${lines[0]}" '^f: \[0x[0-9a-f]+:0x[0-9a-f]+:0x0\]$'
	assert_regex "${lines[1]}" '^d/g: \[0x[0-9a-f]+:0x[0-9a-f]+:0x0\]$'
}

@test "path2fid: --parents prints the parent FID and the name (exit 0)" {
	run -0 fsxctl path2fid d
	dfid=$output
	run -0 fsxctl path2fid --parents d/g
	assert_output "$dfid/g"
	run -0 fsxctl path2fid -p f
	assert_output "[0x200000007:0x1:0x0]/f"
}

@test "path2fid: the root has the root FID (exit 0)" {
	run -0 fsxctl path2fid "$MNT"
	assert_output "[0x200000007:0x1:0x0]"
}

@test "path2fid: not on Lustre and missing paths are reported, the rest printed (exit 1)" {
	run -1 --separate-stderr fsxctl path2fid /etc/hostname nope f
	assert_regex "$output" '^f: \[0x'
	assert_equal "$stderr" "fsxctl: path2fid: /etc/hostname: not on a Lustre filesystem
fsxctl: path2fid: nope: cannot get the FID (No such file or directory)"
}

@test "path2fid: --json lists path and FID (exit 0)" {
	run -0 fsxctl --json path2fid f
	run -0 jq -r '.version, .files[0].path, (.files[0].fid | test("^\\[0x"))' <<<"$output"
	assert_output "1
f
true"
}

@test "fid2path: a mount point prints paths under it, fsname form relative (exit 0)" {
	run -0 fsxctl path2fid d/g
	fid=$output
	run -0 fsxctl fid2path "$MNT" "$fid"
	assert_output "$MNT/d/g"
	fsname=$("$BUILD/fsxemu" info "$MNT" | sed -n 's/^fsname=//p')
	run -0 fsxctl fid2path "$fsname" "$fid"
	assert_output "d/g"
	run -0 fsxctl fid2path --print-fid --print-link "$MNT" "$fid"
	assert_output "$fid 0 $MNT/d/g"
}

@test "fid2path: the root FID gives MOUNT// and / (exit 0)" {
	run -0 fsxctl fid2path "$MNT" '[0x200000007:0x1:0x0]'
	assert_output "$MNT//"
}

@test "fid2path: every hard link, or only --link N (exit 0)" {
	emu ln f d/f2
	run -0 fsxctl path2fid f
	fid=$output
	run -0 fsxctl fid2path -c "$MNT" "$fid"
	assert_equal "${#lines[@]}" 2
	run -0 fsxctl fid2path --link 1 -c "$MNT" "$fid"
	assert_equal "${#lines[@]}" 1
	assert_regex "$output" "^1 $MNT/"
}

@test "fid2path: a malformed FID is a usage error before any lookup (exit 2)" {
	run -2 --separate-stderr fsxctl fid2path "$MNT" '[0x200000007:0x1:0x0]' '0x1:zz'
	assert_equal "$stderr" "fsxctl: fid2path: 0x1:zz: not a FID ([SEQ:OID:VER], e.g. [0x200000401:0x1a2b:0x0])
Try 'fsxctl fid2path --help'."
	assert_equal "$output" ""
}

@test "fid2path: an unknown FID is reported, the others printed (exit 1)" {
	run -1 --separate-stderr fsxctl fid2path "$MNT" '[0x200000401:0xfffff:0x0]' '[0x200000007:0x1:0x0]'
	assert_equal "$output" "$MNT//"
	assert_equal "$stderr" "fsxctl: fid2path: [0x200000401:0xfffff:0x0]: cannot find it in $MNT (No such file or directory)"
}

@test "fid2path: a path not on Lustre or an unknown fsname is refused (exit 1)" {
	run -1 --separate-stderr fsxctl fid2path /etc '[0x200000007:0x1:0x0]'
	assert_equal "$stderr" "fsxctl: fid2path: /etc: not on a Lustre filesystem"
	run -1 --separate-stderr fsxctl fid2path nosuchfs '[0x200000007:0x1:0x0]'
	assert_equal "$stderr" "fsxctl: fid2path: nosuchfs: no Lustre filesystem of that name is mounted"
}
