#!/bin/bash
# hips log, skip, undo, init: the base of the data repository.
. "$(dirname "$0")/lib.sh"

t_version() {
	run hips --version; expect_status 0; expect_out "hips 0.1.0"
	run hips -V; expect_status 0; expect_out "hips 0.1.0"
}
t "--version and -V print the version" t_version

t_help() {
	run hips help; expect_status 0; expect_out_match '^usage: hips'
	expect_out_match 'log +record a session'
	run hips -h; expect_status 0; expect_out_match '^usage: hips'
	run hips help log; expect_status 0; expect_out_match '^usage: hips log'
	run hips help --commands; expect_status 0; expect_out_match '^log$'
	run hips help nosuch; expect_status 2
	[ ! -e "$DATA" ] || fail "help created the data directory"
}
t "help lists commands and shows usage" t_help

t_every_h() {
	local c
	local h
	for c in $(hips help --commands); do
		run hips "$c" -h
		expect_status 0
		expect_out_match "^usage: hips $c"
		expect_err_empty
		# --help too, the same (the table gives both to every command).
		h=$out
		run hips "$c" --help
		expect_status 0
		[ "$out" = "$h" ] || fail "$c: --help differs from -h"
	done
	[ ! -e "$DATA" ] || fail "-h created the data directory"
}
t "-h works on every command without a data directory" t_every_h

t_unknown() {
	run hips frobnicate; expect_status 2
	expect_err_match "unknown command 'frobnicate'"
	expect_err_match '^usage: hips'
	expect_out_empty
	run hips; expect_status 2
	run hips -x; expect_status 2
	run hips log -x; expect_status 2; expect_err_match "unknown option '-x'"
	expect_err_match '^usage: hips log'
}
t "unknown commands and options exit 2 with usage" t_unknown

t_first_log() {
	git config --global init.defaultBranch trunk
	run hips log bridge 3x12 hold=2s pain=2 -m "felt it in the hamstrings"
	expect_status 0
	expect_out_match 'logged bridge 3x12'
	[ "$(stat -c %a "$DATA")" = 700 ] || fail "data dir is not 0700"
	[ "$(git -C "$DATA" symbolic-ref HEAD)" = refs/heads/main ] ||
		fail "branch is not main"
	[ "$(cat "$DATA/.gitattributes")" = '*.log merge=text' ] ||
		fail ".gitattributes"
	[ "$(cat "$DATA/log/2026-11.log")" = "2026-11-26T07:30:00+01:00 bridge 3x12 hold=2s pain=2 # felt it in the hamstrings" ] ||
		fail "line: $(cat "$DATA/log/2026-11.log")"
	[ "$(git -C "$DATA" log -1 --format=%s)" = "log: bridge 3x12" ] ||
		fail "commit message"
	[ "$(git -C "$DATA" log -1 --format='%an <%ae>')" = "hips <hips@localhost>" ] ||
		fail "author without git identity"
	git -C "$DATA" fsck --strict >/dev/null 2>&1 || fail "git fsck"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "work tree not clean"
	git -C "$DATA" show HEAD:log/2026-11.log | grep -q 'bridge 3x12' ||
		fail "HEAD lacks the line"
}
t "first log creates the repository on main, 0700, and commits the line" t_first_log

t_author() {
	mkdir -p "$CONF"
	printf '[user]\nname = Ada\nemail = ada@example.org\n' >"$CONF/config.ini"
	run hips log bridge 2x10; expect_status 0
	[ "$(git -C "$DATA" log -1 --format='%an <%ae>')" = "Ada <ada@example.org>" ] ||
		fail "author from config.ini"
	git config --global user.name "Grace"
	git config --global user.email "grace@example.org"
	run hips log bridge 2x10; expect_status 0
	[ "$(git -C "$DATA" log -1 --format='%an <%ae>')" = "Grace <grace@example.org>" ] ||
		fail "author from git config"
}
t "author: git identity, else config.ini [user], else hips" t_author

