#!/bin/bash
# hips sync and hips git: a bare remote and clones in temporary
# directories, cross-checked with the real git.  The git:// tests start
# git daemon on 127.0.0.1 and stop it themselves.
. "$(dirname "$0")/lib.sh"

# hx CLONE ARGS...: hips on the data repository $T/CLONE.
hx() {
	local d=$1
	shift
	hips -C "$T/$d" "$@"
}

# logat CLONE TIME EXERCISE DOSE: one entry, at TIME.
logat() {
	HIPS_NOW=$2 hips -C "$T/$1" log "$3" "$4" >/dev/null ||
		fail "log $3 $4 in $1"
}

remote() {	# a bare remote with no branch yet: $REM
	REM="$T/remote.git"
	git init -q --bare "$REM" || fail "git init --bare"
}

# serve NAME SCRIPT [ARGS...]: python3 SCRIPT in the background ($SPID,
# killed on exit with any $SYNC), once it has printed its port: $port.
serve() {
	local name=$1 i
	shift
	python3 "$@" >"$T/port" 2>"$T/$name.log" &
	SPID=$!
	trap 'kill "$SPID" "${SYNC:-}" 2>/dev/null' EXIT
	for i in $(seq 50); do
		[ -s "$T/port" ] && break
		sleep 0.1
	done
	port=$(cat "$T/port")
	[ -n "$port" ] || fail "the $name server did not start"
}

# clone NAME URL: a fresh machine: init with the remote, first sync.
clone() {
	run hx "$1" init --remote "$2"
	expect_status 0
	run hx "$1" sync
	expect_status 0
	expect_err_empty
}

