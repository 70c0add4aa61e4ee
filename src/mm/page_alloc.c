// SPDX-License-Identifier: MIT
/*
 * The zoned buddy allocator, as Linux 6.1 organises it (mm/page_alloc.c,
 * mm/page_isolation.c, the parts of mm/migrate.c that offlining uses):
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
 *  - isolation turns the pageblocks of a range to MIGRATE_ISOLATE (refused
 *    for reserved pages anywhere, and for unmovable pages outside
 *    ZONE_MOVABLE), migration moves a process's pages elsewhere, and the
 *    free isolated pages then leave the allocator.
 * Memory layout of the state: see the comment above enum migratetype in
 * mmzone.h.  Every mutating entry point first calls page_alloc_reserve(),
 * so that the primitive steps below never fail half way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "mm/internal.h"

#define PG_NR_PAGES	PAGEBLOCK_NR_PAGES
#define TOP_ORDER	(MAX_ORDER - 1)

/* ---- free_node pool ---- */

static int fnode_reserve(struct kernel *k, uint32_t want)
{
	uint32_t avail = k->nr_fnode_free;

	if (avail >= want)
		return 0;
	if (k->nr_fnodes + (want - avail) > k->cap_fnodes) {
		uint32_t cap = k->cap_fnodes ? k->cap_fnodes * 2 : 256;
		struct free_node *n;

		while (cap < k->nr_fnodes + want)
			cap *= 2;
		n = realloc(k->fnodes, (size_t)cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		k->fnodes = n;
		k->cap_fnodes = cap;
		if (!k->nr_fnodes) {
			memset(&k->fnodes[0], 0, sizeof(k->fnodes[0]));
			k->nr_fnodes = 1;
		}
	}
	while (avail < want) {
		uint32_t i = k->nr_fnodes++;

		k->fnodes[i].next = k->fnode_free;
		k->fnode_free = i;
		k->nr_fnode_free++;
		avail++;
	}
	return 0;
}

static uint32_t fnode_get(struct kernel *k)
{
	uint32_t i = k->fnode_free;

	MEMHP_BUG_ON_MSG(!i, "page_alloc_reserve() was not called");
	k->fnode_free = k->fnodes[i].next;
	k->nr_fnode_free--;
	memset(&k->fnodes[i], 0, sizeof(k->fnodes[i]));
	return i;
}

static void fnode_put(struct kernel *k, uint32_t i)
{
	k->fnodes[i].next = k->fnode_free;
	k->fnode_free = i;
	k->nr_fnode_free++;
}

/* ---- pageblock records ---- */

static uint64_t pb_hash_of(uint64_t pbn, uint64_t size)
{
	return (pbn * 0x9e3779b97f4a7c15ULL) >> 20 & (size - 1);
}

static struct pageblock *pb_find(const struct kernel *k, uint64_t pbn)
{
	if (!k->pb_hash_size)
		return NULL;
	for (struct pageblock *pb = k->pb_hash[pb_hash_of(pbn, k->pb_hash_size)]; pb; pb = pb->hnext)
		if (pb->pbn == pbn)
			return pb;
	return NULL;
}

static int pb_hash_grow(struct kernel *k)
{
	uint64_t size = k->pb_hash_size ? k->pb_hash_size * 2 : 1024;
	struct pageblock **h = calloc(size, sizeof(*h));

	if (!h)
		return -ENOMEM;
	for (uint64_t i = 0; i < k->pb_hash_size; i++) {
		for (struct pageblock *pb = k->pb_hash[i], *next; pb; pb = next) {
			uint64_t b = pb_hash_of(pb->pbn, size);

			next = pb->hnext;
			pb->hnext = h[b];
			h[b] = pb;
		}
	}
	free(k->pb_hash);
	k->pb_hash = h;
	k->pb_hash_size = size;
	return 0;
}

/* a new record for @pbn from the spares, all pages reserved */
static struct pageblock *pb_insert(struct kernel *k, uint64_t pbn, uint8_t mt)
{
	struct pageblock *pb = NULL;
	uint64_t b;

	for (int i = 0; i < 4 && !pb; i++) {
		pb = k->spare_pb[i];
		k->spare_pb[i] = NULL;
	}
	MEMHP_BUG_ON_MSG(!pb, "page_alloc_reserve() was not called");
	k->pa_refill = true;
	memset(pb, 0, sizeof(*pb));
	pb->pbn = pbn;
	pb->mt = mt;
	pb->nid = (uint8_t)page_to_nid(k, pbn << PAGEBLOCK_ORDER);
	pb->zid = (uint8_t)page_zonenum(k, pbn << PAGEBLOCK_ORDER);
	pb->uniform.state = PG_RESERVED;
	b = pb_hash_of(pbn, k->pb_hash_size);
	pb->hnext = k->pb_hash[b];
	k->pb_hash[b] = pb;
	k->nr_pageblocks++;
	return pb;
}

static void pb_remove(struct kernel *k, struct pageblock *pb)
{
	struct pageblock **pp = &k->pb_hash[pb_hash_of(pb->pbn, k->pb_hash_size)];

	while (*pp != pb)
		pp = &(*pp)->hnext;
	*pp = pb->hnext;
	k->nr_pageblocks--;
	free(pb->pages);
	free(pb);
}

/* give @pb a per-page array filled from its uniform state */
static void pb_split(struct kernel *k, struct pageblock *pb)
{
	struct page *pages = NULL;

	if (pb->pages)
		return;
	for (int i = 0; i < 2 && !pages; i++) {
		pages = k->spare_pages[i];
		k->spare_pages[i] = NULL;
	}
	MEMHP_BUG_ON_MSG(!pages, "page_alloc_reserve() was not called");
	k->pa_refill = true;
	pages[0] = pb->uniform;
	for (unsigned long i = 1; i < PG_NR_PAGES; i++) {
		pages[i] = pb->uniform;
		if (pb->uniform.state == PG_BUDDY || pb->uniform.state == PG_ALLOC) {
			pages[i].state = PG_TAIL;
			pages[i].order = 0;
			pages[i].owner = 0;
			pages[i].index = 0;
		}
	}
	pb->pages = pages;
}

/**
 * page_alloc_reserve() - make sure the next primitive step (one allocation,
 * one free, one isolation or migration of a block) finds what it needs
 * Return: 0 or -ENOMEM (nothing changed).
 */
static int runs_reserve(struct zone *z, uint32_t more);

static int page_alloc_refill(struct kernel *k);

/*
 * Free nodes kept in hand: one allocation (splits: 2 * MAX_ORDER), and the
 * frees that may follow it without another reservation (a per-cpu bulk free
 * of up to 256 pages, each of which may need a node) - frees never fail.
 */
#define FNODE_RESERVE	(2 * MAX_ORDER + 4 + 256)

int page_alloc_reserve(struct kernel *k)
{
	/* fast path: nothing was used up since the last full check */
	if (__builtin_expect(!k->pa_refill && k->nr_fnode_free >= FNODE_RESERVE &&
			     (k->nr_pageblocks + 4) * 2 <= k->pb_hash_size, 1))
		return 0;
	return page_alloc_refill(k);
}

static int page_alloc_refill(struct kernel *k)
{
	if (fnode_reserve(k, FNODE_RESERVE))
		return -ENOMEM;
	for (uint64_t mask = k->node_states[N_MEMORY]; mask; mask &= mask - 1) {
		struct pglist_data *pgdat = k->node_data[__builtin_ctzll(mask)];

		if (!pgdat)
			continue;
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			if (pgdat->node_zones[zid].nr_runs + 4 > pgdat->node_zones[zid].cap_runs &&
			    runs_reserve(&pgdat->node_zones[zid], 4))
				return -ENOMEM;
	}
	if ((k->nr_pageblocks + 4) * 2 > k->pb_hash_size && pb_hash_grow(k))
		return -ENOMEM;
	for (int i = 0; i < 4; i++)
		if (!k->spare_pb[i] && !(k->spare_pb[i] = malloc(sizeof(struct pageblock))))
			return -ENOMEM;
	for (int i = 0; i < 2; i++)
		if (!k->spare_pages[i] && !(k->spare_pages[i] = malloc(PG_NR_PAGES * sizeof(struct page))))
			return -ENOMEM;
	k->pa_refill = false;
	return 0;
}

/* ---- zones ---- */

static struct zone *pfn_zone(const struct kernel *k, uint64_t pfn)
{
	int nid = page_to_nid(k, pfn), zid = page_zonenum(k, pfn);

	if (nid < 0 || zid < 0 || !NODE_DATA(k, nid))
		return NULL;
	return &NODE_DATA(k, nid)->node_zones[zid];
}

struct zone *page_zone_of(const struct kernel *k, uint64_t pfn)
{
	return pfn_zone(k, pfn);
}


uint64_t zone_free_pages(const struct zone *z)
{
	uint64_t pcp = 0;

	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		pcp += z->pcp.count[mt];
	return z->nr_free_pages + pcp;
}

/* ---- free runs of MAX_ORDER-1 blocks ---- */

/* index in z->runs of the last run starting at or below @pfn, or -1 */
static long run_slot(const struct kernel *k, const struct zone *z, uint64_t pfn)
{
	long lo = 0, hi = (long)z->nr_runs - 1, found = -1;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;

		if (k->fnodes[z->runs[mid]].pfn <= pfn) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

/* the run holding @pfn, or 0 */
static uint32_t run_find(const struct kernel *k, const struct zone *z, uint64_t pfn)
{
	long s = run_slot(k, z, pfn);
	const struct free_node *n;

	if (s < 0)
		return 0;
	n = &k->fnodes[z->runs[s]];
	return pfn < n->pfn + (n->nr << TOP_ORDER) ? z->runs[s] : 0;
}

static int runs_reserve(struct zone *z, uint32_t more)
{
	uint32_t *r;
	uint32_t cap;

	if (z->nr_runs + more <= z->cap_runs)
		return 0;
	cap = z->cap_runs ? z->cap_runs * 2 : 16;
	while (cap < z->nr_runs + more)
		cap *= 2;
	r = realloc(z->runs, cap * sizeof(*r));
	if (!r)
		return -ENOMEM;
	z->runs = r;
	z->cap_runs = cap;
	return 0;
}

static void runs_index_add(struct kernel *k, struct zone *z, uint32_t idx)
{
	long s = run_slot(k, z, k->fnodes[idx].pfn) + 1;

	MEMHP_BUG_ON_MSG(z->nr_runs == z->cap_runs && runs_reserve(z, 1),
			 "out of host memory for the free runs' index");
	memmove(&z->runs[s + 1], &z->runs[s], (z->nr_runs - (uint32_t)s) * sizeof(z->runs[0]));
	z->runs[s] = idx;
	z->nr_runs++;
	if (z->nr_runs + 4 > z->cap_runs)
		k->pa_refill = true;
}

static void runs_index_del(struct kernel *k, struct zone *z, uint32_t idx)
{
	long s = run_slot(k, z, k->fnodes[idx].pfn);

	memmove(&z->runs[s], &z->runs[s + 1], (z->nr_runs - (uint32_t)s - 1) * sizeof(z->runs[0]));
	z->nr_runs--;
}

/* ---- free lists ---- */

static void list_link(struct kernel *k, struct zone *z, uint32_t idx, bool tail)
{
	struct free_node *n = &k->fnodes[idx];
	struct free_area *area = &z->free_area[n->order];

	if (tail) {
		n->prev = area->tail[n->mt];
		n->next = 0;
		if (n->prev)
			k->fnodes[n->prev].next = idx;
		else
			area->head[n->mt] = idx;
		area->tail[n->mt] = idx;
	} else {
		n->next = area->head[n->mt];
		n->prev = 0;
		if (n->next)
			k->fnodes[n->next].prev = idx;
		else
			area->tail[n->mt] = idx;
		area->head[n->mt] = idx;
	}
	area->nr_free[n->mt] += n->nr;
	z->nr_free_pages += n->nr << n->order;
}

static void list_unlink(struct kernel *k, struct zone *z, uint32_t idx)
{
	struct free_node *n = &k->fnodes[idx];
	struct free_area *area = &z->free_area[n->order];

	if (n->prev)
		k->fnodes[n->prev].next = n->next;
	else
		area->head[n->mt] = n->next;
	if (n->next)
		k->fnodes[n->next].prev = n->prev;
	else
		area->tail[n->mt] = n->prev;
	area->nr_free[n->mt] -= n->nr;
	z->nr_free_pages -= n->nr << n->order;
}

/* ---- page state ---- */

/*
 * The state of one page.  A page in no record: inside a free run (PG_BUDDY
 * tail or head of a MAX_ORDER-1 block), or reserved.
 */
static struct page page_get(const struct kernel *k, uint64_t pfn)
{
	const struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);
	struct page p = { .state = PG_RESERVED };

	if (pb) {
		if (pb->pages)
			return pb->pages[pfn % PG_NR_PAGES];
		p = pb->uniform;
		if (pfn % PG_NR_PAGES && (p.state == PG_BUDDY || p.state == PG_ALLOC)) {
			p.state = PG_TAIL;
			p.order = 0;
		}
		return p;
	}
	{
		const struct zone *z = pfn_zone(k, pfn);

		if (z && run_find(k, z, pfn)) {
			p.state = pfn % MAX_ORDER_NR_PAGES ? PG_TAIL : PG_BUDDY;
			p.order = pfn % MAX_ORDER_NR_PAGES ? 0 : TOP_ORDER;
		}
	}
	return p;
}

static uint8_t get_pageblock_migratetype(const struct kernel *k, uint64_t pfn)
{
	const struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);
	const struct zone *z;
	uint32_t r;

	if (pb)
		return pb->mt;
	z = pfn_zone(k, pfn);
	r = z ? run_find(k, z, pfn) : 0;
	return r ? k->fnodes[r].mt : MIGRATE_MOVABLE;
}

