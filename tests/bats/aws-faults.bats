#!/usr/bin/env bats
# Faults between fsxctl and FSx, injected by the stand-in: throttling,
# 5xx, resets, hung servers, dropped or malformed answers, clock skew,
# wrong secrets, expired tokens. One clear line, the right exit code, no
# duplicate resources, and no secret in any output, --debug included.
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
calls() { mock_log | jq -c "[.[] | select(.operation == \"$1\") | $2]"; }

@test "faults: throttling beyond the retry budget is one line (exit 1)" {
	mock_fault throttle count=10
	run -1 --separate-stderr fx fs list
	assert_equal "$stderr" "fsxctl: fs list: DescribeFileSystems: ThrottlingException: Rate exceeded (gave up after 3 attempts)"
	run -0 calls DescribeFileSystems .status
	assert_output '[400,400,400]'
}

@test "faults: --max-attempts and AWS_MAX_ATTEMPTS bound the attempts (exit 1)" {
	mock_fault throttle count=10
	AWS_MAX_ATTEMPTS=5 run -1 fx fs list
	run -0 calls DescribeFileSystems .status
	assert_output '[400,400,400,400,400]'
	mock_clear_log
	run -1 fx fs list --max-attempts 1
	run -0 calls DescribeFileSystems .status
	assert_output '[400]'
}

@test "faults: 500, 503 and a reset are retried; amz-sdk-request counts (exit 0)" {
	mock_fault error status=500
	mock_fault error status=503 body=html
	run -0 fx fs list --output text
	mock_fault reset
	run -0 fx fs list --output text
	run -0 calls DescribeFileSystems '[.status, .headers["amz-sdk-request"]]'
	assert_output '[[500,"attempt=1; max=3"],[503,"attempt=2; max=3"],[200,"attempt=3; max=3"],[null,"attempt=1; max=3"],[200,"attempt=2; max=3"]]'
}

@test "faults: a hung server trips --cli-read-timeout (exit 1)" {
	mock_fault delay seconds=3 count=5
	run -1 --separate-stderr fx fs list --cli-read-timeout 0.5 --max-attempts 2
	assert_regex "$stderr" "^fsxctl: fs list: DescribeFileSystems: .*after 2 attempts \(Connection timed out\); no answer in time: raise --cli-read-timeout, or check the endpoint$"
}

@test "faults: an unreachable endpoint names it (exit 1)" {
	run -1 --separate-stderr fx fs list --endpoint-url http://127.0.0.1:9 --max-attempts 1
	assert_regex "$stderr" "^fsxctl: fs list: DescribeFileSystems: .*\(Connection refused\); endpoint unreachable: check --endpoint-url, the region and the network$"
}

@test "faults: a malformed or truncated JSON answer is an error, not empty (exit 1)" {
	mock_fault malformed ops=DescribeFileSystems
	run -1 --separate-stderr fx fs list --max-attempts 1
	assert_regex "$stderr" "^fsxctl: fs list: DescribeFileSystems: response JSON malformed or truncated at byte [0-9]+ of [0-9]+ \(Bad message\)$"
	mock_fault truncate ops=DescribeFileSystems
	run -1 --separate-stderr fx fs list --max-attempts 1
	assert_regex "$stderr" "^fsxctl: fs list: DescribeFileSystems: "
	sleep 0.3 # the stand-in logs a truncated answer once its thread ends
}

@test "faults: a create whose answer is dropped is retried into one resource (exit 0)" {
	mock_fault drop ops=CreateBackup
	run -0 fx backup create $FS
	run -0 calls CreateBackup '[.status, .client_request_token]'
	run -0 jq -c '[length, (map(.[1]) | unique | length), (map(.[0]))]' <<<"$output"
	assert_output '[2,1,[null,200]]'
	run -0 mock_aws describe-backups --query 'length(Backups)' --output text
	assert_output 1
}

@test "faults: clock skew is corrected from the server's Date and retried (exit 0)" {
	mock_clock_skew 3600
	seq=$(mock_log_seq)
	run -0 --separate-stderr fx fs list --output text --debug
	assert_regex "$stderr" "clock skew: the server is \+36[0-9][0-9]s from this clock"
	run -0 jq -c '[.[] | select(.operation == "DescribeFileSystems") | .auth]' <<<"$(mock_log "$seq")"
	assert_output '["InvalidSignatureException","ok"]'
	mock_clock_skew 0
}

