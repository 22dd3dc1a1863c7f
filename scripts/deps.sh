#!/bin/sh
# Install what building (deps.sh build) or testing (deps.sh check) hips
# needs on Debian, when it is missing: apt-get as root, else through sudo,
# else one message naming the packages.
set -u

mode=${1:-build}
missing=""

need_pc() {	# pkg-config module, Debian package
	pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"
}
need_cmd() {	# command, Debian package
	command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
need_file() {	# file, Debian package
	[ -e "$1" ] || missing="$missing $2"
}

need_cmd cc gcc
need_cmd make make
need_cmd pkg-config pkg-config
if command -v pkg-config >/dev/null 2>&1; then
	need_pc libgit2 libgit2-dev
	need_pc inih libinih-dev
else
	missing="$missing libgit2-dev libinih-dev"
fi
if [ "$mode" = check ]; then
	if command -v pkg-config >/dev/null 2>&1; then
		need_pc cmocka libcmocka-dev
	else
		missing="$missing libcmocka-dev"
	fi
	need_cmd git git
	need_cmd python3 python3	# TOML and JSON checks, test servers
	need_cmd mandoc mandoc
	need_cmd zsh zsh
	need_cmd fish fish
	need_cmd strace strace	# one write() per message (edges.sh)
	need_file /usr/share/bash-completion/bash_completion bash-completion
fi
[ -z "$missing" ] && exit 0

echo "hips: installing build dependencies:$missing" >&2
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "hips: missing packages:$missing" >&2
	echo "hips: install them with: sudo apt-get install$missing" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "hips: no apt-get here; install the equivalents of:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# An old or empty package list cannot find anything: refresh it once.
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 ||
	{ $SUDO apt-get update -q >/dev/null &&
	  $SUDO apt-get install -y -q --no-install-recommends $missing; } || {
		echo "hips: could not install:$missing" >&2
		exit 1
	}
