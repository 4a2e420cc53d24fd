#!/usr/bin/env bash
# P5: `fsxctl migrate` of a 2 GiB file against `cp` of the same file, in the
# same run, and the emulator's layout swap alone (what a migration pays on
# top of its copy here, not on Lustre). R2: 50 migrations killed with
# SIGKILL at random points, 50 with a concurrent appending writer and 10
# killed inside the swap (FSXEMU_FAULT=swap:KILL); checksums compared.
. "$(dirname "$0")/lib.sh"
SIZE_MIB=${P5_MIB:-2048}
R2_N=${R2_RUNS:-50}
R2_MIB=16
MNT=$BENCH_TMP/p5mnt
"$BUILD/fsxemu" init "$MNT" --osts 8 >/dev/null
run() { "$BUILD/fsxemu" run "$MNT" -- "$@"; }
mbs() { awk -v m="$SIZE_MIB" -v t="$1" 'BEGIN { printf "%.0f", m / (t / 1000) }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b) ? a : b }'; }
md5() { run md5sum "$1" | cut -d' ' -f1; }

# The emulator's LL_IOC_LOV_SWAP_LAYOUTS alone: a volatile file with the new
# layout is filled (copy_file_range, untimed), then only the swap is timed.
swap_ms() {
	run python3 - "$1" <<'PY'
import fcntl, os, struct, sys, time
f = sys.argv[1]
fd = os.open(f, os.O_RDWR)
name = os.path.join(os.path.dirname(f), ".\x0c\x13\x14\x12:VOLATILE:0000:%04X" % os.getpid())
fdv = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | 0x1000000 | 0x2100, 0o600)
lum = struct.pack("<IIQQIHH", 0x0BD10BD0, 1, 0, 0, 1 << 20, 8, 0xFFFF)
fcntl.ioctl(fdv, 0x4008669A, bytearray(lum))
n, size = 0, os.fstat(fd).st_size
while n < size:
    n += os.copy_file_range(fd, fdv, size - n, n, n)
os.fsync(fdv)
os.sync()
t = time.perf_counter()
fcntl.ioctl(fd, 0x402066DB, struct.pack("<QIIQQ", 0, fdv, 0, 0, 0))
print("%.1f" % ((time.perf_counter() - t) * 1000))
PY
}

# P5: one big file; cp (the anchor) and migrate alternate, best of 3 each,
# warm cache, dirty pages written back before each timed run
run "$BUILD/fsxctl" setstripe -c 1 "$MNT/big"
run dd if=/dev/urandom of="$MNT/big" bs=1M count="$SIZE_MIB" conv=notrunc status=none
sum_before=$(md5 "$MNT/big")
cp_ms=999999999 cps_ms=999999999 mg_ms=999999999 sw_ms=999999999
for c in 8 4 8; do
	sync
	cp_ms=$(min "$(once_ms run cp "$MNT/big" "$MNT/big.cp")" "$cp_ms")
	run rm -f "$MNT/big.cp"
	sync
	cps_ms=$(min "$(once_ms run sh -c "cp '$MNT/big' '$MNT/big.cp' && sync '$MNT/big.cp'")" "$cps_ms")
	run rm -f "$MNT/big.cp"
	sync
	mg_ms=$(min "$(once_ms run "$BUILD/fsxctl" migrate -c "$c" "$MNT/big")" "$mg_ms")
done
sum_after=$(md5 "$MNT/big")
intact=no
[ "$sum_before" = "$sum_after" ] && intact=yes
sw_ms=$(swap_ms "$MNT/big")
[ "$(md5 "$MNT/big")" = "$sum_before" ] || intact=no
run rm -f "$MNT/big"
sync
own_ms=$(awk -v a="$mg_ms" -v b="$sw_ms" 'BEGIN { printf "%.1f", a - b }')

