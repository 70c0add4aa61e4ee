// SPDX-License-Identifier: MIT
/*
 * QMP for the pc machine: the request envelope and capabilities
 * negotiation (qmp_handle_request), argument checking as QEMU's strict
 * QAPI input visitor does it, the command table (object-add/del,
 * device_add/del, the memory queries, qom-get/qom-set, system_reset,
 * human-monitor-command with a few HMP commands), the greeting, and the
 * key order QEMU's hash-table dictionaries give every emitted object.
 * Transport (sockets, line framing, timestamps) is not here; machine
 * behaviour lives in src/hw.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hw_internal.h"
#include "lib/json.h"

/* ---- commands --------------------------------------------------------------- */

typedef int (*qmp_cmd_fn)(struct pc_machine *pcms, const struct json *args, struct json **ret,
			  struct memhp_err *err);

struct qmp_cmd {
	const char *name;
	qmp_cmd_fn fn;
	const struct qapi_member *members;	/* NULL: checked by the command itself */
	size_t nr_members;
	bool check_args;			/* false for device_add ('gen': false) */
};

static int ret_empty(struct json **ret, struct memhp_err *err)
{
	*ret = json_new_object();
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

static const char *arg_str(const struct json *args, const char *name)
{
	return json_string_value(json_object_get(args, name));
}

static int cmd_object_add(struct pc_machine *pcms, const struct json *args, struct json **ret,
			  struct memhp_err *err)
{
	int r = hostmem_object_add(pcms, args, err);

	return r ? r : ret_empty(ret, err);
}

static int cmd_object_del(struct pc_machine *pcms, const struct json *args, struct json **ret,
			  struct memhp_err *err)
{
	int r = hostmem_object_del(pcms, arg_str(args, "id"), err);

	return r ? r : ret_empty(ret, err);
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

static int cmd_device_add(struct pc_machine *pcms, const struct json *args, struct json **ret,
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
		r = ret_empty(ret, err);
out:
	for (size_t i = 0; texts && i < n; i++)
		free(texts[i]);
	free(texts);
	free(keys);
	free(values);
	return r;
}

static int cmd_device_del(struct pc_machine *pcms, const struct json *args, struct json **ret,
			  struct memhp_err *err)
{
	int r = pc_device_del(pcms, arg_str(args, "id"), err);

	return r ? r : ret_empty(ret, err);
}

static int cmd_query_memory_devices(struct pc_machine *pcms, const struct json *args,
				    struct json **ret, struct memhp_err *err)
{
	(void)args;
	*ret = memory_device_query(pcms);
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

static uint64_t plugged_memory(const struct pc_machine *pcms)
{
	uint64_t sum = 0;

	for (const struct memory_device *md = pcms->devices; md; md = md->next)
		sum += memory_device_plugged_size(md);
	return sum;
}

static int cmd_query_memory_size_summary(struct pc_machine *pcms, const struct json *args,
					 struct json **ret, struct memhp_err *err)
{
	struct json *o = json_new_object();

	(void)args;
	if (!o || json_object_set(o, "base-memory", json_new_u64(pcms->ram_size)) ||
	    json_object_set(o, "plugged-memory", json_new_u64(plugged_memory(pcms)))) {
		json_free(o);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	*ret = o;
	return 0;
}

static int cmd_query_memdev(struct pc_machine *pcms, const struct json *args, struct json **ret,
			    struct memhp_err *err)
{
	(void)args;
	*ret = hostmem_query_memdev(pcms);
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

static int cmd_query_acpi_ospm_status(struct pc_machine *pcms, const struct json *args,
				      struct json **ret, struct memhp_err *err)
{
	struct json *arr = acpi_memhp_ospm_status(pcms);

	(void)args;
	for (int c = 0; arr && c < pcms->smp; c++) {
		struct json *o = json_new_object();
		char *slot = mhp_asprintf("%d", c);
		int r = !o || !slot;

		if (!r) {
			r |= json_object_set(o, "slot", json_new_string(slot));
			r |= json_object_set(o, "slot-type", json_new_string("CPU"));
			r |= json_object_set(o, "source", json_new_u64(0));
			r |= json_object_set(o, "status", json_new_u64(0));
		}
		free(slot);
		if (r || json_array_append(arr, o)) {
			if (r)
				json_free(o);
			json_free(arr);
			arr = NULL;
		}
	}
	*ret = arr;
	return arr ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

static int cmd_query_version(struct pc_machine *pcms, const struct json *args, struct json **ret,
			     struct memhp_err *err)
{
	struct json *o = json_new_object(), *q = json_new_object();
	int r = !o || !q;

	(void)pcms;
	(void)args;
	if (!r) {
		r |= json_object_set(q, "major", json_new_u64(7));
		r |= json_object_set(q, "minor", json_new_u64(2));
		r |= json_object_set(q, "micro", json_new_u64(22));
		r |= json_object_set(o, "qemu", q);
		q = NULL;
		r |= json_object_set(o, "package", json_new_string("Debian 1:7.2+dfsg-7+deb12u18+b3"));
	}
	if (r) {
		json_free(o);
		json_free(q);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	*ret = o;
	return 0;
}

/*
 * qemu_system_reset(): the devices reset first (virtio-mem unplugs all its
 * memory, MEMORY_DEVICE_SIZE_CHANGE), then RESET; the guest hears about the
 * virtio-mem reset after that.
 */
static int cmd_system_reset(struct pc_machine *pcms, const struct json *args, struct json **ret,
			    struct memhp_err *err)
{
	struct json *data = json_new_object();

	(void)args;
	if (!data || json_object_set(data, "guest", json_new_bool(false)) ||
	    json_object_set(data, "reason", json_new_string("host-qmp-system-reset"))) {
		json_free(data);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	virtio_mem_system_reset(pcms);
	pc_machine_emit_event(pcms, "RESET", data);
	virtio_mem_reset_notify(pcms);
	return ret_empty(ret, err);
}

/* ---- QOM paths ---------------------------------------------------------------- */

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

static int cmd_qom_get(struct pc_machine *pcms, const struct json *args, struct json **ret,
		       struct memhp_err *err)
{
	const char *prop = arg_str(args, "property");
	struct qom_obj o;
	char type[64];
	int r = qom_resolve(pcms, arg_str(args, "path"), &o, err);

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
		if (o.md->kind == MEMORY_DEVICE_VIRTIO_MEM)
			return virtio_mem_qom_get(pcms, o.md, prop, ret, err);
		return pc_dimm_qom_get(pcms, o.md, prop, ret, err);
	case QOM_BACKEND:
		return hostmem_qom_get(o.be, prop, ret, err);
	default:
		return memhp_err_set(err, -EINVAL, "internal error");
	}
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

static int cmd_qom_set(struct pc_machine *pcms, const struct json *args, struct json **ret,
		       struct memhp_err *err)
{
	const char *prop = arg_str(args, "property");
	struct qom_obj o;
	char type[64];
	int r = qom_resolve(pcms, arg_str(args, "path"), &o, err);

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
		if (o.md->kind == MEMORY_DEVICE_VIRTIO_MEM) {
			r = virtio_mem_qom_set(pcms, o.md, prop, json_object_get(args, "value"), err);
			return r ? r : ret_empty(ret, err);
		}
		return pc_dimm_qom_set(o.md, prop, err);
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

static int cmd_qom_list(struct pc_machine *pcms, const struct json *args, struct json **ret,
			struct memhp_err *err)
{
	/* ObjectPropertyInfo of a pc-dimm, in the order QEMU 7.2 lists them */
	static const char *const dimm_props[][2] = {
		{ "type", "string" }, { "parent_bus", "link<bus>" }, { "realized", "bool" },
		{ "hotplugged", "bool" }, { "hotpluggable", "bool" },
		{ "memdev", "link<memory-backend>" }, { "node", "uint32" }, { "addr", "uint64" },
		{ "legacy-memdev", "str" }, { "slot", "int32" }, { "size", "uint64" },
	};
	const char *path = arg_str(args, "path");
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
	if (o.kind == QOM_DEVICE && o.md->kind == MEMORY_DEVICE_VIRTIO_MEM) {
		for (size_t i = 0; i < virtio_mem_pci_nr_qom_props && !r; i++)
			r = list_add(arr, virtio_mem_pci_qom_props[i].name,
				     virtio_mem_pci_qom_props[i].type);
	} else if (o.kind == QOM_DEVICE) {
		for (size_t i = 0; i < ARRAY_SIZE(dimm_props) && !r; i++)
			r = list_add(arr, dimm_props[i][0], dimm_props[i][1]);
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
						  !strcmp(mp + strlen(mp) - strlen(path), path)))
				r = list_add(arr, slash + 1,
					     md->kind == MEMORY_DEVICE_VIRTIO_MEM ?
					     "child<virtio-mem-pci>" : "child<pc-dimm>");
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

/* ---- HMP ------------------------------------------------------------------------ */

static char *hmp_info_numa(const struct pc_machine *pcms)
{
	char *out = mhp_asprintf("%d nodes\r\n", pcms->nr_nodes);

	for (int i = 0; out && i < pcms->nr_nodes; i++) {
		uint64_t plugged = 0;
		char *n;

		for (const struct memory_device *md = pcms->devices; md; md = md->next)
			if (md->node == (uint32_t)i)
				plugged += memory_device_plugged_size(md);
		n = mhp_asprintf("%snode %d cpus:", out, i);
		free(out);
		out = n;
		for (int c = 0; out && c < pcms->smp; c++) {
			if (pcms->cpu_node[c] != i)
				continue;
			n = mhp_asprintf("%s %d", out, c);
			free(out);
			out = n;
		}
		if (!out)
			break;
		n = mhp_asprintf("%s\r\nnode %d size: %" PRIu64 " MB\r\nnode %d plugged: %" PRIu64 " MB\r\n",
				 out, i, (pcms->nodes[i].node_mem + plugged) >> 20, i, plugged >> 20);
		free(out);
		out = n;
	}
	return out;
}

/* "Error: <msg>\r\n", HMP's way of reporting a failed command. */
static char *hmp_error(const struct memhp_err *e)
{
	return mhp_asprintf("Error: %s\r\n", e->msg);
}

static char *hmp_device_add(struct pc_machine *pcms, const char *arg)
{
	struct memhp_err e = { 0 };

	return pc_device_add_opts(pcms, arg, true, &e) ? hmp_error(&e) : strdup("");
}

static char *hmp_object_add(struct pc_machine *pcms, const char *arg)
{
	struct qemu_opts o;
	struct memhp_err e = { 0 };
	char *out;

	if (qemu_opts_parse(arg, "qom-type", &o))
		return NULL;
	out = hostmem_create_from_opts(pcms, &o, &e) ? hmp_error(&e) : strdup("");
	qemu_opts_fini(&o);
	return out;
}

static int cmd_hmp(struct pc_machine *pcms, const struct json *args, struct json **ret,
		   struct memhp_err *err)
{
	const char *line = arg_str(args, "command-line");
	char *cmd = NULL, *arg, *out = NULL, *end;
	struct memhp_err e = { 0 };

	while (*line == ' ' || *line == '\t')
		line++;
	cmd = strdup(line);
	if (!cmd)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	end = cmd + strlen(cmd);
	while (end > cmd && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
		*--end = 0;
	arg = cmd + strcspn(cmd, " \t");
	if (*arg) {
		*arg++ = 0;
		while (*arg == ' ' || *arg == '\t')
			arg++;
	}

	if (!*cmd) {
		out = strdup("");
	} else if (!strcmp(cmd, "info")) {
		if (!strcmp(arg, "memory-devices"))
			out = memory_device_hmp_info(pcms);
		else if (!strcmp(arg, "memory_size_summary"))
			out = mhp_asprintf("base memory: %" PRIu64 "\r\nplugged memory: %" PRIu64 "\r\n",
					   pcms->ram_size, plugged_memory(pcms));
		else if (!strcmp(arg, "memdev"))
			out = hostmem_hmp_info_memdev(pcms);
		else if (!strcmp(arg, "numa"))
			out = hmp_info_numa(pcms);
		else
			out = mhp_asprintf("Error: HMP command 'info %s' is not supported by memhp\r\n",
					   arg);
	} else if (!strcmp(cmd, "device_add")) {
		out = hmp_device_add(pcms, arg);
	} else if (!strcmp(cmd, "device_del")) {
		out = pc_device_del(pcms, arg, &e) ? hmp_error(&e) : strdup("");
	} else if (!strcmp(cmd, "object_add")) {
		out = hmp_object_add(pcms, arg);
	} else if (!strcmp(cmd, "object_del")) {
		out = hostmem_object_del(pcms, arg, &e) ? hmp_error(&e) : strdup("");
	} else if (!strcmp(cmd, "system_reset")) {
		struct json *r = NULL;

		out = cmd_system_reset(pcms, NULL, &r, &e) ? hmp_error(&e) : strdup("");
		json_free(r);
	} else {
		out = mhp_asprintf("unknown command: '%s'\r\n", cmd);
	}
	free(cmd);
	if (!out)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	*ret = json_new_string(out);
	free(out);
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

/* ---- command table -------------------------------------------------------------- */

static const struct qapi_member id_members[] = {
	{ "id", QAPI_TYPE_STR, true, NULL },
};
static const struct qapi_member qom_get_members[] = {
	{ "path", QAPI_TYPE_STR, true, NULL },
	{ "property", QAPI_TYPE_STR, true, NULL },
};
static const struct qapi_member qom_list_members[] = {
	{ "path", QAPI_TYPE_STR, true, NULL },
};
static const struct qapi_member qom_set_members[] = {
	{ "path", QAPI_TYPE_STR, true, NULL },
	{ "property", QAPI_TYPE_STR, true, NULL },
	{ "value", QAPI_TYPE_ANY, true, NULL },
};
static const struct qapi_member hmp_members[] = {
	{ "command-line", QAPI_TYPE_STR, true, NULL },
	{ "cpu-index", QAPI_TYPE_INT, false, NULL },
};
static const char *const qmp_capability_enum[] = { "oob", NULL };
static const struct qapi_member caps_members[] = {
	{ "enable", QAPI_TYPE_LIST, false, qmp_capability_enum },
};

#define CMD(n, f, m) { n, f, m, ARRAY_SIZE(m), true }
#define CMD0(n, f) { n, f, NULL, 0, true }

static const struct qmp_cmd qmp_cmds[] = {
	{ "object-add", cmd_object_add, NULL, 0, false },	/* union: hostmem checks */
	CMD("object-del", cmd_object_del, id_members),
	{ "device_add", cmd_device_add, NULL, 0, false },	/* 'gen': false */
	CMD("device_del", cmd_device_del, id_members),
	CMD0("query-memory-devices", cmd_query_memory_devices),
	CMD0("query-memory-size-summary", cmd_query_memory_size_summary),
	CMD0("query-memdev", cmd_query_memdev),
	CMD0("query-acpi-ospm-status", cmd_query_acpi_ospm_status),
	CMD0("query-version", cmd_query_version),
	CMD("qom-get", cmd_qom_get, qom_get_members),
	CMD("qom-set", cmd_qom_set, qom_set_members),
	CMD("qom-list", cmd_qom_list, qom_list_members),
	CMD("human-monitor-command", cmd_hmp, hmp_members),
	CMD0("system_reset", cmd_system_reset),
};

/**
 * qmp_execute() - run one QMP command against the machine
 * @pcms: the machine
 * @command: the command name
 * @args: the arguments object, or NULL
 * @ret: the return value (caller frees), keys in QEMU's order
 * @err: QEMU's message and class on failure
 *
 * See include/memhp/hw.h.
 *
 * Return: 0 or a negative errno with @err set.
 */
int qmp_execute(struct pc_machine *pcms, const char *command, const struct json *args,
		struct json **ret, struct memhp_err *err)
{
	const struct qmp_cmd *c = NULL;
	struct json *empty = NULL;
	int r;

	*ret = NULL;
	/* a host command: virtio-mem events held back by the rate limit go out first */
	virtio_mem_host_command(pcms);
	if (!strcmp(command, "qmp_capabilities"))
		return memhp_err_set_class(err, -EINVAL, ERR_CLASS_COMMAND_NOT_FOUND,
					   "Capabilities negotiation is already complete, command ignored");
	for (size_t i = 0; i < ARRAY_SIZE(qmp_cmds); i++)
		if (!strcmp(qmp_cmds[i].name, command))
			c = &qmp_cmds[i];
	if (!c)
		return memhp_err_set_class(err, -ENOENT, ERR_CLASS_COMMAND_NOT_FOUND,
					   "The command %s has not been found", command);
	if (!args) {
		empty = json_new_object();
		if (!empty)
			return memhp_err_set(err, -ENOMEM, "out of memory");
		args = empty;
	}
	if (c->check_args) {
		r = qapi_check_members(args, c->members, c->nr_members, err);
		if (!r)
			r = qapi_check_unexpected(args, c->members, c->nr_members, NULL, err);
		if (r)
			goto out;
	}
	r = c->fn(pcms, args, ret, err);
	if (!r)
		*ret = qapi_order(*ret);
	if (!r && !*ret)
		r = memhp_err_set(err, -ENOMEM, "out of memory");
out:
	json_free(empty);
	return r;
}

/* ---- the request envelope ------------------------------------------------------------ */

static struct json *error_response(const struct memhp_err *e)
{
	struct json *rsp = json_new_object(), *err = json_new_object();

	if (!rsp || !err ||
	    json_object_set(err, "class", json_new_string(memhp_err_class_name(e->cls))) ||
	    json_object_set(err, "desc", json_new_string(e->msg))) {
		json_free(rsp);
		json_free(err);
		return NULL;
	}
	if (json_object_set(rsp, "error", err)) {
		json_free(rsp);
		return NULL;
	}
	return rsp;
}

/**
 * qmp_error_reply() - the reply to input that is no request: a GenericError
 * with @desc (a parse error, a bound of the input passed)
 * Return: the reply object (caller frees), NULL when out of memory.
 */
struct json *qmp_error_reply(const char *desc)
{
	struct memhp_err e = { 0 };

	memhp_err_set(&e, -EINVAL, "%s", desc);
	return qapi_order(error_response(&e));
}

/* qmp_dispatch_check_obj(): the members of the request object itself. */
static int check_request(const struct json *req, struct memhp_err *err)
{
	size_t n = json_object_size(req);
	const char **keys = calloc(n ? n : 1, sizeof(*keys));
	size_t *order = calloc(n ? n : 1, sizeof(*order));
	const char *exec_key = NULL;
	int ret = 0;

	if (!keys || !order) {
		ret = memhp_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = json_object_key_at(req, i);
	qapi_key_order(keys, n, order);
	for (size_t i = 0; i < n && !ret; i++) {
		const char *k = keys[order[i]];
		const struct json *v = json_object_value_at(req, order[i]);

		if (!strcmp(k, "execute") || !strcmp(k, "exec-oob")) {
			if (json_type_of(v) != JSON_STRING)
				ret = memhp_err_set(err, -EINVAL, "QMP input member '%s' must be a string", k);
			else if (exec_key)
				ret = memhp_err_set(err, -EINVAL, "QMP input member '%s' clashes with '%s'",
						    k, exec_key);
			exec_key = k;
		} else if (!strcmp(k, "arguments")) {
			if (json_type_of(v) != JSON_OBJECT)
				ret = memhp_err_set(err, -EINVAL,
						    "QMP input member 'arguments' must be an object");
		} else if (strcmp(k, "id")) {
			ret = memhp_err_set(err, -EINVAL, "QMP input member '%s' is unexpected", k);
		}
	}
	if (!ret && !exec_key)
		ret = memhp_err_set(err, -EINVAL, "QMP input lacks member 'execute'");
out:
	free(keys);
	free(order);
	return ret;
}

/**
 * qmp_handle_request() - one whole request object, as it arrives on the wire
 * @pcms: the machine
 * @s: the client's session
 * @req: the parsed request
 *
 * See include/memhp/hw.h.  Before negotiation every command but
 * qmp_capabilities fails with CommandNotFound "Expecting capabilities
 * negotiation with 'qmp_capabilities'"; "id" is echoed after the result.
 *
 * Return: the reply object (caller frees), NULL only on allocation failure.
 */
struct json *qmp_handle_request(struct pc_machine *pcms, struct qmp_session *s,
				const struct json *req)
{
	struct memhp_err e = { 0 };
	struct json *ret = NULL, *rsp = NULL;
	const struct json *id = NULL, *args;
	const char *cmd;
	int r;

	if (json_type_of(req) != JSON_OBJECT) {
		memhp_err_set(&e, -EINVAL, "QMP input must be a JSON object");
		return qapi_order(error_response(&e));
	}
	id = json_object_get(req, "id");
	r = check_request(req, &e);
	if (r)
		goto respond;
	cmd = json_string_value(json_object_get(req, "execute"));
	if (!cmd) {
		/* exec-oob: no command here allows out-of-band execution */
		cmd = json_string_value(json_object_get(req, "exec-oob"));
		r = memhp_err_set(&e, -EINVAL, "The command %s does not support OOB", cmd);
		goto respond;
	}
	args = json_object_get(req, "arguments");
	if (!strcmp(cmd, "qmp_capabilities")) {
		if (s->negotiated) {
			r = memhp_err_set_class(&e, -EINVAL, ERR_CLASS_COMMAND_NOT_FOUND,
						"Capabilities negotiation is already complete, command ignored");
			goto respond;
		}
		r = qapi_check_members(args, caps_members, ARRAY_SIZE(caps_members), &e);
		if (!r)
			r = qapi_check_unexpected(args, caps_members, ARRAY_SIZE(caps_members), NULL, &e);
		if (!r) {
			s->negotiated = true;
			r = ret_empty(&ret, &e);
		}
		goto respond;
	}
	if (!s->negotiated) {
		r = memhp_err_set_class(&e, -EINVAL, ERR_CLASS_COMMAND_NOT_FOUND,
					"Expecting capabilities negotiation with 'qmp_capabilities'");
		goto respond;
	}
	r = qmp_execute(pcms, cmd, args, &ret, &e);
respond:
	if (r) {
		rsp = error_response(&e);
	} else {
		rsp = json_new_object();
		if (rsp) {
			/* json_object_set() owns ret from here, also when it fails */
			if (json_object_set(rsp, "return", ret)) {
				json_free(rsp);
				rsp = NULL;
			}
			ret = NULL;
		}
	}
	json_free(ret);
	if (rsp && id && json_object_set(rsp, "id", json_clone(id))) {
		json_free(rsp);
		rsp = NULL;
	}
	return qapi_order(rsp);
}

/**
 * qmp_greeting() - the greeting QEMU 7.2 (Debian) sends on connect
 *
 * Return: {"QMP": {"version": ..., "capabilities": ["oob"]}} (caller
 * frees), or NULL on allocation failure.
 */
struct json *qmp_greeting(void)
{
	struct json *ver = NULL, *qmp = json_new_object(), *g = json_new_object();
	struct json *caps = json_new_array();
	struct memhp_err e = { 0 };
	int r = !qmp || !g || !caps;

	if (!r)
		r = cmd_query_version(NULL, NULL, &ver, &e);
	if (!r) {
		r |= json_array_append(caps, json_new_string("oob"));
		r |= json_object_set(qmp, "version", ver);
		r |= json_object_set(qmp, "capabilities", caps);
		caps = NULL;
		r |= json_object_set(g, "QMP", qmp);
		qmp = NULL;
	}
	if (r) {
		json_free(qmp);
		json_free(g);
		json_free(caps);
		return NULL;
	}
	return qapi_order(g);
}
