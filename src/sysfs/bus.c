// SPDX-License-Identifier: MIT
/*
 * The files of every /sys/bus/<bus>/ and of a driver's directory there
 * (drivers/base/bus.c): drivers_autoprobe, drivers_probe, uevent.
 */
#include <stdio.h>

#include "memhp/mm.h"
#include "sysfs/sysfs_internal.h"

/* any value: there is no driver to probe */
static int drivers_autoprobe_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				   size_t len, struct memhp_err *err)
{
	return 0;
}

/* a device of the bus by name; only memory blocks are known by name */
static int drivers_probe_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			       size_t len, struct memhp_err *err)
{
	char name[64];
	long n;

	sysfs_first_line(name, sizeof(name), buf);
	if (sysfs_parse_numbered(name, "memory", &n) && memory_block_next(obj->k, (unsigned long)n) == n)
		return 0;
	return memhp_err_set(err, -ENODEV, "no device %s on the bus", name);
}

static const struct sysfs_attr bus_attr_drivers_autoprobe = {
	.name = "drivers_autoprobe", .mode = 0644, .show = sysfs_show_text, .store = drivers_autoprobe_store,
	.data = "1\n",
};
SYSFS_ATTR_FULL(bus_attr_drivers_probe, "drivers_probe", 0200, NULL, drivers_probe_store, NULL);
SYSFS_ATTR_FULL(bus_attr_uevent, "uevent", 0200, NULL, sysfs_store_uevent, NULL);

const struct sysfs_attr *const bus_attrs[] = {
	&bus_attr_drivers_autoprobe,
	&bus_attr_drivers_probe,
	&bus_attr_uevent,
	NULL,
};

const struct sysfs_attr bus_driver_attr_uevent = {
	.name = "uevent", .mode = 0200, .store = sysfs_store_uevent,
};
