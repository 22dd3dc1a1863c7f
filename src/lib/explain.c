/*
 * The words of the progression engine (src/progress.c): what `hips next`
 * says about a ladder, its --why history, why it is not due, and the pain
 * pause.  Only English here; every decision is the engine's.
 */
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "explain.h"

/* "today", "yesterday" or the date. */
static void
day_label(struct buf *b, int64_t day, int64_t today)
{
	char	 s[11];

	if (day == today)
		buf_puts(b, "today");
	else if (day == today - 1)
		buf_puts(b, "yesterday");
	else {
		date_format(day, s);
		buf_puts(b, s);
	}
}

/* "today", "yesterday" or "on DATE". */
static void
on_day(struct buf *b, int64_t day, int64_t today)
{
	if (day != today && day != today - 1)
		buf_puts(b, "on ");
	day_label(b, day, today);
}

static const char *
plural(int n)
{
	return n == 1 ? "" : "s";
}

static const char *
side_name(int side)
{
	return side == SIDE_LEFT ? "left" : "right";
}

static void
gap_text(struct buf *b, int gap, int skips)
{
	buf_printf(b, "%d day%s since last time", gap, plural(gap));
	if (skips > 0)
		buf_printf(b, " (%d skip day%s not counted)", skips,
		    plural(skips));
}

static void
paused_text(struct buf *b, int paused)
{
	if (paused > 0)
		buf_printf(b, " (%d day%s paused by your clinician not "
		    "counted)", paused, plural(paused));
}

/* "held at this step by your clinician's instruction since ..." */
static void
directive_text(struct buf *b, const struct dstate *st, int64_t today)
{
	const struct entry	*e = st->e;

	if (st->kind == DIR_PAUSE)
		buf_puts(b, "paused by your clinician's instruction");
	else
		buf_puts(b, "held at this step by your clinician's "
		    "instruction");
	buf_puts(b, " since ");
	day_label(b, e->day, today);
	if (e->until == DIRECTIVE_OPEN)
		buf_puts(b, ", until you resume");
	else {
		buf_puts(b, ", until ");
		day_label(b, e->until, today);
	}
	if (st->kind == DIR_PAUSE)
		buf_puts(b, ": not due, and these days do not count as time "
		    "away");
	else
		buf_puts(b, ": sessions below target do not count against it");
}

