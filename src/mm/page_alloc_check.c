// SPDX-License-Identifier: MIT
/*
 * The page allocator's invariants, checked as a whole: test builds run
 * page_alloc_check() after every change of the model, through
 * mm_check_invariants() (debug.c), and the unit tests call it directly.
 */
#include "lib/util.h"
#include "mm/page_alloc_internal.h"

#define PA_CHECK(cond, ...) MEMHP_BUG_ON_MSG(!(cond), __VA_ARGS__)

/**
 * page_alloc_check() - the allocator's invariants: list links and counts,
 * every listed block described by its head page, runs sorted and apart,
 * per-cpu pages marked, and managed = free + per-cpu + allocated per zone
 */
void page_alloc_check(const struct kernel *k)
{
	uint64_t owner_pages = 0, alloc_pages = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &NODE_DATA(k, nid)->node_zones[zid];
			uint64_t free = 0, pcp = 0;

			for (unsigned int o = 0; o < MAX_ORDER; o++) {
				for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
					uint64_t blocks = 0;
					uint32_t prev = 0;

					for (uint32_t i = z->free_area[o].head[mt]; i; prev = i, i = k->pa.fnodes[i].next) {
						const struct free_node *n = &k->pa.fnodes[i];

						PA_CHECK(n->prev == prev && n->order == o && n->mt == mt &&
							 n->nid == nid && n->zid == zid,
							 "node %d zone %d order %u mt %d", nid, zid, o, mt);
						PA_CHECK(n->pfn % (1ULL << o) == 0, "pfn %#llx order %u",
							 (unsigned long long)n->pfn, o);
						PA_CHECK(pfn_zone(k, n->pfn) == z, "pfn %#llx outside its zone",
							 (unsigned long long)n->pfn);
						if (o < TOP_ORDER) {
							struct page p = page_get(k, n->pfn);

							PA_CHECK(p.state == PG_BUDDY && p.order == o && p.index == i,
								 "pfn %#llx head page", (unsigned long long)n->pfn);
						} else {
							PA_CHECK(n->nr >= 1 && run_find(k, z, n->pfn) == i,
								 "run at %#llx", (unsigned long long)n->pfn);
						}
						blocks += n->nr;
					}
					PA_CHECK(z->free_area[o].tail[mt] == prev, "tail of order %u mt %d", o, mt);
					PA_CHECK(blocks == z->free_area[o].nr_free[mt], "nr_free order %u mt %d", o, mt);
					free += blocks << o;
				}
			}
			PA_CHECK(free == z->nr_free_pages, "node %d zone %d free %llu counted %llu", nid, zid,
				 (unsigned long long)z->nr_free_pages, (unsigned long long)free);
			for (uint32_t i = 0; i + 1 < z->nr_runs; i++) {
				const struct free_node *a = &k->pa.fnodes[z->runs[i]], *b = &k->pa.fnodes[z->runs[i + 1]];

				PA_CHECK(a->pfn + (a->nr << TOP_ORDER) <= b->pfn, "runs overlap at %#llx",
					 (unsigned long long)b->pfn);
			}
			for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
				for (uint32_t i = 0; i < z->pcp.count[mt]; i++)
					PA_CHECK(page_get(k, z->pcp.lists[mt][i]).state == PG_PCP, "pcp page %#llx",
						 (unsigned long long)z->pcp.lists[mt][i]);
				pcp += z->pcp.count[mt];
			}
			PA_CHECK(z->managed_pages == z->nr_free_pages + pcp + z->nr_alloc_pages,
				 "node %d zone %d managed %llu free %llu pcp %llu alloc %llu", nid, zid,
				 (unsigned long long)z->managed_pages, (unsigned long long)z->nr_free_pages,
				 (unsigned long long)pcp, (unsigned long long)z->nr_alloc_pages);
			alloc_pages += z->nr_alloc_pages;
		}
	}
	for (int id = 1; id < k->pa.nr_owner_slots; id++) {
		const struct page_owner *o = &k->pa.owners[id];

		if (!o->name)
			continue;
		owner_pages += o->nr_pages;
		for (uint32_t i = 0; o->track && i < o->nr_blocks; i++) {
			struct page p = page_get(k, o->blocks[i] >> 4);

			PA_CHECK(p.state == PG_ALLOC && p.owner == id && p.index == i &&
				 p.order == (o->blocks[i] & 15), "owner %s block %u", o->name, i);
		}
	}
	PA_CHECK(owner_pages == alloc_pages, "owners hold %llu pages, zones gave %llu",
		 (unsigned long long)owner_pages, (unsigned long long)alloc_pages);
}
