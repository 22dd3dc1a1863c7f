/* hips log: record a session, or list the recent entries. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "config.h"
#include "entry.h"
#include "json.h"
#include "known.h"
#include "logset.h"
#include "outcache.h"
#include "program.h"
#include "progress.h"
#include "explain.h"

/*
 * Typos never reach the log: the exercise must be in the program or
 * declared in config.ini (or custom is set), and every key built in or
 * declared there.
 */
static int
check_known(const char *name, bool custom, int nkeys, char **keys)
{
	struct program	 p;
	struct config	 cfg;
	struct known	 k;
	struct buf	 dir = BUF_INIT, hint = BUF_INIT;
	size_t		 kl;
	int		 i, rc = -1;

	if (path_confdir(&dir) == -1)
		goto out;
	if (config_load(&cfg, buf_str(&dir)) == -1)
		goto out;
	/* --custom needs no program: a broken program.ini is no excuse. */
	memset(&p, 0, sizeof(p));
	if (!custom && program_load(&p, buf_str(&dir)) == -1) {
		char	*why = xstrdup(error_msg());

		error_set(error_status(), "%s (the entry is not logged; 'hips "
		    "log --custom' logs it without the program)", why);
		free(why);
		goto out;
	}
	known_init(&k, &p, &cfg);
	if (!custom && !known_name(&k, name)) {
		if (suggest(&hint, name, strlen(name), k.names, k.nnames))
			error_set(EXIT_USAGE, "unknown exercise '%s': %s (a "
			    "custom one: 'hips log --custom %s ...', or "
			    "[exercises] custom in config.ini)", name,
			    buf_str(&hint), name);
		else
			error_set(EXIT_USAGE, "unknown exercise '%s' (see "
			    "'hips program --names'; a custom one: 'hips log "
			    "--custom %s ...', or [exercises] custom in "
			    "config.ini)", name, name);
		goto free;
	}
	for (i = 0; i < nkeys; i++) {
		kl = strcspn(keys[i], "=");
		if (known_key(&k, keys[i], kl))
			continue;
		if (suggest(&hint, keys[i], kl, k.keys, k.nkeys))
			error_set(EXIT_USAGE, "unknown key '%.*s': %s", (int)kl,
			    keys[i], buf_str(&hint));
		else
			error_set(EXIT_USAGE, "unknown key '%.*s' (keys: band, "
			    "hold, load, pain, rpe, side; declare others as "
			    "[keys] custom in config.ini)", (int)kl, keys[i]);
		goto free;
	}
	rc = 0;
free:
	known_free(&k);
	program_free(&p);
out:
	buf_free(&hint);
	buf_free(&dir);
	return rc;
}

