/*
 * hips check: validate the data and INI files and the repository, and
 * print each problem as "file:line: what" or "file: what" on stdout.
 * Exit 1 if there is any; nothing is printed on good data.
 *
 * Read-only and without libgit2: uncommitted changes are found through
 * git's index (the stat data and blob ids of the last commit, which every
 * hips write refreshes), hashing a file only when its stat data differ.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "cues.h"
#include "entry.h"
#include "gitfiles.h"
#include "known.h"
#include "logset.h"
#include "program.h"
#include "safefile.h"
#include "sha1.h"

#define STALE_MINUTES	10	/* a git lock older than this is stale */

struct check {
	unsigned	 problems;
	struct buf	 out;
	struct program	 prog;		/* to check instructions against */
	bool		 have_prog;
	struct known	*known;		/* NULL when the INI files are bad */
};

/* Not a problem, but worth a look: "file:line: note: ...". */
static void
note(struct check *c, const char *fmt, ...) PRINTFLIKE(2, 3);

static void
note(struct check *c, const char *fmt, ...)
{
	struct buf	 b = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	buf_add_safe(&c->out, buf_str(&b));
	buf_putc(&c->out, '\n');
	buf_free(&b);
}

/* Names and keys hips log would refuse today: typos, or undeclared. */
static void
check_known(struct check *c, const char *path, unsigned no,
    const struct entry *e)
{
	struct known	*k = c->known;
	struct buf	 hint = BUF_INIT;
	const char	*p;
	size_t		 kl;

	/* A clinician's instruction names a ladder: check_directive(). */
	if (k == NULL || e->skip || e->directive != DIR_NONE ||
	    known_reserved(e->name, strlen(e->name)))
		return;
	if (!known_name(k, e->name)) {
		if (suggest(&hint, e->name, strlen(e->name), k->names,
		    k->nnames))
			buf_puts(&hint, " ");
		note(c, "%s:%u: note: exercise '%s' is not in the program "
		    "(%sdeclare it as [exercises] custom in config.ini)",
		    path, no, e->name, buf_str(&hint));
		buf_reset(&hint);
	}
	for (p = e->keys; *p != '\0'; p += strcspn(p, " "),
	    p += strspn(p, " ")) {
		kl = strcspn(p, "=");
		if (known_key(k, p, kl))
			continue;
		if (suggest(&hint, p, kl, k->keys, k->nkeys))
			buf_puts(&hint, " ");
		note(c, "%s:%u: note: unknown key '%.*s' (%sdeclare it as "
		    "[keys] custom in config.ini)", path, no, (int)kl, p,
		    buf_str(&hint));
		buf_reset(&hint);
	}
	buf_free(&hint);
}

static void
problem(struct check *c, const char *fmt, ...) PRINTFLIKE(2, 3);

static void
problem(struct check *c, const char *fmt, ...)
{
	struct buf	 b = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	buf_add_safe(&c->out, buf_str(&b));
	buf_putc(&c->out, '\n');
	buf_free(&b);
	c->problems++;
}

/*
 * The pending error (a file that could not be read) as a problem: it is
 * reported in the list, and check goes on to the next file.
 */
static void
problem_error(struct check *c)
{
	problem(c, "%s", error_msg());
	error_clear();
}

struct line {
	const char	*s;
	size_t		 n;
	unsigned	 no;
};

static int
bytext(const void *a, const void *b)
{
	const struct line	*x = a, *y = b;
	int			 c;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	if ((c = memcmp(x->s, y->s, x->n)) != 0)
		return c;
	return x->no < y->no ? -1 : x->no > y->no;
}

/* A clinician's instruction names a ladder (and step) of the program. */
static void
check_directive(struct check *c, const char *path, unsigned no,
    const struct entry *e)
{
	int	 li;

	if (e->directive == DIR_NONE || !c->have_prog ||
	    strcmp(e->name, "all") == 0)
		return;
	if ((li = program_ladder_id(&c->prog, e->name)) == -1)
		problem(c, "%s:%u: '%s %s': no ladder '%s' in the program",
		    path, no, directive_name(e->directive), e->name, e->name);
	else if (e->directive == DIR_SET &&
	    e->dstep > (int)c->prog.v[li].nsteps)
		problem(c, "%s:%u: 'set %s %d': ladder %s has steps 1 to %zu",
		    path, no, e->name, e->dstep, e->name,
		    c->prog.v[li].nsteps);
}

