#!/bin/bash
# Data never drives the terminal; files hips creates are the user's alone.
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')

# No escape byte (nor any other C0 control but LF and tab) in $out, $err.
expect_no_escape() {
	printf '%s%s' "$out" "$err" | LC_ALL=C grep -q "[$ESC$(printf '\007\010\015\233')]" &&
		fail "$1: a control character reached the terminal"
	return 0
}

t_escapes() {
	local c
	hips log bridge 3x10 >/dev/null || fail "first"
	# Hand-edited lines with escapes in every field, and a file name.
	{
		printf '2026-11-20T08:00:00+01:00 bridge 3x10 # \033]0;title\007\n'
		printf '2026-11-21T08:00:00+01:00 bri\033[2Jdge 3x10\n'
		printf '2026-11-22T08:00:00+01:00 bridge 3x10 k=\033[31m\n'
		printf '\033[2J2026-11-23T08:00:00+01:00 bridge 3x10\n'
		printf '2026-11-24T08:00:00+01:00 bridge 3x10 # \302\233 csi\n'
		printf '2026-11-25T08:00:00+01:00 bridge 3x10\r\n'
	} >>"$DATA/log/2026-11.log"
	printf '2026-11-23T08:00:00+01:00 bridge 3x10\n' >"$DATA/log/$ESC[2J.log"
	for c in "log" "log --json" "check" "streak" "streak --prompt" \
		"streak --calendar" "next" "next --why" "next --json" "program"; do
		run hips $c
		expect_no_escape "hips $c"
	done
	mkdir -p "$CONF"
	printf '[user]\nname = \033[2J\n' >"$CONF/config.ini"
	run hips check; expect_no_escape "config.ini"
	run hips log bridge 3x10; expect_no_escape "config.ini on write"
	rm "$CONF/config.ini"
	printf '[a\033[2J]\ncue = x\n' >"$CONF/cues.ini"
	run hips cues; expect_no_escape "cues.ini section"
	printf '[a]\ncue = \033[2J\n' >"$CONF/cues.ini"
	run hips cues; expect_no_escape "cues.ini cue"
	printf '[rules]\n\033[2J = 1\n' >"$CONF/program.ini"
	run hips next; expect_no_escape "program.ini key"
	run hips "$(printf 'x\033[2J')"; expect_no_escape "command name"
	run hips log "$(printf 'x\033[2J')" 3x10; expect_no_escape "exercise"
	run hips log bridge "$(printf '3\033[2J')"; expect_no_escape "dose"
	run hips log bridge 3x10 "$(printf 'k=\033[2J')"; expect_no_escape "key"
	run hips log -d "$(printf '\033[2J')" bridge 3x10; expect_no_escape "date"
}
t "escape sequences from data, settings and arguments never reach the terminal" t_escapes

# Every file and directory hips creates: no access for group or others,
# even under a permissive umask and in a directory made by someone else.
t_private() {
	umask 022
	hips log bridge 3x10 >/dev/null || fail "log"
	hips skip -d 2026-11-20 >/dev/null || fail "skip"
	hips undo >/dev/null || fail "undo"
	hips streak >/dev/null
	hips cues >/dev/null
	find "$DATA" "$HOME/.local" -perm /077 -printf '%m %p\n' >"$T/open"
	[ ! -s "$T/open" ] || fail "not private: $(head -5 "$T/open")"
	mkdir -m 755 "$T/shared"
	run hips -C "$T/shared" log bridge 3x10; expect_status 0
	find "$T/shared" -mindepth 1 -perm /077 -printf '%m %p\n' >"$T/open"
	[ ! -s "$T/open" ] || fail "not private under -C: $(head -5 "$T/open")"
}
t "files and directories hips creates are private (0600, 0700)" t_private

t_no_shell() {
	# A shell metacharacter in data or arguments is never run.
	run hips log bridge 3x10 -m "\$(touch $T/pwned); \`touch $T/pwned\`"
	expect_status 0
	run hips git log --format='%s' "\$(touch $T/pwned)"
	run hips check
	[ ! -e "$T/pwned" ] || fail "a shell ran user data"
}
t "no shell ever sees user data" t_no_shell

done_testing
