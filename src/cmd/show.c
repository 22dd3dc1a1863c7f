/*
 * hips show: how to do a step of the program, from its EXERCISE.KEY
 * lines in program.ini.  Only reads: program.ini and, for the step you
 * are on, the log files (never libgit2).
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "known.h"
#include "logset.h"
#include "program.h"
#include "progress.h"

#define SHOW_WIDTH	78

static const char show_safety[] =
    "Stop on sharp pain, or pain that spreads down a leg, and log it with "
    "pain=\n(hips is not medical advice; 'man hips' has the pain rules).\n";

/* The log replayed, for the step each ladder is at today. */
static int
load_progress(struct hips *h, const struct program *p, struct logset *ls,
    struct progress *pr)
{
	int	 rc = 0;

	if (logset_load(ls, h->datadir, NULL, NULL) == -1)
		rc = -1;
	progress_run(pr, p, ls->v, ls->n, hips_today(h));
	return rc;
}

/* One step: a heading, the instructions, how to log it. */
static void
show_step(struct buf *b, const struct program *p, const struct progress *pr,
    size_t i, size_t k)
{
	const struct ladder	*l = &p->v[i];
	const struct step	*st = &l->steps[k];

	buf_add_safe(b, l->title);
	buf_printf(b, ", step %zu of %zu: %s", k + 1, l->nsteps, st->text);
	if (st->per_week > 0)
		buf_printf(b, " (%d days a week)", st->per_week);
	if (pr != NULL && pr->v[i].started && (size_t)pr->v[i].step == k)
		buf_puts(b, ", your step now");
	buf_putc(b, '\n');
	program_howto_text(b, l, st, "  ", SHOW_WIDTH);
	if (program_howto(l, st->name) == NULL)
		buf_printf(b, "  (no instructions for '%s' in %s)\n", st->name,
		    p->source != NULL ? p->source : "the program");
	buf_printf(b, "  log it:    hips log %s\n", st->text);
}

/* "LADDER:STEP": the ladder and the 0-based step, or -1. */
static int
ladder_step(const struct program *p, const char *arg, size_t *k)
{
	const char	*colon = strchr(arg, ':');
	char		*id, *end;
	long		 n;
	int		 i;

	if (colon == NULL)
		return -1;
	id = xstrdup(arg);
	id[colon - arg] = '\0';
	i = program_ladder_id(p, id);
	free(id);
	if (i == -1)
		return error_set(EXIT_USAGE, "show: no ladder '%.*s' in the "
		    "program (see 'hips program --ladders')",
		    (int)(colon - arg > 40 ? 40 : colon - arg), arg);
	n = strtol(colon + 1, &end, 10);
	if (colon[1] < '1' || colon[1] > '9' || *end != '\0' || n < 1 ||
	    (size_t)n > p->v[i].nsteps)
		return error_set(EXIT_USAGE, "show: '%s': ladder [%s] has "
		    "steps 1 to %zu", arg, p->v[i].id, p->v[i].nsteps);
	*k = (size_t)n - 1;
	return i;
}

/* Add name to the n names unless it is there; the new count. */
static size_t
add_name(const char **names, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return n;
	names[n] = name;
	return n + 1;
}

/* An unknown name: exit 2, with "did you mean" when one is close. */
static int
unknown(const struct program *p, const char *name)
{
	const char	**names;
	struct buf	 hint = BUF_INIT;
	size_t		 i, k, n = 0, max = 0;
	int		 rc;

	for (i = 0; i < p->n; i++)
		max += 1 + p->v[i].nsteps;
	names = xreallocarray(NULL, max, sizeof(*names));
	for (i = 0; i < p->n; i++) {
		n = add_name(names, n, p->v[i].id);
		for (k = 0; k < p->v[i].nsteps; k++)
			n = add_name(names, n, p->v[i].steps[k].name);
	}
	if (suggest(&hint, name, strlen(name), names, n))
		rc = error_set(EXIT_USAGE, "show: no exercise '%s' in the "
		    "program: %s (see 'hips program --names')", name,
		    buf_str(&hint));
	else
		rc = error_set(EXIT_USAGE, "show: no exercise '%s' in the "
		    "program (see 'hips program --names')", name);
	buf_free(&hint);
	free(names);
	return rc;
}

