/*
 * A write's change of a data file: append or remove a line durably, roll
 * back or commit on its own what another write left, and put the file
 * back when the commit fails.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "write_int.h"
#include "fdio.h"
#include "fileio.h"
#include "safefile.h"
#include "entry.h"
#include "torn.h"

/* ".NAME.hips-old" beside path: the file as it was, during a change. */
static void
backup_name(const char *path, struct buf *out)
{
	const char	*slash = strrchr(path, '/');

	if (slash != NULL)
		buf_printf(out, "%.*s/.%s.hips-old", (int)(slash - path), path,
		    slash + 1);
	else
		buf_printf(out, ".%s.hips-old", path);
}

/*
 * Before a change that replaces the file: a second name for it as it is,
 * so that putting it back is a rename, which needs no free space.  A file
 * system without hard links falls back to writing the old text again.
 * *kept says which; -1 when the disk cannot even take the name.
 */
static int
keep_old(const char *path, const char *bak, bool *kept)
{
	*kept = false;
	(void)unlink(bak);
	if (link(path, bak) == 0) {
		*kept = true;
		return 0;
	}
	if (errno == EPERM || errno == EOPNOTSUPP || errno == EMLINK ||
	    errno == ENOSYS)
		return 0;
	return error_set(EXIT_FAIL, "cannot keep a copy of %s to restore it "
	    "if the commit fails: %s", path, strerror(errno));
}

/* After a failed change: the file as it was. */
static void
put_back(const char *path, const char *bak, bool kept, const struct buf *old)
{
	if (kept ? rename(bak, path) == 0 && fio_fsync_dir(path) == 0 :
	    fio_replace(path, old->s, old->len, 0600, FIO_SYNC, NULL) == 0)
		return;
	warnmsg("could not restore %s: %s", path, strerror(errno));
}

/*
 * Before a write changes relpath, with the lock held: nothing another
 * write left must end up inside this write's commit.
 *
 * A backup (.NAME.hips-old) means a hips was killed in the middle of a
 * change: when it is what HEAD holds and the file is not, the change
 * never committed and is rolled back.  Then whatever still differs from
 * HEAD gets a commit of its own: one entry line appended (a hips killed
 * between its append and its commit, or a line added by hand) as
 * "log: ... (recovered)", with the line in the body as every entry has;
 * anything else as an "edit:" commit.  A torn last line alone is left
 * to this write, which repairs it.  *cur is the file's text, read again
 * if it changed.
 */
static int
recover(struct writer *w, const char *relpath, const char *path,
    struct buf *cur, bool *exists)
{
	struct error	 e;
	struct entry		 ent;
	struct buf		 bak = BUF_INIT, old = BUF_INIT, msg = BUF_INIT;
	const char		*extra, *what = NULL;
	char			*head = NULL, *line = NULL;
	struct error		 err;
	size_t			 hlen = 0, elen;
	bool			 moved = false;
	int			 d, rc = -1;

	memset(&e, 0, sizeof(e));
	if ((d = w->ops->pending(w->st, relpath, &head, &hlen, &e)) == -1)
		return store_error(&e);
	backup_name(path, &bak);
	if (read_file(buf_str(&bak), &old) == 0) {
		if (d == 1 && head != NULL && old.len == hlen &&
		    memcmp(old.s, head, hlen) == 0) {
			if (rename(buf_str(&bak), path) == -1) {
				error_set(EXIT_FAIL, "cannot roll back %s: %s",
				    path, strerror(errno));
				goto out;
			}
			warnmsg("rolled back %s: a hips was killed before "
			    "committing its change", path);
			buf_reset(cur);
			buf_add(cur, old.s, old.len);
			*exists = true;
			d = 0;
		} else
			(void)unlink(buf_str(&bak));
	}
	if (d == 0 || (head != NULL && cur->len == hlen &&
	    memcmp(cur->s, head, hlen) == 0)) {
		rc = 0;
		goto out;
	}
	/* Its lines would silently leave the next commit. */
	if (!*exists) {
		error_set(EXIT_FAIL, "%s was deleted but the last commit has "
		    "it: bring it back with 'hips git checkout -- %s', or "
		    "commit its deletion with git", path, relpath);
		goto out;
	}
	if (cur->len >= hlen && memcmp(cur->s, head ? head : "", hlen) == 0 &&
	    (hlen == 0 || head[hlen - 1] == '\n')) {
		extra = cur->s + hlen;
		elen = cur->len - hlen;
		if (memchr(extra, '\n', elen) == NULL) {
			rc = 0;		/* a torn line: this write repairs it */
			goto out;
		}
		line = xmalloc(elen);
		memcpy(line, extra, elen - 1);
		line[elen - 1] = '\0';
		if (extra[elen - 1] == '\n' && memchr(extra, '\n', elen - 1) ==
		    NULL && memchr(extra, '\0', elen) == NULL &&
		    entry_parse(line, elen - 1, &ent, &err) == 1) {
			if (ent.skip)
				buf_puts(&msg, "skip (recovered)");
			else
				buf_printf(&msg, "log: %s %s (recovered)",
				    ent.name, ent.dose_text);
			memcpy(line, extra, elen - 1);	/* parsing cut it */
			buf_printf(&msg, "\n\n%s\n", line);
			what = line;
		}
	}
	if (what == NULL) {
		free(line);
		line = NULL;
		buf_printf(&msg, "edit: changes found in %s, committed on "
		    "their own\n", relpath);
	}
	if (commit(w, relpath, line, false, buf_str(&msg), -1, &moved) == -1)
		goto out;
	if (what != NULL)
		warnmsg("committed on its own an entry found uncommitted "
		    "(a hips killed before its commit, or a hand edit): '%s'",
		    what);
	else
		warnmsg("committed changes found in %s, on their own", relpath);
	rc = 0;
out:
	free(line);
	free(head);
	buf_free(&msg);
	buf_free(&old);
	buf_free(&bak);
	return rc;
}

