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
 *  - device_dax maps a dax device into ZONE_DEVICE and claims its range;
 *    kmem, once told the device's name with new_id, hot-adds the memory
 *    blocks inside it as "System RAM (kmem)" in a static memory group (the
 *    region needs a node), and removes them when unbound.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/modules.h"
#include "memhp/drivers.h"
#include "mm/driver.h"

#define ND_MAX_REGIONS 32
#define ND_MAX_DAX 16

enum { CCLASS_NONE, CCLASS_BTT, CCLASS_PFN, CCLASS_DAX };
enum { DAX_DRV_NONE, DAX_DRV_DEVICE, DAX_DRV_KMEM };

struct nd_namespace {
	bool force_raw;
	bool bound;			/* nd_pmem drives it */
	bool mapped;			/* memory mode: in ZONE_DEVICE */
	struct resource *res;		/* the namespace's claim while bound */
	int claim;			/* index of the nd_dax or nd_pfn claiming it, or -1 */
	bool claim_pfn;			/* the claim is an nd_pfn's (fsdax) */
	int claim_class;		/* holder_class */
};

/* nd_dax daxR.N, and the dev_dax it makes on the dax bus once dax_pmem binds it */
struct nd_dax {
	char uuid[37];			/* "" until set */
	int mode;			/* enum nd_dax_mode */
	uint64_t align;
	bool claimed;			/* it claims its region's namespace */
	bool bound;			/* dax_pmem drives it */
	uint64_t offset;		/* info block and memmap at the namespace's start */
	struct resource *info_res;	/* the namespace's remaining claim */
	/* the dev_dax */
	int driver;			/* DAX_DRV_* */
	bool kmem_id;			/* kmem's new_id knows it */
	struct resource *dax_res;	/* device_dax's claim, or kmem's */
	bool mapped;
	uint64_t kmem_start, kmem_size;
	struct memory_group *group;
	bool memmap_on_memory;		/* kmem adds with MHP_MEMMAP_ON_MEMORY */
	int minor;			/* the dev_dax's character device minor (while bound) */
};

struct nd_region {
	uint64_t start, size;
	int nid;			/* -1: beyond every NUMA range */
	struct resource *pmem;		/* the "Persistent Memory (legacy)" resource */
	struct nd_namespace ns;
	struct nd_dax dax[ND_MAX_DAX];	/* dax devices daxR.0 .. daxR.(nr_dax - 1); the last is the seed */
	int nr_dax;
	struct nd_dax pfn[ND_MAX_DAX];	/* pfn devices (fsdax), the same way */
	int nr_pfn;
};

static struct nd_dax *seeds(struct nd_region *r, bool pfn, int **nr)
{
	*nr = pfn ? &r->nr_pfn : &r->nr_dax;
	return pfn ? r->pfn : r->dax;
}

struct nvdimm_bus {
	bool e820, pmem, dax_pmem, device_dax, kmem;	/* modules loaded */
	struct nd_region regions[ND_MAX_REGIONS];
	int nr_regions;
};

/* libnvdimm's state: NULL until a module of the family loads it */
static struct nvdimm_bus *bus_of(const struct kernel *k)
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

	if (sscanf(name, "namespace%d.0%n", &id, &len) != 1 || name[len] || id < 0 || id >= bus->nr_regions)
		return -1;
	return id;
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
	if (r->ns.claim >= 0)
		return memhp_err_set(err, -ENXIO, "%s is claimed by %s%d.%d", name, r->ns.claim_pfn ? "pfn" : "dax", id,
				     r->ns.claim);
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
	for (struct resource *res = kernel_iomem(k)->child; res; res = res->sibling) {
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
		r->ns.claim = -1;
		r->nr_dax = 1;
		r->dax[0].align = 2ULL << 20;
		r->nr_pfn = 1;
		r->pfn[0].align = 2ULL << 20;
	}
	return 0;
}

/* a driver just loaded, or devices appeared: it binds what it can */
static void bus_rescan(struct kernel *k, struct nvdimm_bus *bus)
{
	if (!bus->e820 || !bus->pmem)
		return;
	for (int i = 0; i < bus->nr_regions; i++)
		if (!bus->regions[i].ns.bound && bus->regions[i].ns.claim < 0)
			pmem_probe(k, &bus->regions[i], i, NULL);
}

