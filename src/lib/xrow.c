/*
 * The export's rows: an entry as named columns and back (see xrow.h and
 * hips(1), EXPORT AND IMPORT).
 *
 * A session's dose is sets, then reps or seconds: one amount for every
 * set (3x12), or one per set separated by commas (10,10,8); per_side is
 * "yes" for a /side dose.  Keys with a column of their own go there (hold
 * in seconds, without the s); any other key=value stays in `other`, in
 * the order of the line, so nothing is lost.  A skip and a pain line have
 * no exercise and no dose; a clinician's instruction names its ladder in
 * `exercise`, with step=N (set) or until=DATE (hold, pause) in `other`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "csv.h"
#include "json.h"
#include "xrow.h"

#define SAY(...)	(snprintf(err, errsz, __VA_ARGS__), -1)
#define C(x, i)		buf_str(&(x)->col[(i)])

const char *const xrow_names[XC_N] = {
	[XC_DATE] = "date",
	[XC_TIME] = "time",
	[XC_ZONE] = "zone",
	[XC_KIND] = "kind",
	[XC_EXERCISE] = "exercise",
	[XC_SETS] = "sets",
	[XC_REPS] = "reps",
	[XC_SECONDS] = "seconds",
	[XC_PER_SIDE] = "per_side",
	[XC_SIDE] = "side",
	[XC_HOLD] = "hold",
	[XC_BAND] = "band",
	[XC_LOAD] = "load",
	[XC_PAIN] = "pain",
	[XC_RPE] = "rpe",
	[XC_OTHER] = "other",
	[XC_NOTE] = "note",
};

/* Keys with a column of their own, in the order a line gets them. */
static const struct {
	const char	*key;
	int		 col;
} keycols[] = {
	{ "side", XC_SIDE },
	{ "hold", XC_HOLD },
	{ "band", XC_BAND },
	{ "load", XC_LOAD },
	{ "pain", XC_PAIN },
	{ "rpe", XC_RPE },
};
#define NKEYCOLS	(sizeof(keycols) / sizeof(keycols[0]))

void
xrow_init(struct xrow *x)
{
	int	 i;

	for (i = 0; i < XC_N; i++)
		buf_init(&x->col[i]);
}

void
xrow_reset(struct xrow *x)
{
	int	 i;

	for (i = 0; i < XC_N; i++) {
		buf_reset(&x->col[i]);
		buf_puts(&x->col[i], "");
	}
}

void
xrow_free(struct xrow *x)
{
	int	 i;

	for (i = 0; i < XC_N; i++)
		buf_free(&x->col[i]);
}

int
xrow_col(const char *s)
{
	int	 i;

	for (i = 0; i < XC_N; i++)
		if (strcmp(xrow_names[i], s) == 0)
			return i;
	return -1;
}

/* The dose as sets, reps or seconds, and per_side. */
static void
dose_cols(const struct entry *e, struct xrow *x)
{
	const char	*s = e->dose_text, *p, *end;
	struct buf	*amt = &x->col[e->dose.secs ? XC_SECONDS : XC_REPS];

	end = s + strlen(s) - (e->dose.side ? 5 : 0);
	buf_printf(&x->col[XC_SETS], "%d", e->dose.sets);
	p = e->dose.list ? s : strchr(s, 'x') + 1;
	for (; p < end; p++)
		if (*p != 's')
			buf_putc(amt, *p);
	if (e->dose.side)
		buf_puts(&x->col[XC_PER_SIDE], "yes");
}

/* "k=v k=v": each key to its column, or to `other`. */
static void
key_cols(const char *keys, struct xrow *x)
{
	const char	*p, *eq, *sp;
	size_t		 i, kn, vn;

	for (p = keys; *p != '\0'; p = *sp ? sp + 1 : sp) {
		if ((sp = strchr(p, ' ')) == NULL)
			sp = p + strlen(p);
		if ((eq = memchr(p, '=', (size_t)(sp - p))) == NULL)
			eq = sp;
		kn = (size_t)(eq - p);
		vn = eq < sp ? (size_t)(sp - eq - 1) : 0;
		for (i = 0; i < NKEYCOLS; i++)
			if (strlen(keycols[i].key) == kn &&
			    memcmp(keycols[i].key, p, kn) == 0)
				break;
		if (i == NKEYCOLS) {
			if (x->col[XC_OTHER].len > 0)
				buf_putc(&x->col[XC_OTHER], ' ');
			buf_add(&x->col[XC_OTHER], p, (size_t)(sp - p));
			continue;
		}
		/* hold=2s: the column is in seconds. */
		if (keycols[i].col == XC_HOLD && vn > 0 && eq[vn] == 's')
			vn--;
		buf_add(&x->col[keycols[i].col], eq + 1, vn);
	}
}

