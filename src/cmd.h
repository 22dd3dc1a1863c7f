/*
 * The command layer: the table of commands (cmd.c), what the dispatcher
 * hands each command, and the commands themselves (src/cmd/).  How to add
 * a command: see the comment at the top of cmd.c.
 */
#ifndef HIPS_CMD_H
#define HIPS_CMD_H

#include "hips.h"

/* One option of a command, as its table entry lists it. */
struct cmd_opt {
	int		 key;	/* its letter; for a long-only one, any code */
	const char	*name;	/* --name, or NULL for a short option only */
	unsigned	 flags;
	int		 max;	/* OPT_REPEAT: most times given (0: any) */
};

#define OPT_ARG		0x1	/* takes a value */
#define OPT_SHORT	0x2	/* with a name: -key works too */
#define OPT_REPEAT	0x4	/* may repeat, every value kept */

/* An option as given: key of its entry, value or NULL. */
struct cmd_optval {
	int		 key;
	const char	*arg;
};

/* Keys of long options with no letter to stand for them. */
enum { CUES_DAILY = 256, CUES_LIST, CUES_DUMP };
#define CUES_MAXC	32	/* -c options at most */

/* What the dispatcher hands a command: its parsed command line. */
struct cmd_args {
	const struct cmd	*cmd;	/* the table entry */
	int			 argc;	/* the operands */
	char			**argv;
	size_t			 nopt;	/* the options, in the order given */
	struct cmd_optval	*opt;
	int			 line_argc;	/* the whole command line, */
	char			**line_argv;	/* from the command's name */
};

struct cmd {
	const char	*name;
	const char	*args;		/* usage after "hips NAME", may be "" */
	const char	*summary;
	const char	*help;		/* options and operands explained */
	int		(*run)(struct hips *, const struct cmd_args *);
	unsigned	 flags;
	const struct cmd_opt *opts;	/* ends with { 0 }; -h is implicit */
	int		 min, max;	/* operands; max -1: any number */
	const char *const *missing;	/* names of the operands min needs */
	const char	*surplus;	/* format of "NAME: " + operand */
};

#define CMD_LAZY_NOW	0x1	/* checks h->now_error itself */
#define CMD_HIDDEN	0x2	/* not listed by `hips help` */
#define CMD_DATADIR	0x4	/* needs h->datadir: resolved first */
#define CMD_LAZY_DIR	0x8	/* h->datadir may be NULL: hips_datadir() */
#define CMD_RAW		0x10	/* no option parsing: every word an operand */
#define CMD_WRITER	0x20	/* writes: opens the writer once input is checked */

const struct cmd *cmd_find(const char *);
const struct cmd *cmd_list(size_t *);
void		 cmd_usage(FILE *, const struct cmd *);
void		 cmd_usage_main(FILE *);
bool		 cmd_hint(const char *, struct buf *);
/*
 * Parse argv (argv[0] the command's name) by c's entry into a: 0, or 1
 * after printing the help for -h, or -1 with a usage error.  Free a with
 * cmd_args_free().
 */
int		 cmd_parse(const struct cmd *, int, char **, struct cmd_args *);
void		 cmd_args_free(struct cmd_args *);

/* Given at least once; its last value (or NULL). */
bool		 cmd_flag(const struct cmd_args *, int);
const char	*cmd_value(const struct cmd_args *, int);

/* The data directory for a command with CMD_LAZY_DIR, or -1 and why. */
int		 hips_datadir(const struct hips *);

/*
 * Shared by the commands (cmd/common.c): the program in use; the local
 * time on a day at seconds of the day; -d DATE of a new entry, no more
 * than N days ahead; its month file; whether it creates the data
 * repository; its note; committing it with a subject.
 */
struct program;
struct entry;
int		 cmd_load_program(struct program *);
struct htime	 local_time(const struct hips *, int64_t, int);
int		 parse_when(const struct hips *, const char *, int,
		    struct htime *);
void		 month_file(const struct entry *, struct buf *);
bool		 first_write(const struct hips *);
int		 check_note(const char *);
int		 append_entry(struct hips *, struct entry *, const char *);

/*
 * Shared by hold, pause, set and resume (cmd/clinician.c): the ladder an
 * operand names (-1 for "all" when allowed, -2 after an error); a new
 * instruction line of a kind for a ladder, with a note; writing it.
 */
int		 directive_ladder(const struct program *, const char *,
		    const char *, bool);
int		 directive_line(const struct hips *, struct entry *, int,
		    const char *, const char *);
int		 directive_write(struct hips *, struct entry *);
int		 hold_or_pause(struct hips *, const struct cmd_args *, int);

/* The commands (src/cmd/). */
int	cmd_check(struct hips *, const struct cmd_args *);
int	cmd_cues(struct hips *, const struct cmd_args *);
int	cmd_git(struct hips *, const struct cmd_args *);
int	cmd_help(struct hips *, const struct cmd_args *);
int	cmd_hold(struct hips *, const struct cmd_args *);
int	cmd_init(struct hips *, const struct cmd_args *);
int	cmd_log(struct hips *, const struct cmd_args *);
int	cmd_next(struct hips *, const struct cmd_args *);
int	cmd_pain(struct hips *, const struct cmd_args *);
int	cmd_pause(struct hips *, const struct cmd_args *);
int	cmd_program(struct hips *, const struct cmd_args *);
int	cmd_resume(struct hips *, const struct cmd_args *);
int	cmd_set(struct hips *, const struct cmd_args *);
int	cmd_skip(struct hips *, const struct cmd_args *);
int	cmd_streak(struct hips *, const struct cmd_args *);
int	cmd_sync(struct hips *, const struct cmd_args *);
int	cmd_undo(struct hips *, const struct cmd_args *);

#endif
