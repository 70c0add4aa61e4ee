// SPDX-License-Identifier: MIT
/*
 * pc-dimm (QEMU's hw/mem/pc-dimm.c with the pc machine's hotplug hooks):
 * its property table, the slot (machine pre-plug: the slot before the
 * address), realize (node, busy memdev), plug into and unplug from the
 * ACPI slot table, and the unplug request that asks the guest to eject.
 * The generic device_add sequence and placement are memory_device.c; the
 * slot table and its events are acpi_memory_hotplug.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hw/acpi_memory_hotplug.h"
#include "hw/hostmem.h"
#include "hw/memory_device.h"
#include "hw/pc.h"
#include "lib/json.h"
#include "qapi/qapi.h"

#define PC_DIMM_UNASSIGNED_SLOT	(-1)

/* The device being built: property values before realize. */
struct pc_dimm_tmpl {
	struct memory_device_tmpl md;	/* addr, node, memdev */
	int32_t slot;			/* the property; after pre-plug the slot taken */
};

/* A realized DIMM (md->priv). */
struct pc_dimm {
	int slot;			/* its ACPI slot, < the machine's ram_slots */
};

static int dimm_slot(const struct memory_device *md)
{
	return ((const struct pc_dimm *)md->priv)->slot;
}

/* ---- properties ------------------------------------------------------------- */

static int parse_slot(const struct pc_machine *pcms, void *field, const char *name, const char *val,
		      struct memhp_err *err)
{
	int64_t i;

	(void)pcms;
	if (qemu_opt_parse_i64(val, &i))
		return memhp_err_set(err, -EINVAL, "Parameter '%s' expects integer", name);
	if (i < INT32_MIN || i > INT32_MAX)
		return memhp_err_set(err, -EINVAL, "Parameter '%s' expects int32_t", name);
	*(int32_t *)field = (int32_t)i;
	return 0;
}

/* Legacy: unlike virtio-mem-pci's, an empty memdev is looked up as a path (DeviceNotFound). */
static int parse_memdev(const struct pc_machine *pcms, void *field, const char *name,
			const char *val, struct memhp_err *err)
{
	(void)name;
	return memory_device_resolve_memdev(pcms, val, field, err);
}

static int get_size(const struct memory_device *md, const char *name, struct json **ret,
		    struct memhp_err *err)
{
	(void)name;
	return memory_device_prop_ret(json_new_u64(md->memdev->size), ret, err);
}

static int get_slot(const struct memory_device *md, const char *name, struct json **ret,
		    struct memhp_err *err)
{
	(void)name;
	return memory_device_prop_ret(json_new_i64(dimm_slot(md)), ret, err);
}

static int get_parent_bus(const struct memory_device *md, const char *name, struct json **ret,
			  struct memhp_err *err)
{
	(void)md;
	(void)name;
	return memory_device_prop_ret(json_new_string(""), ret, err);
}

/* Legacy: memhp answers qom-get of legacy-memdev as for an unknown property. */
static int get_not_found(const struct memory_device *md, const char *name, struct json **ret,
			 struct memhp_err *err)
{
	(void)ret;
	return memhp_err_set(err, -ENOENT, "Property '%s.%s' not found", md->cls->name, name);
}

#define TMPL(member) offsetof(struct pc_dimm_tmpl, member)

/* ObjectPropertyInfo of a pc-dimm, in the order QEMU 7.2 lists them. */
static const struct memory_device_prop pc_dimm_props[] = {
	{ .name = "type", .type = "string", .get = mdev_get_type },
	{ .name = "parent_bus", .type = "link<bus>", .get = get_parent_bus },
	{ .name = "realized", .type = "bool", .get = mdev_get_true },
	{ .name = "hotplugged", .type = "bool", .get = mdev_get_hotplugged },
	{ .name = "hotpluggable", .type = "bool", .get = mdev_get_true },
	{ .name = "memdev", .type = "link<memory-backend>", .qdev = true,
	  .offset = TMPL(md.memdev), .parse = parse_memdev, .get = mdev_get_memdev },
	{ .name = "node", .type = "uint32", .qdev = true,
	  .offset = TMPL(md.node), .parse = mdev_parse_u32, .get = mdev_get_node },
	{ .name = "addr", .type = "uint64", .qdev = true,
	  .offset = TMPL(md.addr), .parse = mdev_parse_u64, .get = mdev_get_addr },
	{ .name = "legacy-memdev", .type = "str", .get = get_not_found },
	{ .name = "slot", .type = "int32", .qdev = true, .def = "-1",
	  .offset = TMPL(slot), .parse = parse_slot, .get = get_slot },
	{ .name = "size", .type = "uint64", .get = get_size },
};

/* PCDIMMDeviceInfo, in QAPI order, and HMP "info memory-devices". */
static const struct memory_device_info_member pc_dimm_info[] = {
	{ "addr", MDI_ADDR }, { "size", MDI_SIZE }, { "slot", MDI_SLOT }, { "node", MDI_NODE },
	{ "memdev", MDI_MEMDEV }, { "hotplugged", MDI_HOTPLUGGED },
	{ "hotpluggable", MDI_HOTPLUGGABLE },
};
static const struct memory_device_info_member pc_dimm_hmp[] = {
	{ "addr", MDI_ADDR }, { "slot", MDI_SLOT }, { "node", MDI_NODE }, { "size", MDI_SIZE },
	{ "memdev", MDI_MEMDEV }, { "hotplugged", MDI_HOTPLUGGED },
	{ "hotpluggable", MDI_HOTPLUGGABLE },
};

/* ---- plug and unplug -------------------------------------------------------- */

