// SPDX-License-Identifier: MIT
/*
 * Private declarations shared by the files of the host model (src/hw) and
 * the QMP command layer (src/qmp): the machine state, memory backends,
 * memory devices, the ACPI memory hotplug slot table, the QemuOpts-style
 * option parser and the QEMU key-order helper for emitted JSON.  Nothing
 * here is seen by the guest model; the public interface is
 * include/memhp/hw.h.
 *
 * Glossary: "backend" = a memory-backend-* object under /objects; "memory
 * device" = a realized pc-dimm or virtio-mem-pci that maps a backend into
 * the device-memory region; "slot" = an ACPI DIMM slot (PNP0C80); "device
 * block" = the virtio-mem unit of plugging (block-size bytes).
 */
#ifndef MEMHP_HW_INTERNAL_H
#define MEMHP_HW_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"
#include "memhp/hw.h"
#include "memhp/virtio_mem.h"
#include "qapi/qapi.h"

struct json;


#define PC_ACPI_MAX_RAM_SLOTS	256		/* ACPI_MAX_RAM_SLOTS */
#define PC_MAX_CPUS		255		/* i440fx max_cpus */
#define PC_MAX_NODES		128		/* QEMU's MAX_NODES */
#define PC_TARGET_PAGE_SIZE	4096ULL
#define PC_HOSTMEM_RAM_ALIGN	(2 * MiB)	/* QEMU_VMALLOC_ALIGN on x86-64 */
#define PC_AMD_HT_START		0xfd00000000ULL
#define PC_AMD_HT_SIZE		(12 * GiB)
#define PC_AMD_ABOVE_1TB_START	(1 * TiB)
#define PC_PCI_HOLE64_SIZE	(2 * GiB)	/* i440fx pci-hole64-size default */
#define PC_SEABIOS_HIGH_RESERVED 0x20000ULL	/* reserved tail below below_4g */

static inline uint64_t pc_round_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) / align * align;
}

/* ---- memory backends (hostmem.c) --------------------------------------- */

enum hostmem_kind {
	HOSTMEM_RAM,		/* memory-backend-ram: anonymous mmap, 2 MiB aligned */
	HOSTMEM_MEMFD,		/* memory-backend-memfd: host page (4 KiB) aligned */
	HOSTMEM_FILE,		/* memory-backend-file: max(4 KiB page, align=) */
	HOSTMEM_KIND_COUNT
};

enum hostmem_policy {
	HOSTMEM_POLICY_DEFAULT,
	HOSTMEM_POLICY_PREFERRED,
	HOSTMEM_POLICY_BIND,
	HOSTMEM_POLICY_INTERLEAVE,
	HOSTMEM_POLICY_COUNT
};

/*
 * One backend object, /objects/<id>.
 * Invariants: size > 0; align is a power of two; mapped is true exactly
 * while a memory device, a NUMA node or the machine RAM uses the backend
 * (then object-del refuses it).
 */
struct host_memory_backend {
	struct host_memory_backend *next;	/* machine list, newest first */
	enum hostmem_kind kind;
	char *id;
	uint64_t size;		/* bytes, as given (not rounded) */
	uint64_t align;		/* bytes; placement alignment of the region */
	bool merge, dump, prealloc, share, reserve;
	enum hostmem_policy policy;
	bool mapped;
};

extern const char *const hostmem_kind_names[HOSTMEM_KIND_COUNT];
extern const char *const hostmem_policy_names[HOSTMEM_POLICY_COUNT];

struct host_memory_backend *hostmem_find(const struct pc_machine *pcms, const char *id);
int hostmem_create_from_opts(struct pc_machine *pcms, const struct qemu_opts *o,
			     struct memhp_err *err);
int hostmem_object_add(struct pc_machine *pcms, const struct json *args, struct memhp_err *err);
int hostmem_object_del(struct pc_machine *pcms, const char *id, struct memhp_err *err);
void hostmem_free_all(struct pc_machine *pcms);
struct json *hostmem_query_memdev(const struct pc_machine *pcms);
char *hostmem_hmp_info_memdev(const struct pc_machine *pcms);
int hostmem_qom_get(const struct host_memory_backend *be, const char *prop,
		    struct json **ret, struct memhp_err *err);

/* ---- memory devices (memory_device.c) ---------------------------------- */

enum memory_device_kind {
	MEMORY_DEVICE_DIMM,		/* pc-dimm */
	MEMORY_DEVICE_VIRTIO_MEM,	/* virtio-mem-pci */
	MEMORY_DEVICE_KIND_COUNT
};

/*
 * A realized memory device.  Only realized devices are on the machine list,
 * so the list is exactly what placement and capacity see.
 * Invariants: [addr, addr + memdev->size) lies inside the device-memory
 * region and overlaps no other device; memdev->mapped is true.
 */
