/*
 * Loading INI files with inih, with the checks inih does not do
 * (inifile.h); every problem is reported as "file:line: ...".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "hips.h"
#include "inifile.h"
#include "safefile.h"
#include "text.h"

struct ctx {
	ini_key_fn	 key;
	void		*user;
	char		 err[256];
	bool		 failed;
};

static int
handler(void *arg, const char *section, const char *name, const char *value)
{
	struct ctx	*c = arg;
	struct error	 err;

	if (c->failed)
		return 1;	/* keep the first message */
	err.msg[0] = '\0';
	if (c->key(c->user, section, name, value, &err) == -1) {
		snprintf(c->err, sizeof(c->err), "%s", err.msg);
		c->failed = true;
		return 0;
	}
	return 1;
}

static bool
blank(int ch)
{
	return ch == ' ' || ch == '\t';
}

/* The checks inih does not make, line by line. */
static int
prescan(const char *name, const char *text, size_t len,
    ini_section_fn section, void *user)
{
	const char	*p = text, *end = text + len, *nl, *q, *e;
	struct error	 err;
	char		 sect[INI_LINE_MAX + 1];
	unsigned	 line = 0;
	size_t		 n;

	for (; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (memchr(p, '\0', n) != NULL)
			return error_set(EXIT_FAIL, "%s:%u: NUL byte in line",
			    name, line);
		if (n > INI_LINE_MAX)
			return error_set(EXIT_FAIL, "%s:%u: line longer than "
			    "%d bytes, counting its newline", name, line,
			    INI_LINE_MAX + 1);
		if (!utf8_valid(p, n))
			return error_set(EXIT_FAIL, "%s:%u: not valid UTF-8",
			    name, line);
		if (line == 1 && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3, n -= 3;
		if (n > 0 && p[n - 1] == '\r')
			return error_set(EXIT_FAIL, "%s:%u: carriage return "
			    "at end of line (CRLF line ending)", name, line);
		for (q = p; q < nl && blank(*q); q++)
			;
		if (q == nl || *q == ';' || *q == '#')
			continue;
		if (q != p)
			return error_set(EXIT_FAIL, "%s:%u: line starts with "
			    "white space (inih would join it to the line "
			    "before)", name, line);
		if (*q == '[') {
			if ((e = memchr(q, ']', (size_t)(nl - q))) == NULL)
				return error_set(EXIT_FAIL, "%s:%u: section "
				    "header without ']'", name, line);
			n = (size_t)(e - q - 1);
			memcpy(sect, q + 1, n);
			sect[n] = '\0';
			for (e++; e < nl && blank(*e); e++)
				;
			if (e < nl && *e != ';' && *e != '#')
				return error_set(EXIT_FAIL, "%s:%u: text after "
				    "section header", name, line);
			if (section != NULL && section(user, sect, line, &err) == -1)
				return error_set(EXIT_FAIL, "%s:%u: %.255s",
				    name, line, err.msg);
			continue;
		}
		if (memchr(q, '=', (size_t)(nl - q)) == NULL &&
		    memchr(q, ':', (size_t)(nl - q)) == NULL)
			return error_set(EXIT_FAIL, "%s:%u: expected 'KEY = "
			    "VALUE' or '[SECTION]'", name, line);
	}
	return 0;
}

int
ini_load_text(const char *name, const char *text, size_t len, ini_key_fn key,
    ini_section_fn section, void *user)
{
	struct ctx	 c;
	int		 rc;

	if (prescan(name, text, len, section, user) == -1)
		return -1;
	memset(&c, 0, sizeof(c));
	c.key = key;
	c.user = user;
	/* The text is NUL-terminated: the pre-scan rejected NUL bytes. */
	rc = ini_parse_string(text, handler, &c);
	if (rc > 0 && c.failed)
		return error_set(EXIT_FAIL, "%s:%d: %s", name, rc, c.err);
	if (rc != 0)
		return error_set(EXIT_FAIL, "%s:%d: cannot parse line", name,
		    rc);
	return 0;
}

int
ini_read_file(const char *path, struct buf *b, bool *missing)
{
	int	 rc;

	*missing = false;
	/* Links are followed (dotfile managers make them), FIFOs never. */
	if ((rc = sf_read(AT_FDCWD, path, path, 0, INI_SIZE_MAX, b)) == 0)
		return 0;
	buf_free(b);
	*missing = rc == 1;
	return *missing ? 0 : -1;
}

int
ini_load_file(const char *path, bool *missing, ini_key_fn key,
    ini_section_fn section, void *user)
{
	struct buf	 b = BUF_INIT;
	int		 rc;

	if (ini_read_file(path, &b, missing) == -1 || *missing)
		return *missing ? 0 : -1;
	rc = ini_load_text(path, buf_str(&b), b.len, key, section, user);
	buf_free(&b);
	return rc;
}
