/*
 * The day cache of the prompt: which days of each month file have a
 * session, kept in $XDG_CACHE_HOME/hips so that `hips streak --prompt` reads no
 * log file that has not changed (DESIGN.md section 7).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hips.h"
#include "daycache.h"
#include "hash.h"
#include "logset.h"
#include "racy.h"
#include "safefile.h"

#define CACHE_MAGIC	"hipsday4"
#define CACHE_NAMELEN	64	/* longer file names are not cached */
#define CACHE_MAXSIZE	(64u << 20)
#define WINDOW_MARGIN	7	/* days checked before the caller's first */

/*
 * The cache file: a header, the file records sorted by name, then the
 * days of each file in the same order.  Host byte order: it never leaves
 * the machine.
 */
struct cache_head {
	char		magic[8];
	uint64_t	dev;		/* of the log directory */
	uint64_t	ino;
	int64_t		mtime_s;	/* of log/ before listing it */
	int64_t		mtime_ns;
	int64_t		ctime_s;
	int64_t		ctime_ns;
	uint32_t	nfiles;
	uint32_t	ndays;
	uint32_t	sorted;		/* the days strictly increase */
	uint32_t	unsure;		/* links, unlisted: see collect() */
	uint64_t	sum;		/* of all the file but this field */
};

struct cache_file {
	char		name[CACHE_NAMELEN];	/* NUL-terminated */
	uint64_t	dev;
	uint64_t	ino;
	int64_t		size;
	int64_t		mtime_s;
	int64_t		mtime_ns;
	int64_t		ctime_s;
	int64_t		ctime_ns;
	uint32_t	first;		/* index of its first day */
	uint32_t	ndays;
};

/* A log file as found now, and its days. */
struct lfile {
	struct cache_file rec;	/* name "" when too long to cache */
	char		*longname;	/* then the name is here */
	const struct sday *days;	/* into the cache, or owned */
	size_t		 ndays;
	bool		 owned;
	bool		 cacheable;
};

/* FNV-1a's constants (hash.h), a word at a time. */
#define SUM_INIT	HASH_INIT

static uint64_t
checksum(uint64_t h, const unsigned char *p, size_t len)
{
	uint64_t	 w;

	/* Word at a time: this runs on every prompt. */
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * HASH_PRIME;
		h ^= h >> 29;
	}
	for (; len > 0; p++, len--)
		h = (h ^ *p) * HASH_PRIME;
	return h;
}

static int
byname(const void *a, const void *b)
{
	const struct lfile	*x = a, *y = b;

	return strcmp(x->longname ? x->longname : x->rec.name,
	    y->longname ? y->longname : y->rec.name);
}

static bool
same_file(const struct cache_file *c, const struct stat *st)
{
	return c->dev == (uint64_t)st->st_dev &&
	    c->ino == (uint64_t)st->st_ino &&
	    c->size == (int64_t)st->st_size &&
	    c->mtime_s == (int64_t)st->st_mtim.tv_sec &&
	    c->mtime_ns == (int64_t)st->st_mtim.tv_nsec &&
	    c->ctime_s == (int64_t)st->st_ctim.tv_sec &&
	    c->ctime_ns == (int64_t)st->st_ctim.tv_nsec;
}

/*
 * Changed too close to when the cache was written to be trusted
 * (racy.h): the cache file's mtime is when its records were made.
 */
static bool
racy_times(int64_t mtime_s, int64_t mtime_ns, int64_t ctime_s,
    int64_t ctime_ns, const struct stat *cst)
{
	return racy_time(mtime_s, mtime_ns, (int64_t)cst->st_mtim.tv_sec,
	    (int64_t)cst->st_mtim.tv_nsec) ||
	    racy_time(ctime_s, ctime_ns, (int64_t)cst->st_mtim.tv_sec,
	    (int64_t)cst->st_mtim.tv_nsec);
}

static bool
racy(const struct cache_file *c, const struct stat *cst)
{
	return racy_times(c->mtime_s, c->mtime_ns, c->ctime_s, c->ctime_ns,
	    cst);
}

/*
 * The log directory is as it was when the listing the cache holds was
 * taken, and was changed long enough before the cache was written: no
 * name in it was added, removed or renamed since.
 */
static bool
dir_unchanged(const struct cache_head *h, const struct stat *dirst,
    const struct stat *cst)
{
	return h->mtime_s == (int64_t)dirst->st_mtim.tv_sec &&
	    h->mtime_ns == (int64_t)dirst->st_mtim.tv_nsec &&
	    h->ctime_s == (int64_t)dirst->st_ctim.tv_sec &&
	    h->ctime_ns == (int64_t)dirst->st_ctim.tv_nsec &&
	    !racy_times(h->mtime_s, h->mtime_ns, h->ctime_s, h->ctime_ns,
	    cst);
}

