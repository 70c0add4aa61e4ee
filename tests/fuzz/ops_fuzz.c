// SPDX-License-Identifier: MIT
/*
 * Operation-sequence fuzzer: bytes become plug, unplug, online, offline and
 * policy changes on one two-node machine (-m 2G,slots=8,maxmem=32G, 1 GiB
 * and one CPU per node), checking the model after each one.
 *
 *   byte 0     the kernel command line: cmdlines[byte % NR_CMDLINES]
 *   then ops:  an opcode byte (op = byte % OP_COUNT) and the operand bytes
 *              that op takes (missing bytes read as 0)
 *
 *   PLUG a b        object-add + device_add of a (a % 8 + 1) * 128 MiB DIMM
 *                   on node (a >> 3) & 1, at 4 GiB + (b % 224) * 128 MiB
 *                   if a & 0x10, else where QEMU puts it
 *   UNPLUG a        device_del of DIMM a % n (of those this input plugged),
 *                   object-del of its backend once it is gone
 *   UNPLUG_CLEAN a  offline every block of DIMM a % n, then UNPLUG
 *   STATE a b       write offline/online/online_kernel/online_movable
 *                   (b % 4) to the state of block a % nr_blocks
 *   ONLINE a b      write b & 1 to the online file of block a % nr_blocks
 *   AUTO_ONLINE b   write the word b % 4 to auto_online_blocks
 *   POLICY b        write contig-zones/auto-movable (b % 2) to online_policy
 *   RATIO b         write ratios[b % NR_RATIOS] to auto_movable_ratio
 *   NUMA_AWARE b    write b & 1 to auto_movable_numa_aware
 *   ACTIVITY        user space runs on the guest (kernel_process_activity())
 *   DEL_TWICE a     device_del of DIMM a % n twice before the guest runs
 *   PLUG_DEL a b    PLUG a b, then device_del of it before the guest runs
 *   EJECT a         write 1 to the eject file of ACPI memory device a % 8
 *   ROUNDTRIP a b   block a % nr_blocks, if offline: online it (online,
 *                   online_kernel, online_movable: b % 3) and offline it
 *                   again; if both succeed the model is as before
 *   PLUG_ROUNDTRIP a b  PLUG a b, offline its blocks, device_del; if the
 *                   DIMM is gone the model is as before the plug
 *   ALLOC a         process p(a % 4) maps (a % 64 + 1) * 4 MiB (EEXIST if mapped)
 *   FREE a          process p(a % 4) unmaps (ENOENT if not mapped)
 *   KALLOC a b      kernel allocation k(a % 4) of (a % 16 + 1) MiB, mobility b % 3,
 *                   or frees it if it exists
 *   PIN a           long-term pin of p(a % 4), or unpin if pinned
 *
 * The guest runs (machine_run_guest()) after every QMP command except
 * where noted.
 *
 * Each of the 8 machines is booted once and reset for every input by
 * restoring its snapshot (snapshot.h; checked against a fresh boot on the
 * first inputs and one in 64 after).
 *
 * After every op: fuzz_check_views() (the library checks its own
 * invariants after every change, MEMHP_DEBUG=2), host
 * and guest agree on the DIMMs (fuzz_check_dimms()), every file under
 * /sys/devices/system/memory reads (after every op of a deep input, at the
 * end of the others), a successful state write shows in state
 * and valid_zones, and a DIMM plugged while auto_online_blocks was X has all
 * its blocks online (X not offline) or offline (X offline), as Linux 6.1
 * onlines hot-added memory unconditionally.  "As before" compares model_state(): zone spans and
 * page counts (not free pages: kernel allocations move), node masks, the
 * blocks, /proc/iomem, /sys/firmware/memmap and the ACPI slots.  At the end
 * fuzz_check_model() runs and, on the first 16 inputs and one in 8 after
 * (every input in replay), the whole tree is walked.
 *
 * Built with -DFUZZ_TARGET this is a libFuzzer target; otherwise main()
 * replays the files named on the command line (e.g. ops_files/).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "lib/json.h"
#include "memhp/machine.h"
#include "memhp/drivers.h"
#include "memhp/mm.h"
#include "memhp/sysfs.h"
#include "mm/internal.h"
#include "snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MEM "/sys/devices/system/memory/"
#define ACPI "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/"
#define PARAM "/sys/module/memory_hotplug/parameters/"
#define MAX_PLUGGED 8
#define MIB ((uint64_t)1024 * 1024)

enum op {
	OP_PLUG,
	OP_UNPLUG,
	OP_UNPLUG_CLEAN,
	OP_STATE,
	OP_ONLINE,
	OP_AUTO_ONLINE,
	OP_POLICY,
	OP_RATIO,
	OP_NUMA_AWARE,
	OP_ACTIVITY,
	OP_DEL_TWICE,
	OP_PLUG_DEL,
	OP_EJECT,
	OP_ROUNDTRIP,
	OP_PLUG_ROUNDTRIP,
	OP_ALLOC,
	OP_FREE,
	OP_KALLOC,
	OP_PIN,
	OP_COUNT
};

static const char *const cmdlines[] = {
	"",
	"movable_node",
	"memhp_default_state=online",
	"memory_hotplug.online_policy=auto-movable memhp_default_state=online",
	"memory_hotplug.memmap_on_memory=1",
	"memhp_default_state=online_movable",
	"memory_hotplug.memmap_on_memory=1 memhp_default_state=online_kernel",
	("movable_node memory_hotplug.online_policy=auto-movable memory_hotplug.auto_movable_ratio=50 "
	 "memhp_default_state=online"),
};

#define NR_CMDLINES (sizeof(cmdlines) / sizeof(cmdlines[0]))

static const char *const ratios[] = { "0", "1", "50", "100", "301", "3000", "4294967295", "0x10" };

#define NR_RATIOS (sizeof(ratios) / sizeof(ratios[0]))

struct ops {
	struct machine *m;
	struct kernel *k;
	struct qmp_session qmp;
	const uint8_t *data;
	size_t size, pos;
	unsigned int next_name;
	unsigned int plugged[MAX_PLUGGED];	/* name numbers of the DIMMs plugged here */
	int nr_plugged;
	unsigned int pinned;			/* bit n: process pN is pinned */
};

