// SPDX-License-Identifier: MIT
/*
 * The free-state store of the page allocator: how free memory and the state
 * of pages are recorded (the layout is described in page_alloc_internal.h).
 * The free-node pool, the pageblock records and their hash, the zones'
 * indices of free runs, the state of a page or block, PageOffline ranges,
 * and adding a free block to its list or taking one off: the steps the
 * buddy allocator (page_alloc.c), isolation and migration are made of.
 * None of these steps fails: page_alloc_reserve() made room beforehand.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "mm/page_alloc_internal.h"

/* ---- free_node pool ---- */

/* at least @want free nodes in the pool; Return: 0 or -ENOMEM */
int fnode_reserve(struct kernel *k, uint32_t want)
{
	uint32_t avail = k->pa.nr_fnode_free;

	if (avail >= want)
		return 0;
	if (k->pa.nr_fnodes + (want - avail) > k->pa.cap_fnodes) {
		uint32_t cap = k->pa.cap_fnodes ? k->pa.cap_fnodes * 2 : 256;
		struct free_node *n;

		while (cap < k->pa.nr_fnodes + want)
			cap *= 2;
		n = realloc(k->pa.fnodes, (size_t)cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		k->pa.fnodes = n;
		k->pa.cap_fnodes = cap;
		if (!k->pa.nr_fnodes) {
			memset(&k->pa.fnodes[0], 0, sizeof(k->pa.fnodes[0]));
			k->pa.nr_fnodes = 1;
		}
	}
	while (avail < want) {
		uint32_t i = k->pa.nr_fnodes++;

		k->pa.fnodes[i].next = k->pa.fnode_free;
		k->pa.fnode_free = i;
		k->pa.nr_fnode_free++;
		avail++;
	}
	return 0;
}

/* ---- pageblock records ---- */

static int pb_hash_grow(struct kernel *k)
{
	uint64_t size = k->pa.pb_hash_size ? k->pa.pb_hash_size * 2 : 1024;
	struct pageblock **h = calloc(size, sizeof(*h));

	if (!h)
		return -ENOMEM;
	for (uint64_t i = 0; i < k->pa.pb_hash_size; i++) {
		for (struct pageblock *pb = k->pa.pb_hash[i], *next; pb; pb = next) {
			uint64_t b = pb_hash_of(pb->pbn, size);

			next = pb->hnext;
			pb->hnext = h[b];
			h[b] = pb;
		}
	}
	free(k->pa.pb_hash);
	k->pa.pb_hash = h;
	k->pa.pb_hash_size = size;
	return 0;
}

/* a new record for @pbn from the spares, all pages reserved */
struct pageblock *pb_insert(struct kernel *k, uint64_t pbn, uint8_t mt)
{
	struct pageblock *pb = NULL;
	uint64_t b;

	for (int i = 0; i < 4 && !pb; i++) {
		pb = k->pa.spare_pb[i];
		k->pa.spare_pb[i] = NULL;
	}
	MEMHP_BUG_ON_MSG(!pb, "page_alloc_reserve() was not called");
	k->pa.refill = true;
	memset(pb, 0, sizeof(*pb));
	pb->pbn = pbn;
	pb->mt = mt;
	pb->nid = (uint8_t)page_to_nid(k, pbn << PAGEBLOCK_ORDER);
	pb->zid = (uint8_t)page_zonenum(k, pbn << PAGEBLOCK_ORDER);
	pb->uniform.state = PG_RESERVED;
	b = pb_hash_of(pbn, k->pa.pb_hash_size);
	pb->hnext = k->pa.pb_hash[b];
	k->pa.pb_hash[b] = pb;
	k->pa.nr_pageblocks++;
	return pb;
}

/* forget @pb (its pageblock is now inside a free run, or left the allocator) */
void pb_remove(struct kernel *k, struct pageblock *pb)
{
	struct pageblock **pp = &k->pa.pb_hash[pb_hash_of(pb->pbn, k->pa.pb_hash_size)];

	while (*pp != pb)
		pp = &(*pp)->hnext;
	*pp = pb->hnext;
	k->pa.nr_pageblocks--;
	free(pb->pages);
	free(pb);
}

/* give @pb a per-page array filled from its uniform state */
void pb_split(struct kernel *k, struct pageblock *pb)
{
	struct page *pages = NULL;

	if (pb->pages)
		return;
	for (int i = 0; i < 2 && !pages; i++) {
		pages = k->pa.spare_pages[i];
		k->pa.spare_pages[i] = NULL;
	}
	MEMHP_BUG_ON_MSG(!pages, "page_alloc_reserve() was not called");
	k->pa.refill = true;
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

/* ---- the reserve ---- */

int page_alloc_reserve(struct kernel *k)
{
	return pa_reserve(k);
}

/* page_alloc_reserve()'s slow path: fill every pool and spare; 0 or -ENOMEM */
int page_alloc_refill(struct kernel *k)
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
	if ((k->pa.nr_pageblocks + 4) * 2 > k->pa.pb_hash_size && pb_hash_grow(k))
		return -ENOMEM;
	for (int i = 0; i < 4; i++)
		if (!k->pa.spare_pb[i] && !(k->pa.spare_pb[i] = malloc(sizeof(struct pageblock))))
			return -ENOMEM;
	for (int i = 0; i < 2; i++)
		if (!k->pa.spare_pages[i] && !(k->pa.spare_pages[i] = malloc(PG_NR_PAGES * sizeof(struct page))))
			return -ENOMEM;
	k->pa.refill = false;
	return 0;
}

struct zone *page_zone_of(const struct kernel *k, uint64_t pfn)
{
	return pfn_zone(k, pfn);
}

/* ---- the zones' indices of free runs ---- */

/* room for @more runs in @z's index; Return: 0 or -ENOMEM */
int runs_reserve(struct zone *z, uint32_t more)
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

void runs_index_add(struct kernel *k, struct zone *z, uint32_t idx)
{
	long s = run_slot(k, z, k->pa.fnodes[idx].pfn) + 1;

	MEMHP_BUG_ON_MSG(z->nr_runs == z->cap_runs && runs_reserve(z, 1),
			 "out of host memory for the free runs' index");
	memmove(&z->runs[s + 1], &z->runs[s], (z->nr_runs - (uint32_t)s) * sizeof(z->runs[0]));
	z->runs[s] = idx;
	z->nr_runs++;
	if (z->nr_runs + 4 > z->cap_runs)
		k->pa.refill = true;
}

void runs_index_del(struct kernel *k, struct zone *z, uint32_t idx)
{
	long s = run_slot(k, z, k->pa.fnodes[idx].pfn);

	memmove(&z->runs[s], &z->runs[s + 1], (z->nr_runs - (uint32_t)s - 1) * sizeof(z->runs[0]));
	z->nr_runs--;
}

/* ---- page state ---- */

uint8_t get_pageblock_migratetype(const struct kernel *k, uint64_t pfn)
{
	const struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);
	const struct zone *z;
	uint32_t r;

	if (pb)
		return pb->mt;
	z = pfn_zone(k, pfn);
	r = z ? run_find(k, z, pfn) : 0;
	return r ? k->pa.fnodes[r].mt : MIGRATE_MOVABLE;
}

