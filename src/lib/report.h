/*
 * hips report: one page for a physiotherapist (hips(1) REPORT).  Pure:
 * the program, the entries and today's date in, a summary of the last
 * weeks out, rendered as terminal text, Markdown or one self-contained
 * HTML file.  No files, no clock, no libgit2.
 *
 * report_build() computes everything the page shows; report_text(),
 * report_md() and report_html() only lay it out.  Every string that
 * comes from the log goes through an escaper of its format.
 */
#ifndef HIPS_REPORT_H
#define HIPS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "directive.h"
#include "entry.h"
#include "program.h"

#define REPORT_WEEKS		12	/* the default window */
#define REPORT_WEEKS_MAX	520	/* ten years */
#define REPORT_NO_PAIN		(-1)

/* One ISO week of the window (Monday first). */
struct rweek {
	int64_t		 monday;
	int		 done;		/* days with an exercise entry */
	int		 skips;		/* skip days without exercise */
	int		 target;	/* after skips, never below 0 */
	int		 days;		/* days of it in the window so far */
};

/* What was logged of one exercise and dose, as written. */
struct rdose {
	const char	*name;		/* the exercise */
	const char	*dose;		/* dose_text */
	int		 sessions;	/* entries */
	int64_t		 first, last;	/* days */
};

struct rladder {
	const struct ladder *l;		/* NULL: exercises of no ladder */
	int		 sessions;	/* days with an entry of it */
	int		 step;		/* current step, 0-based, or -1 */
	bool		 unlocked;
	struct rdose	*v;
	size_t		 n, cap;
};

/* Left against right, for one exercise logged with side=. */
struct rside {
	const char	*name;
	bool		 secs;		/* amounts are seconds */
	int		 sess[2];	/* entries: left, right */
	long		 total[2];	/* reps or seconds */
	int		 pain_sum[2], pain_n[2];
};

/* A run of days on which the pain rules paused progression. */
struct rpause {
	int64_t		 from, to;	/* days, to inclusive */
	unsigned	 rules;		/* enum pain_rule, all that held */
	int		 stop_pain;	/* the highest pain of a stop, or 0 */
	bool		 ongoing;	/* still holds today */
};

struct report {
	int64_t		 today, start;	/* the window, both inclusive */
	int		 weeks;
	int		 per_week;	/* 0: daily */
	const struct rules *rules;

	struct rweek	*wk;		/* weeks, oldest first */
	size_t		 nwk;
	int		 done, target;	/* over the window */

	struct rladder	*lad;		/* ladders with sessions or a step */
	size_t		 nlad;

	int		*pain;		/* per day of the window: highest, or
					   REPORT_NO_PAIN */
	int		*avg;		/* 7-day average in tenths, or
					   REPORT_NO_PAIN */
	size_t		 ndays;

	struct rside	*side;
	size_t		 nside;

	struct rpause	*pause;
	size_t		 npause;

	const struct entry **dir;	/* instructions, by time */
	size_t		 ndir;
	size_t		 dir_before;	/* the first ones date from before
					   the window, still in force */
	const struct entry **note;	/* entries with a note, by time */
	size_t		 nnote;
};

/*
 * Build the report of the weeks (1 to REPORT_WEEKS_MAX) ending today
 * from n entries sorted by time (logset_sort()).  The report points into
 * the entries and the program: keep them alive.
 */
void	report_build(struct report *, const struct program *,
	    const struct entry *, size_t, int64_t, int, int);
void	report_free(struct report *);

/*
 * Lay it out.  text: 80 columns, the pain trend as a sparkline of
 * Unicode blocks when utf8, of ASCII otherwise.  md: Markdown (always
 * UTF-8).  html: one file, inline SVG, no script, no network, A4 print.
 */
void	report_text(const struct report *, const struct program *, bool,
	    struct buf *);
void	report_md(const struct report *, const struct program *,
	    struct buf *);
void	report_html(const struct report *, const struct program *,
	    struct buf *);

/* Helpers, exposed for the unit tests. */

/*
 * The 7-day average, in tenths, of each of n days' pain (REPORT_NO_PAIN
 * for a day without a record): the mean of the days with a record among
 * it and the 6 before; REPORT_NO_PAIN when none has one.  before[0..5]
 * are the 6 days before the first (also REPORT_NO_PAIN when none).
 */
void	report_avg7(const int *, const int *, size_t, int *);
/*
 * The sparkline character of an average in tenths (0 to 100), or of
 * REPORT_NO_PAIN (a blank): ▁ to █ when utf8, else one of "_.-~=+*#".
 */
const char *report_spark(int, bool);
/* Left against right in percent of the larger side (0 to 100). */
int	report_asym(long, long);
/* s made safe for HTML text and attribute values. */
void	html_escape(struct buf *, const char *);
/*
 * s made inert in Markdown, inside a line hips starts: the marks that
 * mean something there (emphasis, code, links, HTML, tables, entities)
 * escaped with a backslash.
 */
void	md_escape(struct buf *, const char *);
/*
 * The inline SVG of the pain chart: the 7-day average as a line, each
 * day's pain as a dot, the red levels as dashed lines.
 */
void	report_svg(const struct report *, struct buf *);

#endif
