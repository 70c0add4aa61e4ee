// SPDX-License-Identifier: MIT
/*
 * The guest's virtio_mem driver as Linux 6.1 runs it (§8.2 of the spec):
 *  - Sub-Block Mode when a device block (at least a pageblock) is smaller
 *    than a memory block, Big Block Mode otherwise;
 *  - plugging walks towards requested-size: partly plugged online kernel
 *    blocks first, then movable, then offline ones, then new blocks in
 *    ascending order, which are plugged before they are added with
 *    add_memory_driver_managed() as "System RAM (virtio_mem)" under the
 *    device's "virtioN" resource, in a dynamic memory group;
 *  - sub-blocks that are not plugged stay present but unmanaged (the
 *    online-page callback keeps them away from the buddy allocator);
 *  - unplugging works from the highest block down: offline partly plugged,
 *    offline, then (unplug_online) movable partial, kernel partial, movable,
 *    kernel; whole blocks are offlined and removed;
 *  - at most offline_threshold (1 GiB, at least two blocks) of added memory
 *    may sit offline; more waits until something is onlined.
 * Modules: the virtio core (built in) keeps the bus and the driver's state;
 * the driver binds once both virtio_pci and virtio_mem are loaded; devices
 * are named virtio0, virtio1, ... in bus order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/drivers.h"
#include "drivers/modules.h"
#include "memhp/virtio_mem.h"
#include "memhp/drivers.h"
#include "mm/driver.h"

#define VM_MAX_DEVICES 32

enum vm_unit_state {
	VM_UNIT_UNUSED,		/* not added to Linux */
	VM_UNIT_ADDED,		/* added; online or offline as its memory block says */
};

struct vm_dev {
	int index;			/* virtioN */
	struct virtio_mem_port *port;
	struct virtio_mem_config cfg;
	char name[24];			/* "virtioN" */
	int nid;
	bool bbm;
	uint64_t sb_size;		/* SBM sub-block, or BBM big block: the plug unit */
	uint64_t unit_size;		/* SBM: a memory block; BBM: a big block */
	uint64_t first_addr;		/* first unit-aligned address in the region */
	uint64_t nr_units;
	unsigned int sb_per_unit;
	uint8_t *state;			/* enum vm_unit_state per unit */
	uint64_t *plugged;		/* bitmap: sub-block plugged, sb_per_unit bits per unit */
	size_t words_per_unit;
	struct memory_group *group;
	struct resource *parent;
	bool pending;			/* more to plug once memory gets onlined */
	bool running;			/* vm_run() is working (the driver's workqueue is active) */
	bool retry;			/* work queued for when the guest next runs */
	bool unbound;			/* unbound by user space: its online memory stays behind */
};

struct virtio_mem_driver {
	virtio_mem_lookup_fn lookup;
	void *opaque;
	bool pci_loaded, mem_loaded;
	bool unplug_online;		/* module parameter, default Y */
	int owner;			/* page owner of sub-blocks taken with alloc_contig_range() */
	int nr_named;			/* virtio indices handed out */
	struct virtio_mem_port *named[VM_MAX_DEVICES];
	struct vm_dev *dev[VM_MAX_DEVICES];
};

/* the virtio core's state: NULL on a machine without a virtio bus */
static struct virtio_mem_driver *vm_driver(const struct kernel *k)
{
	return kernel_module_priv(k, &virtio_module);
}

/* ---- sub-block bitmap ---- */

static bool sb_test(const struct vm_dev *d, uint64_t unit, unsigned int sb)
{
	return (d->plugged[unit * d->words_per_unit + sb / 64] >> (sb % 64)) & 1;
}

static void sb_set(struct vm_dev *d, uint64_t unit, unsigned int sb, bool on)
{
	uint64_t *w = &d->plugged[unit * d->words_per_unit + sb / 64];

	if (on)
		*w |= 1ULL << (sb % 64);
	else
		*w &= ~(1ULL << (sb % 64));
}

