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

row() {	# name, value, limit, verdict
	printf '%-34s %-28s %s\n' "$1" "$2" "$3"
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

echo "hips benchmarks ($(uname -m), $(nproc) cores, $RUNS runs a row)"
bench_prompt
bench_prompt_after_log
bench_prompt_nocache
