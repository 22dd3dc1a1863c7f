/*
 * hips go: a guided session in the terminal.  It takes today's step from
 * the progression engine (the one `hips next` runs), counts the reps,
 * times the holds, the switch between sides and the rests (session.c),
 * asks the pain at the end and logs what was done, partial sets
 * included, in one commit through the normal write path.  libgit2 is
 * loaded only then.
 *
 * Two faces: on a terminal that can redraw, one screen redrawn in place
 * (80x24, no colour, keys one by one); otherwise plain lines, reading a
 * line of stdin whenever the session waits for one, so it can be
 * scripted.  The clock is CLOCK_MONOTONIC, run HIPS_CLOCK_SCALE times
 * faster for tests; every wait is for an absolute deadline.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "logset.h"
#include "program.h"
#include "progress.h"
#include "explain.h"
#include "session.h"
#include "term.h"
#include "write.h"
#include "go_screen.h"

#define GO_REST		60	/* seconds between sets, unless -r */
#define GO_MAXREST	900
#define GO_INTR		130	/* exit status after ^C, nothing logged */

/* The session's clock: monotonic, scaled, in milliseconds from t0. */
struct clk {
	struct timespec	 t0;
	double		 scale;
};

/* Lines from a file descriptor, read only when wanted. */
struct lines {
	int		 fd;
	char		 buf[512];
	size_t		 len;
	bool		 eof;
};

enum outcome { GO_DONE, GO_QUIT, GO_INTERRUPT, GO_HANGUP };

static volatile sig_atomic_t	 got_int, got_term;

static void
on_signal(int sig)
{
	if (sig == SIGINT)
		got_int = 1;
	else
		got_term = 1;
}

static int64_t
mono_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t
clk_now(const struct clk *c)
{
	int64_t	 t0 = (int64_t)c->t0.tv_sec * 1000000000 + c->t0.tv_nsec;

	return (int64_t)((double)(mono_ns() - t0) * c->scale / 1e6);
}

/* Nanoseconds of real time from now until session time ms, at least 0. */
static int64_t
clk_until(const struct clk *c, int64_t ms)
{
	int64_t	 t0 = (int64_t)c->t0.tv_sec * 1000000000 + c->t0.tv_nsec;
	int64_t	 at = t0 + (int64_t)((double)ms * 1e6 / c->scale) + 1;
	int64_t	 left = at - mono_ns();

	return left > 0 ? left : 0;
}

/* HIPS_CLOCK_SCALE: how much faster than real time (tests only). */
static int
clock_scale(double *scale)
{
	const char	*v = getenv("HIPS_CLOCK_SCALE");
	char		*end;

	*scale = 1;
	if (v == NULL || v[0] == '\0')
		return 0;
	errno = 0;
	*scale = strtod(v, &end);
	if (errno != 0 || *end != '\0' || !(*scale >= 0.01 &&
	    *scale <= 10000))
		return error_set(EXIT_USAGE, "bad HIPS_CLOCK_SCALE '%.40s': "
		    "want a number from 0.01 to 10000", v);
	return 0;
}

/*
 * Wait until fd is readable (fd -1: never), session time ms (SESSION_NONE:
 * no limit), or a signal.  Signals are blocked but for this wait, so none
 * is missed between a check and the wait.  1 readable, 0 the time has
 * come, -1 a signal.
 */
static int
wait_for(const struct clk *c, int fd, int64_t ms, const sigset_t *mask)
{
	struct pollfd	 pfd = { .fd = fd, .events = POLLIN };
	struct timespec	 ts, *tp = NULL;
	int64_t		 ns;
	int		 n;

	if (ms != SESSION_NONE) {
		ns = clk_until(c, ms);
		ts.tv_sec = (time_t)(ns / 1000000000);
		ts.tv_nsec = (long)(ns % 1000000000);
		tp = &ts;
	}
	n = ppoll(&pfd, fd == -1 ? 0 : 1, tp, mask);
	if (n == -1)
		return -1;
	return n > 0 ? 1 : 0;
}

/*
 * The next line into out (without its LF, control characters and
 * blanks trimmed): 1, 0 at the end of the input, -1 on a signal.
 */
