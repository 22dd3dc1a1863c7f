/*
 * Filling a struct error (error.h): the one helper both hips and the git
 * plugin link, so a failure reads the same on both sides of the plugin
 * boundary.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "error.h"

int
error_put(struct error *e, int status, const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	if (e != NULL) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
		e->status = status;
	}
	errno = saved;
	return -1;
}
