// SPDX-License-Identifier: MIT
/*
 * The memory-device interface common to pc-dimm and virtio-mem-pci:
 * guest-physical address assignment inside the device-memory region (first
 * fit with hints and QEMU's checks in QEMU's order), the capacity count,
 * the list of realized devices sorted by address, QOM paths, and the
 * query-memory-devices / HMP "info memory-devices" views and the plugged
 * size.  Per-kind rules (slots, ACPI, properties, plugging blocks) live in
 * pc_dimm.c and virtio_mem.c; the region itself is computed in pc.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hw_internal.h"
#include "lib/json.h"

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

/**
 * memory_device_link() - add a realized device to the machine list
 * @pcms: the machine
 * @md: the device (the machine takes ownership)
 */
void memory_device_link(struct pc_machine *pcms, struct memory_device *md)
{
	struct memory_device **pp = &pcms->devices;

	while (*pp)
		pp = &(*pp)->next;
	md->next = NULL;
	*pp = md;
}

/**
 * memory_device_unlink() - remove a device from the machine list
 * @pcms: the machine
 * @md: the device (the caller owns it again)
 */
void memory_device_unlink(struct pc_machine *pcms, struct memory_device *md)
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
	virtio_mem_state_free(md->vmem);
	free(md->id);
	free(md);
}

/**
 * memory_device_plugged_size() - what the device adds to the guest's memory
 * @md: the device
 *
 * Return: bytes: a DIMM's backend size, a virtio-mem device's plugged size.
 */
uint64_t memory_device_plugged_size(const struct memory_device *md)
{
	return md->kind == MEMORY_DEVICE_VIRTIO_MEM ? md->vmem->size : md->memdev->size;
}

static struct json *dimm_info(const struct memory_device *md)
{
	struct json *d = json_new_object(), *u = json_new_object();
	char *memdev = mhp_asprintf("/objects/%s", md->memdev->id);
	int r = 0;

	if (!d || !u || !memdev)
		goto fail;
	/* PCDIMMDeviceInfo member order; qapi_order() sorts for output */
	if (md->id)
		r |= json_object_set(d, "id", json_new_string(md->id));
	r |= json_object_set(d, "addr", json_new_u64(md->addr));
	r |= json_object_set(d, "size", json_new_u64(md->memdev->size));
	r |= json_object_set(d, "slot", json_new_i64(md->slot));
	r |= json_object_set(d, "node", json_new_i64(md->node));
	r |= json_object_set(d, "memdev", json_new_string(memdev));
	r |= json_object_set(d, "hotplugged", json_new_bool(md->hotplugged));
	r |= json_object_set(d, "hotpluggable", json_new_bool(true));
	r |= json_object_set(u, "type", json_new_string("dimm"));
	r |= json_object_set(u, "data", d);
	d = NULL;
	if (r)
		goto fail;
	free(memdev);
	return u;
fail:
	json_free(d);
	json_free(u);
	free(memdev);
	return NULL;
}

static struct json *virtio_mem_info(const struct memory_device *md)
{
	struct json *d = json_new_object(), *u = json_new_object();
	char *memdev = mhp_asprintf("/objects/%s", md->memdev->id);
	int r = 0;

	if (!d || !u || !memdev)
		goto fail;
	/* VirtioMEMDeviceInfo member order; qapi_order() sorts for output */
	if (md->id)
		r |= json_object_set(d, "id", json_new_string(md->id));
	r |= json_object_set(d, "memaddr", json_new_u64(md->addr));
	r |= json_object_set(d, "requested-size", json_new_u64(md->vmem->requested_size));
	r |= json_object_set(d, "size", json_new_u64(md->vmem->size));
	r |= json_object_set(d, "max-size", json_new_u64(md->memdev->size));
	r |= json_object_set(d, "block-size", json_new_u64(md->vmem->block_size));
	r |= json_object_set(d, "node", json_new_i64(md->node));
	r |= json_object_set(d, "memdev", json_new_string(memdev));
	r |= json_object_set(u, "type", json_new_string("virtio-mem"));
	r |= json_object_set(u, "data", d);
	d = NULL;
	if (r)
		goto fail;
	free(memdev);
	return u;
fail:
	json_free(d);
	json_free(u);
	free(memdev);
	return NULL;
}

/**
 * memory_device_query() - the query-memory-devices list
 * @pcms: the machine
 *
 * Return: a JSON array sorted by address, or NULL on allocation failure.
 */
struct json *memory_device_query(const struct pc_machine *pcms)
{
	struct json *arr = json_new_array();
	struct memory_device **v;
	size_t n = memory_device_sorted(pcms, &v);

	for (size_t i = 0; arr && i < n; i++) {
		struct json *info = v[i]->kind == MEMORY_DEVICE_VIRTIO_MEM ?
				    virtio_mem_info(v[i]) : dimm_info(v[i]);

		if (json_array_append(arr, info)) {
			json_free(arr);
			arr = NULL;
		}
	}
	free(v);
	return arr;
}

/**
 * memory_device_hmp_info() - HMP "info memory-devices"
 * @pcms: the machine
 *
 * Return: malloc'd text with "\r\n" line ends ("" without devices), or NULL.
 */
char *memory_device_hmp_info(const struct pc_machine *pcms)
{
	struct memory_device **v;
	size_t n = memory_device_sorted(pcms, &v);
	char *out = strdup("");

	for (size_t i = 0; out && i < n; i++) {
		const struct memory_device *md = v[i];
		char *s;

		if (md->kind == MEMORY_DEVICE_VIRTIO_MEM) {
			s = mhp_asprintf("%sMemory device [virtio-mem]: \"%s\"\r\n"
					 "  memaddr: 0x%" PRIx64 "\r\n  node: %" PRIu32 "\r\n"
					 "  requested-size: %" PRIu64 "\r\n  size: %" PRIu64 "\r\n"
					 "  max-size: %" PRIu64 "\r\n  block-size: %" PRIu64 "\r\n"
					 "  memdev: /objects/%s\r\n",
					 out, md->id ? md->id : "", md->addr, md->node,
					 md->vmem->requested_size, md->vmem->size, md->memdev->size,
					 md->vmem->block_size, md->memdev->id);
			free(out);
			out = s;
			continue;
		}
		s = mhp_asprintf("%sMemory device [dimm]: \"%s\"\r\n  addr: 0x%" PRIx64 "\r\n"
				       "  slot: %d\r\n  node: %" PRIu32 "\r\n  size: %" PRIu64 "\r\n"
				       "  memdev: /objects/%s\r\n  hotplugged: %s\r\n"
				       "  hotpluggable: true\r\n",
				       out, md->id ? md->id : "", md->addr, md->slot, md->node,
				       md->memdev->size, md->memdev->id,
				       md->hotplugged ? "true" : "false");

		free(out);
		out = s;
	}
	free(v);
	return out;
}
