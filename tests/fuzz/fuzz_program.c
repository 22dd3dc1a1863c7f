/*
 * program.ini.  Properties: it never crashes or leaks; an error names
 * the file and a line; an accepted program has at least one ladder.
 */
#include "hips.h"
#include "program.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct program	 p;
	char		*s;

	s = fuzz_copy(data, size);
	memset(&p, 0, sizeof(p));
	if (program_parse(&p, "program.ini", s, size) == 0) {
		program_free(&p);
	} else {
		FUZZ_ASSERT(strncmp(error_msg(), "program.ini:", 12) == 0);
		FUZZ_ASSERT(p.n == 0);
	}
	error_clear();
	free(s);
	return 0;
}
