/*
 * The program (DESIGN.md section 4): program.ini or the built-in ladders.
 * The built-in program is INI text read by the same parser, so the two
 * can never disagree about what a program is.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hips.h"
#include "inifile.h"
#include "known.h"
#include "program.h"
#include "text.h"

/* examples/program.ini, made a C string by the Makefile. */
const char program_builtin_ini[] =
#include "program_builtin.inc"
	;

static const struct rule {
	const char	*key;
	size_t		 offset;
	int		 def, min, max;
} rules[] = {
#define R(k, d, lo, hi) { #k, offsetof(struct rules, k), d, lo, hi },
	PROGRAM_RULES
#undef R
};

#define NRULES	(sizeof(rules) / sizeof(rules[0]))

/* Keys of a ladder section that may be given once. */
#define SEEN_TITLE	0x1
#define SEEN_HOW	0x2
#define SEEN_UNLOCK	0x4

#define SAY(...)	error_put(err, 1, __VA_ARGS__)

static void
rules_init(struct rules *r)
{
	size_t	 i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < NRULES; i++)
		*(int *)((char *)r + rules[i].offset) = rules[i].def;
}

/* A decimal number min..max, or -1. */
static long
number(const char *s, long min, long max)
{
	char	*end;
	long	 v;

	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] != '\0'))
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < min || v > max)
		return -1;
	return v;
}

static int
rule_key(struct program *p, const char *key, const char *value,
    struct error *err)
{
	const struct rule	*r;
	size_t			 i;
	long			 v;

	for (i = 0; i < NRULES; i++)
		if (strcmp(rules[i].key, key) == 0)
			break;
	if (i == NRULES)
		return SAY("unknown key '%s' in [rules]", key);
	r = &rules[i];
	if (p->rules.seen & (1u << i))
		return SAY("duplicate key '%s' in [rules]", key);
	p->rules.seen |= 1u << i;
	if ((v = number(value, r->min, r->max)) == -1)
		return SAY("bad %s '%s': want a number from %d to %d", key,
		    value, r->min, r->max);
	*(int *)((char *)&p->rules + r->offset) = (int)v;
	return 0;
}

/*
 * Parse "NAME DOSE [hold=Ns] [band=B] [freq=N/week]" into st.  st->text
 * is the target, normalised to single blanks between fields; freq= is
 * when the step is due, not part of the target, and is left out of it.
 */
static int
step_parse(struct step *st, const char *value, struct error *err)
{
	struct entry	 e;
	struct buf	 text = BUF_INIT;
	const char	*p = value, *f;
	size_t		 n;
	int		 field = 0;

	memset(st, 0, sizeof(*st));
	memset(&e, 0, sizeof(e));
	e.hold = e.pain = e.rpe = -1;
	for (;; field++) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		f = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - f);
		if (field == 0) {
			if (n == 4 && memcmp(f, "skip", 4) == 0)
				goto bad_skip;
			if (n == 4 && memcmp(f, "pain", 4) == 0)
				goto bad_pain;
			if (directive_of(f, n) != DIR_NONE) {
				(void)SAY("'%.*s' is reserved (a clinician's "
				    "instruction) and cannot be an exercise",
				    (int)n, f);
				goto fail;
			}
			if (name_check(f, n, err) == -1)
				goto fail;
			st->name = xmalloc(n + 1);
			memcpy(st->name, f, n);
			st->name[n] = '\0';
		} else if (field == 1) {
			if (dose_parse(f, n, &st->dose, err) == -1)
				goto fail;
			st->dose_text = xmalloc(n + 1);
			memcpy(st->dose_text, f, n);
			st->dose_text[n] = '\0';
		} else if (n > 5 && memcmp(f, "freq=", 5) == 0) {
			if (st->per_week != 0) {
				(void)SAY("duplicate key 'freq'");
				goto fail;
			}
			if (n != 11 || f[5] < '1' || f[5] > '7' ||
			    memcmp(f + 6, "/week", 5) != 0) {
				(void)SAY("bad freq '%.*s': want 1/week to "
				    "7/week", (int)(n > 45 ? 40 : n - 5),
				    f + 5);
				goto fail;
			}
			st->per_week = f[5] - '0';
			continue;	/* not part of the target */
		} else {
			if (key_check(f, n, &e, err) == -1)
				goto fail;
			if (!(n > 5 && memcmp(f, "hold=", 5) == 0) &&
			    !(n > 5 && memcmp(f, "band=", 5) == 0)) {
				(void)SAY("'%.*s' cannot be a target: a step "
				    "takes hold=, band= and freq= only",
				    (int)(n > 40 ? 40 : n), f);
				goto fail;
			}
		}
		if (field > 0)
			buf_putc(&text, ' ');
		buf_add(&text, f, n);
	}
	if (field < 2) {
		if (field == 0)
			(void)SAY("empty step: want EXERCISE DOSE, for "
			    "example 'bridge 3x12 hold=2s'");
		else
			(void)SAY("step '%s' has no dose", value);
		goto fail;
	}
	st->hold = e.hold > 0 ? e.hold : 0;
	st->band = e.band;
	st->text = buf_detach(&text);
	return 0;
