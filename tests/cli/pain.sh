#!/bin/bash
# Pain: hips pain, hips skip pain=N, what log says at each level, and the
# pain rules of hips next through the real binary, text and --json (the
# fixtures of issue 15).  Today is 2026-11-26.
. "$(dirname "$0")/lib.sh"

expect_json() {
	if command -v jq >/dev/null 2>&1; then
		printf '%s\n' "$out" | jq -e . >/dev/null || fail "not JSON"
	elif command -v python3 >/dev/null 2>&1; then
		printf '%s\n' "$out" | python3 -m json.tool >/dev/null ||
			fail "not JSON"
	fi
}

# The exercise objects of next --json, one a line, for grep.
ladder_json() {
	printf '%s\n' "$out" | grep "^  {\"ladder\":\"$1\""
}

t_pain_command() {
	run hips pain 3 -m "stiff after the drive"; expect_status 0
	expect_one_line_err
	expect_err_match "^hips: created the data repository in $DATA\$"
	expect_out "recorded pain 3 on 2026-11-26"
	grep -qx '2026-11-26T07:30:00+01:00 pain 3 # stiff after the drive' \
	    "$DATA/log/2026-11.log" || fail "no pain line"
	[ "$(git -C "$DATA" log -1 --format=%s)" = "pain: 3" ] ||
		fail "commit subject"
	run hips pain -d 2026-11-20 0; expect_status 0
	expect_out "recorded pain 0 on 2026-11-20"
	run hips log; expect_status 0
	expect_out_match '^2026-11-26 07:30  pain 3  # stiff after the drive$'
	run hips log --json; expect_status 0; expect_json
	expect_out_match '"pain":3,"keys":\{\},"note":"stiff after the drive"'
	hips check >/dev/null || fail "check rejects a pain line"
	# A pain line is not a session: it keeps no day of the streak.
	run hips streak --json; expect_status 0
	expect_out_match '"current":0'
	# undo takes it back.
	run hips undo; expect_status 0
	expect_out 'removed: 2026-11-20T07:30:00+01:00 pain 0'
	[ "$(git -C "$DATA" log -1 --format=%s)" = "undo: pain: 0" ] ||
		fail "undo subject"
	expect_commits 4
}
t "hips pain writes a pain line, one commit, undone like any entry" t_pain_command

t_pain_bad() {
	local arg
	for arg in 11 -1 05 x 3x10 "" 1.5; do
		run hips pain -- "$arg"; expect_status 2
		expect_one_line_err
		expect_err_match '^hips: pain: bad level'
	done
	run hips pain; expect_status 2; expect_err_match '^hips: pain: missing'
	run hips pain 3 4; expect_status 2; expect_err_match "unexpected '4'"
	run hips pain -m "$(printf 'a\tb')" 3; expect_status 2
	run hips pain -d 2026-12-01 3; expect_status 2
	expect_err_match 'in the future'
	run hips log pain 3; expect_status 2
	expect_err_match "^hips: 'pain' is not an exercise"
	run hips skip pain=11; expect_status 2
	expect_err_match "^hips: bad pain '11'"
	run hips skip rpe=3; expect_status 2
	expect_err_match "^hips: skip: unexpected 'rpe=3'"
	run hips skip pain=3 pain=4; expect_status 2
	expect_err_match 'duplicate'
	expect_commits 0
	run hips pain -h; expect_status 0
	[ "$(printf '%s\n' "$out" | head -n 1)" = \
	    'usage: hips pain [-d DATE] [-m NOTE] N' ] || fail "usage line"
	# N and the options explained, with examples that work.
	expect_out_match '^  N +the pain, a whole number from 0'
	expect_out_match '^  -d DATE '
	expect_out_match '^  hips pain 3$'
}
t "bad pain input exits 2 with one line, nothing written" t_pain_bad

