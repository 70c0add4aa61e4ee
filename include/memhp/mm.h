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
struct kernel_profile;
/** kernel_boot_profile() - kernel_boot() of the kernel @profile describes (NULL: the default, 6.1) */
int kernel_boot_profile(const struct firmware_tables *fw, int nr_cpus, const char *cmdline,
			const struct kernel_profile *profile, struct kernel **out, struct memhp_err *err);
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
/** cpu_isolated_mask() - CPUs isolcpus= took out of the scheduler's domains */
uint64_t cpu_isolated_mask(const struct kernel *k);
/** cpu_nohz_full_mask() - the nohz_full CPUs; false when nohz_full is not set at all */
bool cpu_nohz_full_mask(const struct kernel *k, uint64_t *mask);
/** cpu_to_node() - the node of CPU @cpu, -1 if none */
int cpu_to_node(const struct kernel *k, int cpu);
/* a loadable module that is loaded (/sys/module/NAME) */
#define LOADED_MODULE_MAX_HOLDERS 16
struct loaded_module_info {
	const char *name;
	const char *const *drivers;	/* "bus:driver", NULL-terminated, or NULL */
	const char *holders[LOADED_MODULE_MAX_HOLDERS];	/* the loaded modules that use it */
	int nr_holders;
	int refcnt;			/* its holders, and what else pins it (a bus provider's regions) */
};
/** kernel_loaded_module_get() - Return: 0, or -ENOENT (no such module, not loaded, or built in). */
int kernel_loaded_module_get(const struct kernel *k, const char *name, struct loaded_module_info *out);
/** kernel_loaded_module_at() - the name of the @i-th loaded loadable module in load order, or NULL */
const char *kernel_loaded_module_at(const struct kernel *k, int i);
struct module_desc;
/** kernel_module_desc() - what the build's /sys/module shows of module @name, or NULL */
const struct module_desc *kernel_module_desc(const struct kernel *k, const char *name);
/** kernel_driver_module() - the module that registers driver @bus_driver ("nd:nd_bus"), or NULL */
const char *kernel_driver_module(const struct kernel *k, const char *bus_driver);
/** kernel_builtin_module_at() - the @i-th built-in module /sys/module shows, or NULL */
const struct module_desc *kernel_builtin_module_at(const struct kernel *k, int i);
/**
 * kernel_crash_notes_phys() - the physical address of CPU @cpu's crash
 * notes buffer (a dynamic percpu variable); 0 if the percpu first chunk
 * could not be placed
 */
uint64_t kernel_crash_notes_phys(const struct kernel *k, int cpu);
/** kernel_crash_notes_bytes() - the size of a crash notes buffer (note_buf_t) */
uint64_t kernel_crash_notes_bytes(const struct kernel *k);

/** kernel_nr_cpus() - possible CPUs (nr_cpu_ids). */
int kernel_nr_cpus(const struct kernel *k);

/* ---- CPUs: identity, caches, cpuidle, hotplug state (arch/x86/kernel/cpu, kernel/cpu.c) ---- */

struct kernel_cpu_view;
struct cpuhp_state_desc;

/* one cache of a CPU as drivers/base/cacheinfo.c shows it (cpuN/cache/indexM) */
struct cpu_cache_info {
	struct fw_cpu_cache desc;
	unsigned int sets;
	unsigned int id;
	uint64_t shared_cpus;		/* bit n = cpu n */
};
/** cpu_vendor_id() - the kernel's X86_VENDOR_* number of the CPUs (0 Intel, 2 AMD) */
int cpu_vendor_id(const struct kernel *k);
/** cpu_family_model() - CPUID's family and model as the kernel computes them */
void cpu_family_model(const struct kernel *k, unsigned int *family, unsigned int *model);
/** cpu_has_feature_token() - whether the feature @tok ("001C") of the view's list is set on this machine */
bool cpu_has_feature_token(const struct kernel *k, const char *tok);
/** cpu_view() - what this build makes of the CPU model, or NULL if the profile does not describe it */
const struct kernel_cpu_view *cpu_view(const struct kernel *k);
/** cpu_nr_caches() - the cache leaves cacheinfo finds (0: none it can read) */
int cpu_nr_caches(const struct kernel *k);
/** cpu_cache_get() - cache @index of CPU @cpu. Return: 0, or -ENOENT. */
int cpu_cache_get(const struct kernel *k, int cpu, int index, struct cpu_cache_info *out);
/** cpuidle_governors - the governors the build registers on this machine, in registration order */
extern const char *const cpuidle_governors[];
/** cpuidle_governor_get() - the governor in use */
const char *cpuidle_governor_get(const struct kernel *k);
/** cpuidle_governor_set() - switch governor. Return: 0, or -EINVAL (no such governor). */
int cpuidle_governor_set(struct kernel *k, const char *name);
/** cpuhp_state_at() - the @i-th registered hotplug state, or NULL past the last */
const struct cpuhp_state_desc *cpuhp_state_at(const struct kernel *k, int i);
/** cpuhp_cpu_state() - CPU @cpu's hotplug state; its target in @target */
int cpuhp_cpu_state(const struct kernel *k, int cpu, int *target);

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

