// SPDX-License-Identifier: MIT
/*
 * The memory commands (QEMU's qom/qom-qmp-cmds.c object-add/del,
 * softmmu/qdev-monitor.c device_add/del, hw/mem/memory-device.c and
 * hw/core/machine-qmp-cmds.c queries): object-add and object-del of
 * backends, device_add (QMP values as the QemuOpts text qdev would see)
 * and device_del, query-memory-devices (from the typed
 * pc_machine_memory_devices()), query-memory-size-summary, query-memdev.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hostmem.h"
#include "hw/memory_device.h"
#include "hw/pc.h"
#include "lib/json.h"
#include "qmp/qmp_internal.h"

int qmp_object_add(struct pc_machine *pcms, const struct json *args, struct json **ret,
		   struct memhp_err *err)
{
	int r = hostmem_object_add(pcms, args, err);

	return r ? r : qmp_ret_empty(ret, err);
}

int qmp_object_del(struct pc_machine *pcms, const struct json *args, struct json **ret,
		   struct memhp_err *err)
{
	int r = hostmem_object_del(pcms, qmp_arg_str(args, "id"), err);

	return r ? r : qmp_ret_empty(ret, err);
}

/* QemuOpts text of a device_add value, or NULL if QemuOpts ignores it. */
static char *opt_text(const struct json *v)
{
	switch (json_type_of(v)) {
	case JSON_STRING:
		return strdup(json_string_value(v));
	case JSON_NUMBER:
		return strdup(json_number_text(v));
	case JSON_BOOL:
		return strdup(json_bool_value(v) ? "on" : "off");
	default:
		return NULL;
	}
}

int qmp_device_add(struct pc_machine *pcms, const struct json *args, struct json **ret,
		   struct memhp_err *err)
{
	size_t n = args ? json_object_size(args) : 0;
	struct dev_props p = { 0 };
	char **texts = calloc(n + 1, sizeof(*texts));
	const char **keys = calloc(n + 1, sizeof(*keys));
	const char **values = calloc(n + 1, sizeof(*values));
	int r;

	if (!texts || !keys || !values) {
		r = memhp_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	p.keys = keys;
	p.values = values;
	for (size_t i = 0; i < n; i++) {
		const char *k = json_object_key_at(args, i);
		const struct json *v = json_object_value_at(args, i);

		if (!strcmp(k, "id")) {
			p.id = json_string_value(v);
			continue;
		}
		texts[i] = opt_text(v);
		if (!texts[i])
			continue;
		if (!strcmp(k, "driver"))
			p.driver = texts[i];
		else if (strcmp(k, "bus")) {
			keys[p.nr] = k;
			values[p.nr++] = texts[i];
		}
	}
	r = pc_device_add_from_props(pcms, &p, true, err);
	if (!r)
		r = qmp_ret_empty(ret, err);
out:
	for (size_t i = 0; texts && i < n; i++)
		free(texts[i]);
	free(texts);
	free(keys);
	free(values);
	return r;
}

int qmp_device_del(struct pc_machine *pcms, const struct json *args, struct json **ret,
		   struct memhp_err *err)
{
	int r = pc_device_del(pcms, qmp_arg_str(args, "id"), err);

	return r ? r : qmp_ret_empty(ret, err);
}

static struct json *info_value(const struct memory_device_info *d,
			       enum memory_device_info_field field)
{
	switch (field) {
	case MDI_ADDR:
		return json_new_u64(d->addr);
	case MDI_SIZE:
		return json_new_u64(d->size);
	case MDI_PLUGGED_SIZE:
		return json_new_u64(d->plugged_size);
	case MDI_REQUESTED_SIZE:
		return json_new_u64(d->requested_size);
	case MDI_BLOCK_SIZE:
		return json_new_u64(d->block_size);
	case MDI_SLOT:
		return json_new_i64(d->slot);
	case MDI_NODE:
		return json_new_i64(d->node);
	case MDI_MEMDEV:
		return json_new_string(d->memdev);
	case MDI_HOTPLUGGED:
		return json_new_bool(d->hotplugged);
	case MDI_HOTPLUGGABLE:
		return json_new_bool(d->hotpluggable);
	}
	return NULL;
}

/*
 * One MemoryDeviceInfo: {"type": kind, "data": {...}}, the data members in
 * the QAPI order of the device's class (qapi_order() sorts for output).
 */
static struct json *device_info(const struct memory_device_info *d)
{
	const struct memory_device_class *cls = memory_device_class_find(d->type);
	struct json *data = json_new_object(), *u = json_new_object();
	int r = !data || !u || !cls;

	if (!r && d->id)
		r |= json_object_set(data, "id", json_new_string(d->id));
	for (size_t i = 0; !r && i < cls->nr_info_members; i++)
		r |= json_object_set(data, cls->info_members[i].name,
				     info_value(d, cls->info_members[i].field));
	if (!r) {
		r |= json_object_set(u, "type", json_new_string(d->kind));
		r |= json_object_set(u, "data", data);
		data = NULL;
	}
	json_free(data);
	if (r) {
		json_free(u);
		return NULL;
	}
	return u;
}

/* qmp_query_memory_devices(): built from pc_machine_memory_devices(), sorted by address. */
int qmp_query_memory_devices(struct pc_machine *pcms, const struct json *args,
			     struct json **ret, struct memhp_err *err)
{
	struct memory_device_info *v;
	struct json *arr;
	size_t n;

	(void)args;
	if (pc_machine_memory_devices(pcms, &v, &n))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	arr = json_new_array();
	for (size_t i = 0; arr && i < n; i++) {
		if (json_array_append(arr, device_info(&v[i]))) {
			json_free(arr);
			arr = NULL;
		}
	}
	memory_device_info_free(v, n);
	*ret = arr;
	return arr ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

uint64_t qmp_plugged_memory(const struct pc_machine *pcms)
{
	uint64_t sum = 0;

	for (const struct memory_device *md = pcms->devices; md; md = md->next)
		sum += memory_device_plugged_size(md);
	return sum;
}

int qmp_query_memory_size_summary(struct pc_machine *pcms, const struct json *args,
				  struct json **ret, struct memhp_err *err)
{
	struct json *o = json_new_object();

	(void)args;
	if (!o || json_object_set(o, "base-memory", json_new_u64(pcms->ram_size)) ||
	    json_object_set(o, "plugged-memory", json_new_u64(qmp_plugged_memory(pcms)))) {
		json_free(o);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	*ret = o;
	return 0;
}

int qmp_query_memdev(struct pc_machine *pcms, const struct json *args, struct json **ret,
		     struct memhp_err *err)
{
	(void)args;
	*ret = hostmem_query_memdev(pcms);
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}