/* Every line of one log file. */
static void
check_log(struct check *c, int dfd, const char *path, const char *name)
{
	struct buf	 text = BUF_INIT;
	struct line	*lines = NULL;
	struct entry	 e;
	struct error	 err;
	char		*copy = NULL, *p, *end, *nl;
	size_t		 nlines = 0, cap = 0, i, n;
	unsigned	 no = 0;
	int		 fy = 0, fm = 0, y, m, d, rc;
	bool		 monthly;

	monthly = logset_month_name(name, &fy, &fm);
	if (!monthly)
		problem(c, "%s: not a month file: log files are named "
		    "YYYY-MM.log", path);
	if (sf_read(dfd, name, path, SF_NOFOLLOW, LOG_SIZE_MAX, &text) != 0) {
		problem_error(c);
		goto out;
	}
	copy = xmalloc(text.len + 1);
	for (p = text.s, end = text.s + text.len; p < end; p = nl + 1) {
		no++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			problem(c, "%s:%u: torn last line (no newline at the "
			    "end; the next write repairs it)", path, no);
			nl = end;
		}
		n = (size_t)(nl - p);
		memcpy(copy, p, n);
		copy[n] = '\0';
		rc = entry_parse(copy, n, &e, &err);
		if (rc == -1) {
			problem(c, "%s:%u: %s", path, no, err.msg);
			continue;
		}
		if (rc == 0)
			continue;
		check_directive(c, path, no, &e);
		check_known(c, path, no, &e);
		civil_from_days(e.day, &y, &m, &d);
		if (monthly && (y != fy || m != fm))
			problem(c, "%s:%u: an entry of %04d-%02d in the file "
			    "of %04d-%02d", path, no, y, m, fy, fm);
		if (nlines == cap) {
			cap = cap ? cap * 2 : 64;
			lines = xreallocarray(lines, cap, sizeof(*lines));
		}
		lines[nlines++] = (struct line){ .s = p, .n = n, .no = no };
	}
	/* The same entry twice: written twice, or merged twice. */
	if (nlines > 1)
		qsort(lines, nlines, sizeof(*lines), bytext);
	for (i = 1; i < nlines; i++)
		if (lines[i].n == lines[i - 1].n &&
		    memcmp(lines[i].s, lines[i - 1].s, lines[i].n) == 0)
			problem(c, "%s:%u: the same entry as line %u", path,
			    lines[i].no, lines[i - 1].no);
out:
	free(lines);
	free(copy);
	buf_free(&text);
}

static bool
tmpname(const char *name)
{
	size_t	 n = strlen(name);

	return name[0] == '.' && n > 10 &&
	    strcmp(name + n - 9, ".hips-tmp") == 0;
}

/* Leftover temporary files of an interrupted write in dir. */
static void
check_tmp(struct check *c, const char *dir)
{
	struct dirent	**names = NULL;
	int		 n, i;

	if ((n = scandir(dir, &names, NULL, alphasort)) == -1)
		return;
	for (i = 0; i < n; i++) {
		if (tmpname(names[i]->d_name))
			problem(c, "%s/%s: temporary file of an interrupted "
			    "write (safe to delete)", dir, names[i]->d_name);
		free(names[i]);
	}
	free(names);
}

/*
 * The log/ entries of the index at path (gitfiles.c).  Returns their
 * number, or -1 when the index is missing or in a form not read here.
 */
static int
read_index(const char *path, struct gf_ientry **out)
{
	struct buf	 b = BUF_INIT;
	int		 rc = -1;

	*out = NULL;
	if (read_file(path, &b) == 0)
		rc = gf_index_parse(b.s, b.len, "log/", out);
	buf_free(&b);
	return rc;
}

/* Does the work file differ from what the index says was committed? */
static bool
differs(const char *path, const struct stat *sb,
    const struct gf_ientry *ie)
{
	struct buf	 b = BUF_INIT;
	unsigned char	 id[20];
	bool		 rc = true;

	if (ie->size == (uint32_t)sb->st_size &&
	    ie->mtime == (uint32_t)sb->st_mtim.tv_sec &&
	    ie->mtime_ns == (uint32_t)sb->st_mtim.tv_nsec)
		return false;
	if (read_file(path, &b) == 0) {
		sha1_git_blob(b.s, b.len, id);
		rc = memcmp(id, ie->id, 20) != 0;
	}
	buf_free(&b);
	return rc;
}

