#!/bin/bash
# Full disks and failing system calls: hips log exits 0 only when HEAD
# holds the new line, and when it fails the data is as it was.
. "$(dirname "$0")/lib.sh"

SHIM="$TOP/${HIPS_BUILD:-build/std}/tests/faultinject.so"
L=log/2026-11.log

# frun SPEC ERRNO ARGS...: run hips with the shim failing SPEC.
frun() {
	local spec=$1 eno=$2
	shift 2
	# shellcheck disable=SC2086
	run env HIPS_FAULT="$spec" HIPS_FAULT_ERRNO="$eno" LD_PRELOAD="$SHIM" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		$HIPS_WRAP "$HIPS_BIN" "$@"
}

# Remember HEAD and the month file before a write.
snapshot() {
	before_head=$(git -C "$DATA" rev-parse HEAD)
	cp "$DATA/$L" "$T/before"
}

# After `run hips log ... -m NOTE`: exit 0 means HEAD is a new commit
# holding the line once and the file matches it; a failure leaves HEAD
# and the file as they were (or, when the commit landed and only a check
# after it failed, says so and leaves the file matching HEAD).
expect_intact() {
	local note=$1 what=$2 head n
	head=$(git -C "$DATA" rev-parse HEAD)
	git -C "$DATA" show "HEAD:$L" >"$T/head" 2>/dev/null
	n=$(grep -c -- "# $note\$" "$T/head")
	if [ "$status" -eq 0 ]; then
		[ "$head" != "$before_head" ] || fail "$what: exit 0, HEAD did not move"
		[ "$n" -eq 1 ] || fail "$what: exit 0, the line is in HEAD $n times"
		cmp -s "$T/head" "$DATA/$L" || fail "$what: file differs from HEAD"
	elif [ "$head" = "$before_head" ]; then
		cmp -s "$T/before" "$DATA/$L" ||
			fail "$what: failed (status $status) but the file changed: $(diff "$T/before" "$DATA/$L")"
		[ -n "$err" ] || fail "$what: failed without a message"
	else
		expect_err_match 'the commit was made'
		[ "$n" -eq 1 ] || fail "$what: the line is in HEAD $n times"
		cmp -s "$T/head" "$DATA/$L" || fail "$what: file differs from HEAD"
	fi
	git -C "$DATA" fsck --no-dangling >"$T/fsck" 2>&1 ||
		fail "$what: git fsck: $(head -3 "$T/fsck")"
	for l in index.lock HEAD.lock refs/heads/main.lock; do
		[ ! -e "$DATA/.git/$l" ] || fail "$what: $l left behind"
	done
	! grep -q '[0-9]' "$DATA/.git/hips.lock" || fail "$what: lock record left"
}

# The operations of a `hips log`, each named by its call and the file it
# works on ("fsync .git/refs/heads$"), with how many times it is made:
# every object file and fan-out directory is one file, ".git/objects/",
# as their names change from write to write and their fsyncs run side by
# side in threads, in any order.
operations() {	# TRACE
	sed "s|^\([a-z]*\) $DATA/|\1 |" "$1" |
		awk '$1 ~ /^(write|fsync|rename|link|open|pwrite|ftruncate)$/ {
			p = $2
			if (p ~ /^\.git\/objects\/([0-9a-f][0-9a-f]|tmp_|pack\/)/)
				p = ".git/objects/"
			else
				p = p "$"
			n[$1 "@" p]++
		}
		END { for (k in n) print k, n[k] }' | sort
}

