/*
 * What `hips COMMAND -h` and `hips help COMMAND` print after the usage:
 * the operands explained, with examples.  The man page says the rest.
 */
#include <string.h>

#include "hips.h"

static const struct {
	const char	*name;
	const char	*text;
} helps[] = {
	{ "cues",
	"  -c CONTEXT  cues of that context only (lifting, sitting, stairs,\n"
	"              desk...); repeat it to combine contexts\n"
	"  --daily     the cue of the day: the same all day (for cron)\n"
	"  --list      every cue, grouped by context; --dump: the built-in\n"
	"              cues.ini, to start your own\n"
	"\n"
	"examples:\n"
	"  hips cues\n"
	"  hips cues -c desk -c sitting\n"
	"  hips cues --daily\n" },
	{ "init",
	"  --remote URL  a git remote (origin) for 'hips sync'\n"
	"\n"
	"The first write creates the data repository anyway; init is for\n"
	"a remote, or to see where the data lives.\n"
	"\n"
	"examples:\n"
	"  hips init\n"
	"  hips init --remote git@example.org:me/hips-data.git\n" },
	{ "log",
	"  EXERCISE   a step of the program ('hips program --names'), or one\n"
	"             declared as [exercises] custom in config.ini;\n"
	"             --custom logs any other name\n"
	"  DOSE       SETSxAMOUNT (3x12, 3x30s), or one amount per set\n"
	"             (12,10,8); an amount is 1 to 999 reps, or 1s to 3600s;\n"
	"             /side at the end: per side (3x8/side)\n"
	"  KEY=VALUE  hold=2s   seconds held at the top of each rep\n"
	"             pain=0..10  pain during or after (0 none, 10 worst)\n"
	"             rpe=1..10   effort (10: nothing left)\n"
	"             band=light|medium|heavy    load=12.5kg or 20lb\n"
	"             side=left|right  when the sides are logged apart\n"
	"             others: declared as [keys] custom in config.ini\n"
	"  -d DATE    YYYY-MM-DD, today, yesterday, a weekday (the most\n"
	"             recent, today included) or N days ago, each with an\n"
	"             optional time (HH:MM); or an RFC 3339 time\n"
	"  -m NOTE    a note, kept after '#' on the line\n"
	"  -n COUNT   how many recent entries to list (10); --json: as JSON\n"
	"\n"
	"examples:\n"
	"  hips log bridge 2x10 hold=2s\n"
	"  hips log clamshell 10,10,8/side hold=2s pain=2\n"
	"  hips log -d 'yesterday 19:00' -m 'hamstrings' bridge 3x12 hold=2s\n"
	"  hips log --custom walk 1x30 -m 'around the park'\n"
	"  hips log -n 5\n" },
	{ "next",
	"  EXERCISE  a ladder or a step name: that exercise and how to do it\n"
	"  --why     the reasons, from the log; --json: the same as data\n"
	"\n"
	"examples:\n"
	"  hips next\n"
	"  hips next --why\n"
	"  hips next clamshell\n" },
	{ "show",
	"  EXERCISE     a step's exercise ('hips program --names'): the step\n"
	"               you are on when it is one, else its first step\n"
	"  LADDER       a ladder ('hips program --ladders'): the step you are\n"
	"               on, or its first step before you start\n"
	"  LADDER:STEP  any step by its number, to look ahead\n"
	"  (none)       every step due today; with no log, the one to start\n"
	"\n"
	"It prints the setup and movement, what to feel and where not to,\n"
	"common mistakes, an easier and a harder option, and the equipment.\n"
	"\n"
	"examples:\n"
	"  hips show\n"
	"  hips show banded-bridge\n"
	"  hips show hinge:6\n" },
	{ "skip",
	"  -d DATE          the day (today): YYYY-MM-DD, yesterday, a weekday,\n"
	"                   N days ago, or a planned day up to 62 days ahead\n"
	"  --from, --to     every day from one DATE to the other (at most 62),\n"
	"                   past or planned, in one commit\n"
	"  -m NOTE          why (travel, ill, rest)\n"
	"  pain=N           the day's pain, 0 to 10 (one day, not a range)\n"
	"\n"
	"A skip day keeps the streak and lowers the week's target.\n"
	"\n"
	"examples:\n"
	"  hips skip -m 'rest day'\n"
	"  hips skip -d yesterday -m ill\n"
	"  hips skip pain=6\n"
	"  hips skip --from 2026-12-24 --to 2027-01-02 -m travel\n" },
	{ "streak",
	"  --calendar [-w WEEKS]  the last weeks as a grid (. none, s skip,\n"
	"                         + * # exercise)\n"
	"  --json                 the same numbers as data\n"
	"  --prompt               one short line for PS1 (format in config.ini)\n"
	"\n"
	"examples:\n"
	"  hips streak\n"
	"  hips streak --calendar -w 12\n"
	"  PS1='$(hips streak --prompt) '$PS1\n" },
};

void
cmd_explain(FILE *fp, const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(helps) / sizeof(helps[0]); i++)
		if (strcmp(helps[i].name, name) == 0) {
			fputc('\n', fp);
			fputs(helps[i].text, fp);
		}
}
