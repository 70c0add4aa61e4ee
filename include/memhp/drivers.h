// SPDX-License-Identifier: MIT
/*
 * What the guest's drivers (src/drivers) show to the layers above them:
 * the queries and writes behind their sysfs files (the ACPI memory
 * devices, virtio_mem, libnvdimm and device-dax, the Xen balloon) and the
 * model-only requests of a Hyper-V or Xen host.  Loading them is
 * kernel_modprobe() (memhp/mm.h); how the machine wires them up is
 * src/drivers/drivers.h.
 */
#ifndef MEMHP_DRIVERS_H
#define MEMHP_DRIVERS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "memhp/err.h"

struct kernel;

/* ---- ACPI memory devices (PNP0C80), src/drivers/acpi_memhotplug.c ---- */

struct acpi_memory_slot_info {
	bool present;			/* _STA: a DIMM is in the slot */
	bool bound;			/* the driver added its memory */
	uint64_t start;			/* bytes, when bound */
	uint64_t size;
};
/** acpi_memory_slots() - number of PNP0C80 devices (one per slot) */
int acpi_memory_slots(const struct kernel *k);
/** acpi_memory_slot_get_info() - Return: 0 or -ENOENT. */
int acpi_memory_slot_get_info(const struct kernel *k, int slot, struct acpi_memory_slot_info *out);
/**
 * acpi_memory_slot_eject() - a write of "1" to the device's `eject` file: the
 * guest offlines, removes and ejects the DIMM itself and reports with _OST
 * Return: 0 (the eject ran; its result goes to the firmware), -ENOENT,
 * -ENODEV (no DIMM in the slot).
 */
int acpi_memory_slot_eject(struct kernel *k, int slot, struct memhp_err *err);

/* ---- virtio: /sys/bus/virtio/drivers/virtio_mem, src/drivers/virtio_mem.c ---- */

/** virtio_mem_driver_loaded() - the virtio_mem module is loaded */
bool virtio_mem_driver_loaded(const struct kernel *k);
/** virtio_bus_present() - the virtio core is loaded (a dependency of virtio_pci and virtio_mem, or built in): its bus exists */
bool virtio_bus_present(const struct kernel *k);
/** virtio_pci_present() - virtio_pci is loaded (or built in): the virtio-mem-pci functions have their driver */
bool virtio_pci_present(const struct kernel *k);
/** virtio_next_device() - the first virtio device index >= @from (virtioN on the bus), -1 if none */
int virtio_next_device(const struct kernel *k, int from);
/* a virtio device as the virtio core shows it (virtioN) */
struct virtio_device_info {
	unsigned int pci_slot;		/* the PCI function it sits on: 0000:00:SS.0 */
	unsigned int device_id, vendor;
	uint64_t features;		/* negotiated */
	unsigned int status;		/* VIRTIO_CONFIG_S_* */
	bool bound;
};
/** virtio_device_get() - virtioN. Return: 0, or -ENOENT. */
int virtio_device_get(const struct kernel *k, int idx, struct virtio_device_info *out);
/** virtio_mem_next_bound() - the smallest N >= @from with virtioN bound to virtio_mem, or -1 */
int virtio_mem_next_bound(const struct kernel *k, int from);
/* the virtio_mem module parameter unplug_online (6.1 also has force_bbm=N,
 * bbm_block_size=0 and bbm_safe_unplug=Y, read-only) */
bool virtio_mem_get_unplug_online(const struct kernel *k);
/** virtio_mem_unbind() - write virtioN to the driver's unbind file. Return: 0 or -ENODEV. */
int virtio_mem_unbind(struct kernel *k, int index);
/** virtio_mem_bind() - write virtioN to its bind file. Return: 0, -ENODEV, -EBUSY. */
int virtio_mem_bind(struct kernel *k, int index);
void virtio_mem_set_unplug_online(struct kernel *k, bool on);

/* ---- Hyper-V: src/drivers/hv_balloon.c ---- */

/**
 * hv_balloon_hot_add() - a Hyper-V host's hot-add request: back the pages
 * [@start, +@size) (bytes), in the region [@region_start, +@region_size)
 * (both 0: derived from the pages, in 128 MiB chunks); @done gets the bytes
 * the guest reports as handled
 * Return: 0, -ENODEV (not a Hyper-V guest, or hv_balloon not loaded),
 * -EINVAL (unaligned), -EPERM (hot-add disabled after an EEXIST).
 */
int hv_balloon_hot_add(struct kernel *k, uint64_t start, uint64_t size, uint64_t region_start,
		       uint64_t region_size, uint64_t *done, struct memhp_err *err);

/* ---- libnvdimm: legacy persistent memory on the nd bus (src/drivers/nvdimm.c) ---- */

struct nd_region_info {
	uint64_t start, size;
	int numa_node;			/* -1: no target node */
	uint64_t align;
};
struct nd_namespace_info {
	uint64_t start, size;
	int numa_node;
	bool force_raw;
	bool bound;			/* nd_pmem drives it */
	const char *mode;		/* "memory", "raw" or "dax" */
	int holder;			/* N of the daxR.N (pfnR.N) claiming it, or -1 */
	bool holder_pfn;
	const char *holder_class;	/* "", "btt", "pfn", "dax" */
};
struct nd_dax_info {
	char uuid[37];
	const char *mode;		/* "none", "ram", "pmem" */
	uint64_t align;
	bool claimed, bound;		/* claims its namespace; dax_pmem drives it */
	bool seed;			/* the region's seed of its kind */
	uint64_t start, size;		/* the dax device's range while bound */
	int target_node;
	const char *driver;		/* "device_dax", "kmem" or NULL */
	bool memmap_on_memory;		/* kmem puts the memmap on the memory it adds */
	int minor;			/* the dev_dax character device's minor, -1: none */
};
/* the dax character devices' major (dynamic in Linux; what the reference guest gets) */
#define DAX_CHRDEV_MAJOR 252
/**
 * nd_dax_count() - a bound on region @region's dax device ids: the devices
 * that exist (nd_dax_get() finds them, with .seed for the seed) are below it
 */
