// SPDX-License-Identifier: MIT
/*
 * libnvdimm for legacy persistent memory (drivers/nvdimm of Linux 6.1, as
 * far as e820 PMEM goes; §7 of the spec):
 *  - nd_e820 turns every "Persistent Memory (legacy)" range into a region
 *    regionN on bus ndbus0, with one namespace namespaceN.0 (nstype 4,
 *    "namespace_io") covering it and the seeds bttN.0, pfnN.0 and daxN.0;
 *    a region's node is the node whose NUMA range holds its start, and -1
 *    (no target_node) beyond every range;
 *  - nd_pmem binds namespaces: one that may map pages ("memory" mode: not
 *    force_raw, no System RAM inside) must be 2 MiB aligned at both ends
 *    (EOPNOTSUPP) and is mapped into ZONE_DEVICE; either way the namespace
 *    claims its range as a child resource named after it;
 *  - unbinding unmaps (the Device zone keeps its span) and releases the
 *    resource; bind and unbind answer as the driver core does (EBUSY when
 *    bound, ENODEV when not, or for devices of another type).
 * dax_pmem, device_dax and kmem load, but the dax side (claims, dax devices,
 * kmem) is not modelled yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"

#define ND_MAX_REGIONS 32

struct nd_namespace {
	bool force_raw;
	bool bound;			/* nd_pmem drives it */
	bool mapped;			/* memory mode: in ZONE_DEVICE */
	struct resource *res;		/* the namespace's claim while bound */
};

struct nd_region {
	uint64_t start, size;
	int nid;			/* -1: beyond every NUMA range */
	struct resource *pmem;		/* the "Persistent Memory (legacy)" resource */
	struct nd_namespace ns;
};

struct nvdimm_bus {
	bool e820, pmem, dax_pmem, device_dax, kmem;	/* modules loaded */
	struct nd_region regions[ND_MAX_REGIONS];
	int nr_regions;
};

static struct nvdimm_bus *bus_of(const struct kernel *k)
{
	return k->nvdimm;
}

/* the node whose NUMA range holds @addr, or -1 */
static int phys_to_target_node(const struct kernel *k, uint64_t addr)
{
	uint64_t pfn = phys_pfn(addr);

	for (int i = 0; i < k->nr_numa_meminfo; i++)
		if (pfn >= k->numa_meminfo[i].start_pfn && pfn < k->numa_meminfo[i].end_pfn)
			return k->numa_meminfo[i].nid;
	if (!k->nr_numa_meminfo && pfn < k->max_pfn)
		return 0;	/* no SRAT: one node spans [0, max_pfn) */
	return -1;
}

/* pmem_should_map_pages(): not raw, and no System RAM inside the range */
static bool should_map_pages(const struct kernel *k, const struct nd_region *r)
{
	return !r->ns.force_raw && !count_system_ram_pages(&k->iomem_resource, phys_pfn(r->start), phys_pfn(r->size));
}

static int region_of_name(const struct nvdimm_bus *bus, const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long id;

	if (strncmp(name, prefix, n) || name[n] < '0' || name[n] > '9')
		return -1;
	id = strtol(name + n, &end, 10);
	if (id >= bus->nr_regions || (strcmp(prefix, "region") && strcmp(prefix, "ndbus") && strcmp(end, ".0")) ||
	    (!strcmp(prefix, "region") && *end))
		return -1;
	return (int)id;
}

/* nd_pmem_probe() of namespaceN.0 */
static int pmem_probe(struct kernel *k, struct nd_region *r, int id, struct memhp_err *err)
{
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "namespace%d.0", id);
	if (should_map_pages(k, r) && ((r->start | (r->start + r->size)) & ((2ULL << 20) - 1)))
		return memhp_err_set(err, -EOPNOTSUPP, "%s: [mem %#llx-%#llx] misaligned, unable to map", name,
				     (unsigned long long)r->start, (unsigned long long)(r->start + r->size - 1));
	ret = request_mem_region(&k->iomem_resource, r->start, r->size, name, IORESOURCE_MEM | IORESOURCE_BUSY,
				 &r->ns.res);
	if (ret)
		return memhp_err_set(err, -EBUSY, "%s: could not reserve region", name);
	if (should_map_pages(k, r)) {
		ret = memremap_pages(k, r->start, r->size, r->nid, err);
		if (ret) {
			release_resource_free(r->ns.res);
			r->ns.res = NULL;
			return ret;
		}
		r->ns.mapped = true;
	}
	r->ns.bound = true;
	return 0;
}

static void pmem_remove(struct kernel *k, struct nd_region *r)
{
	if (r->ns.mapped)
		memunmap_pages(k, r->start, r->size);
	release_resource_free(r->ns.res);
	r->ns.res = NULL;
	r->ns.mapped = false;
	r->ns.bound = false;
}

/* nd_e820's probe: a region per legacy PMEM range */
static int e820_pmem_probe(struct kernel *k, struct nvdimm_bus *bus)
{
	for (struct resource *res = k->iomem_resource.child; res; res = res->sibling) {
		struct nd_region *r;

		if (strcmp(res->name, "Persistent Memory (legacy)"))
			continue;
		if (bus->nr_regions == ND_MAX_REGIONS)
			return -ENOSPC;
		r = &bus->regions[bus->nr_regions++];
		memset(r, 0, sizeof(*r));
		r->start = res->start;
		r->size = res->end - res->start + 1;
		r->pmem = res;
		r->nid = phys_to_target_node(k, res->start);
	}
	return 0;
}

