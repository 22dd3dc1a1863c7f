#!/bin/bash
# hips report: the page for a physiotherapist.  Golden files from the
# fixture log tests/data/report (HIPS_NOW fixed) for the terminal (ASCII
# and UTF-8), --md and --html; the HTML escaped, self-contained and
# rendered by headless Chromium, whose screenshot must show the chart.
#
#   UPDATE_GOLDEN=1 bash tests/cli/report.sh   # rewrite the golden files
. "$(dirname "$0")/lib.sh"

GOLDEN=$TOP/tests/cli/golden

fixture() {
	mkdir -p "$DATA" "$CONF"
	cp -R "$TOP/tests/data/report/log" "$DATA/"
	printf '[streak]\ntarget = 3/week\n' >"$CONF/config.ini"
}

# golden NAME: $out against tests/cli/golden/NAME.
golden() {
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		printf '%s\n' "$out" >"$GOLDEN/$1"
		echo "# wrote $1"
	fi
	printf '%s\n' "$out" | diff -u "$GOLDEN/$1" - >"$T/diff" ||
		fail "differs from golden/$1: $(head -40 "$T/diff")"
}

t_text() {
	fixture
	run hips report
	expect_status 0
	expect_err_empty
	golden report.txt
	# Nothing wider than 80 columns but the tables of the log's words.
	printf '%s\n' "$out" | awk 'length > 80 { exit 1 }' ||
		fail "a line is wider than 80 columns"
}
t "terminal report, ASCII (golden)" t_text

t_text_utf8() {
	fixture
	LC_ALL=C.UTF-8 run hips report
	expect_status 0
	golden report.utf8.txt
	expect_out_match '▁'
	LANG=en_GB.utf8 LC_ALL= run hips report
	expect_out_match '▁'
	LANG=en_GB.UTF-8 LC_ALL=C run hips report
	expect_out_nomatch '▁'
}
t "terminal report, UTF-8 sparkline when the locale says so (golden)" \
	t_text_utf8

t_md() {
	fixture
	run hips report --md
	expect_status 0
	golden report.md
}
t "--md (golden)" t_md

t_html() {
	fixture
	run hips report --html "$T/r.html"
	expect_status 0
	expect_out_empty
	out=$(cat "$T/r.html")
	golden report.html
}
t "--html FILE (golden)" t_html

t_sections() {
	fixture
	run hips report
	local s
	for s in 'Adherence' 'Glute bridge' 'now at step' \
	    'Pain: the 7-day average' 'Left and right' \
	    'clamshell +262 reps \(8\) +239 reps \(8\) +right 9% less' \
	    'Pauses and clinician advice' 'pain 8 \(stop\)' \
	    "A clinician's instructions" 'hold bridge until=2026-10-19' \
	    'in force from before' 'Notes' 'Met: 25 of 33'; do
		expect_out_match "$s"
	done
	# Pain of the fixture: the sparkline rises to ~ (4) and marks the 8.
	expect_out_match '^  \|[_.~=+*#-]+\|$'
	expect_out_match '^ +\^\^\^ +X\^$'
}
t "every part of the page is there" t_sections

# tags NAME: the element names of $T/NAME, one a line.
tags() {
	grep -o '<[!/]\{0,1\}[A-Za-z][A-Za-z0-9]*' "$T/$1" | tr -d '<!/' |
		sort -u
}

hostile_log() {
	mkdir -p "$DATA/log" "$CONF"
	cat >"$DATA/log/2026-11.log" <<'EOF'
2026-11-20T07:30:00+01:00 bridge 2x10 hold=2s # <script>alert(1)</script><img src=x onerror=alert(2)> & "q" 'a'
2026-11-21T07:30:00+01:00 pain 3 # </li></ul><iframe src="https://evil.example/"></iframe>
2026-11-22T07:30:00+01:00 skip # *em* [link](javascript:alert(3)) `code` | pipe ![i](http://x/y.png)
2026-11-23T07:30:00+01:00 hold bridge until=2026-11-30 # <style>body{display:none}</style>
EOF
	printf '[bridge]\ntitle = <b onmouseover=alert(4)>Bridge</b>\nstep = bridge 2x10 hold=2s\n' \
	    >"$CONF/program.ini"
}

