/*
 * Calendar arithmetic and RFC 3339 timestamps, without the C library's
 * time zone machinery: pure functions of their arguments.
 *
 * A day number counts days since 1970-01-01 (which is day 0, a Thursday).
 */
#ifndef HIPS_DATE_H
#define HIPS_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* A moment and the UTC offset it was written with. */
struct htime {
	int64_t	t;	/* seconds since the epoch, UTC */
	int	off;	/* seconds east of UTC */
};

#define RFC3339_LEN	25	/* 2026-11-26T07:31:05+01:00 */

int64_t	days_from_civil(int, int, int);
void	civil_from_days(int64_t, int *, int *, int *);
int	days_in_month(int, int);
bool	date_valid(int, int, int);
int	weekday(int64_t);		/* 0 Monday .. 6 Sunday */
void	iso_week(int64_t, int *, int *);	/* ISO year and week */
int64_t	htime_day(struct htime);	/* local calendar day */
int	htime_tod(struct htime);	/* local seconds since midnight */

/*
 * Parse an RFC 3339 timestamp of exactly len bytes with a numeric offset
 * or Z and seconds precision.  Returns 0, or -1 with a short reason in
 * the error.
 */
int	rfc3339_parse(const char *, size_t, struct htime *, struct error *);
/* Parse YYYY-MM-DD; same conventions.  *day receives the day number. */
int	date_parse(const char *, size_t, int64_t *, struct error *);
/*
 * A DATE of the command line other than an RFC 3339 time: YYYY-MM-DD,
 * today, yesterday, a weekday (monday or mon, any case: the most recent
 * one, today included) or N days ago, each optionally followed by a
 * space and a time, HH:MM or HH:MM:SS.  today is the local day number.
 * Sets *day, and *tod to the seconds since midnight, or -1 when no time
 * was given.  Same conventions as above.
 */
int	date_when_parse(const char *, int64_t, int64_t *, int *,
	    struct error *);
/* Writes RFC3339_LEN bytes and a NUL into a buffer of RFC3339_LEN + 1. */
void	rfc3339_format(struct htime, char *);
/* Writes YYYY-MM-DD and a NUL into a buffer of 11 bytes. */
void	date_format(int64_t, char *);

#endif
