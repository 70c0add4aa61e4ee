// SPDX-License-Identifier: MIT
/*
 * ZONE_MOVABLE at boot (mm_init.c's find_zone_movable_pfns_for_nodes()):
 * kernelcore= and movablecore= split each node's boot memory into the
 * kernel's zones below a pfn and ZONE_MOVABLE above it.  The kernel's share
 * is spread as evenly as the nodes allow; ZONE_MOVABLE is taken out of the
 * highest zone that has memory and starts on a MAX_ORDER_NR_PAGES boundary.
 *
 * movable_node overrides both (boot memory in QEMU's SRAT is never
 * hotpluggable, so nothing of it becomes Movable), and kernelcore=mirror
 * needs mirrored memory, which a QEMU guest never has: it is ignored, as
 * 6.12 does (6.1 would make all memory above 4 GiB Movable and leave the
 * kernel's zones overlapping it; that form is not modelled).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strparse.h"
#include "mm/internal.h"

/*
 * cmdline_parse_core(): "nn%" is a share of all boot memory (values over
 * 100 are taken as they are, after the kernel's warning), anything else a
 * size for memparse().
 */
static void parse_core(const char *val, uint64_t *pages, unsigned int *percent)
{
	char *end;
	unsigned long long v = strtoull(val, &end, 0);

	if (*end == '%') {
		*percent = v > 0xffffffffULL ? 0xffffffffU : (unsigned int)v;
		return;
	}
	*pages = memparse(val, &end) >> PAGE_SHIFT;
	*percent = 0;
}

/**
 * kernelcore_parse_cmdline() - kernelcore= and movablecore= of a command
 * line; the last of each wins
 * @k: kernel
 * @cmdline: words separated by spaces, or NULL
 */
void kernelcore_parse_cmdline(struct kernel *k, const char *cmdline)
{
	const struct {
		const char *prefix;
		uint64_t *pages;
		unsigned int *percent;
	} params[] = {
		{ "kernelcore=", &k->boot.required_kernelcore, &k->boot.kernelcore_percent },
		{ "movablecore=", &k->boot.required_movablecore, &k->boot.movablecore_percent },
	};
	const char *p = cmdline, *w;
	size_t n;

	while ((w = cmdline_next_word(&p, &n))) {
		for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
			size_t pn = strlen(params[i].prefix);
			char val[64];

			if (n <= pn || strncmp(w, params[i].prefix, pn))
				continue;
			snprintf(val, sizeof(val), "%.*s", (int)(n - pn), w + pn);
			if (params[i].pages == &k->boot.required_kernelcore && !strcmp(val, "mirror"))
				k->boot.mirrored_kernelcore = true;
			else
				parse_core(val, params[i].pages, params[i].percent);
		}
	}
}

/* free_area_init()'s arch zone limits: each zone starts where the one below ends */
static void arch_zone_limits(const struct kernel *k, uint64_t lowest[ZONE_MOVABLE], uint64_t highest[ZONE_MOVABLE])
{
	uint64_t min_pfn = UINT64_MAX, max_low_pfn = 0, max_zone_pfn[ZONE_MOVABLE], start;

	for (int i = 0; i < k->boot.nr_memblock; i++) {
		const struct memblock_region *r = &k->boot.memblock[i];

		if (r->start_pfn < min_pfn)
			min_pfn = r->start_pfn;
		if (r->start_pfn < MAX_DMA32_PFN) {
			uint64_t e = r->end_pfn < MAX_DMA32_PFN ? r->end_pfn : MAX_DMA32_PFN;

			if (e > max_low_pfn)
				max_low_pfn = e;
		}
	}
	max_zone_pfn[ZONE_DMA] = MAX_DMA_PFN < max_low_pfn ? MAX_DMA_PFN : max_low_pfn;
	max_zone_pfn[ZONE_DMA32] = MAX_DMA32_PFN < max_low_pfn ? MAX_DMA32_PFN : max_low_pfn;
	max_zone_pfn[ZONE_NORMAL] = k->boot.max_pfn;
	start = min_pfn;
	for (int zid = ZONE_DMA; zid < ZONE_MOVABLE; zid++) {
		uint64_t end = max_zone_pfn[zid] > start ? max_zone_pfn[zid] : start;

		lowest[zid] = start;
		highest[zid] = end;
		start = end;
	}
}

static uint64_t node_end_pfn_of(const struct kernel *k, int nid)
{
	uint64_t end = 0;

	for (int i = 0; i < k->boot.nr_memblock; i++)
		if (k->boot.memblock[i].nid == nid && k->boot.memblock[i].end_pfn > end)
			end = k->boot.memblock[i].end_pfn;
	return end;
}

/*
 * The kernel's share, node by node: each node gives the kernel its memory
 * below @usable_startpfn, then memory from its bottom up to its share; what a
 * node lacks is spread over the others in another pass.
 */
