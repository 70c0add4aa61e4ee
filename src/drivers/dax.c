// SPDX-License-Identifier: MIT
/*
 * The dax bus (drivers/dax of Linux): the dev_dax that dax_pmem makes of a
 * bound nd_dax, and its two drivers.  device_dax maps the device into
 * ZONE_DEVICE and claims its range; kmem, once new_id names the device,
 * hot-adds the memory blocks inside it as "System RAM (kmem)" in a static
 * memory group (its memmap on the device itself when the dev_dax's
 * memmap_on_memory is set), and removes them when unbound.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "drivers/modules.h"
#include "drivers/nvdimm.h"
#include "memhp/drivers.h"
#include "mm/driver.h"

/*
 * The dax core is built in (CONFIG_DAX=y), so neither driver needs another
 * module; each keeps no state but the fact that it is registered.
 */
const struct guest_module device_dax_module = {
	.name = "device_dax", .drivers = (const char *const[]){ "dax:device_dax", NULL },
};
const struct guest_module kmem_module = {
	.name = "kmem", .drivers = (const char *const[]){ "dax:kmem", NULL },
};

bool dax_driver_registered_on(const struct kernel *k, bool kmem)
{
	return kernel_module_loaded(k, kmem ? &kmem_module : &device_dax_module);
}


int device_dax_probe(struct kernel *k, struct nd_region *r, int region, int idx, struct memhp_err *err)
{
	struct nd_dax *d = &r->dax[idx];
	uint64_t start = r->start + d->offset, size = dax_size(r, d);
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "dax%d.%d", region, idx);
	ret = request_mem_region(kernel_iomem(k), start, size, name, IORESOURCE_MEM | IORESOURCE_BUSY, &d->dax_res);
	if (ret)
		return memhp_err_set(err, -EBUSY, "%s: could not reserve its range", name);
	/* dax_pmem's pgmap covers the whole namespace (the info block and memmap through the altmap) */
	ret = memremap_pages(k, r->start, d->offset + size, r->nid, err);
	if (ret) {
		release_resource_free(d->dax_res);
		d->dax_res = NULL;
		return ret;
	}
	d->mapped = true;
	d->driver = DAX_DRV_DEVICE;
	return 0;
}

/* dev_dax_kmem_probe() */
static int kmem_probe(struct kernel *k, struct nd_region *r, int region, int idx, struct memhp_err *err)
{
	struct nd_dax *d = &r->dax[idx];
	uint64_t bs = memory_block_size_bytes(k), start = r->start + d->offset, end = start + dax_size(r, d);
	uint64_t kstart = (start + bs - 1) / bs * bs, kend = end / bs * bs;
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "dax%d.%d", region, idx);
	if (r->nid < 0)
		return memhp_err_set(err, -EINVAL, "%s: rejecting DAX region with invalid node: -1", name);
	if (kend <= kstart)
		return memhp_err_set(err, -EINVAL, "%s: no memory block fits [%#llx-%#llx]", name,
				     (unsigned long long)start, (unsigned long long)end - 1);
	init_node_memory_type(k, r->nid, MEMTIER_DEFAULT_DAX_ADISTANCE);
	ret = request_mem_region(kernel_iomem(k), kstart, kend - kstart, name, IORESOURCE_MEM, &d->dax_res);
	if (ret) {
		clear_node_memory_type(k, r->nid, MEMTIER_DEFAULT_DAX_ADISTANCE);
		return memhp_err_set(err, -EBUSY, "%s: could not reserve [%#llx-%#llx]", name,
				     (unsigned long long)kstart, (unsigned long long)kend - 1);
	}
	ret = memory_group_register(k, r->nid, false, phys_pfn(kend - kstart), &d->group);
	if (!ret)
		ret = add_memory_driver_managed(k, d->group->id, kstart, kend - kstart, "System RAM (kmem)",
						MHP_NID_IS_MGID | (d->memmap_on_memory ? MHP_MEMMAP_ON_MEMORY : 0), err);
	if (ret) {
		if (d->group)
			memory_group_unregister(k, d->group);
		d->group = NULL;
		release_resource_free(d->dax_res);
		d->dax_res = NULL;
		clear_node_memory_type(k, r->nid, MEMTIER_DEFAULT_DAX_ADISTANCE);
		return memhp_err_set(err, ret, "%s: mapping failed", name);
	}
	d->kmem_start = kstart;
	d->kmem_size = kend - kstart;
	d->driver = DAX_DRV_KMEM;
	return 0;
}

