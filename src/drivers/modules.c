// SPDX-License-Identifier: MIT
/*
 * The reference guest's module table (the initcall order and what modprobe
 * finds) and the boot that hands it to the kernel.  A new driver adds its
 * struct guest_module here, in its own file's terms: nothing else in the
 * tree names it.
 */
#include "drivers/drivers.h"
#include "drivers/modules.h"
#include "lib/util.h"
#include "mm/driver.h"

/*
 * Built-in modules initialise in this order: the Xen balloon counts the
 * boot memory before the ACPI driver adds the DIMMs present at boot; the
 * virtio core (with the code it needs) comes up last and waits for
 * virtio_pci and virtio_mem.
 */
const struct guest_module *const guest_modules[] = {
	&xen_balloon_module,
	&acpi_memhotplug_module,
	&virtio_ring_module,
	&virtio_module,
	&virtio_pci_legacy_dev_module,
	&virtio_pci_modern_dev_module,
	&virtio_pci_module,
	&virtio_mem_module,
	&hv_balloon_module,
	&libnvdimm_module,
	&nd_e820_module,
	&nd_btt_module,
	&nd_pmem_module,
	&dax_pmem_module,
	&device_dax_module,
	&kmem_module,
};
const size_t guest_nr_modules = ARRAY_SIZE(guest_modules);

int guest_boot(const struct firmware_tables *fw, int nr_cpus, const char *cmdline,
	       const struct kernel_profile *profile, const struct guest_platform *platform, struct kernel **out,
	       struct memhp_err *err)
{
	struct kernel *k;
	int ret = kernel_boot_profile(fw, nr_cpus, cmdline, profile, &k, err);

	if (ret)
		return ret;
	ret = kernel_register_modules(k, guest_modules, guest_nr_modules, platform);
	if (ret) {
		kernel_free(k);
		return memhp_err_set(err, ret, "a built-in driver failed to initialise");
	}
	*out = k;
	return 0;
}
