// SPDX-License-Identifier: MIT
/*
 * /sys/module (kernel/params.c, kernel/module/sysfs.c): memory_hotplug's
 * parameters (mm/memory_hotplug.c), and a directory per loaded loadable
 * module with its state, references, holders and drivers (virtio_mem's
 * parameters sit with the rest of virtio in virtio.c).  Not modelled: the
 * built-in modules' entries, and what describes a module's binary (sizes,
 * sections, notes, versions).
 */
#include <string.h>

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

/* ---- a loaded loadable module (kernel/module/sysfs.c): the object's index is its place in load order ---- */

static const char *module_name(const struct sysfs_obj *obj)
{
	return kernel_loaded_module_at(obj->k, obj->index);
}

static int module_info(const struct sysfs_obj *obj, struct loaded_module_info *info)
{
	const char *name = module_name(obj);

	return name ? kernel_loaded_module_get(obj->k, name, info) : -ENOENT;
}

/* the model unloads no module: each one stays live */
SYSFS_ATTR_TEXT(module_attr_initstate, "initstate", 0444, "live\n");
/* init sections are freed once init is done */
SYSFS_ATTR_TEXT(module_attr_initsize, "initsize", 0444, "0\n");
/* no taint: every module is Debian's own, signed */
SYSFS_ATTR_TEXT(module_attr_taint, "taint", 0444, "\n");

/* refcnt: the loaded modules that depend on it hold one each */
static int refcnt_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct loaded_module_info info;
	int ret = module_info(obj, &info);

	if (!ret)
		sysfs_emit(buf, "%d\n", info.nr_holders);
	return ret;
}
static const struct sysfs_attr module_attr_refcnt = { .name = "refcnt", .mode = 0444, .show = refcnt_show };
static const struct sysfs_attr module_attr_uevent = { .name = "uevent", .mode = 0200, .store = sysfs_store_uevent };

static int holders_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	struct loaded_module_info info;

	if (!module_info(obj, &info))
		for (int i = 0; i < info.nr_holders; i++)
			if (!strcmp(name, info.holders[i]))
				return sysfs_node_link(out, "/sys/module/%s", name);
	return -ENOENT;
}

static void holders_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	struct loaded_module_info info;

	if (!module_info(obj, &info))
		for (int i = 0; i < info.nr_holders; i++)
			sysfs_fill(fd, SYSFS_LINK, "%s", info.holders[i]);
}

static const struct sysfs_dir_type module_holders_dir = {
	.lookup = holders_lookup,
	.readdir = holders_readdir,
};

/* drivers/BUS:DRIVER -> /sys/bus/BUS/drivers/DRIVER */
static int drivers_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	struct loaded_module_info info;

	if (!module_info(obj, &info))
		for (const char *const *d = info.drivers; d && *d; d++)
			if (!strcmp(name, *d)) {
				size_t bus_len = strcspn(*d, ":");

				return sysfs_node_link(out, "/sys/bus/%.*s/drivers/%s", (int)bus_len, *d, *d + bus_len + 1);
			}
	return -ENOENT;
}

static void drivers_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	struct loaded_module_info info;

	if (!module_info(obj, &info))
		for (const char *const *d = info.drivers; d && *d; d++)
			sysfs_fill(fd, SYSFS_LINK, "%s", *d);
}

static const struct sysfs_dir_type module_drivers_dir = {
	.lookup = drivers_lookup,
	.readdir = drivers_readdir,
};

static bool module_drivers_visible(const struct sysfs_obj *obj)
{
	struct loaded_module_info info;

	return !module_info(obj, &info) && info.drivers;
}

static bool module_virtio_mem_params_visible(const struct sysfs_obj *obj)
{
	const char *name = module_name(obj);

	return name && !strcmp(name, "virtio_mem");
}

static const struct sysfs_dir_type module_instance_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&module_attr_initsize,
		&module_attr_initstate,
		&module_attr_refcnt,
		&module_attr_taint,
		&module_attr_uevent,
		NULL,
	},
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR_IF("drivers", &module_drivers_dir, module_drivers_visible),
		SYSFS_SUBDIR("holders", &module_holders_dir),
		SYSFS_SUBDIR_IF("parameters", &virtio_mem_params_dir, module_virtio_mem_params_visible),
		{ NULL },
	},
};

static int module_root_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	const char *m;

	for (int i = 0; (m = kernel_loaded_module_at(obj->k, i)); i++)
		if (!strcmp(m, name))
			return sysfs_node_dir(out, obj->k, &module_instance_dir, 0, i, 0);
	return -ENOENT;
}

static void module_root_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	const char *m;

	for (int i = 0; (m = kernel_loaded_module_at(obj->k, i)); i++)
		sysfs_fill(fd, SYSFS_DIR, "%s", m);
}

const struct sysfs_dir_type module_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("memory_hotplug", &memory_hotplug_module_dir),
		{ NULL },
	},
	.lookup = module_root_lookup,
	.readdir = module_root_readdir,
};
