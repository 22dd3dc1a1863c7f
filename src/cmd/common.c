/*
 * What several commands share: the program as config.ini's directory
 * has it, and the writing of one new entry line (its date from -d, its
 * note, its commit, and the word on a first write).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "entry.h"
#include "program.h"
#include "write.h"

int
cmd_load_program(struct program *p)
{
	struct buf	 dir = BUF_INIT;
	int		 rc;

	if (path_confdir(&dir) == -1)
		return -1;
	rc = program_load(p, buf_str(&dir));
	buf_free(&dir);
	return rc;
}

/*
 * The local time on day at seconds-of-day tod: HIPS_NOW's fixed offset,
 * or whatever the time zone says for that date.
 */
struct htime
local_time(const struct hips *h, int64_t day, int tod)
{
	struct htime	 r;
	struct tm	 tm;
	int		 y, m, d;
	time_t		 t;

	if (h->now_fixed) {
		r.off = h->now.off;
		r.t = day * 86400 + tod - r.off;
		return r;
	}
	civil_from_days(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = tod / 3600;
	tm.tm_min = tod / 60 % 60;
	tm.tm_sec = tod % 60;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	r.t = (int64_t)t;
	r.off = (int)tm.tm_gmtoff;
	return r;
}

/*
 * -d DATE: YYYY-MM-DD, today, yesterday, a weekday or N days ago, each
 * with an optional time (else the time now), or RFC 3339; never the
 * future, or not more than AHEAD days ahead.
 */
int
parse_when(const struct hips *h, const char *arg, int ahead,
    struct htime *out)
{
	struct error	 why;
	int64_t		 day;
	int		 tod;

	if (strlen(arg) > 10 && (arg[10] == 'T' || arg[10] == 't')) {
		if (rfc3339_parse(arg, strlen(arg), out, &why) == -1)
			return error_set(EXIT_USAGE, "bad date '%s': %s", arg,
			    why.msg);
		if (ahead == 0 && out->t > h->now.t)
			return error_set(EXIT_USAGE, "date '%s' is in the "
			    "future", arg);
		if (htime_day(*out) > hips_today(h) + ahead)
			goto far;
		return 0;
	}
	if (date_when_parse(arg, hips_today(h), &day, &tod, &why) == -1)
		return error_set(EXIT_USAGE, "bad date '%s': %s", arg,
		    why.msg);
	if (tod == -1)
		tod = htime_tod(h->now);
	else if (ahead == 0 && day == hips_today(h) && tod > htime_tod(h->now))
		return error_set(EXIT_USAGE, "date '%s' is in the future", arg);
	if (day > hips_today(h) + ahead)
		goto far;
	/* An entry's timestamp has a year of four digits (RFC 3339). */
	if (day < days_from_civil(1, 1, 1))
		return error_set(EXIT_USAGE, "date '%s' is before 0001-01-01",
		    arg);
	*out = local_time(h, day, tod);
	/*
	 * A time of day the zone skips moves to another day: then noon,
	 * and a day the zone skips whole (Samoa's 2011-12-30) is an error,
	 * never silently the day beside it.
	 */
	if (htime_day(*out) != day)
		*out = local_time(h, day, 12 * 3600);
	if (htime_day(*out) != day)
		return error_set(EXIT_USAGE, "date '%s' does not exist in the "
		    "local time zone", arg);
	return 0;
far:
	if (ahead == 0)
		return error_set(EXIT_USAGE, "date '%s' is in the future", arg);
	return error_set(EXIT_USAGE, "date '%s' is more than %d days ahead",
	    arg, ahead);
}

void
month_file(const struct entry *e, struct buf *out)
{
	int	 y, m, d;

	civil_from_days(e->day, &y, &m, &d);
	buf_printf(out, "log/%04d-%02d.log", y, m);
}

/* Whether the data repository is still to be created (the first write). */
bool
first_write(const struct hips *h)
{
	struct buf	 dir = BUF_INIT;
	bool		 none = false;

	/* Without a data directory, writer_open() says why. */
	if (h->datadir != NULL) {
		buf_printf(&dir, "%s/.git", h->datadir);
		none = access(buf_str(&dir), F_OK) == -1 && errno == ENOENT;
	}
	buf_free(&dir);
	return none;
}

/* Commit one new entry line (already validated). */
int
append_entry(struct hips *h, struct entry *e, const char *subject)
{
	struct writer	 w;
	struct buf	 line = BUF_INIT, rel = BUF_INIT, msg = BUF_INIT;
	struct error	 err;
	char		*copy;
	struct entry	 check;
	bool		 first;
	int		 rc = -1;

	entry_format(e, &line);
	/* A line readers would refuse: the note is what can make it so. */
	if (line.len > LINE_MAXLEN) {
		size_t	 rest = line.len - strlen(e->note);

		buf_free(&line);
		if (e->note[0] != '\0' && rest < LINE_MAXLEN)
			return error_set(EXIT_USAGE, "note too long (max %zu "
			    "bytes here)", LINE_MAXLEN - rest);
		return error_set(EXIT_USAGE, "entry too long (max %d bytes)",
		    LINE_MAXLEN);
	}
	/* What is written must read back as the same entry. */
	copy = xstrdup(buf_str(&line));
	if (entry_parse(copy, line.len, &check, &err) != 1) {
		free(copy);
		buf_free(&line);
		return error_set(EXIT_FAIL, "internal error: formatted line "
		    "does not parse: %s", err.msg);
	}
	free(copy);
	month_file(e, &rel);
	buf_printf(&msg, "%s\n\n%s\n", subject, buf_str(&line));
	first = first_write(h);
	if (writer_open(h, &w, true) == 0 &&
	    writer_append(&w, buf_str(&rel), buf_str(&line),
	    buf_str(&msg)) == 0) {
		rc = 0;
		if (first)
			warnmsg("created the data repository in %s",
			    buf_str(&w.dir));
		if (w.also != NULL)
			warnmsg("committed changes found in %s first, in a "
			    "commit of their own", w.also);
	}
	writer_close(&w);
	buf_free(&msg);
	buf_free(&rel);
	buf_free(&line);
	return rc;
}

int
check_note(const char *note)
{
	struct error	 err;

	if (note_check(note, strlen(note), &err) == -1)
		return error_set(EXIT_USAGE, "%s", err.msg);
	return 0;
}
