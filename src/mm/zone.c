// SPDX-License-Identifier: MIT
/*
 * Zone spans, present counts and zone selection (the zone half of
 * mm/memory_hotplug.c): which zone an online request lands in under the
 * contig-zones and auto-movable policies, how a zone's and a node's span grow
 * on online and shrink only at their ends on offline.
 */
#include "mm/internal.h"

static struct zone *default_kernel_zone_for_pfn(struct kernel *k, int nid, uint64_t start_pfn,
						uint64_t nr_pages)
{
	struct pglist_data *pgdat = NODE_DATA(k, nid);

	for (int zid = 0; zid < ZONE_NORMAL; zid++) {
		struct zone *zone = &pgdat->node_zones[zid];

		if (zone_intersects(zone, start_pfn, nr_pages))
			return zone;
	}
	return &pgdat->node_zones[ZONE_NORMAL];
}

static struct zone *default_zone_for_pfn(struct kernel *k, int nid, uint64_t start_pfn, uint64_t nr_pages)
{
	struct zone *kernel_zone = default_kernel_zone_for_pfn(k, nid, start_pfn, nr_pages);
	struct zone *movable_zone = &NODE_DATA(k, nid)->node_zones[ZONE_MOVABLE];
	bool in_kernel = zone_intersects(kernel_zone, start_pfn, nr_pages);
	bool in_movable = zone_intersects(movable_zone, start_pfn, nr_pages);

	if (in_kernel ^ in_movable)
		return in_kernel ? kernel_zone : movable_zone;
	return k->params.movable_node_enabled ? movable_zone : kernel_zone;
}

struct auto_movable_stats {
	uint64_t kernel_early_pages;
	uint64_t movable_pages;
};

static void auto_movable_stats_account_zone(struct auto_movable_stats *stats, const struct zone *zone,
					    int zid)
{
	if (zid == ZONE_MOVABLE) {
		stats->movable_pages += zone->present_pages;
	} else {
		stats->kernel_early_pages += zone->present_early_pages;
		/* CMA pages behave like ZONE_MOVABLE */
		stats->movable_pages += zone->cma_pages;
		stats->kernel_early_pages -= zone->cma_pages;
	}
}

/*
 * Whether @nr_pages more of ZONE_MOVABLE keep the configured ratio against
 * boot-time kernel memory, in all nodes (@nid < 0) or in one node.  Kernel
 * memory of the dynamic groups other than @group is set aside for the
 * movable memory of those groups first.
 */
static bool auto_movable_can_online_movable(struct kernel *k, int nid, struct memory_group *group,
					    uint64_t nr_pages)
{
	struct auto_movable_stats stats = { 0 };
	uint64_t req_kernel_early_pages = 0, group_movable_pages = 0;
	unsigned int ratio = k->params.auto_movable_ratio;

	for (int n = 0; n < MAX_NUMNODES; n++) {
		struct pglist_data *pgdat = k->node_data[n];

		if (!pgdat || (nid >= 0 && n != nid))
			continue;
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			if (populated_zone(&pgdat->node_zones[zid]))
				auto_movable_stats_account_zone(&stats, &pgdat->node_zones[zid], zid);
	}
	for (int i = 0; i < k->memsys.nr_group_slots; i++) {
		struct memory_group *g = k->memsys.groups[i];
		int64_t pages;

		if (!g || !g->is_dynamic || g == group || (nid >= 0 && g->nid != nid))
			continue;
		if (!ratio)
			continue;
		pages = (int64_t)(g->present_movable_pages * 100 / ratio);
		pages -= (int64_t)g->present_kernel_pages;
		if (pages > 0)
			req_kernel_early_pages += (uint64_t)pages;
		group_movable_pages += g->present_movable_pages;
	}
	if (stats.kernel_early_pages <= req_kernel_early_pages)
		return false;
	stats.kernel_early_pages -= req_kernel_early_pages;
	stats.movable_pages -= group_movable_pages;
	if (group && group->is_dynamic)
		stats.kernel_early_pages += group->present_kernel_pages;
	stats.movable_pages += nr_pages;
	return stats.movable_pages <= ((uint64_t)ratio * stats.kernel_early_pages) / 100;
}

