/* Unit tests of the guided session (session.c): a fake clock in ms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hips.h"
#include "session.h"

static const char *
dose(const struct session *s, int side, bool per_side)
{
	static char	 out[128];
	struct buf	 b = BUF_INIT;

	session_dose(s, side, per_side, &b);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_free(&b);
	return out;
}

/* n reps, each key at t and its hold waited out; returns the new time. */
static int64_t
reps(struct session *s, int n, int64_t t)
{
	while (n-- > 0) {
		session_key(s, SK_REP, t);
		if (s->plan.hold > 0) {
			t += s->plan.hold * 1000 + 300;
			session_tick(s, t);
		} else
			t += 700;
	}
	return t;
}

static void
reps_without_hold(void **state)
{
	struct plan	 p = { .sets = 2, .amount = 3, .rest = 60 };
	struct session	 s;

	(void)state;
	session_init(&s, &p);
	assert_int_equal(s.phase, PH_REPS);
	assert_true(session_deadline(&s) == SESSION_NONE);
	reps(&s, 2, 1000);
	assert_int_equal(s.count, 2);
	session_key(&s, SK_REP, 3000);
	/* The set is done: rest 60 s from the last rep. */
	assert_int_equal(s.phase, PH_REST);
	assert_int_equal(s.set, 1);
	assert_true(session_deadline(&s) == 63000);
	assert_int_equal(session_left(&s, 3000), 60);
	assert_int_equal(session_left(&s, 3001), 60);
	assert_int_equal(session_left(&s, 4000), 59);
	assert_int_equal(session_left(&s, 62999), 1);
	session_tick(&s, 62999);
	assert_int_equal(s.phase, PH_REST);
	session_tick(&s, 63000);
	assert_int_equal(s.phase, PH_REPS);
	assert_int_equal(s.count, 0);
	reps(&s, 3, 64000);
	assert_int_equal(s.phase, PH_DONE);
	assert_false(s.early);
	assert_string_equal(dose(&s, 0, false), "2x3");
}

static void
holds_count_when_over(void **state)
{
	struct plan	 p = { .sets = 1, .amount = 2, .hold = 2, .rest = 60 };
	struct session	 s;

	(void)state;
	session_init(&s, &p);
	session_key(&s, SK_REP, 1000);
	assert_int_equal(s.phase, PH_HOLD);
	assert_int_equal(s.count, 0);
	assert_int_equal(session_left(&s, 1000), 2);
	assert_int_equal(session_left(&s, 2500), 1);
	/* Keys during a hold do nothing. */
	session_key(&s, SK_REP, 2000);
	assert_int_equal(s.phase, PH_HOLD);
	assert_true(session_deadline(&s) == 3000);
	session_tick(&s, 3000);
	assert_int_equal(s.phase, PH_REPS);
	assert_int_equal(s.count, 1);
	/* Quitting during a hold: that rep is not done. */
	session_key(&s, SK_REP, 4000);
	session_finish(&s, 5000);
	assert_int_equal(s.phase, PH_DONE);
	assert_true(s.early);
	assert_string_equal(dose(&s, 0, false), "1x1");
}

static void
per_side_switches(void **state)
{
	struct plan	 p = { .sets = 2, .amount = 2, .side = true,
	    .rest = 30, .swtch = SESSION_SWITCH };
	struct session	 s;
	int64_t		 t;

	(void)state;
	session_init(&s, &p);
	t = reps(&s, 2, 0);
	assert_int_equal(s.phase, PH_SWITCH);
	assert_int_equal(s.side, 1);
	assert_int_equal(s.set, 0);
	assert_int_equal(session_left(&s, t), 5);
	/* A key skips the wait. */
	session_key(&s, SK_REP, t + 1000);
	assert_int_equal(s.phase, PH_REPS);
	t = reps(&s, 2, t + 2000);
	assert_int_equal(s.phase, PH_REST);
	assert_int_equal(s.side, 0);
	assert_int_equal(s.set, 1);
	session_tick(&s, t + 30000);
	t = reps(&s, 2, t + 31000);
	session_tick(&s, t + 5000);
	t = reps(&s, 2, t + 5000);
	assert_int_equal(s.phase, PH_DONE);
	assert_true(session_even(&s));
	assert_string_equal(dose(&s, 0, true), "2x2/side");
}

static void
partial_sets_are_kept(void **state)
{
	struct plan	 p = { .sets = 3, .amount = 10, .rest = 0 };
	struct session	 s;
	int64_t		 t;

	(void)state;
	session_init(&s, &p);
	t = reps(&s, 26, 0);
	assert_int_equal(s.set, 2);
	assert_int_equal(s.count, 6);
	session_finish(&s, t);
	assert_true(s.early);
	assert_int_equal(session_sets(&s, 0), 3);
	assert_string_equal(dose(&s, 0, false), "10,10,6");
	/* Finishing again changes nothing. */
	session_finish(&s, t + 1000);
	assert_string_equal(dose(&s, 0, false), "10,10,6");
}

