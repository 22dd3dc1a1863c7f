/* hips streak: consistency, as a summary, data, a calendar or a prompt. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "daycache.h"
#include "logset.h"
#include "pain.h"
#include "program.h"
#include "explain.h"
#include "streak.h"

#define WEEKS_DEFAULT	26
#define WEEKS_MAX	520

static const char *const month_abbr[] = { "Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *const day_abbr[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
    "Sat", "Sun" };

/*
 * The days with a pain record that the pain rules can still look at
 * today, as they take them: back from today until both the windows
 * (pain_reach()) and the last stop, or the pain-free days that lifted
 * every stop before them, are covered; the prompt reads no further.
 */
static size_t
pain_days(const struct sday *v, size_t n, const struct rules *r,
    int64_t today, struct painday **out)
{
	int64_t	 reach = today - pain_reach(r);
	size_t	 end, k, i;
	int	 p, run = 0;
	bool	 found = false;

	for (end = n; end > 0 && v[end - 1].day > today; end--)
		;
	for (k = end; k > 0; k--) {
		if (v[k - 1].pain == 0)
			continue;
		if (found && v[k - 1].day < reach)
			break;
		p = v[k - 1].pain - 1;
		if (found)
			continue;
		if (p >= r->stop_pain)
			found = true;
		else if (p > r->calm_pain)
			run = 0;
		else if (++run >= r->calm_days)
			found = true;
	}
	*out = xreallocarray(NULL, end - k ? end - k : 1, sizeof(**out));
	for (i = 0; k < end; k++)
		if (v[k].pain > 0)
			(*out)[i++] = (struct painday){ v[k].day,
			    v[k].pain - 1 };
	return i;
}

/*
 * The earliest day the prompt's answer depends on (daycache's window):
 * what the streak s of the days v can reach, and the pain rules.
 */
static int64_t
prompt_since(const struct sday *v, size_t n, const struct streak *s,
    const struct rules *r, int64_t today)
{
	struct painday	*pd;
	int64_t		 first, p;

	first = streak_since(v, n, s, today);
	p = pain_since(pd, pain_days(v, n, r, today, &pd), r, today);
	free(pd);
	return p < first ? p : first;
}

/* Is progression paused by pain today?  The rules of hips next. */
static bool
prompt_paused(const struct sday *v, size_t n, const struct rules *r,
    int64_t today)
{
	struct painday		*pd;
	struct painlog		 pl;
	struct painstate	 st;

	pain_index(&pl, pd, pain_days(v, n, r, today, &pd), r);
	pain_at(&pl, today, &st);
	pain_free(&pl);
	free(pd);
	return st.rules != 0;
}

/*
 * --prompt: one line for PS1, or nothing.  Whatever goes wrong (no data,
 * bad HIPS_NOW, a bad config.ini, an unreadable directory) it prints
 * nothing and succeeds: a prompt is no place for errors.
 */
static int
prompt(struct hips *h)
{
	struct config	 conf;
	struct buf	 dir = BUF_INIT, cdir = BUF_INIT, out = BUF_INIT;
	struct buf	 line = BUF_INIT;
	struct streak	 s;
	struct dayset	 ds;
	struct rules	 rules;
	int64_t		 today;
	int		 window;
	bool		 cache;

	memset(&ds, 0, sizeof(ds));
	if (h->now_error != NULL || h->datadir == NULL)
		goto out;
	buf_puts(&dir, h->datadir);
	/* Without HOME there is no config.ini to find: the defaults. */
	if (path_confdir(&cdir) == -1) {
		config_init(&conf);
		program_rules(&rules, NULL);
	} else if (config_load(&conf, buf_str(&cdir)) == -1)
		goto out;
	else if (program_rules(&rules, buf_str(&cdir)) == -1)
		error_clear();	/* the defaults: hips next and check report it */
	cache = path_cachedir(&cdir) == 0;
	today = hips_today(h);
	/* Map the cache: with a listing that holds, its days. */
	window = daycache_map(&ds, buf_str(&dir), cache ? buf_str(&cdir) :
	    NULL);
	if (window == -1)
		goto out;
	/* Find the window the streak reaches in them, and verify it. */
	if (window == 1) {
		streak_current(ds.v, ds.n, conf.per_week, today, &s);
		if (!daycache_verify(&ds, prompt_since(ds.v, ds.n, &s, &rules,
		    today)))
			window = 0;
	}
	/* Else collect: every file, the cache rewritten. */
	if (window == 0) {
		if (daycache_collect(&ds) == -1)
			goto out;
		streak_current(ds.v, ds.n, conf.per_week, today, &s);
	}
	if (!s.any)
		goto out;
	streak_prompt(&s, prompt_paused(ds.v, ds.n, &rules, today),
	    conf.prompt_format, &out);
	buf_add_safe(&line, buf_str(&out));	/* no escapes from config */
	buf_putc(&line, '\n');
	/*
	 * One write(2), not stdio: no buffer to set up, and a failed write
	 * (a closed or full stdout) stays quiet too.
	 */
	if (write(STDOUT_FILENO, line.s, line.len) == -1)
		line.len = 0;
out:
	/* Whatever went wrong, the prompt says nothing (see above). */
	error_clear();
	daycache_free(&ds);
	buf_free(&line);
	buf_free(&out);
	buf_free(&cdir);
	buf_free(&dir);
	return 0;
}

