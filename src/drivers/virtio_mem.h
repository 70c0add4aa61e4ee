// SPDX-License-Identifier: MIT
/*
 * The guest's virtio_mem driver (drivers/virtio/virtio_mem.c of Linux 6.1)
 * and the module loading that brings it and the virtio PCI transport up.
 */
#ifndef MEMHP_DRIVERS_VIRTIO_MEM_H
#define MEMHP_DRIVERS_VIRTIO_MEM_H

#include <stdbool.h>

struct kernel;
struct virtio_mem_port;

/* How the guest finds the virtio-mem devices on its PCI bus (i = 0, 1, ...; NULL past the last). */
typedef struct virtio_mem_port *(*virtio_mem_lookup_fn)(void *opaque, int i);

/** virtio_mem_attach_bus() - tell the guest where its virtio-mem devices are. Return: 0 or -ENOMEM. */
int virtio_mem_attach_bus(struct kernel *k, virtio_mem_lookup_fn lookup, void *opaque);
/** virtio_mem_notify() - a config-change interrupt, or a device appeared on the bus */
void virtio_mem_notify(struct kernel *k, struct virtio_mem_port *port, bool appeared);
/** virtio_mem_run_work() - run work the driver queued (retries); Return: whether it ran any. */
bool virtio_mem_run_work(struct kernel *k);
void virtio_mem_fini(struct kernel *k);

#endif
