/*
 * The write path: find or create the data repository, load the git
 * plugin, serialise writers with an flock inside .git, change one file
 * durably and commit it.  Whatever fails leaves the file as it was.
 */
#ifndef HIPS_WRITE_H
#define HIPS_WRITE_H

#include <signal.h>

#include "hips.h"
#include "config.h"
#include "entry.h"
#include "store.h"

struct writer {
	struct buf		 dir;		/* the data directory */
	const struct store_ops	*ops;
	struct store		*st;
	int			 lockfd;
	bool			 masked;
	bool			 committed;	/* a commit landed */
	sigset_t		 oldmask;
	struct config		 cfg;
	const char		*also;		/* hand edits committed too */
};

/* Load the plugin (once).  */
int	store_load(const struct store_ops **);
/* Open (creating it when create is set) and lock the data repository. */
int	writer_open(struct hips *, struct writer *, bool);
/*
 * Open the data repository without locking it or blocking signals (hips
 * sync: the network may be slow); writer_lock() then locks it and gives
 * an unborn repository its first commit, writer_unlock() lets go.
 */
int	writer_open_unlocked(struct hips *, struct writer *);
int	writer_lock(struct writer *);
void	writer_unlock(struct writer *);
/* Append line (no LF) to relpath and commit it with message. */
int	writer_append(struct writer *, const char *, const char *,
	    const char *);
/*
 * Append n lines to their files (relpaths[i] for lines[i], each file's
 * lines together) and commit them as one.
 */
int	writer_append_lines(struct writer *, size_t, const char *const *,
	    const char *const *, const char *);
/* Remove one copy of line from relpath and commit that with message. */
int	writer_remove(struct writer *, const char *, const char *,
	    const char *);
/*
 * Remove one copy of each of n lines (lines[i] from relpaths[i], the last
 * copy of it) and commit that as one, with message.
 */
int	writer_remove_lines(struct writer *, size_t, const char *const *,
	    const char *const *, const char *);
void	writer_close(struct writer *);
/*
 * hips sync through the plugin (sync.c): the repository opened with
 * writer_open_unlocked(), locked only while it changes; summary gets
 * the one line that says what happened.
 */
int	writer_sync(struct writer *, bool, bool, char *, size_t);
/* Commit on its own what a killed write left in the month files. */
int	writer_recover(struct writer *);
/* The last entry commit's lines (hips undo): 1, 0 for none, or -1. */
int	writer_last_entry(struct writer *, struct store_entry *);
/* Free what writer_last_entry() gave (and zero it). */
void	store_entry_free(struct store_entry *);
/* Set the remote origin to url (hips init --remote). */
int	writer_set_remote(struct writer *, const char *);

#endif
