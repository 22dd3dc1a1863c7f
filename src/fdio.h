/*
 * Whole writes to a file descriptor, for hips and for its git plugin
 * plugin, which links no object of hips's own: hence inline, here.
 */
#ifndef HIPS_FDIO_H
#define HIPS_FDIO_H

#include <errno.h>
#include <stddef.h>
#include <unistd.h>

/* All n bytes of p, through EINTR and short writes; 0, or -1 and errno. */
static inline int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	 r;

	while (n > 0) {
		r = write(fd, p, n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = ENOSPC;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

#endif
