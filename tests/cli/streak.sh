#!/bin/bash
# hips streak: summary, --json, --calendar, and the cached --prompt.
. "$(dirname "$0")/lib.sh"

# A small log written the way an editor or a merge leaves it.  HIPS_NOW
# is Thursday 2026-11-26: Monday and Wednesday done, Tuesday skipped.
write_log() {
	mkdir -p "$DATA/log"
	printf '%s\n' \
		'2026-11-23T07:00:00+01:00 bridge 2x10' \
		'2026-11-24T20:00:00+01:00 skip # travelling' \
		'2026-11-25T07:00:00+01:00 bridge 2x10' \
		'2026-11-25T07:10:00+01:00 clamshell 2x10/side' \
		>"$DATA/log/2026-11.log"
	printf '%s\n' '2026-10-30T07:00:00+01:00 bridge 2x10' \
		>"$DATA/log/2026-10.log"
}

# The prompt, computed once without any cache, to compare against.
fresh_prompt() {
	XDG_CACHE_HOME=/dev/null/nowhere hips streak --prompt
}

# prompt_stats: the prompt under the fault shim, counting its calls:
# $out as from run, $nstat its fstatat calls (one per log file checked).
SHIM="$TOP/${HIPS_BUILD:-build/std}/tests/faultinject.so"
prompt_stats() {
	[ -e "$SHIM" ] || fail "no $SHIM (make check builds it)"
	rm -f "$T/count"
	# shellcheck disable=SC2086
	run env HIPS_FAULT_COUNT="$T/count" LD_PRELOAD="$SHIM" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		$HIPS_WRAP "$HIPS_BIN" streak --prompt
	nstat=$(awk '$1 == "fstatat" { print $2 }' "$T/count")
	[ -n "$nstat" ] || fail "no count from the shim"
}

# The cache file's inode and mtime: a rewrite (a rename) changes them.
cache_id() {
	stat -c '%i %y' "$HOME"/.cache/hips/days-*
}

t_no_data() {
	run hips streak --prompt
	expect_status 0; expect_out_empty; expect_err_empty
	[ ! -e "$DATA" ] || fail "--prompt created the data directory"
	mkdir -p "$DATA/log"
	run hips streak --prompt
	expect_status 0; expect_out_empty; expect_err_empty
	echo '# only a comment' >"$DATA/log/2026-11.log"
	run hips streak --prompt
	expect_status 0; expect_out_empty; expect_err_empty
	run hips streak
	expect_status 0; expect_out_match '^no sessions yet'
	run hips streak --json
	expect_status 0; expect_out_match '"current":0,.*"first":null'
}
t "--prompt prints nothing and exits 0 without data" t_no_data

t_prompt_never_fails() {
	write_log
	run env HIPS_NOW=garbage "$HIPS_BIN" streak --prompt
	expect_status 0; expect_out_empty; expect_err_empty
	run env HIPS_NOW=garbage "$HIPS_BIN" streak
	expect_status 2; expect_err_match 'bad HIPS_NOW'
	# A file where the data directory should be.
	run hips -C /etc/passwd streak --prompt
	expect_status 0; expect_out_empty; expect_err_empty
	# An unreadable log directory (root reads everything: not tested).
	if [ "$(id -u)" != 0 ]; then
		chmod 000 "$DATA/log"
		run hips streak --prompt
		chmod 755 "$DATA/log"
		expect_status 0; expect_out_empty; expect_err_empty
		chmod 000 "$DATA/log/2026-10.log"
		run hips streak --prompt
		expect_status 0; expect_out_empty; expect_err_empty
		run hips streak
		chmod 644 "$DATA/log/2026-10.log"
		expect_status 1; expect_out_empty
		expect_err_match '2026-10.log: Permission denied'
	fi
	# A bad config.ini: the prompt stays empty, streak says where.
	mkdir -p "$CONF"
	printf '[streak]\ntarget = often\n' >"$CONF/config.ini"
	run hips streak --prompt
	expect_status 0; expect_out_empty; expect_err_empty
	run hips streak
	expect_status 1; expect_err_match 'config.ini:2: bad target'
	rm "$CONF/config.ini"
	# A malformed line: the prompt counts the rest, quietly.
	echo 'not an entry' >>"$DATA/log/2026-11.log"
	run hips streak --prompt
	expect_status 0; expect_out "3d!"; expect_err_empty
	run hips streak
	expect_status 1; expect_out_match '^current streak: 3 days'
	expect_err_match "2026-11.log:5: "
	expect_err_match "1 malformed line \(see 'hips check'\)"
	# No HOME at all: no cache, still an answer.
	run env -u HOME HIPS_DIR="$DATA" "$HIPS_BIN" streak --prompt
	expect_status 0; expect_out "3d!"; expect_err_empty
	# A FIFO named like a log file must not hang the prompt.
	mkfifo "$DATA/log/fifo.log"
	run timeout 5 "$HIPS_BIN" streak --prompt
	expect_status 0; expect_out "3d!"
}
t "--prompt never prints an error and always exits 0" t_prompt_never_fails

