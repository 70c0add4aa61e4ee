// SPDX-License-Identifier: MIT
/*
 * Fuzz target for the scenario runner (src/scenario/scenario.c) and, through
 * it, everything a scenario can reach: QEMU command-line parsing, the kernel
 * command line, boot, QMP, sysfs reads, writes and listings, snapshots.  The
 * whole input is one scenario text; its transcript and diagnostics go to
 * /dev/null.  The runner must not crash, leak or trip a sanitizer, and must
 * return 0 or 1 (2 is only for unreadable files).  Inputs above 4 KiB are
 * ignored to keep runs short.  The 16 machines booted last are kept: a
 * scenario that boots one of them again gets it by a restore of its
 * snapshot (snapshot.h).  The first 8 are compared with a boot the ordinary
 * way; a reset is compared with the machine as booted on the first 16
 * restores and one in 64 after.  Build the library with -DMEMHP_DEBUG=2
 * (run-fuzzers does) to have the model check its invariants after every
 * change.
 *
 * Built with -DFUZZ_TARGET this is a libFuzzer target; otherwise main()
 * replays the files named on the command line (e.g. scenario_files/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "memhp/machine.h"
#include "scenario/scenario.h"
#include "snapshot.h"

#define MAX_INPUT 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Machines booted before, by QEMU arguments, kernel command line and model
 * options: a scenario that boots one of them gets it back by a restore of
 * its snapshot.  The arena is on from `boot` to the end of the input, so
 * what the runner allocated before boot is on the ordinary heap.
 */
#define NR_CACHED 16

struct cached {
	char *key;			/* ordinary heap */
	struct machine *m;
	struct fuzz_snapshot *booted;
	char *reference;		/* its fingerprint as booted, ordinary heap; NULL: not taken yet */
	unsigned long uses;
};

static struct cached cache[NR_CACHED];
static unsigned int next_victim;
static unsigned long nr_boots, nr_restores;

static char *cache_key(const char *const *argv, int argc, const char *cmdline, const struct machine_opts *opts)
{
	size_t len = 32 + (cmdline ? strlen(cmdline) : 0);
	char *key, *p;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	key = p = fuzz_heap_malloc(len);
	for (int i = 0; i < argc; i++)
		p += sprintf(p, "%s\x1f", argv[i]);
	sprintf(p, "\x1e%s\x1e%d", cmdline ? cmdline : "", (int)opts->hypervisor);
	return key;
}

static int boot_cached(void *opaque, const char *const *argv, int argc, const char *cmdline,
		       const struct machine_opts *opts, struct machine **out, struct memhp_err *err)
{
	char *key = cache_key(argv, argc, cmdline, opts);
	struct cached *c = NULL;
	struct machine *fresh;
	int ret;

	(void)opaque;
	for (int i = 0; i < NR_CACHED; i++)
		if (cache[i].key && !strcmp(cache[i].key, key))
			c = &cache[i];
	if (c) {
		fuzz_heap_free(key);
		fuzz_arena_set(true);
		c->uses++;
		if (!fuzz_snapshot_due(nr_restores++)) {
			fuzz_snapshot_restore(c->booted);
		} else {
			if (!c->reference) {
				/* the machine as booted, which every later reset must give back */
				fuzz_snapshot_restore(c->booted);
				c->reference = fuzz_snapshot_fingerprint(c->m);
			}
			fuzz_snapshot_check(c->booted, c->m, c->reference, "scenario_fuzz");
		}
		*out = c->m;
		return 0;
	}
	c = &cache[next_victim++ % NR_CACHED];
	fuzz_heap_free(c->key);
	fuzz_heap_free(c->reference);
	fuzz_snapshot_free(c->booted);
	*c = (struct cached){ .key = key };
	/* the first machines are compared with a boot the ordinary way, too */
	if (nr_boots < 8) {
		ret = machine_new_opts(argv, argc, cmdline, opts, &fresh, err);
		if (ret) {
			fuzz_heap_free(c->key);
			c->key = NULL;
			return ret;
		}
		c->reference = fuzz_snapshot_fingerprint(fresh);
		machine_free(fresh);
	}
	fuzz_arena_set(true);
	fuzz_arena_clear();	/* nothing in it is in use: the runner's own things are on the heap */
	ret = machine_new_opts(argv, argc, cmdline, opts, &c->m, err);
	if (ret) {
		if (c->reference)
			fuzz_fail("scenario_fuzz", "a machine that booted does not boot again: %s", err->msg);
		fuzz_heap_free(c->key);
		c->key = NULL;
		return ret;
	}
	c->booted = fuzz_snapshot_take();
	if (c->reference) {
		fuzz_snapshot_check(c->booted, c->m, c->reference, "scenario_fuzz: a new machine");
		fuzz_snapshot_sensitive(c->booted, c->m, c->reference);
	}
	nr_boots++;
	*out = c->m;
	return 0;
}

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
	status = scenario_run_stream_boot(in, "fuzz", out, out, boot_cached, NULL);
	fuzz_log("scenario_fuzz: %lu boots, %lu restores", nr_boots, nr_restores);
	fuzz_arena_set(false);
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
