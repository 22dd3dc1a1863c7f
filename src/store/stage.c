/*
 * Staging: the files a commit records, read whole with their stat data
 * (so the index never calls a later version clean), and the hand edits
 * of the work tree that go into the same commit.
 */
#include "store_int.h"

/*
 * The whole file, and its stat data as it was before the first read: a
 * change made after that moves its mtime, so the index never calls a
 * later version clean.
 */
int
read_whole(const char *path, char **data, size_t *len, struct stat *sb)
{
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;

	*data = NULL;
	/* Never through a link, never a FIFO or a device (safefile.h). */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY)) == -1)
		return -1;
	if (fstat(fd, sb) == -1 || (!S_ISREG(sb->st_mode) && (errno = EINVAL))
	    || (sb->st_size > READ_MAX && (errno = EFBIG)) ||
	    (*data = malloc((size_t)sb->st_size + 1)) == NULL) {
		close(fd);
		return -1;
	}
	while (got < (size_t)sb->st_size) {
		n = read(fd, *data + got, (size_t)sb->st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)sb->st_size) {
		free(*data);
		*data = NULL;
		errno = EIO;
		return -1;
	}
	*len = got;
	return 0;
}

int
fresh_add(struct fresh *f, const char *path, const git_oid *id,
    const struct stat *sb, bool changed)
{
	struct fresh_file	*v;
	size_t			 cap;

	if (f->n == f->cap) {
		cap = f->cap ? f->cap * 2 : 8;
		if ((v = realloc(f->v, cap * sizeof(*v))) == NULL)
			return -1;
		f->v = v;
		f->cap = cap;
	}
	if ((f->v[f->n].path = strdup(path)) == NULL)
		return -1;
	f->v[f->n].id = *id;
	f->v[f->n].sb = *sb;
	f->v[f->n].changed = changed;
	f->n++;
	return 0;
}

void
fresh_free(struct fresh *f)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].path);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* Does blob text hold line as a whole line? */
bool
has_line(const char *text, size_t len, const char *line)
{
	size_t		 n = strlen(line);
	const char	*p = text, *end = text + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - p) == n && memcmp(p, line, n) == 0)
			return true;
		p = nl + 1;
	}
	return false;
}

/* Stage path (relative to the work tree) from the working file. */
int
stage(git_repository *repo, const char *path, struct fresh *fresh,
    struct error *e)
{
	git_oid		 id;
	struct stat	 sb;
	char		*data = NULL, full[4096];
	size_t		 len = 0;
	int		 n;

	n = snprintf(full, sizeof(full), "%s%s", git_repository_workdir(repo),
	    path);
	if (n < 0 || (size_t)n >= sizeof(full))
		return error_put(e, 1, "path too long: %s", path);
	if (read_whole(full, &data, &len, &sb) == -1)
		return error_put(e, 1, "%s: %s", full, strerror(errno));
	if (git_blob_create_from_buffer(&id, repo, data, len) < 0) {
		free(data);
		return gitfail(e, "cannot store file contents");
	}
	free(data);
	if (fresh_add(fresh, path, &id, &sb, true) == -1)
		return error_put(e, 1, "out of memory");
	return 0;
}

/*
 * Other log files whose working copy differs from HEAD (a crash before a
 * commit, or an edit by hand): they are committed too, so that nothing
 * written to the data directory is left behind.  The index's stat data
 * spares us hashing files that did not change; a file that had to be
 * hashed and matched gets fresh stat data in the index, so it is hashed
 * once, not on every write.
 */
int
stage_others(git_repository *repo, git_tree *tree, const char *skip,
    const char *const *with, size_t nwith, char *also, size_t alsosize,
    struct fresh *fresh, struct error *e)
{
	git_index		*ridx = NULL;
	const git_index_entry	*ie;
	const git_tree_entry	*te;
	git_tree_entry		*lte = NULL;
	git_tree		*ltree = NULL;
	struct dirent		*de;
	struct stat		 sb;
	DIR			*d;
	git_oid			 id;
	char			 path[300], full[4096];
	size_t			 n, i;
	int			 rc = 0, fd;

	if (pathf(e, full, sizeof(full), "%slog",
	    git_repository_workdir(repo)) == -1)
		return -1;
	/* A link in place of log/ is never followed (safefile.h). */
	if ((fd = open(full, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC))
	    == -1)
		return errno == ENOENT ? 0 : error_put(e, 1, "%s: %s", full,
		    errno == ELOOP ? "is a symbolic link, not a directory" :
		    strerror(errno));
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return error_put(e, 1, "%s: %s", full, strerror(errno));
	}
	if (git_repository_index(&ridx, repo) < 0)
		ridx = NULL;
	/* The log/ tree, read once: each file is then a lookup by name. */
	if (tree != NULL && git_tree_entry_bypath(&lte, tree, "log") == 0 &&
	    git_tree_entry_type(lte) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&ltree, repo, git_tree_entry_id(lte)) < 0)
		ltree = NULL;
	git_tree_entry_free(lte);
	while (rc == 0 && (de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 5 || n > 200 || strcmp(de->d_name + n - 4, ".log") != 0
		    || de->d_name[0] == '.')
			continue;
		/* No path built for a file its index entry vouches for. */
		memcpy(path, "log/", 4);
		memcpy(path + 4, de->d_name, n + 1);
		if (strcmp(path, skip) == 0)
			continue;
		for (i = 0; i < nwith; i++)
			if (strcmp(path, with[i]) == 0)
				break;
		if (i < nwith)
			continue;
		if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) ==
		    -1 || !S_ISREG(sb.st_mode))
			continue;
		te = ltree ? git_tree_entry_byname(ltree, de->d_name) : NULL;
		if (te != NULL && git_tree_entry_type(te) != GIT_OBJECT_BLOB)
			te = NULL;
		ie = ridx ? git_index_get_bypath(ridx, path, 0) : NULL;
		if (te != NULL && ie != NULL &&
		    ie->file_size == (uint32_t)sb.st_size &&
		    ie->mtime.seconds == (int32_t)sb.st_mtim.tv_sec &&
		    ie->mtime.nanoseconds == (uint32_t)sb.st_mtim.tv_nsec &&
		    git_oid_equal(&ie->id, git_tree_entry_id(te)))
			continue;
		if (pathf(e, full, sizeof(full), "%s%s",
		    git_repository_workdir(repo), path) == -1) {
			rc = -1;
			continue;
		}
		if (te != NULL && git_odb_hashfile(&id, full, GIT_OBJECT_BLOB)
		    == 0 && git_oid_equal(&id, git_tree_entry_id(te))) {
			if (fresh_add(fresh, path, &id, &sb, false) == -1)
				rc = error_put(e, 1, "out of memory");
			continue;
		}
		rc = stage(repo, path, fresh, e);
		if (rc == 0 && strlen(also) + strlen(path) + 2 < alsosize) {
			if (also[0] != '\0')
				strcat(also, " ");
			strcat(also, path);
		}
	}
	closedir(d);
	git_tree_free(ltree);
	git_index_free(ridx);
	return rc;
}
