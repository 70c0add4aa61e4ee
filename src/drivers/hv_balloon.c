// SPDX-License-Identifier: MIT
/*
 * Hyper-V's balloon driver (hv_balloon) as far as memory hot-add goes, per
 * §8.3 of the spec (Linux 6.1; there is no oracle for it here):
 *  - the host asks the guest to hot-add a page range, optionally inside a
 *    region; without one, the region is the range rounded out to hot-add
 *    chunks: 128 MiB in 6.1 (HA_CHUNK), a memory block from 6.9 on
 *    (ha_pages_in_chunk, KF_HV_BALLOON_BLOCK_CHUNK);
 *  - the driver keeps, per region, the pages the host has backed (the
 *    covered range, minus gaps the host skipped) and how far it has added;
 *  - each chunk is added with add_memory(nid of its address, chunk,
 *    MHP_MERGE_RESOURCE) and onlined by whatever onlines memory (auto-online
 *    or user space); with 6.1's fixed chunk, a block size other than 128 MiB
 *    makes add_memory() fail with EINVAL; an EEXIST switches hot-add off
 *    for good;
 *  - its online-page callback frees only backed pages; the others become
 *    PageOffline and keep the driver's reference: present, not managed, and
 *    the block can no longer be offlined (EBUSY, "unmovable page");
 *  - when the host backs more pages of a chunk that is online, they are
 *    onlined at once.
 * hv_balloon has no hot-remove path.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/modules.h"
#include "memhp/drivers.h"
#include "memhp/profile.h"
#include "mm/driver.h"

#define HV_MAX_REGIONS	64
#define HV_MAX_GAPS	64

struct hv_gap {
	uint64_t start_pfn, end_pfn;
};

/* struct hv_hotadd_state: one region the host asked for */
struct hv_region {
	uint64_t start_pfn, end_pfn;		/* the region */
	uint64_t covered_start_pfn, covered_end_pfn;	/* backed, except in gaps */
	uint64_t ha_end_pfn;			/* added up to here */
	struct hv_gap gaps[HV_MAX_GAPS];
	int nr_gaps;
};

struct hv_balloon_driver {
	bool hot_add;				/* module parameter hot_add, off after EEXIST */
	struct hv_region regions[HV_MAX_REGIONS];
	int nr_regions;
};

/* the pages hv_balloon adds at a time: HA_CHUNK, or one memory block */
static uint64_t ha_pages_in_chunk(const struct kernel *k)
{
	if (kernel_has(k, KF_HV_BALLOON_BLOCK_CHUNK))
		return memory_block_size_bytes(k) >> PAGE_SHIFT;
	return 128ULL << (20 - PAGE_SHIFT);
}

static bool pfn_backed(const struct hv_region *r, uint64_t pfn)
{
	if (pfn < r->covered_start_pfn || pfn >= r->covered_end_pfn)
		return false;
	for (int i = 0; i < r->nr_gaps; i++)
		if (pfn >= r->gaps[i].start_pfn && pfn < r->gaps[i].end_pfn)
			return false;
	return true;
}

static struct hv_region *region_of(struct hv_balloon_driver *drv, uint64_t pfn)
{
	for (int i = 0; i < drv->nr_regions; i++)
		if (pfn >= drv->regions[i].start_pfn && pfn < drv->regions[i].end_pfn)
			return &drv->regions[i];
	return NULL;
}

/* the end of the run of pages starting at @pfn that are all backed or all not, up to @end */
static uint64_t run_end(const struct hv_region *r, uint64_t pfn, uint64_t end)
{
	uint64_t stop = end;

	/* borders: covered range ends and gap ends */
	uint64_t borders[2 + 2 * HV_MAX_GAPS];
	int n = 0;

	borders[n++] = r->covered_start_pfn;
	borders[n++] = r->covered_end_pfn;
	for (int i = 0; i < r->nr_gaps; i++) {
		borders[n++] = r->gaps[i].start_pfn;
		borders[n++] = r->gaps[i].end_pfn;
	}
	for (int i = 0; i < n; i++)
		if (borders[i] > pfn && borders[i] < stop)
			stop = borders[i];
	return stop;
}

/* hv_online_page(): backed pages go to the allocator, the others stay PageOffline (held) */
static int hv_online_page(struct kernel *k, void *opaque, uint64_t pfn, unsigned int order)
{
	struct hv_balloon_driver *drv = opaque;
	uint64_t end = pfn + (1ULL << order);
	struct hv_region *r = region_of(drv, pfn);

	if (!r)
		return generic_online_page(k, pfn, order);
	for (uint64_t p = pfn; p < end;) {
		uint64_t stop = run_end(r, p, end);
		int ret = pfn_backed(r, p) ? fake_online_pages(k, p, stop - p) : page_set_offline_held(k, p, stop - p, true);

		if (ret)
			return ret;
		p = stop;
	}
	return 0;
}

/* hv_bring_pgs_online(): newly backed pages of online memory enter the allocator */
static void bring_pgs_online(struct kernel *k, uint64_t start_pfn, uint64_t nr)
{
	for (uint64_t p = start_pfn; p < start_pfn + nr;) {
		uint64_t q = p;

		if (!pfn_to_online_page(k, p) || !page_is_offline(k, p)) {
			p++;
			continue;
		}
		while (q < start_pfn + nr && pfn_to_online_page(k, q) && page_is_offline(k, q))
			q++;
		fake_online_pages(k, p, q - p);
		p = q;
	}
}

