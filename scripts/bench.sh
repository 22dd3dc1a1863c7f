#!/bin/sh
# hips benchmarks: `make bench`.  Each measurement is one function
# (bench_NAME) that prints one row; add rows by adding functions and
# calling them at the bottom.  Everything runs in a temporary HOME with
# generated data, never on the user's own log.
#
#   sh scripts/bench.sh            # every row
#   BENCH_RUNS=200 sh scripts/bench.sh
#   HYPERFINE=none sh scripts/bench.sh   # the plain loop instead
#   BENCH_ROUNDS=20 sh scripts/bench.sh  # side-by-side rounds (default 10)
#   sh scripts/bench.sh write scale      # some rows: bench_write, ...
#   BENCH_WRITE_RUNS=30 BENCH_SIZE_ENTRIES=2000 BENCH_README=0 ...
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
HIPS=${HIPS:-$top/hips}
RUNS=${BENCH_RUNS:-300}
PREPARE=
HYPERFINE=${HYPERFINE:-hyperfine}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hips-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

export HOME="$WORK/home"
unset HIPS_DIR XDG_DATA_HOME XDG_CONFIG_HOME XDG_STATE_HOME XDG_CACHE_HOME \
	NO_COLOR HIPS_NOW
export LC_ALL=C TZ=Europe/Berlin GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
DATA="$HOME/.local/share/hips"

# gen_years YEARS DIR: a log of YEARS years of daily practice ending
# yesterday, written straight into month files (the way a union merge or
# an editor leaves them, not through hips), then committed once.  About
# three exercises a day, a skip day now and then, a few gaps.
gen_years() {
	years=$1 dir=$2
	mkdir -p "$dir/log"
	end=$(date -d yesterday +%Y-%m-%d)
	awk -v years="$years" -v end="$end" -v dir="$dir/log" '
	function dim(y, m) {
		if (m == 2)
			return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
		return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31
	}
	BEGIN {
		srand(42)
		split(end, e, "-")
		ey = e[1] + 0; em = e[2] + 0; ed = e[3] + 0
		y = ey - years; m = em; d = ed
		split("bridge 3x12 hold=2s|clamshell 3x15/side|hinge 3x10|" \
		    "banded-bridge 3x12 hold=2s pain=1|side-plank-clam 3x8/side " \
		    "hold=3s", ex, "|")
		n = 0
		for (;;) {
			file = sprintf("%s/%04d-%02d.log", dir, y, m)
			off = (m >= 4 && m <= 10) ? "+02:00" : "+01:00"
			r = rand()
			if (r < 0.04)
				printf "%04d-%02d-%02dT21:00:00%s skip # travelling\n", \
				    y, m, d, off >> file
			else if (r < 0.08)
				;
			else
				for (k = rand() < 0.3 ? -1 : 0; k < 3; k++) {
					printf "%04d-%02d-%02dT07:%02d:%02d%s %s", y, m, d, \
					    10 * k + 15, int(rand() * 60), off, \
					    ex[1 + int(rand() * 5)] >> file
					if (rand() < 0.3)
						printf " # felt it in the hamstrings, " \
						    "feet closer next time" >> file
					printf "\n" >> file
					n++
				}
			if (y == ey && m == em && d == ed)
				break
			if (++d > dim(y, m)) {
				d = 1
				close(file)
				if (++m > 12) { m = 1; y++ }
			}
		}
		print n > "/dev/stderr"
	}' 2>"$WORK/count"
	printf '*.log merge=union\n' >"$dir/.gitattributes"
	git -C "$dir" init -q -b main
	git -C "$dir" add -A
	git -C "$dir" -c user.name=bench -c user.email=bench@localhost \
		commit -q -m "ten years of log"
	# Files younger than two seconds are "racy" for the prompt's cache
	# (read again each time, as git does): let them age first.
	sleep 2.1
}

