// SPDX-License-Identifier: MIT
/*
 * Xen's balloon driver with XEN_BALLOON_MEMORY_HOTPLUG=y (Debian: y), per
 * §8.4 of the spec (Linux 6.1; there is no oracle for it here):
 *  - the guest's size is steered through target_kb (or target) under
 *    /sys/devices/system/xen_memory/xen_memory0; the balloon works towards it
 *    whenever the guest runs;
 *  - growing takes pages out of the balloon first (each is populated and
 *    freed: managed +1); with the balloon empty it hot-adds the missing
 *    amount rounded up to whole sections, at the lowest section-aligned free
 *    space of iomem, as "System RAM" with add_memory(MHP_MERGE_RESOURCE), and
 *    then waits for that memory to be onlined (auto-online or user space);
 *  - its online-page callback puts every onlined page into the balloon
 *    (PageOffline, held): zone present grows by the whole block, managed and
 *    MemTotal do not, until the balloon deflates into it;
 *  - shrinking allocates pages (GFP_BALLOON: no ZONE_MOVABLE, no retry) and
 *    puts them into the balloon (managed -1 each), at most what MemAvailable
 *    allows per round;
 *  - blocks holding ballooned pages cannot be offlined (EBUSY); the balloon
 *    never removes hot-added memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/modules.h"
#include "memhp/drivers.h"
#include "mm/driver.h"

struct xen_balloon_driver {
	uint64_t current_pages, target_pages;
	uint64_t total_pages;		/* current + ballooned + hot-added but not onlined */
	uint64_t *balloon;		/* ballooned pfns; the top of the stack is the list head */
	uint64_t nr_balloon, cap_balloon;
	bool waiting;			/* BP_WAIT: hot-added memory waits to be onlined */
	bool pending;			/* the worker is scheduled */
	int owner;			/* pages taken while inflating */
	uint64_t unpopulated_mapped;	/* unpopulated-alloc: pages mapped as "Xen scratch" */
	uint64_t unpopulated_free;	/* of those, on its list */
};

static int balloon_reserve(struct xen_balloon_driver *b, uint64_t more)
{
	uint64_t cap;
	uint64_t *v;

	if (b->nr_balloon + more <= b->cap_balloon)
		return 0;
	cap = b->cap_balloon ? b->cap_balloon * 2 : 1024;
	while (cap < b->nr_balloon + more)
		cap *= 2;
	v = realloc(b->balloon, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	b->balloon = v;
	b->cap_balloon = cap;
	return 0;
}

/* xen_online_page(): every onlined page goes into the balloon */
static int xen_online_page(struct kernel *k, void *opaque, uint64_t pfn, unsigned int order)
{
	struct xen_balloon_driver *b = opaque;
	uint64_t n = 1ULL << order;
	int ret = balloon_reserve(b, n);

	if (!ret)
		ret = page_set_offline_held(k, pfn, n, true);
	if (ret)
		return ret;
	/* balloon_append() of lowmem pages adds at the list head */
	for (uint64_t i = 0; i < n; i++)
		b->balloon[b->nr_balloon++] = pfn + i;
	return 0;
}

static int xen_memory_notifier(struct kernel *k, void *opaque, enum mem_notify_action action, uint64_t pfn,
			       uint64_t nr)
{
	struct xen_balloon_driver *b = opaque;

	(void)k;
	(void)pfn;
	if (action == MEM_NOTIFY_ONLINE) {
		/* the hot-added pages left the "waiting" count: they are in the balloon now */
		b->waiting = false;
		b->pending = true;
		(void)nr;
	}
	return 0;
}

/* increase_reservation(): pages come out of the balloon into the allocator */
static void increase_reservation(struct kernel *k, struct xen_balloon_driver *b, uint64_t nr)
{
	while (nr && b->nr_balloon) {
		uint64_t pfn = b->balloon[b->nr_balloon - 1];

		if (fake_online_pages(k, pfn, 1))
			return;
		b->nr_balloon--;
		b->current_pages++;
		nr--;
	}
}

/* reserve_additional_memory(): hot-add what the balloon cannot give, in whole sections */
static void reserve_additional_memory(struct kernel *k, struct xen_balloon_driver *b)
{
	uint64_t credit = b->target_pages > b->total_pages ? b->target_pages - b->total_pages : 0;
	uint64_t pages = (credit + PAGES_PER_SECTION - 1) / PAGES_PER_SECTION * PAGES_PER_SECTION, start;
	int nid;

	if (!credit)
		return;
	/* allocate_resource(&iomem_resource, ..., 0, -1, section): the lowest free fit */
	if (find_free_mem_region(kernel_iomem(k), pfn_phys(pages), pfn_phys(PAGES_PER_SECTION), 0,
				 (1ULL << 46) - 1, &start))
		return;
	nid = memory_add_physaddr_to_nid(k, start);
	b->total_pages += pages;
	b->waiting = true;
	/* "Cannot add additional memory (%i)" */
	if (add_memory(k, nid < 0 ? 0 : nid, start, pfn_phys(pages), MHP_MERGE_RESOURCE, NULL)) {
		b->total_pages -= pages;
		b->waiting = false;
	}
}

/* si_mem_available(), as far as the model knows: free pages above the zones' reserves */
static uint64_t mem_available(const struct kernel *k)
{
	uint64_t avail = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int zid = 0; kernel_node_data(k, nid) && zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &kernel_node_data(k, nid)->node_zones[zid];
			uint64_t reserve = z->watermark[WMARK_HIGH], free = zone_free_pages(z);

			for (int j = 0; j < MAX_NR_ZONES; j++)
				if (z->lowmem_reserve[j] > reserve - z->watermark[WMARK_HIGH])
					reserve = z->watermark[WMARK_HIGH] + z->lowmem_reserve[j];
			avail += free > reserve ? free - reserve : 0;
		}
	}
	return avail;
}

