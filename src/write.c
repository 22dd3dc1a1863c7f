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

#include "write.h"
#include "fdio.h"
#include "safefile.h"
#include "entry.h"

#ifndef HIPS_PLUGINDIR
#define HIPS_PLUGINDIR "/usr/local/lib/hips"
#endif
#ifndef HIPS_BINDIR
#define HIPS_BINDIR "/usr/local/bin"
#endif

#define LOCK_WAIT_MS	30000	/* how long to wait for another hips */
/*
 * Pack the loose objects when there are about this many: 4 KiB each on
 * disk, against some 100 bytes packed.  HIPS_PACK_THRESHOLD overrides it
 * (for tests).
 */
#define PACK_THRESHOLD	1024

/* The next path component of *s ("." and empty ones skipped), or NULL. */
static const char *
path_comp(const char **s, size_t *len)
{
	const char	*c;

	for (;;) {
		while (**s == '/')
			(*s)++;
		if (**s == '\0')
			return NULL;
		c = *s;
		*len = strcspn(c, "/");
		*s += *len;
		if (!(*len == 1 && c[0] == '.'))
			return c;
	}
}

/*
 * The way from BINDIR to PLUGINDIR, both absolute and compiled in from
 * config.mk: "../lib/hips" for /usr/bin and /usr/lib/hips.
 */
static void
plugin_relpath(const char *bindir, const char *plugindir, struct buf *rel)
{
	const char	*b, *p;
	size_t		 bn = 0, pn = 0;

	for (;;) {
		b = path_comp(&bindir, &bn);
		p = path_comp(&plugindir, &pn);
		if (b == NULL || p == NULL || bn != pn || memcmp(b, p, bn) != 0)
			break;
	}
	for (; b != NULL; b = path_comp(&bindir, &bn))
		buf_puts(rel, "../");
	for (; p != NULL; p = path_comp(&plugindir, &pn)) {
		buf_add(rel, p, pn);
		buf_putc(rel, '/');
	}
}

/*
 * Where the plugin is looked for, in order: beside the executable (a
 * build tree); where PLUGINDIR lies relative to BINDIR, seen from the
 * executable (an installation staged in a DESTDIR, or moved as a whole);
 * PLUGINDIR itself.  dlopen() errors are kept: they say what is missing.
 */
int
store_load(const struct store_ops **ops)
{
	static const struct store_ops	*loaded;
	struct buf			 cand[2] = { BUF_INIT, BUF_INIT };
	char				 exe[PATH_MAX];
	const char			*dir;
	void				*dl = NULL;
	ssize_t				 n;
	size_t				 i;

	if (loaded != NULL) {
		*ops = loaded;
		return 0;
	}
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		dir = dirname(exe);
		buf_printf(&cand[0], "%s/hips-git.so", dir);
		buf_printf(&cand[1], "%s/", dir);
		plugin_relpath(HIPS_BINDIR, HIPS_PLUGINDIR, &cand[1]);
		buf_puts(&cand[1], "hips-git.so");
	}
	/*
	 * Lazy binding: the plugin itself is linked with -z now (a missing
	 * symbol fails here, not mid-write), but libgit2's own dependencies
	 * (OpenSSL, Kerberos: for the network only) bind on first use.
	 */
	for (i = 0; i < 2 && dl == NULL; i++)
		if (cand[i].len > 0 && access(buf_str(&cand[i]), R_OK) == 0)
			dl = dlopen(buf_str(&cand[i]), RTLD_LAZY | RTLD_LOCAL);
	buf_free(&cand[0]);
	buf_free(&cand[1]);
	if (dl == NULL)
		dl = dlopen(HIPS_PLUGINDIR "/hips-git.so", RTLD_LAZY |
		    RTLD_LOCAL);
	if (dl == NULL)
		return error_set(EXIT_FAIL, "cannot load the git store: %s",
		    dlerror());
	loaded = dlsym(dl, HIPS_STORE_SYMBOL);
	if (loaded == NULL || loaded->abi != HIPS_STORE_ABI) {
		loaded = NULL;
		return error_set(EXIT_FAIL, "the git store plugin does not "
		    "match this hips (reinstall hips)");
	}
	*ops = loaded;
	return 0;
}

