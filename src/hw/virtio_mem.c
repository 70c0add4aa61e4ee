// SPDX-License-Identifier: MIT
/*
 * virtio-mem, the host side (QEMU 7.2 hw/virtio/virtio-mem.c): the device
 * state behind a virtio-mem-pci (md->priv): realize's checks in QEMU's
 * order, the guest's port (config space; PLUG, UNPLUG, UNPLUG_ALL and STATE
 * over a bitmap of plugged device blocks), requested-size, system reset and
 * the MEMORY_DEVICE_SIZE_CHANGE event.  The memory-device class (its
 * properties, placement alignment, QOM and query views, the device_del
 * refusal) is virtio_mem_pci.c.  There is no guest code here: the guest
 * driver only calls through struct virtio_mem_port.
 *
 * Notifications: the handler set with pc_machine_set_virtio_mem_handler()
 * runs with appeared=true when device_add hot-plugs a device.  It does not
 * run for -device: the guest finds cold-plugged devices at boot by walking
 * pc_machine_virtio_mem_port().  It runs with appeared=false after every
 * successful qom-set of requested-size, even to the same value (QEMU always
 * raises the config interrupt), and after system_reset.  Ports are numbered
 * in machine-list order: cold-plugged devices first, in command-line order,
 * then hot-plugged ones in plug order.  virtio-mem devices are never
 * removed, so the numbering stays stable.
 *
 * Events: QEMU rate-limits MEMORY_DEVICE_SIZE_CHANGE per QOM path to one a
 * second.  The first is sent at once; later ones in the same window are
 * coalesced to the last value, which is sent when the window closes.  The
 * model has no clock, so a window runs from one host command to the next:
 *  1. A change of size is sent at once if the device has sent nothing since
 *     the last host command.  Otherwise it is held back, and only the
 *     latest value is kept.
 *  2. A held-back value is sent when the next host command arrives
 *     (qmp_execute(), before the command runs).  That also opens a new
 *     window.
 *  3. A held-back value is also sent when the guest has finished handling a
 *     notification: right after the handler returns, and from
 *     pc_machine_guest_idle() for a guest that handles notifications later.
 *     The window stays closed.
 * So when the guest plugs 256 MiB as two 128 MiB requests after a qom-set,
 * the events are 134217728 then 268435456, as QEMU was seen to send them
 * (spec §12.4).  system_reset is a host command, so its size 0 event goes
 * out at once, before RESET.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hostmem.h"
#include "hw/memory_device.h"
#include "hw/pc.h"
#include "hw/virtio_mem.h"
#include "lib/json.h"

#define VIRTIO_MEM_USABLE_EXTENT	(256 * MiB)	/* x86: 2 * 128 MiB */
#define VIRTIO_MEM_THP_SIZE		(2 * MiB)	/* host THP size on x86-64 */
#define HOST_PAGE_SIZE			(4 * KiB)
#define BITS_PER_WORD			64

/* ---- plugged-block bitmap ------------------------------------------------- */

static bool block_plugged(const uint64_t *bm, uint64_t i)
{
	return (bm[i / BITS_PER_WORD] >> (i % BITS_PER_WORD)) & 1;
}

/* Whether every block of [first, first + n) is plugged (@plugged) or unplugged. */
static bool blocks_all(const uint64_t *bm, uint64_t first, uint64_t n, bool plugged)
{
	for (uint64_t i = first; i < first + n; i++)
		if (block_plugged(bm, i) != plugged)
			return false;
	return true;
}

static void blocks_set(uint64_t *bm, uint64_t first, uint64_t n, bool plugged)
{
	for (uint64_t i = first; i < first + n; i++) {
		uint64_t bit = 1ULL << (i % BITS_PER_WORD);

		if (plugged)
			bm[i / BITS_PER_WORD] |= bit;
		else
			bm[i / BITS_PER_WORD] &= ~bit;
	}
}

static size_t bitmap_words(uint64_t nr_blocks)
{
	return (size_t)((nr_blocks + BITS_PER_WORD - 1) / BITS_PER_WORD);
}

