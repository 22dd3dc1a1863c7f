#!/bin/bash
# The edges of the write path (issue 14): output that fails after a
# commit, messages, disk full, undo's line, recovery of a killed writer,
# git locks that are not ours.
. "$(dirname "$0")/lib.sh"

L=log/2026-11.log
SHIM="$TOP/${HIPS_BUILD:-build/std}/tests/faultinject.so"

# A write that committed but could not print its report exits 3 and
# says on stderr that the change is committed: exit 1 would mean
# "nothing changed", and a retry would log the entry twice.
t_output_fails() {
	hips log bridge 2x10 >/dev/null || fail "first"
	[ -w /dev/full ] || { echo "# no /dev/full"; return 1; }
	run sh -c '"$0" log bridge 3x11 -m full >/dev/full' "$HIPS_BIN"
	expect_status 3
	expect_err_match 'cannot write to standard output: .*committed'
	[ "$(git -C "$DATA" show HEAD:$L | grep -c '3x11 # full$')" -eq 1 ] ||
		fail "not committed"
	# A closed stdout: the report must not land in a file hips opens.
	run sh -c '"$0" log bridge 3x12 -m closed >&-' "$HIPS_BIN"
	expect_status 3
	expect_err_match 'standard output: it is closed .*committed'
	grep -q logged "$DATA/$L" && fail "the report went into the log"
	git -C "$DATA" show HEAD:$L | grep -q '3x12 # closed$' ||
		fail "not committed"
	run sh -c '"$0" undo >/dev/full' "$HIPS_BIN"
	expect_status 3
	git -C "$DATA" show HEAD:$L | grep -q '3x12 # closed$' &&
		fail "undo not committed"
	# A failed write whose output fails too stays a failure (1 or 2).
	run sh -c '"$0" log bridge 3x1000 >/dev/full' "$HIPS_BIN"
	expect_status 2
	# Readers: no commit, so a failed output is a failure.
	run sh -c '"$0" log -n 1 >/dev/full' "$HIPS_BIN"
	expect_status 1
	return 0
}
t "a write whose output fails exits 3 and says it committed" t_output_fails

t_note_too_long() {
	local note max
	note=$(head -c 5000 /dev/zero | tr '\0' a)
	run hips log bridge 3x10 -m "$note"
	expect_status 2
	expect_err_match '^hips: note too long \(max [0-9]+ bytes'
	expect_one_line_err
	expect_commits 0
	max=$(printf '%s\n' "$err" | sed 's/.*max \([0-9]*\).*/\1/')
	run hips log bridge 3x10 -m "$(head -c "$max" /dev/zero | tr '\0' a)"
	expect_status 0
	run hips log bridge 3x10 -m "$(head -c $((max + 1)) /dev/zero | tr '\0' a)"
	expect_status 2
	run hips skip -m "$note"
	expect_status 2
	expect_err_match 'note too long'
	run hips check; expect_status 0
}
t "a note too long for a line exits 2 with the limit" t_note_too_long

# Each message is one write(): two hips failing side by side never mix
# their lines.
t_one_write() {
	command -v strace >/dev/null || fail "strace is missing (scripts/deps.sh check installs it)"
	hips log bridge 3x10 >/dev/null || fail "first"
	strace -f -qq -s 4096 -e trace=write -o "$T/trace" "$HIPS_BIN" -C "$T/none" \
		undo 2>/dev/null
	[ "$(grep -c 'write(2,' "$T/trace")" -eq 1 ] ||
		fail "an error took $(grep -c 'write(2,' "$T/trace") writes"
	grep -q 'write(2, "hips: nothing to undo' "$T/trace" ||
		fail "$(cat "$T/trace")"
	# A warning too (a hand-added file committed with the entry).
	echo "2026-11-02T10:00:00+01:00 bridge 2x10" >"$DATA/log/2026-10.log"
	strace -f -qq -s 4096 -e trace=write -o "$T/trace" "$HIPS_BIN" log bridge \
		3x10 >/dev/null 2>&1
	grep 'write(2,' "$T/trace" >"$T/w2"
	[ -s "$T/w2" ] || fail "no warning"
	grep -vq '\\n", [0-9]*) = ' "$T/w2" && fail "a write without its newline: $(cat "$T/w2")"
	grep -q 'write(2, "hips: ' "$T/w2" || fail "$(cat "$T/w2")"
	return 0
}
t "an error or warning is written in one write()" t_one_write

