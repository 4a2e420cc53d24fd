#!/usr/bin/env bats
# fsxemu init/run and how the mount looks: statfs, mount tables, /sys, /proc.
load helpers
load ../emu/emu_helpers

setup() {
	emu_init --osts 4 --fsname testfs --pool fast=0-1 --pool slow=2,3
}

@test "emu: --help prints usage and exits 0" {
	run -0 fsxemu --help
	assert_output --partial "Usage: fsxemu COMMAND"
	assert_output --partial "copytool DIR"
}

@test "emu: unknown command is a usage error (exit 2)" {
	run -2 --separate-stderr fsxemu frobnicate
	assert_equal "$stderr" "fsxemu: unknown command 'frobnicate'
Try 'fsxemu --help'."
}

@test "emu: init rejects a bad --osts (exit 2) and creates nothing" {
	run -2 --separate-stderr fsxemu init "$BATS_TEST_TMPDIR/x" --osts 0
	assert_file_not_exists "$BATS_TEST_TMPDIR/x"
	assert_file_not_exists "$BATS_TEST_TMPDIR/.x.fsxemu"
}

@test "emu: init refuses an already initialised mount (exit 1)" {
	run -1 --separate-stderr fsxemu init "$MNT"
	assert_equal "$stderr" "fsxemu: init: $MNT: already an emulated mount (state in $BATS_TEST_TMPDIR/.mnt.fsxemu)"
}

@test "emu: init creates a missing directory and keeps its state outside it" {
	run -0 fsxemu init "$BATS_TEST_TMPDIR/a/b/c"
	assert_dir_exists "$BATS_TEST_TMPDIR/a/b/c"
	run -0 find "$BATS_TEST_TMPDIR/a/b/c"
	assert_output "$BATS_TEST_TMPDIR/a/b/c"
}

@test "emu: run passes the exit status through" {
	run -3 emu sh -c 'exit 3'
	run -127 --separate-stderr fsxemu run "$MNT" -- /nonexistent/cmd
}

@test "emu: run on a plain directory fails (exit 1)" {
	mkdir "$BATS_TEST_TMPDIR/plain"
	run -1 --separate-stderr fsxemu run "$BATS_TEST_TMPDIR/plain" -- true
	assert_equal "$stderr" "fsxemu: $BATS_TEST_TMPDIR/plain: not an emulated mount (see 'fsxemu init')"
}

@test "emu: statfs reports the Lustre magic and the OSTs' capacity" {
	run -0 emu stat -f -c '%t %S %b' "$MNT"
	assert_output "bd00bd0 4096 $((1169935104 * 4 / 4))"
	mkdir "$MNT/d"
	run -0 emu stat -f -c '%t' "$MNT/d"
	assert_output "bd00bd0"
	run -0 emu stat -f -c '%t' /
	refute_output "bd00bd0"
}

@test "emu: /proc/self/mountinfo and /proc/mounts show a lustre line" {
	run -0 emu grep " - lustre " /proc/self/mountinfo
	assert_output --regexp "^[0-9]+ [0-9]+ [0-9]+:[0-9]+ / $MNT rw,relatime shared:[0-9]+ - lustre 172.31.20.15@tcp:/testfs rw,"
	run -0 emu grep " lustre " /proc/mounts
	assert_output --regexp "^172.31.20.15@tcp:/testfs $MNT lustre rw,.* 0 0$"
	run -0 emu python3 -c 'import os; print(open("/etc/mtab").read().count(" lustre "))'
	assert_output 1
}

@test "emu: --nid and two mounts at once" {
	run -0 fsxemu init "$BATS_TEST_TMPDIR/m2" --nid 10.0.0.9@tcp --fsname second
	run -0 fsxemu run "$MNT" -- fsxemu run "$BATS_TEST_TMPDIR/m2" -- grep -c " lustre " /proc/mounts
	assert_output 2
	run -0 fsxemu run "$MNT:$BATS_TEST_TMPDIR/m2" -- stat -f -c %t "$BATS_TEST_TMPDIR/m2"
	assert_output bd00bd0
	run -0 fsxemu run "$BATS_TEST_TMPDIR/m2" -- grep -o "10.0.0.9@tcp:/second" /proc/self/mountinfo
}

@test "emu: files share the mount point's st_dev" {
	mkdir -p "$MNT/a/b" && touch "$MNT/a/b/f"
	run -0 emu stat -c %d "$MNT" "$MNT/a/b/f"
	assert_equal "${lines[0]}" "${lines[1]}"
}

