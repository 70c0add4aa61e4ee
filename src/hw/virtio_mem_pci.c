// SPDX-License-Identifier: MIT
/*
 * virtio-mem-pci as a memory device (QEMU's hw/virtio/virtio-mem-pci.c with
 * the properties of the inner virtio-mem device it aliases, and the pc
 * machine's pre-plug): its property table in QEMU 7.2's qom-list order,
 * device_add's parsers with block-size's set-time checks, the machine
 * compat default of unplugged-inaccessible, the placement alignment, the
 * device_del refusal and the query-memory-devices view.  The device state
 * itself (realize, the guest's port, requested-size, reset, events) is
 * virtio_mem.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "hw/hostmem.h"
#include "hw/memory_device.h"
#include "hw/pc.h"
#include "hw/virtio_mem.h"
#include "lib/json.h"
#include "qapi/qapi.h"

static const char *const on_off_auto_names[ON_OFF_AUTO_COUNT] = { "auto", "on", "off" };

static const struct virtio_mem_state *vmem_of(const struct memory_device *md)
{
	return md->priv;
}

/* ---- device_add --------------------------------------------------------------- */

static int parse_block_size(const struct pc_machine *pcms, void *field, const char *name,
			    const char *val, struct memhp_err *err)
{
	uint64_t u;
	int ret = mdev_parse_size(pcms, &u, name, val, err);

	if (ret)
		return ret;
	if (u < VIRTIO_MEM_MIN_BLOCK_SIZE)
		return memhp_err_set(err, -EINVAL, "'block-size' property has to be at least 0x%" PRIx64,
				     (uint64_t)VIRTIO_MEM_MIN_BLOCK_SIZE);
	if (u & (u - 1))
		return memhp_err_set(err, -EINVAL, "'block-size' property has to be a power of two");
	*(uint64_t *)field = u;
	return 0;
}

static int parse_on_off_auto(const struct pc_machine *pcms, void *field, const char *name,
			     const char *val, struct memhp_err *err)
{
	(void)pcms;
	for (int i = 0; i < ON_OFF_AUTO_COUNT; i++) {
		if (!strcmp(val, on_off_auto_names[i])) {
			*(enum on_off_auto *)field = (enum on_off_auto)i;
			return 0;
		}
	}
	return memhp_err_set(err, -EINVAL, "Parameter '%s' does not accept value '%s'", name, val);
}

/* hw_compat_6_2: unplugged-inaccessible=off on pc-i440fx-6.2 and older. */
static void virtio_mem_pci_init(const struct pc_machine *pcms, void *tmpl)
{
	struct virtio_mem_tmpl *t = tmpl;
	unsigned int major = 0, minor = 0;

	if (sscanf(pcms->type_name, "pc-i440fx-%u.%u", &major, &minor) == 2 &&
	    major * 100 + minor < 700)
		t->unplugged_inaccessible = ON_OFF_AUTO_OFF;
}

/* ---- QOM ------------------------------------------------------------------------ */

static int get_parent_bus(const struct memory_device *md, const char *name, struct json **ret,
			  struct memhp_err *err)
{
	(void)md;
	(void)name;
	return memory_device_prop_ret(json_new_string("/machine/i440fx/pci.0"), ret, err);
}

static int get_requested_size(const struct memory_device *md, const char *name,
			      struct json **ret, struct memhp_err *err)
{
	(void)name;
	return memory_device_prop_ret(json_new_u64(vmem_of(md)->requested_size), ret, err);
}

static int get_size(const struct memory_device *md, const char *name, struct json **ret,
		    struct memhp_err *err)
{
	(void)name;
	return memory_device_prop_ret(json_new_u64(vmem_of(md)->size), ret, err);
}

static int get_block_size(const struct memory_device *md, const char *name, struct json **ret,
			  struct memhp_err *err)
{
	(void)name;
	return memory_device_prop_ret(json_new_u64(vmem_of(md)->block_size), ret, err);
}

static int get_prealloc(const struct memory_device *md, const char *name, struct json **ret,
			struct memhp_err *err)
{
	(void)name;
	return memory_device_prop_ret(json_new_bool(vmem_of(md)->prealloc), ret, err);
}

static int get_unplugged_inaccessible(const struct memory_device *md, const char *name,
				      struct json **ret, struct memhp_err *err)
{
	(void)name;
	return memory_device_prop_ret(json_new_string(vmem_of(md)->unplugged_inaccessible ?
						      "on" : "off"), ret, err);
}

static int set_block_size(struct pc_machine *pcms, struct memory_device *md,
			  const struct json *value, struct memhp_err *err)
{
	(void)pcms;
	(void)md;
	(void)value;
	return memhp_err_set(err, -EINVAL, "'block-size' cannot be changed");
}

