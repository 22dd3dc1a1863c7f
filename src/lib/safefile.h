/*
 * The one way hips opens the files it reads and writes: month files,
 * INI files and caches (DESIGN.md section 3: nothing under log/ that is
 * not a regular file is ever read or written).
 *
 * Every open is non-blocking (a FIFO never hangs a command, nor a prompt)
 * and without a controlling terminal; anything but a regular file is
 * refused once opened, by fstat(), and at most a cap of bytes is read, so
 * that a file linked to /dev/zero or grown without end cannot exhaust
 * memory.  In the data directory, the log directory and the files in it
 * are opened relative to each other without following a symbolic link
 * (O_NOFOLLOW), so a path can never lead outside: a link planted by a
 * sync or by hand is refused, never followed.  The data directory itself
 * may be a link (the user's choice); so may INI files (dotfile managers
 * link them).
 */
#ifndef HIPS_SAFEFILE_H
#define HIPS_SAFEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"

#define INI_SIZE_MAX	(1u << 20)	/* 1 MiB: an INI file */
#define LOG_SIZE_MAX	(64u << 20)	/* 64 MiB: a month file */
#define CACHE_SIZE_MAX	(64u << 20)	/* a cache or state file */

#define SF_NOFOLLOW	0x1	/* refuse a link as the last part */

/*
 * Open path (relative to the directory dfd, or AT_FDCWD) with oflags
 * (O_RDONLY, or O_WRONLY | O_APPEND | O_CREAT ...), adding O_NONBLOCK,
 * O_NOCTTY and O_CLOEXEC.  Only a regular file of at most cap bytes is
 * accepted; its stat data go to st.  Returns the descriptor; -1 when
 * path does not exist (errno ENOENT, nothing recorded); or -1 with the
 * error recorded as "shown: what" (errno set).
 */
int	sf_open(int, const char *, const char *, int, unsigned, size_t,
	    struct stat *);
/*
 * Read the whole file as sf_open() opens it, at most cap bytes, into b
 * (which it resets).  Returns 0, 1 when the file does not exist (nothing
 * recorded, b empty), or -1 with the error recorded.
 */
int	sf_read(int, const char *, const char *, unsigned, size_t,
	    struct buf *);

/*
 * The log directory of datadir, opened without following a link.
 * Returns 0 with *fd set; 1 when datadir or its log directory does not
 * exist (*fd is -1); -1 with the error recorded when the log directory is
 * a link or not a directory, or the data directory not a directory.
 */
int	sf_logdir(const char *, int *);
/*
 * relpath ("log/NAME") of the data directory datadir, opened as
 * sf_open() does, the log directory checked as by sf_logdir() (and made,
 * mode 0700, when oflags hold O_CREAT).  The file's name is shown in
 * messages as datadir/relpath.  Returns the descriptor, or -1 as
 * sf_open() does (ENOENT also when the log directory is missing).
 */
int	sf_data_open(const char *, const char *, int, struct stat *);
/* relpath of datadir read whole into b, as sf_read() does. */
int	sf_data_read(const char *, const char *, struct buf *);

#endif
