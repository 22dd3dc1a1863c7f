/* Small pure helpers for text that comes from users and files. */
#ifndef HIPS_TEXT_H
#define HIPS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

/* Is s[0..len) well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF)? */
bool	utf8_valid(const char *, size_t);
/*
 * Length of the UTF-8 sequence at s (at most len bytes), 0 if it is not
 * a valid one.  *cp receives the code point.
 */
size_t	utf8_next(const char *, size_t, unsigned *);
/* Does s[0..len) hold a control character (C0, DEL or C1)? */
bool	has_control(const char *, size_t);
/*
 * Append s with every control character and invalid byte shown as a
 * visible escape (\t, \n, \xNN, \uNNNN), so that no data can drive the
 * terminal; fput_safe() writes it to a stream.
 */
void	buf_add_safe(struct buf *, const char *);
void	fput_safe(FILE *, const char *);

#endif
