/*
 * The TLS and SSH set-up that libgit2 makes in git_libgit2_init(),
 * deferred to first use (a sync), and libgit2's global state.
 */
#include "store_int.h"

static int	 initialised;

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

void
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


/* Free libgit2's global state: sanitizers then see only our leaks. */
void
lib_shutdown(void)
{
	if (!initialised)
		return;
	git_libgit2_shutdown();
	ca_chain = NULL;	/* freed with libgit2's TLS state */
	rng_entropy = NULL;
	rng_drbg = NULL;
	initialised = 0;
}