/* decrease_reservation(): pages go from the allocator into the balloon */
static void decrease_reservation(struct kernel *k, struct xen_balloon_driver *b, uint64_t nr)
{
	while (nr) {
		uint64_t pfn;

		if (balloon_reserve(b, 1) ||
		    alloc_pages_node(k, numa_node_id(k), GFP_KERNEL | __GFP_NORETRY, 0, b->owner, &pfn))
			return;		/* BP_EAGAIN: tried again later */
		if (fake_offline_pages_held(k, pfn, 1, true))
			return;
		b->balloon[b->nr_balloon++] = pfn;
		b->current_pages--;
		nr--;
	}
}

/* balloon_process(): work towards the target; Return: whether it did anything */
static bool xen_balloon_work(struct kernel *k, void *priv)
{
	struct xen_balloon_driver *b = priv;

	if (!b || !b->pending)
		return false;
	b->pending = false;
	for (;;) {
		if (b->target_pages > b->current_pages) {
			uint64_t before = b->current_pages;

			if (b->nr_balloon) {
				increase_reservation(k, b, b->target_pages - b->current_pages);
				if (b->current_pages != before)
					continue;	/* BP_DONE: another round */
			} else if (!b->waiting) {
				/* BP_WAIT: onlining the new memory (the notifier) starts the next round */
				reserve_additional_memory(k, b);
			}
		} else if (b->target_pages < b->current_pages) {
			uint64_t want = b->current_pages - b->target_pages, avail = mem_available(k);

			decrease_reservation(k, b, want < avail ? want : avail);
		}
		break;
	}
	MM_CHECK(k);
	return true;
}

void xen_balloon_set_target(struct kernel *k, uint64_t pages)
{
	struct xen_balloon_driver *b = kernel_module_priv(k, &xen_balloon_module);

	if (!b)
		return;
	b->target_pages = pages;
	b->pending = true;
}

int xen_balloon_get(const struct kernel *k, struct xen_balloon_info *out)
{
	const struct xen_balloon_driver *b = kernel_module_priv(k, &xen_balloon_module);

	if (!b)
		return -ENOENT;
	out->target_pages = b->target_pages;
	out->current_pages = b->current_pages;
	out->low_pages = b->nr_balloon;
	return 0;
}

