/* Whole files: atomic replace, capped read, mkdir -p, fsync (fileio.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdio.h"
#include "fileio.h"

#define TMP_TRIES	100	/* names tried before giving up (EEXIST) */
#define TMP_SUFFIX	".hips-tmp"

/* The directory part of path, in dir: "." for a bare name. */
static void
dir_of(const char *path, struct buf *dir)
{
	const char	*slash = strrchr(path, '/');

	buf_reset(dir);
	if (slash == NULL)
		buf_puts(dir, ".");
	else if (slash == path)
		buf_puts(dir, "/");
	else
		buf_add(dir, path, (size_t)(slash - path));
}

/*
 * Make a new temporary file beside path, exclusively, in tmp:
 * ".NAME.XXXXXX.hips-tmp".  Returns the descriptor, or -1 with errno.
 */
static int
tmp_open(const char *path, unsigned mode, struct buf *tmp)
{
	static const char	 digits[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static atomic_uint	 counter;
	const char		*slash = strrchr(path, '/');
	const char		*name = slash != NULL ? slash + 1 : path;
	uint64_t		 v;
	int			 fd, i, k;

	for (i = 0; i < TMP_TRIES; i++) {
		/* Unique within the process; O_EXCL settles the rest. */
		v = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull ^
		    (uint64_t)atomic_fetch_add(&counter, 1) * 0xbf58476d1ce4e5b9ull;
		buf_reset(tmp);
		buf_add(tmp, path, (size_t)(name - path));
		buf_printf(tmp, ".%s.", name);
		for (k = 0; k < 6; k++, v /= sizeof(digits) - 1)
			buf_putc(tmp, digits[v % (sizeof(digits) - 1)]);
		buf_puts(tmp, TMP_SUFFIX);
		fd = open(tmp->s, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, (mode_t)mode);
		if (fd != -1 || errno != EEXIST)
			return fd;
	}
	return -1;
}

int
fio_replace(const char *path, const void *data, size_t len, unsigned mode,
    unsigned flags, struct error *e)
{
	struct buf	 tmp = BUF_INIT, dir = BUF_INIT;
	int		 fd, saved;

	if ((fd = tmp_open(path, mode, &tmp)) == -1 && errno == ENOENT &&
	    (flags & FIO_MKDIRS)) {
		dir_of(path, &dir);
		if (mkdir_p(buf_str(&dir), 0700) == 0)
			fd = tmp_open(path, mode, &tmp);
	}
	if (fd == -1) {
		error_put(e, 1, "cannot write %s: %s", path, strerror(errno));
		goto fail;
	}
	if (write_all(fd, data, len) == -1 ||
	    ((flags & FIO_SYNC) && fsync(fd) == -1)) {
		saved = errno;
		close(fd);
		unlink(tmp.s);
		errno = saved;
		error_put(e, 1, "cannot write %s: %s", tmp.s, strerror(errno));
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp.s, path) == -1) {
		saved = errno;
		unlink(tmp.s);
		errno = saved;
		error_put(e, 1, "cannot write %s: %s", path, strerror(errno));
		goto fail;
	}
	if ((flags & FIO_SYNC) && fio_fsync_dir(path) == -1) {
		/* Renamed: the new contents are there, if not yet durable. */
		error_put(e, 1, "cannot write %s: %s", path, strerror(errno));
		goto fail;
	}
	buf_free(&dir);
	buf_free(&tmp);
	return 0;
fail:
	saved = errno;
	buf_free(&dir);
	buf_free(&tmp);
	errno = saved;
	return -1;
}

int
fio_read_fd(int fd, size_t cap, size_t hint, struct buf *b)
{
	ssize_t	 n;
	size_t	 want, room, start = b->len;

	buf_grow(b, (hint < cap ? hint : cap) + 1);
	for (;;) {
		if (b->cap - b->len - 1 == 0)
			buf_grow(b, b->len < 65536 ? 65536 : b->len);
		want = b->cap - b->len - 1;
		/* One byte past the cap, to see that there is more. */
		room = cap - (b->len - start);
		if (room < want)
			want = room + 1;
		n = read(fd, b->s + b->len, want);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->s[b->len] = '\0';
		if (b->len - start > cap) {
			errno = EFBIG;
			return -1;
		}
	}
	b->s[b->len] = '\0';
	return 0;
}

int
fio_read(int dfd, const char *path, int oflags, size_t cap, struct buf *b,
    struct stat *st, struct error *e)
{
	struct stat	 sb;
	int		 fd, saved;

	buf_reset(b);
	buf_add(b, "", 0);
	if (st == NULL)
		st = &sb;
	fd = openat(dfd, path, O_RDONLY | oflags | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT)
			return 1;
		return error_put(e, 1, "%s: %s", path, strerror(errno));
	}
	if (fstat(fd, st) == -1)
		goto fail;
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		errno = EINVAL;
		return error_put(e, 1, "%s: not a regular file", path);
	}
	if ((uintmax_t)st->st_size > cap) {
		errno = EFBIG;
		goto fail;
	}
	if (fio_read_fd(fd, cap, (size_t)st->st_size, b) == -1)
		goto fail;
	close(fd);
	return 0;
fail:
	saved = errno;
	close(fd);
	buf_truncate(b, 0);
	errno = saved;
	if (saved == EFBIG)
		return error_put(e, 1, "%s: larger than %zu bytes: not read", path, cap);
	return error_put(e, 1, "%s: %s", path, strerror(saved));
}

int
read_file(const char *path, struct buf *b)
{
	char	 chunk[65536];
	ssize_t	 n;
	int	 fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(b, chunk, (size_t)n);
	}
	saved = errno;
	close(fd);
	errno = saved;
	if (b->s == NULL)
		buf_add(b, "", 0);
	return n == 0 ? 0 : -1;
}

int
mkdir_p(const char *path, unsigned mode)
{
	char	*p, *s, c;
	size_t	 n = strlen(path) + 1;
	int	 rc = 0, saved;

	if ((s = malloc(n)) == NULL)
		return -1;
	memcpy(s, path, n);
	for (p = s + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (*p == '/' && p[1] == '/')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(s, (mode_t)mode) == -1 && errno != EEXIST)
			rc = -1;
		*p = c;
		if (c == '\0')
			break;
	}
	saved = errno;
	free(s);
	errno = saved;
	return rc;
}

int
fio_fsync(const char *path)
{
	int	 fd, rc, saved;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC))
	    == -1)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
fio_fsync_dir(const char *path)
{
	struct buf	 dir = BUF_INIT;
	int		 rc;

	dir_of(path, &dir);
	rc = fio_fsync(buf_str(&dir));
	buf_free(&dir);
	return rc;
}