/* hv_mem_hot_add(): add chunks from ha_end until @nr backed pages are covered */
static void mem_hot_add(struct kernel *k, struct hv_balloon_driver *drv, struct hv_region *r, uint64_t nr)
{
	const uint64_t chunk = ha_pages_in_chunk(k);

	while (nr && r->ha_end_pfn < r->end_pfn) {
		uint64_t start = r->ha_end_pfn, processed = nr < chunk ? nr : chunk;
		int nid = memory_add_physaddr_to_nid(k, pfn_phys(start));
		int ret;

		r->ha_end_pfn += chunk;
		r->covered_end_pfn += processed;
		ret = add_memory(k, nid, pfn_phys(start), pfn_phys(chunk), MHP_MERGE_RESOURCE, NULL);
		if (ret) {
			/* "hot_add memory failed error is %d"; EEXIST turns hot-add off */
			if (ret == -EEXIST)
				drv->hot_add = false;
			r->ha_end_pfn -= chunk;
			r->covered_end_pfn -= processed;
			return;
		}
		nr -= processed;
	}
}

int hv_balloon_hot_add(struct kernel *k, uint64_t start, uint64_t size, uint64_t region_start,
		       uint64_t region_size, uint64_t *done, struct memhp_err *err)
{
	struct hv_balloon_driver *drv = kernel_module_priv(k, &hv_balloon_module);
	uint64_t pg_start = phys_pfn(start), count = phys_pfn(size), old, chunk = ha_pages_in_chunk(k);
	struct hv_region *r;

	*done = 0;
	if (!drv)
		return memhp_err_set(err, -ENODEV, kernel_hypervisor(k) == HYPERVISOR_HYPERV ? "hv_balloon is not loaded (modprobe hv_balloon)" :
						    "not a Hyper-V guest (model hypervisor hyperv before boot)");
	if (!size || start % PAGE_SIZE || size % PAGE_SIZE || region_start % PAGE_SIZE || region_size % PAGE_SIZE)
		return memhp_err_set(err, -EINVAL, "page ranges are whole pages");
	if (region_size && (pg_start < phys_pfn(region_start) || pg_start >= phys_pfn(region_start + region_size)))
		return memhp_err_set(err, -EINVAL, "the pages start outside the region");
	if (!drv->hot_add)
		return 0;	/* the guest answers with 0 pages */
	r = region_of(drv, pg_start);
	if (!r) {
		if (drv->nr_regions == HV_MAX_REGIONS)
			return memhp_err_set(err, -ENOSPC, "too many hot-add regions");
		r = &drv->regions[drv->nr_regions++];
		memset(r, 0, sizeof(*r));
		if (region_size) {
			r->start_pfn = phys_pfn(region_start);
			r->end_pfn = phys_pfn(region_start + region_size);
		} else {
			r->start_pfn = pg_start / chunk * chunk;
			r->end_pfn = (pg_start + count + chunk - 1) / chunk * chunk;
		}
		r->ha_end_pfn = r->start_pfn;
		r->covered_start_pfn = r->covered_end_pfn = pg_start;
	}
	/* handle_pg_range() */
	old = r->covered_end_pfn;
	if (pg_start > r->covered_end_pfn) {
		if (r->nr_gaps == HV_MAX_GAPS)
			return memhp_err_set(err, -ENOSPC, "too many gaps in one region");
		r->gaps[r->nr_gaps].start_pfn = r->covered_end_pfn;
		r->gaps[r->nr_gaps].end_pfn = pg_start;
		r->nr_gaps++;
		r->covered_end_pfn = pg_start;
		old = pg_start;
	}
	if (pg_start + count > r->end_pfn)
		count = r->end_pfn > pg_start ? r->end_pfn - pg_start : 0;
	if (pg_start < r->ha_end_pfn) {
		/* pages of chunks already added: backed now, online at once where online */
		uint64_t ol = r->ha_end_pfn - pg_start < count ? r->ha_end_pfn - pg_start : count;

		r->covered_end_pfn = pg_start + ol > r->covered_end_pfn ? pg_start + ol : r->covered_end_pfn;
		bring_pgs_online(k, pg_start, ol);
		count -= ol;
	}
	if (count)
		mem_hot_add(k, drv, r, count);
	*done = pfn_phys(r->covered_end_pfn - old);
	MM_CHECK(k);
	return 0;
}

/* module_init: hv_vmbus refuses to load outside Hyper-V (-ENODEV) */
static int hv_balloon_init(struct kernel *k, void **priv)
{
	struct hv_balloon_driver *drv;

	if (kernel_hypervisor(k) != HYPERVISOR_HYPERV)
		return -ENODEV;
	drv = calloc(1, sizeof(*drv));
	if (!drv)
		return -ENOMEM;
	if (set_online_page_callback(k, hv_online_page, drv)) {
		free(drv);
		return -EBUSY;
	}
	drv->hot_add = true;
	*priv = drv;
	return 0;
}

static void hv_balloon_exit(struct kernel *k, void *priv)
{
	free(priv);
}

const struct guest_module hv_balloon_module = {
	.name = "hv_balloon",
	.init = hv_balloon_init,
	.drivers = (const char *const[]){ "vmbus:hv_balloon", NULL },
	.exit = hv_balloon_exit,
};
