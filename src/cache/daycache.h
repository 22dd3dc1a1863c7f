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
 * The window path (the prompt: daycache_map(), daycache_verify()).
 * Creating, removing or renaming a file changes the directory's mtime
 * and ctime; while they are as recorded (and not racy) the names are
 * those of the listing, so the directory is not listed again.  The
 * caller, given the cached days, names the earliest day
 * that can still change its answer; from a week before it, only the files
 * that can hold such a day are checked against their records: month
 * files (YYYY-MM.log) of that month or later, files whose cached days
 * reach it, files of any other name.  Any doubt (the directory changed or
 * racy, a record that no longer holds, a symbolic link or a file without
 * a record in the listing) and every file is checked (daycache_collect()).
 * What this gives up: a line added in place (the directory unchanged)
 * to an older month's file but dated within the current streak is only
 * seen once the directory or a file in the window changes (the next
 * `hips log`); `hips check` reports such a line as misplaced.
 */
#ifndef HIPS_DAYCACHE_H
#define HIPS_DAYCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"
#include "streak.h"

struct daycache_stats {
	unsigned	files;		/* log files seen */
	unsigned	parsed;		/* of which read and parsed */
	unsigned	checked;	/* stat'ed by the window path */
	bool		window;		/* answered by the window path */
	bool		hit;		/* a valid cache was found */
	bool		written;	/* the cache was (re)written */
};

struct cache_head;

struct dayset {
	const struct sday	*v;	/* normalized (streak.h) */
	size_t			 n;
	struct daycache_stats	 stats;
	void			*map;	/* private, as is the rest */
	size_t			 maplen;
	struct sday		*own;
	struct dayset_priv {
		int			 dfd;	/* of log/, plus 1; 0: none */
		struct buf		 path;	/* of the cache file */
		bool			 cached; /* path is the cache's */
		const struct cache_head	*head;	/* in map, or NULL */
		struct stat		 dirst;	/* of log/ */
		struct stat		 cst;	/* of the cache file */
		bool			 fresh;	/* the listing holds */
	}			 priv;
};

/*
 * The prompt reads top to bottom: map the cache; when it holds days,
 * find the window in them and verify it; else collect.
 *
 * daycache_map(): open datadir's log/ and map the cache of it from
 * cachedir (NULL: no cache).  Returns 1 when the listing the cache holds
 * is still the directory's (see the window path above): its days are in
 * ds, for the caller to find its window in and daycache_verify(); 0
 * when ds is to be filled by daycache_collect(); -1 when the log
 * directory exists but cannot be read.  A missing log directory is an
 * empty log.  Nothing is ever recorded or printed (a prompt stays
 * quiet); trouble with the cache only costs time.
 */
int	daycache_map(struct dayset *, const char *, const char *);
/*
 * After daycache_map() returned 1: true when every file that can hold
 * a day from first on (a week's margin before it) is as the cache
 * recorded it, so the days in ds are the log's as far as the caller's
 * answer goes.  Else false, and ds holds no days: daycache_collect().
 */
bool	daycache_verify(struct dayset *, int64_t);
/*
 * The days of every file into ds, each from a record that still holds
 * or read again, and the cache rewritten when it differs.  0, or -1
 * when part of the log cannot be read.
 */
int	daycache_collect(struct dayset *);
/* daycache_map() then daycache_collect(): every file checked. */
int	daycache_load(struct dayset *, const char *, const char *);
/* Free ds (also one zeroed and never loaded). */
void	daycache_free(struct dayset *);

#endif
