// SPDX-License-Identifier: MIT
/*
 * Hot-add, online, offline and hot-remove of memory ranges
 * (mm/memory_hotplug.c): the kernel's checks in the kernel's order, a
 * complete revert when a step fails, the accounting of present and managed
 * pages, node states, memmap_on_memory (6.1 rule: single-block adds only),
 * and the memory_hotplug.* boot parameters.  Zone selection and spans are in
 * zone.c; the block devices are in memory_block.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strparse.h"
#include "mm/internal.h"

#define MAX_PHYSMEM_BITS 52

const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
	[ZONE_MOVABLE] = "Movable",
	[ZONE_DEVICE] = "Device",
};

const char *const mmop_names[MMOP_COUNT] = {
	[MMOP_OFFLINE] = "offline",
	[MMOP_ONLINE] = "online",
	[MMOP_ONLINE_KERNEL] = "online_kernel",
	[MMOP_ONLINE_MOVABLE] = "online_movable",
};

const char *const online_policy_names[ONLINE_POLICY_COUNT] = {
	[ONLINE_POLICY_CONTIG_ZONES] = "contig-zones",
	[ONLINE_POLICY_AUTO_MOVABLE] = "auto-movable",
};

/*
 * The pages of a block that hold its own memmap: its struct pages rounded up
 * to pages, and with memmap_on_memory=force up to whole pageblocks.
 */
static uint64_t memory_block_memmap_on_memory_pages(const struct kernel *k)
{
	uint64_t memmap_bytes = k->memsys.block_size_bytes / PAGE_SIZE * STRUCT_PAGE_BYTES;
	uint64_t nr_pages = (memmap_bytes + PAGE_SIZE - 1) / PAGE_SIZE;

	if (k->params.memmap_on_memory == MEMMAP_ON_MEMORY_FORCE)
		nr_pages = (nr_pages + PAGEBLOCK_NR_PAGES - 1) / PAGEBLOCK_NR_PAGES * PAGEBLOCK_NR_PAGES;
	return nr_pages;
}

/**
 * mhp_supports_memmap_on_memory() - whether an add of @size bytes can put
 * its memmap on the memory it adds
 *
 * Per block (KF_MEMMAP_ON_MEMORY_PER_BLOCK): the parameter is on and a
 * block's memmap fills whole pages and PMDs, its pages whole pageblocks
 * (force pads them), and leaves some of the block; @size does not matter.
 * Otherwise (6.1): the add covers exactly one block, its memmap is PMD
 * aligned and the rest pageblock aligned.
 */
bool mhp_supports_memmap_on_memory(const struct kernel *k, uint64_t size)
{
	uint64_t bs = k->memsys.block_size_bytes;

	if (k->params.memmap_on_memory == MEMMAP_ON_MEMORY_DISABLE)
		return false;
	if (kernel_has(k, KF_MEMMAP_ON_MEMORY_PER_BLOCK)) {
		uint64_t vmemmap_size = bs / PAGE_SIZE * STRUCT_PAGE_BYTES;
		uint64_t memmap_pages = memory_block_memmap_on_memory_pages(k);

		return !(vmemmap_size % PAGE_SIZE) && !(memmap_pages % PAGEBLOCK_NR_PAGES) &&
		       memmap_pages != bs / PAGE_SIZE && !(vmemmap_size % (2ULL << 20));
	} else {
		uint64_t vmemmap_size = size / PAGE_SIZE * STRUCT_PAGE_BYTES;
		uint64_t remaining = size - vmemmap_size;

		return size == bs && !(vmemmap_size % (2ULL << 20)) && !(remaining % (PAGEBLOCK_NR_PAGES * PAGE_SIZE));
	}
}

/**
 * memory_add_physaddr_to_nid() - x86: the node of the boot NUMA range that
 * holds @addr, else the node of the first range
 */
int memory_add_physaddr_to_nid(const struct kernel *k, uint64_t addr)
{
	uint64_t pfn = phys_pfn(addr);

	for (int i = 0; i < k->boot.nr_memblock; i++)
		if (pfn >= k->boot.memblock[i].start_pfn && pfn < k->boot.memblock[i].end_pfn)
			return k->boot.memblock[i].nid;
	return k->boot.nr_memblock ? k->boot.memblock[0].nid : 0;
}

