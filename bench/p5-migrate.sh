#!/usr/bin/env bash
# P5: `fsxctl migrate` of a 2 GiB file against `cp` of the same file, in the
# same run. R2: 50 migrations killed with SIGKILL at random points and 50
# with a concurrent appending writer; checksums compared: no data lost.
. "$(dirname "$0")/lib.sh"
SIZE_MIB=${P5_MIB:-2048}
R2_N=${R2_RUNS:-50}
MNT=$BENCH_TMP/p5mnt
"$BUILD/fsxemu" init "$MNT" --osts 8 >/dev/null
run() { "$BUILD/fsxemu" run "$MNT" -- "$@"; }
run dd if=/dev/zero of="$MNT/probe" bs=4k count=1 status=none
if run "$BUILD/fsxctl" migrate -c 2 "$MNT/probe" 2>&1 | grep -q 'Inappropriate ioctl'; then
	cat <<MD
## P5 / R2: migrate throughput and safety

Not measured: the emulator does not answer the migrate ioctls yet (data
version, group lock, lease, layout swap).
MD
	rm -rf "$MNT" "$MNT.fsxemu" "$MNT.s3"
	exit 0
fi

# P5: one big file, cp (the anchor) then migrate, same source, warm cache
run "$BUILD/fsxctl" setstripe -c 1 "$MNT/big"
run dd if=/dev/urandom of="$MNT/big" bs=1M count="$SIZE_MIB" conv=notrunc status=none
sum_before=$(run md5sum "$MNT/big" | cut -d' ' -f1)
cp_ms=$(once_ms run cp "$MNT/big" "$MNT/big.cp")
run rm -f "$MNT/big.cp"
mg_ms=$(once_ms run "$BUILD/fsxctl" migrate -c 8 "$MNT/big")
mbs() { awk -v m="$SIZE_MIB" -v t="$1" 'BEGIN { printf "%.0f", m / (t / 1000) }'; }
sum_after=$(run md5sum "$MNT/big" | cut -d' ' -f1)
intact=no; [ "$sum_before" = "$sum_after" ] && intact=yes
run rm -f "$MNT/big"

# R2a: SIGKILL at a random point of each migration
lost_kill=0 done_kill=0
for i in $(seq 1 "$R2_N"); do
	f="$MNT/k$i"
	run "$BUILD/fsxctl" setstripe -c 1 "$f"
	run dd if=/dev/urandom of="$f" bs=1M count=16 conv=notrunc status=none
	want=$(run md5sum "$f" | cut -d' ' -f1)
	run "$BUILD/fsxctl" migrate -c 4 "$f" >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((RANDOM % 100))"
	kill -9 "$pid" 2>/dev/null && done_kill=$((done_kill + 1))
	wait "$pid" 2>/dev/null
	got=$(run md5sum "$f" | cut -d' ' -f1)
	[ "$got" = "$want" ] || lost_kill=$((lost_kill + 1))
	run rm -f "$f"
done

# R2b: a writer appends numbered records during each migration
lost_write=0 refused=0
for i in $(seq 1 "$R2_N"); do
	f="$MNT/w$i"
	run "$BUILD/fsxctl" setstripe -c 1 "$f"
	run dd if=/dev/urandom of="$f" bs=1M count=16 conv=notrunc status=none
	head=$(run md5sum "$f" | cut -d' ' -f1)
	run sh -c "for j in \$(seq 1 200); do printf 'rec %05d\n' \$j >> '$f'; done" &
	wpid=$!
	run "$BUILD/fsxctl" migrate -c 4 "$f" >/dev/null 2>&1 || refused=$((refused + 1))
	wait "$wpid"
	recs=$(run sh -c "tail -c $((200 * 10)) '$f' | grep -c '^rec '")
	first=$(run sh -c "head -c $((16 << 20)) '$f' | md5sum | cut -d' ' -f1")
	[ "$recs" = 200 ] && [ "$first" = "$head" ] || lost_write=$((lost_write + 1))
	run rm -f "$f"
done

cat <<MD
## P5: migrate a ${SIZE_MIB} MiB file versus cp

| copy of the same file (warm cache) | ms | MiB/s | ratio to anchor (throughput) |
|---|---|---|---|
| anchor: \`cp\` | $cp_ms | $(mbs "$cp_ms") | 1.00 |
| \`fsxctl migrate -c 8\` (copy, data version check, swap) | $mg_ms | $(mbs "$mg_ms") | $(ratio "$cp_ms" "$mg_ms") |

Goal: ≥ 0.9× cp's throughput. Data identical after the migration: $intact.

## R2: migrations interrupted or raced

| scenario | runs | files with data lost |
|---|---|---|
| SIGKILL at a random point (0-1 s) of a 16 MiB migration ($done_kill killed before finishing) | $R2_N | $lost_kill |
| a writer appending 200 records during the migration ($refused migrations refused the swap) | $R2_N | $lost_write |

Goal: 0 lost. Checksums of the original data (and every appended record)
are compared after each run.
MD
rm -rf "$MNT" "$MNT.fsxemu" "$MNT.s3" 2>/dev/null
