/*
 * The merge of two versions of a month file against their merge base,
 * as multisets of lines (DESIGN.md section 3): pure, no libgit2, shared
 * by hips and its git plugin (which links this file alone).
 */
#ifndef HIPS_LINEMERGE_H
#define HIPS_LINEMERGE_H

#include <stddef.h>

/*
 * Merge ours and theirs, two descendants of base (an empty base when
 * the histories share none).  A line is the text up to a LF, or a last
 * line without one; equal lines are copies of one line.  For each line,
 * with b, o and t its copies in base, ours and theirs:
 *
 *   - both sides added copies (or one did and the other kept b): the
 *     larger count, max(o, t): a line both added is one line, not two;
 *   - both sides removed copies (or one did): the smaller, min(o, t): an
 *     entry undone on both sides is gone once, not twice;
 *   - one side added and the other removed: both changes, o + t - b: a
 *     line removed stays removed unless the other side added it again.
 *
 * The result keeps ours's order, then appends the lines only theirs
 * brings, in theirs's order; every line ends with a LF.  *out (malloc'd,
 * never NULL on success, NUL-terminated) and *outlen receive it.
 * Returns 0, or -1 when memory runs out.
 */
int	linemerge(const char *base, size_t blen, const char *ours,
	    size_t olen, const char *theirs, size_t tlen, char **out,
	    size_t *outlen);

#endif
