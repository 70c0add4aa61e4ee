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
 *  - a dax seed (nd_dax daxR.N) takes uuid, mode (none, pmem, ram), align
 *    (4 KiB, 2 MiB, 1 GiB) and a namespace of its region to claim (16 MiB at
 *    least); dax_pmem then writes the info block: the namespace keeps its
 *    first bytes (8 KiB plus 64 bytes per page of memmap in pmem mode, up to
 *    the alignment) and the rest becomes the dax device daxR.N on the dax
 *    bus, and the region gets a new seed;
 *  - the info block stays on the namespace: a later probe of the same
 *    device finds it and must agree with it (nd_pfn_validate());
 *  - the dax device's drivers, device_dax and kmem, are drivers/dax.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/modules.h"
#include "drivers/nvdimm.h"
#include "memhp/drivers.h"
#include "memhp/profile.h"
#include "mm/driver.h"

static struct nd_dax *seeds(struct nd_region *r, bool pfn, int **nr)
{
	*nr = pfn ? &r->nr_pfn : &r->nr_dax;
	return pfn ? r->pfn : r->dax;
}

/* nd_dax_create() / nd_pfn_create(): a new seed with the lowest free id; false if none is free */
static bool ndp_create_seed(struct nd_region *r, bool pfn)
{
	int *nr, id = 0;
	struct nd_dax *arr = seeds(r, pfn, &nr);

	while (id < ND_MAX_DAX && arr[id].exists)
		id++;
	if (id == ND_MAX_DAX)
		return false;
	memset(&arr[id], 0, sizeof(arr[id]));
	arr[id].exists = true;
	arr[id].align = ND_COMPAT_ALIGN;
	if (id >= *nr)
		*nr = id + 1;
	*(pfn ? &r->pfn_seed : &r->dax_seed) = id;
	return true;
}

struct nvdimm_bus *bus_of(const struct kernel *k)
{
	return kernel_module_priv(k, &libnvdimm_module);
}

/* region @id once nd_e820 made it, or NULL */
static struct nd_region *region_at(const struct kernel *k, int id)
{
	struct nvdimm_bus *bus = bus_of(k);

	return bus && bus->e820 && id >= 0 && id < bus->nr_regions ? &bus->regions[id] : NULL;
}

/* pmem_should_map_pages(): not raw, and no System RAM inside the range */
static bool should_map_pages(const struct kernel *k, const struct nd_region *r)
{
	return !r->ns.force_raw && !count_system_ram_pages(kernel_iomem(k), phys_pfn(r->start), phys_pfn(r->size));
}

/* the region of "namespaceN.0", or -1 */
static int namespace_of_name(const struct nvdimm_bus *bus, const char *name)
{
	int id, len = 0;

	if (sscanf(name, "namespace%d.0%n", &id, &len) != 1 || name[len] || id < 0 || id >= bus->nr_regions ||
	    !bus->regions[id].probed)
		return -1;
	return id;
}

/* blk_alloc_ext_minor(): the lowest BLOCK_EXT_MAJOR minor no pmem disk holds */
static int ext_minor_alloc(const struct nvdimm_bus *bus)
{
	for (int minor = 0;; minor++) {
		bool used = false;

		for (int i = 0; i < bus->nr_regions && !used; i++) {
			const struct nd_region *r = &bus->regions[i];

			used = r->ns.disk.live && r->ns.disk.minor == minor;
			for (int j = 0; j < r->nr_pfn && !used; j++)
				used = r->pfn[j].disk.live && r->pfn[j].disk.minor == minor;
		}
		if (!used)
			return minor;
	}
}

/* pmem_attach_disk(): the disk's sectors start @offset bytes into the namespace */
static void disk_attach(struct nvdimm_bus *bus, struct pmem_disk *disk, uint64_t offset, uint64_t size)
{
	disk->minor = ext_minor_alloc(bus);
	disk->diskseq = ++bus->last_diskseq;
	disk->offset = offset;
	disk->size = size;
	disk->live = true;
}

static int pfn_bind(struct kernel *k, struct nvdimm_bus *bus, const char *dev, bool bind, struct memhp_err *err);
static int dax_pmem_bind(struct kernel *k, struct nvdimm_bus *bus, const char *dev, bool bind,
			 struct memhp_err *err);

