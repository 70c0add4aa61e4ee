// SPDX-License-Identifier: MIT
/*
 * The guest kernel's own allocations, as far as they decide whether memory
 * can be offlined (recorded on Linux 6.1 booted with nokaslr, so that the
 * kernel image stays at 16 MiB, in block 0):
 *  - memblock allocates top-down on each node: the boot memmap (64 bytes per
 *    page) and the other early tables sit at the top of the node's RAM and
 *    are reserved;
 *  - the buddy allocator serves the kernel from the head of the highest
 *    kernel zone's free lists, i.e. from the lowest pages of ZONE_NORMAL (or
 *    of DMA32 when there is no Normal memory), so the first block there holds
 *    slab, page tables and the like;
 *  - in hot-added memory, the kernel's allocations settle in the first block
 *    onlined into an empty ZONE_NORMAL (see node_home()), once something
 *    makes the kernel allocate after that onlining; the memmap of a later
 *    hot-added range (unless memmap_on_memory) lands there too.
 * Page counts per block and pfn ranges only: the page allocator of a later
 * issue replaces the placement rules here.
 */
#include <stdlib.h>

#include "mm/internal.h"

/* slack above the boot memmap for page tables, percpu areas and hash tables */
#define BOOT_TOP_SLACK_PAGES	2048UL		/* 8 MiB */
/* what an idle kernel has allocated from the buddy allocator after boot */
#define BOOT_KERNEL_PAGES	16384UL		/* 64 MiB */

static int add_reserved(struct kernel *k, uint64_t start_pfn, uint64_t end_pfn)
{
	struct memblock_region *r;

	if (end_pfn <= start_pfn)
		return 0;
	r = realloc(k->boot_reserved, (size_t)(k->nr_boot_reserved + 1) * sizeof(*r));
	if (!r)
		return -ENOMEM;
	k->boot_reserved = r;
	r[k->nr_boot_reserved].start_pfn = start_pfn;
	r[k->nr_boot_reserved].end_pfn = end_pfn;
	r[k->nr_boot_reserved].nid = -1;
	k->nr_boot_reserved++;
	return 0;
}

/**
 * kalloc_boot_init() - the boot memory each node's kernel keeps: the top of
 * the node (memmap and early tables) and the start of its highest kernel zone
 * Return: 0 or -ENOMEM.
 */
int kalloc_boot_init(struct kernel *k)
{
	int last_cpu_nid = 0;

	/*
	 * User space (the guest's agent) was seen running on the last CPU; its
	 * kernel allocations go to that CPU's node, or, for a node that had no
	 * memory at boot, to the nearest node with memory (numa_mem_id(); with
	 * QEMU's flat distances, the lowest such node).
	 */
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		const struct pglist_data *pgdat = NODE_DATA(k, nid);

		k->kalloc_home[nid] = -1;
		if (pgdat && pgdat->nr_cpus && (pgdat->cpumask >> (k->nr_cpus - 1) & 1))
			last_cpu_nid = nid;
	}
	if (!NODE_DATA(k, last_cpu_nid)->node_present_pages) {
		for (int nid = 0; nid < MAX_NUMNODES; nid++) {
			if (NODE_DATA(k, nid) && NODE_DATA(k, nid)->node_present_pages) {
				last_cpu_nid = nid;
				break;
			}
		}
	}
	k->activity_nid = last_cpu_nid;
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		const struct pglist_data *pgdat = NODE_DATA(k, nid);
		uint64_t top = 0, memmap, start;
		int zid, ret;

		if (!pgdat || !pgdat->node_present_pages)
			continue;
		for (int i = 0; i < k->nr_memblock; i++)
			if (k->memblock[i].nid == nid && k->memblock[i].end_pfn > top)
				top = k->memblock[i].end_pfn;
		memmap = pgdat->node_present_pages * STRUCT_PAGE_BYTES / PAGE_SIZE + BOOT_TOP_SLACK_PAGES;
		ret = add_reserved(k, top > memmap ? top - memmap : 0, top);
		if (ret)
			return ret;
		for (zid = ZONE_NORMAL; zid > ZONE_DMA; zid--)
			if (populated_zone(&pgdat->node_zones[zid]))
				break;
		start = pgdat->node_zones[zid].zone_start_pfn;
		ret = add_reserved(k, start, start + BOOT_KERNEL_PAGES);
		if (ret)
			return ret;
	}
	return 0;
}

/* pages an idle kernel's slab and page tables take once they settle in a block */
#define KERNEL_HOME_PAGES	256UL		/* 1 MiB */

/*
 * The "home" of a node's kernel allocations in hot-added memory: the first
 * hot-added block onlined into the node's ZONE_NORMAL while that zone was
 * empty.  Newly onlined memory goes to the tail of the free lists, so the
 * kernel keeps allocating from the home and later Normal blocks stay free.
 * The home holds nothing yet right after its own onlining: it is pinned by
 * the next thing that makes the kernel allocate (user space running, another
 * block coming online), and from then on it cannot be offlined.
 */
