// SPDX-License-Identifier: MIT
/*
 * Memory block devices and memory groups (drivers/base/memory.c): the
 * block size rule, the boot blocks and their node links and zones, block
 * creation and removal around hot-add and hot-remove, the state machine
 * behind the `state` and `online` files, and `valid_zones`.  Text formats
 * are the sysfs layer's; this file answers in values and errnos.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"

/**
 * memory_blocks_init_table() - size the block table for pfns below @max_pfn
 * Return: 0 or -ENOMEM.
 */
int memory_blocks_init_table(struct kernel *k, uint64_t max_pfn)
{
	unsigned long slots = (unsigned long)((max_pfn + k->memsys.pages_per_block - 1) / k->memsys.pages_per_block);

	if (!slots)
		slots = 1;
	k->memsys.blocks = calloc(slots, sizeof(*k->memsys.blocks));
	if (!k->memsys.blocks)
		return -ENOMEM;
	k->memsys.nr_block_slots = slots;
	return 0;
}

void memory_blocks_fini(struct kernel *k)
{
	for (unsigned long i = 0; k->memsys.blocks && i < k->memsys.nr_block_slots; i++)
		free(k->memsys.blocks[i]);
	free(k->memsys.blocks);
	k->memsys.blocks = NULL;
	for (int i = 0; i < k->memsys.nr_group_slots; i++)
		free(k->memsys.groups[i]);
	free(k->memsys.groups);
	k->memsys.groups = NULL;
}

struct memory_block *find_memory_block_by_id(const struct kernel *k, unsigned long id)
{
	return id < k->memsys.nr_block_slots ? k->memsys.blocks[id] : NULL;
}

static inline uint64_t block_start_pfn(const struct kernel *k, const struct memory_block *mem)
{
	return (uint64_t)mem->id * k->memsys.pages_per_block;
}

/**
 * memory_block_new() - a block device in @state, entered in the table
 * Return: the block, or NULL when out of memory.
 */
struct memory_block *memory_block_new(struct kernel *k, unsigned long id, enum memory_block_state state)
{
	struct memory_block *mem = calloc(1, sizeof(*mem));

	if (!mem)
		return NULL;
	mem->id = id;
	mem->state = state;
	mem->online_type = MMOP_OFFLINE;
	mem->nid = -1;
	mem->zone_idx = SECTION_ZONE_NONE;
	mem->acpi_slot = -1;
	k->memsys.blocks[id] = mem;
	k->memsys.nr_blocks++;
	return mem;
}

static void memory_block_release(struct kernel *k, struct memory_block *mem)
{
	if (mem->group)
		mem->group->nr_blocks--;
	k->memsys.blocks[mem->id] = NULL;
	k->memsys.nr_blocks--;
	free(mem);
}

/**
 * create_memory_block_devices() - offline blocks for a hot-added range, linked
 * to @nid; all or nothing
 * Return: 0, -EEXIST (a block exists), -ENOMEM, -E2BIG (beyond the table).
 */
int create_memory_block_devices(struct kernel *k, uint64_t start, uint64_t size, int nid,
				uint64_t vmemmap_pages, struct memory_group *group)
{
	unsigned long first = start / k->memsys.block_size_bytes;
	unsigned long last = (start + size) / k->memsys.block_size_bytes;	/* exclusive */

	if (last > k->memsys.nr_block_slots)
		return -E2BIG;
	for (unsigned long id = first; id < last; id++)
		if (k->memsys.blocks[id])
			return -EEXIST;
	for (unsigned long id = first; id < last; id++) {
		struct memory_block *mem = memory_block_new(k, id, MEM_OFFLINE);

		if (!mem) {
			while (id-- > first)
				memory_block_release(k, k->memsys.blocks[id]);
			return -ENOMEM;
		}
		mem->nr_vmemmap_pages = vmemmap_pages;
		mem->group = group;
		if (group)
			group->nr_blocks++;
		mem->nid = nid;
		mem->nodes_linked = 1ULL << nid;
	}
	return 0;
}

