/*
 * Unit tests of the progression engine: every rule of DESIGN.md section 4
 * with fixed dates, including the boundaries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "hips.h"
#include "entry.h"
#include "program.h"
#include "progress.h"
#include "explain.h"

#define MAXLOG	40000

/* A log built line by line; the entries point into kept copies. */
struct log {
	struct entry	*v;
	char		**mem;
	size_t		 n;
};

static struct program	 builtin;

static void
add(struct log *L, const char *line)
{
	struct error	 err;
	char	*copy = xstrdup(line);

	if (L->v == NULL) {
		L->v = xreallocarray(NULL, MAXLOG, sizeof(*L->v));
		L->mem = xreallocarray(NULL, MAXLOG, sizeof(*L->mem));
	}
	assert_true(L->n < MAXLOG);
	if (entry_parse(copy, strlen(copy), &L->v[L->n], &err) != 1)
		fail_msg("%s: %s", line, err.msg);
	L->mem[L->n++] = copy;
}

/* A session at 07:00 (+01:00) on date. */
static void
at(struct log *L, const char *date, const char *what)
{
	char	 line[256];

	snprintf(line, sizeof(line), "%sT07:00:00+01:00 %s", date, what);
	add(L, line);
}

static void
log_free(struct log *L)
{
	size_t	 i;

	for (i = 0; i < L->n; i++)
		free(L->mem[i]);
	free(L->mem);
	free(L->v);
	memset(L, 0, sizeof(*L));
}

static int64_t
day(const char *date)
{
	int64_t		 d;
	struct error	 why;

	assert_int_equal(date_parse(date, 10, &d, &why), 0);
	return d;
}

static const char *
date_str(int64_t d)
{
	static char	 s[4][11];
	static int	 k;

	k = (k + 1) % 4;
	date_format(d, s[k]);
	return s[k];
}

static void
run(struct progress *pr, const struct program *p, const struct log *L,
    const char *today)
{
	progress_run(pr, p, L->v, L->n, day(today));
}

static void
custom(struct program *p, const char *text)
{
	if (program_parse(p, "t.ini", text, strlen(text)) != 0)
		fail_msg("%s", error_msg());
}

/*
 * The rules are tested on a fixed program, the first built-in one (7, 5
 * and 6 steps, steps up to 125% more volume), so that the default ladders
 * can change without rewriting these tests; `gentle_defaults` tests the
 * built-in program itself.
 */
static const char classic_ini[] =
	"[rules]\n"
	"advance_after = 2\n"
	"hold_pain = 4\n"
	"back_pain = 6\n"
	"below_target = 3\n"
	"repeat_gap = 7\n"
	"back_gap = 14\n"
	"back2_gap = 28\n"
	"pain_window = 14\n"
	"pain_rise = 2\n"
	"[bridge]\n"
	"title = Glute bridge\n"
	"unlock = start\n"
	"step = bridge 2x10 hold=2s\n"
	"step = bridge 3x12 hold=2s\n"
	"step = bridge 3x15 hold=2s\n"
	"step = banded-bridge 3x12 hold=2s\n"
	"step = marching-bridge 3x8/side\n"
	"step = single-leg-bridge 3x8/side hold=2s\n"
	"step = single-leg-bridge 3x12/side hold=2s\n"
	"[clamshell]\n"
	"title = Clamshell\n"
	"unlock = bridge:3\n"
	"step = clamshell 2x10/side hold=2s\n"
	"step = clamshell 3x15/side\n"
	"step = banded-clamshell 3x12/side\n"
	"step = side-lying-abduction 3x12/side\n"
	"step = side-plank-clam 3x8/side hold=3s\n"
	"[hinge]\n"
	"title = Hip hinge\n"
	"unlock = clamshell:3\n"
	"step = wall-hinge 2x8\n"
	"step = hinge 3x10\n"
	"step = hinge 3x12\n"
	"step = loaded-hinge 3x10\n"
	"step = split-stance-hinge 3x8/side\n"
	"step = single-leg-hinge 3x8/side\n";

static int
setup(void **state)
{
	(void)state;
	custom(&builtin, classic_ini);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	program_free(&builtin);
	return 0;
}

/* The reason line of ladder i. */
static const char *
reason(const struct progress *pr, const struct program *p, size_t i)
{
	static struct buf	 b;

	buf_reset(&b);
	progress_reason(pr, p, i, &b);
	return buf_str(&b);
}

static const char *
why(const struct progress *pr, const struct program *p, size_t i)
{
	static struct buf	 b;

	buf_reset(&b);
	progress_why(pr, p, i, &b);
	return buf_str(&b);
}

static void
empty_log(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	at(&L, "2026-11-20", "skip");
	at(&L, "2026-11-21", "squat 3x10");	/* not in the program */
	run(&pr, &builtin, &L, "2026-11-26");
	assert_false(pr.any);
	assert_false(pr.paused);
	assert_int_equal(pr.n, 3);
	assert_string_equal(pr.v[0].decision, "start");
	assert_true(pr.v[0].due);
	assert_int_equal(pr.v[0].step, 0);
	assert_string_equal(pr.v[1].decision, "locked");
	assert_false(pr.v[1].due);
	assert_string_equal(pr.v[2].decision, "locked");
	assert_non_null(strstr(reason(&pr, &builtin, 0), "one exercise"));
	assert_string_equal(reason(&pr, &builtin, 1),
	    "unlocks when bridge reaches step 3 (now step 1)");
	progress_free(&pr);
	log_free(&L);
}

/* Advance after 2 clean sessions on different days, one step at a time. */
static void
advance(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	at(&L, "2026-11-01", "bridge 2x10 hold=2s");
	run(&pr, &builtin, &L, "2026-11-02");
	assert_int_equal(pr.v[0].step, 0);
	assert_int_equal(pr.v[0].clean, 1);
	assert_string_equal(pr.v[0].decision, "continue");
	assert_string_equal(reason(&pr, &builtin, 0),
	    "1 of 2 clean sessions at this step");
	progress_free(&pr);

	/* A second clean session on the same day does not count. */
	at(&L, "2026-11-01", "bridge 2x10 hold=2s");
	run(&pr, &builtin, &L, "2026-11-02");
	assert_int_equal(pr.v[0].step, 0);
	assert_int_equal(pr.v[0].clean, 1);
	progress_free(&pr);

	at(&L, "2026-11-02", "bridge 2x12 hold=3s");	/* more is clean */
	run(&pr, &builtin, &L, "2026-11-02");
	assert_int_equal(pr.v[0].step, 1);
	assert_int_equal(pr.v[0].clean, 0);
	assert_true(pr.v[0].done_today);
	assert_false(pr.v[0].due);
	assert_string_equal(pr.v[0].decision, "up");
	assert_string_equal(reason(&pr, &builtin, 0), "moved up today after "
	    "2 clean sessions at bridge 2x10 hold=2s");
	assert_non_null(strstr(why(&pr, &builtin, 0), "2 of 2 clean sessions "
	    "at bridge 2x10 hold=2s: move up to bridge 3x12 hold=2s"));
	progress_free(&pr);

	/* The next day it is due again, at the new step. */
	run(&pr, &builtin, &L, "2026-11-03");
	assert_true(pr.v[0].due);
	assert_int_equal(pr.v[0].step, 1);
	assert_string_equal(reason(&pr, &builtin, 0), "moved up yesterday "
	    "after 2 clean sessions at bridge 2x10 hold=2s");
	progress_free(&pr);
	log_free(&L);
}

/* What makes a session clean: sets, every set, hold, units, pain. */
static void
clean_sessions(void **state)
{
	static const struct {
		const char	*what;
		bool		 clean;
	} cases[] = {
		{ "bridge 3x12 hold=2s", true },
		{ "bridge 4x13 hold=5s", true },
		{ "bridge 12,12,12 hold=2s", true },
		{ "bridge 12,13,12,14 hold=2s", true },
		{ "bridge 2x12 hold=2s", false },	/* sets */
		{ "bridge 12,12,11 hold=2s", false },	/* every set */
		{ "bridge 3x11 hold=2s", false },
		{ "bridge 3x12", false },		/* hold missing */
		{ "bridge 3x12 hold=1s", false },
		{ "bridge 3x12s hold=2s", false },	/* seconds, not reps */
		{ "bridge 3x12 hold=2s pain=3", true },
		{ "bridge 3x12 hold=2s pain=4", false },	/* hold_pain */
		{ "banded-bridge 3x12 hold=2s", true },	/* a harder step */
		{ "banded-bridge 3x10 hold=2s", false },
	};
	struct log		 L;
	struct progress		 pr;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&L, 0, sizeof(L));
		/* Reach step 2 (bridge 3x12 hold=2s). */
		at(&L, "2026-11-01", "bridge 2x10 hold=2s");
		at(&L, "2026-11-02", "bridge 2x10 hold=2s");
		at(&L, "2026-11-03", cases[i].what);
		run(&pr, &builtin, &L, "2026-11-03");
		if ((pr.v[0].clean == 1) != cases[i].clean)
			fail_msg("%s: clean %d", cases[i].what,
			    pr.v[0].clean);
		assert_int_equal(pr.v[0].step, 1);
		progress_free(&pr);
		log_free(&L);
	}
}

/* --why says what a session below the target lacked. */
static void
shortfalls(void **state)
{
	static const struct {
		const char	*what;
		const char	*lack;
	} cases[] = {
		{ "bridge 2x12", "(2 sets, no hold;" },
		{ "bridge 3x12s hold=2s", "(seconds, not reps;" },
		{ "bridge 12,12,11 hold=1s", "(a set of 11, hold 1s;" },
		{ "bridge 1x5 hold=9s", "(1 set, a set of 5;" },
		{ "banded-bridge 3x12 hold=1s", "(hold 1s;" },
		{ "clamshell 3x12/side", NULL },	/* not this ladder */
	};
	struct log		 L;
	struct progress		 pr;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&L, 0, sizeof(L));
		at(&L, "2026-11-01", "bridge 2x10 hold=2s");
		at(&L, "2026-11-02", "bridge 2x10 hold=2s");
		at(&L, "2026-11-03", cases[i].what);
		run(&pr, &builtin, &L, "2026-11-03");
		if (cases[i].lack != NULL &&
		    strstr(why(&pr, &builtin, 0), cases[i].lack) == NULL)
			fail_msg("%s: %s", cases[i].what, why(&pr, &builtin,
			    0));
		if (cases[i].lack == NULL)
			assert_int_equal(pr.v[0].below, 0);
		progress_free(&pr);
		log_free(&L);
	}
	/* At banded bridges, plain bridges are an easier exercise. */
	memset(&L, 0, sizeof(L));
	at(&L, "2026-11-01", "bridge 3x15 hold=2s");
	at(&L, "2026-11-02", "bridge 3x15 hold=2s");
	at(&L, "2026-11-03", "bridge 3x15 hold=2s");
	at(&L, "2026-11-04", "bridge 3x15 hold=2s");
	at(&L, "2026-11-05", "bridge 3x15 hold=2s");
	at(&L, "2026-11-06", "bridge 3x15 hold=2s");
	at(&L, "2026-11-07", "bridge 3x15 hold=2s");
	run(&pr, &builtin, &L, "2026-11-07");
	assert_int_equal(pr.v[0].step, 3);
	assert_int_equal(pr.v[0].below, 1);
	assert_non_null(strstr(why(&pr, &builtin, 0), "today: bridge 3x15 "
	    "hold=2s: below the target banded-bridge 3x12 hold=2s (an easier "
	    "exercise; 1 of 3 in a row before a step back)\n"));
	progress_free(&pr);
	log_free(&L);
}

