/*
 * The history walk: the last entry logged (the line a commit added),
 * for `hips undo`, stopping at a shallow edge.
 */
#include "store_int.h"

struct lastadd {
	char		 path[256];
	char		 line[4200];
	const char	*want;		/* the line the commit recorded */
	bool		 found;
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
	/*
	 * The line the commit's message records, or (a commit made before
	 * hips recorded it) the first added line that can be an entry: a
	 * line holding a NUL never is.
	 */
	if (la->want != NULL ? strlen(la->want) != n ||
	    memcmp(la->want, l->content, n) != 0 :
	    memchr(l->content, '\0', n) != NULL)
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
 * names (la->path gets it).
 */
static bool
boundary_line(git_repository *repo, git_commit *c, const char *line,
    struct lastadd *la)
{
	git_tree	*t = NULL;
	git_tree_entry	*te = NULL;
	git_blob	*b = NULL;
	const char	*text, *p, *end, *nl;
	size_t		 n = strlen(line);
	bool		 found = false;

	if (n < 8 || strspn(line, "0123456789") != 4 || line[4] != '-')
		return false;
	snprintf(la->path, sizeof(la->path), "log/%.7s.log", line);
	if (git_commit_tree(&t, c) == 0 &&
	    git_tree_entry_bypath(&te, t, la->path) == 0 &&
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
	return found;
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
	return say(e, 1, "the history before commit %.12s is not in this "
	    "repository%s: nothing older can be undone here (%s)", hex,
	    shallow ? " (a shallow clone)" : "", shallow ? "'hips git fetch "
	    "--unshallow' brings the rest" : "'hips git fsck' tells what is "
	    "missing");
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
	struct lastadd		 la;
	struct walk		 w;
	git_commit		*c = NULL, *p = NULL;
	git_tree		*ct = NULL, *pt = NULL;
	git_diff		*diff = NULL;
	git_oid			 id;
	const char		*subj, *body;
	char			 want[4200], hex[GIT_OID_HEXSZ + 1];
	size_t			 n;
	bool			 entry;
	int			 pending = 0, walked = 0, rc = 0, werr = 0;

	memset(&la, 0, sizeof(la));
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
		entry = prefixed(subj, "log: ") || strcmp(subj, "skip") == 0 ||
		    prefixed(subj, "skip:") || prefixed(subj, "hold: ") ||
		    prefixed(subj, "pause: ") || prefixed(subj, "set: ") ||
		    prefixed(subj, "resume: ") || prefixed(subj, "pain: ");
		if (prefixed(subj, "undo: ") || strcmp(subj, "undo") == 0)
			pending++;
		else if (entry && pending > 0)
			pending--;
		else if (entry) {
			/* hips records the line in the message's body. */
			la.want = NULL;
			if ((body = git_commit_body(c)) != NULL) {
				n = strcspn(body, "\n");
				if (n >= sizeof(want))
					n = sizeof(want) - 1;
				memcpy(want, body, n);
				want[n] = '\0';
				la.want = want;
			}
			if (git_commit_parentcount(c) > 0 &&
			    git_commit_parent(&p, c, 0) == GIT_ENOTFOUND) {
				/* Its line, in its month's file, will do. */
				if (la.want != NULL && boundary_line(st->repo,
				    c, want, &la)) {
					snprintf(out->path, sizeof(out->path),
					    "%s", la.path);
					snprintf(out->line, sizeof(out->line),
					    "%s", want);
					snprintf(out->subject,
					    sizeof(out->subject), "%s", subj);
					rc = 1;
				} else
					rc = cut_short(e, st->repo, c);
				break;
			}
			if (git_commit_tree(&ct, c) < 0 ||
			    (git_commit_parentcount(c) > 0 &&
			    (p == NULL ||
			    git_commit_tree(&pt, p) < 0)) ||
			    git_diff_tree_to_tree(&diff, st->repo, pt, ct,
			    &o) < 0 ||
			    git_diff_foreach(diff, NULL, NULL, NULL, added_line,
			    &la) < 0) {
				rc = gitfail(e, "cannot read history");
				break;
			}
			if (la.found) {
				snprintf(out->path, sizeof(out->path), "%s",
				    la.path);
				snprintf(out->line, sizeof(out->line), "%s",
				    la.line);
				snprintf(out->subject, sizeof(out->subject),
				    "%s", subj);
				rc = 1;
				break;
			}
			/* Never an older entry in its place. */
			git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
			rc = la.want != NULL ? say(e, 1, "commit %.12s (%s) "
			    "records a line it does not add: undo it with "
			    "'hips git revert %.12s'", hex, subj, hex) :
			    say(e, 1, "commit %.12s (%s) adds no entry line: "
			    "undo it with 'hips git revert %.12s'", hex, subj,
			    hex);
			break;
		}
		git_commit_free(c);
		c = NULL;
	}
	if (rc == 0 && werr != 0)
		rc = gitfail(e, "cannot read history");
	if (rc == 0 && w.cut != NULL)
		rc = cut_short(e, st->repo, w.cut);
	git_diff_free(diff);
	git_tree_free(pt);
	git_commit_free(p);
	git_tree_free(ct);
	git_commit_free(c);
	walk_free(&w);
	return rc;
}
