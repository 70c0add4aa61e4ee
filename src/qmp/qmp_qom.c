// SPDX-License-Identifier: MIT
/*
 * QOM over QMP (QEMU's qom/qom-qmp-cmds.c): qom-get, qom-set and qom-list
 * on the objects memhp models: /machine, its containers, the memory
 * devices (through their class's property table, memory_device_props.c)
 * and the backends under /objects.  Paths resolve as QEMU's
 * object_resolve_path(): absolute, or a unique partial path.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hostmem.h"
#include "hw/memory_device.h"
#include "hw/pc.h"
#include "lib/json.h"
#include "qmp/qmp_internal.h"

enum qom_kind { QOM_NONE, QOM_MACHINE, QOM_CONTAINER, QOM_DEVICE, QOM_BACKEND };

struct qom_obj {
	enum qom_kind kind;
	struct memory_device *md;
	struct host_memory_backend *be;
	char *path;			/* canonical path, malloc'd */
};

/* Every object memhp models, with its canonical path (caller frees paths). */
static size_t qom_enumerate(const struct pc_machine *pcms, struct qom_obj **out)
{
	static const char *const containers[] = {
		"/", "/objects", "/machine/peripheral", "/machine/peripheral-anon"
	};
	size_t n = 1 + ARRAY_SIZE(containers), i = 0;
	struct qom_obj *v;

	for (const struct memory_device *md = pcms->devices; md; md = md->next)
		n++;
	for (const struct host_memory_backend *be = pcms->backends; be; be = be->next)
		n++;
	v = calloc(n, sizeof(*v));
	if (!v)
		return 0;
	v[i].kind = QOM_MACHINE;
	v[i++].path = strdup("/machine");
	for (size_t c = 0; c < ARRAY_SIZE(containers); c++) {
		v[i].kind = QOM_CONTAINER;
		v[i++].path = strdup(containers[c]);
	}
	for (struct memory_device *md = pcms->devices; md; md = md->next) {
		v[i].kind = QOM_DEVICE;
		v[i].md = md;
		v[i++].path = memory_device_qom_path(md);
	}
	for (struct host_memory_backend *be = pcms->backends; be; be = be->next) {
		v[i].kind = QOM_BACKEND;
		v[i].be = be;
		v[i++].path = mhp_asprintf("/objects/%s", be->id);
	}
	*out = v;
	return n;
}

/*
 * object_resolve_path(): an absolute path must match exactly; a partial
 * one must match the trailing components of exactly one object.
 */
static int qom_resolve(const struct pc_machine *pcms, const char *path, struct qom_obj *res,
		       struct memhp_err *err)
{
	struct qom_obj *v = NULL;
	size_t n = qom_enumerate(pcms, &v), hits = 0;
	size_t plen = strlen(path);
	int ret = 0;

