// SPDX-License-Identifier: MIT
/*
 * The firmware view the guest boots from (QEMU's hw/i386/e820_memory_layout.c,
 * the SRAT of hw/i386/acpi-build.c and what SeaBIOS makes of them): the
 * e820 map, SRAT memory affinity per node with the device-memory region
 * hotpluggable, the CPUs' proximity domains, the DIMM slot count and
 * the i440fx PCI windows.  The layout it describes is pc.c's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/pc.h"

#define HOLE_640K_START		0xa0000ULL
#define HOLE_640K_END		0x100000ULL

static void e820_add(struct firmware_tables *fw, uint64_t addr, uint64_t size, enum e820_type type)
{
	if (!size || fw->nr_e820 >= FW_MAX_E820)
		return;
	fw->e820[fw->nr_e820].addr = addr;
	fw->e820[fw->nr_e820].size = size;
	fw->e820[fw->nr_e820].type = type;
	fw->nr_e820++;
}

static int cmp_e820(const void *a, const void *b)
{
	const struct e820_entry *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void srat_add(struct firmware_tables *fw, uint64_t base, uint64_t len, int pxm,
		     bool enabled, bool hotpluggable)
{
	struct srat_mem_affinity *m;

	if (fw->nr_srat_mem >= FW_MAX_SRAT_MEM)
		return;
	m = &fw->srat_mem[fw->nr_srat_mem++];
	m->base = base;
	m->len = len;
	m->pxm = pxm;
	m->enabled = enabled;
	m->hotpluggable = hotpluggable;
	m->nonvolatile = false;
}

/*
 * SRAT memory affinity (build_srat): nodes in order with a running address.
 *  1. a range containing 640 KiB is cut to [start, 640K); a node that ends
 *     by 1 MiB moves the running address to 1 MiB, else it resumes at 1 MiB;
 *  2. a range containing below_4g is cut there and resumes at the start of
 *     RAM above 4G;
 *  3. zero entries pad the list to nodes + 2;
 *  4. the device-memory region, hotpluggable, in the last node.
 */
static void build_srat(const struct pc_machine *pcms, struct firmware_tables *fw)
{
	uint64_t next = 0;

	for (int i = 0; i < pcms->nr_nodes; i++) {
		uint64_t base = next, len = pcms->nodes[i].node_mem;

		next = base + len;
		if (!len)
			continue;
		if (base <= HOLE_640K_START && next > HOLE_640K_START) {
			len -= next - HOLE_640K_START;
			if (len)
				srat_add(fw, base, len, i, true, false);
			if (next <= HOLE_640K_END) {
				next = HOLE_640K_END;
				continue;
			}
			base = HOLE_640K_END;
			len = next - HOLE_640K_END;
		}
		if (base <= pcms->below_4g && next > pcms->below_4g) {
			len -= next - pcms->below_4g;
			if (len)
				srat_add(fw, base, len, i, true, false);
			base = pcms->above_4g_mem_start;
			len = next - pcms->below_4g;
			next = base + len;
		}
		if (len)
			srat_add(fw, base, len, i, true, false);
	}
	while (fw->nr_srat_mem < pcms->nr_nodes + 2 && fw->nr_srat_mem < FW_MAX_SRAT_MEM)
		srat_add(fw, 0, 0, 0, false, false);
	if (pcms->devmem_size)
		srat_add(fw, pcms->devmem_base, pcms->devmem_size, pcms->nr_nodes - 1, true, true);
}

/*
 * Bytes of SMBIOS structures QEMU hands SeaBIOS (measured on QEMU 7.2 with
 * SeaBIOS 1.16.2): a fixed part, a second type-19 area when there is RAM
 * above 4 GiB, one type-17 device per 16 GiB of RAM ("DIMM n": one byte more
 * from n = 10, two from n = 100), and one type-4 processor per socket
 * (-smp N is one socket).
 */
static uint64_t smbios_table_bytes(const struct pc_machine *pcms)
{
	uint64_t n17 = (pcms->ram_size + (16 * GiB) - 1) / (16 * GiB), len = 388;

	if (pcms->above_4g)
		len += 33;
	for (uint64_t i = 1; i < n17; i++)
		len += 53 + (i >= 10) + (i >= 100) + (i >= 1000);
	return len;
}

/*
 * What SeaBIOS keeps at the top of RAM below 4 GiB for its tables: QEMU's
 * ACPI tables padded to 128 KiB, plus the SMBIOS table when it is too big
 * for the F-segment (over 600 bytes), rounded up to a page.
 */
static uint64_t seabios_high_reserved(const struct pc_machine *pcms)
{
	uint64_t smbios = smbios_table_bytes(pcms);

	return PC_SEABIOS_HIGH_RESERVED + (smbios > 600 ? pc_round_up(smbios, 4096) : 0);
}

