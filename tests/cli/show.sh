#!/bin/bash
# hips show: how to do each step, from program.ini's EXERCISE.KEY lines;
# and next showing it by itself on the first day of a new exercise.
. "$(dirname "$0")/lib.sh"

# Every label of one step's instructions.
expect_full() {
	local label
	for label in setup movement 'feel it' 'not here' mistakes easier \
	    harder equipment 'log it'; do
		expect_out_match "^  $label: "
	done
}

t_first() {
	run hips show; expect_status 0; expect_err_empty
	expect_out_match '^No sessions in the log yet\. Start with one exercise, practised well:$'
	expect_out_match '^Glute bridge, step 1 of 10: bridge 2x10 hold=2s$'
	expect_full
	expect_out_match 'Hold 2 s at the top'
	expect_out_match 'feet closer to your body'
	expect_out_match '^  log it: +hips log bridge 2x10 hold=2s$'
	expect_out_match '^Stop on sharp pain'
	expect_out_nomatch 'Clamshell'
	[ ! -e "$DATA" ] || fail "show created the data directory"
}
t "show without a log: the step to start with, in full" t_first

t_every_step() {
	local name ladders
	ladders=" $(hips program --ladders | tr '\n' ' ')"
	for name in $(hips program --names); do
		run hips show "$name"; expect_status 0; expect_err_empty
		expect_full
		# A name that is also a ladder's is the ladder: its step 1.
		case $ladders in
		*" $name "*) expect_out_match "^[A-Z][a-z ]+, step 1 of " ;;
		*) expect_out_match "^[A-Z][a-z ]+, step [0-9]+ of [0-9]+: $name " ;;
		esac
		expect_out_nomatch 'no instructions'
		# Wrapped to fit a terminal.
		printf '%s\n' "$out" | awk 'length > 78 { exit 1 }' ||
			fail "$name: a line wider than 78 columns"
	done
	run hips show banded-bridge; expect_status 0
	expect_out_match '^Glute bridge, step 6 of 10: banded-bridge 3x12 hold=2s$'
	expect_out_match 'loop band around the thighs just above'
	expect_out_match '^  equipment: .*light'
	run hips show hinge; expect_status 0
	expect_out_match 'closing a car door with your backside'
	run hips show hinge:6; expect_status 0
	expect_out_match '^Hip hinge, step 6 of 9: loaded-hinge 3x8 \(3 days a week\)$'
	expect_out_match '^  equipment: .*kg'
	run hips show clamshell:8; expect_status 0
	expect_out_match '^Clamshell, step 8 of 8: side-plank-clam 3x8/side hold=3s'
}
t "every exercise of the built-in program has every part" t_every_step

t_your_step() {
	run hips log -d 2026-11-23 bridge 2x10 hold=2s; expect_status 0
	run hips log -d 2026-11-24 bridge 2x10 hold=2s; expect_status 0
	# A ladder: the step you are on.
	run hips show bridge; expect_status 0; expect_err_empty
	expect_out_match '^Glute bridge, step 2 of 10: bridge 2x12 hold=2s, your step now$'
	# An exercise of that step: the same.
	run hips show bridge; expect_status 0
	expect_out_match 'step 2 of 10'
	# An exercise ahead: its first step, and not "your step".
	run hips show single-leg-bridge; expect_status 0
	expect_out_match '^Glute bridge, step 8 of 10: single-leg-bridge 3x8/side hold=2s \(3 days a week\)$'
	# A ladder not started: its first step.
	run hips show clamshell; expect_status 0
	expect_out_match '^Clamshell, step 1 of 8: clamshell 2x10/side hold=2s$'
	# No operand: what is due today.
	run hips show; expect_status 0
	expect_out_match '^Glute bridge, step 2 of 10: bridge 2x12 hold=2s, your step now$'
	expect_out_nomatch 'Clamshell'
	run hips log bridge 2x12 hold=2s; expect_status 0
	run hips show; expect_status 0; expect_err_empty
	expect_out_match "^Nothing is due today \(see 'hips next'\)\.$"
	expect_out_nomatch 'setup:'
}
t "show follows the log: the step you are on" t_your_step