static struct zone *auto_movable_zone_for_pfn(struct kernel *k, int nid, struct memory_group *group,
					      uint64_t pfn, uint64_t nr_pages)
{
	uint64_t online_pages = 0, max_pages;

	if (!k->params.auto_movable_ratio)
		goto kernel_zone;
	if (group && !group->is_dynamic) {
		max_pages = group->max_pages;
		online_pages = group->present_movable_pages;
		/* never mix zones within a DIMM */
		if (group->present_kernel_pages)
			goto kernel_zone;
	} else if (!group || group->unit_pages == nr_pages) {
		max_pages = nr_pages;
	} else {
		uint64_t end_pfn;

		max_pages = group->unit_pages;
		pfn -= pfn % group->unit_pages;
		end_pfn = pfn + group->unit_pages;
		for (uint64_t p = pfn; p < end_pfn; p += PAGES_PER_SECTION) {
			if (!pfn_to_online_page(k, p))
				continue;
			if (page_zonenum(k, p) != ZONE_MOVABLE)
				goto kernel_zone;
			online_pages += PAGES_PER_SECTION;
		}
	}
	nr_pages = max_pages - online_pages;
	if (!auto_movable_can_online_movable(k, -1, group, nr_pages))
		goto kernel_zone;
	if (k->params.auto_movable_numa_aware && !auto_movable_can_online_movable(k, nid, group, nr_pages))
		goto kernel_zone;
	return &NODE_DATA(k, nid)->node_zones[ZONE_MOVABLE];
kernel_zone:
	return default_kernel_zone_for_pfn(k, nid, pfn, nr_pages);
}

/**
 * zone_for_pfn_range() - the zone an online request of @online_type lands in
 * @k: kernel
 * @online_type: MMOP_ONLINE, MMOP_ONLINE_KERNEL or MMOP_ONLINE_MOVABLE
 * @nid: node of the range
 * @group: memory group of the range, or NULL
 * @start_pfn: first pfn
 * @nr_pages: pages
 *
 * Never fails (§4.7, §4.8 of the spec).
 * Return: the zone.
 */
struct zone *zone_for_pfn_range(struct kernel *k, enum mmop online_type, int nid,
				struct memory_group *group, uint64_t start_pfn, uint64_t nr_pages)
{
	if (online_type == MMOP_ONLINE_KERNEL)
		return default_kernel_zone_for_pfn(k, nid, start_pfn, nr_pages);
	if (online_type == MMOP_ONLINE_MOVABLE)
		return &NODE_DATA(k, nid)->node_zones[ZONE_MOVABLE];
	if (k->params.online_policy == ONLINE_POLICY_AUTO_MOVABLE)
		return auto_movable_zone_for_pfn(k, nid, group, start_pfn, nr_pages);
	return default_zone_for_pfn(k, nid, start_pfn, nr_pages);
}

/** resize_pgdat_range() - the node span becomes the union of its non-empty zone spans */
void resize_pgdat_range(struct kernel *k, int nid)
{
	struct pglist_data *pgdat = NODE_DATA(k, nid);
	uint64_t start = 0, end = 0;
	bool any = false;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *z = &pgdat->node_zones[zid];

		if (!z->spanned_pages)
			continue;
		if (!any) {
			start = z->zone_start_pfn;
			end = zone_end_pfn(z);
			any = true;
			continue;
		}
		if (z->zone_start_pfn < start)
			start = z->zone_start_pfn;
		if (zone_end_pfn(z) > end)
			end = zone_end_pfn(z);
	}
	pgdat->node_start_pfn = start;
	pgdat->node_spanned_pages = end - start;
}

/**
 * move_pfn_range_to_zone() - grow @zone (and the node) to cover the range
 * Context: the range's pages are not yet present.
 */
void move_pfn_range_to_zone(struct kernel *k, struct zone *zone, int nid, uint64_t start_pfn,
			    uint64_t nr_pages)
{
	struct pglist_data *pgdat = NODE_DATA(k, nid);
	uint64_t end_pfn = start_pfn + nr_pages;

	if (zone_is_empty(zone) || start_pfn < zone->zone_start_pfn) {
		uint64_t old_end = zone_is_empty(zone) ? end_pfn : zone_end_pfn(zone);

		zone->zone_start_pfn = start_pfn;
		zone->spanned_pages = (old_end > end_pfn ? old_end : end_pfn) - start_pfn;
	} else if (end_pfn > zone_end_pfn(zone)) {
		zone->spanned_pages = end_pfn - zone->zone_start_pfn;
	}
	if (!pgdat->node_spanned_pages) {
		pgdat->node_start_pfn = start_pfn;
		pgdat->node_spanned_pages = nr_pages;
	} else {
		uint64_t old_end = pgdat->node_start_pfn + pgdat->node_spanned_pages;
		uint64_t s = start_pfn < pgdat->node_start_pfn ? start_pfn : pgdat->node_start_pfn;
		uint64_t e = end_pfn > old_end ? end_pfn : old_end;

		pgdat->node_start_pfn = s;
		pgdat->node_spanned_pages = e - s;
	}
}