/* the record of @pfn's pageblock, created (reserved, of @mt) if missing */
static struct pageblock *pb_get(struct kernel *k, uint64_t pfn, uint8_t mt)
{
	struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);

	return pb ? pb : pb_insert(k, pfn >> PAGEBLOCK_ORDER, mt);
}

/*
 * Describe the block [pfn, pfn + 2^order) as @state (head) with tails.  Not
 * for free MAX_ORDER-1 blocks (runs have no records).
 */
static void set_block(struct kernel *k, uint64_t pfn, unsigned int order, uint8_t state, uint16_t owner,
		      uint32_t index, uint8_t mt)
{
	struct page head = { .state = state, .order = (uint8_t)order, .owner = owner, .index = index };

	if (order >= PAGEBLOCK_ORDER) {
		for (uint64_t p = pfn; p < pfn + (1ULL << order); p += PG_NR_PAGES) {
			struct pageblock *pb = pb_get(k, p, mt);

			free(pb->pages);
			pb->pages = NULL;
			if (p == pfn) {
				pb->uniform = head;
			} else {
				pb->uniform = (struct page){ .state = PG_TAIL };
			}
		}
		return;
	}
	{
		struct pageblock *pb = pb_get(k, pfn, mt);
		unsigned long off = pfn % PG_NR_PAGES;

		pb_split(k, pb);
		pb->pages[off] = head;
		for (unsigned long i = 1; i < (1UL << order); i++)
			pb->pages[off + i] = (struct page){ .state = PG_TAIL };
	}
}

