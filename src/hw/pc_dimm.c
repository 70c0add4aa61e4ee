// SPDX-License-Identifier: MIT
/*
 * pc-dimm: its properties as device_add/-device set them (string values,
 * QemuOpts style), the plug sequence in QEMU's order (machine pre-plug:
 * slot, then address; realize: node, memdev, busy; plug: map and ACPI),
 * the unplug request and the guest-driven unplug, and the QOM view for
 * qom-get/qom-set.  Every check runs before the first change, so a failed
 * device_add leaves the machine untouched.  Address placement itself is
 * memory_device.c; the slot table and events are acpi_memory_hotplug.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hw_internal.h"
#include "lib/json.h"

#define PC_DIMM_UNASSIGNED_SLOT	(-1)

/* The device being built: property values before realize. */
struct dimm_tmpl {
	uint64_t addr;
	uint32_t node;
	int32_t slot;
	struct host_memory_backend *memdev;
};

/* Read-only QOM properties of a pc-dimm (qom-list order). */
static const char *const readonly_props[] = {
	"type", "parent_bus", "hotplugged", "hotpluggable", "legacy-memdev", "size", NULL
};

static bool in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (!strcmp(*l, s))
			return true;
	return false;
}

/**
 * pc_resolve_memdev() - resolve a memdev link as QEMU's object_resolve_link()
 * @pcms: the machine
 * @path: the link value: a backend id or (partial or absolute) QOM path
 * @out: the backend
 * @err: QEMU's message on failure
 *
 * Another existing object is the wrong type; anything else is DeviceNotFound.
 * Shared by pc-dimm and virtio-mem-pci (both link to a memory-backend).
 *
 * Return: 0, -EINVAL (not a backend), -ENODEV (not found).
 */
int pc_resolve_memdev(const struct pc_machine *pcms, const char *path,
		      struct host_memory_backend **out, struct memhp_err *err)
{
	static const char objs[] = "/objects/";
	const char *name = path;
	bool other;

	if (!strncmp(path, objs, sizeof(objs) - 1))
		name = path + sizeof(objs) - 1;
	if (name == path && path[0] == '/')
		name = NULL;
	if (name && !strchr(name, '/') && (*out = hostmem_find(pcms, name)))
		return 0;
	if (path[0] == '/')
		other = !strcmp(path, "/machine") || !strcmp(path, "/objects") ||
			!strcmp(path, "/machine/peripheral") ||
			!strcmp(path, "/machine/peripheral-anon") ||
			memory_device_find_path(pcms, path);
	else
		other = !strcmp(path, "machine") || !strcmp(path, "objects") ||
			!strcmp(path, "peripheral") || !strcmp(path, "peripheral-anon") ||
			memory_device_find_id(pcms, path);
	if (other)
		return memhp_err_set(err, -EINVAL,
				     "Invalid parameter type for 'memdev', expected: memory-backend");
	return memhp_err_set_class(err, -ENODEV, ERR_CLASS_DEVICE_NOT_FOUND,
				   "Device '%s' not found", path);
}

static int set_prop(const struct pc_machine *pcms, struct dimm_tmpl *t, const char *key,
		    const char *val, struct memhp_err *err)
{
	uint64_t u;
	int64_t i;
	int ret;

	if (!strcmp(key, "addr")) {
		ret = qemu_opt_prop_uint(key, val, UINT64_MAX, &u, err);
		if (ret)
			return ret;
		t->addr = u;
	} else if (!strcmp(key, "node")) {
		ret = qemu_opt_prop_uint(key, val, UINT32_MAX, &u, err);
		if (ret)
			return ret;
		t->node = (uint32_t)u;
	} else if (!strcmp(key, "slot")) {
		if (qemu_opt_parse_i64(val, &i))
			return memhp_err_set(err, -EINVAL, "Parameter 'slot' expects integer");
		if (i < INT32_MIN || i > INT32_MAX)
			return memhp_err_set(err, -EINVAL, "Parameter 'slot' expects int32_t");
		t->slot = (int32_t)i;
	} else if (!strcmp(key, "memdev")) {
		return pc_resolve_memdev(pcms, val, &t->memdev, err);
	} else if (in_list(readonly_props, key)) {
		return memhp_err_set(err, -EINVAL, "Property 'pc-dimm.%s' is not writable", key);
	} else if (!strcmp(key, "realized")) {
		return memhp_err_set(err, -EINVAL,
				     "setting 'realized' with device_add is not supported by memhp");
	} else {
		return memhp_err_set(err, -EINVAL, "Property 'pc-dimm.%s' not found", key);
	}
	return 0;
}

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
		if (md->kind == MEMORY_DEVICE_DIMM && md->slot >= 0 && (uint64_t)md->slot < max)
			used[md->slot] = true;
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

