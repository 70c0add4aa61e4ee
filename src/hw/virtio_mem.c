// SPDX-License-Identifier: MIT
/*
 * virtio-mem-pci, the host side (QEMU 7.2 hw/virtio/virtio-mem.c and
 * virtio-mem-pci.c with the pc machine's pre-plug and plug): the
 * properties that device_add and -device set (QemuOpts strings in QDict
 * order, with block-size's set-time checks), the plug sequence in QEMU's
 * order, the QOM view for qom-get/qom-set/qom-list, the device_del refusal,
 * the guest's port (config space; PLUG, UNPLUG, UNPLUG_ALL and STATE over a
 * bitmap of plugged device blocks), system reset and the
 * MEMORY_DEVICE_SIZE_CHANGE event.  Placement, query-memory-devices and
 * "info memory-devices" are in memory_device.c.  There is no guest code
 * here: the guest driver only calls through struct virtio_mem_port.
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

#include "hw/hw_internal.h"
#include "lib/json.h"


#define VIRTIO_MEM_MIN_BLOCK_SIZE	(1 * MiB)
#define VIRTIO_MEM_USABLE_EXTENT	(256 * MiB)	/* x86: 2 * 128 MiB */
#define VIRTIO_MEM_THP_SIZE		(2 * MiB)	/* host THP size on x86-64 */
#define HOST_PAGE_SIZE			(4 * KiB)
#define BITS_PER_WORD			64

enum on_off_auto {
	ON_OFF_AUTO_AUTO,	/* decided at realize from the backend */
	ON_OFF_AUTO_ON,
	ON_OFF_AUTO_OFF,
	ON_OFF_AUTO_COUNT
};

static const char *const on_off_auto_names[ON_OFF_AUTO_COUNT] = { "auto", "on", "off" };

/* The device being built: property values before realize. */
struct vmem_tmpl {
	uint64_t memaddr;		/* 0: automatic */
	uint32_t node;
	uint64_t requested_size;
	uint64_t block_size;		/* 0: the backend's default */
	bool prealloc;
	enum on_off_auto unplugged_inaccessible;
	struct host_memory_backend *memdev;
};

/* ObjectPropertyInfo of a virtio-mem-pci, in the order QEMU 7.2 lists them (transcript 07). */
const struct qom_prop_desc virtio_mem_pci_qom_props[] = {
	{ "type", "string" }, { "parent_bus", "link<bus>" }, { "realized", "bool" },
	{ "hotplugged", "bool" }, { "hotpluggable", "bool" }, { "failover_pair_id", "str" },
	{ "romfile", "str" }, { "addr", "int32" }, { "romsize", "uint32" },
	{ "x-pcie-lnksta-dllla", "bool" }, { "rombar", "uint32" }, { "x-pcie-extcap-init", "bool" },
	{ "acpi-index", "uint32" }, { "multifunction", "bool" }, { "legacy-addr", "str" },
	{ "migrate-extra", "bool" }, { "ats", "bool" }, { "x-ignore-backend-features", "bool" },
	{ "x-pcie-pm-init", "bool" }, { "aer", "bool" }, { "x-pcie-flr-init", "bool" },
	{ "x-pcie-lnkctl-init", "bool" }, { "x-ats-page-aligned", "bool" },
	{ "page-per-vq", "bool" }, { "x-pcie-deverr-init", "bool" },
	{ "virtio-pci-bus-master-bug-migration", "bool" }, { "modern-pio-notify", "bool" },
	{ "x-disable-pcie", "bool" }, { "disable-legacy", "OnOffAuto" },
	{ "disable-modern", "bool" }, { "memaddr", "uint64" }, { "indirect_desc", "bool" },
	{ "virtio-pci-isr-virtio-mem[0]", "child<memory-region>" },
	{ "virtio-pci-device-virtio-mem[0]", "child<memory-region>" },
	{ "iommu_platform", "bool" }, { "memdev", "link<memory-backend>" },
	{ "use-disabled-flag", "bool" }, { "event_idx", "bool" }, { "node", "uint32" },
	{ "virtio-pci-notify-pio-virtio-mem[0]", "child<memory-region>" },
	{ "requested-size", "size" }, { "bus master container[0]", "child<memory-region>" },
	{ "x-disable-legacy-check", "bool" }, { "any_layout", "bool" }, { "queue_reset", "bool" },
	{ "notify_on_empty", "bool" }, { "packed", "bool" }, { "block-size", "size" },
	{ "prealloc", "bool" }, { "use-started", "bool" },
	{ "virtio-pci-notify-virtio-mem[0]", "child<memory-region>" },
	{ "virtio-pci-common-virtio-mem[0]", "child<memory-region>" },
	{ "unplugged-inaccessible", "OnOffAuto" }, { "virtio-pci[0]", "child<memory-region>" },
	{ "virtio-bus", "child<virtio-pci-bus>" }, { "bus master[0]", "child<memory-region>" },
	{ "size", "size" }, { "virtio-backend", "child<virtio-mem>" },
};
const size_t virtio_mem_pci_nr_qom_props = ARRAY_SIZE(virtio_mem_pci_qom_props);

