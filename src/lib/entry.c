/*
 * The entry line (DESIGN.md section 3): parsing, validation and
 * formatting; see entry.h.
 */
#include <stdio.h>
#include <string.h>

#include "entry.h"
#include "text.h"

#define SAY(...)	error_put(err, 2, __VA_ARGS__)

/* Print at most 40 bytes of a quoted subject. */
#define Q(s, n)		(int)((n) > 40 ? 40 : (n)), (s)

static bool
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static bool
islow(int c)
{
	return c >= 'a' && c <= 'z';
}

/*
 * Read a decimal number of n bytes without a leading zero, at most max.
 * Returns the value, or -1 if it is not one.
 */
static long
number(const char *s, size_t n, long max)
{
	long	 v = 0;
	size_t	 i;

	if (n == 0 || (s[0] == '0' && n > 1))
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdig(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > max)
			return -2;
	}
	return v;
}

/* The grammar of names, its messages with it (entry.h). */
int
name_check(const char *s, size_t n, struct error *err)
{
	size_t	 i;

	if (n == 0)
		return SAY("empty exercise name");
	if (n > NAME_MAXLEN)
		return SAY("exercise name '%.*s' is longer than %d characters",
		    Q(s, n), NAME_MAXLEN);
	if (!islow(s[0]))
		return SAY("bad exercise name '%.*s': it must start with a "
		    "lower-case letter", Q(s, n));
	for (i = 1; i < n; i++)
		if (!islow(s[i]) && !isdig(s[i]) && s[i] != '-')
			return SAY("bad exercise name '%.*s': use a-z, 0-9 and "
			    "'-'", Q(s, n));
	return 0;
}

bool
name_valid(const char *s, size_t n)
{
	struct error	 why;

	return name_check(s, n, &why) == 0;
}

