/* hips set: a clinician's instruction: the step to do from today. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "entry.h"
#include "program.h"

int
cmd_set(struct hips *h, const struct cmd_args *a)
{
	struct program	 p;
	struct entry	 e;
	const struct ladder *l;
	char		*end;
	long		 step;
	int		 li, rc;

	if (cmd_load_program(&p) == -1)
		return -1;
	rc = -1;
	if ((li = directive_ladder(&p, "set", a->argv[0], false)) < 0)
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
	if (directive_line(h, &e, DIR_SET, l->id, cmd_value(a, 'm')) == -1)
		goto out;
	e.dstep = (int)step;
	if (directive_write(h, &e) == -1)
		goto out;
	printf("%s set to step %ld of %zu: %s\n", l->id, step, l->nsteps,
	    l->steps[step - 1].text);
	rc = 0;
out:
	program_free(&p);
	return rc;
}
