/*
 * The git plugin's raw tree writer (src/store/tree.c): the trees it
 * writes are the ones libgit2 writes from an index of the same files,
 * byte for byte (same ids), names in git's order included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store_int.h"
#include "repo.h"

/* libgit2's tree for paths[i] holding blobs ids[i]. */
static void
expected(git_repository *repo, const char **paths, const git_oid *ids,
    size_t n, git_oid *out)
{
	git_index	*idx;
	git_index_entry	 ie;
	size_t		 i;

	assert_int_equal(git_index_new(&idx), 0);
	for (i = 0; i < n; i++) {
		memset(&ie, 0, sizeof(ie));
		ie.mode = GIT_FILEMODE_BLOB;
		ie.id = ids[i];
		ie.path = paths[i];
		assert_int_equal(git_index_add(idx, &ie), 0);
	}
	assert_int_equal(git_index_write_tree_to(out, idx, repo), 0);
	git_index_free(idx);
}

static void
blob(git_repository *repo, const char *text, git_oid *id)
{
	assert_int_equal(git_blob_create_from_buffer(id, repo, text,
	    strlen(text)), 0);
}

/* "a" the file sorts before "a-b", "a.b", and "a/" the directory after. */
static const char *paths[] = {
	"a/x", "a-b", "a.b", "a/y/z", "b", "log/2026-01.log", "a0",
	".gitattributes",
};
#define NPATHS	(sizeof(paths) / sizeof(paths[0]))

static void
new_tree_matches_libgit2(void **state)
{
	struct scratch	*s = *state;
	struct fresh	 f = { 0 };
	struct oids	 written = { 0 };
	struct stat	 sb = { 0 };
	git_oid		 ids[NPATHS], got, want;
	git_tree	*t;
	git_tree_entry	*te;
	size_t		 i;

	for (i = 0; i < NPATHS; i++) {
		blob(s->repo, paths[i], &ids[i]);
		assert_int_equal(fresh_add(&f, paths[i], &ids[i], &sb, true),
		    0);
	}
	assert_int_equal(tree_with(s->repo, NULL, &f, &got, &written), 0);
	expected(s->repo, paths, ids, NPATHS, &want);
	assert_true(git_oid_equal(&got, &want));
	/* Read back: each path holds its blob. */
	assert_int_equal(git_tree_lookup(&t, s->repo, &got), 0);
	for (i = 0; i < NPATHS; i++) {
		assert_int_equal(git_tree_entry_bypath(&te, t, paths[i]), 0);
		assert_true(git_oid_equal(git_tree_entry_id(te), &ids[i]));
		git_tree_entry_free(te);
	}
	/* The blobs and every tree written are listed for the fsyncs. */
	assert_true(written.n >= NPATHS + 4);
	git_tree_free(t);
	fresh_free(&f);
	free(written.v);
}

static void
changed_files_over_a_base(void **state)
{
	struct scratch	*s = *state;
	struct fresh	 f = { 0 }, g = { 0 };
	struct oids	 written = { 0 };
	struct stat	 sb = { 0 };
	const char	*more[NPATHS + 1];
	git_oid		 ids[NPATHS + 1], base_id, got, want;
	git_tree	*base;
	size_t		 i;

	for (i = 0; i < NPATHS; i++) {
		blob(s->repo, paths[i], &ids[i]);
		assert_int_equal(fresh_add(&f, paths[i], &ids[i], &sb, true),
		    0);
		more[i] = paths[i];
	}
	assert_int_equal(tree_with(s->repo, NULL, &f, &base_id, &written), 0);
	assert_int_equal(git_tree_lookup(&base, s->repo, &base_id), 0);
	/* One file changed deep down, one added, one unchanged listed. */
	blob(s->repo, "changed", &ids[3]);
	assert_int_equal(fresh_add(&g, paths[3], &ids[3], &sb, true), 0);
	more[NPATHS] = "c/d";
	blob(s->repo, "new", &ids[NPATHS]);
	assert_int_equal(fresh_add(&g, "c/d", &ids[NPATHS], &sb, true), 0);
	assert_int_equal(fresh_add(&g, "b", &ids[0], &sb, false), 0);
	written.n = 0;
	assert_int_equal(tree_with(s->repo, base, &g, &got, &written), 0);
	expected(s->repo, more, ids, NPATHS + 1, &want);
	assert_true(git_oid_equal(&got, &want));
	/* Only the trees on the way were written: /, a/, a/y/, c/. */
	assert_int_equal(written.n, 2 + 4);
	git_tree_free(base);
	fresh_free(&f);
	fresh_free(&g);
	free(written.v);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(new_tree_matches_libgit2,
		    setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(changed_files_over_a_base,
		    setup_repo, teardown_repo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
