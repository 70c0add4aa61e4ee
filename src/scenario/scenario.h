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
/** scenario_run_stream() - the same for an open stream; @path names it in diagnostics. */
int scenario_run_stream(FILE *in, const char *path, FILE *out, FILE *diag);

/** split_words() - shell-like split (quotes, backslashes) into a malloc'd argv; Return: count or -EINVAL. */
int split_words(const char *s, char ***argv);
void free_words(char **argv, int argc);

#endif
