/*
 * hips hold, hips pause, hips set, hips resume: a clinician's
 * instructions, written to the log as lines of their own (hips(5)) and
 * honoured by `hips next` (directive.c, progress.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "directive.h"
#include "entry.h"
#include "logset.h"
#include "program.h"
#include "write.h"

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

/*
 * The ladder an operand names: its section name or one of its
 * exercises; "all" when allowed.  -1 for all, -2 on error.
 */
static int
find_ladder(const struct program *p, const char *cmd, const char *name,
    bool all)
{
	struct buf	 list = BUF_INIT;
	size_t		 k;
	int		 i;

	if (all && strcmp(name, "all") == 0)
		return -1;
	if ((i = program_ladder_id(p, name)) == -1)
		i = program_ladder_of(p, name);
	if (i >= 0)
		return i;
	for (k = 0; k < p->n; k++)
		buf_printf(&list, "%s%s", k ? ", " : "", p->v[k].id);
	error_set(EXIT_USAGE, "%s: no ladder '%s' in the program (ladders: "
	    "%s%s)", cmd, name, buf_str(&list), all ? "; or all" : "");
	buf_free(&list);
	return -2;
}

/* --until YYYY-MM-DD: today or later. */
static int
parse_until(const struct hips *h, const char *cmd, const char *arg,
    int64_t *day)
{
	const char	*why;

	if (strlen(arg) != 10 || date_parse(arg, 10, day, &why) == -1)
		return error_set(EXIT_USAGE, "%s: bad date '%s' for --until: "
		    "want YYYY-MM-DD", cmd, arg);
	if (*day < hips_today(h))
		return error_set(EXIT_USAGE, "%s: --until %s is in the past",
		    cmd, arg);
	return 0;
}

/* Fill e as a new instruction of kind d for ladder id, now. */
static int
new_line(const struct hips *h, struct entry *e, int d, const char *id,
    const char *note)
{
	char	 err[ERRLEN];

	memset(e, 0, sizeof(*e));
	e->hold = e->pain = e->rpe = -1;
	e->directive = d;
	e->name = id;
	e->dose_text = e->keys = e->note = "";
	e->until = DIRECTIVE_OPEN;
	e->when = h->now;
	e->day = htime_day(h->now);
	if (note != NULL) {
		if (note_check(note, strlen(note), err, sizeof(err)) == -1)
			return error_set(EXIT_USAGE, "%s", err);
		e->note = note;
	}
	return 0;
}

/* Write e with subject "KIND: LADDER[ STEP]". */
static int
write_line(struct hips *h, struct entry *e)
{
	struct buf	 subject = BUF_INIT;
	int		 rc;

	buf_printf(&subject, "%s: %s", directive_name(e->directive), e->name);
	if (e->directive == DIR_SET)
		buf_printf(&subject, " %d", e->dstep);
	rc = append_entry(h, e, buf_str(&subject));
	buf_free(&subject);
	return rc;
}

/* hold and pause: the same shape, an end date optional or required. */
static int
hold_or_pause(struct hips *h, const struct cmd_args *a, int d)
{
	const char	*cmd = directive_name(d), *until = cmd_value(a, 'u');
	struct program	 p;
	struct entry	 e;
	struct buf	 keys = BUF_INIT;
	char		 day[11];
	int		 li, rc = -1;

	if (d == DIR_PAUSE && until == NULL)
		return error_usage("pause: missing --until DATE (a pause has "
		    "an end; for no end, use 'hips hold')");
	if (load_program(&p) == -1)
		return -1;
	rc = -1;
	if ((li = find_ladder(&p, cmd, a->argv[0], d == DIR_PAUSE)) == -2 ||
	    new_line(h, &e, d, li == -1 ? "all" : p.v[li].id,
	    cmd_value(a, 'm')) == -1)
		goto out;
	if (until != NULL) {
		if (parse_until(h, cmd, until, &e.until) == -1)
			goto out;
		date_format(e.until, day);
		buf_printf(&keys, "until=%s", day);
		e.keys = buf_str(&keys);
	}
	if (write_line(h, &e) == -1)
		goto out;
	if (d == DIR_HOLD)
		printf("holding %s at its step", e.name);
	else
		printf("paused %s", strcmp(e.name, "all") == 0 ?
		    "every ladder" : e.name);
	if (until != NULL)
		printf(" until %s", day);
	else
		printf(" until 'hips resume %s'", e.name);
	printf("%s\n", d == DIR_HOLD ? ": sessions below target do not "
	    "count against it" : ": not due, and the days do not count as "
	    "time away");
	rc = 0;
out:
	buf_free(&keys);
	program_free(&p);
	return rc;
}

