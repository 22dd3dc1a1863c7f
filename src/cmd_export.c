/*
 * hips export: every entry of the log as CSV (RFC 4180) or JSON, one row
 * per entry in time order, in the columns of xrow.h.  Only reads: the
 * work tree's log files.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "logset.h"
#include "xrow.h"

/* --from/--to DATE: a day, as the command line takes dates. */
static int
export_day(const struct hips *h, const char *arg, int64_t *day)
{
	const char	*why;
	int		 tod;

	if (date_when_parse(arg, hips_today(h), day, &tod, &why) == -1)
		return error_set(EXIT_USAGE, "export: bad date '%s': %s", arg,
		    why);
	return 0;
}

int
cmd_export(struct hips *h, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct logset		 ls;
	struct xrow		 x;
	struct buf		 dir = BUF_INIT, out = BUF_INIT;
	int64_t			 from = INT64_MIN, to = INT64_MAX;
	size_t			 i, nrow = 0;
	int			 ch, fmt = 0, rc = 0;

	while ((ch = cmd_getopt(cmd_find("export"), argc, argv, "", longopts))
	    != -1) {
		switch (ch) {
		case -2:
			return 0;
		case -3:
			return -1;
		case 'c':
		case 'j':
			if (fmt != 0 && fmt != ch)
				return error_usage("export: --csv or --json, "
				    "not both");
			fmt = ch;
			break;
		case 'f':
			if (export_day(h, cmd_optarg, &from) == -1)
				return -1;
			break;
		case 't':
			if (export_day(h, cmd_optarg, &to) == -1)
				return -1;
			break;
		}
	}
	if (cmd_optind < argc)
		return error_usage("export: unexpected '%s'", argv[cmd_optind]);
	if (fmt == 0)
		return error_usage("export: --csv or --json");
	if (from > to)
		return error_set(EXIT_USAGE, "export: --to is before --from");
	if (path_datadir(h->dir_opt, &dir) == -1)
		return -1;
	if (logset_load(&ls, buf_str(&dir), NULL, NULL) == -1)
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
	buf_free(&dir);
	return rc;
}
