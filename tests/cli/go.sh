#!/bin/bash
# hips go: the guided session.  As plain lines (stdin not a terminal, so
# scripted), and in a real terminal: an 80x24 tmux, keys sent with
# send-keys, the screen read with capture-pane.  HIPS_CLOCK_SCALE runs
# the clock faster where the test does not look at a countdown.  The
# log and the commit are checked with git.  Today is 2026-11-26.
. "$(dirname "$0")/lib.sh"

# A program of our own: ladders whose doses make short sessions.
program() {
	mkdir -p "$CONF"
	cat >"$CONF/program.ini" <<-'EOF'
	[bridge]
	title = Glute bridge
	unlock = start
	how = Lie on your back, knees bent, feet flat, and lift your hips.
	step = bridge 3x10 hold=2s
	[clamshell]
	title = Clamshell
	unlock = start
	step = clamshell 2x2/side
	[wall]
	title = Wall sit
	unlock = start
	step = wall-sit 2x5s
	EOF
}

nl() {	# N newlines
	local i
	for ((i = 0; i < $1; i++)); do printf '\n'; done
}

last_line() {
	tail -n 1 "$DATA/log/2026-11.log"
}

expect_subject() {
	[ "$(git -C "$DATA" log -1 --format=%s)" = "$1" ] ||
		fail "commit subject '$(git -C "$DATA" log -1 --format=%s)'"
}

t_plain_full() {
	run sh -c "{ printf '\n%.0s' \$(seq 20); echo 2; } |
	    HIPS_CLOCK_SCALE=200 $HIPS_BIN go"
	expect_status 0
	expect_out_match '^hips go: Glute bridge, step 1 of [0-9]+$'
	expect_out_match '^  bridge 2x10 hold=2s$'
	expect_out_match '^  setup: +On your back'
	expect_out_match '^  movement: +Squeeze your glutes'
	expect_out_match '^set 1 of 2: 10 reps$'
	expect_out_match '^hold 2 s$'
	expect_out_match '^rep 10 of 10$'
	expect_out_match '^set 1 done; rest 1:00$'
	expect_out_match '^set 2 of 2: 10 reps$'
	expect_out_match '^all sets done$'
	expect_out_match '0 no pain'
	expect_out_match '4-5 moderate: holds the step'
	expect_out_match '10 worst imaginable'
	expect_out_match '^logged bridge 2x10 hold=2s pain=2 on 2026-11-26$'
	[ "$(printf '%s\n' "$out" | grep -c '^rep [0-9]* of 10$')" -eq 20 ] ||
		fail "not 20 reps"
	[ "$(last_line)" = "2026-11-26T07:30:00+01:00 bridge 2x10 hold=2s pain=2" ] ||
		fail "log line '$(last_line)'"
	expect_subject "log: bridge 2x10"
	git -C "$DATA" show HEAD -- log/2026-11.log | grep -qx \
	    '+2026-11-26T07:30:00+01:00 bridge 2x10 hold=2s pain=2' ||
		fail "the commit lacks the line"
	expect_commits 2	# the repository's first commit, and this one
	run hips next; expect_status 0
	expect_out_match '^Glute bridge: done today'
}
t "plain lines: a whole session, then the pain, logged in one commit" \
    t_plain_full

t_plain_partial() {
	program
	run sh -c "{ printf '\n%.0s' \$(seq 26); echo q; echo 3; } |
	    HIPS_CLOCK_SCALE=500 $HIPS_BIN go bridge"
	expect_status 0
	expect_out_match '^set 3 of 3: 10 reps$'
	expect_out_match '^rep 6 of 10$'
	expect_out_match '^finished$'
	expect_out_match '^logged bridge 10,10,6 hold=2s pain=3 on 2026-11-26$'
	[ "$(last_line)" = "2026-11-26T07:30:00+01:00 bridge 10,10,6 hold=2s pain=3" ] ||
		fail "log line '$(last_line)'"
	expect_subject "log: bridge 10,10,6"
	expect_commits 2
	hips check >/dev/null || fail "check rejects the line"
}
t "plain lines: a partial set is kept (2x10 and 6 is 10,10,6)" \
    t_plain_partial

