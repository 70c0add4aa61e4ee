// SPDX-License-Identifier: MIT
/*
 * The guest kernel's memory-model data: sections, zones, nodes, memory
 * blocks and groups, with the invariants the rest of src/mm keeps.  Only
 * cheap predicates live here; everything that changes state is in the .c
 * file of its layer (sparse.c, zone.c, memory_hotplug.c, memory_block.c).
 *
 * Glossary (x86_64): page = 4 KiB; pfn = physical address >> 12;
 * section = 128 MiB = 32768 pages; sub-section = 2 MiB; pageblock = 2 MiB;
 * memory block = sections_per_block sections (block_size_bytes).
 */
#ifndef MEMHP_MM_MMZONE_H
#define MEMHP_MM_MMZONE_H

#include <stdbool.h>
#include <stdint.h>

#include "memhp/firmware.h"
#include "memhp/mm.h"

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1ULL << PAGE_SHIFT)
#define SECTION_SIZE_BITS	27
#define PFN_SECTION_SHIFT	(SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION	(1UL << PFN_SECTION_SHIFT)
#define SUBSECTION_SHIFT	21
#define PAGES_PER_SUBSECTION	(1UL << (SUBSECTION_SHIFT - PAGE_SHIFT))
#define SUBSECTIONS_PER_SECTION	(1UL << (SECTION_SIZE_BITS - SUBSECTION_SHIFT))
#define PAGEBLOCK_NR_PAGES	512UL
#define MAX_ORDER		11
#define STRUCT_PAGE_BYTES	64ULL
/* pfn limits of the low zones */
#define MAX_DMA_PFN		(16ULL << (20 - PAGE_SHIFT))
#define MAX_DMA32_PFN		(4ULL << (30 - PAGE_SHIFT))

/* sections are kept in a two-level table of chunks (SPARSEMEM_EXTREME style) */
#define SECTIONS_PER_CHUNK_SHIFT 12
#define SECTIONS_PER_CHUNK	(1UL << SECTIONS_PER_CHUNK_SHIFT)

static inline unsigned long pfn_to_section_nr(uint64_t pfn) { return pfn >> PFN_SECTION_SHIFT; }
static inline uint64_t section_nr_to_pfn(unsigned long nr) { return (uint64_t)nr << PFN_SECTION_SHIFT; }
static inline uint64_t pfn_phys(uint64_t pfn) { return pfn << PAGE_SHIFT; }
static inline uint64_t phys_pfn(uint64_t addr) { return addr >> PAGE_SHIFT; }

/* ZONE_MIXED in a section: the pages of an online early section belong to
 * several zones (only section 0 on x86: DMA and DMA32); look the zone up by pfn. */
#define SECTION_ZONE_MIXED	0xff
#define SECTION_ZONE_NONE	0xfe
/* NID_MIXED: an early section whose pages belong to several nodes */
#define SECTION_NID_MIXED	0xff

enum section_flags {
	SECTION_MARKED_PRESENT	= 1u << 0,	/* memory exists or was added */
	SECTION_HAS_MEM_MAP	= 1u << 1,	/* struct pages allocated: pfn_valid */
	SECTION_IS_ONLINE	= 1u << 2,	/* onlined (all its pages) */
	SECTION_IS_EARLY	= 1u << 3,	/* present at boot */
	SECTION_TAINT_ZONE_DEVICE = 1u << 4,	/* mixes ZONE_DEVICE with other memory */
};

/*
 * struct mem_section - one 128 MiB section
 *
 * Invariants:
 *  - SECTION_IS_ONLINE implies SECTION_HAS_MEM_MAP implies SECTION_MARKED_PRESENT.
 *  - subsection_map != 0 iff SECTION_HAS_MEM_MAP for hot-added sections; early
 *    sections keep the bits of their present memory.
 *  - zone_idx is a valid zone, SECTION_ZONE_MIXED or SECTION_ZONE_NONE; it is
 *    meaningful only while the section is online.
 *  - nid is the node the section's memory belongs to, or SECTION_NID_MIXED for
 *    a boot section whose pages belong to several nodes.
 */
struct mem_section {
	uint64_t subsection_map;	/* bit i: sub-section i populated */
	uint16_t flags;			/* enum section_flags */
	uint8_t zone_idx;
	uint8_t nid;
};

/*
 * The page allocator's part of a zone (page_alloc.h lists its files):
 * free lists by order (0..MAX_ORDER-1) and migratetype, whose entries are
 * free nodes (struct free_node, in page_alloc_internal.h, with the records
 * of page state); a run of MAX_ORDER-1 blocks is one entry.
 */
enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,			/* the types with per-cpu lists */
	MIGRATE_ISOLATE = MIGRATE_PCPTYPES,	/* being offlined: never allocated from */
	MIGRATE_TYPES
};

#define PAGEBLOCK_ORDER		9
#define MAX_ORDER_NR_PAGES	(1UL << (MAX_ORDER - 1))

/*
 * struct free_area - the free lists of one order in one zone
 *
 * Invariants: per migratetype, head and tail are both 0 (empty) or both
 * name nodes of a doubly linked list (indices into k->pa.fnodes); nr_free
 * is the number of blocks its nodes hold (a run counts its length).
 */