# Every line of every month file of CLONE, sorted.
lines() {
	cat "$T/$1"/log/*.log | sort
}

# The clones given end with the same tree as the remote's main, clean,
# fsck-clean, holding exactly the lines of $T/expected, each once.
converged() {
	local c rtree
	rtree=$(git --git-dir="$REM" rev-parse 'main^{tree}') ||
		fail "the remote has no main"
	git --git-dir="$REM" fsck --strict >/dev/null 2>&1 ||
		fail "git fsck of the remote"
	sort "$T/expected" >"$T/expected.sorted"
	for c in "$@"; do
		[ "$(git -C "$T/$c" rev-parse 'HEAD^{tree}')" = "$rtree" ] ||
			fail "$c: HEAD tree differs from the remote's"
		[ "$(git -C "$T/$c" rev-parse HEAD)" = \
		    "$(git --git-dir="$REM" rev-parse main)" ] ||
			fail "$c: HEAD is not the remote's main"
		git -C "$T/$c" fsck --strict >/dev/null 2>&1 ||
			fail "$c: git fsck"
		[ -z "$(git -C "$T/$c" status --porcelain)" ] ||
			fail "$c: work tree not clean: $(git -C "$T/$c" status --porcelain)"
		lines "$c" >"$T/got"
		[ -z "$(uniq -d "$T/got")" ] || fail "$c: duplicated lines: $(uniq -d "$T/got")"
		cmp -s "$T/got" "$T/expected.sorted" ||
			fail "$c: lines differ: $(diff "$T/expected.sorted" "$T/got")"
		# The work tree is what HEAD holds.
		git -C "$T/$c" diff --quiet HEAD -- || fail "$c: work tree differs"
	done
}

# hips git commit needs an identity.
identity() {
	git config --global user.name "Tess"
	git config --global user.email "tess@example.org"
}

expect_line() {	# record an expected entry line
	printf '%s\n' "$1" >>"$T/expected"
}

t_no_remote() {
	run hips log bridge 2x10; expect_status 0
	head=$(git -C "$DATA" rev-parse HEAD)
	run hips sync
	expect_status 1
	expect_one_line_err
	expect_err_match "no remote to sync with .*hips init --remote URL"
	expect_out_empty
	[ "$(git -C "$DATA" rev-parse HEAD)" = "$head" ] || fail "HEAD moved"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "tree changed"
	rm -rf "$DATA"
	run hips sync
	expect_status 1
	expect_err_match "no data repository"
	[ ! -e "$DATA" ] || fail "sync created a data directory"
	run hips sync extra; expect_status 2; expect_err_match "unexpected 'extra'"
	run hips sync --bogus; expect_status 2
}
t "sync without a remote or repository: one line, exit 1, nothing changed" t_no_remote

t_unreachable() {
	local url head sum
	logat a 2026-11-25T07:00:00+01:00 bridge 2x10
	# An uncommitted line and a torn one: both must stay as they are.
	printf '2026-11-25T08:00:00+01:00 bridge 2x11\n2026-11-25T09:00' \
		>>"$T/a/log/2026-11.log"
	head=$(git -C "$T/a" rev-parse HEAD)
	sum=$(cat "$T/a/log/2026-11.log" | md5sum)
	for url in "$T/nowhere.git" "file://$T/nowhere.git" \
	    "git://127.0.0.1:1/nowhere.git"; do
		run hx a init --remote "$url"; expect_status 0
		run hx a sync
		expect_status 1
		expect_one_line_err
		expect_err_match "^hips: cannot fetch from '"
		expect_out_empty
		[ "$(git -C "$T/a" rev-parse HEAD)" = "$head" ] ||
			fail "HEAD moved ($url)"
		[ "$(cat "$T/a/log/2026-11.log" | md5sum)" = "$sum" ] ||
			fail "the log file changed ($url)"
	done
}
t "an unreachable remote: one line, exit 1, local data untouched" t_unreachable

t_password_hidden() {
	logat a 2026-11-25T07:00:00+01:00 bridge 2x10
	# init keeps no password (see https.sh): one written by hand.
	git -C "$T/a" remote add origin "git://alice:s3cret@127.0.0.1:1/x.git"
	run hx a sync
	expect_status 1
	expect_one_line_err
	printf '%s' "$err" | grep -q s3cret && fail "the password was shown"
	expect_err_match "alice:\*\*\*@127.0.0.1"
}
t "messages never show the password of a URL" t_password_hidden

t_first_push() {
	remote
	logat a 2026-11-25T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$REM"; expect_status 0
	run hx a sync -v
	expect_status 0
	expect_err_empty
	expect_out "pushed 2 commits to origin"
	[ "$(git --git-dir="$REM" rev-parse main)" = \
	    "$(git -C "$T/a" rev-parse HEAD)" ] || fail "remote main"
	[ "$(git -C "$T/a" rev-parse origin/main)" = \
	    "$(git -C "$T/a" rev-parse HEAD)" ] || fail "origin/main not updated"
	git --git-dir="$REM" fsck --strict >/dev/null 2>&1 || fail "fsck"
	# Quiet when nothing is a terminal; -v says what happened.
	run hx a sync; expect_status 0; expect_out_empty; expect_err_empty
	run hx a sync -v; expect_status 0; expect_out "up to date with origin"
}
t "the first sync into an empty remote pushes" t_first_push

t_relative_remote() {
	remote
	logat a 2026-11-25T07:00:00+01:00 bridge 2x10
	cd "$T" || fail "cd"
	run hx a init --remote remote.git
	expect_status 0
	expect_out_match "^remote origin: $T/remote.git$"
	cd "$HOME" || fail "cd"
	run hx a sync; expect_status 0
	[ "$(git --git-dir="$REM" rev-parse main)" = \
	    "$(git -C "$T/a" rev-parse HEAD)" ] || fail "remote main"
}
t "a relative remote path means from where init ran" t_relative_remote

t_fresh_machine() {
	remote
	logat a 2026-11-25T07:00:00+01:00 bridge 2x10
	logat a 2026-10-25T07:00:00+01:00 bridge 2x11
	run hx a init --remote "file://$REM"; run hx a sync; expect_status 0
	# A repository with its own first commit (another author, so not
	# the same commit as a's), and nothing else.
	git init -q -b main "$T/b"
	git -C "$T/b" config user.name "Bea"
	git -C "$T/b" config user.email "bea@example.org"
	run hx b init --remote "$REM"; expect_status 0
	[ "$(git -C "$T/b" rev-list --count HEAD)" = 1 ] || fail "b's first commit"
	run hx b sync -v
	expect_status 0
	expect_out "took the history of origin/main"
	expect_line "2026-11-25T07:00:00+01:00 bridge 2x10"
	expect_line "2026-10-25T07:00:00+01:00 bridge 2x11"
	converged a b
	[ "$(git -C "$T/b" rev-list --count HEAD)" = 3 ] || fail "b has extra commits"
	# hips on b reads what it took.
	run hx b log -n 5; expect_status 0; expect_out_match "bridge 2x11"
}
t "the first sync on a fresh machine takes the remote's history" t_fresh_machine

# Two machines log in the same month and in other months, then sync in
# the given order; both must end with everything, once.
concurrent() {
	local first=$1 second=$2 url=$3
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	expect_line "2026-11-20T07:00:00+01:00 bridge 2x10"
	run hx a init --remote "$url"; run hx a sync; expect_status 0
	clone b "$url"
	logat a 2026-11-21T07:00:00+01:00 bridge 2x11
	logat b 2026-11-21T08:00:00+01:00 bridge 2x12
	logat a 2026-10-02T07:00:00+01:00 clamshell 2x10/side
	logat b 2026-09-03T07:00:00+01:00 hinge 3x10
	logat b 2026-11-22T07:00:00+01:00 bridge 3x12
	logat a 2026-11-22T07:30:00+01:00 bridge 3x13
	expect_line "2026-11-21T07:00:00+01:00 bridge 2x11"
	expect_line "2026-11-21T08:00:00+01:00 bridge 2x12"
	expect_line "2026-10-02T07:00:00+01:00 clamshell 2x10/side"
	expect_line "2026-09-03T07:00:00+01:00 hinge 3x10"
	expect_line "2026-11-22T07:00:00+01:00 bridge 3x12"
	expect_line "2026-11-22T07:30:00+01:00 bridge 3x13"
	run hx "$first" sync -v; expect_status 0
	expect_out "pushed 3 commits to origin"
	run hx "$second" sync -v; expect_status 0; expect_err_empty
	expect_out "merged 3 new commits from origin/main, pushed 4 commits to origin"
	run hx "$first" sync -v; expect_status 0
	expect_out "fast-forwarded 4 commits from origin/main"
	converged a b
	# The real git sees one merge of both lines of work.
	git -C "$T/a" log --graph --format=%s >"$T/graph"
	grep -q '^\*   sync: merge origin/main$' "$T/graph" ||
		fail "no merge in: $(cat "$T/graph")"
	[ "$(grep -c 'log: ' "$T/graph")" = 7 ] || fail "graph: $(cat "$T/graph")"
	[ "$(git -C "$T/a" rev-list --merges --count HEAD)" = 1 ] ||
		fail "merges"
	# Another round changes nothing.
	run hx "$second" sync -v; expect_status 0; expect_out "up to date with origin"
	# The entries read back through hips, newest first.
	run hx "$second" log -n 1; expect_status 0; expect_out_match "bridge 3x13"
}
t_concurrent_ab() { remote; concurrent a b "$REM"; }
t_concurrent_ba() { remote; concurrent b a "file://$REM"; }
t "concurrent entries, a syncs first (plain path): nothing lost" t_concurrent_ab
t "concurrent entries, b syncs first (file://): nothing lost" t_concurrent_ba

# After a sync, undo takes back the newest entry (by commit time, which
# is the wall clock: hence the sleeps), whichever machine made it and
# whichever way the histories were joined.  b logs first but syncs last,
# so a fast-forwards to b's merge, whose first parent is b's entry: a
# walk along first parents would undo b's older entry instead of a's.
t_undo_after_sync() {
	remote
	clone a "$REM"
	clone b "$REM"
	logat b 2026-11-25T07:00:00+01:00 bridge 2x11
	sleep 1.1
	logat a 2026-11-25T08:00:00+01:00 clamshell 2x10/side
	run hx a sync; expect_status 0
	run hx b sync; expect_status 0
	run hx a sync -v; expect_status 0; expect_out_match "fast-forwarded"
	[ "$(git -C "$T/a" log -1 --format=%s HEAD^1)" = "log: bridge 2x11" ] ||
		fail "a's first parent is not b's entry"
	sleep 1.1
	run hx a undo; expect_status 0
	expect_out "removed: 2026-11-25T08:00:00+01:00 clamshell 2x10/side"
	# The other machine, synced, undoes the next newest: b's own.
	run hx a sync; expect_status 0
	run hx b sync; expect_status 0
	sleep 1.1
	run hx b undo; expect_status 0
	expect_out "removed: 2026-11-25T07:00:00+01:00 bridge 2x11"
	run hx b undo; expect_status 1; expect_err_match "nothing to undo"
	run hx b sync; expect_status 0
	run hx a sync; expect_status 0
	: >"$T/expected"
	converged a b
}
t "after a sync, undo takes back the newest entry, whoever made it" t_undo_after_sync

# A undoes an entry while B logs one (issue 14): the undo's deletion and
# B's append touch neighbouring lines, which merge=union (still in the
# .gitattributes of older repositories) joins by bringing the undone
# entry back.  Month files merge as multisets of lines instead.
t_undo_while_other_logs() {
	identity
	remote
	clone a "$REM"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	logat a 2026-11-21T07:00:00+01:00 bridge 2x11
	run hx a sync; expect_status 0
	clone b "$REM"
	printf '*.log merge=union\n' >"$T/a/.gitattributes"
	run hx a git commit -q --allow-empty -m "attributes of old" \
	    .gitattributes
	expect_status 0
	run hx a undo; expect_status 0
	expect_out "removed: 2026-11-21T07:00:00+01:00 bridge 2x11"
	logat b 2026-11-21T08:00:00+01:00 bridge 2x12
	logat b 2026-11-22T08:00:00+01:00 bridge 2x13
	# Both sides log the same line (a copy made by hand): kept once.
	logat a 2026-11-23T08:00:00+01:00 bridge 3x12
	logat b 2026-11-23T08:00:00+01:00 bridge 3x12
	run hx a sync; expect_status 0
	run hx b sync -v; expect_status 0; expect_out_match "^merged"
	run hx a sync; expect_status 0
	expect_line "2026-11-20T07:00:00+01:00 bridge 2x10"
	expect_line "2026-11-21T08:00:00+01:00 bridge 2x12"
	expect_line "2026-11-22T08:00:00+01:00 bridge 2x13"
	expect_line "2026-11-23T08:00:00+01:00 bridge 3x12"
	converged a b
	# The other way round: b undoes its entry while a logs.
	run hx b undo; expect_status 0
	expect_out "removed: 2026-11-23T08:00:00+01:00 bridge 3x12"
	logat a 2026-11-24T08:00:00+01:00 bridge 3x13
	run hx a sync; expect_status 0
	run hx b sync; expect_status 0
	run hx a sync; expect_status 0
	grep -v 3x12 "$T/expected" >"$T/expected.new"
	mv "$T/expected.new" "$T/expected"
	expect_line "2026-11-24T08:00:00+01:00 bridge 3x13"
	converged a b
}
t "an entry undone while the other machine logs stays undone" t_undo_while_other_logs

t_union_without_attributes() {
	identity
	remote
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$REM"; run hx a sync; expect_status 0
	# b drops .gitattributes from its history: the month files must
	# still merge line by line.
	clone b "$REM"
	run hx b git rm -q .gitattributes; expect_status 0
	run hx b git commit -q -m "no attributes"; expect_status 0
	logat a 2026-11-21T07:00:00+01:00 bridge 2x11
	logat b 2026-11-21T08:00:00+01:00 bridge 2x12
	run hx a sync; expect_status 0
	run hx b sync; expect_status 0
	run hx a sync; expect_status 0
	expect_line "2026-11-20T07:00:00+01:00 bridge 2x10"
	expect_line "2026-11-21T07:00:00+01:00 bridge 2x11"
	expect_line "2026-11-21T08:00:00+01:00 bridge 2x12"
	converged a b
	[ ! -e "$T/a/.gitattributes" ] || fail ".gitattributes came back"
}
t "month files merge line by line even without .gitattributes" t_union_without_attributes

t_unrelated() {
	# Two machines that each started logging before they shared a remote.
	remote
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	git init -q -b main "$T/b"
	git -C "$T/b" config user.name "Bea"
	git -C "$T/b" config user.email "bea@example.org"
	logat b 2026-11-20T08:00:00+01:00 bridge 2x11
	logat b 2026-10-20T08:00:00+01:00 bridge 2x12
	run hx a init --remote "$REM"; run hx a sync; expect_status 0
	run hx b init --remote "$REM"
	# As git does, hips asks before joining histories that share no
	# commit (another repository, or one rewritten and force-pushed).
	head=$(git -C "$T/b" rev-parse HEAD)
	run hx b sync -v; expect_status 1; expect_one_line_err; expect_out_empty
	expect_err_match "^hips: 'origin/main' shares no history with 'main' .*nothing was merged.*'hips sync --allow-unrelated'"
	[ "$(git -C "$T/b" rev-parse HEAD)" = "$head" ] || fail "b's HEAD moved"
	[ "$(git --git-dir="$REM" rev-parse main)" = \
	    "$(git -C "$T/a" rev-parse HEAD)" ] || fail "the remote moved"
	run hx b sync -v --allow-unrelated; expect_status 0; expect_err_empty
	expect_out_match "^merged"
	run hx a sync; expect_status 0
	expect_line "2026-11-20T07:00:00+01:00 bridge 2x10"
	expect_line "2026-11-20T08:00:00+01:00 bridge 2x11"
	expect_line "2026-10-20T08:00:00+01:00 bridge 2x12"
	converged a b
}
t "two histories started apart are joined when asked, nothing lost" t_unrelated

# The state a sync killed mid-way leaves, made by hand: the record of
# the move (.git/hips-sync), the branch still at O, the month file half
# written.  The next write finishes the move first.
t_sync_record() {
	local A B C D E o n blob tree
	identity
	A="2026-11-20T07:00:00+01:00 bridge 2x10"
	B="2026-11-21T07:00:00+01:00 bridge 2x11"
	C="2026-11-22T07:00:00+01:00 bridge 2x12"
	D="2026-11-23T07:00:00+01:00 bridge 2x13"
	E="2026-11-24T07:00:00+01:00 bridge 2x14"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	logat a 2026-11-21T07:00:00+01:00 bridge 2x11
	o=$(git -C "$T/a" rev-parse HEAD)
	blob=$(printf '%s\n' "$A" "$B" "$C" "$D" |
		git -C "$T/a" hash-object -w --stdin)
	GIT_INDEX_FILE="$T/idx" git -C "$T/a" read-tree HEAD
	GIT_INDEX_FILE="$T/idx" git -C "$T/a" update-index --cacheinfo \
		"100644,$blob,log/2026-11.log"
	tree=$(GIT_INDEX_FILE="$T/idx" git -C "$T/a" write-tree)
	n=$(git -C "$T/a" commit-tree "$tree" -p HEAD -m "sync: merge")
	cp -a "$T/a" "$T/a0"
	# 1. Killed while the checkout wrote the month file.
	printf '%s\n%s\n%s\n2026-11-2' "$A" "$B" "$C" >"$T/a/log/2026-11.log"
	printf '%s %s refs/heads/main\n' "$o" "$n" >"$T/a/.git/hips-sync"
	run hx a check; expect_status 1
	expect_out_match "/\.git/hips-sync: a sync was interrupted \(the next write finishes it\)$"
	run hx a log bridge 3x15; expect_status 0
	expect_err_match "^hips: finished a sync that was interrupted$"
	[ "$(git -C "$T/a" rev-parse HEAD^)" = "$n" ] ||
		fail "the branch did not move to the sync's commit first"
	[ "$(git -C "$T/a" show --numstat --format= HEAD)" = \
	    "$(printf '1\t0\tlog/2026-11.log')" ] ||
		fail "the entry's commit: $(git -C "$T/a" show HEAD)"
	[ ! -e "$T/a/.git/hips-sync" ] || fail "the record is left"
	[ -z "$(git -C "$T/a" status --porcelain)" ] || fail "not clean"
	git -C "$T/a" reflog main | grep -q 'sync: finish an interrupted sync' ||
		fail "reflog: $(git -C "$T/a" reflog -3 main)"
	# 2. The same, and a line added by hand since: kept, merged.
	rm -rf "$T/a"; cp -a "$T/a0" "$T/a"
	printf '%s\n%s\n%s\n' "$A" "$B" "$E" >"$T/a/log/2026-11.log"
	printf '%s %s refs/heads/main\n' "$o" "$n" >"$T/a/.git/hips-sync"
	run hx a log bridge 3x15; expect_status 0
	git -C "$T/a" merge-base --is-ancestor "$n" HEAD ||
		fail "the sync's commit is not in the history"
	git -C "$T/a" show HEAD:log/2026-11.log | sort >"$T/got"
	printf '%s\n' "$A" "$B" "$C" "$D" "$E" \
	    "$HIPS_NOW bridge 3x15" | sort >"$T/want"
	cmp -s "$T/got" "$T/want" || fail "lines: $(diff "$T/want" "$T/got")"
	# 3. git moved the branch since: no write until the user has looked.
	rm -rf "$T/a"; cp -a "$T/a0" "$T/a"
	printf '%s\n' "$A" >"$T/a/log/2026-11.log"
	git -C "$T/a" commit -q -a -m "by hand" || fail "git commit"
	head=$(git -C "$T/a" rev-parse HEAD)
	printf '%s %s refs/heads/main\n' "$o" "$n" >"$T/a/.git/hips-sync"
	run hx a log bridge 3x15; expect_status 1; expect_one_line_err
	expect_err_match "^hips: a sync was interrupted \(.*hips-sync\), and 'main' has moved since: check the files with 'hips git status'.*then remove .*hips-sync$"
	[ "$(git -C "$T/a" rev-parse HEAD)" = "$head" ] || fail "HEAD moved"
	[ "$(cat "$T/a/log/2026-11.log")" = "$A" ] || fail "file changed"
	rm "$T/a/.git/hips-sync"
	run hx a log bridge 3x15; expect_status 0; expect_err_empty
	# 4. A record that is not one.
	echo garbage >"$T/a/.git/hips-sync"
	run hx a log bridge 3x16; expect_status 1; expect_one_line_err
	expect_err_match "hips-sync: not a record of hips sync; remove it$"
}
t "the state of a sync killed mid-way is finished by the next write" t_sync_record

# sync_killed "CALL:STEP ...": b's sync, which merges, is killed
# (SIGKILL) at every STEP-th call of each system call CALL that opens or
# changes a file (1: at every step), from the fetch to the push.  The next hips write finishes the interrupted sync
# first: its entry's commit holds that entry alone (nothing of the sync
# is taken for a hand edit), and syncing both ways then loses and
# doubles nothing.  A lock the killed push left in the remote is
# reported with its age and removed as the message says.
sync_killed() {
	local spec=$1 f n s max i=0 killed=0 shim
	shim="$TOP/${HIPS_BUILD:-build/std}/tests/faultinject.so"
	[ -e "$shim" ] || { echo "# no $shim"; return 1; }
	identity
	remote
	clone a "$REM"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	logat a 2026-10-21T07:00:00+01:00 bridge 2x12
	logat a 2026-11-21T07:00:00+01:00 bridge 2x11
	run hx a sync; expect_status 0
	clone b "$REM"
	run hx a undo; expect_status 0
	expect_out "removed: 2026-11-21T07:00:00+01:00 bridge 2x11"
	logat a 2026-11-22T07:00:00+01:00 bridge 2x13
	logat a 2026-12-01T07:00:00+01:00 bridge 2x14
	run hx a sync; expect_status 0
	logat b 2026-11-22T08:00:00+01:00 bridge 3x12
	logat b 2026-10-22T08:00:00+01:00 bridge 3x13
	for l in "2026-11-20T07:00:00+01:00 bridge 2x10" \
	    "2026-11-22T07:00:00+01:00 bridge 2x13" \
	    "2026-10-21T07:00:00+01:00 bridge 2x12" \
	    "2026-12-01T07:00:00+01:00 bridge 2x14" \
	    "2026-11-22T08:00:00+01:00 bridge 3x12" \
	    "2026-10-22T08:00:00+01:00 bridge 3x13"; do
		expect_line "$l"
	done
	mkdir "$T/tpl"
	mv "$T/a" "$T/b" "$REM" "$T/expected" "$T/tpl/"
	fresh() {
		rm -rf "$T/a" "$T/b" "$REM"
		cp -a "$T/tpl/a" "$T/tpl/b" "$T/tpl/remote.git" "$T/tpl/expected" "$T/"
	}
	fresh
	HIPS_FAULT_COUNT="$T/count" LD_PRELOAD="$shim" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		hips -C "$T/b" sync || fail "the sync counted"
	for f in $spec; do
		s=$((${f#*:} * HIPS_SLOW))
		f=${f%:*}
		max=$(awk -v f="$f" '$1 == f { print $2 }' "$T/count")
		for n in $(seq 1 "$s" "$max"); do
			i=$((i + 1))
			fresh
			run env HIPS_FAULT_RAISE="$f:$n" HIPS_FAULT_SIGNO=9 \
				LD_PRELOAD="$shim" \
				ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
				$HIPS_WRAP "$HIPS_BIN" -C "$T/b" sync
			what="killed at $f call $n"
			[ "$status" -eq 137 ] && killed=$((killed + 1))
			[ "$status" -eq 137 ] || [ "$status" -eq 0 ] ||
				fail "$what: status $status"
			run hx b log bridge 3x15 -m "k$i"
			[ "$status" -eq 0 ] || fail "$what: log after it: $err"
			[ "$(git -C "$T/b" show --numstat --format= HEAD)" = \
			    "$(printf '1\t0\tlog/2026-11.log')" ] ||
				fail "$what: the entry's commit: $(git -C "$T/b" show --stat HEAD)"
			git -C "$T/b" log --format=%s | grep -q '^edit:' &&
				fail "$what: a hand edit was committed"
			run hx b sync
			if [ "$status" -ne 0 ]; then
				# A lock the killed push left in the remote.
				expect_one_line_err
				expect_err_match "'$REM/refs/heads/main.lock'"
				rm "$REM/refs/heads/main.lock"
				run hx b sync
			fi
			[ "$status" -eq 0 ] || fail "$what: sync after it: $err"
			run hx a sync
			[ "$status" -eq 0 ] || fail "$what: a's sync: $err"
			run hx b sync
			[ "$status" -eq 0 ] || fail "$what: b's last sync: $err"
			cp "$T/expected" "$T/expected.all"
			expect_line "$HIPS_NOW bridge 3x15 # k$i"
			( converged a b ) || fail "$what: not converged"
			mv "$T/expected.all" "$T/expected"
		done
	done
	echo "# $i kills, $killed of them in the sync"
	[ "$killed" -gt 0 ] || fail "no sync was killed"
}
# make stress kills it at every step of each (tests/cli/stress.sh).
t_sync_killed() {
	sync_killed "${SYNC_KILLS:-write:1 rename:1 ftruncate:1 pwrite:15 link:13 fsync:17 open:59}"
}
t "a sync killed at any step: the next write finishes it, nothing lost" t_sync_killed

# A push killed on the way leaves the remote's branch locked: the message
# names the lock and its age and says how to remove it safely.
t_stale_remote_lock() {
	remote
	clone a "$REM"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a sync; expect_status 0
	touch -d '3 hours ago' "$REM/refs/heads/main.lock"
	logat a 2026-11-21T07:00:00+01:00 bridge 2x11
	run hx a sync
	expect_status 1; expect_one_line_err
	expect_err_match "^hips: cannot push to '$REM': '$REM/refs/heads/main\.lock' has been locked for 3 hours: if no git is at work on that repository .*remove that file, then run 'hips sync' again$"
	rm "$REM/refs/heads/main.lock"
	run hx a sync; expect_status 0; expect_err_empty
	[ "$(git --git-dir="$REM" rev-parse main)" = \
	    "$(git -C "$T/a" rev-parse HEAD)" ] || fail "not pushed"
}
t "a lock left in the remote is named, with its age and the remedy" t_stale_remote_lock

# Over git:// the remote says only "failed to update ref": after the
# retries, the message names the lock that may cause it.
t_stale_daemon_lock() {
	daemon_remote
	clone a "$URL"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a sync; expect_status 0
	touch "$REM/refs/heads/main.lock"
	logat a 2026-11-21T07:00:00+01:00 bridge 2x11
	run hx a sync
	expect_status 1; expect_one_line_err
	expect_err_match "rejected the push 4 times \(failed to update ref\); everything is kept here.* may have left 'refs/heads/main\.lock' in the remote repository: if no git is at work there, remove that file, then run 'hips sync' again$"
	rm "$REM/refs/heads/main.lock"
	run hx a sync; expect_status 0
	stop_daemon
	[ "$(git --git-dir="$REM" rev-parse main)" = \
	    "$(git -C "$T/a" rev-parse HEAD)" ] || fail "not pushed"
}

t_hand_edits() {
	remote
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$REM"; run hx a sync; expect_status 0
	clone b "$REM"
	logat a 2026-11-21T07:00:00+01:00 bridge 2x11
	run hx a sync; expect_status 0
	# b: a line added by hand, not committed, and a torn last line.
	printf '2026-11-21T09:00:00+01:00 bridge 2x13\n' >>"$T/b/log/2026-11.log"
	mkdir -p "$T/b/log"
	printf '2026-12-01T09:00:00+01:00 bridge 2x14' >"$T/b/log/2026-12.log"
	run hx b sync -v
	expect_status 0
	expect_out_match "^committed changes made by hand; merged 1 new commit"
	expect_err_match "2026-12.log: the last line had no newline"
	run hx a sync; expect_status 0
	expect_line "2026-11-20T07:00:00+01:00 bridge 2x10"
	expect_line "2026-11-21T07:00:00+01:00 bridge 2x11"
	expect_line "2026-11-21T09:00:00+01:00 bridge 2x13"
	expect_line "2026-12-01T09:00:00+01:00 bridge 2x14"
	converged a b
	git -C "$T/b" log --format=%s | grep -q '^edit: changes made by hand' ||
		fail "no commit of the hand edits"
}
t "uncommitted and torn lines are committed first, then merged" t_hand_edits

t_local_change_kept() {
	identity
	remote
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$REM"; run hx a sync; expect_status 0
	clone b "$REM"
	printf 'notes\n' >"$T/a/notes.txt"
	run hx a git add notes.txt; run hx a git commit -q -m notes
	run hx a sync; expect_status 0
	# b has its own notes.txt, not committed: the sync must not clobber it.
	printf 'mine\n' >"$T/b/notes.txt"
	head=$(git -C "$T/b" rev-parse HEAD)
	run hx b sync
	expect_status 1
	expect_one_line_err
	expect_err_match "'notes.txt' has changes that are not committed"
	[ "$(cat "$T/b/notes.txt")" = mine ] || fail "notes.txt overwritten"
	[ "$(git -C "$T/b" rev-parse HEAD)" = "$head" ] || fail "HEAD moved"
	rm "$T/b/notes.txt"
	run hx b sync; expect_status 0
	[ "$(cat "$T/b/notes.txt")" = notes ] || fail "notes.txt not checked out"
}
t "a sync never overwrites an uncommitted change" t_local_change_kept

# A conflict no union merge can join: stop, change nothing, say how to go on.
conflict_stops() {
	local what=$1 head_b head_r
	identity
	remote
	logat a 2026-10-20T07:00:00+01:00 bridge 2x10
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$REM"; run hx a sync; expect_status 0
	clone b "$REM"
	case $what in
	attributes)
		printf '*.log merge=union\n*.txt -diff\n' >"$T/a/.gitattributes"
		printf '*.log merge=union\n*.md -diff\n' >"$T/b/.gitattributes"
		run hx a git commit -q -a -m attrs-a; expect_status 0
		run hx b git commit -q -a -m attrs-b; expect_status 0
		;;
	delete)
		run hx a git rm -q log/2026-10.log; expect_status 0
		run hx a git commit -q -m "drop october"; expect_status 0
		logat b 2026-10-21T07:00:00+01:00 bridge 2x11
		;;
	esac
	logat b 2026-11-21T07:00:00+01:00 bridge 2x12
	run hx a sync; expect_status 0
	head_b=$(git -C "$T/b" rev-parse HEAD)
	head_r=$(git --git-dir="$REM" rev-parse main)
	cp -r "$T/b" "$T/b.before"
	rm -rf "$T/b.before/.git"
	run hx b sync
	expect_status 1
	expect_one_line_err
	expect_err_match "cannot merge origin/main: both sides changed '"
	expect_err_match "nothing was changed"
	expect_err_match "'hips git merge origin/main'"
	[ "$(git -C "$T/b" rev-parse HEAD)" = "$head_b" ] || fail "b's HEAD moved"
	[ "$(git --git-dir="$REM" rev-parse main)" = "$head_r" ] ||
		fail "the remote moved"
	[ -z "$(git -C "$T/b" status --porcelain)" ] || fail "b is not clean"
	diff -r -x .git "$T/b.before" "$T/b" >/dev/null || fail "b's files changed"
	[ ! -e "$T/b/.git/MERGE_HEAD" ] || fail "a merge was left half done"
	# Finishing by hand, as the message says; sync waits for it.
	run hx b git merge -q origin/main; expect_status 1
	run hx b sync
	expect_status 1
	expect_one_line_err
	expect_err_match "a merge or another git operation is in progress"
	case $what in
	attributes)
		printf '*.log merge=union\n*.txt -diff\n*.md -diff\n' \
			>"$T/b/.gitattributes" ;;
	delete)
		run hx b git rm -q log/2026-10.log ;;
	esac
	run hx b git commit -q -a --no-edit; expect_status 0
	run hx b sync; expect_status 0
	run hx a sync; expect_status 0
	converged_same a b
}
converged_same() {
	[ "$(git -C "$T/a" rev-parse HEAD)" = "$(git -C "$T/b" rev-parse HEAD)" ] ||
		fail "a and b differ"
	grep -q "bridge 2x12" "$T/a/log/2026-11.log" || fail "b's line is not on a"
	git -C "$T/a" fsck --strict >/dev/null 2>&1 || fail "fsck"
}
t_conflict_attributes() { conflict_stops attributes; }
t_conflict_delete() { conflict_stops delete; }
t "both sides edit .gitattributes: sync stops, nothing changed" t_conflict_attributes
t "a deleted month file edited on the other side: sync stops" t_conflict_delete

# git daemon on loopback, serving $T/srv, started and stopped here.
start_daemon() {
	local i j port
	mkdir -p "$T/srv"
	for i in 1 2 3 4 5; do
		port=$((20000 + (RANDOM * 13 + i * 977) % 40000))
		"$(git --exec-path)/git-daemon" --export-all \
			--base-path="$T/srv" --listen=127.0.0.1 --port="$port" \
			--enable=receive-pack --informative-errors \
			>"$T/daemon.log" 2>&1 &
		DPID=$!
		trap 'kill "$DPID" 2>/dev/null' EXIT
		for j in $(seq 50); do
			if git ls-remote "git://127.0.0.1:$port/remote.git" \
			    >/dev/null 2>&1; then
				URL="git://127.0.0.1:$port/remote.git"
				PORT=$port
				return 0
			fi
			kill -0 "$DPID" 2>/dev/null || break
			sleep 0.1
		done
		kill "$DPID" 2>/dev/null
		wait "$DPID" 2>/dev/null
	done
	fail "git daemon did not start: $(cat "$T/daemon.log")"
}
stop_daemon() {
	kill "$DPID" 2>/dev/null
	wait "$DPID" 2>/dev/null
	trap - EXIT
}
daemon_remote() {
	mkdir -p "$T/srv"
	REM="$T/srv/remote.git"
	git init -q --bare "$REM" || fail "git init --bare"
	start_daemon
}

t_git_daemon() {
	daemon_remote
	concurrent a b "$URL"
	stop_daemon
	# Now nobody listens there.
	run hx a sync
	expect_status 1
	expect_one_line_err
	expect_err_match "cannot fetch from 'git://127.0.0.1:$PORT/remote.git'"
}
t "git:// (git daemon on 127.0.0.1): concurrent entries, nothing lost" t_git_daemon
t "git://: a lock left in the remote is named after the retries" t_stale_daemon_lock

t_race() {
	daemon_remote
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$URL"; run hx a sync; expect_status 0
	clone b "$URL"
	clone c "$REM"
	logat a 2026-11-21T07:00:00+01:00 bridge 2x11
	logat c 2026-11-21T08:00:00+01:00 bridge 2x12
	# c pushes while a's push is on its way: a's push is refused, and
	# a must fetch, merge and push again.
	cat >"$REM/hooks/pre-receive" <<-EOF
	#!/bin/sh
	[ -e "$T/raced" ] && exit 0
	: >"$T/raced"
	unset GIT_DIR GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY \
	    GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_PUSH_OPTION_COUNT
	git -C "$T/c" push -q origin main >"$T/c-push.log" 2>&1
	EOF
	chmod +x "$REM/hooks/pre-receive"
	run hx a sync -v
	expect_status 0
	[ -e "$T/raced" ] || fail "the hook did not run"
	expect_out_match "pushed .*\(2 attempts: the remote moved meanwhile\)$"
	run hx b sync; expect_status 0
	run hx c sync; expect_status 0
	expect_line "2026-11-20T07:00:00+01:00 bridge 2x10"
	expect_line "2026-11-21T07:00:00+01:00 bridge 2x11"
	expect_line "2026-11-21T08:00:00+01:00 bridge 2x12"
	converged a b c
	# A remote that refuses every push: a few tries, then one line.
	printf '#!/bin/sh\necho no pushes today >&2\nexit 1\n' \
		>"$REM/hooks/pre-receive"
	logat b 2026-11-22T08:00:00+01:00 bridge 2x13
	head=$(git --git-dir="$REM" rev-parse main)
	run hx b sync
	expect_status 1
	expect_one_line_err
	expect_err_match "rejected the push 4 times \(pre-receive hook declined\)"
	[ "$(git --git-dir="$REM" rev-parse main)" = "$head" ] ||
		fail "the remote moved"
	grep -q "bridge 2x13" "$T/b/log/2026-11.log" || fail "b lost its line"
	stop_daemon
}
t "a rejected push (someone pushed first): fetch, merge, push again, bounded" t_race

# A web server that wants a password for everything (python3's).
t_credentials() {
	local port i
	cat >"$T/srv.py" <<-'EOF'
	import http.server, sys
	class H(http.server.BaseHTTPRequestHandler):
	    def do_GET(self):
	        self.send_response(401)
	        self.send_header("WWW-Authenticate", 'Basic realm="hips"')
	        self.send_header("Content-Length", "0")
	        self.end_headers()
	    do_POST = do_GET
	    def log_message(self, *a):
	        sys.stderr.write("auth %s\n" % self.headers.get("Authorization"))
	        sys.stderr.flush()
	s = http.server.HTTPServer(("127.0.0.1", 0), H)
	print(s.server_address[1], flush=True)
	s.serve_forever()
	EOF
	serve web "$T/srv.py"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	head=$(git -C "$T/a" rev-parse HEAD)
	run hx a init --remote "http://127.0.0.1:$port/r.git"
	run hx a sync
	expect_status 1
	expect_one_line_err
	expect_err_match "wants credentials and git's credential helpers gave none"
	git -C "$T/a" config remote.origin.url "http://ann:pw@127.0.0.1:$port/r.git"
	run hx a sync
	expect_status 1
	expect_one_line_err
	expect_err_match "'http://ann:\*\*\*@127.0.0.1:$port/r.git' refused the credentials"
	grep -q "auth Basic YW5uOnB3" "$T/web.log" || fail "the URL's password was not tried"
	[ "$(git -C "$T/a" rev-parse HEAD)" = "$head" ] || fail "HEAD moved"
	kill "$SPID"
	wait "$SPID" 2>/dev/null
	trap - EXIT
}
if python3 -c '' 2>/dev/null; then
	t "missing or refused credentials: one line, exit 1" t_credentials
fi

# A remote that accepts a connection and never answers.
t_slow_remote() {
	local i start
	cat >"$T/tarpit.py" <<-'EOF'
	import socket, sys, time
	s = socket.socket()
	s.bind(("127.0.0.1", 0))
	s.listen(5)
	print(s.getsockname()[1], flush=True)
	held = []
	while True:
	    c, _ = s.accept()
	    held.append(c)
	    sys.stderr.write("connected\n")
	    sys.stderr.flush()
	EOF
	serve tarpit "$T/tarpit.py"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "git://127.0.0.1:$port/r.git"
	hx a sync >"$T/sync.out" 2>&1 &
	SYNC=$!
	for i in $(seq 50); do
		grep -q connected "$T/tarpit.log" && break
		sleep 0.1
	done
	grep -q connected "$T/tarpit.log" || fail "sync did not connect"
	# The waiting sync holds no lock: hips still writes at once.
	start=$(date +%s)
	logat a 2026-11-20T08:00:00+01:00 bridge 2x11
	[ $(($(date +%s) - start)) -lt 5 ] || fail "hips log waited for sync"
	kill -0 "$SYNC" 2>/dev/null || fail "sync did not wait: $(cat "$T/sync.out")"
	# And it can be stopped there (background jobs ignore SIGINT),
	# leaving everything usable.
	kill -TERM "$SYNC"
	for i in $(seq 50); do
		kill -0 "$SYNC" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$SYNC" 2>/dev/null; then
		kill -KILL "$SYNC"
		fail "sync did not stop"
	fi
	wait "$SYNC"
	[ $? -ne 0 ] || fail "stopped sync exited 0"
	logat a 2026-11-20T09:00:00+01:00 bridge 2x12
	[ "$(git -C "$T/a" rev-list --count HEAD)" = 4 ] || fail "commits"
	git -C "$T/a" fsck --strict >/dev/null 2>&1 || fail "fsck"
	[ -z "$(git -C "$T/a" status --porcelain)" ] || fail "not clean"
	kill "$SPID"
	wait "$SPID" 2>/dev/null
	trap - EXIT
}
if python3 -c '' 2>/dev/null; then
	t "a remote that never answers blocks no other hips and can be stopped" t_slow_remote
fi

# https to a local TLS server (python3's ssl, a certificate made here):
# the handshake must complete, then the certificate, which no CA signed,
# is refused.  The CA bundle and the generator TLS draws its random
# numbers from are set up only now, on first use (src/store/tls.c): a
# generator left unseeded fails the handshake instead.
t_tls() {
	local port i
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
		-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1 ||
		fail "openssl could not make a certificate"
	cat "$T/key.pem" "$T/cert.pem" >"$T/both.pem"
	cat >"$T/tls.py" <<-'EOF'
	import http.server, ssl, sys
	class S(http.server.HTTPServer):
	    def get_request(self):
	        sock, addr = self.socket.accept()
	        sys.stderr.write("handshake %s\n" % sock.version())
	        sys.stderr.flush()
	        return sock, addr
	class H(http.server.BaseHTTPRequestHandler):
	    def do_GET(self):
	        self.send_response(404)
	        self.send_header("Content-Length", "0")
	        self.end_headers()
	    def log_message(self, *a):
	        pass
	s = S(("127.0.0.1", 0), H)
	c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
	c.load_cert_chain(sys.argv[1])
	s.socket = c.wrap_socket(s.socket, server_side=True)
	print(s.server_address[1], flush=True)
	s.serve_forever()
	EOF
	serve tls "$T/tls.py" "$T/both.pem"
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	head=$(git -C "$T/a" rev-parse HEAD)
	run hx a init --remote "https://127.0.0.1:$port/r.git"
	expect_status 0
	# Twice: each sync loads the store and sets TLS up again.
	for i in 1 2; do
		run hx a sync
		expect_status 1
		expect_one_line_err
		expect_err_match "SSL certificate is invalid"
	done
	[ "$(grep -c '^handshake TLS' "$T/tls.log")" -eq 2 ] ||
		fail "handshakes: $(cat "$T/tls.log")"
	[ "$(git -C "$T/a" rev-parse HEAD)" = "$head" ] || fail "HEAD moved"
	# Writing in between (the store loaded without TLS) changes nothing.
	logat a 2026-11-20T08:00:00+01:00 bridge 2x11
	kill "$SPID"
	wait "$SPID" 2>/dev/null
	trap - EXIT
}
if python3 -c 'import ssl' 2>/dev/null && command -v openssl >/dev/null; then
	t "https: the TLS handshake works with its set-up deferred" t_tls
fi

t_git() {
	run hips git status; expect_status 1; expect_err_match "no data repository"
	# Never a repository above the data directory.
	git init -q "$HOME"
	mkdir -p "$DATA"
	run hips git status; expect_status 1; expect_err_match "no data repository"
	rmdir "$DATA"
	identity
	run hips log bridge 2x10; expect_status 0
	run hips git log -n 1 --format=%s
	expect_status 0; expect_out "log: bridge 2x10"
	# Options after "git" are git's, and no shell sees the arguments.
	run hips git -c core.abbrev=12 log -1 --format='%h;$(touch pwned)'
	expect_status 0
	expect_out_match '^[0-9a-f]{12};\$\(touch pwned\)$'
	[ ! -e pwned ] && [ ! -e "$DATA/pwned" ] || fail "a shell ran"
	run hips git commit -q --allow-empty -m 'a; touch pwned2 "x"'
	expect_status 0
	[ "$(git -C "$DATA" log -1 --format=%s)" = 'a; touch pwned2 "x"' ] ||
		fail "message changed"
	[ ! -e "$DATA/pwned2" ] || fail "a shell ran"
	# git's own status comes back.
	run hips git rev-parse --verify nosuch; expect_status 128
	run hips git -h; expect_status 0; expect_out_match "^usage: hips git ARGS"
	GIT_DIR=/nonexistent run hips git rev-parse --show-toplevel
	expect_status 0; expect_out "$DATA"
	run hips -C "$DATA" git rev-parse --is-inside-work-tree
	expect_status 0; expect_out true
}
t "hips git runs git in the data directory, arguments as they are" t_git

t_quiet_without_terminal() {
	remote
	logat a 2026-11-20T07:00:00+01:00 bridge 2x10
	run hx a init --remote "$REM"; run hx a sync
	expect_status 0; expect_out_empty; expect_err_empty
	clone b "$REM"
	[ -z "$(lines b | grep -v '^2026-11-20T07:00:00+01:00 bridge 2x10$')" ] ||
		fail "b's lines"
	if command -v script >/dev/null 2>&1; then
		logat a 2026-11-21T07:00:00+01:00 bridge 2x11
		run hx a sync
		# On a terminal: what happened, on stdout.
		script -qec "$HIPS_BIN -C $T/b sync" /dev/null >"$T/tty" 2>&1
		grep -q "fast-forwarded 1 commit from origin/main" "$T/tty" ||
			fail "no summary on a terminal: $(cat "$T/tty")"
		grep -q "receiving objects: 100% (.*), done\." "$T/tty" ||
			fail "no progress on a terminal: $(cat "$T/tty")"
	fi
}
t "under cron nothing is printed; on a terminal the summary is" t_quiet_without_terminal

done_testing
