/*
 * Calendar arithmetic, RFC 3339 timestamps and the DATEs of the command
 * line, without the C library's time zone machinery; see date.h.
 */
#include <string.h>

#include "date.h"

/*
 * days_from_civil() and civil_from_days() follow the well-known
 * era-based algorithms for the proleptic Gregorian calendar.
 */
int64_t
days_from_civil(int y, int m, int d)
{
	int64_t	 era, yoe, doy, doe, yy;

	yy = (int64_t)y - (m <= 2);
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t	 era, doe, yoe, doy, mp, yy;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

int
days_in_month(int y, int m)
{
	static const int	 dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

bool
date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in_month(y, m);
}

int
weekday(int64_t day)
{
	/* Day 0 was a Thursday. */
	int64_t	 w = (day + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

void
iso_week(int64_t day, int *year, int *week)
{
	int64_t	 thursday, jan1;
	int	 y, m, d;

	/* The ISO year is the year of the Thursday of the same week. */
	thursday = day - weekday(day) + 3;
	civil_from_days(thursday, &y, &m, &d);
	jan1 = days_from_civil(y, 1, 1);
	*year = y;
	*week = (int)((thursday - jan1) / 7 + 1);
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t	 q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t
htime_day(struct htime h)
{
	return floordiv(h.t + h.off, 86400);
}

int
htime_tod(struct htime h)
{
	return (int)(h.t + h.off - htime_day(h) * 86400);
}

/* Read exactly n digits. */
static int
digits(const char *s, int n, int *out)
{
	int	 v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static const char date_syntax[] = "not a date (YYYY-MM-DD)";
static const char ts_syntax[] = "not a timestamp (YYYY-MM-DDTHH:MM:SS+HH:MM)";

static int
parse_date(const char *s, size_t len, int64_t *day, const char **why)
{
	int	 y, m, d;

	if (len != 10 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &m) || s[7] != '-' || digits(s + 8, 2, &d)) {
		*why = date_syntax;
		return -1;
	}
	if (m < 1 || m > 12) {
		*why = "month out of range";
		return -1;
	}
	if (y < 1 || d < 1 || d > days_in_month(y, m)) {
		*why = "day out of range";
		return -1;
	}
	*day = days_from_civil(y, m, d);
	return 0;
}

static int
parse_rfc3339(const char *s, size_t len, struct htime *h,
    const char **why)
{
	int64_t	 day;
	int	 hh, mi, ss, oh = 0, om = 0, sign = 1;

	if (len < 10) {
		*why = ts_syntax;
		return -1;
	}
	if (parse_date(s, 10, &day, why) == -1) {
		if (*why == date_syntax)
			*why = ts_syntax;
		return -1;
	}
	if (len < 19 || (s[10] != 'T' && s[10] != 't') ||
	    digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mi) ||
	    s[16] != ':' || digits(s + 17, 2, &ss)) {
		*why = ts_syntax;
		return -1;
	}
	if (hh > 23 || mi > 59 || ss > 59) {
		*why = "time of day out of range";
		return -1;
	}
	if (len == 19) {
		*why = "timestamp without a UTC offset";
		return -1;
	}
	if (s[19] == '.') {
		*why = "fractional seconds are not allowed";
		return -1;
	}
	if (len == 20 && (s[19] == 'Z' || s[19] == 'z')) {
		/* UTC */
	} else if (len == 25 && (s[19] == '+' || s[19] == '-') &&
	    digits(s + 20, 2, &oh) == 0 && s[22] == ':' &&
	    digits(s + 23, 2, &om) == 0) {
		if (oh > 23 || om > 59) {
			*why = "UTC offset out of range";
			return -1;
		}
		sign = s[19] == '-' ? -1 : 1;
	} else {
		*why = "bad UTC offset (want +HH:MM, -HH:MM or Z)";
		return -1;
	}
	h->off = sign * (oh * 3600 + om * 60);
	h->t = day * 86400 + hh * 3600 + mi * 60 + ss - h->off;
	return 0;
}

static bool
same_word(const char *s, size_t n, const char *word)
{
	size_t	 i;

	if (strlen(word) != n)
		return false;
	for (i = 0; i < n; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]) !=
		    word[i])
			return false;
	return true;
}

static const char when_syntax[] = "not a date (YYYY-MM-DD, today, "
    "yesterday, a weekday or N days ago, then optionally HH:MM)";

static int
parse_when(const char *s, int64_t today, int64_t *day, int *tod,
    const char **why)
{
	static const char *const days[] = { "monday", "tuesday",
	    "wednesday", "thursday", "friday", "saturday", "sunday" };
	const char	*t = NULL, *sp;
	size_t		 n = strlen(s), dn, i;
	int		 hh, mi, ss = 0;
	long		 ago;

	*tod = -1;
	/* The time, if any, is the last word: HH:MM or HH:MM:SS. */
	if ((sp = strrchr(s, ' ')) != NULL && sp[1] >= '0' && sp[1] <= '9' &&
	    strchr(sp, ':') != NULL) {
		t = sp + 1;
		n = (size_t)(sp - s);
	}
	dn = n;
	if (dn == 10 && s[4] == '-') {
		if (parse_date(s, 10, day, why) == -1)
			return -1;
	} else if (same_word(s, dn, "today"))
		*day = today;
	else if (same_word(s, dn, "yesterday"))
		*day = today - 1;
	else if (s[0] >= '0' && s[0] <= '9') {
		for (ago = 0, i = 0; i < dn && s[i] >= '0' && s[i] <= '9' &&
		    ago <= 999999; i++)
			ago = ago * 10 + (s[i] - '0');
		if (ago > 999999 || !(same_word(s + i, dn - i, " days ago") ||
		    same_word(s + i, dn - i, " day ago"))) {
			*why = when_syntax;
			return -1;
		}
		*day = today - ago;
	} else {
		for (i = 0; i < 7; i++)
			if (same_word(s, dn, days[i]) || (dn == 3 &&
			    same_word(s, 3, (char [4]){ days[i][0],
			    days[i][1], days[i][2], '\0' })))
				break;
		if (i == 7) {
			*why = when_syntax;
			return -1;
		}
		/* The most recent one: today when today is that day. */
		*day = today - ((weekday(today) - (int)i + 7) % 7);
	}
	if (t == NULL)
		return 0;
	n = strlen(t);
	if ((n != 5 && n != 8) || digits(t, 2, &hh) || t[2] != ':' ||
	    digits(t + 3, 2, &mi) || (n == 8 && (t[5] != ':' ||
	    digits(t + 6, 2, &ss)))) {
		*why = "bad time of day (want HH:MM or HH:MM:SS)";
		return -1;
	}
	if (hh > 23 || mi > 59 || ss > 59) {
		*why = "time of day out of range";
		return -1;
	}
	*tod = hh * 3600 + mi * 60 + ss;
	return 0;
}

static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

void
date_format(int64_t day, char *out)
{
	int	 y, m, d;

	civil_from_days(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	put2(out, y / 100);
	put2(out + 2, y % 100);
	out[4] = '-';
	put2(out + 5, m);
	out[7] = '-';
	put2(out + 8, d);
	out[10] = '\0';
}

void
rfc3339_format(struct htime h, char *out)
{
	int	 tod, off;

	date_format(htime_day(h), out);
	tod = htime_tod(h);
	off = h.off < 0 ? -h.off : h.off;
	out[10] = 'T';
	put2(out + 11, tod / 3600);
	out[13] = ':';
	put2(out + 14, tod / 60 % 60);
	out[16] = ':';
	put2(out + 17, tod % 60);
	out[19] = h.off < 0 ? '-' : '+';
	put2(out + 20, off / 3600 % 100);
	out[22] = ':';
	put2(out + 23, off / 60 % 60);
	out[25] = '\0';
}

/*
 * The parsers above say why with a static string; callers get it in a
 * struct error (status 2: bad input).
 */
int
date_parse(const char *s, size_t len, int64_t *day, struct error *e)
{
	const char	*why;

	if (parse_date(s, len, day, &why) == -1)
		return error_put(e, 2, "%s", why);
	return 0;
}

int
rfc3339_parse(const char *s, size_t len, struct htime *h, struct error *e)
{
	const char	*why;

	if (parse_rfc3339(s, len, h, &why) == -1)
		return error_put(e, 2, "%s", why);
	return 0;
}

int
date_when_parse(const char *s, int64_t today, int64_t *day, int *tod,
    struct error *e)
{
	const char	*why;

	if (parse_when(s, today, day, tod, &why) == -1)
		return error_put(e, 2, "%s", why);
	return 0;
}
