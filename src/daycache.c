#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hips.h"
#include "daycache.h"
#include "logset.h"

#define CACHE_MAGIC	"hipsday1"
#define CACHE_NAMELEN	64		/* longer file names are not cached */
#define CACHE_MAXSIZE	(64u << 20)
#define RACY_SECS	2

struct cache_head {
	char		magic[8];
	uint64_t	dev;		/* of the log directory */
	uint64_t	ino;
	uint32_t	nfiles;
	uint32_t	ndays;
	uint64_t	sum;		/* of everything after the header */
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
	char		*name;
	struct stat	 st;
	struct sday	*days;		/* points into the cache or owned */
	size_t		 ndays;
	bool		 owned;
	bool		 cacheable;
};

static uint64_t
checksum(const unsigned char *p, size_t len)
{
	uint64_t	 h = 0xcbf29ce484222325u, w;

	/* Word at a time: this runs on every prompt. */
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x100000001b3u;
		h ^= h >> 29;
	}
	for (; len > 0; p++, len--)
		h = (h ^ *p) * 0x100000001b3u;
	return h;
}

static int
logname(const char *s)
{
	size_t	 n = strlen(s);

	return s[0] != '.' && n > 4 && strcmp(s + n - 4, ".log") == 0;
}

static int
byname(const void *a, const void *b)
{
	const struct lfile	*x = a, *y = b;

	return strcmp(x->name, y->name);
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

/* Modified too close to when the cache was written to be trusted. */
static bool
racy(const struct cache_file *c, const struct stat *cst)
{
	return c->mtime_s + RACY_SECS > (int64_t)cst->st_mtim.tv_sec ||
	    c->ctime_s + RACY_SECS > (int64_t)cst->st_mtim.tv_sec;
}

/*
 * Read the cache into *mem; returns its header, or NULL when there is no
 * valid cache for this log directory.
 */
static const struct cache_head *
cache_read(const char *path, const struct stat *dirst, char **mem,
    struct stat *cst)
{
	const struct cache_head	*h;
	const struct cache_file	*f;
	size_t			 want, i;
	ssize_t			 n;
	int			 fd;

	*mem = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, cst) == -1 || !S_ISREG(cst->st_mode) ||
	    cst->st_size < (off_t)sizeof(*h) ||
	    cst->st_size > (off_t)CACHE_MAXSIZE) {
		close(fd);
		return NULL;
	}
	*mem = xmalloc((size_t)cst->st_size);
	n = read(fd, *mem, (size_t)cst->st_size);
	close(fd);
	if (n != (ssize_t)cst->st_size)
		goto bad;
	h = (const struct cache_head *)*mem;
	if (memcmp(h->magic, CACHE_MAGIC, 8) != 0 ||
	    h->dev != (uint64_t)dirst->st_dev ||
	    h->ino != (uint64_t)dirst->st_ino ||
	    h->nfiles > CACHE_MAXSIZE / sizeof(*f) ||
	    h->ndays > CACHE_MAXSIZE / sizeof(struct sday))
		goto bad;
	want = sizeof(*h) + h->nfiles * sizeof(*f) +
	    h->ndays * sizeof(struct sday);
	if (want != (size_t)n ||
	    checksum((unsigned char *)*mem + sizeof(*h), want - sizeof(*h)) !=
	    h->sum)
		goto bad;
	f = (const struct cache_file *)(h + 1);
	for (i = 0; i < h->nfiles; i++)
		if (f[i].name[CACHE_NAMELEN - 1] != '\0' ||
		    f[i].first > h->ndays || f[i].ndays > h->ndays - f[i].first)
			goto bad;
	return h;
bad:
	free(*mem);
	*mem = NULL;
	return NULL;
}

