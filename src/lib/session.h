/*
 * The guided session of `hips go`: a state machine that counts reps,
 * times holds, timed sets, the switch between sides and the rests, and
 * keeps what was done.  Pure: "now" is an argument (milliseconds on the
 * session's clock, which cmd_go.c derives from CLOCK_MONOTONIC), no
 * I/O, no clock, no terminal.
 *
 * Every deadline is absolute.  A deadline that passes schedules the next
 * phase from the deadline itself, not from the moment the caller noticed
 * it: a late wake-up delays what the user sees, never the schedule, so
 * errors do not add up over a session.
 */
#ifndef HIPS_SESSION_H
#define HIPS_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "entry.h"

#define SESSION_NONE	INT64_MAX	/* no deadline */
#define SESSION_SWITCH	5		/* seconds to change sides */

/* What to do: the step's dose, and the rest between sets. */
struct plan {
	int		 sets;		/* 1..DOSE_MAXSETS */
	int		 amount;	/* reps, or seconds when secs */
	bool		 secs;		/* a timed set (3x30s) */
	bool		 side;		/* per side: each set twice */
	int		 hold;		/* seconds each rep is held, or 0 */
	int		 rest;		/* seconds between sets */
	int		 swtch;		/* seconds to change sides */
};

enum phase {
	PH_READY,	/* a timed set waits for a key to start */
	PH_REPS,	/* counting reps: a key is one more */
	PH_HOLD,	/* a rep is held until the deadline */
	PH_TIMED,	/* a timed set runs until the deadline */
	PH_SWITCH,	/* change sides until the deadline */
	PH_REST,	/* rest until the deadline */
	PH_DONE,	/* every set done, or finished early */
};

enum skey {
	SK_REP,		/* space or Enter: a rep, start, or skip a wait */
	SK_PAUSE,	/* p: stop or restart the clock */
};

struct session {
	struct plan	 plan;
	enum phase	 phase;
	int		 set;		/* 0-based, the set under way */
	int		 side;		/* 0 first (left), 1 second (right) */
	int		 count;		/* reps (or seconds) of this set side */
	int64_t		 begin;		/* of the timed phase under way */
	int64_t		 deadline;	/* its end, or SESSION_NONE */
	bool		 paused;
	int64_t		 paused_at;
	bool		 early;		/* finished before the last set */
	int		 done[2][DOSE_MAXSETS];	/* amounts, by side and set */
};

void	session_init(struct session *, const struct plan *);
/* A key at now (keys while paused do nothing but SK_PAUSE). */
void	session_key(struct session *, enum skey, int64_t);
/* Move through every deadline at or before now. */
void	session_tick(struct session *, int64_t);
/* The deadline to wake up for, or SESSION_NONE (waiting for a key). */
int64_t	session_deadline(const struct session *);
/*
 * Whole seconds left until the deadline, counted up (1.2 s left: 2), or
 * 0 when there is none.
 */
int	session_left(const struct session *, int64_t);
/*
 * Stop now (q, or an interrupt): keep the reps counted and the whole
 * seconds of a timed set under way; a rep still being held is not done.
 */
void	session_finish(struct session *, int64_t);

/* Sets with something done on a side (0 or 1). */
int	session_sets(const struct session *, int);
/* Whether anything at all was done. */
bool	session_any(const struct session *);
/*
 * The dose one side did, as an entry's dose (hips(5)): SETSxAMOUNT when
 * every set has the same amount (2x10, 3x30s), else one amount per set
 * (10,10,6); "/side" when both sides did the same and per_side is set.
 * Nothing is appended when the side did nothing.
 */
void	session_dose(const struct session *, int, bool, struct buf *);
/* Whether both sides did exactly the same sets. */
bool	session_even(const struct session *);

#endif
