// SPDX-License-Identifier: MIT
/*
 * Cross-file private declarations of the guest model (like mm/internal.h):
 * struct kernel itself and the functions one layer of src/mm (or a guest
 * driver in src/drivers) calls in another.  Nothing outside the guest
 * model includes this file.
 */
#ifndef MEMHP_MM_INTERNAL_H
#define MEMHP_MM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "memhp/err.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "mm/driver.h"
#include "mm/mmzone.h"
#include "mm/page_alloc.h"

/* ---- the kernel instance ---- */

struct memblock_region {
	uint64_t start_pfn;
	uint64_t end_pfn;		/* exclusive */
	int nid;
};


/* one /sys/firmware/memmap/N entry; type points to a static string */
struct firmware_map_entry {
	int index;
	uint64_t start;
	uint64_t end;			/* inclusive */
	const char *type;
};

struct kernel {
	/* profile.c: the kernel version and build options this guest runs */
	struct kernel_profile profile;

	/* sparse.c: two-level section table, chunks allocated on first use */
	struct {
		struct mem_section **section_chunks;
		unsigned long nr_section_chunks;
		unsigned long nr_sections;	/* table size: section numbers < this exist */
	} sparse;

	/*
	 * memory_block.c: the memory subsystem's block devices and groups.
	 * blocks[id] is NULL or the block with that id; nr_blocks counts the
	 * non-NULL ones; a block spans sections_per_block sections.
	 */
	struct {
		struct memory_block **blocks;	/* indexed by block id */
		unsigned long nr_block_slots;
		unsigned long nr_blocks;
		uint64_t block_size_bytes;
		unsigned long sections_per_block;
		uint64_t pages_per_block;
		struct memory_group **groups;
		int nr_group_slots;
	} memsys;

	/* nodes */
	struct pglist_data *node_data[MAX_NUMNODES];
	uint64_t node_states[NR_NODE_STATES];

	/*
	 * init.c: boot memory (memblock.memory with nids), what memblock keeps
	 * (never freed to the allocator) and the NUMA affinity ranges
	 */
	struct {
		struct memblock_region *memblock;
		int nr_memblock;
		struct memblock_region *numa_meminfo;	/* SRAT ranges, hotpluggable ones included */
		int nr_numa_meminfo;
		uint64_t max_pfn;			/* end of boot RAM */
		uint64_t max_possible_pfn;		/* end of SRAT hotplug ranges */
		struct memblock_region *boot_reserved;	/* pfn ranges */
		int nr_boot_reserved;
		int pxm_to_nid[256];			/* SRAT proximity domain -> node */
		/* kernelcore.c: kernelcore=/movablecore= and where ZONE_MOVABLE starts */
		uint64_t required_kernelcore, required_movablecore;	/* pages */
		unsigned int kernelcore_percent, movablecore_percent;
		bool mirrored_kernelcore;
		uint64_t zone_movable_pfn[MAX_NUMNODES];	/* 0: no boot ZONE_MOVABLE on the node */
		int movable_zone;			/* the zone ZONE_MOVABLE is taken from */
		uint64_t movable_zone_end_pfn;		/* that zone's highest possible pfn */
	} boot;

	/* kalloc.c: the node user space runs on, and the kernel's own owners */
	struct {
		int activity_nid;
		int slab_owner, memmap_owner;
		struct memmap_alloc {
			unsigned long section;
			uint64_t pfn;		/* the order-9 block holding the section's memmap */
		} *memmap_allocs;		/* sorted by section */
		uint64_t nr_memmap_allocs, cap_memmap_allocs;
	} kalloc;

	/*
	 * memory_tiers.c: each node's memory type as its abstract distance (0:
	 * none) and how many users hold it; a node with memory (N_MEMORY) is in
	 * its type's tier
	 */
	struct {
		int adistance[MAX_NUMNODES];
		int map_count[MAX_NUMNODES];
	} memtier;

	/* the page allocator (page_alloc.h) */
	struct page_alloc_state pa;

	struct resource iomem_resource;	/* resource.c: /proc/iomem's root */

	/* firmware_memmap.c: /sys/firmware/memmap, entries[] in index order */
	struct {
		struct firmware_map_entry *entries;
		int nr, cap, next_index;
	} fw_map;

	/* memory_hotplug.c: the boot parameters and module parameters of policy */
	struct {
		enum mmop default_online_type;
		enum online_policy online_policy;
		unsigned int auto_movable_ratio;
		bool auto_movable_numa_aware;
		enum memmap_mode memmap_on_memory;
		bool movable_node_enabled;
		uint64_t max_mem_size;		/* mem=: bytes hot-add may reach while booting */
		bool node_memory_interface;	/* the seed proposal's nodeN/memory file (opt-in) */
	} params;

