// SPDX-License-Identifier: MIT
/*
 * The ACPI memory hotplug interface between the host's pc machine and the
 * guest's ACPI memory device driver: what the guest's AML reads and writes
 * through QEMU's I/O port block at 0x0a00 (slot selector, address, size,
 * _PXM, status flags, _OST and eject).  The host implements it
 * (src/hw/acpi_memory_hotplug.c); the guest driver (src/drivers/acpi_memhotplug.c)
 * only calls through it.
 */
#ifndef MEMHP_ACPI_MEMHP_H
#define MEMHP_ACPI_MEMHP_H

#include <stdbool.h>
#include <stdint.h>

/* _OST source events and status codes (ACPI spec 6.3.5) */
#define ACPI_OST_EV_DEVICE_CHECK	1
#define ACPI_OST_EV_EJECT_REQUEST	3
#define ACPI_OST_EC_OSPM_EJECT		0x103	/* the guest's own eject (sysfs eject file) */
#define ACPI_OST_SC_SUCCESS		0
#define ACPI_OST_SC_NON_SPECIFIC_FAILURE 1
#define ACPI_OST_SC_DEVICE_BUSY		0x82	/* eject: device in use */
#define ACPI_OST_SC_EJECT_IN_PROGRESS	0x84	/* 132 */

/* The per-slot registers as the guest reads them (MRBL/MRBH, MRLL/MRLH, MPX, MES/MINS/MRMV). */
struct acpi_mem_slot_status {
	bool enabled;		/* a DIMM sits in the slot (_STA) */
	bool inserting;		/* hot-add pending: the guest should scan it */
	bool removing;		/* unplug requested: the guest should eject it */
	uint64_t addr;		/* _CRS start, bytes */
	uint64_t size;		/* _CRS length, bytes */
	uint32_t pxm;		/* _PXM */
};

struct acpi_memhp_port {
	void *opaque;
	int nr_slots;
	void (*read_slot)(void *opaque, int slot, struct acpi_mem_slot_status *out);
	/* _OST(event, status) for the slot; the host emits ACPI_DEVICE_OST */
	void (*ost)(void *opaque, int slot, uint32_t event, uint32_t status);
	void (*clear_inserting)(void *opaque, int slot);
	void (*clear_removing)(void *opaque, int slot);
	/* _EJ0: the host unplugs the DIMM (DEVICE_DELETED) */
	void (*eject)(void *opaque, int slot);
};

#endif