static int
list(struct hips *h, long count, bool json, const struct cmd_args *a)
{
	struct outcache	 oc;
	struct logset	 ls;
	struct buf	 out = BUF_INIT;
	const struct entry *e;
	char		 ts[RFC3339_LEN + 1];
	long		 i, shown = 0;
	int		 rc = 0;
	size_t		 k;

	if (hips_datadir(h) == -1)
		return -1;
	/* The answer depends on the log and the arguments only. */
	if (outcache_lookup(&oc, "log", h->datadir, NULL, 0, a->line_argc,
	    a->line_argv, &out) == 1) {
		fwrite(buf_str(&out), 1, out.len, stdout);
		outcache_free(&oc);
		buf_free(&out);
		return 0;
	}
	if (logset_load(&ls, h->datadir, NULL, NULL) == -1)
		rc = -1;
	logset_sort(&ls);
	if (json)
		buf_putc(&out, '[');
	for (i = (long)ls.n - 1; i >= 0 && shown < count; i--, shown++) {
		e = &ls.v[i];
		rfc3339_format(e->when, ts);
		if (!json) {
			buf_printf(&out, "%.10s %.5s  ", ts, ts + 11);
			if (e->directive != DIR_NONE)
				buf_printf(&out, "%s ",
				    directive_name(e->directive));
			buf_add_safe(&out, e->name);
			if (e->directive == DIR_SET)
				buf_printf(&out, " %d", e->dstep);
			if (!e->skip && e->directive == DIR_NONE) {
				buf_putc(&out, ' ');
				buf_add_safe(&out, e->dose_text);
			}
			if (e->keys[0] != '\0') {
				buf_putc(&out, ' ');
				buf_add_safe(&out, e->keys);
			}
			if (e->note[0] != '\0') {
				buf_puts(&out, "  # ");
				buf_add_safe(&out, e->note);
			}
			buf_putc(&out, '\n');
			continue;
		}
		buf_puts(&out, shown ? ",\n  {" : "\n  {");
		buf_printf(&out, "\"time\":\"%s\",\"date\":\"%.10s\"", ts, ts);
		if (e->skip)
			buf_puts(&out, ",\"skip\":true");
		else if (e->pain_only)
			buf_printf(&out, ",\"pain\":%d", e->pain);
		else if (e->directive != DIR_NONE) {
			buf_printf(&out, ",\"directive\":\"%s\",\"ladder\":",
			    directive_name(e->directive));
			json_str(&out, e->name);
			if (e->directive == DIR_SET)
				buf_printf(&out, ",\"step\":%d", e->dstep);
		} else {
			buf_puts(&out, ",\"exercise\":");
			json_str(&out, e->name);
			buf_puts(&out, ",\"dose\":");
			json_str(&out, e->dose_text);
			buf_printf(&out, ",\"sets\":%d,\"%s\":%d,\"total\":%d,"
			    "\"per_side\":%s", e->dose.sets,
			    e->dose.secs ? "min_seconds" : "min_reps",
			    e->dose.min, e->dose.total,
			    e->dose.side ? "true" : "false");
		}
		buf_puts(&out, ",\"keys\":{");
		for (k = 0; e->keys[k] != '\0';) {
			size_t	 kl = strcspn(e->keys + k, "="), vl;

			vl = strcspn(e->keys + k + kl + 1, " ");
			buf_printf(&out, "%s\"%.*s\":", k ? "," : "", (int)kl,
			    e->keys + k);
			{
				char	*v = xmalloc(vl + 1);

				memcpy(v, e->keys + k + kl + 1, vl);
				v[vl] = '\0';
				json_str(&out, v);
				free(v);
			}
			k += kl + 1 + vl;
			if (e->keys[k] == ' ')
				k++;
		}
		buf_puts(&out, "}");
		if (e->note[0] != '\0') {
			buf_puts(&out, ",\"note\":");
			json_str(&out, e->note);
		}
		buf_puts(&out, ",\"file\":");
		json_str(&out, e->file);
		buf_printf(&out, ",\"line\":%u}", e->line);
	}
	if (json)
		buf_puts(&out, shown ? "\n]\n" : "]\n");
	fwrite(buf_str(&out), 1, out.len, stdout);
	if (rc == 0)
		rc = logset_status(&ls);
	if (rc == 0)
		outcache_store(&oc, &out);
	outcache_free(&oc);
	logset_free(&ls);
	buf_free(&out);
	return rc;
}

/*
 * "bridge 2x10 hold=2s": the first step of the program that names the
 * exercise, its full target; else the name and 3x10.
 */
static void
dose_example(const char *name, struct buf *b)
{
	struct program	 p;
	size_t		 i, j;

	if (cmd_load_program(&p) == 0) {
		for (i = 0; i < p.n && b->len == 0; i++)
			for (j = 0; j < p.v[i].nsteps && b->len == 0; j++)
				if (strcmp(p.v[i].steps[j].name, name) == 0)
					buf_puts(b, p.v[i].steps[j].text);
		program_free(&p);
	} else
		error_clear();	/* only an example: the generic one then */
	if (b->len == 0)
		buf_printf(b, "%s 3x10", name);
}

/*
 * After a write: how the session of e's exercise on its day stands, one
 * line (explain.c).  The entry is committed already, so nothing here
 * fails the command: a program or log that cannot be read says nothing.
 */
static void
feedback(struct hips *h, const struct entry *e)
{
	struct program	 p;
	struct progress	 pr;
	struct logset	 ls;
	struct buf	 out = BUF_INIT;
	int		 li;

	memset(&ls, 0, sizeof(ls));
	if (cmd_load_program(&p) == -1)
		goto out;
	if ((li = program_ladder_of(&p, e->name)) == -1)
		progress_feedback_none(&out);
	else if (h->datadir != NULL &&
	    logset_load(&ls, h->datadir, NULL, NULL) == 0) {
		progress_run(&pr, &p, ls.v, ls.n, hips_today(h));
		progress_feedback(&pr, &p, (size_t)li, e->day, &out);
		progress_free(&pr);
	}
	logset_free(&ls);
	program_free(&p);
	fwrite(buf_str(&out), 1, out.len, stdout);
out:
	error_clear();	/* the entry is committed: no line, no failure */
	buf_free(&out);
}