/*
 * Before hips undo looks for the last entry: what a killed write left in
 * the month files gets its commit first, so that the entry undo finds is
 * the newest one, the recovered line included, and never the one before.
 */
int
writer_recover(struct writer *w)
{
	struct buf	 dir = BUF_INIT, rel = BUF_INIT, path = BUF_INIT;
	struct buf	 cur = BUF_INIT;
	struct dirent	*de;
	DIR		*d;
	size_t		 n;
	bool		 exists;
	int		 rc = 0;

	buf_printf(&dir, "%s/log", buf_str(&w->dir));
	if ((d = opendir(buf_str(&dir))) == NULL) {
		buf_free(&dir);
		if (errno == ENOENT)
			return 0;
		return error_set(EXIT_FAIL, "cannot read %s/log: %s",
		    buf_str(&w->dir), strerror(errno));
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (de->d_name[0] == '.' || n < 5 ||
		    strcmp(de->d_name + n - 4, ".log") != 0)
			continue;
		buf_reset(&rel);
		buf_printf(&rel, "log/%s", de->d_name);
		buf_reset(&path);
		buf_printf(&path, "%s/%s", buf_str(&w->dir), buf_str(&rel));
		buf_reset(&cur);
		exists = true;
		switch (sf_data_read(buf_str(&w->dir), buf_str(&rel), &cur)) {
		case -1:
			rc = -1;
			continue;
		case 1:
			continue;	/* gone since readdir */
		}
		rc = recover(w, buf_str(&rel), buf_str(&path), &cur, &exists);
	}
	closedir(d);
	buf_free(&cur);
	buf_free(&path);
	buf_free(&rel);
	buf_free(&dir);
	return rc;
}