bad_skip:
	(void)SAY("'skip' is reserved and cannot be an exercise");
	goto fail;
bad_pain:
	(void)SAY("'pain' is reserved and cannot be an exercise");
fail:
	free(st->name);
	free(st->dose_text);
	memset(st, 0, sizeof(*st));
	buf_free(&text);
	return -1;
}

static void
step_free(struct step *st)
{
	free(st->name);
	free(st->dose_text);
	free(st->text);
}

/* Every value is one line of printable text. */
char *
program_text_value(const char *value, const char *key, struct error *err)
{
	if (value[0] == '\0') {
		(void)SAY("empty value for '%s'", key);
		return NULL;
	}
	return xstrdup(value);
}

static int
unlock_key(struct program *p, struct ladder *l, const char *value,
    struct error *err)
{
	const char	*colon;
	char		 id[NAME_MAXLEN + 1];
	size_t		 n;
	long		 step;
	int		 i;

	if (strcmp(value, "start") == 0) {
		l->unlock = -1;
		return 0;
	}
	if ((colon = strchr(value, ':')) == NULL ||
	    (n = (size_t)(colon - value)) == 0 || n > NAME_MAXLEN)
		return SAY("bad unlock '%s': want 'start' or LADDER:STEP, for "
		    "example 'bridge:3'", value);
	memcpy(id, value, n);
	id[n] = '\0';
	i = program_ladder_id(p, id);
	if (i == -1)
		return SAY("unlock '%s': no ladder [%s]", value, id);
	if (&p->v[i] >= l)
		return SAY("unlock '%s': ladder [%s] must come before [%s]",
		    value, id, l->id);
	if ((step = number(colon + 1, 1, (long)p->v[i].nsteps)) == -1)
		return SAY("unlock '%s': ladder [%s] has steps 1 to %zu",
		    value, id, p->v[i].nsteps);
	l->unlock = i;
	l->unlock_step = (int)step;
	return 0;
}

static int
step_key(struct program *p, struct ladder *l, const char *value,
    struct error *err)
{
	struct step	 st;
	size_t		 i, j;

	if (l->nsteps == LADDER_MAXSTEPS)
		return SAY("more than %d steps in [%s]", LADDER_MAXSTEPS,
		    l->id);
	if (step_parse(&st, value, err) == -1)
		return -1;
	for (i = 0; i < p->n; i++)
		for (j = 0; j < p->v[i].nsteps; j++) {
			if (&p->v[i] == l &&
			    strcmp(p->v[i].steps[j].text, st.text) == 0) {
				(void)SAY("duplicate step '%s' in [%s]",
				    st.text, l->id);
				goto fail;
			}
			if (&p->v[i] != l &&
			    strcmp(p->v[i].steps[j].name, st.name) == 0) {
				(void)SAY("exercise '%s' is already in ladder "
				    "[%s] (an exercise belongs to one ladder)",
				    st.name, p->v[i].id);
				goto fail;
			}
		}
	l->steps[l->nsteps++] = st;
	return 0;
fail:
	step_free(&st);
	return -1;
}

static int
key(void *arg, const char *section, const char *name, const char *value,
    struct error *err)
{
	struct program	*p = arg;
	struct ladder	*l;
	int		 i;
	unsigned	 bit = 0;
	char		**slot = NULL;

	if (section[0] == '\0')
		return SAY("'%s' outside a section", name);
	if (has_control(value, strlen(value)))
		return SAY("control character in the value of '%s'", name);
	if (strcmp(section, "rules") == 0)
		return rule_key(p, name, value, err);
	if ((i = program_ladder_id(p, section)) == -1)
		return SAY("unknown section [%s]", section);
	l = &p->v[i];
	if (strcmp(name, "step") == 0)
		return step_key(p, l, value, err);
	if (strcmp(name, "tip") == 0) {
		if (l->ntips == LADDER_MAXTIPS)
			return SAY("more than %d tips in [%s]", LADDER_MAXTIPS,
			    section);
		if ((l->tips[l->ntips] = program_text_value(value, name,
		    err)) == NULL)
			return -1;
		l->ntips++;
		return 0;
	}
	if (strchr(name, '.') != NULL)
		return howto_key(l, name, value, err);
	if (strcmp(name, "title") == 0) {
		bit = SEEN_TITLE;
		slot = &l->title;
	} else if (strcmp(name, "how") == 0) {
		bit = SEEN_HOW;
		slot = &l->how;
	} else if (strcmp(name, "unlock") == 0)
		bit = SEEN_UNLOCK;
	else
		return SAY("unknown key '%s' in [%s] (want title, how, tip, "
		    "unlock, step or EXERCISE.KEY)", name, section);
	if (l->seen & bit)
		return SAY("duplicate key '%s' in [%s]", name, section);
	l->seen |= bit;
	if (slot == NULL)
		return unlock_key(p, l, value, err);
	free(*slot);
	if ((*slot = program_text_value(value, name, err)) == NULL)
		return -1;
	return 0;
}

