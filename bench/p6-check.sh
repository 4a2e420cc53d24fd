#!/usr/bin/env bash
# P6: `fsxctl check -r` (the striping audit) over a tree of files with
# layouts, against the `fsxctl getstripe -r` walk of the same tree, in the
# same run. The audit also stats every file (for its size).
. "$(dirname "$0")/lib.sh"
N=${P6_FILES:-100000}
MNT=$BENCH_TMP/p6mnt
G=$TOP/tests/golden/lfs-examples/getstripe
"$BUILD/fsxemu" init "$MNT" --osts 16 >/dev/null
# layouts set behind the emulator's back: 1 in 10 files striped over 4 OSTs
# with 4 MiB stripes (two findings each), the rest FSx's PFL
python3 - "$MNT" "$N" "$G/fsx_pfl4_init1/blob.bin" "$G/v1_c4_S4M/blob.bin" <<'PY'
import os, sys
mnt, n = sys.argv[1], int(sys.argv[2])
good, bad = open(sys.argv[3], "rb").read(), open(sys.argv[4], "rb").read()
for d in range(n // 1000 + 1):
    os.makedirs("%s/d%03d" % (mnt, d), exist_ok=True)
for i in range(n):
    p = "%s/d%03d/f%06d" % (mnt, i // 1000, i)
    os.close(os.open(p, os.O_CREAT | os.O_WRONLY, 0o644))
    os.setxattr(p, "user.lustre.lov", bad if i % 10 == 0 else good)
PY
run() { "$BUILD/fsxemu" run "$MNT" -- "$@"; }
run "$BUILD/fsxctl" getstripe -r "$MNT" >/dev/null # warm the caches
best() { # best of 3, ms
	local m=999999999 t
	for _ in 1 2 3; do
		t=$(once_ms "$@")
		m=$(awk -v a="$t" -v b="$m" 'BEGIN { print (a < b) ? a : b }')
	done
	echo "$m"
}
g=$(best run "$BUILD/fsxctl" getstripe -r "$MNT")
c=$(best run "$BUILD/fsxctl" check -r --balance off "$MNT")
cb=$(best run "$BUILD/fsxctl" check -r "$MNT")
found=$(run "$BUILD/fsxctl" check -r "$MNT" 2>&1 >/dev/null | tail -1)
rss() { # peak RSS in KiB of one run
	python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$BUILD/fsxemu" run "$MNT" -- "$@"
}
rg=$(rss "$BUILD/fsxctl" getstripe -r "$MNT")
rc=$(rss "$BUILD/fsxctl" check -r --balance off "$MNT")
cat <<MD
## P6: striping audit (\`check -r\`) over $N files

| walk (best of 3, output to /dev/null) | ms | ratio to anchor | peak RSS KiB |
|---|---|---|---|
| anchor: \`fsxctl getstripe -r\` | $g | 1.00 | $rg |
| \`fsxctl check -r --balance off\` (every file rule) | $c | $(ratio "$c" "$g") | $rc |
| \`fsxctl check -r\` (also the OST fill: one statfs per target) | $cb | $(ratio "$cb" "$g") | |

Goal: ≤ 1.2× the getstripe walk. The audit stats every file for its size,
which getstripe does not. The OST-fill row also pays the emulator's
per-target statfs, which computes the usage with one walk of the whole
tree (a real MDT/OST answers one RPC each, from its own counters). The audit said: $found
MD
rm -rf "$MNT" "$BENCH_TMP/.p6mnt.fsxemu" "$MNT.s3" 2>/dev/null
