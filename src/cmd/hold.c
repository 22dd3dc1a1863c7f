/*
 * hips hold and hips pause: a clinician's instruction to stay at a step,
 * or not to be due until a date.  The same shape: an end date optional
 * or required.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "entry.h"
#include "program.h"

/* --until YYYY-MM-DD: today or later. */
static int
parse_until(const struct hips *h, const char *cmd, const char *arg,
    int64_t *day)
{
	struct error	 why;

	if (strlen(arg) != 10 || date_parse(arg, 10, day, &why) == -1)
		return error_set(EXIT_USAGE, "%s: bad date '%s' for --until: "
		    "want YYYY-MM-DD", cmd, arg);
	if (*day < hips_today(h))
		return error_set(EXIT_USAGE, "%s: --until %s is in the past",
		    cmd, arg);
	return 0;
}

/* hold and pause: the same shape, an end date optional or required. */
int
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
	if (cmd_load_program(&p) == -1)
		return -1;
	rc = -1;
	if ((li = directive_ladder(&p, cmd, a->argv[0], d == DIR_PAUSE)) == -2 ||
	    directive_line(h, &e, d, li == -1 ? "all" : p.v[li].id,
	    cmd_value(a, 'm')) == -1)
		goto out;
	if (until != NULL) {
		if (parse_until(h, cmd, until, &e.until) == -1)
			goto out;
		date_format(e.until, day);
		buf_printf(&keys, "until=%s", day);
		e.keys = buf_str(&keys);
	}
	if (directive_write(h, &e) == -1)
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
