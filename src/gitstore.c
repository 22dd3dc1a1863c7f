/*
 * The git store: every libgit2 call of hips is in this file, which is
 * built as the plugin hips-git.so (see store.h).  Objects start NULL and
 * are freed in reverse order at one label; libgit2's expected codes are
 * mapped to what they mean for a writer.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/commit.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include "configure.h"		/* build/: what scripts/configure.sh found */
#if HIPS_GIT2_SYS_ERRORS
#include <git2/sys/errors.h>	/* git_error_set and co. since libgit2 1.8 */
#endif

#include "credhelper.h"
#include "fdio.h"
#include "linemerge.h"
#include "sshauth.h"
#include "store.h"

#define RETRY		1	/* another writer got there first: try again */
#define RETRY_MS	15000	/* how long to keep trying */
#define READ_MAX	(64 << 20)	/* as LOG_SIZE_MAX (safefile.h) */

struct store {
	git_repository	*repo;
};

static int	 initialised;

static int
say(struct error *e, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
say(struct error *e, int status, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	e->status = status;
	return -1;
}

/* "what: libgit2's message" */
static int
gitfail(struct error *e, const char *what)
{
	const git_error	*ge = git_error_last();

	return say(e, 1, "%s: %s", what,
	    ge != NULL && ge->message != NULL ? ge->message : "unknown error");
}

static int	 ca_defer;		/* inside git_libgit2_init() */
static void	*ca_chain;		/* the chain to fill before TLS */
static void	*rng_entropy;		/* entropy context not yet set up */
static void	*rng_drbg;		/* generator not yet seeded */

#if HIPS_DEFER_TLS
/*
 * The CA bundle, parsed when TLS first needs it.  Debian's libgit2 uses
 * mbedTLS and parses the whole system bundle inside git_libgit2_init():
 * about 54 M instructions, 45% of a `hips log`, for a local commit that
 * never opens a connection.  This plugin defines the two mbedTLS calls
 * involved, and libgit2, loaded as its dependency, binds to them first:
 * during init the parse is only recorded (the chain stays empty), and the
 * first TLS session set up (a sync) parses the bundle into that same
 * chain before the handshake.  Any other parse (an explicit
 * GIT_OPT_SET_SSL_CERT_LOCATIONS) goes straight to mbedTLS and cancels
 * the deferred one, whose chain libgit2 then frees.  Built only for a
 * libgit2 that calls these functions (scripts/configure.sh): with one on
 * another TLS library, TLS is set up as libgit2 does it.
 */
static char	 ca_file[4096];

int	mbedtls_x509_crt_parse_file(void *, const char *);
int	mbedtls_ssl_setup(void *, const void *);

static int
ca_parse(void *chain, const char *file)
{
	static int	(*real)(void *, const char *);

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT,
		    "mbedtls_x509_crt_parse_file");
	if (real == NULL)
		return -1;	/* any negative value is an mbedTLS error */
	return real(chain, file);
}

int
mbedtls_x509_crt_parse_file(void *chain, const char *file)
{
	if (ca_defer && strlen(file) < sizeof(ca_file)) {
		snprintf(ca_file, sizeof(ca_file), "%s", file);
		ca_chain = chain;
		return 0;
	}
	ca_chain = NULL;
	return ca_parse(chain, file);
}

/*
 * The same for the random generator of TLS sessions: git_libgit2_init()
 * also sets up an entropy source and seeds a CTR-DRBG from it, 1.2 M
 * instructions (HAVEGE's set-up, mostly), 7% of a `hips log`.  During
 * init the entropy context is only recorded, left as libgit2 allocated
 * it, and the seeding call is kept; the first TLS session set up does
 * both, before the handshake that draws on them.  A context never set up
 * is not freed either (libgit2 frees it at shutdown).
 */
typedef int	(*entropy_fn)(void *, unsigned char *, size_t);

static entropy_fn rng_source;

void	mbedtls_entropy_init(void *);
void	mbedtls_entropy_free(void *);
int	mbedtls_ctr_drbg_seed(void *, entropy_fn, void *,
	    const unsigned char *, size_t);

static void *
mbed_sym(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

void
mbedtls_entropy_init(void *ctx)
{
	static void	(*real)(void *);

	if (ca_defer && rng_entropy == NULL) {
		rng_entropy = ctx;
		return;
	}
	if (real == NULL)
		*(void **)&real = mbed_sym("mbedtls_entropy_init");
	if (real != NULL)
		real(ctx);
}

void
mbedtls_entropy_free(void *ctx)
{
	static void	(*real)(void *);

	if (ctx != NULL && ctx == rng_entropy) {
		rng_entropy = NULL;	/* never set up: nothing to free */
		rng_drbg = NULL;
		return;
	}
	if (real == NULL)
		*(void **)&real = mbed_sym("mbedtls_entropy_free");
	if (real != NULL)
		real(ctx);
}

static int
rng_seed(void *drbg, entropy_fn f, void *arg, const unsigned char *custom,
    size_t len)
{
	static int	(*real)(void *, entropy_fn, void *,
			    const unsigned char *, size_t);

	if (real == NULL)
		*(void **)&real = mbed_sym("mbedtls_ctr_drbg_seed");
	if (real == NULL)
		return -0x0034;	/* MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED */
	return real(drbg, f, arg, custom, len);
}

int
mbedtls_ctr_drbg_seed(void *drbg, entropy_fn f, void *arg,
    const unsigned char *custom, size_t len)
{
	if (ca_defer && arg != NULL && arg == rng_entropy && custom == NULL &&
	    rng_drbg == NULL) {
		rng_drbg = drbg;
		rng_source = f;
		return 0;
	}
	return rng_seed(drbg, f, arg, custom, len);
}

/* Set up and seed what init left for later; 0 or an mbedTLS error. */
static int
rng_start(void)
{
	void	*ent = rng_entropy, *drbg = rng_drbg;

	if (ent == NULL)
		return 0;
	rng_entropy = NULL;
	rng_drbg = NULL;
	mbedtls_entropy_init(ent);
	return drbg != NULL ? rng_seed(drbg, rng_source, ent, NULL, 0) : 0;
}

int
mbedtls_ssl_setup(void *ssl, const void *conf)
{
	static int	(*real)(void *, const void *);
	void		*chain = ca_chain;
	int		 rc;

	if (chain != NULL) {
		ca_chain = NULL;
		ca_parse(chain, ca_file);
	}
	if ((rc = rng_start()) != 0)
		return rc;
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "mbedtls_ssl_setup");
	if (real == NULL)
		return -1;
	return real(ssl, conf);
}
#endif /* HIPS_DEFER_TLS */

#if HIPS_DEFER_SSH
/*
 * The same for libssh2_init(), which libgit2 calls in its init too, and
 * which starts OpenSSL (1 M instructions): skipped there, since libssh2
 * initialises itself when its first session is made.
 */
int	libssh2_init(int);

int
libssh2_init(int flags)
{
	static int	(*real)(int);

	if (ca_defer)
		return 0;
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "libssh2_init");
	return real != NULL ? real(flags) : -1;
}
#endif /* HIPS_DEFER_SSH */

static void
lib_init(void)
{
	if (initialised)
		return;
	ca_chain = NULL;
	rng_entropy = NULL;
	rng_drbg = NULL;
	ca_defer = 1;
	git_libgit2_init();
	ca_defer = 0;
	/* Objects, refs and the index reach the disk before we say so. */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	/*
	 * libgit2 caches no tree over 4 KiB, and the log/ tree of ten years
	 * (120 months) is 4.7 KiB: a commit would read it from its pack
	 * (inflate, deltas, hash) three times.
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)1 << 20);
	initialised = 1;
}

static int
store_open(const char *dir, bool create, struct store **out,
    struct error *e)
{
	git_repository_init_options	 o = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	struct store			*st = NULL;
	git_repository			*repo = NULL;
	int				 rc;

	*out = NULL;
	lib_init();
	rc = git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL);
	if (rc == GIT_ENOTFOUND && create) {
		o.flags = GIT_REPOSITORY_INIT_MKPATH;
		o.mode = GIT_REPOSITORY_INIT_SHARED_UMASK;
		o.initial_head = "main";
		rc = git_repository_init_ext(&repo, dir, &o);
	}
	if (rc == GIT_ENOTFOUND)
		return say(e, 1, "no data repository in '%s' (run 'hips init')",
		    dir);
	if (rc < 0)
		return gitfail(e, dir);
	if (git_repository_is_bare(repo)) {
		git_repository_free(repo);
		return say(e, 1, "'%s' is a bare repository", dir);
	}
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		git_repository_free(repo);
		return say(e, 1, "out of memory");
	}
	st->repo = repo;
	*out = st;
	return 0;
}

static const char *
store_gitdir(struct store *st)
{
	/* Shared by every work tree: writers of all of them take turns. */
	return git_repository_commondir(st->repo);
}

static void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	git_repository_free(st->repo);
	free(st);
	/* Free libgit2's global state: sanitizers then see only our leaks. */
	if (initialised) {
		git_libgit2_shutdown();
		ca_chain = NULL;	/* freed with libgit2's TLS state */
		rng_entropy = NULL;
		rng_drbg = NULL;
		initialised = 0;
	}
}

/* The branch HEAD points to.  Fails on a detached HEAD. */
static int
head_branch(git_repository *repo, char *name, size_t size,
    struct error *e)
{
	git_reference	*head = NULL;
	int		 rc;

	if ((rc = git_reference_lookup(&head, repo, "HEAD")) < 0)
		return gitfail(e, "cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		return say(e, 1, "HEAD is detached: check out a branch first "
		    "('hips git checkout main')");
	}
	snprintf(name, size, "%s", git_reference_symbolic_target(head));
	git_reference_free(head);
	return 0;
}

/*
 * The whole file, and its stat data as it was before the first read: a
 * change made after that moves its mtime, so the index never calls a
 * later version clean.
 */
static int
read_whole(const char *path, char **data, size_t *len, struct stat *sb)
{
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;

	*data = NULL;
	/* Never through a link, never a FIFO or a device (safefile.h). */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY)) == -1)
		return -1;
	if (fstat(fd, sb) == -1 || (!S_ISREG(sb->st_mode) && (errno = EINVAL))
	    || (sb->st_size > READ_MAX && (errno = EFBIG)) ||
	    (*data = malloc((size_t)sb->st_size + 1)) == NULL) {
		close(fd);
		return -1;
	}
	while (got < (size_t)sb->st_size) {
		n = read(fd, *data + got, (size_t)sb->st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)sb->st_size) {
		free(*data);
		*data = NULL;
		errno = EIO;
		return -1;
	}
	*len = got;
	return 0;
}

/*
 * Files whose entry in the repository's index gets refreshed after the
 * commit, each with the blob it holds and its stat data from before it
 * was read: `git status` is then clean without hashing anything again.
 */
struct fresh {
	struct fresh_file {
		char		*path;
		git_oid		 id;
		struct stat	 sb;
		bool		 changed;	/* to commit */
	}		*v;
	size_t		 n, cap;
};

static int
fresh_add(struct fresh *f, const char *path, const git_oid *id,
    const struct stat *sb, bool changed)
{
	struct fresh_file	*v;
	size_t			 cap;

	if (f->n == f->cap) {
		cap = f->cap ? f->cap * 2 : 8;
		if ((v = realloc(f->v, cap * sizeof(*v))) == NULL)
			return -1;
		f->v = v;
		f->cap = cap;
	}
	if ((f->v[f->n].path = strdup(path)) == NULL)
		return -1;
	f->v[f->n].id = *id;
	f->v[f->n].sb = *sb;
	f->v[f->n].changed = changed;
	f->n++;
	return 0;
}

static void
fresh_free(struct fresh *f)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].path);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* Does blob text hold line as a whole line? */
static bool
has_line(const char *text, size_t len, const char *line)
{
	size_t		 n = strlen(line);
	const char	*p = text, *end = text + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - p) == n && memcmp(p, line, n) == 0)
			return true;
		p = nl + 1;
	}
	return false;
}

/* Stage path (relative to the work tree) from the working file. */
static int
stage(git_repository *repo, const char *path, struct fresh *fresh,
    struct error *e)
{
	git_oid		 id;
	struct stat	 sb;
	char		*data = NULL, full[4096];
	size_t		 len = 0;
	int		 n;

	n = snprintf(full, sizeof(full), "%s%s", git_repository_workdir(repo),
	    path);
	if (n < 0 || (size_t)n >= sizeof(full))
		return say(e, 1, "path too long: %s", path);
	if (read_whole(full, &data, &len, &sb) == -1)
		return say(e, 1, "%s: %s", full, strerror(errno));
	if (git_blob_create_from_buffer(&id, repo, data, len) < 0) {
		free(data);
		return gitfail(e, "cannot store file contents");
	}
	free(data);
	if (fresh_add(fresh, path, &id, &sb, true) == -1)
		return say(e, 1, "out of memory");
	return 0;
}

/*
 * Other log files whose working copy differs from HEAD (a crash before a
 * commit, or an edit by hand): they are committed too, so that nothing
 * written to the data directory is left behind.  The index's stat data
 * spares us hashing files that did not change; a file that had to be
 * hashed and matched gets fresh stat data in the index, so it is hashed
 * once, not on every write.
 */
static int
stage_others(git_repository *repo, git_tree *tree, const char *skip,
    const char *const *with, size_t nwith, char *also, size_t alsosize,
    struct fresh *fresh, struct error *e)
{
	git_index		*ridx = NULL;
	const git_index_entry	*ie;
	const git_tree_entry	*te;
	git_tree_entry		*lte = NULL;
	git_tree		*ltree = NULL;
	struct dirent		*de;
	struct stat		 sb;
	DIR			*d;
	git_oid			 id;
	char			 path[300], full[4096];
	size_t			 n, i;
	int			 rc = 0, fd;

	snprintf(full, sizeof(full), "%slog", git_repository_workdir(repo));
	/* A link in place of log/ is never followed (safefile.h). */
	if ((fd = open(full, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC))
	    == -1)
		return errno == ENOENT ? 0 : say(e, 1, "%s: %s", full,
		    errno == ELOOP ? "is a symbolic link, not a directory" :
		    strerror(errno));
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return say(e, 1, "%s: %s", full, strerror(errno));
	}
	if (git_repository_index(&ridx, repo) < 0)
		ridx = NULL;
	/* The log/ tree, read once: each file is then a lookup by name. */
	if (tree != NULL && git_tree_entry_bypath(&lte, tree, "log") == 0 &&
	    git_tree_entry_type(lte) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&ltree, repo, git_tree_entry_id(lte)) < 0)
		ltree = NULL;
	git_tree_entry_free(lte);
	while (rc == 0 && (de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 5 || n > 200 || strcmp(de->d_name + n - 4, ".log") != 0
		    || de->d_name[0] == '.')
			continue;
		/* No path built for a file its index entry vouches for. */
		memcpy(path, "log/", 4);
		memcpy(path + 4, de->d_name, n + 1);
		if (strcmp(path, skip) == 0)
			continue;
		for (i = 0; i < nwith; i++)
			if (strcmp(path, with[i]) == 0)
				break;
		if (i < nwith)
			continue;
		if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) ==
		    -1 || !S_ISREG(sb.st_mode))
			continue;
		te = ltree ? git_tree_entry_byname(ltree, de->d_name) : NULL;
		if (te != NULL && git_tree_entry_type(te) != GIT_OBJECT_BLOB)
			te = NULL;
		ie = ridx ? git_index_get_bypath(ridx, path, 0) : NULL;
		if (te != NULL && ie != NULL &&
		    ie->file_size == (uint32_t)sb.st_size &&
		    ie->mtime.seconds == (int32_t)sb.st_mtim.tv_sec &&
		    ie->mtime.nanoseconds == (uint32_t)sb.st_mtim.tv_nsec &&
		    git_oid_equal(&ie->id, git_tree_entry_id(te)))
			continue;
		snprintf(full, sizeof(full), "%s%s",
		    git_repository_workdir(repo), path);
		if (te != NULL && git_odb_hashfile(&id, full, GIT_OBJECT_BLOB)
		    == 0 && git_oid_equal(&id, git_tree_entry_id(te))) {
			if (fresh_add(fresh, path, &id, &sb, false) == -1)
				rc = say(e, 1, "out of memory");
			continue;
		}
		rc = stage(repo, path, fresh, e);
		if (rc == 0 && strlen(also) + strlen(path) + 2 < alsosize) {
			if (also[0] != '\0')
				strcat(also, " ");
			strcat(also, path);
		}
	}
	closedir(d);
	git_tree_free(ltree);
	git_index_free(ridx);
	return rc;
}

static int	fsync_path(const char *, int);

/* Object ids, e.g. those a commit wrote. */
struct oids {
	git_oid		*v;
	size_t		 n, cap;
};