/* qdev properties of the inner virtio-mem device (aliased on the proxy) that memhp does not model. */
static const char *const inner_unmodelled[] = {
	"indirect_desc", "event_idx", "iommu_platform", "any_layout", "queue_reset",
	"notify_on_empty", "packed", "use-started", "use-disabled-flag", "x-disable-legacy-check", NULL
};

/* qdev properties of the PCI proxy itself, none of them modelled. */
static const char *const proxy_unmodelled[] = {
	"failover_pair_id", "romfile", "addr", "romsize", "x-pcie-lnksta-dllla", "rombar",
	"x-pcie-extcap-init", "acpi-index", "multifunction", "migrate-extra", "ats",
	"x-ignore-backend-features", "x-pcie-pm-init", "aer", "x-pcie-flr-init",
	"x-pcie-lnkctl-init", "x-ats-page-aligned", "page-per-vq", "x-pcie-deverr-init",
	"virtio-pci-bus-master-bug-migration", "modern-pio-notify", "x-disable-pcie",
	"disable-legacy", "disable-modern", NULL
};

static bool in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (!strcmp(*l, s))
			return true;
	return false;
}

static const struct qom_prop_desc *find_prop(const char *name)
{
	for (size_t i = 0; i < virtio_mem_pci_nr_qom_props; i++)
		if (!strcmp(virtio_mem_pci_qom_props[i].name, name))
			return &virtio_mem_pci_qom_props[i];
	return NULL;
}

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
		if (md->kind == MEMORY_DEVICE_VIRTIO_MEM && !i--)
			return md->vmem;
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

/* ---- device_add ---------------------------------------------------------------- */

/* hw_compat_6_2: unplugged-inaccessible=off on pc-i440fx-6.2 and older. */
static enum on_off_auto default_unplugged_inaccessible(const struct pc_machine *pcms)
{
	unsigned int major = 0, minor = 0;

	if (sscanf(pcms->type_name, "pc-i440fx-%u.%u", &major, &minor) != 2)
		return ON_OFF_AUTO_AUTO;
	return major * 100 + minor >= 700 ? ON_OFF_AUTO_AUTO : ON_OFF_AUTO_OFF;
}

/*
 * virtio_mem_default_block_size(): max(page size, THP size) for a backend
 * with the host page size.  Every backend memhp models has 4 KiB pages
 * (hugetlbfs is not modelled), so this is 2 MiB.
 */
static uint64_t default_block_size(const struct host_memory_backend *be)
{
	(void)be;
	return VIRTIO_MEM_THP_SIZE;
}

/* Private anonymous memory (no fd, not shared) reads as the shared zero page. */
static bool has_shared_zeropage(const struct host_memory_backend *be)
{
	return be->kind == HOSTMEM_RAM && !be->share;
}

