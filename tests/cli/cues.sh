#!/bin/bash
# hips cues: the rotation, the daily cue, contexts, cues.ini, and cron.
. "$(dirname "$0")/lib.sh"

STATE_REL=.local/state/hips/cues

# The cues of the set in use (all, or of context $1), one a line.
all_cues() {
	if [ $# -gt 0 ]; then
		hips cues --list -c "$1" | sed -n 's/^  //p'
	else
		hips cues --list | sed -n 's/^  //p'
	fi
}

# Is $1 one of the cues of the set in use?
is_cue() {
	all_cues | grep -Fxq -- "$1"
}

t_dump() {
	run hips cues --dump; expect_status 0; expect_err_empty
	hips cues --dump | cmp -s - "$TOP/src/lib/cues_builtin.ini" ||
		fail "--dump differs from src/lib/cues_builtin.ini"
	# As a cues.ini it gives the very same set.
	all_cues >"$T/builtin"
	mkdir -p "$CONF"
	hips cues --dump >"$CONF/cues.ini"
	all_cues | cmp -s - "$T/builtin" || fail "dumped set differs"
	# --dump ignores cues.ini, even a broken one.
	echo 'broken' >"$CONF/cues.ini"
	run hips cues --dump; expect_status 0
	hips cues --dump | cmp -s - "$TOP/src/lib/cues_builtin.ini" ||
		fail "--dump read cues.ini"
	[ ! -e "$HOME/$STATE_REL" ] || fail "--dump wrote state"
}
t "--dump prints the built-in cues.ini byte for byte" t_dump

t_list() {
	run hips cues --list; expect_status 0; expect_err_empty
	[ "$(printf '%s\n' "$out" | sed '/^ /d' | tr '\n' ' ')" = \
	    "lifting sitting standing walking stairs desk morning mindset bridge clamshell hinge " ] ||
		fail "contexts: $(printf '%s\n' "$out" | sed '/^ /d')"
	[ "$(all_cues | wc -l)" -ge 40 ] || fail "fewer than 40 cues"
	[ "$(all_cues | sort | uniq -d)" = "" ] || fail "a cue twice"
	expect_out_match '^  Picking something up\? Hips back first'
	printf '%s\n' "$out" | grep -q $'\033' && fail "colour without a terminal"
	run hips cues --list -c stairs; expect_status 0
	[ "$(printf '%s\n' "$out" | head -1)" = stairs ] || fail "header"
	[ "$(printf '%s\n' "$out" | grep -c '^  ')" -eq 4 ] || fail "stairs cues"
	[ "$(printf '%s\n' "$out" | grep -vc '^  ')" -eq 1 ] || fail "one context"
	[ ! -e "$HOME/$STATE_REL" ] || fail "--list wrote state"
}
t "--list prints every cue grouped by context, -c one context" t_list

t_list_colour() {
	script -qec "$HIPS_BIN cues --list -c stairs" /dev/null >"$T/tty"
	grep -q $'^\033\\[1mstairs\033\\[0m' "$T/tty" || fail "no bold header"
	NO_COLOR=1 script -qec "$HIPS_BIN cues --list -c stairs" /dev/null \
	    >"$T/tty"
	grep -q $'\033' "$T/tty" && fail "colour with NO_COLOR"
	script -qec "$HIPS_BIN cues" /dev/null >"$T/tty"
	grep -q $'\033' "$T/tty" && fail "colour in a cue"
	return 0
}
command -v script >/dev/null && t "colour only on a terminal" t_list_colour

t_rotation() {
	local n i
	n=$(all_cues | wc -l)
	for i in $(seq $((3 * n))); do
		run hips cues; expect_status 0; expect_err_empty
		[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "not one line"
		is_cue "$out" || fail "not a cue: $out"
		printf '%s\n' "$out"
	done >"$T/seen"
	# Each cycle shows every cue once; no cue twice in a row, even
	# across cycles; the cycles are not all in the same order.
	for i in 0 1 2; do
		sed -n "$((i * n + 1)),$(((i + 1) * n))p" "$T/seen" | sort |
		    cmp -s - <(all_cues | sort) || fail "cycle $i misses cues"
	done
	[ "$(uniq "$T/seen" | wc -l)" -eq $((3 * n)) ] || fail "a repeat"
	sed -n "1,${n}p" "$T/seen" >"$T/c0"
	sed -n "$((n + 1)),$((2 * n))p" "$T/seen" >"$T/c1"
	cmp -s "$T/c0" "$T/c1" && fail "two cycles in the same order"
	[ "$(stat -c %a "$HOME/$STATE_REL")" = 600 ] || fail "state mode"
	[ "$(cat "$HOME/$STATE_REL")" = "* $((3 * n))" ] ||
		fail "state: $(cat "$HOME/$STATE_REL")"
	[ ! -e "$DATA" ] || fail "cues created the data directory"
}
t "hips cues rotates through every cue without repeats" t_rotation

t_rotation_context() {
	local i
	for i in 1 2 3 4 5 6 7 8; do hips cues -c stairs; done >"$T/seen"
	head -4 "$T/seen" | sort | cmp -s - <(all_cues stairs | sort) ||
		fail "first cycle of stairs"
	tail -4 "$T/seen" | sort | cmp -s - <(all_cues stairs | sort) ||
		fail "second cycle of stairs"
	[ "$(uniq "$T/seen" | wc -l)" -eq 8 ] || fail "a repeat"
	# Each context keeps its own place; other lines are kept.
	hips cues >/dev/null
	hips cues -c stairs >/dev/null
	[ "$(sort "$HOME/$STATE_REL" | tr '\n' ' ')" = "* 1 stairs 9 " ] ||
		fail "state: $(cat "$HOME/$STATE_REL")"
}
t "-c CONTEXT rotates within the context" t_rotation_context

t_state_xdg() {
	export XDG_STATE_HOME="$T/state"
	run hips cues; expect_status 0
	[ "$(cat "$T/state/hips/cues")" = "* 1" ] || fail "XDG_STATE_HOME"
	[ ! -e "$HOME/.local/state" ] || fail "wrote ~/.local/state"
	# Relative XDG paths are ignored, as the XDG rule says.
	XDG_STATE_HOME=rel run hips cues; expect_status 0
	[ -e "$HOME/$STATE_REL" ] || fail "relative XDG_STATE_HOME used"
}
t "the rotation state follows XDG_STATE_HOME" t_state_xdg

t_state_bad() {
	mkdir -p "$(dirname "$HOME/$STATE_REL")"
	printf 'garbage\n* -4\nlifting 5\nx y z\nx\0 3\ndesk 7\nhinge 99999999999999999999\nwalking  2\nstairs +2\n 4\nbridge 3' \
	    >"$HOME/$STATE_REL"
	run hips cues; expect_status 0; expect_err_empty
	is_cue "$out" || fail "not a cue"
	[ "$(sort "$HOME/$STATE_REL" | tr '\n' ' ')" = "* 1 desk 7 lifting 5 " ] ||
		fail "state: $(cat "$HOME/$STATE_REL")"
	run hips cues -c lifting; expect_status 0
	[ "$(sort "$HOME/$STATE_REL" | tr '\n' ' ')" = "* 1 desk 7 lifting 6 " ] ||
		fail "state: $(cat "$HOME/$STATE_REL")"
	# The position wraps instead of overflowing.
	printf '* 9223372036854775807\n' >"$HOME/$STATE_REL"
	run hips cues; expect_status 0; is_cue "$out" || fail "not a cue"
	[ "$(cat "$HOME/$STATE_REL")" = "* 0" ] || fail "no wrap"
}
t "a damaged state file counts as a fresh start" t_state_bad

t_state_unwritable() {
	: >"$T/file"
	XDG_STATE_HOME="$T/file" run hips cues
	expect_status 0
	is_cue "$out" || fail "not a cue"
	expect_err_match "^hips: cannot save the cue rotation in '$T/file/hips/cues': Not a directory$"
	expect_one_line_err
	# No HOME and no XDG_STATE_HOME: still a cue.
	run env -u HOME "$HIPS_BIN" cues; expect_status 0
	is_cue "$out" || fail "not a cue without HOME"
	expect_err_match 'cannot keep the cue rotation: HOME is not set'
	run env -u HOME "$HIPS_BIN" cues --daily; expect_status 0; expect_err_empty
	[ -z "$(ls "$T" | grep -v '^file$\|^home$')" ] || fail "stray files"
}
t "the cue is printed even when the state cannot be kept" t_state_unwritable

t_full() {
	[ -w /dev/full ] || return 0
	hips cues >/dev/null
	run sh -c "'$HIPS_BIN' cues >/dev/full"; expect_status 1
	expect_err_match 'cannot write to standard output'
	[ "$(cat "$HOME/$STATE_REL")" = "* 1" ] || fail "state moved on"
	[ "$(ls "$(dirname "$HOME/$STATE_REL")")" = cues ] || fail "temp left"
}
t "a cue that cannot be printed is not counted" t_full

t_daily() {
	local i d prev=
	run hips cues --daily; expect_status 0; expect_err_empty
	is_cue "$out" || fail "not a cue"
	local first=$out
	HIPS_NOW=2026-11-26T23:59:59+01:00 run hips cues --daily
	[ "$out" = "$first" ] || fail "not the same all day"
	HIPS_NOW=2026-11-26T00:00:00+01:00 run hips cues --daily
	[ "$out" = "$first" ] || fail "not the same all day"
	# The local date counts: 23:30 at -05:00 is the 27th in UTC.
	HIPS_NOW=2026-11-26T23:30:00-05:00 run hips cues --daily
	[ "$out" = "$first" ] || fail "not from the local date"
	[ ! -e "$HOME/.local/state" ] || fail "--daily wrote state"
	# 80 days in a row: consecutive days differ; day numbers 20435 to
	# 20501 are one whole cycle of 67 cues (cycles start at multiples).
	for i in $(seq 0 79); do
		d=$(date -u -d "2025-12-08 + $i days" +%F)
		HIPS_NOW="${d}T12:00:00+00:00" hips cues --daily
	done >"$T/days"
	[ "$(uniq "$T/days" | wc -l)" -eq 80 ] || fail "two days share a cue"
	n=$(all_cues | wc -l)
	[ "$n" -eq 67 ] || return 0	# the cycle arithmetic below needs 67
	[ "$(date -u -d 2025-12-08 +%s)" -eq $((20430 * 86400)) ] || fail "epoch"
	sed -n "$((20435 - 20430 + 1)),$((20435 - 20430 + 67))p" "$T/days" |
	    sort | cmp -s - <(all_cues | sort) || fail "a cycle misses cues"
}
t "--daily: same all day, from the local date, new each day" t_daily

t_daily_clock() {
	local z d
	# Without HIPS_NOW the clock and the time zone decide the date.
	for z in UTC XYZ-14 XYZ+11; do
		d=$(TZ=$z date +%F)
		a=$(env -u HIPS_NOW TZ=$z "$HIPS_BIN" cues --daily)
		[ "$(TZ=$z date +%F)" = "$d" ] || continue	# midnight passed
		b=$(HIPS_NOW="${d}T12:00:00+00:00" hips cues --daily)
		[ "$a" = "$b" ] || fail "TZ=$z: '$a' is not the cue of $d"
	done
}
t "--daily follows the local date of the clock" t_daily_clock

t_daily_context() {
	local i d
	run hips cues --daily -c hinge; expect_status 0
	all_cues hinge | grep -Fxq -- "$out" || fail "not a hinge cue"
	for i in $(seq 0 13); do
		d=$(date -u -d "2026-01-01 + $i days" +%F)
		HIPS_NOW="${d}T08:00:00+00:00" hips cues --daily -c hinge
	done >"$T/days"
	[ "$(uniq "$T/days" | wc -l)" -eq 14 ] || fail "two days share a cue"
	[ "$(sort -u "$T/days" | wc -l)" -eq "$(all_cues hinge | wc -l)" ] ||
		fail "not every hinge cue in two weeks"
}
t "--daily -c CONTEXT picks within the context" t_daily_context

t_unknown_context() {
	run hips cues -c nosuch; expect_status 2; expect_out_empty
	expect_one_line_err
	expect_err_match "^hips: unknown context 'nosuch' \(known: lifting, sitting, standing, walking, stairs, desk, morning, mindset, bridge, clamshell, hinge\)$"
	run hips cues --daily -c nosuch; expect_status 2
	run hips cues --list -c nosuch; expect_status 2
	run hips cues -c $'\033[31m'; expect_status 2
	printf '%s' "$err" | grep -q $'\033' && fail "escape reached stderr"
	[ ! -e "$HOME/.local/state" ] || fail "state written"
}
t "an unknown context exits 2 and lists the known ones" t_unknown_context

t_usage() {
	run hips cues -h; expect_status 0
	[ "$(printf '%s\n' "$out" | head -n 1)" = \
	    "usage: hips cues [--daily] [-c CONTEXT] [--list] [--dump]" ] ||
		fail "usage line"
	run hips help cues; expect_status 0; expect_out_match '^usage: hips cues'
	hips help --commands | grep -qx cues || fail "not in help --commands"
	for args in "extra" "--dump --daily" "--dump --list" "--dump -c desk" \
	    "--daily --list" "-c" "--nosuch" "-x" "--daily=1"; do
		# shellcheck disable=SC2086
		run hips cues $args
		expect_status 2
		expect_err_match '^usage: hips cues'
		expect_out_empty
	done
	# -c repeats, 32 times at most.
	local many=() i
	for i in $(seq 33); do many+=(-c desk); done
	run hips cues "${many[@]}"; expect_status 2
	expect_err_match '^hips: cues: more than 32 -c$'
	run hips cues --daily "${many[@]:2}"; expect_status 0
	[ ! -e "$HOME/.local/state" ] || fail "state written"
}
t "bad arguments exit 2 with usage" t_usage

t_user_file() {
	mkdir -p "$CONF"
	printf '; mine\n[kitchen]\ncue = Hips back to the low cupboard.\ncue = Stand evenly at the stove.\n\n[garden]\ncue = Kneel to weed; stand up through the hips.\n' \
	    >"$CONF/cues.ini"
	run hips cues --list; expect_status 0
	expect_out "$(printf 'kitchen\n  Hips back to the low cupboard.\n  Stand evenly at the stove.\ngarden\n  Kneel to weed; stand up through the hips.')"
	run hips cues -c garden; expect_status 0
	expect_out "Kneel to weed; stand up through the hips."
	run hips cues -c lifting; expect_status 2
	expect_err_match "known: kitchen, garden\)"
	for i in 1 2 3; do hips cues; done | sort >"$T/seen"
	all_cues | sort | cmp -s - "$T/seen" || fail "rotation of own set"
	# XDG_CONFIG_HOME moves it.
	mkdir -p "$T/xdg/hips"
	printf '[x]\ncue = From XDG.\n' >"$T/xdg/hips/cues.ini"
	XDG_CONFIG_HOME="$T/xdg" run hips cues --daily
	expect_out "From XDG."
}
t "cues.ini replaces the built-in set" t_user_file

t_bad_user_file() {
	mkdir -p "$CONF"
	printf '[a]\ncue = fine\ntip = nope\n' >"$CONF/cues.ini"
	run hips cues; expect_status 1; expect_out_empty; expect_one_line_err
	expect_err_match "^hips: $CONF/cues.ini:3: unknown key 'tip' in \[a\]"
	run hips cues --daily; expect_status 1
	run hips cues --list; expect_status 1
	printf '[a]\n[b]\ncue = x\n' >"$CONF/cues.ini"
	run hips cues; expect_status 1
	expect_err_match "cues.ini:1: section \[a\] has no cues"
	printf '[a]\ncue = caf\351\n' >"$CONF/cues.ini"
	run hips cues; expect_status 1; expect_err_match "cues.ini:2: not valid UTF-8"
	printf '[a]\r\ncue = x\r\n' >"$CONF/cues.ini"
	run hips cues; expect_status 1; expect_err_match "cues.ini:1: carriage return"
	printf '[a]\ncue = %0200d\n' 0 >"$CONF/cues.ini"
	run hips cues; expect_status 1; expect_err_match "cues.ini:2: line longer"
	printf '[a]\ncue = x\n[a]\ncue = y\n' >"$CONF/cues.ini"
	run hips cues; expect_status 1
	expect_err_match "cues.ini:3: duplicate section \[a\]"
	rm "$CONF/cues.ini"; mkdir "$CONF/cues.ini"
	run hips cues; expect_status 1; expect_err_match "cues.ini: is a directory, not a regular file"
	[ ! -e "$HOME/.local/state" ] || fail "state written"
}
t "a bad cues.ini gives file:line and exit 1" t_bad_user_file

t_cron() {
	local line
	# What cron gives: no terminal, HOME, a short PATH, nothing else.
	line=$(env -i HOME="$HOME" PATH=/usr/bin:/bin "$HIPS_BIN" cues --daily \
	    </dev/null 2>"$T/err")
	[ $? -eq 0 ] || fail "exit status"
	[ ! -s "$T/err" ] || fail "stderr: $(cat "$T/err")"
	[ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ] || fail "not one line"
	is_cue "$line" || fail "not a cue: $line"
	printf '%s' "$line" | grep -q $'\033' && fail "colour"
	env -i HOME="$HOME" PATH=/usr/bin:/bin TERM=xterm "$HIPS_BIN" cues \
	    </dev/null >"$T/out" 2>"$T/err" || fail "rotation under env -i"
	[ "$(wc -l <"$T/out")" -eq 1 ] && [ ! -s "$T/err" ] || fail "rotation output"
	[ -e "$HOME/$STATE_REL" ] || fail "no state under env -i"
	env -i HOME="$HOME" PATH=/usr/bin:/bin "$HIPS_BIN" cues -c desk \
	    </dev/null >"$T/out" 2>"$T/err" || fail "-c under env -i"
	all_cues desk | grep -Fxq -- "$(cat "$T/out")" || fail "-c output"
}
t "under cron: env -i, no terminal: one line, exit 0, no colour" t_cron

# The crontab lines of the README, run as cron would run them (sh -c,
# env -i), with hips and a recording notify-send first in PATH.
t_readme_cron() {
	local cmd n=0
	mkdir -p "$T/bin"
	ln -s "$HIPS_BIN" "$T/bin/hips"
	printf '#!/bin/sh\nprintf "%%s\\n" "$DBUS_SESSION_BUS_ADDRESS" "$@" >"$HOME/notified"\n' \
	    >"$T/bin/notify-send"
	chmod +x "$T/bin/notify-send"
	grep -q '^    PATH=/usr/local/bin:/usr/bin:/bin$' "$TOP/README.md" ||
		fail "README: no PATH line for the crontab"
	while IFS= read -r cmd; do
		n=$((n + 1))
		rm -f "$HOME/notified"
		env -i HOME="$HOME" PATH="$T/bin:/usr/bin:/bin" SHELL=/bin/sh \
		    /bin/sh -c "$cmd" </dev/null >"$T/out" 2>"$T/err" ||
			fail "README line failed: $cmd"
		[ ! -s "$T/err" ] || fail "stderr: $(cat "$T/err")"
		case $cmd in
		*notify-send*)
			[ ! -s "$T/out" ] || fail "output besides notify-send"
			[ "$(sed -n 1p "$HOME/notified")" = \
			    "unix:path=/run/user/$(id -u)/bus" ] || fail "bus"
			[ "$(sed -n 2p "$HOME/notified")" = hips ] || fail "title"
			is_cue "$(sed -n 3p "$HOME/notified")" || fail "body"
			[ "$(wc -l <"$HOME/notified")" -eq 3 ] || fail "args";;
		*)
			[ "$(wc -l <"$T/out")" -eq 1 ] || fail "not one line"
			is_cue "$(cat "$T/out")" || fail "not a cue";;
		esac
	done < <(grep -E '^    [0-9*][^ ]* [^ ]+ [^ ]+ [^ ]+ [^ ]+ .*hips cues' \
	    "$TOP/README.md" | sed -E 's/^ *([^ ]+ +){5}//')
	[ "$n" -eq 2 ] || fail "expected 2 crontab lines in README, found $n"
	grep -E '^    [0-9*].*hips cues' "$TOP/README.md" | grep -q '%' &&
		fail "a crontab line with an unescaped %"
	return 0
}
t "the README's crontab lines work under env -i" t_readme_cron

