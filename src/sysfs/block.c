// SPDX-License-Identifier: MIT
/*
 * The block layer's files for the guest's disks, which are nd_pmem's pmemR
 * (block/genhd.c, block/blk-sysfs.c, block/blk-integrity.c,
 * kernel/trace/blktrace.c, mm/backing-dev.c, drivers/nvdimm/pmem.c):
 *  - the disk's directory below the device that owns it (namespaceR.0 in
 *    raw or memory mode, pfnR.N in fsdax) as block/pmemR: its attributes,
 *    queue/, integrity/, trace/, dax/, holders/ and slaves/, the links bdi,
 *    device and subsystem;
 *  - /sys/block, /sys/class/block and /sys/dev/block pointing at it;
 *  - its backing device /sys/devices/virtual/bdi/259:M and /sys/class/bdi.
 * A pmem disk is bio-based, has no partitions, no integrity profile and
 * no I/O statistics: most values are its queue limits, the same for every
 * pmem disk.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "memhp/drivers.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "sysfs/sysfs_internal.h"

#define BLOCK_EXT_MAJOR 259
#define SECTOR_SIZE 512

/* a constant file that only some kernels have */
#define BLOCK_ATTR_TEXT_IF(_var, _name, _mode, _text, _visible)                                \
	static const struct sysfs_attr _var = {                                                \
		.name = _name, .mode = _mode, .show = sysfs_show_text, .data = _text,          \
		.is_visible = _visible,                                                        \
	}

/* the disk of the region obj->id */
static int disk_info(const struct sysfs_obj *obj, struct pmem_disk_info *di)
{
	return pmem_disk_get(obj->k, (int)obj->id, di);
}

/* the absolute path of region @region's disk directory; false: no disk */
static bool disk_path(struct kernel *k, int region, char *buf, size_t size)
{
	struct pmem_disk_info di;

	if (pmem_disk_get(k, region, &di))
		return false;
	if (di.pfn < 0)
		snprintf(buf, size, "/sys/devices/platform/e820_pmem/ndbus0/region%d/namespace%d.0/block/%s", region,
			 region, di.name);
	else
		snprintf(buf, size, "/sys/devices/platform/e820_pmem/ndbus0/region%d/pfn%d.%d/block/%s", region, region,
			 di.pfn, di.name);
	return true;
}

static bool has_partscan(const struct sysfs_obj *obj)
{
	return kernel_has(obj->k, KF_BLK_PARTSCAN_ATTR);
}

static bool has_atomic_write(const struct sysfs_obj *obj)
{
	return kernel_has(obj->k, KF_BLK_ATOMIC_WRITE_ATTRS);
}

static bool has_mq_attrs(const struct sysfs_obj *obj)
{
	return !kernel_has(obj->k, KF_BLK_BIO_QUEUE_NO_MQ_ATTRS);
}

static bool has_bdi_bytes(const struct sysfs_obj *obj)
{
	return kernel_has(obj->k, KF_BDI_BYTES_AND_FINE_RATIOS);
}

/* ---- block/pmemR (genhd.c) ---- */

static int disk_dev_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct pmem_disk_info di;

	if (disk_info(obj, &di))
		return -ENODEV;
	sysfs_emit(buf, "%d:%d\n", BLOCK_EXT_MAJOR, di.minor);
	return 0;
}

static int disk_size_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct pmem_disk_info di;

	if (disk_info(obj, &di))
		return -ENODEV;
	sysfs_emit(buf, "%llu\n", (unsigned long long)(di.size / SECTOR_SIZE));
	return 0;
}

static int disk_diskseq_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct pmem_disk_info di;

	if (disk_info(obj, &di))
		return -ENODEV;
	sysfs_emit(buf, "%llu\n", (unsigned long long)di.diskseq);
	return 0;
}

/* part_stat_show(): 17 counters, none of which a pmem disk without iostats moves */
static int disk_stat_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	for (int i = 0; i < 17; i++)
		sysfs_emit(buf, "%s%8u", i ? " " : "", 0u);
	sysfs_emit(buf, "\n");
	return 0;
}

