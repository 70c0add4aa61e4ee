// SPDX-License-Identifier: MIT
/*
 * Memory blocks (drivers/base/memory.c): /sys/devices/system/memory, its
 * memoryN devices and /sys/bus/memory.  Values and writes go through the
 * memory block API of memhp/mm.h.
 */
#include <stdio.h>
#include <string.h>

#include "lib/strparse.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "sysfs/sysfs_internal.h"

static int parse_mmop_word(const char *s)
{
	for (int i = 0; i < MMOP_COUNT; i++)
		if (sysfs_streq(s, mmop_names[i]))
			return i;
	return -EINVAL;
}

/* ---- memoryN ---- */

static int phys_index_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%08lx\n", (unsigned long)obj->id);
	return 0;
}
SYSFS_ATTR_RO(phys_index);

static int state_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct memory_block_info info;

	if (memory_block_get_info(obj->k, (unsigned long)obj->id, &info))
		return -ENOENT;
	sysfs_emit(buf, "%s\n", info.online ? "online" : info.going_offline ? "going-offline" : "offline");
	return 0;
}

static int state_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
		       struct memhp_err *err)
{
	int type = parse_mmop_word(buf);

	if (type < 0)
		return memhp_err_set(err, -EINVAL, "state takes offline, online, online_kernel or online_movable");
	return memory_block_store_state(obj->k, (unsigned long)obj->id, (enum mmop)type, err);
}
SYSFS_ATTR_RW(state);

/* "online": 1 while online or going offline */
static int online_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct memory_block_info info;

	if (memory_block_get_info(obj->k, (unsigned long)obj->id, &info))
		return -ENOENT;
	sysfs_emit(buf, "%d\n", info.online || info.going_offline ? 1 : 0);
	return 0;
}

static int online_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
			struct memhp_err *err)
{
	bool on;

	if (kstrtobool(buf, &on))
		return memhp_err_set(err, -EINVAL, "online takes a boolean (1/0, y/n, on/off)");
	return memory_block_store_online(obj->k, (unsigned long)obj->id, on, err);
}
SYSFS_ATTR_RW(online);

SYSFS_ATTR_TEXT(attr_phys_device, "phys_device", 0444, "0\n");
SYSFS_ATTR_TEXT(attr_removable, "removable", 0444, "1\n");

static int valid_zones_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	char zones[256];

	memory_block_valid_zones(obj->k, (unsigned long)obj->id, zones, sizeof(zones));
	sysfs_emit(buf, "%s\n", zones);
	return 0;
}
SYSFS_ATTR_RO(valid_zones);

static const struct sysfs_attr *const memory_block_attrs[] = {
	&attr_phys_index,
	&attr_state,
	&attr_online,
	&attr_phys_device,
	&attr_removable,
	&attr_valid_zones,
	NULL,
};

static const struct sysfs_device_type memory_block_device = {
	.subsystem = "/sys/bus/memory",
	.power = true,
};

/* firmware_node (the DIMM's ACPI device) and nodeN */
static int memory_block_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	struct memory_block_info info;
	long nid;

	if (memory_block_get_info(obj->k, (unsigned long)obj->id, &info))
		return -ENOENT;
	if (!strcmp(name, "firmware_node") && info.acpi_slot >= 0)
		return sysfs_node_link(out, "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:%02x",
				       info.acpi_slot);
	if (sysfs_parse_numbered(name, "node", &nid) && nid < MAX_NUMNODES && ((info.nodes_linked >> nid) & 1))
		return sysfs_node_link(out, "/sys/devices/system/node/node%ld", nid);
	return -ENOENT;
}

static void memory_block_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	struct memory_block_info info;

	if (memory_block_get_info(obj->k, (unsigned long)obj->id, &info))
		return;
	if (info.acpi_slot >= 0)
		sysfs_fill(fd, SYSFS_LINK, "firmware_node");
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if ((info.nodes_linked >> nid) & 1)
			sysfs_fill(fd, SYSFS_LINK, "node%d", nid);
}

static const struct sysfs_dir_type memory_block_dir = {
	.attrs = memory_block_attrs,
	.dev = &memory_block_device,
	.lookup = memory_block_lookup,
	.readdir = memory_block_readdir,
};

