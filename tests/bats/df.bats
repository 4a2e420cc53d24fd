#!/usr/bin/env bats
# fsxctl df: lfs df's table per target and the summary, pools, inodes, JSON.
load helpers

OST_KB=1169935104

setup() {
	emu_init --osts 4 --fsname testfs --pool fast=0-1
}

@test "df: prints the lfs header, MDTs then OSTs, then the summary (exit 0)" {
	run -0 --separate-stderr fsxctl df "$MNT"
	assert_equal "${lines[0]}" "UUID                   1K-blocks        Used   Available Use% Mounted on"
	assert_regex "${lines[1]}" "^testfs-MDT0000_UUID +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+% $MNT\[MDT:0\]$"
	for i in 0 1 2 3; do
		assert_regex "${lines[$((i + 2))]}" "^testfs-OST000${i}_UUID +$OST_KB +[0-9]+ +[0-9]+ +[0-9]+% $MNT\[OST:$i\]$"
	done
	assert_regex "${lines[6]}" "^filesystem_summary: +$((OST_KB * 4)) +[0-9]+ +[0-9]+ +[0-9]+% $MNT$"
	# lfs ends the table with an empty line after the summary
	run -0 bash -c "'$BUILD/fsxemu' run '$MNT' -- '$BUILD/fsxctl' df '$MNT' | tail -c 2 | od -An -c"
	assert_output --regexp '\\n +\\n'
	assert_equal "$stderr" ""
}

@test "df: the summary is the sum of the OST rows (exit 0)" {
	emu dd if=/dev/zero of="$MNT/f" bs=1M count=8 status=none
	run -0 fsxctl df "$MNT"
	used=$(awk '/\[OST:/ { u += $3 } END { print u }' <<<"$output")
	sum=$(awk '/^filesystem_summary:/ { print $3 }' <<<"$output")
	assert_equal "$sum" "$used"
}

@test "df: data written to one OST shows as used on that OST (exit 0)" {
	run -0 fsxctl df "$MNT"
	before=$(awk '/\[OST:2\]/ { print $3 }' <<<"$output")
	run -0 fsxctl setstripe -c 1 -i 2 "$MNT/one"
	emu dd if=/dev/urandom of="$MNT/one" bs=1M count=16 conv=notrunc status=none
	run -0 fsxctl df "$MNT"
	after=$(awk '/\[OST:2\]/ { print $3 }' <<<"$output")
	(( after - before >= 16384 ))
}

@test "df: -i shows the inode header and counts (exit 0)" {
	run -0 fsxctl df -i "$MNT"
	assert_equal "${lines[0]}" "UUID                      Inodes       IUsed       IFree IUse% Mounted on"
	assert_regex "${lines[1]}" "^testfs-MDT0000_UUID +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+% $MNT\[MDT:0\]$"
}

@test "df: -h shows bytes in lfs's human units (exit 0)" {
	run -0 fsxctl df -h "$MNT"
	assert_equal "${lines[0]}" "UUID                       bytes        Used   Available Use% Mounted on"
	assert_regex "${lines[2]}" "^testfs-OST0000_UUID +1\.1T +[0-9.]+[KMGT]? +[0-9.]+[KMGT] +[0-9]+% $MNT\[OST:0\]$"
}

@test "df: -p lists only the pool's OSTs and sums over them (exit 0)" {
	run -0 fsxctl df -p fast "$MNT"
	assert_equal "${#lines[@]}" 5
	assert_regex "${lines[2]}" "\[OST:0\]$"
	assert_regex "${lines[3]}" "\[OST:1\]$"
	assert_regex "${lines[4]}" "^filesystem_summary: +$((OST_KB * 2)) "
	run -0 fsxctl df -p testfs.fast "$MNT"
}

@test "df: without a path shows every Lustre mount (exit 0)" {
	run -0 fsxctl df
	assert_line --regexp "\[OST:3\]$"
	assert_line --regexp "^filesystem_summary: .* $MNT$"
}

@test "df: --json has one object per filesystem with targets and summary (exit 0)" {
	run -0 fsxctl --json df "$MNT"
	run -0 python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["version"] == 1
fs = d["filesystems"][0]
assert fs["fsname"] == "testfs", fs
kinds = [t["type"] for t in fs["targets"]]
assert kinds == ["MDT", "OST", "OST", "OST", "OST"], kinds
assert fs["summary"]["bytes"]["total"] == 4 * 1169935104 * 1024
print("ok")' "$output"
	assert_output "ok"
}

@test "df: a path not on Lustre is an error (exit 1)" {
	run -1 --separate-stderr fsxctl df /etc
	assert_equal "$stderr" "fsxctl: df: /etc: not on a Lustre filesystem"
	assert_output ""
}

@test "df: a missing path is an error (exit 1)" {
	run -1 --separate-stderr fsxctl df "$MNT/nope"
	assert_equal "$stderr" "fsxctl: df: $MNT/nope: cannot find its mount (No such file or directory)"
}

@test "df: an unknown pool is an error (exit 1)" {
	run -1 --separate-stderr fsxctl df -p nopool "$MNT"
	assert_equal "$stderr" "fsxctl: df: -p: no pool 'nopool' in filesystem 'testfs'"
	assert_output ""
}

@test "df: a pool of another filesystem is an error (exit 1)" {
	run -1 --separate-stderr fsxctl df -p otherfs.fast "$MNT"
	assert_equal "$stderr" "fsxctl: df: -p: pool 'otherfs.fast' names another filesystem than 'testfs'"
}

@test "df: -h and -H together are a usage error (exit 2)" {
	run -2 --separate-stderr fsxctl df -h -H "$MNT"
	assert_equal "$stderr" "fsxctl: df: -h: cannot be combined with -H
Try 'fsxctl df --help'."
}