/* Entries of one exercise on one day together: logging set by set. */
static void
set_by_set(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	at(&L, "2026-11-01", "bridge 10 hold=2s");
	at(&L, "2026-11-01", "bridge 11 hold=3s");
	at(&L, "2026-11-02", "bridge 1x10 hold=2s");
	add(&L, "2026-11-02T20:00:00+01:00 bridge 1x10 hold=2s pain=1");
	run(&pr, &builtin, &L, "2026-11-03");
	assert_int_equal(pr.v[0].step, 1);
	progress_free(&pr);
	log_free(&L);

	/* One set short, or one set too small, is below the target. */
	at(&L, "2026-11-01", "bridge 10 hold=2s");
	at(&L, "2026-11-02", "bridge 10 hold=2s");
	at(&L, "2026-11-02", "bridge 9 hold=2s");
	run(&pr, &builtin, &L, "2026-11-03");
	assert_int_equal(pr.v[0].step, 0);
	assert_int_equal(pr.v[0].clean, 0);
	assert_int_equal(pr.v[0].below, 2);
	progress_free(&pr);
	log_free(&L);
}

/* An entry at 23:59 and one at 00:01 are two days. */
static void
midnight(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	add(&L, "2026-11-01T23:59:00+01:00 bridge 2x10 hold=2s");
	add(&L, "2026-11-02T00:01:00+01:00 bridge 2x10 hold=2s");
	run(&pr, &builtin, &L, "2026-11-02");
	assert_int_equal(pr.v[0].step, 1);
	progress_free(&pr);
	log_free(&L);

	/* The same instant seen from another zone is another day. */
	add(&L, "2026-11-01T23:59:00+01:00 bridge 2x10 hold=2s");
	add(&L, "2026-11-01T23:01:00+00:00 bridge 2x10 hold=2s");
	run(&pr, &builtin, &L, "2026-11-02");
	assert_int_equal(pr.v[0].step, 0);
	assert_int_equal(pr.v[0].clean, 1);
	progress_free(&pr);
	log_free(&L);
}

/* Pain exactly at hold_pain holds; exactly at back_pain steps back. */
static void
pain(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	at(&L, "2026-11-01", "bridge 2x10 hold=2s");
	at(&L, "2026-11-02", "bridge 2x10 hold=2s");	/* step 2 */
	at(&L, "2026-11-03", "bridge 3x12 hold=2s");	/* clean 1 */
	at(&L, "2026-11-04", "bridge 3x12 hold=2s pain=4");
	run(&pr, &builtin, &L, "2026-11-05");
	assert_int_equal(pr.v[0].step, 1);
	assert_int_equal(pr.v[0].clean, 0);	/* the count starts again */
	assert_string_equal(pr.v[0].decision, "hold");
	assert_string_equal(reason(&pr, &builtin, 0),
	    "pain 4 last time (4 or more): hold this step");
	progress_free(&pr);

	at(&L, "2026-11-05", "bridge 3x12 hold=2s pain=5");
	run(&pr, &builtin, &L, "2026-11-05");
	assert_int_equal(pr.v[0].step, 1);
	assert_string_equal(pr.v[0].decision, "hold");
	progress_free(&pr);

	at(&L, "2026-11-06", "bridge 3x12 hold=2s pain=6");
	run(&pr, &builtin, &L, "2026-11-07");
	assert_int_equal(pr.v[0].step, 0);
	assert_string_equal(pr.v[0].decision, "back");
	assert_string_equal(reason(&pr, &builtin, 0),
	    "pain 6 last time (6 or more): one step back");
	assert_false(pr.paused);	/* one day at 6 */
	progress_free(&pr);

	/* Never below step 1. */
	at(&L, "2026-11-07", "bridge 2x10 hold=2s pain=9");
	run(&pr, &builtin, &L, "2026-11-07");
	assert_int_equal(pr.v[0].step, 0);
	assert_string_equal(reason(&pr, &builtin, 0),
	    "pain 9 last time (6 or more): stay at step 1");
	progress_free(&pr);
	log_free(&L);
}

/* Two sessions at back_pain or more within 14 days: see a clinician. */
static void
clinician_two_days(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;
	struct buf		 b = BUF_INIT;

	(void)state;
	at(&L, "2026-11-01", "bridge 2x10 hold=2s pain=6");
	at(&L, "2026-11-14", "bridge 2x10 hold=2s pain=7");	/* 13 days on */
	run(&pr, &builtin, &L, "2026-11-14");
	assert_true(pr.paused);
	assert_int_equal(pr.pain.rules, PAIN_REPEAT);
	assert_int_equal(pr.pain.red[0], day("2026-11-01"));
	assert_int_equal(pr.pain.red[1], day("2026-11-14"));
	progress_pause_why(&pr, &builtin, &b);
	assert_string_equal(buf_str(&b), "pain 6 or more on 2026-11-01 and "
	    "today, within 14 days\n");
	progress_free(&pr);
	/* Once the first falls out of the window, no longer paused. */
	run(&pr, &builtin, &L, "2026-11-15");
	assert_false(pr.paused);
	progress_free(&pr);
	log_free(&L);

	/* Exactly 14 days apart is not within 14 days. */
	at(&L, "2026-11-01", "bridge 2x10 hold=2s pain=6");
	at(&L, "2026-11-15", "bridge 2x10 hold=2s pain=6");
	run(&pr, &builtin, &L, "2026-11-15");
	assert_false(pr.paused);
	progress_free(&pr);
	/* Pain 5 twice is below back_pain. */
	log_free(&L);
	at(&L, "2026-11-01", "bridge 2x10 hold=2s pain=5");
	at(&L, "2026-11-02", "bridge 2x10 hold=2s pain=5");
	run(&pr, &builtin, &L, "2026-11-02");
	assert_false(pr.paused);
	progress_free(&pr);
	log_free(&L);
	buf_free(&b);
}

/* A 7-day pain average 2 points above the 28 days before. */
static void
clinician_rising(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;
	struct buf		 b = BUF_INIT;

	(void)state;
	/* 28 days before (11-01..11-28 for today 12-05): average 1.0. */
	at(&L, "2026-11-01", "bridge 2x10 hold=2s pain=1");
	at(&L, "2026-11-28", "bridge 2x10 hold=2s pain=1");
	/* Last 7 days (11-29..12-05): average 3.0, exactly 2 above. */
	at(&L, "2026-11-29", "bridge 2x10 hold=2s pain=3");
	at(&L, "2026-12-05", "bridge 2x10 hold=2s pain=3");
	run(&pr, &builtin, &L, "2026-12-05");
	assert_true(pr.paused);
	assert_int_equal(pr.pain.rules, PAIN_RISING);
	assert_int_equal(pr.pain.avg7, 30);
	assert_int_equal(pr.pain.avg28, 10);
	progress_pause_why(&pr, &builtin, &b);
	assert_string_equal(buf_str(&b), "average pain 3.0 in the last 7 days "
	    "against 1.0 in the 28 days before (2 points or more higher)\n");
	/* Every ladder says so; nothing moves up while paused. */
	assert_string_equal(pr.v[0].decision, "paused");
	progress_free(&pr);
	log_free(&L);

	/* 1.5 points higher is not enough; missing pain counts as 0. */
	at(&L, "2026-11-01", "bridge 2x10 hold=2s pain=1");
	at(&L, "2026-11-28", "bridge 2x10 hold=2s");
	at(&L, "2026-11-29", "bridge 2x10 hold=2s pain=2");
	at(&L, "2026-12-05", "bridge 2x10 hold=2s pain=2");
	run(&pr, &builtin, &L, "2026-12-05");
	assert_false(pr.paused);
	progress_free(&pr);
	log_free(&L);

	/* An entry 35 days back is outside both windows. */
	at(&L, "2026-10-31", "bridge 2x10 hold=2s pain=0");
	at(&L, "2026-11-28", "bridge 2x10 hold=2s pain=1");
	at(&L, "2026-11-28", "bridge 2x10 hold=2s pain=0");
	at(&L, "2026-11-29", "bridge 2x10 hold=2s pain=3");
	at(&L, "2026-12-05", "bridge 2x10 hold=2s pain=3");
	run(&pr, &builtin, &L, "2026-12-05");
	/* One day in the 28 (its highest pain, 1): not an average. */
	assert_false(pr.paused);
	progress_free(&pr);
	log_free(&L);
	buf_free(&b);
}

/* While paused, clean sessions are not counted. */
static void
paused_no_advance(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	at(&L, "2026-11-01", "bridge 2x10 hold=2s pain=6");
	at(&L, "2026-11-02", "bridge 2x10 hold=2s pain=6");
	at(&L, "2026-11-03", "bridge 2x10 hold=2s");
	at(&L, "2026-11-04", "bridge 2x10 hold=2s");
	run(&pr, &builtin, &L, "2026-11-04");
	assert_true(pr.paused);
	assert_int_equal(pr.v[0].step, 0);
	assert_int_equal(pr.v[0].clean, 0);
	assert_non_null(strstr(why(&pr, &builtin, 0),
	    "clean, not counted while progression is paused"));
	progress_free(&pr);
	/* After the window, clean sessions count again. */
	at(&L, "2026-11-15", "bridge 2x10 hold=2s");
	at(&L, "2026-11-16", "bridge 2x10 hold=2s");
	run(&pr, &builtin, &L, "2026-11-16");
	assert_false(pr.paused);
	assert_int_equal(pr.v[0].step, 1);
	progress_free(&pr);
	log_free(&L);
}

/* Three sessions in a row below the target: one step back. */
static void
below_target(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	at(&L, "2026-11-01", "bridge 2x10 hold=2s");
	at(&L, "2026-11-02", "bridge 2x10 hold=2s");	/* step 2 */
	at(&L, "2026-11-03", "bridge 3x10 hold=2s");
	at(&L, "2026-11-04", "bridge 3x10 hold=2s");
	run(&pr, &builtin, &L, "2026-11-05");
	assert_int_equal(pr.v[0].step, 1);
	assert_int_equal(pr.v[0].below, 2);
	assert_string_equal(reason(&pr, &builtin, 0),
	    "below target last time (2 of 3 in a row before a step back)");
	assert_non_null(strstr(why(&pr, &builtin, 0), "yesterday: bridge "
	    "3x10 hold=2s: below the target bridge 3x12 hold=2s (a set of 10; "
	    "2 of 3 in a row before a step back)\n"));
	progress_free(&pr);

	/* A session that meets the target breaks the run. */
	at(&L, "2026-11-05", "bridge 3x12 hold=2s");
	at(&L, "2026-11-06", "bridge 3x10 hold=2s");
	run(&pr, &builtin, &L, "2026-11-07");
	assert_int_equal(pr.v[0].step, 1);
	assert_int_equal(pr.v[0].below, 1);
	assert_int_equal(pr.v[0].clean, 1);
	progress_free(&pr);

	at(&L, "2026-11-07", "bridge 3x10 hold=2s");
	at(&L, "2026-11-08", "bridge 2x10 hold=2s");	/* an easier step */
	run(&pr, &builtin, &L, "2026-11-09");
	assert_int_equal(pr.v[0].step, 0);
	assert_int_equal(pr.v[0].below, 0);
	assert_string_equal(pr.v[0].decision, "back");
	assert_string_equal(reason(&pr, &builtin, 0),
	    "3 sessions in a row below target: one step back");
	progress_free(&pr);

	/* Never below step 1. */
	at(&L, "2026-11-09", "bridge 1x10");
	at(&L, "2026-11-10", "bridge 1x10");
	at(&L, "2026-11-11", "bridge 1x10");
	run(&pr, &builtin, &L, "2026-11-11");
	assert_int_equal(pr.v[0].step, 0);
	assert_string_equal(reason(&pr, &builtin, 0),
	    "3 sessions in a row below target: stay at step 1");
	progress_free(&pr);
	log_free(&L);
}

