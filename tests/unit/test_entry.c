/* Unit tests of the entry line: parser, validators, formatter, dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "entry.h"

static int
parse(const char *line, struct entry *e, char *err)
{
	static char	 copy[LINE_MAXLEN + 16];
	size_t		 n = strlen(line);
	struct error	 why;
	int		 rc;

	memcpy(copy, line, n + 1);
	why.msg[0] = '\0';
	rc = entry_parse(copy, n, e, &why);
	snprintf(err, ERRLEN, "%s", why.msg);
	return rc;
}

static void
valid_lines_round_trip(void **state)
{
	static const char *const good[] = {
		"2026-11-26T07:31:05+01:00 bridge 3x12 hold=2s pain=2 # felt it in the hamstrings",
		"2026-11-27T09:00:00+01:00 clamshell 10,10,8/side band=light",
		"2026-11-28T20:00:00+01:00 skip # travelling",
		"2026-11-28T20:00:00-05:30 skip",
		"2026-01-01T00:00:00+00:00 bridge 3x30s",
		"2026-01-01T00:00:00+00:00 marching-bridge 3x8/side",
		"2026-01-01T00:00:00+00:00 bridge 12",
		"2026-01-01T00:00:00+00:00 bridge 45s",
		"2026-01-01T00:00:00+00:00 hinge 3x10 load=12.5kg rpe=7 side=left",
		"2026-01-01T00:00:00+00:00 hinge 3x10 future_key=anything",
		"2026-01-01T00:00:00+00:00 bridge 99x999 # caf\xc3\xa9 \xe2\x9c\x93",
		"2024-02-29T23:59:59+14:00 bridge 1x3600s",
	};
	struct entry	 e;
	struct buf	 b = BUF_INIT;
	char		 err[ERRLEN];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (parse(good[i], &e, err) != 1)
			fail_msg("%s: %s", good[i], err);
		buf_reset(&b);
		entry_format(&e, &b);
		assert_string_equal(buf_str(&b), good[i]);
	}
	buf_free(&b);
}

static void
fields(void **state)
{
	struct entry	 e;
	char		 err[ERRLEN];

	(void)state;
	assert_int_equal(parse("2026-11-26T07:31:05+01:00 bridge 3x12 "
	    "hold=2s pain=2 # note", &e, err), 1);
	assert_string_equal(e.name, "bridge");
	assert_int_equal(e.dose.sets, 3);
	assert_int_equal(e.dose.min, 12);
	assert_int_equal(e.dose.total, 36);
	assert_false(e.dose.secs);
	assert_int_equal(e.hold, 2);
	assert_int_equal(e.pain, 2);
	assert_int_equal(e.rpe, -1);
	assert_string_equal(e.note, "note");
	assert_int_equal(e.day, days_from_civil(2026, 11, 26));
	assert_int_equal(e.when.off, 3600);

	assert_int_equal(parse("2026-11-27T09:00:00+01:00 clamshell "
	    "10,10,8/side band=light", &e, err), 1);
	assert_int_equal(e.dose.sets, 3);
	assert_int_equal(e.dose.min, 8);
	assert_int_equal(e.dose.max, 10);
	assert_true(e.dose.side);
	assert_true(e.dose.list);
	assert_int_equal(e.band, BAND_LIGHT);

	assert_int_equal(parse("2026-11-28T20:00:00+01:00 skip", &e, err), 1);
	assert_true(e.skip);

	/* The day is the local date as written, not UTC's. */
	assert_int_equal(parse("2026-11-28T00:30:00+02:00 bridge 2x10", &e,
	    err), 1);
	assert_int_equal(e.day, days_from_civil(2026, 11, 28));
	assert_int_equal(parse("2026-11-28T23:30:00-05:00 bridge 2x10", &e,
	    err), 1);
	assert_int_equal(e.day, days_from_civil(2026, 11, 28));
}

static void
comments_and_blanks(void **state)
{
	struct entry	 e;
	char		 err[ERRLEN];

	(void)state;
	assert_int_equal(parse("", &e, err), 0);
	assert_int_equal(parse("   ", &e, err), 0);
	assert_int_equal(parse("# a comment", &e, err), 0);
	assert_int_equal(parse("#", &e, err), 0);
}

