/*
 * The entry line (DESIGN.md section 3): parsing, validation and
 * formatting.  Pure: no I/O, no clock.
 */
#ifndef HIPS_ENTRY_H
#define HIPS_ENTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "date.h"
#include "error.h"

#define NAME_MAXLEN	32	/* longest exercise, ladder or context name */
#define KEY_MAXLEN	32	/* longest KEY of KEY=VALUE */
#define LINE_MAXLEN	4096	/* longest data line accepted */
#define DOSE_MAXSETS	99
#define ERRLEN		256

struct dose {
	int	sets;		/* 1..99 */
	int	min;		/* smallest amount of any set */
	int	max;		/* largest amount of any set */
	int	total;		/* sum of the amounts of all sets */
	bool	secs;		/* amounts are seconds, not reps */
	bool	side;		/* per side */
	bool	list;		/* written as a list, one amount per set */
};

enum band { BAND_NONE, BAND_LIGHT, BAND_MEDIUM, BAND_HEAVY };
/* A clinician's instruction (hips(5)): the line names a ladder or "all". */
enum directive { DIR_NONE, DIR_HOLD, DIR_PAUSE, DIR_SET, DIR_RESUME };

#define DIRECTIVE_OPEN	INT64_MAX	/* a hold without an end */
enum side { SIDE_NONE, SIDE_LEFT, SIDE_RIGHT };

struct entry {
	struct htime	 when;
	int64_t		 day;		/* local calendar day of `when` */
	bool		 skip;		/* a rest/sick/travel day */
	bool		 pain_only;	/* "pain N": pain on its own, no session */
	const char	*name;		/* exercise; "skip", "pain" */
	const char	*dose_text;	/* as written; "" for a skip, N for pain */
	struct dose	 dose;
	const char	*keys;		/* "k=v k=v", or "" */
	const char	*note;		/* "" when there is none */
	int		 hold;		/* seconds, or -1 */
	int		 pain;		/* 0..10, or -1 */
	int		 rpe;		/* 1..10, or -1 */
	int		 band;		/* enum band */
	int		 side;		/* enum side */
	int		 directive;	/* enum directive; name is the ladder */
	int		 dstep;		/* set: the 1-based step, else 0 */
	int64_t		 until;		/* hold, pause: last day, or
					   DIRECTIVE_OPEN */
	const char	*file;		/* where it was read, or NULL */
	unsigned	 line;		/* line number in file */
};

/*
 * Parse one line (without its LF) in place: the entry's strings point into
 * the line, which is modified.  Returns 1 for an entry, 0 for a comment or
 * blank line, -1 with the error filled (status 2) for anything else.
 */
int	entry_parse(char *, size_t, struct entry *, struct error *);

/*
 * The one grammar of names: an exercise, a ladder, a cue context is a
 * lower-case letter, then lower-case letters, digits and '-', at most
 * NAME_MAXLEN bytes.  A KEY (of KEY=VALUE, in a line or in config.ini)
 * may hold '_' too, at most KEY_MAXLEN bytes.
 */
bool	name_valid(const char *, size_t);
bool	key_valid(const char *, size_t);

/* Validators shared with the command line.  0, or -1 and a message. */
int	name_check(const char *, size_t, struct error *);
int	dose_parse(const char *, size_t, struct dose *, struct error *);
int	key_check(const char *, size_t, struct entry *, struct error *);
int	note_check(const char *, size_t, struct error *);

/* Append the canonical line of e, without the LF. */
void	entry_format(const struct entry *, struct buf *);

/*
 * The pain an entry records for the pain rules (pain.h), or -1: a pain
 * line its level, a skip its pain= if any, a session its pain= or 0; a
 * clinician's instruction never (-1).
 */
int	entry_pain_record(const struct entry *);

/* "light", "medium", "heavy" for a band=, or "" for BAND_NONE. */
const char *band_name(int);
/* "hold", "pause", "set", "resume", or "" for DIR_NONE. */
const char *directive_name(int);
/* The directive a word names, or DIR_NONE. */
int	directive_of(const char *, size_t);

#endif