/* The sum of the whole cache, its sum field taken as 0. */
static uint64_t
cache_sum(const struct cache_head *h, const void *body, size_t len)
{
	struct cache_head	 z = *h;

	z.sum = 0;
	return checksum(checksum(SUM_INIT, (const unsigned char *)&z,
	    sizeof(z)), body, len);
}

static void
record_stat(struct cache_file *c, const struct stat *st)
{
	c->dev = (uint64_t)st->st_dev;
	c->ino = (uint64_t)st->st_ino;
	c->size = (int64_t)st->st_size;
	c->mtime_s = (int64_t)st->st_mtim.tv_sec;
	c->mtime_ns = (int64_t)st->st_mtim.tv_nsec;
	c->ctime_s = (int64_t)st->st_ctim.tv_sec;
	c->ctime_ns = (int64_t)st->st_ctim.tv_nsec;
}

/*
 * Map the cache of this log directory; its header, or NULL when there is
 * no valid one.  The mapping (not a copy) keeps a prompt to a few page
 * faults.
 */
static const struct cache_head *
cache_map(const char *path, const struct stat *dirst, struct dayset *ds,
    struct stat *cst)
{
	const struct cache_head	*h;
	const struct cache_file	*f;
	size_t			 want, i;
	void			*p;
	int			 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW))
	    == -1)
		return NULL;
	if (fstat(fd, cst) == -1 || !S_ISREG(cst->st_mode) ||
	    cst->st_size < (off_t)sizeof(*h) ||
	    cst->st_size > (off_t)CACHE_MAXSIZE) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)cst->st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	ds->map = p;
	ds->maplen = (size_t)cst->st_size;
	h = p;
	if (memcmp(h->magic, CACHE_MAGIC, 8) != 0 ||
	    h->dev != (uint64_t)dirst->st_dev ||
	    h->ino != (uint64_t)dirst->st_ino ||
	    h->nfiles > CACHE_MAXSIZE / sizeof(*f) ||
	    h->ndays > CACHE_MAXSIZE / sizeof(struct sday))
		goto bad;
	want = sizeof(*h) + h->nfiles * sizeof(*f) +
	    h->ndays * sizeof(struct sday);
	if (want != ds->maplen ||
	    cache_sum(h, h + 1, want - sizeof(*h)) != h->sum)
		goto bad;
	f = (const struct cache_file *)(h + 1);
	for (i = 0; i < h->nfiles; i++)
		if (f[i].name[CACHE_NAMELEN - 1] != '\0' ||
		    f[i].first > h->ndays ||
		    f[i].ndays > h->ndays - f[i].first ||
		    (i > 0 && strcmp(f[i - 1].name, f[i].name) >= 0))
			goto bad;
	return h;
bad:
	munmap(ds->map, ds->maplen);
	ds->map = NULL;
	return NULL;
}

/*
 * The names in a directory, straight from getdents64 into a buffer on
 * the stack: a prompt has no use for the heap buffer and the two fcntl
 * calls of fdopendir().
 */
struct dirscan {
	int	 fd;
	ssize_t	 len;
	ssize_t	 pos;
	char	 buf[8192] __attribute__((aligned(8)));
};

/* From the start of the directory; again is for a second pass. */
static void
dirscan_start(struct dirscan *sc, int fd, bool again)
{
	sc->fd = fd;
	sc->len = sc->pos = 0;
	if (again)
		lseek(fd, 0, SEEK_SET);
}

/*
 * The next name (its d_type in *type), or NULL at the end (or on an
 * error: errno is set).
 */
static const char *
dirscan_next(struct dirscan *sc, unsigned char *type)
{
	const struct dirent64	*d;

	for (;;) {
		if (sc->pos >= sc->len) {
			sc->len = getdents64(sc->fd, sc->buf, sizeof(sc->buf));
			sc->pos = 0;
			if (sc->len <= 0)
				return NULL;
		}
		d = (const struct dirent64 *)(sc->buf + sc->pos);
		sc->pos += d->d_reclen;
		if (logset_is_logname(d->d_name)) {
			*type = d->d_type;
			return d->d_name;
		}
	}
}

