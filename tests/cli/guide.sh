#!/bin/bash
# Guidance at the moment of need (issue 16): typos never reach the log,
# "did you mean", custom exercises and keys, dates, help and first run.
. "$(dirname "$0")/lib.sh"

t_typo_name() {
	hips log bridge 2x10 hold=2s >/dev/null 2>&1
	run hips log brige 3x10; expect_status 2; expect_one_line_err
	expect_err_match "^hips: unknown exercise 'brige': did you mean 'bridge'\?"
	expect_out_empty
	run hips log clam 2x10/side; expect_status 2
	expect_err_match "did you mean 'clamshell'\?"
	run hips log squat 3x10; expect_status 2; expect_one_line_err
	expect_err_match "^hips: unknown exercise 'squat' \(see 'hips program --names'"
	expect_commits 2
	[ "$(grep -c . "$DATA/log/2026-11.log")" -eq 1 ] || fail "a typo was written"
}
t "an unknown exercise exits 2 with did you mean, nothing written" t_typo_name

t_typo_key() {
	run hips log bridge 2x10 hodl=2s; expect_status 2; expect_one_line_err
	expect_err_match "^hips: unknown key 'hodl': did you mean 'hold'\?$"
	run hips log bridge 2x10 colour=red; expect_status 2
	expect_err_match "^hips: unknown key 'colour' \(keys: band, hold"
	expect_commits 0
	[ ! -e "$DATA" ] || fail "a refused entry created the data directory"
}
t "an unknown key exits 2 with did you mean, nothing written" t_typo_key

t_custom_flag() {
	run hips log --custom squat 3x10; expect_status 0
	expect_out_match '^logged squat 3x10'
	run hips log --custom squat 3x10 tempo=slow; expect_status 2
	expect_err_match "unknown key 'tempo'"
	run hips log --custom; expect_status 2
	expect_err_match "for recording"
	run hips next; expect_status 0; expect_out_nomatch squat
	expect_commits 2
}
t "log --custom records an exercise outside the program" t_custom_flag

t_custom_config() {
	mkdir -p "$CONF"
	printf '[exercises]\ncustom = squat walk\n[keys]\ncustom = tempo mood\n' \
		>"$CONF/config.ini"
	run hips log walk 1x20 mood=good; expect_status 0
	run hips log squat 3x10 tempo=slow; expect_status 0; expect_err_empty
	run hips log sqat 3x10; expect_status 2
	expect_err_match "did you mean 'squat'\?"
	run hips log walk 1x20 mod=good; expect_status 2
	expect_err_match "unknown key 'mod': did you mean 'mood'\?"
	run hips check; expect_status 0; expect_out_empty
	printf '[keys]\ncustom = hold\n' >"$CONF/config.ini"
	run hips check; expect_status 1
	expect_out_match "config.ini:2: 'hold' is a built-in key"
	printf '[exercises]\ncustom = skip\n' >"$CONF/config.ini"
	run hips check; expect_status 1
	expect_out_match "config.ini:2: 'skip' is reserved"
	printf '[exercises]\ncustom = Squat\n' >"$CONF/config.ini"
	run hips check; expect_status 1
	expect_out_match "config.ini:2: bad exercise name 'Squat'"
	printf '[exercises]\ncustom = walk walk\n' >"$CONF/config.ini"
	run hips log walk 1x20; expect_status 1
	expect_err_match "config.ini:2: 'walk' given twice"
}
t "custom exercises and keys declared in config.ini, validated by check" t_custom_config

t_check_notes() {
	hips log bridge 2x10 hold=2s >/dev/null 2>&1
	printf '2026-11-25T08:00:00+01:00 brige 3x10 hodl=2s\n' >>"$DATA/log/2026-11.log"
	git -C "$DATA" -c user.name=t -c user.email=t@t commit -qam "by hand"
	run hips check; expect_status 0
	expect_out_match "2026-11.log:2: note: exercise 'brige' is not in the program \(did you mean 'bridge'\?"
	expect_out_match "2026-11.log:2: note: unknown key 'hodl' \(did you mean 'hold'\?"
	run hips log -n 5; expect_status 0; expect_out_match 'brige 3x10 hodl=2s'
}
t "unknown names and keys in the log are read, and check notes them" t_check_notes

