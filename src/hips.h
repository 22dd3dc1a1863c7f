/*
 * hips: shared declarations.
 *
 * Conventions: functions that can fail return 0 on success and -1 on
 * failure after recording what went wrong with error_set() or
 * error_usage(); only main() prints the message and picks the exit status.
 */
#ifndef HIPS_H
#define HIPS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "fileio.h"
#include "text.h"

#ifndef HIPS_VERSION
#define HIPS_VERSION "0.1.0"
#endif

#define EXIT_FAIL	1	/* I/O, git, corrupt files */
#define EXIT_USAGE	2	/* bad arguments or invalid input */
#define EXIT_OUTPUT	3	/* a write committed, its output failed */

#define PRINTFLIKE(f, a) __attribute__((format(printf, f, a)))

/* error.c: the pending error of a command */
int		 error_set(int, const char *, ...) PRINTFLIKE(2, 3);
int		 error_usage(const char *, ...) PRINTFLIKE(1, 2);
const char	*error_msg(void);
int		 error_status(void);
bool		 error_wants_usage(void);
void		 error_clear(void);
void		 warnmsg(const char *, ...) PRINTFLIKE(1, 2);
void		 errline(const char *);
void		 error_committed(void);
bool		 error_was_committed(void);
bool		 stdout_failed(void);

/* paths.c: where things live (DESIGN.md section 3) */
int		 path_datadir(const char *, struct buf *);
int		 path_confdir(struct buf *);
int		 path_statedir(struct buf *);
int		 path_cachedir(struct buf *);
void		 path_remote_url(const char *, const char *, struct buf *);

/* Everything a command may need, filled in by main(). */
struct hips {
	const char	*dir_opt;	/* -C DIR, or NULL */
	struct htime	 now;		/* HIPS_NOW or the clock */
	bool		 now_fixed;	/* offset of `now` is the zone */
	const char	*now_error;	/* why HIPS_NOW is bad, or NULL */
	bool		 color;		/* stdout is a colour terminal */
	const char	*datadir;	/* CMD_DATADIR: the data directory */
	struct error	 dir_err;	/* CMD_LAZY_DIR: why datadir is NULL */
};

/* The local offset in seconds east of UTC at time t. */
int		 hips_offset(const struct hips *, int64_t);
int64_t		 hips_today(const struct hips *);

/* What a recorded pain means under the program's rules (cmd/pain.c). */
void	pain_confirm(int, bool);

#endif
