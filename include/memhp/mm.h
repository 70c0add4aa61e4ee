// SPDX-License-Identifier: MIT
/*
 * The guest kernel model's public API: boot it from firmware tables and a
 * kernel command line, then ask it what Linux 6.1 would show in sysfs and
 * procfs and make the changes a write there would make.  Callers (the sysfs
 * text layer, the scenario runner, benchmarks) see opaque objects and small
 * value structs; the model's insides stay in src/mm.
 *
 * Every function that can fail returns 0 or -errno, the errno being the one
 * the kernel returns to the same write(2); an optional struct memhp_err gets
 * a human message.
 */
#ifndef MEMHP_MM_H
#define MEMHP_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memhp/err.h"
#include "memhp/firmware.h"

struct kernel;

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	ZONE_DEVICE,
	MAX_NR_ZONES
};

/* How a block is onlined (the words of `state` and `auto_online_blocks`). */
enum mmop {
	MMOP_OFFLINE,		/* "offline" */
	MMOP_ONLINE,		/* "online": the policy picks the zone */
	MMOP_ONLINE_KERNEL,	/* "online_kernel" */
	MMOP_ONLINE_MOVABLE,	/* "online_movable" */
	MMOP_COUNT
};

enum online_policy {
	ONLINE_POLICY_CONTIG_ZONES,	/* "contig-zones" */
	ONLINE_POLICY_AUTO_MOVABLE,	/* "auto-movable" */
	ONLINE_POLICY_COUNT
};

extern const char *const zone_names[MAX_NR_ZONES];
extern const char *const mmop_names[MMOP_COUNT];
extern const char *const online_policy_names[ONLINE_POLICY_COUNT];

/**
 * kernel_boot() - boot the guest model
 * @fw: the firmware tables (e820, SRAT, CPU facts)
 * @nr_cpus: number of CPUs
 * @cmdline: kernel parameters separated by spaces (may be NULL)
 * @out: the booted kernel
 * @err: message on failure
 *
 * Return: 0, -EINVAL (firmware tables the kernel would panic on), -ENOMEM.
 */
int kernel_boot(const struct firmware_tables *fw, int nr_cpus, const char *cmdline,
		struct kernel **out, struct memhp_err *err);
void kernel_free(struct kernel *k);

/**
 * kernel_process_activity() - user space ran on the guest (a process read
 * files, wrote to them, allocated memory): the kernel allocates for it, which
 * decides where its unmovable pages end up.  Host-side events (QMP) are not
 * guest activity.
 */
void kernel_process_activity(struct kernel *k);

/**
 * process_alloc() - a guest process maps @size_bytes of anonymous memory
 * under @name and touches every page (the scenario step `alloc`)
 * Return: 0, -EINVAL, -EEXIST, -ENOSPC, -ENOMEM (see src/mm/anon.c).
 */
int process_alloc(struct kernel *k, const char *name, uint64_t size_bytes, struct memhp_err *err);
/** process_free() - the process unmaps @name (step `free`). Return: 0 or -ENOENT. */
int process_free(struct kernel *k, const char *name, struct memhp_err *err);

/* ---- model-only research hooks (no step of the reference guest does these) ---- */

/*
 * The node-level interface proposed in the seed discussion and never merged
 * into Linux: /sys/devices/system/node/nodeN/memory takes "offline [START]
 * SIZE" and "online [START] SIZE".  Off unless turned on.
 */
void node_memory_interface_set(struct kernel *k, bool on);
bool node_memory_interface_enabled(const struct kernel *k);
void node_memory_bytes(const struct kernel *k, int nid, uint64_t *online, uint64_t *offline);
int node_memory_store(struct kernel *k, int nid, bool online, bool has_start, uint64_t start, uint64_t size,
		      struct memhp_err *err);

/** process_pin() - long-term pin of a mapping (FOLL_LONGTERM). Return: 0, -ENOENT, -ENOMEM. */
int process_pin(struct kernel *k, const char *name, struct memhp_err *err);
int process_unpin(struct kernel *k, const char *name, struct memhp_err *err);