static unsigned int unit_plugged_sbs(const struct vm_dev *d, uint64_t unit)
{
	unsigned int n = 0;

	for (unsigned int sb = 0; sb < d->sb_per_unit; sb++)
		n += sb_test(d, unit, sb);
	return n;
}

static uint64_t unit_addr(const struct vm_dev *d, uint64_t unit)
{
	return d->first_addr + unit * d->unit_size;
}

/* the memory block holding the unit's first page (SBM: the unit itself) */
static struct memory_block *unit_block(struct kernel *k, const struct vm_dev *d, uint64_t unit)
{
	return find_memory_block_by_id(k, (unsigned long)(unit_addr(d, unit) / memory_block_size_bytes(k)));
}

static bool unit_online(struct kernel *k, const struct vm_dev *d, uint64_t unit)
{
	struct memory_block *mem = unit_block(k, d, unit);

	return d->state[unit] == VM_UNIT_ADDED && mem && mem->state != MEM_OFFLINE;
}

/* ---- device requests ---- */

static int request(struct vm_dev *d, enum virtio_mem_req_type type, uint64_t addr, uint64_t size)
{
	return d->port->request(d->port->opaque, type, (addr - d->cfg.addr) / d->cfg.block_size,
				size / d->cfg.block_size, NULL);
}

static int plug_sbs(struct vm_dev *d, uint64_t unit, unsigned int sb, unsigned int count)
{
	if (request(d, VIRTIO_MEM_REQ_PLUG, unit_addr(d, unit) + sb * d->sb_size, count * d->sb_size) !=
	    VIRTIO_MEM_RESP_ACK)
		return -EBUSY;
	for (unsigned int i = 0; i < count; i++)
		sb_set(d, unit, sb + i, true);
	return 0;
}

static int unplug_sbs(struct vm_dev *d, uint64_t unit, unsigned int sb, unsigned int count);

/* unplugs every plugged run of sub-blocks of a unit (the device refuses ranges with holes) */
static int unplug_all_sbs(struct vm_dev *d, uint64_t unit)
{
	for (unsigned int sb = 0; sb < d->sb_per_unit;) {
		unsigned int end = sb;

		if (!sb_test(d, unit, sb)) {
			sb++;
			continue;
		}
		while (end < d->sb_per_unit && sb_test(d, unit, end))
			end++;
		if (unplug_sbs(d, unit, sb, end - sb))
			return -EBUSY;
		sb = end;
	}
	return 0;
}

static int unplug_sbs(struct vm_dev *d, uint64_t unit, unsigned int sb, unsigned int count)
{
	if (request(d, VIRTIO_MEM_REQ_UNPLUG, unit_addr(d, unit) + sb * d->sb_size, count * d->sb_size) !=
	    VIRTIO_MEM_RESP_ACK)
		return -EBUSY;
	for (unsigned int i = 0; i < count; i++)
		sb_set(d, unit, sb + i, false);
	return 0;
}

/* newly plugged sub-blocks of an online unit enter the page allocator (fake-online) */
static void online_sbs(struct kernel *k, struct vm_dev *d, uint64_t unit, unsigned int sb, unsigned int count)
{
	uint64_t pfn = phys_pfn(unit_addr(d, unit) + sb * d->sb_size);

	fake_online_pages(k, pfn, count * (d->sb_size >> PAGE_SHIFT));
}

/*
 * virtio_mem_sbm_unplug_sb_online(): take one sub-block of an online unit
 * out of the page allocator (alloc_contig_range(), migrating what is in the
 * way), unplug it, and keep it fake-offline.
 * Return: 0, -EBUSY (unmovable pages, or the device refused), -ENOMEM (no
 * room to migrate: the request stops here).
 */
static int unplug_sb_online(struct kernel *k, struct vm_dev *d, uint64_t unit, unsigned int sb)
{
	uint64_t pfn = phys_pfn(unit_addr(d, unit) + sb * d->sb_size), nr = d->sb_size >> PAGE_SHIFT;
	int ret;

	if (vm_driver(k)->owner <= 0) {
		vm_driver(k)->owner = page_owner_new(k, "virtio_mem", false, false);
		if (vm_driver(k)->owner < 0)
			return -ENOMEM;
	}
	ret = alloc_contig_range(k, pfn, nr, vm_driver(k)->owner, NULL);
	if (ret)
		return ret;
	fake_offline_pages(k, pfn, nr);
	ret = unplug_sbs(d, unit, sb, 1);
	if (ret)
		fake_online_pages(k, pfn, nr);	/* the device said no: the memory goes back */
	return ret;
}

