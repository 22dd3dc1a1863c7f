#!/bin/sh
# What the build finds here, settled by probing headers and symbols, never
# by version numbers.  Run by make (the rule for build/configure.h), with
# the compiler and flags of the build in the environment:
#
#   CC CFLAGS GIT2_CFLAGS GIT2_LIBDIR
#   DEFER_INIT    auto or no    (config.mk)
#   CRYPTO_FIRST  auto or no    (config.mk)
#
# Writes build/configure.h (for the git plugin) and build/configure.link
# (extra link flags of the plugin), and prints one line of what it found.
set -u

out=${1:-build}
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hips-configure.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "hips: $*" >&2
	exit 1
}

CC=${CC:-cc}
command -v "${CC%% *}" >/dev/null 2>&1 ||
	fail "no C compiler ('$CC'); install what building needs with: sh scripts/deps.sh"
command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libgit2 inih ||
	fail "libgit2 or inih not found by pkg-config; install what building needs with: sh scripts/deps.sh"

# Does this C file compile here?
compiles() {
	# shellcheck disable=SC2086
	$CC -std=c11 -Werror=implicit-function-declaration ${CFLAGS:-} \
	    ${GIT2_CFLAGS:-} -c -o "$tmp/probe.o" "$tmp/probe.c" >/dev/null 2>&1
}

# libgit2 1.8 moved git_error_set and its kin, which the plugin uses to
# leave its own messages for git_error_last(), from <git2/errors.h> (read
# by <git2.h>) to <git2/sys/errors.h>.
probe_errors() {	# extra #include lines
	printf '%s\n' '#include <git2.h>' "$1" \
	    'int main(void) { git_error_clear();' \
	    'git_error_set_str(GIT_ERROR_INVALID, "x"); git_error_set_oom();' \
	    'git_error_set(GIT_ERROR_OS, "%s", "x"); return 0; }' \
	    >"$tmp/probe.c"
	compiles
}
if probe_errors ""; then
	sys_errors=0
elif probe_errors '#include <git2/sys/errors.h>'; then
	sys_errors=1
else
	fail "libgit2's headers declare no git_error_set_str (see $0)"
fi

# The symbols libgit2 takes from other libraries.
git2_so=${GIT2_LIBDIR:-}/libgit2.so
imports() {
	nm -D --undefined-only "$git2_so" 2>/dev/null |
	    sed -n 's/^ *U \([A-Za-z0-9_]*\).*/\1/p'
}
imported() {		# every one of the symbols named
	for s; do
		grep -qx "$s" "$tmp/imports" || return 1
	done
}
imports >"$tmp/imports"

# The interposed initialisation of TLS and SSH (src/store/tls.c): only for
# a libgit2 that calls the very functions the plugin stands in for.
defer_tls=0
defer_ssh=0
if [ "${DEFER_INIT:-auto}" != no ]; then
	imported mbedtls_x509_crt_parse_file mbedtls_ssl_setup \
	    mbedtls_entropy_init mbedtls_entropy_free mbedtls_ctr_drbg_seed &&
		defer_tls=1
	imported libssh2_init && defer_ssh=1
fi

# libcrypto named first by the plugin (the Makefile's comment on
# CRYPTO_FIRST), when the libgit2 found loads one at all.
early=""
if [ "${CRYPTO_FIRST:-auto}" != no ]; then
	crypto=$(ldd "$git2_so" 2>/dev/null |
	    sed -n 's/^[[:space:]]*\(libcrypto\.so[.0-9]*\) =>.*/\1/p' |
	    head -n 1)
	[ -n "$crypto" ] && early="-Wl,--no-as-needed -l:$crypto"
fi

cat >"$tmp/configure.h" <<EOF
/* Written by scripts/configure.sh: what the build found here. */
#define HIPS_GIT2_SYS_ERRORS	$sys_errors	/* <git2/sys/errors.h> needed */
#define HIPS_DEFER_TLS		$defer_tls	/* libgit2 sets up mbedTLS */
#define HIPS_DEFER_SSH		$defer_ssh	/* libgit2 calls libssh2_init */
EOF
printf '%s\n' "$early" >"$tmp/configure.link"
cp "$tmp/configure.h" "$tmp/configure.link" "$out/" || exit 1
echo "configure: sys/errors.h $sys_errors, deferred TLS $defer_tls," \
    "deferred SSH $defer_ssh, link first: ${early:-nothing}"
