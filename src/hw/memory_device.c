// SPDX-License-Identifier: MIT
/*
 * The memory-device interface common to every memory-device class (QEMU's
 * hw/mem/memory-device.c): the class table, device_add's generic sequence
 * and the generic part of unplug, guest-physical address assignment inside
 * the device-memory region (first fit with hints and QEMU's checks in
 * QEMU's order), the capacity count, the list of realized devices sorted by
 * address, QOM paths, and the typed query (pc_machine_memory_devices())
 * that query-memory-devices and HMP are built from.  What differs between
 * types is behind md->cls (pc_dimm.c, virtio_mem_pci.c); property rules are
 * memory_device_props.c; the region itself is computed in pc.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hostmem.h"
#include "hw/memory_device.h"
#include "hw/pc.h"
#include "lib/json.h"
#include "qapi/qapi.h"

/* Every memory-device type; device_add looks its driver up here. */
static const struct memory_device_class *const memory_device_classes[] = {
	&pc_dimm_class,
	&virtio_mem_pci_class,
};

/**
 * memory_device_class_find() - the memory-device class of a driver name
 * @name: e.g. "pc-dimm"
 *
 * Return: the class, or NULL if no memory device has that name.
 */
const struct memory_device_class *memory_device_class_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(memory_device_classes); i++)
		if (!strcmp(memory_device_classes[i]->name, name))
			return memory_device_classes[i];
	return NULL;
}

/**
 * memory_device_used_size() - bytes of the region taken by realized devices
 * @pcms: the machine
 *
 * For a DIMM this is its backend size; for virtio-mem the whole backend
 * (max-size), never the plugged size.
 *
 * Return: the sum, bytes (saturating at UINT64_MAX).
 */
uint64_t memory_device_used_size(const struct pc_machine *pcms)
{
	uint64_t used = 0;

	for (const struct memory_device *md = pcms->devices; md; md = md->next) {
		if (used + md->memdev->size < used)
			return UINT64_MAX;
		used += md->memdev->size;
	}
	return used;
}