t_confirm_levels() {
	run hips log bridge 2x10 hold=2s pain=3; expect_status 0
	# The session's line (feedback.sh), and nothing about pain 3.
	expect_out "$(printf '%s\n' 'logged bridge 2x10 on 2026-11-26' \
	    'clean: 1 of 2 clean sessions toward bridge 2x12 hold=2s')"
	run hips log bridge 2x10 hold=2s pain=4; expect_status 0
	expect_out_match '^pain 4 \(4 or more\): hold this step; pain 4 or more on 4 of the last 7 days with a record pauses progression'
	run hips log bridge 2x10 hold=2s pain=5; expect_status 0
	expect_out_match '^pain 5 \(4 or more\): hold this step'
	run hips log bridge 2x10 hold=2s pain=6; expect_status 0
	expect_out_match '^pain 6 \(6 or more\): one step back next time; a second day at 6 or more within 14 days pauses progression'
	run hips log bridge 2x10 hold=2s pain=7; expect_status 0
	expect_out_match '^pain 7 \(6 or more\)'
	expect_out_nomatch 'urgent'
	run hips log bridge 2x10 hold=2s pain=8; expect_status 0
	expect_out_match '^pain 8 \(8 or more\): stop\. No exercise is due and progression pauses; please see a clinician'
	expect_out_match '^  - numbness or tingling'
	expect_out_match '^The pause lifts after 3 pain-free days in a row \(pain 2 or less\)'
	# A pain line or a rest day: no step to hold or step back.
	run hips pain 6; expect_status 0
	expect_out_match '^pain 6 \(6 or more\): a second day at 6'
	run hips skip pain=4; expect_status 0
	expect_out_match '^skipped 2026-11-26$'
	expect_out_match '^pain 4 \(4 or more\): pain 4 or more on 4 of'
	[ "$(git -C "$DATA" log -1 --format=%s)" = "skip: pain=4" ] ||
		fail "skip subject"
	run hips skip pain=9; expect_status 0
	expect_out_match '^pain 9 \(8 or more\): stop'
	run hips pain 2; expect_status 0
	expect_out 'recorded pain 2 on 2026-11-26'
}
t "log, skip pain=N and pain say what a pain at 4, 6 and 8 means" t_confirm_levels

# Fixture: a first session at pain 9, then the pause lifting.
t_first_session_pain9() {
	HIPS_NOW=2026-11-20T07:30:00+01:00 run hips log bridge 2x10 hold=2s \
	    pain=9 -m "sharp pain down my left leg"
	expect_status 0
	run hips next; expect_status 0
	expect_out_match '^Stop: pain 9 on 2026-11-20 \(8 or more\)\.$'
	expect_out_match "^No exercise is due: rest, or only what is pain-free\\. Pain this severe needs a clinician's advice"
	expect_out_match '^Get urgent medical care for any of:$'
	expect_out_match 'hips is not medical advice'
	expect_out_match '^  - pain spreading down a leg'
	expect_out_match '^  - numbness or tingling'
	expect_out_match '^  - weakness in a leg'
	expect_out_match '^  - trouble controlling or passing urine, or controlling the bowel$'
	expect_out_match '^  - fever'
	expect_out_match '^  - night pain that does not ease'
	expect_out_match '^The pause lifts after 3 pain-free days in a row .*: 0 so far; at the earliest on 2026-11-28$'
	expect_out_match '^Glute bridge: rest, or only what is pain-free; next time bridge 2x10 hold=2s \(step 1 of 10\)$'
	expect_out_nomatch 'due today'
	run hips next --why bridge; expect_status 0
	expect_out_match '^  today: progression is paused by pain: rest, or only what is pain-free$'
	run hips next --json; expect_status 0; expect_json
	expect_out_match '"paused":true,"reason":"pain 9 on 2026-11-20 \(8 or more\)","rules":\["stop"\],"advice":"No exercise is due'
	expect_out_match '"red_flags":\["pain spreading down a leg'
	expect_out_match '"lifts_on":"2026-11-28"'
	ladder_json bridge | grep -q '"due":false,"status":"paused"' ||
		fail "bridge is not paused"
	# The prompt and the streak show it.
	run hips streak --prompt; expect_out "0d rest"
	run hips streak; expect_status 0
	expect_out_match "^current streak: 0 days \\(pain pauses the progression: rest; 'hips skip' keeps the streak\\)$"
	# Pain-free days lift it: two pain lines, then a session today.
	HIPS_NOW=2026-11-24T07:30:00+01:00 run hips pain 1; expect_status 0
	HIPS_NOW=2026-11-25T20:00:00+01:00 run hips skip pain=0
	run hips next; expect_status 0
	expect_out_match ': 2 so far; at the earliest today$'
	run hips next --json; expect_out_match '"lifts_on":"2026-11-26"'
	run hips log bridge 2x10 hold=2s pain=0; expect_status 0
	run hips next; expect_status 0
	expect_out_nomatch 'Stop|paused'
	expect_out_match '^Glute bridge: done today'
	run hips next --json; expect_out_match '"paused":false,"reason":null'
	run hips streak --prompt; expect_out "2d"
}
t "fixture: a first session at pain 9 stops, lists red flags, lifts after 3 pain-free days" t_first_session_pain9

