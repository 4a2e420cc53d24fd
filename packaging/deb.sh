#!/usr/bin/env bash
# `make deb`: a Debian package of fsxctl (binary, the fsxemu emulator, man
# pages, bash/zsh/fish completions), built with dpkg-deb from a
# `make install DESTDIR=...` tree, then checked with lintian when present.
# Writes $B/fsxctl_VERSION_ARCH.deb from what `make` built (make deb runs it):
# B=build VERSION=0.1.0 packaging/deb.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${B:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
version=${VERSION:?VERSION not set}
arch=$(dpkg --print-architecture)
deb=$B/fsxctl_${version}_${arch}.deb
# not under $B: the Makefile includes every *.d it finds there
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/fsxctl_${version}_${arch}
make -s -o all install B="$B" DESTDIR="$stage" PREFIX=/usr \
	ZSHCOMPDIR=/usr/share/zsh/vendor-completions >/dev/null
strip --strip-unneeded --remove-section=.comment --remove-section=.note \
	"$stage/usr/bin/fsxctl" "$stage/usr/bin/fsxemu" "$stage"/usr/lib/fsxctl/*.so
chmod 644 "$stage"/usr/lib/fsxctl/*.so
gzip -9n "$stage"/usr/share/man/man1/*.1

doc=$stage/usr/share/doc/fsxctl
install -d "$doc"
install -m 644 packaging/copyright "$doc/copyright"
{
	printf 'fsxctl (%s) unstable; urgency=medium\n\n' "$version"
	printf '  * Release %s, built from git %s.\n\n' "$version" \
		"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	printf ' -- fsxctl maintainers <maintainers@fsxctl.invalid>  %s\n' \
		"$(date -R -u -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n > "$doc/changelog.gz"

# fsxctl links libc only (the rest is dlopen'ed): depend on the newest
# glibc symbol version the binaries use, recommend what dlopen opens.
glibc=$(objdump -T "$stage/usr/bin/fsxctl" "$stage/usr/bin/fsxemu" \
	"$stage"/usr/lib/fsxctl/*.so | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' |
	sort -uV | tail -1)
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
install -d "$stage/DEBIAN"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@GLIBC@/$glibc/" \
	-e "s/@SIZE@/$size/" packaging/control.in > "$stage/DEBIAN/control"
(cd "$stage" && find usr -type f -exec md5sum {} + | sort -k2 > DEBIAN/md5sums)
chmod 644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
find "$stage" -type d -exec chmod 755 {} +

dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "deb: $deb"
if command -v lintian >/dev/null; then
	lintian --fail-on error "$deb" && echo "deb: lintian: no errors"
fi