t_bad() {
	run hips show brige; expect_status 2; expect_out_empty
	expect_one_line_err
	expect_err_match "^hips: show: no exercise 'brige' in the program: did you mean 'bridge'\?"
	run hips show zzzzzz; expect_status 2; expect_one_line_err
	expect_err_match "no exercise 'zzzzzz'"
	expect_err_match "hips program --names"
	run hips show bridge:11; expect_status 2; expect_one_line_err
	expect_err_match "'bridge:11': ladder \[bridge\] has steps 1 to 10"
	run hips show bridge:0; expect_status 2
	run hips show bridge:; expect_status 2
	run hips show bridge:1x; expect_status 2
	run hips show nope:1; expect_status 2
	expect_err_match "no ladder 'nope'"
	run hips show bridge hinge; expect_status 2
	run hips show --frob; expect_status 2
	run hips show -h; expect_status 0; expect_err_empty
	expect_out_match '^usage: hips show \[EXERCISE \| LADDER \| LADDER:STEP\]$'
	expect_out_match 'LADDER:STEP'
	expect_out_match 'hips show banded-bridge'
	run hips help show; expect_status 0
	expect_out_match '^usage: hips show'
	[ ! -e "$DATA" ] || fail "a bad show created the data directory"
}
t "bad operands exit 2 with one line, did you mean when close" t_bad

t_new_step() {
	local d
	# Five steps of bridges, two clean sessions each, in the evening.
	for d in 14 15 16 17 18 19 20 21 22 23; do
		run hips log -d "2026-11-$d 19:00" bridge 3x15 hold=2s
		expect_status 0
	done
	# Reached banded-bridge yesterday evening: today is its first day.
	run hips next; expect_status 0; expect_err_empty
	expect_out_match '^Glute bridge: banded-bridge 3x12 hold=2s \(step 6 of 10\), due today$'
	expect_out_match '^  new exercise: how to do it \(any day: hips show banded-bridge\)$'
	expect_out_match '^  setup: +As for the bridge, with a loop band'
	expect_out_match '^  equipment: '
	# Not done that day: still new the next day.
	HIPS_NOW=2026-11-27T08:00:00+01:00 run hips next; expect_status 0
	expect_out_match '^  new exercise: how to do it \(any day: hips show banded-bridge\)$'
	# Done once: no longer new, today or later.
	HIPS_NOW=2026-11-27T18:00:00+01:00 run hips log banded-bridge 3x12 \
	    hold=2s
	expect_status 0
	HIPS_NOW=2026-11-27T20:00:00+01:00 run hips next; expect_status 0
	expect_out_nomatch 'new exercise'
	expect_out_nomatch 'loop band'
	HIPS_NOW=2026-11-28T08:00:00+01:00 run hips next; expect_status 0
	expect_out_nomatch 'new exercise'
	# next EXERCISE always says how.
	HIPS_NOW=2026-11-28T08:00:00+01:00 run hips next bridge
	expect_status 0
	expect_out_match '^  setup: +As for the bridge, with a loop band'
}
t "next shows a new exercise's instructions on its first days" t_new_step

t_same_exercise() {
	run hips log -d 2026-11-23 bridge 2x10 hold=2s; expect_status 0
	run hips log -d 2026-11-25 bridge 2x10 hold=2s; expect_status 0
	# Moved up to bridge 2x12 yesterday: a new dose, not a new exercise.
	run hips next; expect_status 0
	expect_out_match 'bridge 2x12 hold=2s \(step 2 of 10\), due today'
	expect_out_nomatch 'new exercise'
	expect_out_nomatch 'setup:'
}
t "a new dose of the same exercise is not shown again" t_same_exercise

