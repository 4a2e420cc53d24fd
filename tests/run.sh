#!/usr/bin/env bash
# The whole test suite: C unit tests and bats suites, both TAP. Prints each
# failure and ends with one line: `N passed, N failed` (and `, N skipped`).
# Usage: tests/run.sh [bats files...]   (B=build-san for the sanitized build)
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
export BUILD="$PWD/$B"
pass=0 fail=0 skip=0

if [ $# -eq 0 ]; then
	for t in "$B"/tests/test-*; do
		[ -x "$t" ] || continue
		out=$("$t" 2>&1)
		rc=$?
		p=$(grep -c '^ok ' <<<"$out"); f=$(grep -c '^not ok ' <<<"$out")
		pass=$((pass + p)); fail=$((fail + f))
		if [ "$f" -gt 0 ]; then
			echo "--- $(basename "$t")"
			grep -A12 '^not ok ' <<<"$out" | head -60
		fi
		if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
			fail=$((fail + 1))
			echo "not ok - $(basename "$t") exited $rc"
			tail -20 <<<"$out"
		fi
	done
	if [ -x tests/fuzz/run.sh ] && command -v clang >/dev/null; then
		out=$(tests/fuzz/run.sh short 2>&1)
		p=$(grep -c '^ok ' <<<"$out"); f=$(grep -c '^not ok ' <<<"$out")
		pass=$((pass + p)); fail=$((fail + f))
		[ "$f" -gt 0 ] && grep -A20 '^not ok ' <<<"$out" | head -60
	fi
	set -- tests/bats/*.bats
fi

if [ $# -gt 0 ] && command -v bats >/dev/null; then
	out_file="$B/.bats-out"
	mkdir -p "$B"
	bats --tap "$@" > "$out_file" 2>&1
	p=$(grep -c '^ok ' "$out_file" | head -1)
	s=$(grep -cE '^ok .*# (skip|SKIP)' "$out_file" | head -1)
	f=$(grep -c '^not ok ' "$out_file" | head -1)
	pass=$((pass + p - s)); skip=$((skip + s)); fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		awk '/^not ok /{show=1; print; next} /^ok /{show=0} show && /^#/{print}' "$out_file" | head -200
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "bats ran no test:"; tail -20 "$out_file"; fail=$((fail + 1))
	fi
elif [ $# -gt 0 ]; then
	echo "bats is not installed (make deps)"; fail=$((fail + 1))
fi

if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
