// SPDX-License-Identifier: MIT
/*
 * Where boot memory lands before the page allocator exists: memblock's
 * top-down allocator, replayed for the allocations that decide where the
 * percpu first chunk goes (mm/percpu.c asks for it last).  In boot order:
 *  - the first MiB is kept (setup_arch());
 *  - the initrd is where the boot loader put it: QEMU loads it at the top
 *    of the RAM below 4 GiB that the firmware leaves usable, under the
 *    kernel's initrd_addr_max (2 GiB); the kernel moves it only when that
 *    place is no longer RAM (mem=, memmap=);
 *  - NODE_DATA() of each node with memory, on the node (initmem_init());
 *  - the mem_section root array, anywhere (sparse_init());
 *  - for each run of sections of one node: a root's section array, the
 *    usage maps (in the section of the node's pgdat), one buffer for the
 *    memmaps (2 MiB per section, 2 MiB aligned, on that node only) and the
 *    vmemmap page tables that map it;
 *  - the pgdat of each possible node without memory, anywhere
 *    (free_area_init());
 *  - percpu's own tables, then its chunk, group by group.
 * Allocations smaller than a few pages that the kernel makes in between
 * (ACPI, e820 resources) fill holes above the 2 MiB-aligned blocks and are
 * left out.  The kernel image is placed low and left out too.
 *
 * memblock's rules followed here: the free ranges are the memory regions
 * less the reserved ones; the highest one where an aligned block fits
 * wins; a node-local request that fails retries on any node unless it
 * asks for that node exactly, and one with a lower limit retries without.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "memhp/profile.h"
#include "mm/internal.h"

#define NUMA_NO_NODE		(-1)
#define SZ_1M			(1ULL << 20)
#define SZ_2M			(2ULL << 20)
#define SZ_4G			(4ULL << 30)
#define SMP_CACHE_BYTES		64ULL
#define MAX_DMA_PHYS		(16ULL << 20)	/* __pa(MAX_DMA_ADDRESS) */
#define INITRD_ADDR_MAX		0x7fffffffULL	/* the kernel header's initrd_addr_max */
#define SECTIONS_PER_ROOT	256UL		/* PAGE_SIZE / sizeof(struct mem_section) */
#define SECTION_MAP_BYTES	SZ_2M		/* a section's memmap, PMD aligned */
/* a PMD page of the vmemmap maps 1 GiB of struct pages: 64 GiB of memory */
#define VMEMMAP_PMD_SPAN_SECTIONS	((64ULL << 30) >> SECTION_SIZE_BITS)
#define VMEMMAP_FIRST_TABLES	3		/* the first map needs its PUD, PMD and one more table */

struct mb_range {
	uint64_t base, end;	/* [base, end) */
	int nid;
};

/*
 * memblock.memory and memblock.reserved.  Invariants: both are sorted by
 * address and disjoint; reserved ranges that touch are merged.
 */
struct memblock {
	struct mb_range *memory;
	int nr_memory;
	struct mb_range *reserved;
	int nr_reserved, cap_reserved;
};

static void mb_check(const struct memblock *mb)
{
	for (int i = 1; i < mb->nr_memory; i++)
		MEMHP_BUG_ON(mb->memory[i].base < mb->memory[i - 1].end);
	for (int i = 0; i < mb->nr_reserved; i++) {
		MEMHP_BUG_ON(mb->reserved[i].base >= mb->reserved[i].end);
		MEMHP_BUG_ON(i && mb->reserved[i].base <= mb->reserved[i - 1].end);
	}
}

static uint64_t round_down_u64(uint64_t x, uint64_t a)
{
	return x - x % a;
}

/* the highest aligned block of @size in [start, end) that is free and on @nid (NUMA_NO_NODE: any) */
static uint64_t find_top_down(const struct memblock *mb, uint64_t size, uint64_t align, uint64_t start,
			      uint64_t end, int nid)
{
	if (start < PAGE_SIZE)
		start = PAGE_SIZE;
	for (int i = mb->nr_memory - 1; i >= 0; i--) {
		const struct mb_range *m = &mb->memory[i];
		uint64_t hi = m->end;

		if (nid != NUMA_NO_NODE && m->nid != nid)
			continue;
		/* the free pieces of m, from the top: [lo, hi) below each reservation */
		for (int r = mb->nr_reserved - 1; r >= -1 && hi > m->base; r--) {
			uint64_t lo = m->base, a, b, cand;

			if (r >= 0) {
				if (mb->reserved[r].base >= hi)
					continue;
				if (mb->reserved[r].end > lo)
					lo = mb->reserved[r].end;
			}
			a = lo > start ? lo : start;
			b = hi < end ? hi : end;
			if (b > a && b - a >= size) {
				cand = round_down_u64(b - size, align);
				if (cand >= a)
					return cand;
			}
			if (r >= 0)
				hi = mb->reserved[r].base;
		}
	}
	return 0;
}

