// SPDX-License-Identifier: MIT
/*
 * memhp: the command line.  `memhp run SCENARIO...` prints the transcript
 * of each scenario as ../shared/oracle/FORMAT.md defines it; `memhp up`
 * serves a live machine (cli/up.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli/up.h"
#include "scenario/scenario.h"

#define MEMHP_VERSION "0.1"

static void usage(FILE *f)
{
	fputs("Usage:\n"
	      "  memhp run SCENARIO...   run scenarios and print their transcripts\n"
	      "  memhp up [OPTIONS] [-- QEMU-ARGS... [--append PARAMS...]]\n"
	      "                          serve a live machine (QMP socket, FUSE mount, HTTP map);\n"
	      "                          see memhp up --help\n"
	      "  memhp --version\n"
	      "  memhp --help\n"
	      "\n"
	      "A scenario drives a model of QEMU 7.2's pc machine with a Linux 6.1 guest\n"
	      "through QMP and the guest's sysfs/procfs files; see ../shared/oracle/FORMAT.md.\n"
	      "Exit status: 0 all steps ran, 1 a step could not run, 2 a file could not be read,\n"
	      "64 usage error.\n",
	      f);
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		usage(stderr);
		return 64;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("memhp %s\n", MEMHP_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "up"))
		return memhp_up(argc - 2, argv + 2);
	if (!strcmp(argv[1], "run")) {
		if (argc < 3) {
			fprintf(stderr, "memhp run: a scenario file is required\n");
			return 64;
		}
		for (int i = 2; i < argc; i++) {
			int ret = scenario_run_file(argv[i], stdout, stderr);

			if (ret > status)
				status = ret;
		}
		return status;
	}
	fprintf(stderr, "memhp: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 64;
}
