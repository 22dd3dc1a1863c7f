/* config.ini: the user's settings (DESIGN.md section 3). */
#ifndef HIPS_CONFIG_H
#define HIPS_CONFIG_H

#include <stddef.h>

#define CONFIG_STRLEN	200

struct config {
	char	user_name[CONFIG_STRLEN];
	char	user_email[CONFIG_STRLEN];
	char	target[CONFIG_STRLEN];		/* as written */
	int	per_week;			/* 0: daily; else N a week */
	char	prompt_format[CONFIG_STRLEN];
	char	custom_exercises[CONFIG_STRLEN];	/* "name name" */
	char	custom_keys[CONFIG_STRLEN];		/* "key key" */
	unsigned seen;				/* settings given, by index */
};

/* Defaults. */
void	config_init(struct config *);
/* Defaults, then $confdir/config.ini if it exists.  -1 on a bad file. */
int	config_load(struct config *, const char *);
/*
 * Defaults, then len bytes of INI text named name, NUL-terminated at
 * text[len].  -1 with "name:line: message" recorded on a bad text.
 */
int	config_parse(struct config *, const char *, const char *, size_t);
/* Parse a streak target: 0 for daily, N for N/week; -1 if bad. */
int	target_parse(const char *);

#endif