static int parse_size_prop(const char *name, const char *v, uint64_t *out, struct memhp_err *err)
{
	if (qemu_opt_parse_size(v, out))
		return memhp_err_set(err, -EINVAL, "Parameter '%s' expects size", name);
	return 0;
}

/* One property as object_set_properties_from_qdict() sets it before realize. */
static int set_prop(const struct pc_machine *pcms, struct vmem_tmpl *t, const char *key,
		    const char *val, struct memhp_err *err)
{
	uint64_t u;
	int ret;

	if (!strcmp(key, "memaddr")) {
		ret = qemu_opt_prop_uint(key, val, UINT64_MAX, &u, err);
		if (ret)
			return ret;
		t->memaddr = u;
	} else if (!strcmp(key, "node")) {
		ret = qemu_opt_prop_uint(key, val, UINT32_MAX, &u, err);
		if (ret)
			return ret;
		t->node = (uint32_t)u;
	} else if (!strcmp(key, "memdev")) {
		t->memdev = NULL;	/* an empty path clears the link */
		if (*val)
			return pc_resolve_memdev(pcms, val, &t->memdev, err);
	} else if (!strcmp(key, "requested-size")) {
		/* checked against block-size and memdev only at realize */
		return parse_size_prop(key, val, &t->requested_size, err);
	} else if (!strcmp(key, "block-size")) {
		ret = parse_size_prop(key, val, &u, err);
		if (ret)
			return ret;
		if (u < VIRTIO_MEM_MIN_BLOCK_SIZE)
			return memhp_err_set(err, -EINVAL,
					     "'block-size' property has to be at least 0x%" PRIx64,
					     (uint64_t)VIRTIO_MEM_MIN_BLOCK_SIZE);
		if (u & (u - 1))
			return memhp_err_set(err, -EINVAL, "'block-size' property has to be a power of two");
		t->block_size = u;
	} else if (!strcmp(key, "prealloc")) {
		return qemu_opt_parse_bool(key, val, &t->prealloc, err);
	} else if (!strcmp(key, "unplugged-inaccessible")) {
		for (int i = 0; i < ON_OFF_AUTO_COUNT; i++) {
			if (!strcmp(val, on_off_auto_names[i])) {
				t->unplugged_inaccessible = (enum on_off_auto)i;
				return 0;
			}
		}
		return memhp_err_set(err, -EINVAL,
				     "Parameter 'unplugged-inaccessible' does not accept value '%s'", val);
	} else if (!strcmp(key, "size")) {
		/* an alias of the inner device's read-only property */
		return memhp_err_set(err, -EINVAL, "Property 'virtio-mem.size' is not writable");
	} else if (!strcmp(key, "realized")) {
		return memhp_err_set(err, -EINVAL,
				     "setting 'realized' with device_add is not supported by memhp");
	} else if (in_list(inner_unmodelled, key) || in_list(proxy_unmodelled, key)) {
		return memhp_err_set(err, -EOPNOTSUPP,
				     "property '%s' of virtio-mem-pci is not supported by memhp", key);
	} else if (find_prop(key)) {
		return memhp_err_set(err, -EINVAL, "Property 'virtio-mem-pci.%s' is not writable", key);
	} else {
		return memhp_err_set(err, -EINVAL, "Property 'virtio-mem-pci.%s' not found", key);
	}
	return 0;
}

/*
 * virtio_mem_device_realize() checks after placement, in QEMU's order.
 * @addr is the placed address, @block_size is set to the effective one.
 */
static int realize_checks(struct pc_machine *pcms, struct vmem_tmpl *t, uint64_t addr,
			  struct memhp_err *err)
{
	struct host_memory_backend *be = t->memdev;
	int nodes = pc_machine_numa_nodes_for_check(pcms);
	uint64_t dflt = default_block_size(be);

