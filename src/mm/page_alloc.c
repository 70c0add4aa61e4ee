// SPDX-License-Identifier: MIT
/*
 * The zoned buddy allocator, as Linux 6.1 organises it (mm/page_alloc.c):
 *  - per zone, free lists by order and migratetype; a freed block merges
 *    with its buddy up to MAX_ORDER-1; splitting puts the upper halves at
 *    the head of the lists; memory freed by boot and by onlining goes to the
 *    tail, so the kernel and processes take the lowest pages first;
 *  - requests fall back from their migratetype to others by stealing the
 *    largest free blocks (whole pageblocks change type); with
 *    ALLOC_NOFRAGMENT (the preferred zone is Normal and DMA32 exists) only
 *    whole pageblocks may be stolen on the first pass;
 *  - zones are tried in the preferred node's zonelist order (highest zone
 *    the request allows first, then lower ones, then other nodes), each
 *    against its low watermark plus lowmem_reserve, then against min;
 *  - order-0 pages go through per-cpu lists filled and drained in batches;
 *  - boot and onlining hand memory over (free_pages_core()), and the
 *    watermarks, lowmem_reserve and per-cpu batch sizes follow managed.
 * How free blocks are recorded is free_store.c's; isolation, migration and
 * page owners have files of their own (page_alloc.h lists them).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "mm/page_alloc_internal.h"

/** zone_free_pages() - free pages of @z: on the buddy lists and the per-cpu lists */
uint64_t zone_free_pages(const struct zone *z)
{
	uint64_t pcp = 0;

	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		pcp += z->pcp.count[mt];
	return z->nr_free_pages + pcp;
}

/* ---- freeing: merging with the buddies ---- */

/* a free block of exactly @order headed at @pfn in zone @z, with its migratetype */
static bool page_is_buddy(const struct kernel *k, const struct zone *z, uint64_t pfn, unsigned int order,
			  uint8_t *mt)
{
	struct page p;

	if (pfn_zone(k, pfn) != z)
		return false;
	p = page_get(k, pfn);
	if (p.state != PG_BUDDY || p.order != order)
		return false;
	if (mt)
		*mt = order == TOP_ORDER ? k->pa.fnodes[run_find(k, z, pfn)].mt : k->pa.fnodes[p.index].mt;
	return true;
}

/* __free_one_page(): merge with free buddies, then queue at head or tail */
void free_one_page(struct kernel *k, struct zone *z, uint64_t pfn, unsigned int order, uint8_t mt, unsigned int fpi)
{
	bool tail;

	while (order < TOP_ORDER) {
		uint64_t buddy = pfn ^ (1ULL << order);
		uint8_t bmt;

		if (!page_is_buddy(k, z, buddy, order, &bmt))
			break;
		/* isolated and other pageblocks do not merge across pageblock borders */
		if (order >= PAGEBLOCK_ORDER && bmt != mt && (bmt == MIGRATE_ISOLATE || mt == MIGRATE_ISOLATE))
			break;
		del_from_free_list(k, z, buddy, order);
		pfn &= buddy;
		order++;
	}
	if (fpi & FPI_TO_TAIL) {
		tail = true;
	} else if (order < TOP_ORDER - 1) {
		uint64_t buddy = pfn ^ (1ULL << order), higher = (buddy & pfn) ^ (2ULL << order);

		tail = page_is_buddy(k, z, higher, order + 1, NULL);
	} else {
		tail = false;
	}
	add_to_free_list(k, z, pfn, order, mt, tail);
}

/* ---- taking pages ---- */

/* split a free block of @high down to @low: the upper halves go back (expand()) */
static void expand(struct kernel *k, struct zone *z, uint64_t pfn, unsigned int low, unsigned int high, uint8_t mt)
{
	while (high > low) {
		high--;
		add_to_free_list(k, z, pfn + (1ULL << high), high, mt, false);
	}
}

/* the pfn at the head of a free list */
static uint64_t list_head_pfn(const struct kernel *k, const struct zone *z, unsigned int order, uint8_t mt)
{
	return k->pa.fnodes[z->free_area[order].head[mt]].pfn;
}

