/*
 * The words of the progression engine: what `hips next` says about the
 * decisions of progress.h.  Every function appends English to a buffer;
 * none decides anything.  They keep the progress_ prefix: each words one
 * result of progress_run().
 */
#ifndef HIPS_EXPLAIN_H
#define HIPS_EXPLAIN_H

#include "buf.h"
#include "program.h"
#include "progress.h"

/* One short line: why this step today. */
void	progress_reason(const struct progress *, const struct program *,
	    size_t, struct buf *);
/* The --why lines for ladder i, each ending in LF. */
void	progress_why(const struct progress *, const struct program *, size_t,
	    struct buf *);
/*
 * Why ladder i is not due today though nothing else stops it (its step's
 * days a week, or a return one ladder at a time): one line ending in LF;
 * nothing if neither.
 */
void	progress_due_why(const struct progress *, const struct program *,
	    size_t, struct buf *);
/* Why progression is paused, one line ending in LF; nothing if not. */
void	progress_pause_why(const struct progress *, const struct program *,
	    struct buf *);
/* When the pause lifts, "lifts ..." in one line ending in LF. */
void	progress_pause_lift(const struct progress *, const struct program *,
	    struct buf *);
/*
 * The line `hips log` prints after a write: ladder i's session on day
 * (clean or below target and why, the count toward the next step, the
 * new step when one is reached), ending in LF; nothing if the replay
 * kept no session that day.  _none: for an exercise of no ladder.
 */
void	progress_feedback(const struct progress *, const struct program *,
	    size_t, int64_t, struct buf *);
void	progress_feedback_none(struct buf *);
/* A lasting asymmetry, without LF; nothing if none (sides_end()). */
void	progress_sides_text(const struct sides *, struct buf *);
/* Each exercise's lasting asymmetry (sides_by_exercise), a line each. */
void	progress_sides_lines(const struct entry *, size_t, int64_t,
	    struct buf *);

#endif
