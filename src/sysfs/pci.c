// SPDX-License-Identifier: MIT
/*
 * The PCI functions memhp models (drivers/pci): the virtio-mem-pci
 * devices, each at /sys/devices/pci0000:00/0000:00:SS.0 with its virtioN,
 * bound to virtio-pci; and /sys/bus/pci with that driver.  The machine's
 * other PCI functions (host bridge, PIIX3, VGA) are not modelled, nor are
 * a function's own configuration files.  A function's object id is its
 * virtio index.
 */
#include <stdio.h>
#include <string.h>

#include "memhp/drivers.h"
#include "sysfs/sysfs_internal.h"

/* the virtio index on PCI function "0000:00:SS.0", or -1 */
static int function_of_name(const struct sysfs_obj *obj, const char *name)
{
	unsigned int slot;
	int len = 0;

	if (sscanf(name, "0000:00:%2x.0%n", &slot, &len) != 1 || name[len] || len != 12)
		return -1;
	for (int i = virtio_next_device(obj->k, 0); i >= 0; i = virtio_next_device(obj->k, i + 1)) {
		struct virtio_device_info vi;

		if (!virtio_device_get(obj->k, i, &vi) && vi.pci_slot == slot)
			return i;
	}
	return -1;
}

static void functions_fill(const struct sysfs_obj *obj, struct sysfs_filldir *fd, enum sysfs_kind kind)
{
	for (int i = virtio_next_device(obj->k, 0); i >= 0; i = virtio_next_device(obj->k, i + 1)) {
		struct virtio_device_info vi;

		if (!virtio_device_get(obj->k, i, &vi))
			sysfs_fill(fd, kind, "0000:00:%02x.0", vi.pci_slot);
	}
}

/* ---- 0000:00:SS.0 ---- */

static bool function_driver(const struct sysfs_obj *obj, char *buf, size_t size)
{
	snprintf(buf, size, "/sys/bus/pci/drivers/virtio-pci");
	return true;
}

static const struct sysfs_device_type function_device = {
	.subsystem = "/sys/bus/pci",
	.power = true,
	.driver = function_driver,
};

static int function_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long n;

	if (sysfs_parse_numbered(name, "virtio", &n) && n == obj->id)
		return sysfs_node_dir(out, obj->k, &virtio_device_dir, n, 0, 0);
	return -ENOENT;
}

static void function_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill_numbered(fd, SYSFS_DIR, "virtio", obj->id);
}

static const struct sysfs_dir_type function_dir = {
	.dev = &function_device,
	.lookup = function_lookup,
	.readdir = function_readdir,
};

/* ---- /sys/devices/pci0000:00 ---- */

static int pci_root_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	int i = function_of_name(obj, name);

	return i < 0 ? -ENOENT : sysfs_node_dir(out, obj->k, &function_dir, i, 0, 0);
}

static void pci_root_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	functions_fill(obj, fd, SYSFS_DIR);
}

const struct sysfs_dir_type pci_root_dir = {
	.lookup = pci_root_lookup,
	.readdir = pci_root_readdir,
};

/* ---- /sys/bus/pci ---- */

static int pci_devices_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (function_of_name(obj, name) < 0)
		return -ENOENT;
	return sysfs_node_link(out, "/sys/devices/pci0000:00/%.12s", name);
}

static void pci_devices_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	functions_fill(obj, fd, SYSFS_LINK);
}

static const struct sysfs_dir_type pci_devices_dir = {
	.lookup = pci_devices_lookup,
	.readdir = pci_devices_readdir,
};

/* bind, unbind, new_id, remove_id: virtio-pci keeps every function it has */
static int virtio_pci_driver_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				   size_t len, struct memhp_err *err)
{
	char dev[32];

	sysfs_first_line(dev, sizeof(dev), buf);
	if (!strcmp(attr->name, "new_id") || !strcmp(attr->name, "remove_id"))
		return memhp_err_set(err, -EOPNOTSUPP, "memhp does not model dynamic PCI ids");
	if (function_of_name(obj, dev) < 0)
		return memhp_err_set(err, -ENODEV, "no PCI function %s", dev);
	if (!strcmp(attr->name, "bind"))
		return memhp_err_set(err, -EBUSY, "%s is bound already", dev);
	return memhp_err_set(err, -EOPNOTSUPP, "memhp does not model unbinding virtio-pci");
}
SYSFS_ATTR_FULL(vpci_attr_bind, "bind", 0200, NULL, virtio_pci_driver_store, NULL);
SYSFS_ATTR_FULL(vpci_attr_new_id, "new_id", 0200, NULL, virtio_pci_driver_store, NULL);
SYSFS_ATTR_FULL(vpci_attr_remove_id, "remove_id", 0200, NULL, virtio_pci_driver_store, NULL);
SYSFS_ATTR_FULL(vpci_attr_unbind, "unbind", 0200, NULL, virtio_pci_driver_store, NULL);

static int virtio_pci_driver_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (!strcmp(name, "module"))
		return sysfs_node_link(out, "/sys/module/virtio_pci");
	return pci_devices_lookup(obj, name, out);
}

static void virtio_pci_driver_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_LINK, "module");
	functions_fill(obj, fd, SYSFS_LINK);
}

static const struct sysfs_dir_type virtio_pci_driver_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&vpci_attr_bind,
		&vpci_attr_new_id,
		&vpci_attr_remove_id,
		&bus_driver_attr_uevent,
		&vpci_attr_unbind,
		NULL,
	},
	.lookup = virtio_pci_driver_lookup,
	.readdir = virtio_pci_driver_readdir,
};

static const struct sysfs_dir_type pci_drivers_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR_IF("virtio-pci", &virtio_pci_driver_dir, virtio_pci_visible),
		{ NULL },
	},
};

bool virtio_pci_visible(const struct sysfs_obj *obj)
{
	return virtio_pci_present(obj->k);
}

const struct sysfs_dir_type pci_bus_dir = {
	.attrs = bus_attrs,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("devices", &pci_devices_dir),
		SYSFS_SUBDIR("drivers", &pci_drivers_dir),
		{ NULL },
	},
};