static bool rmqueue_smallest(struct kernel *k, struct zone *z, unsigned int order, uint8_t mt, uint64_t *out)
{
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		uint64_t pfn;

		if (!z->free_area[o].head[mt])
			continue;
		pfn = list_head_pfn(k, z, o, mt);
		del_from_free_list(k, z, pfn, o);
		expand(k, z, pfn, order, o, mt);
		*out = pfn;
		return true;
	}
	return false;
}

static const uint8_t fallbacks[MIGRATE_PCPTYPES][2] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

static bool can_steal_fallback(unsigned int order, uint8_t start_mt)
{
	return order >= PAGEBLOCK_ORDER || order >= PAGEBLOCK_ORDER / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE;
}

static int find_suitable_fallback(const struct zone *z, unsigned int order, uint8_t mt, bool *can_steal)
{
	for (int i = 0; i < 2; i++) {
		uint8_t f = fallbacks[mt][i];

		if (z->free_area[order].head[f]) {
			*can_steal = can_steal_fallback(order, mt);
			return f;
		}
	}
	return -1;
}

/* move the free blocks of @pfn's pageblock to @mt's lists; counts free and movable pages */
void move_freepages_block(struct kernel *k, struct zone *z, uint64_t pfn, uint8_t mt, uint64_t *free_pages,
			  uint64_t *movable_pages)
{
	uint64_t start = pfn & ~(uint64_t)(PG_NR_PAGES - 1);

	*free_pages = *movable_pages = 0;
	for (uint64_t p = start; p < start + PG_NR_PAGES;) {
		struct page pg = page_get(k, p);

		if (pg.state == PG_BUDDY && pg.order < TOP_ORDER) {
			struct free_node *n = &k->pa.fnodes[pg.index];

			list_unlink(k, z, pg.index);
			n->mt = mt;
			list_link(k, z, pg.index, true);
			*free_pages += 1ULL << pg.order;
			p += 1ULL << pg.order;
			continue;
		}
		if (pg.state == PG_ALLOC) {
			if (k->pa.owners[pg.owner].movable)
				*movable_pages += 1ULL << pg.order;
			p += 1ULL << pg.order;
			continue;
		}
		p++;
	}
}

/* steal_suitable_fallback() */
static void steal_suitable_fallback(struct kernel *k, struct zone *z, uint64_t pfn, unsigned int order,
				    uint8_t start_mt, bool whole_block)
{
	uint64_t free_pages, movable_pages, alike;
	uint8_t old_mt;

	if (order >= PAGEBLOCK_ORDER) {
		/* take ownership of the whole block */
		if (order == TOP_ORDER) {
			uint32_t r = run_find(k, z, pfn);

			run_take(k, z, r, pfn);
			add_to_free_list(k, z, pfn, TOP_ORDER, start_mt, false);
		} else {
			struct page pg = page_get(k, pfn);

			list_unlink(k, z, pg.index);
			k->pa.fnodes[pg.index].mt = start_mt;
			list_link(k, z, pg.index, false);
			set_pageblock_migratetype(k, pfn, start_mt);
		}
		return;
	}
	old_mt = get_pageblock_migratetype(k, pfn);
	if (!whole_block)
		goto single_page;
	move_freepages_block(k, z, pfn, start_mt, &free_pages, &movable_pages);
	if (start_mt == MIGRATE_MOVABLE)
		alike = movable_pages;
	else if (old_mt == MIGRATE_MOVABLE)
		alike = PG_NR_PAGES - free_pages - movable_pages;
	else
		alike = 0;
	if (!free_pages)
		goto single_page;
	if (free_pages + alike >= PG_NR_PAGES / 2)
		set_pageblock_migratetype(k, pfn, start_mt);
	return;
single_page:
	{
		struct page pg = page_get(k, pfn);

		list_unlink(k, z, pg.index);
		k->pa.fnodes[pg.index].mt = start_mt;
		list_link(k, z, pg.index, false);
	}
}

