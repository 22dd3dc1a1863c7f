#!/bin/bash
# A clinician's instructions (hips hold, pause, set, resume), the gentler
# rules of the default program (rpe, days a week, coming back after a
# gap), each through `next --json` and the human text.
. "$(dirname "$0")/lib.sh"

expect_json() {
	if command -v python3 >/dev/null 2>&1; then
		printf '%s\n' "$out" | python3 -m json.tool >/dev/null ||
			fail "not JSON"
	fi
}

# on DATE: the clock at 07:30 that day.
on() {
	export HIPS_NOW=${1}T07:30:00+01:00
}

# Bridge at step 2 (bridge 2x12 hold=2s) since 2026-11-21.
to_step2() {
	run hips log -d 2026-11-20 bridge 2x10 hold=2s; expect_status 0
	run hips log -d 2026-11-21 bridge 2x10 hold=2s; expect_status 0
}

t_hold() {
	to_step2
	on 2026-11-22
	run hips hold bridge --until 2026-12-05 -m "physio: basic bridges only"
	expect_status 0; expect_err_empty
	expect_out "holding bridge at its step until 2026-12-05: sessions below target do not count against it"
	expect_commits 4
	[ "$(git -C "$DATA" log -1 --format=%s)" = "hold: bridge" ] ||
		fail "commit subject"
	grep -qx '2026-11-22T07:30:00+01:00 hold bridge until=2026-12-05 # physio: basic bridges only' \
		"$DATA/log/2026-11.log" || fail "line not written"
	# Four sessions below the target: no step back while held.
	for d in 22 23 24 25; do
		on 2026-11-$d
		run hips log bridge 2x10 hold=2s; expect_status 0
	done
	on 2026-11-26
	run hips next; expect_status 0; expect_err_empty
	expect_out_match '^Glute bridge: bridge 2x12 hold=2s \(step 2 of 10\), due today$'
	expect_out_match "^  held at this step by your clinician's instruction since 2026-11-22, until 2026-12-05: sessions below target do not count against it$"
	expect_out_match '^  clinician: physio: basic bridges only$'
	run hips next --why bridge; expect_status 0
	expect_out_match "^  yesterday: bridge 2x10 hold=2s: below the target, not counted: held at this step by your clinician's instruction$"
	expect_out_match "^  no moving up to bridge 3x10 hold=2s while your clinician's instruction holds$"
	expect_out_nomatch 'clean sessions, on different days'
	run hips next --json; expect_status 0; expect_json
	expect_out_match '"ladder":"bridge"[^}]*"due":true[^}]*"step":2,'
	expect_out_match '"decision":"clinician-hold","directive":\{"kind":"hold","since":"2026-11-22","until":"2026-12-05","note":"physio: basic bridges only"\}'
	expect_out_match '"below":0'
	# The day after the hold ends, the rules are back.
	on 2026-12-06
	run hips next --json bridge; expect_status 0
	expect_out_match '"directive":null'
	expect_out_nomatch 'clinician-hold'
	# check is happy with it; log lists it.
	run hips check; expect_status 0
	run hips log -n 20; expect_status 0
	expect_out_match '^2026-11-22 07:30  hold bridge until=2026-12-05  # physio: basic bridges only$'
	run hips log --json -n 20; expect_status 0; expect_json
	expect_out_match '"directive":"hold","ladder":"bridge"'
}
t "a clinician's hold: sessions below target do not count against it" t_hold

t_not_a_session() {
	run hips log -d 2026-11-25 bridge 2x10 hold=2s; expect_status 0
	run hips hold bridge; expect_status 0
	# Today has an instruction only: still due, the streak 1 day.
	run hips streak --json; expect_status 0
	expect_out_match '"current":1,"best":1,"due":true'
	expect_out_match '"days_done":1,'
	run hips streak --prompt; expect_status 0
	expect_out '1d!'
	run hips next --json bridge; expect_status 0
	expect_out_match '"done_today":false'
}
t "an instruction is not a session: not a streak day, not done" t_not_a_session