/** remove_memory_block_devices() - delete the blocks of a range (they are offline) */
void remove_memory_block_devices(struct kernel *k, uint64_t start, uint64_t size)
{
	for (uint64_t a = start; a < start + size; a += k->memsys.block_size_bytes) {
		struct memory_block *mem = find_memory_block_by_id(k, a / k->memsys.block_size_bytes);

		if (mem)
			memory_block_release(k, mem);
	}
}

/* ---- memory groups ---- */

/**
 * memory_group_register() - a static (DIMM, dax) or dynamic (virtio-mem) group
 * @k: kernel
 * @nid: its node
 * @dynamic: dynamic group
 * @pages: static: max_pages; dynamic: unit_pages (a power of two, >= one block)
 * @out: the group
 * Return: 0, -EINVAL (bad nid or size), -ENOMEM.
 */
int memory_group_register(struct kernel *k, int nid, bool dynamic, uint64_t pages,
			  struct memory_group **out)
{
	struct memory_group *g;
	int id;

	if (nid < 0 || nid >= MAX_NUMNODES || !node_state(k, nid, N_POSSIBLE))
		return -EINVAL;
	if (!pages)
		return -EINVAL;
	if (dynamic && ((pages & (pages - 1)) || pages < k->memsys.pages_per_block))
		return -EINVAL;
	for (id = 0; id < k->memsys.nr_group_slots; id++)
		if (!k->memsys.groups[id])
			break;
	if (id == k->memsys.nr_group_slots) {
		int n = k->memsys.nr_group_slots ? k->memsys.nr_group_slots * 2 : 8;
		struct memory_group **tab = realloc(k->memsys.groups, (size_t)n * sizeof(*tab));

		if (!tab)
			return -ENOMEM;
		memset(tab + k->memsys.nr_group_slots, 0, (size_t)(n - k->memsys.nr_group_slots) * sizeof(*tab));
		k->memsys.groups = tab;
		k->memsys.nr_group_slots = n;
	}
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->id = id;
	g->nid = nid;
	g->is_dynamic = dynamic;
	if (dynamic)
		g->unit_pages = pages;
	else
		g->max_pages = pages;
	k->memsys.groups[id] = g;
	*out = g;
	return 0;
}

/** memory_group_unregister() - Return: 0, -EBUSY (blocks still in it), -EINVAL. */
int memory_group_unregister(struct kernel *k, struct memory_group *group)
{
	if (!group || group->id >= k->memsys.nr_group_slots || k->memsys.groups[group->id] != group)
		return -EINVAL;
	if (group->nr_blocks)
		return -EBUSY;
	k->memsys.groups[group->id] = NULL;
	free(group);
	return 0;
}

struct memory_group *memory_group_find_by_id(const struct kernel *k, int mgid)
{
	return (mgid >= 0 && mgid < k->memsys.nr_group_slots) ? k->memsys.groups[mgid] : NULL;
}

/* ---- online / offline of one block ---- */

static int memory_block_action_online(struct kernel *k, struct memory_block *mem, struct memhp_err *err)
{
	uint64_t start_pfn = block_start_pfn(k, mem), nr_pages = k->memsys.pages_per_block;
	uint64_t nr_vmemmap = mem->nr_vmemmap_pages;
	struct zone *zone = zone_for_pfn_range(k, mem->online_type, mem->nid, mem->group, start_pfn, nr_pages);
	int zid = zone_idx_of(k, zone, mem->nid);
	int ret;

	/* onlining runs kernel code on the node user space runs on (before the new pages are free) */
	kalloc_kernel_activity(k);
	if (nr_vmemmap)
		move_pfn_range_to_zone(k, zone, mem->nid, start_pfn, nr_vmemmap);
	ret = online_pages(k, start_pfn + nr_vmemmap, nr_pages - nr_vmemmap, zone, mem->nid, mem->group, err);
	if (ret) {
		if (nr_vmemmap)
			remove_pfn_range_from_zone(k, zone, mem->nid, start_pfn, nr_vmemmap);
		return ret;
	}
	if (nr_vmemmap) {
		/* the memmap pages are present but never managed */
		adjust_present_page_count(k, start_pfn, mem->group, mem->nid, zone, (int64_t)nr_vmemmap);
	}
	mem->zone_idx = (uint8_t)zid;
	return 0;
}

