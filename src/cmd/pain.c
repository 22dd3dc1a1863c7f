/*
 * hips pain: record pain on any day, with or without a session, as a
 * pain line (hips(5)).  Also what a logged pain means, for hips log and
 * hips skip.
 */
#include <string.h>

#include "cmd.h"
#include "pain.h"
#include "program.h"
#include "write.h"

/*
 * What pain means under the rules of the program, one line, or nothing
 * below hold_pain.  session: it came with a session (which a pain at
 * back_pain steps back).  The entry is already committed: a bad
 * program.ini is only a warning then, and the default rules speak.
 */
void
pain_confirm(int pain, bool session)
{
	struct program	 p;
	struct buf	 dir = BUF_INIT;
	const struct rules *r;
	size_t		 i;

	if (path_confdir(&dir) == -1 || program_load(&p, buf_str(&dir)) == -1) {
		warnmsg("%s (the entry is recorded)", error_msg());
		error_clear();		/* reported, and the write succeeded */
		program_builtin(&p);
	}
	r = &p.rules;
	if (pain >= r->stop_pain) {
		printf("pain %d (%d or more): stop. No exercise is due and "
		    "progression pauses; please see a clinician before "
		    "exercising again (hips is not medical advice).\n"
		    "Get urgent medical care for any of:\n", pain,
		    r->stop_pain);
		for (i = 0; pain_red_flags[i] != NULL; i++)
			printf("  - %s\n", pain_red_flags[i]);
		printf("The pause lifts after %d pain-free days in a row (pain "
		    "%d or less); 'hips next' says more.\n", r->calm_days,
		    r->calm_pain);
	} else if (pain >= r->back_pain)
		printf("pain %d (%d or more): %sa second day at %d or more "
		    "within %d days pauses progression and means seeing a "
		    "clinician; 'hips next' says more.\n", pain, r->back_pain,
		    session ? "one step back next time; " : "", r->back_pain,
		    r->pain_window);
	else if (pain >= r->hold_pain)
		printf("pain %d (%d or more): %spain %d or more on %d of the "
		    "last %d days with a record pauses progression; 'hips "
		    "next' says more.\n", pain, r->hold_pain, session ?
		    "hold this step; " : "", r->hold_pain, r->persist_days,
		    r->persist_of);
	program_free(&p);
	buf_free(&dir);
}

/* 0 to 10 as the log writes it (no sign, no leading zero), or -1. */
static int
level(const char *s)
{
	if (s[0] >= '0' && s[0] <= '9' && s[1] == '\0')
		return s[0] - '0';
	if (strcmp(s, "10") == 0)
		return 10;
	return -1;
}

int
cmd_pain(struct hips *h, const struct cmd_args *a)
{
	const char	*date = cmd_value(a, 'd'), *note = cmd_value(a, 'm');
	const char	*arg = a->argv[0];
	struct entry	 e;
	struct buf	 subject = BUF_INIT;
	struct error	 err;
	char		 day[11];
	int		 rc;

	memset(&e, 0, sizeof(e));
	e.hold = e.pain = e.rpe = -1;
	e.pain_only = true;
	e.name = "pain";
	e.keys = e.note = "";
	if ((e.pain = level(arg)) == -1)
		return error_set(EXIT_USAGE, "pain: bad level '%.40s': want a "
		    "whole number from 0 (none) to 10 (worst)", arg);
	e.dose_text = arg;
	if (note != NULL) {
		if (note_check(note, strlen(note), &err) == -1)
			return error_set(EXIT_USAGE, "%s", err.msg);
		e.note = note;
	}
	e.when = h->now;
	if (date != NULL && parse_when(h, date, 0, &e.when) == -1)
		return -1;
	e.day = htime_day(e.when);
	buf_printf(&subject, "pain: %d", e.pain);
	rc = append_entry(h, &e, buf_str(&subject));
	buf_free(&subject);
	if (rc == -1)
		return -1;
	date_format(e.day, day);
	printf("recorded pain %d on %s\n", e.pain, day);
	pain_confirm(e.pain, false);
	return 0;
}
