/*
 * Packing: loose objects counted and written into a pack, small packs
 * merged, .idx files read, old reflog lines expired.
 */
#include "store_int.h"

/*
 * Packing.  libgit2 writes every object loose (a file of its own, a
 * 4 KiB block at least) and never packs: 20,000 entries would leave
 * 80,000 files.  After a write, with the writer lock held, the loose
 * objects are counted and, past the threshold, put in one new pack; a
 * loose object is deleted only once the pack and its index are on disk
 * (fsynced) and a lookup in that pack alone has found it.  A crash at
 * any point leaves every object readable: loose, packed, or both.
 * Packs are never deleted, so another git process reading one, or
 * writing objects meanwhile, is never disturbed.
 */
#define LOOSE_SAMPLE	32	/* count every 32nd fan-out directory */

/* Loose object ids: "objects/xx/" + 38 hex digits. */
struct loose {
	git_oid		*v;
	size_t		 n, cap;
};

static bool
is_hex(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[n] == '\0';
}

/*
 * The loose objects in fan-out directory fan (0..255): counted, and
 * collected into l unless it is NULL.  -1 on a memory shortage.
 */
static long
loose_scan(const char *objdir, int fan, struct loose *l)
{
	struct dirent	*de;
	DIR		*d;
	git_oid		*v;
	char		 path[4096], hex[GIT_OID_HEXSZ + 1];
	long		 n = 0;

	if (pathf(NULL, path, sizeof(path), "%s%02x", objdir, fan) == -1)
		return 0;
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (!is_hex(de->d_name, GIT_OID_HEXSZ - 2))
			continue;
		n++;
		if (l == NULL)
			continue;
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 1024;
			if ((v = realloc(l->v, l->cap * sizeof(*v))) == NULL) {
				closedir(d);
				return -1;
			}
			l->v = v;
		}
		snprintf(hex, 3, "%02x", fan);
		memcpy(hex + 2, de->d_name, GIT_OID_HEXSZ - 2);
		hex[GIT_OID_HEXSZ] = '\0';
		if (git_oid_fromstr(&l->v[l->n], hex) == 0)
			l->n++;
	}
	closedir(d);
	return n;
}

/*
 * About how many loose objects there are: a sample of the fan-out
 * directories (as `git gc --auto` does), or all of them when the
 * threshold is too low for a sample to tell (tests lower it).
 */
static long
loose_estimate(const char *objdir, long threshold)
{
	long	 n = 0;
	int	 fan, step;

	/* 8 directories of 256, about 32 objects there at 1024 loose. */
	step = threshold < 512 ? 1 : LOOSE_SAMPLE;
	for (fan = 0; fan < 256; fan += step)
		n += loose_scan(objdir, fan, NULL);
	return n * step;
}

static int
loose_add(const git_oid *id, void *arg)
{
	struct loose	*l = arg;
	git_oid		*v;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		if ((v = realloc(l->v, l->cap * sizeof(*v))) == NULL)
			return -1;
		l->v = v;
	}
	l->v[l->n++] = *id;
	return 0;
}

/* A repository of the pack whose index is path alone. */
static int
pack_odb(git_odb **out, const char *path)
{
	git_odb_backend	*be = NULL;

	*out = NULL;
	if (git_odb_new(out) < 0 || git_odb_backend_one_pack(&be, path) < 0)
		goto fail;
	if (git_odb_add_backend(*out, be, 1) < 0) {
		be->free(be);
		goto fail;
	}
	return 0;
fail:
	git_odb_free(*out);
	*out = NULL;
	return -1;
}

/*
 * Names for the objects of a pack: the path of each blob and tree in the
 * commits among them.  libgit2 sorts objects by name before looking for
 * deltas, so versions of one month file, or of the log/ tree, meet in
 * its window (16% smaller packs than with no names here).
 */
static int
by_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

static size_t
oid_find(const git_oid *v, size_t n, const git_oid *id)
{
	const git_oid	*hit = bsearch(id, v, n, sizeof(*v), by_oid);

	return hit ? (size_t)(hit - v) : n;
}