/* __rmqueue_fallback(): steal from another migratetype; true if something moved */
static bool rmqueue_fallback(struct kernel *k, struct zone *z, unsigned int order, uint8_t mt, bool nofragment)
{
	unsigned int min_order = order < PAGEBLOCK_ORDER && nofragment ? PAGEBLOCK_ORDER : order;
	bool can_steal = false;
	int fmt = -1;
	int o;

	for (o = TOP_ORDER; o >= (int)min_order; o--) {
		fmt = find_suitable_fallback(z, (unsigned int)o, mt, &can_steal);
		if (fmt < 0)
			continue;
		if (!can_steal && mt == MIGRATE_MOVABLE && (unsigned int)o > order)
			goto find_smallest;
		goto do_steal;
	}
	return false;
find_smallest:
	for (o = (int)order; o < MAX_ORDER; o++) {
		fmt = find_suitable_fallback(z, (unsigned int)o, mt, &can_steal);
		if (fmt >= 0)
			break;
	}
do_steal:
	steal_suitable_fallback(k, z, list_head_pfn(k, z, (unsigned int)o, (uint8_t)fmt), (unsigned int)o, mt, can_steal);
	return true;
}

static bool rmqueue(struct kernel *k, struct zone *z, unsigned int order, uint8_t mt, bool nofragment, uint64_t *out)
{
	for (int tries = 0; tries < 4; tries++) {
		if (rmqueue_smallest(k, z, order, mt, out))
			return true;
		if (!rmqueue_fallback(k, z, order, mt, nofragment))
			return false;
	}
	return rmqueue_smallest(k, z, order, mt, out);
}

/* ---- per-cpu lists ---- */

static int pcp_reserve(struct per_cpu_pages *pcp, uint8_t mt, uint32_t more)
{
	uint64_t *l;
	uint32_t cap;

	if (pcp->count[mt] + more <= pcp->cap[mt])
		return 0;
	cap = pcp->cap[mt] ? pcp->cap[mt] * 2 : 64;
	while (cap < pcp->count[mt] + more)
		cap *= 2;
	l = realloc(pcp->lists[mt], cap * sizeof(*l));
	if (!l)
		return -ENOMEM;
	pcp->lists[mt] = l;
	pcp->cap[mt] = cap;
	return 0;
}

/* free_pcppages_bulk(): the oldest @count pages go back to the buddy lists */
static void free_pcppages_bulk(struct kernel *k, struct zone *z, uint32_t count)
{
	struct per_cpu_pages *pcp = &z->pcp;

	while (count) {
		bool any = false;

		for (uint8_t mt = 0; mt < MIGRATE_PCPTYPES && count; mt++) {
			uint64_t pfn;

			if (!pcp->count[mt])
				continue;
			any = true;
			pfn = pcp->lists[mt][0];
			memmove(&pcp->lists[mt][0], &pcp->lists[mt][1], (pcp->count[mt] - 1) * sizeof(uint64_t));
			pcp->count[mt]--;
			count--;
			free_one_page(k, z, pfn, 0, get_pageblock_migratetype(k, pfn), FPI_NONE);
		}
		if (!any)
			break;
	}
}

static void drain_zone_pages(struct kernel *k, struct zone *z)
{
	uint32_t total = 0;

	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		total += z->pcp.count[mt];
	while (total) {
		uint32_t n = total > 256 ? 256 : total;

		if (pa_reserve(k))
			return;
		free_pcppages_bulk(k, z, n);
		total -= n;
	}
}

/** drain_all_pages() - every per-cpu page back to the buddy lists */
void drain_all_pages(struct kernel *k)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++)
			drain_zone_pages(k, &NODE_DATA(k, nid)->node_zones[zid]);
}

