// SPDX-License-Identifier: MIT
/*
 * Unit tests for src/hw/virtio_mem*.c: virtio-mem-pci through QMP, HMP and
 * -device.  Covered: every error message of spec §7 and transcripts 06,
 * 07, 14 and 15 in QEMU's check order; placement at max(block-size, backend
 * alignment); the quirks (requested-size > max-size at device_add,
 * block-size below the default with its warning); the QOM view; the
 * device_del refusal; query-memory-devices, the size summary, "info
 * memory-devices" and "info numa" with plugged sizes.  Also the guest's
 * port: the config space and the usable region, the PLUG, UNPLUG,
 * UNPLUG_ALL and STATE answers (ACK, NACK, ERROR and BUSY) over the plugged
 * bitmap, system reset, the handler's notifications and the
 * MEMORY_DEVICE_SIZE_CHANGE rate limit.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* asprintf */
#endif
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hw/memory_device.h"
#include "hw/pc.h"
#include "hw/virtio_mem.h"
#include "lib/json.h"
#include "memhp/hw.h"
#include "memhp/virtio_mem.h"

#define MAX_ARGS 32
#define MAX_EVENTS 64
#define MAX_NOTES 32

struct note {
	int index;		/* the port's index, -1 if not found */
	bool appeared;
};

struct t {
	struct pc_machine *m;
	struct qmp_session s;
	char *events[MAX_EVENTS];
	int nr_events;
	struct note notes[MAX_NOTES];
	int nr_notes;
	bool guest;		/* the handler acts as a simple driver */
	uint64_t chunk;		/* the driver's plug/unplug unit, bytes */
};

static void on_event(void *opaque, const char *name, struct json *data)
{
	struct t *t = opaque;
	char *d = json_to_string(data, JSON_EMIT_QMP), *line = NULL;

	assert_true(asprintf(&line, "%s %s", name, d) > 0);
	free(d);
	json_free(data);
	assert_true(t->nr_events < MAX_EVENTS);
	t->events[t->nr_events++] = line;
}

static int port_index(struct pc_machine *m, const struct virtio_mem_port *port)
{
	struct virtio_mem_port *p;

	for (int i = 0; (p = pc_machine_virtio_mem_port(m, i)); i++)
		if (p == port)
			return i;
	return -1;
}

/*
 * A minimal driver: plug or unplug @chunk at a time at the top of what is
 * plugged (plugged memory kept contiguous from the region's start) until
 * the plugged size is the requested size.  Requests name device blocks.
 */
static void drive(struct virtio_mem_port *port, uint64_t chunk)
{
	struct virtio_mem_config c;

	for (;;) {
		uint64_t n, top;
		int r;

		port->get_config(port->opaque, &c);
		top = c.plugged_size;
		if (c.plugged_size < c.requested_size) {
			n = c.requested_size - c.plugged_size < chunk ? c.requested_size - c.plugged_size : chunk;
			if (top + n > c.usable_region_size)
				return;
			r = port->request(port->opaque, VIRTIO_MEM_REQ_PLUG, top / c.block_size,
					  n / c.block_size, NULL);
		} else if (c.plugged_size > c.requested_size) {
			n = c.plugged_size - c.requested_size < chunk ? c.plugged_size - c.requested_size : chunk;
			r = port->request(port->opaque, VIRTIO_MEM_REQ_UNPLUG, (top - n) / c.block_size,
					  n / c.block_size, NULL);
		} else {
			return;
		}
		if (r != VIRTIO_MEM_RESP_ACK)
			return;
	}
}

static void on_notify(void *opaque, struct virtio_mem_port *port, bool appeared)
{
	struct t *t = opaque;

	assert_true(t->nr_notes < MAX_NOTES);
	t->notes[t->nr_notes].index = port_index(t->m, port);
	t->notes[t->nr_notes++].appeared = appeared;
	if (t->guest)
		drive(port, t->chunk);
}

static void t_start(struct t *t, const char *cmdline)
{
	char buf[1024], *save = NULL, *tok;
	const char *argv[MAX_ARGS];
	int argc = 0;
	struct memhp_err err = { 0 };

	memset(t, 0, sizeof(*t));
	snprintf(buf, sizeof(buf), "%s", cmdline);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	if (pc_machine_new(argv, argc, &t->m, &err))
		print_error("%s: %s\n", cmdline, err.msg);
	assert_non_null(t->m);
	pc_machine_set_event_sink(t->m, on_event, t);
	pc_machine_set_virtio_mem_handler(t->m, on_notify, t);
	t->s.negotiated = true;
	t->chunk = 128 << 20;
}

static void clear_events(struct t *t)
{
	for (int i = 0; i < t->nr_events; i++)
		free(t->events[i]);
	t->nr_events = 0;
}

static void t_stop(struct t *t)
{
	clear_events(t);
	pc_machine_free(t->m);
}

/* Send @req; the reply must be exactly @rsp (QEMU's spacing and key order). */
static void q(struct t *t, const char *req, const char *rsp)
{
	struct json *j = NULL, *r;
	char eb[128], *got;

	if (json_parse(req, strlen(req), &j, eb, sizeof(eb)))
		print_error("bad test JSON %s: %s\n", req, eb);
	assert_non_null(j);
	r = qmp_handle_request(t->m, &t->s, j);
	assert_non_null(r);
	got = json_to_string(r, JSON_EMIT_QMP);
	if (strcmp(got, rsp))
		print_error("-> %s\n   expected %s\n   got      %s\n", req, rsp, got);
	assert_string_equal(got, rsp);
	free(got);
	json_free(r);
	json_free(j);
}

static void machine_fails(const char *cmdline, const char *msg)
{
	char buf[1024], *save = NULL, *tok;
	const char *argv[MAX_ARGS];
	int argc = 0;
	struct memhp_err err = { 0 };
	struct pc_machine *m = NULL;

	snprintf(buf, sizeof(buf), "%s", cmdline);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	assert_int_equal(pc_machine_new(argv, argc, &m, &err), -EINVAL);
	assert_null(m);
	assert_string_equal(err.msg, msg);
}

static struct virtio_mem_port *port(struct t *t, int i)
{
	struct virtio_mem_port *p = pc_machine_virtio_mem_port(t->m, i);

	assert_non_null(p);
	return p;
}

static struct virtio_mem_config config(struct t *t, int i)
{
	struct virtio_mem_config c;
	struct virtio_mem_port *p = port(t, i);

	p->get_config(p->opaque, &c);
	return c;
}

/* One request to device @i for blocks [first, first + nb). */
static int req(struct t *t, int i, enum virtio_mem_req_type type, uint64_t first, uint64_t nb)
{
	struct virtio_mem_port *p = port(t, i);

	return p->request(p->opaque, type, first, nb, NULL);
}

static enum virtio_mem_block_state state_of(struct t *t, int i, uint64_t first, uint64_t nb)
{
	struct virtio_mem_port *p = port(t, i);
	enum virtio_mem_block_state st = VIRTIO_MEM_STATE_COUNT;

	assert_int_equal(p->request(p->opaque, VIRTIO_MEM_REQ_STATE, first, nb, &st), VIRTIO_MEM_RESP_ACK);
	return st;
}

static struct virtio_mem_state *vmem_of(struct t *t, const char *id)
{
	struct memory_device *md = memory_device_find_id(t->m, id);

	assert_non_null(md);
	assert_ptr_equal(md->cls, &virtio_mem_pci_class);
	return md->priv;
}

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

