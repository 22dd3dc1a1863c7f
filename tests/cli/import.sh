#!/bin/bash
# hips import csv (the rows of hips export) and hips import loop (Loop
# Habit Tracker's Checkmarks.csv; the sample is tests/cli/data/
# loop-checkmarks.csv): one commit, lines already present left out,
# --dry-run, bad lines as FILE:LINE with exit 2 and nothing written.
# Today is 2026-11-26, 07:30 at +01:00.
. "$(dirname "$0")/lib.sh"

DDIR=$TOP/tests/cli/data
HDR=date,time,zone,kind,exercise,sets,reps,seconds,per_side,side,hold,band,load,pain,rpe,other,note

# A CSV file with the header and the rows given (LF line ends).
csv() {
	local f=$1
	shift
	printf '%s\n' "$HDR" "$@" >"$f"
}

t_round_trip() {
	local other=$T/other
	mkdir -p "$DATA/log"
	cp "$DDIR/export.log" "$DATA/log/2026-11.log"
	hips export --csv >"$T/one.csv" || fail "export"
	HIPS_DIR=$other run hips import csv "$T/one.csv"
	expect_status 0
	expect_out "imported 12 entries from $T/one.csv"
	HIPS_DIR=$other hips export --csv >"$T/two.csv" || fail "export 2"
	cmp "$T/one.csv" "$T/two.csv" || fail "$(diff "$T/one.csv" "$T/two.csv")"
	# One commit for the whole import (and the repository's first).
	[ "$(git -C "$other" rev-list --count HEAD)" -eq 2 ] || fail "commits"
	[ "$(git -C "$other" log -1 --format=%s)" = \
	    "import csv: 12 entries from one.csv" ] || fail "subject"
	[ -z "$(git -C "$other" status --porcelain)" ] || fail "not committed"
	# Each entry in its local month's file, as hips log would put it.
	git -C "$other" show HEAD:log/2026-10.log | grep -qx \
	    '2026-10-31T23:30:00-01:00 hinge 3x10 # the last day of October, out there' ||
		fail "October's line"
	git -C "$other" show HEAD:log/2026-11.log | grep -qx \
	    '2026-11-21T07:31:05+01:00 clamshell 10,10,8/side side=left band=light tempo=slow' ||
		fail "clamshell line"
	# The lines are those of the log, byte for byte (the keys in the
	# order of the columns, then the others).
	grep -v '^#' "$DDIR/export.log" | grep -v '^$' | grep -v 'clamshell 10' |
	    sort >"$T/want"
	git -C "$other" show HEAD:log/2026-11.log HEAD:log/2026-10.log |
	    grep -v 'clamshell 10' | sort >"$T/got"
	cmp "$T/want" "$T/got" || fail "$(diff "$T/want" "$T/got")"
}
t "csv: export, import into an empty repository, export: the same bytes" t_round_trip

t_idempotent() {
	mkdir -p "$DATA/log"
	cp "$DDIR/export.log" "$DATA/log/2026-11.log"
	hips export --csv >"$T/all.csv"
	# Into the repository it came from: nothing to add.
	run hips import csv "$T/all.csv"; expect_status 0
	expect_out "imported 0 entries from $T/all.csv, 12 already in the log"
	[ -d "$DATA/.git" ] && fail "a repository for nothing"
	# Twice into a new one: the second time writes nothing.
	HIPS_DIR=$T/b hips import csv "$T/all.csv" >/dev/null 2>&1
	HIPS_DIR=$T/b run hips import csv "$T/all.csv"; expect_status 0
	expect_out "imported 0 entries from $T/all.csv, 12 already in the log"
	[ "$(git -C "$T/b" rev-list --count HEAD)" -eq 2 ] || fail "commits"
}
t "csv: lines already in the log are left out; twice writes nothing" t_idempotent

t_multiset() {
	hips log bridge 2x10 >/dev/null 2>&1
	line=2026-11-26,07:30:00,+01:00,session,bridge,2,10,,,,,,,,,,
	csv "$T/f.csv" "$line" "$line" "$line"
	run hips import csv "$T/f.csv"; expect_status 0
	expect_out "imported 2 entries from $T/f.csv, 1 already in the log"
	[ "$(grep -c ' bridge 2x10$' "$DATA/log/2026-11.log")" -eq 3 ] ||
		fail "not three copies"
}
t "csv: the same line three times, once in the log: two are added" t_multiset

t_dry_run() {
	csv "$T/f.csv" 2026-11-25,08:00:00,+01:00,session,bridge,3,12,,,,2,,,1,,, \
	    '2026-11-24,20:00:00,+01:00,skip,,,,,,,,,,,,,"a, b"'
	run hips import csv --dry-run "$T/f.csv"; expect_status 0
	expect_out "add: 2026-11-25T08:00:00+01:00 bridge 3x12 hold=2s pain=1
add: 2026-11-24T20:00:00+01:00 skip # a, b
would import 2 entries from $T/f.csv"
	[ -e "$DATA" ] && fail "--dry-run wrote"
	run hips import csv "$T/f.csv"; expect_status 0
	expect_commits 2
	run hips import csv --dry-run "$T/f.csv"; expect_status 0
	expect_out "would import 0 entries from $T/f.csv, 2 already in the log"
}
t "csv: --dry-run shows the lines and writes nothing" t_dry_run

