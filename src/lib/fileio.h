/*
 * Whole files, the one way hips and its git plugin write and read them:
 * an atomic replace, a capped read, mkdir -p and fsync.
 *
 * fio_replace() is the only temp-file-and-rename in hips: the new
 * contents go to ".NAME.XXXXXX.hips-tmp" beside path (hidden from
 * readers; `hips check` knows the suffix), written whole, fsynced when
 * asked, then renamed over path, and the directory fsynced; on every
 * failure the temporary file is removed and path is left as it was.
 *
 * This module links nothing of hips but buf.c, so that the plugin
 * (hips-git.so) can link it too.  Functions that fail return -1 with
 * errno set and, when e is not NULL, a message in e (status 1).
 */
#ifndef HIPS_FILEIO_H
#define HIPS_FILEIO_H

#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"
#include "error.h"

#define FIO_SYNC	0x1	/* durable: fsync the file and its directory */
#define FIO_MKDIRS	0x2	/* make path's missing directories (0700) */

/*
 * Replace path whole by the len bytes of data, atomically: a reader
 * sees the old file or the new one, never a part.  The file is made with
 * mode (less the umask).  Returns 0, or -1 (errno, e).
 */
int	fio_replace(const char *, const void *, size_t, unsigned, unsigned,
	    struct error *);

/*
 * Read the file path (relative to the directory dfd, or AT_FDCWD) whole
 * into b, which is reset first: opened with oflags added to O_RDONLY
 * (O_NOFOLLOW, say), never blocking on a FIFO; only a regular file of at
 * most cap bytes is read (errno EINVAL, EFBIG).  Its stat data go to st
 * unless NULL.  Returns 0; 1 when path does not exist (b empty, nothing
 * in e); or -1 (errno, e).  Where a tree may be hostile (the data
 * directory), open with safefile.h and read with fio_read_fd().
 */
int	fio_read(int, const char *, int, size_t, struct buf *, struct stat *,
	    struct error *);
/*
 * The rest of the open file fd appended to b, at most cap bytes in all
 * (errno EFBIG beyond, even when the file grows meanwhile); hint is the
 * size expected.  Returns 0, or -1 with errno set.
 */
int	fio_read_fd(int, size_t, size_t, struct buf *);

/*
 * mkdir -p: path and its missing parents, made with mode.  Returns 0, or
 * -1 with errno set.
 */
int	mkdir_p(const char *, unsigned);
/*
 * path read whole into b (appended; b holds at least "" after), without
 * a cap: for files hips itself wrote.  Returns 0, or -1 with errno set
 * (ENOENT when it does not exist).
 */
int	read_file(const char *, struct buf *);

/* fsync the file or directory path.  0, or -1 with errno set. */
int	fio_fsync(const char *);
/* fsync the directory that holds path ("." for a bare name). */
int	fio_fsync_dir(const char *);

#endif