/*
 * nd_pfn_probe() / nd_dax_probe() of a namespace nd_pmem is probing: a new
 * pfn (dax) device, with the lowest free id, claims the namespace and
 * validates the info block it finds there.  If the block is good the
 * device is registered and its driver probes it; else it goes again.
 * Return: 0 (the namespace now belongs to the new device), -ENODEV (no
 * such block, or the namespace is raw or held for another class), or
 * nd_pfn_validate()'s error.
 */
static int ndp_autodetect(struct kernel *k, struct nvdimm_bus *bus, int region, bool pfn, struct memhp_err *err)
{
	struct nd_region *r = &bus->regions[region];
	int *nr, id = 0, ret;
	struct nd_dax *arr = seeds(r, pfn, &nr), *d;
	char dev[32];

	if (r->ns.force_raw)
		return -ENODEV;
	if (r->ns.claim_class != CCLASS_NONE && r->ns.claim_class != (pfn ? CCLASS_PFN : CCLASS_DAX))
		return -ENODEV;
	while (id < ND_MAX_DAX && arr[id].exists)
		id++;
	if (id == ND_MAX_DAX)
		return memhp_err_set(err, -ENOMEM, "region%d: no free %s id", region, pfn ? "pfn" : "dax");
	d = &arr[id];
	memset(d, 0, sizeof(*d));
	d->exists = true;
	d->align = ND_COMPAT_ALIGN;
	snprintf(dev, sizeof(dev), "%s%d.%d", pfn ? "pfn" : "dax", region, id);
	ret = nd_pfn_validate(k, r, d, pfn, dev, err);
	if (ret) {
		memset(d, 0, sizeof(*d));
		return ret;
	}
	if (id >= *nr)
		*nr = id + 1;
	d->claimed = true;
	r->ns.claim = id;
	r->ns.claim_pfn = pfn;
	/* nd_device_register(): nd_pmem (loaded: it is probing) or dax_pmem, if loaded, takes it */
	if (pfn)
		pfn_bind(k, bus, dev, true, NULL);
	else if (bus->dax_pmem)
		dax_pmem_bind(k, bus, dev, true, NULL);
	return 0;
}

/*
 * nd_pmem_probe() of namespaceN.0: unless it is raw, a pfn or dax info
 * block on it makes a device of that kind that takes it over (and the
 * namespace's own probe fails ENXIO); else it becomes the disk pmemN.
 */
static int pmem_probe(struct kernel *k, struct nd_region *r, int id, struct memhp_err *err)
{
	struct nvdimm_bus *bus = bus_of(k);
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "namespace%d.0", id);
	if (should_map_pages(k, r) && ((r->start | (r->start + r->size)) & ((2ULL << 20) - 1)))
		return memhp_err_set(err, -EOPNOTSUPP, "%s: [mem %#llx-%#llx] misaligned, unable to map", name,
				     (unsigned long long)r->start, (unsigned long long)(r->start + r->size - 1));
	if (r->ns.claim >= 0)
		return memhp_err_set(err, -ENXIO, "%s is claimed by %s%d.%d", name, r->ns.claim_pfn ? "pfn" : "dax", id,
				     r->ns.claim);
	for (int pfn = 1; pfn >= 0; pfn--) {
		ret = ndp_autodetect(k, bus, id, pfn, err);
		if (!ret)
			return memhp_err_set(err, -ENXIO, "%s: taken over by %s%d.%d from its info block", name,
					     pfn ? "pfn" : "dax", id, r->ns.claim);
		if (ret == -EOPNOTSUPP)
			return ret;
	}
	ret = request_mem_region(kernel_iomem(k), r->start, r->size, name, IORESOURCE_MEM | IORESOURCE_BUSY,
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
	disk_attach(bus, &r->ns.disk, 0, r->size);
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
	r->ns.disk.live = false;
}

/*
 * nd_region_probe(): the namespace registers, and nd_pmem (if loaded)
 * probes it at once, so an info block on it takes the lowest pfn or dax
 * id; then the seeds (btt, pfn, dax) take the lowest free ones
 */
/* the bus provider: a bound region pins it (nvdimm_bus_probe()'s try_module_get()) */
extern const struct guest_module nd_e820_module;

