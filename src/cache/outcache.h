/*
 * Output caches for read-only commands whose whole answer is a function
 * of the log files, one INI file, today's date and their arguments
 * (`hips next`, the `hips log` listing): ten years of log are parsed once,
 * and later runs print the answer kept in $XDG_CACHE_HOME/hips/.
 *
 * A cache is never the source of truth.  Its key hashes the command, its
 * arguments, today, hips's version, the identity of the INI file (or its
 * absence) and of every log file (name, device, inode, size, mtime and
 * ctime in nanoseconds); any change is a miss.  An answer is stored only
 * when no input changed in the last two seconds, so that a write within
 * the same clock tick as a stored answer cannot go unnoticed (as git does
 * with racily clean index entries), and only by a run that printed no
 * warning and succeeded.  Files are written to a temporary name and
 * renamed; any trouble with the cache only costs time.
 */
#ifndef HIPS_OUTCACHE_H
#define HIPS_OUTCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

struct outcache {
	struct buf	 path;		/* the cache file; empty: no caching */
	uint64_t	 key;
	bool		 storable;	/* inputs are old enough to store */
};

/*
 * Compute the key for command name run with args in datadir, reading
 * inifile (NULL for none) on day today.  Returns 1 with the cached answer
 * in out on a hit, else 0.
 */
int	outcache_lookup(struct outcache *, const char *, const char *,
	    const char *, int64_t, int, char **, struct buf *);
/* Keep out as the answer for the key of the last lookup. */
void	outcache_store(struct outcache *, const struct buf *);
void	outcache_free(struct outcache *);

#endif
