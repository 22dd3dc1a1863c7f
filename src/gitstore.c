/*
 * The git store: every libgit2 call of hips is in this file, which is
 * built as the plugin hips-git.so (see store.h).  Objects start NULL and
 * are freed in reverse order at one label; libgit2's expected codes are
 * mapped to what they mean for a writer.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "store.h"

#define RETRY		1	/* another writer got there first: try again */
#define RETRY_MS	15000	/* how long to keep trying */

struct store {
	git_repository	*repo;
};

static int	 initialised;

static int
say(struct store_err *e, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
say(struct store_err *e, int status, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	e->status = status;
	return -1;
}

/* "what: libgit2's message" */
static int
gitfail(struct store_err *e, const char *what)
{
	const git_error	*ge = git_error_last();

	return say(e, 1, "%s: %s", what,
	    ge != NULL && ge->message != NULL ? ge->message : "unknown error");
}

static void
lib_init(void)
{
	if (initialised)
		return;
	git_libgit2_init();
	/* Objects, refs and the index reach the disk before we say so. */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	initialised = 1;
}

static int
store_open(const char *dir, bool create, struct store **out,
    struct store_err *e)
{
	git_repository_init_options	 o = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	struct store			*st = NULL;
	git_repository			*repo = NULL;
	int				 rc;

	*out = NULL;
	lib_init();
	rc = git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL);
	if (rc == GIT_ENOTFOUND && create) {
		o.flags = GIT_REPOSITORY_INIT_MKPATH;
		o.mode = GIT_REPOSITORY_INIT_SHARED_UMASK;
		o.initial_head = "main";
		rc = git_repository_init_ext(&repo, dir, &o);
	}
	if (rc == GIT_ENOTFOUND)
		return say(e, 1, "no data repository in '%s' (run 'hips init')",
		    dir);
	if (rc < 0)
		return gitfail(e, dir);
	if (git_repository_is_bare(repo)) {
		git_repository_free(repo);
		return say(e, 1, "'%s' is a bare repository", dir);
	}
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		git_repository_free(repo);
		return say(e, 1, "out of memory");
	}
	st->repo = repo;
	*out = st;
	return 0;
}

static const char *
store_gitdir(struct store *st)
{
	return git_repository_path(st->repo);
}

static void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	git_repository_free(st->repo);
	free(st);
}

/* The branch HEAD points to.  Fails on a detached HEAD. */
static int
head_branch(git_repository *repo, char *name, size_t size,
    struct store_err *e)
{
	git_reference	*head = NULL;
	int		 rc;

	if ((rc = git_reference_lookup(&head, repo, "HEAD")) < 0)
		return gitfail(e, "cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		return say(e, 1, "HEAD is detached: check out a branch first "
		    "('hips git checkout main')");
	}
	snprintf(name, size, "%s", git_reference_symbolic_target(head));
	git_reference_free(head);
	return 0;
}

static int
read_whole(const char *path, char **data, size_t *len)
{
	struct stat	 sb;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;

	*data = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &sb) == -1 || (*data = malloc((size_t)sb.st_size + 1))
	    == NULL) {
		close(fd);
		return -1;
	}
	while (got < (size_t)sb.st_size) {
		n = read(fd, *data + got, (size_t)sb.st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)sb.st_size) {
		free(*data);
		*data = NULL;
		errno = EIO;
		return -1;
	}
	*len = got;
	return 0;
}

/* Does blob text hold line as a whole line? */
static bool
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
static int
stage(git_repository *repo, git_index *idx, const char *path,
    struct store_err *e)
{
	git_index_entry	 ie;
	git_oid		 id;
	char		*data = NULL, full[4096];
	size_t		 len = 0;
	int		 n;

	n = snprintf(full, sizeof(full), "%s%s", git_repository_workdir(repo),
	    path);
	if (n < 0 || (size_t)n >= sizeof(full))
		return say(e, 1, "path too long: %s", path);
	if (read_whole(full, &data, &len) == -1)
		return say(e, 1, "%s: %s", full, strerror(errno));
	if (git_blob_create_from_buffer(&id, repo, data, len) < 0) {
		free(data);
		return gitfail(e, "cannot store file contents");
	}
	free(data);
	memset(&ie, 0, sizeof(ie));
	ie.mode = GIT_FILEMODE_BLOB;
	ie.id = id;
	ie.path = path;
	if (git_index_add(idx, &ie) < 0)
		return gitfail(e, "cannot stage file");
	return 0;
}

/*
 * Other log files whose working copy differs from HEAD (a crash before a
 * commit, or an edit by hand): they are committed too, so that nothing
 * written to the data directory is left behind.  The index's stat data
 * spares us hashing files that did not change.
 */
