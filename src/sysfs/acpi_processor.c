// SPDX-License-Identifier: MIT
/*
 * The CPUs' ACPI devices (drivers/acpi/acpi_processor.c, processor_driver.c,
 * processor_thermal.c): QEMU describes the CPUs as Processor objects in
 * \_SB.CPUS (ACPI0010, a processor container), so each CPU is LNXCPU:NN,
 * the firmware_node of cpuN; every CPU but the boot CPU can be ejected.
 * The processor driver registers a "Processor" cooling device per CPU,
 * with no throttling states (QEMU offers no _PTC or _TSS).  The object's
 * id is the CPU.
 */
#include <stdio.h>
#include <string.h>

#include "lib/strparse.h"
#include "memhp/mm.h"
#include "sysfs/sysfs_internal.h"

#define ACPI_CPUS_PATH "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0010:00"

/* ---- ACPI0010:00 (\_SB.CPUS) ---- */

SYSFS_ATTR_TEXT(cpus_attr_hid, "hid", 0444, "ACPI0010\n");
SYSFS_ATTR_TEXT(cpus_attr_modalias, "modalias", 0444, "acpi:ACPI0010:PNP0A05:\n");
SYSFS_ATTR_TEXT(cpus_attr_path, "path", 0444, "\\_SB_.CPUS\n");

static void cpus_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "MODALIAS=acpi:ACPI0010:PNP0A05:\n");
}

static const struct sysfs_device_type acpi_cpus_device = {
	.subsystem = "/sys/bus/acpi",
	.power = true,
	.uevent = cpus_uevent,
};

/* ---- LNXCPU:NN ---- */

static bool lnxcpu_eject_visible(const struct sysfs_obj *obj)
{
	return obj->id != 0;
}

static int lnxcpu_eject_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			      size_t len, struct memhp_err *err)
{
	if (buf[0] != '1')
		return memhp_err_set(err, -EINVAL, "eject takes 1");
	return memhp_err_set(err, -EOPNOTSUPP, "memhp does not model CPU hot-unplug");
}
SYSFS_ATTR_FULL(lnxcpu_attr_eject, "eject", 0200, NULL, lnxcpu_eject_store, lnxcpu_eject_visible);
SYSFS_ATTR_TEXT(lnxcpu_attr_hid, "hid", 0444, "LNXCPU\n");
SYSFS_ATTR_TEXT(lnxcpu_attr_modalias, "modalias", 0444, "acpi:LNXCPU:\n");
/* _STA: present, enabled, shown, functioning */
SYSFS_ATTR_TEXT(lnxcpu_attr_status, "status", 0444, "15\n");

static int lnxcpu_path_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "\\_SB_.CPUS.C%03lX\n", obj->id);
	return 0;
}
SYSFS_ATTR_FULL(lnxcpu_attr_path, "path", 0444, lnxcpu_path_show, NULL, NULL);

static void lnxcpu_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "MODALIAS=acpi:LNXCPU:\n");
}

static const struct sysfs_device_type lnxcpu_device = {
	.subsystem = "/sys/bus/acpi",
	.power = true,
	.uevent = lnxcpu_uevent,
};

static int lnxcpu_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (!strcmp(name, "physical_node"))
		return sysfs_node_link(out, "/sys/devices/system/cpu/cpu%ld", obj->id);
	if (!strcmp(name, "thermal_cooling"))
		return sysfs_node_link(out, "/sys/devices/virtual/thermal/cooling_device%ld", obj->id);
	return -ENOENT;
}

static void lnxcpu_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_LINK, "physical_node");
	sysfs_fill(fd, SYSFS_LINK, "thermal_cooling");
}

static const struct sysfs_dir_type lnxcpu_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&lnxcpu_attr_eject,
		&lnxcpu_attr_hid,
		&lnxcpu_attr_modalias,
		&lnxcpu_attr_path,
		&lnxcpu_attr_status,
		NULL,
	},
	.dev = &lnxcpu_device,
	.lookup = lnxcpu_lookup,
	.readdir = lnxcpu_readdir,
};

/* "LNXCPU:NN" (NN: the CPU, two lowercase hex digits) of a CPU that exists, or -1 */
static int lnxcpu_of_name(const struct sysfs_obj *obj, const char *name)
{
	unsigned int n;
	int len = 0;

	if (sscanf(name, "LNXCPU:%2x%n", &n, &len) != 1 || name[len] || len != 9 || (int)n >= kernel_nr_cpus(obj->k))
		return -1;
	return (int)n;
}