/* ---- events and notifications --------------------------------------------- */

static void send_size_event(struct virtio_mem_state *vmem)
{
	struct json *data = json_new_object();
	char *path = memory_device_qom_path(vmem->md);
	int r = !data || !path;

	/* MEMORY_DEVICE_SIZE_CHANGE member order; the event sink reorders */
	if (!r && vmem->md->id)
		r |= json_object_set(data, "id", json_new_string(vmem->md->id));
	if (!r) {
		r |= json_object_set(data, "size", json_new_u64(vmem->size));
		r |= json_object_set(data, "qom-path", json_new_string(path));
	}
	free(path);
	if (r) {
		json_free(data);
		return;
	}
	pc_machine_emit_event(vmem->pcms, "MEMORY_DEVICE_SIZE_CHANGE", data);
}

/* size changed: send now or hold back (rule 1 of the file comment). */
static void size_changed(struct virtio_mem_state *vmem)
{
	if (vmem->event_sent) {
		vmem->event_pending = true;
		return;
	}
	vmem->event_sent = true;
	vmem->event_pending = false;
	send_size_event(vmem);
}

static void flush_pending(struct virtio_mem_state *vmem)
{
	if (!vmem->event_pending)
		return;
	vmem->event_pending = false;
	send_size_event(vmem);
}

static struct virtio_mem_state *nth_vmem(const struct pc_machine *pcms, int i)
{
	if (i < 0)
		return NULL;
	for (struct memory_device *md = pcms->devices; md; md = md->next)
		if (md->cls == &virtio_mem_pci_class && !i--)
			return md->priv;
	return NULL;
}

/**
 * pc_machine_guest_idle() - the guest has finished handling notifications
 * @pcms: the machine
 *
 * Sends the MEMORY_DEVICE_SIZE_CHANGE events the rate limit held back
 * (rule 3 of the file comment).  A front end whose guest handles
 * virtio-mem notifications after the handler has returned calls this when
 * the guest has run.
 */
void pc_machine_guest_idle(struct pc_machine *pcms)
{
	struct virtio_mem_state *vmem;

	for (int i = 0; (vmem = nth_vmem(pcms, i)); i++)
		flush_pending(vmem);
}

/**
 * virtio_mem_host_command() - a host command (QMP) arrives
 * @pcms: the machine (NULL: nothing to do)
 *
 * Sends the held-back events and opens a new rate-limit window for every
 * device (rule 2 of the file comment).
 */
void virtio_mem_host_command(struct pc_machine *pcms)
{
	struct virtio_mem_state *vmem;

	if (!pcms)
		return;
	for (int i = 0; (vmem = nth_vmem(pcms, i)); i++) {
		flush_pending(vmem);
		vmem->event_sent = false;
	}
}

/*
 * The config-change interrupt (appeared false) or the PCI hot-plug
 * (appeared true).  The handler may run the guest driver, which calls back
 * into the port; devices may be looked up again afterwards, never kept.
 */
static void notify_guest(struct virtio_mem_state *vmem, bool appeared)
{
	struct pc_machine *pcms = vmem->pcms;

	if (pcms->vmem_fn)
		pcms->vmem_fn(pcms->vmem_opaque, &vmem->port, appeared);
	pc_machine_guest_idle(pcms);
}

/**
 * pc_machine_set_virtio_mem_handler() - who hears virtio-mem notifications
 * @pcms: the machine
 * @fn: called when a device is hot-plugged (appeared true) or its config
 *      changes (appeared false); NULL: nobody
 * @opaque: passed to @fn
 */
void pc_machine_set_virtio_mem_handler(struct pc_machine *pcms, virtio_mem_notify_fn fn,
				       void *opaque)
{
	pcms->vmem_fn = fn;
	pcms->vmem_opaque = opaque;
}

/**
 * pc_machine_virtio_mem_port() - the @i-th virtio-mem device in PCI order
 * @pcms: the machine
 * @i: 0, 1, ... (the guest's virtio0, virtio1, ...)
 *
 * Cold-plugged devices come first in command-line order, then hot-plugged
 * ones in plug order.
 *
 * Return: the port (owned by the machine, valid until it is freed), or NULL
 * past the last device.
 */