static int
store_error(const struct error *e)
{
	return error_set(e->status ? e->status : EXIT_FAIL, "%s", e->msg);
}

/* Does the repository at gitdir have a branch, that is a commit? */
static bool
has_commits(const char *gitdir)
{
	struct buf	 path = BUF_INIT;
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	size_t		 n;
	bool		 yes;

	buf_printf(&path, "%spacked-refs", gitdir);
	yes = stat(buf_str(&path), &sb) == 0;
	buf_reset(&path);
	buf_printf(&path, "%srefs/heads", gitdir);
	if (!yes && (d = opendir(buf_str(&path))) != NULL) {
		while (!yes && (de = readdir(d)) != NULL) {
			n = strlen(de->d_name);
			yes = de->d_name[0] != '.' && !(n > 5 &&
			    strcmp(de->d_name + n - 5, ".lock") == 0);
		}
		closedir(d);
	}
	buf_free(&path);
	return yes;
}

/*
 * Git lock files a killed hips left.  The flock file holds a record
 * while a hips writes: "pid start", then a line "lock DEV INODE PATH" for
 * each git lock file the writer made (the plugin adds them as it makes
 * them), "create" while it makes the repository, and "gitlock LOCK TIME"
 * ... "gitlock done" around a libgit2 call that makes LOCK itself.  Finding a record
 * once we hold the lock proves its writer died mid-write (the lock is
 * released only when its holder exits), and a lock file at
 * PATH that is still that file (same device and inode) is its leftover:
 * removed.  Any other lock, older or newer, may be a live git's and is
 * left alone: retries report it, and so does 'hips check'.  The copy of
 * the index the writer was updating is its own.
 */
