#!/usr/bin/env bats
# Quotas: OBD_IOC_QUOTACTL limits, grace, defaults, usage, per-target queries.
load helpers
load ../emu/emu_helpers

setup() {
	emu_init --osts 4 --pool fast=0,1
	QPY="$TOP/tests/emu/quota.py"
}

q() {
	emu python3 "$QPY" "$@"
}

nobody() {
	chmod a+rx "$BATS_RUN_TMPDIR" "$BATS_RUN_TMPDIR/test" "$BATS_TEST_TMPDIR"
	setpriv --reuid=65534 --regid=65534 --groups=4242 "$@"
}

# a file of N KiB on OST idx, owned by uid:gid
file_on() {
	lpy setstripe "$MNT/$1" "$(python3 "$LUSTRE_PY" pack specific 1048576 "$2")" >/dev/null
	emu dd if=/dev/zero of="$MNT/$1" bs=1K count="$3" conv=notrunc status=none
	chown "$4" "$MNT/$1"
}

# allocated bytes of files under the mount
alloc() {
	local sum=0 f
	for f in "$@"; do
		sum=$((sum + $(stat -c '%b*%B' "$MNT/$f")))
	done
	echo "$sum"
}

field() {
	tr ' ' '\n' <<<"$output" | sed -n "s/^$1=//p"
}

@test "emu: GETQUOTA sums space and inodes per uid, gid and project, all valid bits" {
	file_on a 1 1024 1000:2000
	file_on b 2 512 1000:3000
	mkdir "$MNT/d" && chown 1000:2000 "$MNT/d"
	run -0 q ctl "$MNT" getquota u 1000
	assert_equal "$(field space)" "$(alloc a b d)"
	assert_equal "$(field inodes)" 3
	assert_equal "$(field dqvalid)" 0x3f
	assert_equal "$(field bhard)/$(field bsoft)/$(field btime)/$(field itime)" 0/0/0/0
	run -0 q ctl "$MNT" getquota g 3000
	assert_equal "$(field space)" "$(alloc b)"
	assert_equal "$(field inodes)" 1
	run -0 q setproj "$MNT/a" 77
	run -0 q getproj "$MNT/a"
	assert_output 77
	run -0 getfattr --absolute-names --only-values -n user.lustre.projid "$MNT/a"
	assert_output 77
	setfattr -n user.lustre.projid -v 77 "$MNT/d"
	run -0 q ctl "$MNT" getquota p 77
	assert_equal "$(field inodes)" 2
	assert_equal "$(field space)" "$(alloc a d)"
	# project 0: everything without a project id
	run -0 q ctl "$MNT" getquota p 0
	assert_equal "$(field inodes)" 2
}

@test "emu: SETQUOTA stores limits; a soft limit starts the grace timer, going below stops it" {
	file_on a 0 2048 1000:1000
	run -0 q ctl "$MNT" setquota u 1000 bsoft=1000 bhard=4000 isoft=5 ihard=9 dqvalid=0x5
	before=$(date +%s)
	run -0 q ctl "$MNT" getquota u 1000
	assert_equal "$(field bsoft)/$(field bhard)/$(field isoft)/$(field ihard)" 1000/4000/5/9
	assert_equal "$(field itime)" 0
	btime=$(field btime)
	(( btime >= before + 604800 && btime <= before + 604802 ))
	# the timer does not restart on the next query
	sleep 1
	run -0 q ctl "$MNT" getquota u 1000
	assert_equal "$(field btime)" "$btime"
	# only the inode limits change: the block limits stay
	run -0 q ctl "$MNT" setquota u 1000 isoft=0 ihard=0 dqvalid=0x4
	run -0 q ctl "$MNT" getquota u 1000
	assert_equal "$(field bsoft)/$(field bhard)/$(field isoft)/$(field ihard)" 1000/4000/0/0
	emu truncate -s 0 "$MNT/a"
	run -0 q ctl "$MNT" getquota u 1000
	assert_equal "$(field btime)" 0
	# limits survive processes: they live in the state directory
	run -0 q ctl "$MNT" getquota u 1000
	assert_equal "$(field bsoft)" 1000
}

@test "emu: grace periods, default quotas with their flag, DELETEQID" {
	run -0 q ctl "$MNT" getinfo u 0
	assert_equal "$(field bgrace)/$(field igrace)" 604800/604800
	run -0 q ctl "$MNT" setinfo g 0 bgrace=3600 igrace=60
	run -0 q ctl "$MNT" getinfo g 0
	assert_equal "$(field bgrace)/$(field igrace)" 3600/60
	run -0 q ctl "$MNT" setinfo g 0 bgrace=100 dqvalid=0x10
	run -0 q ctl "$MNT" getinfo g 0
	assert_equal "$(field bgrace)/$(field igrace)" 100/60
	run -0 q ctl "$MNT" getinfo u 0
	assert_equal "$(field bgrace)" 604800
	run -0 q ctl "$MNT" setdefault u 0 bsoft=10 bhard=20 dqvalid=0x1
	run -0 q ctl "$MNT" getdefault u 0
	assert_equal "$(field bsoft)/$(field bhard)/$(field btime)/$(field itime)" 10/20/604800/604800
	run -0 q ctl "$MNT" getquota u 4242
	assert_equal "$(field bsoft)/$(field bhard)" 10/20
	assert_equal "$(field btime)/$(field itime)" $((1 << 48))/$((1 << 48))
	run -0 q ctl "$MNT" setquota u 4242 bsoft=1 bhard=2 dqvalid=0x1
	run -0 q ctl "$MNT" getquota u 4242
	assert_equal "$(field bsoft)/$(field bhard)/$(field btime)" 1/2/0
	# zero limits: back to the defaults
	run -0 q ctl "$MNT" setquota u 4242 dqvalid=0x5
	run -0 q ctl "$MNT" getquota u 4242
	assert_equal "$(field bsoft)/$(field bhard)/$(field btime)" 10/20/$((1 << 48))
	run -0 q ctl "$MNT" setquota u 4242 bhard=7 dqvalid=0x1
	run -0 q ctl "$MNT" deleteqid u 4242
	run -0 q ctl "$MNT" getquota u 4242
	assert_equal "$(field bhard)" 20
}

