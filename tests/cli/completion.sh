#!/bin/bash
# Shell completions, each in its real shell: bash with bash-completion,
# zsh with compinit (through a pseudo-terminal), fish with complete -C.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/complete/lib.sh"

# A fake hips first in PATH: the completions must ask the program, so
# names that exist nowhere else show up.
fake_hips() {
	mkdir -p "$T/bin"
	cat >"$T/bin/hips" <<'FAKE'
#!/bin/sh
case "$*" in
"help --commands") printf '%s\n' help log next cues zebra ;;
help) printf 'usage: hips COMMAND\n\ncommands:\n  zebra    a fake command\n' ;;
"program --names") printf '%s\n' alpha beta-gamma ;;
"program --ladders") printf '%s\n' fam-one fam-two ;;
"program --custom") printf '%s\n' own-walk ;;
"program --keys") printf '%s\n' band hold load pain rpe side tempo ;;
"cues --list") printf '%s\n' lifting '  Hips back.' '  Chest up.' \
	stair-climbing '  One step at a time.' ;;
*) exit 2 ;;
esac
FAKE
	chmod +x "$T/bin/hips"
	PATH=$T/bin:$PATH
}

t_asks_program() {
	local sh
	fake_hips
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips " "hips z" "hips help z" \
		    "hips log " "hips log -d today b" "hips next " \
		    "hips cues -c " "hips -C /tmp log a"
		expect_cands "$sh" 1 help log next cues zebra
		expect_cands "$sh" 2 zebra
		expect_cands "$sh" 3 zebra
		expect_cands "$sh" 4 alpha beta-gamma own-walk
		expect_cands "$sh" 5 beta-gamma
		expect_cands "$sh" 6 alpha beta-gamma
		expect_cands "$sh" 7 lifting stair-climbing
		expect_cands "$sh" 8 alpha
	done
}
t "commands, exercises and contexts come from hips itself" t_asks_program

t_go() {
	local sh
	fake_hips
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips go " "hips go -r 30 b" "hips go -" \
		    "hips go alpha "
		expect_cands "$sh" 1 alpha beta-gamma
		expect_cands "$sh" 2 beta-gamma
		expect_cands "$sh" 3 -r -h --help
		cands 4 | grep -q alpha && fail "$sh: a second exercise"
	done
	return 0
}
t "hips go: its options and the exercises hips names" t_go
t_show() {
	local sh
	fake_hips
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips show " "hips show fam-t" \
		    "hips show b" "hips show -"
		expect_cands "$sh" 1 alpha beta-gamma fam-one fam-two
		expect_cands "$sh" 2 fam-two
		expect_cands "$sh" 3 beta-gamma
		expect_cand "$sh" 4 -h
	done
}
t "hips show completes exercises and ladders" t_show

t_ladders() {
	local sh
	fake_hips
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips hold " "hips pause " "hips set " \
		    "hips resume " "hips hold --until 2026-12-01 -m note f" \
		    "hips set fam-one " "hips hold fam-one " "hips pause -" \
		    "hips resume -"
		expect_cands "$sh" 1 fam-one fam-two
		expect_cands "$sh" 2 fam-one fam-two all
		expect_cands "$sh" 3 fam-one fam-two
		expect_cands "$sh" 4 fam-one fam-two all
		expect_cands "$sh" 5 fam-one fam-two
		# A step, and no second ladder (zsh offers the options).
		[ -z "$(cands 6)" ] || fail "$sh: offered '$(cands 6)'"
		cands 7 | grep -q fam && fail "$sh: a second ladder"
		expect_cands "$sh" 8 --until -m -h --help
		expect_cands "$sh" 9 -m -h --help
	done
}
t "a clinician's instructions complete the ladders hips names" t_ladders

t_typed_path() {
	local sh
	fake_hips
	mv "$T/bin" "$T/elsewhere"
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "$T/elsewhere/hips next "
		expect_cands "$sh" 1 alpha beta-gamma
	done
}
t "the hips on the command line is the one asked" t_typed_path

t_real() {
	local sh cmds
	PATH=$TOP:$PATH
	cmds=$(hips help --commands)
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips " "hips l" "hips -" "hips log -" \
		    "hips log -d " "hips skip -d y" "hips log bridge 3x10 " \
		    "hips log bridge 3x10 band=" "hips log bridge 3x10 side=l" \
		    "hips log bridge 3x10 -m note " "hips undo -" \
		    "hips log bridge 3x10 hold=2s band=light " "hips skip -" \
		    "hips skip --from t"
		# shellcheck disable=SC2086
		expect_cands "$sh" 1 $cmds
		expect_cands "$sh" 2 log
		expect_cands "$sh" 3 -C -h -V --help --version
		expect_cands "$sh" 4 -d -m -n --json --custom -h --help
		expect_cands "$sh" 5 today yesterday monday tuesday wednesday \
		    thursday friday saturday sunday
		expect_cands "$sh" 6 yesterday
		expect_cands "$sh" 7 hold pain rpe band load side
		expect_cands "$sh" 8 light medium heavy
		expect_cands "$sh" 9 left
		expect_cands "$sh" 10 hold pain rpe band load side
		expect_cands "$sh" 11 -h --help
		expect_cands "$sh" 12 pain rpe load side
		expect_cands "$sh" 13 -d -m --from --to -h --help
		expect_cands "$sh" 14 today tuesday thursday
	done
}
t "options, dates and KEY=VALUE details" t_real

