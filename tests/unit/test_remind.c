/* The cues of a reminder (src/lib/remind.c): the hour and the ladders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "remind.h"

static void
dayparts(void **state)
{
	(void)state;
	assert_string_equal(remind_daypart(0), "morning");
	assert_string_equal(remind_daypart(11), "morning");
	assert_string_equal(remind_daypart(12), "afternoon");
	assert_string_equal(remind_daypart(17), "afternoon");
	assert_string_equal(remind_daypart(18), "evening");
	assert_string_equal(remind_daypart(23), "evening");
}

static const char cues_ini[] =
    "[lifting]\ncue = l1\ncue = l2\n"
    "[morning]\ncue = m1\n"
    "[evening]\ncue = e1\ncue = e2\n"
    "[bridge]\ncue = b1\n"
    "[clamshell]\ncue = c1\n"
    "[single-leg-hinge]\ncue = h1\n";

static const char program_ini[] =
    "[bridge]\nstep = bridge 2x10\n"
    "[clamshell]\nunlock = bridge:1\nstep = clamshell 2x10/side\n"
    "[hinge]\nunlock = clamshell:1\nstep = wall-hinge 2x8\n"
    "step = single-leg-hinge 3x8/side\n";

/* The names of the chosen contexts, joined by spaces. */
static void
fit(const bool *unlocked, int hour, char *out, size_t n, size_t *ncue)
{
	struct cueset	 set = CUESET_INIT;
	struct program	 p;
	bool		 chosen[8];
	size_t		 i;

	assert_int_equal(cueset_parse(&set, "cues.ini", cues_ini,
	    strlen(cues_ini)), 0);
	assert_int_equal(program_parse(&p, "program.ini", program_ini,
	    strlen(program_ini)), 0);
	*ncue = remind_fit(&set, &p, unlocked, hour, chosen);
	out[0] = '\0';
	for (i = 0; i < set.nctx; i++)
		if (chosen[i])
			snprintf(out + strlen(out), n - strlen(out), "%s%s",
			    out[0] ? " " : "", set.ctx[i].name);
	cueset_free(&set);
	program_free(&p);
}

static void
by_hour_and_ladder(void **state)
{
	bool		 first[3] = { true, false, false };
	bool		 all[3] = { true, true, true };
	char		 got[128];
	size_t		 n;

	(void)state;
	fit(first, 7, got, sizeof(got), &n);
	assert_string_equal(got, "morning bridge");
	assert_int_equal(n, 2);
	fit(first, 13, got, sizeof(got), &n);
	assert_string_equal(got, "bridge");
	fit(first, 21, got, sizeof(got), &n);
	assert_string_equal(got, "evening bridge");
	assert_int_equal(n, 3);
	/* A context named after an exercise follows its ladder. */
	fit(all, 9, got, sizeof(got), &n);
	assert_string_equal(got, "morning bridge clamshell single-leg-hinge");
}

static void
falls_back(void **state)
{
	bool		 none[3] = { false, false, false };
	char		 got[128];
	size_t		 n;

	(void)state;
	/* Nothing of the hour nor unlocked: the other contexts. */
	fit(none, 14, got, sizeof(got), &n);
	assert_string_equal(got, "lifting");
	assert_int_equal(n, 2);
	fit(none, 8, got, sizeof(got), &n);
	assert_string_equal(got, "morning");
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(dayparts),
		cmocka_unit_test(by_hour_and_ladder),
		cmocka_unit_test(falls_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