@test "emu: lov parameter files are found by glob as lfs searches them" {
	local fs=testfs
	run -0 emu python3 -c "
import ctypes, glob
print(sorted(glob.glob('/sys/fs/lustre/lov/$fs-*/stripe*')))"
	assert_output --regexp "stripecount', '/sys/fs/lustre/lov/testfs-clilov-ffff[0-9a-f]{12}/stripeoffset"
	cat > "$BATS_TEST_TMPDIR/g.c" <<'C'
#include <glob.h>
#include <stdio.h>
int main(int c, char **v) { glob_t g; int r = glob(v[1], GLOB_BRACE, NULL, &g);
for (size_t i = 0; !r && i < g.gl_pathc; i++) puts(g.gl_pathv[i]); return r; }
C
	cc -o "$BATS_TEST_TMPDIR/g" "$BATS_TEST_TMPDIR/g.c"
	run -0 emu "$BATS_TEST_TMPDIR/g" "{/sys/{fs,kernel/debug}/{lnet,lustre},/proc/{fs,sys}/{lnet,lustre}}/lov/$fs-*/stripesize"
	assert_output --regexp "^/sys/fs/lustre/lov/testfs-clilov-ffff[0-9a-f]{12}/stripesize$"
	run -0 emu sh -c "cat $output"
	assert_output 1048576
}

@test "emu: stripecount, stripeoffset, numobd, target_obd and pools read like a client" {
	local lov
	lov=$(lpy dtname "$MNT")
	run -0 emu sh -c "cd /sys/fs/lustre/lov/$lov && cat stripecount stripeoffset numobd activeobd"
	assert_output "1
-1
4
4"
	run -0 emu cat "/proc/fs/lustre/lov/$lov/target_obd"
	assert_output "0: testfs-OST0000_UUID ACTIVE
1: testfs-OST0001_UUID ACTIVE
2: testfs-OST0002_UUID ACTIVE
3: testfs-OST0003_UUID ACTIVE"
	run -0 emu cat "/proc/fs/lustre/lmv/${lov/clilov/clilmv}/target_obd"
	assert_output "0: testfs-MDT0000_UUID ACTIVE"
	run -0 emu cat "/proc/fs/lustre/lov/$lov/pools/slow"
	assert_output "testfs-OST0002_UUID
testfs-OST0003_UUID"
	run -0 emu python3 -c 'import glob; print(sorted(p.rsplit("/",1)[1] for p in glob.glob("/proc/fs/lustre/lov/testfs-*/pools/*")))'
	assert_output "['fast', 'slow']"
}

@test "emu: device names come from OBD_IOC_GETDTNAME and GETMDNAME" {
	run -0 lpy dtname "$MNT"
	assert_output --regexp "^testfs-clilov-ffff[0-9a-f]{12}$"
	local lov=$output
	run -0 lpy getname_old "$MNT"
	assert_output "$lov"
	run -0 lpy mdname "$MNT"
	assert_output "${lov/clilov/clilmv}"
	run -0 emu sh -c "test -d /sys/fs/lustre/lov/$lov"
}

@test "emu: target counts and MDT index" {
	run -0 lpy obdcount "$MNT" 0
	assert_output 4
	run -0 lpy obdcount "$MNT" 1
	assert_output 64
	touch "$MNT/f"
	run -0 lpy mdtidx "$MNT/f"
	assert_output 0
}

@test "emu: unknown Lustre ioctls are ENOTTY; other paths are untouched" {
	run -1 --separate-stderr lpy ioctl "$MNT" 0x400866FE
	assert_equal "$stderr" "errno 25"
	run -1 --separate-stderr lpy getstripe /etc/hosts
	assert_equal "$stderr" "errno 25"
	run -0 emu sh -c 'echo x > "$1/plainfile" && cat "$1/plainfile"' sh "$BATS_TEST_TMPDIR"
	assert_output x
}

@test "emu: the state stays invisible, the mount is an ordinary tree without the emulator" {
	emu sh -c "mkdir $MNT/d && echo data > $MNT/d/f"
	run -0 find "$MNT" -mindepth 1
	assert_output "$MNT/d
$MNT/d/f"
}

@test "emu: IOC_OBD_STATFS walks MDTs (EAGAIN gaps, ENODEV at 64) and OSTs" {
	run -0 lpy statfs "$MNT" 1 0
	assert_output --regexp "^testfs-MDT0000_UUID blocks=35907584 bfree=[0-9]+ files=71815168 ffree=[0-9]+ bsize=4096$"
	run -1 --separate-stderr lpy statfs "$MNT" 1 1
	assert_equal "$stderr" "errno 11"
	run -1 --separate-stderr lpy statfs "$MNT" 1 64
	assert_equal "$stderr" "errno 19"
	run -0 lpy statfs "$MNT" 2 3
	assert_output "testfs-OST0003_UUID blocks=292483776 bfree=292483776 files=18280236 ffree=18280236 bsize=4096"
	run -1 --separate-stderr lpy statfs "$MNT" 2 4
	assert_equal "$stderr" "errno 19"
}

@test "emu: per-OST usage follows the data placed on each OST" {
	lpy setstripe "$MNT/f" "$(python3 "$LUSTRE_PY" pack v1 0 1 2)"
	emu dd if=/dev/zero of="$MNT/f" bs=1M count=4 conv=notrunc status=none
	run -0 lpy statfs "$MNT" 2 2
	# 4 MiB of data (+ at most one block of xattrs, ext4 counts it)
	assert_output --regexp "^testfs-OST0002_UUID blocks=292483776 bfree=29248(2752|2751) files=18280236 ffree=18280235 bsize=4096$"
	run -0 lpy statfs "$MNT" 2 1
	assert_output --partial "bfree=292483776 "
}
