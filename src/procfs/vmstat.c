// SPDX-License-Identifier: MIT
/*
 * /proc/vmstat (mm/vmstat.c's vmstat_show()): the kernel's counters by
 * name, in the order and set of the kernel version (6.12 adds and moves
 * some: KF_VMSTAT_612).  The values are the model's: free pages, processes'
 * anonymous memory (inactive, as freshly faulted pages are), slab, the
 * page allocator's events (allocations per zone, frees, NUMA hits) and the
 * dirty thresholds derived from free memory; what the model does not have
 * (page cache, swap, reclaim, compaction, huge page pools) counts 0.
 */
#include <string.h>

#include "lib/seq_buf.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "procfs/procfs.h"

static const char *const vmstat_keys_61[] = {
	"nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon", "nr_zone_inactive_file",
	"nr_zone_active_file", "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock", "nr_bounce",
	"nr_zspages", "nr_free_cma", "numa_hit", "numa_miss", "numa_foreign", "numa_interleave", "numa_local",
	"numa_other", "nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file", "nr_unevictable",
	"nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file", "workingset_nodes",
	"workingset_refault_anon", "workingset_refault_file", "workingset_activate_anon",
	"workingset_activate_file", "workingset_restore_anon", "workingset_restore_file", "workingset_nodereclaim",
	"nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty", "nr_writeback", "nr_writeback_temp", "nr_shmem",
	"nr_shmem_hugepages", "nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped",
	"nr_anon_transparent_hugepages", "nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied",
	"nr_written", "nr_throttled_written", "nr_kernel_misc_reclaimable", "nr_foll_pin_acquired",
	"nr_foll_pin_released", "nr_kernel_stack", "nr_page_table_pages", "nr_sec_page_table_pages",
	"nr_swapcached", "pgpromote_success", "pgpromote_candidate", "nr_dirty_threshold",
	"nr_dirty_background_threshold", "pgpgin", "pgpgout", "pswpin", "pswpout", "pgalloc_dma", "pgalloc_dma32",
	"pgalloc_normal", "pgalloc_movable", "pgalloc_device", "allocstall_dma", "allocstall_dma32",
	"allocstall_normal", "allocstall_movable", "allocstall_device", "pgskip_dma", "pgskip_dma32",
	"pgskip_normal", "pgskip_movable", "pgskip_device", "pgfree", "pgactivate", "pgdeactivate", "pglazyfree",
	"pgfault", "pgmajfault", "pglazyfreed", "pgrefill", "pgreuse", "pgsteal_kswapd", "pgsteal_direct",
	"pgdemote_kswapd", "pgdemote_direct", "pgscan_kswapd", "pgscan_direct", "pgscan_direct_throttle",
	"pgscan_anon", "pgscan_file", "pgsteal_anon", "pgsteal_file", "zone_reclaim_failed", "pginodesteal",
	"slabs_scanned", "kswapd_inodesteal", "kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly",
	"pageoutrun", "pgrotated", "drop_pagecache", "drop_slab", "oom_kill", "numa_pte_updates",
	"numa_huge_pte_updates", "numa_hint_faults", "numa_hint_faults_local", "numa_pages_migrated",
	"pgmigrate_success", "pgmigrate_fail", "thp_migration_success", "thp_migration_fail", "thp_migration_split",
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated", "compact_stall", "compact_fail",
	"compact_success", "compact_daemon_wake", "compact_daemon_migrate_scanned", "compact_daemon_free_scanned",
	"htlb_buddy_alloc_success", "htlb_buddy_alloc_fail", "unevictable_pgs_culled", "unevictable_pgs_scanned",
	"unevictable_pgs_rescued", "unevictable_pgs_mlocked", "unevictable_pgs_munlocked",
	"unevictable_pgs_cleared", "unevictable_pgs_stranded", "thp_fault_alloc", "thp_fault_fallback",
	"thp_fault_fallback_charge", "thp_collapse_alloc", "thp_collapse_alloc_failed", "thp_file_alloc",
	"thp_file_fallback", "thp_file_fallback_charge", "thp_file_mapped", "thp_split_page",
	"thp_split_page_failed", "thp_deferred_split_page", "thp_split_pmd", "thp_scan_exceed_none_pte",
	"thp_scan_exceed_swap_pte", "thp_scan_exceed_share_pte", "thp_split_pud", "thp_zero_page_alloc",
	"thp_zero_page_alloc_failed", "thp_swpout", "thp_swpout_fallback", "balloon_inflate", "balloon_deflate",
	"balloon_migrate", "swap_ra", "swap_ra_hit", "ksm_swpin_copy", "cow_ksm", "zswpin", "zswpout",
	"direct_map_level2_splits", "direct_map_level3_splits", "nr_unstable",
	NULL,
};

