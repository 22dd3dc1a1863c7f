/*
 * hips import: entries from a file, in one commit.
 *
 *   hips import csv FILE     the rows of `hips export --csv` (xrow.h)
 *   hips import loop FILE    a habit's Checkmarks.csv from Loop Habit
 *                            Tracker: YES_MANUAL days become sessions,
 *                            SKIPPED days skips (hips(1), IMPORT)
 *
 * The whole file is read and checked first: a bad line is reported as
 * FILE:LINE and nothing is written (exit 2).  Lines already in the log
 * are left out (the log is a multiset: a line twice in the file and once
 * in the log is added once), so importing twice writes nothing the
 * second time.  --dry-run prints what would be added.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "csv.h"
#include "known.h"
#include "logset.h"
#include "program.h"
#include "progress.h"
#include "write.h"
#include "xrow.h"

#define IMPORT_MAXBAD	10	/* bad lines reported before giving up */
#define IMPORT_MSGLINES	50	/* new lines listed in the commit message */

/* A line to add, and what decides whether the log already has it. */
struct cand {
	char		*line;		/* the entry line, no LF */
	char		*rel;		/* its month file, log/YYYY-MM.log */
	char		*key;		/* its row, as CSV: the same entry */
	int64_t		 day;
	int		 loop;		/* 0 (csv), 'y' (a session), 's' (skip) */
	unsigned	 src;		/* line in the file */
	bool		 present;
};

struct import {
	const char	*file;
	const char	*as;		/* loop: the exercise */
	struct cand	*v;
	size_t		 n, cap;
	unsigned	 nbad;
	size_t		 nignored;	/* loop: days neither done nor skipped */
	size_t		 npresent;
};

static void
import_free(struct import *im)
{
	size_t	 i;

	for (i = 0; i < im->n; i++) {
		free(im->v[i].line);
		free(im->v[i].rel);
		free(im->v[i].key);
	}
	free(im->v);
}

/* A bad line of the file: reported now, counted for the final error. */
static void PRINTFLIKE(3, 4)
bad(struct import *im, unsigned line, const char *fmt, ...)
{
	struct buf	 b = BUF_INIT;
	va_list		 ap;

	if (++im->nbad <= IMPORT_MAXBAD) {
		va_start(ap, fmt);
		buf_vprintf(&b, fmt, ap);
		va_end(ap);
		warnmsg("%s:%u: %s", im->file, line, buf_str(&b));
		buf_free(&b);
	}
}

/* Add the checked line as a candidate (it parses: xrow_to_line said so). */
static void
add_cand(struct import *im, const struct hips *h, const char *line,
    unsigned src, int loop)
{
	struct cand	*c;
	struct entry	 e;
	struct xrow	 x;
	struct buf	 key = BUF_INIT;
	struct error	 err;
	char		*copy;
	int		 y, m, d;

	copy = xstrdup(line);
	if (entry_parse(copy, strlen(copy), &e, &err) != 1) {
		bad(im, src, "%s", err.msg);
		free(copy);
		return;
	}
	if (e.when.t > h->now.t) {
		bad(im, src, "%.25s is in the future", line);
		free(copy);
		return;
	}
	if (im->n == im->cap) {
		im->cap = im->cap ? im->cap * 2 : 64;
		im->v = xreallocarray(im->v, im->cap, sizeof(*im->v));
	}
	c = &im->v[im->n++];
	memset(c, 0, sizeof(*c));
	xrow_init(&x);
	xrow_from_entry(&e, &x);
	xrow_csv(&x, &key);
	xrow_free(&x);
	c->key = buf_detach(&key);
	civil_from_days(e.day, &y, &m, &d);
	c->rel = xmalloc(20);
	snprintf(c->rel, 20, "log/%04d-%02d.log", y, m);
	c->line = xstrdup(line);
	c->day = e.day;
	c->loop = loop;
	c->src = src;
	free(copy);
}

/* A NUL byte would cut a field short: refuse the file. */
static int
check_text(struct import *im, const struct buf *text)
{
	const char	*nul;
	unsigned	 line = 1;
	size_t		 i;

	if ((nul = memchr(text->s, '\0', text->len)) == NULL)
		return 0;
	for (i = 0; i < (size_t)(nul - text->s); i++)
		if (text->s[i] == '\n')
			line++;
	return error_set(EXIT_USAGE, "%s:%u: NUL byte: not a text file",
	    im->file, line);
}