/* pc_dimm_get_free_slot(): the lowest free slot, or the hinted one. */
static int get_free_slot(const struct pc_machine *pcms, const int32_t *hint, int *out,
			 struct memhp_err *err)
{
	/* the machine refuses more than 256 slots at start-up; clamp defensively */
	uint64_t max = pcms->ram_slots < PC_ACPI_MAX_RAM_SLOTS ? pcms->ram_slots : PC_ACPI_MAX_RAM_SLOTS;
	bool used[PC_ACPI_MAX_RAM_SLOTS] = { false };

	if (!max)
		return memhp_err_set(err, -EINVAL,
				     "no slots where allocated, please specify the 'slots' option");
	for (const struct memory_device *md = pcms->devices; md; md = md->next)
		if (md->cls == &pc_dimm_class && dimm_slot(md) >= 0 && (uint64_t)dimm_slot(md) < max)
			used[dimm_slot(md)] = true;
	if (hint) {
		if ((uint64_t)*hint >= max)
			return memhp_err_set(err, -EINVAL, "invalid slot number %d, valid range is [0-%d]",
					     *hint, (int)max - 1);
		if (used[*hint])
			return memhp_err_set(err, -EBUSY, "slot %d is busy", *hint);
		*out = *hint;
		return 0;
	}
	for (uint64_t s = 0; s < max; s++) {
		if (!used[s]) {
			*out = (int)s;
			return 0;
		}
	}
	return memhp_err_set(err, -ENOSPC, "no free slots available");
}

/* pc_dimm_pre_plug(): the slot's range, then a free slot. */
static int pc_dimm_pre_plug(struct pc_machine *pcms, void *tmpl, struct memhp_err *err)
{
	struct pc_dimm_tmpl *t = tmpl;
	int slot = PC_DIMM_UNASSIGNED_SLOT, ret;

	if (t->slot != PC_DIMM_UNASSIGNED_SLOT && (t->slot < 0 || (uint64_t)t->slot >= pcms->ram_slots))
		return memhp_err_set(err, -EINVAL, "invalid slot number %d, valid range is [0-%" PRIu64 "]",
				     t->slot, pcms->ram_slots - 1);
	ret = get_free_slot(pcms, t->slot == PC_DIMM_UNASSIGNED_SLOT ? NULL : &t->slot, &slot, err);
	if (!ret)
		t->slot = slot;
	return ret;
}

/* Legacy: machines without enforce_aligned_dimm place DIMMs at 4 KiB. */
static uint64_t pc_dimm_get_min_alignment(const struct pc_machine *pcms, const void *tmpl)
{
	const struct pc_dimm_tmpl *t = tmpl;

	return pcms->enforce_aligned_dimm ? t->md.memdev->align : PC_TARGET_PAGE_SIZE;
}

/* pc_dimm_realize(): the node exists, the backend is free. */
static int pc_dimm_realize(struct pc_machine *pcms, void *tmpl, struct memory_device *md,
			   struct memhp_err *err)
{
	struct pc_dimm_tmpl *t = tmpl;
	int nodes = pc_machine_numa_nodes_for_check(pcms);
	struct pc_dimm *dimm;

	if (t->md.node >= (uint32_t)nodes)
		return memhp_err_set(err, -EINVAL,
				     "'DIMM property node has value %" PRIu32 "' which exceeds the number of numa nodes: %d",
				     t->md.node, nodes);
	if (t->md.memdev->mapped)
		return memhp_err_set(err, -EBUSY, "can't use already busy memdev: %s", t->md.memdev->id);
	dimm = calloc(1, sizeof(*dimm));
	if (!dimm)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	dimm->slot = t->slot;
	md->priv = dimm;
	return 0;
}

/* Into its ACPI slot; a hot-plugged DIMM raises the GPE. */
static void pc_dimm_plug(struct pc_machine *pcms, struct memory_device *md)
{
	acpi_memhp_plug(pcms, md, dimm_slot(md));
}

/*
 * device_del: ask the guest to eject the DIMM.  It stays until the guest
 * ejects it (memory_device_unplug()); repeating the request raises the GPE
 * again.
 */
static int pc_dimm_unplug_request(struct pc_machine *pcms, struct memory_device *md,
				  struct memhp_err *err)
{
	(void)err;
	acpi_memhp_unplug_request(pcms, dimm_slot(md));
	return 0;
}

/* The guest ejected it: clear its ACPI slot. */
static void pc_dimm_unplug(struct pc_machine *pcms, struct memory_device *md)
{
	acpi_memhp_unplug(pcms, dimm_slot(md));
}

static uint64_t pc_dimm_get_plugged_size(const struct memory_device *md)
{
	return md->memdev->size;
}

static void pc_dimm_fill_device_info(const struct memory_device *md, struct memory_device_info *info)
{
	info->slot = dimm_slot(md);
}

const struct memory_device_class pc_dimm_class = {
	.name = "pc-dimm",
	.info_kind = "dimm",
	.props = pc_dimm_props,
	.nr_props = ARRAY_SIZE(pc_dimm_props),
	.info_members = pc_dimm_info,
	.nr_info_members = ARRAY_SIZE(pc_dimm_info),
	.hmp_members = pc_dimm_hmp,
	.nr_hmp_members = ARRAY_SIZE(pc_dimm_hmp),
	.tmpl_size = sizeof(struct pc_dimm_tmpl),
	.pre_plug = pc_dimm_pre_plug,
	.get_min_alignment = pc_dimm_get_min_alignment,
	.realize = pc_dimm_realize,
	.plug = pc_dimm_plug,
	.unplug_request = pc_dimm_unplug_request,
	.unplug = pc_dimm_unplug,
	.get_plugged_size = pc_dimm_get_plugged_size,
	.fill_device_info = pc_dimm_fill_device_info,
	.free_priv = free,
};
