/*
 * The rows of `hips export` and `hips import csv` (hips(1), EXPORT AND
 * IMPORT): one row per entry of the log, in named columns, and the way
 * back from a row to an entry line.  Pure: no files, no clock.
 */
#ifndef HIPS_XROW_H
#define HIPS_XROW_H

#include "buf.h"
#include "entry.h"

enum xcol {
	XC_DATE, XC_TIME, XC_ZONE, XC_KIND, XC_EXERCISE, XC_SETS, XC_REPS,
	XC_SECONDS, XC_PER_SIDE, XC_SIDE, XC_HOLD, XC_BAND, XC_LOAD, XC_PAIN,
	XC_RPE, XC_OTHER, XC_NOTE, XC_N
};

/* The column names, in the order of the export. */
extern const char *const xrow_names[XC_N];

struct xrow {
	struct buf	 col[XC_N];	/* "" when empty */
};

void	xrow_init(struct xrow *);
void	xrow_reset(struct xrow *);
void	xrow_free(struct xrow *);
/* The column named s, or -1. */
int	xrow_col(const char *);
/* The row of an entry (every column set, most of them empty). */
void	xrow_from_entry(const struct entry *, struct xrow *);
/*
 * The entry line (no LF) a row stands for, checked by the entry parser.
 * Returns 0, or -1 with a message in err.
 */
int	xrow_to_line(const struct xrow *, struct buf *, char *, size_t);
/* Append the CSV header, or a row, as one record ending in CRLF. */
void	xrow_csv_header(struct buf *);
void	xrow_csv(const struct xrow *, struct buf *);
/* Append a row as one JSON object (no newline). */
void	xrow_json(const struct xrow *, struct buf *);

#endif
