# fish completion for hips(1).
#
# Commands, exercise names, ladders and cue contexts come from hips
# itself (hips help --commands, hips program --names, hips program
# --ladders, hips cues --list), so they follow the program and the
# user's program.ini and cues.ini.

# Run the hips being completed (./hips in a build tree), quietly.
function __hips_run
    set -l hips (commandline -opc)[1]
    test -n "$hips"; or set hips hips
    command $hips $argv 2>/dev/null
end

# The words after the global options: the command and its arguments.
function __hips_args
    set -l words (commandline -opc)[2..-1]
    while set -q words[1]
        switch $words[1]
            case -C
                set -e words[1..2]
            case '-*'
                set -e words[1]
            case '*'
                break
        end
    end
    set -q words[1]; and printf '%s\n' $words
end

function __hips_needs_command
    test (count (__hips_args)) -eq 0
end

# Is the command one of the arguments?
function __hips_using
    set -l args (__hips_args)
    contains -- "$args[1]" $argv
end

# The number of operands (options and their values aside) typed so far.
function __hips_operands
    set -l args (__hips_args)[2..-1]
    set -l n 0
    while set -q args[1]
        switch $args[1]
            case -d -m -n -c -w --remote --until --from --to -r --as --dose
                set -e args[1..2]
                continue
            case '-*'
            case '*'
                set n (math $n + 1)
        end
        set -e args[1]
    end
    echo $n
end

function __hips_commands
    set -l summary (__hips_run help | string match -r '^  [a-z].*' | string trim)
    for name in (__hips_run help --commands)
        set -l line (string match -r "^$name +.*" -- $summary)
        if set -q line[1]
            string replace -r '^(\S+) +' '$1\t' -- $line[1]
        else
            echo $name
        end
    end
end

function __hips_keys
    set -l tok (commandline -ct)
    switch $tok
        case 'band=*'
            printf 'band=%s\n' light medium heavy
        case 'side=*'
            printf 'side=%s\n' left right
        case '*=*'
        case '*'
            set -l given (commandline -opc | string match -r '^[a-z]+=')
            set -l keys hold= pain= rpe= band= load= side=
            set -l descs 'hold at the top, in seconds' 'pain, 0 to 10' \
                'rating of perceived exertion, 1 to 10' 'resistance band' \
                'added weight (12.5kg, 20lb)' 'one side only'
            # And the keys config.ini declares.
            for k in (__hips_run program --keys)
                if not contains -- $k= $keys
                    set -a keys $k=
                    set -a descs 'declared in config.ini'
                end
            end
            # Each key once.
            for i in (seq (count $keys))
                contains -- $keys[$i] $given
                or printf '%s\t%s\n' $keys[$i] $descs[$i]
            end
    end
end

complete -c hips -f

# Global options and the commands.
complete -c hips -n __hips_needs_command -s C -x -a '(__fish_complete_directories)' -d 'Use DATADIR as the data directory'
complete -c hips -n __hips_needs_command -s h -l help -d 'Show usage and commands'
complete -c hips -n __hips_needs_command -s V -l version -d 'Show the version'
complete -c hips -n __hips_needs_command -x -a '(__hips_commands)'

# Every command takes -h (git passes its options to git).
complete -c hips -n '__hips_using help init log skip pain undo next go program show streak cues check sync hold pause set resume' -s h -l help -d 'Show usage'

complete -c hips -n '__hips_using help' -l commands -d 'List the command names'
complete -c hips -n '__hips_using help; and test (__hips_operands) -eq 0' -x -a '(__hips_commands)'

complete -c hips -n '__hips_using init' -l remote -x -d 'Set the remote origin'

complete -c hips -n '__hips_using log' -s d -x -a 'today yesterday monday tuesday wednesday thursday friday saturday sunday' -d 'Day or time of the session'
complete -c hips -n '__hips_using log' -s m -x -d Note
complete -c hips -n '__hips_using log' -s n -x -d 'Number of entries to list'
complete -c hips -n '__hips_using log' -l json -d 'List as JSON'
complete -c hips -n '__hips_using log' -l custom -d 'An exercise outside the program'
complete -c hips -n '__hips_using log; and test (__hips_operands) -eq 0' -x -a '(__hips_run program --names; __hips_run program --custom)'
complete -c hips -n '__hips_using log; and test (__hips_operands) -ge 2' -x -a '(__hips_keys)'

complete -c hips -n '__hips_using skip' -s d -x -a 'today yesterday monday tuesday wednesday thursday friday saturday sunday' -d 'Day to mark'
complete -c hips -n '__hips_using skip' -l from -x -a 'today yesterday monday tuesday wednesday thursday friday saturday sunday' -d 'First day of a range'
complete -c hips -n '__hips_using skip' -l to -x -a 'today yesterday monday tuesday wednesday thursday friday saturday sunday' -d 'Last day of a range'
complete -c hips -n '__hips_using skip' -s m -x -d Note
complete -c hips -n '__hips_using skip; and test (__hips_operands) -eq 0' -x -a 'pain=' -d "The day's pain, 0 to 10"

