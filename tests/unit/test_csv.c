/* CSV reading and writing (src/lib/csv.c) against RFC 4180's rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"

/* Read text whole; the fields joined with '|', records with '/'. */
static int
read_all(const char *text, struct buf *out, char *err, size_t errsz,
    unsigned *line)
{
	struct csv_reader	 r;
	struct csv_record	 rec;
	size_t			 i;
	int			 rc;

	csv_reader_init(&r, text, strlen(text));
	csv_record_init(&rec);
	buf_puts(out, "");
	while ((rc = csv_read(&r, &rec, err, errsz)) == 1) {
		for (i = 0; i < rec.n; i++) {
			if (i > 0)
				buf_putc(out, '|');
			buf_puts(out, buf_str(&rec.f[i]));
		}
		buf_putc(out, rec.blank ? '_' : '/');
	}
	*line = rec.line;
	csv_record_free(&rec);
	return rc;
}

static void
writes_quoted_when_needed(void **state)
{
	struct buf	 b = BUF_INIT;

	(void)state;
	csv_put(&b, "plain text; with: punctuation");
	buf_putc(&b, ',');
	csv_put(&b, "a, b");
	buf_putc(&b, ',');
	csv_put(&b, "say \"hi\"");
	buf_putc(&b, ',');
	csv_put(&b, "two\nlines");
	buf_putc(&b, ',');
	csv_put(&b, "cr\r");
	buf_putc(&b, ',');
	csv_put(&b, "");
	assert_string_equal(buf_str(&b), "plain text; with: punctuation,"
	    "\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",");
	buf_free(&b);
}

static void
reads_records(void **state)
{
	struct buf	 b = BUF_INIT;
	char		 err[128];
	unsigned	 line;

	(void)state;
	assert_int_equal(read_all("a,b,c\r\n1,\"x, y\",\"q \"\"z\"\"\"\r\n"
	    "\r\n,,\n\"multi\nline\",end", &b, err, sizeof(err), &line), 0);
	assert_string_equal(buf_str(&b),
	    "a|b|c/1|x, y|q \"z\"/_||/multi\nline|end/");
	/* The line of the record after a field with a line break. */
	assert_int_equal(line, 6);
	buf_free(&b);
}

static void
writes_what_it_reads(void **state)
{
	static const char *const fields[] = { "", "a", "a,b", "\"", "\"\"",
	    "x\r\ny", " lead and trail ", "\xc3\xa9t\xc3\xa9", "end," };
	struct buf	 b = BUF_INIT, got = BUF_INIT, want = BUF_INIT;
	char		 err[128];
	unsigned	 line;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (i > 0) {
			buf_putc(&b, ',');
			buf_putc(&want, '|');
		}
		csv_put(&b, fields[i]);
		buf_puts(&want, fields[i]);
	}
	buf_puts(&b, "\r\n");
	buf_putc(&want, '/');
	assert_int_equal(read_all(buf_str(&b), &got, err, sizeof(err),
	    &line), 0);
	assert_string_equal(buf_str(&got), buf_str(&want));
	buf_free(&b);
	buf_free(&got);
	buf_free(&want);
}

static void
refuses_bad_quoting(void **state)
{
	static const struct {
		const char	*text;
		const char	*err;
		unsigned	 line;
	} bad[] = {
		{ "ok\n\"open,\nstill", "quoted field not closed", 2 },
		{ "a,b\"c\n", "quote inside field 2, which is not quoted", 1 },
		{ "x\n\"q\"z,1\n", "text after the closing quote of field 1",
		    2 },
		{ "a\rb\n", "carriage return without a line feed", 1 },
	};
	struct buf	 b = BUF_INIT;
	char		 err[128];
	unsigned	 line;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		buf_reset(&b);
		assert_int_equal(read_all(bad[i].text, &b, err, sizeof(err),
		    &line), -1);
		assert_string_equal(err, bad[i].err);
		assert_int_equal(line, bad[i].line);
	}
	buf_free(&b);
}

static void
refuses_too_many_fields(void **state)
{
	struct buf	 text = BUF_INIT, b = BUF_INIT;
	char		 err[128];
	unsigned	 line;
	int		 i;

	(void)state;
	for (i = 0; i < CSV_MAXFIELDS; i++)
		buf_putc(&text, ',');
	assert_int_equal(read_all(buf_str(&text), &b, err, sizeof(err),
	    &line), -1);
	assert_string_equal(err, "more than 64 fields");
	buf_free(&text);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(writes_quoted_when_needed),
		cmocka_unit_test(reads_records),
		cmocka_unit_test(writes_what_it_reads),
		cmocka_unit_test(refuses_bad_quoting),
		cmocka_unit_test(refuses_too_many_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
