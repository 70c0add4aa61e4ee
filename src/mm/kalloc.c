// SPDX-License-Identifier: MIT
/*
 * The guest kernel's own memory, as far as it decides whether memory can be
 * offlined (recorded on Linux 6.1 booted with nokaslr, so that the kernel
 * image stays at 16 MiB, in block 0).  All of it goes through the page
 * allocator, so where it lands follows from the allocator's rules:
 *  - memblock keeps the first 640 KiB, the kernel image and, at the top of
 *    each node, the boot memmap (64 bytes per page) and early tables: those
 *    pages never reach the allocator (reserved);
 *  - boot allocations (slab, page tables, per-cpu areas) take the head of the
 *    free lists of the node's highest kernel zone, i.e. its lowest pages;
 *  - while user space runs, the kernel's slab grows on the node of the CPU
 *    it runs on: when the zone an unmovable allocation would now come from
 *    holds none of its pages, 4 MiB of long-lived unmovable pages land
 *    there, at the head of that zone's free lists.  After the first
 *    hot-added block comes online in an empty ZONE_NORMAL, that block is
 *    where they land (the "pinned" block of the recordings); they stay for
 *    good, so later kernel allocations, memmaps included, fill that block;
 *  - the memmap of hot-added memory (2 MiB per section, unless
 *    memmap_on_memory) is allocated from the node with GFP_KERNEL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"

/* slack above the boot memmap for page tables, percpu areas and hash tables */
#define BOOT_TOP_SLACK_PAGES	2048UL		/* 8 MiB */
/* what an idle kernel has allocated from the buddy allocator at boot, per node */
#define BOOT_KERNEL_PAGES	16384UL		/* 64 MiB */
/* the working set of unmovable pages of running user space */
#define ACTIVITY_PAGES		1024UL		/* 4 MiB: one MAX_ORDER-1 block */
/* memblock keeps the first 640 KiB (real-mode and BIOS areas) */
#define LOW_RESERVED_PFN	160UL
/* the kernel image (nokaslr: at 16 MiB) */
#define KERNEL_IMAGE_PFN	4096UL
#define KERNEL_IMAGE_PAGES	4096UL		/* 16 MiB */

static int add_reserved(struct kernel *k, uint64_t start_pfn, uint64_t end_pfn)
{
	struct memblock_region *r;

	if (end_pfn <= start_pfn)
		return 0;
	r = realloc(k->boot.boot_reserved, (size_t)(k->boot.nr_boot_reserved + 1) * sizeof(*r));
	if (!r)
		return -ENOMEM;
	k->boot.boot_reserved = r;
	r[k->boot.nr_boot_reserved].start_pfn = start_pfn;
	r[k->boot.nr_boot_reserved].end_pfn = end_pfn;
	r[k->boot.nr_boot_reserved].nid = -1;
	k->boot.nr_boot_reserved++;
	return 0;
}

static int cmp_region(const void *a, const void *b)
{
	const struct memblock_region *x = a, *y = b;

	return x->start_pfn < y->start_pfn ? -1 : x->start_pfn > y->start_pfn;
}

/* memblock_free_all() of [start, end) minus the reservations (sorted) */
static int free_unreserved(struct kernel *k, uint64_t start, uint64_t end)
{
	uint64_t pfn = start;

	for (int i = 0; i < k->boot.nr_boot_reserved && pfn < end; i++) {
		const struct memblock_region *r = &k->boot.boot_reserved[i];
		int ret;

		if (r->end_pfn <= pfn || r->start_pfn >= end)
			continue;
		if (r->start_pfn > pfn) {
			ret = memblock_free_pages(k, pfn, r->start_pfn);
			if (ret)
				return ret;
		}
		pfn = r->end_pfn;
	}
	return pfn < end ? memblock_free_pages(k, pfn, end) : 0;
}

/* the node user space runs on: the last CPU's, or the lowest node with memory */
static int find_activity_nid(const struct kernel *k)
{
	int last_cpu_nid = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		const struct pglist_data *pgdat = NODE_DATA(k, nid);

		if (pgdat && pgdat->nr_cpus && (pgdat->cpumask >> (k->nr_cpus - 1) & 1))
			last_cpu_nid = nid;
	}
	if (NODE_DATA(k, last_cpu_nid) && NODE_DATA(k, last_cpu_nid)->node_present_pages)
		return last_cpu_nid;
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (NODE_DATA(k, nid) && NODE_DATA(k, nid)->node_present_pages)
			return nid;
	return 0;
}