static void
invalid_lines(void **state)
{
	static const struct {
		const char	*line;
		const char	*why;
	} bad[] = {
		{ "2026-13-01T00:00:00+00:00 bridge 3x10", "month" },
		{ "2026-02-30T00:00:00+00:00 bridge 3x10", "day" },
		{ "2026-11-26T07:31:05 bridge 3x10", "offset" },
		{ "2026-11-26T24:00:00+00:00 bridge 3x10", "time of day" },
		{ "2026-11-26T07:31:05.5+01:00 bridge 3x10", "fractional" },
		{ "2026-11-26 bridge 3x10", "timestamp" },
		{ "2026-11-26T07:31:05+01:00", "missing exercise" },
		{ "2026-11-26T07:31:05+01:00 bridge", "missing dose" },
		{ "2026-11-26T07:31:05+01:00 Bridge 3x10", "exercise name" },
		{ "2026-11-26T07:31:05+01:00 bridge 3xabc", "dose" },
		{ "2026-11-26T07:31:05+01:00 bridge 0x10", "sets" },
		{ "2026-11-26T07:31:05+01:00 bridge 3x0", "dose" },
		{ "2026-11-26T07:31:05+01:00 bridge 3x1000", "dose" },
		{ "2026-11-26T07:31:05+01:00 bridge 99999999999999999999x1",
		    "sets" },
		{ "2026-11-26T07:31:05+01:00 bridge -3x10", "dose" },
		{ "2026-11-26T07:31:05+01:00 bridge 3x10 pain=11", "pain" },
		{ "2026-11-26T07:31:05+01:00 bridge 3x10 pain=-1", "pain" },
		{ "2026-11-26T07:31:05+01:00 bridge 3x10 pain=1 pain=2",
		    "duplicate" },
		{ "2026-11-26T07:31:05+01:00 bridge 3x10 x=1 x=2",
		    "duplicate" },
		{ "2026-11-26T07:31:05+01:00 bridge 3x10 hold=0s", "hold" },
		{ "2026-11-26T07:31:05+01:00 bridge 3x10 extra", "extra" },
		{ "2026-11-26T07:31:05+01:00 bridge 3x10\r", "carriage" },
		{ "\xef\xbb\xbf" "2026-11-26T07:31:05+01:00 bridge 3x10",
		    "byte order" },
		{ "2026-11-26T07:31:05+01:00 bridge 3x10 # \xff", "UTF-8" },
		{ "2026-11-26T07:31:05+01:00 bridge 3x10 # a\x1b[31m",
		    "control" },
		{ " 2026-11-26T07:31:05+01:00 bridge 3x10", "white space" },
		{ "2026-11-26T07:31:05+01:00 skip 3x10", "KEY=VALUE" },
	};
	struct entry	 e;
	char		 err[ERRLEN];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (parse(bad[i].line, &e, err) != -1)
			fail_msg("accepted: %s", bad[i].line);
		if (strstr(err, bad[i].why) == NULL)
			fail_msg("%s: message '%s' lacks '%s'", bad[i].line,
			    err, bad[i].why);
	}
}

static void
nul_and_long_lines(void **state)
{
	static char	 line[LINE_MAXLEN + 64];
	struct entry	 e;
	struct error	 err;

	(void)state;
	memcpy(line, "2026-11-26T07:31:05+01:00 bri\0dge 3x10", 39);
	assert_int_equal(entry_parse(line, 39, &e, &err), -1);
	assert_non_null(strstr(err.msg, "NUL"));
	memset(line, 'a', sizeof(line));
	assert_int_equal(entry_parse(line, LINE_MAXLEN + 1, &e, &err), -1);
	assert_non_null(strstr(err.msg, "longer"));
}

static void
doses(void **state)
{
	struct dose	 d;
	struct error	 err;

	(void)state;
	assert_int_equal(dose_parse("3x30s", 5, &d, &err), 0);
	assert_true(d.secs);
	assert_int_equal(d.min, 30);
	assert_int_equal(dose_parse("3x8/side", 8, &d, &err), 0);
	assert_true(d.side);
	assert_int_equal(d.sets, 3);
	assert_int_equal(dose_parse("45s", 3, &d, &err), 0);
	assert_int_equal(d.sets, 1);
	assert_int_equal(d.min, 45);
	assert_int_equal(dose_parse("10,10,8", 7, &d, &err), 0);
	assert_int_equal(d.total, 28);
	assert_int_equal(dose_parse("10,8s", 5, &d, &err), -1);
	assert_int_equal(dose_parse("03x10", 5, &d, &err), -1);
	assert_int_equal(dose_parse("/side", 5, &d, &err), -1);
	assert_int_equal(dose_parse("3x", 2, &d, &err), -1);
	assert_int_equal(dose_parse("x3", 2, &d, &err), -1);
}

