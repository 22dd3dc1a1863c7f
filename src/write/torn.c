/*
 * The repair of a torn last line: a month file whose last line has no
 * LF (a crash mid-append, or an editor) gets one before anything is
 * appended, committed or merged.  Nothing is dropped: a fragment that is
 * not an entry is kept as a comment, every byte of it visible.
 */
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "entry.h"
#include "torn.h"

int
torn_repair(const char *data, size_t len, struct buf *out)
{
	const char	*frag, *p, *nul, *end = data + len;
	struct entry	 e;
	struct error	 err;
	char		*copy;
	size_t		 fraglen;
	int		 rc = TORN_LINE;

	if (len == 0 || data[len - 1] == '\n') {
		buf_add(out, data, len);
		return TORN_NONE;
	}
	frag = memrchr(data, '\n', len);
	frag = frag ? frag + 1 : data;
	fraglen = (size_t)(end - frag);
	buf_add(out, data, (size_t)(frag - data));
	copy = xmalloc(fraglen + 1);
	memcpy(copy, frag, fraglen);
	copy[fraglen] = '\0';
	if (entry_parse(copy, fraglen, &e, &err) < 0) {
		/*
		 * Kept as a comment, its bytes made visible, NULs too (the
		 * copy: parsing may have cut it, and it ends with a NUL).
		 */
		memcpy(copy, frag, fraglen);
		buf_puts(out, "# torn line kept by hips: ");
		for (p = copy; p < copy + fraglen; p = nul + 1) {
			nul = memchr(p, '\0', (size_t)(copy + fraglen - p));
			buf_add_safe(out, p);
			if (nul == NULL)
				break;
			buf_puts(out, "\\x00");
		}
		rc = TORN_COMMENT;
	} else
		buf_add(out, frag, fraglen);
	free(copy);
	buf_putc(out, '\n');
	return rc;
}