void dax_driver_remove(struct kernel *k, struct nd_region *r, struct nd_dax *d)
{
	if (d->driver == DAX_DRV_DEVICE) {
		if (d->mapped)
			memunmap_pages(k, r->start, d->offset + dax_size(r, d));
		d->mapped = false;
	} else if (d->driver == DAX_DRV_KMEM) {
		/* blocks still online stay until the next reboot, and so does the claim */
		if (remove_memory(k, d->kmem_start, d->kmem_size, NULL)) {
			d->driver = DAX_DRV_NONE;
			d->dax_res = NULL;
			return;
		}
		memory_group_unregister(k, d->group);
		d->group = NULL;
		/* all of it removed: the node's memory type may go */
		clear_node_memory_type(k, r->nid, MEMTIER_DEFAULT_DAX_ADISTANCE);
	}
	release_resource_free(d->dax_res);
	d->dax_res = NULL;
	d->driver = DAX_DRV_NONE;
}

/**
 * dax_driver_write() - a write to /sys/bus/dax/drivers/@driver/@file
 * (bind, unbind, new_id, remove_id) of @dev
 * Return: 0, -EINVAL (malformed name, or kmem's probe refuses), -ENODEV,
 * -EBUSY, or the probe's error.
 */
int dax_driver_write(struct kernel *k, const char *driver, const char *file, const char *dev, struct memhp_err *err)
{
	struct nvdimm_bus *bus = bus_of(k);
	bool kmem = !strcmp(driver, "kmem");
	int region, idx, ret;
	struct nd_dax *d;

	if (!dax_driver_registered_on(k, kmem))
		return memhp_err_set(err, -ENODEV, "no driver %s", driver);
	if (!strcmp(file, "new_id") || !strcmp(file, "remove_id")) {
		int r, n, len = 0;

		if (sscanf(dev, "dax%d.%d%n", &r, &n, &len) != 2 || dev[len])
			return memhp_err_set(err, -EINVAL, "new_id takes daxR.N");
		d = nd_bus_present(k) ? dax_of_name(bus, dev, &region, &idx) : NULL;
		if (!kmem || !d)
			return 0;	/* an id the driver keeps; nothing of that name to attach */
		d->kmem_id = !strcmp(file, "new_id");
		/* driver_attach(): an unbound device that now matches is probed */
		if (d->kmem_id && d->bound && d->driver == DAX_DRV_NONE)
			kmem_probe(k, &bus->regions[region], region, idx, NULL);
		MM_CHECK(k);
		return 0;
	}
	d = nd_bus_present(k) ? dax_of_name(bus, dev, &region, &idx) : NULL;
	if (!d || !d->bound)
		return memhp_err_set(err, -ENODEV, "no dax device %s", dev);
	if (!strcmp(file, "unbind")) {
		if (d->driver != (kmem ? DAX_DRV_KMEM : DAX_DRV_DEVICE))
			return memhp_err_set(err, -ENODEV, "%s is not bound to %s", dev, driver);
		dax_driver_remove(k, &bus->regions[region], d);
		MM_CHECK(k);
		return 0;
	}
	if (d->driver != DAX_DRV_NONE)
		return memhp_err_set(err, -EBUSY, "%s is bound already", dev);
	if (kmem && !d->kmem_id)
		return memhp_err_set(err, -ENODEV, "kmem does not match %s (new_id first)", dev);
	ret = kmem ? kmem_probe(k, &bus->regions[region], region, idx, err) :
		     device_dax_probe(k, &bus->regions[region], region, idx, err);
	MM_CHECK(k);
	return ret;
}

int dev_dax_set_memmap_on_memory(struct kernel *k, int region, int idx, bool on, struct memhp_err *err)
{
	struct nd_dax *d;

	if (idx < 0 || idx >= ndp_count(k, false, region) || !bus_of(k)->regions[region].dax[idx].bound)
		return memhp_err_set(err, -ENOENT, "dax%d.%d does not exist", region, idx);
	d = &bus_of(k)->regions[region].dax[idx];
	/* the memmap of a whole memory block is what kmem would put there */
	if (on && !mhp_supports_memmap_on_memory(k, memory_block_size_bytes(k)))
		return memhp_err_set(err, -EOPNOTSUPP, "memmap_on_memory is not available");
	if (d->memmap_on_memory != on && d->driver == DAX_DRV_KMEM)
		return memhp_err_set(err, -EBUSY, "dax%d.%d is driven by kmem", region, idx);
	d->memmap_on_memory = on;
	return 0;
}

bool dax_driver_loaded(const struct kernel *k, const char *driver)
{
	if (strcmp(driver, "kmem") && strcmp(driver, "device_dax"))
		return false;
	return dax_driver_registered_on(k, !strcmp(driver, "kmem"));
}
