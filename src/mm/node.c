// SPDX-License-Identifier: MIT
/*
 * Read-side answers about nodes, zones, counters, parameters and the
 * resource tree (drivers/base/node.c, mm/vmstat.c, fs/proc/meminfo.c,
 * kernel/resource.c's walk): values only; the sysfs layer formats them.
 */
#include "mm/internal.h"

uint64_t node_mask_get(const struct kernel *k, enum node_mask m)
{
	switch (m) {
	case NODE_MASK_POSSIBLE: return k->node_states[N_POSSIBLE];
	case NODE_MASK_ONLINE: return k->node_states[N_ONLINE];
	case NODE_MASK_HAS_NORMAL_MEMORY: return k->node_states[N_NORMAL_MEMORY];
	case NODE_MASK_HAS_MEMORY: return k->node_states[N_MEMORY];
	case NODE_MASK_HAS_CPU: return k->node_states[N_CPU];
	default: return 0;
	}
}

void kernel_process_activity(struct kernel *k)
{
	kalloc_kernel_activity(k);
	MM_CHECK(k);
}

int kernel_nr_cpus(const struct kernel *k)
{
	return k->nr_cpus;
}

uint64_t node_cpumask(const struct kernel *k, int nid)
{
	const struct pglist_data *pgdat = NODE_DATA(k, nid);

	return pgdat ? pgdat->cpumask : 0;
}

int zone_get_info(const struct kernel *k, int nid, enum zone_type zt, struct zone_info *out)
{
	const struct pglist_data *pgdat = NODE_DATA(k, nid);
	const struct zone *z;

	if (!pgdat || !node_state(k, nid, N_ONLINE) || zt >= MAX_NR_ZONES)
		return -ENOENT;
	z = &pgdat->node_zones[zt];
	out->start_pfn = z->zone_start_pfn;
	out->spanned = z->spanned_pages;
	out->present = z->present_pages;
	out->managed = z->managed_pages;
	out->free = zone_free_pages(z);
	out->min = z->watermark[WMARK_MIN];
	out->low = z->watermark[WMARK_LOW];
	out->high = z->watermark[WMARK_HIGH];
	for (int i = 0; i < MAX_NR_ZONES; i++)
		out->protection[i] = z->lowmem_reserve[i];
	return 0;
}

uint64_t totalram_pages(const struct kernel *k)
{
	return k->totalram_pages;
}

uint64_t global_free_pages(const struct kernel *k)
{
	uint64_t free = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone_info zi;

			if (!zone_get_info(k, nid, zt, &zi))
				free += zi.free;
		}
	}
	return free;
}

static void walk(const struct resource *parent, int depth, iomem_walk_fn fn, void *opaque)
{
	for (const struct resource *r = parent->child; r; r = r->sibling) {
		fn(opaque, depth, r->start, r->end, r->name);
		walk(r, depth + 1, fn, opaque);
	}
}

void iomem_walk(const struct kernel *k, iomem_walk_fn fn, void *opaque)
{
	walk(&k->iomem_resource, 0, fn, opaque);
}

enum online_policy mhp_get_online_policy(const struct kernel *k) { return k->online_policy; }
void mhp_set_online_policy(struct kernel *k, enum online_policy p) { k->online_policy = p; }
unsigned int mhp_get_auto_movable_ratio(const struct kernel *k) { return k->auto_movable_ratio; }
void mhp_set_auto_movable_ratio(struct kernel *k, unsigned int ratio) { k->auto_movable_ratio = ratio; }
bool mhp_get_auto_movable_numa_aware(const struct kernel *k) { return k->auto_movable_numa_aware; }
void mhp_set_auto_movable_numa_aware(struct kernel *k, bool on) { k->auto_movable_numa_aware = on; }
bool mhp_get_memmap_on_memory(const struct kernel *k) { return k->memmap_on_memory; }