/* The rows of `hips export --csv`, with its header first. */
static void
read_csv(struct import *im, const struct hips *h, const struct buf *text)
{
	struct csv_reader	 r;
	struct csv_record	 rec;
	struct xrow		 x;
	struct buf		 line = BUF_INIT;
	char			 err[ERRLEN];
	int			 map[CSV_MAXFIELDS], col, rc;
	size_t			 i, ncol = 0;
	bool			 seen[XC_N] = { false };

	csv_reader_init(&r, text->s, text->len);
	csv_record_init(&rec);
	xrow_init(&x);
	if ((rc = csv_read(&r, &rec, err, sizeof(err))) != 1) {
		bad(im, rec.line, "%s", rc == 0 ? "empty file: no header "
		    "(date,time,zone,kind,...)" : err);
		goto out;
	}
	for (i = 0; i < rec.n; i++) {
		if ((col = xrow_col(buf_str(&rec.f[i]))) == -1) {
			bad(im, rec.line, "unknown column '%.40s' (the "
			    "columns are those of 'hips export --csv')",
			    buf_str(&rec.f[i]));
			goto out;
		}
		if (seen[col]) {
			bad(im, rec.line, "column '%s' twice", xrow_names[col]);
			goto out;
		}
		seen[col] = true;
		map[i] = col;
	}
	ncol = rec.n;
	for (col = XC_DATE; col <= XC_KIND; col++)
		if (!seen[col]) {
			bad(im, rec.line, "no column '%s' in the header",
			    xrow_names[col]);
			goto out;
		}
	while (im->nbad <= IMPORT_MAXBAD &&
	    (rc = csv_read(&r, &rec, err, sizeof(err))) != 0) {
		if (rc == -1) {
			bad(im, rec.line, "%s", err);
			break;
		}
		if (rec.blank)
			continue;
		if (rec.n != ncol) {
			bad(im, rec.line, "%zu fields, but the header has %zu",
			    rec.n, ncol);
			continue;
		}
		xrow_reset(&x);
		for (i = 0; i < ncol; i++)
			buf_puts(&x.col[map[i]], buf_str(&rec.f[i]));
		if (xrow_to_line(&x, &line, err, sizeof(err)) == -1) {
			bad(im, rec.line, "%s", err);
			continue;
		}
		add_cand(im, h, buf_str(&line), rec.line, 0);
	}
out:
	buf_free(&line);
	xrow_free(&x);
	csv_record_free(&rec);
}

/*
 * Loop's Checkmarks.csv of one habit: DATE,STATE per line (newest
 * first), an optional Date,... header.  What each state becomes is in
 * hips(1).  dose is the session's "EXERCISE DOSE [KEY=VALUE...]".
 */
