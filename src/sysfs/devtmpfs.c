// SPDX-License-Identifier: MIT
/*
 * /dev as devtmpfs fills it (drivers/base/devtmpfs.c) for the devices memhp
 * models, plus what the guest's init links there:
 *  - the memory devices null (1:3), zero (1:5) and full (1:7), 0666, with
 *    drivers/char/mem.c's reads and writes;
 *  - ndctl0, libnvdimm's control device, while the nd bus exists;
 *  - daxR.N, each dev_dax that has its character device;
 *  - pmemR, each pmem disk (block, BLOCK_EXT_MAJOR), whose bytes are the
 *    namespace's (pmem_disk_rw());
 *  - fd, stdin, stdout and stderr, links into /proc/self.
 * devtmpfs makes a node 0600 root:root unless its class says otherwise;
 * nothing here renames or re-modes nodes as udev would.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "memhp/drivers.h"
#include "memhp/profile.h"
#include "sysfs/sysfs_internal.h"

#define MEM_MAJOR 1
#define BLOCK_EXT_MAJOR 259

enum { MEM_NULL = 3, MEM_ZERO = 5, MEM_FULL = 7 };

/* read_null()/write_null(), read_iter_zero(), write_full() */
static ssize_t mem_rw(const struct sysfs_obj *obj, uint64_t off, void *buf, size_t len, bool write)
{
	switch (obj->index) {
	case MEM_NULL:
		return write ? (ssize_t)len : 0;
	case MEM_ZERO:
		if (!write)
			memset(buf, 0, len);
		return (ssize_t)len;
	default:
		if (write)
			return -ENOSPC;
		memset(buf, 0, len);
		return (ssize_t)len;
	}
}

static ssize_t pmem_rw(const struct sysfs_obj *obj, uint64_t off, void *buf, size_t len, bool write)
{
	return pmem_disk_rw(obj->k, (int)obj->id, off, buf, len, write);
}

static const struct {
	const char *name;
	int minor;
} mem_devs[] = { { "full", MEM_FULL }, { "null", MEM_NULL }, { "zero", MEM_ZERO } };

static const struct {
	const char *name, *target;
} fd_links[] = {
	{ "fd", "/proc/self/fd" },
	{ "stderr", "/proc/self/fd/2" },
	{ "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" },
};

/* the dev_dax "daxR.N" with a character device: its minor, or -1 */
static int dax_minor(struct kernel *k, const char *name, long *region, int *idx)
{
	struct nd_dax_info di;
	int r, n, len = 0;

	if (sscanf(name, "dax%d.%d%n", &r, &n, &len) != 2 || name[len] || nd_dax_get(k, r, n, &di) ||
	    di.minor < 0)
		return -1;
	*region = r;
	*idx = n;
	return di.minor;
}

static int dev_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	struct sysfs_devnode dn = { 0 };
	struct pmem_disk_info di;
	long region;
	int idx, minor;

	for (size_t i = 0; i < sizeof(mem_devs) / sizeof(mem_devs[0]); i++) {
		if (!strcmp(name, mem_devs[i].name)) {
			struct sysfs_obj mem = *obj;

			mem.index = mem_devs[i].minor;
			dn = (struct sysfs_devnode){ .major = MEM_MAJOR, .minor = (unsigned int)mem_devs[i].minor,
						     .rw = mem_rw };
			return sysfs_node_devnode(out, &mem, SYSFS_CHRDEV, 0666, &dn);
		}
	}
	for (size_t i = 0; i < sizeof(fd_links) / sizeof(fd_links[0]); i++)
		if (!strcmp(name, fd_links[i].name))
			return sysfs_node_link(out, "%s", fd_links[i].target);
	if (!strcmp(name, "ndctl0") && nd_bus_present(obj->k)) {
		dn.major = (unsigned int)kernel_profile_of(obj->k)->config.nd_ctl_major;
		return sysfs_node_devnode(out, obj, SYSFS_CHRDEV, 0600, &dn);
	}
	minor = dax_minor(obj->k, name, &region, &idx);
	if (minor >= 0) {
		dn.major = DAX_CHRDEV_MAJOR;
		dn.minor = (unsigned int)minor;
		return sysfs_node_devnode(out, obj, SYSFS_CHRDEV, 0600, &dn);
	}
	for (int i = 0; i < nd_region_count(obj->k); i++) {
		struct sysfs_obj disk = *obj;

		if (pmem_disk_get(obj->k, i, &di) || strcmp(name, di.name))
			continue;
		disk.id = i;
		dn = (struct sysfs_devnode){ .major = BLOCK_EXT_MAJOR, .minor = (unsigned int)di.minor,
					     .size = di.size, .rw = pmem_rw };
		return sysfs_node_devnode(out, &disk, SYSFS_BLKDEV, 0600, &dn);
	}
	return -ENOENT;
}

static void dev_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	struct pmem_disk_info di;
	struct nd_dax_info dax;

	for (size_t i = 0; i < sizeof(mem_devs) / sizeof(mem_devs[0]); i++)
		sysfs_fill(fd, SYSFS_CHRDEV, "%s", mem_devs[i].name);
	for (size_t i = 0; i < sizeof(fd_links) / sizeof(fd_links[0]); i++)
		sysfs_fill(fd, SYSFS_LINK, "%s", fd_links[i].name);
	if (nd_bus_present(obj->k))
		sysfs_fill(fd, SYSFS_CHRDEV, "ndctl0");
	for (int i = 0; i < nd_region_count(obj->k); i++) {
		for (int j = 0; j < nd_dax_count(obj->k, i); j++)
			if (!nd_dax_get(obj->k, i, j, &dax) && dax.minor >= 0)
				sysfs_fill(fd, SYSFS_CHRDEV, "dax%d.%d", i, j);
		if (!pmem_disk_get(obj->k, i, &di))
			sysfs_fill(fd, SYSFS_BLKDEV, "%s", di.name);
	}
}

const struct sysfs_dir_type devtmpfs_dir = {
	.lookup = dev_lookup,
	.readdir = dev_readdir,
};