static int
line_read(struct lines *l, char *out, size_t size, const sigset_t *mask)
{
	char		*nl;
	size_t		 n;
	ssize_t		 r;
	struct clk	 none = { { 0, 0 }, 1 };

	for (;;) {
		if ((nl = memchr(l->buf, '\n', l->len)) != NULL ||
		    (l->eof && l->len > 0) || l->len == sizeof(l->buf)) {
			n = nl != NULL ? (size_t)(nl - l->buf) : l->len;
			size_t	 take = n < size ? n : size - 1, i, j = 0;

			for (i = 0; i < take; i++)
				if ((unsigned char)l->buf[i] > ' ' &&
				    l->buf[i] != 0x7f)
					out[j++] = l->buf[i];
			out[j] = '\0';
			if (nl != NULL)
				n++;
			memmove(l->buf, l->buf + n, l->len - n);
			l->len -= n;
			return 1;
		}
		if (l->eof)
			return 0;
		if (wait_for(&none, l->fd, SESSION_NONE, mask) == -1)
			return -1;
		r = read(l->fd, l->buf + l->len, sizeof(l->buf) - l->len);
		if (r == -1 && errno == EINTR)
			return -1;
		if (r <= 0)
			l->eof = true;
		else
			l->len += (size_t)r;
	}
}

/*
 * The instructions of the step: its own (setup, movement and the rest,
 * what `hips show` prints) when the program has them, else the ladder's
 * how and tips, what `hips next` shows.  True when they are the step's.
 */
static bool
instructions(const struct ladder *l, const struct step *st, struct buf *b)
{
	const struct howto	*hw = program_howto(l, st->name);
	struct buf		 t = BUF_INIT;
	size_t			 k;

	if (hw != NULL && (hw->text[HOWTO_setup] != NULL ||
	    hw->text[HOWTO_move] != NULL)) {
		program_howto_text(b, l, st, "  ", 78);
		return true;
	}
	if (l->how != NULL) {
		buf_add_safe(&t, l->how);
		term_wrap(b, buf_str(&t), 78, "  ");
		buf_reset(&t);
	}
	for (k = 0; k < l->ntips; k++) {
		buf_puts(&t, "Tip: ");
		buf_add_safe(&t, l->tips[k]);
		term_wrap(b, buf_str(&t), 78, "  ");
		buf_reset(&t);
	}
	buf_free(&t);
	return false;
}

/* The ladder to do: the one named, or the first due today. */
static int
choose(struct hips *h, const char *arg, int rest, struct go *g)
{
	struct program		 p;
	struct progress		 pr;
	struct logset		 ls;
	struct buf		 dir = BUF_INIT;
	const struct ladder	*l;
	const struct step	*st;
	const struct suggestion	*s;
	int			 i = -1, rc = -1;
	size_t			 k;

	if (cmd_load_program(&p) == -1)
		return -1;
	buf_puts(&dir, h->datadir);
	if (logset_load(&ls, buf_str(&dir), NULL, NULL) == -1 ||
	    logset_status(&ls) == -1) {
		logset_free(&ls);
		program_free(&p);
		buf_free(&dir);
		return -1;
	}
	progress_run(&pr, &p, ls.v, ls.n, hips_today(h));
	if (arg != NULL) {
		if ((i = program_ladder_id(&p, arg)) == -1)
			i = program_ladder_of(&p, arg);
		if (i == -1) {
			error_set(EXIT_USAGE, "no exercise '%s' in the program "
			    "(see 'hips program')", arg);
			goto out;
		}
		if (!pr.v[i].unlocked) {
			struct buf	 why = BUF_INIT;

			progress_reason(&pr, &p, (size_t)i, &why);
			error_set(EXIT_USAGE, "go: %s is locked: %s", p.v[i].id,
			    buf_str(&why));
			buf_free(&why);
			goto out;
		}
	} else
		for (k = 0; k < p.n && i == -1; k++)
			if (pr.v[k].due)
				i = (int)k;
	if (i == -1) {
		g->paused = pr.paused;
		rc = 0;
		goto out;
	}
	l = &p.v[i];
	s = &pr.v[i];
	st = &l->steps[s->step];
	buf_add_safe(&g->title, l->title);
	buf_printf(&g->title, ", step %d of %zu", s->step + 1, l->nsteps);
	buf_puts(&g->target, st->text);
	buf_puts(&g->name, st->name);
	progress_reason(&pr, &p, (size_t)i, &g->reason);
	if (pr.paused)
		buf_puts(&g->reason, " (progression is paused: only what is "
		    "pain-free)");
	program_howto_load(&p);
	g->own_how = instructions(l, st, &g->how);
	g->band = st->band;
	g->rules = p.rules;
	g->plan.sets = st->dose.sets;
	g->plan.amount = st->dose.max;
	g->plan.secs = st->dose.secs;
	g->plan.side = st->dose.side;
	g->plan.hold = st->hold;
	g->plan.rest = rest;
	g->plan.swtch = SESSION_SWITCH;
	rc = 1;
out:
	progress_free(&pr);
	logset_free(&ls);
	program_free(&p);
	buf_free(&dir);
	return rc;
}

