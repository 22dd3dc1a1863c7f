/*
 * The git plugin's sync record (.git/hips-sync, src/store/sync.c): what
 * record_write() writes, record_parse() reads back; anything else is not
 * a record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store_int.h"
#include "repo.h"

static void
written_then_parsed(void **state)
{
	struct scratch	*s = *state;
	struct error	 e = { 0 };
	git_oid		 a, b, old, new;
	char		 path[128], *text, branch[256];
	size_t		 len;
	struct stat	 sb;

	assert_int_equal(git_blob_create_from_buffer(&a, s->repo, "a", 1), 0);
	assert_int_equal(git_blob_create_from_buffer(&b, s->repo, "b", 1), 0);
	/* An unborn branch: OLD is all zeros. */
	assert_int_equal(record_write(s->repo, "refs/heads/main", NULL, &b,
	    &e), 0);
	snprintf(path, sizeof(path), "%s/.git/hips-sync", s->dir);
	assert_int_equal(read_whole(path, &text, &len, &sb), 0);
	text[len] = '\0';
	assert_int_equal(len, 40 + 1 + 40 + 1 + 15 + 1);
	assert_memory_equal(text, "0000000000000000000000000000000000000000 ",
	    41);
	assert_int_equal(record_parse(text, &old, &new, branch,
	    sizeof(branch)), 0);
	assert_true(git_oid_is_zero(&old));
	assert_true(git_oid_equal(&new, &b));
	assert_string_equal(branch, "refs/heads/main");
	free(text);
	assert_int_equal(record_write(s->repo, "refs/heads/main", &a, &b,
	    &e), 0);
	assert_int_equal(read_whole(path, &text, &len, &sb), 0);
	text[len] = '\0';
	assert_int_equal(record_parse(text, &old, &new, branch,
	    sizeof(branch)), 0);
	assert_true(git_oid_equal(&old, &a));
	free(text);
}

static void
not_records(void **state)
{
	static const char *const bad[] = {
		"",
		"0000000000000000000000000000000000000000\n",
		"0000000000000000000000000000000000000000 "
		    "1111111111111111111111111111111111111111\n",
		"0000000000000000000000000000000000000000 "
		    "1111111111111111111111111111111111111111 main\n",
		"0000000000000000000000000000000000000000 "
		    "111111111111111111111111111111111111111x refs/heads/main\n",
		"00000 1111111111111111111111111111111111111111 "
		    "refs/heads/main\n",
		"0000000000000000000000000000000000000000 "
		    "1111111111111111111111111111111111111111 refs/tags/v1\n",
	};
	git_oid		 old, new;
	char		 branch[256], small[12];
	size_t		 i;

	(void)state;
	/* libgit2's error state (a bad id sets one) is freed at shutdown. */
	git_libgit2_init();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(record_parse(bad[i], &old, &new, branch,
		    sizeof(branch)), -1);
	/* A branch name too long for the caller's buffer is refused. */
	assert_int_equal(record_parse("0000000000000000000000000000000000000000 "
	    "1111111111111111111111111111111111111111 refs/heads/main\n",
	    &old, &new, small, sizeof(small)), -1);
	git_libgit2_shutdown();
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(written_then_parsed,
		    setup_repo, teardown_repo),
		cmocka_unit_test(not_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
