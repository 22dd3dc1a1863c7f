/*
 * The git plugin's entry points: open and close a data repository, the
 * branch HEAD names, the error helpers, and the ops table hips loads.
 */
#include "store_int.h"

/*
 * out = the path the format makes, whole: 0, or -1 when it does not fit
 * (errno ENAMETOOLONG, and e says so unless NULL).  Never cut short.
 */
int
pathf(struct error *e, char *out, size_t size, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = gf_vpath(out, size, fmt, ap);
	va_end(ap);
	if (rc == -1) {
		errno = ENAMETOOLONG;
		if (e != NULL)
			error_put(e, 1, "a path is too long (over %zu bytes)",
			    size - 1);
	}
	return rc;
}

/* e's message followed by "; then: " and more's, as much as fits. */
void
say_also(struct error *e, const struct error *more)
{
	size_t	 n = strlen(e->msg), len;

	if (more->msg[0] == '\0' || n + 9 >= sizeof(e->msg))
		return;
	memcpy(e->msg + n, "; then: ", 8);
	n += 8;
	len = strnlen(more->msg, sizeof(e->msg) - n - 1);
	memcpy(e->msg + n, more->msg, len);
	e->msg[n + len] = '\0';
}

/* "what: libgit2's message" */
int
gitfail(struct error *e, const char *what)
{
	const git_error	*ge = git_error_last();

	return error_put(e, 1, "%s: %s", what,
	    ge != NULL && ge->message != NULL ? ge->message : "unknown error");
}

static int
store_open(const char *dir, bool create, struct store **out,
    struct error *e)
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
		return error_put(e, 1, "no data repository in '%s' (run 'hips init')",
		    dir);
	if (rc < 0)
		return gitfail(e, dir);
	if (git_repository_is_bare(repo)) {
		git_repository_free(repo);
		return error_put(e, 1, "'%s' is a bare repository", dir);
	}
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		git_repository_free(repo);
		return error_put(e, 1, "out of memory");
	}
	st->repo = repo;
	*out = st;
	return 0;
}

static const char *
store_gitdir(struct store *st)
{
	/* Shared by every work tree: writers of all of them take turns. */
	return git_repository_commondir(st->repo);
}

static void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	git_repository_free(st->repo);
	free(st);
	lib_shutdown();
}

/* The branch HEAD points to.  Fails on a detached HEAD. */
int
head_branch(git_repository *repo, char *name, size_t size,
    struct error *e)
{
	git_reference	*head = NULL;
	int		 rc;

	if ((rc = git_reference_lookup(&head, repo, "HEAD")) < 0)
		return gitfail(e, "cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		return error_put(e, 1, "HEAD is detached: check out a branch first "
		    "('hips git checkout main')");
	}
	snprintf(name, size, "%s", git_reference_symbolic_target(head));
	git_reference_free(head);
	return 0;
}

const struct store_ops hips_store_ops = {
	.abi = HIPS_STORE_ABI,
	.open = store_open,
	.gitdir = store_gitdir,
	.prepare = store_prepare,
	.commit = store_commit,
	.pending = store_pending,
	.last_entry = store_last_entry,
	.set_remote = store_set_remote,
	.pack = store_pack,
	.sync = store_sync,
	.close = store_close,
};