static const struct sysfs_attr disk_attr_dev = { .name = "dev", .mode = 0444, .show = disk_dev_show };
static const struct sysfs_attr disk_attr_size = { .name = "size", .mode = 0444, .show = disk_size_show };
static const struct sysfs_attr disk_attr_diskseq = { .name = "diskseq", .mode = 0444, .show = disk_diskseq_show };
static const struct sysfs_attr disk_attr_stat = { .name = "stat", .mode = 0444, .show = disk_stat_show };
SYSFS_ATTR_TEXT(disk_attr_alignment_offset, "alignment_offset", 0444, "0\n");
SYSFS_ATTR_TEXT(disk_attr_badblocks, "badblocks", 0644, "");
SYSFS_ATTR_TEXT(disk_attr_capability, "capability", 0444, "0\n");
SYSFS_ATTR_TEXT(disk_attr_discard_alignment, "discard_alignment", 0444, "0\n");
SYSFS_ATTR_TEXT(disk_attr_events, "events", 0444, "");
SYSFS_ATTR_TEXT(disk_attr_events_async, "events_async", 0444, "");
SYSFS_ATTR_TEXT(disk_attr_events_poll_msecs, "events_poll_msecs", 0644, "-1\n");
SYSFS_ATTR_TEXT(disk_attr_ext_range, "ext_range", 0444, "256\n");
SYSFS_ATTR_TEXT(disk_attr_hidden, "hidden", 0444, "0\n");
SYSFS_ATTR_TEXT(disk_attr_inflight, "inflight", 0444, "       0        0\n");
BLOCK_ATTR_TEXT_IF(disk_attr_partscan, "partscan", 0444, "1\n", has_partscan);
SYSFS_ATTR_TEXT(disk_attr_range, "range", 0444, "0\n");
SYSFS_ATTR_TEXT(disk_attr_removable, "removable", 0444, "0\n");
SYSFS_ATTR_TEXT(disk_attr_ro, "ro", 0444, "0\n");

static const struct sysfs_attr *const disk_attrs[] = {
	&disk_attr_alignment_offset, &disk_attr_badblocks, &disk_attr_capability, &disk_attr_dev,
	&disk_attr_discard_alignment, &disk_attr_diskseq, &disk_attr_events, &disk_attr_events_async,
	&disk_attr_events_poll_msecs, &disk_attr_ext_range, &disk_attr_hidden, &disk_attr_inflight,
	&disk_attr_partscan, &disk_attr_range, &disk_attr_removable, &disk_attr_ro, &disk_attr_size,
	&disk_attr_stat, NULL,
};

/* ---- queue/ (blk-sysfs.c): pmem's queue limits ---- */

