/*
 * The git plugin's .idx reader (src/store/pack.c): the object count of
 * a pack index, version 2 as libgit2 writes it and version 1.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store_int.h"
#include "repo.h"

static char	*idx_found;

static int
remember_idx(const char *path, const struct stat *sb, int flag,
    struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	if (strlen(path) > 4 && strcmp(path + strlen(path) - 4, ".idx") == 0)
		idx_found = strdup(path);
	return 0;
}

static void
count_of_libgit2_pack(void **state)
{
	struct scratch		*s = *state;
	git_packbuilder		*pb;
	git_oid			 id;
	char			 text[32], dir[128];
	int			 i;

	assert_int_equal(git_packbuilder_new(&pb, s->repo), 0);
	for (i = 0; i < 300; i++) {
		snprintf(text, sizeof(text), "object %d", i);
		assert_int_equal(git_blob_create_from_buffer(&id, s->repo,
		    text, strlen(text)), 0);
		assert_int_equal(git_packbuilder_insert(pb, &id, NULL), 0);
	}
	snprintf(dir, sizeof(dir), "%s/packs", s->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(git_packbuilder_write(pb, dir, 0, NULL, NULL), 0);
	git_packbuilder_free(pb);
	idx_found = NULL;
	nftw(dir, remember_idx, 4, FTW_PHYS);
	assert_non_null(idx_found);
	assert_int_equal(idx_count(idx_found), 300);
	free(idx_found);
}

static void
count_of_version_1(void **state)
{
	struct scratch	*s = *state;
	unsigned char	 b[1024 + 24];
	char		 path[128];
	int		 fd;

	/* Version 1: the fan-out table first, its last slot the count. */
	memset(b, 0, sizeof(b));
	b[1020] = 0x01;
	b[1023] = 0x02;
	snprintf(path, sizeof(path), "%s/v1.idx", s->dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, b, sizeof(b)), (int)sizeof(b));
	close(fd);
	assert_int_equal(idx_count(path), 0x01000002L);
}

static void
short_or_missing(void **state)
{
	struct scratch	*s = *state;
	char		 path[128];
	int		 fd;

	snprintf(path, sizeof(path), "%s/short.idx", s->dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, "\377tOc\0\0\0\2", 8), 8);
	close(fd);
	assert_int_equal(idx_count(path), -1);
	snprintf(path, sizeof(path), "%s/none.idx", s->dir);
	assert_int_equal(idx_count(path), -1);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test_setup_teardown(count_of_libgit2_pack,
		    setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(count_of_version_1,
		    setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(short_or_missing,
		    setup_repo, teardown_repo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