static void region_probe(struct kernel *k, struct nvdimm_bus *bus, int id)
{
	struct nd_region *r = &bus->regions[id];

	kernel_module_get(k, &nd_e820_module);
	r->probed = true;
	r->ns.claim = -1;
	r->pfn_seed = r->dax_seed = -1;
	if (bus->pmem)
		pmem_probe(k, r, id, NULL);
	ndp_create_seed(r, true);
	ndp_create_seed(r, false);
}

/*
 * nd_region_remove(): every device of the region unbinds and goes; the
 * namespace's bytes stay on the media
 */
static void region_remove(struct kernel *k, struct nvdimm_bus *bus, int id)
{
	struct nd_region *r = &bus->regions[id];
	struct nd_media media = r->ns.media;
	char name[32];

	for (int j = 0; j < r->nr_dax; j++) {
		snprintf(name, sizeof(name), "dax%d.%d", id, j);
		if (r->dax[j].bound)
			dax_pmem_bind(k, bus, name, false, NULL);
	}
	for (int j = 0; j < r->nr_pfn; j++) {
		snprintf(name, sizeof(name), "pfn%d.%d", id, j);
		if (r->pfn[j].bound)
			pfn_bind(k, bus, name, false, NULL);
	}
	if (r->ns.bound)
		pmem_remove(k, r);
	memset(r->dax, 0, sizeof(r->dax));
	memset(r->pfn, 0, sizeof(r->pfn));
	r->nr_dax = r->nr_pfn = 0;
	r->pfn_seed = r->dax_seed = -1;
	memset(&r->ns, 0, sizeof(r->ns));
	r->ns.media = media;
	r->ns.claim = -1;
	r->probed = false;
	kernel_module_put(k, &nd_e820_module);
}

/* nd_e820's probe: a region per legacy PMEM range, at whatever depth of /proc/iomem it lies */
static int e820_pmem_probe(struct kernel *k, struct nvdimm_bus *bus)
{
	for (struct resource *res = kernel_iomem(k)->child; res; res = next_resource(res)) {
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
		region_probe(k, bus, bus->nr_regions - 1);
	}
	return 0;
}


/*
 * driver_attach() of nd_pmem: every unbound namespace that nothing claims,
 * and every pfn device that claims one (a configured pfn device is probed,
 * and may write its info block, as soon as nd_pmem loads)
 */
static void bus_rescan(struct kernel *k, struct nvdimm_bus *bus)
{
	if (!bus->e820 || !bus->pmem)
		return;
	for (int i = 0; i < bus->nr_regions; i++) {
		struct nd_region *r = &bus->regions[i];

		if (!r->probed)
			continue;
		if (!r->ns.bound && r->ns.claim < 0)
			pmem_probe(k, r, i, NULL);
		for (int j = 0; j < r->nr_pfn; j++) {
			char name[32];

			if (!r->pfn[j].claimed || r->pfn[j].bound)
				continue;
			snprintf(name, sizeof(name), "pfn%d.%d", i, j);
			pfn_bind(k, bus, name, true, NULL);
		}
	}
}

/* ---- the modules ---- */

static int libnvdimm_init(struct kernel *k, void **priv)
{
	*priv = calloc(1, sizeof(struct nvdimm_bus));
	return *priv ? 0 : -ENOMEM;
}

static void libnvdimm_exit(struct kernel *k, void *priv)
{
	struct nvdimm_bus *bus = priv;

	/* memory groups and resources go with the kernel's tables */
	for (int i = 0; i < bus->nr_regions; i++)
		nd_media_free(&bus->regions[i].ns.media);
	free(priv);
}

static const char *const libnvdimm_deps[] = { "libnvdimm", NULL };

const struct guest_module libnvdimm_module = {
	.name = "libnvdimm",
	.init = libnvdimm_init,
	.exit = libnvdimm_exit,
	.drivers = (const char *const[]){ "nd:nd_bus", "nd:nd_region", "nd:nvdimm", NULL },
};

static int nd_e820_init(struct kernel *k, void **priv)
{
	struct nvdimm_bus *bus = bus_of(k);

	bus->e820 = true;
	if (e820_pmem_probe(k, bus)) {
		bus->e820 = false;
		return -ENOMEM;
	}
	/* the driver core probes when a driver registers or devices appear */
	bus_rescan(k, bus);
	MM_CHECK(k);
	return 0;
}

