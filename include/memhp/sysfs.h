// SPDX-License-Identifier: MIT
/*
 * The guest's sysfs and procfs files as text, by path: what Linux 6.1 shows
 * under /sys/devices/system/memory, /sys/devices/system/node,
 * /sys/module/memory_hotplug/parameters and in /proc/iomem, /proc/meminfo
 * and /proc/zoneinfo, and what a write(2) there does.  This layer turns
 * model values into the kernel's exact formats and parses input with the
 * kernel's parsers; it knows nothing of FUSE or scenarios.  Paths are
 * absolute ("/sys/devices/system/memory/memory32/state").
 */
#ifndef MEMHP_SYSFS_H
#define MEMHP_SYSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "memhp/err.h"

struct kernel;

enum sysfs_kind {
	SYSFS_FILE,
	SYSFS_DIR,
	SYSFS_LINK,
	SYSFS_CHRDEV,		/* a character device node of /dev */
	SYSFS_BLKDEV,		/* a block device node of /dev */
	SYSFS_KIND_COUNT
};

struct sysfs_stat {
	enum sysfs_kind kind;
	unsigned int mode;		/* permission bits, e.g. 0644 */
	char target[128];		/* SYSFS_LINK: relative target, e.g. "../../node/node0" */
	unsigned int dev_major, dev_minor;	/* SYSFS_CHRDEV, SYSFS_BLKDEV: the device number */
	uint64_t size;			/* SYSFS_BLKDEV: the disk's size in bytes */
	bool rw;			/* a device node whose bytes sysfs_dev_rw() reaches */
};

/** sysfs_lookup() - Return: 0 or -ENOENT. */
int sysfs_lookup(struct kernel *k, const char *path, struct sysfs_stat *st);
/**
 * sysfs_read() - the whole content of a file, fresh
 * @out: malloc'd, NUL-terminated; @len its length
 * Return: 0, -ENOENT, -EISDIR, -EACCES (write-only file), -ENOMEM.
 */
int sysfs_read(struct kernel *k, const char *path, char **out, size_t *len);
/**
 * sysfs_write() - one write(2) of @len bytes (a trailing newline is allowed)
 * Return: 0, -ENOENT, -EISDIR, -EACCES (read-only file), or what the kernel
 * returns (-EINVAL, -EBUSY, -ERANGE, ...).
 */
int sysfs_write(struct kernel *k, const char *path, const char *buf, size_t len, struct memhp_err *err);
/**
 * sysfs_dev_rw() - read (or @write) @len bytes at byte @off of the device
 * node @path (under /dev), as read(2) and write(2) on it would
 * Return: the bytes done (0 at the end), -ENOENT, -EINVAL (not a device
 * node), -ENXIO (a node whose device cannot be read or written this way),
 * or the device's error (-ENOSPC, ...).
 */
ssize_t sysfs_dev_rw(struct kernel *k, const char *path, uint64_t off, void *buf, size_t len, bool write);
/**
 * sysfs_readdir() - the entries of a directory, in no particular order
 * Return: 0, -ENOENT, -ENOTDIR.
 */
int sysfs_readdir(struct kernel *k, const char *path,
		  void (*fn)(void *opaque, const char *name, enum sysfs_kind kind), void *opaque);

#endif