#define OK "{\"return\": {}}"
#define GE(msg) "{\"error\": {\"class\": \"GenericError\", \"desc\": \"" msg "\"}}"
#define DNF(msg) "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"" msg "\"}}"
#define OBJ(id, size) "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"memory-backend-ram\", \"id\": \"" id "\", \"size\": " size "}}"
#define OBJT(type, id, size) "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"" type "\", \"id\": \"" id "\", \"size\": " size "}}"
#define VM(args) "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"virtio-mem-pci\", " args "}}"
#define DIMM(args) "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"pc-dimm\", " args "}}"
#define QMD "{\"execute\": \"query-memory-devices\"}"
#define QSUM "{\"execute\": \"query-memory-size-summary\"}"
#define HMP(cmd) "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"" cmd "\"}}"
#define GET(path, prop) "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"" path "\", \"property\": \"" prop "\"}}"
#define SET(path, prop, v) "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"" path "\", \"property\": \"" prop "\", \"value\": " v "}}"
#define RET(v) "{\"return\": " v "}"
#define SIZE_EV(size, id) "MEMORY_DEVICE_SIZE_CHANGE {\"size\": " size ", \"qom-path\": \"/machine/peripheral/" id "\", \"id\": \"" id "\"}"

/* ---- transcript 07 ------------------------------------------------------------------------ */

static void test_transcript_07(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,slots=4,maxmem=16G");
	q(&t, OBJ("vmem0", "4294967296"), OK);
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"vmem0\", \"requested-size\": 3145728"),
	  GE("'requested-size' property has to be multiples of 'block-size' (0x200000)"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"vmem0\", \"block-size\": 524288"),
	  GE("'block-size' property has to be at least 0x100000"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"vmem0\", \"block-size\": 3145728"),
	  GE("'block-size' property has to be a power of two"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"vmem0\", \"memaddr\": 4296015872"),
	  GE("address must be aligned to 0x200000 bytes"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"vmem0\", \"node\": 1"),
	  GE("'node' property has value '1', which exceedsthe number of numa nodes: 1"));
	/* quirk: requested-size > max-size is accepted at device_add */
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"vmem0\", \"requested-size\": 8589934592"), OK);
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"vmem0\", \"requested-size\": 1073741824"),
	  GE("Duplicate device ID 'vm0'"));
	q(&t, QMD, "{\"return\": [{\"type\": \"virtio-mem\", \"data\": {\"memdev\": \"/objects/vmem0\", \"memaddr\": 4294967296, \"block-size\": 2097152, \"size\": 0, \"node\": 0, \"max-size\": 4294967296, \"requested-size\": 8589934592, \"id\": \"vm0\"}}]}");
	q(&t, QSUM, "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 0}}");
	q(&t, HMP("info memory-devices"),
	  "{\"return\": \"Memory device [virtio-mem]: \\\"vm0\\\"\\r\\n  memaddr: 0x100000000\\r\\n  node: 0\\r\\n  requested-size: 8589934592\\r\\n  size: 0\\r\\n  max-size: 4294967296\\r\\n  block-size: 2097152\\r\\n  memdev: /objects/vmem0\\r\\n\"}");
	q(&t, GET("/machine/peripheral/vm0", "requested-size"), RET("8589934592"));
	q(&t, GET("/machine/peripheral/vm0", "size"), RET("0"));
	q(&t, GET("/machine/peripheral/vm0", "block-size"), RET("2097152"));
	q(&t, GET("/machine/peripheral/vm0", "memaddr"), RET("4294967296"));
	q(&t, GET("/machine/peripheral/vm0", "node"), RET("0"));
	q(&t, SET("/machine/peripheral/vm0", "requested-size", "3145728"),
	  GE("'requested-size' has to be multiples of 'block-size' (0x200000)"));
	q(&t, SET("/machine/peripheral/vm0", "requested-size", "8589934592"),
	  GE("'requested-size' cannot exceed the memory backend size(0x100000000)"));
	q(&t, SET("/machine/peripheral/vm0", "requested-size", "2147483648"), OK);
	q(&t, SET("/machine/peripheral/vm0", "requested-size", "\"1G\""),
	  GE("Parameter 'requested-size' expects uint64"));
	q(&t, GET("/machine/peripheral/vm0", "requested-size"), RET("2147483648"));
	q(&t, SET("/machine/peripheral/vm0", "block-size", "4194304"), GE("'block-size' cannot be changed"));
	q(&t, SET("/machine/peripheral/vm0", "size", "4194304"),
	  GE("Property 'virtio-mem.size' is not writable"));
	q(&t, QMD, "{\"return\": [{\"type\": \"virtio-mem\", \"data\": {\"memdev\": \"/objects/vmem0\", \"memaddr\": 4294967296, \"block-size\": 2097152, \"size\": 0, \"node\": 0, \"max-size\": 4294967296, \"requested-size\": 2147483648, \"id\": \"vm0\"}}]}");
	q(&t, "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"vm0\"}}",
	  GE("virtio based memory devices cannot be unplugged."));
	q(&t, OBJ("vmem1", "1073741824"), OK);
	/* a 1 GiB block size places on 1 GiB boundaries: after vm0's 4 GiB */
	q(&t, VM("\"id\": \"vm1\", \"memdev\": \"vmem1\", \"block-size\": 1073741824"), OK);
	q(&t, OBJ("m2", "2097152"), OK);
	q(&t, DIMM("\"id\": \"d2\", \"memdev\": \"m2\""), OK);
	q(&t, QMD, "{\"return\": [{\"type\": \"virtio-mem\", \"data\": {\"memdev\": \"/objects/vmem0\", \"memaddr\": 4294967296, \"block-size\": 2097152, \"size\": 0, \"node\": 0, \"max-size\": 4294967296, \"requested-size\": 2147483648, \"id\": \"vm0\"}}, {\"type\": \"virtio-mem\", \"data\": {\"memdev\": \"/objects/vmem1\", \"memaddr\": 8589934592, \"block-size\": 1073741824, \"size\": 0, \"node\": 0, \"max-size\": 1073741824, \"requested-size\": 0, \"id\": \"vm1\"}}, {\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m2\", \"hotplugged\": true, \"addr\": 9663676416, \"hotpluggable\": true, \"size\": 2097152, \"slot\": 0, \"node\": 0, \"id\": \"d2\"}}]}");
	q(&t, "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"/machine/peripheral/vm1\"}}",
	  "{\"return\": [{\"name\": \"type\", \"type\": \"string\"}, {\"name\": \"parent_bus\", \"type\": \"link<bus>\"}, {\"name\": \"realized\", \"type\": \"bool\"}, {\"name\": \"hotplugged\", \"type\": \"bool\"}, {\"name\": \"hotpluggable\", \"type\": \"bool\"}, {\"name\": \"failover_pair_id\", \"type\": \"str\"}, {\"name\": \"romfile\", \"type\": \"str\"}, {\"name\": \"addr\", \"type\": \"int32\"}, {\"name\": \"romsize\", \"type\": \"uint32\"}, {\"name\": \"x-pcie-lnksta-dllla\", \"type\": \"bool\"}, {\"name\": \"rombar\", \"type\": \"uint32\"}, {\"name\": \"x-pcie-extcap-init\", \"type\": \"bool\"}, {\"name\": \"acpi-index\", \"type\": \"uint32\"}, {\"name\": \"multifunction\", \"type\": \"bool\"}, {\"name\": \"legacy-addr\", \"type\": \"str\"}, {\"name\": \"migrate-extra\", \"type\": \"bool\"}, {\"name\": \"ats\", \"type\": \"bool\"}, {\"name\": \"x-ignore-backend-features\", \"type\": \"bool\"}, {\"name\": \"x-pcie-pm-init\", \"type\": \"bool\"}, {\"name\": \"aer\", \"type\": \"bool\"}, {\"name\": \"x-pcie-flr-init\", \"type\": \"bool\"}, {\"name\": \"x-pcie-lnkctl-init\", \"type\": \"bool\"}, {\"name\": \"x-ats-page-aligned\", \"type\": \"bool\"}, {\"name\": \"page-per-vq\", \"type\": \"bool\"}, {\"name\": \"x-pcie-deverr-init\", \"type\": \"bool\"}, {\"name\": \"virtio-pci-bus-master-bug-migration\", \"type\": \"bool\"}, {\"name\": \"modern-pio-notify\", \"type\": \"bool\"}, {\"name\": \"x-disable-pcie\", \"type\": \"bool\"}, {\"name\": \"disable-legacy\", \"type\": \"OnOffAuto\"}, {\"name\": \"disable-modern\", \"type\": \"bool\"}, {\"name\": \"memaddr\", \"type\": \"uint64\"}, {\"name\": \"indirect_desc\", \"type\": \"bool\"}, {\"name\": \"virtio-pci-isr-virtio-mem[0]\", \"type\": \"child<memory-region>\"}, {\"name\": \"virtio-pci-device-virtio-mem[0]\", \"type\": \"child<memory-region>\"}, {\"name\": \"iommu_platform\", \"type\": \"bool\"}, {\"name\": \"memdev\", \"type\": \"link<memory-backend>\"}, {\"name\": \"use-disabled-flag\", \"type\": \"bool\"}, {\"name\": \"event_idx\", \"type\": \"bool\"}, {\"name\": \"node\", \"type\": \"uint32\"}, {\"name\": \"virtio-pci-notify-pio-virtio-mem[0]\", \"type\": \"child<memory-region>\"}, {\"name\": \"requested-size\", \"type\": \"size\"}, {\"name\": \"bus master container[0]\", \"type\": \"child<memory-region>\"}, {\"name\": \"x-disable-legacy-check\", \"type\": \"bool\"}, {\"name\": \"any_layout\", \"type\": \"bool\"}, {\"name\": \"queue_reset\", \"type\": \"bool\"}, {\"name\": \"notify_on_empty\", \"type\": \"bool\"}, {\"name\": \"packed\", \"type\": \"bool\"}, {\"name\": \"block-size\", \"type\": \"size\"}, {\"name\": \"prealloc\", \"type\": \"bool\"}, {\"name\": \"use-started\", \"type\": \"bool\"}, {\"name\": \"virtio-pci-notify-virtio-mem[0]\", \"type\": \"child<memory-region>\"}, {\"name\": \"virtio-pci-common-virtio-mem[0]\", \"type\": \"child<memory-region>\"}, {\"name\": \"unplugged-inaccessible\", \"type\": \"OnOffAuto\"}, {\"name\": \"virtio-pci[0]\", \"type\": \"child<memory-region>\"}, {\"name\": \"virtio-bus\", \"type\": \"child<virtio-pci-bus>\"}, {\"name\": \"bus master[0]\", \"type\": \"child<memory-region>\"}, {\"name\": \"size\", \"type\": \"size\"}, {\"name\": \"virtio-backend\", \"type\": \"child<virtio-mem>\"}]}");
	/* every warning-free step; no size changed, so no event */
	assert_string_equal(pc_machine_warnings(t.m), "");
	assert_int_equal(t.nr_events, 0);
	t_stop(&t);
}

