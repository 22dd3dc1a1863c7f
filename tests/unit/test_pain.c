/*
 * Unit tests of the pain rules (src/lib/pain.c): each rule at its boundary,
 * when a pause lifts, and the window the prompt may rely on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hips.h"
#include "pain.h"
#include "program.h"

static struct rules	 R;

/* Day numbers are relative: day 1000 is "today" unless said. */
#define T	1000

static unsigned
rules_at(const struct painday *v, size_t n, int64_t d, struct painstate *st)
{
	struct painlog	 pl;

	pain_index(&pl, v, n, &R);
	pain_at(&pl, d, st);
	pain_free(&pl);
	return st->rules;
}

static void
stop_boundary(void **state)
{
	struct painstate	 st;
	struct painday		 seven[] = { { T, 7 } };
	struct painday		 eight[] = { { T, 8 } };

	(void)state;
	assert_int_equal(rules_at(seven, 1, T, &st), 0);
	assert_int_equal(rules_at(eight, 1, T, &st), PAIN_STOP);
	assert_int_equal(st.stop_day, T);
	assert_int_equal(st.stop_pain, 8);
	assert_int_equal(st.calm, 0);
	/* Records after the day asked about are not looked at. */
	assert_int_equal(rules_at(eight, 1, T - 1, &st), 0);
	/* Days without a record never lift it. */
	assert_int_equal(rules_at(eight, 1, T + 400, &st), PAIN_STOP);
}

static void
stop_lifts(void **state)
{
	struct painstate	 st;
	struct painday		 v[] = {
		{ T, 9 }, { T + 1, 2 }, { T + 2, 0 }, { T + 5, 1 },
	};
	struct painday		 reset[] = {
		{ T, 9 }, { T + 1, 2 }, { T + 2, 3 }, { T + 3, 0 }, { T + 4, 0 },
		{ T + 5, 0 },
	};

	(void)state;
	/* Two pain-free days: not yet, 2 so far. */
	assert_int_equal(rules_at(v, 3, T + 2, &st), PAIN_STOP);
	assert_int_equal(st.calm, 2);
	/* A gap does not count either way; the third lifts it that day. */
	assert_int_equal(rules_at(v, 4, T + 4, &st), PAIN_STOP);
	assert_int_equal(rules_at(v, 4, T + 5, &st), 0);
	/* Pain 3 (above calm_pain 2) starts the count again. */
	assert_int_equal(rules_at(reset, 6, T + 2, &st), PAIN_STOP);
	assert_int_equal(st.calm, 0);
	assert_int_equal(rules_at(reset, 6, T + 4, &st), PAIN_STOP);
	assert_int_equal(st.calm, 2);
	assert_int_equal(rules_at(reset, 6, T + 5, &st), 0);
	/* A new stop after a lift stops again (9 and 8: repeat, too). */
	reset[5].pain = 8;
	assert_int_equal(rules_at(reset, 6, T + 5, &st),
	    PAIN_STOP | PAIN_REPEAT);
	assert_int_equal(st.stop_day, T + 5);
}

static void
persist_boundary(void **state)
{
	struct painstate	 st;
	struct painday		 v[7];
	int			 i;

	(void)state;
	/* 3 of the last 7 days with a record at 4: not yet. */
	for (i = 0; i < 7; i++)
		v[i] = (struct painday){ T - 6 + i, i < 3 ? 4 : 3 };
	assert_int_equal(rules_at(v, 7, T, &st), 0);
	assert_int_equal(st.high, 3);
	assert_int_equal(st.of, 7);
	/* 4 of 7: paused; the oldest is high: one day below lifts it. */
	v[3].pain = 4;
	assert_int_equal(rules_at(v, 7, T, &st), PAIN_PERSIST);
	assert_int_equal(st.high, 4);
	assert_int_equal(st.need, 1);
	/* The newest four high: it takes four days below. */
	for (i = 0; i < 7; i++)
		v[i].pain = i < 3 ? 0 : 5;
	assert_int_equal(rules_at(v, 7, T, &st), PAIN_PERSIST);
	assert_int_equal(st.need, 4);
	/* Five of seven, the oldest two low: four days below. */
	for (i = 0; i < 7; i++)
		v[i].pain = i < 2 ? 0 : 5;
	assert_int_equal(rules_at(v, 7, T, &st), PAIN_PERSIST);
	assert_int_equal(st.need, 4);
	/* Records spread out: days with a record count, not calendar days. */
	for (i = 0; i < 7; i++)
		v[i] = (struct painday){ T - 24 + 4 * i, i % 2 ? 1 : 5 };
	assert_int_equal(rules_at(v, 7, T, &st), PAIN_PERSIST);
	/* The window: a record 27 days back counts, 28 days back not. */
	v[0].day = T - 27;
	assert_int_equal(rules_at(v, 7, T, &st), PAIN_PERSIST);
	v[0].day = T - 28;
	assert_int_equal(rules_at(v, 7, T, &st), 0);
	assert_int_equal(st.of, 6);
}