static int
oids_add(struct oids *o, const git_oid *id)
{
	git_oid	*v;
	size_t	 cap;

	if (o->n == o->cap) {
		cap = o->cap ? o->cap * 2 : 16;
		if ((v = realloc(o->v, cap * sizeof(*v))) == NULL)
			return -1;
		o->v = v;
		o->cap = cap;
	}
	o->v[o->n++] = *id;
	return 0;
}

/*
 * objects/ itself changes when a fan-out directory is made or removed: a
 * few hundred times in the life of a repository, not at each commit.
 * (libgit2's temporary files in it come and go, and nothing needs them
 * durable.)  So the time just before hips last synced it is recorded in
 * .git/hips-synced: a fan-out directory born before then is in objects/
 * durably, and a commit syncs objects/ only when a fan-out directory it
 * wrote into is younger (made by this commit, by git, by a hips killed
 * before it synced), when a birth time is unknown (born is NULL: a file
 * system without one), or when the record is missing, torn, of another
 * objects/ or from the future (the clock was set back).  The times are
 * the file system's clock (coarse) and a tie counts as younger.  The
 * record is not synced: lost in a crash, it costs one fsync more.
 */
#define SYNCED_FILE	"hips-synced"

/* Must objects/ be synced?  *ino gets its inode, for the record. */
static bool
objdir_stale(const char *gitdir, const struct timespec *born,
    uintmax_t *ino)
{
	struct timespec	 now;
	struct stat	 sb;
	char		 path[4096 + 64], rec[128], nl;
	uintmax_t	 rino;
	long long	 sec;
	long		 nsec;
	ssize_t		 n;
	int		 fd;

	snprintf(path, sizeof(path), "%sobjects", gitdir);
	if (stat(path, &sb) == -1)
		return true;
	*ino = (uintmax_t)sb.st_ino;
	snprintf(path, sizeof(path), "%s" SYNCED_FILE, gitdir);
	if (born == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return true;
	n = read(fd, rec, sizeof(rec) - 1);
	close(fd);
	rec[n > 0 ? n : 0] = '\0';
	clock_gettime(CLOCK_REALTIME_COARSE, &now);
	return !(sscanf(rec, "objects %ju %lld.%ld%c", &rino, &sec, &nsec,
	    &nl) == 4 && nl == '\n' && rino == *ino &&
	    (sec < now.tv_sec || (sec == now.tv_sec && nsec <= now.tv_nsec)) &&
	    (born->tv_sec < sec || (born->tv_sec == sec &&
	    born->tv_nsec < nsec)));
}

/* objects/ of inode ino was synced: it was as it is at time at or later. */
static void
objdir_synced(const char *gitdir, uintmax_t ino, const struct timespec *at)
{
	char	 path[4096 + 64], rec[128];
	int	 fd, n;

	n = snprintf(rec, sizeof(rec), "objects %ju %lld.%09ld\n", ino,
	    (long long)at->tv_sec, (long)at->tv_nsec);
	snprintf(path, sizeof(path), "%s" SYNCED_FILE, gitdir);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) == -1)
		return;
	if (write_all(fd, rec, (size_t)n) == -1)
		(void)ftruncate(fd, 0);
	close(fd);
}

/*
 * An fsync of the batch: each waits mostly for the disk (a journal
 * commit, a cache flush), so they run side by side, one thread each:
 * one journal commit serves them all and the kernel merges their cache
 * flushes (0.3 to 0.5 ms less than one after another here, more on a
 * busy disk).  Every one must succeed before the branch moves, as when
 * they ran one after another.
 */
struct syncjob {
	int		 fd;
	int		 err;		/* errno of its fsync, or 0 */
	char		 what[64];	/* for a message */
	pthread_t	 th;
	bool		 threaded;
};

static void *
sync_job(void *arg)
{
	struct syncjob	*j = arg;

	j->err = fsync(j->fd) == -1 ? errno : 0;
	return NULL;
}

static void
sync_jobs(struct syncjob *j, size_t n)
{
	pthread_attr_t	 attr;
	size_t		 i;
	bool		 ok;

	if (n == 0)
		return;
	if ((ok = pthread_attr_init(&attr) == 0))
		pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 1; i < n; i++)
		j[i].threaded = pthread_create(&j[i].th, ok ? &attr : NULL,
		    sync_job, &j[i]) == 0;
	sync_job(&j[0]);
	for (i = 1; i < n; i++) {
		if (j[i].threaded)
			pthread_join(j[i].th, NULL);
		else
			sync_job(&j[i]);	/* no thread: here, then */
	}
	if (ok)
		pthread_attr_destroy(&attr);
}

/* Keep in *born the later of it and the birth time of directory fd. */
static void
birth(int fd, struct timespec *born, bool *unknown)
{
	struct statx	 stx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_BTIME, &stx) == -1 ||
	    !(stx.stx_mask & STATX_BTIME))
		*unknown = true;
	else if (stx.stx_btime.tv_sec > born->tv_sec ||
	    (stx.stx_btime.tv_sec == born->tv_sec &&
	    (long)stx.stx_btime.tv_nsec > born->tv_nsec)) {
		born->tv_sec = stx.stx_btime.tv_sec;
		born->tv_nsec = (long)stx.stx_btime.tv_nsec;
	}
}

/*
 * Why an object that libgit2 said it wrote is missing (libgit2 1.5's
 * git_commit_create() returns 0 and forgets the error): a full disk, when
 * the file system says so.
 */
static const char *
write_failure(const char *gitdir)
{
	struct statvfs	 vfs;
	char		 path[4096 + 16];

	snprintf(path, sizeof(path), "%sobjects", gitdir);
	if (statvfs(path, &vfs) == 0 && (vfs.f_bavail == 0 ||
	    (vfs.f_favail == 0 && vfs.f_files != 0)))
		return strerror(ENOSPC);
	return "the object file was not made (is the disk full?)";
}

/*
 * Durability at less cost.  libgit2's own syncing (GIT_OPT_ENABLE_FSYNC_
 * GITDIR) fsyncs each loose object and then its directory, one after
 * the other, each waiting for its own write-back and journal commit.
 * A commit here writes its objects with that off, starts the write-back
 * of all of them at once, then fsyncs together (sync_jobs()) the
 * caller's file, each object, the branch's lock file (lockfd, -1: none),
 * each fan-out directory written into (once) and, when needed, objects/
 * (objdir_stale()): all before the branch moves, so a ref on disk never
 * names an object that is not durable.  An object found in a pack rather
 * than loose was made durable when the pack was written.
 */
static int
sync_objects(git_repository *repo, const struct oids *o,
    const struct store_commit *c, int lockfd, struct error *e)
{
	struct timespec	 born = { .tv_sec = 0, .tv_nsec = 0 }, at;
	struct syncjob	*j;
	const char	*gitdir = git_repository_commondir(repo);
	char		 hex[GIT_OID_HEXSZ + 1], path[4096 + 64];
	bool		 seen[256], unknown = false, objdir = false;
	uintmax_t	 ino = 0;
	git_odb		*odb = NULL;
	size_t		 i, n = 0, own = 0;
	int		 fd, rc = 0;

	/* The objects, their directories, three more. */
	if ((j = calloc(2 * o->n + 3, sizeof(*j))) == NULL)
		return say(e, 1, "out of memory");
	if (git_repository_odb(&odb, repo) < 0)
		odb = NULL;
	memset(seen, 0, sizeof(seen));
	if (c->sync) {
		j[n].fd = c->sync_fd;
		snprintf(j[n++].what, sizeof(j->what), "%.60s", c->path ?
		    c->path : "the log file");
	}
	if (lockfd != -1) {
		j[n].fd = lockfd;
		snprintf(j[n++].what, sizeof(j->what), "the branch's lock");
	}
	own = n;		/* the jobs before own are the caller's fds */
	for (i = 0; rc == 0 && i < o->n; i++) {
		git_oid_tostr(hex, sizeof(hex), &o->v[i]);
		snprintf(path, sizeof(path), "%sobjects/%.2s/%s", gitdir, hex,
		    hex + 2);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
			/*
			 * Not loose: it must be in a pack then.  (libgit2
			 * 1.5's git_commit_create() returns 0 when its
			 * write fails.)
			 */
			if (errno != ENOENT)
				rc = say(e, 1, "%s: %s", path, strerror(errno));
			else if (odb == NULL || !git_odb_exists(odb, &o->v[i]))
				rc = say(e, 1, "cannot write object %s: %s",
				    hex, write_failure(gitdir));
			continue;
		}
		(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
		j[n].fd = fd;
		snprintf(j[n++].what, sizeof(j->what), "object %s", hex);
		if (seen[o->v[i].id[0]])
			continue;
		seen[o->v[i].id[0]] = true;
		snprintf(path, sizeof(path), "%sobjects/%.2s", gitdir, hex);
		if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
		    -1) {
			rc = say(e, 1, "%s: %s", path, strerror(errno));
			continue;
		}
		birth(fd, &born, &unknown);
		j[n].fd = fd;
		snprintf(j[n++].what, sizeof(j->what), "objects/%.2s", hex);
	}
	if (rc == 0 && objdir_stale(gitdir, unknown ? NULL : &born, &ino)) {
		clock_gettime(CLOCK_REALTIME_COARSE, &at);
		snprintf(path, sizeof(path), "%sobjects", gitdir);
		if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
		    -1)
			rc = say(e, 1, "%s: %s", path, strerror(errno));
		else {
			j[n].fd = fd;
			snprintf(j[n++].what, sizeof(j->what), "objects");
			objdir = true;
		}
	}
	if (rc == 0) {
		sync_jobs(j, n);
		for (i = 0; rc == 0 && i < n; i++)
			if (j[i].err != 0)
				rc = say(e, 1, "cannot sync %s: %s", j[i].what,
				    strerror(j[i].err));
		if (rc == 0 && objdir)
			objdir_synced(gitdir, ino, &at);
	}
	for (i = own; i < n; i++)
		close(j[i].fd);
	git_odb_free(odb);
	free(j);
	return rc;
}

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
static int
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

/*
 * Files of the commit the index lacks (a hips killed between its commit
 * and the refresh of the index, .gitattributes after the first commit
 * among them): added with the commit's blob id and no stat data, which
 * makes git compare their content once.
 */
struct fill {
	git_index	*idx;
	size_t		 added;
};

static int
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

/*
 * A git lock file this writer made: its identity and path go into the
 * writer's record in hips.lock ("lock DEV INODE PATH"), so that if this
 * process is killed the next hips removes that file and no other (a lock
 * of the same name made since by a live git is another file).
 */
static void
own_lock(git_repository *repo, const char *lock, int fd)
{
	struct stat	 sb;
	char		 path[4096 + 16], line[4096 + 100];
	int		 lfd, n;

	if (fstat(fd, &sb) == -1)
		return;
	snprintf(path, sizeof(path), "%ships.lock",
	    git_repository_commondir(repo));
	if ((lfd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) == -1)
		return;
	n = snprintf(line, sizeof(line), "lock %ju %ju %s\n",
	    (uintmax_t)sb.st_dev, (uintmax_t)sb.st_ino, lock);
	if (n > 0 && (size_t)n < sizeof(line))
		(void)write_all(lfd, line, (size_t)n);
	close(lfd);
}

/*
 * Around a libgit2 call that makes a git lock itself (a sync's checkout
 * or index write: index.lock; its branch move: refs/heads/B.lock):
 * "gitlock LOCK TIME" before it and "gitlock done" after it, in the
 * writer's record.  A writer killed in
 * between left that lock, and the next write removes it when it is no
 * older than TIME (write.c, clear_stale()): a lock made before the
 * call was some other git's.
 */
static void
gitlock_mark(git_repository *repo, const char *lock)
{
	char	 path[4096 + 16], line[600];
	int	 lfd, n;

	snprintf(path, sizeof(path), "%ships.lock",
	    git_repository_commondir(repo));
	if ((lfd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) == -1)
		return;
	if (lock != NULL)
		n = snprintf(line, sizeof(line), "gitlock %s %lld\n", lock,
		    (long long)time(NULL));
	else
		n = snprintf(line, sizeof(line), "gitlock done\n");
	if (n > 0 && (size_t)n < sizeof(line))
		(void)write_all(lfd, line, (size_t)n);
	close(lfd);
}

static int	make_lock(git_repository *, char *, size_t);

#define INDEX_STALE_S	600	/* an index.lock this old: nobody's */

/*
 * The index's lock, taken before a commit as git takes it, so that the
 * index can be brought up to date after it: with another git holding
 * it, the commit is not made (RETRY; at once -1 when the lock is old).
 * *fd is -1 when the repository has no index to keep (bare).
 */
static int
index_lock(git_repository *repo, int *fd, struct error *e)
{
	const char	*gitdir = git_repository_path(repo);
	char		 path[4096 + 16];
	struct stat	 sb;

	snprintf(path, sizeof(path), "%sindex.lock", gitdir);
	if ((*fd = make_lock(repo, path, strlen(gitdir))) != -1)
		return 0;
	if (errno != EEXIST)
		return say(e, 1, "cannot lock the index: %s: %s", path,
		    strerror(errno));
	if (lstat(path, &sb) == 0 && time(NULL) - sb.st_mtime >=
	    INDEX_STALE_S) {
		say(e, 1, "'%s' is %lld minutes old: a git that was killed "
		    "left it; if no git command is running, remove it", path,
		    (long long)(time(NULL) - sb.st_mtime) / 60);
		return -1;
	}
	say(e, 1, "'%s' exists: another git is using the repository (if "
	    "none is running, remove that file)", path);
	return RETRY;
}

static void
index_unlock(git_repository *repo, int *fd)
{
	char	 path[4096 + 16];

	if (*fd == -1)
		return;
	snprintf(path, sizeof(path), "%sindex.lock", git_repository_path(repo));
	close(*fd);
	unlink(path);
	*fd = -1;
}

/*
 * A second name for the index, .git/hips-index, to update it under:
 * its own lock, index.lock, is held by this writer (index_lock()), so
 * libgit2 cannot write the index itself.  A link costs no space; a copy
 * where links are not supported.  No index yet: libgit2 starts one.
 */