static uint8_t next_byte(struct ops *o)
{
	return o->pos < o->size ? o->data[o->pos++] : 0;
}

/* Send a request; the guest runs afterwards unless @hold. */
static bool qmp(struct ops *o, bool hold, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool qmp(struct ops *o, bool hold, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return hold ? fuzz_qmp_hold(o->m, &o->qmp, buf) : fuzz_qmp(o->m, &o->qmp, buf);
}

/* The DIMM's property @prop via qom-get; false if the DIMM is gone. */
static bool dimm_prop(struct ops *o, unsigned int name, const char *prop, uint64_t *out)
{
	struct memhp_err err = { 0 };
	struct json *args = json_new_object(), *ret = NULL;
	char path[64];
	int r;

	snprintf(path, sizeof(path), "/machine/peripheral/d%u", name);
	if (!args || json_object_set(args, "path", json_new_string(path)) ||
	    json_object_set(args, "property", json_new_string(prop)))
		fuzz_fail("ops_fuzz", "out of memory");
	r = qmp_execute(machine_host(o->m), "qom-get", args, &ret, &err);
	json_free(args);
	if (r) {
		json_free(ret);
		return false;
	}
	if (json_type_of(ret) != JSON_NUMBER || json_number_u64(ret, out))
		fuzz_fail("ops_fuzz", "qom-get %s %s: not a number", path, prop);
	json_free(ret);
	return true;
}

static void write_ok(struct ops *o, const char *path, const char *value)
{
	struct memhp_err err = { 0 };
	int r = sysfs_write(o->k, path, value, strlen(value), &err);

	fuzz_log("write %s %s -> %d %s", path, value, r, err.msg);
	if (r)
		fuzz_fail("ops_fuzz", "write '%s' to %s failed: %d %s", value, path, r, err.msg);
}

static void expect(struct ops *o, const char *path, const char *want, bool equal)
{
	char *text;
	int r = fuzz_read(o->k, path, &text);

	if (r)
		fuzz_fail("ops_fuzz", "%s does not read: %d", path, r);
	if (!strcmp(text, want) != equal)
		fuzz_fail("ops_fuzz", "%s reads '%s', expected %s'%s'", path, text, equal ? "" : "anything but ",
			  want);
	free(text);
}

/* The id of the @nth existing block, counting modulo their number. */
static long pick_block(struct ops *o, unsigned int nth)
{
	long id, count = 0;

	for (id = memory_block_next(o->k, 0); id >= 0; id = memory_block_next(o->k, (unsigned long)id + 1))
		count++;
	if (!count)
		fuzz_fail("ops_fuzz", "no memory blocks");
	nth %= (unsigned int)count;
	for (id = memory_block_next(o->k, 0); nth--; id = memory_block_next(o->k, (unsigned long)id + 1))
		;
	return id;
}

/* Forget the DIMMs QEMU no longer has (unplugged or ejected): object-del of their backends. */
static void reconcile(struct ops *o)
{
	uint64_t addr;

	for (int i = 0; i < o->nr_plugged;) {
		unsigned int name = o->plugged[i];

		if (dimm_prop(o, name, "addr", &addr)) {
			i++;
			continue;
		}
		if (!qmp(o, false, "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"b%u\"}}", name))
			fuzz_fail("ops_fuzz", "d%u is gone but object-del of b%u failed", name, name);
		o->plugged[i] = o->plugged[--o->nr_plugged];
	}
}

/* device_del of plugged[@i] (twice if @twice, the guest running after the second). */
static void unplug(struct ops *o, int i, bool twice)
{
	unsigned int name = o->plugged[i];

	if (twice)
		qmp(o, true, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"d%u\"}}", name);
	qmp(o, false, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"d%u\"}}", name);
	reconcile(o);
}

/* Every block of a DIMM just plugged (and seen by the guest) is as
 * auto_online_blocks said, on the DIMM's node. */
static void check_plugged(struct ops *o, unsigned int name, int node, uint64_t size, enum mmop auto_online)
{
	uint64_t addr, bs = memory_block_size_bytes(o->k);

	if (!dimm_prop(o, name, "addr", &addr))
		fuzz_fail("ops_fuzz", "d%u is not there after device_add", name);
	for (uint64_t p = addr; p < addr + size; p += bs) {
		struct memory_block_info info;
		unsigned long id = (unsigned long)(p / bs);

		if (memory_block_get_info(o->k, id, &info))
			fuzz_fail("ops_fuzz", "d%u: memory%lu missing", name, id);
		if (info.online != (auto_online != MMOP_OFFLINE))
			fuzz_fail("ops_fuzz", "d%u plugged with auto_online_blocks=%s: memory%lu is %s", name,
				  mmop_names[auto_online], id, info.online ? "online" : "offline");
		if (info.nid != node)
			fuzz_fail("ops_fuzz", "d%u on node %d: memory%lu on node %d", name, node, id, info.nid);
		if (info.online && auto_online == MMOP_ONLINE_MOVABLE) {
			char path[96];

			snprintf(path, sizeof(path), MEM "memory%lu/valid_zones", id);
			expect(o, path, "Movable\n", true);
		}
	}
}

/* PLUG a b; with @del, device_del follows device_add before the guest runs.
 * Return: the index in plugged[] of the new DIMM, -1 if none. */
static int op_plug(struct ops *o, bool del)
{
	uint8_t a = next_byte(o), b = next_byte(o);
	uint64_t size = (uint64_t)(a % 8 + 1) * 128 * MIB;
	unsigned int name = o->next_name++;
	enum mmop auto_online = mhp_get_default_online_type(o->k);
	int node = (a >> 3) & 1;
	char extra[64] = "";
	bool plugged;

	if (!qmp(o, false, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\","
		    "\"id\":\"b%u\",\"size\":%" PRIu64 "}}", name, size))
		fuzz_fail("ops_fuzz", "object-add b%u failed", name);
	if (a & 0x10)
		snprintf(extra, sizeof(extra), ",\"addr\":%" PRIu64, (4096 + (uint64_t)(b % 224) * 128) * MIB);
	plugged = qmp(o, del, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d%u\","
		      "\"memdev\":\"b%u\",\"node\":%d%s}}", name, name, node, extra);
	if (plugged != (o->nr_plugged < MAX_PLUGGED) && !(a & 0x10))
		fuzz_fail("ops_fuzz", "device_add d%u %s with %d of %d slots used", name,
			  plugged ? "succeeded" : "failed", o->nr_plugged, MAX_PLUGGED);
	if (!plugged) {
		if (!qmp(o, false, "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"b%u\"}}", name))
			fuzz_fail("ops_fuzz", "object-del of the unused backend b%u failed", name);
		return -1;
	}
	o->plugged[o->nr_plugged++] = name;
	if (del) {
		unplug(o, o->nr_plugged - 1, false);
		return -1;
	}
	check_plugged(o, name, node, size, auto_online);
	return o->nr_plugged - 1;
}

/* Write 0 to the online file of every block of plugged[@i], last first. */
static void offline_dimm(struct ops *o, int i)
{
	uint64_t addr, size, bs = memory_block_size_bytes(o->k);

	if (!dimm_prop(o, o->plugged[i], "addr", &addr) || !dimm_prop(o, o->plugged[i], "size", &size))
		fuzz_fail("ops_fuzz", "d%u vanished", o->plugged[i]);
	for (uint64_t p = addr + size; p > addr; p -= bs) {
		struct memhp_err err = { 0 };
		char path[96];

		snprintf(path, sizeof(path), MEM "memory%" PRIu64 "/online", (p - bs) / bs);
		fuzz_log("write %s 0 -> %d %s", path, sysfs_write(o->k, path, "0", 1, &err), err.msg);
	}
}

/* UNPLUG a, UNPLUG_CLEAN a (@clean), DEL_TWICE a (@twice) */
static void op_unplug(struct ops *o, bool clean, bool twice)
{
	uint8_t a = next_byte(o);
	int i;

	if (!o->nr_plugged)
		return;
	i = a % o->nr_plugged;
	if (clean)
		offline_dimm(o, i);
	unplug(o, i, twice);
}

static void iomem_line(void *opaque, int depth, uint64_t start, uint64_t end, const char *name)
{
	fprintf(opaque, "iomem %d %" PRIx64 "-%" PRIx64 " %s\n", depth, start, end, name);
}

/* What a round trip must restore, as text. */
static char *model_state(struct kernel *k)
{
	struct memory_block_info info;
	struct firmware_map_info fi;
	struct acpi_memory_slot_info si;
	struct zone_info zi;
	char *buf = NULL, vz[256];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		fuzz_fail("ops_fuzz", "open_memstream failed");
	fprintf(f, "totalram %" PRIu64 "\n", totalram_pages(k));
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zt = 0; zt < MAX_NR_ZONES; zt++)
			if (!zone_get_info(k, nid, (enum zone_type)zt, &zi))
				fprintf(f, "zone %d %s start %" PRIu64 " spanned %" PRIu64 " present %" PRIu64
					" managed %" PRIu64 "\n", nid, zone_names[zt], zi.start_pfn, zi.spanned,
					zi.present, zi.managed);
	for (int m = 0; m < NODE_MASK_COUNT; m++)
		fprintf(f, "mask %d %" PRIx64 "\n", m, node_mask_get(k, (enum node_mask)m));
	for (long id = memory_block_next(k, 0); id >= 0; id = memory_block_next(k, (unsigned long)id + 1)) {
		memory_block_get_info(k, (unsigned long)id, &info);
		if (memory_block_valid_zones(k, (unsigned long)id, vz, sizeof(vz)))
			fuzz_fail("ops_fuzz", "memory%ld: no valid_zones", id);
		fprintf(f, "block %ld online %d nid %d nodes %" PRIx64 " slot %d zones %s\n", id, info.online,
			info.nid, info.nodes_linked, info.acpi_slot, vz);
	}
	iomem_walk(k, iomem_line, f);
	for (int i = firmware_map_next(k, 0); i >= 0; i = firmware_map_next(k, i + 1)) {
		firmware_map_get(k, i, &fi);
		fprintf(f, "memmap %d %" PRIx64 "-%" PRIx64 " %s\n", i, fi.start, fi.end, fi.type);
	}
	for (int i = 0; i < acpi_memory_slots(k); i++)
		if (!acpi_memory_slot_get_info(k, i, &si))
			fprintf(f, "slot %d present %d bound %d\n", i, si.present, si.bound);
	fclose(f);
	return buf;
}