/* A name that may hold '_' too. */
bool
key_valid(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > KEY_MAXLEN || !islow(s[0]))
		return false;
	for (i = 1; i < n; i++)
		if (!islow(s[i]) && !isdig(s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

/* One amount: 1..999 reps or 1s..3600s.  Sets *secs. */
static int
amount(const char *s, size_t n, bool *secs)
{
	long	 v;

	*secs = n > 0 && s[n - 1] == 's';
	if (*secs)
		n--;
	v = number(s, n, *secs ? 3600 : 999);
	if (v < 1)
		return -1;
	return (int)v;
}

int
dose_parse(const char *s, size_t n, struct dose *d, struct error *err)
{
	const char	*x, *p, *end, *comma;
	size_t		 len = n;
	long		 sets;
	int		 a;
	bool		 secs;

	memset(d, 0, sizeof(*d));
	if (n == 0)
		return SAY("empty dose");
	if (n > 5 && memcmp(s + n - 5, "/side", 5) == 0) {
		d->side = true;
		len -= 5;
	}
	end = s + len;
	if ((x = memchr(s, 'x', len)) != NULL) {
		sets = number(s, (size_t)(x - s), DOSE_MAXSETS);
		if (sets < 1)
			return SAY("bad dose '%.*s': sets must be 1 to %d",
			    Q(s, n), DOSE_MAXSETS);
		if ((a = amount(x + 1, (size_t)(end - x - 1), &secs)) < 1)
			return SAY("bad dose '%.*s': each set must be 1 to 999 "
			    "reps or 1s to 3600s", Q(s, n));
		d->sets = (int)sets;
		d->min = d->max = a;
		d->total = (int)sets * a;
		d->secs = secs;
		return 0;
	}
	d->list = true;
	for (p = s; p <= end; p = comma + 1) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		if ((a = amount(p, (size_t)(comma - p), &secs)) < 1)
			return SAY("bad dose '%.*s': want SETSxAMOUNT (3x12, "
			    "3x30s) or amounts per set (12, 10,10,8), each "
			    "1 to 999 reps or 1s to 3600s", Q(s, n));
		if (d->sets > 0 && secs != d->secs)
			return SAY("bad dose '%.*s': mixes reps and seconds",
			    Q(s, n));
		if (d->sets == DOSE_MAXSETS)
			return SAY("bad dose '%.*s': more than %d sets",
			    Q(s, n), DOSE_MAXSETS);
		d->secs = secs;
		if (d->sets == 0 || a < d->min)
			d->min = a;
		if (a > d->max)
			d->max = a;
		d->total += a;
		d->sets++;
	}
	return 0;
}

static bool
eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* Does s hold a NUMBER(kg|lb) with at most 2 decimals, above 0? */
static bool
load_ok(const char *s, size_t n)
{
	size_t	 i, dot = 0, ndig = 0, frac = 0;
	bool	 nonzero = false;

	if (n < 3 || !(eq(s + n - 2, 2, "kg") || eq(s + n - 2, 2, "lb")))
		return false;
	n -= 2;
	for (i = 0; i < n; i++) {
		if (s[i] == '.' && dot == 0 && ndig > 0) {
			dot = i + 1;
			continue;
		}
		if (!isdig(s[i]))
			return false;
		if (s[i] != '0')
			nonzero = true;
		if (dot)
			frac++;
		else
			ndig++;
	}
	if (ndig == 0 || ndig > 4 || (dot && (frac == 0 || frac > 2)))
		return false;
	if (ndig > 1 && s[0] == '0')
		return false;
	return nonzero;
}

int
key_check(const char *s, size_t n, struct entry *e, struct error *err)
{
	const char	*eqs, *v;
	size_t		 kn, vn, i;
	long		 x;

	if ((eqs = memchr(s, '=', n)) == NULL)
		return SAY("unexpected '%.*s': extra fields are KEY=VALUE",
		    Q(s, n));
	kn = (size_t)(eqs - s);
	v = eqs + 1;
	vn = n - kn - 1;
	if (!key_valid(s, kn))
		return SAY("bad key in '%.*s'", Q(s, n));
	if (vn == 0)
		return SAY("empty value in '%.*s'", Q(s, n));
	for (i = 0; i < vn; i++)
		if ((unsigned char)v[i] <= ' ' || (unsigned char)v[i] >= 0x7f ||
		    v[i] == '#' || v[i] == '=')
			return SAY("bad value in '%.*s'", Q(s, n));
	if (eq(s, kn, "hold")) {
		if (e->hold >= 0)
			goto dup;
		if (vn < 2 || v[vn - 1] != 's' ||
		    (x = number(v, vn - 1, 3600)) < 1)
			return SAY("bad hold '%.*s': want 1s to 3600s", Q(v, vn));
		e->hold = (int)x;
	} else if (eq(s, kn, "pain")) {
		if (e->pain >= 0)
			goto dup;
		if ((x = number(v, vn, 10)) < 0)
			return SAY("bad pain '%.*s': want 0 to 10", Q(v, vn));
		e->pain = (int)x;
	} else if (eq(s, kn, "rpe")) {
		if (e->rpe >= 0)
			goto dup;
		if ((x = number(v, vn, 10)) < 1)
			return SAY("bad rpe '%.*s': want 1 to 10", Q(v, vn));
		e->rpe = (int)x;
	} else if (eq(s, kn, "band")) {
		if (e->band != BAND_NONE)
			goto dup;
		if (eq(v, vn, "light"))
			e->band = BAND_LIGHT;
		else if (eq(v, vn, "medium"))
			e->band = BAND_MEDIUM;
		else if (eq(v, vn, "heavy"))
			e->band = BAND_HEAVY;
		else
			return SAY("bad band '%.*s': want light, medium or "
			    "heavy", Q(v, vn));
	} else if (eq(s, kn, "side")) {
		if (e->side != SIDE_NONE)
			goto dup;
		if (eq(v, vn, "left"))
			e->side = SIDE_LEFT;
		else if (eq(v, vn, "right"))
			e->side = SIDE_RIGHT;
		else
			return SAY("bad side '%.*s': want left or right",
			    Q(v, vn));
	} else if (eq(s, kn, "load")) {
		if (!load_ok(v, vn))
			return SAY("bad load '%.*s': want a number and kg or lb "
			    "(12.5kg, 20lb)", Q(v, vn));
	}
	return 0;
dup:
	return SAY("duplicate key '%.*s'", Q(s, kn));
}

int
note_check(const char *s, size_t n, struct error *err)
{
	if (!utf8_valid(s, n))
		return SAY("note is not valid UTF-8");
	if (has_control(s, n))
		return SAY("note contains a control character (tab, newline, "
		    "escape...)");
	return 0;
}

static void
entry_clear(struct entry *e)
{
	memset(e, 0, sizeof(*e));
	e->hold = e->pain = e->rpe = -1;
	e->name = e->dose_text = e->keys = e->note = "";
}

static const char *const directives[] = {
	[DIR_HOLD] = "hold",
	[DIR_PAUSE] = "pause",
	[DIR_SET] = "set",
	[DIR_RESUME] = "resume",
};

const char *
directive_name(int d)
{
	return d > DIR_NONE && d <= DIR_RESUME ? directives[d] : "";
}

int
directive_of(const char *s, size_t n)
{
	int	 d;

	for (d = DIR_HOLD; d <= DIR_RESUME; d++)
		if (eq(s, n, directives[d]))
			return d;
	return DIR_NONE;
}

/*
 * Field 2 and on of a directive line (hips(5)): LADDER or "all", the
 * step of a set, then until=YYYY-MM-DD for a hold or a pause.
 */
static int
directive_field(struct entry *e, int field, char *f, size_t n,
    struct error *err)
{
	const char	*kw = directive_name(e->directive);
	struct error	 why2;
	long		 v;

	if (field == 2) {
		if (eq(f, n, "all")) {
			if (e->directive == DIR_HOLD || e->directive == DIR_SET)
				return SAY("'%s all' is not an instruction: "
				    "%s names one ladder", kw, kw);
		} else if (name_check(f, n, &why2) == -1)
			return SAY("bad ladder after '%s': %s", kw, why2.msg);
		e->name = f;
		return 0;
	}
	if (field == 3 && e->directive == DIR_SET) {
		if ((v = number(f, n, 99)) < 1)
			return SAY("bad step '%.*s' after 'set %s': want a "
			    "number from 1", Q(f, n), e->name);
		e->dstep = (int)v;
		return 0;
	}
	if (n > 6 && memcmp(f, "until=", 6) == 0 &&
	    (e->directive == DIR_HOLD || e->directive == DIR_PAUSE)) {
		if (e->until != DIRECTIVE_OPEN)
			return SAY("duplicate key 'until'");
		if (n != 16 || date_parse(f + 6, 10, &e->until, &why2) == -1)
			return SAY("bad until '%.*s': want a date YYYY-MM-DD",
			    Q(f + 6, n - 6));
		if (e->until < e->day)
			return SAY("until %.*s is before the instruction's "
			    "date", Q(f + 6, n - 6));
		e->keys = f;
		return 0;
	}
	return SAY("unexpected '%.*s' in a '%s' line", Q(f, n), kw);
}

/* Is the key part (up to '=') of field a equal to that of field b? */
static bool
samekey(const char *a, const char *b)
{
	while (*a != '=' && *a == *b)
		a++, b++;
	return *a == '=' && *b == '=';
}

int
entry_parse(char *s, size_t len, struct entry *e, struct error *err)
{
	char		*p, *end, *f, *note = NULL, *kw, *k2;
	size_t		 n;
	struct error	 why;
	int		 field;

	entry_clear(e);
	if (memchr(s, '\0', len) != NULL)
		return SAY("NUL byte in line");
	if (len > LINE_MAXLEN)
		return SAY("line longer than %d bytes", LINE_MAXLEN);
	if (len > 0 && s[len - 1] == '\r')
		return SAY("carriage return at end of line (CRLF line ending)");
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		return SAY("byte order mark at start of line");
	for (p = s; p < s + len && (*p == ' ' || *p == '\t'); p++)
		;
	if (p == s + len || *p == '#')
		return 0;
	if (p != s)
		return SAY("line starts with white space");
	s[len] = '\0';

	/* The note starts at the first '#' after a blank. */
	for (p = s + 1; p < s + len; p++)
		if (*p == '#' && (p[-1] == ' ' || p[-1] == '\t')) {
			note = p + 1;
			if (*note == ' ')
				note++;
			end = p;
			break;
		}
	if (note != NULL) {
		if (note_check(note, (size_t)(s + len - note), err))
			return -1;
		e->note = note;
	} else
		end = s + len;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	if (!utf8_valid(s, (size_t)(end - s)))
		return SAY("line is not valid UTF-8");

	/* Fields, separated by blanks; keys are compacted in place. */
	kw = NULL;
	field = 0;
	for (p = s; p < end; field++) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		f = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - f);
		if (p < end)
			*p++ = '\0';
		if (e->directive != DIR_NONE) {
			if (directive_field(e, field, f, n, err) == -1)
				return -1;
			continue;
		}
		switch (field) {
		case 0:
			if (rfc3339_parse(f, n, &e->when, &why) == -1)
				return SAY("bad timestamp '%.*s': %s", Q(f, n),
				    why.msg);
			e->day = htime_day(e->when);
			break;
		case 1:
			if (eq(f, n, "skip")) {
				e->skip = true;
				e->name = f;
				field++;	/* no dose */
				break;
			}
			if (eq(f, n, "pain")) {
				e->pain_only = true;
				e->name = f;
				break;
			}
			if ((e->directive = directive_of(f, n)) != DIR_NONE) {
				e->until = DIRECTIVE_OPEN;
				break;
			}
			if (name_check(f, n, err) == -1)
				return -1;
			e->name = f;
			break;
		case 2:
			if (e->pain_only) {
				if (number(f, n, 10) < 0)
					return SAY("bad pain '%.*s': want 0 to "
					    "10", Q(f, n));
				e->pain = (int)number(f, n, 10);
				e->dose_text = f;
				break;
			}
			if (dose_parse(f, n, &e->dose, err) == -1)
				return -1;
			e->dose_text = f;
			break;
		default:
			if (key_check(f, n, e, err) == -1)
				return -1;
			for (k2 = kw ? (char *)e->keys : NULL; k2 != NULL;) {
				if (samekey(k2, f))
					return SAY("duplicate key '%.*s'",
					    Q(f, (size_t)(strchr(f, '=') - f)));
				k2 = strchr(k2, ' ');
				if (k2 != NULL)
					k2++;
			}
			if (kw == NULL) {
				e->keys = kw = f;
			} else {
				*kw++ = ' ';
			}
			memmove(kw, f, n);
			kw += n;
			*kw = '\0';
			break;
		}
	}
	if (field == 0)		/* a first field is there: defensive */
		return SAY("missing timestamp and exercise");
	if (field == 1)
		return SAY("missing exercise after the timestamp");
	if (field == 2 && e->pain_only)
		return SAY("missing pain level after 'pain' (0 to 10)");
	if (e->directive != DIR_NONE) {
		if (field == 2)
			return SAY("missing ladder after '%s'",
			    directive_name(e->directive));
		if (field == 3 && e->directive == DIR_SET)
			return SAY("missing step after 'set %s'", e->name);
		if (e->directive == DIR_PAUSE && e->until == DIRECTIVE_OPEN)
			return SAY("'pause %s' needs until=YYYY-MM-DD", e->name);
		if (e->directive != DIR_HOLD && e->directive != DIR_PAUSE)
			e->until = 0;
		return 1;
	}
	if (field == 2)
		return SAY("missing dose after '%s'", e->name);
	return 1;
}

