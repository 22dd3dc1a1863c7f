#!/bin/sh
# Run every test: the cmocka unit binaries given as arguments, then each
# CLI script tests/cli/*.sh.  All speak TAP; this counts "ok" and "not ok"
# lines and ends with one line "N passed, N failed".
#
#   sh tests/run.sh build/std/tests/test_entry ...
#   TESTS='log next' sh tests/run.sh      # only tests/cli/log.sh, next.sh
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
# Sanitizer builds: stop at the first error; known library leaks aside.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp:print_suppressions=0}
# The tally lives in the build directory, out of reach of anything a
# test (or another test run on the machine) does in /tmp.
mkdir -p "$top/build"
out=$(mktemp "$top/build/run-out.XXXXXX")
tap=$(mktemp "$top/build/run-tap.XXXXXX")
trap 'rm -f "$out" "$tap"' EXIT
failed_suites=""

for bin in "$@"; do
	name=$(basename "$bin")
	printf '# %s\n' "$name"
	CMOCKA_MESSAGE_OUTPUT=TAP "$bin" >"$out" 2>&1
	rc=$?
	grep -E '^(not )?ok ' "$out" | sed "s/^\(not \)\{0,1\}ok [0-9]* - /&$name: /"
	grep -E '^(not )?ok ' "$out" >>"$tap" 2>/dev/null
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$out"; then
		echo "not ok - $name: exited $rc"
		echo "not ok" >>"$tap"
		sed 's/^/#   /' "$out"
	elif grep -q '^not ok' "$out"; then
		grep -v -E '^(ok|not ok) ' "$out" | sed 's/^/#   /'
	fi
done

for script in "$top"/tests/cli/*.sh; do
	name=$(basename "$script" .sh)
	[ "$name" = lib ] && continue
	if [ -n "${TESTS:-}" ]; then
		case " $TESTS " in *" $name "*) ;; *) continue ;; esac
	fi
	printf '# %s\n' "$name"
	bash "$script" >"$out" 2>&1
	rc=$?
	cat "$out"
	grep -E '^(not )?ok ' "$out" >>"$tap"
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$out"; then
		echo "not ok - $name: script exited $rc"
		echo "not ok" >>"$tap"
	fi
done

pass=$(grep -c '^ok ' "$tap")
fail=$(grep -c '^not ok' "$tap")
echo "${pass:-0} passed, ${fail:-0} failed"
[ "${fail:-0}" -eq 0 ]
