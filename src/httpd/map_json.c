// SPDX-License-Identifier: MIT
/*
 * The document of /api/map (see map_json.h), built from the model's typed
 * queries: the guest's memory blocks, zones, nodes, /proc/iomem and ACPI
 * memory slots, the host's firmware tables and memory devices.
 *
 * /api/map, one JSON object.  Addresses and sizes are bytes, as JSON
 * integers (below 2^53: x86 physical addresses have at most 52 bits);
 * every range is [start, end), end exclusive.
 *
 *   generation          live_generation() read just before the map was
 *                       taken (the map is at least that new)
 *   block_size_bytes    /sys/devices/system/memory/block_size_bytes
 *   end                 end of the range the map covers: the last block,
 *                       device or the device-memory region, whichever ends last
 *   auto_online_blocks  "offline", "online", "online_kernel", "online_movable"
 *   online_policy       "contig-zones" or "auto-movable"
 *   dimm_slots          PNP0C80 slots the guest sees (0: no memory hotplug)
 *   nodes[]             the possible nodes: {id, online, has_memory,
 *                       has_normal_memory, cpus: [cpu numbers]}
 *   blocks[]            every memoryN by address: {id, start, end,
 *                       state: "online" | "offline" | "going-offline",
 *                       zone: the zone of an online block that lies in one
 *                             zone, else null (offline, or several zones),
 *                       zones: the zones of its online pages ([] offline),
 *                       valid_zones: the sysfs file without its newline,
 *                       node: its nodeN link or null,
 *                       device: the name of the memory device whose range
 *                               holds it, null for boot memory}
 *   devices[]           query-memory-devices by address: {name (the id, or
 *                       "dimm@slotN" for a DIMM without one), id (or null),
 *                       type ("dimm"), addr, size, node, slot, memdev,
 *                       hotplugged, guest_added (the guest's ACPI driver
 *                       added its memory)}
 *   device_memory       {base, size} of the device-memory region (QOM
 *                       device-memory-region-size; the base from the SRAT's
 *                       hotpluggable range), null when the machine has none
 *   holes[]             the ranges in [0, end) without blocks, by address:
 *                       {start, end, kind, device, iomem}; kind "gap" is
 *                       outside the device-memory region, with iomem the
 *                       names of the top-level /proc/iomem resources it
 *                       overlaps; "free" is in the region where no device
 *                       is; "device" is a device's range the guest has no
 *                       blocks for (plugged but not added, or being
 *                       removed), with device its name.  device and iomem
 *                       are present only with those kinds.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "httpd/map_json.h"
#include "lib/json.h"
#include "memhp/drivers.h"
#include "memhp/firmware.h"
#include "memhp/hw.h"
#include "memhp/machine.h"
#include "memhp/mm.h"
#include "memhp/profile.h"

#define MAP_SECTION_BYTES	(128ULL << 20)	/* x86_64 SECTION_SIZE_BITS 27 */
#define PAGE_SHIFT_4K		12

/* One memory device of the map; every string is its own (NULL: none). */
struct map_dev {
	char *name;			/* the id, or "TYPE@slotN" without one */
	char *id;
	char *type;
	char *memdev;
	uint64_t addr, size;
	int64_t node, slot;
	bool hotplugged;
	bool guest_added;
};

struct iomem_top {
	uint64_t start, end;		/* [start, end) */
	char *name;
};

struct iomem_list {
	struct iomem_top *v;
	size_t n, cap;
	bool failed;
};

static void collect_iomem(void *opaque, int depth, uint64_t start, uint64_t end, const char *name)
{
	struct iomem_list *l = opaque;

	if (depth || l->failed)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct iomem_top *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			l->failed = true;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].start = start;
	l->v[l->n].end = end + 1;
	l->v[l->n].name = strdup(name ? name : "");
	if (!l->v[l->n].name) {
		l->failed = true;
		return;
	}
	l->n++;
}

static void free_devs(struct map_dev *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].name);
		free(d[i].id);
		free(d[i].type);
		free(d[i].memdev);
	}
	free(d);
}

