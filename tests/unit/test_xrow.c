/* The export's rows (src/lib/xrow.c): entry to row, row to line, and back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xrow.h"

/* The CSV row of one entry line. */
static void
row_of(const char *line, struct xrow *x, struct buf *csv)
{
	struct entry	 e;
	struct error	 err;
	char		*copy = strdup(line);

	assert_non_null(copy);
	assert_int_equal(entry_parse(copy, strlen(copy), &e, &err), 1);
	xrow_from_entry(&e, x);
	buf_reset(csv);
	xrow_csv(x, csv);
	free(copy);
}

static void
columns(void **state)
{
	static const struct {
		const char	*line;
		const char	*row;
	} v[] = {
		{ "2026-11-26T07:31:05+01:00 bridge 3x12 hold=2s pain=2 # hi, "
		    "\"you\"", "2026-11-26,07:31:05,+01:00,session,bridge,3,12,,"
		    ",,2,,,2,,,\"hi, \"\"you\"\"\"\r\n" },
		{ "2026-11-27T09:00:00-05:30 clamshell 10,10,8/side band=light "
		    "x-tempo=slow side=right", "2026-11-27,09:00:00,-05:30,"
		    "session,clamshell,3,\"10,10,8\",,yes,right,,light,,,,"
		    "x-tempo=slow,\r\n" },
		{ "2026-11-27T09:00:00+00:00 plank 45s", "2026-11-27,09:00:00,"
		    "+00:00,session,plank,1,,45,,,,,,,,,\r\n" },
		{ "2026-11-27T09:00:00+00:00 hinge 3x8 load=12.5kg rpe=9 a=1 "
		    "b=2", "2026-11-27,09:00:00,+00:00,session,hinge,3,8,,,,,,"
		    "12.5kg,,9,a=1 b=2,\r\n" },
		{ "2026-11-28T20:00:00+01:00 skip pain=3 # travel",
		    "2026-11-28,20:00:00,+01:00,skip,,,,,,,,,,3,,,travel\r\n" },
		{ "2026-11-28T20:00:00+01:00 pain 7", "2026-11-28,20:00:00,"
		    "+01:00,pain,,,,,,,,,,7,,,\r\n" },
		{ "2026-11-28T20:00:00+01:00 set bridge 3 # physio",
		    "2026-11-28,20:00:00,+01:00,set,bridge,,,,,,,,,,,step=3,"
		    "physio\r\n" },
		{ "2026-11-28T20:00:00+01:00 pause all until=2026-12-01",
		    "2026-11-28,20:00:00,+01:00,pause,all,,,,,,,,,,,"
		    "until=2026-12-01,\r\n" },
		{ "2026-11-28T20:00:00+01:00 resume bridge",
		    "2026-11-28,20:00:00,+01:00,resume,bridge,,,,,,,,,,,,\r\n" },
	};
	struct xrow	 x;
	struct buf	 csv = BUF_INIT;
	size_t		 i;

	(void)state;
	xrow_init(&x);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		row_of(v[i].line, &x, &csv);
		assert_string_equal(buf_str(&csv), v[i].row);
	}
	xrow_free(&x);
	buf_free(&csv);
}

static void
back_to_the_line(void **state)
{
	/* Lines whose keys are in the order of the columns come back whole. */
	static const char *const v[] = {
		"2026-11-26T07:31:05+01:00 bridge 3x12 hold=2s pain=2 # a # b",
		"2026-11-27T09:00:00-05:30 clamshell 10,10,8/side side=right "
		    "band=light x-tempo=slow",
		"2026-11-27T09:00:00+00:00 plank 45s,40s,30s",
		"2026-11-27T09:00:00+00:00 wall-sit 2x30s/side hold=5s",
		"2026-11-27T09:00:00+00:00 bridge 12",
		"2026-11-28T20:00:00+01:00 skip pain=3 #  two spaces",
		"2026-11-28T20:00:00+01:00 pain 0 rpe=2",
		"2026-11-28T20:00:00+01:00 hold bridge until=2026-12-01 # x",
		"2026-11-28T20:00:00+01:00 hold bridge",
		"2026-11-28T20:00:00+01:00 set clamshell 12",
		"2026-11-28T20:00:00+01:00 resume all",
	};
	struct xrow	 x;
	struct buf	 csv = BUF_INIT, line = BUF_INIT;
	char		 err[256];
	size_t		 i;

	(void)state;
	xrow_init(&x);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		row_of(v[i], &x, &csv);
		assert_int_equal(xrow_to_line(&x, &line, err, sizeof(err)), 0);
		assert_string_equal(buf_str(&line), v[i]);
	}
	/* Another order of keys, or 1x12: the same row, a canonical line. */
	row_of("2026-11-27T09:00:00+00:00 bridge 1x12 pain=1 hold=2s", &x,
	    &csv);
	assert_int_equal(xrow_to_line(&x, &line, err, sizeof(err)), 0);
	assert_string_equal(buf_str(&line),
	    "2026-11-27T09:00:00+00:00 bridge 12 hold=2s pain=1");
	xrow_free(&x);
	buf_free(&csv);
	buf_free(&line);
}

