/* hips log, hips skip, hips undo: writing entries, and listing them. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hips.h"
#include "credhelper.h"
#include "entry.h"
#include "json.h"
#include "config.h"
#include "known.h"
#include "logset.h"
#include "outcache.h"
#include "program.h"
#include "write.h"

#define SKIP_AHEAD	62	/* days a skip may be planned ahead */
#define SKIP_RANGE_MAX	62	/* days one skip --from --to may cover */

/*
 * The local time on day at seconds-of-day tod: HIPS_NOW's fixed offset,
 * or whatever the time zone says for that date.
 */
static struct htime
local_time(const struct hips *h, int64_t day, int tod)
{
	struct htime	 r;
	struct tm	 tm;
	int		 y, m, d;
	time_t		 t;

	if (h->now_fixed) {
		r.off = h->now.off;
		r.t = day * 86400 + tod - r.off;
		return r;
	}
	civil_from_days(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = tod / 3600;
	tm.tm_min = tod / 60 % 60;
	tm.tm_sec = tod % 60;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	r.t = (int64_t)t;
	r.off = (int)tm.tm_gmtoff;
	return r;
}

/*
 * -d DATE: YYYY-MM-DD, today, yesterday, a weekday or N days ago, each
 * with an optional time (else the time now), or RFC 3339; never the
 * future, or not more than AHEAD days ahead.
 */
int
parse_when(const struct hips *h, const char *arg, int ahead,
    struct htime *out)
{
	const char	*why;
	int64_t		 day;
	int		 tod;

	if (strlen(arg) > 10 && (arg[10] == 'T' || arg[10] == 't')) {
		if (rfc3339_parse(arg, strlen(arg), out, &why) == -1)
			return error_set(EXIT_USAGE, "bad date '%s': %s", arg,
			    why);
		if (ahead == 0 && out->t > h->now.t)
			return error_set(EXIT_USAGE, "date '%s' is in the "
			    "future", arg);
		if (htime_day(*out) > hips_today(h) + ahead)
			goto far;
		return 0;
	}
	if (date_when_parse(arg, hips_today(h), &day, &tod, &why) == -1)
		return error_set(EXIT_USAGE, "bad date '%s': %s", arg, why);
	if (tod == -1)
		tod = htime_tod(h->now);
	else if (ahead == 0 && day == hips_today(h) && tod > htime_tod(h->now))
		return error_set(EXIT_USAGE, "date '%s' is in the future", arg);
	if (day > hips_today(h) + ahead)
		goto far;
	/* An entry's timestamp has a year of four digits (RFC 3339). */
	if (day < days_from_civil(1, 1, 1))
		return error_set(EXIT_USAGE, "date '%s' is before 0001-01-01",
		    arg);
	*out = local_time(h, day, tod);
	/*
	 * A time of day the zone skips moves to another day: then noon,
	 * and a day the zone skips whole (Samoa's 2011-12-30) is an error,
	 * never silently the day beside it.
	 */
	if (htime_day(*out) != day)
		*out = local_time(h, day, 12 * 3600);
	if (htime_day(*out) != day)
		return error_set(EXIT_USAGE, "date '%s' does not exist in the "
		    "local time zone", arg);
	return 0;
far:
	if (ahead == 0)
		return error_set(EXIT_USAGE, "date '%s' is in the future", arg);
	return error_set(EXIT_USAGE, "date '%s' is more than %d days ahead",
	    arg, ahead);
}

static void
month_file(const struct entry *e, struct buf *out)
{
	int	 y, m, d;

	civil_from_days(e->day, &y, &m, &d);
	buf_printf(out, "log/%04d-%02d.log", y, m);
}

/* Whether the data repository is still to be created (the first write). */
static bool
first_write(const struct hips *h)
{
	struct buf	 dir = BUF_INIT;
	bool		 none = false;

	if (path_datadir(h->dir_opt, &dir) == 0) {
		buf_puts(&dir, "/.git");
		none = access(buf_str(&dir), F_OK) == -1 && errno == ENOENT;
	}
	error_clear();
	buf_free(&dir);
	return none;
}

/* Commit one new entry line (already validated). */
int
append_entry(struct hips *h, struct entry *e, const char *subject)
{
	struct writer	 w;
	struct buf	 line = BUF_INIT, rel = BUF_INIT, msg = BUF_INIT;
	char		 err[ERRLEN], *copy;
	struct entry	 check;
	bool		 first;
	int		 rc = -1;

	entry_format(e, &line);
	/* A line readers would refuse: the note is what can make it so. */
	if (line.len > LINE_MAXLEN) {
		size_t	 rest = line.len - strlen(e->note);

		buf_free(&line);
		if (e->note[0] != '\0' && rest < LINE_MAXLEN)
			return error_set(EXIT_USAGE, "note too long (max %zu "
			    "bytes here)", LINE_MAXLEN - rest);
		return error_set(EXIT_USAGE, "entry too long (max %d bytes)",
		    LINE_MAXLEN);
	}
	/* What is written must read back as the same entry. */
	copy = xstrdup(buf_str(&line));
	if (entry_parse(copy, line.len, &check, err, sizeof(err)) != 1) {
		free(copy);
		buf_free(&line);
		return error_set(EXIT_FAIL, "internal error: formatted line "
		    "does not parse: %s", err);
	}
	free(copy);
	month_file(e, &rel);
	buf_printf(&msg, "%s\n\n%s\n", subject, buf_str(&line));
	first = first_write(h);
	if (writer_open(h, &w, true) == 0 &&
	    writer_append(&w, buf_str(&rel), buf_str(&line),
	    buf_str(&msg)) == 0) {
		rc = 0;
		if (first)
			warnmsg("created the data repository in %s",
			    buf_str(&w.dir));
		if (w.also != NULL)
			warnmsg("committed changes found in %s first, in a "
			    "commit of their own", w.also);
	}
	writer_close(&w);
	buf_free(&msg);
	buf_free(&rel);
	buf_free(&line);
	return rc;
}

static int
check_note(const char *note)
{
	char	 err[ERRLEN];

	if (note_check(note, strlen(note), err, sizeof(err)) == -1)
		return error_set(EXIT_USAGE, "%s", err);
	return 0;
}

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
list(struct hips *h, long count, bool json, int argc, char **argv)
{
	struct outcache	 oc;
	struct logset	 ls;
	struct buf	 dir = BUF_INIT, out = BUF_INIT;
	const struct entry *e;
	char		 ts[RFC3339_LEN + 1];
	long		 i, shown = 0;
	int		 rc = 0;
	size_t		 k;

	if (path_datadir(h->dir_opt, &dir) == -1)
		return -1;
	/* The answer depends on the log and the arguments only. */
	if (outcache_lookup(&oc, "log", buf_str(&dir), NULL, 0, argc, argv,
	    &out) == 1) {
		fwrite(buf_str(&out), 1, out.len, stdout);
		outcache_free(&oc);
		buf_free(&out);
		buf_free(&dir);
		return 0;
	}
	if (logset_load(&ls, buf_str(&dir), NULL, NULL) == -1)
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
	buf_free(&dir);
	return rc;
}

int
cmd_log(struct hips *h, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "custom", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd	*c = cmd_find("log");
	const char		*date = NULL, *note = NULL, *nopt = NULL;
	struct entry		 e;
	struct buf		 subject = BUF_INIT, keys = BUF_INIT;
	char			 err[ERRLEN], *end;
	bool			 json = false, custom = false;
	long			 count = 10;
	int			 ch, i, rc;

	while ((ch = cmd_getopt(c, argc, argv, "d:m:n:", longopts)) != -1) {
		switch (ch) {
		case -2:
			return 0;
		case -3:
			return -1;
		case 'd':
			date = cmd_optarg;
			break;
		case 'm':
			note = cmd_optarg;
			break;
		case 'n':
			nopt = cmd_optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'c':
			custom = true;
			break;
		}
	}
	argc -= cmd_optind;
	argv += cmd_optind;

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
		return list(h, count, json, argc + cmd_optind,
		    argv - cmd_optind);
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
	if (name_check(argv[0], strlen(argv[0]), err, sizeof(err)) == -1)
		goto bad;
	e.name = argv[0];
	if (argc < 2) {
		error_set(EXIT_USAGE, "missing dose after '%s' (for example "
		    "'hips log %s 3x10')", argv[0], argv[0]);
		goto out;
	}
	if (dose_parse(argv[1], strlen(argv[1]), &e.dose, err,
	    sizeof(err)) == -1)
		goto bad;
	e.dose_text = argv[1];
	for (i = 2; i < argc; i++) {
		if (key_check(argv[i], strlen(argv[i]), &e, err,
		    sizeof(err)) == -1)
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
		if (e.pain >= 0)
			pain_confirm(e.pain, true);
	}
	goto out;
bad:
	error_set(EXIT_USAGE, "%s", err);
out:
	buf_free(&subject);
	buf_free(&keys);
	return rc;
}

/* The days from..to, one skip line each, in one commit. */
static int
skip_range(struct hips *h, const struct entry *proto, struct htime from,
    struct htime to)
{
	struct writer	 w;
	struct entry	 e = *proto;
	struct buf	*lines, *rels, msg = BUF_INIT;
	const char	**lp, **rp;
	char		 d1[11], d2[11];
	int64_t		 day, first = htime_day(from), last = htime_day(to);
	size_t		 n, i;
	bool		 created;
	int		 rc = -1;

	if (last < first)
		return error_set(EXIT_USAGE, "skip: --to is before --from");
	if (last - first + 1 > SKIP_RANGE_MAX)
		return error_set(EXIT_USAGE, "skip: more than %d days from "
		    "--from to --to", SKIP_RANGE_MAX);
	n = (size_t)(last - first + 1);
	lines = xreallocarray(NULL, n, sizeof(*lines));
	rels = xreallocarray(NULL, n, sizeof(*rels));
	lp = xreallocarray(NULL, n, sizeof(*lp));
	rp = xreallocarray(NULL, n, sizeof(*rp));
	for (i = 0, day = first; i < n; i++, day++) {
		e.when = local_time(h, day, htime_tod(from));
		if (htime_day(e.when) != day)
			e.when = local_time(h, day, 12 * 3600);
		e.day = htime_day(e.when);
		buf_init(&lines[i]);
		buf_init(&rels[i]);
		entry_format(&e, &lines[i]);
		month_file(&e, &rels[i]);
		lp[i] = buf_str(&lines[i]);
		rp[i] = buf_str(&rels[i]);
	}
	date_format(first, d1);
	date_format(last, d2);
	buf_printf(&msg, "skip: %s to %s\n\n", d1, d2);
	for (i = 0; i < n; i++)
		buf_printf(&msg, "%s\n", lp[i]);
	created = first_write(h);
	if (writer_open(h, &w, true) == 0 && writer_append_lines(&w, n, rp, lp,
	    buf_str(&msg)) == 0) {
		if (created)
			warnmsg("created the data repository in %s",
			    buf_str(&w.dir));
		printf("skipped %s to %s (%zu days)\n", d1, d2, n);
		rc = 0;
	}
	writer_close(&w);
	for (i = 0; i < n; i++) {
		buf_free(&lines[i]);
		buf_free(&rels[i]);
	}
	free(lines);
	free(rels);
	free(lp);
	free(rp);
	buf_free(&msg);
	return rc;
}

int
cmd_skip(struct hips *h, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd	*c = cmd_find("skip");
	const char		*date = NULL, *note = NULL, *from = NULL;
	const char		*to = NULL;
	struct entry		 e;
	struct buf		 subject = BUF_INIT;
	struct htime		 tfrom, tto;
	char			 day[11], err[ERRLEN];
	int			 ch, i, rc;

	while ((ch = cmd_getopt(c, argc, argv, "d:m:", longopts)) != -1) {
		switch (ch) {
		case -2:
			return 0;
		case -3:
			return -1;
		case 'd':
			date = cmd_optarg;
			break;
		case 'm':
			note = cmd_optarg;
			break;
		case 'f':
			from = cmd_optarg;
			break;
		case 't':
			to = cmd_optarg;
			break;
		}
	}
	if ((from != NULL) != (to != NULL))
		return error_usage("skip: --from and --to go together");
	if (from != NULL && date != NULL)
		return error_usage("skip: -d or --from and --to, not both");
	memset(&e, 0, sizeof(e));
	e.hold = e.pain = e.rpe = -1;
	e.skip = true;
	e.name = "skip";
	e.dose_text = e.keys = e.note = "";
	/* pain=N only: the pain of a rest day counts in every pain rule. */
	for (i = cmd_optind; i < argc; i++) {
		if (strncmp(argv[i], "pain=", 5) != 0)
			return error_usage("skip: unexpected '%s' (a note goes "
			    "with -m, pain with pain=N)", argv[i]);
		if (key_check(argv[i], strlen(argv[i]), &e, err,
		    sizeof(err)) == -1)
			return error_set(EXIT_USAGE, "%s", err);
		e.keys = argv[i];
	}
	if (note != NULL) {
		if (check_note(note) == -1)
			return -1;
		e.note = note;
	}
	if (from != NULL) {
		if (e.pain >= 0)
			return error_usage("skip: pain=N is for one day, not "
			    "--from and --to");
		if (parse_when(h, from, SKIP_AHEAD, &tfrom) == -1 ||
		    parse_when(h, to, SKIP_AHEAD, &tto) == -1)
			return -1;
		return skip_range(h, &e, tfrom, tto);
	}
	e.when = h->now;
	if (date != NULL && parse_when(h, date, SKIP_AHEAD, &e.when) == -1)
		return -1;
	e.day = htime_day(e.when);
	if (e.pain >= 0)
		buf_printf(&subject, "skip: %s", e.keys);
	else
		buf_puts(&subject, "skip");
	rc = append_entry(h, &e, buf_str(&subject));
	buf_free(&subject);
	if (rc == -1)
		return -1;
	date_format(e.day, day);
	printf("skipped %s\n", day);
	if (e.pain >= 0)
		pain_confirm(e.pain, false);
	return 0;
}

int
cmd_undo(struct hips *h, int argc, char **argv)
{
	const struct cmd	*c = cmd_find("undo");
	struct store_entry	 last;
	struct writer		 w;
	struct buf		 msg = BUF_INIT;
	const char		*what;
	int			 ch, rc = -1, found;

	while ((ch = cmd_getopt(c, argc, argv, "", NULL)) != -1) {
		if (ch == -2)
			return 0;
		if (ch == -3)
			return -1;
	}
	if (cmd_optind < argc)
		return error_usage("undo: unexpected '%s'", argv[cmd_optind]);
	if (path_datadir(h->dir_opt, &msg) == -1)
		return -1;
	buf_puts(&msg, "/.git");
	if (access(buf_str(&msg), F_OK) == -1) {
		buf_free(&msg);
		return error_set(EXIT_FAIL, "nothing to undo: no data yet");
	}
	buf_reset(&msg);
	if (writer_open(h, &w, false) == -1) {
		writer_close(&w);
		return -1;
	}
	if ((found = writer_last_entry(&w, &last)) == -1)
		goto out;
	if (found == 0) {
		error_set(EXIT_FAIL, "nothing to undo");
		goto out;
	}
	/* "log: bridge 3x12" becomes "undo: bridge 3x12". */
	what = strncmp(last.subject, "log: ", 5) == 0 ? last.subject + 5 :
	    last.subject;
	buf_printf(&msg, "undo: %s\n\n%s\n", what, last.line);
	if (writer_remove(&w, last.path, last.line, buf_str(&msg)) == 0) {
		printf("removed: ");
		fput_safe(stdout, last.line);
		putchar('\n');
		rc = 0;
	}
out:
	writer_close(&w);
	buf_free(&msg);
	return rc;
}

/*
 * A password in the remote URL goes to git's credential helper, never
 * into .git/config: url loses it, c keeps it (*pw set) for approve.
 * Without a helper to keep it, or for ssh (keys, not passwords), init
 * refuses.
 */
static int
init_password(struct hips *h, struct buf *url, struct cred *c, bool *pw)
{
	struct buf	 dir = BUF_INIT, git = BUF_INIT;
	char		 bare[4096];
	bool		 had;
	int		 rc = -1;

	*pw = false;
	if (!url_without_password(buf_str(url), bare, sizeof(bare), &had))
		return error_set(EXIT_USAGE, "init: remote URL too long");
	if (!had)
		return 0;
	if (!cred_from_url(buf_str(url), c))
		return error_set(EXIT_USAGE, "init: hips keeps no password "
		    "in the remote URL: leave it out (over ssh, hips uses "
		    "your keys: ssh-agent or ~/.ssh/id_ed25519)");
	/* git reads the data repository's config too, once there is one. */
	if (path_datadir(h->dir_opt, &dir) == -1)
		goto out;
	buf_printf(&git, "%s/.git", buf_str(&dir));
	if (access(buf_str(&git), F_OK) != 0)
		buf_reset(&dir);
	if (buf_str(&dir)[0] == '\0')
		buf_puts(&dir, "/");
	if (!cred_have_helper(buf_str(&dir), bare)) {
		error_set(EXIT_USAGE, "init: hips keeps no password in the "
		    "remote URL, and git has no credential helper to keep it: "
		    "set one up (e.g. 'git config --global credential.helper "
		    "store', or cache, or libsecret) and run this again, or "
		    "leave the password out");
		goto out;
	}
	buf_reset(url);
	buf_puts(url, bare);
	*pw = true;
	rc = 0;
out:
	if (rc == -1)
		cred_wipe(c);
	buf_free(&git);
	buf_free(&dir);
	return rc;
}

int
cmd_init(struct hips *h, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "remote", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd	*c = cmd_find("init");
	const char		*remote = NULL;
	struct writer		 w;
	struct buf		 url = BUF_INIT;
	struct cred		 cred;
	char			*cwd;
	bool			 pw = false;
	int			 ch, rc = -1;

	while ((ch = cmd_getopt(c, argc, argv, "", longopts)) != -1) {
		switch (ch) {
		case -2:
			return 0;
		case -3:
			return -1;
		case 'r':
			remote = cmd_optarg;
			break;
		}
	}
	if (cmd_optind < argc)
		return error_usage("init: unexpected '%s'", argv[cmd_optind]);
	if (remote != NULL && remote[0] == '\0')
		return error_set(EXIT_USAGE, "init: empty remote URL");
	if (remote != NULL) {
		/* A relative path means from here, wherever hips runs later. */
		if ((cwd = getcwd(NULL, 0)) == NULL)
			return error_set(EXIT_FAIL, "cannot find the current "
			    "directory: %s", strerror(errno));
		path_remote_url(remote, cwd, &url);
		free(cwd);
		if (init_password(h, &url, &cred, &pw) == -1) {
			buf_free(&url);
			return -1;
		}
	}
	if (writer_open(h, &w, true) == -1)
		goto out;
	if (remote != NULL && writer_set_remote(&w, buf_str(&url)) == -1)
		goto out;
	if (pw && cred_git(buf_str(&w.dir), "approve", &cred) == -1) {
		error_set(EXIT_FAIL, "git's credential helper did not take the "
		    "password for '%s' (the remote is set without it: run "
		    "'hips sync' at a terminal to give it)", cred.username);
		goto out;
	}
	printf("data repository in %s\n", buf_str(&w.dir));
	if (remote != NULL)
		printf("remote origin: %s\n", buf_str(&url));
	if (pw)
		printf("password for '%s' given to git's credential helper\n",
		    cred.username);
	rc = 0;
out:
	if (pw)
		cred_wipe(&cred);
	writer_close(&w);
	buf_free(&url);
	return rc;
}