/*
 * The gap rules, at today and when the next session comes: under 7
 * days nothing, 7 to 13 repeat, 14 to 27 one step back, 28 two.
 */
static void
gaps(void **state)
{
	static const struct {
		int	 days;
		int	 step;		/* index after the gap, from 3 */
		int	 clean;
		const char *decision;
	} cases[] = {
		{ 6, 3, 1, "continue" },
		{ 7, 3, 0, "repeat" },
		{ 13, 3, 0, "repeat" },
		{ 14, 2, 0, "back" },
		{ 27, 2, 0, "back" },
		{ 28, 1, 0, "back" },
		{ 400, 1, 0, "back" },
	};
	struct log		 L;
	struct progress		 pr;
	size_t			 i;
	int64_t			 d0 = day("2026-11-06");

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&L, 0, sizeof(L));
		at(&L, "2026-11-01", "bridge 2x10 hold=2s");
		at(&L, "2026-11-02", "bridge 2x10 hold=2s");
		at(&L, "2026-11-03", "bridge 3x12 hold=2s");
		at(&L, "2026-11-04", "bridge 3x12 hold=2s");
		at(&L, "2026-11-05", "bridge 3x15 hold=2s");
		at(&L, "2026-11-06", "bridge 3x15 hold=2s");	/* step 4 */
		at(&L, "2026-11-07", "banded-bridge 3x12 hold=2s");
		run(&pr, &builtin, &L, date_str(d0 + 1 + cases[i].days));
		if (pr.v[0].step != cases[i].step ||
		    pr.v[0].clean != cases[i].clean ||
		    strcmp(pr.v[0].decision, cases[i].decision) != 0)
			fail_msg("%d days: step %d clean %d %s", cases[i].days,
			    pr.v[0].step, pr.v[0].clean, pr.v[0].decision);
		assert_int_equal(pr.v[0].gap, cases[i].days);
		progress_free(&pr);

		/* A session after the gap is measured at that step. */
		at(&L, date_str(d0 + 1 + cases[i].days),
		    "bridge 3x15 hold=2s");
		run(&pr, &builtin, &L, date_str(d0 + 1 + cases[i].days));
		if (cases[i].step == 3)
			assert_int_equal(pr.v[0].below, 1);
		else
			assert_int_equal(pr.v[0].clean, 1);
		assert_int_equal(pr.v[0].step, cases[i].step);
		progress_free(&pr);
		log_free(&L);
	}
}

/* Skip days are not counted in a gap; two steps back stop at step 1. */
static void
gap_skips(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	at(&L, "2026-11-01", "bridge 2x10 hold=2s");
	at(&L, "2026-11-02", "skip");
	at(&L, "2026-11-03", "skip");
	at(&L, "2026-11-03", "skip");	/* the same day twice */
	run(&pr, &builtin, &L, "2026-11-09");	/* 8 days, 2 skipped */
	assert_int_equal(pr.v[0].gap, 6);
	assert_int_equal(pr.v[0].gap_skips, 2);
	assert_int_equal(pr.v[0].clean, 1);
	assert_string_equal(pr.v[0].decision, "continue");
	progress_free(&pr);
	run(&pr, &builtin, &L, "2026-11-10");	/* 9 days, 2 skipped */
	assert_int_equal(pr.v[0].gap, 7);
	assert_string_equal(pr.v[0].decision, "repeat");
	assert_string_equal(reason(&pr, &builtin, 0), "7 days since last time "
	    "(2 skip days not counted): repeat this step");
	progress_free(&pr);
	/* Two steps back from step 1 stays at step 1. */
	run(&pr, &builtin, &L, "2027-03-01");
	assert_int_equal(pr.v[0].step, 0);
	assert_string_equal(pr.v[0].decision, "back");
	progress_free(&pr);
	/* A skip today: a rest day, nothing due. */
	at(&L, "2026-11-04", "skip");
	run(&pr, &builtin, &L, "2026-11-04");
	assert_true(pr.v[0].rest_today);
	assert_false(pr.v[0].due);
	progress_free(&pr);
	log_free(&L);
}

/* Unlocks: clamshells at bridge step 3, hinges at clamshell step 3. */
static void
unlocks(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	at(&L, "2026-11-01", "bridge 2x10 hold=2s");
	at(&L, "2026-11-02", "bridge 2x10 hold=2s");
	at(&L, "2026-11-03", "bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2026-11-03");
	assert_false(pr.v[1].unlocked);
	assert_string_equal(reason(&pr, &builtin, 1),
	    "unlocks when bridge reaches step 3 (now step 2)");
	progress_free(&pr);
	at(&L, "2026-11-04", "bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2026-11-05");
	assert_int_equal(pr.v[0].step, 2);
	assert_true(pr.v[1].unlocked);
	assert_true(pr.v[1].due);
	assert_string_equal(pr.v[1].decision, "new");
	assert_int_equal(pr.v[1].unlock_day, day("2026-11-04"));
	assert_string_equal(reason(&pr, &builtin, 1),
	    "new: unlocked yesterday when bridge reached step 3");
	assert_false(pr.v[2].unlocked);
	progress_free(&pr);

	/* A step back does not lock it again. */
	at(&L, "2026-11-05", "bridge 3x15 hold=2s pain=7");
	run(&pr, &builtin, &L, "2026-11-06");
	assert_int_equal(pr.v[0].step, 1);
	assert_true(pr.v[1].unlocked);
	progress_free(&pr);

	/* Clamshell to step 3 unlocks hinges. */
	at(&L, "2026-11-06", "clamshell 2x10/side hold=2s");
	at(&L, "2026-11-07", "clamshell 2x10/side hold=2s");
	at(&L, "2026-11-08", "clamshell 3x15/side");
	at(&L, "2026-11-09", "clamshell 3x15/side");
	run(&pr, &builtin, &L, "2026-11-09");
	assert_int_equal(pr.v[1].step, 2);
	assert_true(pr.v[2].unlocked);
	assert_string_equal(pr.v[2].decision, "new");
	assert_int_equal(pr.v[2].step, 0);
	progress_free(&pr);
	log_free(&L);
}

/* A ladder logged before it unlocks is followed anyway. */
static void
started_early(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	at(&L, "2026-11-01", "hinge 3x10");
	run(&pr, &builtin, &L, "2026-11-02");
	assert_true(pr.v[2].unlocked);
	assert_true(pr.v[2].started);
	assert_true(pr.v[2].due);
	/* A later step's exercise meeting that step: clean. */
	assert_int_equal(pr.v[2].clean, 1);
	assert_int_equal(pr.v[2].step, 0);
	assert_false(pr.v[1].unlocked);
	assert_non_null(strstr(why(&pr, &builtin, 2),
	    "first session, before it unlocked"));
	progress_free(&pr);
	log_free(&L);
}

/* Never two exercises up on one day: the second waits a day. */
static void
one_advance_a_day(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	at(&L, "2026-11-01", "bridge 2x10 hold=2s");
	at(&L, "2026-11-02", "bridge 2x10 hold=2s");
	at(&L, "2026-11-03", "bridge 3x12 hold=2s");
	at(&L, "2026-11-04", "bridge 3x12 hold=2s");	/* clamshell unlocks */
	at(&L, "2026-11-05", "bridge 3x15 hold=2s");
	at(&L, "2026-11-05", "clamshell 2x10/side hold=2s");
	/* Both complete their count on 11-06. */
	add(&L, "2026-11-06T18:00:00+01:00 clamshell 2x10/side hold=2s");
	add(&L, "2026-11-06T19:00:00+01:00 bridge 3x15 hold=2s");
	run(&pr, &builtin, &L, "2026-11-06");
	assert_int_equal(pr.v[0].step, 3);	/* bridge, first in order */
	assert_int_equal(pr.v[1].step, 0);
	assert_string_equal(pr.v[1].decision, "wait");
	assert_string_equal(reason(&pr, &builtin, 1), "ready to move up: "
	    "waits a day, bridge moved up today");
	assert_non_null(strstr(why(&pr, &builtin, 1),
	    "ready to move up, but bridge moved up that day"));
	progress_free(&pr);
	run(&pr, &builtin, &L, "2026-11-07");
	assert_int_equal(pr.v[0].step, 3);
	assert_int_equal(pr.v[1].step, 1);
	assert_string_equal(pr.v[1].decision, "up");
	progress_free(&pr);
	log_free(&L);
}

/* With advance_after = 1, still one step a day at most. */
static void
one_step_a_day(void **state)
{
	struct program		 p;
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	custom(&p, "[rules]\nadvance_after = 1\n[a]\nstep = a 1x5\n"
	    "step = a 1x6\nstep = a 1x7\n");
	at(&L, "2026-11-01", "a 1x9");
	at(&L, "2026-11-01", "a 1x9");
	run(&pr, &p, &L, "2026-11-01");
	assert_int_equal(pr.v[0].step, 1);
	progress_free(&pr);
	at(&L, "2026-11-02", "a 1x9");
	run(&pr, &p, &L, "2026-11-02");
	assert_int_equal(pr.v[0].step, 2);
	progress_free(&pr);
	/* The top of the ladder. */
	at(&L, "2026-11-03", "a 1x9");
	run(&pr, &p, &L, "2026-11-04");
	assert_int_equal(pr.v[0].step, 2);
	assert_string_equal(pr.v[0].decision, "top");
	assert_string_equal(reason(&pr, &p, 0),
	    "top of the ladder: keep it up (1 clean session)");
	progress_free(&pr);
	log_free(&L);
	program_free(&p);
}

/* Thresholds come from [rules]. */
static void
custom_rules(void **state)
{
	struct program		 p;
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	custom(&p, "[rules]\nadvance_after = 3\nhold_pain = 2\nback_pain = 3\n"
	    "below_target = 1\nrepeat_gap = 2\nback_gap = 3\nback2_gap = 4\n"
	    "[a]\nstep = a 1x5\nstep = a 1x6\nstep = a 1x7\n");
	at(&L, "2026-11-01", "a 1x5");
	at(&L, "2026-11-02", "a 1x5");
	run(&pr, &p, &L, "2026-11-03");
	assert_int_equal(pr.v[0].step, 0);
	assert_int_equal(pr.v[0].clean, 2);
	progress_free(&pr);
	at(&L, "2026-11-03", "a 1x5 pain=2");
	run(&pr, &p, &L, "2026-11-03");
	assert_string_equal(pr.v[0].decision, "hold");
	progress_free(&pr);
	run(&pr, &p, &L, "2026-11-05");		/* 2 days: repeat */
	assert_string_equal(pr.v[0].decision, "repeat");
	progress_free(&pr);
	log_free(&L);
	program_free(&p);
}

