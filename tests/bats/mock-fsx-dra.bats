#!/usr/bin/env bats
# Data repository associations on the FSx stand-in, driven by the real
# AWS CLI v1 (service errors exit 255, §7.5). Rules: aws-fsx-api.md §3.
load helpers
load ../mock-fsx/mockfsx

FS=fs-0123456789abcdef0

setup_file() { mock_start --time-scale 1000; }
teardown_file() { mock_stop; }
setup() { mock_reset; }

fsxcall() { python3 "$TOP/tests/mock-fsx/fsxcall.py" "$@"; }
dra_count() { mock_aws describe-data-repository-associations --query 'length(Associations)'; }

@test "mock-fsx: create DRA answers CREATING, then AVAILABLE (exit 0)" {
	run -0 mock_aws create-data-repository-association --file-system-id $FS \
		--file-system-path /ns1 --data-repository-path s3://bucket/p1/ \
		--s3 'AutoImportPolicy={Events=[NEW,CHANGED]}' --query Association
	assert_equal "$(jq -r .Lifecycle <<<"$output")" CREATING
	id=$(jq -r .AssociationId <<<"$output")
	assert_regex "$id" '^dra-[0-9a-f]{17}$'
	assert_equal "$(jq -r .ResourceARN <<<"$output")" "arn:aws:fsx:us-east-1:123456789012:association/$FS/$id"
	assert_equal "$(jq -r .ImportedFileChunkSize <<<"$output")" 1024
	sleep 0.2
	run -0 mock_aws describe-data-repository-associations --association-ids "$id" \
		--query 'Associations[0].[Lifecycle,FileSystemPath,S3.AutoImportPolicy.Events]' --output text
	assert_output $'AVAILABLE\t/ns1\nNEW\tCHANGED'
}

@test "mock-fsx: overlapping file system paths are BadRequest (exit 255)" {
	run -0 mock_aws create-data-repository-association --file-system-id $FS \
		--file-system-path /ns1/ --data-repository-path s3://bucket/p1/
	run -255 mock_aws create-data-repository-association --file-system-id $FS \
		--file-system-path /ns1/ns2 --data-repository-path s3://bucket/p2/
	assert_output --partial "An error occurred (BadRequest) when calling the CreateDataRepositoryAssociation operation: FileSystemPath /ns1/ns2 overlaps"
	run -255 mock_aws create-data-repository-association --file-system-id $FS \
		--file-system-path /other --data-repository-path s3://bucket/p1/sub/
	assert_output --partial "(BadRequest)"
	assert_output --partial "DataRepositoryPath s3://bucket/p1/sub/ overlaps"
	run -0 dra_count
	assert_output 1
}

@test "mock-fsx: '/' only as the first DRA, and then alone (exit 255)" {
	run -0 mock_aws create-data-repository-association --file-system-id $FS \
		--file-system-path / --data-repository-path s3://bucket/all/
	run -255 mock_aws create-data-repository-association --file-system-id $FS \
		--file-system-path /x --data-repository-path s3://other/x/
	assert_output --partial "(BadRequest)"
	assert_output --partial "'/'; it must be the only one"
	fs=$(mock_seed '{"file_systems":[{"Dras":[{"FileSystemPath":"/a","DataRepositoryPath":"s3://bkt/a/"}]}]}')
	run -255 mock_aws create-data-repository-association --file-system-id "$fs" \
		--file-system-path / --data-repository-path s3://bkt/root/
	assert_output --partial "FileSystemPath '/' is only allowed for the first"
}

@test "mock-fsx: no DRAs on SCRATCH_1 / Lustre 2.10 (UnsupportedOperation, exit 255)" {
	run -255 mock_aws create-data-repository-association --file-system-id fs-0123456789abcdef2 \
		--file-system-path /ns1 --data-repository-path s3://bucket/p1/
	assert_output --partial "An error occurred (UnsupportedOperation) when calling the CreateDataRepositoryAssociation operation"
}

