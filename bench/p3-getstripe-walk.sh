#!/usr/bin/env bash
# P3: `fsxctl getstripe -r` over a tree of files with layouts, against a C
# walker doing one getxattr("lustre.lov") per file, in the same run.
. "$(dirname "$0")/lib.sh"
N=${P3_FILES:-100000}
cc -O2 -o "$BENCH_TMP/getxattr-walk" "$TOP/bench/anchors/getxattr-walk.c"
MNT=$BENCH_TMP/p3mnt
"$BUILD/fsxemu" init "$MNT" --osts 16 >/dev/null
# layouts set behind the emulator's back, as a restore from backup would
python3 - "$MNT" "$N" "$TOP/tests/golden/lfs-examples/getstripe/fsx_pfl4_init1/blob.bin" <<'PY'
import os, sys
mnt, n, blob = sys.argv[1], int(sys.argv[2]), open(sys.argv[3], "rb").read()
for d in range(n // 1000 + 1):
    os.makedirs("%s/d%03d" % (mnt, d), exist_ok=True)
for i in range(n):
    p = "%s/d%03d/f%06d" % (mnt, i // 1000, i)
    os.close(os.open(p, os.O_CREAT | os.O_WRONLY, 0o644))
    os.setxattr(p, "user.lustre.lov", blob)
PY
run() { "$BUILD/fsxemu" run "$MNT" -- "$@"; }
run "$BENCH_TMP/getxattr-walk" "$MNT" >/dev/null   # warm the caches
best() { # best of 3, ms
	local m=999999999 t
	for _ in 1 2 3; do
		t=$(once_ms "$@")
		m=$(awk -v a="$t" -v b="$m" 'BEGIN { print (a < b) ? a : b }')
	done
	echo "$m"
}
a=$(best run "$BENCH_TMP/getxattr-walk" "$MNT")
g=$(best run "$BUILD/fsxctl" getstripe -r "$MNT")
c=$(best run "$BUILD/fsxctl" getstripe -c -r "$MNT")
lines=$(run "$BUILD/fsxctl" getstripe -r "$MNT" | wc -l)
cat <<MD
## P3: recursive getstripe over $N files

| walk (best of 3, output to /dev/null) | ms | ratio to anchor |
|---|---|---|
| anchor: C walker, one getxattr per file, prints nothing | $a | 1.00 |
| \`fsxctl getstripe -r\` (full lfs text, $lines lines) | $g | $(ratio "$g" "$a") |
| \`fsxctl getstripe -c -r\` | $c | $(ratio "$c" "$a") |

Goal: ≤ 1.2× the anchor. Memory stays bounded by the tree's depth.
MD
rm -rf "$MNT" "$MNT.fsxemu" "$MNT.s3" 2>/dev/null
