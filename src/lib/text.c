/* Small pure helpers for text that comes from users and files. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "text.h"

size_t
utf8_next(const char *p, size_t len, unsigned *cp)
{
	const unsigned char	*s = (const unsigned char *)p;
	unsigned		 c, min;
	size_t			 n, i;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

bool
utf8_valid(const char *s, size_t len)
{
	size_t		 n;
	unsigned	 cp;

	while (len > 0) {
		if ((unsigned char)*s < 0x80) {	/* most of a log */
			s++;
			len--;
			continue;
		}
		if ((n = utf8_next(s, len, &cp)) == 0)
			return false;
		s += n;
		len -= n;
	}
	return true;
}

bool
has_control(const char *s, size_t len)
{
	size_t		 n;
	unsigned	 cp;

	while (len > 0) {
		if ((n = utf8_next(s, len, &cp)) == 0)
			n = 1, cp = (unsigned char)*s;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return true;
		s += n;
		len -= n;
	}
	return false;
}

/*
 * Append s with every control character and invalid byte shown as a
 * visible escape, so that no data can drive the terminal.
 */
void
buf_add_safe(struct buf *b, const char *s)
{
	size_t		 len = strlen(s), n;
	unsigned	 cp;

	while (len > 0) {
		n = utf8_next(s, len, &cp);
		if (n == 0) {
			buf_printf(b, "\\x%02x", (unsigned char)*s);
			n = 1;
		} else if (cp == '\t')
			buf_puts(b, "\\t");
		else if (cp == '\n')
			buf_puts(b, "\\n");
		else if (cp < 0x20 || cp == 0x7f)
			buf_printf(b, "\\x%02x", cp);
		else if (cp >= 0x80 && cp < 0xa0)
			buf_printf(b, "\\u%04x", cp);
		else
			buf_add(b, s, n);
		s += n;
		len -= n;
	}
}

void
fput_safe(FILE *fp, const char *s)
{
	struct buf	 b = BUF_INIT;

	buf_add_safe(&b, s);
	fwrite(buf_str(&b), 1, b.len, fp);
	buf_free(&b);
}