/**
 * pc_dimm_device_add() - create, realize and plug a pc-dimm
 * @pcms: the machine
 * @p: the properties (driver and id already checked by the caller; the
 *     caller also assigned @p->anon_index for an anonymous device)
 * @hotplugged: true for QMP/HMP device_add, false for -device
 * @err: QEMU's message (and class) on failure
 *
 * Cases, in QEMU's order:
 *  1. properties in QDict order (type errors, unknown or read-only
 *     properties, the memdev link: DeviceNotFound or wrong type);
 *  2. pre-plug: slot range, free-slot search, 'memdev' set, placement;
 *  3. realize: node < number of nodes, backend not busy;
 *  4. plug: the backend is mapped, the device listed, ACPI told (GPE if
 *     hot-plugged).
 * Nothing changes before step 4.
 *
 * Return: 0, -EINVAL, -ENODEV (memdev not found, no device memory),
 * -EBUSY (slot, memdev or address taken), -ENOSPC, -ENOMEM.
 */
int pc_dimm_device_add(struct pc_machine *pcms, const struct dev_props *p, bool hotplugged,
		       struct memhp_err *err)
{
	struct dimm_tmpl t = { .slot = PC_DIMM_UNASSIGNED_SLOT };
	struct memory_device *md;
	size_t *order;
	uint64_t align, addr;
	int slot = PC_DIMM_UNASSIGNED_SLOT, nodes, ret = 0;

	order = calloc(p->nr ? p->nr : 1, sizeof(*order));
	if (!order)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	qapi_key_order(p->keys, p->nr, order);
	for (size_t i = 0; i < p->nr && !ret; i++)
		ret = set_prop(pcms, &t, p->keys[order[i]], p->values[order[i]], err);
	free(order);
	if (ret)
		return ret;

	/* pre-plug: pc_dimm_pre_plug() */
	if (t.slot != PC_DIMM_UNASSIGNED_SLOT && (t.slot < 0 || (uint64_t)t.slot >= pcms->ram_slots))
		return memhp_err_set(err, -EINVAL, "invalid slot number %d, valid range is [0-%" PRIu64 "]",
				     t.slot, pcms->ram_slots - 1);
	ret = get_free_slot(pcms, t.slot == PC_DIMM_UNASSIGNED_SLOT ? NULL : &t.slot, &slot, err);
	if (ret)
		return ret;
	if (!t.memdev)
		return memhp_err_set(err, -EINVAL, "'memdev' property must be set");
	/* Legacy: machines without enforce_aligned_dimm place DIMMs at 4 KiB */
	align = pcms->enforce_aligned_dimm ? t.memdev->align : PC_TARGET_PAGE_SIZE;
	ret = memory_device_get_free_addr(pcms, t.addr ? &t.addr : NULL, align, t.memdev->size,
					  &addr, err);
	if (ret)
		return ret;

	/* realize: pc_dimm_realize() */
	nodes = pc_machine_numa_nodes_for_check(pcms);
	if (t.node >= (uint32_t)nodes)
		return memhp_err_set(err, -EINVAL,
				     "'DIMM property node has value %" PRIu32 "' which exceeds the number of numa nodes: %d",
				     t.node, nodes);
	if (t.memdev->mapped)
		return memhp_err_set(err, -EBUSY, "can't use already busy memdev: %s", t.memdev->id);

