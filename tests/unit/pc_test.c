// SPDX-License-Identifier: MIT
/*
 * Unit tests for the pc machine model (src/hw): command-line checks and
 * their verbatim QEMU messages, the RAM split and device-memory region for
 * every observed configuration, the AMD 1 TiB relocation and phys-bits
 * limit, NUMA completion, the guest-visible e820 and SRAT shapes, address
 * placement (first fit, hints, holes, alignment), and the ACPI DIMM slot
 * port with its events.  QMP protocol details are tested in qmp_test.c.
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
#include "lib/json.h"
#include "qapi/qapi.h"
#include "memhp/hw.h"

#define MAX_ARGS 32
#define MAX_EVENTS 32

/* Events and GPEs seen by a test. */
struct sink {
	char *events[MAX_EVENTS];
	int nr_events;
	int gpes;
};

static void sink_event(void *opaque, const char *name, struct json *data)
{
	struct sink *s = opaque;
	char *d = json_to_string(data, JSON_EMIT_QMP);
	char *line = NULL;

	assert_non_null(d);
	assert_true(asprintf(&line, "%s %s", name, d) > 0);
	free(d);
	json_free(data);
	assert_true(s->nr_events < MAX_EVENTS);
	s->events[s->nr_events++] = line;
}

static void sink_gpe(void *opaque)
{
	((struct sink *)opaque)->gpes++;
}

static void sink_clear(struct sink *s)
{
	for (int i = 0; i < s->nr_events; i++)
		free(s->events[i]);
	s->nr_events = 0;
	s->gpes = 0;
}

/* Split a command line on spaces (no quoting needed in these tests). */
static int split_args(const char *cmdline, char *buf, size_t size, const char **argv)
{
	int argc = 0;
	char *save = NULL, *tok;

	snprintf(buf, size, "%s", cmdline);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		assert_true(argc < MAX_ARGS);
		argv[argc++] = tok;
	}
	return argc;
}

static struct pc_machine *machine_ok(const char *cmdline)
{
	char buf[1024];
	const char *argv[MAX_ARGS];
	int argc = split_args(cmdline, buf, sizeof(buf), argv);
	struct memhp_err err = { 0 };
	struct pc_machine *m = NULL;
	int ret = pc_machine_new(argv, argc, &m, &err);

	if (ret)
		print_error("'%s' failed: %s\n", cmdline, err.msg);
	assert_int_equal(ret, 0);
	assert_non_null(m);
	return m;
}

static void machine_fails(const char *cmdline, const char *msg)
{
	char buf[1024];
	const char *argv[MAX_ARGS];
	int argc = split_args(cmdline, buf, sizeof(buf), argv);
	struct memhp_err err = { 0 };
	struct pc_machine *m = NULL;
	int ret = pc_machine_new(argv, argc, &m, &err);

	if (!ret)
		print_error("'%s' unexpectedly succeeded\n", cmdline);
	assert_int_equal(ret, -EINVAL);
	assert_null(m);
	assert_string_equal(err.msg, msg);
}

/* Run one QMP command; return its result or error text (caller frees). */
static char *run(struct pc_machine *m, const char *req)
{
	struct qmp_session s = { .negotiated = true };
	struct json *j = NULL, *rsp;
	char eb[128], *out;

	assert_int_equal(json_parse(req, strlen(req), &j, eb, sizeof(eb)), 0);
	rsp = qmp_handle_request(m, &s, j);
	assert_non_null(rsp);
	out = json_to_string(rsp, JSON_EMIT_QMP);
	json_free(rsp);
	json_free(j);
	return out;
}

static void expect(struct pc_machine *m, const char *req, const char *rsp)
{
	char *got = run(m, req);

	if (strcmp(got, rsp))
		print_error("request %s\n  expected %s\n  got      %s\n", req, rsp, got);
	assert_string_equal(got, rsp);
	free(got);
}

static void add_dimm(struct pc_machine *m, const char *id, uint64_t size, const char *extra)
{
	char req[512];

	snprintf(req, sizeof(req),
		 "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\",\"id\":\"m-%s\",\"size\":%llu}}",
		 id, (unsigned long long)size);
	expect(m, req, "{\"return\": {}}");
	snprintf(req, sizeof(req),
		 "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"%s\",\"memdev\":\"m-%s\"%s}}",
		 id, id, extra ? extra : "");
	expect(m, req, "{\"return\": {}}");
}

static uint64_t dimm_addr(struct pc_machine *m, const char *id)
{
	struct memory_device *md = memory_device_find_id(m, id);

	assert_non_null(md);
	return md->addr;
}