/**
 * pc_machine_firmware() - what the guest boots with
 * @pcms: the machine
 * @fw: filled in
 *
 * The e820 is SeaBIOS 1.16's output under TCG: the EBDA at 639 KiB, the
 * BIOS segment, RAM from 1 MiB up to the tail SeaBIOS keeps below below_4g
 * for its tables (seabios_high_reserved()), the BIOS flash, RAM above 4G, and the AMD
 * HyperTransport hole when QEMU reserves it.  Device memory is never in it.
 * Legacy: configurations with under 1 MiB + 128 KiB of RAM below 4G are
 * not modelled beyond clipping.
 */
/*
 * The vCPU TCG gives qemu64 and max: family 15, model 107, and the legacy
 * AMD cache leaves 0x80000005/0x80000006 (QEMU's legacy_*_cache_amd and
 * legacy_l3_cache), filled whatever the vendor is.
 */
static void pc_cpu_identity(const struct pc_machine *pcms, struct firmware_tables *fw)
{
	static const struct fw_cpu_cache legacy_amd_caches[] = {
		{ .level = 1, .type = FW_CACHE_DATA, .size_kib = 64, .ways = 2, .line_size = 64 },
		{ .level = 1, .type = FW_CACHE_INSTRUCTION, .size_kib = 64, .ways = 2, .line_size = 64 },
		{ .level = 2, .type = FW_CACHE_UNIFIED, .size_kib = 512, .ways = 16, .line_size = 64 },
		{ .level = 3, .type = FW_CACHE_UNIFIED, .size_kib = 16384, .ways = 16, .line_size = 64 },
	};

	fw->cpu_amd = pcms->cpu_amd;
	fw->cpu_family = 15;
	fw->cpu_model = 107;
	fw->cpu_multicore = pcms->smp > 1;	/* one package holds every CPU */
	memcpy(fw->cpu_caches, legacy_amd_caches, sizeof(legacy_amd_caches));
	fw->nr_cpu_caches = (int)ARRAY_SIZE(legacy_amd_caches);
}

void pc_machine_firmware(const struct pc_machine *pcms, struct firmware_tables *fw)
{
	uint64_t low = pcms->below_4g, reserved = seabios_high_reserved(pcms);
	uint64_t tail = low > HOLE_640K_END + reserved ?
			low - reserved : (low > HOLE_640K_END ? HOLE_640K_END : low);

	memset(fw, 0, sizeof(*fw));
	e820_add(fw, 0, low < 0x9fc00 ? low : 0x9fc00, E820_TYPE_RAM);
	if (low > 0x9fc00)
		e820_add(fw, 0x9fc00, 0x400, E820_TYPE_RESERVED);
	e820_add(fw, 0xf0000, 0x10000, E820_TYPE_RESERVED);
	if (low > HOLE_640K_END) {
		e820_add(fw, HOLE_640K_END, tail - HOLE_640K_END, E820_TYPE_RAM);
		e820_add(fw, tail, low - tail, E820_TYPE_RESERVED);
	}
	e820_add(fw, 0xfffc0000, 0x40000, E820_TYPE_RESERVED);
	e820_add(fw, pcms->above_4g_mem_start, pcms->above_4g, E820_TYPE_RAM);
	if (pcms->amd_ht_hole)
		e820_add(fw, PC_AMD_HT_START, PC_AMD_HT_SIZE, E820_TYPE_RESERVED);
	qsort(fw->e820, (size_t)fw->nr_e820, sizeof(fw->e820[0]), cmp_e820);

	fw->has_srat = pcms->nr_nodes > 0;
	if (fw->has_srat)
		build_srat(pcms, fw);
	fw->nr_cpus = pcms->smp;
	for (int c = 0; c < pcms->smp && c < FW_MAX_CPUS; c++)
		fw->cpu_pxm[c] = pcms->nr_nodes ? pcms->cpu_node[c] : 0;
	fw->cpu_hypervisor = true;
	pc_cpu_identity(pcms, fw);
	fw->nr_dimm_slots = pcms->acpi.nr_slots;

	/* i440fx PCI0 _CRS: VGA window, the 32-bit hole from below_4g to the
	 * IOAPIC, and the 64-bit hole (pci-hole64-size) */
	fw->pci_windows[0].start = 0xa0000;
	fw->pci_windows[0].end = 0xbffff;
	fw->nr_pci_windows = 1;
	if (low < 0xfec00000ULL) {
		fw->pci_windows[fw->nr_pci_windows].start = low;
		fw->pci_windows[fw->nr_pci_windows].end = 0xfebfffffULL;
		fw->nr_pci_windows++;
	}
	fw->pci_windows[fw->nr_pci_windows].start = pc_pci_hole64_start(pcms);
	fw->pci_windows[fw->nr_pci_windows].end = pc_pci_hole64_start(pcms) + PC_PCI_HOLE64_SIZE - 1;
	fw->nr_pci_windows++;
}
