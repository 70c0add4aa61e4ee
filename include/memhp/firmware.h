// SPDX-License-Identifier: MIT
/*
 * What the firmware hands the guest kernel at boot: the e820 map as the
 * guest sees it (after SeaBIOS), the ACPI SRAT affinity entries, and the
 * few CPU facts the memory code looks at.  The host model (src/hw) fills
 * it; the guest model (src/mm) boots from it and from nothing else, so the
 * two sides meet only here and at the ACPI memory hotplug registers
 * (acpi_memhp.h).
 */
#ifndef MEMHP_FIRMWARE_H
#define MEMHP_FIRMWARE_H

#include <stdbool.h>
#include <stdint.h>

#define FW_MAX_E820		128
#define FW_MAX_SRAT_MEM		512
#define FW_MAX_CPUS		288
#define MAX_NUMNODES		64
#define FW_MAX_PCI_WINDOWS	4
#define FW_MAX_CPU_CACHES	4

enum e820_type {
	E820_TYPE_RAM = 1,		/* "System RAM" */
	E820_TYPE_RESERVED = 2,		/* "Reserved" */
	E820_TYPE_ACPI = 3,		/* "ACPI Tables" */
	E820_TYPE_NVS = 4,		/* "ACPI Non-volatile Storage" */
	E820_TYPE_UNUSABLE = 5,		/* "Unusable memory" */
	E820_TYPE_PMEM = 7,		/* "Persistent Memory" */
	E820_TYPE_PRAM = 12,		/* "Persistent Memory (legacy)" */
};

/* One e820 range: [addr, addr + size), byte granular. */
struct e820_entry {
	uint64_t addr;
	uint64_t size;
	enum e820_type type;
};

/*
 * A cache as CPUID describes it to every vCPU (on AMD: leaves 0x80000005
 * and 0x80000006, which say nothing of sharing).
 */
struct fw_cpu_cache {
	int level;			/* 1, 2 or 3 */
	enum fw_cache_type {
		FW_CACHE_DATA,
		FW_CACHE_INSTRUCTION,
		FW_CACHE_UNIFIED,
	} type;
	unsigned int size_kib;
	unsigned int ways;
	unsigned int line_size;		/* bytes */
};

/* One SRAT memory affinity entry (type 1). len == 0 entries are padding. */
struct srat_mem_affinity {
	uint64_t base;
	uint64_t len;
	int pxm;			/* proximity domain == nid on QEMU */
	bool enabled;
	bool hotpluggable;
	bool nonvolatile;
};

struct firmware_tables {
	/* e820 as printed by the guest's "BIOS-e820:" lines, in address order */
	struct e820_entry e820[FW_MAX_E820];
	int nr_e820;

	/* ACPI SRAT; absent when QEMU has no NUMA state (no slots, no maxmem, no -numa) */
	bool has_srat;
	struct srat_mem_affinity srat_mem[FW_MAX_SRAT_MEM];
	int nr_srat_mem;
	int nr_cpus;
	int cpu_pxm[FW_MAX_CPUS];	/* proximity domain of each possible CPU */

	/* CPUID: the "hypervisor" bit (x86 block size rule, §1.2) */
	bool cpu_hypervisor;
	/* CPUID leaves 0 and 1: every vCPU's vendor, family and model */
	bool cpu_amd;			/* AuthenticAMD; else GenuineIntel */
	unsigned int cpu_family, cpu_model;
	/* leaf 1 EDX.HTT and 0x80000001 ECX.CmpLegacy: more than one logical CPU per package */
	bool cpu_multicore;
	/* the caches CPUID describes, L1 data first; 0: none described */
	struct fw_cpu_cache cpu_caches[FW_MAX_CPU_CACHES];
	int nr_cpu_caches;
	/* CPUID leaf 0x40000000: whose guest this is (which paravirtual drivers bind) */
	enum hypervisor_vendor {
		HYPERVISOR_KVM,		/* QEMU/KVM: the reference machine */
		HYPERVISOR_HYPERV,	/* hv_balloon can load (model only: no oracle) */
		HYPERVISOR_XEN,		/* the Xen balloon driver runs (model only: no oracle) */
	} hypervisor;

	/* ACPI memory hotplug: number of PNP0C80 slots in the DSDT (0: none) */
	int nr_dimm_slots;

	/* the PCI host bridge's memory windows (_CRS of PCI0), [start, end] inclusive */
	struct {
		uint64_t start;
		uint64_t end;
	} pci_windows[FW_MAX_PCI_WINDOWS];
	int nr_pci_windows;
};

#endif