t_summary() {
	write_log
	run hips streak
	expect_status 0; expect_err_empty
	expect_out "current streak: 3 days (today is still due)
best streak:    3 days
this week:      2 of 6 sessions (1 skip day)
habit strength: 11%"
	run hips streak --json
	expect_status 0
	expect_out '{"today":"2026-11-26","target":"daily","per_week":0,"unit":"day","current":3,"best":3,"due":true,"week":{"done":2,"skips":1,"target":6},"score":0.114841,"days_done":3,"first":"2026-10-30"}'
	run hips streak --prompt
	expect_status 0; expect_out "3d!"; expect_err_empty
	# Logging today settles it.
	run hips log bridge 2x10; expect_status 0
	run hips streak --prompt
	expect_out "4d"
	run hips streak
	expect_out_match '^current streak: 4 days$'
}
t "summary, --json and --prompt agree" t_summary

t_weekly() {
	write_log
	mkdir -p "$CONF"
	printf '[streak]\ntarget = 3/week\n[prompt]\nformat = [%%n%%u%%!] 100%%%%\n' \
		>"$CONF/config.ini"
	# This week: 2 sessions and a skip day meet 3/week.
	run hips streak --prompt
	expect_status 0; expect_out "[1w] 100%"
	run hips streak
	expect_out "current streak: 1 week
best streak:    1 week
this week:      2 of 2 sessions (target 3/week, 1 skip day)
habit strength: 7%"
	printf '[streak]\ntarget = 4/week\n' >"$CONF/config.ini"
	run hips streak --prompt
	expect_out "0w!"
	run hips streak
	expect_out_match '^current streak: 0 weeks \(this week needs 1 more session\)$'
}
t "weekly targets and the prompt format from config.ini" t_weekly

t_prompt_read_only() {
	write_log
	git init -q -b main "$DATA"
	git -C "$DATA" add -A
	git -C "$DATA" -c user.name=t -c user.email=t@t commit -q -m init
	touch "$T/stamp"
	sleep 1
	run hips streak --prompt
	expect_out "3d!"
	[ -z "$(find "$DATA" -newer "$T/stamp")" ] ||
		fail "--prompt changed the data directory: $(find "$DATA" -newer "$T/stamp")"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "work tree changed"
	[ -n "$(ls "$HOME/.cache/hips/")" ] || fail "no cache written"
	run env LD_DEBUG=libs "$HIPS_BIN" streak --prompt
	printf '%s\n' "$err" | grep -q 'libgit2' && fail "--prompt loaded libgit2"
	return 0
}
t "--prompt writes only its cache and never loads libgit2" t_prompt_read_only

