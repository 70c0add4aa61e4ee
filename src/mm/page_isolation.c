// SPDX-License-Identifier: MIT
/*
 * Isolation of a range of pageblocks (Linux's mm/page_isolation.c, with the
 * parts of mm/page_alloc.c that finish the job): a range whose pageblocks
 * hold nothing unmovable becomes MIGRATE_ISOLATE, so nothing is allocated
 * from it while migrate.c empties it; then its free pages leave the
 * allocator (memory offlining) or go to one owner (alloc_contig_range(),
 * which virtio-mem uses to unplug; fake_offline_pages() then takes them out
 * for good).
 */
#include "lib/util.h"
#include "mm/page_alloc_internal.h"

/* an allocated block that cannot move: the kernel's own, outside ZONE_MOVABLE */
static bool unmovable_block(const struct kernel *k, struct page p, int zid)
{
	return p.state == PG_ALLOC && zid != ZONE_MOVABLE && !k->pa.owners[p.owner].movable;
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

		if (r && mt != MIGRATE_ISOLATE && k->pa.fnodes[r].mt == MIGRATE_ISOLATE) {
			struct free_node *n = &k->pa.fnodes[r];

			list_unlink(k, z, r);
			n->mt = mt;
			list_link(k, z, r, true);
			pfn = n->pfn + (n->nr << TOP_ORDER);
			continue;
		}
		if (r) {
			struct free_node *n = &k->pa.fnodes[r];
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
	return pa_reserve(k);
}

/* start_isolate_page_range(); Return: 0, -EBUSY (unmovable page), -ENOMEM */
int start_isolate_page_range(struct kernel *k, uint64_t start, uint64_t nr_pages, bool offline, uint64_t *bad_pfn)
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
 * test_pages_isolated(): only free pages left in [start, end), and
 * PageOffline ones without the driver's reference when offlining
 */
bool test_pages_isolated(const struct kernel *k, uint64_t start, uint64_t end, bool offline)
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
	if (ret == -EAGAIN || (!ret && !test_pages_isolated(k, start_pfn, end, false)))
		ret = -EBUSY;
	if (ret) {
		undo_isolate_page_range(k, start_pfn, nr_pages);
		return memhp_err_set(err, ret, "alloc_contig_range: [%#llx, %#llx) PFNs busy",
				     (unsigned long long)start_pfn, (unsigned long long)end);
	}
	/* isolate_freepages_range(): the free blocks become the owner's, one pageblock at a time */
	for (uint64_t pfn = start_pfn; pfn < end;) {
		struct page p = page_get(k, pfn);

		if (pa_reserve(k) || owner_reserve(&k->pa.owners[owner])) {
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