/* Each log file against the index. */
static void
check_committed(struct check *c, const char *dir, const char *gitdir)
{
	struct dirent	**names = NULL;
	struct gf_ientry *idx = NULL, *ie;
	struct buf	 path = BUF_INIT, rel = BUF_INIT;
	struct stat	 sb;
	int		 n, nidx, i, j;

	buf_printf(&path, "%s" GF_INDEX, gitdir);
	nidx = read_index(buf_str(&path), &idx);
	buf_reset(&path);
	buf_printf(&path, "%s/log", dir);
	if ((n = scandir(buf_str(&path), &names, NULL, alphasort)) == -1)
		n = 0;
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/log/%s", dir, names[i]->d_name);
		buf_reset(&rel);
		buf_printf(&rel, "log/%s", names[i]->d_name);
		if (names[i]->d_name[0] == '.' || nidx < 0 ||
		    lstat(buf_str(&path), &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		ie = NULL;
		for (j = 0; j < nidx; j++)
			if (strcmp(idx[j].path, buf_str(&rel)) == 0)
				ie = &idx[j];
		if (ie == NULL) {
			problem(c, "%s: not committed (the next write commits "
			    "it)", buf_str(&path));
			continue;
		}
		ie->seen = true;
		if (differs(buf_str(&path), &sb, ie))
			problem(c, "%s: changed since the last commit (the "
			    "next write commits it)", buf_str(&path));
	}
	for (j = 0; j < nidx; j++)
		if (!idx[j].seen && strchr(idx[j].path + 4, '/') == NULL)
			problem(c, "%s/%s: deleted, but still in the last "
			    "commit", dir, idx[j].path);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(idx);
	buf_free(&rel);
	buf_free(&path);
}

/*
 * The record of a sync killed on the way (.git/hips-sync, see hips(1)):
 * the files it changed may be half-written until the next write
 * finishes it.
 */
static void
check_sync(struct check *c, const char *gitdir)
{
	struct buf	 path = BUF_INIT;
	struct stat	 sb;

	buf_printf(&path, "%s" GF_SYNC_RECORD, gitdir);
	if (lstat(buf_str(&path), &sb) == 0)
		problem(c, "%s: a sync was interrupted (the next write "
		    "finishes it)", buf_str(&path));
	buf_free(&path);
}

/*
 * Is the file of sb one that the record of a killed writer names as a
 * lock it made ("lock DEV INODE PATH" lines, see src/write/lockfile.c)?
 */
static bool
recorded(const char *rec, const struct stat *sb)
{
	const char	*p;
	uintmax_t	 dev, ino;

	for (p = rec; (p = strchr(p, '\n')) != NULL;) {
		p++;
		if (sscanf(p, "lock %ju %ju", &dev, &ino) == 2 &&
		    dev == (uintmax_t)sb->st_dev &&
		    ino == (uintmax_t)sb->st_ino)
			return true;
	}
	return false;
}

/*
 * Git lock files nobody will remove: older than STALE_MINUTES while no
 * hips writes (we cannot take the writer lock), or left by a hips that
 * was killed (its record remains, and names that very file).
 */
static void
check_locks(struct check *c, const char *gitdir)
{
	struct dirent	**names = NULL;
	struct buf	 path = BUF_INIT, rec = BUF_INIT, heads = BUF_INIT;
	struct stat	 sb;
	long long	 pid = 0, start = -1;
	bool		 writing = false;
	int		 fd, n, i;
	size_t		 k, nl = GF_NLOCKS;
	int64_t		 age;

	buf_printf(&path, "%s" GF_WRITER_LOCK, gitdir);
	if ((fd = open(buf_str(&path), O_RDONLY | O_CLOEXEC)) != -1) {
		if (flock(fd, LOCK_SH | LOCK_NB) == -1)
			writing = true;
		else {
			if (read_file(buf_str(&path), &rec) == 0 &&
			    sscanf(buf_str(&rec), "%lld %lld", &pid,
			    &start) != 2)
				start = -1;
			flock(fd, LOCK_UN);
		}
		close(fd);
	}
	if (writing)
		goto out;
	buf_printf(&heads, "%s" GF_HEADS, gitdir);
	if ((n = scandir(buf_str(&heads), &names, NULL, alphasort)) == -1)
		n = 0;
	for (k = 0; k < nl + (size_t)n; k++) {
		buf_reset(&path);
		if (k < nl)
			buf_printf(&path, "%s%s", gitdir, gf_locks[k]);
		else {
			i = (int)(k - nl);
			if (!gf_is_lock(names[i]->d_name))
				continue;
			buf_printf(&path, "%s/%s", buf_str(&heads),
			    names[i]->d_name);
		}
		if (lstat(buf_str(&path), &sb) == -1)
			continue;
		/* The file system's clock, not HIPS_NOW. */
		age = (int64_t)time(NULL) - (int64_t)sb.st_mtim.tv_sec;
		if (start >= 0 && recorded(buf_str(&rec), &sb))
			problem(c, "%s: git lock left by a hips that was "
			    "killed (pid %lld; the next write removes it)",
			    buf_str(&path), pid);
		else if (age >= STALE_MINUTES * 60)
			problem(c, "%s: stale git lock, %lld minutes old: "
			    "remove it if no git command is running",
			    buf_str(&path), (long long)(age / 60));
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
out:
	buf_free(&heads);
	buf_free(&rec);
	buf_free(&path);
}

#define CHECK_WAIT_S	5	/* how long check waits for a write */

static void
on_alarm(int sig)
{
	(void)sig;
}

/*
 * A write under way (it holds .git/hips.lock) changes a log file and then
 * commits it: wait for it to end, at most CHECK_WAIT_S, and hold the lock
 * shared while checking, so that no write starts meanwhile.  The lock's
 * descriptor, or -1: no repository, or the write did not end in time
 * (*busy then gives its pid).
 */
static int
wait_writer(const char *dir, char *busy, size_t size)
{
	struct sigaction	 sa, oldsa;
	struct buf		 path = BUF_INIT;
	ssize_t			 n;
	int			 fd, rc;

	busy[0] = '\0';
	buf_printf(&path, "%s/.git/" GF_WRITER_LOCK, dir);
	fd = open(buf_str(&path), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	buf_free(&path);
	if (fd == -1)
		return -1;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0)
		return fd;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &oldsa);
	alarm(CHECK_WAIT_S);
	rc = flock(fd, LOCK_SH);
	alarm(0);
	sigaction(SIGALRM, &oldsa, NULL);
	if (rc == 0)
		return fd;
	n = pread(fd, busy, size - 1, 0);
	busy[n > 0 ? n : 0] = '\0';
	busy[strcspn(busy, " \n")] = '\0';
	if (busy[0] == '\0')
		snprintf(busy, size, "?");
	close(fd);
	return -1;
}

static void
check_data(struct check *c, const char *dir)
{
	struct dirent	**names = NULL;
	struct buf	 path = BUF_INIT, logdir = BUF_INIT;
	struct stat	 sb;
	char		 busy[64];
	int		 n, i, rc, dfd = -1, lockfd;
	bool		 link;

	if (stat(dir, &sb) == -1) {
		if (errno != ENOENT)
			problem(c, "%s: %s", dir, strerror(errno));
		return;
	}
	/* The files as a write leaves them, not halfway. */
	lockfd = wait_writer(dir, busy, sizeof(busy));
	buf_printf(&logdir, "%s/log", dir);
	if ((rc = sf_logdir(dir, &dfd)) == -1) {
		link = lstat(buf_str(&logdir), &sb) == 0 &&
		    S_ISLNK(sb.st_mode);
		problem(c, "%s%s", error_msg(), link ? " (a security problem: "
		    "hips never follows it; replace it with a directory)" : "");
		error_clear();		/* reported as a problem */
	}
	n = 0;
	if (rc == 0 && (n = scandirat(dfd, ".", &names, NULL, alphasort)) ==
	    -1) {
		problem(c, "%s: %s", buf_str(&logdir), strerror(errno));
		n = 0;
	}
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", buf_str(&logdir), names[i]->d_name);
		/*
		 * A link could lead anywhere (a sync never checks one out:
		 * it was made here), and anything but a regular file is
		 * never read or written.
		 */
		if (fstatat(dfd, names[i]->d_name, &sb, AT_SYMLINK_NOFOLLOW)
		    == 0 && S_ISLNK(sb.st_mode))
			problem(c, "%s: a symbolic link in the log directory "
			    "(a security problem: hips never follows it; "
			    "remove it)", buf_str(&path));
		else if (logset_is_logname(names[i]->d_name))
			check_log(c, dfd, buf_str(&path), names[i]->d_name);
		free(names[i]);
	}
	free(names);
	if (dfd != -1)
		close(dfd);
	check_tmp(c, dir);
	check_tmp(c, buf_str(&logdir));

	buf_reset(&path);
	buf_printf(&path, "%s/.git", dir);
	if (lstat(buf_str(&path), &sb) == -1)
		problem(c, "%s: no git repository here (run 'hips init')",
		    dir);
	else if (S_ISDIR(sb.st_mode) && lockfd == -1 && busy[0] != '\0')
		warnmsg("a write is in progress (pid %s) after %d seconds: "
		    "uncommitted changes and git locks not checked", busy,
		    CHECK_WAIT_S);
	else if (S_ISDIR(sb.st_mode)) {
		buf_putc(&path, '/');
		check_committed(c, dir, buf_str(&path));
		check_locks(c, buf_str(&path));
		check_sync(c, buf_str(&path));
	}
	if (lockfd != -1)
		close(lockfd);
	buf_free(&logdir);
	buf_free(&path);
}

