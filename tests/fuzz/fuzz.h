/*
 * Shared by the fuzz targets: each defines LLVMFuzzerTestOneInput, run by
 * libFuzzer (make fuzz, clang) or by driver.c, which replays the seed
 * corpora in tests/fuzz/corpus/TARGET under ASan and UBSan (make check).
 * A target aborts when a property it checks does not hold.
 */
#ifndef HIPS_FUZZ_H
#define HIPS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A NUL-terminated copy of the input (parsers may write one byte past). */
static inline char *
fuzz_copy(const uint8_t *data, size_t size)
{
	char	*s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#define FUZZ_ASSERT(x) do {						\
	if (!(x)) {							\
		fprintf(stderr, "%s:%d: property failed: %s\n",		\
		    __FILE__, __LINE__, #x);				\
		abort();						\
	}								\
} while (0)

#endif
