#!/bin/bash
# Bad input, in tables: malformed command lines exit 2 with one clear
# line and write nothing; malformed data and INI lines are reported as
# file:line, exit 1, change nothing and crash nothing.
. "$(dirname "$0")/lib.sh"

# A status of 128 or more is a crash (a signal); ASan and UBSan say so
# on stderr.
no_crash() {
	[ "$status" -lt 128 ] || fail "$1: crashed (status $status)"
	printf '%s\n' "$err" | grep -q -E 'Sanitizer|runtime error|Segmentation' &&
		fail "$1: sanitizer report"
	return 0
}

# Each line: the arguments of hips, as the shell would split them.
t_bad_command_lines() {
	local args n=0
	while IFS= read -r args; do
		[ -n "$args" ] || continue
		n=$((n + 1))
		eval "run hips $args"
		no_crash "hips $args"
		[ "$status" -eq 2 ] || fail "hips $args: status $status, not 2"
		[ -n "$err" ] || fail "hips $args: no message"
		printf '%s\n' "$err" | head -1 | grep -q '^hips: ' ||
			fail "hips $args: message is not 'hips: ...': $err"
		printf '%s\n' "$err" | grep -q "$(printf '\033')" &&
			fail "hips $args: an escape reached the terminal"
		[ ! -e "$DATA" ] || fail "hips $args: wrote $DATA"
	done <<'TABLE'
frobnicate
-x
-C
-C ''
--bogus log
log bridge
log bridge 3xabc
log Bridge 3x10
log bridge 0x10
log bridge 3x0
log bridge 3x1000
log bridge 3x3601s
log bridge 100x10
log bridge 3x99999999999999999999
log bridge -3x10
log bridge 3x-10
log bridge 3x10 pain=11
log bridge 3x10 pain=-1
log bridge 3x10 pain=99999999999999999999
log bridge 3x10 rpe=0
log bridge 3x10 hold=2
log bridge 3x10 band=huge
log bridge 3x10 side=up
log bridge 3x10 load=12
log bridge 3x10 load=-5kg
log bridge 3x10 pain=2 pain=3
log bridge 3x10 novalue
log bridge 3x10 =2
log bridge 3x10 -d 2026-13-01
log bridge 3x10 -d 2026-02-30
log bridge 3x10 -d 2026-00-10
log bridge 3x10 -d 2026-11-26T07:00:00
log bridge 3x10 -d 2026-11-26T25:00:00+01:00
log bridge 3x10 -d tomorrow
log bridge 3x10 -d 2027-01-01
log bridge 3x10 -d ''
log bridge 3x10 -d
log skip 3x10
log bridge 10,,8
log bridge 10,8s
log bridge 3x10/sides
log 1bridge 3x10
log bridge-with-a-very-long-name-longer-than-32 3x10
log "$(printf 'bri\033[2Jdge')" 3x10
log "$(printf 'bridge\377')" 3x10
log "$(printf '\357\273\277bridge')" 3x10
log bridge 3x10 -m "$(printf 'a\nb')"
log bridge 3x10 -m "$(printf 'a\r')"
log bridge 3x10 -m "$(printf 'a\033[31mred')"
log bridge 3x10 -m "$(printf 'tab\there')"
log bridge 3x10 -m "$(printf '\377\376')"
log bridge 3x10 -m "$(printf '\300\200')"
log bridge 3x10 "$(printf 'k=v\033')"
log bridge "$(printf '3x10\r')"
log -n 5 bridge 3x10
log --json bridge 3x10
log -n 0
log -n -1
log -n abc
log -n 99999999999999999999
log -d today
log -m note
skip extra
skip -d 2026-02-30
skip -d someday
skip -m "$(printf 'x\ny')"
undo extra
undo -x
init extra
init --remote ''
init --remote
check extra
check -x
help nosuch
help log extra
help --commands log
next --bogus
next bridge clamshell
streak --bogus
streak -w 3
streak --calendar -w 0
streak --calendar -w abc
streak --calendar -w 99999999999999999999
cues --bogus
cues -c
program --bogus
program extra
sync extra
sync --bogus
TABLE
	[ "$n" -ge 50 ] || fail "only $n command lines"
	echo "# $n malformed command lines"
}
t "malformed command lines: exit 2, one clear message, nothing written" t_bad_command_lines

