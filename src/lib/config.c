/* config.ini: reading the user's settings (DESIGN.md section 3). */
#include <stdio.h>
#include <string.h>

#include "hips.h"
#include "config.h"
#include "entry.h"
#include "known.h"
#include "inifile.h"
#include "text.h"

enum type { STR, PERSON, TARGET, FORMAT, NAMES, KEYS };

static const struct setting {
	const char	*section;
	const char	*key;
	enum type	 type;
	size_t		 offset;
	const char	*def;
} settings[] = {
#define X(s, k, t, f, d) { s, k, t, offsetof(struct config, f), d },
#include "config.def"
#undef X
};

#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

int
target_parse(const char *s)
{
	if (strcmp(s, "daily") == 0)
		return 0;
	if (s[0] >= '1' && s[0] <= '7' && strcmp(s + 1, "/week") == 0)
		return s[0] - '0';
	return -1;
}

static int
format_check(const char *s, struct error *err)
{
	for (; *s != '\0'; s++) {
		if (*s != '%')
			continue;
		s++;
		if (*s != 'n' && *s != 'u' && *s != '!' && *s != 'p' &&
		    *s != '%') {
			error_put(err, 1, "bad prompt format: '%%%c' (use "
			    "%%n, %%u, %%!, %%p or %%%%)", *s ? *s : ' ');
			return -1;
		}
	}
	return 0;
}

/* [exercises] custom: exercise names, [keys] custom: keys; each once. */
static int
words_check(const char *s, bool keys, struct error *err)
{
	const char	*w, *o;
	size_t		 n, i;

	for (w = s; *(w += strspn(w, " \t")) != '\0'; w += n) {
		n = strcspn(w, " \t");
		if (keys) {
			if (!key_valid(w, n)) {
				error_put(err, 1, "bad key '%.*s': use a-z, "
				    "0-9, '-' and '_', at most %d", (int)n, w,
				    KEY_MAXLEN);
				return -1;
			}
			for (i = 0; i < known_nbuiltin_keys; i++)
				if (strlen(known_builtin_keys[i]) == n &&
				    memcmp(known_builtin_keys[i], w, n) == 0) {
					error_put(err, 1, "'%.*s' is a "
					    "built-in key", (int)n, w);
					return -1;
				}
		} else {
			if (name_check(w, n, err) == -1)
				return -1;
			if (known_reserved(w, n)) {
				error_put(err, 1, "'%.*s' is reserved and "
				    "cannot be an exercise", (int)n, w);
				return -1;
			}
		}
		for (o = s + strspn(s, " \t"); o < w; o += strcspn(o, " \t"),
		    o += strspn(o, " \t")) {
			if (strcspn(o, " \t") == n && strncmp(o, w, n) == 0) {
				error_put(err, 1, "'%.*s' given twice",
				    (int)n, w);
				return -1;
			}
		}
	}
	return 0;
}

void
config_init(struct config *c)
{
	size_t	 i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NSETTINGS; i++)
		snprintf((char *)c + settings[i].offset, CONFIG_STRLEN, "%s",
		    settings[i].def);
	c->per_week = target_parse(c->target);
}

static int
key(void *arg, const char *section, const char *name, const char *value,
    struct error *err)
{
	struct config	*c = arg;
	const struct setting *s = NULL;
	size_t		 i;
	int		 n;

	for (i = 0; i < NSETTINGS; i++)
		if (strcmp(settings[i].section, section) == 0 &&
		    strcmp(settings[i].key, name) == 0)
			s = &settings[i];
	if (s == NULL) {
		for (i = 0; i < NSETTINGS; i++)
			if (strcmp(settings[i].section, section) == 0)
				break;
		if (i == NSETTINGS)
			error_put(err, 1, "unknown section [%s]", section);
		else
			error_put(err, 1, "unknown key '%s' in [%s]", name,
			    section);
		return -1;
	}
	if (c->seen & (1u << (s - settings))) {
		error_put(err, 1, "duplicate key '%s' in [%s]", name,
		    section);
		return -1;
	}
	c->seen |= 1u << (s - settings);
	if (has_control(value, strlen(value))) {
		error_put(err, 1, "control character in '%s'", name);
		return -1;
	}
	switch (s->type) {
	case TARGET:
		if ((n = target_parse(value)) == -1) {
			error_put(err, 1, "bad target '%s': want daily or "
			    "N/week with N from 1 to 7", value);
			return -1;
		}
		c->per_week = n;
		break;
	case FORMAT:
		if (format_check(value, err) == -1)
			return -1;
		break;
	case PERSON:
		/* What git_signature_new() refuses, refused here, by check. */
		if (strpbrk(value, "<>") != NULL) {
			error_put(err, 1, "'<' or '>' in '%s': git does not "
			    "allow them in the name or email of an author",
			    name);
			return -1;
		}
		break;
	case NAMES:
	case KEYS:
		if (words_check(value, s->type == KEYS, err) == -1)
			return -1;
		break;
	case STR:
		break;
	}
	snprintf((char *)c + s->offset, CONFIG_STRLEN, "%s", value);
	return 0;
}

static int
section(void *arg, const char *name, unsigned line, struct error *err)
{
	size_t	 i;

	(void)arg;
	(void)line;
	for (i = 0; i < NSETTINGS; i++)
		if (strcmp(settings[i].section, name) == 0)
			return 0;
	error_put(err, 1, "unknown section [%s]", name);
	return -1;
}

int
config_parse(struct config *c, const char *name, const char *text,
    size_t len)
{
	config_init(c);
	return ini_load_text(name, text, len, key, section, c);
}

int
config_load(struct config *c, const char *confdir)
{
	struct buf	 path = BUF_INIT;
	bool		 missing;
	int		 rc;

	config_init(c);
	buf_printf(&path, "%s/config.ini", confdir);
	rc = ini_load_file(buf_str(&path), &missing, key, section, c);
	buf_free(&path);
	return rc;
}
