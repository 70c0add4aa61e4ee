// SPDX-License-Identifier: MIT
/*
 * What the guest's mm core offers its drivers (src/drivers), and all they
 * may use of it: the module table they register in, hot-adding and removing
 * memory, onlining and offlining blocks, memory groups, the memory
 * notifiers and the online-page callback, taking pages out of the page
 * allocator and giving them back, ZONE_DEVICE mappings, iomem resources and
 * a few facts about the machine.  struct kernel stays opaque here: a driver
 * keeps its own state behind its module's private pointer.  The mm core
 * includes this file too (through mm/internal.h), so both sides see one
 * declaration of each call.
 */
#ifndef MEMHP_MM_DRIVER_H
#define MEMHP_MM_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memhp/err.h"
#include "memhp/firmware.h"
#include "memhp/mm.h"
#include "mm/mmzone.h"

struct kernel;
struct guest_platform;

/* ---- guest modules (module.c) ---- */

#define GUEST_MAX_MODULES 32

/*
 * One module of the guest kernel, as its module_init()/module_exit() and
 * MODULE_SOFTDEP declare it.  The table of them is handed to the kernel at
 * boot (kernel_register_modules()); the core never names a module.
 * Invariants: @name is unique in the table; @deps name modules of the same
 * table and form no cycle.
 */
struct guest_module {
	const char *name;		/* what modprobe takes: "virtio_mem" */
	const char *const *deps;	/* NULL-terminated; loaded first (NULL: none) */
	bool builtin;			/* =y: initialised at boot, in table order */
	/*
	 * module_init: 0 or -errno (the module is then not loaded).  Sets *priv
	 * to the module's state; from then on, also during init,
	 * kernel_module_priv() returns it.
	 */
	int (*init)(struct kernel *k, void **priv);
	/* teardown when the kernel goes away (newest module first); may be NULL */
	void (*exit)(struct kernel *k, void *priv);
	/* deferred work (workqueue items, retries): Return: whether it did any */
	bool (*work)(struct kernel *k, void *priv);
	/* the drivers it registers, as "bus:driver" (/sys/module/NAME/drivers); NULL-terminated or NULL */
	const char *const *drivers;
};

/**
 * kernel_register_modules() - hand the kernel its module table and platform
 * @table: the modules, in initcall order (the table must outlive @k)
 * @platform: what the machine wired up for drivers to find (ACPI slots, the
 *	virtio bus); opaque to the core, may be NULL
 *
 * Initialises the built-in modules in table order.
 * Return: 0, -EINVAL (called twice), or what a built-in module's init returned.
 */
int kernel_register_modules(struct kernel *k, const struct guest_module *const *table, size_t nr,
			    const struct guest_platform *platform);
/**
 * kernel_module_get() - take a reference on a loaded module, as
 * try_module_get() does for a bus provider; kernel_module_put() drops it.
 * The count shows in /sys/module/NAME/refcnt beside its holders'.
 */
void kernel_module_get(struct kernel *k, const struct guest_module *mod);
void kernel_module_put(struct kernel *k, const struct guest_module *mod);
/** kernel_module_loaded() - whether @mod is loaded (or built in and initialised) */
bool kernel_module_loaded(const struct kernel *k, const struct guest_module *mod);
/** kernel_module_priv() - @mod's state, or NULL when it is not loaded (or keeps none). */
void *kernel_module_priv(const struct kernel *k, const struct guest_module *mod);
/** kernel_platform() - the platform given at registration, or NULL. */
const struct guest_platform *kernel_platform(const struct kernel *k);

/* ---- facts about the machine (init.c) ---- */

/** kernel_hypervisor() - whose guest this is (CPUID leaf 0x40000000). */
enum hypervisor_vendor kernel_hypervisor(const struct kernel *k);
/** node_possible() - @nid is a possible node (N_POSSIBLE). */
bool node_possible(const struct kernel *k, int nid);
/** numa_node_id() - the node the guest's user space and kernel threads run on. */
int numa_node_id(const struct kernel *k);
/** kernel_node_data() - node @nid's pglist_data, or NULL. */
struct pglist_data *kernel_node_data(const struct kernel *k, int nid);
/** pxm_to_node() - the node of ACPI proximity domain @pxm, or -1. */
int pxm_to_node(const struct kernel *k, unsigned int pxm);
/** phys_to_target_node() - the node whose NUMA range (SRAT, hot-pluggable ones too) holds @addr, or -1. */
int phys_to_target_node(const struct kernel *k, uint64_t addr);
/** kernel_iomem() - the root of /proc/iomem. */
struct resource *kernel_iomem(const struct kernel *k);

