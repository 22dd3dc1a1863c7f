/*
 * What the files of the writer (src/write/) share and the commands do
 * not see.
 */
#ifndef HIPS_WRITE_INT_H
#define HIPS_WRITE_INT_H

#include <signal.h>

#include "write.h"

/* writer.c */
/* The git plugin's error made the command's; -1. */
int	store_error(const struct error *);
/*
 * Commit relpath (with the other files with[0..nwith)); *moved says
 * whether the branch moved even on failure.
 */
int	commit(struct writer *, const char *, const char *, bool,
	    const char *, int, bool *);
int	commit_with(struct writer *, const char *, const char *const *,
	    size_t, const char *, bool, const char *, int, bool *);

/* lockfile.c */
/*
 * Take .git/hips.lock (gitdir ends in '/'), clearing what a killed hips
 * left; creating: this writer makes the repository.
 */
int	lockfile_take(struct writer *, const char *, bool);
/* The signals that wait while a write is under way. */
void	held_signals(sigset_t *);

#endif
