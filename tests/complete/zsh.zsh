#!/usr/bin/zsh -f
# Complete command lines in an interactive zsh with compinit, through a
# pseudo-terminal: zsh.zsh COMPLETION-DIR LINE...  For each LINE (the
# cursor at its end) it prints the candidates the completion functions
# offered, one per line, then a line "--".
#
# The interactive zsh runs in zsh/zpty; TAB is bound to a widget that runs
# complete-word, and compadd is wrapped to record every candidate that
# matches the word on the line.
emulate -L zsh
zmodload zsh/zpty || exit 1
dir=${1:A}
shift
out=$(mktemp) || exit 1

setup="
unsetopt auto_list auto_menu list_beep beep
bindkey -e
PS1='> '
fpath=(${(q)dir} \$fpath)
autoload -Uz compinit && compinit -u -D
compadd() {
	local a
	for a in \"\$@\"; do
		case \$a in
		--) break ;;
		-[OAD]*) builtin compadd \"\$@\"; return ;;
		-*) ;;
		*) break ;;
		esac
	done
	local -a m
	builtin compadd -O m \"\$@\"
	(( \$#m )) && print -rl -- \$m >>${(q)out}
	builtin compadd \"\$@\"
}
t_tab() { zle complete-word; print -r -- -- >>${(q)out} }
zle -N t_tab
bindkey '^I' t_tab
print READY
"
zpty t zsh -f -i || exit 1
# (set after zpty forks: its child would run it too)
trap 'rm -f $out' EXIT
zpty -w t "$setup"
zpty -r t line '*READY*' || exit 1
: >$out
for l in "$@"; do
	zpty -w -n t "$l"$'\t\x15'
done
zpty -w t 'exit'
# Wait for the shell to finish (it reads the typed lines in order).
while zpty -r t line 2>/dev/null; do :; done
zpty -d t
# Candidates of one line, unique, then "--".
local -a block
while IFS= read -r l; do
	if [[ $l == -- ]]; then
		(( $#block )) && print -rl -- ${(u)block}
		print -- --
		block=()
	else
		block+=("$l")
	fi
done <$out
