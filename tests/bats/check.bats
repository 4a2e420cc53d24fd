#!/usr/bin/env bats
# fsxctl check: the striping audit and its fixes. Small thresholds keep
# the files small: --large 4M --small 1M stand for 1 GiB and 100 MiB.
load helpers

T=(--large 4M --small 1M)
PFL="-E 1M -c 1 -E 10G -c 4 -E 100G -c 4 -E -1 -c 4 -S 1M"

setup() {
	emu_init --osts 4 --fsname testfs
	mkdir -p "$MNT/data"
	# the audited directory gets the recommended default, so only what
	# each test adds is reported
	fsxctl setstripe $PFL "$MNT/data" >/dev/null
}

@test "check: a clean tree has no findings (exit 0)" {
	emu sh -c "echo hi > '$MNT/data/a'"
	run -0 --separate-stderr fsxctl check -r "${T[@]}" "$MNT/data"
	assert_output ""
	assert_equal "$stderr" "check: 1 files, 1 directories: 0 findings"
}

@test "check: a large file on one OST is reported with the suggested layout (exit 1)" {
	fsxctl setstripe -c 1 "$MNT/data/big"
	emu dd if=/dev/zero of="$MNT/data/big" bs=1M count=8 conv=notrunc status=none
	run -1 --separate-stderr fsxctl check -r "${T[@]}" "$MNT/data"
	assert_output "$MNT/data/big: large-file-few-stripes: 8.0 MiB over 1 OST (want at least 4); suggested layout: $PFL"
	assert_equal "$stderr" "check: 1 files, 1 directories: 1 finding (1 large-file-few-stripes)"
}

@test "check: small striped files and their directory are reported (exit 1)" {
	mkdir "$MNT/data/many"
	fsxctl setstripe -c 4 "$MNT/data/many"
	for i in 1 2 3; do emu sh -c "echo $i > '$MNT/data/many/f$i'"; done
	run -1 --separate-stderr fsxctl check -r "${T[@]}" --dir-files 3 "$MNT/data"
	assert_equal "$stderr" "check: 3 files, 2 directories: 5 findings (3 small-file-striped, 1 dir-small-files-striped, 1 dir-default-stripes-small-files)"
	assert_line "$MNT/data/many: dir-default-stripes-small-files: new files under 1.0 MiB get 4 stripes (want 1); suggested layout: $PFL"
	assert_line "$MNT/data/many/f2: small-file-striped: 2 bytes striped over 4 OSTs (want 1); suggested layout: $PFL"
	assert_line "$MNT/data/many: dir-small-files-striped: 3 of its 3 files are under 1.0 MiB and striped over more than one OST; suggested layout: $PFL"
	assert_equal "${#lines[@]}" 5
}

@test "check: a stripe size other than 1 MiB is reported (exit 1)" {
	fsxctl setstripe -c 1 -S 4M "$MNT/data/odd"
	run -1 --separate-stderr fsxctl check "${T[@]}" "$MNT/data/odd"
	assert_output "$MNT/data/odd: stripe-size: stripe size 4.0 MiB (want 1.0 MiB); suggested layout: $PFL"
}

@test "check: --json lists findings with rule, measured and suggestion (exit 1)" {
	fsxctl setstripe -c 1 "$MNT/data/big"
	emu dd if=/dev/zero of="$MNT/data/big" bs=1M count=8 conv=notrunc status=none
	run -1 fsxctl --json check -r "${T[@]}" "$MNT/data"
	run -0 python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["version"] == 1 and d["summary"]["files"] == 1 and d["summary"]["findings"] == 1, d
f = d["findings"][0]
assert f["rule"] == "large-file-few-stripes" and f["have"] == 1 and f["want"] == 4, f
assert f["suggest"].startswith("migrate -E 1M -c 1"), f
print("ok")' "$output"
	assert_output "ok"
}

@test "check: --fix is a dry run that changes nothing (exit 1)" {
	mkdir "$MNT/data/many"
	fsxctl setstripe -c 4 "$MNT/data/many"
	run -1 fsxctl check "${T[@]}" --fix "$MNT/data/many"
	assert_line "  would run: fsxctl setstripe $PFL '$MNT/data/many'"
	run -0 fsxctl getstripe -d -c "$MNT/data/many"
	assert_equal "${lines[0]}" "4"
}

@test "check: --fix --yes sets directory defaults and migrates files (exit 0)" {
	mkdir "$MNT/data/many"
	fsxctl setstripe -c 4 "$MNT/data/many"
	fsxctl setstripe -c 1 "$MNT/data/many/one"
	run -0 --separate-stderr fsxctl check "${T[@]}" --fix --yes "$MNT/data/many"
	assert_line "  fixed: new default layout set"
	run -0 fsxctl check -r "${T[@]}" "$MNT/data"
	fsxctl setstripe -c 1 "$MNT/data/big"
	emu dd if=/dev/urandom of="$MNT/data/big" bs=1M count=8 conv=notrunc status=none
	before=$(emu md5sum "$MNT/data/big" | cut -d' ' -f1)
	run -0 fsxctl check -r "${T[@]}" --fix --yes "$MNT/data"
	assert_equal "$(emu md5sum "$MNT/data/big" | cut -d' ' -f1)" "$before"
	run -0 fsxctl check -r "${T[@]}" "$MNT/data"
}

@test "check: the OSTs out of balance are reported once (exit 1)" {
	MNT2="$BATS_TEST_TMPDIR/small"
	fsxemu init "$MNT2" --osts 2 --ost-size 64M --fsname small >/dev/null
	MNT=$MNT2 fsxctl setstripe -c 1 -i 0 "$MNT2/fill"
	MNT=$MNT2 emu dd if=/dev/zero of="$MNT2/fill" bs=1M count=32 conv=notrunc status=none
	MNT=$MNT2 run -1 fsxctl check --balance 20 "$MNT2/fill"
	assert_line --regexp "^$MNT2: ost-balance: OST0000 is [0-9]+% full, OST0001 [0-9]+%: [0-9]+ points apart \(want at most 20\); "
}

@test "check: an empty tree is an error (exit 1)" {
	mkdir "$MNT/data/empty"
	run -1 --separate-stderr fsxctl check -r "$MNT/data/empty"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: check: $MNT/data/empty: empty tree: no files to check"
}

@test "check: bad thresholds are usage errors (exit 2)" {
	run -2 --separate-stderr fsxctl check --large 1X "$MNT"
	assert_equal "$stderr" "fsxctl: check: --large 1X: not a size (N with a K, M, G or T suffix)
Try 'fsxctl check --help'."
	run -2 --separate-stderr fsxctl check --small 2G --large 1G "$MNT"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: check: --small: is above --large"
	run -2 --separate-stderr fsxctl check --yes "$MNT"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: check: --yes: needs --fix"
}

@test "check: a path not on Lustre is an error (exit 1)" {
	run -1 --separate-stderr fsxctl check /etc/hostname
	assert_equal "${stderr%%$'\n'*}" "fsxctl: check: /etc/hostname: not on a Lustre filesystem (Inappropriate ioctl for device)"
}
