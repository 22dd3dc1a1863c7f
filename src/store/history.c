/*
 * The history walk: the last entry logged (the line a commit added),
 * for `hips undo`, stopping at a shallow edge.
 */
#include "store_int.h"

/* Every line a commit adds to the month files, in diff order. */
struct lastadd {
	char		**paths;
	char		**lines;
	bool		 *used;
	size_t		  n, cap;
	bool		  nomem;
};

/* Add a copy of path and of the n bytes of line to la; -1 out of memory. */
static int
la_push(struct lastadd *la, const char *path, const char *line, size_t n)
{
	size_t	 cap;
	void	*p;

	if (la->n == la->cap) {
		cap = la->cap ? la->cap * 2 : 16;
		if ((p = reallocarray(la->paths, cap, sizeof(char *))) == NULL)
			goto nomem;
		la->paths = p;
		if ((p = reallocarray(la->lines, cap, sizeof(char *))) == NULL)
			goto nomem;
		la->lines = p;
		if ((p = reallocarray(la->used, cap, sizeof(bool))) == NULL)
			goto nomem;
		la->used = p;
		la->cap = cap;
	}
	if ((la->lines[la->n] = strndup(line, n)) == NULL)
		goto nomem;
	if ((la->paths[la->n] = strdup(path)) == NULL) {
		free(la->lines[la->n]);
		goto nomem;
	}
	la->used[la->n++] = false;
	return 0;
nomem:
	la->nomem = true;
	return -1;
}

static int
added_line(const git_diff_delta *d, const git_diff_hunk *h,
    const git_diff_line *l, void *arg)
{
	size_t	n;

	(void)h;
	if (l->origin != GIT_DIFF_LINE_ADDITION)
		return 0;
	n = l->content_len;
	if (n > 0 && l->content[n - 1] == '\n')
		n--;
	/* A line holding a NUL is never an entry. */
	if (memchr(l->content, '\0', n) != NULL)
		return 0;
	return la_push(arg, d->new_file.path, l->content, n);
}

static void
lastadd_free(struct lastadd *la)
{
	size_t	i;

	for (i = 0; i < la->n; i++) {
		free(la->paths[i]);
		free(la->lines[i]);
	}
	free(la->paths);
	free(la->lines);
	free(la->used);
	memset(la, 0, sizeof(*la));
}

/*
 * The lines a commit's body records: up to the first empty line; an
 * import that listed only its first lines ends with "... and N more".
 */
struct recorded {
	char	**lines;
	size_t	  n;
	size_t	  more;
};

static int
recorded_read(const char *body, struct recorded *r)
{
	const char	*p, *nl;
	size_t		 len;
	char		*line, **v;
	unsigned long	 more;
	char		 tail;

	memset(r, 0, sizeof(*r));
	for (p = body; p != NULL && *p != '\0' && *p != '\n'; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			len = (size_t)(nl++ - p);
		else
			len = strlen(p);
		if ((line = strndup(p, len)) == NULL)
			return -1;
		if (sscanf(line, "... and %lu mor%c", &more, &tail) == 2 &&
		    tail == 'e') {
			r->more = more;
			free(line);
			break;
		}
		if ((v = reallocarray(r->lines, r->n + 1, sizeof(*v))) ==
		    NULL) {
			free(line);
			return -1;
		}
		r->lines = v;
		r->lines[r->n++] = line;
	}
	return 0;
}

static void
recorded_free(struct recorded *r)
{
	while (r->n > 0)
		free(r->lines[--r->n]);
	free(r->lines);
	memset(r, 0, sizeof(*r));
}

/* Move line i of la (path and line) to out. */
static int
take(struct store_entry *out, struct lastadd *la, size_t i)
{
	char	**v;

	if ((v = reallocarray(out->paths, out->n + 1, sizeof(*v))) == NULL)
		return -1;
	out->paths = v;
	if ((v = reallocarray(out->lines, out->n + 1, sizeof(*v))) == NULL)
		return -1;
	out->lines = v;
	out->paths[out->n] = la->paths[i];
	out->lines[out->n++] = la->lines[i];
	la->paths[i] = la->lines[i] = NULL;
	la->used[i] = true;
	return 0;
}

/*
 * Which of the lines the commit added are its entries: each line the
 * body records (the same text, once each); when the body lists only the
 * first lines of an import, all it added, if that is as many as it says;
 * a commit made before hips recorded its line, the first one it added.
 * 1 when found, 0 when the commit does not add what it says, -1 out of
 * memory.
 */