static const char *
unit(const struct streak *s, int n)
{
	if (s->per_week)
		return n == 1 ? "week" : "weeks";
	return n == 1 ? "day" : "days";
}

static void
summary(const struct streak *s, const struct config *conf, bool paused,
    struct buf *b)
{
	int	 left;

	buf_printf(b, "current streak: %d %s", s->current,
	    unit(s, s->current));
	if (s->due && paused)
		buf_puts(b, " (pain pauses the progression: rest; 'hips skip' "
		    "keeps the streak)");
	else if (s->due && !s->per_week)
		buf_puts(b, " (today is still due)");
	else if (s->due) {
		left = s->week_target - s->week_done;
		buf_printf(b, " (this week needs %d more session%s)", left,
		    left == 1 ? "" : "s");
	}
	buf_printf(b, "\nbest streak:    %d %s\n", s->best, unit(s, s->best));
	buf_printf(b, "this week:      %d of %d session%s", s->week_done,
	    s->week_target, s->week_target == 1 ? "" : "s");
	if (s->per_week)
		buf_printf(b, " (target %s", conf->target);
	if (s->week_skips > 0)
		buf_printf(b, "%s%d skip day%s", s->per_week ? ", " : " (",
		    s->week_skips, s->week_skips == 1 ? "" : "s");
	if (s->per_week || s->week_skips > 0)
		buf_putc(b, ')');
	buf_printf(b, "\nhabit strength: %d%%\n", (int)(s->score * 100 + 0.5));
}

static void
json(const struct streak *s, const struct config *conf, int64_t today,
    struct buf *b)
{
	char	 d[11], first[11];

	date_format(today, d);
	date_format(s->first, first);
	buf_printf(b, "{\"today\":\"%s\",\"target\":\"%s\",\"per_week\":%d,"
	    "\"unit\":\"%s\",\"current\":%d,\"best\":%d,\"due\":%s,",
	    d, s->per_week ? conf->target : "daily", s->per_week,
	    s->per_week ? "week" : "day", s->current, s->best,
	    s->due ? "true" : "false");
	buf_printf(b, "\"week\":{\"done\":%d,\"skips\":%d,\"target\":%d},",
	    s->week_done, s->week_skips, s->week_target);
	buf_printf(b, "\"score\":%.6f,\"days_done\":%d,", s->score,
	    s->days_done);
	if (s->any)
		buf_printf(b, "\"first\":\"%s\"", first);
	else
		buf_puts(b, "\"first\":null");
}

/* The day record of day in v (sorted), or NULL. */
static const struct sday *
find_day(const struct sday *v, size_t n, int64_t day)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].day < day)
			lo = mid + 1;
		else if (v[mid].day > day)
			hi = mid;
		else
			return &v[mid];
	}
	return NULL;
}