/* The ACPI slot of DIMM @id, from the typed query. */
static int dimm_slot(struct pc_machine *m, const char *id)
{
	struct memory_device_info *v;
	size_t n;
	int slot = -2;

	assert_int_equal(pc_machine_memory_devices(m, &v, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (v[i].id && !strcmp(v[i].id, id))
			slot = v[i].slot;
	memory_device_info_free(v, n);
	assert_int_not_equal(slot, -2);
	return slot;
}

/* ---- §1: command-line checks ------------------------------------------------ */

static void test_cmdline_errors(void **state)
{
	(void)state;
	machine_fails("-m 1G,slots=2", "slots specified but no max-size");
	machine_fails("-m 1G,slots=2,maxmem=1G",
		      "invalid value of maxmem: memory slots were specified but maximum memory size (0x40000000) is equal to the initial memory size (0x40000000)");
	machine_fails("-m 2G,maxmem=1G",
		      "invalid value of maxmem: maximum memory size (0x40000000) must be at least the initial memory size (0x80000000)");
	machine_fails("-m 1G,slots=257,maxmem=4G", "unsupported amount of memory slots: 257");
	machine_fails("-m 1G,maxmem=4294967297",
		      "maximum memory size must by aligned to multiple of 4096 bytes");
	machine_fails("-M pc-i440fx-2.0 -m 1G,slots=2,maxmem=4G",
		      "\"-memory 'slots|maxmem'\" is not supported by: pc-i440fx-2.0");
	machine_fails("-M pc,max-ram-below-4g=5G -m 1G",
		      "Machine option 'max-ram-below-4g=5368709120' expects size less than or equal to 4G");
	machine_fails("-m 1G,slots=4,maxmem=1004G",
		      "Address space limit 0xffffffffff < 0x1fc3fffffff phys-bits too low (40)");
	machine_fails("-m 1G,slots=4,maxmem=1020G -cpu qemu64,vendor=GenuineIntel",
		      "Address space limit 0xffffffffff < 0x1013fffffff phys-bits too low (40)");
	machine_fails("-m 2G,numa=x", "-m 2G,numa=x: Invalid parameter 'numa'");
	machine_fails("-m 1G -cpu max,phys-bits=20",
		      "phys-bits should be between 32 and 52  (but is 20)");
	machine_fails("-m 1G -smp 256",
		      "Invalid SMP CPUs 256. The max CPUs supported by machine 'pc-i440fx-7.2' is 255");
	machine_fails("-m 1G -M q35", "-machine q35 is not supported by memhp (only pc / pc-i440fx-*)");
	machine_fails("-m 1G -M bogus", "unsupported machine type");
	machine_fails("-m 1G -nographic", "-nographic: argument not supported by memhp");
	machine_fails("-m 1G -cpu EPYC", "-cpu EPYC is not supported by memhp (only max and qemu64)");
	machine_fails("-m 1G,slots=2,maxmem=2G -object memory-backend-ram,id=m1,size=0",
		      "-object memory-backend-ram,id=m1,size=0: property 'size' of memory-backend-ram doesn't take value '0'");
	machine_fails("-m 1G -object memory-backend-ram,id=pc.ram,size=1G",
		      "object name 'pc.ram' is reserved for the default RAM backend, it can't be used for any other purposes. Change the object's 'id' to something else");
	machine_fails("-m 1G -machine memory-backend=nosuch", "Memory backend 'nosuch' not found");
	machine_fails("-m 2G -object memory-backend-ram,id=r,size=1G -machine memory-backend=r",
		      "Machine memory size does not match the size of the memory backend");
	machine_fails("-m 1G,slots=2,maxmem=2G -device pc-dimm,id=d1,memdev=m9",
		      "-device pc-dimm,id=d1,memdev=m9: Device 'm9' not found");
	machine_fails("-m 1G -device virtio-mem-pci,id=v,memdev=m",
		      "-device virtio-mem-pci,id=v,memdev=m: Device 'm' not found");
}

static void test_numa_errors(void **state)
{
	(void)state;
	machine_fails("-m 1G -numa node,nodeid=1", "numa: Node ID missing: 0");
	machine_fails("-m 2G -object memory-backend-ram,id=r0,size=1G -numa node,memdev=r0",
		      "total memory for NUMA nodes (0x40000000) should equal RAM size (0x80000000)");
	machine_fails("-m 1G -numa node,nodeid=0", 
		      "total memory for NUMA nodes (0x0) should equal RAM size (0x40000000)");
	machine_fails("-m 1G -numa node,memdev=nosuch", "-numa node,memdev=nosuch: memdev=nosuch is ambiguous");
	machine_fails("-m 1G -numa node,mem=1G",
		      "-numa node,mem=1G: Parameter -numa node,mem is not supported by this machine type");
	machine_fails("-m 1G -numa node,cpus=1",
		      "-numa node,cpus=1: CPU index (1) should be smaller than maxcpus (1)");
	machine_fails("-m 1G -object memory-backend-ram,id=r,size=1G -numa node,nodeid=0,memdev=r -numa node,nodeid=0",
		      "-numa node,nodeid=0: Duplicate NUMA nodeid: 0");
	machine_fails("-m 1G -object memory-backend-ram,id=r,size=1G -numa node,memdev=r -machine memory-backend=r",
		      "'-machine memory-backend' and '-numa memdev' properties are mutually exclusive");
}

/* ---- §2 and §4.1: the layout table ------------------------------------------ */

struct layout_row {
	const char *cmdline;
	uint64_t below_4g, above_4g;
	uint64_t base, size;		/* device-memory region; size 0: none */
	uint64_t first_dimm;		/* 0: not checked */
};

static const struct layout_row layout_rows[] = {
	/* §2 split table */
	{ "-m 1G", 0x40000000, 0, 0, 0, 0 },
	{ "-m 3G", 0xc0000000, 0, 0, 0, 0 },
	{ "-m 3328M", 0xd0000000, 0, 0, 0, 0 },
	{ "-m 3583M", 0xdff00000, 0, 0, 0, 0 },
	{ "-m 3584M", 0xc0000000, 0x20000000, 0, 0, 0 },
	{ "-m 4G", 0xc0000000, 0x40000000, 0, 0, 0 },
	{ "-m 4097M", 0xc0000000, 0x40100000, 0, 0, 0 },
	{ "-m 5G", 0xc0000000, 0x80000000, 0, 0, 0 },
	{ "-M pc-i440fx-1.7 -m 4G", 0xe0000000, 0x20000000, 0, 0, 0 },
	{ "-M pc-i440fx-1.7 -m 3584M", 0xe0000000, 0, 0, 0, 0 },
	{ "-M pc,max-ram-below-4g=2G -m 4G", 0x80000000, 0x80000000, 0, 0, 0 },
	{ "-M pc,max-ram-below-4g=2560M -m 4G", 0xa0000000, 0x60000000, 0, 0, 0 },
	{ "-M pc,max-ram-below-4g=4G -m 3968M", 0xf8000000, 0, 0, 0, 0 },
	{ "-M pc,max-ram-below-4g=1G -m 2G", 0x40000000, 0x40000000, 0, 0, 0 },
	/* §4.1 device-memory table */
	{ "-m 1G,slots=4,maxmem=16G", 0x40000000, 0, 0x100000000, 20401094656ULL, 0x100000000 },
	{ "-m 3G,slots=4,maxmem=16G", 0xc0000000, 0, 0x100000000, 18253611008ULL, 0x100000000 },
	{ "-m 3328M,slots=4,maxmem=16G", 0xd0000000, 0, 0x100000000, 17985175552ULL, 0x100000000 },
	{ "-m 3583M,slots=4,maxmem=16G", 0xdff00000, 0, 0x100000000, 17717788672ULL, 0x100000000 },
	{ "-m 3584M,slots=4,maxmem=16G", 0xc0000000, 0x20000000, 0x140000000, 17716740096ULL, 0x140000000 },
	{ "-m 4G,slots=4,maxmem=16G", 0xc0000000, 0x40000000, 0x140000000, 17179869184ULL, 0x140000000 },
	{ "-m 4097M,slots=4,maxmem=16G", 0xc0000000, 0x40100000, 0x180000000, 17178820608ULL, 0x180000000 },
	{ "-m 5G,slots=4,maxmem=16G", 0xc0000000, 0x80000000, 0x180000000, 16106127360ULL, 0x180000000 },
	{ "-M pc-i440fx-2.1 -m 4G,slots=4,maxmem=16G", 0xc0000000, 0x40000000, 0x140000000, 12884901888ULL, 0x140000000 },
	{ "-M pc-i440fx-2.4 -m 4G,slots=4,maxmem=16G", 0xc0000000, 0x40000000, 0x140000000, 17179869184ULL, 0x140000000 },
	{ "-M pc,max-ram-below-4g=2G -m 4G,slots=4,maxmem=16G", 0x80000000, 0x80000000, 0x180000000, 17179869184ULL, 0x180000000 },
	{ "-M pc,max-ram-below-4g=2560M -m 4G,slots=4,maxmem=16G", 0xa0000000, 0x60000000, 0x180000000, 17179869184ULL, 0x180000000 },
	{ "-M pc,max-ram-below-4g=4G -m 3968M,slots=4,maxmem=16G", 0xf8000000, 0, 0x100000000, 17314086912ULL, 0x100000000 },
	{ "-m 1G,maxmem=2050M", 0x40000000, 0, 0x100000000, 1075838976ULL, 0 },
	{ "-m 1G,slots=256,maxmem=4G", 0x40000000, 0, 0x100000000, 278099132416ULL, 0x100000000 },
	{ "-m 5G,slots=4,maxmem=1010G -cpu qemu64,phys-bits=48", 0xc0000000, 0x80000000, 0x10080000000ULL, 1083405500416ULL, 0x10080000000ULL },
	{ "-m 1G,slots=4,maxmem=1004G -cpu qemu64,vendor=GenuineIntel", 0x40000000, 0, 0x100000000, 1007 * GiB, 0x100000000 },
	{ "-m 2G", 0x80000000, 0, 0, 0, 0 },
};

static void test_layout_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(layout_rows) / sizeof(layout_rows[0]); i++) {
		const struct layout_row *r = &layout_rows[i];
		struct pc_machine *m = machine_ok(r->cmdline);
		char *q;

		print_message("layout: %s\n", r->cmdline);
		assert_int_equal(m->below_4g, r->below_4g);
		assert_int_equal(m->above_4g, r->above_4g);
		assert_int_equal(m->devmem_size, r->size);
		if (r->size)
			assert_int_equal(m->devmem_base, r->base);
		q = run(m, "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine\",\"property\":\"device-memory-region-size\"}}");
		{
			char want[64];

			snprintf(want, sizeof(want), "{\"return\": %llu}", (unsigned long long)r->size);
			assert_string_equal(q, want);
		}
		free(q);
		if (r->first_dimm) {
			add_dimm(m, "d1", GiB, NULL);
			assert_int_equal(dimm_addr(m, "d1"), r->first_dimm);
		}
		pc_machine_free(m);
	}
}

