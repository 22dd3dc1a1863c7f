#!/bin/bash
# The answer caches of `hips next` and the `hips log` listing: used when
# nothing changed, never when anything they depend on did.
. "$(dirname "$0")/lib.sh"

# Replace the answer kept in the cache file $1 by $2, keeping its key.
tamper() {
	local key
	key=$(head -1 "$1" | cut -d' ' -f3)
	printf 'hips-outcache 1 %s %s\n%s' "$key" "${#2}" "$2" >"$1"
}

t_next_cache() {
	hips log -d 2026-11-23 bridge 2x10 hold=2s >/dev/null
	hips log -d 2026-11-24 bridge 2x10 hold=2s >/dev/null
	sleep 2.2	# older than the racy window
	run hips next; expect_status 0
	local want=$out f
	f=$(ls "$HOME/.cache/hips"/next-* 2>/dev/null | head -1)
	[ -n "$f" ] || fail "no cache written"
	run hips next; expect_out "$want"
	tamper "$f" "from the cache"
	run hips next; expect_status 0; expect_out "from the cache"
	run hips next --why; expect_out_nomatch 'from the cache'
	# Another day, another answer.
	HIPS_NOW=2026-11-27T07:30:00+01:00 run hips next
	expect_out_nomatch 'from the cache'
	# A change to program.ini.
	mkdir -p "$CONF"
	cp "$TOP/examples/program.ini" "$CONF/program.ini"
	run hips next; expect_out_nomatch 'from the cache'
	rm "$CONF/program.ini"
	# An edit of a log file, even one that keeps its size and mtime.
	local m
	m=$(stat -c %y "$DATA/log/2026-11.log")
	sed -i 's/2x10/3x10/' "$DATA/log/2026-11.log"
	touch -d "$m" "$DATA/log/2026-11.log"
	run hips next; expect_out_nomatch 'from the cache'
	expect_out "$(XDG_CACHE_HOME=$T/none hips next)"
}
t "next answers from its cache until the log, program or day changes" t_next_cache

t_log_cache() {
	hips log -d 2026-11-23 bridge 2x10 >/dev/null
	sleep 2.2
	run hips log; expect_status 0
	local f
	f=$(ls "$HOME/.cache/hips"/log-* 2>/dev/null | head -1)
	[ -n "$f" ] || fail "no cache written"
	tamper "$f" "from the cache"
	run hips log; expect_out "from the cache"
	run hips log -n 1; expect_out_nomatch 'from the cache'
	# A new month file is a change too.
	printf '2026-10-01T08:00:00+01:00 bridge 2x10\n' >"$DATA/log/2026-10.log"
	run hips log; expect_out_match '2026-10-01 08:00  bridge 2x10'
	# A fresh change is never stored: no stale answer can follow it.
	rm -f "$HOME/.cache/hips"/log-*
	printf '2026-10-02T08:00:00+01:00 bridge 2x10\n' >>"$DATA/log/2026-10.log"
	run hips log; expect_status 0
	ls "$HOME/.cache/hips"/log-* >/dev/null 2>&1 && fail "stored a racy answer"
	return 0
}
t "the log listing answers from its cache until a log file changes" t_log_cache

t_bad_lines_not_cached() {
	hips log -d 2026-11-23 bridge 2x10 >/dev/null
	echo 'garbage' >>"$DATA/log/2026-11.log"
	sleep 2.2
	run hips next; expect_status 1
	run hips log; expect_status 1; expect_err_match '2026-11.log:2:'
	ls "$HOME/.cache/hips"/next-* "$HOME/.cache/hips"/log-* >/dev/null 2>&1 &&
		fail "an answer with warnings was cached"
	return 0
}
t "answers with malformed lines are never cached" t_bad_lines_not_cached

t_cache_unwritable() {
	hips log -d 2026-11-23 bridge 2x10 >/dev/null
	sleep 2.2
	mkdir -p "$HOME/.cache"
	touch "$HOME/.cache/hips"	# a file where the directory should be
	run hips next; expect_status 0; expect_err_empty
	run hips log; expect_status 0; expect_err_empty
	expect_out_match 'bridge 2x10'
}
t "an unusable cache directory only costs time" t_cache_unwritable

done_testing