/* ---- transcripts 06, 14 and 15: without slots or maxmem ------------------------------------- */

static void test_no_maxmem_and_no_slots(void **state)
{
	struct t t;

	(void)state;
	/* 06: no device memory */
	t_start(&t, "-m 1G");
	q(&t, OBJ("m1", "1073741824"), OK);
	q(&t, VM("\"id\": \"vm1\", \"memdev\": \"m1\""),
	  GE("memory devices (e.g. for memory hotplug) are not enabled, please specify the maxmem option"));
	q(&t, QMD, "{\"return\": []}");
	assert_null(pc_machine_virtio_mem_port(t.m, 0));
	t_stop(&t);

	/* 14/15: maxmem without slots; block-size 1 MiB is accepted with a warning */
	t_start(&t, "-m 1G,maxmem=4G");
	q(&t, OBJ("m1", "1073741824"), OK);
	q(&t, DIMM("\"id\": \"d1\", \"memdev\": \"m1\", \"slot\": 0"),
	  GE("invalid slot number 0, valid range is [0-18446744073709551615]"));
	q(&t, VM("\"id\": \"v1\", \"memdev\": \"m1\", \"block-size\": 1048576"), OK);
	assert_string_equal(pc_machine_warnings(t.m),
			    "warning: 'block-size' property is smaller than the default block size (2 MiB)\n");
	q(&t, QMD, "{\"return\": [{\"type\": \"virtio-mem\", \"data\": {\"memdev\": \"/objects/m1\", \"memaddr\": 4294967296, \"block-size\": 1048576, \"size\": 0, \"node\": 0, \"max-size\": 1073741824, \"requested-size\": 0, \"id\": \"v1\"}}]}");
	q(&t, "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"nvdimm\", \"id\": \"n1\", \"memdev\": \"m1\"}}",
	  GE("nvdimm is not enabled: missing 'nvdimm' in '-M'"));
	q(&t, "{\"execute\": \"object-del\", \"arguments\": {\"id\": \"m1\"}}",
	  GE("object 'm1' is in use, can not be deleted"));
	t_stop(&t);
}

/* ---- placement (§5.2) ------------------------------------------------------------------------- */

static void test_placement_errors(void **state)
{
	struct t t;

	(void)state;
	/* capacity counts max-size, and a busy memdev still reports the space first */
	t_start(&t, "-m 1G,slots=2,maxmem=2G");
	q(&t, OBJ("m1", "1073741824"), OK);
	q(&t, DIMM("\"id\": \"d1\", \"memdev\": \"m1\""), OK);
	q(&t, OBJ("m2", "2097152"), OK);
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m2\""),
	  GE("not enough space, currently 0x40000000 in use of total space for memory devices 0x40000000"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\""),
	  GE("not enough space, currently 0x40000000 in use of total space for memory devices 0x40000000"));
	t_stop(&t);

	/* fragmentation (§12.2): region 1 GiB + 2 MiB */
	t_start(&t, "-m 1G,maxmem=2050M");
	q(&t, OBJ("s", "2097152"), OK);
	q(&t, VM("\"id\": \"vs\", \"memdev\": \"s\", \"memaddr\": 4297064448"), OK);
	q(&t, OBJ("b", "1073741824"), OK);
	q(&t, VM("\"id\": \"vb\", \"memdev\": \"b\", \"block-size\": 1073741824"),
	  GE("could not find position in guest address space for memory device - memory fragmented due to alignments"));
	q(&t, VM("\"id\": \"vb\", \"memdev\": \"b\", \"memaddr\": 4294967296"),
	  GE("address range conflicts with memory device id='vs'"));
	t_stop(&t);

	/* hints and sizes: region [0x100000000, +0x2c0000000) */
	t_start(&t, "-m 1G,slots=4,maxmem=8G");
	q(&t, OBJ("m1", "1073741824"), OK);
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"memaddr\": 1073741824"),
	  GE("can't add memory device [0x40000000:0x40000000], usable range for memory devices [0x100000000:0x2c0000000]"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"memaddr\": 21474836480"),
	  GE("can't add memory device [0x500000000:0x40000000], usable range for memory devices [0x100000000:0x2c0000000]"));
	/* the alignment is the block size when it exceeds the backend's */
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"block-size\": 1073741824, \"memaddr\": 4831838208"),
	  GE("address must be aligned to 0x40000000 bytes"));
	q(&t, OBJT("memory-backend-memfd", "f3", "3145728"), OK);
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"f3\""), GE("backend memory size must be multiple of 0x200000"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"f3\", \"block-size\": 1048576"), OK);
	q(&t, GET("vm0", "memaddr"), RET("4294967296"));
	/* a memfd backend is 4 KiB aligned: a 1 MiB block size places at 1 MiB */
	q(&t, OBJT("memory-backend-memfd", "f1", "1048576"), OK);
	q(&t, VM("\"id\": \"vm1\", \"memdev\": \"f1\", \"block-size\": 1048576"), OK);
	q(&t, GET("vm1", "memaddr"), RET("4298113024"));
	/* a ram backend keeps 2 MiB even with a 1 MiB block size */
	q(&t, OBJ("r1", "2097152"), OK);
	q(&t, VM("\"id\": \"vm2\", \"memdev\": \"r1\", \"block-size\": 1048576"), OK);
	q(&t, GET("vm2", "memaddr"), RET("4299161600"));
	/* an explicit, aligned hint */
	q(&t, VM("\"id\": \"vm3\", \"memdev\": \"m1\", \"memaddr\": \"0x200000000\""), OK);
	q(&t, GET("vm3", "memaddr"), RET("8589934592"));
	t_stop(&t);
}

