# make install / make uninstall into a temporary DESTDIR, and the Debian
# package that make deb builds from the same tree.
load helpers

install_tree() {
	make -s -C "$TOP" -o all "$@" B="$BUILD" DESTDIR="$BATS_TEST_TMPDIR/root" PREFIX=/usr/local
}

@test "install: puts binary, emulator, man pages and completions in place (exit 0)" {
	[ -x "$BUILD/fsxemu" ] || skip "the emulator is not built"
	run -0 install_tree install
	r=$BATS_TEST_TMPDIR/root/usr/local
	assert_file_executable "$r/bin/fsxctl"
	assert_file_executable "$r/bin/fsxemu"
	assert_file_exists "$r/lib/fsxctl/libfsxemu.so"
	assert_file_exists "$r/share/bash-completion/completions/fsxctl"
	assert_file_exists "$r/share/zsh/site-functions/_fsxctl"
	assert_file_exists "$r/share/fish/vendor_completions.d/fsxctl.fish"
	for m in "$TOP"/man/*.1; do
		assert_file_exists "$r/share/man/man1/${m##*/}"
	done
	run -0 "$r/bin/fsxctl" version
	assert_output "fsxctl 0.1.0"
	# the installed emulator finds its library in ../lib/fsxctl
	run -0 "$r/bin/fsxemu" init "$BATS_TEST_TMPDIR/mnt"
	run -0 "$r/bin/fsxemu" run "$BATS_TEST_TMPDIR/mnt" -- "$r/bin/fsxctl" getstripe -c "$BATS_TEST_TMPDIR/mnt"
	run -0 man -w -M "$r/share/man" fsxctl-setstripe
}

@test "install: uninstall removes every installed file (exit 0)" {
	[ -x "$BUILD/fsxemu" ] || skip "the emulator is not built"
	run -0 install_tree install
	run -0 install_tree uninstall
	run -0 find "$BATS_TEST_TMPDIR/root" -type f
	assert_output ""
}

@test "install: make deb builds a package lintian accepts (exit 0)" {
	command -v dpkg-deb >/dev/null || skip "dpkg-deb is not installed"
	[ -x "$BUILD/fsxemu" ] || skip "the emulator is not built"
	run -0 env B="$BUILD" VERSION=0.1.0 "$TOP/packaging/deb.sh"
	deb=$(ls "$BUILD"/fsxctl_0.1.0_*.deb)
	command -v lintian >/dev/null && assert_line "deb: lintian: no errors"
	run -0 dpkg-deb -c "$deb"
	for f in usr/bin/fsxctl usr/bin/fsxemu usr/lib/fsxctl/libfsxemu.so \
		usr/share/man/man1/fsxctl.1.gz usr/share/man/man1/fsxctl-setstripe.1.gz \
		usr/share/bash-completion/completions/fsxctl \
		usr/share/zsh/vendor-completions/_fsxctl \
		usr/share/fish/vendor_completions.d/fsxctl.fish \
		usr/share/doc/fsxctl/copyright; do
		assert_output --partial "./$f"
	done
	run -0 dpkg-deb -f "$deb" Depends
	assert_output --regexp '^libc6 \(>= 2\.[0-9]+\)$'
}
