# Complete command lines in fish: fish fish.fish COMPLETION-FILE
# LINE...  For each LINE (the cursor at its end) it prints the candidates
# of `complete -C`, one per line without descriptions, then a line "--".
source $argv[1]
or exit 1
for line in $argv[2..-1]
    complete -C"$line" | string replace -r '\t.*' '' | sort -u
    printf "%s\n" --
end
