// SPDX-License-Identifier: MIT
/*
 * Fuzz target for the scenario runner (src/scenario/scenario.c) and, through
 * it, everything a scenario can reach: QEMU command-line parsing, the kernel
 * command line, boot, QMP, sysfs reads, writes and listings, snapshots.  The
 * whole input is one scenario text; its transcript and diagnostics go to
 * /dev/null.  The runner must not crash, leak or trip a sanitizer, and must
 * return 0 or 1 (2 is only for unreadable files).  Inputs above 4 KiB are
 * ignored to keep runs short.  Build the library with -DMEMHP_DEBUG=2
 * (run-fuzzers does) to have the model check its invariants after every
 * change.
 *
 * Built with -DFUZZ_TARGET this is a libFuzzer target; otherwise main()
 * replays the files named on the command line (e.g. scenario_files/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_util.h"
#include "scenario/scenario.h"

#define MAX_INPUT 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/**
 * LLVMFuzzerTestOneInput() - Run one scenario text.
 * @data: the scenario.
 * @size: its length.
 *
 * Return: always 0; a broken property aborts the process.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *out;
	FILE *in;
	int status;

	if (!size || size > MAX_INPUT)
		return 0;
	if (!out) {
		out = fopen("/dev/null", "w");
		if (!out)
			fuzz_fail("scenario_fuzz", "cannot open /dev/null");
	}
	in = fmemopen((void *)data, size, "r");
	if (!in)
		fuzz_fail("scenario_fuzz", "fmemopen failed");
	/* diagnostics go to /dev/null too, so their formatting is exercised */
	status = scenario_run_stream(in, "fuzz", out, out);
	fclose(in);
	if (status != 0 && status != 1)
		fuzz_fail("scenario_fuzz", "scenario_run_stream returned %d", status);
	return 0;
}

#ifndef FUZZ_TARGET
/**
 * main() - Replay corpus files through the fuzz target.
 * @argc: argument count.
 * @argv: paths of input files.
 *
 * Return: 0 if every file was read and checked, 1 if a file could not be read.
 */
int main(int argc, char **argv)
{
	return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput);
}
#endif
