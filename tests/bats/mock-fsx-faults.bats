#!/usr/bin/env bats
# Fault injection and the request log of the FSx stand-in, observed with
# the real AWS CLI v1 (legacy retry mode unless AWS_RETRY_MODE is set).
load helpers
load ../mock-fsx/mockfsx

FS=fs-0123456789abcdef0

setup_file() { mock_start --time-scale 1000; }
teardown_file() { mock_stop; }
setup() { mock_reset; mock_clear_log; export AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=3; }

# log_of OP JQ: JSON of JQ over the logged requests for OP.
log_of() { mock_log | jq -c "[.[] | select(.operation == \"$1\")] | $2"; }

@test "mock-fsx: throttling twice, then the retried create succeeds once" {
	mock_fault throttle count=2 ops=CreateBackup
	run -0 mock_aws create-backup --file-system-id $FS --query Backup.Lifecycle --output text
	assert_output PENDING
	run -0 log_of CreateBackup '[map(.status), map(.error), (map(.client_request_token) | unique | length)]'
	assert_output '[[400,400,200],["ThrottlingException","ThrottlingException",null],1]'
	run -0 mock_aws describe-backups --query 'length(Backups)'
	assert_output 1
}

@test "mock-fsx: throttling past max attempts is the CLI's error (exit 255)" {
	mock_fault throttle count=5
	AWS_MAX_ATTEMPTS=2 run -255 mock_aws describe-file-systems
	assert_output --partial "An error occurred (ThrottlingException) when calling the DescribeFileSystems operation (reached max retries: 1): Rate exceeded"
}

@test "mock-fsx: 500 InternalServerError is retried; 503 html and empty are generic" {
	mock_fault error status=500
	run -0 mock_aws describe-file-systems --query 'length(FileSystems)'
	run -0 log_of DescribeFileSystems 'map([.status, .error])'
	assert_output '[[500,"InternalServerError"],[200,null]]'
	mock_fault error status=503 body=html
	AWS_MAX_ATTEMPTS=1 run -255 mock_aws describe-file-systems
	assert_output --partial "An error occurred (503) when calling the DescribeFileSystems operation (reached max retries: 0): Service Unavailable"
	mock_fault error status=503 body=empty
	AWS_MAX_ATTEMPTS=1 run -255 mock_aws describe-file-systems
	assert_output --partial "An error occurred (503) when calling the DescribeFileSystems operation (reached max retries: 0): Service Unavailable"
}

@test "mock-fsx: a connection reset is retried by the client" {
	mock_fault reset ops=DescribeFileSystems
	run -0 mock_aws describe-file-systems --query 'length(FileSystems)'
	assert_output 4
	run -0 log_of DescribeFileSystems 'map([.fault, .status])'
	assert_output '[["reset",null],[null,200]]'
}

@test "mock-fsx: a slow answer trips the client read timeout (exit 255)" {
	mock_fault delay seconds=3
	AWS_MAX_ATTEMPTS=1 run -255 mock_aws --cli-read-timeout 1 describe-file-systems
	assert_output --partial "Read timeout on endpoint URL"
}

@test "mock-fsx: response dropped after commit; token retry creates one DRA" {
	mock_fault drop ops=CreateDataRepositoryAssociation
	run -0 mock_aws create-data-repository-association --file-system-id $FS --file-system-path /ns1 \
		--data-repository-path s3://bucket/p1/ --query Association.AssociationId --output text
	id=$output
	run -0 log_of CreateDataRepositoryAssociation '[map([.fault, .committed, .status]), (map(.client_request_token) | unique | length)]'
	assert_output '[[["drop",true,null],[null,null,200]],1]'
	run -0 mock_aws describe-data-repository-associations --query 'Associations[].AssociationId' --output text
	assert_output "$id"
}

@test "mock-fsx: a truncated body after commit is retried with the same token" {
	mock_fault truncate ops=CreateBackup
	run -0 mock_aws create-backup --file-system-id $FS --query Backup.BackupId --output text
	run -0 log_of CreateBackup '[map(.fault), (map(.client_request_token) | unique | length)]'
	assert_output '[["truncate",null],1]'
	run -0 mock_aws describe-backups --query 'length(Backups)'
	assert_output 1
}

@test "mock-fsx: malformed JSON in a 200 answer (botocore shrugs: exit 0, no data)" {
	# botocore parses an unparsable JSON body as {"message": BODY} and the
	# CLI prints nothing; a stricter client (fsxctl) should report it.
	mock_fault malformed
	run -0 mock_aws describe-file-systems
	assert_output ""
	run -0 log_of DescribeFileSystems 'map([.fault, .status])'
	assert_output '[["malformed",200]]'
}

@test "mock-fsx: any error code on demand; namespaced __type still parses" {
	mock_fault access-denied
	run -255 mock_aws describe-file-systems
	assert_output --partial "An error occurred (AccessDeniedException) when calling the DescribeFileSystems operation"
	mock_fault code code=ServiceLimitExceeded message=quota extra='{"Limit":"TOTAL_STORAGE"}'
	run -255 mock_aws describe-file-systems
	assert_output --partial "(ServiceLimitExceeded) when calling the DescribeFileSystems operation: quota"
	for style in namespaced url; do
		mock_action error-style type=$style >/dev/null
		run -255 mock_aws describe-file-systems --file-system-ids fs-0123456789abcdeff
		assert_output --partial "An error occurred (FileSystemNotFound) when calling"
	done
}

@test "mock-fsx: the request log records what the client sent" {
	run -0 mock_aws create-data-repository-association --file-system-id $FS --file-system-path /ns1 \
		--data-repository-path s3://bucket/p1/ --client-request-token log-tok-1
	run -0 mock_log_last
	run -0 jq -c '[.method, .path, .target, .signed_headers, .auth, .access_key, .client_request_token, .status, .body.FileSystemPath, .headers["content-type"]]' <<<"$output"
	assert_output '["POST","/","AWSSimbaAPIService_v20180301.CreateDataRepositoryAssociation",["content-type","host","x-amz-date","x-amz-target"],"ok","AKIAIOSFODNN7EXAMPLE","log-tok-1",200,"/ns1","application/x-amz-json-1.1"]'
	run -0 bash -c 'tail -n 1 "$BATS_FILE_TMPDIR/mock-fsx/requests.jsonl" | jq -r .client_request_token'
	assert_output log-tok-1
}
