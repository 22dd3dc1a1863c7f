/*
 * Does a session meet its step?  The measuring half of the progression
 * engine (progress.c): one entry, one exercise set by set or side by
 * side, one ladder's session of a day.
 */
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "progress.h"
#include "progress_int.h"

/*
 * Does this one entry meet step st?  side is the side the entry is for
 * (SIDE_NONE: both, or the exercise has no sides): a per-side step wants
 * a per-side dose (3x8/side) or an entry for one side (side=left).
 */
static bool
entry_meets(const struct entry *e, const struct step *st, int side)
{
	if (st->dose.side && side == SIDE_NONE && !e->dose.side)
		return false;
	return e->dose.secs == st->dose.secs &&
	    e->dose.sets >= st->dose.sets && e->dose.min >= st->dose.min &&
	    (e->hold > 0 ? e->hold : 0) >= st->hold &&
	    e->band >= st->band;
}

/*
 * The step a session of exercise name is measured against at step cur:
 * cur when it names it, else the first later step that names it (a
 * harder variation), else NULL (an easier one: below the target).
 */
const struct step *
progress_target(const struct ladder *l, int cur, const char *name)
{
	size_t	 j;

	for (j = (size_t)cur; j < l->nsteps; j++)
		if (strcmp(l->steps[j].name, name) == 0)
			return &l->steps[j];
	return NULL;
}

/*
 * The entries of exercise name for one side (SIDE_NONE: without side=)
 * among v[0..n): does one of them meet st, or all of them together (sets
 * add up, every set at least the target)?  *first receives the first of
 * them, *count how many there are.
 */
static bool
side_meets(const struct run *R, const struct item *v, size_t n,
    const char *name, int side, const struct step *st,
    const struct entry **first, int *count)
{
	const struct entry	*f;
	struct entry		 sum;
	size_t			 j;
	bool			 one = false;

	*first = NULL;
	*count = 0;
	memset(&sum, 0, sizeof(sum));
	for (j = 0; j < n; j++) {
		f = &R->ents[v[j].idx];
		if (f->side != side || strcmp(f->name, name) != 0)
			continue;
		if (entry_meets(f, st, side))
			one = true;
		if ((*count)++ == 0) {
			*first = f;
			sum = *f;
			continue;
		}
		if (f->dose.secs != sum.dose.secs)
			sum.dose.sets = -1000;
		sum.dose.sets += f->dose.sets;
		if (f->dose.min < sum.dose.min)
			sum.dose.min = f->dose.min;
		if ((f->hold > 0 ? f->hold : 0) < sum.hold)
			sum.hold = f->hold;
		if (f->band < sum.band)
			sum.band = f->band;
		if (!f->dose.side)
			sum.dose.side = false;
	}
	return one || (*count > 0 && entry_meets(&sum, st, side));
}

/*
 * Does exercise name, logged in v[0..n), meet st?  Its entries without
 * side= as above, or its side=left and side=right entries, each side
 * meeting the target.  When it does not, *why and *side say what is
 * missing (enum ev_why) and *shown the entry to show for it.
 */
static bool
exercise_meets(const struct run *R, const struct item *v, size_t n,
    const char *name, const struct step *st, int *why, int *side,
    const struct entry **shown)
{
	const struct entry	*plain, *left, *right;
	int			 np, nl, nr;
	bool			 lm, rm;

	if (side_meets(R, v, n, name, SIDE_NONE, st, &plain, &np))
		return true;
	lm = side_meets(R, v, n, name, SIDE_LEFT, st, &left, &nl);
	rm = side_meets(R, v, n, name, SIDE_RIGHT, st, &right, &nr);
	if (lm && rm)
		return true;
	*why = WHY_DOSE;
	*side = SIDE_NONE;
	if (nl == 0 && nr == 0) {
		*shown = plain;
		if (st->dose.side && !plain->dose.side)
			*why = WHY_NO_SIDE;
	} else if (nl == 0 || nr == 0) {
		*why = WHY_ONE_SIDE;
		*side = nl == 0 ? SIDE_LEFT : SIDE_RIGHT;
		*shown = nl == 0 ? right : left;
	} else {
		*why = WHY_SIDE_SHORT;
		*side = lm ? SIDE_RIGHT : SIDE_LEFT;
		*shown = lm ? right : left;
	}
	return false;
}

/*
 * Evaluate the session of ladder li made of v[0..n) (that ladder's
 * entries of one day): does it meet the step, and its highest pain.
 * It does when one of its exercises does (exercise_meets).  *shown
 * receives the entry to show for it; *why and *side what the first
 * exercise measured lacked, when none meets.
 */
bool
session_meets(const struct run *R, size_t li, const struct item *v,
    size_t n, int *pain, const struct entry **shown, int *why, int *side)
{
	const struct ladder	*l = &R->p->v[li];
	int			 cur = R->out->v[li].step;
	const struct entry	*e, *s;
	const struct step	*st;
	size_t			 i, j;
	int			 w, sd;
	bool			 meets = false, done, measured = false;

	*pain = 0;
	*shown = NULL;
	*why = WHY_DOSE;
	*side = SIDE_NONE;
	for (i = 0; i < n; i++) {
		e = &R->ents[v[i].idx];
		if (e->pain > *pain)
			*pain = e->pain;
		if (*shown == NULL)
			*shown = e;
	}
	for (i = 0; i < n && !meets; i++) {
		e = &R->ents[v[i].idx];
		/* Once per exercise. */
		done = false;
		for (j = 0; j < i; j++)
			if (strcmp(R->ents[v[j].idx].name, e->name) == 0)
				done = true;
		if (done || (st = progress_target(l, cur, e->name)) == NULL)
			continue;
		s = e;
		if (exercise_meets(R, v, n, e->name, st, &w, &sd, &s)) {
			*shown = e;
			meets = true;
		} else if (!measured) {
			measured = true;
			*shown = s;
			*why = w;
			*side = sd;
		}
	}
	if (meets) {
		*why = WHY_DOSE;
		*side = SIDE_NONE;
	}
	return meets;
}

/* The highest rpe of a session (-1: none given). */
int
session_rpe(const struct run *R, const struct item *v, size_t n)
{
	size_t	 i;
	int	 rpe = -1;

	for (i = 0; i < n; i++)
		if (R->ents[v[i].idx].rpe > rpe)
			rpe = R->ents[v[i].idx].rpe;
	return rpe;
}
