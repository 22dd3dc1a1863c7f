/*
 * Merging for a sync: log files merged line by line (a union), the rest
 * left to git; checkout of the merged tree with its safety checks.
 */
#include "store_int.h"

bool
is_log_path(const char *path)
{
	size_t	 n = strlen(path);

	return strncmp(path, "log/", 4) == 0 && n > 8 &&
	    strcmp(path + n - 4, ".log") == 0 && strchr(path + 4, '/') == NULL;
}

/* The blob at path in tree, if it is a regular file: 1, 0 if absent. */
static int
log_blob(git_repository *repo, git_tree *tree, const char *path,
    git_blob **out)
{
	git_tree_entry	*te = NULL;
	int		 rc;

	*out = NULL;
	if (tree == NULL)
		return 0;
	rc = git_tree_entry_bypath(&te, tree, path);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return -1;
	if (git_tree_entry_filemode(te) != GIT_FILEMODE_BLOB)
		rc = -2;
	else
		rc = git_blob_lookup(out, repo, git_tree_entry_id(te)) < 0 ?
		    -1 : 1;
	git_tree_entry_free(te);
	return rc;
}

/*
 * The month file at path, in both ours and theirs and different, as the
 * multiset merge of its lines against the base (linemerge.h), whatever
 * git's merge, or a merge=union in .gitattributes, made of it: the
 * index gets the result in place of git's, conflict or not.  A month
 * file deleted on one side, or anything not a regular file, is left to
 * git (a conflict then stops the sync).
 */
static int
log_merge(git_repository *repo, git_index *idx, git_tree *bt, git_tree *ot,
    git_tree *tt, const char *path, struct error *e)
{
	git_blob		*b = NULL, *o = NULL, *t = NULL;
	const git_index_entry	*ca, *co, *ct;
	git_index_entry		 ie;
	git_oid			 id;
	char			*text = NULL, *copy = NULL;
	size_t			 len;
	int			 rc = -1, rb, ro, rt;

	ro = log_blob(repo, ot, path, &o);
	rt = log_blob(repo, tt, path, &t);
	rb = log_blob(repo, bt, path, &b);
	if (ro == -1 || rt == -1 || rb == -1) {
		gitfail(e, "cannot read a log file to merge");
		goto out;
	}
	rc = 0;
	if (ro != 1 || rt != 1 || rb == -2 ||
	    git_oid_equal(git_blob_id(o), git_blob_id(t)))
		goto out;
	if (rb == 1 && git_oid_equal(git_blob_id(b), git_blob_id(o)))
		id = *git_blob_id(t);
	else if (rb == 1 && git_oid_equal(git_blob_id(b), git_blob_id(t)))
		id = *git_blob_id(o);
	else {
		if (linemerge(b ? git_blob_rawcontent(b) : "",
		    b ? (size_t)git_blob_rawsize(b) : 0,
		    git_blob_rawcontent(o), (size_t)git_blob_rawsize(o),
		    git_blob_rawcontent(t), (size_t)git_blob_rawsize(t),
		    &text, &len) == -1) {
			rc = error_put(e, 1, "out of memory");
			goto out;
		}
		if (git_blob_create_from_buffer(&id, repo, text, len) < 0) {
			rc = gitfail(e, "cannot store a merged log file");
			goto out;
		}
	}
	if ((copy = strdup(path)) == NULL) {
		rc = error_put(e, 1, "out of memory");
		goto out;
	}
	memset(&ie, 0, sizeof(ie));
	ie.mode = GIT_FILEMODE_BLOB;
	ie.id = id;
	ie.path = copy;
	if (git_index_conflict_get(&ca, &co, &ct, idx, copy) == 0 &&
	    git_index_conflict_remove(idx, copy) < 0)
		rc = gitfail(e, "cannot record a merged log file");
	else if (git_index_add(idx, &ie) < 0)
		rc = gitfail(e, "cannot record a merged log file");
out:
	free(copy);
	free(text);
	git_blob_free(b);
	git_blob_free(t);
	git_blob_free(o);
	return rc;
}

/*
 * Merge each month file of ours that theirs has too (log_merge); base
 * is NULL when the histories share none.
 */
