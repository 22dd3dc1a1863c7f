/* The streak and habit strength, from the days with a session. */
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "streak.h"

#define SAT16(a, b)	((a) + (b) > 0xffff ? 0xffff : (a) + (b))
#define SAT8(a, b)	((a) + (b) > 0xff ? 0xff : (a) + (b))

void
sdays_add_entries(struct sday **v, size_t *n, size_t *cap,
    const struct entry *e, size_t ne)
{
	size_t	 i;

	for (i = 0; i < ne; i++) {
		if (e[i].day < INT32_MIN || e[i].day > INT32_MAX)
			continue;	/* cannot happen: years are 1..9999 */
		if (e[i].directive != DIR_NONE)
			continue;	/* an instruction is not a session */
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*v = xreallocarray(*v, *cap, sizeof(**v));
		}
		(*v)[*n] = (struct sday){
			.day = (int32_t)e[i].day,
			.done = e[i].skip || e[i].pain_only ? 0 : 1,
			.skip = e[i].skip ? 1 : 0,
			.pain = (uint8_t)(entry_pain_record(&e[i]) + 1),
		};
		(*n)++;
	}
}

static int
byday(const void *a, const void *b)
{
	const struct sday	*x = a, *y = b;

	return x->day < y->day ? -1 : x->day > y->day;
}

size_t
sdays_normalize(struct sday *v, size_t n)
{
	size_t	 i, k;

	/* Usually sorted already (month files, appended in order). */
	for (i = 1; i < n; i++)
		if (v[i].day < v[i - 1].day)
			break;
	if (i < n)
		qsort(v, n, sizeof(*v), byday);
	for (i = k = 0; i < n; i++) {
		if (k > 0 && v[k - 1].day == v[i].day) {
			v[k - 1].done = SAT16(v[k - 1].done, v[i].done);
			v[k - 1].skip = SAT8(v[k - 1].skip, v[i].skip);
			if (v[i].pain > v[k - 1].pain)
				v[k - 1].pain = v[i].pain;
		} else
			v[k++] = v[i];
	}
	return k;
}

/*
 * exp(z) for the small negative z the score needs, without libm (the
 * hips binary links nothing it can do without): halve z until tiny, sum
 * the Taylor series, square back.
 */
static double
exp_small(double z)
{
	double	 sum = 1, term = 1;
	int	 k = 0, i;

	while (z < -0.01 || z > 0.01) {
		z /= 2;
		k++;
	}
	for (i = 1; i < 12; i++) {
		term *= z / i;
		sum += term;
	}
	while (k-- > 0)
		sum *= sum;
	return sum;
}

static double
sqrt_newton(double x)
{
	double	 y = x > 1 ? x : 1;
	int	 i;

	if (x <= 0)
		return 0;
	for (i = 0; i < 60; i++)
		y = (y + x / y) / 2;
	return y;
}

#define LN2	0.69314718055994530942

double
score_multiplier(double freq)
{
	return exp_small(-sqrt_newton(freq) / 13 * LN2);
}

double
score_step(double freq, double prev, double v)
{
	double	 m = score_multiplier(freq);

	return prev * m + v * (1 - m);
}

/* Whether a week with done sessions and skips meets a weekly target. */
static bool
week_met(int per_week, int done, int skips)
{
	return done >= per_week - skips;
}

void
streak_compute(const struct sday *v, size_t n, int per_week, int64_t today,
    struct streak *s)
{
	const struct sday	*p = v, *end = v + n;
	int64_t			 day, thismonday;
	double			 m, freq;
	int			 run = 0, wrun = 0, wdone = 0, wskips = 0;
	int			 window = 0, ring[7] = { 0 }, slot = 0, wd;
	bool			 kept, done, skip, today_kept = false;

