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
};

/* The local offset in seconds east of UTC at time t. */
int		 hips_offset(const struct hips *, int64_t);
int64_t		 hips_today(const struct hips *);

struct cmd {
	const char	*name;
	const char	*args;		/* usage after "hips NAME", may be "" */
	const char	*summary;
	int		(*run)(struct hips *, int, char **);
	unsigned	 flags;
};

#define CMD_LAZY_NOW	0x1	/* checks h->now_error itself */
#define CMD_HIDDEN	0x2	/* not listed by `hips help` */

const struct cmd *cmd_find(const char *);
const struct cmd *cmd_list(size_t *);
void		 cmd_usage(FILE *, const struct cmd *);
/* helptext.c: the operands of a command explained, with examples. */
void		 cmd_explain(FILE *, const char *);
int		 cmd_help_option(const struct cmd *);

/*
 * Option parsing shared by all commands: a fresh getopt_long parse of
 * argv (argv[0] is the command name).  Returns the option character,
 * -1 at the end, or -2 after printing usage for -h (the command then
 * returns 0), or -3 after recording a usage error.
 */
struct option;
int		 cmd_getopt(const struct cmd *, int, char **, const char *,
		    const struct option *);
extern char	*cmd_optarg;
extern int	 cmd_optind;

/* The commands. */
int	cmd_check(struct hips *, int, char **);
int	cmd_cues(struct hips *, int, char **);
int	cmd_log(struct hips *, int, char **);
int	cmd_next(struct hips *, int, char **);
int	cmd_pain(struct hips *, int, char **);
int	cmd_program(struct hips *, int, char **);
int	cmd_skip(struct hips *, int, char **);
int	cmd_undo(struct hips *, int, char **);
int	cmd_init(struct hips *, int, char **);
int	cmd_sync(struct hips *, int, char **);
int	cmd_git(struct hips *, int, char **);
int	cmd_help(struct hips *, int, char **);
int	cmd_hold(struct hips *, int, char **);
int	cmd_pause(struct hips *, int, char **);
int	cmd_set(struct hips *, int, char **);
int	cmd_resume(struct hips *, int, char **);
int	cmd_streak(struct hips *, int, char **);

/* What a recorded pain means under the program's rules (cmd_pain.c). */
void	pain_confirm(int, bool);

#endif