static void spread_kernelcore(struct kernel *k, uint64_t required_kernelcore, uint64_t usable_startpfn)
{
	uint64_t *zmp = k->boot.zone_movable_pfn;
	int usable_nodes = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_end_pfn_of(k, nid))
			usable_nodes++;
	for (;;) {
		uint64_t kernelcore_node = required_kernelcore / (uint64_t)usable_nodes;

		for (int nid = 0; nid < MAX_NUMNODES; nid++) {
			uint64_t kernelcore_remaining;

			if (!node_end_pfn_of(k, nid))
				continue;
			if (required_kernelcore < kernelcore_node)
				kernelcore_node = required_kernelcore / (uint64_t)usable_nodes;
			kernelcore_remaining = kernelcore_node;
			/* memblock ranges of the node, ascending */
			for (int i = 0; i < k->boot.nr_memblock; i++) {
				const struct memblock_region *r = &k->boot.memblock[i];
				uint64_t start_pfn = r->start_pfn > zmp[nid] ? r->start_pfn : zmp[nid];
				uint64_t end_pfn = r->end_pfn, size_pages;

				if (r->nid != nid || start_pfn >= end_pfn)
					continue;
				if (start_pfn < usable_startpfn) {
					uint64_t lim = end_pfn < usable_startpfn ? end_pfn : usable_startpfn;
					uint64_t kernel_pages = lim - start_pfn;

					kernelcore_remaining -= kernel_pages < kernelcore_remaining ? kernel_pages
												: kernelcore_remaining;
					required_kernelcore -= kernel_pages < required_kernelcore ? kernel_pages
												 : required_kernelcore;
					if (end_pfn <= usable_startpfn) {
						zmp[nid] = end_pfn;
						continue;
					}
					start_pfn = usable_startpfn;
				}
				size_pages = end_pfn - start_pfn;
				if (size_pages > kernelcore_remaining)
					size_pages = kernelcore_remaining;
				zmp[nid] = start_pfn + size_pages;
				required_kernelcore -= size_pages < required_kernelcore ? size_pages : required_kernelcore;
				kernelcore_remaining -= size_pages;
				if (!kernelcore_remaining)
					break;
			}
		}
		usable_nodes--;
		if (!usable_nodes || required_kernelcore <= (uint64_t)usable_nodes)
			break;
	}
}

/**
 * find_zone_movable_pfns_for_nodes() - where ZONE_MOVABLE starts on each
 * node (0: none), into k->boot.zone_movable_pfn[], and which zone it is
 * taken from, into k->boot.movable_zone.  Needs the memblock ranges sorted
 * by address and k->boot.max_pfn.
 */
void find_zone_movable_pfns_for_nodes(struct kernel *k)
{
	uint64_t lowest[ZONE_MOVABLE], highest[ZONE_MOVABLE], totalpages = 0;
	uint64_t required_kernelcore = k->boot.required_kernelcore;
	uint64_t required_movablecore = k->boot.required_movablecore;

	memset(k->boot.zone_movable_pfn, 0, sizeof(k->boot.zone_movable_pfn));
	arch_zone_limits(k, lowest, highest);
	k->boot.movable_zone = ZONE_DMA;
	for (int zid = ZONE_MOVABLE - 1; zid >= ZONE_DMA; zid--)
		if (highest[zid] > lowest[zid]) {
			k->boot.movable_zone = zid;
			break;
		}
	k->boot.movable_zone_end_pfn = highest[k->boot.movable_zone];
	if (k->params.movable_node_enabled || k->boot.mirrored_kernelcore)
		return;
	for (int i = 0; i < k->boot.nr_memblock; i++)
		totalpages += k->boot.memblock[i].end_pfn - k->boot.memblock[i].start_pfn;
	if (k->boot.kernelcore_percent)
		required_kernelcore = totalpages * 100 * k->boot.kernelcore_percent / 10000;
	if (k->boot.movablecore_percent)
		required_movablecore = totalpages * 100 * k->boot.movablecore_percent / 10000;
	if (required_movablecore) {
		uint64_t corepages;

		required_movablecore = (required_movablecore + MAX_ORDER_NR_PAGES - 1) / MAX_ORDER_NR_PAGES *
				       MAX_ORDER_NR_PAGES;
		if (required_movablecore > totalpages)
			required_movablecore = totalpages;
		corepages = totalpages - required_movablecore;
		if (corepages > required_kernelcore)
			required_kernelcore = corepages;
	}
	if (!required_kernelcore || required_kernelcore >= totalpages)
		return;
	spread_kernelcore(k, required_kernelcore, lowest[k->boot.movable_zone]);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		uint64_t *zmp = &k->boot.zone_movable_pfn[nid];

		*zmp = (*zmp + MAX_ORDER_NR_PAGES - 1) / MAX_ORDER_NR_PAGES * MAX_ORDER_NR_PAGES;
		if (*zmp >= node_end_pfn_of(k, nid))
			*zmp = 0;
	}
}

/**
 * boot_zone_of_pfn() - the zone boot memory at @pfn of node @nid was
 * given at boot (@nid < 0: no node, no ZONE_MOVABLE)
 */
int boot_zone_of_pfn(const struct kernel *k, int nid, uint64_t pfn)
{
	if (nid >= 0 && nid < MAX_NUMNODES && k->boot.zone_movable_pfn[nid] && pfn >= k->boot.zone_movable_pfn[nid])
		return ZONE_MOVABLE;
	if (pfn < MAX_DMA_PFN)
		return ZONE_DMA;
	if (pfn < MAX_DMA32_PFN)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}
