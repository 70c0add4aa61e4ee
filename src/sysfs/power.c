// SPDX-License-Identifier: MIT
/*
 * A device's power/ directory (drivers/base/power/sysfs.c): the runtime-PM
 * files of a device without runtime PM.  Valid words are accepted and
 * change nothing; autosuspend_delay_ms fails with EIO, as it does for a
 * device that does not use autosuspend.  A device that can wake the system
 * (device_set_wakeup_capable()) adds the wakeup files; memhp's such devices
 * have wakeup disabled and so no wakeup source, whose statistics read
 * empty.
 */
#include <string.h>

#include "lib/strparse.h"
#include "sysfs/sysfs_internal.h"

static int control_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
			 struct memhp_err *err)
{
	if (sysfs_streq(buf, "on") || sysfs_streq(buf, "auto"))
		return 0;
	return memhp_err_set(err, -EINVAL, "control takes on or auto");
}

static int async_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
		       struct memhp_err *err)
{
	if (sysfs_streq(buf, "enabled") || sysfs_streq(buf, "disabled"))
		return 0;
	return memhp_err_set(err, -EINVAL, "async takes enabled or disabled");
}

static int autosuspend_delay_ms_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				      size_t len, struct memhp_err *err)
{
	return memhp_err_set(err, -EIO, "%s: the device does not use autosuspend", attr->name);
}

static const struct sysfs_attr power_attr_async = {
	.name = "async", .mode = 0644, .show = sysfs_show_text, .store = async_store, .data = "disabled\n",
};
/* no data: reading fails with EIO */
static const struct sysfs_attr power_attr_autosuspend_delay_ms = {
	.name = "autosuspend_delay_ms", .mode = 0644, .show = sysfs_show_text, .store = autosuspend_delay_ms_store,
};
static const struct sysfs_attr power_attr_control = {
	.name = "control", .mode = 0644, .show = sysfs_show_text, .store = control_store, .data = "auto\n",
};
SYSFS_ATTR_TEXT(power_attr_runtime_active_kids, "runtime_active_kids", 0444, "0\n");
SYSFS_ATTR_TEXT(power_attr_runtime_active_time, "runtime_active_time", 0444, "0\n");
SYSFS_ATTR_TEXT(power_attr_runtime_enabled, "runtime_enabled", 0444, "disabled\n");
SYSFS_ATTR_TEXT(power_attr_runtime_status, "runtime_status", 0444, "unsupported\n");
SYSFS_ATTR_TEXT(power_attr_runtime_suspended_time, "runtime_suspended_time", 0444, "0\n");
SYSFS_ATTR_TEXT(power_attr_runtime_usage, "runtime_usage", 0444, "0\n");

static const struct sysfs_attr *const power_attrs[] = {
	&power_attr_async,
	&power_attr_autosuspend_delay_ms,
	&power_attr_control,
	&power_attr_runtime_active_kids,
	&power_attr_runtime_active_time,
	&power_attr_runtime_enabled,
	&power_attr_runtime_status,
	&power_attr_runtime_suspended_time,
	&power_attr_runtime_usage,
	NULL,
};

const struct sysfs_dir_type power_dir = {
	.attrs = power_attrs,
};

/* a device with a resume-latency constraint (a CPU): no constraint is set */
SYSFS_ATTR_TEXT(power_attr_pm_qos_resume_latency_us, "pm_qos_resume_latency_us", 0644, "0\n");

/* the same files, and the constraint */
static int power_qos_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (strcmp(name, power_attr_pm_qos_resume_latency_us.name))
		return -ENOENT;
	sysfs_node_file(out, obj, &power_attr_pm_qos_resume_latency_us);
	return 0;
}

static void power_qos_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_FILE, "%s", power_attr_pm_qos_resume_latency_us.name);
}

const struct sysfs_dir_type power_qos_dir = {
	.attrs = power_attrs,
	.lookup = power_qos_lookup,
	.readdir = power_qos_readdir,
};

static int wakeup_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
			struct memhp_err *err)
{
	if (sysfs_streq(buf, "disabled"))
		return 0;
	if (sysfs_streq(buf, "enabled"))
		return memhp_err_set(err, -EOPNOTSUPP, "memhp does not model wakeup sources");
	return memhp_err_set(err, -EINVAL, "wakeup takes enabled or disabled");
}

static const struct sysfs_attr power_attr_wakeup = {
	.name = "wakeup", .mode = 0644, .show = sysfs_show_text, .store = wakeup_store, .data = "disabled\n",
};
/* without a wakeup source each statistic reads as an empty line */
SYSFS_ATTR_TEXT(power_attr_wakeup_abort_count, "wakeup_abort_count", 0444, "\n");
SYSFS_ATTR_TEXT(power_attr_wakeup_active, "wakeup_active", 0444, "\n");
SYSFS_ATTR_TEXT(power_attr_wakeup_active_count, "wakeup_active_count", 0444, "\n");
SYSFS_ATTR_TEXT(power_attr_wakeup_count, "wakeup_count", 0444, "\n");
SYSFS_ATTR_TEXT(power_attr_wakeup_expire_count, "wakeup_expire_count", 0444, "\n");
SYSFS_ATTR_TEXT(power_attr_wakeup_last_time_ms, "wakeup_last_time_ms", 0444, "\n");
SYSFS_ATTR_TEXT(power_attr_wakeup_max_time_ms, "wakeup_max_time_ms", 0444, "\n");
SYSFS_ATTR_TEXT(power_attr_wakeup_total_time_ms, "wakeup_total_time_ms", 0444, "\n");

static const struct sysfs_attr *const power_wakeup_attrs[] = {
	&power_attr_wakeup,
	&power_attr_wakeup_abort_count,
	&power_attr_wakeup_active,
	&power_attr_wakeup_active_count,
	&power_attr_wakeup_count,
	&power_attr_wakeup_expire_count,
	&power_attr_wakeup_last_time_ms,
	&power_attr_wakeup_max_time_ms,
	&power_attr_wakeup_total_time_ms,
	NULL,
};

/* the common files, and the wakeup ones */
static int power_wakeup_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	for (const struct sysfs_attr *const *a = power_wakeup_attrs; *a; a++)
		if (!strcmp(name, (*a)->name)) {
			sysfs_node_file(out, obj, *a);
			return 0;
		}
	return -ENOENT;
}

static void power_wakeup_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (const struct sysfs_attr *const *a = power_wakeup_attrs; *a; a++)
		sysfs_fill(fd, SYSFS_FILE, "%s", (*a)->name);
}

/* a wakeup-capable device's power/ (its wakeup disabled) */
const struct sysfs_dir_type power_wakeup_dir = {
	.attrs = power_attrs,
	.lookup = power_wakeup_lookup,
	.readdir = power_wakeup_readdir,
};
