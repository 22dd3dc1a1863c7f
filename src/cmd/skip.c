/* hips skip: mark a rest, sick or travel day, or a range of them. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "entry.h"
#include "write.h"

#define SKIP_AHEAD	62	/* days a skip may be planned ahead */
#define SKIP_RANGE_MAX	62	/* days one skip --from --to may cover */

/* The days from..to, one skip line each, in one commit. */
static int
skip_range(struct hips *h, const struct entry *proto, struct htime from,
    struct htime to)
{
	struct writer	 w;
	struct entry	 e = *proto;
	struct buf	*lines, *rels, msg = BUF_INIT;
	const char	**lp, **rp;
	char		 d1[11], d2[11];
	int64_t		 day, first = htime_day(from), last = htime_day(to);
	size_t		 n, i;
	bool		 created;
	int		 rc = -1;

	if (last < first)
		return error_set(EXIT_USAGE, "skip: --to is before --from");
	if (last - first + 1 > SKIP_RANGE_MAX)
		return error_set(EXIT_USAGE, "skip: more than %d days from "
		    "--from to --to", SKIP_RANGE_MAX);
	n = (size_t)(last - first + 1);
	lines = xreallocarray(NULL, n, sizeof(*lines));
	rels = xreallocarray(NULL, n, sizeof(*rels));
	lp = xreallocarray(NULL, n, sizeof(*lp));
	rp = xreallocarray(NULL, n, sizeof(*rp));
	for (i = 0, day = first; i < n; i++, day++) {
		e.when = local_time(h, day, htime_tod(from));
		if (htime_day(e.when) != day)
			e.when = local_time(h, day, 12 * 3600);
		e.day = htime_day(e.when);
		buf_init(&lines[i]);
		buf_init(&rels[i]);
		entry_format(&e, &lines[i]);
		month_file(&e, &rels[i]);
		lp[i] = buf_str(&lines[i]);
		rp[i] = buf_str(&rels[i]);
	}
	date_format(first, d1);
	date_format(last, d2);
	buf_printf(&msg, "skip: %s to %s\n\n", d1, d2);
	for (i = 0; i < n; i++)
		buf_printf(&msg, "%s\n", lp[i]);
	created = first_write(h);
	if (writer_open(h, &w, true) == 0 && writer_append_lines(&w, n, rp, lp,
	    buf_str(&msg)) == 0) {
		if (created)
			warnmsg("created the data repository in %s",
			    buf_str(&w.dir));
		printf("skipped %s to %s (%zu days)\n", d1, d2, n);
		rc = 0;
	}
	writer_close(&w);
	for (i = 0; i < n; i++) {
		buf_free(&lines[i]);
		buf_free(&rels[i]);
	}
	free(lines);
	free(rels);
	free(lp);
	free(rp);
	buf_free(&msg);
	return rc;
}

int
cmd_skip(struct hips *h, const struct cmd_args *a)
{
	const char	*date = cmd_value(a, 'd'), *note = cmd_value(a, 'm');
	const char	*from = cmd_value(a, 'f'), *to = cmd_value(a, 't');
	struct entry	 e;
	struct buf	 subject = BUF_INIT;
	struct htime	 tfrom, tto;
	struct error	 err;
	char		 day[11];
	int		 i, rc;
	if ((from != NULL) != (to != NULL))
		return error_usage("skip: --from and --to go together");
	if (from != NULL && date != NULL)
		return error_usage("skip: -d or --from and --to, not both");
	memset(&e, 0, sizeof(e));
	e.hold = e.pain = e.rpe = -1;
	e.skip = true;
	e.name = "skip";
	e.dose_text = e.keys = e.note = "";
	/* pain=N only: the pain of a rest day counts in every pain rule. */
	for (i = 0; i < a->argc; i++) {
		if (strncmp(a->argv[i], "pain=", 5) != 0)
			return error_usage("skip: unexpected '%s' (a note goes "
			    "with -m, pain with pain=N)", a->argv[i]);
		if (key_check(a->argv[i], strlen(a->argv[i]), &e, &err) == -1)
			return error_set(EXIT_USAGE, "%s", err.msg);
		e.keys = a->argv[i];
	}
	if (note != NULL) {
		if (check_note(note) == -1)
			return -1;
		e.note = note;
	}
	if (from != NULL) {
		if (e.pain >= 0)
			return error_usage("skip: pain=N is for one day, not "
			    "--from and --to");
		if (parse_when(h, from, SKIP_AHEAD, &tfrom) == -1 ||
		    parse_when(h, to, SKIP_AHEAD, &tto) == -1)
			return -1;
		return skip_range(h, &e, tfrom, tto);
	}
	e.when = h->now;
	if (date != NULL && parse_when(h, date, SKIP_AHEAD, &e.when) == -1)
		return -1;
	e.day = htime_day(e.when);
	if (e.pain >= 0)
		buf_printf(&subject, "skip: %s", e.keys);
	else
		buf_puts(&subject, "skip");
	rc = append_entry(h, &e, buf_str(&subject));
	buf_free(&subject);
	if (rc == -1)
		return -1;
	date_format(e.day, day);
	printf("skipped %s\n", day);
	if (e.pain >= 0)
		pain_confirm(e.pain, false);
	return 0;
}
