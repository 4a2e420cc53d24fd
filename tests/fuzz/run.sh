#!/usr/bin/env bash
# Builds every tests/fuzz/fuzz-*.c with libFuzzer + ASan + UBSan against the
# library sources (src/ minus main.c) into build/fuzz/, then runs each on its
# corpus (tests/fuzz/corpus/<name>/): 20000 runs from seed 1 (short) or
# 60 s (long).
# Prints TAP: `ok N - fuzz-x` / `not ok N - fuzz-x`.
# Usage: tests/fuzz/run.sh [short|long] [fuzz-x...]
set -u
cd "$(dirname "$0")/../.."
mode=${1:-short}
shift || true
# short (make check): a fixed number of runs from a fixed seed, so a run
# is repeatable and CI cannot fail on a new random path; long: 60 s each.
limit="-runs=${FUZZ_RUNS:-20000} -seed=1"
[ "$mode" = long ] && limit="-max_total_time=60"
out=build/fuzz
CC=${FUZZ_CC:-clang}
FLAGS="-g -O1 -std=gnu11 -D_GNU_SOURCE -DFSX_VERSION=\"fuzz\" -Isrc -fno-sanitize-recover=undefined"
mkdir -p "$out/obj"

if ! command -v "$CC" >/dev/null; then
	echo "1..0 # SKIP $CC not installed"
	exit 0
fi

# The library, instrumented for coverage but without libFuzzer's main.
lib="$out/libfsx-fuzz.a"
objs=()
for src in $(ls src/cmd/*.c src/layout/*.c src/lustre/*.c src/util/*.c \
	src/aws/*.c src/hsm/*.c src/quota/*.c 2>/dev/null | grep -v '^src/cmd/main.c$'); do
	o="$out/obj/${src//\//_}.o"
	if [ ! -e "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find src -name '*.h' -newer "$o" -print -quit)" ]; then
		$CC $FLAGS -fsanitize=fuzzer-no-link,address,undefined -c -o "$o" "$src" \
			2>"$out/obj/build.log" || { echo "# cannot build $src:"; sed 's/^/# /' "$out/obj/build.log"; continue; }
	fi
	objs+=("$o")
done
rm -f "$lib" && ar rcs "$lib" "${objs[@]}"

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=($(ls tests/fuzz/fuzz-*.c 2>/dev/null | sed 's|.*/||; s|\.c$||'))
echo "1..${#targets[@]}"
n=0 failed=0
for t in "${targets[@]}"; do
	n=$((n + 1))
	name=${t#fuzz-}
	bin="$out/$t"
	log="$out/$t.log"
	if ! $CC $FLAGS -fsanitize=fuzzer,address,undefined -o "$bin" "tests/fuzz/$t.c" "$lib" -lpthread -ldl >"$log" 2>&1; then
		echo "not ok $n - $t (does not build)"; sed 's/^/# /' "$log" | head -20
		failed=1; continue
	fi
	corpus="$out/corpus-$name"
	mkdir -p "$corpus"
	seeds=tests/fuzz/corpus/$name
	[ -d "$seeds" ] || seeds=
	if "$bin" $limit -max_len=4096 -timeout=10 \
		-artifact_prefix="$out/$t-" "$corpus" $seeds >"$log" 2>&1; then
		echo "ok $n - $t"
	else
		echo "not ok $n - $t"; grep -A15 -E 'ERROR|runtime error|SUMMARY' "$log" | head -30 | sed 's/^/# /'
		failed=1
	fi
done
exit $failed