/* A link of the inner (anonymous) device: checked and resolved, then refused. */
static int set_memdev(struct pc_machine *pcms, struct memory_device *md, const struct json *value,
		      struct memhp_err *err)
{
	struct host_memory_backend *be = NULL;
	int ret;

	(void)md;
	if (!value || json_type_of(value) != JSON_STRING)
		return memhp_err_set(err, -EINVAL,
				     "Invalid parameter type for 'memdev', expected: string");
	if (*json_string_value(value)) {
		ret = memory_device_resolve_memdev(pcms, json_string_value(value), &be, err);
		if (ret)
			return ret;
	}
	return memhp_err_set(err, -EINVAL,
			     "Attempt to set link property 'memdev' on device '(null)' (type 'virtio-mem') after it was realized");
}

#define TMPL(member) offsetof(struct virtio_mem_tmpl, member)
/* a qdev property of the PCI proxy that memhp does not model */
#define PROXY(n, t) { .name = n, .type = t, .qdev = true }
/* a qdev property of the inner virtio-mem device that memhp does not model */
#define INNER(n, t) { .name = n, .type = t, .owner = "virtio-mem", .qdev = true }
/* a child object: qom-get reads its path */
#define CHILD(n, t) { .name = n, .type = t }

/* ObjectPropertyInfo of a virtio-mem-pci, in the order QEMU 7.2 lists them (transcript 07). */
static const struct memory_device_prop virtio_mem_pci_props[] = {
	{ .name = "type", .type = "string", .get = mdev_get_type },
	{ .name = "parent_bus", .type = "link<bus>", .get = get_parent_bus },
	{ .name = "realized", .type = "bool", .get = mdev_get_true },
	{ .name = "hotplugged", .type = "bool", .get = mdev_get_hotplugged },
	{ .name = "hotpluggable", .type = "bool", .get = mdev_get_true },
	PROXY("failover_pair_id", "str"),
	PROXY("romfile", "str"),
	PROXY("addr", "int32"),
	PROXY("romsize", "uint32"),
	PROXY("x-pcie-lnksta-dllla", "bool"),
	PROXY("rombar", "uint32"),
	PROXY("x-pcie-extcap-init", "bool"),
	PROXY("acpi-index", "uint32"),
	PROXY("multifunction", "bool"),
	{ .name = "legacy-addr", .type = "str" },
	PROXY("migrate-extra", "bool"),
	PROXY("ats", "bool"),
	PROXY("x-ignore-backend-features", "bool"),
	PROXY("x-pcie-pm-init", "bool"),
	PROXY("aer", "bool"),
	PROXY("x-pcie-flr-init", "bool"),
	PROXY("x-pcie-lnkctl-init", "bool"),
	PROXY("x-ats-page-aligned", "bool"),
	PROXY("page-per-vq", "bool"),
	PROXY("x-pcie-deverr-init", "bool"),
	PROXY("virtio-pci-bus-master-bug-migration", "bool"),
	PROXY("modern-pio-notify", "bool"),
	PROXY("x-disable-pcie", "bool"),
	PROXY("disable-legacy", "OnOffAuto"),
	PROXY("disable-modern", "bool"),
	{ .name = "memaddr", .type = "uint64", .owner = "virtio-mem", .qdev = true, .def = "0",
	  .offset = TMPL(md.addr), .parse = mdev_parse_u64, .get = mdev_get_addr },
	INNER("indirect_desc", "bool"),
	CHILD("virtio-pci-isr-virtio-mem[0]", "child<memory-region>"),
	CHILD("virtio-pci-device-virtio-mem[0]", "child<memory-region>"),
	INNER("iommu_platform", "bool"),
	{ .name = "memdev", .type = "link<memory-backend>", .owner = "virtio-mem", .qdev = true,
	  .offset = TMPL(md.memdev), .parse = mdev_parse_memdev, .get = mdev_get_memdev,
	  .set = set_memdev },
	INNER("use-disabled-flag", "bool"),
	INNER("event_idx", "bool"),
	{ .name = "node", .type = "uint32", .owner = "virtio-mem", .qdev = true, .def = "0",
	  .offset = TMPL(md.node), .parse = mdev_parse_u32, .get = mdev_get_node },
	CHILD("virtio-pci-notify-pio-virtio-mem[0]", "child<memory-region>"),
	{ .name = "requested-size", .type = "size", .owner = "virtio-mem", .qdev = true,
	  .def = "0", .offset = TMPL(requested_size), .parse = mdev_parse_size,
	  .get = get_requested_size, .set = virtio_mem_set_requested_size },
	CHILD("bus master container[0]", "child<memory-region>"),
	INNER("x-disable-legacy-check", "bool"),
	INNER("any_layout", "bool"),
	INNER("queue_reset", "bool"),
	INNER("notify_on_empty", "bool"),
	INNER("packed", "bool"),
	/* no default: 0 stands for the backend's (virtio_mem_default_block_size()) */
	{ .name = "block-size", .type = "size", .owner = "virtio-mem", .qdev = true,
	  .offset = TMPL(block_size), .parse = parse_block_size, .get = get_block_size,
	  .set = set_block_size },
	{ .name = "prealloc", .type = "bool", .owner = "virtio-mem", .qdev = true, .def = "off",
	  .offset = TMPL(prealloc), .parse = mdev_parse_bool, .get = get_prealloc },
	INNER("use-started", "bool"),
	CHILD("virtio-pci-notify-virtio-mem[0]", "child<memory-region>"),
	CHILD("virtio-pci-common-virtio-mem[0]", "child<memory-region>"),
	{ .name = "unplugged-inaccessible", .type = "OnOffAuto", .owner = "virtio-mem",
	  .qdev = true, .def = "auto", .offset = TMPL(unplugged_inaccessible),
	  .parse = parse_on_off_auto, .get = get_unplugged_inaccessible },
	CHILD("virtio-pci[0]", "child<memory-region>"),
	CHILD("virtio-bus", "child<virtio-pci-bus>"),
	CHILD("bus master[0]", "child<memory-region>"),
	/* the inner device's read-only plugged size */
	{ .name = "size", .type = "size", .owner = "virtio-mem", .get = get_size },
	CHILD("virtio-backend", "child<virtio-mem>"),
};

