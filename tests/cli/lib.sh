# Shared by the CLI tests: a hermetic environment, a TAP reporter and
# assertions.  A test is a function; `t NAME FUNCTION` runs it in a
# subshell with a fresh temporary HOME and reports "ok" or "not ok".
#
#   . "$(dirname "$0")/lib.sh"
#   t_log_writes() { run hips log bridge 3x10; expect_status 0; ... }
#   t "log writes a line" t_log_writes
#   done_testing

set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HIPS_BIN=${HIPS_BIN:-$TOP/hips}
# Under valgrind: HIPS_WRAP="valgrind -q --error-exitcode=99 ..."
HIPS_WRAP=${HIPS_WRAP:-}
# Under a wrapper hips runs ~50x slower: long loops scale down by this.
if [ -n "$HIPS_WRAP" ]; then HIPS_SLOW=10; else HIPS_SLOW=1; fi
TAP_N=0
TAP_FAIL=0
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/hips-test.XXXXXX")
trap 'rm -rf "$ROOT"' EXIT

hips() {
	# shellcheck disable=SC2086
	$HIPS_WRAP "$HIPS_BIN" "$@"
}

# A fresh, hermetic environment: nothing of the real user's leaks in.
setup() {
	T=$(mktemp -d "$ROOT/t.XXXXXX")
	export HOME="$T/home"
	mkdir -p "$HOME"
	unset HIPS_DIR XDG_DATA_HOME XDG_CONFIG_HOME XDG_STATE_HOME \
		XDG_CACHE_HOME NO_COLOR GIT_DIR GIT_WORK_TREE \
		GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
		GIT_COMMITTER_EMAIL EMAIL GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
		GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_COMMON_DIR \
		GIT_CEILING_DIRECTORIES GIT_CONFIG GIT_CONFIG_GLOBAL \
		GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT GIT_AUTHOR_DATE \
		GIT_COMMITTER_DATE HIPS_PACK_THRESHOLD HIPS_FAULT \
		HIPS_FAULT_RAISE HIPS_FAULT_COUNT COLUMNS LINES \
		CLICOLOR CLICOLOR_FORCE FORCE_COLOR
	# Nor the user's ssh-agent, askpass or terminal (git credential
	# would ask there).
	unset SSH_AUTH_SOCK SSH_AGENT_PID SSH_ASKPASS GIT_ASKPASS \
		GIT_SSL_CAINFO
	export GIT_TERMINAL_PROMPT=0
	export GIT_CONFIG_NOSYSTEM=1
	export TZ=UTC LC_ALL=C
	# Colour needs a terminal that can show it: tests that give hips a
	# terminal must not depend on the caller's (TERM=dumb turns it off).
	export TERM=xterm
	export HIPS_NOW=2026-11-26T07:30:00+01:00
	DATA="$HOME/.local/share/hips"
	CONF="$HOME/.config/hips"
	cd "$T" || exit 1
}

# run CMD...: sets $out, $err and $status; never fails itself.
run() {
	"$@" >"$T/.out" 2>"$T/.err"
	status=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
	return 0
}

fail() {
	echo "# FAIL: $*"
	echo "#   status: ${status:-}"
	echo "#   stdout: ${out:-}" | head -20
	echo "#   stderr: ${err:-}" | head -20
	exit 1
}

expect_status() {
	[ "$status" -eq "$1" ] || fail "status $status, expected $1"
}
expect_out() {		# exact stdout
	[ "$out" = "$1" ] || fail "stdout differs: expected '$1'"
}
expect_out_match() {	# extended regex, somewhere in stdout
	printf '%s\n' "$out" | grep -Eq -- "$1" || fail "stdout lacks /$1/"
}
expect_out_nomatch() {
	printf '%s\n' "$out" | grep -Eq -- "$1" && fail "stdout has /$1/"
	return 0
}
expect_err_match() {
	printf '%s\n' "$err" | grep -Eq -- "$1" || fail "stderr lacks /$1/"
}
expect_err_empty() {
	[ -z "$err" ] || fail "stderr is not empty"
}
expect_out_empty() {
	[ -z "$out" ] || fail "stdout is not empty"
}
expect_one_line_err() {
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] ||
		fail "stderr is not one line"
}
# The data repository has exactly N commits (0: it does not exist).
expect_commits() {
	local n=0
	if [ -d "$DATA/.git" ]; then
		n=$(git -C "$DATA" rev-list --count HEAD 2>/dev/null || echo 0)
	fi
	[ "$n" -eq "$1" ] || fail "$n commits, expected $1"
}

t() {
	local name=$1 fn=$2
	# T_ONLY: only the test whose function is T_ONLY, or whose name
	# matches T_ONLY as an extended regex (tests/cli/build.sh runs some of
	# another file against another build; stress.sh one of sync.sh's).
	[ -z "${T_ONLY:-}" ] || [ "$T_ONLY" = "$fn" ] ||
		printf '%s\n' "$name" | grep -Eq -- "$T_ONLY" || return 0
	TAP_N=$((TAP_N + 1))
	SECONDS=0
	if ( setup; set -u; "$fn" ) >"$ROOT/log" 2>&1; then
		echo "ok $TAP_N - $name"
		grep '^# ' "$ROOT/log"
		[ "$SECONDS" -lt 5 ] || echo "# took ${SECONDS}s"
	else
		echo "not ok $TAP_N - $name"
		TAP_FAIL=$((TAP_FAIL + 1))
		sed 's/^/#   /' "$ROOT/log"
	fi
}

done_testing() {
	echo "1..$TAP_N"
	[ "$TAP_FAIL" -eq 0 ]
}
