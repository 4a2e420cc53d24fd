#!/usr/bin/env bash
# P1: start-up. `fsxctl getstripe FILE` and `fsxctl --version` as whole
# processes, against a minimal C program that stats the same file, all
# under the emulator (the preload costs every process the same).
. "$(dirname "$0")/lib.sh"
cc -O2 -o "$BENCH_TMP/stat-file" "$TOP/bench/anchors/stat-file.c"
MNT=$BENCH_TMP/p1mnt
"$BUILD/fsxemu" init "$MNT" --osts 16 >/dev/null
"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" setstripe -E 100M -c 1 -E -1 -c 8 "$MNT/f"
RUNS=${P1_RUNS:-300}
res=$("$BUILD/fsxemu" run "$MNT" -- python3 - "$RUNS" "$BENCH_TMP/stat-file" "$BUILD/fsxctl" "$MNT/f" <<'PY'
import subprocess, sys, time, statistics
runs, anchor, fsx, f = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
cmds = {"anchor": [anchor, f], "getstripe": [fsx, "getstripe", f], "version": [fsx, "--version"]}
t = {k: [] for k in cmds}
for _ in range(runs):          # interleaved, so drift hits all three alike
    for k, c in cmds.items():
        s = time.perf_counter()
        subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t[k].append((time.perf_counter() - s) * 1000)
print(" ".join("%.3f" % statistics.median(t[k]) for k in ("anchor", "getstripe", "version")))
PY
)
read -r a g v <<<"$res"
libs=$(env LD_DEBUG=libs "$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" getstripe "$MNT/f" 2>&1 >/dev/null |
	grep -oE 'calling init: [^ ]+' | grep -cE 'libcurl|libcrypto|readline|libyaml')
cat <<MD
## P1: start-up of a filesystem command

| command (whole process, median of $RUNS) | ms | ratio to anchor |
|---|---|---|
| anchor: C program that stats the file | $a | 1.00 |
| \`fsxctl getstripe FILE\` (PFL file) | $g | $(ratio "$g" "$a") |
| \`fsxctl --version\` | $v | $(ratio "$v" "$a") |

Goal: getstripe ≤ 1.2× the anchor. Optional libraries initialised by
getstripe (libcurl, libcrypto, readline, libyaml): $libs.
MD
rm -rf "$MNT" "$MNT.fsxemu" "$MNT.s3" 2>/dev/null