	/* plug */
	md = calloc(1, sizeof(*md));
	if (!md)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	if (p->id && !(md->id = strdup(p->id))) {
		free(md);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	md->kind = MEMORY_DEVICE_DIMM;
	md->anon_index = p->anon_index;
	md->memdev = t.memdev;
	md->addr = addr;
	md->node = t.node;
	md->slot = slot;
	md->hotplugged = hotplugged;
	t.memdev->mapped = true;
	memory_device_link(pcms, md);
	acpi_memhp_plug(pcms, md);
	return 0;
}

/**
 * pc_dimm_unplug_request() - device_del of a DIMM: ask the guest to eject it
 * @pcms: the machine
 * @md: the DIMM
 * @err: unused today (the ACPI device always exists on pc)
 *
 * The DIMM stays until the guest ejects it (pc_dimm_unplug()); repeating
 * the request raises the GPE again.
 *
 * Return: 0.
 */
int pc_dimm_unplug_request(struct pc_machine *pcms, struct memory_device *md,
			   struct memhp_err *err)
{
	(void)err;
	acpi_memhp_unplug_request(pcms, md);
	return 0;
}

/**
 * pc_dimm_unplug() - the guest ejected the DIMM: remove it
 * @pcms: the machine
 * @md: the DIMM (freed here)
 *
 * Clears the ACPI slot, unmaps the backend, frees slot and address and
 * emits DEVICE_DELETED.
 */
void pc_dimm_unplug(struct pc_machine *pcms, struct memory_device *md)
{
	struct json *data = json_new_object();
	char *path = memory_device_qom_path(md);

	acpi_memhp_unplug(pcms, md);
	md->memdev->mapped = false;
	memory_device_unlink(pcms, md);
	if (data && path) {
		int r = 0;

		if (md->id)
			r |= json_object_set(data, "device", json_new_string(md->id));
		r |= json_object_set(data, "path", json_new_string(path));
		if (!r) {
			pc_machine_emit_event(pcms, "DEVICE_DELETED", data);
			data = NULL;
		}
	}
	json_free(data);
	free(path);
	memory_device_free(md);
}

/**
 * pc_dimm_qom_get() - qom-get on a DIMM
 * @pcms: the machine
 * @md: the DIMM
 * @prop: the property
 * @ret: the value
 * @err: QEMU's message on failure
 *
 * Return: 0, -ENOENT (no such property), -ENOMEM.
 */
int pc_dimm_qom_get(const struct pc_machine *pcms, const struct memory_device *md,
		    const char *prop, struct json **ret, struct memhp_err *err)
{
	(void)pcms;
	if (!strcmp(prop, "addr"))
		*ret = json_new_u64(md->addr);
	else if (!strcmp(prop, "size"))
		*ret = json_new_u64(md->memdev->size);
	else if (!strcmp(prop, "slot"))
		*ret = json_new_i64(md->slot);
	else if (!strcmp(prop, "node"))
		*ret = json_new_u64(md->node);
	else if (!strcmp(prop, "memdev")) {
		char *s = mhp_asprintf("/objects/%s", md->memdev->id);

		*ret = s ? json_new_string(s) : NULL;
		free(s);
	} else if (!strcmp(prop, "hotplugged"))
		*ret = json_new_bool(md->hotplugged);
	else if (!strcmp(prop, "hotpluggable") || !strcmp(prop, "realized"))
		*ret = json_new_bool(true);
	else if (!strcmp(prop, "type"))
		*ret = json_new_string("pc-dimm");
	else if (!strcmp(prop, "parent_bus"))
		*ret = json_new_string("");
	else
		return memhp_err_set(err, -ENOENT, "Property 'pc-dimm.%s' not found", prop);
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

/**
 * pc_dimm_qom_set() - qom-set on a realized DIMM (always refused)
 * @md: the DIMM
 * @prop: the property
 * @err: QEMU's message
 *
 * Return: -EINVAL (after realize, or read-only), -ENOENT (no such property).
 */
int pc_dimm_qom_set(const struct memory_device *md, const char *prop, struct memhp_err *err)
{
	static const char *const qdev_props[] = { "addr", "node", "slot", "memdev", NULL };

	if (in_list(qdev_props, prop)) {
		if (md->id)
			return memhp_err_set(err, -EINVAL,
					     "Attempt to set property '%s' on device '%s' (type 'pc-dimm') after it was realized",
					     prop, md->id);
		return memhp_err_set(err, -EINVAL,
				     "Attempt to set property '%s' on anonymous device (type 'pc-dimm') after it was realized",
				     prop);
	}
	if (in_list(readonly_props, prop))
		return memhp_err_set(err, -EINVAL, "Property 'pc-dimm.%s' is not writable", prop);
	if (!strcmp(prop, "realized"))
		return memhp_err_set(err, -EINVAL, "qom-set of 'realized' is not supported by memhp");
	return memhp_err_set(err, -ENOENT, "Property 'pc-dimm.%s' not found", prop);
}
