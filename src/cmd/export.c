/*
 * hips export: every entry of the log as CSV (RFC 4180) or JSON, one row
 * per entry in time order, in the columns of xrow.h.  Only reads: the
 * work tree's log files.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "logset.h"
#include "xrow.h"

/* --from/--to DATE: a day, as the command line takes dates. */
static int
export_day(const struct hips *h, const char *arg, int64_t *day)
{
	struct error	 why;
	int		 tod;

	if (date_when_parse(arg, hips_today(h), day, &tod, &why) == -1)
		return error_set(EXIT_USAGE, "export: bad date '%s': %s", arg,
		    why.msg);
	return 0;
}

int
cmd_export(struct hips *h, const struct cmd_args *a)
{
	struct logset		 ls;
	struct xrow		 x;
	struct buf		 out = BUF_INIT;
	int64_t			 from = INT64_MIN, to = INT64_MAX;
	size_t			 i, nrow = 0;
	int			 fmt = 0, rc = 0;

	if (cmd_flag(a, 'c') && cmd_flag(a, 'j'))
		return error_usage("export: --csv or --json, not both");
	if (cmd_flag(a, 'c'))
		fmt = 'c';
	else if (cmd_flag(a, 'j'))
		fmt = 'j';
	else
		return error_usage("export: --csv or --json");
	if (cmd_value(a, 'f') != NULL &&
	    export_day(h, cmd_value(a, 'f'), &from) == -1)
		return -1;
	if (cmd_value(a, 't') != NULL &&
	    export_day(h, cmd_value(a, 't'), &to) == -1)
		return -1;
	if (from > to)
		return error_set(EXIT_USAGE, "export: --to is before --from");
	if (logset_load(&ls, h->datadir, NULL, NULL) == -1)
		rc = -1;
	logset_sort(&ls);
	xrow_init(&x);
	if (fmt == 'c')
		xrow_csv_header(&out);
	else
		buf_putc(&out, '[');
	for (i = 0; i < ls.n; i++) {
		if (ls.v[i].day < from || ls.v[i].day > to)
			continue;
		xrow_from_entry(&ls.v[i], &x);
		if (fmt == 'c')
			xrow_csv(&x, &out);
		else {
			buf_puts(&out, nrow > 0 ? ",\n" : "\n");
			xrow_json(&x, &out);
		}
		nrow++;
		/* Out in pieces: ten years of log need not sit in memory. */
		if (out.len > 65536) {
			fwrite(out.s, 1, out.len, stdout);
			buf_reset(&out);
		}
	}
	if (fmt == 'j')
		buf_puts(&out, nrow > 0 ? "\n]\n" : "]\n");
	fwrite(buf_str(&out), 1, out.len, stdout);
	if (rc == 0)
		rc = logset_status(&ls);
	xrow_free(&x);
	logset_free(&ls);
	buf_free(&out);
	return rc;
}
