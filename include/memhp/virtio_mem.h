// SPDX-License-Identifier: MIT
/*
 * The virtio-mem device as the guest's driver sees it: the device's config
 * space (region, block size, node, plugged and requested sizes) and its
 * request queue (PLUG, UNPLUG, UNPLUG_ALL, STATE).  The host implements it
 * (src/hw/virtio_mem.c); the guest driver (src/drivers/virtio_mem.c) only
 * calls through it.  Sizes and addresses are bytes.
 */
#ifndef MEMHP_VIRTIO_MEM_H
#define MEMHP_VIRTIO_MEM_H

#include <stdbool.h>
#include <stdint.h>

struct virtio_mem_config {
	uint64_t block_size;		/* device block size, a power of two >= 1 MiB */
	uint16_t node_id;		/* valid when acpi_pxm */
	bool acpi_pxm;			/* VIRTIO_MEM_F_ACPI_PXM */
	bool unplugged_inaccessible;	/* VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE */
	uint64_t addr;			/* start of the device's region (memaddr) */
	uint64_t region_size;		/* the backend's size (max-size) */
	uint64_t usable_region_size;	/* the part the guest may plug now */
	uint64_t plugged_size;		/* what is plugged (QOM "size") */
	uint64_t requested_size;	/* what the host asks for */
};

enum virtio_mem_req_type {
	VIRTIO_MEM_REQ_PLUG,
	VIRTIO_MEM_REQ_UNPLUG,
	VIRTIO_MEM_REQ_UNPLUG_ALL,
	VIRTIO_MEM_REQ_STATE,
	VIRTIO_MEM_REQ_COUNT
};

enum virtio_mem_resp_type {
	VIRTIO_MEM_RESP_ACK,
	VIRTIO_MEM_RESP_NACK,		/* over the requested size */
	VIRTIO_MEM_RESP_BUSY,
	VIRTIO_MEM_RESP_ERROR,		/* bad range or state */
	VIRTIO_MEM_RESP_COUNT
};

enum virtio_mem_block_state {
	VIRTIO_MEM_STATE_PLUGGED,
	VIRTIO_MEM_STATE_UNPLUGGED,
	VIRTIO_MEM_STATE_MIXED,
	VIRTIO_MEM_STATE_COUNT
};

/* One virtio-mem device on the guest's PCI bus. */
struct virtio_mem_port {
	void *opaque;
	unsigned int pci_slot;		/* its place on bus 0: 0000:00:SS.0 */
	uint64_t device_features;	/* the feature bits the device offers (VIRTIO_F_*, VIRTIO_MEM_F_*) */
	void (*get_config)(void *opaque, struct virtio_mem_config *out);
	/*
	 * One request: @addr and @nb_blocks in device blocks (ignored for
	 * UNPLUG_ALL); STATE fills *@state.  Return: enum virtio_mem_resp_type.
	 */
	int (*request)(void *opaque, enum virtio_mem_req_type type, uint64_t addr, uint64_t nb_blocks,
		       enum virtio_mem_block_state *state);
};

#endif