# set_free DIR BYTES: fill the file system of DIR but for BYTES.
set_free() {
	local avail size
	avail=$(df --output=avail -B1 "$1" | tail -1)
	size=$(stat -c %s "$1/filler" 2>/dev/null || echo 0)
	rm -f "$1/filler"
	size=$((size + avail - $2))
	[ "$size" -le 0 ] || fallocate -l "$size" "$1/filler" ||
		dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null
}

# mount_small: a 1 MB tmpfs as the data directory's file system.
mount_small() {
	MNT="$T/mnt"
	mkdir -p "$MNT"
	mount -t tmpfs -o size=1m,mode=0700 tmpfs "$MNT" || return 1
	trap 'umount "$MNT" 2>/dev/null' EXIT
	export HIPS_DIR="$MNT/hips" DATA="$MNT/hips"
}

# A full disk at each step of a first and of a later write: every message
# says why, once.
t_full_messages() {
	local k
	mount_small || fail "cannot mount"
	for k in $(seq 0 30); do
		rm -rf "$DATA"
		set_free "$MNT" $((k * 4096))
		run hips log bridge 3x10
		[ "$status" -eq 0 ] && break
		expect_one_line_err
		expect_err_match 'No space left on device'
		expect_err_match '^hips: '
		printf '%s\n' "$err" | grep -q 'No space left on device.*No space left on device' &&
			fail "$k pages: the reason twice"
	done
	[ "$status" -eq 0 ] || fail "no first write fit in 30 pages"
	for k in $(seq 0 20); do
		set_free "$MNT" $((k * 4096))
		run hips log bridge "3x$((k + 1))"
		[ "$status" -eq 0 ] && break
		expect_one_line_err
		expect_err_match 'No space left on device'
		printf '%s\n' "$err" | grep -q 'No space left on device.*No space left on device' &&
			fail "$k pages: the reason twice"
	done
	rm -f "$MNT/filler"
	run hips log bridge 3x10 -m roomy; expect_status 0
	run hips check; expect_status 0
	umount "$MNT"
	trap - EXIT
}

if [ "$(id -u)" -eq 0 ] && mkdir -p "$ROOT/probe" &&
	mount -t tmpfs -o size=64k tmpfs "$ROOT/probe" 2>/dev/null; then
	umount "$ROOT/probe"
	CAN_MOUNT=1
else
	CAN_MOUNT=0
fi
skip_or() {	# NAME FUNCTION: run it where a tmpfs can be mounted
	if [ "$CAN_MOUNT" -eq 1 ]; then
		t "$1" "$2"
	else
		TAP_N=$((TAP_N + 1))
		echo "ok $TAP_N # skip $1: cannot mount a tmpfs (needs root)"
	fi
}
skip_or "a full disk: every failure says why, once" t_full_messages