static int nd_pmem_init(struct kernel *k, void **priv)
{
	struct nvdimm_bus *bus = bus_of(k);

	bus->pmem = true;
	bus_rescan(k, bus);
	MM_CHECK(k);
	return 0;
}

/*
 * dax_pmem pulls in nd_pmem's dependencies, not nd_pmem itself; on load it
 * probes the dax devices that claim a namespace (one nd_dax_probe() made
 * from an info block while dax_pmem was not there)
 */
static int dax_pmem_init(struct kernel *k, void **priv)
{
	struct nvdimm_bus *bus = bus_of(k);

	bus->dax_pmem = true;
	for (int i = 0; i < bus->nr_regions; i++) {
		for (int j = 0; j < bus->regions[i].nr_dax; j++) {
			char name[32];

			if (!bus->regions[i].dax[j].claimed || bus->regions[i].dax[j].bound)
				continue;
			snprintf(name, sizeof(name), "dax%d.%d", i, j);
			dax_pmem_bind(k, bus, name, true, NULL);
		}
	}
	MM_CHECK(k);
	return 0;
}

const struct guest_module nd_e820_module = {
	.name = "nd_e820", .deps = libnvdimm_deps, .init = nd_e820_init,
	.drivers = (const char *const[]){ "platform:e820_pmem", NULL },
};
/* the btt driver's code: nd_pmem calls into it, nothing else is modelled (no btt is ever made) */
const struct guest_module nd_btt_module = {
	.name = "nd_btt", .deps = libnvdimm_deps,
};
const struct guest_module nd_pmem_module = {
	.name = "nd_pmem", .deps = (const char *const[]){ "libnvdimm", "nd_btt", NULL }, .init = nd_pmem_init,
	.drivers = (const char *const[]){ "nd:nd_pmem", NULL },
};
const struct guest_module dax_pmem_module = {
	.name = "dax_pmem", .deps = libnvdimm_deps, .init = dax_pmem_init,
	.drivers = (const char *const[]){ "nd:dax_pmem", NULL },
};
/* ---- nd_dax, dax_pmem ---- */

static const char *const dax_mode_names[] = { "none", "ram", "pmem" };

/* "daxR.N" or "pfnR.N" of an existing device */
static struct nd_dax *ndp_of_name(struct nvdimm_bus *bus, const char *name, bool pfn, int *region, int *idx)
{
	int r, n, len = 0, *nr;
	struct nd_dax *arr;

	if (sscanf(name, pfn ? "pfn%d.%d%n" : "dax%d.%d%n", &r, &n, &len) != 2 || name[len] || r < 0 ||
	    r >= bus->nr_regions || n < 0)
		return NULL;
	arr = seeds(&bus->regions[r], pfn, &nr);
	if (n >= *nr || !arr[n].exists)
		return NULL;
	if (region)
		*region = r;
	if (idx)
		*idx = n;
	return &arr[n];
}

struct nd_dax *dax_of_name(struct nvdimm_bus *bus, const char *name, int *region, int *idx)
{
	return ndp_of_name(bus, name, false, region, idx);
}


uint64_t dax_size(const struct nd_region *r, const struct nd_dax *d)
{
	uint64_t align = ndp_align(d);

	return (r->size - d->offset) / align * align;
}

/*
 * What a pfn or dax device's probe checks before it writes its info block
 * (nvdimm_namespace_common_probe(), nd_pfn_validate(), nd_pfn_init()); on
 * success d->offset is where the device's data starts.
 * Return: 0, -EBUSY (bound, or the namespace is), -ENODEV (no namespace, no
 * uuid), -EINVAL (misaligned start), -ENXIO (mode or alignment).
 */
static int ndp_probe_checks(struct kernel *k, struct nd_region *r, struct nd_dax *d, bool pfn, const char *dev,
			    const char *ns, struct memhp_err *err)
{
	int ret;

	if (d->bound)
		return memhp_err_set(err, -EBUSY, "%s is bound already", dev);
	if (!d->claimed)
		return memhp_err_set(err, -ENODEV, "%s: no namespace", dev);
	if (r->ns.bound)
		return memhp_err_set(err, -EBUSY, "%s is active, can't bind %s", ns, dev);
	if (!d->uuid[0])
		return memhp_err_set(err, -ENODEV, "%s: no info block and no uuid", dev);
	ret = nd_pfn_validate(k, r, d, pfn, dev, err);
	if (ret != -ENODEV)
		return ret;
	if (r->start % ND_COMPAT_ALIGN)
		return memhp_err_set(err, -EINVAL, "%s: start %#llx misaligned to 0x200000", ns,
				     (unsigned long long)r->start);
	return nd_pfn_init(k, r, d, pfn, dev, ns, err);
}

