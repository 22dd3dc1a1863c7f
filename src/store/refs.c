/*
 * Refs: the branch's lock taken and committed by this writer itself, and
 * the reflog lines (HEAD's and the branch's) appended with it.
 */
#include "store_int.h"

/*
 * Append line to the reflog at dir + name, made (with its directories)
 * if it is missing and create is set.  r->fd stays -1 when the reflog
 * does not exist and create is not set.
 */
static int
reflog_line(const char *dir, const char *name, const char *line, bool create,
    struct rlog *r)
{
	char	 path[4096 + 300];
	size_t	 n;

	r->fd = -1;
	n = (size_t)snprintf(path, sizeof(path), "%slogs/%s", dir, name);
	if (n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* logs/, logs/refs/, ... made for a first reflog. */
	r->fd = open_making_dirs(path, strlen(dir), O_WRONLY | O_APPEND |
	    O_CLOEXEC | (create ? O_CREAT : 0));
	if (r->fd == -1)
		return errno == ENOENT && !create ? 0 : -1;
	if ((r->at = lseek(r->fd, 0, SEEK_END)) == -1 ||
	    write_all(r->fd, line, strlen(line)) == -1) {
		if (r->at != -1 && ftruncate(r->fd, r->at) == -1)
			r->at = -1;
		close(r->fd);
		r->fd = -1;
		return -1;
	}
	return 0;
}

/* Close the reflogs of r[0..1], taking their lines back unless kept. */
void
reflogs_close(struct rlog r[2], bool keep)
{
	int	 i;

	for (i = 0; i < 2; i++) {
		if (r[i].fd == -1)
			continue;
		if (!keep && ftruncate(r[i].fd, r[i].at) == -1)
			r[i].at = -1;	/* a line too many, as git leaves */
		close(r[i].fd);
		r[i].fd = -1;
	}
}

/*
 * The entry of a move of branch from old to new in its reflog and in
 * HEAD's, in git's format ("OLD NEW NAME <EMAIL> TIME +ZONE<TAB>MSG"), by
 * the committer; r gets them open.  Not synced, as git never syncs them:
 * a reflog records where a branch was, the ref itself where it is, and
 * a line lost in a crash loses nothing committed.  With
 * core.logAllRefUpdates false only the reflogs that exist get the line,
 * as git does.
 */
int
reflogs_append(git_repository *repo, const char *branch, const git_oid *old,
    const git_oid *new, const git_signature *sig, const char *msg,
    struct rlog r[2])
{
	git_config	*cfg = NULL;
	char		*line, ohex[GIT_OID_HEXSZ + 1], nhex[GIT_OID_HEXSZ + 1];
	size_t		 n, i, size;
	int		 off, logall = 1, rc = 0;

	r[0].fd = r[1].fd = -1;
	if (git_repository_config(&cfg, repo) == 0 &&
	    git_config_get_bool(&logall, cfg, "core.logallrefupdates") < 0)
		logall = 1;	/* unset, or "always" */
	git_config_free(cfg);
	git_error_clear();
	git_oid_tostr(ohex, sizeof(ohex), old);
	git_oid_tostr(nhex, sizeof(nhex), new);
	off = sig->when.offset;
	size = 2 * GIT_OID_HEXSZ + strlen(sig->name) + strlen(sig->email) +
	    strlen(msg) + 64;
	if ((line = malloc(size)) == NULL) {
		git_error_set_oom();
		return -1;
	}
	n = (size_t)snprintf(line, size, "%s %s %s <%s> %lld %c%02d%02d\t",
	    ohex, nhex, sig->name, sig->email, (long long)sig->when.time,
	    off < 0 || sig->when.sign == '-' ? '-' : '+', abs(off) / 60,
	    abs(off) % 60);
	/* The message on one line, without trailing blanks. */
	for (i = 0; msg[i] != '\0'; i++)
		line[n++] = msg[i] == '\n' ? ' ' : msg[i];
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
	    line[n - 1] == '\n'))
		n--;
	line[n++] = '\n';
	line[n] = '\0';
	if (reflog_line(git_repository_commondir(repo), branch, line,
	    logall, &r[0]) == -1 || reflog_line(git_repository_path(repo),
	    "HEAD", line, logall, &r[1]) == -1) {
		git_error_set(GIT_ERROR_FILESYSTEM,
		    "cannot append to the reflog: %s", strerror(errno));
		reflogs_close(r, false);
		rc = -1;
	}
	free(line);
	return rc;
}

void
ref_unlock(struct reflock *l)
{
	if (l->fd == -1)
		return;
	close(l->fd);
	unlink(l->lock);
	l->fd = -1;
}

