/*
 * hips sync: the same log on every machine, through the git remote
 * origin (the work is in the git store, see store.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "entry.h"
#include "logset.h"
#include "safefile.h"
#include "write.h"

/*
 * A month file whose last line has no LF (a crash mid-append, or an
 * editor) gets one before it is committed and merged, or a merge
 * could glue another line to it.  As writer_append does, a fragment
 * that is not an entry is kept as a comment, never dropped.
 */
static int
mend_file(const char *path, struct error *se)
{
	struct buf	 old = BUF_INIT, text = BUF_INIT;
	struct entry	 e;
	char		 err[ERRLEN], *frag, *copy;
	int		 rc = 0;

	if (read_file(path, &old) == -1) {
		snprintf(se->msg, sizeof(se->msg), "%s: %s", path,
		    strerror(errno));
		se->status = EXIT_FAIL;
		buf_free(&old);
		return -1;
	}
	if (old.len == 0 || old.s[old.len - 1] == '\n')
		goto out;
	frag = memrchr(old.s, '\n', old.len);
	frag = frag ? frag + 1 : old.s;
	buf_add(&text, old.s, (size_t)(frag - old.s));
	copy = xstrdup(frag);
	if (entry_parse(copy, strlen(copy), &e, err, sizeof(err)) < 0)
		buf_puts(&text, "# torn line kept by hips: ");
	free(copy);
	buf_puts(&text, frag);
	buf_putc(&text, '\n');
	if (file_replace(path, text.s, text.len) == -1) {
		snprintf(se->msg, sizeof(se->msg), "cannot write %s: %s", path,
		    strerror(errno));
		se->status = EXIT_FAIL;
		rc = -1;
	} else
		warnmsg("%s: the last line had no newline: added one", path);
out:
	buf_free(&text);
	buf_free(&old);
	return rc;
}

/*
 * The pending error, handed to the store in se: it comes back from the
 * store's sync and cmd_sync() reports it, so it is no longer pending.
 */
static int
pass_error(struct error *se)
{
	snprintf(se->msg, sizeof(se->msg), "%s", error_msg());
	se->status = error_status();
	error_clear();
	return -1;
}

static int
tidy(void *arg, struct error *se)
{
	struct writer	*w = arg;
	struct buf	 path = BUF_INIT;
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	int		 rc = 0, fd;

	/* A link in place of log/ stops the sync (safefile.h). */
	if ((rc = sf_logdir(buf_str(&w->dir), &fd)) != 0) {
		if (rc == 1)
			return 0;
		return pass_error(se);
	}
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return 0;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (!logset_is_logname(de->d_name))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/log/%s", buf_str(&w->dir), de->d_name);
		if (lstat(buf_str(&path), &sb) == 0 && S_ISREG(sb.st_mode))
			rc = mend_file(buf_str(&path), se);
	}
	closedir(d);
	buf_free(&path);
	return rc;
}

static int
lock(void *arg, struct error *se)
{
	if (writer_lock(arg) == 0)
		return 0;
	return pass_error(se);
}

static void
unlock(void *arg)
{
	writer_unlock(arg);
}

int
cmd_sync(struct hips *h, const struct cmd_args *a)
{
	struct store_sync	 s;
	struct error		 e;
	struct writer		 w;
	bool			 verbose = cmd_flag(a, 'v');
	bool			 unrelated = cmd_flag(a, 'U');
	int			 rc = -1;
	/*
	 * The network may be slow: ^C works and other hips write while it
	 * is used.  The store takes the lock and blocks signals while it
	 * changes the repository.
	 */
	if (writer_open_unlocked(h, &w) == -1)
		goto out;
	memset(&s, 0, sizeof(s));
	memset(&e, 0, sizeof(e));
	s.progress = isatty(STDERR_FILENO) == 1;
	s.lock = lock;
	s.unlock = unlock;
	s.tidy = tidy;
	s.arg = &w;
	s.allow_unrelated = unrelated;
	if (w.ops->sync(w.st, &s, w.cfg.user_name, w.cfg.user_email,
	    &e) == -1) {
		error_set(e.status ? e.status : EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	/* Under cron, nothing but errors. */
	if (verbose || isatty(STDOUT_FILENO) == 1)
		printf("%s\n", s.summary);
	rc = 0;
out:
	writer_close(&w);
	return rc;
}