/*
 * nvdimm_bus_probe(): a probe that succeeded, or that found the device
 * unsupported (-EOPNOTSUPP), uses up its region's seed: if the device
 * was the pfn or dax seed, the region gets a new one
 */
static void nd_region_advance_seeds(struct nd_region *r, bool pfn, int idx, int probe_ret)
{
	if ((probe_ret && probe_ret != -EOPNOTSUPP) || idx != (pfn ? r->pfn_seed : r->dax_seed))
		return;
	ndp_create_seed(r, pfn);
}


/* the lowest minor no dev_dax holds (dax_minor_ida) */
static int dax_minor_alloc(const struct nvdimm_bus *bus)
{
	for (int minor = 0;; minor++) {
		bool used = false;

		for (int i = 0; i < bus->nr_regions && !used; i++)
			for (int j = 0; j < bus->regions[i].nr_dax && !used; j++)
				used = bus->regions[i].dax[j].bound && bus->regions[i].dax[j].minor == minor;
		if (!used)
			return minor;
	}
}

static int dax_pmem_bind(struct kernel *k, struct nvdimm_bus *bus, const char *dev, bool bind, struct memhp_err *err)
{
	int region, idx, ret;
	struct nd_dax *d = dax_of_name(bus, dev, &region, &idx);
	struct nd_region *r;
	char ns[32];

	if (!d)
		return memhp_err_set(err, -ENODEV, "dax_pmem cannot drive %s", dev);
	r = &bus->regions[region];
	if (!bind) {
		if (!d->bound)
			return memhp_err_set(err, -ENODEV, "%s is not bound to dax_pmem", dev);
		dax_driver_remove(k, r, d);
		release_resource_free(d->info_res);
		d->info_res = NULL;
		d->bound = false;
		d->memmap_on_memory = false;	/* the dev_dax goes with its settings */
		MM_CHECK(k);
		return 0;
	}
	snprintf(ns, sizeof(ns), "namespace%d.0", region);
	ret = ndp_probe_checks(k, r, d, false, dev, ns, err);
	if (!ret && request_mem_region(kernel_iomem(k), r->start, d->offset, ns, IORESOURCE_MEM | IORESOURCE_BUSY,
				       &d->info_res))
		ret = memhp_err_set(err, -EBUSY, "%s: could not reserve the info block", dev);
	nd_region_advance_seeds(r, false, idx, ret);
	if (ret)
		return ret;
	d->minor = dax_minor_alloc(bus);
	d->bound = true;
	/* the new dax device: device_dax takes it if loaded */
	if (dax_driver_registered_on(k, false))
		device_dax_probe(k, r, region, idx, NULL);
	MM_CHECK(k);
	return 0;
}

/*
 * nd_pmem binding an nd_pfn (fsdax): the info block as for dax, the whole
 * namespace claimed under its own name and mapped into ZONE_DEVICE
 */
static int pfn_bind(struct kernel *k, struct nvdimm_bus *bus, const char *dev, bool bind, struct memhp_err *err)
{
	int region, idx, ret;
	struct nd_dax *d = ndp_of_name(bus, dev, true, &region, &idx);
	struct nd_region *r;
	char ns[32];

	if (!d)
		return memhp_err_set(err, -ENODEV, "nd_pmem cannot drive %s", dev);
	r = &bus->regions[region];
	snprintf(ns, sizeof(ns), "namespace%d.0", region);
	if (!bind) {
		if (!d->bound)
			return memhp_err_set(err, -ENODEV, "%s is not bound to nd_pmem", dev);
		if (d->mapped)
			memunmap_pages(k, r->start, d->offset + dax_size(r, d));
		d->mapped = false;
		d->disk.live = false;
		release_resource_free(d->info_res);
		d->info_res = NULL;
		d->bound = false;
		MM_CHECK(k);
		return 0;
	}
	ret = ndp_probe_checks(k, r, d, true, dev, ns, err);
	if (!ret && request_mem_region(kernel_iomem(k), r->start, r->size, ns, IORESOURCE_MEM | IORESOURCE_BUSY,
				       &d->info_res))
		ret = memhp_err_set(err, -EBUSY, "%s: could not reserve region", dev);
	if (!ret) {
		ret = memremap_pages(k, r->start, d->offset + dax_size(r, d), r->nid, err);
		if (ret) {
			release_resource_free(d->info_res);
			d->info_res = NULL;
		}
	}
	nd_region_advance_seeds(r, true, idx, ret);
	if (ret)
		return ret;
	d->mapped = true;
	d->bound = true;
	disk_attach(bus, &d->disk, d->offset, r->size - d->end_trunc - d->offset);
	MM_CHECK(k);
	return 0;
}