t_plain_sides() {
	program
	run sh -c "{ printf '\n%.0s' \$(seq 8); echo 0; } |
	    HIPS_CLOCK_SCALE=500 $HIPS_BIN go clamshell"
	expect_status 0
	expect_out_match '^set 1 of 2, left side: 2 reps$'
	expect_out_match '^switch sides: right side in 5 s$'
	expect_out_match '^set 1 of 2, right side: 2 reps$'
	expect_out_match '^set 2 of 2, right side: 2 reps$'
	[ "$(last_line)" = "2026-11-26T07:30:00+01:00 clamshell 2x2/side pain=0" ] ||
		fail "log line '$(last_line)'"
	# Stopped after the left side of set 2: a line for each side, one
	# commit.
	run sh -c "{ printf '\n%.0s' \$(seq 6); echo q; echo 1; } |
	    HIPS_CLOCK_SCALE=500 $HIPS_BIN go clamshell"
	expect_status 0
	expect_out_match '^logged clamshell 1x2 side=right pain=1 on 2026-11-26$'
	tail -n 2 "$DATA/log/2026-11.log" >"$T/two"
	printf '%s\n' \
	    '2026-11-26T07:30:00+01:00 clamshell 2x2 side=left pain=1' \
	    '2026-11-26T07:30:00+01:00 clamshell 1x2 side=right pain=1' |
	    cmp -s - "$T/two" || fail "lines: $(cat "$T/two")"
	expect_subject "log: clamshell 2x2 side=left, clamshell 1x2 side=right"
	expect_commits 3
	hips check >/dev/null || fail "check rejects the lines"
}
t "plain lines: switch sides; uneven sides are logged a line each" \
    t_plain_sides

t_plain_timed() {
	program
	run sh -c "{ echo; echo 4; } | HIPS_CLOCK_SCALE=50 $HIPS_BIN go -r 10 wall"
	expect_status 0
	expect_out_match '^set 1 of 2: hold the position 5 s$'
	expect_out_match '^set 1 done; rest 10 s$'
	expect_out_match '^set 2 of 2: hold the position 5 s$'
	expect_out_match '^logged wall-sit 2x5s pain=4 on 2026-11-26$'
	expect_out_match '^pain 4 \(4 or more\): hold this step'
	[ "$(last_line)" = "2026-11-26T07:30:00+01:00 wall-sit 2x5s pain=4" ] ||
		fail "log line '$(last_line)'"
}
t "plain lines: timed sets run on their own after the first Enter" \
    t_plain_timed

t_plain_nothing() {
	run sh -c "echo q | $HIPS_BIN go"
	expect_status 0
	expect_out_match '^Nothing done: nothing logged\.$'
	expect_commits 0
	# The end of the input finishes the session like q.
	run sh -c "printf '\n%.0s' \$(seq 3) | HIPS_CLOCK_SCALE=500 $HIPS_BIN go"
	expect_status 0
	expect_out_match 'no pain recorded'
	expect_out_match '^logged bridge 1x3 hold=2s on 2026-11-26$'
}
t "plain lines: q with nothing done logs nothing; the end of input is q" \
    t_plain_nothing

t_plain_pause() {
	program
	run sh -c "{ echo p; echo p; echo; echo q; echo 0; } |
	    HIPS_CLOCK_SCALE=500 $HIPS_BIN go bridge"
	expect_status 0
	expect_out_match '^paused: p to go on$'
	expect_out_match '^going on$'
	expect_out_match '^logged bridge 1x1 hold=2s pain=0'
}
t "plain lines: p pauses and goes on" t_plain_pause

t_usage() {
	run hips go -h; expect_status 0
	expect_out_match '^usage: hips go \[-r SECONDS\] \[EXERCISE\]$'
	expect_out_match 'HIPS_CLOCK_SCALE'
	run hips go -r x; expect_status 2; expect_one_line_err
	expect_err_match "bad rest 'x'"
	run hips go -r 901; expect_status 2
	run hips go bridge clamshell; expect_status 2
	expect_err_match 'too many operands'
	run hips go squat; expect_status 2
	expect_err_match "no exercise 'squat'"
	HIPS_CLOCK_SCALE=0 run hips go </dev/null; expect_status 2
	expect_err_match 'bad HIPS_CLOCK_SCALE'
	run hips go clamshell </dev/null; expect_status 2
	expect_err_match 'clamshell is locked: unlocks when bridge'
	expect_commits 0
}
t "usage, bad options and operands, a locked ladder: exit 2" t_usage

t_nothing_due() {
	hips log bridge 2x10 hold=2s >/dev/null 2>&1 || fail "log"
	run hips go </dev/null; expect_status 0
	expect_out_match "^Nothing is due today \(see 'hips next'\)"
	expect_commits 2
	# Pain 9 pauses everything: go says so.
	hips pain 9 >/dev/null 2>&1 || fail "pain"
	run hips go </dev/null; expect_status 0
	expect_out_match "^Nothing is due today: progression is paused"
	expect_commits 3
}
t "nothing due today: says so and logs nothing" t_nothing_due