t_pause() {
	to_step2
	on 2026-11-22
	run hips log bridge 2x12 hold=2s; expect_status 0
	run hips pause all --until 2026-12-08 -m "rest the back for two weeks"
	expect_status 0
	expect_out "paused every ladder until 2026-12-08: not due, and the days do not count as time away"
	[ "$(git -C "$DATA" log -1 --format=%s)" = "pause: all" ] ||
		fail "commit subject"
	on 2026-12-08
	run hips next; expect_status 0; expect_err_empty
	expect_out_match '^Glute bridge: bridge 2x12 hold=2s \(step 2 of 10\), paused by your clinician$'
	expect_out_match "^  paused by your clinician's instruction since 2026-11-22, until today: not due, and these days do not count as time away$"
	expect_out_match '^  clinician: rest the back for two weeks$'
	expect_out_nomatch 'due today'
	run hips next --json; expect_status 0; expect_json
	expect_out_match '"ladder":"bridge"[^}]*"due":false'
	expect_out_match '"decision":"clinician-pause","directive":\{"kind":"pause","since":"2026-11-22","until":"2026-12-08"'
	# The day after: 17 days away, but 16 of them paused: no step back.
	on 2026-12-09
	run hips next; expect_status 0
	expect_out_match '^Glute bridge: bridge 2x12 hold=2s \(step 2 of 10\), due today$'
	expect_out_match '^  1 of 2 clean sessions at this step$'
	run hips next --why bridge; expect_status 0
	expect_out_match '^  today: 1 day since last time \(16 days paused by your clinician not counted\) \(under 7: no change\)$'
	run hips next --json bridge; expect_status 0
	expect_out_match '"due":true'
	expect_out_match '"gap_days":1'
}
t "a clinician's pause: not due, and no gap penalty for its days" t_pause

t_set_resume_undo() {
	to_step2
	on 2026-11-22
	run hips set bridge 4 -m "from the clinic"; expect_status 0
	expect_out "bridge set to step 4 of 10: bridge 3x12 hold=2s"
	[ "$(git -C "$DATA" log -1 --format=%s)" = "set: bridge 4" ] ||
		fail "commit subject"
	run hips next bridge; expect_status 0
	expect_out_match '^Glute bridge: bridge 3x12 hold=2s \(step 4 of 10\), due today$'
	expect_out_match "^  set to step 4 by your clinician's instruction today$"
	run hips next --json bridge; expect_status 0
	expect_out_match '"step":4,"steps":10'
	expect_out_match '"decision":"set"'
	# An exercise's name finds its ladder.
	run hips hold single-leg-bridge; expect_status 0
	expect_out "holding bridge at its step until 'hips resume bridge': sessions below target do not count against it"
	run hips resume bridge; expect_status 0
	expect_out "resumed bridge: 'hips next' follows the program again"
	run hips resume bridge; expect_status 2
	expect_err_match "^hips: resume: no hold or pause of ladder bridge is in force$"
	# undo takes back the last instruction.
	run hips undo; expect_status 0
	expect_out "removed: 2026-11-22T07:30:00+01:00 resume bridge"
	[ "$(git -C "$DATA" log -1 --format=%s)" = "undo: resume: bridge" ] ||
		fail "undo subject"
	run hips next --json bridge; expect_status 0
	expect_out_match '"directive":\{"kind":"hold"'
	run hips undo; expect_status 0
	run hips undo; expect_status 0
	expect_out_match 'set bridge 4 # from the clinic$'
	run hips next bridge; expect_status 0
	expect_out_match '\(step 2 of 10\)'
}
t "set chooses the step; resume ends a hold; undo takes them back" t_set_resume_undo

