// SPDX-License-Identifier: MIT
/*
 * The dax bus (drivers/dax/bus.c): the dev_dax device daxR.N that a bound
 * nd_dax device provides (with its mapping0/), and /sys/bus/dax with its
 * devices and the device_dax and kmem drivers.  The object of a dev_dax is
 * its nd_dax's: @id the region, @index N.
 */
#include <stdio.h>
#include <string.h>

#include "lib/strparse.h"
#include "lib/util.h"
#include "memhp/drivers.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "sysfs/sysfs_internal.h"

static const char *const dax_drivers[] = { "device_dax", "kmem" };

/* the dev_dax exists while its nd_dax is bound */
static int dev_dax_info(const struct sysfs_obj *obj, struct nd_dax_info *di)
{
	return nd_dax_get(obj->k, (int)obj->id, obj->index, di) || !di->bound ? -ENOENT : 0;
}

/* ---- daxR.N/mapping0 ---- */

static int mapping_start_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = dev_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%#llx\n", (unsigned long long)di.start);
	return ret;
}
SYSFS_ATTR_ADMIN_RO_P(mapping, start);

static int mapping_end_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = dev_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%#llx\n", (unsigned long long)(di.start + di.size - 1));
	return ret;
}
SYSFS_ATTR_ADMIN_RO_P(mapping, end);

static int mapping_page_offset_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = dev_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "0x0\n");
	return ret;
}
SYSFS_ATTR_ADMIN_RO_P(mapping, page_offset);

/* a mapping is a device of its own (no bus, no class): uevent and power/ */
static const struct sysfs_device_type dev_dax_mapping_device = {
	.power = true,
};

static const struct sysfs_dir_type dev_dax_mapping_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&mapping_attr_end,
		&mapping_attr_page_offset,
		&mapping_attr_start,
		NULL,
	},
	.dev = &dev_dax_mapping_device,
};

/* ---- daxR.N ---- */

/* align and size are writable in Linux; resizing is not modelled */
static int dev_dax_resize_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				size_t len, struct memhp_err *err)
{
	return memhp_err_set(err, -EOPNOTSUPP, "resizing dax devices is not modelled");
}

static int align_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = dev_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%llu\n", (unsigned long long)di.align);
	return ret;
}
SYSFS_ATTR_FULL(attr_align, "align", 0644, align_show, dev_dax_resize_store, NULL);

/* modalias_show(): the device-dax type, without MODULE_ALIAS_DAX_DEVICE()'s wildcard */
SYSFS_ATTR_TEXT(attr_modalias, "modalias", 0444, "dax:t0\n");

/* numa_node and target_node */
static int target_node_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = dev_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%d\n", di.target_node);
	return ret;
}
SYSFS_ATTR_FULL(attr_numa_node, "numa_node", 0444, target_node_show, NULL, NULL);

static int resource_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = dev_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%#llx\n", (unsigned long long)di.start);
	return ret;
}
SYSFS_ATTR_ADMIN_RO(resource);

static int size_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = dev_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%llu\n", (unsigned long long)di.size);
	return ret;
}
SYSFS_ATTR_FULL(attr_size, "size", 0644, size_show, dev_dax_resize_store, NULL);

/* dev_dax_visible(): target_node only with a target node */
static bool target_node_visible(const struct sysfs_obj *obj)
{
	struct nd_dax_info di;

	return !nd_dax_get(obj->k, (int)obj->id, obj->index, &di) && di.target_node >= 0;
}
SYSFS_ATTR_FULL(attr_target_node, "target_node", 0444, target_node_show, NULL, target_node_visible);

/* a device with a devt: MAJOR:MINOR */
static int dev_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = dev_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%d:%d\n", DAX_CHRDEV_MAJOR, di.minor);
	return ret;
}
SYSFS_ATTR_RO(dev);

static int memmap_on_memory_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = dev_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%d\n", di.memmap_on_memory);
	return ret;
}

static int memmap_on_memory_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				  size_t len, struct memhp_err *err)
{
	bool on;

	if (kstrtobool(buf, &on))
		return memhp_err_set(err, -EINVAL, "memmap_on_memory takes a boolean");
	return dev_dax_set_memmap_on_memory(obj->k, (int)obj->id, obj->index, on, err);
}

static bool memmap_on_memory_visible(const struct sysfs_obj *obj)
{
	return kernel_has(obj->k, KF_DAX_MEMMAP_ON_MEMORY);
}
SYSFS_ATTR_FULL(attr_memmap_on_memory, "memmap_on_memory", 0644, memmap_on_memory_show, memmap_on_memory_store,
		memmap_on_memory_visible);

static const struct sysfs_attr *const dev_dax_attrs[] = {
	&attr_align,
	&attr_dev,
	&attr_memmap_on_memory,
	&attr_modalias,
	&attr_numa_node,
	&attr_resource,
	&attr_size,
	&attr_target_node,
	NULL,
};

/* the character device's variables; the core adds DRIVER= */
static void dev_dax_uevent_dev(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	struct nd_dax_info di;

	if (!dev_dax_info(obj, &di))
		sysfs_emit(buf, "MAJOR=%d\nMINOR=%d\nDEVNAME=dax%ld.%d\n", DAX_CHRDEV_MAJOR, di.minor, obj->id,
			   obj->index);
}

static void dev_dax_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "MODALIAS=dax:t0\n");
}

