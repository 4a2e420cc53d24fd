#!/usr/bin/env bats
# fsxctl quota and setquota: lfs's table, limits, grace, defaults, refusals.
load helpers

HDR="     Filesystem  kbytes   quota   limit   grace   files   quota   limit   grace"

setup() {
	emu_init --osts 2 --fsname testfs
}

# as_nobody CMD...: run under the emulator as uid/gid 65534
as_nobody() {
	"$BUILD/fsxemu" run "$MNT" -- setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

@test "quota: root's usage in lfs's table, path printed as given (exit 0)" {
	mkdir "$MNT/d"
	emu dd if=/dev/zero of="$MNT/d/f" bs=1k count=64 status=none
	run -0 --separate-stderr fsxctl quota -u root "$MNT"
	assert_equal "${lines[0]}" "Disk quotas for usr root (uid 0):"
	assert_equal "${lines[1]}" "$HDR"
	assert_regex "${lines[2]}" "^$MNT\$"
	assert_regex "${lines[3]}" "^ {15} +[0-9]+  +0 +0 +- +[0-9]+  +0 +0 +-$"
	assert_equal "$stderr" ""
}

@test "setquota: sets limits that quota shows, K/M/G as lfs reads them (exit 0)" {
	run -0 fsxctl setquota -u 1000 -b 1G -B 2G -i 1k -I 2000 "$MNT"
	assert_output ""
	run -0 fsxctl quota -u 1000 "$MNT"
	assert_equal "${lines[0]}" "Disk quotas for usr 1000 (uid 1000):"
	assert_regex "${lines[3]}" "^ {15} +0  1048576 2097152 +- +0  +1024 +2000 +-$"
	run -0 fsxctl quota -h -u 1000 "$MNT"
	assert_regex "${lines[3]}" " 0k  +1G +2G +- "
}

@test "setquota: only one of a pair keeps the other (exit 0)" {
	run -0 fsxctl setquota -g 1000 -b 100M -B 200M "$MNT"
	run -0 fsxctl setquota -g 1000 -B 300M "$MNT"
	run -0 fsxctl --json quota -g 1000 "$MNT"
	run -0 python3 -c '
import json, sys
q = json.loads(sys.argv[1])["quotas"][0]
assert q["type"] == "grp" and q["id"] == 1000, q
assert q["blocks_kb"]["soft"] == 102400 and q["blocks_kb"]["hard"] == 307200, q
print("ok")' "$output"
	assert_output "ok"
}

@test "quota: usage over the hard limit is marked with * (exit 0)" {
	run -0 fsxctl setquota -u 1000 -B 1M -I 1 "$MNT"
	emu dd if=/dev/zero of="$MNT/big" bs=1k count=2048 status=none
	emu chown 1000 "$MNT/big"
	run -0 fsxctl quota -u 1000 "$MNT"
	assert_regex "${lines[3]}" "^ {15} +[0-9]+\* +0 +1024 +- +1\* +0 +1 +-$"
}

@test "quota: -U shows the default limits, -t -U the grace times (exit 0)" {
	run -0 fsxctl setquota -U -b 10G -i 5000 "$MNT"
	run -0 fsxctl quota -U "$MNT"
	assert_equal "${lines[0]}" "Disk default usr quota:"
	assert_equal "${lines[1]}" "     Filesystem   bquota  blimit  bgrace   iquota  ilimit  igrace"
	run -0 fsxctl setquota -t -U -b 1w2d -i 3600 "$MNT"
	run -0 fsxctl quota -t -U "$MNT"
	assert_output "Block grace time: 1w2d; Inode grace time: 1h"
}

@test "setquota: --default puts an id back on the default limits (exit 0)" {
	# fsxctl sends what lfs setquota -D sends (§8.3): zero limits,
	# QIF_LIMITS|QIF_TIMES, LQUOTA_FLAG_DEFAULT in dqb_btime/dqb_itime.
	# The emulator marks an id as using the defaults (the flag in
	# GETQUOTA's dqb_btime/dqb_itime, §6.11) only while the default
	# limits are non-zero, so a default block limit is set first; Lustre
	# keeps the flag of an id set with -D whatever the defaults are.
	run -0 fsxctl setquota -U -b 10G "$MNT"
	run -0 fsxctl setquota -u 1000 -b 1G -B 2G "$MNT"
	run -0 fsxctl quota -u 1000 "$MNT"
	refute_line --partial "is using default"
	run -0 fsxctl setquota -u 1000 --default "$MNT"
	assert_output ""
	run -0 fsxctl quota -u 1000 "$MNT"
	assert_regex "${lines[3]}" "^ {15} +0  10485760 +0 +- +0 +0 +0 +-$"
	assert_equal "${lines[4]}" "uid 1000 is using default block quota setting"
	assert_equal "${lines[5]}" "uid 1000 is using default file quota setting"
	run -0 fsxctl --json quota -u 1000 "$MNT"
	assert_output --partial '"uses_default":true,'
}

@test "setquota: soft above hard is refused and changes nothing (exit 2)" {
	run -2 --separate-stderr fsxctl setquota -u 1000 -b 2G -B 1G "$MNT"
	assert_equal "$stderr" "fsxctl: setquota: -b 2G: block soft limit 2097152k is above the hard limit 1048576k
Try 'fsxctl setquota --help'."
	run -0 fsxctl --json quota -u 1000 "$MNT"
	assert_output --partial '"blocks_kb":{"used":0,"soft":0,"hard":0,'
}

@test "setquota: a limit that does not parse is a usage error (exit 2)" {
	run -2 --separate-stderr fsxctl setquota -u 1000 -B 10X "$MNT"
	assert_equal "$stderr" "fsxctl: setquota: -B 10X: not a block limit (a number of KiB, or N[.N] with a b/k/m/g/t/p/e suffix)
Try 'fsxctl setquota --help'."
	run -2 --separate-stderr fsxctl setquota -u 1000 -I -5 "$MNT"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: setquota: -I -5: not an inode limit (a count, optionally with a k/m/g/t/p/e suffix)"
	run -2 --separate-stderr fsxctl setquota -t -U -b 1h30 "$MNT"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: setquota: -b 1h30: not a grace time (seconds, 1w2d3h4m5s or notify)"
}

@test "quota: an unknown user or group is a usage error (exit 2)" {
	run -2 --separate-stderr fsxctl quota -u no-such-user-xyz "$MNT"
	assert_equal "$stderr" "fsxctl: quota: -u no-such-user-xyz: no such user
Try 'fsxctl quota --help'."
	run -2 --separate-stderr fsxctl setquota -g no-such-group-xyz -b 1G "$MNT"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: setquota: -g no-such-group-xyz: no such group"
}

@test "setquota: refuses root and a missing limit (exit 2)" {
	run -2 --separate-stderr fsxctl setquota -u root -b 1G "$MNT"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: setquota: -u root: cannot set quotas for root (id 0)"
	run -2 --separate-stderr fsxctl setquota -u 1000 "$MNT"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: setquota: give at least one limit: -b, -B, -i or -I"
	run -2 --separate-stderr fsxctl setquota -b 1G "$MNT"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: setquota: give the quota type: -u USER, -g GROUP, -p PROJID, -U, -G or -P"
	run -2 --separate-stderr fsxctl setquota -u 1 -g 1 -b 1G "$MNT"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: setquota: give only one of -u, -g, -p, -U, -G, -P"
}

@test "setquota: as a non-root user is refused and changes nothing (exit 1)" {
	chmod a+rx "$BATS_RUN_TMPDIR" "$BATS_RUN_TMPDIR/test" "$BATS_TEST_TMPDIR" "$MNT"
	run -1 --separate-stderr as_nobody "$BUILD/fsxctl" setquota -u 1000 -b 1G "$MNT"
	assert_equal "$stderr" "fsxctl: setquota: $MNT: cannot set quotas: only root may (Operation not permitted)"
	run -0 --separate-stderr fsxctl --json quota -u 1000 "$MNT"
	assert_output --partial '"soft":0,"hard":0,'
}

@test "quota: a path not on Lustre is an error (exit 1)" {
	run -1 --separate-stderr fsxctl quota -u root /etc
	assert_equal "$stderr" "fsxctl: quota: /etc: not on a Lustre filesystem (Inappropriate ioctl for device)"
	assert_output ""
}

@test "quota: -t without a type and two paths are usage errors (exit 2)" {
	run -2 --separate-stderr fsxctl quota -t "$MNT"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: quota: -t: needs the quota type: -U, -G or -P"
	run -2 --separate-stderr fsxctl quota -u root "$MNT" "$MNT"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: quota: $MNT: only one filesystem path is taken"
}