t_cache_invalidation() {
	local f
	write_log
	# Past the racy window, so that stats alone must notice each change.
	sleep 2.1
	run hips streak --prompt; expect_out "3d!"
	# A hand edit in place (no directory change) of a file the streak
	# reaches: an append, then an edit that keeps the size (22 -> 21).
	echo '2026-11-22T07:00:00+01:00 bridge 2x10' >>"$DATA/log/2026-11.log"
	run hips streak --prompt; expect_out "4d!"
	sleep 2.1
	run hips streak --prompt; expect_out "4d!"
	f="$DATA/log/2026-11.log"
	python3 - "$f" <<'EOF' || sed -i 's/2026-11-22/2026-11-21/' "$f"
import sys
with open(sys.argv[1], "r+b") as fp:
    data = fp.read().replace(b"2026-11-22", b"2026-11-21")
    fp.seek(0)
    fp.write(data)
EOF
	run hips streak --prompt; expect_out "3d!"
	# A new file, as a merge brings it; then a file replaced by rename.
	echo '2026-11-22T07:00:00+01:00 hinge 2x8' >"$DATA/log/2026-11-b.log"
	run hips streak --prompt; expect_out "5d!"
	printf '%s\n' '2026-11-25T07:00:00+01:00 bridge 2x10' >"$T/new"
	mv "$T/new" "$DATA/log/2026-11.log"
	run hips streak --prompt; expect_out "1d!"
	# A new file named for an old month, holding a day of this week.
	echo '2026-11-24T07:00:00+01:00 skip' >"$DATA/log/2020-01.log"
	run hips streak --prompt; expect_out "2d!"
	# Files removed.
	rm "$DATA/log/2026-11-b.log"
	run hips streak --prompt; expect_out "2d!"
	rm "$DATA/log/2026-11.log"
	run hips streak --prompt; expect_out "0d!"
	rm "$DATA/log/2020-01.log"
	# Every answer equals the one computed without a cache.
	write_log
	sleep 2.1		# beyond the cache's racy window
	run hips streak --prompt; expect_out "$(fresh_prompt)"
	run hips streak --prompt; expect_out "3d!"
}
t "the prompt cache follows appends, edits, new, replaced and removed files" t_cache_invalidation

# Twenty-one month files besides write_log's two: one entry each.
old_months() {
	local y m
	for y in 2025 2026; do
		for m in 01 02 03 04 05 06 07 08 09; do
			echo "$y-$m-10T07:00:00+01:00 bridge 2x10" \
				>"$DATA/log/$y-$m.log"
		done
	done
	for m in 10 11 12; do
		echo "2025-$m-10T07:00:00+01:00 bridge 2x10" \
			>"$DATA/log/2025-$m.log"
	done
}

t_prompt_window() {
	local id
	write_log
	old_months
	sleep 2.1
	run hips streak --prompt; expect_out "3d!"	# writes the cache
	# The streak reaches back to the 22nd, the pain rules 35 days, to
	# 10-23 (a week's margin: 10-16): only 2026-10.log and 2026-11.log
	# are looked at, not the 21 other files.
	prompt_stats; expect_out "3d!"
	[ "$nstat" -eq 2 ] || fail "$nstat files checked, expected 2"
	# An old file changed: the prompt does not look at it, so it neither
	# reads it again nor rewrites its cache; streak reads every file.
	id=$(cache_id)
	echo '2025-03-11T07:00:00+01:00 bridge 2x10' >>"$DATA/log/2025-03.log"
	chmod 000 "$DATA/log/2025-03.log"
	run hips streak --prompt; expect_out "3d!"
	[ "$(cache_id)" = "$id" ] || fail "the cache was rewritten"
	if [ "$(id -u)" != 0 ]; then
		run hips streak; expect_status 1
		expect_err_match '2025-03.log'
	fi
	chmod 644 "$DATA/log/2025-03.log"
	run hips streak --json
	expect_out_match '"days_done":25,'
	# A change in the window: the full check, and a new cache.
	touch "$DATA/log/2026-11.log"
	prompt_stats; expect_out "3d!"
	[ "$nstat" -ge 23 ] || fail "$nstat files checked, expected all 23"
	[ "$(cache_id)" != "$id" ] || fail "the cache was not rewritten"
	# A weekly target looks back by weeks: this week and the last two.
	mkdir -p "$CONF"
	printf '[streak]\ntarget = 2/week\n' >"$CONF/config.ini"
	sleep 2.1
	run hips streak --prompt
	prompt_stats; expect_out "1w"
	[ "$nstat" -le 2 ] || fail "$nstat files checked, expected 2 at most"
	expect_out "$(fresh_prompt)"
}
t "the prompt checks only the files its streak can reach" t_prompt_window

