// SPDX-License-Identifier: MIT
/*
 * Private to the page allocator's files (free_store.c, page_alloc.c,
 * page_isolation.c, migrate.c, page_owner.c, page_alloc_check.c): the
 * records of free memory and page state, the cheap lookups every step
 * makes (inline here, as they were inline when the allocator was one file),
 * and the calls one of these files makes into another.
 *
 * How free memory is recorded (free_store.c): per zone, free lists by order
 * (0..MAX_ORDER-1) and migratetype (struct free_area in mmzone.h), whose
 * entries are struct free_node.  Blocks of the largest order are kept as
 * runs (start pfn + number of blocks), listed in the zone's run index
 * sorted by pfn, so free memory costs a few bytes per run however large it
 * is.  Everything below that lives in per-pageblock records (struct
 * pageblock), created only where a pageblock is not part of a free run; a
 * pageblock holds per-page state (struct page[512]) only once it is split
 * below pageblock order.  A page of an online section with no record and no
 * run is reserved (never given to the allocator).
 *
 * Every mutating entry point first calls page_alloc_reserve() (pa_reserve()
 * inside), so that the primitive steps below never fail half way.
 */
#ifndef MEMHP_MM_PAGE_ALLOC_INTERNAL_H
#define MEMHP_MM_PAGE_ALLOC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lib/util.h"
#include "mm/internal.h"

#define PG_NR_PAGES	PAGEBLOCK_NR_PAGES
#define TOP_ORDER	(MAX_ORDER - 1)

/*
 * Free nodes kept in hand: one allocation (splits: 2 * MAX_ORDER), and the
 * frees that may follow it without another reservation (a per-cpu bulk free
 * of up to 256 pages, each of which may need a node) - frees never fail.
 */
#define FNODE_RESERVE	(2 * MAX_ORDER + 4 + 256)

enum page_state {
	PG_RESERVED,		/* never freed to the allocator (memblock, unbacked) */
	PG_BUDDY,		/* head of a free block on a free list (index: its free_node) */
	PG_TAIL,		/* inside a block whose head page is elsewhere */
	PG_PCP,			/* free order-0 page on the zone's per-cpu list */
	PG_ALLOC,		/* head of an allocated block (owner, index: slot in the owner's list) */
	PG_OFFLINE,		/* a driver keeps it out of the allocator (PageOffline) */
};

/*
 * struct page - one page's state: 8 bytes, stored only in split pageblocks
 *
 * Invariants: PG_BUDDY below TOP_ORDER: index is the free_node listing the
 * block, of the same order; PG_ALLOC: owner is a live page_owner slot and,
 * if it tracks its blocks, index is the block's slot in its list;
 * PG_OFFLINE: index is 1 if the driver holds its reference, else 0.
 */
struct page {
	uint8_t state;		/* enum page_state */
	uint8_t order;		/* PG_BUDDY, PG_ALLOC: block order */
	uint16_t owner;		/* PG_ALLOC: index in k->pa.owners */
	uint32_t index;		/* PG_BUDDY: free_node; PG_ALLOC: slot in the owner's block list */
};

/*
 * struct pageblock - a 2 MiB pageblock that is not inside a free run
 *
 * Invariants: pages == NULL means every page is described by `uniform`
 * (its first page as the head of an order >= PAGEBLOCK_ORDER block, the
 * others as its tails; or all PG_RESERVED / PG_OFFLINE / PG_TAIL); a
 * pageblock inside a free run has no record; nid and zid name the zone of
 * its first page.
 */
struct pageblock {
	uint64_t pbn;			/* pfn >> PAGEBLOCK_ORDER */
	struct pageblock *hnext;	/* hash chain */
	uint8_t mt;			/* enum migratetype of the pageblock */
	uint8_t nid, zid;		/* its zone */
	struct page uniform;
	struct page *pages;		/* PAGEBLOCK_NR_PAGES entries, or NULL */
};

/*
 * struct free_node - a free block (order < TOP_ORDER) or a run of TOP_ORDER
 * blocks on a free list
 *
 * Invariants: on the list free_area[order] of zone (nid, zid), type mt;
 * pfn is aligned to 2^order; nr is 1 below TOP_ORDER, and the block's head
 * page is PG_BUDDY with index = this node; a run (TOP_ORDER) is in its
 * zone's run index and overlaps no other run.  Off every list, prev and
 * next are FNODE_POISON in test builds (0 while fresh from the pool).
 */
