#!/usr/bin/env bats
# The credential chain end to end: profile files, credential_process,
# role profiles and IRSA web identity through moto's STS, container
# credentials (ECS / EKS Pod Identity) and IMDSv2, each signing real FSx
# calls that the stand-in verifies. No secret appears in any output.
load helpers
load ../mock-fsx/mockfsx

setup_file() {
	moto_start
	mock_start --time-scale 1000 --moto "$MOTO_URL"
}
teardown_file() { mock_stop; moto_stop; }
setup() {
	mock_clear_log
	export FSXCTL_POLL_MS=50 FSXCTL_RETRY_SCALE=0.01
	export AWS_CONFIG_FILE="$BATS_TEST_TMPDIR/config" AWS_SHARED_CREDENTIALS_FILE="$BATS_TEST_TMPDIR/credentials"
	: >"$AWS_CONFIG_FILE"
	: >"$AWS_SHARED_CREDENTIALS_FILE"
}

fx() { "$BUILD/fsxctl" "$@"; }
last_key() { mock_log | jq -r '[.[] | select(.operation == "DescribeFileSystems")][-1] | "\(.access_key) \(.security_token) \(.auth)"'; }
no_env_keys() { unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN; }

@test "creds: --profile uses the credentials file and hides env keys (exit 0)" {
	printf '[dev]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n' >"$AWS_SHARED_CREDENTIALS_FILE"
	run -0 fx fs list --profile dev --output text
	run -0 last_key
	assert_output "AKIDEXAMPLE false ok"
	# AWS_PROFILE does not hide them: the env pair signs
	AWS_PROFILE=dev run -0 fx fs list --output text
	run -0 last_key
	assert_output "AKIAIOSFODNN7EXAMPLE false ok"
}

@test "creds: a named profile that does not exist is an error (exit 1)" {
	run -1 --separate-stderr fx fs list --profile nosuch
	assert_equal "$stderr" "fsxctl: fs list: profile 'nosuch' not found in $AWS_CONFIG_FILE or $AWS_SHARED_CREDENTIALS_FILE"
}

@test "creds: a malformed profile file names the file and line (exit 1)" {
	printf '[default]\nregion = us-east-1\n[default]\n' >"$AWS_CONFIG_FILE"
	run -1 --separate-stderr fx fs list
	assert_equal "$stderr" "fsxctl: fs list: $AWS_CONFIG_FILE: line 3: section [default] repeated"
	printf 'aws_access_key_id = AK\n' >"$AWS_CONFIG_FILE"
	run -1 --separate-stderr fx fs list
	assert_equal "$stderr" "fsxctl: fs list: $AWS_CONFIG_FILE: line 1: a key before any [section]"
}

@test "creds: the region comes from the profile when no variable sets it (exit 0)" {
	unset AWS_REGION AWS_DEFAULT_REGION
	printf '[profile p]\nregion = us-east-1\n' >"$AWS_CONFIG_FILE"
	AWS_PROFILE=p run -0 fx fs list --output text
	assert_equal "${#lines[@]}" 4
}

@test "creds: credential_process with a session token (exit 0)" {
	no_env_keys
	cat >"$BATS_TEST_TMPDIR/proc" <<'SH'
#!/bin/sh
echo '{"Version": 1, "AccessKeyId": "ASIAIOSFODNN7TEMP001", "SecretAccessKey": "tEMPsECRETkEY/K7MDENG/bPxRfiCYTEMP0001KEY", "SessionToken": "FQoGZXIvYXdzEXAMPLESESSIONTOKEN", "Expiration": "2099-01-01T00:00:00Z"}'
SH
	chmod +x "$BATS_TEST_TMPDIR/proc"
	printf '[default]\ncredential_process = %s\n' "$BATS_TEST_TMPDIR/proc" >"$AWS_CONFIG_FILE"
	run -0 --separate-stderr fx --debug fs list --output text
	run -0 last_key
	assert_output "ASIAIOSFODNN7TEMP001 true ok"
	[[ $stderr != *tEMPsECRETkEY* && $stderr != *FQoGZXIvYXdzEXAMPLESESSIONTOKEN* ]]
}

