/*
 * The writer lock, .git/hips.lock: an flock serialising writers, and the
 * record in it that lets the next writer clear what a killed one left.
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
#include "gitfiles.h"

#define LOCK_WAIT_MS	30000	/* how long to wait for another hips */

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
		if (lock[0] != '/' || !gf_is_lock(lock) ||
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
	if (strstr(record, "\ncreate\n") != NULL && !gf_has_commits(gitdir))
		for (i = 0; i <= GF_NLOCKS; i++) {
			buf_reset(&path);
			if (i < GF_NLOCKS)
				buf_printf(&path, "%s%s", gitdir, gf_locks[i]);
			else
				buf_printf(&path, "%s" GF_HEADS "/"
				    GF_INITIAL_BRANCH GF_LOCK_SUFFIX, gitdir);
			if (lstat(buf_str(&path), &sb) == 0 &&
			    S_ISREG(sb.st_mode) && unlink(buf_str(&path)) == 0)
				warnmsg("removed '%s' left by a hips that was "
				    "killed (pid %lld)", buf_str(&path), pid);
		}
	/*
	 * It was inside a libgit2 call that makes a git lock itself (a
	 * sync's checkout or branch move, gitlock_mark() in the git plugin's
	 * src/store/index.c):
	 * that lock, if made since the call began, is its own.
	 */
	gitlock = NULL;
	for (p = record; (p = strstr(p, "\ngitlock ")) != NULL; p++)
		gitlock = p + 1;
	n = 0;
	if (gitlock != NULL && sscanf(gitlock, "gitlock %255s %lld%n", lock,
	    &since, &n) == 2 && n > 0 && gf_markable_lock(lock)) {
		buf_reset(&path);
		buf_printf(&path, "%s%s", gitdir, lock);
		if (lstat(buf_str(&path), &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (long long)sb.st_mtime >= since &&
		    unlink(buf_str(&path)) == 0)
			warnmsg("removed '%s' left by a hips that was killed "
			    "(pid %lld)", buf_str(&path), pid);
	}
	/* The name it made a lock under, before linking it (store/index.c). */
	buf_reset(&path);
	buf_printf(&path, "%s" GF_NEWLOCK "%lld", gitdir, pid);
	(void)unlink(buf_str(&path));
	buf_reset(&path);
	buf_printf(&path, "%s" GF_INDEX_COPY, gitdir);
	(void)unlink(buf_str(&path));
	buf_puts(&path, GF_LOCK_SUFFIX);
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
int
lockfile_take(struct writer *w, const char *gitdir, bool creating)
{
	struct sigaction	 sa, oldsa;
	struct buf		 path = BUF_INIT;
	sigset_t		 alrm, oldmask;
	char			 record[4 * PATH_MAX];
	ssize_t			 n;
	int			 fd, rc, saved;

	buf_printf(&path, "%s" GF_WRITER_LOCK, gitdir);
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
void
held_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGQUIT);
	sigaddset(set, SIGPIPE);
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
