/*
 * hips next: what to do today, and why.  Only reads: the work tree's log
 * files and program.ini.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "logset.h"
#include "program.h"
#include "outcache.h"
#include "progress.h"
#include "explain.h"

/* A ladder by its name or by the name of one of its exercises. */
static int
find_ladder(const struct program *p, const char *name)
{
	int	 i;

	if ((i = program_ladder_id(p, name)) == -1)
		i = program_ladder_of(p, name);
	if (i == -1)
		return error_set(EXIT_USAGE, "no exercise '%s' in the program "
		    "(see 'hips program')", name);
	return i;
}

static const char *
status_text(const struct progress *pr, const struct suggestion *s)
{
	if (!s->unlocked)
		return "locked";
	if (s->done_today)
		return "done today";
	if (s->rest_today)
		return "rest day";
	if (pr->paused)
		return "rest, or only what is pain-free";
	if (s->directive.kind == DIR_PAUSE)
		return "paused by your clinician";
	if (s->returning)
		return "not yet";
	if (s->freq_rest)
		return "not due today";
	return "due today";
}

/* The same as one word, for --json. */
static const char *
status_word(const struct progress *pr, const struct suggestion *s)
{
	if (!s->unlocked)
		return "locked";
	if (s->done_today)
		return "done";
	if (s->rest_today)
		return "rest";
	if (pr->paused)
		return "paused";
	if (s->directive.kind == DIR_PAUSE || s->returning || s->freq_rest)
		return "not_due";
	return "due";
}

/*
 * The first day of a new exercise (DESIGN.md section 4): the ladder
 * moved up to a step of another exercise on an earlier day, and no
 * session has been logged since.  next then shows how to do it.
 */
static bool
moved_to_new(const struct ladder *l, const struct suggestion *s)
{
	if (!s->due || s->since.kind != EV_UP || s->last != s->since.day ||
	    s->since.from < 0 || (size_t)s->since.from >= l->nsteps)
		return false;
	return strcmp(l->steps[s->since.from].name,
	    l->steps[s->step].name) != 0;
}

static bool
step_is_new(const struct ladder *l, const struct suggestion *s)
{
	if (program_howto(l, l->steps[s->step].name) == NULL &&
	    l->how == NULL && l->ntips == 0)
		return false;	/* nothing to show */
	return moved_to_new(l, s);
}

/* Whether the text says how to do a step: then it needs instructions. */
static bool
text_needs_howto(const struct program *p, const struct progress *pr,
    int only)
{
	size_t	 i;

	if (only != -1 || !pr->any)
		return true;
	for (i = 0; i < p->n; i++)
		if ((pr->v[i].unlocked && !pr->v[i].started) ||
		    moved_to_new(&p->v[i], &pr->v[i]))
			return true;
	return false;
}

static void
text_ladder(struct buf *b, const struct program *p,
    const struct progress *pr, size_t i, bool why, bool full)
{
	const struct ladder	*l = &p->v[i];
	const struct suggestion	*s = &pr->v[i];
	const struct step	*st = &l->steps[s->step];

	buf_add_safe(b, l->title);
	if (!s->unlocked && !full) {
		buf_puts(b, ": locked, ");
		progress_reason(pr, p, i, b);
		buf_putc(b, '\n');
		if (why)
			progress_why(pr, p, i, b);
		return;
	}
	if (s->done_today || s->rest_today || pr->paused)
		buf_printf(b, ": %s; next time %s (step %d of %zu)\n",
		    status_text(pr, s), st->text, s->step + 1, l->nsteps);
	else
		buf_printf(b, ": %s (step %d of %zu), %s\n", st->text,
		    s->step + 1, l->nsteps, status_text(pr, s));
	buf_puts(b, "  ");
	progress_reason(pr, p, i, b);
	buf_putc(b, '\n');
	if (s->returning || s->freq_rest) {
		buf_puts(b, "  ");
		progress_due_why(pr, p, i, b);
	}
	if (s->directive.kind != DIR_NONE && s->directive.e->note[0] != '\0') {
		buf_puts(b, "  clinician: ");
		buf_add_safe(b, s->directive.e->note);
		buf_putc(b, '\n');
	}
	if (step_is_new(l, s)) {
		buf_printf(b, "  new exercise: how to do it (any day: hips "
		    "show %s)\n", st->name);
		program_howto_text(b, l, st, "  ", 78);
	} else if (full || !s->started) {
		program_howto_text(b, l, st, "  ", 78);
		if (s->unlocked && !s->started)
			buf_printf(b, "  then: hips log %s\n", st->text);
	}
	if (why)
		progress_why(pr, p, i, b);
}