static int
index_copy(const char *gitdir, char *copy, size_t size)
{
	char		 path[4096 + 16], *data = NULL;
	struct stat	 sb;
	size_t		 len = 0;
	int		 fd, rc;

	snprintf(path, sizeof(path), "%sindex", gitdir);
	snprintf(copy, size, "%ships-index", gitdir);
	if (unlink(copy) == -1 && errno != ENOENT)
		return -1;
	if (link(path, copy) == 0 || errno == ENOENT)
		return 0;
	if (read_whole(path, &data, &len, &sb) == -1)
		return -1;
	if ((fd = open(copy, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) == -1) {
		free(data);
		return -1;
	}
	rc = write_all(fd, data, len);
	free(data);
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

/*
 * git trusts the stat data of an entry only if the index was written
 * after the file's last change, to the second: an entry changed in the
 * second the index was written is "racily clean" and git checks its
 * content.  Writing the index anew would end that, so each such entry
 * gets size 0, as git smudges them: git then looks at its content.
 * (libgit2 compares nanoseconds and misses those git cannot tell apart.)
 */
static void
smudge_racy(git_index *idx, const char *path)
{
	const git_index_entry	*ie;
	git_index_entry		 copy;
	struct stat		 sb;
	size_t			 i, n = git_index_entrycount(idx);

	if (stat(path, &sb) == -1)
		return;
	for (i = 0; i < n; i++) {
		ie = git_index_get_byindex(idx, i);
		if (ie == NULL || ie->file_size == 0 ||
		    (int64_t)ie->mtime.seconds < (int64_t)sb.st_mtim.tv_sec)
			continue;
		copy = *ie;
		copy.file_size = 0;
		git_index_add(idx, &copy);
	}
}

/*
 * Refresh the repository's index for the files of f so that `git status`
 * is clean: their stat data from before they were read, and the blob
 * committed; then give back any file of tree the index lacks.  The new
 * commit's tree is the parent's with the files of f: the parent's
 * (read already, cached) tells what the index must hold besides them.
 * The caller holds index.lock: the index is written as a copy that then
 * replaces it, as git replaces it with its lock file.
 */
static void
refresh_index(git_repository *repo, const struct fresh *f, git_tree *tree)
{
	struct fill		 fl;
	git_index		*idx = NULL;
	git_index_entry		 ie;
	const struct stat	*sb;
	git_index		*orig = NULL;
	char			 copy[4096 + 16], path[4096 + 16];
	size_t			 i;
	int			 tries, done = 0;

	if (f->n == 0 && tree == NULL)
		return;
	snprintf(path, sizeof(path), "%sindex", git_repository_path(repo));
	if (git_repository_index(&orig, repo) < 0)
		orig = NULL;
	/* A write that fails once (a disk almost full) is tried again. */
	for (tries = 0; tries < 3 && !done; tries++) {
		git_index_free(idx);
		idx = NULL;
		if (index_copy(git_repository_path(repo), copy,
		    sizeof(copy)) == -1 || git_index_open(&idx, copy) < 0)
			continue;
		/*
		 * The repository's for the time of the write, so that libgit2
		 * smudges racily clean entries against the work tree as it
		 * does for the index itself: else a file git added in the
		 * same second as its last change would pass for clean.
		 */
		git_repository_set_index(repo, idx);
		if (git_index_read(idx, 1) < 0)
			continue;
		smudge_racy(idx, path);
		for (i = 0; i < f->n; i++) {
			sb = &f->v[i].sb;
			memset(&ie, 0, sizeof(ie));
			ie.ctime.seconds = (int32_t)sb->st_ctim.tv_sec;
			ie.ctime.nanoseconds = (uint32_t)sb->st_ctim.tv_nsec;
			ie.mtime.seconds = (int32_t)sb->st_mtim.tv_sec;
			ie.mtime.nanoseconds = (uint32_t)sb->st_mtim.tv_nsec;
			ie.dev = (uint32_t)sb->st_dev;
			ie.ino = (uint32_t)sb->st_ino;
			ie.mode = GIT_FILEMODE_BLOB;
			ie.uid = (uint32_t)sb->st_uid;
			ie.gid = (uint32_t)sb->st_gid;
			ie.file_size = (uint32_t)sb->st_size;
			ie.id = f->v[i].id;
			ie.path = f->v[i].path;
			git_index_add(idx, &ie);
		}
		fl.idx = idx;
		fl.added = 0;
		if (tree != NULL)
			git_tree_walk(tree, GIT_TREEWALK_PRE, fill_missing,
			    &fl);
		if (f->n == 0 && fl.added == 0)
			done = 1;
		else if (git_index_write(idx) == 0 && rename(copy, path) == 0)
			done = 1;
	}
	if (orig != NULL) {
		git_repository_set_index(repo, orig);
		/* It reads the new index. */
		(void)git_index_read(orig, 0);
		git_index_free(orig);
	}
	git_index_free(idx);
	unlink(copy);
}

/*
 * open(path, flags, 0666), making the directories of path after its
 * first skip bytes when one is missing and flags create the file.
 */
static int
open_making_dirs(char *path, size_t skip, int flags)
{
	size_t	 n;
	int	 fd;

	if ((fd = open(path, flags, 0666)) != -1 || errno != ENOENT ||
	    !(flags & O_CREAT))
		return fd;
	for (n = skip; path[n] != '\0'; n++) {
		if (path[n] != '/')
			continue;
		path[n] = '\0';
		if (mkdir(path, 0777) == -1 && errno != EEXIST) {
			path[n] = '/';
			return -1;
		}
		path[n] = '/';
	}
	return open(path, flags, 0666);
}

/*
 * Make the lock file path, exclusively (EEXIST: another holds it), so
 * that the writer's record names it before it exists: the file is made
 * under a name of this process's own (hips-newlock-PID), recorded, then
 * linked to path.  Where the file system has no hard links, it is made
 * in place.  The directories of path after its first skip bytes are made
 * when missing.
 */
static int
make_lock(git_repository *repo, char *path, size_t skip)
{
	char	 tmp[4096 + 64];
	size_t	 n;
	int	 fd, rc, saved;

	snprintf(tmp, sizeof(tmp), "%ships-newlock-%ld",
	    git_repository_commondir(repo), (long)getpid());
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) ==
	    -1)
		return -1;
	own_lock(repo, path, fd);
	if ((rc = link(tmp, path)) == -1 && errno == ENOENT) {
		/* refs/heads/ itself may be gone (all refs packed). */
		for (n = skip; path[n] != '\0'; n++) {
			if (path[n] != '/')
				continue;
			path[n] = '\0';
			(void)mkdir(path, 0777);
			path[n] = '/';
		}
		rc = link(tmp, path);
	}
	saved = errno;
	(void)unlink(tmp);
	if (rc == 0)
		return fd;
	close(fd);
	if (saved == EPERM || saved == EOPNOTSUPP || saved == ENOSYS ||
	    saved == EMLINK) {
		fd = open_making_dirs(path, skip, O_WRONLY | O_CREAT | O_EXCL |
		    O_CLOEXEC);
		if (fd != -1)
			own_lock(repo, path, fd);
		return fd;
	}
	errno = saved;
	return -1;
}

/* A line appended to a reflog, kept open to take it back. */
struct rlog {
	int	 fd;
	off_t	 at;		/* where the line starts */
};

/*
 * Append line to the reflog at dir + name, made (with its directories)
 * if it is missing and create is set.  r->fd stays -1 when the reflog
 * does not exist and create is not set.
 */
static int
reflog_line(const char *dir, const char *name, const char *line, bool create,
    struct rlog *r)
{
	char	 path[4096 + 300];
	size_t	 n;

	r->fd = -1;
	n = (size_t)snprintf(path, sizeof(path), "%slogs/%s", dir, name);
	if (n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* logs/, logs/refs/, ... made for a first reflog. */
	r->fd = open_making_dirs(path, strlen(dir), O_WRONLY | O_APPEND |
	    O_CLOEXEC | (create ? O_CREAT : 0));
	if (r->fd == -1)
		return errno == ENOENT && !create ? 0 : -1;
	if ((r->at = lseek(r->fd, 0, SEEK_END)) == -1 ||
	    write_all(r->fd, line, strlen(line)) == -1) {
		if (r->at != -1 && ftruncate(r->fd, r->at) == -1)
			r->at = -1;
		close(r->fd);
		r->fd = -1;
		return -1;
	}
	return 0;
}

/* Close the reflogs of r[0..1], taking their lines back unless kept. */
static void
reflogs_close(struct rlog r[2], bool keep)
{
	int	 i;

	for (i = 0; i < 2; i++) {
		if (r[i].fd == -1)
			continue;
		if (!keep && ftruncate(r[i].fd, r[i].at) == -1)
			r[i].at = -1;	/* a line too many, as git leaves */
		close(r[i].fd);
		r[i].fd = -1;
	}
}

/*
 * The entry of a move of branch from old to new in its reflog and in
 * HEAD's, in git's format ("OLD NEW NAME <EMAIL> TIME +ZONE<TAB>MSG"), by
 * the committer; r gets them open.  Not synced, as git never syncs them:
 * a reflog records where a branch was, the ref itself where it is, and
 * a line lost in a crash loses nothing committed.  With
 * core.logAllRefUpdates false only the reflogs that exist get the line,
 * as git does.
 */
static int
reflogs_append(git_repository *repo, const char *branch, const git_oid *old,
    const git_oid *new, const git_signature *sig, const char *msg,
    struct rlog r[2])
{
	git_config	*cfg = NULL;
	char		*line, ohex[GIT_OID_HEXSZ + 1], nhex[GIT_OID_HEXSZ + 1];
	size_t		 n, i, size;
	int		 off, logall = 1, rc = 0;

	r[0].fd = r[1].fd = -1;
	if (git_repository_config(&cfg, repo) == 0 &&
	    git_config_get_bool(&logall, cfg, "core.logallrefupdates") < 0)
		logall = 1;	/* unset, or "always" */
	git_config_free(cfg);
	git_error_clear();
	git_oid_tostr(ohex, sizeof(ohex), old);
	git_oid_tostr(nhex, sizeof(nhex), new);
	off = sig->when.offset;
	size = 2 * GIT_OID_HEXSZ + strlen(sig->name) + strlen(sig->email) +
	    strlen(msg) + 64;
	if ((line = malloc(size)) == NULL) {
		git_error_set_oom();
		return -1;
	}
	n = (size_t)snprintf(line, size, "%s %s %s <%s> %lld %c%02d%02d\t",
	    ohex, nhex, sig->name, sig->email, (long long)sig->when.time,
	    off < 0 || sig->when.sign == '-' ? '-' : '+', abs(off) / 60,
	    abs(off) % 60);
	/* The message on one line, without trailing blanks. */
	for (i = 0; msg[i] != '\0'; i++)
		line[n++] = msg[i] == '\n' ? ' ' : msg[i];
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
	    line[n - 1] == '\n'))
		n--;
	line[n++] = '\n';
	line[n] = '\0';
	if (reflog_line(git_repository_commondir(repo), branch, line,
	    logall, &r[0]) == -1 || reflog_line(git_repository_path(repo),
	    "HEAD", line, logall, &r[1]) == -1) {
		git_error_set(GIT_ERROR_FILESYSTEM,
		    "cannot append to the reflog: %s", strerror(errno));
		reflogs_close(r, false);
		rc = -1;
	}
	free(line);
	return rc;
}

/*
 * The branch moves as git moves a ref: its lock file BRANCH.lock, made
 * exclusively (another git holding it makes this commit try again), gets
 * the new id and is synced with the commit's objects, in one journal
 * commit with them; the old value is checked under the lock; then the
 * lock replaces the ref and the ref's directory is synced.
 */
struct reflock {
	int	 fd;
	bool	 renamed;
	char	 ref[4096 + 300];
	char	 lock[4096 + 310];
};

static void
ref_unlock(struct reflock *l)
{
	if (l->fd == -1)
		return;
	close(l->fd);
	unlink(l->lock);
	l->fd = -1;
}

/* How long ago t was, in words. */
static void
age_words(time_t t, char *out, size_t size)
{
	long long	 s = (long long)(time(NULL) - t);

	if (s < 0)
		s = 0;
	if (s < 120)
		snprintf(out, size, "%lld seconds", s);
	else if (s < 2 * 3600)
		snprintf(out, size, "%lld minutes", s / 60);
	else if (s < 2 * 86400)
		snprintf(out, size, "%lld hours", s / 3600);
	else
		snprintf(out, size, "%lld days", s / 86400);
}

/*
 * GIT_ELOCKED, GIT_EMODIFIED (the branch is not at old; old NULL: the
 * branch exists), -1 or 0.
 */
static int
ref_lock(git_repository *repo, const char *branch, const git_oid *old,
    const git_oid *new, struct reflock *l)
{
	const char	*dir = git_repository_commondir(repo);
	char		 hex[GIT_OID_HEXSZ + 2], age[64];
	struct stat	 sb;
	git_oid		 cur;
	int		 rc;

	l->fd = -1;
	l->renamed = false;
	if ((size_t)snprintf(l->ref, sizeof(l->ref), "%s%s", dir, branch) >=
	    sizeof(l->ref)) {
		git_error_set_str(GIT_ERROR_REFERENCE, "branch name too long");
		return -1;
	}
	snprintf(l->lock, sizeof(l->lock), "%s.lock", l->ref);
	/* refs/heads/ itself may be gone (all refs packed). */
	l->fd = make_lock(repo, l->lock, strlen(dir));
	if (l->fd == -1) {
		/*
		 * No git holds a branch's lock for long: one older than a
		 * minute (four times the wait for it) was left by a git
		 * killed on the way, and the user hears the remedy at once.
		 */
		if (errno == EEXIST && stat(l->lock, &sb) == 0 &&
		    time(NULL) - sb.st_mtime > 4 * RETRY_MS / 1000) {
			age_words(sb.st_mtime, age, sizeof(age));
			git_error_set(GIT_ERROR_REFERENCE, "'%s' has been "
			    "locked for %s: if no git is at work in the data "
			    "directory (a git killed on the way leaves such a "
			    "lock), remove that file", l->lock, age);
			return -1;
		}
		if (errno == EEXIST) {
			git_error_set(GIT_ERROR_REFERENCE, "'%s' is locked "
			    "(another git is moving the branch)", l->lock);
			return GIT_ELOCKED;
		}
		git_error_set(GIT_ERROR_FILESYSTEM, "cannot lock %s: %s",
		    l->lock, strerror(errno));
		return -1;
	}
	rc = git_reference_name_to_id(&cur, repo, branch);
	if (old == NULL && rc == GIT_ENOTFOUND)
		rc = 0;		/* a first commit: no branch yet */
	else if (old == NULL && rc == 0)
		rc = GIT_ENOTFOUND;
	if (rc == GIT_ENOTFOUND || (rc == 0 && old != NULL &&
	    !git_oid_equal(&cur, old))) {
		git_error_set_str(GIT_ERROR_REFERENCE, "old reference value "
		    "does not match");
		rc = GIT_EMODIFIED;
	}
	if (rc == 0) {
		git_oid_tostr(hex, GIT_OID_HEXSZ + 1, new);
		hex[GIT_OID_HEXSZ] = '\n';
		if (write_all(l->fd, hex, GIT_OID_HEXSZ + 1) == -1) {
			git_error_set(GIT_ERROR_FILESYSTEM,
			    "cannot write %s: %s",
			    l->lock, strerror(errno));
			rc = -1;
		} else
			(void)sync_file_range(l->fd, 0, 0,
			    SYNC_FILE_RANGE_WRITE);
	}
	if (rc < 0)
		ref_unlock(l);
	return rc;
}

/* The lock (synced) replaces the ref; l->renamed says if it did. */
static int
ref_commit(struct reflock *l)
{
	char	*slash;
	int	 rc;

	rc = close(l->fd);
	l->fd = -1;
	if (rc == -1 || rename(l->lock, l->ref) == -1) {
		git_error_set(GIT_ERROR_FILESYSTEM, "cannot write %s: %s",
		    l->ref, strerror(errno));
		unlink(l->lock);
		return -1;
	}
	l->renamed = true;
	slash = strrchr(l->ref, '/');
	*slash = '\0';
	rc = fsync_path(l->ref, O_RDONLY | O_DIRECTORY);
	if (rc == -1)
		git_error_set(GIT_ERROR_FILESYSTEM, "cannot sync %s: %s",
		    l->ref, strerror(errno));
	*slash = '/';
	return rc;
}

/* Is e->msg about something a retry can fix?  rc is libgit2's code. */
static int
retryable(int rc)
{
	return rc == GIT_ELOCKED || rc == GIT_EMODIFIED || rc == GIT_EEXISTS;
}

/*
 * Is the branch at id, or at a commit that descends from it?  1 yes,
 * 0 no, -1 when that cannot be read (tried a few times: a read failing
 * once must not pass for a commit that did not land).
 */
static int
landed(git_repository *repo, const char *branch, const git_oid *id)
{
	git_oid	 now;
	int	 tries, rc;

	for (tries = 0; tries < 5; tries++) {
		if (tries > 0)
			usleep(10000);
		if (git_reference_name_to_id(&now, repo, branch) < 0)
			continue;
		if (git_oid_equal(&now, id))
			return 1;
		if ((rc = git_graph_descendant_of(repo, &now, id)) >= 0)
			return rc;
	}
	return -1;
}

/*
 * A repository of repo's loose objects alone, read from their files (no
 * cache, no pack indexes to load): what a commit just wrote is there.
 */
static int
loose_only(git_repository *repo, git_repository **out)
{
	git_odb_backend	*be = NULL;
	git_odb		*odb = NULL;
	char		 dir[4096 + 16];
	int		 rc;

	*out = NULL;
	snprintf(dir, sizeof(dir), "%sobjects",
	    git_repository_commondir(repo));
	if ((rc = git_odb_new(&odb)) < 0)
		return rc;
	if ((rc = git_odb_backend_loose(&be, dir, -1, 0, 0, 0)) == 0 &&
	    (rc = git_odb_add_backend(odb, be, 1)) < 0)
		be->free(be);
	if (rc == 0)
		rc = git_repository_wrap_odb(out, odb);
	git_odb_free(odb);
	return rc;
}

/*
 * The blob at path in commit id, read through a fresh odb handle so that
 * nothing comes from a cache: what a later reader will find on disk.
 * The loose objects are tried first; a commit whose blob or trees were
 * in a pack already (the same content as before) is read with the packs.
 */
