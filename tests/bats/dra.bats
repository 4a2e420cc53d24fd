#!/usr/bin/env bats
# fsxctl dra create|list|show|update|delete against the FSx stand-in:
# pre-flight rules, lifecycles, paging, and interop with the AWS CLI.
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
ndra() { mock_aws describe-data-repository-associations --query 'length(Associations)' --output text; }

@test "dra create: --wait until AVAILABLE; the aws CLI sees it (exit 0)" {
	run -0 --separate-stderr fx dra create --fs $FS /ns1 s3://bucket/p1/ --auto-import new,changed,deleted --auto-export new --chunk-size 2048 --wait
	assert_line --index 2 "Lifecycle                    AVAILABLE"   # the final state, with --wait
	id=$(awk '/^AssociationId/ {print $2}' <<<"$output")
	assert_equal "$stderr" "$id: AVAILABLE"
	run -0 mock_aws describe-data-repository-associations --association-ids "$id" \
		--query 'Associations[0].[Lifecycle, FileSystemPath, DataRepositoryPath, ImportedFileChunkSize, S3.AutoImportPolicy.Events, S3.AutoExportPolicy.Events]'
	assert_equal "$(jq -c . <<<"$output")" '["AVAILABLE","/ns1","s3://bucket/p1/",2048,["NEW","CHANGED","DELETED"],["NEW"]]'
}

@test "dra create: a DRA made by the aws CLI is listed by fsxctl (exit 0)" {
	mock_aws create-data-repository-association --file-system-id $FS --file-system-path /cli \
		--data-repository-path s3://bucket/cli/ >/dev/null
	run -0 fx dra list --output text
	assert_line --regexp "^dra-[0-9a-f]+	$FS	(CREATING|AVAILABLE)	/cli	s3://bucket/cli/	-	-$"
}

@test "dra create: from a directory on the mount (exit 0)" {
	emu_init --fsname abcdefgh --nid 172.31.20.15@tcp
	mkdir -p "$MNT/datasets/imagenet"
	run -0 fsxctl dra create "$MNT/datasets/imagenet" s3://bucket/imagenet/
	assert_line --index 4 "FileSystemPath               /datasets/imagenet"
}

@test "dra create: an overlapping path is refused before calling (exit 1)" {
	fx dra create --fs $FS /ns1 s3://bucket/p1/ >/dev/null
	mock_clear_log
	run -1 --separate-stderr fx dra create --fs $FS /ns1/deeper s3://bucket/p2/
	assert_regex "$stderr" "^fsxctl: dra create: /ns1/deeper: /ns1/deeper overlaps /ns1 of dra-[0-9a-f]+$"
	run -0 jq -c '[.[] | .operation] | index("CreateDataRepositoryAssociation")' <<<"$(mock_log)"
	assert_output null
	assert_equal "$(ndra)" 1
}

@test "dra create: '/' only first, at most 8, not on SCRATCH_1 (exit 1)" {
	fx dra create --fs $FS /a s3://bucket/a/ >/dev/null
	run -1 --separate-stderr fx dra create --fs $FS / s3://bucket/root/
	assert_equal "$stderr" "fsxctl: dra create: /: '/' may only be the first data repository association of $FS"
	for i in 2 3 4 5 6 7 8; do fx dra create --fs $FS /d$i s3://bucket/d$i/ >/dev/null; done
	run -1 --separate-stderr fx dra create --fs $FS /d9 s3://bucket/d9/
	assert_equal "$stderr" "fsxctl: dra create: /d9: $FS already has 8 data repository associations, the most FSx allows"
	run -1 --separate-stderr fx dra create --fs fs-0123456789abcdef2 /x s3://bucket/x/
	assert_equal "$stderr" "fsxctl: dra create: /x: fs-0123456789abcdef2 is SCRATCH_1: it cannot have data repository associations"
	assert_equal "$(ndra)" 8
}

@test "dra create: an S3 path that is not s3://bucket/prefix is a usage error (exit 2)" {
	run -2 --separate-stderr fx dra create --fs $FS /ns1 https://bucket/p1/
	assert_equal "$stderr" "fsxctl: dra create: https://bucket/p1/: not an S3 path: use s3://bucket/prefix/
Try 'fsxctl dra create --help'."
	run -2 --separate-stderr fx dra create --fs $FS /ns1 s3://Bad_Bucket/p/
	assert_equal "${stderr%%$'\n'*}" "fsxctl: dra create: s3://Bad_Bucket/p/: bucket name may hold only lowercase letters, digits, '.' and '-'"
	assert_equal "$(ndra)" 0
}

@test "dra create: invalid policy words are a usage error (exit 2)" {
	run -2 --separate-stderr fx dra create --fs $FS /ns1 s3://bucket/p1/ --auto-export new,modified
	assert_equal "$stderr" "fsxctl: dra create: --auto-export: 'modified' is not an event: use new, changed, deleted (comma-separated) or none
Try 'fsxctl dra create --help'."
	assert_equal "$(ndra)" 0
}