static void test_layout_warnings(void **state)
{
	struct pc_machine *m;

	(void)state;
	m = machine_ok("-M pc,max-ram-below-4g=2560M -m 4G,slots=4,maxmem=16G");
	assert_string_equal(pc_machine_warnings(m),
			    "warning: Large machine and max_ram_below_4g (2684354560) not a multiple of 1G; possible bad performance.\n");
	pc_machine_free(m);

	m = machine_ok("-m 1G,slots=4,maxmem=16G");
	assert_string_equal(pc_machine_warnings(m), "");
	assert_true(m->cpu_amd);
	assert_int_equal(m->phys_bits, 40);
	assert_true(m->amd_ht_hole);
	pc_machine_free(m);

	m = machine_ok("-m 1G,slots=4,maxmem=16G -cpu max,vendor=GenuineIntel");
	assert_false(m->cpu_amd);
	assert_false(m->amd_ht_hole);
	pc_machine_free(m);
}

/* ---- §3.2 and §9: e820 and SRAT ----------------------------------------------- */

struct e820_want {
	uint64_t start, end;		/* inclusive end, as the guest prints */
	enum e820_type type;
};

struct srat_want {
	int pxm;
	uint64_t start, end;		/* inclusive; 0,0 with pad = zero entry */
	bool pad, hotplug;
};

