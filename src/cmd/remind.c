/*
 * hips remind: for cron and desktop notifications.  Nothing (exit 0)
 * when today's due work is done; otherwise one line: what `hips next`
 * says is due, and a cue that fits the unlocked exercises and the time of
 * day (remind.h).  --notify hands the line to notify-send.  Only reads;
 * never loads libgit2.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "cues.h"
#include "logset.h"
#include "program.h"
#include "progress.h"
#include "remind.h"

/*
 * A cue for this hour: the same within one hour of one day, another the
 * next hour (cron may run remind every hour), every cue of the pool once
 * per cycle.
 */
static void
remind_cue(const struct hips *h, const struct program *p,
    const struct progress *pr, struct buf *out)
{
	struct cueset	 set = CUESET_INIT;
	struct buf	 key = BUF_INIT;
	bool		*chosen, *unlocked;
	size_t		*idx, i, j, n = 0;
	int		 hour = htime_tod(h->now) / 3600;

	if (cueset_load_user(&set) == -1) {
		/* A broken cues.ini costs the cue, not the reminder. */
		warnmsg("%s", error_msg());
		error_clear();
		return;
	}
	chosen = xreallocarray(NULL, set.nctx + 1, sizeof(*chosen));
	unlocked = xreallocarray(NULL, p->n + 1, sizeof(*unlocked));
	idx = xreallocarray(NULL, set.ncue + 1, sizeof(*idx));
	for (i = 0; i < p->n; i++)
		unlocked[i] = pr->v[i].unlocked;
	if (remind_fit(&set, p, unlocked, hour, chosen) > 0) {
		for (i = 0; i < set.nctx; i++) {
			if (!chosen[i])
				continue;
			for (j = 0; j < set.ctx[i].count; j++)
				idx[n++] = set.ctx[i].first + j;
			buf_printf(&key, "%s,", set.ctx[i].name);
		}
		i = cue_pick(n, hips_today(h) * 24 + hour,
		    cue_seed("remind", buf_str(&key)));
		buf_putc(out, ' ');
		buf_add_safe(out, set.cue[idx[i]]);
	}
	free(idx);
	free(unlocked);
	free(chosen);
	buf_free(&key);
	cueset_free(&set);
}

/* notify-send in PATH, into path; false when there is none. */
static bool
find_notify(struct buf *path)
{
	const char	*p, *colon, *env = getenv("PATH");

	if (env == NULL || *env == '\0')
		env = "/usr/bin:/bin";
	for (p = env; ; p = colon + 1) {
		if ((colon = strchr(p, ':')) == NULL)
			colon = p + strlen(p);
		buf_reset(path);
		if (colon == p)
			buf_puts(path, ".");
		else
			buf_add(path, p, (size_t)(colon - p));
		buf_puts(path, "/notify-send");
		if (access(buf_str(path), X_OK) == 0)
			return true;
		if (*colon == '\0')
			return false;
	}
}

/* Run notify-send with the line; 0, or -1 when it could not be done. */
static int
notify(const char *path, const char *line, struct buf *why)
{
	pid_t	 pid;
	int	 st;

	fflush(stdout);
	if ((pid = fork()) == -1) {
		buf_printf(why, "cannot fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execl(path, "notify-send", "--app-name=hips", "--",
		    "hips", line, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			buf_printf(why, "waitpid: %s", strerror(errno));
			return -1;
		}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		buf_printf(why, "notify-send failed (exit %d)",
		    WEXITSTATUS(st));
	else
		buf_puts(why, "notify-send was killed");
	return -1;
}

int
cmd_remind(struct hips *h, const struct cmd_args *a)
{
	struct program		 p;
	struct progress		 pr;
	struct logset		 ls;
	struct buf		 line = BUF_INIT, path = BUF_INIT;
	struct buf		 why = BUF_INIT;
	bool			 want_notify = cmd_flag(a, 'n');
	size_t			 i, ndue = 0;
	int			 rc = 0;

	if (path_confdir(&path) == -1)
		goto fail;
	if (program_load(&p, buf_str(&path)) == -1)
		goto fail;
	if (logset_load(&ls, h->datadir, NULL, NULL) == -1)
		rc = -1;
	progress_run(&pr, &p, ls.v, ls.n, hips_today(h));
	buf_puts(&line, "due today:");
	for (i = 0; i < p.n; i++) {
		const struct ladder	*l = &p.v[i];

		if (!pr.v[i].due)
			continue;
		buf_printf(&line, "%s ", ndue++ > 0 ? "," : "");
		buf_add_safe(&line, l->steps[pr.v[i].step].text);
	}
	if (ndue > 0) {
		buf_putc(&line, '.');
		remind_cue(h, &p, &pr, &line);
		if (want_notify && !find_notify(&path))
			buf_puts(&why, "no notify-send in PATH (it comes with "
			    "libnotify-bin)");
		else if (want_notify)
			(void)notify(buf_str(&path), buf_str(&line), &why);
		/* Not sent: the line goes to standard output all the same. */
		if (!want_notify || why.len > 0) {
			fput_safe(stdout, buf_str(&line));
			putchar('\n');
		}
		if (why.len > 0)
			warnmsg("remind: %s: printed instead",
			    buf_str(&why));
	}
	if (rc == 0)
		rc = logset_status(&ls);
	progress_free(&pr);
	logset_free(&ls);
	program_free(&p);
	goto out;
fail:
	rc = -1;
out:
	buf_free(&why);
	buf_free(&path);
	buf_free(&line);
	return rc;
}