# libgit2 is mapped only once the session is over and is being logged.
t_no_libgit2() {
	local pid i
	mkfifo "$T/in"
	HIPS_CLOCK_SCALE=1 "$HIPS_BIN" go <"$T/in" >"$T/go.out" 2>&1 &
	pid=$!
	exec 3>"$T/in"
	printf '\n' >&3
	for ((i = 0; i < 50; i++)); do
		grep -q '^hold 2 s' "$T/go.out" && break
		sleep 0.1
	done
	grep -q '^hold 2 s' "$T/go.out" || fail "no hold: $(cat "$T/go.out")"
	grep -E 'libgit2|hips-git' "/proc/$pid/maps" &&
		fail "libgit2 is loaded during the session"
	printf 'q\n0\n' >&3
	exec 3>&-
	wait "$pid" || fail "exit $?: $(cat "$T/go.out")"
	grep -q '^logged bridge 1x1 hold=2s pain=0' "$T/go.out" ||
		fail "$(cat "$T/go.out")"
}
t "no libgit2 until the log at the end" t_no_libgit2

t_plain_interrupt() {
	local pid i
	mkfifo "$T/in"
	HIPS_CLOCK_SCALE=200 "$HIPS_BIN" go <"$T/in" >"$T/go.out" 2>"$T/go.err" &
	pid=$!
	exec 3>"$T/in"
	printf '\n\n\n' >&3
	for ((i = 0; i < 50; i++)); do
		grep -q '^rep 3 of 10' "$T/go.out" && break
		sleep 0.1
	done
	kill -INT "$pid"
	for ((i = 0; i < 50; i++)); do
		grep -q 'Log what was done so far' "$T/go.out" && break
		sleep 0.1
	done
	printf 'n\n' >&3
	exec 3>&-
	wait "$pid"
	status=$?
	out=$(cat "$T/go.out") err=$(cat "$T/go.err")
	expect_status 130
	expect_out_match 'Log what was done so far'
	expect_out_match '^  done:  3$'
	expect_err_match '^hips: go: interrupted: nothing logged$'
	expect_commits 0
}
t "plain lines: an interrupt asks; no logs nothing (exit 130)" \
    t_plain_interrupt

# --- In a real terminal: tmux, 80x24. ---

SOCK=
NTMUX=0
go_tmux() {	# ENV... -- ARGS...: hips go in an 80x24 tmux window
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	NTMUX=$((NTMUX + 1))
	SOCK=$T/tmux$NTMUX.sock
	{
		printf 'env'
		printf ' %q' "${envs[@]}" "$HIPS_BIN" go "$@"
		printf '\necho "EXIT=$?"\nsleep 600\n'
	} >"$T/run.sh"
	tmux -S "$SOCK" -f /dev/null new-session -d -s go -x 80 -y 24 \
	    "sh $T/run.sh" || fail "tmux did not start"
	trap 'for s in "$T"/tmux*.sock; do tmux -S "$s" kill-server; done \
	    2>/dev/null' EXIT
}
screen() {
	tmux -S "$SOCK" capture-pane -p -t go
}
keys() {
	tmux -S "$SOCK" send-keys -t go "$@"
}
wait_screen() {	# REGEX [SECONDS]
	local i n=$((${2:-10} * 20))
	for ((i = 0; i < n; i++)); do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.05
	done
	out=$(screen)
	fail "the screen lacks /$1/"
}
expect_screen() {
	out=$(screen)
	printf '%s\n' "$out" | grep -Eq -- "$1" || fail "the screen lacks /$1/"
}