/* a driver just loaded, or devices appeared: it binds what it can */
static void bus_rescan(struct kernel *k, struct nvdimm_bus *bus)
{
	if (!bus->e820 || !bus->pmem)
		return;
	for (int i = 0; i < bus->nr_regions; i++)
		if (!bus->regions[i].ns.bound)
			pmem_probe(k, &bus->regions[i], i, NULL);
}

/**
 * nvdimm_modprobe() - load one of the reference guest's nvdimm and dax modules
 * Return: 0, -ENOMEM, or 1 when @name is not one of them.
 */
int nvdimm_modprobe(struct kernel *k, const char *name)
{
	struct nvdimm_bus *bus = bus_of(k);
	bool *flag;

	if (!bus) {
		bus = calloc(1, sizeof(*bus));
		if (!bus)
			return -ENOMEM;
		k->nvdimm = bus;
	}
	if (!strcmp(name, "nd_e820"))
		flag = &bus->e820;
	else if (!strcmp(name, "nd_pmem"))
		flag = &bus->pmem;
	else if (!strcmp(name, "dax_pmem"))
		flag = &bus->dax_pmem;
	else if (!strcmp(name, "device_dax"))
		flag = &bus->device_dax;
	else if (!strcmp(name, "kmem"))
		flag = &bus->kmem;
	else
		return 1;
	if (*flag)
		return 0;
	/* dax_pmem pulls in nd_pmem's dependencies, not nd_pmem itself */
	*flag = true;
	if (flag == &bus->e820 && e820_pmem_probe(k, bus)) {
		*flag = false;
		return -ENOMEM;
	}
	bus_rescan(k, bus);
	MM_CHECK(k);
	return 0;
}

void nvdimm_fini(struct kernel *k)
{
	free(k->nvdimm);
	k->nvdimm = NULL;
}

/* ---- queries and writes for the sysfs layer ---- */

bool nd_bus_present(const struct kernel *k)
{
	const struct nvdimm_bus *bus = bus_of(k);

	return bus && bus->e820;
}

bool nd_driver_loaded(const struct kernel *k, const char *driver)
{
	const struct nvdimm_bus *bus = bus_of(k);

	if (!bus)
		return false;
	if (!strcmp(driver, "nd_pmem"))
		return bus->pmem;
	if (!strcmp(driver, "dax_pmem"))
		return bus->dax_pmem;
	/* nd_bus, nd_region and nvdimm come with libnvdimm */
	return bus->e820 && (!strcmp(driver, "nd_bus") || !strcmp(driver, "nd_region") || !strcmp(driver, "nvdimm"));
}

int nd_region_count(const struct kernel *k)
{
	return nd_bus_present(k) ? bus_of(k)->nr_regions : 0;
}

int nd_region_get(const struct kernel *k, int id, struct nd_region_info *out)
{
	const struct nvdimm_bus *bus = bus_of(k);
	const struct nd_region *r;

	if (!nd_bus_present(k) || id < 0 || id >= bus->nr_regions)
		return -ENOENT;
	r = &bus->regions[id];
	out->start = r->start;
	out->size = r->size;
	out->numa_node = r->nid;
	/* default_align(): 16 MiB, a page for regions smaller than that */
	out->align = r->size < (16ULL << 20) ? PAGE_SIZE : 16ULL << 20;
	return 0;
}

int nd_namespace_get(const struct kernel *k, int id, struct nd_namespace_info *out)
{
	const struct nvdimm_bus *bus = bus_of(k);
	const struct nd_region *r;

	if (!nd_bus_present(k) || id < 0 || id >= bus->nr_regions)
		return -ENOENT;
	r = &bus->regions[id];
	out->start = r->start;
	out->size = r->size;
	out->numa_node = r->nid;
	out->force_raw = r->ns.force_raw;
	out->bound = r->ns.bound;
	out->mode = should_map_pages(k, r) ? "memory" : "raw";
	return 0;
}

int nd_namespace_set_force_raw(struct kernel *k, int id, bool raw)
{
	struct nvdimm_bus *bus = bus_of(k);

	if (!nd_bus_present(k) || id < 0 || id >= bus->nr_regions)
		return -ENOENT;
	bus->regions[id].ns.force_raw = raw;
	return 0;
}

/**
 * nd_driver_bind() - a write of @dev to /sys/bus/nd/drivers/@driver/bind
 * (@bind) or unbind
 * Return: 0, -ENODEV (no such device, not this driver's, not bound),
 * -EBUSY (already bound), or the probe's error.
 */
int nd_driver_bind(struct kernel *k, const char *driver, const char *dev, bool bind, struct memhp_err *err)
{
	struct nvdimm_bus *bus = bus_of(k);
	int id;

	if (!nd_bus_present(k) || !nd_driver_loaded(k, driver))
		return memhp_err_set(err, -ENODEV, "no driver %s", driver);
	if (strcmp(driver, "nd_pmem") || (id = region_of_name(bus, dev, "namespace")) < 0)
		return memhp_err_set(err, -ENODEV, "%s cannot drive %s", driver, dev);
	if (bind) {
		int ret;

		if (bus->regions[id].ns.bound)
			return memhp_err_set(err, -EBUSY, "%s is bound already", dev);
		ret = pmem_probe(k, &bus->regions[id], id, err);
		MM_CHECK(k);
		return ret;
	}
	if (!bus->regions[id].ns.bound)
		return memhp_err_set(err, -ENODEV, "%s is not bound to %s", dev, driver);
	pmem_remove(k, &bus->regions[id]);
	MM_CHECK(k);
	return 0;
}