/* ---- the modules ---- */

static int libnvdimm_init(struct kernel *k, void **priv)
{
	*priv = calloc(1, sizeof(struct nvdimm_bus));
	return *priv ? 0 : -ENOMEM;
}

static void libnvdimm_exit(struct kernel *k, void *priv)
{
	/* memory groups and resources go with the kernel's tables */
	free(priv);
}

static const char *const libnvdimm_deps[] = { "libnvdimm", NULL };

const struct guest_module libnvdimm_module = {
	.name = "libnvdimm",
	.init = libnvdimm_init,
	.exit = libnvdimm_exit,
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

/* dax_pmem pulls in nd_pmem's dependencies, not nd_pmem itself; it probes nothing on load */
static int dax_pmem_init(struct kernel *k, void **priv)
{
	bus_of(k)->dax_pmem = true;
	return 0;
}

static int device_dax_init(struct kernel *k, void **priv)
{
	bus_of(k)->device_dax = true;
	return 0;
}

static int kmem_init(struct kernel *k, void **priv)
{
	bus_of(k)->kmem = true;
	return 0;
}

const struct guest_module nd_e820_module = { .name = "nd_e820", .deps = libnvdimm_deps, .init = nd_e820_init };
const struct guest_module nd_pmem_module = { .name = "nd_pmem", .deps = libnvdimm_deps, .init = nd_pmem_init };
const struct guest_module dax_pmem_module = { .name = "dax_pmem", .deps = libnvdimm_deps, .init = dax_pmem_init };
const struct guest_module device_dax_module = {
	.name = "device_dax", .deps = libnvdimm_deps, .init = device_dax_init
};
const struct guest_module kmem_module = { .name = "kmem", .deps = libnvdimm_deps, .init = kmem_init };

/* ---- nd_dax, dax_pmem ---- */

enum nd_dax_mode { DAX_MODE_NONE, DAX_MODE_RAM, DAX_MODE_PMEM };
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
	if (n >= *nr)
		return NULL;
	if (region)
		*region = r;
	if (idx)
		*idx = n;
	return &arr[n];
}

static struct nd_dax *dax_of_name(struct nvdimm_bus *bus, const char *name, int *region, int *idx)
{
	return ndp_of_name(bus, name, false, region, idx);
}

/* nd_pfn_init(): where the dax device starts within the namespace; Return: 0 or -ENXIO */
static int dax_info_offset(const struct nd_region *r, const struct nd_dax *d, uint64_t *offset)
{
	uint64_t npfns = (r->size - 8192) / PAGE_SIZE, reserve = 8192, off;
	/* never less than memremap_compat_align(): a sub-section */
	uint64_t align = d->align > (2ULL << 20) ? d->align : 2ULL << 20;

	if (d->mode == DAX_MODE_PMEM)
		reserve += 64 * npfns;		/* MAX_STRUCT_PAGE_SIZE per page, on the device */
	else if (d->mode != DAX_MODE_RAM)
		return -ENXIO;
	off = (r->start + reserve + align - 1) / align * align - r->start;
	if (off >= r->size || (r->size - off) / align == 0)
		return -ENXIO;
	*offset = off;
	return 0;
}

static uint64_t dax_size(const struct nd_region *r, const struct nd_dax *d)
{
	uint64_t align = d->align > (2ULL << 20) ? d->align : 2ULL << 20;

	return (r->size - d->offset) / align * align;
}

/*
 * What a pfn or dax device's probe checks before it writes its info block
 * (nvdimm_namespace_common_probe(), nd_pfn_validate(), nd_pfn_init()); on
 * success d->offset is where the device's data starts.
 * Return: 0, -EBUSY (bound, or the namespace is), -ENODEV (no namespace, no
 * uuid), -EINVAL (misaligned start), -ENXIO (mode or alignment).
 */
static int ndp_probe_checks(const struct nd_region *r, struct nd_dax *d, const char *dev, const char *ns,
			    struct memhp_err *err)
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
	if (r->start % (2ULL << 20))
		return memhp_err_set(err, -EINVAL, "%s: start %#llx misaligned to 0x200000", ns,
				     (unsigned long long)r->start);
	ret = dax_info_offset(r, d, &d->offset);
	if (ret)
		return memhp_err_set(err, ret, "%s: mode %s with align %#llx does not fit %s", dev,
				     dax_mode_names[d->mode], (unsigned long long)d->align, ns);
	return 0;
}