static void check_e820(const struct firmware_tables *fw, const struct e820_want *w, int n)
{
	assert_int_equal(fw->nr_e820, n);
	for (int i = 0; i < n; i++) {
		assert_int_equal(fw->e820[i].addr, w[i].start);
		assert_int_equal(fw->e820[i].addr + fw->e820[i].size - 1, w[i].end);
		assert_int_equal(fw->e820[i].type, w[i].type);
	}
}

static void check_srat(const struct firmware_tables *fw, const struct srat_want *w, int n)
{
	assert_true(fw->has_srat);
	assert_int_equal(fw->nr_srat_mem, n);
	for (int i = 0; i < n; i++) {
		const struct srat_mem_affinity *s = &fw->srat_mem[i];

		if (w[i].pad) {
			assert_int_equal(s->len, 0);
			assert_int_equal(s->base, 0);
			assert_int_equal(s->pxm, 0);
			assert_false(s->enabled);
			assert_false(s->hotpluggable);
			continue;
		}
		assert_int_equal(s->pxm, w[i].pxm);
		assert_int_equal(s->base, w[i].start);
		assert_int_equal(s->base + s->len - 1, w[i].end);
		assert_true(s->enabled);
		assert_int_equal(s->hotpluggable, w[i].hotplug);
		assert_false(s->nonvolatile);
	}
}

#define R E820_TYPE_RAM
#define V E820_TYPE_RESERVED

static void test_fw_1g(void **state)
{
	static const struct e820_want e[] = {
		{ 0, 0x9fbff, R }, { 0x9fc00, 0x9ffff, V }, { 0xf0000, 0xfffff, V },
		{ 0x100000, 0x3ffdffff, R }, { 0x3ffe0000, 0x3fffffff, V },
		{ 0xfffc0000, 0xffffffff, V }, { 0xfd00000000, 0xffffffffff, V },
	};
	static const struct srat_want s[] = {
		{ 0, 0, 0x9ffff, false, false }, { 0, 0x100000, 0x3fffffff, false, false },
		{ 0, 0, 0, true, false }, { 0, 0x100000000, 0x5bfffffff, false, true },
	};
	struct pc_machine *m = machine_ok("-m 1G,slots=4,maxmem=16G");
	struct firmware_tables fw;

	(void)state;
	pc_machine_firmware(m, &fw);
	check_e820(&fw, e, 7);
	check_srat(&fw, s, 4);
	assert_int_equal(fw.nr_cpus, 1);
	assert_int_equal(fw.cpu_pxm[0], 0);
	assert_true(fw.cpu_hypervisor);
	assert_int_equal(fw.nr_dimm_slots, 4);
	pc_machine_free(m);
}

static void test_fw_4g(void **state)
{
	static const struct e820_want e[] = {
		{ 0, 0x9fbff, R }, { 0x9fc00, 0x9ffff, V }, { 0xf0000, 0xfffff, V },
		{ 0x100000, 0xbffdffff, R }, { 0xbffe0000, 0xbfffffff, V },
		{ 0xfffc0000, 0xffffffff, V }, { 0x100000000, 0x13fffffff, R },
		{ 0xfd00000000, 0xffffffffff, V },
	};
	static const struct srat_want s[] = {
		{ 0, 0, 0x9ffff, false, false }, { 0, 0x100000, 0xbfffffff, false, false },
		{ 0, 0x100000000, 0x13fffffff, false, false },
		{ 0, 0x140000000, 0x53fffffff, false, true },
	};
	struct pc_machine *m = machine_ok("-m 4G,slots=4,maxmem=16G");
	struct firmware_tables fw;

	(void)state;
	pc_machine_firmware(m, &fw);
	check_e820(&fw, e, 8);
	check_srat(&fw, s, 4);
	pc_machine_free(m);
}