/* ---- the driver's view of how much added memory is offline ---- */

/* added memory that is offline, counted per memory block as the driver's offline_size is */
static uint64_t offline_bytes(struct kernel *k, struct vm_dev *d)
{
	uint64_t n = 0;

	for (uint64_t u = 0; u < d->nr_units; u++) {
		if (d->state[u] != VM_UNIT_ADDED)
			continue;
		for (uint64_t a = unit_addr(d, u); a < unit_addr(d, u) + d->unit_size; a += memory_block_size_bytes(k)) {
			struct memory_block *mem = find_memory_block_by_id(k, (unsigned long)(a / memory_block_size_bytes(k)));

			if (!mem || mem->state == MEM_OFFLINE)
				n += memory_block_size_bytes(k);
		}
	}
	return n;
}

static uint64_t offline_threshold(struct kernel *k, struct vm_dev *d)
{
	uint64_t t = 1ULL << 30;

	if (t < 2 * memory_block_size_bytes(k))
		t = 2 * memory_block_size_bytes(k);
	if (d->bbm && t < 2 * d->unit_size)
		t = 2 * d->unit_size;
	return t;
}

/* ---- plug ---- */

static int add_unit(struct kernel *k, struct vm_dev *d, uint64_t unit)
{
	int ret;

	/* the block is the driver's before Linux sees it: auto-online may bring it up at once */
	d->state[unit] = VM_UNIT_ADDED;
	ret = add_memory_driver_managed(k, d->group->id, unit_addr(d, unit), d->unit_size,
					"System RAM (virtio_mem)", MHP_MERGE_RESOURCE | MHP_NID_IS_MGID, NULL);
	if (ret)
		d->state[unit] = VM_UNIT_UNUSED;
	return ret;
}

/* Plugs up to @want sub-blocks into added units of one kind; returns how many. */
static uint64_t plug_partial(struct kernel *k, struct vm_dev *d, uint64_t want, int kind)
{
	uint64_t done = 0;

	for (uint64_t u = 0; u < d->nr_units && done < want; u++) {
		struct memory_block *mem = unit_block(k, d, u);
		bool online = unit_online(k, d, u);

		if (d->state[u] != VM_UNIT_ADDED || unit_plugged_sbs(d, u) == d->sb_per_unit)
			continue;
		if (kind == 0 && !(online && mem->zone_idx != ZONE_MOVABLE))
			continue;
		if (kind == 1 && !(online && mem->zone_idx == ZONE_MOVABLE))
			continue;
		if (kind == 2 && online)
			continue;
		/* plug_any_sb(): runs of unplugged sub-blocks, one request each */
		for (unsigned int sb = 0; sb < d->sb_per_unit && done < want;) {
			unsigned int n = 0;

			if (sb_test(d, u, sb)) {
				sb++;
				continue;
			}
			while (sb + n < d->sb_per_unit && !sb_test(d, u, sb + n) && done + n < want)
				n++;
			if (plug_sbs(d, u, sb, n))
				break;
			if (online)
				online_sbs(k, d, u, sb, n);
			done += n;
			sb += n;
		}
	}
	return done;
}