@test "faults: a wrong secret is a refused signature with a hint (exit 1)" {
	AWS_SECRET_ACCESS_KEY=wrongwrongwrong run -1 --separate-stderr fx fs list
	assert_regex "$stderr" "^fsxctl: fs list: DescribeFileSystems: InvalidSignatureException: The request signature we calculated does not match .*; the signature was refused: the secret access key is probably wrong$"
	[[ $stderr != *wrongwrongwrong* ]]
}

@test "faults: an expired session token says so (exit 1)" {
	AWS_ACCESS_KEY_ID=ASIAIOSFODNN7EXPIRED AWS_SECRET_ACCESS_KEY=eXPIREDsECRET/K7MDENG/bPxRfiCYEXPIREDKEY \
		AWS_SESSION_TOKEN=FQoGZXIvYXdzEXPIREDSESSIONTOKEN run -1 --separate-stderr fx fs list
	assert_equal "$stderr" "fsxctl: fs list: DescribeFileSystems: ExpiredTokenException: The security token included in the request is expired; the session token has expired: refresh your credentials (aws sso login, or a new role session)"
}

@test "faults: --debug logs requests with every secret redacted (exit 0)" {
	AWS_ACCESS_KEY_ID=ASIAIOSFODNN7TEMP001 AWS_SECRET_ACCESS_KEY=tEMPsECRETkEY/K7MDENG/bPxRfiCYTEMP0001KEY \
		AWS_SESSION_TOKEN=FQoGZXIvYXdzEXAMPLESESSIONTOKEN run -0 --separate-stderr fx --debug fs list --output text
	assert_regex "$stderr" "> POST http://127.0.0.1:[0-9]+/ DescribeFileSystems \(attempt 1/3\)"
	assert_regex "$stderr" "< DescribeFileSystems HTTP 200 in [0-9]+ ms"
	assert_regex "$stderr" "X-Amz-Security-Token: \[redacted\]"
	assert_regex "$stderr" "Signature=\[redacted\]"
	[[ $stderr != *FQoGZXIvYXdzEXAMPLESESSIONTOKEN* ]]
	[[ $stderr != *tEMPsECRETkEY* ]]
	[[ $output != *tEMPsECRETkEY* ]]
}

@test "faults: missing region or credentials are one line each (exit 1)" {
	unset AWS_REGION AWS_DEFAULT_REGION
	run -1 --separate-stderr fx fs list
	assert_equal "$stderr" "fsxctl: fs list: no region: use --region, AWS_REGION or 'region' in the profile"
	export AWS_REGION=us-east-1
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
	run -1 --separate-stderr fx fs list
	assert_regex "$stderr" "^fsxctl: fs list: no credentials: "
}

@test "faults: a 500 from the service with a namespaced __type is parsed (exit 1)" {
	mock_action error-style type=url >/dev/null
	run -1 --separate-stderr fx fs show fs-00000000000000009
	assert_equal "$stderr" "fsxctl: fs show: DescribeFileSystems: FileSystemNotFound: File system fs-00000000000000009 does not exist."
	mock_action error-style type=bare >/dev/null
}

@test "faults: TLS is verified; --ca-bundle, AWS_CA_BUNDLE and --no-verify-ssl (exit 1, 0)" {
	d=$BATS_TEST_TMPDIR
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/key.pem" -out "$d/cert.pem" -days 1 \
		-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
	python3 "$TOP/tests/mock-fsx/server.py" --port 0 --port-file "$d/tls.port" \
		--tls "$d/cert.pem" "$d/key.pem" >/dev/null 2>"$d/tls.err" 3>&- &
	pid=$!
	for _ in $(seq 100); do [ -s "$d/tls.port" ] && break; sleep 0.05; done
	url=https://127.0.0.1:$(cat "$d/tls.port")
	run -1 --separate-stderr fx fs list --endpoint-url "$url"
	assert_regex "$stderr" "^fsxctl: fs list: DescribeFileSystems: .*certificate.*; TLS or protocol failure: check --ca-bundle and the endpoint URL$"
	run -0 fx fs list --endpoint-url "$url" --ca-bundle "$d/cert.pem" --output text
	assert_equal "${#lines[@]}" 4
	AWS_CA_BUNDLE="$d/cert.pem" run -0 fx fs list --endpoint-url "$url" --output text
	run -0 fx fs list --endpoint-url "$url" --no-verify-ssl --output text
	kill $pid
}
