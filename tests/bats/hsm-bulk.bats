#!/usr/bin/env bats
# The bulk engine: streaming input, batching and per-file retry, skipping,
# duplicates, --shard, --wait with the emulated copytool, faults, census.
load helpers

setup() {
	emu_init
	"$BUILD/fsxemu" import "$MNT" --count 120 --size 4K --dir data >/dev/null 2>&1 ||
		skip "emulator lacks fsxemu import"
	run fsxctl hsm-state "$MNT/data/file000000"
	[ "$status" -eq 0 ] || skip "emulator lacks HSM ioctls ($output)"
	cd "$MNT"
}

# the JSON summary of a bulk run, one member
jqs() {
	jq -r "$1" <<<"$output"
}

@test "hsm-restore: find -print0 | hsm-restore -0 sends full batches of 52 (exit 0)" {
	run -0 --separate-stderr emu sh -c "find data -type f -print0 | '$BUILD/fsxctl' --json hsm-restore -0"
	assert_equal "$(jqs '[.files,.requested,.skipped,.failed,.requests,.retried_batches] | @csv')" "120,120,0,0,3,0"
	assert_equal "$(jqs .states.released.files)" "120"
	assert_equal "${stderr%(*}" "hsm-restore: 120 files: 120 requested, 0 already restored, 0 failed "
	run -0 fsxctl hsm-action data/file000119
	assert_output "data/file000119: RESTORE waiting (from 0 to EOF)"
}

@test "hsm-restore: the seed recipe, xargs -0 -n 1, still works one file per run (exit 0)" {
	run -0 --separate-stderr emu sh -c "find data -type f -name 'file00000*' -print0 | xargs -0 -n 1 '$BUILD/fsxctl' hsm-restore"
	assert_equal "$output" ""
	assert_equal "$stderr" ""
	run -0 fsxctl hsm-action data/file000009
	assert_output "data/file000009: RESTORE waiting (from 0 to EOF)"
}

@test "hsm-restore: lines from --filelist and from '-' on stdin (exit 0)" {
	printf 'data/file000001\ndata/file000002\n' >"$BATS_TEST_TMPDIR/list"
	run -0 --separate-stderr fsxctl hsm-restore --filelist "$BATS_TEST_TMPDIR/list"
	assert_equal "${stderr%(*}" "hsm-restore: 2 files: 2 requested, 0 already restored, 0 failed "
	run -0 --separate-stderr emu sh -c "printf 'data/file000003\n' | '$BUILD/fsxctl' hsm-restore -"
	assert_equal "${stderr%(*}" "hsm-restore: 1 files: 1 requested, 0 already restored, 0 failed "
}

@test "hsm-restore: files already resident are skipped and counted, --force asks anyway (exit 0)" {
	fsxctl hsm-restore -r data 2>/dev/null
	"$BUILD/fsxemu" copytool "$MNT" --once
	run -0 --separate-stderr fsxctl hsm-restore -r data
	assert_equal "${stderr%(*}" "hsm-restore: 120 files: 0 requested, 120 already restored, 0 failed "
	run -0 --separate-stderr fsxctl hsm-restore --force data/file000000 data/file000001
	assert_equal "${stderr%(*}" "hsm-restore: 2 files: 2 requested, 0 already restored, 0 failed "
}

@test "hsm-restore: a path named twice is requested once and reported (exit 0)" {
	run -0 --separate-stderr fsxctl --json hsm-restore data/file000001 ./data/file000001 data/file000002
	assert_equal "$(jqs '[.files,.requested,.duplicates] | @csv')" "2,2,1"
	# workers race: either spelling may be the one seen second
	assert_regex "${stderr_lines[0]}" '^fsxctl: hsm-restore: (\./)?data/file000001: named again \(same file\), counted once$'
	assert_equal "${#stderr_lines[@]}" 2
}

@test "hsm-restore: an unterminated last record with -0 is refused, the rest requested (exit 1)" {
	run -1 --separate-stderr emu sh -c "printf 'data/file000001\0data/file00000' | '$BUILD/fsxctl' hsm-restore -0"
	assert_equal "${stderr_lines[0]}" "fsxctl: hsm-restore: data/file00000: record 2: not NUL-terminated at the end of the input (truncated?), ignored"
	assert_equal "${stderr_lines[1]%(*}" "hsm-restore: 1 files: 1 requested, 0 already restored, 1 failed "
	run -0 fsxctl hsm-action data/file000000
	assert_output "data/file000000: NOOP"
}

@test "hsm-restore: an empty input does nothing and says so (exit 0)" {
	run -0 --separate-stderr emu sh -c "printf '' | '$BUILD/fsxctl' hsm-restore -0"
	assert_equal "${stderr%(*}" "hsm-restore: 0 files: 0 requested, 0 already restored, 0 failed "
}

@test "hsm-restore: bad --shard values are usage errors, nothing requested (exit 2)" {
	for s in 0/0 3/2 junk; do
		run -2 --separate-stderr fsxctl hsm-restore --shard "$s" -r data
		assert_equal "${stderr_lines[0]%%:*}" "fsxctl"
		[[ "${stderr_lines[0]}" == "fsxctl: hsm-restore: --shard $s: "* ]]
	done
	run -2 --separate-stderr env -u JOB_COMPLETION_INDEX "$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" hsm-restore --shard auto -r data
	assert_equal "${stderr_lines[0]}" "fsxctl: hsm-restore: --shard auto: JOB_COMPLETION_INDEX is not set (not in an Indexed Job?)"
	run -0 fsxctl hsm-action data/file000000
	assert_output "data/file000000: NOOP"
}

