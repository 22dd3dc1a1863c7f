/*
 * The write path: find or create the data repository, load the git store
 * plugin, serialise writers with an flock inside .git, change one file
 * durably and commit it.  Whatever fails leaves the file as it was.
 */
#ifndef HIPS_WRITE_H
#define HIPS_WRITE_H

#include <signal.h>

#include "hips.h"
#include "config.h"
#include "store.h"

struct writer {
	struct buf		 dir;		/* the data directory */
	const struct store_ops	*ops;
	struct store		*st;
	int			 lockfd;
	bool			 masked;
	sigset_t		 oldmask;
	struct config		 cfg;
	const char		*also;		/* hand edits committed too */
};

/* Load the plugin (once).  */
int	store_load(const struct store_ops **);
/* Open (creating it when create is set) and lock the data repository. */
int	writer_open(struct hips *, struct writer *, bool);
/* Append line (no LF) to relpath and commit it with message. */
int	writer_append(struct writer *, const char *, const char *,
	    const char *);
/* Remove one copy of line from relpath and commit that with message. */
int	writer_remove(struct writer *, const char *, const char *,
	    const char *);
void	writer_close(struct writer *);
/* Replace the file at path with data, durably (temp file, fsync, rename). */
int	file_replace(const char *, const char *, size_t);

#endif
