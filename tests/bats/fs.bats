#!/usr/bin/env bats
# fsxctl fs list|show|update against the FSx stand-in (tests/mock-fsx),
# the mount -> file system resolution through the emulator, and interop
# with the real AWS CLI.
load helpers
load ../mock-fsx/mockfsx

FS=fs-0123456789abcdef0

setup_file() { mock_start --time-scale 1000; }
teardown_file() { mock_stop; }
setup() {
	mock_reset
	mock_clear_log
	export FSXCTL_POLL_MS=50 FSXCTL_RETRY_SCALE=0.01 XDG_CACHE_HOME="$BATS_TEST_TMPDIR/cache"
}

fx() { "$BUILD/fsxctl" "$@"; }

@test "fs list: a table of every file system (exit 0)" {
	run -0 --separate-stderr fx fs list
	assert_line --index 0 --regexp '^FileSystemId +Lifecycle +Deployment +StorageGiB'
	assert_line --index 1 --regexp "^$FS +AVAILABLE +PERSISTENT_2 +2400 +SSD +250 +2.15 +abcdefgh "
	assert_equal "${#lines[@]}" 5
}

@test "fs list: --json is the API's shape, every page merged (exit 0)" {
	mock_action page-cap DescribeFileSystems=1
	run -0 fx --json fs list
	run -0 jq -r '[.FileSystems[].FileSystemId] | join(" ")' <<<"$output"
	assert_output "$FS fs-0123456789abcdef1 fs-0123456789abcdef2 fs-0123456789abcdef3"
	run -0 jq -c '[.[] | select(.operation == "DescribeFileSystems") | .body.NextToken != null]' <<<"$(mock_log)"
	assert_output '[false,true,true,true]'
}

@test "fs list: --max-items stops early; --output text is tab-separated (exit 0)" {
	run -0 fx fs list --max-items 2 --output text
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --regexp "^$FS	AVAILABLE	PERSISTENT_2	2400	"
}

@test "fs list: --output of a wrong word is a usage error (exit 2)" {
	run -2 --separate-stderr fx fs list --output yaml
	assert_equal "$stderr" "fsxctl: fs list: --output: 'yaml' is not table, text or json
Try 'fsxctl fs list --help'."
}

@test "fs show: an unknown file system is the service's error (exit 1)" {
	run -1 --separate-stderr fx fs show fs-00000000000000009
	assert_equal "$stderr" "fsxctl: fs show: DescribeFileSystems: FileSystemNotFound: File system fs-00000000000000009 does not exist."
}

@test "fs show: a path on the mount names the file system (exit 0)" {
	emu_init --fsname abcdefgh --nid 172.31.20.15@tcp
	mkdir -p "$MNT/train"
	run -0 --separate-stderr fsxctl fs show "$MNT/train"
	assert_line --index 0 "FileSystemId              $FS"
	# the answer is cached per mount: the second time, no DescribeFileSystems
	mock_clear_log
	run -0 fsxctl fs show --output text "$MNT"
	run -0 jq -c '[.[] | .operation]' <<<"$(mock_log)"
	assert_output '["DescribeFileSystems"]'
	run -0 cat "$XDG_CACHE_HOME/fsxctl/mounts"
	assert_output --partial "172.31.20.15@tcp abcdefgh $FS"
}

@test "fs show: a mount whose MountName no file system has is an error (exit 1)" {
	emu_init --fsname zzzzzzzz --nid 172.31.9.9@tcp
	run -1 --separate-stderr fsxctl fs show "$MNT"
	assert_equal "$stderr" "fsxctl: fs show: $MNT: no FSx file system in us-east-1 has MountName 'zzzzzzzz' (mount $MNT, NID 172.31.9.9@tcp): use --fs"
}

@test "fs show: a path that is not on Lustre is an error (exit 1)" {
	run -1 --separate-stderr fx fs show /etc
	assert_equal "$stderr" "fsxctl: fs show: /etc: not on a Lustre filesystem"
}

@test "fs update: shrinking is refused before calling, nothing sent (exit 1)" {
	mock_clear_log
	run -1 --separate-stderr fx fs update $FS --storage-capacity 1200
	assert_equal "$stderr" "fsxctl: fs update: $FS: 1200 GiB is not above the current 2400 GiB: FSx storage can only grow"
	run -0 jq -c '[.[] | .operation]' <<<"$(mock_log)"
	assert_output '["DescribeFileSystems"]'
}