static void
clear_stale(const char *gitdir, const char *record)
{
	static const char *const	 init_locks[] = { "config.lock",
	    "HEAD.lock", "index.lock", "refs/heads/main.lock" };
	struct buf	 path = BUF_INIT;
	size_t		 i;
	struct stat	 sb;
	const char	*p, *nl;
	uintmax_t	 dev, ino;
	long long	 pid = 0, start = 0, since;
	const char	*gitlock;
	char		 lock[PATH_MAX];
	int		 n;

	if (sscanf(record, "%lld %lld", &pid, &start) != 2)
		return;
	for (p = record; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		n = 0;
		if (sscanf(p, "lock %ju %ju %n", &dev, &ino, &n) != 2 ||
		    n == 0 || (size_t)(nl - p - n) >= sizeof(lock))
			continue;
		memcpy(lock, p + n, (size_t)(nl - p - n));
		lock[nl - p - n] = '\0';
		if (lock[0] != '/' || strlen(lock) < 6 ||
		    strcmp(lock + strlen(lock) - 5, ".lock") != 0 ||
		    lstat(lock, &sb) == -1 || !S_ISREG(sb.st_mode) ||
		    (uintmax_t)sb.st_dev != dev || (uintmax_t)sb.st_ino != ino)
			continue;
		if (unlink(lock) == 0)
			warnmsg("removed '%s' left by a hips that was killed "
			    "(pid %lld)", lock, pid);
	}
	/*
	 * It was making the repository, which has no commit yet: the lock
	 * files libgit2 made for it are its own too.
	 */
	if (strstr(record, "\ncreate\n") != NULL && !has_commits(gitdir))
		for (i = 0; i < sizeof(init_locks) / sizeof(init_locks[0]);
		    i++) {
			buf_reset(&path);
			buf_printf(&path, "%s%s", gitdir, init_locks[i]);
			if (lstat(buf_str(&path), &sb) == 0 &&
			    S_ISREG(sb.st_mode) && unlink(buf_str(&path)) == 0)
				warnmsg("removed '%s' left by a hips that was "
				    "killed (pid %lld)", buf_str(&path), pid);
		}
	/*
	 * It was inside a libgit2 call that makes a git lock itself (a
	 * sync's checkout or branch move, gitlock_mark() in gitstore.c):
	 * that lock, if made since the call began, is its own.
	 */
	gitlock = NULL;
	for (p = record; (p = strstr(p, "\ngitlock ")) != NULL; p++)
		gitlock = p + 1;
	n = 0;
	if (gitlock != NULL && sscanf(gitlock, "gitlock %255s %lld%n", lock,
	    &since, &n) == 2 && n > 0 && strstr(lock, "..") == NULL &&
	    (strcmp(lock, "index.lock") == 0 ||
	    strncmp(lock, "refs/heads/", 11) == 0) &&
	    strlen(lock) > 5 && strcmp(lock + strlen(lock) - 5, ".lock") == 0) {
		buf_reset(&path);
		buf_printf(&path, "%s%s", gitdir, lock);
		if (lstat(buf_str(&path), &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (long long)sb.st_mtime >= since &&
		    unlink(buf_str(&path)) == 0)
			warnmsg("removed '%s' left by a hips that was killed "
			    "(pid %lld)", buf_str(&path), pid);
	}
	/* The name it made a lock under, before linking it (gitstore.c). */
	buf_reset(&path);
	buf_printf(&path, "%ships-newlock-%lld", gitdir, pid);
	(void)unlink(buf_str(&path));
	buf_reset(&path);
	buf_printf(&path, "%ships-index", gitdir);
	(void)unlink(buf_str(&path));
	buf_puts(&path, ".lock");
	(void)unlink(buf_str(&path));
	buf_free(&path);
}

static void
on_alarm(int sig)
{
	(void)sig;
}

/*
 * Take the writer lock: an flock on .git/hips.lock, waiting (in the
 * kernel's queue, not by polling, so that no writer starves) at most
 * LOCK_WAIT_MS for another hips.
 */
static int
lock(struct writer *w, const char *gitdir, bool creating)
{
	struct sigaction	 sa, oldsa;
	struct buf		 path = BUF_INIT;
	sigset_t		 alrm, oldmask;
	char			 record[4 * PATH_MAX];
	ssize_t			 n;
	int			 fd, rc, saved;

	buf_printf(&path, "%ships.lock", gitdir);
	fd = open(buf_str(&path), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		error_set(EXIT_FAIL, "%s: %s", buf_str(&path), strerror(errno));
		buf_free(&path);
		return -1;
	}
	if ((rc = flock(fd, LOCK_EX | LOCK_NB)) == -1 &&
	    errno == EWOULDBLOCK) {
		/* SIGALRM ends the wait: flock() fails with EINTR. */
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGALRM, &sa, &oldsa);
		/* Signals end the wait too: nothing is written yet. */
		if (w->masked)
			alrm = w->oldmask;
		else
			sigprocmask(SIG_BLOCK, NULL, &alrm);
		sigdelset(&alrm, SIGALRM);
		sigprocmask(SIG_SETMASK, &alrm, &oldmask);
		alarm((LOCK_WAIT_MS + 999) / 1000);
		rc = flock(fd, LOCK_EX);
		saved = errno;
		alarm(0);
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		sigaction(SIGALRM, &oldsa, NULL);
		errno = saved;
		if (rc == -1 && errno == EINTR) {
			n = pread(fd, record, sizeof(record) - 1, 0);
			record[n > 0 ? n : 0] = '\0';
			error_set(EXIT_FAIL, "another hips is still writing "
			    "(pid %.*s) after %d seconds", (int)strcspn(record,
			    " \n"), record, LOCK_WAIT_MS / 1000);
			goto fail;
		}
	}
	if (rc == -1) {
		error_set(EXIT_FAIL, "cannot lock %s: %s", buf_str(&path),
		    strerror(errno));
		goto fail;
	}
	n = pread(fd, record, sizeof(record) - 1, 0);
	if (n > 0) {
		record[n] = '\0';
		clear_stale(gitdir, record);
	}
	/*
	 * "create": this writer makes the repository, and every file in it
	 * until its first commit.
	 */
	n = snprintf(record, sizeof(record), "%ld %lld\n%s", (long)getpid(),
	    (long long)time(NULL), creating ? "create\n" : "");
	if (ftruncate(fd, 0) == -1 || pwrite(fd, record, (size_t)n, 0) != n) {
		error_set(EXIT_FAIL, "%s: %s", buf_str(&path), strerror(errno));
		goto fail;
	}
	w->lockfd = fd;
	buf_free(&path);
	return 0;
fail:
	close(fd);
	buf_free(&path);
	return -1;
}

