/*
 * The index after a commit: git's own index lock, the locks this writer
 * makes (recorded for hips.lock), and the refresh that records the
 * committed files as clean.
 */
#include "store_int.h"

/*
 * A git lock file this writer made: its identity and path go into the
 * writer's record in hips.lock ("lock DEV INODE PATH"), so that if this
 * process is killed the next hips removes that file and no other (a lock
 * of the same name made since by a live git is another file).
 */
static void
own_lock(git_repository *repo, const char *lock, int fd)
{
	struct stat	 sb;
	char		 path[4096 + 16], line[4096 + 100];
	int		 lfd, n;

	if (fstat(fd, &sb) == -1)
		return;
	if (pathf(NULL, path, sizeof(path), "%s" GF_WRITER_LOCK,
	    git_repository_commondir(repo)) == -1)
		return;
	if ((lfd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) == -1)
		return;
	n = snprintf(line, sizeof(line), "lock %ju %ju %s\n",
	    (uintmax_t)sb.st_dev, (uintmax_t)sb.st_ino, lock);
	if (n > 0 && (size_t)n < sizeof(line))
		(void)write_all(lfd, line, (size_t)n);
	close(lfd);
}

/*
 * Around a libgit2 call that makes a git lock itself (a sync's checkout
 * or index write: index.lock; its branch move: refs/heads/B.lock):
 * "gitlock LOCK TIME" before it and "gitlock done" after it, in the
 * writer's record.  A writer killed in
 * between left that lock, and the next write removes it when it is no
 * older than TIME (clear_stale() in src/write/lockfile.c): a lock made
 * before the call was some other git's.
 */
void
gitlock_mark(git_repository *repo, const char *lock)
{
	char	 path[4096 + 16], line[600];
	int	 lfd, n;

	if (pathf(NULL, path, sizeof(path), "%s" GF_WRITER_LOCK,
	    git_repository_commondir(repo)) == -1)
		return;
	if ((lfd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) == -1)
		return;
	if (lock != NULL)
		n = snprintf(line, sizeof(line), "gitlock %s %lld\n", lock,
		    (long long)time(NULL));
	else
		n = snprintf(line, sizeof(line), "gitlock done\n");
	if (n > 0 && (size_t)n < sizeof(line))
		(void)write_all(lfd, line, (size_t)n);
	close(lfd);
}

#define INDEX_STALE_S	600	/* an index.lock this old: nobody's */

/*
 * The index's lock, taken before a commit as git takes it, so that the
 * index can be brought up to date after it: with another git holding
 * it, the commit is not made (RETRY; at once -1 when the lock is old).
 * *fd is -1 when the repository has no index to keep (bare).
 */
int
index_lock(git_repository *repo, int *fd, struct error *e)
{
	const char	*gitdir = git_repository_path(repo);
	char		 path[4096 + 16];
	struct stat	 sb;

	if (pathf(e, path, sizeof(path), "%s" GF_INDEX_LOCK, gitdir) == -1)
		return -1;
	if ((*fd = make_lock(repo, path, strlen(gitdir))) != -1)
		return 0;
	if (errno != EEXIST)
		return error_put(e, 1, "cannot lock the index: %s: %s", path,
		    strerror(errno));
	if (lstat(path, &sb) == 0 && time(NULL) - sb.st_mtime >=
	    INDEX_STALE_S) {
		error_put(e, 1, "'%s' is %lld minutes old: a git that was killed "
		    "left it; if no git command is running, remove it", path,
		    (long long)(time(NULL) - sb.st_mtime) / 60);
		return -1;
	}
	error_put(e, 1, "'%s' exists: another git is using the repository (if "
	    "none is running, remove that file)", path);
	return RETRY;
}

void
index_unlock(git_repository *repo, int *fd)
{
	char	 path[4096 + 16];

	if (*fd == -1)
		return;
	close(*fd);
	if (pathf(NULL, path, sizeof(path), "%s" GF_INDEX_LOCK,
	    git_repository_path(repo)) == 0)
		unlink(path);
	*fd = -1;
}