t_bad_lines() {
	hips log bridge 2x10 >/dev/null 2>&1
	csv "$T/f.csv" 2026-11-25,08:00:00,+01:00,session,bridge,3,12,,,,,,,,,, \
	    2026-11-25,08:00:00,+01:00,stretch,bridge,3,12,,,,,,,,,, \
	    2026-11-25,08:00:00,+01:00,session,bridge,3,12,30,,,,,,,,, \
	    2026-11-25,08:00:00,+01:00,pain,,,,,,,,,,11,,, \
	    2026-11-25,08:00:00,+01:00,session,bridge,3,12 \
	    2026-12-25,08:00:00,+01:00,skip,,,,,,,,,,,,, \
	    '2026-11-25,08:00:00,+01:00,skip,,,,,,,,,,,,,"two
lines"' \
	    '2026-11-25,08:00:00,+01:00,skip,,,,,,,,,,,,,a "quote"'
	run hips import csv "$T/f.csv"; expect_status 2
	expect_err_match "^hips: $T/f.csv:3: unknown kind 'stretch'"
	expect_err_match "^hips: $T/f.csv:4: reps and seconds both given"
	expect_err_match "^hips: $T/f.csv:5: bad pain '11'"
	expect_err_match "^hips: $T/f.csv:6: 7 fields, but the header has 17"
	expect_err_match "^hips: $T/f.csv:7: 2026-12-25T08:00:00\+01:00 is in the future"
	expect_err_match "^hips: $T/f.csv:8: note contains a control character"
	expect_err_match "^hips: $T/f.csv:10: quote inside field 17"
	expect_err_match "^hips: $T/f.csv: 7 bad lines, nothing imported$"
	expect_commits 2
	# The header: a column hips does not know, or none of the needed.
	printf 'date,time,zone,kind,colour\n' >"$T/g.csv"
	run hips import csv "$T/g.csv"; expect_status 2
	expect_err_match "g.csv:1: unknown column 'colour'"
	printf 'date,time,zone\n' >"$T/g.csv"
	run hips import csv "$T/g.csv"; expect_status 2
	expect_err_match "g.csv:1: no column 'kind'"
	: >"$T/g.csv"
	run hips import csv "$T/g.csv"; expect_status 2
	expect_err_match "g.csv:1: empty file"
	printf '%s\n"2026-11-25,x\n' "$HDR" >"$T/g.csv"
	run hips import csv "$T/g.csv"; expect_status 2
	expect_err_match "g.csv:2: quoted field not closed"
	printf '%s\n2026-11-25\0,x\n' "$HDR" >"$T/g.csv"
	run hips import csv "$T/g.csv"; expect_status 2
	expect_err_match "g.csv:2: NUL byte"
	run hips import csv "$T/nothing.csv"; expect_status 1
	expect_err_match "cannot read $T/nothing.csv"
	expect_commits 2
}
t "csv: bad lines are FILE:LINE, exit 2, nothing written" t_bad_lines

t_columns_any_order() {
	# Columns by name, in any order; missing ones are empty; CRLF or LF.
	printf 'kind,exercise,date,time,zone,sets,reps,note\r\n' >"$T/f.csv"
	printf 'session,hinge,2026-11-25,07:00:00,+01:00,3,10,"hips back, ""slowly"""\r\n' \
	    >>"$T/f.csv"
	run hips import csv "$T/f.csv"; expect_status 0
	grep -qx '2026-11-25T07:00:00+01:00 hinge 3x10 # hips back, "slowly"' \
	    "$DATA/log/2026-11.log" || fail "not the line"
}
t "csv: columns by name, in any order" t_columns_any_order

t_loop() {
	local f=$DDIR/loop-checkmarks.csv
	run hips import loop --as bridge "$f"; expect_status 0
	expect_out "imported 4 entries from $f, 4 days neither done nor skipped"
	# YES_MANUAL: a session at the step hips next gives today (noon;
	# today at the time of the import); SKIPPED: a skip.
	grep -v '^#' "$DATA/log/2026-11.log" | sort >"$T/got"
	cat >"$T/want" <<-'EOF2'
	2026-11-20T12:00:00+01:00 bridge 2x10 hold=2s # Loop Habit Tracker
	2026-11-22T12:00:00+01:00 bridge 2x10 hold=2s # Loop Habit Tracker
	2026-11-25T12:00:00+01:00 skip # Loop Habit Tracker
	2026-11-26T07:30:00+01:00 bridge 2x10 hold=2s # Loop Habit Tracker
	EOF2
	cmp "$T/want" "$T/got" || fail "$(diff "$T/want" "$T/got")"
	expect_commits 2
	[ "$(git -C "$DATA" log -1 --format=%s)" = \
	    "import loop: 4 entries from loop-checkmarks.csv" ] || fail subject
	# Twice: nothing.
	run hips import loop --as bridge "$f"; expect_status 0
	expect_out_match "imported 0 entries .* 4 already in the log"
	expect_commits 2
}
t "loop: YES_MANUAL days become sessions, SKIPPED days skips" t_loop

