/* hips resume: end a clinician's hold or pause in force. */
#include <stdio.h>

#include "cmd.h"
#include "directive.h"
#include "entry.h"
#include "logset.h"
#include "program.h"

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

	if (cmd_load_program(&p) == -1)
		return -1;
	rc = -1;
	if ((li = directive_ladder(&p, "resume", a->argv[0], true)) == -2 ||
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
	if (directive_line(h, &e, DIR_RESUME, li >= 0 ? p.v[li].id : "all",
	    cmd_value(a, 'm')) == -1 || directive_write(h, &e) == -1)
		goto out;
	printf("resumed %s: 'hips next' follows the program again\n",
	    li >= 0 ? p.v[li].id : "every ladder");
	rc = 0;
out:
	program_free(&p);
	return rc;
}