int
writer_append(struct writer *w, const char *relpath, const char *line,
    const char *message)
{
	struct buf	 path = BUF_INIT, old = BUF_INIT, text = BUF_INIT;
	struct buf	 bak = BUF_INIT;
	char		*copy;
	struct stat	 sb;
	bool		 existed = true, torn = false, moved = false;
	bool		 kept = false;
	int		 fd = -1, rc = -1;

	buf_printf(&path, "%s/%s", buf_str(&w->dir), relpath);
	copy = xstrdup(buf_str(&path));
	if (mkdir_p(dirname(copy), 0700) == -1) {
		error_set(EXIT_FAIL, "cannot create the directory of %s: %s",
		    buf_str(&path), strerror(errno));
		free(copy);
		goto out;
	}
	free(copy);
	/* Never through a link, never a special file (safefile.h). */
	switch (sf_data_read(buf_str(&w->dir), relpath, &old)) {
	case -1:
		goto out;
	case 1:
		existed = false;
		break;
	}
	if (recover(w, relpath, buf_str(&path), &old, &existed) == -1)
		goto out;
	backup_name(buf_str(&path), &bak);

	if (old.len > 0 && old.s[old.len - 1] != '\n') {
		/*
		 * A torn last line: a crash mid-append, or an editor that
		 * left no final newline.  A good line gets its LF; anything
		 * else is kept as a comment, never dropped.
		 */
		torn = true;
		if (torn_repair(old.s, old.len, &text) == TORN_COMMENT)
			warnmsg("%s: kept a torn last line as a comment",
			    buf_str(&path));
		buf_puts(&text, line);
		buf_putc(&text, '\n');
		if (keep_old(buf_str(&path), buf_str(&bak), &kept) == -1)
			goto out;
		if (fio_replace(buf_str(&path), text.s, text.len, 0600,
		    FIO_SYNC, NULL) == -1) {
			error_set(EXIT_FAIL, "cannot write %s: %s",
			    buf_str(&path), strerror(errno));
			(void)unlink(buf_str(&bak));
			goto out;
		}
	} else {
		buf_puts(&text, line);
		buf_putc(&text, '\n');
		fd = sf_data_open(buf_str(&w->dir), relpath, O_WRONLY |
		    O_APPEND | O_CREAT, &sb);
		if (fd == -1) {
			if (errno == ENOENT)	/* log/ removed meanwhile */
				error_set(EXIT_FAIL, "cannot open %s: %s",
				    buf_str(&path), strerror(errno));
			goto out;
		}
		/*
		 * One write: readers see the whole line or none of it.  Its
		 * write-back starts now and the store fsyncs it with the
		 * commit's objects, before the branch moves: one journal
		 * commit for all, not one for the line and one for them.  A
		 * new file and its directory entry are synced at once.
		 */
		if (write_all(fd, text.s, text.len) == -1 || (!existed &&
		    (fsync(fd) == -1 || fio_fsync_dir(buf_str(&path)) == -1))) {
			error_set(EXIT_FAIL, "cannot write %s: %s",
			    buf_str(&path), strerror(errno));
			goto restore;
		}
		if (existed)
			(void)sync_file_range(fd, 0, 0,
			    SYNC_FILE_RANGE_WRITE);
	}
	if (commit(w, relpath, line, false, message, existed && fd != -1 ?
	    fd : -1, &moved) == 0) {
		rc = 0;
		goto out;
	}
	if (moved)
		goto out;
restore:
	/* Put the file back as it was; the error already says why. */
	if (torn) {
		put_back(buf_str(&path), buf_str(&bak), kept, &old);
		kept = false;
	} else if (fd != -1) {
		if (!existed) {
			if (unlink(buf_str(&path)) == -1 &&
			    (ftruncate(fd, 0) == -1 || fsync(fd) == -1))
				warnmsg("could not remove %s: %s",
				    buf_str(&path), strerror(errno));
		} else if ((ftruncate(fd, (off_t)old.len) == -1 ||
		    fsync(fd) == -1) &&
		    fio_replace(buf_str(&path), old.s, old.len, 0600, FIO_SYNC,
		    NULL) == -1)
			warnmsg("could not restore %s: %s", buf_str(&path),
			    strerror(errno));
	}
out:
	if (kept)
		(void)unlink(buf_str(&bak));
	if (fd != -1)
		close(fd);
	buf_free(&bak);
	buf_free(&text);
	buf_free(&old);
	buf_free(&path);
	return rc;
}

/*
 * Append n lines (no LF) to their files and commit them all at once
 * with message; relpaths[i] is the file of lines[i], and the lines of
 * one file come together.  Whatever fails puts every file back.
 */
