/*
 * The tree writer: a commit's trees written straight as raw git tree
 * objects from a base tree and the changed entries.
 */
#include "store_int.h"

static int
by_path(const void *a, const void *b)
{
	const struct fresh_file	*const *x = a, *const *y = b;

	return strcmp((*x)->path, (*y)->path);
}

/* An entry of a tree being written. */
struct tent {
	const char	*name;
	size_t		 len;
	uint32_t	 mode;
	const git_oid	*id;
};

/* Git's order: names bytewise, a tree's as if it ended with '/'. */
static int
tent_cmp(const void *x, const void *y)
{
	const struct tent	*a = x, *b = y;
	size_t			 n = a->len < b->len ? a->len : b->len;
	int			 c, ca, cb;

	if ((c = memcmp(a->name, b->name, n)) != 0)
		return c;
	ca = a->len > n ? (unsigned char)a->name[n] :
	    a->mode == GIT_FILEMODE_TREE ? '/' : 0;
	cb = b->len > n ? (unsigned char)b->name[n] :
	    b->mode == GIT_FILEMODE_TREE ? '/' : 0;
	return ca - cb;
}

/*
 * Write the tree of the entries of base (NULL: none) with e[0..ne) in
 * them, an entry of base with one of their names replaced: the raw tree
 * ("MODE NAME\0" and the id, in git's order) made here, as libgit2's
 * tree builder would, without copying base's entries into a map first.
 */
static int
tree_raw(git_repository *repo, const git_tree *base, struct tent *e,
    size_t ne, git_oid *out)
{
	const git_tree_entry	*te;
	struct tent		*all;
	git_odb			*odb = NULL;
	char			*raw, *p;
	size_t			 nb, n = 0, i, k, size = 0;
	int			 rc = -1;

	nb = base != NULL ? git_tree_entrycount(base) : 0;
	if ((all = calloc(nb + ne + 1, sizeof(*all))) == NULL) {
		git_error_set_oom();
		return -1;
	}
	for (i = 0; i < nb; i++) {
		te = git_tree_entry_byindex(base, i);
		all[n].name = git_tree_entry_name(te);
		all[n].len = strlen(all[n].name);
		for (k = 0; k < ne; k++)
			if (e[k].len == all[n].len &&
			    memcmp(e[k].name, all[n].name, e[k].len) == 0)
				break;
		if (k < ne)
			continue;	/* replaced */
		all[n].mode = git_tree_entry_filemode_raw(te);
		all[n].id = git_tree_entry_id(te);
		n++;
	}
	for (k = 0; k < ne; k++)
		all[n++] = e[k];
	qsort(all, n, sizeof(*all), tent_cmp);
	for (i = 0; i < n; i++)
		size += 16 + all[i].len + GIT_OID_RAWSZ;	/* "%o " fits */
	if ((raw = malloc(size + 1)) == NULL) {
		git_error_set_oom();
		goto out;
	}
	for (p = raw, i = 0; i < n; i++) {
		p += sprintf(p, "%o ", (unsigned)all[i].mode);
		memcpy(p, all[i].name, all[i].len);
		p += all[i].len;
		*p++ = '\0';
		memcpy(p, all[i].id->id, GIT_OID_RAWSZ);
		p += GIT_OID_RAWSZ;
	}
	if (git_repository_odb(&odb, repo) == 0)
		rc = git_odb_write(out, odb, raw, (size_t)(p - raw),
		    GIT_OBJECT_TREE);
	free(raw);
out:
	git_odb_free(odb);
	free(all);
	return rc;
}

/*
 * Write tree base (NULL: a new tree) with the files v[lo..hi) in it,
 * whose paths, sorted, share their first plen bytes.  Only the trees on
 * the way to a changed file are read and written: the other entries are
 * copied as they are, never looked up.
 */