# A restore needs no free space: undo, and a repair of a torn last line,
# keep the old file by a second name until the commit lands.
t_restore_full() {
	local k
	mount_small || fail "cannot mount"
	hips log bridge 2x10 -m one >/dev/null || fail "first"
	hips log bridge 3x10 -m two >/dev/null || fail "second"
	git -C "$DATA" show HEAD:$L >"$T/head"
	for k in $(seq 0 12); do
		set_free "$MNT" $((k * 4096))
		run hips undo
		if [ "$status" -eq 0 ]; then
			expect_out_match '^removed: .*# two$'
			break
		fi
		printf '%s\n' "$err" | grep -q 'could not restore' &&
			fail "$k pages: $err"
		cmp -s "$T/head" "$DATA/$L" || fail "$k pages: undo failed, file changed"
		[ -z "$(git -C "$DATA" status --porcelain)" ] ||
			fail "$k pages: work tree not clean"
	done
	[ "$status" -eq 0 ] || fail "no undo fit in 12 pages"
	rm -f "$MNT/filler"
	# A torn last line, then a disk too full for the repaired file.
	printf '2026-11-20T08:00:00+01:00 bridge 2x10' >>"$DATA/$L"
	cp "$DATA/$L" "$T/torn"
	for k in $(seq 0 12); do
		set_free "$MNT" $((k * 4096))
		run hips log bridge 3x11 -m three
		[ "$status" -eq 0 ] && break
		printf '%s\n' "$err" | grep -q 'could not restore' &&
			fail "$k pages: $err"
		cmp -s "$T/torn" "$DATA/$L" ||
			fail "$k pages: failed, but the file changed: $(diff "$T/torn" "$DATA/$L")"
	done
	[ "$status" -eq 0 ] || fail "no write fit in 12 pages"
	rm -f "$MNT/filler"
	[ "$(grep -c '# three$' "$DATA/$L")" -eq 1 ] || fail "three not once"
	ls -a "$DATA/log" | grep -q hips-old && fail "a backup left behind"
	run hips check; expect_status 0
	umount "$MNT"
	trap - EXIT
}
skip_or "a restore after a full disk needs no free space" t_restore_full

# A hips killed between replacing the file and committing (its backup
# left beside the file): the next write rolls the change back.
t_killed_replace() {
	hips log bridge 2x10 -m one >/dev/null || fail "first"
	hips log bridge 3x10 -m two >/dev/null || fail "second"
	cp "$DATA/$L" "$DATA/log/.2026-11.log.hips-old"
	grep -v '# two$' "$DATA/log/.2026-11.log.hips-old" >"$T/new"
	cp "$T/new" "$DATA/$L"
	run hips log bridge 3x11 -m three; expect_status 0
	expect_err_match 'rolled back .*2026-11.log'
	git -C "$DATA" show HEAD:$L >"$T/head"
	[ "$(grep -c '# two$' "$T/head")" -eq 1 ] || fail "the killed undo was committed"
	git -C "$DATA" log --format=%s | grep -q '^edit:' && fail "committed as an edit"
	[ ! -e "$DATA/log/.2026-11.log.hips-old" ] || fail "backup left"
	return 0
}
t "a change a killed hips never committed is rolled back" t_killed_replace

# Undo takes back the line the commit's message records, not the first
# line its diff adds.
t_undo_exact() {
	hips log bridge 2x10 -m one >/dev/null || fail "first"
	# A hand-added line, uncommitted, then an entry: the hand line gets
	# a commit of its own first.
	echo "2026-11-26T06:00:00+01:00 clamshell 2x10/side" >>"$DATA/$L"
	run hips log bridge 3x10 -m mine; expect_status 0
	expect_err_match 'committed on its own an entry found uncommitted'
	git -C "$DATA" log -1 --format=%s HEAD^ | grep -qx 'log: clamshell 2x10/side (recovered)' ||
		fail "no recovered commit: $(git -C "$DATA" log --format=%s)"
	[ "$(git -C "$DATA" diff HEAD^ HEAD | grep -c '^+[0-9]')" -eq 1 ] ||
		fail "the entry's commit adds more than its line"
	run hips undo; expect_status 0
	expect_out_match '# mine$'
	grep -q clamshell "$DATA/$L" || fail "undo removed the hand-added line"
	# A commit adding two lines, the entry second (as a commit made by
	# a hips of before this fix could): the recorded one goes.
	hips log bridge 3x11 -m a >/dev/null || fail "a"
	git -C "$DATA" reset -q --soft HEAD^
	echo "2026-11-26T05:00:00+01:00 bridge 2x11 # b" >"$T/first"
	cat "$T/first" "$DATA/$L" >"$T/new"
	cp "$T/new" "$DATA/$L"
	git -C "$DATA" add $L
	git -C "$DATA" -c user.name=x -c user.email=x@x commit -q \
		-m "log: bridge 3x11" -m "2026-11-26T07:30:00+01:00 bridge 3x11 # a"
	run hips undo; expect_status 0
	expect_out_match '# a$'
	grep -q '# b$' "$DATA/$L" || fail "removed the first added line"
	# A committed line holding a NUL: never an older entry in its place.
	printf '2026-11-26T09:00:00+01:00 bridge 3x9 # a\0b\n' >>"$DATA/$L"
	git -C "$DATA" -c user.name=x -c user.email=x@x commit -qam 'log: nul'
	cp "$DATA/$L" "$T/before"
	run hips undo; expect_status 1
	expect_err_match 'adds no entry line'
	cmp -s "$T/before" "$DATA/$L" || fail "undo changed the file"
	# An old commit without a body: its added line.
	git -C "$DATA" -c user.name=x -c user.email=x@x revert --no-edit HEAD \
		>/dev/null
	echo "2026-11-26T10:00:00+01:00 bridge 2x12" >>"$DATA/$L"
	git -C "$DATA" -c user.name=x -c user.email=x@x commit -qam 'log: bridge 2x12'
	run hips undo; expect_status 0
	expect_out_match 'bridge 2x12$'
	run hips check; expect_status 0
}
t "undo takes back exactly the line its commit recorded" t_undo_exact