static int memory_block_action_offline(struct kernel *k, struct memory_block *mem, struct memhp_err *err)
{
	uint64_t start_pfn = block_start_pfn(k, mem), nr_pages = k->memsys.pages_per_block;
	uint64_t nr_vmemmap = mem->nr_vmemmap_pages;
	struct zone *zone;
	int ret;

	if (mem->zone_idx == SECTION_ZONE_NONE)
		return memhp_err_set(err, -EINVAL, "memory%lu spans several zones or nodes", mem->id);
	zone = &NODE_DATA(k, mem->nid)->node_zones[mem->zone_idx];
	if (nr_vmemmap)
		adjust_present_page_count(k, start_pfn, mem->group, mem->nid, zone, -(int64_t)nr_vmemmap);
	ret = offline_pages(k, start_pfn + nr_vmemmap, nr_pages - nr_vmemmap, zone, mem->nid, mem->group, err);
	if (ret) {
		if (nr_vmemmap)
			adjust_present_page_count(k, start_pfn, mem->group, mem->nid, zone, (int64_t)nr_vmemmap);
		return ret;
	}
	if (nr_vmemmap)
		remove_pfn_range_from_zone(k, zone, mem->nid, start_pfn, nr_vmemmap);
	mem->zone_idx = SECTION_ZONE_NONE;
	return 0;
}

/**
 * device_online_block() - device_online() of a block, after setting its
 * online type to @type as state_store() and online_memory_block() do
 * (MMOP_OFFLINE: leave it, as device_online() alone does)
 *
 * The type is set before the driver core looks at the block: on a block
 * that is already online it stays, and the next plain device_online() (an
 * `online` write, an eject's rollback) onlines with it.
 * Context: device hotplug lock held.
 * Return: 1 if it was already online, 0 when onlined, or -errno.
 */
int device_online_block(struct kernel *k, struct memory_block *mem, enum mmop type, struct memhp_err *err)
{
	int ret;

	if (type != MMOP_OFFLINE)
		mem->online_type = type;
	if (mem->state != MEM_OFFLINE)
		return 1;
	/* memory_subsys_online(): no type configured means MMOP_ONLINE */
	if (mem->online_type == MMOP_OFFLINE)
		mem->online_type = MMOP_ONLINE;
	ret = memory_block_action_online(k, mem, err);
	if (!ret)
		mem->state = MEM_ONLINE;
	mem->online_type = MMOP_OFFLINE;
	return ret;
}

/**
 * device_offline_block() - device_offline() of a block
 * Context: device hotplug lock held.
 * Return: 1 if it was already offline, 0 when offlined, or -errno.
 */
int device_offline_block(struct kernel *k, struct memory_block *mem, struct memhp_err *err)
{
	int ret;

	if (mem->state == MEM_OFFLINE)
		return 1;
	mem->state = MEM_GOING_OFFLINE;
	ret = memory_block_action_offline(k, mem, err);
	mem->state = ret ? MEM_ONLINE : MEM_OFFLINE;
	return ret;
}

/* ---- public API ---- */

uint64_t memory_block_size_bytes(const struct kernel *k)
{
	return k->memsys.block_size_bytes;
}

enum mmop mhp_get_default_online_type(const struct kernel *k)
{
	return k->params.default_online_type;
}

void mhp_set_default_online_type(struct kernel *k, enum mmop type)
{
	if (type < MMOP_COUNT)
		k->params.default_online_type = type;
}

