/* 64-bit FNV-1a (hash.h). */
#include <string.h>

#include "hash.h"

uint64_t
hash_add(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*s = p;

	while (n-- > 0) {
		h ^= *s++;
		h *= HASH_PRIME;
	}
	return h;
}

uint64_t
hash_str(uint64_t h, const char *s)
{
	return hash_add(h, s, strlen(s));
}
