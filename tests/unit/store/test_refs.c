/*
 * The git plugin's reflog writer (src/store/refs.c): the lines it
 * appends are the ones git reads back (libgit2's parser here), with the
 * message on one line, and a line taken back is gone.
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
ids(git_repository *repo, git_oid *a, git_oid *b)
{
	assert_int_equal(git_blob_create_from_buffer(a, repo, "a", 1), 0);
	assert_int_equal(git_blob_create_from_buffer(b, repo, "b", 1), 0);
}

static void
line_read_back_by_libgit2(void **state)
{
	struct scratch		*s = *state;
	struct rlog		 r[2];
	git_signature		*sig;
	git_reflog		*rl;
	const git_reflog_entry	*re;
	const git_signature	*who;
	git_oid			 a, b;
	const char		*names[] = { "refs/heads/main", "HEAD" };
	size_t			 i;

	ids(s->repo, &a, &b);
	assert_int_equal(git_signature_new(&sig, "Ann Example",
	    "ann@example.org", 1767225600, -90), 0);
	assert_int_equal(reflogs_append(s->repo, "refs/heads/main", &a, &b,
	    sig, "log: squat 3x10\n\nsquat 3x10 \t\n", r), 0);
	reflogs_close(r, true);
	for (i = 0; i < 2; i++) {
		assert_int_equal(git_reflog_read(&rl, s->repo, names[i]), 0);
		assert_int_equal(git_reflog_entrycount(rl), 1);
		re = git_reflog_entry_byindex(rl, 0);
		assert_true(git_oid_equal(git_reflog_entry_id_old(re), &a));
		assert_true(git_oid_equal(git_reflog_entry_id_new(re), &b));
		/* Newlines become spaces, trailing blanks go. */
		assert_string_equal(git_reflog_entry_message(re),
		    "log: squat 3x10  squat 3x10");
		who = git_reflog_entry_committer(re);
		assert_string_equal(who->name, "Ann Example");
		assert_string_equal(who->email, "ann@example.org");
		assert_int_equal(who->when.time, 1767225600);
		assert_int_equal(who->when.offset, -90);
		git_reflog_free(rl);
	}
	git_signature_free(sig);
}

static void
line_taken_back(void **state)
{
	struct scratch	*s = *state;
	struct rlog	 r[2];
	git_signature	*sig;
	git_reflog	*rl;
	git_oid		 a, b;

	ids(s->repo, &a, &b);
	assert_int_equal(git_signature_new(&sig, "A", "a@b", 1, 0), 0);
	assert_int_equal(reflogs_append(s->repo, "refs/heads/main", &a, &b,
	    sig, "first", r), 0);
	reflogs_close(r, true);
	assert_int_equal(reflogs_append(s->repo, "refs/heads/main", &b, &a,
	    sig, "second", r), 0);
	reflogs_close(r, false);
	assert_int_equal(git_reflog_read(&rl, s->repo, "refs/heads/main"), 0);
	assert_int_equal(git_reflog_entrycount(rl), 1);
	assert_string_equal(git_reflog_entry_message(
	    git_reflog_entry_byindex(rl, 0)), "first");
	git_reflog_free(rl);
	git_signature_free(sig);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(line_read_back_by_libgit2,
		    setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(line_taken_back,
		    setup_repo, teardown_repo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