t_loop_present() {
	local f=$DDIR/loop-checkmarks.csv
	# A day with the exercise logged already, or a skip: left out.
	hips log -d 2026-11-22 bridge 3x12 >/dev/null 2>&1
	hips skip -d 2026-11-25 >/dev/null 2>&1
	run hips import loop --dry-run --as bridge "$f"; expect_status 0
	expect_out "add: 2026-11-26T07:30:00+01:00 bridge 2x10 hold=2s # Loop Habit Tracker
add: 2026-11-20T12:00:00+01:00 bridge 2x10 hold=2s # Loop Habit Tracker
would import 2 entries from $f, 2 already in the log, 4 days neither done nor skipped"
	expect_commits 3
	# --dose for the habit's dose, an exercise outside the program too.
	run hips import loop --as plank --dose 3x30s "$f"; expect_status 0
	grep -qx '2026-11-20T12:00:00+01:00 plank 3x30s # Loop Habit Tracker' \
	    "$DATA/log/2026-11.log" || fail "no plank"
}
t "loop: days already logged are left out; --dose" t_loop_present

t_loop_bad() {
	local f=$DDIR/loop-checkmarks.csv
	run hips import loop "$f"; expect_status 2
	expect_err_match "--as EXERCISE"
	run hips import loop --as plank "$f"; expect_status 2
	expect_err_match "no exercise 'plank' in the program.*--dose"
	run hips import loop --as bridge --dose 3xx "$f"; expect_status 2
	run hips import loop --as skip --dose 3x10 "$f"; expect_status 2
	run hips import csv --as bridge "$f"; expect_status 2
	run hips import json "$f"; expect_status 2
	expect_err_match "unknown format 'json'"
	printf '2026-11-26,YES_MANUAL\n2026-13-01,NO\nfoo\n2026-11-27,YES_MANUAL\n2026-11-20,MAYBE\n2026-11-20,NO\n' \
	    >"$T/bad.csv"
	run hips import loop --as bridge "$T/bad.csv"; expect_status 2
	expect_err_match "bad.csv:2: bad date '2026-13-01'"
	expect_err_match "bad.csv:3: want DATE,STATE"
	expect_err_match "bad.csv:4: 2026-11-27 is in the future"
	expect_err_match "bad.csv:5: unknown state 'MAYBE'"
	expect_err_match "bad.csv: 4 bad lines, nothing imported"
	printf 'Date,Bridges,Walks\n2026-11-26,YES_MANUAL,NO\n' >"$T/all.csv"
	run hips import loop --as bridge "$T/all.csv"; expect_status 2
	expect_err_match "all.csv:1: several habits in one file"
	printf '2026-11-25,YES_MANUAL\n2026-11-25,SKIPPED\n' >"$T/twice.csv"
	run hips import loop --as bridge "$T/twice.csv"; expect_status 2
	expect_err_match "twice.csv:2: 2026-11-25 again \(also on line 1\)"
	[ -e "$DATA" ] && fail "something was written"
	return 0
}
t "loop: bad lines and usage, nothing written" t_loop_bad

t_loop_header() {
	printf 'Date,Value\r\n2026-11-24,YES_MANUAL\r\n' >"$T/h.csv"
	run hips import loop --as clamshell "$T/h.csv"; expect_status 0
	# clamshell is not the step of today: its first step's dose.
	grep -qx '2026-11-24T12:00:00+01:00 clamshell 2x10/side hold=2s # Loop Habit Tracker' \
	    "$DATA/log/2026-11.log" || fail "not the first step's dose"
}
t "loop: a Date header; an exercise not due gets its first step" t_loop_header

t_output_fails() {
	csv "$T/f.csv" 2026-11-25,08:00:00,+01:00,session,bridge,3,12,,,,2,,,,,,
	hips import csv "$T/f.csv" >/dev/full 2>"$T/err"
	[ $? -eq 3 ] || fail "not exit 3 after a commit"
	grep -q 'committed all the same' "$T/err" || fail "$(cat "$T/err")"
	expect_commits 2
	# Nothing committed, nothing to say but the output error.
	hips import csv "$T/f.csv" >/dev/full 2>"$T/err"
	[ $? -eq 1 ] || fail "not exit 1"
	expect_commits 2
}
t "import: stdout lost after the commit is exit 3" t_output_fails

done_testing
