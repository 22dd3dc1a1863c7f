/*
 * hips undo: take back the last command that logged, with a new commit:
 * every line its commit added (a skip range, both sides of hips go, an
 * import), not only the first.
 */
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "write.h"

#define UNDO_MSGLINES	50	/* lines listed in the commit message */
#define UNDO_SHOWLINES	10	/* lines printed */

int
cmd_undo(struct hips *h, const struct cmd_args *a)
{
	struct store_entry	 last;
	struct writer		 w;
	struct buf		 msg = BUF_INIT;
	const char		*what;
	size_t			 i;
	int			 rc = -1, found;

	(void)a;
	memset(&last, 0, sizeof(last));
	buf_printf(&msg, "%s/.git", h->datadir);
	if (access(buf_str(&msg), F_OK) == -1) {
		buf_free(&msg);
		return error_set(EXIT_FAIL, "nothing to undo: no data yet");
	}
	buf_reset(&msg);
	if (writer_open(h, &w, false) == -1) {
		writer_close(&w);
		return -1;
	}
	/* A killed write's line is the newest entry: commit it first. */
	if (writer_recover(&w) == -1)
		goto out;
	if ((found = writer_last_entry(&w, &last)) == -1)
		goto out;
	if (found == 0 || last.n == 0) {
		error_set(EXIT_FAIL, "nothing to undo");
		goto out;
	}
	/* "log: bridge 3x12" becomes "undo: bridge 3x12". */
	what = strncmp(last.subject, "log: ", 5) == 0 ? last.subject + 5 :
	    last.subject;
	buf_printf(&msg, "undo: %s", what);
	if (last.n > 1)
		buf_printf(&msg, " (%zu lines)", last.n);
	buf_puts(&msg, "\n\n");
	for (i = 0; i < last.n && i < UNDO_MSGLINES; i++)
		buf_printf(&msg, "%s\n", last.lines[i]);
	if (last.n > UNDO_MSGLINES)
		buf_printf(&msg, "... and %zu more\n", last.n - UNDO_MSGLINES);
	if (last.n == 1 ? writer_remove(&w, last.paths[0], last.lines[0],
	    buf_str(&msg)) == -1 : writer_remove_lines(&w, last.n,
	    (const char *const *)last.paths, (const char *const *)last.lines,
	    buf_str(&msg)) == -1)
		goto out;
	if (last.n > 1) {
		printf("removed %zu lines (", last.n);
		fput_safe(stdout, last.subject);
		printf("):\n");
	}
	for (i = 0; i < last.n && i < UNDO_SHOWLINES; i++) {
		printf("removed: ");
		fput_safe(stdout, last.lines[i]);
		putchar('\n');
	}
	if (last.n > UNDO_SHOWLINES)
		printf("... and %zu more\n", last.n - UNDO_SHOWLINES);
	rc = 0;
out:
	store_entry_free(&last);
	writer_close(&w);
	buf_free(&msg);
	return rc;
}