static void set_page_index(struct kernel *k, uint64_t pfn, uint32_t index)
{
	struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);

	if (pb->pages)
		pb->pages[pfn % PG_NR_PAGES].index = index;
	else
		pb->uniform.index = index;
}

/* ---- adding and removing free blocks ---- */

/* a run on its list gets @nr more MAX_ORDER-1 blocks at its end (or start, pfn moved by the caller) */
static void run_grow(struct zone *z, struct free_node *n, uint64_t nr)
{
	n->nr += nr;
	z->free_area[TOP_ORDER].nr_free[n->mt] += nr;
	z->nr_free_pages += nr << TOP_ORDER;
}

/* run @right, adjacent above run @left and of its type, joins it */
static void run_absorb_right(struct kernel *k, struct zone *z, uint32_t left, uint32_t right)
{
	uint64_t rn = k->fnodes[right].nr;

	list_unlink(k, z, right);
	runs_index_del(k, z, right);
	fnode_put(k, right);
	run_grow(z, &k->fnodes[left], rn);
}

/* put the free block [pfn, +2^order) of @mt on its list (head or tail) */
static void add_to_free_list(struct kernel *k, struct zone *z, uint64_t pfn, unsigned int order, uint8_t mt,
			     bool tail)
{
	int nid = z->node;
	uint32_t idx;

	if (order == TOP_ORDER) {
		uint32_t left = pfn ? run_find(k, z, pfn - 1) : 0;
		uint32_t right = run_find(k, z, pfn + MAX_ORDER_NR_PAGES);

		/* no records inside a run */
		for (uint64_t p = pfn; p < pfn + MAX_ORDER_NR_PAGES; p += PG_NR_PAGES) {
			struct pageblock *pb = pb_find(k, p >> PAGEBLOCK_ORDER);

			if (pb)
				pb_remove(k, pb);
		}
		if (left && k->fnodes[left].mt == mt) {
			run_grow(z, &k->fnodes[left], 1);
			if (right && k->fnodes[right].mt == mt)
				run_absorb_right(k, z, left, right);
			return;
		}
		if (right && k->fnodes[right].mt == mt) {
			/* the run keeps its slot in the index: nothing lies between */
			k->fnodes[right].pfn = pfn;
			run_grow(z, &k->fnodes[right], 1);
			return;
		}
		idx = fnode_get(k);
		k->fnodes[idx] = (struct free_node){ .pfn = pfn, .nr = 1, .order = TOP_ORDER, .mt = mt,
						     .nid = (uint8_t)nid, .zid = (uint8_t)(z - NODE_DATA(k, nid)->node_zones) };
		runs_index_add(k, z, idx);
		list_link(k, z, idx, tail);
		return;
	}
	idx = fnode_get(k);
	k->fnodes[idx] = (struct free_node){ .pfn = pfn, .nr = 1, .order = (uint8_t)order, .mt = mt,
					     .nid = (uint8_t)nid, .zid = (uint8_t)(z - NODE_DATA(k, nid)->node_zones) };
	set_block(k, pfn, order, PG_BUDDY, 0, idx, mt);
	list_link(k, z, idx, tail);
}

