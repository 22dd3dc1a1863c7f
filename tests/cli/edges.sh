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

done_testing