t_locations() {
	run hips -C "$T/c" log bridge 2x10; expect_status 0
	[ -f "$T/c/log/2026-11.log" ] || fail "-C"
	HIPS_DIR="$T/e" run hips log bridge 2x10; expect_status 0
	[ -f "$T/e/log/2026-11.log" ] || fail "HIPS_DIR"
	XDG_DATA_HOME="$T/x" run hips log bridge 2x10; expect_status 0
	[ -f "$T/x/hips/log/2026-11.log" ] || fail "XDG_DATA_HOME"
	HIPS_DIR="$T/e" run hips -C "$T/c" log; expect_status 0
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "-C wins"
	[ ! -e "$DATA" ] || fail "default location used"
}
t "data directory: -C, HIPS_DIR, XDG_DATA_HOME" t_locations

t_backdate() {
	run hips log -d 2026-10-03 clamshell 10,10,8/side band=light
	expect_status 0
	grep -q '^2026-10-03T07:30:00+01:00 clamshell 10,10,8/side band=light$' \
		"$DATA/log/2026-10.log" || fail "backdated entry"
	run hips log -d yesterday bridge 3x30s; expect_status 0
	grep -q '^2026-11-25T07:30:00+01:00 bridge 3x30s$' "$DATA/log/2026-11.log" ||
		fail "yesterday"
	run hips log bridge 3x10 -d 2026-11-01T06:00:00-05:00; expect_status 0
	grep -q '^2026-11-01T06:00:00-05:00 bridge 3x10$' "$DATA/log/2026-11.log" ||
		fail "rfc3339"
	run hips log -d 2026-11-27 bridge 3x10; expect_status 2
	expect_err_match 'future'
}
t "log -d backdates into the entry's own month" t_backdate

t_bad_input() {
	local bad
	while IFS= read -r bad; do
		[ -n "$bad" ] || continue
		eval "run hips log $bad"
		[ "$status" -eq 2 ] || fail "hips log $bad: status $status"
		expect_one_line_err
		[ -n "$err" ] || fail "no message for $bad"
		[ ! -e "$DATA" ] || fail "hips log $bad wrote something"
	done <<'LIST'
bridge
bridge 3xabc
Bridge 3x10
bridge 0x10
bridge 3x0
bridge 3x1000
bridge 3x3601s
bridge 100x10
bridge 3x10 pain=11
bridge 3x10 pain=-1
bridge 3x10 rpe=0
bridge 3x10 hold=2
bridge 3x10 band=huge
bridge 3x10 side=up
bridge 3x10 load=12
bridge 3x10 pain=2 pain=3
bridge 3x10 novalue
bridge 3x10 =2
bridge 3x10 -d 2026-13-01
bridge 3x10 -d 2026-02-30
bridge 3x10 -d 2026-11-26T07:00:00
bridge 3x10 -d tomorrow
skip 3x10
bridge 10,,8
bridge 10,8s
bridge 3x10/sides
1bridge 3x10
bridge-with-a-very-long-name-longer-than-32 3x10
bridge 3x10 -m "$(printf 'a\nb')"
bridge 3x10 -m "$(printf 'a\033[31mred')"
bridge 3x10 -m "$(printf 'tab\there')"
bridge 3x10 -m "$(printf '\377')"
-n 5 bridge 3x10
--json bridge 3x10
-n 0
-n abc
-d today
LIST
}
t "bad input exits 2 with one line and writes nothing" t_bad_input