struct virtio_mem_port *pc_machine_virtio_mem_port(struct pc_machine *pcms, int i)
{
	struct virtio_mem_state *vmem = nth_vmem(pcms, i);

	return vmem ? &vmem->port : NULL;
}

/* ---- sizes ------------------------------------------------------------------ */

/*
 * virtio_mem_resize_usable_region(): min(max-size, requested + 256 MiB)
 * rounded up to the block size, 0 when nothing is requested; it only
 * shrinks when @can_shrink.  The sum wraps as QEMU's does.
 */
static void resize_usable_region(struct virtio_mem_state *vmem, uint64_t requested,
				 bool can_shrink)
{
	uint64_t max = vmem->md->memdev->size;
	uint64_t newsize = requested + VIRTIO_MEM_USABLE_EXTENT;

	if (newsize > max)
		newsize = max;
	newsize = pc_round_up(newsize, vmem->block_size);
	if (!requested)
		newsize = 0;
	if (newsize < vmem->usable_region_size && !can_shrink)
		return;
	vmem->usable_region_size = newsize;
}

/* virtio_mem_unplug_all(): 0 or -EBUSY (migration). */
static int unplug_all(struct virtio_mem_state *vmem)
{
	if (vmem->pcms->migration_active)
		return -EBUSY;
	memset(vmem->plugged, 0, bitmap_words(vmem->nr_blocks) * sizeof(*vmem->plugged));
	if (vmem->size) {
		vmem->size = 0;
		size_changed(vmem);
	}
	resize_usable_region(vmem, vmem->requested_size, true);
	return 0;
}

/* ---- the guest's port --------------------------------------------------------- */

static void port_get_config(void *opaque, struct virtio_mem_config *out)
{
	const struct virtio_mem_state *vmem = opaque;

	memset(out, 0, sizeof(*out));
	out->block_size = vmem->block_size;
	out->node_id = (uint16_t)vmem->md->node;
	out->acpi_pxm = true;		/* pc always has NUMA state */
	out->unplugged_inaccessible = vmem->unplugged_inaccessible;
	out->addr = vmem->md->addr;
	out->region_size = vmem->md->memdev->size;
	out->usable_region_size = vmem->usable_region_size;
	out->plugged_size = vmem->size;
	out->requested_size = vmem->requested_size;
}

/*
 * virtio_mem_valid_range() in device blocks: non-empty, no overflow, inside
 * the usable region.  (QEMU also requires a block-aligned address; a block
 * index always is.)
 */
static bool valid_range(const struct virtio_mem_state *vmem, uint64_t first, uint64_t nb_blocks)
{
	uint64_t usable = vmem->usable_region_size / vmem->block_size;

	if (first + nb_blocks < first || !nb_blocks)
		return false;
	if (first >= usable)
		return false;
	return first + nb_blocks <= usable;
}

/*
 * virtio_mem_state_change_request(), in QEMU's order, for blocks
 * [@first, @first + @nb_blocks):
 *  1. a bad range (see valid_range()): ERROR;
 *  2. a plug beyond the requested size: NACK;
 *  3. a block already in the target state: ERROR;
 *  4. a migration in progress: BUSY;
 *  5. ACK: the blocks change state, size follows, the event goes out.
 */
static int state_change(struct virtio_mem_state *vmem, uint64_t first, uint64_t nb_blocks,
			bool plug)
{
	uint64_t size;

	if (!valid_range(vmem, first, nb_blocks))
		return VIRTIO_MEM_RESP_ERROR;
	size = nb_blocks * vmem->block_size;	/* <= usable_region_size */
	if (plug && vmem->size + size > vmem->requested_size)
		return VIRTIO_MEM_RESP_NACK;
	if (!blocks_all(vmem->plugged, first, nb_blocks, !plug))
		return VIRTIO_MEM_RESP_ERROR;
	if (vmem->pcms->migration_active)
		return VIRTIO_MEM_RESP_BUSY;
	blocks_set(vmem->plugged, first, nb_blocks, plug);
	vmem->size = plug ? vmem->size + size : vmem->size - size;
	size_changed(vmem);
	return VIRTIO_MEM_RESP_ACK;
}

