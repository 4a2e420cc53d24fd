#!/usr/bin/env bats
# Credential sources for the FSx stand-in (aws-fsx-api.md §5.6-5.8):
# IMDSv2, container credentials and moto's STS, each proven with the
# real AWS CLI, whose keys the stand-in then accepts.
load helpers
load ../mock-fsx/mockfsx

setup_file() { mock_start --time-scale 1000; }
teardown_file() { mock_stop; }
setup() { unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY; }
teardown() {
	imds_stop
	container_stop
	moto_stop
	[[ -z ${SECOND_MOCK:-} ]] || mock_stop	# the stand-in started by a test
}

@test "mock-fsx: IMDSv2 wants a session token (401 without, 200 with)" {
	imds_start
	run -0 curl -s -o /dev/null -w '%{http_code}' "$IMDS_URL/latest/meta-data/iam/security-credentials/"
	assert_output 401
	run -0 curl -s -o /dev/null -w '%{http_code}' -X PUT "$IMDS_URL/latest/api/token"
	assert_output 400	# no TTL header
	tok=$(curl -sf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' "$IMDS_URL/latest/api/token")
	run -0 curl -sf -H "X-aws-ec2-metadata-token: $tok" "$IMDS_URL/latest/meta-data/placement/region"
	assert_output us-east-1
	run -0 curl -sf -H "X-aws-ec2-metadata-token: $tok" "$IMDS_URL/latest/meta-data/iam/security-credentials/fsxctl-test-role"
	assert_equal "$(jq -r '[.Code, .Type, .AccessKeyId] | join(" ")' <<<"$output")" "Success AWS-HMAC ASIAIMDSEXAMPLE00001"
}

@test "mock-fsx: aws CLI with IMDS credentials is accepted (exit 0)" {
	imds_start --rotate
	run -0 aws fsx describe-file-systems --query 'length(FileSystems)'
	assert_output 4
	run -0 mock_log_last
	assert_equal "$(jq -c '[.auth, .security_token, (.access_key | startswith("ASIA"))]' <<<"$output")" '["ok",true,true]'
	run -0 curl -sf "$IMDS_URL/__log"
	assert_equal "$(jq -c 'map(.method + " " + .path)' <<<"$output")" '["PUT /latest/api/token","GET /latest/meta-data/iam/security-credentials/","GET /latest/meta-data/iam/security-credentials/fsxctl-test-role"]'
}

@test "mock-fsx: container credentials need the Authorization token (401, then exit 0)" {
	container_start --rotate
	run -0 curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: wrong' "$AWS_CONTAINER_CREDENTIALS_FULL_URI"
	assert_output 401
	run -0 aws fsx describe-file-systems --query 'length(FileSystems)'
	assert_output 4
	run -0 mock_log_last
	assert_equal "$(jq -r .auth <<<"$output")" ok
}

@test "mock-fsx: registered keys past their expiration are ExpiredTokenException (exit 255)" {
	mock_register_creds ASIAEXPIREDREGISTER1 sEcReT/expired TOKEN-X 2026-01-01T00:00:00Z
	AWS_ACCESS_KEY_ID=ASIAEXPIREDREGISTER1 AWS_SECRET_ACCESS_KEY=sEcReT/expired AWS_SESSION_TOKEN=TOKEN-X \
		run -255 aws fsx describe-file-systems
	assert_output --partial "An error occurred (ExpiredTokenException) when calling the DescribeFileSystems operation"
}

@test "mock-fsx: web identity through moto STS is accepted with --moto (exit 0)" {
	moto_start
	BATS_FILE_TMPDIR=$BATS_TEST_TMPDIR mock_start --time-scale 1000 --moto "$MOTO_URL"
	SECOND_MOCK=1
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
	echo eyJhbGciOiJSUzI1NiJ9.test.sig >"$BATS_TEST_TMPDIR/token"
	# a fresh session name: the CLI caches STS answers in ~/.aws/cli/cache
	AWS_WEB_IDENTITY_TOKEN_FILE="$BATS_TEST_TMPDIR/token" AWS_ROLE_ARN=arn:aws:iam::123456789012:role/fsx \
		AWS_ROLE_SESSION_NAME="bats-$$-$RANDOM" run -0 aws fsx describe-file-systems --query 'length(FileSystems)'
	assert_output 4
	run -0 mock_log_last
	assert_equal "$(jq -c '[.auth, .security_token]' <<<"$output")" '["ok",true]'
}
