# bash completion for hips(1).
#
# Commands, exercise names, ladders, keys and cue contexts come from
# hips itself (hips help --commands, hips program --names, --custom,
# --ladders and --keys, hips cues --list), so they follow the program
# and the user's program.ini, config.ini and cues.ini.

# Run the hips being completed (./hips in a build tree), quietly.
__hips_run()
{
	local hips=${COMP_WORDS[0]}
	[[ $hips == \~/* ]] && hips=$HOME/${hips#\~/}
	"$hips" "$@" 2>/dev/null
}

# COMPREPLY from a list of words, one per line, matching $cur.
__hips_reply()
{
	local IFS=$'\n'
	COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

# The cue contexts: the unindented lines of 'hips cues --list'.
__hips_contexts()
{
	__hips_run cues --list | awk '/^[^ \t]/'
}

# KEY=VALUE details of hips log; readline completes a value on its own
# when '=' breaks words.
__hips_keys()
{
	local key=${cur%%=*} values k w
	if [[ $cur != *=* ]]; then
		# Each key once: the built-in ones and config.ini's.
		for k in $(__hips_run program --keys); do
			for w in "${words[@]:1:cword-1}"; do
				[[ $w == "$k="* ]] && continue 2
			done
			values+=$k=$'\n'
		done
		__hips_reply "$values"
		compopt -o nospace 2>/dev/null
		return
	fi
	case $key in
	band) values=$'light\nmedium\nheavy' ;;
	side) values=$'left\nright' ;;
	*) return ;;
	esac
	cur=${cur#*=}
	__hips_reply "$values"
	if [[ $COMP_WORDBREAKS != *=* ]]; then
		COMPREPLY=("${COMPREPLY[@]/#/$key=}")
	fi
}

_hips()
{
	local cur prev words cword split=false
	if declare -F _init_completion >/dev/null; then
		_init_completion -s -n = || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi

	# The command: the first word after the global options.
	local i cmd="" ci=0
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-C) ((i++)) ;;
		-*) ;;
		*) cmd=${words[i]} ci=$i; break ;;
		esac
	done

	if [[ -z $cmd ]]; then
		case $prev in
		-C)
			COMPREPLY=($(compgen -d -- "$cur"))
			return
			;;
		esac
		if [[ $cur == -* ]]; then
			__hips_reply $'-C\n-h\n-V\n--help\n--version'
		else
			__hips_reply "$(__hips_run help --commands)"
		fi
		return
	fi

	case $cmd in
	git)
		# The rest is a git command line.
		declare -F _command_offset >/dev/null && _command_offset "$ci"
		return
		;;
	esac

	# Values of options.
	case $cmd:$prev in
	log:-d | skip:-d | skip:--from | skip:--to | pain:-d | export:--from | export:--to)
		__hips_reply $'today\nyesterday\nmonday\ntuesday\nwednesday\nthursday\nfriday\nsaturday\nsunday'
		return
		;;
	report:--html)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	log:-m | log:-n | skip:-m | pain:-m | init:--remote | streak:-w | report:-w)
		return
		;;
	hold:-m | pause:-m | set:-m | resume:-m | hold:--until | pause:--until)
		return
		;;
	go:-r)
		return
		;;
	cues:-c)
		__hips_reply "$(__hips_contexts)"
		return
		;;
	import:--as)
		__hips_reply "$(__hips_run program --names)"
		return
		;;
	import:--dose)
		return
		;;
	esac
	$split && return

	local opts=""
	case $cmd in
	help) opts='--commands' ;;
	init) opts='--remote' ;;
	log) opts=$'-d\n-m\n-n\n--json\n--custom' ;;
	skip) opts=$'-d\n-m\n--from\n--to' ;;
	pain) opts=$'-d\n-m' ;;
	undo) opts='' ;;
	next) opts=$'--why\n--json' ;;
	go) opts='-r' ;;
	program) opts=$'--names\n--ladders\n--custom\n--keys' ;;
	show) opts='' ;;
	streak) opts=$'--prompt\n--calendar\n-w\n--json' ;;
	report) opts=$'-w\n--md\n--html' ;;
	cues) opts=$'--daily\n-c\n--list\n--dump' ;;
	check) opts='' ;;
	sync) opts=$'-v\n--allow-unrelated' ;;
	hold | pause) opts=$'--until\n-m' ;;
	set | resume) opts='-m' ;;
	export) opts=$'--csv\n--json\n--from\n--to' ;;
	import) opts=$'--dry-run\n--as\n--dose' ;;
	remind) opts='--notify' ;;
	*) return ;;
	esac
	if [[ $cur == -* ]]; then
		__hips_reply "$opts"$'\n-h\n--help'
		return
	fi

	# Which operand is being completed (options and their values aside)?
	local n=0
	for ((i = ci + 1; i < cword; i++)); do
		case ${words[i]} in
		-d | -m | -n | -c | -w | --remote | --until | --from | --to | -r | --as | --dose) ((i++)) ;;
		-*) ;;
		*) ((n++)) ;;
		esac
	done

	case $cmd in
	help)
		((n == 0)) && __hips_reply "$(__hips_run help --commands)"
		;;
	next | go)
		((n == 0)) && __hips_reply "$(__hips_run program --names)"
		;;
	show)
		((n == 0)) && __hips_reply "$(__hips_run program --names)
$(__hips_run program --ladders)"
		;;
	skip)
		if ((n == 0)); then
			__hips_reply 'pain='
			compopt -o nospace 2>/dev/null
		fi
		;;
	pain)
		((n == 0)) && __hips_reply $'0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10'
		;;
	hold | set)
		((n == 0)) && __hips_reply "$(__hips_run program --ladders)"
		;;
	import)
		if ((n == 0)); then
			__hips_reply $'csv\nloop'
		elif ((n == 1)); then
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		;;
	pause | resume)
		((n == 0)) &&
		    __hips_reply "$(__hips_run program --ladders)"$'\nall'
		;;
	log)
		if ((n == 0)); then
			__hips_reply "$(__hips_run program --names
			    __hips_run program --custom)"
		elif ((n >= 2)); then
			__hips_keys
		fi
		;;
	esac
}

complete -F _hips hips
