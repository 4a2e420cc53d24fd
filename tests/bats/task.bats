#!/usr/bin/env bats
# fsxctl import|export|release and task list|show|cancel|wait against the
# FSx stand-in: path conversion, batches of 100, --queue, waiting, exit
# statuses, and interop with the AWS CLI.
load helpers
load ../mock-fsx/mockfsx

FS=fs-0123456789abcdef0

setup_file() { mock_start --time-scale 1000; }
teardown_file() { mock_stop; }
setup() {
	mock_reset
	mock_clear_log
	export FSXCTL_POLL_MS=50 FSXCTL_RETRY_SCALE=0.01 XDG_CACHE_HOME="$BATS_TEST_TMPDIR/cache"
	"$BUILD/fsxctl" dra create --fs $FS /ns1 s3://bucket/p1/ --wait >/dev/null 2>&1
	mock_task_settings total_files=200 rate=1000 pending_seconds=1
}

fx() { "$BUILD/fsxctl" "$@"; }
created() { mock_log | jq -c "[.[] | select(.operation == \"CreateDataRepositoryTask\" and .status == 200) | .body.${1:-Paths}]"; }

@test "export: local paths become mount-relative, --wait reports progress (exit 0)" {
	emu_init --fsname abcdefgh --nid 172.31.20.15@tcp
	mkdir -p "$MNT/ns1/a" "$MNT/ns1/b"
	run -0 --separate-stderr fsxctl export --wait "$MNT/ns1/a" "$MNT/ns1/b"
	assert_regex "$output" '^task-[0-9a-f]+$'
	id=$output
	assert_equal "$stderr" "$id: SUCCEEDED 200/200 files, 0 failed"
	run -0 created
	assert_output '[["ns1/a","ns1/b"]]'
	run -0 mock_aws describe-data-repository-tasks --task-ids "$id" --query 'DataRepositoryTasks[0].[Type, Lifecycle]' --output text
	assert_output "EXPORT_TO_REPOSITORY	SUCCEEDED"
}

@test "import: file system paths become the DRA's S3 prefixes (exit 0)" {
	run -0 fx import --fs $FS /ns1/train s3://bucket/p1/val/
	run -0 created
	assert_output '[["s3://bucket/p1/train","s3://bucket/p1/val/"]]'
	run -2 --separate-stderr fx import --fs $FS /elsewhere
	assert_equal "${stderr%%$'\n'*}" "fsxctl: import: /elsewhere: not under any data repository association of $FS"
}

@test "release: --older-than is sent in DAYS; a bad duration is a usage error (exit 0, 2)" {
	run -0 fx release --fs $FS --older-than 2w /ns1
	run -0 created ReleaseConfiguration
	assert_output '[{"DurationSinceLastAccess":{"Unit":"DAYS","Value":14}}]'
	run -2 --separate-stderr fx release --fs $FS --older-than soon /ns1
	assert_equal "${stderr%%$'\n'*}" "fsxctl: release: --older-than: 'soon': not a number of days (e.g. 30, 30d or 4w)"
}

@test "export: 250 paths become 3 tasks of at most 100, run one after another (exit 0)" {
	args=()
	for i in $(seq 250); do args+=("/ns1/f$i"); done
	run -0 --separate-stderr fx export --fs $FS "${args[@]}"
	assert_equal "${#lines[@]}" 3
	assert_equal "${stderr##*$'\n'}" "250 paths in 3 tasks"
	run -0 created
	run -0 jq -c 'map(length)' <<<"$output"
	assert_output '[100,100,50]'
}

@test "export: a running task is DataRepositoryTaskExecuting unless --queue (exit 1, 0)" {
	mock_action time-scale scale=1 >/dev/null
	mock_task_settings total_files=100 rate=1000 pending_seconds=1
	first=$(fx export --fs $FS /ns1/a)
	run -1 --separate-stderr fx export --fs $FS /ns1/b
	assert_regex "$stderr" "^fsxctl: export: CreateDataRepositoryTask: DataRepositoryTaskExecuting: .*; FSx runs one task at a time per file system: wait for it, or use --queue$"
	run -0 --separate-stderr fx export --fs $FS --queue /ns1/b
	assert_line --index 0 --regexp '^task-'
	assert_regex "$stderr" "$FS: waiting for $first to end \(--queue\)"
}

