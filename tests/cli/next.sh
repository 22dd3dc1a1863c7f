#!/bin/bash
# hips next and hips program: the progression, end to end, with HIPS_NOW
# and backdated `hips log -d`.
. "$(dirname "$0")/lib.sh"

# Valid JSON, when a JSON tool is at hand.
expect_json() {
	if command -v jq >/dev/null 2>&1; then
		printf '%s\n' "$out" | jq -e . >/dev/null || fail "not JSON"
	elif command -v python3 >/dev/null 2>&1; then
		printf '%s\n' "$out" | python3 -m json.tool >/dev/null ||
			fail "not JSON"
	fi
}

t_empty() {
	run hips next; expect_status 0; expect_err_empty
	expect_out_match '^No sessions in the log yet\. Start with one exercise, practised well:$'
	expect_out_match '^Glute bridge: bridge 2x10 hold=2s \(step 1 of 10\), due today$'
	expect_out_match '^  setup: +On your back'
	expect_out_match 'Hold 2 s at the top'
	expect_out_match 'Move your feet closer to your body'
	expect_out_match '^  then: hips log bridge 2x10 hold=2s$'
	expect_out_nomatch 'Clamshell'
	[ ! -e "$DATA" ] || fail "next created the data directory"
	run hips next --json; expect_status 0; expect_json
	expect_out_match '"started":false'
	expect_out_match '"decision":"start"'
}
t "with no log, next says to start with glute bridges, and how" t_empty

t_progress() {
	run hips log -d 2026-11-23 bridge 2x10 hold=2s; expect_status 0
	run hips next; expect_status 0
	expect_out_match '^Glute bridge: bridge 2x10 hold=2s \(step 1 of 10\), due today$'
	expect_out_match '^  1 of 2 clean sessions at this step$'
	expect_out_match '^Clamshell: locked, unlocks when bridge reaches step 5 \(now step 1\)$'
	run hips log -d 2026-11-25 bridge 2x10 hold=2s pain=1; expect_status 0
	run hips next --why; expect_status 0
	expect_out_match '^Glute bridge: bridge 2x12 hold=2s \(step 2 of 10\), due today$'
	expect_out_match '^  moved up yesterday after 2 clean sessions at bridge 2x10 hold=2s$'
	expect_out_match '^  yesterday: 2 of 2 clean sessions at bridge 2x10 hold=2s: move up to bridge 2x12 hold=2s$'
	expect_out_match '^  today: 1 day since last time'
	run hips log bridge 3x12 hold=2s; expect_status 0
	run hips next bridge; expect_status 0
	expect_out_match '^Glute bridge: done today; next time bridge 2x12 hold=2s \(step 2 of 10\)$'
	expect_out_match '^  1 of 2 clean sessions at this step$'
	# A started ladder still says how to do its step (hips.1).
	expect_out_match '^  setup: +On your back'
	expect_out_match '^  mistakes: '
	run hips next; expect_status 0
	expect_out_nomatch 'setup:'
	# A variation's name finds its ladder.
	run hips next single-leg-bridge; expect_status 0
	expect_out_match '^Glute bridge: done today'
	run hips next --json bridge; expect_status 0; expect_json
	expect_out_match '"ladder":"bridge"'
	expect_out_match '"step":2,"steps":10'
	expect_out_match '"done_today":true'
	expect_out_match '"why":\["'
	expect_out_nomatch '"ladder":"clamshell"'
}
t "next follows the log: clean sessions move a step up" t_progress

t_unlock() {
	local d
	for d in 16 17 18 19 20 21 22 23; do
		run hips log -d 2026-11-$d bridge 3x15 hold=2s; expect_status 0
	done
	run hips next; expect_status 0
	expect_out_match '^Glute bridge: bridge 3x15 hold=2s \(step 5 of 10\), due today$'
	expect_out_match '^Clamshell: clamshell 2x10/side hold=2s \(step 1 of 8\), due today$'
	expect_out_match '^  new: unlocked 2026-11-23 when bridge reached step 5$'
	expect_out_match '^  setup: +On your side'
	expect_out_match '^Hip hinge: locked, unlocks when clamshell reaches step 6'
	run hips next hinge; expect_status 0
	expect_out_match '^Hip hinge: wall-hinge 2x8 \(step 1 of 9\), locked$'
	expect_out_match 'car door'
}
t "clamshells unlock when bridges reach step 5 (bridge 3x15)" t_unlock

t_gap_and_skip() {
	run hips log -d 2026-11-01 bridge 2x10 hold=2s; expect_status 0
	run hips log -d 2026-11-02 bridge 2x10 hold=2s; expect_status 0
	run hips log -d 2026-11-03 bridge 3x12 hold=2s; expect_status 0
	# 23 days away: one step back.
	run hips next; expect_status 0
	expect_out_match '^Glute bridge: bridge 2x10 hold=2s \(step 1 of 10\), due today$'
	expect_out_match '^  23 days since last time: one step back$'
	# Eleven of them were skip days: 12 days, repeat the step.
	for d in 04 05 06 07 08 09 10 11 12 13 14; do
		run hips skip -d 2026-11-$d; expect_status 0
	done
	run hips next; expect_status 0
	expect_out_match '^Glute bridge: bridge 2x12 hold=2s \(step 2 of 10\), due today$'
	expect_out_match '^  12 days since last time \(11 skip days not counted\): repeat this step$'
	run hips skip; expect_status 0
	run hips next; expect_status 0
	expect_out_match '^Glute bridge: rest day; next time bridge 2x12 hold=2s'
}
t "gaps step back, skip days are not counted, a skip today is a rest day" t_gap_and_skip

