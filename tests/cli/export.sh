#!/bin/bash
# hips export: every entry as CSV (RFC 4180, CRLF) or JSON, one row per
# entry in time order, against the golden files of tests/cli/data (the
# fixture export.log has every kind of line).  Today is 2026-11-26.
. "$(dirname "$0")/lib.sh"

DDIR=$TOP/tests/cli/data

fixture() {
	mkdir -p "$DATA/log"
	cp "$DDIR/export.log" "$DATA/log/2026-11.log"
}

t_csv() {
	fixture
	hips export --csv >"$T/got" 2>"$T/err" || fail "exit $?"
	[ -s "$T/err" ] && fail "stderr: $(cat "$T/err")"
	cmp "$T/got" "$DDIR/export.csv" || fail "$(diff "$DDIR/export.csv" \
	    "$T/got")"
	# RFC 4180: every record ends in CRLF; a field with a comma or a
	# quote is quoted, its quotes doubled.
	[ "$(grep -c $'\r$' "$T/got")" -eq "$(wc -l <"$T/got")" ] ||
		fail "a record without CRLF"
	grep -qF '"felt it in the hamstrings, ""mostly"""' "$T/got" ||
		fail "note not quoted"
	grep -qF ',"10,10,8",,yes,left,,light,,,,tempo=slow,' "$T/got" ||
		fail "list dose, per side, custom key"
	# A comment and a blank line are not entries.
	[ "$(wc -l <"$T/got")" -eq 13 ] || fail "not 12 rows and a header"
}
t "csv: one row per entry, RFC 4180, the documented columns" t_csv

t_csv_parsed() {
	# Python's csv module reads it back as the same fields.
	command -v python3 >/dev/null || { echo "# SKIP no python3"; return; }
	fixture
	hips export --csv >"$T/got"
	python3 - "$T/got" <<'PY' || fail "python's csv disagrees"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
assert rows[0][:5] == ['date', 'time', 'zone', 'kind', 'exercise'], rows[0]
assert all(len(r) == 17 for r in rows), [len(r) for r in rows]
bridge = [r for r in rows if r[4] == 'bridge' and r[3] == 'session'][0]
assert bridge[16] == 'felt it in the hamstrings, "mostly"', bridge
assert bridge[10] == '2' and bridge[13] == '2' and bridge[14] == '6', bridge
skip = [r for r in rows if r[3] == 'skip'][0]
assert skip[13] == '3' and skip[16] == 'travelling', skip
PY
}
t "csv: a CSV reader gets the fields back" t_csv_parsed

t_json() {
	fixture
	hips export --json >"$T/got" 2>"$T/err" || fail "exit $?"
	cmp "$T/got" "$DDIR/export.json" || fail "$(diff "$DDIR/export.json" \
	    "$T/got")"
	if command -v python3 >/dev/null; then
		python3 - "$T/got" <<'PY' || fail "not the JSON expected"
import json, sys
v = json.load(open(sys.argv[1]))
assert len(v) == 12
c = [o for o in v if o['exercise'] == 'clamshell' and o['kind'] == 'session'][0]
assert c['reps'] == [10, 10, 8] and c['per_side'] is True, c
assert c['other'] == 'tempo=slow' and c['band'] == 'light', c
p = [o for o in v if o['kind'] == 'pain'][0]
assert p['pain'] == 4 and p['exercise'] is None, p
PY
	fi
}
t "json: the same rows, numbers as numbers" t_json

t_from_to() {
	fixture
	run hips export --csv --from 2026-11-24 --to 2026-11-24
	expect_status 0
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 4 ] || fail "not 3 rows"
	expect_out_match '^2026-11-24,08:02:00,\+01:00,set,clamshell,'
	expect_out_nomatch '^2026-11-2[35]'
	# The day is the entry's local day, as everywhere.
	run hips export --csv --to 2026-10-31
	expect_out_match '^2026-10-31,23:30:00,-01:00,session,hinge,'
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || fail "not 1 row"
	run hips export --json --from yesterday
	expect_status 0
	expect_out_match '"time":"09:10:00"'
	expect_out_nomatch '"date":"2026-11-24"'
}
t "--from and --to: local days, both ends kept" t_from_to

t_empty() {
	run hips export --csv; expect_status 0
	expect_out "date,time,zone,kind,exercise,sets,reps,seconds,per_side,side,hold,band,load,pain,rpe,other,note"$'\r'
	run hips export --json; expect_status 0
	expect_out "[]"
	[ -e "$DATA" ] && fail "export created the data directory"
	return 0
}
t "no log: a header, or []; nothing created" t_empty

t_usage() {
	run hips export; expect_status 2
	expect_err_match "export: --csv or --json"
	run hips export --csv --json; expect_status 2
	run hips export --csv --from 2026-11-40; expect_status 2
	expect_err_match "bad date '2026-11-40'"
	run hips export --csv --from 2026-11-25 --to 2026-11-24
	expect_status 2; expect_err_match "before --from"
	run hips export --csv extra; expect_status 2
	run hips export --jsno; expect_status 2
	expect_err_match "did you mean '--json'"
	run hips export -h; expect_status 0
	expect_out_match '^usage: hips export --csv \| --json'
}
t "usage errors exit 2; -h explains" t_usage

t_malformed() {
	fixture
	printf '2026-11-25T10:00:00+01:00 bridge 3x\n' >>"$DATA/log/2026-11.log"
	run hips export --csv; expect_status 1
	expect_err_match "2026-11.log:15: "
	expect_out_match '^2026-11-25,09:10:00'
}
t "a malformed line: the rest is exported, exit 1, file:line" t_malformed

t_readonly() {
	fixture
	LD_DEBUG=libs hips export --csv >/dev/null 2>"$T/ld"
	grep -q 'libgit2' "$T/ld" && fail "export loaded libgit2"
	hips export --csv >/dev/full 2>"$T/err"
	[ $? -eq 1 ] || fail "a full disk is not an error"
	grep -q 'cannot write to standard output' "$T/err" || fail "no message"
	[ -d "$DATA/.git" ] && fail "export made a repository"
	return 0
}
t "export only reads: no libgit2, a full disk is an error" t_readonly

done_testing