static void test_fw_numa_memoryless(void **state)
{
	static const struct e820_want e[] = {
		{ 0, 0x9fbff, R }, { 0x9fc00, 0x9ffff, V }, { 0xf0000, 0xfffff, V },
		{ 0x100000, 0x7ffdffff, R }, { 0x7ffe0000, 0x7fffffff, V },
		{ 0xfffc0000, 0xffffffff, V }, { 0xfd00000000, 0xffffffffff, V },
	};
	static const struct srat_want s[] = {
		{ 0, 0, 0x9ffff, false, false }, { 0, 0x100000, 0x3fffffff, false, false },
		{ 1, 0x40000000, 0x7fffffff, false, false }, { 0, 0, 0, true, false },
		{ 0, 0, 0, true, false }, { 2, 0x100000000, 0x37fffffff, false, true },
	};
	struct pc_machine *m = machine_ok(
		"-m 2G,slots=4,maxmem=8G -smp 2 -object memory-backend-ram,id=r0,size=1G "
		"-object memory-backend-ram,id=r1,size=1G -numa node,nodeid=0,memdev=r0,cpus=0 "
		"-numa node,nodeid=1,memdev=r1,cpus=1 -numa node,nodeid=2");
	struct firmware_tables fw;

	(void)state;
	pc_machine_firmware(m, &fw);
	check_e820(&fw, e, 7);
	check_srat(&fw, s, 6);
	assert_int_equal(fw.nr_cpus, 2);
	assert_int_equal(fw.cpu_pxm[0], 0);
	assert_int_equal(fw.cpu_pxm[1], 1);
	assert_string_equal(pc_machine_warnings(m), "");
	pc_machine_free(m);
}

static void test_fw_amd_relocation(void **state)
{
	static const struct e820_want e[] = {
		{ 0, 0x9fbff, R }, { 0x9fc00, 0x9ffff, V }, { 0xf0000, 0xfffff, V },
		{ 0x100000, 0xbffdffff, R }, { 0xbffe0000, 0xbfffffff, V },
		{ 0xfffc0000, 0xffffffff, V }, { 0xfd00000000, 0xffffffffff, V },
		{ 0x10000000000, 0x1007fffffff, R },
	};
	static const struct srat_want s[] = {
		{ 0, 0, 0x9ffff, false, false }, { 0, 0x100000, 0xbfffffff, false, false },
		{ 0, 0x10000000000, 0x1007fffffff, false, false },
		{ 0, 0x10080000000, 0x1fcbfffffff, false, true },
	};
	struct pc_machine *m = machine_ok("-m 5G,slots=4,maxmem=1010G -cpu qemu64,phys-bits=48");
	struct firmware_tables fw;

	(void)state;
	assert_int_equal(m->above_4g_mem_start, 0x10000000000);
	pc_machine_firmware(m, &fw);
	check_e820(&fw, e, 8);
	check_srat(&fw, s, 4);
	pc_machine_free(m);
}

static void test_fw_no_numa_and_coldplug(void **state)
{
	static const struct srat_want s[] = {
		{ 0, 0, 0x9ffff, false, false }, { 0, 0x100000, 0x3fffffff, false, false },
		{ 0, 0, 0, true, false }, { 0, 0x100000000, 0x23fffffff, false, true },
	};
	struct pc_machine *m = machine_ok("-m 2G");
	struct firmware_tables fw;

	(void)state;
	pc_machine_firmware(m, &fw);
	assert_false(fw.has_srat);
	assert_int_equal(fw.nr_srat_mem, 0);
	assert_int_equal(fw.nr_dimm_slots, 0);
	assert_int_equal(fw.nr_e820, 7);
	pc_machine_free(m);

	/* a cold-plugged DIMM is not in e820; SRAT covers the whole region */
	m = machine_ok("-m 1G,slots=2,maxmem=4G -object memory-backend-ram,id=m1,size=512M "
		       "-device pc-dimm,id=d1,memdev=m1");
	pc_machine_firmware(m, &fw);
	assert_int_equal(fw.nr_e820, 7);
	check_srat(&fw, s, 4);
	assert_int_equal(dimm_addr(m, "d1"), 0x100000000);
	pc_machine_free(m);
}

static void test_fw_cpus_default_node(void **state)
{
	struct pc_machine *m = machine_ok(
		"-m 2G,slots=2,maxmem=8G -smp 3 -object memory-backend-ram,id=a,size=1G "
		"-object memory-backend-ram,id=b,size=1G -numa node,memdev=a,cpus=1 "
		"-numa node,memdev=b,cpus=2");
	struct firmware_tables fw;

	(void)state;
	pc_machine_firmware(m, &fw);
	assert_int_equal(fw.nr_cpus, 3);
	assert_int_equal(fw.cpu_pxm[0], 0);	/* not listed: node 0, with a warning */
	assert_int_equal(fw.cpu_pxm[1], 0);
	assert_int_equal(fw.cpu_pxm[2], 1);
	assert_non_null(strstr(pc_machine_warnings(m),
			       "warning: CPU(s) not present in any NUMA nodes: CPU 0 "));
	pc_machine_free(m);

	/* no cpus= at all: every CPU in node 0, no warning */
	m = machine_ok("-m 2G -smp 2 -object memory-backend-ram,id=a,size=1G "
		       "-object memory-backend-ram,id=b,size=1G -numa node,memdev=a -numa node,memdev=b");
	pc_machine_firmware(m, &fw);
	assert_int_equal(fw.cpu_pxm[1], 0);
	assert_int_equal(fw.nr_srat_mem, 4);	/* 640K cut, 1M..1G, node 1, one pad; no region */
	assert_string_equal(pc_machine_warnings(m), "");
	pc_machine_free(m);
}

