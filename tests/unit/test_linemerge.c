/* Unit tests of the merge of month files as multisets of lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "linemerge.h"

#define A "2026-11-20T07:00:00+01:00 bridge 2x10\n"
#define B "2026-11-21T07:00:00+01:00 bridge 2x11\n"
#define C "2026-11-22T07:00:00+01:00 bridge 2x12\n"
#define D "2026-11-23T07:00:00+01:00 bridge 3x12\n"

static void
merged(const char *base, const char *ours, const char *theirs,
    const char *want)
{
	char	*out = NULL;
	size_t	 len = 0;

	assert_int_equal(linemerge(base, strlen(base), ours, strlen(ours),
	    theirs, strlen(theirs), &out, &len), 0);
	assert_non_null(out);
	assert_int_equal(len, strlen(out));
	assert_string_equal(out, want);
	free(out);
}

/* The defect of merge=union: undo on one side, an append on the other. */
static void
undo_against_append(void **state)
{
	(void)state;
	merged(A B, A, A B C, A C);
	merged(A B, A B C, A, A C);
	/* The undone line in the middle of the file. */
	merged(A B C, A C, A B C D, A C D);
}

static void
appends_on_both_sides(void **state)
{
	(void)state;
	merged(A, A B, A C, A B C);
	merged(A, A C, A B, A C B);
	merged("", B, C, B C);
	/* Nothing changed on one side: the other side's version. */
	merged(A B, A B, A, A);
	merged(A B, A, A B, A);
	merged(A, A, A, A);
	merged("", "", "", "");
}

/* A line both sides added is one line; one undone on both, gone once. */
static void
same_change_on_both_sides(void **state)
{
	(void)state;
	merged(A, A B, A B, A B);
	merged(A, A B C, A C B, A B C);
	merged(A B, A, A, A);
	/* Two copies in base, each side removed one: one left. */
	merged(A A, A, A, A);
	/* One side added two copies, the other one: two. */
	merged("", B B, B, B B);
}

/* Removed on one side, added again on the other: kept. */
static void
removed_and_added_again(void **state)
{
	(void)state;
	merged(A B, A, A B B, A B);
	merged(A B, A B B, A, A B);
	/* Removed on one side, both copies removed and one added... */
	merged(A B B, A, A B B B, A B);
	merged(A B, "", A B B C, B C);
}

/* Comments, blank lines and a last line without its LF. */
static void
lines_of_any_kind(void **state)
{
	(void)state;
	merged("# notes\n" A, "# notes\n\n" A, "# notes\n" A B,
	    "# notes\n\n" A B);
	merged(A, A "2026-11-21T07:00", A C, A "2026-11-21T07:00\n" C);
	/* A torn line and the same line whole are one line. */
	merged(A "x", A "x\n", A "x" , A "x\n");
	merged("", "\n\n", "\n", "\n\n");
}

/* Order: ours, then the lines only theirs brings, in theirs's order. */
static void
deterministic_order(void **state)
{
	(void)state;
	merged(A, D C A, A B, D C A B);
	merged(B, C B, D A, C D A);
}

static void
many_lines(void **state)
{
	char	*base, *ours, *theirs, *out, *all, line[64];
	size_t	 i, bl = 0, ol = 0, tl = 0, len;
	int	 n;

	(void)state;
	base = malloc(64 * 3000);
	ours = malloc(64 * 3000);
	theirs = malloc(64 * 3000);
	assert_non_null(base);
	assert_non_null(ours);
	assert_non_null(theirs);
	/* 2,000 lines; ours drops every 3rd, theirs adds 1,000. */
	for (i = 0; i < 3000; i++) {
		n = snprintf(line, sizeof(line), "line %zu\n", i);
		if (i < 2000) {
			memcpy(base + bl, line, (size_t)n);
			bl += (size_t)n;
			if (i % 3 != 0) {
				memcpy(ours + ol, line, (size_t)n);
				ol += (size_t)n;
			}
		}
		memcpy(theirs + tl, line, (size_t)n);
		tl += (size_t)n;
	}
	assert_int_equal(linemerge(base, bl, ours, ol, theirs, tl, &out,
	    &len), 0);
	/* Each line with a LF before it, the first too. */
	all = malloc(len + 2);
	assert_non_null(all);
	all[0] = '\n';
	memcpy(all + 1, out, len + 1);
	for (i = 0; i < 3000; i++) {
		snprintf(line, sizeof(line), "\nline %zu\n", i);
		if (i < 2000 && i % 3 == 0)
			assert_null(strstr(all, line));
		else
			assert_non_null(strstr(all, line));
	}
	free(all);
	free(out);
	free(base);
	free(ours);
	free(theirs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(undo_against_append),
		cmocka_unit_test(appends_on_both_sides),
		cmocka_unit_test(same_change_on_both_sides),
		cmocka_unit_test(removed_and_added_again),
		cmocka_unit_test(lines_of_any_kind),
		cmocka_unit_test(deterministic_order),
		cmocka_unit_test(many_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
