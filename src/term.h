/*
 * The terminal of `hips go`: whether it can redraw, raw keys in and
 * out, and plain text wrapped to its width.  Only VT100 sequences every
 * terminal hips meets knows (home, clear to the end), no colour.
 */
#ifndef HIPS_TERM_H
#define HIPS_TERM_H

#include <stdbool.h>
#include <termios.h>

#include "buf.h"

#define TERM_HOME_CLEAR	"\033[H\033[J"

/* Whether fds 0 and 1 are a terminal that can redraw (not TERM=dumb). */
bool	term_can_redraw(void);
/*
 * Keys one by one, no echo, no signals from ^C (it arrives as a key);
 * output is left as it is (LF still starts a new line).  The old mode
 * is saved in *saved.
 */
int	term_raw(int, struct termios *);
/* Back to the mode term_raw() saved. */
void	term_restore(int, const struct termios *);
/*
 * Append text word-wrapped to width columns, each line starting with
 * indent (ASCII widths; a longer word is cut).
 */
void	term_wrap(struct buf *, const char *, int, const char *);

#endif