enum kernel_mobility { KERNEL_UNMOVABLE, KERNEL_RECLAIMABLE, KERNEL_MOVABLE };
/** kernel_alloc_named() - the kernel takes @size_bytes of @mobility. Return: 0, -EINVAL, -EEXIST, -ENOMEM. */
int kernel_alloc_named(struct kernel *k, const char *name, uint64_t size_bytes, enum kernel_mobility mobility,
		       struct memhp_err *err);
int kernel_free_named(struct kernel *k, const char *name, struct memhp_err *err);

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
	uint64_t start, size;		/* the dax device's range while bound */
	int target_node;
	const char *driver;		/* "device_dax", "kmem" or NULL */
};
/** nd_dax_count() - dax devices daxR.0 .. daxR.(n-1) of region @region (the last is the seed) */
int nd_dax_count(const struct kernel *k, int region);
int nd_dax_get(const struct kernel *k, int region, int idx, struct nd_dax_info *out);
int nd_dax_store(struct kernel *k, int region, int idx, const char *attr, const char *value, struct memhp_err *err);
int nd_namespace_set_holder_class(struct kernel *k, int id, const char *value, struct memhp_err *err);
/* pfn devices (fsdax): the same attributes as dax seeds, bound by nd_pmem */
int nd_pfn_count(const struct kernel *k, int region);
int nd_pfn_get(const struct kernel *k, int region, int idx, struct nd_dax_info *out);
int nd_pfn_store(struct kernel *k, int region, int idx, const char *attr, const char *value, struct memhp_err *err);
bool dax_bus_present(const struct kernel *k);
bool dax_driver_loaded(const struct kernel *k, const char *driver);
/** dax_driver_write() - bind, unbind, new_id or remove_id of device_dax or kmem */
int dax_driver_write(struct kernel *k, const char *driver, const char *file, const char *dev, struct memhp_err *err);
/** nd_bus_present() - nd_e820 is loaded: ndbus0 and its regions exist */
bool nd_bus_present(const struct kernel *k);
bool nd_driver_loaded(const struct kernel *k, const char *driver);
/** nd_region_count() - regions region0..regionN-1; region N has namespaceN.0 and the seeds bttN.0, pfnN.0, daxN.0 */
int nd_region_count(const struct kernel *k);
int nd_region_get(const struct kernel *k, int id, struct nd_region_info *out);
int nd_namespace_get(const struct kernel *k, int id, struct nd_namespace_info *out);
int nd_namespace_set_force_raw(struct kernel *k, int id, bool raw);
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

/**
 * kernel_run_module_work() - the guest's workqueues: run every loaded
 * module's deferred work (driver retries, the Xen balloon's process) once
 * Return: whether any ran (the caller runs the guest again).
 */
bool kernel_run_module_work(struct kernel *k);
/**
 * kernel_modprobe() - load a guest kernel module (with its dependencies)
 * Return: 0, -ENODEV (the module refuses to load on this machine), -ENOENT
 * (the reference guest has no such module).
 */
int kernel_modprobe(struct kernel *k, const char *name);

/* ---- virtio: /sys/bus/virtio/drivers/virtio_mem ---- */

/** virtio_mem_driver_loaded() - the virtio_mem module is loaded */
bool virtio_mem_driver_loaded(const struct kernel *k);
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

/* ---- /sys/devices/system/memory ---- */

uint64_t memory_block_size_bytes(const struct kernel *k);
enum mmop mhp_get_default_online_type(const struct kernel *k);
void mhp_set_default_online_type(struct kernel *k, enum mmop type);

struct memory_block_info {
	unsigned long id;
	bool online;			/* state online */
	bool going_offline;		/* state going-offline */
	int nid;			/* -1: no node link */
	uint64_t nodes_linked;		/* bit n: nodeN link */
	int acpi_slot;			/* -1: no firmware_node */
};

/** memory_block_next() - the smallest existing block id >= @from, or -1. */
long memory_block_next(const struct kernel *k, unsigned long from);
/** memory_block_get_info() - Return: 0 or -ENOENT. */
int memory_block_get_info(const struct kernel *k, unsigned long id, struct memory_block_info *out);
/**
 * memory_block_valid_zones() - the `valid_zones` text without its newline
 * Return: 0 or -ENOENT.
 */
int memory_block_valid_zones(const struct kernel *k, unsigned long id, char *buf, size_t size);
/**
 * memory_block_store_state() - a write of @type's word to `state`
 * Return: 0, -ENOENT, -EINVAL (same state, mixed zones, holes), -EBUSY
 * (unmovable pages), -EPERM (notifier veto), -ENOMEM.
 */