t_injected() {
	local f n max i=0 runs=0 op count
	[ -e "$SHIM" ] || { echo "# no $SHIM"; return 1; }
	hips log -d 2026-11-01 bridge 2x10 -m first >/dev/null || fail "first"
	rm -f "$T/count" "$T/trace"
	HIPS_FAULT_COUNT="$T/count" HIPS_FAULT_TRACE="$T/trace" \
		frun none 0 log bridge 3x10 -m counted
	expect_status 0
	# Each operation fails in turn, aimed at by name: which one fails
	# never depends on the order of calls.
	operations "$T/trace" >"$T/ops"
	[ "$(wc -l <"$T/ops")" -gt 20 ] || fail "few operations: $(cat "$T/ops")"
	grep -q '^fsync@\.git/refs/heads\$ 1$' "$T/ops" ||
		fail "no fsync of refs/heads: $(cat "$T/ops")"
	while read -r op count; do
		for n in $(seq 1 "$HIPS_SLOW" "$count"); do
			i=$((i + 1))
			snapshot
			frun "$op:$n" $((i % 2 ? 28 : 5)) log bridge 3x10 \
				-m "f$i"
			expect_intact "f$i" "$op call $n"
			runs=$((runs + 1))
		done
	done <"$T/ops"
	# One call more of each kind than a write makes: a write that makes
	# more (a fan-out directory to sync) still fails whole.
	for f in write fsync rename link open pwrite ftruncate; do
		max=$(awk -v f="$f" '$1 == f { print $2 }' "$T/count")
		i=$((i + 1))
		snapshot
		frun "$f:$((max + 1))" 5 log bridge 3x10 -m "f$i"
		expect_intact "f$i" "$f call $((max + 1))"
		runs=$((runs + 1))
	done
	# A failed commit whose undo fails too (ftruncate 1 is the lock's).
	max=$(awk '$1 == "rename" { print $2 }' "$T/count")
	for n in $(seq 1 "$HIPS_SLOW" "$max"); do
		for f in "ftruncate:2" "ftruncate:2,rename:$((max + 1))"; do
			i=$((i + 1))
			snapshot
			frun "rename:$n,$f" 5 log bridge 3x10 -m "f$i"
			expect_intact "f$i" "rename $n and $f"
		done
	done
	# Everything failing from some point on (not under valgrind, which
	# needs to open files itself).
	[ -n "$HIPS_WRAP" ] ||
	for n in 1 5 10 20 40 60; do
		i=$((i + 1))
		snapshot
		frun "open:$n+,write:$n+" 28 log bridge 3x10 -m "f$i"
		expect_intact "f$i" "open and write from $n on"
	done
	echo "# $runs injected faults"
	run hips log bridge 3x10 -m after; expect_status 0
	expect_err_empty
	run hips check; expect_status 0
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "work tree not clean"
}
t "an injected failure of each write, fsync, rename, link, open" t_injected

# Two writes in a row failing: libgit2 tries a loose object twice, and
# libgit2 1.5's git_commit_create() returns 0 when its commit could not
# be written.  The branch must never name a missing commit (git fsck),
# and nothing is left half done.
t_injected_twice() {
	local n max i=0
	[ -e "$SHIM" ] || { echo "# no $SHIM"; return 1; }
	hips log -d 2026-11-01 bridge 2x10 -m first >/dev/null || fail "first"
	rm -f "$T/count"
	HIPS_FAULT_COUNT="$T/count" frun none 0 log bridge 3x10 -m counted
	expect_status 0
	max=$(awk '$1 == "write" { print $2 }' "$T/count")
	for n in $(seq 1 "$HIPS_SLOW" "$max"); do
		i=$((i + 1))
		snapshot
		frun "write:$n-$((n + 1))" 28 log bridge 3x10 -m "w$i"
		expect_intact "w$i" "writes $n and $((n + 1))"
	done
	run hips check; expect_status 0
}
t "two writes in a row failing: never a branch on a missing commit" t_injected_twice

# What a `hips log` syncs, counted by the shim: the line (1), each new
# loose object (4: blob, log/ tree, root tree, commit) and each of their
# fan-out directories once, the ref and its directory (2); objects/ only
# when one of those directories is newer than the last sync of objects/
# (made by this write, or by git since), or that record is missing or
# torn.  The reflogs are not synced, as git never syncs them.
fsyncs() {	# ARGS...: run hips log ARGS counting, print the fsyncs
	rm -f "$T/count"
	HIPS_FAULT_COUNT="$T/count" frun none 0 log "$@"
	expect_status 0
	awk '$1 == "fsync" { print $2 }' "$T/count"
}

# The fsyncs a write must make, from what it wrote: objsync is 1 when
# objects/ had to be synced.
expected() {	# objsync
	local c dirs
	dirs=$(for c in HEAD 'HEAD^{tree}' HEAD:log "HEAD:$L"; do
		git -C "$DATA" rev-parse "$c"
	done | cut -c1-2 | sort -u | wc -l)
	for c in HEAD 'HEAD^{tree}' HEAD:log "HEAD:$L"; do
		c=$(git -C "$DATA" rev-parse "$c")
		[ -f "$DATA/.git/objects/${c:0:2}/${c:2}" ] ||
			fail "object $c is not loose"
	done
	echo $((1 + 4 + dirs + $1 + 2))
}

