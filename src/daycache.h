/*
 * The days of the log for `hips streak --prompt`, through a cache so a
 * prompt does not parse years of log on every keystroke.
 *
 * The cache ($XDG_CACHE_HOME/hips/days-DEV-INO, one per log directory) is
 * never the source of truth: it holds, for every log file, the file's
 * name, device, inode, size, mtime and ctime (nanoseconds) and the days
 * its entries fall on, and the log directory's own mtime and ctime when
 * it was listed.  A file whose identity differs from its record is read
 * again; a record whose file is gone is dropped; a cache that is
 * unreadable, truncated, of another format or fails its checksum is
 * ignored and rebuilt.  Records of files modified within two seconds of
 * the cache's own mtime are trusted no further (a write in the same clock
 * tick would not change the mtime): those files are read again and the
 * cache rewritten, as git does with racily clean index entries.  The
 * same rule holds for the directory.  The cache is written to a
 * temporary file and renamed into place.  Only regular files are read,
 * never through a symbolic link (a FIFO never hangs a prompt, a link
 * never leads out of the data directory), and nothing is ever written
 * but the cache.
 *
 * The window path (a caller that passes a since function: the prompt).
 * Creating, removing or renaming a file changes the directory's mtime
 * and ctime; while they are as recorded (and not racy) the names are
 * those of the listing, so the directory is not listed again.  The
 * caller's since function, given the cached days, names the earliest day
 * that can still change its answer; from a week before it, only the files
 * that can hold such a day are checked against their records: month
 * files (YYYY-MM.log) of that month or later, files whose cached days
 * reach it, files of any other name.  Any doubt (the directory changed or
 * racy, a record that no longer holds, a symbolic link or a file without
 * a record in the listing) and every file is checked as without since.
 * What this gives up: a line added in place (the directory unchanged)
 * to an older month's file but dated within the current streak is only
 * seen once the directory or a file in the window changes (the next
 * `hips log`); `hips check` reports such a line as misplaced.
 */
#ifndef HIPS_DAYCACHE_H
#define HIPS_DAYCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "streak.h"

struct daycache_stats {
	unsigned	files;		/* log files seen */
	unsigned	parsed;		/* of which read and parsed */
	unsigned	checked;	/* stat'ed by the window path */
	bool		window;		/* answered by the window path */
	bool		hit;		/* a valid cache was found */
	bool		written;	/* the cache was (re)written */
};

struct dayset {
	const struct sday	*v;	/* normalized (streak.h) */
	size_t			 n;
	struct daycache_stats	 stats;
	void			*map;	/* private */
	size_t			 maplen;
	struct sday		*own;
};

/*
 * The earliest day whose entries can still change the caller's answer,
 * given the days v (normalized), or INT64_MIN when any day can.
 */
typedef int64_t	daycache_since_fn(const struct sday *, size_t, void *);

/*
 * The days of datadir's log/ into ds (free it with daycache_free()).
 * cachedir may be NULL (no cache).  since may be NULL: then every file
 * is checked; else the window path may answer (see above), since called
 * with arg.  A missing log directory is an empty log.  Returns -1 when
 * the log directory exists but cannot be read; it never records or
 * prints an error (a prompt stays quiet), and trouble with the cache
 * only costs time.
 */
int	daycache_load(struct dayset *, const char *, const char *,
	    daycache_since_fn *, void *);
void	daycache_free(struct dayset *);

#endif
