/* Unit tests of the streak computation: fixed dates, no clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hips.h"
#include "logset.h"
#include "streak.h"

#define NEAR(a, b)	assert_true((a) - (b) < 1e-6 && (b) - (a) < 1e-6)

static int64_t
day_of(const char *date)
{
	struct error	 why;
	int64_t		 d;

	if (date_parse(date, strlen(date), &d, &why) == -1)
		fail_msg("%s: %s", date, why.msg);
	return d;
}

static void
no_bad_line(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	fail_msg("%s:%u: %s", file, line, msg);
}

/* Log text -> normalized days (owned by the caller). */
static struct sday *
days_of(const char *text, size_t *n)
{
	struct logset	 ls;
	struct sday	*v = NULL;
	size_t		 cap = 0;

	memset(&ls, 0, sizeof(ls));
	logset_add_text(&ls, "test.log", xstrdup(text), strlen(text),
	    no_bad_line, NULL);
	*n = 0;
	sdays_add_entries(&v, n, &cap, ls.v, ls.n);
	*n = sdays_normalize(v, *n);
	logset_free(&ls);
	return v;
}

/*
 * Compute both ways and check that the prompt's shortcut agrees with the
 * full computation on everything it reports.
 */
static void
compute(const char *text, int per_week, const char *today, struct streak *s)
{
	struct streak	 c;
	struct sday	*v;
	size_t		 n;

	v = days_of(text, &n);
	streak_compute(v, n, per_week, day_of(today), s);
	streak_current(v, n, per_week, day_of(today), &c);
	assert_int_equal(c.any, s->any);
	assert_int_equal(c.current, s->current);
	assert_int_equal(c.due, s->due);
	assert_int_equal(c.per_week, s->per_week);
	if (per_week) {
		assert_int_equal(c.week_done, s->week_done);
		assert_int_equal(c.week_skips, s->week_skips);
		assert_int_equal(c.week_target, s->week_target);
	}
	free(v);
}

static void
loop_reference_values(void **state)
{
	(void)state;
	/* Loop Habit Tracker's own test values, frequency 1. */
	NEAR(score_step(1, 0, 1), 0.051922);
	NEAR(score_step(1, 0.5, 1), 0.525961);
	NEAR(score_step(1, 0.5, 0), 0.474039);
	/* 0.5 ^ (sqrt(f) / 13), from an independent calculation. */
	NEAR(score_multiplier(1), 0.948077514);
	NEAR(score_multiplier(3 / 7.0), 0.965696682);
	NEAR(score_multiplier(1 / 7.0), 0.980049015);
}

static void
score_follows_the_days(void **state)
{
	struct streak	 s;
	double		 want = 0;
	int		 i;

	(void)state;
	/* Ten done days in a row from nothing. */
	compute("2026-11-17T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-18T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-19T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-20T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-21T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-22T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-23T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-24T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-25T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-26T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-26", &s);
	NEAR(s.score, 0.413269770);
	for (i = 0; i < 10; i++)
		want = score_step(1, want, 1);
	NEAR(s.score, want);
	assert_int_equal(s.days_done, 10);

	/* A missed day lowers it; a skip day leaves it; a due today too. */
	compute("2026-11-23T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-25T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-26", &s);
	want = score_step(1, score_step(1, score_step(1, 0, 1), 0), 1);
	NEAR(s.score, want);
	compute("2026-11-23T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-24T07:00:00+01:00 skip\n"
	    "2026-11-25T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-26", &s);
	want = score_step(1, score_step(1, 0, 1), 1);
	NEAR(s.score, want);

	/* 2/week: v is the share of the target met in the last 7 days. */
	compute("2026-11-23T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-24T07:00:00+01:00 bridge 2x10\n", 2, "2026-11-25", &s);
	want = score_step(2 / 7.0, 0, 0.5);
	want = score_step(2 / 7.0, want, 1);
	NEAR(s.score, want);
}

static void
empty_log(void **state)
{
	struct streak	 s;

	(void)state;
	compute("", 0, "2026-11-26", &s);
	assert_false(s.any);
	assert_true(s.due);
	assert_int_equal(s.current, 0);
	assert_int_equal(s.best, 0);
	/* Only comments, or only entries after today: still nothing. */
	compute("# a comment\n\n", 0, "2026-11-26", &s);
	assert_false(s.any);
	compute("2026-11-27T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-26",
	    &s);
	assert_false(s.any);
}

