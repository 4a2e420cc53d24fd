#!/usr/bin/env bats
# setstripe against the emulator: every flag, and nothing changed on error.
load helpers

setup() {
	emu_init --osts 16 --fsname abcdefgh --pool fast=0-7 --pool slow=8-15
	cd "$MNT"
}

@test "setstripe: -c -S create a file with that plain layout (exit 0)" {
	run -0 fsxctl setstripe -c 4 -S 4M f
	run -0 fsxctl getstripe -c -S f
	assert_output "lmm_stripe_count:  4
lmm_stripe_size:   4194304"
}

@test "setstripe: -c -1 stripes over every OST (exit 0)" {
	run -0 fsxctl setstripe -c -1 f
	run -0 fsxctl getstripe -c f
	assert_output "16"
}

@test "setstripe: -i and -o place the stripes (exit 0)" {
	run -0 fsxctl setstripe -c 2 -i 5 a
	run -0 fsxctl getstripe -i a
	assert_output "5"
	run -0 fsxctl setstripe -o 1,3-4 b
	run -0 --separate-stderr fsxctl getstripe b
	assert_line --regexp $'^\t +1\t'
	assert_line --regexp $'^\t +3\t'
	assert_line --regexp $'^\t +4\t'
}

@test "setstripe: -p allocates from the pool's OSTs (exit 0)" {
	run -0 fsxctl setstripe -c 4 -p slow f
	run -0 fsxctl getstripe -p f
	assert_output "slow"
	run -0 --separate-stderr fsxctl getstripe -q f
	for ost in $(awk 'NF == 4 && $1 ~ /^[0-9]+$/ {print $1}' <<<"$output"); do
		[ "$ost" -ge 8 ]
	done
}

@test "setstripe: a PFL layout with -E prints as lfs prints it (exit 0)" {
	run -0 fsxctl setstripe -E 100M -c 1 -E 10G -c 8 -E 100G -c 16 -E -1 -c 32 f
	run -0 fsxctl getstripe --component-count f
	assert_output "4"
	run -0 fsxctl getstripe -I4 -c f
	assert_output "32"
	run -0 fsxctl getstripe -E -I2 f
	assert_output "10737418240"
}

@test "setstripe: -L mdt makes a Data-on-MDT first component (exit 0)" {
	run -0 fsxctl setstripe -E 1M -L mdt -E -1 -c 4 f
	run -0 fsxctl getstripe -I1 -L f
	assert_output "mdt"
}

@test "setstripe: a directory default applies to new files, -d removes it (exit 0)" {
	mkdir d
	run -0 fsxctl setstripe -c 3 -S 2M d
	run -0 fsxctl getstripe -d d
	assert_output "stripe_count:  3 stripe_size:   2097152 pattern:       raid0 stripe_offset: -1"
	emu touch d/new
	run -0 fsxctl getstripe -c d/new
	assert_output "3"
	run -0 fsxctl setstripe -d d
	run -0 fsxctl getstripe -d -c d
	assert_output "32"
}

@test "setstripe: a composite directory default (exit 0)" {
	mkdir ckpt
	run -0 fsxctl setstripe -E 64M -c 1 -E -1 -c 8 ckpt
	run -0 fsxctl getstripe -d --component-count ckpt
	assert_output "2"
}

@test "setstripe: many paths in one call (exit 0)" {
	run -0 fsxctl setstripe -c 2 a b c
	for f in a b c; do
		run -0 fsxctl getstripe -c "$f"
		assert_output "2"
	done
}

@test "setstripe: --yaml takes a getstripe --yaml template (exit 0)" {
	fsxctl setstripe -E 4G -c 2 -E -1 -c 8 -p fast src
	fsxctl getstripe -y src > tpl.yaml
	run -0 fsxctl setstripe --yaml tpl.yaml dst
	run -0 fsxctl getstripe -I2 -c -p dst
	assert_output "      lmm_stripe_count:  8
      lmm_pool:          fast"
	run -0 fsxctl getstripe -I1 -E dst
	assert_output "4294967296"
}

@test "setstripe: a file that already has a layout is refused, pointing to migrate (exit 1)" {
	fsxctl setstripe -c 1 f
	echo data > f
	run -1 --separate-stderr fsxctl setstripe -E 1M -c 1 -E -1 -c 4 f
	assert_equal "$stderr" "fsxctl: setstripe: f: stripe already set: the file has data (5 bytes); use 'fsxctl migrate' to change its layout"
	run -0 fsxctl getstripe -c f
	assert_output "1"
	assert_file_contains f data
}