int
writer_append_lines(struct writer *w, size_t n, const char *const *relpaths,
    const char *const *lines, const char *message)
{
	struct buf	*old, path = BUF_INIT, text = BUF_INIT;
	bool		*existed, moved = false;
	char		*copy;
	const char	**with;
	size_t		*first, i, j, nf = 0;
	int		 rc = -1;

	with = xreallocarray(NULL, n, sizeof(*with));
	old = xreallocarray(NULL, n, sizeof(*old));
	existed = xreallocarray(NULL, n, sizeof(*existed));
	first = xreallocarray(NULL, n, sizeof(*first));
	for (i = 0; i < n; i = j) {
		first[nf] = i;
		buf_init(&old[nf]);
		existed[nf] = true;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", buf_str(&w->dir), relpaths[i]);
		copy = xstrdup(buf_str(&path));
		if (mkdir_p(dirname(copy), 0700) == -1) {
			error_set(EXIT_FAIL, "cannot create the directory of "
			    "%s: %s", buf_str(&path), strerror(errno));
			free(copy);
			buf_free(&old[nf]);
			goto restore;
		}
		free(copy);
		switch (sf_data_read(buf_str(&w->dir), relpaths[i], &old[nf])) {
		case -1:
			buf_free(&old[nf]);
			goto restore;
		case 1:
			existed[nf] = false;
			break;
		}
		/* What another write left gets a commit of its own first. */
		if (recover(w, relpaths[i], buf_str(&path), &old[nf],
		    &existed[nf]) == -1) {
			buf_free(&old[nf]);
			goto restore;
		}
		nf++;
		buf_reset(&text);
		buf_add(&text, old[nf - 1].s, old[nf - 1].len);
		/* A torn last line gets its LF (check reports a bad one). */
		if (text.len > 0 && text.s[text.len - 1] != '\n')
			buf_putc(&text, '\n');
		for (j = i; j < n && strcmp(relpaths[j], relpaths[i]) == 0;
		    j++) {
			buf_puts(&text, lines[j]);
			buf_putc(&text, '\n');
		}
		if (fio_replace(buf_str(&path), text.s, text.len, 0600,
		    FIO_SYNC, NULL) == -1) {
			error_set(EXIT_FAIL, "cannot write %s: %s",
			    buf_str(&path), strerror(errno));
			goto restore;
		}
	}
	/*
	 * One commit for the files of the range; anything else that differs
	 * from HEAD is committed on its own first, as for any write.
	 */
	for (j = 0; j < nf; j++)
		with[j] = relpaths[first[j]];
	if (commit_with(w, relpaths[n - 1], with, nf - 1, lines[n - 1], false,
	    message, -1, &moved) == 0) {
		rc = 0;
		goto out;
	}
	if (moved)
		goto out;
restore:
	for (j = 0; j < nf; j++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", buf_str(&w->dir),
		    relpaths[first[j]]);
		if (!existed[j] ? unlink(buf_str(&path)) == -1 &&
		    errno != ENOENT : fio_replace(buf_str(&path), old[j].s,
		    old[j].len, 0600, FIO_SYNC, NULL) == -1)
			warnmsg("could not restore %s: %s", buf_str(&path),
			    strerror(errno));
	}
out:
	for (j = 0; j < nf; j++)
		buf_free(&old[j]);
	free(old);
	free(existed);
	free(first);
	free(with);
	buf_free(&text);
	buf_free(&path);
	return rc;
}

/* Cut the last copy of line (and its LF) out of text; -1 if none. */
static int
cut_last(struct buf *text, const char *line)
{
	const char	*p, *end, *nl, *hit = NULL;
	size_t		 n = strlen(line), off, len;

	for (p = text->s, end = text->s + text->len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) == n && memcmp(p, line, n) == 0)
			hit = p;
	}
	if (hit == NULL)
		return -1;
	off = (size_t)(hit - text->s);
	len = n + (off + n < text->len ? 1 : 0);
	memmove(text->s + off, text->s + off + len, text->len - off - len);
	text->len -= len;
	text->s[text->len] = '\0';
	return 0;
}

/* Does text hold line? */
static bool
holds(const struct buf *text, const char *line)
{
	const char	*p, *end, *nl;
	size_t		 n = strlen(line);

	for (p = text->s, end = text->s + text->len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) == n && memcmp(p, line, n) == 0)
			return true;
	}
	return false;
}

/*
 * hips undo of a commit that added several lines (a skip range, both
 * sides, an import): each file loses its lines, each file is kept
 * beside it (.NAME.hips-old) until the one commit is made, and put back
 * when it fails.
 */