t_list() {
	run hips log; expect_status 0; expect_out_empty
	run hips log --json; expect_status 0; expect_out "[]"
	hips log -d 2026-11-20 bridge 2x10 >/dev/null
	hips log -d 2026-11-24 bridge 3x12 pain=1 >/dev/null
	hips skip -d 2026-11-22 -m travelling >/dev/null
	run hips log; expect_status 0
	[ "$(printf '%s\n' "$out" | head -1)" = "2026-11-24 07:30  bridge 3x12 pain=1" ] ||
		fail "newest first"
	expect_out_match '^2026-11-22 07:30  skip  # travelling$'
	run hips log -n 1; [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "-n 1"
	run hips log --json -n 1; expect_status 0
	expect_out_match '"exercise":"bridge","dose":"3x12","sets":3,"min_reps":12'
	expect_out_match '"keys":\{"pain":"1"\}'
}
t "log lists newest first; -n and --json" t_list

t_list_bad_line() {
	hips log -d 2026-11-20 bridge 2x10 >/dev/null
	printf 'garbage here\n2026-11-21T08:00:00+01:00 bridge 3x10\n' >>"$DATA/log/2026-11.log"
	run hips log; expect_status 1
	expect_err_match '2026-11.log:2: bad timestamp'
	expect_out_match '2026-11-21 08:00  bridge 3x10'
	expect_out_match '2026-11-20 07:30  bridge 2x10'
}
t "a malformed line is reported as file:line and good lines still show" t_list_bad_line

t_unsorted() {
	mkdir -p "$DATA/log"
	printf '%s\n' '2026-11-25T08:00:00+01:00 bridge 3x10' \
		'2026-11-23T08:00:00+01:00 bridge 2x10' \
		'2026-11-24T08:00:00+01:00 skip' >"$DATA/log/2026-11.log"
	run hips log -n 2; expect_status 0
	expect_out "$(printf '%s\n' '2026-11-25 08:00  bridge 3x10' '2026-11-24 08:00  skip')"
}
t "listing sorts an unsorted (union-merged) file" t_unsorted

t_skip() {
	run hips skip -m "sick"; expect_status 0
	grep -q '^2026-11-26T07:30:00+01:00 skip # sick$' "$DATA/log/2026-11.log" ||
		fail "skip line"
	[ "$(git -C "$DATA" log -1 --format=%s)" = skip ] || fail "message"
	run hips skip extra; expect_status 2
}
t "skip records a skip day" t_skip

t_undo() {
	run hips undo; expect_status 1; expect_err_match 'nothing to undo'
	hips log -d 2026-10-30 bridge 2x10 >/dev/null
	hips log bridge 3x12 >/dev/null
	run hips undo; expect_status 0; expect_out_match 'removed: .*bridge 3x12'
	[ "$(git -C "$DATA" log -1 --format=%s)" = "undo: bridge 3x12" ] ||
		fail "undo message"
	grep -q 3x12 "$DATA/log/2026-11.log" && fail "line still there"
	run hips undo; expect_status 0
	grep -q 2x10 "$DATA/log/2026-10.log" && fail "second undo"
	run hips undo; expect_status 1; expect_err_match 'nothing to undo'
	[ "$(git -C "$DATA" rev-list --count HEAD)" -eq 5 ] || fail "history rewritten"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "work tree not clean"
}
t "undo removes the last entry with a new commit, then the one before" t_undo

t_init() {
	run hips init; expect_status 0
	[ -d "$DATA/.git" ] || fail "no repository"
	expect_commits 1
	run hips init; expect_status 0
	expect_commits 1
	run hips init --remote /srv/hips.git; expect_status 0
	[ "$(git -C "$DATA" remote get-url origin)" = /srv/hips.git ] || fail "remote"
	run hips init --remote /srv/other.git; expect_status 0
	[ "$(git -C "$DATA" remote get-url origin)" = /srv/other.git ] || fail "remote update"
}
t "init creates the repository once and sets the remote" t_init

t_torn() {
	hips log -d 2026-11-20 bridge 2x10 >/dev/null
	printf '2026-11-21T08:00' >>"$DATA/log/2026-11.log"
	run hips log bridge 3x10; expect_status 0
	grep -q '^2026-11-20T07:30:00+01:00 bridge 2x10$' "$DATA/log/2026-11.log" ||
		fail "the entry before was lost"
	grep -q '^# torn line kept by hips: 2026-11-21T08:00$' "$DATA/log/2026-11.log" ||
		fail "torn line not kept as a comment"
	grep -q '^2026-11-26T07:30:00+01:00 bridge 3x10$' "$DATA/log/2026-11.log" ||
		fail "new entry"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "work tree not clean"
}
t "a torn last line is repaired by the next write, nothing lost" t_torn

t_uncommitted() {
	hips log -d 2026-10-20 bridge 2x10 >/dev/null
	echo '2026-10-21T08:00:00+01:00 bridge 3x10' >>"$DATA/log/2026-10.log"
	run hips log bridge 3x12; expect_status 0
	git -C "$DATA" show HEAD:log/2026-10.log | grep -q '2026-10-21T08:00:00' ||
		fail "uncommitted line of another month not committed"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "work tree not clean"
}
t "lines left uncommitted are committed by the next write" t_uncommitted

# The branch moves as git would move it, whatever git left: every ref
# packed and refs/heads/ gone, no reflogs at all.
t_packed_refs() {
	local before
	hips log -d 2026-11-20 bridge 2x10 >/dev/null || fail "first"
	git -C "$DATA" pack-refs --all --prune || fail "pack-refs"
	rmdir "$DATA/.git/refs/heads" || fail "refs/heads/ still holds refs"
	rm -r "$DATA/.git/logs"
	before=$(git -C "$DATA" rev-parse HEAD)
	run hips log bridge 3x12; expect_status 0
	[ -f "$DATA/.git/refs/heads/main" ] || fail "no loose ref made"
	[ "$(git -C "$DATA" rev-parse HEAD^)" = "$before" ] ||
		fail "the new commit's parent is not the old branch"
	git -C "$DATA" show HEAD:log/2026-11.log | grep -q ' bridge 3x12$' ||
		fail "the entry is not in HEAD"
	[ "$(wc -l <"$DATA/.git/logs/refs/heads/main")" -eq 1 ] ||
		fail "the branch's reflog was not started"
	[ "$(wc -l <"$DATA/.git/logs/HEAD")" -eq 1 ] ||
		fail "HEAD's reflog was not started"
	git -C "$DATA" fsck --strict >/dev/null 2>&1 || fail "git fsck"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "work tree not clean"
}
t "the branch moves when git packed every ref and left no reflog" t_packed_refs

# A branch lock an hour old is no git at work but one killed on the way:
# say so, and the remedy, at once instead of after the 15 s wait.
t_stale_branch_lock() {
	local before
	hips log -d 2026-11-20 bridge 2x10 >/dev/null || fail "first"
	before=$(git -C "$DATA" rev-parse HEAD)
	touch -d '1 hour ago' "$DATA/.git/refs/heads/main.lock"
	SECONDS=0
	run hips log bridge 3x12
	expect_status 1; expect_one_line_err
	[ "$SECONDS" -lt 5 ] || fail "took ${SECONDS}s"
	expect_err_match "^hips: .*'$DATA/\.git/refs/heads/main\.lock' has been locked for 60 minutes: if no git is at work in the data directory .*remove that file"
	[ "$(git -C "$DATA" rev-parse HEAD)" = "$before" ] || fail "HEAD moved"
	rm "$DATA/.git/refs/heads/main.lock"
	run hips log bridge 3x12; expect_status 0
	git -C "$DATA" show HEAD:log/2026-11.log | grep -q ' bridge 3x12$' ||
		fail "the entry is not in HEAD"
}
t "a branch lock left an hour ago: the remedy at once" t_stale_branch_lock

t_no_libgit2_on_read() {
	hips log bridge 2x10 >/dev/null
	LD_DEBUG=libs hips log >/dev/null 2>"$T/ld"
	grep -q 'libgit2' "$T/ld" && fail "listing loaded libgit2"
	LD_DEBUG=libs hips log bridge 2x10 >/dev/null 2>"$T/ld"
	grep -q 'libgit2' "$T/ld" || fail "the check cannot see libgit2 loading"
}
t "listing never loads libgit2 (writing does)" t_no_libgit2_on_read

t_full_stdout() {
	[ -w /dev/full ] || return 0
	hips log bridge 2x10 >/dev/null
	run hips log
	hips log >/dev/full 2>/dev/null && fail "hips log >/dev/full exited 0"
	return 0
}
t "output to a full device fails" t_full_stdout

done_testing