static int mb_reserve(struct memblock *mb, uint64_t base, uint64_t size)
{
	uint64_t end = base + size;
	int i = 0, j;

	if (!size)
		return 0;
	if (mb->nr_reserved + 1 > mb->cap_reserved) {
		int cap = mb->cap_reserved ? 2 * mb->cap_reserved : 32;
		struct mb_range *r = realloc(mb->reserved, (size_t)cap * sizeof(*r));

		if (!r)
			return -ENOMEM;
		mb->reserved = r;
		mb->cap_reserved = cap;
	}
	/* merge with every range it touches */
	while (i < mb->nr_reserved && mb->reserved[i].end < base)
		i++;
	j = i;
	while (j < mb->nr_reserved && mb->reserved[j].base <= end) {
		if (mb->reserved[j].base < base)
			base = mb->reserved[j].base;
		if (mb->reserved[j].end > end)
			end = mb->reserved[j].end;
		j++;
	}
	memmove(&mb->reserved[i + 1], &mb->reserved[j], (size_t)(mb->nr_reserved - j) * sizeof(mb->reserved[0]));
	mb->nr_reserved -= j - i - 1;
	mb->reserved[i] = (struct mb_range){ .base = base, .end = end, .nid = NUMA_NO_NODE };
	mb_check(mb);
	return 0;
}

/*
 * memblock_alloc_try_nid() and memblock_alloc_exact_nid_raw(): @min and
 * @max bound the block (@max 0: no bound).  Return: its address, 0 when
 * nothing fits, or -ENOMEM through @ret.
 */
static uint64_t mb_alloc(struct memblock *mb, uint64_t size, uint64_t align, uint64_t min, uint64_t max, int nid,
			 bool exact_nid, int *ret)
{
	uint64_t end = max ? max : UINT64_MAX;

	for (int pass = 0; pass < 2; pass++, min = 0) {
		uint64_t found = find_top_down(mb, size, align, min, end, nid);

		if (!found && nid != NUMA_NO_NODE && !exact_nid)
			found = find_top_down(mb, size, align, min, end, NUMA_NO_NODE);
		if (found) {
			*ret = mb_reserve(mb, found, size);
			return *ret ? 0 : found;
		}
		if (!min)
			break;
	}
	return 0;
}

static bool mb_is_memory(const struct memblock *mb, uint64_t base, uint64_t end)
{
	for (int i = 0; i < mb->nr_memory; i++)
		if (mb->memory[i].base <= base && end <= mb->memory[i].end)
			return true;
	return false;
}

