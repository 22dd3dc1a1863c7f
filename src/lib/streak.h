/*
 * Streaks and habit strength (DESIGN.md section 5).  Pure: the log comes
 * in as a list of days, "today" as a day number; no files, no clock.
 *
 * A day is kept when it has an exercise entry or a skip entry.  A done
 * day has at least one exercise entry; a skip day has a skip entry and
 * no exercise.  Weekly targets count done days (a session is a day with
 * exercise, however many exercises it has) in ISO weeks, Monday first;
 * each skip day lowers that week's requirement by one.
 */
#ifndef HIPS_STREAK_H
#define HIPS_STREAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "entry.h"

/*
 * What the log holds for one calendar day; done saturates at 65535,
 * skip at 255.  A pain line is neither done nor skip: it keeps no day.
 */
struct sday {
	int32_t		day;	/* day number (date.h) */
	uint16_t	done;	/* exercise entries that day (at most) */
	uint8_t		skip;	/* skip entries that day (at most) */
	uint8_t		pain;	/* highest pain recorded + 1, 0: no record */
};

struct streak {
	int	per_week;	/* 0: daily; else N sessions a week */
	int	current;	/* days (daily) or weeks (N/week) */
	int	best;		/* longest run ever, current included */
	bool	due;		/* today (or this week) still to do */
	bool	any;		/* the log has a kept day up to today */
	int	week_done;	/* done days in this ISO week */
	int	week_skips;	/* skip days in this ISO week */
	int	week_target;	/* this week's target after skips */
	int	days_done;	/* done days in the whole log */
	int64_t	first;		/* first kept day, if any */
	double	score;		/* habit strength, 0 to 1 */
};

/*
 * Add the days of n entries (in any order) to *v (*n of them, *cap
 * allocated): one sday per entry, not yet merged.
 */
void	sdays_add_entries(struct sday **, size_t *, size_t *,
	    const struct entry *, size_t);
/* Sort by day and merge days that appear more than once.  Returns n. */
size_t	sdays_normalize(struct sday *, size_t);

/*
 * Compute the streak from n normalized days, a target (0 daily, else
 * sessions a week, 1 to 7) and today's day number.  Days after today are
 * ignored.
 */
void	streak_compute(const struct sday *, size_t, int, int64_t,
	    struct streak *);

/*
 * The same, but only what a prompt shows (per_week, current, due, any;
 * week_* for weekly targets), looking back no further than the current
 * streak goes.
 */
void	streak_current(const struct sday *, size_t, int, int64_t,
	    struct streak *);

/*
 * The earliest day whose entries can change s, what streak_current()
 * gave for the same days and today: entries on earlier days, added
 * or removed, leave its answer as it is.  For a daily target that is the
 * day before the current run began; for N sessions a week, the Monday of
 * the week before the first counted week; never later than the last kept
 * day up to today (the prompt's "any" rests on it).  INT64_MIN when no
 * day up to today is kept (a day anywhere would start a streak).
 */
int64_t	streak_since(const struct sday *, size_t, const struct streak *,
	    int64_t);

/*
 * One step of the habit strength score in the manner of Loop Habit
 * Tracker: freq is the target frequency per day, v the fraction of the
 * target met (0 to 1).
 */
double	score_step(double, double, double);
/* The multiplier of a step: 0.5 ^ (sqrt(freq) / 13). */
double	score_multiplier(double);

/*
 * Append the prompt format (%n streak, %u "d" or "w", %! "!" when due
 * and not paused, %p " rest" when paused, %% a percent sign; anything
 * else as it is) expanded for s; paused: progression is paused by pain
 * (pain.h), so rest is what is due.
 */
void	streak_prompt(const struct streak *, bool, const char *, struct buf *);

#endif
