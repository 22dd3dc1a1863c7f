/*
 * CSV reading and writing (RFC 4180): see csv.h.
 */
#include <stdio.h>
#include <string.h>

#include "csv.h"

#define SAY(...)	(snprintf(err, errsz, __VA_ARGS__), -1)

void
csv_put(struct buf *b, const char *s)
{
	const char	*p;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

void
csv_reader_init(struct csv_reader *r, const char *s, size_t len)
{
	r->p = s;
	r->end = s + len;
	r->line = 1;
}

void
csv_record_init(struct csv_record *rec)
{
	size_t	 i;

	for (i = 0; i < CSV_MAXFIELDS; i++)
		buf_init(&rec->f[i]);
	rec->n = 0;
	rec->line = 0;
	rec->blank = false;
}

void
csv_record_free(struct csv_record *rec)
{
	size_t	 i;

	for (i = 0; i < CSV_MAXFIELDS; i++)
		buf_free(&rec->f[i]);
	rec->n = 0;
}

/* At p: the end of a record (CRLF, LF or the end of the text)? */
static bool
at_eol(const struct csv_reader *r, const char *p)
{
	return p == r->end || *p == '\n' ||
	    (*p == '\r' && p + 1 < r->end && p[1] == '\n');
}

static const char *
skip_eol(struct csv_reader *r, const char *p)
{
	if (p == r->end)
		return p;
	r->line++;
	return *p == '\r' ? p + 2 : p + 1;
}

int
csv_read(struct csv_reader *r, struct csv_record *rec, char *err,
    size_t errsz)
{
	const char	*p = r->p;
	struct buf	*f;
	bool		 quoted;

	rec->line = r->line;
	rec->n = 0;
	rec->blank = false;
	if (p == r->end)
		return 0;
	for (;;) {
		if (rec->n == CSV_MAXFIELDS)
			return SAY("more than %d fields", CSV_MAXFIELDS);
		f = &rec->f[rec->n++];
		buf_reset(f);
		buf_puts(f, "");
		quoted = p < r->end && *p == '"';
		if (quoted) {
			for (p++;; p++) {
				if (p == r->end)
					return SAY("quoted field not closed");
				if (*p == '"') {
					if (p + 1 < r->end && p[1] == '"') {
						buf_putc(f, '"');
						p++;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					r->line++;
				buf_putc(f, *p);
			}
			if (p < r->end && *p != ',' && !at_eol(r, p))
				return SAY("text after the closing quote of "
				    "field %zu", rec->n);
		} else {
			for (; p < r->end && *p != ',' && !at_eol(r, p); p++) {
				if (*p == '"')
					return SAY("quote inside field %zu, "
					    "which is not quoted", rec->n);
				if (*p == '\r')
					return SAY("carriage return without "
					    "a line feed");
				buf_putc(f, *p);
			}
		}
		if (p < r->end && *p == ',') {
			p++;
			continue;
		}
		rec->blank = rec->n == 1 && !quoted && f->len == 0;
		r->p = skip_eol(r, p);
		return 1;
	}
}
