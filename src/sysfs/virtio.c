// SPDX-License-Identifier: MIT
/*
 * virtio (drivers/virtio/virtio.c, virtio_mem.c): /sys/bus/virtio with the
 * virtio_mem driver's directory, and virtio_mem's module parameters.
 */
#include <stdio.h>
#include <string.h>

#include "lib/strparse.h"
#include "memhp/drivers.h"
#include "memhp/profile.h"
#include "sysfs/sysfs_internal.h"

/* ---- /sys/bus/virtio/drivers/virtio_mem ---- */

/* bind and unbind take a device name, virtioN */
static int virtio_mem_bind_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				 size_t len, struct memhp_err *err)
{
	bool bind = !strcmp(attr->name, "bind");
	char dev[32];
	long idx;
	int ret;

	sysfs_first_line(dev, sizeof(dev), buf);
	if (!sysfs_parse_numbered(dev, "virtio", &idx))
		return memhp_err_set(err, -ENODEV, "no device %s", dev);
	ret = bind ? virtio_mem_bind(obj->k, (int)idx) : virtio_mem_unbind(obj->k, (int)idx);
	return ret ? memhp_err_set(err, ret, "cannot %s %s", attr->name, dev) : 0;
}
SYSFS_ATTR_FULL(attr_bind, "bind", 0200, NULL, virtio_mem_bind_store, NULL);
SYSFS_ATTR_FULL(attr_unbind, "unbind", 0200, NULL, virtio_mem_bind_store, NULL);

static int virtio_mem_driver_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long n;

	if (!strcmp(name, "module"))
		return sysfs_node_link(out, "/sys/module/virtio_mem");
	if (sysfs_parse_numbered(name, "virtio", &n) && virtio_mem_next_bound(obj->k, (int)n) == n)
		return virtio_device_link(obj, (int)n, out);
	return -ENOENT;
}

static void virtio_mem_driver_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_LINK, "module");
	for (int i = virtio_mem_next_bound(obj->k, 0); i >= 0; i = virtio_mem_next_bound(obj->k, i + 1))
		sysfs_fill(fd, SYSFS_LINK, "virtio%d", i);
}

static const struct sysfs_dir_type virtio_mem_driver_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_bind,
		&bus_driver_attr_uevent,
		&attr_unbind,
		NULL,
	},
	.lookup = virtio_mem_driver_lookup,
	.readdir = virtio_mem_driver_readdir,
};

bool virtio_mem_module_visible(const struct sysfs_obj *obj)
{
	return virtio_mem_driver_loaded(obj->k);
}

/* a built-in driver of the build with no device on this machine: binding names a device it does not have */
static int builtin_driver_bind_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				     size_t len, struct memhp_err *err)
{
	char dev[32];

	sysfs_first_line(dev, sizeof(dev), buf);
	return memhp_err_set(err, -ENODEV, "%s: no such device for this driver", dev);
}
SYSFS_ATTR_FULL(builtin_attr_bind, "bind", 0200, NULL, builtin_driver_bind_store, NULL);
SYSFS_ATTR_FULL(builtin_attr_unbind, "unbind", 0200, NULL, builtin_driver_bind_store, NULL);

static const struct sysfs_dir_type virtio_builtin_driver_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&builtin_attr_bind,
		&bus_driver_attr_uevent,
		&builtin_attr_unbind,
		NULL,
	},
};

static int virtio_drivers_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	const char *const *d = kernel_profile_of(obj->k)->config.virtio_builtin_drivers;

	for (int i = 0; d && d[i]; i++)
		if (!strcmp(name, d[i]))
			return sysfs_node_dir(out, obj->k, &virtio_builtin_driver_dir, 0, i, 0);
	return -ENOENT;
}

static void virtio_drivers_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (const char *const *d = kernel_profile_of(obj->k)->config.virtio_builtin_drivers; d && *d; d++)
		sysfs_fill(fd, SYSFS_DIR, "%s", *d);
}

static const struct sysfs_dir_type virtio_drivers_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR_IF("virtio_mem", &virtio_mem_driver_dir, virtio_mem_module_visible),
		{ NULL },
	},
	.lookup = virtio_drivers_lookup,
	.readdir = virtio_drivers_readdir,
};

/* ---- virtioN below its PCI function (drivers/virtio/virtio.c) ---- */

static int vdev_info(const struct sysfs_obj *obj, struct virtio_device_info *vi)
{
	return virtio_device_get(obj->k, (int)obj->id, vi);
}

