/*
 * The instructions of a program's exercises: the EXERCISE.KEY = text
 * lines of a ladder section (hips(5)), how they are kept, found and
 * printed (`hips show`, `hips go`).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "known.h"
#include "program.h"
#include "text.h"

static const struct {
	const char	*key;
	const char	*label;
} howto_keys[] = {
#define H(k, key, label) { key, label },
	HOWTO_KEYS
#undef H
};

#define SAY(...)	error_put(err, 1, __VA_ARGS__)

/*
 * EXERCISE.KEY = text: a line of the instructions of an exercise named
 * by a step above it in the ladder.  A key given again adds a line.
 */
int
howto_key(struct ladder *l, const char *name, const char *value,
    struct error *err)
{
	const char	*dot = strrchr(name, '.');
	struct howto	*h = NULL;
	struct step	*st = NULL;
	size_t		 n = (size_t)(dot - name), i, k;
	char		*t;

	for (k = 0; k < HOWTO_NKEYS; k++)
		if (strcmp(dot + 1, howto_keys[k].key) == 0)
			break;
	if (k == HOWTO_NKEYS) {
		const char	*keys[HOWTO_NKEYS];
		struct buf	 hint = BUF_INIT;

		for (k = 0; k < HOWTO_NKEYS; k++)
			keys[k] = howto_keys[k].key;
		if (suggest(&hint, dot + 1, strlen(dot + 1), keys,
		    HOWTO_NKEYS))
			buf_puts(&hint, " ");
		(void)SAY("unknown key '%s' in [%s] (%san exercise's "
		    "instructions are EXERCISE.setup, .move, .feel, .feel-not, "
		    ".mistake, .easier, .harder, .equipment)", name, l->id,
		    buf_str(&hint));
		buf_free(&hint);
		return -1;
	}
	for (i = 0; i < l->nsteps && st == NULL; i++)
		if (strlen(l->steps[i].name) == n &&
		    memcmp(l->steps[i].name, name, n) == 0)
			st = &l->steps[i];
	if (st == NULL)
		return SAY("'%s': no step above it in [%s] names '%.*s'", name,
		    l->id, (int)(n > 40 ? 40 : n), name);
	if ((t = program_text_value(value, name, err)) == NULL)
		return -1;
	for (i = 0; i < l->nhowto && h == NULL; i++)
		if (strcmp(l->howto[i].name, st->name) == 0)
			h = &l->howto[i];
	if (h == NULL) {
		l->howto = xreallocarray(l->howto, l->nhowto + 1,
		    sizeof(*l->howto));
		h = &l->howto[l->nhowto++];
		memset(h, 0, sizeof(*h));
		h->name = xstrdup(st->name);
	}
	if (h->text[k] != NULL) {
		struct buf	 b = BUF_INIT;

		buf_printf(&b, "%s\n%s", h->text[k], t);
		free(h->text[k]);
		free(t);
		t = buf_detach(&b);
	}
	h->text[k] = t;
	return 0;
}

void
howto_free(struct ladder *l)
{
	size_t	 i, k;

	for (i = 0; i < l->nhowto; i++) {
		free(l->howto[i].name);
		for (k = 0; k < HOWTO_NKEYS; k++)
			free(l->howto[i].text[k]);
	}
	free(l->howto);
	l->howto = NULL;
	l->nhowto = 0;
}

const char *
program_howto_key(int k)
{
	return howto_keys[k].key;
}

const char *
program_howto_label(int k)
{
	return howto_keys[k].label;
}

const struct howto *
program_howto(const struct ladder *l, const char *name)
{
	size_t	 i;

	for (i = 0; i < l->nhowto; i++)
		if (strcmp(l->howto[i].name, name) == 0)
			return &l->howto[i];
	return NULL;
}

/* The columns s takes: UTF-8 characters, each one column. */
static size_t
columns(const char *s, size_t n)
{
	size_t	 i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/*
 * One "label: text" block: the label padded to a column, the text
 * wrapped at blanks to width.  A text of several lines (a key given
 * several times) is a list: each line starts with "- ".
 */
static void
howto_block(struct buf *b, const char *indent, const char *label,
    const char *text, size_t width)
{
	const char	*p = text, *w;
	size_t		 pad = 11, col, n, start;
	bool		 first, list = strchr(text, '\n') != NULL;

	buf_printf(b, "%s%s:%*s", indent, label,
	    (int)(pad - strlen(label) - 1), "");
	start = columns(indent, strlen(indent)) + pad;
	while (*p != '\0') {
		if (list)
			buf_puts(b, "- ");
		col = start + (list ? 2 : 0);
		first = true;
		while (*p != '\0' && *p != '\n') {
			while (*p == ' ')
				p++;
			w = p;
			while (*p != '\0' && *p != '\n' && *p != ' ')
				p++;
			if ((n = (size_t)(p - w)) == 0)
				continue;
			if (!first && col + 1 + columns(w, n) > width) {
				buf_printf(b, "\n%s%*s", indent,
				    (int)(pad + (list ? 2 : 0)), "");
				col = start + (list ? 2 : 0);
				first = true;
			}
			if (!first) {
				buf_putc(b, ' ');
				col++;
			}
			buf_add(b, w, n);
			col += columns(w, n);
			first = false;
		}
		buf_putc(b, '\n');
		if (*p == '\n' && *++p != '\0')
			buf_printf(b, "%s%*s", indent, (int)pad, "");
	}
}

void
program_howto_text(struct buf *b, const struct ladder *l,
    const struct step *st, const char *indent, size_t width)
{
	const struct howto	*h = program_howto(l, st->name);
	size_t			 k;

	if (h == NULL || (h->text[HOWTO_setup] == NULL &&
	    h->text[HOWTO_move] == NULL)) {
		if (l->how != NULL)
			howto_block(b, indent, "how", l->how, width);
	}
	for (k = 0; h != NULL && k < HOWTO_NKEYS; k++)
		if (h->text[k] != NULL)
			howto_block(b, indent, howto_keys[k].label,
			    h->text[k], width);
	if (h != NULL)
		return;
	for (k = 0; k < l->ntips; k++)
		howto_block(b, indent, "tip", l->tips[k], width);
}
