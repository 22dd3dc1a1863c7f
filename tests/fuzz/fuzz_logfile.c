/*
 * A whole log file, as the read path takes it: every line parsed, the
 * malformed ones reported with their number, a torn end counted, and
 * the entries sorted by time.
 */
#include "entry.h"
#include "logset.h"
#include "fuzz.h"

/* Malformed lines are expected here: counted, not printed. */
static void
quiet(void *arg, const char *file, unsigned line, const char *msg)
{
	unsigned	*n = arg;

	FUZZ_ASSERT(file != NULL && line > 0 && msg[0] != '\0');
	(*n)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct logset	 ls;
	size_t		 i;
	unsigned	 nbad = 0;

	memset(&ls, 0, sizeof(ls));
	logset_add_text(&ls, "fuzz.log", fuzz_copy(data, size), size, quiet,
	    &nbad);
	FUZZ_ASSERT(nbad == ls.nbad);
	FUZZ_ASSERT(ls.ntorn == (size > 0 && data[size - 1] != '\n'));
	logset_sort(&ls);
	for (i = 1; i < ls.n; i++)
		FUZZ_ASSERT(ls.v[i - 1].when.t <= ls.v[i].when.t);
	logset_free(&ls);
	return 0;
}