/* ---- properties at device_add, in QEMU's order ------------------------------------------------ */

static void test_device_add_errors(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,slots=4,maxmem=16G -object memory-backend-ram,id=r0,size=1G "
		    "-numa node,nodeid=0,memdev=r0");
	q(&t, OBJ("m1", "1073741824"), OK);
	q(&t, VM("\"id\": \"vm0\""), GE("'memdev' property must be set"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"\""), GE("'memdev' property must be set"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"nosuch\""), DNF("Device 'nosuch' not found"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"r0\""), GE("'memdev' property specifies a busy memdev: r0"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"requested-size\": \"abc\""),
	  GE("Parameter 'requested-size' expects size"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"block-size\": \"x\""), GE("Parameter 'block-size' expects size"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"memaddr\": \"x\""), GE("Parameter 'memaddr' expects integer"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"node\": \"x\""), GE("Parameter 'node' expects integer"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"node\": 4294967296"), GE("Parameter 'node' expects uint32_t"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"prealloc\": \"maybe\""),
	  GE("Parameter 'prealloc' expects 'on' or 'off'"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"unplugged-inaccessible\": \"x\""),
	  GE("Parameter 'unplugged-inaccessible' does not accept value 'x'"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"size\": 2097152"), GE("Property 'virtio-mem.size' is not writable"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"type\": \"x\""), GE("Property 'virtio-mem-pci.type' is not writable"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"max-size\": 2097152"),
	  GE("Property 'virtio-mem-pci.max-size' not found"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"bogus\": 1"), GE("Property 'virtio-mem-pci.bogus' not found"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"addr\": \"0x5\""),
	  GE("property 'addr' of virtio-mem-pci is not supported by memhp"));
	q(&t, VM("\"id\": \"9x\", \"memdev\": \"m1\""), GE("Parameter 'id' expects an identifier"));
	q(&t, "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"virtio-mem-pcix\", \"id\": \"vm0\"}}",
	  GE("'virtio-mem-pcix' is not a valid device model name"));
	/* the block-size checks happen as the property is set, before placement */
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"block-size\": 524288, \"memaddr\": 4296015872"),
	  GE("'block-size' property has to be at least 0x100000"));
	/* requested-size is checked at realize, after placement */
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"requested-size\": 3145728, \"memaddr\": 4296015872"),
	  GE("address must be aligned to 0x200000 bytes"));
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"requested-size\": 3145728, \"node\": 1"),
	  GE("'node' property has value '1', which exceedsthe number of numa nodes: 1"));
	/* strings and suffixes, as QemuOpts takes them */
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"m1\", \"requested-size\": \"256M\", \"block-size\": \"4M\", "
		 "\"prealloc\": true, \"node\": \"0\""), OK);
	q(&t, GET("vm0", "requested-size"), RET("268435456"));
	q(&t, GET("vm0", "block-size"), RET("4194304"));
	q(&t, GET("vm0", "prealloc"), RET("true"));
	/* the memdev is now busy; a device id is not a backend */
	q(&t, VM("\"id\": \"vm1\", \"memdev\": \"m1\""), GE("'memdev' property specifies a busy memdev: m1"));
	q(&t, VM("\"id\": \"vm1\", \"memdev\": \"vm0\""),
	  GE("Invalid parameter type for 'memdev', expected: memory-backend"));
	q(&t, "{\"execute\": \"object-del\", \"arguments\": {\"id\": \"m1\"}}",
	  GE("object 'm1' is in use, can not be deleted"));
	/* HMP device_add goes the same way */
	q(&t, HMP("device_add virtio-mem-pci,id=vm2,memdev=nosuch"), RET("\"Error: Device 'nosuch' not found\\r\\n\""));
	t_stop(&t);
}

static void test_numa_nodes(void **state)
{
	struct t t;

	(void)state;
	/* transcript 21 without the guest */
	t_start(&t, "-m 2G,slots=2,maxmem=8G -smp 2 -object memory-backend-ram,id=r0,size=1G "
		    "-object memory-backend-ram,id=r1,size=1G -numa node,nodeid=0,memdev=r0,cpus=0 "
		    "-numa node,nodeid=1,memdev=r1,cpus=1 -object memory-backend-ram,id=vb,size=1G "
		    "-device virtio-mem-pci,id=vm0,memdev=vb,node=1,requested-size=256M");
	q(&t, OBJ("m2", "1073741824"), OK);
	q(&t, VM("\"id\": \"vm1\", \"memdev\": \"m2\", \"node\": 2"),
	  GE("'node' property has value '2', which exceedsthe number of numa nodes: 2"));
	assert_int_equal(config(&t, 0).node_id, 1);
	assert_true(config(&t, 0).acpi_pxm);
	t.guest = true;
	q(&t, SET("vm0", "requested-size", "268435456"), OK);
	q(&t, OBJ("m1", "536870912"), OK);
	q(&t, DIMM("\"id\": \"d1\", \"memdev\": \"m1\", \"node\": 1"), OK);
	q(&t, QMD, "{\"return\": [{\"type\": \"virtio-mem\", \"data\": {\"memdev\": \"/objects/vb\", \"memaddr\": 4294967296, \"block-size\": 2097152, \"size\": 268435456, \"node\": 1, \"max-size\": 1073741824, \"requested-size\": 268435456, \"id\": \"vm0\"}}, {\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m1\", \"hotplugged\": true, \"addr\": 5368709120, \"hotpluggable\": true, \"size\": 536870912, \"slot\": 0, \"node\": 1, \"id\": \"d1\"}}]}");
	q(&t, HMP("info numa"),
	  "{\"return\": \"2 nodes\\r\\nnode 0 cpus: 0\\r\\nnode 0 size: 1024 MB\\r\\nnode 0 plugged: 0 MB\\r\\nnode 1 cpus: 1\\r\\nnode 1 size: 1792 MB\\r\\nnode 1 plugged: 768 MB\\r\\n\"}");
	q(&t, QSUM, "{\"return\": {\"base-memory\": 2147483648, \"plugged-memory\": 805306368}}");
	q(&t, HMP("info memory_size_summary"), RET("\"base memory: 2147483648\\r\\nplugged memory: 805306368\\r\\n\""));
	clear_events(&t);
	t.guest = false;
	q(&t, "{\"execute\": \"system_reset\"}", OK);
	assert_int_equal(t.nr_events, 2);
	assert_string_equal(t.events[0], SIZE_EV("0", "vm0"));
	assert_string_equal(t.events[1], "RESET {\"guest\": false, \"reason\": \"host-qmp-system-reset\"}");
	q(&t, QMD, "{\"return\": [{\"type\": \"virtio-mem\", \"data\": {\"memdev\": \"/objects/vb\", \"memaddr\": 4294967296, \"block-size\": 2097152, \"size\": 0, \"node\": 1, \"max-size\": 1073741824, \"requested-size\": 268435456, \"id\": \"vm0\"}}, {\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m1\", \"hotplugged\": true, \"addr\": 5368709120, \"hotpluggable\": true, \"size\": 536870912, \"slot\": 0, \"node\": 1, \"id\": \"d1\"}}]}");
	q(&t, QSUM, "{\"return\": {\"base-memory\": 2147483648, \"plugged-memory\": 536870912}}");
	t_stop(&t);
}

