/*
 * What `hips log` accepts without --custom: the exercises of the program's
 * ladders and those declared in config.ini, the built-in keys and those
 * declared there; and "did you mean" for a word that is none of them.
 * Pure: the caller loads the program and the settings.
 */
#ifndef HIPS_KNOWN_H
#define HIPS_KNOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct config;
struct program;

struct known {
	const char	**names;	/* exercises */
	size_t		  nnames;
	const char	**keys;		/* keys of KEY=VALUE */
	size_t		  nkeys;
	char		 *words;	/* storage of the declared words */
};

/* The keys every entry may carry (hips(5)), sorted. */
extern const char *const known_builtin_keys[];
extern const size_t known_nbuiltin_keys;

/* From a program and settings; k points into p, which must outlive it. */
void	known_init(struct known *, const struct program *,
	    const struct config *);
void	known_free(struct known *);
/* skip, pain, hold, pause, set, resume: never an exercise. */
bool	known_reserved(const char *, size_t);
bool	known_name(const struct known *, const char *);
bool	known_key(const struct known *, const char *, size_t);

/*
 * The edit distance of a and b (optimal string alignment: insertions,
 * deletions, substitutions and swaps of neighbours cost 1 each).
 */
size_t	edit_distance(const char *, size_t, const char *, size_t);
/*
 * Append "did you mean 'x'?" (or "'x' or 'y'") naming the closest of
 * the n candidates when one is close enough to be a typo of word;
 * returns whether it did.
 */
bool	suggest(struct buf *, const char *, size_t, const char *const *,
	    size_t);

#endif
