// SPDX-License-Identifier: MIT
/*
 * Sections and sub-sections (mm/sparse.c): the two-level section table,
 * present/online/early flags, the 2 MiB sub-section map, pfn_valid() and
 * the zone and node of a page.  State is per section, never per page, so a
 * machine of many TiB costs a few bytes per 128 MiB.
 */
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"

/**
 * sparse_init_table() - size the section table for pfns below @max_pfn
 * Return: 0 or -ENOMEM.
 */
int sparse_init_table(struct kernel *k, uint64_t max_pfn)
{
	unsigned long nr = pfn_to_section_nr(max_pfn + PAGES_PER_SECTION - 1);
	unsigned long chunks;

	if (!nr)
		nr = 1;
	chunks = (nr + SECTIONS_PER_CHUNK - 1) >> SECTIONS_PER_CHUNK_SHIFT;
	k->sparse.section_chunks = calloc(chunks, sizeof(*k->sparse.section_chunks));
	if (!k->sparse.section_chunks)
		return -ENOMEM;
	k->sparse.nr_sections = nr;
	k->sparse.nr_section_chunks = chunks;
	return 0;
}

void sparse_fini(struct kernel *k)
{
	for (unsigned long i = 0; k->sparse.section_chunks && i < k->sparse.nr_section_chunks; i++)
		free(k->sparse.section_chunks[i]);
	free(k->sparse.section_chunks);
	k->sparse.section_chunks = NULL;
}

/** __nr_to_section() - the section, or NULL if its chunk was never used. */
struct mem_section *__nr_to_section(const struct kernel *k, unsigned long nr)
{
	struct mem_section *chunk;

	if (nr >= k->sparse.nr_sections)
		return NULL;
	chunk = k->sparse.section_chunks[nr >> SECTIONS_PER_CHUNK_SHIFT];
	return chunk ? &chunk[nr & (SECTIONS_PER_CHUNK - 1)] : NULL;
}

/** sparse_section_get() - the section, allocating its chunk. NULL: out of range or memory. */
struct mem_section *sparse_section_get(struct kernel *k, unsigned long nr)
{
	struct mem_section **slot;

	if (nr >= k->sparse.nr_sections)
		return NULL;
	slot = &k->sparse.section_chunks[nr >> SECTIONS_PER_CHUNK_SHIFT];
	if (!*slot) {
		*slot = calloc(SECTIONS_PER_CHUNK, sizeof(**slot));
		if (!*slot)
			return NULL;
	}
	return &(*slot)[nr & (SECTIONS_PER_CHUNK - 1)];
}

bool present_section_nr(const struct kernel *k, unsigned long nr)
{
	const struct mem_section *ms = __nr_to_section(k, nr);

	return ms && (ms->flags & SECTION_MARKED_PRESENT);
}

bool online_section_nr(const struct kernel *k, unsigned long nr)
{
	const struct mem_section *ms = __nr_to_section(k, nr);

	return ms && (ms->flags & SECTION_IS_ONLINE);
}

/**
 * pfn_valid() - the page has a struct page: the section has a memmap and is
 * early (every pfn of it is valid) or the pfn's sub-section is populated
 */
bool pfn_valid(const struct kernel *k, uint64_t pfn)
{
	const struct mem_section *ms = __pfn_to_section(k, pfn);
	unsigned int idx;

	if (!ms || !(ms->flags & SECTION_HAS_MEM_MAP))
		return false;
	if (ms->flags & SECTION_IS_EARLY)
		return true;
	idx = (pfn & (PAGES_PER_SECTION - 1)) / PAGES_PER_SUBSECTION;
	return (ms->subsection_map >> idx) & 1;
}

/** pfn_to_online_page() - the page is valid, in an online section and not ZONE_DEVICE */
bool pfn_to_online_page(const struct kernel *k, uint64_t pfn)
{
	const struct mem_section *ms = __pfn_to_section(k, pfn);

	if (!ms || !(ms->flags & SECTION_IS_ONLINE))
		return false;
	if (!pfn_valid(k, pfn))
		return false;
	/* a section shared with ZONE_DEVICE: its device pages are not online */
	if ((ms->flags & SECTION_TAINT_ZONE_DEVICE) && pfn_is_zone_device(k, pfn))
		return false;
	return page_zonenum(k, pfn) != ZONE_DEVICE;
}

static int memblock_nid(const struct kernel *k, uint64_t pfn)
{
	for (int i = 0; i < k->boot.nr_memblock; i++)
		if (pfn >= k->boot.memblock[i].start_pfn && pfn < k->boot.memblock[i].end_pfn)
			return k->boot.memblock[i].nid;
	return -1;
}