/* ---- QOM ---------------------------------------------------------------------------------------- */

static void test_qom(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,maxmem=8G -object memory-backend-ram,id=vb,size=1G "
		    "-device virtio-mem-pci,id=vm0,memdev=vb -object memory-backend-ram,id=va,size=1G "
		    "-device virtio-mem-pci,memdev=va");
	q(&t, GET("vm0", "type"), RET("\"virtio-mem-pci\""));
	q(&t, GET("vm0", "memdev"), RET("\"/objects/vb\""));
	q(&t, GET("vm0", "hotplugged"), RET("false"));
	q(&t, GET("vm0", "hotpluggable"), RET("true"));
	q(&t, GET("vm0", "realized"), RET("true"));
	q(&t, GET("vm0", "prealloc"), RET("false"));
	q(&t, GET("vm0", "unplugged-inaccessible"), RET("\"off\""));
	q(&t, GET("vm0", "parent_bus"), RET("\"/machine/i440fx/pci.0\""));
	q(&t, GET("vm0", "virtio-backend"), RET("\"/machine/peripheral/vm0/virtio-backend\""));
	q(&t, GET("vm0", "max-size"), GE("Property 'virtio-mem-pci.max-size' not found"));
	q(&t, GET("vm0", "romfile"), GE("qom-get of 'romfile' of virtio-mem-pci is not supported by memhp"));
	q(&t, GET("/machine/peripheral-anon/device[0]", "memaddr"), RET("5368709120"));
	q(&t, SET("vm0", "memaddr", "0"),
	  GE("Attempt to set property 'memaddr' on anonymous device (type 'virtio-mem') after it was realized"));
	q(&t, SET("vm0", "node", "0"),
	  GE("Attempt to set property 'node' on anonymous device (type 'virtio-mem') after it was realized"));
	q(&t, SET("vm0", "prealloc", "true"),
	  GE("Attempt to set property 'prealloc' on anonymous device (type 'virtio-mem') after it was realized"));
	q(&t, SET("vm0", "addr", "5"),
	  GE("Attempt to set property 'addr' on device 'vm0' (type 'virtio-mem-pci') after it was realized"));
	q(&t, SET("/machine/peripheral-anon/device[0]", "addr", "5"),
	  GE("Attempt to set property 'addr' on anonymous device (type 'virtio-mem-pci') after it was realized"));
	q(&t, SET("vm0", "memdev", "\"va\""),
	  GE("Attempt to set link property 'memdev' on device '(null)' (type 'virtio-mem') after it was realized"));
	q(&t, SET("vm0", "memdev", "\"nosuch\""), DNF("Device 'nosuch' not found"));
	q(&t, SET("vm0", "memdev", "1"), GE("Invalid parameter type for 'memdev', expected: string"));
	q(&t, SET("vm0", "type", "\"x\""), GE("Property 'virtio-mem-pci.type' is not writable"));
	q(&t, SET("vm0", "virtio-backend", "\"x\""), GE("Property 'virtio-mem-pci.virtio-backend' is not writable"));
	q(&t, SET("vm0", "bogus", "1"), GE("Property 'virtio-mem-pci.bogus' not found"));
	/* block-size is refused before its value is looked at */
	q(&t, SET("vm0", "block-size", "\"x\""), GE("'block-size' cannot be changed"));
	q(&t, SET("vm0", "requested-size", "1.5"), GE("Parameter 'requested-size' expects uint64"));
	q(&t, SET("vm0", "requested-size", "true"), GE("Parameter 'requested-size' expects uint64"));
	/* a negative integer wraps to a huge size */
	q(&t, SET("vm0", "requested-size", "-2097152"),
	  GE("'requested-size' cannot exceed the memory backend size(0x40000000)"));
	q(&t, SET("vm0", "requested-size", "1073741824"), OK);
	q(&t, "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"/machine/peripheral\"}}",
	  "{\"return\": [{\"name\": \"type\", \"type\": \"string\"}, {\"name\": \"vm0\", \"type\": \"child<virtio-mem-pci>\"}]}");
	q(&t, "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"/machine/peripheral-anon\"}}",
	  "{\"return\": [{\"name\": \"type\", \"type\": \"string\"}, {\"name\": \"device[0]\", \"type\": \"child<virtio-mem-pci>\"}]}");
	q(&t, HMP("device_del vm0"), RET("\"Error: virtio based memory devices cannot be unplugged.\\r\\n\""));
	q(&t, "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"/machine/peripheral-anon/device[0]\"}}",
	  GE("virtio based memory devices cannot be unplugged."));
	q(&t, HMP("info memory-devices"),
	  "{\"return\": \"Memory device [virtio-mem]: \\\"vm0\\\"\\r\\n  memaddr: 0x100000000\\r\\n  node: 0\\r\\n  requested-size: 1073741824\\r\\n  size: 0\\r\\n  max-size: 1073741824\\r\\n  block-size: 2097152\\r\\n  memdev: /objects/vb\\r\\n"
	  "Memory device [virtio-mem]: \\\"\\\"\\r\\n  memaddr: 0x140000000\\r\\n  node: 0\\r\\n  requested-size: 0\\r\\n  size: 0\\r\\n  max-size: 1073741824\\r\\n  block-size: 2097152\\r\\n  memdev: /objects/va\\r\\n\"}");
	q(&t, QMD, "{\"return\": [{\"type\": \"virtio-mem\", \"data\": {\"memdev\": \"/objects/vb\", \"memaddr\": 4294967296, \"block-size\": 2097152, \"size\": 0, \"node\": 0, \"max-size\": 1073741824, \"requested-size\": 1073741824, \"id\": \"vm0\"}}, "
	  "{\"type\": \"virtio-mem\", \"data\": {\"memdev\": \"/objects/va\", \"memaddr\": 5368709120, \"block-size\": 2097152, \"size\": 0, \"node\": 0, \"max-size\": 1073741824, \"requested-size\": 0}}]}");
	t_stop(&t);
}

