// SPDX-License-Identifier: MIT
/*
 * /sys/firmware/memmap (drivers/firmware/memmap.c): one directory per entry
 * of the firmware's memory map, as the kernel saw it at boot and as memory
 * hotplug adds to it.  The files are root-only.
 */
#include "memhp/mm.h"
#include "sysfs/sysfs_internal.h"

static int start_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct firmware_map_info fi;

	if (firmware_map_get(obj->k, (int)obj->id, &fi))
		return -ENOENT;
	sysfs_emit(buf, "0x%llx\n", (unsigned long long)fi.start);
	return 0;
}
SYSFS_ATTR_ADMIN_RO(start);

static int end_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct firmware_map_info fi;

	if (firmware_map_get(obj->k, (int)obj->id, &fi))
		return -ENOENT;
	sysfs_emit(buf, "0x%llx\n", (unsigned long long)fi.end);
	return 0;
}
SYSFS_ATTR_ADMIN_RO(end);

static int type_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct firmware_map_info fi;

	if (firmware_map_get(obj->k, (int)obj->id, &fi))
		return -ENOENT;
	sysfs_emit(buf, "%s\n", fi.type);
	return 0;
}
SYSFS_ATTR_ADMIN_RO(type);

static const struct sysfs_dir_type firmware_memmap_entry_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_end,
		&attr_start,
		&attr_type,
		NULL,
	},
};

static int firmware_memmap_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	struct firmware_map_info fi;
	long n;

	if (sysfs_parse_numbered(name, "", &n) && n < 1000000 && !firmware_map_get(obj->k, (int)n, &fi))
		return sysfs_node_dir(out, obj->k, &firmware_memmap_entry_dir, n, 0, 0);
	return -ENOENT;
}

static void firmware_memmap_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (int i = firmware_map_next(obj->k, 0); i >= 0; i = firmware_map_next(obj->k, i + 1))
		sysfs_fill_numbered(fd, SYSFS_DIR, "", i);
}

const struct sysfs_dir_type firmware_memmap_dir = {
	.lookup = firmware_memmap_lookup,
	.readdir = firmware_memmap_readdir,
};