static const char *const vmstat_keys_612[] = {
	"nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon", "nr_zone_inactive_file",
	"nr_zone_active_file", "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock", "nr_bounce",
	"nr_zspages", "nr_free_cma", "nr_unaccepted", "numa_hit", "numa_miss", "numa_foreign", "numa_interleave",
	"numa_local", "numa_other", "nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file",
	"nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file",
	"workingset_nodes", "workingset_refault_anon", "workingset_refault_file", "workingset_activate_anon",
	"workingset_activate_file", "workingset_restore_anon", "workingset_restore_file", "workingset_nodereclaim",
	"nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty", "nr_writeback", "nr_writeback_temp", "nr_shmem",
	"nr_shmem_hugepages", "nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped",
	"nr_anon_transparent_hugepages", "nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied",
	"nr_written", "nr_throttled_written", "nr_kernel_misc_reclaimable", "nr_foll_pin_acquired",
	"nr_foll_pin_released", "nr_kernel_stack", "nr_page_table_pages", "nr_sec_page_table_pages",
	"nr_iommu_pages", "nr_swapcached", "pgpromote_success", "pgpromote_candidate", "pgdemote_kswapd",
	"pgdemote_direct", "pgdemote_khugepaged", "nr_dirty_threshold", "nr_dirty_background_threshold",
	"nr_memmap_pages", "nr_memmap_boot_pages", "pgpgin", "pgpgout", "pswpin", "pswpout", "pgalloc_dma",
	"pgalloc_dma32", "pgalloc_normal", "pgalloc_movable", "pgalloc_device", "allocstall_dma",
	"allocstall_dma32", "allocstall_normal", "allocstall_movable", "allocstall_device", "pgskip_dma",
	"pgskip_dma32", "pgskip_normal", "pgskip_movable", "pgskip_device", "pgfree", "pgactivate", "pgdeactivate",
	"pglazyfree", "pgfault", "pgmajfault", "pglazyfreed", "pgrefill", "pgreuse", "pgsteal_kswapd",
	"pgsteal_direct", "pgsteal_khugepaged", "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged",
	"pgscan_direct_throttle", "pgscan_anon", "pgscan_file", "pgsteal_anon", "pgsteal_file",
	"zone_reclaim_success", "zone_reclaim_failed", "pginodesteal", "slabs_scanned", "kswapd_inodesteal",
	"kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly", "pageoutrun", "pgrotated",
	"drop_pagecache", "drop_slab", "oom_kill", "numa_pte_updates", "numa_huge_pte_updates", "numa_hint_faults",
	"numa_hint_faults_local", "numa_pages_migrated", "pgmigrate_success", "pgmigrate_fail",
	"thp_migration_success", "thp_migration_fail", "thp_migration_split", "compact_migrate_scanned",
	"compact_free_scanned", "compact_isolated", "compact_stall", "compact_fail", "compact_success",
	"compact_daemon_wake", "compact_daemon_migrate_scanned", "compact_daemon_free_scanned",
	"htlb_buddy_alloc_success", "htlb_buddy_alloc_fail", "unevictable_pgs_culled", "unevictable_pgs_scanned",
	"unevictable_pgs_rescued", "unevictable_pgs_mlocked", "unevictable_pgs_munlocked",
	"unevictable_pgs_cleared", "unevictable_pgs_stranded", "thp_fault_alloc", "thp_fault_fallback",
	"thp_fault_fallback_charge", "thp_collapse_alloc", "thp_collapse_alloc_failed", "thp_file_alloc",
	"thp_file_fallback", "thp_file_fallback_charge", "thp_file_mapped", "thp_split_page",
	"thp_split_page_failed", "thp_deferred_split_page", "thp_underused_split_page", "thp_split_pmd",
	"thp_scan_exceed_none_pte", "thp_scan_exceed_swap_pte", "thp_scan_exceed_share_pte", "thp_split_pud",
	"thp_zero_page_alloc", "thp_zero_page_alloc_failed", "thp_swpout", "thp_swpout_fallback", "balloon_inflate",
	"balloon_deflate", "balloon_migrate", "swap_ra", "swap_ra_hit", "swpin_zero", "swpout_zero",
	"ksm_swpin_copy", "cow_ksm", "zswpin", "zswpout", "zswpwb", "direct_map_level2_splits",
	"direct_map_level3_splits", "nr_unstable",
	NULL,
};

