// SPDX-License-Identifier: MIT
/*
 * Read-side answers about nodes, zones, counters, parameters and the
 * resource tree (drivers/base/node.c, mm/vmstat.c, fs/proc/meminfo.c,
 * kernel/resource.c's walk): values only; the sysfs layer formats them.
 */
#include <stdlib.h>
#include <string.h>

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

uint64_t cpu_isolated_mask(const struct kernel *k)
{
	return k->isolated_cpus;
}

bool cpu_nohz_full_mask(const struct kernel *k, uint64_t *mask)
{
	*mask = k->nohz_full_cpus;
	return k->nohz_full_set;
}

int cpu_to_node(const struct kernel *k, int cpu)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if ((node_cpumask(k, nid) >> cpu) & 1)
			return nid;
	return -1;
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

void global_dirty_limits(const struct kernel *k, uint64_t *background, uint64_t *dirty)
{
	uint64_t free = global_free_pages(k), reserve = totalreserve_pages(k);
	/* global_dirtyable_memory(), then domain_dirty_limits() with the ratios in 1/4096ths */
	uint64_t dirtyable = free - (reserve < free ? reserve : free);

	*dirty = (20 * 4096 / 100) * dirtyable / 4096;
	*background = (10 * 4096 / 100) * dirtyable / 4096;
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

enum online_policy mhp_get_online_policy(const struct kernel *k) { return k->params.online_policy; }
void mhp_set_online_policy(struct kernel *k, enum online_policy p) { k->params.online_policy = p; }
unsigned int mhp_get_auto_movable_ratio(const struct kernel *k) { return k->params.auto_movable_ratio; }
void mhp_set_auto_movable_ratio(struct kernel *k, unsigned int ratio) { k->params.auto_movable_ratio = ratio; }
bool mhp_get_auto_movable_numa_aware(const struct kernel *k) { return k->params.auto_movable_numa_aware; }
void mhp_set_auto_movable_numa_aware(struct kernel *k, bool on) { k->params.auto_movable_numa_aware = on; }
enum memmap_mode mhp_get_memmap_on_memory(const struct kernel *k) { return k->params.memmap_on_memory; }

/* ---- the node-level interface of the seed proposal (opt-in, never merged) ---- */

void node_memory_interface_set(struct kernel *k, bool on) { k->params.node_memory_interface = on; }
bool node_memory_interface_enabled(const struct kernel *k) { return k->params.node_memory_interface; }

/* bytes of node @nid's memory blocks online and offline */
void node_memory_bytes(const struct kernel *k, int nid, uint64_t *online, uint64_t *offline)
{
	*online = *offline = 0;
	for (unsigned long id = 0; id < k->memsys.nr_block_slots; id++) {
		const struct memory_block *mem = k->memsys.blocks[id];

		if (!mem || mem->nid != nid)
			continue;
		if (mem->state == MEM_ONLINE)
			*online += k->memsys.block_size_bytes;
		else
			*offline += k->memsys.block_size_bytes;
	}
}

/* undo: blocks this request changed go back, in reverse order */
static void node_memory_rollback(struct kernel *k, struct memory_block **done, const enum mmop *was, int n,
				 bool online)
{
	while (n-- > 0) {
		if (online)
			device_offline_block(k, done[n], NULL);
		else
			device_online_block(k, done[n], was[n], NULL);
	}
}

/**
 * node_memory_store() - "offline [START] SIZE" or "online [START] SIZE"
 * written to /sys/devices/system/node/nodeN/memory (the seed proposal; not
 * in Linux): SIZE bytes of node @nid's memory change state, in whole memory
 * blocks (sections, with the default 128 MiB blocks).
 *  - With START: exactly the blocks of [START, +SIZE), which must all be
 *    node @nid's and in the other state; they are tried in ascending order,
 *    and if one fails, those changed go back and its error is returned.
 *  - Without START the model chooses: to offline, online blocks of the node
 *    in ZONE_MOVABLE first and then in kernel zones, highest address first;
 *    to online, offline blocks lowest first.  A block that fails is skipped;
 *    if SIZE cannot be reached, everything goes back (EBUSY if a block
 *    failed, else ENOSPC).
 * Onlining uses the default zone rules (as writing "online" to state).
 * Return: 0, -EPERM (interface off), -EINVAL, -ENOSPC, or a block's error.
 */
int node_memory_store(struct kernel *k, int nid, bool online, bool has_start, uint64_t start, uint64_t size,
		      struct memhp_err *err)
{
	uint64_t bs = k->memsys.block_size_bytes, want, done_n = 0;
	struct memory_block **done;
	enum mmop *was;
	int ret = 0, last_err = 0;

	if (!k->params.node_memory_interface)
		return memhp_err_set(err, -EPERM, "the node memory interface is off (model node-memory on)");
	if (!size || size % bs || (has_start && start % bs))
		return memhp_err_set(err, -EINVAL, "START and SIZE must be multiples of the block size %#llx",
				     (unsigned long long)bs);
	want = size / bs;
	if (want > k->memsys.nr_block_slots)
		return memhp_err_set(err, -ENOSPC, "node %d has not that much memory", nid);
	done = calloc(want, sizeof(*done));
	was = calloc(want, sizeof(*was));
	if (!done || !was) {
		free(done);
		free(was);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	if (has_start) {
		unsigned long first = (unsigned long)(start / bs);

		for (uint64_t i = 0; i < want; i++) {
			struct memory_block *mem = find_memory_block_by_id(k, first + (unsigned long)i);

			if (!mem || mem->nid != nid || mem->nodes_linked != (1ULL << nid) ||
			    (mem->state == MEM_ONLINE) == online) {
				ret = memhp_err_set(err, -EINVAL, "memory%lu is not %s memory of node %d",
						    first + (unsigned long)i, online ? "offline" : "online", nid);
				goto out;
			}
		}
		for (uint64_t i = 0; i < want; i++) {
			struct memory_block *mem = find_memory_block_by_id(k, first + (unsigned long)i);

			was[done_n] = mem->zone_idx == ZONE_MOVABLE ? MMOP_ONLINE_MOVABLE : MMOP_ONLINE_KERNEL;
			ret = online ? device_online_block(k, mem, MMOP_ONLINE, err) : device_offline_block(k, mem, err);
			if (ret < 0) {
				node_memory_rollback(k, done, was, (int)done_n, online);
				goto out;
			}
			done[done_n++] = mem;
		}
		ret = 0;
		goto out;
	}
	/* the model chooses */
	for (int pass = 0; pass < 2 && done_n < want; pass++) {
		for (unsigned long n = 0; n < k->memsys.nr_block_slots && done_n < want; n++) {
			unsigned long id = online ? n : k->memsys.nr_block_slots - 1 - n;
			struct memory_block *mem = k->memsys.blocks[id];
			int r;

			if (!mem || mem->nid != nid || mem->nodes_linked != (1ULL << nid) ||
			    (mem->state == MEM_ONLINE) == online)
				continue;
			if (!online && (pass == 0) != (mem->zone_idx == ZONE_MOVABLE))
				continue;
			if (online && pass == 1)
				break;
			was[done_n] = mem->zone_idx == ZONE_MOVABLE ? MMOP_ONLINE_MOVABLE : MMOP_ONLINE_KERNEL;
			r = online ? device_online_block(k, mem, MMOP_ONLINE, NULL) : device_offline_block(k, mem, NULL);
			if (r < 0) {
				last_err = r;
				continue;
			}
			done[done_n++] = mem;
		}
	}
	if (done_n < want) {
		node_memory_rollback(k, done, was, (int)done_n, online);
		ret = memhp_err_set(err, last_err ? -EBUSY : -ENOSPC, "node %d: only %llu of %llu blocks could go %s",
				    nid, (unsigned long long)done_n, (unsigned long long)want,
				    online ? "online" : "offline");
	}
out:
	free(done);
	free(was);
	MM_CHECK(k);
	return ret;
}

/**
 * totalreserve_pages() - see memhp/mm.h: each zone with managed pages
 * contributes its high watermark plus its largest lowmem_reserve
 */
uint64_t totalreserve_pages(const struct kernel *k)
{
	uint64_t reserve = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int zid = 0; NODE_DATA(k, nid) && zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &NODE_DATA(k, nid)->node_zones[zid];
			uint64_t max = 0;

			for (int j = 0; j < MAX_NR_ZONES; j++)
				if (z->lowmem_reserve[j] > max)
					max = z->lowmem_reserve[j];
			if (z->managed_pages)
				reserve += z->watermark[WMARK_HIGH] + max;
		}
	}
	return reserve;
}

