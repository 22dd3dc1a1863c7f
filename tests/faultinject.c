/*
 * An LD_PRELOAD shim for the fault tests: fail the Nth call of a system
 * call wrapper as a full or broken disk would.
 *
 *   HIPS_FAULT="write:3"		the 3rd write() fails
 *   HIPS_FAULT="fsync:2,rename:1"	several at once
 *   HIPS_FAULT="write:5+"		the 5th write() and every one after
 *   HIPS_FAULT="write:5-6"		the 5th and the 6th
 *   HIPS_FAULT="fsync@refs/heads:1"	the 1st fsync() of a file whose path
 *					holds "refs/heads" ("refs/heads$": ends
 *					with it): an operation named, not a
 *					place in an order that threads running
 *					side by side can change
 *   HIPS_FAULT_ERRNO=5			errno to fail with (default ENOSPC)
 *   HIPS_FAULT_COUNT=FILE		append "name calls" lines at exit
 *   HIPS_FAULT_TRACE=FILE		append "name path" for each call
 *   HIPS_FAULT_RAISE="fsync:2"	signal the process at the 2nd fsync() (which
 *					then runs as usual, unless HIPS_FAULT
 *					fails it): a Control-C mid-write
 *   HIPS_FAULT_SIGNO=15		the signal to raise (default SIGINT)
 *
 * Counted: open, openat, write, pwrite, fsync, fdatasync, rename, link,
 * ftruncate, fstatat (the prompt's per-file stats; fstat and stat are
 * not counted).  Calls glibc makes inside itself (stdio) are not seen,
 * nor calls on descriptors 0, 1 and 2: a full disk does not stop a
 * message reaching the terminal.  The path of a call on a descriptor is
 * the one /proc/self/fd gives; that of rename() and link() is their
 * target.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum { F_OPEN, F_OPENAT, F_WRITE, F_PWRITE, F_FSYNC, F_FDATASYNC, F_RENAME,
    F_LINK, F_FTRUNCATE, F_FSTATAT, NF };

static const char *const names[NF] = { "open", "openat", "write", "pwrite",
    "fsync", "fdatasync", "rename", "link", "ftruncate", "fstatat" };

static unsigned long	 calls[NF];
static unsigned long	 fail_at[NF];	/* 0: never */
static unsigned long	 fail_to[NF];	/* and every call up to it */
static int		 fail_on[NF];	/* and every call after it */
static char		 fail_path[NF][256];	/* "": any path */
static unsigned long	 path_calls[NF];	/* the calls on that path */
static int		 fail_errno = ENOSPC;
static unsigned long	 raise_at[NF];	/* 0: never */
static int		 raise_signo = SIGINT;
static int		 ready;
static int		 trace_fd = -1;

/* The calls themselves, for the shim's own files. */
static int
real_open(const char *path, int flags, mode_t mode)
{
	static int	(*real)(const char *, int, ...);

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "open");
	return real(path, flags, mode);
}

static ssize_t
real_write(int fd, const void *p, size_t n)
{
	static ssize_t	(*real)(int, const void *, size_t);

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "write");
	return real(fd, p, n);
}

/*
 * "name:N,name:N" into at[] (and "-M" into to_[], "+" into on[],
 * "@PATH" into path[], when given).
 */
static void
parse_spec(const char *v, unsigned long *at, unsigned long *to_, int *on,
    char (*path)[256])
{
	const char	*p;
	char		 name[32], sub[256];
	unsigned long	 n, to;
	int		 i, len, plus;

	for (p = v; *p != '\0';) {
		len = 0;
		plus = 0;
		sub[0] = '\0';
		if (sscanf(p, "%31[a-z]%n", name, &len) != 1)
			break;
		p += len;
		if (*p == '@' && sscanf(p + 1, "%255[^:]%n", sub, &len) == 1)
			p += 1 + len;
		if (sscanf(p, ":%lu%n", &n, &len) != 1)
			break;
		p += len;
		to = n;
		if (*p == '+') {
			plus = 1;
			p++;
		} else if (*p == '-' && sscanf(p + 1, "%lu%n", &to, &len) == 1)
			p += 1 + len;
		for (i = 0; i < NF; i++)
			if (strcmp(names[i], name) == 0) {
				at[i] = n;
				if (path != NULL)
					snprintf(path[i], sizeof(path[i]), "%s",
					    sub);
				if (to_ != NULL)
					to_[i] = to;
				if (on != NULL)
					on[i] = plus;
			}
		if (*p == ',')
			p++;
	}
}

static void
setup(void)
{
	const char	*v;

	if (ready)
		return;
	ready = 1;
	if ((v = getenv("HIPS_FAULT_ERRNO")) != NULL && atoi(v) > 0)
		fail_errno = atoi(v);
	if ((v = getenv("HIPS_FAULT_SIGNO")) != NULL && atoi(v) > 0)
		raise_signo = atoi(v);
	if ((v = getenv("HIPS_FAULT")) != NULL)
		parse_spec(v, fail_at, fail_to, fail_on, fail_path);
	if ((v = getenv("HIPS_FAULT_RAISE")) != NULL)
		parse_spec(v, raise_at, NULL, NULL, NULL);
	if ((v = getenv("HIPS_FAULT_TRACE")) != NULL)
		trace_fd = real_open(v, O_WRONLY | O_APPEND | O_CREAT |
		    O_CLOEXEC, 0644);
}