static int check_hotplug_memory_range(const struct kernel *k, uint64_t start, uint64_t size,
				      struct memhp_err *err)
{
	uint64_t bs = k->memsys.block_size_bytes;

	if (!size || start % bs || size % bs)
		return memhp_err_set(err, -EINVAL, "Block size [%#llx] unaligned hotplug range: start %#llx, size %#llx",
				     (unsigned long long)bs, (unsigned long long)start,
				     (unsigned long long)size);
	return 0;
}

static bool mhp_range_allowed(uint64_t start, uint64_t size)
{
	uint64_t end = start + size;

	return start < end && end - 1 <= (1ULL << MAX_PHYSMEM_BITS) - 1;
}

/* Brings a possible node's pgdat to life; 1 if it is new (not yet online). */
static int try_online_node_data(struct kernel *k, int nid)
{
	if (node_state(k, nid, N_ONLINE))
		return 0;
	return alloc_node(k, nid) ? -ENOMEM : 1;
}

static void try_offline_node(struct kernel *k, int nid);

static int add_memory_resource(struct kernel *k, int nid, struct resource *res, unsigned int mhp_flags,
			       struct memhp_err *err)
{
	uint64_t start = res->start, size = res->end - res->start + 1;
	struct memory_group *group = NULL;
	uint64_t vmemmap_pages = 0;
	bool new_node;
	int ret;

	ret = check_hotplug_memory_range(k, start, size, err);
	if (ret)
		return ret;
	if (mhp_flags & MHP_NID_IS_MGID) {
		group = memory_group_find_by_id(k, nid);
		if (!group)
			return memhp_err_set(err, -EINVAL, "memory group %d does not exist", nid);
		nid = group->nid;
	}
	if (nid < 0 || nid >= MAX_NUMNODES || !node_state(k, nid, N_POSSIBLE))
		return memhp_err_set(err, -EINVAL, "node %d was absent from the node_possible_map", nid);

	ret = try_online_node_data(k, nid);
	if (ret < 0)
		return memhp_err_set(err, ret, "cannot allocate node %d", nid);
	new_node = ret;

	if (mhp_flags & MHP_MEMMAP_ON_MEMORY) {
		if (kernel_has(k, KF_MEMMAP_ON_MEMORY_PER_BLOCK)) {
			/* one altmap per block, or the memmap goes elsewhere */
			if (mhp_supports_memmap_on_memory(k, size))
				vmemmap_pages = memory_block_memmap_on_memory_pages(k);
		} else {
			if (!mhp_supports_memmap_on_memory(k, size))
				return memhp_err_set(err, -EINVAL, "memmap_on_memory not supported for size %#llx",
						     (unsigned long long)size);
			vmemmap_pages = size / PAGE_SIZE * STRUCT_PAGE_BYTES / PAGE_SIZE;
		}
	}

	/* arch_add_memory(): sections and their memmap */
	for (uint64_t pfn = phys_pfn(start); pfn < phys_pfn(start + size); pfn += PAGES_PER_SECTION) {
		ret = sparse_add_section(k, nid, pfn, PAGES_PER_SECTION);
		if (ret) {
			sparse_remove_section(k, phys_pfn(start), pfn - phys_pfn(start));
			return memhp_err_set(err, ret, "cannot add sections at pfn %#llx",
					     (unsigned long long)pfn);
		}
	}

	ret = create_memory_block_devices(k, start, size, nid, vmemmap_pages, group);
	if (ret) {
		sparse_remove_section(k, phys_pfn(start), phys_pfn(size));
		return memhp_err_set(err, ret, "memory block device already exists in [%#llx, %#llx)",
				     (unsigned long long)start, (unsigned long long)(start + size));
	}
	if (!vmemmap_pages) {
		ret = kalloc_memmap_for_add(k, nid, phys_pfn(start), phys_pfn(size), err);
		if (ret) {
			remove_memory_block_devices(k, start, size);
			sparse_remove_section(k, phys_pfn(start), phys_pfn(size));
			if (new_node)
				try_offline_node(k, nid);
			return ret;
		}
	}

