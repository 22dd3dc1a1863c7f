/*
 * The cue set (DESIGN.md section 6): everyday-mechanics reminders grouped
 * by context, loaded from an INI text (the built-in one, compiled from
 * src/lib/cues_builtin.ini, or the user's cues.ini), and the choice of a cue.
 *
 * The choice is pure: it takes the number of cues and a position k in an
 * endless sequence and returns an index.  Positions are cut into cycles
 * of n; each cycle is a permutation of the n cues, shuffled by the cycle
 * number and a seed, so every cue comes once per cycle and no cue comes
 * twice in a row, not even across the boundary between two cycles (when
 * n > 1).  The daily cue uses the local day number as the position; the
 * rotation uses a counter kept in the state directory.
 */
#ifndef HIPS_CUES_H
#define HIPS_CUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "entry.h"

#define CUE_NAME_MAX	NAME_MAXLEN	/* longest context name */

struct cue_context {
	char		*name;		/* section name: [a-z][a-z0-9-]* */
	unsigned	 line;		/* of its header */
	size_t		 first;		/* its cues are cue[first..+count) */
	size_t		 count;
};

struct cueset {
	char			**cue;
	size_t			  ncue;
	struct cue_context	 *ctx;
	size_t			  nctx;
};

#define CUESET_INIT { NULL, 0, NULL, 0 }

/* The built-in cues.ini, exactly as shipped (len bytes). */
const char	*cues_builtin(size_t *);

/*
 * Parse an INI text named name into set.  Returns 0, or -1 with
 * "name:line: message" recorded (status 1).  The set is empty on error.
 */
int		 cueset_parse(struct cueset *, const char *, const char *,
		    size_t);
/* The built-in set; it cannot fail (a unit test parses it). */
void		 cueset_builtin(struct cueset *);
/* Load a file; a missing file sets *missing and returns 0. */
int		 cueset_load_file(struct cueset *, const char *, bool *);
/* The user's cues.ini beside config.ini, else the built-in set. */
int		 cueset_load_user(struct cueset *);
void		 cueset_free(struct cueset *);
/* The context named name, or NULL. */
const struct cue_context *cueset_find(const struct cueset *, const char *);

/* A seed for one sequence: a salt ("daily", "next") and a context name. */
uint64_t	 cue_seed(const char *, const char *);
/*
 * The index (0..n-1) of the cue at position k (any integer, negative
 * too) of the sequence with this seed.  n must be at least 1.
 */
size_t		 cue_pick(size_t, int64_t, uint64_t);

#endif