/** page_zonenum() - the zone of an online pfn, -1 if the section is not online */
int page_zonenum(const struct kernel *k, uint64_t pfn)
{
	const struct mem_section *ms = __pfn_to_section(k, pfn);

	if (!ms || !(ms->flags & SECTION_IS_ONLINE))
		return -1;
	if (ms->zone_idx == SECTION_ZONE_MIXED)
		return boot_zone_of_pfn(k, ms->nid != SECTION_NID_MIXED ? ms->nid : memblock_nid(k, pfn), pfn);
	if (ms->zone_idx == SECTION_ZONE_NONE)
		return -1;
	return ms->zone_idx;
}

/** page_to_nid() - the node of a present pfn, -1 if none */
int page_to_nid(const struct kernel *k, uint64_t pfn)
{
	const struct mem_section *ms = __pfn_to_section(k, pfn);

	if (!ms || !(ms->flags & SECTION_MARKED_PRESENT))
		return -1;
	if (ms->nid == SECTION_NID_MIXED) {
		int nid = memblock_nid(k, pfn);

		return nid >= 0 ? nid : 0;
	}
	return ms->nid;
}

/**
 * sparse_add_section() - populate the sections of a hot-added range
 * @k: kernel
 * @nid: node
 * @start_pfn: sub-section aligned
 * @nr_pages: sub-section aligned
 *
 * Checks every sub-section before changing any.
 * Return: 0, -EINVAL (misaligned), -EEXIST (already populated), -E2BIG
 * (beyond the section table), -ENOMEM.
 */
int sparse_add_section(struct kernel *k, int nid, uint64_t start_pfn, uint64_t nr_pages)
{
	uint64_t pfn, end_pfn = start_pfn + nr_pages;

	if ((start_pfn | nr_pages) & (PAGES_PER_SUBSECTION - 1) || !nr_pages)
		return -EINVAL;
	if (pfn_to_section_nr(end_pfn - 1) >= k->sparse.nr_sections)
		return -E2BIG;
	for (pfn = start_pfn; pfn < end_pfn; pfn += PAGES_PER_SUBSECTION) {
		struct mem_section *ms = __pfn_to_section(k, pfn);
		unsigned int idx = (pfn & (PAGES_PER_SECTION - 1)) / PAGES_PER_SUBSECTION;

		/* early sections keep the bits of their boot memory: only the holes may be added */
		if (ms && ((ms->subsection_map >> idx) & 1))
			return -EEXIST;
	}
	for (pfn = start_pfn; pfn < end_pfn; pfn += PAGES_PER_SUBSECTION) {
		struct mem_section *ms = sparse_section_get(k, pfn_to_section_nr(pfn));
		unsigned int idx = (pfn & (PAGES_PER_SECTION - 1)) / PAGES_PER_SUBSECTION;

		if (!ms)
			goto undo;
		ms->subsection_map |= 1ULL << idx;
		ms->flags |= SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP;
		ms->nid = (uint8_t)nid;
	}
	return 0;
undo:
	sparse_remove_section(k, start_pfn, pfn - start_pfn);
	return -ENOMEM;
}

/** sparse_remove_section() - depopulate sub-sections; a section with none left becomes absent */
void sparse_remove_section(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages)
{
	for (uint64_t pfn = start_pfn; pfn < start_pfn + nr_pages; pfn += PAGES_PER_SUBSECTION) {
		struct mem_section *ms = __pfn_to_section(k, pfn);
		unsigned int idx = (pfn & (PAGES_PER_SECTION - 1)) / PAGES_PER_SUBSECTION;

		if (!ms)
			continue;
		ms->subsection_map &= ~(1ULL << idx);
		if (!ms->subsection_map && !(ms->flags & SECTION_IS_EARLY))
			memset(ms, 0, sizeof(*ms));
	}
}

/** online_mem_sections() - mark the sections of [start_pfn, end_pfn) online in @zone_idx */
void online_mem_sections(struct kernel *k, uint64_t start_pfn, uint64_t end_pfn, int zone_idx)
{
	for (uint64_t pfn = start_pfn; pfn < end_pfn; pfn += PAGES_PER_SECTION) {
		struct mem_section *ms = __pfn_to_section(k, pfn);

		if (!ms || !(ms->flags & SECTION_MARKED_PRESENT))
			continue;
		ms->flags |= SECTION_IS_ONLINE;
		ms->zone_idx = (uint8_t)zone_idx;
	}
}

/** offline_mem_sections() - mark the sections of [start_pfn, end_pfn) offline */
void offline_mem_sections(struct kernel *k, uint64_t start_pfn, uint64_t end_pfn)
{
	for (uint64_t pfn = start_pfn; pfn < end_pfn; pfn += PAGES_PER_SECTION) {
		struct mem_section *ms = __pfn_to_section(k, pfn);

		if (!ms)
			continue;
		ms->flags &= ~SECTION_IS_ONLINE;
	}
}