int
cmd_log(struct hips *h, const struct cmd_args *a)
{
	const char	*date = cmd_value(a, 'd'), *note = cmd_value(a, 'm');
	const char	*nopt = cmd_value(a, 'n');
	struct entry	 e;
	struct buf	 subject = BUF_INIT, keys = BUF_INIT;
	struct error	 err;
	char		*end, **argv = a->argv;
	bool		 json = cmd_flag(a, 'j'), custom = cmd_flag(a, 'c');
	long		 count = 10;
	int		 argc = a->argc, i, rc;

	if (argc == 0) {
		if (date != NULL || note != NULL || custom)
			return error_set(EXIT_USAGE, "log: missing EXERCISE "
			    "and DOSE (-d, -m and --custom are for "
			    "recording)");
		if (nopt != NULL) {
			count = strtol(nopt, &end, 10);
			if (*nopt == '\0' || *end != '\0' || count < 1 ||
			    count > 100000000)
				return error_set(EXIT_USAGE, "log: bad count "
				    "'%s': want a number from 1", nopt);
		}
		return list(h, count, json, a);
	}
	if (nopt != NULL || json)
		return error_set(EXIT_USAGE, "log: -n and --json are for "
		    "listing, not for recording");

	memset(&e, 0, sizeof(e));
	e.hold = e.pain = e.rpe = -1;
	e.keys = e.note = "";
	rc = -1;
	if (strcmp(argv[0], "skip") == 0) {
		error_set(EXIT_USAGE, "'skip' is not an exercise (use 'hips "
		    "skip' to mark a rest day)");
		goto out;
	}
	if (strcmp(argv[0], "pain") == 0) {
		error_set(EXIT_USAGE, "'pain' is not an exercise (use 'hips "
		    "pain N' for pain on its own, or pain=N after a session)");
		goto out;
	}
	if (directive_of(argv[0], strlen(argv[0])) != DIR_NONE) {
		error_set(EXIT_USAGE, "'%s' is not an exercise: it is a "
		    "clinician's instruction (see 'hips %s -h')", argv[0],
		    argv[0]);
		goto out;
	}
	if (name_check(argv[0], strlen(argv[0]), &err) == -1)
		goto bad;
	e.name = argv[0];
	if (argc < 2) {
		dose_example(argv[0], &subject);
		error_set(EXIT_USAGE, "missing dose after '%s' (for example "
		    "'hips log %s')", argv[0], buf_str(&subject));
		goto out;
	}
	if (dose_parse(argv[1], strlen(argv[1]), &e.dose, &err) == -1)
		goto bad;
	e.dose_text = argv[1];
	for (i = 2; i < argc; i++) {
		if (key_check(argv[i], strlen(argv[i]), &e, &err) == -1)
			goto bad;
		for (int j = 2; j < i; j++) {
			size_t	 kl = strcspn(argv[j], "=");

			if (strncmp(argv[j], argv[i], kl + 1) == 0) {
				error_set(EXIT_USAGE, "duplicate key '%.*s'",
				    (int)kl, argv[j]);
				goto out;
			}
		}
		if (i > 2)
			buf_putc(&keys, ' ');
		buf_puts(&keys, argv[i]);
	}
	e.keys = buf_str(&keys);
	if (check_known(e.name, custom, argc - 2, argv + 2) == -1)
		goto out;
	if (note != NULL) {
		if (check_note(note) == -1)
			goto out;
		e.note = note;
	}
	e.when = h->now;
	if (date != NULL && parse_when(h, date, 0, &e.when) == -1)
		goto out;
	e.day = htime_day(e.when);
	buf_printf(&subject, "log: %s %s", e.name, e.dose_text);
	rc = append_entry(h, &e, buf_str(&subject));
	if (rc == 0) {
		char	 day[11];

		date_format(e.day, day);
		printf("logged %s %s on %s\n", e.name, e.dose_text, day);
		feedback(h, &e);
		if (e.pain >= 0)
			pain_confirm(e.pain, true);
	}
	goto out;
bad:
	error_set(EXIT_USAGE, "%s", err.msg);
out:
	buf_free(&subject);
	buf_free(&keys);
	return rc;
}