static void test_unplugged_inaccessible(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,maxmem=8G");
	q(&t, OBJ("r", "2097152"), OK);
	q(&t, "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"memory-backend-ram\", \"id\": \"rs\", \"size\": 2097152, \"share\": true}}", OK);
	q(&t, OBJT("memory-backend-memfd", "f", "2097152"), OK);
	q(&t, OBJT("memory-backend-memfd", "g", "2097152"), OK);
	q(&t, VM("\"id\": \"v0\", \"memdev\": \"r\""), OK);
	q(&t, VM("\"id\": \"v1\", \"memdev\": \"rs\""), OK);
	q(&t, VM("\"id\": \"v2\", \"memdev\": \"f\""), OK);
	q(&t, GET("v0", "unplugged-inaccessible"), RET("\"off\""));
	q(&t, GET("v1", "unplugged-inaccessible"), RET("\"on\""));
	q(&t, GET("v2", "unplugged-inaccessible"), RET("\"on\""));
	assert_false(config(&t, 0).unplugged_inaccessible);
	assert_true(config(&t, 1).unplugged_inaccessible);
	assert_string_equal(pc_machine_warnings(t.m), "");
	q(&t, VM("\"id\": \"v3\", \"memdev\": \"g\", \"unplugged-inaccessible\": \"off\""), OK);
	assert_string_equal(pc_machine_warnings(t.m),
			    "warning: 'unplugged-inaccessible' property set to 'off' with a memdev that does not support the shared zeropage.\n");
	t_stop(&t);

	/* hw_compat_6_2: off by default on older machine types */
	t_start(&t, "-M pc-i440fx-6.2 -m 1G,maxmem=8G -object memory-backend-memfd,id=f,size=2M "
		    "-device virtio-mem-pci,id=v,memdev=f");
	q(&t, GET("v", "unplugged-inaccessible"), RET("\"off\""));
	assert_non_null(strstr(pc_machine_warnings(t.m), "'unplugged-inaccessible' property set to 'off'"));
	t_stop(&t);
	t_start(&t, "-M pc-i440fx-7.0 -m 1G,maxmem=8G -object memory-backend-memfd,id=f,size=2M "
		    "-device virtio-mem-pci,id=v,memdev=f");
	q(&t, GET("v", "unplugged-inaccessible"), RET("\"on\""));
	t_stop(&t);
}

/* ---- cold plug and port order ------------------------------------------------------------------- */

static void test_coldplug_and_ports(void **state)
{
	struct t t;

	(void)state;
	machine_fails("-m 1G -object memory-backend-ram,id=m,size=1G -device virtio-mem-pci,id=v,memdev=m",
		      "-device virtio-mem-pci,id=v,memdev=m: memory devices (e.g. for memory hotplug) are not enabled, please specify the maxmem option");
	machine_fails("-m 1G,maxmem=4G -object memory-backend-ram,id=m,size=1G -device virtio-mem-pci,id=v,memdev=m,requested-size=3M",
		      "-device virtio-mem-pci,id=v,memdev=m,requested-size=3M: 'requested-size' property has to be multiples of 'block-size' (0x200000)");
	machine_fails("-m 1G,maxmem=4G -object memory-backend-ram,id=m,size=1G -device virtio-mem-pci,id=v,memdev=m,block-size=3M",
		      "-device virtio-mem-pci,id=v,memdev=m,block-size=3M: 'block-size' property has to be a power of two");

	t_start(&t, "-m 1G,slots=2,maxmem=8G -object memory-backend-ram,id=a,size=1G "
		    "-object memory-backend-ram,id=b,size=512M -device virtio-mem-pci,id=vb,memdev=b "
		    "-device virtio-mem-pci,id=va,memdev=a,requested-size=128M");
	/* cold-plugged: no notification, command-line order */
	assert_int_equal(t.nr_notes, 0);
	q(&t, GET("va", "hotplugged"), RET("false"));
	assert_int_equal(config(&t, 0).addr, 0x100000000ULL);
	assert_int_equal(config(&t, 0).region_size, 512 * MIB);
	assert_int_equal(config(&t, 1).addr, 0x120000000ULL);
	assert_int_equal(config(&t, 1).requested_size, 128 * MIB);
	assert_null(pc_machine_virtio_mem_port(t.m, 2));
	assert_null(pc_machine_virtio_mem_port(t.m, -1));
	/* a DIMM in between does not count; hot-plugged devices come after */
	q(&t, OBJ("d", "1073741824"), OK);
	q(&t, DIMM("\"id\": \"d1\", \"memdev\": \"d\""), OK);
	q(&t, OBJ("c", "1073741824"), OK);
	q(&t, VM("\"id\": \"vc\", \"memdev\": \"c\""), OK);
	assert_int_equal(t.nr_notes, 1);
	assert_int_equal(t.notes[0].index, 2);
	assert_true(t.notes[0].appeared);
	q(&t, GET("vc", "hotplugged"), RET("true"));
	q(&t, GET("vc", "memaddr"), RET("6979321856"));
	assert_int_equal(config(&t, 2).addr, 0x1a0000000ULL);
	/* the DIMM leaves (guest eject); the ports stay */
	memory_device_unplug(t.m, memory_device_find_id(t.m, "d1"));
	assert_int_equal(config(&t, 2).addr, 0x1a0000000ULL);
	/* HMP device_add is a hot-plug too, in the hole the DIMM left */
	q(&t, OBJ("e", "1073741824"), OK);
	q(&t, HMP("device_add virtio-mem-pci,id=ve,memdev=e"), RET("\"\""));
	assert_int_equal(t.nr_notes, 2);
	assert_int_equal(t.notes[1].index, 3);
	assert_true(t.notes[1].appeared);
	assert_int_equal(config(&t, 3).addr, 0x160000000ULL);
	/* a failed device_add tells nobody */
	q(&t, VM("\"id\": \"vf\", \"memdev\": \"e\""), GE("'memdev' property specifies a busy memdev: e"));
	assert_int_equal(t.nr_notes, 2);
	t_stop(&t);
}

/* ---- the port: config and the usable region ----------------------------------------------------- */

static void test_usable_region(void **state)
{
	struct t t;
	struct virtio_mem_config c;

	(void)state;
	t_start(&t, "-m 1G,maxmem=8G -object memory-backend-ram,id=b,size=2G "
		    "-device virtio-mem-pci,id=v,memdev=b");
	c = config(&t, 0);
	assert_int_equal(c.block_size, 2 * MIB);
	assert_int_equal(c.addr, 0x100000000ULL);
	assert_int_equal(c.region_size, 2 * GIB);
	assert_int_equal(c.usable_region_size, 0);
	assert_int_equal(c.plugged_size, 0);
	assert_int_equal(c.requested_size, 0);
	assert_true(c.acpi_pxm);
	assert_int_equal(c.node_id, 0);
	/* requested + 256 MiB */
	q(&t, SET("v", "requested-size", "104857600"), OK);
	assert_int_equal(config(&t, 0).usable_region_size, 100 * MIB + 256 * MIB);
	/* capped at max-size */
	q(&t, SET("v", "requested-size", "2046820352"), OK);
	assert_int_equal(config(&t, 0).usable_region_size, 2 * GIB);
	/* never shrinks on a requested-size change, not even to 0 */
	q(&t, SET("v", "requested-size", "0"), OK);
	assert_int_equal(config(&t, 0).usable_region_size, 2 * GIB);
	assert_int_equal(config(&t, 0).requested_size, 0);
	/* but on unplug-all, to fit the requested size */
	q(&t, SET("v", "requested-size", "2097152"), OK);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG_ALL, 0, 0), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(config(&t, 0).usable_region_size, 258 * MIB);
	/* and on reset */
	q(&t, SET("v", "requested-size", "1073741824"), OK);
	assert_int_equal(config(&t, 0).usable_region_size, 1280 * MIB);
	q(&t, SET("v", "requested-size", "0"), OK);
	q(&t, "{\"execute\": \"system_reset\"}", OK);
	assert_int_equal(config(&t, 0).usable_region_size, 0);
	t_stop(&t);

	/* quirk: requested-size > max-size at device_add; the usable region is the whole device */
	t_start(&t, "-m 1G,maxmem=8G -object memory-backend-ram,id=b,size=1G "
		    "-device virtio-mem-pci,id=v,memdev=b,requested-size=4G");
	c = config(&t, 0);
	assert_int_equal(c.requested_size, 4 * GIB);
	assert_int_equal(c.usable_region_size, GIB);
	/* the guest can plug the whole device, no more */
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 0, 512), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 512, 1), VIRTIO_MEM_RESP_ERROR);
	q(&t, GET("v", "size"), RET("1073741824"));
	t_stop(&t);
}