static void plug_request(struct kernel *k, struct vm_dev *d, uint64_t want)
{
	uint64_t usable_units = (d->cfg.addr + d->cfg.usable_region_size > d->first_addr) ?
				(d->cfg.addr + d->cfg.usable_region_size - d->first_addr) / d->unit_size : 0;

	for (int kind = 0; kind < 3 && want; kind++)
		want -= plug_partial(k, d, want, kind);
	for (uint64_t u = 0; u < d->nr_units && u < usable_units && want; u++) {
		unsigned int count = want < d->sb_per_unit ? (unsigned int)want : d->sb_per_unit;

		if (d->state[u] != VM_UNIT_UNUSED)
			continue;
		if (offline_bytes(k, d) + d->unit_size > offline_threshold(k, d)) {
			d->pending = true;	/* -ENOSPC: wait for memory to be onlined */
			return;
		}
		if (plug_sbs(d, u, 0, count))
			return;
		if (add_unit(k, d, u)) {
			unplug_sbs(d, u, 0, count);
			return;
		}
		want -= count;
	}
	d->pending = false;
}

/* ---- unplug ---- */

static int remove_unit(struct kernel *k, struct vm_dev *d, uint64_t unit, bool online)
{
	int ret = online ? offline_and_remove_memory(k, unit_addr(d, unit), d->unit_size, NULL) :
			   remove_memory(k, unit_addr(d, unit), d->unit_size, NULL);

	if (!ret)
		d->state[unit] = VM_UNIT_UNUSED;
	return ret;
}

/* Unplugs up to @want sub-blocks from units of one class, highest first. */
static uint64_t unplug_class(struct kernel *k, struct vm_dev *d, uint64_t want, int cls)
{
	uint64_t done = 0;

	for (uint64_t u = d->nr_units; u-- > 0 && done < want;) {
		struct memory_block *mem = unit_block(k, d, u);
		unsigned int plugged = unit_plugged_sbs(d, u);
		bool online = unit_online(k, d, u), movable, partial = plugged < d->sb_per_unit;

		if (d->state[u] != VM_UNIT_ADDED || !plugged)
			continue;
		movable = online && mem->zone_idx == ZONE_MOVABLE;
		/* 0 offline partial, 1 offline, 2 movable partial, 3 kernel partial, 4 movable, 5 kernel */
		if ((cls == 0 && (online || !partial)) || (cls == 1 && (online || partial)) ||
		    (cls == 2 && !(movable && partial)) || (cls == 3 && !(online && !movable && partial)) ||
		    (cls == 4 && !(movable && !partial)) || (cls == 5 && !(online && !movable && !partial)))
			continue;
		if (online && want - done >= plugged && !partial) {
			/* everything goes: offline and remove the block, then unplug it */
			if (!remove_unit(k, d, u, true)) {
				unplug_all_sbs(d, u);
				done += plugged;
				continue;
			}
			if (d->bbm)
				continue;
			/* EBUSY: fall back to single sub-blocks */
		}
		if (online) {
			/* one sub-block at a time from the end, each taken from the allocator first */
			for (unsigned int sb = d->sb_per_unit; sb-- > 0 && done < want;) {
				int ret;

				if (!sb_test(d, u, sb))
					continue;
				ret = unplug_sb_online(k, d, u, sb);
				if (ret == -EBUSY)
					continue;
				if (ret)
					return done;	/* out of memory: retried later */
				done++;
			}
			if (!unit_plugged_sbs(d, u))
				remove_unit(k, d, u, true);
			continue;
		}
		/* unplug_any_sb(): runs of plugged sub-blocks from the end, one request each */
		for (unsigned int end = d->sb_per_unit; end > 0 && done < want;) {
			unsigned int n = 0;

			if (!sb_test(d, u, end - 1)) {
				end--;
				continue;
			}
			while (n < end && sb_test(d, u, end - 1 - n) && done + n < want)
				n++;
			if (unplug_sbs(d, u, end - n, n))
				break;
			done += n;
			end -= n;
		}
		if (!unit_plugged_sbs(d, u))
			remove_unit(k, d, u, online);
	}
	return done;
}

static void unplug_request(struct kernel *k, struct vm_dev *d, uint64_t want)
{
	for (int cls = 0; cls < 6 && want; cls++) {
		if (d->bbm && (cls == 0 || cls == 2 || cls == 3))
			continue;	/* big blocks are all or nothing */
		if (cls >= 2 && !vm_driver(k)->unplug_online)
			break;		/* unplug_online=N: only offline memory is given back */
		want -= unplug_class(k, d, want, cls);
	}
}