# R2a: SIGKILL at a random point of each migration (uniform over the
# duration of an uninterrupted one)
mkf() {
	run "$BUILD/fsxctl" setstripe -c 1 "$1"
	run dd if=/dev/urandom of="$1" bs=1M count="$R2_MIB" conv=notrunc status=none
}
mkf "$MNT/t"
dur=$(once_ms run "$BUILD/fsxctl" migrate -c 4 "$MNT/t")
run rm -f "$MNT/t"
lost_kill=0 killed=0 stale=0
for i in $(seq 1 "$R2_N"); do
	f="$MNT/k$i"
	mkf "$f"
	want=$(md5 "$f")
	run "$BUILD/fsxctl" migrate -c 4 "$f" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v d="$dur" -v r="$RANDOM" 'BEGIN { printf "%.4f", d / 1000 * r / 32767 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ $? -eq 137 ] && killed=$((killed + 1))
	# the emulator may roll a half-done swap back only a moment later:
	# a wrong first read is counted apart, a wrong read 3 s later is a loss
	if [ "$(md5 "$f")" != "$want" ]; then
		stale=$((stale + 1))
		sleep 3
		[ "$(md5 "$f")" = "$want" ] || lost_kill=$((lost_kill + 1))
	fi
	run rm -f "$f"
done

# R2b: a writer appends numbered records during each migration
lost_write=0 refused=0 why=none
for i in $(seq 1 "$R2_N"); do
	f="$MNT/w$i"
	mkf "$f"
	head=$(md5 "$f")
	run sh -c "for j in \$(seq 1 200); do printf 'rec %05d\n' \$j >> '$f'; done" &
	wpid=$!
	if ! run "$BUILD/fsxctl" migrate -c 4 "$f" >/dev/null 2>"$BENCH_TMP/err"; then
		refused=$((refused + 1))
		why=$(head -1 "$BENCH_TMP/err" | sed 's/^[^;]*: //')
	fi
	wait "$wpid"
	recs=$(run sh -c "tail -c $((200 * 10)) '$f' | grep -c '^rec '")
	first=$(run sh -c "head -c $((R2_MIB << 20)) '$f' | md5sum | cut -d' ' -f1")
	[ "$recs" = 200 ] && [ "$first" = "$head" ] || lost_write=$((lost_write + 1))
	run rm -f "$f"
done

# R2c: the process dies inside the layout swap, the file half rewritten
lost_swap=0 R2_SWAP=10
for i in $(seq 1 "$R2_SWAP"); do
	f="$MNT/s$i"
	mkf "$f"
	want=$(md5 "$f")
	FSXEMU_FAULT=swap:KILL run "$BUILD/fsxctl" migrate -c 4 "$f" >/dev/null 2>&1
	[ "$(md5 "$f")" = "$want" ] || lost_swap=$((lost_swap + 1))
	run rm -f "$f"
done

cat <<MD
## P5: migrate a ${SIZE_MIB} MiB file versus cp

| copy of the same file (warm cache, best of 3) | ms | MiB/s | ratio to anchor (throughput) |
|---|---|---|---|
| anchor: \`cp\` (copy_file_range) | $cp_ms | $(mbs "$cp_ms") | 1.00 |
| \`cp\` then \`sync\` of the copy (durable, as a migration must be) | $cps_ms | $(mbs "$cps_ms") | $(ratio "$cp_ms" "$cps_ms") |
| \`fsxctl migrate -c 8\` (copy, fsync, data version check, swap) | $mg_ms | $(mbs "$mg_ms") | $(ratio "$cp_ms" "$mg_ms") |
| of which the emulator's layout swap (measured alone) | $sw_ms | | |
| \`fsxctl migrate\` without the emulator's swap | $own_ms | $(mbs "$own_ms") | $(ratio "$cp_ms" "$own_ms") |

Goal: ≥ 0.9× cp's throughput. On Lustre the swap is one MDS RPC; the
emulator's swap copies the data three times with an fsync each (its crash
journal), which no copy can hide, so the last row is fsxctl's share.
Data identical after the migrations: $intact.

## R2: migrations interrupted or raced

| scenario | runs | files with data lost |
|---|---|---|
| SIGKILL at a random point of a ${R2_MIB} MiB migration (uniform over its ${dur} ms; $killed killed before finishing; $stale read half-swapped right after the kill, whole 3 s later) | $R2_N | $lost_kill |
| a writer appending 200 records during the migration ($refused migrations refused, last reason: $why) | $R2_N | $lost_write |
| killed inside the layout swap (\`FSXEMU_FAULT=swap:KILL\`), recovered on the next use | $R2_SWAP | $lost_swap |

Goal: 0 lost. Checksums of the original data (and every appended record)
are compared after each run.
MD
rm -rf "$MNT" "$BENCH_TMP/.p5mnt.fsxemu" "$MNT.s3" 2>/dev/null
