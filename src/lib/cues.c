/*
 * The cue set: loading (with the same INI loader as every hips file) and
 * the choice of a cue.  See cues.h for the rules of the choice.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "hash.h"
#include "cues.h"
#include "entry.h"
#include "inifile.h"
#include "text.h"

/* src/lib/cues_builtin.ini as a string literal, made by the Makefile. */
static const char builtin[] =
#include "cues_builtin.inc"
    ;

const char *
cues_builtin(size_t *len)
{
	*len = sizeof(builtin) - 1;
	return builtin;
}

static struct cue_context *
find(const struct cueset *set, const char *name)
{
	size_t	 i;

	for (i = 0; i < set->nctx; i++)
		if (strcmp(set->ctx[i].name, name) == 0)
			return &set->ctx[i];
	return NULL;
}

const struct cue_context *
cueset_find(const struct cueset *set, const char *name)
{
	return find(set, name);
}

/* The pre-scan sees every header first, with its line number. */
static int
section(void *arg, const char *name, unsigned line, struct error *err)
{
	struct cueset			*set = arg;
	const struct cue_context	*dup;

	if (!name_valid(name, strlen(name))) {
		error_put(err, 1, "bad context name '%s': use 1 to %d "
		    "lower-case letters, digits or '-', starting with a "
		    "letter", name, CUE_NAME_MAX);
		return -1;
	}
	if ((dup = cueset_find(set, name)) != NULL) {
		error_put(err, 1, "duplicate section [%s] (first at line "
		    "%u)", name, dup->line);
		return -1;
	}
	set->ctx = xreallocarray(set->ctx, set->nctx + 1, sizeof(*set->ctx));
	set->ctx[set->nctx++] = (struct cue_context){
		.name = xstrdup(name),
		.line = line,
	};
	return 0;
}

/*
 * Then inih reports the keys in file order; as sections are unique, the
 * cues of one context arrive together and stay contiguous.
 */
static int
key(void *arg, const char *sect, const char *name, const char *value,
    struct error *err)
{
	struct cueset		*set = arg;
	struct cue_context	*c;

	if (sect[0] == '\0') {
		error_put(err, 1, "'%s' outside a section (put cues under "
		    "a [CONTEXT] header)", name);
		return -1;
	}
	if (strcmp(name, "cue") != 0) {
		error_put(err, 1, "unknown key '%s' in [%s] (only 'cue = "
		    "...' is known)", name, sect);
		return -1;
	}
	if (value[0] == '\0') {
		error_put(err, 1, "empty cue in [%s]", sect);
		return -1;
	}
	if (has_control(value, strlen(value))) {
		error_put(err, 1, "control character in a cue of [%s]",
		    sect);
		return -1;
	}
	/* The pre-scan saw every header; this is only a safeguard. */
	if ((c = find(set, sect)) == NULL) {
		error_put(err, 1, "cue in unknown section [%s]", sect);
		return -1;
	}
	if (c->count == 0)
		c->first = set->ncue;
	c->count++;
	set->cue = xreallocarray(set->cue, set->ncue + 1, sizeof(*set->cue));
	set->cue[set->ncue++] = xstrdup(value);
	return 0;
}

int
cueset_parse(struct cueset *set, const char *name, const char *text,
    size_t len)
{
	size_t	 i;

	*set = (struct cueset)CUESET_INIT;
	if (ini_load_text(name, text, len, key, section, set) == -1)
		goto fail;
	for (i = 0; i < set->nctx; i++)
		if (set->ctx[i].count == 0) {
			error_set(EXIT_FAIL, "%s:%u: section [%s] has no cues",
			    name, set->ctx[i].line, set->ctx[i].name);
			goto fail;
		}
	if (set->ncue == 0) {
		error_set(EXIT_FAIL, "%s: no cues (give at least one "
		    "[CONTEXT] section with 'cue = ...' lines)", name);
		goto fail;
	}
	return 0;
fail:
	cueset_free(set);
	return -1;
}

void
cueset_builtin(struct cueset *set)
{
	const char	*text;
	size_t		 len;

	text = cues_builtin(&len);
	if (cueset_parse(set, "(built-in cues)", text, len) == -1) {
		fprintf(stderr, "hips: %s\n", error_msg());
		abort();
	}
}

int
cueset_load_file(struct cueset *set, const char *path, bool *missing)
{
	struct buf	 b = BUF_INIT;
	int		 rc;

	*set = (struct cueset)CUESET_INIT;
	if (ini_read_file(path, &b, missing) == -1 || *missing)
		return *missing ? 0 : -1;
	rc = cueset_parse(set, path, buf_str(&b), b.len);
	buf_free(&b);
	return rc;
}

int
cueset_load_user(struct cueset *set)
{
	struct buf	 path = BUF_INIT;
	bool		 missing = true;
	int		 rc = 0;

	/*
	 * Without HOME there is no user file to find: the built-in set is
	 * the answer, not an error (cron may run hips with no HOME).
	 */
	if (path_confdir(&path) == 0) {
		buf_puts(&path, "/cues.ini");
		rc = cueset_load_file(set, buf_str(&path), &missing);
	} else
		error_clear();
	buf_free(&path);
	if (rc == 0 && missing)
		cueset_builtin(set);
	return rc;
}

void
cueset_free(struct cueset *set)
{
	size_t	 i;

	for (i = 0; i < set->ncue; i++)
		free(set->cue[i]);
	for (i = 0; i < set->nctx; i++)
		free(set->ctx[i].name);
	free(set->cue);
	free(set->ctx);
	*set = (struct cueset)CUESET_INIT;
}

/* The hash (hash.h) of salt, a NUL, and the context name. */
uint64_t
cue_seed(const char *salt, const char *context)
{
	return hash_str(hash_add(HASH_INIT, salt, strlen(salt) + 1), context);
}

/* splitmix64: a small, well-mixed generator; fixed, so choices repeat. */
static uint64_t
next64(uint64_t *state)
{
	uint64_t	 z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/*
 * The raw permutation of cycle c (Fisher-Yates from the top).  If p is
 * NULL, only its last element is computed: the first draw decides it.
 */
static size_t
shuffle(size_t n, int64_t cycle, uint64_t seed, size_t *p)
{
	uint64_t	 st = (uint64_t)cycle;
	size_t		 i, j, t;

	st = next64(&st) ^ seed;
	if (p == NULL)
		return (size_t)(next64(&st) % n);
	for (i = 0; i < n; i++)
		p[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = (size_t)(next64(&st) % (i + 1));
		t = p[i];
		p[i] = p[j];
		p[j] = t;
	}
	return p[n - 1];
}

size_t
cue_pick(size_t n, int64_t k, uint64_t seed)
{
	int64_t		 cycle, pos;
	size_t		*p, r;

	if (n <= 1)
		return 0;
	cycle = k / (int64_t)n;
	pos = k % (int64_t)n;
	if (pos < 0) {
		pos += (int64_t)n;
		cycle--;
	}
	/* Two cues can only alternate: every cycle is the first one. */
	if (n == 2)
		cycle = 0;
	p = xreallocarray(NULL, n, sizeof(*p));
	shuffle(n, cycle, seed, p);
	/*
	 * No repeat across the boundary: if this cycle would start with the
	 * last cue of the one before, swap its first two.  The swap never
	 * moves a last element (n > 2), so the rule does not cascade.
	 */
	if (n > 2 && p[0] == shuffle(n, cycle - 1, seed, NULL)) {
		p[0] = p[1];
		p[1] = shuffle(n, cycle - 1, seed, NULL);
	}
	r = p[pos];
	free(p);
	return r;
}
