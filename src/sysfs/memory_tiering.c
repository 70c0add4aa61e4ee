// SPDX-License-Identifier: MIT
/*
 * Memory tiers (mm/memory-tiers.c): /sys/devices/virtual/memory_tiering,
 * the root of the memory_tiering bus, holds one memory_tierN per tier
 * that has nodes, with the tier's nodes in nodelist; /sys/bus/memory_tiering
 * lists them.
 */
#include "lib/strparse.h"
#include "memhp/firmware.h"
#include "memhp/mm.h"
#include "sysfs/sysfs_internal.h"

static bool tier_exists(const struct kernel *k, long tier)
{
	return tier >= 0 && tier <= INT32_MAX && memory_tier_next(k, (int)tier) == tier;
}

static int nodelist_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	uint64_t nodes = memory_tier_nodes(obj->k, (int)obj->id);
	char list[256];

	format_range_list(&nodes, MAX_NUMNODES, list, sizeof(list));
	sysfs_emit(buf, "%s\n", list);
	return 0;
}
SYSFS_ATTR_RO(nodelist);

static const struct sysfs_device_type memory_tier_device = {
	.subsystem = "/sys/bus/memory_tiering",
	.power = true,
};

static const struct sysfs_dir_type memory_tier_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_nodelist,
		NULL,
	},
	.dev = &memory_tier_device,
};

static void memory_tiers_fill(const struct sysfs_obj *obj, struct sysfs_filldir *fd, enum sysfs_kind kind)
{
	for (int tier = memory_tier_next(obj->k, 0); tier >= 0; tier = memory_tier_next(obj->k, tier + 1))
		sysfs_fill_numbered(fd, kind, "memory_tier", tier);
}

static int memory_tiering_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long tier;

	if (sysfs_parse_numbered(name, "memory_tier", &tier) && tier_exists(obj->k, tier))
		return sysfs_node_dir(out, obj->k, &memory_tier_dir, tier, 0, 0);
	return -ENOENT;
}

static void memory_tiering_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	memory_tiers_fill(obj, fd, SYSFS_DIR);
}

/* the bus's root device: uevent and power/, no subsystem link */
static const struct sysfs_device_type memory_tiering_device = {
	.power = true,
};

const struct sysfs_dir_type memory_tiering_dir = {
	.dev = &memory_tiering_device,
	.lookup = memory_tiering_lookup,
	.readdir = memory_tiering_readdir,
};

/* ---- /sys/bus/memory_tiering ---- */

static int memory_tiering_bus_devices_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long tier;

	if (sysfs_parse_numbered(name, "memory_tier", &tier) && tier_exists(obj->k, tier))
		return sysfs_node_link(out, "/sys/devices/virtual/memory_tiering/memory_tier%ld", tier);
	return -ENOENT;
}

static void memory_tiering_bus_devices_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	memory_tiers_fill(obj, fd, SYSFS_LINK);
}

static const struct sysfs_dir_type memory_tiering_bus_devices_dir = {
	.lookup = memory_tiering_bus_devices_lookup,
	.readdir = memory_tiering_bus_devices_readdir,
};

const struct sysfs_dir_type memory_tiering_bus_dir = {
	.attrs = bus_attrs,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("devices", &memory_tiering_bus_devices_dir),
		SYSFS_SUBDIR("drivers", &sysfs_empty_dir),
		{ NULL },
	},
};
