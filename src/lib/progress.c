/*
 * The progression engine: replay the log day by day under the rules of
 * the program and say, per ladder, which step to do next and why.
 */
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "progress.h"
#include "progress_int.h"

static int
byday(const void *a, const void *b)
{
	const struct item	*x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->ladder != y->ladder)
		return x->ladder < y->ladder ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int
cmpday(const void *a, const void *b)
{
	const int64_t	*x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* Index of the first skip day after day. */
static size_t
skip_after(const struct run *R, int64_t day)
{
	size_t	 lo = 0, hi = R->nskips, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (R->skips[mid] <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Skip days strictly between a and b. */
static int
skips_between(const struct run *R, int64_t a, int64_t b)
{
	size_t	 i = skip_after(R, a), j = skip_after(R, b - 1);

	return j > i ? (int)(j - i) : 0;
}

static bool
is_skip(const struct run *R, int64_t day)
{
	size_t	 i = skip_after(R, day - 1);

	return i < R->nskips && R->skips[i] == day;
}

/* The replay of an instruction (struct run's replayed). */
enum { SET_TODO, SET_DONE, SET_WAITING };

static int
skip_cb(const void *arg, int64_t day)
{
	return is_skip(arg, day);
}

/* Days strictly between a and b that ladder li was paused by a clinician. */
static int
paused_between(const struct run *R, size_t li, int64_t a, int64_t b)
{
	return directives_paused_days(&R->dirs, R->p->v[li].id, a, b, skip_cb,
	    R);
}

/*
 * The hold or pause in force for ladder li on day d, for a session that
 * started at time t (INT64_MAX: the whole day): DIR_NONE if none.
 */
static int
directed(const struct run *R, size_t li, int64_t d, int64_t t)
{
	struct dstate	 st;

	directives_at_time(&R->dirs, R->p->v[li].id, d, t, &st);
	return st.kind;
}

/*
 * Is progression paused on day d?  The pain rules (pain.h) on the
 * records up to d.  Fills the state when out is given.
 */
static bool
paused(const struct run *R, int64_t d, struct painstate *out)
{
	struct painstate	 st;

	if (out == NULL)
		out = &st;
	pain_at(&R->pl, d, out);
	return out->rules != 0;
}

static void
record(struct suggestion *s, int kind, int64_t day, int from, int a, int b,
    int c, const struct entry *e)
{
	struct event	 ev = {
		.day = day,
		.seq = s->nev,
		.kind = kind,
		.from = from,
		.step = s->step,
		.a = a,
		.b = b,
		.c = c,
		.e = e,
	};

	s->ring[s->nev % PROGRESS_RING] = ev;
	s->nev++;
	if (kind == EV_UP || kind == EV_BACK_BELOW || kind == EV_BACK_PAIN ||
	    (kind == EV_GAP && c > 0) || kind == EV_UNLOCK || kind == EV_SET)
		s->since = ev;
}

/* What the session of the last event lacked. */
static void
record_why(struct suggestion *s, int why, int side)
{
	struct event	*ev = &s->ring[(s->nev - 1) % PROGRESS_RING];

	ev->why = why;
	ev->side = side;
	if (s->since.seq == ev->seq && s->since.kind == ev->kind) {
		s->since.why = why;
		s->since.side = side;
	}
}

static void
unlock_after(struct run *R, int li, int64_t day)
{
	const struct program	*p = R->p;
	struct suggestion	*m;
	size_t			 j;

	for (j = 0; j < p->n; j++) {
		m = &R->out->v[j];
		if (m->unlocked || p->v[j].unlock != li ||
		    R->out->v[li].step < p->v[j].unlock_step - 1)
			continue;
		m->unlocked = true;
		m->unlock_day = day;
		record(m, EV_UNLOCK, day, m->step, li, p->v[j].unlock_step, 0,
		    NULL);
		unlock_after(R, (int)j, day);
	}
}

static bool
ready(const struct run *R, size_t li)
{
	const struct suggestion	*s = &R->out->v[li];

	return s->unlocked && s->clean >= R->r->advance_after &&
	    s->step < (int)R->p->v[li].nsteps - 1;
}

/* Move ladder li up on day, if no ladder moved up that day.  */
static bool
advance(struct run *R, size_t li, int64_t day)
{
	struct suggestion	*s = &R->out->v[li];
	int			 n = s->clean;

	if (R->up_day == day)
		return false;
	R->up_day = day;
	R->up_ladder = (int)li;
	s->step++;
	s->clean = s->below = 0;
	record(s, EV_UP, day, s->step - 1, n, 0, 0, NULL);
	unlock_after(R, (int)li, day);
	return true;
}

/* A paused day: nothing moves up and the clean counts start again. */
static void
pause_all(struct run *R)
{
	size_t	 i;

	for (i = 0; i < R->p->n; i++)
		R->out->v[i].clean = 0;
}

/* Ladders ready since an earlier day move up, one a day, from..to. */
static void
pending(struct run *R, int64_t from, int64_t to)
{
	int64_t	 d;
	size_t	 i;
	bool	 any;

	for (d = from; d <= to; d++) {
		any = false;
		for (i = 0; i < R->p->n; i++)
			if (ready(R, i))
				any = true;
		if (!any)
			return;
		if (paused(R, d, NULL)) {
			pause_all(R);
			return;
		}
		for (i = 0; i < R->p->n; i++)
			if (ready(R, i) &&
			    directed(R, i, d, INT64_MAX) == DIR_NONE &&
			    advance(R, i, d))
				break;
	}
}

/*
 * A session after return_gap days away from every ladder (skip days
 * and days all ladders were paused by a clinician not counted) starts a
 * return: the ladders come back one at a time.
 */
static void
return_check(struct run *R, int64_t d)
{
	struct progress	*out = R->out;
	int		 g;
	size_t		 i;

	if (R->last_any == PROGRESS_NEVER || d <= R->last_any)
		return;
	g = (int)(d - R->last_any) - skips_between(R, R->last_any, d) -
	    directives_paused_days(&R->dirs, "all", R->last_any, d, skip_cb,
	    R);
	if (g < R->r->return_gap)
		return;
	out->return_day = d;
	out->return_gap = g;
	for (i = 0; i < out->n; i++) {
		out->v[i].ret_clean = 0;
		out->v[i].ret_done = PROGRESS_NEVER;
	}
}

/* The session of ladder li on day d: items v[0..n). */
static void
session(struct run *R, size_t li, int64_t d, const struct item *v, size_t n,
    bool frozen)
{
	const struct ladder	*l = &R->p->v[li];
	const struct rules	*r = R->r;
	struct suggestion	*s = &R->out->v[li];
	const struct entry	*e;
	int64_t			 base;
	int			 g, sk, pz, back, from, pain, dk, rpe, why, side;
	bool			 meets;

	if (!s->unlocked) {
		s->unlocked = true;
		s->unlock_day = d;
		record(s, EV_UNLOCK, d, s->step, -1, 0, 0, NULL);
		unlock_after(R, (int)li, d);
	}
	if (s->started) {
		/* Away since the last session, or a clinician's set. */
		base = s->set_day > s->last ? s->set_day : s->last;
		sk = skips_between(R, base, d);
		pz = paused_between(R, li, base, d);
		g = (int)(d - base) - sk - pz;
		back = g >= r->back2_gap ? 2 : g >= r->back_gap ? 1 : 0;
		if (g >= r->repeat_gap) {
			from = s->step;
			s->step = s->step > back ? s->step - back : 0;
			s->clean = s->below = 0;
			record(s, EV_GAP, d, from, g, sk, back, NULL);
			s->ring[(s->nev - 1) % PROGRESS_RING].d = pz;
			s->since.d = pz;
		}
	}
	s->started = true;
	s->last = d;
	meets = session_meets(R, li, v, n, &pain, &e, &why, &side);
	rpe = session_rpe(R, v, n);
	from = s->step;
	/* Clean sessions since a return let the next ladder come back. */
	if (meets && pain < r->hold_pain && rpe < r->clean_rpe &&
	    R->out->return_day != PROGRESS_NEVER &&
	    ++s->ret_clean == r->return_after)
		s->ret_done = d;
	if (pain >= r->back_pain) {
		if (s->step > 0)
			s->step--;
		s->clean = s->below = 0;
		record(s, EV_BACK_PAIN, d, from, pain, 0, 0, e);
	} else if ((dk = directed(R, li, d, v[0].t)) != DIR_NONE) {
		/* A clinician's hold or pause: nothing counts either way. */
		s->clean = s->below = 0;
		record(s, EV_DIRECTED, d, from, meets, dk, 0, e);
	} else if (!meets && ++s->below >= r->below_target) {
		if (s->step > 0)
			s->step--;
		record(s, EV_BACK_BELOW, d, from, s->below, 0, 0, e);
		record_why(s, why, side);
		s->clean = s->below = 0;
	} else if (pain >= r->hold_pain) {
		if (meets)
			s->below = 0;
		s->clean = 0;
		record(s, EV_HOLD_PAIN, d, from, pain, 0, 0, e);
	} else if (!meets) {
		record(s, EV_BELOW, d, from, s->below, r->below_target, 0, e);
		record_why(s, why, side);
	} else if (rpe >= r->clean_rpe) {
		/* Met the target, but hard work: not yet time to move up. */
		s->below = 0;
		s->clean = 0;
		record(s, EV_HARD, d, from, rpe, r->clean_rpe, 0, e);
	} else if (frozen) {
		s->below = 0;
		s->clean = 0;
		record(s, EV_PAUSED, d, from, 0, 0, 0, e);
	} else {
		s->below = 0;
		s->clean++;
		if (s->step == (int)l->nsteps - 1)
			record(s, EV_TOP, d, from, s->clean, 0, 0, e);
		else
			record(s, EV_CLEAN, d, from, s->clean,
			    r->advance_after, 0, e);
		if (ready(R, li) && !advance(R, li, d))
			record(s, EV_WAIT, d, from, R->up_ladder, 0, 0, NULL);
	}
}

/* Gather the program's entries, the skip days and the pain days. */
static void
gather(struct run *R, const struct entry *ents, size_t n, int64_t today)
{
	size_t	 i, j;
	int	 li, pain;

	R->items = xreallocarray(NULL, n ? n : 1, sizeof(*R->items));
	R->skips = xreallocarray(NULL, n ? n : 1, sizeof(*R->skips));
	R->pains = xreallocarray(NULL, n ? n : 1, sizeof(*R->pains));
	for (i = 0; i < n; i++) {
		if (ents[i].day > today || ents[i].directive != DIR_NONE)
			continue;
		/* Pain records: sessions (missing is 0), skips, pain lines. */
		if ((pain = entry_pain_record(&ents[i])) >= 0)
			R->pains[R->npains++] = (struct painday){ ents[i].day,
			    pain };
		if (ents[i].skip) {
			R->skips[R->nskips++] = ents[i].day;
			continue;
		}
		if (ents[i].pain_only ||
		    (li = program_ladder_of(R->p, ents[i].name)) == -1)
			continue;
		R->items[R->nitems++] = (struct item){
			.day = ents[i].day,
			.t = ents[i].when.t,
			.idx = i,
			.ladder = li,
		};
	}
	qsort(R->items, R->nitems, sizeof(*R->items), byday);
	qsort(R->skips, R->nskips, sizeof(*R->skips), cmpday);
	for (i = j = 0; i < R->nskips; i++)
		if (j == 0 || R->skips[j - 1] != R->skips[i])
			R->skips[j++] = R->skips[i];
	R->nskips = j;
	R->npains = pain_normalize(R->pains, R->npains);
	pain_index(&R->pl, R->pains, R->npains, R->r);
}

/*
 * A clinician's pause is the decision whatever the log says; a hold is,
 * unless pain has just held the step or stepped it back.
 */
static void
directed_decision(struct suggestion *s)
{
	const struct event	*last;

	last = s->nev ? &s->ring[(s->nev - 1) % PROGRESS_RING] : NULL;
	if (s->directive.kind == DIR_PAUSE)
		s->decision = "clinician-pause";
	else if (s->directive.kind == DIR_HOLD &&
	    strcmp(s->decision, "hold") != 0 &&
	    strcmp(s->decision, "paused") != 0 &&
	    !(last != NULL && last->kind == EV_BACK_PAIN &&
	    strcmp(s->decision, "back") == 0))
		s->decision = "clinician-hold";
}

/*
 * Replay a clinician's set lines dated up to day upto (for ladder only,
 * written before time before, when only is not -1): the ladder goes to
 * the step chosen (the last one if the program has fewer), unlocks if it
 * was locked, and counts afresh.  Ladders ready since an earlier day
 * move up first, as they would have.  A set that would move a ladder up
 * waits while the pain rules pause progression (paused by pain, nothing
 * moves up, whatever an instruction): it applies on the first day the
 * pause has lifted.
 */
static void
replay_sets(struct run *R, int64_t *prev, int64_t upto, int only,
    int64_t before)
{
	const struct entry	*e;
	struct suggestion	*s;
	const struct ladder	*l;
	size_t			 k;
	int64_t			 d;
	int			 li, from, to;

	for (k = R->nextdir; k < R->dirs.n && R->dirs.v[k]->day <= upto;
	    k++) {
		e = R->dirs.v[k];
		if (R->replayed[k] == SET_DONE)
			continue;
		if (e->directive != DIR_SET ||
		    (li = program_ladder_id(R->p, e->name)) == -1) {
			R->replayed[k] = SET_DONE;
			continue;
		}
		if (only != -1 && (li != only || e->when.t >= before))
			continue;
		l = &R->p->v[li];
		s = &R->out->v[li];
		to = (e->dstep <= (int)l->nsteps ? e->dstep :
		    (int)l->nsteps) - 1;
		/* Its own day, or the first one after it not paused. */
		d = R->replayed[k] == SET_WAITING ? R->waitfrom[k] : e->day;
		while (to > s->step && d <= upto && paused(R, d, NULL))
			d++;
		if (d > upto) {
			R->replayed[k] = SET_WAITING;
			R->waitfrom[k] = d;
			continue;
		}
		R->replayed[k] = SET_DONE;
		if (d - 1 > *prev) {
			pending(R, *prev + 1, d - 1);
			*prev = d - 1;
		}
		from = s->step;
		s->step = to;
		s->clean = s->below = 0;
		s->set_day = d;
		if (!s->unlocked) {
			s->unlocked = true;
			s->unlock_day = d;
		}
		record(s, EV_SET, d, from, e->dstep, 0, 0, e);
		unlock_after(R, li, d);
	}
	while (R->nextdir < R->dirs.n &&
	    R->replayed[R->nextdir] == SET_DONE)
		R->nextdir++;
}

/* Days in [from, to] with a session of ladder li. */
static int
session_days(const struct run *R, size_t li, int64_t from, int64_t to)
{
	size_t	 i;
	int64_t	 last = PROGRESS_NEVER;
	int	 n = 0;

	for (i = 0; i < R->nitems; i++)
		if (R->items[i].ladder == (int)li && R->items[i].day >= from &&
		    R->items[i].day <= to && R->items[i].day != last) {
			last = R->items[i].day;
			n++;
		}
	return n;
}

/*
 * Which ladders are due today beyond done, rest and pause: a step of N
 * days a week is due when it was done fewer than N times in the 6 days
 * before (and, for 3 or fewer, not yesterday: a day between); after a
 * return, the unlocked ladders come back in program order, each once
 * the one before has had return_after clean sessions on earlier days.
 */
static void
due_rules(struct run *R, int64_t today)
{
	struct progress		*out = R->out;
	const struct ladder	*l;
	struct suggestion	*s;
	int			 per_week, blocker = -1;
	size_t			 i;

	for (i = 0; i < out->n; i++) {
		s = &out->v[i];
		l = &R->p->v[i];
		per_week = l->steps[s->step].per_week;
		if (per_week > 0 && s->unlocked) {
			s->week_sessions = session_days(R, i, today - 6,
			    today - 1);
			if (s->due && (s->week_sessions >= per_week ||
			    (per_week <= 3 && s->last == today - 1))) {
				s->due = false;
				s->freq_rest = true;
			}
		}
		if (out->return_day == PROGRESS_NEVER || !s->unlocked ||
		    s->directive.kind == DIR_PAUSE)
			continue;
		if (blocker != -1) {
			s->returning = true;
			s->ret_wait = blocker;
			s->due = false;
		} else if (!(s->ret_done != PROGRESS_NEVER &&
		    s->ret_done < today))
			blocker = (int)i;
	}
}

/* What today looks like for each ladder. */
static void
conclude(struct run *R, int64_t today)
{
	const struct rules	*r = R->r;
	struct progress		*out = R->out;
	struct suggestion	*s;
	const struct event	*last;
	size_t			 i;
	int64_t			 base;
	int			 back;

	for (i = 0; i < out->n; i++) {
		s = &out->v[i];
		s->done_today = s->started && s->last == today;
		s->rest_today = !s->done_today && is_skip(R, today);
		/* Paused by pain: nothing is due, whatever an instruction. */
		s->due = s->unlocked && !s->done_today && !s->rest_today &&
		    !out->paused;
		directives_at(&R->dirs, R->p->v[i].id, today, &s->directive);
		if (s->directive.kind == DIR_PAUSE)
			s->due = false;
		last = s->nev ? &s->ring[(s->nev - 1) % PROGRESS_RING] : NULL;
		if (!s->unlocked) {
			s->decision = "locked";
			continue;
		}
		if (!s->started) {
			s->decision = last && last->kind == EV_SET ? "set" :
			    out->any ? "new" : "start";
			directed_decision(s);
			continue;
		}
		if (!s->done_today) {
			base = s->set_day > s->last ? s->set_day : s->last;
			s->gap_skips = skips_between(R, base, today);
			s->gap_paused = paused_between(R, i, base, today);
			s->gap = (int)(today - base) - s->gap_skips -
			    s->gap_paused;
		}
		if (s->gap >= r->repeat_gap) {
			back = s->gap >= r->back2_gap ? 2 :
			    s->gap >= r->back_gap ? 1 : 0;
			s->step = s->step > back ? s->step - back : 0;
			s->clean = s->below = 0;
			s->decision = back ? "back" : "repeat";
			directed_decision(s);
			continue;
		}
		switch (last ? last->kind : EV_NONE) {
		case EV_SET:
			s->decision = "set";
			break;
		case EV_UP:
			s->decision = "up";
			break;
		case EV_BACK_BELOW:
		case EV_BACK_PAIN:
			s->decision = "back";
			break;
		case EV_HOLD_PAIN:
			s->decision = "hold";
			break;
		case EV_WAIT:
			s->decision = ready(R, i) ? "wait" : "continue";
			break;
		case EV_TOP:
			s->decision = "top";
			break;
		default:
			s->decision = "continue";
			break;
		}
		if (out->paused && (strcmp(s->decision, "continue") == 0 ||
		    strcmp(s->decision, "wait") == 0 ||
		    strcmp(s->decision, "top") == 0))
			s->decision = "paused";
		directed_decision(s);
	}
}

void
progress_run(struct progress *out, const struct program *p,
    const struct entry *ents, size_t n, int64_t today)
{
	struct run	 R;
	size_t		 i, j, k, li;
	int64_t		 d, prev;
	bool		 frozen;

	memset(out, 0, sizeof(*out));
	memset(&R, 0, sizeof(R));
	R.p = p;
	R.r = &p->rules;
	R.ents = ents;
	R.out = out;
	R.up_day = PROGRESS_NEVER;
	R.up_ladder = -1;
	R.last_any = PROGRESS_NEVER;
	out->return_day = PROGRESS_NEVER;
	out->today = today;
	out->n = p->n;
	out->v = xreallocarray(NULL, p->n ? p->n : 1, sizeof(*out->v));
	for (i = 0; i < p->n; i++) {
		memset(&out->v[i], 0, sizeof(out->v[i]));
		out->v[i].last = PROGRESS_NEVER;
		out->v[i].unlock_day = PROGRESS_NEVER;
		out->v[i].set_day = PROGRESS_NEVER;
		out->v[i].ret_done = PROGRESS_NEVER;
		/* References point backwards: one pass settles them. */
		out->v[i].unlocked = p->v[i].unlock == -1 ||
		    (out->v[p->v[i].unlock].unlocked &&
		    p->v[i].unlock_step == 1);
	}
	gather(&R, ents, n, today);
	for (i = 0; i < p->n; i++)
		sides_init(&out->v[i].sides, today);
	for (i = 0; i < R.nitems; i++)
		sides_add(&out->v[R.items[i].ladder].sides,
		    &ents[R.items[i].idx]);
	for (i = 0; i < p->n; i++)
		sides_end(&out->v[i].sides);
	directives_gather(&R.dirs, ents, n, today);
	R.replayed = xreallocarray(NULL, R.dirs.n ? R.dirs.n : 1,
	    sizeof(*R.replayed));
	memset(R.replayed, 0, (R.dirs.n ? R.dirs.n : 1) *
	    sizeof(*R.replayed));
	R.waitfrom = xreallocarray(NULL, R.dirs.n ? R.dirs.n : 1,
	    sizeof(*R.waitfrom));
	out->any = R.nitems > 0;

	prev = R.nitems ? R.items[0].day : today;
	for (i = 0; i < R.nitems; i = j) {
		d = R.items[i].day;
		for (j = i; j < R.nitems && R.items[j].day == d; j++)
			;
		replay_sets(&R, &prev, d - 1, -1, 0);
		pending(&R, prev + 1, d);
		return_check(&R, d);
		R.last_any = d;
		prev = d;
		if ((frozen = paused(&R, d, NULL)))
			pause_all(&R);
		/* Each ladder's entries of the day, in program order. */
		for (k = i; k < j; k = li) {
			for (li = k; li < j &&
			    R.items[li].ladder == R.items[k].ladder; li++)
				;
			/* A set written before the session comes first. */
			replay_sets(&R, &prev, d, R.items[k].ladder,
			    R.items[k].t);
			session(&R, (size_t)R.items[k].ladder, d, R.items + k,
			    li - k, frozen);
		}
		replay_sets(&R, &prev, d, -1, 0);
	}
	replay_sets(&R, &prev, today, -1, 0);
	if (prev < today)
		pending(&R, prev + 1, today);
	out->paused = paused(&R, today, &out->pain);
	return_check(&R, today);
	conclude(&R, today);
	due_rules(&R, today);
	pain_free(&R.pl);
	directives_free(&R.dirs);
	free(R.replayed);
	free(R.waitfrom);
	free(R.items);
	free(R.skips);
	free(R.pains);
}

void
progress_free(struct progress *out)
{
	free(out->v);
	memset(out, 0, sizeof(*out));
}

int
progress_session(const struct progress *pr, size_t i, int64_t d,
    const struct event **ev, const struct event **up)
{
	const struct suggestion	*s = &pr->v[i];
	const struct event	*x;
	unsigned		 seq, first;

	*ev = *up = NULL;
	first = s->nev > PROGRESS_RING ? s->nev - PROGRESS_RING : 0;
	for (seq = first; seq < s->nev; seq++) {
		x = &s->ring[seq % PROGRESS_RING];
		if (x->day != d)
			continue;
		switch (x->kind) {
		case EV_UP:
		case EV_WAIT:
			if (*ev != NULL)
				*up = x;
			break;
		case EV_CLEAN:
		case EV_TOP:
		case EV_BELOW:
		case EV_BACK_BELOW:
		case EV_HOLD_PAIN:
		case EV_BACK_PAIN:
		case EV_PAUSED:
		case EV_DIRECTED:
		case EV_HARD:
			*ev = x;
			*up = NULL;
			break;
		}
	}
	return *ev == NULL ? -1 : 0;
}

/* The first day a record can be made on: today, or tomorrow if made. */
static int64_t
next_record(const struct painstate *st)
{
	return st->last == st->day ? st->day + 1 : st->day;
}

int64_t
progress_pause_until(const struct progress *pr, const struct program *p)
{
	const struct painstate	*st = &pr->pain;
	int64_t			 until = pr->today, d;

	if (!pr->paused || (st->rules & PAIN_RISING))
		return PROGRESS_NEVER;
	if (st->rules & PAIN_STOP) {
		d = next_record(st) + (p->rules.calm_days - st->calm) - 1;
		if (d > until)
			until = d;
	}
	if ((st->rules & PAIN_PERSIST) &&
	    (d = next_record(st) + st->need - 1) > until)
		until = d;
	if ((st->rules & PAIN_REPEAT) &&
	    (d = st->red[0] + p->rules.pain_window) > until)
		until = d;
	return until;
}
