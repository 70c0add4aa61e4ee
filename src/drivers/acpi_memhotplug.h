// SPDX-License-Identifier: MIT
/*
 * The guest's ACPI memory device driver (drivers/acpi/acpi_memhotplug.c and
 * the hotplug half of drivers/acpi/scan.c): binds PNP0C80 DIMM slots, adds
 * their memory on a device-check notification, and on an eject request
 * offlines, removes and ejects it, answering the firmware with _OST.
 */
#ifndef MEMHP_DRIVERS_ACPI_MEMHOTPLUG_H
#define MEMHP_DRIVERS_ACPI_MEMHOTPLUG_H

#include "memhp/acpi_memhp.h"

struct kernel;

/**
 * acpi_memhotplug_init() - bind the driver to the machine's slots and add
 * the memory of the DIMMs present at boot (no _OST for those)
 * Return: 0 or -ENOMEM.
 */
int acpi_memhotplug_init(struct kernel *k, struct acpi_memhp_port *port);
/** acpi_memhotplug_gpe() - \_GPE._E03: scan the slots and handle every pending insert and eject. */
void acpi_memhotplug_gpe(struct kernel *k);

#endif
