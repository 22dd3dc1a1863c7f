/*
 * A clinician's instructions: hold and pause last from their line's day
 * to their until (or to a resume); set is a one-off that the engine
 * replays on its day (progress.c).
 */
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "directive.h"

static int
bytime(const void *a, const void *b)
{
	const struct entry	*x = *(const struct entry *const *)a;
	const struct entry	*y = *(const struct entry *const *)b;

	if (x->when.t != y->when.t)
		return x->when.t < y->when.t ? -1 : 1;
	return x < y ? -1 : x > y;
}

void
directives_gather(struct directives *d, const struct entry *ents, size_t n,
    int64_t today)
{
	size_t	 i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < n; i++)
		if (ents[i].directive != DIR_NONE && ents[i].day <= today) {
			d->v = xreallocarray(d->v, d->n + 1, sizeof(*d->v));
			d->v[d->n++] = &ents[i];
		}
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), bytime);
}

void
directives_free(struct directives *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static int
names(const struct entry *e, const char *id)
{
	return strcmp(e->name, id) == 0 || strcmp(e->name, "all") == 0;
}

void
directives_at(const struct directives *d, const char *id, int64_t day,
    struct dstate *st)
{
	directives_at_time(d, id, day, INT64_MAX, st);
}

void
directives_at_time(const struct directives *d, const char *id, int64_t day,
    int64_t t, struct dstate *st)
{
	const struct entry	*e;
	size_t			 i;

	st->kind = DIR_NONE;
	st->e = NULL;
	for (i = d->n; i-- > 0;) {
		e = d->v[i];
		if (e->day > day || !names(e, id) || e->directive == DIR_SET ||
		    (e->day == day && e->when.t >= t))
			continue;
		if (e->directive == DIR_RESUME)
			return;
		if (e->until >= day) {
			st->kind = e->directive;
			st->e = e;
			return;
		}
	}
}

int
directives_paused_days(const struct directives *d, const char *id,
    int64_t a, int64_t b, int (*skip)(const void *, int64_t),
    const void *arg)
{
	const struct entry	*first = NULL;
	struct dstate		 st;
	int64_t			 day;
	size_t			 i;
	int			 n = 0;

	/* From the earliest pause of this ladder. */
	for (i = 0; i < d->n; i++)
		if (d->v[i]->directive == DIR_PAUSE && names(d->v[i], id) &&
		    (first == NULL || d->v[i]->day < first->day))
			first = d->v[i];
	if (first == NULL || first->day >= b)
		return 0;
	if (first->day > a + 1)
		a = first->day - 1;
	for (day = a + 1; day < b; day++) {
		directives_at(d, id, day, &st);
		if (st.kind == DIR_PAUSE && !skip(arg, day))
			n++;
	}
	return n;
}