/* A union-merged file is not sorted: the answer does not change. */
static void
unsorted(void **state)
{
	static const char *const lines[] = {
		"2026-11-01T07:00:00+01:00 bridge 2x10 hold=2s",
		"2026-11-02T07:00:00+01:00 bridge 2x10 hold=2s",
		"2026-11-03T07:00:00+01:00 bridge 3x12 hold=2s",
		"2026-11-04T07:00:00+01:00 bridge 3x10 hold=2s",
		"2026-11-04T08:00:00+01:00 skip",
		"2026-11-05T07:00:00+01:00 bridge 3x12 hold=2s pain=4",
		"2026-11-06T07:00:00+01:00 bridge 3x12 hold=2s",
		"2026-11-07T07:00:00+01:00 bridge 3x12 hold=2s",
		"2026-11-08T07:00:00+01:00 clamshell 2x10/side hold=2s",
		"2026-11-09T07:00:00+01:00 bridge 3x15 hold=2s pain=6",
	};
	static const int order[] = { 9, 0, 7, 3, 1, 8, 2, 6, 4, 5 };
	struct log		 A = { 0 }, B = { 0 };
	struct progress		 pa, pb;
	struct buf		 wa = BUF_INIT, wb = BUF_INIT;
	size_t			 i;

	(void)state;
	for (i = 0; i < 10; i++) {
		add(&A, lines[i]);
		add(&B, lines[order[i]]);
	}
	run(&pa, &builtin, &A, "2026-11-10");
	run(&pb, &builtin, &B, "2026-11-10");
	for (i = 0; i < 3; i++) {
		assert_int_equal(pa.v[i].step, pb.v[i].step);
		assert_int_equal(pa.v[i].clean, pb.v[i].clean);
		assert_int_equal(pa.v[i].below, pb.v[i].below);
		assert_string_equal(pa.v[i].decision, pb.v[i].decision);
		progress_why(&pa, &builtin, i, &wa);
		progress_why(&pb, &builtin, i, &wb);
	}
	assert_string_equal(buf_str(&wa), buf_str(&wb));
	assert_int_equal(pa.v[0].step, 1);	/* back from 3 by pain */
	assert_true(pa.v[1].unlocked);
	progress_free(&pa);
	progress_free(&pb);
	buf_free(&wa);
	buf_free(&wb);
	log_free(&A);
	log_free(&B);
}

/* Entries after today (a clock set back) are not counted. */
static void
future_entries(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	at(&L, "2026-11-01", "bridge 2x10 hold=2s");
	at(&L, "2026-11-03", "bridge 2x10 hold=2s");
	run(&pr, &builtin, &L, "2026-11-02");
	assert_int_equal(pr.v[0].step, 0);
	assert_int_equal(pr.v[0].clean, 1);
	assert_int_equal(pr.v[0].last, day("2026-11-01"));
	progress_free(&pr);
	log_free(&L);
}

/* --why shows what set the step, even when it is far back. */
static void
why_lines(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;
	const char		*w;
	int64_t			 d = day("2026-11-01");
	int			 i;

	(void)state;
	at(&L, "2026-11-01", "bridge 2x10 hold=2s");
	at(&L, "2026-11-02", "bridge 2x10 hold=2s");
	/* 20 sessions below the target every other time: no change. */
	for (i = 0; i < 20; i++)
		at(&L, date_str(d + 2 + i), i % 2 ? "bridge 3x12 hold=2s pain=4"
		    : "bridge 3x11 hold=2s");
	run(&pr, &builtin, &L, date_str(d + 22));
	w = why(&pr, &builtin, 0);
	assert_non_null(strstr(w, "2026-11-02: 2 of 2 clean sessions at "
	    "bridge 2x10 hold=2s: move up to bridge 3x12 hold=2s\n"));
	assert_non_null(strstr(w, "(12 more events)\n"));
	assert_non_null(strstr(w, "today: 1 day since last time (under 7: "
	    "no change)\n"));
	assert_non_null(strstr(w, "0 of 2 clean sessions, on different days, "
	    "to move up to bridge 3x15 hold=2s\n"));
	progress_free(&pr);
	log_free(&L);
}