/* "directive": the clinician's hold or pause in force, or null. */
static void
json_directive(struct buf *b, const struct dstate *st)
{
	char	 day[11];

	if (st->kind == DIR_NONE) {
		buf_puts(b, ",\"directive\":null");
		return;
	}
	buf_puts(b, ",\"directive\":{\"kind\":");
	json_str(b, directive_name(st->kind));
	date_format(st->e->day, day);
	buf_printf(b, ",\"since\":\"%s\",\"until\":", day);
	if (st->e->until == DIRECTIVE_OPEN)
		buf_puts(b, "null");
	else {
		date_format(st->e->until, day);
		buf_printf(b, "\"%s\"", day);
	}
	buf_puts(b, ",\"note\":");
	if (st->e->note[0] != '\0')
		json_str(b, st->e->note);
	else
		buf_puts(b, "null");
	buf_putc(b, '}');
}

static void
json_ladder(struct buf *b, const struct program *p,
    const struct progress *pr, size_t i)
{
	const struct ladder	*l = &p->v[i];
	const struct suggestion	*s = &pr->v[i];
	const struct step	*st = &l->steps[s->step];
	struct buf		 t = BUF_INIT;
	char			 day[11];
	const char		*q, *nl;

	buf_puts(b, "{\"ladder\":");
	json_str(b, l->id);
	buf_puts(b, ",\"title\":");
	json_str(b, l->title);
	buf_printf(b, ",\"unlocked\":%s,\"started\":%s,\"due\":%s,"
	    "\"status\":\"%s\",\"done_today\":%s,\"rest_day\":%s,"
	    "\"step\":%d,\"steps\":%zu,",
	    s->unlocked ? "true" : "false", s->started ? "true" : "false",
	    s->due ? "true" : "false", status_word(pr, s),
	    s->done_today ? "true" : "false",
	    s->rest_today ? "true" : "false", s->step + 1, l->nsteps);
	buf_puts(b, "\"exercise\":");
	json_str(b, st->name);
	buf_puts(b, ",\"dose\":");
	json_str(b, st->dose_text);
	buf_puts(b, ",\"target\":");
	json_str(b, st->text);
	if (st->hold > 0)
		buf_printf(b, ",\"hold_seconds\":%d", st->hold);
	if (st->band != BAND_NONE)
		buf_printf(b, ",\"band\":\"%s\"", band_name(st->band));
	if (st->per_week > 0)
		buf_printf(b, ",\"per_week\":%d", st->per_week);
	buf_printf(b, ",\"freq_rest\":%s,\"returning\":%s",
	    s->freq_rest ? "true" : "false", s->returning ? "true" : "false");
	if (s->returning || s->freq_rest) {
		progress_due_why(pr, p, i, &t);
		buf_truncate(&t, t.len - 1);
		buf_puts(b, ",\"not_due\":");
		json_str(b, buf_str(&t));
		buf_reset(&t);
	}
	buf_puts(b, ",\"decision\":");
	json_str(b, s->decision);
	json_directive(b, &s->directive);
	progress_reason(pr, p, i, &t);
	buf_puts(b, ",\"reason\":");
	json_str(b, buf_str(&t));
	buf_printf(b, ",\"clean\":%d,\"advance_after\":%d,\"below\":%d,",
	    s->clean, p->rules.advance_after, s->below);
	if (s->last != PROGRESS_NEVER) {
		date_format(s->last, day);
		buf_printf(b, "\"last\":\"%s\",\"gap_days\":%d,"
		    "\"skip_days\":%d", day, s->gap, s->gap_skips);
	} else
		buf_puts(b, "\"last\":null,\"gap_days\":null,"
		    "\"skip_days\":null");
	if (l->unlock != -1) {
		buf_puts(b, ",\"unlock\":{\"ladder\":");
		json_str(b, p->v[l->unlock].id);
		buf_printf(b, ",\"step\":%d}", l->unlock_step);
	} else
		buf_puts(b, ",\"unlock\":null");
	buf_reset(&t);
	progress_why(pr, p, i, &t);
	buf_puts(b, ",\"why\":[");
	for (q = buf_str(&t); *q != '\0'; q = nl + 1) {
		char	*line;

		nl = strchr(q, '\n');
		line = xmalloc((size_t)(nl - q) + 1);
		memcpy(line, q, (size_t)(nl - q));
		line[nl - q] = '\0';
		if (q != buf_str(&t))
			buf_putc(b, ',');
		/* The lines without their indent. */
		json_str(b, line + strspn(line, " "));
		free(line);
	}
	buf_puts(b, "]}");
	buf_free(&t);
}