SYSFS_ATTR_TEXT(q_add_random, "add_random", 0644, "0\n");
BLOCK_ATTR_TEXT_IF(q_atomic_write_boundary_bytes, "atomic_write_boundary_bytes", 0444, "0\n", has_atomic_write);
BLOCK_ATTR_TEXT_IF(q_atomic_write_max_bytes, "atomic_write_max_bytes", 0444, "0\n", has_atomic_write);
BLOCK_ATTR_TEXT_IF(q_atomic_write_unit_max_bytes, "atomic_write_unit_max_bytes", 0444, "0\n", has_atomic_write);
BLOCK_ATTR_TEXT_IF(q_atomic_write_unit_min_bytes, "atomic_write_unit_min_bytes", 0444, "0\n", has_atomic_write);
SYSFS_ATTR_TEXT(q_chunk_sectors, "chunk_sectors", 0444, "0\n");
SYSFS_ATTR_TEXT(q_dax, "dax", 0444, "1\n");
SYSFS_ATTR_TEXT(q_discard_granularity, "discard_granularity", 0444, "0\n");
SYSFS_ATTR_TEXT(q_discard_max_bytes, "discard_max_bytes", 0644, "0\n");
SYSFS_ATTR_TEXT(q_discard_max_hw_bytes, "discard_max_hw_bytes", 0444, "0\n");
SYSFS_ATTR_TEXT(q_discard_zeroes_data, "discard_zeroes_data", 0444, "0\n");
SYSFS_ATTR_TEXT(q_dma_alignment, "dma_alignment", 0444, "511\n");
SYSFS_ATTR_TEXT(q_fua, "fua", 0444, "0\n");
SYSFS_ATTR_TEXT(q_hw_sector_size, "hw_sector_size", 0444, "512\n");
SYSFS_ATTR_TEXT(q_io_poll, "io_poll", 0644, "0\n");
SYSFS_ATTR_TEXT(q_iostats, "iostats", 0644, "0\n");
SYSFS_ATTR_TEXT(q_logical_block_size, "logical_block_size", 0444, "512\n");
SYSFS_ATTR_TEXT(q_max_discard_segments, "max_discard_segments", 0444, "1\n");
SYSFS_ATTR_TEXT(q_max_hw_sectors_kb, "max_hw_sectors_kb", 0444, "2147483647\n");
SYSFS_ATTR_TEXT(q_max_integrity_segments, "max_integrity_segments", 0444, "0\n");
SYSFS_ATTR_TEXT(q_max_sectors_kb, "max_sectors_kb", 0644, "1280\n");
SYSFS_ATTR_TEXT(q_max_segment_size, "max_segment_size", 0444, "65536\n");
SYSFS_ATTR_TEXT(q_max_segments, "max_segments", 0444, "128\n");
SYSFS_ATTR_TEXT(q_minimum_io_size, "minimum_io_size", 0444, "4096\n");
SYSFS_ATTR_TEXT(q_nomerges, "nomerges", 0644, "0\n");
BLOCK_ATTR_TEXT_IF(q_nr_requests, "nr_requests", 0644, "128\n", has_mq_attrs);
SYSFS_ATTR_TEXT(q_nr_zones, "nr_zones", 0444, "0\n");
SYSFS_ATTR_TEXT(q_optimal_io_size, "optimal_io_size", 0444, "0\n");
SYSFS_ATTR_TEXT(q_physical_block_size, "physical_block_size", 0444, "4096\n");
SYSFS_ATTR_TEXT(q_read_ahead_kb, "read_ahead_kb", 0644, "128\n");
SYSFS_ATTR_TEXT(q_rotational, "rotational", 0644, "0\n");
BLOCK_ATTR_TEXT_IF(q_rq_affinity, "rq_affinity", 0644, "0\n", has_mq_attrs);
BLOCK_ATTR_TEXT_IF(q_scheduler, "scheduler", 0644, "none\n", has_mq_attrs);
SYSFS_ATTR_TEXT(q_stable_writes, "stable_writes", 0644, "0\n");
SYSFS_ATTR_TEXT(q_virt_boundary_mask, "virt_boundary_mask", 0444, "0\n");
SYSFS_ATTR_TEXT(q_write_cache, "write_cache", 0644, "write back\n");
SYSFS_ATTR_TEXT(q_write_same_max_bytes, "write_same_max_bytes", 0444, "0\n");
SYSFS_ATTR_TEXT(q_write_zeroes_max_bytes, "write_zeroes_max_bytes", 0444, "0\n");
SYSFS_ATTR_TEXT(q_zone_append_max_bytes, "zone_append_max_bytes", 0444, "0\n");
SYSFS_ATTR_TEXT(q_zone_write_granularity, "zone_write_granularity", 0444, "0\n");
SYSFS_ATTR_TEXT(q_zoned, "zoned", 0444, "none\n");

/* io_poll_delay: 0 (classic polling off); deprecated to -1 once bio queues lost the mq files */
static int q_io_poll_delay_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%d\n", kernel_has(obj->k, KF_BLK_BIO_QUEUE_NO_MQ_ATTRS) ? -1 : 0);
	return 0;
}

/* wbt_lat_usec: a bio-based queue has no writeback throttling */
static int q_wbt_lat_usec_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	return -EINVAL;
}

static const struct sysfs_attr q_io_poll_delay = { .name = "io_poll_delay", .mode = 0644,
						   .show = q_io_poll_delay_show };
static const struct sysfs_attr q_wbt_lat_usec = { .name = "wbt_lat_usec", .mode = 0644,
						  .show = q_wbt_lat_usec_show, .is_visible = has_mq_attrs };

