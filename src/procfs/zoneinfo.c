// SPDX-License-Identifier: MIT
/*
 * /proc/zoneinfo (mm/vmstat.c's zoneinfo_show()): every zone of every online
 * node with its watermarks, spans and lowmem protection; the per-zone
 * counters follow only for a zone with present pages.
 */
#include "lib/seq_buf.h"
#include "memhp/mm.h"
#include "procfs/procfs.h"

static void zoneinfo_show_zone(struct seq_buf *m, int nid, int zt, const struct zone_info *zi)
{
	seq_buf_printf(m, "Node %d, zone %8s\n", nid, zone_names[zt]);
	seq_buf_printf(m, "  pages free     %llu\n", (unsigned long long)zi->free);
	seq_buf_printf(m, "        boost    0\n        min      %llu\n        low      %llu\n        high     %llu\n",
		       (unsigned long long)zi->min, (unsigned long long)zi->low, (unsigned long long)zi->high);
	seq_buf_printf(m, "        spanned  %llu\n", (unsigned long long)zi->spanned);
	seq_buf_printf(m, "        present  %llu\n", (unsigned long long)zi->present);
	seq_buf_printf(m, "        managed  %llu\n", (unsigned long long)zi->managed);
	seq_buf_printf(m, "        cma      0\n        protection: (%llu, %llu, %llu, %llu, %llu)\n",
		       (unsigned long long)zi->protection[0], (unsigned long long)zi->protection[1],
		       (unsigned long long)zi->protection[2], (unsigned long long)zi->protection[3],
		       (unsigned long long)zi->protection[4]);
	if (!zi->present)
		return;
	seq_buf_printf(m, "      nr_free_pages %llu\n", (unsigned long long)zi->free);
	seq_buf_printf(m, "  node_unreclaimable:  0\n");
	seq_buf_printf(m, "  start_pfn:           %llu\n", (unsigned long long)zi->start_pfn);
}

void zoneinfo_show(struct kernel *k, struct seq_buf *m)
{
	uint64_t online = node_mask_get(k, NODE_MASK_ONLINE);

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!((online >> nid) & 1))
			continue;
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone_info zi;

			if (!zone_get_info(k, nid, zt, &zi))
				zoneinfo_show_zone(m, nid, zt, &zi);
		}
	}
}