/* Set the columns of a row from "name=value" strings. */
static void
fill(struct xrow *x, const char *const *kv)
{
	const char	*eq;
	char		 name[32];
	int		 c;

	xrow_reset(x);
	for (; *kv != NULL; kv++) {
		eq = strchr(*kv, '=');
		assert_non_null(eq);
		snprintf(name, sizeof(name), "%.*s", (int)(eq - *kv), *kv);
		assert_true((c = xrow_col(name)) >= 0);
		buf_puts(&x->col[c], eq + 1);
	}
}

static void
bad_rows(void **state)
{
#define WHEN	"date=2026-11-26", "time=07:00:00", "zone=+01:00"
	static const struct {
		const char	*kv[12];
		const char	*err;
	} v[] = {
		{ { WHEN, "kind=session", "exercise=bridge", "sets=3",
		    "reps=12", "seconds=30", NULL },
		    "reps and seconds both given: a dose is one or the other" },
		{ { WHEN, "kind=session", "exercise=bridge", "sets=3", NULL },
		    "no reps or seconds for the session" },
		{ { WHEN, "kind=session", "exercise=bridge", "sets=2",
		    "reps=10,8,6", NULL }, "sets 2, but 3 amounts in '10,8,6'" },
		{ { WHEN, "kind=session", "exercise=bridge", "sets=3",
		    "reps=12", "per_side=no", NULL },
		    "bad per_side 'no': want yes or nothing" },
		{ { WHEN, "kind=session", "exercise=skip", "sets=3", "reps=12",
		    NULL }, "'skip' is not an exercise: it is a kind of row" },
		{ { WHEN, "kind=session", "exercise=bridge", "sets=3",
		    "reps=12", "band=very light", NULL },
		    "blank in band 'very light'" },
		{ { WHEN, "kind=skip", "exercise=bridge", NULL },
		    "a skip row has no exercise (it is 'bridge')" },
		{ { WHEN, "kind=pain", NULL },
		    "a pain row needs its pain (0 to 10)" },
		{ { WHEN, "kind=pain", "pain=11", NULL },
		    "bad pain '11': want 0 to 10" },
		{ { WHEN, "kind=set", "exercise=bridge", NULL },
		    "a set row needs step=N in other" },
		{ { WHEN, "kind=hold", "exercise=bridge", "rpe=3", NULL },
		    "a hold row has no rpe (it is '3')" },
		{ { WHEN, "kind=stretch", NULL }, "unknown kind 'stretch': want "
		    "session, skip, pain, hold, pause, set or resume" },
		{ { "date=2026-11-26", "kind=skip", NULL }, "no time" },
		{ { "date=2026-02-30", "time=07:00:00", "zone=+01:00",
		    "kind=skip", NULL }, NULL },
		{ { WHEN, "kind=skip", "note=a\tb", NULL }, "note contains a "
		    "control character (tab, newline, escape...)" },
	};
	struct xrow	 x;
	struct buf	 line = BUF_INIT;
	char		 err[256];
	size_t		 i;

	(void)state;
	xrow_init(&x);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		fill(&x, v[i].kv);
		err[0] = '\0';
		assert_int_equal(xrow_to_line(&x, &line, err, sizeof(err)), -1);
		if (v[i].err != NULL)
			assert_string_equal(err, v[i].err);
		else
			assert_true(strncmp(err, "bad timestamp", 13) == 0);
	}
	xrow_free(&x);
	buf_free(&line);
}

static void
json(void **state)
{
	struct xrow	 x;
	struct buf	 csv = BUF_INIT, j = BUF_INIT;

	(void)state;
	xrow_init(&x);
	row_of("2026-11-27T09:00:00+00:00 clamshell 10,8/side band=light "
	    "# \"hi\"", &x, &csv);
	xrow_json(&x, &j);
	assert_string_equal(buf_str(&j), "{\"date\":\"2026-11-27\",\"time\":"
	    "\"09:00:00\",\"zone\":\"+00:00\",\"kind\":\"session\","
	    "\"exercise\":\"clamshell\",\"sets\":2,\"reps\":[10,8],"
	    "\"seconds\":null,\"per_side\":true,\"side\":null,\"hold\":null,"
	    "\"band\":\"light\",\"load\":null,\"pain\":null,\"rpe\":null,"
	    "\"other\":null,\"note\":\"\\\"hi\\\"\"}");
	xrow_free(&x);
	buf_free(&csv);
	buf_free(&j);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(columns),
		cmocka_unit_test(back_to_the_line),
		cmocka_unit_test(bad_rows),
		cmocka_unit_test(json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
