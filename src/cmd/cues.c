/*
 * hips cues: an everyday-mechanics reminder (DESIGN.md section 6).
 *
 * Only reads, and cheaply, since cron runs it: the cue set comes from
 * cues.ini or the built-in text; the rotation counter lives in the state
 * directory, and losing it only costs a repeat.  --daily needs no state.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "cues.h"
#include "safefile.h"

#define STATE_FILE	"cues"
#define ALL_KEY		"*"	/* the whole set; never a context name */


/*
 * The rotation of one key (a context name, or "*" for the whole set):
 * its position k, kept in the state file, one line "KEY K" per key.  The
 * file is a cache: a line that does not read as such is dropped, and a
 * missing key starts at 0.
 */
struct rot {
	struct buf	 dir, path;
	struct buf	 other;		/* the lines of the other keys */
	const char	*key;
	int64_t		 k;
	bool		 ok;		/* the state directory is known */
};

static void
state_read(struct rot *t)
{
	struct buf	 b = BUF_INIT;
	char		*line, *nl, *sp, *end, *eof;
	long long	 v;

	/*
	 * A state file, never a FIFO to wait on (safefile.h).  It is a
	 * cache: missing or unreadable, the rotation starts again at 0, and
	 * that costs a repeated cue at most, so the error is dropped.
	 */
	if (sf_read(AT_FDCWD, buf_str(&t->path), buf_str(&t->path),
	    SF_NOFOLLOW, CACHE_SIZE_MAX, &b) != 0) {
		error_clear();
		buf_free(&b);
		return;
	}
	eof = b.s + b.len;
	for (line = b.s; line < eof; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(eof - line))) == NULL)
			break;		/* a torn last line */
		*nl = '\0';
		if (strlen(line) != (size_t)(nl - line) ||
		    (sp = strchr(line, ' ')) == NULL || sp == line ||
		    sp - line > CUE_NAME_MAX)
			continue;
		*sp = '\0';
		if (sp[1] < '0' || sp[1] > '9')
			continue;
		errno = 0;
		v = strtoll(sp + 1, &end, 10);
		if (errno != 0 || *end != '\0')
			continue;
		if (strcmp(line, t->key) == 0)
			t->k = (int64_t)v;
		else
			buf_printf(&t->other, "%s %lld\n", line, v);
	}
	buf_free(&b);
}

/*
 * Replace the state file whole (fileio.h), its directory made the first
 * time.  Not fsynced: a rotation lost in a crash only starts again.
 */
static int
state_write(const struct rot *t)
{
	struct buf	 text = BUF_INIT;
	int		 rc;

	buf_printf(&text, "%s%s %" PRId64 "\n", buf_str(&t->other), t->key,
	    t->k);
	rc = fio_replace(buf_str(&t->path), text.s, text.len, 0600,
	    FIO_MKDIRS, NULL);
	buf_free(&text);
	return rc;
}

/* The position of key's rotation. */
static int64_t
rot_load(struct rot *t, const char *key)
{
	*t = (struct rot){ .key = key, .dir = BUF_INIT, .path = BUF_INIT,
	    .other = BUF_INIT };
	if (path_statedir(&t->dir) == -1) {
		warnmsg("cannot keep the cue rotation: %s", error_msg());
		error_clear();		/* reported: the cue comes all the same */
		return 0;
	}
	t->ok = true;
	buf_printf(&t->path, "%s/" STATE_FILE, buf_str(&t->dir));
	state_read(t);
	return t->k;
}

/* Once the cue is out: store the next position (if advance), free. */
static void
rot_done(struct rot *t, bool advance)
{
	if (t->ok && advance) {
		t->k = t->k < INT64_MAX ? t->k + 1 : 0;
		if (state_write(t) == -1)
			warnmsg("cannot save the cue rotation in '%s': %s",
			    buf_str(&t->path), strerror(errno));
	}
	buf_free(&t->other);
	buf_free(&t->path);
	buf_free(&t->dir);
}