int ndp_count(const struct kernel *k, bool pfn, int region)
{
	const struct nd_region *r = region_at(k, region);

	return !r || !r->probed ? 0 : pfn ? r->nr_pfn : r->nr_dax;
}

int nd_dax_count(const struct kernel *k, int region)
{
	return ndp_count(k, false, region);
}

int nd_pfn_count(const struct kernel *k, int region)
{
	return ndp_count(k, true, region);
}

static int ndp_get(const struct kernel *k, bool pfn, int region, int idx, struct nd_dax_info *out)
{
	const struct nvdimm_bus *bus = bus_of(k);
	const struct nd_region *r;
	const struct nd_dax *d;

	if (idx < 0 || idx >= ndp_count(k, pfn, region))
		return -ENOENT;
	r = &bus->regions[region];
	d = pfn ? &r->pfn[idx] : &r->dax[idx];
	if (!d->exists)
		return -ENOENT;
	out->seed = idx == (pfn ? r->pfn_seed : r->dax_seed);
	memcpy(out->uuid, d->uuid, sizeof(out->uuid));
	out->mode = dax_mode_names[d->mode];
	out->align = d->align;
	out->claimed = d->claimed;
	out->bound = d->bound;
	out->start = d->bound ? r->start + d->offset : 0;
	out->size = d->bound ? dax_size(r, d) : 0;
	out->target_node = r->nid;
	out->driver = d->driver == DAX_DRV_DEVICE ? "device_dax" : d->driver == DAX_DRV_KMEM ? "kmem" : NULL;
	out->memmap_on_memory = d->memmap_on_memory;
	out->minor = d->bound && !pfn ? d->minor : -1;
	return 0;
}

int nd_dax_get(const struct kernel *k, int region, int idx, struct nd_dax_info *out)
{
	return ndp_get(k, false, region, idx, out);
}

int nd_pfn_get(const struct kernel *k, int region, int idx, struct nd_dax_info *out)
{
	return ndp_get(k, true, region, idx, out);
}

static bool uuid_valid(const char *s)
{
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'f')))
			return false;
	}
	return s[36] == 0;
}

/**
 * nd_dax_store() - a write of @value (trailing newline removed) to the nd_dax
 * attribute @attr: uuid, mode, align or namespace
 * Return: 0, -EINVAL, -EBUSY (bound, or a claim already set), -ENODEV (no
 * such namespace in its region), -ENXIO (namespace under 16 MiB).  An
 * empty namespace lets the claim go: a device other than the seed is then
 * deleted, the seed loses its uuid and mode.
 */
static int ndp_store(struct kernel *k, bool pfn, int region, int idx, const char *attr, const char *value,
		     struct memhp_err *err)
{
	struct nvdimm_bus *bus = bus_of(k);
	const char *kind = pfn ? "pfn" : "dax";
	struct nd_region *r;
	struct nd_dax *d;

