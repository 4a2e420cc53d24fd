#!/usr/bin/env bats
# DescribeFileSystems, UpdateFileSystem rules and backups on the FSx
# stand-in, driven by the real AWS CLI v1 (§3 R16-R27). Frozen lifecycle
# clock (--time-scale 0), moved by mock_advance.
load helpers
load ../mock-fsx/mockfsx

P2=fs-0123456789abcdef0 S2=fs-0123456789abcdef1 S1=fs-0123456789abcdef2 HDD=fs-0123456789abcdef3

setup_file() { mock_start --time-scale 0; }
teardown_file() { mock_stop; }
setup() { mock_reset; }

fsxcall() { python3 "$TOP/tests/mock-fsx/fsxcall.py" "$@"; }
fs_show() { mock_aws describe-file-systems --file-system-ids "$1" --query "FileSystems[0].$2" --output text; }

@test "mock-fsx: seeded file systems look like FSx ones; CLI pages them" {
	run -0 mock_aws describe-file-systems --page-size 1 --query 'FileSystems[].FileSystemId' --output text
	assert_output "$(printf '%s\n' $P2 $S2 $S1 $HDD)"	# one line per page
	run -0 fs_show $P2 '[DNSName,Lifecycle,LustreConfiguration.MountName,LustreConfiguration.DeploymentType,LustreConfiguration.PerUnitStorageThroughput,FileSystemTypeVersion,LustreConfiguration.MetadataConfiguration.Mode,OwnerId]'
	assert_output "$P2.fsx.us-east-1.amazonaws.com	AVAILABLE	abcdefgh	PERSISTENT_2	250	2.15	AUTOMATIC	123456789012"
	run -255 mock_aws describe-file-systems --file-system-ids fs-0123456789abcdeff
	assert_output --partial "An error occurred (FileSystemNotFound) when calling the DescribeFileSystems operation"
}

@test "mock-fsx: storage increase: UPDATING, then optimization with progress, then done" {
	run -0 mock_aws update-file-system --file-system-id $P2 --storage-capacity 4800 \
		--query 'FileSystem.[Lifecycle,StorageCapacity,AdministrativeActions[0].[AdministrativeActionType,Status,TargetFileSystemValues.StorageCapacity]]' --output text
	assert_output $'UPDATING\t2400\nFILE_SYSTEM_UPDATE\tIN_PROGRESS\t4800'
	mock_advance 600
	run -0 fs_show $P2 '[Lifecycle,StorageCapacity,AdministrativeActions[].[AdministrativeActionType,Status,ProgressPercent]]'
	assert_output $'AVAILABLE\t4800\nFILE_SYSTEM_UPDATE\tUPDATED_OPTIMIZING\tNone\nSTORAGE_OPTIMIZATION\tIN_PROGRESS\t0'
	mock_advance 1800
	run -0 fs_show $P2 'AdministrativeActions[1].ProgressPercent'
	assert_output 50
	mock_advance 1800
	run -0 fs_show $P2 'AdministrativeActions[].Status'
	assert_output $'COMPLETED\tCOMPLETED'
	# one increase per 6 hours (4200 s have passed)
	run -255 mock_aws update-file-system --file-system-id $P2 --storage-capacity 7200
	assert_output --partial "An error occurred (BadRequest) when calling the UpdateFileSystem operation: You can only increase the storage capacity of a file system once every 6 hours."
	mock_advance 18000
	run -0 mock_aws update-file-system --file-system-id $P2 --storage-capacity 7200
}

@test "mock-fsx: storage can only grow, in the deployment type's steps (exit 255)" {
	run -255 mock_aws update-file-system --file-system-id $P2 --storage-capacity 1200
	assert_output --partial "must be greater than the current storage capacity (2400 GiB)"
	run -255 mock_aws update-file-system --file-system-id $P2 --storage-capacity 3600
	assert_output --partial "multiples of 2400 GiB"
	run -255 mock_aws update-file-system --file-system-id $HDD --storage-capacity 9000
	assert_output --partial "multiples of 6000 GiB"
	run -255 mock_aws update-file-system --file-system-id $S1 --storage-capacity 3600
	assert_output --partial "An error occurred (UnsupportedOperation) when calling the UpdateFileSystem operation"
	mock_action quota TOTAL_STORAGE=12000 >/dev/null
	run -0 fsxcall UpdateFileSystem "{\"FileSystemId\":\"$P2\",\"StorageCapacity\":4800}"
	assert_equal "$(sed -n 2p <<<"$output" | jq -c '[.__type,.Limit]')" '["ServiceLimitExceeded","TOTAL_STORAGE"]'
	run -0 fs_show $P2 '[Lifecycle,StorageCapacity]'
	assert_output $'AVAILABLE\t2400'	# nothing changed
}

