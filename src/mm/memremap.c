// SPDX-License-Identifier: MIT
/*
 * ZONE_DEVICE mappings (mm/memremap.c, pagemap_range() of Linux 6.1): device
 * memory that gets struct pages and a kernel mapping but never reaches the
 * page allocator (§7 of the spec):
 *  - the range must be whole 2 MiB sub-sections ("Misaligned", EINVAL), must
 *    not touch System RAM (ENXIO), and must not start or end inside another
 *    mapping ("Conflicting mapping in same section", ENOMEM); sub-sections
 *    already populated give EEXIST;
 *  - its sub-sections are populated (early boot sections included: their
 *    memmap exists already; an online section that gets device pages is
 *    tainted, and pfn_to_online_page() then checks the mappings), the memmap
 *    of other sections is allocated from the node (2 MiB per section), and
 *    the node's Device zone spans it - present, managed and MemTotal stay;
 *  - unmapping depopulates the sub-sections but never shrinks the Device
 *    zone's span.
 */
#include <stdlib.h>

#include "mm/internal.h"

static struct dev_pagemap *pgmap_find(const struct kernel *k, uint64_t pfn)
{
	for (struct dev_pagemap *p = k->pgmaps; p; p = p->next)
		if (pfn >= p->start_pfn && pfn < p->end_pfn)
			return p;
	return NULL;
}

/** get_dev_pagemap() - whether @pfn belongs to a ZONE_DEVICE mapping */
bool pfn_is_zone_device(const struct kernel *k, uint64_t pfn)
{
	return pgmap_find(k, pfn) != NULL;
}

/**
 * memremap_pages() - map [start, +size) into ZONE_DEVICE of @nid (< 0: the
 * node user space runs on, as numa_mem_id())
 * Return: 0, -EINVAL, -ENXIO, -ENOMEM, -EEXIST (see the top of the file).
 */
int memremap_pages(struct kernel *k, uint64_t start, uint64_t size, int nid, struct memhp_err *err)
{
	uint64_t start_pfn = phys_pfn(start), nr = phys_pfn(size), end_pfn = start_pfn + nr;
	struct dev_pagemap *pgmap;
	struct zone *zone;
	int ret;

	if (!size || start % (PAGES_PER_SUBSECTION * PAGE_SIZE) || size % (PAGES_PER_SUBSECTION * PAGE_SIZE))
		return memhp_err_set(err, -EINVAL, "Misaligned __add_pages start: %#llx end: %#llx",
				     (unsigned long long)start_pfn, (unsigned long long)end_pfn - 1);
	if (pgmap_find(k, start_pfn) || pgmap_find(k, end_pfn - 1))
		return memhp_err_set(err, -ENOMEM, "Conflicting mapping in same section");
	if (count_system_ram_pages(&k->iomem_resource, start_pfn, nr))
		return memhp_err_set(err, -ENXIO, "memremap attempted on mixed region [mem %#llx-%#llx]",
				     (unsigned long long)start, (unsigned long long)(start + size - 1));
	if (nid < 0 || !NODE_DATA(k, nid))
		nid = k->kalloc.activity_nid;
	pgmap = calloc(1, sizeof(*pgmap));
	if (!pgmap)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	ret = sparse_add_section(k, nid, start_pfn, nr);
	if (ret) {
		free(pgmap);
		return memhp_err_set(err, ret, "cannot add the sub-sections of [mem %#llx-%#llx]",
				     (unsigned long long)start, (unsigned long long)(start + size - 1));
	}
	/* the memmap of sections that had none (early sections have theirs) */
	ret = kalloc_memmap_for_device(k, nid, start_pfn, nr, err);
	if (ret) {
		sparse_remove_section(k, start_pfn, nr);
		free(pgmap);
		return ret;
	}
	for (uint64_t pfn = start_pfn; pfn < end_pfn; pfn = section_nr_to_pfn(pfn_to_section_nr(pfn) + 1)) {
		struct mem_section *ms = __pfn_to_section(k, pfn);

		if (ms && (ms->flags & SECTION_IS_ONLINE))
			ms->flags |= SECTION_TAINT_ZONE_DEVICE;
	}
	zone = &NODE_DATA(k, nid)->node_zones[ZONE_DEVICE];
	move_pfn_range_to_zone(k, zone, nid, start_pfn, nr);
	pgmap->start_pfn = start_pfn;
	pgmap->end_pfn = end_pfn;
	pgmap->nid = nid;
	pgmap->next = k->pgmaps;
	k->pgmaps = pgmap;
	MM_CHECK(k);
	return 0;
}

/**
 * memunmap_pages() - undo memremap_pages() of exactly [start, +size); the
 * Device zone keeps its span
 * Return: 0 or -ENOENT (no such mapping).
 */
int memunmap_pages(struct kernel *k, uint64_t start, uint64_t size)
{
	uint64_t start_pfn = phys_pfn(start), nr = phys_pfn(size);
	struct dev_pagemap **pp = &k->pgmaps;

	while (*pp && !((*pp)->start_pfn == start_pfn && (*pp)->end_pfn == start_pfn + nr))
		pp = &(*pp)->next;
	if (!*pp)
		return -ENOENT;
	{
		struct dev_pagemap *p = *pp;

		*pp = p->next;
		free(p);
	}
	sparse_remove_section(k, start_pfn, nr);
	/* memmaps of sections that are gone altogether */
	for (uint64_t pfn = start_pfn & ~(uint64_t)(PAGES_PER_SECTION - 1); pfn < start_pfn + nr; pfn += PAGES_PER_SECTION)
		if (!present_section_nr(k, pfn_to_section_nr(pfn)))
			kalloc_memmap_for_remove(k, pfn, PAGES_PER_SECTION);
	MM_CHECK(k);
	return 0;
}

void memremap_fini(struct kernel *k)
{
	while (k->pgmaps) {
		struct dev_pagemap *p = k->pgmaps;

		k->pgmaps = p->next;
		free(p);
	}
}