	if (new_node)
		node_set_state(k, nid, N_ONLINE);
	if (!strcmp(res->name, "System RAM"))
		firmware_map_add_hotplug(k, start, start + size, "System RAM");
	if (mhp_flags & MHP_MERGE_RESOURCE)
		merge_system_ram_resource(res);

	/* auto-online: in ascending order, stop at the first failure, report nothing */
	if (k->params.default_online_type != MMOP_OFFLINE) {
		for (uint64_t a = start; a < start + size; a += k->memsys.block_size_bytes) {
			struct memory_block *mem = find_memory_block_by_id(k, a / k->memsys.block_size_bytes);

			if (!mem || device_online_block(k, mem, k->params.default_online_type, NULL) < 0)
				break;
		}
	}
	return 0;
}

static int register_and_add(struct kernel *k, int nid, uint64_t start, uint64_t size, const char *name,
			    unsigned int mhp_flags, struct memhp_err *err)
{
	unsigned int flags = IORESOURCE_MEM | IORESOURCE_SYSRAM | IORESOURCE_BUSY;
	struct resource *res;
	int ret;

	if (strcmp(name, "System RAM"))
		flags |= IORESOURCE_SYSRAM_DRIVER_MANAGED;
	if (!mhp_range_allowed(start, size))
		return memhp_err_set(err, -E2BIG, "hotplug memory [%#llx-%#llx] exceeds maximum addressable address",
				     (unsigned long long)start, (unsigned long long)(start + size - 1));
	if (start + size > k->params.max_mem_size && !k->system_running)
		return memhp_err_set(err, -E2BIG, "hotplug memory [%#llx-%#llx] is above mem=%#llx while booting",
				     (unsigned long long)start, (unsigned long long)(start + size - 1),
				     (unsigned long long)k->params.max_mem_size);
	ret = request_mem_region(&k->iomem_resource, start, size, name, flags, &res);
	if (ret == -EEXIST)
		return memhp_err_set(err, -EEXIST, "could not reserve region [%#llx-%#llx]",
				     (unsigned long long)start, (unsigned long long)(start + size - 1));
	if (ret)
		return memhp_err_set(err, ret, "could not reserve region");
	ret = add_memory_resource(k, nid, res, mhp_flags, err);
	if (ret < 0)
		release_resource_free(res);
	MM_CHECK(k);
	return ret;
}

/**
 * add_memory() - hot-add [start, start + size) as "System RAM"
 * @k: kernel
 * @nid: node, or a memory group id with MHP_NID_IS_MGID
 * @start: bytes, block aligned
 * @size: bytes, a multiple of the block size
 * @mhp_flags: enum mhp_flags
 * @err: message on failure
 *
 * Context: the caller holds the device hotplug lock.
 * Return: 0, -E2BIG (beyond the pluggable range), -EEXIST (busy range or
 * existing block), -EINVAL (alignment, group, node, memmap_on_memory), -ENOMEM.
 */
int add_memory(struct kernel *k, int nid, uint64_t start, uint64_t size, unsigned int mhp_flags,
	       struct memhp_err *err)
{
	return register_and_add(k, nid, start, size, "System RAM", mhp_flags, err);
}

/**
 * add_memory_driver_managed() - hot-add memory a driver manages, named
 * "System RAM (driver)"
 * Return: as add_memory(), and -EINVAL for a malformed @resource_name.
 */
int add_memory_driver_managed(struct kernel *k, int nid, uint64_t start, uint64_t size,
			      const char *resource_name, unsigned int mhp_flags, struct memhp_err *err)
{
	size_t n = resource_name ? strlen(resource_name) : 0;

	if (!resource_name || strncmp(resource_name, "System RAM (", 12) || n < 13 ||
	    resource_name[n - 1] != ')')
		return memhp_err_set(err, -EINVAL, "bad resource name for driver-managed memory");
	return register_and_add(k, nid, start, size, resource_name, mhp_flags, err);
}

static void try_offline_node(struct kernel *k, int nid)
{
	struct pglist_data *pgdat = NODE_DATA(k, nid);

	if (!pgdat || pgdat->node_spanned_pages)
		return;
	for (unsigned long id = 0; id < k->memsys.nr_block_slots; id++) {
		struct memory_block *mem = k->memsys.blocks[id];

		if (mem && mem->nid == nid)
			return;
	}
	if (pgdat->nr_cpus)
		return;
	node_clear_state(k, nid, N_ONLINE);
}

