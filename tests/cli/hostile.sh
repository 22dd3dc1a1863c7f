#!/bin/bash
# Hostile files (issue 14, items 1 and 2): links and special files in the
# data directory, a remote that plants a link, INI files that are FIFOs
# or devices.  Nothing is ever followed, nothing hangs, nothing leaks.
. "$(dirname "$0")/lib.sh"

SECRET_TEXT="my secret, never to be committed"

# A first entry, and a secret outside the data directory.
start() {
	run hips log bridge 3x10; expect_status 0
	echo "$SECRET_TEXT" >"$T/secret"
}

# The secret is as it was and no commit ever held it.
secret_kept() {
	[ "$(cat "$T/secret")" = "$SECRET_TEXT" ] ||
		fail "the file outside the data directory was changed"
	git -C "$DATA" log -p --all | grep -q "never to be committed" &&
		fail "the secret was committed"
	return 0
}

t_month_link() {
	local head
	start
	head=$(git -C "$DATA" rev-parse HEAD)
	ln -s "$T/secret" "$DATA/log/2026-12.log"
	HIPS_NOW=2026-12-02T07:00:00+01:00 run hips log bridge 3x10
	expect_status 1
	expect_err_match "log/2026-12.log: is a symbolic link, not a regular file"
	expect_one_line_err
	secret_kept
	[ "$(git -C "$DATA" rev-parse HEAD)" = "$head" ] || fail "a commit was made"
	# The readers refuse it too, and say where to look; the rest is read.
	for c in "log" "next" "streak"; do
		run hips $c
		expect_status 1
		expect_err_match "2026-12.log: is a symbolic link, not a regular file"
		expect_err_match "1 log file not read \(see 'hips check'\)"
	done
	run hips log; expect_out_match "bridge 3x10"
	run hips check
	expect_status 1
	expect_out_match "log/2026-12.log: a symbolic link in the log directory \(a security problem"
	# The prompt says nothing of it, and does not read it.
	run hips streak --prompt
	expect_status 0; expect_err_empty; expect_out "1d"
	secret_kept
}
t "a symbolic link as a month file is never read, written or committed" t_month_link

t_undo_link() {
	start
	run hips log clamshell 2x10/side; expect_status 0
	cp "$DATA/log/2026-11.log" "$T/secret"
	rm "$DATA/log/2026-11.log"
	ln -s "$T/secret" "$DATA/log/2026-11.log"
	cp "$T/secret" "$T/before"
	run hips undo
	expect_status 1
	expect_err_match "is a symbolic link, not a regular file"
	cmp -s "$T/secret" "$T/before" || fail "undo changed a file outside"
}
t "undo never rewrites a file through a link" t_undo_link

t_log_dir_link() {
	local head
	start
	head=$(git -C "$DATA" rev-parse HEAD)
	mkdir "$T/elsewhere"
	mv "$DATA/log/2026-11.log" "$T/elsewhere/"
	rmdir "$DATA/log"
	ln -s "$T/elsewhere" "$DATA/log"
	cp "$T/elsewhere/2026-11.log" "$T/before"
	run hips log bridge 3x10
	expect_status 1
	expect_err_match "hips/log: is a symbolic link, not a directory"
	run hips undo
	expect_status 1
	expect_err_match "hips/log: is a symbolic link, not a directory"
	cmp -s "$T/elsewhere/2026-11.log" "$T/before" ||
		fail "a file outside the data directory was changed"
	[ "$(git -C "$DATA" rev-parse HEAD)" = "$head" ] || fail "a commit was made"
	run hips log
	expect_status 1
	expect_err_match "hips/log: is a symbolic link, not a directory"
	run hips check
	expect_status 1
	expect_out_match "hips/log: is a symbolic link, not a directory \(a security problem"
	run hips streak --prompt
	expect_status 0; expect_out_empty; expect_err_empty
}
t "a symbolic link as the log directory is never followed" t_log_dir_link

