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
 *  - the memmap of a hot-added range (unless memmap_on_memory) is allocated
 *    from the node's kernel memory, and pins the hot-added Normal block it
 *    lands in.
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

/*
 * The block a GFP_KERNEL allocation of node @nid lands in: the buddy
 * allocator serves the highest kernel zone first (Normal before DMA32), and
 * newly onlined memory is freed to the tail of its free lists, so the
 * lowest hot-added block online in ZONE_NORMAL gets it.  NULL: boot memory.
 */
static struct memory_block *kernel_alloc_target(const struct kernel *k, int nid)
{
	for (int n = 0; n < MAX_NUMNODES; n++) {
		int try = n == 0 ? nid : (n <= nid ? n - 1 : n);
		const struct pglist_data *pgdat = NODE_DATA(k, try);
		const struct zone *z;

		if (!pgdat || !node_state(k, try, N_ONLINE))
			continue;
		z = &pgdat->node_zones[ZONE_NORMAL];
		if (!populated_zone(z))
			continue;
		for (uint64_t pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn += k->pages_per_block) {
			struct memory_block *mem = find_memory_block_by_id(k, (unsigned long)(pfn / k->pages_per_block));

			if (mem && !mem->boot && mem->state == MEM_ONLINE && mem->zone_idx == ZONE_NORMAL &&
			    mem->nid == try)
				return mem;
		}
		/* boot Normal memory serves it */
		if (pgdat->node_zones[ZONE_NORMAL].present_early_pages)
			return NULL;
	}
	return NULL;
}

/**
 * kalloc_memmap_for_add() - allocate the memmap of a hot-added range from
 * node memory (its pages stay allocated until the range is removed)
 */
void kalloc_memmap_for_add(struct kernel *k, int nid, uint64_t start_pfn, uint64_t nr_pages)
{
	struct memory_block *host = kernel_alloc_target(k, nid);
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

/** kalloc_block_onlined() - a block came online */
void kalloc_block_onlined(struct kernel *k, struct memory_block *mem)
{
	(void)k;
	(void)mem;
}

/** kalloc_block_offlined() - a block went offline */
void kalloc_block_offlined(struct kernel *k, struct memory_block *mem)
{
	(void)k;
	(void)mem;
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
