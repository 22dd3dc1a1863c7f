/*
 * hips next: what to do today, and why.  hips program: the ladders in
 * use.  Both only read: the work tree's log files and program.ini.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "config.h"
#include "json.h"
#include "known.h"
#include "logset.h"
#include "program.h"
#include "outcache.h"
#include "progress.h"
#include "explain.h"

static int
load_program(struct program *p)
{
	struct buf	 dir = BUF_INIT;
	int		 rc;

	if (path_confdir(&dir) == -1)
		return -1;
	rc = program_load(p, buf_str(&dir));
	buf_free(&dir);
	return rc;
}

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

static void
text_ladder(struct buf *b, const struct program *p,
    const struct progress *pr, size_t i, bool why, bool full)
{
	const struct ladder	*l = &p->v[i];
	const struct suggestion	*s = &pr->v[i];
	const struct step	*st = &l->steps[s->step];
	size_t			 k;

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
	if (!s->started) {
		if (l->how != NULL) {
			buf_puts(b, "  how: ");
			buf_add_safe(b, l->how);
			buf_putc(b, '\n');
		}
		for (k = 0; k < l->ntips; k++) {
			buf_puts(b, "  tip: ");
			buf_add_safe(b, l->tips[k]);
			buf_putc(b, '\n');
		}
		if (s->unlocked)
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
cmd_next(struct hips *h, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "why", no_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct program		 p;
	struct progress		 pr;
	struct logset		 ls;
	struct buf		 dir = BUF_INIT, out = BUF_INIT, ini = BUF_INIT;
	struct outcache		 oc;
	bool			 why = false, json = false;
	int			 ch, only = -1, rc = 0;

	while ((ch = cmd_getopt(cmd_find("next"), argc, argv, "", longopts))
	    != -1) {
		switch (ch) {
		case -2:
			return 0;
		case -3:
			return -1;
		case 'w':
			why = true;
			break;
		case 'j':
			json = true;
			break;
		}
	}
	if (argc - cmd_optind > 1)
		return error_usage("next: too many operands");
	if (path_datadir(h->dir_opt, &dir) == -1)
		return -1;
	if (path_confdir(&ini) == 0)
		buf_puts(&ini, "/program.ini");
	if (outcache_lookup(&oc, "next", buf_str(&dir), ini.len ?
	    buf_str(&ini) : NULL, hips_today(h), argc, argv, &out) == 1) {
		fwrite(buf_str(&out), 1, out.len, stdout);
		goto done;
	}
	argc -= cmd_optind;
	argv += cmd_optind;
	if (load_program(&p) == -1) {
		rc = -1;
		goto done;
	}
	if (argc == 1 && (only = find_ladder(&p, argv[0])) == -1) {
		program_free(&p);
		rc = -1;
		goto done;
	}
	if (logset_load(&ls, buf_str(&dir), NULL, NULL) == -1)
		rc = -1;
	progress_run(&pr, &p, ls.v, ls.n, hips_today(h));
	if (json)
		json_out(&out, &p, &pr, only);
	else
		text_out(&out, &p, &pr, only, why);
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
	buf_free(&dir);
	return rc;
}

static void
program_text(struct buf *b, const struct program *p)
{
	const struct rules	*r = &p->rules;
	const struct ladder	*l;
	size_t			 i, k;

	buf_puts(b, "program: ");
	if (p->source != NULL)
		buf_add_safe(b, p->source);
	else
		buf_puts(b, "built-in");
	buf_printf(b, "\nrules: move up after %d clean sessions on different "
	    "days, one step a day;\n  pain %d or more holds the step, %d or "
	    "more steps back; %d sessions in a row\n  below target step back; "
	    "away %d days repeats the step, %d one step back,\n  %d two steps "
	    "back (skip days not counted); pain %d or more twice in %d days\n"
	    "  or a 7-day average %d above the 28 days before pauses "
	    "progression\n", r->advance_after, r->hold_pain, r->back_pain,
	    r->below_target, r->repeat_gap, r->back_gap, r->back2_gap,
	    r->back_pain, r->pain_window, r->pain_rise);
	buf_printf(b, "  (sessions, skips with pain= and pain lines); so does "
	    "pain %d or more\n  on %d of the last %d days with a record "
	    "(within %d days); pain %d or more\n  on any day stops until %d "
	    "days in a row at pain %d or less;\n  rpe %d or more is not "
	    "clean; after %d days away the ladders come back one\n  at a "
	    "time, each after %d clean sessions of the one before\n",
	    r->hold_pain, r->persist_days, r->persist_of, r->persist_window,
	    r->stop_pain, r->calm_days, r->calm_pain, r->clean_rpe,
	    r->return_gap, r->return_after);
	for (i = 0; i < p->n; i++) {
		l = &p->v[i];
		buf_putc(b, '\n');
		buf_add_safe(b, l->title);
		buf_printf(b, " [%s], ", l->id);
		if (l->unlock == -1)
			buf_puts(b, "from the start\n");
		else
			buf_printf(b, "unlocks when %s reaches step %d\n",
			    p->v[l->unlock].id, l->unlock_step);
		if (l->how != NULL) {
			buf_puts(b, "  ");
			buf_add_safe(b, l->how);
			buf_putc(b, '\n');
		}
		for (k = 0; k < l->nsteps; k++) {
			buf_printf(b, "  %2zu. %s", k + 1, l->steps[k].text);
			if (l->steps[k].per_week > 0)
				buf_printf(b, " (%d days a week)",
				    l->steps[k].per_week);
			buf_putc(b, '\n');
		}
		for (k = 0; k < l->ntips; k++) {
			buf_puts(b, "  tip: ");
			buf_add_safe(b, l->tips[k]);
			buf_putc(b, '\n');
		}
	}
}

/*
 * Every exercise name, once, in program order (a name belongs to one
 * ladder, but may name several of its steps).
 */