/**
 * remove_memory() - hot-remove [start, start + size): every block must be offline
 * Context: the caller holds the device hotplug lock.
 * Return: 0, -EINVAL (alignment; 6.1: memmap_on_memory ranges only a block
 * at a time), -EBUSY (a block is online).
 */
int remove_memory(struct kernel *k, uint64_t start, uint64_t size, struct memhp_err *err)
{
	int nid = -1, ret;
	uint64_t vmemmap_pages = 0, nr_with_altmap = 0, nr_blocks = 0;

	ret = check_hotplug_memory_range(k, start, size, err);
	if (ret)
		return ret;
	for (uint64_t a = start; a < start + size; a += k->memsys.block_size_bytes) {
		struct memory_block *mem = find_memory_block_by_id(k, a / k->memsys.block_size_bytes);

		if (!mem)
			continue;
		if (mem->state != MEM_OFFLINE)
			return memhp_err_set(err, -EBUSY, "removing memory fails, because memory [%#llx-%#llx] is onlined",
					     (unsigned long long)a,
					     (unsigned long long)(a + k->memsys.block_size_bytes - 1));
		nid = mem->nid;
		vmemmap_pages += mem->nr_vmemmap_pages;
		nr_with_altmap += mem->nr_vmemmap_pages != 0;
		nr_blocks++;
	}
	if (kernel_has(k, KF_MEMMAP_ON_MEMORY_PER_BLOCK)) {
		/* memory_blocks_have_altmaps(): all blocks of the range, or none */
		if (nr_with_altmap && nr_with_altmap != nr_blocks)
			return memhp_err_set(err, -EINVAL, "memory blocks of %#llx - %#llx mix altmaps and none",
					     (unsigned long long)start, (unsigned long long)(start + size));
	} else if (k->params.memmap_on_memory && vmemmap_pages && size != k->memsys.block_size_bytes) {
		return memhp_err_set(err, -EINVAL, "Refuse to remove %#llx - %#llx,wrong granularity",
				     (unsigned long long)start, (unsigned long long)(start + size));
	}

	firmware_map_remove(k, start, start + size, "System RAM");
	kalloc_memmap_for_remove(k, phys_pfn(start), phys_pfn(size));
	remove_memory_block_devices(k, start, size);
	sparse_remove_section(k, phys_pfn(start), phys_pfn(size));
	release_mem_region_adjustable(&k->iomem_resource, start, size);
	if (nid >= 0)
		try_offline_node(k, nid);
	MM_CHECK(k);
	return 0;
}

/**
 * register_memory_notifier() - a driver's hook on onlining and offlining
 * Return: 0 or -ENOSPC.
 */
int register_memory_notifier(struct kernel *k, memory_notifier_fn fn, void *opaque)
{
	if (k->notify.nr_chain == MAX_MEMORY_NOTIFIERS)
		return -ENOSPC;
	k->notify.chain[k->notify.nr_chain].fn = fn;
	k->notify.chain[k->notify.nr_chain].opaque = opaque;
	k->notify.nr_chain++;
	return 0;
}

void unregister_memory_notifier(struct kernel *k, memory_notifier_fn fn, void *opaque)
{
	for (int i = 0; i < k->notify.nr_chain; i++) {
		if (k->notify.chain[i].fn == fn && k->notify.chain[i].opaque == opaque) {
			memmove(&k->notify.chain[i], &k->notify.chain[i + 1],
				(size_t)(k->notify.nr_chain - i - 1) * sizeof(k->notify.chain[0]));
			k->notify.nr_chain--;
			return;
		}
	}
}

/* memory_notify(): the first veto wins */
static int memory_notify(struct kernel *k, enum mem_notify_action action, uint64_t pfn, uint64_t nr_pages)
{
	for (int i = 0; i < k->notify.nr_chain; i++) {
		int ret = k->notify.chain[i].fn(k, k->notify.chain[i].opaque, action, pfn, nr_pages);

		if (ret && (action == MEM_NOTIFY_GOING_ONLINE || action == MEM_NOTIFY_GOING_OFFLINE))
			return ret;
	}
	return 0;
}

