/* hips help: the usage of hips, or of one command, or the command names. */
#include <stdio.h>

#include "cmd.h"

int
cmd_help(struct hips *h, const struct cmd_args *a)
{
	const struct cmd	*c;
	size_t			 i, n;

	(void)h;
	if (cmd_flag(a, 'c')) {
		if (a->argc > 0)
			return error_usage("help: --commands takes no operand");
		c = cmd_list(&n);
		for (i = 0; i < n; i++)
			puts(c[i].name);
		return 0;
	}
	if (a->argc == 0) {
		cmd_usage_main(stdout);
		return 0;
	}
	if (a->argc > 1)
		return error_usage("help: too many operands");
	if ((c = cmd_find(a->argv[0])) == NULL)
		return error_set(EXIT_USAGE, "no such command '%s' (see 'hips "
		    "help')", a->argv[0]);
	cmd_usage(stdout, c);
	printf("\n%s.\n", c->summary);
	if (c->help != NULL)
		printf("\n%s", c->help);
	return 0;
}
