#!/usr/bin/env bats
# Layouts: what new files get, setstripe/setxattr rules, getstripe forms.
load helpers
load ../emu/emu_helpers

setup() {
	emu_init --fsname abcdefgh --pool fast=0-3 --pool slow=4-7
}

# the lustre-abi.md §9.1 / §9.2 hexdumps
abi_dump() {
	awk -v sec="$1" '
		$0 ~ "^### " sec { on = 1; next }
		on && /^```/ { n++; if (n == 2) exit; next }
		on && n == 1 { sub(/^[0-9a-f]+: /, ""); gsub(/ /, ""); printf "%s", $0 }
	' "$EXAMPLES/../lustre-abi.md"
}

@test "emu: the root's default is FSx's 4-component PFL, byte for byte (§9.1)" {
	run -0 lpy getstripe "$MNT"
	assert_output "$(abi_dump 9.1)"
	mkdir "$MNT/sub"
	run -0 lpy getstripe "$MNT/sub"
	assert_output "$(abi_dump 9.1)"
	run -0 emu getfattr --absolute-names --only-values -n lustre.lov "$MNT/sub"
	run -1 --separate-stderr lpy getfilestripe "$MNT/sub"
	assert_equal "$stderr" "errno 61"
}

@test "emu: a new file gets the MDT-form layout of §9.2" {
	emu touch "$MNT/newfile"
	run -0 lpy getfilestripe "$MNT/newfile"
	assert_output "$(abi_dump 9.2)"
	assert_equal "$(stored_lov "$MNT/newfile")" "$(abi_dump 9.2)"
	run -0 lpy path2fid "$MNT/newfile"
	assert_output "[0x200000401:0x1:0x0]"
}

@test "emu: getxattr lustre.lov on a file returns the client form (§4)" {
	emu touch "$MNT/newfile"
	run -0 emu python3 -c "import os; print(os.getxattr('$MNT/newfile', 'lustre.lov').hex())"
	run -0 python3 "$LUSTRE_PY" decode "$output"
	assert_line --index 0 "comp size=376 gen=4 flags=0 entries=4 mirrors=0"
	assert_line --index 1 " id=1 flags=0x10 [0,104857600) off=224 size=56"
	assert_line --index 2 "  magic=0xbd10bd0 pattern=0x1 oi=0x0:0x0 size=1048576 count=1 off30=0 pool= objs=0:2/0"
	assert_line --index 3 " id=2 flags=0x0 [104857600,10737418240) off=280 size=32"
	assert_line --index 4 "  magic=0xbd10bd0 pattern=0x1 oi=0x0:0x0 size=1048576 count=8 off30=-1 pool= objs="
	run -0 lpy getstripe "$MNT/newfile"
	assert_output --regexp "^d00bd60b78010000"
}

@test "emu: a blob written to user.lustre.lov by anyone is read back verbatim" {
	for c in fsx_pfl4_init1 v1_c4_S4M v1_released_c1 v3_pool_fast_c2_S1M dom_1M_then_c4 pfl2_first_init; do
		rm -f "$MNT/file"
		touch "$MNT/file"
		setfattr -n user.lustre.lov -v "0x$(hexof "$EXAMPLES/getstripe/$c/blob.bin")" "$MNT/file"
		run -0 lpy getfilestripe "$MNT/file"
		assert_equal "$output" "$(hexof "$EXAMPLES/getstripe/$c/blob.bin")"
	done
	mkdir "$MNT/dir"
	setfattr -n user.lustre.lov -v "0x$(hexof "$EXAMPLES/getstripe/dir_default_fsx_pfl4/blob.bin")" "$MNT/dir"
	run -0 lpy getstripe "$MNT/dir"
	assert_output "$(hexof "$EXAMPLES/getstripe/dir_default_fsx_pfl4/blob.bin")"
	run -0 lpy getfilestripe "$MNT/dir"
	assert_output "$(hexof "$EXAMPLES/getstripe/dir_default_fsx_pfl4/blob.bin")"
}

@test "emu: lfs's plain setstripe blob (-c 4 -S 4M) makes a 4-stripe file" {
	run -0 lpy setstripe "$MNT/file" "$EXAMPLES/setstripe/ss_c4_S4M/sent-0001-setstripe-ioctl.bin"
	run -0 lpy getfilestripe "$MNT/file"
	run -0 python3 "$LUSTRE_PY" decode "$output"
	assert_output --regexp "^magic=0xbd10bd0 pattern=0x1 oi=0x200000401:0x1 size=4194304 count=4 off30=0 pool= objs=[0-7]:2/0,[0-7]:2/0,[0-7]:2/0,[0-7]:2/0$"
}

@test "emu: setstripe -p slow on a directory is stored as sent and inherited" {
	mkdir "$MNT/dir"
	run -0 lpy setstripe "$MNT/dir" "$EXAMPLES/setstripe/ss_dir_pool/sent-0001-setstripe-ioctl.bin"
	run -0 lpy getfilestripe "$MNT/dir"
	assert_output "$(hexof "$EXAMPLES/setstripe/ss_dir_pool/sent-0001-setstripe-ioctl.bin")"
	emu touch "$MNT/dir/f"
	run -0 lpy getfilestripe "$MNT/dir/f"
	run -0 python3 "$LUSTRE_PY" decode "$output"
	assert_output --regexp "^magic=0xbd30bd0 pattern=0x1 oi=0x200000401:0x[0-9a-f]+ size=1048576 count=1 off30=0 pool=slow objs=[4-7]:2/0$"
}

@test "emu: lfs's composite DoM blob makes an init DoM component and a pending c4" {
	run -0 lpy setxattr "$MNT/file" "$EXAMPLES/setstripe/ss_dom_1M/sent-0001-setxattr-lustre_lov.bin"
	run -0 lpy getfilestripe "$MNT/file"
	run -0 python3 "$LUSTRE_PY" decode "$output"
	assert_line --index 0 "comp size=216 gen=2 flags=0 entries=2 mirrors=0"
	assert_line --index 1 " id=1 flags=0x10 [0,1048576) off=128 size=32"
	assert_line --index 2 "  magic=0xbd10bd0 pattern=0x100 oi=0x200000401:0x1 size=1048576 count=0 off30=0 pool= objs="
	assert_line --index 4 "  magic=0xbd10bd0 pattern=0x1 oi=0x200000401:0x1 size=1048576 count=4 off30=-1 pool= objs=-1:0/0"
}

@test "emu: lfs's FSx PFL blob on a new file equals the default a file inherits" {
	run -0 lpy setxattr "$MNT/a" "$EXAMPLES/setstripe/ss_fsx_pfl4/sent-0001-setxattr-lustre_lov.bin"
	emu touch "$MNT/b"
	run -0 lpy getfilestripe "$MNT/a"
	local a=${output:96:32}
	run -0 python3 "$LUSTRE_PY" decode "$(stored_lov "$MNT/b")"
	assert_line --index 0 "comp size=448 gen=4 flags=0 entries=4 mirrors=0"
}

@test "emu: components instantiate once data reaches them" {
	emu python3 -c "
f = open('$MNT/big', 'wb'); f.truncate(100 * 1048576 + 1); f.close()"
	run -0 lpy getfilestripe "$MNT/big"
	run -0 python3 "$LUSTRE_PY" decode "$output"
	assert_line --index 0 "comp size=616 gen=5 flags=0 entries=4 mirrors=0"
	assert_line --index 3 " id=2 flags=0x10 [104857600,10737418240) off=280 size=224"
	assert_line --index 5 " id=3 flags=0x0 [10737418240,107374182400) off=504 size=56"
}

@test "emu: stripe count -1 means all OSTs, more than the OSTs is capped" {
	run -0 lpy setstripe "$MNT/all" "$(python3 "$LUSTRE_PY" pack v1 0 -1 -1)"
	run -0 python3 "$LUSTRE_PY" decode "$(stored_lov "$MNT/all")"
	assert_output --regexp "count=8 "
	run -0 lpy setstripe "$MNT/many" "$(python3 "$LUSTRE_PY" pack v1 0 100 -1)"
	run -0 python3 "$LUSTRE_PY" decode "$(stored_lov "$MNT/many")"
	assert_output --regexp "count=8 "
	run -0 lpy setstripe "$MNT/pool" "$(python3 "$LUSTRE_PY" pack v1 0 -1 -1 fast)"
	run -0 python3 "$LUSTRE_PY" decode "$(stored_lov "$MNT/pool")"
	assert_output --regexp "count=4 off30=0 pool=fast objs=[0-3]:[0-9]+/0,[0-3]"
}

@test "emu: a stripe offset picks the first OST, an OST list is followed" {
	run -0 lpy setstripe "$MNT/i5" "$(python3 "$LUSTRE_PY" pack v1 65536 2 5)"
	run -0 python3 "$LUSTRE_PY" decode "$(stored_lov "$MNT/i5")"
	assert_output --regexp "size=65536 count=2 off30=0 pool= objs=5:2/0,6:2/0$"
	run -0 lpy setstripe "$MNT/o" "$(python3 "$LUSTRE_PY" pack specific 0 7,1,3)"
	run -0 python3 "$LUSTRE_PY" decode "$(stored_lov "$MNT/o")"
	assert_output --regexp "count=3 off30=0 pool= objs=7:[0-9]+/0,1:[0-9]+/0,3:[0-9]+/0$"
}

@test "emu: invalid layouts fail with EINVAL and leave no layout" {
	for blob in "$(python3 "$LUSTRE_PY" pack v1 100000 1 -1)" \
		"$(python3 "$LUSTRE_PY" pack v1 0 1 8)" \
		"$(python3 "$LUSTRE_PY" pack v1 0 1 5 fast)" \
		"$(python3 "$LUSTRE_PY" pack specific 0 1,9)" \
		"$(python3 "$LUSTRE_PY" pack comp 0-1048576:1 2097152-eof:2)" \
		"$(python3 "$LUSTRE_PY" pack comp 0-2097152:1 1048576-eof:2)" \
		"$(python3 "$LUSTRE_PY" pack comp 0-1048576:1:0:x:0x7 1048576-eof:2)" \
		"d00bd90b01000000000000000000000000000000000000000000000000000000"; do
		rm -f "$MNT/bad"
		run -1 --separate-stderr lpy setstripe "$MNT/bad" "$blob"
		assert_equal "$stderr" "errno 22"
		run -1 --separate-stderr lpy getfilestripe "$MNT/bad"
		assert_equal "$stderr" "errno 61"
	done
}

@test "emu: a second setstripe is EEXIST; a second setxattr is swallowed" {
	lpy setstripe "$MNT/f" "$(python3 "$LUSTRE_PY" pack v1 0 2 -1)"
	local before
	before=$(stored_lov "$MNT/f")
	run -1 --separate-stderr lpy setstripe "$MNT/f" "$(python3 "$LUSTRE_PY" pack v1 0 4 -1)"
	assert_equal "$stderr" "errno 17"
	run -0 lpy setxattr "$MNT/f" "$(python3 "$LUSTRE_PY" pack comp 0-1048576:1 1048576-eof:2)"
	assert_equal "$(stored_lov "$MNT/f")" "$before"
}

@test "emu: setxattr lustre.lov size rules: ERANGE for short, 0 is a no-op" {
	emu sh -c ": > $MNT/f"
	touch "$MNT/g"
	run -0 emu python3 -c "
import os
for v in (b'\xd0\x0b\xd1\x0b' + bytes(20), bytes.fromhex('$(python3 "$LUSTRE_PY" pack comp 0-1048576:1 1048576-eof:2)')[:100], b'\x01\x02\x03\x04' + bytes(60)):
    try:
        os.setxattr('$MNT/g', 'lustre.lov', v); print('ok')
    except OSError as e:
        print(e.errno)
os.setxattr('$MNT/g', 'lustre.lov', b''); print('empty ok')"
	assert_output "34
34
34
empty ok"
	run -1 --separate-stderr lpy getfilestripe "$MNT/g"
	assert_equal "$stderr" "errno 61"
}

@test "emu: directory defaults: plain by ioctl, composite only by xattr (524)" {
	mkdir "$MNT/d"
	run -1 --separate-stderr lpy setstripe "$MNT/d" "$(python3 "$LUSTRE_PY" pack comp 0-1048576:1 1048576-eof:2)"
	assert_equal "$stderr" "errno 524"
	run -0 lpy setxattr "$MNT/d" "$(python3 "$LUSTRE_PY" pack comp 0-1048576:1 1048576-eof:2)"
	run -0 lpy getfilestripe "$MNT/d"
	assert_output "$(python3 "$LUSTRE_PY" pack comp 0-1048576:1 1048576-eof:2)"
	emu touch "$MNT/d/f"
	run -0 python3 "$LUSTRE_PY" decode "$(stored_lov "$MNT/d/f")"
	assert_line --index 0 "comp size=240 gen=2 flags=0 entries=2 mirrors=0"
	run -0 emu setfattr -x lustre.lov "$MNT/d" || true
	run -0 lpy setstripe "$MNT/d" "$(python3 "$LUSTRE_PY" pack v1 0 0 -1)"
	run -1 --separate-stderr lpy getfilestripe "$MNT/d"
	assert_equal "$stderr" "errno 61"
	run -0 lpy getstripe "$MNT/d"
	assert_output "$(abi_dump 9.1)"
}

@test "emu: O_LOV_DELAY_CREATE leaves no layout until one is set or data written" {
	run -0 emu python3 -c "
import os
fd = os.open('$MNT/d1', os.O_WRONLY | os.O_CREAT | os.O_NOCTTY | 0o20000, 0o644)
os.close(fd)"
	run -1 --separate-stderr lpy getfilestripe "$MNT/d1"
	assert_equal "$stderr" "errno 61"
	run -0 emu getfattr -n lustre.lov "$MNT/d1" || true
	emu sh -c "echo data >> $MNT/d1"
	run -0 lpy getfilestripe "$MNT/d1"
	assert_output --regexp "^d00bd60bc0010000"
}

@test "emu: files made behind the emulator's back are adopted" {
	mkdir -p "$MNT/x/y"
	echo hello > "$MNT/x/y/plain"
	run -1 --separate-stderr lpy getfilestripe "$MNT/x/y/plain"
	assert_equal "$stderr" "errno 61"
	run -0 lpy path2fid "$MNT/x/y/plain"
	local fid=$output
	run -0 lpy path2fid "$MNT/x/y/plain"
	assert_output "$fid"
	emu sh -c "echo more >> $MNT/x/y/plain"
	run -0 lpy getfilestripe "$MNT/x/y/plain"
	assert_output --regexp "^d00bd60b"
}
