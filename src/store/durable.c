/*
 * Durability: the objects of a commit reach the disk (parallel fsyncs)
 * before its ref moves, and the .git/hips-synced record that lets the
 * next commit skip an object directory already synced.
 */
#include "store_int.h"

int
oids_add(struct oids *o, const git_oid *id)
{
	git_oid	*v;
	size_t	 cap;

	if (o->n == o->cap) {
		cap = o->cap ? o->cap * 2 : 16;
		if ((v = realloc(o->v, cap * sizeof(*v))) == NULL)
			return -1;
		o->v = v;
		o->cap = cap;
	}
	o->v[o->n++] = *id;
	return 0;
}

/*
 * objects/ itself changes when a fan-out directory is made or removed: a
 * few hundred times in the life of a repository, not at each commit.
 * (libgit2's temporary files in it come and go, and nothing needs them
 * durable.)  So the time just before hips last synced it is recorded in
 * .git/hips-synced: a fan-out directory born before then is in objects/
 * durably, and a commit syncs objects/ only when a fan-out directory it
 * wrote into is younger (made by this commit, by git, by a hips killed
 * before it synced), when a birth time is unknown (born is NULL: a file
 * system without one), or when the record is missing, torn, of another
 * objects/ or from the future (the clock was set back).  The times are
 * the file system's clock (coarse) and a tie counts as younger.  The
 * record is not synced: lost in a crash, it costs one fsync more.
 */

/* Must objects/ be synced?  *ino gets its inode, for the record. */
static bool
objdir_stale(const char *gitdir, const struct timespec *born,
    uintmax_t *ino)
{
	struct timespec	 now;
	struct stat	 sb;
	char		 path[4096 + 64], rec[128], nl;
	uintmax_t	 rino;
	long long	 sec;
	long		 nsec;
	ssize_t		 n;
	int		 fd;

	if (pathf(NULL, path, sizeof(path), "%sobjects", gitdir) == -1)
		return true;
	if (stat(path, &sb) == -1)
		return true;
	*ino = (uintmax_t)sb.st_ino;
	if (pathf(NULL, path, sizeof(path), "%s" GF_SYNCED, gitdir) == -1)
		return true;
	if (born == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return true;
	n = read(fd, rec, sizeof(rec) - 1);
	close(fd);
	rec[n > 0 ? n : 0] = '\0';
	clock_gettime(CLOCK_REALTIME_COARSE, &now);
	return !(sscanf(rec, "objects %ju %lld.%ld%c", &rino, &sec, &nsec,
	    &nl) == 4 && nl == '\n' && rino == *ino &&
	    (sec < now.tv_sec || (sec == now.tv_sec && nsec <= now.tv_nsec)) &&
	    (born->tv_sec < sec || (born->tv_sec == sec &&
	    born->tv_nsec < nsec)));
}

/* objects/ of inode ino was synced: it was as it is at time at or later. */
static void
objdir_synced(const char *gitdir, uintmax_t ino, const struct timespec *at)
{
	char	 path[4096 + 64], rec[128];
	int	 fd, n;

	n = snprintf(rec, sizeof(rec), "objects %ju %lld.%09ld\n", ino,
	    (long long)at->tv_sec, (long)at->tv_nsec);
	if (pathf(NULL, path, sizeof(path), "%s" GF_SYNCED, gitdir) == -1)
		return;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) == -1)
		return;
	if (write_all(fd, rec, (size_t)n) == -1)
		(void)ftruncate(fd, 0);
	close(fd);
}

/*
 * An fsync of the batch: each waits mostly for the disk (a journal
 * commit, a cache flush), so they run side by side, one thread each:
 * one journal commit serves them all and the kernel merges their cache
 * flushes (0.3 to 0.5 ms less than one after another here, more on a
 * busy disk).  Every one must succeed before the branch moves, as when
 * they ran one after another.
 */
struct syncjob {
	int		 fd;
	int		 err;		/* errno of its fsync, or 0 */
	char		 what[64];	/* for a message */
	pthread_t	 th;
	bool		 threaded;
};

static void *
sync_job(void *arg)
{
	struct syncjob	*j = arg;

	j->err = fsync(j->fd) == -1 ? errno : 0;
	return NULL;
}

static void
sync_jobs(struct syncjob *j, size_t n)
{
	pthread_attr_t	 attr;
	size_t		 i;
	bool		 ok;

	if (n == 0)
		return;
	if ((ok = pthread_attr_init(&attr) == 0))
		pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 1; i < n; i++)
		j[i].threaded = pthread_create(&j[i].th, ok ? &attr : NULL,
		    sync_job, &j[i]) == 0;
	sync_job(&j[0]);
	for (i = 1; i < n; i++) {
		if (j[i].threaded)
			pthread_join(j[i].th, NULL);
		else
			sync_job(&j[i]);	/* no thread: here, then */
	}
	if (ok)
		pthread_attr_destroy(&attr);
}

/* Keep in *born the later of it and the birth time of directory fd. */
static void
birth(int fd, struct timespec *born, bool *unknown)
{
	struct statx	 stx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_BTIME, &stx) == -1 ||
	    !(stx.stx_mask & STATX_BTIME))
		*unknown = true;
	else if (stx.stx_btime.tv_sec > born->tv_sec ||
	    (stx.stx_btime.tv_sec == born->tv_sec &&
	    (long)stx.stx_btime.tv_nsec > born->tv_nsec)) {
		born->tv_sec = stx.stx_btime.tv_sec;
		born->tv_nsec = (long)stx.stx_btime.tv_nsec;
	}
}