	if (be->mapped)
		return memhp_err_set(err, -EBUSY, "'memdev' property specifies a busy memdev: %s",
				     be->id);
	if (t->node >= (uint32_t)nodes)
		return memhp_err_set(err, -EINVAL,
				     "'node' property has value '%" PRIu32 "', which exceedsthe number of numa nodes: %d",
				     t->node, nodes);
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
 * virtio_mem_device_add() - create, realize and plug a virtio-mem-pci
 * @pcms: the machine
 * @p: the properties (driver and id already checked by the caller, which
 *     also assigned @p->anon_index for an anonymous device)
 * @hotplugged: true for QMP/HMP device_add, false for -device
 * @err: QEMU's message (and class) on failure
 *
 * Cases, in QEMU's order (the PCI bus check never fails: ACPI is always on):
 *  1. properties in QDict order: type errors, block-size at least 1 MiB and
 *     a power of two, read-only or unknown properties, the memdev link;
 *  2. pre-plug: 'memdev' must be set, then placement (§5.2) of the whole
 *     backend at max(block-size, backend alignment);
 *  3. realize: busy memdev, node, unplugged-inaccessible (a warning), the
 *     block size (default 2 MiB; a warning below it), requested-size,
 *     memaddr and backend size multiples of block-size.  requested-size is
 *     not checked against the backend size (quirk §7.3.4);
 *  4. plug: the backend is mapped, the device listed, the guest told if
 *     hot-plugged.
 * Nothing but warnings changes before step 4.
 *
 * Return: 0, -EINVAL, -ENODEV (memdev not found, no device memory),
 * -EBUSY (memdev or address taken), -ENOSPC, -EOPNOTSUPP (a property memhp
 * does not model), -ENOMEM.
 */
int virtio_mem_device_add(struct pc_machine *pcms, const struct dev_props *p, bool hotplugged,
			  struct memhp_err *err)
{
	struct vmem_tmpl t = { .unplugged_inaccessible = default_unplugged_inaccessible(pcms) };
	struct memory_device *md = NULL;
	struct virtio_mem_state *vmem = NULL;
	uint64_t block_size, align, addr;
	size_t *order;
	int ret = 0;

	order = calloc(p->nr ? p->nr : 1, sizeof(*order));
	if (!order)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	qapi_key_order(p->keys, p->nr, order);
	for (size_t i = 0; i < p->nr && !ret; i++)
		ret = set_prop(pcms, &t, p->keys[order[i]], p->values[order[i]], err);
	free(order);
	if (ret)
		return ret;

	/* pre-plug: pc_virtio_md_pci_pre_plug() -> memory_device_pre_plug() */
	if (!t.memdev)
		return memhp_err_set(err, -EINVAL, "'memdev' property must be set");
	block_size = t.block_size ? t.block_size : default_block_size(t.memdev);
	align = block_size > t.memdev->align ? block_size : t.memdev->align;
	ret = memory_device_get_free_addr(pcms, t.memaddr ? &t.memaddr : NULL, align,
					  t.memdev->size, &addr, err);
	if (ret)
		return ret;

	/* realize: virtio_mem_device_realize() */
	ret = realize_checks(pcms, &t, addr, err);
	if (ret)
		return ret;

	md = calloc(1, sizeof(*md));
	vmem = calloc(1, sizeof(*vmem));
	if (!md || !vmem)
		goto oom;
	if (p->id && !(md->id = strdup(p->id)))
		goto oom;
	vmem->nr_blocks = t.memdev->size / t.block_size;
	vmem->plugged = calloc(bitmap_words(vmem->nr_blocks) ? bitmap_words(vmem->nr_blocks) : 1,
			       sizeof(*vmem->plugged));
	if (!vmem->plugged)
		goto oom;

