#!/usr/bin/env bats
# Data repository tasks on the FSx stand-in, driven by the real AWS CLI v1.
# The lifecycle clock is frozen here (--time-scale 0) and moves only by
# mock_advance, so every lifecycle step is observed deterministically.
load helpers
load ../mock-fsx/mockfsx

setup_file() { mock_start --time-scale 0; }
teardown_file() { mock_stop; }
setup() {
	mock_reset
	FS=$(mock_seed '{"file_systems":[{"Dras":[{"FileSystemPath":"/ns1","DataRepositoryPath":"s3://bucket/p1/"}]}]}')
}

task_create() {
	mock_aws create-data-repository-task --file-system-id "$FS" --type EXPORT_TO_REPOSITORY \
		--report Enabled=false "$@" --query DataRepositoryTask.TaskId --output text
}
task_show() {
	mock_aws describe-data-repository-tasks --task-ids "$1" --query "DataRepositoryTasks[0].$2" --output text
}

@test "mock-fsx: task runs PENDING, EXECUTING with counters, SUCCEEDED" {
	mock_task_settings total_files=1000 rate=10 pending_seconds=10
	id=$(task_create --paths dir1 dir2)
	assert_regex "$id" '^task-[0-9a-f]{17}$'
	run -0 task_show "$id" '[Lifecycle,StartTime,Status]'
	assert_output $'PENDING\tNone\tNone'
	mock_advance 30	# 20 s of execution at 10 files/s
	run -0 task_show "$id" '[Lifecycle,Status.TotalCount,Status.SucceededCount,Status.FailedCount]'
	assert_output $'EXECUTING\t1000\t200\t0'
	run -0 task_show "$id" '[StartTime < Status.LastUpdatedTime, EndTime]'
	assert_output $'True\tNone'
	mock_advance 100
	run -0 task_show "$id" '[Lifecycle,Status.SucceededCount,Status.FailedCount,EndTime >= StartTime,Paths]'
	assert_output $'SUCCEEDED\t1000\t0\tTrue\ndir1\tdir2'
}

@test "mock-fsx: failed files end the task FAILED with FailureDetails" {
	mock_task_settings total_files=50 failed_files=7 rate=10 pending_seconds=1
	id=$(task_create)
	mock_advance 10
	run -0 task_show "$id" '[Lifecycle,Status.TotalCount,Status.SucceededCount,Status.FailedCount,FailureDetails.Message]'
	assert_output $'FAILED\t50\t43\t7\t7 file(s) failed to be processed. See the completion report for details.'
}

@test "mock-fsx: a second task while one runs is DataRepositoryTaskExecuting (exit 255)" {
	id=$(task_create)
	run -255 mock_aws create-data-repository-task --file-system-id "$FS" --type IMPORT_METADATA_FROM_REPOSITORY --report Enabled=false
	assert_output --partial "An error occurred (DataRepositoryTaskExecuting) when calling the CreateDataRepositoryTask operation: Data repository task $id is executing"
	mock_advance 100
	run -0 task_create
}

@test "mock-fsx: cancel: CANCELING then CANCELED; ended task is DataRepositoryTaskEnded" {
	mock_task_settings rate=10 pending_seconds=1 cancel_seconds=5
	id=$(task_create)
	mock_advance 11
	run -0 mock_aws cancel-data-repository-task --task-id "$id"
	assert_equal "$(jq -c . <<<"$output")" "{\"Lifecycle\":\"CANCELING\",\"TaskId\":\"$id\"}"
	mock_advance 10
	run -0 task_show "$id" '[Lifecycle,Status.SucceededCount,EndTime != null]'
	assert_output $'CANCELED\t100\tTrue'
	run -255 mock_aws cancel-data-repository-task --task-id "$id"
	assert_output --partial "An error occurred (DataRepositoryTaskEnded) when calling the CancelDataRepositoryTask operation"
	run -255 mock_aws cancel-data-repository-task --task-id task-0123456789abcdef0
	assert_output --partial "(DataRepositoryTaskNotFound)"
}

@test "mock-fsx: task requests are checked (BadRequest / UnsupportedOperation, exit 255)" {
	run -255 mock_aws create-data-repository-task --file-system-id fs-0123456789abcdef0 --type EXPORT_TO_REPOSITORY --report Enabled=false
	assert_output --partial "(BadRequest)"
	assert_output --partial "is not linked to a data repository"
	run -255 task_create --report Enabled=true
	assert_output --partial "Report.Path is required when the report is enabled"
	run -255 mock_aws create-data-repository-task --file-system-id "$FS" --type IMPORT_METADATA_FROM_REPOSITORY \
		--paths s3://elsewhere/x --report Enabled=false
	assert_output --partial "is not within a linked data repository"
	run -255 mock_aws create-data-repository-task --file-system-id "$FS" --type AUTO_RELEASE_DATA --report Enabled=false
	assert_output --partial "(UnsupportedOperation)"
	run -0 task_create --report Enabled=true,Path=s3://bucket/reports,Format=REPORT_CSV_20191124,Scope=FAILED_FILES_ONLY
}

@test "mock-fsx: describe tasks: NextToken loop over 120 tasks, filters" {
	mock_action seed-tasks file_system_id="$FS" count=120 >/dev/null
	n=0 pages=0 tok=
	while :; do
		run -0 mock_aws describe-data-repository-tasks --filters "Name=file-system-id,Values=$FS" ${tok:+--next-token "$tok"}
		n=$((n + $(jq '.DataRepositoryTasks | length' <<<"$output")))
		pages=$((pages + 1))
		tok=$(jq -r '.NextToken // empty' <<<"$output")
		[[ -n $tok ]] || break
	done
	assert_equal "$n/$pages" 120/3	# default page: the model's list maximum, 50
	run -0 mock_aws describe-data-repository-tasks --filters Name=task-lifecycle,Values=FAILED --query 'length(DataRepositoryTasks)'
	assert_output 12
	run -255 mock_aws describe-data-repository-tasks --filters Name=file-system-id,Values=fs-0123456789abcdeff
	assert_output --partial "(FileSystemNotFound)"
	run -255 mock_aws describe-data-repository-tasks --next-token bm90LWEtdG9rZW4=
	assert_output --partial "(BadRequest)"
	assert_output --partial "Invalid NextToken"
}

@test "mock-fsx: 1000 seeded tasks page as 20 of 50 (10 of 100 with page-cap)" {
	run -0 python3 - "$MOCK_FSX_URL" <<'PY'
import json, subprocess, sys, urllib.request
url = sys.argv[1]
def ctl(**kw):
	r = urllib.request.Request(url + '/__control', json.dumps(kw).encode(), {'Content-Type': 'application/json'})
	return json.load(urllib.request.urlopen(r))
ctl(action='seed-tasks', file_system_id='fs-0123456789abcdef0', count=1000)
import botocore.session
c = botocore.session.get_session().create_client('fsx', endpoint_url=url, region_name='us-east-1')
def walk(**kw):
	pages, n, tok = 0, 0, None
	while True:
		r = c.describe_data_repository_tasks(Filters=[{'Name': 'file-system-id', 'Values': ['fs-0123456789abcdef0']}], **kw, **({'NextToken': tok} if tok else {}))
		pages += 1; n += len(r['DataRepositoryTasks']); tok = r.get('NextToken')
		if not tok: return pages, n
print(walk(), walk(MaxResults=100))
ctl(action='page-cap', DescribeDataRepositoryTasks=100)
print(walk(MaxResults=100))
PY
	assert_output $'(20, 1000) (20, 1000)\n(10, 1000)'
}
