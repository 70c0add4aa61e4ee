// SPDX-License-Identifier: MIT
/*
 * Fuzz target for the QMP dispatcher and the host/guest reactions behind it
 * (src/qmp, src/hw, src/drivers/acpi_memhotplug.c, src/mm).  Every input
 * starts from a booted two-node guest (-m 2G,slots=4,maxmem=10G, 1 GiB and
 * one CPU per node), reset by restoring its snapshot (snapshot.h; the
 * reset is checked against a fresh boot on the first inputs and one in 64
 * after), with an unnegotiated QMP session.  The input is split at newlines;
 * each line that json_parse() accepts is sent through qmp_handle_request(),
 * and then the guest runs (machine_run_guest()) and handles the hot-plug
 * notifications, except after a line that starts with '+' (the '+' is not
 * part of the request): so "+device_del" twice in a row reaches QEMU before
 * the guest has ejected anything.  After each line:
 *
 *  - the reply is an object with exactly one of "return" and "error", plus
 *    "id" exactly when the request carried one (fuzz_check_reply());
 *  - the queued events are drained and checked;
 *  - what the guest shows is consistent (fuzz_check_views(); the model
 *    checks its own invariants after every change, MEMHP_DEBUG=2);
 *  - if the guest ran, host and guest agree on the DIMMs
 *    (fuzz_check_dimms()): every memory block the guest hot-added (one with
 *    a firmware_node) lies inside a DIMM that query-memory-devices lists,
 *    with that DIMM's slot, and every listed DIMM whose address and size
 *    are block aligned is fully present as blocks in the guest.
 *
 * At the end of the input the whole model is checked (fuzz_check_model())
 * and, on the first 16 inputs and one in 8 after (every input in replay),
 * the whole tree is walked (fuzz_check_tree()).
 *
 * Built with -DFUZZ_TARGET this is a libFuzzer target; otherwise main()
 * replays the files named on the command line (e.g. qmp_files/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "lib/json.h"
#include "memhp/machine.h"
#include "memhp/mm.h"
#include "mm/internal.h"
#include "snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one_line(struct machine *m, struct qmp_session *s, const char *line, size_t len)
{
	bool hold = len && line[0] == '+';
	struct json *req, *reply;
	char msg[128];

	if (hold) {
		line++;
		len--;
	}
	if (json_parse(line, len, &req, msg, sizeof(msg)))
		return;
	reply = qmp_handle_request(machine_host(m), s, req);
	fuzz_check_reply(req, reply);
	fuzz_log_qmp(line, len, reply);
	json_free(reply);
	json_free(req);
	fuzz_drain_events(m);
	fuzz_check_views(machine_kernel(m));
	if (hold)
		return;
	machine_run_guest(m);
	fuzz_drain_events(m);
	fuzz_check_views(machine_kernel(m));
	fuzz_check_dimms(m);
}

static const char *const qemu_argv[] = {
	"-m", "2G,slots=4,maxmem=10G", "-smp", "2",
	"-object", "memory-backend-ram,id=n0,size=1G",
	"-object", "memory-backend-ram,id=n1,size=1G",
	"-numa", "node,nodeid=0,cpus=0,memdev=n0",
	"-numa", "node,nodeid=1,cpus=1,memdev=n1",
};

static struct machine *boot(const void *arg)
{
	struct memhp_err err = { 0 };
	struct machine *m;

	if (machine_new(qemu_argv, sizeof(qemu_argv) / sizeof(qemu_argv[0]), NULL, &m, &err))
		fuzz_fail("qmp_fuzz", "boot failed: %s", err.msg);
	fuzz_drain_events(m);
	fuzz_check_dimms(m);
	return m;
}

/* the machine every input starts from, its snapshot, and a fresh boot's fingerprint */
static struct machine *machine;
static struct fuzz_snapshot *booted;
static char *reference;
static unsigned long nr_inputs;

/**
 * LLVMFuzzerTestOneInput() - Run one sequence of QMP requests on the booted machine.
 * @data: input bytes, one request per line.
 * @size: number of bytes.
 *
 * Return: always 0; a broken property aborts the process.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qmp_session s = { 0 };
	const char *text = (const char *)data;
	struct machine *m;
	size_t pos = 0;

	bool deep;

	if (!booted)
		machine = fuzz_snapshot_boot(boot, NULL, &booted, &reference, "qmp_fuzz: the first snapshot");
	deep = fuzz_deep_due(nr_inputs);
	fuzz_snapshot_reset(booted, machine, reference, nr_inputs++, "qmp_fuzz");
	m = machine;
	while (pos < size) {
		const char *nl = memchr(text + pos, '\n', size - pos);
		size_t len = nl ? (size_t)(nl - (text + pos)) : size - pos;

		one_line(m, &s, text + pos, len);
		pos += len + 1;
	}
	machine_run_guest(m);
	fuzz_drain_events(m);
	fuzz_check_model(machine_kernel(m));
	fuzz_check_dimms(m);
	if (deep)
		fuzz_check_tree(machine_kernel(m));
	fuzz_arena_set(false);
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
