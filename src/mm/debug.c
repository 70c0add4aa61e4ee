// SPDX-License-Identifier: MIT
/*
 * Invariant checks of the guest model (the equations written on the
 * structs in mmzone.h), run after every state change when the build has
 * MEMHP_DEBUG (the test build).  A violation is a bug in the model: it is
 * reported with the invariant's text and the process aborts (MEMHP_BUG_ON).
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/util.h"
#include "mm/internal.h"

#define CHECK(cond, ...) MEMHP_BUG_ON_MSG(!(cond), __VA_ARGS__)

static void check_node(const struct kernel *k, int nid, uint64_t *managed_sum)
{
	const struct pglist_data *pgdat = k->node_data[nid];
	uint64_t present = 0, start = 0, end = 0;
	bool any = false;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		const struct zone *z = &pgdat->node_zones[zid];

		CHECK(z->managed_pages <= z->present_pages, "node %d zone %s", nid, zone_names[zid]);
		CHECK(z->present_early_pages <= z->present_pages, "node %d zone %s", nid, zone_names[zid]);
		CHECK(zid == ZONE_DEVICE ? z->present_pages == 0 : z->present_pages <= z->spanned_pages,
		      "node %d zone %s present %llu spanned %llu", nid, zone_names[zid],
		      (unsigned long long)z->present_pages, (unsigned long long)z->spanned_pages);
		CHECK(z->spanned_pages || !z->zone_start_pfn, "node %d zone %s", nid, zone_names[zid]);
		present += z->present_pages;
		*managed_sum += z->managed_pages;
		if (!z->spanned_pages)
			continue;
		if (!any || z->zone_start_pfn < start)
			start = z->zone_start_pfn;
		if (!any || zone_end_pfn(z) > end)
			end = zone_end_pfn(z);
		any = true;
	}
	CHECK(present == pgdat->node_present_pages, "node %d", nid);
	CHECK(pgdat->node_start_pfn == start && pgdat->node_spanned_pages == end - start,
	      "node %d span [%llu, +%llu) vs zones [%llu, %llu)", nid,
	      (unsigned long long)pgdat->node_start_pfn, (unsigned long long)pgdat->node_spanned_pages,
	      (unsigned long long)start, (unsigned long long)end);
}

/**
 * mm_check_invariants() - verify every invariant of the model; aborts on a violation
 */
void mm_check_invariants(const struct kernel *k)
{
	uint64_t managed = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!k->node_data[nid])
			continue;
		check_node(k, nid, &managed);
		if (node_state(k, nid, N_MEMORY))
			CHECK(node_state(k, nid, N_ONLINE), "node %d", nid);
	}
	CHECK(managed == k->totalram_pages, "managed %llu totalram %llu", (unsigned long long)managed,
	      (unsigned long long)k->totalram_pages);
	for (int i = 0; i < k->memsys.nr_group_slots; i++) {
		const struct memory_group *g = k->memsys.groups[i];
		uint64_t onlined = 0;
		int blocks = 0;

		if (!g)
			continue;
		for (unsigned long id = 0; id < k->memsys.nr_block_slots; id++) {
			const struct memory_block *mem = k->memsys.blocks[id];

			if (!mem || mem->group != g)
				continue;
			blocks++;
			if (mem->state == MEM_ONLINE)
				onlined += k->memsys.pages_per_block;
		}
		CHECK(blocks == g->nr_blocks, "group %d", g->id);
		CHECK(g->present_kernel_pages + g->present_movable_pages == onlined, "group %d", g->id);
	}
	for (unsigned long id = 0; id < k->memsys.nr_block_slots; id++) {
		const struct memory_block *mem = k->memsys.blocks[id];
		uint64_t start = (uint64_t)id * k->memsys.pages_per_block;

		if (!mem)
			continue;
		CHECK(mem->id == id, "block %lu", id);
		CHECK(mem->state != MEM_GOING_OFFLINE, "block %lu left going-offline", id);
		for (unsigned long s = 0; s < k->memsys.sections_per_block; s++) {
			unsigned long nr = pfn_to_section_nr(start) + s;

			if (!present_section_nr(k, nr))
				continue;
			CHECK(online_section_nr(k, nr) == (mem->state == MEM_ONLINE), "block %lu section %lu", id, nr);
		}
		if (mem->state == MEM_ONLINE && mem->zone_idx != SECTION_ZONE_NONE) {
			const struct zone *z = &k->node_data[mem->nid]->node_zones[mem->zone_idx];

			/* boot blocks may hold holes beyond their zone's span */
			CHECK(mem->boot ? zone_intersects(z, start, k->memsys.pages_per_block) :
					  z->zone_start_pfn <= start && start + k->memsys.pages_per_block <= zone_end_pfn(z),
			      "block %lu outside its zone %s", id, zone_names[mem->zone_idx]);
		}
		CHECK(mem->nodes_linked >> mem->nid & 1, "block %lu nid %d", id, mem->nid);
	}
	/* ZONE_DEVICE: mappings apart, inside their node's Device span, their sub-sections populated */
	for (const struct dev_pagemap *p = k->pgmaps; p; p = p->next) {
		const struct zone *z = &k->node_data[p->nid]->node_zones[ZONE_DEVICE];

		CHECK(p->start_pfn < p->end_pfn && p->start_pfn % PAGES_PER_SUBSECTION == 0 &&
		      p->end_pfn % PAGES_PER_SUBSECTION == 0, "pgmap %#llx", (unsigned long long)p->start_pfn);
		CHECK(z->zone_start_pfn <= p->start_pfn && p->end_pfn <= zone_end_pfn(z), "pgmap %#llx outside node %d's Device span",
		      (unsigned long long)p->start_pfn, p->nid);
		for (const struct dev_pagemap *q = p->next; q; q = q->next)
			CHECK(q->end_pfn <= p->start_pfn || q->start_pfn >= p->end_pfn, "pgmaps %#llx and %#llx overlap",
			      (unsigned long long)p->start_pfn, (unsigned long long)q->start_pfn);
		for (uint64_t pfn = p->start_pfn; pfn < p->end_pfn; pfn += PAGES_PER_SUBSECTION)
			CHECK(pfn_valid(k, pfn), "pgmap %#llx: pfn %#llx not valid", (unsigned long long)p->start_pfn,
			      (unsigned long long)pfn);
	}
	page_alloc_check(k);
}
