/* hips undo: remove the last entry, with a new commit. */
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "write.h"

int
cmd_undo(struct hips *h, const struct cmd_args *a)
{
	struct store_entry	 last;
	struct writer		 w;
	struct buf		 msg = BUF_INIT;
	const char		*what;
	int			 rc = -1, found;

	(void)a;
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
	if ((found = writer_last_entry(&w, &last)) == -1)
		goto out;
	if (found == 0) {
		error_set(EXIT_FAIL, "nothing to undo");
		goto out;
	}
	/* "log: bridge 3x12" becomes "undo: bridge 3x12". */
	what = strncmp(last.subject, "log: ", 5) == 0 ? last.subject + 5 :
	    last.subject;
	buf_printf(&msg, "undo: %s\n\n%s\n", what, last.line);
	if (writer_remove(&w, last.path, last.line, buf_str(&msg)) == 0) {
		printf("removed: ");
		fput_safe(stdout, last.line);
		putchar('\n');
		rc = 0;
	}
out:
	writer_close(&w);
	buf_free(&msg);
	return rc;
}
