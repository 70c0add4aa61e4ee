// SPDX-License-Identifier: MIT
/*
 * Firmware tables for guest-model tests, written out by hand as QEMU 7.2
 * builds them (../shared/spec/qemu-pc-memory.md §3.2, §9), so the guest
 * model can be tested without the host model.
 */
#ifndef MEMHP_TESTS_FW_FIXTURES_H
#define MEMHP_TESTS_FW_FIXTURES_H

#include <string.h>

#include "memhp/firmware.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)

static inline /* the e820 and SRAT QEMU gives -m 1G,slots=4,maxmem=16G (single node) */
void fw_1g(struct firmware_tables *fw)
{
	memset(fw, 0, sizeof(*fw));
	fw->e820[fw->nr_e820++] = (struct e820_entry){ 0, 0x9fc00, E820_TYPE_RAM };
	fw->e820[fw->nr_e820++] = (struct e820_entry){ 0x9fc00, 0x400, E820_TYPE_RESERVED };
	fw->e820[fw->nr_e820++] = (struct e820_entry){ 0xf0000, 0x10000, E820_TYPE_RESERVED };
	fw->e820[fw->nr_e820++] = (struct e820_entry){ 0x100000, 0x3ffe0000 - 0x100000, E820_TYPE_RAM };
	fw->e820[fw->nr_e820++] = (struct e820_entry){ 0x3ffe0000, 0x20000, E820_TYPE_RESERVED };
	fw->has_srat = true;
	fw->srat_mem[fw->nr_srat_mem++] = (struct srat_mem_affinity){ 0, 0xa0000, 0, true, false, false };
	fw->srat_mem[fw->nr_srat_mem++] = (struct srat_mem_affinity){ 0x100000, 0x3ff00000, 0, true, false, false };
	fw->srat_mem[fw->nr_srat_mem++] = (struct srat_mem_affinity){ 0x100000000ULL, 0x4c0000000ULL, 0, true, true, false };
	fw->nr_cpus = 1;
	fw->cpu_hypervisor = true;
	fw->nr_dimm_slots = 4;
}

#endif