static void
cache_write(const char *cachedir, const char *path, const struct stat *dirst,
    const struct lfile *lf, size_t nlf)
{
	struct cache_head	 h;
	struct cache_file	 f;
	struct buf		 b = BUF_INIT, tmp = BUF_INIT;
	size_t			 i, ndays = 0, nfiles = 0, off;
	ssize_t			 n;
	int			 fd;

	memset(&h, 0, sizeof(h));
	buf_add(&b, &h, sizeof(h));
	for (i = 0; i < nlf; i++) {
		if (!lf[i].cacheable)
			continue;
		memset(&f, 0, sizeof(f));
		memcpy(f.name, lf[i].name, strlen(lf[i].name) + 1);
		f.dev = (uint64_t)lf[i].st.st_dev;
		f.ino = (uint64_t)lf[i].st.st_ino;
		f.size = (int64_t)lf[i].st.st_size;
		f.mtime_s = (int64_t)lf[i].st.st_mtim.tv_sec;
		f.mtime_ns = (int64_t)lf[i].st.st_mtim.tv_nsec;
		f.ctime_s = (int64_t)lf[i].st.st_ctim.tv_sec;
		f.ctime_ns = (int64_t)lf[i].st.st_ctim.tv_nsec;
		f.first = (uint32_t)ndays;
		f.ndays = (uint32_t)lf[i].ndays;
		buf_add(&b, &f, sizeof(f));
		ndays += lf[i].ndays;
		nfiles++;
	}
	for (i = 0; i < nlf; i++)
		if (lf[i].cacheable && lf[i].ndays > 0)
			buf_add(&b, lf[i].days, lf[i].ndays * sizeof(struct sday));
	memcpy(h.magic, CACHE_MAGIC, 8);
	h.dev = (uint64_t)dirst->st_dev;
	h.ino = (uint64_t)dirst->st_ino;
	h.nfiles = (uint32_t)nfiles;
	h.ndays = (uint32_t)ndays;
	h.sum = checksum((unsigned char *)b.s + sizeof(h), b.len - sizeof(h));
	memcpy(b.s, &h, sizeof(h));

	if (mkdir_p(cachedir, 0700) == -1)
		goto out;
	buf_printf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkostemp(tmp.s, O_CLOEXEC)) == -1)
		goto out;
	for (off = 0; off < b.len; off += (size_t)n)
		if ((n = write(fd, b.s + off, b.len - off)) <= 0 &&
		    errno != EINTR)
			break;
		else if (n < 0)
			n = 0;
	if (close(fd) == -1 || off != b.len || rename(tmp.s, path) == -1)
		unlink(tmp.s);
out:
	buf_free(&tmp);
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

/* Read and parse one log file; its days become owned by lf. */
static void
parse_file(int dfd, struct lfile *lf)
{
	struct logset	 ls;
	struct buf	 text = BUF_INIT;
	size_t		 cap = 0;
	ssize_t		 n;
	char		 chunk[65536];
	int		 fd;

	lf->owned = true;
	lf->days = NULL;
	lf->ndays = 0;
	if ((fd = openat(dfd, lf->name, O_RDONLY | O_CLOEXEC | O_NONBLOCK))
	    == -1) {
		lf->cacheable = false;
		return;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&text, chunk, (size_t)n);
	}
	close(fd);
	if (n == -1) {
		lf->cacheable = false;
		buf_free(&text);
		return;
	}
	memset(&ls, 0, sizeof(ls));
	n = (ssize_t)text.len;
	buf_add(&text, "", 0);
	logset_add_text(&ls, lf->name, buf_detach(&text), (size_t)n, quiet,
	    NULL);
	sdays_add_entries(&lf->days, &lf->ndays, &cap, ls.v, ls.n);
	lf->ndays = sdays_normalize(lf->days, lf->ndays);
	logset_free(&ls);
}