# One write, its fsyncs checked: objects/ is synced when the write made
# a fan-out directory, or when $1 says it must be.
write_counted() {	# must DOSE
	local n want made=0
	ls "$DATA/.git/objects" >"$T/before"
	n=$(fsyncs bridge "$2")
	ls "$DATA/.git/objects" >"$T/after"
	cmp -s "$T/before" "$T/after" || made=1
	want=$(expected $((made | $1)))
	[ "$n" -eq "$want" ] || fail "bridge $2 (made a directory: $made): $n fsyncs, want $want"
	MADE=$((MADE + made))
}

t_fsync_count() {
	local i
	[ -e "$SHIM" ] || { echo "# no $SHIM"; return 1; }
	hips log -d 2026-11-01 bridge 2x10 -m first >/dev/null || fail "first"
	MADE=0
	write_counted 0 3x1
	# Fan-out directories made by someone else (git) since the last
	# sync of objects/: all that are missing, the next write uses them.
	for i in $(seq 0 255); do
		mkdir -p "$DATA/.git/objects/$(printf %02x "$i")"
	done
	write_counted 1 3x2
	# Then every directory is older than the sync: objects/ stays.
	for i in 3 4 5; do
		write_counted 0 "3x$i"
	done
	[ "$MADE" -eq 1 ] || fail "$MADE writes made a fan-out directory"
	# The empty ones gone (git prune does that): made again.
	find "$DATA/.git/objects" -mindepth 1 -maxdepth 1 -type d -empty \
		-name '??' -delete
	write_counted 0 3x6
	write_counted 0 3x7
	[ "$MADE" -gt 1 ] || fail "no write made a fan-out directory"
	# No record, a torn one, one of another objects/: sync.
	rm "$DATA/.git/hips-synced"
	write_counted 1 4x1
	head -c 20 "$DATA/.git/hips-synced" >"$T/torn"
	cp "$T/torn" "$DATA/.git/hips-synced"
	write_counted 1 4x2
	sed -i 's/^objects [0-9]*/objects 1/' "$DATA/.git/hips-synced"
	write_counted 1 4x3
	write_counted 0 4x4
	# The reflogs have every entry, as git writes them.
	[ "$(git -C "$DATA" reflog | wc -l)" -eq 13 ] ||
		fail "reflog: $(git -C "$DATA" reflog | wc -l) entries"
	git -C "$DATA" log -g -1 --format='%gs|%gn <%ge>' >"$T/rl"
	[ "$(cat "$T/rl")" = "commit: log: bridge 4x4|hips <hips@localhost>" ] ||
		fail "reflog entry: $(cat "$T/rl")"
	cmp -s <(tail -1 "$DATA/.git/logs/HEAD") \
	    <(tail -1 "$DATA/.git/logs/refs/heads/main") ||
		fail "the two reflogs differ"
	git -C "$DATA" fsck --strict >/dev/null 2>&1 || fail "git fsck"
}
t "a write syncs the line, objects, fan-out directories and ref, no more" t_fsync_count

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

t_full_disk() {
	local mnt="$T/mnt" k free
	mkdir -p "$mnt"
	if ! mount -t tmpfs -o size=1m,mode=0700 tmpfs "$mnt" 2>/dev/null; then
		echo "# cannot mount a tmpfs here"
		return 77
	fi
	trap 'umount "$mnt" 2>/dev/null' EXIT
	export HIPS_DIR="$mnt/hips" DATA="$mnt/hips"
	hips log -d 2026-11-01 bridge 2x10 -m first >/dev/null || fail "first"
	# Leave exactly k pages free, k = 0, 1, 2...: a failed write may
	# leave loose objects behind (git gc prunes them), so the filler is
	# sized again before each try.
	for k in $(seq 0 60); do
		set_free "$mnt" $((k * 4096))
		snapshot
		run hips log bridge 3x10 -m "d$k"
		expect_intact "d$k" "$k pages free"
		[ "$status" -eq 0 ] && break
	done
	[ "$status" -eq 0 ] || fail "no write succeeded with 60 pages free"
	echo "# the first write that fit needed $k free pages"
	rm "$mnt/filler"
	run hips log bridge 3x10 -m roomy; expect_status 0
	run hips check; expect_status 0
	umount "$mnt"
	trap - EXIT
}