void
progress_reason(const struct progress *pr, const struct program *p,
    size_t i, struct buf *b)
{
	const struct suggestion	*s = &pr->v[i];
	const struct ladder	*l = &p->v[i];
	const struct rules	*r = &p->rules;
	const struct event	*ev;

	ev = s->nev ? &s->ring[(s->nev - 1) % PROGRESS_RING] : NULL;
	if (!s->unlocked) {
		buf_printf(b, "unlocks when %s reaches step %d (now step %d)",
		    p->v[l->unlock].id, l->unlock_step,
		    pr->v[l->unlock].step + 1);
		return;
	}
	if (!s->started && s->directive.kind != DIR_NONE) {
		directive_text(b, &s->directive, pr->today);
		return;
	}
	if (!s->started && ev != NULL && ev->kind == EV_SET) {
		buf_printf(b, "set to step %d by your clinician's instruction ",
		    ev->a);
		day_label(b, ev->day, pr->today);
		return;
	}
	if (!s->started) {
		if (!pr->any)
			buf_puts(b, "start here: one exercise, practised well");
		else if (s->unlock_day != PROGRESS_NEVER) {
			buf_puts(b, "new: unlocked ");
			day_label(b, s->unlock_day, pr->today);
			buf_printf(b, " when %s reached step %d",
			    p->v[l->unlock].id, l->unlock_step);
		} else
			buf_puts(b, "not started yet");
		return;
	}
	if (s->directive.kind != DIR_NONE) {
		directive_text(b, &s->directive, pr->today);
		return;
	}
	if (s->gap >= r->repeat_gap) {
		gap_text(b, s->gap, s->gap_skips);
		paused_text(b, s->gap_paused);
		buf_printf(b, ": %s", s->gap >= r->back2_gap ?
		    "two steps back" : s->gap >= r->back_gap ?
		    "one step back" : "repeat this step");
		return;
	}
	switch (ev->kind) {
	case EV_SET:
		buf_printf(b, "set to step %d by your clinician's instruction ",
		    ev->a);
		day_label(b, ev->day, pr->today);
		break;
	case EV_UP:
		buf_printf(b, "moved up ");
		day_label(b, ev->day, pr->today);
		buf_printf(b, " after %d clean sessions at %s", ev->a,
		    l->steps[ev->from].text);
		break;
	case EV_WAIT:
		if (strcmp(s->decision, "wait") == 0) {
			buf_printf(b, "ready to move up: waits a day, %s moved "
			    "up ", p->v[ev->a].id);
			day_label(b, ev->day, pr->today);
		} else
			buf_printf(b, "%d of %d clean sessions at this step",
			    s->clean, r->advance_after);
		break;
	case EV_CLEAN:
	case EV_PAUSED:
		buf_printf(b, "%d of %d clean sessions at this step",
		    s->clean, r->advance_after);
		break;
	case EV_TOP:
		buf_printf(b, "top of the ladder: keep it up (%d clean "
		    "session%s)", ev->a, plural(ev->a));
		break;
	case EV_BELOW:
		buf_printf(b, "below target last time (%d of %d in a row "
		    "before a step back)", ev->a, ev->b);
		break;
	case EV_BACK_BELOW:
		buf_printf(b, "%d sessions in a row below target: %s", ev->a,
		    ev->from > ev->step ? "one step back" : "stay at step 1");
		break;
	case EV_HOLD_PAIN:
		buf_printf(b, "pain %d last time (%d or more): hold this step",
		    ev->a, r->hold_pain);
		break;
	case EV_HARD:
		buf_printf(b, "rpe %d last time (%d or more): not clean, move "
		    "up once it feels easier", ev->a, ev->b);
		break;
	case EV_BACK_PAIN:
		buf_printf(b, "pain %d last time (%d or more): %s", ev->a,
		    r->back_pain, ev->from > ev->step ? "one step back" :
		    "stay at step 1");
		break;
	default:
		buf_printf(b, "%d of %d clean sessions at this step",
		    s->clean, r->advance_after);
		break;
	}
	if (pr->paused && strcmp(s->decision, "paused") == 0)
		buf_puts(b, "; paused because of pain");
}

/* The session an event is about: "bridge 3x12 hold=2s". */
static void
session_text(struct buf *b, const struct entry *e)
{
	buf_add_safe(b, e->name);
	buf_putc(b, ' ');
	buf_add_safe(b, e->dose_text);
	if (e->keys[0] != '\0') {
		buf_putc(b, ' ');
		buf_add_safe(b, e->keys);
	}
}

/* What a session below the target lacked. */
static void
shortfall(struct buf *b, const struct ladder *l, int step,
    const struct entry *e)
{
	const struct step	*st = progress_target(l, step, e->name);
	const char		*sep = "";

	if (st == NULL) {
		buf_puts(b, "an easier exercise");
		return;
	}
	if (e->dose.secs != st->dose.secs) {
		buf_puts(b, st->dose.secs ? "reps, not seconds" :
		    "seconds, not reps");
		return;
	}
	if (e->dose.sets < st->dose.sets) {
		buf_printf(b, "%d set%s", e->dose.sets, plural(e->dose.sets));
		sep = ", ";
	}
	if (e->dose.min < st->dose.min) {
		buf_printf(b, "%sa set of %d%s", sep, e->dose.min,
		    e->dose.secs ? "s" : "");
		sep = ", ";
	}
	if ((e->hold > 0 ? e->hold : 0) < st->hold) {
		if (e->hold > 0)
			buf_printf(b, "%shold %ds", sep, e->hold);
		else
			buf_printf(b, "%sno hold", sep);
		sep = ", ";
	}
	if (e->band < st->band)
		buf_printf(b, "%s%s band", sep, e->band ? band_name(e->band) :
		    "no");
}

