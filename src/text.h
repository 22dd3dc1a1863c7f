/* Small pure helpers for text that comes from users and files. */
#ifndef HIPS_TEXT_H
#define HIPS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Is s[0..len) well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF)? */
bool	utf8_valid(const char *, size_t);
/*
 * Length of the UTF-8 sequence at s (at most len bytes), 0 if it is not
 * a valid one.  *cp receives the code point.
 */
size_t	utf8_next(const char *, size_t, unsigned *);
/* Does s[0..len) hold a control character (C0, DEL or C1)? */
bool	has_control(const char *, size_t);

#endif