static int state_request(const struct virtio_mem_state *vmem, uint64_t first, uint64_t nb_blocks,
			 enum virtio_mem_block_state *state)
{
	if (!valid_range(vmem, first, nb_blocks))
		return VIRTIO_MEM_RESP_ERROR;
	if (state) {
		if (blocks_all(vmem->plugged, first, nb_blocks, true))
			*state = VIRTIO_MEM_STATE_PLUGGED;
		else if (blocks_all(vmem->plugged, first, nb_blocks, false))
			*state = VIRTIO_MEM_STATE_UNPLUGGED;
		else
			*state = VIRTIO_MEM_STATE_MIXED;
	}
	return VIRTIO_MEM_RESP_ACK;
}

/*
 * One request from the guest.  As include/memhp/virtio_mem.h says, @first
 * and @nb_blocks are in device blocks: @first is the index of the first
 * block from the start of the region (memaddr), where the wire carries the
 * address memaddr + @first * block-size.  (On the wire nb_blocks is 16 bits;
 * the port takes the count as it is.)  An unknown type is a protocol
 * violation: ERROR.
 */
static int port_request(void *opaque, enum virtio_mem_req_type type, uint64_t first,
			uint64_t nb_blocks, enum virtio_mem_block_state *state)
{
	struct virtio_mem_state *vmem = opaque;

	switch (type) {
	case VIRTIO_MEM_REQ_PLUG:
		return state_change(vmem, first, nb_blocks, true);
	case VIRTIO_MEM_REQ_UNPLUG:
		return state_change(vmem, first, nb_blocks, false);
	case VIRTIO_MEM_REQ_UNPLUG_ALL:
		return unplug_all(vmem) ? VIRTIO_MEM_RESP_BUSY : VIRTIO_MEM_RESP_ACK;
	case VIRTIO_MEM_REQ_STATE:
		return state_request(vmem, first, nb_blocks, state);
	default:
		return VIRTIO_MEM_RESP_ERROR;
	}
}

/* ---- realize ------------------------------------------------------------------ */

/*
 * virtio_mem_default_block_size(): max(page size, THP size) for a backend
 * with the host page size.  Every backend memhp models has 4 KiB pages
 * (hugetlbfs is not modelled), so this is 2 MiB.
 */
uint64_t virtio_mem_default_block_size(const struct host_memory_backend *be)
{
	(void)be;
	return VIRTIO_MEM_THP_SIZE;
}

/* Private anonymous memory (no fd, not shared) reads as the shared zero page. */
static bool has_shared_zeropage(const struct host_memory_backend *be)
{
	return be->kind == HOSTMEM_RAM && !be->share;
}

/*
 * virtio_mem_device_realize() checks after placement, in QEMU's order.
 * @addr is the placed address, @block_size is set to the effective one.
 */
static int realize_checks(struct pc_machine *pcms, struct virtio_mem_tmpl *t, uint64_t addr,
			  struct memhp_err *err)
{
	struct host_memory_backend *be = t->md.memdev;
	int nodes = pc_machine_numa_nodes_for_check(pcms);
	uint64_t dflt = virtio_mem_default_block_size(be);