static void
repeat_and_rising(void **state)
{
	struct painstate	 st;
	struct painday		 two[] = { { T - 13, 6 }, { T, 6 } };
	struct painday		 rise[] = {
		{ T - 34, 1 }, { T - 7, 1 }, { T - 6, 3 }, { T, 3 },
	};

	(void)state;
	assert_int_equal(rules_at(two, 2, T, &st), PAIN_REPEAT);
	assert_int_equal(st.red[0], T - 13);
	assert_int_equal(st.red[1], T);
	two[0].day = T - 14;
	assert_int_equal(rules_at(two, 2, T, &st), 0);
	assert_int_equal(rules_at(rise, 4, T, &st), PAIN_RISING);
	assert_int_equal(st.avg7, 30);
	assert_int_equal(st.avg28, 10);
	rise[3].pain = 2;	/* 2.5 against 1.0: 1.5 higher */
	assert_int_equal(rules_at(rise, 4, T, &st), 0);
	/* Several at once; the first, in order, is the stop. */
	{
		struct painday	 all[] = { { T - 1, 9 }, { T, 9 } };

		assert_int_equal(rules_at(all, 2, T, &st),
		    PAIN_STOP | PAIN_REPEAT);
		assert_int_equal(pain_first(st.rules), PAIN_STOP);
	}
}

static void
normalize(void **state)
{
	struct painday	 v[] = { { 5, 1 }, { 3, 4 }, { 5, 7 }, { 3, 0 } };

	(void)state;
	assert_int_equal(pain_normalize(v, 4), 2);
	assert_int_equal(v[0].day, 3);
	assert_int_equal(v[0].pain, 4);
	assert_int_equal(v[1].day, 5);
	assert_int_equal(v[1].pain, 7);
}

/*
 * The prompt's window: records before pain_since() never change the
 * answer.  Checked on random logs by adding a record of every level on
 * a day before it.
 */
static void
since_holds(void **state)
{
	struct painday	 v[64], w[65];
	struct painstate a, b;
	unsigned	 seed = 12345;
	int64_t		 since;
	size_t		 n, i, k;
	int		 round, p;

	(void)state;
	for (round = 0; round < 3000; round++) {
		n = 0;
		for (i = 0; i < 60 && n < 64; i++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 3 == 0)
				continue;
			seed = seed * 1103515245u + 12345u;
			p = (int)((seed >> 16) % 11);
			if ((seed >> 8) % 4 != 0)
				p = p % 4;	/* mostly low pain */
			v[n++] = (struct painday){ T - 59 + (int64_t)i, p };
		}
		since = pain_since(v, n, &R, T);
		rules_at(v, n, T, &a);
		if (since == PAIN_NEVER)
			continue;
		assert_true(since <= T - 34);
		for (p = 0; p <= 10; p += 1) {
			/* A record the day before since, in order. */
			for (i = k = 0; i < n && v[i].day < since - 1; i++)
				w[k++] = v[i];
			w[k++] = (struct painday){ since - 1, p };
			for (; i < n; i++)
				if (v[i].day != since - 1)
					w[k++] = v[i];
			rules_at(w, k, T, &b);
			assert_int_equal(a.rules, b.rules);
		}
	}
	/* A stop not lifted: since is its day. */
	{
		struct painday	 s[] = { { T - 100, 9 }, { T - 50, 1 } };

		assert_int_equal(pain_since(s, 2, &R, T), T - 100);
		s[0].pain = 7;	/* no stop, no three pain-free days */
		assert_int_equal(pain_since(s, 2, &R, T), PAIN_NEVER);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stop_boundary),
		cmocka_unit_test(stop_lifts),
		cmocka_unit_test(persist_boundary),
		cmocka_unit_test(repeat_and_rising),
		cmocka_unit_test(normalize),
		cmocka_unit_test(since_holds),
	};
	struct program	 p;

	program_builtin(&p);
	R = p.rules;
	program_free(&p);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
