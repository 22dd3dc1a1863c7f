# Shared by the completion tests: complete command lines in the real
# shells and compare the candidates.  Sourced after tests/cli/lib.sh.
#
#   complete_lines zsh "hips l" "hips log -d "
#   cands 1        # the candidates of the first line, sorted, one a line
#
# Candidates are normalised across shells: surrounding blanks and a
# trailing '/' or '=' are dropped, and for a KEY=VALUE word only the part
# after the '=' is kept (zsh and bash complete the value as a word of its
# own, fish the whole word).

COMP_SHELLS="bash zsh fish"

# complete_lines SHELL LINE...: the candidates of each line into $COMP_OUT.
complete_lines() {
	local sh=$1
	shift
	COMP_OUT=$T/.comp.$sh
	case $sh in
	bash)	bash "$TOP/tests/complete/bash.sh" \
		    "$TOP/completions/hips.bash" "$@" ;;
	zsh)	zsh -f "$TOP/tests/complete/zsh.zsh" "$TOP/completions" "$@" ;;
	fish)	fish "$TOP/tests/complete/fish.fish" \
		    "$TOP/completions/hips.fish" "$@" ;;
	esac >"$COMP_OUT" 2>"$T/.comp.err" || fail "$sh completion failed: $(cat "$T/.comp.err")"
	[ "$(grep -c '^--$' "$COMP_OUT")" -eq $# ] ||
		fail "$sh completion: $(grep -c '^--$' "$COMP_OUT") answers for $# lines: $(cat "$T/.comp.err")"
}

# cands N: the normalised candidates of line N of the last complete_lines.
cands() {
	awk -v n="$1" '/^--$/ { i++; next } i == n - 1' "$COMP_OUT" |
		sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' \
		    -e 's/^[a-z]*=\(.\)/\1/' -e 's/[/=]$//' | LC_ALL=C sort -u
}

# expect_cands SHELL N WORD...: line N offered exactly these words.
expect_cands() {
	local sh=$1 n=$2 got want
	shift 2
	got=$(cands "$n" | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | LC_ALL=C sort -u | tr '\n' ' ')
	[ "$got" = "$want" ] ||
		fail "$sh, line $n: offered '$got', expected '$want'"
}

# expect_cand SHELL N WORD...: line N offered at least these words.
expect_cand() {
	local sh=$1 n=$2 w
	shift 2
	for w; do
		cands "$n" | grep -qxF -- "$w" ||
			fail "$sh, line $n: '$w' not among '$(cands "$n" | tr '\n' ' ')'"
	done
}