int
daycache_days(const char *datadir, const char *cachedir, struct sday **v,
    size_t *n, struct daycache_stats *stats)
{
	struct daycache_stats	 dummy;
	const struct cache_head	*h = NULL;
	const struct cache_file	*cf = NULL;
	const struct sday	*cdays = NULL;
	struct lfile		*lf = NULL;
	struct stat		 dirst, cst;
	struct dirent		*d;
	struct buf		 path = BUF_INIT;
	size_t			 nlf = 0, cap = 0, i, j, total;
	char			*mem = NULL;
	bool			 dirty = false;
	DIR			*dp;
	int			 dfd;

	*v = NULL;
	*n = 0;
	if (stats == NULL)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	buf_printf(&path, "%s/log", datadir);
	dfd = open(buf_str(&path), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd == -1) {
		buf_free(&path);
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	}
	if (fstat(dfd, &dirst) == -1 || (dp = fdopendir(dfd)) == NULL) {
		close(dfd);
		buf_free(&path);
		return -1;
	}
	while ((d = readdir(dp)) != NULL) {
		if (!logname(d->d_name))
			continue;
		if (nlf == cap) {
			cap = cap ? cap * 2 : 256;
			lf = xreallocarray(lf, cap, sizeof(*lf));
		}
		memset(&lf[nlf], 0, sizeof(*lf));
		/* Only regular files: a FIFO must never hang a prompt. */
		if (fstatat(dfd, d->d_name, &lf[nlf].st, 0) == -1 ||
		    !S_ISREG(lf[nlf].st.st_mode))
			continue;
		lf[nlf].name = xstrdup(d->d_name);
		lf[nlf].cacheable = strlen(d->d_name) < CACHE_NAMELEN;
		nlf++;
	}
	if (nlf > 1)
		qsort(lf, nlf, sizeof(*lf), byname);
	stats->files = (unsigned)nlf;

	if (cachedir != NULL) {
		buf_reset(&path);
		buf_printf(&path, "%s/days-%llx-%llx", cachedir,
		    (unsigned long long)dirst.st_dev,
		    (unsigned long long)dirst.st_ino);
		h = cache_read(buf_str(&path), &dirst, &mem, &cst);
	}
	if (h != NULL) {
		stats->hit = true;
		cf = (const struct cache_file *)(h + 1);
		cdays = (const struct sday *)(cf + h->nfiles);
	}
	/* Both lists are sorted by name: walk them side by side. */
	for (i = j = 0; i < nlf; i++) {
		while (h != NULL && j < h->nfiles &&
		    strcmp(cf[j].name, lf[i].name) < 0) {
			j++;
			dirty = true;
		}
		if (h != NULL && j < h->nfiles &&
		    strcmp(cf[j].name, lf[i].name) == 0 &&
		    same_file(&cf[j], &lf[i].st) && !racy(&cf[j], &cst)) {
			lf[i].days = (struct sday *)(cdays + cf[j].first);
			lf[i].ndays = cf[j].ndays;
			j++;
			continue;
		}
		parse_file(dfd, &lf[i]);
		stats->parsed++;
		if (lf[i].cacheable)
			dirty = true;
	}
	if (h == NULL || j < h->nfiles)
		dirty = true;

	for (i = total = 0; i < nlf; i++)
		total += lf[i].ndays;
	*v = xreallocarray(NULL, total ? total : 1, sizeof(**v));
	for (i = 0; i < nlf; i++) {
		if (lf[i].ndays > 0)
			memcpy(*v + *n, lf[i].days, lf[i].ndays * sizeof(**v));
		*n += lf[i].ndays;
	}
	*n = sdays_normalize(*v, *n);

	if (dirty && cachedir != NULL) {
		cache_write(cachedir, buf_str(&path), &dirst, lf, nlf);
		stats->written = true;
	}
	for (i = 0; i < nlf; i++) {
		if (lf[i].owned)
			free(lf[i].days);
		free(lf[i].name);
	}
	free(lf);
	free(mem);
	closedir(dp);
	buf_free(&path);
	return 0;
}