t_bad_input() {
	to_step2
	local n
	n=$(git -C "$DATA" rev-list --count HEAD)
	run hips hold squat; expect_status 2; expect_one_line_err
	expect_err_match "^hips: hold: no ladder 'squat' in the program \(ladders: bridge, clamshell, hinge\)$"
	run hips hold all; expect_status 2
	run hips hold; expect_status 2
	expect_err_match '^hips: hold: missing LADDER$'
	run hips hold bridge clamshell; expect_status 2
	expect_err_match "^hips: hold: unexpected 'clamshell'$"
	expect_err_match '^usage: hips hold \[--until DATE\] \[-m NOTE\] LADDER$'
	run hips set; expect_status 2
	expect_err_match '^hips: set: missing LADDER and STEP$'
	run hips set bridge 2 3; expect_status 2
	expect_err_match "^hips: set: unexpected '3'$"
	run hips resume --until 2027-01-01 bridge; expect_status 2
	expect_err_match "^hips: resume: unknown option '--until'$"
	run hips hold bridge --until 2026-11-25; expect_status 2
	expect_err_match '^hips: hold: --until 2026-11-25 is in the past$'
	run hips hold bridge --until 2026-13-01; expect_status 2
	expect_err_match "^hips: hold: bad date '2026-13-01' for --until"
	run hips hold bridge -m "$(printf 'a\tb')"; expect_status 2
	run hips pause bridge; expect_status 2
	expect_err_match '^hips: pause: missing --until DATE'
	run hips set bridge; expect_status 2
	expect_err_match '^hips: set: missing STEP$'
	run hips set bridge 0; expect_status 2
	run hips set bridge 11; expect_status 2
	expect_err_match "^hips: set: bad step '11': ladder bridge has steps 1 to 10"
	run hips set bridge 2x; expect_status 2
	run hips set all 2; expect_status 2
	run hips set bridge 2 --until 2026-12-01; expect_status 2
	run hips resume squat; expect_status 2
	run hips log hold 3x10; expect_status 2
	expect_err_match "^hips: 'hold' is not an exercise"
	[ "$(git -C "$DATA" rev-list --count HEAD)" = "$n" ] || fail "wrote"
	# The four commands answer -h without a data directory.
	rm -rf "$DATA"
	for c in hold pause set resume; do
		run hips $c -h; expect_status 0
		expect_out_match "^usage: hips $c "
		# The operands explained, with examples.
		expect_out_match '^  LADDER'
		expect_out_match '^  -m NOTE '
		expect_out_match "^examples:\$"
		expect_out_match "^  hips $c [a-z]"
		run hips $c --help; expect_status 0
		expect_out_match "^usage: hips $c "
	done
	[ ! -e "$DATA" ] || fail "created the data directory"
}
t "bad instructions exit 2 and write nothing" t_bad_input

t_check() {
	to_step2
	{
		echo "2026-11-22T09:00:00+01:00 hold squat"
		echo "2026-11-22T09:00:00+01:00 set bridge 12"
		echo "2026-11-22T09:00:00+01:00 pause all"
		echo "2026-11-22T09:00:00+01:00 hold bridge until=2026-11-01"
	} >>"$DATA/log/2026-11.log"
	git -C "$DATA" -c user.name=t -c user.email=t@example.org \
		commit -qam "hand edit"
	run hips check; expect_status 1
	expect_out_match "log/2026-11.log:3: 'hold squat': no ladder 'squat' in the program$"
	expect_out_match "log/2026-11.log:4: 'set bridge 12': ladder bridge has steps 1 to 10$"
	expect_out_match "log/2026-11.log:5: 'pause all' needs until=YYYY-MM-DD$"
	expect_out_match "log/2026-11.log:6: until 2026-11-01 is before the instruction's date$"
	expect_err_match '^hips: 4 problems found$'
	# next skips the bad lines, ignores the unknown ladder, and clamps.
	run hips next bridge; expect_status 1
	expect_out_match '\(step 10 of 10\)'
}
t "check validates instructions against the grammar and the program" t_check

t_gap_36() {
	local d
	for d in 01 02 03 04 05 06 07 08 09 10; do
		run hips log -d 2026-10-$d bridge 3x15 hold=2s; expect_status 0
	done
	run hips log -d 2026-10-10 clamshell 2x10/side hold=2s; expect_status 0
	# 36 days later: two steps back, and the bridge first.
	on 2026-11-15
	run hips next; expect_status 0; expect_err_empty
	expect_out_match '^Glute bridge: bridge 3x12 hold=2s \(step 4 of 10\), due today$'
	expect_out_match '^  36 days since last time: two steps back$'
	expect_out_match '^Clamshell: clamshell 2x10/side hold=2s \(step 1 of 8\), not yet$'
	expect_out_match '^  back after 36 days away, the ladders return one at a time: this one after 2 clean sessions of bridge \(0 so far\)$'
	run hips next --json; expect_status 0; expect_json
	expect_out_match '"return":\{"since":"2026-11-15","gap_days":36\}'
	expect_out_match '"ladder":"clamshell"[^}]*"due":false[^}]*"returning":true'
	run hips log bridge 3x12 hold=2s; expect_status 0
	on 2026-11-16
	run hips log bridge 3x12 hold=2s rpe=8; expect_status 0
	on 2026-11-17
	run hips next; expect_status 0
	expect_out_match '^  rpe 8 last time \(8 or more\): not clean, move up once it feels easier$'
	expect_out_match 'not yet$'
	expect_out_match '\(1 so far\)$'
	run hips log bridge 3x12 hold=2s; expect_status 0
	run hips next clamshell; expect_status 0
	expect_out_match 'not yet$'
	# The day after the second clean session, the clamshell is back.
	on 2026-11-18
	run hips next; expect_status 0
	expect_out_match '^Clamshell: clamshell 2x10/side hold=2s \(step 1 of 8\), due today$'
	run hips next --json clamshell; expect_status 0
	expect_out_match '"due":true'
	expect_out_match '"returning":false'
}
t "after 36 days away the ladders come back one at a time" t_gap_36