@test "dra create: an unknown file system is the service's error (exit 1)" {
	run -1 --separate-stderr fx dra create --fs fs-00000000000000009 /ns1 s3://bucket/p1/
	assert_equal "$stderr" "fsxctl: dra create: DescribeFileSystems: FileSystemNotFound: File system fs-00000000000000009 does not exist."
	run -2 --separate-stderr fx dra create --fs fs-xyz /ns1 s3://bucket/p1/
	assert_equal "${stderr%%$'\n'*}" "fsxctl: dra create: --fs: 'fs-xyz' is not a file system id (fs- and 8 to 17 hex digits)"
}

@test "dra list: 30 associations over two pages of 25, --max-items (exit 0)" {
	python3 - "$FS" >"$BATS_TEST_TMPDIR/seed.json" <<'PY'
import json, sys
print(json.dumps({"file_systems": [{"FileSystemId": "fs-0123456789abcdef9", "MountName": "many",
  "Dras": [{"FileSystemPath": "/p%d" % i, "DataRepositoryPath": "s3://bucket/p%d/" % i} for i in range(8)]}]
  + [{"FileSystemId": "fs-01234567890abc%03d" % n, "MountName": "m%d" % n,
      "Dras": [{"FileSystemPath": "/q%d" % i, "DataRepositoryPath": "s3://b%d/q%d/" % (n, i)} for i in range(8)]}
     for n in range(3)]}))
PY
	mock_seed "$BATS_TEST_TMPDIR/seed.json" >/dev/null
	run -0 fx --json dra list
	run -0 jq '.Associations | length' <<<"$output"
	assert_output 32
	run -0 jq -c '[.[] | select(.operation == "DescribeDataRepositoryAssociations") | .body.MaxResults]' <<<"$(mock_log)"
	assert_output '[25,25]'
	run -0 fx dra list --max-items 3 --output text
	assert_equal "${#lines[@]}" 3
	run -0 fx dra list --fs fs-0123456789abcdef9 --output text
	assert_equal "${#lines[@]}" 8
}

@test "dra update: policies change, --wait until AVAILABLE (exit 0)" {
	id=$(fx dra create --fs $FS /ns1 s3://bucket/p1/ --wait 2>/dev/null | awk '/^AssociationId/ {print $2}')
	run -0 --separate-stderr fx dra update "$id" --auto-import none --auto-export new,changed --wait
	assert_equal "$stderr" "$id: AVAILABLE"
	run -0 mock_aws describe-data-repository-associations --association-ids "$id" --query 'Associations[0].S3'
	assert_equal "$(jq -c . <<<"$output")" '{"AutoImportPolicy":{"Events":[]},"AutoExportPolicy":{"Events":["NEW","CHANGED"]}}'
	run -2 --separate-stderr fx dra update "$id"
	assert_equal "${stderr%%$'\n'*}" "fsxctl: dra update: nothing to change: give --auto-import, --auto-export or --chunk-size"
}

@test "dra create: MISCONFIGURED is reported by --wait with its causes (exit 1)" {
	mock_action time-scale scale=0 >/dev/null
	fx dra create --fs $FS /ns1 s3://bucket/p1/ --wait --timeout 20 >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	for _ in $(seq 100); do
		id=$(mock_state | jq -r '.associations[0].AssociationId // empty' 2>/dev/null)
		[ -n "$id" ] && break
		sleep 0.05
	done
	mock_action patch kind=dra id="$id" set='{"Lifecycle": "MISCONFIGURED", "FailureDetails": {"Message": "Access denied to s3://bucket"}}' >/dev/null
	rc=0
	wait $pid || rc=$?
	assert_equal "$rc" 1
	run -0 cat "$BATS_TEST_TMPDIR/err"
	assert_output --regexp "^fsxctl: dra create: $id: MISCONFIGURED: Access denied to s3://bucket; usual causes: "
	run -0 fx dra show "$id" --output text
	assert_line "Lifecycle	MISCONFIGURED"
}

@test "dra delete: --delete-data, --wait until gone (exit 0)" {
	id=$(fx dra create --fs $FS /ns1 s3://bucket/p1/ --wait 2>/dev/null | awk '/^AssociationId/ {print $2}')
	run -0 --separate-stderr fx dra delete "$id" --delete-data --wait
	assert_line --index 2 "DeleteDataInFileSystem  true"
	assert_equal "$stderr" "$id: deleted"
	assert_equal "$(ndra)" 0
	run -1 --separate-stderr fx dra show "$id"
	assert_equal "$stderr" "fsxctl: dra show: DescribeDataRepositoryAssociations: DataRepositoryAssociationNotFound: Data repository association $id does not exist."
}

@test "dra create: the response dropped after commit; the retry creates one (exit 0)" {
	mock_fault drop ops=CreateDataRepositoryAssociation
	run -0 fx dra create --fs $FS /ns1 s3://bucket/p1/
	assert_equal "$(ndra)" 1
	run -0 jq -c '[.[] | select(.operation == "CreateDataRepositoryAssociation") | .client_request_token] | [length, (unique | length)]' <<<"$(mock_log)"
	assert_output '[2,1]'
}