/* ---- §5.2: placement ---------------------------------------------------------- */

static void test_placement_first_fit_and_holes(void **state)
{
	struct pc_machine *m = machine_ok("-m 1G,slots=4,maxmem=16G");
	struct acpi_memhp_port *port = pc_machine_acpi_memhp(m);
	struct sink s = { 0 };

	(void)state;
	pc_machine_set_event_sink(m, sink_event, &s);
	add_dimm(m, "d1", GiB, NULL);
	add_dimm(m, "d2", 512 * MiB, NULL);
	add_dimm(m, "d3", 2 * MiB, NULL);
	assert_int_equal(dimm_addr(m, "d1"), 0x100000000);
	assert_int_equal(dimm_addr(m, "d2"), 0x140000000);
	assert_int_equal(dimm_addr(m, "d3"), 0x160000000);

	/* remove d1 (guest eject); a 256M DIMM then fits in its hole, at 4G */
	expect(m, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"d1\"}}", "{\"return\": {}}");
	port->eject(port->opaque, 0);
	add_dimm(m, "d4", 256 * MiB, NULL);
	assert_int_equal(dimm_addr(m, "d4"), 0x100000000);
	assert_int_equal(dimm_slot(m, "d4"), 0);
	/* a 1G DIMM no longer fits in the rest of the hole: after d3, 2M aligned up */
	add_dimm(m, "d5", GiB, NULL);
	assert_int_equal(dimm_addr(m, "d5"), 0x160200000);
	sink_clear(&s);
	pc_machine_free(m);
}

static void test_placement_hints(void **state)
{
	struct pc_machine *m = machine_ok("-m 1G,slots=4,maxmem=8G");

	(void)state;
	add_dimm(m, "d1", GiB, ",\"slot\":2,\"addr\":6442450944");
	assert_int_equal(dimm_addr(m, "d1"), 0x180000000);
	/* auto placement skips the explicit DIMM: the low hole is used first */
	add_dimm(m, "d2", GiB, NULL);
	assert_int_equal(dimm_addr(m, "d2"), 0x100000000);
	add_dimm(m, "d3", GiB, NULL);
	assert_int_equal(dimm_addr(m, "d3"), 0x140000000);
	add_dimm(m, "d4", GiB, NULL);
	assert_int_equal(dimm_addr(m, "d4"), 0x1c0000000);
	pc_machine_free(m);
}

static void test_placement_fragmented(void **state)
{
	/* legacy 4 KiB alignment: the region is 0x140000000 + 12 GiB */
	struct pc_machine *m = machine_ok("-M pc-i440fx-2.1 -m 4G,slots=3,maxmem=16G");
	struct memhp_err err = { 0 };
	uint64_t addr;

	(void)state;
	add_dimm(m, "dc", 4096, NULL);
	assert_int_equal(dimm_addr(m, "dc"), 0x140000000);
	add_dimm(m, "de", 6 * MiB, ",\"addr\":5368713216");
	assert_int_equal(dimm_addr(m, "de"), 0x140001000);

	/*
	 * A 2 MiB DIMM at 12 GiB splits the region: an 11 GiB device fits the
	 * capacity but neither [6G, 12G) nor what is left above 13G.
	 *
	 *   5G dc,de   6G                  12G dx  13G          17G
	 *   |##|.......|...................|#|.....|............|
	 */
	add_dimm(m, "dx", 2 * MiB, ",\"addr\":12884901888");
	assert_int_equal(memory_device_get_free_addr(m, NULL, GiB, 11 * GiB, &addr, &err), -ENOSPC);
	assert_string_equal(err.msg,
			    "could not find position in guest address space for memory device - memory fragmented due to alignments");
	memhp_err_clear(&err);
	/* a 2 GiB alignment does not divide the base: warning, placed at 6 GiB */
	assert_int_equal(memory_device_get_free_addr(m, NULL, 2 * GiB, 2 * GiB, &addr, &err), 0);
	assert_int_equal(addr, 6 * GiB);
	assert_string_equal(pc_machine_warnings(m),
			    "warning: the alignment (0x80000000) exceeds the expected maximum alignment, memory will get fragmented and not all 'maxmem' might be usable for memory devices.\n");
	/* a hint that wraps past 2^64 */
	memhp_err_clear(&err);
	addr = 0xfffffffffffff000ULL;
	assert_int_equal(memory_device_get_free_addr(m, &addr, 4096, 8192, &addr, &err), -EINVAL);
	assert_string_equal(err.msg,
			    "can't add memory device [0xfffffffffffff000:0x2000], usable range for memory devices [0x140000000:0x300000000]");
	pc_machine_free(m);
}

