/* Unit tests of the cue set: the INI loader and the choice of a cue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hips.h"
#include "cues.h"

static int
parse(struct cueset *set, const char *text)
{
	error_clear();
	return cueset_parse(set, "t.ini", text, strlen(text));
}

static void
builtin_set(void **state)
{
	static const char *const contexts[] = {
		"lifting", "sitting", "standing", "walking", "stairs", "desk",
		"morning", "mindset", "bridge", "clamshell", "hinge",
	};
	struct cueset	 set;
	const char	*text;
	size_t		 i, j, len, sum = 0;

	(void)state;
	text = cues_builtin(&len);
	assert_int_equal(strlen(text), len);
	assert_true(len > 0 && text[len - 1] == '\n');
	cueset_builtin(&set);
	assert_true(set.ncue >= 40);
	assert_int_equal(set.nctx, sizeof(contexts) / sizeof(contexts[0]));
	for (i = 0; i < set.nctx; i++) {
		assert_string_equal(set.ctx[i].name, contexts[i]);
		assert_int_equal(set.ctx[i].first, sum);
		assert_true(set.ctx[i].count >= 3);
		sum += set.ctx[i].count;
	}
	assert_int_equal(sum, set.ncue);
	for (i = 0; i < set.ncue; i++) {
		/* Short: one line of a terminal or a notification. */
		assert_true(strlen(set.cue[i]) <= 100);
		assert_true(strlen(set.cue[i]) >= 20);
		for (j = 0; j < i; j++)
			if (strcmp(set.cue[i], set.cue[j]) == 0)
				fail_msg("cue given twice: %s", set.cue[i]);
	}
	cueset_free(&set);
	assert_int_equal(set.ncue, 0);
}

static void
good_files(void **state)
{
	struct cueset	 set;
	char		 longest[256];

	(void)state;
	assert_int_equal(parse(&set, "\xef\xbb\xbf; comment\n# comment\n\n"
	    "[a]\ncue = one = 1\ncue = two ; an inline comment\n"
	    "cue=caf\xc3\xa9\n[b-2]\ncue = three\n"), 0);
	assert_int_equal(set.ncue, 4);
	assert_int_equal(set.nctx, 2);
	assert_string_equal(set.cue[0], "one = 1");
	assert_string_equal(set.cue[1], "two");
	assert_string_equal(set.cue[2], "caf\xc3\xa9");
	assert_string_equal(set.ctx[0].name, "a");
	assert_int_equal(set.ctx[0].line, 4);
	assert_int_equal(set.ctx[0].first, 0);
	assert_int_equal(set.ctx[0].count, 3);
	assert_string_equal(set.ctx[1].name, "b-2");
	assert_int_equal(set.ctx[1].first, 3);
	assert_int_equal(set.ctx[1].count, 1);
	assert_ptr_equal(cueset_find(&set, "b-2"), &set.ctx[1]);
	assert_null(cueset_find(&set, "b"));
	assert_null(cueset_find(&set, ""));
	cueset_free(&set);

	/* The longest line inih reads whole. */
	snprintf(longest, sizeof(longest), "[a]\ncue = %0192d\n", 7);
	assert_int_equal(strlen(longest), 4 + 198 + 1);
	assert_int_equal(parse(&set, longest), 0);
	assert_int_equal(strlen(set.cue[0]), 192);
	cueset_free(&set);

	/* A context name of CUE_NAME_MAX characters, a final line sans LF. */
	assert_int_equal(parse(&set, "[abcdefghijklmnopqrstuvwxyz-12345]\n"
	    "cue = x"), 0);
	assert_string_equal(set.cue[0], "x");
	cueset_free(&set);
}

