/* hips pause: a clinician's instruction: not due until a date (hold.c). */
#include "cmd.h"
#include "entry.h"

int
cmd_pause(struct hips *h, const struct cmd_args *a)
{
	return hold_or_pause(h, a, DIR_PAUSE);
}
