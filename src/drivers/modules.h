// SPDX-License-Identifier: MIT
/*
 * The struct guest_module each driver file defines, for the table in
 * modules.c.  Only modules.c includes this.
 */
#ifndef MEMHP_DRIVERS_MODULES_H
#define MEMHP_DRIVERS_MODULES_H

struct guest_module;

extern const struct guest_module xen_balloon_module;		/* xen_balloon.c */
extern const struct guest_module acpi_memhotplug_module;	/* acpi_memhotplug.c */
extern const struct guest_module virtio_ring_module;		/* virtio_mem.c */
extern const struct guest_module virtio_module;
extern const struct guest_module virtio_pci_legacy_dev_module;
extern const struct guest_module virtio_pci_modern_dev_module;
extern const struct guest_module virtio_pci_module;
extern const struct guest_module virtio_mem_module;
extern const struct guest_module hv_balloon_module;		/* hv_balloon.c */
extern const struct guest_module libnvdimm_module;		/* nvdimm.c */
extern const struct guest_module nd_btt_module;
extern const struct guest_module nd_e820_module;
extern const struct guest_module nd_pmem_module;
extern const struct guest_module dax_pmem_module;
extern const struct guest_module device_dax_module;
extern const struct guest_module kmem_module;

#endif