/* The signals that wait while a write is under way. */
static void
held_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGQUIT);
	sigaddset(set, SIGPIPE);
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
		if (lock(w, buf_str(&gitdir), creating) == -1) {
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
	if (w->lockfd == -1 && lock(w, w->ops->gitdir(w->st), false) == -1)
		return -1;
	memset(&e, 0, sizeof(e));
	if (w->ops->prepare(w->st, w->cfg.user_name, w->cfg.user_email,
	    &e) == -1)
		return store_error(&e);
	return 0;
}

/* Overwrite the whole lock record with blanks. */
static int
blank(int fd)
{
	char		 sp[512];
	struct stat	 sb;
	off_t		 at;
	size_t		 n;

	if (fstat(fd, &sb) == -1)
		return -1;
	memset(sp, ' ', sizeof(sp));
	for (at = 0; at < sb.st_size; at += (off_t)n) {
		n = sb.st_size - at < (off_t)sizeof(sp) ?
		    (size_t)(sb.st_size - at) : sizeof(sp);
		if (pwrite(fd, sp, n, at) != (ssize_t)n)
			return -1;
	}
	return 0;
}

void
writer_unlock(struct writer *w)
{
	if (w->lockfd == -1)
		return;
	/*
	 * An empty record says the last writer finished (blanks do too,
	 * when the file cannot be truncated).
	 */
	if (ftruncate(w->lockfd, 0) == -1 && blank(w->lockfd) == -1)
		warnmsg("cannot clear the lock record: %s", strerror(errno));
	close(w->lockfd);
	w->lockfd = -1;
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

static int
fsync_dir(const char *path)
{
	char	*copy = xstrdup(path);
	int	 fd, rc = 0;

	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC))
	    != -1) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

