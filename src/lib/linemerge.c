/* The merge of month files as multisets of lines (linemerge.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "linemerge.h"

/* One distinct line and its copies in each version. */
struct mline {
	const char	*s;
	size_t		 len;
	size_t		 n[3];		/* in base, ours, theirs */
	size_t		 keep;		/* copies in the result */
	size_t		 put;		/* copies written so far */
};

/* The distinct lines, in an open-addressed table (slot 0: empty). */
struct mtab {
	struct mline	*v;
	size_t		 n;
	size_t		*slot;		/* index + 1 into v, or 0 */
	size_t		 mask;
};

/* The number of lines of text. */
static size_t
count_lines(const char *text, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			n++;
	return n + (len > 0 && text[len - 1] != '\n');
}

/* The entry of line s, added when new (the table has room for all). */
static struct mline *
lookup(struct mtab *t, const char *s, size_t len)
{
	size_t		 i = (size_t)hash_add(HASH_INIT, s, len) & t->mask;
	struct mline	*m;

	for (;;) {
		if (t->slot[i] == 0) {
			m = &t->v[t->n++];
			memset(m, 0, sizeof(*m));
			m->s = s;
			m->len = len;
			t->slot[i] = t->n;
			return m;
		}
		m = &t->v[t->slot[i] - 1];
		if (m->len == len && memcmp(m->s, s, len) == 0)
			return m;
		i = (i + 1) & t->mask;
	}
}

/* Count the lines of text as copies in version which (0..2). */
static void
tally(struct mtab *t, const char *text, size_t len, int which)
{
	const char	*p = text, *end = text + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		lookup(t, p, (size_t)(nl - p))->n[which]++;
		p = nl + 1;
	}
}

/* Write to o the lines of text still due; the new end of o. */
static char *
emit(struct mtab *t, const char *text, size_t len, char *o)
{
	const char	*p = text, *end = text + len, *nl;
	struct mline	*m;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		m = lookup(t, p, (size_t)(nl - p));
		if (m->put < m->keep) {
			m->put++;
			memcpy(o, p, m->len);
			o += m->len;
			*o++ = '\n';
		}
		p = nl + 1;
	}
	return o;
}

/* How many copies of m the merge keeps (see linemerge.h). */
static size_t
keep(const struct mline *m)
{
	size_t	 b = m->n[0], o = m->n[1], t = m->n[2];

	if (o >= b && t >= b)
		return o > t ? o : t;
	if (o <= b && t <= b)
		return o < t ? o : t;
	return o + t - b;	/* one above b, one below: never below 0 */
}

int
linemerge(const char *base, size_t blen, const char *ours, size_t olen,
    const char *theirs, size_t tlen, char **out, size_t *outlen)
{
	struct mtab	 t;
	size_t		 lines, cap, i, size;
	char		*o;

	*out = NULL;
	*outlen = 0;
	lines = count_lines(base, blen) + count_lines(ours, olen) +
	    count_lines(theirs, tlen);
	for (cap = 16; cap < 2 * lines; cap *= 2)
		;
	memset(&t, 0, sizeof(t));
	t.mask = cap - 1;
	t.v = calloc(lines + 1, sizeof(*t.v));
	t.slot = calloc(cap, sizeof(*t.slot));
	/* The result is never longer than ours and theirs, with LFs. */
	size = olen + tlen + 3;
	o = malloc(size);
	if (t.v == NULL || t.slot == NULL || o == NULL) {
		free(t.v);
		free(t.slot);
		free(o);
		return -1;
	}
	tally(&t, base, blen, 0);
	tally(&t, ours, olen, 1);
	tally(&t, theirs, tlen, 2);
	for (i = 0; i < t.n; i++)
		t.v[i].keep = keep(&t.v[i]);
	*out = o;
	o = emit(&t, ours, olen, o);
	o = emit(&t, theirs, tlen, o);
	*o = '\0';
	*outlen = (size_t)(o - *out);
	free(t.v);
	free(t.slot);
	return 0;
}