t_prompt_window_limit() {
	write_log
	echo '2026-09-10T07:00:00+01:00 bridge 2x10' >"$DATA/log/2026-09.log"
	echo '2026-08-10T07:00:00+01:00 bridge 2x10' >"$DATA/log/2026-08.log"
	sleep 2.1
	run hips streak --prompt; expect_out "3d!"
	# The documented limit: a line of this streak added in place to an
	# older month's file (the directory unchanged) is not seen by the
	# prompt, which only checks the files its streak and the pain rules
	# (35 days back) can reach ...
	echo '2026-11-22T07:00:00+01:00 bridge 2x10' >>"$DATA/log/2026-09.log"
	run hips streak --prompt; expect_out "3d!"
	# ... every other command sees it, and check calls it misplaced.
	run hips streak; expect_out_match '^current streak: 4 days'
	run hips check
	printf '%s\n' "$out" "$err" |
		grep -q '2026-09.log:2: an entry of 2026-11 in the file of 2026-09' ||
		fail "check does not report the misplaced line"
	# The next change in the window (today's entry) brings it in.
	echo '2026-11-26T07:00:00+01:00 bridge 2x10' >>"$DATA/log/2026-11.log"
	run hips streak --prompt; expect_out "5d"
	expect_out "$(fresh_prompt)"
	sleep 2.1
	run hips streak --prompt; expect_out "5d"	# the cache ages
	# 2026-09.log now holds a day of the streak: the prompt checks it.
	echo '2026-11-21T07:00:00+01:00 bridge 2x10' >>"$DATA/log/2026-09.log"
	run hips streak --prompt; expect_out "6d"
	sleep 2.1
	run hips streak --prompt; expect_out "6d"
	# Not 2026-08.log; but a change of the directory brings it in.
	echo '2026-11-20T07:00:00+01:00 bridge 2x10' >>"$DATA/log/2026-08.log"
	run hips streak --prompt; expect_out "6d"
	touch "$DATA/log/x.log"; rm "$DATA/log/x.log"
	run hips streak --prompt; expect_out "7d"
	expect_out "$(fresh_prompt)"
}
t "the prompt's known limit: an old file edited in place, dated in the streak" t_prompt_window_limit

t_prompt_racy_dir() {
	local id dirtime
	write_log
	old_months
	sleep 2.1
	run hips streak --prompt; expect_out "3d!"
	prompt_stats; expect_out "3d!"
	[ "$nstat" -eq 2 ] || fail "$nstat files checked, expected 2"
	# A name added (an editor's swap file): the directory changed.
	: >"$DATA/log/.2026-10.log.swp"
	prompt_stats; expect_out "3d!"
	[ "$nstat" -ge 23 ] || fail "$nstat files checked after a change"
	# A cache from less than two seconds after that change is racy (a
	# name may have changed in the same clock tick as its listing): the
	# full check again (the files themselves are old), and the cache is
	# rewritten until it is two seconds younger than the directory.  Its
	# time is set here, as a fast run leaves it: a slow one (valgrind)
	# would have aged it already.
	dirtime=$(stat -c %Z "$DATA/log")
	touch -d "@$dirtime" "$HOME"/.cache/hips/days-*
	id=$(cache_id)
	prompt_stats; expect_out "3d!"
	[ "$nstat" -ge 23 ] || fail "$nstat files checked in the racy window"
	[ "$(cache_id)" != "$id" ] || fail "the cache was not rewritten"
	touch -d "@$((dirtime + 1))" "$HOME"/.cache/hips/days-*
	prompt_stats; expect_out "3d!"
	[ "$nstat" -ge 23 ] || fail "$nstat files checked, cache still racy"
	# Two seconds and more after the change: the window again.
	touch -d "@$((dirtime + 3))" "$HOME"/.cache/hips/days-*
	prompt_stats; expect_out "3d!"
	[ "$nstat" -eq 2 ] || fail "$nstat files checked once aged"
}
t "a directory changed near the cache's time is listed in full" t_prompt_racy_dir

