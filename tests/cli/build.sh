#!/bin/bash
# The build itself: scripts/deps.sh, the only thing that installs packages;
# scripts/configure.sh and the modes it settles by what it finds (each one
# reachable here is built and run); make, which never installs anything
# and runs no ldd but in the rule that writes build/configure.link.
. "$(dirname "$0")/lib.sh"

# The source tree, copied once for every test of this file.
SRC=$ROOT/src
mkdir -p "$SRC"
cp -R "$TOP/Makefile" "$TOP/config.mk" "$TOP/src" "$TOP/scripts" "$SRC/"

mk() {
	make -s -C "$SRC" "$@" >"$T/.make" 2>&1 ||
		fail "make $*: $(tail -5 "$T/.make")"
}

# The symbols the libgit2 found here takes from other libraries.
GIT2_SO=$(pkg-config --variable=libdir libgit2)/libgit2.so
git2_imports() {
	nm -D --undefined-only "$GIT2_SO" | awk '$1 == "U" { print $2 }'
}

# stubs NAME...: a directory of commands that only log their call, as the
# whole PATH: deps.sh then finds none of what it looks for.
stubs() {
	local c
	mkdir -p "$T/bin"
	for c; do
		printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$c" "$T" \
			>"$T/bin/$c"
		chmod +x "$T/bin/$c"
	done
}

t_deps_user() {
	stubs apt-get
	printf '#!/bin/sh\necho 1000\n' >"$T/bin/id"
	chmod +x "$T/bin/id"
	run env PATH=$T/bin /bin/sh "$TOP/scripts/deps.sh"
	expect_status 1
	expect_err_match "^hips: missing packages: gcc( [a-z0-9.+-]+)*$"
	# The exact command, for root to run, with every package missing.
	expect_err_match "^hips: run as root: apt-get update && apt-get install -y --no-install-recommends gcc .*make pkg-config libgit2-dev libinih-dev libcmocka-dev"
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 2 ] || fail "not two lines"
	[ ! -e "$T/calls" ] || fail "called: $(cat "$T/calls")"

	# With a sudo that asks for a password: the same through sudo.
	printf '#!/bin/sh\nexit 1\n' >"$T/bin/sudo"
	chmod +x "$T/bin/sudo"
	run env PATH=$T/bin /bin/sh "$TOP/scripts/deps.sh"
	expect_status 1
	expect_err_match "^hips: run: sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends gcc "
}
t "deps.sh as a user who cannot install: the exact apt-get command, exit 1" t_deps_user

t_deps_check() {
	stubs apt-get sudo
	run env PATH=$T/bin /bin/sh "$TOP/scripts/deps.sh" --check
	expect_status 1
	expect_err_match "^hips: missing packages: gcc "
	expect_err_match "^hips: install them with: sh scripts/deps.sh$"
	[ ! -e "$T/calls" ] || fail "called: $(cat "$T/calls")"
	run sh "$TOP/scripts/deps.sh" --check
	expect_status 0
	expect_err_empty
	run sh "$TOP/scripts/deps.sh" --install
	expect_status 2
	expect_one_line_err
}
t "deps.sh --check only says what is missing" t_deps_check

# make runs neither deps.sh nor, once build/configure.h is there, ldd:
# both would cost every make and the first would install packages.
t_make_installs_nothing() {
	mk hips-git.so build/std/lib/text.o
	stubs ldd
	printf '#!/bin/sh\necho "deps.sh $*" >>"%s/calls"\n' "$T" \
		>"$SRC/scripts/deps.sh"
	touch "$SRC/src/store/ops.c" "$SRC/src/lib/text.c"
	PATH=$T/bin:$PATH mk hips-git.so build/std/lib/text.o
	cp "$TOP/scripts/deps.sh" "$SRC/scripts/deps.sh"
	[ ! -e "$T/calls" ] || fail "make ran: $(cat "$T/calls")"
}
t "make installs nothing and runs no ldd while it reads the Makefile" t_make_installs_nothing