static void
read_loop(struct import *im, const struct hips *h, const struct buf *text,
    const char *dose)
{
	struct csv_reader	 r;
	struct csv_record	 rec;
	struct buf		 line = BUF_INIT;
	struct htime		 when;
	const char		*f0, *st;
	struct error		 why;
	char			 ts[RFC3339_LEN + 1], day[32], err[ERRLEN];
	int64_t			 d;
	size_t			 i;
	int			 rc, kind;

	csv_reader_init(&r, text->s, text->len);
	csv_record_init(&rec);
	while (im->nbad <= IMPORT_MAXBAD &&
	    (rc = csv_read(&r, &rec, err, sizeof(err))) != 0) {
		if (rc == -1) {
			bad(im, rec.line, "%s", err);
			break;
		}
		if (rec.blank)
			continue;
		f0 = buf_str(&rec.f[0]);
		if (rec.line == 1 && strcasecmp(f0, "date") == 0) {
			if (rec.n > 2 && *buf_str(&rec.f[2]) != '\0')
				bad(im, rec.line, "several habits in one file: "
				    "import the habit's own Checkmarks.csv "
				    "(in its numbered folder)");
			continue;
		}
		for (i = 2; i < rec.n; i++)
			if (*buf_str(&rec.f[i]) != '\0')
				break;
		if (rec.n < 2 || i < rec.n) {
			bad(im, rec.line, "want DATE,STATE (one habit's "
			    "Checkmarks.csv)");
			continue;
		}
		if (date_parse(f0, strlen(f0), &d, &why) == -1) {
			bad(im, rec.line, "bad date '%.40s': %s", f0,
			    why.msg);
			continue;
		}
		if (d > hips_today(h)) {
			bad(im, rec.line, "%s is in the future", f0);
			continue;
		}
		st = buf_str(&rec.f[1]);
		if (strcmp(st, "YES_MANUAL") == 0)
			kind = 'y';
		else if (strcmp(st, "SKIPPED") == 0)
			kind = 's';
		else if (strcmp(st, "YES_AUTO") == 0 || strcmp(st, "NO") == 0 ||
		    strcmp(st, "UNKNOWN") == 0) {
			im->nignored++;
			continue;
		} else {
			bad(im, rec.line, "unknown state '%.40s' (want "
			    "YES_MANUAL, YES_AUTO, NO, SKIPPED or UNKNOWN)", st);
			continue;
		}
		/* Noon, or now on the day of the import. */
		snprintf(day, sizeof(day), "%s 12:00", f0);
		if (parse_when(h, d == hips_today(h) ? "today" : day, 0,
		    &when) == -1) {
			bad(im, rec.line, "%s", error_msg());
			error_clear();
			continue;
		}
		rfc3339_format(when, ts);
		buf_reset(&line);
		buf_printf(&line, "%s %s # Loop Habit Tracker", ts, kind == 'y' ?
		    dose : "skip");
		add_cand(im, h, buf_str(&line), rec.line, kind);
	}
	buf_free(&line);
	csv_record_free(&rec);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmpday(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static bool
has_day(const int64_t *v, size_t n, int64_t day)
{
	return bsearch(&day, v, n, sizeof(*v), cmpday) != NULL;
}

/*
 * Mark the candidates the log in dir already has: the same row (each
 * line of the log matches one candidate at most); for Loop, also a day
 * with a session of the exercise (a done day) or with a session or a
 * skip (a skipped day).
 */
static int
mark_present(struct import *im, const char *dir)
{
	struct logset	 ls;
	struct xrow	 x;
	struct buf	 b = BUF_INIT;
	char		**keys, **hit;
	bool		*used;
	int64_t		*done, *kept;
	size_t		 i, j, ndone = 0, nkept = 0;
	int		 rc;

	rc = logset_load(&ls, dir, NULL, NULL);
	if (rc == 0)
		rc = logset_status(&ls);
	if (rc == -1) {
		logset_free(&ls);
		return -1;
	}
	keys = xreallocarray(NULL, ls.n + 1, sizeof(*keys));
	used = xreallocarray(NULL, ls.n + 1, sizeof(*used));
	done = xreallocarray(NULL, ls.n + 1, sizeof(*done));
	kept = xreallocarray(NULL, ls.n + 1, sizeof(*kept));
	xrow_init(&x);
	for (i = 0; i < ls.n; i++) {
		const struct entry	*e = &ls.v[i];

		xrow_from_entry(e, &x);
		buf_reset(&b);
		xrow_csv(&x, &b);
		keys[i] = xstrdup(buf_str(&b));
		used[i] = false;
		if (e->directive != DIR_NONE || e->pain_only)
			continue;
		if (e->skip || im->as == NULL || strcmp(e->name, im->as) != 0)
			kept[nkept++] = e->day;
		else
			done[ndone++] = kept[nkept++] = e->day;
	}
	qsort(keys, ls.n, sizeof(*keys), cmpstr);
	qsort(done, ndone, sizeof(*done), cmpday);
	qsort(kept, nkept, sizeof(*kept), cmpday);
	im->npresent = 0;
	for (i = 0; i < im->n; i++) {
		struct cand	*c = &im->v[i];

		c->present = (c->loop == 'y' && has_day(done, ndone, c->day)) ||
		    (c->loop == 's' && has_day(kept, nkept, c->day));
		if (!c->present && (hit = bsearch(&c->key, keys, ls.n,
		    sizeof(*keys), cmpstr)) != NULL) {
			/* The first copy of that row not matched yet. */
			for (j = (size_t)(hit - keys); j > 0 &&
			    strcmp(keys[j - 1], c->key) == 0; j--)
				;
			for (; j < ls.n && strcmp(keys[j], c->key) == 0; j++)
				if (!used[j]) {
					used[j] = c->present = true;
					break;
				}
		}
		if (c->present)
			im->npresent++;
	}
	for (i = 0; i < ls.n; i++)
		free(keys[i]);
	free(keys);
	free(used);
	free(done);
	free(kept);
	xrow_free(&x);
	buf_free(&b);
	logset_free(&ls);
	return 0;
}

/* Loop's days, once each: a date twice is a bad file. */
static void
check_days(struct import *im)
{
	struct cand	**v;
	size_t		  i;

	if (im->n < 2)
		return;
	v = xreallocarray(NULL, im->n, sizeof(*v));
	for (i = 0; i < im->n; i++)
		v[i] = &im->v[i];
	for (i = 0; i < im->n; i++) {
		size_t	 j;

		/* Loop writes one line a day, sorted: neighbours suffice. */
		for (j = i + 1; j < im->n && j < i + 2; j++)
			if (v[i]->day == v[j]->day)
				bad(im, v[j]->src, "%.10s again (also on line "
				    "%u)", v[j]->line, v[i]->src);
	}
	free(v);
}

static int
byfile(const void *a, const void *b)
{
	const struct cand	*x = *(struct cand *const *)a;
	const struct cand	*y = *(struct cand *const *)b;
	int			 c;

	if ((c = strcmp(x->rel, y->rel)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

/* The new lines, grouped by month file, in one commit. */
static int
commit_new(struct hips *h, struct import *im, size_t nnew, const char *what)
{
	struct writer	 w;
	struct cand	**v;
	struct buf	 msg = BUF_INIT;
	const char	**lines, **rels, *base;
	size_t		 i, k = 0;
	bool		 created = false;
	int		 rc = -1;

	created = first_write(h);
	if (writer_open(h, &w, true) == -1)
		goto out;
	/* Under the lock, again: another write may have come in between. */
	if (mark_present(im, buf_str(&w.dir)) == -1)
		goto out;
	nnew = im->n - im->npresent;
	if (nnew == 0) {
		rc = 0;
		goto out;
	}
	v = xreallocarray(NULL, nnew, sizeof(*v));
	for (i = 0; i < im->n; i++)
		if (!im->v[i].present)
			v[k++] = &im->v[i];
	qsort(v, nnew, sizeof(*v), byfile);
	lines = xreallocarray(NULL, nnew, sizeof(*lines));
	rels = xreallocarray(NULL, nnew, sizeof(*rels));
	if ((base = strrchr(im->file, '/')) != NULL)
		base++;
	else
		base = im->file;
	buf_printf(&msg, "import %s: %zu entr%s from ", what, nnew,
	    nnew == 1 ? "y" : "ies");
	buf_add_safe(&msg, base);
	buf_puts(&msg, "\n\n");
	for (i = 0; i < nnew; i++) {
		lines[i] = v[i]->line;
		rels[i] = v[i]->rel;
		if (i < IMPORT_MSGLINES)
			buf_printf(&msg, "%s\n", v[i]->line);
	}
	if (nnew > IMPORT_MSGLINES)
		buf_printf(&msg, "... and %zu more\n", nnew - IMPORT_MSGLINES);
	rc = writer_append_lines(&w, nnew, rels, lines, buf_str(&msg));
	if (rc == 0 && created)
		warnmsg("created the data repository in %s", buf_str(&w.dir));
	free(lines);
	free(rels);
	free(v);
out:
	writer_close(&w);
	buf_free(&msg);
	return rc;
}

/* The session line of a Loop day, without its time: "EXERCISE DOSE ...". */
static int
loop_dose(struct hips *h, const char *as, const char *given, struct buf *out)
{
	struct program		 p;
	struct progress		 pr;
	struct logset		 ls;
	struct buf		 dir = BUF_INIT;
	const struct ladder	*l;
	const struct step	*st = NULL;
	struct dose		 d;
	struct error		 err;
	size_t			 i;
	int			 li, rc = -1;

	if (name_check(as, strlen(as), &err) == -1)
		return error_set(EXIT_USAGE, "import: --as: %s", err.msg);
	if (known_reserved(as, strlen(as)))
		return error_set(EXIT_USAGE, "import: --as: '%s' is not an "
		    "exercise", as);
	if (given != NULL) {
		if (dose_parse(given, strlen(given), &d, &err) == -1)
			return error_set(EXIT_USAGE, "import: --dose: %s",
			    err.msg);
		buf_printf(out, "%s %s", as, given);
		return 0;
	}
	if (path_confdir(&dir) == -1 || program_load(&p, buf_str(&dir)) == -1) {
		buf_free(&dir);
		return -1;
	}
	if ((li = program_ladder_of(&p, as)) == -1) {
		error_set(EXIT_USAGE, "import: no exercise '%s' in the program "
		    "(see 'hips program --names'); for another one, give its "
		    "dose with --dose", as);
		goto out;
	}
	l = &p.v[li];
	/* The step due now, when it is this exercise; else its first. */
	if (hips_datadir(h) == -1)
		goto out;
	if (logset_load(&ls, h->datadir, NULL, NULL) == 0) {
		progress_run(&pr, &p, ls.v, ls.n, hips_today(h));
		if (strcmp(l->steps[pr.v[li].step].name, as) == 0)
			st = &l->steps[pr.v[li].step];
		progress_free(&pr);
	}
	logset_free(&ls);
	error_clear();
	for (i = 0; st == NULL && i < l->nsteps; i++)
		if (strcmp(l->steps[i].name, as) == 0)
			st = &l->steps[i];
	buf_printf(out, "%s %s", st->name, st->dose_text);
	if (st->hold > 0)
		buf_printf(out, " hold=%ds", st->hold);
	if (st->band != BAND_NONE)
		buf_printf(out, " band=%s", band_name(st->band));
	rc = 0;
out:
	program_free(&p);
	buf_free(&dir);
	return rc;
}

int
cmd_import(struct hips *h, const struct cmd_args *a)
{
	struct import		 im;
	struct buf		 text = BUF_INIT, dose = BUF_INIT;
	const char		*fmt = a->argv[0], *given = cmd_value(a, 'd');
	size_t			 i, nnew;
	bool			 dry = cmd_flag(a, 'n'), loop;
	int			 rc = -1;

	memset(&im, 0, sizeof(im));
	im.as = cmd_value(a, 'a');
	if (strcmp(fmt, "csv") != 0 && strcmp(fmt, "loop") != 0)
		return error_usage("import: unknown format '%s' (want csv or "
		    "loop)", fmt);
	loop = fmt[0] == 'l';
	if (loop && im.as == NULL)
		return error_usage("import loop: --as EXERCISE: the exercise "
		    "the habit stands for");
	if (!loop && (im.as != NULL || given != NULL))
		return error_usage("import csv: --as and --dose are for "
		    "import loop");
	im.file = a->argv[1];
	if (read_file(im.file, &text) == -1) {
		error_set(EXIT_FAIL, "import: cannot read %s: %s", im.file,
		    strerror(errno));
		goto out;
	}
	if (check_text(&im, &text) == -1)
		goto out;
	if (loop) {
		if (loop_dose(h, im.as, given, &dose) == -1)
			goto out;
		read_loop(&im, h, &text, buf_str(&dose));
		check_days(&im);
	} else
		read_csv(&im, h, &text);
	if (im.nbad > 0) {
		error_set(EXIT_USAGE, "%s: %u bad line%s%s, nothing imported",
		    im.file, im.nbad, im.nbad == 1 ? "" : "s",
		    im.nbad > IMPORT_MAXBAD ? " (at least)" : "");
		goto out;
	}
	if (hips_datadir(h) == -1 || mark_present(&im, h->datadir) == -1)
		goto out;
	nnew = im.n - im.npresent;
	if (dry) {
		for (i = 0; i < im.n; i++)
			if (!im.v[i].present) {
				fputs("add: ", stdout);
				fput_safe(stdout, im.v[i].line);
				putchar('\n');
			}
	} else if (nnew > 0 && commit_new(h, &im, nnew, fmt) == -1)
		goto out;
	nnew = im.n - im.npresent;
	printf("%s %zu entr%s from %s", dry ? "would import" : "imported",
	    nnew, nnew == 1 ? "y" : "ies", im.file);
	if (im.npresent > 0)
		printf(", %zu already in the log", im.npresent);
	if (im.nignored > 0)
		printf(", %zu day%s neither done nor skipped", im.nignored,
		    im.nignored == 1 ? "" : "s");
	putchar('\n');
	rc = 0;
out:
	import_free(&im);
	buf_free(&dose);
	buf_free(&text);
	return rc;
}