/* The cache record named name, by binary search (they are sorted). */
static const struct cache_file *
find_record(const struct cache_head *h, const char *name)
{
	const struct cache_file	*cf = (const struct cache_file *)(h + 1);
	size_t			 lo = 0, hi = h->nfiles, mid;
	int			 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(cf[mid].name, name)) == 0)
			return &cf[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The record of a file of the log, if it still describes the file. */
static const struct cache_file *
valid_record(const struct cache_head *h, const struct stat *cst,
    const char *name, const struct stat *st)
{
	const struct cache_file	*cf;

	if (h == NULL || strlen(name) >= CACHE_NAMELEN ||
	    (cf = find_record(h, name)) == NULL || !same_file(cf, st) ||
	    racy(cf, cst))
		return NULL;
	return cf;
}

/*
 * The check of every file, when the window path is not asked for or
 * cannot answer: one stat a file, and true when every log file has a
 * valid record and no record lacks its file.
 */
static bool
cache_holds(struct dirscan *sc, int dfd, const struct cache_head *h,
    const struct stat *cst)
{
	const char	*name;
	struct stat	 st;
	size_t		 matched = 0;
	unsigned char	 type;

	dirscan_start(sc, dfd, false);
	while ((name = dirscan_next(sc, &type)) != NULL) {
		if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			return false;
		if (!S_ISREG(st.st_mode))
			continue;
		if (valid_record(h, cst, name, &st) == NULL)
			return false;
		matched++;
	}
	return sc->len == 0 && matched == h->nfiles;
}

static void
cache_write(const char *path, const struct stat *dirst,
    struct lfile *lf, size_t nlf, unsigned unsure)
{
	struct cache_head	 h;
	struct buf		 b = BUF_INIT;
	const struct sday	*d;
	size_t			 i, k, ndays = 0, nfiles = 0;
	int64_t			 prev = INT64_MIN;

	memset(&h, 0, sizeof(h));
	h.sorted = 1;
	buf_add(&b, &h, sizeof(h));
	for (i = 0; i < nlf; i++) {
		if (!lf[i].cacheable)
			continue;
		lf[i].rec.first = (uint32_t)ndays;
		lf[i].rec.ndays = (uint32_t)lf[i].ndays;
		buf_add(&b, &lf[i].rec, sizeof(lf[i].rec));
		ndays += lf[i].ndays;
		nfiles++;
	}
	for (i = 0; i < nlf; i++) {
		if (!lf[i].cacheable || lf[i].ndays == 0)
			continue;
		for (d = lf[i].days, k = 0; k < lf[i].ndays; k++, d++) {
			if (d->day <= prev)
				h.sorted = 0;
			prev = d->day;
		}
		buf_add(&b, lf[i].days, lf[i].ndays * sizeof(struct sday));
	}
	memcpy(h.magic, CACHE_MAGIC, 8);
	h.dev = (uint64_t)dirst->st_dev;
	h.ino = (uint64_t)dirst->st_ino;
	h.mtime_s = (int64_t)dirst->st_mtim.tv_sec;
	h.mtime_ns = (int64_t)dirst->st_mtim.tv_nsec;
	h.ctime_s = (int64_t)dirst->st_ctim.tv_sec;
	h.ctime_ns = (int64_t)dirst->st_ctim.tv_nsec;
	h.nfiles = (uint32_t)nfiles;
	h.ndays = (uint32_t)ndays;
	h.unsure = unsure;
	h.sum = cache_sum(&h, b.s + sizeof(h), b.len - sizeof(h));
	memcpy(b.s, &h, sizeof(h));

	/* Not fsynced: the sum refuses a torn cache, which is rebuilt. */
	(void)fio_replace(path, b.s, b.len, 0600, FIO_MKDIRS, NULL);
	buf_free(&b);
}

/* Malformed lines: `hips check` reports them, a prompt stays quiet. */
static void
quiet(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	(void)file;
	(void)line;
	(void)msg;
}

/*
 * Read and parse one log file; its days become owned by lf.  -1 when it
 * cannot be read (a file gone since the directory was listed is empty).
 */
static int
parse_file(int dfd, struct lfile *lf, const char *name)
{
	struct logset	 ls;
	struct buf	 text = BUF_INIT;
	struct sday	*days = NULL;
	size_t		 cap = 0, nd = 0;
	ssize_t		 n;
	char		 chunk[65536];
	int		 fd;

	lf->owned = true;
	lf->days = NULL;
	lf->ndays = 0;
	/* Never through a link, never more than a month file may hold. */
	if ((fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	    O_NOFOLLOW)) == -1) {
		lf->cacheable = false;
		return errno == ENOENT ? 0 : -1;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&text, chunk, (size_t)n);
		if (text.len > LOG_SIZE_MAX) {
			n = -1;
			break;
		}
	}
	close(fd);
	if (n == -1) {
		lf->cacheable = false;
		buf_free(&text);
		return -1;
	}
	memset(&ls, 0, sizeof(ls));
	n = (ssize_t)text.len;
	buf_add(&text, "", 0);
	logset_add_text(&ls, name, buf_detach(&text), (size_t)n, quiet,
	    NULL);
	sdays_add_entries(&days, &nd, &cap, ls.v, ls.n);
	lf->ndays = sdays_normalize(days, nd);
	lf->days = days;
	logset_free(&ls);
	return 0;
}

