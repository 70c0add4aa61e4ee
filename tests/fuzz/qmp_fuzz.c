// SPDX-License-Identifier: MIT
/*
 * Fuzz target for the QMP dispatcher and the host/guest reactions behind it
 * (src/qmp, src/hw, src/drivers/acpi_memhotplug.c, src/mm).  Every input
 * boots a two-node guest (-m 2G,slots=4,maxmem=10G, 1 GiB and one CPU per
 * node) with an unnegotiated QMP session.  The input is split at newlines;
 * each line that json_parse() accepts is sent through qmp_handle_request(),
 * and then the guest runs (machine_run_guest()) and handles the hot-plug
 * notifications, except after a line that starts with '+' (the '+' is not
 * part of the request): so "+device_del" twice in a row reaches QEMU before
 * the guest has ejected anything.  After each line:
 *
 *  - the reply is an object with exactly one of "return" and "error", plus
 *    "id" exactly when the request carried one (fuzz_check_reply());
 *  - the queued events are drained and checked;
 *  - the guest model's invariants hold (fuzz_check_model(), which runs
 *    mm_check_invariants());
 *  - if the guest ran, host and guest agree on the DIMMs
 *    (fuzz_check_dimms()): every memory block the guest hot-added (one with
 *    a firmware_node) lies inside a DIMM that query-memory-devices lists,
 *    with that DIMM's slot, and every listed DIMM whose address and size
 *    are block aligned is fully present as blocks in the guest.
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
	fuzz_check_model(machine_kernel(m));
	if (hold)
		return;
	machine_run_guest(m);
	fuzz_drain_events(m);
	fuzz_check_model(machine_kernel(m));
	fuzz_check_dimms(m);
}

/**
 * LLVMFuzzerTestOneInput() - Run one sequence of QMP requests on a fresh machine.
 * @data: input bytes, one request per line.
 * @size: number of bytes.
 *
 * Return: always 0; a broken property aborts the process.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const argv[] = {
		"-m", "2G,slots=4,maxmem=10G", "-smp", "2",
		"-object", "memory-backend-ram,id=n0,size=1G",
		"-object", "memory-backend-ram,id=n1,size=1G",
		"-numa", "node,nodeid=0,cpus=0,memdev=n0",
		"-numa", "node,nodeid=1,cpus=1,memdev=n1",
	};
	struct qmp_session s = { 0 };
	struct memhp_err err = { 0 };
	const char *text = (const char *)data;
	struct machine *m;
	size_t pos = 0;

	if (machine_new(argv, sizeof(argv) / sizeof(argv[0]), NULL, &m, &err))
		fuzz_fail("qmp_fuzz", "boot failed: %s", err.msg);
	fuzz_drain_events(m);
	fuzz_check_dimms(m);
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
	fuzz_check_tree(machine_kernel(m));
	machine_free(m);
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