/* take one MAX_ORDER-1 block at @pfn out of run @r; returns its migratetype */
static uint8_t run_take(struct kernel *k, struct zone *z, uint32_t r, uint64_t pfn)
{
	struct free_node *n = &k->fnodes[r];
	struct free_area *area = &z->free_area[TOP_ORDER];
	uint8_t mt = n->mt;
	uint64_t end = n->pfn + (n->nr << TOP_ORDER);

	if (n->nr == 1) {
		list_unlink(k, z, r);
		runs_index_del(k, z, r);
		fnode_put(k, r);
		return mt;
	}
	area->nr_free[mt]--;
	z->nr_free_pages -= MAX_ORDER_NR_PAGES;
	if (pfn == n->pfn) {
		n->pfn += MAX_ORDER_NR_PAGES;
		n->nr--;
	} else if (pfn + MAX_ORDER_NR_PAGES == end) {
		n->nr--;
	} else {
		/* split: the upper part follows the lower one on the list */
		uint32_t up = fnode_get(k);
		struct free_node *u = &k->fnodes[up];

		n = &k->fnodes[r];
		*u = *n;
		u->pfn = pfn + MAX_ORDER_NR_PAGES;
		u->nr = (end - u->pfn) >> TOP_ORDER;
		n->nr = (pfn - n->pfn) >> TOP_ORDER;
		u->prev = r;
		u->next = n->next;
		if (n->next)
			k->fnodes[n->next].prev = up;
		else
			area->tail[mt] = up;
		n->next = up;
		runs_index_add(k, z, up);
	}
	return mt;
}

/* remove the free block headed at @pfn of @order from its list */
static void del_from_free_list(struct kernel *k, struct zone *z, uint64_t pfn, unsigned int order)
{
	if (order == TOP_ORDER) {
		run_take(k, z, run_find(k, z, pfn), pfn);
		return;
	}
	{
		struct page p = page_get(k, pfn);

		list_unlink(k, z, p.index);
		fnode_put(k, p.index);
	}
}

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
		*mt = order == TOP_ORDER ? k->fnodes[run_find(k, z, pfn)].mt : k->fnodes[p.index].mt;
	return true;
}

enum fpi_flags { FPI_NONE = 0, FPI_TO_TAIL = 1 };

/* __free_one_page(): merge with free buddies, then queue at head or tail */
static void free_one_page(struct kernel *k, struct zone *z, uint64_t pfn, unsigned int order, uint8_t mt,
			  unsigned int fpi)
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
	return k->fnodes[z->free_area[order].head[mt]].pfn;
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
static void move_freepages_block(struct kernel *k, struct zone *z, uint64_t pfn, uint8_t mt, uint64_t *free_pages,
				 uint64_t *movable_pages)
{
	uint64_t start = pfn & ~(uint64_t)(PG_NR_PAGES - 1);

	*free_pages = *movable_pages = 0;
	for (uint64_t p = start; p < start + PG_NR_PAGES;) {
		struct page pg = page_get(k, p);

		if (pg.state == PG_BUDDY && pg.order < TOP_ORDER) {
			struct free_node *n = &k->fnodes[pg.index];

			list_unlink(k, z, pg.index);
			n->mt = mt;
			list_link(k, z, pg.index, true);
			*free_pages += 1ULL << pg.order;
			p += 1ULL << pg.order;
			continue;
		}
		if (pg.state == PG_ALLOC) {
			if (k->owners[pg.owner].movable)
				*movable_pages += 1ULL << pg.order;
			p += 1ULL << pg.order;
			continue;
		}
		p++;
	}
}

static void set_pageblock_migratetype(struct kernel *k, uint64_t pfn, uint8_t mt)
{
	struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);

	if (pb)
		pb->mt = mt;
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
			k->fnodes[pg.index].mt = start_mt;
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
		k->fnodes[pg.index].mt = start_mt;
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

		if (page_alloc_reserve(k))
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
			if (page_alloc_reserve(k) || !rmqueue(k, z, 0, mt, nofragment, &got[n]))
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

/* ---- owners ---- */

/**
 * page_owner_new() - a holder of pages (a process, the kernel's slab, memmaps)
 * Return: its id, or -ENOMEM.
 */
int page_owner_new(struct kernel *k, const char *name, bool movable, bool track)
{
	int id;

	for (id = 1; id < k->nr_owner_slots; id++)
		if (!k->owners[id].name)
			break;
	if (id >= k->nr_owner_slots) {
		int n = k->nr_owner_slots ? k->nr_owner_slots * 2 : 16;
		struct page_owner *o;

		if (n > 65535)
			return -ENOSPC;
		o = realloc(k->owners, (size_t)n * sizeof(*o));
		if (!o)
			return -ENOMEM;
		memset(o + k->nr_owner_slots, 0, (size_t)(n - k->nr_owner_slots) * sizeof(*o));
		k->owners = o;
		k->nr_owner_slots = n;
	}
	k->owners[id].name = strdup(name);
	if (!k->owners[id].name)
		return -ENOMEM;
	k->owners[id].movable = movable;
	k->owners[id].track = track;
	return id;
}

/** page_owner_find() - Return: the owner named @name, or -ENOENT. */
int page_owner_find(const struct kernel *k, const char *name)
{
	for (int id = 1; id < k->nr_owner_slots; id++)
		if (k->owners[id].name && !strcmp(k->owners[id].name, name))
			return id;
	return -ENOENT;
}

/** page_owner_release() - forget an owner that holds no pages */
void page_owner_release(struct kernel *k, int owner)
{
	struct page_owner *o = &k->owners[owner];

	free(o->name);
	free(o->blocks);
	memset(o, 0, sizeof(*o));
}

static int owner_reserve(struct page_owner *o)
{
	uint64_t *b;
	uint32_t cap;

	if (!o->track || o->nr_blocks < o->cap_blocks)
		return 0;
	cap = o->cap_blocks ? o->cap_blocks * 2 : 64;
	b = realloc(o->blocks, cap * sizeof(*b));
	if (!b)
		return -ENOMEM;
	o->blocks = b;
	o->cap_blocks = cap;
	return 0;
}

/* record an allocated block for its owner (space reserved by owner_reserve()) */
static void owner_add(struct kernel *k, int owner, uint64_t pfn, unsigned int order, uint8_t mt)
{
	struct page_owner *o = &k->owners[owner];
	uint32_t slot = 0;

	if (o->track) {
		slot = o->nr_blocks++;
		o->blocks[slot] = pfn << 4 | order;
	}
	o->nr_pages += 1ULL << order;
	if (!order) {
		struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);

		if (pb && pb->pages) {
			pb->pages[pfn % PG_NR_PAGES] = (struct page){ .state = PG_ALLOC, .owner = (uint16_t)owner,
								      .index = slot };
			return;
		}
	}
	set_block(k, pfn, order, PG_ALLOC, (uint16_t)owner, slot, mt);
}