/**
 * kalloc_boot_init() - the end of boot: memblock hands the unreserved
 * memory to the allocator zone by zone, then the kernel's boot allocations
 * are made on every node
 * Return: 0 or -ENOMEM.
 */
int kalloc_boot_init(struct kernel *k)
{
	int kernel_owner, ret;

	k->kalloc.activity_nid = find_activity_nid(k);
	ret = add_reserved(k, 0, LOW_RESERVED_PFN);
	if (!ret)
		ret = add_reserved(k, KERNEL_IMAGE_PFN, KERNEL_IMAGE_PFN + KERNEL_IMAGE_PAGES);
	for (int nid = 0; nid < MAX_NUMNODES && !ret; nid++) {
		const struct pglist_data *pgdat = NODE_DATA(k, nid);
		uint64_t top = 0, memmap;

		if (!pgdat || !pgdat->node_present_pages)
			continue;
		for (int i = 0; i < k->boot.nr_memblock; i++)
			if (k->boot.memblock[i].nid == nid && k->boot.memblock[i].end_pfn > top)
				top = k->boot.memblock[i].end_pfn;
		memmap = pgdat->node_present_pages * STRUCT_PAGE_BYTES / PAGE_SIZE + BOOT_TOP_SLACK_PAGES;
		ret = add_reserved(k, top > memmap ? top - memmap : 0, top);
	}
	if (ret)
		return ret;
	qsort(k->boot.boot_reserved, (size_t)k->boot.nr_boot_reserved, sizeof(k->boot.boot_reserved[0]), cmp_region);

	/* each boot range, cut at zone borders, in ascending order */
	for (int i = 0; i < k->boot.nr_memblock; i++) {
		const struct memblock_region *r = &k->boot.memblock[i];
		const struct pglist_data *pgdat = NODE_DATA(k, r->nid);

		for (int zid = 0; pgdat && zid <= ZONE_MOVABLE; zid++) {
			const struct zone *z = &pgdat->node_zones[zid];
			uint64_t a = r->start_pfn > z->zone_start_pfn ? r->start_pfn : z->zone_start_pfn;
			uint64_t b = r->end_pfn < zone_end_pfn(z) ? r->end_pfn : zone_end_pfn(z);

			if (zone_is_empty(z) || a >= b)
				continue;
			ret = free_unreserved(k, a, b);
			if (ret)
				return ret;
		}
	}
	init_per_zone_wmark_min(k);

	kernel_owner = page_owner_new(k, "kernel", false, false);
	if (kernel_owner < 0)
		return kernel_owner;
	k->kalloc.slab_owner = page_owner_new(k, "slab", false, true);
	if (k->kalloc.slab_owner < 0)
		return k->kalloc.slab_owner;
	k->kalloc.memmap_owner = page_owner_new(k, "memmap", false, false);
	if (k->kalloc.memmap_owner < 0)
		return k->kalloc.memmap_owner;
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!NODE_DATA(k, nid) || !NODE_DATA(k, nid)->node_present_pages)
			continue;
		for (uint64_t i = 0; i < BOOT_KERNEL_PAGES; i++) {
			uint64_t pfn;

			ret = alloc_pages_node(k, nid, GFP_KERNEL | __GFP_THISNODE, 0, kernel_owner, &pfn);
			if (ret == -ENOMEM && !page_alloc_reserve(k))
				break;		/* a small node: the kernel takes what there is */
			if (ret)
				return ret;
		}
	}
	kalloc_kernel_activity(k);
	return 0;
}

/* whether the slab holds pages in @z */
static bool slab_in_zone(const struct kernel *k, const struct zone *z)
{
	const struct page_owner *o = &k->pa.owners[k->kalloc.slab_owner];

	for (uint32_t i = 0; i < o->nr_blocks; i++)
		if (page_zone_of(k, o->blocks[i] >> 4) == z)
			return true;
	return false;
}

/**
 * kalloc_kernel_activity() - user space ran on the guest (a process read or
 * wrote files, allocated memory, a block was onlined): if the zone the
 * kernel's unmovable allocations now come from holds no slab yet, the slab
 * grows there
 */
