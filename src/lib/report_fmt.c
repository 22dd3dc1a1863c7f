/*
 * hips report: the layouts of the page (report.h).  One description of
 * the content, written through a small emitter with three back ends:
 * terminal text, Markdown and HTML.  Every string reaches the output
 * through the back end's escaper: the log's text is user text.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "pain.h"
#include "report.h"

enum fmt { FMT_TEXT, FMT_MD, FMT_HTML };

#define TEXT_SPARK_MAX	70	/* sparkline columns in the terminal */
#define MAXCOL		6
#define TEXT_WIDTH	78	/* columns of a filled paragraph */

struct em {
	enum fmt	 fmt;
	bool		 utf8;
	struct buf	*out;
	bool		 in_list;
	size_t		 ncol;		/* of the table being built */
	char		**cell;		/* its cells, row by row */
	size_t		 ncell;
};

void
html_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&#39;");
			break;
		default:
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				buf_putc(b, '?');
			else
				buf_putc(b, *s);
		}
}

void
md_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			buf_putc(b, '?');
			continue;
		}
		if (strchr("\\`*_[]<>#!|~&", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

static void
esc(struct em *em, const char *s)
{
	switch (em->fmt) {
	case FMT_TEXT:
		buf_add_safe(em->out, s);
		break;
	case FMT_MD:
		md_escape(em->out, s);
		break;
	case FMT_HTML:
		html_escape(em->out, s);
		break;
	}
}

static void PRINTFLIKE(2, 0)
vtext(struct buf *b, const char *fmt, va_list ap)
{
	buf_reset(b);
	buf_vprintf(b, fmt, ap);
}

/* Display width of UTF-8 text: its code points. */
static size_t
width(const char *s)
{
	size_t	 w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/*
 * Terminal text made safe, then filled to TEXT_WIDTH columns: the
 * first line after `col` columns already written, the others indented.
 */
static void
wrap(struct buf *out, const char *s, size_t col, size_t indent)
{
	struct buf	 safe = BUF_INIT;
	const char	*p, *q, *sp;
	size_t		 w;
	bool		 first = true;

	buf_add_safe(&safe, s);
	for (p = buf_str(&safe); *p != '\0'; p = sp) {
		while (*p == ' ')
			p++;
		if ((sp = strchr(p, ' ')) == NULL)
			sp = p + strlen(p);
		if (sp == p)
			break;
		for (w = 0, q = p; q < sp; q++)
			if (((unsigned char)*q & 0xc0) != 0x80)
				w++;
		if (!first && col + 1 + w > TEXT_WIDTH) {
			buf_putc(out, '\n');
			for (col = 0; col < indent; col++)
				buf_putc(out, ' ');
		} else if (!first) {
			buf_putc(out, ' ');
			col++;
		}
		buf_add(out, p, (size_t)(sp - p));
		first = false;
		col += w;
	}
	buf_free(&safe);
}

static void
list_end(struct em *em)
{
	if (!em->in_list)
		return;
	em->in_list = false;
	if (em->fmt == FMT_HTML)
		buf_puts(em->out, "</ul>\n");
	else if (em->fmt == FMT_MD)
		buf_putc(em->out, '\n');
}

static void
h2(struct em *em, const char *title)
{
	list_end(em);
	switch (em->fmt) {
	case FMT_TEXT:
		buf_putc(em->out, '\n');
		esc(em, title);
		buf_putc(em->out, '\n');
		break;
	case FMT_MD:
		buf_puts(em->out, "## ");
		esc(em, title);
		buf_puts(em->out, "\n\n");
		break;
	case FMT_HTML:
		buf_puts(em->out, "<h2>");
		esc(em, title);
		buf_puts(em->out, "</h2>\n");
		break;
	}
}

static void PRINTFLIKE(2, 3)
para(struct em *em, const char *fmt, ...)
{
	struct buf	 t = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	vtext(&t, fmt, ap);
	va_end(ap);
	list_end(em);
	if (em->fmt == FMT_HTML)
		buf_puts(em->out, "<p>");
	if (em->fmt == FMT_TEXT) {
		buf_puts(em->out, "  ");
		wrap(em->out, buf_str(&t), 2, 2);
	} else
		esc(em, buf_str(&t));
	buf_puts(em->out, em->fmt == FMT_HTML ? "</p>\n" : em->fmt == FMT_MD ?
	    "\n\n" : "\n");
	buf_free(&t);
}

/* A list item; its date (or any lead) first, apart. */
static void PRINTFLIKE(3, 4)
item(struct em *em, const char *lead, const char *fmt, ...)
{
	struct buf	 t = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	vtext(&t, fmt, ap);
	va_end(ap);
	if (!em->in_list && em->fmt == FMT_HTML)
		buf_puts(em->out, "<ul>\n");
	em->in_list = true;
	switch (em->fmt) {
	case FMT_TEXT:
		buf_puts(em->out, "  ");
		if (lead != NULL) {
			esc(em, lead);
			buf_puts(em->out, "  ");
		}
		wrap(em->out, buf_str(&t), 4 + (lead ? width(lead) : 0), 6);
		buf_putc(em->out, '\n');
		break;
	case FMT_MD:
		buf_puts(em->out, "- ");
		if (lead != NULL) {
			buf_puts(em->out, "**");
			esc(em, lead);
			buf_puts(em->out, "** ");
		}
		esc(em, buf_str(&t));
		buf_putc(em->out, '\n');
		break;
	case FMT_HTML:
		buf_puts(em->out, "<li>");
		if (lead != NULL) {
			buf_puts(em->out, "<b>");
			esc(em, lead);
			buf_puts(em->out, "</b> ");
		}
		esc(em, buf_str(&t));
		buf_puts(em->out, "</li>\n");
		break;
	}
	buf_free(&t);
}

static void
table(struct em *em, size_t ncol)
{
	list_end(em);
	em->ncol = ncol;
	em->ncell = 0;
	em->cell = NULL;
}

/* One cell of the table being built, printf style. */
static void PRINTFLIKE(2, 3)
cell(struct em *em, const char *fmt, ...)
{
	struct buf	 t = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	vtext(&t, fmt, ap);
	va_end(ap);
	em->cell = xreallocarray(em->cell, em->ncell + 1, sizeof(char *));
	em->cell[em->ncell++] = buf_detach(&t);
	if (em->cell[em->ncell - 1] == NULL)
		em->cell[em->ncell - 1] = xstrdup("");
}

static void
table_text(struct em *em)
{
	size_t	 w[MAXCOL] = { 0 }, i, c, pad;

	for (i = 0; i < em->ncell; i++)
		if (width(em->cell[i]) > w[i % em->ncol])
			w[i % em->ncol] = width(em->cell[i]);
	for (i = 0; i < em->ncell; i++) {
		c = i % em->ncol;
		buf_puts(em->out, c == 0 ? "  " : "  ");
		esc(em, em->cell[i]);
		if (c + 1 == em->ncol) {
			while (em->out->len > 0 &&
			    em->out->s[em->out->len - 1] == ' ')
				em->out->len--;
			buf_truncate(em->out, em->out->len);
			buf_putc(em->out, '\n');
			continue;
		}
		for (pad = width(em->cell[i]); pad < w[c]; pad++)
			buf_putc(em->out, ' ');
	}
}

static void
table_md(struct em *em)
{
	size_t	 i, c;

	for (i = 0; i < em->ncell; i++) {
		c = i % em->ncol;
		buf_puts(em->out, c == 0 ? "| " : " | ");
		esc(em, em->cell[i]);
		if (c + 1 < em->ncol)
			continue;
		buf_puts(em->out, " |\n");
		if (i + 1 == em->ncol) {
			for (c = 0; c < em->ncol; c++)
				buf_puts(em->out, "| --- ");
			buf_puts(em->out, "|\n");
		}
	}
	buf_putc(em->out, '\n');
}

static void
table_html(struct em *em)
{
	size_t	 i, c;

	buf_puts(em->out, "<table>\n");
	for (i = 0; i < em->ncell; i++) {
		c = i % em->ncol;
		if (c == 0)
			buf_puts(em->out, "<tr>");
		buf_puts(em->out, i < em->ncol ? "<th>" : "<td>");
		esc(em, em->cell[i]);
		buf_puts(em->out, i < em->ncol ? "</th>" : "</td>");
		if (c + 1 == em->ncol)
			buf_puts(em->out, "</tr>\n");
	}
	buf_puts(em->out, "</table>\n");
}

static void
table_end(struct em *em)
{
	size_t	 i;

	switch (em->fmt) {
	case FMT_TEXT:
		table_text(em);
		break;
	case FMT_MD:
		table_md(em);
		break;
	case FMT_HTML:
		table_html(em);
		break;
	}
	for (i = 0; i < em->ncell; i++)
		free(em->cell[i]);
	free(em->cell);
	em->cell = NULL;
	em->ncell = 0;
}

/* "bridge 3x12 hold=2s", "skip", "pain 5", "hold bridge until=...". */
static void
what(const struct entry *e, struct buf *b)
{
	struct buf	 line = BUF_INIT;
	size_t		 len;

	entry_format(e, &line);
	len = line.len;
	if (e->note[0] != '\0')
		len -= strlen(e->note) + 3;
	if (len > RFC3339_LEN + 1)
		buf_add(b, line.s + RFC3339_LEN + 1, len - RFC3339_LEN - 1);
	buf_free(&line);
}

static const char *
day_str(int64_t day, char d[11])
{
	date_format(day, d);
	return d;
}

static void
header(struct em *em, const struct report *r, const char *target)
{
	char	 a[11], b[11];

	if (em->fmt == FMT_TEXT)
		buf_puts(em->out, "hips report\n");
	else if (em->fmt == FMT_MD)
		buf_puts(em->out, "# hips report\n\n");
	else
		buf_puts(em->out, "<h1>hips report</h1>\n");
	para(em, "%s to %s, %d week%s; target %s. Written by hips from the "
	    "log; hips is not medical advice.", day_str(r->start, a),
	    day_str(r->today, b), r->weeks, r->weeks == 1 ? "" : "s", target);
}

static void
bar(struct em *em, struct buf *b, int done, int target)
{
	int	 i;
	bool	 u = em->utf8 || em->fmt != FMT_TEXT;

	buf_reset(b);
	for (i = 0; i < done; i++)
		buf_puts(b, u ? "\xe2\x96\xa0" : "#");	/* ■ */
	for (; i < target; i++)
		buf_puts(b, u ? "\xe2\x96\xa1" : ".");	/* □ */
}

static void
adherence(struct em *em, const struct report *r)
{
	struct buf	 b = BUF_INIT;
	char		 d[11];
	size_t		 i;

	h2(em, "Adherence: days with a session against the target");
	table(em, 4);
	cell(em, "week of");
	cell(em, "days");
	cell(em, "skip days");
	cell(em, "%s", "");
	for (i = 0; i < r->nwk; i++) {
		cell(em, "%s", day_str(r->wk[i].monday, d));
		cell(em, "%d of %d%s", r->wk[i].done, r->wk[i].target,
		    r->wk[i].days < 7 ? " so far" : "");
		cell(em, "%d", r->wk[i].skips);
		bar(em, &b, r->wk[i].done, r->wk[i].target);
		cell(em, "%s", buf_str(&b));
	}
	table_end(em);
	para(em, "Met: %d of %d target days (%d%%).", r->done, r->target,
	    r->target ? (r->done * 100 + r->target / 2) / r->target : 100);
	buf_free(&b);
}

static void
ladder(struct em *em, const struct rladder *rl)
{
	const struct ladder	*l = rl->l;
	char			 a[11], b[11];
	size_t			 i;

	if (rl->sessions == 0 && !rl->unlocked)
		return;
	if (l == NULL)
		h2(em, "Other exercises");
	else
		h2(em, l->title != NULL ? l->title : l->id);
	if (l != NULL && rl->step >= 0 && (size_t)rl->step < l->nsteps)
		para(em, "%d session%s; now at step %d of %zu: %s.",
		    rl->sessions, rl->sessions == 1 ? "" : "s", rl->step + 1,
		    l->nsteps, l->steps[rl->step].text);
	else
		para(em, "%d session%s.", rl->sessions,
		    rl->sessions == 1 ? "" : "s");
	if (rl->n == 0)
		return;
	table(em, 4);
	cell(em, "exercise");
	cell(em, "dose");
	cell(em, "sessions");
	cell(em, "dates");
	for (i = 0; i < rl->n; i++) {
		cell(em, "%s", rl->v[i].name);
		cell(em, "%s", rl->v[i].dose);
		cell(em, "%d", rl->v[i].sessions);
		if (rl->v[i].first == rl->v[i].last)
			cell(em, "%s", day_str(rl->v[i].first, a));
		else
			cell(em, "%s to %s", day_str(rl->v[i].first, a),
			    day_str(rl->v[i].last, b));
	}
	table_end(em);
}

static void
ladders(struct em *em, const struct report *r)
{
	size_t	 i;

	for (i = 0; i < r->nlad; i++)
		ladder(em, &r->lad[i]);
}

/* The columns of the sparkline: days, or runs of days for long windows. */
static size_t
spark_span(const struct report *r)
{
	return (r->ndays + TEXT_SPARK_MAX - 1) / TEXT_SPARK_MAX;
}

static void
sparkline(struct em *em, const struct report *r, bool utf8)
{
	const struct rules	*R = r->rules;
	size_t			 span = spark_span(r), i, k, cols = 0;
	int			 sum, cnt, hi;
	char			 a[11], b[11];
	size_t			 mark;

	buf_puts(em->out, em->fmt == FMT_MD ? "```\n|" : "  |");
	for (i = 0; i < r->ndays; i += span, cols++) {
		sum = cnt = 0;
		for (k = i; k < i + span && k < r->ndays; k++)
			if (r->avg[k] != REPORT_NO_PAIN) {
				sum += r->avg[k];
				cnt++;
			}
		buf_puts(em->out, report_spark(cnt ? (sum + cnt / 2) / cnt :
		    REPORT_NO_PAIN, utf8));
	}
	buf_puts(em->out, em->fmt == FMT_MD ? "|\n " : "|\n   ");
	mark = em->out->len;
	for (i = 0; i < r->ndays; i += span) {
		hi = -1;
		for (k = i; k < i + span && k < r->ndays; k++)
			if (r->pain[k] > hi)
				hi = r->pain[k];
		buf_putc(em->out, hi >= R->stop_pain ? 'X' : hi >= R->back_pain ?
		    '!' : hi >= R->hold_pain ? '^' : ' ');
	}
	while (em->out->len > mark && em->out->s[em->out->len - 1] == ' ')
		em->out->len--;
	buf_truncate(em->out, em->out->len);
	buf_puts(em->out, em->fmt == FMT_MD ? "\n " : "\n   ");
	day_str(r->start, a);
	day_str(r->today, b);
	buf_puts(em->out, a);
	for (k = 20; k < cols; k++)
		buf_putc(em->out, ' ');
	if (cols >= 20)
		buf_puts(em->out, b);
	else
		buf_printf(em->out, " to %s", b);
	buf_puts(em->out, em->fmt == FMT_MD ? "\n```\n\n" : "\n");
}

static void
pain_summary(struct em *em, const struct report *r)
{
	const struct rules	*R = r->rules;
	size_t			 i, hi_i = 0, rec = 0;
	int			 hi = -1, last = REPORT_NO_PAIN;
	int			 at[3] = { 0, 0, 0 };
	char			 d[11];

	for (i = 0; i < r->ndays; i++) {
		if (r->avg[i] != REPORT_NO_PAIN) {
			last = r->avg[i];
			if (r->avg[i] > hi) {
				hi = r->avg[i];
				hi_i = i;
			}
		}
		if (r->pain[i] == REPORT_NO_PAIN)
			continue;
		rec++;
		at[0] += r->pain[i] >= R->hold_pain;
		at[1] += r->pain[i] >= R->back_pain;
		at[2] += r->pain[i] >= R->stop_pain;
	}
	if (rec == 0) {
		para(em, "No pain recorded in these weeks.");
		return;
	}
	para(em, "%zu day%s with a record. 7-day average: highest %d.%d "
	    "(%s), latest %d.%d. Days at %d or more (hold the step): %d; "
	    "at %d or more (step back): %d; at %d or more (stop): %d.",
	    rec, rec == 1 ? "" : "s", hi / 10, hi % 10,
	    day_str(r->start + (int64_t)hi_i, d), last / 10, last % 10,
	    R->hold_pain, at[0], R->back_pain, at[1], R->stop_pain, at[2]);
}

static void
pain_trend(struct em *em, const struct report *r)
{
	const struct rules	*R = r->rules;

	h2(em, "Pain: the 7-day average (0 to 10)");
	if (em->fmt == FMT_HTML)
		report_svg(r, em->out);
	else {
		para(em, "One mark for %zu day%s, from _ (0) to %s (10); "
		    "below, the day's highest pain: ^ %d or more (hold), ! %d "
		    "or more (step back), X %d or more (stop).",
		    spark_span(r), spark_span(r) == 1 ? "" : "s",
		    em->utf8 || em->fmt == FMT_MD ? "\xe2\x96\x88" : "#",
		    R->hold_pain, R->back_pain, R->stop_pain);
		sparkline(em, r, em->utf8 || em->fmt == FMT_MD);
		if (em->fmt == FMT_TEXT)
			buf_putc(em->out, '\n');
	}
	pain_summary(em, r);
}

static void
sides(struct em *em, const struct report *r)
{
	const struct rside	*s;
	size_t			 i;
	int			 k;
	const char		*unit;

	if (r->nside == 0)
		return;
	h2(em, "Left and right");
	table(em, 5);
	cell(em, "exercise");
	cell(em, "left (sessions)");
	cell(em, "right (sessions)");
	cell(em, "difference");
	cell(em, "pain (L, R)");
	for (i = 0; i < r->nside; i++) {
		s = &r->side[i];
		unit = s->secs ? "s" : " reps";
		cell(em, "%s", s->name);
		for (k = 0; k < 2; k++)
			cell(em, "%ld%s (%d)", s->total[k], unit, s->sess[k]);
		if (s->total[0] == s->total[1])
			cell(em, "even");
		else
			cell(em, "%s %d%% less",
			    s->total[0] < s->total[1] ? "left" : "right",
			    report_asym(s->total[0], s->total[1]));
		cell(em, "%s%d.%d, %s%d.%d",
		    s->pain_n[0] ? "" : "none ", s->pain_n[0] ?
		    s->pain_sum[0] * 10 / s->pain_n[0] / 10 : 0,
		    s->pain_n[0] ? s->pain_sum[0] * 10 / s->pain_n[0] % 10 : 0,
		    s->pain_n[1] ? "" : "none ", s->pain_n[1] ?
		    s->pain_sum[1] * 10 / s->pain_n[1] / 10 : 0,
		    s->pain_n[1] ? s->pain_sum[1] * 10 / s->pain_n[1] % 10 : 0);
	}
	table_end(em);
}

static void
pause_why(const struct report *r, const struct rpause *p, struct buf *b)
{
	const struct rules	*R = r->rules;
	const char		*sep = "";

	if (p->rules & PAIN_STOP) {
		buf_printf(b, "pain %d (stop)", p->stop_pain);
		sep = "; ";
	}
	if (p->rules & PAIN_PERSIST) {
		buf_printf(b, "%spain %d or more on most recent days", sep,
		    R->hold_pain);
		sep = "; ";
	}
	if (p->rules & PAIN_REPEAT) {
		buf_printf(b, "%stwo days at %d or more within %d days", sep,
		    R->back_pain, R->pain_window);
		sep = "; ";
	}
	if (p->rules & PAIN_RISING)
		buf_printf(b, "%sthe 7-day average %d points above the 28 "
		    "days before", sep, R->pain_rise);
}

static void
pauses(struct em *em, const struct report *r)
{
	struct buf	 why = BUF_INIT, t = BUF_INIT;
	char		 a[11], b[11];
	size_t		 i;

	h2(em, "Pauses and clinician advice");
	if (r->npause == 0)
		para(em, "The pain rules paused nothing in these weeks.");
	for (i = 0; i < r->npause; i++) {
		buf_reset(&why);
		pause_why(r, &r->pause[i], &why);
		buf_reset(&t);
		buf_puts(&t, day_str(r->pause[i].from, a));
		if (r->pause[i].ongoing)
			buf_puts(&t, " to today");
		else if (r->pause[i].to != r->pause[i].from)
			buf_printf(&t, " to %s", day_str(r->pause[i].to, b));
		item(em, buf_str(&t), "%s. Progression paused; hips advised "
		    "seeing a clinician%s.", buf_str(&why),
		    r->pause[i].ongoing ? " (still in force)" : "");
	}
	list_end(em);
	h2(em, "A clinician's instructions");
	if (r->ndir == 0)
		para(em, "None in these weeks.");
	for (i = 0; i < r->ndir; i++) {
		buf_reset(&t);
		what(r->dir[i], &t);
		item(em, day_str(r->dir[i]->day, a), "%s%s%s%s", buf_str(&t),
		    r->dir[i]->note[0] != '\0' ? ": " : "", r->dir[i]->note,
		    i < r->dir_before ? " (in force from before)" : "");
	}
	list_end(em);
	buf_free(&why);
	buf_free(&t);
}

static void
notes(struct em *em, const struct report *r)
{
	struct buf	 t = BUF_INIT;
	char		 d[11];
	size_t		 i;

	h2(em, "Notes");
	if (r->nnote == 0)
		para(em, "None in these weeks.");
	for (i = 0; i < r->nnote; i++) {
		buf_reset(&t);
		what(r->note[i], &t);
		item(em, day_str(r->note[i]->day, d), "%s: %s", buf_str(&t),
		    r->note[i]->note);
	}
	list_end(em);
	buf_free(&t);
}

static void
body(struct em *em, const struct report *r, const struct program *p)
{
	char	 target[16];

	(void)p;
	if (r->per_week)
		snprintf(target, sizeof(target), "%d days a week",
		    r->per_week);
	else
		snprintf(target, sizeof(target), "every day");
	header(em, r, target);
	adherence(em, r);
	ladders(em, r);
	pain_trend(em, r);
	sides(em, r);
	pauses(em, r);
	notes(em, r);
}

void
report_text(const struct report *r, const struct program *p, bool utf8,
    struct buf *out)
{
	struct em	 em = { .fmt = FMT_TEXT, .utf8 = utf8, .out = out };

	body(&em, r, p);
}

void
report_md(const struct report *r, const struct program *p, struct buf *out)
{
	struct em	 em = { .fmt = FMT_MD, .utf8 = true, .out = out };

	body(&em, r, p);
}

static const char html_head[] =
"<!DOCTYPE html>\n"
"<html lang=\"en\">\n"
"<head>\n"
"<meta charset=\"utf-8\">\n"
"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
"style-src 'unsafe-inline'\">\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";

static const char html_style[] =
"<style>\n"
"@page { size: A4; margin: 15mm 14mm; }\n"
"html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
"body { font: 10.5pt/1.35 sans-serif; color: #111; max-width: 182mm;\n"
"  margin: 1em auto; padding: 0 1em; }\n"
"h1 { font-size: 16pt; margin: 0 0 .2em; }\n"
"h2 { font-size: 12pt; margin: 1.1em 0 .3em; border-bottom: 1px solid #999;\n"
"  break-after: avoid; page-break-after: avoid; }\n"
"table { border-collapse: collapse; margin: .3em 0; }\n"
"th, td { text-align: left; padding: .1em .8em .1em 0; vertical-align: top; }\n"
"th { font-weight: 600; border-bottom: 1px solid #ccc; }\n"
"tr, li, svg { break-inside: avoid; page-break-inside: avoid; }\n"
"ul { margin: .2em 0; padding-left: 1.2em; }\n"
"p { margin: .3em 0; }\n"
"svg { display: block; width: 100%; max-width: 182mm; height: auto; }\n"
"@media print { body { margin: 0; padding: 0; } }\n"
"</style>\n"
"</head>\n"
"<body>\n";

void
report_html(const struct report *r, const struct program *p,
    struct buf *out)
{
	struct em	 em = { .fmt = FMT_HTML, .utf8 = true, .out = out };
	char		 d[11];

	buf_puts(out, html_head);
	buf_printf(out, "<title>hips report %s</title>\n",
	    day_str(r->today, d));
	buf_puts(out, html_style);
	body(&em, r, p);
	buf_puts(out, "</body>\n</html>\n");
}