static const struct {
	unsigned	 bit;
	const char	*word;
} pain_rules[] = {
	{ PAIN_STOP, "stop" },
	{ PAIN_PERSIST, "persist" },
	{ PAIN_REPEAT, "repeat" },
	{ PAIN_RISING, "rising" },
};

/* The advice while paused: rest, a clinician, urgent signs after a stop. */
static void
advice_text(struct buf *b, const struct progress *pr)
{
	buf_puts(b, "No exercise is due: rest, or only what is pain-free. ");
	if (pr->pain.rules & PAIN_STOP)
		buf_puts(b, "Pain this severe needs a clinician's advice: "
		    "please see one before exercising again");
	else
		buf_puts(b, "Please see a clinician about this pain");
	buf_puts(b, " (hips is not medical advice).");
}

/* "paused" is given; the rest: reason, rules, advice, red flags, lifts. */
static void
json_pause(struct buf *b, const struct program *p, const struct progress *pr)
{
	struct buf	 t = BUF_INIT;
	char		 day[11];
	int64_t		 until;
	size_t		 i;
	bool		 first = true;

	if (!pr->paused) {
		buf_puts(b, "\"reason\":null,\"rules\":[],\"advice\":null,"
		    "\"red_flags\":[],\"lifts\":null,\"lifts_on\":null");
		return;
	}
	progress_pause_why(pr, p, &t);
	buf_truncate(&t, t.len - 1);
	buf_puts(b, "\"reason\":");
	json_str(b, buf_str(&t));
	buf_puts(b, ",\"rules\":[");
	for (i = 0; i < sizeof(pain_rules) / sizeof(pain_rules[0]); i++)
		if (pr->pain.rules & pain_rules[i].bit) {
			buf_printf(b, "%s\"%s\"", first ? "" : ",",
			    pain_rules[i].word);
			first = false;
		}
	buf_puts(b, "],\"advice\":");
	buf_reset(&t);
	advice_text(&t, pr);
	json_str(b, buf_str(&t));
	buf_puts(b, ",\"red_flags\":[");
	for (i = 0; (pr->pain.rules & PAIN_STOP) && pain_red_flags[i]; i++) {
		buf_puts(b, i ? "," : "");
		json_str(b, pain_red_flags[i]);
	}
	buf_puts(b, "],\"lifts\":");
	buf_reset(&t);
	progress_pause_lift(pr, p, &t);
	buf_truncate(&t, t.len - 1);
	json_str(b, buf_str(&t));
	buf_puts(b, ",\"lifts_on\":");
	if ((until = progress_pause_until(pr, p)) != PROGRESS_NEVER) {
		date_format(until, day);
		buf_printf(b, "\"%s\"", day);
	} else
		buf_puts(b, "null");
	buf_free(&t);
}