static void expect_same_state(const char *what, const char *before, const char *after)
{
	const char *a = before, *b = after;

	if (!strcmp(before, after))
		return;
	fprintf(stderr, "ops_fuzz: %s did not restore the model:\n", what);
	while (*a || *b) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");

		if (la != lb || memcmp(a, b, la))
			fprintf(stderr, "  before: %.*s\n  after:  %.*s\n", (int)la, a, (int)lb, b);
		a += la + (a[la] == '\n');
		b += lb + (b[lb] == '\n');
	}
	fuzz_fail("ops_fuzz", "%s is not a round trip", what);
}

static void op_eject(struct ops *o)
{
	struct memhp_err err = { 0 };
	char path[96];
	int r;

	snprintf(path, sizeof(path), ACPI "PNP0C80:%02x/eject", next_byte(o) % MAX_PLUGGED);
	r = sysfs_write(o->k, path, "1\n", 2, &err);
	fuzz_log("write %s 1 -> %d %s", path, r, err.msg);
	if (r && r != -ENOENT && r != -ENODEV)
		fuzz_fail("ops_fuzz", "write 1 to %s: %d %s", path, r, err.msg);
	machine_run_guest(o->m);
	reconcile(o);
}

static void op_roundtrip(struct ops *o)
{
	long id = pick_block(o, next_byte(o));
	enum mmop t = (enum mmop)(MMOP_ONLINE + next_byte(o) % 3);
	struct memory_block_info info;
	struct memhp_err err = { 0 };
	char path[96], *before, *after;
	int r;

	memory_block_get_info(o->k, (unsigned long)id, &info);
	if (info.online)
		return;
	snprintf(path, sizeof(path), MEM "memory%ld/state", id);
	before = model_state(o->k);
	r = sysfs_write(o->k, path, mmop_names[t], strlen(mmop_names[t]), &err);
	fuzz_log("write %s %s -> %d %s", path, mmop_names[t], r, err.msg);
	if (!r) {
		r = sysfs_write(o->k, path, "offline", 7, &err);
		fuzz_log("write %s offline -> %d %s", path, r, err.msg);
		if (!r) {
			after = model_state(o->k);
			expect_same_state(mmop_names[t], before, after);
			free(after);
		}
	}
	free(before);
}

