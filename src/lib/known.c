/* The names hips knows, and "did you mean" for the ones it does not. */
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "config.h"
#include "known.h"
#include "program.h"

/* Must follow key_check() in entry.c. */
const char *const known_builtin_keys[] = {
	"band", "hold", "load", "pain", "rpe", "side",
};
const size_t known_nbuiltin_keys = sizeof(known_builtin_keys) /
    sizeof(known_builtin_keys[0]);

/* Names the entry line gives a meaning of its own (DESIGN.md section 3). */
static const char *const reserved[] = {
	"hold", "pain", "pause", "resume", "set", "skip",
};

bool
known_reserved(const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strlen(reserved[i]) == n && memcmp(reserved[i], name, n) ==
		    0)
			return true;
	return false;
}

static void
add(const char ***v, size_t *n, const char *s)
{
	size_t	 i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return;
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = s;
}

/* Split the space-separated words of s (in k->words, at off) into v. */
static void
add_words(struct known *k, size_t off, const char ***v, size_t *n)
{
	char	*p = k->words + off, *w;

	while ((w = strsep(&p, " \t")) != NULL)
		if (*w != '\0')
			add(v, n, w);
}

void
known_init(struct known *k, const struct program *p, const struct config *c)
{
	size_t	 i, j, ln = strlen(c->custom_exercises);

	memset(k, 0, sizeof(*k));
	for (i = 0; i < p->n; i++)
		for (j = 0; j < p->v[i].nsteps; j++)
			add(&k->names, &k->nnames, p->v[i].steps[j].name);
	for (i = 0; i < known_nbuiltin_keys; i++)
		add(&k->keys, &k->nkeys, known_builtin_keys[i]);
	k->words = xmalloc(ln + 1 + strlen(c->custom_keys) + 1);
	memcpy(k->words, c->custom_exercises, ln + 1);
	strcpy(k->words + ln + 1, c->custom_keys);
	add_words(k, 0, &k->names, &k->nnames);
	add_words(k, ln + 1, &k->keys, &k->nkeys);
}

void
known_free(struct known *k)
{
	free(k->names);
	free(k->keys);
	free(k->words);
	memset(k, 0, sizeof(*k));
}

bool
known_name(const struct known *k, const char *name)
{
	size_t	 i;

	for (i = 0; i < k->nnames; i++)
		if (strcmp(k->names[i], name) == 0)
			return true;
	return false;
}

bool
known_key(const struct known *k, const char *key, size_t n)
{
	size_t	 i;

	for (i = 0; i < k->nkeys; i++)
		if (strlen(k->keys[i]) == n && memcmp(k->keys[i], key, n) == 0)
			return true;
	return false;
}

#define DIST_MAXLEN	64

size_t
edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t	 d[3][DIST_MAXLEN + 1], *pp, *p, *cur, i, j, v;

	if (na > DIST_MAXLEN || nb > DIST_MAXLEN)
		return na > nb ? na : nb;
	/* Row i lives in d[i % 3]: the two before it are there for swaps. */
	for (j = 0; j <= nb; j++)
		d[0][j] = j;
	for (i = 1; i <= na; i++) {
		cur = d[i % 3];
		p = d[(i - 1) % 3];
		pp = d[(i + 1) % 3];	/* row i - 2 */
		cur[0] = i;
		for (j = 1; j <= nb; j++) {
			v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
		}
	}
	return d[na % 3][nb];
}

static size_t
distance(const char *word, size_t n, const char *cand)
{
	size_t	 d = edit_distance(word, n, cand, strlen(cand));

	if (d > 1 && n >= 3 && strncmp(cand, word, n) == 0)
		d = 1;
	return d;
}

bool
suggest(struct buf *out, const char *word, size_t n, const char *const *cand,
    size_t ncand)
{
	size_t	 i, d, best = (size_t)-1, shown = 0, limit, same = 0;

	/*
	 * One edit in a short word, two from four letters on; a word of
	 * three letters or more that starts a candidate counts as one.
	 */
	limit = n < 4 ? 1 : 2;
	for (i = 0; i < ncand; i++) {
		d = distance(word, n, cand[i]);
		if (d < best) {
			best = d;
			same = 0;
		}
		if (d == best)
			same++;
	}
	if (best == 0 || best > limit)
		return false;
	buf_puts(out, "did you mean ");
	for (i = 0; i < ncand && shown < 3; i++) {
		if (distance(word, n, cand[i]) != best)
			continue;
		if (shown > 0)
			buf_puts(out, shown + 1 == (same < 3 ? same : 3) ?
			    " or " : ", ");
		buf_printf(out, "'%s'", cand[i]);
		shown++;
	}
	buf_putc(out, '?');
	return true;
}