/* attr->data names the field */
static int vdev_field_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct virtio_device_info vi;
	const char *f = attr->data;
	int ret = vdev_info(obj, &vi);

	if (ret)
		return ret;
	if (!strcmp(f, "device"))
		sysfs_emit(buf, "0x%04x\n", vi.device_id);
	else if (!strcmp(f, "vendor"))
		sysfs_emit(buf, "0x%04x\n", vi.vendor);
	else if (!strcmp(f, "status"))
		sysfs_emit(buf, "0x%08x\n", vi.status);
	else if (!strcmp(f, "modalias"))
		sysfs_emit(buf, "virtio:d%08Xv%08X\n", vi.device_id, vi.vendor);
	else	/* features: one character per bit of the first 64 */
		for (int b = 0; b <= 64; b++)
			sysfs_emit(buf, "%c", b == 64 ? '\n' : (vi.features >> b) & 1 ? '1' : '0');
	return 0;
}

#define VDEV_ATTR(_name) \
	static const struct sysfs_attr vdev_attr_##_name = { \
		.name = #_name, .mode = 0444, .show = vdev_field_show, .data = #_name, \
	}
VDEV_ATTR(device);
VDEV_ATTR(features);
VDEV_ATTR(modalias);
VDEV_ATTR(status);
VDEV_ATTR(vendor);

static void vdev_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	struct virtio_device_info vi;

	if (!vdev_info(obj, &vi))
		sysfs_emit(buf, "MODALIAS=virtio:d%08Xv%08X\n", vi.device_id, vi.vendor);
}

static bool vdev_driver(const struct sysfs_obj *obj, char *buf, size_t size)
{
	struct virtio_device_info vi;

	if (vdev_info(obj, &vi) || !vi.bound)
		return false;
	snprintf(buf, size, "/sys/bus/virtio/drivers/virtio_mem");
	return true;
}

static const struct sysfs_device_type vdev_device = {
	.subsystem = "/sys/bus/virtio",
	.power = true,
	.uevent = vdev_uevent,
	.driver = vdev_driver,
};

/* the object's id is N */
const struct sysfs_dir_type virtio_device_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&vdev_attr_device,
		&vdev_attr_features,
		&vdev_attr_modalias,
		&vdev_attr_status,
		&vdev_attr_vendor,
		NULL,
	},
	.dev = &vdev_device,
};

int virtio_device_link(const struct sysfs_obj *obj, int n, struct sysfs_node *out)
{
	struct virtio_device_info vi;

	if (virtio_device_get(obj->k, n, &vi))
		return -ENOENT;
	return sysfs_node_link(out, "/sys/devices/pci0000:00/0000:00:%02x.0/virtio%d", vi.pci_slot, n);
}

/* devices/: every virtio device virtio_pci found, bound or not */
static int virtio_bus_devices_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long n;

	if (sysfs_parse_numbered(name, "virtio", &n) && n < 1 << 20 && virtio_next_device(obj->k, (int)n) == n)
		return virtio_device_link(obj, (int)n, out);
	return -ENOENT;
}

static void virtio_bus_devices_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (int i = virtio_next_device(obj->k, 0); i >= 0; i = virtio_next_device(obj->k, i + 1))
		sysfs_fill(fd, SYSFS_LINK, "virtio%d", i);
}

static const struct sysfs_dir_type virtio_bus_devices_dir = {
	.lookup = virtio_bus_devices_lookup,
	.readdir = virtio_bus_devices_readdir,
};

bool virtio_bus_visible(const struct sysfs_obj *obj)
{
	return virtio_bus_present(obj->k);
}

const struct sysfs_dir_type virtio_bus_dir = {
	.attrs = bus_attrs,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("devices", &virtio_bus_devices_dir),
		SYSFS_SUBDIR("drivers", &virtio_drivers_dir),
		{ NULL },
	},
};

/* ---- /sys/module/virtio_mem/parameters (Linux 6.1's defaults for the read-only ones) ---- */

SYSFS_ATTR_TEXT(attr_bbm_block_size, "bbm_block_size", 0444, "0\n");
static bool bbm_safe_unplug_visible(const struct sysfs_obj *obj)
{
	return kernel_has(obj->k, KF_VIRTIO_MEM_BBM_SAFE_UNPLUG);
}
static const struct sysfs_attr attr_bbm_safe_unplug = {
	.name = "bbm_safe_unplug", .mode = 0444, .show = sysfs_show_text, .data = "Y\n",
	.is_visible = bbm_safe_unplug_visible,
};
SYSFS_ATTR_TEXT(attr_force_bbm, "force_bbm", 0444, "N\n");

static int unplug_online_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%c\n", virtio_mem_get_unplug_online(obj->k) ? 'Y' : 'N');
	return 0;
}

static int unplug_online_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			       size_t len, struct memhp_err *err)
{
	bool on;

	if (kstrtobool(buf, &on))
		return memhp_err_set(err, -EINVAL, "unplug_online takes a boolean");
	virtio_mem_set_unplug_online(obj->k, on);
	return 0;
}
SYSFS_ATTR_RW(unplug_online);

const struct sysfs_dir_type virtio_mem_params_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_bbm_block_size,
		&attr_bbm_safe_unplug,
		&attr_force_bbm,
		&attr_unplug_online,
		NULL,
	},
};

