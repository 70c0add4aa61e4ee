// SPDX-License-Identifier: MIT
/*
 * The host side of ACPI memory hotplug (QEMU's include/hw/acpi/
 * memory_hotplug.h): one status entry per DIMM slot and the port the
 * guest's AML drives.  Implemented in acpi_memory_hotplug.c; pc_dimm.c
 * plugs, requests unplug and unplugs by slot.
 */
#ifndef MEMHP_HW_ACPI_MEMORY_HOTPLUG_H
#define MEMHP_HW_ACPI_MEMORY_HOTPLUG_H

#include <stdbool.h>
#include <stdint.h>

#include "memhp/acpi_memhp.h"

struct json;
struct memory_device;
struct pc_machine;

/* One DIMM slot as QEMU's MemStatus.  Invariant: dimm != NULL => is_enabled. */
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
void acpi_memhp_plug(struct pc_machine *pcms, struct memory_device *md, int slot);
void acpi_memhp_unplug_request(struct pc_machine *pcms, int slot);
void acpi_memhp_unplug(struct pc_machine *pcms, int slot);
struct json *acpi_memhp_ospm_status(const struct pc_machine *pcms);

#endif