/* ---- the port: requests and the bitmap ------------------------------------------------------------ */

static void test_requests(void **state)
{
	struct t t;
	struct virtio_mem_state *vmem;

	(void)state;
	/* 1 GiB in 2 MiB blocks; usable region 64 MiB + 256 MiB = blocks [0, 160) */
	t_start(&t, "-m 1G,maxmem=8G -object memory-backend-ram,id=b,size=1G "
		    "-device virtio-mem-pci,id=v,memdev=b,requested-size=64M");
	vmem = vmem_of(&t, "v");
	assert_int_equal(vmem->nr_blocks, 512);
	assert_int_equal(config(&t, 0).usable_region_size, 320 * MIB);

	/* PLUG: ERROR for a bad range, NACK beyond the requested size */
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 0, 0), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, UINT64_MAX, 2), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 160, 1), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 159, 2), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 0, UINT64_MAX / 2), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 0, 33), VIRTIO_MEM_RESP_NACK);
	/* a range outside the usable region is an ERROR even when also too big */
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 0, 161), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 150, 4), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(vmem->size, 8 * MIB);
	/* blocks 150..153: word 2, bits 22..25 */
	assert_int_equal(vmem->plugged[2], 0xfULL << 22);
	assert_int_equal(vmem->plugged[0], 0);
	/* already plugged: ERROR, even if only the last block is */
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 149, 2), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 0, 28), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(vmem->size, 64 * MIB);
	assert_int_equal(vmem->plugged[0], (1ULL << 28) - 1);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 30, 1), VIRTIO_MEM_RESP_NACK);

	/* STATE */
	assert_int_equal(state_of(&t, 0, 0, 28), VIRTIO_MEM_STATE_PLUGGED);
	assert_int_equal(state_of(&t, 0, 0, 29), VIRTIO_MEM_STATE_MIXED);
	assert_int_equal(state_of(&t, 0, 28, 10), VIRTIO_MEM_STATE_UNPLUGGED);
	assert_int_equal(state_of(&t, 0, 150, 4), VIRTIO_MEM_STATE_PLUGGED);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_STATE, 160, 1), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_STATE, UINT64_MAX, 1), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_STATE, 0, 0), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_STATE, 0, 1), VIRTIO_MEM_RESP_ACK);

	/* UNPLUG: every block must be plugged; no limit against requested-size */
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG, 25, 4), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG, 200, 1), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG, 150, 4), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG, 150, 1), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG, 1, 2), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(vmem->size, 52 * MIB);
	assert_int_equal(vmem->plugged[0], ((1ULL << 28) - 1) & ~(3ULL << 1));
	assert_int_equal(vmem->plugged[2], 0);
	q(&t, GET("v", "size"), RET("54525952"));
	q(&t, QSUM, "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 54525952}}");

	/* BUSY while migrating, after the range and state checks; STATE still works */
	t.m->migration_active = true;
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 1, 2), VIRTIO_MEM_RESP_BUSY);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 160, 2), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 0, 40), VIRTIO_MEM_RESP_NACK);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG, 0, 1), VIRTIO_MEM_RESP_BUSY);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG, 1, 1), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG_ALL, 0, 0), VIRTIO_MEM_RESP_BUSY);
	assert_int_equal(state_of(&t, 0, 0, 4), VIRTIO_MEM_STATE_MIXED);
	assert_int_equal(vmem->size, 52 * MIB);
	/* a reset during migration leaves the device alone */
	q(&t, "{\"execute\": \"system_reset\"}", OK);
	assert_int_equal(vmem->size, 52 * MIB);
	t.m->migration_active = false;

	/* an unknown request type is a protocol violation */
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_COUNT, 0, 1), VIRTIO_MEM_RESP_ERROR);

	/* UNPLUG_ALL ignores its range */
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG_ALL, 12345, 99), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(vmem->size, 0);
	for (size_t w = 0; w < 8; w++)
		assert_int_equal(vmem->plugged[w], 0);
	assert_int_equal(state_of(&t, 0, 0, 160), VIRTIO_MEM_STATE_UNPLUGGED);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG_ALL, 0, 0), VIRTIO_MEM_RESP_ACK);
	t_stop(&t);

	/* a 1 GiB block size: one bit per GiB, a bitmap of 2 bits */
	t_start(&t, "-m 1G,maxmem=8G -object memory-backend-ram,id=b,size=2G "
		    "-device virtio-mem-pci,id=v,memdev=b,block-size=1G,requested-size=1G");
	vmem = vmem_of(&t, "v");
	assert_int_equal(vmem->nr_blocks, 2);
	assert_int_equal(config(&t, 0).usable_region_size, 2 * GIB);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 2, 1), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 1, 1), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(vmem->plugged[0], 2);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 0, 1), VIRTIO_MEM_RESP_NACK);
	t_stop(&t);

	/* 64 GiB in 2 MiB blocks: 32768 bits */
	t_start(&t, "-m 1G,maxmem=80G -object memory-backend-ram,id=b,size=64G "
		    "-device virtio-mem-pci,id=v,memdev=b,requested-size=64G");
	vmem = vmem_of(&t, "v");
	assert_int_equal(vmem->nr_blocks, 32768);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 32767, 1), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(vmem->plugged[511], 1ULL << 63);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 0, 32767), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(state_of(&t, 0, 0, 32768), VIRTIO_MEM_STATE_PLUGGED);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 0, 32769), VIRTIO_MEM_RESP_ERROR);
	q(&t, GET("v", "size"), RET("68719476736"));
	t_stop(&t);
}

/* ---- events, notifications and reset -------------------------------------------------------------- */