static int
reread(git_repository *repo, const git_oid *id, const char *path,
    git_odb_object **out)
{
	git_repository	*fresh = NULL;
	git_commit	*c = NULL;
	git_tree	*t = NULL;
	git_tree_entry	*te = NULL;
	git_odb		*odb = NULL;
	int		 rc, loose;

	*out = NULL;
	for (loose = 1; loose >= 0; loose--) {
		if (loose)
			rc = loose_only(repo, &fresh);
		else
			rc = git_repository_open_ext(&fresh,
			    git_repository_path(repo),
			    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
		if (rc == 0)
			rc = git_commit_lookup(&c, fresh, id);
		if (rc == 0)
			rc = git_commit_tree(&t, c);
		if (rc == 0)
			rc = git_tree_entry_bypath(&te, t, path);
		if (rc == 0)
			rc = git_repository_odb(&odb, fresh);
		/* Inflates the object and checks its hash: a torn one fails. */
		if (rc == 0)
			rc = git_odb_read(out, odb, git_tree_entry_id(te));
		if (rc == 0 && git_odb_object_type(*out) != GIT_OBJECT_BLOB) {
			git_odb_object_free(*out);
			*out = NULL;
			git_error_set_str(GIT_ERROR_OBJECT, "not a blob");
			rc = -1;
		}
		git_odb_free(odb);
		git_tree_entry_free(te);
		git_tree_free(t);
		git_commit_free(c);
		git_repository_free(fresh);
		odb = NULL;
		te = NULL;
		t = NULL;
		c = NULL;
		fresh = NULL;
		if (rc != GIT_ENOTFOUND)
			break;
	}
	return rc;
}

/* Git's identity if it has one, else the one hips was given. */
static int
signature(git_repository *repo, const char *name, const char *email,
    git_signature **sig, struct error *e)
{
	if (git_signature_default(sig, repo) == 0)
		return 0;
	if (git_signature_now(sig, name && name[0] ? name : "hips",
	    email && email[0] ? email : "hips@localhost") < 0)
		return gitfail(e, "cannot make the author signature");
	return 0;
}

static int
try_commit(struct store *st, struct store_commit *c, char *also,
    size_t alsosize, struct error *e)
{
	git_repository	*repo = st->repo;
	git_commit	*parent = NULL;
	git_tree	*ptree = NULL;
	git_signature	*sig = NULL;
	git_reference	*ref = NULL;
	git_odb_object	*blob = NULL;
	struct fresh	 fresh = { .v = NULL, .n = 0 };
	struct oids	 written = { .v = NULL, .n = 0 };
	git_refdb	*refdb = NULL;
	struct reflock	 rl = { .fd = -1 };
	struct rlog	 rlogs[2];
	int		 ixfd = -1;
	git_oid		 parent_id, tree_id, commit_id, edit_id;
	const git_oid	*parents[1];
	struct fresh	 others;
	char		 edit_msg[1200];
	char		 branch[256], reflog[300];
	bool		 unborn = false, found;
	int		 rc = -1, grc, tries;
	size_t		 i;

	also[0] = '\0';
	c->moved = false;
	if (head_branch(repo, branch, sizeof(branch), e) == -1)
		return -1;
	/* The index is brought up to date after the commit, or no commit. */
	if ((grc = index_lock(repo, &ixfd, e)) != 0)
		return grc;
	/*
	 * This commit syncs the objects it writes itself (sync_objects()):
	 * libgit2 reads the setting as it writes each object.  Its ref
	 * database reads it once, when made: made now, it syncs the ref of
	 * a first commit (lock file, then directory); the others move the
	 * branch with ref_lock() and ref_commit().
	 */
	if (git_repository_refdb(&refdb, repo) < 0) {
		gitfail(e, "cannot read the references");
		index_unlock(repo, &ixfd);
		return -1;
	}
	git_refdb_free(refdb);
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	grc = git_reference_name_to_id(&parent_id, repo, branch);
	if (grc == GIT_ENOTFOUND)
		unborn = true;
	else if (grc < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	} else if (git_commit_lookup(&parent, repo, &parent_id) < 0 ||
	    git_commit_tree(&ptree, parent) < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	}
	if (c->path != NULL && stage(repo, c->path, &fresh, e) == -1)
		goto out;
	/* The other files of this write: right after path, in its commit. */
	for (i = 0; c->path != NULL && i < c->nwith; i++)
		if (stage(repo, c->with[i], &fresh, e) == -1)
			goto out;
	if (stage_others(repo, ptree, c->path ? c->path : "", c->path ?
	    c->with : NULL, c->path ? c->nwith : 0, also, alsosize, &fresh,
	    e) == -1)
		goto out;
	if (c->path == NULL && also[0] == '\0') {
		rc = 0;		/* nothing to commit */
		refresh_index(repo, &fresh, ptree);
		goto out;
	}
	if (signature(repo, c->name, c->email, &sig, e) == -1)
		goto out;
	parents[0] = &parent_id;
	/*
	 * Other files changed (a hand edit, a crash): committed first, in
	 * a commit of their own, never inside this one (c->path and c->with
	 * are the first files staged).  The branch moves once, to this commit.
	 */
	if (c->path != NULL && also[0] != '\0') {
		others.v = fresh.v + 1 + c->nwith;
		others.n = fresh.n - 1 - c->nwith;
		snprintf(edit_msg, sizeof(edit_msg), "edit: changes found in "
		    "the work tree, committed on their own\n\n%s\n", also);
		if (tree_with(repo, ptree, &others, &tree_id, &written) < 0) {
			gitfail(e, "cannot write the tree");
			goto out;
		}
		if (git_commit_create_from_ids(&edit_id, repo, NULL, sig, sig,
		    NULL, edit_msg, &tree_id, unborn ? 0 : 1, parents) < 0) {
			gitfail(e, "cannot write the commit");
			goto out;
		}
		if (oids_add(&written, &edit_id) == -1) {
			say(e, 1, "out of memory");
			goto out;
		}
		parents[0] = &edit_id;
	}
	if (tree_with(repo, ptree, &fresh, &tree_id, &written) < 0) {
		gitfail(e, "cannot write the tree");
		goto out;
	}
	if (git_commit_create_from_ids(&commit_id, repo, NULL, sig, sig, NULL,
	    c->message, &tree_id, unborn && parents[0] == &parent_id ? 0 : 1,
	    parents) < 0) {
		gitfail(e, "cannot write the commit");
		goto out;
	}
	if (oids_add(&written, &commit_id) == -1) {
		say(e, 1, "out of memory");
		goto out;
	}
	/*
	 * The lock first: its new id is synced with the objects.  A first
	 * commit too, so that a hips killed then leaves a lock its record
	 * names.
	 */
	if ((grc = ref_lock(repo, branch, unborn ? NULL : &parent_id,
	    &commit_id, &rl)) < 0) {
		gitfail(e, "cannot move the branch");
		c->moved = landed(repo, branch, &commit_id) == 1;
		rc = retryable(grc) && !c->moved ? RETRY : -1;
		goto out;
	}
	if (sync_objects(repo, &written, c, rl.fd, e) == -1)
		goto out;
	snprintf(reflog, sizeof(reflog), "commit%s: %.*s",
	    unborn ? " (initial)" : "",
	    (int)strcspn(c->message, "\n"), c->message);
	if (unborn)
		memset(&parent_id, 0, sizeof(parent_id));
	if ((grc = reflogs_append(repo, branch, &parent_id, &commit_id,
	    sig, reflog, rlogs)) < 0)
		ref_unlock(&rl);
	else {
		grc = ref_commit(&rl);
		reflogs_close(rlogs, rl.renamed);
	}
	if (grc < 0) {
		gitfail(e, "cannot move the branch");
		/* A failed update that moved the branch all the same. */
		c->moved = landed(repo, branch, &commit_id) == 1;
		rc = retryable(grc) && !c->moved ? RETRY : -1;
		goto out;
	}

	/*
	 * Trust nothing: the branch must now be the new commit (or a commit
	 * another git made on top of it), and the commit, read back from
	 * the disk, must hold the change.
	 */
	switch (landed(repo, branch, &commit_id)) {
	case 0:
		say(e, 1, "the commit did not reach HEAD (is the disk full?)");
		goto out;
	case -1:
		/* libgit2 said it moved: keep the change, say we doubt. */
		c->moved = true;
		gitfail(e, "cannot read the branch back");
		goto out;
	}
	c->moved = true;
	if (c->check_line != NULL) {
		for (tries = 0; tries < 3; tries++)
			if (reread(repo, &commit_id, c->path, &blob) == 0)
				break;
		if (blob == NULL) {
			gitfail(e, "cannot read back the new commit");
			goto out;
		}
		found = has_line(git_odb_object_data(blob),
		    git_odb_object_size(blob), c->check_line);
		if (found == c->check_absent) {
			say(e, 1, "the new commit does not hold the change to "
			    "%s", c->path);
			goto out;
		}
	}
	rc = 0;
	refresh_index(repo, &fresh, ptree);
out:
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	ref_unlock(&rl);
	index_unlock(repo, &ixfd);
	free(written.v);
	fresh_free(&fresh);
	git_odb_object_free(blob);
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(ptree);
	git_commit_free(parent);
	return rc;
}

static long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int
store_commit(struct store *st, struct store_commit *c, struct error *e)
{
	static char	 also[1024];
	long		 start = now_ms(), wait = 1;
	int		 rc;

	c->also = NULL;
	for (;;) {
		rc = try_commit(st, c, also, sizeof(also), e);
		if (rc != RETRY)
			break;
		if (now_ms() - start > RETRY_MS) {
			size_t	 n = strlen(e->msg);

			snprintf(e->msg + n, sizeof(e->msg) - n,
			    " (another git process kept the repository busy; "
			    "gave up after %d seconds)", RETRY_MS / 1000);
			rc = -1;
			break;
		}
		usleep((useconds_t)wait * 1000);
		if (wait < 200)
			wait *= 2;
	}
	if (rc == 0 && also[0] != '\0')
		c->also = also;
	return rc;
}

/*
 * The files "_git2_XXXX" libgit2 makes to probe the file system while it
 * creates a repository (a file, and a link to "testing"): a hips killed
 * then leaves them behind.  Called
 * with the writer lock held, on a repository without commits.
 */
static void
clear_probes(const char *dir)
{
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	char		 path[4096], target[16];
	size_t		 n;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 7 || strncmp(de->d_name, "_git2_", 6) != 0 ||
		    strspn(de->d_name + 6, "0123456789abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n - 6)
			continue;
		snprintf(path, sizeof(path), "%s%s", dir, de->d_name);
		if (lstat(path, &sb) == -1)
			continue;
		/* A file, or the symbolic link probe ("-> testing"). */
		if (S_ISREG(sb.st_mode) || (S_ISLNK(sb.st_mode) &&
		    (n = (size_t)readlink(path, target, sizeof(target))) == 7 &&
		    memcmp(target, "testing", 7) == 0))
			unlink(path);
	}
	closedir(d);
}

static int	sync_recover(struct store *, struct error *);

static int
store_prepare(struct store *st, const char *name, const char *email,
    struct error *e)
{
	static const char	 attrs[] = "*.log merge=text\n";
	struct store_commit	 c;
	struct stat		 sb;
	char			 path[4096];
	int			 fd, unborn;

	if (sync_recover(st, e) == -1)
		return -1;
	if ((unborn = git_repository_head_unborn(st->repo)) < 0)
		return gitfail(e, "cannot read HEAD");
	if (!unborn)
		return 0;
	clear_probes(git_repository_workdir(st->repo));
	clear_probes(git_repository_path(st->repo));
	snprintf(path, sizeof(path), "%s.gitattributes",
	    git_repository_workdir(st->repo));
	/*
	 * Keep a .gitattributes of the user's; write ours into a new or
	 * empty one (a hips killed before its write left it empty).
	 */
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		return say(e, 1, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) == -1) {
		say(e, 1, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (sb.st_size == 0 && (write(fd, attrs, sizeof(attrs) - 1) !=
	    (ssize_t)sizeof(attrs) - 1 || fsync(fd) == -1)) {
		say(e, 1, "%s: %s", path, strerror(errno));
		if (ftruncate(fd, 0) == -1)
			unlink(path);
		close(fd);
		return -1;
	}
	close(fd);
	memset(&c, 0, sizeof(c));
	c.message = "init: hips data repository\n";
	c.path = ".gitattributes";
	c.name = name;
	c.email = email;
	return store_commit(st, &c, e);
}

static int
store_pending(struct store *st, const char *path, char **data, size_t *len,
    struct error *e)
{
	git_repository		*repo = st->repo;
	git_index		*idx = NULL;
	const git_index_entry	*ie;
	git_commit		*head = NULL;
	git_tree		*tree = NULL;
	git_tree_entry		*te = NULL;
	git_blob		*blob = NULL;
	git_oid			 id;
	struct stat		 sb;
	char			 full[4096];
	bool			 exists = true;
	int			 rc = -1, grc;

	*data = NULL;
	*len = 0;
	if ((size_t)snprintf(full, sizeof(full), "%s%s",
	    git_repository_workdir(repo), path) >= sizeof(full))
		return say(e, 1, "path too long: %s", path);
	if (lstat(full, &sb) == -1) {
		if (errno != ENOENT)
			return say(e, 1, "%s: %s", full, strerror(errno));
		exists = false;
	}
	grc = git_reference_name_to_id(&id, repo, "HEAD");
	if (grc == 0 && (git_commit_lookup(&head, repo, &id) < 0 ||
	    git_commit_tree(&tree, head) < 0))
		grc = -1;
	if (grc == 0)
		grc = git_tree_entry_bypath(&te, tree, path);
	if (grc == GIT_ENOTFOUND || grc == GIT_EUNBORNBRANCH) {
		rc = exists ? 1 : 0;
		goto out;
	}
	if (grc < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	}
	if (exists && S_ISREG(sb.st_mode)) {
		/* The index's stat data vouches for it, as for git status. */
		if (git_repository_index(&idx, repo) == 0 &&
		    (ie = git_index_get_bypath(idx, path, 0)) != NULL &&
		    ie->file_size == (uint32_t)sb.st_size &&
		    ie->mtime.seconds == (int32_t)sb.st_mtim.tv_sec &&
		    ie->mtime.nanoseconds == (uint32_t)sb.st_mtim.tv_nsec &&
		    git_oid_equal(&ie->id, git_tree_entry_id(te))) {
			rc = 0;
			goto out;
		}
		if (git_odb_hashfile(&id, full, GIT_OBJECT_BLOB) == 0 &&
		    git_oid_equal(&id, git_tree_entry_id(te))) {
			rc = 0;
			goto out;
		}
	}
	if (git_blob_lookup(&blob, repo, git_tree_entry_id(te)) < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	}
	*len = (size_t)git_blob_rawsize(blob);
	if ((*data = malloc(*len + 1)) == NULL) {
		say(e, 1, "out of memory");
		goto out;
	}
	memcpy(*data, git_blob_rawcontent(blob), *len);
	(*data)[*len] = '\0';
	rc = 1;
out:
	git_blob_free(blob);
	git_index_free(idx);
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_commit_free(head);
	return rc;
}

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

	snprintf(path, sizeof(path), "%sshallow",
	    git_repository_commondir(repo));
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

static const git_oid	zero_oid;

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
static int
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

	snprintf(path, sizeof(path), "%s%02x", objdir, fan);
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
fsync_path(const char *path, int flags)
{
	int	 fd, rc;

	if ((fd = open(path, flags | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
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
		snprintf(path, sizeof(path), "%s%s%s", prefix,
		    prefix[0] ? "/" : "", git_tree_entry_name(te));
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
	snprintf(path, sizeof(path), "%spack", objdir);
	if (stat(path, &sb) == -1 && errno == ENOENT)
		mkdir(path, 0777);
	if (stat(path, &sb) == -1)
		return say(e, 1, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return say(e, 1, "%s: not a directory", path);
	if ((ids = malloc((l->n + 1) * sizeof(*ids))) == NULL ||
	    (names = calloc(l->n + 1, sizeof(*names))) == NULL) {
		say(e, 1, "out of memory");
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
	snprintf(path, sizeof(path), "%spack/pack-%s.pack", objdir, name);
	if (fsync_path(path, O_RDONLY) == -1) {
		say(e, 1, "%s: %s", path, strerror(errno));
		goto out;
	}
	snprintf(path, sizeof(path), "%spack", objdir);
	if (fsync_path(path, O_RDONLY | O_DIRECTORY) == -1) {
		say(e, 1, "%s: %s", path, strerror(errno));
		goto out;
	}
	snprintf(path, sizeof(path), "%spack/pack-%s.idx", objdir, name);
	if (fsync_path(path, O_RDONLY) == -1) {
		say(e, 1, "%s: %s", path, strerror(errno));
		goto out;
	}
	/* Every object must be found in the new pack alone. */
	if (pack_odb(&check, path) == -1) {
		gitfail(e, "cannot read the new pack");
		goto out;
	}
	for (i = 0; i < l->n; i++)
		if (!git_odb_exists(check, &l->v[i])) {
			say(e, 1, "the new pack %s lacks an object", path);
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
static long
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

	snprintf(path, sizeof(path), "%spack/multi-pack-index", objdir);
	if (stat(path, &sb) == 0)
		return 0;
	snprintf(path, sizeof(path), "%spack", objdir);
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 10 || len > 200 ||
		    strncmp(de->d_name, "pack-", 5) != 0 ||
		    strcmp(de->d_name + len - 4, ".idx") != 0)
			continue;
		snprintf(path, sizeof(path), "%spack/%.*s.keep", objdir,
		    (int)(len - 4), de->d_name);
		if (stat(path, &sb) == 0)
			continue;
		snprintf(path, sizeof(path), "%spack/%s", objdir, de->d_name);
		if ((count = idx_count(path)) < 0 || count >= limit)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((np = realloc(p, cap * sizeof(*p))) == NULL) {
				closedir(d);
				say(e, 1, "out of memory");
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
		snprintf(path, sizeof(path), "%spack/%s.idx", objdir,
		    p[i].name);
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
		snprintf(path, sizeof(path), "%spack/%s.idx", objdir,
		    p[i].name);
		if (unlink(path) == -1)
			continue;
		snprintf(path, sizeof(path), "%spack/%s.pack", objdir,
		    p[i].name);
		unlink(path);
		snprintf(path, sizeof(path), "%spack/%s.rev", objdir,
		    p[i].name);
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

static int
store_pack(struct store *st, long threshold, struct error *e)
{
	struct loose	 l = { .v = NULL, .n = 0 };
	char		 objdir[4096], path[4096 + 64], hex[GIT_OID_HEXSZ + 1];
	char		 name[GIT_OID_HEXSZ + 1], branch[256];
	struct error ignored;
	size_t		 i;
	int		 fan, rc = -1;

	snprintf(objdir, sizeof(objdir), "%sobjects/",
	    git_repository_commondir(st->repo));
	if (loose_estimate(objdir, threshold) < threshold)
		return 0;
	for (fan = 0; fan < 256; fan++)
		if (loose_scan(objdir, fan, &l) == -1) {
			say(e, 1, "out of memory");
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
		snprintf(path, sizeof(path), "%s%.2s/%s", objdir, hex, hex + 2);
		unlink(path);
	}
	rc = pack_merge(st->repo, objdir, threshold, e) == -1 ? -1 : 1;
	reflog_expire(st->repo, "HEAD");
	if (head_branch(st->repo, branch, sizeof(branch), &ignored) == 0)
		reflog_expire(st->repo, branch);
out:
	free(l.v);
	return rc;
}

static int
store_set_remote(struct store *st, const char *url, struct error *e)
{
	git_remote	*r = NULL;
	int		 rc;

	rc = git_remote_lookup(&r, st->repo, "origin");
	git_remote_free(r);
	if (rc == 0)
		rc = git_remote_set_url(st->repo, "origin", url);
	else if (rc == GIT_ENOTFOUND) {
		rc = git_remote_create(&r, st->repo, "origin", url);
		git_remote_free(r);
	}
	if (rc < 0)
		return gitfail(e, "cannot set the remote 'origin'");
	return 0;
}

/*
 * The certificates https trusts, as git sets them: $GIT_SSL_CAINFO, else
 * http.sslCAInfo, else the system's.
 */
static int
ca_info(git_repository *repo, struct error *e)
{
	git_config	*cfg = NULL;
	git_buf		 b = { 0 };
	const char	*ca = getenv("GIT_SSL_CAINFO");
	int		 rc = 0;

	if ((ca == NULL || ca[0] == '\0') &&
	    git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_path(&b, cfg, "http.sslCAInfo") == 0)
		ca = b.ptr;
	if (ca != NULL && ca[0] != '\0' &&
	    git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, ca, NULL) < 0)
		rc = say(e, 1, "cannot use the certificates in '%s' "
		    "(http.sslCAInfo or GIT_SSL_CAINFO): %s", ca,
		    git_error_last() != NULL ? git_error_last()->message :
		    "unknown error");
	git_buf_dispose(&b);
	git_config_free(cfg);
	return rc;
}

/*
 * hips sync.  The remote is always "origin" and the branch is the one
 * HEAD names on both sides.  Nothing local changes before the remote has
 * answered a fetch; the local part (commit hand edits, merge, check out,
 * move the branch) runs with signals blocked; the push comes last, and a
 * push the remote rejects (someone pushed first) starts again.
 */
#define SYNC_TRIES	4

struct syncctx {
	struct store_sync	*s;
	const char		*url;		/* as configured */
	const char		*dir;		/* the work tree, for git */
	char			 shown[400];	/* without a password */
	/* Each connection (fetch, push, retry) is offered everything. */
	int			 cred_calls;
	bool			 tried_agent;
	int			 next_key;	/* sshkey_default_names */
	bool			 tried_helper;
	bool			 tried_url;
	/* For the messages, over the whole sync. */
	int			 agent;		/* -1 not checked, 0, 1 */
	bool			 used_agent;
	unsigned		 used_keys;	/* bit per default key */
	unsigned		 locked_keys;	/* ... with a passphrase */
	bool			 used_url;
	struct cred		 helper;	/* what git credential fill gave */
	bool			 have_helper;
	bool			 helper_used;	/* offered on this connection */
	bool			 helper_approved;
	bool			 helper_rejected;
	char			 cred_msg[1000];
	bool			 rejected;
	char			 reject[256];
	int			 pct;		/* shown, or -1 */
	long			 shown_ms;	/* when */
	const char		*phase;		/* of the line shown */
	const char		*finished;	/* the phase said done */
};

/* The URL for messages: any password becomes "***". */
static void
redact_url(const char *url, char *out, size_t size)
{
	const char	*p, *at, *colon, *slash;

	snprintf(out, size, "%s", url);
	if ((p = strstr(url, "://")) == NULL)
		return;
	p += 3;
	slash = strchr(p, '/');
	at = strchr(p, '@');
	if (at == NULL || (slash != NULL && at > slash))
		return;
	colon = memchr(p, ':', (size_t)(at - p));
	if (colon == NULL)
		return;
	snprintf(out, size, "%.*s:***%s", (int)(colon - url), url, at);
}

static const char *
login_name(void)
{
	struct passwd	*pw;
	const char	*u = getenv("USER");

	if (u != NULL && u[0] != '\0')
		return u;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_name != NULL)
		return pw->pw_name;
	return "git";
}

/* $HOME, where libgit2 looks for ~/.ssh/known_hosts too. */
static const char *
home_dir(void)
{
	struct passwd	*pw;
	const char	*h = getenv("HOME");

	if (h != NULL && h[0] != '\0')
		return h;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_dir != NULL)
		return pw->pw_dir;
	return NULL;
}

/* ~/.ssh/NAME, spelt with "~" for messages when show is set. */
static bool
key_path(const char *name, bool show, char *out, size_t size)
{
	const char	*home = show ? "~" : home_dir();
	int		 n;

	if (home == NULL)
		return false;
	n = snprintf(out, size, "%s/.ssh/%s", home, name);
	return n > 0 && (size_t)n < size;
}

/* An ssh-agent answers at $SSH_AUTH_SOCK (a stale one is skipped). */
static bool
agent_usable(struct syncctx *x)
{
	struct sockaddr_un	 a;
	const char		*sock = getenv("SSH_AUTH_SOCK");
	int			 fd;

	if (x->agent >= 0)
		return x->agent;
	x->agent = 0;
	if (sock == NULL || sock[0] == '\0' ||
	    strlen(sock) >= sizeof(a.sun_path))
		return false;
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	memcpy(a.sun_path, sock, strlen(sock));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return false;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
		x->agent = 1;
	close(fd);
	return x->agent;
}

/*
 * The keys ssh would offer, in its order: the agent's, then the default
 * key files (with their .pub when there is one).  A key file with a
 * passphrase is skipped (hips asks for none) and named in the message.
 */
static int
ssh_key(git_credential **out, struct syncctx *x, const char *user)
{
	char		 path[4096], pub[4200], head[8192];
	ssize_t		 n;
	bool		 locked;
	int		 fd, i;

	if (!x->tried_agent) {
		x->tried_agent = true;
		if (agent_usable(x)) {
			x->used_agent = true;
			return git_credential_ssh_key_from_agent(out, user);
		}
	}
	while (x->next_key < 3) {
		i = x->next_key++;
		if (!key_path(sshkey_default_names[i], false, path,
		    sizeof(path)))
			continue;
		if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
			continue;
		n = read(fd, head, sizeof(head));
		close(fd);
		locked = n > 0 && sshkey_encrypted(head, (size_t)n);
		explicit_bzero(head, sizeof(head));	/* a private key */
		if (n <= 0)
			continue;
		if (locked) {
			x->locked_keys |= 1U << i;
			continue;
		}
		x->used_keys |= 1U << i;
		snprintf(pub, sizeof(pub), "%s.pub", path);
		return git_credential_ssh_key_new(out, user,
		    access(pub, R_OK) == 0 ? pub : NULL, path, NULL);
	}
	return GIT_PASSTHROUGH;
}

/*
 * A user and password from git's credential helpers, as git would get
 * them (and, at a terminal, as git would ask).  Asked once a sync; if
 * the server refuses them, the helpers are told (reject).
 */
static int
helper_cred(git_credential **out, struct syncctx *x, const char *user)
{
	if (x->tried_helper) {
		if (x->have_helper && x->helper_used) {
			cred_git(x->dir, "reject", &x->helper);
			cred_wipe(&x->helper);
			x->have_helper = false;
			x->helper_rejected = true;
		}
		return GIT_PASSTHROUGH;
	}
	x->tried_helper = true;
	if (!x->have_helper) {
		if (x->helper_rejected || !cred_from_url(x->url, &x->helper))
			return GIT_PASSTHROUGH;
		cred_wipe(&x->helper);
		if (x->helper.username[0] == '\0' && user != NULL)
			snprintf(x->helper.username, sizeof(x->helper.username),
			    "%s", user);
		if (cred_git(x->dir, "fill", &x->helper) == -1) {
			cred_wipe(&x->helper);
			return GIT_PASSTHROUGH;
		}
		x->have_helper = true;
	}
	x->helper_used = true;
	return git_credential_userpass_plaintext_new(out, x->helper.username,
	    x->helper.password);
}

/* After a connection that worked: the helpers keep what they gave. */
static void
helper_approve(struct syncctx *x)
{
	if (x->have_helper && x->helper_used && !x->helper_approved) {
		cred_git(x->dir, "approve", &x->helper);
		x->helper_approved = true;
	}
}

static void
note(struct syncctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A message for the user in x->cred_msg (cut if too long). */
static void
note(struct syncctx *x, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(x->cred_msg, sizeof(x->cred_msg), fmt, ap);
	va_end(ap);
}

/* "the keys in ssh-agent, ~/.ssh/id_ed25519" of bits. */
static void
key_list(char *out, size_t size, bool agent, unsigned bits)
{
	char	 path[300];
	size_t	 len;
	int	 i;

	snprintf(out, size, "%s", agent ? "the keys in ssh-agent" : "");
	for (i = 0; i < 3; i++) {
		if (!(bits & (1U << i)) ||
		    !key_path(sshkey_default_names[i], true, path,
		    sizeof(path)))
			continue;
		len = strlen(out);
		snprintf(out + len, size - len, "%s%s", len ? ", " : "", path);
	}
}

static bool
is_http(const char *url)
{
	return strncmp(url, "https://", 8) == 0 ||
	    strncmp(url, "http://", 7) == 0;
}

/* Why nothing more can be offered, in x->cred_msg. */
static void
refusal(struct syncctx *x, unsigned int allowed)
{
	char	 tried[400], locked[400], first[300];
	int	 i;

	key_list(tried, sizeof(tried), x->used_agent, x->used_keys);
	key_list(locked, sizeof(locked), false, x->locked_keys);
	first[0] = '\0';
	for (i = 0; i < 3; i++)
		if (x->locked_keys & (1U << i)) {
			key_path(sshkey_default_names[i], true, first,
			    sizeof(first));
			break;
		}
	if (x->helper_rejected)
		note(x, "'%s' refused the "
		    "credentials (the password for '%s' from git's "
		    "credential helper, which was told to forget it): run "
		    "'hips sync' at a terminal to type the right one, or "
		    "store it with your helper", x->shown,
		    x->helper.username);
	else if (x->used_url)
		note(x, "'%s' refused the "
		    "credentials (the user and password in the URL): set "
		    "the URL without them with 'hips init --remote URL' and "
		    "let git's credential helper keep the password",
		    x->shown);
	else if (!(allowed & GIT_CREDENTIAL_SSH_KEY) && is_http(x->url))
		note(x, "'%s' wants "
		    "credentials and git's credential helpers gave none: run "
		    "'hips sync' at a terminal, where git asks for them, with "
		    "a helper to keep them (e.g. 'git config --global "
		    "credential.helper store')", x->shown);
	else if (!(allowed & GIT_CREDENTIAL_SSH_KEY))
		note(x, "'%s' takes no ssh key (only a password or a "
		    "question), and hips signs in with keys: ask for key "
		    "access", x->shown);
	else if (tried[0] != '\0' && x->locked_keys)
		note(x, "'%s' refused the "
		    "credentials (%s); %s has a passphrase, which hips does "
		    "not ask for: if the server knows that key, add it to "
		    "ssh-agent with 'ssh-add %s' and sync again", x->shown,
		    tried, locked, first);
	else if (tried[0] != '\0')
		note(x, "'%s' refused the "
		    "credentials (%s): give the server your public key "
		    "(~/.ssh/id_ed25519.pub, or 'ssh-add -L'), and check the "
		    "user in the URL", x->shown, tried);
	else if (x->locked_keys)
		note(x, "'%s' wants an ssh "
		    "key and %s has a passphrase, which hips does not ask "
		    "for: add it to ssh-agent with 'ssh-add %s' (start one "
		    "with 'eval $(ssh-agent)' if needed) and sync again",
		    x->shown, locked, first);
	else
		note(x, "'%s' wants an ssh "
		    "key and there is none: add yours to ssh-agent "
		    "('ssh-add'), or make one with 'ssh-keygen -t ed25519' "
		    "and give the server ~/.ssh/id_ed25519.pub", x->shown);
}

/*
 * Credentials, as git and ssh find them, each source once per
 * connection: for ssh the agent's keys, then the default key files; for
 * http(s) git's credential helpers; then the user and password written
 * in the URL.  When nothing is left, the message says what to do.
 */
static int
cred_cb(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *payload)
{
	struct syncctx	*x = payload;
	struct cred	 c;
	int		 rc;

	(void)url;
	if (++x->cred_calls > 16)
		goto refuse;
	/* As ssh does: without a user in the URL, the local one. */
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user != NULL &&
		    user[0] != '\0' ? user : login_name());
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) &&
	    (rc = ssh_key(out, x, user != NULL && user[0] != '\0' ? user :
	    login_name())) != GIT_PASSTHROUGH)
		return rc;
	if (!(allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
		goto refuse;
	if ((rc = helper_cred(out, x, user)) != GIT_PASSTHROUGH)
		return rc;
	if (!x->tried_url && cred_from_url(x->url, &c) &&
	    c.password[0] != '\0') {
		x->tried_url = x->used_url = true;
		rc = git_credential_userpass_plaintext_new(out, c.username,
		    c.password);
		cred_wipe(&c);
		return rc;
	}
refuse:
	refusal(x, allowed);
	git_error_set_str(GIT_ERROR_NET, x->cred_msg);
	return GIT_EAUTH;
}

/* The user and port an ssh remote names, for the remedies. */
static void
ssh_target(struct syncctx *x, char *user, size_t usize, int *port)
{
	char	 h[256];

	if (!ssh_url_parse(x->url, user, usize, h, sizeof(h), port)) {
		user[0] = '\0';
		*port = 22;
	}
	if (user[0] == '\0')
		snprintf(user, usize, "%s", login_name());
}

/*
 * The ssh host's key against the known_hosts files, as ssh checks it.
 * libgit2 (through libssh2) only says "not valid": whether the host is
 * unknown or its key changed makes all the difference to the user.
 * With a libgit2 that runs OpenSSH instead, ssh checks and this is
 * never called.  TLS certificates keep libgit2's verdict.
 */
static int
cert_cb(git_cert *cert, int valid, const char *host, void *payload)
{
	struct syncctx		*x = payload;
	const git_cert_hostkey	*k = (const git_cert_hostkey *)cert;
	enum kh_result		 r;
	char			 name[300], where[4200], user[256], type[64];
	char			 fp[80], sp[16];
	const char		*h;
	int			 port;

	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2 ||
	    !(k->type & GIT_CERT_SSH_RAW) || k->hostkey == NULL)
		return GIT_PASSTHROUGH;
	ssh_target(x, user, sizeof(user), &port);
	if (!kh_name(host, port, name, sizeof(name)))
		return GIT_PASSTHROUGH;
	r = kh_check(home_dir(), name, (const unsigned char *)k->hostkey,
	    k->hostkey_len, where, sizeof(where));
	if (r == KH_MATCH || (valid && r != KH_REVOKED))
		return 0;
	/* ~/.ssh/known_hosts:3 */
	if ((h = home_dir()) != NULL && strncmp(where, h, strlen(h)) == 0 &&
	    where[strlen(h)] == '/') {
		where[0] = '~';
		memmove(where + 1, where + strlen(h), strlen(where + strlen(h))
		    + 1);
	}
	if (!sshkey_type((const unsigned char *)k->hostkey, k->hostkey_len,
	    type, sizeof(type)))
		snprintf(type, sizeof(type), "key");
	snprintf(fp, sizeof(fp), "SHA256:");
	if (!(k->type & GIT_CERT_SSH_SHA256) || !b64_encode_nopad(
	    k->hash_sha256, sizeof(k->hash_sha256), fp + 7, sizeof(fp) - 7))
		snprintf(fp, sizeof(fp), "(no fingerprint)");
	sp[0] = '\0';
	if (port != 22)
		snprintf(sp, sizeof(sp), " -p %d", port);
	if (r == KH_CHANGED)
		note(x, "WARNING: REMOTE "
		    "HOST IDENTIFICATION HAS CHANGED for '%s': it offers %s "
		    "%s, not the key in %s; someone may be intercepting the "
		    "connection, or the host's key was replaced.  hips will "
		    "not connect: if the new key is right, remove the old "
		    "one with 'ssh-keygen -R \"%s\"' and connect once with "
		    "'ssh%s %s@%s'", name, type, fp, where, name, sp, user,
		    host);
	else if (r == KH_REVOKED)
		note(x, "the host key of "
		    "'%s' (%s %s) is revoked in %s: hips will not connect",
		    name, type, fp, where);
	else
		note(x, "the host key of "
		    "'%s' is not known (%s %s): to trust it, connect once "
		    "with 'ssh%s %s@%s' and check the fingerprint, or add it "
		    "with 'ssh-keyscan%s %s >> ~/.ssh/known_hosts'", name,
		    type, fp, sp, user, host, sp, host);
	git_error_set_str(GIT_ERROR_SSH, x->cred_msg);
	return GIT_ECERTIFICATE;
}

/* Finish a progress line left open. */
static void
progress_end(struct syncctx *x)
{
	if (x->pct >= 0)
		fputc('\n', stderr);
	x->pct = -1;
}

/*
 * "what: 42% (50/120)" on one line rewritten at most ten times a second,
 * then "what: 100% (120/120), done." once.
 */
static void
progress(struct syncctx *x, const char *what, unsigned done, unsigned total)
{
	long	 now;
	int	 pct;

	if (total == 0 || x->finished == what)
		return;
	if (x->phase != what) {
		progress_end(x);
		x->phase = what;
	}
	pct = (int)((unsigned long long)done * 100 / total);
	now = now_ms();
	if (done < total && (pct == x->pct || (x->pct >= 0 &&
	    now - x->shown_ms < 100)))
		return;
	fprintf(stderr, "\r%s: %3d%% (%u/%u)", what, pct, done, total);
	x->pct = pct;
	x->shown_ms = now;
	if (done >= total) {
		fputs(", done.", stderr);
		progress_end(x);
		x->finished = what;
	}
}

static int
fetch_progress_cb(const git_indexer_progress *p, void *payload)
{
	progress(payload, "receiving objects", p->received_objects,
	    p->total_objects);
	if (p->received_objects == p->total_objects)
		progress(payload, "indexing objects", p->indexed_objects,
		    p->total_objects);
	return 0;
}

static int
push_progress_cb(unsigned int current, unsigned int total, size_t bytes,
    void *payload)
{
	(void)bytes;
	progress(payload, "writing objects", current, total);
	return 0;
}

/* The remote's own messages, without its terminal escapes. */
static int
sideband_cb(const char *text, int len, void *payload)
{
	int	 i;

	progress_end(payload);
	for (i = 0; i < len; i++) {
		unsigned char	 c = (unsigned char)text[i];

		if (c >= 0x20 || c == '\n' || c == '\r')
			fputc(c, stderr);
	}
	return 0;
}

static int
push_ref_cb(const char *ref, const char *status, void *payload)
{
	struct syncctx	*x = payload;

	(void)ref;
	if (status != NULL) {
		x->rejected = true;
		snprintf(x->reject, sizeof(x->reject), "%s", status);
	}
	return 0;
}

/* The callbacks of one connection: every credential may be offered. */
static void
callbacks(git_remote_callbacks *cb, struct syncctx *x)
{
	x->cred_calls = 0;
	x->tried_agent = false;
	x->next_key = 0;
	x->tried_helper = false;
	x->helper_used = false;
	x->tried_url = false;
	x->cred_msg[0] = '\0';
	cb->credentials = cred_cb;
	cb->certificate_check = cert_cb;
	cb->push_update_reference = push_ref_cb;
	if (x->s->progress) {
		cb->transfer_progress = fetch_progress_cb;
		cb->push_transfer_progress = push_progress_cb;
		cb->sideband_progress = sideband_cb;
	}
	cb->payload = x;
}

/*
 * A lock file that stopped git, named in msg ("failed to lock file
 * '...' for writing"): its name, its age and the remedy, as what's
 * error.  Returns -1, or 0 when msg names no lock file.
 */
static int
lockfail(struct error *e, const char *what, const char *msg)
{
	static const char	 pre[] = "failed to lock file '";
	const char		*p, *q;
	char			 path[4096], age[64];
	struct stat		 sb;

	if (msg == NULL || (p = strstr(msg, pre)) == NULL)
		return 0;
	p += sizeof(pre) - 1;
	if ((q = strstr(p, "' for writing")) == NULL ||
	    (size_t)(q - p) >= sizeof(path))
		return 0;
	memcpy(path, p, (size_t)(q - p));
	path[q - p] = '\0';
	if (lstat(path, &sb) == -1)
		return say(e, 1, "%s: '%s' was locked by another git; run "
		    "'hips sync' again", what, path);
	age_words(sb.st_mtime, age, sizeof(age));
	return say(e, 1, "%s: '%s' has been locked for %s: if no git is at "
	    "work on that repository (a push or sync killed on the way "
	    "leaves such a lock), remove that file, then run 'hips sync' "
	    "again", what, path, age);
}

/* A network failure: what the credential callback said, or libgit2. */
static int
netfail(struct error *e, struct syncctx *x, const char *what)
{
	const git_error	*ge = git_error_last();
	char		 user[256], host[256];
	int		 port;
	char		 where[600];

	progress_end(x);
	if (x->cred_msg[0] != '\0')
		return say(e, 1, "%s", x->cred_msg);
	if (!(git_libgit2_features() & GIT_FEATURE_SSH) &&
	    ssh_url_parse(x->url, user, sizeof(user), host, sizeof(host),
	    &port))
		return say(e, 1, "%s '%s': this libgit2 was built without "
		    "ssh: use an https remote", what, x->shown);
	snprintf(where, sizeof(where), "%s '%s'", what, x->shown);
	if (ge != NULL && lockfail(e, where, ge->message) == -1)
		return -1;
	return say(e, 1, "%s '%s': %s", what, x->shown,
	    ge != NULL && ge->message != NULL ? ge->message : "unknown error");
}

/*
 * Fetch branch's objects; *has says if origin has it, *rid is its
 * commit.  No ref moves here, outside the writer lock (a sync killed
 * while it fetches leaves no lock behind): track() moves
 * refs/remotes/origin/ under the lock.
 */
static int
fetch(git_remote *r, const char *branch, struct syncctx *x, git_oid *rid,
    bool *has, struct error *e)
{
	git_fetch_options	 fo = GIT_FETCH_OPTIONS_INIT;
	const git_remote_head	**heads;
	git_strarray		 specs;
	char			 spec[600], *list[1];
	size_t			 n, i;

	*has = false;
	snprintf(spec, sizeof(spec), "+%s:refs/remotes/origin/%s", branch,
	    branch + strlen("refs/heads/"));
	list[0] = spec;
	specs.strings = list;
	specs.count = 1;
	callbacks(&fo.callbacks, x);
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if (git_remote_download(r, &specs, &fo) < 0) {
		git_remote_disconnect(r);
		return netfail(e, x, "cannot fetch from");
	}
	progress_end(x);
	helper_approve(x);
	if (git_remote_ls(&heads, &n, r) < 0) {
		git_remote_disconnect(r);
		return gitfail(e, "cannot list the remote's branches");
	}
	for (i = 0; i < n; i++)
		if (strcmp(heads[i]->name, branch) == 0) {
			git_oid_cpy(rid, &heads[i]->oid);
			*has = true;
		}
	git_remote_disconnect(r);
	return 0;
}

/* With the lock held: refs/remotes/origin/BRANCH to what was fetched. */
static int
track(git_repository *repo, const char *branch, const git_oid *rid,
    bool has, struct error *e)
{
	const char	*dir = git_repository_commondir(repo);
	struct reflock	 l;
	char		 hex[GIT_OID_HEXSZ + 2];

	if (!has)
		return 0;
	/*
	 * Through a lock of hips's own (make_lock()), recorded before it
	 * exists: a sync killed here leaves a lock that the next write
	 * knows to be its own and removes.
	 */
	l.fd = -1;
	l.renamed = false;
	if ((size_t)snprintf(l.ref, sizeof(l.ref), "%srefs/remotes/origin/%s",
	    dir, branch + strlen("refs/heads/")) >= sizeof(l.ref))
		return say(e, 1, "cannot record the remote's branch: name "
		    "too long");
	snprintf(l.lock, sizeof(l.lock), "%s.lock", l.ref);
	if ((l.fd = make_lock(repo, l.lock, strlen(dir))) == -1)
		return say(e, 1, "cannot record the remote's branch: cannot "
		    "lock '%s': %s", l.lock, strerror(errno));
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, rid);
	hex[GIT_OID_HEXSZ] = '\n';
	if (write_all(l.fd, hex, GIT_OID_HEXSZ + 1) == -1) {
		say(e, 1, "cannot record the remote's branch: cannot write "
		    "'%s': %s", l.lock, strerror(errno));
		ref_unlock(&l);
		return -1;
	}
	if (ref_commit(&l) == -1)
		return gitfail(e, "cannot record the remote's branch");
	return 0;
}

/* 0 pushed, RETRY rejected (someone pushed first), -1 failed. */
static int
push(git_remote *r, const char *branch, struct syncctx *x,
    struct error *e)
{
	git_push_options	 po = GIT_PUSH_OPTIONS_INIT;
	git_strarray		 specs;
	char			 spec[600], *list[1], where[600];
	int			 rc;

	snprintf(spec, sizeof(spec), "%s:%s", branch, branch);
	list[0] = spec;
	specs.strings = list;
	specs.count = 1;
	callbacks(&po.callbacks, x);
	x->rejected = false;
	/*
	 * Upload only: refs/remotes/origin/ moves under the lock (track()),
	 * so that a sync killed here leaves no lock in the repository.
	 */
	rc = git_remote_upload(r, &specs, &po);
	git_remote_disconnect(r);
	progress_end(x);
	if (rc == 0 || rc == GIT_ENONFASTFORWARD)
		helper_approve(x);
	/* A lock file in a remote on a path: no retry removes it. */
	if (x->rejected) {
		snprintf(where, sizeof(where), "cannot push to '%s'", x->shown);
		if (lockfail(e, where, x->reject) == -1)
			return -1;
	}
	if (rc == GIT_ENONFASTFORWARD) {
		snprintf(x->reject, sizeof(x->reject), "%s",
		    git_error_last() ? git_error_last()->message : "rejected");
		return RETRY;
	}
	if (rc < 0)
		return netfail(e, x, "cannot push to");
	return x->rejected ? RETRY : 0;
}

static bool
is_log_path(const char *path)
{
	size_t	 n = strlen(path);

	return strncmp(path, "log/", 4) == 0 && n > 8 &&
	    strcmp(path + n - 4, ".log") == 0 && strchr(path + 4, '/') == NULL;
}

/* The blob at path in tree, if it is a regular file: 1, 0 if absent. */
static int
log_blob(git_repository *repo, git_tree *tree, const char *path,
    git_blob **out)
{
	git_tree_entry	*te = NULL;
	int		 rc;

	*out = NULL;
	if (tree == NULL)
		return 0;
	rc = git_tree_entry_bypath(&te, tree, path);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return -1;
	if (git_tree_entry_filemode(te) != GIT_FILEMODE_BLOB)
		rc = -2;
	else
		rc = git_blob_lookup(out, repo, git_tree_entry_id(te)) < 0 ?
		    -1 : 1;
	git_tree_entry_free(te);
	return rc;
}

/*
 * The month file at path, in both ours and theirs and different, as the
 * multiset merge of its lines against the base (linemerge.h), whatever
 * git's merge, or a merge=union in .gitattributes, made of it: the
 * index gets the result in place of git's, conflict or not.  A month
 * file deleted on one side, or anything not a regular file, is left to
 * git (a conflict then stops the sync).
 */
static int
log_merge(git_repository *repo, git_index *idx, git_tree *bt, git_tree *ot,
    git_tree *tt, const char *path, struct error *e)
{
	git_blob		*b = NULL, *o = NULL, *t = NULL;
	const git_index_entry	*ca, *co, *ct;
	git_index_entry		 ie;
	git_oid			 id;
	char			*text = NULL, *copy = NULL;
	size_t			 len;
	int			 rc = -1, rb, ro, rt;

	ro = log_blob(repo, ot, path, &o);
	rt = log_blob(repo, tt, path, &t);
	rb = log_blob(repo, bt, path, &b);
	if (ro == -1 || rt == -1 || rb == -1) {
		gitfail(e, "cannot read a log file to merge");
		goto out;
	}
	rc = 0;
	if (ro != 1 || rt != 1 || rb == -2 ||
	    git_oid_equal(git_blob_id(o), git_blob_id(t)))
		goto out;
	if (rb == 1 && git_oid_equal(git_blob_id(b), git_blob_id(o)))
		id = *git_blob_id(t);
	else if (rb == 1 && git_oid_equal(git_blob_id(b), git_blob_id(t)))
		id = *git_blob_id(o);
	else {
		if (linemerge(b ? git_blob_rawcontent(b) : "",
		    b ? (size_t)git_blob_rawsize(b) : 0,
		    git_blob_rawcontent(o), (size_t)git_blob_rawsize(o),
		    git_blob_rawcontent(t), (size_t)git_blob_rawsize(t),
		    &text, &len) == -1) {
			rc = say(e, 1, "out of memory");
			goto out;
		}
		if (git_blob_create_from_buffer(&id, repo, text, len) < 0) {
			rc = gitfail(e, "cannot store a merged log file");
			goto out;
		}
	}
	if ((copy = strdup(path)) == NULL) {
		rc = say(e, 1, "out of memory");
		goto out;
	}
	memset(&ie, 0, sizeof(ie));
	ie.mode = GIT_FILEMODE_BLOB;
	ie.id = id;
	ie.path = copy;
	if (git_index_conflict_get(&ca, &co, &ct, idx, copy) == 0 &&
	    git_index_conflict_remove(idx, copy) < 0)
		rc = gitfail(e, "cannot record a merged log file");
	else if (git_index_add(idx, &ie) < 0)
		rc = gitfail(e, "cannot record a merged log file");
out:
	free(copy);
	free(text);
	git_blob_free(b);
	git_blob_free(t);
	git_blob_free(o);
	return rc;
}

/*
 * Merge each month file of ours that theirs has too (log_merge); base
 * is NULL when the histories share none.
 */
static int
logs_merge(git_repository *repo, git_index *idx, git_commit *base,
    git_commit *ours, git_commit *theirs, struct error *e)
{
	git_tree		*bt = NULL, *ot = NULL, *tt = NULL;
	git_tree		*logs = NULL;
	git_tree_entry		*dir = NULL;
	const git_tree_entry	*te;
	char			 path[300];
	size_t			 i, n;
	int			 rc = -1, grc;

	if ((base != NULL && git_commit_tree(&bt, base) < 0) ||
	    git_commit_tree(&ot, ours) < 0 ||
	    git_commit_tree(&tt, theirs) < 0) {
		gitfail(e, "cannot read the trees to merge");
		goto out;
	}
	grc = git_tree_entry_bypath(&dir, ot, "log");
	if (grc == GIT_ENOTFOUND || (grc == 0 &&
	    git_tree_entry_type(dir) != GIT_OBJECT_TREE)) {
		rc = 0;
		goto out;
	}
	if (grc < 0 || git_tree_lookup(&logs, repo,
	    git_tree_entry_id(dir)) < 0) {
		gitfail(e, "cannot read the log directory to merge");
		goto out;
	}
	n = git_tree_entrycount(logs);
	for (i = 0; i < n; i++) {
		te = git_tree_entry_byindex(logs, i);
		if ((size_t)snprintf(path, sizeof(path), "log/%s",
		    git_tree_entry_name(te)) >= sizeof(path) ||
		    !is_log_path(path))
			continue;
		if (log_merge(repo, idx, bt, ot, tt, path, e) == -1)
			goto out;
	}
	rc = 0;
out:
	git_tree_free(logs);
	git_tree_entry_free(dir);
	git_tree_free(tt);
	git_tree_free(ot);
	git_tree_free(bt);
	return rc;
}

/* names gets the paths left in conflict: they stop the sync. */
static int
conflicts(git_index *idx, char *names, size_t size, struct error *e)
{
	git_index_conflict_iterator	*it = NULL;
	const git_index_entry		*a, *o, *t;
	const char			*path;
	int				 r;

	names[0] = '\0';
	if (git_index_conflict_iterator_new(&it, idx) < 0)
		return gitfail(e, "cannot read the merge conflicts");
	while ((r = git_index_conflict_next(&a, &o, &t, it)) == 0) {
		path = o ? o->path : t ? t->path : a->path;
		if (strlen(names) + strlen(path) + 8 < size)
			snprintf(names + strlen(names), size - strlen(names),
			    "%s'%s'", names[0] ? ", " : "", path);
	}
	git_index_conflict_iterator_free(it);
	if (r != GIT_ITEROVER)
		return gitfail(e, "cannot read the merge conflicts");
	return 0;
}

/*
 * Merge theirs into ours as a new commit (no branch moves); base_id is
 * their merge base, or NULL.
 */
static int
merge(git_repository *repo, git_commit *ours, git_commit *theirs,
    const git_oid *base_id, const char *name, const char *email,
    const char *remote_ref, git_oid *out, struct error *e)
{
	git_merge_options	 mo = GIT_MERGE_OPTIONS_INIT;
	git_commit		*base = NULL;
	git_index		*idx = NULL;
	git_tree		*tree = NULL;
	git_signature		*sig = NULL;
	const git_commit	*parents[2];
	git_oid			 tree_id;
	char			 names[600], msg[400];
	int			 rc = -1;

	/* No rename detection: a file gone on one side is a conflict. */
	mo.flags = 0;
	if (git_merge_commits(&idx, repo, ours, theirs, &mo) < 0) {
		gitfail(e, "cannot merge");
		goto out;
	}
	if (base_id != NULL && git_commit_lookup(&base, repo, base_id) < 0) {
		gitfail(e, "cannot read the merge base");
		goto out;
	}
	if (logs_merge(repo, idx, base, ours, theirs, e) == -1)
		goto out;
	if (git_index_has_conflicts(idx)) {
		if (conflicts(idx, names, sizeof(names), e) == -1)
			goto out;
		if (names[0] != '\0') {
			say(e, 1, "cannot merge %s: both sides changed %s in "
			    "ways that cannot be joined; nothing was changed. "
			    "To finish by hand: 'hips git merge %s', fix the "
			    "files, 'hips git commit -a', then 'hips sync'",
			    remote_ref, names, remote_ref);
			goto out;
		}
	}
	if (git_index_write_tree_to(&tree_id, idx, repo) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0) {
		gitfail(e, "cannot write the merged tree");
		goto out;
	}
	if (signature(repo, name, email, &sig, e) == -1)
		goto out;
	snprintf(msg, sizeof(msg), "sync: merge %s\n", remote_ref);
	parents[0] = ours;
	parents[1] = theirs;
	if (git_commit_create(out, repo, NULL, sig, sig, NULL, msg, tree, 2,
	    parents) < 0) {
		gitfail(e, "cannot write the merge commit");
		goto out;
	}
	rc = 0;
out:
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
	git_commit_free(base);
	return rc;
}

struct notify {
	char	path[256];
};

static int
notify_cb(git_checkout_notify_t why, const char *path,
    const git_diff_file *baseline, const git_diff_file *target,
    const git_diff_file *workdir, void *payload)
{
	struct notify	*n = payload;

	(void)why;
	(void)baseline;
	(void)target;
	(void)workdir;
	if (n->path[0] == '\0')
		snprintf(n->path, sizeof(n->path), "%s", path);
	return 0;
}

/* What a tree entry is, when it is not a regular file. */
static const char *
entry_kind(git_filemode_t mode)
{
	switch (mode) {
	case GIT_FILEMODE_LINK:
		return "a symbolic link";
	case GIT_FILEMODE_COMMIT:
		return "a submodule";
	case GIT_FILEMODE_TREE:
		return "a directory";
	default:
		return "not a regular file";
	}
}

static bool
regular(git_filemode_t mode)
{
	return mode == GIT_FILEMODE_BLOB ||
	    mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

struct unsafe {
	char	path[300];
	const char *what;
};

static int
unsafe_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct unsafe	*u = payload;
	git_filemode_t	 mode = git_tree_entry_filemode(te);
	const char	*name = git_tree_entry_name(te);
	size_t		 n = strlen(name);

	/* Links and submodules anywhere; in log/ itself, *.log files only. */
	if (mode == GIT_FILEMODE_LINK || mode == GIT_FILEMODE_COMMIT ||
	    (root[0] == '\0' && !regular(mode) && n > 4 &&
	    strcmp(name + n - 4, ".log") == 0)) {
		snprintf(u->path, sizeof(u->path), "log/%s%s", root, name);
		u->what = entry_kind(mode);
		return -1;
	}
	return 0;
}

/*
 * A tree hips may check out: nothing under log/ but regular files and
 * directories, and log/ itself a directory (DESIGN.md section 3), so that
 * no link a remote planted is ever followed by a write.  Also no link as
 * .gitattributes, which libgit2 would read.
 */
static int
tree_safe(git_repository *repo, git_commit *c, struct error *e)
{
	git_tree		*tree = NULL, *log = NULL;
	const git_tree_entry	*te;
	struct unsafe		 u;
	int			 rc = 0;

	memset(&u, 0, sizeof(u));
	if (git_commit_tree(&tree, c) < 0)
		return gitfail(e, "cannot read the tree to check out");
	if ((te = git_tree_entry_byname(tree, ".gitattributes")) != NULL &&
	    !regular(git_tree_entry_filemode(te))) {
		snprintf(u.path, sizeof(u.path), ".gitattributes");
		u.what = entry_kind(git_tree_entry_filemode(te));
	} else if ((te = git_tree_entry_byname(tree, "log")) != NULL) {
		if (git_tree_entry_filemode(te) != GIT_FILEMODE_TREE) {
			snprintf(u.path, sizeof(u.path), "log");
			u.what = git_tree_entry_filemode(te) ==
			    GIT_FILEMODE_LINK ? "a symbolic link" :
			    "not a directory";
		} else if (git_tree_lookup(&log, repo,
		    git_tree_entry_id(te)) < 0)
			rc = gitfail(e, "cannot read the tree to check out");
		else if (git_tree_walk(log, GIT_TREEWALK_PRE, unsafe_cb,
		    &u) < 0 && u.what == NULL)
			rc = gitfail(e, "cannot read the tree to check out");
	}
	if (rc == 0 && u.what != NULL)
		rc = say(e, 1, "'%s' is %s in the commit to check out: "
		    "refused, nothing was changed (hips reads only regular "
		    "files under log/; remove it where it was committed)",
		    u.path, u.what);
	git_tree_free(log);
	git_tree_free(tree);
	return rc;
}

/* Check out to's tree over from's, safely: local changes are never lost. */
static int
checkout(git_repository *repo, git_commit *from, git_commit *to,
    struct error *e)
{
	git_checkout_options	 co = GIT_CHECKOUT_OPTIONS_INIT;
	git_tree		*base = NULL;
	struct notify		 n;
	int			 rc;

	if (tree_safe(repo, to, e) == -1)
		return -1;
	memset(&n, 0, sizeof(n));
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = notify_cb;
	co.notify_payload = &n;
	if (from != NULL) {
		if (git_commit_tree(&base, from) < 0)
			return gitfail(e, "cannot read the current tree");
		co.baseline = base;
	}
	gitlock_mark(repo, "index.lock");
	rc = git_checkout_tree(repo, (const git_object *)to, &co);
	gitlock_mark(repo, NULL);
	git_tree_free(base);
	if (rc == GIT_ECONFLICT || (rc < 0 && n.path[0] != '\0'))
		return say(e, 1, "'%s' has changes that are not committed and "
		    "the sync would overwrite them: commit or undo them with "
		    "'hips git' first", n.path);
	if (rc < 0)
		return gitfail(e, "cannot update the work tree");
	return 0;
}

/*
 * The sync record, .git/hips-sync: "OLD NEW BRANCH\n" (OLD all zeros
 * for an unborn branch), written durably before a sync changes the work
 * tree and removed once the branch has moved from OLD to NEW.  A writer
 * that holds the lock and finds it has found a sync killed on the way:
 * sync_recover() finishes it before anything else is written, so that
 * its half-written files are never taken for hand edits.
 */
#define SYNC_RECORD	"hips-sync"

static void
record_path(git_repository *repo, char *path, size_t size)
{
	snprintf(path, size, "%s" SYNC_RECORD, git_repository_path(repo));
}

static int
record_write(git_repository *repo, const char *branch, const git_oid *old,
    const git_oid *new, struct error *e)
{
	char	 path[4096], tmp[4200], line[512];
	char	 o[GIT_OID_HEXSZ + 1], n[GIT_OID_HEXSZ + 1];
	int	 fd, len;

	git_oid_tostr(o, sizeof(o), old != NULL ? old : &zero_oid);
	git_oid_tostr(n, sizeof(n), new);
	len = snprintf(line, sizeof(line), "%s %s %s\n", o, n, branch);
	if (len < 0 || (size_t)len >= sizeof(line))
		return say(e, 1, "branch name too long");
	record_path(repo, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 || write_all(fd, line, (size_t)len) == -1 ||
	    fsync(fd) == -1 || close(fd) == -1) {
		say(e, 1, "cannot write %s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) == -1 || fsync_path(git_repository_path(repo),
	    O_RDONLY | O_DIRECTORY) == -1) {
		say(e, 1, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static void
record_clear(git_repository *repo)
{
	char	 path[4096];

	record_path(repo, path, sizeof(path));
	if (unlink(path) == 0)
		fsync_path(git_repository_path(repo), O_RDONLY | O_DIRECTORY);
}

/* Is a[0..alen) a prefix of b[0..blen)? */
static bool
is_prefix(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen <= blen && memcmp(a, b, alen) == 0;
}

/*
 * data as the work tree file full, durably, through a temporary file;
 * missing directories after the first skip bytes of full are made.
 */
static int
work_write(char *full, size_t skip, const char *data, size_t len,
    struct error *e)
{
	char		 tmp[4200], *slash;
	int		 fd;

	slash = strrchr(full, '/');
	if (slash == NULL || snprintf(tmp, sizeof(tmp), "%.*s.%s.hips-tmp",
	    (int)(slash - full + 1), full, slash + 1) >= (int)sizeof(tmp))
		return say(e, 1, "%s: path too long", full);
	fd = open_making_dirs(tmp, skip, O_WRONLY | O_CREAT | O_TRUNC |
	    O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 || write_all(fd, data, len) == -1 || fsync(fd) == -1 ||
	    close(fd) == -1) {
		say(e, 1, "cannot write %s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, full) == -1) {
		say(e, 1, "cannot write %s: %s", full, strerror(errno));
		unlink(tmp);
		return -1;
	}
	*slash = '\0';
	fsync_path(full, O_RDONLY | O_DIRECTORY);
	*slash = '/';
	return 0;
}

/*
 * Bring one file a sync changes from o to n (either NULL: absent) in
 * the work tree to the version the branch is to hold: n (forward) or o.
 * The file as the sync left it can be o, n, or a beginning of n (a
 * checkout writes a file in place): these become the target.  Anything
 * else is a change of the user's since, which is kept: going forward,
 * a month file's is merged with the sync's change (linemerge.h), so
 * that the next write commits it as a hand edit on top of n.
 */
static int
restore_file(git_repository *repo, const char *path, git_blob *o,
    git_blob *n, bool forward, struct error *e)
{
	struct stat	 sb;
	git_blob	*target = forward ? n : o;
	const char	*tdata = NULL, *odata;
	char		 full[4096], *w = NULL, *merged = NULL;
	size_t		 wlen = 0, tlen = 0, mlen, olen, skip;
	int		 rc = -1;

	odata = o ? git_blob_rawcontent(o) : "";
	olen = o ? (size_t)git_blob_rawsize(o) : 0;
	if (target != NULL) {
		tdata = git_blob_rawcontent(target);
		tlen = (size_t)git_blob_rawsize(target);
	}
	skip = strlen(git_repository_workdir(repo));
	if ((size_t)snprintf(full, sizeof(full), "%s%s",
	    git_repository_workdir(repo), path) >= sizeof(full))
		return say(e, 1, "%s: path too long", path);
	if (lstat(full, &sb) == -1) {
		if (errno != ENOENT)
			return say(e, 1, "%s: %s", full, strerror(errno));
		/* Gone: removed by the sync before it was written again. */
		return target == NULL ? 0 : work_write(full, skip, tdata,
		    tlen, e);
	}
	if (!S_ISREG(sb.st_mode))
		return say(e, 1, "cannot finish an interrupted sync: '%s' is "
		    "not a regular file", full);
	if (read_whole(full, &w, &wlen, &sb) == -1)
		return say(e, 1, "%s: %s", full, strerror(errno));
	if ((o != NULL && wlen == olen && memcmp(w, odata, wlen) == 0) ||
	    (n != NULL && is_prefix(w, wlen, git_blob_rawcontent(n),
	    (size_t)git_blob_rawsize(n)))) {
		/* Left by the sync. */
		if (target == NULL)
			rc = unlink(full) == -1 && errno != ENOENT ?
			    say(e, 1, "%s: %s", full, strerror(errno)) : 0;
		else if (wlen == tlen && memcmp(w, tdata, wlen) == 0)
			rc = 0;
		else
			rc = work_write(full, skip, tdata, tlen, e);
	} else if (forward && n != NULL && is_log_path(path)) {
		/* The user's change since. */
		if (linemerge(odata, olen, w, wlen, tdata, tlen, &merged,
		    &mlen) == -1)
			rc = say(e, 1, "out of memory");
		else if (mlen == wlen && memcmp(merged, w, wlen) == 0)
			rc = 0;
		else
			rc = work_write(full, skip, merged, mlen, e);
	} else
		rc = 0;
	free(merged);
	free(w);
	return rc;
}

/*
 * Whether path, from a tree, names a file inside the work tree that may
 * be written: no empty, ".", ".." or ".git" component, and no directory
 * on the way that is a symbolic link or not a directory.
 */
static bool
safe_path(const char *workdir, const char *path)
{
	struct stat	 sb;
	const char	*p, *c;
	char		 full[4096];
	size_t		 n;

	for (p = path;; p = c + 1) {
		c = strchr(p, '/');
		n = c ? (size_t)(c - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && strncmp(p, "..", 2) == 0) ||
		    (n == 4 && strncasecmp(p, ".git", 4) == 0))
			return false;
		if (c == NULL)
			return true;
		if ((size_t)snprintf(full, sizeof(full), "%s%.*s", workdir,
		    (int)(c - path), path) >= sizeof(full))
			return false;
		if (lstat(full, &sb) == 0 && !S_ISDIR(sb.st_mode))
			return false;
	}
}

static bool
is_file_mode(uint16_t mode)
{
	return mode == GIT_FILEMODE_BLOB ||
	    mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/*
 * Bring the work tree and the index from a sync's half-way state to
 * commit new (forward) or back to old (NULL: an unborn branch), file by
 * file as restore_file() says.  Only regular files are written.
 */
static int
restore(git_repository *repo, git_commit *old, git_commit *new,
    bool forward, struct error *e)
{
	git_tree		*ot = NULL, *nt = NULL;
	git_diff		*diff = NULL;
	git_index		*idx = NULL;
	git_blob		*ob = NULL, *nb = NULL;
	const git_diff_delta	*d;
	const git_diff_file	*tf;
	git_index_entry		 ie;
	size_t			 i, n;
	int			 rc = -1;

	if ((old != NULL && git_commit_tree(&ot, old) < 0) ||
	    git_commit_tree(&nt, new) < 0 ||
	    git_diff_tree_to_tree(&diff, repo, ot, nt, NULL) < 0 ||
	    git_repository_index(&idx, repo) < 0 ||
	    git_index_read(idx, 1) < 0) {
		gitfail(e, "cannot read the interrupted sync");
		goto out;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		d = git_diff_get_delta(diff, i);
		if ((d->status != GIT_DELTA_ADDED &&
		    !is_file_mode(d->old_file.mode)) ||
		    (d->status != GIT_DELTA_DELETED &&
		    !is_file_mode(d->new_file.mode)))
			continue;
		/* Never written, as no checkout writes it either. */
		if (!safe_path(git_repository_workdir(repo),
		    d->new_file.path))
			continue;
		if ((d->status != GIT_DELTA_ADDED && git_blob_lookup(&ob, repo,
		    &d->old_file.id) < 0) || (d->status != GIT_DELTA_DELETED &&
		    git_blob_lookup(&nb, repo, &d->new_file.id) < 0)) {
			gitfail(e, "cannot read the interrupted sync");
			goto out;
		}
		if (restore_file(repo, d->new_file.path, ob, nb, forward,
		    e) == -1)
			goto out;
		tf = forward ? &d->new_file : &d->old_file;
		if ((forward ? nb : ob) == NULL)
			git_index_remove(idx, d->new_file.path, 0);
		else {
			/* No stat data: git compares the file once. */
			memset(&ie, 0, sizeof(ie));
			ie.mode = tf->mode;
			ie.id = tf->id;
			ie.path = d->new_file.path;
			if (git_index_add(idx, &ie) < 0) {
				gitfail(e, "cannot update the index");
				goto out;
			}
		}
		git_blob_free(nb);
		git_blob_free(ob);
		nb = ob = NULL;
	}
	gitlock_mark(repo, "index.lock");
	rc = git_index_write(idx);
	gitlock_mark(repo, NULL);
	if (rc < 0) {
		rc = -1;
		gitfail(e, "cannot write the index");
		goto out;
	}
	rc = 0;
out:
	git_blob_free(nb);
	git_blob_free(ob);
	git_index_free(idx);
	git_diff_free(diff);
	git_tree_free(nt);
	git_tree_free(ot);
	return rc;
}

/*
 * With the writer lock held, before anything else is written: finish a
 * sync that was killed after it recorded its intent (see SYNC_RECORD).
 * The branch still at OLD moves to NEW, the work tree and the index
 * follow; a branch moved elsewhere since (by git) stops every write
 * until the user has looked.
 */
static int
sync_recover(struct store *st, struct error *e)
{
	git_repository	*repo = st->repo;
	git_commit	*old = NULL, *new = NULL;
	git_reference	*ref = NULL;
	git_oid		 oid, nid, cur;
	char		 path[4096], o[64], nw[64], branch[256];
	char		 lockname[300];
	char		*text = NULL;
	const char	*msg = "hips: finished a sync that was interrupted\n";
	struct stat	 sb;
	size_t		 len;
	int		 rc = -1, grc;

	record_path(repo, path, sizeof(path));
	if (lstat(path, &sb) == -1 && errno == ENOENT)
		return 0;
	if (read_whole(path, &text, &len, &sb) == -1)
		return say(e, 1, "%s: %s", path, strerror(errno));
	text[len] = '\0';
	if (sscanf(text, "%63s %63s %255s", o, nw, branch) != 3 ||
	    git_oid_fromstr(&oid, o) < 0 || git_oid_fromstr(&nid, nw) < 0 ||
	    strncmp(branch, "refs/heads/", 11) != 0) {
		say(e, 1, "%s: not a record of hips sync; remove it", path);
		goto out;
	}
	grc = git_reference_name_to_id(&cur, repo, branch);
	if (grc == GIT_ENOTFOUND)
		git_oid_cpy(&cur, &zero_oid);
	else if (grc < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	}
	if (!git_oid_equal(&cur, &oid) && !git_oid_equal(&cur, &nid)) {
		say(e, 1, "a sync was interrupted (%s), and '%s' has moved "
		    "since: check the files with 'hips git status' and 'hips "
		    "git diff', commit what is to be kept, then remove %s",
		    path, branch + 11, path);
		goto out;
	}
	if ((!git_oid_is_zero(&oid) && git_commit_lookup(&old, repo,
	    &oid) < 0) || git_commit_lookup(&new, repo, &nid) < 0) {
		gitfail(e, "cannot read the commits of an interrupted sync");
		goto out;
	}
	if (restore(repo, old, new, true, e) == -1)
		goto out;
	if (git_oid_equal(&cur, &oid)) {
		snprintf(lockname, sizeof(lockname), "%s.lock", branch);
		gitlock_mark(repo, lockname);
		grc = old == NULL ? git_reference_create(&ref, repo, branch,
		    &nid, 0, "sync: finish an interrupted sync") :
		    git_reference_create_matching(&ref, repo, branch, &nid, 1,
		    &oid, "sync: finish an interrupted sync");
		gitlock_mark(repo, NULL);
		if (grc < 0) {
			gitfail(e, "cannot finish an interrupted sync");
			goto out;
		}
	}
	record_clear(repo);
	write_all(STDERR_FILENO, msg, strlen(msg));
	rc = 0;
out:
	git_reference_free(ref);
	git_commit_free(new);
	git_commit_free(old);
	free(text);
	return rc;
}

/*
 * Move branch from old (NULL: unborn) to new, work tree first, under a
 * sync record (SYNC_RECORD): on failure the work tree goes back; killed,
 * the next writer finishes the move.
 */
static int
advance(git_repository *repo, const char *branch, git_commit *old,
    const git_oid *new_id, const char *reflog, struct error *e)
{
	git_commit		*new = NULL;
	git_reference		*ref = NULL;
	struct error	 ignored;
	git_oid			 head;
	char			 lockname[512];
	int			 rc = -1, grc;

	if (git_commit_lookup(&new, repo, new_id) < 0) {
		gitfail(e, "cannot read the new commit");
		goto out;
	}
	if (record_write(repo, branch, old ? git_commit_id(old) : NULL,
	    new_id, e) == -1)
		goto out;
	if (checkout(repo, old, new, e) == -1) {
		if (restore(repo, old, new, false, &ignored) == 0)
			record_clear(repo);
		goto out;
	}
	snprintf(lockname, sizeof(lockname), "%s.lock", branch);
	gitlock_mark(repo, lockname);
	if (old == NULL)
		grc = git_reference_create(&ref, repo, branch, new_id, 0,
		    reflog);
	else
		grc = git_reference_create_matching(&ref, repo, branch, new_id,
		    1, git_commit_id(old), reflog);
	gitlock_mark(repo, NULL);
	if (grc < 0) {
		gitfail(e, "cannot move the branch");
		if (restore(repo, old, new, false, &ignored) == 0)
			record_clear(repo);
		goto out;
	}
	if (git_reference_name_to_id(&head, repo, "HEAD") < 0 ||
	    !git_oid_equal(&head, new_id)) {
		say(e, 1, "the sync did not reach HEAD (is the disk full?)");
		goto out;
	}
	record_clear(repo);
	rc = 0;
out:
	git_reference_free(ref);
	git_commit_free(new);
	return rc;
}

/* A history with nothing of the user's: only hips's first commit. */
static bool
empty_history(git_commit *c)
{
	git_tree		*tree = NULL;
	const git_tree_entry	*te;
	size_t			 i, n;
	bool			 empty = true;

	if (git_commit_parentcount(c) != 0 || git_commit_tree(&tree, c) < 0)
		return false;
	n = git_tree_entrycount(tree);
	for (i = 0; i < n; i++) {
		te = git_tree_entry_byindex(tree, i);
		if (strcmp(git_tree_entry_name(te), ".gitattributes") != 0)
			empty = false;
	}
	git_tree_free(tree);
	return empty;
}

static void
sigs_block(sigset_t *old)
{
	sigset_t	 set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* How many commits lead to id. */
static size_t
count_commits(git_repository *repo, const git_oid *id)
{
	git_revwalk	*w = NULL;
	git_oid		 c;
	size_t		 n = 0;

	if (git_revwalk_new(&w, repo) < 0)
		return 0;
	if (git_revwalk_push(w, id) == 0)
		while (git_revwalk_next(&c, w) == 0)
			n++;
	git_revwalk_free(w);
	return n;
}

struct tally {
	bool	 edits;			/* hand edits committed */
	bool	 adopted;		/* took origin's history */
	size_t	 in;			/* commits brought in */
	size_t	 merges;
	size_t	 out;			/* commits pushed */
	int	 tries;
};

/*
 * One round: bring origin's branch (rid, if has) into HEAD's.  *topush
 * says whether origin lacks something of ours.
 */
static int
integrate(struct store *st, struct store_sync *s, const char *branch,
    const char *remote_ref, const git_oid *rid, bool has, const char *name,
    const char *email, struct tally *t, bool *topush, struct error *e)
{
	git_repository		*repo = st->repo;
	git_commit		*ours = NULL, *theirs = NULL;
	struct store_commit	 c;
	git_oid			 lid, mid, base;
	size_t			 ahead = 0, behind = 0;
	char			 reflog[400];
	bool			 unborn;
	int			 rc = -1, grc;

	*topush = false;
	if (t->tries == 1) {
		if (s->tidy != NULL && s->tidy(s->arg, e) == -1)
			return -1;
		memset(&c, 0, sizeof(c));
		c.message = "edit: changes made by hand, committed by sync\n";
		c.name = name;
		c.email = email;
		if (store_commit(st, &c, e) == -1)
			return -1;
		t->edits = c.moved;
	}
	grc = git_reference_name_to_id(&lid, repo, branch);
	if (grc < 0 && grc != GIT_ENOTFOUND)
		return gitfail(e, "cannot read the current commit");
	unborn = grc == GIT_ENOTFOUND;
	if (!unborn && git_commit_lookup(&ours, repo, &lid) < 0) {
		gitfail(e, "cannot read the current commit");
		goto out;
	}
	if (!has) {
		/* An empty remote: ours is all there is. */
		*topush = !unborn;
		rc = 0;
		goto out;
	}
	if (git_commit_lookup(&theirs, repo, rid) < 0) {
		gitfail(e, "cannot read the remote's commit");
		goto out;
	}
	if (!unborn && git_oid_equal(&lid, rid)) {
		rc = 0;
		goto out;
	}
	grc = unborn ? GIT_ENOTFOUND : git_merge_base(&base, repo, &lid, rid);
	if (grc < 0 && grc != GIT_ENOTFOUND) {
		gitfail(e, "cannot compare the histories");
		goto out;
	}
	if (grc == GIT_ENOTFOUND && (unborn || empty_history(ours))) {
		/* A fresh repository takes origin's history as it is. */
		snprintf(reflog, sizeof(reflog), "sync: take %s", remote_ref);
		if (advance(repo, branch, ours, rid, reflog, e) == -1)
			goto out;
		t->adopted = true;
		rc = 0;
		goto out;
	}
	if (grc == GIT_ENOTFOUND && !s->allow_unrelated &&
	    !empty_history(theirs)) {
		/*
		 * As git does: a history that shares no commit with ours is
		 * another repository, or ours rewritten and force-pushed.
		 */
		say(e, 1, "'%s' shares no history with '%s' (another "
		    "repository, or a history rewritten and force-pushed); "
		    "nothing was merged: to join them, keeping the entries "
		    "of both, run 'hips sync --allow-unrelated'", remote_ref,
		    branch + strlen("refs/heads/"));
		goto out;
	}
	if (grc == 0 && git_oid_equal(&base, rid)) {
		/* Ours already holds theirs. */
		*topush = true;
		rc = 0;
		goto out;
	}
	if (git_graph_ahead_behind(&ahead, &behind, repo, &lid, rid) == 0)
		t->in += behind;
	if (grc == 0 && git_oid_equal(&base, &lid)) {
		snprintf(reflog, sizeof(reflog), "sync: fast-forward to %s",
		    remote_ref);
		rc = advance(repo, branch, ours, rid, reflog, e);
		goto out;
	}
	if (merge(repo, ours, theirs, grc == 0 ? &base : NULL, name, email,
	    remote_ref, &mid, e) == -1)
		goto out;
	snprintf(reflog, sizeof(reflog), "sync: merge %s", remote_ref);
	if (advance(repo, branch, ours, &mid, reflog, e) == -1)
		goto out;
	t->merges++;
	*topush = true;
	rc = 0;
out:
	git_commit_free(theirs);
	git_commit_free(ours);
	return rc;
}

static void
summarise(struct store_sync *s, const struct tally *t, const char *remote)
{
	char	*p = s->summary;
	size_t	 left = sizeof(s->summary);
	int	 n;

#define ADD(...) do {							\
	n = snprintf(p, left, __VA_ARGS__);				\
	if (n > 0 && (size_t)n < left) {				\
		p += n;							\
		left -= (size_t)n;					\
	}								\
} while (0)
	s->summary[0] = '\0';
	if (t->edits)
		ADD("committed changes made by hand; ");
	if (t->adopted)
		ADD("took the history of %s", remote);
	else if (t->merges > 0)
		ADD("merged %zu new commit%s from %s", t->in,
		    t->in == 1 ? "" : "s", remote);
	else if (t->in > 0)
		ADD("fast-forwarded %zu commit%s from %s", t->in,
		    t->in == 1 ? "" : "s", remote);
	if (t->out > 0)
		ADD("%spushed %zu commit%s to origin", p == s->summary ||
		    p[-2] == ';' ? "" : ", ", t->out, t->out == 1 ? "" : "s");
	if (p == s->summary || p[-2] == ';')
		ADD("up to date with origin");
	if (t->tries > 1)
		ADD(" (%d attempts: the remote moved meanwhile)", t->tries);
#undef ADD
}

static int
store_sync(struct store *st, struct store_sync *s, const char *name,
    const char *email, struct error *e)
{
	git_repository	*repo = st->repo;
	git_remote	*r = NULL;
	struct syncctx	 x;
	struct tally	 t;
	struct error ignored;
	sigset_t	 old;
	git_oid		 rid, lid, before;
	char		 branch[256], remote_ref[300];
	bool		 has, topush, had_before, pushed;
	size_t		 ahead, behind;
	int		 rc = -1, grc;

	memset(&x, 0, sizeof(x));
	memset(&t, 0, sizeof(t));
	x.s = s;
	x.pct = -1;
	x.agent = -1;
	x.dir = git_repository_workdir(repo);
	s->summary[0] = '\0';
	if (head_branch(repo, branch, sizeof(branch), e) == -1)
		return -1;
	if (strncmp(branch, "refs/heads/", 11) != 0)
		return say(e, 1, "HEAD is not a branch");
	snprintf(remote_ref, sizeof(remote_ref), "origin/%s", branch + 11);
	if (git_repository_state(repo) != GIT_REPOSITORY_STATE_NONE)
		return say(e, 1, "a merge or another git operation is in "
		    "progress: finish it with 'hips git commit' (or abandon "
		    "it, e.g. 'hips git merge --abort'), then sync");
	grc = git_remote_lookup(&r, repo, "origin");
	if (grc == GIT_ENOTFOUND)
		return say(e, 1, "no remote to sync with (set one with 'hips "
		    "init --remote URL')");
	if (grc < 0)
		return gitfail(e, "cannot read the remote 'origin'");
	x.url = git_remote_url(r);
	if (x.url == NULL || x.url[0] == '\0') {
		say(e, 1, "the remote 'origin' has no URL (set one with 'hips "
		    "init --remote URL')");
		goto out;
	}
	redact_url(x.url, x.shown, sizeof(x.shown));
	if (strncmp(x.url, "https://", 8) == 0 && ca_info(repo, e) == -1)
		goto out;
	for (t.tries = 1; t.tries <= SYNC_TRIES; t.tries++) {
		if (fetch(r, branch, &x, &rid, &has, e) == -1)
			goto out;
		sigs_block(&old);
		if (s->lock != NULL && s->lock(s->arg, e) == -1) {
			sigprocmask(SIG_SETMASK, &old, NULL);
			goto out;
		}
		rc = track(repo, branch, &rid, has, e);
		if (rc == 0)
			rc = integrate(st, s, branch, remote_ref, &rid, has,
			    name, email, &t, &topush, e);
		if (s->unlock != NULL)
			s->unlock(s->arg);
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (rc == -1)
			goto out;
		rc = -1;
		if (!topush)
			break;
		had_before = has;
		before = rid;
		ahead = behind = 0;
		pushed = git_reference_name_to_id(&lid, repo, branch) == 0;
		if (pushed) {
			if (had_before)
				git_graph_ahead_behind(&ahead, &behind, repo,
				    &lid, &before);
			else
				ahead = count_commits(repo, &lid);
		}
		grc = push(r, branch, &x, e);
		if (grc == -1)
			goto out;
		if (grc == 0) {
			t.out = ahead;
			/* origin/BRANCH is now ours (only a hint: no error). */
			sigs_block(&old);
			if (pushed && (s->lock == NULL ||
			    s->lock(s->arg, &ignored) == 0)) {
				track(repo, branch, &lid, true, &ignored);
				if (s->unlock != NULL)
					s->unlock(s->arg);
			}
			sigprocmask(SIG_SETMASK, &old, NULL);
			break;
		}
	}
	if (t.tries > SYNC_TRIES && (strstr(x.reject, "lock") != NULL ||
	    strstr(x.reject, "failed to update ref") != NULL)) {
		/* git's receive-pack says so of a lock it cannot take. */
		say(e, 1, "'%s' rejected the push %d times (%s); everything "
		    "is kept here.  If no other machine is syncing, a push "
		    "killed on the way may have left '%s.lock' in the remote "
		    "repository: if no git is at work there, remove that "
		    "file, then run 'hips sync' again", x.shown, SYNC_TRIES,
		    x.reject, branch);
		goto out;
	}
	if (t.tries > SYNC_TRIES) {
		say(e, 1, "'%s' rejected the push %d times (%s); everything "
		    "is kept here: run 'hips sync' again later", x.shown,
		    SYNC_TRIES, x.reject);
		goto out;
	}
	summarise(s, &t, remote_ref);
	rc = 0;
out:
	cred_wipe(&x.helper);
	git_remote_free(r);
	return rc;
}

const struct store_ops hips_store_ops = {
	.abi = HIPS_STORE_ABI,
	.open = store_open,
	.gitdir = store_gitdir,
	.prepare = store_prepare,
	.commit = store_commit,
	.pending = store_pending,
	.last_entry = store_last_entry,
	.set_remote = store_set_remote,
	.pack = store_pack,
	.sync = store_sync,
	.close = store_close,
};
