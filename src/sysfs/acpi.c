// SPDX-License-Identifier: MIT
/*
 * The ACPI memory devices (drivers/acpi/device_sysfs.c, scan.c): QEMU's
 * memory hotplug controller PNP0A06:04 under LNXSYBUS:00 with one PNP0C80
 * device per DIMM slot, each linking to the memory blocks it drives
 * (physical_node, physical_node1, ...), and /sys/bus/acpi.  Only the memory
 * devices and the processors (acpi_processor.c) of the ACPI namespace are
 * modelled.
 */
#include <stdint.h>
#include <string.h>

#include "memhp/drivers.h"
#include "memhp/mm.h"
#include "sysfs/sysfs_internal.h"

#define ACPI_MHPC_PATH "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04"

/* the slot of a device name "PNP0C80:NN" (NN: lowercase hex), or -1 */
static int acpi_memdev_slot(struct kernel *k, const char *name)
{
	static const char hex[] = "0123456789abcdef";
	struct acpi_memory_slot_info si;
	const char *hi, *lo;
	int slot;

	if (strlen(name) != 10 || strncmp(name, "PNP0C80:", 8) || !name[8] || !name[9])
		return -1;
	hi = strchr(hex, name[8]);
	lo = strchr(hex, name[9]);
	if (!hi || !lo)
		return -1;
	slot = (int)(hi - hex) * 16 + (int)(lo - hex);
	return acpi_memory_slot_get_info(k, slot, &si) ? -1 : slot;
}

/* ---- PNP0C80:NN ---- */

/* acpi_eject_store(): exactly "1" first */
static int eject_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
		       struct memhp_err *err)
{
	if (buf[0] != '1')
		return memhp_err_set(err, -EINVAL, "eject takes 1");
	return acpi_memory_slot_eject(obj->k, (int)obj->id, err);
}
SYSFS_ATTR_WO(eject);

SYSFS_ATTR_TEXT(attr_hid, "hid", 0444, "PNP0C80\n");
SYSFS_ATTR_TEXT(attr_modalias, "modalias", 0444, "acpi:PNP0C80:\n");

static int path_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "\\_SB_.MHPC.MP%02X\n", (unsigned int)obj->id);
	return 0;
}
SYSFS_ATTR_RO(path);

/* _STA: present, enabled, shown, functioning */
static int status_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct acpi_memory_slot_info si;

	if (acpi_memory_slot_get_info(obj->k, (int)obj->id, &si))
		return -ENOENT;
	sysfs_emit(buf, "%d\n", si.present ? 15 : 0);
	return 0;
}
SYSFS_ATTR_RO(status);

static int uid_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "0x%02X\n", (unsigned int)obj->id);
	return 0;
}
SYSFS_ATTR_RO(uid);

static const struct sysfs_attr *const acpi_memdev_attrs[] = {
	&attr_eject,
	&attr_hid,
	&attr_modalias,
	&attr_path,
	&attr_status,
	&attr_uid,
	NULL,
};

static void acpi_memdev_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "MODALIAS=acpi:PNP0C80:\n");
}

static const struct sysfs_device_type acpi_memdev_device = {
	.subsystem = "/sys/bus/acpi",
	.power = true,
	.uevent = acpi_memdev_uevent,
};

/* physical_node, physical_node1, ...: the bound DIMM's memory blocks that exist, in order */
static int acpi_memdev_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	uint64_t bs = memory_block_size_bytes(obj->k);
	struct acpi_memory_slot_info si;
	long nth = 0, block;

	if (acpi_memory_slot_get_info(obj->k, (int)obj->id, &si) || !si.bound || strncmp(name, "physical_node", 13))
		return -ENOENT;
	if (name[13] && !sysfs_parse_numbered(name, "physical_node", &nth))
		return -ENOENT;
	if (name[13] && nth == 0)
		return -ENOENT;	/* the first one is plain "physical_node" */
	block = (long)(si.start / bs) + nth;
	if ((uint64_t)nth >= si.size / bs || memory_block_next(obj->k, (unsigned long)block) != block)
		return -ENOENT;
	return sysfs_node_link(out, "/sys/devices/system/memory/memory%ld", block);
}

static void acpi_memdev_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	uint64_t bs = memory_block_size_bytes(obj->k);
	struct acpi_memory_slot_info si;

	if (acpi_memory_slot_get_info(obj->k, (int)obj->id, &si))
		return;
	for (uint64_t i = 0; si.bound && i < si.size / bs; i++) {
		long block = (long)(si.start / bs + i);

		if (memory_block_next(obj->k, (unsigned long)block) != block)
			continue;
		if (i)
			sysfs_fill(fd, SYSFS_LINK, "physical_node%llu", (unsigned long long)i);
		else
			sysfs_fill(fd, SYSFS_LINK, "physical_node");
	}
}

static const struct sysfs_dir_type acpi_memdev_dir = {
	.attrs = acpi_memdev_attrs,
	.dev = &acpi_memdev_device,
	.lookup = acpi_memdev_lookup,
	.readdir = acpi_memdev_readdir,
};

/* ---- /sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04 ---- */

static int acpi_mhpc_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	int slot = acpi_memdev_slot(obj->k, name);

	return slot < 0 ? -ENOENT : sysfs_node_dir(out, obj->k, &acpi_memdev_dir, slot, 0, 0);
}

static void acpi_memdevs_fill(const struct sysfs_obj *obj, struct sysfs_filldir *fd, enum sysfs_kind kind)
{
	for (int slot = 0; slot < acpi_memory_slots(obj->k); slot++)
		sysfs_fill(fd, kind, "PNP0C80:%02x", slot);
}

static void acpi_mhpc_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	acpi_memdevs_fill(obj, fd, SYSFS_DIR);
}

static const struct sysfs_dir_type acpi_mhpc_dir = {
	.lookup = acpi_mhpc_lookup,
	.readdir = acpi_mhpc_readdir,
};

/* the controller exists when the machine has DIMM slots */
static bool acpi_mhpc_visible(const struct sysfs_obj *obj)
{
	return acpi_memory_slots(obj->k) != 0;
}

static const struct sysfs_dir_type acpi_sybus_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("ACPI0010:00", &acpi_cpus_dir),
		SYSFS_SUBDIR_IF("PNP0A06:04", &acpi_mhpc_dir, acpi_mhpc_visible),
		{ NULL },
	},
};

const struct sysfs_dir_type acpi_system_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("LNXSYBUS:00", &acpi_sybus_dir),
		{ NULL },
	},
};

/* ---- /sys/bus/acpi ---- */

static int acpi_bus_devices_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (!acpi_processor_bus_link(obj, name, out))
		return 0;
	if (acpi_memdev_slot(obj->k, name) < 0)
		return -ENOENT;
	return sysfs_node_link(out, ACPI_MHPC_PATH "/%.10s", name);
}

static void acpi_bus_devices_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_LINK, "ACPI0010:00");
	acpi_processors_fill(obj, fd, SYSFS_LINK);
	acpi_memdevs_fill(obj, fd, SYSFS_LINK);
}

static const struct sysfs_dir_type acpi_bus_devices_dir = {
	.lookup = acpi_bus_devices_lookup,
	.readdir = acpi_bus_devices_readdir,
};

const struct sysfs_dir_type acpi_bus_dir = {
	.attrs = bus_attrs,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("devices", &acpi_bus_devices_dir),
		SYSFS_SUBDIR("drivers", &sysfs_empty_dir),
		{ NULL },
	},
};
