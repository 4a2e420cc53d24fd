# Shared benchmark helpers (sourced by bench/p*.sh).
# Each benchmark prints a Markdown section on stdout: what was measured, the
# anchor measured in the same run, absolute figures and the ratio.
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
BENCH_TMP=${BENCH_TMP:-$(mktemp -d /tmp/fsxbench.XXXXXX)}

# median_ms RUNS CMD ARGS...: median wall time of RUNS whole runs, in ms (3 decimals)
median_ms() {
	local runs=$1; shift
	python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time, statistics
runs = int(sys.argv[1]); cmd = sys.argv[2:]
t = []
for _ in range(runs):
    s = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t.append((time.perf_counter() - s) * 1000)
print("%.3f" % statistics.median(t))
PY
}

# once_ms CMD...: wall time of one run (shell pipelines: pass bash -c '...'), in ms
once_ms() {
	local s e
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1
	e=$(date +%s%N)
	awk -v a="$s" -v b="$e" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'
}

# ratio A B: A/B with 2 decimals
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "inf"; else printf "%.2f\n", a / b }'
}
