// SPDX-License-Identifier: MIT
/*
 * The page allocator as the rest of the guest's mm sees it: the state
 * struct kernel embeds (k->pa), the holders of pages (struct page_owner),
 * and the calls boot, hot(un)plug, kalloc.c and anon.c make.  The calls
 * drivers make too (gfp flags, alloc_pages_node(), alloc_contig_range(),
 * PageOffline, ...) are declared once, in mm/driver.h.
 *
 * The allocator is six files, as Linux splits it:
 *   free_store.c       how free memory and page state are recorded
 *   page_alloc.c       the buddy allocator: free lists, merging, stealing,
 *                      per-cpu lists, zonelists, watermarks
 *   page_isolation.c   pageblocks set aside for offlining and alloc_contig
 *   migrate.c          moving a process's pages out of a range
 *   page_owner.c       who holds the allocated pages
 *   page_alloc_check.c the allocator's invariants (test builds run them)
 * Their shared private declarations are in page_alloc_internal.h.
 */
#ifndef MEMHP_MM_PAGE_ALLOC_H
#define MEMHP_MM_PAGE_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "memhp/err.h"
#include "mm/driver.h"
#include "mm/mmzone.h"

struct kernel;
struct free_node;
struct pageblock;
struct page;

/*
 * struct page_owner - a holder of allocated pages: a process, the kernel's
 * slab, the memmaps, a driver
 *
 * Invariants: a slot with name == NULL is free and holds nothing; nr_pages
 * is the sum of 2^order over the blocks the owner holds; with track set,
 * blocks[0..nr_blocks) lists exactly those blocks, and the head page of
 * blocks[i] is PG_ALLOC with owner = this slot and index = i.
 */
struct page_owner {
	char *name;			/* NULL: free slot */
	bool movable;			/* LRU pages of a process: migratable */
	bool pinned;			/* long-term pinned (FOLL_LONGTERM): migration fails */
	bool reclaimable;		/* the kernel's reclaimable slab (SReclaimable) */
	bool track;			/* keeps the list of its blocks */
	uint64_t *blocks;		/* pfn << 4 | order */
	uint32_t nr_blocks, cap_blocks;
	uint64_t nr_pages;
};

/*
 * struct page_alloc_state - what the allocator keeps beside the zones
 * (whose free lists, per-cpu lists and run indices are in struct zone)
 *
 * Invariants:
 *  - fnodes[0] is never used (index 0 means "none"); nr_fnodes <= cap_fnodes;
 *    fnode_free chains nr_fnode_free unused nodes through their next links;
 *  - pb_hash (pb_hash_size buckets, a power of two) holds nr_pageblocks
 *    records, at most one per pageblock, each in the bucket of its pbn;
 *  - once the hash exists, refill is false only while every spare slot is
 *    filled: taking a spare, or filling a zone's run index close to its
 *    room, sets it (page_alloc_reserve() then refills everything);
 *  - owners[0] is never used; owner ids fit the 16 bits of struct page;
 *  - zonelist[nid] is valid only while zonelist_valid[nid] and
 *    zonelist_mask[nid] equals node_states[N_MEMORY] (a cache).
 */
struct page_alloc_state {
	/* free_store.c: free nodes, pageblock records, their spares */
	struct free_node *fnodes;		/* [0] unused: index 0 means "none" */
	uint32_t nr_fnodes, cap_fnodes, fnode_free, nr_fnode_free;
	struct pageblock **pb_hash;
	uint64_t pb_hash_size, nr_pageblocks;
	struct pageblock *spare_pb[4];
	struct page *spare_pages[2];
	bool refill;				/* spares or run slack used: page_alloc_reserve() checks all */

	/* page_owner.c */
	struct page_owner *owners;
	int nr_owner_slots;

	/* page_alloc.c: watermarks, and the zonelists (node order) per node */
	uint64_t min_free_kbytes;
	uint8_t zonelist[MAX_NUMNODES][MAX_NUMNODES];
	uint8_t zonelist_nr[MAX_NUMNODES];
	bool zonelist_valid[MAX_NUMNODES];
	uint64_t zonelist_mask[MAX_NUMNODES];

	/* page_alloc.c: events in pages, as /proc/vmstat counts them */
	uint64_t pgfree;
	uint64_t numa_hit, numa_miss, numa_local, numa_other;
};

/* ---- free_store.c ---- */

/**
 * page_alloc_reserve() - make sure the next primitive step (one allocation,
 * one free, one isolation or migration of a block) finds what it needs
 * Return: 0 or -ENOMEM (nothing changed).
 */
int page_alloc_reserve(struct kernel *k);
/* the zone of an online pfn, or NULL */
struct zone *page_zone_of(const struct kernel *k, uint64_t pfn);
uint64_t page_alloc_state_bytes(const struct kernel *k);

/* ---- page_alloc.c ---- */

void page_alloc_fini(struct kernel *k);
void free_pages(struct kernel *k, uint64_t pfn, unsigned int order);
struct zone *zone_for_alloc(const struct kernel *k, int nid, unsigned int gfp, unsigned int order);
int memblock_free_pages(struct kernel *k, uint64_t start_pfn, uint64_t end_pfn);
int online_pages_range(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages);
void drain_all_pages(struct kernel *k);
void init_per_zone_wmark_min(struct kernel *k);

/* ---- page_isolation.c, migrate.c: offlining ---- */

int offline_isolate_and_migrate(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages, struct memhp_err *err);
uint64_t offline_isolated_pages(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages);
void undo_isolate_page_range(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages);

/* ---- page_owner.c ---- */

int page_owner_find(const struct kernel *k, const char *name);
void page_owner_release(struct kernel *k, int owner);
void page_owner_free_all(struct kernel *k, int owner);

/* ---- page_alloc_check.c ---- */

void page_alloc_check(const struct kernel *k);

#endif