L=log/2026-11.log
GOOD='2026-11-20T08:00:00+01:00 bridge 3x10'

# Each line: printf format of one bad data line, then the message
# expected after "file:line: ".
t_bad_data_lines() {
	local fmt want n=0 sum
	hips log -d 2026-11-19 bridge 2x10 >/dev/null || fail "first"
	cp "$DATA/$L" "$T/orig"
	while IFS='|' read -r fmt want; do
		[ -n "$fmt" ] || continue
		n=$((n + 1))
		cp "$T/orig" "$DATA/$L"
		# shellcheck disable=SC2059
		printf "$fmt\n" >>"$DATA/$L"
		echo "$GOOD" >>"$DATA/$L"
		sum=$(md5sum <"$DATA/$L")
		run hips log -n 100
		no_crash "listing $fmt"
		[ "$status" -eq 1 ] || fail "listing '$fmt': status $status"
		expect_err_match "2026-11\.log:2: .*$want"
		expect_out_match '2026-11-20 08:00  bridge 3x10'
		run hips check
		no_crash "check $fmt"
		[ "$status" -eq 1 ] || fail "check '$fmt': status $status"
		expect_out_match "2026-11\.log:2: .*$want"
		printf '%s' "$out" | grep -q "$(printf '\033')" &&
			fail "check '$fmt': an escape reached the terminal"
		for c in "streak" "next" "streak --prompt"; do
			run hips $c
			no_crash "$c with '$fmt'"
		done
		[ "$(md5sum <"$DATA/$L")" = "$sum" ] || fail "'$fmt': file changed"
	done <<'TABLE'
garbage|bad timestamp 'garbage'
\000|NUL byte
2026-11-21T08:00:00+01:00 bridge\0003x10|NUL byte
2026-11-21T08:00:00+01:00 bridge 3x10\r|carriage return
\357\273\2772026-11-21T08:00:00+01:00 bridge 3x10|byte order mark
2026-11-21T08:00:00+01:00 bridge 3x10 # \377|not valid UTF-8
2026-11-21T08:00:00+01:00 bridge 3x10 # \300\200|not valid UTF-8
2026-11-21T08:00:00+01:00 bridge 3x10 # \033[2J|control character
2026-11-21T08:00:00+01:00 bri\033dge 3x10|
2026-13-21T08:00:00+01:00 bridge 3x10|bad timestamp
2026-02-30T08:00:00+01:00 bridge 3x10|bad timestamp
2026-11-31T08:00:00+01:00 bridge 3x10|bad timestamp
2026-11-21T24:00:00+01:00 bridge 3x10|bad timestamp
2026-11-21T08:60:00+01:00 bridge 3x10|bad timestamp
2026-11-21T08:00:00 bridge 3x10|bad timestamp
2026-11-21 08:00:00+01:00 bridge 3x10|bad timestamp
2026-11-21T08:00:00+25:00 bridge 3x10|bad timestamp
2026-11-21T08:00:00+01:00 bridge 3x99999999999999999999|bad dose
2026-11-21T08:00:00+01:00 bridge -3x10|bad dose
2026-11-21T08:00:00+01:00 bridge 0x10|bad dose
2026-11-21T08:00:00+01:00 bridge 3x1000|bad dose
2026-11-21T08:00:00+01:00 bridge 3x10 pain=11|bad pain
2026-11-21T08:00:00+01:00 bridge 3x10 pain=-1|bad pain
2026-11-21T08:00:00+01:00 bridge 3x10 pain=2 pain=3|duplicate key
2026-11-21T08:00:00+01:00 bridge 3x10 hold=2|bad hold
2026-11-21T08:00:00+01:00 bridge 3x10 band=huge|bad band
2026-11-21T08:00:00+01:00 Bridge 3x10|bad exercise name
2026-11-21T08:00:00+01:00 bridge|
2026-11-21T08:00:00+01:00 bridge 3x10 novalue|unexpected
 2026-11-21T08:00:00+01:00 bridge 3x10|white space
%04097d|longer than
TABLE
	[ "$n" -ge 30 ] || fail "only $n data lines"
	echo "# $n malformed data lines"
}
t "malformed data lines: file:line, exit 1, good lines still read" t_bad_data_lines