struct free_node {
	uint64_t pfn;
	uint64_t nr;			/* blocks: 1, or the run's length at TOP_ORDER */
	uint32_t prev, next;		/* list links (indices into k->pa.fnodes; 0 = none) */
	uint8_t order, mt, nid, zid;
};

/*
 * Free-list debugging (test builds, MEMHP_DEBUG >= 2): every link and
 * unlink checks that the neighbours point at each other as they should and
 * that the node is not linked twice or unlinked twice; an unlinked node's
 * links are poisoned.  Release builds check nothing here.
 */
#if defined(MEMHP_DEBUG) && MEMHP_DEBUG >= 2
#define PA_DEBUG_LIST	1
#else
#define PA_DEBUG_LIST	0
#endif
#define FNODE_POISON	0xdeadf4eeu

/* ---- the free-node pool (free_store.c) ---- */

int fnode_reserve(struct kernel *k, uint32_t want);

static inline uint32_t fnode_get(struct kernel *k)
{
	uint32_t i = k->pa.fnode_free;

	MEMHP_BUG_ON_MSG(!i, "page_alloc_reserve() was not called");
	k->pa.fnode_free = k->pa.fnodes[i].next;
	k->pa.nr_fnode_free--;
	memset(&k->pa.fnodes[i], 0, sizeof(k->pa.fnodes[i]));
	return i;
}

static inline void fnode_put(struct kernel *k, uint32_t i)
{
	k->pa.fnodes[i].next = k->pa.fnode_free;
	k->pa.fnode_free = i;
	k->pa.nr_fnode_free++;
}

int page_alloc_refill(struct kernel *k);

/* page_alloc_reserve() for the allocator's own paths: the check inline */
static inline int pa_reserve(struct kernel *k)
{
	/* fast path: nothing was used up since the last full check */
	if (__builtin_expect(!k->pa.refill && k->pa.nr_fnode_free >= FNODE_RESERVE &&
			     (k->pa.nr_pageblocks + 4) * 2 <= k->pa.pb_hash_size, 1))
		return 0;
	return page_alloc_refill(k);
}

/* ---- pageblock records (free_store.c) ---- */

static inline uint64_t pb_hash_of(uint64_t pbn, uint64_t size)
{
	return (pbn * 0x9e3779b97f4a7c15ULL) >> 20 & (size - 1);
}

static inline struct pageblock *pb_find(const struct kernel *k, uint64_t pbn)
{
	if (!k->pa.pb_hash_size)
		return NULL;
	for (struct pageblock *pb = k->pa.pb_hash[pb_hash_of(pbn, k->pa.pb_hash_size)]; pb; pb = pb->hnext)
		if (pb->pbn == pbn)
			return pb;
	return NULL;
}

struct pageblock *pb_insert(struct kernel *k, uint64_t pbn, uint8_t mt);
void pb_remove(struct kernel *k, struct pageblock *pb);
void pb_split(struct kernel *k, struct pageblock *pb);

/* the record of @pfn's pageblock, created (reserved, of @mt) if missing */
static inline struct pageblock *pb_get(struct kernel *k, uint64_t pfn, uint8_t mt)
{
	struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);

	return pb ? pb : pb_insert(k, pfn >> PAGEBLOCK_ORDER, mt);
}

static inline struct zone *pfn_zone(const struct kernel *k, uint64_t pfn)
{
	int nid = page_to_nid(k, pfn), zid = page_zonenum(k, pfn);

	if (nid < 0 || zid < 0 || !NODE_DATA(k, nid))
		return NULL;
	return &NODE_DATA(k, nid)->node_zones[zid];
}

/* ---- free runs of TOP_ORDER blocks (free_store.c) ---- */

