/*
 * An LD_PRELOAD shim for the fault tests: fail the Nth call of a system
 * call wrapper as a full or broken disk would.
 *
 *   HIPS_FAULT="write:3"		the 3rd write() fails
 *   HIPS_FAULT="fsync:2,rename:1"	several at once
 *   HIPS_FAULT="write:5+"		the 5th write() and every one after
 *   HIPS_FAULT="write:5-6"		the 5th and the 6th
 *   HIPS_FAULT_ERRNO=5			errno to fail with (default ENOSPC)
 *   HIPS_FAULT_COUNT=FILE		append "name calls" lines at exit
 *   HIPS_FAULT_RAISE="fsync:2"	signal the process at the 2nd fsync() (which
 *					then runs as usual, unless HIPS_FAULT
 *					fails it): a Control-C mid-write
 *   HIPS_FAULT_SIGNO=15		the signal to raise (default SIGINT)
 *
 * Counted: open, openat, write, pwrite, fsync, fdatasync, rename, link,
 * ftruncate, fstatat (the prompt's per-file stats; fstat and stat are
 * not counted).  Calls glibc makes inside itself (stdio) are not seen.
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
static int		 fail_errno = ENOSPC;
static unsigned long	 raise_at[NF];	/* 0: never */
static int		 raise_signo = SIGINT;
static int		 ready;

/*
 * "name:N,name:N" into at[] (and "-M" into to_[], "+" into on[], when
 * given).
 */
static void
parse_spec(const char *v, unsigned long *at, unsigned long *to_, int *on)
{
	const char	*p;
	char		 name[32];
	unsigned long	 n, to;
	int		 i, len, plus;

	for (p = v; *p != '\0';) {
		len = 0;
		plus = 0;
		if (sscanf(p, "%31[a-z]:%lu%n", name, &n, &len) != 2)
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
		parse_spec(v, fail_at, fail_to, fail_on);
	if ((v = getenv("HIPS_FAULT_RAISE")) != NULL)
		parse_spec(v, raise_at, NULL, NULL);
}

/* Count a call; nonzero when it must fail. */
static int
fault(int f)
{
	unsigned long	 n;

	setup();
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
	if (fault(F_OPEN))
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
	if (fault(F_OPEN))
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
	if (fault(F_OPENAT))
		return -1;
	return real(dir, path, flags, mode);
}

ssize_t
write(int fd, const void *p, size_t n)
{
	REAL(ssize_t, "write", (int, const void *, size_t));

	if (fault(F_WRITE))
		return -1;
	return real(fd, p, n);
}

ssize_t
pwrite(int fd, const void *p, size_t n, off_t off)
{
	REAL(ssize_t, "pwrite", (int, const void *, size_t, off_t));

	if (fault(F_PWRITE))
		return -1;
	return real(fd, p, n, off);
}

int
fsync(int fd)
{
	REAL(int, "fsync", (int));

	if (fault(F_FSYNC))
		return -1;
	return real(fd);
}

int
fdatasync(int fd)
{
	REAL(int, "fdatasync", (int));

	if (fault(F_FDATASYNC))
		return -1;
	return real(fd);
}

int
rename(const char *from, const char *to)
{
	REAL(int, "rename", (const char *, const char *));

	if (fault(F_RENAME))
		return -1;
	return real(from, to);
}

int
link(const char *from, const char *to)
{
	REAL(int, "link", (const char *, const char *));

	if (fault(F_LINK))
		return -1;
	return real(from, to);
}

int
ftruncate(int fd, off_t len)
{
	REAL(int, "ftruncate", (int, off_t));

	if (fault(F_FTRUNCATE))
		return -1;
	return real(fd, len);
}

int
fstatat(int dir, const char *path, struct stat *st, int flags)
{
	REAL(int, "fstatat", (int, const char *, struct stat *, int));

	if (fault(F_FSTATAT))
		return -1;
	return real(dir, path, st, flags);
}

int
fstatat64(int dir, const char *path, struct stat64 *st, int flags)
{
	REAL(int, "fstatat64", (int, const char *, struct stat64 *, int));

	if (fault(F_FSTATAT))
		return -1;
	return real(dir, path, st, flags);
}