/* ---- iomem resources (resource.c) ---- */

enum resource_flags {
	IORESOURCE_MEM = 1u << 0,
	IORESOURCE_BUSY = 1u << 1,
	IORESOURCE_SYSRAM = 1u << 2,
	IORESOURCE_SYSRAM_DRIVER_MANAGED = 1u << 3,
	IORESOURCE_SYSRAM_MERGEABLE = 1u << 4,
	IORESOURCE_EXCLUSIVE = 1u << 5,
};

/* A node of /proc/iomem; children are sorted by address and never overlap. */
struct resource {
	uint64_t start;
	uint64_t end;			/* inclusive */
	char *name;
	unsigned int flags;		/* enum resource_flags */
	struct resource *parent, *sibling, *child;
};

void resource_tree_init(struct resource *root);
void resource_tree_fini(struct resource *root);
int request_mem_region(struct resource *root, uint64_t start, uint64_t size, const char *name,
		       unsigned int flags, struct resource **out);
int release_mem_region_adjustable(struct resource *root, uint64_t start, uint64_t size);
void release_resource_free(struct resource *res);
int find_free_mem_region(const struct resource *root, uint64_t size, uint64_t align, uint64_t min, uint64_t max,
			 uint64_t *start);
struct resource *merge_system_ram_resource(struct resource *res);
/* next_resource(): the resource after @p in a walk of the whole tree in address order (children first); NULL at the end */
struct resource *next_resource(const struct resource *p);
/* PFNs of [start_pfn, start_pfn + nr) covered by busy System RAM resources */
uint64_t count_system_ram_pages(const struct resource *root, uint64_t start_pfn, uint64_t nr_pages);

/* ---- memory notifiers and the online-page callback (memory_hotplug.c) ---- */

/* memory notifier actions (include/linux/memory.h) */
enum mem_notify_action {
	MEM_NOTIFY_GOING_ONLINE,
	MEM_NOTIFY_ONLINE,
	MEM_NOTIFY_CANCEL_ONLINE,
	MEM_NOTIFY_GOING_OFFLINE,
	MEM_NOTIFY_OFFLINE,
	MEM_NOTIFY_CANCEL_OFFLINE,
};

/* Returns 0, or a negative errno to veto a GOING_ action. */
typedef int (*memory_notifier_fn)(struct kernel *k, void *opaque, enum mem_notify_action action,
				  uint64_t start_pfn, uint64_t nr_pages);
/* Hands one onlined chunk (2^order pages) to the allocator or keeps it out; 0 or -ENOMEM. */
typedef int (*online_page_callback_fn)(struct kernel *k, void *opaque, uint64_t pfn, unsigned int order);

#define MAX_MEMORY_NOTIFIERS 8

int register_memory_notifier(struct kernel *k, memory_notifier_fn fn, void *opaque);
void unregister_memory_notifier(struct kernel *k, memory_notifier_fn fn, void *opaque);
int set_online_page_callback(struct kernel *k, online_page_callback_fn fn, void *opaque);
void restore_online_page_callback(struct kernel *k, online_page_callback_fn fn);

/* ---- hot-add and remove (memory_hotplug.c) ---- */

enum mhp_flags {
	MHP_NONE = 0,
	MHP_MERGE_RESOURCE = 1u << 0,
	MHP_MEMMAP_ON_MEMORY = 1u << 1,
	MHP_NID_IS_MGID = 1u << 2,
};

int add_memory(struct kernel *k, int nid, uint64_t start, uint64_t size, unsigned int mhp_flags,
	       struct memhp_err *err);
int add_memory_driver_managed(struct kernel *k, int nid, uint64_t start, uint64_t size,
			      const char *resource_name, unsigned int mhp_flags, struct memhp_err *err);
