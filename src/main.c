/*
 * hips: a habit tracker for hip strength, kept in a git repository.
 *
 * main() parses the global options, finds the command in a sorted table,
 * runs it, and is the only place that prints its error and picks the exit
 * status.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hips.h"
#include "known.h"

/* Sorted by name. */
static const struct cmd commands[] = {
	{ "check", "", "validate the data and settings files", cmd_check,
	    CMD_LAZY_NOW },
	{ "cues", "[--daily] [-c CONTEXT] [--list] [--dump]",
	    "print an everyday-mechanics reminder", cmd_cues, 0 },
	{ "git", "ARGS...", "run git inside the data directory", cmd_git,
	    CMD_LAZY_NOW },
	{ "help", "[--commands] [COMMAND]", "show usage", cmd_help, 0 },
	{ "hold", "[--until DATE] [-m NOTE] LADDER",
	    "a clinician's instruction: stay at this step", cmd_hold, 0 },
	{ "init", "[--remote URL]", "create the data repository", cmd_init,
	    0 },
	{ "log", "[--custom] [-d DATE] [-m NOTE] EXERCISE DOSE [KEY=VALUE ...]\n"
	    "hips log [-n COUNT] [--json]",
	    "record a session, or show recent entries", cmd_log, 0 },
	{ "next", "[--why] [--json] [EXERCISE]", "what to do today, and why",
	    cmd_next, 0 },
	{ "pain", "[-d DATE] [-m NOTE] N", "record pain (0 to 10) on any day",
	    cmd_pain, 0 },
	{ "pause", "--until DATE [-m NOTE] LADDER|all",
	    "a clinician's instruction: not due until a date", cmd_pause, 0 },
	{ "program", "[--names | --ladders | --custom | --keys]",
	    "show the ladders in use",
	    cmd_program, CMD_LAZY_NOW },
	{ "resume", "[-m NOTE] LADDER|all",
	    "end a clinician's hold or pause", cmd_resume, 0 },
	{ "set", "[-m NOTE] LADDER STEP",
	    "a clinician's instruction: the step to do", cmd_set, 0 },
	{ "skip", "[-d DATE] [-m NOTE] [pain=N]\n"
	    "hips skip --from DATE --to DATE [-m NOTE]",
	    "mark a rest, sick or travel day", cmd_skip, 0 },
	{ "streak", "[--calendar [-w WEEKS]] [--json]\n"
	    "hips streak --prompt",
	    "show your streak and habit strength", cmd_streak, CMD_LAZY_NOW },
	{ "sync", "[-v] [--allow-unrelated]",
	    "fetch, merge and push the remote", cmd_sync, CMD_LAZY_NOW },
	{ "undo", "", "remove the last entry (with a new commit)", cmd_undo,
	    0 },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

char	*cmd_optarg;
int	 cmd_optind;

const struct cmd *
cmd_list(size_t *n)
{
	*n = NCOMMANDS;
	return commands;
}

const struct cmd *
cmd_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* "usage: hips NAME ARGS", continuation lines indented like git's. */
void
cmd_usage(FILE *fp, const struct cmd *c)
{
	const char	*p, *nl;

	fprintf(fp, "usage: hips %s", c->name);
	for (p = c->args; ; p = nl + 1) {
		nl = strchr(p, '\n');
		if (p != c->args)
			fputs("       ", fp);
		if (*p != '\0' && strncmp(p, "hips ", 5) != 0)
			fputc(' ', fp);
		fwrite(p, 1, nl ? (size_t)(nl - p) : strlen(p), fp);
		fputc('\n', fp);
		if (nl == NULL)
			break;
	}
}

static void
usage_main(FILE *fp)
{
	size_t	 i;

	fputs("usage: hips [-C DATADIR] [-h] [-V] COMMAND [ARGS]\n\n", fp);
	fputs("commands:\n", fp);
	for (i = 0; i < NCOMMANDS; i++)
		if (!(commands[i].flags & CMD_HIDDEN))
			fprintf(fp, "  %-8s %s\n", commands[i].name,
			    commands[i].summary);
	fputs("\n'hips help COMMAND' or 'hips COMMAND -h' shows a command's "
	    "usage; man hips has the rest.\n", fp);
}

/* "unknown command 'lgo': did you mean 'log'?", when one is close. */
static bool
command_hint(const char *name)
{
	const char	*names[NCOMMANDS];
	struct buf	 hint = BUF_INIT;
	size_t		 i, n = 0;
	bool		 found;

	for (i = 0; i < NCOMMANDS; i++)
		if (!(commands[i].flags & CMD_HIDDEN))
			names[n++] = commands[i].name;
	if ((found = suggest(&hint, name, strlen(name), names, n))) {
		fputs("hips: unknown command '", stderr);
		fput_safe(stderr, name);
		fprintf(stderr, "': %s (see 'hips help')\n", buf_str(&hint));
	}
	buf_free(&hint);
	return found;
}

/* The long options of a command, for "did you mean '--json'?". */
static void
option_hint(const char *arg, const struct option *longopts, struct buf *out)
{
	const char	*names[32];
	size_t		 n = 0, len;

	for (; longopts->name != NULL && n < 32; longopts++)
		names[n++] = longopts->name;
	len = strcspn(arg + 2, "=");
	if (suggest(out, arg + 2, len, names, n)) {
		/* did you mean 'json'? -> did you mean '--json'? */
		struct buf	 b = BUF_INIT;
		const char	*p;

		for (p = buf_str(out); *p != '\0'; p++) {
			buf_putc(&b, *p);
			if (*p == '\'' && (p == buf_str(out) ||
			    p[-1] == ' '))
				buf_puts(&b, "--");
		}
		buf_reset(out);
		buf_puts(out, buf_str(&b));
		buf_free(&b);
	}
}

int
cmd_getopt(const struct cmd *c, int argc, char **argv, const char *shortopts,
    const struct option *longopts)
{
	static const struct option	 none[] = { { NULL, 0, NULL, 0 } };
	char				 spec[64];
	int				 ch;

	/*
	 * Options may follow operands (GNU style) unless shortopts starts
	 * with '+'; ':' reports a missing value apart from an unknown option.
	 */
	if (snprintf(spec, sizeof(spec), "%s:%sh",
	    shortopts[0] == '+' ? "+" : "",
	    shortopts + (shortopts[0] == '+')) >= (int)sizeof(spec))
		abort();
	opterr = 0;
	ch = getopt_long(argc, argv, spec, longopts ? longopts : none, NULL);
	cmd_optarg = optarg;
	cmd_optind = optind;
	switch (ch) {
	case 'h':
		cmd_usage(stdout, c);
		cmd_explain(stdout, c->name);
		return -2;
	case ':':
		error_usage("%s: option '%s' needs a value", c->name,
		    argv[optind - 1]);
		return -3;
	case '?':
		if (optopt != 0)
			error_usage("%s: unknown option '-%c'", c->name,
			    optopt);
		else {
			struct buf	 hint = BUF_INIT;

			if (strncmp(argv[optind - 1], "--", 2) == 0)
				option_hint(argv[optind - 1], longopts ?
				    longopts : none, &hint);
			if (hint.len > 0)
				error_set(EXIT_USAGE, "%s: unknown option "
				    "'%s': %s", c->name, argv[optind - 1],
				    buf_str(&hint));
			else
				error_usage("%s: unknown option '%s'",
				    c->name, argv[optind - 1]);
			buf_free(&hint);
		}
		return -3;
	}
	return ch;
}

int
cmd_help(struct hips *h, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "commands", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd		*c;
	bool				 list = false;
	size_t				 i;
	int				 ch;

	(void)h;
	optind = 0;
	while ((ch = cmd_getopt(cmd_find("help"), argc, argv, "", longopts))
	    != -1) {
		if (ch == -2)
			return 0;
		if (ch == -3)
			return -1;
		list = true;
	}
	argc -= cmd_optind;
	argv += cmd_optind;
	if (list) {
		if (argc > 0)
			return error_usage("help: --commands takes no operand");
		for (i = 0; i < NCOMMANDS; i++)
			puts(commands[i].name);
		return 0;
	}
	if (argc == 0) {
		usage_main(stdout);
		return 0;
	}
	if (argc > 1)
		return error_usage("help: too many operands");
	if ((c = cmd_find(argv[0])) == NULL)
		return error_set(EXIT_USAGE, "no such command '%s' (see 'hips "
		    "help')", argv[0]);
	cmd_usage(stdout, c);
	printf("\n%s.\n", c->summary);
	cmd_explain(stdout, c->name);
	return 0;
}

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
	const char	*why;

	if (v != NULL && v[0] != '\0') {
		if (rfc3339_parse(v, strlen(v), &h->now, &why) == -1) {
			h->now_error = why;
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
			usage_main(stdout);
			return stdout_failed() ? EXIT_FAIL : 0;
		case 'V':
			puts("hips " HIPS_VERSION);
			return stdout_failed() ? EXIT_FAIL : 0;
		case ':':
			warnmsg("option '%s' needs a value", argv[optind - 1]);
			usage_main(stderr);
			return EXIT_USAGE;
		default:
			warnmsg("unknown option '%s'", argv[optind - 1]);
			usage_main(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		fputs("hips: no command given\n", stderr);
		usage_main(stderr);
		return EXIT_USAGE;
	}
	if ((c = cmd_find(argv[0])) == NULL) {
		if (command_hint(argv[0]))
			return EXIT_USAGE;
		warnmsg("unknown command '%s'", argv[0]);
		usage_main(stderr);
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

	optind = 0;
	rc = c->run(&h, argc, argv);
	if (rc == -1) {
		errline(error_msg());
		if (error_wants_usage())
			cmd_usage(stderr, c);
		status = error_status();
	}
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