static int
stage_others(git_repository *repo, git_tree *tree, git_index *idx,
    const char *skip, char *also, size_t alsosize, struct store_err *e)
{
	git_index		*ridx = NULL;
	const git_index_entry	*ie;
	git_tree_entry		*te = NULL;
	struct dirent		*de;
	struct stat		 sb;
	DIR			*d;
	git_oid			 id;
	char			 path[300], full[4096];
	size_t			 n;
	int			 rc = 0;

	snprintf(full, sizeof(full), "%slog", git_repository_workdir(repo));
	if ((d = opendir(full)) == NULL)
		return 0;
	if (git_repository_index(&ridx, repo) < 0)
		ridx = NULL;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 5 || n > 200 || strcmp(de->d_name + n - 4, ".log") != 0
		    || de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "log/%s", de->d_name);
		if (strcmp(path, skip) == 0)
			continue;
		snprintf(full, sizeof(full), "%s%s",
		    git_repository_workdir(repo), path);
		if (lstat(full, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		te = NULL;
		if (tree != NULL)
			git_tree_entry_bypath(&te, tree, path);
		ie = ridx ? git_index_get_bypath(ridx, path, 0) : NULL;
		if (te != NULL && ie != NULL &&
		    ie->file_size == (uint32_t)sb.st_size &&
		    ie->mtime.seconds == (int32_t)sb.st_mtim.tv_sec &&
		    ie->mtime.nanoseconds == (uint32_t)sb.st_mtim.tv_nsec &&
		    git_oid_equal(&ie->id, git_tree_entry_id(te))) {
			git_tree_entry_free(te);
			continue;
		}
		if (te != NULL && git_odb_hashfile(&id, full, GIT_OBJECT_BLOB)
		    == 0 && git_oid_equal(&id, git_tree_entry_id(te))) {
			git_tree_entry_free(te);
			continue;
		}
		git_tree_entry_free(te);
		rc = stage(repo, idx, path, e);
		if (rc == 0 && strlen(also) + strlen(path) + 2 < alsosize) {
			if (also[0] != '\0')
				strcat(also, " ");
			strcat(also, path);
		}
	}
	closedir(d);
	git_index_free(ridx);
	return rc;
}

/* Refresh the repository's index for path so that `git status` is clean. */
static void
refresh_index(git_repository *repo, const char *paths)
{
	git_index	*idx = NULL;
	char		*copy, *p, *save = NULL;
	int		 tries;

	if ((copy = strdup(paths)) == NULL)
		return;
	for (tries = 0; tries < 50; tries++) {
		if (git_repository_index(&idx, repo) < 0)
			break;
		if (git_index_read(idx, 1) == 0) {
			strcpy(copy, paths);
			for (p = strtok_r(copy, " ", &save); p != NULL;
			    p = strtok_r(NULL, " ", &save))
				git_index_add_bypath(idx, p);
			if (git_index_write(idx) == 0) {
				git_index_free(idx);
				break;
			}
		}
		git_index_free(idx);
		idx = NULL;
		if (git_error_last() == NULL ||
		    git_error_last()->klass != GIT_ERROR_OS)
			usleep(2000);
	}
	free(copy);
}

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
 * The blob at path in commit id, read through a fresh odb handle so that
 * nothing comes from a cache: what a later reader will find on disk.
 */
static int
reread(git_repository *repo, const git_oid *id, const char *path,
    git_blob **out)
{
	git_repository	*fresh = NULL;
	git_commit	*c = NULL;
	git_tree	*t = NULL;
	git_tree_entry	*te = NULL;
	git_odb		*odb = NULL;
	git_odb_object	*obj = NULL;
	int		 rc;

	*out = NULL;
	rc = git_repository_open_ext(&fresh, git_repository_path(repo),
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc == 0)
		rc = git_commit_lookup(&c, fresh, id);
	if (rc == 0)
		rc = git_commit_tree(&t, c);
	if (rc == 0)
		rc = git_tree_entry_bypath(&te, t, path);
	if (rc == 0)
		rc = git_repository_odb(&odb, fresh);
	/* Inflates the object: a torn object file fails here. */
	if (rc == 0)
		rc = git_odb_read(&obj, odb, git_tree_entry_id(te));
	if (rc == 0)
		rc = git_blob_lookup(out, repo, git_tree_entry_id(te));
	git_odb_object_free(obj);
	git_odb_free(odb);
	git_tree_entry_free(te);
	git_tree_free(t);
	git_commit_free(c);
	git_repository_free(fresh);
	return rc;
}