	/* plug */
	md->kind = MEMORY_DEVICE_VIRTIO_MEM;
	md->anon_index = p->anon_index;
	md->memdev = t.memdev;
	md->addr = addr;
	md->node = t.node;
	md->slot = -1;
	md->hotplugged = hotplugged;
	md->vmem = vmem;
	vmem->port.opaque = vmem;
	vmem->port.get_config = port_get_config;
	vmem->port.request = port_request;
	vmem->pcms = pcms;
	vmem->md = md;
	vmem->block_size = t.block_size;
	vmem->requested_size = t.requested_size;
	vmem->prealloc = t.prealloc;
	vmem->unplugged_inaccessible = t.unplugged_inaccessible == ON_OFF_AUTO_ON;
	resize_usable_region(vmem, vmem->requested_size, true);
	t.memdev->mapped = true;
	memory_device_link(pcms, md);
	if (hotplugged)
		notify_guest(vmem, true);
	return 0;
oom:
	if (md)
		free(md->id);
	free(md);
	virtio_mem_state_free(vmem);
	return memhp_err_set(err, -ENOMEM, "out of memory");
}

/**
 * virtio_mem_state_free() - free a device's virtio-mem state; accepts NULL
 * @vmem: the state
 */
void virtio_mem_state_free(struct virtio_mem_state *vmem)
{
	if (!vmem)
		return;
	free(vmem->plugged);
	free(vmem);
}

/**
 * virtio_mem_unplug_request() - device_del of a virtio-mem-pci (always refused)
 * @pcms: the machine
 * @md: the device
 * @err: QEMU's message
 *
 * Return: -EINVAL.
 */
int virtio_mem_unplug_request(struct pc_machine *pcms, struct memory_device *md,
			      struct memhp_err *err)
{
	(void)pcms;
	(void)md;
	return memhp_err_set(err, -EINVAL, "virtio based memory devices cannot be unplugged.");
}

/* ---- QOM -------------------------------------------------------------------------- */

/**
 * virtio_mem_qom_get() - qom-get on a virtio-mem-pci
 * @pcms: the machine
 * @md: the device
 * @prop: the property
 * @ret: the value
 * @err: QEMU's message on failure
 *
 * Return: 0, -ENOENT (no such property), -EOPNOTSUPP (a property memhp
 * does not model), -ENOMEM.
 */
int virtio_mem_qom_get(const struct pc_machine *pcms, const struct memory_device *md,
		       const char *prop, struct json **ret, struct memhp_err *err)
{
	const struct virtio_mem_state *vmem = md->vmem;
	const struct qom_prop_desc *d = find_prop(prop);
	char *s = NULL;

	(void)pcms;
	if (!d)
		return memhp_err_set(err, -ENOENT, "Property 'virtio-mem-pci.%s' not found", prop);
	if (!strcmp(prop, "memaddr"))
		*ret = json_new_u64(md->addr);
	else if (!strcmp(prop, "node"))
		*ret = json_new_u64(md->node);
	else if (!strcmp(prop, "requested-size"))
		*ret = json_new_u64(vmem->requested_size);
	else if (!strcmp(prop, "size"))
		*ret = json_new_u64(vmem->size);
	else if (!strcmp(prop, "block-size"))
		*ret = json_new_u64(vmem->block_size);
	else if (!strcmp(prop, "prealloc"))
		*ret = json_new_bool(vmem->prealloc);
	else if (!strcmp(prop, "unplugged-inaccessible"))
		*ret = json_new_string(vmem->unplugged_inaccessible ? "on" : "off");
	else if (!strcmp(prop, "memdev"))
		*ret = (s = mhp_asprintf("/objects/%s", md->memdev->id)) ? json_new_string(s) : NULL;
	else if (!strcmp(prop, "type"))
		*ret = json_new_string("virtio-mem-pci");
	else if (!strcmp(prop, "realized") || !strcmp(prop, "hotpluggable"))
		*ret = json_new_bool(true);
	else if (!strcmp(prop, "hotplugged"))
		*ret = json_new_bool(md->hotplugged);
	else if (!strcmp(prop, "parent_bus"))
		*ret = json_new_string("/machine/i440fx/pci.0");
	else if (!strncmp(d->type, "child<", 6)) {
		/* a child's value is its canonical path */
		char *path = memory_device_qom_path(md);

		s = path ? mhp_asprintf("%s/%s", path, prop) : NULL;
		free(path);
		*ret = s ? json_new_string(s) : NULL;
	} else
		return memhp_err_set(err, -EOPNOTSUPP,
				     "qom-get of '%s' of virtio-mem-pci is not supported by memhp", prop);
	free(s);
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

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

/*
 * virtio_mem_set_requested_size() on a realized device:
 *  1. the value must be an integer;
 *  2. a multiple of block-size;
 *  3. at most the backend size;
 *  4. a changed value resizes the usable region (never shrinking it);
 *  5. the guest is told in any case.
 */
static int set_requested_size(struct virtio_mem_state *vmem, const struct json *value,
			      struct memhp_err *err)
{
	uint64_t v, max = vmem->md->memdev->size;
	int ret = json_to_u64(value, "requested-size", &v, err);

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

/**
 * virtio_mem_qom_set() - qom-set on a realized virtio-mem-pci
 * @pcms: the machine
 * @md: the device
 * @prop: the property
 * @value: the JSON value
 * @err: QEMU's message on failure
 *
 * Only requested-size can be set.  The messages for the other properties
 * depend on where QEMU keeps them: the inner virtio-mem device (anonymous)
 * or the PCI proxy.
 *
 * Return: 0, -EINVAL, -ENOENT (no such property), -ENODEV (memdev path not
 * found), -EOPNOTSUPP.
 */
int virtio_mem_qom_set(struct pc_machine *pcms, struct memory_device *md, const char *prop,
		       const struct json *value, struct memhp_err *err)
{
	struct host_memory_backend *be = NULL;
	int ret;

	if (!find_prop(prop))
		return memhp_err_set(err, -ENOENT, "Property 'virtio-mem-pci.%s' not found", prop);
	if (!strcmp(prop, "requested-size"))
		return set_requested_size(md->vmem, value, err);
	if (!strcmp(prop, "block-size"))
		return memhp_err_set(err, -EINVAL, "'block-size' cannot be changed");
	if (!strcmp(prop, "size"))
		return memhp_err_set(err, -EINVAL, "Property 'virtio-mem.size' is not writable");
	if (!strcmp(prop, "memdev")) {
		if (!value || json_type_of(value) != JSON_STRING)
			return memhp_err_set(err, -EINVAL,
					     "Invalid parameter type for 'memdev', expected: string");
		if (*json_string_value(value)) {
			ret = pc_resolve_memdev(pcms, json_string_value(value), &be, err);
			if (ret)
				return ret;
		}
		return memhp_err_set(err, -EINVAL,
				     "Attempt to set link property 'memdev' on device '(null)' (type 'virtio-mem') after it was realized");
	}
	if (!strcmp(prop, "memaddr") || !strcmp(prop, "node") || !strcmp(prop, "prealloc") ||
	    !strcmp(prop, "unplugged-inaccessible") || in_list(inner_unmodelled, prop))
		return memhp_err_set(err, -EINVAL,
				     "Attempt to set property '%s' on anonymous device (type 'virtio-mem') after it was realized",
				     prop);
	if (in_list(proxy_unmodelled, prop)) {
		if (md->id)
			return memhp_err_set(err, -EINVAL,
					     "Attempt to set property '%s' on device '%s' (type 'virtio-mem-pci') after it was realized",
					     prop, md->id);
		return memhp_err_set(err, -EINVAL,
				     "Attempt to set property '%s' on anonymous device (type 'virtio-mem-pci') after it was realized",
				     prop);
	}
	if (!strcmp(prop, "realized"))
		return memhp_err_set(err, -EINVAL, "qom-set of 'realized' is not supported by memhp");
	return memhp_err_set(err, -EINVAL, "Property 'virtio-mem-pci.%s' is not writable", prop);
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
