/*
 * The terminal of `hips go` (term.h): raw mode and wrapped text.
 */
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "term.h"

bool
term_can_redraw(void)
{
	const char	*t = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return false;
	return t != NULL && t[0] != '\0' && strcmp(t, "dumb") != 0;
}

int
term_raw(int fd, struct termios *saved)
{
	struct termios	 t;

	if (tcgetattr(fd, saved) == -1)
		return -1;
	t = *saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
	t.c_iflag &= ~(tcflag_t)(IXON | ICRNL | INLCR | IGNCR);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	return tcsetattr(fd, TCSAFLUSH, &t);
}

void
term_restore(int fd, const struct termios *saved)
{
	(void)tcsetattr(fd, TCSAFLUSH, saved);
}

void
term_wrap(struct buf *b, const char *text, int width, const char *indent)
{
	const char	*p = text, *w;
	size_t		 ind = strlen(indent), col, n;
	size_t		 max = width > (int)ind + 8 ? (size_t)width - ind : 8;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		buf_puts(b, indent);
		col = 0;
		for (;;) {
			w = p + strcspn(p, " ");
			n = (size_t)(w - p);
			if (col > 0 && col + 1 + n > max)
				break;
			if (col > 0) {
				buf_putc(b, ' ');
				col++;
			}
			if (n > max - col)
				n = max - col;
			buf_add(b, p, n);
			col += n;
			p += n;
			while (*p == ' ')
				p++;
			if (*p == '\0' || col >= max)
				break;
		}
		buf_putc(b, '\n');
	}
}