/* the boot loader's initrd: top of the firmware's usable RAM below 4 GiB, under initrd_addr_max */
static int place_initrd(struct kernel *k, struct memblock *mb, const struct firmware_tables *fw)
{
	uint64_t bytes = k->profile.config.boot.initrd_bytes, top = 0, addr, end;
	int ret = 0;

	if (!bytes)
		return 0;
	for (int i = 0; i < fw->nr_e820; i++) {
		const struct e820_entry *e = &fw->e820[i];

		if (e->type == E820_TYPE_RAM && e->addr < SZ_4G) {
			uint64_t e_end = e->addr + e->size < SZ_4G ? e->addr + e->size : SZ_4G;

			if (e_end > top)
				top = e_end;
		}
	}
	if (top < bytes + SZ_1M)
		return 0;
	addr = top - 1 < INITRD_ADDR_MAX ? top - 1 : INITRD_ADDR_MAX;
	addr = round_down_u64(addr - bytes, PAGE_SIZE);
	end = addr + ((bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
	if (mb_is_memory(mb, addr, end))
		return mb_reserve(mb, addr, end - addr);
	/* relocate_initrd(): anywhere in RAM the kernel keeps */
	mb_alloc(mb, end - addr, PAGE_SIZE, 0, 0, NUMA_NO_NODE, false, &ret);
	return ret;
}

/* the nid memblocks_present() leaves on section @nr: that of the last boot range in it */
static int section_boot_nid(const struct kernel *k, unsigned long nr)
{
	uint64_t s = section_nr_to_pfn(nr), e = section_nr_to_pfn(nr + 1);
	int nid = NUMA_NO_NODE;

	for (int i = 0; i < k->boot.nr_memblock; i++)
		if (k->boot.memblock[i].start_pfn < e && k->boot.memblock[i].end_pfn > s)
			nid = k->boot.memblock[i].nid;
	return nid;
}

/* sparse_init(): roots, then per run of one node's sections its usage maps, memmap buffer and page tables */
static int place_sparse(struct kernel *k, struct memblock *mb, const uint64_t *pgdat_phys)
{
	const struct kernel_boot_layout *bl = &k->profile.config.boot;
	unsigned long nr_sections = (unsigned long)(k->boot.max_pfn >> PFN_SECTION_SHIFT) + 1;
	unsigned long last_root = ULONG_MAX, last_pmd = ULONG_MAX;
	int ret = 0;

	mb_alloc(mb, bl->section_roots_bytes, SMP_CACHE_BYTES, 0, 0, NUMA_NO_NODE, false, &ret);
	/* memblocks_present(): each root's array on the node of its first present section */
	for (unsigned long nr = 0; nr < nr_sections && !ret; nr++) {
		int nid = section_boot_nid(k, nr);

		if (nid == NUMA_NO_NODE || nr / SECTIONS_PER_ROOT == last_root)
			continue;
		last_root = nr / SECTIONS_PER_ROOT;
		mb_alloc(mb, SECTIONS_PER_ROOT * 16, SMP_CACHE_BYTES, 0, 0, nid, false, &ret);
	}
	for (unsigned long nr = 0; nr < nr_sections && !ret;) {
		int nid = section_boot_nid(k, nr);
		unsigned long first = nr, count = 0;
		uint64_t goal;

		if (nid == NUMA_NO_NODE) {
			nr++;
			continue;
		}
		for (; nr < nr_sections; nr++) {
			int n = section_boot_nid(k, nr);

			if (n == NUMA_NO_NODE)
				continue;
			if (n != nid)
				break;
			count++;
		}
		/* sparse_early_usemaps_alloc_pgdat_section(): in the pgdat's section if it can */
		goal = pgdat_phys[nid] & ~((1ULL << SECTION_SIZE_BITS) - 1);
		if (!mb_alloc(mb, bl->section_usage_bytes * count, SMP_CACHE_BYTES, goal,
			      goal + (1ULL << SECTION_SIZE_BITS), nid, false, &ret) && !ret)
			mb_alloc(mb, bl->section_usage_bytes * count, SMP_CACHE_BYTES, 0, 0, nid, false, &ret);
		if (!ret)
			mb_alloc(mb, count * SECTION_MAP_BYTES, SECTION_MAP_BYTES, MAX_DMA_PHYS, 0, nid, true, &ret);
		/* vmemmap_populate(): the tables of the map, new ones where it enters a new PMD page */
		for (unsigned long s = first; s < nr && !ret; s++) {
			int tables = 0;

			if (section_boot_nid(k, s) == NUMA_NO_NODE || s / VMEMMAP_PMD_SPAN_SECTIONS == last_pmd)
				continue;
			tables = last_pmd == ULONG_MAX ? VMEMMAP_FIRST_TABLES : 1;
			last_pmd = s / VMEMMAP_PMD_SPAN_SECTIONS;
			for (int t = 0; t < tables && !ret; t++)
				mb_alloc(mb, PAGE_SIZE, PAGE_SIZE, MAX_DMA_PHYS, 0, nid, false, &ret);
		}
	}
	return ret;
}

static bool node_has_boot_memory(const struct kernel *k, int nid)
{
	for (int i = 0; i < k->boot.nr_memblock; i++)
		if (k->boot.memblock[i].nid == nid)
			return true;
	return false;
}

/**
 * boot_memblock_place() - replay the boot allocations up to the percpu
 * first chunk and hand the allocator to @place_percpu, which makes the
 * chunk's allocations with boot_memblock_alloc().
 * Return: 0 or -ENOMEM.
 */
int boot_memblock_place(struct kernel *k, const struct firmware_tables *fw,
			int (*place_percpu)(struct kernel *k, struct memblock *mb))
{
	const struct kernel_boot_layout *bl = &k->profile.config.boot;
	struct memblock mb = { 0 };
	uint64_t pgdat_phys[MAX_NUMNODES] = { 0 };
	int ret = 0;

	mb.memory = calloc((size_t)k->boot.nr_memblock + 1, sizeof(*mb.memory));
	if (!mb.memory)
		return -ENOMEM;
	for (int i = 0; i < k->boot.nr_memblock; i++)
		mb.memory[mb.nr_memory++] = (struct mb_range){ .base = k->boot.memblock[i].start_pfn << PAGE_SHIFT,
							       .end = k->boot.memblock[i].end_pfn << PAGE_SHIFT,
							       .nid = k->boot.memblock[i].nid };
	ret = mb_reserve(&mb, 0, SZ_1M);
	if (!ret)
		ret = place_initrd(k, &mb, fw);
	for (int nid = 0; nid < MAX_NUMNODES && !ret; nid++)
		if (node_has_boot_memory(k, nid))
			pgdat_phys[nid] = mb_alloc(&mb, bl->node_data_bytes, SMP_CACHE_BYTES, 0, 0, nid, false, &ret);
	if (!ret)
		ret = place_sparse(k, &mb, pgdat_phys);
	for (int nid = 0; nid < MAX_NUMNODES && !ret; nid++)
		if (node_state(k, nid, N_POSSIBLE) && !node_has_boot_memory(k, nid))
			mb_alloc(&mb, bl->offline_node_data_bytes, SMP_CACHE_BYTES, 0, 0, NUMA_NO_NODE, false, &ret);
	if (!ret)
		ret = place_percpu(k, &mb);
	free(mb.memory);
	free(mb.reserved);
	return ret;
}

/** boot_memblock_alloc() - memblock_alloc_try_nid() from 16 MiB up. Return: the address or 0. */
uint64_t boot_memblock_alloc(struct memblock *mb, uint64_t size, uint64_t align, int nid, int *ret)
{
	return mb_alloc(mb, size, align, MAX_DMA_PHYS, 0, nid, false, ret);
}