static bool dev_dax_driver(const struct sysfs_obj *obj, char *buf, size_t size)
{
	struct nd_dax_info di;

	if (nd_dax_get(obj->k, (int)obj->id, obj->index, &di) || !di.driver)
		return false;
	snprintf(buf, size, "/sys/bus/dax/drivers/%s", di.driver);
	return true;
}

static const struct sysfs_device_type dev_dax_device = {
	.subsystem = "/sys/bus/dax",
	.power = true,
	.uevent_dev = dev_dax_uevent_dev,
	.uevent = dev_dax_uevent,
	.driver = dev_dax_driver,
};

const struct sysfs_dir_type dev_dax_dir = {
	.attrs = dev_dax_attrs,
	.dev = &dev_dax_device,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("mapping0", &dev_dax_mapping_dir),
		{ NULL },
	},
};

/* ---- /sys/bus/dax ---- */

/* daxR.N, an existing dax device: R with N in @idx, or -1 */
static int dax_parse(struct kernel *k, const char *name, int *idx, struct nd_dax_info *di)
{
	enum nd_child_kind kind;
	int r = nd_parse_child(k, name, &kind, idx);

	return r >= 0 && kind == ND_DAX && !nd_dax_get(k, r, *idx, di) ? r : -1;
}

static int dax_bus_devices_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	struct nd_dax_info di;
	int idx, r = dax_parse(obj->k, name, &idx, &di);

	if (r < 0 || !di.bound)
		return -ENOENT;
	return sysfs_node_link(out, ND_BUS_PATH "/region%d/%.16s/%.16s", r, name, name);
}

/* the bound dax devices, those of driver @drv only unless it is NULL */
static void dax_devices_fill(struct kernel *k, const char *drv, struct sysfs_filldir *fd)
{
	for (int r = 0; r < nd_region_count(k); r++) {
		for (int d = 0; d < nd_dax_count(k, r); d++) {
			struct nd_dax_info di;

			if (nd_dax_get(k, r, d, &di) || !di.bound)
				continue;
			if (drv && (!di.driver || strcmp(di.driver, drv)))
				continue;
			sysfs_fill(fd, SYSFS_LINK, "dax%d.%d", r, d);
		}
	}
}

static void dax_bus_devices_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	dax_devices_fill(obj->k, NULL, fd);
}

static const struct sysfs_dir_type dax_bus_devices_dir = {
	.lookup = dax_bus_devices_lookup,
	.readdir = dax_bus_devices_readdir,
};

/* ---- /sys/bus/dax/drivers/<driver>: the object's index is the driver's in dax_drivers[] ---- */

/* bind, unbind, new_id, remove_id: a device name or id, to the driver */
static int dax_driver_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
			    struct memhp_err *err)
{
	char value[64];

	sysfs_first_line(value, sizeof(value), buf);
	return dax_driver_write(obj->k, dax_drivers[obj->index], attr->name, value, err);
}
SYSFS_ATTR_FULL(driver_attr_bind, "bind", 0200, NULL, dax_driver_store, NULL);
SYSFS_ATTR_FULL(driver_attr_new_id, "new_id", 0200, NULL, dax_driver_store, NULL);
SYSFS_ATTR_FULL(driver_attr_remove_id, "remove_id", 0200, NULL, dax_driver_store, NULL);
SYSFS_ATTR_FULL(driver_attr_unbind, "unbind", 0200, NULL, dax_driver_store, NULL);

static int dax_driver_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	const char *drv = dax_drivers[obj->index];
	struct nd_dax_info di;
	int idx, r;

	if (!strcmp(name, "module")) {
		char bus_drv[32];
		const char *mod;

		snprintf(bus_drv, sizeof(bus_drv), "dax:%s", drv);
		mod = kernel_driver_module(obj->k, bus_drv);
		return mod ? sysfs_node_link(out, "/sys/module/%s", mod) : -ENOENT;
	}
	r = dax_parse(obj->k, name, &idx, &di);
	if (r >= 0 && di.driver && !strcmp(di.driver, drv))
		return sysfs_node_link(out, ND_BUS_PATH "/region%d/%.16s/%.16s", r, name, name);
	return -ENOENT;
}

static void dax_driver_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_LINK, "module");
	dax_devices_fill(obj->k, dax_drivers[obj->index], fd);
}

static const struct sysfs_dir_type dax_driver_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&driver_attr_bind,
		&driver_attr_new_id,
		&driver_attr_remove_id,
		&bus_driver_attr_uevent,
		&driver_attr_unbind,
		NULL,
	},
	.lookup = dax_driver_lookup,
	.readdir = dax_driver_readdir,
};

static int dax_drivers_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(dax_drivers); i++)
		if (!strcmp(name, dax_drivers[i]) && dax_driver_loaded(obj->k, name))
			return sysfs_node_dir(out, obj->k, &dax_driver_dir, 0, (int)i, 0);
	return -ENOENT;
}

static void dax_drivers_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (size_t i = 0; i < ARRAY_SIZE(dax_drivers); i++)
		if (dax_driver_loaded(obj->k, dax_drivers[i]))
			sysfs_fill(fd, SYSFS_DIR, "%s", dax_drivers[i]);
}

static const struct sysfs_dir_type dax_drivers_dir = {
	.lookup = dax_drivers_lookup,
	.readdir = dax_drivers_readdir,
};

const struct sysfs_dir_type dax_bus_dir = {
	.attrs = bus_attrs,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("devices", &dax_bus_devices_dir),
		SYSFS_SUBDIR("drivers", &dax_drivers_dir),
		{ NULL },
	},
};