/* A key of the screen face: 1 handled, 0 quit, -1 interrupt. */
static int
key(struct session *s, int ch, int64_t now)
{
	switch (ch) {
	case ' ':
	case '\r':
	case '\n':
		session_key(s, SK_REP, now);
		return 1;
	case 'p':
	case 'P':
		session_key(s, SK_PAUSE, now);
		return 1;
	case 'q':
	case 'Q':
		return 0;
	case 0x03:
		return -1;
	}
	return 1;
}

/* The session on a terminal that redraws. */
static enum outcome
run_screen(const struct go *g, struct session *s, const struct clk *c,
    const sigset_t *mask)
{
	unsigned char	 keys[32];
	int64_t		 now, d, wake;
	ssize_t		 n, i;
	int		 left, r;

	for (;;) {
		now = clk_now(c);
		session_tick(s, now);
		go_draw(g, s, now);
		if (s->phase == PH_DONE)
			return GO_DONE;
		/* Wake when the countdown shown changes, or at the end. */
		wake = d = session_deadline(s);
		if (d != SESSION_NONE && (left = session_left(s, now)) > 1)
			wake = d - (int64_t)(left - 1) * 1000;
		r = wait_for(c, STDIN_FILENO, wake, mask);
		if (got_term)
			return GO_HANGUP;
		if (got_int)
			return GO_INTERRUPT;
		if (r != 1)
			continue;
		if ((n = read(STDIN_FILENO, keys, sizeof(keys))) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			return GO_HANGUP;
		}
		now = clk_now(c);
		for (i = 0; i < n; i++) {
			if ((r = key(s, keys[i], now)) == 0)
				return GO_QUIT;
			if (r == -1)
				return GO_INTERRUPT;
		}
	}
}

/* The session as plain lines, a line of stdin when it waits for one. */
static enum outcome
run_lines(struct session *s, struct lines *in, const struct clk *c,
    const sigset_t *mask)
{
	struct session	 old;
	char		 line[64];
	int64_t		 now, d;
	int		 r;

	memset(&old, 0, sizeof(old));
	old.phase = PH_DONE;
	now = clk_now(c);
	go_announce(&old, s, now);
	for (;;) {
		old = *s;
		d = session_deadline(s);
		if (s->phase == PH_DONE)
			return GO_DONE;
		if (d != SESSION_NONE) {
			r = wait_for(c, -1, d, mask);
			now = clk_now(c);
			session_tick(s, now);
		} else {
			r = line_read(in, line, sizeof(line), mask);
			now = clk_now(c);
			if (r == 0)
				return GO_QUIT;
			if (r == 1) {
				if (strcmp(line, "q") == 0)
					return GO_QUIT;
				if (strcmp(line, "p") == 0)
					session_key(s, SK_PAUSE, now);
				else if (line[0] == '\0')
					session_key(s, SK_REP, now);
				else
					go_say("Enter: a rep, p: pause, q: finish "
					    "and log\n");
			}
		}
		if (got_term)
			return GO_HANGUP;
		if (got_int)
			return GO_INTERRUPT;
		go_announce(&old, s, now);
	}
}

/* 0..10 from what was typed, or -1. */
static int
pain_level(const char *s)
{
	if (s[0] >= '0' && s[0] <= '9' && s[1] == '\0')
		return s[0] - '0';
	return strcmp(s, "10") == 0 ? 10 : -1;
}