	/* percpu.c: the first chunk's unit size and each CPU's unit (physical; 0: not placed) */
	struct {
		uint64_t unit_bytes;
		uint64_t *unit_phys;	/* [nr_cpus] */
	} percpu;

	uint64_t totalram_pages;
	/* init.c: isolcpus= (the domain-isolated CPUs) and nohz_full= */
	uint64_t isolated_cpus, nohz_full_cpus;
	bool nohz_full_set;
	bool system_running;		/* the built-in drivers have initialised (SYSTEM_RUNNING) */
	int nr_cpus;
	enum hypervisor_vendor hypervisor;
	/* cpu.c: what identify_cpu() learnt from CPUID, and the cpuidle governor in use */
	struct {
		bool amd;
		unsigned int family, model;
		bool multicore;
		struct fw_cpu_cache caches[FW_MAX_CPU_CACHES];
		int nr_caches;
		int idle_governor;	/* index into cpuidle_governors[] */
	} cpu;

	/* memory notifiers and the online-page callback (one at a time, as in Linux) */
	struct {
		struct {
			memory_notifier_fn fn;
			void *opaque;
		} chain[MAX_MEMORY_NOTIFIERS];
		int nr_chain;
		online_page_callback_fn online_page_cb;
		void *online_page_opaque;
	} notify;

	struct dev_pagemap *pgmaps;		/* memremap.c: ZONE_DEVICE mappings */

	/*
	 * module.c: the module table and what is loaded.  Invariants: every
	 * loaded[i].mod is in table; no module twice; each module's deps come
	 * before it in loaded[] (so exit in reverse order is safe).
	 */
	struct kernel_modules {
		const struct guest_module *const *table;
		size_t nr_table;
		const struct guest_platform *platform;
		struct loaded_module {
			const struct guest_module *mod;
			void *priv;		/* the module's state */
			int refs;		/* references other than its holders' (module_get) */
		} loaded[GUEST_MAX_MODULES];
		int nr_loaded;
	} modules;
};

static inline struct pglist_data *NODE_DATA(const struct kernel *k, int nid)
{
	return (nid >= 0 && nid < MAX_NUMNODES) ? k->node_data[nid] : NULL;
}
static inline bool node_state(const struct kernel *k, int nid, enum node_states s)
{
	return (k->node_states[s] >> nid) & 1;
}
static inline void node_set_state(struct kernel *k, int nid, enum node_states s)
{
	k->node_states[s] |= 1ULL << nid;
}
static inline void node_clear_state(struct kernel *k, int nid, enum node_states s)
{
	k->node_states[s] &= ~(1ULL << nid);
}
static inline int zone_idx_of(const struct kernel *k, const struct zone *z, int nid)
{
	return (int)(z - NODE_DATA(k, nid)->node_zones);
}

/* ---- module.c ---- */

/* kernel_free(): every loaded module's exit, newest first */
void kernel_unload_modules(struct kernel *k);

/* ---- init.c, firmware_memmap.c ---- */

const char *e820_type_name(enum e820_type t);
int alloc_node(struct kernel *k, int nid);
void kernelcore_parse_cmdline(struct kernel *k, const char *cmdline);
int insert_mem_region(struct resource *root, uint64_t start, uint64_t size, const char *name, unsigned int flags);
void find_zone_movable_pfns_for_nodes(struct kernel *k);
int boot_zone_of_pfn(const struct kernel *k, int nid, uint64_t pfn);
int firmware_map_init(struct kernel *k, const struct firmware_tables *fw);
int firmware_map_add_hotplug(struct kernel *k, uint64_t start, uint64_t end, const char *type);
int firmware_map_remove(struct kernel *k, uint64_t start, uint64_t end, const char *type);

/* ---- sparse.c ---- */

int sparse_init_table(struct kernel *k, uint64_t max_pfn);
void sparse_fini(struct kernel *k);
struct mem_section *__nr_to_section(const struct kernel *k, unsigned long nr);
struct mem_section *sparse_section_get(struct kernel *k, unsigned long nr);	/* allocates */
static inline struct mem_section *__pfn_to_section(const struct kernel *k, uint64_t pfn)
{
	return __nr_to_section(k, pfn_to_section_nr(pfn));
}
bool pfn_valid(const struct kernel *k, uint64_t pfn);
bool present_section_nr(const struct kernel *k, unsigned long nr);
bool online_section_nr(const struct kernel *k, unsigned long nr);
int sparse_add_section(struct kernel *k, int nid, uint64_t start_pfn, uint64_t nr_pages);
void sparse_remove_section(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages);
void online_mem_sections(struct kernel *k, uint64_t start_pfn, uint64_t end_pfn, int zone_idx);
void offline_mem_sections(struct kernel *k, uint64_t start_pfn, uint64_t end_pfn);
/* zone of an online pfn, or -1 */
int page_zonenum(const struct kernel *k, uint64_t pfn);
int page_to_nid(const struct kernel *k, uint64_t pfn);

