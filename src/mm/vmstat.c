// SPDX-License-Identifier: MIT
/*
 * The page allocator's free lists and pageblocks as mm/vmstat.c counts them
 * for /proc/buddyinfo and /proc/pagetypeinfo: free blocks per order and
 * migratetype, and the pageblocks of each migratetype among a zone's online
 * pages.
 */
#include <string.h>

#include "mm/internal.h"
#include "mm/page_alloc_internal.h"

/* the model's migratetypes in the kernel's numbering (HighAtomic and CMA are never used here) */
static const int public_mt[MIGRATE_TYPES] = {
	[MIGRATE_UNMOVABLE] = MHP_MT_UNMOVABLE,
	[MIGRATE_MOVABLE] = MHP_MT_MOVABLE,
	[MIGRATE_RECLAIMABLE] = MHP_MT_RECLAIMABLE,
	[MIGRATE_ISOLATE] = MHP_MT_ISOLATE,
};

const char *const migratetype_names[MHP_NR_MIGRATETYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

/**
 * zone_get_free_counts() - see memhp/mm.h
 */
int zone_get_free_counts(const struct kernel *k, int nid, enum zone_type zt, struct zone_free_counts *out)
{
	const struct pglist_data *pgdat = NODE_DATA(k, nid);
	const struct zone *z;

	if (!pgdat || !node_state(k, nid, N_ONLINE) || zt >= MAX_NR_ZONES)
		return -ENOENT;
	z = &pgdat->node_zones[zt];
	memset(out, 0, sizeof(*out));
	for (int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			out->nr_free[order][public_mt[mt]] = z->free_area[order].nr_free[mt];
	/*
	 * pagetypeinfo_showblockcount_print(): a pageblock-sized stride from
	 * the zone's first pfn, counting each online pfn of this zone
	 */
	for (uint64_t pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn += PAGEBLOCK_NR_PAGES) {
		unsigned long nr = pfn_to_section_nr(pfn);

		if (!online_section_nr(k, nr)) {
			uint64_t skip = (section_nr_to_pfn(nr + 1) - pfn - 1) / PAGEBLOCK_NR_PAGES;

			pfn += skip * PAGEBLOCK_NR_PAGES;	/* the last stride in this section */
			continue;
		}
		if (pfn_valid(k, pfn) && pfn_zone(k, pfn) == z) {
			uint8_t mt = get_pageblock_migratetype(k, pfn);

			if (mt < MIGRATE_TYPES)
				out->blocks[public_mt[mt]]++;
		}
	}
	return 0;
}
_Static_assert(MAX_ORDER == MHP_NR_PAGE_ORDERS, "the public order count is the allocator's");

/**
 * vm_event_counts_get() - see memhp/mm.h
 */
void vm_event_counts_get(const struct kernel *k, struct vm_event_counts *out)
{
	memset(out, 0, sizeof(*out));
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		const struct pglist_data *pgdat = NODE_DATA(k, nid);

		if (!pgdat)
			continue;
		for (int zt = 0; zt < MAX_NR_ZONES; zt++)
			out->pgalloc[zt] += pgdat->node_zones[zt].pgalloc;
	}
	out->pgfree = k->pa.pgfree;
	out->numa_hit = k->pa.numa_hit;
	out->numa_miss = k->pa.numa_miss;
	out->numa_local = k->pa.numa_local;
	out->numa_other = k->pa.numa_other;
}
