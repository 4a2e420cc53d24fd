# Helpers for bats suites that talk to the FSx stand-in (tests/mock-fsx).
#
#   load helpers
#   load ../mock-fsx/mockfsx
#   setup_file()    { mock_start --time-scale 1000; }
#   teardown_file() { mock_stop; }
#
# mock_start exports MOCK_FSX_URL, MOCK_FSX_PORT, AWS_ENDPOINT_URL_FSX,
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_DEFAULT_REGION,
# AWS_EC2_METADATA_DISABLED=true, and points AWS_CONFIG_FILE and
# AWS_SHARED_CREDENTIALS_FILE at empty files so ~/.aws never leaks in.
# Everything else talks to the unsigned control endpoint (README.md).

MOCK_FSX_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOCK_FSX_AKID=AKIAIOSFODNN7EXAMPLE
MOCK_FSX_SECRET=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

# _mock_state_dir: where port, pid and log files go.
_mock_state_dir() {
	local d="${BATS_FILE_TMPDIR:-${BATS_TEST_TMPDIR:-${TMPDIR:-/tmp}}}"
	mkdir -p "$d/mock-fsx" && echo "$d/mock-fsx"
}

# _mock_wait_port FILE PID: wait (≤10 s) for a server to write its port.
_mock_wait_port() {
	local i
	for ((i = 0; i < 200; i++)); do
		[[ -s $1 ]] && { cat "$1"; return 0; }
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# mock_start [server.py options...]: start the stand-in on a free port.
mock_start() {
	local d port
	d=$(_mock_state_dir)
	rm -f "$d/port"
	python3 "$MOCK_FSX_DIR/server.py" --port 0 --port-file "$d/port" \
		--log "$d/requests.jsonl" "$@" >"$d/server.out" 2>"$d/server.err" 3>&- &
	MOCK_FSX_PID=$!
	echo "$MOCK_FSX_PID" >"$d/pid"
	port=$(_mock_wait_port "$d/port" "$MOCK_FSX_PID") || {
		cat "$d/server.err" >&2
		return 1
	}
	: >"$d/empty-config"
	export MOCK_FSX_PID MOCK_FSX_PORT="$port"
	export MOCK_FSX_URL="http://127.0.0.1:$port"
	export AWS_ENDPOINT_URL_FSX="$MOCK_FSX_URL"
	export AWS_ACCESS_KEY_ID="$MOCK_FSX_AKID"
	export AWS_SECRET_ACCESS_KEY="$MOCK_FSX_SECRET"
	export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
	export AWS_EC2_METADATA_DISABLED=true
	export AWS_CONFIG_FILE="$d/empty-config"
	export AWS_SHARED_CREDENTIALS_FILE="$d/empty-config"
	unset AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_PROFILE \
		AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL
}

# mock_stop: SIGTERM the stand-in started by mock_start and wait for it.
mock_stop() {
	local pid="${MOCK_FSX_PID:-$(cat "$(_mock_state_dir)/pid" 2>/dev/null)}"
	[[ -n $pid ]] || return 0
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
	unset MOCK_FSX_PID
}

# mock_json KEY=VALUE...: a JSON object; values that parse as JSON
# (numbers, true, null, [..], {..}) stay JSON, the rest are strings;
# ops=A,B becomes a list.
mock_json() {
	python3 - "$@" <<'EOF'
import json, sys
out = {}
for arg in sys.argv[1:]:
	k, _, v = arg.partition('=')
	if k == 'ops':
		out[k] = v.split(',')
		continue
	try:
		out[k] = json.loads(v)
	except ValueError:
		out[k] = v
print(json.dumps(out))
EOF
}

# mock_control JSON: POST to /__control, print the answer; fails on 4xx.
mock_control() {
	curl -sS --fail-with-body -H 'Content-Type: application/json' \
		--data-binary "$1" "$MOCK_FSX_URL/__control"
}

# mock_action NAME [KEY=VALUE...]: mock_control with {"action": NAME, ...}.
mock_action() {
	local name="$1"
	shift
	mock_control "$(mock_json action="$name" "$@")"
}

# mock_fault MODE [count=N] [ops=Op1,Op2] [status=503] [body=empty|html|json]
#            [seconds=S] [skip=K] [code=X message=Y]: inject a fault.
mock_fault() {
	local mode="$1"
	shift
	mock_action fault mode="$mode" "$@" >/dev/null
}

mock_clear_faults() { mock_action clear-faults >/dev/null; }

# mock_seed FILE|JSON: add file systems ({"file_systems": [...]}); prints ids.
mock_seed() {
	local spec="$1"
	[[ -f $spec ]] && spec=$(cat "$spec")
	mock_control "$(jq -c '. + {action: "seed"}' <<<"$spec")" |
		jq -r '.file_systems[]'
}

# mock_log [SINCE]: the request log as a JSON array (entries after SINCE).
mock_log() { curl -sS --fail "$MOCK_FSX_URL/__log?since=${1:-0}"; }

# mock_log_last: the last logged request (JSON object).
mock_log_last() { mock_log | jq '.[-1]'; }

# mock_log_seq: sequence number of the last logged request (0 if none).
mock_log_seq() { mock_log | jq '.[-1].seq // 0'; }

mock_clear_log() { mock_action clear-log >/dev/null; }
mock_state() { curl -sS --fail "$MOCK_FSX_URL/__state"; }
mock_reset() { mock_action reset >/dev/null; }

# mock_clock_skew SECONDS: shift the stand-in's clock (Date, signatures).
mock_clock_skew() { mock_action clock skew="$1" >/dev/null; }

# mock_advance SECONDS: move the simulated lifecycle clock forward.
mock_advance() { mock_action advance seconds="$1" >/dev/null; }

# mock_task_settings total_files=N failed_files=N rate=N
#                    pending_seconds=S cancel_seconds=S queue=true
#                    fail_message=TEXT: for tasks created from now on.
mock_task_settings() { mock_action task-settings "$@" >/dev/null; }

# mock_register_creds AKID SECRET [TOKEN [EXPIRATION]]: accept a key.
mock_register_creds() {
	mock_action register-credentials access_key="$1" secret_key="$2" \
		${3:+session_token="$3"} ${4:+expiration="$4"} >/dev/null
}

# mock_aws ARGS...: the real AWS CLI's fsx commands against the stand-in.
mock_aws() {
	aws --endpoint-url "$MOCK_FSX_URL" --output json fsx "$@"
}

# _mock_helper NAME SCRIPT ARGS...: start imds.py or container.py.
_mock_helper() {
	local name="$1" script="$2" d pid port
	shift 2
	d=$(_mock_state_dir)
	rm -f "$d/$name.port"
	python3 "$MOCK_FSX_DIR/$script" --port 0 --port-file "$d/$name.port" \
		${MOCK_FSX_URL:+--register "$MOCK_FSX_URL"} "$@" \
		>"$d/$name.out" 2>"$d/$name.err" 3>&- &
	pid=$!
	port=$(_mock_wait_port "$d/$name.port" "$pid") || {
		cat "$d/$name.err" >&2
		return 1
	}
	echo "$pid $port"
}

# imds_start [imds.py options]: EC2 IMDSv2 stand-in; exports IMDS_PID,
# IMDS_URL and AWS_EC2_METADATA_SERVICE_ENDPOINT (and re-enables IMDS).
imds_start() {
	local r
	r=$(_mock_helper imds imds.py "$@") || return 1
	export IMDS_PID="${r% *}" IMDS_URL="http://127.0.0.1:${r#* }"
	export AWS_EC2_METADATA_SERVICE_ENDPOINT="$IMDS_URL/"
	export AWS_EC2_METADATA_DISABLED=false
}

imds_stop() { [[ -n ${IMDS_PID:-} ]] && kill "$IMDS_PID" 2>/dev/null; wait "${IMDS_PID:-}" 2>/dev/null; unset IMDS_PID; true; }

# container_start [container.py options]: ECS / EKS Pod Identity
# credential endpoint; exports CONTAINER_PID, CONTAINER_URL,
# AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN.
container_start() {
	local r
	r=$(_mock_helper container container.py "$@") || return 1
	export CONTAINER_PID="${r% *}"
	export CONTAINER_URL="http://127.0.0.1:${r#* }"
	export AWS_CONTAINER_CREDENTIALS_FULL_URI="$CONTAINER_URL/v1/credentials"
	export AWS_CONTAINER_AUTHORIZATION_TOKEN=container-test-token
}

container_stop() { [[ -n ${CONTAINER_PID:-} ]] && kill "$CONTAINER_PID" 2>/dev/null; wait "${CONTAINER_PID:-}" 2>/dev/null; unset CONTAINER_PID; true; }

# moto_start: moto_server for STS (start-moto.sh); exports MOTO_URL,
# MOTO_PID and AWS_ENDPOINT_URL_STS.  Start the FSx stand-in with
# --moto "$MOTO_URL" to accept the keys moto's STS issues.
moto_start() {
	local d
	d=$(_mock_state_dir)
	"$MOCK_FSX_DIR/start-moto.sh" "$d/moto.port" "$d/moto.pid" || return 1
	export MOTO_PID="$(cat "$d/moto.pid")"
	export MOTO_URL="http://127.0.0.1:$(cat "$d/moto.port")"
	export AWS_ENDPOINT_URL_STS="$MOTO_URL"
}

moto_stop() { [[ -n ${MOTO_PID:-} ]] && kill "$MOTO_PID" 2>/dev/null; unset MOTO_PID; true; }