/* A clinician's instructions: hold, pause, set, resume (hips(5)). */
static void
directive_lines(void **state)
{
	static const char *const good[] = {
		"2026-12-01T10:00:00+01:00 hold bridge",
		"2026-12-01T10:00:00+01:00 hold bridge until=2026-12-01",
		"2026-12-01T10:00:00+01:00 hold hinge until=2026-12-15 # physio: basic bridges only",
		"2026-12-01T10:00:00+01:00 pause all until=2026-12-08",
		"2026-12-01T10:00:00+01:00 pause hinge until=2026-12-08 # no hinges for a week",
		"2026-12-01T10:00:00+01:00 set bridge 1",
		"2026-12-01T10:00:00+01:00 set clamshell 12 # from the clinic",
		"2026-12-01T10:00:00+01:00 resume bridge",
		"2026-12-01T10:00:00+01:00 resume all",
	};
	static const struct {
		const char	*line, *err;
	} bad[] = {
		{ "2026-12-01T10:00:00+01:00 hold", "missing ladder after 'hold'" },
		{ "2026-12-01T10:00:00+01:00 hold all", "'hold all' is not" },
		{ "2026-12-01T10:00:00+01:00 set all 2", "'set all' is not" },
		{ "2026-12-01T10:00:00+01:00 hold Bridge", "bad ladder after 'hold'" },
		{ "2026-12-01T10:00:00+01:00 hold bridge until=2026-11-30",
		    "until 2026-11-30 is before the instruction's date" },
		{ "2026-12-01T10:00:00+01:00 hold bridge until=2026-12-1",
		    "bad until" },
		{ "2026-12-01T10:00:00+01:00 hold bridge until=2026-12-01 "
		    "until=2026-12-02", "duplicate key 'until'" },
		{ "2026-12-01T10:00:00+01:00 hold bridge 3x12",
		    "unexpected '3x12' in a 'hold' line" },
		{ "2026-12-01T10:00:00+01:00 hold bridge pain=3",
		    "unexpected 'pain=3'" },
		{ "2026-12-01T10:00:00+01:00 pause bridge", "needs until=" },
		{ "2026-12-01T10:00:00+01:00 set bridge", "missing step" },
		{ "2026-12-01T10:00:00+01:00 set bridge 0", "bad step '0'" },
		{ "2026-12-01T10:00:00+01:00 set bridge 100", "bad step '100'" },
		{ "2026-12-01T10:00:00+01:00 set bridge 2 until=2026-12-02",
		    "unexpected 'until=2026-12-02' in a 'set' line" },
		{ "2026-12-01T10:00:00+01:00 resume bridge until=2026-12-02",
		    "unexpected" },
		{ "2026-12-01T10:00:00+01:00 resume bridge now", "unexpected" },
	};
	struct entry	 e;
	struct buf	 b = BUF_INIT;
	char		 err[ERRLEN];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (parse(good[i], &e, err) != 1)
			fail_msg("%s: %s", good[i], err);
		assert_false(e.skip);
		assert_int_not_equal(e.directive, DIR_NONE);
		buf_reset(&b);
		entry_format(&e, &b);
		assert_string_equal(buf_str(&b), good[i]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i].line, &e, err) != -1)
			fail_msg("accepted: %s", bad[i].line);
		if (strstr(err, bad[i].err) == NULL)
			fail_msg("%s: '%s', want '%s'", bad[i].line, err,
			    bad[i].err);
	}
	assert_int_equal(parse(good[2], &e, err), 1);
	assert_int_equal(e.directive, DIR_HOLD);
	assert_string_equal(e.name, "hinge");
	assert_string_equal(e.note, "physio: basic bridges only");
	assert_int_equal(e.until - e.day, 14);
	assert_int_equal(parse(good[0], &e, err), 1);
	assert_true(e.until == DIRECTIVE_OPEN);
	assert_int_equal(parse(good[6], &e, err), 1);
	assert_int_equal(e.directive, DIR_SET);
	assert_int_equal(e.dstep, 12);
	assert_string_equal(e.name, "clamshell");
	assert_int_equal(parse(good[8], &e, err), 1);
	assert_int_equal(e.directive, DIR_RESUME);
	assert_string_equal(e.name, "all");
	/* Sessions are not directives. */
	assert_int_equal(parse("2026-12-01T10:00:00+01:00 bridge 3x12", &e,
	    err), 1);
	assert_int_equal(e.directive, DIR_NONE);
	assert_string_equal(directive_name(DIR_PAUSE), "pause");
	assert_int_equal(directive_of("resume", 6), DIR_RESUME);
	assert_int_equal(directive_of("bridge", 6), DIR_NONE);
	buf_free(&b);
}