/* Skip days planned after today: "planned skips:  3 days, ...". */
static void
planned(const struct sday *v, size_t n, int64_t today, struct buf *b)
{
	char	 d1[11], d2[11];
	size_t	 i, count = 0;
	int64_t	 first = 0, last = 0;

	for (i = 0; i < n; i++) {
		if (v[i].day <= today || v[i].skip == 0)
			continue;
		if (count++ == 0)
			first = v[i].day;
		last = v[i].day;
	}
	if (count == 0)
		return;
	date_format(first, d1);
	date_format(last, d2);
	if (count == 1)
		buf_printf(b, "planned skip:   %s\n", d1);
	else
		buf_printf(b, "planned skips:  %zu days, %s to %s\n", count,
		    d1, d2);
}

enum cell { CELL_FUTURE, CELL_NONE, CELL_SKIP, CELL_ONE, CELL_TWO,
    CELL_MORE };

static enum cell
cell_of(const struct sday *v, size_t n, int64_t day, int64_t today)
{
	const struct sday	*d;

	if (day > today)	/* a planned skip shows; nothing else yet */
		return (d = find_day(v, n, day)) != NULL && d->skip > 0 ?
		    CELL_SKIP : CELL_FUTURE;
	if ((d = find_day(v, n, day)) == NULL)
		return CELL_NONE;
	if (d->done >= 3)
		return CELL_MORE;
	if (d->done == 2)
		return CELL_TWO;
	if (d->done == 1)
		return CELL_ONE;
	return d->skip > 0 ? CELL_SKIP : CELL_NONE;
}

static void
put_cell(struct buf *b, enum cell c, bool color)
{
	static const char	 glyph[] = " .s+*#";
	static const char *const esc[] = { "", "\033[90m", "\033[36m",
	    "\033[32m", "\033[32;1m", "\033[92;1m" };

	if (color && c != CELL_FUTURE)
		buf_printf(b, "%s%c\033[0m", esc[c], glyph[c]);
	else
		buf_putc(b, glyph[c]);
}

/* The month (1 to 12) whose first day falls in the week, or 0. */
static int
month_begins(int64_t monday)
{
	int	 r, y, m, d;

	for (r = 0; r < 7; r++) {
		civil_from_days(monday + r, &y, &m, &d);
		if (d == 1)
			return m;
	}
	return 0;
}

static void
calendar(const struct sday *v, size_t n, int64_t today, int weeks,
    bool color, struct buf *b)
{
	int64_t		 start, day;
	size_t		 end = 0, col, mark;
	int		 w, r, y, m, d;

	start = today - weekday(today) - 7 * (int64_t)(weeks - 1);
	/*
	 * Month labels over the week where each month begins; the month
	 * at the left edge too, when the next label leaves it room.
	 */
	mark = b->len;
	buf_puts(b, "   ");
	for (w = 0; w < weeks; w++) {
		m = month_begins(start + 7 * w);
		if (m == 0 && w == 0 && (weeks == 1 ||
		    month_begins(start + 7) == 0)) {
			civil_from_days(start, &y, &m, &d);
		}
		col = mark + 4 + 2 * (size_t)w;
		if (m == 0 || (end > 0 && col <= end))
			continue;
		while (b->len < col)
			buf_putc(b, ' ');
		buf_puts(b, month_abbr[m - 1]);
		end = b->len;
	}
	buf_putc(b, '\n');
	for (r = 0; r < 7; r++) {
		buf_puts(b, day_abbr[r]);
		for (w = 0; w < weeks; w++) {
			day = start + 7 * w + r;
			buf_putc(b, ' ');
			put_cell(b, cell_of(v, n, day, today), color);
		}
		/* No trailing blanks for the days still to come. */
		while (b->len > 0 && b->s[b->len - 1] == ' ')
			b->len--;
		b->s[b->len] = '\0';
		buf_putc(b, '\n');
	}
	buf_puts(b, "    . none  s skip  + 1 exercise  * 2  # 3 or more\n");
}

static void
calendar_json(const struct sday *v, size_t n, int64_t today, int weeks,
    struct buf *b)
{
	const struct sday	*sd;
	int64_t			 day, start;
	char			 d[11];

	start = today - weekday(today) - 7 * (int64_t)(weeks - 1);
	buf_puts(b, ",\"calendar\":[");
	for (day = start; day <= today; day++) {
		sd = find_day(v, n, day);
		date_format(day, d);
		buf_printf(b, "%s\n  {\"date\":\"%s\",\"done\":%d,\"skip\":%d}",
		    day == start ? "" : ",", d, sd ? sd->done : 0,
		    sd ? sd->skip : 0);
	}
	buf_puts(b, "\n]");
}

