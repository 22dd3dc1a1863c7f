/*
 * The one error type of hips, on both sides of the plugin boundary: what
 * went wrong, and the exit status main() should give for it.  The
 * command's pending error (error_set() in error.c) is one of these; the
 * git plugin fills the one its caller passes.
 */
#ifndef HIPS_ERROR_H
#define HIPS_ERROR_H

struct error {
	int	status;			/* exit status for main */
	char	msg[1024];
};

/*
 * Fill e (if not NULL) with status and the message the format makes,
 * errno kept; returns -1, so a check can end with "return error_put(e,
 * 2, ...)" (errput.c, linked by hips and the git plugin).
 */
int	error_put(struct error *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