/* Ten years of daily sessions of three ladders: a few milliseconds. */
static void
ten_years(void **state)
{
	static const char *const what[] = {
		"single-leg-bridge 3x12/side hold=2s",
		"side-plank-clam 3x8/side hold=3s",
		"single-leg-hinge 3x8/side pain=1", "squat 3x10",
	};
	struct log		 L = { 0 };
	struct progress		 pr;
	struct timespec		 t0, t1;
	int64_t			 d = day("2016-11-26");
	double			 ms;
	int			 i, k;

	(void)state;
	for (i = 0; i < 3653; i++)
		for (k = 0; k < 4; k++)
			at(&L, date_str(d + i), what[k]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run(&pr, &builtin, &L, "2026-11-26");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	print_message("# %zu entries in %.2f ms\n", L.n, ms);
	assert_true(ms < 500);
	assert_int_equal(pr.v[0].step, 6);
	assert_string_equal(pr.v[0].decision, "top");
	assert_int_equal(pr.v[1].step, 4);
	assert_int_equal(pr.v[2].step, 5);
	progress_free(&pr);
	log_free(&L);
}

/* The fixtures of issue 15, through the engine (the CLI has the text). */
static void
pain_fixtures(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;
	char			 d[11];
	int			 i;

	(void)state;
	/* A first session at pain 9: stop, nothing due, red flags. */
	at(&L, "2026-11-01", "bridge 2x10 hold=2s pain=9");
	run(&pr, &builtin, &L, "2026-11-02");
	assert_true(pr.paused);
	assert_int_equal(pr.pain.rules, PAIN_STOP);
	assert_false(pr.v[0].due);
	assert_int_equal(progress_pause_until(&pr, &builtin),
	    day("2026-11-04"));
	progress_free(&pr);
	/* Two pain-free days, then a third with a session: it lifts. */
	add(&L, "2026-11-02T09:00:00+01:00 pain 1");
	add(&L, "2026-11-03T20:00:00+01:00 skip pain=0");
	run(&pr, &builtin, &L, "2026-11-04");
	assert_true(pr.paused);
	assert_int_equal(pr.pain.calm, 2);
	assert_int_equal(progress_pause_until(&pr, &builtin),
	    day("2026-11-04"));
	progress_free(&pr);
	at(&L, "2026-11-04", "bridge 2x10 hold=2s");
	run(&pr, &builtin, &L, "2026-11-04");
	assert_false(pr.paused);
	assert_int_equal(pr.v[0].clean, 1);	/* that session counts */
	progress_free(&pr);
	log_free(&L);

	/* Thirty days at pain 5: paused from the fourth, never moving. */
	for (i = 0; i < 30; i++) {
		date_format(day("2026-11-01") + i, d);
		at(&L, d, "bridge 2x10 hold=2s pain=5");
		run(&pr, &builtin, &L, d);
		assert_int_equal(pr.paused, i >= 3);
		assert_int_equal(pr.v[0].step, 0);
		if (i >= 3)
			assert_true(pr.pain.rules & PAIN_PERSIST);
		progress_free(&pr);
	}
	log_free(&L);

	/* Rest-day pain counts: skips at 5 pause with no session at all. */
	at(&L, "2026-11-01", "bridge 2x10 hold=2s");
	for (i = 2; i <= 5; i++) {
		char	 line[64];

		snprintf(line, sizeof(line), "2026-11-%02dT20:00:00+01:00 "
		    "skip pain=5", i);
		add(&L, line);
	}
	run(&pr, &builtin, &L, "2026-11-05");
	assert_int_equal(pr.pain.rules, PAIN_PERSIST);
	assert_int_equal(pr.pain.high, 4);
	assert_int_equal(pr.pain.of, 5);
	assert_false(pr.v[0].due);
	progress_free(&pr);
	log_free(&L);

	/* A gap of 36 days after a clean run: two steps back, not paused. */
	at(&L, "2026-10-01", "bridge 2x10 hold=2s");
	at(&L, "2026-10-02", "bridge 2x10 hold=2s");
	at(&L, "2026-10-03", "bridge 3x12 hold=2s");
	at(&L, "2026-10-04", "bridge 3x12 hold=2s");
	at(&L, "2026-10-05", "bridge 3x15 hold=2s");
	run(&pr, &builtin, &L, "2026-11-10");
	assert_false(pr.paused);
	assert_int_equal(pr.v[0].gap, 36);
	assert_int_equal(pr.v[0].step, 0);
	assert_string_equal(pr.v[0].decision, "back");
	assert_true(pr.v[0].due);
	progress_free(&pr);
	log_free(&L);
}

/* Drop the entries from n on. */
static void
log_truncate(struct log *L, size_t n)
{
	while (L->n > n)
		free(L->mem[--L->n]);
}

/* Reach step 2 of the bridge (bridge 3x12 hold=2s) on 11-01 and 11-02. */
static void
to_step2(struct log *L)
{
	at(L, "2026-11-01", "bridge 2x10 hold=2s");
	at(L, "2026-11-02", "bridge 2x10 hold=2s");
}

/* A clinician's hold: no step back for sessions below, no step up. */
static void
directive_hold(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	to_step2(&L);
	add(&L, "2026-11-03T06:00:00+01:00 hold bridge until=2026-11-10 "
	    "# physio: stay here");
	at(&L, "2026-11-03", "bridge 2x10 hold=2s");	/* below, x4 */
	at(&L, "2026-11-04", "bridge 2x10 hold=2s");
	at(&L, "2026-11-05", "bridge 2x10 hold=2s");
	at(&L, "2026-11-06", "bridge 2x10 hold=2s");
	at(&L, "2026-11-07", "bridge 3x12 hold=2s");	/* clean, x2 */
	at(&L, "2026-11-08", "bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2026-11-09");
	assert_int_equal(pr.v[0].step, 1);
	assert_int_equal(pr.v[0].clean, 0);
	assert_int_equal(pr.v[0].below, 0);
	assert_true(pr.v[0].due);
	assert_string_equal(pr.v[0].decision, "clinician-hold");
	assert_int_equal(pr.v[0].directive.kind, DIR_HOLD);
	assert_string_equal(reason(&pr, &builtin, 0), "held at this step by "
	    "your clinician's instruction since 2026-11-03, until "
	    "2026-11-10: sessions below target do not count against it");
	assert_non_null(strstr(why(&pr, &builtin, 0), "yesterday: bridge "
	    "3x12 hold=2s: clean, not counted: held at this step by your "
	    "clinician's instruction\n"));
	assert_non_null(strstr(why(&pr, &builtin, 0), "(physio: stay here)"));
	progress_free(&pr);
	/* The last day of the hold is held; the day after is not. */
	at(&L, "2026-11-10", "bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2026-11-10");
	assert_string_equal(pr.v[0].decision, "clinician-hold");
	assert_int_equal(pr.v[0].clean, 0);
	progress_free(&pr);
	at(&L, "2026-11-11", "bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2026-11-11");
	assert_int_equal(pr.v[0].directive.kind, DIR_NONE);
	assert_int_equal(pr.v[0].clean, 1);
	assert_string_equal(pr.v[0].decision, "continue");
	progress_free(&pr);
	at(&L, "2026-11-12", "bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2026-11-12");
	assert_int_equal(pr.v[0].step, 2);
	progress_free(&pr);
	log_free(&L);

	/* Without an end, until a resume; pain still steps back. */
	to_step2(&L);
	add(&L, "2026-11-03T06:00:00+01:00 hold bridge");
	at(&L, "2026-11-03", "bridge 3x12 hold=2s");
	at(&L, "2026-11-04", "bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2027-03-01");
	assert_string_equal(pr.v[0].decision, "clinician-hold");
	assert_non_null(strstr(reason(&pr, &builtin, 0), "until you resume"));
	progress_free(&pr);
	add(&L, "2026-11-05T06:00:00+01:00 resume bridge");
	at(&L, "2026-11-05", "bridge 3x12 hold=2s");
	at(&L, "2026-11-06", "bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2026-11-06");
	assert_int_equal(pr.v[0].directive.kind, DIR_NONE);
	assert_int_equal(pr.v[0].step, 2);
	progress_free(&pr);
	add(&L, "2026-11-07T06:00:00+01:00 hold bridge");
	at(&L, "2026-11-07", "bridge 3x15 hold=2s pain=6");
	run(&pr, &builtin, &L, "2026-11-08");
	assert_int_equal(pr.v[0].step, 1);
	assert_string_equal(pr.v[0].decision, "back");
	progress_free(&pr);
	log_free(&L);
}

/* The pain rules written out plainly, to check the engine against. */
static bool
naive_paused(const int *pain, int64_t first, int64_t d,
    const struct rules *r)
{
	int64_t	 k, s = -1;
	int	 calm = 0, n = 0, high = 0, red = 0;
	long	 s7 = 0, n7 = 0, s28 = 0, n28 = 0;

	for (k = first; k <= d; k++)
		if (pain[k - first] >= r->stop_pain)
			s = k;
	if (s != -1) {
		for (k = s + 1; k <= d && calm < r->calm_days; k++)
			if (pain[k - first] >= 0)
				calm = pain[k - first] <= r->calm_pain ?
				    calm + 1 : 0;
		if (calm < r->calm_days)
			return true;
	}
	for (k = d; k >= first && k > d - r->persist_window &&
	    n < r->persist_of; k--)
		if (pain[k - first] >= 0) {
			n++;
			high += pain[k - first] >= r->hold_pain;
		}
	if (high >= r->persist_days)
		return true;
	for (k = d; k >= first && k > d - r->pain_window; k--)
		red += pain[k - first] >= r->back_pain;
	if (red >= 2)
		return true;
	for (k = d; k >= first && k > d - 35; k--) {
		if (pain[k - first] < 0)
			continue;
		if (k > d - 7) {
			s7 += pain[k - first];
			n7++;
		} else {
			s28 += pain[k - first];
			n28++;
		}
	}
	return n7 >= 2 && n28 >= 2 &&
	    s7 * n28 >= s28 * n7 + (long)r->pain_rise * n7 * n28;
}

/*
 * On random logs: no ladder ever moves up on a day when a pain rule has
 * paused it, and the engine's pause is the plain reading of the rules.
 */
static void
never_up_while_paused(void **state)
{
	static const char *const kinds[] = {
		"bridge 2x10 hold=2s", "bridge 3x12 hold=2s",
		"bridge 3x15 hold=2s", "banded-bridge 3x12 hold=2s band=light",
		"clamshell 2x10/side hold=2s", "clamshell 3x15/side",
		"wall-hinge 2x8", "hinge 3x10", "bridge 1x5",
	};
	static const char *const ladders[] = { "bridge", "clamshell",
	    "hinge" };
	enum { DAYS = 90 };
	struct log		 L = { 0 };
	struct progress		 pr;
	const struct event	*ev;
	int64_t			 first = day("2026-09-01"), d;
	int			 pain[DAYS], round, i, p, ups = 0, paused = 0;
	int			 sets_up = 0;
	unsigned		 seed = 2026, k, r;
	char			 date[11], line[160];
	size_t			 li;

	(void)state;
	for (round = 0; round < 12; round++) {
		for (i = 0; i < DAYS; i++) {
			pain[i] = -1;
			date_format(first + i, date);
			seed = seed * 1103515245u + 12345u;
			r = (seed >> 16) % 10;
			seed = seed * 1103515245u + 12345u;
			p = (int)((seed >> 16) % 11);
			if ((seed >> 4) % 5 != 0)
				p %= 4;		/* mostly mild */
			if (r < 5) {
				k = (seed >> 8) % (sizeof(kinds) /
				    sizeof(kinds[0]));
				snprintf(line, sizeof(line), "%sT07:00:00+01:00 "
				    "%s pain=%d", date, kinds[k], p);
			} else if (r == 5)
				snprintf(line, sizeof(line), "%sT21:00:00+01:00 "
				    "skip pain=%d", date, p);
			else if (r == 6)
				snprintf(line, sizeof(line), "%sT12:00:00+01:00 "
				    "pain %d", date, p);
			else if (r == 7)
				snprintf(line, sizeof(line), "%sT21:00:00+01:00 "
				    "skip", date);
			else if (r == 8) {
				/* A clinician's instruction: no pain record. */
				k = (seed >> 8) % 3;
				if ((seed >> 12) % 3 != 0)
					snprintf(line, sizeof(line), "%sT06:00:00"
					    "+01:00 set %s %u", date, ladders[k],
					    1 + (seed >> 14) % 7);
				else
					snprintf(line, sizeof(line), "%sT06:00:00"
					    "+01:00 hold %s", date, ladders[k]);
			} else
				continue;
			add(&L, line);
			if (r != 7 && r != 8)
				pain[i] = p;
		}
		for (d = first; d < first + DAYS; d++) {
			progress_run(&pr, &builtin, L.v, L.n, d);
			assert_int_equal(pr.paused, naive_paused(pain, first, d,
			    &builtin.rules));
			paused += pr.paused;
			for (li = 0; li < pr.n; li++) {
				/* Nothing due, whatever an instruction. */
				if (pr.paused && pr.v[li].due)
					fail_msg("%s due on %s while paused",
					    builtin.v[li].id, date_str(d));
				for (k = 0; k < pr.v[li].nev &&
				    k < PROGRESS_RING; k++) {
					ev = &pr.v[li].ring[k];
					if (ev->day != d || !(ev->kind == EV_UP ||
					    (ev->kind == EV_SET &&
					    ev->step > ev->from)))
						continue;
					ups++;
					sets_up += ev->kind == EV_SET;
					if (pr.paused)
						fail_msg("%s moved up on %s "
						    "while paused%s",
						    builtin.v[li].id,
						    date_str(d),
						    ev->kind == EV_SET ?
						    " (a set)" : "");
				}
			}
			progress_free(&pr);
		}
		log_free(&L);
	}
	/* Not vacuous: both happen. */
	print_message("%d moves up (%d by a set), %d paused days\n", ups,
	    sets_up, paused);
	assert_true(ups > 10);
	assert_true(sets_up > 3);
	assert_true(paused > 50);
}

/* A clinician's pause: not due, and its days are not time away. */
static void
directive_pause(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	to_step2(&L);
	at(&L, "2026-11-03", "bridge 3x12 hold=2s");
	add(&L, "2026-11-04T09:00:00+01:00 pause bridge until=2026-11-20");
	run(&pr, &builtin, &L, "2026-11-04");
	assert_false(pr.v[0].due);
	assert_string_equal(pr.v[0].decision, "clinician-pause");
	progress_free(&pr);
	run(&pr, &builtin, &L, "2026-11-20");
	assert_false(pr.v[0].due);
	assert_string_equal(reason(&pr, &builtin, 0), "paused by your "
	    "clinician's instruction since 2026-11-04, until today: not due, "
	    "and these days do not count as time away");
	progress_free(&pr);
	/* 11-04 to 11-20 not counted: 11-21 is 1 day after 11-03. */
	run(&pr, &builtin, &L, "2026-11-21");
	assert_true(pr.v[0].due);
	assert_int_equal(pr.v[0].gap, 1);
	assert_int_equal(pr.v[0].gap_paused, 17);
	assert_int_equal(pr.v[0].step, 1);
	assert_int_equal(pr.v[0].clean, 1);
	progress_free(&pr);
	/* The session after it counts (no gap step back). */
	at(&L, "2026-11-21", "bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2026-11-21");
	assert_int_equal(pr.v[0].step, 2);
	progress_free(&pr);
	/* Without the pause, 18 days away: one step back. */
	log_truncate(&L, L.n - 2);
	at(&L, "2026-11-21", "bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2026-11-21");
	assert_int_equal(pr.v[0].step, 0);
	progress_free(&pr);
	log_free(&L);

	/* pause all, and resume of one ladder. */
	to_step2(&L);
	add(&L, "2026-11-03T09:00:00+01:00 pause all until=2026-11-30");
	add(&L, "2026-11-05T09:00:00+01:00 resume bridge");
	run(&pr, &builtin, &L, "2026-11-04");
	assert_false(pr.v[0].due);
	progress_free(&pr);
	run(&pr, &builtin, &L, "2026-11-05");
	assert_true(pr.v[0].due);
	assert_int_equal(pr.v[0].directive.kind, DIR_NONE);
	assert_int_equal(pr.v[2].directive.kind, DIR_PAUSE);
	progress_free(&pr);
	log_free(&L);
}

/* A clinician's set: the step chosen, which may unlock the next ladder. */
static void
directive_set(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	to_step2(&L);
	at(&L, "2026-11-03", "bridge 3x12 hold=2s");
	add(&L, "2026-11-04T09:00:00+01:00 set bridge 4 # from the clinic");
	run(&pr, &builtin, &L, "2026-11-04");
	assert_int_equal(pr.v[0].step, 3);
	assert_int_equal(pr.v[0].clean, 0);
	assert_string_equal(pr.v[0].decision, "set");
	assert_true(pr.v[1].unlocked);	/* clamshell: bridge:3 */
	assert_string_equal(reason(&pr, &builtin, 0), "set to step 4 by your "
	    "clinician's instruction today");
	assert_non_null(strstr(why(&pr, &builtin, 0), "today: your "
	    "clinician's instruction: step 4, banded-bridge 3x12 hold=2s "
	    "(from the clinic)\n"));
	progress_free(&pr);
	/* Time away counts from the set, not from the last session. */
	run(&pr, &builtin, &L, "2026-11-14");
	assert_int_equal(pr.v[0].gap, 10);
	assert_int_equal(pr.v[0].step, 3);
	assert_string_equal(pr.v[0].decision, "repeat");
	progress_free(&pr);
	/* Back to step 1; past the top, the top. */
	add(&L, "2026-11-05T09:00:00+01:00 set bridge 1");
	run(&pr, &builtin, &L, "2026-11-05");
	assert_int_equal(pr.v[0].step, 0);
	progress_free(&pr);
	add(&L, "2026-11-06T09:00:00+01:00 set bridge 12");
	run(&pr, &builtin, &L, "2026-11-06");
	assert_int_equal(pr.v[0].step, 6);
	progress_free(&pr);
	log_free(&L);

	/* On its day, a set comes after the sessions written before it. */
	to_step2(&L);
	at(&L, "2026-11-03", "bridge 3x12 hold=2s");
	at(&L, "2026-11-04", "bridge 3x12 hold=2s");	/* 2 of 2: up */
	add(&L, "2026-11-04T09:00:00+01:00 set bridge 2");
	run(&pr, &builtin, &L, "2026-11-04");
	assert_int_equal(pr.v[0].step, 1);
	assert_int_equal(pr.v[0].clean, 0);
	assert_int_equal(pr.v[0].below, 0);
	assert_string_equal(pr.v[0].decision, "set");
	progress_free(&pr);
	/* And before those written after it. */
	add(&L, "2026-11-05T06:00:00+01:00 set bridge 4");
	at(&L, "2026-11-05", "banded-bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2026-11-05");
	assert_int_equal(pr.v[0].step, 3);
	assert_int_equal(pr.v[0].clean, 1);
	progress_free(&pr);
	log_free(&L);

	to_step2(&L);
	add(&L, "2026-11-06T09:00:00+01:00 set bridge 12");
	/* An unknown ladder is ignored (hips check reports it). */
	add(&L, "2026-11-07T09:00:00+01:00 set squat 2");
	add(&L, "2026-11-07T09:00:00+01:00 hold squat");
	run(&pr, &builtin, &L, "2026-11-07");
	assert_int_equal(pr.v[0].step, 6);
	progress_free(&pr);
	log_free(&L);
}

/* rpe 8 or more: the target is met, but the session is not clean. */
static void
hard_sessions(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	to_step2(&L);
	at(&L, "2026-11-03", "bridge 3x12 hold=2s rpe=7");
	run(&pr, &builtin, &L, "2026-11-03");
	assert_int_equal(pr.v[0].clean, 1);
	progress_free(&pr);
	at(&L, "2026-11-04", "bridge 3x12 hold=2s rpe=8");
	run(&pr, &builtin, &L, "2026-11-05");
	assert_int_equal(pr.v[0].step, 1);
	assert_int_equal(pr.v[0].clean, 0);
	assert_int_equal(pr.v[0].below, 0);
	assert_string_equal(reason(&pr, &builtin, 0), "rpe 8 last time (8 or "
	    "more): not clean, move up once it feels easier");
	progress_free(&pr);
	/* Hard sessions are not below the target: no step back. */
	at(&L, "2026-11-05", "bridge 3x12 hold=2s rpe=9");
	at(&L, "2026-11-06", "bridge 3x12 hold=2s rpe=10");
	run(&pr, &builtin, &L, "2026-11-07");
	assert_int_equal(pr.v[0].step, 1);
	progress_free(&pr);
	log_free(&L);
}

/* freq=3/week: due with a day between, at most 3 in 7 days. */
static void
days_a_week(void **state)
{
	static const struct {
		const char	*today;
		bool		 due;
	} cases[] = {
		{ "2026-11-02", true },		/* Mon: done Mon */
		{ "2026-11-03", false },	/* done yesterday */
		{ "2026-11-04", true },		/* Wed: done Wed */
		{ "2026-11-06", true },		/* Fri: done Fri */
		{ "2026-11-07", false },	/* done yesterday */
		{ "2026-11-08", false },	/* 3 in the 6 days before */
		{ "2026-11-09", true },		/* Mon: 2 in Tue..Sun */
	};
	struct program		 p;
	struct log		 L = { 0 };
	struct progress		 pr;
	size_t			 i;

	(void)state;
	custom(&p, "[a]\nstep = a 3x10 freq=3/week\n"
	    "[b]\nstep = b 3x10 freq=4/week\n");
	at(&L, "2026-11-02", "a 3x10");
	at(&L, "2026-11-04", "a 3x10");
	at(&L, "2026-11-06", "a 3x10");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* Sessions up to the day before. */
		struct log	 M = L;
		size_t		 k;

		M.n = 0;
		for (k = 0; k < L.n; k++)
			if (L.v[k].day < day(cases[i].today))
				M.n = k + 1;
		run(&pr, &p, &M, cases[i].today);
		if (pr.v[0].due != cases[i].due)
			fail_msg("%s: due %d", cases[i].today, pr.v[0].due);
		assert_int_equal(pr.v[0].freq_rest, !cases[i].due);
		progress_free(&pr);
	}
	/* 4 a week: yesterday does not matter, 4 in 6 days does. */
	at(&L, "2026-11-02", "b 3x10");
	at(&L, "2026-11-03", "b 3x10");
	at(&L, "2026-11-04", "b 3x10");
	run(&pr, &p, &L, "2026-11-05");
	assert_true(pr.v[1].due);
	progress_free(&pr);
	at(&L, "2026-11-05", "b 3x10");
	run(&pr, &p, &L, "2026-11-06");
	assert_false(pr.v[1].due);
	assert_true(pr.v[1].freq_rest);
	assert_int_equal(pr.v[1].week_sessions, 4);
	progress_free(&pr);
	log_free(&L);
	program_free(&p);
}