static void
list(const struct hips *h, const struct cueset *set, const bool *only)
{
	const struct cue_context	*c;
	size_t				 i, j;

	for (i = 0; i < set->nctx; i++) {
		c = &set->ctx[i];
		if (only != NULL && !only[i])
			continue;
		printf("%s%s%s\n", h->color ? "\033[1m" : "", c->name,
		    h->color ? "\033[0m" : "");
		for (j = c->first; j < c->first + c->count; j++) {
			fputs("  ", stdout);
			fput_safe(stdout, set->cue[j]);
			putchar('\n');
		}
	}
}

static int
unknown_context(const struct cueset *set, const char *name)
{
	struct buf	 known = BUF_INIT;
	size_t		 i;

	for (i = 0; i < set->nctx; i++)
		buf_printf(&known, "%s%s", i ? ", " : "", set->ctx[i].name);
	error_set(EXIT_USAGE, "unknown context '%s' (known: %s)", name,
	    buf_str(&known));
	buf_free(&known);
	return -1;
}

int
cmd_cues(struct hips *h, const struct cmd_args *a)
{
	struct cueset			 set = CUESET_INIT;
	struct rot			 rot;
	const struct cue_context	*ctx;
	const char			*context[CUES_MAXC], *text;
	struct buf			 key = BUF_INIT;
	bool				 daily = cmd_flag(a, CUES_DAILY);
	bool				 listing = cmd_flag(a, CUES_LIST);
	bool				 dump = cmd_flag(a, CUES_DUMP);
	bool				*chosen = NULL;
	size_t				*idx = NULL, nc = 0, n = 0, len, i, j;
	int				 rc = -1;

	/* The table allows CUES_MAXC of them. */
	for (i = 0; i < a->nopt && nc < CUES_MAXC; i++)
		if (a->opt[i].key == 'c')
			context[nc++] = a->opt[i].arg;
	if (dump && (daily || listing || nc > 0))
		return error_usage("cues: --dump goes alone");
	if (daily && listing)
		return error_usage("cues: --daily and --list do not go "
		    "together");

	if (dump) {
		text = cues_builtin(&len);
		fwrite(text, 1, len, stdout);
		return 0;
	}
	if (cueset_load_user(&set) == -1)
		return -1;
	/* Repeated -c: the cues of all those contexts, in the file's order. */
	if (nc > 0)
		chosen = xreallocarray(NULL, set.nctx, sizeof(*chosen));
	for (i = 0; i < set.nctx && chosen != NULL; i++)
		chosen[i] = false;
	for (i = 0; i < nc; i++) {
		if ((ctx = cueset_find(&set, context[i])) == NULL) {
			unknown_context(&set, context[i]);
			goto out;
		}
		chosen[ctx - set.ctx] = true;
	}
	if (listing) {
		list(h, &set, chosen);
		rc = 0;
		goto out;
	}
	idx = xreallocarray(NULL, set.ncue, sizeof(*idx));
	for (i = 0; i < set.nctx; i++) {
		if (chosen != NULL && !chosen[i])
			continue;
		for (j = 0; j < set.ctx[i].count; j++)
			idx[n++] = set.ctx[i].first + j;
		if (chosen != NULL)
			buf_printf(&key, "%s%s", key.len ? "," : "",
			    set.ctx[i].name);
	}
	if (daily)
		i = cue_pick(n, hips_today(h), cue_seed("daily",
		    buf_str(&key)));
	else
		i = cue_pick(n, rot_load(&rot, nc > 0 ? buf_str(&key) :
		    ALL_KEY), cue_seed("next", buf_str(&key)));
	fput_safe(stdout, set.cue[idx[i]]);
	putchar('\n');
	/* Move on only once the cue is out (not after "> /dev/full"). */
	if (!daily)
		rot_done(&rot, !stdout_failed());
	rc = 0;
out:
	free(idx);
	free(chosen);
	buf_free(&key);
	cueset_free(&set);
	return rc;
}