static void op_plug_roundtrip(struct ops *o)
{
	char *before = model_state(o->k), *after;
	unsigned int name;
	uint64_t addr;
	int i = op_plug(o, false);

	if (i >= 0) {
		name = o->plugged[i];
		offline_dimm(o, i);
		unplug(o, i, false);
		if (!dimm_prop(o, name, "addr", &addr)) {
			after = model_state(o->k);
			expect_same_state("plug and unplug", before, after);
			free(after);
		}
	}
	free(before);
}

static void op_state(struct ops *o)
{
	long id = pick_block(o, next_byte(o));
	enum mmop t = (enum mmop)(next_byte(o) % MMOP_COUNT);
	struct memhp_err err = { 0 };
	char path[96];
	int r;

	snprintf(path, sizeof(path), MEM "memory%ld/state", id);
	r = sysfs_write(o->k, path, mmop_names[t], strlen(mmop_names[t]), &err);
	fuzz_log("write %s %s -> %d %s", path, mmop_names[t], r, err.msg);
	if (r > 0 || r == -ENOENT)
		fuzz_fail("ops_fuzz", "write %s to %s: %d", mmop_names[t], path, r);
	if (r)
		return;
	expect(o, path, t == MMOP_OFFLINE ? "offline\n" : "online\n", true);
	snprintf(path, sizeof(path), MEM "memory%ld/valid_zones", id);
	if (t == MMOP_ONLINE_MOVABLE)
		expect(o, path, "Movable\n", true);
	else if (t == MMOP_ONLINE_KERNEL)
		expect(o, path, "Movable\n", false);
}