/* How long ago t was, in words. */
void
age_words(time_t t, char *out, size_t size)
{
	long long	 s = (long long)(time(NULL) - t);

	if (s < 0)
		s = 0;
	if (s < 120)
		snprintf(out, size, "%lld seconds", s);
	else if (s < 2 * 3600)
		snprintf(out, size, "%lld minutes", s / 60);
	else if (s < 2 * 86400)
		snprintf(out, size, "%lld hours", s / 3600);
	else
		snprintf(out, size, "%lld days", s / 86400);
}

/*
 * GIT_ELOCKED, GIT_EMODIFIED (the branch is not at old; old NULL: the
 * branch exists), -1 or 0.
 */
int
ref_lock(git_repository *repo, const char *branch, const git_oid *old,
    const git_oid *new, struct reflock *l)
{
	const char	*dir = git_repository_commondir(repo);
	char		 hex[GIT_OID_HEXSZ + 2], age[64];
	struct stat	 sb;
	git_oid		 cur;
	int		 rc;

	l->fd = -1;
	l->renamed = false;
	if ((size_t)snprintf(l->ref, sizeof(l->ref), "%s%s", dir, branch) >=
	    sizeof(l->ref)) {
		git_error_set_str(GIT_ERROR_REFERENCE, "branch name too long");
		return -1;
	}
	if (pathf(NULL, l->lock, sizeof(l->lock), "%s.lock", l->ref) == -1) {
		git_error_set_str(GIT_ERROR_REFERENCE, "branch name too long");
		return -1;
	}
	/* refs/heads/ itself may be gone (all refs packed). */
	l->fd = make_lock(repo, l->lock, strlen(dir));
	if (l->fd == -1) {
		/*
		 * No git holds a branch's lock for long: one older than a
		 * minute (four times the wait for it) was left by a git
		 * killed on the way, and the user hears the remedy at once.
		 */
		if (errno == EEXIST && stat(l->lock, &sb) == 0 &&
		    time(NULL) - sb.st_mtime > 4 * RETRY_MS / 1000) {
			age_words(sb.st_mtime, age, sizeof(age));
			git_error_set(GIT_ERROR_REFERENCE, "'%s' has been "
			    "locked for %s: if no git is at work in the data "
			    "directory (a git killed on the way leaves such a "
			    "lock), remove that file", l->lock, age);
			return -1;
		}
		if (errno == EEXIST) {
			git_error_set(GIT_ERROR_REFERENCE, "'%s' is locked "
			    "(another git is moving the branch)", l->lock);
			return GIT_ELOCKED;
		}
		git_error_set(GIT_ERROR_FILESYSTEM, "cannot lock %s: %s",
		    l->lock, strerror(errno));
		return -1;
	}
	rc = git_reference_name_to_id(&cur, repo, branch);
	if (old == NULL && rc == GIT_ENOTFOUND)
		rc = 0;		/* a first commit: no branch yet */
	else if (old == NULL && rc == 0)
		rc = GIT_ENOTFOUND;
	if (rc == GIT_ENOTFOUND || (rc == 0 && old != NULL &&
	    !git_oid_equal(&cur, old))) {
		git_error_set_str(GIT_ERROR_REFERENCE, "old reference value "
		    "does not match");
		rc = GIT_EMODIFIED;
	}
	if (rc == 0) {
		git_oid_tostr(hex, GIT_OID_HEXSZ + 1, new);
		hex[GIT_OID_HEXSZ] = '\n';
		if (write_all(l->fd, hex, GIT_OID_HEXSZ + 1) == -1) {
			git_error_set(GIT_ERROR_FILESYSTEM,
			    "cannot write %s: %s",
			    l->lock, strerror(errno));
			rc = -1;
		} else
			(void)sync_file_range(l->fd, 0, 0,
			    SYNC_FILE_RANGE_WRITE);
	}
	if (rc < 0)
		ref_unlock(l);
	return rc;
}

/* The lock (synced) replaces the ref; l->renamed says if it did. */
int
ref_commit(struct reflock *l)
{
	char	*slash;
	int	 rc;

	rc = close(l->fd);
	l->fd = -1;
	if (rc == -1 || rename(l->lock, l->ref) == -1) {
		git_error_set(GIT_ERROR_FILESYSTEM, "cannot write %s: %s",
		    l->ref, strerror(errno));
		unlink(l->lock);
		return -1;
	}
	l->renamed = true;
	slash = strrchr(l->ref, '/');
	*slash = '\0';
	rc = fio_fsync(l->ref);
	if (rc == -1)
		git_error_set(GIT_ERROR_FILESYSTEM, "cannot sync %s: %s",
		    l->ref, strerror(errno));
	*slash = '/';
	return rc;
}
