/*
 * A commit: stage, write the trees and the commit, make it durable, move
 * the branch, verify what landed; retried while another writer got
 * there first.  Also the writer's prepare and pending operations.
 */
#include "store_int.h"

/* Is e->msg about something a retry can fix?  rc is libgit2's code. */
static int
retryable(int rc)
{
	return rc == GIT_ELOCKED || rc == GIT_EMODIFIED || rc == GIT_EEXISTS;
}

/*
 * Is the branch at id, or at a commit that descends from it?  1 yes,
 * 0 no, -1 when that cannot be read (tried a few times: a read failing
 * once must not pass for a commit that did not land).
 */
static int
landed(git_repository *repo, const char *branch, const git_oid *id)
{
	git_oid	 now;
	int	 tries, rc;

	for (tries = 0; tries < 5; tries++) {
		if (tries > 0)
			usleep(10000);
		if (git_reference_name_to_id(&now, repo, branch) < 0)
			continue;
		if (git_oid_equal(&now, id))
			return 1;
		if ((rc = git_graph_descendant_of(repo, &now, id)) >= 0)
			return rc;
	}
	return -1;
}

/*
 * A repository of repo's loose objects alone, read from their files (no
 * cache, no pack indexes to load): what a commit just wrote is there.
 */
static int
loose_only(git_repository *repo, git_repository **out)
{
	git_odb_backend	*be = NULL;
	git_odb		*odb = NULL;
	char		 dir[4096 + 16];
	int		 rc;

	*out = NULL;
	if (pathf(NULL, dir, sizeof(dir), "%sobjects",
	    git_repository_commondir(repo)) == -1)
		return -1;
	if ((rc = git_odb_new(&odb)) < 0)
		return rc;
	if ((rc = git_odb_backend_loose(&be, dir, -1, 0, 0, 0)) == 0 &&
	    (rc = git_odb_add_backend(odb, be, 1)) < 0)
		be->free(be);
	if (rc == 0)
		rc = git_repository_wrap_odb(out, odb);
	git_odb_free(odb);
	return rc;
}

/*
 * The blob at path in commit id, read through a fresh odb handle so that
 * nothing comes from a cache: what a later reader will find on disk.
 * The loose objects are tried first; a commit whose blob or trees were
 * in a pack already (the same content as before) is read with the packs.
 */