int
file_replace(const char *path, const char *data, size_t len)
{
	struct buf	 tmp = BUF_INIT;
	char		*copy = xstrdup(path), *slash;
	int		 fd, saved;

	/* ".NAME.hips-tmp" beside it: hidden from readers. */
	slash = strrchr(copy, '/');
	if (slash != NULL) {
		*slash = '\0';
		buf_printf(&tmp, "%s/.%s.hips-tmp", copy, slash + 1);
	} else
		buf_printf(&tmp, ".%s.hips-tmp", copy);
	free(copy);
	fd = open(buf_str(&tmp), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600);
	if (fd == -1)
		goto fail;
	if (write_all(fd, data, len) == -1 || fsync(fd) == -1) {
		saved = errno;
		close(fd);
		unlink(buf_str(&tmp));
		errno = saved;
		goto fail;
	}
	if (close(fd) == -1 || rename(buf_str(&tmp), path) == -1) {
		saved = errno;
		unlink(buf_str(&tmp));
		errno = saved;
		goto fail;
	}
	buf_free(&tmp);
	return fsync_dir(path);
fail:
	buf_free(&tmp);
	return -1;
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

static int	commit_with(struct writer *, const char *, const char *const *,
		    size_t, const char *, bool, const char *, int, bool *);

/*
 * Commit relpath.  On failure the caller restores the file, unless the
 * branch moved (the change is committed; only a check after it failed).
 */
static int
commit(struct writer *w, const char *relpath, const char *line, bool absent,
    const char *message, int syncfd, bool *moved)
{
	return commit_with(w, relpath, NULL, 0, line, absent, message, syncfd,
	    moved);
}

/* The same, relpath with the other files of the write (with[]). */
static int
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

/* ".NAME.hips-old" beside path: the file as it was, during a change. */
static void
backup_name(const char *path, struct buf *out)
{
	const char	*slash = strrchr(path, '/');

	if (slash != NULL)
		buf_printf(out, "%.*s/.%s.hips-old", (int)(slash - path), path,
		    slash + 1);
	else
		buf_printf(out, ".%s.hips-old", path);
}

/*
 * Before a change that replaces the file: a second name for it as it is,
 * so that putting it back is a rename, which needs no free space.  A file
 * system without hard links falls back to writing the old text again.
 * *kept says which; -1 when the disk cannot even take the name.
 */
static int
keep_old(const char *path, const char *bak, bool *kept)
{
	*kept = false;
	(void)unlink(bak);
	if (link(path, bak) == 0) {
		*kept = true;
		return 0;
	}
	if (errno == EPERM || errno == EOPNOTSUPP || errno == EMLINK ||
	    errno == ENOSYS)
		return 0;
	return error_set(EXIT_FAIL, "cannot keep a copy of %s to restore it "
	    "if the commit fails: %s", path, strerror(errno));
}

/* After a failed change: the file as it was. */
static void
put_back(const char *path, const char *bak, bool kept, const struct buf *old)
{
	if (kept ? rename(bak, path) == 0 && fsync_dir(path) == 0 :
	    file_replace(path, old->s, old->len) == 0)
		return;
	warnmsg("could not restore %s: %s", path, strerror(errno));
}

/*
 * Before a write changes relpath, with the lock held: nothing another
 * write left must end up inside this write's commit.
 *
 * A backup (.NAME.hips-old) means a hips was killed in the middle of a
 * change: when it is what HEAD holds and the file is not, the change
 * never committed and is rolled back.  Then whatever still differs from
 * HEAD gets a commit of its own: one entry line appended (a hips killed
 * between its append and its commit, or a line added by hand) as
 * "log: ... (recovered)", with the line in the body as every entry has;
 * anything else as an "edit:" commit.  A torn last line alone is left
 * to this write, which repairs it.  *cur is the file's text, read again
 * if it changed.
 */
static int
recover(struct writer *w, const char *relpath, const char *path,
    struct buf *cur, bool *exists)
{
	struct error	 e;
	struct entry		 ent;
	struct buf		 bak = BUF_INIT, old = BUF_INIT, msg = BUF_INIT;
	const char		*extra, *what = NULL;
	char			*head = NULL, *line = NULL, err[ERRLEN];
	size_t			 hlen = 0, elen;
	bool			 moved = false;
	int			 d, rc = -1;

	memset(&e, 0, sizeof(e));
	if ((d = w->ops->pending(w->st, relpath, &head, &hlen, &e)) == -1)
		return store_error(&e);
	backup_name(path, &bak);
	if (read_file(buf_str(&bak), &old) == 0) {
		if (d == 1 && head != NULL && old.len == hlen &&
		    memcmp(old.s, head, hlen) == 0) {
			if (rename(buf_str(&bak), path) == -1) {
				error_set(EXIT_FAIL, "cannot roll back %s: %s",
				    path, strerror(errno));
				goto out;
			}
			warnmsg("rolled back %s: a hips was killed before "
			    "committing its change", path);
			buf_reset(cur);
			buf_add(cur, old.s, old.len);
			*exists = true;
			d = 0;
		} else
			(void)unlink(buf_str(&bak));
	}
	if (d == 0 || (head != NULL && cur->len == hlen &&
	    memcmp(cur->s, head, hlen) == 0)) {
		rc = 0;
		goto out;
	}
	/* Its lines would silently leave the next commit. */
	if (!*exists) {
		error_set(EXIT_FAIL, "%s was deleted but the last commit has "
		    "it: bring it back with 'hips git checkout -- %s', or "
		    "commit its deletion with git", path, relpath);
		goto out;
	}
	if (cur->len >= hlen && memcmp(cur->s, head ? head : "", hlen) == 0 &&
	    (hlen == 0 || head[hlen - 1] == '\n')) {
		extra = cur->s + hlen;
		elen = cur->len - hlen;
		if (memchr(extra, '\n', elen) == NULL) {
			rc = 0;		/* a torn line: this write repairs it */
			goto out;
		}
		line = xmalloc(elen);
		memcpy(line, extra, elen - 1);
		line[elen - 1] = '\0';
		if (extra[elen - 1] == '\n' && memchr(extra, '\n', elen - 1) ==
		    NULL && memchr(extra, '\0', elen) == NULL &&
		    entry_parse(line, elen - 1, &ent, err, sizeof(err)) == 1) {
			if (ent.skip)
				buf_puts(&msg, "skip (recovered)");
			else
				buf_printf(&msg, "log: %s %s (recovered)",
				    ent.name, ent.dose_text);
			memcpy(line, extra, elen - 1);	/* parsing cut it */
			buf_printf(&msg, "\n\n%s\n", line);
			what = line;
		}
	}
	if (what == NULL) {
		free(line);
		line = NULL;
		buf_printf(&msg, "edit: changes found in %s, committed on "
		    "their own\n", relpath);
	}
	if (commit(w, relpath, line, false, buf_str(&msg), -1, &moved) == -1)
		goto out;
	if (what != NULL)
		warnmsg("committed on its own an entry found uncommitted "
		    "(a hips killed before its commit, or a hand edit): '%s'",
		    what);
	else
		warnmsg("committed changes found in %s, on their own", relpath);
	rc = 0;
out:
	free(line);
	free(head);
	buf_free(&msg);
	buf_free(&old);
	buf_free(&bak);
	return rc;
}

int
writer_append(struct writer *w, const char *relpath, const char *line,
    const char *message)
{
	struct buf	 path = BUF_INIT, old = BUF_INIT, text = BUF_INIT;
	struct buf	 bak = BUF_INIT;
	char		*frag, err[ERRLEN], *copy, *p, *nul;
	struct entry	 e;
	struct stat	 sb;
	size_t		 fraglen;
	bool		 existed = true, torn = false, moved = false;
	bool		 kept = false;
	int		 fd = -1, rc = -1;

	buf_printf(&path, "%s/%s", buf_str(&w->dir), relpath);
	copy = xstrdup(buf_str(&path));
	if (mkdir_p(dirname(copy), 0700) == -1) {
		error_set(EXIT_FAIL, "cannot create the directory of %s: %s",
		    buf_str(&path), strerror(errno));
		free(copy);
		goto out;
	}
	free(copy);
	/* Never through a link, never a special file (safefile.h). */
	switch (sf_data_read(buf_str(&w->dir), relpath, &old)) {
	case -1:
		goto out;
	case 1:
		existed = false;
		break;
	}
	if (recover(w, relpath, buf_str(&path), &old, &existed) == -1)
		goto out;
	backup_name(buf_str(&path), &bak);

	if (old.len > 0 && old.s[old.len - 1] != '\n') {
		/*
		 * A torn last line: a crash mid-append, or an editor that
		 * left no final newline.  A good line gets its LF; anything
		 * else is kept as a comment, never dropped.
		 */
		torn = true;
		frag = memrchr(old.s, '\n', old.len);
		frag = frag ? frag + 1 : old.s;
		fraglen = old.len - (size_t)(frag - old.s);
		buf_add(&text, old.s, (size_t)(frag - old.s));
		copy = xmalloc(fraglen + 1);
		memcpy(copy, frag, fraglen);
		copy[fraglen] = '\0';
		if (entry_parse(copy, fraglen, &e, err, sizeof(err)) < 0) {
			/* Kept as a comment, its bytes made visible. */
			buf_puts(&text, "# torn line kept by hips: ");
			for (p = frag; p < old.s + old.len; p = nul + 1) {
				nul = memchr(p, '\0', (size_t)(old.s +
				    old.len - p));
				buf_add_safe(&text, p);
				if (nul == NULL)
					break;
				buf_puts(&text, "\\x00");
			}
			warnmsg("%s: kept a torn last line as a comment",
			    buf_str(&path));
		} else
			buf_add(&text, frag, fraglen);
		free(copy);
		buf_putc(&text, '\n');
		buf_puts(&text, line);
		buf_putc(&text, '\n');
		if (keep_old(buf_str(&path), buf_str(&bak), &kept) == -1)
			goto out;
		if (file_replace(buf_str(&path), text.s, text.len) == -1) {
			error_set(EXIT_FAIL, "cannot write %s: %s",
			    buf_str(&path), strerror(errno));
			(void)unlink(buf_str(&bak));
			goto out;
		}
	} else {
		buf_puts(&text, line);
		buf_putc(&text, '\n');
		fd = sf_data_open(buf_str(&w->dir), relpath, O_WRONLY |
		    O_APPEND | O_CREAT, &sb);
		if (fd == -1) {
			if (errno == ENOENT)	/* log/ removed meanwhile */
				error_set(EXIT_FAIL, "cannot open %s: %s",
				    buf_str(&path), strerror(errno));
			goto out;
		}
		/*
		 * One write: readers see the whole line or none of it.  Its
		 * write-back starts now and the store fsyncs it with the
		 * commit's objects, before the branch moves: one journal
		 * commit for all, not one for the line and one for them.  A
		 * new file and its directory entry are synced at once.
		 */
		if (write_all(fd, text.s, text.len) == -1 || (!existed &&
		    (fsync(fd) == -1 || fsync_dir(buf_str(&path)) == -1))) {
			error_set(EXIT_FAIL, "cannot write %s: %s",
			    buf_str(&path), strerror(errno));
			goto restore;
		}
		if (existed)
			(void)sync_file_range(fd, 0, 0,
			    SYNC_FILE_RANGE_WRITE);
	}
	if (commit(w, relpath, line, false, message, existed && fd != -1 ?
	    fd : -1, &moved) == 0) {
		rc = 0;
		goto out;
	}
	if (moved)
		goto out;
restore:
	/* Put the file back as it was; the error already says why. */
	if (torn) {
		put_back(buf_str(&path), buf_str(&bak), kept, &old);
		kept = false;
	} else if (fd != -1) {
		if (!existed) {
			if (unlink(buf_str(&path)) == -1 &&
			    (ftruncate(fd, 0) == -1 || fsync(fd) == -1))
				warnmsg("could not remove %s: %s",
				    buf_str(&path), strerror(errno));
		} else if ((ftruncate(fd, (off_t)old.len) == -1 ||
		    fsync(fd) == -1) &&
		    file_replace(buf_str(&path), old.s, old.len) == -1)
			warnmsg("could not restore %s: %s", buf_str(&path),
			    strerror(errno));
	}
out:
	if (kept)
		(void)unlink(buf_str(&bak));
	if (fd != -1)
		close(fd);
	buf_free(&bak);
	buf_free(&text);
	buf_free(&old);
	buf_free(&path);
	return rc;
}

/*
 * Append n lines (no LF) to their files and commit them all at once
 * with message; relpaths[i] is the file of lines[i], and the lines of
 * one file come together.  Whatever fails puts every file back.
 */
int
writer_append_lines(struct writer *w, size_t n, const char *const *relpaths,
    const char *const *lines, const char *message)
{
	struct buf	*old, path = BUF_INIT, text = BUF_INIT;
	bool		*existed, moved = false;
	char		*copy;
	const char	**with;
	size_t		*first, i, j, nf = 0;
	int		 rc = -1;

	with = xreallocarray(NULL, n, sizeof(*with));
	old = xreallocarray(NULL, n, sizeof(*old));
	existed = xreallocarray(NULL, n, sizeof(*existed));
	first = xreallocarray(NULL, n, sizeof(*first));
	for (i = 0; i < n; i = j) {
		first[nf] = i;
		buf_init(&old[nf]);
		existed[nf] = true;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", buf_str(&w->dir), relpaths[i]);
		copy = xstrdup(buf_str(&path));
		if (mkdir_p(dirname(copy), 0700) == -1) {
			error_set(EXIT_FAIL, "cannot create the directory of "
			    "%s: %s", buf_str(&path), strerror(errno));
			free(copy);
			buf_free(&old[nf]);
			goto restore;
		}
		free(copy);
		switch (sf_data_read(buf_str(&w->dir), relpaths[i], &old[nf])) {
		case -1:
			buf_free(&old[nf]);
			goto restore;
		case 1:
			existed[nf] = false;
			break;
		}
		/* What another write left gets a commit of its own first. */
		if (recover(w, relpaths[i], buf_str(&path), &old[nf],
		    &existed[nf]) == -1) {
			buf_free(&old[nf]);
			goto restore;
		}
		nf++;
		buf_reset(&text);
		buf_add(&text, old[nf - 1].s, old[nf - 1].len);
		/* A torn last line gets its LF (check reports a bad one). */
		if (text.len > 0 && text.s[text.len - 1] != '\n')
			buf_putc(&text, '\n');
		for (j = i; j < n && strcmp(relpaths[j], relpaths[i]) == 0;
		    j++) {
			buf_puts(&text, lines[j]);
			buf_putc(&text, '\n');
		}
		if (file_replace(buf_str(&path), text.s, text.len) == -1) {
			error_set(EXIT_FAIL, "cannot write %s: %s",
			    buf_str(&path), strerror(errno));
			goto restore;
		}
	}
	/*
	 * One commit for the files of the range; anything else that differs
	 * from HEAD is committed on its own first, as for any write.
	 */
	for (j = 0; j < nf; j++)
		with[j] = relpaths[first[j]];
	if (commit_with(w, relpaths[n - 1], with, nf - 1, lines[n - 1], false,
	    message, -1, &moved) == 0) {
		rc = 0;
		goto out;
	}
	if (moved)
		goto out;
restore:
	for (j = 0; j < nf; j++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", buf_str(&w->dir),
		    relpaths[first[j]]);
		if (!existed[j] ? unlink(buf_str(&path)) == -1 &&
		    errno != ENOENT : file_replace(buf_str(&path), old[j].s,
		    old[j].len) == -1)
			warnmsg("could not restore %s: %s", buf_str(&path),
			    strerror(errno));
	}
out:
	for (j = 0; j < nf; j++)
		buf_free(&old[j]);
	free(old);
	free(existed);
	free(first);
	free(with);
	buf_free(&text);
	buf_free(&path);
	return rc;
}