	if (idx < 0 || idx >= ndp_count(k, pfn, region))
		return -ENOENT;
	r = &bus->regions[region];
	d = pfn ? &r->pfn[idx] : &r->dax[idx];
	if (!d->exists)
		return -ENOENT;
	if (d->bound)
		return memhp_err_set(err, -EBUSY, "%s%d.%d is bound", kind, region, idx);
	if (!strcmp(attr, "uuid")) {
		if (!uuid_valid(value))
			return memhp_err_set(err, -EINVAL, "not a uuid: '%s'", value);
		memcpy(d->uuid, value, 37);
		return 0;
	}
	if (!strcmp(attr, "mode")) {
		for (int m = 0; m < 3; m++) {
			if (!strcmp(value, dax_mode_names[m])) {
				d->mode = m;
				return 0;
			}
		}
		return memhp_err_set(err, -EINVAL, "mode is none, ram or pmem");
	}
	if (!strcmp(attr, "align")) {
		char *end;
		unsigned long long a = strtoull(value, &end, 0);

		if (*end || (a != 4096 && a != (2ULL << 20) && a != (1ULL << 30)))
			return memhp_err_set(err, -EINVAL, "align is one of the supported alignments");
		d->align = a;
		return 0;
	}
	/* namespace: __nd_namespace_store() */
	if (strncmp(value, "namespace", 9) && value[0])
		return memhp_err_set(err, -EINVAL, "a namespace is required");
	if (!value[0]) {
		/* nd_detach_and_reset(): an idle device goes, the seed is reset */
		if (d->claimed) {
			r->ns.claim = -1;
			d->claimed = false;
		}
		if (idx != (pfn ? r->pfn_seed : r->dax_seed)) {
			int *nr;

			seeds(r, pfn, &nr);
			memset(d, 0, sizeof(*d));
			while (*nr > 0 && !(pfn ? r->pfn : r->dax)[*nr - 1].exists)
				(*nr)--;
		} else {
			d->uuid[0] = 0;
			d->mode = DAX_MODE_NONE;
		}
		return 0;
	}
	if (d->claimed)
		return memhp_err_set(err, -EBUSY, "namespace already set");
	{
		char want[32];

		snprintf(want, sizeof(want), "namespace%d.0", region);
		if (strcmp(value, want))
			return memhp_err_set(err, -ENODEV, "'%s' not found under region%d", value, region);
	}
	if (r->ns.claim_class != CCLASS_NONE && r->ns.claim_class != (pfn ? CCLASS_PFN : CCLASS_DAX))
		return memhp_err_set(err, -EBUSY, "namespace%d.0 is held for another class", region);
	if (r->size < (16ULL << 20))
		return memhp_err_set(err, -ENXIO, "namespace%d.0 too small to host", region);
	if (r->ns.claim >= 0)
		return memhp_err_set(err, -EBUSY, "namespace%d.0 already claimed", region);
	r->ns.claim = idx;
	r->ns.claim_pfn = pfn;
	d->claimed = true;
	return 0;
}

int nd_dax_store(struct kernel *k, int region, int idx, const char *attr, const char *value, struct memhp_err *err)
{
	return ndp_store(k, false, region, idx, attr, value, err);
}

int nd_pfn_store(struct kernel *k, int region, int idx, const char *attr, const char *value, struct memhp_err *err)
{
	return ndp_store(k, true, region, idx, attr, value, err);
}

/**
 * nd_namespace_set_holder_class() - holder_class: "", "btt", "pfn" or "dax";
 * io namespaces keep no labels, so the class is set and the write still
 * fails with ENXIO
 * Return: -ENXIO after setting, -EBUSY (bound or claimed), -EINVAL.
 */
int nd_namespace_set_holder_class(struct kernel *k, int id, const char *value, struct memhp_err *err)
{
	struct nd_region *r = region_at(k, id);
	int c;

	if (!r)
		return -ENOENT;
	if (r->ns.bound || r->ns.claim >= 0)
		return memhp_err_set(err, -EBUSY, "namespace%d.0 is active or claimed", id);
	if (!strcmp(value, "btt"))
		c = CCLASS_BTT;
	else if (!strcmp(value, "pfn"))
		c = CCLASS_PFN;
	else if (!strcmp(value, "dax"))
		c = CCLASS_DAX;
	else if (!value[0])
		c = CCLASS_NONE;
	else
		return memhp_err_set(err, -EINVAL, "holder_class is btt, pfn, dax or empty");
	r->ns.claim_class = c;
	return memhp_err_set(err, -ENXIO, "namespace%d.0 has no labels to record the class in", id);
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
	const struct nd_region *r = region_at(k, id);

	if (!r)
		return -ENOENT;
	out->start = r->start;
	out->size = r->size;
	out->numa_node = r->nid;
	/* default_align(): 16 MiB, a page for regions smaller than that */
	out->align = r->size < (16ULL << 20) ? PAGE_SIZE : 16ULL << 20;
	return 0;
}