/* After return_gap days away, the ladders come back one at a time. */
static void
return_one_at_a_time(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;
	size_t			 mark;

	(void)state;
	at(&L, "2026-09-01", "bridge 3x15 hold=2s");
	at(&L, "2026-09-02", "bridge 3x15 hold=2s");
	at(&L, "2026-09-03", "bridge 3x15 hold=2s");
	at(&L, "2026-09-04", "bridge 3x15 hold=2s");	/* clamshell unlocks */
	at(&L, "2026-09-04", "clamshell 3x15/side");
	mark = L.n;
	/* 27 days away: no return. */
	run(&pr, &builtin, &L, "2026-10-01");
	assert_int_equal(pr.return_day, PROGRESS_NEVER);
	assert_true(pr.v[1].due);
	progress_free(&pr);
	/* 28: the first ladder only. */
	run(&pr, &builtin, &L, "2026-10-02");
	assert_int_equal(pr.return_day, day("2026-10-02"));
	assert_int_equal(pr.return_gap, 28);
	assert_true(pr.v[0].due);
	assert_false(pr.v[1].due);
	assert_true(pr.v[1].returning);
	assert_int_equal(pr.v[1].ret_wait, 0);
	progress_free(&pr);
	at(&L, "2026-10-02", "bridge 3x12 hold=2s");
	at(&L, "2026-10-03", "bridge 3x12 hold=2s pain=4");	/* not clean */
	at(&L, "2026-10-04", "bridge 3x12 hold=2s");
	run(&pr, &builtin, &L, "2026-10-04");
	assert_false(pr.v[1].due);
	assert_int_equal(pr.v[0].ret_clean, 2);
	progress_free(&pr);
	/* The day after the second clean session, the next one is due. */
	run(&pr, &builtin, &L, "2026-10-05");
	assert_true(pr.v[1].due);
	assert_false(pr.v[1].returning);
	progress_free(&pr);
	/* Skip days are not time away. */
	log_truncate(&L, mark);
	at(&L, "2026-09-20", "skip");
	run(&pr, &builtin, &L, "2026-10-02");
	assert_int_equal(pr.return_day, PROGRESS_NEVER);
	progress_free(&pr);
	log_free(&L);
}

/*
 * Paused by pain, nothing is due whatever a clinician's instruction says,
 * and a set that would move a ladder up waits for the pause to lift; a
 * set down applies at once.
 */
static void
pain_and_directives(void **state)
{
	struct log		 L = { 0 };
	struct progress		 pr;

	(void)state;
	to_step2(&L);
	add(&L, "2026-11-03T08:00:00+01:00 pain 9");
	add(&L, "2026-11-04T06:00:00+01:00 hold bridge until=2026-11-20");
	add(&L, "2026-11-04T09:00:00+01:00 set bridge 4 # from the clinic");
	run(&pr, &builtin, &L, "2026-11-04");
	assert_true(pr.paused);
	assert_int_equal(pr.pain.rules, PAIN_STOP);
	assert_int_equal(pr.v[0].step, 1);	/* the set waits */
	assert_false(pr.v[0].due);
	assert_int_equal(pr.v[0].directive.kind, DIR_HOLD);
	progress_free(&pr);
	/* Three pain-free days: the pause lifts, then the set applies. */
	add(&L, "2026-11-04T20:00:00+01:00 pain 0");
	add(&L, "2026-11-05T20:00:00+01:00 pain 1");
	run(&pr, &builtin, &L, "2026-11-05");
	assert_true(pr.paused);
	assert_int_equal(pr.v[0].step, 1);
	progress_free(&pr);
	add(&L, "2026-11-06T20:00:00+01:00 pain 0");
	run(&pr, &builtin, &L, "2026-11-06");
	assert_false(pr.paused);
	assert_int_equal(pr.v[0].step, 3);
	assert_string_equal(pr.v[0].decision, "clinician-hold");
	assert_true(pr.v[0].due);
	assert_true(pr.v[1].unlocked);	/* clamshell: bridge:3 */
	progress_free(&pr);
	log_free(&L);

	/* A set down on a paused day applies at once. */
	to_step2(&L);
	add(&L, "2026-11-03T08:00:00+01:00 pain 9");
	add(&L, "2026-11-04T09:00:00+01:00 set bridge 1");
	run(&pr, &builtin, &L, "2026-11-04");
	assert_true(pr.paused);
	assert_int_equal(pr.v[0].step, 0);
	assert_false(pr.v[0].due);
	progress_free(&pr);
	log_free(&L);

	/* An instruction is not a pain record: lines alone do not pause. */
	at(&L, "2026-11-01", "bridge 2x10 hold=2s pain=5");
	at(&L, "2026-11-02", "bridge 2x10 hold=2s pain=5");
	at(&L, "2026-11-03", "bridge 2x10 hold=2s pain=5");
	add(&L, "2026-11-04T06:00:00+01:00 hold bridge");
	add(&L, "2026-11-04T06:00:00+01:00 resume bridge");
	add(&L, "2026-11-04T06:00:00+01:00 set bridge 1");
	run(&pr, &builtin, &L, "2026-11-04");
	assert_false(pr.paused);
	assert_int_equal(pr.pain.last, day("2026-11-03"));
	progress_free(&pr);
	log_free(&L);
}