/*
 * A user's program: a note for each exercise without instructions, or
 * with some of its keys missing, at the line of its first step.
 */
static void
check_howto(struct check *c, const struct program *p)
{
	const struct ladder	*l;
	const struct howto	*h;
	struct buf		 miss = BUF_INIT;
	size_t			 i, j, k, n;

	for (i = 0; i < p->n; i++) {
		l = &p->v[i];
		for (j = 0; j < l->nsteps; j++) {
			for (k = 0; k < j; k++)
				if (strcmp(l->steps[k].name,
				    l->steps[j].name) == 0)
					break;
			if (k < j)
				continue;	/* its first step said it */
			if ((h = program_howto(l, l->steps[j].name)) == NULL) {
				note(c, "%s:%u: note: no instructions for "
				    "'%s' (add %s.setup, %s.move, ... to [%s]; "
				    "see hips(5))", p->source, l->steps[j].line,
				    l->steps[j].name, l->steps[j].name,
				    l->steps[j].name, l->id);
				continue;
			}
			buf_reset(&miss);
			for (k = n = 0; k < HOWTO_NKEYS; k++)
				if (h->text[k] == NULL)
					buf_printf(&miss, "%s%s.%s", n++ ?
					    ", " : "", h->name,
					    program_howto_key((int)k));
			if (n > 0)
				note(c, "%s:%u: note: the instructions for "
				    "'%s' lack %s", p->source,
				    l->steps[j].line, h->name, buf_str(&miss));
		}
	}
	buf_free(&miss);
}