void kalloc_kernel_activity(struct kernel *k)
{
	struct zone *z = zone_for_alloc(k, k->kalloc.activity_nid, GFP_KERNEL, 0);

	if (!z || slab_in_zone(k, z))
		return;
	for (uint64_t i = 0; i < ACTIVITY_PAGES; i++) {
		uint64_t pfn;

		if (alloc_pages_node(k, k->kalloc.activity_nid, GFP_KERNEL, 0, k->kalloc.slab_owner, &pfn))
			break;
	}
}

/* ---- memmaps of hot-added memory ---- */

static long memmap_slot(const struct kernel *k, unsigned long section)
{
	long lo = 0, hi = (long)k->kalloc.nr_memmap_allocs - 1;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;

		if (k->kalloc.memmap_allocs[mid].section == section)
			return mid;
		if (k->kalloc.memmap_allocs[mid].section < section)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -(lo + 1);
}

/**
 * kalloc_memmap_for_add() - allocate the memmap of a hot-added range: 2 MiB
 * per section (vmemmap_populate() with PMD mappings), GFP_KERNEL from @nid
 * Return: 0, or -ENOMEM with nothing allocated.
 */
int kalloc_memmap_for_add(struct kernel *k, int nid, uint64_t start_pfn, uint64_t nr_pages, struct memhp_err *err)
{
	uint64_t nr_sections = nr_pages / PAGES_PER_SECTION;
	uint64_t done = 0;

	if (k->kalloc.nr_memmap_allocs + nr_sections > k->kalloc.cap_memmap_allocs) {
		uint64_t cap = k->kalloc.cap_memmap_allocs ? k->kalloc.cap_memmap_allocs : 64;
		struct memmap_alloc *m;

		while (cap < k->kalloc.nr_memmap_allocs + nr_sections)
			cap *= 2;
		m = realloc(k->kalloc.memmap_allocs, cap * sizeof(*m));
		if (!m)
			return memhp_err_set(err, -ENOMEM, "out of memory");
		k->kalloc.memmap_allocs = m;
		k->kalloc.cap_memmap_allocs = cap;
	}
	for (; done < nr_sections; done++) {
		unsigned long section = pfn_to_section_nr(start_pfn) + (unsigned long)done;
		long slot = memmap_slot(k, section);
		uint64_t pfn;

		if (slot >= 0 || alloc_pages_node(k, nid, GFP_KERNEL, PAGEBLOCK_ORDER, k->kalloc.memmap_owner, &pfn))
			break;
		slot = -slot - 1;
		memmove(&k->kalloc.memmap_allocs[slot + 1], &k->kalloc.memmap_allocs[slot],
			(k->kalloc.nr_memmap_allocs - (uint64_t)slot) * sizeof(k->kalloc.memmap_allocs[0]));
		k->kalloc.memmap_allocs[slot].section = section;
		k->kalloc.memmap_allocs[slot].pfn = pfn;
		k->kalloc.nr_memmap_allocs++;
	}
	if (done < nr_sections) {
		kalloc_memmap_for_remove(k, start_pfn, done * PAGES_PER_SECTION);
		return memhp_err_set(err, -ENOMEM, "vmemmap: cannot allocate the memmap of [mem %#llx-%#llx] on node %d",
				     (unsigned long long)pfn_phys(start_pfn),
				     (unsigned long long)pfn_phys(start_pfn + nr_pages) - 1, nid);
	}
	return 0;
}

/** kalloc_memmap_for_remove() - the memmap of a removed range is freed */
void kalloc_memmap_for_remove(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages)
{
	for (uint64_t pfn = start_pfn; pfn < start_pfn + nr_pages; pfn += PAGES_PER_SECTION) {
		long slot = memmap_slot(k, pfn_to_section_nr(pfn));

		if (slot < 0)
			continue;
		free_pages(k, k->kalloc.memmap_allocs[slot].pfn, PAGEBLOCK_ORDER);
		memmove(&k->kalloc.memmap_allocs[slot], &k->kalloc.memmap_allocs[slot + 1],
			(k->kalloc.nr_memmap_allocs - (uint64_t)slot - 1) * sizeof(k->kalloc.memmap_allocs[0]));
		k->kalloc.nr_memmap_allocs--;
	}
}

