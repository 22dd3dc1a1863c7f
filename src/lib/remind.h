/*
 * Which cues fit a reminder (hips remind): those of the part of the day
 * (a context named morning, afternoon or evening: before 12:00, before
 * 18:00, after) and those of the unlocked ladders (a context named after
 * a ladder or one of its exercises).  Pure: the caller gives the cue set,
 * the program, what is unlocked and the hour.
 */
#ifndef HIPS_REMIND_H
#define HIPS_REMIND_H

#include <stdbool.h>
#include <stddef.h>

#include "cues.h"
#include "program.h"

/* "morning" (0 to 11 h), "afternoon" (12 to 17 h) or "evening". */
const char	*remind_daypart(int);
/*
 * Set chosen[i] for each context of set that fits: the part of the day
 * of hour and the ladders with unlocked[ladder] set.  When none of those
 * has a cue, every context but the ladders' that are locked and the
 * other parts of the day.  Returns the number of cues chosen.
 */
size_t		 remind_fit(const struct cueset *, const struct program *,
		    const bool *, int, bool *);

#endif