static void owner_del(struct kernel *k, int owner, uint32_t slot, unsigned int order)
{
	struct page_owner *o = &k->owners[owner];

	o->nr_pages -= 1ULL << order;
	if (!o->track)
		return;
	o->nr_blocks--;
	if (slot != o->nr_blocks) {
		uint64_t moved = o->blocks[o->nr_blocks];

		o->blocks[slot] = moved;
		set_page_index(k, moved >> 4, slot);
	}
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
	if (__builtin_expect(k->zonelist_valid[nid] && k->zonelist_mask[nid] == k->node_states[N_MEMORY] &&
			     k->zonelist_nr[nid] == 1, 1)) {
		order[0] = k->zonelist[nid][0];
		return 1;
	}
	if (!mk->zonelist_valid[nid] || mk->zonelist_mask[nid] != k->node_states[N_MEMORY]) {
		int tmp[MAX_NUMNODES], n = build_zonelist_nodes(k, nid, tmp);

		for (int i = 0; i < n; i++)
			mk->zonelist[nid][i] = (uint8_t)tmp[i];
		mk->zonelist_nr[nid] = (uint8_t)n;
		mk->zonelist_mask[nid] = k->node_states[N_MEMORY];
		mk->zonelist_valid[nid] = true;
	}
	for (int i = 0; i < k->zonelist_nr[nid]; i++)
		order[i] = k->zonelist[nid][i];
	return k->zonelist_nr[nid];
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

	if (order >= MAX_ORDER || owner <= 0 || owner >= k->nr_owner_slots || !k->owners[owner].name)
		return -EINVAL;
	if (owner_reserve(&k->owners[owner]) || page_alloc_reserve(k))
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
	/* a free needs at most one free node; the allocation paths keep FNODE_RESERVE */
	MEMHP_BUG_ON_MSG(k->nr_fnode_free < 2 && fnode_reserve(k, 2),
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
			if (k->nr_fnode_free >= n + 2 || !fnode_reserve(k, n + 2))
				free_pcppages_bulk(k, z, n);
		}
		return;
	}
	free_one_page(k, z, pfn, order, mt, FPI_NONE);
}

/** page_owner_free_all() - free every block an owner holds (it must track them) */
void page_owner_free_all(struct kernel *k, int owner)
{
	struct page_owner *o = &k->owners[owner];

	/* each free needs at most one node: take them now if the host allows */
	fnode_reserve(k, o->nr_blocks + FNODE_RESERVE);
	while (o->nr_blocks) {
		uint64_t b = o->blocks[o->nr_blocks - 1];

		free_pages(k, b >> 4, (unsigned int)(b & 15));
	}
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
	ret = page_alloc_reserve(k);
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
	run_grow(z, &k->fnodes[r], nr - 1);
	right = run_find(k, z, pfn + (nr << TOP_ORDER));
	if (right && right != r && k->fnodes[right].mt == MIGRATE_MOVABLE)
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
 * page_set_offline_held() - a driver keeps [pfn, +nr_pages) out of the
 * allocator (PageOffline).  @held: the driver keeps its reference when the
 * memory goes offline (Hyper-V, Xen), so offlining fails with EBUSY; else it
 * lets go in its notifier (virtio-mem).  The pages are not in the allocator.
 * Return: 0 or -ENOMEM.
 */
int page_set_offline_held(struct kernel *k, uint64_t pfn, uint64_t nr_pages, bool held)
{
	const struct page off = { .state = PG_OFFLINE, .index = held };

	for (uint64_t p = pfn; p < pfn + nr_pages;) {
		uint64_t pb_end = (p | (PG_NR_PAGES - 1)) + 1, stop = pb_end < pfn + nr_pages ? pb_end : pfn + nr_pages;
		struct pageblock *pb;

		if (page_alloc_reserve(k))
			return -ENOMEM;
		pb = pb_get(k, p, MIGRATE_MOVABLE);
		if (p % PG_NR_PAGES == 0 && stop == pb_end) {
			free(pb->pages);
			pb->pages = NULL;
			pb->uniform = off;
		} else {
			pb_split(k, pb);
			for (uint64_t q = p; q < stop; q++)
				pb->pages[q % PG_NR_PAGES] = off;
		}
		p = stop;
	}
	return 0;
}

int page_set_offline(struct kernel *k, uint64_t pfn, uint64_t nr_pages)
{
	return page_set_offline_held(k, pfn, nr_pages, false);
}

/** page_is_offline() - whether @pfn is PageOffline (kept out of the allocator by a driver) */
bool page_is_offline(const struct kernel *k, uint64_t pfn)
{
	return page_get(k, pfn).state == PG_OFFLINE;
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

	if (!k->online_page_cb)
		return free_range_core(k, start_pfn, end);
	for (uint64_t pfn = start_pfn; pfn < end;) {
		unsigned int order = max_order_at(pfn, end);
		int ret = k->online_page_cb ? k->online_page_cb(k, k->online_page_opaque, pfn, order) :
					      generic_online_page(k, pfn, order);

		if (ret)
			return ret;
		pfn += 1ULL << order;
	}
	return 0;
}

/* ---- isolation and migration ---- */

/* an allocated block that cannot move: the kernel's own, outside ZONE_MOVABLE */
static bool unmovable_block(const struct kernel *k, struct page p, int zid)
{
	return p.state == PG_ALLOC && zid != ZONE_MOVABLE && !k->owners[p.owner].movable;
}

/*
 * has_unmovable_pages() of one pageblock: reserved pages anywhere, pages the
 * kernel holds outside ZONE_MOVABLE.  @offline: PageOffline pages are fine
 * (memory offlining), else they count as unmovable.
 */
static bool pageblock_unmovable(const struct kernel *k, uint64_t pb_start, int zid, bool offline)
{
	const struct pageblock *pb = pb_find(k, pb_start >> PAGEBLOCK_ORDER);

	if (!pb) {
		const struct zone *z = pfn_zone(k, pb_start);

		return !(z && run_find(k, z, pb_start));
	}
	if (!pb->pages) {
		struct page p = pb->uniform;

		if (p.state == PG_TAIL)		/* second half of an order-10 block */
			p = page_get(k, pb_start - PG_NR_PAGES);
		if (p.state == PG_RESERVED || (p.state == PG_OFFLINE && !offline))
			return true;
		return unmovable_block(k, p, zid);
	}
	for (unsigned long i = 0; i < PG_NR_PAGES; i++) {
		struct page p = pb->pages[i];

		if (p.state == PG_RESERVED || (p.state == PG_OFFLINE && !offline))
			return true;
		if (unmovable_block(k, p, zid))
			return true;
	}
	return false;
}

/*
 * Set the pageblocks of [start, end) to @mt and move their free blocks to
 * @mt's lists.  Isolating: a free MAX_ORDER-1 block that the border cuts is
 * split into its two pageblocks first, and what that needs was reserved by
 * isolate_reserve().  Un-isolating needs nothing: isolated runs lie inside
 * the range and change type where they are; free pageblocks merge again.
 */
static void set_range_migratetype(struct kernel *k, struct zone *z, uint64_t start, uint64_t end, uint8_t mt)
{
	for (uint64_t pfn = start; pfn < end;) {
		uint32_t r = run_find(k, z, pfn);

		if (r && mt != MIGRATE_ISOLATE && k->fnodes[r].mt == MIGRATE_ISOLATE) {
			struct free_node *n = &k->fnodes[r];

			list_unlink(k, z, r);
			n->mt = mt;
			list_link(k, z, r, true);
			pfn = n->pfn + (n->nr << TOP_ORDER);
			continue;
		}
		if (r) {
			struct free_node *n = &k->fnodes[r];
			uint64_t rend = n->pfn + (n->nr << TOP_ORDER), stop = rend < end ? rend : end;
			uint64_t blk = pfn & ~(uint64_t)(MAX_ORDER_NR_PAGES - 1);
			uint8_t old = n->mt;

			if (old == mt) {
				pfn = stop;
				continue;
			}
			if (blk < start || blk + MAX_ORDER_NR_PAGES > end) {
				run_take(k, z, r, blk);
				for (uint64_t p = blk; p < blk + MAX_ORDER_NR_PAGES; p += PG_NR_PAGES)
					add_to_free_list(k, z, p, PAGEBLOCK_ORDER, p >= start && p < end ? mt : old, true);
				pfn = blk + MAX_ORDER_NR_PAGES;
				continue;
			}
			for (; pfn < stop && pfn + MAX_ORDER_NR_PAGES <= end; pfn += MAX_ORDER_NR_PAGES) {
				run_take(k, z, run_find(k, z, pfn), pfn);
				add_to_free_list(k, z, pfn, TOP_ORDER, mt, true);
			}
			continue;
		}
		{
			uint64_t fp, mp;
			struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);

			if (pb) {
				pb->mt = mt;
				move_freepages_block(k, z, pfn, mt, &fp, &mp);
				if (mt != MIGRATE_ISOLATE && !pb->pages && pb->uniform.state == PG_BUDDY) {
					/* a whole free pageblock may merge with its buddy again */
					del_from_free_list(k, z, pfn, PAGEBLOCK_ORDER);
					free_one_page(k, z, pfn, PAGEBLOCK_ORDER, mt, FPI_TO_TAIL);
				}
			}
			pfn += PG_NR_PAGES;
		}
	}
}