static bool pfn_in_zone_online(struct kernel *k, int nid, int zid, uint64_t pfn)
{
	if (!pfn_to_online_page(k, pfn))
		return false;
	if (page_to_nid(k, pfn) != nid)
		return false;
	return page_zonenum(k, pfn) == zid;
}

static uint64_t find_smallest_section_pfn(struct kernel *k, int nid, int zid, uint64_t start_pfn,
					  uint64_t end_pfn)
{
	while (start_pfn < end_pfn) {
		if (!online_section_nr(k, pfn_to_section_nr(start_pfn))) {
			/* skip the rest of an offline or absent section */
			start_pfn = section_nr_to_pfn(pfn_to_section_nr(start_pfn) + 1);
			continue;
		}
		if (pfn_in_zone_online(k, nid, zid, start_pfn))
			return start_pfn;
		start_pfn += PAGES_PER_SUBSECTION;
	}
	return 0;
}

static uint64_t find_biggest_section_pfn(struct kernel *k, int nid, int zid, uint64_t start_pfn,
					 uint64_t end_pfn)
{
	while (end_pfn > start_pfn) {
		uint64_t pfn = end_pfn - 1;

		if (!online_section_nr(k, pfn_to_section_nr(pfn))) {
			end_pfn = section_nr_to_pfn(pfn_to_section_nr(pfn));
			continue;
		}
		if (pfn_in_zone_online(k, nid, zid, pfn))
			return pfn;
		end_pfn -= PAGES_PER_SUBSECTION;
	}
	return 0;
}

/**
 * remove_pfn_range_from_zone() - shrink @zone's span after [start_pfn, +nr_pages)
 * went offline: only at the zone's ends, never for ZONE_DEVICE (§9.3)
 * Context: the range's sections are already offline.
 */
void remove_pfn_range_from_zone(struct kernel *k, struct zone *zone, int nid, uint64_t start_pfn,
				uint64_t nr_pages)
{
	int zid = zone_idx_of(k, zone, nid);
	uint64_t end_pfn = start_pfn + nr_pages, pfn;

	if (zid == ZONE_DEVICE)
		return;
	if (zone->zone_start_pfn == start_pfn) {
		pfn = find_smallest_section_pfn(k, nid, zid, end_pfn, zone_end_pfn(zone));
		if (pfn) {
			zone->spanned_pages = zone_end_pfn(zone) - pfn;
			zone->zone_start_pfn = pfn;
		} else {
			zone->zone_start_pfn = 0;
			zone->spanned_pages = 0;
		}
	} else if (zone_end_pfn(zone) == end_pfn) {
		pfn = find_biggest_section_pfn(k, nid, zid, zone->zone_start_pfn, start_pfn);
		if (pfn) {
			zone->spanned_pages = pfn - zone->zone_start_pfn + 1;
		} else {
			zone->zone_start_pfn = 0;
			zone->spanned_pages = 0;
		}
	}
	resize_pgdat_range(k, nid);
}

/**
 * adjust_present_page_count() - present pages of the zone, node and group
 * change by @nr_pages (early sections also count in present_early_pages)
 */
void adjust_present_page_count(struct kernel *k, uint64_t pfn, struct memory_group *group, int nid,
			       struct zone *zone, int64_t nr_pages)
{
	const struct mem_section *ms = __pfn_to_section(k, pfn);
	bool movable = zone_idx_of(k, zone, nid) == ZONE_MOVABLE;

	if (ms && (ms->flags & SECTION_IS_EARLY))
		zone->present_early_pages += (uint64_t)nr_pages;
	zone->present_pages += (uint64_t)nr_pages;
	NODE_DATA(k, nid)->node_present_pages += (uint64_t)nr_pages;
	if (group && movable)
		group->present_movable_pages += (uint64_t)nr_pages;
	else if (group)
		group->present_kernel_pages += (uint64_t)nr_pages;
}