t_real_pain() {
	local sh
	PATH=$TOP:$PATH
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips pain -" "hips pain " "hips pain 1" \
		    "hips pain -d y" "hips skip " "hips pain -m sore "
		expect_cands "$sh" 1 -d -m -h --help
		expect_cands "$sh" 2 0 1 2 3 4 5 6 7 8 9 10
		expect_cands "$sh" 3 1 10
		expect_cands "$sh" 4 yesterday
		expect_cands "$sh" 5 pain
		expect_cands "$sh" 6 0 1 2 3 4 5 6 7 8 9 10
	done
}
t "hips pain levels and hips skip pain=" t_real_pain

t_real_names() {
	local sh
	PATH=$TOP:$PATH
	mkdir -p "$CONF"
	printf '[wall]\nstep = wall-sit 3x30s\nstep = wall-slide 3x10\n' \
	    >"$CONF/program.ini"
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips log " "hips next wall-s" \
		    "hips log -d today wall-sl"
		expect_cands "$sh" 1 wall-sit wall-slide
		expect_cands "$sh" 2 wall-sit wall-slide
		expect_cands "$sh" 3 wall-slide
	done
	rm "$CONF/program.ini"
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips log "
		# shellcheck disable=SC2046
		expect_cands "$sh" 1 $(hips program --names)
		expect_cand "$sh" 1 bridge clamshell single-leg-hinge
	done
}
t "exercise names follow the program in use" t_real_names

t_real_custom() {
	local sh
	PATH=$TOP:$PATH
	mkdir -p "$CONF"
	printf '[exercises]\ncustom = own-walk stair-run\n[keys]\ncustom = tempo mood\n' \
	    >"$CONF/config.ini"
	run hips program --custom; expect_status 0
	expect_out "$(printf '%s\n' own-walk stair-run)"
	run hips program --keys; expect_status 0
	expect_out "$(printf '%s\n' band hold load pain rpe side tempo mood)"
	run hips program --keys --names; expect_status 2
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips log o" "hips log -d today s" \
		    "hips log bridge 3x10 " "hips log own-walk 1x30 t" \
		    "hips next own-w" "hips log bridge 3x10 tempo=3 "
		expect_cands "$sh" 1 own-walk
		expect_cands "$sh" 2 side-lying-abduction side-plank-clam \
		    single-leg-bridge single-leg-hinge split-stance-hinge \
		    stair-run
		expect_cands "$sh" 3 hold pain rpe band load side tempo mood
		expect_cands "$sh" 4 tempo
		# next takes the program's exercises only.
		[ -z "$(cands 5)" ] || fail "$sh: next offered '$(cands 5)'"
		expect_cands "$sh" 6 hold pain rpe band load side mood
	done
	# Without config.ini: the built-in keys, no exercise of one's own.
	rm "$CONF/config.ini"
	run hips program --custom; expect_status 0; expect_out ''
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips log bridge 3x10 " "hips log own-w"
		expect_cands "$sh" 1 hold pain rpe band load side
		[ -z "$(cands 2)" ] || fail "$sh: offered '$(cands 2)'"
	done
}
t "exercises and keys declared in config.ini are offered to hips log" t_real_custom

t_real_contexts() {
	local sh
	PATH=$TOP:$PATH
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips cues -c "
		expect_cand "$sh" 1 lifting sitting stairs bridge
	done
	mkdir -p "$CONF"
	printf '[garden]\ncue = Kneel, do not stoop.\n[groceries]\ncue = Split the load.\n' \
	    >"$CONF/cues.ini"
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips cues -c " "hips cues --daily -c gr"
		expect_cands "$sh" 1 garden groceries
		expect_cands "$sh" 2 groceries
	done
}
t "cue contexts follow the cue set in use" t_real_contexts

t_datadir() {
	local sh
	PATH=$TOP:$PATH
	mkdir -p "$T/data-one" "$T/data-two"
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips -C $T/data-o"
		cands 1 | grep -q 'data-one$' || fail "$sh: -C offers no directory"
	done
}
t "-C completes directories" t_datadir

t_git() {
	local sh
	PATH=$TOP:$PATH
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips git comm"
		expect_cand "$sh" 1 commit
	done
}
t "hips git completes like git" t_git

t_real_data() {
	local sh
	PATH=$TOP:$PATH
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips export -" "hips export --from y" \
		    "hips import " "hips import -" "hips import loop --as cl" \
		    "hips remind -" "hips import c"
		expect_cands "$sh" 1 --csv --json --from --to -h --help
		expect_cands "$sh" 2 yesterday
		expect_cands "$sh" 3 csv loop
		expect_cands "$sh" 4 --dry-run --as --dose -h --help
		expect_cands "$sh" 5 clamshell
		expect_cands "$sh" 6 --notify -h --help
		expect_cands "$sh" 7 csv
	done
}
t "export, import and remind: options and operands" t_real_data

done_testing