# The systemd units of the README: systemd-analyze accepts them, and the
# ExecStart command (with systemd's $$ turned into $) works.
t_readme_systemd() {
	local cmd
	mkdir -p "$T/bin" "$T/units"
	ln -s "$HIPS_BIN" "$T/bin/hips"
	printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"$HOME/notified"\n' \
	    >"$T/bin/notify-send"
	chmod +x "$T/bin/notify-send"
	awk -v dir="$T/units" '
		/hips-cue\.service`:$/ { f = dir "/hips-cue.service"; next }
		/hips-cue\.timer`:$/ { f = dir "/hips-cue.timer"; next }
		/^[^ ]/ && !/^$/ { f = "" }
		f != "" && /^    / { sub(/^    /, ""); print > f }
		f != "" && /^$/ { print > f }' "$TOP/README.md"
	grep -q '^OnCalendar=' "$T/units/hips-cue.timer" || fail "no timer"
	cmd=$(sed -n 's/^ExecStart=//p' "$T/units/hips-cue.service")
	[ -n "$cmd" ] || fail "no ExecStart"
	if command -v systemd-analyze >/dev/null &&
	    timeout 30 systemd-analyze verify --man=no \
	    "$T/units/hips-cue.service" >/dev/null 2>&1 </dev/null; then
		timeout 30 systemd-analyze verify --man=no \
		    "$T/units/hips-cue.service" "$T/units/hips-cue.timer" \
		    >"$T/out" 2>&1 || fail "systemd-analyze: $(cat "$T/out")"
	fi
	env -i HOME="$HOME" PATH="$T/bin:/usr/bin:/bin" \
	    /bin/sh -c "${cmd//\$\$/\$}" </dev/null || fail "ExecStart failed"
	[ "$(sed -n 1p "$HOME/notified")" = hips ] || fail "title"
	is_cue "$(sed -n 2p "$HOME/notified")" || fail "body"
}
t "the README's systemd units are valid and run" t_readme_systemd

t_no_libgit2() {
	LD_DEBUG=libs hips cues >/dev/null 2>"$T/ld"
	grep -q 'libgit2' "$T/ld" && fail "cues loaded libgit2"
	grep -q 'hips-git' "$T/ld" && fail "cues loaded the git plugin"
	LD_DEBUG=libs hips cues --daily >/dev/null 2>"$T/ld"
	grep -q 'libgit2\|hips-git' "$T/ld" && fail "--daily loaded libgit2"
	grep -q 'calling init' "$T/ld" || fail "LD_DEBUG gave nothing"
}
t "cues never loads libgit2" t_no_libgit2

done_testing
