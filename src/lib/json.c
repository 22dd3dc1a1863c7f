/* Writing JSON text: string literals with their escapes (json.h). */
#include "json.h"

void
json_str(struct buf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	buf_putc(b, '"');
	for (; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				buf_printf(b, "\\u%04x", *p);
			else
				buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}
