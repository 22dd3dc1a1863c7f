/*
 * A sync: fetch, integrate (commit hand edits, merge, check out, move
 * the branch) under the writer's lock, push; the .git/hips-sync record
 * that lets the next writer finish a sync killed on the way.
 */
#include "store_int.h"

/*
 * The sync record, .git/hips-sync: "OLD NEW BRANCH\n" (OLD all zeros
 * for an unborn branch), written durably before a sync changes the work
 * tree and removed once the branch has moved from OLD to NEW.  A writer
 * that holds the lock and finds it has found a sync killed on the way:
 * sync_recover() finishes it before anything else is written, so that
 * its half-written files are never taken for hand edits.
 */
static int
record_path(git_repository *repo, char *path, size_t size)
{
	return pathf(NULL, path, size, "%s" GF_SYNC_RECORD,
	    git_repository_path(repo));
}

int
record_write(git_repository *repo, const char *branch, const git_oid *old,
    const git_oid *new, struct error *e)
{
	char	 path[4096], tmp[4200], line[512];
	char	 o[GIT_OID_HEXSZ + 1], n[GIT_OID_HEXSZ + 1];
	int	 fd, len;

	git_oid_tostr(o, sizeof(o), old != NULL ? old : &zero_oid);
	git_oid_tostr(n, sizeof(n), new);
	len = snprintf(line, sizeof(line), "%s %s %s\n", o, n, branch);
	if (len < 0 || (size_t)len >= sizeof(line))
		return error_put(e, 1, "branch name too long");
	if (record_path(repo, path, sizeof(path)) == -1)
		return error_put(e, 1, "%s: %s", git_repository_path(repo),
		    strerror(errno));
	if (pathf(e, tmp, sizeof(tmp), "%s.tmp", path) == -1)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 || write_all(fd, line, (size_t)len) == -1 ||
	    fsync(fd) == -1 || close(fd) == -1) {
		error_put(e, 1, "cannot write %s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp,
	    path) == -1 || fio_fsync(git_repository_path(repo)) == -1) {
		error_put(e, 1, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/*
 * The record's text: OLD, NEW and BRANCH (refs/heads/..., at most
 * size - 1 bytes); -1 when it is not a record of hips sync.
 */
int
record_parse(const char *text, git_oid *old, git_oid *new, char *branch,
    size_t size)
{
	char	 o[64], n[64], b[256];

	if (sscanf(text, "%63s %63s %255s", o, n, b) != 3 ||
	    git_oid_fromstr(old, o) < 0 || git_oid_fromstr(new, n) < 0 ||
	    strncmp(b, "refs/heads/", 11) != 0 || strlen(b) >= size)
		return -1;
	memcpy(branch, b, strlen(b) + 1);
	return 0;
}

static void
record_clear(git_repository *repo)
{
	char	 path[4096];

	if (record_path(repo, path, sizeof(path)) == 0 && unlink(path) == 0)
		fio_fsync(git_repository_path(repo));
}

/* Is a[0..alen) a prefix of b[0..blen)? */
static bool
is_prefix(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen <= blen && memcmp(a, b, alen) == 0;
}

/*
 * data as the work tree file full, durably, through a temporary file;
 * missing directories after the first skip bytes of full are made.
 */
static int
work_write(char *full, size_t skip, const char *data, size_t len,
    struct error *e)
{
	char		 tmp[4200], *slash;
	int		 fd;

	slash = strrchr(full, '/');
	if (slash == NULL || snprintf(tmp, sizeof(tmp), "%.*s.%s.hips-tmp",
	    (int)(slash - full + 1), full, slash + 1) >= (int)sizeof(tmp))
		return error_put(e, 1, "%s: path too long", full);
	fd = open_making_dirs(tmp, skip, O_WRONLY | O_CREAT | O_TRUNC |
	    O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 || write_all(fd, data, len) == -1 || fsync(fd) == -1 ||
	    close(fd) == -1) {
		error_put(e, 1, "cannot write %s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, full) == -1) {
		error_put(e, 1, "cannot write %s: %s", full, strerror(errno));
		unlink(tmp);
		return -1;
	}
	*slash = '\0';
	fio_fsync(full);
	*slash = '/';
	return 0;
}

/*
 * Bring one file a sync changes from o to n (either NULL: absent) in
 * the work tree to the version the branch is to hold: n (forward) or o.
 * The file as the sync left it can be o, n, or a beginning of n (a
 * checkout writes a file in place): these become the target.  Anything
 * else is a change of the user's since, which is kept: going forward,
 * a month file's is merged with the sync's change (linemerge.h), so
 * that the next write commits it as a hand edit on top of n.
 */
static int
restore_file(git_repository *repo, const char *path, git_blob *o,
    git_blob *n, bool forward, struct error *e)
{
	struct stat	 sb;
	git_blob	*target = forward ? n : o;
	const char	*tdata = NULL, *odata;
	char		 full[4096], *w = NULL, *merged = NULL;
	size_t		 wlen = 0, tlen = 0, mlen, olen, skip;
	int		 rc = -1;

	odata = o ? git_blob_rawcontent(o) : "";
	olen = o ? (size_t)git_blob_rawsize(o) : 0;
	if (target != NULL) {
		tdata = git_blob_rawcontent(target);
		tlen = (size_t)git_blob_rawsize(target);
	}
	skip = strlen(git_repository_workdir(repo));
	if ((size_t)snprintf(full, sizeof(full), "%s%s",
	    git_repository_workdir(repo), path) >= sizeof(full))
		return error_put(e, 1, "%s: path too long", path);
	if (lstat(full, &sb) == -1) {
		if (errno != ENOENT)
			return error_put(e, 1, "%s: %s", full, strerror(errno));
		/* Gone: removed by the sync before it was written again. */
		return target == NULL ? 0 : work_write(full, skip, tdata,
		    tlen, e);
	}
	if (!S_ISREG(sb.st_mode))
		return error_put(e, 1, "cannot finish an interrupted sync: '%s' is "
		    "not a regular file", full);
	if (read_whole(full, &w, &wlen, &sb) == -1)
		return error_put(e, 1, "%s: %s", full, strerror(errno));
	if ((o != NULL && wlen == olen && memcmp(w, odata, wlen) == 0) ||
	    (n != NULL && is_prefix(w, wlen, git_blob_rawcontent(n),
	    (size_t)git_blob_rawsize(n)))) {
		/* Left by the sync. */
		if (target == NULL)
			rc = unlink(full) == -1 && errno != ENOENT ?
			    error_put(e, 1, "%s: %s", full, strerror(errno)) : 0;
		else if (wlen == tlen && memcmp(w, tdata, wlen) == 0)
			rc = 0;
		else
			rc = work_write(full, skip, tdata, tlen, e);
	} else if (forward && n != NULL && is_log_path(path)) {
		/* The user's change since. */
		if (linemerge(odata, olen, w, wlen, tdata, tlen, &merged,
		    &mlen) == -1)
			rc = error_put(e, 1, "out of memory");
		else if (mlen == wlen && memcmp(merged, w, wlen) == 0)
			rc = 0;
		else
			rc = work_write(full, skip, merged, mlen, e);
	} else
		rc = 0;
	free(merged);
	free(w);
	return rc;
}

/*
 * Whether path, from a tree, names a file inside the work tree that may
 * be written: no empty, ".", ".." or ".git" component, and no directory
 * on the way that is a symbolic link or not a directory.
 */
static bool
safe_path(const char *workdir, const char *path)
{
	struct stat	 sb;
	const char	*p, *c;
	char		 full[4096];
	size_t		 n;

	for (p = path;; p = c + 1) {
		c = strchr(p, '/');
		n = c ? (size_t)(c - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && strncmp(p, "..", 2) == 0) ||
		    (n == 4 && strncasecmp(p, ".git", 4) == 0))
			return false;
		if (c == NULL)
			return true;
		if ((size_t)snprintf(full, sizeof(full), "%s%.*s", workdir,
		    (int)(c - path), path) >= sizeof(full))
			return false;
		if (lstat(full, &sb) == 0 && !S_ISDIR(sb.st_mode))
			return false;
	}
}

static bool
is_file_mode(uint16_t mode)
{
	return mode == GIT_FILEMODE_BLOB ||
	    mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/*
 * Bring the work tree and the index from a sync's half-way state to
 * commit new (forward) or back to old (NULL: an unborn branch), file by
 * file as restore_file() says.  Only regular files are written.
 */
static int
restore(git_repository *repo, git_commit *old, git_commit *new,
    bool forward, struct error *e)
{
	git_tree		*ot = NULL, *nt = NULL;
	git_diff		*diff = NULL;
	git_index		*idx = NULL;
	git_blob		*ob = NULL, *nb = NULL;
	const git_diff_delta	*d;
	const git_diff_file	*tf;
	git_index_entry		 ie;
	size_t			 i, n;
	int			 rc = -1;

	if ((old != NULL && git_commit_tree(&ot, old) < 0) ||
	    git_commit_tree(&nt, new) < 0 ||
	    git_diff_tree_to_tree(&diff, repo, ot, nt, NULL) < 0 ||
	    git_repository_index(&idx, repo) < 0 ||
	    git_index_read(idx, 1) < 0) {
		gitfail(e, "cannot read the interrupted sync");
		goto out;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		d = git_diff_get_delta(diff, i);
		if ((d->status != GIT_DELTA_ADDED &&
		    !is_file_mode(d->old_file.mode)) ||
		    (d->status != GIT_DELTA_DELETED &&
		    !is_file_mode(d->new_file.mode)))
			continue;
		/* Never written, as no checkout writes it either. */
		if (!safe_path(git_repository_workdir(repo),
		    d->new_file.path))
			continue;
		if ((d->status != GIT_DELTA_ADDED && git_blob_lookup(&ob, repo,
		    &d->old_file.id) < 0) || (d->status != GIT_DELTA_DELETED &&
		    git_blob_lookup(&nb, repo, &d->new_file.id) < 0)) {
			gitfail(e, "cannot read the interrupted sync");
			goto out;
		}
		if (restore_file(repo, d->new_file.path, ob, nb, forward,
		    e) == -1)
			goto out;
		tf = forward ? &d->new_file : &d->old_file;
		if ((forward ? nb : ob) == NULL)
			git_index_remove(idx, d->new_file.path, 0);
		else {
			/* No stat data: git compares the file once. */
			memset(&ie, 0, sizeof(ie));
			ie.mode = tf->mode;
			ie.id = tf->id;
			ie.path = d->new_file.path;
			if (git_index_add(idx, &ie) < 0) {
				gitfail(e, "cannot update the index");
				goto out;
			}
		}
		git_blob_free(nb);
		git_blob_free(ob);
		nb = ob = NULL;
	}
	gitlock_mark(repo, GF_INDEX_LOCK);
	rc = git_index_write(idx);
	gitlock_mark(repo, NULL);
	if (rc < 0) {
		rc = -1;
		gitfail(e, "cannot write the index");
		goto out;
	}
	rc = 0;
out:
	git_blob_free(nb);
	git_blob_free(ob);
	git_index_free(idx);
	git_diff_free(diff);
	git_tree_free(nt);
	git_tree_free(ot);
	return rc;
}

/*
 * With the writer lock held, before anything else is written: finish a
 * sync that was killed after it recorded its intent (see GF_SYNC_RECORD).
 * The branch still at OLD moves to NEW, the work tree and the index
 * follow; a branch moved elsewhere since (by git) stops every write
 * until the user has looked.
 */
int
sync_recover(struct store *st, struct error *e)
{
	git_repository	*repo = st->repo;
	git_commit	*old = NULL, *new = NULL;
	git_reference	*ref = NULL;
	git_oid		 oid, nid, cur;
	char		 path[4096], branch[256];
	char		 lockname[300];
	char		*text = NULL;
	const char	*msg = "hips: finished a sync that was interrupted\n";
	struct stat	 sb;
	size_t		 len;
	int		 rc = -1, grc;

	if (record_path(repo, path, sizeof(path)) == -1)
		return error_put(e, 1, "%s: %s", git_repository_path(repo),
		    strerror(errno));
	if (lstat(path, &sb) == -1 && errno == ENOENT)
		return 0;
	if (read_whole(path, &text, &len, &sb) == -1)
		return error_put(e, 1, "%s: %s", path, strerror(errno));
	text[len] = '\0';
	if (record_parse(text, &oid, &nid, branch, sizeof(branch)) == -1) {
		error_put(e, 1, "%s: not a record of hips sync; remove it", path);
		goto out;
	}
	grc = git_reference_name_to_id(&cur, repo, branch);
	if (grc == GIT_ENOTFOUND)
		git_oid_cpy(&cur, &zero_oid);
	else if (grc < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	}
	if (!git_oid_equal(&cur, &oid) && !git_oid_equal(&cur, &nid)) {
		error_put(e, 1, "a sync was interrupted (%s), and '%s' has moved "
		    "since: check the files with 'hips git status' and 'hips "
		    "git diff', commit what is to be kept, then remove %s",
		    path, branch + 11, path);
		goto out;
	}
	if ((!git_oid_is_zero(&oid) && git_commit_lookup(&old, repo,
	    &oid) < 0) || git_commit_lookup(&new, repo, &nid) < 0) {
		gitfail(e, "cannot read the commits of an interrupted sync");
		goto out;
	}
	if (restore(repo, old, new, true, e) == -1)
		goto out;
	if (git_oid_equal(&cur, &oid)) {
		if (pathf(e, lockname, sizeof(lockname), "%s.lock",
		    branch) == -1)
			goto out;
		gitlock_mark(repo, lockname);
		grc = old == NULL ? git_reference_create(&ref, repo, branch,
		    &nid, 0, "sync: finish an interrupted sync") :
		    git_reference_create_matching(&ref, repo, branch, &nid, 1,
		    &oid, "sync: finish an interrupted sync");
		gitlock_mark(repo, NULL);
		if (grc < 0) {
			gitfail(e, "cannot finish an interrupted sync");
			goto out;
		}
	}
	record_clear(repo);
	write_all(STDERR_FILENO, msg, strlen(msg));
	rc = 0;
out:
	git_reference_free(ref);
	git_commit_free(new);
	git_commit_free(old);
	free(text);
	return rc;
}

/*
 * Move branch from old (NULL: unborn) to new, work tree first, under a
 * sync record (GF_SYNC_RECORD): on failure the work tree goes back; killed,
 * the next writer finishes the move.
 */
static int
advance(git_repository *repo, const char *branch, git_commit *old,
    const git_oid *new_id, const char *reflog, struct error *e)
{
	git_commit		*new = NULL;
	git_reference		*ref = NULL;
	struct error	 undo;
	git_oid			 head;
	char			 lockname[512];
	int			 rc = -1, grc;

	if (pathf(e, lockname, sizeof(lockname), "%s.lock", branch) == -1)
		goto out;
	if (git_commit_lookup(&new, repo, new_id) < 0) {
		gitfail(e, "cannot read the new commit");
		goto out;
	}
	if (record_write(repo, branch, old ? git_commit_id(old) : NULL,
	    new_id, e) == -1)
		goto out;
	memset(&undo, 0, sizeof(undo));
	if (checkout(repo, old, new, e) == -1) {
		/* Not put back: the record stays, the next write finishes. */
		if (restore(repo, old, new, false, &undo) == 0)
			record_clear(repo);
		else
			say_also(e, &undo);
		goto out;
	}
	gitlock_mark(repo, lockname);
	if (old == NULL)
		grc = git_reference_create(&ref, repo, branch, new_id, 0,
		    reflog);
	else
		grc = git_reference_create_matching(&ref, repo, branch, new_id,
		    1, git_commit_id(old), reflog);
	gitlock_mark(repo, NULL);
	if (grc < 0) {
		gitfail(e, "cannot move the branch");
		if (restore(repo, old, new, false, &undo) == 0)
			record_clear(repo);
		else
			say_also(e, &undo);
		goto out;
	}
	if (git_reference_name_to_id(&head, repo, "HEAD") < 0 ||
	    !git_oid_equal(&head, new_id)) {
		error_put(e, 1, "the sync did not reach HEAD (is the disk full?)");
		goto out;
	}
	record_clear(repo);
	rc = 0;
out:
	git_reference_free(ref);
	git_commit_free(new);
	return rc;
}

/* A history with nothing of the user's: only hips's first commit. */
static bool
empty_history(git_commit *c)
{
	git_tree		*tree = NULL;
	const git_tree_entry	*te;
	size_t			 i, n;
	bool			 empty = true;

	if (git_commit_parentcount(c) != 0 || git_commit_tree(&tree, c) < 0)
		return false;
	n = git_tree_entrycount(tree);
	for (i = 0; i < n; i++) {
		te = git_tree_entry_byindex(tree, i);
		if (strcmp(git_tree_entry_name(te), ".gitattributes") != 0)
			empty = false;
	}
	git_tree_free(tree);
	return empty;
}

/* How many commits lead to id. */
static size_t
count_commits(git_repository *repo, const git_oid *id)
{
	git_revwalk	*w = NULL;
	git_oid		 c;
	size_t		 n = 0;

	if (git_revwalk_new(&w, repo) < 0)
		return 0;
	if (git_revwalk_push(w, id) == 0)
		while (git_revwalk_next(&c, w) == 0)
			n++;
	git_revwalk_free(w);
	return n;
}

struct tally {
	bool	 edits;			/* hand edits committed */
	bool	 adopted;		/* took origin's history */
	size_t	 in;			/* commits brought in */
	size_t	 merges;
	size_t	 out;			/* commits pushed */
	int	 tries;
};

/*
 * One round: bring origin's branch (rid, if has) into HEAD's.  *topush
 * says whether origin lacks something of ours.
 */
static int
integrate(struct store *st, struct store_sync *s, const char *branch,
    const char *remote_ref, const git_oid *rid, bool has, const char *name,
    const char *email, struct tally *t, bool *topush, struct error *e)
{
	git_repository		*repo = st->repo;
	git_commit		*ours = NULL, *theirs = NULL;
	struct store_commit	 c;
	git_oid			 lid, mid, base;
	size_t			 ahead = 0, behind = 0;
	char			 reflog[400];
	bool			 unborn;
	int			 rc = -1, grc;

	*topush = false;
	if (t->tries == 1) {
		if (s->tidy != NULL && s->tidy(s->arg, e) == -1)
			return -1;
		memset(&c, 0, sizeof(c));
		c.message = "edit: changes made by hand, committed by sync\n";
		c.name = name;
		c.email = email;
		if (store_commit(st, &c, e) == -1)
			return -1;
		t->edits = c.moved;
	}
	grc = git_reference_name_to_id(&lid, repo, branch);
	if (grc < 0 && grc != GIT_ENOTFOUND)
		return gitfail(e, "cannot read the current commit");
	unborn = grc == GIT_ENOTFOUND;
	if (!unborn && git_commit_lookup(&ours, repo, &lid) < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	}
	if (!has) {
		/* An empty remote: ours is all there is. */
		*topush = !unborn;
		rc = 0;
		goto out;
	}
	if (git_commit_lookup(&theirs, repo, rid) < 0) {
		gitfail(e, "cannot read the remote's commit");
		goto out;
	}
	if (!unborn && git_oid_equal(&lid, rid)) {
		rc = 0;
		goto out;
	}
	grc = unborn ? GIT_ENOTFOUND : git_merge_base(&base, repo, &lid, rid);
	if (grc < 0 && grc != GIT_ENOTFOUND) {
		gitfail(e, "cannot compare the histories");
		goto out;
	}
	if (grc == GIT_ENOTFOUND && (unborn || empty_history(ours))) {
		/* A fresh repository takes origin's history as it is. */
		snprintf(reflog, sizeof(reflog), "sync: take %s", remote_ref);
		if (advance(repo, branch, ours, rid, reflog, e) == -1)
			goto out;
		t->adopted = true;
		rc = 0;
		goto out;
	}
	if (grc == GIT_ENOTFOUND && !s->allow_unrelated &&
	    !empty_history(theirs)) {
		/*
		 * As git does: a history that shares no commit with ours is
		 * another repository, or ours rewritten and force-pushed.
		 */
		error_put(e, 1, "'%s' shares no history with '%s' (another "
		    "repository, or a history rewritten and force-pushed); "
		    "nothing was merged: to join them, keeping the entries "
		    "of both, run 'hips sync --allow-unrelated'", remote_ref,
		    branch + strlen("refs/heads/"));
		goto out;
	}
	if (grc == 0 && git_oid_equal(&base, rid)) {
		/* Ours already holds theirs. */
		*topush = true;
		rc = 0;
		goto out;
	}
	if (git_graph_ahead_behind(&ahead, &behind, repo, &lid, rid) == 0)
		t->in += behind;
	if (grc == 0 && git_oid_equal(&base, &lid)) {
		snprintf(reflog, sizeof(reflog), "sync: fast-forward to %s",
		    remote_ref);
		rc = advance(repo, branch, ours, rid, reflog, e);
		goto out;
	}
	if (merge(repo, ours, theirs, grc == 0 ? &base : NULL, name, email,
	    remote_ref, &mid, e) == -1)
		goto out;
	snprintf(reflog, sizeof(reflog), "sync: merge %s", remote_ref);
	if (advance(repo, branch, ours, &mid, reflog, e) == -1)
		goto out;
	t->merges++;
	*topush = true;
	rc = 0;
out:
	git_commit_free(theirs);
	git_commit_free(ours);
	return rc;
}

static void
summarise(struct store_sync *s, const struct tally *t, const char *remote)
{
	char	*p = s->summary;
	size_t	 left = sizeof(s->summary);
	int	 n;

#define ADD(...) do {							\
	n = snprintf(p, left, __VA_ARGS__);				\
	if (n > 0 && (size_t)n < left) {				\
		p += n;							\
		left -= (size_t)n;					\
	}								\
} while (0)
	s->summary[0] = '\0';
	if (t->edits)
		ADD("committed changes made by hand; ");
	if (t->adopted)
		ADD("took the history of %s", remote);
	else if (t->merges > 0)
		ADD("merged %zu new commit%s from %s", t->in,
		    t->in == 1 ? "" : "s", remote);
	else if (t->in > 0)
		ADD("fast-forwarded %zu commit%s from %s", t->in,
		    t->in == 1 ? "" : "s", remote);
	if (t->out > 0)
		ADD("%spushed %zu commit%s to origin", p == s->summary ||
		    p[-2] == ';' ? "" : ", ", t->out, t->out == 1 ? "" : "s");
	if (p == s->summary || p[-2] == ';')
		ADD("up to date with origin");
	if (t->tries > 1)
		ADD(" (%d attempts: the remote moved meanwhile)", t->tries);
#undef ADD
}

int
store_sync(struct store *st, struct store_sync *s, const char *name,
    const char *email, struct error *e)
{
	git_repository	*repo = st->repo;
	git_remote	*r = NULL;
	struct syncctx	 x;
	struct tally	 t;
	struct error	 hint;		/* a step whose failure is no error */
	git_oid		 rid, lid, before;
	char		 branch[256], remote_ref[300];
	bool		 has, topush, had_before, pushed;
	size_t		 ahead, behind;
	int		 rc = -1, grc;

	memset(&x, 0, sizeof(x));
	memset(&t, 0, sizeof(t));
	x.s = s;
	x.pct = -1;
	x.agent = -1;
	x.dir = git_repository_workdir(repo);
	s->summary[0] = '\0';
	if (head_branch(repo, branch, sizeof(branch), e) == -1)
		return -1;
	if (strncmp(branch, "refs/heads/", 11) != 0)
		return error_put(e, 1, "HEAD is not a branch");
	snprintf(remote_ref, sizeof(remote_ref), "origin/%s", branch + 11);
	if (git_repository_state(repo) != GIT_REPOSITORY_STATE_NONE)
		return error_put(e, 1, "a merge or another git operation is in "
		    "progress: finish it with 'hips git commit' (or abandon "
		    "it, e.g. 'hips git merge --abort'), then sync");
	grc = git_remote_lookup(&r, repo, "origin");
	if (grc == GIT_ENOTFOUND)
		return error_put(e, 1, "no remote to sync with (set one with 'hips "
		    "init --remote URL')");
	if (grc < 0)
		return gitfail(e, "cannot read the remote 'origin'");
	x.url = git_remote_url(r);
	if (x.url == NULL || x.url[0] == '\0') {
		error_put(e, 1, "the remote 'origin' has no URL (set one with 'hips "
		    "init --remote URL')");
		goto out;
	}
	redact_url(x.url, x.shown, sizeof(x.shown));
	if (strncmp(x.url, "https://", 8) == 0 && ca_info(repo, e) == -1)
		goto out;
	for (t.tries = 1; t.tries <= SYNC_TRIES; t.tries++) {
		if (fetch(r, branch, &x, &rid, &has, e) == -1)
			goto out;
		/* The writer holds its signals while it holds the lock. */
		if (s->lock != NULL && s->lock(s->arg, e) == -1)
			goto out;
		rc = track(repo, branch, &rid, has, e);
		if (rc == 0)
			rc = integrate(st, s, branch, remote_ref, &rid, has,
			    name, email, &t, &topush, e);
		if (s->unlock != NULL)
			s->unlock(s->arg);
		if (rc == -1)
			goto out;
		rc = -1;
		if (!topush)
			break;
		had_before = has;
		before = rid;
		ahead = behind = 0;
		pushed = git_reference_name_to_id(&lid, repo, branch) == 0;
		if (pushed) {
			if (had_before)
				git_graph_ahead_behind(&ahead, &behind, repo,
				    &lid, &before);
			else
				ahead = count_commits(repo, &lid);
		}
		grc = push(r, branch, &x, e);
		if (grc == -1)
			goto out;
		if (grc == 0) {
			t.out = ahead;
			/*
			 * origin/BRANCH is now ours: only a hint, which the
			 * next fetch sets anyway, so failing here is no error.
			 */
			if (pushed && (s->lock == NULL ||
			    s->lock(s->arg, &hint) == 0)) {
				track(repo, branch, &lid, true, &hint);
				if (s->unlock != NULL)
					s->unlock(s->arg);
			}
			break;
		}
	}
	if (t.tries > SYNC_TRIES && (strstr(x.reject, "lock") != NULL ||
	    strstr(x.reject, "failed to update ref") != NULL)) {
		/* git's receive-pack says so of a lock it cannot take. */
		error_put(e, 1, "'%s' rejected the push %d times (%s); everything "
		    "is kept here.  If no other machine is syncing, a push "
		    "killed on the way may have left '%s.lock' in the remote "
		    "repository: if no git is at work there, remove that "
		    "file, then run 'hips sync' again", x.shown, SYNC_TRIES,
		    x.reject, branch);
		goto out;
	}
	if (t.tries > SYNC_TRIES) {
		error_put(e, 1, "'%s' rejected the push %d times (%s); everything "
		    "is kept here: run 'hips sync' again later", x.shown,
		    SYNC_TRIES, x.reject);
		goto out;
	}
	summarise(s, &t, remote_ref);
	rc = 0;
out:
	cred_wipe(&x.helper);
	git_remote_free(r);
	return rc;
}
