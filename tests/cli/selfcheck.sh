#!/bin/bash
# Every command hips lists (hips help --commands) has -h usage, an entry
# in man/hips.1 whose SYNOPSIS matches the usage text, and a completion in
# bash, zsh and fish that offers exactly the options of its usage.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/complete/lib.sh"

MAN1=$TOP/man/hips.1

# The usage lines of a command: "hips log [-d DATE] ...", one per line
# (what follows the first blank line explains them).
usage_lines() {
	hips "$1" -h | sed -e '/^$/,$d' -e 's/^usage: //' -e 's/^ *//' \
	    -e 's/  */ /g'
}

# The options of usage text on stdin (-d, --json), one per line.
usage_opts() {
	grep -oE '(^|[[ ])--?[A-Za-z][A-Za-z-]*' | sed 's/^[[ ]//' |
		LC_ALL=C sort -u
}

# The SYNOPSIS of hips(1) as rendered, one command line per line.
synopsis() {
	mandoc -Tascii -O width=1000 "$MAN1" | col -b |
		sed -n '/^SYNOPSIS/,/^[A-Z]/{/^ /p}' |
		sed -e 's/^ *//' -e 's/  */ /g'
}

# The source of the COMMANDS entries of NAME: from each ".It Cm NAME" to
# the next entry of the list.
man_entry() {
	awk -v name="$1" '
	/^\.Sh / { in_cmds = ($2 == "COMMANDS"); depth = 0; on = 0; next }
	!in_cmds { next }
	/^\.Bl / { depth++ }
	/^\.El/ { depth--; if (depth == 0) on = 0 }
	depth == 1 && /^\.It / { on = ($2 == "Cm" && $3 == name) }
	on' "$MAN1"
}

t_usage() {
	local c n=0
	for c in $(hips help --commands); do
		run hips "$c" -h
		expect_status 0
		expect_out_match "^usage: hips $c( |\$)"
		expect_err_empty
		run hips help "$c"
		expect_status 0
		expect_out_match "^usage: hips $c( |\$)"
		n=$((n + 1))
	done
	[ "$n" -ge 5 ] || fail "only $n commands"
}
t "every command prints its usage with -h and through help" t_usage

t_synopsis() {
	local c line syn
	syn=$(synopsis)
	[ -n "$syn" ] || fail "no SYNOPSIS in hips.1"
	printf '%s\n' "$syn" | grep -qxF -- \
	    "$(hips -h | head -1 | sed -e 's/^usage: //')" ||
		fail "the SYNOPSIS lacks '$(hips -h | head -1)'"
	for c in $(hips help --commands); do
		while IFS= read -r line; do
			printf '%s\n' "$syn" | grep -qxF -- "$line" ||
				fail "the SYNOPSIS of hips.1 lacks '$line'"
		done < <(usage_lines "$c")
	done
}
t "the SYNOPSIS of hips(1) has every usage line, word for word" t_synopsis

t_man_entry() {
	local c o entry
	for c in $(hips help --commands); do
		entry=$(man_entry "$c")
		[ -n "$entry" ] || fail "hips.1 has no COMMANDS entry for '$c'"
		for o in $(usage_lines "$c" | usage_opts); do
			printf '%s\n' "$entry" |
				grep -qE "^\.It Fl \\\\?${o#-}( |\$)" ||
				fail "hips.1 does not describe '$c $o'"
		done
	done
}
t "hips(1) describes every command and each of its options" t_man_entry

t_man_only_real() {
	local cmds c line all=""
	cmds=" $(hips help --commands | tr '\n' ' ') "
	for c in $(awk '
	    /^\.Sh / { on = ($2 == "COMMANDS"); depth = 0; next }
	    on && /^\.Bl / { depth++ }
	    on && /^\.El/ { depth-- }
	    on && depth == 1 && /^\.It Cm / { print $3 }' "$MAN1" | sort -u); do
		case $cmds in
		*" $c "*) ;;
		*) fail "hips.1 describes '$c', which hips does not have" ;;
		esac
	done
	for c in $cmds; do
		all="$all$(usage_lines "$c")"$'\n'
	done
	all="$all$(hips -h | head -1 | sed 's/^usage: //')"
	while IFS= read -r line; do
		printf '%s\n' "$all" | grep -qxF -- "$line" ||
			fail "the SYNOPSIS line '$line' is no usage of hips"
	done < <(synopsis)
}
t "hips(1) describes no command or usage that hips does not have" t_man_only_real

t_completion() {
	local sh c lines=() cmds=()
	PATH=$TOP:$PATH
	for c in $(hips help --commands); do
		cmds+=("$c")
		lines+=("hips $c -")
	done
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips -" "${lines[@]}"
		# shellcheck disable=SC2046
		expect_cands "$sh" 1 --help --version $(hips -h | head -1 |
		    usage_opts)
		for ((i = 0; i < ${#cmds[@]}; i++)); do
			c=${cmds[i]}
			[ "$c" = git ] && continue	# git's own options
			# shellcheck disable=SC2046
			expect_cands "$sh" $((i + 2)) -h --help \
			    $(usage_lines "$c" | usage_opts)
		done
	done
}
t "the completions offer exactly the options of each usage, in every shell" t_completion

t_completion_entry() {
	local c
	for c in $(hips help --commands); do
		grep -qE "^[[:space:]]*([a-z| ]+\| )?$c( \|[a-z| ]+)?\)" \
		    "$TOP/completions/hips.bash" ||
			fail "completions/hips.bash has no entry for '$c'"
		grep -qE "^[[:space:]]*([a-z| ]+\| )?$c( \|[a-z| ]+)?\)" \
		    "$TOP/completions/_hips" ||
			fail "completions/_hips has no entry for '$c'"
		grep -qE "__hips_using ([a-z ]+ )?$c( |')" \
		    "$TOP/completions/hips.fish" ||
			fail "completions/hips.fish has no entry for '$c'"
	done
}
t "each completion file has an entry for every command" t_completion_entry

done_testing