# A remote whose latest commit makes log/2026-12.log a symbolic link
# (mode 120000) to a file of the user's: the sync refuses to check it out.
t_sync_planted_link() {
	local head
	REM="$T/remote.git"
	git init -q --bare "$REM" || fail "git init --bare"
	run hips init --remote "$REM"; expect_status 0
	run hips log bridge 3x10; expect_status 0
	run hips sync; expect_status 0
	echo "$SECRET_TEXT" >"$T/secret"
	git clone -q -b main "$REM" "$T/evil" 2>/dev/null || fail "git clone"
	ln -s "$T/secret" "$T/evil/log/2026-12.log"
	git -C "$T/evil" add log/2026-12.log || fail "git add"
	git -C "$T/evil" -c user.name=x -c user.email=x@y commit -qm "plant" ||
		fail "git commit"
	git -C "$T/evil" push -q origin HEAD:main 2>/dev/null || fail "git push"
	head=$(git -C "$DATA" rev-parse HEAD)
	run hips sync
	expect_status 1
	expect_err_match "'log/2026-12.log' is a symbolic link in the commit to check out: refused, nothing was changed"
	expect_one_line_err
	[ ! -L "$DATA/log/2026-12.log" ] && [ ! -e "$DATA/log/2026-12.log" ] ||
		fail "the link was checked out"
	[ "$(git -C "$DATA" rev-parse HEAD)" = "$head" ] || fail "the branch moved"
	[ -z "$(git -C "$DATA" status --porcelain)" ] || fail "work tree changed"
	# With a commit of our own, a merge would bring it in: refused too.
	HIPS_NOW=2026-11-27T07:00:00+01:00 run hips log bridge 3x10
	expect_status 0
	head=$(git -C "$DATA" rev-parse HEAD)
	run hips sync
	expect_status 1
	expect_err_match "'log/2026-12.log' is a symbolic link in the commit to check out"
	[ ! -L "$DATA/log/2026-12.log" ] || fail "the link was checked out"
	[ "$(git -C "$DATA" rev-parse HEAD)" = "$head" ] || fail "the branch moved"
	HIPS_NOW=2026-12-02T08:00:00+01:00 run hips log bridge 3x10
	expect_status 0
	[ -f "$DATA/log/2026-12.log" ] && [ ! -L "$DATA/log/2026-12.log" ] ||
		fail "not a regular file"
	secret_kept
	git -C "$DATA" log -p | grep -q "never to be committed" &&
		fail "the secret was committed"
	return 0
}
t "a sync never checks out a symbolic link a remote planted under log/" t_sync_planted_link

t_sync_log_dir_link() {
	REM="$T/remote.git"
	git init -q --bare "$REM" || fail "git init --bare"
	run hips init --remote "$REM"; expect_status 0
	run hips log bridge 3x10; expect_status 0
	mkdir "$T/elsewhere"
	echo "2026-11-20T08:00:00+01:00 bridge 3x10 # $SECRET_TEXT" \
		>"$T/elsewhere/2026-11.log"
	rm -r "$DATA/log"
	ln -s "$T/elsewhere" "$DATA/log"
	run hips sync
	expect_status 1
	expect_err_match "hips/log: is a symbolic link, not a directory"
	git -C "$DATA" log -p --all | grep -q "never to be committed" &&
		fail "a file outside was committed"
	return 0
}
t "a sync never commits through a link in place of log/" t_sync_log_dir_link

# Each reader and writer, with a time limit: none may wait on a FIFO.
t_fifo_month() {
	local c
	start
	mkfifo "$DATA/log/2026-12.log"
	HIPS_NOW=2026-12-02T07:00:00+01:00 run timeout -s KILL 10 "$HIPS_BIN" log bridge 3x10
	expect_status 1
	expect_err_match "log/2026-12.log: is a FIFO, not a regular file"
	for c in "log" "log -n 3" "next" "streak" "check"; do
		run timeout -s KILL 10 "$HIPS_BIN" $c
		expect_status 1
	done
	expect_out_match "log/2026-12.log: is a FIFO, not a regular file"
	run timeout -s KILL 10 "$HIPS_BIN" streak --prompt
	expect_status 0; expect_err_empty
	rm "$DATA/log/2026-12.log"
	mkfifo "$DATA/log/2026-11.log.new"
	mv "$DATA/log/2026-11.log" "$T/keep"
	mv "$DATA/log/2026-11.log.new" "$DATA/log/2026-11.log"
	run timeout -s KILL 10 "$HIPS_BIN" undo
	expect_status 1
	expect_err_match "log/2026-11.log: is a FIFO, not a regular file"
}
t "a FIFO named like a month file never hangs a command" t_fifo_month