/* virtio_mem_run(): converge on requested-size */
static void vm_run(struct kernel *k, struct vm_dev *d)
{
	uint64_t plugged = 0, requested;

	if (d->running)
		return;
	d->running = true;
	d->port->get_config(d->port->opaque, &d->cfg);
	for (uint64_t u = 0; u < d->nr_units; u++)
		plugged += unit_plugged_sbs(d, u) * d->sb_size;
	requested = d->cfg.requested_size / d->sb_size * d->sb_size;
	if (requested > plugged)
		plug_request(k, d, (requested - plugged) / d->sb_size);
	else if (requested < plugged)
		unplug_request(k, d, (plugged - requested) / d->sb_size);
	d->running = false;
}

/* ---- hooks into the core ---- */

static struct vm_dev *dev_of_pfn(struct kernel *k, uint64_t pfn, uint64_t *unit)
{
	struct virtio_mem_driver *drv = vm_driver(k);
	uint64_t addr = pfn_phys(pfn);

	for (int i = 0; drv && i < VM_MAX_DEVICES; i++) {
		struct vm_dev *d = drv->dev[i];

		if (d && !d->unbound && addr >= d->first_addr && addr < d->first_addr + d->nr_units * d->unit_size) {
			*unit = (addr - d->first_addr) / d->unit_size;
			return d;
		}
	}
	return NULL;
}

/* virtio_mem_online_page(): plugged sub-blocks go to the allocator, the others stay fake-offline */
static int vm_online_page(struct kernel *k, void *opaque, uint64_t pfn, unsigned int order)
{
	uint64_t unit, end = pfn + (1ULL << order), sb_pages;
	struct vm_dev *d = dev_of_pfn(k, pfn, &unit);

	(void)opaque;
	if (!d)
		return generic_online_page(k, pfn, order);
	sb_pages = d->sb_size >> PAGE_SHIFT;
	for (uint64_t p = pfn; p < end;) {
		uint64_t base = phys_pfn(unit_addr(d, unit));
		unsigned int sb = (unsigned int)((p - base) / sb_pages);
		uint64_t sb_end = base + (uint64_t)(sb + 1) * sb_pages, stop = sb_end < end ? sb_end : end;
		int ret;

		if (sb_test(d, unit, sb)) {
			unsigned int o = 0;

			while ((1ULL << (o + 1)) <= stop - p)
				o++;
			ret = generic_online_page(k, p, o);
			stop = p + (1ULL << o);
		} else {
			ret = page_set_offline(k, p, stop - p);
		}
		if (ret)
			return ret;
		p = stop;
	}
	return 0;
}

static int vm_notifier(struct kernel *k, void *opaque, enum mem_notify_action action, uint64_t pfn, uint64_t nr)
{
	uint64_t unit;
	struct vm_dev *d = dev_of_pfn(k, pfn, &unit);
	(void)opaque;
	if (!d)
		return 0;
	switch (action) {
	case MEM_NOTIFY_GOING_ONLINE:
		/* only memory the driver added may come online */
		return d->state[unit] == VM_UNIT_ADDED ? 0 : -EPERM;
	/*
	 * GOING_OFFLINE: 6.1 counts the fake-offline pages as managed so that
	 * offlining can subtract the whole range; the model subtracts only what
	 * leaves the allocator, to the same result.
	 */
	case MEM_NOTIFY_ONLINE: {
		/*
		 * Adding resumes once half the offline threshold is online again,
		 * and not for memory the driver's own work just added (auto-online).
		 * The block going online still counts as offline here.
		 */
		uint64_t off = offline_bytes(k, d), gone = pfn_phys(nr);

		off = off > gone ? off - gone : 0;
		if (d->pending && !d->running && off + offline_threshold(k, d) / 2 <= offline_threshold(k, d))
			d->retry = true;	/* virtio_mem_retry(): the work runs after this onlining */
		return 0;
	}
	default:
		return 0;
	}
}

/* ---- probing ---- */

