/*
 * Reading the log: every entry of every log/ *.log file of the data
 * directory, straight from the work tree (never through libgit2).
 */
#ifndef HIPS_LOGSET_H
#define HIPS_LOGSET_H

#include <stdbool.h>

#include "entry.h"

struct logset {
	struct entry	*v;		/* entries, in file order until sorted */
	size_t		 n;
	size_t		 cap;
	char		**mem;		/* file texts the entries point into */
	size_t		 nmem;
	unsigned	 nbad;		/* malformed lines seen */
	unsigned	 ntorn;		/* files without a final LF */
};

/*
 * Called for each malformed line: file, line number, message.  NULL
 * reports them with warnmsg().
 */
typedef void	(*logset_bad_fn)(void *, const char *, unsigned, const char *);

/*
 * Load the data directory's entries.  A missing directory is an empty
 * log.  Returns -1 only when a file or directory cannot be read.
 */
int	logset_load(struct logset *, const char *, logset_bad_fn, void *);
/* Add the entries of one file's text (which it takes over). */
void	logset_add_text(struct logset *, const char *, char *, size_t,
	    logset_bad_fn, void *);
/*
 * 0 when every line was good, else -1 with the count of malformed lines
 * recorded (each was reported as it was read): a command prints what it
 * could and exits 1.
 */
int	logset_status(const struct logset *);
/* A log file's name: "*.log", not hidden. */
bool	logset_is_logname(const char *);
/*
 * A month file's name, "YYYY-MM.log" with a month 01 to 12: true, with
 * the year and month in *y and *m.
 */
bool	logset_month_name(const char *, int *, int *);
/* Sort by time (then by file and line: a stable, total order). */
void	logset_sort(struct logset *);
void	logset_free(struct logset *);

#endif