/* rmqueue_pcplist(): an order-0 page from the per-cpu list, refilled in a batch */
static bool rmqueue_pcplist(struct kernel *k, struct zone *z, uint8_t mt, bool nofragment, uint64_t *out)
{
	struct per_cpu_pages *pcp = &z->pcp;

	if (!pcp->count[mt]) {
		uint32_t batch = pcp->batch ? pcp->batch : 1;
		uint64_t got[256];
		uint32_t n = 0;

		if (batch > 256)
			batch = 256;
		if (pcp_reserve(pcp, mt, batch))
			return false;
		while (n < batch) {
			if (pa_reserve(k) || !rmqueue(k, z, 0, mt, nofragment, &got[n]))
				break;
			set_block(k, got[n], 0, PG_PCP, 0, 0, mt);
			n++;
		}
		/* the first page taken is the next one handed out */
		for (uint32_t i = 0; i < n; i++)
			pcp->lists[mt][pcp->count[mt]++] = got[n - 1 - i];
		if (!n)
			return false;
	}
	*out = pcp->lists[mt][--pcp->count[mt]];
	return true;
}

/* ---- the allocation path ---- */

static int gfp_highest_zone(unsigned int gfp)
{
	return gfp & __GFP_MOVABLE ? ZONE_MOVABLE : ZONE_NORMAL;
}

static uint8_t gfp_migratetype(unsigned int gfp)
{
	if (gfp & __GFP_MOVABLE)
		return MIGRATE_MOVABLE;
	return gfp & __GFP_RECLAIMABLE ? MIGRATE_RECLAIMABLE : MIGRATE_UNMOVABLE;
}

/* node order of @nid's zonelist: itself, then higher ids, then lower ones (flat distances) */
static int build_zonelist_nodes(const struct kernel *k, int nid, int *order)
{
	int n = 0;

	if (node_state(k, nid, N_MEMORY))
		order[n++] = nid;
	for (int i = nid + 1; i < MAX_NUMNODES; i++)
		if (node_state(k, i, N_MEMORY))
			order[n++] = i;
	for (int i = 0; i < nid; i++)
		if (node_state(k, i, N_MEMORY))
			order[n++] = i;
	return n;
}

/* the cached zonelist of @nid, rebuilt when the set of nodes with memory changed */
static int zonelist_nodes(const struct kernel *k, int nid, int *order)
{
	struct kernel *mk = (struct kernel *)k;	/* a cache, not state */

	if (nid < 0 || nid >= MAX_NUMNODES)
		return 0;
	if (__builtin_expect(k->pa.zonelist_valid[nid] && k->pa.zonelist_mask[nid] == k->node_states[N_MEMORY] &&
			     k->pa.zonelist_nr[nid] == 1, 1)) {
		order[0] = k->pa.zonelist[nid][0];
		return 1;
	}
	if (!mk->pa.zonelist_valid[nid] || mk->pa.zonelist_mask[nid] != k->node_states[N_MEMORY]) {
		int tmp[MAX_NUMNODES], n = build_zonelist_nodes(k, nid, tmp);

		for (int i = 0; i < n; i++)
			mk->pa.zonelist[nid][i] = (uint8_t)tmp[i];
		mk->pa.zonelist_nr[nid] = (uint8_t)n;
		mk->pa.zonelist_mask[nid] = k->node_states[N_MEMORY];
		mk->pa.zonelist_valid[nid] = true;
	}
	for (int i = 0; i < k->pa.zonelist_nr[nid]; i++)
		order[i] = k->pa.zonelist[nid][i];
	return k->pa.zonelist_nr[nid];
}

static bool zone_watermark_ok(const struct zone *z, unsigned int order, uint64_t mark, int highest_zoneidx)
{
	int64_t free = (int64_t)z->nr_free_pages - (int64_t)(1ULL << order) + 1;

	if (free <= (int64_t)(mark + z->lowmem_reserve[highest_zoneidx]))
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < MAX_ORDER; o++)
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (z->free_area[o].nr_free[mt])
				return true;
	return false;
}

/* get_page_from_freelist() over the zonelist with one watermark */
static bool get_page_from_freelist(struct kernel *k, const int *nodes, int nr_nodes, unsigned int gfp,
				   unsigned int order, enum zone_watermarks wmark, bool nofragment, uint64_t *out,
				   struct zone **zout)
{
	int highest = gfp_highest_zone(gfp);
	uint8_t mt = gfp_migratetype(gfp);

