/*
 * cues.ini.  Properties: it never crashes or leaks; an error names the
 * file and a line and leaves the set empty; no accepted cue holds a
 * control character.
 */
#include "hips.h"
#include "cues.h"
#include "text.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cueset	 set = CUESET_INIT;
	char		*s;
	size_t		 i;

	s = fuzz_copy(data, size);
	if (cueset_parse(&set, "cues.ini", s, size) == 0) {
		for (i = 0; i < set.ncue; i++)
			FUZZ_ASSERT(!has_control(set.cue[i],
			    strlen(set.cue[i])));
		cueset_free(&set);
	} else {
		FUZZ_ASSERT(strncmp(error_msg(), "cues.ini:", 9) == 0);
		FUZZ_ASSERT(set.ncue == 0);
	}
	error_clear();
	free(s);
	return 0;
}
