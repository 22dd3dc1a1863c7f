/*
 * The writer's side of hips sync and of the other calls into the git
 * plugin that are not a change of a data file (the last entry for undo,
 * the remote for init).  A sync runs top to bottom: cmd_sync ->
 * writer_sync() -> the plugin, which calls back here to take the lock
 * (signals held) and to repair torn lines before it commits and merges.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "write_int.h"
#include "fileio.h"
#include "logset.h"
#include "safefile.h"
#include "torn.h"

/* What the plugin's callbacks work on. */
struct syncarg {
	struct writer	*w;
	sigset_t	 oldmask;
};

/* The command's pending error handed to the plugin; -1. */
static int
pass_error(struct error *e)
{
	snprintf(e->msg, sizeof(e->msg), "%s", error_msg());
	e->status = error_status();
	error_clear();		/* now the plugin's to report */
	return -1;
}

/*
 * A month file whose last line has no LF (a crash mid-append, or an
 * editor) gets one before it is committed and merged, or a merge could
 * glue another line to it (torn.c).
 */
static int
mend_file(const char *path, struct error *e)
{
	struct buf	 old = BUF_INIT, text = BUF_INIT;
	int		 rc = 0;

	if (read_file(path, &old) == -1) {
		error_set(EXIT_FAIL, "%s: %s", path, strerror(errno));
		rc = pass_error(e);
		goto out;
	}
	if (torn_repair(old.s, old.len, &text) == TORN_NONE)
		goto out;
	if (fio_replace(path, text.s, text.len, 0600, FIO_SYNC, NULL) == -1) {
		error_set(EXIT_FAIL, "cannot write %s: %s", path,
		    strerror(errno));
		rc = pass_error(e);
	} else
		warnmsg("%s: the last line had no newline: added one", path);
out:
	buf_free(&text);
	buf_free(&old);
	return rc;
}

static int
tidy(void *arg, struct error *e)
{
	struct syncarg	*a = arg;
	struct buf	 path = BUF_INIT;
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	int		 rc = 0, fd;

	/* A link in place of log/ stops the sync (safefile.h). */
	if ((rc = sf_logdir(buf_str(&a->w->dir), &fd)) != 0)
		return rc == 1 ? 0 : pass_error(e);
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return 0;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (!logset_is_logname(de->d_name))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/log/%s", buf_str(&a->w->dir),
		    de->d_name);
		if (lstat(buf_str(&path), &sb) == 0 && S_ISREG(sb.st_mode))
			rc = mend_file(buf_str(&path), e);
	}
	closedir(d);
	buf_free(&path);
	return rc;
}

/* The lock, with the signals held while the repository changes. */
static int
sync_lock(void *arg, struct error *e)
{
	struct syncarg	*a = arg;
	sigset_t	 held;

	held_signals(&held);
	sigprocmask(SIG_BLOCK, &held, &a->oldmask);
	if (writer_lock(a->w) == 0)
		return 0;
	sigprocmask(SIG_SETMASK, &a->oldmask, NULL);
	return pass_error(e);
}

static void
sync_unlock(void *arg)
{
	struct syncarg	*a = arg;

	writer_unlock(a->w);
	sigprocmask(SIG_SETMASK, &a->oldmask, NULL);
}

int
writer_sync(struct writer *w, bool allow_unrelated, bool progress,
    char *summary, size_t size)
{
	struct store_sync	 s;
	struct syncarg		 a;
	struct error		 e;

	memset(&s, 0, sizeof(s));
	memset(&e, 0, sizeof(e));
	memset(&a, 0, sizeof(a));
	a.w = w;
	s.progress = progress;
	s.lock = sync_lock;
	s.unlock = sync_unlock;
	s.tidy = tidy;
	s.arg = &a;
	s.allow_unrelated = allow_unrelated;
	if (w->ops->sync(w->st, &s, w->cfg.user_name, w->cfg.user_email,
	    &e) == -1)
		return store_error(&e);
	snprintf(summary, size, "%s", s.summary);
	return 0;
}

int
writer_last_entry(struct writer *w, struct store_entry *last)
{
	struct error	 e;
	int		 found;

	memset(&e, 0, sizeof(e));
	memset(last, 0, sizeof(*last));
	if ((found = w->ops->last_entry(w->st, last, &e)) == -1)
		return store_error(&e);
	return found;
}

void
store_entry_free(struct store_entry *last)
{
	size_t	i;

	for (i = 0; i < last->n; i++) {
		free(last->paths[i]);
		free(last->lines[i]);
	}
	free(last->paths);
	free(last->lines);
	memset(last, 0, sizeof(*last));
}

int
writer_set_remote(struct writer *w, const char *url)
{
	struct error	 e;

	memset(&e, 0, sizeof(e));
	if (w->ops->set_remote(w->st, url, &e) == -1)
		return store_error(&e);
	return 0;
}