static void test_placement_file_backend_alignment(void **state)
{
	struct pc_machine *m = machine_ok("-m 1G,slots=8,maxmem=16G");

	(void)state;
	expect(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-memfd\",\"id\":\"f1\",\"size\":3145728}}",
	       "{\"return\": {}}");
	expect(m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d1\",\"memdev\":\"f1\"}}",
	       "{\"return\": {}}");
	expect(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-file\",\"id\":\"f2\",\"size\":4096,\"mem-path\":\"/dev/shm/x\"}}",
	       "{\"return\": {}}");
	expect(m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d2\",\"memdev\":\"f2\"}}",
	       "{\"return\": {}}");
	add_dimm(m, "d3", 2 * MiB, NULL);
	expect(m, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-file\",\"id\":\"f4\",\"size\":8192,\"mem-path\":\"/dev/shm/y\",\"align\":2097152}}",
	       "{\"return\": {}}");
	expect(m, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d4\",\"memdev\":\"f4\"}}",
	       "{\"error\": {\"class\": \"GenericError\", \"desc\": \"backend memory size must be multiple of 0x200000\"}}");
	assert_int_equal(dimm_addr(m, "d1"), 0x100000000);
	assert_int_equal(dimm_addr(m, "d2"), 0x100300000);
	assert_int_equal(dimm_addr(m, "d3"), 0x100400000);
	expect(m, "{\"execute\":\"query-memory-size-summary\"}",
	       "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 5246976}}");
	pc_machine_free(m);
}

/* ---- §6.3: unplug, the ACPI port and its events ---------------------------------- */

static void test_unplug_events(void **state)
{
	struct pc_machine *m = machine_ok("-m 1G,slots=4,maxmem=16G");
	struct acpi_memhp_port *port = pc_machine_acpi_memhp(m);
	struct acpi_mem_slot_status st;
	struct sink s = { 0 };

	(void)state;
	pc_machine_set_event_sink(m, sink_event, &s);
	pc_machine_set_gpe_handler(m, sink_gpe, &s);
	assert_int_equal(port->nr_slots, 4);

	add_dimm(m, "d1", GiB, NULL);
	assert_int_equal(s.gpes, 1);
	port->read_slot(port->opaque, 0, &st);
	assert_true(st.enabled);
	assert_true(st.inserting);
	assert_false(st.removing);
	assert_int_equal(st.addr, 0x100000000);
	assert_int_equal(st.size, GiB);
	assert_int_equal(st.pxm, 0);
	port->clear_inserting(port->opaque, 0);
	port->ost(port->opaque, 0, ACPI_OST_EV_DEVICE_CHECK, ACPI_OST_SC_SUCCESS);
	assert_int_equal(s.nr_events, 1);
	assert_string_equal(s.events[0],
			    "ACPI_DEVICE_OST {\"info\": {\"device\": \"d1\", \"source\": 1, \"status\": 0, \"slot\": \"0\", \"slot-type\": \"DIMM\"}}");

	/* device_del is a request: the DIMM stays; each request raises the GPE */
	expect(m, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"d1\"}}", "{\"return\": {}}");
	expect(m, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"d1\"}}", "{\"return\": {}}");
	assert_int_equal(s.gpes, 3);
	port->read_slot(port->opaque, 0, &st);
	assert_true(st.removing);
	assert_non_null(memory_device_find_id(m, "d1"));
	expect(m, "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"m-d1\"}}",
	       "{\"error\": {\"class\": \"GenericError\", \"desc\": \"object 'm-d1' is in use, can not be deleted\"}}");

	/* the guest: _OST(eject request, in progress), clear, _EJ0, _OST(success) */
	port->ost(port->opaque, 0, ACPI_OST_EV_EJECT_REQUEST, ACPI_OST_SC_EJECT_IN_PROGRESS);
	port->clear_removing(port->opaque, 0);
	port->eject(port->opaque, 0);
	port->ost(port->opaque, 0, ACPI_OST_EV_EJECT_REQUEST, ACPI_OST_SC_SUCCESS);
	assert_int_equal(s.nr_events, 4);
	assert_string_equal(s.events[1],
			    "ACPI_DEVICE_OST {\"info\": {\"device\": \"d1\", \"source\": 3, \"status\": 132, \"slot\": \"0\", \"slot-type\": \"DIMM\"}}");
	assert_string_equal(s.events[2],
			    "DEVICE_DELETED {\"device\": \"d1\", \"path\": \"/machine/peripheral/d1\"}");
	assert_string_equal(s.events[3],
			    "ACPI_DEVICE_OST {\"info\": {\"source\": 3, \"status\": 0, \"slot\": \"0\", \"slot-type\": \"DIMM\"}}");
	port->read_slot(port->opaque, 0, &st);
	assert_false(st.enabled);
	assert_int_equal(st.addr, 0);
	assert_null(memory_device_find_id(m, "d1"));
	expect(m, "{\"execute\":\"query-memory-devices\"}", "{\"return\": []}");
	expect(m, "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"m-d1\"}}", "{\"return\": {}}");

	/* an empty slot: eject is ignored, an out-of-range selector reads 0 */
	port->eject(port->opaque, 1);
	port->read_slot(port->opaque, 9, &st);
	assert_false(st.enabled);
	assert_int_equal(s.nr_events, 4);
	sink_clear(&s);
	pc_machine_free(m);
}