/*
 * A ladder: the step you are on (the first before you start).  An
 * exercise: that step when it names the exercise, else its first step.
 */
static int
find_step(const struct program *p, const struct progress *pr,
    const char *name, size_t *k)
{
	const struct ladder	*l;
	int			 i;
	size_t			 j;

	if ((i = program_ladder_id(p, name)) != -1) {
		*k = pr->v[i].started ? (size_t)pr->v[i].step : 0;
		return i;
	}
	if ((i = program_ladder_of(p, name)) == -1)
		return -1;
	l = &p->v[i];
	if (pr->v[i].started &&
	    strcmp(l->steps[pr->v[i].step].name, name) == 0) {
		*k = (size_t)pr->v[i].step;
		return i;
	}
	for (j = 0; j < l->nsteps; j++)
		if (strcmp(l->steps[j].name, name) == 0)
			break;
	*k = j;
	return i;
}

/* No operand: every step due today; with no log, the one to start with. */
static void
show_due(struct buf *b, const struct program *p, const struct progress *pr)
{
	size_t	 i, n = 0;

	if (!pr->any && !pr->paused) {
		buf_puts(b, "No sessions in the log yet. Start with one "
		    "exercise, practised well:\n\n");
		show_step(b, p, pr, 0, 0);
		return;
	}
	for (i = 0; i < p->n; i++) {
		if (!pr->v[i].due)
			continue;
		if (n++ > 0)
			buf_putc(b, '\n');
		show_step(b, p, pr, i, (size_t)pr->v[i].step);
	}
	if (n == 0)
		buf_puts(b, pr->paused ? "Nothing is due today: progression "
		    "is paused (see 'hips next').\n" : "Nothing is due today "
		    "(see 'hips next').\n");
}

int
cmd_show(struct hips *h, const struct cmd_args *a)
{
	struct program		 p;
	struct progress		 pr;
	struct logset		 ls;
	struct buf		 out = BUF_INIT;
	const char		*arg;
	size_t			 k = 0;
	int			 i, rc = 0;
	bool			 have_pr = false;

	arg = a->argc == 1 ? a->argv[0] : NULL;
	if (cmd_load_program(&p) == -1)
		return -1;
	program_howto_load(&p);
	if (arg != NULL && strchr(arg, ':') != NULL) {
		/* A step by number needs no log. */
		if ((i = ladder_step(&p, arg, &k)) == -1) {
			rc = -1;
			goto out;
		}
		show_step(&out, &p, NULL, (size_t)i, k);
	} else if (arg != NULL && program_ladder_id(&p, arg) == -1 &&
	    program_ladder_of(&p, arg) == -1) {
		rc = unknown(&p, arg);
		goto out;
	} else {
		if (hips_datadir(h) == -1) {
			rc = -1;
			goto out;
		}
		rc = load_progress(h, &p, &ls, &pr);
		have_pr = true;
		if (arg == NULL)
			show_due(&out, &p, &pr);
		else {
			i = find_step(&p, &pr, arg, &k);
			show_step(&out, &p, &pr, (size_t)i, k);
		}
	}
	if (have_pr && pr.paused)
		buf_puts(&out, "\nRest, or only what is pain-free, until the "
		    "pause lifts ('hips next' says when).\n");
	buf_putc(&out, '\n');
	buf_puts(&out, show_safety);
	fwrite(buf_str(&out), 1, out.len, stdout);
	if (have_pr) {
		if (rc == 0)
			rc = logset_status(&ls);
		progress_free(&pr);
		logset_free(&ls);
	}
out:
	buf_free(&out);
	program_free(&p);
	return rc;
}
