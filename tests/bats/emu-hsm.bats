#!/usr/bin/env bats
# HSM: state flags, requests, release/restore, copytool, import, faults.
load helpers
load ../emu/emu_helpers

setup() {
	emu_init
}

nobody() {
	chmod a+rx "$BATS_RUN_TMPDIR" "$BATS_RUN_TMPDIR/test" "$BATS_TEST_TMPDIR"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

@test "emu: import makes released files whose data is in the repository" {
	run -0 fsxemu import "$MNT" --count 3 --size 100K --dir data
	run -0 lpy hsm_state "$MNT/data/file000001"
	assert_output "0xd 1 0 0 0"
	run -0 stat -c '%s' "$MNT/data/file000001"
	assert_output "102400"
	run -0 du -k "$MNT/data/file000001"
	assert_output --regexp "^[04]	"
	run -0 python3 "$LUSTRE_PY" decode "$(stored_lov "$MNT/data/file000001")"
	assert_line --index 2 --regexp "pattern=0x80000001 .* objs=$"
	assert_file_exists "$MNT.s3/data/file000001"
}

@test "emu: reading a released file restores it first; O_NONBLOCK does not" {
	fsxemu import "$MNT" --count 1 --size 10K
	run -0 emu python3 -c "
import os
fd = os.open('$MNT/import/file000000', os.O_RDONLY | os.O_NONBLOCK); os.close(fd)"
	run -0 lpy hsm_state "$MNT/import/file000000"
	assert_output "0xd 1 0 0 0"
	run -0 emu cmp "$MNT/import/file000000" "$MNT.s3/import/file000000"
	run -0 lpy hsm_state "$MNT/import/file000000"
	assert_output "0x9 1 0 0 0"
	run -0 python3 "$LUSTRE_PY" decode "$(stored_lov "$MNT/import/file000000")"
	assert_line --index 2 --regexp "pattern=0x1 .* count=1 off30=0 pool= objs=[0-7]:[0-9]+/0$"
}

@test "emu: restore requests queue and the copytool works through them" {
	fsxemu import "$MNT" --count 2 --size 4K
	lpy hsm_request "$MNT" restore 0 "$MNT/import/file000000" "$MNT/import/file000001"
	run -0 lpy hsm_action "$MNT/import/file000000"
	assert_output "1 11 0 18446744073709551615"
	run -0 lpy hsm_state "$MNT/import/file000001"
	assert_output "0xd 1 1 11 18446744073709551615"
	run -0 fsxemu copytool "$MNT" --once
	run -0 lpy hsm_action "$MNT/import/file000000"
	assert_output "0 1 0 0"
	run -0 lpy hsm_state "$MNT/import/file000001"
	assert_output "0x9 1 0 0 0"
	run -0 cmp "$MNT/import/file000001" "$MNT.s3/import/file000001"
}

@test "emu: archive, release and remove follow the state rules" {
	emu sh -c "echo payload > $MNT/f"
	run -1 --separate-stderr lpy hsm_request "$MNT" release 0 "$MNT/f"
	assert_equal "$stderr" "errno 1"
	lpy hsm_request "$MNT" archive 2 "$MNT/f"
	fsxemu copytool "$MNT" --once
	run -0 lpy hsm_state "$MNT/f"
	assert_output "0x9 2 0 0 0"
	lpy hsm_request "$MNT" release 0 "$MNT/f"
	run -0 lpy hsm_state "$MNT/f"
	assert_output "0xd 2 0 0 0"
	run -0 stat -c '%s' "$MNT/f"
	assert_output "8"
	run -0 du -k "$MNT/f"
	assert_output --regexp "^[04]	"
	run -1 --separate-stderr lpy hsm_request "$MNT" remove 0 "$MNT/f"
	assert_equal "$stderr" "errno 1"
	run -0 emu cat "$MNT/f"
	assert_output payload
	lpy hsm_request "$MNT" remove 0 "$MNT/f"
	fsxemu copytool "$MNT" --once
	run -0 lpy hsm_state "$MNT/f"
	assert_output "0x0 2 0 0 0"
	assert_file_not_exists "$MNT.s3/f"
}

@test "emu: writing an archived file makes it dirty, which blocks release" {
	emu sh -c "echo one > $MNT/f"
	lpy hsm_request "$MNT" archive 1 "$MNT/f"
	fsxemu copytool "$MNT" --once
	emu sh -c "echo two >> $MNT/f"
	run -0 lpy hsm_state "$MNT/f"
	assert_output "0xb 1 0 0 0"
	run -1 --separate-stderr lpy hsm_request "$MNT" release 0 "$MNT/f"
	assert_equal "$stderr" "errno 1"
}

@test "emu: hsm state set: user bits for anyone, the rest root only, EINVAL past 0x7f" {
	emu touch "$MNT/f"
	chmod 666 "$MNT/f"
	chmod 777 "$MNT"
	run -0 lpy hsm_set "$MNT/f" 0x10 0
	run -0 lpy hsm_state "$MNT/f"
	assert_output "0x10 0 0 0 0"
	run -1 --separate-stderr nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$LUSTRE_PY" hsm_set "$MNT/f" 0x8 0
	assert_equal "$stderr" "errno 1"
	run -0 nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$LUSTRE_PY" hsm_set "$MNT/f" 0x20 0x10
	run -0 lpy hsm_state "$MNT/f"
	assert_output "0x20 0 0 0 0"
	run -1 --separate-stderr lpy hsm_set "$MNT/f" 0x80 0
	assert_equal "$stderr" "errno 22"
	run -0 lpy hsm_set "$MNT/f" 0x9 0 7
	run -0 lpy hsm_state "$MNT/f"
	assert_output "0x29 7 0 0 0"
}

@test "emu: HSM requests: E2BIG at 53 items, non-root only restores" {
	for i in $(seq 1 53); do : > "$MNT/f$i"; done
	run -1 --separate-stderr lpy hsm_request "$MNT" restore 0 $(seq -f "$MNT/f%g" 1 53)
	assert_equal "$stderr" "errno 7"
	run -0 lpy hsm_request "$MNT" restore 0 $(seq -f "$MNT/f%g" 1 52)
	run -0 lpy hsm_request "$MNT" restore 0
	chmod 777 "$MNT"
	run -1 --separate-stderr nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$LUSTRE_PY" hsm_request "$MNT" archive 0 "$MNT/f1"
	assert_equal "$stderr" "errno 1"
	run -0 nobody "$BUILD/fsxemu" run "$MNT" -- python3 "$LUSTRE_PY" hsm_request "$MNT" restore 0 "$MNT/f1"
}

@test "emu: FSXEMU_FAULT fails chosen restores with EIO and the file stays released" {
	fsxemu import "$MNT" --count 2 --size 4K
	lpy hsm_request "$MNT" restore 0 "$MNT/import/file000000" "$MNT/import/file000001"
	FSXEMU_FAULT='hsm_restore:EIO:import/file000001' run -0 fsxemu copytool "$MNT" --once
	run -0 lpy hsm_state "$MNT/import/file000000"
	assert_output "0x9 1 0 0 0"
	run -0 lpy hsm_state "$MNT/import/file000001"
	assert_output "0xd 1 0 0 0"
	FSXEMU_FAULT='hsm_restore:EIO:100%' run -1 --separate-stderr emu cat "$MNT/import/file000001"
	assert_equal "$stderr" "cat: $MNT/import/file000001: Input/output error"
}

@test "emu: the copytool keeps at most 3 requests running and honours --rate" {
	fsxemu import "$MNT" --count 6 --size 1K
	lpy hsm_request "$MNT" restore 0 $(seq -f "$MNT/import/file%06g" 0 5)
	fsxemu copytool "$MNT" --rate 2 &
	local pid=$!
	sleep 0.3
	run -0 emu sh -c "for f in $MNT/import/*; do python3 $LUSTRE_PY hsm_action \$f; done | grep -c '^2 11'"
	kill "$pid"
	wait "$pid" || true
	[ "$output" -le 3 ]
	[ "$output" -ge 1 ]
}