static void
bad_files(void **state)
{
	static const struct {
		const char	*text;
		size_t		 len;	/* 0: strlen */
		const char	*msg;
	} bad[] = {
		{ "[a]\ncue = x\ntip = y\n", 0,
		    "t.ini:3: unknown key 'tip' in [a]" },
		{ "[a]\ncue = x\nCue = y\n", 0,
		    "t.ini:3: unknown key 'Cue' in [a]" },
		{ "[a]\ncue = x\n[b]\n; nothing\n[c]\ncue = y\n", 0,
		    "t.ini:3: section [b] has no cues" },
		{ "[a]\ncue = x\n\n[b]\n", 0,
		    "t.ini:4: section [b] has no cues" },
		{ "[a]\ncue = x\n[b]\ncue = y\n[a]\ncue = z\n", 0,
		    "t.ini:5: duplicate section [a] (first at line 1)" },
		{ "[a]\ncue = x\n[a]\n", 0,
		    "t.ini:3: duplicate section [a] (first at line 1)" },
		{ "[a]\ncue = caf\xe9\n", 0, "t.ini:2: not valid UTF-8" },
		{ "[a]\ncue = \xc0\xaf\n", 0, "t.ini:2: not valid UTF-8" },
		{ "[a]\ncue = \xed\xa0\x80\n", 0, "t.ini:2: not valid UTF-8" },
		{ "[a]\ncue = x\0y\n", 12, "t.ini:2: NUL byte in line" },
		{ "[a]\r\ncue = x\r\n", 0, "t.ini:1: carriage return" },
		{ "[a]\ncue = x\r\n", 0, "t.ini:2: carriage return" },
		{ "cue = x\n[a]\ncue = y\n", 0,
		    "t.ini:1: 'cue' outside a section" },
		{ "; top\n\ncue = x\n", 0, "t.ini:3: 'cue' outside a section" },
		{ "[Lifting]\ncue = x\n", 0,
		    "t.ini:1: bad context name 'Lifting'" },
		{ "[a]\ncue = x\n[a b]\ncue = y\n", 0,
		    "t.ini:3: bad context name 'a b'" },
		{ "[]\ncue = x\n", 0, "t.ini:1: bad context name ''" },
		{ "[*]\ncue = x\n", 0, "t.ini:1: bad context name '*'" },
		{ "[1a]\ncue = x\n", 0, "t.ini:1: bad context name '1a'" },
		{ "[abcdefghijklmnopqrstuvwxyz-123456]\ncue = x\n", 0,
		    "t.ini:1: bad context name" },
		{ "[a]\ncue =\n", 0, "t.ini:2: empty cue in [a]" },
		{ "[a]\ncue = ; only a comment\n", 0,
		    "t.ini:2: empty cue in [a]" },
		{ "[a]\ncue = x\ty\n", 0, "t.ini:2: control character" },
		{ "[a]\ncue = x\033[31m\n", 0, "t.ini:2: control character" },
		{ "[a]\ncue = \xc2\x9b" "31m\n", 0,
		    "t.ini:2: control character" },
		{ "[a]\njust words\n", 0, "t.ini:2: expected 'KEY = VALUE'" },
		{ "[a\ncue = x\n", 0, "t.ini:1: section header without ']'" },
		{ "[a] x\ncue = x\n", 0, "t.ini:1: text after section header" },
		{ "[a]\ncue = x\n  and more\n", 0,
		    "t.ini:3: line starts with white space" },
		{ "", 0, "t.ini: no cues" },
		{ "; only comments\n\n# here\n", 0, "t.ini: no cues" },
	};
	struct cueset	 set;
	char		 over[256];
	size_t		 i, len;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		len = bad[i].len ? bad[i].len : strlen(bad[i].text);
		error_clear();
		if (cueset_parse(&set, "t.ini", bad[i].text, len) != -1)
			fail_msg("case %zu parsed", i);
		if (strncmp(error_msg(), bad[i].msg, strlen(bad[i].msg)) != 0)
			fail_msg("case %zu: got '%s', want '%s...'", i,
			    error_msg(), bad[i].msg);
		assert_int_equal(error_status(), EXIT_FAIL);
		/* Nothing is left behind on failure. */
		assert_int_equal(set.ncue, 0);
		assert_int_equal(set.nctx, 0);
		assert_null(set.cue);
	}

	/*
	 * The longest line every inih reads whole: 199 bytes with its LF, as
	 * hips(5) says; one byte more is an error.
	 */
	snprintf(over, sizeof(over), "[a]\ncue = %0192d\n", 7);
	assert_int_equal(strlen(over), 4 + 198 + 1);
	assert_int_equal(parse(&set, over), 0);
	assert_int_equal(set.ncue, 1);
	assert_int_equal(strlen(set.cue[0]), 192);
	cueset_free(&set);
	snprintf(over, sizeof(over), "[a]\ncue = %0193d\n", 7);
	assert_int_equal(strlen(over), 4 + 199 + 1);
	assert_int_equal(parse(&set, over), -1);
	assert_string_equal(error_msg(), "t.ini:2: line longer than 199 "
	    "bytes, counting its newline");
	assert_int_equal(error_status(), EXIT_FAIL);
}

/* Every window of n positions at a cycle boundary is a permutation. */
static void
check_cycles(size_t n, uint64_t seed, int64_t from, int64_t cycles)
{
	unsigned char	*seen = calloc(n, 1);
	int64_t		 c, k;
	size_t		 i, prev = n;

	assert_non_null(seen);
	for (c = 0; c < cycles; c++) {
		memset(seen, 0, n);
		for (k = from + c * (int64_t)n; k < from + (c + 1) *
		    (int64_t)n; k++) {
			i = cue_pick(n, k, seed);
			assert_true(i < n);
			if (seen[i])
				fail_msg("n %zu: cue %zu twice in a cycle at "
				    "%lld", n, i, (long long)k);
			seen[i] = 1;
			if (n > 1 && i == prev)
				fail_msg("n %zu: cue %zu twice in a row at "
				    "%lld", n, i, (long long)k);
			prev = i;
			/* The same position always gives the same cue. */
			assert_int_equal(cue_pick(n, k, seed), i);
		}
	}
	free(seen);
}