static int
try_commit(struct store *st, struct store_commit *c, char *also,
    size_t alsosize, struct store_err *e)
{
	git_repository	*repo = st->repo;
	git_commit	*parent = NULL;
	git_tree	*ptree = NULL, *tree = NULL;
	git_index	*idx = NULL;
	git_signature	*sig = NULL;
	git_reference	*ref = NULL;
	git_blob	*blob = NULL;
	git_oid		 parent_id, tree_id, commit_id;
	const git_commit *parents[1];
	char		 branch[256], reflog[300];
	bool		 unborn = false, found;
	int		 rc = -1, grc, tries;

	also[0] = '\0';
	c->moved = false;
	if (head_branch(repo, branch, sizeof(branch), e) == -1)
		return -1;
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
	if (git_index_new(&idx) < 0) {
		gitfail(e, "cannot make an index");
		goto out;
	}
	if (ptree != NULL && git_index_read_tree(idx, ptree) < 0) {
		gitfail(e, "cannot read the current tree");
		goto out;
	}
	if (stage(repo, idx, c->path, e) == -1)
		goto out;
	if (stage_others(repo, ptree, idx, c->path, also, alsosize, e) == -1)
		goto out;
	if (git_index_write_tree_to(&tree_id, idx, repo) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0) {
		gitfail(e, "cannot write the tree");
		goto out;
	}
	if (git_signature_default(&sig, repo) < 0 &&
	    git_signature_now(&sig, c->name && c->name[0] ? c->name : "hips",
	    c->email && c->email[0] ? c->email : "hips@localhost") < 0) {
		gitfail(e, "cannot make the author signature");
		goto out;
	}
	parents[0] = parent;
	if (git_commit_create(&commit_id, repo, NULL, sig, sig, NULL,
	    c->message, tree, unborn ? 0 : 1, parents) < 0) {
		gitfail(e, "cannot write the commit");
		goto out;
	}
	snprintf(reflog, sizeof(reflog), "commit%s: %.*s",
	    unborn ? " (initial)" : "",
	    (int)strcspn(c->message, "\n"), c->message);
	if (unborn)
		grc = git_reference_create(&ref, repo, branch, &commit_id, 0,
		    reflog);
	else
		grc = git_reference_create_matching(&ref, repo, branch,
		    &commit_id, 1, &parent_id, reflog);
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
		say(e, 1, "the commit did not reach HEAD (is the disk full?)");
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
		found = has_line(git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), c->check_line);
		if (found == c->check_absent) {
			say(e, 1, "the new commit does not hold the change to "
			    "%s", c->path);
			goto out;
		}
	}
	rc = 0;
	if (also[0] != '\0') {
		char	all[1500];

		snprintf(all, sizeof(all), "%s %s", c->path, also);
		refresh_index(repo, all);
	} else
		refresh_index(repo, c->path);
out:
	git_blob_free(blob);
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
	git_tree_free(ptree);
	git_commit_free(parent);
	return rc;
}

static long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int
store_commit(struct store *st, struct store_commit *c, struct store_err *e)
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
 * creates a repository: a hips killed then leaves them behind.  Called
 * with the writer lock held, on a repository without commits.
 */
static void
clear_probes(const char *dir)
{
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	char		 path[4096];
	size_t		 n;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 7 || strncmp(de->d_name, "_git2_", 6) != 0 ||
		    strspn(de->d_name + 6, "0123456789abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n - 6)
			continue;
		snprintf(path, sizeof(path), "%s%s", dir, de->d_name);
		if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
			unlink(path);
	}
	closedir(d);
}

static int
store_prepare(struct store *st, const char *name, const char *email,
    struct store_err *e)
{
	static const char	 attrs[] = "*.log merge=union\n";
	struct store_commit	 c;
	struct stat		 sb;
	char			 path[4096];
	int			 fd, unborn;