static int cmp_addr(const void *a, const void *b)
{
	const struct memory_device *x = *(struct memory_device *const *)a;
	const struct memory_device *y = *(struct memory_device *const *)b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/**
 * memory_device_sorted() - the realized devices by ascending address
 * @pcms: the machine
 * @out: a malloc'd array of pointers (caller frees; NULL when empty)
 *
 * Return: the number of devices; 0 with *@out NULL also on allocation failure.
 */
size_t memory_device_sorted(const struct pc_machine *pcms, struct memory_device ***out)
{
	size_t n = 0, i = 0;
	struct memory_device **v;

	*out = NULL;
	for (const struct memory_device *md = pcms->devices; md; md = md->next)
		n++;
	if (!n)
		return 0;
	v = calloc(n, sizeof(*v));
	if (!v)
		return 0;
	for (struct memory_device *md = pcms->devices; md; md = md->next)
		v[i++] = md;
	qsort(v, n, sizeof(*v), cmp_addr);
	*out = v;
	return n;
}

/*
 * Inclusive ranges as QEMU's Range: [lob, upb].  range_init fails when the
 * size is 0 or lob + size - 1 wraps past 2^64 - 1.
 */
struct range {
	uint64_t lob, upb;
	bool empty;
};

static int range_init(struct range *r, uint64_t lob, uint64_t size)
{
	if (!size || lob + size - 1 < lob) {
		r->lob = 0;
		r->upb = 0;
		r->empty = true;
		return -ERANGE;
	}
	r->lob = lob;
	r->upb = lob + size - 1;
	r->empty = false;
	return 0;
}

static bool range_contains_range(const struct range *outer, const struct range *in)
{
	return !outer->empty && !in->empty && in->lob >= outer->lob && in->upb <= outer->upb;
}

static bool range_overlaps(const struct range *a, const struct range *b)
{
	return !a->empty && !b->empty && a->lob <= b->upb && b->lob <= a->upb;
}

/**
 * memory_device_get_free_addr() - pick the GPA of a new memory device
 * @pcms: the machine
 * @hint: the user's address, or NULL for automatic placement (addr=0)
 * @align: the device's alignment, bytes (a power of two)
 * @size: the device size (backend size), bytes
 * @out: the chosen address
 * @err: QEMU's message on failure
 *
 * The checks, in QEMU's order (the first failing one decides the message):
 *  1. no device-memory region at all;
 *  2. the alignment warning (stderr only) if the region base is not aligned;
 *  3. capacity against maxram_size - ram_size, counting realized devices;
 *  4. hint alignment; 5. size alignment;
 *  6. hint range inside the region, or the automatic candidate overflowing;
 *  7. first fit over the devices by address: a hint may not overlap one, the
 *     automatic candidate moves past each one it overlaps;
 *  8. the final candidate must fit in the region.
 *
 * Return: 0, -ENODEV (no region), -ENOSPC (capacity, fragmentation),
 * -EINVAL (alignment, range), -EBUSY (hint conflicts with a device).
 */
int memory_device_get_free_addr(struct pc_machine *pcms, const uint64_t *hint,
				uint64_t align, uint64_t size, uint64_t *out,
				struct memhp_err *err)
{
	struct memory_device **v = NULL;
	struct range as = { 0, 0, true }, cand = { 0, 0, true };
	uint64_t used, capacity;
	size_t n;
	int ret = 0;

	if (!pcms->devmem_size)
		return memhp_err_set(err, -ENODEV,
				     "memory devices (e.g. for memory hotplug) are not enabled, please specify the maxmem option");
	range_init(&as, pcms->devmem_base, pcms->devmem_size);

	if (pcms->devmem_base % align)
		pc_machine_warn(pcms,
				"the alignment (0x%" PRIx64 ") exceeds the expected maximum alignment, memory will get fragmented and not all 'maxmem' might be usable for memory devices.",
				align);

	used = memory_device_used_size(pcms);
	capacity = pcms->maxram_size - pcms->ram_size;
	if (used + size < used || used + size > capacity)
		return memhp_err_set(err, -ENOSPC,
				     "not enough space, currently 0x%" PRIx64 " in use of total space for memory devices 0x%" PRIx64,
				     used, capacity);

	if (hint && *hint % align)
		return memhp_err_set(err, -EINVAL, "address must be aligned to 0x%" PRIx64 " bytes",
				     align);
	if (size % align)
		return memhp_err_set(err, -EINVAL, "backend memory size must be multiple of 0x%" PRIx64,
				     align);

	if (hint) {
		if (range_init(&cand, *hint, size) || !range_contains_range(&as, &cand))
			return memhp_err_set(err, -EINVAL,
					     "can't add memory device [0x%" PRIx64 ":0x%" PRIx64 "], usable range for memory devices [0x%" PRIx64 ":0x%" PRIx64 "]",
					     *hint, size, as.lob, pcms->devmem_size);
	} else {
		if (range_init(&cand, pc_round_up(as.lob, align), size))
			return memhp_err_set(err, -EINVAL, "can't add memory device, device too big");
	}

	n = memory_device_sorted(pcms, &v);
	for (size_t i = 0; i < n; i++) {
		struct range tmp = { 0, 0, true };

		range_init(&tmp, v[i]->addr, v[i]->memdev->size);
		if (range_overlaps(&tmp, &cand)) {
			uint64_t next;

			if (hint) {
				ret = memhp_err_set(err, -EBUSY,
						    "address range conflicts with memory device id='%s'",
						    v[i]->id ? v[i]->id : "(unnamed)");
				goto out;
			}
			next = tmp.upb + 1 ? pc_round_up(tmp.upb + 1, align) : 0;
			if (!next || range_init(&cand, next, size)) {
				cand.empty = true;
				break;
			}
		} else if (tmp.lob > cand.upb) {
			break;
		}
	}

	if (!range_contains_range(&as, &cand)) {
		ret = memhp_err_set(err, -ENOSPC,
				    "could not find position in guest address space for memory device - memory fragmented due to alignments");
		goto out;
	}
	*out = cand.lob;
out:
	free(v);
	return ret;
}

/**
 * memory_device_qom_path() - the canonical QOM path of a device
 * @md: the device
 *
 * Return: malloc'd "/machine/peripheral/<id>" or
 * "/machine/peripheral-anon/device[N]", or NULL on allocation failure.
 */
char *memory_device_qom_path(const struct memory_device *md)
{
	if (md->id)
		return mhp_asprintf("/machine/peripheral/%s", md->id);
	return mhp_asprintf("/machine/peripheral-anon/device[%u]", md->anon_index);
}

/**
 * memory_device_find_id() - the device whose id is @id
 * @pcms: the machine
 * @id: the id
 *
 * Return: the device or NULL.
 */
struct memory_device *memory_device_find_id(const struct pc_machine *pcms, const char *id)
{
	for (struct memory_device *md = pcms->devices; md; md = md->next)
		if (md->id && !strcmp(md->id, id))
			return md;
	return NULL;
}

/**
 * memory_device_find_path() - the device at an absolute QOM path
 * @pcms: the machine
 * @path: e.g. "/machine/peripheral/d1" or "/machine/peripheral-anon/device[0]"
 *
 * Return: the device or NULL.
 */
struct memory_device *memory_device_find_path(const struct pc_machine *pcms, const char *path)
{
	static const char per[] = "/machine/peripheral/";
	static const char anon[] = "/machine/peripheral-anon/device[";

	if (!strncmp(path, per, sizeof(per) - 1))
		return memory_device_find_id(pcms, path + sizeof(per) - 1);
	if (!strncmp(path, anon, sizeof(anon) - 1)) {
		const char *p = path + sizeof(anon) - 1;
		char *end;
		unsigned long n;

		if (*p < '0' || *p > '9')
			return NULL;
		n = strtoul(p, &end, 10);
		if (strcmp(end, "]"))
			return NULL;
		for (struct memory_device *md = pcms->devices; md; md = md->next)
			if (!md->id && md->anon_index == n)
				return md;
	}
	return NULL;
}

/* Add a realized device to the machine list (the machine takes ownership). */
static void memory_device_link(struct pc_machine *pcms, struct memory_device *md)
{
	struct memory_device **pp = &pcms->devices;

	while (*pp)
		pp = &(*pp)->next;
	md->next = NULL;
	*pp = md;
}

/* Remove a device from the machine list (the caller owns it again). */
static void memory_device_unlink(struct pc_machine *pcms, struct memory_device *md)
{
	for (struct memory_device **pp = &pcms->devices; *pp; pp = &(*pp)->next) {
		if (*pp == md) {
			*pp = md->next;
			md->next = NULL;
			return;
		}
	}
}

/**
 * memory_device_free() - free an unlinked device; accepts NULL
 * @md: the device
 */
void memory_device_free(struct memory_device *md)
{
	if (!md)
		return;
	if (md->priv)
		md->cls->free_priv(md->priv);
	free(md->id);
	free(md);
}

/**
 * memory_device_plugged_size() - what the device adds to the guest's memory
 * @md: the device
 *
 * Return: bytes (a DIMM's backend size, a virtio-mem device's plugged size).
 */
uint64_t memory_device_plugged_size(const struct memory_device *md)
{
	return md->cls->get_plugged_size(md);
}

static int set_props(struct pc_machine *pcms, const struct memory_device_class *cls, void *tmpl,
		     const struct dev_props *p, struct memhp_err *err)
{
	size_t *order = calloc(p->nr ? p->nr : 1, sizeof(*order));
	int ret = 0;

	if (!order)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	qapi_key_order(p->keys, p->nr, order);
	for (size_t i = 0; i < p->nr && !ret; i++)
		ret = memory_device_set_prop(pcms, cls, tmpl, p->keys[order[i]], p->values[order[i]],
					     err);
	free(order);
	return ret;
}

/**
 * memory_device_add() - create, realize and plug a memory device
 * @pcms: the machine
 * @cls: its class
 * @p: the properties (driver and id already checked by the caller, which
 *     also assigned @p->anon_index for an anonymous device)
 * @hotplugged: true for QMP/HMP device_add, false for -device
 * @err: QEMU's message (and class) on failure
 *
 * In QEMU's order:
 *  1. the template with the properties' defaults (qdev instance_init);
 *  2. the properties in QDict order (object_set_properties_from_qdict());
 *  3. pre-plug: the class's checks (a DIMM's slot), then 'memdev' must be
 *     set, then placement of the whole backend at the class's alignment
 *     (memory_device_pre_plug());
 *  4. realize: the class's checks and state;
 *  5. plug: the backend is mapped, the device listed, the class told.
 * Nothing but warnings changes before step 5.
 *
 * Return: 0, -EINVAL, -ENODEV (memdev not found, no device memory),
 * -EBUSY (slot, memdev or address taken), -ENOSPC, -EOPNOTSUPP (a property
 * memhp does not model), -ENOMEM.
 */
int memory_device_add(struct pc_machine *pcms, const struct memory_device_class *cls,
		      const struct dev_props *p, bool hotplugged, struct memhp_err *err)
{
	void *tmpl = calloc(1, cls->tmpl_size);
	struct memory_device_tmpl *t = tmpl;
	struct memory_device *md;
	uint64_t addr;
	int ret;

	if (!tmpl)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	ret = memory_device_tmpl_init(pcms, cls, tmpl);
	if (ret) {
		ret = memhp_err_set(err, ret, "internal error: %s's property defaults", cls->name);
		goto out;
	}
	ret = set_props(pcms, cls, tmpl, p, err);
	if (ret)
		goto out;

	/* pre-plug */
	if (cls->pre_plug) {
		ret = cls->pre_plug(pcms, tmpl, err);
		if (ret)
			goto out;
	}
	if (!t->memdev) {
		ret = memhp_err_set(err, -EINVAL, "'memdev' property must be set");
		goto out;
	}
	ret = memory_device_get_free_addr(pcms, t->addr ? &t->addr : NULL,
					  cls->get_min_alignment(pcms, tmpl), t->memdev->size, &addr,
					  err);
	if (ret)
		goto out;

	/* realize */
	md = calloc(1, sizeof(*md));
	if (!md || (p->id && !(md->id = strdup(p->id)))) {
		free(md);
		ret = memhp_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	md->cls = cls;
	md->anon_index = p->anon_index;
	md->memdev = t->memdev;
	md->addr = addr;
	md->node = t->node;
	md->hotplugged = hotplugged;
	ret = cls->realize(pcms, tmpl, md, err);
	if (ret) {
		memory_device_free(md);
		goto out;
	}

	/* plug */
	md->memdev->mapped = true;
	memory_device_link(pcms, md);
	if (cls->plug)
		cls->plug(pcms, md);
out:
	free(tmpl);
	return ret;
}

/**
 * memory_device_unplug() - the device leaves the machine (the guest ejected
 * a DIMM): the class's unplug, then the backend is unmapped, the device
 * unlisted and freed, and DEVICE_DELETED sent
 * @pcms: the machine
 * @md: the device (freed here)
 */
void memory_device_unplug(struct pc_machine *pcms, struct memory_device *md)
{
	struct json *data = json_new_object();
	char *path = memory_device_qom_path(md);

	if (md->cls->unplug)
		md->cls->unplug(pcms, md);
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

/* ---- the typed query ------------------------------------------------------ */

/**
 * memory_device_info_free() - free a pc_machine_memory_devices() result
 * @v: the array (NULL: nothing)
 * @n: its length
 */
void memory_device_info_free(struct memory_device_info *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].id);
		free(v[i].qom_path);
		free(v[i].memdev);
	}
	free(v);
}