@test "export: refused while automatic export is on (exit 1)" {
	fx dra create --fs $FS /ns2 s3://bucket/p2/ --auto-export new,changed --wait >/dev/null 2>&1
	run -1 --separate-stderr fx export --fs $FS /ns1/a
	assert_regex "$stderr" "^fsxctl: export: dra-[0-9a-f]+: automatic export is on for /ns2: FSx does not run export tasks alongside it"
	assert_equal "$(created)" "[]"
}

@test "export: an S3 path is a usage error (exit 2)" {
	run -2 --separate-stderr fx export --fs $FS s3://bucket/p1/x
	assert_equal "${stderr%%$'\n'*}" "fsxctl: export: s3://bucket/p1/x: give a path on the file system, not an S3 path"
}

@test "task wait: a FAILED task exits 1 with its failure details (exit 1)" {
	mock_task_settings total_files=100 failed_files=3 rate=1000 pending_seconds=1
	id=$(fx export --fs $FS /ns1/a)
	run -1 --separate-stderr fx task wait "$id"
	assert_equal "${stderr%%$'\n'*}" "$id: FAILED 100/100 files, 3 failed"
	assert_regex "${stderr##*$'\n'}" "^fsxctl: task wait: $id: FAILED: "
}

@test "task wait: --timeout while executing (exit 3)" {
	mock_action time-scale scale=0 >/dev/null
	id=$(fx export --fs $FS /ns1/a)
	run -3 --separate-stderr fx task wait --timeout 1 "$id"
	assert_equal "$stderr" "fsxctl: task wait: $id: still PENDING at --timeout"
}

@test "task cancel: a pending task is cancelled; an ended one is an error (exit 0, 1)" {
	mock_action time-scale scale=0 >/dev/null
	id=$(fx export --fs $FS /ns1/a)
	run -0 fx task cancel "$id"
	assert_output "$id	CANCELING"
	mock_action time-scale scale=1000 >/dev/null
	run -1 fx task wait "$id"
	run -1 --separate-stderr fx task cancel "$id"
	assert_regex "$stderr" "^fsxctl: task cancel: $id: DataRepositoryTaskEnded: "
}

@test "task list: 1000 tasks over 20 pages, filters, --max-items (exit 0)" {
	mock_action seed-tasks file_system_id=$FS count=1000 >/dev/null
	run -0 fx --json task list
	run -0 jq '.DataRepositoryTasks | length' <<<"$output"
	assert_output 1000
	run -0 jq -c '[.[] | select(.operation == "DescribeDataRepositoryTasks")] | length' <<<"$(mock_log)"
	assert_output 20
	run -0 fx task list --status failed --output text
	assert_equal "${#lines[@]}" 100
	want=$(fx --json task list --fs $FS | jq '[.DataRepositoryTasks[] | select(.Type == "IMPORT_METADATA_FROM_REPOSITORY")] | length')
	run -0 fx task list --fs $FS --type import --output text
	assert_equal "${#lines[@]}" "$want"
	refute_line --partial EXPORT_TO_REPOSITORY
	run -0 fx task list --max-items 7 --output text
	assert_equal "${#lines[@]}" 7
	run -2 --separate-stderr fx task list --status done
	assert_equal "${stderr%%$'\n'*}" "fsxctl: task list: --status: 'done' is not pending, executing, failed, succeeded, canceled or canceling"
}

@test "task show: a task made by the aws CLI (exit 0)" {
	id=$(mock_aws create-data-repository-task --file-system-id $FS --type EXPORT_TO_REPOSITORY \
		--paths ns1/x --report Enabled=false --query DataRepositoryTask.TaskId --output text)
	run -0 fx task show "$id" --output text
	assert_line "TaskId	$id"
	assert_line "Paths	ns1/x"
	run -1 --separate-stderr fx task show task-0123456789abcdef0
	assert_equal "$stderr" "fsxctl: task show: DescribeDataRepositoryTasks: DataRepositoryTaskNotFound: Data repository task task-0123456789abcdef0 does not exist."
}

@test "export: --report sends a completion report (exit 0)" {
	run -0 fx export --fs $FS --report s3://bucket/reports/ /ns1/a
	run -0 created Report
	assert_output '[{"Enabled":true,"Path":"s3://bucket/reports/","Format":"REPORT_CSV_20191124","Scope":"FAILED_FILES_ONLY"}]'
}
