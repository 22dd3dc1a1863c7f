/*
 * A clinician's instructions (hips(5): hold, pause, set and resume
 * lines in the log): which one is in force for a ladder on a day.
 * Pure: entries in, answers out; no files, no clock.
 */
#ifndef HIPS_DIRECTIVE_H
#define HIPS_DIRECTIVE_H

#include <stddef.h>
#include <stdint.h>

#include "entry.h"

struct directives {
	const struct entry	**v;	/* the instruction lines, by time */
	size_t			 n;
};

/* What holds a ladder on a day. */
struct dstate {
	int			 kind;	/* DIR_NONE, DIR_HOLD or DIR_PAUSE */
	const struct entry	*e;	/* the line in force, or NULL */
};

/*
 * Collect the instruction lines of ents (in any order) dated up to
 * today, sorted by time (lines of the same second keep their order).
 */
void	directives_gather(struct directives *, const struct entry *, size_t,
	    int64_t);
void	directives_free(struct directives *);

/*
 * The instruction in force for ladder id on day: the latest hold or
 * pause naming id (or "all") dated on or before day whose until has not
 * passed, unless a resume of id (or "all") came after it.
 */
void	directives_at(const struct directives *, const char *, int64_t,
	    struct dstate *);

/*
 * The same, for a session that started at time t of day: an instruction
 * of that day applies only if it was written before the session.
 */
void	directives_at_time(const struct directives *, const char *, int64_t,
	    int64_t, struct dstate *);

/*
 * Days strictly between a and b on which ladder id is paused, leaving
 * out the days for which skip(arg, day) is true (counted already).
 */
int	directives_paused_days(const struct directives *, const char *,
	    int64_t, int64_t, int (*)(const void *, int64_t), const void *);

#endif