static struct memory_block *node_home(const struct kernel *k, int nid)
{
	if (nid < 0 || nid >= MAX_NUMNODES || k->kalloc_home[nid] < 0)
		return NULL;
	return find_memory_block_by_id(k, (unsigned long)k->kalloc_home[nid]);
}

static void pin_home(struct kernel *k, int nid)
{
	struct memory_block *home = node_home(k, nid);

	if (home && !home->unmovable_pages)
		home->unmovable_pages = KERNEL_HOME_PAGES;
}

/**
 * kalloc_kernel_activity() - user space ran on the guest (a process read or
 * wrote files, allocated memory): the kernel allocated on the node of the CPU
 * it ran on, pinning that node's home block
 */
void kalloc_kernel_activity(struct kernel *k)
{
	pin_home(k, k->activity_nid);
}

/**
 * kalloc_memmap_for_add() - allocate the memmap of a hot-added range from
 * node memory (its pages stay allocated until the range is removed): from
 * the node's home block if it has one, else from boot memory
 */
void kalloc_memmap_for_add(struct kernel *k, int nid, uint64_t start_pfn, uint64_t nr_pages)
{
	struct memory_block *host = node_home(k, nid);
	uint64_t memmap_pages = nr_pages * STRUCT_PAGE_BYTES / PAGE_SIZE;

	/* remember in the described blocks who hosts their memmap */
	for (uint64_t pfn = start_pfn; pfn < start_pfn + nr_pages; pfn += k->pages_per_block) {
		struct memory_block *mem = find_memory_block_by_id(k, (unsigned long)(pfn / k->pages_per_block));

		if (mem)
			mem->memmap_host = host ? (long)host->id : -1;
	}
	if (host)
		host->hosted_memmap_pages += memmap_pages;
}

/** kalloc_memmap_for_remove() - the memmap of a removed range is freed */
void kalloc_memmap_for_remove(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages)
{
	uint64_t per_block = k->pages_per_block * STRUCT_PAGE_BYTES / PAGE_SIZE;

	for (uint64_t pfn = start_pfn; pfn < start_pfn + nr_pages; pfn += k->pages_per_block) {
		struct memory_block *mem = find_memory_block_by_id(k, (unsigned long)(pfn / k->pages_per_block));
		struct memory_block *host;

		if (!mem || mem->memmap_host < 0)
			continue;
		host = find_memory_block_by_id(k, (unsigned long)mem->memmap_host);
		if (host && host->hosted_memmap_pages >= per_block)
			host->hosted_memmap_pages -= per_block;
		mem->memmap_host = -1;
	}
}

/**
 * kalloc_block_onlined() - a block came online: onlining allocates (per-CPU
 * lists, kernel threads) on the node user space runs on, which pins that
 * node's home; a hot-added block
 * that is the first in its node's empty ZONE_NORMAL becomes the node's home
 */
void kalloc_block_onlined(struct kernel *k, struct memory_block *mem)
{
	const struct zone *normal = &NODE_DATA(k, mem->nid)->node_zones[ZONE_NORMAL];

	pin_home(k, k->activity_nid);
	if (mem->boot || mem->zone_idx != ZONE_NORMAL || k->kalloc_home[mem->nid] >= 0)
		return;
	if (normal->present_pages == k->pages_per_block)
		k->kalloc_home[mem->nid] = (long)mem->id;
}

/** kalloc_block_offlined() - a block went offline (so it held nothing unmovable) */
void kalloc_block_offlined(struct kernel *k, struct memory_block *mem)
{
	if (k->kalloc_home[mem->nid] == (long)mem->id)
		k->kalloc_home[mem->nid] = -1;
}

/**
 * kalloc_range_unmovable() - whether isolating [start_pfn, +nr_pages) fails:
 * reserved boot pages, or kernel allocations in a kernel zone
 */
bool kalloc_range_unmovable(const struct kernel *k, uint64_t start_pfn, uint64_t nr_pages)
{
	for (int i = 0; i < k->nr_boot_reserved; i++) {
		const struct memblock_region *r = &k->boot_reserved[i];

		if (r->start_pfn < start_pfn + nr_pages && r->end_pfn > start_pfn)
			return true;
	}
	for (uint64_t pfn = start_pfn; pfn < start_pfn + nr_pages; pfn += k->pages_per_block) {
		const struct memory_block *mem = find_memory_block_by_id(k, (unsigned long)(pfn / k->pages_per_block));

		if (mem && (mem->unmovable_pages || mem->hosted_memmap_pages))
			return true;
	}
	return false;
}