	for (int i = 0; i < nr_nodes; i++) {
		for (int zid = highest; zid >= 0; zid--) {
			struct zone *z = &NODE_DATA(k, nodes[i])->node_zones[zid];

			if (!z->managed_pages)
				continue;
			if (!zone_watermark_ok(z, order, z->watermark[wmark], highest))
				continue;
			/* alloc_pages_node() reserved for one allocation */
			if (order == 0 && mt < MIGRATE_PCPTYPES ? rmqueue_pcplist(k, z, mt, nofragment, out) :
				    rmqueue(k, z, order, mt, nofragment, out)) {
				*zout = z;
				return true;
			}
		}
	}
	return false;
}

/**
 * zone_for_alloc() - the zone a request would be served from first: the
 * first zone of @nid's zonelist that passes its low watermark, or NULL
 */
struct zone *zone_for_alloc(const struct kernel *k, int nid, unsigned int gfp, unsigned int order)
{
	int nodes[MAX_NUMNODES], nr = zonelist_nodes(k, nid, nodes), highest = gfp_highest_zone(gfp);

	for (int i = 0; i < nr; i++) {
		for (int zid = highest; zid >= 0; zid--) {
			struct zone *z = &NODE_DATA(k, nodes[i])->node_zones[zid];

			if (z->managed_pages && zone_watermark_ok(z, order, z->watermark[WMARK_LOW], highest))
				return z;
		}
	}
	return NULL;
}

/**
 * alloc_pages_node() - allocate 2^@order pages for @owner, preferring @nid
 * Return: 0, or -ENOMEM (no zone the request may use has room: the real
 * kernel would reclaim, compact or kill a process).
 */
int alloc_pages_node(struct kernel *k, int nid, unsigned int gfp, unsigned int order, int owner, uint64_t *pfn)
{
	int nodes[MAX_NUMNODES], nr;
	uint8_t mt = gfp_migratetype(gfp);
	struct zone *z = NULL, *preferred = NULL;
	bool nofragment = false;
	uint64_t got;

	if (order >= MAX_ORDER || owner <= 0 || owner >= k->pa.nr_owner_slots || !k->pa.owners[owner].name)
		return -EINVAL;
	if (owner_reserve(&k->pa.owners[owner]) || pa_reserve(k))
		return -ENOMEM;
	if (gfp & __GFP_THISNODE) {
		nr = node_state(k, nid, N_MEMORY) ? 1 : 0;
		nodes[0] = nid;
	} else {
		nr = zonelist_nodes(k, nid, nodes);
		if (gfp & __GFP_OTHER_NODES && nr > 1 && nodes[0] == nid) {
			memmove(&nodes[0], &nodes[1], (size_t)(nr - 1) * sizeof(int));
			nr--;
		}
	}
	/* ALLOC_NOFRAGMENT: the preferred zone is Normal and DMA32 is there below it */
	for (int i = 0; i < nr && !preferred; i++)
		for (int zid = gfp_highest_zone(gfp); zid >= 0 && !preferred; zid--)
			if (NODE_DATA(k, nodes[i])->node_zones[zid].managed_pages)
				preferred = &NODE_DATA(k, nodes[i])->node_zones[zid];
	if (preferred && preferred == &NODE_DATA(k, nodes[0])->node_zones[ZONE_NORMAL] &&
	    NODE_DATA(k, nodes[0])->node_zones[ZONE_DMA32].present_pages)
		nofragment = true;
	if (!get_page_from_freelist(k, nodes, nr, gfp, order, WMARK_LOW, nofragment, &got, &z) &&
	    !(nofragment && get_page_from_freelist(k, nodes, nr, gfp, order, WMARK_LOW, false, &got, &z)) &&
	    ((gfp & __GFP_NORETRY) ||
	     !get_page_from_freelist(k, nodes, nr, gfp, order, WMARK_MIN, false, &got, &z)))
		return -ENOMEM;
	owner_add(k, owner, got, order, mt);
	z->nr_alloc_pages += 1ULL << order;
	/* zone_statistics(): hit on the preferred node or miss, local to the asking node or not */
	z->pgalloc += 1ULL << order;
	*(z->node == nodes[0] ? &k->pa.numa_hit : &k->pa.numa_miss) += 1ULL << order;
	*(z->node == nid ? &k->pa.numa_local : &k->pa.numa_other) += 1ULL << order;
	*pfn = got;
	return 0;
}