static struct vm_dev *vm_probe(struct kernel *k, struct virtio_mem_port *port, int index)
{
	struct vm_dev *d = calloc(1, sizeof(*d));
	uint64_t bs = memory_block_size_bytes(k), pageblock = PAGEBLOCK_NR_PAGES * PAGE_SIZE, end;

	if (!d)
		return NULL;
	d->index = index;
	d->port = port;
	port->get_config(port->opaque, &d->cfg);
	snprintf(d->name, sizeof(d->name), "virtio%d", index);
	d->nid = d->cfg.acpi_pxm && pxm_to_node(k, d->cfg.node_id & 0xff) >= 0 ?
		 pxm_to_node(k, d->cfg.node_id & 0xff) : memory_add_physaddr_to_nid(k, d->cfg.addr);
	d->sb_size = d->cfg.block_size > pageblock ? d->cfg.block_size : pageblock;
	d->bbm = d->sb_size >= bs;
	d->unit_size = d->bbm ? d->sb_size : bs;
	d->sb_size = d->bbm ? d->unit_size : d->sb_size;
	d->sb_per_unit = (unsigned int)(d->unit_size / d->sb_size);
	d->words_per_unit = (d->sb_per_unit + 63) / 64;
	d->first_addr = (d->cfg.addr + d->unit_size - 1) / d->unit_size * d->unit_size;
	end = d->cfg.addr + d->cfg.region_size;
	d->nr_units = end > d->first_addr ? (end - d->first_addr) / d->unit_size : 0;
	d->state = calloc(d->nr_units ? d->nr_units : 1, 1);
	d->plugged = calloc((d->nr_units ? d->nr_units : 1) * d->words_per_unit, sizeof(uint64_t));
	if (!d->state || !d->plugged ||
	    memory_group_register(k, d->nid, true, d->unit_size >> PAGE_SHIFT, &d->group) ||
	    request_mem_region(kernel_iomem(k), d->cfg.addr, d->cfg.region_size, d->name,
			       IORESOURCE_MEM | IORESOURCE_EXCLUSIVE, &d->parent)) {
		if (d->group)
			memory_group_unregister(k, d->group);
		free(d->state);
		free(d->plugged);
		free(d);
		return NULL;
	}
	/* a device that was left plugged (e.g. across a reboot) is unplugged first */
	if (d->cfg.plugged_size)
		port->request(port->opaque, VIRTIO_MEM_REQ_UNPLUG_ALL, 0, 0, NULL);
	return d;
}

static void bind_all(struct kernel *k)
{
	struct virtio_mem_driver *drv = vm_driver(k);

	if (!drv->pci_loaded)
		return;
	/* virtio_pci names every device on the bus */
	for (int i = drv->nr_named; i < VM_MAX_DEVICES; i++) {
		struct virtio_mem_port *p = drv->lookup(drv->opaque, i);

		if (!p)
			break;
		drv->named[drv->nr_named++] = p;
	}
	if (!drv->mem_loaded)
		return;
	for (int i = 0; i < drv->nr_named; i++) {
		if (drv->dev[i])
			continue;
		drv->dev[i] = vm_probe(k, drv->named[i], i);
		if (drv->dev[i])
			vm_run(k, drv->dev[i]);
	}
}

/* the virtio core: the bus the machine wired up, and the driver's state */
static int virtio_init(struct kernel *k, void **priv)
{
	const struct guest_platform *plat = kernel_platform(k);
	struct virtio_mem_driver *drv;

	if (!plat || !plat->virtio_lookup)
		return 0;
	drv = calloc(1, sizeof(*drv));
	if (!drv)
		return -ENOMEM;
	drv->lookup = plat->virtio_lookup;
	drv->opaque = plat->virtio_opaque;
	drv->unplug_online = true;
	*priv = drv;
	return 0;
}

void virtio_mem_notify(struct kernel *k, struct virtio_mem_port *port, bool appeared)
{
	struct virtio_mem_driver *drv = vm_driver(k);

	if (!drv)
		return;
	if (appeared) {
		bind_all(k);
		return;
	}
	for (int i = 0; i < drv->nr_named; i++)
		if (drv->named[i] == port && drv->dev[i] && !drv->dev[i]->unbound)
			vm_run(k, drv->dev[i]);
}

