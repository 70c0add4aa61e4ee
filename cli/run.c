// SPDX-License-Identifier: MIT
/* `memhp run`: replay scenario files and print their transcripts. */
#include <stdio.h>

#include "cli/cli.h"
#include "memhp/profile.h"
#include "scenario/scenario.h"

static void run_usage(FILE *f)
{
	fputs("Usage: memhp run [--kernel=KERNEL] [--] SCENARIO...\n"
	      "\n"
	      "Runs each scenario and prints its transcript as ../shared/oracle/FORMAT.md\n"
	      "defines it; steps that cannot run are reported on standard error.\n"
	      "  -k, --kernel=NAME[,OPTION=VALUE...]\n"
	      "                 the guest's kernel: 6.1 (default) or 6.12, and build\n"
	      "                 options that differ from it (default_online_type=TYPE)\n"
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
		{ "kernel", required_argument, NULL, 'k' },
		{ 0 },
	};
	enum cli_exit status = CLI_EXIT_OK;
	struct kernel_profile profile = kernel_profiles[0];
	int c;

	while ((c = cli_getopt(argc, argv, "hk:", longopts)) != -1) {
		struct memhp_err err = { 0 };

		switch (c) {
		case 'h':
			run_usage(stdout);
			return CLI_EXIT_OK;
		case 'k':
			if (kernel_profile_parse(optarg, &profile, &err))
				return cli_usage_error(argv[0], "--kernel: %s", err.msg);
			break;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(argv[0], "a scenario file is required");
	for (int i = optind; i < argc; i++) {
		enum cli_exit ret = run_status(scenario_run_file_profile(argv[i], &profile, stdout, stderr));

		/* the worst file's status: UNREADABLE > FAILURE > OK */
		if (ret > status)
			status = ret;
	}
	return status;
}
