#!/bin/bash
# Complete command lines in bash as readline would, with bash-completion
# loaded: bash.sh COMPLETION-FILE LINE...  For each LINE (the cursor at its
# end) it prints the candidates, one per line, then a line "--".
set -u
. /usr/share/bash-completion/bash_completion
# compopt only works while readline completes; its effects are not tested.
compopt() { :; }
. "$1"
shift
spec=$(complete -p hips) || exit 1
fn=${spec#*-F }
fn=${fn%% *}
for line; do
	# Readline's words: blanks separate them, and '=' (in
	# COMP_WORDBREAKS) is a word of its own.
	COMP_WORDS=()
	read -ra blank <<<"$line"
	[[ $line == *' ' ]] && blank+=("")
	for w in "${blank[@]}"; do
		while [[ $w == *=* ]]; do
			[[ -n ${w%%=*} ]] && COMP_WORDS+=("${w%%=*}")
			COMP_WORDS+=("=")
			w=${w#*=}
		done
		[[ -n $w || ${COMP_WORDS[-1]-} != = ]] && COMP_WORDS+=("$w")
	done
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]-}
	"$fn" hips "$cur" "$prev"
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort -u
	echo --
done