/**
 * free_pages() - give back the block allocated at @pfn (its order is known)
 * Context: @pfn heads an allocated block.
 */
void free_pages(struct kernel *k, uint64_t pfn, unsigned int order)
{
	struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);
	struct page *pp = pb && pb->pages ? &pb->pages[pfn % PG_NR_PAGES] : NULL;
	struct page p = pp ? *pp : page_get(k, pfn);
	struct zone *z = pb ? &NODE_DATA(k, pb->nid)->node_zones[pb->zid] : NULL;
	uint8_t mt = pb ? pb->mt : MIGRATE_MOVABLE;

	MEMHP_BUG_ON_MSG(p.state != PG_ALLOC || p.order != order || !z,
			 "double free or wrong order at pfn 0x%llx", (unsigned long long)pfn);
	owner_del(k, p.owner, p.index, order);
	z->nr_alloc_pages -= 1ULL << order;
	k->pa.pgfree += 1ULL << order;
	/* a free needs at most one free node; the allocation paths keep FNODE_RESERVE */
	MEMHP_BUG_ON_MSG(k->pa.nr_fnode_free < 2 && fnode_reserve(k, 2),
			 "out of host memory while freeing pages");
	if (order == 0 && mt < MIGRATE_PCPTYPES && !pcp_reserve(&z->pcp, mt, 1)) {
		struct per_cpu_pages *pcp = &z->pcp;
		uint32_t count = 0;

		if (pp)
			*pp = (struct page){ .state = PG_PCP };
		else
			set_block(k, pfn, 0, PG_PCP, 0, 0, mt);
		pcp->lists[mt][pcp->count[mt]++] = pfn;
		for (int i = 0; i < MIGRATE_PCPTYPES; i++)
			count += pcp->count[i];
		if (count > pcp->high) {
			uint32_t n = count - pcp->high + pcp->batch;

			/* without nodes in hand the pages simply stay on the list */
			if (k->pa.nr_fnode_free >= n + 2 || !fnode_reserve(k, n + 2))
				free_pcppages_bulk(k, z, n);
		}
		return;
	}
	free_one_page(k, z, pfn, order, mt, FPI_NONE);
}

/* ---- giving memory to the allocator ---- */

static unsigned int max_order_at(uint64_t pfn, uint64_t end)
{
	unsigned int order = TOP_ORDER;

	while (order && ((pfn & ((1ULL << order) - 1)) || pfn + (1ULL << order) > end))
		order--;
	return order;
}

/* __free_pages_core() of one block: managed grows, the block goes to the tail */
static int free_pages_core(struct kernel *k, uint64_t pfn, unsigned int order)
{
	struct zone *z = pfn_zone(k, pfn);
	int ret;

	if (!z)
		return -EINVAL;
	ret = pa_reserve(k);
	if (!ret)
		ret = runs_reserve(z, 2);
	if (ret)
		return ret;
	z->managed_pages += 1ULL << order;
	k->totalram_pages += 1ULL << order;
	free_one_page(k, z, pfn, order, MIGRATE_MOVABLE, FPI_TO_TAIL);
	return 0;
}

/*
 * Free @nr MAX_ORDER-1 blocks from @pfn (one zone, free of records) to the
 * tail at once: the same lists as freeing them one by one, without the walk.
 */
static int free_run_core(struct kernel *k, uint64_t pfn, uint64_t nr)
{
	uint64_t more = (nr - 1) << TOP_ORDER;
	struct zone *z;
	uint32_t r, right;
	/* the first block joins its neighbours as a single free would; the rest extend it */
	int ret = free_pages_core(k, pfn, TOP_ORDER);

	if (ret || nr == 1)
		return ret;
	z = pfn_zone(k, pfn);
	z->managed_pages += more;
	k->totalram_pages += more;
	r = run_find(k, z, pfn);
	run_grow(z, &k->pa.fnodes[r], nr - 1);
	right = run_find(k, z, pfn + (nr << TOP_ORDER));
	if (right && right != r && k->pa.fnodes[right].mt == MIGRATE_MOVABLE)
		run_absorb_right(k, z, r, right);
	return 0;
}