static int isolate_reserve(struct kernel *k, struct zone *z, uint64_t start, uint64_t end)
{
	uint32_t runs = 0;

	for (uint64_t pfn = start; pfn < end; pfn += MAX_ORDER_NR_PAGES)
		if (run_find(k, z, pfn))
			runs++;
	/* the undo merges at most the two border blocks back into runs */
	if (fnode_reserve(k, runs + FNODE_RESERVE) || runs_reserve(z, runs + 8))
		return -ENOMEM;
	return page_alloc_reserve(k);
}

/* start_isolate_page_range(); Return: 0, -EBUSY (unmovable page), -ENOMEM */
static int start_isolate_page_range(struct kernel *k, uint64_t start, uint64_t nr_pages, bool offline,
				    uint64_t *bad_pfn)
{
	struct zone *z = pfn_zone(k, start);
	int zid = page_zonenum(k, start);

	if (!z)
		return -EINVAL;
	for (uint64_t pfn = start; pfn < start + nr_pages; pfn += PG_NR_PAGES) {
		if (pageblock_unmovable(k, pfn, zid, offline)) {
			*bad_pfn = pfn;
			return -EBUSY;
		}
	}
	if (isolate_reserve(k, z, start, start + nr_pages))
		return -ENOMEM;
	set_range_migratetype(k, z, start, start + nr_pages, MIGRATE_ISOLATE);
	return 0;
}

/** undo_isolate_page_range() - the range's pageblocks become MIGRATE_MOVABLE again */
void undo_isolate_page_range(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages)
{
	struct zone *z = pfn_zone(k, start_pfn);

	if (!z)
		return;
	runs_reserve(z, 4);	/* best effort: the merges below rarely add a run */
	set_range_migratetype(k, z, start_pfn, start_pfn + nr_pages, MIGRATE_MOVABLE);
}

/*
 * Migrate one allocated movable block at @pfn elsewhere (not into isolated
 * pageblocks: those are on MIGRATE_ISOLATE lists).  A THP that finds no
 * order-9 target is split and migrated page by page, as 6.1 does.
 * Return: 0 or -ENOMEM.
 */
static int migrate_block(struct kernel *k, uint64_t pfn, struct page p)
{
	int nid = page_to_nid(k, pfn);
	const unsigned int gfp = GFP_HIGHUSER_MOVABLE | __GFP_OTHER_NODES;
	uint64_t target;
	int owner = p.owner;

	if (k->owners[owner].pinned)
		return -EAGAIN;		/* the extra reference makes migration fail, every time */
	if (!alloc_pages_node(k, nid, gfp, p.order, owner, &target)) {
		free_pages(k, pfn, p.order);
		return 0;
	}
	if (!p.order)
		return -ENOMEM;
	/* split the THP in place: the owner now holds order-0 pages */
	{
		struct page_owner *o = &k->owners[owner];
		uint64_t n = 1ULL << p.order;
		if (o->track && o->nr_blocks + n > o->cap_blocks) {
			uint64_t *b = realloc(o->blocks, (o->nr_blocks + n) * sizeof(*b));

			if (!b)
				return -ENOMEM;
			o->blocks = b;
			o->cap_blocks = o->nr_blocks + (uint32_t)n;
		}
		if (page_alloc_reserve(k))
			return -ENOMEM;
		owner_del(k, owner, p.index, p.order);
		for (uint64_t i = 0; i < n; i++)
			owner_add(k, owner, pfn + i, 0, get_pageblock_migratetype(k, pfn));
		for (uint64_t i = 0; i < n; i++) {
			struct page q = page_get(k, pfn + i);

			if (alloc_pages_node(k, nid, gfp, 0, owner, &target))
				return -ENOMEM;
			free_pages(k, pfn + i, q.order);
		}
	}
	return 0;
}