/* ---- /sys/devices/system/memory ---- */

static int block_size_bytes_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%llx\n", (unsigned long long)memory_block_size_bytes(obj->k));
	return 0;
}
SYSFS_ATTR_RO(block_size_bytes);

static int auto_online_blocks_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%s\n", mmop_names[mhp_get_default_online_type(obj->k)]);
	return 0;
}

static int auto_online_blocks_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				    size_t len, struct memhp_err *err)
{
	int type = parse_mmop_word(buf);

	if (type < 0)
		return memhp_err_set(err, -EINVAL,
				     "auto_online_blocks takes offline, online, online_kernel or online_movable");
	mhp_set_default_online_type(obj->k, (enum mmop)type);
	return 0;
}
SYSFS_ATTR_RW(auto_online_blocks);

/* soft_offline_page and hard_offline_page: a physical address; memory failure is not modelled */
static int offline_page_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			      size_t len, struct memhp_err *err)
{
	unsigned long long addr;

	if (kstrtoull(buf, 0, &addr))
		return memhp_err_set(err, -EINVAL, "a physical address is expected");
	return memhp_err_set(err, -EOPNOTSUPP, "memory failure injection is not modelled yet");
}
SYSFS_ATTR_FULL(attr_soft_offline_page, "soft_offline_page", 0200, NULL, offline_page_store, NULL);
SYSFS_ATTR_FULL(attr_hard_offline_page, "hard_offline_page", 0200, NULL, offline_page_store, NULL);

/*
 * crash_hotplug (kernels with KF_CRASH_HOTPLUG): 1 when a loaded kdump
 * image is updated in place on hotplug.  The guest loads no kdump kernel.
 */
static int crash_hotplug_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "0\n");
	return 0;
}

static bool crash_hotplug_visible(const struct sysfs_obj *obj)
{
	return kernel_has(obj->k, KF_CRASH_HOTPLUG);
}
SYSFS_ATTR_FULL(attr_crash_hotplug, "crash_hotplug", 0444, crash_hotplug_show, NULL, crash_hotplug_visible);

static const struct sysfs_attr *const memory_root_attrs[] = {
	&attr_block_size_bytes,
	&attr_crash_hotplug,
	&attr_auto_online_blocks,
	&attr_soft_offline_page,
	&attr_hard_offline_page,
	NULL,
};

/* the bus's root device: uevent and power/, no subsystem link */
static const struct sysfs_device_type memory_root_device = {
	.power = true,
};

static int memory_root_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long id;

	if (sysfs_parse_numbered(name, "memory", &id) && memory_block_next(obj->k, (unsigned long)id) == id)
		return sysfs_node_dir(out, obj->k, &memory_block_dir, id, 0, 0);
	return -ENOENT;
}

static void memory_blocks_fill(const struct sysfs_obj *obj, struct sysfs_filldir *fd, enum sysfs_kind kind)
{
	for (long id = memory_block_next(obj->k, 0); id >= 0; id = memory_block_next(obj->k, (unsigned long)id + 1))
		sysfs_fill_numbered(fd, kind, "memory", id);
}

static void memory_root_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	memory_blocks_fill(obj, fd, SYSFS_DIR);
}

const struct sysfs_dir_type memory_root_dir = {
	.attrs = memory_root_attrs,
	.dev = &memory_root_device,
	.lookup = memory_root_lookup,
	.readdir = memory_root_readdir,
};

/* ---- /sys/bus/memory ---- */

static int memory_bus_devices_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long id;

	if (sysfs_parse_numbered(name, "memory", &id) && memory_block_next(obj->k, (unsigned long)id) == id)
		return sysfs_node_link(out, "/sys/devices/system/memory/memory%ld", id);
	return -ENOENT;
}

static void memory_bus_devices_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	memory_blocks_fill(obj, fd, SYSFS_LINK);
}

static const struct sysfs_dir_type memory_bus_devices_dir = {
	.lookup = memory_bus_devices_lookup,
	.readdir = memory_bus_devices_readdir,
};

const struct sysfs_dir_type memory_bus_dir = {
	.attrs = bus_attrs,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("devices", &memory_bus_devices_dir),
		SYSFS_SUBDIR("drivers", &sysfs_empty_dir),
		{ NULL },
	},
};