@test "emu: set commands need root; others read their uid, their groups, any project" {
	mkdir "$MNT/d"
	run -1 --separate-stderr nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$QPY" ctl "$MNT/d" setquota u 65534 bhard=1 dqvalid=1
	assert_equal "$stderr" "errno 1"
	run -1 --separate-stderr nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$QPY" ctl "$MNT" setinfo u 0
	assert_equal "$stderr" "errno 1"
	run -1 --separate-stderr nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$QPY" ctl "$MNT" deleteqid u 65534
	assert_equal "$stderr" "errno 1"
	run -1 --separate-stderr nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$QPY" ctl "$MNT" getquota u 1000
	assert_equal "$stderr" "errno 1"
	run -1 --separate-stderr nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$QPY" ctl "$MNT" getquota g 0
	assert_equal "$stderr" "errno 1"
	run -1 --separate-stderr nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$QPY" ctl "$MNT" getdefault u 0
	assert_equal "$stderr" "errno 1"
	run -0 nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$QPY" ctl "$MNT/d" getquota u 65534
	run -0 nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$QPY" ctl "$MNT" getquota g 65534
	run -0 nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$QPY" ctl "$MNT" getquota g 4242
	run -0 nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$QPY" ctl "$MNT" getquota p 12
	run -0 nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$QPY" ctl "$MNT" getinfo u 0
	assert_equal "$(field bgrace)" 604800
}

@test "emu: per-target queries: inodes on MDT0, space on the OSTs holding it, uuid filled" {
	file_on a 1 1024 1000:1000
	file_on b 3 256 1000:1000
	fs=$(emu_fsname)
	run -0 q ctl "$MNT" getquota u 1000 valid=1 idx=0
	assert_equal "$(field valid)/$(field uuid)" "1/$fs-MDT0000_UUID"
	assert_equal "$(field inodes)/$(field space)" 2/0
	run -0 q ctl "$MNT" getquota u 1000 valid=2 idx=1
	assert_equal "$(field valid)/$(field uuid)" "2/$fs-OST0001_UUID"
	assert_equal "$(field inodes)/$(field space)" "0/$(alloc a)"
	run -0 q ctl "$MNT" getquota u 1000 valid=2 idx=3
	assert_equal "$(field space)" "$(alloc b)"
	run -0 q ctl "$MNT" getquota u 1000 valid=2 idx=0
	assert_equal "$(field space)" 0
	run -0 q ctl "$MNT" getquota u 1000 valid=3 uuid="$fs-OST0003_UUID"
	assert_equal "$(field valid)/$(field idx)/$(field space)" "2/3/$(alloc b)"
	run -0 q ctl "$MNT" getinfo u 0 valid=2 idx=2
	assert_equal "$(field uuid)/$(field bgrace)" "$fs-OST0002_UUID/604800"
	run -1 --separate-stderr q ctl "$MNT" getquota u 1000 valid=1 idx=1
	assert_equal "$stderr" "errno 19"
	run -1 --separate-stderr q ctl "$MNT" getquota u 1000 valid=2 idx=4
	assert_equal "$stderr" "errno 22"
	run -1 --separate-stderr q ctl "$MNT" getquota u 1000 valid=3 uuid=nope
	assert_equal "$stderr" "errno 19"
	run -1 --separate-stderr q ctl "$MNT" setquota u 1000 valid=2 idx=0
	assert_equal "$stderr" "errno 22"
}

@test "emu: pool quotas count the pool's OSTs; ENOENT, ESRCH and 524 as Lustre returns them" {
	file_on a 1 1024 1000:1000
	file_on b 3 256 1000:1000
	run -0 q ctl "$MNT" setquotapool u 1000 bhard=5000 dqvalid=1 pool=fast
	run -0 q ctl "$MNT" getquotapool u 1000 pool=fast
	assert_equal "$(field space)/$(field bhard)" "$(alloc a)/5000"
	run -0 q ctl "$MNT" getquota u 1000
	assert_equal "$(field space)/$(field bhard)" "$(alloc a b)/0"
	run -1 --separate-stderr q ctl "$MNT" getquotapool u 1000 pool=nope
	assert_equal "$stderr" "errno 2"
	run -1 --separate-stderr q ctl "$MNT" 0x800002 u 0
	assert_equal "$stderr" "errno 524"
	sed -i 's/^quota=.*/quota=ug/' "$(fsxemu info "$MNT" | sed -n 's/^state=//p')/config"
	run -1 --separate-stderr q ctl "$MNT" getquota p 1
	assert_equal "$stderr" "errno 3"
	run -0 q ctl "$MNT" getquota g 1
}