static int
pick(struct store_entry *out, struct lastadd *la, const struct recorded *r)
{
	size_t	i, j;

	if (r->n == 0)
		return la->n == 0 ? 0 : take(out, la, 0) == -1 ? -1 : 1;
	if (r->more > 0 && la->n != r->n + r->more)
		return 0;
	for (i = 0; i < r->n; i++) {
		for (j = 0; j < la->n; j++)
			if (!la->used[j] && strcmp(la->lines[j],
			    r->lines[i]) == 0)
				break;
		if (j == la->n)
			return 0;
		if (take(out, la, j) == -1)
			return -1;
	}
	for (j = 0; r->more > 0 && j < la->n; j++)
		if (!la->used[j] && take(out, la, j) == -1)
			return -1;
	return 1;
}

static bool
prefixed(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/*
 * A walk of history newest first: the commit with the latest commit time
 * among those whose children have been seen (ties: the one reached last),
 * each commit once.  Lazy, unlike libgit2's sorted walks, which read the
 * whole history first.
 */
/* Is id one of the commits .git/shallow lists (the edge of a clone)? */
static bool
in_shallow(git_repository *repo, const git_oid *id)
{
	char	 path[4096 + 16], line[128], hex[GIT_OID_HEXSZ + 1];
	FILE	*fp;
	bool	 found = false;

	if (pathf(NULL, path, sizeof(path), "%sshallow",
	    git_repository_commondir(repo)) == -1)
		return false;
	if ((fp = fopen(path, "re")) == NULL)
		return false;
	git_oid_tostr(hex, sizeof(hex), id);
	while (!found && fgets(line, sizeof(line), fp) != NULL)
		found = strncmp(line, hex, GIT_OID_HEXSZ) == 0;
	fclose(fp);
	return found;
}

struct walk {
	git_repository	*repo;
	git_commit	**front;	/* the frontier */
	unsigned long	*seq;		/* when each was reached */
	size_t		 n, cap;
	git_oid		*seen;		/* open addressing, zero: empty */
	size_t		 nseen, seencap;
	unsigned long	 clock;
	git_commit	*cut;		/* a commit whose parent is missing */
};

const git_oid	zero_oid;

/* Mark id seen; 0 if it already was, 1 if new, -1 out of memory. */
static int
walk_mark(struct walk *w, const git_oid *id)
{
	git_oid		*old = w->seen, *slot;
	size_t		 oldcap = w->seencap, i, h;
	uint64_t	 k;

	if (2 * (w->nseen + 1) > w->seencap) {
		w->seencap = oldcap ? oldcap * 2 : 256;
		if ((w->seen = calloc(w->seencap, sizeof(*w->seen))) == NULL) {
			w->seen = old;
			w->seencap = oldcap;
			return -1;
		}
		w->nseen = 0;
		for (i = 0; i < oldcap; i++)
			if (!git_oid_equal(&old[i], &zero_oid))
				walk_mark(w, &old[i]);
		free(old);
	}
	memcpy(&k, id->id, sizeof(k));
	for (h = (size_t)k & (w->seencap - 1);; h = (h + 1) & (w->seencap - 1)) {
		slot = &w->seen[h];
		if (git_oid_equal(slot, id))
			return 0;
		if (git_oid_equal(slot, &zero_oid)) {
			*slot = *id;
			w->nseen++;
			return 1;
		}
	}
}

/* Put id on the frontier unless seen before; 0 or -1. */
static int
walk_push(struct walk *w, const git_oid *id)
{
	git_commit	**f;
	unsigned long	*q;
	size_t		  cap;
	int		  r;

	if ((r = walk_mark(w, id)) <= 0)
		return r;
	if (w->n == w->cap) {
		cap = w->cap ? w->cap * 2 : 8;
		if ((f = realloc(w->front, cap * sizeof(*f))) == NULL)
			return -1;
		w->front = f;
		if ((q = realloc(w->seq, cap * sizeof(*q))) == NULL)
			return -1;
		w->seq = q;
		w->cap = cap;
	}
	if ((r = git_commit_lookup(&w->front[w->n], w->repo, id)) < 0)
		return r == GIT_ENOTFOUND ? GIT_ENOTFOUND : -1;
	w->seq[w->n++] = w->clock++;
	return 0;
}

/* The next commit, newest first (the caller frees it); NULL at the end. */
static git_commit *
walk_next(struct walk *w, int *error)
{
	git_commit	*c;
	git_time_t	 t, bt;
	size_t		 i, best = 0;
	unsigned	 k;
	int		 r;

	*error = 0;
	if (w->n == 0)
		return NULL;
	for (i = 1; i < w->n; i++) {
		t = git_commit_time(w->front[i]);
		bt = git_commit_time(w->front[best]);
		if (t > bt || (t == bt && w->seq[i] > w->seq[best]))
			best = i;
	}
	c = w->front[best];
	w->front[best] = w->front[w->n - 1];
	w->seq[best] = w->seq[w->n - 1];
	w->n--;
	/*
	 * A libgit2 that reads .git/shallow (1.7 and later) gives the
	 * commits at the edge no parent at all: they are where the history
	 * stops too.
	 */
	if (git_commit_parentcount(c) == 0 && w->cut == NULL &&
	    in_shallow(w->repo, git_commit_id(c)))
		git_commit_dup(&w->cut, c);
	for (k = 0; k < git_commit_parentcount(c); k++)
		if ((r = walk_push(w, git_commit_parent_id(c, k))) ==
		    GIT_ENOTFOUND) {
			/* The history stops here (a shallow clone). */
			if (w->cut == NULL)
				git_commit_dup(&w->cut, c);
		} else if (r == -1) {
			*error = -1;
			break;
		}
	return c;
}

static void
walk_free(struct walk *w)
{
	while (w->n > 0)
		git_commit_free(w->front[--w->n]);
	free(w->front);
	free(w->seq);
	free(w->seen);
	git_commit_free(w->cut);
}

/*
 * A commit at the edge of a shallow clone has no parent to compare with:
 * the line its message records must then be in the month file its time
 * names (added to la when it is).
 */
static bool
boundary_line(git_repository *repo, git_commit *c, const char *line,
    struct lastadd *la)
{
	git_tree	*t = NULL;
	git_tree_entry	*te = NULL;
	git_blob	*b = NULL;
	const char	*text, *p, *end, *nl;
	char		 path[64];
	size_t		 n = strlen(line);
	bool		 found = false;

	if (n < 8 || strspn(line, "0123456789") != 4 || line[4] != '-')
		return false;
	snprintf(path, sizeof(path), "log/%.7s.log", line);
	if (git_commit_tree(&t, c) == 0 &&
	    git_tree_entry_bypath(&te, t, path) == 0 &&
	    git_blob_lookup(&b, repo, git_tree_entry_id(te)) == 0) {
		text = git_blob_rawcontent(b);
		end = text + git_blob_rawsize(b);
		for (p = text; p < end && !found; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			found = (size_t)(nl - p) == n &&
			    memcmp(p, line, n) == 0;
		}
	}
	git_blob_free(b);
	git_tree_entry_free(te);
	git_tree_free(t);
	return found && la_push(la, path, line, n) == 0;
}

/* Undo reached the start of a shortened history. */
static int
cut_short(struct error *e, git_repository *repo, git_commit *c)
{
	char	 hex[GIT_OID_HEXSZ + 1], path[4096 + 16];
	bool	 shallow;

	git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
	snprintf(path, sizeof(path), "%sshallow",
	    git_repository_commondir(repo));
	shallow = access(path, F_OK) == 0;
	return error_put(e, 1, "the history before commit %.12s is not in this "
	    "repository%s: nothing older can be undone here (%s)", hex,
	    shallow ? " (a shallow clone)" : "", shallow ? "'hips git fetch "
	    "--unshallow' brings the rest" : "'hips git fsck' tells what is "
	    "missing");
}

/*
 * The lines entry commit c added (pick() says which), into out: 1, or
 * the error that says why not (never an older entry in its place).
 */
static int
entry_lines(struct store *st, git_commit *c, const char *subj,
    const git_diff_options *o, struct store_entry *out, struct error *e)
{
	struct lastadd		 la;
	struct recorded		 r;
	git_commit		*p = NULL;
	git_tree		*ct = NULL, *pt = NULL;
	git_diff		*diff = NULL;
	const char		*body;
	char			 hex[GIT_OID_HEXSZ + 1];
	size_t			 i;
	int			 rc = -1, found;

	memset(&la, 0, sizeof(la));
	/* hips records the line(s) in the message's body. */
	if ((body = git_commit_body(c)) == NULL)
		body = "";
	if (recorded_read(body, &r) == -1) {
		rc = error_put(e, 1, "out of memory");
		goto out;
	}
	if (git_commit_parentcount(c) > 0 &&
	    git_commit_parent(&p, c, 0) == GIT_ENOTFOUND) {
		/* Its lines, in their months' files, will do. */
		for (i = 0; i < r.n; i++)
			if (!boundary_line(st->repo, c, r.lines[i], &la))
				break;
		if (r.n == 0 || i < r.n || r.more > 0) {
			rc = cut_short(e, st->repo, c);
			goto out;
		}
	} else if (git_commit_tree(&ct, c) < 0 ||
	    (git_commit_parentcount(c) > 0 &&
	    (p == NULL || git_commit_tree(&pt, p) < 0)) ||
	    git_diff_tree_to_tree(&diff, st->repo, pt, ct, o) < 0 ||
	    git_diff_foreach(diff, NULL, NULL, NULL, added_line, &la) < 0) {
		rc = la.nomem ? error_put(e, 1, "out of memory") :
		    gitfail(e, "cannot read history");
		goto out;
	}
	if ((found = pick(out, &la, &r)) == -1) {
		rc = error_put(e, 1, "out of memory");
		goto out;
	}
	if (found == 1) {
		snprintf(out->subject, sizeof(out->subject), "%s", subj);
		rc = 1;
		goto out;
	}
	git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
	rc = r.n > 0 ? error_put(e, 1, "commit %.12s (%s) records a line it does "
	    "not add: undo it with 'hips git revert %.12s'", hex, subj, hex) :
	    error_put(e, 1, "commit %.12s (%s) adds no entry line: undo it with "
	    "'hips git revert %.12s'", hex, subj, hex);
out:
	git_diff_free(diff);
	git_tree_free(pt);
	git_commit_free(p);
	git_tree_free(ct);
	lastadd_free(&la);
	recorded_free(&r);
	return rc;
}

/*
 * The newest entry commit not cancelled by a newer undo, and the line it
 * added.  Newest by commit time across every parent, not along first
 * parents: after a sync fast-forwards this machine to the other one's
 * merge, the first parents are the other machine's, and walking them
 * would pass over an entry made here later.  So every machine undoes the
 * same entry, the newest, whichever machine made it.
 */
int
store_last_entry(struct store *st, struct store_entry *out,
    struct error *e)
{
	git_diff_options	 o = GIT_DIFF_OPTIONS_INIT;
	static char		 logspec[] = "log/*";
	char			*spec[] = { logspec };
	struct walk		 w;
	git_commit		*c = NULL;
	git_oid			 id;
	const char		*subj;
	bool			 entry;
	int			 pending = 0, walked = 0, rc = 0, werr = 0;

	memset(&w, 0, sizeof(w));
	w.repo = st->repo;
	if (git_reference_name_to_id(&id, st->repo, "HEAD") < 0)
		return 0;	/* unborn: nothing at all */
	if (walk_push(&w, &id) == -1) {
		walk_free(&w);
		return gitfail(e, "cannot read HEAD");
	}
	o.pathspec.strings = spec;
	o.pathspec.count = 1;
	o.context_lines = 0;
	/* A line holding a NUL must not make the file's diff binary. */
	o.flags |= GIT_DIFF_FORCE_TEXT;
	while (walked++ < 100000 && (c = walk_next(&w, &werr)) != NULL &&
	    werr == 0) {
		if ((subj = git_commit_summary(c)) == NULL)
			subj = "";
		/* An import is one entry commit: undo takes it all back. */
		entry = prefixed(subj, "log: ") || strcmp(subj, "skip") == 0 ||
		    prefixed(subj, "import ") ||
		    prefixed(subj, "skip:") ||
		    prefixed(subj, "skip (") || prefixed(subj, "hold: ") ||
		    prefixed(subj, "pause: ") || prefixed(subj, "set: ") ||
		    prefixed(subj, "resume: ") || prefixed(subj, "pain: ");
		if (prefixed(subj, "undo: ") || strcmp(subj, "undo") == 0)
			pending++;
		else if (entry && pending > 0)
			pending--;
		else if (entry) {
			rc = entry_lines(st, c, subj, &o, out, e);
			break;
		}
		git_commit_free(c);
		c = NULL;
	}
	if (rc == 0 && werr != 0)
		rc = gitfail(e, "cannot read history");
	if (rc == 0 && w.cut != NULL)
		rc = cut_short(e, st->repo, w.cut);
	git_commit_free(c);
	walk_free(&w);
	return rc;
}