int memory_block_store_state(struct kernel *k, unsigned long id, enum mmop type, struct memhp_err *err);
/** memory_block_store_online() - a write of a boolean to `online` (same state: 0). */
int memory_block_store_online(struct kernel *k, unsigned long id, bool online, struct memhp_err *err);

/* ---- /sys/devices/system/node ---- */

enum node_mask {
	NODE_MASK_POSSIBLE,
	NODE_MASK_ONLINE,
	NODE_MASK_HAS_NORMAL_MEMORY,
	NODE_MASK_HAS_MEMORY,
	NODE_MASK_HAS_CPU,
	NODE_MASK_COUNT
};
/** node_mask_get() - the node set of a mask file (bit n = node n). */
uint64_t node_mask_get(const struct kernel *k, enum node_mask m);
/** node_cpumask() - CPUs of node @nid (bit n = cpu n). */
uint64_t node_cpumask(const struct kernel *k, int nid);
/** kernel_nr_cpus() - possible CPUs (nr_cpu_ids). */
int kernel_nr_cpus(const struct kernel *k);

/* ---- zones, /proc/zoneinfo, /proc/meminfo ---- */

struct zone_info {
	uint64_t start_pfn;
	uint64_t spanned;
	uint64_t present;
	uint64_t managed;
	uint64_t free;
	uint64_t min, low, high;		/* watermarks */
	uint64_t protection[MAX_NR_ZONES];	/* lowmem_reserve */
};
/** zone_get_info() - Return: 0 or -ENOENT (node offline or bad zone). */
int zone_get_info(const struct kernel *k, int nid, enum zone_type zt, struct zone_info *out);
uint64_t totalram_pages(const struct kernel *k);

/* what /proc/meminfo reports beyond totals, in pages */
struct meminfo_counts {
	uint64_t available;		/* si_mem_available() */
	uint64_t anon;			/* processes' pages */
	uint64_t anon_huge;		/* of those, in transparent huge pages */
	uint64_t slab_reclaimable, slab_unreclaimable;
};
void si_meminfo_counts(const struct kernel *k, struct meminfo_counts *out);
uint64_t global_free_pages(const struct kernel *k);

/* ---- /proc/iomem ---- */

/* Called per resource in /proc/iomem order; depth 0 = top level; end inclusive. */
typedef void (*iomem_walk_fn)(void *opaque, int depth, uint64_t start, uint64_t end, const char *name);
void iomem_walk(const struct kernel *k, iomem_walk_fn fn, void *opaque);

/* ---- ACPI memory devices (PNP0C80), the guest's view of the DIMM slots ---- */

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

/* ---- /sys/firmware/memmap ---- */

struct firmware_map_info {
	uint64_t start;
	uint64_t end;			/* inclusive */
	const char *type;		/* "System RAM", "Reserved", ... */
};
/** firmware_map_get() - entry number @index. Return: 0 or -ENOENT. */
int firmware_map_get(const struct kernel *k, int index, struct firmware_map_info *out);
/** firmware_map_next() - the smallest entry number >= @from, or -1. */
int firmware_map_next(const struct kernel *k, int from);

/* ---- /sys/module/memory_hotplug/parameters ---- */

enum online_policy mhp_get_online_policy(const struct kernel *k);
void mhp_set_online_policy(struct kernel *k, enum online_policy p);
unsigned int mhp_get_auto_movable_ratio(const struct kernel *k);
void mhp_set_auto_movable_ratio(struct kernel *k, unsigned int ratio);
bool mhp_get_auto_movable_numa_aware(const struct kernel *k);
void mhp_set_auto_movable_numa_aware(struct kernel *k, bool on);
bool mhp_get_memmap_on_memory(const struct kernel *k);

/* ---- lookups (benchmarks, debugging) ---- */

/** pfn_to_block_id() - the block id holding @pfn, or -1 if no block exists there. */
long pfn_to_block_id(const struct kernel *k, uint64_t pfn);
/** pfn_to_zone_type() - zone of an online pfn; -1 if the pfn is not online. */
int pfn_to_zone_type(const struct kernel *k, uint64_t pfn);

#endif
