/* Unit tests of the log file names every reader agrees on (logset.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "logset.h"

static void
log_names(void **state)
{
	(void)state;
	assert_true(logset_is_logname("2026-11.log"));
	assert_true(logset_is_logname("notes.log"));
	assert_true(logset_is_logname("x.log"));
	assert_false(logset_is_logname(".log"));
	assert_false(logset_is_logname(".2026-11.log"));
	assert_false(logset_is_logname("2026-11.log.swp"));
	assert_false(logset_is_logname("2026-11.txt"));
	assert_false(logset_is_logname(""));
}

static void
month_names(void **state)
{
	int	 y = 0, m = 0;

	(void)state;
	assert_true(logset_month_name("2026-11.log", &y, &m));
	assert_int_equal(y, 2026);
	assert_int_equal(m, 11);
	assert_true(logset_month_name("0001-01.log", &y, &m));
	assert_int_equal(y, 1);
	assert_int_equal(m, 1);
	assert_true(logset_month_name("2025-12.log", &y, &m));
	assert_int_equal(m, 12);
	assert_false(logset_month_name("2026-00.log", &y, &m));
	assert_false(logset_month_name("2026-13.log", &y, &m));
	assert_false(logset_month_name("2026-20.log", &y, &m));
	assert_false(logset_month_name("2026-1.log", &y, &m));
	assert_false(logset_month_name("226-11.log", &y, &m));
	assert_false(logset_month_name("+026-11.log", &y, &m));
	assert_false(logset_month_name(" 026-11.log", &y, &m));
	assert_false(logset_month_name("2026_11.log", &y, &m));
	assert_false(logset_month_name("2026-11.log~", &y, &m));
	assert_false(logset_month_name("2026-11.lof", &y, &m));
	assert_false(logset_month_name("2026-11-01.log", &y, &m));
	assert_false(logset_month_name("notes.log", &y, &m));
	assert_false(logset_month_name("", &y, &m));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(log_names),
		cmocka_unit_test(month_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