static const struct sysfs_attr *const queue_attrs[] = {
	&q_add_random, &q_atomic_write_boundary_bytes, &q_atomic_write_max_bytes, &q_atomic_write_unit_max_bytes,
	&q_atomic_write_unit_min_bytes, &q_chunk_sectors, &q_dax, &q_discard_granularity, &q_discard_max_bytes,
	&q_discard_max_hw_bytes, &q_discard_zeroes_data, &q_dma_alignment, &q_fua, &q_hw_sector_size, &q_io_poll,
	&q_io_poll_delay, &q_iostats, &q_logical_block_size, &q_max_discard_segments, &q_max_hw_sectors_kb,
	&q_max_integrity_segments, &q_max_sectors_kb, &q_max_segment_size, &q_max_segments, &q_minimum_io_size,
	&q_nomerges, &q_nr_requests, &q_nr_zones, &q_optimal_io_size, &q_physical_block_size, &q_read_ahead_kb,
	&q_rotational, &q_rq_affinity, &q_scheduler, &q_stable_writes, &q_virt_boundary_mask, &q_wbt_lat_usec,
	&q_write_cache, &q_write_same_max_bytes, &q_write_zeroes_max_bytes, &q_zone_append_max_bytes,
	&q_zone_write_granularity, &q_zoned, NULL,
};

static const struct sysfs_dir_type queue_dir = { .attrs = queue_attrs };

/* ---- integrity/ (blk-integrity.c), trace/ (blktrace.c), dax/ (pmem.c) ---- */

static int integrity_verify_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%d\n", kernel_has(obj->k, KF_BLK_INTEGRITY_VERIFY_DEFAULT_ON));
	return 0;
}

SYSFS_ATTR_TEXT(integrity_attr_capable, "device_is_integrity_capable", 0444, "0\n");
SYSFS_ATTR_TEXT(integrity_attr_format, "format", 0444, "none\n");
SYSFS_ATTR_TEXT(integrity_attr_interval, "protection_interval_bytes", 0444, "0\n");
SYSFS_ATTR_TEXT(integrity_attr_tag_size, "tag_size", 0444, "0\n");
static const struct sysfs_attr integrity_attr_read_verify = { .name = "read_verify", .mode = 0644,
							      .show = integrity_verify_show };
static const struct sysfs_attr integrity_attr_write_generate = { .name = "write_generate", .mode = 0644,
								 .show = integrity_verify_show };

static const struct sysfs_dir_type integrity_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&integrity_attr_capable, &integrity_attr_format, &integrity_attr_interval,
		&integrity_attr_read_verify, &integrity_attr_tag_size, &integrity_attr_write_generate, NULL,
	},
};

SYSFS_ATTR_TEXT(trace_attr_act_mask, "act_mask", 0644, "disabled\n");
SYSFS_ATTR_TEXT(trace_attr_enable, "enable", 0644, "0\n");
SYSFS_ATTR_TEXT(trace_attr_end_lba, "end_lba", 0644, "disabled\n");
SYSFS_ATTR_TEXT(trace_attr_pid, "pid", 0644, "disabled\n");
SYSFS_ATTR_TEXT(trace_attr_start_lba, "start_lba", 0644, "disabled\n");

static const struct sysfs_dir_type trace_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&trace_attr_act_mask, &trace_attr_enable, &trace_attr_end_lba, &trace_attr_pid,
		&trace_attr_start_lba, NULL,
	},
};

SYSFS_ATTR_TEXT(dax_attr_write_cache, "write_cache", 0644, "1\n");

static const struct sysfs_dir_type disk_dax_dir = {
	.attrs = (const struct sysfs_attr *const[]){ &dax_attr_write_cache, NULL },
};

/* ---- the disk's directory ---- */

static void disk_uevent_dev(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	struct pmem_disk_info di;

	if (!disk_info(obj, &di))
		sysfs_emit(buf, "MAJOR=%d\nMINOR=%d\nDEVNAME=%s\nDEVTYPE=disk\n", BLOCK_EXT_MAJOR, di.minor, di.name);
}

