// SPDX-License-Identifier: MIT
/*
 * /sys/module (kernel/params.c): a directory per module with parameters.
 * memory_hotplug's parameters (mm/memory_hotplug.c) are here; virtio_mem's
 * sit with the rest of virtio in virtio.c.
 */
#include "lib/strparse.h"
#include "memhp/drivers.h"
#include "memhp/mm.h"
#include "sysfs/sysfs_internal.h"

static int online_policy_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%s\n", online_policy_names[mhp_get_online_policy(obj->k)]);
	return 0;
}

static int online_policy_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			       size_t len, struct memhp_err *err)
{
	for (int p = 0; p < ONLINE_POLICY_COUNT; p++) {
		if (sysfs_streq(buf, online_policy_names[p])) {
			mhp_set_online_policy(obj->k, (enum online_policy)p);
			return 0;
		}
	}
	return memhp_err_set(err, -EINVAL, "online_policy takes contig-zones or auto-movable");
}
SYSFS_ATTR_RW(online_policy);

static int auto_movable_ratio_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%u\n", mhp_get_auto_movable_ratio(obj->k));
	return 0;
}

static int auto_movable_ratio_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				    size_t len, struct memhp_err *err)
{
	unsigned int ratio;
	int ret = kstrtouint(buf, 0, &ratio);

	if (ret)
		return memhp_err_set(err, ret, "auto_movable_ratio takes an unsigned integer");
	mhp_set_auto_movable_ratio(obj->k, ratio);
	return 0;
}
SYSFS_ATTR_RW(auto_movable_ratio);

static int auto_movable_numa_aware_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr,
					struct seq_buf *buf)
{
	sysfs_emit(buf, "%c\n", mhp_get_auto_movable_numa_aware(obj->k) ? 'Y' : 'N');
	return 0;
}

static int auto_movable_numa_aware_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr,
					 const char *buf, size_t len, struct memhp_err *err)
{
	bool on;

	if (kstrtobool(buf, &on))
		return memhp_err_set(err, -EINVAL, "auto_movable_numa_aware takes a boolean");
	mhp_set_auto_movable_numa_aware(obj->k, on);
	return 0;
}
SYSFS_ATTR_RW(auto_movable_numa_aware);

static int memmap_on_memory_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	enum memmap_mode mode = mhp_get_memmap_on_memory(obj->k);

	if (mode == MEMMAP_ON_MEMORY_FORCE)
		sysfs_emit(buf, "force\n");
	else
		sysfs_emit(buf, "%c\n", mode == MEMMAP_ON_MEMORY_ENABLE ? 'Y' : 'N');
	return 0;
}
SYSFS_ATTR_RO(memmap_on_memory);

static const struct sysfs_dir_type memory_hotplug_params_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_online_policy,
		&attr_auto_movable_ratio,
		&attr_auto_movable_numa_aware,
		&attr_memmap_on_memory,
		NULL,
	},
};

static const struct sysfs_dir_type memory_hotplug_module_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("parameters", &memory_hotplug_params_dir),
		{ NULL },
	},
};

const struct sysfs_dir_type module_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("memory_hotplug", &memory_hotplug_module_dir),
		SYSFS_SUBDIR_IF("virtio_mem", &virtio_mem_module_dir, virtio_mem_module_visible),
		{ NULL },
	},
};
