// SPDX-License-Identifier: MIT
/*
 * The `memhp` command: its exit statuses, its subcommands and the helpers
 * they share (cli/cli.c).  Every exit status of memhp is named here.
 */
#ifndef MEMHP_CLI_CLI_H
#define MEMHP_CLI_CLI_H

#include <getopt.h>

/*
 * Exit statuses, for every subcommand (README.md "Exit status" lists them).
 * They rank by severity: `memhp run` with several files exits with the
 * highest status any file gave.
 */
enum cli_exit {
	CLI_EXIT_OK = 0,		/* every step ran; `up`: served until SIGINT/SIGTERM */
	CLI_EXIT_FAILURE = 1,		/* a step could not run; `up`: could not start */
	CLI_EXIT_UNREADABLE = 2,	/* a scenario file could not be read */
	CLI_EXIT_USAGE = 64,		/* bad command line (sysexits.h's EX_USAGE) */
};

/**
 * struct cli_cmd - a subcommand of memhp
 * @name: what follows `memhp` on the command line ("run")
 * @prog: its name in messages ("memhp run")
 * @fn: runs it with argv[0] == @prog and the subcommand's arguments after;
 *	returns an enum cli_exit
 */
struct cli_cmd {
	const char *name;
	const char *prog;
	int (*fn)(int argc, char **argv);
};

/** cli_run() - `memhp run [--] SCENARIO...` (cli/run.c) */
int cli_run(int argc, char **argv);
/** cli_diff() - `memhp diff [--kernel=A --kernel=B] [--] SCENARIO...` (cli/diff.c) */
int cli_diff(int argc, char **argv);
/** cli_up() - `memhp up [OPTIONS] [-- QEMU-ARGS... [--append PARAMS...]]` (cli/up.c) */
int cli_up(int argc, char **argv);
/** cli_exec() - `memhp exec --mount DIR [--] COMMAND [ARGS...]` (cli/exec.c); on success it does not return */
int cli_exec(int argc, char **argv);

/**
 * cli_getopt() - getopt_long() over @argv, whose argv[0] names the command
 * in messages ("memhp up").  Call it with optind == 0 first, so that
 * getopt starts afresh (and reads a leading '+' of @optstring again).
 * Return: as getopt_long(); a bad option, a value given to an option that
 * takes none or a missing value was reported on stderr, naming the option
 * and `@argv[0] --help`, and is returned as '?'.
 */
int cli_getopt(int argc, char **argv, const char *optstring, const struct option *longopts);

/**
 * cli_usage_error() - report a bad command line of @prog ("memhp up: " and
 * the printf-style message, then where help is) on stderr.
 * Return: CLI_EXIT_USAGE.
 */
int cli_usage_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