/* No session yet: the program's first step, its full target. */
static void
first_hint(struct buf *b)
{
	struct program	 p;

	buf_puts(b, "no sessions yet: start with one exercise, practised well");
	if (cmd_load_program(&p) == 0) {
		if (p.n > 0 && p.v[0].nsteps > 0) {
			buf_puts(b, " (hips log ");
			buf_add_safe(b, p.v[0].steps[0].text);
			buf_putc(b, ')');
		}
		program_free(&p);
	} else {
		error_clear();	/* hips next and check report it */
		buf_puts(b, " ('hips next' says which)");
	}
	buf_putc(b, '\n');
}

static int
parse_weeks(const char *arg, int *weeks)
{
	char	*end;
	long	 v;

	v = strtol(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || v < 1 ||
	    v > WEEKS_MAX)
		return error_usage("streak: bad week count '%s': want 1 to "
		    "%d", arg, WEEKS_MAX);
	*weeks = (int)v;
	return 0;
}

int
cmd_streak(struct hips *h, const struct cmd_args *a)
{
	struct config	 conf;
	struct rules	 rules;
	struct logset	 ls;
	struct streak	 s;
	struct buf	 dir = BUF_INIT, out = BUF_INIT;
	struct sday	*v = NULL;
	size_t		 n = 0, cap = 0;
	bool		 cal = cmd_flag(a, 'c'), js = cmd_flag(a, 'j');
	bool		 pr = cmd_flag(a, 'p'), wset = cmd_flag(a, 'w');
	int		 weeks = WEEKS_DEFAULT, rc = 0;
	int64_t		 today;
	size_t		 i;

	/* Each -w in turn: the first bad one is the error. */
	for (i = 0; i < a->nopt; i++)
		if (a->opt[i].key == 'w' &&
		    parse_weeks(a->opt[i].arg, &weeks) == -1)
			return -1;
	if (pr && (cal || js || wset))
		return error_usage("streak: --prompt goes alone");
	if (wset && !cal)
		return error_usage("streak: -w needs --calendar");
	if (pr)
		return prompt(h);

	if (h->now_error != NULL)
		return error_set(EXIT_USAGE, "bad HIPS_NOW: %s", h->now_error);
	today = hips_today(h);
	if (path_confdir(&dir) == -1 || config_load(&conf, buf_str(&dir)) == -1)
		goto fail;
	if (program_rules(&rules, buf_str(&dir)) == -1)
		error_clear();	/* the defaults: hips next and check report it */
	if (hips_datadir(h) == -1)
		goto fail;
	if (logset_load(&ls, h->datadir, NULL, NULL) == -1) {
		/* Half a log would give a wrong streak: none at all. */
		logset_free(&ls);
		goto fail;
	}
	sdays_add_entries(&v, &n, &cap, ls.v, ls.n);
	n = sdays_normalize(v, n);
	streak_compute(v, n, conf.per_week, today, &s);
	if (js) {
		json(&s, &conf, today, &out);
		if (cal)
			calendar_json(v, n, today, weeks, &out);
		buf_puts(&out, "}\n");
	} else if (cal) {
		calendar(v, n, today, weeks, h->color, &out);
		if (s.any)
			buf_printf(&out, "\nstreak %d %s, best %d, habit "
			    "strength %d%%\n", s.current, unit(&s, s.current),
			    s.best, (int)(s.score * 100 + 0.5));
	} else if (!s.any)
		first_hint(&out);
	else {
		summary(&s, &conf, prompt_paused(v, n, &rules, today), &out);
		progress_sides_lines(ls.v, ls.n, today, &out);
	}
	if (!js)
		planned(v, n, today, &out);
	fwrite(buf_str(&out), 1, out.len, stdout);
	if (rc == 0)
		rc = logset_status(&ls);
	logset_free(&ls);
	free(v);
	buf_free(&out);
	buf_free(&dir);
	return rc;
fail:
	buf_free(&dir);
	return -1;
}