# gen_stream N LO HI CHUNK [DIR]: a git fast-import stream of commits
# LO+1..HI of a history of N entry commits over ten years up to
# yesterday, each adding one line to its month file as `hips log` does
# (commit 0, when LO is 0, adds .gitattributes as `hips init` does).  A
# checkpoint every CHUNK commits ends a pack; with DIR, each CHUNK
# commits go to a stream of their own instead, DIR/1, DIR/2, ..., the
# last one full, each going on from refs/heads/main.  Deterministic.
gen_stream() {
	end=$(date -d yesterday +%s)
	awk -v n="$1" -v lo="$2" -v hi="$3" -v chunk="$4" -v end="$end" \
	    -v dir="${5:-}" '
	function civil(days,   z, era, doe, yoe, doy, mp) {
		z = days + 719468
		era = int(z / 146097)
		doe = z - era * 146097
		yoe = int((doe - int(doe / 1460) + int(doe / 36524) - \
		    int(doe / 146096)) / 365)
		doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
		mp = int((5 * doy + 2) / 153)
		D = doy - int((153 * mp + 2) / 5) + 1
		M = mp < 10 ? mp + 3 : mp - 9
		Y = yoe + era * 400 + (M <= 2)
	}
	BEGIN {
		split("bridge 3x12 hold=2s|clamshell 3x15/side|hinge 3x10|" \
		    "banded-bridge 3x12 hold=2s pain=1|side-plank-clam " \
		    "3x8/side hold=3s", ex, "|")
		start = int(end / 86400) - 3652
		out = "/dev/stdout"
		part = 1
		if (dir != "")
			out = dir "/" part
		first = chunk > 0 ? (hi - lo) % chunk : 0
		if (first == 0)
			first = chunk
		if (lo == 0) {
			a = "*.log merge=union\n"
			printf "commit refs/heads/main\ncommitter hips " \
			    "<hips@localhost> %d +0000\ndata 28\ninit: hips " \
			    "data repository\n\nM 100644 inline .gitattributes\n" \
			    "data %d\n%s\n", start * 86400, length(a), a >out
		}
		cur = ""
		for (i = 1; i <= hi; i++) {
			day = start + int((i - 1) * 3652 / n)
			civil(day)
			file = sprintf("log/%04d-%02d.log", Y, M)
			if (file != cur) {
				cur = file
				text = ""
			}
			e = ex[1 + i % 5]
			line = sprintf("%04d-%02d-%02dT07:%02d:%02d+01:00 %s", \
			    Y, M, D, i % 60, i * 7 % 60, e)
			if (i % 3 == 0)
				line = line " # felt it in the hamstrings"
			text = text line "\n"
			if (i <= lo)
				continue
			split(e, w, " ")
			msg = "log: " w[1] " " w[2] "\n\n" line "\n"
			printf "commit refs/heads/main\ncommitter hips " \
			    "<hips@localhost> %d +0100\ndata %d\n%s\n", \
			    day * 86400 + 25200 + i % 3600, length(msg), msg >out
			if ((i == lo + 1 && lo > 0) || (dir != "" && newpart))
				printf "from refs/heads/main^0\n" >out
			newpart = 0
			printf "M 100644 inline %s\ndata %d\n%s\n", file, \
			    length(text), text >out
			if (chunk > 0 && i < hi && (i - lo - first) % chunk == 0) {
				if (dir == "")
					printf "checkpoint\n\n" >out
				else {
					close(out)
					out = dir "/" ++part
					newpart = 1
				}
			}
		}
	}'
}

# gen_history N DIR CHUNK: a data repository of N entries made through
# git fast-import, a pack per CHUNK commits, the work tree checked out.
gen_history() {
	git init -q -b main "$2"
	gen_stream "$1" 0 "$1" "$3" | git -C "$2" fast-import --quiet
	git -C "$2" reset -q --hard main
}

