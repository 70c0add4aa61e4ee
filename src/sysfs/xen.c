// SPDX-License-Identifier: MIT
/*
 * The Xen balloon (drivers/xen/xen-balloon.c):
 * /sys/devices/system/xen_memory/xen_memory0 with the target and info/.
 * It exists in a Xen guest only.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/strparse.h"
#include "memhp/drivers.h"
#include "sysfs/sysfs_internal.h"

bool xen_memory_visible(const struct sysfs_obj *obj)
{
	return !xen_balloon_get(obj->k, &(struct xen_balloon_info){ 0 });
}

/* the balloon's figures: which one is the attribute's data */
enum xen_figure { XEN_TARGET_BYTES, XEN_TARGET_KB, XEN_CURRENT_KB, XEN_LOW_KB, XEN_HIGH_KB };

static int xen_figure_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct xen_balloon_info xi;
	unsigned long long v = 0;

	if (xen_balloon_get(obj->k, &xi))
		return -ENOENT;
	switch (*(const enum xen_figure *)attr->data) {
	case XEN_TARGET_BYTES:
		v = (unsigned long long)xi.target_pages << 12;
		break;
	case XEN_TARGET_KB:
		v = (unsigned long long)xi.target_pages * 4;
		break;
	case XEN_CURRENT_KB:
		v = (unsigned long long)xi.current_pages * 4;
		break;
	case XEN_LOW_KB:
		v = (unsigned long long)xi.low_pages * 4;
		break;
	case XEN_HIGH_KB:	/* no highmem on x86_64 */
		break;
	}
	sysfs_emit(buf, "%llu\n", v);
	return 0;
}

/* target: memparse() bytes; target_kb: simple_strtoull() KiB, trailing text ignored */
static int xen_target_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			    size_t len, struct memhp_err *err)
{
	char *end;
	unsigned long long v = *(const enum xen_figure *)attr->data == XEN_TARGET_BYTES ? memparse(buf, &end) :
											     strtoull(buf, &end, 0) * 1024;

	xen_balloon_set_target(obj->k, v >> 12);
	return 0;
}

#define XEN_ATTR(_name, _mode, _store, _figure)                                                \
	static const enum xen_figure _name##_figure = _figure;                                 \
	static const struct sysfs_attr attr_##_name = {                                        \
		.name = #_name, .mode = _mode, .show = xen_figure_show, .store = _store,       \
		.data = &_name##_figure,                                                       \
	}

XEN_ATTR(target, 0644, xen_target_store, XEN_TARGET_BYTES);
XEN_ATTR(target_kb, 0644, xen_target_store, XEN_TARGET_KB);
XEN_ATTR(current_kb, 0444, NULL, XEN_CURRENT_KB);
XEN_ATTR(high_kb, 0444, NULL, XEN_HIGH_KB);
XEN_ATTR(low_kb, 0444, NULL, XEN_LOW_KB);

static const struct sysfs_dir_type xen_memory0_info_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_current_kb,
		&attr_high_kb,
		&attr_low_kb,
		NULL,
	},
};

static const struct sysfs_dir_type xen_memory0_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_target,
		&attr_target_kb,
		NULL,
	},
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("info", &xen_memory0_info_dir),
		{ NULL },
	},
};

const struct sysfs_dir_type xen_memory_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("xen_memory0", &xen_memory0_dir),
		{ NULL },
	},
};
