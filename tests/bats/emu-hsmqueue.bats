#!/usr/bin/env bats
# The HSM request queue scales: per-file costs do not grow with its length.
load helpers
load ../emu/emu_helpers

setup() {
	emu_init
	BENCH="$TOP/tests/emu/hsmbench.py"
	command -v strace >/dev/null || skip "strace is not installed"
}

# cost LOG: "CALLS BYTES" of an strace -f log: system calls made, and
# bytes moved by pread/pwrite (the queue file is read and written so)
cost() {
	awk '!/resumed>/ { calls++ }
	     /^[0-9]+ +p(read|write)64\(/ && $NF ~ /^[0-9]+$/ { bytes += $NF }
	     END { print calls + 0, bytes + 0 }' "$1"
}

traced() { # LOG CMD...: CMD under strace (emu/lpy: through the emulator)
	local log=$1
	shift
	case $1 in
	emu) shift; set -- "$BUILD/fsxemu" run "$MNT" -- "$@" ;;
	lpy) shift; set -- "$BUILD/fsxemu" run "$MNT" -- python3 "$LUSTRE_PY" "$@" ;;
	esac
	# LeakSanitizer cannot run under ptrace (B=build-san)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -o "$log" "$@"
}

@test "emu: an HSM request and hsm_action cost the same with 1000 files queued" {
	fsxemu import "$MNT" --count 1000 --size 1K --dir a >/dev/null
	fsxemu import "$MNT" --count 52 --size 1K --dir b >/dev/null
	fsxemu import "$MNT" --count 52 --size 1K --dir c >/dev/null
	traced "$BATS_TEST_TMPDIR/1" emu python3 "$BENCH" "$MNT" "$MNT/b" 1
	traced "$BATS_TEST_TMPDIR/a1" lpy hsm_action "$MNT/b/file000007"
	run -0 emu python3 "$BENCH" "$MNT" "$MNT/a" 2
	assert_output "requests=20 files=1000 errors=0"
	traced "$BATS_TEST_TMPDIR/2" emu python3 "$BENCH" "$MNT" "$MNT/c" 1
	traced "$BATS_TEST_TMPDIR/a2" lpy hsm_action "$MNT/c/file000007"
	run -0 lpy hsm_action "$MNT/c/file000007"
	assert_output "1 11 0 18446744073709551615"
	read -r c1 b1 < <(cost "$BATS_TEST_TMPDIR/1")
	read -r c2 b2 < <(cost "$BATS_TEST_TMPDIR/2")
	echo "request: calls $c1 -> $c2, bytes $b1 -> $b2"
	[ "$c2" -le $((c1 + c1 / 20)) ]
	[ "$b2" -le $((b1 + 4096)) ]
	read -r c1 b1 < <(cost "$BATS_TEST_TMPDIR/a1")
	read -r c2 b2 < <(cost "$BATS_TEST_TMPDIR/a2")
	echo "hsm_action: calls $c1 -> $c2, bytes $b1 -> $b2"
	[ "$c2" -le $((c1 + 20)) ]
	[ "$b2" -le $((b1 + 512)) ]
}

@test "emu: the copytool's work per file does not grow with the queue" {
	fsxemu import "$MNT" --count 1000 --size 1K --dir a >/dev/null
	fsxemu import "$MNT" --count 50 --size 1K --dir b >/dev/null
	emu python3 "$BENCH" "$MNT" "$MNT/b" 1
	traced "$BATS_TEST_TMPDIR/1" fsxemu copytool "$MNT" --once
	emu python3 "$BENCH" "$MNT" "$MNT/a" 2
	traced "$BATS_TEST_TMPDIR/2" fsxemu copytool "$MNT" --once
	read -r c1 b1 < <(cost "$BATS_TEST_TMPDIR/1")
	read -r c2 b2 < <(cost "$BATS_TEST_TMPDIR/2")
	echo "per file: calls $((c1 / 50)) -> $((c2 / 1000)), bytes $((b1 / 50)) -> $((b2 / 1000))"
	[ $((c2 / 1000)) -le $((c1 / 50 + 2)) ]
	[ $((b2 / 1000)) -le $((b1 / 50 + 64)) ]
	run -0 lpy hsm_state "$MNT/a/file000999"
	assert_output "0x9 1 0 0 0"
	run -0 cmp "$MNT/a/file000500" "$MNT.s3/a/file000500"
}

@test "emu: duplicates collapse, cancel drops waiting requests, a drained queue restarts" {
	fsxemu import "$MNT" --count 3 --size 1K >/dev/null
	f=("$MNT"/import/file00000{0,1,2})
	lpy hsm_request "$MNT" restore 0 "${f[0]}" "${f[0]}" "${f[1]}"
	lpy hsm_request "$MNT" restore 0 "${f[1]}" "${f[2]}"
	state=$(fsxemu info "$MNT" | sed -n 's/^state=//p')
	# 64-byte header, one 64-byte record per distinct file
	run -0 stat -c %s "$state/hsm/queue"
	assert_output $((64 + 3 * 64))
	lpy hsm_request "$MNT" cancel 0 "${f[1]}"
	run -0 lpy hsm_action "$MNT/import/file000001"
	assert_output "0 1 0 0"
	run -0 lpy hsm_action "$MNT/import/file000002"
	assert_output "1 11 0 18446744073709551615"
	# an open restores at once and completes the queued request
	run -0 emu cat "${f[2]}"
	run -0 lpy hsm_action "$MNT/import/file000002"
	assert_output "0 1 0 0"
	run -0 fsxemu copytool "$MNT" --once
	run -0 lpy hsm_state "${f[0]}"
	assert_output "0x9 1 0 0 0"
	run -0 lpy hsm_state "${f[1]}"
	assert_output "0xd 1 0 0 0"
	run -0 stat -c %s "$state/hsm/queue"
	assert_output 64
	run -0 ls "$state/hsm/pend"
	assert_output ""
	# a new epoch: requests after the reset are seen, old markers are not
	lpy hsm_request "$MNT" restore 0 "${f[1]}"
	run -0 lpy hsm_action "$MNT/import/file000001"
	assert_output "1 11 0 18446744073709551615"
	run -0 lpy hsm_action "$MNT/import/file000000"
	assert_output "0 1 0 0"
}

@test "emu: requests a killed copytool left running wait again for the next one" {
	fsxemu import "$MNT" --count 6 --size 1K >/dev/null
	lpy hsm_request "$MNT" restore 0 $(seq -f "$MNT/import/file%06g" 0 5)
	"$BUILD/fsxemu" copytool "$MNT" --rate 1 &
	pid=$!
	until lpy hsm_action "$MNT/import/file000000" | grep -q '^2 11'; do sleep 0.1; done
	kill -9 "$pid"
	wait "$pid" || true
	run -0 lpy hsm_action "$MNT/import/file000001"
	assert_output --regexp '^2 11 '
	run -0 timeout 60 "$BUILD/fsxemu" copytool "$MNT" --once
	for i in 0 1 2 3 4 5; do
		run -0 lpy hsm_state "$MNT/import/file00000$i"
		assert_output "0x9 1 0 0 0"
	done
	state=$(fsxemu info "$MNT" | sed -n 's/^state=//p')
	run -0 stat -c %s "$state/hsm/queue"
	assert_output 64
}