static void
daily_today_done_or_due(void **state)
{
	static const char	 log[] =
	    "2026-11-24T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-25T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-26T07:00:00+01:00 bridge 2x10\n";
	struct streak		 s;

	(void)state;
	compute(log, 0, "2026-11-26", &s);
	assert_int_equal(s.current, 3);
	assert_false(s.due);
	/* The next day: still 3, due, not broken until the day ends. */
	compute(log, 0, "2026-11-27", &s);
	assert_int_equal(s.current, 3);
	assert_true(s.due);
	/* The day after that: broken, but the best remains. */
	compute(log, 0, "2026-11-28", &s);
	assert_int_equal(s.current, 0);
	assert_true(s.due);
	assert_int_equal(s.best, 3);
	/* Today, before the first entry's day ends. */
	compute("2026-11-26T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-26",
	    &s);
	assert_int_equal(s.current, 1);
	assert_false(s.due);
}

static void
month_and_year_boundaries(void **state)
{
	struct streak	 s;

	(void)state;
	compute("2026-12-30T07:00:00+01:00 bridge 2x10\n"
	    "2026-12-31T07:00:00+01:00 bridge 2x10\n"
	    "2027-01-01T07:00:00+01:00 bridge 2x10\n"
	    "2027-01-02T07:00:00+01:00 bridge 2x10\n", 0, "2027-01-02", &s);
	assert_int_equal(s.current, 4);
	compute("2028-02-28T07:00:00+01:00 bridge 2x10\n"
	    "2028-02-29T07:00:00+01:00 bridge 2x10\n"
	    "2028-03-01T07:00:00+01:00 bridge 2x10\n", 0, "2028-03-01", &s);
	assert_int_equal(s.current, 3);
	/* 2027 is no leap year: Feb 28 to Mar 1 is a gap of nothing. */
	compute("2027-02-28T07:00:00+01:00 bridge 2x10\n"
	    "2027-03-01T07:00:00+01:00 bridge 2x10\n", 0, "2027-03-01", &s);
	assert_int_equal(s.current, 2);
}

static void
local_days_and_dst(void **state)
{
	struct streak	 s;

	(void)state;
	/*
	 * Europe's spring change (2026-03-29): the offset moves from +01 to
	 * +02; days are the local dates as written.
	 */
	compute("2026-03-28T23:30:00+01:00 bridge 2x10\n"
	    "2026-03-29T23:30:00+02:00 bridge 2x10\n"
	    "2026-03-30T00:30:00+02:00 bridge 2x10\n", 0, "2026-03-30", &s);
	assert_int_equal(s.current, 3);
	assert_int_equal(s.days_done, 3);
	/* Autumn (2026-10-25): two entries on the long day are one day. */
	compute("2026-10-24T12:00:00+02:00 bridge 2x10\n"
	    "2026-10-25T00:30:00+02:00 bridge 2x10\n"
	    "2026-10-25T23:30:00+01:00 bridge 2x10\n", 0, "2026-10-25", &s);
	assert_int_equal(s.current, 2);
	assert_int_equal(s.days_done, 2);
	/* 00:30+01:00 is the previous day in UTC, but its own day here. */
	compute("2026-11-25T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-26T00:30:00+01:00 bridge 2x10\n", 0, "2026-11-26", &s);
	assert_int_equal(s.current, 2);
	assert_false(s.due);
}

static void
skip_days(void **state)
{
	struct streak	 s;

	(void)state;
	compute("2026-11-23T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-24T20:00:00+01:00 skip # travelling\n"
	    "2026-11-25T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-26", &s);
	assert_int_equal(s.current, 3);
	assert_true(s.due);
	assert_int_equal(s.week_skips, 1);
	assert_int_equal(s.week_done, 2);
	assert_int_equal(s.week_target, 6);
	/* A day with exercise and a skip counts as done, not as skipped. */
	compute("2026-11-24T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-24T20:00:00+01:00 skip\n", 0, "2026-11-24", &s);
	assert_int_equal(s.week_skips, 0);
	assert_int_equal(s.week_done, 1);
	/* A skip today keeps today: nothing is due. */
	compute("2026-11-25T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-26T07:00:00+01:00 skip\n", 0, "2026-11-26", &s);
	assert_int_equal(s.current, 2);
	assert_false(s.due);
}