static void
name_tree(git_repository *repo, const git_oid *tid, const char *prefix,
    const git_oid *v, char **names, size_t n, int depth)
{
	const git_tree_entry	*te;
	git_tree		*t = NULL;
	char			 path[1024];
	size_t			 i, k, cnt;

	k = oid_find(v, n, tid);
	if (depth > 16 || k == n || names[k] != NULL ||
	    (names[k] = strdup(prefix)) == NULL ||
	    git_tree_lookup(&t, repo, tid) < 0)
		return;
	cnt = git_tree_entrycount(t);
	for (i = 0; i < cnt; i++) {
		te = git_tree_entry_byindex(t, i);
		if (pathf(NULL, path, sizeof(path), "%s%s%s", prefix,
		    prefix[0] ? "/" : "", git_tree_entry_name(te)) == -1)
			continue;
		if (git_tree_entry_type(te) == GIT_OBJECT_TREE)
			name_tree(repo, git_tree_entry_id(te), path, v, names,
			    n, depth + 1);
		else if ((k = oid_find(v, n, git_tree_entry_id(te))) < n &&
		    names[k] == NULL)
			names[k] = strdup(path);
	}
	git_tree_free(t);
}

static void
name_objects(git_repository *repo, const git_oid *v, char **names,
    size_t n)
{
	git_commit	*c;
	git_odb		*odb = NULL;
	git_object_t	 type;
	size_t		 i, len;

	if (git_repository_odb(&odb, repo) < 0)
		return;
	for (i = 0; i < n; i++) {
		if (git_odb_read_header(&len, &type, odb, &v[i]) < 0 ||
		    type != GIT_OBJECT_COMMIT ||
		    git_commit_lookup(&c, repo, &v[i]) < 0)
			continue;
		name_tree(repo, git_commit_tree_id(c), "", v, names, n, 0);
		git_commit_free(c);
	}
	git_odb_free(odb);
}

/*
 * Write the objects of l into a new pack in objdir/pack, make it durable
 * and find every one of them in it.  Its name goes to name.
 */