struct vmstat_values {
	struct vm_event_counts ev;
	struct meminfo_counts mi;
	uint64_t free, dirty_thresh, dirty_bg_thresh;
};

/* the model's value of counter @name; 0 for what it does not keep */
static uint64_t vmstat_value(const struct vmstat_values *v, const char *name)
{
	static const char *const zone_suffix[MAX_NR_ZONES] = { "_dma", "_dma32", "_normal", "_movable", "_device" };

	if (!strcmp(name, "nr_free_pages"))
		return v->free;
	if (!strcmp(name, "nr_zone_inactive_anon") || !strcmp(name, "nr_inactive_anon") ||
	    !strcmp(name, "nr_anon_pages"))
		return v->mi.anon;
	if (!strcmp(name, "nr_anon_transparent_hugepages"))
		return v->mi.anon_huge / 512;
	if (!strcmp(name, "nr_slab_reclaimable"))
		return v->mi.slab_reclaimable;
	if (!strcmp(name, "nr_slab_unreclaimable"))
		return v->mi.slab_unreclaimable;
	if (!strcmp(name, "numa_hit"))
		return v->ev.numa_hit;
	if (!strcmp(name, "numa_miss") || !strcmp(name, "numa_foreign"))
		return v->ev.numa_miss;
	if (!strcmp(name, "numa_local"))
		return v->ev.numa_local;
	if (!strcmp(name, "numa_other"))
		return v->ev.numa_other;
	if (!strcmp(name, "pgfree"))
		return v->ev.pgfree;
	if (!strcmp(name, "nr_dirty_threshold"))
		return v->dirty_thresh;
	if (!strcmp(name, "nr_dirty_background_threshold"))
		return v->dirty_bg_thresh;
	if (!strncmp(name, "pgalloc_", 8))
		for (int zt = 0; zt < MAX_NR_ZONES; zt++)
			if (!strcmp(name + 7, zone_suffix[zt]))
				return v->ev.pgalloc[zt];
	return 0;
}

void vmstat_show(struct kernel *k, struct seq_buf *m)
{
	const char *const *keys = kernel_has(k, KF_VMSTAT_612) ? vmstat_keys_612 : vmstat_keys_61;
	struct vmstat_values v;

	vm_event_counts_get(k, &v.ev);
	si_meminfo_counts(k, &v.mi);
	v.free = global_free_pages(k);
	global_dirty_limits(k, &v.dirty_bg_thresh, &v.dirty_thresh);
	for (const char *const *key = keys; *key; key++)
		seq_buf_printf(m, "%s %llu\n", *key, (unsigned long long)vmstat_value(&v, *key));
}
