/*
 * The one repair of a torn last line (torn.c), used by every write and
 * by hips sync before it commits and merges.
 */
#ifndef HIPS_TORN_H
#define HIPS_TORN_H

#include <stddef.h>

struct buf;

#define TORN_NONE	0	/* the text ends with a LF: copied as is */
#define TORN_LINE	1	/* an entry: given its LF */
#define TORN_COMMENT	2	/* not an entry: kept as a comment */

/* out += data with its last line repaired; what was done (TORN_*). */
int	torn_repair(const char *, size_t, struct buf *);

#endif
