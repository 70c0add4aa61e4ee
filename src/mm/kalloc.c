// SPDX-License-Identifier: MIT
/*
 * The guest kernel's own allocations, as far as they decide whether memory
 * can be offlined: boot memory in kernel zones holds reserved and unmovable
 * pages; the memmap of a hot-added range (64 bytes per page, unless
 * memmap_on_memory) is allocated from the node's kernel memory, and so pins
 * the hot-added Normal block it lands in.  Per-block page counts only: the
 * page allocator of a later issue replaces the placement rules here.
 */
#include <stdlib.h>

#include "mm/internal.h"

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
	for (uint64_t pfn = start_pfn; pfn < start_pfn + nr_pages; pfn += PAGES_PER_SECTION) {
		const struct mem_section *ms = __pfn_to_section(k, pfn);

		if (ms && (ms->flags & SECTION_IS_EARLY))
			return true;
	}
	for (uint64_t pfn = start_pfn; pfn < start_pfn + nr_pages; pfn += k->pages_per_block) {
		const struct memory_block *mem = find_memory_block_by_id(k, (unsigned long)(pfn / k->pages_per_block));

		if (mem && (mem->unmovable_pages || mem->hosted_memmap_pages))
			return true;
	}
	return false;
}
