/*
 * hips report: what the page shows, computed from the log (report.h).
 * Pure: no files, no clock.  The layouts are in report_fmt.c.
 */
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "pain.h"
#include "progress.h"
#include "report.h"

static bool
is_session(const struct entry *e)
{
	return !e->skip && !e->pain_only && e->directive == DIR_NONE;
}

void
report_avg7(const int *before, const int *pain, size_t n, int *avg)
{
	size_t	 i;
	int	 k, p, sum, cnt;

	for (i = 0; i < n; i++) {
		sum = cnt = 0;
		for (k = 0; k < 7; k++) {
			if ((size_t)k <= i)
				p = pain[i - (size_t)k];
			else
				p = before[6 - (k - (int)i)];
			if (p == REPORT_NO_PAIN)
				continue;
			sum += p;
			cnt++;
		}
		avg[i] = cnt ? (sum * 10 + cnt / 2) / cnt : REPORT_NO_PAIN;
	}
}

const char *
report_spark(int avg, bool utf8)
{
	static const char *const blocks[] = { "\xe2\x96\x81", "\xe2\x96\x82",
	    "\xe2\x96\x83", "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
	    "\xe2\x96\x87", "\xe2\x96\x88" };
	static const char *const ascii[] = { "_", ".", "-", "~", "=", "+",
	    "*", "#" };
	int	 i;

	if (avg == REPORT_NO_PAIN || avg < 0)
		return " ";
	/* 0 to 1.2 the lowest, then one level every 1.25 points. */
	i = avg >= 100 ? 7 : (avg * 8) / 100;
	if (i > 7)
		i = 7;
	return utf8 ? blocks[i] : ascii[i];
}

int
report_asym(long a, long b)
{
	long	 hi = a > b ? a : b, d = a > b ? a - b : b - a;

	if (hi <= 0)
		return 0;
	return (int)((d * 100 + hi / 2) / hi);
}

/* Adherence: done and skip days of each week of the window. */
static void
build_weeks(struct report *r, const struct entry *v, size_t n)
{
	int64_t		 last = PROGRESS_NEVER, day, m;
	bool		 done_day = false, skip_day = false;
	size_t		 i, w;

	r->nwk = (size_t)r->weeks;
	r->wk = xreallocarray(NULL, r->nwk, sizeof(*r->wk));
	for (w = 0; w < r->nwk; w++) {
		m = r->start + 7 * (int64_t)w;
		r->wk[w] = (struct rweek){ .monday = m,
		    .days = (int)(r->today - m + 1 > 7 ? 7 : r->today - m + 1) };
	}
	/* Entries are sorted: one pass, a day at a time. */
	for (i = 0; i <= n; i++) {
		day = i < n ? v[i].day : PROGRESS_NEVER;
		if (day != last && last != PROGRESS_NEVER &&
		    last >= r->start && last <= r->today) {
			w = (size_t)((last - r->start) / 7);
			if (done_day)
				r->wk[w].done++;
			else if (skip_day)
				r->wk[w].skips++;
		}
		if (i == n)
			break;
		if (day != last)
			done_day = skip_day = false;
		last = day;
		if (v[i].skip)
			skip_day = true;
		else if (is_session(&v[i]))
			done_day = true;
	}
	for (w = 0; w < r->nwk; w++) {
		r->wk[w].target = (r->per_week ? r->per_week : 7) -
		    r->wk[w].skips;
		if (!r->per_week && r->wk[w].days < 7)
			r->wk[w].target -= 7 - r->wk[w].days;
		if (r->wk[w].target < 0)
			r->wk[w].target = 0;
		r->done += r->wk[w].done < r->wk[w].target ? r->wk[w].done :
		    r->wk[w].target;
		r->target += r->wk[w].target;
	}
}

static struct rladder *
ladder_slot(struct report *r, const struct program *p, int li)
{
	/* Ladders in program order, the exercises of none last. */
	return &r->lad[li >= 0 ? (size_t)li : p->n];
}