/* The INI files: each loader reports its first problem. */
static void
check_ini(struct check *c)
{
	struct config	 cfg;
	struct program	 prog;
	struct cueset	 cues = CUESET_INIT;
	struct buf	 conf = BUF_INIT, path = BUF_INIT;
	bool		 missing;

	if (path_confdir(&conf) == -1) {
		problem_error(c);
		return;
	}
	if (config_load(&cfg, buf_str(&conf)) == -1)
		problem_error(c);
	memset(&prog, 0, sizeof(prog));
	if (program_load(&prog, buf_str(&conf)) == -1)
		problem_error(c);
	else {
		if (prog.source != NULL)
			check_howto(c, &prog);
		program_free(&prog);
	}
	buf_printf(&path, "%s/cues.ini", buf_str(&conf));
	if (cueset_load_file(&cues, buf_str(&path), &missing) == -1)
		problem_error(c);
	else
		cueset_free(&cues);
	buf_free(&path);
	buf_free(&conf);
}

int
cmd_check(struct hips *h, const struct cmd_args *a)
{
	struct check	 c;
	struct buf	 conf = BUF_INIT;
	struct config	 cfg;
	struct known	 known;
	int		 rc = 0;

	(void)a;
	memset(&c, 0, sizeof(c));
	buf_init(&c.out);
	/*
	 * A bad program is reported by check_ini(); without good INI files,
	 * no notes on unknown names and keys either.  The error is dropped
	 * here because check_ini() meets it again and lists it.
	 */
	if (path_confdir(&conf) == 0 &&
	    program_load(&c.prog, buf_str(&conf)) == 0) {
		c.have_prog = true;
		if (config_load(&cfg, buf_str(&conf)) == 0) {
			known_init(&known, &c.prog, &cfg);
			c.known = &known;
		}
	}
	error_clear();
	check_data(&c, h->datadir);
	if (c.known != NULL)
		known_free(&known);
	if (c.have_prog)
		program_free(&c.prog);
	buf_free(&conf);
	check_ini(&c);
	fwrite(buf_str(&c.out), 1, c.out.len, stdout);
	if (c.problems > 0)
		rc = error_set(EXIT_FAIL, "%u problem%s found", c.problems,
		    c.problems == 1 ? "" : "s");
	buf_free(&c.out);
	buf_free(&conf);
	return rc;
}