t_pain() {
	run hips log -d 2026-11-20 bridge 2x10 hold=2s pain=6; expect_status 0
	run hips log -d 2026-11-25 bridge 2x10 hold=2s pain=7; expect_status 0
	run hips next; expect_status 0
	expect_out_match '^Progression is paused: pain 6 or more on 2026-11-20 and yesterday, within 14 days\.$'
	expect_out_match '^Glute bridge: rest, or only what is pain-free; next time '
	expect_out_match 'see a clinician about this pain \(hips is not medical advice\)'
	expect_out_match '^The pause lifts on 2026-12-04, 14 days after 2026-11-20$'
	expect_out_match '^  pain 7 last time \(6 or more\): stay at step 1$'
	run hips next --json; expect_status 0; expect_json
	expect_out_match '"paused":true'
	expect_out_match '"reason":"pain 6 or more'
	expect_out_match '"rules":\["repeat"\]'
	expect_out_match '"lifts_on":"2026-12-04"'
	expect_out_match '"due":false,"status":"paused"'
}
t "repeated high pain pauses progression and advises a clinician" t_pain

t_not_in_program() {
	run hips log squat 3x10; expect_status 2
	expect_err_match "^hips: unknown exercise 'squat'"
	run hips log --custom squat 3x10; expect_status 0
	expect_out_match '^logged squat 3x10'
	expect_err_match '^hips: created the data repository in '; expect_one_line_err
	expect_commits 2
	run hips log bridge 2x10 hold=2s; expect_status 0; expect_err_empty
	run hips next; expect_status 0
	expect_out_nomatch squat
	expect_out_match '^  1 of 2 clean sessions at this step$'
}
t "log takes exercises not in the program with --custom; next ignores them" t_not_in_program

t_user_program() {
	mkdir -p "$CONF"
	cat >"$CONF/program.ini" <<-'EOF'
	[rules]
	advance_after = 1
	[squat]
	title = Squat
	step = box-squat 2x8
	step = squat 3x10
	EOF
	run hips program --names; expect_status 0; expect_out "box-squat
squat"
	run hips program; expect_status 0
	expect_out_match "^program: $CONF/program.ini$"
	expect_out_match '^Squat \[squat\], from the start$'
	expect_out_match '^   2\. squat 3x10$'
	run hips log -d yesterday box-squat 2x8; expect_status 0
	expect_one_line_err
	run hips log bridge 3x10; expect_status 2
	expect_err_match "unknown exercise 'bridge'"
	run hips log --custom bridge 3x10; expect_status 0
	run hips next; expect_status 0
	expect_out "Squat: squat 3x10 (step 2 of 2), due today
  moved up yesterday after 1 clean sessions at box-squat 2x8"
	run hips next bridge; expect_status 2; expect_one_line_err
	expect_err_match "no exercise 'bridge' in the program"
	# XDG_CONFIG_HOME wins over ~/.config.
	mkdir -p "$T/xdg/hips"
	printf '[plank]\nstep = plank 3x30s\n' >"$T/xdg/hips/program.ini"
	XDG_CONFIG_HOME="$T/xdg" run hips program --names
	expect_status 0; expect_out plank
}
t "a user's program.ini replaces the built-in program" t_user_program

t_bad_program() {
	mkdir -p "$CONF"
	printf '[rules]\nhold_pain = 4\n[bridge]\nstep = bridge 3y10\n' \
		>"$CONF/program.ini"
	run hips next; expect_status 1; expect_out_empty; expect_one_line_err
	expect_err_match "^hips: $CONF/program.ini:4: bad dose '3y10'"
	run hips program; expect_status 1
	expect_err_match "program.ini:4: bad dose"
	run hips program --names; expect_status 1
	# Logging needs the program to catch typos; --custom does without.
	run hips log bridge 3x10; expect_status 1; expect_one_line_err
	expect_err_match "program.ini:4: bad dose '3y10'.*the entry is not logged"
	expect_commits 0
	run hips log --custom bridge 3x10; expect_status 0
	expect_commits 2
	printf '[a]\nstep = a 1x1\n[b]\nunlock = c:2\nstep = b 1x1\n' \
		>"$CONF/program.ini"
	run hips next; expect_status 1
	expect_err_match "program.ini:4: unlock 'c:2': no ladder \[c\]"
	printf '[a]\nstep = a 1x1\ntip = %0250d\n' 0 >"$CONF/program.ini"
	run hips next; expect_status 1
	expect_err_match "program.ini:3: line longer than"
	printf '[a]\nstep = a 1x1\n\0\n' >"$CONF/program.ini"
	run hips next; expect_status 1
	expect_err_match "program.ini:3: NUL byte"
	mkdir "$CONF/x"; rm "$CONF/program.ini"; mkdir "$CONF/program.ini"
	run hips next; expect_status 1; expect_one_line_err
}
t "a malformed program.ini gives file:line and exit 1, never a crash" t_bad_program

