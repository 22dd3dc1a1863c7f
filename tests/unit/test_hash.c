/*
 * Unit tests of the one hash (hash.h): FNV-1a's published values, so
 * that what depends on it (cues --daily, the output cache) never moves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hash.h"
#include "hips.h"
#include "cues.h"

static void
known_values(void **state)
{
	(void)state;
	/* The reference values of FNV-1a, 64 bits. */
	assert_true(hash_add(HASH_INIT, "", 0) == UINT64_C(0xcbf29ce484222325));
	assert_true(hash_str(HASH_INIT, "a") == UINT64_C(0xaf63dc4c8601ec8c));
	assert_true(hash_str(HASH_INIT, "foobar") ==
	    UINT64_C(0x85944171f73967e8));
	/* Bytes, NUL included, not a string. */
	assert_true(hash_add(HASH_INIT, "a\0b", 3) !=
	    hash_add(HASH_INIT, "a", 1));
	assert_true(hash_add(HASH_INIT, "\0", 1) == UINT64_C(0xaf63bd4c8601b7df));
}

static void
carries_over(void **state)
{
	uint64_t	 h;

	(void)state;
	h = hash_str(hash_str(HASH_INIT, "foo"), "bar");
	assert_true(h == hash_str(HASH_INIT, "foobar"));
	h = hash_add(hash_add(HASH_INIT, "fo", 2), "obar", 4);
	assert_true(h == UINT64_C(0x85944171f73967e8));
}

static void
cue_seed_is_the_hash(void **state)
{
	(void)state;
	/* Salt, a NUL, then the context: as before there was one hash. */
	assert_true(cue_seed("2026-11-26", "bridge") ==
	    hash_add(HASH_INIT, "2026-11-26\0bridge", 17));
	assert_true(cue_seed("", "") == hash_add(HASH_INIT, "", 1));
	assert_true(cue_seed("a", "b") != cue_seed("ab", ""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_values),
		cmocka_unit_test(carries_over),
		cmocka_unit_test(cue_seed_is_the_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