static void
cycles_cover_all_without_repeats(void **state)
{
	size_t		 n;
	uint64_t	 seeds[3];
	int		 s;

	(void)state;
	seeds[0] = cue_seed("daily", "");
	seeds[1] = cue_seed("next", "lifting");
	seeds[2] = 0;
	for (n = 1; n <= 70; n++)
		for (s = 0; s < 3; s++) {
			/* Cycles aligned to 0 from well before 1970 on. */
			check_cycles(n, seeds[s], -5 * (int64_t)n, 12);
			/* Around today's day numbers. */
			check_cycles(n, seeds[s], 20418 / (int64_t)n *
			    (int64_t)n, 8);
		}
	check_cycles(500, seeds[0], 0, 4);
}

/* Consecutive days differ everywhere, not only on cycle boundaries. */
static void
consecutive_days_differ(void **state)
{
	size_t		 n;
	int64_t		 day;
	uint64_t	 seed = cue_seed("daily", "");

	(void)state;
	for (n = 2; n <= 67; n += 13)
		for (day = -400; day < 25000; day++)
			if (cue_pick(n, day, seed) ==
			    cue_pick(n, day + 1, seed))
				fail_msg("n %zu: day %lld and the next share "
				    "a cue", n, (long long)day);
}

/* The order is shuffled, differs from cycle to cycle, and by seed. */
static void
order_is_shuffled(void **state)
{
	const size_t	 n = 67;
	uint64_t	 a = cue_seed("daily", ""), b = cue_seed("daily",
			    "bridge");
	size_t		 k, same_cycle = 0, same_seed = 0, identity = 0;

	(void)state;
	assert_true(a != b);
	assert_true(cue_seed("daily", "") != cue_seed("next", ""));
	assert_true(cue_seed("da", "ily") != cue_seed("dai", "ly"));
	for (k = 0; k < n; k++) {
		identity += cue_pick(n, (int64_t)k, a) == k;
		same_cycle += cue_pick(n, (int64_t)k, a) ==
		    cue_pick(n, (int64_t)(k + n), a);
		same_seed += cue_pick(n, (int64_t)k, a) ==
		    cue_pick(n, (int64_t)k, b);
	}
	/* A random match of two permutations is about 1 in n per place. */
	assert_true(identity < 10);
	assert_true(same_cycle < 10);
	assert_true(same_seed < 10);
	/* Two cues alternate; one cue is the only choice. */
	assert_int_equal(cue_pick(1, 12345, a), 0);
	assert_int_equal(cue_pick(2, 0, a), cue_pick(2, 2, a));
	assert_int_equal(cue_pick(2, 0, a), cue_pick(2, -2, a));
	assert_int_equal(cue_pick(2, 0, a) + cue_pick(2, 1, a), 1);
}

static void
extreme_positions(void **state)
{
	uint64_t	 seed = cue_seed("next", "");
	size_t		 n;

	(void)state;
	for (n = 1; n <= 9; n++) {
		assert_true(cue_pick(n, INT64_MAX, seed) < n);
		assert_true(cue_pick(n, INT64_MIN, seed) < n);
		assert_true(cue_pick(n, INT64_MIN + 1, seed) < n);
		if (n > 1)
			assert_true(cue_pick(n, INT64_MAX, seed) !=
			    cue_pick(n, INT64_MAX - 1, seed));
	}
}

/* Choosing within one context stays within its cues. */
static void
context_filtering(void **state)
{
	struct cueset			 set;
	const struct cue_context	*c;
	int64_t				 day;
	size_t				 i;

	(void)state;
	cueset_builtin(&set);
	c = cueset_find(&set, "bridge");
	assert_non_null(c);
	for (day = 20000; day < 20000 + 3 * (int64_t)c->count; day++) {
		i = c->first + cue_pick(c->count, day, cue_seed("daily",
		    c->name));
		assert_true(i >= c->first && i < c->first + c->count);
	}
	assert_string_equal(set.cue[c->first], "Glute bridge: feet flat, "
	    "lift by squeezing the glutes, not by arching the back.");
	cueset_free(&set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtin_set),
		cmocka_unit_test(good_files),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(cycles_cover_all_without_repeats),
		cmocka_unit_test(consecutive_days_differ),
		cmocka_unit_test(order_is_shuffled),
		cmocka_unit_test(extreme_positions),
		cmocka_unit_test(context_filtering),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
