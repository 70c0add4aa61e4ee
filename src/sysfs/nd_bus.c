// SPDX-License-Identifier: MIT
/*
 * The nvdimm bus device's own files (drivers/nvdimm/bus.c, core.c):
 * /sys/devices/platform/e820_pmem/ndbus0's provider, commands, wait_probe,
 * firmware/ and nd/ndctl0, the bus's control character device, which
 * /sys/class/nd lists; and /sys/dev/char for the character devices the
 * model has (ndctl0 and the bound dev_dax devices; a guest's other devices,
 * its terminals and the like, are not modelled).  nd.c holds the regions
 * and their devices below.
 */
#include <stdio.h>
#include <string.h>

#include "memhp/drivers.h"
#include "memhp/profile.h"
#include "sysfs/sysfs_internal.h"

#define ND_CTL_PATH ND_BUS_PATH "/nd/ndctl0"

/* nd_e820's bus: no DIMM commands, and the provider is e820 */
SYSFS_ATTR_TEXT(ndbus_attr_commands, "commands", 0444, "\n");
SYSFS_ATTR_TEXT(ndbus_attr_provider, "provider", 0444, "e820\n");

/* wait_probe: probing is synchronous in the model, so it is always done */
static int wait_probe_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "1\n");
	return 0;
}
static const struct sysfs_attr ndbus_attr_wait_probe = {
	.name = "wait_probe", .mode = 0444, .show = wait_probe_show,
};

const struct sysfs_attr *const ndbus_attrs[] = {
	&ndbus_attr_commands,
	&ndbus_attr_provider,
	&ndbus_attr_wait_probe,
	NULL,
};

static void ndbus_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "MODALIAS=nd:t0\n");
}

static bool ndbus_driver(const struct sysfs_obj *obj, char *buf, size_t size)
{
	snprintf(buf, size, "/sys/bus/nd/drivers/nd_bus");
	return true;
}

const struct sysfs_device_type ndbus_device = {
	.subsystem = "/sys/bus/nd",
	.uevent = ndbus_uevent,
	.driver = ndbus_driver,
};

/* ---- ndctl0: the bus's ioctl device ---- */

static int ndctl_dev_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%d:0\n", kernel_profile_of(obj->k)->config.nd_ctl_major);
	return 0;
}
static const struct sysfs_attr ndctl_attr_dev = { .name = "dev", .mode = 0444, .show = ndctl_dev_show };

static void ndctl_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "MAJOR=%d\nMINOR=0\nDEVNAME=ndctl0\n", kernel_profile_of(obj->k)->config.nd_ctl_major);
}

static const struct sysfs_device_type ndctl_device = {
	.subsystem = "/sys/class/nd",
	.uevent_dev = ndctl_uevent,
};

static int ndctl_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (!strcmp(name, "device"))
		return sysfs_node_link(out, ND_BUS_PATH);
	return -ENOENT;
}

static void ndctl_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_LINK, "device");
}

static const struct sysfs_dir_type ndctl_dir = {
	.attrs = (const struct sysfs_attr *const[]){ &ndctl_attr_dev, NULL },
	.dev = &ndctl_device,
	.lookup = ndctl_lookup,
	.readdir = ndctl_readdir,
};

static const struct sysfs_dir_type ndbus_nd_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("ndctl0", &ndctl_dir),
		{ NULL },
	},
};

/* the subdirectories of ndbus0 besides its regions */
const struct sysfs_subdir ndbus_subdirs[] = {
	SYSFS_SUBDIR("firmware", &sysfs_empty_dir),	/* no DIMM firmware to activate */
	SYSFS_SUBDIR("nd", &ndbus_nd_dir),
	{ NULL },
};

/* ---- /sys/class/nd ---- */

static int class_nd_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (!strcmp(name, "ndctl0"))
		return sysfs_node_link(out, ND_CTL_PATH);
	return -ENOENT;
}

static void class_nd_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_LINK, "ndctl0");
}

const struct sysfs_dir_type class_nd_dir = {
	.lookup = class_nd_lookup,
	.readdir = class_nd_readdir,
};

/* ---- /sys/dev/char: MAJOR:MINOR of the character devices the model has ---- */