ratio() {	# a b: a / b, two decimals
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

verdict() {	# ratio limit
	awk -v r="$1" -v l="$2" 'BEGIN { print r <= l ? "ok" : "SLOW" }'
}

# median_ms CMD...: the median wall time of each CMD in milliseconds, one
# a line, measured with hyperfine when it is installed, else a loop of
# single runs.  $PREPARE, when set, runs before each run, untimed.
median_ms() {
	if command -v "$HYPERFINE" >/dev/null 2>&1; then
		"$HYPERFINE" -N --style none --warmup 20 --runs "$RUNS" \
			${PREPARE:+--prepare "$PREPARE"} \
			--export-json "$WORK/hf.json" "$@" >/dev/null 2>&1 ||
			return 1
		# Every command's median, one a line, in seconds.
		sed -n 's/^ *"median": *\([0-9.e+-]*\),*$/\1/p' "$WORK/hf.json" |
			awk '{ printf "%.4f\n", $1 * 1000 }'
		return
	fi
	# Without hyperfine: bash's $EPOCHREALTIME around each run (no
	# extra process per reading), one time a line, then the median.
	for cmd in "$@"; do
		bash -c '
			runs=$1 prepare=$2 cmd=$3
			for ((i = 0; i < runs; i++)); do
				[ -z "$prepare" ] || sh -c "$prepare"
				s=$EPOCHREALTIME
				$cmd >/dev/null 2>&1
				e=$EPOCHREALTIME
				echo "$s $e"
			done' sh "$RUNS" "${PREPARE:-}" "$cmd" |
		awk '{ printf "%.4f\n", ($2 - $1) * 1000 }' | sort -n |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
	done
}

# paired_ms A B: A and B measured side by side in ROUNDS alternating
# rounds (the machine's load drifts; a long run of A then a long run of B
# would compare different moments).  Prints the median of A's times, of
# B's times, and of the per-round ratios B/A.
paired_ms() {
	rounds=${BENCH_ROUNDS:-10}
	all=$RUNS
	RUNS=$(( (all + rounds - 1) / rounds ))
	: >"$WORK/pairs"
	r=0
	while [ $r -lt "$rounds" ]; do
		median_ms "$1" "$2" | tr '\n' ' ' >>"$WORK/pairs"
		echo >>"$WORK/pairs"
		r=$((r + 1))
	done
	RUNS=$all
	awk '{ a[NR] = $1; b[NR] = $2; q[NR] = $2 / $1 }
	    function med(v, n,    i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
				t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
			}
		return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	    }
	    END { printf "%.4f %.4f %.2f\n", med(a, NR), med(b, NR), med(q, NR) }' \
		"$WORK/pairs"
}

# peak_kb CMD...: peak resident set size in KiB, or "-".
peak_kb() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
	else
		echo -
	fi
}

row() {	# name, value, limit and verdict: a row of a Markdown table
	printf '| %s | %s | %s |\n' "$1" "$2" "$3"
}

# The prompt on ten years of daily data, side by side with /bin/true.
bench_prompt() {
	[ -d "$DATA/log" ] || gen_years 10 "$DATA"
	n=$(cat "$WORK/count" 2>/dev/null || echo "?")
	"$HIPS" streak --prompt >/dev/null	# the first run builds the cache
	set -- $(paired_ms /bin/true "$HIPS streak --prompt")
	t_true=$1 t_hips=$2 ratio=$3
	verdict=$(awk -v r="$ratio" 'BEGIN { print r <= 1.5 ? "ok" : "SLOW" }')
	row "prompt, $n entries (median)" \
		"$t_hips ms, true $t_true ms" "x$ratio (limit 1.5) $verdict"
	row "prompt, peak RSS" "$(peak_kb "$HIPS" streak --prompt) KiB, true \
$(peak_kb /bin/true) KiB" ""
}

# The prompt when the cache cannot be used (every file parsed each time):
# what the first prompt after a change to every file costs.
bench_prompt_nocache() {
	[ -d "$DATA/log" ] || gen_years 10 "$DATA"
	cached=$("$HIPS" streak --prompt)
	: >"$WORK/notadir"
	export XDG_CACHE_HOME="$WORK/notadir"
	set -- $(median_ms "$HIPS streak --prompt")
	fresh=$("$HIPS" streak --prompt)
	unset XDG_CACHE_HOME
	row "prompt, no usable cache (median)" "$1 ms" ""
	[ "$cached" = "$fresh" ] ||
		echo "bench: cached '$cached' and fresh '$fresh' prompts differ" >&2
}

# The first prompt after a write (hips log appends to this month's file):
# that file is read again and the cache rewritten.
bench_prompt_after_log() {
	[ -d "$DATA/log" ] || gen_years 10 "$DATA"
	month="$DATA/log/$(date +%Y-%m).log"
	PREPARE="touch '$month'"
	set -- $(median_ms "$HIPS streak --prompt")
	PREPARE=
	row "prompt after a write (median)" "$1 ms" ""
}