void
entry_format(const struct entry *e, struct buf *b)
{
	char	 ts[RFC3339_LEN + 1];

	rfc3339_format(e->when, ts);
	buf_puts(b, ts);
	buf_putc(b, ' ');
	if (e->directive != DIR_NONE) {
		buf_puts(b, directive_name(e->directive));
		buf_putc(b, ' ');
		buf_puts(b, e->name);
		if (e->directive == DIR_SET)
			buf_printf(b, " %d", e->dstep);
	} else
		buf_puts(b, e->skip ? "skip" : e->name);
	if (!e->skip && e->directive == DIR_NONE) {
		buf_putc(b, ' ');
		buf_puts(b, e->dose_text);
	}
	if (e->keys[0] != '\0') {
		buf_putc(b, ' ');
		buf_puts(b, e->keys);
	}
	if (e->note[0] != '\0') {
		buf_puts(b, " # ");
		buf_puts(b, e->note);
	}
}

int
entry_pain_record(const struct entry *e)
{
	if (e->directive != DIR_NONE)
		return -1;	/* an instruction, not a record */
	if (e->pain_only || e->skip)
		return e->pain;
	return e->pain > 0 ? e->pain : 0;
}

const char *
band_name(int band)
{
	switch (band) {
	case BAND_LIGHT:
		return "light";
	case BAND_MEDIUM:
		return "medium";
	case BAND_HEAVY:
		return "heavy";
	}
	return "";
}