t_tmux_session() {
	command -v tmux >/dev/null || fail "tmux is not installed"
	# A slow clock: each second of the countdown stays 2 s on the screen.
	go_tmux HIPS_CLOCK_SCALE=0.5 --
	wait_screen '^  Rep 1 of 10: space or Enter at each rep'
	expect_screen '^hips go: Glute bridge, step 1 of [0-9]+$'
	expect_screen '^Set 1 of 2$'
	expect_screen 'p: pause  q: finish and log'
	# No colour, nothing beyond 80 columns, all of it on the screen.
	tmux -S "$SOCK" capture-pane -e -p -t go | grep -q $'\e\\[[0-9;]*m' &&
		fail "colour or attributes on the screen"
	[ "$(screen | awk 'length > 80' | wc -l)" -eq 0 ] || fail "too wide"
	# A rep: the hold counts down from 2, then the rep counts.
	keys Space
	wait_screen '^  Rep 1 of 10: HOLD 2$' 3
	wait_screen '^  Rep 1 of 10: HOLD 1$' 4
	wait_screen '^  Rep 2 of 10' 4
	# Enter counts too; p stops the clock during the hold.
	keys Enter
	wait_screen 'HOLD [12]$' 2
	keys p
	wait_screen '^  PAUSED: p to go on$' 2
	sleep 2.5
	expect_screen '^  PAUSED'
	keys p
	wait_screen '^  Rep 2 of 10: HOLD [12]$' 2
	wait_screen '^  Rep 3 of 10' 6
	expect_screen '^  done:  -$'
	# Ctrl-C asks, then the pain with words at the anchors.
	keys C-c
	wait_screen 'Log what was done so far\?' 3
	expect_screen '^  done:  2$'
	keys y
	wait_screen '^pain \(0-10\):' 3
	expect_screen '0 no pain'
	expect_screen '10 worst imaginable'
	keys 2 Enter
	wait_screen '^EXIT=0$' 10
	expect_screen '^logged bridge 1x2 hold=2s pain=2 on 2026-11-26$'
	[ "$(last_line)" = "2026-11-26T07:30:00+01:00 bridge 1x2 hold=2s pain=2" ] ||
		fail "log line '$(last_line)'"
	expect_subject "log: bridge 1x2"
	expect_commits 2
}
t "tmux: countdown, rep count, pause, Ctrl-C and the pain question" \
    t_tmux_session

t_tmux_sides_rest() {
	command -v tmux >/dev/null || fail "tmux is not installed"
	program
	go_tmux -- -r 30 clamshell
	wait_screen '^Set 1 of 2, left side$'
	keys Space Space
	wait_screen '^  SWITCH SIDES: right side in [45] s' 3
	expect_screen '^  left:  2$'
	expect_screen '^  right: -$'
	wait_screen '^Set 1 of 2, right side$' 8
	wait_screen '^  Rep 1 of 2' 8
	keys Space Space
	# The rest counts down, a second at a time.
	wait_screen '^  REST (30|29) s, then set 2 of 2' 3
	wait_screen '^  REST 28 s' 4
	expect_screen '^  right: 2$'
	keys Space
	wait_screen '^Set 2 of 2, left side$' 2
	keys Space Space
	wait_screen 'SWITCH SIDES' 2
	keys Space
	wait_screen '^  Rep 1 of 2' 2
	keys Space Space
	wait_screen '^pain \(0-10\):' 3
	keys 1 0 Enter
	wait_screen '^EXIT=0$' 10
	expect_screen '^logged clamshell 2x2/side pain=10 on 2026-11-26$'
	expect_screen 'stop'
	[ "$(last_line)" = "2026-11-26T07:30:00+01:00 clamshell 2x2/side pain=10" ] ||
		fail "log line '$(last_line)'"
}
t "tmux: switch sides, the rest countdown, a whole per-side session" \
    t_tmux_sides_rest

t_tmux_quit_and_interrupt() {
	command -v tmux >/dev/null || fail "tmux is not installed"
	program
	go_tmux HIPS_CLOCK_SCALE=50 -- bridge
	wait_screen '^  Rep 1 of 10'
	keys Space
	wait_screen '^  Rep 2 of 10' 3
	keys Space
	wait_screen '^  Rep 3 of 10' 3
	keys q
	wait_screen '^pain \(0-10\):' 3
	keys 1 Enter
	wait_screen '^EXIT=0$' 10
	expect_screen '^logged bridge 1x2 hold=2s pain=1 on 2026-11-26$'
	tmux -S "$SOCK" kill-server
	# Ctrl-C, then no: nothing logged.
	go_tmux HIPS_CLOCK_SCALE=50 -- bridge
	wait_screen '^  Rep 1 of 10'
	keys Space
	wait_screen '^  Rep 2 of 10' 3
	keys C-c
	wait_screen 'Log what was done so far\?' 3
	keys n
	wait_screen '^EXIT=130$' 10
	expect_screen 'interrupted: nothing logged'
	expect_commits 2
}
t "tmux: q finishes and logs; Ctrl-C then n logs nothing" \
    t_tmux_quit_and_interrupt