int
writer_remove(struct writer *w, const char *relpath, const char *line,
    const char *message)
{
	struct buf	 path = BUF_INIT, old = BUF_INIT, text = BUF_INIT;
	struct buf	 bak = BUF_INIT;
	const char	*p, *end, *nl, *hit = NULL;
	size_t		 n = strlen(line), copies = 0;
	bool		 moved = false, exists = true, kept = false;
	int		 rc = -1;

	buf_printf(&path, "%s/%s", buf_str(&w->dir), relpath);
	if ((rc = sf_data_read(buf_str(&w->dir), relpath, &old)) != 0) {
		if (rc == 1)
			error_set(EXIT_FAIL, "%s: %s", buf_str(&path),
			    strerror(ENOENT));
		rc = -1;
		goto out;
	}
	if (recover(w, relpath, buf_str(&path), &old, &exists) == -1)
		goto out;
	backup_name(buf_str(&path), &bak);
	/* The last copy of the line: the one appended last. */
	for (p = old.s, end = old.s + old.len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) == n && memcmp(p, line, n) == 0) {
			hit = p;
			copies++;
		}
	}
	if (hit == NULL) {
		error_set(EXIT_FAIL, "the entry to undo is no longer in %s: '%s'",
		    buf_str(&path), line);
		goto out;
	}
	buf_add(&text, old.s, (size_t)(hit - old.s));
	p = hit + n;
	if (p < end)
		p++;
	buf_add(&text, p, (size_t)(end - p));
	if (keep_old(buf_str(&path), buf_str(&bak), &kept) == -1)
		goto out;
	if (file_replace(buf_str(&path), buf_str(&text), text.len) == -1) {
		error_set(EXIT_FAIL, "cannot write %s: %s", buf_str(&path),
		    strerror(errno));
		goto out;
	}
	/* With two identical lines, one stays: nothing to verify there. */
	if (commit(w, relpath, copies == 1 ? line : NULL, true, message, -1,
	    &moved) == 0) {
		rc = 0;
		goto out;
	}
	if (!moved) {
		put_back(buf_str(&path), buf_str(&bak), kept, &old);
		kept = false;
	}
out:
	if (kept)
		(void)unlink(buf_str(&bak));
	buf_free(&bak);
	buf_free(&text);
	buf_free(&old);
	buf_free(&path);
	return rc;
}