/*
 * virtio_mem_remove(): the driver lets go of a device.  Memory that is
 * offline is removed from Linux (the device keeps it plugged); online memory
 * cannot be removed and stays, with the device's resource.  When no device
 * is left, the online-page callback and the notifier go too.
 */
int virtio_mem_unbind(struct kernel *k, int index)
{
	struct virtio_mem_driver *drv = vm_driver(k);
	struct vm_dev *d = drv && index >= 0 && index < VM_MAX_DEVICES ? drv->dev[index] : NULL;
	bool any = false;

	if (!d || d->unbound)
		return -ENODEV;
	for (uint64_t u = 0; u < d->nr_units; u++) {
		if (d->state[u] != VM_UNIT_ADDED)
			continue;
		if (!remove_memory(k, unit_addr(d, u), d->unit_size, NULL))
			d->state[u] = VM_UNIT_UNUSED;
	}
	d->unbound = true;
	for (int i = 0; i < VM_MAX_DEVICES; i++)
		if (drv->dev[i] && !drv->dev[i]->unbound)
			any = true;
	if (!any) {
		unregister_memory_notifier(k, vm_notifier, drv);
		restore_online_page_callback(k, vm_online_page);
	}
	return 0;
}

/**
 * virtio_mem_bind() - bind a device by index again
 * Return: 0, -ENODEV (no such device), -EBUSY (its region is still in use).
 */
int virtio_mem_bind(struct kernel *k, int index)
{
	struct virtio_mem_driver *drv = vm_driver(k);
	struct vm_dev *d = drv && index >= 0 && index < drv->nr_named ? drv->dev[index] : NULL;

	if (!d)
		return -ENODEV;
	if (!d->unbound)
		return -EBUSY;
	/* memory left online keeps the old "virtioN" resource: the region cannot be claimed */
	return d->parent && d->parent->child ? -EBUSY : -ENODEV;
}

/* the driver's queued work (retries); Return: whether there was any */
static bool virtio_work(struct kernel *k, void *priv)
{
	struct virtio_mem_driver *drv = priv;
	bool any = false;

	for (int i = 0; drv && i < VM_MAX_DEVICES; i++) {
		struct vm_dev *d = drv->dev[i];

		if (d && d->retry) {
			d->retry = false;
			vm_run(k, d);
			any = true;
		}
	}
	return any;
}

/* virtio_pci: the devices on the bus get their virtioN names (and bind) */
static int virtio_pci_init(struct kernel *k, void **priv)
{
	struct virtio_mem_driver *drv = vm_driver(k);

	if (!drv)
		return 0;
	drv->pci_loaded = true;
	bind_all(k);
	return 0;
}

/* virtio_mem: the driver registers its callbacks and binds to the named devices */
static int virtio_mem_init(struct kernel *k, void **priv)
{
	struct virtio_mem_driver *drv = vm_driver(k);

	if (!drv)
		return 0;
	drv->mem_loaded = true;
	set_online_page_callback(k, vm_online_page, drv);
	register_memory_notifier(k, vm_notifier, drv);
	bind_all(k);
	return 0;
}

static void virtio_exit(struct kernel *k, void *priv)
{
	struct virtio_mem_driver *drv = priv;

	if (!drv)
		return;
	for (int i = 0; i < VM_MAX_DEVICES; i++) {
		if (!drv->dev[i])
			continue;
		free(drv->dev[i]->state);
		free(drv->dev[i]->plugged);
		free(drv->dev[i]);
	}
	free(drv);
}

bool virtio_mem_driver_loaded(const struct kernel *k)
{
	return vm_driver(k) && vm_driver(k)->mem_loaded;
}

bool virtio_bus_present(const struct kernel *k)
{
	return vm_driver(k) != NULL;
}

bool virtio_pci_present(const struct kernel *k)
{
	return vm_driver(k) && vm_driver(k)->pci_loaded;
}

