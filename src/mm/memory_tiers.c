// SPDX-License-Identifier: MIT
/*
 * Memory tiers (mm/memory-tiers.c): every node with memory belongs to the
 * tier of its memory type, and a type is an abstract distance, a tier
 * 128 distances wide (memory_tierN, N = adistance >> MEMTIER_CHUNK_BITS).
 *  - at boot, every node with memory gets the DRAM type (576: tier 4);
 *  - kmem gives a dax device's target node the DAX type (5 x DRAM, 2880:
 *    tier 22) before it adds the memory, if the node has no type yet;
 *  - a node that gains memory (its first block online) joins the tier of
 *    its type, taking the DRAM type if it has none; a node that loses its
 *    last online block leaves its tier, and a tier with no node is gone;
 *  - a node keeps its type (each device of that type on the node counted)
 *    until kmem, having removed all of its memory, lets it go; 6.12's kmem
 *    lets the node's type go whatever it is (KF_KMEM_CLEAR_ANY_MEMTYPE),
 *    6.1's only if it is the DAX type.
 * QEMU's pc machine describes no HMAT, so no node's distance is measured.
 */
#include "memhp/profile.h"
#include "mm/driver.h"
#include "mm/internal.h"

/*
 * set_node_memory_tier(): @nid has memory now, so it is in its type's tier
 * (a tier's nodes are the nodes with memory of its type: N_MEMORY)
 */
void memtier_node_gained_memory(struct kernel *k, int nid)
{
	if (!k->memtier.adistance[nid])
		k->memtier.adistance[nid] = MEMTIER_ADISTANCE_DRAM;
	/* counted again each time, as __init_node_memory_type() does */
	if (k->memtier.adistance[nid] == MEMTIER_ADISTANCE_DRAM)
		k->memtier.map_count[nid]++;
}

void init_node_memory_type(struct kernel *k, int nid, int adistance)
{
	if (nid < 0 || nid >= MAX_NUMNODES)
		return;
	if (!k->memtier.adistance[nid])
		k->memtier.adistance[nid] = adistance;
	if (k->memtier.adistance[nid] == adistance)
		k->memtier.map_count[nid]++;
}

void clear_node_memory_type(struct kernel *k, int nid, int adistance)
{
	if (nid < 0 || nid >= MAX_NUMNODES)
		return;
	if ((k->memtier.adistance[nid] == adistance || kernel_has(k, KF_KMEM_CLEAR_ANY_MEMTYPE)) &&
	    k->memtier.map_count[nid])
		k->memtier.map_count[nid]--;
	if (!k->memtier.map_count[nid])
		k->memtier.adistance[nid] = 0;
}

int memory_tier_next(const struct kernel *k, int from)
{
	int best = -1;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		int tier = k->memtier.adistance[nid] >> MEMTIER_CHUNK_BITS;

		if (node_state(k, nid, N_MEMORY) && tier >= from && (best < 0 || tier < best))
			best = tier;
	}
	return best;
}

uint64_t memory_tier_nodes(const struct kernel *k, int tier)
{
	uint64_t nodes = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_state(k, nid, N_MEMORY) && k->memtier.adistance[nid] >> MEMTIER_CHUNK_BITS == tier)
			nodes |= 1ULL << nid;
	return nodes;
}