/* index in z->runs of the last run starting at or below @pfn, or -1 */
static inline long run_slot(const struct kernel *k, const struct zone *z, uint64_t pfn)
{
	long lo = 0, hi = (long)z->nr_runs - 1, found = -1;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;

		if (k->pa.fnodes[z->runs[mid]].pfn <= pfn) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

/* the run holding @pfn, or 0 */
static inline uint32_t run_find(const struct kernel *k, const struct zone *z, uint64_t pfn)
{
	long s = run_slot(k, z, pfn);
	const struct free_node *n;

	if (s < 0)
		return 0;
	n = &k->pa.fnodes[z->runs[s]];
	return pfn < n->pfn + (n->nr << TOP_ORDER) ? z->runs[s] : 0;
}

int runs_reserve(struct zone *z, uint32_t more);
void runs_index_add(struct kernel *k, struct zone *z, uint32_t idx);
void runs_index_del(struct kernel *k, struct zone *z, uint32_t idx);

/* a run on its list gets @nr more TOP_ORDER blocks at its end (or start, pfn moved by the caller) */
static inline void run_grow(struct zone *z, struct free_node *n, uint64_t nr)
{
	n->nr += nr;
	z->free_area[TOP_ORDER].nr_free[n->mt] += nr;
	z->nr_free_pages += nr << TOP_ORDER;
}

/* ---- free lists ---- */

/* test builds: node @idx may be linked where list_link() is about to put it */
static inline void list_check_link(const struct kernel *k, const struct free_area *area, uint32_t idx,
				   const struct free_node *n, bool tail)
{
	uint32_t end = tail ? area->tail[n->mt] : area->head[n->mt];

	MEMHP_BUG_ON_MSG(n->order >= MAX_ORDER || n->mt >= MIGRATE_TYPES,
			 "free node %u: order %u mt %u", idx, n->order, n->mt);
	MEMHP_BUG_ON_MSG(end == idx || (n->prev != n->next || (n->prev && n->prev != FNODE_POISON)),
			 "free node %u linked twice (pfn %#llx)", idx, (unsigned long long)n->pfn);
	if (tail)
		MEMHP_BUG_ON_MSG(end ? k->pa.fnodes[end].next != 0 : area->head[n->mt] != 0,
				 "list corruption: tail %u of order %u mt %u has a next", end, n->order, n->mt);
	else
		MEMHP_BUG_ON_MSG(end ? k->pa.fnodes[end].prev != 0 : area->tail[n->mt] != 0,
				 "list corruption: head %u of order %u mt %u has a prev", end, n->order, n->mt);
}

/* test builds: node @idx is on its list, its neighbours agree, the counts cover it */
static inline void list_check_unlink(const struct kernel *k, const struct zone *z, const struct free_area *area,
				     uint32_t idx, const struct free_node *n)
{
	MEMHP_BUG_ON_MSG(n->prev == FNODE_POISON || n->next == FNODE_POISON,
			 "free node %u unlinked twice (pfn %#llx)", idx, (unsigned long long)n->pfn);
	MEMHP_BUG_ON_MSG(n->prev ? k->pa.fnodes[n->prev].next != idx : area->head[n->mt] != idx,
			 "list corruption: prev of free node %u (pfn %#llx) does not point back", idx,
			 (unsigned long long)n->pfn);
	MEMHP_BUG_ON_MSG(n->next ? k->pa.fnodes[n->next].prev != idx : area->tail[n->mt] != idx,
			 "list corruption: next of free node %u (pfn %#llx) does not point back", idx,
			 (unsigned long long)n->pfn);
	MEMHP_BUG_ON_MSG(area->nr_free[n->mt] < n->nr || z->nr_free_pages < n->nr << n->order,
			 "free counts below free node %u (pfn %#llx)", idx, (unsigned long long)n->pfn);
}

/* put free node @idx on its list (head or tail) and count it */
static inline void list_link(struct kernel *k, struct zone *z, uint32_t idx, bool tail)
{
	struct free_node *n = &k->pa.fnodes[idx];
	struct free_area *area = &z->free_area[n->order];

	if (PA_DEBUG_LIST)
		list_check_link(k, area, idx, n, tail);
	if (tail) {
		n->prev = area->tail[n->mt];
		n->next = 0;
		if (n->prev)
			k->pa.fnodes[n->prev].next = idx;
		else
			area->head[n->mt] = idx;
		area->tail[n->mt] = idx;
	} else {
		n->next = area->head[n->mt];
		n->prev = 0;
		if (n->next)
			k->pa.fnodes[n->next].prev = idx;
		else
			area->tail[n->mt] = idx;
		area->head[n->mt] = idx;
	}
	area->nr_free[n->mt] += n->nr;
	z->nr_free_pages += n->nr << n->order;
}

/* take free node @idx off its list and uncount it */
static inline void list_unlink(struct kernel *k, struct zone *z, uint32_t idx)
{
	struct free_node *n = &k->pa.fnodes[idx];
	struct free_area *area = &z->free_area[n->order];

	if (PA_DEBUG_LIST)
		list_check_unlink(k, z, area, idx, n);
	if (n->prev)
		k->pa.fnodes[n->prev].next = n->next;
	else
		area->head[n->mt] = n->next;
	if (n->next)
		k->pa.fnodes[n->next].prev = n->prev;
	else
		area->tail[n->mt] = n->prev;
	area->nr_free[n->mt] -= n->nr;
	z->nr_free_pages -= n->nr << n->order;
	if (PA_DEBUG_LIST)
		n->prev = n->next = FNODE_POISON;
}

/* link node @idx right after @after on its list; the caller keeps the counts */
static inline void list_insert_after(struct kernel *k, struct zone *z, uint32_t after, uint32_t idx)
{
	struct free_node *a = &k->pa.fnodes[after], *n = &k->pa.fnodes[idx];
	struct free_area *area = &z->free_area[a->order];

	if (PA_DEBUG_LIST)
		MEMHP_BUG_ON_MSG(n->order != a->order || n->mt != a->mt || idx == after ||
				 (a->next ? k->pa.fnodes[a->next].prev != after : area->tail[a->mt] != after),
				 "list corruption: inserting free node %u after %u", idx, after);
	n->prev = after;
	n->next = a->next;
	if (a->next)
		k->pa.fnodes[a->next].prev = idx;
	else
		area->tail[a->mt] = idx;
	a->next = idx;
}

/* ---- page state (free_store.c) ---- */

/*
 * The state of one page.  A page in no record: inside a free run (PG_BUDDY
 * tail or head of a TOP_ORDER block), or reserved.
 */
static inline struct page page_get(const struct kernel *k, uint64_t pfn)
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

uint8_t get_pageblock_migratetype(const struct kernel *k, uint64_t pfn);
void set_pageblock_migratetype(struct kernel *k, uint64_t pfn, uint8_t mt);
void set_block(struct kernel *k, uint64_t pfn, unsigned int order, uint8_t state, uint16_t owner, uint32_t index,
	       uint8_t mt);
void set_page_index(struct kernel *k, uint64_t pfn, uint32_t index);

/* ---- adding and removing free blocks (free_store.c) ---- */

void run_absorb_right(struct kernel *k, struct zone *z, uint32_t left, uint32_t right);
void add_to_free_list(struct kernel *k, struct zone *z, uint64_t pfn, unsigned int order, uint8_t mt, bool tail);
uint8_t run_take(struct kernel *k, struct zone *z, uint32_t r, uint64_t pfn);
void del_from_free_list(struct kernel *k, struct zone *z, uint64_t pfn, unsigned int order);
void free_store_fini(struct kernel *k);

/* ---- the buddy allocator (page_alloc.c) ---- */

enum fpi_flags { FPI_NONE = 0, FPI_TO_TAIL = 1 };

void free_one_page(struct kernel *k, struct zone *z, uint64_t pfn, unsigned int order, uint8_t mt,
		   unsigned int fpi);
void move_freepages_block(struct kernel *k, struct zone *z, uint64_t pfn, uint8_t mt, uint64_t *free_pages,
			  uint64_t *movable_pages);

/* ---- isolation (page_isolation.c) and migration (migrate.c) ---- */

int start_isolate_page_range(struct kernel *k, uint64_t start, uint64_t nr_pages, bool offline, uint64_t *bad_pfn);
bool test_pages_isolated(const struct kernel *k, uint64_t start, uint64_t end, bool offline);
int migrate_range(struct kernel *k, uint64_t start, uint64_t end);

/* ---- owners (page_owner.c) ---- */

int owner_reserve(struct page_owner *o);
void owner_add(struct kernel *k, int owner, uint64_t pfn, unsigned int order, uint8_t mt);
void owner_del(struct kernel *k, int owner, uint32_t slot, unsigned int order);
void page_owner_fini(struct kernel *k);

#endif