static void op_online(struct ops *o)
{
	long id = pick_block(o, next_byte(o));
	bool on = next_byte(o) & 1;
	struct memhp_err err = { 0 };
	char path[96];
	int r;

	snprintf(path, sizeof(path), MEM "memory%ld/online", id);
	r = sysfs_write(o->k, path, on ? "1\n" : "0\n", 2, &err);
	fuzz_log("write %s %d -> %d %s", path, on, r, err.msg);
	if (r > 0 || r == -ENOENT)
		fuzz_fail("ops_fuzz", "write %d to %s: %d", on, path, r);
	if (!r)
		expect(o, path, on ? "1\n" : "0\n", true);
}

/* workloads: the page allocator's invariants are checked after every op */
static void op_workload(struct ops *o, enum op op)
{
	uint8_t a = next_byte(o), b = op == OP_KALLOC ? next_byte(o) : 0;
	struct memhp_err err = { 0 };
	char name[8];
	int r;

	snprintf(name, sizeof(name), "%c%d", op == OP_KALLOC ? 'k' : 'p', a % 4);
	switch (op) {
	case OP_ALLOC:
		r = process_alloc(o->k, name, (uint64_t)(a % 64 + 1) << 22, &err);
		if (r && r != -EEXIST && r != -ENOMEM)
			fuzz_fail("ops_fuzz", "alloc %s: %d", name, r);
		break;
	case OP_FREE:
		r = process_free(o->k, name, &err);
		if (r && r != -ENOENT)
			fuzz_fail("ops_fuzz", "free %s: %d", name, r);
		if (!r)
			o->pinned &= ~(1u << (a % 4));
		break;
	case OP_KALLOC:
		r = kernel_free_named(o->k, name, &err);
		if (r == -ENOENT)
			r = kernel_alloc_named(o->k, name, (uint64_t)(a % 16 + 1) << 20, (enum kernel_mobility)(b % 3), &err);
		if (r && r != -ENOMEM)
			fuzz_fail("ops_fuzz", "kalloc %s: %d", name, r);
		break;
	default:
		if (o->pinned >> (a % 4) & 1) {
			r = process_unpin(o->k, name, &err);
			o->pinned &= ~(1u << (a % 4));
		} else {
			r = process_pin(o->k, name, &err);
			if (!r)
				o->pinned |= 1u << (a % 4);
		}
		if (r && r != -ENOENT && r != -ENOMEM)
			fuzz_fail("ops_fuzz", "pin %s: %d", name, r);
		break;
	}
	fuzz_log("%s %s -> %d %s", op == OP_ALLOC ? "alloc" : op == OP_FREE ? "free" : op == OP_KALLOC ? "kalloc" : "pin",
		 name, r, err.msg);
}

