/*
 * The cues of a reminder: see remind.h.
 */
#include <string.h>

#include "remind.h"

static const char *const parts[] = { "morning", "afternoon", "evening" };

const char *
remind_daypart(int hour)
{
	if (hour < 12)
		return parts[0];
	return hour < 18 ? parts[1] : parts[2];
}

static bool
is_daypart(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (strcmp(name, parts[i]) == 0)
			return true;
	return false;
}

/* The ladder a context is about (its id or one of its exercises), or -1. */
static int
ladder_of(const struct program *p, const char *name)
{
	int	 i;

	if ((i = program_ladder_id(p, name)) == -1)
		i = program_ladder_of(p, name);
	return i;
}

size_t
remind_fit(const struct cueset *set, const struct program *p,
    const bool *unlocked, int hour, bool *chosen)
{
	const char	*now = remind_daypart(hour);
	const char	*name;
	size_t		 i, n = 0;
	int		 l, pass;

	for (pass = 0; pass < 2 && n == 0; pass++) {
		for (i = 0; i < set->nctx; i++) {
			name = set->ctx[i].name;
			l = ladder_of(p, name);
			if (is_daypart(name))
				chosen[i] = strcmp(name, now) == 0;
			else if (l != -1)
				chosen[i] = unlocked[l];
			else
				chosen[i] = pass == 1;
			if (chosen[i])
				n += set->ctx[i].count;
		}
	}
	return n;
}