/**
 * set_online_page_callback() - replace the generic online-page callback
 * Return: 0, or -EINVAL if a driver already replaced it.
 */
int set_online_page_callback(struct kernel *k, online_page_callback_fn fn, void *opaque)
{
	if (k->notify.online_page_cb)
		return -EINVAL;
	k->notify.online_page_cb = fn;
	k->notify.online_page_opaque = opaque;
	return 0;
}

void restore_online_page_callback(struct kernel *k, online_page_callback_fn fn)
{
	if (k->notify.online_page_cb == fn) {
		k->notify.online_page_cb = NULL;
		k->notify.online_page_opaque = NULL;
	}
}

/** adjust_managed_page_count() - pages of @pfn's zone enter (+) or leave (-) the buddy allocator */
void adjust_managed_page_count(struct kernel *k, uint64_t pfn, int64_t nr_pages)
{
	int nid = page_to_nid(k, pfn), zid = page_zonenum(k, pfn);

	if (nid < 0 || zid < 0)
		return;
	NODE_DATA(k, nid)->node_zones[zid].managed_pages += (uint64_t)nr_pages;
	k->totalram_pages += (uint64_t)nr_pages;
}

/**
 * online_pages() - online [pfn, pfn + nr_pages) into @zone
 * Context: device hotplug lock held; the range is offline and present.
 * Return: 0, -EINVAL (misaligned).
 */
int online_pages(struct kernel *k, uint64_t pfn, uint64_t nr_pages, struct zone *zone, int nid,
		 struct memory_group *group, struct memhp_err *err)
{
	int zid = zone_idx_of(k, zone, nid), ret;
	bool set_normal, set_memory;

	if (!nr_pages || pfn % PAGEBLOCK_NR_PAGES || (pfn + nr_pages) % PAGES_PER_SECTION)
		return memhp_err_set(err, -EINVAL, "misaligned online range");
	move_pfn_range_to_zone(k, zone, nid, pfn, nr_pages);
	set_memory = !node_state(k, nid, N_MEMORY);
	set_normal = zid <= ZONE_NORMAL && !node_state(k, nid, N_NORMAL_MEMORY);
	ret = memory_notify(k, MEM_NOTIFY_GOING_ONLINE, pfn, nr_pages);
	if (ret) {
		memory_notify(k, MEM_NOTIFY_CANCEL_ONLINE, pfn, nr_pages);
		remove_pfn_range_from_zone(k, zone, nid, pfn, nr_pages);
		return memhp_err_set(err, ret, "a memory notifier refused to online [mem %#llx-%#llx]",
				     (unsigned long long)pfn_phys(pfn),
				     (unsigned long long)pfn_phys(pfn + nr_pages) - 1);
	}

	online_mem_sections(k, pfn, pfn + nr_pages, zid);
	/* the online-page callback decides what reaches the buddy allocator (managed grows by that) */
	ret = online_pages_range(k, pfn, nr_pages);
	if (ret) {
		/* out of host memory: take back what reached the allocator */
		offline_isolated_pages(k, pfn, nr_pages);
		offline_mem_sections(k, pfn, pfn + nr_pages);
		memory_notify(k, MEM_NOTIFY_CANCEL_ONLINE, pfn, nr_pages);
		remove_pfn_range_from_zone(k, zone, nid, pfn, nr_pages);
		return memhp_err_set(err, ret, "out of memory onlining [mem %#llx-%#llx]",
				     (unsigned long long)pfn_phys(pfn),
				     (unsigned long long)pfn_phys(pfn + nr_pages) - 1);
	}
	adjust_present_page_count(k, pfn, group, nid, zone, (int64_t)nr_pages);
	if (set_normal)
		node_set_state(k, nid, N_NORMAL_MEMORY);
	if (set_memory) {
		node_set_state(k, nid, N_MEMORY);
		memtier_node_gained_memory(k, nid);
	}
	init_per_zone_wmark_min(k);
	memory_notify(k, MEM_NOTIFY_ONLINE, pfn, nr_pages);
	return 0;
}

