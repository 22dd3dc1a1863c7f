/*
 * The program: the ladders `hips next` follows and the rules it applies
 * (DESIGN.md sections 3 and 4).  A user's program.ini replaces the
 * built-in program, which is itself kept as INI text and read by the
 * same parser.
 */
#ifndef HIPS_PROGRAM_H
#define HIPS_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "entry.h"

#define PROGRAM_MAXLADDERS	32
#define LADDER_MAXSTEPS		32
#define LADDER_MAXTIPS		8

/* One step of a ladder: a variation and its target dose. */
struct step {
	char		*name;		/* the exercise, as hips log takes it */
	char		*dose_text;	/* "3x12", "3x8/side" */
	char		*text;		/* "bridge 3x12 hold=2s" */
	struct dose	 dose;
	int		 hold;		/* seconds to hold, 0 when none */
	int		 band;		/* enum band, BAND_NONE when none */
	int		 per_week;	/* freq=N/week: due N days a week;
					   0: every day */
	unsigned	 line;		/* of its step= line, 0 if not known */
};

/*
 * How to do one exercise of a ladder: the EXERCISE.KEY lines of its
 * section (hips(5)), shared by every step that names the exercise.
 * H(id, key, label): in the order `hips show` prints them.
 */
#define HOWTO_KEYS \
	H(setup,	"setup",	"setup")	\
	H(move,		"move",		"movement")	\
	H(feel,		"feel",		"feel it")	\
	H(feel_not,	"feel-not",	"not here")	\
	H(mistake,	"mistake",	"mistakes")	\
	H(easier,	"easier",	"easier")	\
	H(harder,	"harder",	"harder")	\
	H(equipment,	"equipment",	"equipment")

enum howto_key {
#define H(k, key, label)	HOWTO_##k,
	HOWTO_KEYS
#undef H
	HOWTO_NKEYS
};

struct howto {
	char		*name;		/* the exercise */
	char		*text[HOWTO_NKEYS]; /* lines joined by LF, or NULL */
};

struct ladder {
	char		*id;		/* the section name: the family */
	char		*title;		/* "Glute bridge" */
	char		*how;		/* one line: how to do it, or NULL */
	char		*tips[LADDER_MAXTIPS];
	size_t		 ntips;
	struct step	 steps[LADDER_MAXSTEPS];
	size_t		 nsteps;
	int		 unlock;	/* ladder index, or -1: the start */
	int		 unlock_step;	/* 1-based step of that ladder */
	unsigned	 line;		/* of the section header */
	unsigned	 seen;		/* title, how, unlock given */
	struct howto	*howto;		/* instructions, one per exercise */
	size_t		 nhowto;
};

/*
 * The rules: R(key, default, min, max).  The thresholds of DESIGN.md
 * section 4, every one overridable in [rules].
 */
#define PROGRAM_RULES \
	R(advance_after,	2,	1,	30)	\
	R(hold_pain,		4,	1,	10)	\
	R(back_pain,		6,	1,	10)	\
	R(stop_pain,		8,	1,	10)	\
	R(calm_pain,		2,	0,	9)	\
	R(calm_days,		3,	1,	30)	\
	R(persist_days,		4,	1,	30)	\
	R(persist_of,		7,	1,	30)	\
	R(persist_window,	28,	1,	365)	\
	R(below_target,		3,	1,	30)	\
	R(repeat_gap,		7,	1,	365)	\
	R(back_gap,		14,	1,	365)	\
	R(back2_gap,		28,	1,	365)	\
	R(pain_window,		14,	1,	365)	\
	R(pain_rise,		2,	1,	10)	\
	R(clean_rpe,		8,	1,	11)	\
	R(return_gap,		28,	1,	365)	\
	R(return_after,		2,	1,	30)

struct rules {
#define R(k, d, lo, hi)	int k;
	PROGRAM_RULES
#undef R
	unsigned	 seen;		/* keys given, by index */
};

struct program {
	struct rules	 rules;
	struct ladder	*v;
	size_t		 n;
	char		*source;	/* the file it came from, or NULL */
	bool		 lean;		/* the built-in, without its
					   instructions (program_load) */
};

/* The built-in program: examples/program.ini as a string. */
extern const char	program_builtin_ini[];

/* The built-in program. */
void	program_builtin(struct program *);
/*
 * Parse len bytes of INI text named name.  Returns 0, or -1 with a
 * "name:line: message" error recorded (status 1); p is then empty.
 */
int	program_parse(struct program *, const char *, const char *, size_t);
/*
 * confdir/program.ini if it exists, else the built-in program.  -1 with
 * the error recorded on a bad or unreadable file.  The built-in program
 * comes without its instructions (EXERCISE.KEY lines), which most
 * commands do not need: program_howto_load() adds them.
 */
int	program_load(struct program *, const char *);
void	program_free(struct program *);
/*
 * Only the rules of the program program_load() would load, without
 * reading the built-in ladders (for the prompt); confdir NULL: the
 * defaults.  -1 as program_load().
 */
int	program_rules(struct rules *, const char *);

/* The ladder whose steps name exercise name, or -1. */
int	program_ladder_of(const struct program *, const char *);
/* The ladder with section name id, or -1. */
int	program_ladder_id(const struct program *, const char *);

/* Add the built-in program's instructions to p when it lacks them. */
void	program_howto_load(struct program *);
/* The key's name in program.ini ("feel-not"), and its label. */
const char	*program_howto_key(int);
const char	*program_howto_label(int);
/* The instructions of exercise name in ladder l, or NULL: none at all. */
const struct howto *program_howto(const struct ladder *, const char *);
/*
 * Append the instructions of step st of ladder l, one "label: text"
 * block a key, each line starting with indent and wrapped to fit width
 * columns, then the ladder's how and tips when the step has none.
 */
void	program_howto_text(struct buf *, const struct ladder *,
	    const struct step *, const char *, size_t);

/* Between program.c and howto.c only. */
char	*program_text_value(const char *, const char *, struct error *);
int	 howto_key(struct ladder *, const char *, const char *,
	    struct error *);
void	 howto_free(struct ladder *);

#endif