	if (be->mapped)
		return memhp_err_set(err, -EBUSY, "'memdev' property specifies a busy memdev: %s",
				     be->id);
	if (t->md.node >= (uint32_t)nodes)
		return memhp_err_set(err, -EINVAL,
				     "'node' property has value '%" PRIu32 "', which exceedsthe number of numa nodes: %d",
				     t->md.node, nodes);
	switch (t->unplugged_inaccessible) {
	case ON_OFF_AUTO_AUTO:
		t->unplugged_inaccessible = has_shared_zeropage(be) ? ON_OFF_AUTO_OFF : ON_OFF_AUTO_ON;
		break;
	case ON_OFF_AUTO_OFF:
		if (!has_shared_zeropage(be))
			pc_machine_warn(pcms,
					"'unplugged-inaccessible' property set to 'off' with a memdev that does not support the shared zeropage.");
		break;
	default:
		break;
	}
	if (!t->block_size)
		t->block_size = dflt;
	if (t->block_size < HOST_PAGE_SIZE)
		return memhp_err_set(err, -EINVAL,
				     "'block-size' property has to be at least the page size (0x%" PRIx64 ")",
				     (uint64_t)HOST_PAGE_SIZE);
	if (t->block_size < dflt)
		pc_machine_warn(pcms,
				"'block-size' property is smaller than the default block size (%" PRIu64 " MiB)",
				(uint64_t)(dflt / MiB));
	if (t->requested_size % t->block_size)
		return memhp_err_set(err, -EINVAL,
				     "'requested-size' property has to be multiples of 'block-size' (0x%" PRIx64 ")",
				     t->block_size);
	if (addr % t->block_size)
		return memhp_err_set(err, -EINVAL,
				     "'memaddr' property has to be multiples of 'block-size' (0x%" PRIx64 ")",
				     t->block_size);
	if (be->size % t->block_size)
		return memhp_err_set(err, -EINVAL,
				     "'memdev' property memdev size has to be multiples of'block-size' (0x%" PRIx64 ")",
				     t->block_size);
	return 0;
}

/**
 * virtio_mem_realize() - virtio_mem_device_realize() of a placed device
 * @pcms: the machine
 * @tmpl: its struct virtio_mem_tmpl
 * @md: the device (addr, memdev, node set; not listed yet)
 * @err: QEMU's message on failure
 *
 * In QEMU's order: busy memdev, node, unplugged-inaccessible (a warning),
 * the block size (default 2 MiB; a warning below it), requested-size,
 * memaddr and backend size multiples of block-size.  requested-size is not
 * checked against the backend size (quirk §7.3.4).  Then the state
 * (md->priv) with nothing plugged.
 *
 * Return: 0, -EINVAL, -EBUSY (memdev in use), -ENOMEM.
 */
int virtio_mem_realize(struct pc_machine *pcms, void *tmpl, struct memory_device *md,
		       struct memhp_err *err)
{
	struct virtio_mem_tmpl *t = tmpl;
	struct virtio_mem_state *vmem;
	int ret = realize_checks(pcms, t, md->addr, err);

	if (ret)
		return ret;
	vmem = calloc(1, sizeof(*vmem));
	if (!vmem)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	vmem->nr_blocks = md->memdev->size / t->block_size;
	vmem->plugged = calloc(bitmap_words(vmem->nr_blocks) ? bitmap_words(vmem->nr_blocks) : 1,
			       sizeof(*vmem->plugged));
	if (!vmem->plugged) {
		free(vmem);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	vmem->port.opaque = vmem;
	/*
	 * PCI slot: 00:00 is the host bridge, 00:01 the PIIX3, 00:02 the VGA;
	 * each virtio-mem-pci takes the next free one, and none goes away
	 */
	vmem->port.pci_slot = 3;
	while (nth_vmem(pcms, (int)vmem->port.pci_slot - 3))
		vmem->port.pci_slot++;
	/*
	 * ACPI_PXM: the pc machine always has NUMA state; the transport offers
	 * indirect descriptors, event index, version 1 and queue reset (7.2)
	 */
	vmem->port.device_features = 1ULL << 0 | 1ULL << 28 | 1ULL << 29 | 1ULL << 32 | 1ULL << 40;
	if (t->unplugged_inaccessible == ON_OFF_AUTO_ON)
		vmem->port.device_features |= 1ULL << 1;
	vmem->port.get_config = port_get_config;
	vmem->port.request = port_request;
	vmem->pcms = pcms;
	vmem->md = md;
	vmem->block_size = t->block_size;
	vmem->requested_size = t->requested_size;
	vmem->prealloc = t->prealloc;
	vmem->unplugged_inaccessible = t->unplugged_inaccessible == ON_OFF_AUTO_ON;
	md->priv = vmem;
	resize_usable_region(vmem, vmem->requested_size, true);
	return 0;
}

/**
 * virtio_mem_plug() - the device is on the machine: a hot-plugged one
 * appears on the guest's PCI bus (the handler runs with appeared=true)
 * @pcms: the machine
 * @md: the device
 */
void virtio_mem_plug(struct pc_machine *pcms, struct memory_device *md)
{
	(void)pcms;
	if (md->hotplugged)
		notify_guest(md->priv, true);
}

/**
 * virtio_mem_state_free() - free a device's virtio-mem state; accepts NULL
 * @priv: the struct virtio_mem_state
 */
void virtio_mem_state_free(void *priv)
{
	struct virtio_mem_state *vmem = priv;

	if (!vmem)
		return;
	free(vmem->plugged);
	free(vmem);
}

/* ---- requested-size -------------------------------------------------------------- */

/* The strict QObject input visitor's uint64 (a negative integer wraps). */
static int json_to_u64(const struct json *v, const char *name, uint64_t *out,
		       struct memhp_err *err)
{
	int64_t i;

