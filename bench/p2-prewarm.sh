#!/usr/bin/env bash
# P2: pre-warming N released files (fsxemu import) on the emulator:
# `find -print0 | fsxctl hsm-restore -0` against the seed recipe
# `xargs -0 -n 1 fsxctl hsm-restore` (timed on a sample and scaled) and
# against a C loop making the same system calls (anchors/hsm-restore-loop.c).
# Each contender gets a fresh mount, so none finds the others' queue.
# Then peak RSS of fsxctl with P2_RSS_PATHS paths on stdin.
. "$(dirname "$0")/lib.sh"
N=${P2_FILES:-100000}
SAMPLE=${P2_SAMPLE:-500}
RSS_PATHS=${P2_RSS_PATHS:-1000000}
cc -O2 -o "$BENCH_TMP/hsm-restore-loop" "$TOP/bench/anchors/hsm-restore-loop.c"

fresh() { # fresh NAME COUNT: an emulated mount with COUNT released files
	local m=$BENCH_TMP/$1
	"$BUILD/fsxemu" init "$m" >/dev/null
	"$BUILD/fsxemu" import "$m" --count "$2" --size 4K --dir data >/dev/null
	echo "$m"
}
timed() { # timed MNT SHELL-COMMAND (run in MNT under the emulator), ms
	local s e
	s=$(date +%s%N)
	(cd "$1" && "$BUILD/fsxemu" run "$1" -- sh -c "$2" >/dev/null 2>&1)
	e=$(date +%s%N)
	awk -v a="$s" -v b="$e" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'
}

m=$(fresh fsx "$N")
f=$(timed "$m" "find data -type f -print0 | '$BUILD/fsxctl' hsm-restore -0")
q=$("$BUILD/fsxemu" run "$m" -- "$BUILD/fsxctl" --json hsm-state -r "$m/data" | grep -c '"released"')
m=$(fresh loop "$N")
l=$(timed "$m" "find data -type f -print0 | '$BENCH_TMP/hsm-restore-loop' '$m'")
# the recipe on SAMPLE files behind a queue of (N - SAMPLE) / 2 requests,
# the average queue fsxctl and the loop met (the emulator's cost per
# request grows with its queue)
m=$(fresh xargs "$N")
pre=$(( (N - SAMPLE) / 2 ))
(cd "$m" && find data -type f | sort | head -n "$pre" >"$BENCH_TMP/pre" &&
	find data -type f | sort | sed -n "$((pre + 1)),$((pre + SAMPLE))p" | tr '\n' '\0' >"$BENCH_TMP/sample" &&
	"$BUILD/fsxemu" run "$m" -- "$BUILD/fsxctl" hsm-restore --filelist "$BENCH_TMP/pre" 2>/dev/null)
x=$(timed "$m" "xargs -0 -n 1 '$BUILD/fsxctl' hsm-restore <'$BENCH_TMP/sample'")
xs=$(awk -v a="$x" -v n="$N" -v s="$SAMPLE" 'BEGIN { printf "%.1f\n", a * n / s }')

# peak RSS: RSS_PATHS paths on stdin: the N files named again and again
# (each path is opened and looked at; the FID set keeps one request per file)
m=$BENCH_TMP/fsx
rss=$(cd "$m" && find data -type f -print0 >"$BENCH_TMP/once" &&
	for _ in $(seq $(( (RSS_PATHS + N - 1) / N ))); do cat "$BENCH_TMP/once"; done |
	head -z -n "$RSS_PATHS" |
	"$BUILD/fsxemu" run "$m" -- /usr/bin/time -f %M "$BUILD/fsxctl" hsm-restore -0 2>&1 >/dev/null |
	tail -1)

cat <<MD
## P2: pre-warm $N released files

| contender (one run, fresh mount each) | ms | ratio |
|---|---|---|
| \`find -print0 \| fsxctl hsm-restore -0\` | $f | 1.00 |
| anchor: C loop, same system calls, no threads ($N files) | $l | fsxctl / loop = $(ratio "$f" "$l") |
| seed recipe \`xargs -0 -n 1 fsxctl hsm-restore\`, $SAMPLE files ($x ms, behind $pre queued) scaled to $N | $xs | recipe / fsxctl = $(ratio "$xs" "$f") |

Goals: ≥ 100× faster than the recipe, ≤ 1.2× the loop. The recipe is timed
on $SAMPLE files and scaled linearly (it would take too long whole).
After the run, $q of $N files are still waiting for the (not running)
copytool: everything was queued.

Peak RSS of fsxctl with $RSS_PATHS paths on stdin (the $N files named
again and again: every path is opened and looked at, each file requested once): **$((rss / 1024)) MiB**
($rss KiB). Goal: ≤ 16 MiB.
MD
rm -rf "$BENCH_TMP"/fsx* "$BENCH_TMP"/loop* "$BENCH_TMP"/xargs* "$BENCH_TMP"/.fsx* \
	"$BENCH_TMP"/.loop* "$BENCH_TMP"/.xargs* 2>/dev/null