t_days_a_week() {
	mkdir -p "$CONF"
	cat >"$CONF/program.ini" <<-'EOF'
	[hinge]
	step = loaded-hinge 3x8 freq=3/week
	EOF
	run hips program; expect_status 0
	expect_out_match '^   1\. loaded-hinge 3x8 \(3 days a week\)$'
	on 2026-11-23
	run hips log loaded-hinge 3x8; expect_status 0
	on 2026-11-24
	run hips next; expect_status 0
	expect_out_match '^hinge: loaded-hinge 3x8 \(step 1 of 1\), not due today$'
	expect_out_match '^  this step is due 3 days a week: done yesterday, a day of rest between$'
	run hips next --json; expect_status 0; expect_json
	expect_out_match '"per_week":3,"freq_rest":true'
	on 2026-11-25
	run hips next; expect_status 0
	expect_out_match 'due today$'
}
t "a step of 3 days a week is not due the day after" t_days_a_week

t_pain_pause() {
	to_step2
	on 2026-11-22
	run hips pain 9; expect_status 0
	run hips hold clamshell; expect_status 0
	run hips set bridge 4 -m "from the clinic"; expect_status 0
	# Paused by pain: nothing due, and the set does not move up yet.
	run hips next; expect_status 0
	expect_out_match '^Stop: pain 9 today \(8 or more\)\.$'
	expect_out_match '^Glute bridge: rest, or only what is pain-free; next time bridge 2x12 hold=2s \(step 2 of 10\)$'
	expect_out_nomatch 'due today'
	run hips next --json; expect_status 0; expect_json
	expect_out_match '"ladder":"bridge"[^}]*"due":false,"status":"paused"'
	expect_out_match '"ladder":"bridge"[^}]*"step":2,'
	# An instruction is no pain record: two pain-free days do not lift it.
	on 2026-11-23
	run hips pain 0; expect_status 0
	run hips resume clamshell; expect_status 0
	on 2026-11-24
	run hips pain 0; expect_status 0
	run hips hold bridge; expect_status 0
	run hips next --json; expect_status 0
	expect_out_match '"paused":true'
	# The third lifts it, and the clinician's step applies.
	on 2026-11-25
	run hips pain 0; expect_status 0
	run hips next; expect_status 0
	expect_out_nomatch 'paused|Stop'
	expect_out_match '^Glute bridge: bridge 3x12 hold=2s \(step 4 of 10\), due today$'
	expect_out_match "^  held at this step by your clinician's instruction"
	run hips next --why bridge; expect_status 0
	expect_out_match "instruction: step 4, bridge 3x12 hold=2s \\(from the clinic\\)"
}
t "paused by pain: an instruction makes nothing due, a set up waits" t_pain_pause

t_sync() {
	local REM="$T/remote.git" c
	git init -q --bare "$REM" || fail "git init --bare"
	run hips -C "$T/a" init --remote "$REM"; expect_status 0
	run hips -C "$T/a" log -d 2026-11-24 bridge 2x10 hold=2s
	expect_status 0
	run hips -C "$T/a" sync; expect_status 0
	run hips -C "$T/b" init --remote "$REM"; expect_status 0
	run hips -C "$T/b" sync; expect_status 0
	# On both machines at once: a holds the bridges, b pauses the hinges.
	run hips -C "$T/a" hold bridge -m physio; expect_status 0
	run hips -C "$T/b" pause hinge --until 2026-12-01; expect_status 0
	run hips -C "$T/a" sync; expect_status 0
	run hips -C "$T/b" sync; expect_status 0
	run hips -C "$T/a" sync; expect_status 0
	for c in a b; do
		run hips -C "$T/$c" next --json; expect_status 0
		expect_out_match '"ladder":"bridge"[^}]*"directive":\{"kind":"hold"'
		expect_out_match '"ladder":"hinge"[^}]*"directive":\{"kind":"pause"'
		[ "$(grep -c ' hold bridge\| pause hinge' "$T/$c"/log/*.log)" = 2 ] ||
			fail "$c: not each instruction once"
		run hips -C "$T/$c" check; expect_status 0
	done
}
t "sync merges instructions written on two machines like entries" t_sync

done_testing