static void run_op(struct ops *o, enum op op)
{
	switch (op) {
	case OP_ALLOC:
	case OP_FREE:
	case OP_KALLOC:
	case OP_PIN:
		op_workload(o, op);
		break;
	case OP_PLUG:
		op_plug(o, false);
		break;
	case OP_UNPLUG:
		op_unplug(o, false, false);
		break;
	case OP_UNPLUG_CLEAN:
		op_unplug(o, true, false);
		break;
	case OP_ACTIVITY:
		kernel_process_activity(o->k);
		break;
	case OP_DEL_TWICE:
		op_unplug(o, false, true);
		break;
	case OP_PLUG_DEL:
		op_plug(o, true);
		break;
	case OP_EJECT:
		op_eject(o);
		break;
	case OP_ROUNDTRIP:
		op_roundtrip(o);
		break;
	case OP_PLUG_ROUNDTRIP:
		op_plug_roundtrip(o);
		break;
	case OP_STATE:
		op_state(o);
		break;
	case OP_ONLINE:
		op_online(o);
		break;
	case OP_AUTO_ONLINE:
		write_ok(o, MEM "auto_online_blocks", mmop_names[next_byte(o) % MMOP_COUNT]);
		break;
	case OP_POLICY:
		write_ok(o, PARAM "online_policy", online_policy_names[next_byte(o) % ONLINE_POLICY_COUNT]);
		break;
	case OP_RATIO:
		write_ok(o, PARAM "auto_movable_ratio", ratios[next_byte(o) % NR_RATIOS]);
		break;
	case OP_NUMA_AWARE:
		write_ok(o, PARAM "auto_movable_numa_aware", next_byte(o) & 1 ? "1" : "0");
		break;
	default:
		fuzz_fail("ops_fuzz", "bad op %d", op);
	}
}