t_dir_month() {
	start
	mkdir "$DATA/log/2026-12.log"
	run hips log
	expect_status 1
	expect_out_match "bridge 3x10"
	expect_err_match "log/2026-12.log: is a directory, not a regular file"
	run hips next; expect_status 1
	run hips streak; expect_status 1
	run hips check
	expect_status 1
	expect_out_match "log/2026-12.log: is a directory, not a regular file"
	HIPS_NOW=2026-12-02T07:00:00+01:00 run hips log bridge 3x10
	expect_status 1
	expect_err_match "log/2026-12.log: is a directory, not a regular file"
}
t "a directory named like a month file is an error, not an empty log" t_dir_month

t_datadir_file() {
	local c
	echo "not a directory" >"$T/file"
	for c in "log" "next" "streak"; do
		HIPS_DIR="$T/file" run hips $c
		expect_status 1
		expect_err_match "file: the data directory is not a directory"
	done
	HIPS_DIR="$T/file" run hips check
	expect_status 1
	expect_out_match "file: the data directory is not a directory"
	HIPS_DIR="$T/file" run hips log bridge 3x10
	expect_status 1
	HIPS_DIR="$T/file" run hips streak --prompt
	expect_status 0; expect_out_empty; expect_err_empty
	[ "$(cat "$T/file")" = "not a directory" ] || fail "the file changed"
	# A plain file in place of log/.
	mkdir "$T/d"
	echo x >"$T/d/log"
	HIPS_DIR="$T/d" run hips log
	expect_status 1
	expect_err_match "d/log: is a regular file, not a directory"
}
t "HIPS_DIR naming a file is an error, not an empty log" t_datadir_file

t_ini_special() {
	local f
	start
	mkdir -p "$CONF"
	for f in config.ini program.ini cues.ini; do
		mkfifo "$CONF/$f"
		SECONDS=0
		run timeout -s KILL 10 "$HIPS_BIN" check
		expect_status 1
		expect_out_match "$f: is a FIFO, not a regular file"
		rm "$CONF/$f"
		ln -s /dev/zero "$CONF/$f"
		run timeout -s KILL 10 "$HIPS_BIN" check
		expect_status 1
		expect_out_match "$f: is a character device, not a regular file"
		[ "$SECONDS" -lt 5 ] || fail "$f: too slow ($SECONDS s)"
		rm "$CONF/$f"
	done
	ln -s /dev/zero "$CONF/cues.ini"
	run timeout -s KILL 10 "$HIPS_BIN" cues
	expect_status 1; expect_one_line_err
	expect_err_match "cues.ini: is a character device, not a regular file"
	rm "$CONF/cues.ini"
	ln -s /dev/zero "$CONF/program.ini"
	run timeout -s KILL 10 "$HIPS_BIN" next
	expect_status 1; expect_one_line_err
	expect_err_match "program.ini: is a character device, not a regular file"
	rm "$CONF/program.ini"
	# A FIFO as config.ini: the prompt prints nothing, at once.
	mkfifo "$CONF/config.ini"
	run timeout -s KILL 10 "$HIPS_BIN" streak --prompt
	expect_status 0; expect_out_empty; expect_err_empty
	run timeout -s KILL 10 "$HIPS_BIN" log bridge 3x10
	expect_status 1
	expect_err_match "config.ini: is a FIFO, not a regular file"
	rm "$CONF/config.ini"
	# A regular file too large to be an INI file.
	head -c 2000000 /dev/zero | tr '\0' ';' >"$CONF/config.ini"
	run hips streak
	expect_status 1
	expect_err_match "config.ini: larger than 1 MiB: not read"
	# A link to a good file is followed: dotfile managers make them.
	printf '[streak]\ntarget = 3/week\n' >"$T/real.ini"
	ln -sf "$T/real.ini" "$CONF/config.ini"
	run hips streak --json
	expect_status 0; expect_out_match '"target":"3/week"'
	# The rotation state of cues: a FIFO costs a repeat, never a hang.
	mkdir -p "$HOME/.local/state/hips"
	mkfifo "$HOME/.local/state/hips/cues"
	run timeout -s KILL 10 "$HIPS_BIN" cues
	expect_status 0; expect_err_empty
	[ -n "$out" ] || fail "no cue"
}
t "INI files that are FIFOs, devices or huge fail at once with a message" t_ini_special

