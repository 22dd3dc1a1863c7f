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

#endif