static int acpi_cpus_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	int cpu = lnxcpu_of_name(obj, name);

	return cpu < 0 ? -ENOENT : sysfs_node_dir(out, obj->k, &lnxcpu_dir, cpu, 0, 0);
}

void acpi_processors_fill(const struct sysfs_obj *obj, struct sysfs_filldir *fd, enum sysfs_kind kind)
{
	for (int c = 0; c < kernel_nr_cpus(obj->k); c++)
		sysfs_fill(fd, kind, "LNXCPU:%02x", c);
}

static void acpi_cpus_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	acpi_processors_fill(obj, fd, SYSFS_DIR);
}

const struct sysfs_dir_type acpi_cpus_dir = {
	.attrs = (const struct sysfs_attr *const[]){ &cpus_attr_hid, &cpus_attr_modalias, &cpus_attr_path, NULL },
	.dev = &acpi_cpus_device,
	.lookup = acpi_cpus_lookup,
	.readdir = acpi_cpus_readdir,
};

/* /sys/bus/acpi/devices: the container and the processors */
int acpi_processor_bus_link(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (!strcmp(name, "ACPI0010:00"))
		return sysfs_node_link(out, ACPI_CPUS_PATH);
	if (lnxcpu_of_name(obj, name) >= 0)
		return sysfs_node_link(out, ACPI_CPUS_PATH "/%.9s", name);
	return -ENOENT;
}

/* ---- /sys/devices/virtual/thermal/cooling_deviceN, /sys/class/thermal ---- */

/* no throttling states: only state 0 */
static int cur_state_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
			   struct memhp_err *err)
{
	if (!sysfs_streq(buf, "0"))
		return memhp_err_set(err, -EINVAL, "cur_state takes 0 (the processor has no throttling state)");
	return 0;
}
static const struct sysfs_attr cooling_attr_cur_state = {
	.name = "cur_state", .mode = 0644, .show = sysfs_show_text, .store = cur_state_store, .data = "0\n",
};
SYSFS_ATTR_TEXT(cooling_attr_max_state, "max_state", 0444, "0\n");
SYSFS_ATTR_TEXT(cooling_attr_type, "type", 0444, "Processor\n");

static const struct sysfs_device_type cooling_device = {
	.subsystem = "/sys/class/thermal",
	.power = true,
};

static int cooling_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (!strcmp(name, "device"))
		return sysfs_node_link(out, ACPI_CPUS_PATH "/LNXCPU:%02lx", obj->id);
	return -ENOENT;
}

static void cooling_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_LINK, "device");
}

static const struct sysfs_dir_type cooling_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&cooling_attr_cur_state,
		&cooling_attr_max_state,
		&cooling_attr_type,
		NULL,
	},
	.dev = &cooling_device,
	.lookup = cooling_lookup,
	.readdir = cooling_readdir,
};

static int thermal_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out, bool links)
{
	long n;

	if (!sysfs_parse_numbered(name, "cooling_device", &n) || n >= kernel_nr_cpus(obj->k))
		return -ENOENT;
	if (links)
		return sysfs_node_link(out, "/sys/devices/virtual/thermal/cooling_device%ld", n);
	return sysfs_node_dir(out, obj->k, &cooling_dir, n, 0, 0);
}

static int thermal_virtual_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	return thermal_lookup(obj, name, out, false);
}

static int thermal_class_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	return thermal_lookup(obj, name, out, true);
}

static void thermal_virtual_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (int c = 0; c < kernel_nr_cpus(obj->k); c++)
		sysfs_fill_numbered(fd, SYSFS_DIR, "cooling_device", c);
}

static void thermal_class_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (int c = 0; c < kernel_nr_cpus(obj->k); c++)
		sysfs_fill_numbered(fd, SYSFS_LINK, "cooling_device", c);
}

const struct sysfs_dir_type thermal_virtual_dir = { .lookup = thermal_virtual_lookup, .readdir = thermal_virtual_readdir };
const struct sysfs_dir_type thermal_class_dir = { .lookup = thermal_class_lookup, .readdir = thermal_class_readdir };