t_reached_today() {
	local d
	for d in 15 16 17 18 19 20 21 22 23; do
		run hips log -d "2026-11-$d" bridge 3x15 hold=2s
		expect_status 0
	done
	# The tenth clean session, this morning, moves up: done today, so
	# the step is new tomorrow, not today.
	run hips log bridge 3x15 hold=2s; expect_status 0
	run hips next; expect_status 0
	expect_out_match '^Glute bridge: done today; next time banded-bridge'
	expect_out_nomatch 'new exercise'
	HIPS_NOW=2026-11-27T07:30:00+01:00 run hips next; expect_status 0
	expect_out_match 'new exercise: how to do it'
}
t "a step reached today is new tomorrow" t_reached_today

t_user_program() {
	mkdir -p "$CONF"
	cat >"$CONF/program.ini" <<'EOF'
[wall]
title = Wall sit
how = Back flat against a wall, slide down.
tip = Knees over the ankles.
step = wall-sit 3x30s
wall-sit.setup = Back flat against a wall, feet a step out.
wall-sit.move = Slide down until the knees are bent.
wall-sit.move = Come up slowly.
step = wall-slide 3x10
EOF
	run hips show wall-sit; expect_status 0; expect_err_empty
	expect_out_match '^Wall sit, step 1 of 2: wall-sit 3x30s$'
	expect_out_match '^  setup: +Back flat against a wall, feet a step out\.$'
	expect_out_match '^  movement: +- Slide down until the knees are bent\.$'
	expect_out_match '^ +- Come up slowly\.$'
	expect_out_nomatch 'tip:'
	run hips show wall-slide; expect_status 0
	expect_out_match '^  how: +Back flat against a wall, slide down\.$'
	expect_out_match '^  tip: +Knees over the ankles\.$'
	expect_out_match "no instructions for 'wall-slide' in .*program\.ini"
	# check: a note at the line of the exercise's first step.
	run hips check; expect_status 0
	expect_out_match "program\.ini:5: note: the instructions for 'wall-sit' lack wall-sit\.feel, "
	expect_out_match "program\.ini:9: note: no instructions for 'wall-slide' \(add wall-slide\.setup"
	# Unknown keys are errors, as for every key of program.ini.
	printf 'wall-slide.sutup = x\n' >>"$CONF/program.ini"
	run hips check; expect_status 1
	expect_out_match "program\.ini:10: unknown key 'wall-slide\.sutup' in \[wall\] \(did you mean 'setup'\?"
	run hips show wall-sit; expect_status 1
	expect_err_match "program\.ini:10: unknown key 'wall-slide\.sutup'"
	# The built-in program has nothing to note.
	rm "$CONF/program.ini"
	run hips check; expect_status 0
	expect_out_nomatch 'instructions'
}
t "a user's program.ini: its instructions, check notes what is missing" t_user_program

t_read_only() {
	run hips log -d yesterday bridge 2x10 hold=2s; expect_status 0
	LD_DEBUG=libs hips show bridge >/dev/null 2>"$T/ld"
	grep -q 'libgit2' "$T/ld" && fail "show loaded libgit2"
	LD_DEBUG=libs hips log bridge 2x10 >/dev/null 2>"$T/ld"
	grep -q 'libgit2' "$T/ld" || fail "the check cannot see libgit2 loading"
	chmod -R a-w "$DATA"
	run hips show; expect_status 0
	chmod -R u+w "$DATA"
	run hips show >/dev/full
	hips show >/dev/full 2>/dev/null && fail "show > /dev/full exited 0"
	# A malformed line: show prints, names it, and exits 1.
	echo "2026-11-24T08:00:00+01:00 bridge 3x" >>"$DATA/log/2026-11.log"
	run hips show bridge; expect_status 1
	expect_err_match 'log/2026-11.log:[0-9]+: '
	expect_out_match '^Glute bridge, step'
}
t "show only reads, never loads libgit2, and reports bad lines" t_read_only

done_testing
