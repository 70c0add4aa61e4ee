// SPDX-License-Identifier: MIT
/*
 * A live machine: one struct machine shared by the front ends of `memhp up`
 * (the QMP socket, the FUSE mount, the HTTP map).  Every access goes through
 * one lock that plays the guest kernel's device_hotplug_lock and QEMU's big
 * lock at once, so writers from QMP and FUSE serialise as on the real thing.
 * Changes bump a generation counter that waiters can sleep on; QMP events
 * fan out to listeners; every host and guest action can be appended to a
 * recording in scenario syntax.
 */
#ifndef MEMHP_DAEMON_LIVE_H
#define MEMHP_DAEMON_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memhp/err.h"
#include "memhp/hw.h"
#include "memhp/sysfs.h"

struct json;
struct machine;
struct live;
struct kernel_profile;

struct live_config {
	const char *const *qemu_argv;	/* QEMU arguments, as after `qemu` in a scenario */
	int qemu_argc;
	const char *cmdline;		/* kernel parameters, may be NULL */
	const struct kernel_profile *profile;	/* the guest's kernel; NULL: 6.1 */
	const char *record_path;	/* append a scenario here, may be NULL */
	const char *const *modules;	/* guest modules loaded after boot, as `modprobe` steps */
	int nr_modules;
};

/**
 * live_new() - boot a live machine
 * Return: 0, -EINVAL (QEMU or the guest refused; @err says why), -ENOMEM,
 * -errno of opening the recording.
 */
int live_new(const struct live_config *cfg, struct live **out, struct memhp_err *err);
void live_free(struct live *lv);

/* The lock; live_machine() may be used only while it is held. */
void live_lock(struct live *lv);
void live_unlock(struct live *lv);
struct machine *live_machine(struct live *lv);

/**
 * live_qmp() - one QMP request from a client: runs it, lets the guest react
 * and records it; the events it caused wait for live_flush_events(), so the
 * caller can send the reply first, as QEMU does
 * Context: takes the lock.
 * Return: the reply object (caller frees), NULL when out of memory.
 */
struct json *live_qmp(struct live *lv, struct qmp_session *s, const struct json *req);
/** live_flush_events() - send the queued QMP events to the listeners. Context: takes the lock. */
void live_flush_events(struct live *lv);
/* live_quit_requested() - a QMP client asked the machine to quit */
bool live_quit_requested(struct live *lv);

/* sysfs/procfs access from the guest side.  Context: each takes the lock. */
int live_sysfs_lookup(struct live *lv, const char *path, struct sysfs_stat *st);
int live_sysfs_read(struct live *lv, const char *path, char **out, size_t *len);
/** live_sysfs_write() - a write(2); records "write PATH VALUE" when it succeeds or fails as Linux would. */
int live_sysfs_write(struct live *lv, const char *path, const char *buf, size_t len, struct memhp_err *err);
/** live_dev_rw() - sysfs_dev_rw() under the live lock: the bytes of a /dev node */
ssize_t live_dev_rw(struct live *lv, const char *path, uint64_t off, void *buf, size_t len, bool write);
int live_sysfs_readdir(struct live *lv, const char *path,
		       void (*fn)(void *opaque, const char *name, enum sysfs_kind kind), void *opaque);

/** live_record_snapshot() - append a `snapshot` step to the recording (if any). */
void live_record_snapshot(struct live *lv);

/** live_generation() - a counter that grows with every change of the machine. */
uint64_t live_generation(struct live *lv);
/**
 * live_wait_change() - sleep until the generation exceeds @since or
 * @timeout_ms passes
 * Return: the generation then.
 */
uint64_t live_wait_change(struct live *lv, uint64_t since, int timeout_ms);

/* QMP events as wire text ({"timestamp": ..., "event": ..., "data": ...}, no line end). */
typedef void (*live_event_fn)(void *opaque, const char *text);
/** live_add_event_listener() - Return: 0 or -ENOMEM. */
int live_add_event_listener(struct live *lv, live_event_fn fn, void *opaque);
void live_remove_event_listener(struct live *lv, live_event_fn fn, void *opaque);

#endif
