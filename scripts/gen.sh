#!/usr/bin/env bash
# Regenerates the files made from the command table: completions/ (bash,
# zsh, fish) and man/*.1 (with the hand-written sections of man/src/).
# Usage: scripts/gen.sh [OUTDIR]   (default: the source tree; FSXCTL=binary)
# Tests run it into a temporary OUTDIR and diff the result with the tree.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top}
fsxctl=${FSXCTL:-$top/build/fsxctl}
mkdir -p "$out/completions" "$out/man"
"$fsxctl" completion bash > "$out/completions/fsxctl.bash"
"$fsxctl" completion zsh > "$out/completions/_fsxctl"
"$fsxctl" completion fish > "$out/completions/fsxctl.fish"
# man/*.1 are all generated: drop pages of commands that are gone
rm -f "$out"/man/fsxctl*.1
for page in $("$fsxctl" __manpage); do
	"$fsxctl" __manpage --extra "$top/man/src/$page.roff" "$page" > "$out/man/$page.1"
done