@test "fs update: capacity off the step, throughput and IOPS values refused (exit 1)" {
	run -1 --separate-stderr fx fs update $FS --storage-capacity 3000
	assert_equal "$stderr" "fsxctl: fs update: $FS: 3000 GiB is not a multiple of 2400 GiB, this file system's step"
	run -1 --separate-stderr fx fs update fs-0123456789abcdef3 --storage-capacity 7200
	assert_equal "$stderr" "fsxctl: fs update: fs-0123456789abcdef3: 7200 GiB is not a multiple of 6000 GiB, this file system's step"
	run -1 --separate-stderr fx fs update fs-0123456789abcdef2 --storage-capacity 2400
	assert_equal "$stderr" "fsxctl: fs update: fs-0123456789abcdef2: SCRATCH_1 file systems cannot grow"
	run -1 --separate-stderr fx fs update $FS --throughput 200
	assert_equal "$stderr" "fsxctl: fs update: $FS: 200 is not a PERSISTENT_2 throughput: use 125, 250, 500 or 1000"
	run -1 --separate-stderr fx fs update $FS --metadata-iops 5000
	assert_equal "$stderr" "fsxctl: fs update: $FS: 5000 is not a metadata IOPS value: use 1500, 3000, 6000, 12000 or a multiple of 12000 up to 192000"
	run -0 fx --json fs show $FS
	run -0 jq -r '.FileSystems[0].StorageCapacity' <<<"$output"
	assert_output 2400
}

@test "fs update: a capacity that does not parse is a usage error (exit 2)" {
	run -2 --separate-stderr fx fs update $FS --storage-capacity 2.4T
	assert_equal "$stderr" "fsxctl: fs update: --storage-capacity: '2.4T' is not a whole number from 1 to 2147483647
Try 'fsxctl fs update --help'."
	run -2 --separate-stderr fx fs update $FS
	assert_equal "${stderr%%$'\n'*}" "fsxctl: fs update: nothing to change: give --storage-capacity, --throughput or --metadata-iops"
}

@test "fs update: --wait follows the update and the optimization (exit 0)" {
	run -0 --separate-stderr fx fs update $FS --storage-capacity 4800 --wait
	assert_equal "$stderr" "$FS: update complete"
	run -0 mock_aws describe-file-systems --file-system-ids $FS --query 'FileSystems[0].[StorageCapacity, AdministrativeActions[].Status]' --output json
	assert_equal "$(jq -c . <<<"$output")" '[4800,["COMPLETED","COMPLETED"]]'
}

@test "fs update: --timeout while the optimization runs (exit 3)" {
	mock_action time-scale scale=1
	run -3 --separate-stderr fx fs update $FS --storage-capacity 4800 --wait --timeout 1
	assert_equal "$stderr" "fsxctl: fs update: $FS: still updating at --timeout (FILE_SYSTEM_UPDATE IN_PROGRESS)"
}

@test "fs update: metadata IOPS change reaches the service, the aws CLI sees it (exit 0)" {
	run -0 fx fs update $FS --metadata-iops 12000 --wait
	run -0 mock_aws describe-file-systems --file-system-ids $FS --query 'FileSystems[0].LustreConfiguration.MetadataConfiguration' --output json
	assert_equal "$(jq -c . <<<"$output")" '{"Iops":12000,"Mode":"USER_PROVISIONED"}'
}

@test "fs list: --json carries the document version first (exit 0)" {
	run -0 fx --json fs list --max-items 1
	run -0 jq -c '[keys_unsorted[0], .version]' <<<"$output"
	assert_output '["version",1]'
}

@test "fs: listings remember ids for completion (exit 0)" {
	export FSXCTL_ID_CACHE="$BATS_TEST_TMPDIR/ids"
	run -0 fsxctl fs list
	run -0 "$BUILD/fsxctl" __complete fs -- fs-
	assert_line "fs-0123456789abcdef0"
	run -0 grep -c . "$FSXCTL_ID_CACHE"
}