/*
 * Why an object that libgit2 said it wrote is missing (libgit2 1.5's
 * git_commit_create() returns 0 and forgets the error): a full disk, when
 * the file system says so.
 */
static const char *
write_failure(const char *gitdir)
{
	struct statvfs	 vfs;
	char		 path[4096 + 16];

	if (pathf(NULL, path, sizeof(path), "%sobjects", gitdir) == -1)
		return strerror(ENAMETOOLONG);
	if (statvfs(path, &vfs) == 0 && (vfs.f_bavail == 0 ||
	    (vfs.f_favail == 0 && vfs.f_files != 0)))
		return strerror(ENOSPC);
	return "the object file was not made (is the disk full?)";
}

/*
 * Durability at less cost.  libgit2's own syncing (GIT_OPT_ENABLE_FSYNC_
 * GITDIR) fsyncs each loose object and then its directory, one after
 * the other, each waiting for its own write-back and journal commit.
 * A commit here writes its objects with that off, starts the write-back
 * of all of them at once, then fsyncs together (sync_jobs()) the
 * caller's file, each object, the branch's lock file (lockfd, -1: none),
 * each fan-out directory written into (once) and, when needed, objects/
 * (objdir_stale()): all before the branch moves, so a ref on disk never
 * names an object that is not durable.  An object found in a pack rather
 * than loose was made durable when the pack was written.
 */
int
sync_objects(git_repository *repo, const struct oids *o,
    const struct store_commit *c, int lockfd, struct error *e)
{
	struct timespec	 born = { .tv_sec = 0, .tv_nsec = 0 }, at;
	struct syncjob	*j;
	const char	*gitdir = git_repository_commondir(repo);
	char		 hex[GIT_OID_HEXSZ + 1], path[4096 + 64];
	bool		 seen[256], unknown = false, objdir = false;
	uintmax_t	 ino = 0;
	git_odb		*odb = NULL;
	size_t		 i, n = 0, own = 0;
	int		 fd, rc = 0;

	/* The objects, their directories, three more. */
	if ((j = calloc(2 * o->n + 3, sizeof(*j))) == NULL)
		return error_put(e, 1, "out of memory");
	if (git_repository_odb(&odb, repo) < 0)
		odb = NULL;
	memset(seen, 0, sizeof(seen));
	if (c->sync) {
		j[n].fd = c->sync_fd;
		snprintf(j[n++].what, sizeof(j->what), "%.60s", c->path ?
		    c->path : "the log file");
	}
	if (lockfd != -1) {
		j[n].fd = lockfd;
		snprintf(j[n++].what, sizeof(j->what), "the branch's lock");
	}
	own = n;		/* the jobs before own are the caller's fds */
	for (i = 0; rc == 0 && i < o->n; i++) {
		git_oid_tostr(hex, sizeof(hex), &o->v[i]);
		if (pathf(e, path, sizeof(path), "%sobjects/%.2s/%s", gitdir,
		    hex,
		    hex + 2) == -1) {
			rc = -1;
			continue;
		}
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
			/*
			 * Not loose: it must be in a pack then.  (libgit2
			 * 1.5's git_commit_create() returns 0 when its
			 * write fails.)
			 */
			if (errno != ENOENT)
				rc = error_put(e, 1, "%s: %s", path, strerror(errno));
			else if (odb == NULL || !git_odb_exists(odb, &o->v[i]))
				rc = error_put(e, 1, "cannot write object %s: %s",
				    hex, write_failure(gitdir));
			continue;
		}
		(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
		j[n].fd = fd;
		snprintf(j[n++].what, sizeof(j->what), "object %s", hex);
		if (seen[o->v[i].id[0]])
			continue;
		seen[o->v[i].id[0]] = true;
		if (pathf(e, path, sizeof(path), "%sobjects/%.2s", gitdir,
		    hex) == -1) {
			rc = -1;
			continue;
		}
		if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
		    -1) {
			rc = error_put(e, 1, "%s: %s", path, strerror(errno));
			continue;
		}
		birth(fd, &born, &unknown);
		j[n].fd = fd;
		snprintf(j[n++].what, sizeof(j->what), "objects/%.2s", hex);
	}
	if (rc == 0 && objdir_stale(gitdir, unknown ? NULL : &born, &ino)) {
		clock_gettime(CLOCK_REALTIME_COARSE, &at);
		if (pathf(e, path, sizeof(path), "%sobjects", gitdir) == -1)
			rc = -1;
		else if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC))
		    == -1)
			rc = error_put(e, 1, "%s: %s", path, strerror(errno));
		else {
			j[n].fd = fd;
			snprintf(j[n++].what, sizeof(j->what), "objects");
			objdir = true;
		}
	}
	if (rc == 0) {
		sync_jobs(j, n);
		for (i = 0; rc == 0 && i < n; i++)
			if (j[i].err != 0)
				rc = error_put(e, 1, "cannot sync %s: %s", j[i].what,
				    strerror(j[i].err));
		if (rc == 0 && objdir)
			objdir_synced(gitdir, ino, &at);
	}
	for (i = own; i < n; i++)
		close(j[i].fd);
	git_odb_free(odb);
	free(j);
	return rc;
}
