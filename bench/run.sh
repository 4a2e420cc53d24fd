#!/usr/bin/env bash
# `make bench`: runs every bench/p*.sh and writes bench/results.md.
set -u
cd "$(dirname "$0")/.."
out=bench/results.md
tmp=$(mktemp)
{
	echo "# fsxctl benchmark results"
	echo
	echo "Written by \`make bench\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m))."
	echo "Every figure is a ratio against an anchor measured in the same run."
	echo
} > "$tmp"
for b in bench/p*.sh; do
	[ -x "$b" ] || continue
	echo "bench: $b" >&2
	"$b" >> "$tmp" 2>>/tmp/fsxbench.log || echo "_${b} failed: see /tmp/fsxbench.log_" >> "$tmp"
	echo >> "$tmp"
done
mv "$tmp" "$out"
cat "$out"
