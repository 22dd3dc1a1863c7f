/*
 * SHA-1, for comparing a work file with git's index without libgit2
 * (`hips check`).  Pure.
 */
#ifndef HIPS_SHA1_H
#define HIPS_SHA1_H

#include <stddef.h>
#include <stdint.h>

struct sha1 {
	uint32_t	 h[5];
	uint64_t	 len;		/* bytes hashed so far */
	unsigned char	 block[64];
	size_t		 used;		/* bytes waiting in block */
};

void	sha1_init(struct sha1 *);
void	sha1_update(struct sha1 *, const void *, size_t);
void	sha1_final(struct sha1 *, unsigned char[20]);
/* The object id git gives a blob holding data. */
void	sha1_git_blob(const void *, size_t, unsigned char[20]);

#endif
