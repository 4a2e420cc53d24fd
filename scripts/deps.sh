#!/usr/bin/env bash
# Installs the Debian packages fsxctl needs to build, test and demo, when
# they are missing; says exactly what is missing when it cannot.
set -u
PKGS="gcc make libcurl4-openssl-dev libssl-dev libcjson-dev libreadline-dev
libyaml-dev libinih-dev attr bats bats-assert bats-support bats-file jq tmux
python3 groff-base man-db clang libclang-rt-14-dev zsh fish lintian dpkg-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >/tmp/fsxctl-deps.log 2>&1 || {
		echo "deps: apt-get failed (see /tmp/fsxctl-deps.log):"; tail -5 /tmp/fsxctl-deps.log; exit 1; }
	exit 0
fi
echo "deps: missing Debian packages:$missing"
echo "deps: install them with: sudo apt-get install$missing"
exit 1