@test "setstripe: -S not a multiple of 64K is a usage error, nothing created (exit 2)" {
	run -2 --separate-stderr fsxctl setstripe -S 100K f
	assert_equal "$stderr" "fsxctl: setstripe: -S 100K: stripe size must be a multiple of 64 KiB
Try 'fsxctl setstripe --help'."
	assert_file_not_exists f
}

@test "setstripe: counts and indices out of range are usage errors (exit 2)" {
	run -2 --separate-stderr fsxctl setstripe -c 2001 f
	assert_equal "${stderr%%$'\n'*}" "fsxctl: setstripe: -c 2001: stripe count must be -1 (all OSTs) or 0 to 2000"
	run -2 --separate-stderr fsxctl setstripe -i 70000 f
	run -2 --separate-stderr fsxctl setstripe -o 1,x f
	run -2 --separate-stderr fsxctl setstripe -E 100K f
	assert_file_not_exists f
}

@test "setstripe: non-increasing -E names the option (exit 2)" {
	run -2 --separate-stderr fsxctl setstripe -E 1G -c 1 -E 512M -c 2 -E -1 f
	assert_equal "${stderr%%$'\n'*}" "fsxctl: setstripe: -E 536870912: component 2 must end after the previous one (1073741824)"
	assert_file_not_exists f
}

@test "setstripe: a pool name too long is refused (exit 2)" {
	run -2 --separate-stderr fsxctl setstripe -p averyveryverylongpool f
	assert_equal "${stderr%%$'\n'*}" "fsxctl: setstripe: -p averyveryverylongpool: pool name longer than 15 characters"
	assert_file_not_exists f
}

@test "setstripe: an unknown pool or OST is refused before anything is created (exit 1)" {
	run -1 --separate-stderr fsxctl setstripe -p nosuch f
	assert_equal "$stderr" "fsxctl: setstripe: -p: nosuch: no such pool on this filesystem"
	run -1 --separate-stderr fsxctl setstripe -i 99 f
	assert_equal "$stderr" "fsxctl: setstripe: -i: 99: no such OST (this filesystem has OST 0 to 15)"
	assert_file_not_exists f
}

@test "setstripe: a path not on Lustre is refused, nothing created (exit 1)" {
	run -1 --separate-stderr fsxctl setstripe -c 1 "$BATS_TEST_TMPDIR/plain"
	assert_equal "$stderr" "fsxctl: setstripe: $BATS_TEST_TMPDIR/plain: not on a Lustre filesystem"
	assert_file_not_exists "$BATS_TEST_TMPDIR/plain"
}

@test "setstripe: a missing parent directory is reported (exit 1)" {
	run -1 --separate-stderr fsxctl setstripe -c 1 nodir/f
	assert_equal "$stderr" "fsxctl: setstripe: nodir/f: cannot open the parent directory (No such file or directory)"
}

@test "setstripe: permission denied is reported, nothing created (exit 1)" {
	[ "$(id -u)" = 0 ] || skip "needs root to drop privileges"
	command -v setpriv >/dev/null || skip "setpriv missing"
	mkdir ro && chmod 555 ro
	d=$MNT
	while [ "$d" != / ]; do
		chmod o+x "$d" 2>/dev/null || true
		d=$(dirname "$d")
	done
	run -1 --separate-stderr "$BUILD/fsxemu" run "$MNT" -- setpriv --reuid=65534 --regid=65534 --clear-groups "$BUILD/fsxctl" setstripe -c 1 ro/f
	assert_equal "$stderr" "fsxctl: setstripe: ro/f: cannot create (Permission denied)"
	assert_file_not_exists ro/f
}

@test "setstripe: a YAML template that is not one is refused (exit 2)" {
	printf 'hello: [1, 2\n' > bad.yaml
	run -2 --separate-stderr fsxctl setstripe --yaml bad.yaml f
	assert_regex "$stderr" "^fsxctl: setstripe: bad.yaml: line [0-9]+: not YAML"
	printf 'name: value\n' > other.yaml
	run -2 --separate-stderr fsxctl setstripe --yaml other.yaml f
	assert_equal "$stderr" "fsxctl: setstripe: other.yaml: not a layout template (no stripe_count, stripe_size or components found)"
	assert_file_not_exists f
}

@test "setstripe: -d with layout options, or no layout at all, are usage errors (exit 2)" {
	mkdir d
	run -2 --separate-stderr fsxctl setstripe -d -c 2 d
	run -2 --separate-stderr fsxctl setstripe f
	assert_file_not_exists f
}

@test "setstripe: an unknown pool on a directory is one message (exit 1)" {
	mkdir d
	run -1 --separate-stderr fsxctl setstripe -p nosuch d
	assert_equal "$stderr" "fsxctl: setstripe: -p: nosuch: no such pool on this filesystem"
	run -0 fsxctl getstripe -d --component-count d
	assert_output "4"
}
