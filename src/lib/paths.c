/* Where hips keeps things: DESIGN.md section 3. */
#include <stdlib.h>
#include <string.h>

#include "hips.h"

/*
 * $VAR/hips when VAR holds an absolute path (the XDG rule: relative
 * values are ignored), else $HOME/fallback/hips.
 */
static int
xdg(const char *var, const char *fallback, struct buf *out)
{
	const char	*v, *home;

	buf_reset(out);
	if ((v = getenv(var)) != NULL && v[0] == '/') {
		buf_printf(out, "%s/hips", v);
		return 0;
	}
	if ((home = getenv("HOME")) == NULL || home[0] == '\0')
		return error_set(EXIT_FAIL, "HOME is not set and neither is %s",
		    var);
	buf_printf(out, "%s/%s/hips", home, fallback);
	return 0;
}

int
path_datadir(const char *opt, struct buf *out)
{
	const char	*v;

	buf_reset(out);
	if (opt != NULL) {
		buf_puts(out, opt);
		return 0;
	}
	if ((v = getenv("HIPS_DIR")) != NULL && v[0] != '\0') {
		buf_puts(out, v);
		return 0;
	}
	return xdg("XDG_DATA_HOME", ".local/share", out);
}

int
path_confdir(struct buf *out)
{
	return xdg("XDG_CONFIG_HOME", ".config", out);
}

int
path_statedir(struct buf *out)
{
	return xdg("XDG_STATE_HOME", ".local/state", out);
}

int
path_cachedir(struct buf *out)
{
	return xdg("XDG_CACHE_HOME", ".cache", out);
}

/*
 * The remote URL to record for what the user typed: URLs (scheme://...)
 * and scp-like addresses (host:path) as they are; a relative local path
 * made absolute against cwd, since hips runs from anywhere while git
 * would resolve it against the directory of each command.
 */
void
path_remote_url(const char *url, const char *cwd, struct buf *out)
{
	const char	*colon = strchr(url, ':'), *slash = strchr(url, '/');

	buf_reset(out);
	if (strstr(url, "://") != NULL || url[0] == '/' ||
	    (colon != NULL && (slash == NULL || colon < slash)))
		buf_puts(out, url);
	else if (strcmp(cwd, "/") == 0)
		buf_printf(out, "/%s", url);
	else
		buf_printf(out, "%s/%s", cwd, url);
}
