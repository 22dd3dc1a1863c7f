/*
 * What hips go shows: the screen redrawn in place (80x24) and the plain
 * lines of the scripted face, made from the session's state (session.h).
 * No clock and no input here; go.c runs the session.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "session.h"
#include "term.h"
#include "go_screen.h"

void
go_say(const char *s)
{
	fputs(s, stdout);
	fflush(stdout);
}

static void
seconds(struct buf *b, int secs)
{
	if (secs >= 60)
		buf_printf(b, "%d:%02d", secs / 60, secs % 60);
	else
		buf_printf(b, "%d s", secs);
}

static const char *
side_name(const struct session *s)
{
	if (!s->plan.side)
		return "";
	return s->side == 0 ? ", left side" : ", right side";
}

/* What is going on, one line (both faces). */
static void
status_line(const struct session *s, int64_t now, struct buf *b)
{
	const char	*unit = s->plan.secs ? " s" : "";
	int		 left = session_left(s, now);

	if (s->paused) {
		buf_puts(b, "PAUSED: p to go on");
		return;
	}
	switch (s->phase) {
	case PH_READY:
		buf_printf(b, "Space or Enter to start the %d s hold",
		    s->plan.amount);
		break;
	case PH_REPS:
		buf_printf(b, "Rep %d of %d: space or Enter at each rep",
		    s->count + 1, s->plan.amount);
		break;
	case PH_HOLD:
		buf_printf(b, "Rep %d of %d: HOLD %d", s->count + 1,
		    s->plan.amount, left);
		break;
	case PH_TIMED:
		buf_printf(b, "HOLD the position: %d of %d s left", left,
		    s->plan.amount);
		break;
	case PH_SWITCH:
		buf_printf(b, "SWITCH SIDES: right side in %d s (space: now)",
		    left);
		break;
	case PH_REST:
		buf_puts(b, "REST ");
		seconds(b, left);
		buf_printf(b, ", then set %d of %d, %d%s (space: now)",
		    s->set + 1, s->plan.sets, s->plan.amount, unit);
		break;
	case PH_DONE:
		buf_puts(b, "Done");
		break;
	}
}

/* "10, 10, 6" per side. */
void
go_done_line(const struct session *s, struct buf *b)
{
	int	 side, i, n;

	for (side = 0; side < (s->plan.side ? 2 : 1); side++) {
		n = session_sets(s, side);
		if (s->plan.side)
			buf_puts(b, side == 0 ? "  left:  " : "  right: ");
		else
			buf_puts(b, "  done:  ");
		for (i = 0; i < n; i++)
			buf_printf(b, "%s%d%s", i ? ", " : "",
			    s->done[side][i], s->plan.secs ? " s" : "");
		if (n == 0)
			buf_puts(b, "-");
		buf_putc(b, '\n');
	}
}

/*
 * At most max lines of text, so that the screen fits 24 lines; the rest
 * is left to the command that shows it all (show or next).
 */
static void
instr_lines(struct buf *b, const char *text, int max, const char *cmd)
{
	const char	*p = text, *nl;

	for (; *p != '\0' && max > 0; p = nl + 1, max--) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p) - 1;
		buf_add(b, p, (size_t)(nl - p) + 1);
	}
	if (*p != '\0')
		buf_printf(b, "  (more: hips %s EXERCISE)\n", cmd);
}

/* The whole screen, redrawn in place. */
void
go_draw(const struct go *g, const struct session *s, int64_t now)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, TERM_HOME_CLEAR);
	buf_puts(&b, "hips go: ");
	buf_puts(&b, buf_str(&g->title));
	buf_printf(&b, "\n  %s\n", buf_str(&g->target));
	term_wrap(&b, buf_str(&g->reason), 78, "  ");
	buf_putc(&b, '\n');
	instr_lines(&b, buf_str(&g->how), GO_HOWLINES,
	    g->own_how ? "show" : "next");
	buf_printf(&b, "\nSet %d of %d%s\n\n  ", s->set + 1, s->plan.sets,
	    side_name(s));
	status_line(s, now, &b);
	buf_puts(&b, "\n\n");
	go_done_line(s, &b);
	buf_puts(&b, "\nspace/Enter: rep  p: pause  q: finish and log  "
	    "Ctrl-C: stop\n");
	go_say(buf_str(&b));
	buf_free(&b);
}

/* What changed since *old, as plain lines. */
void
go_announce(const struct session *old, const struct session *s, int64_t now)
{
	struct buf	 b = BUF_INIT;

	/* The last rep of a set ends it: say it before what comes next. */
	if ((old->phase == PH_REPS || old->phase == PH_HOLD) &&
	    (s->set != old->set || s->side != old->side ||
	    (s->phase == PH_DONE && !s->early)))
		buf_printf(&b, "rep %d of %d\n", s->plan.amount,
		    s->plan.amount);
	if (s->paused != old->paused)
		buf_puts(&b, s->paused ? "paused: p to go on\n" :
		    "going on\n");
	else if (s->phase == PH_HOLD && old->phase != PH_HOLD)
		buf_printf(&b, "hold %d s\n", s->plan.hold);
	else if (s->phase == PH_TIMED && old->phase != PH_TIMED)
		buf_printf(&b, "set %d of %d%s: hold the position %d s\n",
		    s->set + 1, s->plan.sets, side_name(s), s->plan.amount);
	else if (s->phase == PH_SWITCH && old->phase != PH_SWITCH)
		buf_printf(&b, "switch sides: right side in %d s\n",
		    s->plan.swtch);
	else if (s->phase == PH_REST && old->phase != PH_REST) {
		buf_printf(&b, "set %d done; rest ", s->set);
		seconds(&b, s->plan.rest);
		buf_putc(&b, '\n');
	}
	if (s->phase == PH_REPS && (old->phase == PH_HOLD ||
	    s->count != old->count) && s->count > 0)
		buf_printf(&b, "rep %d of %d\n", s->count, s->plan.amount);
	if (s->phase == PH_REPS && s->count == 0 && (old->phase != PH_REPS ||
	    old->set != s->set || old->side != s->side))
		buf_printf(&b, "set %d of %d%s: %d reps\n", s->set + 1,
		    s->plan.sets, side_name(s), s->plan.amount);
	if (s->phase == PH_DONE && old->phase != PH_DONE)
		buf_puts(&b, s->early ? "finished\n" : "all sets done\n");
	(void)now;
	go_say(buf_str(&b));
	buf_free(&b);
}