t_typo_command() {
	run hips nxet; expect_status 2; expect_one_line_err
	expect_err_match "^hips: unknown command 'nxet': did you mean 'next'\?"
	run hips lgo; expect_status 2
	expect_err_match "did you mean 'go' or 'log'\?"
	run hips streek; expect_status 2
	expect_err_match "did you mean 'streak'\?"
	run hips log --jsno; expect_status 2; expect_one_line_err
	expect_err_match "^hips: log: unknown option '--jsno': did you mean '--json'\?$"
	run hips streak --calender; expect_status 2
	expect_err_match "did you mean '--calendar'\?"
	run hips zzzzzz; expect_status 2; expect_err_match '^usage: hips'
}
t "an unknown command or option gets did you mean" t_typo_command

# HIPS_NOW is Thursday 2026-11-26 07:30 +01:00.
t_dates() {
	run hips log -d "yesterday 19:00" bridge 2x10 hold=2s; expect_status 0
	expect_out_match 'on 2026-11-25$'
	run hips log -d monday bridge 2x10 hold=2s; expect_status 0
	expect_out_match 'on 2026-11-23$'
	run hips log -d thursday bridge 2x10 hold=2s; expect_status 0
	expect_out_match 'on 2026-11-26$'
	run hips log -d "3 days ago" bridge 2x10 hold=2s; expect_status 0
	expect_out_match 'on 2026-11-23$'
	run hips log -d "2026-11-01 07:05" bridge 2x10 hold=2s; expect_status 0
	grep -q '^2026-11-25T19:00:00+01:00 bridge' "$DATA/log/2026-11.log" ||
		fail "yesterday 19:00"
	grep -q '^2026-11-23T07:30:00+01:00 bridge' "$DATA/log/2026-11.log" ||
		fail "monday"
	grep -q '^2026-11-01T07:05:00+01:00 bridge' "$DATA/log/2026-11.log" ||
		fail "2026-11-01 07:05"
	run hips log -d "today 08:00" bridge 2x10; expect_status 2
	expect_err_match "^hips: date 'today 08:00' is in the future$"
	run hips log -d someday bridge 2x10; expect_status 2; expect_one_line_err
	expect_err_match "^hips: bad date 'someday': not a date"
	run hips log -d "yesterday 25:00" bridge 2x10; expect_status 2
	expect_err_match "time of day out of range"
	expect_commits 6
}
t "-d takes weekdays, N days ago and a time of day" t_dates