	res->kind = QOM_NONE;
	for (size_t i = 0; i < n; i++) {
		const char *p = v[i].path;
		size_t len = p ? strlen(p) : 0;
		bool match;

		if (!p)
			continue;
		if (path[0] == '/')
			match = !strcmp(p, path);
		else
			match = plen && len > plen && !strcmp(p + len - plen, path) &&
				p[len - plen - 1] == '/';
		if (match) {
			hits++;
			*res = v[i];
			res->path = NULL;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
	if (hits > 1)
		ret = memhp_err_set(err, -EINVAL, "Path '%s' is ambiguous", path);
	else if (!hits)
		ret = memhp_err_set_class(err, -ENODEV, ERR_CLASS_DEVICE_NOT_FOUND,
					  "Device '%s' not found", path);
	return ret;
}

int qmp_qom_get(struct pc_machine *pcms, const struct json *args, struct json **ret,
		struct memhp_err *err)
{
	const char *prop = qmp_arg_str(args, "property");
	struct qom_obj o;
	char type[64];
	int r = qom_resolve(pcms, qmp_arg_str(args, "path"), &o, err);

	if (r)
		return r;
	switch (o.kind) {
	case QOM_MACHINE:
		pc_machine_qom_type(pcms, type, sizeof(type));
		if (!strcmp(prop, "device-memory-region-size"))
			*ret = json_new_i64((int64_t)pcms->devmem_size);
		else if (!strcmp(prop, "max-ram-below-4g"))
			*ret = json_new_u64(pcms->max_ram_below_4g);
		else if (!strcmp(prop, "type"))
			*ret = json_new_string(type);
		else
			return memhp_err_set(err, -ENOENT, "Property '%s.%s' not found", type, prop);
		break;
	case QOM_CONTAINER:
		if (strcmp(prop, "type"))
			return memhp_err_set(err, -ENOENT, "Property 'container.%s' not found", prop);
		*ret = json_new_string("container");
		break;
	case QOM_DEVICE:
		return memory_device_qom_get(o.md, prop, ret, err);
	case QOM_BACKEND:
		return hostmem_qom_get(o.be, prop, ret, err);
	default:
		return memhp_err_set(err, -EINVAL, "internal error");
	}
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

int qmp_qom_set(struct pc_machine *pcms, const struct json *args, struct json **ret,
		struct memhp_err *err)
{
	const char *prop = qmp_arg_str(args, "property");
	struct qom_obj o;
	char type[64];
	int r = qom_resolve(pcms, qmp_arg_str(args, "path"), &o, err);

	if (r)
		return r;
	switch (o.kind) {
	case QOM_MACHINE:
		pc_machine_qom_type(pcms, type, sizeof(type));
		if (!strcmp(prop, "device-memory-region-size") || !strcmp(prop, "type"))
			return memhp_err_set(err, -EINVAL, "Property '%s.%s' is not writable", type, prop);
		if (!strcmp(prop, "max-ram-below-4g"))
			return memhp_err_set(err, -EINVAL,
					     "qom-set of machine properties is not supported by memhp");
		return memhp_err_set(err, -ENOENT, "Property '%s.%s' not found", type, prop);
	case QOM_CONTAINER:
		if (!strcmp(prop, "type"))
			return memhp_err_set(err, -EINVAL, "Property 'container.type' is not writable");
		return memhp_err_set(err, -ENOENT, "Property 'container.%s' not found", prop);
	case QOM_DEVICE:
		r = memory_device_qom_set(pcms, o.md, prop, json_object_get(args, "value"), err);
		return r ? r : qmp_ret_empty(ret, err);
	case QOM_BACKEND: {
		struct json *dummy = NULL;

		r = hostmem_qom_get(o.be, prop, &dummy, err);
		json_free(dummy);
		if (r)
			return r;
		if (!strcmp(prop, "type"))
			return memhp_err_set(err, -EINVAL, "Property '%s.type' is not writable",
					     hostmem_kind_names[o.be->kind]);
		return memhp_err_set(err, -EINVAL,
				     "qom-set of memory backend properties is not supported by memhp");
	}
	default:
		return memhp_err_set(err, -EINVAL, "internal error");
	}
}

static int list_add(struct json *arr, const char *name, const char *type)
{
	struct json *o = json_new_object();

	if (!o || json_object_set(o, "name", json_new_string(name)) ||
	    json_object_set(o, "type", json_new_string(type))) {
		json_free(o);
		return -ENOMEM;
	}
	return json_array_append(arr, o);
}

int qmp_qom_list(struct pc_machine *pcms, const struct json *args, struct json **ret,
		 struct memhp_err *err)
{
	const char *path = qmp_arg_str(args, "path");
	struct json *arr;
	struct qom_obj o;
	int r = qom_resolve(pcms, path, &o, err);

	if (r)
		return r;
	if (o.kind == QOM_MACHINE || o.kind == QOM_BACKEND)
		return memhp_err_set(err, -EOPNOTSUPP, "qom-list of '%s' is not supported by memhp", path);
	arr = json_new_array();
	if (!arr)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	if (o.kind == QOM_DEVICE) {
		/* the class's property table, in qom-list order */
		for (size_t i = 0; i < o.md->cls->nr_props && !r; i++)
			r = list_add(arr, o.md->cls->props[i].name, o.md->cls->props[i].type);
	} else {
		char *cpath = NULL;

		r = list_add(arr, "type", "string");
		/* the container's children, in creation order */
		for (struct memory_device *md = pcms->devices; md && !r; md = md->next) {
			char *mp = memory_device_qom_path(md), *slash;

			if (!mp) {
				r = -ENOMEM;
				break;
			}
			slash = strrchr(mp, '/');
			*slash = 0;
			if (!strcmp(mp, path) || (path[0] != '/' && strlen(mp) >= strlen(path) &&
						  !strcmp(mp + strlen(mp) - strlen(path), path))) {
				char *type = mhp_asprintf("child<%s>", md->cls->name);

				r = type ? list_add(arr, slash + 1, type) : -ENOMEM;
				free(type);
			}
			free(mp);
		}
		if (!strcmp(path, "/objects") || !strcmp(path, "objects")) {
			size_t n = 0, k = 0;
			const struct host_memory_backend **v;

			for (const struct host_memory_backend *be = pcms->backends; be; be = be->next)
				n++;
			v = calloc(n ? n : 1, sizeof(*v));
			if (!v)
				r = -ENOMEM;
			for (const struct host_memory_backend *be = pcms->backends; v && be; be = be->next)
				v[n - 1 - k++] = be;	/* oldest first */
			for (size_t i = 0; v && i < n && !r; i++) {
				cpath = mhp_asprintf("child<%s>", hostmem_kind_names[v[i]->kind]);
				r = cpath ? list_add(arr, v[i]->id, cpath) : -ENOMEM;
				free(cpath);
			}
			free(v);
		}
	}
	if (r) {
		json_free(arr);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	*ret = arr;
	return 0;
}
