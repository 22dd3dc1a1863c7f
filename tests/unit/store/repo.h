/*
 * For the git plugin's unit tests: a scratch repository in a temporary
 * directory, made and removed around each test.
 */
#ifndef TEST_STORE_REPO_H
#define TEST_STORE_REPO_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <git2.h>

struct scratch {
	char		 dir[64];
	git_repository	*repo;
};

static int
scratch_rm(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(path);
}

/* A new repository with a work tree; NULL when it cannot be made. */
static struct scratch *
scratch_new(void)
{
	struct scratch	*s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	git_libgit2_init();
	snprintf(s->dir, sizeof(s->dir), "/tmp/hips-store-test.XXXXXX");
	if (mkdtemp(s->dir) == NULL ||
	    git_repository_init(&s->repo, s->dir, 0) < 0) {
		free(s);
		return NULL;
	}
	return s;
}

static void
scratch_free(struct scratch *s)
{
	if (s == NULL)
		return;
	git_repository_free(s->repo);
	nftw(s->dir, scratch_rm, 16, FTW_DEPTH | FTW_PHYS);
	free(s);
	git_libgit2_shutdown();
}

static int
setup_repo(void **state)
{
	return (*state = scratch_new()) == NULL ? -1 : 0;
}

static int
teardown_repo(void **state)
{
	scratch_free(*state);
	return 0;
}

#endif
