/*
 * Left against right over a window of days: the volumes of the side=
 * entries and whether the asymmetry is lasting (sides.h).
 */
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "sides.h"

void
sides_init(struct sides *sd, int64_t today)
{
	memset(sd, 0, sizeof(*sd));
	sd->today = today;
	sd->weaker = SIDE_NONE;
}

void
sides_add(struct sides *sd, const struct entry *e)
{
	int64_t	 k = sd->today - e->day;

	if (e->side == SIDE_NONE || e->skip || e->pain_only ||
	    e->directive != DIR_NONE || k < 0 || k >= SIDES_DAYS)
		return;
	sd->vol[e->side == SIDE_RIGHT][e->dose.secs] += e->dose.total;
	sd->days |= 1u << k;
}

void
sides_end(struct sides *sd)
{
	unsigned	 d = sd->days;
	int		 u, n = 0, lo = -1, hi = -1, k;
	long		 strong, weak;

	for (k = 0; k < SIDES_DAYS; k++)
		if (d & (1u << k)) {
			n++;
			if (lo == -1)
				lo = k;
			hi = k;
		}
	/* Reps when there are any, else seconds. */
	u = sd->vol[0][0] + sd->vol[1][0] > 0 ? 0 : 1;
	sd->secs = u == 1;
	sd->left = sd->vol[0][u];
	sd->right = sd->vol[1][u];
	sd->weaker = SIDE_NONE;
	sd->pct = 0;
	if (n < SIDES_MIN_DAYS || hi - lo < SIDES_SPAN)
		return;
	strong = sd->left > sd->right ? sd->left : sd->right;
	weak = sd->left > sd->right ? sd->right : sd->left;
	if (strong == 0 || (strong - weak) * 100 < strong * SIDES_PCT)
		return;
	sd->pct = (int)((strong - weak) * 100 / strong);
	sd->weaker = sd->left > sd->right ? SIDE_RIGHT : SIDE_LEFT;
}

size_t
sides_by_exercise(const struct entry *v, size_t n, int64_t today,
    struct named_sides **out)
{
	struct named_sides	*x = NULL;
	size_t			 i, k, nx = 0;
	int64_t			 age;

	for (i = 0; i < n; i++) {
		age = today - v[i].day;
		if (v[i].side == SIDE_NONE || age < 0 || age >= SIDES_DAYS)
			continue;
		for (k = 0; k < nx; k++)
			if (strcmp(x[k].name, v[i].name) == 0)
				break;
		if (k == nx) {
			x = xreallocarray(x, nx + 1, sizeof(*x));
			x[nx].name = v[i].name;
			sides_init(&x[nx++].sides, today);
		}
		sides_add(&x[k].sides, &v[i]);
	}
	for (k = 0; k < nx; k++)
		sides_end(&x[k].sides);
	*out = x;
	return nx;
}