/* What the session of ev lacked against step, sides included. */
static void
lack(struct buf *b, const struct ladder *l, int step, const struct event *ev)
{
	switch (ev->why) {
	case WHY_NO_SIDE:
		buf_puts(b, "one dose for both sides, no /side or side=");
		break;
	case WHY_ONE_SIDE:
		buf_printf(b, "no %s side", side_name(ev->side));
		break;
	case WHY_SIDE_SHORT:
		buf_printf(b, "%s side: ", side_name(ev->side));
		shortfall(b, l, step, ev->e);
		break;
	default:
		shortfall(b, l, step, ev->e);
		break;
	}
}

static void
event_text(struct buf *b, const struct progress *pr, const struct program *p,
    size_t i, const struct event *ev)
{
	const struct ladder	*l = &p->v[i];
	const struct rules	*r = &p->rules;

	buf_puts(b, "  ");
	day_label(b, ev->day, pr->today);
	buf_puts(b, ": ");
	if (ev->e != NULL && ev->e->directive == DIR_NONE) {
		session_text(b, ev->e);
		buf_puts(b, ": ");
	}
	switch (ev->kind) {
	case EV_SET:
		buf_printf(b, "your clinician's instruction: step %d, %s",
		    ev->a, l->steps[ev->step].text);
		if (ev->e->note[0] != '\0') {
			buf_puts(b, " (");
			buf_add_safe(b, ev->e->note);
			buf_putc(b, ')');
		}
		break;
	case EV_DIRECTED:
		buf_printf(b, "%s, not counted: %s by your clinician's "
		    "instruction", ev->a ? "clean" : "below the target",
		    ev->b == DIR_PAUSE ? "paused" : "held at this step");
		break;
	case EV_UNLOCK:
		if (ev->a == -1)
			buf_puts(b, "first session, before it unlocked");
		else
			buf_printf(b, "unlocked: %s reached step %d",
			    p->v[ev->a].id, ev->b);
		break;
	case EV_CLEAN:
		buf_printf(b, "clean, %d of %d at step %d", ev->a, ev->b,
		    ev->step + 1);
		break;
	case EV_TOP:
		buf_printf(b, "clean, at the top of the ladder");
		break;
	case EV_UP:
		buf_printf(b, "%d of %d clean sessions at %s: move up to %s",
		    ev->a, r->advance_after, l->steps[ev->from].text,
		    l->steps[ev->step].text);
		break;
	case EV_WAIT:
		buf_printf(b, "ready to move up, but %s moved up that day "
		    "(one step a day)", p->v[ev->a].id);
		break;
	case EV_BELOW:
		buf_printf(b, "below the target %s (", l->steps[ev->step].text);
		lack(b, l, ev->step, ev);
		buf_printf(b, "; %d of %d in a row before a step back)", ev->a,
		    ev->b);
		break;
	case EV_BACK_BELOW:
		buf_printf(b, "below the target %s (", l->steps[ev->from].text);
		lack(b, l, ev->from, ev);
		buf_printf(b, "), %d in a row: ", ev->a);
		if (ev->from > ev->step)
			buf_printf(b, "one step back to %s",
			    l->steps[ev->step].text);
		else
			buf_puts(b, "stay at step 1");
		break;
	case EV_HOLD_PAIN:
		buf_printf(b, "pain %d (%d or more): hold the step, not "
		    "counted", ev->a, r->hold_pain);
		break;
	case EV_BACK_PAIN:
		buf_printf(b, "pain %d (%d or more): ", ev->a, r->back_pain);
		if (ev->from > ev->step)
			buf_printf(b, "one step back to %s",
			    l->steps[ev->step].text);
		else
			buf_puts(b, "stay at step 1");
		break;
	case EV_PAUSED:
		buf_puts(b, "clean, not counted while progression is paused");
		break;
	case EV_HARD:
		buf_printf(b, "met the target at rpe %d (%d or more): not "
		    "clean, move up once it feels easier", ev->a, ev->b);
		break;
	case EV_GAP:
		gap_text(b, ev->a, ev->b);
		paused_text(b, ev->d);
		if (ev->c == 0)
			buf_printf(b, ": repeat %s", l->steps[ev->step].text);
		else
			buf_printf(b, ": %s back to %s", ev->c == 1 ?
			    "one step" : "two steps", l->steps[ev->step].text);
		break;
	}
	buf_putc(b, '\n');
}

