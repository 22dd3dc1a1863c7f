/*
 * CSV as RFC 4180 has it: fields separated by commas, records ended by
 * CRLF (LF accepted when reading), a field quoted with '"' when it holds
 * a comma, a quote, CR or LF, and a quote inside doubled.  Pure: text in,
 * text out.
 */
#ifndef HIPS_CSV_H
#define HIPS_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define CSV_MAXFIELDS	64

/* Reading: p moves through the text; line is that of the next record. */
struct csv_reader {
	const char	*p;
	const char	*end;
	unsigned	 line;
};

struct csv_record {
	struct buf	 f[CSV_MAXFIELDS];	/* each one NUL-terminated */
	size_t		 n;
	unsigned	 line;		/* where the record starts */
	bool		 blank;		/* an empty line: one empty field */
};

/* Append s as one field, quoted when it needs to be. */
void	csv_put(struct buf *, const char *);
void	csv_reader_init(struct csv_reader *, const char *, size_t);
void	csv_record_init(struct csv_record *);
void	csv_record_free(struct csv_record *);
/*
 * Read the next record.  1 for a record, 0 at the end of the text, -1
 * with a message in err (its line is r->line: where the record began).
 */
int	csv_read(struct csv_reader *, struct csv_record *, char *, size_t);

#endif