/* do_migrate_range() over the whole range; Return: 0 or -ENOMEM */
static int migrate_range(struct kernel *k, uint64_t start, uint64_t end)
{
	for (uint64_t pfn = start; pfn < end;) {
		struct page p = page_get(k, pfn);

		if (p.state == PG_ALLOC && k->owners[p.owner].movable) {
			int ret = migrate_block(k, pfn, p);

			if (ret)
				return ret;
			continue;	/* look at the freed pages again */
		}
		pfn += (p.state == PG_ALLOC || p.state == PG_BUDDY) ? 1ULL << p.order : 1;
	}
	return 0;
}

/* test_pages_isolated(): only free, PageOffline (when offlining) or allocated-by-us pages left */
static bool range_isolated(const struct kernel *k, uint64_t start, uint64_t end, bool offline)
{
	for (uint64_t pfn = start; pfn < end;) {
		struct page p = page_get(k, pfn);

		if (p.state == PG_BUDDY) {
			pfn += 1ULL << p.order;
			continue;
		}
		if (p.state == PG_OFFLINE && offline && !p.index) {
			pfn++;
			continue;
		}
		return false;	/* in use, or PageOffline with the driver's reference (EBUSY) */
	}
	return true;
}

/**
 * offline_isolate_and_migrate() - the first half of offline_pages(): isolate
 * the range and migrate what can move out of it
 * Return: 0 (the range is isolated and free), -EBUSY (unmovable or reserved
 * pages), -EINTR (no room to migrate: 6.1 retries until a signal arrives;
 * the model reports that signal at once), -ENOMEM.  On failure nothing is
 * isolated and every page is where it was or in its new place.
 */
int offline_isolate_and_migrate(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages, struct memhp_err *err)
{
	uint64_t bad = 0, end = start_pfn + nr_pages;
	int ret;

	drain_all_pages(k);
	ret = start_isolate_page_range(k, start_pfn, nr_pages, true, &bad);
	if (ret == -EBUSY)
		return memhp_err_set(err, -EBUSY, "memory offlining [mem %#llx-%#llx] failed due to failure to isolate range (page at pfn %#llx cannot move)",
				     (unsigned long long)pfn_phys(start_pfn), (unsigned long long)pfn_phys(end) - 1,
				     (unsigned long long)bad);
	if (ret)
		return memhp_err_set(err, ret, "out of memory");
	ret = migrate_range(k, start_pfn, end);
	drain_all_pages(k);
	if (!ret && !range_isolated(k, start_pfn, end, true))
		ret = -EBUSY;
	if (ret) {
		undo_isolate_page_range(k, start_pfn, nr_pages);
		if (ret == -ENOMEM)
			return memhp_err_set(err, -EINTR, "memory offlining [mem %#llx-%#llx] failed due to signal backoff: no free memory to migrate its pages to (Linux 6.1 retries until the writer gets a signal)",
					     (unsigned long long)pfn_phys(start_pfn), (unsigned long long)pfn_phys(end) - 1);
		if (ret == -EAGAIN)
			return memhp_err_set(err, -EINTR, "memory offlining [mem %#llx-%#llx] failed due to signal backoff: pinned pages cannot migrate (Linux 6.1 retries until the writer gets a signal)",
					     (unsigned long long)pfn_phys(start_pfn), (unsigned long long)pfn_phys(end) - 1);
		return memhp_err_set(err, ret, "memory offlining [mem %#llx-%#llx] failed due to unmovable page",
				     (unsigned long long)pfn_phys(start_pfn), (unsigned long long)pfn_phys(end) - 1);
	}
	return 0;
}

/* drop the records of a range that left the allocator */
static void drop_records(struct kernel *k, uint64_t start, uint64_t end)
{
	for (uint64_t pfn = start; pfn < end; pfn += PG_NR_PAGES) {
		struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);

		if (pb)
			pb_remove(k, pb);
	}
}

/**
 * offline_isolated_pages() - the free pages of an isolated range leave the
 * allocator; PageOffline ones were never in it
 * Return: the pages that left (what managed loses).
 */
uint64_t offline_isolated_pages(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages)
{
	struct zone *z = pfn_zone(k, start_pfn);
	uint64_t end = start_pfn + nr_pages, gone = 0;

	for (uint64_t pfn = start_pfn; pfn < end;) {
		struct page p = page_get(k, pfn);

		if (p.state == PG_BUDDY) {
			/* isolated runs start inside the range: taking from their head needs nothing */
			del_from_free_list(k, z, pfn, p.order);
			gone += 1ULL << p.order;
			pfn += 1ULL << p.order;
			continue;
		}
		pfn++;
	}
	drop_records(k, start_pfn, end);
	z->managed_pages -= gone;
	k->totalram_pages -= gone;
	return gone;
}

/**
 * alloc_contig_range() - take every page of [start_pfn, +nr_pages) (whole
 * pageblocks of one zone) for @owner, migrating what is in the way
 * Return: 0, -EBUSY (unmovable pages), -ENOMEM (no room to migrate).
 */
