#!/bin/bash
# hips check: every kind of problem is reported as file:line, good data
# gives silence and exit 0, and check never writes nor loads libgit2.
. "$(dirname "$0")/lib.sh"

L="log/2026-11.log"

t_good() {
	run hips check; expect_status 0; expect_out_empty; expect_err_empty
	hips log -d 2026-10-03 bridge 3x10 >/dev/null
	hips log bridge 3x12 pain=1 -m "fine" >/dev/null
	hips skip -d 2026-11-20 >/dev/null
	mkdir -p "$CONF"
	printf '[user]\nname = Ada\n[streak]\ntarget = 3/week\n' >"$CONF/config.ini"
	git -C "$DATA" status --porcelain >/dev/null
	touch "$T/before"
	run hips check; expect_status 0; expect_out_empty; expect_err_empty
	find "$DATA" -newer "$T/before" >"$T/newer"
	[ ! -s "$T/newer" ] || fail "check wrote: $(cat "$T/newer")"
	LD_DEBUG=libs hips check >/dev/null 2>"$T/ld"
	grep -q libgit2 "$T/ld" && fail "check loaded libgit2"
	return 0
}
t "good data: silence, exit 0, nothing written, no libgit2" t_good

t_lines() {
	hips log bridge 3x12 >/dev/null
	cat >>"$DATA/$L" <<'EOF'
garbage
2026-11-21T08:00:00 bridge 3x10
2026-10-21T08:00:00+01:00 bridge 3x10
2026-11-21T08:00:00+01:00 bridge 3x10
2026-11-21T08:00:00+01:00 bridge 3x10
EOF
	printf '2026-11-22T08:00:00+01:00 bridge 3x10\r\n' >>"$DATA/$L"
	printf '2026-11-23T08:00' >>"$DATA/$L"
	run hips check; expect_status 1
	expect_out_match "$L:2: bad timestamp 'garbage'"
	expect_out_match "$L:3: bad timestamp"
	expect_out_match "$L:4: an entry of 2026-10 in the file of 2026-11"
	expect_out_match "$L:6: the same entry as line 5"
	expect_out_match "$L:7: carriage return"
	expect_out_match "$L:8: torn last line"
	expect_out_match "$L: changed since the last commit"
	expect_err_match '^hips: [0-9]+ problems found$'
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 8 ] || fail "not 8 problems"
}
t "bad, misplaced, doubled, CRLF and torn lines, and uncommitted changes" t_lines

t_files() {
	hips log bridge 3x12 >/dev/null
	echo '2026-11-21T08:00:00+01:00 bridge 3x10' >"$DATA/log/notes.log"
	: >"$DATA/log/.2026-11.log.hips-tmp"
	: >"$DATA/.gitattributes.hips-tmp"
	git -C "$DATA" rm -q --cached "$L"
	git -C "$DATA" -c user.name=a -c user.email=b commit -qm gone
	echo '2026-12-01T08:00:00+01:00 bridge 3x10' >"$DATA/log/2026-12.log"
	hips log -d 2026-10-01 bridge 3x12 >/dev/null 2>&1
	rm "$DATA/log/2026-10.log"
	run hips check; expect_status 1
	expect_out_match "log/notes.log: not a month file"
	expect_out_match "log/\.2026-11\.log\.hips-tmp: temporary file"
	expect_out_match "hips/\.gitattributes\.hips-tmp: temporary file"
	expect_out_match "log/2026-10.log: deleted, but still in the last commit"
	expect_out_nomatch "2026-12.log"
}
t "odd file names, temporary files, deleted and uncommitted files" t_files

t_index_only_stat() {
	# A file touched but unchanged is not a change.
	hips log bridge 3x12 >/dev/null
	touch -d '2020-01-01' "$DATA/$L"
	run hips check; expect_status 0; expect_out_empty
	# Same size and time, other bytes: the stat data cannot see it.
	sed -i 's/3x12/3x13/' "$DATA/$L"
	run hips check; expect_status 1
	expect_out_match "$L: changed since the last commit"
}
t "uncommitted changes: stat data first, then the blob id" t_index_only_stat

