#!/bin/sh
# What building and testing hips needs on Debian, from nothing but /bin/sh
# and apt-get (a bare Debian 12 or 13 has no make, no compiler):
#
#   sh scripts/deps.sh            install what is missing: apt-get as root,
#                                 else through sudo, else print the exact
#                                 command to run as root and fail
#   sh scripts/deps.sh --check    only say what is missing (make check)
#
# Nothing else installs packages: make never does.
set -u

case ${1:-} in
"")	mode=install ;;
--check) mode=check ;;
*)	echo "hips: usage: sh scripts/deps.sh [--check]" >&2; exit 2 ;;
esac
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
need_file /usr/include/stdio.h libc6-dev
need_cmd make make
need_cmd pkg-config pkg-config
if command -v pkg-config >/dev/null 2>&1; then
	need_pc libgit2 libgit2-dev
	need_pc inih libinih-dev
else
	missing="$missing libgit2-dev libinih-dev"
fi
# What make check needs too: the first command of the README installs it,
# so that the second works for a user who cannot install anything.
{
	if command -v pkg-config >/dev/null 2>&1; then
		need_pc cmocka libcmocka-dev
	else
		missing="$missing libcmocka-dev"
	fi
	need_cmd git git
	need_cmd python3 python3	# TOML and JSON checks, test servers
	need_cmd mandoc mandoc
	need_cmd col bsdextrautils	# man page text (selfcheck.sh)
	need_cmd openssl openssl	# the TLS server's certificate (sync.sh)
	need_cmd zsh zsh
	need_cmd fish fish
	need_cmd strace strace	# one write() per message (edges.sh)
	need_cmd tmux tmux	# hips go in a real terminal (go.sh)
	need_cmd chromium chromium	# renders hips report --html (report.sh)
	need_file /usr/share/bash-completion/bash_completion bash-completion
	need_file /usr/share/zoneinfo/Pacific/Apia tzdata	# a skipped day
	# sync over ssh and https against local servers (ssh.sh, https.sh)
	need_cmd ssh-agent openssh-client
	need_file /usr/sbin/sshd openssh-server
}
[ -z "$missing" ] && exit 0

install="apt-get update && apt-get install -y --no-install-recommends$missing"
if [ "$mode" = check ]; then
	echo "hips: missing packages:$missing" >&2
	echo "hips: install them with: sh scripts/deps.sh" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "hips: no apt-get here; install the equivalents of:$missing" >&2
	exit 1
fi
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "hips: missing packages:$missing" >&2
	if command -v sudo >/dev/null 2>&1; then
		echo "hips: run: sudo sh -c '$install'" >&2
	else
		echo "hips: run as root: $install" >&2
	fi
	exit 1
fi
echo "hips: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# An old or empty package list cannot find anything: refresh it once.
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 ||
	{ $SUDO apt-get update -q >/dev/null &&
	  $SUDO apt-get install -y -q --no-install-recommends $missing; } || {
		echo "hips: could not install:$missing" >&2
		exit 1
	}