/* hand [start_pfn, end_pfn) of one zone to the allocator, the aligned middle as runs */
static int free_range_core(struct kernel *k, uint64_t start_pfn, uint64_t end_pfn)
{
	for (uint64_t pfn = start_pfn; pfn < end_pfn;) {
		unsigned int order = max_order_at(pfn, end_pfn);
		int ret;

		if (order == TOP_ORDER) {
			uint64_t nr = (end_pfn - pfn) >> TOP_ORDER;

			ret = free_run_core(k, pfn, nr);
			pfn += nr << TOP_ORDER;
		} else {
			ret = free_pages_core(k, pfn, order);
			pfn += 1ULL << order;
		}
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * memblock_free_pages() - boot: hand [start_pfn, end_pfn) to the allocator
 * (every page must be in one zone)
 * Return: 0 or -ENOMEM (the pages freed so far stay free).
 */
int memblock_free_pages(struct kernel *k, uint64_t start_pfn, uint64_t end_pfn)
{
	return free_range_core(k, start_pfn, end_pfn);
}

/** generic_online_page() - an onlined block enters the allocator. Return: 0 or -ENOMEM. */
int generic_online_page(struct kernel *k, uint64_t pfn, unsigned int order)
{
	return free_pages_core(k, pfn, order);
}

/**
 * online_pages_range() - the pages of a range being onlined go to the
 * online-page callback (a driver's, or generic_online_page()) in
 * MAX_ORDER-1 chunks
 * Return: 0 or -ENOMEM.
 */
int online_pages_range(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages)
{
	uint64_t end = start_pfn + nr_pages;

	if (!k->notify.online_page_cb)
		return free_range_core(k, start_pfn, end);
	for (uint64_t pfn = start_pfn; pfn < end;) {
		unsigned int order = max_order_at(pfn, end);
		int ret = k->notify.online_page_cb ? k->notify.online_page_cb(k, k->notify.online_page_opaque, pfn, order) :
					      generic_online_page(k, pfn, order);

		if (ret)
			return ret;
		pfn += 1ULL << order;
	}
	return 0;
}

/**
 * fake_online_pages() - PageOffline pages of an online range enter the
 * allocator (managed grows)
 * Return: 0 or -ENOMEM.
 */
int fake_online_pages(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages)
{
	uint64_t end = start_pfn + nr_pages;

	for (uint64_t pfn = start_pfn; pfn < end;) {
		unsigned int order = max_order_at(pfn, end);
		int ret = free_pages_core(k, pfn, order);

		if (ret)
			return ret;
		pfn += 1ULL << order;
	}
	return 0;
}

/* ---- watermarks ---- */

static uint64_t int_sqrt(uint64_t x)
{
	uint64_t r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

static uint64_t nr_free_buffer_pages(const struct kernel *k)
{
	uint64_t n = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; NODE_DATA(k, nid) && zid <= ZONE_NORMAL; zid++) {
			const struct zone *z = &NODE_DATA(k, nid)->node_zones[zid];

			if (z->managed_pages > z->watermark[WMARK_HIGH])
				n += z->managed_pages - z->watermark[WMARK_HIGH];
		}
	return n;
}

static void setup_per_zone_wmarks(struct kernel *k)
{
	uint64_t pages_min = k->pa.min_free_kbytes >> (PAGE_SHIFT - 10), lowmem = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; NODE_DATA(k, nid) && zid < ZONE_DEVICE; zid++)
			lowmem += NODE_DATA(k, nid)->node_zones[zid].managed_pages;
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &NODE_DATA(k, nid)->node_zones[zid];
			uint64_t tmp = lowmem ? pages_min * z->managed_pages / lowmem : 0;
			uint64_t step = tmp >> 2, scale = z->managed_pages * 10 / 10000;

			if (step < scale)
				step = scale;
			z->watermark[WMARK_MIN] = tmp;
			z->watermark[WMARK_LOW] = tmp + step;
			z->watermark[WMARK_HIGH] = tmp + 2 * step;
		}
	}
}

