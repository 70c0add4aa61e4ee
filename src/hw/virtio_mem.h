// SPDX-License-Identifier: MIT
/*
 * virtio-mem on the host (QEMU's include/hw/virtio/virtio-mem.h): the
 * device state behind a virtio-mem-pci memory device (md->priv), its
 * device_add template, and what the machine and QMP call.
 *   virtio_mem.c      the device: plugged-block bitmap, the guest's port,
 *                     realize, requested-size, reset, the size-change event;
 *   virtio_mem_pci.c  the memory-device class: properties, placement
 *                     alignment, QOM and query views.
 */
#ifndef MEMHP_HW_VIRTIO_MEM_H
#define MEMHP_HW_VIRTIO_MEM_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/memory_device.h"
#include "memhp/virtio_mem.h"

struct json;
struct pc_machine;

#define VIRTIO_MEM_MIN_BLOCK_SIZE	(1 * MiB)

enum on_off_auto {
	ON_OFF_AUTO_AUTO,	/* decided at realize from the backend */
	ON_OFF_AUTO_ON,
	ON_OFF_AUTO_OFF,
	ON_OFF_AUTO_COUNT
};

/* The device being built: property values before realize. */
struct virtio_mem_tmpl {
	struct memory_device_tmpl md;	/* memaddr, node, memdev */
	uint64_t requested_size;
	uint64_t block_size;		/* 0: the backend's default */
	bool prealloc;
	enum on_off_auto unplugged_inaccessible;
};

/*
 * The virtio-mem device state (QEMU's VirtIOMEM) of one realized
 * virtio-mem-pci.  Sizes are bytes; the device's region is
 * [md->addr, md->addr + md->memdev->size) (max-size).
 * Invariants:
 *   block_size is a power of two >= 1 MiB and divides md->addr and
 *   md->memdev->size;
 *   nr_blocks == md->memdev->size / block_size, the bits of @plugged;
 *   size == block_size * (number of set bits) <= usable_region_size;
 *   usable_region_size % block_size == 0, <= md->memdev->size;
 *   requested_size % block_size == 0 (it may exceed max-size: set so by
 *   device_add, QEMU does not check it there).
 */
struct virtio_mem_state {
	struct virtio_mem_port port;	/* what the guest calls; opaque = this */
	struct pc_machine *pcms;
	struct memory_device *md;	/* the device this belongs to */
	uint64_t block_size;
	uint64_t requested_size;
	uint64_t size;			/* plugged (QOM "size") */
	uint64_t usable_region_size;
	bool prealloc;
	bool unplugged_inaccessible;	/* resolved at realize (no "auto") */
	uint64_t nr_blocks;
	uint64_t *plugged;		/* bitmap: bit i = device block i plugged */
	/* MEMORY_DEVICE_SIZE_CHANGE rate limit (see virtio_mem.c) */
	bool event_sent;		/* sent one since the last host command */
	bool event_pending;		/* a change waits to be sent */
};

uint64_t virtio_mem_default_block_size(const struct host_memory_backend *be);
int virtio_mem_realize(struct pc_machine *pcms, void *tmpl, struct memory_device *md,
		       struct memhp_err *err);
void virtio_mem_plug(struct pc_machine *pcms, struct memory_device *md);
int virtio_mem_set_requested_size(struct pc_machine *pcms, struct memory_device *md,
				  const struct json *value, struct memhp_err *err);
void virtio_mem_state_free(void *priv);
void virtio_mem_system_reset(struct pc_machine *pcms);
void virtio_mem_reset_notify(struct pc_machine *pcms);
void virtio_mem_host_command(struct pc_machine *pcms);

#endif