# FILE|printf format of the file|expected message after "FILE:LINE: "
t_bad_ini_lines() {
	local file fmt want n=0 cmd sum
	hips log bridge 3x10 >/dev/null || fail "first"
	mkdir -p "$CONF"
	while IFS='|' read -r file fmt want; do
		[ -n "$file" ] || continue
		n=$((n + 1))
		rm -f "$CONF"/*.ini
		# shellcheck disable=SC2059
		printf "$fmt" >"$CONF/$file"
		case $file in
		config.ini) cmd="log bridge 3x12" ;;
		program.ini) cmd="next" ;;
		cues.ini) cmd="cues" ;;
		esac
		sum=$(git -C "$DATA" rev-parse HEAD; md5sum <"$DATA/$L")
		run hips $cmd
		no_crash "$file '$fmt'"
		[ "$status" -eq 1 ] || fail "hips $cmd with $file '$fmt': status $status"
		expect_err_match "$file:[0-9]+: .*$want"
		expect_one_line_err
		printf '%s' "$err" | grep -q "$(printf '\033')" &&
			fail "$file '$fmt': an escape reached the terminal"
		run hips check
		[ "$status" -eq 1 ] || fail "check with $file '$fmt': status $status"
		expect_out_match "$file:[0-9]+: .*$want"
		[ "$(git -C "$DATA" rev-parse HEAD; md5sum <"$DATA/$L")" = "$sum" ] ||
			fail "$file '$fmt': data changed"
	done <<'TABLE'
config.ini|[user]\nname = a\000b\n|NUL byte
config.ini|[user]\r\nname = Ada\r\n|carriage return
config.ini|[user]\nname = \377\n|not valid UTF-8
config.ini|[user]\nname = \300\200\n|not valid UTF-8
config.ini|[user]\nname = a\033[2Jb\n|control character
config.ini|[user]\nname = %0300d\n|longer than
config.ini|[user]\nnick = Ada\n|unknown key 'nick'
config.ini|[bogus]\nname = Ada\n|unknown section
config.ini|[user]\nname = Ada\nname = Bob\n|duplicate key 'name'
config.ini|[streak]\ntarget = 9/week\n|bad target
config.ini|[streak]\ntarget = -1/week\n|bad target
config.ini|[streak]\ntarget = 99999999999999999999/week\n|bad target
config.ini|[prompt]\nformat = %%q\n|bad prompt format
config.ini|[user\nname = Ada\n|section header without
config.ini|[user] x\nname = Ada\n|text after section header
config.ini|[user]\n  name = Ada\n|white space
config.ini|[user]\njust words\n|expected 'KEY = VALUE'
config.ini|name = Ada\n|unknown section
program.ini|[rules]\nbogus = 1\n|unknown key 'bogus'
program.ini|[rules]\nadvance_after = 2\nadvance_after = 3\n|duplicate
program.ini|[rules]\nadvance_after = -1\n|
program.ini|[rules]\nadvance_after = 99999999999999999999\n|
program.ini|[rules]\nadvance_after = two\n|
program.ini|[bridge]\nstep = bridge 3xabc\n|
program.ini|[bridge]\nstep = Bridge 3x10\n|
program.ini|\357\273\277[rules]\r\nadvance_after = 2\r\n|carriage return
program.ini|[rules]\nadvance_after = \377\n|not valid UTF-8
cues.ini|[sitting]\ncue = fine\ngarbage line\n|expected 'KEY = VALUE'
cues.ini|[Bad Name]\ncue = x\n|
cues.ini|[a]\nnotcue = x\n|
cues.ini|[a]\ncue = \033[31m red\n|control character
cues.ini|[a]\ncue = %0300d\n|longer than
cues.ini|[a]\ncue = a\000b\n|NUL byte
TABLE
	[ "$n" -ge 30 ] || fail "only $n INI lines"
	echo "# $n malformed INI lines"
}
t "malformed INI lines: file:line, exit 1, nothing written" t_bad_ini_lines

done_testing