/* balloon_init(): built in, it binds on a Xen guest only; 0 or -ENOMEM */
static int xen_balloon_init(struct kernel *k, void **priv)
{
	struct xen_balloon_driver *b;
	uint64_t present = 0;
	int ret;

	if (kernel_hypervisor(k) != HYPERVISOR_XEN)
		return 0;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	/* get_num_physpages() */
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (kernel_node_data(k, nid))
			present += kernel_node_data(k, nid)->node_present_pages;
	b->current_pages = b->target_pages = b->total_pages = present;
	b->owner = page_owner_new(k, "xen-balloon", false, false);
	ret = b->owner < 0 ? b->owner : set_online_page_callback(k, xen_online_page, b);
	if (!ret) {
		ret = register_memory_notifier(k, xen_memory_notifier, b);
		if (ret)
			restore_online_page_callback(k, xen_online_page);
	}
	if (ret) {
		free(b);
		return ret < 0 ? ret : -ENOMEM;
	}
	*priv = b;
	return 0;
}

static void xen_balloon_exit(struct kernel *k, void *priv)
{
	struct xen_balloon_driver *b = priv;

	if (!b)
		return;
	free(b->balloon);
	free(b);
}

const struct guest_module xen_balloon_module = {
	.name = "xen_balloon",
	.builtin = true,
	.init = xen_balloon_init,
	.exit = xen_balloon_exit,
	.work = xen_balloon_work,
};

/* ---- unpopulated-alloc (drivers/xen/unpopulated-alloc.c) ---- */

/*
 * Xen's unpopulated pages (for grant and foreign mappings): address space
 * without RAM behind it, taken from free iomem in whole sections as
 * "Xen scratch" and mapped into ZONE_DEVICE (§8.4): no memory blocks, no
 * MemTotal, only the Device zone's span.  Freed pages go back to the
 * driver's list, never to the allocator, and the mappings stay.
 */

/* fill_list(): map round_up(@nr_pages, a section) more pages */
static int fill_list(struct kernel *k, struct xen_balloon_driver *b, uint64_t nr_pages, struct memhp_err *err)
{
	uint64_t pages = (nr_pages + PAGES_PER_SECTION - 1) / PAGES_PER_SECTION * PAGES_PER_SECTION, start;
	struct resource *res;
	int ret;

	if (find_free_mem_region(kernel_iomem(k), pfn_phys(pages), pfn_phys(PAGES_PER_SECTION), 0,
				 (1ULL << 46) - 1, &start))
		return memhp_err_set(err, -ENOMEM, "Cannot allocate new IOMEM resource");
	ret = request_mem_region(kernel_iomem(k), start, pfn_phys(pages), "Xen scratch", IORESOURCE_MEM, &res);
	if (ret)
		return memhp_err_set(err, ret, "Cannot allocate new IOMEM resource");
	ret = memremap_pages(k, start, pfn_phys(pages), -1, err);
	if (ret) {
		release_resource_free(res);
		return ret;
	}
	b->unpopulated_mapped += pages;
	b->unpopulated_free += pages;
	return 0;
}

int xen_unpopulated_alloc(struct kernel *k, uint64_t nr_pages, struct memhp_err *err)
{
	struct xen_balloon_driver *b = kernel_module_priv(k, &xen_balloon_module);
	int ret;

	if (!b)
		return memhp_err_set(err, -ENODEV, "not a Xen guest (model hypervisor xen before boot)");
	if (!nr_pages)
		return memhp_err_set(err, -EINVAL, "no pages asked for");
	if (b->unpopulated_free < nr_pages) {
		ret = fill_list(k, b, nr_pages - b->unpopulated_free, err);
		if (ret)
			return ret;
	}
	b->unpopulated_free -= nr_pages;
	MM_CHECK(k);
	return 0;
}

int xen_unpopulated_free(struct kernel *k, uint64_t nr_pages, struct memhp_err *err)
{
	struct xen_balloon_driver *b = kernel_module_priv(k, &xen_balloon_module);

	if (!b)
		return memhp_err_set(err, -ENODEV, "not a Xen guest (model hypervisor xen before boot)");
	if (b->unpopulated_free + nr_pages > b->unpopulated_mapped)
		return memhp_err_set(err, -EINVAL, "more pages than were handed out");
	b->unpopulated_free += nr_pages;
	return 0;
}
