// SPDX-License-Identifier: MIT
/* What memhp's subcommands share: option parsing and usage errors. */
#include <stdarg.h>
#include <stdio.h>

#include "cli/cli.h"

static void try_help(const char *prog)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
}

int cli_getopt(int argc, char **argv, const char *optstring, const struct option *longopts)
{
	int c;

	/* getopt names the bad option itself, after argv[0] */
	opterr = 1;
	c = getopt_long(argc, argv, optstring, longopts, NULL);
	if (c == '?' || c == ':') {
		try_help(argv[0]);
		return '?';
	}
	return c;
}

int cli_usage_error(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	try_help(prog);
	return CLI_EXIT_USAGE;
}