int
writer_remove_lines(struct writer *w, size_t n, const char *const *relpaths,
    const char *const *lines, const char *message)
{
	struct buf	*old, *bak, path = BUF_INIT, text = BUF_INIT;
	bool		*kept, moved = false, exists;
	const char	**files, *check = NULL;
	size_t		 i, j, nf = 0, nb = 0, nr = 0;
	int		 rc = -1;

	files = xreallocarray(NULL, n, sizeof(*files));
	old = xreallocarray(NULL, n, sizeof(*old));
	bak = xreallocarray(NULL, n, sizeof(*bak));
	kept = xreallocarray(NULL, n, sizeof(*kept));
	for (i = 0; i < n; i++) {
		for (j = 0; j < nf; j++)
			if (strcmp(files[j], relpaths[i]) == 0)
				break;
		if (j == nf)
			files[nf++] = relpaths[i];
	}
	for (j = 0; j < nf; j++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", buf_str(&w->dir), files[j]);
		buf_init(&old[j]);
		buf_init(&bak[j]);
		kept[j] = false;
		nb = j + 1;
		exists = true;
		if ((rc = sf_data_read(buf_str(&w->dir), files[j],
		    &old[j])) != 0) {
			if (rc == 1)
				error_set(EXIT_FAIL, "%s: %s", buf_str(&path),
				    strerror(ENOENT));
			rc = -1;
			goto restore;
		}
		rc = -1;
		if (recover(w, files[j], buf_str(&path), &old[j],
		    &exists) == -1)
			goto restore;
		backup_name(buf_str(&path), &bak[j]);
		buf_reset(&text);
		buf_add(&text, old[j].s, old[j].len);
		for (i = 0; i < n; i++) {
			if (strcmp(relpaths[i], files[j]) != 0)
				continue;
			if (cut_last(&text, lines[i]) == -1) {
				error_set(EXIT_FAIL, "the entry to undo is no "
				    "longer in %s: '%s'", buf_str(&path),
				    lines[i]);
				goto restore;
			}
			/* Verify a line no copy of which stays. */
			if (j == nf - 1)
				check = lines[i];
		}
		if (check != NULL && holds(&text, check))
			check = NULL;
		if (keep_old(buf_str(&path), buf_str(&bak[j]), &kept[j]) == -1)
			goto restore;
		if (fio_replace(buf_str(&path), buf_str(&text), text.len,
		    0600, FIO_SYNC, NULL) == -1) {
			error_set(EXIT_FAIL, "cannot write %s: %s",
			    buf_str(&path), strerror(errno));
			goto restore;
		}
		nr = j + 1;
	}
	if (commit_with(w, files[nf - 1], files, nf - 1, check, true, message,
	    -1, &moved) == 0) {
		rc = 0;
		goto out;
	}
	if (moved)
		goto out;
restore:
	/* Only the files replaced: the others are as they were. */
	for (j = 0; j < nr; j++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", buf_str(&w->dir), files[j]);
		put_back(buf_str(&path), buf_str(&bak[j]), kept[j], &old[j]);
		kept[j] = false;
	}
out:
	for (j = 0; j < nb; j++) {
		if (kept[j])
			(void)unlink(buf_str(&bak[j]));
		buf_free(&bak[j]);
		buf_free(&old[j]);
	}
	free(files);
	free(old);
	free(bak);
	free(kept);
	buf_free(&text);
	buf_free(&path);
	return rc;
}

int
writer_remove(struct writer *w, const char *relpath, const char *line,
    const char *message)
{
	struct buf	 path = BUF_INIT, old = BUF_INIT, text = BUF_INIT;
	struct buf	 bak = BUF_INIT;
	const char	*p, *end, *nl, *hit = NULL;
	size_t		 n = strlen(line), copies = 0;
	bool		 moved = false, exists = true, kept = false;
	int		 rc = -1;

	buf_printf(&path, "%s/%s", buf_str(&w->dir), relpath);
	if ((rc = sf_data_read(buf_str(&w->dir), relpath, &old)) != 0) {
		if (rc == 1)
			error_set(EXIT_FAIL, "%s: %s", buf_str(&path),
			    strerror(ENOENT));
		rc = -1;
		goto out;
	}
	if (recover(w, relpath, buf_str(&path), &old, &exists) == -1)
		goto out;
	backup_name(buf_str(&path), &bak);
	/* The last copy of the line: the one appended last. */
	for (p = old.s, end = old.s + old.len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) == n && memcmp(p, line, n) == 0) {
			hit = p;
			copies++;
		}
	}
	if (hit == NULL) {
		error_set(EXIT_FAIL,
		    "the entry to undo is no longer in %s: '%s'",
		    buf_str(&path), line);
		goto out;
	}
	buf_add(&text, old.s, (size_t)(hit - old.s));
	p = hit + n;
	if (p < end)
		p++;
	buf_add(&text, p, (size_t)(end - p));
	if (keep_old(buf_str(&path), buf_str(&bak), &kept) == -1)
		goto out;
	if (fio_replace(buf_str(&path), buf_str(&text), text.len, 0600,
	    FIO_SYNC, NULL) == -1) {
		error_set(EXIT_FAIL, "cannot write %s: %s", buf_str(&path),
		    strerror(errno));
		goto out;
	}
	/* With two identical lines, one stays: nothing to verify there. */
	if (commit(w, relpath, copies == 1 ? line : NULL, true, message, -1,
	    &moved) == 0) {
		rc = 0;
		goto out;
	}
	if (!moved) {
		put_back(buf_str(&path), buf_str(&bak), kept, &old);
		kept = false;
	}
out:
	if (kept)
		(void)unlink(buf_str(&bak));
	buf_free(&bak);
	buf_free(&text);
	buf_free(&old);
	buf_free(&path);
	return rc;
}