	memset(s, 0, sizeof(*s));
	s->per_week = per_week;
	while (p < end && p->done == 0 && p->skip == 0)
		p++;
	if (p == end || p->day > today) {
		s->due = true;
		s->week_target = per_week ? per_week : 7;
		return;
	}
	s->any = true;
	s->first = p->day;
	freq = per_week ? per_week / 7.0 : 1.0;
	m = score_multiplier(freq);
	thismonday = today - weekday(today);
	/* This runs for every day since the first: keep it cheap. */
	wd = weekday(p->day);
	for (day = p->day; day <= today; day++) {
		while (p < end && p->day < day)
			p++;
		done = p < end && p->day == day && p->done > 0;
		skip = !done && p < end && p->day == day && p->skip > 0;
		kept = done || skip;
		s->days_done += done;

		/* Daily runs; an unkept today leaves yesterday's run. */
		if (kept)
			run++;
		else if (day != today)
			run = 0;
		if (run > s->best && !per_week)
			s->best = run;
		if (day == today)
			today_kept = kept;

		/* Weekly runs: a week is judged on its Sunday. */
		if (wd == 0)
			wdone = wskips = 0;
		wdone += done;
		wskips += skip;
		if (wd == 6 && day < thismonday) {
			wrun = week_met(per_week, wdone, wskips) ? wrun + 1 :
			    0;
			if (wrun > s->best && per_week)
				s->best = wrun;
		}
		if (++wd == 7)
			wd = 0;

		/* The score: the window is the last 7 days for N/week. */
		window += done - ring[slot];
		ring[slot] = done;
		if (++slot == 7)
			slot = 0;
		if (day == today && !kept)
			break;	/* today is still due: no verdict yet */
		if (skip)
			continue;	/* a skip day leaves the score alone */
		if (per_week)
			s->score = s->score * m + (window >= per_week ? 1.0 :
			    (double)window / per_week) * (1 - m);
		else
			s->score = s->score * m + (done ? 1.0 : 0.0) * (1 - m);
	}
	/* The loop ended on today, in this week. */
	s->week_done = wdone;
	s->week_skips = wskips;
	if (per_week) {
		s->week_target = per_week - s->week_skips > 0 ?
		    per_week - s->week_skips : 0;
		if (week_met(per_week, s->week_done, s->week_skips)) {
			s->current = wrun + 1;
			s->due = false;
		} else {
			s->current = wrun;
			s->due = true;
		}
	} else {
		s->week_target = 7 - s->week_skips;
		s->due = !today_kept;
		s->current = run;
	}
	if (s->current > s->best)
		s->best = s->current;
}

/* Index of the last day at or before day, or -1. */
static ptrdiff_t
last_upto(const struct sday *v, size_t n, int64_t day)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].day <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (ptrdiff_t)lo - 1;
}

/* Done and skip days of the week starting monday, from index *i down. */
static void
week_back(const struct sday *v, ptrdiff_t *i, int64_t monday, int *done,
    int *skips)
{
	*done = *skips = 0;
	for (; *i >= 0 && v[*i].day >= monday; (*i)--) {
		if (v[*i].done > 0)
			(*done)++;
		else if (v[*i].skip > 0)
			(*skips)++;
	}
}

void
streak_current(const struct sday *v, size_t n, int per_week, int64_t today,
    struct streak *s)
{
	ptrdiff_t	 i;
	int64_t		 day, monday;
	int		 done, skips;

	memset(s, 0, sizeof(*s));
	s->per_week = per_week;
	s->due = true;
	i = last_upto(v, n, today);
	/* Any kept day at all?  (normalized days always are.) */
	for (; i >= 0 && v[i].done == 0 && v[i].skip == 0; i--)
		;
	if (i < 0) {
		s->week_target = per_week ? per_week : 7;
		return;
	}
	s->any = true;
	i = last_upto(v, n, today);
	monday = today - weekday(today);
	if (!per_week) {
		day = today;
		if (v[i].day == today && (v[i].done > 0 || v[i].skip > 0))
			s->due = false;
		else
			day = today - 1;
		for (; i >= 0 && v[i].day > day; i--)
			;
		for (; i >= 0 && v[i].day == day &&
		    (v[i].done > 0 || v[i].skip > 0); i--, day--)
			s->current++;
		return;
	}
	week_back(v, &i, monday, &done, &skips);
	s->week_done = done;
	s->week_skips = skips;
	s->week_target = per_week - skips > 0 ? per_week - skips : 0;
	if (week_met(per_week, done, skips)) {
		s->due = false;
		s->current++;
	}
	for (;;) {
		monday -= 7;
		week_back(v, &i, monday, &done, &skips);
		if (!week_met(per_week, done, skips))
			break;
		s->current++;
	}
}

int64_t
streak_since(const struct sday *v, size_t n, const struct streak *s,
    int64_t today)
{
	ptrdiff_t	 i;
	int64_t		 since;

	/* The last kept day up to today. */
	for (i = last_upto(v, n, today); i >= 0 && v[i].done == 0 &&
	    v[i].skip == 0; i--)
		;
	if (i < 0)
		return INT64_MIN;
	if (s->per_week)	/* the unmet week that ended the run */
		since = today - weekday(today) -
		    7 * ((int64_t)s->current + (s->due ? 1 : 0));
	else			/* the unkept day that ended it */
		since = today - s->current - (s->due ? 1 : 0);
	return v[i].day < since ? v[i].day : since;
}

void
streak_prompt(const struct streak *s, bool paused, const char *fmt,
    struct buf *out)
{
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%' || fmt[1] == '\0') {
			buf_putc(out, *fmt);
			continue;
		}
		switch (*++fmt) {
		case 'n':
			buf_printf(out, "%d", s->current);
			break;
		case 'u':
			buf_putc(out, s->per_week ? 'w' : 'd');
			break;
		case '!':
			if (s->due && !paused)
				buf_putc(out, '!');
			break;
		case 'p':
			if (paused)
				buf_puts(out, " rest");
			break;
		case '%':
			buf_putc(out, '%');
			break;
		default:
			buf_putc(out, '%');
			buf_putc(out, *fmt);
			break;
		}
	}
}