# Fixture: thirty daily sessions at pain 5, written as a hand-kept log.
t_thirty_days_pain5() {
	local i
	mkdir -p "$DATA/log"
	for i in $(seq 27 30); do
		echo "2026-10-${i}T07:00:00+01:00 bridge 2x10 hold=2s pain=5"
	done >"$DATA/log/2026-10.log"
	for i in $(seq 1 26); do
		printf '2026-11-%02dT07:00:00+01:00 bridge 2x10 hold=2s pain=5\n' "$i"
	done >"$DATA/log/2026-11.log"
	run hips next; expect_status 0
	expect_out_match '^Progression is paused: pain 4 or more on 7 of the last 7 days with a record\.$'
	expect_out_match 'Please see a clinician about this pain \(hips is not medical advice\)'
	expect_out_match '^The pause lifts when fewer than 4 of the last 7 days with a record have pain 4 or more: 4 more days below 4; at the earliest on 2026-11-30$'
	expect_out_match '^Glute bridge: done today; next time bridge 2x10 hold=2s \(step 1 of 10\)$'
	expect_out_nomatch 'Get urgent'
	HIPS_NOW=2026-11-27T07:30:00+01:00 run hips next
	expect_out_match '^Glute bridge: rest, or only what is pain-free; next time bridge 2x10 hold=2s \(step 1 of 10\)$'
	HIPS_NOW=2026-11-27T07:30:00+01:00 run hips next --json
	expect_status 0; expect_json
	expect_out_match '"paused":true,"reason":"pain 4 or more on 7 of the last 7 days with a record","rules":\["persist"\]'
	expect_out_match '"red_flags":\[\]'
	ladder_json bridge | grep -q '"due":false,"status":"paused","done_today":false' ||
		fail "bridge is not paused"
	ladder_json bridge | grep -q '"step":1,' || fail "bridge moved"
}
t "fixture: thirty days at pain 5 pause progression with the clinician advice" t_thirty_days_pain5

# Fixture: pain on rest days only counts too.
t_rest_day_pain() {
	mkdir -p "$DATA/log"
	printf '%s\n' \
	    '2026-11-20T07:00:00+01:00 bridge 2x10 hold=2s' \
	    '2026-11-22T20:00:00+01:00 skip pain=5 # flare' \
	    '2026-11-23T20:00:00+01:00 skip pain=6' \
	    '2026-11-24T12:00:00+01:00 pain 4' \
	    >"$DATA/log/2026-11.log"
	run hips next; expect_status 0
	expect_out_nomatch 'paused'		# 3 of 4: not yet
	expect_out_match '^Glute bridge: bridge 2x10 hold=2s \(step 1 of 10\), due today$'
	run hips pain 7; expect_status 0
	run hips next; expect_status 0
	expect_out_match '^Progression is paused: pain 4 or more on 4 of the last 5 days with a record; pain 6 or more on 2026-11-23 and today, within 14 days\.$'
	expect_out_match '^Glute bridge: rest, or only what is pain-free; next time'
	run hips next --json; expect_status 0; expect_json
	expect_out_match '"rules":\["persist","repeat"\]'
	expect_out_match '"lifts_on":"2026-12-07"'
	ladder_json bridge | grep -q '"due":false,"status":"paused"' ||
		fail "bridge is not paused"
	run hips streak --prompt; expect_out "0d rest"
}
t "fixture: pain on rest days and pain lines pause progression too" t_rest_day_pain

# Fixture: back after 36 days away, with no pain: not paused, steps back.
t_gap_36_days() {
	mkdir -p "$DATA/log"
	printf '%s\n' \
	    '2026-10-14T07:00:00+02:00 bridge 2x10 hold=2s' \
	    '2026-10-15T07:00:00+02:00 bridge 2x10 hold=2s' \
	    '2026-10-16T07:00:00+02:00 bridge 3x12 hold=2s' \
	    '2026-10-17T07:00:00+02:00 bridge 3x12 hold=2s' \
	    '2026-10-18T07:00:00+02:00 bridge 3x15 hold=2s pain=3' \
	    '2026-10-19T07:00:00+02:00 bridge 3x15 hold=2s' \
	    '2026-10-20T07:00:00+02:00 bridge 3x15 hold=2s' \
	    '2026-10-21T07:00:00+02:00 banded-bridge 3x12 hold=2s band=light' \
	    >"$DATA/log/2026-10.log"
	run hips next; expect_status 0
	expect_out_nomatch 'paused|Stop'
	expect_out_match '^Glute bridge: bridge 3x10 hold=2s \(step 3 of 10\), due today$'
	expect_out_match '^  36 days since last time: two steps back$'
	run hips next --json; expect_status 0; expect_json
	expect_out_match '"paused":false,"reason":null,"rules":\[\],"advice":null'
	ladder_json bridge | grep -q '"due":true,"status":"due"' ||
		fail "bridge is not due"
	ladder_json bridge | grep -q '"gap_days":36' || fail "gap"
	# Not paused: after 28 days away the ladders come back one at a
	# time, so the clamshells wait for the bridge.
	ladder_json clamshell | grep -q '"status":"not_due"' ||
		fail "clamshell is not waiting its turn"
	ladder_json clamshell | grep -q '"returning":true' ||
		fail "clamshell is not returning"
}
t "fixture: a gap of 36 days steps back and is not a pause" t_gap_36_days