/* block_uevent() */
static void disk_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	struct pmem_disk_info di;

	if (!disk_info(obj, &di))
		sysfs_emit(buf, "DISKSEQ=%llu\n", (unsigned long long)di.diskseq);
}

static const struct sysfs_device_type disk_device = {
	.subsystem = "/sys/class/block",
	.power = true,
	.uevent_dev = disk_uevent_dev,
	.uevent = disk_uevent,
};

static int disk_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	struct pmem_disk_info di;
	char path[256];

	if (disk_info(obj, &di))
		return -ENOENT;
	if (!strcmp(name, "bdi"))
		return sysfs_node_link(out, "/sys/devices/virtual/bdi/%d:%d", BLOCK_EXT_MAJOR, di.minor);
	if (!strcmp(name, "device") && disk_path(obj->k, (int)obj->id, path, sizeof(path))) {
		/* the owner: the disk's directory less "/block/pmemR" */
		*strrchr(path, '/') = 0;
		*strrchr(path, '/') = 0;
		return sysfs_node_link(out, "%s", path);
	}
	return -ENOENT;
}

static void disk_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_LINK, "bdi");
	sysfs_fill(fd, SYSFS_LINK, "device");
}

static const struct sysfs_dir_type disk_dir = {
	.attrs = disk_attrs,
	.dev = &disk_device,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("dax", &disk_dax_dir),
		SYSFS_SUBDIR("holders", &sysfs_empty_dir),
		SYSFS_SUBDIR("integrity", &integrity_dir),
		SYSFS_SUBDIR("queue", &queue_dir),
		SYSFS_SUBDIR("slaves", &sysfs_empty_dir),
		SYSFS_SUBDIR("trace", &trace_dir),
		{ NULL },
	},
	.lookup = disk_lookup,
	.readdir = disk_readdir,
};

/* the owner's block/: the disk of region obj->id */
static int disk_holder_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	struct pmem_disk_info di;

	if (disk_info(obj, &di) || strcmp(name, di.name))
		return -ENOENT;
	return sysfs_node_dir(out, obj->k, &disk_dir, obj->id, 0, 0);
}

static void disk_holder_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	struct pmem_disk_info di;

	if (!disk_info(obj, &di))
		sysfs_fill(fd, SYSFS_DIR, "%s", di.name);
}

const struct sysfs_dir_type block_holder_dir = {
	.lookup = disk_holder_lookup,
	.readdir = disk_holder_readdir,
};

/* ---- /sys/block, /sys/class/block, /sys/dev/block ---- */

/* the region whose disk is called @name, or -1 */
static int region_of_disk_name(struct kernel *k, const char *name)
{
	struct pmem_disk_info di;

	for (int i = 0; i < nd_region_count(k); i++)
		if (!pmem_disk_get(k, i, &di) && !strcmp(di.name, name))
			return i;
	return -1;
}

static int block_class_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	char path[256];
	int region = region_of_disk_name(obj->k, name);

	if (region < 0 || !disk_path(obj->k, region, path, sizeof(path)))
		return -ENOENT;
	return sysfs_node_link(out, "%s", path);
}

static void block_class_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	struct pmem_disk_info di;

	for (int i = 0; i < nd_region_count(obj->k); i++)
		if (!pmem_disk_get(obj->k, i, &di))
			sysfs_fill(fd, SYSFS_LINK, "%s", di.name);
}

/* /sys/block and /sys/class/block: a link per disk */
const struct sysfs_dir_type block_class_dir = {
	.lookup = block_class_lookup,
	.readdir = block_class_readdir,
};

/* the region whose disk has the devt "259:M" @name, or -1 */
static int region_of_devt_name(struct kernel *k, const char *name)
{
	struct pmem_disk_info di;
	char want[32];

	for (int i = 0; i < nd_region_count(k); i++) {
		if (pmem_disk_get(k, i, &di))
			continue;
		snprintf(want, sizeof(want), "%d:%d", BLOCK_EXT_MAJOR, di.minor);
		if (!strcmp(name, want))
			return i;
	}
	return -1;
}