int nd_namespace_get(const struct kernel *k, int id, struct nd_namespace_info *out)
{
	const struct nd_region *r = region_at(k, id);

	if (!r || !r->probed)
		return -ENOENT;
	out->start = r->start;
	out->size = r->size;
	out->numa_node = r->nid;
	out->force_raw = r->ns.force_raw;
	out->bound = r->ns.bound;
	out->mode = r->ns.claim >= 0 ? (r->ns.claim_pfn ? "memory" : "dax") : should_map_pages(k, r) ? "memory" : "raw";
	out->holder = r->ns.claim;
	out->holder_pfn = r->ns.claim_pfn;
	out->holder_class = r->ns.claim_class == CCLASS_DAX ? "dax" : r->ns.claim_class == CCLASS_PFN ? "pfn" :
			    r->ns.claim_class == CCLASS_BTT ? "btt" : "";
	return 0;
}

int nd_namespace_set_force_raw(struct kernel *k, int id, bool raw)
{
	struct nd_region *r = region_at(k, id);

	if (!r)
		return -ENOENT;
	r->ns.force_raw = raw;
	return 0;
}

/* nd_region binding (or unbinding) "regionN" */
static int region_bind(struct kernel *k, struct nvdimm_bus *bus, const char *dev, bool bind, struct memhp_err *err)
{
	int id, len = 0;

	if (sscanf(dev, "region%d%n", &id, &len) != 1 || dev[len] || id < 0 || id >= bus->nr_regions)
		return memhp_err_set(err, -ENODEV, "nd_region cannot drive %s", dev);
	if (bind == bus->regions[id].probed)
		return memhp_err_set(err, bind ? -EBUSY : -ENODEV, "%s is %s", dev, bind ? "bound already" : "not bound");
	if (bind)
		region_probe(k, bus, id);
	else
		region_remove(k, bus, id);
	MM_CHECK(k);
	return 0;
}

bool nd_region_probed(const struct kernel *k, int id)
{
	const struct nd_region *r = region_at(k, id);

	return r && r->probed;
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
	if (!strcmp(driver, "dax_pmem"))
		return dax_pmem_bind(k, bus, dev, bind, err);
	if (!strcmp(driver, "nd_region"))
		return region_bind(k, bus, dev, bind, err);
	if (!strcmp(driver, "nd_pmem") && !strncmp(dev, "pfn", 3))
		return pfn_bind(k, bus, dev, bind, err);
	if (strcmp(driver, "nd_pmem") || (id = namespace_of_name(bus, dev)) < 0)
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

/* the pmem disk of region @id: the namespace's own, or a pfn device's */
static const struct pmem_disk *disk_of(const struct kernel *k, int id, int *pfn)
{
	const struct nd_region *r = region_at(k, id);

	if (!r)
		return NULL;
	*pfn = -1;
	if (r->ns.disk.live)
		return &r->ns.disk;
	for (int j = 0; j < r->nr_pfn; j++) {
		if (r->pfn[j].disk.live) {
			*pfn = j;
			return &r->pfn[j].disk;
		}
	}
	return NULL;
}

int pmem_disk_get(const struct kernel *k, int region, struct pmem_disk_info *out)
{
	int pfn;
	const struct pmem_disk *disk = disk_of(k, region, &pfn);

	if (!disk)
		return -ENOENT;
	snprintf(out->name, sizeof(out->name), "pmem%d", region);
	out->minor = disk->minor;
	out->diskseq = disk->diskseq;
	out->size = disk->size;
	out->pfn = pfn;
	return 0;
}

ssize_t pmem_disk_rw(struct kernel *k, int region, uint64_t off, void *buf, size_t len, bool write)
{
	int pfn;
	const struct pmem_disk *disk = disk_of(k, region, &pfn);
	struct nd_region *r = region_at(k, region);

	if (!disk)
		return -ENXIO;
	if (off >= disk->size)
		return write && len ? -ENOSPC : 0;
	if (len > disk->size - off)
		len = (size_t)(disk->size - off);
	if (!write) {
		nd_media_read(&r->ns.media, disk->offset + off, buf, len);
		return (ssize_t)len;
	}
	if (nd_media_write(&r->ns.media, disk->offset + off, buf, len))
		return -ENOMEM;
	return (ssize_t)len;
}