static void
add_dose(struct rladder *rl, const struct entry *e)
{
	size_t	 i;

	for (i = 0; i < rl->n; i++)
		if (strcmp(rl->v[i].name, e->name) == 0 &&
		    strcmp(rl->v[i].dose, e->dose_text) == 0)
			break;
	if (i == rl->n) {
		if (rl->n == rl->cap) {
			rl->cap = rl->cap ? rl->cap * 2 : 8;
			rl->v = xreallocarray(rl->v, rl->cap, sizeof(*rl->v));
		}
		rl->v[rl->n++] = (struct rdose){ e->name, e->dose_text, 0,
		    e->day, e->day };
	}
	rl->v[i].sessions++;
	rl->v[i].last = e->day;
}

/* The sessions of each ladder in the window; its step today. */
static void
build_ladders(struct report *r, const struct program *p,
    const struct entry *v, size_t n)
{
	struct progress	 pr;
	int64_t		*lastday;
	size_t		 i, k;
	int		 li;

	r->nlad = p->n + 1;
	r->lad = xreallocarray(NULL, r->nlad, sizeof(*r->lad));
	lastday = xreallocarray(NULL, r->nlad, sizeof(*lastday));
	memset(r->lad, 0, r->nlad * sizeof(*r->lad));
	progress_run(&pr, p, v, n, r->today);
	for (i = 0; i < r->nlad; i++) {
		r->lad[i].l = i < p->n ? &p->v[i] : NULL;
		r->lad[i].step = i < pr.n && pr.v[i].unlocked ?
		    pr.v[i].step : -1;
		r->lad[i].unlocked = i < pr.n && pr.v[i].unlocked;
		lastday[i] = PROGRESS_NEVER;
	}
	progress_free(&pr);
	for (i = 0; i < n; i++) {
		if (!is_session(&v[i]) || v[i].day < r->start ||
		    v[i].day > r->today)
			continue;
		li = program_ladder_of(p, v[i].name);
		k = (size_t)(ladder_slot(r, p, li) - r->lad);
		if (lastday[k] != v[i].day)
			r->lad[k].sessions++;
		lastday[k] = v[i].day;
		add_dose(&r->lad[k], &v[i]);
	}
	free(lastday);
}

/* Highest pain of each day of the window, and the 6 days before it. */
static void
build_pain(struct report *r, const struct entry *v, size_t n)
{
	int	 before[6], *slot, p;
	size_t	 i;

	r->ndays = (size_t)(r->today - r->start + 1);
	r->pain = xreallocarray(NULL, r->ndays, sizeof(int));
	r->avg = xreallocarray(NULL, r->ndays, sizeof(int));
	for (i = 0; i < r->ndays; i++)
		r->pain[i] = REPORT_NO_PAIN;
	for (i = 0; i < 6; i++)
		before[i] = REPORT_NO_PAIN;
	for (i = 0; i < n; i++) {
		if ((p = entry_pain_record(&v[i])) < 0 ||
		    v[i].day < r->start - 6 || v[i].day > r->today)
			continue;
		if (v[i].day >= r->start)
			slot = &r->pain[v[i].day - r->start];
		else
			slot = &before[v[i].day - (r->start - 6)];
		if (p > *slot)
			*slot = p;
	}
	report_avg7(before, r->pain, r->ndays, r->avg);
}

static struct rside *
side_slot(struct report *r, const struct entry *e)
{
	size_t	 i;

	/* Reps and seconds are not added up: a row each. */
	for (i = 0; i < r->nside; i++)
		if (strcmp(r->side[i].name, e->name) == 0 &&
		    r->side[i].secs == e->dose.secs)
			return &r->side[i];
	r->side = xreallocarray(r->side, r->nside + 1, sizeof(*r->side));
	memset(&r->side[r->nside], 0, sizeof(*r->side));
	r->side[r->nside].name = e->name;
	r->side[r->nside].secs = e->dose.secs;
	return &r->side[r->nside++];
}

/* Left against right, for the exercises logged with side=. */
static void
build_sides(struct report *r, const struct entry *v, size_t n)
{
	struct rside	*s;
	size_t		 i;
	int		 k;

	for (i = 0; i < n; i++) {
		if (!is_session(&v[i]) || v[i].side == SIDE_NONE ||
		    v[i].day < r->start || v[i].day > r->today)
			continue;
		s = side_slot(r, &v[i]);
		k = v[i].side == SIDE_LEFT ? 0 : 1;
		s->sess[k]++;
		s->total[k] += v[i].dose.total;
		if (v[i].pain >= 0) {
			s->pain_sum[k] += v[i].pain;
			s->pain_n[k]++;
		}
	}
}