/*
 * The slow path: every log file, its days from a valid record or read
 * again, then the cache rewritten when anything differs from it (stale:
 * the directory's record no longer holds).  Entries the records cannot
 * vouch for without a listing (symbolic links, *.log names that are not
 * regular files or too long to cache) are counted as unsure: while
 * there are any, the window path is not taken.
 */
static int
collect(struct dayset *ds, struct dirscan *sc, int dfd,
    const struct cache_head *h, const struct stat *cst, const char *path,
    const struct stat *dirst, bool stale)
{
	const struct cache_file	*cf;
	const struct sday	*cdays = NULL;
	struct lfile		*lf = NULL, *f;
	const char		*name;
	struct stat		 st;
	size_t			 nlf = 0, cap = 0, i, total, matched = 0;
	unsigned		 unsure = 0;
	unsigned char		 type;
	bool			 dirty = stale, unreadable = false;

	if (h != NULL)
		cdays = (const struct sday *)((const struct cache_file *)
		    (h + 1) + h->nfiles);
	dirscan_start(sc, dfd, true);
	while ((name = dirscan_next(sc, &type)) != NULL) {
		/*
		 * Only regular files: a FIFO must never hang a prompt, and
		 * a symbolic link is never followed (it could lead out of
		 * the data directory; `hips check` reports it).
		 */
		(void)type;
		if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode)) {
			unsure++;
			continue;
		}
		if (nlf == cap) {
			cap = cap ? cap * 2 : 64;
			lf = xreallocarray(lf, cap, sizeof(*lf));
		}
		f = &lf[nlf++];
		memset(f, 0, sizeof(*f));
		record_stat(&f->rec, &st);
		if (strlen(name) < CACHE_NAMELEN) {
			memcpy(f->rec.name, name, strlen(name) + 1);
			f->cacheable = true;
		} else {
			f->longname = xstrdup(name);
			unsure++;
		}
		if ((cf = valid_record(h, cst, name, &st)) != NULL) {
			f->days = cdays + cf->first;
			f->ndays = cf->ndays;
			matched++;
			continue;
		}
		if (parse_file(dfd, f, name) == -1)
			unreadable = true;
		ds->stats.parsed++;
		if (f->cacheable)
			dirty = true;
	}
	ds->stats.files = (unsigned)nlf;
	if (sc->len < 0 || unreadable)
		goto out;	/* no answer from part of the log */
	if (h == NULL || matched != h->nfiles || unsure != h->unsure)
		dirty = true;

	/* File name order is day order for month files. */
	if (nlf > 1)
		qsort(lf, nlf, sizeof(*lf), byname);
	for (i = total = 0; i < nlf; i++)
		total += lf[i].ndays;
	ds->own = xreallocarray(NULL, total ? total : 1, sizeof(*ds->own));
	for (i = 0; i < nlf; i++) {
		if (lf[i].ndays > 0)
			memcpy(ds->own + ds->n, lf[i].days,
			    lf[i].ndays * sizeof(*ds->own));
		ds->n += lf[i].ndays;
	}
	ds->n = sdays_normalize(ds->own, ds->n);
	ds->v = ds->own;
	if (dirty && path != NULL) {
		cache_write(path, dirst, lf, nlf, unsure);
		ds->stats.written = true;
	}
out:
	for (i = 0; i < nlf; i++) {
		if (lf[i].owned)
			free((void *)lf[i].days);
		free(lf[i].longname);
	}
	free(lf);
	return sc->len < 0 || unreadable ? -1 : 0;
}

/* The days of a cache that holds: the mapping itself when it can be. */
static void
cache_days(struct dayset *ds, const struct cache_head *h)
{
	ds->v = (const struct sday *)((const struct cache_file *)(h + 1) +
	    h->nfiles);
	ds->n = h->ndays;
	ds->stats.files = h->nfiles;
	if (!h->sorted) {
		/* A day in more than one file, or out of order. */
		ds->own = xreallocarray(NULL, ds->n ? ds->n : 1,
		    sizeof(*ds->own));
		memcpy(ds->own, ds->v, ds->n * sizeof(*ds->own));
		ds->n = sdays_normalize(ds->own, ds->n);
		ds->v = ds->own;
	}
}