t_tmux_fits() {
	command -v tmux >/dev/null || fail "tmux is not installed"
	mkdir -p "$CONF"
	{
		printf '[bridge]\ntitle = Glute bridge\nunlock = start\n'
		printf 'how = %s\n' "$(printf 'word %.0s' $(seq 30))"
		for i in 1 2 3 4 5 6 7 8; do
			printf 'tip = Tip number %d, long enough to wrap: %s\n' \
			    "$i" "$(printf 'more %.0s' $(seq 12))"
		done
		printf 'step = bridge 2x10 hold=2s\n'
	} >"$CONF/program.ini"
	go_tmux --
	wait_screen '^  Rep 1 of 10'
	[ "$(screen | head -n 1)" = "hips go: Glute bridge, step 1 of 1" ] ||
		fail "the title is not on the first line: $(screen | head -n 1)"
	expect_screen '^  \(more: hips next EXERCISE\)$'
	expect_screen '^space/Enter: rep  p: pause'
	keys q
	wait_screen '^EXIT=0$' 5
	expect_screen '^Nothing done: nothing logged\.$'
}
t "tmux: long instructions are cut so that the screen fits 80x24" \
    t_tmux_fits

t_plain_step_howto() {
	mkdir -p "$CONF"
	cat >"$CONF/program.ini" <<-'EOF'
	[bridge]
	title = Glute bridge
	unlock = start
	how = Lie on your back, knees bent, feet flat, and lift your hips.
	step = bridge 2x10 hold=2s
	bridge.setup = On your back, heels under the knees.
	bridge.move = Press the heels down and lift the hips.
	bridge.feel = The buttocks, not the lower back.
	EOF
	run sh -c "{ printf '\n%.0s' \$(seq 20); echo 0; } |
	    HIPS_CLOCK_SCALE=200 $HIPS_BIN go bridge"
	expect_status 0
	expect_out_match '^  setup: +On your back, heels under the knees\.$'
	expect_out_match '^  movement: +Press the heels down and lift the hips\.$'
	expect_out_match '^  feel it: +The buttocks, not the lower back\.$'
	# The step's own instructions replace the ladder's how.
	if printf '%s\n' "$out" | grep -q 'Lie on your back'; then
		fail "the ladder's how is shown with the step's instructions"
	fi
	[ "$(printf '%s\n' "$out" | grep -n 'setup:' | cut -d: -f1)" -lt \
	    "$(printf '%s\n' "$out" | grep -n '^set 1 of' | cut -d: -f1)" ] ||
		fail "the instructions do not come before the first set"
}
t "the step's own instructions (setup, movement) come first" \
    t_plain_step_howto

t_tmux_step_howto_fits() {
	command -v tmux >/dev/null || fail "tmux is not installed"
	mkdir -p "$CONF"
	{
		printf '[bridge]\ntitle = Glute bridge\nunlock = start\n'
		printf 'step = bridge 2x10 hold=2s\n'
		printf 'bridge.setup = Setup %s\n' "$(printf 'word %.0s' $(seq 30))"
		for i in 1 2 3 4 5 6; do
			printf 'bridge.move = Move %d: %s\n' "$i" \
			    "$(printf 'more %.0s' $(seq 16))"
		done
	} >"$CONF/program.ini"
	go_tmux -- bridge
	wait_screen '^  Rep 1 of 10'
	[ "$(screen | head -n 1)" = "hips go: Glute bridge, step 1 of 1" ] ||
		fail "the title is not on the first line: $(screen | head -n 1)"
	expect_screen '^  setup: +Setup word'
	expect_screen '^  movement: +- Move 1: more'
	expect_screen '^  \(more: hips show EXERCISE\)$'
	expect_screen '^space/Enter: rep  p: pause'
	keys q
	wait_screen '^EXIT=0$' 5
}
t "tmux: the step's long instructions are cut to fit 80x24" \
    t_tmux_step_howto_fits

t_tmux_dumb() {
	command -v tmux >/dev/null || fail "tmux is not installed"
	go_tmux TERM=dumb HIPS_CLOCK_SCALE=100 --
	wait_screen '^Enter counts a rep'
	expect_screen '^set 1 of 2: 10 reps$'
	keys Enter
	wait_screen '^rep 1 of 10$' 3
	keys q Enter
	wait_screen '^pain \(0-10\):' 3
	keys 0 Enter
	wait_screen '^EXIT=0$' 10
	expect_screen '^logged bridge 1x1 hold=2s pain=0'
}
t "tmux with TERM=dumb: plain lines" t_tmux_dumb

done_testing