/**
 * si_meminfo_counts() - /proc/meminfo's process and slab figures from the
 * page owners, and MemAvailable as si_mem_available() estimates it: free
 * pages above the zones' reserves plus half the reclaimable slab
 */
void si_meminfo_counts(const struct kernel *k, struct meminfo_counts *out)
{
	uint64_t reserve = 0, free = global_free_pages(k);

	memset(out, 0, sizeof(*out));
	for (int id = 1; id < k->pa.nr_owner_slots; id++) {
		const struct page_owner *o = &k->pa.owners[id];

		if (!o->name)
			continue;
		if (!strncmp(o->name, "anon:", 5)) {
			out->anon += o->nr_pages;
			for (uint32_t i = 0; i < o->nr_blocks; i++)
				if ((o->blocks[i] & 15) == PAGEBLOCK_ORDER)
					out->anon_huge += 1ULL << PAGEBLOCK_ORDER;
		} else if (o->reclaimable) {
			out->slab_reclaimable += o->nr_pages;
		} else if (id == k->kalloc.slab_owner || !strncmp(o->name, "kernel:", 7)) {
			if (!o->movable)
				out->slab_unreclaimable += o->nr_pages;
		}
	}
	reserve = totalreserve_pages(k);
	out->available = free > reserve ? free - reserve : 0;
	out->available += out->slab_reclaimable / 2;
}