static int
logs_merge(git_repository *repo, git_index *idx, git_commit *base,
    git_commit *ours, git_commit *theirs, struct error *e)
{
	git_tree		*bt = NULL, *ot = NULL, *tt = NULL;
	git_tree		*logs = NULL;
	git_tree_entry		*dir = NULL;
	const git_tree_entry	*te;
	char			 path[300];
	size_t			 i, n;
	int			 rc = -1, grc;

	if ((base != NULL && git_commit_tree(&bt, base) < 0) ||
	    git_commit_tree(&ot, ours) < 0 ||
	    git_commit_tree(&tt, theirs) < 0) {
		gitfail(e, "cannot read the trees to merge");
		goto out;
	}
	grc = git_tree_entry_bypath(&dir, ot, "log");
	if (grc == GIT_ENOTFOUND || (grc == 0 &&
	    git_tree_entry_type(dir) != GIT_OBJECT_TREE)) {
		rc = 0;
		goto out;
	}
	if (grc < 0 || git_tree_lookup(&logs, repo,
	    git_tree_entry_id(dir)) < 0) {
		gitfail(e, "cannot read the log directory to merge");
		goto out;
	}
	n = git_tree_entrycount(logs);
	for (i = 0; i < n; i++) {
		te = git_tree_entry_byindex(logs, i);
		if ((size_t)snprintf(path, sizeof(path), "log/%s",
		    git_tree_entry_name(te)) >= sizeof(path) ||
		    !is_log_path(path))
			continue;
		if (log_merge(repo, idx, bt, ot, tt, path, e) == -1)
			goto out;
	}
	rc = 0;
out:
	git_tree_free(logs);
	git_tree_entry_free(dir);
	git_tree_free(tt);
	git_tree_free(ot);
	git_tree_free(bt);
	return rc;
}

/* names gets the paths left in conflict: they stop the sync. */
static int
conflicts(git_index *idx, char *names, size_t size, struct error *e)
{
	git_index_conflict_iterator	*it = NULL;
	const git_index_entry		*a, *o, *t;
	const char			*path;
	int				 r;

	names[0] = '\0';
	if (git_index_conflict_iterator_new(&it, idx) < 0)
		return gitfail(e, "cannot read the merge conflicts");
	while ((r = git_index_conflict_next(&a, &o, &t, it)) == 0) {
		path = o ? o->path : t ? t->path : a->path;
		if (strlen(names) + strlen(path) + 8 < size)
			snprintf(names + strlen(names), size - strlen(names),
			    "%s'%s'", names[0] ? ", " : "", path);
	}
	git_index_conflict_iterator_free(it);
	if (r != GIT_ITEROVER)
		return gitfail(e, "cannot read the merge conflicts");
	return 0;
}

/*
 * Merge theirs into ours as a new commit (no branch moves); base_id is
 * their merge base, or NULL.
 */
int
merge(git_repository *repo, git_commit *ours, git_commit *theirs,
    const git_oid *base_id, const char *name, const char *email,
    const char *remote_ref, git_oid *out, struct error *e)
{
	git_merge_options	 mo = GIT_MERGE_OPTIONS_INIT;
	git_commit		*base = NULL;
	git_index		*idx = NULL;
	git_tree		*tree = NULL;
	git_signature		*sig = NULL;
	const git_commit	*parents[2];
	git_oid			 tree_id;
	char			 names[600], msg[400];
	int			 rc = -1;

	/* No rename detection: a file gone on one side is a conflict. */
	mo.flags = 0;
	if (git_merge_commits(&idx, repo, ours, theirs, &mo) < 0) {
		gitfail(e, "cannot merge");
		goto out;
	}
	if (base_id != NULL && git_commit_lookup(&base, repo, base_id) < 0) {
		gitfail(e, "cannot read the merge base");
		goto out;
	}
	if (logs_merge(repo, idx, base, ours, theirs, e) == -1)
		goto out;
	if (git_index_has_conflicts(idx)) {
		if (conflicts(idx, names, sizeof(names), e) == -1)
			goto out;
		if (names[0] != '\0') {
			error_put(e, 1, "cannot merge %s: both sides changed %s in "
			    "ways that cannot be joined; nothing was changed. "
			    "To finish by hand: 'hips git merge %s', fix the "
			    "files, 'hips git commit -a', then 'hips sync'",
			    remote_ref, names, remote_ref);
			goto out;
		}
	}
	if (git_index_write_tree_to(&tree_id, idx, repo) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0) {
		gitfail(e, "cannot write the merged tree");
		goto out;
	}
	if (signature(repo, name, email, &sig, e) == -1)
		goto out;
	snprintf(msg, sizeof(msg), "sync: merge %s\n", remote_ref);
	parents[0] = ours;
	parents[1] = theirs;
	if (git_commit_create(out, repo, NULL, sig, sig, NULL, msg, tree, 2,
	    parents) < 0) {
		gitfail(e, "cannot write the merge commit");
		goto out;
	}
	rc = 0;
out:
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
	git_commit_free(base);
	return rc;
}

struct notify {
	char	path[256];
};