static int
tree_write(git_repository *repo, const git_tree *base,
    struct fresh_file **v, size_t lo, size_t hi, size_t plen, git_oid *out,
    struct oids *written)
{
	const git_tree_entry	*te;
	struct tent		*e;
	git_tree		*sub;
	git_oid			*sid;
	const char		*rest, *slash;
	char			 name[256];
	size_t			 i = lo, j, dl, ne = 0;
	int			 rc = -1;

	/* At most one entry a file, and an id for each subtree. */
	e = calloc(hi - lo + 1, sizeof(*e));
	sid = calloc(hi - lo + 1, sizeof(*sid));
	if (e == NULL || sid == NULL) {
		git_error_set_oom();
		goto out;
	}
	while (i < hi) {
		rest = v[i]->path + plen;
		if ((slash = strchr(rest, '/')) == NULL) {
			e[ne].name = rest;
			e[ne].len = strlen(rest);
			e[ne].mode = GIT_FILEMODE_BLOB;
			e[ne++].id = &v[i]->id;
			i++;
			continue;
		}
		dl = (size_t)(slash - rest);
		if (dl >= sizeof(name)) {
			git_error_set_str(GIT_ERROR_INVALID, "path too long");
			goto out;
		}
		memcpy(name, rest, dl);
		name[dl] = '\0';
		for (j = i + 1; j < hi && strncmp(v[j]->path + plen, rest,
		    dl + 1) == 0; j++)
			;
		sub = NULL;
		te = base ? git_tree_entry_byname(base, name) : NULL;
		if (te != NULL && git_tree_entry_type(te) == GIT_OBJECT_TREE &&
		    git_tree_lookup(&sub, repo, git_tree_entry_id(te)) < 0)
			goto out;
		if (tree_write(repo, sub, v, i, j, plen + dl + 1, &sid[ne],
		    written) < 0) {
			git_tree_free(sub);
			goto out;
		}
		git_tree_free(sub);
		/* The name, in the path itself. */
		e[ne].name = rest;
		e[ne].len = dl;
		e[ne].mode = GIT_FILEMODE_TREE;
		e[ne].id = &sid[ne];
		ne++;
		i = j;
	}
	if ((rc = tree_raw(repo, base, e, ne, out)) == 0 &&
	    oids_add(written, out) == -1) {
		git_error_set_oom();
		rc = -1;
	}
out:
	free(sid);
	free(e);
	return rc;
}

/* The tree of base with the changed files of f. */
int
tree_with(git_repository *repo, const git_tree *base, const struct fresh *f,
    git_oid *out, struct oids *written)
{
	struct fresh_file	**v;
	size_t			 i, n = 0;
	int			 rc;

	if ((v = calloc(f->n + 1, sizeof(*v))) == NULL) {
		git_error_set_oom();
		return -1;
	}
	for (i = 0; i < f->n; i++)
		if (f->v[i].changed) {
			v[n++] = &f->v[i];
			if (oids_add(written, &f->v[i].id) == -1) {
				free(v);
				git_error_set_oom();
				return -1;
			}
		}
	qsort(v, n, sizeof(*v), by_path);
	rc = tree_write(repo, base, v, 0, n, 0, out, written);
	free(v);
	return rc;
}

int
fill_missing(const char *root, const git_tree_entry *te, void *arg)
{
	struct fill	*fl = arg;
	git_index_entry	 ie;
	const char	*name;
	char		 path[4096];
	size_t		 rl, nl;

	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB)
		return 0;
	name = git_tree_entry_name(te);
	rl = strlen(root);
	nl = strlen(name);
	if (rl + nl >= sizeof(path))
		return 0;
	memcpy(path, root, rl);
	memcpy(path + rl, name, nl + 1);
	if (git_index_get_bypath(fl->idx, path, 0) != NULL)
		return 0;
	memset(&ie, 0, sizeof(ie));
	ie.mode = git_tree_entry_filemode(te);
	ie.id = *git_tree_entry_id(te);
	ie.path = path;
	if (git_index_add(fl->idx, &ie) == 0)
		fl->added++;
	return 0;
}