# Skip (TAP) when no tmpfs can be mounted (not root, no CAP_SYS_ADMIN).
if [ "$(id -u)" -eq 0 ] && mkdir -p "$ROOT/probe" &&
	mount -t tmpfs -o size=64k tmpfs "$ROOT/probe" 2>/dev/null; then
	umount "$ROOT/probe"
	t "a full disk (a small tmpfs): never exit 0 without the commit" t_full_disk
else
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N # skip a full disk: cannot mount a tmpfs (needs root)"
fi

t_dev_full() {
	hips log bridge 3x10 >/dev/null
	hips log >/dev/full 2>"$T/e" && fail "hips log >/dev/full exited 0"
	grep -q 'cannot write to standard output' "$T/e" || fail "no message"
	hips log --json >/dev/full 2>/dev/null && fail "--json >/dev/full exited 0"
	hips check >/dev/full 2>/dev/null || true
	hips help >/dev/full 2>/dev/null && fail "help >/dev/full exited 0"
	# A write whose report cannot be printed still committed: exit 1.
	hips log bridge 3x11 -m full >/dev/full 2>/dev/null && fail "log to /dev/full exited 0"
	git -C "$DATA" show HEAD:$L | grep -q '# full$' || fail "not committed"
	return 0
}
[ -w /dev/full ] && t "output to /dev/full exits non-zero" t_dev_full

# A signal in the middle of a write (Control-C, a TERM from a service
# manager) waits for the write to finish or fail as a whole, and the exit
# status tells the truth: 0 and the entry once when it landed; killed by
# the signal and nothing written when the write failed (here: the same
# call made to fail too).  Dying after the commit would report a failure
# and the user would log the entry again.
t_signal_midwrite() {
	local f n max sig fault i=0 landed=0 killed=0
	[ -e "$SHIM" ] || { echo "# no $SHIM"; return 1; }
	hips log -d 2026-11-01 bridge 2x10 -m first >/dev/null || fail "first"
	rm -f "$T/count"
	HIPS_FAULT_COUNT="$T/count" frun none 0 log bridge 3x10 -m counted
	expect_status 0
	for f in openat fsync rename; do
		max=$(awk -v f="$f" '$1 == f { print $2 }' "$T/count")
		for n in $(seq 1 "$HIPS_SLOW" "$max"); do
			for fault in none "$f:$n"; do
				i=$((i + 1))
				sig=$((i % 2 ? 2 : 15))
				what="signal $sig at $f call $n, failing $fault"
				snapshot
				run env HIPS_FAULT="$fault" HIPS_FAULT_ERRNO=5 \
					HIPS_FAULT_RAISE="$f:$n" \
					HIPS_FAULT_SIGNO=$sig LD_PRELOAD="$SHIM" \
					ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
					$HIPS_WRAP "$HIPS_BIN" log bridge 3x10 -m "g$i"
				if [ "$status" -lt 128 ]; then
					[ "$fault" != none ] || expect_status 0
					[ "$status" -ne 0 ] ||
						expect_out_match "^logged bridge 3x10"
					expect_intact "g$i" "$what"
					[ "$status" -ne 0 ] || landed=$((landed + 1))
					continue
				fi
				[ "$status" -eq $((128 + sig)) ] ||
					fail "$what: status $status"
				[ "$(git -C "$DATA" rev-parse HEAD)" = "$before_head" ] ||
					fail "$what: killed, but HEAD moved"
				cmp -s "$T/before" "$DATA/$L" ||
					fail "$what: killed, but the file changed"
				killed=$((killed + 1))
			done
		done
	done
	echo "# $landed landed, $killed killed with nothing written"
	[ "$landed" -gt 0 ] && [ "$killed" -gt 0 ] ||
		fail "landed $landed, killed $killed"
}
t "a signal mid-write: exit 0 and the entry once, or killed and nothing" t_signal_midwrite

done_testing
