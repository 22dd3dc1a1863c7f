#!/bin/bash
# hips undo takes back the last command that logged: every line its
# commit added (a skip range, both sides of hips go, an import), in one
# new commit.  After a killed write, the line the killed hips appended
# (its commit never made) is the newest entry: undo takes it back, never
# the entry before it.
. "$(dirname "$0")/lib.sh"

L=log/2026-11.log

# A hips log killed between its append and its commit, then hips undo.
t_undo_recovered() {
	hips log bridge 2x10 -m one >/dev/null || fail "first"
	echo "2026-11-26T07:00:00+01:00 bridge 2x11 # killed" >>"$DATA/$L"
	run hips undo; expect_status 0
	expect_out_match '^removed: .*# killed$'
	expect_err_match 'committed on its own an entry found uncommitted'
	git -C "$DATA" log -3 --format=%s >"$T/subjects"
	printf '%s\n' 'undo: bridge 2x11 (recovered)' \
		'log: bridge 2x11 (recovered)' 'log: bridge 2x10' >"$T/want"
	cmp -s "$T/want" "$T/subjects" || fail "commits: $(cat "$T/subjects")"
	git -C "$DATA" show HEAD:$L >"$T/head"
	grep -q '# one$' "$T/head" || fail "undo removed the entry before"
	grep -q '# killed$' "$T/head" && fail "the recovered line stayed"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "not clean"
	run hips undo; expect_status 0; expect_out_match '# one$'
	return 0
}
t "undo after a killed log takes back the recovered line" t_undo_recovered

# The same with a real kill: SIGKILL at the rename that puts the line in
# place, before the commit (the fault shim of faults.sh).
t_undo_killed() {
	local shim=$TOP/${HIPS_BUILD:-build/std}/tests/faultinject.so
	[ -e "$shim" ] || { echo "# no $shim"; return 1; }
	hips log bridge 2x10 -m one >/dev/null || fail "first"
	run env HIPS_FAULT=none HIPS_FAULT_RAISE=rename:1 HIPS_FAULT_SIGNO=9 \
	    LD_PRELOAD="$shim" "$HIPS_BIN" log bridge 3x10 -m killed
	expect_status 137
	grep -q '# killed$' "$DATA/$L" || fail "the killed hips left no line"
	git -C "$DATA" show HEAD:$L | grep -q '# killed$' && fail "committed"
	run hips undo; expect_status 0
	expect_out_match '^removed: .*# killed$'
	git -C "$DATA" show HEAD:$L >"$T/head"
	grep -q '# one$' "$T/head" || fail "undo removed the entry before"
	grep -q '# killed$' "$T/head" && fail "the recovered line stayed"
	[ "$(git -C "$DATA" log -2 --format=%s | tail -n 1)" = \
	    "log: bridge 3x10 (recovered)" ] || fail "no recovered commit"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "not clean"
}
t "undo after a hips log killed -9 before its commit" t_undo_killed

# The same with a killed skip: its recovered commit is an entry too.
t_undo_recovered_skip() {
	hips log bridge 2x10 -m one >/dev/null || fail "first"
	hips skip >/dev/null || fail "skip"
	line=$(tail -n 1 "$DATA/$L")
	hips undo >/dev/null || fail "undo skip"
	echo "$line" >>"$DATA/$L"
	run hips undo; expect_status 0
	expect_out "removed: $line"
	git -C "$DATA" log -2 --format=%s >"$T/subjects"
	printf '%s\n' 'undo: skip (recovered)' 'skip (recovered)' >"$T/want"
	cmp -s "$T/want" "$T/subjects" || fail "commits: $(cat "$T/subjects")"
	git -C "$DATA" show HEAD:$L | grep -q '# one$' ||
		fail "undo removed the entry before"
	[ "$(git -C "$DATA" show HEAD:$L | grep -c .)" -eq 1 ] ||
		fail "lines left: $(git -C "$DATA" show HEAD:$L)"
	return 0
}
t "undo after a killed skip takes back the recovered skip" t_undo_recovered_skip

# The lines of file f (none: 0).
nlines() {
	git -C "$DATA" show "HEAD:$1" 2>/dev/null | grep -c . || true
}

