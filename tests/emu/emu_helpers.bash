# Extra helpers for the emulator's own suites (tests/bats/emu-*.bats).
# Load after `load helpers`: `load ../emu/emu_helpers`.
LUSTRE_PY="$TOP/tests/emu/lustre.py"
EXAMPLES="${FSX_SHARED:-$TOP/../shared}/lfs-examples"
[ -d "$EXAMPLES" ] || EXAMPLES=/work/shared/lfs-examples

# lpy CMD ARGS...: the hand-packed ioctl peer, run under the emulator
lpy() {
	"$BUILD/fsxemu" run "$MNT" -- python3 "$LUSTRE_PY" "$@"
}

# stored MOUNT-side layout bytes of PATH, as hex (no emulator involved)
stored_lov() {
	getfattr --absolute-names -n user.lustre.lov -e hex "$1" 2>/dev/null |
		sed -n 's/^user.lustre.lov=0x//p'
}

# hex of a file
hexof() {
	xxd -p "$1" | tr -d '\n'
}

# the mount's fsname
emu_fsname() {
	"$BUILD/fsxemu" info "$MNT" | sed -n 's/^fsname=//p'
}