/* VirtioMEMDeviceInfo, in QAPI order, and HMP "info memory-devices". */
static const struct memory_device_info_member virtio_mem_pci_info[] = {
	{ "memaddr", MDI_ADDR }, { "requested-size", MDI_REQUESTED_SIZE },
	{ "size", MDI_PLUGGED_SIZE }, { "max-size", MDI_SIZE }, { "block-size", MDI_BLOCK_SIZE },
	{ "node", MDI_NODE }, { "memdev", MDI_MEMDEV },
};
static const struct memory_device_info_member virtio_mem_pci_hmp[] = {
	{ "memaddr", MDI_ADDR }, { "node", MDI_NODE }, { "requested-size", MDI_REQUESTED_SIZE },
	{ "size", MDI_PLUGGED_SIZE }, { "max-size", MDI_SIZE }, { "block-size", MDI_BLOCK_SIZE },
	{ "memdev", MDI_MEMDEV },
};

/* ---- the memory-device class ------------------------------------------------------ */

/*
 * pc_virtio_md_pci_pre_plug() -> memory_device_pre_plug(): the whole
 * backend is placed at max(block-size, backend alignment).
 */
static uint64_t virtio_mem_pci_get_min_alignment(const struct pc_machine *pcms, const void *tmpl)
{
	const struct virtio_mem_tmpl *t = tmpl;
	uint64_t block_size = t->block_size ? t->block_size :
			      virtio_mem_default_block_size(t->md.memdev);

	(void)pcms;
	return block_size > t->md.memdev->align ? block_size : t->md.memdev->align;
}

/* device_del of a virtio-mem-pci: always refused. */
static int virtio_mem_pci_unplug_request(struct pc_machine *pcms, struct memory_device *md,
					 struct memhp_err *err)
{
	(void)pcms;
	(void)md;
	return memhp_err_set(err, -EINVAL, "virtio based memory devices cannot be unplugged.");
}

static uint64_t virtio_mem_pci_get_plugged_size(const struct memory_device *md)
{
	return vmem_of(md)->size;
}

static void virtio_mem_pci_fill_device_info(const struct memory_device *md,
					    struct memory_device_info *info)
{
	info->requested_size = vmem_of(md)->requested_size;
	info->block_size = vmem_of(md)->block_size;
}

const struct memory_device_class virtio_mem_pci_class = {
	.name = "virtio-mem-pci",
	.info_kind = "virtio-mem",
	.props = virtio_mem_pci_props,
	.nr_props = ARRAY_SIZE(virtio_mem_pci_props),
	.info_members = virtio_mem_pci_info,
	.nr_info_members = ARRAY_SIZE(virtio_mem_pci_info),
	.hmp_members = virtio_mem_pci_hmp,
	.nr_hmp_members = ARRAY_SIZE(virtio_mem_pci_hmp),
	.tmpl_size = sizeof(struct virtio_mem_tmpl),
	.init = virtio_mem_pci_init,
	.get_min_alignment = virtio_mem_pci_get_min_alignment,
	.realize = virtio_mem_realize,
	.plug = virtio_mem_plug,
	.unplug_request = virtio_mem_pci_unplug_request,
	.get_plugged_size = virtio_mem_pci_get_plugged_size,
	.fill_device_info = virtio_mem_pci_fill_device_info,
	.free_priv = virtio_mem_state_free,
};