/* Does path hold sub ("...$": end with it)? */
static int
path_matches(const char *path, const char *sub)
{
	size_t	 n = strlen(sub), pn = strlen(path);

	if (n > 0 && sub[n - 1] == '$')
		return pn >= n - 1 && memcmp(path + pn - (n - 1), sub, n - 1) ==
		    0;
	return strstr(path, sub) != NULL;
}

/* The path of fd, or "" (a pipe, a socket). */
static void
fd_path(int fd, char *out, size_t size)
{
	char	 link[64];
	ssize_t	 n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, out, size - 1);
	out[n > 0 ? n : 0] = '\0';
}

/* Count a call on path (NULL: on fd); nonzero when it must fail. */
static int
fault(int f, const char *path, int fd)
{
	unsigned long	 n;
	char		 buf[4096], line[4200];
	int		 len;

	setup();
	if (path == NULL) {
		if (fd >= 0 && fd <= 2)
			return 0;
		fd_path(fd, buf, sizeof(buf));
		path = buf;
	}
	if (trace_fd != -1) {
		len = snprintf(line, sizeof(line), "%s %s\n", names[f], path);
		if (len > 0 && (size_t)len < sizeof(line))
			real_write(trace_fd, line, (size_t)len);
	}
	/* Aimed at a path: only the calls on it count. */
	if (fail_path[f][0] != '\0') {
		__atomic_add_fetch(&calls[f], 1, __ATOMIC_SEQ_CST);
		if (!path_matches(path, fail_path[f]))
			return 0;
		n = __atomic_add_fetch(&path_calls[f], 1, __ATOMIC_SEQ_CST);
		if ((n >= fail_at[f] && n <= fail_to[f]) ||
		    (fail_on[f] && n > fail_at[f])) {
			errno = fail_errno;
			return 1;
		}
		return 0;
	}
	/* hips fsyncs from several threads at once. */
	n = __atomic_add_fetch(&calls[f], 1, __ATOMIC_SEQ_CST);
	/* To the process, as a Control-C is, not to this thread. */
	if (raise_at[f] != 0 && n == raise_at[f])
		kill(getpid(), raise_signo);
	if (fail_at[f] == 0)
		return 0;
	if ((n >= fail_at[f] && n <= fail_to[f]) ||
	    (fail_on[f] && n > fail_at[f])) {
		errno = fail_errno;
		return 1;
	}
	return 0;
}

__attribute__((destructor)) static void
report(void)
{
	const char	*path = getenv("HIPS_FAULT_COUNT");
	FILE		*fp;
	int		 i;

	if (path == NULL || (fp = fopen(path, "a")) == NULL)
		return;
	for (i = 0; i < NF; i++)
		fprintf(fp, "%s %lu\n", names[i], calls[i]);
	fclose(fp);
}

#define REAL(type, name, args)						\
	static type (*real) args;					\
	if (real == NULL)						\
		*(void **)&real = dlsym(RTLD_NEXT, name)

int
open(const char *path, int flags, ...)
{
	REAL(int, "open", (const char *, int, ...));
	mode_t	 mode = 0;
	va_list	 ap;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (fault(F_OPEN, path, -1))
		return -1;
	return real(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	REAL(int, "open64", (const char *, int, ...));
	mode_t	 mode = 0;
	va_list	 ap;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (fault(F_OPEN, path, -1))
		return -1;
	return real(path, flags, mode);
}

int
openat(int dir, const char *path, int flags, ...)
{
	REAL(int, "openat", (int, const char *, int, ...));
	mode_t	 mode = 0;
	va_list	 ap;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (fault(F_OPENAT, path, -1))
		return -1;
	return real(dir, path, flags, mode);
}

ssize_t
write(int fd, const void *p, size_t n)
{
	REAL(ssize_t, "write", (int, const void *, size_t));

	if (fault(F_WRITE, NULL, fd))
		return -1;
	return real(fd, p, n);
}

ssize_t
pwrite(int fd, const void *p, size_t n, off_t off)
{
	REAL(ssize_t, "pwrite", (int, const void *, size_t, off_t));

	if (fault(F_PWRITE, NULL, fd))
		return -1;
	return real(fd, p, n, off);
}

int
fsync(int fd)
{
	REAL(int, "fsync", (int));

	if (fault(F_FSYNC, NULL, fd))
		return -1;
	return real(fd);
}

int
fdatasync(int fd)
{
	REAL(int, "fdatasync", (int));

	if (fault(F_FDATASYNC, NULL, fd))
		return -1;
	return real(fd);
}

int
rename(const char *from, const char *to)
{
	REAL(int, "rename", (const char *, const char *));

	if (fault(F_RENAME, to, -1))
		return -1;
	return real(from, to);
}

int
link(const char *from, const char *to)
{
	REAL(int, "link", (const char *, const char *));

	if (fault(F_LINK, to, -1))
		return -1;
	return real(from, to);
}

int
ftruncate(int fd, off_t len)
{
	REAL(int, "ftruncate", (int, off_t));

	if (fault(F_FTRUNCATE, NULL, fd))
		return -1;
	return real(fd, len);
}

int
fstatat(int dir, const char *path, struct stat *st, int flags)
{
	REAL(int, "fstatat", (int, const char *, struct stat *, int));

	if (fault(F_FSTATAT, path, -1))
		return -1;
	return real(dir, path, st, flags);
}

int
fstatat64(int dir, const char *path, struct stat64 *st, int flags)
{
	REAL(int, "fstatat64", (int, const char *, struct stat64 *, int));

	if (fault(F_FSTATAT, path, -1))
		return -1;
	return real(dir, path, st, flags);
}
