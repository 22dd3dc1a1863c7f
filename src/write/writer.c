/*
 * The writer: find, load and open the data repository, lock it, and
 * commit through the git plugin; every write of hips goes through it.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "write_int.h"
#include "fdio.h"
#include "safefile.h"
#include "entry.h"

/*
 * Pack the loose objects when there are about this many: 4 KiB each on
 * disk, against some 100 bytes packed.  HIPS_PACK_THRESHOLD overrides it
 * (for tests).
 */
#define PACK_THRESHOLD	1024

int
store_error(const struct error *e)
{
	return error_set(e->status ? e->status : EXIT_FAIL, "%s", e->msg);
}

/* Find, load and open the repository; lock nothing yet. */
static int
open_repo(struct hips *h, struct writer *w, bool create, bool mask)
{
	struct error	 e;
	struct buf		 conf = BUF_INIT, gitdir = BUF_INIT;
	sigset_t		 block;
	struct stat		 sb;
	bool			 creating = false;

	memset(w, 0, sizeof(*w));
	w->lockfd = -1;
	buf_init(&w->dir);
	config_init(&w->cfg);
	if (path_datadir(h->dir_opt, &w->dir) == -1)
		return -1;
	/* The author of last resort comes from config.ini. */
	if (path_confdir(&conf) == -1 || config_load(&w->cfg,
	    buf_str(&conf)) == -1) {
		buf_free(&conf);
		return -1;
	}
	buf_free(&conf);
	/* Whatever hips or libgit2 creates is the user's alone. */
	umask(077);

	if (create && stat(buf_str(&w->dir), &sb) == -1) {
		if (errno != ENOENT)
			return error_set(EXIT_FAIL, "%s: %s", buf_str(&w->dir),
			    strerror(errno));
		if (mkdir_p(buf_str(&w->dir), 0700) == -1)
			return error_set(EXIT_FAIL, "cannot create %s: %s",
			    buf_str(&w->dir), strerror(errno));
	}
	/* Finish or fail a write as a whole: signals wait until the end. */
	held_signals(&block);
	if (mask && sigprocmask(SIG_BLOCK, &block, &w->oldmask) == 0)
		w->masked = true;

	/*
	 * Lock before opening, so that two first writes do not both create
	 * the repository.
	 */
	buf_printf(&gitdir, "%s/.git", buf_str(&w->dir));
	if (create && mkdir(buf_str(&gitdir), 0700) == 0)
		creating = true;
	else if (create && errno != EEXIST) {
		error_set(EXIT_FAIL, "cannot create %s: %s", buf_str(&gitdir),
		    strerror(errno));
		buf_free(&gitdir);
		return -1;
	}
	if (mask && lstat(buf_str(&gitdir), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		buf_putc(&gitdir, '/');
		if (lockfile_take(w, buf_str(&gitdir), creating) == -1) {
			buf_free(&gitdir);
			return -1;
		}
	}
	buf_free(&gitdir);

	if (store_load(&w->ops) == -1)
		return -1;
	memset(&e, 0, sizeof(e));
	if (w->ops->open(buf_str(&w->dir), create, &w->st, &e) == -1)
		return store_error(&e);
	return 0;
}

int
writer_open(struct hips *h, struct writer *w, bool create)
{
	if (open_repo(h, w, create, true) == -1)
		return -1;
	return writer_lock(w);
}

int
writer_open_unlocked(struct hips *h, struct writer *w)
{
	return open_repo(h, w, false, false);
}

int
writer_lock(struct writer *w)
{
	struct error	 e;

	/* Locked already when the repository was created. */
	if (w->lockfd == -1 && lockfile_take(w, w->ops->gitdir(w->st),
	    false) == -1)
		return -1;
	memset(&e, 0, sizeof(e));
	if (w->ops->prepare(w->st, w->cfg.user_name, w->cfg.user_email,
	    &e) == -1)
		return store_error(&e);
	return 0;
}

void
writer_close(struct writer *w)
{
	writer_unlock(w);
	if (w->st != NULL)
		w->ops->close(w->st);
	w->st = NULL;
	buf_free(&w->dir);
	/*
	 * Once a commit is made the command has succeeded, and a signal
	 * must not turn that into a failure (the user would log the entry
	 * again): the held signals stay held until the process exits, which
	 * discards them, so that one arriving now, while the command reports
	 * what it did, cannot end it either.  A write that failed or never
	 * began lets them act.
	 */
	if (w->masked && !w->committed)
		sigprocmask(SIG_SETMASK, &w->oldmask, NULL);
	w->masked = false;
}

/* After a commit: keep the repository packed.  Failing is not fatal. */
static void
pack(struct writer *w)
{
	struct error	 e;
	const char		*v = getenv("HIPS_PACK_THRESHOLD");
	char			*end;
	long			 threshold = PACK_THRESHOLD;

	if (v != NULL && v[0] != '\0') {
		threshold = strtol(v, &end, 10);
		if (*end != '\0' || threshold < 1)
			threshold = PACK_THRESHOLD;
	}
	memset(&e, 0, sizeof(e));
	if (w->ops->pack(w->st, threshold, &e) == -1)
		warnmsg("could not pack the repository (the entry is "
		    "committed): %s", e.msg);
}

/*
 * Commit relpath.  On failure the caller restores the file, unless the
 * branch moved (the change is committed; only a check after it failed).
 */
int
commit(struct writer *w, const char *relpath, const char *line, bool absent,
    const char *message, int syncfd, bool *moved)
{
	return commit_with(w, relpath, NULL, 0, line, absent, message, syncfd,
	    moved);
}

/* The same, relpath with the other files of the write (with[]). */
int
commit_with(struct writer *w, const char *relpath, const char *const *with,
    size_t nwith, const char *line, bool absent, const char *message,
    int syncfd, bool *moved)
{
	struct store_commit	 c;
	struct error	 e;

	memset(&c, 0, sizeof(c));
	memset(&e, 0, sizeof(e));
	c.message = message;
	c.path = relpath;
	c.with = with;
	c.nwith = nwith;
	c.check_line = line;
	c.check_absent = absent;
	c.name = w->cfg.user_name;
	c.email = w->cfg.user_email;
	c.sync = syncfd != -1;
	c.sync_fd = syncfd;
	if (w->ops->commit(w->st, &c, &e) == -1) {
		*moved = c.moved;
		w->committed = c.moved;
		if (c.moved)
			error_committed();
		if (c.moved)
			return error_set(EXIT_FAIL, "%s (but the commit was "
			    "made: see 'hips log')", e.msg);
		return store_error(&e);
	}
	w->committed = true;
	error_committed();
	w->also = c.also;
	pack(w);
	return 0;
}
