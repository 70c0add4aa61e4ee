// SPDX-License-Identifier: MIT
/*
 * memhp: the command line.  `memhp run SCENARIO...` prints the transcript
 * of each scenario as ../shared/oracle/FORMAT.md defines it (cli/run.c);
 * `memhp up` serves a live machine (cli/up.c); `memhp diff` compares two
 * kernels (cli/diff.c); `memhp exec` runs a tool against a mounted machine
 * (cli/exec.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/util.h"

#define MEMHP_VERSION "0.1"

static const struct cli_cmd commands[] = {
	{ "run", "memhp run", cli_run },
	{ "up", "memhp up", cli_up },
	{ "diff", "memhp diff", cli_diff },
	{ "exec", "memhp exec", cli_exec },
};

static void usage(FILE *f)
{
	fputs("Usage:\n"
	      "  memhp run [--kernel=KERNEL] [--] SCENARIO...\n"
	      "                          run scenarios and print their transcripts;\n"
	      "                          see memhp run --help\n"
	      "  memhp diff [--kernel=A --kernel=B] [--] SCENARIO...\n"
	      "                          run scenarios on two kernels and show where the guests\n"
	      "                          differ, step by step; see memhp diff --help\n"
	      "  memhp up [OPTIONS] [-- QEMU-ARGS... [--append PARAMS...]]\n"
	      "                          serve a live machine (QMP socket, FUSE mount, HTTP map);\n"
	      "                          see memhp up --help\n"
	      "  memhp exec --mount DIR [--] COMMAND [ARGS...]\n"
	      "                          run a real tool against the machine mounted at DIR,\n"
	      "                          in a private mount namespace (root); see memhp exec --help\n"
	      "  memhp --version\n"
	      "  memhp -h, --help\n"
	      "\n"
	      "A scenario drives a model of QEMU 7.2's pc machine with a Linux guest\n"
	      "(6.1 or 6.12) through QMP and the guest's sysfs/procfs files; see ../shared/oracle/FORMAT.md.\n"
	      "Exit status: 0 all steps ran (run), the kernels agreed (diff) or served\n"
	      "until a signal (up), 1 a step could not run, the kernels differed (diff)\n"
	      "or the machine could not start, 2 a scenario file could not be read,\n"
	      "64 usage error.\n",
	      f);
}

int main(int argc, char **argv)
{
	enum { OPT_VERSION = 256 };
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ 0 },
	};
	int c;

	/* messages name the command, not the path it was started by */
	argv[0] = (char *)"memhp";
	optind = 0;
	while ((c = cli_getopt(argc, argv, "+h", longopts)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		case OPT_VERSION:
			printf("memhp %s\n", MEMHP_VERSION);
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs("memhp: a command is required\n", stderr);
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		int at = optind;

		if (strcmp(argv[at], commands[i].name))
			continue;
		/* the subcommand sees its own name as argv[0] */
		argv[at] = (char *)commands[i].prog;
		optind = 0;
		return commands[i].fn(argc - at, argv + at);
	}
	return cli_usage_error("memhp", "unknown command '%s'", argv[optind]);
}
