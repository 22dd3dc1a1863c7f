/*
 * The output cache of next, report and log's listing: their answer,
 * keyed on the command line and every input file, so an unchanged log
 * is answered without being parsed again.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hips.h"
#include "hash.h"
#include "logset.h"
#include "outcache.h"
#include "racy.h"
#include "safefile.h"
#include "text.h"

#define MAGIC		"hips-outcache 1"


/* Changed too recently to be trusted (racy.h). */
static bool
recent(const struct timespec *t, const struct timespec *now)
{
	return racy_time((int64_t)t->tv_sec, (int64_t)t->tv_nsec,
	    (int64_t)now->tv_sec, (int64_t)now->tv_nsec);
}

/* Mix the identity of a file into h; *fresh set if too fresh to trust. */
static uint64_t
mix_stat(uint64_t h, const struct stat *sb, const struct timespec *now,
    bool *fresh)
{
	int64_t	 v[8];

	v[0] = (int64_t)sb->st_dev;
	v[1] = (int64_t)sb->st_ino;
	v[2] = (int64_t)sb->st_size;
	v[3] = (int64_t)sb->st_mtim.tv_sec;
	v[4] = (int64_t)sb->st_mtim.tv_nsec;
	v[5] = (int64_t)sb->st_ctim.tv_sec;
	v[6] = (int64_t)sb->st_ctim.tv_nsec;
	v[7] = (int64_t)sb->st_mode;
	if (recent(&sb->st_mtim, now) || recent(&sb->st_ctim, now))
		*fresh = true;
	return hash_add(h, v, sizeof(v));
}

/* The key of everything the answer depends on; -1 if it cannot be had. */
static int
compute(struct outcache *oc, const char *name, const char *datadir,
    const char *inifile, int64_t today, int argc, char **argv,
    struct stat *logdir)
{
	struct buf	 path = BUF_INIT;
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	uint64_t	 h = HASH_INIT, sum = 0, x = 0, f;
	struct timespec	 now;
	bool		 fresh = false;
	int		 i, dfd, files = 0, rc = -1;

	clock_gettime(CLOCK_REALTIME, &now);
	h = hash_add(h, MAGIC, sizeof(MAGIC));
	h = hash_add(h, HIPS_VERSION, sizeof(HIPS_VERSION));
	h = hash_add(h, name, strlen(name) + 1);
	h = hash_add(h, datadir, strlen(datadir) + 1);	/* paths in answers */
	for (i = 0; i < argc; i++)
		h = hash_add(h, argv[i], strlen(argv[i]) + 1);
	h = hash_add(h, &today, sizeof(today));
	if (inifile != NULL) {
		if (stat(inifile, &sb) == 0)
			h = mix_stat(h, &sb, &now, &fresh);
		else if (errno == ENOENT)
			h = hash_add(h, "-", 1);
		else
			goto out;
	}
	buf_printf(&path, "%s/log", datadir);
	/* Through a link, the log is not read: no answer to keep either. */
	if ((dfd = open(buf_str(&path), O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		goto out;
	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		goto out;
	}
	if (fstat(dfd, logdir) == -1) {
		closedir(d);
		goto out;
	}
	while ((de = readdir(d)) != NULL) {
		if (!logset_is_logname(de->d_name))
			continue;
		if (fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == -1) {
			closedir(d);
			goto out;
		}
		/* Independent of the order readdir() happens to use. */
		f = hash_add(HASH_INIT, de->d_name, strlen(de->d_name) + 1);
		f = mix_stat(f, &sb, &now, &fresh);
		sum += f;
		x ^= f;
		files++;
	}
	closedir(d);
	h = hash_add(h, &sum, sizeof(sum));
	h = hash_add(h, &x, sizeof(x));
	h = hash_add(h, &files, sizeof(files));
	oc->key = h;
	oc->storable = !fresh;
	rc = 0;
out:
	buf_free(&path);
	return rc;
}

/*
 * Text hips could have printed: UTF-8 without any control character but
 * LF.  Anything else in a cache file (an edit, or another program's
 * doing) is a miss, so that no escape sequence reaches the terminal.
 */
static bool
printable(const char *s, size_t len)
{
	const char	*nl;
	size_t		 n;

	while (len > 0) {
		nl = memchr(s, '\n', len);
		n = nl != NULL ? (size_t)(nl - s) : len;
		if (!utf8_valid(s, n) || has_control(s, n))
			return false;
		if (nl == NULL)
			break;
		s += n + 1;
		len -= n + 1;
	}
	return true;
}

int
outcache_lookup(struct outcache *oc, const char *name, const char *datadir,
    const char *inifile, int64_t today, int argc, char **argv,
    struct buf *out)
{
	struct buf	 dir = BUF_INIT, text = BUF_INIT;
	struct stat	 logdir;
	uint64_t	 akey, key;
	unsigned long long len;
	int		 n, i;

	buf_init(&oc->path);
	oc->storable = false;
	if (compute(oc, name, datadir, inifile, today, argc, argv,
	    &logdir) == -1 || path_cachedir(&dir) == -1) {
		buf_free(&dir);
		return 0;
	}
	/* One file per command, log directory and arguments. */
	akey = hash_add(HASH_INIT, name, strlen(name) + 1);
	for (i = 0; i < argc; i++)
		akey = hash_add(akey, argv[i], strlen(argv[i]) + 1);
	buf_printf(&oc->path, "%s/%s-%jx-%jx-%016" PRIx64, buf_str(&dir),
	    name, (uintmax_t)logdir.st_dev, (uintmax_t)logdir.st_ino, akey);
	buf_free(&dir);
	/* A cache is a regular file, never a FIFO (safefile.h). */
	if (sf_read(AT_FDCWD, buf_str(&oc->path), buf_str(&oc->path),
	    SF_NOFOLLOW, CACHE_SIZE_MAX, &text) != 0) {
		error_clear();
		buf_free(&text);
		return 0;
	}
	n = 0;
	if (sscanf(buf_str(&text), MAGIC " %" SCNx64 " %llu\n%n", &key, &len,
	    &n) != 2 || n == 0 || key != oc->key ||
	    (size_t)n + len != text.len || !printable(text.s + n, len)) {
		buf_free(&text);
		return 0;
	}
	buf_add(out, text.s + n, (size_t)len);
	buf_free(&text);
	return 1;
}

void
outcache_store(struct outcache *oc, const struct buf *out)
{
	struct buf	 text = BUF_INIT;

	if (oc->path.len == 0 || !oc->storable)
		return;
	buf_printf(&text, MAGIC " %016" PRIx64 " %zu\n", oc->key, out->len);
	buf_add(&text, buf_str(out), out->len);
	/* Not fsynced: a torn copy fails the length check, and is redone. */
	(void)fio_replace(buf_str(&oc->path), text.s, text.len, 0600,
	    FIO_MKDIRS, NULL);
	buf_free(&text);
}

void
outcache_free(struct outcache *oc)
{
	buf_free(&oc->path);
}
