# Shared bats setup: an emulated FSx mount in $MNT, build/ on PATH.
# Each test file does `load helpers`; tests run fsxctl through the emulator
# with the `fsxctl` function below (it wraps `fsxemu run $MNT --`).
TOP="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
BUILD="${BUILD:-$TOP/build}"
PATH="$BUILD:$PATH"
export LC_ALL=C

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load '/usr/lib/bats/bats-file/load'

bats_require_minimum_version 1.5.0

# emu_init [fsxemu init options...]: a fresh emulated mount at $MNT.
emu_init() {
	MNT="$BATS_TEST_TMPDIR/mnt"
	"$BUILD/fsxemu" init "$MNT" "$@" >/dev/null
}

# Run any command with the emulator active for $MNT.
emu() {
	"$BUILD/fsxemu" run "$MNT" -- "$@"
}

# fsxctl through the emulator (the way the tests call it).
fsxctl() {
	"$BUILD/fsxemu" run "$MNT" -- "$BUILD/fsxctl" "$@"
}