static int fill_info(const struct memory_device *md, struct memory_device_info *d)
{
	d->id = md->id ? strdup(md->id) : NULL;
	d->qom_path = memory_device_qom_path(md);
	d->memdev = mhp_asprintf("/objects/%s", md->memdev->id);
	if ((md->id && !d->id) || !d->qom_path || !d->memdev)
		return -ENOMEM;
	d->type = md->cls->name;
	d->kind = md->cls->info_kind;
	d->addr = md->addr;
	d->size = md->memdev->size;
	d->plugged_size = md->cls->get_plugged_size(md);
	d->node = md->node;
	d->slot = -1;
	d->hotplugged = md->hotplugged;
	d->hotpluggable = true;
	md->cls->fill_device_info(md, d);
	return 0;
}

/**
 * pc_machine_memory_devices() - the realized memory devices by address
 * @pcms: the machine
 * @out: the array (free with memory_device_info_free())
 * @n: its length
 *
 * See include/memhp/hw.h.
 *
 * Return: 0 or -ENOMEM.
 */
int pc_machine_memory_devices(const struct pc_machine *pcms, struct memory_device_info **out,
			      size_t *n)
{
	struct memory_device **v;
	struct memory_device_info *d = NULL;
	size_t nr = memory_device_sorted(pcms, &v);
	int ret = 0;

	*out = NULL;
	*n = 0;
	if (!v && pcms->devices)
		return -ENOMEM;
	if (nr) {
		d = calloc(nr, sizeof(*d));
		if (!d)
			ret = -ENOMEM;
	}
	for (size_t i = 0; !ret && i < nr; i++)
		ret = fill_info(v[i], &d[i]);
	free(v);
	if (ret) {
		memory_device_info_free(d, nr);
		return ret;
	}
	*out = d;
	*n = nr;
	return 0;
}