int
cmd_hold(struct hips *h, const struct cmd_args *a)
{
	return hold_or_pause(h, a, DIR_HOLD);
}

int
cmd_pause(struct hips *h, const struct cmd_args *a)
{
	return hold_or_pause(h, a, DIR_PAUSE);
}

int
cmd_set(struct hips *h, const struct cmd_args *a)
{
	struct program	 p;
	struct entry	 e;
	const struct ladder *l;
	char		*end;
	long		 step;
	int		 li, rc;

	if (load_program(&p) == -1)
		return -1;
	rc = -1;
	if ((li = find_ladder(&p, "set", a->argv[0], false)) < 0)
		goto out;
	l = &p.v[li];
	step = strtol(a->argv[1], &end, 10);
	if (a->argv[1][0] < '1' || a->argv[1][0] > '9' || *end != '\0' ||
	    step > (long)l->nsteps) {
		error_set(EXIT_USAGE, "set: bad step '%s': ladder %s has steps "
		    "1 to %zu (see 'hips program')", a->argv[1], l->id,
		    l->nsteps);
		goto out;
	}
	if (new_line(h, &e, DIR_SET, l->id, cmd_value(a, 'm')) == -1)
		goto out;
	e.dstep = (int)step;
	if (write_line(h, &e) == -1)
		goto out;
	printf("%s set to step %ld of %zu: %s\n", l->id, step, l->nsteps,
	    l->steps[step - 1].text);
	rc = 0;
out:
	program_free(&p);
	return rc;
}

int
cmd_resume(struct hips *h, const struct cmd_args *a)
{
	struct program	 p;
	struct entry	 e;
	struct logset	 ls;
	struct directives dirs;
	struct dstate	 st;
	size_t		 k;
	int		 li, rc;
	bool		 any = false;

	if (load_program(&p) == -1)
		return -1;
	rc = -1;
	if ((li = find_ladder(&p, "resume", a->argv[0], true)) == -2 ||
	    hips_datadir(h) == -1)
		goto out;
	/* Only what is in force can be resumed. */
	if (logset_load(&ls, h->datadir, NULL, NULL) == -1) {
		logset_free(&ls);
		goto out;
	}
	directives_gather(&dirs, ls.v, ls.n, hips_today(h));
	for (k = 0; k < p.n; k++) {
		if (li >= 0 && (int)k != li)
			continue;
		directives_at(&dirs, p.v[k].id, hips_today(h), &st);
		if (st.kind != DIR_NONE)
			any = true;
	}
	directives_free(&dirs);
	logset_free(&ls);
	if (!any) {
		error_set(EXIT_USAGE, "resume: no hold or pause of %s%s is in "
		    "force", li >= 0 ? "ladder " : "any ladder", li >= 0 ?
		    p.v[li].id : "");
		goto out;
	}
	if (new_line(h, &e, DIR_RESUME, li >= 0 ? p.v[li].id : "all",
	    cmd_value(a, 'm')) == -1 || write_line(h, &e) == -1)
		goto out;
	printf("resumed %s: 'hips next' follows the program again\n",
	    li >= 0 ? p.v[li].id : "every ladder");
	rc = 0;
out:
	program_free(&p);
	return rc;
}
