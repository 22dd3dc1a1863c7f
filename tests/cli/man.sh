#!/bin/bash
# The manual pages: clean under mandoc's linter, and hips(5) documents
# every setting of config.ini.
. "$(dirname "$0")/lib.sh"

t_lint() {
	run mandoc -Tlint -Wwarning "$TOP"/man/*
	[ "$status" -eq 0 ] && [ -z "$out$err" ] ||
		fail "mandoc -Tlint: $out $err"
	ls "$TOP"/man/hips.1 "$TOP"/man/hips.5 >/dev/null || fail "pages missing"
}
t "mandoc -Tlint -Wwarning finds nothing" t_lint

t_config_keys() {
	local sect key
	# X("user", "name", STR, ...): every section and key.
	while read -r sect key; do
		grep -qxF ".It Ic [$sect]" "$TOP/man/hips.5" ||
			fail "hips.5 lacks the section [$sect]"
		grep -qE "^\.It Ic $key No =" "$TOP/man/hips.5" ||
			fail "hips.5 lacks the key $key"
	done < <(sed -n 's/^X("\([a-z_]*\)",[[:space:]]*"\([a-z_]*\)".*/\1 \2/p' \
	    "$TOP/src/lib/config.def")
	[ -n "$(sed -n '/^X(/p' "$TOP/src/lib/config.def")" ] || fail "no settings"
}
t "hips(5) documents every config.ini setting" t_config_keys

t_rule_keys() {
	local key n=0
	# R(advance_after, 2, 1, 30): every rule of [rules].
	for key in $(sed -n 's/^[[:space:]]*R(\([a-z_0-9]*\),.*/\1/p' \
	    "$TOP/src/lib/program.h"); do
		grep -qE "^\.It Ic $key No =" "$TOP/man/hips.5" ||
			fail "hips.5 lacks the rule $key"
		n=$((n + 1))
	done
	[ "$n" -ge 3 ] || fail "only $n rules found in program.h"
}
t "hips(5) documents every rule of program.ini" t_rule_keys

t_builtin_contexts() {
	local want got
	want=$(hips cues --dump | sed -n 's/^\[\(.*\)\]$/\1/p' | LC_ALL=C sort |
	    tr '\n' ' ')
	# ".Ic lifting ," ... in the cues.ini part of hips.5.
	got=$(sed -n '/^\.Ss cues\.ini/,/^\.S[sh] /p' "$TOP/man/hips.5" |
	    sed -n '/built-in contexts/,/^\.Bl/s/^\.Ic \([a-z-]*\).*/\1/p' |
	    LC_ALL=C sort | tr '\n' ' ')
	[ -n "$want" ] && [ "$got" = "$want" ] ||
		fail "hips.5 names the contexts '$got', the built-in set has '$want'"
}
t "hips(5) names the built-in cue contexts" t_builtin_contexts