struct free_area {
	uint32_t head[MIGRATE_TYPES], tail[MIGRATE_TYPES];
	uint64_t nr_free[MIGRATE_TYPES];	/* blocks of this order */
};

/*
 * struct per_cpu_pages - the per-cpu page lists of the CPU user space runs
 * on (order 0).  Invariants: count[mt] <= cap[mt]; every pfn listed is a
 * free PG_PCP page of this zone.
 */
struct per_cpu_pages {
	uint64_t *lists[MIGRATE_PCPTYPES];	/* stacks of pfns: the top is the list head */
	uint32_t count[MIGRATE_PCPTYPES], cap[MIGRATE_PCPTYPES];
	uint32_t batch, high;
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

/*
 * struct zone - one zone of one node
 *
 * Invariants (pages):
 *   spanned = zone_end_pfn - zone_start_pfn, holes and offline ranges included;
 *   present <= spanned (ZONE_DEVICE: present == 0, spanned may be > 0);
 *   managed <= present; managed = present - memmap_on_memory pages
 *                                 - boot reservations - pages held back by drivers;
 *   present_early <= present (pages onlined in early sections).
 * An empty zone has zone_start_pfn == 0 and spanned == 0.
 */
struct zone {
	uint64_t zone_start_pfn;
	uint64_t spanned_pages;
	uint64_t present_pages;
	uint64_t present_early_pages;
	uint64_t managed_pages;
	uint64_t cma_pages;

	/*
	 * The page allocator's (page_alloc.h).  Invariants: managed_pages =
	 * nr_free_pages (buddy lists, isolated ones included) + pcp pages +
	 * nr_alloc_pages; runs[0..nr_runs) are the zone's free runs, sorted by
	 * pfn and apart.
	 */
	struct free_area free_area[MAX_ORDER];
	uint64_t nr_free_pages;
	uint64_t nr_alloc_pages;
	uint64_t pgalloc;		/* event: pages allocated from the zone (/proc/vmstat) */
	struct per_cpu_pages pcp;
	uint32_t *runs;			/* free runs (free_node indices) sorted by pfn */
	uint32_t nr_runs, cap_runs;
	uint64_t watermark[NR_WMARK];
	uint64_t lowmem_reserve[MAX_NR_ZONES];
	int node;			/* the node this zone belongs to */
};

static inline uint64_t zone_end_pfn(const struct zone *z) { return z->zone_start_pfn + z->spanned_pages; }
static inline bool zone_is_empty(const struct zone *z) { return z->spanned_pages == 0; }
static inline bool populated_zone(const struct zone *z) { return z->present_pages != 0; }
static inline bool zone_intersects(const struct zone *z, uint64_t start_pfn, uint64_t nr_pages)
{
	if (zone_is_empty(z))
		return false;
	return start_pfn < zone_end_pfn(z) && start_pfn + nr_pages > z->zone_start_pfn;
}

/*
 * struct pglist_data - one NUMA node
 *
 * Invariants: node span = union of its non-empty zone spans;
 * node_present_pages = sum of zone present pages.
 */
struct pglist_data {
	int node_id;
	struct zone node_zones[MAX_NR_ZONES];
	uint64_t node_start_pfn;
	uint64_t node_spanned_pages;
	uint64_t node_present_pages;
	uint64_t cpumask;		/* CPUs of this node (bit = cpu id, first 64) */
	int nr_cpus;
};

enum node_states {
	N_POSSIBLE,
	N_ONLINE,
	N_NORMAL_MEMORY,
	N_MEMORY,
	N_CPU,
	NR_NODE_STATES
};

enum memory_block_state {
	MEM_ONLINE,
	MEM_GOING_OFFLINE,
	MEM_OFFLINE,
};

/*
 * struct memory_group - DIMM (static) or virtio-mem device (dynamic)
 *
 * Invariant: present_kernel_pages + present_movable_pages = pages onlined in the
 * group's blocks (memmap_on_memory pages included).
 */
struct memory_group {
	int id;
	int nid;
	bool is_dynamic;
	uint64_t max_pages;		/* static: total pages of the device */
	uint64_t unit_pages;		/* dynamic: hot(un)plug unit */
	uint64_t present_kernel_pages;
	uint64_t present_movable_pages;
	int nr_blocks;
};

/*
 * struct memory_block - /sys/devices/system/memory/memoryN
 *
 * Invariants:
 *  - state == MEM_ONLINE iff all its present sections are online;
 *  - zone_idx is the zone all its pages are in while online, or
 *    SECTION_ZONE_NONE ("none": several zones or nodes; cannot be offlined);
 *  - nid is the last node linked (boot blocks may be linked to several nodes);
 *  - nr_vmemmap_pages: memmap_on_memory pages at the block's start (0 if none).
 */
struct memory_block {
	unsigned long id;
	enum memory_block_state state;
	int online_type;		/* enum mmop; reset to MMOP_OFFLINE after each attempt */
	int nid;
	uint64_t nodes_linked;		/* bit n: nodeN <-> memoryN links exist */
	uint8_t zone_idx;
	uint64_t nr_vmemmap_pages;
	struct memory_group *group;
	bool boot;
	int acpi_slot;			/* firmware_node: the PNP0C80 device, -1 if none */
};

static inline bool memory_block_online(const struct memory_block *mem) { return mem->state == MEM_ONLINE; }

#endif
