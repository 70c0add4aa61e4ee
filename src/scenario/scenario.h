// SPDX-License-Identifier: MIT
/*
 * Scenarios (../shared/oracle/FORMAT.md): one step per line, run against a
 * machine, printing the transcript Linux's reference runner prints.
 */
#ifndef MEMHP_SCENARIO_H
#define MEMHP_SCENARIO_H

#include <stdio.h>

/**
 * scenario_run_file() - run the scenario at @path and print its transcript to @out
 * @diag: where to print diagnostics (human messages behind errors), may be NULL
 * Return: 0 when every step ran (errors the kernel or QEMU report are
 * normal output), 1 when a step could not run (bad syntax, no boot), 2 when
 * the file cannot be read.
 */
int scenario_run_file(const char *path, FILE *out, FILE *diag);
struct kernel_profile;
/**
 * scenario_run_file_profile() - scenario_run_file() with the guest running
 * the kernel @profile describes (memhp/profile.h; NULL: the default, 6.1)
 */
int scenario_run_file_profile(const char *path, const struct kernel_profile *profile, FILE *out, FILE *diag);
/** scenario_run_stream() - the same for an open stream; @path names it in diagnostics. */
int scenario_run_stream(FILE *in, const char *path, FILE *out, FILE *diag);

struct machine;
struct machine_opts;
struct memhp_err;
/* what `boot` calls to have its machine: machine_new_opts() or the like (the runner frees it) */
typedef int (*scenario_boot_fn)(void *opaque, const char *const *argv, int argc, const char *cmdline,
				const struct machine_opts *opts, struct machine **out, struct memhp_err *err);
/**
 * scenario_run_stream_boot() - scenario_run_stream() with machines from
 * @boot (the fuzz target hands out machines it booted before)
 */
int scenario_run_stream_boot(FILE *in, const char *path, FILE *out, FILE *diag, scenario_boot_fn boot,
			     void *opaque);

/** split_words() - shell-like split (quotes, backslashes) into a malloc'd argv; Return: count or -EINVAL. */
int split_words(const char *s, char ***argv);
void free_words(char **argv, int argc);

#endif
