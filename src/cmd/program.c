/* hips program: the ladders in use, their steps and the rules. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "config.h"
#include "known.h"
#include "program.h"

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
cmd_program(struct hips *h, const struct cmd_args *a)
{
	struct program		 p;
	struct buf		 out = BUF_INIT;
	bool			 names = cmd_flag(a, 'n');
	bool			 ladders = cmd_flag(a, 'l');
	bool			 custom = cmd_flag(a, 'c');
	bool			 keys = cmd_flag(a, 'k');
	size_t			 i;
	int			 rc = 0;

	(void)h;
	if (names + ladders + custom + keys > 1)
		return error_usage("program: one of --names, --ladders, "
		    "--custom and --keys");
	if (cmd_load_program(&p) == -1)
		return -1;
	if (custom || keys)
		rc = program_known(&out, &p, keys ? 'k' : 'c');
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
