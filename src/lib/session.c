/*
 * The guided session of `hips go` (session.h): phases, deadlines and
 * what was done.  Pure.
 */
#include <string.h>

#include "session.h"

static void	start_set(struct session *, int64_t);
static void	complete(struct session *, int64_t);

void
session_init(struct session *s, const struct plan *p)
{
	memset(s, 0, sizeof(*s));
	s->plan = *p;
	if (s->plan.sets > DOSE_MAXSETS)
		s->plan.sets = DOSE_MAXSETS;
	if (s->plan.sets < 1)
		s->plan.sets = 1;
	start_set(s, 0);
}

static void
timed(struct session *s, enum phase ph, int64_t t, int secs)
{
	s->phase = ph;
	s->begin = t;
	s->deadline = t + (int64_t)secs * 1000;
}

/* The set (or side) under way starts at t. */
static void
start_set(struct session *s, int64_t t)
{
	s->count = 0;
	s->deadline = SESSION_NONE;
	if (!s->plan.secs)
		s->phase = PH_REPS;
	else if (s->set == 0 && s->side == 0)
		s->phase = PH_READY;
	else
		timed(s, PH_TIMED, t, s->plan.amount);
}

/* The set (or side) under way is done at t: switch, rest or finish. */
static void
complete(struct session *s, int64_t t)
{
	s->done[s->side][s->set] = s->count;
	s->deadline = SESSION_NONE;
	if (s->plan.side && s->side == 0) {
		s->side = 1;
		if (s->plan.swtch > 0) {
			timed(s, PH_SWITCH, t, s->plan.swtch);
			return;
		}
		start_set(s, t);
		return;
	}
	s->side = 0;
	if (++s->set >= s->plan.sets) {
		s->set = s->plan.sets - 1;
		s->phase = PH_DONE;
		return;
	}
	if (s->plan.rest > 0)
		timed(s, PH_REST, t, s->plan.rest);
	else
		start_set(s, t);
}

/* One more rep at t, its hold (if any) over. */
static void
rep(struct session *s, int64_t t)
{
	s->deadline = SESSION_NONE;
	s->phase = PH_REPS;
	if (++s->count >= s->plan.amount)
		complete(s, t);
}

/* The deadline d has come: the next phase starts at d itself. */
static void
expire(struct session *s, int64_t d)
{
	switch (s->phase) {
	case PH_HOLD:
		rep(s, d);
		break;
	case PH_TIMED:
		s->count = s->plan.amount;
		complete(s, d);
		break;
	case PH_SWITCH:
	case PH_REST:
		start_set(s, d);
		break;
	default:
		s->deadline = SESSION_NONE;
		break;
	}
}

void
session_tick(struct session *s, int64_t now)
{
	while (!s->paused && s->deadline != SESSION_NONE &&
	    s->deadline <= now)
		expire(s, s->deadline);
}

void
session_key(struct session *s, enum skey k, int64_t now)
{
	int64_t	 secs;

	if (s->phase == PH_DONE)
		return;
	session_tick(s, now);
	if (k == SK_PAUSE) {
		if (s->paused) {
			if (s->deadline != SESSION_NONE) {
				s->deadline += now - s->paused_at;
				s->begin += now - s->paused_at;
			}
			s->paused = false;
		} else {
			s->paused = true;
			s->paused_at = now;
		}
		return;
	}
	if (s->paused)
		return;
	switch (s->phase) {
	case PH_READY:
		timed(s, PH_TIMED, now, s->plan.amount);
		break;
	case PH_REPS:
		if (s->plan.hold > 0)
			timed(s, PH_HOLD, now, s->plan.hold);
		else
			rep(s, now);
		break;
	case PH_TIMED:
		/* Stopped early: the whole seconds held, if any. */
		secs = (now - s->begin) / 1000;
		if (secs < 1)
			break;
		s->count = secs >= s->plan.amount ? s->plan.amount : (int)secs;
		complete(s, now);
		break;
	case PH_SWITCH:
	case PH_REST:
		start_set(s, now);
		break;
	default:
		break;
	}
}

int64_t
session_deadline(const struct session *s)
{
	return s->paused ? SESSION_NONE : s->deadline;
}

int
session_left(const struct session *s, int64_t now)
{
	int64_t	 ms;

	if (s->deadline == SESSION_NONE)
		return 0;
	if (s->paused)
		now = s->paused_at;
	ms = s->deadline - now;
	if (ms <= 0)
		return 0;
	return (int)((ms + 999) / 1000);
}

void
session_finish(struct session *s, int64_t now)
{
	int64_t	 secs;

	session_tick(s, now);
	if (s->phase == PH_DONE)
		return;
	if (s->paused)
		now = s->paused_at;
	switch (s->phase) {
	case PH_REPS:
	case PH_HOLD:
		s->done[s->side][s->set] = s->count;
		break;
	case PH_TIMED:
		secs = (now - s->begin) / 1000;
		if (secs > s->plan.amount)
			secs = s->plan.amount;
		s->done[s->side][s->set] = secs > 0 ? (int)secs : 0;
		break;
	default:
		break;
	}
	s->early = true;
	s->paused = false;
	s->phase = PH_DONE;
	s->deadline = SESSION_NONE;
}

int
session_sets(const struct session *s, int side)
{
	int	 i, n = 0;

	for (i = 0; i < s->plan.sets; i++)
		if (s->done[side][i] > 0)
			n = i + 1;
	return n;
}

bool
session_any(const struct session *s)
{
	return session_sets(s, 0) > 0 || session_sets(s, 1) > 0;
}

bool
session_even(const struct session *s)
{
	return memcmp(s->done[0], s->done[1], sizeof(s->done[0])) == 0;
}

void
session_dose(const struct session *s, int side, bool per_side, struct buf *b)
{
	const int	*v = s->done[side];
	const char	*unit = s->plan.secs ? "s" : "";
	int		 i, n = session_sets(s, side);
	bool		 same = true;

	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		if (v[i] != v[0])
			same = false;
	if (same)
		buf_printf(b, "%dx%d%s", n, v[0], unit);
	else
		for (i = 0; i < n; i++)
			buf_printf(b, "%s%d%s", i ? "," : "", v[i], unit);
	if (per_side)
		buf_puts(b, "/side");
}
