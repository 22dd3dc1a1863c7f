/*
 * config.ini.  Properties: it never crashes; an error names the file and
 * a line; an accepted file yields a valid streak target.
 */
#include "hips.h"
#include "config.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	 c;
	char		*s;

	s = fuzz_copy(data, size);
	if (config_parse(&c, "config.ini", s, size) == 0) {
		FUZZ_ASSERT(c.per_week >= 0 && c.per_week <= 7);
		FUZZ_ASSERT(target_parse(c.target) == c.per_week);
	} else
		FUZZ_ASSERT(strncmp(error_msg(), "config.ini:", 11) == 0);
	error_clear();
	free(s);
	return 0;
}