void
progress_why(const struct progress *pr, const struct program *p, size_t i,
    struct buf *b)
{
	const struct suggestion	*s = &pr->v[i];
	const struct ladder	*l = &p->v[i];
	const struct rules	*r = &p->rules;
	unsigned		 first, seq;

	if (!s->unlocked) {
		buf_printf(b, "  locked: %s is at step %d of the %d it needs\n",
		    p->v[l->unlock].id, pr->v[l->unlock].step + 1,
		    l->unlock_step);
		return;
	}
	if (!pr->any) {
		buf_printf(b, "  no sessions in the log yet: the program "
		    "starts with %s\n", l->id);
		return;
	}
	if (s->nev == 0) {
		buf_puts(b, "  no sessions yet");
		if (l->unlock != -1)
			buf_printf(b, " (unlocked when %s reached step %d)",
			    p->v[l->unlock].id, l->unlock_step);
		buf_putc(b, '\n');
		return;
	}
	/* What set the step, then what happened since. */
	first = s->nev > PROGRESS_RING ? s->nev - PROGRESS_RING : 0;
	if (s->since.kind != EV_NONE && s->since.seq < first) {
		event_text(b, pr, p, i, &s->since);
		if (first > s->since.seq + 1)
			buf_printf(b, "  (%u more event%s)\n",
			    first - s->since.seq - 1,
			    first - s->since.seq - 1 == 1 ? "" : "s");
	} else if (s->since.kind == EV_NONE && first > 0)
		buf_printf(b, "  (%u earlier event%s)\n", first,
		    first == 1 ? "" : "s");
	if (s->since.kind != EV_NONE && s->since.seq > first)
		first = s->since.seq;
	for (seq = first; seq < s->nev; seq++)
		event_text(b, pr, p, i, &s->ring[seq % PROGRESS_RING]);
	if (s->directive.kind != DIR_NONE) {
		buf_puts(b, "  today: ");
		directive_text(b, &s->directive, pr->today);
		if (s->directive.e->note[0] != '\0') {
			buf_puts(b, " (");
			buf_add_safe(b, s->directive.e->note);
			buf_putc(b, ')');
		}
		buf_putc(b, '\n');
	}
	if (!s->done_today && s->directive.kind != DIR_PAUSE) {
		buf_puts(b, "  today: ");
		if (s->rest_today)
			buf_puts(b, "a skip day: rest\n");
		else {
			gap_text(b, s->gap, s->gap_skips);
			paused_text(b, s->gap_paused);
			if (s->gap >= r->repeat_gap)
				buf_printf(b, ": %s %s\n", s->gap >=
				    r->back_gap ? "do" : "repeat",
				    l->steps[s->step].text);
			else
				buf_printf(b, " (under %d: no change)\n",
				    r->repeat_gap);
		}
	}
	if (pr->paused && !s->done_today && !s->rest_today)
		buf_puts(b, "  today: progression is paused by pain: rest, or "
		    "only what is pain-free\n");
	if (s->sides.weaker != SIDE_NONE) {
		buf_puts(b, "  ");
		progress_sides_text(&s->sides, b);
		buf_puts(b, ": start with the weaker side, and do no more "
		    "on the other\n");
	}
	if (s->step == (int)l->nsteps - 1)
		buf_puts(b, "  this is the last step of the ladder\n");
	else if (s->directive.kind != DIR_NONE)
		buf_printf(b, "  no moving up to %s while your clinician's "
		    "instruction holds\n", l->steps[s->step + 1].text);
	else if (s->gap < r->repeat_gap)
		buf_printf(b, "  %d of %d clean sessions, on different days, "
		    "to move up to %s\n", s->clean, r->advance_after,
		    l->steps[s->step + 1].text);
}