static void
unsorted_input(void **state)
{
	struct streak	 a, b;

	(void)state;
	compute("2026-11-22T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-23T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-24T07:00:00+01:00 skip\n"
	    "2026-11-25T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-25T08:00:00+01:00 clamshell 2x10/side\n"
	    "2026-11-19T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-25", &a);
	/* The same lines as a union merge might interleave them. */
	compute("2026-11-25T08:00:00+01:00 clamshell 2x10/side\n"
	    "2026-11-19T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-24T07:00:00+01:00 skip\n"
	    "2026-11-22T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-25T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-23T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-25", &b);
	assert_int_equal(a.current, 4);
	assert_int_equal(b.current, 4);
	assert_int_equal(a.best, b.best);
	assert_int_equal(a.days_done, b.days_done);
	assert_int_equal(a.days_done, 4);
	NEAR(a.score, b.score);
}

static void
weekly_targets(void **state)
{
	struct streak	 s;

	(void)state;
	/*
	 * 3/week.  Weeks of Nov 2 (3 sessions), Nov 9 (2 sessions and a
	 * skip day: met), Nov 16 (3 sessions, two on one day: not met),
	 * Nov 23 (this week, 1 session so far).
	 */
	static const char	 log[] =
	    "2026-11-02T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-04T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-06T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-10T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-12T07:00:00+01:00 skip\n"
	    "2026-11-15T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-16T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-18T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-18T19:00:00+01:00 clamshell 2x10/side\n"
	    "2026-11-24T07:00:00+01:00 bridge 2x10\n";

	compute(log, 3, "2026-11-26", &s);
	assert_int_equal(s.current, 0);
	assert_true(s.due);
	assert_int_equal(s.best, 2);
	assert_int_equal(s.week_done, 1);
	assert_int_equal(s.week_target, 3);
	/* 2/week: every week met so far, and this one still open. */
	compute(log, 2, "2026-11-26", &s);
	assert_int_equal(s.current, 3);
	assert_true(s.due);
	assert_int_equal(s.week_target, 2);
	/* 1/week: this week is met, so it counts. */
	compute(log, 1, "2026-11-26", &s);
	assert_int_equal(s.current, 4);
	assert_false(s.due);
	/* Skip days lower the requirement of their own week only. */
	compute("2026-11-23T07:00:00+01:00 skip\n"
	    "2026-11-24T07:00:00+01:00 skip\n"
	    "2026-11-25T07:00:00+01:00 bridge 2x10\n", 3, "2026-11-25", &s);
	assert_int_equal(s.current, 1);
	assert_false(s.due);
	assert_int_equal(s.week_target, 1);
	assert_int_equal(s.week_skips, 2);
	/* A whole week of skips meets any target. */
	compute("2026-11-16T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-17T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-23T07:00:00+01:00 skip\n"
	    "2026-11-24T07:00:00+01:00 skip\n", 2, "2026-11-30", &s);
	assert_int_equal(s.current, 2);
	assert_true(s.due);
}

static void
iso_week_53(void **state)
{
	struct streak	 s;
	int		 y, w;

	(void)state;
	/* 2026-12-28 to 2027-01-03 is ISO week 53 of 2026: one week. */
	iso_week(day_of("2027-01-03"), &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 53);
	compute("2026-12-22T07:00:00+01:00 bridge 2x10\n"
	    "2026-12-24T07:00:00+01:00 bridge 2x10\n"
	    "2026-12-30T07:00:00+01:00 bridge 2x10\n"
	    "2027-01-02T07:00:00+01:00 bridge 2x10\n"
	    "2027-01-05T07:00:00+01:00 bridge 2x10\n", 2, "2027-01-05", &s);
	assert_int_equal(s.current, 2);		/* weeks 52 and 53 */
	assert_true(s.due);			/* week 1 of 2027: 1 of 2 */
	assert_int_equal(s.week_done, 1);
	/* Split across the year, week 53 has only one session: not met. */
	compute("2026-12-22T07:00:00+01:00 bridge 2x10\n"
	    "2026-12-24T07:00:00+01:00 bridge 2x10\n"
	    "2026-12-31T07:00:00+01:00 bridge 2x10\n"
	    "2027-01-05T07:00:00+01:00 bridge 2x10\n", 2, "2027-01-05", &s);
	assert_int_equal(s.current, 0);
	assert_int_equal(s.best, 1);
}