t_cache_corrupt() {
	local c
	write_log
	sleep 2.1		# so the cache trusts its records
	run hips streak --prompt; expect_out "3d!"
	c=$(ls "$HOME"/.cache/hips/days-*)
	[ -f "$c" ] || fail "no cache file"
	# Change the last day (2026-11-25) into another: the checksum
	# rejects it, else the answer would be 0d!.
	printf '\377' | dd of="$c" bs=1 seek=$(( $(stat -c %s "$c") - 8 )) \
		conv=notrunc 2>/dev/null
	run hips streak --prompt; expect_status 0; expect_out "3d!"
	expect_err_empty
	head -c 20 "$c" >"$c.x" && mv "$c.x" "$c"
	run hips streak --prompt; expect_out "3d!"; expect_err_empty
	: >"$c"
	run hips streak --prompt; expect_out "3d!"; expect_err_empty
	head -c 5000 /dev/urandom >"$c"
	run hips streak --prompt; expect_out "3d!"; expect_err_empty
	# An unusable cache directory: the prompt still answers.
	rm -rf "$HOME/.cache"
	echo file >"$HOME/.cache"
	run hips streak --prompt; expect_out "3d!"; expect_err_empty
	rm "$HOME/.cache"
	# A cache of another data directory is never taken for this one.
	mkdir -p "$T/other/log"
	echo '2026-11-26T06:00:00+01:00 bridge 2x10' >"$T/other/log/2026-11.log"
	run hips -C "$T/other" streak --prompt; expect_out "1d"
	run hips streak --prompt; expect_out "3d!"
}
t "a corrupt, truncated or unusable cache is ignored" t_cache_corrupt

t_calendar() {
	write_log
	run hips streak --calendar
	expect_status 0; expect_err_empty
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 11 ] || fail "not 11 lines"
	printf '%s\n' "$out" | grep -q "$(printf '\033')" && fail "colour"
	expect_out_match '^    Jun     Jul     Aug       Sep     Oct     Nov$'
	[ "$(printf '%s\n' "$out" | sed -n 2p)" = \
	    "Mon . . . . . . . . . . . . . . . . . . . . . . . . . +" ] ||
		fail "Monday row"
	expect_out_match '^Tue( \.){25} s$'
	expect_out_match '^Wed( \.){25} \*$'
	expect_out_match '^Thu( \.){25} \.$'
	expect_out_match '^Fri( \.){21} \+( \.){3}$'
	expect_out_match '^Sun( \.){25}$'
	expect_out_match 's skip'
	expect_out_match '^streak 3 days, best 3, habit strength 11%$'
	run hips streak --calendar -w 2
	expect_out_match '^    Nov$'
	expect_out_match '^Mon \. \+$'
	run hips streak --calendar -w 1 --json
	expect_status 0
	expect_out_match '"calendar":\['
	expect_out_match '\{"date":"2026-11-24","done":0,"skip":1\}'
	expect_out_match '\{"date":"2026-11-25","done":2,"skip":0\}'
	expect_out_match '\{"date":"2026-11-26","done":0,"skip":0\}'
	expect_out_nomatch '2026-11-27'
	# Colour only on a terminal without NO_COLOR.
	if command -v script >/dev/null 2>&1; then
		script -qec "$HIPS_BIN streak --calendar -w 2" /dev/null \
			>"$T/tty" </dev/null
		grep -q "$(printf '\033')\[" "$T/tty" || fail "no colour on a tty"
		NO_COLOR=1 script -qec "$HIPS_BIN streak --calendar -w 2" \
			/dev/null >"$T/tty" </dev/null
		grep -q "$(printf '\033')\[" "$T/tty" && fail "colour with NO_COLOR"
	fi
	return 0
}
t "--calendar draws weeks as columns, readable without colour" t_calendar

t_usage() {
	run hips streak --prompt --json; expect_status 2
	expect_err_match '^hips: streak: --prompt goes alone'
	run hips streak -w 4; expect_status 2; expect_err_match '-w needs --calendar'
	run hips streak --calendar -w 0; expect_status 2
	expect_err_match "bad week count '0'"
	run hips streak --calendar -w 9999; expect_status 2
	run hips streak --calendar -w x; expect_status 2
	run hips streak extra; expect_status 2
	expect_err_match "unexpected operand 'extra'"
	run hips streak -h; expect_status 0; expect_out_match '^usage: hips streak'
}
t "bad arguments exit 2" t_usage

t_prompt_full() {
	write_log
	"$HIPS_BIN" streak --prompt >/dev/full 2>"$T/err"
	status=$?
	expect_status 0
	[ ! -s "$T/err" ] || fail "stderr: $(cat "$T/err")"
	"$HIPS_BIN" streak >/dev/full 2>"$T/err"
	status=$?
	expect_status 1
	grep -q 'cannot write' "$T/err" || fail "summary to a full device"
}
t "a full stdout: the prompt stays quiet, the summary fails" t_prompt_full

done_testing