struct memory_device {
	struct memory_device *next;	/* machine list, creation order */
	enum memory_device_kind kind;
	char *id;			/* NULL: anonymous */
	unsigned int anon_index;	/* /machine/peripheral-anon/device[N] */
	struct host_memory_backend *memdev;
	uint64_t addr;			/* GPA, bytes */
	uint32_t node;
	bool hotplugged;		/* added after machine creation */
	/* pc-dimm */
	int slot;
	/* virtio-mem-pci: NULL for a DIMM */
	struct virtio_mem_state *vmem;
};

int memory_device_get_free_addr(struct pc_machine *pcms, const uint64_t *hint,
				uint64_t align, uint64_t size, uint64_t *out,
				struct memhp_err *err);
uint64_t memory_device_used_size(const struct pc_machine *pcms);
size_t memory_device_sorted(const struct pc_machine *pcms, struct memory_device ***out);
char *memory_device_qom_path(const struct memory_device *md);
struct memory_device *memory_device_find_id(const struct pc_machine *pcms, const char *id);
struct memory_device *memory_device_find_path(const struct pc_machine *pcms, const char *path);
void memory_device_link(struct pc_machine *pcms, struct memory_device *md);
void memory_device_unlink(struct pc_machine *pcms, struct memory_device *md);
void memory_device_free(struct memory_device *md);
struct json *memory_device_query(const struct pc_machine *pcms);
char *memory_device_hmp_info(const struct pc_machine *pcms);

/* ---- pc-dimm (pc_dimm.c) ----------------------------------------------- */

/*
 * One device_add/-device property list, in the order QEMU sets the
 * properties.  Values are strings, as QemuOpts hands them to qdev.
 */
struct dev_props {
	const char *driver;
	const char *id;			/* NULL: anonymous */
	unsigned int anon_index;	/* device[N] when anonymous */
	size_t nr;
	const char **keys;
	const char **values;
};

int pc_dimm_device_add(struct pc_machine *pcms, const struct dev_props *p, bool hotplugged,
		       struct memhp_err *err);
int pc_dimm_unplug_request(struct pc_machine *pcms, struct memory_device *md,
			   struct memhp_err *err);
void pc_dimm_unplug(struct pc_machine *pcms, struct memory_device *md);
int pc_dimm_qom_get(const struct pc_machine *pcms, const struct memory_device *md,
		    const char *prop, struct json **ret, struct memhp_err *err);
int pc_dimm_qom_set(const struct memory_device *md, const char *prop, struct memhp_err *err);
int pc_resolve_memdev(const struct pc_machine *pcms, const char *path,
		      struct host_memory_backend **out, struct memhp_err *err);

/* ---- virtio-mem-pci (virtio_mem.c) ------------------------------------- */

/*
 * The virtio-mem device state (QEMU's VirtIOMEM) of one realized
 * virtio-mem-pci.  Sizes are bytes; the device's region is
 * [md->addr, md->addr + md->memdev->size) (max-size).
 * Invariants:
 *   block_size is a power of two >= 1 MiB and divides md->addr and
 *   md->memdev->size;
 *   nr_blocks == md->memdev->size / block_size, the bits of @plugged;
 *   size == block_size * (number of set bits) <= usable_region_size;
 *   usable_region_size % block_size == 0, <= md->memdev->size;
 *   requested_size % block_size == 0 (it may exceed max-size: set so by
 *   device_add, QEMU does not check it there).
 */
struct virtio_mem_state {
	struct virtio_mem_port port;	/* what the guest calls; opaque = this */
	struct pc_machine *pcms;
	struct memory_device *md;	/* the device this belongs to */
	uint64_t block_size;
	uint64_t requested_size;
	uint64_t size;			/* plugged (QOM "size") */
	uint64_t usable_region_size;
	bool prealloc;
	bool unplugged_inaccessible;	/* resolved at realize (no "auto") */
	uint64_t nr_blocks;
	uint64_t *plugged;		/* bitmap: bit i = device block i plugged */
	/* MEMORY_DEVICE_SIZE_CHANGE rate limit (see virtio_mem.c) */
	bool event_sent;		/* sent one since the last host command */
	bool event_pending;		/* a change waits to be sent */
};

/* One QOM property of virtio-mem-pci as qom-list shows it (QEMU 7.2 order). */
struct qom_prop_desc {
	const char *name;
	const char *type;
};

extern const struct qom_prop_desc virtio_mem_pci_qom_props[];
extern const size_t virtio_mem_pci_nr_qom_props;

int virtio_mem_device_add(struct pc_machine *pcms, const struct dev_props *p, bool hotplugged,
			  struct memhp_err *err);
int virtio_mem_unplug_request(struct pc_machine *pcms, struct memory_device *md,
			      struct memhp_err *err);
void virtio_mem_state_free(struct virtio_mem_state *vmem);
int virtio_mem_qom_get(const struct pc_machine *pcms, const struct memory_device *md,
		       const char *prop, struct json **ret, struct memhp_err *err);