int nd_dax_count(const struct kernel *k, int region);
int nd_dax_get(const struct kernel *k, int region, int idx, struct nd_dax_info *out);
int nd_dax_store(struct kernel *k, int region, int idx, const char *attr, const char *value, struct memhp_err *err);
/**
 * dev_dax_set_memmap_on_memory() - daxR.N/memmap_on_memory
 * Return: 0, -ENOENT (no such device), -EOPNOTSUPP (on, and hotplug cannot
 * put a memmap on the memory it adds), -EBUSY (a change while kmem drives it).
 */
int dev_dax_set_memmap_on_memory(struct kernel *k, int region, int idx, bool on, struct memhp_err *err);
int nd_namespace_set_holder_class(struct kernel *k, int id, const char *value, struct memhp_err *err);
/* pfn devices (fsdax): the same attributes as dax seeds, bound by nd_pmem */
int nd_pfn_count(const struct kernel *k, int region);
int nd_pfn_get(const struct kernel *k, int region, int idx, struct nd_dax_info *out);
int nd_pfn_store(struct kernel *k, int region, int idx, const char *attr, const char *value, struct memhp_err *err);
bool dax_driver_loaded(const struct kernel *k, const char *driver);
/** dax_driver_write() - bind, unbind, new_id or remove_id of device_dax or kmem */
int dax_driver_write(struct kernel *k, const char *driver, const char *file, const char *dev, struct memhp_err *err);
/** nd_bus_present() - nd_e820 is loaded: ndbus0 and its regions exist */
bool nd_bus_present(const struct kernel *k);
bool nd_driver_loaded(const struct kernel *k, const char *driver);
/** nd_region_count() - regions region0..regionN-1; region N has namespaceN.0 and the seeds bttN.0, pfnN.0, daxN.0 */
int nd_region_count(const struct kernel *k);
int nd_region_get(const struct kernel *k, int id, struct nd_region_info *out);
/** nd_region_probed() - nd_region drives region @id: its namespace and seeds exist */
bool nd_region_probed(const struct kernel *k, int id);
int nd_namespace_get(const struct kernel *k, int id, struct nd_namespace_info *out);
int nd_namespace_set_force_raw(struct kernel *k, int id, bool raw);
/* a pmem block device "pmemR" (BLOCK_EXT_MAJOR:minor) */
struct pmem_disk_info {
	char name[16];
	int minor;
	uint64_t diskseq;
	uint64_t size;			/* bytes */
	int pfn;			/* N of the pfnR.N (fsdax) it belongs to, -1: the namespace's own */
};
/** pmem_disk_get() - region @region's disk, while nd_pmem drives its namespace or a pfn device. Return: 0, -ENOENT. */
int pmem_disk_get(const struct kernel *k, int region, struct pmem_disk_info *out);
/**
 * pmem_disk_rw() - read (or @write) @len bytes at byte @off of region
 * @region's disk: the namespace's media from where the disk starts
 * Return: the bytes done (0 at the end; short at the end), -ENXIO (no
 * disk), -ENOSPC (a write at the end), -ENOMEM.
 */
ssize_t pmem_disk_rw(struct kernel *k, int region, uint64_t off, void *buf, size_t len, bool write);
/** nd_driver_bind() - bind (or unbind) @dev to @driver. Return: 0, -ENODEV, -EBUSY, -EOPNOTSUPP, ... */
int nd_driver_bind(struct kernel *k, const char *driver, const char *dev, bool bind, struct memhp_err *err);

/* ---- the Xen balloon (a Xen guest only: model hypervisor xen) ---- */

struct xen_balloon_info {
	uint64_t target_pages;
	uint64_t current_pages;
	uint64_t low_pages;		/* pages in the balloon (lowmem; there is no highmem on x86_64) */
};
/** xen_balloon_get() - Return: 0, or -ENOENT when the guest is not a Xen guest. */
int xen_balloon_get(const struct kernel *k, struct xen_balloon_info *out);
/** xen_balloon_set_target() - balloon_set_new_target(); the balloon works when the guest next runs */
void xen_balloon_set_target(struct kernel *k, uint64_t pages);
/**
 * xen_unpopulated_alloc() - a driver asks for @nr_pages unpopulated pages
 * (xen_alloc_unpopulated_pages()); the list grows by whole sections of
 * "Xen scratch" mapped into ZONE_DEVICE
 * Return: 0, -ENODEV (not a Xen guest), -EINVAL, -ENOMEM (no address space).
 */
int xen_unpopulated_alloc(struct kernel *k, uint64_t nr_pages, struct memhp_err *err);
/** xen_unpopulated_free() - pages go back to the list. Return: 0, -ENODEV, -EINVAL (more than handed out). */
int xen_unpopulated_free(struct kernel *k, uint64_t nr_pages, struct memhp_err *err);

#endif