static void
nothing_done(void **state)
{
	struct plan	 p = { .sets = 3, .amount = 10, .hold = 2 };
	struct session	 s;

	(void)state;
	session_init(&s, &p);
	session_key(&s, SK_REP, 0);
	session_finish(&s, 1000);
	assert_false(session_any(&s));
	assert_string_equal(dose(&s, 0, false), "");
}

static void
uneven_sides(void **state)
{
	struct plan	 p = { .sets = 3, .amount = 4, .side = true,
	    .rest = 10, .swtch = 5 };
	struct session	 s;
	int64_t		 t = 0;
	int		 i;

	(void)state;
	session_init(&s, &p);
	for (i = 0; i < 4; i++) {	/* two sets, both sides */
		t = reps(&s, 4, t);
		t += 10000;
		session_tick(&s, t);
	}
	t = reps(&s, 3, t);	/* set 3, first side: 3 of 4 */
	session_finish(&s, t);
	assert_false(session_even(&s));
	assert_string_equal(dose(&s, 0, false), "4,4,3");
	assert_string_equal(dose(&s, 1, false), "2x4");
}

static void
timed_sets(void **state)
{
	struct plan	 p = { .sets = 2, .amount = 30, .secs = true,
	    .rest = 10 };
	struct session	 s;

	(void)state;
	session_init(&s, &p);
	assert_int_equal(s.phase, PH_READY);
	assert_true(session_deadline(&s) == SESSION_NONE);
	session_key(&s, SK_REP, 500);
	assert_int_equal(s.phase, PH_TIMED);
	assert_true(session_deadline(&s) == 30500);
	/* A late wake-up: everything due until then, from the deadlines. */
	session_tick(&s, 40700);
	assert_int_equal(s.phase, PH_TIMED);
	assert_int_equal(s.set, 1);
	assert_true(s.begin == 40500);
	assert_true(session_deadline(&s) == 70500);
	/* Stopped after 12.9 s: 12 s. */
	session_key(&s, SK_REP, 53400);
	assert_int_equal(s.phase, PH_DONE);
	assert_string_equal(dose(&s, 0, false), "30s,12s");
}

static void
timed_finish_keeps_seconds(void **state)
{
	struct plan	 p = { .sets = 1, .amount = 45, .secs = true };
	struct session	 s;

	(void)state;
	session_init(&s, &p);
	session_key(&s, SK_REP, 0);
	/* A key in the first second does not end the set by accident. */
	session_key(&s, SK_REP, 800);
	assert_int_equal(s.phase, PH_TIMED);
	session_finish(&s, 20999);
	assert_string_equal(dose(&s, 0, false), "1x20s");
}

static void
pause_shifts_deadlines(void **state)
{
	struct plan	 p = { .sets = 2, .amount = 1, .rest = 60 };
	struct session	 s;

	(void)state;
	session_init(&s, &p);
	session_key(&s, SK_REP, 0);
	assert_int_equal(s.phase, PH_REST);
	session_key(&s, SK_PAUSE, 10000);
	assert_true(s.paused);
	assert_true(session_deadline(&s) == SESSION_NONE);
	assert_int_equal(session_left(&s, 500000), 50);
	session_tick(&s, 500000);
	assert_int_equal(s.phase, PH_REST);
	/* Keys other than p do nothing while paused. */
	session_key(&s, SK_REP, 500000);
	assert_int_equal(s.phase, PH_REST);
	session_key(&s, SK_PAUSE, 500000);
	assert_false(s.paused);
	assert_true(session_deadline(&s) == 550000);
	session_tick(&s, 549999);
	assert_int_equal(s.phase, PH_REST);
	session_tick(&s, 550000);
	assert_int_equal(s.phase, PH_REPS);
	assert_int_equal(s.set, 1);
}

/*
 * No drift: a chain of timed phases ticked late every time ends exactly
 * where the schedule says.
 */
static void
late_ticks_do_not_add_up(void **state)
{
	struct plan	 p = { .sets = 2, .amount = 25, .secs = true,
	    .rest = 10 };
	struct session	 s;
	int64_t		 t;

	(void)state;
	session_init(&s, &p);
	session_key(&s, SK_REP, 0);
	for (t = 37; s.phase != PH_DONE; t += 37) {
		if (session_deadline(&s) <= t)
			session_tick(&s, t + 9);	/* woke 9 ms late */
	}
	assert_true(s.begin == 35000);
	assert_string_equal(dose(&s, 0, false), "2x25s");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reps_without_hold),
		cmocka_unit_test(holds_count_when_over),
		cmocka_unit_test(per_side_switches),
		cmocka_unit_test(partial_sets_are_kept),
		cmocka_unit_test(nothing_done),
		cmocka_unit_test(uneven_sides),
		cmocka_unit_test(timed_sets),
		cmocka_unit_test(timed_finish_keeps_seconds),
		cmocka_unit_test(pause_shifts_deadlines),
		cmocka_unit_test(late_ticks_do_not_add_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
