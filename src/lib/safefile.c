/* Opening and reading files safely: see safefile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hips.h"
#include "safefile.h"

/* What a file is, when it is not a regular file: "a FIFO". */
static const char *
kind(mode_t mode)
{
	if (S_ISREG(mode))
		return "a regular file";
	if (S_ISLNK(mode))
		return "a symbolic link";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	return "a special file";
}

static int
too_big(const char *shown, size_t cap)
{
	errno = EFBIG;
	if (cap >= (1u << 20))
		return error_set(EXIT_FAIL, "%s: larger than %zu MiB: not read",
		    shown, cap >> 20);
	return error_set(EXIT_FAIL, "%s: larger than %zu bytes: not read",
	    shown, cap);
}

/* Why open() failed, in words: a link or special file, if it is one. */
static int
open_failed(int dfd, const char *path, const char *shown)
{
	struct stat	 sb;
	int		 saved = errno;

	if ((saved == ELOOP || saved == ENXIO || saved == EISDIR ||
	    saved == ENOTDIR || saved == EOPNOTSUPP) &&
	    fstatat(dfd, path, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISREG(sb.st_mode)) {
		errno = saved;
		return error_set(EXIT_FAIL, "%s: is %s, not a regular file",
		    shown, kind(sb.st_mode));
	}
	errno = saved;
	return error_set(EXIT_FAIL, "%s: %s", shown, strerror(saved));
}

int
sf_open(int dfd, const char *path, const char *shown, int oflags,
    unsigned flags, size_t cap, struct stat *st)
{
	int	 fd;

	if (flags & SF_NOFOLLOW)
		oflags |= O_NOFOLLOW;
	fd = openat(dfd, path, oflags | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return errno == ENOENT ? -1 : open_failed(dfd, path, shown);
	if (fstat(fd, st) == -1) {
		error_set(EXIT_FAIL, "%s: %s", shown, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		error_set(EXIT_FAIL, "%s: is %s, not a regular file", shown,
		    kind(st->st_mode));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if ((uintmax_t)st->st_size > cap) {
		close(fd);
		return too_big(shown, cap);
	}
	return fd;
}

/* At most cap bytes from fd, even when the file grows meanwhile. */
static int
read_capped(int fd, const char *shown, size_t cap, size_t hint,
    struct buf *b)
{
	ssize_t	 n;
	size_t	 want;

	buf_grow(b, hint + 1);
	for (;;) {
		if (b->cap - b->len - 1 == 0)
			buf_grow(b, b->len < 65536 ? 65536 : b->len);
		want = b->cap - b->len - 1;
		if (want > cap + 1 - b->len)
			want = cap + 1 - b->len;
		n = read(fd, b->s + b->len, want);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return error_set(EXIT_FAIL, "%s: %s", shown,
			    strerror(errno));
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->s[b->len] = '\0';
		if (b->len > cap)
			return too_big(shown, cap);
	}
	b->s[b->len] = '\0';
	return 0;
}

int
sf_read(int dfd, const char *path, const char *shown, unsigned flags,
    size_t cap, struct buf *b)
{
	struct stat	 st;
	int		 fd, rc;

	buf_reset(b);
	buf_add(b, "", 0);
	if ((fd = sf_open(dfd, path, shown, O_RDONLY, flags, cap, &st)) == -1)
		return errno == ENOENT ? 1 : -1;
	rc = read_capped(fd, shown, cap, (size_t)st.st_size, b);
	close(fd);
	return rc;
}

int
sf_logdir(const char *datadir, int *fd)
{
	struct buf	 path = BUF_INIT;
	struct stat	 sb;
	int		 rc = 0;

	buf_printf(&path, "%s/log", datadir);
	*fd = open(buf_str(&path), O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (*fd != -1)
		goto out;
	if (errno == ENOENT)
		rc = 1;
	else if (errno != ELOOP && errno != ENOTDIR)
		rc = error_set(EXIT_FAIL, "%s: %s", buf_str(&path),
		    strerror(errno));
	else if (lstat(buf_str(&path), &sb) == 0)
		rc = error_set(EXIT_FAIL, "%s: is %s, not a directory",
		    buf_str(&path), kind(sb.st_mode));
	else if (stat(datadir, &sb) == 0 && !S_ISDIR(sb.st_mode))
		rc = error_set(EXIT_FAIL, "%s: the data directory is not a "
		    "directory", datadir);
	else
		rc = error_set(EXIT_FAIL, "%s: %s", buf_str(&path),
		    strerror(errno));
out:
	buf_free(&path);
	return rc;
}

int
sf_data_open(const char *datadir, const char *relpath, int oflags,
    struct stat *st)
{
	struct buf	 shown = BUF_INIT, dir = BUF_INIT;
	int		 dfd, fd = -1, rc, err = EINVAL;

	buf_printf(&shown, "%s/%s", datadir, relpath);
	if (strncmp(relpath, "log/", 4) != 0 ||
	    strchr(relpath + 4, '/') != NULL) {
		error_set(EXIT_FAIL, "%s: not a file of the log directory",
		    buf_str(&shown));
		goto out;
	}
	rc = sf_logdir(datadir, &dfd);
	if (rc == 1 && (oflags & O_CREAT)) {
		buf_printf(&dir, "%s/log", datadir);
		if (mkdir_p(buf_str(&dir), 0700) == -1) {
			error_set(EXIT_FAIL, "cannot create %s: %s",
			    buf_str(&dir), strerror(errno));
			goto out;
		}
		rc = sf_logdir(datadir, &dfd);
	}
	if (rc == 1)
		err = ENOENT;
	if (rc != 0)
		goto out;
	fd = sf_open(dfd, relpath + 4, buf_str(&shown), oflags, SF_NOFOLLOW,
	    LOG_SIZE_MAX, st);
	err = errno;
	close(dfd);
out:
	buf_free(&dir);
	buf_free(&shown);
	errno = err;
	return fd;
}

int
sf_data_read(const char *datadir, const char *relpath, struct buf *b)
{
	struct buf	 shown = BUF_INIT;
	struct stat	 st;
	int		 fd, rc;

	buf_reset(b);
	buf_add(b, "", 0);
	if ((fd = sf_data_open(datadir, relpath, O_RDONLY, &st)) == -1)
		return errno == ENOENT ? 1 : -1;
	buf_printf(&shown, "%s/%s", datadir, relpath);
	rc = read_capped(fd, buf_str(&shown), LOG_SIZE_MAX, (size_t)st.st_size,
	    b);
	close(fd);
	buf_free(&shown);
	return rc;
}
