// SPDX-License-Identifier: MIT
/*
 * /sys/bus/platform (drivers/base/platform.c): the platform devices of
 * the tree (nd_e820's e820_pmem while it is loaded, and the platform's own
 * from the static tree) and the drivers memhp models (e820_pmem).
 */
#include <string.h>

#include "sysfs/sysfs_internal.h"

#define PLATFORM_PATH "/sys/devices/platform"

/* a static child of /sys/devices/platform is a device if it has a uevent */
static bool static_platform_device(const struct sysfs_obj *obj, const char *name)
{
	struct sysfs_node n, u;

	if (static_tree_lookup(obj, PLATFORM_PATH, name, &n) || n.kind != SYSFS_DIR)
		return false;
	return !n.obj.type->lookup(&n.obj, "uevent", &u);
}

static int platform_devices_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if ((!strcmp(name, "e820_pmem") && nd_bus_visible(obj)) || static_platform_device(obj, name))
		return sysfs_node_link(out, PLATFORM_PATH "/%s", name);
	return -ENOENT;
}

struct filter_ctx {
	const struct sysfs_obj *obj;
	struct sysfs_filldir *fd;
};

static void platform_device_fill(void *opaque, const char *name, enum sysfs_kind kind)
{
	struct filter_ctx *c = opaque;

	if (static_platform_device(c->obj, name))
		sysfs_fill(c->fd, SYSFS_LINK, "%s", name);
}

static void platform_devices_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	struct filter_ctx c = { obj, fd };

	if (nd_bus_visible(obj))
		sysfs_fill(fd, SYSFS_LINK, "e820_pmem");
	static_tree_readdir(obj, PLATFORM_PATH, &(struct sysfs_filldir){ platform_device_fill, &c });
}

static const struct sysfs_dir_type platform_devices_dir = {
	.lookup = platform_devices_lookup,
	.readdir = platform_devices_readdir,
};

static const struct sysfs_dir_type platform_drivers_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR_IF("e820_pmem", &e820_pmem_driver_dir, nd_bus_visible),
		{ NULL },
	},
};

const struct sysfs_dir_type platform_bus_dir = {
	.attrs = bus_attrs,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("devices", &platform_devices_dir),
		SYSFS_SUBDIR("drivers", &platform_drivers_dir),
		{ NULL },
	},
};
