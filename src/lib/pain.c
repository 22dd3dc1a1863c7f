/*
 * The pain rules: which of them hold on a day, and since when.  See
 * pain.h for the rules themselves.
 */
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "pain.h"

#define RISE_DAYS	7	/* the recent window of the rising rule */
#define RISE_BEFORE	28	/* the window it is compared with */

const char *const pain_red_flags[] = {
	"pain spreading down a leg, especially below the knee",
	"numbness or tingling in a leg, or around the genitals or buttocks",
	"weakness in a leg, or a foot that drags or slaps",
	"trouble controlling or passing urine, or controlling the bowel",
	"fever, or feeling unwell, with the back pain",
	"night pain that does not ease with rest or a change of position",
	NULL,
};

static int
byday(const void *a, const void *b)
{
	const struct painday	*x = a, *y = b;

	return x->day < y->day ? -1 : x->day > y->day;
}

size_t
pain_normalize(struct painday *v, size_t n)
{
	size_t	 i, k;

	qsort(v, n, sizeof(*v), byday);
	for (i = k = 0; i < n; i++) {
		if (k > 0 && v[k - 1].day == v[i].day) {
			if (v[i].pain > v[k - 1].pain)
				v[k - 1].pain = v[i].pain;
		} else
			v[k++] = v[i];
	}
	return k;
}

/*
 * The stop rule replayed once, record by record: after each, whether a
 * stop holds (calm[i] is then the pain-free days since, else -1) and
 * which record started it.
 */
void
pain_index(struct painlog *pl, const struct painday *v, size_t n,
    const struct rules *r)
{
	size_t	 i, si = 0;
	int	 calm = -1;

	pl->v = v;
	pl->n = n;
	pl->r = r;
	pl->calm = xreallocarray(NULL, n ? n : 1, sizeof(*pl->calm));
	pl->stopi = xreallocarray(NULL, n ? n : 1, sizeof(*pl->stopi));
	for (i = 0; i < n; i++) {
		if (v[i].pain >= r->stop_pain) {
			calm = 0;
			si = i;
		} else if (calm >= 0) {
			if (v[i].pain > r->calm_pain)
				calm = 0;
			else if (++calm >= r->calm_days)
				calm = -1;
		}
		pl->calm[i] = calm;
		pl->stopi[i] = si;
	}
}

void
pain_free(struct painlog *pl)
{
	free(pl->calm);
	free(pl->stopi);
	memset(pl, 0, sizeof(*pl));
}

/* Records on days up to d. */
static size_t
upto(const struct painday *v, size_t n, int64_t d)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].day <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
persist(const struct painlog *pl, size_t k, int64_t d, struct painstate *st)
{
	const struct rules	*r = pl->r;
	bool			 high[30];
	int			 m = 0, j, h;

	while (k > 0 && m < r->persist_of &&
	    pl->v[k - 1].day > d - r->persist_window) {
		k--;
		high[m++] = pl->v[k].pain >= r->hold_pain;
	}
	st->of = m;
	for (j = 0; j < m; j++)
		st->high += high[j];
	if (st->high < r->persist_days)
		return;
	st->rules |= PAIN_PERSIST;
	/* Each new day below hold_pain pushes the oldest one out. */
	for (st->need = 1; st->need <= r->persist_of; st->need++) {
		for (h = 0, j = 0; j < m && j < r->persist_of - st->need; j++)
			h += high[j];
		if (h < r->persist_days)
			break;
	}
}

static void
repeat(const struct painlog *pl, size_t k, int64_t d, struct painstate *st)
{
	const struct rules	*r = pl->r;
	int			 nhi = 0;

	for (; k > 0 && pl->v[k - 1].day > d - r->pain_window && nhi < 2;
	    k--)
		if (pl->v[k - 1].pain >= r->back_pain)
			st->red[1 - nhi++] = pl->v[k - 1].day;
	if (nhi == 2)
		st->rules |= PAIN_REPEAT;
	else
		st->red[0] = st->red[1] = PAIN_NEVER;
}

static void
rising(const struct painlog *pl, size_t k, int64_t d, struct painstate *st)
{
	long	 s7 = 0, n7 = 0, s28 = 0, n28 = 0;

	for (; k > 0 && pl->v[k - 1].day > d - RISE_DAYS - RISE_BEFORE; k--) {
		if (pl->v[k - 1].day > d - RISE_DAYS) {
			s7 += pl->v[k - 1].pain;
			n7++;
		} else {
			s28 += pl->v[k - 1].pain;
			n28++;
		}
	}
	st->avg7 = n7 ? (int)((s7 * 10 + n7 / 2) / n7) : 0;
	st->avg28 = n28 ? (int)((s28 * 10 + n28 / 2) / n28) : 0;
	/* An average needs two records at least, in each window. */
	if (n7 >= 2 && n28 >= 2 &&
	    s7 * n28 >= s28 * n7 + (long)pl->r->pain_rise * n7 * n28)
		st->rules |= PAIN_RISING;
}

void
pain_at(const struct painlog *pl, int64_t d, struct painstate *st)
{
	size_t	 k = upto(pl->v, pl->n, d);

	memset(st, 0, sizeof(*st));
	st->day = d;
	st->stop_day = st->last = PAIN_NEVER;
	st->red[0] = st->red[1] = PAIN_NEVER;
	if (k == 0)
		return;
	st->last = pl->v[k - 1].day;
	if (pl->calm[k - 1] >= 0) {
		st->rules |= PAIN_STOP;
		st->stop_day = pl->v[pl->stopi[k - 1]].day;
		st->stop_pain = pl->v[pl->stopi[k - 1]].pain;
		st->calm = pl->calm[k - 1];
	}
	persist(pl, k, d, st);
	repeat(pl, k, d, st);
	rising(pl, k, d, st);
}

int
pain_reach(const struct rules *r)
{
	int	 n = RISE_DAYS + RISE_BEFORE - 1;

	if (r->pain_window - 1 > n)
		n = r->pain_window - 1;
	if (r->persist_window - 1 > n)
		n = r->persist_window - 1;
	return n;
}

int64_t
pain_since(const struct painday *v, size_t n, const struct rules *r,
    int64_t today)
{
	size_t	 k = upto(v, n, today);
	int64_t	 since = today - pain_reach(r);
	int	 run = 0;

	/*
	 * The stop rule: back to the last stop (nothing before it matters)
	 * or to the last calm_days pain-free days in a row (they lift any
	 * stop before them), whichever comes first.
	 */
	for (; k > 0; k--) {
		if (v[k - 1].pain >= r->stop_pain)
			break;
		if (v[k - 1].pain > r->calm_pain)
			run = 0;
		else if (++run >= r->calm_days)
			break;
	}
	if (k == 0)
		return PAIN_NEVER;
	return v[k - 1].day < since ? v[k - 1].day : since;
}

unsigned
pain_first(unsigned rules)
{
	return rules & -rules;
}
