/*
 * The progression engine of `hips next` (DESIGN.md section 4): a pure
 * function of the program, the entries and today's date.  No files, no
 * clock.
 *
 * The log is replayed day by day.  All entries of one ladder on one day
 * are one session: the session meets the step when one entry meets it,
 * or when the entries of one exercise together do (sets add up, every
 * set at least the target), so logging set by set works.  Entries with
 * side=left and side=right are measured side by side: the session meets
 * the step when both sides do.  A per-side step (3x8/side) is not met by
 * a dose for both legs at once (3x8).
 */
#ifndef HIPS_PROGRESS_H
#define HIPS_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "directive.h"
#include "entry.h"
#include "pain.h"
#include "program.h"
#include "sides.h"

#define PROGRESS_NEVER	INT64_MIN
#define PROGRESS_RING	8	/* events kept per ladder for --why */

enum ev_kind {
	EV_NONE,
	EV_UNLOCK,	/* a: ladder that unlocked it (-1: by use), b: step */
	EV_CLEAN,	/* a: clean sessions at the step, b: needed */
	EV_TOP,		/* clean at the last step; a: clean sessions */
	EV_UP,		/* moved up from `from`; a: clean sessions */
	EV_WAIT,	/* ready to move up; a: the ladder that moved up */
	EV_BELOW,	/* a: below target in a row, b: for a step back */
	EV_BACK_BELOW,	/* one step back; a: sessions below target in a row */
	EV_HOLD_PAIN,	/* a: pain */
	EV_BACK_PAIN,	/* one step back; a: pain */
	EV_PAUSED,	/* clean, not counted: progression is paused */
	EV_GAP,		/* a: days away, b: skip days, c: steps back,
			   d: days paused by a clinician */
	EV_SET,		/* a clinician's set; a: the step chosen */
	EV_DIRECTED,	/* under a hold or pause, not counted; a: meets,
			   b: enum directive */
	EV_HARD,	/* met the target at rpe a, clean_rpe or more */
};

/* What a session below the target lacked (EV_BELOW, EV_BACK_BELOW). */
enum ev_why {
	WHY_DOSE,	/* the dose, hold or band of the entry shown */
	WHY_NO_SIDE,	/* a plain dose for a per-side step (no /side or
			   side=) */
	WHY_ONE_SIDE,	/* side= for one side only: side is the other */
	WHY_SIDE_SHORT,	/* both sides, side short: the entry shown is
			   one of its */
};

struct event {
	int64_t		 day;
	unsigned	 seq;
	int		 kind;		/* enum ev_kind */
	int		 from, step;	/* step indexes before and after */
	int		 a, b, c, d;
	int		 why;		/* enum ev_why */
	int		 side;		/* enum side, for why */
	const struct entry *e;		/* the session's entry, or NULL */
};

struct suggestion {
	bool		 unlocked;
	bool		 started;	/* done at least once */
	bool		 done_today;
	bool		 rest_today;	/* a skip entry today */
	bool		 due;		/* unlocked, not done, not a rest day,
					   not paused */
	int		 step;		/* index of the step to do next */
	int		 clean;		/* clean sessions counted at it */
	int		 below;		/* sessions below target in a row */
	int64_t		 last;		/* day last done, or PROGRESS_NEVER */
	int		 gap;		/* days since, skip days not counted */
	int		 gap_skips;	/* skip days not counted */
	int		 gap_paused;	/* days paused by a clinician, not
					   counted */
	int64_t		 set_day;	/* a clinician's last set, or
					   PROGRESS_NEVER */
	struct dstate	 directive;	/* a hold or pause in force today */
	bool		 freq_rest;	/* not due: the step's N days a week */
	int		 week_sessions;	/* sessions in the 6 days before today */
	bool		 returning;	/* not due: back after a long gap, and
					   the ladders come back one by one */
	int		 ret_wait;	/* returning: the ladder it waits for */
	int		 ret_clean;	/* clean sessions since the return */
	int64_t		 ret_done;	/* day ret_clean reached return_after,
					   or PROGRESS_NEVER */
	int64_t		 unlock_day;	/* or PROGRESS_NEVER: from the start */
	const char	*decision;	/* start new locked continue up wait top
					   hold back repeat paused set
					   clinician-hold clinician-pause */
	struct sides	 sides;		/* left and right, its exercises */
	struct event	 since;		/* what set the step (EV_NONE: start) */
	struct event	 ring[PROGRESS_RING];
	unsigned	 nev;		/* events recorded in all */
};

struct progress {
	int64_t		 today;
	bool		 any;		/* a session of the program at all */
	bool		 paused;	/* see a clinician; nothing moves up */
	struct painstate pain;		/* the pain rules today (pain.h) */
	int64_t		 return_day;	/* first day back after return_gap
					   days away, or PROGRESS_NEVER */
	int		 return_gap;	/* the days away then */
	struct suggestion *v;		/* one per ladder of the program */
	size_t		 n;
};

/*
 * Replay entries (in any order; entries after today are ignored) under
 * program p.  The result points into the entries: keep them alive.
 */
void	progress_run(struct progress *, const struct program *,
	    const struct entry *, size_t, int64_t);
void	progress_free(struct progress *);

/*
 * The step a session of exercise name is measured against at step cur of
 * ladder l: cur when it names it, else the first later step that names it
 * (a harder variation), else NULL (an easier one: below the target).
 */
const struct step *progress_target(const struct ladder *, int,
	    const char *);
/*
 * What the replay made of ladder i's session on day d: the event that
 * judged it in *ev (clean, below, pain, ...) and the move up or the wait
 * that followed it on that day in *up (NULL: none).  -1 when the ladder
 * has no session that day among its last PROGRESS_RING events.
 */
int	progress_session(const struct progress *, size_t, int64_t,
	    const struct event **, const struct event **);
/*
 * The earliest day the pause can lift, if the records to come allow it;
 * PROGRESS_NEVER when not paused or not known (a rising average).
 */
int64_t	progress_pause_until(const struct progress *,
	    const struct program *);

#endif