/* "   4-5 moderate", nothing when the rules leave no such levels. */
static void
band_words(struct buf *b, const char *sep, int lo, int hi, const char *words)
{
	if (lo < 1)
		lo = 1;
	if (hi > 10)
		hi = 10;
	if (lo > hi)
		return;
	if (lo == hi)
		buf_printf(b, "%s%d %s", sep, lo, words);
	else
		buf_printf(b, "%s%d-%d %s", sep, lo, hi, words);
}

/*
 * The pain question: 0..10, -1 at the end of the input (none recorded),
 * -2 on a signal.
 */
static int
ask_pain(const struct rules *r, struct lines *in, const sigset_t *mask)
{
	char	 line[64];
	int	 v, rc;

	struct buf	 b = BUF_INIT;

	buf_puts(&b, "\nPain during or after the session, 0 to 10:\n  0 no pain");
	band_words(&b, "   ", 1, r->hold_pain - 1, "mild");
	band_words(&b, "   ", r->hold_pain, r->back_pain - 1,
	    "moderate: holds the step");
	buf_putc(&b, '\n');
	band_words(&b, "  ", r->back_pain, r->stop_pain - 1,
	    "severe: one step back");
	band_words(&b, "   ", r->stop_pain, 10, "stop, see a clinician");
	buf_puts(&b, "\n  10 worst imaginable\n");
	go_say(buf_str(&b));
	buf_free(&b);
	for (;;) {
		go_say("pain (0-10): ");
		if ((rc = line_read(in, line, sizeof(line), mask)) == -1)
			return -2;
		if (rc == 0) {
			go_say("\n(no answer: no pain recorded)\n");
			return -1;
		}
		if (!isatty(in->fd))
			printf("%s\n", line);
		if ((v = pain_level(line)) != -1)
			return v;
		go_say("want a whole number from 0 (no pain) to 10 (worst "
		    "imaginable)\n");
	}
}

/* "the 2 sets done so far (10, 4)?": 1 yes, 0 no. */
static int
ask_keep(const struct session *s, struct lines *in, bool screen,
    const sigset_t *mask)
{
	struct buf	 b = BUF_INIT;
	char		 line[16];
	unsigned char	 ch;
	int		 rc;

	buf_puts(&b, "\nStopped. Log what was done so far?\n");
	go_done_line(s, &b);
	buf_puts(&b, "[y/n] ");
	go_say(buf_str(&b));
	buf_free(&b);
	got_int = 0;
	if (screen) {
		for (;;) {
			struct clk	 none = { { 0, 0 }, 1 };

			if (wait_for(&none, STDIN_FILENO, SESSION_NONE,
			    mask) == -1 || read(STDIN_FILENO, &ch, 1) != 1)
				return 0;
			if (ch == 'y' || ch == 'Y') {
				go_say("y\n");
				return 1;
			}
			if (ch == 'n' || ch == 'N' || ch == 'q' ||
			    ch == 0x03 || ch == 0x1b) {
				go_say("n\n");
				return 0;
			}
		}
	}
	if ((rc = line_read(in, line, sizeof(line), mask)) != 1)
		return 0;
	return strcmp(line, "y") == 0 || strcmp(line, "yes") == 0;
}

/* The entry of one side (or of both), its keys in keys. */
static int
make_entry(struct hips *h, const struct go *g, const struct session *s,
    int side, bool per_side, int pain, struct buf *dose, struct buf *keys,
    struct entry *e)
{
	struct buf	 k = BUF_INIT;
	struct error	 err;
	const char	*p, *sp;

	memset(e, 0, sizeof(*e));
	e->hold = e->pain = e->rpe = -1;
	e->note = "";
	e->name = buf_str(&g->name);
	session_dose(s, side, per_side, dose);
	if (dose_parse(dose->s, dose->len, &e->dose, &err) == -1)
		return error_set(EXIT_FAIL, "internal error: dose '%s': %s",
		    buf_str(dose), err.msg);
	e->dose_text = buf_str(dose);
	if (g->plan.hold > 0)
		buf_printf(&k, " hold=%ds", g->plan.hold);
	if (g->band != BAND_NONE)
		buf_printf(&k, " band=%s", band_name(g->band));
	if (!per_side && s->plan.side)
		buf_printf(&k, " side=%s", side == 0 ? "left" : "right");
	if (pain >= 0)
		buf_printf(&k, " pain=%d", pain);
	/* Each key as hips log takes it, so the entry has its values. */
	for (p = buf_str(&k); *p == ' '; p = sp) {
		p++;
		sp = p + strcspn(p, " ");
		if (key_check(p, (size_t)(sp - p), e, &err) == -1) {
			buf_free(&k);
			return error_set(EXIT_FAIL, "internal error: %s", err.msg);
		}
	}
	buf_puts(keys, k.len > 0 ? buf_str(&k) + 1 : "");
	buf_free(&k);
	e->keys = buf_str(keys);
	e->when = h->now;
	e->day = htime_day(e->when);
	return 0;
}