void
xrow_from_entry(const struct entry *e, struct xrow *x)
{
	char	 ts[RFC3339_LEN + 1];

	xrow_reset(x);
	rfc3339_format(e->when, ts);
	buf_add(&x->col[XC_DATE], ts, 10);
	buf_add(&x->col[XC_TIME], ts + 11, 8);
	buf_add(&x->col[XC_ZONE], ts + 19, 6);
	if (e->directive != DIR_NONE) {
		buf_puts(&x->col[XC_KIND], directive_name(e->directive));
		buf_puts(&x->col[XC_EXERCISE], e->name);
		if (e->directive == DIR_SET)
			buf_printf(&x->col[XC_OTHER], "step=%d", e->dstep);
		else
			buf_puts(&x->col[XC_OTHER], e->keys);
	} else if (e->skip) {
		buf_puts(&x->col[XC_KIND], "skip");
		key_cols(e->keys, x);
	} else if (e->pain_only) {
		buf_puts(&x->col[XC_KIND], "pain");
		buf_puts(&x->col[XC_PAIN], e->dose_text);
		key_cols(e->keys, x);
	} else {
		buf_puts(&x->col[XC_KIND], "session");
		buf_puts(&x->col[XC_EXERCISE], e->name);
		dose_cols(e, x);
		key_cols(e->keys, x);
	}
	buf_puts(&x->col[XC_NOTE], e->note);
}

/* sets and reps or seconds (and per_side) as a dose: 3x12, 10,10,8s. */
static int
dose_text(const struct xrow *x, struct buf *line, char *err, size_t errsz)
{
	const char	*sets = C(x, XC_SETS), *reps = C(x, XC_REPS);
	const char	*secs = C(x, XC_SECONDS), *side = C(x, XC_PER_SIDE);
	const char	*amt, *p;
	bool		 s;
	size_t		 n = 1;

	if (*reps != '\0' && *secs != '\0')
		return SAY("reps and seconds both given: a dose is one or the "
		    "other");
	if (*reps == '\0' && *secs == '\0')
		return SAY("no reps or seconds for the session");
	if (*sets == '\0')
		return SAY("no sets for the session");
	if (*side != '\0' && strcmp(side, "yes") != 0)
		return SAY("bad per_side '%.40s': want yes or nothing", side);
	s = *secs != '\0';
	amt = s ? secs : reps;
	for (p = amt; *p != '\0'; p++)
		if (*p == ',')
			n++;
	if (n > 1) {
		/* One amount per set: their count is the sets. */
		char	 nb[24];

		snprintf(nb, sizeof(nb), "%zu", n);
		if (strcmp(nb, sets) != 0)
			return SAY("sets %.20s, but %zu amounts in '%.40s'",
			    sets, n, amt);
		for (p = amt; *p != '\0'; p++) {
			if (*p == ',' && s)
				buf_putc(line, 's');
			buf_putc(line, *p);
		}
	} else if (strcmp(sets, "1") == 0)
		buf_puts(line, amt);
	else
		buf_printf(line, "%sx%s", sets, amt);
	if (s && n == 1 && amt[strlen(amt) - 1] == 's')
		return SAY("bad seconds '%.40s': a number, without s", amt);
	if (s)
		buf_putc(line, 's');
	if (*side != '\0')
		buf_puts(line, "/side");
	return 0;
}

/* The keys of a session, a skip or a pain line, and `other`. */
static void
keys_text(const struct xrow *x, struct buf *line, bool pain)
{
	const char	*v;
	size_t		 i;

	for (i = 0; i < NKEYCOLS; i++) {
		if (keycols[i].col == XC_PAIN && pain)
			continue;
		v = C(x, keycols[i].col);
		if (*v == '\0')
			continue;
		buf_printf(line, " %s=%s", keycols[i].key, v);
		if (keycols[i].col == XC_HOLD && v[strlen(v) - 1] != 's')
			buf_putc(line, 's');
	}
	if (*C(x, XC_OTHER) != '\0')
		buf_printf(line, " %s", C(x, XC_OTHER));
}

/* Columns that must be empty for this kind of row. */
static int
must_be_empty(const struct xrow *x, const int *cols, const char *kind,
    char *err, size_t errsz)
{
	for (; *cols != -1; cols++)
		if (*C(x, *cols) != '\0')
			return SAY("a %s row has no %s (it is '%.40s')", kind,
			    xrow_names[*cols], C(x, *cols));
	return 0;
}