static void
best_streak(void **state)
{
	struct streak	 s;

	(void)state;
	compute("2026-11-01T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-02T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-03T07:00:00+01:00 skip\n"
	    "2026-11-04T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-10T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-11T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-11", &s);
	assert_int_equal(s.best, 4);
	assert_int_equal(s.current, 2);
	assert_int_equal(s.first, day_of("2026-11-01"));
}

/* The prompt's shortcut against the full computation on random logs. */
static void
shortcut_matches_full(void **state)
{
	struct sday	 v[80];
	struct streak	 a, b;
	int64_t		 base = day_of("2026-09-01"), today;
	size_t		 n, k;
	unsigned	 seed = 12345;
	int		 round, pw;

	(void)state;
	for (round = 0; round < 2000; round++) {
		n = 0;
		for (k = 0; k < 80; k++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 4 == 0)
				continue;
			v[n].day = (int32_t)(base + (int64_t)k);
			v[n].done = (seed >> 20) % 3 == 0 ? 0 : 1;
			v[n].skip = v[n].done ? (seed >> 24) % 5 == 0 : 1;
			n++;
		}
		seed = seed * 1103515245u + 12345u;
		today = base + (int64_t)((seed >> 16) % 90);
		pw = (int)((seed >> 8) % 8);
		streak_compute(v, n, pw, today, &a);
		streak_current(v, n, pw, today, &b);
		assert_int_equal(a.any, b.any);
		assert_int_equal(a.current, b.current);
		assert_int_equal(a.due, b.due);
		if (pw) {
			assert_int_equal(a.week_done, b.week_done);
			assert_int_equal(a.week_skips, b.week_skips);
			assert_int_equal(a.week_target, b.week_target);
		}
		assert_true(a.best >= a.current);
		assert_true(a.score >= 0 && a.score <= 1);
	}
}

/* streak_since() of a log text. */
static int64_t
since_of(const char *text, int per_week, const char *today)
{
	struct sday	*v;
	struct streak	 s;
	size_t		 n;
	int64_t		 d;

	v = days_of(text, &n);
	streak_current(v, n, per_week, day_of(today), &s);
	d = streak_since(v, n, &s, day_of(today));
	free(v);
	return d;
}

static void
since_daily(void **state)
{
	(void)state;
	/* Today (Thursday the 26th) due; 23 done, 24 skipped, 25 done. */
	assert_int_equal(since_of("2026-11-23T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-24T20:00:00+01:00 skip\n"
	    "2026-11-25T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-26"),
	    day_of("2026-11-22"));
	/* Today done: the run is 24..26, the 23rd ends it. */
	assert_int_equal(since_of("2026-11-20T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-24T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-25T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-26T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-26"),
	    day_of("2026-11-23"));
	/* Done today only. */
	assert_int_equal(since_of("2026-11-26T07:00:00+01:00 bridge 2x10\n",
	    0, "2026-11-26"), day_of("2026-11-25"));
	/* A run across a month and a year boundary. */
	assert_int_equal(since_of("2026-12-30T07:00:00+01:00 bridge 2x10\n"
	    "2026-12-31T07:00:00+01:00 bridge 2x10\n"
	    "2027-01-01T07:00:00+01:00 bridge 2x10\n", 0, "2027-01-02"),
	    day_of("2026-12-29"));
	/*
	 * Streak 0: the answer ("0d!" rather than nothing) rests on the
	 * last kept day, however old.
	 */
	assert_int_equal(since_of("2026-10-01T07:00:00+01:00 bridge 2x10\n",
	    0, "2026-11-26"), day_of("2026-10-01"));
	assert_int_equal(since_of("2026-11-23T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-24T07:00:00+01:00 skip\n", 0, "2026-11-26"),
	    day_of("2026-11-24"));
	/* Nothing kept up to today: any day would start a streak. */
	assert_true(since_of("", 0, "2026-11-26") == INT64_MIN);
	assert_true(since_of("2026-11-27T07:00:00+01:00 bridge 2x10\n", 0,
	    "2026-11-26") == INT64_MIN);
	/* Days after today change nothing. */
	assert_int_equal(since_of("2026-11-25T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-28T07:00:00+01:00 bridge 2x10\n", 0, "2026-11-26"),
	    day_of("2026-11-24"));
}