/* Two entries (a side each) in one commit. */
static int
append_two(struct hips *h, struct entry *e, const char *subject)
{
	struct writer	 w;
	struct buf	 line[2] = { BUF_INIT, BUF_INIT };
	struct buf	 rel[2] = { BUF_INIT, BUF_INIT }, msg = BUF_INIT;
	const char	*lp[2], *rp[2];
	bool		 created = first_write(h);
	int		 i, rc = -1;

	buf_printf(&msg, "%s\n\n", subject);
	for (i = 0; i < 2; i++) {
		entry_format(&e[i], &line[i]);
		month_file(&e[i], &rel[i]);
		lp[i] = buf_str(&line[i]);
		rp[i] = buf_str(&rel[i]);
		buf_printf(&msg, "%s\n", lp[i]);
	}
	if (writer_open(h, &w, true) == 0 &&
	    writer_append_lines(&w, 2, rp, lp, buf_str(&msg)) == 0) {
		if (created)
			warnmsg("created the data repository in %s",
			    buf_str(&w.dir));
		rc = 0;
	}
	writer_close(&w);
	for (i = 0; i < 2; i++) {
		buf_free(&line[i]);
		buf_free(&rel[i]);
	}
	buf_free(&msg);
	return rc;
}

/*
 * Log what was done: one entry, or, when the two sides of a per-side
 * step differ (stopped in the middle of a set), one entry per side
 * (side=left, side=right), in one commit.
 */
static int
log_done(struct hips *h, const struct go *g, const struct session *s,
    int pain)
{
	struct entry	 e[2];
	struct buf	 dose[2] = { BUF_INIT, BUF_INIT };
	struct buf	 keys[2] = { BUF_INIT, BUF_INIT };
	struct buf	 subject = BUF_INIT;
	char		 day[11];
	int		 i, n = 0, rc = -1;

	if (!s->plan.side || session_even(s)) {
		if (make_entry(h, g, s, 0, s->plan.side, pain, &dose[0],
		    &keys[0], &e[0]) == -1)
			goto out;
		n = 1;
	} else
		for (i = 0; i < 2; i++) {
			if (session_sets(s, i) == 0)
				continue;
			if (make_entry(h, g, s, i, false, pain, &dose[n],
			    &keys[n], &e[n]) == -1)
				goto out;
			n++;
		}
	buf_puts(&subject, "log: ");
	for (i = 0; i < n; i++)
		buf_printf(&subject, "%s%s %s%s%s", i ? ", " : "", e[i].name,
		    e[i].dose_text, n > 1 ? " " : "", n > 1 ?
		    (e[i].side == SIDE_LEFT ? "side=left" : "side=right") : "");
	if (n == 1)
		rc = append_entry(h, &e[0], buf_str(&subject));
	else
		rc = append_two(h, e, buf_str(&subject));
	if (rc == 0) {
		date_format(e[0].day, day);
		for (i = 0; i < n; i++) {
			printf("logged %s %s", e[i].name, e[i].dose_text);
			if (e[i].keys[0] != '\0')
				printf(" %s", e[i].keys);
			printf(" on %s\n", day);
		}
		if (pain >= 0)
			pain_confirm(pain, true);
	}
out:
	for (i = 0; i < 2; i++) {
		buf_free(&dose[i]);
		buf_free(&keys[i]);
	}
	buf_free(&subject);
	return rc;
}

