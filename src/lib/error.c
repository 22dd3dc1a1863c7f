/*
 * The pending error of a command, warnings on stderr, and whether a
 * write committed (what a failure may then say).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hips.h"
#include "fdio.h"
#include "text.h"

static struct {
	char	msg[1024];
	int	status;
	bool	usage;
} err;

#define QUOTE_MAX	100	/* longest quoted subject shown whole */

static bool
alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * s into out with every quoted subject ('...', as messages quote what
 * they are about) longer than QUOTE_MAX bytes cut to its start and
 * "...": an argument of 131 KB is not echoed whole.  A quote between two
 * letters or digits is an apostrophe, never a subject's.
 */
static void
cut_quoted(const char *s, struct buf *out)
{
	const char	*p = s, *open, *close;
	size_t		 n;

	while ((open = strchr(p, '\'')) != NULL) {
		buf_add(out, p, (size_t)(open + 1 - p));
		p = open + 1;
		if (open > s && alnum((unsigned char)open[-1]))
			continue;
		for (close = p; (close = strchr(close, '\'')) != NULL; close++)
			if (!alnum((unsigned char)close[1]))
				break;
		if (close == NULL)
			break;
		if ((n = (size_t)(close - p)) > QUOTE_MAX) {
			/* Not in the middle of a UTF-8 character. */
			for (n = QUOTE_MAX; n > 0 &&
			    ((unsigned char)p[n] & 0xc0) == 0x80; n--)
				;
			buf_add(out, p, n);
			buf_puts(out, "...");
		} else
			buf_add(out, p, n);
		buf_putc(out, '\'');
		p = close + 1;
	}
	buf_puts(out, p);
}

static int
error_vset(int status, bool usage, const char *fmt, va_list ap)
{
	struct buf	 b = BUF_INIT, cut = BUF_INIT;

	buf_vprintf(&b, fmt, ap);
	cut_quoted(buf_str(&b), &cut);
	snprintf(err.msg, sizeof(err.msg), "%s", buf_str(&cut));
	buf_free(&cut);
	buf_free(&b);
	err.status = status;
	err.usage = usage;
	return -1;
}

int
error_set(int status, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	error_vset(status, false, fmt, ap);
	va_end(ap);
	return -1;
}

int
error_usage(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	error_vset(EXIT_USAGE, true, fmt, ap);
	va_end(ap);
	return -1;
}


const char *
error_msg(void)
{
	return err.msg[0] != '\0' ? err.msg : "unknown error";
}

int
error_status(void)
{
	return err.status != 0 ? err.status : EXIT_FAIL;
}

bool
error_wants_usage(void)
{
	return err.usage;
}

void
error_clear(void)
{
	err.msg[0] = '\0';
	err.status = 0;
	err.usage = false;
}

/*
 * "hips: MSG" and a newline on stderr, its control characters made
 * visible, in one write(): messages of hips processes running side by
 * side never interleave.
 */
void
errline(const char *msg)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, "hips: ");
	buf_add_safe(&b, msg);
	buf_putc(&b, '\n');
	fflush(stderr);
	(void)write_all(STDERR_FILENO, b.s, b.len);
	buf_free(&b);
}

void
warnmsg(const char *fmt, ...)
{
	struct buf	 b = BUF_INIT, cut = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cut_quoted(buf_str(&b), &cut);
	errline(buf_str(&cut));
	buf_free(&cut);
	buf_free(&b);
}

static bool	 committed;

/* A write committed: from now on a failure must not say "nothing changed". */
void
error_committed(void)
{
	committed = true;
}

bool
error_was_committed(void)
{
	return committed;
}

/* Flush stdout and say whether anything written to it was lost. */
bool
stdout_failed(void)
{
	return fflush(stdout) != 0 || ferror(stdout);
}