/* the kernel's migratetypes, in its order (mm/vmstat.c's migratetype_names) */
enum { MHP_MT_UNMOVABLE, MHP_MT_MOVABLE, MHP_MT_RECLAIMABLE, MHP_MT_HIGHATOMIC, MHP_MT_CMA, MHP_MT_ISOLATE,
       MHP_NR_MIGRATETYPES };
extern const char *const migratetype_names[MHP_NR_MIGRATETYPES];
#define MHP_NR_PAGE_ORDERS 11		/* orders 0..10 */
#define MHP_PAGEBLOCK_ORDER 9
/* a zone's free lists and pageblocks (/proc/buddyinfo, /proc/pagetypeinfo) */
struct zone_free_counts {
	uint64_t nr_free[MHP_NR_PAGE_ORDERS][MHP_NR_MIGRATETYPES];	/* free blocks per order */
	uint64_t blocks[MHP_NR_MIGRATETYPES];	/* online pageblocks of the zone per migratetype */
};
/* the page allocator's events since boot, in pages (/proc/vmstat) */
struct vm_event_counts {
	uint64_t pgalloc[MAX_NR_ZONES];
	uint64_t pgfree;
	uint64_t numa_hit, numa_miss, numa_local, numa_other;
};
void vm_event_counts_get(const struct kernel *k, struct vm_event_counts *out);
/** zone_get_free_counts() - Return: 0 or -ENOENT (node offline or bad zone). */
int zone_get_free_counts(const struct kernel *k, int nid, enum zone_type zt, struct zone_free_counts *out);

/* what /proc/meminfo reports beyond totals, in pages */
struct meminfo_counts {
	uint64_t available;		/* si_mem_available() */
	uint64_t anon;			/* processes' pages */
	uint64_t anon_huge;		/* of those, in transparent huge pages */
	uint64_t slab_reclaimable, slab_unreclaimable;
};
void si_meminfo_counts(const struct kernel *k, struct meminfo_counts *out);
uint64_t global_free_pages(const struct kernel *k);
/** totalreserve_pages() - the pages the zones keep back from user space (MemAvailable, dirty limits) */
uint64_t totalreserve_pages(const struct kernel *k);
/**
 * global_dirty_limits() - the background and hard dirty thresholds in pages
 * (dirty_background_ratio 10 %, dirty_ratio 20 % of dirtyable memory: free
 * pages less totalreserve; the model has no page cache)
 */
void global_dirty_limits(const struct kernel *k, uint64_t *background, uint64_t *dirty);

/* ---- /proc/iomem ---- */

/* Called per resource in /proc/iomem order; depth 0 = top level; end inclusive. */
typedef void (*iomem_walk_fn)(void *opaque, int depth, uint64_t start, uint64_t end, const char *name);
void iomem_walk(const struct kernel *k, iomem_walk_fn fn, void *opaque);

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
/* memory_hotplug.memmap_on_memory */
enum memmap_mode {
	MEMMAP_ON_MEMORY_DISABLE,	/* "N" */
	MEMMAP_ON_MEMORY_ENABLE,	/* "Y" */
	MEMMAP_ON_MEMORY_FORCE,		/* "force" (KF_MEMMAP_ON_MEMORY_FORCE) */
};
enum memmap_mode mhp_get_memmap_on_memory(const struct kernel *k);

/* ---- lookups (benchmarks, debugging) ---- */

/** pfn_to_block_id() - the block id holding @pfn, or -1 if no block exists there. */
long pfn_to_block_id(const struct kernel *k, uint64_t pfn);
/** pfn_to_zone_type() - zone of an online pfn; -1 if the pfn is not online. */
int pfn_to_zone_type(const struct kernel *k, uint64_t pfn);

/* ---- memory tiers (/sys/devices/virtual/memory_tiering) ---- */

/** memory_tier_next() - the lowest tier id >= @from that has a node, or -1 */
int memory_tier_next(const struct kernel *k, int from);
/** memory_tier_nodes() - the nodes of tier @tier (bit n = node n) */
uint64_t memory_tier_nodes(const struct kernel *k, int tier);

#endif