static int device_dax_probe(struct kernel *k, struct nd_region *r, int region, int idx, struct memhp_err *err);
static void dax_driver_remove(struct kernel *k, struct nd_region *r, struct nd_dax *d);

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
	ret = ndp_probe_checks(r, d, dev, ns, err);
	if (ret)
		return ret;
	ret = request_mem_region(kernel_iomem(k), r->start, d->offset, ns, IORESOURCE_MEM | IORESOURCE_BUSY,
				 &d->info_res);
	if (ret)
		return memhp_err_set(err, -EBUSY, "%s: could not reserve the info block", dev);
	d->minor = dax_minor_alloc(bus);
	d->bound = true;
	/* the region gets a new seed */
	if (idx == r->nr_dax - 1 && r->nr_dax < ND_MAX_DAX) {
		memset(&r->dax[r->nr_dax], 0, sizeof(r->dax[0]));
		r->dax[r->nr_dax].align = 2ULL << 20;
		r->nr_dax++;
	}
	/* the new dax device: device_dax takes it if loaded */
	if (bus->device_dax)
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
		release_resource_free(d->info_res);
		d->info_res = NULL;
		d->bound = false;
		MM_CHECK(k);
		return 0;
	}
	ret = ndp_probe_checks(r, d, dev, ns, err);
	if (ret)
		return ret;
	ret = request_mem_region(kernel_iomem(k), r->start, r->size, ns, IORESOURCE_MEM | IORESOURCE_BUSY,
				 &d->info_res);
	if (ret)
		return memhp_err_set(err, -EBUSY, "%s: could not reserve region", dev);
	ret = memremap_pages(k, r->start, d->offset + dax_size(r, d), r->nid, err);
	if (ret) {
		release_resource_free(d->info_res);
		d->info_res = NULL;
		return ret;
	}
	d->mapped = true;
	d->bound = true;
	if (idx == r->nr_pfn - 1 && r->nr_pfn < ND_MAX_DAX) {
		memset(&r->pfn[r->nr_pfn], 0, sizeof(r->pfn[0]));
		r->pfn[r->nr_pfn].align = 2ULL << 20;
		r->nr_pfn++;
	}
	MM_CHECK(k);
	return 0;
}

/* ---- the dax bus: device_dax and kmem ---- */

static int device_dax_probe(struct kernel *k, struct nd_region *r, int region, int idx, struct memhp_err *err)
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
	ret = request_mem_region(kernel_iomem(k), kstart, kend - kstart, name, IORESOURCE_MEM, &d->dax_res);
	if (ret)
		return memhp_err_set(err, -EBUSY, "%s: could not reserve [%#llx-%#llx]", name,
				     (unsigned long long)kstart, (unsigned long long)kend - 1);
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
		return memhp_err_set(err, ret, "%s: mapping failed", name);
	}
	d->kmem_start = kstart;
	d->kmem_size = kend - kstart;
	d->driver = DAX_DRV_KMEM;
	return 0;
}

static void dax_driver_remove(struct kernel *k, struct nd_region *r, struct nd_dax *d)
{
	(void)r;
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

	if (!bus || !(kmem ? bus->kmem : bus->device_dax))
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

static int ndp_count(const struct kernel *k, bool pfn, int region)
{
	const struct nd_region *r = region_at(k, region);

	return !r ? 0 : pfn ? r->nr_pfn : r->nr_dax;
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
 * such namespace in its region), -ENXIO (namespace under 16 MiB).
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
		if (d->claimed) {
			r->ns.claim = -1;
			d->claimed = false;
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

	if (!r)
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

bool dax_bus_present(const struct kernel *k)
{
	const struct nvdimm_bus *bus = bus_of(k);

	return bus && (bus->dax_pmem || bus->device_dax || bus->kmem);
}

bool dax_driver_loaded(const struct kernel *k, const char *driver)
{
	const struct nvdimm_bus *bus = bus_of(k);

	if (!bus)
		return false;
	return !strcmp(driver, "kmem") ? bus->kmem : !strcmp(driver, "device_dax") ? bus->device_dax : false;
}