t_ladder_table() {
	local id want got
	for id in $(hips program --ladders); do
		# "  3. bridge 3x10 hold=2s (3 days a week)" under "[id]".
		want=$(hips program | awk -v id="[$id]," '
		    $0 ~ /^[^ ]/ { on = index($0, id) > 0; next }
		    on && /^ +[0-9]+\. / { sub(/^ +[0-9]+\. /, "");
			sub(/ \(.*\)$/, ""); print }' | paste -sd ';' - |
		    sed 's/;/; /g')
		got=$(awk -v it=".It $id" '
		    $0 == it { on = 1; next }
		    on && /^\./ { exit }
		    on' "$TOP/man/hips.1" | paste -sd ' ' -)
		[ -n "$want" ] && [ "$got" = "$want" ] ||
			fail "hips.1 lists for $id '$got', the program has '$want'"
	done
}
t "hips(1) lists the built-in ladders as the program has them" t_ladder_table

# The first literal block of man/PAGE after the first line matching ERE,
# as text (the escapes \& and \e undone).
man_block() {
	awk -v re="$2" '
	!found && $0 ~ re { found = 1 }
	found && /^\.Bd -literal/ { lit = 1; next }
	lit && /^\.Ed/ { exit }
	lit' "$TOP/man/$1" | sed -e 's/^\\&//' -e 's/\\e/\\/g'
}

t_man5_examples() {
	mkdir -p "$CONF"
	man_block hips.5 '^\.Ss config\.ini' >"$CONF/config.ini"
	man_block hips.5 '^\.Ss program\.ini' >"$CONF/program.ini"
	grep -q '^\[bridge\]' "$CONF/program.ini" || fail "no program example"
	run hips program
	expect_status 0
	expect_out_match "program: .*program.ini"
	run hips program --names
	expect_out "$(printf '%s\n' bridge banded-bridge clamshell)"
	run hips log bridge 2x10
	expect_status 0
	man_block hips.5 '^\.Ss cues\.ini' >"$CONF/cues.ini"
	run hips cues --list
	expect_status 0
	[ "$(printf '%s\n' "$out" | sed '/^ /d' | tr '\n' ' ')" = \
	    "lifting sitting " ] || fail "contexts of the cues.ini example"
}
t "the examples of hips(5) are valid" t_man5_examples

t_examples() {
	# The example config.ini is valid: its [user] signs the commit.
	mkdir -p "$CONF"
	cp "$TOP/examples/config.ini" "$CONF/config.ini"
	run hips log bridge 2x10
	expect_status 0
	[ "$(git -C "$DATA" log -1 --format='%an <%ae>')" = \
	    "Ada Lovelace <ada@example.org>" ] || fail "author"
}
t "the example config.ini is valid" t_examples

t_example_ini() {
	mkdir -p "$CONF"
	cp "$TOP/examples/program.ini" "$TOP/examples/cues.ini" "$CONF/"
	run hips program --names
	expect_status 0
	expect_out "$(rm "$CONF/program.ini"; hips program --names)"
	run hips cues --list
	expect_status 0
	expect_out_match '^standing$'
	run hips cues -c sitting
	expect_status 0
	grep -qxF "cue = $out" "$TOP/examples/cues.ini" ||
		fail "'$out' is not a cue of examples/cues.ini"
}
t "the example program.ini and cues.ini are valid" t_example_ini

# The indented block of README.md after the line starting with TEXT.
readme_block() {
	awk -v text="$1" '
	!found && index($0, text) == 1 { found = 1; next }
	found && /^    / { lit = 1; print substr($0, 5); next }
	found && lit && !/^$/ { exit }
	found && lit { print }' "$TOP/README.md"
}

# try_prompts SOURCE BASH ZSH FISH STARSHIP: each recipe in its shell
# shows the streak, 1d, in front of the prompt.
try_prompts() {
	local src=$1 bashrc=$2 zshrc=$3 fishrc=$4 toml=$5
	[ -n "$bashrc" ] && [ -n "$zshrc" ] && [ -n "$fishrc" ] &&
	    [ -n "$toml" ] || fail "$src: a prompt recipe is missing"
	# Each shell expands its prompt as it would before a command line.
	run bash --norc -c "$bashrc"'
		eval "$PROMPT_COMMAND"
		printf "%s" "${PS1@P}"'
	[ "$out" = "1d $T \$ " ] || [ "$out" = "1d $T # " ] ||
		fail "$src: bash prompt '$out'"
	# The recipe goes in front of the prompt the user has.
	run zsh -f -c "PROMPT='%~ %# '
		$zshrc"'
		for f in $precmd_functions; do $f; done
		print -rnP -- "$PROMPT"'
	[ "$out" = "1d $T % " ] || [ "$out" = "1d $T # " ] ||
		fail "$src: zsh prompt '$out'"
	run fish --no-config -i -c "function fish_prompt; echo -n '> '; end
		$fishrc
		fish_prompt"
	[ "$out" = "1d > " ] || fail "$src: fish prompt '$out'"
	run python3 -c 'import sys, tomllib
c = tomllib.loads(sys.stdin.read())["custom"]["hips"]
print(c["command"], c["when"])' <<<"$toml"
	expect_status 0
	expect_out 'hips streak --prompt True'
}

t_prompts() {
	local line
	PATH=$TOP:$PATH
	hips log bridge 2x10 >/dev/null || fail "log"
	try_prompts hips.1 "$(man_block hips.1 '^\.Xr bash 1')" \
	    "$(man_block hips.1 '^\.Xr zsh 1')" \
	    "$(man_block hips.1 '^\.Xr fish 1')" \
	    "$(man_block hips.1 '^For starship')"
	try_prompts README.md "$(readme_block 'bash (`~/.bashrc`)')" \
	    "$(readme_block 'zsh (`~/.zshrc`')" \
	    "$(readme_block 'fish (`~/.config/fish/config.fish`')" \
	    "$(readme_block 'starship (`~/.config/starship.toml`')"
	# The crontab line, as cron runs it: sh, a bare environment.
	line=$(man_block hips.1 '^A reminder every morning' |
	    sed -n 's/^\([^ ]* \)\{5\}//p')
	[ -n "$line" ] || fail "no crontab line"
	run env -i HOME="$HOME" PATH=/usr/bin:/bin sh -c \
	    "${line//\/usr\/local\/bin\/hips/$TOP/hips}"
	expect_status 0
	expect_err_empty
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "not one line"
}
t "the prompt recipes of hips(1) and the README work, and the crontab line" t_prompts

# zshrc THEME: the zsh recipes of hips(1) and the README after a theme
# that rebuilds PROMPT before every command, as promptinit's do.
try_zsh_theme() {
	local src=$1 zshrc=$2 theme=$3
	run zsh -f -c "$theme
		$zshrc"'
		for i in 1 2 3; do
			for f in $precmd_functions; do $f; done
		done
		print -rn -- "$PROMPT"'
	expect_status 0
	case $out in
	"1d 1d "*) fail "$src: the streak twice: '$out'" ;;
	"1d "?*) ;;
	*) fail "$src: no streak in front of the themed prompt: '$out'" ;;
	esac
}

t_prompt_themes() {
	PATH=$TOP:$PATH
	hips log bridge 2x10 hold=2s >/dev/null 2>&1 || fail "log"
	local man readme
	man=$(man_block hips.1 '^\.Xr zsh 1')
	readme=$(readme_block 'zsh (`~/.zshrc`')
	[ -n "$man" ] && [ -n "$readme" ] || fail "a zsh recipe is missing"
	for src in hips.1 README.md; do
		[ "$src" = hips.1 ] && rc=$man || rc=$readme
		# promptinit, as Debian's suggested .zshrc loads it.
		try_zsh_theme "$src" "$rc" \
		    'autoload -Uz promptinit; promptinit; prompt adam1'
		# A theme that sets PROMPT once, as oh-my-zsh's mostly do.
		try_zsh_theme "$src" "$rc" \
		    'setopt PROMPT_SUBST; PROMPT="%n@%m %~ %# "'
	done
	# ...and the streak follows the log from one prompt to the next.
	run zsh -f -c 'autoload -Uz promptinit; promptinit; prompt adam1
		'"$readme"'
		_hips_streak; hips skip -d yesterday >/dev/null 2>&1
		for f in $precmd_functions; do $f; done
		print -rn -- "$PROMPT"'
	case $out in
	"2d "*) ;;
	*) fail "README.md: the streak did not follow: '$out'" ;;
	esac
}
t "the zsh prompt recipes work after a promptinit or oh-my-zsh theme" t_prompt_themes

done_testing