static void
json_out(struct buf *b, const struct program *p, const struct progress *pr,
    int only)
{
	struct buf	 t = BUF_INIT;
	char		 day[11];
	size_t		 i;
	bool		 first = true;

	date_format(pr->today, day);
	buf_printf(b, "{\"date\":\"%s\",\"program\":", day);
	if (p->source != NULL)
		json_str(b, p->source);
	else
		buf_puts(b, "\"built-in\"");
	buf_printf(b, ",\"started\":%s,\"paused\":%s,",
	    pr->any ? "true" : "false", pr->paused ? "true" : "false");
	json_pause(b, p, pr);
	if (pr->return_day != PROGRESS_NEVER) {
		date_format(pr->return_day, day);
		buf_printf(b, ",\"return\":{\"since\":\"%s\",\"gap_days\":%d}",
		    day, pr->return_gap);
	} else
		buf_puts(b, ",\"return\":null");
	buf_puts(b, ",\"exercises\":[");
	for (i = 0; i < p->n; i++) {
		if (only != -1 && (int)i != only)
			continue;
		buf_puts(b, first ? "\n  " : ",\n  ");
		first = false;
		json_ladder(b, p, pr, i);
	}
	buf_puts(b, "\n]}\n");
	buf_free(&t);
}

static void
text_pause(struct buf *b, const struct program *p, const struct progress *pr)
{
	size_t	 i;

	buf_puts(b, pr->pain.rules & PAIN_STOP ? "Stop: " :
	    "Progression is paused: ");
	progress_pause_why(pr, p, b);
	buf_truncate(b, b->len - 1);
	buf_puts(b, ".\n");
	advice_text(b, pr);
	buf_putc(b, '\n');
	if (pr->pain.rules & PAIN_STOP) {
		buf_puts(b, "Get urgent medical care for any of:\n");
		for (i = 0; pain_red_flags[i] != NULL; i++)
			buf_printf(b, "  - %s\n", pain_red_flags[i]);
	}
	buf_puts(b, "The pause ");
	progress_pause_lift(pr, p, b);
	buf_putc(b, '\n');
}

static void
text_out(struct buf *b, const struct program *p, const struct progress *pr,
    int only, bool why)
{
	size_t	 i;

	if (pr->paused)
		text_pause(b, p, pr);
	if (only != -1) {
		text_ladder(b, p, pr, (size_t)only, why, true);
		return;
	}
	if (!pr->any) {
		buf_puts(b, pr->paused ? "No sessions in the log yet. Once "
		    "the pause lifts, start with one exercise, practised "
		    "well:\n" : "No sessions in the log yet. Start with one "
		    "exercise, practised well:\n");
		text_ladder(b, p, pr, 0, why, true);
		return;
	}
	for (i = 0; i < p->n; i++)
		text_ladder(b, p, pr, i, why, false);
}

int
cmd_next(struct hips *h, const struct cmd_args *a)
{
	struct program		 p;
	struct progress		 pr;
	struct logset		 ls;
	struct buf		 out = BUF_INIT, ini = BUF_INIT;
	struct outcache		 oc;
	bool			 why = cmd_flag(a, 'w'), json = cmd_flag(a, 'j');
	int			 only = -1, rc = 0;

	if (path_confdir(&ini) == 0)
		buf_puts(&ini, "/program.ini");
	if (outcache_lookup(&oc, "next", h->datadir, ini.len ?
	    buf_str(&ini) : NULL, hips_today(h), a->line_argc, a->line_argv,
	    &out) == 1) {
		fwrite(buf_str(&out), 1, out.len, stdout);
		goto done;
	}
	if (cmd_load_program(&p) == -1) {
		rc = -1;
		goto done;
	}
	if (a->argc == 1 && (only = find_ladder(&p, a->argv[0])) == -1) {
		program_free(&p);
		rc = -1;
		goto done;
	}
	if (logset_load(&ls, h->datadir, NULL, NULL) == -1)
		rc = -1;
	progress_run(&pr, &p, ls.v, ls.n, hips_today(h));
	if (json)
		json_out(&out, &p, &pr, only);
	else {
		if (text_needs_howto(&p, &pr, only))
			program_howto_load(&p);
		text_out(&out, &p, &pr, only, why);
	}
	fwrite(buf_str(&out), 1, out.len, stdout);
	if (rc == 0)
		rc = logset_status(&ls);
	if (rc == 0)
		outcache_store(&oc, &out);
	progress_free(&pr);
	logset_free(&ls);
	program_free(&p);
done:
	outcache_free(&oc);
	buf_free(&ini);
	buf_free(&out);
	return rc;
}