static int
parse_rest(const char *arg, int *rest)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (*end == 's' && end != arg)
		end++;
	if (errno != 0 || end == arg || *end != '\0' || v < 0 ||
	    v > GO_MAXREST)
		return error_set(EXIT_USAGE, "go: bad rest '%.40s': want "
		    "seconds from 0 to %d", arg, GO_MAXREST);
	*rest = (int)v;
	return 0;
}

static void
go_free(struct go *g)
{
	buf_free(&g->title);
	buf_free(&g->target);
	buf_free(&g->name);
	buf_free(&g->reason);
	buf_free(&g->how);
}

int
cmd_go(struct hips *h, const struct cmd_args *a)
{
	struct go		 g;
	struct session		 s, before;
	struct clk		 c;
	struct lines		 in = { .fd = STDIN_FILENO };
	struct termios		 saved;
	struct sigaction	 sa, old_int, old_term, old_hup;
	sigset_t		 block, mask, orig;
	enum outcome		 how;
	bool			 screen, keep = false;
	int			 rest = GO_REST, rc = -1, pain = -1, found;

	if (cmd_value(a, 'r') != NULL &&
	    parse_rest(cmd_value(a, 'r'), &rest) == -1)
		return -1;
	if (clock_scale(&c.scale) == -1)
		return -1;
	memset(&g, 0, sizeof(g));
	if ((found = choose(h, a->argc > 0 ? a->argv[0] : NULL, rest,
	    &g)) <= 0) {
		if (found == 0 && g.paused)
			printf("Nothing is due today: progression is paused "
			    "because of pain; rest, or only what is pain-free "
			    "(see 'hips next').\n");
		else if (found == 0)
			printf("Nothing is due today (see 'hips next'); 'hips "
			    "go EXERCISE' does one anyway.\n");
		go_free(&g);
		return found;
	}
	screen = term_can_redraw();
	if (screen && term_raw(STDIN_FILENO, &saved) == -1)
		screen = false;

	/* Signals only ever arrive inside a wait (ppoll unblocks them). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &orig);
	mask = orig;
	sigdelset(&mask, SIGINT);
	sigdelset(&mask, SIGTERM);
	sigdelset(&mask, SIGHUP);

	session_init(&s, &g.plan);
	if (!screen) {
		struct buf	 b = BUF_INIT;

		buf_printf(&b, "hips go: %s\n  %s\n", buf_str(&g.title),
		    buf_str(&g.target));
		term_wrap(&b, buf_str(&g.reason), 78, "  ");
		fputs(buf_str(&b), stdout);
		fputs(buf_str(&g.how), stdout);
		buf_free(&b);
		printf("Enter counts a rep, p pauses, q finishes and logs.\n");
	}
	clock_gettime(CLOCK_MONOTONIC, &c.t0);
	how = screen ? run_screen(&g, &s, &c, &mask) :
	    run_lines(&s, &in, &c, &mask);
	before = s;
	session_finish(&s, clk_now(&c));
	if (screen)
		go_draw(&g, &s, clk_now(&c));
	else if (how != GO_HANGUP)
		go_announce(&before, &s, clk_now(&c));
	if (how == GO_INTERRUPT && session_any(&s))
		keep = ask_keep(&s, &in, screen, &mask);
	if (screen)
		term_restore(STDIN_FILENO, &saved);
	if (how == GO_HANGUP) {
		error_set(EXIT_FAIL, "go: stopped by a signal or the end of "
		    "the terminal: nothing logged");
		goto out;
	}
	if (!session_any(&s)) {
		if (how == GO_INTERRUPT)
			error_set(GO_INTR, "go: interrupted: nothing done, "
			    "nothing logged");
		else {
			printf("Nothing done: nothing logged.\n");
			rc = 0;
		}
		goto out;
	}
	if (how == GO_INTERRUPT && !keep) {
		error_set(GO_INTR, "go: interrupted: nothing logged");
		goto out;
	}
	if (screen)
		in.len = 0;
	if ((pain = ask_pain(&g.rules, &in, &mask)) == -2) {
		error_set(GO_INTR, "go: interrupted: nothing logged");
		goto out;
	}
	rc = log_done(h, &g, &s, pain);
out:
	fflush(stdout);
	/* A signal still pending lands in on_signal, then the old ones. */
	sigprocmask(SIG_SETMASK, &orig, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	go_free(&g);
	return rc;
}
