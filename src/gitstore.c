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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/commit.h>
#include <git2/sys/odb_backend.h>

#include "fdio.h"
#include "store.h"

#define RETRY		1	/* another writer got there first: try again */
#define RETRY_MS	15000	/* how long to keep trying */
#define READ_MAX	(64 << 20)	/* as LOG_SIZE_MAX (safefile.h) */

struct store {
	git_repository	*repo;
};

static int	 initialised;

static int
say(struct store_err *e, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
say(struct store_err *e, int status, const char *fmt, ...)
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
gitfail(struct store_err *e, const char *what)
{
	const git_error	*ge = git_error_last();

	return say(e, 1, "%s: %s", what,
	    ge != NULL && ge->message != NULL ? ge->message : "unknown error");
}

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
 * the deferred one, whose chain libgit2 then frees.  With a libgit2 on
 * another TLS library none of this is called.
 */
static int	 ca_defer;		/* inside git_libgit2_init() */
static void	*ca_chain;		/* the chain to fill before TLS */
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

static void	*rng_entropy;		/* entropy context not yet set up */
static void	*rng_drbg;		/* generator not yet seeded */
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
    struct store_err *e)
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
	return git_repository_path(st->repo);
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
    struct store_err *e)
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
    struct store_err *e)
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
    char *also, size_t alsosize, struct fresh *fresh, struct store_err *e)
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
	size_t			 n;
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
    const struct store_commit *c, int lockfd, struct store_err *e)
{
	struct timespec	 born = { .tv_sec = 0, .tv_nsec = 0 }, at;
	struct syncjob	*j;
	const char	*gitdir = git_repository_path(repo);
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
				rc = say(e, 1, "cannot write object %s", hex);
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
 * Refresh the repository's index for the files of f so that `git status`
 * is clean: their stat data from before they were read, and the blob
 * committed; then give back any file of tree the index lacks.  The new
 * commit's tree is the parent's with the files of f: the parent's
 * (read already, cached) tells what the index must hold besides them.
 */
static void
refresh_index(git_repository *repo, const struct fresh *f, git_tree *tree)
{
	struct fill		 fl;
	git_index		*idx = NULL;
	git_index_entry		 ie;
	const struct stat	*sb;
	size_t			 i;
	int			 tries;

	if (f->n == 0 && tree == NULL)
		return;
	for (tries = 0; tries < 50; tries++) {
		if (git_repository_index(&idx, repo) < 0)
			break;
		/* Read again only if it changed on disk since. */
		if (git_index_read(idx, 0) == 0) {
			for (i = 0; i < f->n; i++) {
				sb = &f->v[i].sb;
				memset(&ie, 0, sizeof(ie));
				ie.ctime.seconds = (int32_t)sb->st_ctim.tv_sec;
				ie.ctime.nanoseconds =
				    (uint32_t)sb->st_ctim.tv_nsec;
				ie.mtime.seconds = (int32_t)sb->st_mtim.tv_sec;
				ie.mtime.nanoseconds =
				    (uint32_t)sb->st_mtim.tv_nsec;
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
				git_tree_walk(tree, GIT_TREEWALK_PRE,
				    fill_missing, &fl);
			if (f->n == 0 && fl.added == 0) {
				git_index_free(idx);
				break;
			}
			if (git_index_write(idx) == 0) {
				git_index_free(idx);
				break;
			}
		}
		git_index_free(idx);
		idx = NULL;
		if (git_error_last() == NULL ||
		    git_error_last()->klass != GIT_ERROR_OS)
			usleep(2000);
	}
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
		git_error_set(GIT_ERROR_OS, "cannot append to the reflog: %s",
		    strerror(errno));
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

/* GIT_ELOCKED, GIT_EMODIFIED (the branch is not at old), -1 or 0. */
static int
ref_lock(git_repository *repo, const char *branch, const git_oid *old,
    const git_oid *new, struct reflock *l)
{
	const char	*dir = git_repository_commondir(repo);
	char		 hex[GIT_OID_HEXSZ + 2];
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
	l->fd = open_making_dirs(l->lock, strlen(dir), O_WRONLY | O_CREAT |
	    O_EXCL | O_CLOEXEC);
	if (l->fd == -1) {
		if (errno == EEXIST) {
			git_error_set(GIT_ERROR_REFERENCE, "'%s' is locked "
			    "(another git is moving the branch)", l->lock);
			return GIT_ELOCKED;
		}
		git_error_set(GIT_ERROR_OS, "cannot lock %s: %s", l->lock,
		    strerror(errno));
		return -1;
	}
	rc = git_reference_name_to_id(&cur, repo, branch);
	if (rc == GIT_ENOTFOUND || (rc == 0 && !git_oid_equal(&cur, old))) {
		git_error_set_str(GIT_ERROR_REFERENCE, "old reference value "
		    "does not match");
		rc = GIT_EMODIFIED;
	}
	if (rc == 0) {
		git_oid_tostr(hex, GIT_OID_HEXSZ + 1, new);
		hex[GIT_OID_HEXSZ] = '\n';
		if (write_all(l->fd, hex, GIT_OID_HEXSZ + 1) == -1) {
			git_error_set(GIT_ERROR_OS, "cannot write %s: %s",
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
		git_error_set(GIT_ERROR_OS, "cannot write %s: %s", l->ref,
		    strerror(errno));
		unlink(l->lock);
		return -1;
	}
	l->renamed = true;
	slash = strrchr(l->ref, '/');
	*slash = '\0';
	rc = fsync_path(l->ref, O_RDONLY | O_DIRECTORY);
	if (rc == -1)
		git_error_set(GIT_ERROR_OS, "cannot sync %s: %s", l->ref,
		    strerror(errno));
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
	snprintf(dir, sizeof(dir), "%sobjects", git_repository_path(repo));
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
    git_signature **sig, struct store_err *e)
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
    size_t alsosize, struct store_err *e)
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
	git_oid		 parent_id, tree_id, commit_id;
	const git_oid	*parents[1];
	char		 branch[256], reflog[300];
	bool		 unborn = false, found;
	int		 rc = -1, grc, tries;

	also[0] = '\0';
	c->moved = false;
	if (head_branch(repo, branch, sizeof(branch), e) == -1)
		return -1;
	/*
	 * This commit syncs the objects it writes itself (sync_objects()):
	 * libgit2 reads the setting as it writes each object.  Its ref
	 * database reads it once, when made: made now, it syncs the ref of
	 * a first commit (lock file, then directory); the others move the
	 * branch with ref_lock() and ref_commit().
	 */
	if (git_repository_refdb(&refdb, repo) < 0) {
		gitfail(e, "cannot read the references");
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
	if (stage_others(repo, ptree, c->path ? c->path : "", also, alsosize,
	    &fresh, e) == -1)
		goto out;
	if (c->path == NULL && also[0] == '\0') {
		rc = 0;		/* nothing to commit */
		refresh_index(repo, &fresh, ptree);
		goto out;
	}
	if (tree_with(repo, ptree, &fresh, &tree_id, &written) < 0) {
		gitfail(e, "cannot write the tree");
		goto out;
	}
	if (signature(repo, c->name, c->email, &sig, e) == -1)
		goto out;
	parents[0] = &parent_id;
	if (git_commit_create_from_ids(&commit_id, repo, NULL, sig, sig, NULL,
	    c->message, &tree_id, unborn ? 0 : 1, parents) < 0) {
		gitfail(e, "cannot write the commit");
		goto out;
	}
	if (oids_add(&written, &commit_id) == -1) {
		say(e, 1, "out of memory");
		goto out;
	}
	/* The lock first: its new id is synced with the objects. */
	if (!unborn && (grc = ref_lock(repo, branch, &parent_id, &commit_id,
	    &rl)) < 0) {
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
		grc = git_reference_create(&ref, repo, branch, &commit_id, 0,
		    reflog);
	else if ((grc = reflogs_append(repo, branch, &parent_id, &commit_id,
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
store_commit(struct store *st, struct store_commit *c, struct store_err *e)
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

static int
store_prepare(struct store *st, const char *name, const char *email,
    struct store_err *e)
{
	static const char	 attrs[] = "*.log merge=union\n";
	struct store_commit	 c;
	struct stat		 sb;
	char			 path[4096];
	int			 fd, unborn;

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

struct lastadd {
	char	path[256];
	char	line[4200];
	bool	found;
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
struct walk {
	git_repository	*repo;
	git_commit	**front;	/* the frontier */
	unsigned long	*seq;		/* when each was reached */
	size_t		 n, cap;
	git_oid		*seen;		/* open addressing, zero: empty */
	size_t		 nseen, seencap;
	unsigned long	 clock;
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
	if (git_commit_lookup(&w->front[w->n], w->repo, id) < 0)
		return -1;
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
	for (k = 0; k < git_commit_parentcount(c); k++)
		if (walk_push(w, git_commit_parent_id(c, k)) == -1) {
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
    struct store_err *e)
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
	const char		*subj;
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
			if (git_commit_tree(&ct, c) < 0 ||
			    (git_commit_parentcount(c) > 0 &&
			    (git_commit_parent(&p, c, 0) < 0 ||
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
			git_diff_free(diff);
			git_tree_free(pt);
			git_commit_free(p);
			git_tree_free(ct);
			diff = NULL;
			pt = NULL;
			p = NULL;
			ct = NULL;
		}
		git_commit_free(c);
		c = NULL;
	}
	if (rc == 0 && werr != 0)
		rc = gitfail(e, "cannot read history");
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
    char *name, size_t namesize, struct store_err *e)
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
    struct store_err *e)
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
store_pack(struct store *st, long threshold, struct store_err *e)
{
	struct loose	 l = { .v = NULL, .n = 0 };
	char		 objdir[4096], path[4096 + 64], hex[GIT_OID_HEXSZ + 1];
	char		 name[GIT_OID_HEXSZ + 1], branch[256];
	struct store_err ignored;
	size_t		 i;
	int		 fan, rc = -1;

	snprintf(objdir, sizeof(objdir), "%sobjects/",
	    git_repository_path(st->repo));
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
store_set_remote(struct store *st, const char *url, struct store_err *e)
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
	char			 shown[400];	/* without a password */
	int			 cred_calls;
	bool			 tried_agent;
	bool			 tried_url;
	char			 cred_msg[600];
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

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode n bytes of s into out; false if it does not fit. */
static bool
url_decode(const char *s, size_t n, char *out, size_t size)
{
	size_t	 i, o = 0;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if (o + 1 >= size)
			return false;
		if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	return true;
}

/* The user and password of scheme://USER:PASS@host/... */
static bool
url_userpass(const char *url, char *user, size_t usize, char *pass,
    size_t psize)
{
	const char	*p, *at, *colon, *slash;

	if ((p = strstr(url, "://")) == NULL)
		return false;
	p += 3;
	slash = strchr(p, '/');
	at = strchr(p, '@');
	if (at == NULL || (slash != NULL && at > slash))
		return false;
	if ((colon = memchr(p, ':', (size_t)(at - p))) == NULL)
		return false;
	return url_decode(p, (size_t)(colon - p), user, usize) &&
	    url_decode(colon + 1, (size_t)(at - colon - 1), pass, psize);
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

/*
 * Credentials, each kind tried once: ssh-agent for ssh, the user and
 * password written in the URL for https.  Anything else is refused with
 * a message saying what hips can use.
 */
static int
cred_cb(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *payload)
{
	struct syncctx	*x = payload;
	char		 u[256], pw[256];
	int		 rc;

	(void)url;
	if (++x->cred_calls > 8)
		goto refuse;
	/* As ssh does: without a user in the URL, the local one. */
	if (user == NULL || user[0] == '\0')
		user = login_name();
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user);
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) && !x->tried_agent &&
	    getenv("SSH_AUTH_SOCK") != NULL) {
		x->tried_agent = true;
		return git_credential_ssh_key_from_agent(out, user);
	}
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && !x->tried_url &&
	    url_userpass(x->url, u, sizeof(u), pw, sizeof(pw))) {
		x->tried_url = true;
		rc = git_credential_userpass_plaintext_new(out, u, pw);
		memset(pw, 0, sizeof(pw));
		return rc;
	}
refuse:
	if (x->tried_agent || x->tried_url)
		snprintf(x->cred_msg, sizeof(x->cred_msg), "'%s' refused the "
		    "credentials (%s)", x->shown, x->tried_agent ?
		    "the keys in ssh-agent" : "the user and password in the "
		    "URL");
	else
		snprintf(x->cred_msg, sizeof(x->cred_msg), "'%s' wants "
		    "credentials: hips uses ssh-agent (SSH_AUTH_SOCK) for "
		    "ssh and USER:PASSWORD in the URL for https", x->shown);
	git_error_set_str(GIT_ERROR_NET, x->cred_msg);
	return GIT_EAUTH;
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

static void
callbacks(git_remote_callbacks *cb, struct syncctx *x)
{
	cb->credentials = cred_cb;
	cb->push_update_reference = push_ref_cb;
	if (x->s->progress) {
		cb->transfer_progress = fetch_progress_cb;
		cb->push_transfer_progress = push_progress_cb;
		cb->sideband_progress = sideband_cb;
	}
	cb->payload = x;
}

/* A network failure: what the credential callback said, or libgit2. */
static int
netfail(struct store_err *e, struct syncctx *x, const char *what)
{
	const git_error	*ge = git_error_last();

	progress_end(x);
	if (x->cred_msg[0] != '\0')
		return say(e, 1, "%s", x->cred_msg);
	return say(e, 1, "%s '%s': %s", what, x->shown,
	    ge != NULL && ge->message != NULL ? ge->message : "unknown error");
}

/* Fetch branch into refs/remotes/origin/; *has says if origin has it. */
static int
fetch(git_remote *r, const char *branch, struct syncctx *x, git_oid *rid,
    bool *has, struct store_err *e)
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
	if (git_remote_fetch(r, &specs, &fo, "sync: fetch") < 0)
		return netfail(e, x, "cannot fetch from");
	progress_end(x);
	if (git_remote_ls(&heads, &n, r) < 0)
		return gitfail(e, "cannot list the remote's branches");
	for (i = 0; i < n; i++)
		if (strcmp(heads[i]->name, branch) == 0) {
			git_oid_cpy(rid, &heads[i]->oid);
			*has = true;
		}
	return 0;
}

/* 0 pushed, RETRY rejected (someone pushed first), -1 failed. */
static int
push(git_remote *r, const char *branch, struct syncctx *x,
    struct store_err *e)
{
	git_push_options	 po = GIT_PUSH_OPTIONS_INIT;
	git_strarray		 specs;
	char			 spec[600], *list[1];
	int			 rc;

	snprintf(spec, sizeof(spec), "%s:%s", branch, branch);
	list[0] = spec;
	specs.strings = list;
	specs.count = 1;
	callbacks(&po.callbacks, x);
	x->rejected = false;
	rc = git_remote_push(r, &specs, &po);
	progress_end(x);
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

/*
 * Join a month file both sides changed as merge=union does, whatever the
 * attributes say: keep every line of both.  Returns 1 if resolved.
 */
static int
union_resolve(git_repository *repo, git_index *idx, const char *path,
    struct store_err *e)
{
	git_merge_file_options	 fo = GIT_MERGE_FILE_OPTIONS_INIT;
	git_merge_file_result	 res;
	const git_index_entry	*anc, *ours, *theirs;
	git_index_entry		 ie;
	git_oid			 id;
	char			*copy;
	int			 rc = 0;

	if (git_index_conflict_get(&anc, &ours, &theirs, idx, path) < 0)
		return gitfail(e, "cannot read a merge conflict");
	if (ours == NULL || theirs == NULL ||
	    ours->mode != GIT_FILEMODE_BLOB ||
	    theirs->mode != GIT_FILEMODE_BLOB ||
	    (anc != NULL && anc->mode != GIT_FILEMODE_BLOB))
		return 0;
	memset(&res, 0, sizeof(res));
	fo.favor = GIT_MERGE_FILE_FAVOR_UNION;
	if (git_merge_file_from_index(&res, repo, anc, ours, theirs, &fo) < 0)
		return gitfail(e, "cannot merge a log file");
	if (!res.automergeable)
		goto out;
	if (git_blob_create_from_buffer(&id, repo, res.ptr, res.len) < 0) {
		rc = gitfail(e, "cannot store a merged log file");
		goto out;
	}
	if ((copy = strdup(path)) == NULL) {
		rc = say(e, 1, "out of memory");
		goto out;
	}
	memset(&ie, 0, sizeof(ie));
	ie.mode = GIT_FILEMODE_BLOB;
	ie.id = id;
	ie.path = copy;
	if (git_index_conflict_remove(idx, copy) < 0 ||
	    git_index_add(idx, &ie) < 0)
		rc = gitfail(e, "cannot record a merged log file");
	else
		rc = 1;
	free(copy);
out:
	git_merge_file_result_free(&res);
	return rc;
}

/*
 * Resolve the month files; what remains stops the sync.  names gets the
 * paths left in conflict.
 */
static int
resolve(git_repository *repo, git_index *idx, char *names, size_t size,
    struct store_err *e)
{
	git_index_conflict_iterator	*it = NULL;
	const git_index_entry		*a, *o, *t;
	char				**paths = NULL, **grown;
	size_t				 n = 0, i, cap = 0;
	int				 rc = 0, r;

	names[0] = '\0';
	if (git_index_conflict_iterator_new(&it, idx) < 0)
		return gitfail(e, "cannot read the merge conflicts");
	while ((r = git_index_conflict_next(&a, &o, &t, it)) == 0) {
		const char	*path = o ? o->path : t ? t->path : a->path;

		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((grown = realloc(paths, cap * sizeof(*paths))) ==
			    NULL) {
				rc = say(e, 1, "out of memory");
				goto out;
			}
			paths = grown;
		}
		if ((paths[n] = strdup(path)) == NULL) {
			rc = say(e, 1, "out of memory");
			goto out;
		}
		n++;
	}
	if (r != GIT_ITEROVER) {
		rc = gitfail(e, "cannot read the merge conflicts");
		goto out;
	}
	git_index_conflict_iterator_free(it);
	it = NULL;
	for (i = 0; i < n; i++) {
		r = is_log_path(paths[i]) ? union_resolve(repo, idx, paths[i],
		    e) : 0;
		if (r == -1) {
			rc = -1;
			goto out;
		}
		if (r == 1)
			continue;
		if (strlen(names) + strlen(paths[i]) + 8 < size)
			snprintf(names + strlen(names), size - strlen(names),
			    "%s'%s'", names[0] ? ", " : "", paths[i]);
	}
out:
	git_index_conflict_iterator_free(it);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}

/* Merge theirs into ours as a new commit (no branch moves). */
static int
merge(git_repository *repo, git_commit *ours, git_commit *theirs,
    const char *name, const char *email, const char *remote_ref,
    git_oid *out, struct store_err *e)
{
	git_merge_options	 mo = GIT_MERGE_OPTIONS_INIT;
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
	if (git_index_has_conflicts(idx)) {
		if (resolve(repo, idx, names, sizeof(names), e) == -1)
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
tree_safe(git_repository *repo, git_commit *c, struct store_err *e)
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
    struct store_err *e)
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
	rc = git_checkout_tree(repo, (const git_object *)to, &co);
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
 * Move branch from old (NULL: unborn) to new, work tree first; on
 * failure the work tree goes back.
 */
static int
advance(git_repository *repo, const char *branch, git_commit *old,
    const git_oid *new_id, const char *reflog, struct store_err *e)
{
	git_commit	*new = NULL;
	git_reference	*ref = NULL;
	git_oid		 head;
	int		 rc = -1, grc;

	if (git_commit_lookup(&new, repo, new_id) < 0) {
		gitfail(e, "cannot read the new commit");
		goto out;
	}
	if (checkout(repo, old, new, e) == -1)
		goto out;
	if (old == NULL)
		grc = git_reference_create(&ref, repo, branch, new_id, 0,
		    reflog);
	else
		grc = git_reference_create_matching(&ref, repo, branch, new_id,
		    1, git_commit_id(old), reflog);
	if (grc < 0) {
		gitfail(e, "cannot move the branch");
		if (old != NULL) {
			struct store_err	 ignored;

			checkout(repo, new, old, &ignored);
		}
		goto out;
	}
	if (git_reference_name_to_id(&head, repo, "HEAD") < 0 ||
	    !git_oid_equal(&head, new_id)) {
		say(e, 1, "the sync did not reach HEAD (is the disk full?)");
		goto out;
	}
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
    const char *email, struct tally *t, bool *topush, struct store_err *e)
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
	if (merge(repo, ours, theirs, name, email, remote_ref, &mid, e) == -1)
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
    const char *email, struct store_err *e)
{
	git_repository	*repo = st->repo;
	git_remote	*r = NULL;
	struct syncctx	 x;
	struct tally	 t;
	sigset_t	 old;
	git_oid		 rid, lid, before;
	char		 branch[256], remote_ref[300];
	bool		 has, topush, had_before;
	size_t		 ahead, behind;
	int		 rc = -1, grc;

	memset(&x, 0, sizeof(x));
	memset(&t, 0, sizeof(t));
	x.s = s;
	x.pct = -1;
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
	for (t.tries = 1; t.tries <= SYNC_TRIES; t.tries++) {
		if (fetch(r, branch, &x, &rid, &has, e) == -1)
			goto out;
		sigs_block(&old);
		if (s->lock != NULL && s->lock(s->arg, e) == -1) {
			sigprocmask(SIG_SETMASK, &old, NULL);
			goto out;
		}
		rc = integrate(st, s, branch, remote_ref, &rid, has, name,
		    email, &t, &topush, e);
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
		if (git_reference_name_to_id(&lid, repo, branch) == 0) {
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
			break;
		}
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
	git_remote_free(r);
	return rc;
}

const struct store_ops hips_store_ops = {
	.abi = HIPS_STORE_ABI,
	.open = store_open,
	.gitdir = store_gitdir,
	.prepare = store_prepare,
	.commit = store_commit,
	.last_entry = store_last_entry,
	.set_remote = store_set_remote,
	.pack = store_pack,
	.sync = store_sync,
	.close = store_close,
};
