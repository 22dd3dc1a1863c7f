/*
 * hips sync: the same log on every machine, through the git remote
 * origin (the work is in the git plugin, see store.h).  hips git: the
 * system git, run inside the data directory, for everything else.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hips.h"
#include "entry.h"
#include "logset.h"
#include "safefile.h"
#include "write.h"

int
cmd_sync(struct hips *h, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "allow-unrelated", no_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct writer		 w;
	char			 summary[256];
	bool			 verbose = false, unrelated = false;
	int			 ch, rc = -1;

	while ((ch = cmd_getopt(cmd_find("sync"), argc, argv, "v",
	    longopts)) != -1) {
		switch (ch) {
		case -2:
			return 0;
		case -3:
			return -1;
		case 'v':
			verbose = true;
			break;
		case 'U':
			unrelated = true;
			break;
		}
	}
	if (cmd_optind < argc)
		return error_usage("sync: unexpected '%s'", argv[cmd_optind]);
	/*
	 * The network may be slow: ^C works and other hips write while it
	 * is used.  The writer takes the lock and holds signals only while
	 * the repository changes.
	 */
	if (writer_open_unlocked(h, &w) == -1)
		goto out;
	if (writer_sync(&w, unrelated, isatty(STDERR_FILENO) == 1, summary,
	    sizeof(summary)) == -1)
		goto out;
	/* Under cron, nothing but errors. */
	if (verbose || isatty(STDOUT_FILENO) == 1)
		printf("%s\n", summary);
	rc = 0;
out:
	writer_close(&w);
	return rc;
}

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
cmd_git(struct hips *h, int argc, char **argv)
{
	struct buf	 dir = BUF_INIT, dotgit = BUF_INIT;
	struct stat	 sb;
	char		**args;
	size_t		 i;
	int		 k;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		cmd_usage(stdout, cmd_find("git"));
		return 0;
	}
	if (path_datadir(h->dir_opt, &dir) == -1)
		return -1;
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
	args = xreallocarray(NULL, (size_t)argc + 1, sizeof(*args));
	args[0] = xstrdup("git");
	for (k = 1; k < argc; k++)
		args[k] = argv[k];
	args[argc] = NULL;
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