/* ---- zone.c ---- */

struct zone *zone_for_pfn_range(struct kernel *k, enum mmop online_type, int nid,
				struct memory_group *group, uint64_t start_pfn, uint64_t nr_pages);
void move_pfn_range_to_zone(struct kernel *k, struct zone *zone, int nid, uint64_t start_pfn,
			    uint64_t nr_pages);
void remove_pfn_range_from_zone(struct kernel *k, struct zone *zone, int nid, uint64_t start_pfn,
				uint64_t nr_pages);
void resize_pgdat_range(struct kernel *k, int nid);
void adjust_present_page_count(struct kernel *k, uint64_t pfn, struct memory_group *group,
			       int nid, struct zone *zone, int64_t nr_pages);

/* ---- memory_hotplug.c ---- */

int online_pages(struct kernel *k, uint64_t pfn, uint64_t nr_pages, struct zone *zone,
		 int nid, struct memory_group *group, struct memhp_err *err);
int offline_pages(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages, struct zone *zone,
		  int nid, struct memory_group *group, struct memhp_err *err);
void adjust_managed_page_count(struct kernel *k, uint64_t pfn, int64_t nr_pages);
int mhp_parse_cmdline(struct kernel *k, const char *cmdline);

/* ---- memory_block.c ---- */

struct memory_block *memory_block_new(struct kernel *k, unsigned long id, enum memory_block_state state);
static inline unsigned long pfn_to_block_id_raw(const struct kernel *k, uint64_t pfn)
{
	return pfn_to_section_nr(pfn) / k->memsys.sections_per_block;
}
int memory_blocks_init_table(struct kernel *k, uint64_t max_pfn);
int create_memory_block_devices(struct kernel *k, uint64_t start, uint64_t size, int nid,
				uint64_t vmemmap_pages, struct memory_group *group);
void remove_memory_block_devices(struct kernel *k, uint64_t start, uint64_t size);
int memory_dev_init(struct kernel *k);
struct memory_group *memory_group_find_by_id(const struct kernel *k, int mgid);
void memory_blocks_fini(struct kernel *k);

/* ---- memremap.c: ZONE_DEVICE ---- */

struct dev_pagemap {
	uint64_t start_pfn, end_pfn;
	int nid;
	struct dev_pagemap *next;
};

bool pfn_is_zone_device(const struct kernel *k, uint64_t pfn);
void memremap_fini(struct kernel *k);


/* ---- kalloc.c: the guest kernel's own allocations ---- */

int kalloc_boot_init(struct kernel *k);

/* memblock.c: the boot allocations that come before the percpu first chunk */
struct memblock;
int boot_memblock_place(struct kernel *k, const struct firmware_tables *fw,
			int (*place_percpu)(struct kernel *k, struct memblock *mb));
uint64_t boot_memblock_alloc(struct memblock *mb, uint64_t size, uint64_t align, int nid, int *ret);
/* percpu.c */
int percpu_setup_first_chunk(struct kernel *k, const struct firmware_tables *fw);
void percpu_fini(struct kernel *k);
int kalloc_memmap_for_add(struct kernel *k, int nid, uint64_t start_pfn, uint64_t nr_pages, struct memhp_err *err);
void kalloc_memmap_for_remove(struct kernel *k, uint64_t start_pfn, uint64_t nr_pages);
int kalloc_memmap_for_device(struct kernel *k, int nid, uint64_t start_pfn, uint64_t nr_pages, struct memhp_err *err);

/* memory_tiers.c: a node gained its first online memory */
void memtier_node_gained_memory(struct kernel *k, int nid);

/* profile_modules_*.c: the builds' /sys/module */
extern const struct module_desc modules_6_1[], modules_6_12[];
extern const char module_compression_6_12[];
/* profile_devices_*.c: the platform's character devices */
extern const struct static_node_table platform_nodes_6_1, platform_nodes_6_12;
/* profile_cpu.c: the builds' CPU data */
extern const struct cpuhp_state_desc cpuhp_states_6_1[], cpuhp_states_6_12[];
extern const struct kernel_cpu_view cpu_views_6_1[], cpu_views_6_12[];
/* cpu.c: identify the boot CPU from @fw's CPUID facts */
void cpu_identify(struct kernel *k, const struct firmware_tables *fw);

#endif
