// SPDX-License-Identifier: MIT
/*
 * libnvdimm's objects, shared by the nvdimm bus (drivers/nvdimm.c: regions,
 * namespaces, pfn and dax devices, nd_pmem, dax_pmem) and the dax bus it
 * feeds (drivers/dax.c: device_dax, kmem).  Private to those two files.
 */
#ifndef MEMHP_DRIVERS_NVDIMM_H
#define MEMHP_DRIVERS_NVDIMM_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/nd_media.h"
#include "mm/driver.h"

#define ND_MAX_REGIONS 32
#define ND_MAX_DAX 16

enum { CCLASS_NONE, CCLASS_BTT, CCLASS_PFN, CCLASS_DAX };
enum { DAX_DRV_NONE, DAX_DRV_DEVICE, DAX_DRV_KMEM };

/*
 * A pmem block device (pmem_attach_disk()): "pmemR" of the region's
 * namespace in raw or memory mode, or of the pfn device that claims it
 * (fsdax).  Its sector 0 is @offset bytes into the namespace.
 */
struct pmem_disk {
	bool live;
	int minor;			/* BLOCK_EXT_MAJOR:minor (blk_alloc_ext_minor()) */
	uint64_t diskseq;		/* inc_diskseq() when it was allocated */
	uint64_t offset, size;
};

struct nd_namespace {
	struct nd_media media;		/* the namespace's bytes, info block included */
	struct pmem_disk disk;		/* nd_pmem's disk of the namespace itself */
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
	bool exists;			/* registered; its id (index) is free again once it is not */
	char uuid[37];			/* "" until set */
	int mode;			/* enum nd_dax_mode */
	uint64_t align;
	bool claimed;			/* it claims its region's namespace */
	bool bound;			/* dax_pmem drives it */
	uint64_t offset;		/* info block and memmap at the namespace's start */
	uint64_t end_trunc;		/* what the alignment cuts off the namespace's end */
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
	struct pmem_disk disk;		/* a pfn device's disk while nd_pmem drives it */
};

struct nd_region {
	bool probed;			/* nd_region drives it: its namespace and seeds exist */
	uint64_t start, size;
	int nid;			/* -1: beyond every NUMA range */
	struct resource *pmem;		/* the "Persistent Memory (legacy)" resource */
	struct nd_namespace ns;
	/*
	 * dax devices daxR.N by id: the ones that exist are among [0, nr_dax);
	 * a new one takes the lowest free id (the region's ida), and dax_seed
	 * names the seed, which always exists
	 */
	struct nd_dax dax[ND_MAX_DAX];
	int nr_dax, dax_seed;
	struct nd_dax pfn[ND_MAX_DAX];	/* pfn devices (fsdax), the same way */
	int nr_pfn, pfn_seed;
};

enum nd_dax_mode { DAX_MODE_NONE, DAX_MODE_RAM, DAX_MODE_PMEM };

/* memremap_compat_align(): a sub-section */
#define ND_COMPAT_ALIGN (2ULL << 20)


struct nvdimm_bus {
	bool e820, pmem, dax_pmem;	/* modules loaded */
	struct nd_region regions[ND_MAX_REGIONS];
	int nr_regions;
	/* genhd's disk sequence number: the guest's only disks are pmem disks */
	uint64_t last_diskseq;
};

/* libnvdimm's state: NULL until a module of the family loads it */
struct nvdimm_bus *bus_of(const struct kernel *k);
/* the nd_dax "daxR.N" of an existing device, or NULL; @region and @idx (may be NULL) get where */
struct nd_dax *dax_of_name(struct nvdimm_bus *bus, const char *name, int *region, int *idx);
/* the bound on dax (or pfn) device ids of region @region: ids that exist are below it */
int ndp_count(const struct kernel *k, bool pfn, int region);
/* pfn_devs.c: the alignment @d's data gets, never less than memremap_compat_align() */
uint64_t ndp_align(const struct nd_dax *d);
/*
 * pfn_devs.c: nd_pfn_validate(), does the namespace hold an info block of
 * @d's kind that agrees with @d (or, for a device without a uuid yet, that
 * @d adopts)?  Return: 0 (@d->offset and @d->end_trunc set), -ENODEV (none:
 * nd_pfn_init() writes one), -ENXIO, -EOPNOTSUPP.
 */
int nd_pfn_validate(const struct kernel *k, const struct nd_region *r, struct nd_dax *d, bool pfn,
		    const char *dev, struct memhp_err *err);
/* pfn_devs.c: nd_pfn_init() without a valid block: @d's data offset, then the block written */
int nd_pfn_init(struct kernel *k, struct nd_region *r, struct nd_dax *d, bool pfn, const char *dev, const char *ns,
		struct memhp_err *err);
/* the size of dax device @d's data, after its info block, in whole alignments */
uint64_t dax_size(const struct nd_region *r, const struct nd_dax *d);

/* drivers/dax.c: whether kmem (@kmem) or device_dax is loaded */
bool dax_driver_registered_on(const struct kernel *k, bool kmem);
/* drivers/dax.c: device_dax binding the dev_dax of @r's dax device @idx */
int device_dax_probe(struct kernel *k, struct nd_region *r, int region, int idx, struct memhp_err *err);
/* drivers/dax.c: the dev_dax's driver (device_dax or kmem) lets it go */
void dax_driver_remove(struct kernel *k, struct nd_region *r, struct nd_dax *d);

#endif