static int
reread(git_repository *repo, const git_oid *id, const char *path,
    git_odb_object **out)
{
	git_repository	*fresh = NULL;
	git_commit	*c = NULL;
	git_tree	*t = NULL;
	git_tree_entry	*te = NULL;
	git_odb		*odb = NULL;
	int		 rc, loose;

	*out = NULL;
	for (loose = 1; loose >= 0; loose--) {
		if (loose)
			rc = loose_only(repo, &fresh);
		else
			rc = git_repository_open_ext(&fresh,
			    git_repository_path(repo),
			    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
		if (rc == 0)
			rc = git_commit_lookup(&c, fresh, id);
		if (rc == 0)
			rc = git_commit_tree(&t, c);
		if (rc == 0)
			rc = git_tree_entry_bypath(&te, t, path);
		if (rc == 0)
			rc = git_repository_odb(&odb, fresh);
		/* Inflates the object and checks its hash: a torn one fails. */
		if (rc == 0)
			rc = git_odb_read(out, odb, git_tree_entry_id(te));
		if (rc == 0 && git_odb_object_type(*out) != GIT_OBJECT_BLOB) {
			git_odb_object_free(*out);
			*out = NULL;
			git_error_set_str(GIT_ERROR_OBJECT, "not a blob");
			rc = -1;
		}
		git_odb_free(odb);
		git_tree_entry_free(te);
		git_tree_free(t);
		git_commit_free(c);
		git_repository_free(fresh);
		odb = NULL;
		te = NULL;
		t = NULL;
		c = NULL;
		fresh = NULL;
		if (rc != GIT_ENOTFOUND)
			break;
	}
	return rc;
}

/* Git's identity if it has one, else the one hips was given. */
int
signature(git_repository *repo, const char *name, const char *email,
    git_signature **sig, struct error *e)
{
	if (git_signature_default(sig, repo) == 0)
		return 0;
	if (git_signature_now(sig, name && name[0] ? name : "hips",
	    email && email[0] ? email : "hips@localhost") < 0)
		return gitfail(e, "cannot make the author signature");
	return 0;
}

static int
try_commit(struct store *st, struct store_commit *c, char *also,
    size_t alsosize, struct error *e)
{
	git_repository	*repo = st->repo;
	git_commit	*parent = NULL;
	git_tree	*ptree = NULL;
	git_signature	*sig = NULL;
	git_reference	*ref = NULL;
	git_odb_object	*blob = NULL;
	struct fresh	 fresh = { .v = NULL, .n = 0 };
	struct oids	 written = { .v = NULL, .n = 0 };
	git_refdb	*refdb = NULL;
	struct reflock	 rl = { .fd = -1 };
	struct rlog	 rlogs[2];
	int		 ixfd = -1;
	git_oid		 parent_id, tree_id, commit_id, edit_id;
	const git_oid	*parents[1];
	struct fresh	 others;
	char		 edit_msg[1200];
	char		 branch[256], reflog[300];
	bool		 unborn = false, found;
	int		 rc = -1, grc, tries;
	size_t		 i;

	also[0] = '\0';
	c->moved = false;
	if (head_branch(repo, branch, sizeof(branch), e) == -1)
		return -1;
	/* The index is brought up to date after the commit, or no commit. */
	if ((grc = index_lock(repo, &ixfd, e)) != 0)
		return grc;
	/*
	 * This commit syncs the objects it writes itself (sync_objects()):
	 * libgit2 reads the setting as it writes each object.  Its ref
	 * database reads it once, when made: made now, it syncs the ref of
	 * a first commit (lock file, then directory); the others move the
	 * branch with ref_lock() and ref_commit().
	 */
	if (git_repository_refdb(&refdb, repo) < 0) {
		gitfail(e, "cannot read the references");
		index_unlock(repo, &ixfd);
		return -1;
	}
	git_refdb_free(refdb);
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	grc = git_reference_name_to_id(&parent_id, repo, branch);
	if (grc == GIT_ENOTFOUND)
		unborn = true;
	else if (grc < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	} else if (git_commit_lookup(&parent, repo, &parent_id) < 0 ||
	    git_commit_tree(&ptree, parent) < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	}
	if (c->path != NULL && stage(repo, c->path, &fresh, e) == -1)
		goto out;
	/* The other files of this write: right after path, in its commit. */
	for (i = 0; c->path != NULL && i < c->nwith; i++)
		if (stage(repo, c->with[i], &fresh, e) == -1)
			goto out;
	if (stage_others(repo, ptree, c->path ? c->path : "", c->path ?
	    c->with : NULL, c->path ? c->nwith : 0, also, alsosize, &fresh,
	    e) == -1)
		goto out;
	if (c->path == NULL && also[0] == '\0') {
		rc = 0;		/* nothing to commit */
		refresh_index(repo, &fresh, ptree);
		goto out;
	}
	if (signature(repo, c->name, c->email, &sig, e) == -1)
		goto out;
	parents[0] = &parent_id;
	/*
	 * Other files changed (a hand edit, a crash): committed first, in
	 * a commit of their own, never inside this one (c->path and c->with
	 * are the first files staged).  The branch moves once, to this commit.
	 */
	if (c->path != NULL && also[0] != '\0') {
		others.v = fresh.v + 1 + c->nwith;
		others.n = fresh.n - 1 - c->nwith;
		snprintf(edit_msg, sizeof(edit_msg), "edit: changes found in "
		    "the work tree, committed on their own\n\n%s\n", also);
		if (tree_with(repo, ptree, &others, &tree_id, &written) < 0) {
			gitfail(e, "cannot write the tree");
			goto out;
		}
		if (git_commit_create_from_ids(&edit_id, repo, NULL, sig, sig,
		    NULL, edit_msg, &tree_id, unborn ? 0 : 1, parents) < 0) {
			gitfail(e, "cannot write the commit");
			goto out;
		}
		if (oids_add(&written, &edit_id) == -1) {
			error_put(e, 1, "out of memory");
			goto out;
		}
		parents[0] = &edit_id;
	}
	if (tree_with(repo, ptree, &fresh, &tree_id, &written) < 0) {
		gitfail(e, "cannot write the tree");
		goto out;
	}
	if (git_commit_create_from_ids(&commit_id, repo, NULL, sig, sig, NULL,
	    c->message, &tree_id, unborn && parents[0] == &parent_id ? 0 : 1,
	    parents) < 0) {
		gitfail(e, "cannot write the commit");
		goto out;
	}
	if (oids_add(&written, &commit_id) == -1) {
		error_put(e, 1, "out of memory");
		goto out;
	}
	/*
	 * The lock first: its new id is synced with the objects.  A first
	 * commit too, so that a hips killed then leaves a lock its record
	 * names.
	 */
	if ((grc = ref_lock(repo, branch, unborn ? NULL : &parent_id,
	    &commit_id, &rl)) < 0) {
		gitfail(e, "cannot move the branch");
		c->moved = landed(repo, branch, &commit_id) == 1;
		rc = retryable(grc) && !c->moved ? RETRY : -1;
		goto out;
	}
	if (sync_objects(repo, &written, c, rl.fd, e) == -1)
		goto out;
	snprintf(reflog, sizeof(reflog), "commit%s: %.*s",
	    unborn ? " (initial)" : "",
	    (int)strcspn(c->message, "\n"), c->message);
	if (unborn)
		memset(&parent_id, 0, sizeof(parent_id));
	if ((grc = reflogs_append(repo, branch, &parent_id, &commit_id,
	    sig, reflog, rlogs)) < 0)
		ref_unlock(&rl);
	else {
		grc = ref_commit(&rl);
		reflogs_close(rlogs, rl.renamed);
	}
	if (grc < 0) {
		gitfail(e, "cannot move the branch");
		/* A failed update that moved the branch all the same. */
		c->moved = landed(repo, branch, &commit_id) == 1;
		rc = retryable(grc) && !c->moved ? RETRY : -1;
		goto out;
	}

	/*
	 * Trust nothing: the branch must now be the new commit (or a commit
	 * another git made on top of it), and the commit, read back from
	 * the disk, must hold the change.
	 */
	switch (landed(repo, branch, &commit_id)) {
	case 0:
		error_put(e, 1, "the commit did not reach HEAD (is the disk full?)");
		goto out;
	case -1:
		/* libgit2 said it moved: keep the change, say we doubt. */
		c->moved = true;
		gitfail(e, "cannot read the branch back");
		goto out;
	}
	c->moved = true;
	if (c->check_line != NULL) {
		for (tries = 0; tries < 3; tries++)
			if (reread(repo, &commit_id, c->path, &blob) == 0)
				break;
		if (blob == NULL) {
			gitfail(e, "cannot read back the new commit");
			goto out;
		}
		found = has_line(git_odb_object_data(blob),
		    git_odb_object_size(blob), c->check_line);
		if (found == c->check_absent) {
			error_put(e, 1, "the new commit does not hold the change to "
			    "%s", c->path);
			goto out;
		}
	}
	rc = 0;
	refresh_index(repo, &fresh, ptree);
out:
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	ref_unlock(&rl);
	index_unlock(repo, &ixfd);
	free(written.v);
	fresh_free(&fresh);
	git_odb_object_free(blob);
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(ptree);
	git_commit_free(parent);
	return rc;
}

long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int
store_commit(struct store *st, struct store_commit *c, struct error *e)
{
	static char	 also[1024];
	long		 start = now_ms(), wait = 1;
	int		 rc;

	c->also = NULL;
	for (;;) {
		rc = try_commit(st, c, also, sizeof(also), e);
		if (rc != RETRY)
			break;
		if (now_ms() - start > RETRY_MS) {
			size_t	 n = strlen(e->msg);

			snprintf(e->msg + n, sizeof(e->msg) - n,
			    " (another git process kept the repository busy; "
			    "gave up after %d seconds)", RETRY_MS / 1000);
			rc = -1;
			break;
		}
		usleep((useconds_t)wait * 1000);
		if (wait < 200)
			wait *= 2;
	}
	if (rc == 0 && also[0] != '\0')
		c->also = also;
	return rc;
}

/*
 * The files "_git2_XXXX" libgit2 makes to probe the file system while it
 * creates a repository (a file, and a link to "testing"): a hips killed
 * then leaves them behind.  Called
 * with the writer lock held, on a repository without commits.
 */
static void
clear_probes(const char *dir)
{
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	char		 path[4096], target[16];
	size_t		 n;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 7 || strncmp(de->d_name, "_git2_", 6) != 0 ||
		    strspn(de->d_name + 6,
		    "0123456789abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n - 6)
			continue;
		if (pathf(NULL, path, sizeof(path), "%s%s", dir,
		    de->d_name) == -1)
			continue;
		if (lstat(path, &sb) == -1)
			continue;
		/* A file, or the symbolic link probe ("-> testing"). */
		if (S_ISREG(sb.st_mode) || (S_ISLNK(sb.st_mode) &&
		    (n = (size_t)readlink(path, target, sizeof(target))) == 7 &&
		    memcmp(target, "testing", 7) == 0))
			unlink(path);
	}
	closedir(d);
}

int
store_prepare(struct store *st, const char *name, const char *email,
    struct error *e)
{
	static const char	 attrs[] = "*.log merge=text\n";
	struct store_commit	 c;
	struct stat		 sb;
	char			 path[4096];
	int			 fd, unborn;

	if (sync_recover(st, e) == -1)
		return -1;
	if ((unborn = git_repository_head_unborn(st->repo)) < 0)
		return gitfail(e, "cannot read HEAD");
	if (!unborn)
		return 0;
	clear_probes(git_repository_workdir(st->repo));
	clear_probes(git_repository_path(st->repo));
	if (pathf(e, path, sizeof(path), "%s.gitattributes",
	    git_repository_workdir(st->repo)) == -1)
		return -1;
	/*
	 * Keep a .gitattributes of the user's; write ours into a new or
	 * empty one (a hips killed before its write left it empty).
	 */
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		return error_put(e, 1, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) == -1) {
		error_put(e, 1, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (sb.st_size == 0 && (write(fd, attrs, sizeof(attrs) - 1) !=
	    (ssize_t)sizeof(attrs) - 1 || fsync(fd) == -1)) {
		error_put(e, 1, "%s: %s", path, strerror(errno));
		if (ftruncate(fd, 0) == -1)
			unlink(path);
		close(fd);
		return -1;
	}
	close(fd);
	memset(&c, 0, sizeof(c));
	c.message = "init: hips data repository\n";
	c.path = ".gitattributes";
	c.name = name;
	c.email = email;
	return store_commit(st, &c, e);
}

int
store_pending(struct store *st, const char *path, char **data, size_t *len,
    struct error *e)
{
	git_repository		*repo = st->repo;
	git_index		*idx = NULL;
	const git_index_entry	*ie;
	git_commit		*head = NULL;
	git_tree		*tree = NULL;
	git_tree_entry		*te = NULL;
	git_blob		*blob = NULL;
	git_oid			 id;
	struct stat		 sb;
	char			 full[4096];
	bool			 exists = true;
	int			 rc = -1, grc;

	*data = NULL;
	*len = 0;
	if ((size_t)snprintf(full, sizeof(full), "%s%s",
	    git_repository_workdir(repo), path) >= sizeof(full))
		return error_put(e, 1, "path too long: %s", path);
	if (lstat(full, &sb) == -1) {
		if (errno != ENOENT)
			return error_put(e, 1, "%s: %s", full, strerror(errno));
		exists = false;
	}
	grc = git_reference_name_to_id(&id, repo, "HEAD");
	if (grc == 0 && (git_commit_lookup(&head, repo, &id) < 0 ||
	    git_commit_tree(&tree, head) < 0))
		grc = -1;
	if (grc == 0)
		grc = git_tree_entry_bypath(&te, tree, path);
	if (grc == GIT_ENOTFOUND || grc == GIT_EUNBORNBRANCH) {
		rc = exists ? 1 : 0;
		goto out;
	}
	if (grc < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	}
	if (exists && S_ISREG(sb.st_mode)) {
		/* The index's stat data vouches for it, as for git status. */
		if (git_repository_index(&idx, repo) == 0 &&
		    (ie = git_index_get_bypath(idx, path, 0)) != NULL &&
		    ie->file_size == (uint32_t)sb.st_size &&
		    ie->mtime.seconds == (int32_t)sb.st_mtim.tv_sec &&
		    ie->mtime.nanoseconds == (uint32_t)sb.st_mtim.tv_nsec &&
		    git_oid_equal(&ie->id, git_tree_entry_id(te))) {
			rc = 0;
			goto out;
		}
		if (git_odb_hashfile(&id, full, GIT_OBJECT_BLOB) == 0 &&
		    git_oid_equal(&id, git_tree_entry_id(te))) {
			rc = 0;
			goto out;
		}
	}
	if (git_blob_lookup(&blob, repo, git_tree_entry_id(te)) < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	}
	*len = (size_t)git_blob_rawsize(blob);
	if ((*data = malloc(*len + 1)) == NULL) {
		error_put(e, 1, "out of memory");
		goto out;
	}
	memcpy(*data, git_blob_rawcontent(blob), *len);
	(*data)[*len] = '\0';
	rc = 1;
out:
	git_blob_free(blob);
	git_index_free(idx);
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_commit_free(head);
	return rc;
}
