// SPDX-License-Identifier: MIT
/*
 * The page allocator's invariants (written on its structs in page_alloc.h,
 * page_alloc_internal.h and mmzone.h), checked as a whole: test builds run
 * page_alloc_check() after every change of the model, through
 * mm_check_invariants() (debug.c), and the unit tests call it directly.
 * A violation is a bug in the model: MEMHP_BUG_ON reports it and aborts.
 * The cheap checks on every single link and unlink are in
 * page_alloc_internal.h (PA_DEBUG_LIST).
 */
#include "lib/util.h"
#include "mm/page_alloc_internal.h"

#define PA_CHECK(cond, ...) MEMHP_BUG_ON_MSG(!(cond), __VA_ARGS__)

/* the free lists, run index and per-cpu lists of zone (@nid, @zid); Return: pages handed out */
static uint64_t check_zone(const struct kernel *k, int nid, int zid)
{
	const struct zone *z = &NODE_DATA(k, nid)->node_zones[zid];
	uint64_t free = 0, pcp = 0, runs = 0;

	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			uint64_t blocks = 0;
			uint32_t prev = 0;

			for (uint32_t i = z->free_area[o].head[mt]; i; prev = i, i = k->pa.fnodes[i].next) {
				const struct free_node *n = &k->pa.fnodes[i];

				PA_CHECK(i < k->pa.nr_fnodes, "node %d zone %d order %u mt %d: free node %u out of the pool",
					 nid, zid, o, mt, i);
				PA_CHECK(n->prev == prev && n->order == o && n->mt == mt && n->nid == nid && n->zid == zid,
					 "node %d zone %d order %u mt %d", nid, zid, o, mt);
				PA_CHECK(n->pfn % (1ULL << o) == 0, "pfn %#llx order %u", (unsigned long long)n->pfn, o);
				PA_CHECK(pfn_zone(k, n->pfn) == z, "pfn %#llx outside its zone", (unsigned long long)n->pfn);
				if (o < TOP_ORDER) {
					struct page p = page_get(k, n->pfn);

					PA_CHECK(n->nr == 1 && p.state == PG_BUDDY && p.order == o && p.index == i,
						 "pfn %#llx head page", (unsigned long long)n->pfn);
				} else {
					PA_CHECK(n->nr >= 1 && run_find(k, z, n->pfn) == i, "run at %#llx",
						 (unsigned long long)n->pfn);
					runs++;
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
	/* every run listed is in the index (above); the index holds nothing else */
	PA_CHECK(runs == z->nr_runs && z->nr_runs <= z->cap_runs, "node %d zone %d: %llu runs listed, %u indexed",
		 nid, zid, (unsigned long long)runs, z->nr_runs);
	for (uint32_t i = 0; i + 1 < z->nr_runs; i++) {
		const struct free_node *a = &k->pa.fnodes[z->runs[i]], *b = &k->pa.fnodes[z->runs[i + 1]];

		PA_CHECK(a->pfn + (a->nr << TOP_ORDER) <= b->pfn, "runs overlap at %#llx", (unsigned long long)b->pfn);
	}
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
		PA_CHECK(z->pcp.count[mt] <= z->pcp.cap[mt], "node %d zone %d pcp list %d", nid, zid, mt);
		for (uint32_t i = 0; i < z->pcp.count[mt]; i++)
			PA_CHECK(page_get(k, z->pcp.lists[mt][i]).state == PG_PCP, "pcp page %#llx",
				 (unsigned long long)z->pcp.lists[mt][i]);
		pcp += z->pcp.count[mt];
	}
	PA_CHECK(z->managed_pages == z->nr_free_pages + pcp + z->nr_alloc_pages,
		 "node %d zone %d managed %llu free %llu pcp %llu alloc %llu", nid, zid,
		 (unsigned long long)z->managed_pages, (unsigned long long)z->nr_free_pages, (unsigned long long)pcp,
		 (unsigned long long)z->nr_alloc_pages);
	return z->nr_alloc_pages;
}

/* the free-node pool and the pageblock records */
static void check_store(const struct kernel *k)
{
	uint64_t records = 0;
	uint32_t pooled = 0;

	PA_CHECK(k->pa.nr_fnodes <= k->pa.cap_fnodes, "free nodes %u, room for %u", k->pa.nr_fnodes,
		 k->pa.cap_fnodes);
	for (uint32_t i = k->pa.fnode_free; i; i = k->pa.fnodes[i].next) {
		PA_CHECK(i < k->pa.nr_fnodes && pooled < k->pa.nr_fnode_free, "free-node pool broken at %u", i);
		pooled++;
	}
	PA_CHECK(pooled == k->pa.nr_fnode_free, "free-node pool holds %u, counted %u", k->pa.nr_fnode_free, pooled);
	for (uint64_t b = 0; b < k->pa.pb_hash_size; b++) {
		for (const struct pageblock *pb = k->pa.pb_hash[b]; pb; pb = pb->hnext) {
			PA_CHECK(pb_hash_of(pb->pbn, k->pa.pb_hash_size) == b && pb->mt < MIGRATE_TYPES,
				 "pageblock record %#llx", (unsigned long long)pb->pbn);
			records++;
		}
	}
	PA_CHECK(records == k->pa.nr_pageblocks, "%llu pageblock records, counted %llu",
		 (unsigned long long)k->pa.nr_pageblocks, (unsigned long long)records);
	/* once the first refill ran (the hash exists), refill is set whenever a spare is taken */
	for (int i = 0; k->pa.pb_hash_size && !k->pa.refill && i < 4; i++)
		PA_CHECK(k->pa.spare_pb[i] && (i >= 2 || k->pa.spare_pages[i]), "spare %d used without refill", i);
}

/* every owner's blocks; Return: the pages the owners hold */
static uint64_t check_owners(const struct kernel *k)
{
	uint64_t owner_pages = 0;

	for (int id = 1; id < k->pa.nr_owner_slots; id++) {
		const struct page_owner *o = &k->pa.owners[id];
		uint64_t pages = 0;

		if (!o->name)
			continue;
		owner_pages += o->nr_pages;
		PA_CHECK(o->track ? o->nr_blocks <= o->cap_blocks : !o->nr_blocks, "owner %s block list", o->name);
		for (uint32_t i = 0; o->track && i < o->nr_blocks; i++) {
			struct page p = page_get(k, o->blocks[i] >> 4);

			PA_CHECK(p.state == PG_ALLOC && p.owner == id && p.index == i && p.order == (o->blocks[i] & 15),
				 "owner %s block %u", o->name, i);
			pages += 1ULL << (o->blocks[i] & 15);
		}
		PA_CHECK(!o->track || pages == o->nr_pages, "owner %s holds %llu pages, its blocks %llu", o->name,
			 (unsigned long long)o->nr_pages, (unsigned long long)pages);
	}
	return owner_pages;
}

/**
 * page_alloc_check() - the allocator's invariants: list links and counts,
 * every listed block described by its head page, runs indexed, sorted and
 * apart, per-cpu pages marked, managed = free + per-cpu + allocated per
 * zone, the free-node pool and the records' hash whole, and owners holding
 * exactly what the zones handed out
 */
void page_alloc_check(const struct kernel *k)
{
	uint64_t alloc_pages = 0, owner_pages;

	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++)
			alloc_pages += check_zone(k, nid, zid);
	check_store(k);
	owner_pages = check_owners(k);
	PA_CHECK(owner_pages == alloc_pages, "owners hold %llu pages, zones gave %llu", (unsigned long long)owner_pages,
		 (unsigned long long)alloc_pages);
}