static void
since_weekly(void **state)
{
	(void)state;
	/*
	 * 3/week, today Thursday 2026-11-26.  This week met (23, 24, 25),
	 * the week of the 16th met, the week of the 9th not: 2 weeks, and
	 * the week of the 9th can still change them.
	 */
	assert_int_equal(since_of("2026-11-10T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-16T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-18T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-22T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-23T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-24T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-25T07:00:00+01:00 bridge 2x10\n", 3, "2026-11-26"),
	    day_of("2026-11-09"));
	/* This week still due (one session): the same weeks count. */
	assert_int_equal(since_of("2026-11-16T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-18T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-22T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-23T07:00:00+01:00 bridge 2x10\n", 3, "2026-11-26"),
	    day_of("2026-11-09"));
	/* Two skips lower the week of the 16th to one session. */
	assert_int_equal(since_of("2026-11-16T07:00:00+01:00 skip\n"
	    "2026-11-17T07:00:00+01:00 skip\n"
	    "2026-11-22T07:00:00+01:00 bridge 2x10\n", 3, "2026-11-26"),
	    day_of("2026-11-09"));
	/* Streak 0, due: last week is the one to watch. */
	assert_int_equal(since_of("2026-11-24T07:00:00+01:00 bridge 2x10\n",
	    3, "2026-11-26"), day_of("2026-11-16"));
	/* On a Monday and on a Sunday: the week boundary. */
	assert_int_equal(since_of("2026-11-16T07:00:00+01:00 bridge 2x10\n",
	    1, "2026-11-23"), day_of("2026-11-09"));
	assert_int_equal(since_of("2026-11-16T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-29T07:00:00+01:00 bridge 2x10\n", 1, "2026-11-29"),
	    day_of("2026-11-09"));
	/* Monday the 30th done, the week before empty. */
	assert_int_equal(since_of("2026-11-16T07:00:00+01:00 bridge 2x10\n"
	    "2026-11-30T07:00:00+01:00 bridge 2x10\n", 1, "2026-11-30"),
	    day_of("2026-11-23"));
	/* An old last session: streak 0 rests on it. */
	assert_int_equal(since_of("2026-10-01T07:00:00+01:00 bridge 2x10\n",
	    2, "2026-11-26"), day_of("2026-10-01"));
	assert_true(since_of("", 3, "2026-11-26") == INT64_MIN);
}

/* The days of a state per day: 0 none, 1 done, 2 skip, 3 both. */
static size_t
days_from_states(const unsigned char *st, size_t nst, int64_t base,
    struct sday *v)
{
	size_t	 k, n = 0;

	for (k = 0; k < nst; k++) {
		if (st[k] == 0)
			continue;
		v[n].day = (int32_t)(base + (int64_t)k);
		v[n].done = st[k] & 1;
		v[n].skip = (st[k] & 2) != 0;
		n++;
	}
	return n;
}

static bool
same_prompt(const struct streak *a, const struct streak *b)
{
	return a->any == b->any && a->current == b->current &&
	    a->due == b->due && a->per_week == b->per_week &&
	    a->week_done == b->week_done && a->week_skips == b->week_skips &&
	    a->week_target == b->week_target;
}

/*
 * On random logs: whatever happens to a day before streak_since(), the
 * prompt's answer stays; and for a daily run, the day streak_since()
 * names does change it.
 */
