#!/usr/bin/env bats
# The FSx stand-in checks SigV4 the way AWS does (aws-fsx-api.md §1.5, §4),
# proven with the real AWS CLI v1 (service errors exit 255 in v1, §7.5).
load helpers
load ../mock-fsx/mockfsx

setup_file() { mock_start --time-scale 1000; }
teardown_file() { mock_stop; }
setup() { mock_reset; mock_clock_skew 0; }

@test "mock-fsx: aws CLI signs, stand-in verifies and answers (exit 0)" {
	run -0 aws fsx describe-file-systems --query 'length(FileSystems)'
	assert_output 4
	run -0 bash -c 'curl -sS "$MOCK_FSX_URL/__log" | jq -c ".[-1] | [.auth, .operation, .signed_headers]"'
	assert_output '["ok","DescribeFileSystems",["content-type","host","x-amz-date","x-amz-target"]]'
}

@test "mock-fsx: a wrong secret is InvalidSignatureException (exit 255)" {
	AWS_SECRET_ACCESS_KEY=wrong run -255 --separate-stderr aws fsx describe-file-systems
	assert_equal "$output" ""
	assert [ "${stderr_lines[0]}" = "An error occurred (InvalidSignatureException) when calling the DescribeFileSystems operation: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details." ]
}

@test "mock-fsx: an unknown access key is UnrecognizedClientException (exit 255)" {
	AWS_ACCESS_KEY_ID=AKIANOTKNOWNEXAMPLE1 run -255 aws fsx describe-file-systems
	assert_output --partial "(UnrecognizedClientException)"
}

@test "mock-fsx: a session token is required, signed and checked (exit 0/255)" {
	export AWS_ACCESS_KEY_ID=ASIAIOSFODNN7TEMP001
	export AWS_SECRET_ACCESS_KEY=tEMPsECRETkEY/K7MDENG/bPxRfiCYTEMP0001KEY
	AWS_SESSION_TOKEN=FQoGZXIvYXdzEXAMPLESESSIONTOKEN run -0 aws fsx describe-file-systems --query 'FileSystems[0].FileSystemId'
	run -0 bash -c 'curl -sS "$MOCK_FSX_URL/__log" | jq -c ".[-1].signed_headers"'
	assert_output '["content-type","host","x-amz-date","x-amz-security-token","x-amz-target"]'
	run -255 aws fsx describe-file-systems
	assert_output --partial "(UnrecognizedClientException)"
	AWS_SESSION_TOKEN=wrong run -255 aws fsx describe-file-systems
	assert_output --partial "(UnrecognizedClientException)"
}

@test "mock-fsx: an expired session token is ExpiredTokenException (exit 255)" {
	export AWS_ACCESS_KEY_ID=ASIAIOSFODNN7EXPIRED
	export AWS_SECRET_ACCESS_KEY=eXPIREDsECRET/K7MDENG/bPxRfiCYEXPIREDKEY
	AWS_SESSION_TOKEN=FQoGZXIvYXdzEXPIREDSESSIONTOKEN run -255 aws fsx describe-file-systems
	assert_output --partial "An error occurred (ExpiredTokenException) when calling the DescribeFileSystems operation: The security token included in the request is expired"
}

@test "mock-fsx: registered credentials are accepted (exit 0)" {
	mock_register_creds ASIAREGISTEREDKEY001 sEcReT/registered TOKEN1
	AWS_ACCESS_KEY_ID=ASIAREGISTEREDKEY001 AWS_SECRET_ACCESS_KEY=sEcReT/registered \
		AWS_SESSION_TOKEN=TOKEN1 run -0 aws fsx describe-file-systems --query 'length(FileSystems)'
	assert_output 4
}

@test "mock-fsx: server clock 10 min ahead gives Signature expired (exit 255)" {
	mock_clock_skew 600
	run -255 aws fsx describe-file-systems
	assert_output --regexp 'An error occurred \(InvalidSignatureException\) when calling the DescribeFileSystems operation: Signature expired: [0-9]{8}T[0-9]{6}Z is now earlier than [0-9]{8}T[0-9]{6}Z \([0-9]{8}T[0-9]{6}Z - 5 min\.\)'
	# 4 minutes off is inside the tolerance
	mock_clock_skew -240
	run -0 aws fsx describe-file-systems --query 'length(FileSystems)'
}

@test "mock-fsx: server clock behind gives Signature not yet current (exit 255)" {
	mock_clock_skew -600
	run -255 aws fsx describe-file-systems
	assert_output --partial "Signature not yet current:"
	run -0 bash -c 'curl -sSI -X POST "$MOCK_FSX_URL/" | tr -d "\r" | grep "^Date: "'
	assert_output --regexp '^Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$'
}

@test "mock-fsx: an unsigned request is MissingAuthenticationToken (403)" {
	run -0 curl -s -o /dev/null -w '%{http_code}' -X POST \
		-H 'X-Amz-Target: AWSSimbaAPIService_v20180301.DescribeFileSystems' \
		-H 'Content-Type: application/x-amz-json-1.1' -d '{}' "$MOCK_FSX_URL/"
	assert_output 403
	run -0 bash -c 'curl -sS "$MOCK_FSX_URL/__log" | jq -r ".[-1].auth"'
	assert_output MissingAuthenticationTokenException
}

@test "mock-fsx: botocore checks (SigV4 vector, paging, parsing, retries)" {
	run -0 python3 "$TOP/tests/mock-fsx/check_botocore.py" "$MOCK_FSX_URL"
	assert_output --partial "all botocore checks passed"
}