/* The pre-scan sees every section header first: each becomes a ladder. */
static int
section(void *arg, const char *name, unsigned line, struct error *err)
{
	struct program	*p = arg;
	struct ladder	*l;
	struct error	 why;

	if (strcmp(name, "rules") == 0) {
		if (p->rules.seen & 0x80000000u)
			return SAY("duplicate section [rules]");
		p->rules.seen |= 0x80000000u;
		return 0;
	}
	if (strcmp(name, "pain") == 0)
		return SAY("'pain' is reserved and cannot be a ladder");
	if (strcmp(name, "skip") == 0 || strcmp(name, "all") == 0 ||
	    directive_of(name, strlen(name)) != DIR_NONE)
		return SAY("'%s' is reserved and cannot be a ladder", name);
	if (name_check(name, strlen(name), &why) == -1)
		return SAY("bad ladder [%s]: %s", name, why.msg);
	if (program_ladder_id(p, name) != -1)
		return SAY("duplicate section [%s]", name);
	if (p->n == PROGRAM_MAXLADDERS)
		return SAY("more than %d ladders", PROGRAM_MAXLADDERS);
	p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
	l = &p->v[p->n++];
	memset(l, 0, sizeof(*l));
	l->id = xstrdup(name);
	l->unlock = -1;
	l->line = line;
	return 0;
}

/* What the parser cannot see key by key. */
static int
finish(struct program *p, const char *name)
{
	const struct rules	*r = &p->rules;
	struct ladder		*l;
	size_t			 i;

	if (r->back_pain < r->hold_pain)
		return error_set(EXIT_FAIL, "%s: [rules] back_pain (%d) is "
		    "below hold_pain (%d)", name, r->back_pain, r->hold_pain);
	if (r->persist_days > r->persist_of)
		return error_set(EXIT_FAIL, "%s: [rules] persist_days (%d) is "
		    "above persist_of (%d)", name, r->persist_days,
		    r->persist_of);
	if (!(r->repeat_gap < r->back_gap && r->back_gap < r->back2_gap))
		return error_set(EXIT_FAIL, "%s: [rules] want repeat_gap < "
		    "back_gap < back2_gap (%d, %d, %d)", name, r->repeat_gap,
		    r->back_gap, r->back2_gap);
	if (p->n == 0)
		return error_set(EXIT_FAIL, "%s: no ladders (a program needs "
		    "at least one [LADDER] section with steps)", name);
	for (i = 0; i < p->n; i++) {
		l = &p->v[i];
		if (l->nsteps == 0)
			return error_set(EXIT_FAIL, "%s:%u: ladder [%s] has no "
			    "steps", name, l->line, l->id);
		if (l->title == NULL)
			l->title = xstrdup(l->id);
	}
	return 0;
}

/*
 * The line of each step= (inih does not say): the pre-scan has checked
 * that no line starts with white space, so a line is a comment, a
 * section header or KEY = VALUE.
 */
static void
step_lines(struct program *p, const char *text, size_t len)
{
	size_t		 seen[PROGRAM_MAXLADDERS] = { 0 };
	const char	*q = text, *end = text + len, *nl, *e;
	struct ladder	*l = NULL;
	char		 id[NAME_MAXLEN + 1];
	unsigned	 line = 0;
	size_t		 n;
	int		 i;

	for (; q < end; q = nl + 1) {
		line++;
		if ((nl = memchr(q, '\n', (size_t)(end - q))) == NULL)
			nl = end;
		if (*q == '[') {
			e = memchr(q, ']', (size_t)(nl - q));
			n = e != NULL ? (size_t)(e - q - 1) : 0;
			l = NULL;
			if (n > 0 && n <= NAME_MAXLEN) {
				memcpy(id, q + 1, n);
				id[n] = '\0';
				if ((i = program_ladder_id(p, id)) != -1)
					l = &p->v[i];
			}
			continue;
		}
		if (l == NULL || nl - q < 5 || memcmp(q, "step", 4) != 0)
			continue;
		e = q + 4;
		while (e < nl && (*e == ' ' || *e == '\t'))
			e++;
		if (e == nl || (*e != '=' && *e != ':'))
			continue;
		i = (int)(l - p->v);
		if (seen[i] < l->nsteps)
			l->steps[seen[i]++].line = line;
	}
}