complete -c hips -n '__hips_using pain' -s d -x -a 'today yesterday monday tuesday wednesday thursday friday saturday sunday' -d 'Day or time'
complete -c hips -n '__hips_using pain' -s m -x -d Note
complete -c hips -n '__hips_using pain; and test (__hips_operands) -eq 0' -x -a '0 1 2 3 4 5 6 7 8 9 10' -d 'Pain, 0 none to 10 worst'

complete -c hips -n '__hips_using next' -l why -d 'Explain each decision'
complete -c hips -n '__hips_using next' -l json -d 'Print JSON'
complete -c hips -n '__hips_using next; and test (__hips_operands) -eq 0' -x -a '(__hips_run program --names)'

complete -c hips -n '__hips_using go' -s r -x -d 'Seconds of rest between sets'
complete -c hips -n '__hips_using go; and test (__hips_operands) -eq 0' -x -a '(__hips_run program --names)'
complete -c hips -n '__hips_using show; and test (__hips_operands) -eq 0' -x -a '(__hips_run program --names; __hips_run program --ladders)'

complete -c hips -n '__hips_using program' -l names -d 'List every exercise name'
complete -c hips -n '__hips_using program' -l ladders -d 'List every ladder'
complete -c hips -n '__hips_using program' -l custom -d 'List the exercises config.ini declares'
complete -c hips -n '__hips_using program' -l keys -d 'List the keys hips log takes'

# A clinician's instructions.
complete -c hips -n '__hips_using hold pause' -l until -x -d 'Last day (YYYY-MM-DD)'
complete -c hips -n '__hips_using hold pause set resume' -s m -x -d Note
complete -c hips -n '__hips_using hold set; and test (__hips_operands) -eq 0' -x -a '(__hips_run program --ladders)'
complete -c hips -n '__hips_using pause resume; and test (__hips_operands) -eq 0' -x -a '(__hips_run program --ladders) all'

complete -c hips -n '__hips_using streak' -l prompt -d 'One short line for a shell prompt'
complete -c hips -n '__hips_using streak' -l calendar -d 'Draw the last weeks as a heatmap'
complete -c hips -n '__hips_using streak' -s w -x -d 'Weeks the calendar shows'
complete -c hips -n '__hips_using streak' -l json -d 'Print JSON'

complete -c hips -n '__hips_using report' -s h -l help -d 'Show usage'
complete -c hips -n '__hips_using report' -s w -x -d 'Weeks to cover'
complete -c hips -n '__hips_using report' -l md -d 'Markdown'
complete -c hips -n '__hips_using report' -l html -r -F -d 'One HTML file, for print'

complete -c hips -n '__hips_using cues' -l daily -d 'The cue of the day'
# The cue contexts: the unindented lines of 'hips cues --list'.
function __hips_contexts
    __hips_run cues --list | string match -r '^\S.*'
end
complete -c hips -n '__hips_using cues' -s c -x -a '(__hips_contexts)' -d 'Only cues of CONTEXT'
complete -c hips -n '__hips_using cues' -l list -d 'Every cue, grouped'
complete -c hips -n '__hips_using cues' -l dump -d 'The built-in cues.ini'

complete -c hips -n '__hips_using export import remind' -s h -l help -d 'Show usage'
complete -c hips -n '__hips_using export' -l csv -d 'CSV, RFC 4180'
complete -c hips -n '__hips_using export' -l json -d 'A JSON array'
complete -c hips -n '__hips_using export' -l from -x -a 'today yesterday monday tuesday wednesday thursday friday saturday sunday' -d 'First day'
complete -c hips -n '__hips_using export' -l to -x -a 'today yesterday monday tuesday wednesday thursday friday saturday sunday' -d 'Last day'

complete -c hips -n '__hips_using import' -l dry-run -d 'Print what would be added'
complete -c hips -n '__hips_using import' -l as -x -a '(__hips_run program --names)' -d 'Loop: the exercise of the habit'
complete -c hips -n '__hips_using import' -l dose -x -d 'Loop: the dose of each session'
complete -c hips -n '__hips_using import; and test (__hips_operands) -eq 0' -x -a 'csv loop'
complete -c hips -n '__hips_using import; and test (__hips_operands) -eq 1' -F

complete -c hips -n '__hips_using remind' -l notify -d 'Send it with notify-send'

complete -c hips -n '__hips_using sync' -s v -d 'Print the summary even without a terminal'
complete -c hips -n '__hips_using sync' -l allow-unrelated -d 'Join a remote history that shares no commit'

# hips git ARGS...: the rest is a git command line.
function __hips_git
    set -l args (string escape -- (__hips_args))
    complete -C "$args "(commandline -ct)
end
complete -c hips -n '__hips_using git' -x -a '(__hips_git)'
