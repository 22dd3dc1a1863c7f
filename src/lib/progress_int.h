/*
 * The progression engine's own state while it replays the log, shared by
 * progress.c and progress_meets.c only; not an API.
 */
#ifndef HIPS_PROGRESS_INT_H
#define HIPS_PROGRESS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "progress.h"

/* An entry of the program; replayed by day, then ladder, then time. */
struct item {
	int64_t		 day;
	int64_t		 t;
	size_t		 idx;		/* in the caller's array */
	int		 ladder;
};

struct run {
	const struct program	*p;
	const struct rules	*r;
	const struct entry	*ents;
	struct progress		*out;
	struct item		*items;
	size_t			 nitems;
	int64_t			*skips;		/* sorted, unique */
	size_t			 nskips;
	struct painday		*pains;		/* sorted by day, unique */
	size_t			 npains;
	struct painlog		 pl;
	int64_t			 up_day;/* the last day a ladder moved up */
	int			 up_ladder;
	struct directives	 dirs;		/* a clinician's instructions */
	size_t			 nextdir;	/* the next one to replay */
	unsigned char		*replayed;	/* per instruction: SET_* */
	int64_t			*waitfrom;	/* SET_WAITING: from this day */
	int64_t			 last_any;	/* last day with a session */
};

/* Does ladder li's session v[0..n) meet its step (progress_meets.c)? */
bool	session_meets(const struct run *, size_t, const struct item *,
	    size_t, int *, const struct entry **, int *, int *);
/* The highest rpe of a session (-1: none given). */
int	session_rpe(const struct run *, const struct item *, size_t);

#endif