t_usage() {
	run hips next a b; expect_status 2; expect_err_match 'too many operands'
	run hips next --bogus; expect_status 2
	run hips next nosuch; expect_status 2
	expect_err_match "no exercise 'nosuch' in the program"
	run hips program extra; expect_status 2
	run hips next -h; expect_status 0
	[ "$(printf '%s\n' "$out" | head -n 1)" = \
	    'usage: hips next [--why] [--json] [EXERCISE]' ] || fail "usage line"
	run hips program -h; expect_status 0
	expect_out_match '^usage: hips program \[--names \| --ladders \| --custom \| --keys\]$'
	run hips program --ladders; expect_status 0
	expect_out "$(printf '%s\n' bridge clamshell hinge)"
	run hips program --names --ladders; expect_status 2
	HIPS_NOW=bogus run hips program --names; expect_status 0
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 13 ] || fail "13 names"
	expect_out_match '^side-plank-clam$'
	[ "$(printf '%s\n' "$out" | sort -u | wc -l)" -eq 13 ] ||
		fail "names repeat"
}
t "usage errors exit 2; program --names lists every exercise once" t_usage

t_read_only() {
	run hips log -d yesterday bridge 2x10 hold=2s; expect_status 0
	local head
	head=$(git -C "$DATA" rev-parse HEAD)
	LD_DEBUG=libs hips next >/dev/null 2>"$T/ld"
	grep -q 'libgit2' "$T/ld" && fail "next loaded libgit2"
	LD_DEBUG=libs hips program >/dev/null 2>"$T/ld"
	grep -q 'libgit2' "$T/ld" && fail "program loaded libgit2"
	LD_DEBUG=libs hips log bridge 2x10 >/dev/null 2>"$T/ld"
	grep -q 'libgit2' "$T/ld" || fail "the check cannot see libgit2 loading"
	git -C "$DATA" reset -q --hard "$head"
	chmod -R a-w "$DATA"
	run hips next; expect_status 0
	chmod -R u+w "$DATA"
	[ "$(git -C "$DATA" rev-parse HEAD)" = "$head" ] || fail "next wrote"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "next changed files"
	run hips -C "$DATA" next; expect_status 0
	expect_out_match '1 of 2 clean'
}
t "next and program only read, and never load libgit2" t_read_only

t_bad_lines() {
	run hips log -d yesterday bridge 2x10 hold=2s; expect_status 0
	# A union merge leaves lines out of order; a hand edit breaks one.
	{
		echo "2026-11-24T07:00:00+01:00 bridge 2x10 hold=2s"
		echo "2026-11-24T08:00:00+01:00 bridge 3x"
	} >>"$DATA/log/2026-11.log"
	run hips next; expect_status 1
	expect_err_match 'log/2026-11.log:3: '
	expect_err_match '1 malformed line'
	expect_out_match '^Glute bridge: bridge 2x12 hold=2s \(step 2 of 10\)'
}
t "unsorted lines count; a malformed line is reported with file:line" t_bad_lines

t_ten_years() {
	mkdir -p "$DATA/log"
	# 3 sessions a day for ten years, straight into the month files.
	awk 'BEGIN {
		split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
		for (y = 2016; y <= 2026; y++) for (m = 1; m <= 12; m++) {
			f = sprintf("'"$DATA"'/log/%04d-%02d.log", y, m)
			n = ml[m]; if (m == 2 && y % 4 == 0) n = 29
			for (d = 1; d <= n; d++) {
				if (y == 2026 && m == 11 && d > 25) break
				ts = sprintf("%04d-%02d-%02dT07:%%02d:00+01:00", y, m, d)
				printf(ts " single-leg-bridge 3x12/side hold=2s\n", 1) >f
				printf(ts " side-plank-clam 3x8/side hold=3s pain=1\n", 2) >f
				printf(ts " single-leg-hinge 3x8/side # ok\n", 3) >f
			}
			close(f)
		}
	}'
	local start end
	start=$(date +%s%N)
	run hips next; expect_status 0
	end=$(date +%s%N)
	echo "# ten years: $(( (end - start) / 1000000 )) ms"
	# The top steps are due 3 days a week: done yesterday, not today.
	expect_out_match '^Glute bridge: single-leg-bridge 3x12/side hold=2s \(step 10 of 10\), not due today$'
	expect_out_match '^  top of the ladder'
	expect_out_match '^  this step is due 3 days a week: done '
	expect_out_match '^Hip hinge: single-leg-hinge 3x8/side \(step 9 of 9\)'
	[ $(( (end - start) / 1000000 )) -lt 2000 ] || fail "too slow"
}
t "ten years of daily entries" t_ten_years

done_testing