@test "mock-fsx: at most 8 DRAs per file system (BadRequest, exit 255)" {
	fs=$(mock_seed "$(jq -nc '{file_systems:[{Dras:[range(8)|{FileSystemPath:"/d\(.)",DataRepositoryPath:"s3://bkt/d\(.)/"}]}]}')")
	run -255 mock_aws create-data-repository-association --file-system-id "$fs" \
		--file-system-path /d9 --data-repository-path s3://bkt/d9/
	assert_output --partial "(BadRequest)"
	assert_output --partial "at most 8 data repository associations"
}

@test "mock-fsx: S3 path form, chunk size and path are checked (exit 255)" {
	run -255 mock_aws create-data-repository-association --file-system-id $FS \
		--file-system-path /ns1 --data-repository-path bucket/p1/
	assert_output --partial "(BadRequest)"
	assert_output --partial "must be an S3 path"
	run -255 mock_aws create-data-repository-association --file-system-id $FS \
		--file-system-path ns1 --data-repository-path s3://bucket/p1/
	assert_output --partial "FileSystemPath must start with a forward slash"
	run -255 mock_aws create-data-repository-association --file-system-id $FS \
		--file-system-path /ns1 --data-repository-path s3://bucket/p1/ --imported-file-chunk-size 512001
	assert_output --partial "An error occurred (ValidationException) when calling the CreateDataRepositoryAssociation operation: 1 validation error detected: Value '512001' at 'importedFileChunkSize' failed to satisfy constraint: Member must have value less than or equal to 512000"
	run -255 mock_aws create-data-repository-association --file-system-id fs-zzzzzzzzzzzz \
		--file-system-path /ns1 --data-repository-path s3://bucket/p1/
	assert_output --partial "(ValidationException)"
	assert_output --partial "Member must satisfy regular expression pattern: ^(fs-[0-9a-f]{8,})$"
	run -255 mock_aws create-data-repository-association --file-system-id fs-0123456789abcdeff \
		--file-system-path /ns1 --data-repository-path s3://bucket/p1/
	assert_output --partial "(FileSystemNotFound)"
	run -0 dra_count
	assert_output 0
}

@test "mock-fsx: describe DRAs: MaxResults over 25 refused, NextToken loop (exit 0)" {
	fs=$(mock_seed "$(jq -nc '{file_systems:[{Dras:[range(7)|{FileSystemPath:"/d\(.)",DataRepositoryPath:"s3://bkt/d\(.)/"}]}]}')")
	run -255 mock_aws describe-data-repository-associations --max-results 26
	assert_output --partial "Member must have value less than or equal to 25"
	ids=() tok=
	for _ in 1 2 3 4 5; do
		run -0 mock_aws describe-data-repository-associations --max-results 3 \
			--filters "Name=file-system-id,Values=$fs" ${tok:+--next-token "$tok"}
		ids+=($(jq -r '.Associations[].AssociationId' <<<"$output"))
		tok=$(jq -r '.NextToken // empty' <<<"$output")
		[[ -n $tok ]] || break
		assert_regex "$tok" '^[A-Za-z0-9+/]+={0,2}$'
	done
	assert_equal "${#ids[@]}" 7
	assert_equal "$(printf '%s\n' "${ids[@]}" | sort -u | wc -l)" 7
	run -255 mock_aws describe-data-repository-associations --filters Name=data-repository-type,Values=EFS
	assert_output --partial "(InvalidDataRepositoryType)"
	run -255 mock_aws describe-data-repository-associations --association-ids dra-0123456789abcdef0
	assert_output --partial "(DataRepositoryAssociationNotFound)"
}

@test "mock-fsx: update goes UPDATING then AVAILABLE; delete DELETING then gone" {
	mock_action time-scale scale=1 >/dev/null	# lifecycles move by mock_advance only
	id=$(mock_aws create-data-repository-association --file-system-id $FS --file-system-path /ns1 \
		--data-repository-path s3://bucket/p1/ --query Association.AssociationId --output text)
	run -255 mock_aws update-data-repository-association --association-id "$id" --imported-file-chunk-size 2048
	assert_output --partial "is in lifecycle CREATING; it must be AVAILABLE to be updated"
	mock_advance 130
	run -0 mock_aws update-data-repository-association --association-id "$id" \
		--imported-file-chunk-size 2048 --query 'Association.[Lifecycle,ImportedFileChunkSize]' --output text
	assert_output $'UPDATING\t2048'
	mock_advance 70
	run -0 mock_aws delete-data-repository-association --association-id "$id" --no-delete-data-in-file-system
	assert_equal "$(jq -c . <<<"$output")" "{\"AssociationId\":\"$id\",\"Lifecycle\":\"DELETING\",\"DeleteDataInFileSystem\":false}"
	run -0 mock_aws describe-data-repository-associations --association-ids "$id" --query 'Associations[0].Lifecycle' --output text
	assert_output DELETING
	mock_advance 70
	run -255 mock_aws describe-data-repository-associations --association-ids "$id"
	assert_output --partial "(DataRepositoryAssociationNotFound)"
}

@test "mock-fsx: same ClientRequestToken twice creates one DRA (exit 0)" {
	for _ in 1 2; do
		run -0 mock_aws create-data-repository-association --file-system-id $FS --file-system-path /ns1 \
			--data-repository-path s3://bucket/p1/ --client-request-token tok-1 --query Association.AssociationId --output text
		ids+=("$output")
	done
	assert_equal "${ids[0]}" "${ids[1]}"
	run -0 dra_count
	assert_output 1
}

@test "mock-fsx: same token, other parameters: IncompatibleParameterError with Parameter" {
	run -0 mock_aws create-data-repository-association --file-system-id $FS --file-system-path /ns1 \
		--data-repository-path s3://bucket/p1/ --client-request-token tok-2
	run -255 mock_aws create-data-repository-association --file-system-id $FS --file-system-path /ns2 \
		--data-repository-path s3://bucket/p1/ --client-request-token tok-2
	assert_output --partial "An error occurred (IncompatibleParameterError) when calling the CreateDataRepositoryAssociation operation"
	run -0 fsxcall CreateDataRepositoryAssociation \
		"{\"FileSystemId\":\"$FS\",\"FileSystemPath\":\"/ns3\",\"DataRepositoryPath\":\"s3://bucket/p1/\",\"ClientRequestToken\":\"tok-2\"}"
	assert_line -n 0 400
	assert_equal "$(sed -n 2p <<<"$output" | jq -c '[.__type, .Parameter]')" '["IncompatibleParameterError","FileSystemPath"]'
	run -0 dra_count
	assert_output 1
}
