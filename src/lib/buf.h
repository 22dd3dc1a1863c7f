/*
 * A growable string buffer.
 *
 * Invariants: after buf_init() len is 0 and s is NULL; once anything has
 * been added, s points to cap bytes holding len bytes of data followed by
 * a NUL, so s can always be used as a C string (use buf_str() for a buffer
 * that may still be empty).  The data itself may contain NUL bytes.
 * Allocation failure aborts: a command-line tool has nothing better to do.
 */
#ifndef HIPS_BUF_H
#define HIPS_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

void		 buf_init(struct buf *);
void		 buf_free(struct buf *);
void		 buf_reset(struct buf *);
void		 buf_grow(struct buf *, size_t);
void		 buf_add(struct buf *, const void *, size_t);
void		 buf_puts(struct buf *, const char *);
void		 buf_putc(struct buf *, int);
void		 buf_printf(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 buf_vprintf(struct buf *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));
void		 buf_truncate(struct buf *, size_t);
const char	*buf_str(const struct buf *);
char		*buf_detach(struct buf *);

/* malloc and friends that abort when out of memory, like the buffers. */
void		*xmalloc(size_t);
void		*xrealloc(void *, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrdup(const char *);

#endif
