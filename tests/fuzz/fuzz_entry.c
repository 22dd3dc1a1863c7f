/*
 * The entry line parser.  Properties: it never crashes; an entry it
 * accepts formats to a line that parses again to the same entry, and
 * that line formats to itself (the canonical form is a fixed point).
 */
#include "entry.h"
#include "fuzz.h"

static void
same(const struct entry *a, const struct entry *b)
{
	FUZZ_ASSERT(a->when.t == b->when.t && a->when.off == b->when.off);
	FUZZ_ASSERT(a->day == b->day && a->skip == b->skip &&
	    a->pain_only == b->pain_only);
	FUZZ_ASSERT(strcmp(a->name, b->name) == 0);
	FUZZ_ASSERT(strcmp(a->dose_text, b->dose_text) == 0);
	FUZZ_ASSERT(memcmp(&a->dose, &b->dose, sizeof(a->dose)) == 0);
	FUZZ_ASSERT(strcmp(a->keys, b->keys) == 0);
	FUZZ_ASSERT(strcmp(a->note, b->note) == 0);
	FUZZ_ASSERT(a->hold == b->hold && a->pain == b->pain &&
	    a->rpe == b->rpe && a->band == b->band && a->side == b->side);
	FUZZ_ASSERT(a->directive == b->directive && a->dstep == b->dstep &&
	    a->until == b->until);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct entry	 e, e2;
	struct buf	 b = BUF_INIT, b2 = BUF_INIT;
	struct error	 err;
	char		*s, *copy;
	int		 rc;

	s = fuzz_copy(data, size);
	err.msg[0] = '\0';
	rc = entry_parse(s, size, &e, &err);
	FUZZ_ASSERT(rc >= -1 && rc <= 1);
	if (rc == -1)
		FUZZ_ASSERT(err.msg[0] != '\0' &&
		    strlen(err.msg) < sizeof(err.msg));
	if (rc == 1) {
		entry_format(&e, &b);
		FUZZ_ASSERT(memchr(b.s, '\n', b.len) == NULL);
		copy = fuzz_copy((const uint8_t *)b.s, b.len);
		FUZZ_ASSERT(entry_parse(copy, b.len, &e2, &err) == 1);
		same(&e, &e2);
		entry_format(&e2, &b2);
		FUZZ_ASSERT(b.len == b2.len && memcmp(b.s, b2.s, b.len) == 0);
		free(copy);
	}
	buf_free(&b);
	buf_free(&b2);
	free(s);
	return 0;
}
