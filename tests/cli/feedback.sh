#!/bin/bash
# The line hips log prints after a write (issue 16): clean or below
# target and why, the count toward the next step, the new step; and the
# hints that suggest a dose give the step's full target.
. "$(dirname "$0")/lib.sh"

# The second line of stdout.
line2() {
	printf '%s\n' "$out" | sed -n 2p
}

t_clean_and_up() {
	run hips log -d 2026-11-25 bridge 2x10 hold=2s; expect_status 0
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || fail "not two lines"
	expect_out_match '^logged bridge 2x10 on 2026-11-25$'
	[ "$(line2)" = "clean: 1 of 2 clean sessions toward bridge 2x12 hold=2s" ] ||
		fail "line 2: $(line2)"
	run hips log bridge 2x10 hold=3s; expect_status 0
	[ "$(line2)" = "clean: 2 of 2 clean sessions at bridge 2x10 hold=2s: next time bridge 2x12 hold=2s, step 2 of 10" ] ||
		fail "line 2: $(line2)"
	expect_commits 3	# the first write's commit, then one each
	# What log said is what next says.
	run hips next bridge; expect_status 0
	expect_out_match 'bridge 2x12 hold=2s \(step 2 of 10\)'
}
t "a clean session: the count toward the next step, then the new step" t_clean_and_up

t_below() {
	run hips log bridge 2x10; expect_status 0
	expect_out_match '^logged bridge 2x10 on 2026-11-26$'
	[ "$(line2)" = "below target: no hold (the step wants bridge 2x10 hold=2s); the same step next time, still 0 of 2 clean sessions toward bridge 2x12 hold=2s" ] ||
		fail "line 2: $(line2)"
	expect_err_match 'created the data repository'
	expect_commits 2
	# The same day's second entry completes the session.
	run hips log bridge 2x10 hold=2s; expect_status 0
	[ "$(line2)" = "clean: 1 of 2 clean sessions toward bridge 2x12 hold=2s" ] ||
		fail "line 2: $(line2)"
}
t "below target says what the step wants, with no penalty in its words" t_below

t_cramp() {
	run hips log -m 'hamstring cramp, stopped' bridge 1x10 hold=2s
	expect_status 0
	line2 | grep -q '^below target: 1 set (the step wants bridge 2x10 hold=2s); the same step next time, still 0 of 2 clean sessions toward bridge 2x12 hold=2s; tip: .*feet closer' ||
		fail "line 2: $(line2)"
	run hips log -d 2026-11-25 -m 'cramp' bridge 2x10 hold=2s
	line2 | grep -q '^clean: ' || fail "line 2: $(line2)"
	line2 | grep -q 'tip' && fail "a tip for a clean session"
	return 0
}
t "a hamstring cramp gets the ladder's tip (feet closer)" t_cramp

t_custom() {
	run hips log --custom walk 1x30; expect_status 0
	[ "$(line2)" = "not in the program: no step counts it" ] ||
		fail "line 2: $(line2)"
	mkdir -p "$CONF"
	printf '[exercises]\ncustom = swim\n' >"$CONF/config.ini"
	run hips log swim 1x20; expect_status 0
	[ "$(line2)" = "not in the program: no step counts it" ] ||
		fail "line 2: $(line2)"
	# A program.ini that does not load: the entry is logged, no word more.
	printf '[bridge]\nstep = bridge 2xx\n' >"$CONF/program.ini"
	run hips log --custom walk 1x40; expect_status 0
	expect_out 'logged walk 1x40 on 2026-11-26'
	expect_err_empty
	expect_commits 4
}
t "exercises without a ladder get a plain line" t_custom

t_pipe() {
	# The same words to a file, a pipe or a terminal (as git commit's
	# summary): what a script reads is what a person reads.
	hips log -d 2026-11-25 bridge 2x10 hold=2s >"$T/file" 2>/dev/null
	run hips log bridge 2x10 hold=2s
	[ "$(sed -n 2p "$T/file")" = "clean: 1 of 2 clean sessions toward bridge 2x12 hold=2s" ] ||
		fail "to a file: $(cat "$T/file")"
	if command -v script >/dev/null; then
		script -qec "$HIPS_BIN log -d 2026-11-24 bridge 2x10 hold=2s" \
		    /dev/null >"$T/tty" 2>&1 </dev/null
		grep -q '^clean: ' "$T/tty" || fail "on a terminal: $(cat "$T/tty")"
	fi
	# A full disk on stdout still fails loudly, after the commit.
	if [ -w /dev/full ]; then
		run hips log -d 2026-11-23 bridge 2x10 hold=2s
		hips log -d 2026-11-22 bridge 2x10 hold=2s >/dev/full 2>"$T/err"
		[ $? -ne 0 ] || fail "exit 0 with stdout on /dev/full"
	fi
}
t "the line is printed to a pipe as to a terminal" t_pipe

t_hints() {
	run hips streak; expect_status 0
	expect_out 'no sessions yet: start with one exercise, practised well (hips log bridge 2x10 hold=2s)'
	# Following the hint gives a clean session.
	run hips log bridge 2x10 hold=2s; expect_status 0
	line2 | grep -q '^clean: ' || fail "line 2: $(line2)"
	run hips log clamshell; expect_status 2
	expect_err_match "\(for example 'hips log clamshell 2x10/side hold=2s'\)"
	run hips log --custom walk; expect_status 2
	expect_err_match "\(for example 'hips log walk 3x10'\)"
	# A program of one's own: its first step.
	mkdir -p "$CONF"
	printf '[wall]\nstep = wall-sit 3x30s\nstep = wall-sit 3x45s\n' \
	    >"$CONF/program.ini"
	mkdir -p "$T/h2/.config/hips" && cp "$CONF/program.ini" "$T/h2/.config/hips/"
	HOME=$T/h2 run hips streak; expect_status 0
	expect_out 'no sessions yet: start with one exercise, practised well (hips log wall-sit 3x30s)'
}
t "hints that suggest a dose give the full target" t_hints

done_testing