/* the /sys/dev/char entries of libnvdimm's devices: ndctl0 and the dax devices */
int nd_dev_char_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	unsigned int major, minor;
	int len = 0;

	if (sscanf(name, "%u:%u%n", &major, &minor, &len) != 2 || name[len])
		return -ENOENT;
	if (nd_bus_present(obj->k) && (int)major == kernel_profile_of(obj->k)->config.nd_ctl_major && !minor)
		return sysfs_node_link(out, ND_CTL_PATH);
	if (major != DAX_CHRDEV_MAJOR)
		return -ENOENT;
	for (int r = 0; r < nd_region_count(obj->k); r++)
		for (int d = 0; d < nd_dax_count(obj->k, r); d++) {
			struct nd_dax_info di;

			if (!nd_dax_get(obj->k, r, d, &di) && di.bound && di.minor == (int)minor)
				return sysfs_node_link(out, ND_BUS_PATH "/region%d/dax%d.%d/dax%d.%d", r, r, d, r, d);
		}
	return -ENOENT;
}

void nd_dev_char_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	if (nd_bus_present(obj->k))
		sysfs_fill(fd, SYSFS_LINK, "%d:0", kernel_profile_of(obj->k)->config.nd_ctl_major);
	for (int r = 0; r < nd_region_count(obj->k); r++)
		for (int d = 0; d < nd_dax_count(obj->k, r); d++) {
			struct nd_dax_info di;

			if (!nd_dax_get(obj->k, r, d, &di) && di.bound && di.minor >= 0)
				sysfs_fill(fd, SYSFS_LINK, "%d:%d", DAX_CHRDEV_MAJOR, di.minor);
		}
}

/* ---- /sys/devices/platform/e820_pmem: nd_e820's platform device ---- */

SYSFS_ATTR_TEXT(e820_pmem_attr_modalias, "modalias", 0444, "platform:e820_pmem\n");

/* driver_override: none set; the model keeps no override, so setting one is refused */
static int driver_override_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				 size_t len, struct memhp_err *err)
{
	return memhp_err_set(err, -EOPNOTSUPP, "memhp does not model driver overrides");
}
static const struct sysfs_attr e820_pmem_attr_driver_override = {
	.name = "driver_override", .mode = 0644, .show = sysfs_show_text, .store = driver_override_store,
	.data = "(null)\n",
};

const struct sysfs_attr *const e820_pmem_attrs[] = {
	&e820_pmem_attr_driver_override,
	&e820_pmem_attr_modalias,
	NULL,
};

static void e820_pmem_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "MODALIAS=platform:e820_pmem\n");
}

static bool e820_pmem_driver(const struct sysfs_obj *obj, char *buf, size_t size)
{
	snprintf(buf, size, "/sys/bus/platform/drivers/e820_pmem");
	return true;
}

const struct sysfs_device_type e820_pmem_device = {
	.subsystem = "/sys/bus/platform",
	.power = true,
	.uevent = e820_pmem_uevent,
	.driver = e820_pmem_driver,
};

/* ---- /sys/bus/platform/drivers/e820_pmem ---- */

/* the one device is bound for as long as nd_e820 is loaded */
static int e820_pmem_bind_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				size_t len, struct memhp_err *err)
{
	char dev[64];

	sysfs_first_line(dev, sizeof(dev), buf);
	if (strcmp(dev, "e820_pmem"))
		return memhp_err_set(err, -ENODEV, "no platform device %s", dev);
	if (!strcmp(attr->name, "bind"))
		return memhp_err_set(err, -EBUSY, "e820_pmem is bound already");
	return memhp_err_set(err, -EOPNOTSUPP, "memhp does not model unbinding e820_pmem (remove nd_e820's bus)");
}
SYSFS_ATTR_FULL(e820_drv_attr_bind, "bind", 0200, NULL, e820_pmem_bind_store, NULL);
SYSFS_ATTR_FULL(e820_drv_attr_unbind, "unbind", 0200, NULL, e820_pmem_bind_store, NULL);

static int e820_drv_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (!strcmp(name, "e820_pmem"))
		return sysfs_node_link(out, "/sys/devices/platform/e820_pmem");
	if (!strcmp(name, "module"))
		return sysfs_node_link(out, "/sys/module/nd_e820");
	return -ENOENT;
}

static void e820_drv_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_LINK, "e820_pmem");
	sysfs_fill(fd, SYSFS_LINK, "module");
}

const struct sysfs_dir_type e820_pmem_driver_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&e820_drv_attr_bind,
		&bus_driver_attr_uevent,
		&e820_drv_attr_unbind,
		NULL,
	},
	.lookup = e820_drv_lookup,
	.readdir = e820_drv_readdir,
};