static void
program_names(struct buf *b, const struct program *p)
{
	const struct ladder	*l;
	size_t			 i, k, k2;

	for (i = 0; i < p->n; i++) {
		l = &p->v[i];
		for (k = 0; k < l->nsteps; k++) {
			for (k2 = 0; k2 < k; k2++)
				if (strcmp(l->steps[k2].name,
				    l->steps[k].name) == 0)
					break;
			if (k2 == k)
				buf_printf(b, "%s\n", l->steps[k].name);
		}
	}
}

/*
 * For completions: the exercises config.ini declares ('c') or every key
 * hips log takes, built in or declared there ('k'), one per line.
 */
static int
program_known(struct buf *b, const struct program *p, int what)
{
	struct config	 cfg;
	struct known	 k;
	struct buf	 dir = BUF_INIT;
	size_t		 i;

	if (path_confdir(&dir) == -1 || config_load(&cfg, buf_str(&dir)) ==
	    -1) {
		buf_free(&dir);
		return -1;
	}
	known_init(&k, p, &cfg);
	if (what == 'k')
		for (i = 0; i < k.nkeys; i++)
			buf_printf(b, "%s\n", k.keys[i]);
	else
		for (i = 0; i < k.nnames; i++)
			if (program_ladder_of(p, k.names[i]) == -1)
				buf_printf(b, "%s\n", k.names[i]);
	known_free(&k);
	buf_free(&dir);
	return 0;
}

int
cmd_program(struct hips *h, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "names", no_argument, NULL, 'n' },
		{ "ladders", no_argument, NULL, 'l' },
		{ "custom", no_argument, NULL, 'c' },
		{ "keys", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct program		 p;
	struct buf		 out = BUF_INIT;
	bool			 names = false, ladders = false;
	size_t			 i;
	int			 ch, known = 0, rc = 0;

	(void)h;
	while ((ch = cmd_getopt(cmd_find("program"), argc, argv, "",
	    longopts)) != -1) {
		switch (ch) {
		case -2:
			return 0;
		case -3:
			return -1;
		case 'n':
			names = true;
			break;
		case 'l':
			ladders = true;
			break;
		case 'c':
		case 'k':
			if (known != 0 && known != ch)
				return error_usage("program: --custom or "
				    "--keys, not both");
			known = ch;
			break;
		}
	}
	if (cmd_optind < argc)
		return error_usage("program: unexpected '%s'",
		    argv[cmd_optind]);
	if ((names && ladders) || (known != 0 && (names || ladders)))
		return error_usage("program: one of --names, --ladders, "
		    "--custom and --keys");
	if (load_program(&p) == -1)
		return -1;
	if (known != 0)
		rc = program_known(&out, &p, known);
	else if (names)
		program_names(&out, &p);
	else if (ladders)
		for (i = 0; i < p.n; i++)
			buf_printf(&out, "%s\n", p.v[i].id);
	else
		program_text(&out, &p);
	fwrite(buf_str(&out), 1, out.len, stdout);
	buf_free(&out);
	program_free(&p);
	return rc;
}
