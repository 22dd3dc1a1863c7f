/*
 * The faces of hips go (go_screen.c): what the session is about and how
 * it is drawn, shared by go.c and go_screen.c only.
 */
#ifndef HIPS_GO_SCREEN_H
#define HIPS_GO_SCREEN_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "program.h"
#include "session.h"

#define GO_HOWLINES	8	/* lines of instructions on the screen */

/* What the session is about, copied out of the program. */
struct go {
	struct buf	 title;		/* "Glute bridge, step 1 of 7" */
	struct buf	 target;	/* "bridge 2x10 hold=2s" */
	struct buf	 name;		/* "bridge" */
	struct buf	 reason;	/* next's one line */
	struct buf	 how;		/* the instructions, wrapped */
	bool		 own_how;	/* they are the step's (hips show) */
	int		 band;
	struct rules	 rules;
	struct plan	 plan;
	bool		 paused;	/* nothing due: pain pauses it all */
};

/* Write s to stdout now. */
void	go_say(const char *);
/* The whole screen, redrawn in place. */
void	go_draw(const struct go *, const struct session *, int64_t);
/* What changed since the first session state, as plain lines. */
void	go_announce(const struct session *, const struct session *, int64_t);
/* The reps or seconds done, a line per side. */
void	go_done_line(const struct session *, struct buf *);

#endif