t_locks() {
	hips log bridge 3x12 >/dev/null
	: >"$DATA/.git/index.lock"
	run hips check; expect_status 0	# young: a live git may hold it
	touch -d '-20 minutes' "$DATA/.git/index.lock"
	: >"$DATA/.git/refs/heads/main.lock"
	touch -d '-3 hours' "$DATA/.git/refs/heads/main.lock"
	run hips check; expect_status 1
	expect_out_match '\.git/index\.lock: stale git lock, 20 minutes old'
	expect_out_match '\.git/refs/heads/main\.lock: stale git lock, 180 minutes old'
	rm "$DATA/.git/index.lock" "$DATA/.git/refs/heads/main.lock"
	# A hips killed mid-write: its record names the git lock it made.
	: >"$DATA/.git/index.lock"
	printf '4242 %s\nlock %s %s\n' "$(date +%s)" \
		"$(stat -c '%d %i' "$DATA/.git/index.lock")" \
		"$DATA/.git/index.lock" >"$DATA/.git/hips.lock"
	run hips check; expect_status 1
	expect_out_match 'index\.lock: git lock left by a hips that was killed \(pid 4242'
	# The next write removes it.
	run hips log bridge 3x10; expect_status 0
	expect_err_match "removed '.*index.lock' left by a hips that was killed"
	run hips check; expect_status 0; expect_out_empty
	# A young lock the record does not name is nobody's yet.
	: >"$DATA/.git/refs/heads/main.lock"
	printf '4242 %s\n' "$(date +%s)" >"$DATA/.git/hips.lock"
	run hips check; expect_status 0; expect_out_empty
	rm "$DATA/.git/refs/heads/main.lock"
}
t "stale git locks and locks left by a killed hips" t_locks

t_locks_while_writing() {
	hips log bridge 3x12 >/dev/null
	: >"$DATA/.git/index.lock"
	touch -d '-20 minutes' "$DATA/.git/index.lock"
	# Somebody holds the writer lock: nothing is stale then, and what
	# a write leaves halfway is not a problem.  check waits a little,
	# then says what it could not check.
	echo "2026-11-26T08:00:00+01:00 bridge 3x10" >>"$DATA/$L"
	flock "$DATA/.git/hips.lock" $HIPS_WRAP "$HIPS_BIN" check >"$T/o" 2>"$T/e" ||
		fail "check failed while a writer holds the lock: $(cat "$T/o" "$T/e")"
	[ ! -s "$T/o" ] || fail "reported: $(cat "$T/o")"
	grep -q 'a write is in progress .*not checked' "$T/e" ||
		fail "did not say so: $(cat "$T/e")"
	# A write that ends within the wait: check waits for it.
	rm "$DATA/.git/index.lock"
	flock "$DATA/.git/hips.lock" sh -c 'sleep 1; git -C "$0" -c user.name=w \
		-c user.email=w@x commit -qam w' "$DATA" &
	sleep 0.3
	run hips check
	wait
	expect_status 0; expect_out_empty; expect_err_empty
}
t "no lock is stale, and nothing half done, while a hips writes" t_locks_while_writing

t_ini() {
	mkdir -p "$CONF"
	printf '[user]\nname = Ada\nnick = A\n' >"$CONF/config.ini"
	run hips check; expect_status 1
	expect_out_match "config.ini:3: unknown key 'nick' in \[user\]"
	printf '[streak]\ntarget = 9/week\n' >"$CONF/config.ini"
	run hips check; expect_status 1
	expect_out_match "config.ini:2: bad target '9/week'"
	rm "$CONF/config.ini"
	printf '[rules]\nbogus = 1\n' >"$CONF/program.ini"
	printf '[sitting]\ncue = fine\ngarbage line\n' >"$CONF/cues.ini"
	run hips check; expect_status 1
	expect_out_match "program.ini:2: unknown key 'bogus' in \[rules\]"
	expect_out_match "cues.ini:3: expected 'KEY = VALUE'"
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || fail "not 2 problems"
	hips cues --dump >"$CONF/cues.ini" || fail "cues --dump"
	rm "$CONF/program.ini"
	run hips check; expect_status 0; expect_out_empty
}
t "config.ini, program.ini and cues.ini problems as file:line" t_ini

t_escapes() {
	mkdir -p "$DATA/log"
	printf '\033]0;owned\007 \033[2J\n' >"$DATA/$L"
	run hips check; expect_status 1
	printf '%s' "$out" | grep -q "$(printf '\033')" && fail "escape reached stdout"
	expect_out_match '\\x1b'
}
t "check shows no terminal escapes from data" t_escapes

t_usage() {
	run hips check extra; expect_status 2; expect_err_match "unexpected 'extra'"
	run hips check -x; expect_status 2
	HIPS_NOW=bad run hips check; expect_status 0
}
t "check usage" t_usage

done_testing