# The build here, as make check runs it: each trick is on exactly when
# the libgit2 found calls for it.
t_auto() {
	local imports defined want=0 crypto
	imports=$(git2_imports)
	defined=$(nm -D --defined-only "$TOP/hips-git.so" |
		awk '{ print $3 }')
	if printf '%s\n' "$imports" | grep -qx mbedtls_ssl_setup; then
		want=1
	fi
	grep -qx "#define HIPS_DEFER_TLS[[:space:]]*$want.*" \
		"$TOP/build/configure.h" || fail "HIPS_DEFER_TLS is not $want"
	if [ "$want" = 1 ]; then
		printf '%s\n' "$defined" | grep -qx mbedtls_ssl_setup ||
			fail "mbedTLS's set-up is not deferred"
	else
		printf '%s\n' "$defined" | grep -q '^mbedtls_' &&
			fail "mbedTLS functions defined for a libgit2 without it"
	fi
	crypto=$(ldd "$GIT2_SO" | awk '$1 ~ /^libcrypto\.so/ { print $1 }')
	first=$(readelf -d "$TOP/hips-git.so" |
		sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | head -n 1)
	if [ -n "$crypto" ]; then
		[ "$first" = "$crypto" ] || fail "first needed: $first"
	else
		[ "$first" != "${first#libgit2}" ] || fail "first needed: $first"
	fi
}
t "the build here uses each trick where libgit2 calls for it" t_auto

# Both tricks off (as for a libgit2 on OpenSSL, or without libssh2): the
# plugin then defines none of mbedTLS's or libssh2's functions, names
# libgit2 first, and writes, syncs over ssh and git://, and sets up TLS
# as libgit2 does by itself.
t_plain() {
	local first
	mk DEFER_INIT=no CRYPTO_FIRST=no hips-git.so
	grep -q '^#define HIPS_DEFER_TLS[[:space:]]*0' \
		"$SRC/build/configure.h" || fail "configure.h: $(cat \
		"$SRC/build/configure.h")"
	nm -D --defined-only "$SRC/hips-git.so" |
		grep -E ' (mbedtls_|libssh2_)' && fail "interposition built"
	first=$(readelf -d "$SRC/hips-git.so" |
		sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | head -n 1)
	[ "$first" != "${first#libgit2}" ] || fail "first needed: $first"
	cp "$TOP/hips" "$SRC/hips"
	HIPS_BIN=$SRC/hips T_ONLY='^(https: the TLS|missing or refused credentials|git://|the first sync into an empty)' \
		run bash "$TOP/tests/cli/sync.sh"
	expect_status 0
	[ "$(printf '%s\n' "$out" | grep -c '^ok ')" -ge 3 ] ||
		fail "too few tests ran: $out"
	expect_out_nomatch '^not ok'
}
t "neither trick: ssh, git:// and the TLS handshake work as libgit2 does them" t_plain

# distro-check, as far as it goes without the Debian archive (make
# distro-check runs the real thing).
t_distro_usage() {
	run sh "$TOP/scripts/distro-check.sh"
	expect_status 2
	expect_one_line_err
	expect_err_match '^hips: usage: '
}
t "distro-check without a suite: usage, exit 2" t_distro_usage

t_distro_unreachable() {
	mkdir -p "$T/src"
	cp -R "$TOP/scripts" "$TOP/README.md" "$T/src/"
	DEBIAN_MIRROR=http://127.0.0.1:9/debian run sh \
		"$T/src/scripts/distro-check.sh" sid
	expect_status 0
	[ "$(printf '%s\n' "$out" | grep -c SKIP)" = 1 ] || fail "no SKIP line"
	expect_out_match '^distro-check sid: SKIP: the Debian archive \(http://127.0.0.1:9/debian\) cannot be reached$'
	[ ! -e "$T/src/build/distro/sid-base.tmp" ] || fail "left a system"
}
if [ "$(id -u)" = 0 ] && command -v debootstrap >/dev/null; then
	t "distro-check where the archive cannot be reached: one SKIP line, exit 0" t_distro_unreachable
fi

done_testing
