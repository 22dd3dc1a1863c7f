#!/bin/bash
# hips remind: silence when today's due work is done, else one line (what
# hips next says is due, and a cue for the unlocked exercises and the
# hour: morning cues only before noon); --notify through a stub
# notify-send on PATH.  Today is 2026-11-26.
. "$(dirname "$0")/lib.sh"

# The cues of contexts $@, one a line.
cues_of() {
	local c
	for c in "$@"; do
		hips cues --list -c "$c" | sed -n 's/^  //p'
	done
}

# The cue of the reminder in $out: what follows "due today: ...."
the_cue() {
	printf '%s\n' "$out" | sed 's/^due today: [^.]*\. //'
}

# A notify-send that records its arguments, one a line, and exits $1.
stub_notify() {
	mkdir -p "$T/bin"
	cat >"$T/bin/notify-send" <<EOF2
#!/bin/sh
for a in "\$@"; do printf '%s\n' "\$a"; done >>"$T/notified"
exit ${1:-0}
EOF2
	chmod +x "$T/bin/notify-send"
}

t_due_morning() {
	local h seen_morning=0
	cues_of morning bridge >"$T/pool"
	for h in 06 07 08 09 10 11; do
		HIPS_NOW=2026-11-26T$h:15:00+01:00 run hips remind
		expect_status 0; expect_err_empty
		[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "not one line"
		expect_out_match '^due today: bridge 2x10 hold=2s\. '
		grep -Fxq -- "$(the_cue)" "$T/pool" ||
			fail "$h h: '$(the_cue)' is not a morning or bridge cue"
		cues_of morning | grep -Fxq -- "$(the_cue)" && seen_morning=1
	done
	# Over a few mornings, a morning cue comes.
	for h in 20 21 22 23 24 25; do
		HIPS_NOW=2026-11-${h}T08:00:00+01:00 run hips remind
		cues_of morning | grep -Fxq -- "$(the_cue)" && seen_morning=1
	done
	[ "$seen_morning" -eq 1 ] || fail "no morning cue in twelve mornings"
	# Locked ladders have no cue yet.
	[ -d "$DATA" ] && fail "remind created the data directory"
	return 0
}
t "due, before noon: one line, a morning or a bridge cue" t_due_morning

t_due_later() {
	local d h
	cues_of bridge >"$T/pool"
	for d in 20 21 22 23 24 25 26; do
		for h in 12 18 23; do
			HIPS_NOW=2026-11-${d}T$h:00:00+01:00 run hips remind
			expect_status 0
			expect_out_match '^due today: bridge 2x10 hold=2s\. '
			grep -Fxq -- "$(the_cue)" "$T/pool" ||
				fail "$d $h h: '$(the_cue)' is not a bridge cue"
		done
	done
}
t "due, after noon: no morning cue, no cue of a locked ladder" t_due_later

t_done() {
	hips log bridge 2x10 hold=2s >/dev/null 2>&1
	run hips remind; expect_status 0
	expect_out_empty; expect_err_empty
	stub_notify
	PATH=$T/bin:$PATH run hips remind --notify; expect_status 0
	expect_out_empty
	[ -e "$T/notified" ] && fail "notified with nothing due"
	# Tomorrow it is due again.
	HIPS_NOW=2026-11-27T09:00:00+01:00 run hips remind
	expect_out_match '^due today: bridge 2x10 hold=2s\. '
}
t "done today: nothing, exit 0; due again tomorrow" t_done

t_rest_and_pause() {
	hips skip >/dev/null 2>&1
	run hips remind; expect_status 0; expect_out_empty
	HIPS_NOW=2026-11-27T09:00:00+01:00 hips pain 8 >/dev/null 2>&1
	HIPS_NOW=2026-11-27T10:00:00+01:00 run hips remind
	expect_status 0; expect_out_empty
}
t "a rest day, or a pause for pain: nothing is due" t_rest_and_pause

t_several() {
	# Clamshells unlocked and due as well: both, in the program's order.
	hips set bridge 5 >/dev/null 2>&1
	hips log -d 2026-11-20 bridge 3x15 hold=2s >/dev/null 2>&1
	run hips remind; expect_status 0
	expect_out_match '^due today: bridge 3x15 hold=2s, clamshell 2x10/side hold=2s\. '
	cues_of morning bridge clamshell | grep -Fxq -- "$(the_cue)" ||
		fail "'$(the_cue)'"
}
t "several ladders due: one line names each" t_several

t_own_cues() {
	mkdir -p "$CONF"
	printf '%s\n' '[morning]' 'cue = Up and at them.' '[evening]' \
	    'cue = Wind down: a slow set before bed.' '[afternoon]' \
	    'cue = Afternoon slump? Stand up the hips-back way.' \
	    '[hinge]' 'cue = Hinge cue, locked.' '[lifting]' 'cue = Lift well.' \
	    >"$CONF/cues.ini"
	HIPS_NOW=2026-11-26T08:00:00+01:00 run hips remind
	expect_out "due today: bridge 2x10 hold=2s. Up and at them."
	HIPS_NOW=2026-11-26T14:00:00+01:00 run hips remind
	expect_out "due today: bridge 2x10 hold=2s. Afternoon slump? Stand up the hips-back way."
	HIPS_NOW=2026-11-26T20:00:00+01:00 run hips remind
	expect_out "due today: bridge 2x10 hold=2s. Wind down: a slow set before bed."
	# No cue of the hour nor of an unlocked ladder: any other context.
	printf '%s\n' '[evening]' 'cue = Wind down.' '[hinge]' 'cue = Locked.' \
	    '[lifting]' 'cue = Lift well.' >"$CONF/cues.ini"
	HIPS_NOW=2026-11-26T09:00:00+01:00 run hips remind
	expect_out "due today: bridge 2x10 hold=2s. Lift well."
	# A broken cues.ini costs the cue, not the reminder.
	printf 'cue = no section\n' >"$CONF/cues.ini"
	run hips remind; expect_status 0
	expect_out "due today: bridge 2x10 hold=2s."
	expect_err_match "cues.ini:1: "
}
t "cues.ini: [morning], [afternoon], [evening] and ladders' sections" t_own_cues

t_notify() {
	stub_notify 0
	PATH=$T/bin:$PATH run hips remind --notify
	expect_status 0; expect_out_empty; expect_err_empty
	[ "$(sed -n 1p "$T/notified")" = "--app-name=hips" ] || fail "app name"
	[ "$(sed -n 3p "$T/notified")" = "hips" ] || fail "summary"
	sed -n 4p "$T/notified" | grep -q '^due today: bridge 2x10 hold=2s\. ' ||
		fail "body: $(cat "$T/notified")"
	[ "$(wc -l <"$T/notified")" -eq 4 ] || fail "arguments"
}
t "--notify: the line goes to notify-send, nothing to stdout" t_notify

t_notify_fallback() {
	local d nopath=
	# PATH without any notify-send (the machine may have one).
	for d in $(printf '%s' "$PATH" | tr ':' ' '); do
		[ -x "$d/notify-send" ] || nopath=$nopath${nopath:+:}$d
	done
	PATH=$nopath run hips remind --notify; expect_status 0
	expect_out_match '^due today: bridge 2x10 hold=2s\. '
	expect_one_line_err
	expect_err_match "^hips: remind: no notify-send in PATH .*: printed instead$"
	stub_notify 1
	PATH=$T/bin:$PATH run hips remind --notify; expect_status 0
	expect_out_match '^due today: bridge 2x10 hold=2s\. '
	expect_err_match "^hips: remind: notify-send failed \(exit 1\): printed instead$"
}
t "--notify without notify-send, or when it fails: stdout, and why" t_notify_fallback

t_readonly() {
	hips log -d yesterday bridge 2x10 hold=2s >/dev/null 2>&1
	LD_DEBUG=libs hips remind >/dev/null 2>"$T/ld"
	grep -q 'libgit2\|hips-git' "$T/ld" && fail "remind loaded libgit2"
	hips remind >/dev/full 2>"$T/err"
	[ $? -eq 1 ] || fail "a full stdout is not an error"
	run hips remind extra; expect_status 2
	run hips remind --notfy; expect_status 2
	expect_err_match "did you mean '--notify'"
	run hips remind -h; expect_status 0
	expect_out_match '^usage: hips remind \[--notify\]'
	expect_commits 2
}
t "remind only reads: no libgit2, usage" t_readonly

t_crontab() {
	local line
	# The crontab lines of hips(1), as cron runs them: sh, a bare
	# environment, no session bus.
	line=$(awk '/^A reminder at six in the evening/ { f = 1 }
	    f && /^\.Bd -literal/ { l = 1; next } l && /^\.Ed/ { exit } l' \
	    "$TOP/man/hips.1" | sed -n 's/^\([^ ]* \)\{5\}//p')
	[ -n "$line" ] || fail "no crontab line"
	run env -i HOME="$HOME" HIPS_NOW="$HIPS_NOW" PATH=/usr/bin:/bin sh -c \
	    "${line//\/usr\/local\/bin\/hips/$HIPS_BIN}"
	expect_status 0
	expect_out_match '^due today: bridge 2x10 hold=2s\. '
	expect_err_match 'printed instead'
	line=$(awk '/^Or every two hours of a working day, printed/ { f = 1 }
	    f && /^\.Bd -literal/ { l = 1; next } l && /^\.Ed/ { exit } l' \
	    "$TOP/man/hips.1" | sed -n 's/^\([^ ]* \)\{5\}//p')
	[ -n "$line" ] || fail "no second crontab line"
	hips log bridge 2x10 hold=2s >/dev/null 2>&1
	run env -i HOME="$HOME" HIPS_NOW="$HIPS_NOW" PATH=/usr/bin:/bin sh -c \
	    "${line//\/usr\/local\/bin\/hips/$HIPS_BIN}"
	expect_status 0; expect_out_empty; expect_err_empty
}
t "the crontab lines of hips(1) work under cron's bare environment" t_crontab

done_testing
