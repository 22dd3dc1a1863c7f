/*
 * The pain rules (DESIGN.md section 4, hips(1) PAIN): when progression
 * pauses and `hips next` advises a clinician.  Pure: days of pain in,
 * "now" as a day number, no files and no clock.
 *
 * A pain record is a session (its pain, missing counts as 0), a skip
 * with pain=N, or a pain line; a day's pain is the highest of its
 * records.  Days without a record say nothing either way.  The rules,
 * each on day d:
 *
 *   stop     a day at stop_pain or more; it holds until calm_days days
 *            with a record, in a row, are at calm_pain or less (a day
 *            above calm_pain starts the count again).
 *   persist  of the last persist_of days with a record within
 *            persist_window days, persist_days or more at hold_pain or
 *            more.
 *   repeat   two days at back_pain or more within pain_window days.
 *   rising   the average of the last 7 days 2 (pain_rise) points or more
 *            above that of the 28 before, each with 2 records at least.
 */
#ifndef HIPS_PAIN_H
#define HIPS_PAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "program.h"

#define PAIN_NEVER	INT64_MIN

/* A day with a pain record, and its highest pain (0..10). */
struct painday {
	int64_t		 day;
	int		 pain;
};

enum pain_rule {
	PAIN_STOP = 0x1,
	PAIN_PERSIST = 0x2,
	PAIN_REPEAT = 0x4,
	PAIN_RISING = 0x8,
};

struct painstate {
	int64_t		 day;		/* the day it is about */
	unsigned	 rules;		/* enum pain_rule: those that hold */
	int64_t		 stop_day;	/* stop: its day and pain */
	int		 stop_pain;
	int		 calm;		/* stop: pain-free days since */
	int64_t		 last;		/* the last day with a record, or never */
	int		 high, of;	/* persist: days at hold_pain of `of` */
	int		 need;		/* persist: more days below it to lift */
	int64_t		 red[2];	/* repeat: the two days */
	int		 avg7, avg28;	/* rising: averages in tenths */
};

/* The days with a record, sorted, each day once; built once, asked often. */
struct painlog {
	const struct painday	*v;
	size_t			 n;
	const struct rules	*r;
	int			*calm;	/* after record i: -1 not stopped */
	size_t			*stopi;	/* the stop in effect after i */
};

/* The days must stay alive, sorted by day, each day at most once. */
void	pain_index(struct painlog *, const struct painday *, size_t,
	    const struct rules *);
void	pain_free(struct painlog *);
/* The state on day d (records after d are not looked at). */
void	pain_at(const struct painlog *, int64_t, struct painstate *);

/*
 * Sort n days and merge each day's records to its highest pain; returns
 * the new count.
 */
size_t	pain_normalize(struct painday *, size_t);

/*
 * The earliest day whose records can change pain_at(today): records on
 * earlier days, added or removed, leave it as it is.  PAIN_NEVER when any
 * day can (a stop anywhere not lifted since would hold).
 */
int64_t	pain_since(const struct painday *, size_t, const struct rules *,
	    int64_t);

/*
 * The warning signs that need urgent care rather than rest (the "red
 * flags" of low back pain guidance), NULL-terminated.
 */
extern const char *const pain_red_flags[];

/*
 * How many days back from today the windows of the rules reach: records
 * on earlier days matter only through the stop rule.
 */
int	pain_reach(const struct rules *);

/* The first of the rules that hold, in the order above, or 0. */
unsigned	pain_first(unsigned);

#endif
