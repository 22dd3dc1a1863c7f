/*
 * The one hash of hips: 64-bit FNV-1a.  Fast on short keys and stable
 * across versions and machines, so that what depends on it never moves:
 * the cue `hips cues --daily` picks, the output cache's keys, the line
 * table of a merge.  Not a defence against anyone: sha1.h is for that.
 */
#ifndef HIPS_HASH_H
#define HIPS_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_INIT	UINT64_C(0xcbf29ce484222325)	/* offset basis */
#define HASH_PRIME	UINT64_C(0x100000001b3)

/*
 * h carried over the n bytes at p: hash_add(HASH_INIT, ...) starts a
 * hash, and hashing a then b is hashing their concatenation.
 */
uint64_t	hash_add(uint64_t, const void *, size_t);
/* h carried over the bytes of the string s, without its NUL. */
uint64_t	hash_str(uint64_t, const char *);

#endif