int
xrow_to_line(const struct xrow *x, struct buf *line, char *err, size_t errsz)
{
	static const int	 nodose[] = { XC_EXERCISE, XC_SETS, XC_REPS,
	    XC_SECONDS, XC_PER_SIDE, -1 };
	static const int	 nokeys[] = { XC_SETS, XC_REPS, XC_SECONDS,
	    XC_PER_SIDE, XC_SIDE, XC_HOLD, XC_BAND, XC_LOAD, XC_PAIN, XC_RPE,
	    -1 };
	const char		*kind = C(x, XC_KIND), *other;
	struct entry		 e;
	struct error		 why;
	char			*copy;
	int			 i, d, rc;

	buf_reset(line);
	buf_puts(line, "");
	for (i = 0; i < XC_N; i++) {
		if (i == XC_NOTE || i == XC_OTHER)
			continue;
		if (strpbrk(C(x, i), " \t\r\n") != NULL)
			return SAY("blank in %s '%.40s'", xrow_names[i],
			    C(x, i));
	}
	for (i = XC_DATE; i <= XC_ZONE; i++)
		if (*C(x, i) == '\0')
			return SAY("no %s", xrow_names[i]);
	buf_printf(line, "%sT%s%s ", C(x, XC_DATE), C(x, XC_TIME),
	    C(x, XC_ZONE));
	d = directive_of(kind, strlen(kind));
	if (strcmp(kind, "session") == 0) {
		const char	*ex = C(x, XC_EXERCISE);

		if (*ex == '\0')
			return SAY("a session row needs an exercise");
		if (strcmp(ex, "skip") == 0 || strcmp(ex, "pain") == 0 ||
		    directive_of(ex, strlen(ex)) != DIR_NONE)
			return SAY("'%s' is not an exercise: it is a kind of "
			    "row", ex);
		buf_printf(line, "%s ", ex);
		if (dose_text(x, line, err, errsz) == -1)
			return -1;
		keys_text(x, line, false);
	} else if (strcmp(kind, "skip") == 0) {
		if (must_be_empty(x, nodose, kind, err, errsz) == -1)
			return -1;
		buf_puts(line, "skip");
		keys_text(x, line, false);
	} else if (strcmp(kind, "pain") == 0) {
		if (must_be_empty(x, nodose, kind, err, errsz) == -1)
			return -1;
		if (*C(x, XC_PAIN) == '\0')
			return SAY("a pain row needs its pain (0 to 10)");
		buf_printf(line, "pain %s", C(x, XC_PAIN));
		keys_text(x, line, true);
	} else if (d != DIR_NONE) {
		if (must_be_empty(x, nokeys, kind, err, errsz) == -1)
			return -1;
		if (*C(x, XC_EXERCISE) == '\0')
			return SAY("a %s row needs its ladder in exercise",
			    kind);
		buf_printf(line, "%s %s", kind, C(x, XC_EXERCISE));
		other = C(x, XC_OTHER);
		if (d == DIR_SET) {
			if (strncmp(other, "step=", 5) != 0)
				return SAY("a set row needs step=N in other");
			buf_printf(line, " %s", other + 5);
		} else if (*other != '\0')
			buf_printf(line, " %s", other);
	} else if (*kind == '\0')
		return SAY("no kind");
	else
		return SAY("unknown kind '%.40s': want session, skip, pain, "
		    "hold, pause, set or resume", kind);
	if (*C(x, XC_NOTE) != '\0')
		buf_printf(line, " # %s", C(x, XC_NOTE));
	/*
	 * What the entry parser refuses, the log would too; what it takes
	 * is written as hips writes it (a zone -00:00 or Z as +00:00).
	 */
	copy = xstrdup(buf_str(line));
	if ((rc = entry_parse(copy, line->len, &e, &why)) == 1) {
		buf_reset(line);
		entry_format(&e, line);
	}
	free(copy);
	if (rc == -1)
		return SAY("%s", why.msg);
	if (rc == 0)
		return SAY("not an entry");
	return rc == 1 ? 0 : -1;
}

void
xrow_csv_header(struct buf *b)
{
	int	 i;

	for (i = 0; i < XC_N; i++) {
		if (i > 0)
			buf_putc(b, ',');
		buf_puts(b, xrow_names[i]);
	}
	buf_puts(b, "\r\n");
}

void
xrow_csv(const struct xrow *x, struct buf *b)
{
	int	 i;

	for (i = 0; i < XC_N; i++) {
		if (i > 0)
			buf_putc(b, ',');
		csv_put(b, C(x, i));
	}
	buf_puts(b, "\r\n");
}

/* A column of JSON numbers: sets, hold, pain, rpe; reps and seconds. */
static bool
numeric(int col)
{
	return col == XC_SETS || col == XC_HOLD || col == XC_PAIN ||
	    col == XC_RPE || col == XC_REPS || col == XC_SECONDS;
}

void
xrow_json(const struct xrow *x, struct buf *b)
{
	const char	*v;
	int		 i;

	buf_putc(b, '{');
	for (i = 0; i < XC_N; i++) {
		v = C(x, i);
		if (i > 0)
			buf_putc(b, ',');
		json_str(b, xrow_names[i]);
		buf_putc(b, ':');
		if (i == XC_PER_SIDE)
			buf_puts(b, *v != '\0' ? "true" : "false");
		else if (*v == '\0')
			buf_puts(b, "null");
		else if (numeric(i) && strchr(v, ',') != NULL)
			buf_printf(b, "[%s]", v);
		else if (numeric(i))
			buf_puts(b, v);
		else
			json_str(b, v);
	}
	buf_putc(b, '}');
}