t_html_escaped() {
	local tag
	hostile_log
	run hips report --html "$T/r.html"
	expect_status 0
	grep -qi '<script\|<img\|<iframe\|<b on\|<style>body' "$T/r.html" &&
		fail "log text became HTML: $(grep -i '<script\|<img\|<iframe' "$T/r.html")"
	for tag in $(tags r.html); do
		case $tag in
		DOCTYPE | html | head | meta | title | style | body | h1 | h2 | \
		p | table | tr | th | td | ul | li | b | svg | g | line | text | \
		tspan | circle | path) ;;
		*) fail "unexpected element <$tag>" ;;
		esac
	done
	# One <style> (ours), the notes as text.
	[ "$(grep -c '<style>' "$T/r.html")" -eq 1 ] || fail "a second <style>"
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &quot;q&quot; &#39;a&#39;' \
	    "$T/r.html" || fail "the note is not shown escaped"
	grep -qF '&lt;b onmouseover=alert(4)&gt;Bridge&lt;/b&gt;' "$T/r.html" ||
		fail "the ladder title is not shown escaped"
	# No attribute of an element handles an event.
	grep -o '<[a-z][^>]*>' "$T/r.html" | grep -qiE '[[:space:]]on[a-z]+=' &&
		fail "an event handler attribute"
	return 0
}
t "--html: text from the log can never become HTML" t_html_escaped

t_html_self_contained() {
	fixture
	run hips report --html "$T/r.html"
	# No script, nothing fetched: no URL, no src or href, no CSS import.
	grep -qiE '<script|https?:|//|src=|href=|url\(|@import' "$T/r.html" &&
		fail "not self-contained: $(grep -iE '<script|https?:|//|src=|href=|url\(|@import' "$T/r.html" | head -3)"
	grep -q "Content-Security-Policy\" content=\"default-src 'none'" \
	    "$T/r.html" || fail "no policy against loading anything"
	grep -q '@page { size: A4' "$T/r.html" || fail "no A4 page"
	grep -q '<svg viewBox=' "$T/r.html" || fail "no inline SVG"
	grep -q '<path class="avg"' "$T/r.html" || fail "no average line"
	[ "$(grep -c 'stroke-dasharray' "$T/r.html")" -eq 3 ] ||
		fail "the three red levels are not marked"
}
t "--html: one file, no script, no network, A4" t_html_self_contained

t_md_escaped() {
	hostile_log
	run hips report --md
	expect_status 0
	expect_out_nomatch '(^|[^\\])<(script|img|iframe|style|b on|/)'
	expect_out_nomatch '[^\\]\[link\]'
	expect_out_match '\\<script\\>alert\(1\)\\</script\\>'
	expect_out_match '\\\*em\\\* \\\[link\\\]\(javascript:alert\(3\)\) \\`code\\` \\\| pipe \\!\\\[i\\\]'
}
t "--md: text from the log stays text" t_md_escaped

t_text_escaped() {
	mkdir -p "$DATA/log"
	# A hand-edited note with an escape sequence (hips log would refuse
	# it; check reports it): never sent to the terminal as it is.
	printf '2026-11-20T07:30:00+01:00 bridge 2x10 # a\033[31mred\n' \
	    >"$DATA/log/2026-11.log"
	run hips report
	printf '%s' "$out$err" | grep -q "$(printf '\033')" &&
		fail "an escape sequence reached the terminal"
	return 0
}
t "terminal: no escape sequence from the log" t_text_escaped

# chart_pixels PNG: "COUNT WIDTH HEIGHT" of the pixels of the chart
# line's colour (#1f5fbf, anti-aliasing allowed for) in a screenshot:
# their number and the size of the box around them.  A small PNG
# decoder (8-bit RGB or RGBA, non-interlaced: what Chromium writes).
chart_pixels() {
	python3 - "$1" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        assert depth == 8 and ctype in (2, 6) and interlace == 0, "format"
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
count, xs, ys = 0, [], []
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + pr) & 255
    for x in range(w):
        r, g, bl = line[x * bpp:x * bpp + 3]
        if abs(r - 0x1f) < 40 and abs(g - 0x5f) < 40 and abs(bl - 0xbf) < 40:
            count += 1
            xs.append(x)
            ys.append(y)
    prev = line