/* *@out = a copy of @s, NULL for NULL.  Return: 0 or -ENOMEM. */
static int dup_or_null(char **out, const char *s)
{
	*out = s ? strdup(s) : NULL;
	return s && !*out ? -ENOMEM : 0;
}

/*
 * The host's memory devices (the typed query query-memory-devices is built
 * from) and the size of the device-memory region they are placed in.
 * Return: 0 or -ENOMEM.
 */
static int query_hw(struct machine *m, struct map_dev **out, size_t *nr, uint64_t *region_size)
{
	const struct pc_machine *host = machine_host(m);
	struct memory_device_info *info = NULL;
	struct map_dev *d;
	uint64_t base;
	size_t n = 0;
	int r;

	*out = NULL;
	*nr = 0;
	if (!pc_machine_device_memory(host, &base, region_size))
		*region_size = 0;
	r = pc_machine_memory_devices(host, &info, &n);
	if (r)
		return r;
	d = calloc(n ? n : 1, sizeof(*d));
	if (!d) {
		memory_device_info_free(info, n);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const struct memory_device_info *e = &info[i];
		struct map_dev *x = &d[i];

		x->addr = e->addr;
		x->size = e->plugged_size;
		x->node = e->node;
		x->slot = e->slot;
		x->hotplugged = e->hotplugged;
		if (dup_or_null(&x->type, e->kind) || dup_or_null(&x->id, e->id) ||
		    dup_or_null(&x->memdev, e->memdev)) {
			free_devs(d, i + 1);
			memory_device_info_free(info, n);
			return -ENOMEM;
		}
	}
	memory_device_info_free(info, n);
	*out = d;
	*nr = n;
	return 0;
}

/*
 * The rest of each device: its name, and whether the guest's ACPI driver
 * added its memory (the guest's view of its slot).  Return: 0 or -ENOMEM.
 */