static void setup_per_zone_lowmem_reserve(struct kernel *k)
{
	static const unsigned int ratio[MAX_NR_ZONES] = { 256, 256, 32, 0, 0 };

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct pglist_data *pgdat = NODE_DATA(k, nid);

		for (int i = 0; pgdat && i < MAX_NR_ZONES; i++) {
			struct zone *z = &pgdat->node_zones[i];
			bool clear = !ratio[i] || !z->managed_pages;
			uint64_t managed = 0;

			memset(z->lowmem_reserve, 0, sizeof(z->lowmem_reserve));
			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				managed += pgdat->node_zones[j].managed_pages;
				z->lowmem_reserve[j] = clear ? 0 : managed / ratio[i];
			}
		}
	}
}

/* zone_batchsize() and zone_highsize() for one CPU's lists */
static void zone_set_pcp(struct kernel *k, struct zone *z, int nid)
{
	uint64_t batch = z->managed_pages / 1024;
	uint64_t high, b;
	int cpus = NODE_DATA(k, nid)->nr_cpus ? NODE_DATA(k, nid)->nr_cpus : k->nr_cpus;

	if (batch * PAGE_SIZE > 1024 * 1024)
		batch = (1024 * 1024) / PAGE_SIZE;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	b = batch + batch / 2;
	while (b & (b - 1))
		b &= b - 1;
	batch = b > 1 ? b - 1 : 1;
	high = z->watermark[WMARK_LOW] / (uint64_t)(cpus > 0 ? cpus : 1);
	if (high < batch * 4)
		high = batch * 4;
	z->pcp.batch = (uint32_t)batch;
	z->pcp.high = (uint32_t)high;
}

/**
 * init_per_zone_wmark_min() - min_free_kbytes and the watermarks, as boot
 * and every online or offline recompute them: int_sqrt(lowmem KiB * 16),
 * raised by khugepaged's recommendation (THP is enabled in the reference
 * guest: 11 pageblocks per populated kernel zone, at most 5% of lowmem)
 */
void init_per_zone_wmark_min(struct kernel *k)
{
	uint64_t lowmem_kbytes, min_kb, nr_zones = 0, recommended;

	lowmem_kbytes = nr_free_buffer_pages(k) * (PAGE_SIZE >> 10);
	min_kb = int_sqrt(lowmem_kbytes * 16);
	if (min_kb < 128)
		min_kb = 128;
	if (min_kb > 262144)
		min_kb = 262144;
	k->pa.min_free_kbytes = min_kb;
	setup_per_zone_wmarks(k);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; NODE_DATA(k, nid) && zid <= ZONE_NORMAL; zid++)
			if (NODE_DATA(k, nid)->node_zones[zid].present_pages)
				nr_zones++;
	recommended = PG_NR_PAGES * nr_zones * 2 + PG_NR_PAGES * nr_zones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	if (recommended > nr_free_buffer_pages(k) / 20)
		recommended = nr_free_buffer_pages(k) / 20;
	if (recommended * (PAGE_SIZE >> 10) > k->pa.min_free_kbytes) {
		k->pa.min_free_kbytes = recommended * (PAGE_SIZE >> 10);
		setup_per_zone_wmarks(k);
	}
	setup_per_zone_lowmem_reserve(k);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++)
			zone_set_pcp(k, &NODE_DATA(k, nid)->node_zones[zid], nid);
}

/* ---- teardown ---- */

/** page_alloc_fini() - free the host memory of every part of the allocator */
void page_alloc_fini(struct kernel *k)
{
	free_store_fini(k);
	page_owner_fini(k);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &NODE_DATA(k, nid)->node_zones[zid];

			for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
				free(z->pcp.lists[mt]);
		}
	}
}
