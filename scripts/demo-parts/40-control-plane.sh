# The FSx control plane against the loopback stand-in (sourced by scripts/demo.sh).
say "The FSx API: a loopback stand-in that checks every signature with botocore"
python3 "$TOP/tests/mock-fsx/server.py" --port 0 --port-file "$DEMO/mock.port" \
	--seed default --time-scale 200 >/dev/null 2>"$DEMO/mock.err" &
MOCK_PID=$!
for _ in $(seq 50); do [ -s "$DEMO/mock.port" ] && break; sleep 0.1; done
export AWS_ENDPOINT_URL_FSX="http://127.0.0.1:$(cat "$DEMO/mock.port")"
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
run fsxctl fs list
FS=$(fsxctl fs list --output text | awk '/PERSISTENT_2/ {print $1; exit}')

say "Link a directory to S3 and wait until the association is AVAILABLE"
run fsxctl dra create --fs "$FS" /datasets s3://demo-bucket/datasets/ \
	--auto-import new,changed,deleted --wait --timeout 60
run fsxctl dra list --fs "$FS"

say "Export changed files, waiting on the task with progress"
run fsxctl export --fs "$FS" /datasets --wait --timeout 60
run fsxctl task list --fs "$FS"

say "Mistakes FSx would refuse are caught in milliseconds, before any call"
run fsxctl fs update "$FS" --storage-capacity 1000 || true
run fsxctl dra create --fs "$FS" /datasets/sub s3://demo-bucket/other/ || true
run fsxctl dra create --fs "$FS" /x not-an-s3-path || true
