/*
 * Left against right: the volume of each side of the side= entries over a
 * window of days, and whether one side lags lastingly behind the other.
 * Pure; used by the progression engine, `hips next`, `hips streak`.
 */
#ifndef HIPS_SIDES_H
#define HIPS_SIDES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "entry.h"

/*
 * Left and right over the last SIDES_DAYS days (today included): the
 * volume of each side (sets x reps, or seconds, of the side=left and
 * side=right entries).  An asymmetry is lasting when side= entries were
 * logged on at least SIDES_MIN_DAYS days of the window, the first and the
 * last at least SIDES_SPAN days apart, and one side's volume is at least
 * SIDES_PCT percent below the other's.
 */
#define SIDES_DAYS	14
#define SIDES_MIN_DAYS	3
#define SIDES_SPAN	7
#define SIDES_PCT	20

struct sides {
	int64_t		 today;
	long		 vol[2][2];	/* [left, right][reps, seconds] */
	unsigned	 days;		/* bit k: side= logged on today - k */
	int		 weaker;	/* after sides_end: SIDE_LEFT or
					   SIDE_RIGHT, SIDE_NONE if none */
	int		 pct;		/* how far behind, in percent */
	long		 left, right;	/* the volumes compared */
	bool		 secs;		/* they are seconds */
};

void	sides_init(struct sides *, int64_t);
/* Count entry e if it is for one side, in the window. */
void	sides_add(struct sides *, const struct entry *);
/* Decide whether the asymmetry is lasting (weaker, pct). */
void	sides_end(struct sides *);

/* The sides of each exercise logged with side= in the window. */
struct named_sides {
	const char	*name;
	struct sides	 sides;
};
/* *out (free it) gets one per exercise, sides_end() done; the count. */
size_t	sides_by_exercise(const struct entry *, size_t, int64_t,
	    struct named_sides **);

#endif