void
progress_pause_why(const struct progress *pr, const struct program *p,
    struct buf *b)
{
	const struct painstate	*st = &pr->pain;
	const struct rules	*r = &p->rules;
	const char		*sep = "";

	if (!pr->paused)
		return;
	if (st->rules & PAIN_STOP) {
		buf_printf(b, "pain %d ", st->stop_pain);
		on_day(b, st->stop_day, pr->today);
		buf_printf(b, " (%d or more)", r->stop_pain);
		sep = "; ";
	}
	if (st->rules & PAIN_PERSIST) {
		buf_printf(b, "%spain %d or more on %d of the last %d days with "
		    "a record", sep, r->hold_pain, st->high, st->of);
		sep = "; ";
	}
	if (st->rules & PAIN_REPEAT) {
		buf_printf(b, "%spain %d or more on ", sep, r->back_pain);
		day_label(b, st->red[0], pr->today);
		buf_puts(b, " and ");
		day_label(b, st->red[1], pr->today);
		buf_printf(b, ", within %d days", r->pain_window);
		sep = "; ";
	}
	if (st->rules & PAIN_RISING)
		buf_printf(b, "%saverage pain %d.%d in the last 7 days against "
		    "%d.%d in the 28 days before (%d points or more higher)",
		    sep, st->avg7 / 10, st->avg7 % 10, st->avg28 / 10,
		    st->avg28 % 10, r->pain_rise);
	buf_putc(b, '\n');
}

void
progress_pause_lift(const struct progress *pr, const struct program *p,
    struct buf *b)
{
	const struct painstate	*st = &pr->pain;
	const struct rules	*r = &p->rules;
	const char		*sep = "lifts ";
	int64_t			 until;

	if (!pr->paused)
		return;
	if (st->rules & PAIN_STOP) {
		buf_printf(b, "%safter %d pain-free days in a row (pain %d or "
		    "less, days with a record: a session or 'hips pain N'): "
		    "%d so far", sep, r->calm_days, r->calm_pain, st->calm);
		sep = "; and ";
	}
	if (st->rules & PAIN_PERSIST) {
		buf_printf(b, "%swhen fewer than %d of the last %d days with a "
		    "record have pain %d or more: %d more day%s below %d",
		    sep, r->persist_days, r->persist_of, r->hold_pain,
		    st->need, plural(st->need), r->hold_pain);
		sep = "; and ";
	}
	if (st->rules & PAIN_REPEAT) {
		buf_puts(b, sep);
		on_day(b, st->red[0] + r->pain_window, pr->today);
		buf_printf(b, ", %d days after ", r->pain_window);
		day_label(b, st->red[0], pr->today);
		sep = "; and ";
	}
	if (st->rules & PAIN_RISING)
		buf_printf(b, "%swhen the average of the last 7 days is less "
		    "than %d points above the 28 days before", sep,
		    r->pain_rise);
	if ((st->rules & (PAIN_STOP | PAIN_PERSIST)) &&
	    (until = progress_pause_until(pr, p)) != PROGRESS_NEVER) {
		buf_puts(b, "; at the earliest ");
		on_day(b, until, pr->today);
	}
	buf_putc(b, '\n');
}

void
progress_due_why(const struct progress *pr, const struct program *p,
    size_t i, struct buf *b)
{
	const struct suggestion	*s = &pr->v[i];
	const struct suggestion	*w;
	int			 per_week;

	if (s->returning) {
		w = &pr->v[s->ret_wait];
		buf_printf(b, "back after %d days away, the ladders return one "
		    "at a time: this one after %d clean session%s of %s (%d "
		    "so far)\n", pr->return_gap, p->rules.return_after,
		    plural(p->rules.return_after), p->v[s->ret_wait].id,
		    w->ret_clean < p->rules.return_after ? w->ret_clean :
		    p->rules.return_after);
		return;
	}
	if (s->freq_rest) {
		per_week = p->v[i].steps[s->step].per_week;
		buf_printf(b, "this step is due %d day%s a week: ", per_week,
		    plural(per_week));
		if (s->week_sessions >= per_week)
			buf_printf(b, "done %d time%s in the 6 days before "
			    "today\n", s->week_sessions,
			    plural(s->week_sessions));
		else
			buf_puts(b, "done yesterday, a day of rest between\n");
	}
}