/*
 * Describe the block [pfn, pfn + 2^order) as @state (head) with tails.  Not
 * for free MAX_ORDER-1 blocks (runs have no records).
 */
void set_block(struct kernel *k, uint64_t pfn, unsigned int order, uint8_t state, uint16_t owner, uint32_t index,
	       uint8_t mt)
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

/* the head page of the block at @pfn (which has a record) gets index @index */
void set_page_index(struct kernel *k, uint64_t pfn, uint32_t index)
{
	struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);

	if (pb->pages)
		pb->pages[pfn % PG_NR_PAGES].index = index;
	else
		pb->uniform.index = index;
}

/* @pfn's pageblock becomes @mt if it has a record (a run keeps its own type) */
void set_pageblock_migratetype(struct kernel *k, uint64_t pfn, uint8_t mt)
{
	struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);

	if (pb)
		pb->mt = mt;
}

/* ---- PageOffline ---- */

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

		if (pa_reserve(k))
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

/* ---- adding and removing free blocks ---- */

/* run @right, adjacent above run @left and of its type, joins it */
void run_absorb_right(struct kernel *k, struct zone *z, uint32_t left, uint32_t right)
{
	uint64_t rn = k->pa.fnodes[right].nr;

	list_unlink(k, z, right);
	runs_index_del(k, z, right);
	fnode_put(k, right);
	run_grow(z, &k->pa.fnodes[left], rn);
}