static const char *const qemu_argv[] = {
	"-m", "2G,slots=8,maxmem=32G", "-smp", "2",
	"-object", "memory-backend-ram,id=n0,size=1G",
	"-object", "memory-backend-ram,id=n1,size=1G",
	"-numa", "node,nodeid=0,cpus=0,memdev=n0",
	"-numa", "node,nodeid=1,cpus=1,memdev=n1",
};

static struct machine *boot(const void *arg)
{
	const char *cmdline = arg;
	struct memhp_err err = { 0 };
	struct machine *m;

	if (machine_new(qemu_argv, sizeof(qemu_argv) / sizeof(qemu_argv[0]), cmdline, &m, &err))
		fuzz_fail("ops_fuzz", "boot with '%s' failed: %s", cmdline, err.msg);
	fuzz_drain_events(m);
	return m;
}

/* per kernel command line: the booted machine, its snapshot, a fresh boot's fingerprint */
static struct {
	struct machine *m;
	struct fuzz_snapshot *booted;
	char *reference;
} machines[NR_CMDLINES];
static unsigned long nr_inputs;

static void setup(void)
{
	for (size_t i = 0; i < NR_CMDLINES; i++)
		machines[i].m = fuzz_snapshot_boot(boot, cmdlines[i], &machines[i].booted, &machines[i].reference,
						   cmdlines[i]);
}

/**
 * LLVMFuzzerTestOneInput() - Run one operation sequence on a booted machine.
 * @data: input bytes (see the top of the file).
 * @size: number of bytes.
 *
 * Return: always 0; a broken property aborts the process.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ops o = { .data = data, .size = size, .pinned = 0 };
	size_t which = next_byte(&o) % NR_CMDLINES;
	bool deep;

	if (!machines[0].booted)
		setup();
	deep = fuzz_deep_due(nr_inputs);
	fuzz_log("boot '%s'", cmdlines[which]);
	fuzz_snapshot_reset(machines[which].booted, machines[which].m, machines[which].reference, nr_inputs++,
			    "ops_fuzz");
	o.m = machines[which].m;
	o.k = machine_kernel(o.m);
	if (!qmp(&o, false, "{\"execute\":\"qmp_capabilities\"}"))
		fuzz_fail("ops_fuzz", "qmp_capabilities failed");
	while (o.pos < o.size) {
		run_op(&o, (enum op)(next_byte(&o) % OP_COUNT));
		fuzz_drain_events(o.m);
		fuzz_check_views(o.k);
		if (fuzz_check_dimms(o.m) != (size_t)o.nr_plugged)
			fuzz_fail("ops_fuzz", "QEMU lists %zu DIMMs, %d plugged", fuzz_check_dimms(o.m),
				  o.nr_plugged);
		if (deep)
			fuzz_check_dir(o.k, "/sys/devices/system/memory", 1);	/* memoryN/ files, not power/ */
	}
	fuzz_check_model(o.k);
	if (deep)
		fuzz_check_tree(o.k);
	else
		fuzz_check_dir(o.k, "/sys/devices/system/memory", 1);
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
