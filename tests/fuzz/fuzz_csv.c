/*
 * The CSV reader and the export's rows.  Properties: nothing crashes; a
 * record written back with csv_put reads as the same fields; a row that
 * makes a line makes one the entry parser takes, and that line's own row
 * makes the same line again (import is idempotent).
 */
#include "csv.h"
#include "xrow.h"
#include "fuzz.h"

static void
row_property(const struct csv_record *rec)
{
	struct xrow	 x, y;
	struct entry	 e;
	struct buf	 line = BUF_INIT, again = BUF_INIT;
	struct error	 why;
	char		 err[ERRLEN], *copy;
	size_t		 i;

	xrow_init(&x);
	xrow_init(&y);
	xrow_reset(&x);
	for (i = 0; i < rec->n && i < XC_N; i++)
		buf_puts(&x.col[i], buf_str(&rec->f[i]));
	err[0] = '\0';
	if (xrow_to_line(&x, &line, err, sizeof(err)) == 0) {
		copy = fuzz_copy((const uint8_t *)buf_str(&line), line.len);
		FUZZ_ASSERT(entry_parse(copy, line.len, &e, &why) == 1);
		xrow_from_entry(&e, &y);
		FUZZ_ASSERT(xrow_to_line(&y, &again, err, sizeof(err)) == 0);
		FUZZ_ASSERT(strcmp(buf_str(&line), buf_str(&again)) == 0);
		free(copy);
	} else
		FUZZ_ASSERT(err[0] != '\0');
	buf_free(&again);
	buf_free(&line);
	xrow_free(&y);
	xrow_free(&x);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader	 r, r2;
	struct csv_record	 rec, rec2;
	struct buf		 out = BUF_INIT;
	char			 err[ERRLEN], *s;
	size_t			 i;
	int			 rc;

	s = fuzz_copy(data, size);
	if (memchr(s, '\0', size) != NULL) {
		free(s);
		return 0;	/* import refuses NUL bytes first */
	}
	csv_reader_init(&r, s, size);
	csv_record_init(&rec);
	csv_record_init(&rec2);
	while ((rc = csv_read(&r, &rec, err, sizeof(err))) == 1) {
		buf_reset(&out);
		for (i = 0; i < rec.n; i++) {
			if (i > 0)
				buf_putc(&out, ',');
			csv_put(&out, buf_str(&rec.f[i]));
		}
		buf_puts(&out, "\r\n");
		csv_reader_init(&r2, buf_str(&out), out.len);
		FUZZ_ASSERT(csv_read(&r2, &rec2, err, sizeof(err)) == 1);
		FUZZ_ASSERT(rec2.n == rec.n);
		for (i = 0; i < rec.n; i++)
			FUZZ_ASSERT(strcmp(buf_str(&rec.f[i]),
			    buf_str(&rec2.f[i])) == 0);
		row_property(&rec);
	}
	FUZZ_ASSERT(rc == 0 || err[0] != '\0');
	csv_record_free(&rec2);
	csv_record_free(&rec);
	buf_free(&out);
	free(s);
	return 0;
}
