// SPDX-License-Identifier: MIT
/*
 * The FUSE front end of `memhp up --mount DIR`: the live machine's guest
 * sysfs, procfs and devtmpfs (/sys/..., /proc/..., /dev/...) as a real
 * file system, so that shells, lsmem, chmem, udev, ndctl and daxctl can
 * read and write it as on the guest.
 * Only this module's .c file includes <fuse.h>; callers see an opaque
 * handle and the project's 0 / -errno convention.
 */
#ifndef MEMHP_FUSEFS_H
#define MEMHP_FUSEFS_H

#include "memhp/err.h"

struct live;
struct fusefs;

/**
 * fusefs_start() - mount the live machine's tree at @mountpoint and serve it
 * @lv: the live machine; every access goes through live_sysfs_*()
 * @mountpoint: an existing directory
 * @out: the mount, for fusefs_stop()
 * @err: why mounting failed, may be NULL
 *
 * Mounts with default_permissions (and allow_other where the caller may
 * use it), no attribute, entry or negative caching and direct I/O, so every
 * stat, read and write reaches the model; then serves requests on a thread
 * of its own (signals blocked there) and returns.
 *
 * Context: must not hold the live lock.  May be called while other front
 * ends (QMP) run.
 * Return: 0, -ENOENT or -ENOTDIR (@mountpoint), -ENODEV (no /dev/fuse),
 * -EACCES (the mount failed and the caller may not use /dev/fuse), -EPERM
 * (the mount was refused), -EINVAL (libfuse rejected the options), -ENOMEM,
 * or -errno of eventfd() or pthread_create().
 */
int fusefs_start(struct live *lv, const char *mountpoint, struct fusefs **out,
		 struct memhp_err *err);

/**
 * fusefs_stop() - unmount, wait for the serving thread and free
 * @fs: from fusefs_start(); NULL is ignored
 *
 * Ends the request loop, unmounts (lazily, so a shell still inside the tree
 * does not keep the daemon from exiting: its next access fails ENOTCONN)
 * and joins the thread.
 *
 * Context: must not hold the live lock (a request in flight may need it).
 */
void fusefs_stop(struct fusefs *fs);

#endif