# A killed writer's line is committed on its own, never inside another
# entry's commit; other files changed too get their own commit.
t_recovered() {
	hips log bridge 2x10 -m one >/dev/null || fail "first"
	echo "2026-11-26T07:00:00+01:00 bridge 2x11 # killed" >>"$DATA/$L"
	echo "2026-10-02T08:00:00+02:00 bridge 2x10 # october" >"$DATA/log/2026-10.log"
	run hips log bridge 3x10 -m next; expect_status 0
	git -C "$DATA" log --format=%s -4 >"$T/subjects"
	printf '%s\n' 'log: bridge 3x10' 'log: bridge 2x11 (recovered)' \
		'edit: changes found in the work tree, committed on their own' \
		'log: bridge 2x10' >"$T/want"
	cmp -s "$T/want" "$T/subjects" || fail "commits: $(cat "$T/subjects")"
	[ "$(git -C "$DATA" diff --stat HEAD~2 HEAD~1 | grep -c '|')" -eq 1 ] ||
		fail "the recovered commit holds other files"
	git -C "$DATA" show --format=%b -s HEAD~1 | grep -qx '2026-11-26T07:00:00+01:00 bridge 2x11 # killed' ||
		fail "the recovered commit does not record its line"
	[ "$(git -C "$DATA" diff --stat HEAD^ HEAD | grep -c '|')" -eq 1 ] ||
		fail "the entry's commit holds other files"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "not clean"
	run hips undo; expect_status 0; expect_out_match '# next$'
	run hips undo; expect_status 0; expect_out_match '# killed$'
	# A month file deleted by hand: its lines must not leave HEAD
	# inside the next entry's commit.
	rm "$DATA/$L"
	head=$(git -C "$DATA" rev-parse HEAD)
	run hips log bridge 3x12; expect_status 1
	expect_err_match 'deleted but the last commit has it'
	expect_one_line_err
	[ "$(git -C "$DATA" rev-parse HEAD)" = "$head" ] || fail "committed"
	[ ! -e "$DATA/$L" ] || fail "the file was made again"
}
t "a killed writer's line gets a commit of its own" t_recovered

# Another git holding index.lock: no commit until the index can be
# brought up to date with it; an old lock is named at once.
t_index_lock() {
	hips log bridge 2x10 >/dev/null || fail "first"
	: >"$DATA/.git/index.lock"
	( sleep 2; rm "$DATA/.git/index.lock" ) &
	run hips log bridge 3x10 -m waited; expect_status 0
	wait
	[ -z "$(git -C "$DATA" status --porcelain)" ] ||
		fail "index stale: $(git -C "$DATA" status --porcelain)"
	git -C "$DATA" diff --cached --quiet || fail "index differs from HEAD"
	# A later plain git commit keeps the entry.
	echo x >"$DATA/other"
	git -C "$DATA" add other
	git -C "$DATA" -c user.name=x -c user.email=x@x commit -qm other
	git -C "$DATA" show HEAD:$L | grep -q '# waited$' || fail "git commit dropped the entry"
	run hips check; expect_status 0
	# An index.lock an hour old: refused at once, nothing changed.
	: >"$DATA/.git/index.lock"
	touch -d '-1 hour' "$DATA/.git/index.lock"
	cp "$DATA/$L" "$T/before"
	SECONDS=0
	run hips log bridge 3x11 -m old; expect_status 1
	[ "$SECONDS" -lt 5 ] || fail "waited ${SECONDS}s for a stale lock"
	expect_err_match "index.lock' is 60 minutes old"
	expect_one_line_err
	cmp -s "$T/before" "$DATA/$L" || fail "the file changed"
	git -C "$DATA" show HEAD:$L | grep -q '# old$' && fail "committed"
	[ -e "$DATA/.git/index.lock" ] || fail "removed a lock not its own"
	rm "$DATA/.git/index.lock"
}
t "a foreign index.lock: wait, or refuse before committing" t_index_lock