static int
pack_write(git_repository *repo, const char *objdir, const struct loose *l,
    char *name, size_t namesize, struct error *e)
{
	git_packbuilder	*pb = NULL;
	git_odb		*check = NULL;
	git_oid		*ids = NULL;
	struct stat	 sb;
	char		 path[4096 + 64], **names = NULL;
	const char	*n;
	size_t		 i;
	int		 rc = -1;

	/* Before any work (and libgit2's leaky failure path). */
	if (pathf(e, path, sizeof(path), "%spack", objdir) == -1)
		return -1;
	if (stat(path, &sb) == -1 && errno == ENOENT)
		mkdir(path, 0777);
	if (stat(path, &sb) == -1)
		return error_put(e, 1, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return error_put(e, 1, "%s: not a directory", path);
	if ((ids = malloc((l->n + 1) * sizeof(*ids))) == NULL ||
	    (names = calloc(l->n + 1, sizeof(*names))) == NULL) {
		error_put(e, 1, "out of memory");
		goto out;
	}
	memcpy(ids, l->v, l->n * sizeof(*ids));
	qsort(ids, l->n, sizeof(*ids), by_oid);
	name_objects(repo, ids, names, l->n);
	if (git_packbuilder_new(&pb, repo) < 0) {
		gitfail(e, "cannot pack");
		goto out;
	}
	for (i = 0; i < l->n; i++)
		if (git_packbuilder_insert(pb, &ids[i], names[i]) < 0) {
			gitfail(e, "cannot pack");
			goto out;
		}
	if (git_packbuilder_write(pb, NULL, 0, NULL, NULL) < 0 ||
	    (n = git_packbuilder_name(pb)) == NULL) {
		gitfail(e, "cannot write a pack");
		goto out;
	}
	snprintf(name, namesize, "%s", n);
	/* Durable, whatever libgit2 did: the pack, its index, the names. */
	if (pathf(e, path, sizeof(path), "%spack/pack-%s.pack", objdir,
	    name) == -1)
		goto out;
	if (fio_fsync(path) == -1) {
		error_put(e, 1, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (pathf(e, path, sizeof(path), "%spack", objdir) == -1)
		goto out;
	if (fio_fsync(path) == -1) {
		error_put(e, 1, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (pathf(e, path, sizeof(path), "%spack/pack-%s.idx", objdir,
	    name) == -1)
		goto out;
	if (fio_fsync(path) == -1) {
		error_put(e, 1, "%s: %s", path, strerror(errno));
		goto out;
	}
	/* Every object must be found in the new pack alone. */
	if (pack_odb(&check, path) == -1) {
		gitfail(e, "cannot read the new pack");
		goto out;
	}
	for (i = 0; i < l->n; i++)
		if (!git_odb_exists(check, &l->v[i])) {
			error_put(e, 1, "the new pack %s lacks an object", path);
			goto out;
		}
	rc = 0;
out:
	if (names != NULL)
		for (i = 0; i < l->n; i++)
			free(names[i]);
	free(names);
	free(ids);
	git_odb_free(check);
	git_packbuilder_free(pb);
	return rc;
}

/*
 * Merging packs.  Each packing adds a pack of about threshold objects,
 * and every pack makes each object lookup that misses (every new object
 * is looked up before it is written) search one more index.  So when
 * there are MERGE_MIN packs smaller than MERGE_CAP times the threshold,
 * the smallest of them are merged into one, up to that size: the packs
 * stay few (about one per MERGE_CAP / 2 thresholds of objects) and no
 * merge costs more than packing MERGE_CAP thresholds (libgit2 computes
 * every delta again: about 0.15 ms an object).  Packs with a .keep file
 * are left alone, and so is a repository with a multi-pack index (git's
 * own maintenance keeps that).
 */
#define MERGE_MIN	4
#define MERGE_CAP	8

struct packinfo {
	char		 name[256];	/* "pack-HEX", without extension */
	uint32_t	 count;		/* objects */
};

static int
by_count(const void *a, const void *b)
{
	const struct packinfo	*x = a, *y = b;

	return x->count < y->count ? -1 : x->count > y->count;
}

/* The objects in the pack index at path: the last fan-out entry. */
long
idx_count(const char *path)
{
	unsigned char	 b[1032];
	size_t		 at;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (read(fd, b, sizeof(b)) != (ssize_t)sizeof(b)) {
		close(fd);
		return -1;
	}
	close(fd);
	at = memcmp(b, "\377tOc", 4) == 0 ? 8 + 255 * 4 : 255 * 4;
	return (long)b[at] << 24 | (long)b[at + 1] << 16 |
	    (long)b[at + 2] << 8 | (long)b[at + 3];
}

static int
pack_merge(git_repository *repo, const char *objdir, long threshold,
    struct error *e)
{
	struct packinfo	*p = NULL, *np;
	struct dirent	*de;
	struct loose	 l = { .v = NULL, .n = 0 };
	struct stat	 sb;
	git_odb		*odb;
	DIR		*d;
	char		 path[4096 + 300], name[GIT_OID_HEXSZ + 1];
	size_t		 n = 0, cap = 0, i, take, len;
	long		 count, total, limit = threshold * MERGE_CAP;
	int		 rc = -1;

	if (pathf(e, path, sizeof(path), "%spack/multi-pack-index",
	    objdir) == -1)
		return -1;
	if (stat(path, &sb) == 0)
		return 0;
	if (pathf(e, path, sizeof(path), "%spack", objdir) == -1)
		return -1;
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 10 || len > 200 ||
		    strncmp(de->d_name, "pack-", 5) != 0 ||
		    strcmp(de->d_name + len - 4, ".idx") != 0)
			continue;
		if (pathf(NULL, path, sizeof(path), "%spack/%.*s.keep", objdir,
		    (int)(len - 4), de->d_name) == -1)
			continue;
		if (stat(path, &sb) == 0)
			continue;
		if (pathf(NULL, path, sizeof(path), "%spack/%s", objdir,
		    de->d_name) == -1)
			continue;
		if ((count = idx_count(path)) < 0 || count >= limit)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((np = realloc(p, cap * sizeof(*p))) == NULL) {
				closedir(d);
				error_put(e, 1, "out of memory");
				goto out;
			}
			p = np;
		}
		snprintf(p[n].name, sizeof(p[n].name), "%.*s", (int)(len - 4),
		    de->d_name);
		p[n].count = (uint32_t)count;
		n++;
	}
	closedir(d);
	rc = 0;
	if (n < MERGE_MIN)
		goto out;
	qsort(p, n, sizeof(*p), by_count);
	for (take = 0, total = 0; take < n && total + p[take].count <= limit;
	    take++)
		total += p[take].count;
	if (take < 2)
		goto out;
	rc = -1;
	for (i = 0; i < take; i++) {
		if (pathf(e, path, sizeof(path), "%spack/%s.idx", objdir,
		    p[i].name) == -1)
			goto out;
		if (pack_odb(&odb, path) == -1) {
			gitfail(e, "cannot read a pack");
			goto out;
		}
		if (git_odb_foreach(odb, loose_add, &l) < 0) {
			git_odb_free(odb);
			gitfail(e, "cannot read a pack");
			goto out;
		}
		git_odb_free(odb);
	}
	if (pack_write(repo, objdir, &l, name, sizeof(name), e) == -1)
		goto out;
	/* The merged pack is on disk and holds them all: drop the parts. */
	for (i = 0; i < take; i++) {
		if (strcmp(p[i].name + 5, name) == 0)
			continue;
		if (pathf(NULL, path, sizeof(path), "%spack/%s.idx", objdir,
		    p[i].name) == -1)
			continue;
		if (unlink(path) == -1)
			continue;
		if (pathf(NULL, path, sizeof(path), "%spack/%s.pack", objdir,
		    p[i].name) == -1)
			continue;
		unlink(path);
		if (pathf(NULL, path, sizeof(path), "%spack/%s.rev", objdir,
		    p[i].name) == -1)
			continue;
		unlink(path);
	}
	rc = 1;
out:
	free(l.v);
	free(p);
	return rc;
}

/*
 * Reflog entries older than REFLOG_DAYS go when hips packs, as `git gc`
 * expires them (gc.reflogExpire): else every entry ever logged stays, a
 * line in two files each (some 6 MB after 20,000 entries).  The newest
 * entry always stays.
 */
#define REFLOG_DAYS	90

static void
reflog_expire(git_repository *repo, const char *name)
{
	git_reflog		*rl = NULL;
	const git_reflog_entry	*en;
	const git_signature	*sig;
	git_time_t		 before = (git_time_t)time(NULL) -
	    REFLOG_DAYS * 86400;
	size_t			 n, dropped = 0;

	if (git_reflog_read(&rl, repo, name) < 0)
		return;
	/* The oldest entry is the last. */
	while ((n = git_reflog_entrycount(rl)) > 1) {
		en = git_reflog_entry_byindex(rl, n - 1);
		sig = en ? git_reflog_entry_committer(en) : NULL;
		if (sig == NULL || sig->when.time >= before ||
		    git_reflog_drop(rl, n - 1, 0) < 0)
			break;
		dropped++;
	}
	if (dropped > 0)
		git_reflog_write(rl);
	git_reflog_free(rl);
}

int
store_pack(struct store *st, long threshold, struct error *e)
{
	struct loose	 l = { .v = NULL, .n = 0 };
	char		 objdir[4096], path[4096 + 64], hex[GIT_OID_HEXSZ + 1];
	char		 name[GIT_OID_HEXSZ + 1], branch[256];
	struct error	 detached;	/* HEAD on no branch: HEAD's alone */
	size_t		 i;
	int		 fan, rc = -1;

	if (pathf(e, objdir, sizeof(objdir), "%sobjects/",
	    git_repository_commondir(st->repo)) == -1)
		return -1;
	if (loose_estimate(objdir, threshold) < threshold)
		return 0;
	for (fan = 0; fan < 256; fan++)
		if (loose_scan(objdir, fan, &l) == -1) {
			error_put(e, 1, "out of memory");
			goto out;
		}
	if (l.n < 2) {
		rc = 0;
		goto out;
	}
	if (pack_write(st->repo, objdir, &l, name, sizeof(name), e) == -1)
		goto out;
	/*
	 * Only now, with the pack durable, go the loose copies.  The fan-out
	 * directories stay: making one again costs each later write a
	 * mkdir and one more directory to sync.
	 */
	for (i = 0; i < l.n; i++) {
		git_oid_tostr(hex, sizeof(hex), &l.v[i]);
		if (pathf(NULL, path, sizeof(path), "%s%.2s/%s", objdir, hex,
		    hex + 2) == -1)
			continue;
		unlink(path);
	}
	rc = pack_merge(st->repo, objdir, threshold, e) == -1 ? -1 : 1;
	reflog_expire(st->repo, "HEAD");
	if (head_branch(st->repo, branch, sizeof(branch), &detached) == 0)
		reflog_expire(st->repo, branch);
out:
	free(l.v);
	return rc;
}