t_no_session_yet() {
	run hips pain 9; expect_status 0
	run hips next; expect_status 0
	expect_out_match '^Stop: pain 9 today \(8 or more\)\.$'
	expect_out_match '^No sessions in the log yet\. Once the pause lifts, start with one exercise, practised well:$'
	expect_out_match '^Glute bridge: rest, or only what is pain-free; next time bridge 2x10 hold=2s'
	run hips streak --prompt; expect_out_empty	# no kept day yet
}
t "pain before any session: the pause comes first" t_no_session_yet

t_prompt_format() {
	mkdir -p "$DATA/log" "$CONF"
	echo '2026-11-25T07:00:00+01:00 bridge 2x10 hold=2s pain=8' \
	    >"$DATA/log/2026-11.log"
	run hips streak --prompt; expect_out "1d rest"
	printf '[prompt]\nformat = [%%n%%u%%!%%p]\n' >"$CONF/config.ini"
	run hips streak --prompt; expect_out "[1d rest]"
	printf '[prompt]\nformat = %%n%%u%%!\n' >"$CONF/config.ini"
	run hips streak --prompt; expect_out "1d"	# no '!' while paused
	# The thresholds of program.ini: a stop at 9 only.
	printf '[rules]\nstop_pain = 9\n[bridge]\nstep = bridge 2x10 hold=2s\n' \
	    >"$CONF/program.ini"
	printf '[prompt]\nformat = %%n%%u%%!%%p\n' >"$CONF/config.ini"
	run hips streak --prompt; expect_out "1d!"
	run hips next; expect_out_nomatch 'paused|Stop'
	printf '[prompt]\nformat = %%q\n' >"$CONF/config.ini"
	run hips check; expect_status 1
	expect_out_match "config.ini:2: bad prompt format: '%q' \\(use %n, %u, %!, %p or %%\\)"
}
t "the prompt's %p and %!, under program.ini's thresholds" t_prompt_format

# A stop far back, never lifted: the prompt reads back to it.
t_prompt_old_stop() {
	local m d
	mkdir -p "$DATA/log"
	echo '2026-08-20T07:00:00+02:00 bridge 2x10 hold=2s' \
	    >"$DATA/log/2026-08.log"
	echo '2026-09-01T07:00:00+02:00 pain 9' >"$DATA/log/2026-09.log"
	for m in 10 11; do
		for d in 03 06 09 12 15 18 21 24 25; do
			echo "2026-$m-${d}T07:00:00+01:00 bridge 2x10 hold=2s pain=3"
		done >"$DATA/log/2026-$m.log"
	done
	run hips streak --prompt; expect_out "2d rest"
	sleep 2.1	# the cache is trusted: the window path
	run hips streak --prompt; expect_out "2d rest"
	run hips next; expect_out_match '^Stop: pain 9 on 2026-09-01'
	# Three pain-free days lift it; the prompt follows.
	printf '%s\n' '2026-11-26T06:00:00+01:00 pain 2' \
	    '2026-11-26T06:30:00+01:00 pain 1' >>"$DATA/log/2026-11.log"
	run hips streak --prompt; expect_out "2d rest"	# one pain-free day
	HIPS_NOW=2026-11-28T07:30:00+01:00 run hips pain 0
	HIPS_NOW=2026-11-28T07:30:00+01:00 run hips streak --prompt
	expect_out "0d rest"
	HIPS_NOW=2026-11-29T07:30:00+01:00 run hips log bridge 2x10 hold=2s
	HIPS_NOW=2026-11-29T07:30:00+01:00 run hips streak --prompt
	expect_out "1d"
	HIPS_NOW=2026-11-29T07:30:00+01:00 run hips next
	expect_out_nomatch 'Stop'
}
t "the prompt finds a stop far back, and sees it lift" t_prompt_old_stop

done_testing