@test "hsm-restore: N shards are disjoint and cover the whole input (exit 0)" {
	: >"$BATS_TEST_TMPDIR/all"
	local sum=0 shard
	for shard in 0 1 2; do
		run -0 fsxctl hsm-state --shard "$shard/3" -r data
		printf '%s\n' "${lines[@]}" >>"$BATS_TEST_TMPDIR/all"
		run -0 --separate-stderr env JOB_COMPLETION_INDEX=$shard JOB_COMPLETIONS=3 \
			"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" --json hsm-restore --shard auto -r data
		sum=$((sum + $(jqs .requested)))
	done
	assert_equal "$sum" 120
	run -0 sort "$BATS_TEST_TMPDIR/all"
	assert_equal "${#lines[@]}" 120
	run -0 sort -u "$BATS_TEST_TMPDIR/all"
	assert_equal "${#lines[@]}" 120
}

@test "hsm-restore: a batch the kernel refuses is retried file by file (exit 1)" {
	fsxctl hsm-set --lost data/file000007
	run -1 --separate-stderr fsxctl --json hsm-restore -r data
	assert_equal "$(jqs '[.files,.requested,.failed,.retried_batches] | @csv')" "120,119,1,1"
	assert_equal "$(jqs '.failures[0].path, .failures[0].errno')" "data/file000007
1"
	assert_equal "${stderr_lines[0]}" "fsxctl: hsm-restore: data/file000007: HSM request refused (Operation not permitted)"
	run -0 fsxctl hsm-action data/file000006 data/file000007
	assert_output "data/file000006: RESTORE waiting (from 0 to EOF)
data/file000007: NOOP"
}

@test "hsm-restore: --wait follows the copytool until every file is restored (exit 0)" {
	"$BUILD/fsxemu" copytool "$MNT" --rate 2000 &
	ct=$!
	run -0 --separate-stderr fsxctl --json hsm-restore --wait --timeout 60 -r data
	kill "$ct"; wait "$ct" || true
	assert_equal "$(jqs '[.requested,.wait.done,.wait.failed,.wait.pending,.wait.timed_out] | @csv')" "120,120,0,0,false"
	assert_equal "${stderr%(*}" "hsm-restore: 120 files: 120 restored, 0 already restored, 0 failed "
	run -0 fsxctl hsm-state --summary -r data
	assert_line --index 1 --regexp '^resident +120 +100\.0 +491520$'
}

@test "hsm-restore: --wait reports each file the copytool fails, restores the rest (exit 1)" {
	FSXEMU_FAULT='hsm_restore:EIO:5%' "$BUILD/fsxemu" copytool "$MNT" --rate 5000 &
	ct=$!
	run -1 --separate-stderr fsxctl --json hsm-restore --wait --timeout 60 -r data
	kill "$ct"; wait "$ct" || true
	done=$(jqs .wait.done) failed=$(jqs .wait.failed)
	assert_equal "$((done + failed))" 120
	[ "$failed" -ge 1 ]
	assert_equal "$(jqs '.failures | length')" "$failed"
	path=$(jqs '.failures[0].path')
	assert_equal "${stderr_lines[0]}" "fsxctl: hsm-restore: $path: the restore ended but the file is still released (see the copytool's log)"
	run -0 fsxctl hsm-state "$path"
	assert_output "$path: (0x0000000d) released exists archived, archive_id:1"
	run -0 fsxctl --json hsm-state --summary -r data
	assert_equal "$(jqs .classes.released.files)" "$failed"
}

@test "hsm-restore: --wait --timeout with no copytool gives up (exit 3)" {
	run -3 --separate-stderr fsxctl --json hsm-restore --wait --timeout 0.3 data/file000001 data/file000002
	assert_equal "$(jqs '[.wait.pending,.wait.timed_out] | @csv')" "2,true"
	assert_equal "${stderr%(*}" "hsm-restore: 2 files: 0 restored, 0 already restored, 0 failed, 2 still pending (timed out) "
}

@test "hsm-state: --summary -r counts files and bytes per state in one walk (exit 0)" {
	fsxctl hsm-restore data/file000000 data/file000001 2>/dev/null
	"$BUILD/fsxemu" copytool "$MNT" --once
	emu sh -c "echo new > data/new"
	run -0 fsxctl hsm-state --summary -r data
	assert_output "state               files       %            bytes
resident                2     1.7             8192
released              118    97.5           483328
dirty                   0     0.0                0
lost                    0     0.0                0
no archive              1     0.8                4
total                 121   100.0           491524
warm: 3 of 121 files (2.5%), 8.0 KiB of 480.0 KiB"
	run -0 fsxctl --json hsm-state --summary -r data
	assert_equal "$(jqs '[.version,.total.files,.warm.files,.classes.released.bytes,.state_calls] | @csv')" "1,121,3,483328,3"
}