# The record of a killed hips: only the lock files it made go, never a
# live git's lock of the same name made since.
t_live_git_lock() {
	hips log bridge 2x10 >/dev/null || fail "first"
	# A hips killed mid-write made index.lock and the branch's lock ...
	: >"$DATA/.git/index.lock"
	printf '4242 %s\nlock %s %s\n' "$(date +%s)" \
		"$(stat -c '%d %i' "$DATA/.git/index.lock")" \
		"$DATA/.git/index.lock" >"$DATA/.git/hips.lock"
	# ... and a live git holds the branch's lock now.
	: >"$DATA/.git/refs/heads/main.lock"
	ino=$(stat -c %i "$DATA/.git/refs/heads/main.lock")
	( sleep 2
	  [ "$(stat -c %i "$DATA/.git/refs/heads/main.lock" 2>/dev/null)" = "$ino" ] ||
		echo gone >"$T/gone"
	  rm -f "$DATA/.git/refs/heads/main.lock" ) &
	run hips log bridge 3x10 -m after; expect_status 0
	wait
	[ ! -e "$T/gone" ] || fail "removed the live git's lock"
	expect_err_match "removed '.*index.lock' left by a hips that was killed"
	printf '%s\n' "$err" | grep -q 'main.lock' && fail "touched main.lock: $err"
	git -C "$DATA" show HEAD:$L | grep -q '# after$' || fail "not committed"
	return 0
}
t "a dead hips's locks are cleared, a live git's are not" t_live_git_lock

# A linked work tree (git worktree add) as the data directory.
t_worktree() {
	hips log bridge 2x10 >/dev/null || fail "first"
	git -C "$DATA" worktree add -q "$T/wt" 2>/dev/null || fail "worktree add"
	run hips -C "$T/wt" log bridge 3x10 -m wt; expect_status 0
	HIPS_DIR="$T/wt" run hips log bridge 3x11 -m wt2; expect_status 0
	git -C "$T/wt" show HEAD:$L | grep -q '# wt2$' || fail "not committed"
	[ -z "$(git -C "$T/wt" status --porcelain)" ] || fail "not clean"
	run hips -C "$T/wt" undo; expect_status 0; expect_out_match '# wt2$'
	run hips -C "$T/wt" check; expect_status 0
	[ "$(git -C "$DATA" rev-list --count main)" -eq 2 ] ||
		fail "the main work tree's branch moved"
	git -C "$DATA" fsck --no-dangling >/dev/null 2>&1 || fail "git fsck"
}
t "a linked work tree works as the data directory" t_worktree

# Undo reaching the start of a shallow clone says so.
t_shallow() {
	hips log bridge 2x10 -m one >/dev/null || fail "first"
	hips log bridge 3x10 -m two >/dev/null || fail "second"
	git clone -q --depth 1 "file://$DATA" "$T/shallow" || fail "clone"
	run hips -C "$T/shallow" undo; expect_status 0; expect_out_match '# two$'
	run hips -C "$T/shallow" undo; expect_status 1
	expect_err_match 'shallow clone'
	expect_err_match 'unshallow'
	printf '%s\n' "$err" | grep -q 'not found' && fail "$err"
	return 0
}
t "undo past a shallow clone's start says so" t_shallow

done_testing
