/*
 * The one repair of a torn last line (src/write/torn.c): an entry gets
 * its LF, anything else is kept as a comment with every byte visible,
 * NUL bytes included, and nothing before it changes.
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
#include "torn.h"

#define GOOD	"2026-11-26T07:31:05+01:00 bridge 3x12\n"

static int
repair(const char *data, size_t len, struct buf *out)
{
	buf_reset(out);
	return torn_repair(data, len, out);
}

static void
whole_text_unchanged(void **state)
{
	struct buf	 b = BUF_INIT;

	(void)state;
	assert_int_equal(repair("", 0, &b), TORN_NONE);
	assert_int_equal(b.len, 0);
	assert_int_equal(repair(GOOD, strlen(GOOD), &b), TORN_NONE);
	assert_string_equal(buf_str(&b), GOOD);
	buf_free(&b);
}

static void
torn_entry_gets_its_newline(void **state)
{
	struct buf	 b = BUF_INIT;
	const char	*t = GOOD "2026-11-27T08:00:00+01:00 squat 3x10";

	(void)state;
	assert_int_equal(repair(t, strlen(t), &b), TORN_LINE);
	assert_string_equal(buf_str(&b), GOOD
	    "2026-11-27T08:00:00+01:00 squat 3x10\n");
	/* A file of one torn line. */
	t = "2026-11-27T08:00:00+01:00 squat 3x10";
	assert_int_equal(repair(t, strlen(t), &b), TORN_LINE);
	assert_string_equal(buf_str(&b), "2026-11-27T08:00:00+01:00 squat "
	    "3x10\n");
	buf_free(&b);
}

static void
fragment_kept_as_a_comment(void **state)
{
	struct buf	 b = BUF_INIT;
	const char	*t = GOOD "2026-11-21T08:00";

	(void)state;
	assert_int_equal(repair(t, strlen(t), &b), TORN_COMMENT);
	assert_string_equal(buf_str(&b), GOOD
	    "# torn line kept by hips: 2026-11-21T08:00\n");
	buf_free(&b);
}

static void
nul_bytes_kept_visible(void **state)
{
	static const char t[] = GOOD "2026-11\0\0-21\033x";
	struct buf	 b = BUF_INIT;

	(void)state;
	assert_int_equal(repair(t, sizeof(t) - 1, &b), TORN_COMMENT);
	/* Nothing after a NUL is lost, control bytes are escaped. */
	assert_int_equal(b.len, strlen(buf_str(&b)));
	assert_string_equal(buf_str(&b), GOOD "# torn line kept by hips: "
	    "2026-11\\x00\\x00-21\\x1bx\n");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(whole_text_unchanged),
		cmocka_unit_test(torn_entry_gets_its_newline),
		cmocka_unit_test(fragment_kept_as_a_comment),
		cmocka_unit_test(nul_bytes_kept_visible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