int remove_memory(struct kernel *k, uint64_t start, uint64_t size, struct memhp_err *err);
int offline_and_remove_memory(struct kernel *k, uint64_t start, uint64_t size, struct memhp_err *err);
int memory_add_physaddr_to_nid(const struct kernel *k, uint64_t addr);
bool mhp_supports_memmap_on_memory(const struct kernel *k, uint64_t size);

/* ---- memory blocks and groups (memory_block.c) ---- */

struct memory_block *find_memory_block_by_id(const struct kernel *k, unsigned long id);
int device_online_block(struct kernel *k, struct memory_block *mem, enum mmop type, struct memhp_err *err);
int device_offline_block(struct kernel *k, struct memory_block *mem, struct memhp_err *err);
int memory_group_register(struct kernel *k, int nid, bool dynamic, uint64_t pages,
			  struct memory_group **out);
int memory_group_unregister(struct kernel *k, struct memory_group *group);

/* ---- pages (page_alloc.c, sparse.c, kalloc.c) ---- */

/* allocation flags (the part of gfp_t the model needs) */
enum gfp_flags {
	__GFP_MOVABLE = 1u << 0,	/* movable pages: ZONE_MOVABLE allowed, MIGRATE_MOVABLE */
	__GFP_THISNODE = 1u << 1,	/* only the preferred node */
	__GFP_NORETRY = 1u << 2,	/* fast path only (low watermark), as THP faults */
	__GFP_OTHER_NODES = 1u << 3,	/* migration target: not the preferred node if others have memory */
	__GFP_RECLAIMABLE = 1u << 4,	/* reclaimable slab: MIGRATE_RECLAIMABLE */
};
#define GFP_KERNEL		0u
#define GFP_HIGHUSER_MOVABLE	(__GFP_MOVABLE)
#define GFP_TRANSHUGE_LIGHT	(__GFP_MOVABLE | __GFP_NORETRY)

int page_owner_new(struct kernel *k, const char *name, bool movable, bool track);
int alloc_pages_node(struct kernel *k, int nid, unsigned int gfp, unsigned int order, int owner, uint64_t *pfn);
int generic_online_page(struct kernel *k, uint64_t pfn, unsigned int order);
int page_set_offline(struct kernel *k, uint64_t pfn, uint64_t nr_pages);
int page_set_offline_held(struct kernel *k, uint64_t pfn, uint64_t nr_pages, bool held);
bool page_is_offline(const struct kernel *k, uint64_t pfn);
int alloc_contig_range(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages, int owner, struct memhp_err *err);
int fake_offline_pages(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages);
int fake_offline_pages_held(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages, bool held);
int fake_online_pages(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages);
uint64_t zone_free_pages(const struct zone *z);
bool pfn_to_online_page(const struct kernel *k, uint64_t pfn);
void kalloc_kernel_activity(struct kernel *k);

/* ---- ZONE_DEVICE (memremap.c) ---- */

int memremap_pages(struct kernel *k, uint64_t start, uint64_t size, int nid, struct memhp_err *err);
int memunmap_pages(struct kernel *k, uint64_t start, uint64_t size);

/* ---- invariant checks (debug.c) ---- */

void mm_check_invariants(const struct kernel *k);
#if defined(MEMHP_DEBUG) && MEMHP_DEBUG >= 2
#define MM_CHECK(k) mm_check_invariants(k)
#else
#define MM_CHECK(k) do { (void)(k); } while (0)
#endif

/* ---- memory tiers (memory_tiers.c) ---- */

#define MEMTIER_CHUNK_BITS		7
/* DRAM's abstract distance: tier 4 */
#define MEMTIER_ADISTANCE_DRAM		(4 * (1 << MEMTIER_CHUNK_BITS) + (1 << (MEMTIER_CHUNK_BITS - 1)))
/* what kmem gives a dax device's node without HMAT data: tier 22 */
#define MEMTIER_DEFAULT_DAX_ADISTANCE	(MEMTIER_ADISTANCE_DRAM * 5)

/* init_node_memory_type(): @nid takes the type @adistance unless it has one; a user of it is counted */
void init_node_memory_type(struct kernel *k, int nid, int adistance);
/* clear_node_memory_type(): a user of @nid's type @adistance is gone; the last lets the type go */
void clear_node_memory_type(struct kernel *k, int nid, int adistance);

#endif
