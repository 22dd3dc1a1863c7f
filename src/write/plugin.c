/*
 * Loading the git plugin (hips-git.so) with dlopen: beside the
 * executable, where PLUGINDIR lies from BINDIR, or PLUGINDIR itself.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "write_int.h"
#include "fdio.h"
#include "safefile.h"
#include "entry.h"

#ifndef HIPS_PLUGINDIR
#define HIPS_PLUGINDIR "/usr/local/lib/hips"
#endif
#ifndef HIPS_BINDIR
#define HIPS_BINDIR "/usr/local/bin"
#endif

/* The next path component of *s ("." and empty ones skipped), or NULL. */
static const char *
path_comp(const char **s, size_t *len)
{
	const char	*c;

	for (;;) {
		while (**s == '/')
			(*s)++;
		if (**s == '\0')
			return NULL;
		c = *s;
		*len = strcspn(c, "/");
		*s += *len;
		if (!(*len == 1 && c[0] == '.'))
			return c;
	}
}

/*
 * The way from BINDIR to PLUGINDIR, both absolute and compiled in from
 * config.mk: "../lib/hips" for /usr/bin and /usr/lib/hips.
 */
static void
plugin_relpath(const char *bindir, const char *plugindir, struct buf *rel)
{
	const char	*b, *p;
	size_t		 bn = 0, pn = 0;

	for (;;) {
		b = path_comp(&bindir, &bn);
		p = path_comp(&plugindir, &pn);
		if (b == NULL || p == NULL || bn != pn || memcmp(b, p, bn) != 0)
			break;
	}
	for (; b != NULL; b = path_comp(&bindir, &bn))
		buf_puts(rel, "../");
	for (; p != NULL; p = path_comp(&plugindir, &pn)) {
		buf_add(rel, p, pn);
		buf_putc(rel, '/');
	}
}

/*
 * Where the plugin is looked for, in order: beside the executable (a
 * build tree); where PLUGINDIR lies relative to BINDIR, seen from the
 * executable (an installation staged in a DESTDIR, or moved as a whole);
 * PLUGINDIR itself.  dlopen() errors are kept: they say what is missing.
 */
int
store_load(const struct store_ops **ops)
{
	static const struct store_ops	*loaded;
	struct buf			 cand[2] = { BUF_INIT, BUF_INIT };
	char				 exe[PATH_MAX];
	const char			*dir;
	void				*dl = NULL;
	ssize_t				 n;
	size_t				 i;

	if (loaded != NULL) {
		*ops = loaded;
		return 0;
	}
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		dir = dirname(exe);
		buf_printf(&cand[0], "%s/hips-git.so", dir);
		buf_printf(&cand[1], "%s/", dir);
		plugin_relpath(HIPS_BINDIR, HIPS_PLUGINDIR, &cand[1]);
		buf_puts(&cand[1], "hips-git.so");
	}
	/*
	 * Lazy binding: the plugin itself is linked with -z now (a missing
	 * symbol fails here, not mid-write), but libgit2's own dependencies
	 * (OpenSSL, Kerberos: for the network only) bind on first use.
	 */
	for (i = 0; i < 2 && dl == NULL; i++)
		if (cand[i].len > 0 && access(buf_str(&cand[i]), R_OK) == 0)
			dl = dlopen(buf_str(&cand[i]), RTLD_LAZY | RTLD_LOCAL);
	buf_free(&cand[0]);
	buf_free(&cand[1]);
	if (dl == NULL)
		dl = dlopen(HIPS_PLUGINDIR "/hips-git.so", RTLD_LAZY |
		    RTLD_LOCAL);
	if (dl == NULL)
		return error_set(EXIT_FAIL, "cannot load the git plugin: %s",
		    dlerror());
	loaded = dlsym(dl, HIPS_STORE_SYMBOL);
	if (loaded == NULL || loaded->abi != HIPS_STORE_ABI) {
		loaded = NULL;
		return error_set(EXIT_FAIL, "the git plugin does not "
		    "match this hips (reinstall hips)");
	}
	*ops = loaded;
	return 0;
}
