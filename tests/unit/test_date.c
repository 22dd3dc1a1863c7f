/* The DATE forms of the command line, and "did you mean" (known.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "date.h"
#include "known.h"

/* 2026-12-06 is a Sunday. */
#define SUN	days_from_civil(2026, 12, 6)

static void
when(const char *s, int64_t want_day, int want_tod)
{
	struct error	 why;
	int64_t		 day = -1;
	int		 tod = -2;

	if (date_when_parse(s, SUN, &day, &tod, &why) != 0)
		fail_msg("'%s': %s", s, why.msg);
	if (day != want_day || tod != want_tod)
		fail_msg("'%s': day %lld tod %d, want %lld %d", s,
		    (long long)(day - SUN), tod, (long long)(want_day - SUN),
		    want_tod);
}

static void
bad(const char *s)
{
	struct error	 why;
	int64_t		 day;
	int		 tod;

	why.msg[0] = '\0';
	if (date_when_parse(s, SUN, &day, &tod, &why) != -1)
		fail_msg("'%s' was taken", s);
	assert_true(why.msg[0] != '\0');
}

static void
words(void **state)
{
	(void)state;
	when("today", SUN, -1);
	when("yesterday", SUN - 1, -1);
	when("Yesterday", SUN - 1, -1);
	when("2026-12-01", days_from_civil(2026, 12, 1), -1);
	when("3 days ago", SUN - 3, -1);
	when("1 day ago", SUN - 1, -1);
	when("0 days ago", SUN, -1);
	when("400 days ago", SUN - 400, -1);
}

static void
weekdays(void **state)
{
	(void)state;
	/* The most recent one, today included. */
	when("sunday", SUN, -1);
	when("sun", SUN, -1);
	when("saturday", SUN - 1, -1);
	when("monday", SUN - 6, -1);
	when("Mon", SUN - 6, -1);
	when("friday", SUN - 2, -1);
	when("wed", SUN - 4, -1);
}

static void
times(void **state)
{
	(void)state;
	when("yesterday 19:00", SUN - 1, 19 * 3600);
	when("2026-12-01 07:30", days_from_civil(2026, 12, 1), 7 * 3600 +
	    30 * 60);
	when("monday 06:05:09", SUN - 6, 6 * 3600 + 5 * 60 + 9);
	when("2 days ago 23:59", SUN - 2, 23 * 3600 + 59 * 60);
	when("today 00:00", SUN, 0);
}

static void
refused(void **state)
{
	(void)state;
	bad("");
	bad("someday");
	bad("tomorrow");
	bad("mo");
	bad("mondays");
	bad("3 weeks ago");
	bad("days ago");
	bad("-1 days ago");
	bad("1000000 days ago");
	bad("99999999999999999999 days ago");
	bad("2026-13-01");
	bad("2026-02-30");
	bad("yesterday 24:00");
	bad("yesterday 7:00");
	bad("yesterday 07:60");
	bad("yesterday 07:30:");
	bad("yesterday  07:30");
	bad("07:30");
}

static void
distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("", 0, "", 0), 0);
	assert_int_equal(edit_distance("brige", 5, "bridge", 6), 1);
	assert_int_equal(edit_distance("hodl", 4, "hold", 4), 1);
	assert_int_equal(edit_distance("lgo", 3, "log", 3), 1);
	assert_int_equal(edit_distance("kitten", 6, "sitting", 7), 3);
	assert_int_equal(edit_distance("abc", 3, "", 0), 3);
}

static void
suggestions(void **state)
{
	static const char *const cmds[] = { "check", "cues", "log", "next",
	    "skip", "streak", "undo" };
	static const char *const names[] = { "bridge", "banded-bridge",
	    "clamshell", "hinge" };
	struct buf	 b = BUF_INIT;

	(void)state;
	assert_true(suggest(&b, "lgo", 3, cmds, 7));
	assert_string_equal(buf_str(&b), "did you mean 'log'?");
	buf_reset(&b);
	assert_true(suggest(&b, "cue", 3, cmds, 7));
	assert_string_equal(buf_str(&b), "did you mean 'cues'?");
	buf_reset(&b);
	assert_true(suggest(&b, "clam", 4, names, 4));
	assert_string_equal(buf_str(&b), "did you mean 'clamshell'?");
	buf_reset(&b);
	assert_false(suggest(&b, "squat", 5, names, 4));
	assert_false(suggest(&b, "zz", 2, cmds, 7));
	assert_false(suggest(&b, "log", 3, cmds, 7));
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(words),
		cmocka_unit_test(weekdays),
		cmocka_unit_test(times),
		cmocka_unit_test(refused),
		cmocka_unit_test(distance),
		cmocka_unit_test(suggestions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