/* ---- named kernel allocations (model-only research steps) ---- */

static void kname(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "kernel:%.63s", name);
}

/**
 * kernel_alloc_named() - the kernel allocates @size_bytes in order-0 pages of
 * @mobility on the node user space runs on, as a driver or slab cache would
 * (model-only: the reference guest's agent has no such step).  Unmovable and
 * reclaimable pages make kernel-zone blocks EBUSY; movable ones (balloon or
 * zsmalloc pages) migrate.
 * Return: 0, -EINVAL, -EEXIST, -ENOMEM (nothing stays allocated).
 */
int kernel_alloc_named(struct kernel *k, const char *name, uint64_t size_bytes, enum kernel_mobility mobility,
		       struct memhp_err *err)
{
	static const unsigned int gfp[] = { GFP_KERNEL, __GFP_RECLAIMABLE, GFP_HIGHUSER_MOVABLE };
	char oname[80];
	uint64_t nr = (size_bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	int owner;

	if (!size_bytes || (unsigned int)mobility > KERNEL_MOVABLE)
		return memhp_err_set(err, -EINVAL, "size must not be 0");
	kname(oname, sizeof(oname), name);
	if (page_owner_find(k, oname) > 0)
		return memhp_err_set(err, -EEXIST, "a kernel allocation named '%s' exists", name);
	owner = page_owner_new(k, oname, mobility == KERNEL_MOVABLE, true);
	if (owner < 0)
		return memhp_err_set(err, owner, "out of memory");
	k->pa.owners[owner].reclaimable = mobility == KERNEL_RECLAIMABLE;
	for (uint64_t i = 0; i < nr; i++) {
		uint64_t pfn;

		if (alloc_pages_node(k, k->kalloc.activity_nid, gfp[mobility], 0, owner, &pfn)) {
			page_owner_free_all(k, owner);
			page_owner_release(k, owner);
			MM_CHECK(k);
			return memhp_err_set(err, -ENOMEM, "out of memory after %llu of %llu pages",
					     (unsigned long long)i, (unsigned long long)nr);
		}
	}
	MM_CHECK(k);
	return 0;
}

/** kernel_free_named() - the kernel frees what kernel_alloc_named() took. Return: 0 or -ENOENT. */
int kernel_free_named(struct kernel *k, const char *name, struct memhp_err *err)
{
	char oname[80];
	int owner;

	kname(oname, sizeof(oname), name);
	owner = page_owner_find(k, oname);
	if (owner <= 0)
		return memhp_err_set(err, -ENOENT, "no kernel allocation named '%s'", name);
	page_owner_free_all(k, owner);
	page_owner_release(k, owner);
	MM_CHECK(k);
	return 0;
}

/**
 * kalloc_memmap_for_device() - the memmap of a ZONE_DEVICE range: 2 MiB per
 * section that has none yet (vmemmap_populate() maps whole PMDs, so a
 * section's first sub-section brings the memmap of all of it); early
 * sections have theirs from boot
 * Return: 0, or -ENOMEM with nothing allocated.
 */
int kalloc_memmap_for_device(struct kernel *k, int nid, uint64_t start_pfn, uint64_t nr_pages, struct memhp_err *err)
{
	uint64_t first = start_pfn & ~(uint64_t)(PAGES_PER_SECTION - 1);
	uint64_t n = (start_pfn + nr_pages - first + PAGES_PER_SECTION - 1) / PAGES_PER_SECTION;
	bool *mine = calloc(n, sizeof(*mine));
	int ret = 0;

	if (!mine)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	for (uint64_t i = 0; i < n; i++) {
		uint64_t pfn = first + i * PAGES_PER_SECTION;
		const struct mem_section *ms = __pfn_to_section(k, pfn);

		if ((ms && (ms->flags & SECTION_IS_EARLY)) || memmap_slot(k, pfn_to_section_nr(pfn)) >= 0)
			continue;
		ret = kalloc_memmap_for_add(k, nid, pfn, PAGES_PER_SECTION, err);
		if (ret)
			break;
		mine[i] = true;
	}
	if (ret)
		for (uint64_t i = 0; i < n; i++)
			if (mine[i])
				kalloc_memmap_for_remove(k, first + i * PAGES_PER_SECTION, PAGES_PER_SECTION);
	free(mine);
	return ret;
}