/**
 * offline_pages() - offline [start_pfn, start_pfn + nr_pages) of @zone
 * Context: device hotplug lock held; the range is online in @zone.
 * Return: 0, -EINVAL (misaligned, memory holes, multizone range), -EBUSY
 * (unmovable pages: the range cannot be isolated).
 */
int offline_pages(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages, struct zone *zone, int nid,
		  struct memory_group *group, struct memhp_err *err)
{
	uint64_t end_pfn = start_pfn + nr_pages, present = 0;
	int zid = zone_idx_of(k, zone, nid), ret;
	bool clear_normal = false, clear_memory = false;

	if (!nr_pages || start_pfn % PAGEBLOCK_NR_PAGES || end_pfn % PAGES_PER_SECTION)
		return memhp_err_set(err, -EINVAL, "misaligned offline range");
	if (count_system_ram_pages(&k->iomem_resource, start_pfn, nr_pages) != nr_pages)
		return memhp_err_set(err, -EINVAL, "memory offlining [mem %#llx-%#llx] failed due to memory holes",
				     (unsigned long long)pfn_phys(start_pfn),
				     (unsigned long long)pfn_phys(end_pfn) - 1);
	if (page_zonenum(k, start_pfn) != zid || page_zonenum(k, end_pfn - 1) != zid)
		return memhp_err_set(err, -EINVAL, "memory offlining [mem %#llx-%#llx] failed due to multizone range",
				     (unsigned long long)pfn_phys(start_pfn),
				     (unsigned long long)pfn_phys(end_pfn) - 1);
	for (int z = 0; z <= ZONE_NORMAL; z++)
		present += NODE_DATA(k, nid)->node_zones[z].present_pages;
	if (zid <= ZONE_NORMAL && nr_pages >= present)
		clear_normal = true;
	present += NODE_DATA(k, nid)->node_zones[ZONE_MOVABLE].present_pages;
	if (nr_pages >= present)
		clear_memory = true;
	/*
	 * Isolation (reserved pages anywhere, unmovable ones in kernel zones give
	 * EBUSY), then the notifiers, then migration of what can move.
	 */
	ret = offline_isolate_and_migrate(k, start_pfn, nr_pages, err);
	if (ret)
		return ret;
	ret = memory_notify(k, MEM_NOTIFY_GOING_OFFLINE, start_pfn, nr_pages);
	if (ret) {
		memory_notify(k, MEM_NOTIFY_CANCEL_OFFLINE, start_pfn, nr_pages);
		undo_isolate_page_range(k, start_pfn, nr_pages);
		return memhp_err_set(err, ret, "memory offlining [mem %#llx-%#llx] failed due to notifier failure",
				     (unsigned long long)pfn_phys(start_pfn),
				     (unsigned long long)pfn_phys(end_pfn) - 1);
	}

	offline_isolated_pages(k, start_pfn, nr_pages);
	offline_mem_sections(k, start_pfn, end_pfn);
	adjust_present_page_count(k, start_pfn, group, nid, zone, -(int64_t)nr_pages);
	if (clear_normal)
		node_clear_state(k, nid, N_NORMAL_MEMORY);
	if (clear_memory)
		node_clear_state(k, nid, N_MEMORY);
	memory_notify(k, MEM_NOTIFY_OFFLINE, start_pfn, nr_pages);
	remove_pfn_range_from_zone(k, zone, nid, start_pfn, nr_pages);
	init_per_zone_wmark_min(k);
	return 0;
}

/**
 * offline_and_remove_memory() - offline every block of the range, then
 * remove it; if anything fails, the blocks offlined here come back online in
 * the kind of zone they had (Movable, or a kernel zone)
 * Return: 0, -EINVAL (alignment), or the offline or removal error.
 */