	if (v && json_type_of(v) == JSON_NUMBER && json_number_is_integer(v)) {
		if (!json_number_u64(v, out))
			return 0;
		if (!json_number_i64(v, &i)) {
			*out = (uint64_t)i;
			return 0;
		}
	}
	return memhp_err_set(err, -EINVAL, "Parameter '%s' expects uint64", name);
}

/**
 * virtio_mem_set_requested_size() - qom-set of requested-size on a realized
 * device (QEMU's virtio_mem_set_requested_size())
 * @pcms: the machine
 * @md: the device
 * @value: the JSON value
 * @err: QEMU's message on failure
 *
 *  1. the value must be an integer;
 *  2. a multiple of block-size;
 *  3. at most the backend size;
 *  4. a changed value resizes the usable region (never shrinking it);
 *  5. the guest is told in any case.
 *
 * Return: 0 or -EINVAL.
 */
int virtio_mem_set_requested_size(struct pc_machine *pcms, struct memory_device *md,
				  const struct json *value, struct memhp_err *err)
{
	struct virtio_mem_state *vmem = md->priv;
	uint64_t v, max = md->memdev->size;
	int ret = json_to_u64(value, "requested-size", &v, err);

	(void)pcms;
	if (ret)
		return ret;
	if (v % vmem->block_size)
		return memhp_err_set(err, -EINVAL,
				     "'requested-size' has to be multiples of 'block-size' (0x%" PRIx64 ")",
				     vmem->block_size);
	if (v > max)
		return memhp_err_set(err, -EINVAL,
				     "'requested-size' cannot exceed the memory backend size(0x%" PRIx64 ")",
				     max);
	if (v != vmem->requested_size) {
		resize_usable_region(vmem, v, false);
		vmem->requested_size = v;
	}
	notify_guest(vmem, false);
	return 0;
}

/* ---- system reset ----------------------------------------------------------------- */

/**
 * virtio_mem_system_reset() - virtio_mem_system_reset() of every device
 * @pcms: the machine
 *
 * Unplugs everything (size 0, an event if it was not 0) and shrinks the
 * usable region to fit requested-size, which is kept.  A device that is
 * busy (migration) keeps its state, as in QEMU.  The guest is told
 * separately (virtio_mem_reset_notify()), after the RESET event.
 */
void virtio_mem_system_reset(struct pc_machine *pcms)
{
	struct virtio_mem_state *vmem;

	for (int i = 0; (vmem = nth_vmem(pcms, i)); i++)
		unplug_all(vmem);
}

/**
 * virtio_mem_reset_notify() - tell the guest about the reset of every device
 * @pcms: the machine
 *
 * Calls the handler with appeared=false for each device in port order.
 */
void virtio_mem_reset_notify(struct pc_machine *pcms)
{
	struct virtio_mem_state *vmem;

	for (int i = 0; (vmem = nth_vmem(pcms, i)); i++)
		notify_guest(vmem, false);
}
