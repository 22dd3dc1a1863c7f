/*
 * The command table: for each command its options, operands, needs,
 * usage and explained help; and the one option parser every command's
 * command line goes through.  main() dispatches with it.
 *
 * How to add a command "foo":
 *
 * 1. Write src/cmd/foo.c (a comment at the top saying what it is for)
 *    with
 *
 *	int
 *	cmd_foo(struct hips *h, const struct cmd_args *a)
 *
 *    a->argv[0 .. a->argc - 1] are the operands (already counted against
 *    min and max); cmd_flag(a, 'x') says whether option x was given and
 *    cmd_value(a, 'x') gives its last value (NULL if not given); an
 *    OPT_REPEAT option's values are all in a->opt[0 .. a->nopt - 1], in
 *    order.  On failure: return error_set(EXIT_..., "foo: ...") or
 *    error_usage("foo: ...") (-1); main() prints the one message, and
 *    the usage after an error_usage().  Never print an error yourself.
 * 2. Declare it in src/cmd.h, beside the others.
 * 3. Add its entry to commands[] below, in sorted order:
 *
 *	{ .name = "foo", .run = cmd_foo,
 *	  .args = "[-n COUNT] [--json] THING",
 *	  .summary = "what hips help lists",
 *	  .opts = (const struct cmd_opt[]){
 *		{ 'n', NULL, OPT_ARG },		-n COUNT
 *		{ 'j', "json", 0 },		--json only ('j' is its key)
 *		{ 'w', "weeks", OPT_ARG | OPT_SHORT },	-w N or --weeks N
 *		{ 'c', NULL, OPT_ARG | OPT_REPEAT, 32 },	-c X -c Y, 32 most
 *		{ 0 } },
 *	  .min = 1, .max = 1, .missing = (const char *const[]){ "THING" },
 *	  .flags = CMD_DATADIR,
 *	  .help = "  THING  what it is\n" ... "examples:\n  hips foo x\n" },
 *
 *    The key of an option is what cmd_flag() and cmd_value() take; a
 *    long option with no letter to spare takes a key from 256 up (an
 *    enum in cmd.h).  Options of the table in the order their long
 *    names should be suggested ("did you mean '--json'?").
 *    -h and --help come with every command: they print the usage and
 *    .help.  .max = -1 takes any number of operands; .missing names the
 *    first .min operands ("foo: missing THING"); .surplus, a format
 *    given the first operand too many, replaces "unexpected '%s'".
 *    Flags: CMD_DATADIR resolves the data directory into h->datadir
 *    before the command runs (CMD_LAZY_DIR too: failing to resolve it
 *    is not an error until the command calls hips_datadir());
 *    CMD_LAZY_NOW lets the command run with a bad HIPS_NOW (it checks
 *    h->now_error); CMD_RAW hands every word over as an operand;
 *    CMD_WRITER says the command writes: it opens the writer (write.h)
 *    itself, once its input is checked, so that bad input writes
 *    nothing; a command without it must never load libgit2.
 * 4. Nothing to add to the Makefile: it builds every .c in src/cmd/.
 *    Document the command: man/hips.1 (its SYNOPSIS line is .args),
 *    completions/, DESIGN.md, README.md; and test it in tests/cli/
 *    (selfcheck.sh checks the usage against the man page and the
 *    completions).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "known.h"

#define NOTE_OPT	{ 'm', NULL, OPT_ARG }
#define DATE_OPT	{ 'd', NULL, OPT_ARG }

/* Sorted by name. */
static const struct cmd commands[] = {
	{ .name = "check", .run = cmd_check,
	  .args = "",
	  .summary = "validate the data and settings files",
	  .opts = (const struct cmd_opt[]){ { 0 } },
	  .flags = CMD_LAZY_NOW | CMD_DATADIR },

	{ .name = "cues", .run = cmd_cues,
	  .args = "[--daily] [-c CONTEXT] [--list] [--dump]",
	  .summary = "print an everyday-mechanics reminder",
	  .opts = (const struct cmd_opt[]){
		{ 'c', NULL, OPT_ARG | OPT_REPEAT, CUES_MAXC },
		{ CUES_DAILY, "daily", 0 },
		{ CUES_LIST, "list", 0 },
		{ CUES_DUMP, "dump", 0 },
		{ 0 } },
	  .surplus = "unexpected operand '%s'",
	  .help =
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

	{ .name = "export", .run = cmd_export,
	  .args = "--csv | --json [--from DATE] [--to DATE]",
	  .summary = "write the log as CSV or JSON",
	  .opts = (const struct cmd_opt[]){
		{ 'c', "csv", 0 },
		{ 'j', "json", 0 },
		{ 'f', "from", OPT_ARG },
		{ 't', "to", OPT_ARG },
		{ 0 } },
	  .flags = CMD_DATADIR,
	  .help =
	"  --csv        CSV (RFC 4180: CRLF, quoted when needed), a header\n"
	"               first; --json: an array of objects, the same columns\n"
	"  --from DATE  from that day on; --to DATE: up to that day (both\n"
	"               kept); a DATE as for log -d\n"
	"\n"
	"One row per entry, in time order: date, time, zone, kind (session,\n"
	"skip, pain, hold, pause, set, resume), exercise, sets, reps,\n"
	"seconds, per_side, side, hold, band, load, pain, rpe, other (any\n"
	"other KEY=VALUE), note.  'hips import csv' reads it back.\n"
	"\n"
	"examples:\n"
	"  hips export --csv > hips.csv\n"
	"  hips export --json --from 2026-11-01 --to 2026-11-30\n" },

	{ .name = "git", .run = cmd_git,
	  .args = "ARGS...",
	  .summary = "run git inside the data directory",
	  .min = 0, .max = -1,
	  .flags = CMD_LAZY_NOW | CMD_RAW | CMD_DATADIR },

	{ .name = "go", .run = cmd_go,
	  .args = "[-r SECONDS] [EXERCISE]",
	  .summary = "a guided session: counts reps, times holds and rests",
	  .opts = (const struct cmd_opt[]){
		{ 'r', NULL, OPT_ARG },
		{ 0 } },
	  .max = 1, .surplus = "too many operands",
	  .flags = CMD_DATADIR | CMD_WRITER,
	  .help =
	"  EXERCISE    a ladder or a step name: its step of today; without\n"
	"              it, the first exercise due today ('hips next')\n"
	"  -r SECONDS  rest between sets (60), 0 to 900\n"
	"\n"
	"Keys: space or Enter counts a rep (each rep's hold= is counted\n"
	"down first), p pauses, q finishes and logs, Ctrl-C asks whether\n"
	"to log what was done.  At the end it asks the pain (0 to 10) and\n"
	"logs what was done, partial sets as one amount per set (10,10,6).\n"
	"Without a terminal that redraws (TERM=dumb, or not a tty) it\n"
	"prints plain lines and reads a line whenever it waits for one.\n"
	"HIPS_CLOCK_SCALE=N runs its clock N times faster (for tests).\n"
	"\n"
	"examples:\n"
	"  hips go\n"
	"  hips go -r 90 clamshell\n"
	"  yes '' | head -n 20 | hips go bridge     # scripted: 20 reps\n" },

	{ .name = "help", .run = cmd_help,
	  .args = "[--commands] [COMMAND]",
	  .summary = "show usage",
	  .opts = (const struct cmd_opt[]){
		{ 'c', "commands", 0 },
		{ 0 } },
	  /* help checks them itself: --commands takes none. */
	  .max = -1 },

	{ .name = "hold", .run = cmd_hold,
	  .args = "[--until DATE] [-m NOTE] LADDER",
	  .summary = "a clinician's instruction: stay at this step",
	  .opts = (const struct cmd_opt[]){
		NOTE_OPT,
		{ 'u', "until", OPT_ARG },
		{ 0 } },
	  .min = 1, .max = 1, .missing = (const char *const[]){ "LADDER" },
	  .flags = CMD_DATADIR | CMD_LAZY_DIR | CMD_WRITER,
	  .help =
	"  LADDER        a ladder of the program ('hips program --ladders'),\n"
	"                or any exercise of it: it stays at its current step\n"
	"  --until DATE  the last day of the hold, YYYY-MM-DD, today or later;\n"
	"                without it, the hold lasts until 'hips resume LADDER'\n"
	"  -m NOTE       the instruction in the clinician's words, shown by\n"
	"                'hips next'\n"
	"\n"
	"While held, sessions count neither toward moving up nor, below the\n"
	"target, toward a step back; pain still steps back.\n"
	"\n"
	"examples:\n"
	"  hips hold bridge -m 'physio: stay at this step'\n"
	"  hips hold clamshell --until 2027-01-15\n" },

	{ .name = "import", .run = cmd_import,
	  .args = "csv [--dry-run] FILE\n"
	    "hips import loop [--dry-run] [--dose DOSE] --as EXERCISE FILE",
	  .summary = "add entries from an export or from Loop Habit Tracker",
	  .opts = (const struct cmd_opt[]){
		{ 'n', "dry-run", 0 },
		{ 'a', "as", OPT_ARG },
		{ 'd', "dose", OPT_ARG },
		{ 0 } },
	  .min = 2, .max = 2,
	  .missing = (const char *const[]){ "csv or loop", "FILE" },
	  .flags = CMD_DATADIR | CMD_LAZY_DIR,
	  .help =
	"  csv FILE     the rows of 'hips export --csv' (columns by name)\n"
	"  loop FILE    a habit's Checkmarks.csv from Loop Habit Tracker's\n"
	"               export: YES_MANUAL days become sessions, SKIPPED\n"
	"               days skips; YES_AUTO, NO and UNKNOWN are left out\n"
	"  --as EXERCISE  loop: the exercise the habit stands for\n"
	"  --dose DOSE  loop: the dose of each session (else the step 'hips\n"
	"               next' gives EXERCISE today, or its first step)\n"
	"  --dry-run    print the lines it would add; write nothing\n"
	"\n"
	"Lines already in the log (and, for loop, days that have the\n"
	"exercise or a skip) are left out, so importing twice adds nothing.\n"
	"All in one commit; a bad line is FILE:LINE and nothing is written.\n"
	"\n"
	"examples:\n"
	"  hips import csv --dry-run hips.csv\n"
	"  hips import loop --as bridge '001 Bridges/Checkmarks.csv'\n" },

	{ .name = "init", .run = cmd_init,
	  .args = "[--remote URL]",
	  .summary = "create the data repository",
	  .opts = (const struct cmd_opt[]){
		{ 'r', "remote", OPT_ARG },
		{ 0 } },
	  .flags = CMD_DATADIR | CMD_LAZY_DIR | CMD_WRITER,
	  .help =
	"  --remote URL  a git remote (origin) for 'hips sync'\n"
	"\n"
	"The first write creates the data repository anyway; init is for\n"
	"a remote, or to see where the data lives.\n"
	"\n"
	"examples:\n"
	"  hips init\n"
	"  hips init --remote git@example.org:me/hips-data.git\n" },

	{ .name = "log", .run = cmd_log,
	  .args = "[--custom] [-d DATE] [-m NOTE] EXERCISE DOSE "
	    "[KEY=VALUE ...]\n"
	    "hips log [-n COUNT] [--json]",
	  .summary = "record a session, or show recent entries",
	  .opts = (const struct cmd_opt[]){
		DATE_OPT,
		NOTE_OPT,
		{ 'n', NULL, OPT_ARG },
		{ 'j', "json", 0 },
		{ 'c', "custom", 0 },
		{ 0 } },
	  .max = -1,
	  .flags = CMD_DATADIR | CMD_LAZY_DIR | CMD_WRITER,
	  .help =
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

	{ .name = "next", .run = cmd_next,
	  .args = "[--why] [--json] [EXERCISE]",
	  .summary = "what to do today, and why",
	  .opts = (const struct cmd_opt[]){
		{ 'w', "why", 0 },
		{ 'j', "json", 0 },
		{ 0 } },
	  .max = 1, .surplus = "too many operands",
	  .flags = CMD_DATADIR,
	  .help =
	"  EXERCISE  a ladder or a step name: that exercise and how to do it\n"
	"  --why     the reasons, from the log; --json: the same as data\n"
	"\n"
	"examples:\n"
	"  hips next\n"
	"  hips next --why\n"
	"  hips next clamshell\n" },

	{ .name = "pain", .run = cmd_pain,
	  .args = "[-d DATE] [-m NOTE] N",
	  .summary = "record pain (0 to 10) on any day",
	  .opts = (const struct cmd_opt[]){
		DATE_OPT,
		NOTE_OPT,
		{ 0 } },
	  .min = 1, .max = 1,
	  .missing = (const char *const[]){ "the pain level, 0 to 10" },
	  .surplus = "unexpected '%s' (a note goes with -m)",
	  .flags = CMD_DATADIR | CMD_LAZY_DIR | CMD_WRITER,
	  .help =
	"  N        the pain, a whole number from 0 (none) to 10 (the worst\n"
	"           imaginable), on any day, with or without a session\n"
	"  -d DATE  the day (today): YYYY-MM-DD, today, yesterday, a weekday\n"
	"           or N days ago, each with an optional time (HH:MM); or an\n"
	"           RFC 3339 time; never the future\n"
	"  -m NOTE  a note, kept after '#' on the line\n"
	"\n"
	"It counts in every pain rule, and the answer says what it means.  A\n"
	"pain line is not a session: it keeps no streak (skip pain=N does).\n"
	"\n"
	"examples:\n"
	"  hips pain 3\n"
	"  hips pain -d yesterday -m 'after the stairs' 5\n" },

	{ .name = "pause", .run = cmd_pause,
	  .args = "--until DATE [-m NOTE] LADDER|all",
	  .summary = "a clinician's instruction: not due until a date",
	  .opts = (const struct cmd_opt[]){
		NOTE_OPT,
		{ 'u', "until", OPT_ARG },
		{ 0 } },
	  .min = 1, .max = 1, .missing = (const char *const[]){ "LADDER" },
	  .flags = CMD_DATADIR | CMD_LAZY_DIR | CMD_WRITER,
	  .help =
	"  LADDER|all    a ladder of the program ('hips program --ladders'),\n"
	"                any exercise of it, or all: every ladder\n"
	"  --until DATE  the last day of the pause, YYYY-MM-DD, today or\n"
	"                later; required (for no end, 'hips hold')\n"
	"  -m NOTE       the instruction in the clinician's words\n"
	"\n"
	"A paused ladder is not due, and its days do not count as time away:\n"
	"it does not step back for them.\n"
	"\n"
	"examples:\n"
	"  hips pause all --until 2027-01-10 -m 'rest after the operation'\n"
	"  hips pause clamshell --until 2026-12-31\n" },

	{ .name = "program", .run = cmd_program,
	  .args = "[--names | --ladders | --custom | --keys]",
	  .summary = "show the ladders in use",
	  .opts = (const struct cmd_opt[]){
		{ 'n', "names", 0 },
		{ 'l', "ladders", 0 },
		{ 'c', "custom", 0 },
		{ 'k', "keys", 0 },
		{ 0 } },
	  .flags = CMD_LAZY_NOW },

	{ .name = "remind", .run = cmd_remind,
	  .args = "[--notify]",
	  .summary = "one line when something is due today",
	  .opts = (const struct cmd_opt[]){
		{ 'n', "notify", 0 },
		{ 0 } },
	  .flags = CMD_DATADIR,
	  .help =
	"  --notify  send the line with notify-send; without it (or when it\n"
	"            fails) the line goes to stdout, and stderr says why\n"
	"\n"
	"Prints nothing when nothing is due today (done, a rest day, a\n"
	"pause); else one line: the steps due and a cue for the unlocked\n"
	"exercises and the time of day (morning cues before noon).\n"
	"\n"
	"examples:\n"
	"  hips remind\n"
	"  0 18 * * * hips remind --notify      (a crontab line)\n" },

	{ .name = "report", .run = cmd_report,
	  .args = "[-w WEEKS] [--html FILE | --md]",
	  .summary = "a page for a physiotherapist: adherence, pain, notes",
	  .opts = (const struct cmd_opt[]){
		{ 'H', "html", OPT_ARG },
		{ 'M', "md", 0 },
		{ 'w', "weeks", OPT_ARG | OPT_SHORT },
		{ 0 } },
	  .surplus = "unexpected operand '%s'",
	  .flags = CMD_DATADIR,
	  .help =
	"  -w WEEKS     the weeks to cover, ending with this one (12; 1 to 520)\n"
	"  --md         Markdown, to paste or to convert\n"
	"  --html FILE  one HTML file (- for stdout): the pain chart in SVG,\n"
	"               no script, nothing fetched; prints on A4\n"
	"\n"
	"The page: days with a session each week against the target\n"
	"(config.ini), each ladder's sessions and steps, the 7-day pain\n"
	"average with the levels of the pain rules (a sparkline in the\n"
	"terminal: block characters in a UTF-8 locale, else ASCII), left\n"
	"against right, pauses, a clinician's instructions, and the notes.\n"
	"\n"
	"examples:\n"
	"  hips report\n"
	"  hips report -w 6 --md > report.md\n"
	"  hips report --html report.html\n" },

	{ .name = "resume", .run = cmd_resume,
	  .args = "[-m NOTE] LADDER|all",
	  .summary = "end a clinician's hold or pause",
	  .opts = (const struct cmd_opt[]){
		NOTE_OPT,
		{ 0 } },
	  .min = 1, .max = 1, .missing = (const char *const[]){ "LADDER" },
	  .flags = CMD_DATADIR | CMD_LAZY_DIR | CMD_WRITER,
	  .help =
	"  LADDER|all  a ladder with a hold or pause in force (or any\n"
	"              exercise of it), or all: every ladder\n"
	"  -m NOTE     why, in the clinician's words\n"
	"\n"
	"With no hold or pause in force, it writes nothing and exits 2.\n"
	"\n"
	"examples:\n"
	"  hips resume bridge\n"
	"  hips resume all -m 'physio: back to the program'\n" },

	{ .name = "set", .run = cmd_set,
	  .args = "[-m NOTE] LADDER STEP",
	  .summary = "a clinician's instruction: the step to do",
	  .opts = (const struct cmd_opt[]){
		NOTE_OPT,
		{ 0 } },
	  .min = 2, .max = 2,
	  .missing = (const char *const[]){ "LADDER", "STEP" },
	  .flags = CMD_DATADIR | CMD_LAZY_DIR | CMD_WRITER,
	  .help =
	"  LADDER   a ladder of the program ('hips program --ladders'), or\n"
	"           any exercise of it\n"
	"  STEP     the step to do from today, counted from 1 as 'hips\n"
	"           program' shows them\n"
	"  -m NOTE  the instruction in the clinician's words\n"
	"\n"
	"The step is unlocked if it was locked, clean sessions are counted\n"
	"afresh, and time away counts from today.\n"
	"\n"
	"examples:\n"
	"  hips set bridge 2\n"
	"  hips set clamshell 4 -m 'physio: ready for the band'\n" },

	{ .name = "show", .run = cmd_show,
	  .args = "[EXERCISE | LADDER | LADDER:STEP]",
	  .summary = "how to do a step: setup, feel, mistakes, options",
	  .opts = (const struct cmd_opt[]){ { 0 } },
	  .max = 1,
	  .surplus = "too many operands (one EXERCISE, LADDER or LADDER:STEP)",
	  .flags = CMD_DATADIR | CMD_LAZY_DIR,
	  .help =
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

	{ .name = "skip", .run = cmd_skip,
	  .args = "[-d DATE] [-m NOTE] [pain=N]\n"
	    "hips skip --from DATE --to DATE [-m NOTE]",
	  .summary = "mark a rest, sick or travel day",
	  .opts = (const struct cmd_opt[]){
		DATE_OPT,
		NOTE_OPT,
		{ 'f', "from", OPT_ARG },
		{ 't', "to", OPT_ARG },
		{ 0 } },
	  /* skip checks them itself: pain=N only. */
	  .max = -1,
	  .flags = CMD_DATADIR | CMD_LAZY_DIR | CMD_WRITER,
	  .help =
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

	{ .name = "streak", .run = cmd_streak,
	  .args = "[--calendar [-w WEEKS]] [--json]\n"
	    "hips streak --prompt",
	  .summary = "show your streak and habit strength",
	  .opts = (const struct cmd_opt[]){
		{ 'c', "calendar", 0 },
		{ 'j', "json", 0 },
		{ 'p', "prompt", 0 },
		{ 'w', "weeks", OPT_ARG | OPT_SHORT },
		{ 0 } },
	  .surplus = "unexpected operand '%s'",
	  .flags = CMD_LAZY_NOW | CMD_DATADIR | CMD_LAZY_DIR,
	  .help =
	"  --calendar [-w WEEKS]  the last weeks as a grid (. none, s skip,\n"
	"                         + * # exercise)\n"
	"  --json                 the same numbers as data\n"
	"  --prompt               one short line for PS1 (format in config.ini)\n"
	"\n"
	"examples:\n"
	"  hips streak\n"
	"  hips streak --calendar -w 12\n"
	"  PS1='$(hips streak --prompt) '$PS1\n" },

	{ .name = "sync", .run = cmd_sync,
	  .args = "[-v] [--allow-unrelated]",
	  .summary = "fetch, merge and push the remote",
	  .opts = (const struct cmd_opt[]){
		{ 'v', "verbose", OPT_SHORT },
		{ 'U', "allow-unrelated", 0 },
		{ 0 } },
	  .flags = CMD_LAZY_NOW | CMD_WRITER },

	{ .name = "undo", .run = cmd_undo,
	  .args = "",
	  .summary = "remove the last entry (with a new commit)",
	  .opts = (const struct cmd_opt[]){ { 0 } },
	  .flags = CMD_DATADIR | CMD_WRITER },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

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

/* The usage, then the options and operands explained. */
static void
cmd_explain(FILE *fp, const struct cmd *c)
{
	cmd_usage(fp, c);
	if (c->help != NULL) {
		fputc('\n', fp);
		fputs(c->help, fp);
	}
}

void
cmd_usage_main(FILE *fp)
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

/* "did you mean 'log'?" for an unknown command, when one is close. */
bool
cmd_hint(const char *name, struct buf *out)
{
	const char	*names[NCOMMANDS];
	size_t		 i, n = 0;

	for (i = 0; i < NCOMMANDS; i++)
		if (!(commands[i].flags & CMD_HIDDEN))
			names[n++] = commands[i].name;
	return suggest(out, name, strlen(name), names, n);
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

/* getopt_long's view of an entry: "SHORTS" with ':' for values, longs. */
static void
getopt_spec(const struct cmd *c, struct buf *shorts, struct option *longs)
{
	const struct cmd_opt	*o;
	size_t			 n = 0;

	/* ':' first: a missing value is told apart from an unknown option. */
	buf_putc(shorts, ':');
	for (o = c->opts; o != NULL && o->key != 0; o++) {
		if (o->name == NULL || (o->flags & OPT_SHORT)) {
			buf_putc(shorts, (char)o->key);
			if (o->flags & OPT_ARG)
				buf_putc(shorts, ':');
		}
		if (o->name != NULL)
			longs[n++] = (struct option){ o->name, (o->flags &
			    OPT_ARG) ? required_argument : no_argument, NULL,
			    o->key };
	}
	buf_putc(shorts, 'h');
	longs[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	longs[n] = (struct option){ NULL, 0, NULL, 0 };
}

static const struct cmd_opt *
find_opt(const struct cmd *c, int key)
{
	const struct cmd_opt	*o;

	for (o = c->opts; o != NULL && o->key != 0; o++)
		if (o->key == key)
			return o;
	return NULL;
}

/* An option getopt_long refused: unknown, or its value missing. */
static int
bad_option(const struct cmd *c, int ch, char **argv,
    const struct option *longs)
{
	struct buf	 hint = BUF_INIT;
	const char	*arg = argv[optind - 1];

	if (ch == ':')
		return error_usage("%s: option '%s' needs a value", c->name,
		    arg);
	if (optopt != 0)
		return error_usage("%s: unknown option '-%c'", c->name, optopt);
	if (strncmp(arg, "--", 2) == 0)
		option_hint(arg, longs, &hint);
	/* With a hint, the usage would only push it out of sight. */
	if (hint.len > 0)
		error_set(EXIT_USAGE, "%s: unknown option '%s': %s", c->name,
		    arg, buf_str(&hint));
	else
		error_usage("%s: unknown option '%s'", c->name, arg);
	buf_free(&hint);
	return -1;
}

/* Operands against the entry's min and max. */
static int
count_operands(const struct cmd *c, const struct cmd_args *a)
{
	struct buf	 b = BUF_INIT;
	int		 i;

	if (a->argc < c->min) {
		for (i = a->argc; i < c->min; i++)
			buf_printf(&b, "%s%s", i > a->argc ? " and " : "",
			    c->missing[i]);
		error_usage("%s: missing %s", c->name, buf_str(&b));
		buf_free(&b);
		return -1;
	}
	if (c->max >= 0 && a->argc > c->max) {
		buf_printf(&b, c->surplus != NULL ? c->surplus :
		    "unexpected '%s'", a->argv[c->max]);
		error_usage("%s: %s", c->name, buf_str(&b));
		buf_free(&b);
		return -1;
	}
	return 0;
}

int
cmd_parse(const struct cmd *c, int argc, char **argv, struct cmd_args *a)
{
	const struct cmd_opt	*o;
	struct option		*longs;
	struct buf		 shorts = BUF_INIT;
	size_t			 nopts = 0, count;
	int			 ch, rc = -1;

	memset(a, 0, sizeof(*a));
	a->cmd = c;
	a->line_argc = argc;
	a->line_argv = argv;
	if (c->flags & CMD_RAW) {
		/* Every word for the command, but a first -h or --help. */
		if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
		    strcmp(argv[1], "--help") == 0)) {
			cmd_explain(stdout, c);
			return 1;
		}
		a->argc = argc - 1;
		a->argv = argv + 1;
		return count_operands(c, a);
	}
	for (o = c->opts; o != NULL && o->key != 0; o++)
		nopts++;
	longs = xreallocarray(NULL, nopts + 2, sizeof(*longs));
	getopt_spec(c, &shorts, longs);
	a->opt = xreallocarray(NULL, (size_t)argc, sizeof(*a->opt));
	/* Options may follow operands (GNU style); a fresh parse. */
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, buf_str(&shorts), longs,
	    NULL)) != -1) {
		if (ch == 'h') {
			cmd_explain(stdout, c);
			rc = 1;
			goto out;
		}
		if (ch == ':' || ch == '?' || (o = find_opt(c, ch)) == NULL) {
			bad_option(c, ch, argv, longs);
			goto out;
		}
		if ((o->flags & OPT_REPEAT) && o->max > 0) {
			for (count = 0, nopts = 0; nopts < a->nopt; nopts++)
				count += a->opt[nopts].key == ch;
			if (count == (size_t)o->max) {
				error_usage("%s: more than %d -%c", c->name,
				    o->max, ch);
				goto out;
			}
		}
		a->opt[a->nopt++] = (struct cmd_optval){ ch, optarg };
	}
	a->argc = argc - optind;
	a->argv = argv + optind;
	rc = count_operands(c, a);
out:
	buf_free(&shorts);
	free(longs);
	return rc;
}

void
cmd_args_free(struct cmd_args *a)
{
	free(a->opt);
	memset(a, 0, sizeof(*a));
}

bool
cmd_flag(const struct cmd_args *a, int key)
{
	size_t	 i;

	for (i = 0; i < a->nopt; i++)
		if (a->opt[i].key == key)
			return true;
	return false;
}

const char *
cmd_value(const struct cmd_args *a, int key)
{
	size_t	 i;

	for (i = a->nopt; i > 0; i--)
		if (a->opt[i - 1].key == key)
			return a->opt[i - 1].arg;
	return NULL;
}

int
hips_datadir(const struct hips *h)
{
	if (h->datadir != NULL)
		return 0;
	return error_set(h->dir_err.status, "%s", h->dir_err.msg);
}