/* A small deterministic generator for the property test. */
static unsigned
rnd(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

/*
 * Property, on random logs with random instructions: no ladder moves up
 * on a day a clinician's hold or pause is in force for it (a set aside),
 * and sessions below target never step a held ladder back.
 */
static void
directive_property(void **state)
{
	static const char *const doses[] = {
		"bridge 2x10 hold=2s", "bridge 3x12 hold=2s", "bridge 1x5",
		"bridge 3x15 hold=2s pain=5", "banded-bridge 3x12 hold=2s",
		"clamshell 3x15/side hold=2s", "clamshell 1x5/side",
		"wall-hinge 3x10", "hinge 3x12", "bridge 3x12 hold=2s rpe=9",
	};
	static const char *const ids[] = { "bridge", "clamshell", "hinge",
	    "all" };
	struct log		 L;
	struct progress		 a, b;
	struct directives	 dirs;
	struct dstate		 st;
	char			 line[160], date[11], until[11];
	unsigned		 seed, r = 0;
	int64_t			 d0 = day("2026-09-01"), d;
	size_t			 i, k;
	int			 checked = 0;

	(void)state;
	for (seed = 1; seed <= 40; seed++) {
		memset(&L, 0, sizeof(L));
		r = seed;
		for (d = d0; d < d0 + 40; d++) {
			date_format(d, date);
			if (rnd(&r) % 5 == 0) {
				k = rnd(&r) % 4;
				date_format(d + rnd(&r) % 10, until);
				switch (rnd(&r) % 3) {
				case 0:
					snprintf(line, sizeof(line), "%sT06:00:00"
					    "+01:00 %s %s until=%s", date,
					    k == 3 ? "pause" : "hold", ids[k],
					    until);
					break;
				case 1:
					snprintf(line, sizeof(line), "%sT06:00:00"
					    "+01:00 pause %s until=%s", date,
					    ids[k], until);
					break;
				default:
					snprintf(line, sizeof(line), "%sT06:00:00"
					    "+01:00 resume %s", date, ids[k]);
					break;
				}
				add(&L, line);
			}
			for (k = rnd(&r) % 3; k > 0; k--)
				at(&L, date, doses[rnd(&r) % 10]);
		}
		directives_gather(&dirs, L.v, L.n, d0 + 40);
		for (d = d0 + 1; d < d0 + 40; d++) {
			progress_run(&a, &builtin, L.v, L.n, d - 1);
			progress_run(&b, &builtin, L.v, L.n, d);
			for (i = 0; i < builtin.n; i++) {
				directives_at(&dirs, builtin.v[i].id, d, &st);
				if (st.kind == DIR_NONE)
					continue;
				checked++;
				if (b.v[i].step > a.v[i].step)
					fail_msg("seed %u, %s: %s moved up "
					    "under a %s", seed, date_str(d),
					    builtin.v[i].id,
					    directive_name(st.kind));
			}
			progress_free(&a);
			progress_free(&b);
		}
		directives_free(&dirs);
		log_free(&L);
	}
	assert_true(checked > 100);
}

/* A per-side step, for the tests of left and right. */
static const char sides_ini[] =
	"[rules]\nadvance_after = 2\n"
	"[clam]\nstep = clamshell 2x10/side hold=2s\n"
	"step = clamshell 3x15/side\n"
	"[bridge]\nstep = bridge 2x10\nstep = bridge 3x10\n"
	"tip = Feel it in your hamstrings? Move your feet closer to your "
	"body.\n";

/* The verdict on the session of ladder li on date. */
static const struct event *
verdict(const struct progress *pr, size_t li, const char *date)
{
	const struct event	*ev, *up;

	if (progress_session(pr, li, day(date), &ev, &up) == -1)
		fail_msg("no session on %s", date);
	return ev;
}

/*
 * Left and right of one exercise on one day are one session, clean only
 * when both sides meet the step; a per-side step wants /side or side=.
 */
static void
sides_session(void **state)
{
	static const struct {
		const char	*e[3];
		bool		 clean;
		int		 why, side;
	} cases[] = {
		{ { "clamshell 2x10/side hold=2s" }, true, 0, 0 },
		{ { "clamshell 2x10 hold=2s" }, false, WHY_NO_SIDE,
		    SIDE_NONE },
		{ { "clamshell 3x10 hold=2s" }, false, WHY_NO_SIDE,
		    SIDE_NONE },
		{ { "clamshell 2x10 hold=2s side=left",
		    "clamshell 2x10 hold=2s side=right" }, true, 0, 0 },
		{ { "clamshell 2x10/side hold=2s side=right",
		    "clamshell 10,10 hold=3s side=left" }, true, 0, 0 },
		{ { "clamshell 2x4 hold=2s side=left",
		    "clamshell 2x10 hold=2s side=right" }, false,
		    WHY_SIDE_SHORT, SIDE_LEFT },
		{ { "clamshell 2x10 hold=2s side=left",
		    "clamshell 2x10 side=right" }, false, WHY_SIDE_SHORT,
		    SIDE_RIGHT },
		{ { "clamshell 2x10 hold=2s side=left" }, false, WHY_ONE_SIDE,
		    SIDE_RIGHT },
		{ { "clamshell 2x10 hold=2s side=right" }, false, WHY_ONE_SIDE,
		    SIDE_LEFT },
		/* Set by set, side by side. */
		{ { "clamshell 1x10 hold=2s side=left",
		    "clamshell 1x10 hold=2s side=left",
		    "clamshell 2x10 hold=2s side=right" }, true, 0, 0 },
		{ { "clamshell 1x10 hold=2s side=left",
		    "clamshell 1x10 hold=2s side=right",
		    "clamshell 2x10 hold=2s side=right" }, false,
		    WHY_SIDE_SHORT, SIDE_LEFT },
		/* Both legs in one dose besides one side: the dose counts. */
		{ { "clamshell 2x10/side hold=2s",
		    "clamshell 1x3 side=left" }, true, 0, 0 },
		/* A step harder than the target, on both sides. */
		{ { "clamshell 3x15 hold=2s side=left",
		    "clamshell 3x15 hold=2s side=right" }, true, 0, 0 },
	};
	struct program		 p;
	struct log		 L;
	struct progress		 pr;
	const struct event	*ev;
	size_t			 i, k;

	(void)state;
	custom(&p, sides_ini);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&L, 0, sizeof(L));
		for (k = 0; k < 3 && cases[i].e[k] != NULL; k++)
			at(&L, "2026-11-03", cases[i].e[k]);
		run(&pr, &p, &L, "2026-11-03");
		ev = verdict(&pr, 0, "2026-11-03");
		if ((ev->kind == EV_CLEAN) != cases[i].clean)
			fail_msg("case %zu (%s): kind %d", i, cases[i].e[0],
			    ev->kind);
		if (!cases[i].clean && (ev->why != cases[i].why ||
		    ev->side != cases[i].side))
			fail_msg("case %zu (%s): why %d side %d", i,
			    cases[i].e[0], ev->why, ev->side);
		progress_free(&pr);
		log_free(&L);
	}

	/* The log: the left side far behind never moves up. */
	memset(&L, 0, sizeof(L));
	at(&L, "2026-11-01", "clamshell 2x4 hold=2s side=left");
	at(&L, "2026-11-01", "clamshell 2x10 hold=2s side=right");
	at(&L, "2026-11-02", "clamshell 2x4 hold=2s side=left");
	at(&L, "2026-11-02", "clamshell 2x10 hold=2s side=right");
	run(&pr, &p, &L, "2026-11-03");
	assert_int_equal(pr.v[0].step, 0);
	assert_int_equal(pr.v[0].below, 2);
	assert_non_null(strstr(why(&pr, &p, 0), "(left side: a set of 4;"));
	progress_free(&pr);
	/* Both sides at the target: clean on each of two days, up. */
	at(&L, "2026-11-03", "clamshell 2x10 hold=2s side=left");
	at(&L, "2026-11-03", "clamshell 2x10 hold=2s side=right");
	at(&L, "2026-11-04", "clamshell 2x10/side hold=2s");
	run(&pr, &p, &L, "2026-11-04");
	assert_int_equal(pr.v[0].step, 1);
	progress_free(&pr);
	log_free(&L);

	/* A step without sides: side= entries still need both sides. */
	at(&L, "2026-11-01", "bridge 2x10 side=left");
	at(&L, "2026-11-02", "bridge 2x10");
	run(&pr, &p, &L, "2026-11-02");
	assert_int_equal(verdict(&pr, 1, "2026-11-01")->kind, EV_BELOW);
	assert_int_equal(verdict(&pr, 1, "2026-11-02")->kind, EV_CLEAN);
	progress_free(&pr);
	log_free(&L);
	program_free(&p);
}

/* Swap left and right in an entry line (a copy in out). */
static void
mirror(const char *in, char *out, size_t n)
{
	const char	*l = strstr(in, "side=left"), *r = strstr(in,
			    "side=right");

	if (l != NULL)
		snprintf(out, n, "%.*sside=right%s", (int)(l - in), in,
		    l + 9);
	else if (r != NULL)
		snprintf(out, n, "%.*sside=left%s", (int)(r - in), in, r + 10);
	else
		snprintf(out, n, "%s", in);
}

/*
 * Property, on random logs of sides: the verdicts do not depend on which
 * side is which; a day with one side only is never clean; adding the
 * target for both sides makes any day clean.
 */
static void
sides_property(void **state)
{
	static const char *const doses[] = {
		"clamshell 2x10 hold=2s side=left",
		"clamshell 2x10 hold=2s side=right",
		"clamshell 1x10 hold=2s side=left",
		"clamshell 1x10 hold=2s side=right",
		"clamshell 2x6 hold=2s side=left",
		"clamshell 2x12 side=right",
		"clamshell 2x10 hold=2s",
		"clamshell 2x10/side hold=2s",
		"clamshell 3x15 hold=2s side=right",
		"clamshell 2x10 hold=2s pain=5 side=left",
	};
	struct program		 p;
	struct log		 L, M;
	struct progress		 a, b;
	const struct event	*ea, *eb, *up;
	char			 line[160], date[11], m[160];
	int64_t			 d0 = day("2026-09-01"), d;
	unsigned		 seed, r;
	size_t			 k, ne, i;
	bool			 left, right, plain;
	int			 checked = 0;

	(void)state;
	custom(&p, sides_ini);
	for (seed = 1; seed <= 60; seed++) {
		memset(&L, 0, sizeof(L));
		memset(&M, 0, sizeof(M));
		r = seed;
		for (d = d0; d < d0 + 30; d++) {
			date_format(d, date);
			ne = rnd(&r) % 4;
			for (k = 0; k < ne; k++) {
				snprintf(line, sizeof(line), "%sT07:%02zu:00"
				    "+01:00 %s", date, k, doses[rnd(&r) %
				    (sizeof(doses) / sizeof(doses[0]))]);
				add(&L, line);
				mirror(line, m, sizeof(m));
				add(&M, m);
			}
		}
		progress_run(&a, &p, L.v, L.n, d0 + 30);
		progress_run(&b, &p, M.v, M.n, d0 + 30);
		assert_int_equal(a.v[0].step, b.v[0].step);
		assert_int_equal(a.v[0].clean, b.v[0].clean);
		assert_int_equal(a.v[0].below, b.v[0].below);
		for (d = d0 + 30 - PROGRESS_RING / 2; d < d0 + 30; d++) {
			if (progress_session(&a, 0, d, &ea, &up) == -1)
				continue;
			assert_int_equal(progress_session(&b, 0, d, &eb, &up),
			    0);
			assert_int_equal(ea->kind, eb->kind);
			/* (Both sides short: the left one is named.) */
			assert_int_equal(ea->why, eb->why);
			if (ea->why == WHY_ONE_SIDE)
				assert_int_equal(ea->side, eb->side ==
				    SIDE_LEFT ? SIDE_RIGHT : SIDE_LEFT);
			left = right = plain = false;
			for (i = 0; i < L.n; i++)
				if (L.v[i].day == d) {
					left |= L.v[i].side == SIDE_LEFT;
					right |= L.v[i].side == SIDE_RIGHT;
					plain |= L.v[i].side == SIDE_NONE;
				}
			if (!plain && left != right) {
				assert_int_not_equal(ea->kind, EV_TOP);
				if ((ea->kind == EV_BELOW || ea->kind ==
				    EV_BACK_BELOW) && ea->why != WHY_ONE_SIDE)
					fail_msg("seed %u day %s: why %d kind "
					    "%d", seed, date_str(d), ea->why,
					    ea->kind);
				assert_int_not_equal(ea->kind, EV_CLEAN);
				checked++;
			}
		}
		progress_free(&a);
		progress_free(&b);
		/* The target on both sides on the last day: clean. */
		date_format(d0 + 30, date);
		snprintf(line, sizeof(line), "%sT21:00:00+01:00 clamshell 3x15"
		    " hold=2s side=left", date);
		add(&L, line);
		snprintf(line, sizeof(line), "%sT21:01:00+01:00 clamshell 3x15"
		    " hold=2s side=right", date);
		add(&L, line);
		progress_run(&a, &p, L.v, L.n, d0 + 30);
		ea = verdict(&a, 0, date);
		/* (Or pain: this day's, or the pause of earlier days.) */
		if (ea->kind != EV_CLEAN && ea->kind != EV_TOP &&
		    ea->kind != EV_HOLD_PAIN && ea->kind != EV_BACK_PAIN &&
		    ea->kind != EV_PAUSED)
			fail_msg("seed %u: kind %d", seed, ea->kind);
		progress_free(&a);
		log_free(&L);
		log_free(&M);
	}
	assert_true(checked > 10);
	program_free(&p);
}