static void
dates(void **state)
{
	struct htime	 h;
	struct error	 why;
	char		 out[RFC3339_LEN + 1];
	int		 y, w, m, d;
	int64_t		 day;

	(void)state;
	assert_int_equal(days_from_civil(1970, 1, 1), 0);
	assert_int_equal(weekday(0), 3);	/* a Thursday */
	civil_from_days(days_from_civil(2024, 2, 29), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	iso_week(days_from_civil(2026, 12, 31), &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 53);
	iso_week(days_from_civil(2027, 1, 1), &y, &w);
	assert_int_equal(y * 100 + w, 202653);
	iso_week(days_from_civil(2024, 12, 30), &y, &w);
	assert_int_equal(y * 100 + w, 202501);
	assert_int_equal(rfc3339_parse("2026-11-26T07:31:05Z", 20, &h, &why),
	    0);
	rfc3339_format(h, out);
	assert_string_equal(out, "2026-11-26T07:31:05+00:00");
	assert_int_equal(rfc3339_parse("2026-11-26T00:10:00-08:00", 25, &h,
	    &why), 0);
	assert_int_equal(htime_day(h), days_from_civil(2026, 11, 26));
	rfc3339_format(h, out);
	assert_string_equal(out, "2026-11-26T00:10:00-08:00");
	assert_int_equal(date_parse("2026-02-29", 10, &day, &why), -1);
	assert_int_equal(date_parse("2028-02-29", 10, &day, &why), 0);
	assert_int_equal(date_parse("2026-00-10", 10, &day, &why), -1);
	civil_from_days(-1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 19691231);
}

/* Pain lines: "TIMESTAMP pain N", 0 to 10, and what each entry records. */
static void
pain_lines(void **state)
{
	static const char *const bad[] = {
		"2026-11-26T07:31:05+01:00 pain",
		"2026-11-26T07:31:05+01:00 pain 11",
		"2026-11-26T07:31:05+01:00 pain 05",
		"2026-11-26T07:31:05+01:00 pain -1",
		"2026-11-26T07:31:05+01:00 pain 3x10",
		"2026-11-26T07:31:05+01:00 pain 3 pain=4",
		"2026-11-26T07:31:05+01:00 pain 3 extra",
	};
	struct entry	 e;
	struct buf	 b = BUF_INIT;
	char		 err[ERRLEN];
	size_t		 i;

	(void)state;
	assert_int_equal(parse("2026-11-26T07:31:05+01:00 pain 0", &e, err), 1);
	assert_true(e.pain_only);
	assert_false(e.skip);
	assert_int_equal(e.pain, 0);
	assert_int_equal(entry_pain_record(&e), 0);
	assert_int_equal(parse("2026-11-26T07:31:05+01:00 pain 10 # flare", &e,
	    err), 1);
	assert_int_equal(e.pain, 10);
	assert_string_equal(e.note, "flare");
	entry_format(&e, &b);
	assert_string_equal(buf_str(&b),
	    "2026-11-26T07:31:05+01:00 pain 10 # flare");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (parse(bad[i], &e, err) != -1)
			fail_msg("accepted: %s", bad[i]);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(parse("2026-11-26T07:31:05+01:00 pain 3x10", &e,
	    err), -1);
	assert_string_equal(err, "bad pain '3x10': want 0 to 10");
	assert_int_equal(parse("2026-11-26T07:31:05+01:00 pain", &e, err), -1);
	assert_string_equal(err, "missing pain level after 'pain' (0 to 10)");

	/* A skip records pain only with pain=, a session always (0). */
	assert_int_equal(parse("2026-11-26T20:00:00+01:00 skip pain=6", &e,
	    err), 1);
	assert_true(e.skip);
	assert_int_equal(entry_pain_record(&e), 6);
	assert_int_equal(parse("2026-11-26T20:00:00+01:00 skip", &e, err), 1);
	assert_int_equal(entry_pain_record(&e), -1);
	assert_int_equal(parse("2026-11-26T20:00:00+01:00 bridge 2x10", &e,
	    err), 1);
	assert_false(e.pain_only);
	assert_int_equal(entry_pain_record(&e), 0);
	assert_int_equal(parse("2026-11-26T20:00:00+01:00 bridge 2x10 pain=7",
	    &e, err), 1);
	assert_int_equal(entry_pain_record(&e), 7);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_lines_round_trip),
		cmocka_unit_test(fields),
		cmocka_unit_test(comments_and_blanks),
		cmocka_unit_test(invalid_lines),
		cmocka_unit_test(nul_and_long_lines),
		cmocka_unit_test(doses),
		cmocka_unit_test(directive_lines),
		cmocka_unit_test(dates),
		cmocka_unit_test(pain_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
