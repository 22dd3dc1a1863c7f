/*
 * The dose parser.  Properties: it never crashes; an accepted dose has
 * 1..99 sets, each amount 1..999 reps or 1..3600 s, min <= max, and a
 * total between sets * min and sets * max.
 */
#include "entry.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dose	 d;
	struct error	 err;
	char		*s;
	int		 limit;

	s = fuzz_copy(data, size);
	err.msg[0] = '\0';
	if (dose_parse(s, size, &d, &err) == 0) {
		limit = d.secs ? 3600 : 999;
		FUZZ_ASSERT(d.sets >= 1 && d.sets <= DOSE_MAXSETS);
		FUZZ_ASSERT(d.min >= 1 && d.min <= d.max && d.max <= limit);
		FUZZ_ASSERT(d.total >= d.sets * d.min &&
		    d.total <= d.sets * d.max);
	} else
		FUZZ_ASSERT(err.msg[0] != '\0');
	free(s);
	return 0;
}
