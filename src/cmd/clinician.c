/*
 * What hips hold, pause, set and resume share: a clinician's
 * instructions, written to the log as lines of their own (hips(5)) and
 * honoured by `hips next` (src/directive.c, progress.c).
 */
#include <string.h>

#include "cmd.h"
#include "directive.h"
#include "entry.h"
#include "program.h"

/*
 * The ladder an operand names: its section name or one of its
 * exercises; "all" when allowed.  -1 for all, -2 on error.
 */
int
directive_ladder(const struct program *p, const char *cmd, const char *name,
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

/* Fill e as a new instruction of kind d for ladder id, now. */
int
directive_line(const struct hips *h, struct entry *e, int d, const char *id,
    const char *note)
{
	struct error	 err;

	memset(e, 0, sizeof(*e));
	e->hold = e->pain = e->rpe = -1;
	e->directive = d;
	e->name = id;
	e->dose_text = e->keys = e->note = "";
	e->until = DIRECTIVE_OPEN;
	e->when = h->now;
	e->day = htime_day(h->now);
	if (note != NULL) {
		if (note_check(note, strlen(note), &err) == -1)
			return error_set(EXIT_USAGE, "%s", err.msg);
		e->note = note;
	}
	return 0;
}

/* Write e with subject "KIND: LADDER[ STEP]". */
int
directive_write(struct hips *h, struct entry *e)
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