/* The runs of days of the window on which the pain rules held. */
static void
build_pauses(struct report *r, const struct program *p,
    const struct entry *v, size_t n)
{
	struct painday		*pd;
	struct painlog		 pl;
	struct painstate	 st;
	struct rpause		*cur = NULL;
	size_t			 i, m = 0;
	int64_t			 d;
	int			 pain;

	pd = xreallocarray(NULL, n ? n : 1, sizeof(*pd));
	for (i = 0; i < n; i++)
		if ((pain = entry_pain_record(&v[i])) >= 0 &&
		    v[i].day <= r->today)
			pd[m++] = (struct painday){ v[i].day, pain };
	m = pain_normalize(pd, m);
	pain_index(&pl, pd, m, &p->rules);
	for (d = r->start; d <= r->today; d++) {
		pain_at(&pl, d, &st);
		if (st.rules == 0) {
			cur = NULL;
			continue;
		}
		if (cur == NULL) {
			r->pause = xreallocarray(r->pause, r->npause + 1,
			    sizeof(*r->pause));
			cur = &r->pause[r->npause++];
			*cur = (struct rpause){ .from = d };
		}
		cur->to = d;
		cur->rules |= st.rules;
		cur->ongoing = d == r->today;
		if ((st.rules & PAIN_STOP) && st.stop_pain > cur->stop_pain)
			cur->stop_pain = st.stop_pain;
	}
	pain_free(&pl);
	free(pd);
}

static bool
listed(const struct entry **v, size_t n, const struct entry *e)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i] == e)
			return true;
	return false;
}

/*
 * A clinician's instructions: those still in force on the window's
 * first day, then those written in it.
 */
static void
build_directives(struct report *r, const struct program *p,
    const struct entry *v, size_t n)
{
	struct directives	 ds;
	struct dstate		 st;
	size_t			 i;

	directives_gather(&ds, v, n, r->today);
	r->dir = xreallocarray(NULL, ds.n + p->n + 2, sizeof(*r->dir));
	for (i = 0; i <= p->n; i++) {
		directives_at(&ds, i < p->n ? p->v[i].id : "all",
		    r->start - 1, &st);
		if (st.e != NULL && !listed(r->dir, r->ndir, st.e))
			r->dir[r->ndir++] = st.e;
	}
	r->dir_before = r->ndir;
	for (i = 0; i < ds.n; i++)
		if (ds.v[i]->day >= r->start)
			r->dir[r->ndir++] = ds.v[i];
	directives_free(&ds);
}

static void
build_notes(struct report *r, const struct entry *v, size_t n)
{
	size_t	 i;

	r->note = xreallocarray(NULL, n ? n : 1, sizeof(*r->note));
	for (i = 0; i < n; i++)
		if (v[i].note[0] != '\0' && v[i].directive == DIR_NONE &&
		    v[i].day >= r->start && v[i].day <= r->today)
			r->note[r->nnote++] = &v[i];
}

void
report_build(struct report *r, const struct program *p,
    const struct entry *v, size_t n, int64_t today, int weeks, int per_week)
{
	memset(r, 0, sizeof(*r));
	r->today = today;
	r->weeks = weeks;
	r->per_week = per_week;
	r->rules = &p->rules;
	r->start = today - weekday(today) - 7 * (int64_t)(weeks - 1);
	build_weeks(r, v, n);
	build_ladders(r, p, v, n);
	build_pain(r, v, n);
	build_sides(r, v, n);
	build_pauses(r, p, v, n);
	build_directives(r, p, v, n);
	build_notes(r, v, n);
}

void
report_free(struct report *r)
{
	size_t	 i;

	for (i = 0; i < r->nlad; i++)
		free(r->lad[i].v);
	free(r->lad);
	free(r->wk);
	free(r->pain);
	free(r->avg);
	free(r->side);
	free(r->pause);
	free(r->dir);
	free(r->note);
	memset(r, 0, sizeof(*r));
}