/* "right side 30% behind over 2 weeks (left 120 reps, right 84)" */
void
progress_sides_text(const struct sides *sd, struct buf *b)
{
	if (sd->weaker == SIDE_NONE)
		return;
	buf_printf(b, "%s side %d%% behind over %d weeks (left %ld%s, right "
	    "%ld%s)", side_name(sd->weaker), sd->pct, SIDES_DAYS / 7,
	    sd->left, sd->secs ? "s" : " reps", sd->right, sd->secs ? "s" :
	    " reps");
}

/* Does a note of the session speak of a cramp or the hamstrings? */
static bool
hamstrings(const struct entry *e)
{
	return e != NULL && (strcasestr(e->note, "cramp") != NULL ||
	    strcasestr(e->note, "hamstring") != NULL);
}

/* The ladder's tip for hamstrings that take over, or NULL. */
static const char *
hamstring_tip(const struct ladder *l)
{
	size_t	 k;

	for (k = 0; k < l->ntips; k++)
		if (strcasestr(l->tips[k], "hamstring") != NULL)
			return l->tips[k];
	return NULL;
}

/* "; 1 of 2 clean sessions toward bridge 3x12 hold=2s" */
static void
toward(struct buf *b, const struct program *p, size_t i, int step, int clean)
{
	const struct ladder	*l = &p->v[i];

	if (step + 1 >= (int)l->nsteps)
		return;
	buf_printf(b, "%d of %d clean session%s toward %s", clean,
	    p->rules.advance_after, plural(p->rules.advance_after),
	    l->steps[step + 1].text);
}

/* The sessions below the target: what it lacked, gently. */
static void
feedback_below(struct buf *b, const struct progress *pr,
    const struct program *p, size_t i, const struct event *ev, bool last)
{
	const struct ladder	*l = &p->v[i];
	int			 st = ev->kind == EV_BACK_BELOW ? ev->from :
				    ev->step;

	if (ev->why == WHY_ONE_SIDE) {
		buf_printf(b, "%s side logged: log the %s side too (the step "
		    "wants %s on each side)", side_name(ev->side == SIDE_LEFT ?
		    SIDE_RIGHT : SIDE_LEFT), side_name(ev->side),
		    l->steps[st].text);
		return;
	}
	buf_puts(b, "below target: ");
	lack(b, l, st, ev);
	buf_printf(b, " (the step wants %s)", l->steps[st].text);
	if (ev->kind == EV_BACK_BELOW) {
		if (ev->from > ev->step)
			buf_printf(b, "; %d in a row, so next time the step "
			    "before, %s, to build up again", ev->a,
			    l->steps[ev->step].text);
		else
			buf_printf(b, "; %d in a row: stay with this first "
			    "step, it comes with practice", ev->a);
		return;
	}
	buf_puts(b, "; the same step next time");
	if (last && ev->step + 1 < (int)l->nsteps) {
		buf_puts(b, ", still ");
		toward(b, p, i, ev->step, pr->v[i].clean);
	}
}

/*
 * " (back after 20 days away: one step back, to bridge 2x10 hold=2s)"
 * when days away moved the step before ladder i's session on day.
 */
static void
feedback_gap(struct buf *b, const struct suggestion *s,
    const struct ladder *l, int64_t day)
{
	const struct event	*x;
	unsigned		 seq, first;

	first = s->nev > PROGRESS_RING ? s->nev - PROGRESS_RING : 0;
	for (seq = first; seq < s->nev; seq++) {
		x = &s->ring[seq % PROGRESS_RING];
		if (x->day != day || x->kind != EV_GAP)
			continue;
		buf_printf(b, " (back after %d days away: ", x->a);
		if (x->c == 0)
			buf_puts(b, "the same step, its count from 0)");
		else
			buf_printf(b, "%s back, to %s)", x->c == 1 ?
			    "one step" : "two steps", l->steps[x->step].text);
		return;
	}
}

