// SPDX-License-Identifier: MIT
/*
 * The percpu first chunk, embedded in boot memory (pcpu_embed_first_chunk()
 * as x86_64 calls it): its unit size and where each CPU's unit lands.
 *  - The units are 2 MiB allocations (PMD_SIZE atoms) cut into as many
 *    units of at least the build's static + reserved + dynamic size as
 *    fit with a page-aligned size (pcpu_build_alloc_info()).
 *  - The CPUs are grouped by node; each group gets its own allocation,
 *    rounded up to whole atoms, on its node, top-down from memblock.  Of
 *    the unit counts per allocation that waste at most a third of the
 *    CPUs' units, the largest that needs no more allocations wins.
 *  - A CPU's unit is its group's allocation plus its rank in the group.
 * Dynamic percpu variables live at one offset in every unit, so their
 * per-CPU physical addresses follow (crash_notes).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "memhp/profile.h"
#include "mm/internal.h"

#define PCPU_ATOM_BYTES		(2ULL << 20)	/* PMD_SIZE */
#define PCPU_MIN_UNIT_BYTES	(32ULL << 10)
#define NUMA_NO_NODE		(-1)

static uint64_t pfn_align(uint64_t bytes)
{
	return (bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static int place_first_chunk(struct kernel *k, struct memblock *mb)
{
	uint64_t min_unit = k->profile.config.boot.percpu_unit_min_bytes, alloc_bytes, unit_bytes;
	int nr_cpus = k->nr_cpus, nr_groups = 0, upa, max_upa, best_upa = 0, last_allocs = -1;
	int *group_of = calloc((size_t)nr_cpus, sizeof(int)), *group_cnt = calloc((size_t)nr_cpus, sizeof(int));
	int *group_cpu = calloc((size_t)nr_cpus, sizeof(int));
	int nr_units = 0, ret = 0;

	if (!group_of || !group_cnt || !group_cpu) {
		ret = -ENOMEM;
		goto out;
	}
	if (min_unit < PCPU_MIN_UNIT_BYTES)
		min_unit = PCPU_MIN_UNIT_BYTES;
	alloc_bytes = (min_unit + PCPU_ATOM_BYTES - 1) / PCPU_ATOM_BYTES * PCPU_ATOM_BYTES;
	for (upa = (int)(alloc_bytes / min_unit); alloc_bytes % (uint64_t)upa || (alloc_bytes / (uint64_t)upa) % PAGE_SIZE;)
		upa--;
	max_upa = upa;

	/* groups: the CPUs of one node, in the order of their first CPU */
	for (int c = 0; c < nr_cpus; c++) {
		int g;

		for (g = 0; g < nr_groups; g++)
			if (cpu_to_node(k, group_cpu[g]) == cpu_to_node(k, c))
				break;
		if (g == nr_groups)
			group_cpu[nr_groups++] = c;
		group_of[c] = g;
		group_cnt[g]++;
	}
	for (upa = max_upa; upa; upa--) {
		int allocs = 0, wasted = 0;

		if (alloc_bytes % (uint64_t)upa || (alloc_bytes / (uint64_t)upa) % PAGE_SIZE)
			continue;
		for (int g = 0; g < nr_groups; g++) {
			int these = (group_cnt[g] + upa - 1) / upa;

			allocs += these;
			wasted += these * upa - group_cnt[g];
		}
		if (wasted > nr_cpus / 3)
			continue;
		if (last_allocs >= 0 && allocs > last_allocs)
			break;
		last_allocs = allocs;
		best_upa = upa;
	}
	MEMHP_BUG_ON(!best_upa);
	upa = best_upa;
	unit_bytes = alloc_bytes / (uint64_t)upa;
	for (int g = 0; g < nr_groups; g++)
		nr_units += (group_cnt[g] + upa - 1) / upa * upa;

	/* pcpu_alloc_alloc_info() and the embedder's table of group areas */
	boot_memblock_alloc(mb, pfn_align(64 + 24ULL * (uint64_t)nr_groups + 4ULL * (uint64_t)nr_units), PAGE_SIZE,
			    NUMA_NO_NODE, &ret);
	if (!ret)
		boot_memblock_alloc(mb, pfn_align(8ULL * (uint64_t)nr_groups), 64, NUMA_NO_NODE, &ret);
	k->percpu.unit_bytes = unit_bytes;
	for (int g = 0; g < nr_groups && !ret; g++) {
		uint64_t units = (uint64_t)((group_cnt[g] + upa - 1) / upa * upa);
		uint64_t base = boot_memblock_alloc(mb, units * unit_bytes, PCPU_ATOM_BYTES,
						    cpu_to_node(k, group_cpu[g]), &ret);
		int rank = 0;

		for (int c = 0; c < nr_cpus; c++)
			if (group_of[c] == g)
				k->percpu.unit_phys[c] = base ? base + (uint64_t)rank++ * unit_bytes : 0;
	}
out:
	free(group_of);
	free(group_cnt);
	free(group_cpu);
	return ret;
}

/**
 * percpu_setup_first_chunk() - place the first chunk as the boot does
 * (after memblock's earlier allocations) and keep each CPU's unit.
 * Return: 0 or -ENOMEM.
 */
int percpu_setup_first_chunk(struct kernel *k, const struct firmware_tables *fw)
{
	k->percpu.unit_phys = calloc((size_t)k->nr_cpus, sizeof(k->percpu.unit_phys[0]));
	if (!k->percpu.unit_phys)
		return -ENOMEM;
	return boot_memblock_place(k, fw, place_first_chunk);
}

void percpu_fini(struct kernel *k)
{
	free(k->percpu.unit_phys);
	k->percpu.unit_phys = NULL;
}

/*
 * per_cpu_ptr_to_phys() of a dynamic percpu variable at @offset in the unit;
 * 0 when the unit could not be placed
 */
static uint64_t percpu_phys(const struct kernel *k, int cpu, uint64_t offset)
{
	if (cpu < 0 || cpu >= k->nr_cpus || !k->percpu.unit_phys || !k->percpu.unit_phys[cpu])
		return 0;
	return k->percpu.unit_phys[cpu] + offset;
}

uint64_t kernel_crash_notes_phys(const struct kernel *k, int cpu)
{
	return percpu_phys(k, cpu, k->profile.config.boot.crash_notes_offset);
}

uint64_t kernel_crash_notes_bytes(const struct kernel *k)
{
	return k->profile.config.boot.crash_notes_bytes;
}