static int name_devices(const struct kernel *k, struct map_dev *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct acpi_memory_slot_info si;
		struct map_dev *x = &d[i];
		int r;

		x->guest_added = x->slot >= 0 && x->slot <= INT32_MAX &&
				 !acpi_memory_slot_get_info(k, (int)x->slot, &si) && si.bound;
		if (x->id)
			r = asprintf(&x->name, "%s", x->id);
		else
			r = asprintf(&x->name, "%s@slot%" PRId64, x->type ? x->type : "device", x->slot);
		if (r < 0) {
			x->name = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * The device-memory region of @size bytes (0: none): its base from the
 * SRAT's hotpluggable range (QEMU puts the region there); without one, the
 * lowest device address.
 */
static bool device_memory(struct machine *m, const struct map_dev *devs, size_t nr_devs, uint64_t size,
			  uint64_t *base)
{
	struct firmware_tables *fw;
	bool found = false;

	if (!size)
		return false;
	fw = calloc(1, sizeof(*fw));
	if (!fw)
		return false;
	pc_machine_firmware(machine_host(m), fw);
	for (int i = 0; fw->has_srat && i < fw->nr_srat_mem; i++) {
		const struct srat_mem_affinity *s = &fw->srat_mem[i];

		if (s->len && s->enabled && s->hotpluggable && !s->nonvolatile) {
			*base = s->base;
			found = true;
			break;
		}
	}
	free(fw);
	for (size_t i = 0; !found && i < nr_devs; i++)
		if (i == 0 || devs[i].addr < *base)
			*base = devs[i].addr;
	return found || nr_devs;
}

/* Bit z set: the block has online pages in zone z.  Samples every section
 * and both sides of every zone boundary of its node(s) inside the block. */
static unsigned int block_zones(const struct kernel *k, int nid, uint64_t start, uint64_t end)
{
	uint64_t spfn = start >> PAGE_SHIFT_4K, epfn = end >> PAGE_SHIFT_4K;
	unsigned int mask = 0;
	int z;

	for (uint64_t a = start; a < end; a += MAP_SECTION_BYTES) {
		z = pfn_to_zone_type(k, a >> PAGE_SHIFT_4K);
		if (z >= 0)
			mask |= 1u << z;
	}
	z = pfn_to_zone_type(k, epfn - 1);
	if (z >= 0)
		mask |= 1u << z;
	for (int n = nid >= 0 ? nid : 0; n < (nid >= 0 ? nid + 1 : MAX_NUMNODES); n++) {
		for (int t = 0; t < MAX_NR_ZONES; t++) {
			struct zone_info zi;
			uint64_t cand[3];

			if (zone_get_info(k, n, (enum zone_type)t, &zi) || !zi.spanned)
				continue;
			cand[0] = zi.start_pfn;
			cand[1] = zi.start_pfn + zi.spanned - 1;
			cand[2] = zi.start_pfn + zi.spanned;
			for (int c = 0; c < 3; c++) {
				if (cand[c] < spfn || cand[c] >= epfn)
					continue;
				z = pfn_to_zone_type(k, cand[c]);
				if (z >= 0)
					mask |= 1u << z;
				if (cand[c] > spfn && (z = pfn_to_zone_type(k, cand[c] - 1)) >= 0)
					mask |= 1u << z;
			}
		}
	}
	return mask;
}

/* Object builders that stop at the first failure (*ok goes false). */
static void put(struct json *o, const char *key, struct json *v, bool *ok)
{
	if (!*ok) {
		json_free(v);
		return;
	}
	if (!o || !v || json_object_set(o, key, v))
		*ok = false;
}

static void append(struct json *a, struct json *v, bool *ok)
{
	if (!*ok) {
		json_free(v);
		return;
	}
	if (!a || !v || json_array_append(a, v))
		*ok = false;
}

static struct json *str_or_null(const char *s)
{
	return s ? json_new_string(s) : json_new_null();
}

static struct json *nodes_json(const struct kernel *k, bool *ok)
{
	struct json *arr = json_new_array();
	uint64_t possible = node_mask_get(k, NODE_MASK_POSSIBLE);
	uint64_t online = node_mask_get(k, NODE_MASK_ONLINE);
	uint64_t mem = node_mask_get(k, NODE_MASK_HAS_MEMORY);
	uint64_t normal = node_mask_get(k, NODE_MASK_HAS_NORMAL_MEMORY);

	for (int n = 0; n < 64 && *ok; n++) {
		struct json *o, *cpus;
		uint64_t cm;

		if (!(possible >> n & 1))
			continue;
		o = json_new_object();
		cpus = json_new_array();
		cm = node_cpumask(k, n);
		for (int c = 0; c < 64; c++)
			if (cm >> c & 1)
				append(cpus, json_new_i64(c), ok);
		put(o, "id", json_new_i64(n), ok);
		put(o, "online", json_new_bool(online >> n & 1), ok);
		put(o, "has_memory", json_new_bool(mem >> n & 1), ok);
		put(o, "has_normal_memory", json_new_bool(normal >> n & 1), ok);
		put(o, "cpus", cpus, ok);
		append(arr, o, ok);
	}
	return arr;
}

static struct json *device_json(const struct map_dev *d, bool *ok)
{
	struct json *o = json_new_object();

	put(o, "name", json_new_string(d->name), ok);
	put(o, "id", str_or_null(d->id), ok);
	put(o, "type", str_or_null(d->type), ok);
	put(o, "addr", json_new_u64(d->addr), ok);
	put(o, "size", json_new_u64(d->size), ok);
	put(o, "node", d->node >= 0 ? json_new_i64(d->node) : json_new_null(), ok);
	put(o, "slot", d->slot >= 0 ? json_new_i64(d->slot) : json_new_null(), ok);
	put(o, "memdev", str_or_null(d->memdev), ok);
	put(o, "hotplugged", json_new_bool(d->hotplugged), ok);
	put(o, "guest_added", json_new_bool(d->guest_added), ok);
	return o;
}

struct hole_ctx {
	struct json *arr;
	const struct map_dev *devs;
	size_t nr_devs;
	bool has_devmem;
	uint64_t dm_base, dm_end;
	const struct iomem_list *iomem;
	bool *ok;
};

static void add_hole_piece(struct hole_ctx *c, uint64_t start, uint64_t end)
{
	struct json *o;
	const struct map_dev *dev = NULL;

	if (start >= end || !*c->ok)
		return;
	for (size_t i = 0; i < c->nr_devs; i++)
		if (start >= c->devs[i].addr && end <= c->devs[i].addr + c->devs[i].size)
			dev = &c->devs[i];
	o = json_new_object();
	put(o, "start", json_new_u64(start), c->ok);
	put(o, "end", json_new_u64(end), c->ok);
	if (dev) {
		put(o, "kind", json_new_string("device"), c->ok);
		put(o, "device", json_new_string(dev->name), c->ok);
	} else if (c->has_devmem && start >= c->dm_base && end <= c->dm_end) {
		put(o, "kind", json_new_string("free"), c->ok);
	} else {
		struct json *names = json_new_array();

		put(o, "kind", json_new_string("gap"), c->ok);
		for (size_t i = 0; i < c->iomem->n && *c->ok; i++) {
			const struct iomem_top *r = &c->iomem->v[i];
			bool dup = false;

			if (r->end <= start || r->start >= end)
				continue;
			for (size_t j = 0; j < i && !dup; j++)
				dup = c->iomem->v[j].end > start && c->iomem->v[j].start < end &&
				      !strcmp(c->iomem->v[j].name, r->name);
			if (!dup)
				append(names, json_new_string(r->name), c->ok);
		}
		put(o, "iomem", names, c->ok);
	}
	append(c->arr, o, c->ok);
}

/* A range without blocks, cut where the device-memory region and the
 * devices begin and end, so that every piece is of one kind. */
static void add_hole(struct hole_ctx *c, uint64_t start, uint64_t end)
{
	while (start < end && *c->ok) {
		uint64_t cut = end;

		if (c->has_devmem) {
			if (c->dm_base > start && c->dm_base < cut)
				cut = c->dm_base;
			if (c->dm_end > start && c->dm_end < cut)
				cut = c->dm_end;
		}
		for (size_t i = 0; i < c->nr_devs; i++) {
			uint64_t a = c->devs[i].addr, b = c->devs[i].addr + c->devs[i].size;

			if (a > start && a < cut)
				cut = a;
			if (b > start && b < cut)
				cut = b;
		}
		add_hole_piece(c, start, cut);
		start = cut;
	}
}

struct json *httpd_map_json(struct machine *m, uint64_t generation)
{
	struct kernel *k = machine_kernel(m);
	uint64_t bs = memory_block_size_bytes(k), pos = 0, end = 0, dm_base = 0, dm_size = 0;
	struct json *doc = json_new_object(), *blocks = json_new_array(), *holes = json_new_array();
	struct json *devices = json_new_array(), *dm;
	struct iomem_list iomem = { 0 };
	struct map_dev *devs = NULL;
	size_t nr_devs = 0, di = 0;
	bool ok = doc && blocks && holes && devices, has_dm;
	struct hole_ctx hc;
	int policy = mhp_get_online_policy(k);
	enum mmop aob = mhp_get_default_online_type(k);

	if (query_hw(m, &devs, &nr_devs, &dm_size) || name_devices(k, devs, nr_devs)) {
		free_devs(devs, nr_devs);
		devs = NULL;
		nr_devs = 0;
		ok = false;
	}
	has_dm = device_memory(m, devs, nr_devs, dm_size, &dm_base);
	iomem_walk(k, collect_iomem, &iomem);
	if (iomem.failed)
		ok = false;

	hc = (struct hole_ctx){ .arr = holes, .devs = devs, .nr_devs = nr_devs, .has_devmem = has_dm,
				.dm_base = dm_base, .dm_end = dm_base + dm_size, .iomem = &iomem, .ok = &ok };

	for (long id = memory_block_next(k, 0); id >= 0 && ok; id = memory_block_next(k, (unsigned long)id + 1)) {
		struct memory_block_info info;
		uint64_t start = (uint64_t)id * bs, bend = start + bs;
		struct json *o, *zl;
		const char *zone = NULL, *dev = NULL, *state;
		unsigned int zmask = 0;
		char vz[128];
		int nz = 0;

		if (memory_block_get_info(k, (unsigned long)id, &info))
			continue;
		if (memory_block_valid_zones(k, (unsigned long)id, vz, sizeof(vz)))
			vz[0] = '\0';
		state = info.going_offline ? "going-offline" : info.online ? "online" : "offline";
		if (info.online || info.going_offline)
			zmask = block_zones(k, info.nid, start, bend);
		zl = json_new_array();
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			if (!(zmask >> z & 1))
				continue;
			append(zl, json_new_string(zone_names[z]), &ok);
			zone = zone_names[z];
			nz++;
		}
		if (nz != 1)
			zone = NULL;
		/* devices come by address, like the blocks */
		while (di < nr_devs && devs[di].addr + devs[di].size <= start)
			di++;
		for (size_t j = di; j < nr_devs && devs[j].addr < bend; j++)
			if (start >= devs[j].addr && bend <= devs[j].addr + devs[j].size)
				dev = devs[j].name;
		add_hole(&hc, pos, start);
		if (bend > pos)
			pos = bend;
		o = json_new_object();
		put(o, "id", json_new_i64(id), &ok);
		put(o, "start", json_new_u64(start), &ok);
		put(o, "end", json_new_u64(bend), &ok);
		put(o, "state", json_new_string(state), &ok);
		put(o, "zone", str_or_null(zone), &ok);
		put(o, "zones", zl, &ok);
		put(o, "valid_zones", json_new_string(vz), &ok);
		put(o, "node", info.nid >= 0 ? json_new_i64(info.nid) : json_new_null(), &ok);
		put(o, "device", str_or_null(dev), &ok);
		append(blocks, o, &ok);
	}
	end = pos;
	if (has_dm && dm_base + dm_size > end)
		end = dm_base + dm_size;
	for (size_t i = 0; i < nr_devs; i++)
		if (devs[i].addr + devs[i].size > end)
			end = devs[i].addr + devs[i].size;
	add_hole(&hc, pos, end);

	for (size_t i = 0; i < nr_devs; i++)
		append(devices, device_json(&devs[i], &ok), &ok);
	if (has_dm) {
		dm = json_new_object();
		put(dm, "base", json_new_u64(dm_base), &ok);
		put(dm, "size", json_new_u64(dm_size), &ok);
	} else {
		dm = json_new_null();
	}

	put(doc, "generation", json_new_u64(generation), &ok);
	put(doc, "kernel", json_new_string(kernel_profile_of(k)->name), &ok);
	put(doc, "block_size_bytes", json_new_u64(bs), &ok);
	put(doc, "end", json_new_u64(end), &ok);
	put(doc, "auto_online_blocks", json_new_string(mmop_names[aob]), &ok);
	put(doc, "online_policy", json_new_string(online_policy_names[policy]), &ok);
	put(doc, "dimm_slots", json_new_i64(acpi_memory_slots(k)), &ok);
	put(doc, "nodes", nodes_json(k, &ok), &ok);
	put(doc, "blocks", blocks, &ok);
	blocks = NULL;
	put(doc, "devices", devices, &ok);
	devices = NULL;
	put(doc, "device_memory", dm, &ok);
	put(doc, "holes", holes, &ok);
	holes = NULL;

	for (size_t i = 0; i < iomem.n; i++)
		free(iomem.v[i].name);
	free(iomem.v);
	free_devs(devs, nr_devs);
	json_free(blocks);
	json_free(devices);
	json_free(holes);
	if (!ok) {
		json_free(doc);
		return NULL;
	}
	return doc;
}
