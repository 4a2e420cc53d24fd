#!/usr/bin/env bats
# fsxctl backup create|list|delete against the FSx stand-in and the AWS CLI.
load helpers
load ../mock-fsx/mockfsx

FS=fs-0123456789abcdef0

setup_file() { mock_start --time-scale 1000; }
teardown_file() { mock_stop; }
setup() {
	mock_reset
	mock_clear_log
	export FSXCTL_POLL_MS=50 FSXCTL_RETRY_SCALE=0.01
}

fx() { "$BUILD/fsxctl" "$@"; }
nbackups() { mock_aws describe-backups --query 'length(Backups)' --output text; }

@test "backup create: --wait until AVAILABLE; the aws CLI sees it (exit 0)" {
	run -0 --separate-stderr fx backup create $FS --wait
	id=$output
	assert_regex "$id" '^backup-[0-9a-f]+$'
	assert_equal "$stderr" "$id: AVAILABLE"
	run -0 mock_aws describe-backups --backup-ids "$id" --query 'Backups[0].[Lifecycle, Type, FileSystem.FileSystemId]' --output text
	assert_output "AVAILABLE	USER_INITIATED	$FS"
}

@test "backup create: SCRATCH file systems are refused by the service (exit 1)" {
	run -1 --separate-stderr fx backup create fs-0123456789abcdef1
	assert_regex "$stderr" "^fsxctl: backup create: CreateBackup: UnsupportedOperation: "
	assert_equal "$(nbackups)" 0
}

@test "backup create: a throttled create is retried with one token, one backup (exit 0)" {
	mock_fault throttle count=2 ops=CreateBackup
	run -0 fx backup create $FS
	assert_equal "$(nbackups)" 1
	run -0 jq -c '[.[] | select(.operation == "CreateBackup")] | [map(.status), (map(.client_request_token) | unique | length)]' <<<"$(mock_log)"
	assert_output '[[400,400,200],1]'
}

@test "backup list: a backup made by the aws CLI, --fs filter, json shape (exit 0)" {
	mock_aws create-backup --file-system-id fs-0123456789abcdef3 >/dev/null
	fx backup create $FS >/dev/null
	run -0 fx backup list --fs fs-0123456789abcdef3 --output text
	assert_equal "${#lines[@]}" 1
	assert_line --index 0 --regexp "^backup-[0-9a-f]+	fs-0123456789abcdef3	USER_INITIATED	"
	run -0 fx --json backup list
	run -0 jq -r '.Backups | length' <<<"$output"
	assert_output 2
}

@test "backup delete: deleted, then gone; a bad id is reported and the rest done (exit 1)" {
	id=$(fx backup create $FS --wait 2>/dev/null)
	run -1 --separate-stderr fx backup delete backup-0123456789abcdef0 "$id"
	assert_output "$id	DELETED"
	assert_equal "$stderr" "fsxctl: backup delete: backup-0123456789abcdef0: BackupNotFound: Backup backup-0123456789abcdef0 does not exist.
fsxctl: backup delete: 1 deleted, 1 failed"
	assert_equal "$(nbackups)" 0
}
