#!/usr/bin/env bash
# P4: the control plane against the FSx stand-in, in one run: `fsxctl task
# list` over 1000 tasks (10 pages of 100) and one-shot `fsxctl fs list`,
# versus the AWS CLI doing the same (a shell loop following NextToken for
# describe-data-repository-tasks, which the CLI does not paginate, and
# describe-file-systems). Also checks that getstripe still loads no libcurl.
. "$(dirname "$0")/lib.sh"
D=$BENCH_TMP/p4
mkdir -p "$D"
python3 "$TOP/tests/mock-fsx/server.py" --port 0 --port-file "$D/port" --tasks 1000 \
	--time-scale 0 >"$D/out" 2>"$D/err" &
MOCK=$!
trap 'kill $MOCK 2>/dev/null; wait $MOCK 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$D/port" ] && break; sleep 0.05; done
URL=http://127.0.0.1:$(cat "$D/port")
curl -sf -H 'Content-Type: application/json' \
	--data '{"action":"page-cap","DescribeDataRepositoryTasks":100}' "$URL/__control" >/dev/null
export AWS_ENDPOINT_URL_FSX=$URL AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN

cat >"$D/aws-tasks.sh" <<'SH'
#!/usr/bin/env bash
# What a script does today: follow NextToken by hand.
tok=""; n=0
while :; do
	out=$(aws --endpoint-url "$AWS_ENDPOINT_URL_FSX" --output json fsx describe-data-repository-tasks \
		--max-results 100 ${tok:+--next-token "$tok"})
	n=$((n + $(jq '.DataRepositoryTasks | length' <<<"$out")))
	tok=$(jq -r '.NextToken // empty' <<<"$out")
	[ -z "$tok" ] && break
done
echo "$n"
SH
chmod +x "$D/aws-tasks.sh"

ntasks=$("$BUILD/fsxctl" --json task list | jq '.DataRepositoryTasks | length')
naws=$("$D/aws-tasks.sh")
RUNS=${P4_RUNS:-20}
AWS_RUNS=${P4_AWS_RUNS:-3}
f_tasks=$(median_ms "$RUNS" "$BUILD/fsxctl" task list)
a_tasks=$(median_ms "$AWS_RUNS" "$D/aws-tasks.sh")
f_fs=$(median_ms "$RUNS" "$BUILD/fsxctl" fs list)
a_fs=$(median_ms "$AWS_RUNS" aws --endpoint-url "$URL" --output json fsx describe-file-systems)

cc -O2 -o "$D/stat-file" "$TOP/bench/anchors/stat-file.c" 2>/dev/null
MNT=$D/mnt
"$BUILD/fsxemu" init "$MNT" >/dev/null
"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" setstripe -c 1 "$MNT/f"
s_anchor=$("$BUILD/fsxemu" run "$MNT" -- bash -c ". '$TOP/bench/lib.sh'; median_ms 100 '$D/stat-file' '$MNT/f'")
s_get=$("$BUILD/fsxemu" run "$MNT" -- bash -c ". '$TOP/bench/lib.sh'; median_ms 100 '$BUILD/fsxctl' getstripe '$MNT/f'")
libs=$(env LD_DEBUG=libs "$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" getstripe "$MNT/f" 2>&1 >/dev/null |
	grep -oE 'calling init: [^ ]+' | grep -cE 'libcurl|libcrypto|libcjson')

cat <<MD
## P4: control plane against the FSx stand-in

| what (whole process, median) | fsxctl ms | aws CLI ms | fsxctl faster |
|---|---|---|---|
| all $ntasks tasks, 10 pages of 100 (\`task list\` vs a NextToken loop of \`describe-data-repository-tasks\`, $naws tasks; $RUNS / $AWS_RUNS runs) | $f_tasks | $a_tasks | $(ratio "$a_tasks" "$f_tasks")× |
| one page of file systems (\`fs list\` vs \`describe-file-systems\`) | $f_fs | $a_fs | $(ratio "$a_fs" "$f_fs")× |

Goals: ≥ 100× for the task listing, ≥ 50× for the file systems. Both sides
sign every request and the stand-in checks each signature with botocore, so
part of every figure is the stand-in's own time per request.

Start-up did not regress: \`fsxctl getstripe FILE\` $s_get ms against a C
program that stats the file, $s_anchor ms ($(ratio "$s_get" "$s_anchor")×, under the
emulator); control-plane libraries initialised by getstripe: $libs.
MD
rm -rf "$MNT" "$MNT.fsxemu" "$MNT.s3" "$D/../.mnt.fsxemu" 2>/dev/null
