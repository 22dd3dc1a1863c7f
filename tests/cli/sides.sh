#!/bin/bash
# Left and right (issue 16): side=left and side=right entries of one
# exercise on one day are one session, clean only when both sides meet
# the step; a per-side step is not met by a plain dose; a lasting
# asymmetry shows in next --why and streak.
. "$(dirname "$0")/lib.sh"

# A program with clamshells from the start.
clam_program() {
	mkdir -p "$CONF"
	printf '%s\n' '[clamshell]' 'title = Clamshell' \
	    'step = clamshell 2x10/side hold=2s' 'step = clamshell 3x15/side' \
	    >"$CONF/program.ini"
}

line2() {
	printf '%s\n' "$out" | sed -n 2p
}

t_both_sides() {
	clam_program
	run hips log -d 2026-11-25 clamshell 2x10 hold=2s side=left
	expect_status 0
	[ "$(line2)" = "left side logged: log the right side too (the step wants clamshell 2x10/side hold=2s on each side)" ] ||
		fail "line 2: $(line2)"
	run hips log -d 2026-11-25 clamshell 2x10 hold=2s side=right
	[ "$(line2)" = "clean: 1 of 2 clean sessions toward clamshell 3x15/side" ] ||
		fail "line 2: $(line2)"
	run hips log clamshell 2x10/side hold=2s
	line2 | grep -q '^clean: 2 of 2 clean sessions at clamshell 2x10/side hold=2s: next time clamshell 3x15/side' ||
		fail "line 2: $(line2)"
	run hips next clamshell; expect_status 0
	expect_out_match 'step 2 of 2'
}
t "both sides at the target make one clean session" t_both_sides

t_one_side_behind() {
	clam_program
	# The issue's log: the left side far behind, two days.
	hips log -d 2026-11-24 clamshell 2x4 hold=2s side=left >/dev/null 2>&1
	hips log -d 2026-11-24 clamshell 2x10 hold=2s side=right >/dev/null
	hips log -d 2026-11-25 clamshell 2x4 hold=2s side=left >/dev/null
	run hips log -d 2026-11-25 clamshell 2x10 hold=2s side=right
	[ "$(line2)" = "below target: left side: a set of 4 (the step wants clamshell 2x10/side hold=2s); the same step next time, still 0 of 2 clean sessions toward clamshell 3x15/side" ] ||
		fail "line 2: $(line2)"
	run hips next --why clamshell; expect_status 0
	expect_out_match 'step 1 of 2'
	expect_out_match 'below the target clamshell 2x10/side hold=2s \(left side: a set of 4; 2 of 3 in a row'
	run hips next --json clamshell
	expect_out_match '"step":1'
}
t "one side below the target: not clean, and next says which" t_one_side_behind

t_plain_dose() {
	clam_program
	run hips log clamshell 2x10 hold=2s; expect_status 0
	[ "$(line2)" = "below target: one dose for both sides, no /side or side= (the step wants clamshell 2x10/side hold=2s); the same step next time, still 0 of 2 clean sessions toward clamshell 3x15/side" ] ||
		fail "line 2: $(line2)"
	run hips log -d 2026-11-25 clamshell 2x10/side hold=2s
	line2 | grep -q '^clean: 1 of 2' || fail "line 2: $(line2)"
}
t "a per-side step is not met by a plain dose" t_plain_dose

t_asymmetry() {
	local d
	clam_program
	for d in 2026-11-16 2026-11-19 2026-11-22 2026-11-26; do
		hips log -d "$d" clamshell 2x10 hold=2s side=left >/dev/null 2>&1
		hips log -d "$d" clamshell 2x7 hold=2s side=right >/dev/null
	done
	run hips next --why clamshell; expect_status 0
	expect_out_match '^  right side 30% behind over 2 weeks \(left 80 reps, right 56 reps\): start with the weaker side'
	run hips streak; expect_status 0
	expect_out_match '^clamshell: right side 30% behind over 2 weeks \(left 80 reps, right 56 reps\)$'
	# The prompt stays one short line.
	run hips streak --prompt; expect_status 0
	expect_out_nomatch behind
	# Two weeks later with even sides: gone.
	for d in 2026-12-04 2026-12-07 2026-12-10; do
		HIPS_NOW=2026-12-10T20:00:00+01:00 hips log -d "$d" \
		    clamshell 3x15 side=left >/dev/null
		HIPS_NOW=2026-12-10T20:00:00+01:00 hips log -d "$d" \
		    clamshell 3x15 side=right >/dev/null
	done
	HIPS_NOW=2026-12-10T20:00:00+01:00 run hips streak
	expect_out_nomatch behind
	HIPS_NOW=2026-12-10T20:00:00+01:00 run hips next --why
	expect_out_nomatch behind
}
t "a lasting asymmetry shows in next --why and streak, then goes" t_asymmetry

t_short_asymmetry() {
	clam_program
	# Two days only, however uneven: not lasting.
	hips log -d 2026-11-20 clamshell 2x10 side=left >/dev/null 2>&1
	hips log -d 2026-11-20 clamshell 1x3 side=right >/dev/null
	hips log -d 2026-11-26 clamshell 2x10 side=left >/dev/null
	hips log -d 2026-11-26 clamshell 1x3 side=right >/dev/null
	run hips streak; expect_out_nomatch behind
	run hips next --why; expect_out_nomatch behind
}
t "an asymmetry of two days is not called lasting" t_short_asymmetry

done_testing