static int dev_block_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	char path[256];
	int region = region_of_devt_name(obj->k, name);

	if (region < 0 || !disk_path(obj->k, region, path, sizeof(path)))
		return -ENOENT;
	return sysfs_node_link(out, "%s", path);
}

/* one "259:M" entry per disk */
static void fill_devts(const struct sysfs_obj *obj, struct sysfs_filldir *fd, enum sysfs_kind kind)
{
	struct pmem_disk_info di;

	for (int i = 0; i < nd_region_count(obj->k); i++)
		if (!pmem_disk_get(obj->k, i, &di))
			sysfs_fill(fd, kind, "%d:%d", BLOCK_EXT_MAJOR, di.minor);
}

static void dev_block_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	fill_devts(obj, fd, SYSFS_LINK);
}

static void bdi_virtual_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	fill_devts(obj, fd, SYSFS_DIR);
}

const struct sysfs_dir_type dev_block_dir = {
	.lookup = dev_block_lookup,
	.readdir = dev_block_readdir,
};

/* ---- /sys/devices/virtual/bdi/259:M and /sys/class/bdi (backing-dev.c) ---- */

/* bdi_get_max_bytes() at max_ratio 100 %: the whole global dirty limit, in bytes of 4 KiB pages */
static int bdi_max_bytes_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	uint64_t background, dirty;

	global_dirty_limits(obj->k, &background, &dirty);
	sysfs_emit(buf, "%llu\n", (unsigned long long)(dirty * 4096));
	return 0;
}

SYSFS_ATTR_TEXT(bdi_attr_read_ahead_kb, "read_ahead_kb", 0644, "128\n");
SYSFS_ATTR_TEXT(bdi_attr_min_ratio, "min_ratio", 0644, "0\n");
SYSFS_ATTR_TEXT(bdi_attr_max_ratio, "max_ratio", 0644, "100\n");
SYSFS_ATTR_TEXT(bdi_attr_stable_pages_required, "stable_pages_required", 0444, "0\n");
BLOCK_ATTR_TEXT_IF(bdi_attr_min_bytes, "min_bytes", 0644, "0\n", has_bdi_bytes);
BLOCK_ATTR_TEXT_IF(bdi_attr_min_ratio_fine, "min_ratio_fine", 0644, "0\n", has_bdi_bytes);
BLOCK_ATTR_TEXT_IF(bdi_attr_max_ratio_fine, "max_ratio_fine", 0644, "1000000\n", has_bdi_bytes);
BLOCK_ATTR_TEXT_IF(bdi_attr_strict_limit, "strict_limit", 0644, "0\n", has_bdi_bytes);
static const struct sysfs_attr bdi_attr_max_bytes = { .name = "max_bytes", .mode = 0644,
						      .show = bdi_max_bytes_show, .is_visible = has_bdi_bytes };

static const struct sysfs_device_type bdi_device = {
	.subsystem = "/sys/class/bdi",
	.power = true,
};

static const struct sysfs_dir_type bdi_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&bdi_attr_max_bytes, &bdi_attr_max_ratio, &bdi_attr_max_ratio_fine, &bdi_attr_min_bytes,
		&bdi_attr_min_ratio, &bdi_attr_min_ratio_fine, &bdi_attr_read_ahead_kb,
		&bdi_attr_stable_pages_required, &bdi_attr_strict_limit, NULL,
	},
	.dev = &bdi_device,
};


static int bdi_virtual_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	int region = region_of_devt_name(obj->k, name);

	return region < 0 ? -ENOENT : sysfs_node_dir(out, obj->k, &bdi_dir, region, 0, 0);
}

const struct sysfs_dir_type bdi_virtual_dir = {
	.lookup = bdi_virtual_lookup,
	.readdir = bdi_virtual_readdir,
};

static int bdi_class_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (region_of_devt_name(obj->k, name) < 0)
		return -ENOENT;
	return sysfs_node_link(out, "/sys/devices/virtual/bdi/%s", name);
}

const struct sysfs_dir_type bdi_class_dir = {
	.lookup = bdi_class_lookup,
	.readdir = dev_block_readdir,		/* links, named as /sys/dev/block's */
};