t_skip_range() {
	run hips skip --from 2026-12-28 --to 2027-01-03 -m travel
	expect_status 0; expect_out "skipped 2026-12-28 to 2027-01-03 (7 days)"
	expect_commits 2
	[ "$(grep -c ' skip # travel$' "$DATA/log/2026-12.log")" -eq 4 ] ||
		fail "December lines"
	[ "$(grep -c ' skip # travel$' "$DATA/log/2027-01.log")" -eq 3 ] ||
		fail "January lines"
	git -C "$DATA" status --porcelain | grep -q . && fail "uncommitted"
	[ "$(git -C "$DATA" log -1 --format=%s)" = \
	    "skip: 2026-12-28 to 2027-01-03" ] || fail "subject"
	run hips skip --from monday --to yesterday; expect_status 0
	expect_out "skipped 2026-11-23 to 2026-11-25 (3 days)"
	run hips skip -d 2026-12-24; expect_status 0
	run hips check; expect_status 0; expect_out_empty
	run hips streak; expect_status 0
	expect_out_match '^current streak: 3 days \(today is still due\)$'
	expect_out_match '^planned skips:  8 days, 2026-12-24 to 2027-01-03$'
	HIPS_NOW=2026-12-21T09:00:00+01:00 run hips streak --calendar -w 1
	expect_status 0; expect_out_match '^Thu s$'; expect_out_match '^Wed$'
	run hips skip --from 2026-12-01 --to 2027-02-01; expect_status 2
	expect_err_match "more than 62 days ahead"
	run hips skip --from 2026-10-01 --to 2026-12-25; expect_status 2
	expect_err_match "^hips: skip: more than 62 days from --from to --to$"
	run hips skip --from 2026-12-10 --to 2026-12-01; expect_status 2
	expect_err_match "before --from"
	run hips skip --from 2026-12-10; expect_status 2
	expect_err_match "go together"
	run hips skip -d today --from today --to today; expect_status 2
	run hips log -d 2026-12-01 bridge 2x10; expect_status 2
	expect_err_match "in the future"
	run hips skip --from monday --to today pain=3; expect_status 2
	expect_err_match "^hips: skip: pain=N is for one day, not --from and --to$"
	expect_commits 4
	# A line left uncommitted elsewhere: a commit of its own, first.
	echo '2026-11-02T08:00:00+01:00 skip' >>"$DATA/log/2026-11.log"
	run hips skip --from 2026-12-30 --to 2027-01-05; expect_status 0
	expect_commits 6
	[ "$(git -C "$DATA" log -1 --format=%s)" = \
	    "skip: 2026-12-30 to 2027-01-05" ] || fail "range subject"
	if git -C "$DATA" show --stat --format= HEAD | grep -q 2026-11; then
		fail "the leftover line is in the range's commit"
	fi
	[ "$(git -C "$DATA" log -1 --skip=1 --format=%s)" != \
	    "skip: 2026-12-30 to 2027-01-05" ] || fail "leftover commit"
}
t "skip --from --to: planned days, one commit, in streak and calendar" t_skip_range

t_first_write() {
	run hips log bridge 2x10 hold=2s; expect_status 0; expect_one_line_err
	expect_err_match "^hips: created the data repository in $DATA\$"
	run hips log bridge 2x10 hold=2s; expect_status 0; expect_err_empty
	rm -rf "$DATA"
	run hips skip --from monday --to today; expect_status 0
	expect_err_match "^hips: created the data repository in $DATA\$"
	rm -rf "$DATA"
	run hips init; expect_status 0; expect_err_empty
	HIPS_DIR="$T/d" run hips skip; expect_status 0
	expect_err_match "^hips: created the data repository in $T/d\$"
	run hips log brige 2x10; expect_status 2
	expect_err_match "unknown exercise"
}
t "the first write says where the data lives" t_first_write

t_cues_contexts() {
	local i seen
	run hips cues -c stairs -c desk --list; expect_status 0
	expect_out_match '^stairs$'; expect_out_match '^desk$'
	expect_out_nomatch '^lifting$'
	# Every cue of both contexts once per cycle, and only those.
	for i in 1 2 3 4 5 6 7 8 9 10; do
		hips cues -c desk -c stairs
	done >"$T/seen"
	seen=$(sort -u "$T/seen" | wc -l)
	[ "$seen" -eq 10 ] || fail "$seen different cues in a cycle of 10"
	hips cues -c stairs --list | sed -n 's/^  //p' >"$T/stairs"
	hips cues -c desk --list | sed -n 's/^  //p' >>"$T/stairs"
	sort -u "$T/seen" | cmp -s - <(sort -u "$T/stairs") || fail "not the cues of both"
	run hips cues -c stairs -c nope; expect_status 2
	expect_err_match "unknown context 'nope'"
	run hips cues --daily -c stairs -c desk; expect_status 0
	run hips cues --list -c stairs; expect_status 0
	expect_out_match '^  Going up the stairs, let the glute'
}
t "repeated -c combines the contexts; cues name their context" t_cues_contexts

done_testing
