// SPDX-License-Identifier: MIT
/*
 * Migration as memory offlining uses it (the part of Linux's mm/migrate.c
 * that do_migrate_range() calls): every movable block in an isolated range
 * gets a new home elsewhere and its old pages are freed into the isolated
 * lists; offline_isolate_and_migrate() is the first half of offlining.
 */
#include <stdlib.h>

#include "lib/util.h"
#include "mm/page_alloc_internal.h"

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

	if (k->pa.owners[owner].pinned)
		return -EAGAIN;		/* the extra reference makes migration fail, every time */
	if (!alloc_pages_node(k, nid, gfp, p.order, owner, &target)) {
		free_pages(k, pfn, p.order);
		return 0;
	}
	if (!p.order)
		return -ENOMEM;
	/* split the THP in place: the owner now holds order-0 pages */
	{
		struct page_owner *o = &k->pa.owners[owner];
		uint64_t n = 1ULL << p.order;
		if (o->track && o->nr_blocks + n > o->cap_blocks) {
			uint64_t *b = realloc(o->blocks, (o->nr_blocks + n) * sizeof(*b));

			if (!b)
				return -ENOMEM;
			o->blocks = b;
			o->cap_blocks = o->nr_blocks + (uint32_t)n;
		}
		if (pa_reserve(k))
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
int migrate_range(struct kernel *k, uint64_t start, uint64_t end)
{
	for (uint64_t pfn = start; pfn < end;) {
		struct page p = page_get(k, pfn);

		if (p.state == PG_ALLOC && k->pa.owners[p.owner].movable) {
			int ret = migrate_block(k, pfn, p);

			if (ret)
				return ret;
			continue;	/* look at the freed pages again */
		}
		pfn += (p.state == PG_ALLOC || p.state == PG_BUDDY) ? 1ULL << p.order : 1;
	}
	return 0;
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
	if (!ret && !test_pages_isolated(k, start_pfn, end, true))
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