static int
notify_cb(git_checkout_notify_t why, const char *path,
    const git_diff_file *baseline, const git_diff_file *target,
    const git_diff_file *workdir, void *payload)
{
	struct notify	*n = payload;

	(void)why;
	(void)baseline;
	(void)target;
	(void)workdir;
	if (n->path[0] == '\0')
		snprintf(n->path, sizeof(n->path), "%s", path);
	return 0;
}

/* What a tree entry is, when it is not a regular file. */
static const char *
entry_kind(git_filemode_t mode)
{
	switch (mode) {
	case GIT_FILEMODE_LINK:
		return "a symbolic link";
	case GIT_FILEMODE_COMMIT:
		return "a submodule";
	case GIT_FILEMODE_TREE:
		return "a directory";
	default:
		return "not a regular file";
	}
}

static bool
regular(git_filemode_t mode)
{
	return mode == GIT_FILEMODE_BLOB ||
	    mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

struct unsafe {
	char	path[300];
	const char *what;
};

static int
unsafe_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct unsafe	*u = payload;
	git_filemode_t	 mode = git_tree_entry_filemode(te);
	const char	*name = git_tree_entry_name(te);
	size_t		 n = strlen(name);

	/* Links and submodules anywhere; in log/ itself, *.log files only. */
	if (mode == GIT_FILEMODE_LINK || mode == GIT_FILEMODE_COMMIT ||
	    (root[0] == '\0' && !regular(mode) && n > 4 &&
	    strcmp(name + n - 4, ".log") == 0)) {
		snprintf(u->path, sizeof(u->path), "log/%s%s", root, name);
		u->what = entry_kind(mode);
		return -1;
	}
	return 0;
}

/*
 * A tree hips may check out: nothing under log/ but regular files and
 * directories, and log/ itself a directory (DESIGN.md section 3), so that
 * no link a remote planted is ever followed by a write.  Also no link as
 * .gitattributes, which libgit2 would read.
 */
static int
tree_safe(git_repository *repo, git_commit *c, struct error *e)
{
	git_tree		*tree = NULL, *log = NULL;
	const git_tree_entry	*te;
	struct unsafe		 u;
	int			 rc = 0;

	memset(&u, 0, sizeof(u));
	if (git_commit_tree(&tree, c) < 0)
		return gitfail(e, "cannot read the tree to check out");
	if ((te = git_tree_entry_byname(tree, ".gitattributes")) != NULL &&
	    !regular(git_tree_entry_filemode(te))) {
		snprintf(u.path, sizeof(u.path), ".gitattributes");
		u.what = entry_kind(git_tree_entry_filemode(te));
	} else if ((te = git_tree_entry_byname(tree, "log")) != NULL) {
		if (git_tree_entry_filemode(te) != GIT_FILEMODE_TREE) {
			snprintf(u.path, sizeof(u.path), "log");
			u.what = git_tree_entry_filemode(te) ==
			    GIT_FILEMODE_LINK ? "a symbolic link" :
			    "not a directory";
		} else if (git_tree_lookup(&log, repo,
		    git_tree_entry_id(te)) < 0)
			rc = gitfail(e, "cannot read the tree to check out");
		else if (git_tree_walk(log, GIT_TREEWALK_PRE, unsafe_cb,
		    &u) < 0 && u.what == NULL)
			rc = gitfail(e, "cannot read the tree to check out");
	}
	if (rc == 0 && u.what != NULL)
		rc = error_put(e, 1, "'%s' is %s in the commit to check out: "
		    "refused, nothing was changed (hips reads only regular "
		    "files under log/; remove it where it was committed)",
		    u.path, u.what);
	git_tree_free(log);
	git_tree_free(tree);
	return rc;
}

/* Check out to's tree over from's, safely: local changes are never lost. */
int
checkout(git_repository *repo, git_commit *from, git_commit *to,
    struct error *e)
{
	git_checkout_options	 co = GIT_CHECKOUT_OPTIONS_INIT;
	git_tree		*base = NULL;
	struct notify		 n;
	int			 rc;

	if (tree_safe(repo, to, e) == -1)
		return -1;
	memset(&n, 0, sizeof(n));
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = notify_cb;
	co.notify_payload = &n;
	if (from != NULL) {
		if (git_commit_tree(&base, from) < 0)
			return gitfail(e, "cannot read the current tree");
		co.baseline = base;
	}
	gitlock_mark(repo, GF_INDEX_LOCK);
	rc = git_checkout_tree(repo, (const git_object *)to, &co);
	gitlock_mark(repo, NULL);
	git_tree_free(base);
	if (rc == GIT_ECONFLICT || (rc < 0 && n.path[0] != '\0'))
		return error_put(e, 1, "'%s' has changes that are not committed and "
		    "the sync would overwrite them: commit or undo them with "
		    "'hips git' first", n.path);
	if (rc < 0)
		return gitfail(e, "cannot update the work tree");
	return 0;
}