if count:
    print(count, max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
else:
    print(0, 0, 0)
EOF
}

# Chromium's sandbox needs user namespaces or the setuid chromium-sandbox,
# which a chroot or a container may not give a plain user; the pages it
# renders here are the test's own, from its fixture.
CHROMIUM="chromium --headless --no-sandbox --disable-gpu"

# shoot HTML PNG: a screenshot by headless Chromium.
shoot() {
	timeout 180 $CHROMIUM \
	    --hide-scrollbars --user-data-dir="$T/chromium" \
	    --window-size=800,1600 --screenshot="$2" "file://$1" \
	    >"$T/chromium.log" 2>&1
	[ -s "$2" ] || fail "no screenshot: $(tail -5 "$T/chromium.log")"
}

t_chromium() {
	local n w h
	command -v chromium >/dev/null ||
		fail "chromium is missing (sh scripts/deps.sh installs it)"
	fixture
	hips report --html "$T/r.html" || fail "report failed"
	shoot "$T/r.html" "$T/shot.png"
	read -r n w h < <(chart_pixels "$T/shot.png")
	echo "# chart line: $n pixels over ${w}x${h}"
	# The line crosses the chart (600 of 800 pixels wide), rising and
	# falling with the pain; the legend alone is 100 wide, 10 high.
	[ "$n" -ge 800 ] && [ "$w" -ge 450 ] && [ "$h" -ge 40 ] ||
		fail "no chart line in the screenshot ($n pixels, ${w}x$h)"
	# The check sees a page without the line as such.
	sed '/<path class="avg"/d' "$T/r.html" >"$T/noline.html"
	shoot "$T/noline.html" "$T/noline.png"
	read -r n w h < <(chart_pixels "$T/noline.png")
	echo "# without it: $n pixels over ${w}x${h}"
	[ "$n" -lt 800 ] && [ "$w" -lt 450 ] ||
		fail "the check finds a line where there is none ($n, ${w}x$h)"
	# It prints on A4 (595 x 842 points).
	timeout 180 $CHROMIUM --user-data-dir="$T/chromium" \
	    --no-pdf-header-footer --print-to-pdf="$T/r.pdf" \
	    "file://$T/r.html" >"$T/chromium.log" 2>&1
	grep -aq 'MediaBox \[0 0 594\.9[0-9]* 841\.9' "$T/r.pdf" ||
		fail "not printed on A4: $(grep -ao 'MediaBox[^]]*' "$T/r.pdf" | head -1)"
}
t "--html in headless Chromium: the chart is on the screenshot, A4 print" \
	t_chromium

t_weeks() {
	fixture
	run hips report -w 4
	expect_status 0
	expect_out_match '^  2026-11-02 to 2026-11-26, 4 weeks'
	[ "$(printf '%s\n' "$out" | grep -c '^  2026-1[01]-[0-9][0-9]  [0-9] of')" -eq 4 ] ||
		fail "not 4 weeks of adherence"
	# Before the window: not listed, not counted.
	expect_out_nomatch 'travelling'
	run hips report --weeks=520
	expect_status 0
	expect_out_match '^  2016-12-12 to 2026-11-26, 520 weeks'
}
t "-w WEEKS sets the window" t_weeks

t_bad_usage() {
	fixture
	local a
	for a in "-w 0" "-w 521" "-w x" "-w 3x" "--md --html $T/x.html" \
	    "--html $T/x.html --md" "extra" "--html=" "--markdown"; do
		# shellcheck disable=SC2086
		run hips report $a
		expect_status 2
		expect_out_empty
		expect_err_match '^hips: '
	done
	[ ! -e "$T/x.html" ] || fail "a page was written"
	run hips report --mdd
	expect_err_match "did you mean '--md'"
}
t "bad options exit 2 and write nothing" t_bad_usage

t_help() {
	run hips report -h
	expect_status 0
	expect_out_match '^usage: hips report \[-w WEEKS\] \[--html FILE \| --md\]'
	expect_out_match 'sparkline'
	run hips help report
	expect_status 0
	expect_out_match 'physiotherapist'
}
t "-h and hips help report" t_help

