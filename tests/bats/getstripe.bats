#!/usr/bin/env bats
# getstripe against the emulator: lfs's formats, selectors, recursion, JSON, errors.
load helpers

setup() {
	emu_init --osts 16 --fsname abcdefgh --pool fast=0-7 --pool slow=8-15
	cd "$MNT"
}

golden() { # golden CASE SLUG: the recorded lfs stdout
	cat "$TOP/tests/golden/lfs-examples/getstripe/$1/runs/$2.stdout"
}

put_blob() { # put_blob CASE TARGET: a recorded blob set behind the emulator's back
	setfattr -n user.lustre.lov -v "0x$(xxd -p "$TOP/tests/golden/lfs-examples/getstripe/$1/blob.bin" | tr -d '\n')" "$2"
}

@test "getstripe: a recorded PFL blob prints exactly as lfs printed it (exit 0)" {
	touch file
	put_blob fsx_pfl4_init1 file
	run -0 fsxctl getstripe file
	assert_output "$(golden fsx_pfl4_init1 none)"
	run -0 fsxctl getstripe -v file
	assert_output "$(golden fsx_pfl4_init1 v)"
	run -0 fsxctl getstripe -y file
	assert_output "$(golden fsx_pfl4_init1 y)"
}

@test "getstripe: single selectors print bare values of the last instantiated component (exit 0)" {
	touch file
	put_blob fsx_pfl4_init1 file
	for s in c capS i p capL g capI component-count q; do
		argv=$(python3 -c "import json,sys;print(' '.join(json.load(open(sys.argv[1]))))" \
			"$TOP/tests/golden/lfs-examples/getstripe/fsx_pfl4_init1/runs/$s.argv")
		run -0 fsxctl $argv
		assert_equal "$output" "$(golden fsx_pfl4_init1 $s)"
	done
}

@test "getstripe: a new file gets the FSx default PFL with the first component instantiated (exit 0)" {
	run -0 fsxctl setstripe -c 1 plain
	emu touch newfile
	run -0 --separate-stderr fsxctl getstripe newfile
	assert_line --index 0 newfile
	assert_line --index 3 "  lcm_entry_count:   4"
	run -0 fsxctl getstripe -c newfile
	assert_output "1"
	run -0 fsxctl getstripe --component-count newfile
	assert_output "4"
}

@test "getstripe: -d on a directory prints the inherited root default (exit 0)" {
	mkdir dir
	run -0 fsxctl getstripe -d dir
	assert_line --index 0 "  lcm_layout_gen:    0"
	assert_line "      stripe_count:  32       stripe_size:   1048576       pattern:       raid0       stripe_offset: -1"
	run -0 fsxctl getstripe -d -c dir
	assert_output "32"
}

@test "getstripe: a directory lists its entries, -r walks the tree (exit 0)" {
	mkdir -p a/b
	fsxctl setstripe -c 2 a/f1
	fsxctl setstripe -c 3 a/b/f2
	run -0 fsxctl getstripe -c -r a
	run -0 --separate-stderr fsxctl getstripe -r a
	assert_line "a/f1"
	assert_line "a/b/f2"
	run -0 --separate-stderr fsxctl getstripe a
	assert_line "a/f1"
	refute_line "a/b/f2"
}

@test "getstripe: --json gives the documented shape (exit 0)" {
	fsxctl setstripe -E 100M -c 1 -E -1 -c 4 f
	run -0 fsxctl --json getstripe f
	run -0 python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["version"] == 1
e = d["entries"][0]
assert e["path"] == "f" and e["type"] == "file"
l = e["layout"]
assert l["composite"] and len(l["components"]) == 2
c0, c1 = l["components"]
assert c0["flags"] == ["init"] and c0["end"] == 104857600 and len(c0["objects"]) == 1
assert c1["end"] is None and c1["stripe_count"] == 4 and c1["objects"] == []
' "$output"
}

@test "getstripe: a file without a layout has no stripe info (exit 0)" {
	python3 -c 'import os; os.close(os.open("bare", os.O_CREAT | os.O_WRONLY | 0o400 | 0o20000))'
	run -0 fsxctl getstripe bare
	assert_output "bare has no stripe info"
}

@test "getstripe: a path not on Lustre is refused by name (exit 1)" {
	run -1 --separate-stderr fsxctl getstripe /etc/hostname
	assert_equal "$stderr" "fsxctl: getstripe: /etc/hostname: not on a Lustre filesystem"
}

@test "getstripe: a missing path is reported, the others still printed (exit 1)" {
	fsxctl setstripe -c 1 ok
	run -1 --separate-stderr fsxctl getstripe -c nope ok
	assert_equal "$stderr" "fsxctl: getstripe: nope: No such file or directory"
	assert_output "1"
}

@test "getstripe: a corrupt blob is reported, never read past (exit 1)" {
	touch bad
	# a composite header claiming 3 components in a 40-byte blob
	setfattr -n user.lustre.lov -v 0xd00bd60b2800000000000000000003000000000000000000000000000000000000000000000000 bad
	run -1 --separate-stderr fsxctl getstripe bad
	assert_output ""
	assert_equal "$stderr" "fsxctl: getstripe: bad: corrupt layout: 3 components, blob ends at byte 40 (Bad message)"
}

@test "getstripe: no path is a usage error (exit 2)" {
	run -2 --separate-stderr fsxctl getstripe -c
	assert_equal "$stderr" "fsxctl: getstripe: no path given
Try 'fsxctl getstripe --help'."
}

@test "getstripe: an unknown option suggests the closest (exit 2)" {
	run -2 --separate-stderr fsxctl getstripe --stripe-cont f
	assert_equal "$stderr" "fsxctl: getstripe: --stripe-cont: unknown option (did you mean --stripe-count?)
Try 'fsxctl getstripe --help'."
}

@test "getstripe: -O shows only files with objects on that OST (exit 0)" {
	fsxctl setstripe -o 3 on3
	fsxctl setstripe -o 5 on5
	run -0 --separate-stderr fsxctl getstripe -O abcdefgh-OST0003_UUID on3 on5
	assert_line on3
	refute_line on5
	assert_line --partial " *"
}

@test "getstripe: -D shows no default directory striping when none is set (exit 0)" {
	mkdir dir
	run -0 fsxctl getstripe -D -d dir
	assert_output ""
}

@test "getstripe: lfs's short spellings are accepted (--comp-count, --stripe_count) (exit 0)" {
	fsxctl setstripe -E 1M -c 1 -E -1 -c 2 f
	run -0 fsxctl getstripe --comp-count f
	assert_output "2"
	run -0 fsxctl getstripe --stripe_count f
	assert_output "1"
}
