/*
 * hips sync: the same log on every machine, through the git remote
 * origin (the work is in the git plugin, see store.h; the writer holds
 * the lock and tidies the work tree, see src/write/sync.c).
 */
#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "write.h"

int
cmd_sync(struct hips *h, const struct cmd_args *a)
{
	struct writer		 w;
	char			 summary[256];
	bool			 verbose = cmd_flag(a, 'v');
	bool			 unrelated = cmd_flag(a, 'U');
	int			 rc = -1;

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