# One skip --from --to commit: one undo takes back all its days.
t_undo_skip_range() {
	hips log -d 2026-11-19 bridge 2x10 -m before >/dev/null || fail "log"
	hips skip --from 2026-11-20 --to 2026-11-22 >/dev/null || fail "skip"
	[ "$(nlines $L)" -eq 4 ] || fail "skip wrote $(nlines $L) lines"
	run hips undo; expect_status 0
	expect_out_match '^removed 3 lines \(skip: 2026-11-20 to 2026-11-22\):$'
	[ "$(grep -c '^removed: .* skip$' "$T/.out")" -eq 3 ] ||
		fail "output: $(cat "$T/.out")"
	git -C "$DATA" show HEAD:$L >"$T/head"
	grep -q skip "$T/head" && fail "a skip line stayed: $(cat "$T/head")"
	grep -q '# before$' "$T/head" || fail "the entry before went"
	[ "$(git -C "$DATA" log -1 --format=%s)" = \
	    "undo: skip: 2026-11-20 to 2026-11-22 (3 lines)" ] ||
		fail "subject: $(git -C "$DATA" log -1 --format=%s)"
	[ "$(git -C "$DATA" log -1 --format=%b | grep -c ' skip$')" -eq 3 ] ||
		fail "the body does not record the lines"
	[ "$(git -C "$DATA" diff HEAD^ HEAD | grep -c '^-[0-9]')" -eq 3 ] ||
		fail "the undo commit does not remove 3 lines"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "not clean"
	# The next undo: the entry before, then nothing.
	run hips undo; expect_status 0; expect_out_match '^removed: .*# before$'
	run hips undo; expect_status 1; expect_err_match 'nothing to undo'
	run hips check; expect_status 0
}
t "undo takes back a whole skip range" t_undo_skip_range

# A range over two months: one commit, both files.
t_undo_skip_months() {
	hips skip --from 2026-10-30 --to 2026-11-02 >/dev/null || fail "skip"
	run hips undo; expect_status 0
	expect_out_match '^removed 4 lines'
	[ "$(nlines log/2026-10.log)" -eq 0 ] || fail "October kept lines"
	[ "$(nlines $L)" -eq 0 ] || fail "November kept lines"
	[ "$(git -C "$DATA" diff --stat HEAD^ HEAD | grep -c '|')" -eq 2 ] ||
		fail "not both files in the undo commit"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "not clean"
}
t "undo of a skip range over two months: both files, one commit" t_undo_skip_months

# hips go with uneven sides commits a line per side: undo takes both.
t_undo_go_sides() {
	mkdir -p "$CONF"
	printf '%s\n' '[bridge]' 'title = Glute bridge' 'unlock = start' \
	    'step = bridge 3x10' '[clamshell]' 'title = Clamshell' \
	    'unlock = start' 'step = clamshell 2x2/side' >"$CONF/program.ini"
	hips log bridge 2x10 -m before >/dev/null || fail "log"
	run sh -c "{ printf '\n%.0s' \$(seq 6); echo q; echo 1; } |
	    HIPS_CLOCK_SCALE=500 $HIPS_BIN go clamshell"
	expect_status 0
	git -C "$DATA" log -1 --format=%s | grep -q 'side=left, .*side=right' ||
		fail "go did not log both sides: $(git -C "$DATA" log -1 --format=%s)"
	run hips undo; expect_status 0
	expect_out_match '^removed 2 lines'
	expect_out_match '^removed: .*side=left pain=1$'
	expect_out_match '^removed: .*side=right pain=1$'
	git -C "$DATA" show HEAD:$L >"$T/head"
	grep -q 'side=' "$T/head" && fail "a side stayed: $(cat "$T/head")"
	grep -q '# before$' "$T/head" || fail "the entry before went"
}
t "undo takes back both sides logged by go" t_undo_go_sides

# An import: undo takes back all of it and says how many lines.
t_undo_import() {
	hips log bridge 2x10 -m before >/dev/null || fail "log"
	{
		echo date,time,zone,kind,exercise,sets,reps,seconds,per_side,side,hold,band,load,pain,rpe,other,note
		for d in 01 02 03 04 05 06 07 08 09 10 11 12; do
			echo "2026-10-$d,08:00:00,+02:00,session,bridge,3,10,,,,,,,,,,"
		done
	} >"$T/in.csv"
	run hips import csv "$T/in.csv"; expect_status 0
	expect_out "imported 12 entries from $T/in.csv"
	run hips undo; expect_status 0
	expect_out_match '^removed 12 lines \(import csv: 12 entries from in.csv\):$'
	expect_out_match '^\.\.\. and 2 more$'
	[ "$(nlines log/2026-10.log)" -eq 0 ] ||
		fail "imported lines stayed: $(nlines log/2026-10.log)"
	git -C "$DATA" show HEAD:$L | grep -q '# before$' ||
		fail "the entry before went"
	[ "$(git -C "$DATA" log -1 --format=%s)" = \
	    "undo: import csv: 12 entries from in.csv (12 lines)" ] ||
		fail "subject: $(git -C "$DATA" log -1 --format=%s)"
	run hips undo; expect_status 0; expect_out_match '^removed: .*# before$'
}
t "undo takes back a whole import" t_undo_import

done_testing