/*
 * The prompt's fast path, for a log directory unchanged since the
 * listing the cache holds (so are the names in it): stat only the files
 * that can hold a day from since on (month files of since's month or
 * later, files whose days reach since, files of any other name), and
 * true when each still matches its record.
 */
static bool
window_holds(int dfd, const struct cache_head *h, const struct stat *cst,
    int64_t since, unsigned *checked)
{
	const struct cache_file	*cf = (const struct cache_file *)(h + 1);
	const struct sday	*days = (const struct sday *)(cf + h->nfiles);
	struct stat		 st;
	size_t			 i;
	int			 y, m, d, from = INT_MIN;

	/* Days are int32_t: an earlier since means every file. */
	if (since >= INT32_MIN) {
		civil_from_days(since, &y, &m, &d);
		from = y * 12 + m - 1;
	}
	for (i = 0; i < h->nfiles; i++, cf++) {
		/* A racy record is no better for not being looked at. */
		if (racy(cf, cst))
			return false;
		if (logset_month_name(cf->name, &y, &m) &&
		    y * 12 + m - 1 < from && (cf->ndays == 0 ||
		    days[cf->first + cf->ndays - 1].day < since))
			continue;
		(*checked)++;
		if (fstatat(dfd, cf->name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode) || !same_file(cf, &st))
			return false;
	}
	return true;
}

int
daycache_map(struct dayset *ds, const char *datadir, const char *cachedir)
{
	const struct cache_head	*h = NULL;
	struct dayset_priv	*p;
	int			 fd;

	memset(ds, 0, sizeof(*ds));
	p = &ds->priv;
	buf_printf(&p->path, "%s/log", datadir);
	/* Not through a link either (sf_logdir() words why, for others). */
	fd = open(buf_str(&p->path), O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return errno == ENOENT ? 0 : -1;
	p->dfd = fd + 1;
	if (fstat(fd, &p->dirst) == -1)
		return -1;
	if (cachedir != NULL) {
		p->cached = true;
		buf_reset(&p->path);
		buf_printf(&p->path, "%s/days-%llx-%llx", cachedir,
		    (unsigned long long)p->dirst.st_dev,
		    (unsigned long long)p->dirst.st_ino);
		h = cache_map(buf_str(&p->path), &p->dirst, ds, &p->cst);
	}
	p->head = h;
	ds->stats.hit = h != NULL;
	p->fresh = h != NULL && dir_unchanged(h, &p->dirst, &p->cst);
	if (!p->fresh || h->unsure != 0)
		return 0;
	/* No listing: the caller finds its window in the cached days. */
	cache_days(ds, h);
	return 1;
}

bool
daycache_verify(struct dayset *ds, int64_t first)
{
	struct dayset_priv	*p = &ds->priv;

	first = first < INT64_MIN + WINDOW_MARGIN ? INT64_MIN :
	    first - WINDOW_MARGIN;
	if (window_holds(p->dfd - 1, p->head, &p->cst, first, &ds->stats.checked)) {
		ds->stats.window = true;
		return true;
	}
	free(ds->own);
	ds->own = NULL;
	ds->v = NULL;
	ds->n = 0;
	return false;
}

int
daycache_collect(struct dayset *ds)
{
	struct dayset_priv	*p = &ds->priv;
	struct dirscan		 sc;

	if (p->dfd == 0)
		return 0;	/* no log directory: an empty log */
	free(ds->own);
	ds->own = NULL;
	ds->v = NULL;
	ds->n = 0;
	if (p->fresh && cache_holds(&sc, p->dfd - 1, p->head, &p->cst)) {
		cache_days(ds, p->head);
		return 0;
	}
	return collect(ds, &sc, p->dfd - 1, p->head, &p->cst,
	    p->cached ? buf_str(&p->path) : NULL, &p->dirst,
	    p->head != NULL && !p->fresh);
}

int
daycache_load(struct dayset *ds, const char *datadir, const char *cachedir)
{
	if (daycache_map(ds, datadir, cachedir) == -1)
		return -1;
	return daycache_collect(ds);
}

void
daycache_free(struct dayset *ds)
{
	if (ds->map != NULL)
		munmap(ds->map, ds->maplen);
	free(ds->own);
	if (ds->priv.dfd > 0)
		close(ds->priv.dfd - 1);
	buf_free(&ds->priv.path);
	memset(ds, 0, sizeof(*ds));
}
