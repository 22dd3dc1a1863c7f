/* hips git: the system git, run inside the data directory. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

/* Where git would find the repository instead of the current directory. */
static const char *const git_location_vars[] = {
	"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
	"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
	"GIT_NAMESPACE",
};

/*
 * Every argument belongs to git (hips git log -n 3, hips git -c k=v ...),
 * except a first -h or --help, which shows this usage.
 */
int
cmd_git(struct hips *h, const struct cmd_args *a)
{
	struct buf	 dir = BUF_INIT, dotgit = BUF_INIT;
	struct stat	 sb;
	char		**args;
	size_t		 i;
	int		 k;

	buf_puts(&dir, h->datadir);
	buf_printf(&dotgit, "%s/.git", buf_str(&dir));
	/* Never let git find some other repository above it. */
	if (stat(buf_str(&dotgit), &sb) == -1) {
		if (errno == ENOENT)
			error_set(EXIT_FAIL, "no data repository in '%s' (run "
			    "'hips init')", buf_str(&dir));
		else
			error_set(EXIT_FAIL, "%s: %s", buf_str(&dotgit),
			    strerror(errno));
		goto fail;
	}
	if (chdir(buf_str(&dir)) == -1) {
		error_set(EXIT_FAIL, "%s: %s", buf_str(&dir), strerror(errno));
		goto fail;
	}
	for (i = 0; i < sizeof(git_location_vars) /
	    sizeof(git_location_vars[0]); i++)
		unsetenv(git_location_vars[i]);
	args = xreallocarray(NULL, (size_t)a->argc + 2, sizeof(*args));
	args[0] = xstrdup("git");
	for (k = 0; k < a->argc; k++)
		args[k + 1] = a->argv[k];
	args[a->argc + 1] = NULL;
	fflush(stdout);
	execvp("git", args);
	error_set(EXIT_FAIL, "cannot run git: %s", strerror(errno));
	free(args[0]);
	free(args);
fail:
	buf_free(&dotgit);
	buf_free(&dir);
	return -1;
}