	if ((unborn = git_repository_head_unborn(st->repo)) < 0)
		return gitfail(e, "cannot read HEAD");
	if (!unborn)
		return 0;
	clear_probes(git_repository_workdir(st->repo));
	clear_probes(git_repository_path(st->repo));
	snprintf(path, sizeof(path), "%s.gitattributes",
	    git_repository_workdir(st->repo));
	/*
	 * Keep a .gitattributes of the user's; write ours into a new or
	 * empty one (a hips killed before its write left it empty).
	 */
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		return say(e, 1, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) == -1) {
		say(e, 1, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (sb.st_size == 0 && (write(fd, attrs, sizeof(attrs) - 1) !=
	    (ssize_t)sizeof(attrs) - 1 || fsync(fd) == -1)) {
		say(e, 1, "%s: %s", path, strerror(errno));
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

struct lastadd {
	char	path[256];
	char	line[4200];
	bool	found;
};

static int
added_line(const git_diff_delta *d, const git_diff_hunk *h,
    const git_diff_line *l, void *arg)
{
	struct lastadd	*la = arg;
	size_t		 n;

	(void)h;
	if (la->found || l->origin != GIT_DIFF_LINE_ADDITION)
		return 0;
	n = l->content_len;
	if (n > 0 && l->content[n - 1] == '\n')
		n--;
	if (n >= sizeof(la->line) || strlen(d->new_file.path) >=
	    sizeof(la->path))
		return 0;
	memcpy(la->line, l->content, n);
	la->line[n] = '\0';
	snprintf(la->path, sizeof(la->path), "%s", d->new_file.path);
	la->found = true;
	return 0;
}

static bool
prefixed(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int
store_last_entry(struct store *st, struct store_entry *out,
    struct store_err *e)
{
	git_diff_options	 o = GIT_DIFF_OPTIONS_INIT;
	static char		 logspec[] = "log/*";
	char			*spec[] = { logspec };
	struct lastadd		 la;
	git_commit		*c = NULL, *p = NULL;
	git_tree		*ct = NULL, *pt = NULL;
	git_diff		*diff = NULL;
	git_oid			 id;
	const char		*subj;
	int			 pending = 0, walked = 0, rc = 0;

	memset(&la, 0, sizeof(la));
	if (git_reference_name_to_id(&id, st->repo, "HEAD") < 0)
		return 0;	/* unborn: nothing at all */
	if (git_commit_lookup(&c, st->repo, &id) < 0)
		return gitfail(e, "cannot read HEAD");
	o.pathspec.strings = spec;
	o.pathspec.count = 1;
	o.context_lines = 0;
	while (c != NULL && walked++ < 100000) {
		subj = git_commit_summary(c);
		if (subj == NULL)
			subj = "";
		if (prefixed(subj, "undo: ") || strcmp(subj, "undo") == 0)
			pending++;
		else if (prefixed(subj, "log: ") || strcmp(subj, "skip") == 0 ||
		    prefixed(subj, "skip:")) {
			if (pending > 0)
				pending--;
			else {
				if (git_commit_tree(&ct, c) < 0 ||
				    (git_commit_parentcount(c) > 0 &&
				    (git_commit_parent(&p, c, 0) < 0 ||
				    git_commit_tree(&pt, p) < 0)) ||
				    git_diff_tree_to_tree(&diff, st->repo, pt,
				    ct, &o) < 0 ||
				    git_diff_foreach(diff, NULL, NULL, NULL,
				    added_line, &la) < 0) {
					rc = gitfail(e, "cannot read history");
					break;
				}
				if (la.found) {
					snprintf(out->path, sizeof(out->path),
					    "%s", la.path);
					snprintf(out->line, sizeof(out->line),
					    "%s", la.line);
					snprintf(out->subject,
					    sizeof(out->subject), "%s", subj);
					rc = 1;
					break;
				}
				git_diff_free(diff);
				git_tree_free(pt);
				git_commit_free(p);
				git_tree_free(ct);
				diff = NULL;
				pt = NULL;
				p = NULL;
				ct = NULL;
			}
		}
		if (git_commit_parentcount(c) == 0 ||
		    git_commit_parent(&p, c, 0) < 0) {
			git_commit_free(c);
			c = NULL;
			p = NULL;
			break;
		}
		git_commit_free(c);
		c = p;
		p = NULL;
	}
	git_diff_free(diff);
	git_tree_free(pt);
	git_commit_free(p);
	git_tree_free(ct);
	git_commit_free(c);
	return rc;
}

static int
store_set_remote(struct store *st, const char *url, struct store_err *e)
{
	git_remote	*r = NULL;
	int		 rc;

	rc = git_remote_lookup(&r, st->repo, "origin");
	git_remote_free(r);
	if (rc == 0)
		rc = git_remote_set_url(st->repo, "origin", url);
	else if (rc == GIT_ENOTFOUND) {
		rc = git_remote_create(&r, st->repo, "origin", url);
		git_remote_free(r);
	}
	if (rc < 0)
		return gitfail(e, "cannot set the remote 'origin'");
	return 0;
}

const struct store_ops hips_store_ops = {
	.abi = HIPS_STORE_ABI,
	.open = store_open,
	.gitdir = store_gitdir,
	.prepare = store_prepare,
	.commit = store_commit,
	.last_entry = store_last_entry,
	.set_remote = store_set_remote,
	.sync = NULL,
	.close = store_close,
};