/*
 * A second name for the index, .git/hips-index, to update it under:
 * its own lock, index.lock, is held by this writer (index_lock()), so
 * libgit2 cannot write the index itself.  A link costs no space; a copy
 * where links are not supported.  No index yet: libgit2 starts one.
 */
static int
index_copy(const char *gitdir, char *copy, size_t size)
{
	char		 path[4096 + 16], *data = NULL;
	struct stat	 sb;
	size_t		 len = 0;
	int		 fd, rc;

	if (pathf(NULL, path, sizeof(path), "%s" GF_INDEX, gitdir) == -1)
		return -1;
	if (pathf(NULL, copy, size, "%s" GF_INDEX_COPY, gitdir) == -1)
		return -1;
	if (unlink(copy) == -1 && errno != ENOENT)
		return -1;
	if (link(path, copy) == 0 || errno == ENOENT)
		return 0;
	if (read_whole(path, &data, &len, &sb) == -1)
		return -1;
	if ((fd = open(copy, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) == -1) {
		free(data);
		return -1;
	}
	rc = write_all(fd, data, len);
	free(data);
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

/*
 * git trusts the stat data of an entry only if the index was written
 * after the file's last change, to the second: an entry changed in the
 * second the index was written is "racily clean" and git checks its
 * content.  Writing the index anew would end that, so each such entry
 * gets size 0, as git smudges them: git then looks at its content.
 * (libgit2 compares nanoseconds and misses those git cannot tell apart.)
 */
static void
smudge_racy(git_index *idx, const char *path)
{
	const git_index_entry	*ie;
	git_index_entry		 copy;
	struct stat		 sb;
	size_t			 i, n = git_index_entrycount(idx);

	if (stat(path, &sb) == -1)
		return;
	for (i = 0; i < n; i++) {
		ie = git_index_get_byindex(idx, i);
		if (ie == NULL || ie->file_size == 0 ||
		    (int64_t)ie->mtime.seconds < (int64_t)sb.st_mtim.tv_sec)
			continue;
		copy = *ie;
		copy.file_size = 0;
		git_index_add(idx, &copy);
	}
}

/*
 * Refresh the repository's index for the files of f so that `git status`
 * is clean: their stat data from before they were read, and the blob
 * committed; then give back any file of tree the index lacks.  The new
 * commit's tree is the parent's with the files of f: the parent's
 * (read already, cached) tells what the index must hold besides them.
 * The caller holds index.lock: the index is written as a copy that then
 * replaces it, as git replaces it with its lock file.
 */
void
refresh_index(git_repository *repo, const struct fresh *f, git_tree *tree)
{
	struct fill		 fl;
	git_index		*idx = NULL;
	git_index_entry		 ie;
	const struct stat	*sb;
	git_index		*orig = NULL;
	char			 copy[4096 + 16], path[4096 + 16];
	size_t			 i;
	int			 tries, done = 0;

	if (f->n == 0 && tree == NULL)
		return;
	if (pathf(NULL, path, sizeof(path), "%s" GF_INDEX,
	    git_repository_path(repo)) == -1)
		return;
	if (git_repository_index(&orig, repo) < 0)
		orig = NULL;
	/* A write that fails once (a disk almost full) is tried again. */
	for (tries = 0; tries < 3 && !done; tries++) {
		git_index_free(idx);
		idx = NULL;
		if (index_copy(git_repository_path(repo), copy,
		    sizeof(copy)) == -1 || git_index_open(&idx, copy) < 0)
			continue;
		/*
		 * The repository's for the time of the write, so that libgit2
		 * smudges racily clean entries against the work tree as it
		 * does for the index itself: else a file git added in the
		 * same second as its last change would pass for clean.
		 */
		git_repository_set_index(repo, idx);
		if (git_index_read(idx, 1) < 0)
			continue;
		smudge_racy(idx, path);
		for (i = 0; i < f->n; i++) {
			sb = &f->v[i].sb;
			memset(&ie, 0, sizeof(ie));
			ie.ctime.seconds = (int32_t)sb->st_ctim.tv_sec;
			ie.ctime.nanoseconds = (uint32_t)sb->st_ctim.tv_nsec;
			ie.mtime.seconds = (int32_t)sb->st_mtim.tv_sec;
			ie.mtime.nanoseconds = (uint32_t)sb->st_mtim.tv_nsec;
			ie.dev = (uint32_t)sb->st_dev;
			ie.ino = (uint32_t)sb->st_ino;
			ie.mode = GIT_FILEMODE_BLOB;
			ie.uid = (uint32_t)sb->st_uid;
			ie.gid = (uint32_t)sb->st_gid;
			ie.file_size = (uint32_t)sb->st_size;
			ie.id = f->v[i].id;
			ie.path = f->v[i].path;
			git_index_add(idx, &ie);
		}
		fl.idx = idx;
		fl.added = 0;
		if (tree != NULL)
			git_tree_walk(tree, GIT_TREEWALK_PRE, fill_missing,
			    &fl);
		if (f->n == 0 && fl.added == 0)
			done = 1;
		else if (git_index_write(idx) == 0 && rename(copy, path) == 0)
			done = 1;
	}
	if (orig != NULL) {
		git_repository_set_index(repo, orig);
		/* It reads the new index. */
		(void)git_index_read(orig, 0);
		git_index_free(orig);
	}
	git_index_free(idx);
	unlink(copy);
}

/*
 * open(path, flags, 0666), making the directories of path after its
 * first skip bytes when one is missing and flags create the file.
 */
int
open_making_dirs(char *path, size_t skip, int flags)
{
	size_t	 n;
	int	 fd;

	if ((fd = open(path, flags, 0666)) != -1 || errno != ENOENT ||
	    !(flags & O_CREAT))
		return fd;
	for (n = skip; path[n] != '\0'; n++) {
		if (path[n] != '/')
			continue;
		path[n] = '\0';
		if (mkdir(path, 0777) == -1 && errno != EEXIST) {
			path[n] = '/';
			return -1;
		}
		path[n] = '/';
	}
	return open(path, flags, 0666);
}

/*
 * Make the lock file path, exclusively (EEXIST: another holds it), so
 * that the writer's record names it before it exists: the file is made
 * under a name of this process's own (hips-newlock-PID), recorded, then
 * linked to path.  Where the file system has no hard links, it is made
 * in place.  The directories of path after its first skip bytes are made
 * when missing.
 */
int
make_lock(git_repository *repo, char *path, size_t skip)
{
	char	 tmp[4096 + 64];
	size_t	 n;
	int	 fd, rc, saved;

	if (pathf(NULL, tmp, sizeof(tmp), "%s" GF_NEWLOCK "%ld",
	    git_repository_commondir(repo), (long)getpid()) == -1)
		return -1;
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) ==
	    -1)
		return -1;
	own_lock(repo, path, fd);
	if ((rc = link(tmp, path)) == -1 && errno == ENOENT) {
		/* refs/heads/ itself may be gone (all refs packed). */
		for (n = skip; path[n] != '\0'; n++) {
			if (path[n] != '/')
				continue;
			path[n] = '\0';
			(void)mkdir(path, 0777);
			path[n] = '/';
		}
		rc = link(tmp, path);
	}
	saved = errno;
	(void)unlink(tmp);
	if (rc == 0)
		return fd;
	close(fd);
	if (saved == EPERM || saved == EOPNOTSUPP || saved == ENOSYS ||
	    saved == EMLINK) {
		fd = open_making_dirs(path, skip, O_WRONLY | O_CREAT | O_EXCL |
		    O_CLOEXEC);
		if (fd != -1)
			own_lock(repo, path, fd);
		return fd;
	}
	errno = saved;
	return -1;
}