static void test_unplug_anonymous_coldplug(void **state)
{
	struct pc_machine *m = machine_ok(
		"-m 1G,slots=4,maxmem=16G -object memory-backend-ram,id=m1,size=1G "
		"-object memory-backend-ram,id=m2,size=512M -device pc-dimm,id=d1,memdev=m1,slot=2 "
		"-device pc-dimm,memdev=m2");
	struct acpi_memhp_port *port = pc_machine_acpi_memhp(m);
	struct sink s = { 0 };

	(void)state;
	pc_machine_set_event_sink(m, sink_event, &s);
	pc_machine_set_gpe_handler(m, sink_gpe, &s);
	assert_int_equal(s.gpes, 0);
	assert_false(memory_device_find_id(m, "d1")->hotplugged);
	expect(m, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"/machine/peripheral-anon/device[0]\"}}",
	       "{\"return\": {}}");
	assert_int_equal(s.gpes, 1);
	port->eject(port->opaque, 0);
	assert_int_equal(s.nr_events, 1);
	assert_string_equal(s.events[0],
			    "DEVICE_DELETED {\"path\": \"/machine/peripheral-anon/device[0]\"}");
	sink_clear(&s);
	pc_machine_free(m);
}

static void test_qemu_key_order(void **state)
{
	static const char *const dimm[] = {
		"id", "addr", "size", "slot", "node", "memdev", "hotplugged", "hotpluggable"
	};
	static const char *const want[] = {
		"memdev", "hotplugged", "addr", "hotpluggable", "size", "slot", "node", "id"
	};
	size_t order[8];

	(void)state;
	qapi_key_order(dimm, 8, order);
	for (int i = 0; i < 8; i++)
		assert_string_equal(dimm[order[i]], want[i]);
}

/* pc_machine_memory_devices(): the values query-memory-devices shows, typed */
static void test_memory_devices_typed(void **state)
{
	struct pc_machine *m = machine_ok(
		"-m 1G,slots=4,maxmem=16G -object memory-backend-ram,id=m1,size=1G "
		"-object memory-backend-ram,id=m2,size=2G -device pc-dimm,id=d1,memdev=m1,slot=2 "
		"-device virtio-mem-pci,memdev=m2,requested-size=64M,block-size=4M");
	struct memory_device_info *v;
	uint64_t base, size;
	size_t n;

	(void)state;
	assert_int_equal(pc_machine_memory_devices(m, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].id, "d1");
	assert_string_equal(v[0].qom_path, "/machine/peripheral/d1");
	assert_string_equal(v[0].type, "pc-dimm");
	assert_string_equal(v[0].kind, "dimm");
	assert_int_equal(v[0].addr, 0x100000000ULL);
	assert_int_equal(v[0].size, GiB);
	assert_int_equal(v[0].plugged_size, GiB);
	assert_int_equal(v[0].slot, 2);
	assert_string_equal(v[0].memdev, "/objects/m1");
	assert_false(v[0].hotplugged);
	assert_true(v[0].hotpluggable);
	assert_int_equal(v[0].block_size, 0);
	assert_null(v[1].id);
	assert_string_equal(v[1].qom_path, "/machine/peripheral-anon/device[0]");
	assert_string_equal(v[1].type, "virtio-mem-pci");
	assert_string_equal(v[1].kind, "virtio-mem");
	assert_int_equal(v[1].addr, 0x140000000ULL);
	assert_int_equal(v[1].size, 2 * GiB);
	assert_int_equal(v[1].plugged_size, 0);
	assert_int_equal(v[1].requested_size, 64 * MiB);
	assert_int_equal(v[1].block_size, 4 * MiB);
	assert_int_equal(v[1].slot, -1);
	assert_string_equal(v[1].memdev, "/objects/m2");
	memory_device_info_free(v, n);
	assert_true(pc_machine_device_memory(m, &base, &size));
	assert_int_equal(base, 0x100000000ULL);
	assert_int_equal(size, 15 * GiB + 4 * GiB);
	pc_machine_free(m);

	m = machine_ok("-m 1G");
	assert_int_equal(pc_machine_memory_devices(m, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_false(pc_machine_device_memory(m, &base, &size));
	pc_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmdline_errors),
		cmocka_unit_test(test_numa_errors),
		cmocka_unit_test(test_layout_table),
		cmocka_unit_test(test_layout_warnings),
		cmocka_unit_test(test_fw_1g),
		cmocka_unit_test(test_fw_4g),
		cmocka_unit_test(test_fw_numa_memoryless),
		cmocka_unit_test(test_fw_amd_relocation),
		cmocka_unit_test(test_fw_no_numa_and_coldplug),
		cmocka_unit_test(test_fw_cpus_default_node),
		cmocka_unit_test(test_placement_first_fit_and_holes),
		cmocka_unit_test(test_placement_hints),
		cmocka_unit_test(test_placement_fragmented),
		cmocka_unit_test(test_placement_file_backend_alignment),
		cmocka_unit_test(test_unplug_events),
		cmocka_unit_test(test_unplug_anonymous_coldplug),
		cmocka_unit_test(test_qemu_key_order),
		cmocka_unit_test(test_memory_devices_typed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