/* put the free block [pfn, +2^order) of @mt on its list (head or tail) */
void add_to_free_list(struct kernel *k, struct zone *z, uint64_t pfn, unsigned int order, uint8_t mt, bool tail)
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
		if (left && k->pa.fnodes[left].mt == mt) {
			run_grow(z, &k->pa.fnodes[left], 1);
			if (right && k->pa.fnodes[right].mt == mt)
				run_absorb_right(k, z, left, right);
			return;
		}
		if (right && k->pa.fnodes[right].mt == mt) {
			/* the run keeps its slot in the index: nothing lies between */
			k->pa.fnodes[right].pfn = pfn;
			run_grow(z, &k->pa.fnodes[right], 1);
			return;
		}
		idx = fnode_get(k);
		k->pa.fnodes[idx] = (struct free_node){ .pfn = pfn, .nr = 1, .order = TOP_ORDER, .mt = mt,
							.nid = (uint8_t)nid,
							.zid = (uint8_t)(z - NODE_DATA(k, nid)->node_zones) };
		runs_index_add(k, z, idx);
		list_link(k, z, idx, tail);
		return;
	}
	idx = fnode_get(k);
	k->pa.fnodes[idx] = (struct free_node){ .pfn = pfn, .nr = 1, .order = (uint8_t)order, .mt = mt,
						.nid = (uint8_t)nid, .zid = (uint8_t)(z - NODE_DATA(k, nid)->node_zones) };
	set_block(k, pfn, order, PG_BUDDY, 0, idx, mt);
	list_link(k, z, idx, tail);
}

/* take one TOP_ORDER block at @pfn out of run @r; returns its migratetype */
uint8_t run_take(struct kernel *k, struct zone *z, uint32_t r, uint64_t pfn)
{
	struct free_node *n = &k->pa.fnodes[r];
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
		struct free_node *u = &k->pa.fnodes[up];

		n = &k->pa.fnodes[r];
		*u = *n;
		u->pfn = pfn + MAX_ORDER_NR_PAGES;
		u->nr = (end - u->pfn) >> TOP_ORDER;
		n->nr = (pfn - n->pfn) >> TOP_ORDER;
		list_insert_after(k, z, r, up);
		runs_index_add(k, z, up);
	}
	return mt;
}

/* remove the free block headed at @pfn of @order from its list */
void del_from_free_list(struct kernel *k, struct zone *z, uint64_t pfn, unsigned int order)
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

/* ---- what it costs ---- */

/**
 * page_alloc_state_bytes() - heap the allocator's state takes: free nodes,
 * pageblock records and their page arrays, run indices, per-cpu lists and
 * owners' block lists (what the benchmark reports per GiB)
 */
uint64_t page_alloc_state_bytes(const struct kernel *k)
{
	uint64_t b = (uint64_t)k->pa.cap_fnodes * sizeof(struct free_node) + k->pa.pb_hash_size * sizeof(void *);

	for (uint64_t i = 0; i < k->pa.pb_hash_size; i++)
		for (const struct pageblock *pb = k->pa.pb_hash[i]; pb; pb = pb->hnext)
			b += sizeof(*pb) + (pb->pages ? PG_NR_PAGES * sizeof(struct page) : 0);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &NODE_DATA(k, nid)->node_zones[zid];

			b += z->cap_runs * sizeof(uint32_t);
			for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
				b += z->pcp.cap[mt] * sizeof(uint64_t);
		}
	}
	for (int id = 0; id < k->pa.nr_owner_slots; id++)
		b += sizeof(k->pa.owners[id]) + k->pa.owners[id].cap_blocks * sizeof(uint64_t);
	return b;
}

/* ---- teardown ---- */

/* free the records, the free nodes and the zones' run indices */
void free_store_fini(struct kernel *k)
{
	for (uint64_t i = 0; i < k->pa.pb_hash_size; i++) {
		for (struct pageblock *pb = k->pa.pb_hash[i], *next; pb; pb = next) {
			next = pb->hnext;
			free(pb->pages);
			free(pb);
		}
	}
	free(k->pa.pb_hash);
	for (int i = 0; i < 4; i++)
		free(k->pa.spare_pb[i]);
	for (int i = 0; i < 2; i++)
		free(k->pa.spare_pages[i]);
	free(k->pa.fnodes);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++)
			free(NODE_DATA(k, nid)->node_zones[zid].runs);
}
