// SPDX-License-Identifier: MIT
/*
 * /proc/buddyinfo and /proc/pagetypeinfo (mm/vmstat.c's frag_show() and
 * pagetypeinfo_show()): straight from the page allocator's free lists, per
 * populated zone of each node with memory.
 */
#include "lib/seq_buf.h"
#include "memhp/mm.h"
#include "procfs/procfs.h"

#define FREECOUNT_CAP 100000	/* pagetypeinfo stops counting a list there and prints ">" */

static bool zone_counts(struct kernel *k, int nid, int zt, struct zone_free_counts *c)
{
	struct zone_info zi;

	return !zone_get_info(k, nid, zt, &zi) && zi.present && !zone_get_free_counts(k, nid, zt, c);
}

void buddyinfo_show(struct kernel *k, struct seq_buf *m)
{
	uint64_t online = node_mask_get(k, NODE_MASK_ONLINE);

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!((online >> nid) & 1))
			continue;
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone_free_counts c;

			if (!zone_counts(k, nid, zt, &c))
				continue;
			seq_buf_printf(m, "Node %d, zone %8s ", nid, zone_names[zt]);
			for (int order = 0; order < MHP_NR_PAGE_ORDERS; order++) {
				uint64_t n = 0;

				for (int mt = 0; mt < MHP_NR_MIGRATETYPES; mt++)
					n += c.nr_free[order][mt];
				seq_buf_printf(m, "%6llu ", (unsigned long long)n);
			}
			seq_buf_printf(m, "\n");
		}
	}
}

static void pagetypeinfo_node(struct kernel *k, int nid, struct seq_buf *m)
{
	struct zone_free_counts c;

	seq_buf_printf(m, "Page block order: %d\nPages per block:  %lu\n\n", MHP_PAGEBLOCK_ORDER,
		       1UL << MHP_PAGEBLOCK_ORDER);
	seq_buf_printf(m, "%-43s ", "Free pages count per migrate type at order");
	for (int order = 0; order < MHP_NR_PAGE_ORDERS; order++)
		seq_buf_printf(m, "%6d ", order);
	seq_buf_printf(m, "\n");
	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		if (!zone_counts(k, nid, zt, &c))
			continue;
		for (int mt = 0; mt < MHP_NR_MIGRATETYPES; mt++) {
			seq_buf_printf(m, "Node %4d, zone %8s, type %12s ", nid, zone_names[zt], migratetype_names[mt]);
			for (int order = 0; order < MHP_NR_PAGE_ORDERS; order++) {
				uint64_t n = c.nr_free[order][mt];

				seq_buf_printf(m, "%s%6llu ", n >= FREECOUNT_CAP ? ">" : "",
					       (unsigned long long)(n >= FREECOUNT_CAP ? FREECOUNT_CAP : n));
			}
			seq_buf_printf(m, "\n");
		}
	}
	seq_buf_printf(m, "\n%-23s", "Number of blocks type ");
	for (int mt = 0; mt < MHP_NR_MIGRATETYPES; mt++)
		seq_buf_printf(m, "%12s ", migratetype_names[mt]);
	seq_buf_printf(m, "\n");
	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		if (!zone_counts(k, nid, zt, &c))
			continue;
		seq_buf_printf(m, "Node %d, zone %8s ", nid, zone_names[zt]);
		for (int mt = 0; mt < MHP_NR_MIGRATETYPES; mt++)
			seq_buf_printf(m, "%12llu ", (unsigned long long)c.blocks[mt]);
		seq_buf_printf(m, "\n");
	}
}

void pagetypeinfo_show(struct kernel *k, struct seq_buf *m)
{
	uint64_t has_memory = node_mask_get(k, NODE_MASK_HAS_MEMORY);

	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if ((has_memory >> nid) & 1)
			pagetypeinfo_node(k, nid, m);
}