@test "mock-fsx: throughput and metadata IOPS take only valid values (exit 255)" {
	run -255 mock_aws update-file-system --file-system-id $P2 --lustre-configuration PerUnitStorageThroughput=400
	assert_output --partial "PerUnitStorageThroughput must be one of 125/250/500/1000"
	run -255 mock_aws update-file-system --file-system-id $HDD --lustre-configuration PerUnitStorageThroughput=40
	assert_output --partial "only be changed on persistent SSD"
	run -255 mock_aws update-file-system --file-system-id $S2 --lustre-configuration PerUnitStorageThroughput=125
	assert_output --partial "does not apply to SCRATCH_2"
	run -255 mock_aws update-file-system --file-system-id $P2 --lustre-configuration 'MetadataConfiguration={Iops=2999,Mode=USER_PROVISIONED}'
	assert_output --partial "Metadata Iops must be 1500, 3000, 6000, 12000"
	run -255 mock_aws update-file-system --file-system-id $P2 --lustre-configuration 'MetadataConfiguration={Iops=1500,Mode=USER_PROVISIONED}'
	assert_output --partial "cannot be decreased (current 3000)"
	run -0 mock_aws update-file-system --file-system-id $P2 --lustre-configuration 'MetadataConfiguration={Iops=24000,Mode=USER_PROVISIONED}' --query FileSystem.Lifecycle --output text
	assert_output UPDATING
	run -255 mock_aws update-file-system --file-system-id $P2 --lustre-configuration PerUnitStorageThroughput=500
	assert_output --partial "with an update in progress"
	mock_advance 600
	run -0 fs_show $P2 'LustreConfiguration.MetadataConfiguration.[Iops,Mode]'
	assert_output $'24000\tUSER_PROVISIONED'
	run -255 mock_aws update-file-system --file-system-id $P2 --file-system-type-version 2.12
	assert_output --partial "newer than the current version 2.15"
}

@test "mock-fsx: backups: PENDING, CREATING, TRANSFERRING, AVAILABLE; one at a time" {
	run -0 mock_aws create-backup --file-system-id $P2 --query 'Backup.[Lifecycle,Type,FileSystem.FileSystemId]' --output text
	assert_output $'PENDING\tUSER_INITIATED\t'"$P2"
	id=$(mock_aws describe-backups --query 'Backups[0].BackupId' --output text)
	assert_regex "$id" '^backup-[0-9a-f]{17}$'
	run -255 mock_aws create-backup --file-system-id $P2
	assert_output --partial "An error occurred (BackupInProgress) when calling the CreateBackup operation"
	run -255 mock_aws delete-backup --backup-id "$id"
	assert_output --partial "(BackupInProgress)"
	for want in CREATING TRANSFERRING AVAILABLE; do
		mock_advance 60
		run -0 mock_aws describe-backups --backup-ids "$id" --query 'Backups[0].Lifecycle' --output text
		assert_output "$want"
	done
	run -0 mock_aws delete-backup --backup-id "$id"
	assert_equal "$(jq -c . <<<"$output")" "{\"BackupId\":\"$id\",\"Lifecycle\":\"DELETED\"}"
	run -255 mock_aws describe-backups --backup-ids "$id"
	assert_output --partial "(BackupNotFound)"
}

@test "mock-fsx: no backups of scratch file systems (UnsupportedOperation, exit 255)" {
	run -255 mock_aws create-backup --file-system-id $S2
	assert_output --partial "An error occurred (UnsupportedOperation) when calling the CreateBackup operation: Backups are not supported for scratch file systems."
	run -0 mock_aws describe-backups --query 'length(Backups)'
	assert_output 0
}

@test "mock-fsx: create-backup retried with its token replays, no BackupInProgress" {
	run -0 mock_aws create-backup --file-system-id $P2 --client-request-token bk-1 --query Backup.BackupId --output text
	first=$output
	run -0 mock_aws create-backup --file-system-id $P2 --client-request-token bk-1 --query Backup.BackupId --output text
	assert_equal "$output" "$first"
	run -0 mock_aws describe-backups --query 'length(Backups)'
	assert_output 1
}