static void test_events_rate_limit(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,maxmem=8G -object memory-backend-ram,id=vmem0,size=1G");
	q(&t, VM("\"id\": \"vm0\", \"memdev\": \"vmem0\""), OK);
	assert_int_equal(t.nr_events, 0);
	/* transcript 20: the guest plugs 256 MiB in two 128 MiB steps while handling the
	 * config change; the first event at once, the second when the handler returns */
	t.guest = true;
	q(&t, SET("vm0", "requested-size", "268435456"), OK);
	assert_int_equal(t.nr_notes, 2);
	assert_int_equal(t.notes[1].index, 0);
	assert_false(t.notes[1].appeared);
	assert_int_equal(t.nr_events, 2);
	assert_string_equal(t.events[0], SIZE_EV("134217728", "vm0"));
	assert_string_equal(t.events[1], SIZE_EV("268435456", "vm0"));
	q(&t, QMD, "{\"return\": [{\"type\": \"virtio-mem\", \"data\": {\"memdev\": \"/objects/vmem0\", \"memaddr\": 4294967296, \"block-size\": 2097152, \"size\": 268435456, \"node\": 0, \"max-size\": 1073741824, \"requested-size\": 268435456, \"id\": \"vm0\"}}]}");
	q(&t, QSUM, "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 268435456}}");
	clear_events(&t);
	q(&t, SET("vm0", "requested-size", "134217728"), OK);
	assert_int_equal(t.nr_events, 1);
	assert_string_equal(t.events[0], SIZE_EV("134217728", "vm0"));
	q(&t, HMP("info numa"),
	  "{\"return\": \"1 nodes\\r\\nnode 0 cpus: 0\\r\\nnode 0 size: 1152 MB\\r\\nnode 0 plugged: 128 MB\\r\\n\"}");
	clear_events(&t);

	/* the same value: the guest is told again, nothing changes, no event */
	q(&t, SET("vm0", "requested-size", "134217728"), OK);
	assert_int_equal(t.nr_notes, 4);
	assert_int_equal(t.nr_events, 0);
	/* a failed qom-set tells nobody */
	q(&t, SET("vm0", "requested-size", "3145728"),
	  GE("'requested-size' has to be multiples of 'block-size' (0x200000)"));
	assert_int_equal(t.nr_notes, 4);

	/* without a handler: guest activity between host commands is coalesced */
	t.guest = false;
	q(&t, QSUM, "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 134217728}}");
	q(&t, SET("vm0", "requested-size", "536870912"), OK);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 64, 64), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 128, 64), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG, 128, 32), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(t.nr_events, 1);
	assert_string_equal(t.events[0], SIZE_EV("268435456", "vm0"));
	/* the next host command sends the latest held-back value first */
	q(&t, QSUM, "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 335544320}}");
	assert_int_equal(t.nr_events, 2);
	assert_string_equal(t.events[1], SIZE_EV("335544320", "vm0"));
	/* a new window: the next change goes out at once */
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG, 160, 32), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(t.nr_events, 3);
	assert_string_equal(t.events[2], SIZE_EV("268435456", "vm0"));
	/* pc_machine_guest_idle() sends a held-back value but keeps the window closed */
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 128, 1), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(t.nr_events, 3);
	pc_machine_guest_idle(t.m);
	assert_int_equal(t.nr_events, 4);
	assert_string_equal(t.events[3], SIZE_EV("270532608", "vm0"));
	pc_machine_guest_idle(t.m);
	assert_int_equal(t.nr_events, 4);
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG, 128, 1), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(t.nr_events, 4);
	/* a held-back value equal to the last one sent still goes out */
	q(&t, QMD, "{\"return\": [{\"type\": \"virtio-mem\", \"data\": {\"memdev\": \"/objects/vmem0\", \"memaddr\": 4294967296, \"block-size\": 2097152, \"size\": 268435456, \"node\": 0, \"max-size\": 1073741824, \"requested-size\": 536870912, \"id\": \"vm0\"}}]}");
	assert_int_equal(t.nr_events, 5);
	assert_string_equal(t.events[4], SIZE_EV("268435456", "vm0"));
	/* failed requests change nothing and send nothing */
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_UNPLUG, 128, 1), VIRTIO_MEM_RESP_ERROR);
	assert_int_equal(t.nr_events, 5);
	t_stop(&t);
}

static void test_events_per_device(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,maxmem=8G -object memory-backend-ram,id=a,size=1G "
		    "-object memory-backend-ram,id=b,size=1G -device virtio-mem-pci,memdev=a,requested-size=4M "
		    "-device virtio-mem-pci,id=vb,memdev=b,requested-size=4M");
	/* the rate limit is per device; an anonymous device's event has no id */
	assert_int_equal(req(&t, 0, VIRTIO_MEM_REQ_PLUG, 0, 1), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(req(&t, 1, VIRTIO_MEM_REQ_PLUG, 0, 1), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(req(&t, 1, VIRTIO_MEM_REQ_PLUG, 1, 1), VIRTIO_MEM_RESP_ACK);
	assert_int_equal(t.nr_events, 2);
	assert_string_equal(t.events[0],
			    "MEMORY_DEVICE_SIZE_CHANGE {\"size\": 2097152, \"qom-path\": \"/machine/peripheral-anon/device[0]\"}");
	assert_string_equal(t.events[1], SIZE_EV("2097152", "vb"));
	/* an unknown command is a host command as well */
	q(&t, "{\"execute\": \"nosuch\"}",
	  "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command nosuch has not been found\"}}");
	assert_int_equal(t.nr_events, 3);
	assert_string_equal(t.events[2], SIZE_EV("4194304", "vb"));
	t_stop(&t);
}

static void test_system_reset(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,maxmem=8G -object memory-backend-ram,id=a,size=1G "
		    "-object memory-backend-ram,id=b,size=1G -device virtio-mem-pci,id=va,memdev=a,requested-size=256M "
		    "-device virtio-mem-pci,id=vb,memdev=b,requested-size=64M");
	drive(port(&t, 0), 128 * MIB);
	assert_int_equal(t.nr_events, 1);	/* 128 MiB at once, 256 MiB held back */
	q(&t, QSUM, "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 268435456}}");
	assert_int_equal(t.nr_events, 2);
	clear_events(&t);
	/* vb has nothing plugged: no event for it; the guest hears of both after RESET */
	q(&t, "{\"execute\": \"system_reset\"}", OK);
	assert_int_equal(t.nr_events, 2);
	assert_string_equal(t.events[0], SIZE_EV("0", "va"));
	assert_string_equal(t.events[1], "RESET {\"guest\": false, \"reason\": \"host-qmp-system-reset\"}");
	assert_int_equal(t.nr_notes, 2);
	assert_int_equal(t.notes[0].index, 0);
	assert_false(t.notes[0].appeared);
	assert_int_equal(t.notes[1].index, 1);
	assert_false(t.notes[1].appeared);
	q(&t, GET("va", "requested-size"), RET("268435456"));
	q(&t, GET("va", "size"), RET("0"));
	assert_int_equal(config(&t, 0).usable_region_size, 512 * MIB);
	assert_int_equal(state_of(&t, 0, 0, 128), VIRTIO_MEM_STATE_UNPLUGGED);
	/* a guest that replugs on the notification: its events come after RESET */
	clear_events(&t);
	t.nr_notes = 0;
	t.guest = true;
	q(&t, HMP("system_reset"), RET("\"\""));
	assert_int_equal(t.nr_events, 4);
	assert_string_equal(t.events[0], "RESET {\"guest\": false, \"reason\": \"host-qmp-system-reset\"}");
	assert_string_equal(t.events[1], SIZE_EV("134217728", "va"));
	assert_string_equal(t.events[2], SIZE_EV("268435456", "va"));
	assert_string_equal(t.events[3], SIZE_EV("67108864", "vb"));
	q(&t, QSUM, "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 335544320}}");
	t_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transcript_07),
		cmocka_unit_test(test_no_maxmem_and_no_slots),
		cmocka_unit_test(test_placement_errors),
		cmocka_unit_test(test_device_add_errors),
		cmocka_unit_test(test_numa_nodes),
		cmocka_unit_test(test_qom),
		cmocka_unit_test(test_unplugged_inaccessible),
		cmocka_unit_test(test_coldplug_and_ports),
		cmocka_unit_test(test_usable_region),
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_events_rate_limit),
		cmocka_unit_test(test_events_per_device),
		cmocka_unit_test(test_system_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