static void
since_bounds_the_answer(void **state)
{
	unsigned char	 st[90], keep;
	struct sday	 v[90];
	struct streak	 ref, s;
	int64_t		 base = day_of("2026-09-01"), today, since;
	size_t		 n, k;
	unsigned	 seed = 4242, x, gaps;
	int		 round, pw;
	bool		 sparse;

	(void)state;
	for (round = 0; round < 1500; round++) {
		seed = seed * 1103515245u + 12345u;
		/* Mostly dense logs, now and then a few days only. */
		gaps = 2 + (seed >> 20) % 6;
		sparse = (seed >> 16) % 8 == 7;
		for (k = 0; k < 90; k++) {
			seed = seed * 1103515245u + 12345u;
			x = seed >> 16;
			st[k] = (sparse ? x % 40 != 0 : x % gaps == 0) ? 0 :
			    x % 11 == 0 ? 2 : x % 23 == 0 ? 3 : 1;
		}
		seed = seed * 1103515245u + 12345u;
		today = base + 20 + (int64_t)((seed >> 16) % 75);
		pw = (int)((seed >> 8) % 8);
		n = days_from_states(st, 90, base, v);
		streak_current(v, n, pw, today, &ref);
		since = streak_since(v, n, &ref, today);
		if (!ref.any) {
			assert_true(since == INT64_MIN);
			continue;
		}
		assert_true(since <= today);
		for (k = 0; k < 90 && base + (int64_t)k < since; k++) {
			keep = st[k];
			for (st[k] = 0; st[k] < 4; st[k]++) {
				n = days_from_states(st, 90, base, v);
				streak_current(v, n, pw, today, &s);
				if (!same_prompt(&ref, &s))
					fail_msg("round %d: day %zu changes "
					    "the answer", round, k);
			}
			st[k] = keep;
		}
		if (pw == 0 && ref.current > 0 && since >= base) {
			k = (size_t)(since - base);
			assert_int_equal(st[k], 0);
			st[k] = 1;
			n = days_from_states(st, 90, base, v);
			streak_current(v, n, pw, today, &s);
			assert_false(same_prompt(&ref, &s));
		}
	}
}

static void
normalize_merges(void **state)
{
	struct sday	 v[] = {
		{ .day = 5, .done = 1 }, { .day = 3, .skip = 1 },
		{ .day = 5, .done = 0xffff }, { .day = 3, .done = 1 },
		{ .day = 4, .done = 1 },
	};
	size_t		 n;

	(void)state;
	n = sdays_normalize(v, 5);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].day, 3);
	assert_int_equal(v[0].done, 1);
	assert_int_equal(v[0].skip, 1);
	assert_int_equal(v[1].day, 4);
	assert_int_equal(v[2].day, 5);
	assert_int_equal(v[2].done, 0xffff);	/* saturates */
}

static void
prompt_format(void **state)
{
	struct streak	 s = { .current = 12, .due = true };
	struct buf	 b = BUF_INIT;

	(void)state;
	streak_prompt(&s, false, "%n%u%!", &b);
	assert_string_equal(buf_str(&b), "12d!");
	buf_reset(&b);
	s.due = false;
	s.per_week = 3;
	streak_prompt(&s, false, "hips %n%u%! 100%%", &b);
	assert_string_equal(buf_str(&b), "hips 12w 100%");
	buf_reset(&b);
	streak_prompt(&s, false, "", &b);
	assert_string_equal(buf_str(&b), "");
	streak_prompt(&s, false, "%", &b);
	assert_string_equal(buf_str(&b), "%");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loop_reference_values),
		cmocka_unit_test(score_follows_the_days),
		cmocka_unit_test(empty_log),
		cmocka_unit_test(daily_today_done_or_due),
		cmocka_unit_test(month_and_year_boundaries),
		cmocka_unit_test(local_days_and_dst),
		cmocka_unit_test(skip_days),
		cmocka_unit_test(unsorted_input),
		cmocka_unit_test(weekly_targets),
		cmocka_unit_test(iso_week_53),
		cmocka_unit_test(best_streak),
		cmocka_unit_test(shortcut_matches_full),
		cmocka_unit_test(since_daily),
		cmocka_unit_test(since_weekly),
		cmocka_unit_test(since_bounds_the_answer),
		cmocka_unit_test(normalize_merges),
		cmocka_unit_test(prompt_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
