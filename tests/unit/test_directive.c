/* Unit tests of directive.c: which instruction is in force, and when. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hips.h"
#include "directive.h"

#define MAXLINES	16

struct lines {
	struct entry	 v[MAXLINES];
	char		*mem[MAXLINES];
	size_t		 n;
};

static void
add(struct lines *L, const char *line)
{
	struct error	 err;
	char	*copy = xstrdup(line);

	assert_true(L->n < MAXLINES);
	if (entry_parse(copy, strlen(copy), &L->v[L->n], &err) != 1)
		fail_msg("%s: %s", line, err.msg);
	L->mem[L->n++] = copy;
}

static void
lines_free(struct lines *L)
{
	while (L->n > 0)
		free(L->mem[--L->n]);
}

static int64_t
day(const char *date)
{
	int64_t		 d;
	struct error	 why;

	assert_int_equal(date_parse(date, 10, &d, &why), 0);
	return d;
}

/* The kind in force for id on date. */
static int
kind(const struct lines *L, const char *id, const char *date)
{
	struct directives	 d;
	struct dstate		 st;

	directives_gather(&d, L->v, L->n, day("2030-01-01"));
	directives_at(&d, id, day(date), &st);
	directives_free(&d);
	assert_true((st.kind == DIR_NONE) == (st.e == NULL));
	return st.kind;
}

static void
in_force(void **state)
{
	struct lines	 L = { 0 };

	(void)state;
	/* Written out of order: a union merge interleaves lines. */
	add(&L, "2026-12-10T09:00:00+01:00 resume bridge");
	add(&L, "2026-12-01T09:00:00+01:00 hold bridge until=2026-12-05");
	add(&L, "2026-12-03T09:00:00+01:00 pause all until=2026-12-20");
	add(&L, "2026-12-01T08:00:00+01:00 set bridge 3");
	assert_int_equal(kind(&L, "bridge", "2026-11-30"), DIR_NONE);
	assert_int_equal(kind(&L, "bridge", "2026-12-01"), DIR_HOLD);
	assert_int_equal(kind(&L, "bridge", "2026-12-02"), DIR_HOLD);
	/* The later pause of all replaces the hold. */
	assert_int_equal(kind(&L, "bridge", "2026-12-03"), DIR_PAUSE);
	assert_int_equal(kind(&L, "bridge", "2026-12-09"), DIR_PAUSE);
	/* Resumed: bridge only. */
	assert_int_equal(kind(&L, "bridge", "2026-12-10"), DIR_NONE);
	assert_int_equal(kind(&L, "hinge", "2026-12-10"), DIR_PAUSE);
	assert_int_equal(kind(&L, "hinge", "2026-12-20"), DIR_PAUSE);
	assert_int_equal(kind(&L, "hinge", "2026-12-21"), DIR_NONE);
	assert_int_equal(kind(&L, "hinge", "2026-12-02"), DIR_NONE);
	lines_free(&L);

	/* An expired instruction uncovers an earlier one still in force. */
	add(&L, "2026-12-01T09:00:00+01:00 pause hinge until=2026-12-31");
	add(&L, "2026-12-02T09:00:00+01:00 hold hinge until=2026-12-05");
	assert_int_equal(kind(&L, "hinge", "2026-12-05"), DIR_HOLD);
	assert_int_equal(kind(&L, "hinge", "2026-12-06"), DIR_PAUSE);
	/* A hold with no end lasts. */
	add(&L, "2026-12-02T09:00:00+01:00 hold bridge");
	assert_int_equal(kind(&L, "bridge", "2029-12-31"), DIR_HOLD);
	/* resume all ends everything before it. */
	add(&L, "2026-12-08T09:00:00+01:00 resume all");
	assert_int_equal(kind(&L, "hinge", "2026-12-08"), DIR_NONE);
	assert_int_equal(kind(&L, "bridge", "2026-12-08"), DIR_NONE);
	assert_int_equal(kind(&L, "bridge", "2026-12-07"), DIR_HOLD);
	lines_free(&L);
}

/* Within a day, an instruction covers what was written after it. */
static void
by_time(void **state)
{
	struct lines		 L = { 0 };
	struct directives	 d;
	struct dstate		 st;
	int64_t			 t;

	(void)state;
	add(&L, "2026-12-01T09:00:00+01:00 hold bridge");
	t = L.v[0].when.t;
	directives_gather(&d, L.v, L.n, day("2026-12-01"));
	directives_at_time(&d, "bridge", day("2026-12-01"), t - 1, &st);
	assert_int_equal(st.kind, DIR_NONE);
	directives_at_time(&d, "bridge", day("2026-12-01"), t, &st);
	assert_int_equal(st.kind, DIR_NONE);
	directives_at_time(&d, "bridge", day("2026-12-01"), t + 1, &st);
	assert_int_equal(st.kind, DIR_HOLD);
	directives_at_time(&d, "bridge", day("2026-12-02"), 0, &st);
	assert_int_equal(st.kind, DIR_HOLD);
	directives_free(&d);
	/* Lines after today are not gathered. */
	directives_gather(&d, L.v, L.n, day("2026-11-30"));
	assert_int_equal(d.n, 0);
	directives_free(&d);
	lines_free(&L);
}

static int
skip_even(const void *arg, int64_t d)
{
	(void)arg;
	return d % 2 == 0;
}

static int
skip_none(const void *arg, int64_t d)
{
	(void)arg;
	(void)d;
	return 0;
}

static void
paused_days(void **state)
{
	struct lines		 L = { 0 };
	struct directives	 d;
	int64_t			 a = day("2026-11-30");

	(void)state;
	add(&L, "2026-12-03T09:00:00+01:00 pause all until=2026-12-12");
	add(&L, "2026-12-05T09:00:00+01:00 resume hinge");
	directives_gather(&d, L.v, L.n, day("2027-01-01"));
	/* 12-03 to 12-12: 10 days, strictly between a and b. */
	assert_int_equal(directives_paused_days(&d, "bridge", a,
	    day("2026-12-20"), skip_none, NULL), 10);
	assert_int_equal(directives_paused_days(&d, "bridge", a,
	    day("2026-12-12"), skip_none, NULL), 9);
	assert_int_equal(directives_paused_days(&d, "bridge", a,
	    day("2026-12-03"), skip_none, NULL), 0);
	assert_int_equal(directives_paused_days(&d, "bridge",
	    day("2026-12-12"), day("2026-12-20"), skip_none, NULL), 0);
	assert_int_equal(directives_paused_days(&d, "hinge", a,
	    day("2026-12-20"), skip_none, NULL), 2);
	assert_int_equal(directives_paused_days(&d, "clamshell", a,
	    day("2026-12-20"), skip_even, NULL), 5);
	directives_free(&d);
	lines_free(&L);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(in_force),
		cmocka_unit_test(by_time),
		cmocka_unit_test(paused_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
