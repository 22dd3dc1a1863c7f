/*
 * Reading the log: load every log/ *.log file of the data directory from
 * the work tree into one array of entries, count the bad and torn lines,
 * sort them by time (logset.h).  Never through libgit2.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hips.h"
#include "logset.h"
#include "safefile.h"

static void
keep(struct logset *ls, char *mem)
{
	ls->mem = xreallocarray(ls->mem, ls->nmem + 1, sizeof(*ls->mem));
	ls->mem[ls->nmem++] = mem;
}

void
logset_add_text(struct logset *ls, const char *file, char *text, size_t len,
    logset_bad_fn bad, void *arg)
{
	char		*p = text, *end = text + len, *nl;
	struct error	 err;
	struct entry	 e;
	unsigned	 line = 0;
	const char	*name;
	int		 rc;

	/* The file name first, then the text: both live until free. */
	name = xstrdup(file);
	keep(ls, (char *)name);
	keep(ls, text);
	if (len > 0 && text[len - 1] != '\n')
		ls->ntorn++;
	for (; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		rc = entry_parse(p, (size_t)(nl - p), &e, &err);
		if (rc == 0)
			continue;
		if (rc == -1) {
			ls->nbad++;
			if (bad != NULL)
				bad(arg, name, line, err.msg);
			else
				warnmsg("%s:%u: %s", name, line, err.msg);
			continue;
		}
		e.file = name;
		e.line = line;
		if (ls->n == ls->cap) {
			ls->cap = ls->cap ? ls->cap * 2 : 256;
			ls->v = xreallocarray(ls->v, ls->cap, sizeof(*ls->v));
		}
		ls->v[ls->n++] = e;
	}
}

bool
logset_is_logname(const char *name)
{
	size_t	 n = strlen(name);

	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".log") == 0;
}

bool
logset_month_name(const char *name, int *y, int *m)
{
	int	 i;

	/* By hand, not sscanf(): the prompt asks this of every file. */
	for (i = 0, *y = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return false;
		*y = *y * 10 + name[i] - '0';
	}
	if (name[4] != '-' || name[5] < '0' || name[5] > '1' ||
	    name[6] < '0' || name[6] > '9' || strcmp(name + 7, ".log") != 0)
		return false;
	*m = (name[5] - '0') * 10 + name[6] - '0';
	return *m >= 1 && *m <= 12;
}

static int
logname(const struct dirent *d)
{
	return logset_is_logname(d->d_name);
}

int
logset_load(struct logset *ls, const char *dir, logset_bad_fn bad, void *arg)
{
	struct dirent	**names = NULL;
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	int		 n, i, dfd, rc = 0;
	unsigned	 nbad = 0;
	size_t		 len;

	memset(ls, 0, sizeof(*ls));
	/* No log directory is an empty log; a link or a file is an error. */
	if ((rc = sf_logdir(dir, &dfd)) != 0)
		return rc == 1 ? 0 : -1;
	if ((n = scandirat(dfd, ".", &names, logname, alphasort)) == -1) {
		rc = error_set(EXIT_FAIL, "%s/log: %s", dir, strerror(errno));
		close(dfd);
		return rc;
	}
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/log/%s", dir, names[i]->d_name);
		buf_init(&text);
		/*
		 * Only regular files, never through a link: anything else
		 * named like a log file is reported and fails the command;
		 * the others are still read.
		 */
		switch (sf_read(dfd, names[i]->d_name, buf_str(&path),
		    SF_NOFOLLOW, LOG_SIZE_MAX, &text)) {
		case -1:
			warnmsg("%s", error_msg());
			nbad++;
			/* FALLTHROUGH */
		case 1:		/* gone since the listing */
			buf_free(&text);
			continue;
		}
		len = text.len;
		logset_add_text(ls, buf_str(&path), buf_detach(&text), len,
		    bad, arg);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	close(dfd);
	buf_free(&path);
	if (nbad > 0)
		rc = error_set(EXIT_FAIL, "%u log file%s not read (see 'hips "
		    "check')", nbad, nbad == 1 ? "" : "s");
	return rc;
}

int
logset_status(const struct logset *ls)
{
	if (ls->nbad == 0)
		return 0;
	return error_set(EXIT_FAIL, "%u malformed line%s (see 'hips check')",
	    ls->nbad, ls->nbad == 1 ? "" : "s");
}

static int
bytime(const void *a, const void *b)
{
	const struct entry	*x = a, *y = b;
	int			 c;

	if (x->when.t != y->when.t)
		return x->when.t < y->when.t ? -1 : 1;
	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

void
logset_sort(struct logset *ls)
{
	if (ls->n > 1)
		qsort(ls->v, ls->n, sizeof(*ls->v), bytime);
}

void
logset_free(struct logset *ls)
{
	size_t	 i;

	for (i = 0; i < ls->nmem; i++)
		free(ls->mem[i]);
	free(ls->mem);
	free(ls->v);
	memset(ls, 0, sizeof(*ls));
}