int virtio_next_device(const struct kernel *k, int from)
{
	const struct virtio_mem_driver *drv = vm_driver(k);

	for (int i = from < 0 ? 0 : from; drv && i < drv->nr_named && i < VM_MAX_DEVICES; i++)
		if (drv->named[i])
			return i;
	return -1;
}

/*
 * The features a bound device ends up with: what it offers and the
 * driver and transport accept (virtio_mem's ACPI_PXM and
 * UNPLUGGED_INACCESSIBLE; indirect descriptors, event index, version 1,
 * access platform, packed rings, in-order, order platform, SR-IOV, queue
 * reset).  A device no driver holds shows only ACKNOWLEDGE, and no
 * features.
 */
#define VIRTIO_MEM_DRIVER_FEATURES                                                                        \
	(1ULL << 0 | 1ULL << 1 | 1ULL << 28 | 1ULL << 29 | 1ULL << 32 | 1ULL << 33 | 1ULL << 34 | 1ULL << 35 | \
	 1ULL << 37 | 1ULL << 38 | 1ULL << 40)

int virtio_device_get(const struct kernel *k, int idx, struct virtio_device_info *out)
{
	const struct virtio_mem_driver *drv = vm_driver(k);
	bool bound;

	if (!drv || idx < 0 || idx >= drv->nr_named || idx >= VM_MAX_DEVICES || !drv->named[idx])
		return -ENOENT;
	bound = drv->dev[idx] && !drv->dev[idx]->unbound;
	out->pci_slot = drv->named[idx]->pci_slot;
	out->device_id = 24;		/* VIRTIO_ID_MEM */
	out->vendor = 0x1af4;		/* virtio-pci's subsystem vendor */
	out->bound = bound;
	out->features = bound ? drv->named[idx]->device_features & VIRTIO_MEM_DRIVER_FEATURES : 0;
	out->status = bound ? 0xf : 0x1;	/* ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK */
	return 0;
}

int virtio_mem_next_bound(const struct kernel *k, int from)
{
	const struct virtio_mem_driver *drv = vm_driver(k);

	for (int i = from < 0 ? 0 : from; drv && i < VM_MAX_DEVICES; i++)
		if (drv->dev[i] && !drv->dev[i]->unbound)
			return i;
	return -1;
}

bool virtio_mem_get_unplug_online(const struct kernel *k)
{
	return !vm_driver(k) || vm_driver(k)->unplug_online;
}

void virtio_mem_set_unplug_online(struct kernel *k, bool on)
{
	if (vm_driver(k))
		vm_driver(k)->unplug_online = on;
}

/*
 * The virtio core and the code it and virtio_pci call (the rings, the
 * legacy and modern PCI transports' helpers) are modules of their own in
 * 6.1 and built in in 6.12 (the profile says which); only the core keeps
 * state.
 */
const struct guest_module virtio_ring_module = {
	.name = "virtio_ring",
};
const struct guest_module virtio_pci_legacy_dev_module = {
	.name = "virtio_pci_legacy_dev",
};
const struct guest_module virtio_pci_modern_dev_module = {
	.name = "virtio_pci_modern_dev",
};

static const char *const virtio_deps[] = { "virtio", "virtio_ring", NULL };

const struct guest_module virtio_module = {
	.name = "virtio",
	.deps = (const char *const[]){ "virtio_ring", NULL },
	.init = virtio_init,
	.exit = virtio_exit,
	.work = virtio_work,
};

const struct guest_module virtio_pci_module = {
	.name = "virtio_pci",
	.deps = (const char *const[]){ "virtio", "virtio_ring", "virtio_pci_legacy_dev", "virtio_pci_modern_dev", NULL },
	.init = virtio_pci_init,
	.drivers = (const char *const[]){ "pci:virtio-pci", NULL },
};

const struct guest_module virtio_mem_module = {
	.name = "virtio_mem",
	.deps = virtio_deps,
	.init = virtio_mem_init,
	.drivers = (const char *const[]){ "virtio:virtio_mem", NULL },
};