t_html_write() {
	fixture
	mkdir "$T/out"
	echo old >"$T/out/r.html"
	run hips report --html "$T/out/r.html"
	expect_status 0
	grep -q '<svg' "$T/out/r.html" || fail "not replaced"
	[ "$(ls "$T/out")" = r.html ] || fail "left behind: $(ls "$T/out")"
	run hips report --html "$T/nodir/r.html"
	expect_status 1
	expect_one_line_err
	expect_err_match 'nodir/r.html'
	run hips report --html -
	expect_status 0
	expect_out_match '^<!DOCTYPE html>'
}
t "--html writes the whole page or nothing; - is stdout" t_html_write

t_empty() {
	run hips report
	expect_status 0
	expect_out_match 'Met: 0 of '
	expect_out_match 'No pain recorded'
	expect_commits 0
	run hips report --html "$T/e.html"
	expect_status 0
	grep -q '<svg' "$T/e.html" || fail "no chart frame"
	grep -q '<path class="avg"' "$T/e.html" && fail "a line without data"
	return 0
}
t "an empty log makes an empty page, and no repository" t_empty

t_bad_line() {
	fixture
	echo "2026-11-24T07:30:00+01:00 bridge banana" >>"$DATA/log/2026-11.log"
	run hips report
	expect_status 1
	expect_err_match '2026-11.log:[0-9]+:'
	expect_out_match 'Adherence'
}
t "a malformed line: reported with file:line, exit 1" t_bad_line

t_future() {
	fixture
	echo "2026-11-28T07:30:00+01:00 skip # planned" >>"$DATA/log/2026-11.log"
	echo "2026-11-27T07:30:00+01:00 pain 9" >>"$DATA/log/2026-11.log"
	run hips report
	expect_status 0
	expect_out_nomatch 'skip: planned|pain 9'
	golden report.txt
}
t "entries after today are not in the page" t_future

t_cache() {
	local first
	fixture
	# Old enough to be kept (outcache.h: two seconds).
	sleep 2.2
	run hips report
	first=$out
	ls "$HOME/.cache/hips/" | grep -q '^report-' || fail "nothing cached"
	run hips report
	[ "$out" = "$first" ] || fail "the cached page differs"
	# Each input is in the key: config.ini's target, program.ini, the
	# log, the locale's character set, the arguments.
	printf '[streak]\ntarget = daily\n' >"$CONF/config.ini"
	run hips report
	expect_out_match 'target every day'
	printf '[bridge]\ntitle = Bridges, my way\nstep = bridge 3x12 hold=2s\n' \
	    >"$CONF/program.ini"
	run hips report
	expect_out_match '^Bridges, my way$'
	LC_ALL=C.UTF-8 run hips report
	expect_out_match '▁'
	echo "2026-11-26T07:00:00+01:00 bridge 3x12 hold=2s # today's" \
	    >>"$DATA/log/2026-11.log"
	run hips report
	expect_out_match "today's"
	run hips report -w 2
	expect_out_match ', 2 weeks;'
}
t "a cached page follows every input" t_cache

t_completion() {
	local sh
	. "$TOP/tests/complete/lib.sh"
	PATH=$TOP:$PATH
	touch "$T/page.html"
	for sh in $COMP_SHELLS; do
		complete_lines "$sh" "hips rep" "hips report -" \
		    "hips report --html pa" "hips report -w 4 --h"
		expect_cands "$sh" 1 report
		expect_cands "$sh" 2 -w --md --html -h --help
		expect_cands "$sh" 3 page.html
		# --h, not --m: fish 4 also offers --html for --m (a fuzzy
		# match), fish 3 does not.
		expect_cands "$sh" 4 --html --help
	done
}
t "completions: report, its options, --html FILE" t_completion

t_no_libgit2() {
	fixture
	LD_DEBUG=libs hips report >/dev/null 2>"$T/ld"
	grep -q 'libgit2\|hips-git' "$T/ld" && fail "report loaded libgit2"
	LD_DEBUG=libs hips report --html "$T/r.html" >/dev/null 2>"$T/ld"
	grep -q 'libgit2\|hips-git' "$T/ld" && fail "--html loaded libgit2"
	grep -q 'libc.so' "$T/ld" || fail "LD_DEBUG shows nothing here"
}
t "report never loads libgit2" t_no_libgit2

done_testing