void
progress_feedback(const struct progress *pr, const struct program *p,
    size_t i, int64_t day, struct buf *b)
{
	const struct ladder	*l = &p->v[i];
	const struct rules	*r = &p->rules;
	const struct suggestion	*s = &pr->v[i];
	const struct event	*ev, *up;
	const char		*tip;
	bool			 last;

	if (progress_session(pr, i, day, &ev, &up) == -1)
		return;
	/* The counts now are the session's only if nothing came after. */
	last = (up != NULL ? up : ev)->seq == s->nev - 1;
	switch (ev->kind) {
	case EV_CLEAN:
		buf_puts(b, "clean: ");
		if (up != NULL && up->kind == EV_UP)
			buf_printf(b, "%d of %d clean sessions at %s: next "
			    "time %s, step %d of %zu", up->a, r->advance_after,
			    l->steps[up->from].text, l->steps[up->step].text,
			    up->step + 1, l->nsteps);
		else if (up != NULL)
			buf_printf(b, "%d of %d, ready to move up to %s; it "
			    "waits a day, as %s moved up that day (one step a "
			    "day)", ev->a, ev->b, l->steps[ev->step + 1].text,
			    p->v[up->a].id);
		else
			toward(b, p, i, ev->step, ev->a);
		break;
	case EV_TOP:
		buf_printf(b, "clean, at the top of the ladder (%d clean "
		    "session%s): keep it up", ev->a, plural(ev->a));
		break;
	case EV_BELOW:
	case EV_BACK_BELOW:
		feedback_below(b, pr, p, i, ev, last);
		break;
	case EV_HOLD_PAIN:
		buf_printf(b, "pain %d (%d or more): the same step next time, "
		    "this session not counted", ev->a, r->hold_pain);
		break;
	case EV_BACK_PAIN:
		buf_printf(b, "pain %d (%d or more): ", ev->a, r->back_pain);
		if (ev->from > ev->step)
			buf_printf(b, "next time one step easier, %s",
			    l->steps[ev->step].text);
		else
			buf_puts(b, "stay with this first step, and rest if "
			    "it hurts");
		break;
	case EV_HARD:
		buf_printf(b, "met the target at rpe %d (%d or more): not "
		    "clean yet, the step stays until it feels easier", ev->a,
		    ev->b);
		break;
	case EV_PAUSED:
		buf_puts(b, "clean, not counted while progression is paused "
		    "by pain");
		break;
	case EV_DIRECTED:
		buf_printf(b, "%s, not counted: %s by your clinician's "
		    "instruction", ev->a ? "clean" : "below target",
		    ev->b == DIR_PAUSE ? "paused" : "held at this step");
		break;
	}
	if ((ev->kind == EV_BELOW || ev->kind == EV_BACK_BELOW ||
	    ev->kind == EV_HOLD_PAIN) && hamstrings(ev->e) &&
	    (tip = hamstring_tip(l)) != NULL) {
		buf_puts(b, "; tip: ");
		buf_add_safe(b, tip);
	}
	feedback_gap(b, s, l, day);
	buf_putc(b, '\n');
}

void
progress_feedback_none(struct buf *b)
{
	buf_puts(b, "not in the program: no step counts it\n");
}

void
progress_sides_lines(const struct entry *v, size_t n, int64_t today,
    struct buf *b)
{
	struct named_sides	*x;
	size_t			 k, nx;

	nx = sides_by_exercise(v, n, today, &x);
	for (k = 0; k < nx; k++) {
		if (x[k].sides.weaker == SIDE_NONE)
			continue;
		buf_add_safe(b, x[k].name);
		buf_puts(b, ": ");
		progress_sides_text(&x[k].sides, b);
		buf_putc(b, '\n');
	}
	free(x);
}