int
program_parse(struct program *p, const char *name, const char *text,
    size_t len)
{
	memset(p, 0, sizeof(*p));
	rules_init(&p->rules);
	if (ini_load_text(name, text, len, key, section, p) == -1 ||
	    finish(p, name) == -1) {
		program_free(p);
		return -1;
	}
	p->rules.seen = 0;
	step_lines(p, text, len);
	return 0;
}

void
program_builtin(struct program *p)
{
	if (program_parse(p, "built-in program", program_builtin_ini,
	    sizeof(program_builtin_ini) - 1) == -1) {
		fprintf(stderr, "hips: %s\n", error_msg());
		abort();
	}
}

/*
 * An instruction line, EXERCISE.KEY = TEXT: a dot in the key.  (The
 * pre-scan has made sure that no line starts with a blank.)
 */
static bool
howto_line(const char *q, const char *nl)
{
	for (; q < nl && *q != '=' && *q != ':' && *q != ' ' &&
	    *q != '\t' && *q != '['; q++)
		if (*q == '.')
			return true;
	return false;
}

/*
 * The built-in program with its instruction lines left empty (so that
 * line numbers stay), for the commands that need only the ladders: the
 * instructions are most of the text, and parsing costs by the byte.
 */
static void
builtin_lean(struct program *p)
{
	struct buf	 b = BUF_INIT;
	const char	*q = program_builtin_ini, *nl;
	const char	*end = q + sizeof(program_builtin_ini) - 1;

	buf_grow(&b, sizeof(program_builtin_ini) / 2);
	for (; q < end; q = nl + 1) {
		if ((nl = memchr(q, '\n', (size_t)(end - q))) == NULL)
			nl = end;
		if (!howto_line(q, nl))
			buf_add(&b, q, (size_t)(nl - q));
		if (nl < end)
			buf_putc(&b, '\n');
	}
	if (program_parse(p, "built-in program", buf_str(&b), b.len) == -1) {
		fprintf(stderr, "hips: %s\n", error_msg());
		abort();
	}
	p->lean = true;
	buf_free(&b);
}

void
program_howto_load(struct program *p)
{
	struct program	 full;
	size_t		 i;
	int		 j;

	if (!p->lean)
		return;
	program_builtin(&full);
	for (i = 0; i < p->n; i++) {
		if ((j = program_ladder_id(&full, p->v[i].id)) == -1)
			continue;
		howto_free(&p->v[i]);
		p->v[i].howto = full.v[j].howto;
		p->v[i].nhowto = full.v[j].nhowto;
		full.v[j].howto = NULL;
		full.v[j].nhowto = 0;
	}
	program_free(&full);
	p->lean = false;
}

int
program_load(struct program *p, const char *confdir)
{
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	bool		 missing;
	int		 rc;

	memset(p, 0, sizeof(*p));
	buf_printf(&path, "%s/program.ini", confdir);
	if ((rc = ini_read_file(buf_str(&path), &text, &missing)) == 0) {
		if (missing)
			builtin_lean(p);
		else if ((rc = program_parse(p, buf_str(&path),
		    buf_str(&text), text.len)) == 0)
			p->source = buf_detach(&path);
	}
	buf_free(&text);
	buf_free(&path);
	return rc;
}

int
program_rules(struct rules *r, const char *confdir)
{
	struct program	 p;
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	bool		 missing;
	int		 rc;

	rules_init(r);
	if (confdir == NULL)
		return 0;
	buf_printf(&path, "%s/program.ini", confdir);
	if ((rc = ini_read_file(buf_str(&path), &text, &missing)) == 0 &&
	    !missing && (rc = program_parse(&p, buf_str(&path),
	    buf_str(&text), text.len)) == 0) {
		*r = p.rules;
		program_free(&p);
	}
	buf_free(&text);
	buf_free(&path);
	return rc;
}

void
program_free(struct program *p)
{
	struct ladder	*l;
	size_t		 i, j;

	for (i = 0; i < p->n; i++) {
		l = &p->v[i];
		free(l->id);
		free(l->title);
		free(l->how);
		for (j = 0; j < l->ntips; j++)
			free(l->tips[j]);
		for (j = 0; j < l->nsteps; j++)
			step_free(&l->steps[j]);
		howto_free(l);
	}
	free(p->v);
	free(p->source);
	memset(p, 0, sizeof(*p));
}

int
program_ladder_of(const struct program *p, const char *name)
{
	size_t	 i, j;

	for (i = 0; i < p->n; i++)
		for (j = 0; j < p->v[i].nsteps; j++)
			if (strcmp(p->v[i].steps[j].name, name) == 0)
				return (int)i;
	return -1;
}

int
program_ladder_id(const struct program *p, const char *id)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].id, id) == 0)
			return (int)i;
	return -1;
}