int alloc_contig_range(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages, int owner, struct memhp_err *err)
{
	struct zone *z = pfn_zone(k, start_pfn);
	uint64_t bad = 0, end = start_pfn + nr_pages;
	int ret;

	if (!z || start_pfn % PG_NR_PAGES || nr_pages % PG_NR_PAGES)
		return memhp_err_set(err, -EINVAL, "alloc_contig_range: range is not made of online pageblocks");
	drain_all_pages(k);
	ret = start_isolate_page_range(k, start_pfn, nr_pages, false, &bad);
	if (ret)
		return memhp_err_set(err, ret, "alloc_contig_range: [%#llx, %#llx) PFNs busy",
				     (unsigned long long)start_pfn, (unsigned long long)end);
	ret = migrate_range(k, start_pfn, end);
	drain_all_pages(k);
	if (ret == -EAGAIN || (!ret && !range_isolated(k, start_pfn, end, false)))
		ret = -EBUSY;
	if (ret) {
		undo_isolate_page_range(k, start_pfn, nr_pages);
		return memhp_err_set(err, ret, "alloc_contig_range: [%#llx, %#llx) PFNs busy",
				     (unsigned long long)start_pfn, (unsigned long long)end);
	}
	/* isolate_freepages_range(): the free blocks become the owner's, one pageblock at a time */
	for (uint64_t pfn = start_pfn; pfn < end;) {
		struct page p = page_get(k, pfn);

		if (page_alloc_reserve(k) || owner_reserve(&k->owners[owner])) {
			/* out of host memory: what was taken goes back, nothing stays isolated */
			for (uint64_t q = start_pfn; q < pfn;) {
				struct page t = page_get(k, q);

				free_pages(k, q, t.order);
				q += 1ULL << t.order;
			}
			undo_isolate_page_range(k, start_pfn, nr_pages);
			return memhp_err_set(err, -ENOMEM, "out of memory");
		}
		del_from_free_list(k, z, pfn, p.order);
		if (p.order > PAGEBLOCK_ORDER) {
			/* the upper pageblock goes back for a moment */
			add_to_free_list(k, z, pfn + PG_NR_PAGES, PAGEBLOCK_ORDER, MIGRATE_ISOLATE, false);
		}
		owner_add(k, owner, pfn, p.order > PAGEBLOCK_ORDER ? PAGEBLOCK_ORDER : p.order, MIGRATE_MOVABLE);
		z->nr_alloc_pages += 1ULL << (p.order > PAGEBLOCK_ORDER ? PAGEBLOCK_ORDER : p.order);
		pfn += 1ULL << (p.order > PAGEBLOCK_ORDER ? PAGEBLOCK_ORDER : p.order);
	}
	for (uint64_t pfn = start_pfn; pfn < end; pfn += PG_NR_PAGES)
		set_pageblock_migratetype(k, pfn, MIGRATE_MOVABLE);
	return 0;
}

/**
 * fake_offline_pages() - pages a driver took with alloc_contig_range() leave
 * the allocator for good (PageOffline; managed shrinks)
 * Return: 0 or -ENOMEM.
 */
int fake_offline_pages(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages)
{
	return fake_offline_pages_held(k, start_pfn, nr_pages, false);
}

/* fake_offline_pages() for a driver that keeps its reference (@held: offlining gives EBUSY) */
int fake_offline_pages_held(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages, bool held)
{
	struct zone *z = pfn_zone(k, start_pfn);

	for (uint64_t pfn = start_pfn; pfn < start_pfn + nr_pages;) {
		struct page p = page_get(k, pfn);

		MEMHP_BUG_ON_MSG(p.state != PG_ALLOC, "pfn 0x%llx not taken with alloc_contig_range()",
				 (unsigned long long)pfn);
		owner_del(k, p.owner, p.index, p.order);
		z->nr_alloc_pages -= 1ULL << p.order;
		pfn += 1ULL << p.order;
	}
	z->managed_pages -= nr_pages;
	k->totalram_pages -= nr_pages;
	return page_set_offline_held(k, start_pfn, nr_pages, held);
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
	uint64_t pages_min = k->min_free_kbytes >> (PAGE_SHIFT - 10), lowmem = 0;

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
	k->min_free_kbytes = min_kb;
	setup_per_zone_wmarks(k);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; NODE_DATA(k, nid) && zid <= ZONE_NORMAL; zid++)
			if (NODE_DATA(k, nid)->node_zones[zid].present_pages)
				nr_zones++;
	recommended = PG_NR_PAGES * nr_zones * 2 + PG_NR_PAGES * nr_zones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	if (recommended > nr_free_buffer_pages(k) / 20)
		recommended = nr_free_buffer_pages(k) / 20;
	if (recommended * (PAGE_SIZE >> 10) > k->min_free_kbytes) {
		k->min_free_kbytes = recommended * (PAGE_SIZE >> 10);
		setup_per_zone_wmarks(k);
	}
	setup_per_zone_lowmem_reserve(k);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++)
			zone_set_pcp(k, &NODE_DATA(k, nid)->node_zones[zid], nid);
}

/**
 * page_alloc_state_bytes() - heap the allocator's state takes: free nodes,
 * pageblock records and their page arrays, run indices, per-cpu lists and
 * owners' block lists (what the benchmark reports per GiB)
 */
uint64_t page_alloc_state_bytes(const struct kernel *k)
{
	uint64_t b = (uint64_t)k->cap_fnodes * sizeof(struct free_node) + k->pb_hash_size * sizeof(void *);

	for (uint64_t i = 0; i < k->pb_hash_size; i++)
		for (const struct pageblock *pb = k->pb_hash[i]; pb; pb = pb->hnext)
			b += sizeof(*pb) + (pb->pages ? PG_NR_PAGES * sizeof(struct page) : 0);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &NODE_DATA(k, nid)->node_zones[zid];

			b += z->cap_runs * sizeof(uint32_t);
			for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
				b += z->pcp.cap[mt] * sizeof(uint64_t);
		}
	}
	for (int id = 0; id < k->nr_owner_slots; id++)
		b += sizeof(k->owners[id]) + k->owners[id].cap_blocks * sizeof(uint64_t);
	return b;
}

/* ---- teardown and checks ---- */

void page_alloc_fini(struct kernel *k)
{
	for (uint64_t i = 0; i < k->pb_hash_size; i++) {
		for (struct pageblock *pb = k->pb_hash[i], *next; pb; pb = next) {
			next = pb->hnext;
			free(pb->pages);
			free(pb);
		}
	}
	free(k->pb_hash);
	for (int i = 0; i < 4; i++)
		free(k->spare_pb[i]);
	for (int i = 0; i < 2; i++)
		free(k->spare_pages[i]);
	free(k->fnodes);
	for (int id = 0; id < k->nr_owner_slots; id++) {
		free(k->owners[id].name);
		free(k->owners[id].blocks);
	}
	free(k->owners);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &NODE_DATA(k, nid)->node_zones[zid];

			free(z->runs);
			for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
				free(z->pcp.lists[mt]);
		}
	}
}

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

					for (uint32_t i = z->free_area[o].head[mt]; i; prev = i, i = k->fnodes[i].next) {
						const struct free_node *n = &k->fnodes[i];

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
				const struct free_node *a = &k->fnodes[z->runs[i]], *b = &k->fnodes[z->runs[i + 1]];

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
	for (int id = 1; id < k->nr_owner_slots; id++) {
		const struct page_owner *o = &k->owners[id];

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
