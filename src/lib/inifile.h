/*
 * Loading INI files with inih, with the checks inih does not do: NUL
 * bytes, invalid UTF-8, lines longer than inih's buffer (which it would
 * split silently), and syntax errors, all reported as "file:line: ...".
 */
#ifndef HIPS_INIFILE_H
#define HIPS_INIFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

/*
 * The longest line, without its LF, that every inih hips builds with
 * reads whole from a string: Debian 12's (r56) reads 199 bytes and its
 * LF, Debian 13's (r58) one byte less, and each splits a longer line
 * silently.  So a line is at most 199 bytes, LF included, on both.
 */
#define INI_LINE_MAX	198

/*
 * Called for each key; returns 0, or -1 after filling the error with a
 * message without the file:line prefix (error_put()).
 */
typedef int	(*ini_key_fn)(void *, const char *, const char *, const char *,
		    struct error *);
/* Called by the pre-scan for each section header, with its line. */
typedef int	(*ini_section_fn)(void *, const char *, unsigned,
		    struct error *);

/*
 * Parse text (len bytes) named name.  Returns 0, or -1 with the error
 * recorded by error_set() as "name:line: message".
 */
int	ini_load_text(const char *, const char *, size_t, ini_key_fn,
	    ini_section_fn, void *);
/*
 * Read the INI file at path into b.  A missing file is not an error:
 * *missing is set and 0 returned.  Other failures are recorded.
 */
int	ini_read_file(const char *, struct buf *, bool *);
/*
 * Parse the file at path.  A missing file is not an error: *missing is
 * set and 0 returned.
 */
int	ini_load_file(const char *, bool *, ini_key_fn, ini_section_fn,
	    void *);

#endif
