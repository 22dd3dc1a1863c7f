/*
 * hips: a habit tracker for hip strength, kept in a git repository.
 *
 * main() parses the global options, finds the command in the table
 * (cmd.c), parses its command line and resolves what it needs, runs it,
 * and is the only place that prints its error and picks the exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

/* The local offset at t: HIPS_NOW's fixed offset, or the time zone's. */
int
hips_offset(const struct hips *h, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (h->now_fixed)
		return h->now.off;
	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return (int)tm.tm_gmtoff;
}

int64_t
hips_today(const struct hips *h)
{
	return htime_day(h->now);
}

static void
init_now(struct hips *h)
{
	const char	*v = getenv("HIPS_NOW");
	static struct error	 why;	/* h->now_error points into it */

	if (v != NULL && v[0] != '\0') {
		if (rfc3339_parse(v, strlen(v), &h->now, &why) == -1) {
			h->now_error = why.msg;
			h->now.t = (int64_t)time(NULL);
			h->now.off = 0;
			return;
		}
		h->now_fixed = true;
		return;
	}
	h->now.t = (int64_t)time(NULL);
	h->now.off = hips_offset(h, h->now.t);
}

/* "unknown command 'nxet': did you mean 'next'?", when one is close. */
static void
unknown_command(const char *name)
{
	struct buf	 hint = BUF_INIT;

	if (cmd_hint(name, &hint)) {
		fputs("hips: unknown command '", stderr);
		fput_safe(stderr, name);
		fprintf(stderr, "': %s (see 'hips help')\n", buf_str(&hint));
	} else {
		warnmsg("unknown command '%s'", name);
		cmd_usage_main(stderr);
	}
	buf_free(&hint);
}

/*
 * The data directory of a command that needs it, into buf dir.  When the
 * command takes it lazily, failing to find it is the command's to report
 * (hips_datadir()), or not: the error moves into h->dir_err.
 */
static int
need_datadir(struct hips *h, const struct cmd *c, struct buf *dir)
{
	if (!(c->flags & CMD_DATADIR))
		return 0;
	if (path_datadir(h->dir_opt, dir) == 0) {
		h->datadir = buf_str(dir);
		return 0;
	}
	if (!(c->flags & CMD_LAZY_DIR))
		return -1;
	h->dir_err.status = error_status();
	snprintf(h->dir_err.msg, sizeof(h->dir_err.msg), "%s", error_msg());
	/* Not lost: kept in h->dir_err, for hips_datadir(). */
	error_clear();
	return 0;
}

/* Give a stand-in to each of fds 0, 1 and 2 that is closed. */
static void
std_fds(void)
{
	static const char *const	 stand_in[3] = { "/dev/null",
	    "/dev/full", "/dev/null" };
	int				 fd, i;

	for (i = 0; i < 3; i++) {
		if (fcntl(i, F_GETFD) != -1)
			continue;
		fd = open(stand_in[i], i == 0 ? O_RDONLY : O_WRONLY);
		if (fd != -1 && fd != i) {
			/* Should not happen: lower fds are taken. */
			close(fd);
			_exit(EXIT_FAIL);
		}
		if (fd == -1)
			_exit(EXIT_FAIL);
	}
}

int
main(int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct hips			 h;
	struct cmd_args			 a;
	struct buf			 datadir = BUF_INIT;
	const struct cmd		*c;
	const char			*term;
	char				 msg[256];
	bool				 out_closed;
	int				 ch, rc, status = 0;

	/*
	 * A standard descriptor that is closed would be the next file
	 * opened, and a report or message would land in the data: each gets
	 * a stand-in.  Writes to a closed stdout fail (/dev/full), as they
	 * would have, and are reported.
	 */
	out_closed = fcntl(STDOUT_FILENO, F_GETFD) == -1;
	std_fds();
	/* Whole lines on stderr, each in one write. */
	setvbuf(stderr, NULL, _IOLBF, BUFSIZ);
	memset(&h, 0, sizeof(h));
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:C:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'C':
			if (optarg[0] == '\0') {
				fputs("hips: -C needs a directory\n", stderr);
				return EXIT_USAGE;
			}
			h.dir_opt = optarg;
			break;
		case 'h':
			cmd_usage_main(stdout);
			return stdout_failed() ? EXIT_FAIL : 0;
		case 'V':
			puts("hips " HIPS_VERSION);
			return stdout_failed() ? EXIT_FAIL : 0;
		case ':':
			warnmsg("option '%s' needs a value", argv[optind - 1]);
			cmd_usage_main(stderr);
			return EXIT_USAGE;
		default:
			warnmsg("unknown option '%s'", argv[optind - 1]);
			cmd_usage_main(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		fputs("hips: no command given\n", stderr);
		cmd_usage_main(stderr);
		return EXIT_USAGE;
	}
	if ((c = cmd_find(argv[0])) == NULL) {
		unknown_command(argv[0]);
		return EXIT_USAGE;
	}
	init_now(&h);
	term = getenv("TERM");
	h.color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL &&
	    (term == NULL || strcmp(term, "dumb") != 0);
	if (h.now_error != NULL && !(c->flags & CMD_LAZY_NOW)) {
		fprintf(stderr, "hips: bad HIPS_NOW: %s\n", h.now_error);
		return EXIT_USAGE;
	}

	if ((rc = cmd_parse(c, argc, argv, &a)) == 0 &&
	    (rc = need_datadir(&h, c, &datadir)) == 0)
		rc = c->run(&h, &a);
	if (rc == -1) {
		errline(error_msg());
		if (error_wants_usage())
			cmd_usage(stderr, c);
		status = error_status();
	}
	cmd_args_free(&a);
	buf_free(&datadir);
	if (stdout_failed()) {
		/*
		 * Exit 1 says nothing changed, and the user would run the
		 * command again: a write that committed says so instead.
		 */
		snprintf(msg, sizeof(msg), "cannot write to standard output: "
		    "%s%s", out_closed ? "it is closed" : strerror(errno),
		    status == 0 && error_was_committed() ? " (the change is "
		    "committed all the same: running the command again would "
		    "repeat it)" : "");
		errline(msg);
		if (status == 0)
			status = error_was_committed() ? EXIT_OUTPUT :
			    EXIT_FAIL;
	}
	return status;
}