# The other read-only commands on the same data, side by side with
# /bin/true.
bench_reads() {
	[ -d "$DATA/log" ] || gen_years 10 "$DATA"
	n=$(cat "$WORK/count" 2>/dev/null || echo "?")
	for c in "cues --daily:3" "next:3" "log:-"; do
		name=${c%:*} limit=${c##*:}
		set -- $(paired_ms /bin/true "$HIPS $name")
		if [ "$limit" = - ]; then
			v="x$3"
		else
			v="x$3 (limit $limit) $(verdict "$3" "$limit")"
		fi
		row "$name, $n entries (median)" "$2 ms, true $1 ms" "$v"
		# shellcheck disable=SC2086
		row "$name, peak RSS" "$(peak_kb "$HIPS" $name) KiB" ""
	done
}

# hips report over the ten years of log (the default window, all ten
# years, and the HTML page), side by side with /bin/true: a read, so no
# libgit2.  Its output cache (src/outcache.h) answers once the log is
# parsed; the last rows are what a run after a change costs.
bench_report() {
	[ -d "$DATA/log" ] || gen_years 10 "$DATA"
	n=$(cat "$WORK/count" 2>/dev/null || echo "?")
	for c in "report" "report -w 520" "report --md" \
	    "report --html $WORK/r.html"; do
		"$HIPS" $c >/dev/null	# the first run fills the cache
		set -- $(paired_ms /bin/true "$HIPS $c")
		row "${c%% $WORK*}, $n entries (median)" "$2 ms, true $1 ms" \
			"x$3 (limit 10) $(verdict "$3" 10)"
	done
	: >"$WORK/notadir"
	export XDG_CACHE_HOME="$WORK/notadir"
	set -- $(median_ms "$HIPS report" "$HIPS report -w 520")
	unset XDG_CACHE_HOME
	row "report, no usable cache (median)" "$1 ms, -w 520: $2 ms" ""
	row "report -w 520, peak RSS" \
		"$(peak_kb "$HIPS" report -w 520) KiB" ""
}

# write_pair A B: paired_ms with WRITE_RUNS runs of each in all (a write
# takes ten times as long as a read).
write_pair() {
	all=$RUNS
	RUNS=$WRITE_RUNS
	paired_ms "$1" "$2"
	RUNS=$all
}

# hips log against the git command line doing the same job, each in its
# own copy of the ten-year repository.  (git does not fsync by default;
# hips does, every object and ref.)
bench_write() {
	[ -d "$DATA/log" ] || gen_years 10 "$DATA"
	rm -rf "$WORK/w-hips" "$WORK/w-git"
	cp -a "$DATA" "$WORK/w-hips"
	cp -a "$DATA" "$WORK/w-git"
	line="$(date +%Y-%m-%dT%H:%M:%S%:z) bridge 3x10"
	printf '%s\n' "cd '$WORK/w-git' &&" \
	    "echo '$line' >> log/$(date +%Y-%m).log &&" \
	    "git add -A && git commit -q -m 'log: bridge 3x10'" \
	    >"$WORK/gitlog.sh"
	set -- $(write_pair "sh $WORK/gitlog.sh" \
		"$HIPS -C $WORK/w-hips log bridge 3x10")
	row "hips log vs git add+commit (median)" "$2 ms, git $1 ms" \
		"x$3 (limit 1.0) $(verdict "$3" 1.0)"
	# The same with git made as durable as hips (fsync of every object
	# and ref; git's default syncs none of them).
	sync="-c core.fsync=all -c core.fsyncMethod=fsync"
	sed "s/git add/git $sync add/; s/git commit/git $sync commit/" \
	    "$WORK/gitlog.sh" >"$WORK/gitlog-sync.sh"
	set -- $(write_pair "sh $WORK/gitlog-sync.sh" \
		"$HIPS -C $WORK/w-hips log bridge 3x10")
	row "hips log vs git add+commit, both fsyncing (median)" \
		"$2 ms, git $1 ms" "x$3"
	row "hips log vs git, peak RSS" \
"$(peak_kb "$HIPS" -C "$WORK/w-hips" log bridge 3x10) KiB, git \
$(peak_kb sh "$WORK/gitlog.sh") KiB" ""
}

# hips log on a history of 20,000 entries against one of 10, both made
# with git fast-import (the long one in packs of 2,048 commits, as hips
# leaves its own after merging them).
bench_scale() {
	rm -rf "$WORK/s10" "$WORK/s20k"
	gen_history 10 "$WORK/s10" 0
	gen_history 20000 "$WORK/s20k" 2048
	set -- $(write_pair "$HIPS -C $WORK/s10 log bridge 3x10" \
		"$HIPS -C $WORK/s20k log bridge 3x10")
	row "hips log at 20,000 vs 10 entries (median)" "$2 ms, 10: $1 ms" \
		"x$3 (limit 1.2) $(verdict "$3" 1.2)"
	row "hips log at 20,000 entries, peak RSS" \
		"$(peak_kb "$HIPS" -C "$WORK/s20k" log bridge 3x10) KiB" ""
}

# The size of .git after SIZE_ENTRIES entries against the same after
# `git gc --aggressive`.  Committing them one by one through hips takes
# too long here, so the history comes in by git fast-import, unpacked
# into loose objects (what hips's commits leave), 2,048 commits at a
# time, each time followed by one `hips log`, which packs them (as its
# merges of smaller packs would).  The last 256 commits stay loose: the
# size is taken at its worst, just before a packing.
bench_size() {
	n=$SIZE_ENTRIES dir=$WORK/z
	rm -rf "$dir" "$WORK/zgc" "$WORK/zs"
	mkdir -p "$WORK/zs"
	git init -q -b main "$dir"
	gen_stream "$n" 0 $((n - 256)) 2048 "$WORK/zs"
	parts=$(ls "$WORK/zs" | wc -l)
	gen_stream "$n" $((n - 256)) "$n" 0 >"$WORK/zs/$((parts + 1))"
	k=1
	while [ $k -le $((parts + 1)) ]; do
		ls "$dir/.git/objects/pack" >"$WORK/zbefore"
		git -C "$dir" fast-import --quiet <"$WORK/zs/$k"
		rm -f "$WORK/zs/$k"
		mkdir -p "$WORK/zp"
		# Only the pack fast-import wrote, not those hips made.
		ls "$dir/.git/objects/pack" | grep -vxF -f "$WORK/zbefore" |
			while read -r f; do
				mv "$dir/.git/objects/pack/$f" "$WORK/zp/"
			done
		for p in "$WORK"/zp/*.pack; do
			git -C "$dir" unpack-objects -q <"$p"
		done
		rm -rf "$WORK/zp"
		if [ $k -le "$parts" ]; then
			git -C "$dir" reset -q --hard main
			"$HIPS" -C "$dir" log bridge 3x10 >/dev/null
		fi
		k=$((k + 1))
	done
	kb=$(du -sk "$dir/.git" | cut -f1)
	set -- $(git -C "$dir" count-objects -v |
		awk '/^count:|^packs:/ { print $2 }')
	cp -a "$dir" "$WORK/zgc"
	git -C "$WORK/zgc" gc -q --aggressive --prune=now
	gkb=$(du -sk "$WORK/zgc/.git" | cut -f1)
	r=$(ratio "$kb" "$gkb")
	row ".git after $n entries ($1 loose, $2 packs)" \
		"$kb KiB, after git gc --aggressive $gkb KiB" \
		"x$r (limit 2) $(verdict "$r" 2)"
}

# hips go's timer: a 60-second session of timed sets (wall-sit 2x25s with
# a 10 s rest), run for real (BENCH_GO_SCALE=1; a larger scale runs the
# clock faster, for a quick look), BENCH_GO_RUNS sessions side by side,
# started a second apart so that they do not wake at the same instants.
# Each output line is stamped as it arrives ($EPOCHREALTIME, no fork);
# an event's lateness is its time from the first set's start minus the
# time the schedule gives it (25 s the rest, 35 s the second set, 60 s the
# end), in session time.  The drift is the lateness at the end: limit
# 50 ms.  The lateness at 25 and 35 s shows whether it adds up (drift)
# or is the same at every event (the wake-up of a loaded machine).
bench_go() {
	runs=${BENCH_GO_RUNS:-3} scale=${BENCH_GO_SCALE:-1}
	mkdir -p "$WORK/goconf/hips"
	printf '%s\n' '[wall]' 'title = Wall sit' 'unlock = start' \
	    'step = wall-sit 2x25s' >"$WORK/goconf/hips/program.ini"
	rm -f "$WORK"/go[0-9]*.out
	k=1
	while [ "$k" -le "$runs" ]; do
		# The Enter after k seconds: the stamping reader is up by then.
		{ sleep "$k"; echo; sleep $((70 / ${scale%.*} + 5)); echo 0; } |
		XDG_CONFIG_HOME=$WORK/goconf HIPS_CLOCK_SCALE=$scale \
		    "$HIPS" -C "$WORK/go$k" go -r 10 wall 2>/dev/null |
		bash -c 'while IFS= read -r l; do
			printf "%s %s\n" "$EPOCHREALTIME" "$l"; done' \
		    >"$WORK/go$k.out" &
		k=$((k + 1))
	done
	wait
	for f in "$WORK"/go[0-9]*.out; do
		awk -v s="$scale" '
		    / set 1 of 2: hold the position/ { a = $1 }
		    / set 1 done; rest/ { r = $1 }
		    / set 2 of 2: hold the position/ { t = $1 }
		    / all sets done$/ { b = $1 }
		    END { if (a == "" || r == "" || t == "" || b == "")
			print "fail"
			else printf "%.2f %.2f %.2f\n", (b - a) * 1000 * s - 60000,
			    (r - a) * 1000 * s - 25000, (t - a) * 1000 * s - 35000 }' "$f"
	done >"$WORK/go.drift"
	if grep -q fail "$WORK/go.drift"; then
		row "go: timer drift over a 60 s session" "a session failed" \
			"FAIL"
		return
	fi
	# The median of column $1, and the largest absolute value.
	go_med() {
		cut -d' ' -f"$1" "$WORK/go.drift" | sort -g | awk '
		    { v[NR] = $1; d = $1 < 0 ? -$1 : $1; if (d > x) x = d }
		    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%+.2f %.2f %.2f", m, x, (m < 0 ? -m : m) / 50 }'
	}
	set -- $(go_med 1) $(go_med 2) $(go_med 3)
	what="median of $runs"
	[ "$scale" = 1 ] || what="$what, clock x$scale"
	row "go: timer drift over a 60 s session ($what)" \
		"$1 ms at 60 s (at 25 s $4, at 35 s $7), worst $2 ms" \
		"x$3 of 50 ms (limit 1) $(verdict "$3" 1)"
}

# The table in README.md, between its two markers.
readme() {
	f=$top/README.md
	grep -q '^<!-- bench begin -->$' "$f" || return 0
	awk -v t="$WORK/table" '
	    /^<!-- bench begin -->$/ { print; while ((getline l < t) > 0)
		print l; skip = 1; next }
	    /^<!-- bench end -->$/ { skip = 0 }
	    !skip' "$f" >"$WORK/readme" && cat "$WORK/readme" >"$f" &&
		echo "bench: updated the table in README.md"
}

WRITE_RUNS=${BENCH_WRITE_RUNS:-40}
SIZE_ENTRIES=${BENCH_SIZE_ENTRIES:-20000}
git config --global user.name bench
git config --global user.email bench@localhost
cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
{
	echo "$(date -u '+%Y-%m-%d %H:%M') UTC, $(uname -sm)," \
	    "${cpu:-unknown CPU}, $(nproc) cores, load" \
	    "$(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs of each command" \
	    "of a read row, $WRITE_RUNS of a write row, in" \
	    "${BENCH_ROUNDS:-10} alternating rounds."
	echo
	echo "| what | measured | ratio |"
	echo "| --- | --- | --- |"
} >"$WORK/table"
cat "$WORK/table"
[ $# -gt 0 ] ||
	set -- prompt prompt_after_log prompt_nocache reads report write \
		scale size go
for b in "$@"; do
	"bench_$b" | tee -a "$WORK/table"
done
[ "${BENCH_README:-1}" = 0 ] || readme
