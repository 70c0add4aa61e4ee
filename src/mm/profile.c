// SPDX-License-Identifier: MIT
/*
 * The kernel profiles (memhp/profile.h): Debian's kernels the oracle runs,
 * with the build options of Debian's configs that change hotplug.
 */
#include <errno.h>
#include <string.h>

#include "lib/strparse.h"
#include "lib/util.h"
#include "memhp/profile.h"
#include "mm/internal.h"

#define KF(f) (1u << (f))

const struct kernel_profile kernel_profiles[] = {
	{
		.name = "6.1",
		.description = "Debian 12's Linux 6.1",
		.features = KF(KF_VIRTIO_MEM_BBM_SAFE_UNPLUG),
		/* CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE is not set */
		.config = { .default_online_type = MMOP_OFFLINE, .nd_ctl_major = 246,
			    .cpuhp_states = cpuhp_states_6_1, .cpu_views = cpu_views_6_1, .modules = modules_6_1,
			    .platform_nodes = &platform_nodes_6_1,
			    .boot = { .node_data_bytes = 176128, .offline_node_data_bytes = 174208,
				      .section_roots_bytes = 0x200000, .section_usage_bytes = 56,
				      .percpu_unit_min_bytes = 0x3e000, .crash_notes_offset = 0x3a400,
				      .crash_notes_bytes = 368, .initrd_bytes = 726222 } },
	},
	{
		.name = "6.12",
		.description = "Debian 13's Linux 6.12",
		.features = KF(KF_CRASH_HOTPLUG) | KF(KF_NODE_MEMORY_FAILURE) | KF(KF_MEMMAP_ON_MEMORY_PER_BLOCK) |
			    KF(KF_MEMMAP_ON_MEMORY_FORCE) | KF(KF_DAX_MEMMAP_ON_MEMORY) | KF(KF_NODE_MEMINFO_UNACCEPTED) |
			    KF(KF_ND_PFN_END_TRUNC) | KF(KF_HV_BALLOON_BLOCK_CHUNK) |
			    KF(KF_KMEM_CLEAR_ANY_MEMTYPE) | KF(KF_ACPI_DEVICE_CHECK_RESCAN_PARENT) |
			    KF(KF_CPU_ENABLED) | KF(KF_VMSTAT_612) | KF(KF_BLK_PARTSCAN_ATTR) |
			    KF(KF_BLK_ATOMIC_WRITE_ATTRS) | KF(KF_BLK_BIO_QUEUE_NO_MQ_ATTRS) |
			    KF(KF_BLK_INTEGRITY_VERIFY_DEFAULT_ON) | KF(KF_BDI_BYTES_AND_FINE_RATIOS) |
			    KF(KF_CPUHP_BOOT_CPU_TARGET),
		/* CONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO=y, CONFIG_VIRTIO=y, CONFIG_VIRTIO_PCI=y */
		.config = { .default_online_type = MMOP_ONLINE,
			    .builtin_modules = (const char *const[]){ "virtio_ring", "virtio", "virtio_pci_legacy_dev",
								  "virtio_pci_modern_dev", "virtio_pci", NULL },
			    .nd_ctl_major = 245, .cpuhp_states = cpuhp_states_6_12, .cpu_views = cpu_views_6_12,
			    .modules = modules_6_12, .module_compression = module_compression_6_12,
			    .platform_nodes = &platform_nodes_6_12,
			    /* CONFIG_VIRTIO_CONSOLE=y, CONFIG_VIRTIO_FS=y */
			    .virtio_builtin_drivers = (const char *const[]){ "virtio_console", "virtio_rproc_serial",
									     "virtiofs", NULL },
			    .boot = { .node_data_bytes = 174464, .offline_node_data_bytes = 174464,
				      .section_roots_bytes = 0x200000, .section_usage_bytes = 56,
				      .percpu_unit_min_bytes = 0x42000, .crash_notes_offset = 0x3d800,
				      .crash_notes_bytes = 368, .initrd_bytes = 703278 } },
	},
};
const int nr_kernel_profiles = ARRAY_SIZE(kernel_profiles);

static int parse_option(const char *opt, size_t len, struct kernel_config *cfg, struct memhp_err *err)
{
	const char *eq = memchr(opt, '=', len);
	size_t klen = eq ? (size_t)(eq - opt) : len;

	if (eq && klen == strlen("default_online_type") && !strncmp(opt, "default_online_type", klen)) {
		const char *v = eq + 1;
		size_t vlen = len - klen - 1;

		for (int t = 0; t < MMOP_COUNT; t++)
			if (vlen == strlen(mmop_names[t]) && !strncmp(v, mmop_names[t], vlen)) {
				cfg->default_online_type = t;
				return 0;
			}
		return memhp_err_set(err, -EINVAL,
				     "default_online_type takes offline, online, online_kernel or online_movable, not '%.*s'",
				     (int)vlen, v);
	}
	return memhp_err_set(err, -EINVAL, "unknown kernel build option '%.*s' (known: default_online_type=TYPE)",
			     (int)len, opt);
}

int kernel_profile_parse(const char *spec, struct kernel_profile *out, struct memhp_err *err)
{
	size_t nlen = strcspn(spec, ",");
	const struct kernel_profile *base = NULL;
	struct kernel_profile p;
	const char *s;

	for (int i = 0; i < nr_kernel_profiles; i++)
		if (nlen == strlen(kernel_profiles[i].name) && !strncmp(spec, kernel_profiles[i].name, nlen))
			base = &kernel_profiles[i];
	if (!base)
		return memhp_err_set(err, -EINVAL, "unknown kernel '%.*s' (memhp models 6.1 and 6.12)", (int)nlen,
				     spec);
	p = *base;
	for (s = spec + nlen; *s == ','; ) {
		size_t len = strcspn(s + 1, ",");
		int ret;

		if (!len)
			return memhp_err_set(err, -EINVAL, "empty kernel build option in '%s'", spec);
		ret = parse_option(s + 1, len, &p.config, err);
		if (ret)
			return ret;
		s += 1 + len;
	}
	*out = p;
	return 0;
}

const struct kernel_profile *kernel_profile_of(const struct kernel *k)
{
	return &k->profile;
}

bool kernel_has(const struct kernel *k, enum kernel_feature f)
{
	MEMHP_BUG_ON(f < 0 || f >= NR_KERNEL_FEATURES);
	return k->profile.features & KF(f);
}