/* A lasting asymmetry: the window, the days, the span, the threshold. */
static void
sides_asymmetry(void **state)
{
	static const struct {
		const char	*days[4];
		const char	*right;
		int		 weaker, pct;
	} cases[] = {
		/* 3 days, 8 apart, right 30% behind. */
		{ { "2026-11-20", "2026-11-24", "2026-11-28" }, "2x7",
		    SIDE_RIGHT, 30 },
		/* Exactly 20% and 7 days apart: lasting. */
		{ { "2026-11-21", "2026-11-24", "2026-11-28" }, "2x8",
		    SIDE_RIGHT, 20 },
		/* 19%: under the threshold (2x10 against 1x10,1x6.2...) */
		{ { "2026-11-21", "2026-11-24", "2026-11-28" }, "10,7,",
		    SIDE_NONE, 0 },
		/* Two days only. */
		{ { "2026-11-20", "2026-11-28" }, "2x5", SIDE_NONE, 0 },
		/* Six days apart: not lasting yet. */
		{ { "2026-11-22", "2026-11-24", "2026-11-28" }, "2x5",
		    SIDE_NONE, 0 },
		/* The first day 14 days back is outside the window. */
		{ { "2026-11-14", "2026-11-20", "2026-11-21" }, "2x5",
		    SIDE_NONE, 0 },
		{ { "2026-11-15", "2026-11-20", "2026-11-22" }, "2x5",
		    SIDE_RIGHT, 50 },
		/* The right side ahead: the left is the weaker. */
		{ { "2026-11-20", "2026-11-24", "2026-11-28" }, "2x20",
		    SIDE_LEFT, 50 },
	};
	struct program		 p;
	struct log		 L;
	struct progress		 pr;
	struct named_sides	*ns;
	struct buf		 b = BUF_INIT;
	char			 right[80];
	size_t			 i, k, n;

	(void)state;
	custom(&p, sides_ini);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&L, 0, sizeof(L));
		for (k = 0; k < 4 && cases[i].days[k] != NULL; k++) {
			at(&L, cases[i].days[k],
			    "clamshell 2x10 hold=2s side=left");
			if (strcmp(cases[i].right, "10,7,") == 0)
				snprintf(right, sizeof(right), "clamshell "
				    "%s hold=2s side=right", k == 0 ?
				    "10,7,8" : "10,6,8");
			else
				snprintf(right, sizeof(right), "clamshell "
				    "%s hold=2s side=right", cases[i].right);
			at(&L, cases[i].days[k], right);
		}
		run(&pr, &p, &L, "2026-11-28");
		if (pr.v[0].sides.weaker != cases[i].weaker ||
		    pr.v[0].sides.pct != cases[i].pct)
			fail_msg("case %zu: weaker %d pct %d (left %ld right "
			    "%ld)", i, pr.v[0].sides.weaker,
			    pr.v[0].sides.pct, pr.v[0].sides.left,
			    pr.v[0].sides.right);
		/* The same by exercise, as streak counts it. */
		n = sides_by_exercise(L.v, L.n, day("2026-11-28"), &ns);
		assert_true(n == 1);
		assert_string_equal(ns[0].name, "clamshell");
		assert_int_equal(ns[0].sides.weaker, cases[i].weaker);
		free(ns);
		if (cases[i].weaker == SIDE_NONE)
			assert_null(strstr(why(&pr, &p, 0), "behind"));
		progress_free(&pr);
		log_free(&L);
	}

	/* The words, in --why and for streak. */
	at(&L, "2026-11-20", "clamshell 2x10 hold=2s side=left");
	at(&L, "2026-11-20", "clamshell 2x7 hold=2s side=right");
	at(&L, "2026-11-24", "clamshell 2x10 hold=2s side=left");
	at(&L, "2026-11-24", "clamshell 2x7 hold=2s side=right");
	at(&L, "2026-11-28", "clamshell 2x10 hold=2s side=left");
	at(&L, "2026-11-28", "clamshell 2x7 hold=2s side=right");
	at(&L, "2026-11-28", "bridge 2x10");
	run(&pr, &p, &L, "2026-11-28");
	assert_non_null(strstr(why(&pr, &p, 0), "\n  right side 30% behind "
	    "over 2 weeks (left 60 reps, right 42 reps): start with the "
	    "weaker side, and do no more on the other\n"));
	assert_null(strstr(why(&pr, &p, 1), "behind"));
	progress_sides_lines(L.v, L.n, day("2026-11-28"), &b);
	assert_string_equal(buf_str(&b), "clamshell: right side 30% behind "
	    "over 2 weeks (left 60 reps, right 42 reps)\n");
	buf_free(&b);
	progress_free(&pr);
	log_free(&L);
	program_free(&p);
}

/* The line hips log prints: the verdict, the count, the new step. */
static void
feedback_line(void **state)
{
	static const struct {
		const char	*date;
		const char	*what;
		const char	*line;
	} cases[] = {
		{ "2026-11-01", "bridge 2x10 hold=2s",
		    "clean: 1 of 2 clean sessions toward bridge 3x12 hold=2s\n" },
		{ "2026-11-02", "bridge 2x10",
		    "below target: no hold (the step wants bridge 2x10 "
		    "hold=2s); the same step next time, still 1 of 2 clean "
		    "sessions toward bridge 3x12 hold=2s\n" },
		{ "2026-11-03", "bridge 2x10 hold=2s",
		    "clean: 2 of 2 clean sessions at bridge 2x10 hold=2s: "
		    "next time bridge 3x12 hold=2s, step 2 of 7\n" },
		{ "2026-11-04", "bridge 1x12 hold=2s # hamstring cramp",
		    "below target: 1 set (the step wants bridge 3x12 "
		    "hold=2s); the same step next time, still 0 of 2 clean "
		    "sessions toward bridge 3x15 hold=2s\n" },
		{ "2026-11-05", "bridge 3x12 hold=2s pain=4",
		    "pain 4 (4 or more): the same step next time, this "
		    "session not counted\n" },
		{ "2026-11-06", "bridge 3x12 hold=2s rpe=9",
		    "met the target at rpe 9 (8 or more): not clean yet, the "
		    "step stays until it feels easier\n" },
		{ "2026-11-07", "bridge 3x12 hold=2s pain=6",
		    "pain 6 (6 or more): next time one step easier, bridge "
		    "2x10 hold=2s\n" },
	};
	struct log		 L = { 0 };
	struct progress		 pr;
	struct buf		 b = BUF_INIT;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		at(&L, cases[i].date, cases[i].what);
		run(&pr, &builtin, &L, cases[i].date);
		buf_reset(&b);
		progress_feedback(&pr, &builtin, 0, day(cases[i].date), &b);
		assert_string_equal(buf_str(&b), cases[i].line);
		progress_free(&pr);
	}
	/* About an earlier day: that session, the counts left out. */
	run(&pr, &builtin, &L, "2026-11-07");
	buf_reset(&b);
	progress_feedback(&pr, &builtin, 0, day("2026-11-02"), &b);
	assert_string_equal(buf_str(&b), "below target: no hold (the step "
	    "wants bridge 2x10 hold=2s); the same step next time\n");
	/* After days away: the step back, said with the verdict. */
	progress_free(&pr);
	at(&L, "2026-11-25", "bridge 2x10 hold=2s");
	run(&pr, &builtin, &L, "2026-11-25");
	buf_reset(&b);
	progress_feedback(&pr, &builtin, 0, day("2026-11-25"), &b);
	assert_string_equal(buf_str(&b), "clean: 1 of 2 clean sessions "
	    "toward bridge 3x12 hold=2s (back after 18 days away: one step "
	    "back, to bridge 2x10 hold=2s)\n");
	/* No session that day: nothing. */
	buf_reset(&b);
	progress_feedback(&pr, &builtin, 0, day("2026-10-02"), &b);
	assert_string_equal(buf_str(&b), "");
	progress_free(&pr);
	log_free(&L);
	buf_free(&b);
}

/* The feedback on one side, then the other. */
static void
feedback_sides(void **state)
{
	struct program		 p;
	struct log		 L = { 0 };
	struct progress		 pr;
	struct buf		 b = BUF_INIT;

	(void)state;
	custom(&p, sides_ini);
	at(&L, "2026-11-01", "clamshell 2x10 hold=2s side=left");
	run(&pr, &p, &L, "2026-11-01");
	progress_feedback(&pr, &p, 0, day("2026-11-01"), &b);
	assert_string_equal(buf_str(&b), "left side logged: log the right "
	    "side too (the step wants clamshell 2x10/side hold=2s on each "
	    "side)\n");
	progress_free(&pr);
	at(&L, "2026-11-01", "clamshell 2x10 hold=2s side=right");
	run(&pr, &p, &L, "2026-11-01");
	buf_reset(&b);
	progress_feedback(&pr, &p, 0, day("2026-11-01"), &b);
	assert_string_equal(buf_str(&b), "clean: 1 of 2 clean sessions "
	    "toward clamshell 3x15/side\n");
	progress_free(&pr);
	at(&L, "2026-11-02", "clamshell 2x10 hold=2s");
	run(&pr, &p, &L, "2026-11-02");
	buf_reset(&b);
	progress_feedback(&pr, &p, 0, day("2026-11-02"), &b);
	assert_string_equal(buf_str(&b), "below target: one dose for both "
	    "sides, no /side or side= (the step wants clamshell 2x10/side "
	    "hold=2s); the same step next time, still 1 of 2 clean sessions "
	    "toward clamshell 3x15/side\n");
	progress_free(&pr);
	/* A cramp in the note: the ladder's tip, not a penalty. */
	at(&L, "2026-11-02", "bridge 1x10 # hamstring cramp, stopped");
	run(&pr, &p, &L, "2026-11-02");
	buf_reset(&b);
	progress_feedback(&pr, &p, 1, day("2026-11-02"), &b);
	assert_string_equal(buf_str(&b), "below target: 1 set (the step "
	    "wants bridge 2x10); the same step next time, still 0 of 2 clean "
	    "sessions toward bridge 3x10; tip: Feel it in your hamstrings? "
	    "Move your feet closer to your body.\n");
	progress_free(&pr);
	buf_free(&b);
	log_free(&L);
	program_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_log),
		cmocka_unit_test(advance),
		cmocka_unit_test(clean_sessions),
		cmocka_unit_test(shortfalls),
		cmocka_unit_test(set_by_set),
		cmocka_unit_test(midnight),
		cmocka_unit_test(pain),
		cmocka_unit_test(clinician_two_days),
		cmocka_unit_test(clinician_rising),
		cmocka_unit_test(paused_no_advance),
		cmocka_unit_test(pain_fixtures),
		cmocka_unit_test(never_up_while_paused),
		cmocka_unit_test(below_target),
		cmocka_unit_test(gaps),
		cmocka_unit_test(gap_skips),
		cmocka_unit_test(unlocks),
		cmocka_unit_test(started_early),
		cmocka_unit_test(one_advance_a_day),
		cmocka_unit_test(one_step_a_day),
		cmocka_unit_test(custom_rules),
		cmocka_unit_test(unsorted),
		cmocka_unit_test(future_entries),
		cmocka_unit_test(why_lines),
		cmocka_unit_test(ten_years),
		cmocka_unit_test(directive_hold),
		cmocka_unit_test(directive_pause),
		cmocka_unit_test(directive_set),
		cmocka_unit_test(hard_sessions),
		cmocka_unit_test(days_a_week),
		cmocka_unit_test(return_one_at_a_time),
		cmocka_unit_test(directive_property),
		cmocka_unit_test(pain_and_directives),
		cmocka_unit_test(sides_session),
		cmocka_unit_test(sides_property),
		cmocka_unit_test(sides_asymmetry),
		cmocka_unit_test(feedback_line),
		cmocka_unit_test(feedback_sides),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
