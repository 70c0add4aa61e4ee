// SPDX-License-Identifier: MIT
/* `memhp run`: replay scenario files and print their transcripts. */
#include <stdio.h>

#include "cli/cli.h"
#include "scenario/scenario.h"

static void run_usage(FILE *f)
{
	fputs("Usage: memhp run [--] SCENARIO...\n"
	      "\n"
	      "Runs each scenario and prints its transcript as ../shared/oracle/FORMAT.md\n"
	      "defines it; steps that cannot run are reported on standard error.\n"
	      "  -h, --help     print this help\n"
	      "Exit status: 0 every step ran, 1 a step could not run, 2 a file could not\n"
	      "be read (the highest over all files), 64 usage error.\n",
	      f);
}

/* scenario_run_file()'s result as an exit status */
static enum cli_exit run_status(int ret)
{
	switch (ret) {
	case 0:
		return CLI_EXIT_OK;
	case 2:
		return CLI_EXIT_UNREADABLE;
	default:
		return CLI_EXIT_FAILURE;
	}
}

int cli_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum cli_exit status = CLI_EXIT_OK;
	int c;

	while ((c = cli_getopt(argc, argv, "h", longopts)) != -1) {
		switch (c) {
		case 'h':
			run_usage(stdout);
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(argv[0], "a scenario file is required");
	for (int i = optind; i < argc; i++) {
		enum cli_exit ret = run_status(scenario_run_file(argv[i], stdout, stderr));

		/* the worst file's status: UNREADABLE > FAILURE > OK */
		if (ret > status)
			status = ret;
	}
	return status;
}
