// SPDX-License-Identifier: MIT
/*
 * The pc machine's private interface (QEMU's include/hw/i386/pc.h and
 * include/sysemu/numa.h): the machine state and the functions its files
 * share.
 *   pc.c           machine types, the RAM layout and the device-memory
 *                  region, the machine's outputs (events, GPE, warnings)
 *                  and device_add/device_del dispatch;
 *   vl.c           the command line: pc_machine_new() in QEMU's order;
 *   numa.c         -numa node and the NUMA completion;
 *   pc_firmware.c  the e820 map, SRAT and CPU facts the guest boots with.
 * Backends are hostmem.h, memory devices memory_device.h, the DIMM slots
 * acpi_memory_hotplug.h, virtio-mem virtio_mem.h.  Nothing here is seen
 * by the guest model; the public interface is include/memhp/hw.h.
 */
#ifndef MEMHP_HW_PC_H
#define MEMHP_HW_PC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/acpi_memory_hotplug.h"
#include "lib/util.h"
#include "memhp/hw.h"

struct dev_props;
struct host_memory_backend;
struct json;
struct memory_device;

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
	char *guest_name;		/* -name guest=NAME; NULL: none */
	bool quit_requested;		/* QMP quit: the process is to end (SHUTDOWN sent) */
};

/* ---- pc.c ---------------------------------------------------------------- */

int pc_machine_set_type(struct pc_machine *pcms, const char *name, struct memhp_err *err);
int pc_memory_init(struct pc_machine *pcms, struct memhp_err *err);
uint64_t pc_pci_hole64_start(const struct pc_machine *pcms);
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

/* ---- numa.c -------------------------------------------------------------- */

/* NUMA parsing state kept across -numa options (QEMU's have_mem/have_memdevs). */
struct numa_parse {
	bool have_mem;
	bool have_memdevs;
	int max_nodeid;			/* highest id + 1 */
	bool cpu_has_node[PC_MAX_CPUS];
};

int numa_parse_node(struct pc_machine *pcms, struct numa_parse *np, const char *arg,
		    struct memhp_err *err);
int numa_complete_configuration(struct pc_machine *pcms, struct numa_parse *np,
				struct memhp_err *err);

#endif