long memory_block_next(const struct kernel *k, unsigned long from)
{
	for (unsigned long id = from; id < k->memsys.nr_block_slots; id++)
		if (k->memsys.blocks[id])
			return (long)id;
	return -1;
}

int memory_block_get_info(const struct kernel *k, unsigned long id, struct memory_block_info *out)
{
	const struct memory_block *mem = find_memory_block_by_id(k, id);

	if (!mem)
		return -ENOENT;
	out->id = id;
	out->online = mem->state == MEM_ONLINE;
	out->going_offline = mem->state == MEM_GOING_OFFLINE;
	out->nid = mem->nodes_linked ? mem->nid : -1;
	out->nodes_linked = mem->nodes_linked;
	out->acpi_slot = mem->acpi_slot;
	return 0;
}

int memory_block_valid_zones(const struct kernel *k, unsigned long id, char *buf, size_t size)
{
	struct kernel *kk = (struct kernel *)k;	/* zone_for_pfn_range() only reads */
	const struct memory_block *mem = find_memory_block_by_id(k, id);
	uint64_t start_pfn, nr_pages = k->memsys.pages_per_block;
	struct zone *def, *z;
	size_t len;

	if (!mem)
		return -ENOENT;
	if (mem->state == MEM_ONLINE) {
		snprintf(buf, size, "%s", mem->zone_idx == SECTION_ZONE_NONE ? "none" : zone_names[mem->zone_idx]);
		return 0;
	}
	start_pfn = block_start_pfn(k, mem);
	def = zone_for_pfn_range(kk, MMOP_ONLINE, mem->nid, mem->group, start_pfn, nr_pages);
	len = (size_t)snprintf(buf, size, "%s", zone_names[zone_idx_of(k, def, mem->nid)]);
	z = zone_for_pfn_range(kk, MMOP_ONLINE_KERNEL, mem->nid, mem->group, start_pfn, nr_pages);
	if (z != def && len < size)
		len += (size_t)snprintf(buf + len, size - len, " %s", zone_names[zone_idx_of(k, z, mem->nid)]);
	z = zone_for_pfn_range(kk, MMOP_ONLINE_MOVABLE, mem->nid, mem->group, start_pfn, nr_pages);
	if (z != def && len < size)
		snprintf(buf + len, size - len, " %s", zone_names[ZONE_MOVABLE]);
	return 0;
}

int memory_block_store_state(struct kernel *k, unsigned long id, enum mmop type, struct memhp_err *err)
{
	struct memory_block *mem = find_memory_block_by_id(k, id);
	int ret;

	if (!mem)
		return memhp_err_set(err, -ENOENT, "memory%lu does not exist", id);
	if (type == MMOP_OFFLINE)
		ret = device_offline_block(k, mem, err);
	else
		ret = device_online_block(k, mem, type, err);
	MM_CHECK(k);
	if (ret > 0)
		return memhp_err_set(err, -EINVAL, "memory%lu is already %s", id,
				     type == MMOP_OFFLINE ? "offline" : "online");
	return ret;
}

int memory_block_store_online(struct kernel *k, unsigned long id, bool online, struct memhp_err *err)
{
	struct memory_block *mem = find_memory_block_by_id(k, id);
	int ret;

	if (!mem)
		return memhp_err_set(err, -ENOENT, "memory%lu does not exist", id);
	/* online_store(): device_online() with whatever type the block has */
	ret = online ? device_online_block(k, mem, MMOP_OFFLINE, err) : device_offline_block(k, mem, err);
	MM_CHECK(k);
	return ret < 0 ? ret : 0;
}

long pfn_to_block_id(const struct kernel *k, uint64_t pfn)
{
	unsigned long id = (unsigned long)(pfn / k->memsys.pages_per_block);

	return (id < k->memsys.nr_block_slots && k->memsys.blocks[id]) ? (long)id : -1;
}

int pfn_to_zone_type(const struct kernel *k, uint64_t pfn)
{
	return page_zonenum(k, pfn);
}