# An answer cache edited to hold escape sequences is not used: nothing
# from it reaches the terminal (tests/cli/outcache.sh for the rest).
t_outcache_escapes() {
	local f key bad c
	hips log -d 2026-11-24 bridge 2x10 hold=2s >/dev/null || fail "log"
	sleep 2.2	# older than the racy window
	for c in next log; do
		run hips $c; expect_status 0
		local want=$out
		f=$(ls "$HOME/.cache/hips/$c"-* 2>/dev/null | head -1)
		[ -n "$f" ] || fail "no cache written for $c"
		key=$(head -1 "$f" | cut -d' ' -f3)
		bad=$(printf 'owned\033]0;title\007\033[2J')
		printf 'hips-outcache 1 %s %s\n%s' "$key" "${#bad}" "$bad" >"$f"
		run hips $c; expect_status 0; expect_out "$want"
		printf '%s' "$out" | grep -q "$(printf '\033')" &&
			fail "$c: an escape reached the terminal"
		# A cache file that is a FIFO is passed by, not waited on.
		rm "$f"; mkfifo "$f"
		run timeout -s KILL 10 "$HIPS_BIN" $c
		expect_status 0; expect_out "$want"
	done
}
t "an edited answer cache never puts escapes on the terminal" t_outcache_escapes

# Smaller ones of issue 14, item 12.
t_author_brackets() {
	mkdir -p "$CONF"
	printf '[user]\nemail = <x>\n' >"$CONF/config.ini"
	run hips check
	expect_status 1
	expect_out_match "config.ini:2: '<' or '>' in 'email'"
	run hips log bridge 3x10
	expect_status 1; expect_one_line_err
	expect_err_match "config.ini:2: '<' or '>' in 'email'"
	expect_commits 0
	printf '[user]\nname = Ada <ada>\n' >"$CONF/config.ini"
	run hips check; expect_status 1
	expect_out_match "config.ini:2: '<' or '>' in 'name'"
	printf '[user]\nname = Ada\nemail = ada@example.org\n' >"$CONF/config.ini"
	run hips check; expect_status 0
	run hips log bridge 3x10; expect_status 0
}
t "a name or email git refuses fails check, not only log" t_author_brackets

t_long_argument() {
	local big c
	big=$(head -c 131000 /dev/zero | tr '\0' 'a')
	for c in "log $big 3x10" "log bridge $big" "log -d $big bridge 3x10" \
	    "$big" "--$big" "log --$big" "next $big" "cues -c $big" \
	    "help $big" "log -n $big"; do
		run hips $c
		expect_status 2
		# The message may carry the usage and its list of commands
		# (some 950 bytes with pain, hold, pause, set and resume).
		[ "${#err}" -lt 2000 ] || fail "${c:0:10}: ${#err} bytes of message"
		# Cut to 100 bytes and "...", or to 40 by the message itself.
		expect_err_match "'(--)?a{98,100}\\.\\.\\.'|'a{40}'"
	done
}
t "a huge argument is cut in messages, not echoed whole" t_long_argument

t_dates_out_of_range() {
	HIPS_NOW=0001-01-01T10:00:00+00:00 run hips log -d yesterday bridge 3x10
	expect_status 2; expect_one_line_err
	expect_err_match "date 'yesterday' is before 0001-01-01"
	HIPS_NOW=0001-01-01T10:00:00+00:00 run hips skip -d yesterday
	expect_status 2
	expect_err_match "date 'yesterday' is before 0001-01-01"
	expect_commits 0
	HIPS_NOW=0001-01-01T10:00:00+00:00 run hips log -d today bridge 3x10
	expect_status 0
}
t "a date before year 1 is a usage error, not an internal one" t_dates_out_of_range

# Samoa skipped 2011-12-30 whole (from UTC-10 to UTC+14).
t_skipped_day() {
	[ -e /usr/share/zoneinfo/Pacific/Apia ] || fail "tzdata is missing"
	TZ=Pacific/Apia HIPS_NOW= run hips log -d 2011-12-30 bridge 3x10
	expect_status 2; expect_one_line_err
	expect_err_match "date '2011-12-30' does not exist in the local time zone"
	expect_commits 0
	TZ=Pacific/Apia HIPS_NOW= run hips log -d 2011-12-31 bridge 3x10
	expect_status 0; expect_out_match "on 2011-12-31"
	grep -q '^2011-12-31T..:..:..+14:00 bridge 3x10$' "$DATA/log/2011-12.log" ||
		fail "not logged on 2011-12-31"
	TZ=Pacific/Apia HIPS_NOW= run hips log -d 2011-12-29 bridge 3x10
	expect_status 0
	grep -q '^2011-12-29T..:..:..-10:00 bridge 3x10$' "$DATA/log/2011-12.log" ||
		fail "not logged on 2011-12-29"
}
t "-d on a day the local zone skipped is an error, never the day beside it" t_skipped_day

done_testing