int offline_and_remove_memory(struct kernel *k, uint64_t start, uint64_t size, struct memhp_err *err)
{
	uint64_t nr = size / k->memsys.block_size_bytes, first = start / k->memsys.block_size_bytes;
	uint8_t *was = NULL;
	int ret = 0;

	if (!size || start % k->memsys.block_size_bytes || size % k->memsys.block_size_bytes)
		return memhp_err_set(err, -EINVAL, "unaligned range");
	was = calloc(nr, 1);
	if (!was)
		return -ENOMEM;
	for (uint64_t i = 0; i < nr && !ret; i++) {
		struct memory_block *mem = find_memory_block_by_id(k, (unsigned long)(first + i));

		if (!mem || mem->state == MEM_OFFLINE)
			continue;
		was[i] = mem->zone_idx == ZONE_MOVABLE ? MMOP_ONLINE_MOVABLE : MMOP_ONLINE_KERNEL;
		ret = device_offline_block(k, mem, err);
		if (ret < 0)
			was[i] = 0;
		else
			ret = 0;
	}
	if (!ret)
		ret = remove_memory(k, start, size, err);
	if (ret) {
		for (uint64_t i = 0; i < nr; i++) {
			struct memory_block *mem = find_memory_block_by_id(k, (unsigned long)(first + i));

			if (mem && was[i])
				device_online_block(k, mem, (enum mmop)was[i], NULL);
		}
	}
	free(was);
	return ret;
}

/* ---- boot parameters ---- */

static int parse_mmop(const char *s)
{
	for (int i = 0; i < MMOP_COUNT; i++)
		if (sysfs_streq(s, mmop_names[i]))
			return i;
	return -EINVAL;
}

/**
 * mhp_parse_cmdline() - the memory hotplug parameters of a kernel command line
 * @k: kernel
 * @cmdline: words separated by spaces; unknown ones are ignored as Linux
 *	passes them on to init
 *
 * Return: 0, or -EINVAL for a value Linux would reject loudly (it only warns,
 * so callers may go on).
 */
int mhp_parse_cmdline(struct kernel *k, const char *cmdline)
{
	char *copy, *save = NULL, *word;
	int ret = 0;

	if (!cmdline)
		return 0;
	copy = strdup(cmdline);
	if (!copy)
		return -ENOMEM;
	for (word = strtok_r(copy, " \t\n", &save); word; word = strtok_r(NULL, " \t\n", &save)) {
		char *eq = strchr(word, '=');
		const char *val = eq ? eq + 1 : NULL;

		if (eq)
			*eq = 0;
		/* Linux treats '-' and '_' in parameter names alike */
		for (char *p = word; *p; p++)
			if (*p == '-')
				*p = '_';
		if (!strcmp(word, "memhp_default_state") && val) {
			int t = parse_mmop(val);

			if (t >= 0)
				k->params.default_online_type = t;
		} else if (!strcmp(word, "movable_node")) {
			k->params.movable_node_enabled = true;
		} else if (!strcmp(word, "memory_hotplug.memmap_on_memory")) {
			bool b, force_ops = kernel_has(k, KF_MEMMAP_ON_MEMORY_FORCE);

			/* 6.1's ops take no value as Y; the force-aware ops need one */
			if ((!val || !*val) && !force_ops)
				k->params.memmap_on_memory = MEMMAP_ON_MEMORY_ENABLE;
			else if (!val)
				ret = -EINVAL;
			else if (force_ops && (sysfs_streq(val, "force") || sysfs_streq(val, "FORCE")))
				k->params.memmap_on_memory = MEMMAP_ON_MEMORY_FORCE;
			else if (!kstrtobool(val, &b))
				k->params.memmap_on_memory = b ? MEMMAP_ON_MEMORY_ENABLE : MEMMAP_ON_MEMORY_DISABLE;
			else
				ret = -EINVAL;
		} else if (!strcmp(word, "memory_hotplug.online_policy") && val) {
			int found = -1;

			for (int i = 0; i < ONLINE_POLICY_COUNT; i++)
				if (sysfs_streq(val, online_policy_names[i]))
					found = i;
			if (found >= 0)
				k->params.online_policy = found;
			else
				ret = -EINVAL;
		} else if (!strcmp(word, "memory_hotplug.auto_movable_ratio") && val) {
			unsigned int r;

			if (!kstrtouint(val, 0, &r))
				k->params.auto_movable_ratio = r;
			else
				ret = -EINVAL;
		} else if (!strcmp(word, "memory_hotplug.auto_movable_numa_aware")) {
			bool b;

			if (!val || !*val)
				k->params.auto_movable_numa_aware = true;
			else if (!kstrtobool(val, &b))
				k->params.auto_movable_numa_aware = b;
			else
				ret = -EINVAL;
		}
	}
	free(copy);
	return ret;
}
