// SPDX-License-Identifier: MIT
/*
 * The guest's drivers as the machine sees them: the platform it wires up
 * for them (the ACPI DIMM slots, the virtio bus), the table of guest
 * modules in initcall order, and the events it delivers (an ACPI GPE, a
 * virtio config change).  The mm core sees none of this: it is handed the
 * table and the platform at boot (mm/driver.h) and calls modules only
 * through their operations.
 */
#ifndef MEMHP_DRIVERS_DRIVERS_H
#define MEMHP_DRIVERS_DRIVERS_H

#include <stdbool.h>
#include <stddef.h>

#include "memhp/acpi_memhp.h"
#include "memhp/err.h"
#include "memhp/firmware.h"

struct kernel;
struct guest_module;
struct virtio_mem_port;

/* How the guest finds the virtio-mem devices on its PCI bus (i = 0, 1, ...; NULL past the last). */
typedef struct virtio_mem_port *(*virtio_mem_lookup_fn)(void *opaque, int i);

/*
 * What the machine wired up for the guest's drivers.  It must outlive the
 * kernel booted with it.
 */
struct guest_platform {
	struct acpi_memhp_port *acpi_memhp;	/* the PNP0C80 slots; NULL: none */
	virtio_mem_lookup_fn virtio_lookup;	/* the virtio bus; NULL: none */
	void *virtio_opaque;
};

/* The reference guest's modules, in initcall order (modules.c). */
extern const struct guest_module *const guest_modules[];
extern const size_t guest_nr_modules;

struct kernel_profile;
/**
 * guest_boot() - boot the guest kernel @profile describes (NULL: the
 * default) with its drivers: kernel_boot_profile(), then the module table
 * and @platform (the built-in drivers bind: the Xen balloon on a Xen guest,
 * the ACPI memory driver adds the DIMMs present)
 * Return: what kernel_boot_profile() returns, or a built-in module's init error.
 */
int guest_boot(const struct firmware_tables *fw, int nr_cpus, const char *cmdline,
	       const struct kernel_profile *profile, const struct guest_platform *platform, struct kernel **out,
	       struct memhp_err *err);

/** acpi_memhotplug_gpe() - \_GPE._E03: scan the slots and handle every pending insert and eject. */
void acpi_memhotplug_gpe(struct kernel *k);
/** virtio_mem_notify() - a config-change interrupt, or a device appeared on the bus */
void virtio_mem_notify(struct kernel *k, struct virtio_mem_port *port, bool appeared);

#endif