int virtio_mem_qom_set(struct pc_machine *pcms, struct memory_device *md, const char *prop,
		       const struct json *value, struct memhp_err *err);
void virtio_mem_system_reset(struct pc_machine *pcms);
void virtio_mem_reset_notify(struct pc_machine *pcms);
void virtio_mem_host_command(struct pc_machine *pcms);
uint64_t memory_device_plugged_size(const struct memory_device *md);

/* ---- ACPI memory hotplug (acpi_memory_hotplug.c) ----------------------- */

/* One DIMM slot as QEMU's MemStatus. */
struct acpi_mem_slot {
	struct memory_device *dimm;	/* NULL when empty */
	bool is_enabled;
	bool is_inserting;
	bool is_removing;
	uint32_t ost_event;
	uint32_t ost_status;
};

struct acpi_memhp_state {
	struct acpi_memhp_port port;	/* what the guest calls */
	int nr_slots;
	struct acpi_mem_slot *slots;	/* nr_slots entries */
};

int acpi_memhp_init(struct pc_machine *pcms, int nr_slots);
void acpi_memhp_fini(struct pc_machine *pcms);
void acpi_memhp_plug(struct pc_machine *pcms, struct memory_device *md);
void acpi_memhp_unplug_request(struct pc_machine *pcms, struct memory_device *md);
void acpi_memhp_unplug(struct pc_machine *pcms, struct memory_device *md);
struct json *acpi_memhp_ospm_status(const struct pc_machine *pcms);

/* ---- the machine (pc.c) ------------------------------------------------ */

struct numa_node_info {
	bool present;
	uint64_t node_mem;		/* bytes of boot RAM */
	struct host_memory_backend *memdev;	/* NULL for mem= or memory-less */
};

/*
 * Machine state.  Layout invariants (bytes):
 *   below_4g + above_4g == ram_size
 *   devmem_base == ROUND_UP(above_4g_mem_start + above_4g, 1 GiB) when
 *   devmem_size != 0, and devmem_size == maxram_size - ram_size
 *   + (enforce_aligned_dimm ? ram_slots GiB : 0).
 *   sum(nodes[i].node_mem) == ram_size when nr_nodes > 0.
 */
struct pc_machine {
	/* machine type and its compat flags (spec §2) */
	char type_name[32];		/* "pc-i440fx-7.2" */
	bool gigabyte_align;
	bool has_reserved_memory;
	bool enforce_aligned_dimm;
	bool broken_reserved_end;
	bool enforce_amd_1tb_hole;
	bool auto_numa_memhp;
	bool auto_numa_memdev;
	bool numa_mem_supported;

	/* -m and -machine */
	uint64_t ram_size;
	uint64_t maxram_size;
	uint64_t ram_slots;
	uint64_t max_ram_below_4g;	/* after defaulting: 0xe0000000 */
	struct host_memory_backend *ram_memdev;	/* -machine memory-backend */

	/* CPUs */
	int smp;
	bool cpu_amd;
	unsigned int phys_bits;
	int cpu_node[PC_MAX_CPUS];

	/* layout */
	uint64_t below_4g;
	uint64_t above_4g;
	uint64_t above_4g_mem_start;
	uint64_t devmem_base;
	uint64_t devmem_size;		/* 0: no device-memory region */
	bool amd_ht_hole;		/* the e820 reserves the HT range */

	/* NUMA */
	int nr_nodes;
	struct numa_node_info nodes[PC_MAX_NODES];

	/* objects and devices */
	struct host_memory_backend *backends;
	struct memory_device *devices;
	unsigned int anon_count;
	bool machine_ready;		/* after -device processing */

	struct acpi_memhp_state acpi;

	/* outputs */
	qmp_event_fn event_fn;
	void *event_opaque;
	acpi_gpe_fn gpe_fn;
	void *gpe_opaque;
	virtio_mem_notify_fn vmem_fn;
	void *vmem_opaque;
	bool migration_active;		/* never set by QMP: no migration is modelled;
					 * tests set it to see virtio-mem's BUSY */
	char *warnings;			/* stderr text, "warning: ...\n" lines */
};

void pc_machine_emit_event(struct pc_machine *pcms, const char *name, struct json *data);
void pc_machine_raise_gpe(struct pc_machine *pcms);
void pc_machine_warn(struct pc_machine *pcms, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int pc_machine_numa_nodes_for_check(const struct pc_machine *pcms);
const char *pc_machine_qom_type(const struct pc_machine *pcms, char *buf, size_t size);
int pc_device_add_opts(struct pc_machine *pcms, const char *text, bool hotplugged, struct memhp_err *err);
int pc_device_add_from_props(struct pc_machine *pcms, const struct dev_props *p, bool hotplugged,
			     struct memhp_err *err);
int pc_device_del(struct pc_machine *pcms, const char *id, struct memhp_err *err);

#endif
