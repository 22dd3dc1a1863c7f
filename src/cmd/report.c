/*
 * hips report: one page for a physiotherapist, from the log (report.h
 * computes and lays it out).  Read-only: never loads libgit2.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "logset.h"
#include "outcache.h"
#include "program.h"
#include "report.h"

enum out { OUT_TEXT, OUT_MD, OUT_HTML };

/*
 * Is the terminal's character set UTF-8?  The locale the environment
 * names (LC_ALL, else LC_CTYPE, else LANG, as setlocale() picks it),
 * read without loading the locale: "UTF-8" or "utf8" in its name.
 */
static bool
locale_utf8(void)
{
	const char	*v;

	if ((v = getenv("LC_ALL")) == NULL || *v == '\0')
		if ((v = getenv("LC_CTYPE")) == NULL || *v == '\0')
			v = getenv("LANG");
	if (v == NULL)
		return false;
	return strcasestr(v, "UTF-8") != NULL || strcasestr(v, "utf8") != NULL;
}

static int
parse_weeks(const char *arg, int *weeks)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || errno != 0 ||
	    v < 1 || v > REPORT_WEEKS_MAX)
		return error_usage("report: bad week count '%s': want 1 to %d",
		    arg, REPORT_WEEKS_MAX);
	*weeks = (int)v;
	return 0;
}

/*
 * The page to path, whole or not at all: a temporary file beside it,
 * then a rename.  "-" is standard output.
 */
static int
write_page(const char *path, const struct buf *b)
{
	struct buf	 tmp = BUF_INIT;
	mode_t		 mask;
	ssize_t		 w;
	size_t		 off = 0;
	int		 fd, saved;

	if (strcmp(path, "-") == 0) {
		fwrite(buf_str(b), 1, b->len, stdout);
		return 0;
	}
	buf_printf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp.s)) == -1) {
		error_set(EXIT_FAIL, "%s: %s", path, strerror(errno));
		buf_free(&tmp);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	while (off < b->len) {
		if ((w = write(fd, b->s + off, b->len - off)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)w;
	}
	saved = errno;
	if (off != b->len || fchmod(fd, 0666 & ~mask) == -1 ||
	    close(fd) == -1 || rename(tmp.s, path) == -1) {
		if (off == b->len)
			saved = errno;
		error_set(EXIT_FAIL, "%s: %s", path, strerror(saved));
		unlink(tmp.s);
		buf_free(&tmp);
		return -1;
	}
	buf_free(&tmp);
	return 0;
}

static void
render(const struct report *r, const struct program *p, enum out how,
    bool utf8, struct buf *out)
{
	if (how == OUT_HTML)
		report_html(r, p, out);
	else if (how == OUT_MD)
		report_md(r, p, out);
	else
		report_text(r, p, utf8, out);
}

/* The page from the log, or -1 (nothing made). */
static int
make_page(struct hips *h, const char *confdir, const char *datadir,
    const struct config *conf, int weeks, enum out how, bool utf8,
    struct buf *out)
{
	struct program	 p;
	struct logset	 ls;
	struct report	 r;
	int		 rc;

	if (program_load(&p, confdir) == -1)
		return -1;
	if (logset_load(&ls, datadir, NULL, NULL) == -1) {
		/* Half a log would make a wrong page: none at all. */
		logset_free(&ls);
		program_free(&p);
		return -1;
	}
	logset_sort(&ls);
	report_build(&r, &p, ls.v, ls.n, hips_today(h), weeks, conf->per_week);
	render(&r, &p, how, utf8, out);
	rc = logset_status(&ls);
	report_free(&r);
	logset_free(&ls);
	program_free(&p);
	return rc;
}

/*
 * The page is a function of the log, program.ini, the target of
 * config.ini, today, the arguments and the locale's character set: an
 * output cache (outcache.h) keyed on all of them spares ten years of
 * log a parse on every run.
 */
static int
report(struct hips *h, int argc, char **argv, int weeks, enum out how,
    const char *file)
{
	struct config	 conf;
	struct outcache	 oc;
	struct buf	 cdir = BUF_INIT, ini = BUF_INIT;
	struct buf	 out = BUF_INIT;
	char		**key, extra[2][32];
	bool		 utf8 = how == OUT_TEXT && locale_utf8();
	int		 i, rc = 0;

	memset(&oc, 0, sizeof(oc));
	if (h->now_error != NULL)
		return error_set(EXIT_USAGE, "bad HIPS_NOW: %s", h->now_error);
	if (path_confdir(&cdir) == -1 ||
	    config_load(&conf, buf_str(&cdir)) == -1) {
		rc = -1;
		goto done;
	}
	snprintf(extra[0], sizeof(extra[0]), "target=%d", conf.per_week);
	snprintf(extra[1], sizeof(extra[1]), "utf8=%d", utf8);
	key = xreallocarray(NULL, (size_t)argc + 3, sizeof(*key));
	for (i = 0; i < argc; i++)
		key[i] = argv[i];
	key[argc] = extra[0];
	key[argc + 1] = extra[1];
	key[argc + 2] = NULL;
	buf_printf(&ini, "%s/program.ini", buf_str(&cdir));
	if (outcache_lookup(&oc, "report", h->datadir, buf_str(&ini),
	    hips_today(h), argc + 2, key, &out) != 1) {
		buf_reset(&out);
		rc = make_page(h, buf_str(&cdir), h->datadir, &conf, weeks,
		    how, utf8, &out);
		if (rc == 0)
			outcache_store(&oc, &out);
	}
	free(key);
	if (out.len > 0 || rc == 0) {
		if (how == OUT_HTML) {
			if (write_page(file, &out) == -1)
				rc = -1;
		} else
			fwrite(buf_str(&out), 1, out.len, stdout);
	}
done:
	outcache_free(&oc);
	buf_free(&out);
	buf_free(&ini);
	buf_free(&cdir);
	return rc;
}

int
cmd_report(struct hips *h, const struct cmd_args *a)
{
	const char	*file = cmd_value(a, 'H'), *w = cmd_value(a, 'w');
	enum out	 how = OUT_TEXT;
	int		 weeks = REPORT_WEEKS;

	if (file != NULL && cmd_flag(a, 'M'))
		return error_usage("report: --html and --md go alone");
	if (file != NULL && file[0] == '\0')
		return error_usage("report: --html needs a file name");
	if (w != NULL && parse_weeks(w, &weeks) == -1)
		return -1;
	if (file != NULL)
		how = OUT_HTML;
	else if (cmd_flag(a, 'M'))
		how = OUT_MD;
	return report(h, a->line_argc, a->line_argv, weeks, how, file);
}