@test "creds: a failing credential_process stops the chain with its stderr (exit 1)" {
	no_env_keys
	printf '#!/bin/sh\necho "token expired, run login" >&2\nexit 4\n' >"$BATS_TEST_TMPDIR/proc"
	chmod +x "$BATS_TEST_TMPDIR/proc"
	printf '[default]\ncredential_process = %s\n' "$BATS_TEST_TMPDIR/proc" >"$AWS_CONFIG_FILE"
	run -1 --separate-stderr fx fs list
	assert_equal "$stderr" "fsxctl: fs list: credential_process of profile 'default': $BATS_TEST_TMPDIR/proc exited 4: token expired, run login"
}

@test "creds: IRSA web identity through STS AssumeRoleWithWebIdentity (exit 0)" {
	no_env_keys
	printf 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2ln' >"$BATS_TEST_TMPDIR/token"
	export AWS_WEB_IDENTITY_TOKEN_FILE="$BATS_TEST_TMPDIR/token"
	export AWS_ROLE_ARN=arn:aws:iam::123456789012:role/fsx-admin AWS_ROLE_SESSION_NAME="bats-$$-$RANDOM"
	run -0 --separate-stderr fx --debug fs list --output text
	assert_equal "${#lines[@]}" 4
	run -0 last_key
	assert_regex "$output" "^ASIA[A-Z0-9]+ true ok$"
	[[ $stderr != *eyJhbGciOiJSUzI1NiJ9* ]]
	assert_regex "$stderr" "request body: \[redacted, [0-9]+ bytes\]"
}

@test "creds: IRSA token file set without a role is a configuration error (exit 1)" {
	no_env_keys
	export AWS_WEB_IDENTITY_TOKEN_FILE="$BATS_TEST_TMPDIR/token"
	unset AWS_ROLE_ARN
	run -1 --separate-stderr fx fs list
	assert_equal "$stderr" "fsxctl: fs list: web identity token file $BATS_TEST_TMPDIR/token is set but no role: set AWS_ROLE_ARN"
}

@test "creds: a role profile assumes its role with the source profile's keys (exit 0)" {
	no_env_keys
	printf '[base]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n' >"$AWS_SHARED_CREDENTIALS_FILE"
	printf '[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\nrole_session_name = bats-%s\n' "$RANDOM" >"$AWS_CONFIG_FILE"
	run -0 fx fs list --profile admin --output text
	run -0 last_key
	assert_regex "$output" "^ASIA[A-Z0-9]+ true ok$"
}

@test "creds: container credentials (EKS Pod Identity token file) (exit 0)" {
	no_env_keys
	printf 'pod-identity-token' >"$BATS_TEST_TMPDIR/agent-token"
	printf 'pod-identity-token' >"$BATS_TEST_TMPDIR/pod-token"
	container_start --token-file "$BATS_TEST_TMPDIR/agent-token"
	unset AWS_CONTAINER_AUTHORIZATION_TOKEN
	export AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE="$BATS_TEST_TMPDIR/pod-token"
	run -0 fx fs list --output text
	run -0 last_key
	assert_output "ASIACONTAINEREXAMPL1 true ok"
	# a wrong token is refused by the agent: one line, no token shown
	printf 'wrong-token' >"$BATS_TEST_TMPDIR/pod-token"
	run -1 --separate-stderr fx fs list
	assert_equal "$stderr" "fsxctl: fs list: container credentials $AWS_CONTAINER_CREDENTIALS_FULL_URI: HTTP 401"
	container_stop || true
}

@test "creds: container credentials over http to a non-loopback host are refused (exit 1)" {
	no_env_keys
	export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://192.0.2.1/creds
	run -1 --separate-stderr fx fs list
	assert_equal "$stderr" "fsxctl: fs list: container credentials URL http://192.0.2.1/creds: http is allowed only to loopback or the ECS/EKS agent"
}

@test "creds: EC2 IMDSv2 instance role (exit 0)" {
	no_env_keys
	imds_start
	run -0 fx fs list --output text
	run -0 last_key
	assert_output "ASIAIMDSEXAMPLE00001 true ok"
	run -0 curl -s "$IMDS_URL/__log"
	run -0 jq -c '[.[] | .method]' <<<"$output"
	assert_output '["PUT","GET","GET"]'
	imds_stop || true
}

@test "creds: nothing configured anywhere is one line (exit 1)" {
	no_env_keys
	run -1 --separate-stderr fx fs list
	assert_regex "$stderr" "^fsxctl: fs list: no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, use --profile"
}
