#!/usr/bin/env bash
# `make demo`: a tour of fsxctl on an emulated FSx for Lustre mount and the
# FSx stand-in. Everything happens under a temporary directory.
set -u
cd "$(dirname "$0")/.."
TOP=$PWD
B=${B:-build}
export PATH="$TOP/$B:$PATH"
DEMO=$(mktemp -d /tmp/fsxctl-demo.XXXXXX)
MNT=$DEMO/fsx
trap 'cleanup' EXIT
cleanup() {
	[ -n "${MOCK_PID:-}" ] && kill "$MOCK_PID" 2>/dev/null
	[ -n "${CT_PID:-}" ] && kill "$CT_PID" 2>/dev/null
	rm -rf "$DEMO"
}
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '\033[36m$ %s\033[0m\n' "$*" >&2; "$@"; }
on_fsx() { fsxemu run "$MNT" -- "$@"; }
fsx() { printf '\033[36m$ fsxctl %s\033[0m\n' "$*" >&2; fsxemu run "$MNT" -- fsxctl "$@"; }

say "An emulated FSx for Lustre mount: 16 OSTs, pools fast (0-7) and slow (8-15)"
run fsxemu init "$MNT" --osts 16 --fsname demofsx1 --pool fast=0-7 --pool slow=8-15
on_fsx grep lustre /proc/self/mountinfo
cd "$MNT"

say "The file system default: FSx's progressive file layout, as lfs prints it"
fsx getstripe -d .

say "A new file inherits it; the first component is instantiated"
on_fsx dd if=/dev/zero of=small.bin bs=1M count=4 status=none
fsx getstripe small.bin

say "Checkpoints: a directory default striped wide for big files"
mkdir -p ckpt
fsx setstripe -E 1G -c 4 -S 4M -E -1 -c -1 -S 4M ckpt
fsx getstripe -d -y ckpt
on_fsx dd if=/dev/zero of=ckpt/step100.pt bs=1M count=8 status=none
fsx getstripe -c ckpt/step100.pt

say "Pools and explicit OSTs"
fsx setstripe -c 4 -p fast hot.bin
fsx getstripe -p -c hot.bin
fsx setstripe -o 9,11-12 placed.bin
fsx getstripe placed.bin

say "A template from one file applied to another (--yaml)"
fsx getstripe -y ckpt/step100.pt > "$DEMO/tpl.yaml"
fsx setstripe --yaml "$DEMO/tpl.yaml" copy.pt
fsx getstripe --component-count copy.pt

say "JSON for scripts"
fsx --json getstripe ckpt/step100.pt | head -c 400; echo

say "Mistakes are caught before anything changes"
fsx setstripe -S 100K bad.bin || true
fsx setstripe -E 1G -c 1 -E 512M -c 2 bad.bin || true
fsx setstripe -p nosuchpool bad.bin || true
fsx setstripe -c 8 small.bin || true
ls bad.bin 2>/dev/null || echo "(bad.bin was never created)"

for part in "$TOP"/scripts/demo-parts/*.sh; do
	[ -r "$part" ] && . "$part"
done

say "Done: everything ran in $DEMO (removed now)"
