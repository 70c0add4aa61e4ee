// SPDX-License-Identifier: MIT
/*
 * Memory backend objects (/objects/<id>): memory-backend-ram, -file and
 * memory-backend-memfd, created from -object or QMP object-add and removed
 * by object-del, with QEMU's checks and messages; the mapped ("busy") flag
 * that memory devices, NUMA nodes and the machine RAM set; query-memdev and
 * HMP "info memdev".  Placement and devices live in memory_device.c and
 * pc_dimm.c; nothing here knows guest addresses.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hostmem.h"
#include "hw/pc.h"
#include "lib/json.h"
#include "qapi/qapi.h"

const char *const hostmem_kind_names[HOSTMEM_KIND_COUNT] = {
	[HOSTMEM_RAM] = "memory-backend-ram",
	[HOSTMEM_MEMFD] = "memory-backend-memfd",
	[HOSTMEM_FILE] = "memory-backend-file",
};

const char *const hostmem_policy_names[HOSTMEM_POLICY_COUNT] = {
	[HOSTMEM_POLICY_DEFAULT] = "default",
	[HOSTMEM_POLICY_PREFERRED] = "preferred",
	[HOSTMEM_POLICY_BIND] = "bind",
	[HOSTMEM_POLICY_INTERLEAVE] = "interleave",
};

static const char *const policy_enum[] = {
	"default", "preferred", "bind", "interleave", NULL
};

/*
 * QEMU 7.2's ObjectType values (qapi/qom.json).  A valid type that memhp
 * does not model is refused with a message saying so; an invalid one gets
 * QEMU's enum error.
 */
static const char *const object_type_enum[] = {
	"authz-list", "authz-listfile", "authz-pam", "authz-simple", "can-bus",
	"can-host-socketcan", "colo-compare", "cryptodev-backend",
	"cryptodev-backend-builtin", "cryptodev-vhost-user", "dbus-vmstate",
	"filter-buffer", "filter-dump", "filter-mirror", "filter-redirector",
	"filter-replay", "filter-rewriter", "input-barrier", "input-linux",
	"iothread", "main-loop", "memory-backend-epc", "memory-backend-file",
	"memory-backend-memfd", "memory-backend-ram", "pef-guest",
	"pr-manager-helper", "qtest", "rng-builtin", "rng-egd", "rng-random",
	"secret", "secret_keyring", "sev-guest", "thread-context", "s390-pv-guest",
	"throttle-group", "tls-creds-anon", "tls-creds-psk", "tls-creds-x509",
	"tls-cipher-suites", "x-remote-object", "x-vfio-user-server", NULL
};

/* MemoryBackendProperties, in schema order (the order QEMU visits them). */
static const struct qapi_member backend_members[] = {
	{ "dump", QAPI_TYPE_BOOL, false, NULL },
	{ "host-nodes", QAPI_TYPE_LIST, false, NULL },
	{ "merge", QAPI_TYPE_BOOL, false, NULL },
	{ "policy", QAPI_TYPE_ENUM, false, policy_enum },
	{ "prealloc", QAPI_TYPE_BOOL, false, NULL },
	{ "prealloc-threads", QAPI_TYPE_UINT32, false, NULL },
	{ "prealloc-context", QAPI_TYPE_STR, false, NULL },
	{ "share", QAPI_TYPE_BOOL, false, NULL },
	{ "reserve", QAPI_TYPE_BOOL, false, NULL },
	{ "size", QAPI_TYPE_UINT64, true, NULL },
	{ "x-use-canonical-path-for-ramblock-id", QAPI_TYPE_BOOL, false, NULL },
};

/* MemoryBackendMemfdProperties adds these after the base members. */
static const struct qapi_member memfd_members[] = {
	{ "hugetlb", QAPI_TYPE_BOOL, false, NULL },
	{ "hugetlbsize", QAPI_TYPE_UINT64, false, NULL },
	{ "seal", QAPI_TYPE_BOOL, false, NULL },
};

/* MemoryBackendFileProperties adds these. */
static const struct qapi_member file_members[] = {
	{ "align", QAPI_TYPE_UINT64, false, NULL },
	{ "discard-data", QAPI_TYPE_BOOL, false, NULL },
	{ "mem-path", QAPI_TYPE_STR, true, NULL },
	{ "pmem", QAPI_TYPE_BOOL, false, NULL },
	{ "readonly", QAPI_TYPE_BOOL, false, NULL },
};

#define HOSTMEM_MAX_MAP_SIZE	(1ULL << 47)


/**
 * hostmem_find() - the backend /objects/<id>
 * @pcms: the machine
 * @id: its id
 *
 * Return: the backend, or NULL if there is none.
 */
struct host_memory_backend *hostmem_find(const struct pc_machine *pcms, const char *id)
{
	struct host_memory_backend *be;

	for (be = pcms->backends; be; be = be->next)
		if (!strcmp(be->id, id))
			return be;
	return NULL;
}

static int kind_from_name(const char *name)
{
	for (int k = 0; k < HOSTMEM_KIND_COUNT; k++)
		if (!strcmp(hostmem_kind_names[k], name))
			return k;
	return -1;
}

static bool enum_has(const char *const *values, const char *s)
{
	for (; *values; values++)
		if (!strcmp(*values, s))
			return true;
	return false;
}

/* QEMU's id_wellformed(): a letter, then letters, digits, '-', '.', '_'. */
static bool id_wellformed(const char *id)
{
	if (!((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z')))
		return false;
	for (const char *p = id + 1; *p; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
			return false;
	}
	return true;
}

static void backend_defaults(struct host_memory_backend *be, enum hostmem_kind kind)
{
	be->kind = kind;
	be->merge = true;
	be->dump = true;
	be->prealloc = false;
	be->share = kind == HOSTMEM_MEMFD;	/* memfd defaults to share=on */
	/* Legacy: the file's page size is taken as 4 KiB (tmpfs), hugetlbfs is not modelled */
	be->reserve = true;
	be->policy = HOSTMEM_POLICY_DEFAULT;
	be->align = kind == HOSTMEM_RAM ? PC_HOSTMEM_RAM_ALIGN : PC_TARGET_PAGE_SIZE;
}

/*
 * The checks QEMU makes when the object is completed and added to
 * /objects, in its order: the size setter, the id, the child property.
 */
static int backend_commit(struct pc_machine *pcms, struct host_memory_backend *tmpl,
			  const char *id, struct memhp_err *err)
{
	struct host_memory_backend *be;

	if (!tmpl->size)
		return memhp_err_set(err, -EINVAL,
				     "property 'size' of %s doesn't take value '0'",
				     hostmem_kind_names[tmpl->kind]);
	if (!tmpl->reserve && tmpl->prealloc)
		return memhp_err_set(err, -EINVAL,
				     "'prealloc=on' and 'reserve=off' are incompatible");
	if (hostmem_find(pcms, id))
		return memhp_err_set(err, -EEXIST,
				     "attempt to add duplicate property '%s' to object (type 'container')",
				     id);
	/* mmap() cannot map more than the 128 TiB user address space */
	if (tmpl->size > HOSTMEM_MAX_MAP_SIZE)
		return memhp_err_set(err, -ENOMEM, "cannot set up guest memory '%s': Cannot allocate memory",
				     id);
	be = calloc(1, sizeof(*be));
	if (!be)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	*be = *tmpl;
	be->id = strdup(id);
	if (!be->id) {
		free(be);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	be->next = pcms->backends;
	pcms->backends = be;
	return 0;
}

/**
 * hostmem_create_from_opts() - create a backend from an -object option list
 * @pcms: the machine
 * @o: the parsed options ("qom-type" is the implied first key)
 * @err: QEMU's message on failure
 *
 * Return: 0, -EINVAL (bad or unsupported option), -EEXIST (duplicate id),
 * -ENOMEM.
 */
int hostmem_create_from_opts(struct pc_machine *pcms, const struct qemu_opts *o,
			     struct memhp_err *err)
{
	struct host_memory_backend tmpl = { 0 };
	const char *type = qemu_opts_get(o, "qom-type");
	const char *id = qemu_opts_get(o, "id");
	const char *size = NULL;
	int kind, ret;

	if (!type)
		return memhp_err_set(err, -EINVAL, "Parameter 'qom-type' is missing");
	if (!enum_has(object_type_enum, type))
		return memhp_err_set(err, -EINVAL,
				     "Parameter 'qom-type' does not accept value '%s'", type);
	kind = kind_from_name(type);
	if (kind < 0)
		return memhp_err_set(err, -EINVAL,
				     "-object %s is not supported by memhp (only memory-backend-ram, -memfd and -file)",
				     type);
	if (!id)
		return memhp_err_set(err, -EINVAL, "Parameter 'id' is missing");
	backend_defaults(&tmpl, kind);
	for (size_t i = 0; i < o->nr; i++) {
		const char *k = o->opts[i].key, *v = o->opts[i].value;

		ret = 0;
		if (!strcmp(k, "qom-type") || !strcmp(k, "id"))
			continue;
		if (!strcmp(k, "size")) {
			size = v ? v : "";
			if (qemu_opt_parse_size(size, &tmpl.size))
				return memhp_err_set(err, -EINVAL, "Parameter 'size' expects size");
		} else if (!strcmp(k, "merge")) {
			ret = qemu_opt_parse_bool(k, v, &tmpl.merge, err);
		} else if (!strcmp(k, "dump")) {
			ret = qemu_opt_parse_bool(k, v, &tmpl.dump, err);
		} else if (!strcmp(k, "prealloc")) {
			ret = qemu_opt_parse_bool(k, v, &tmpl.prealloc, err);
		} else if (!strcmp(k, "share")) {
			ret = qemu_opt_parse_bool(k, v, &tmpl.share, err);
		} else if (!strcmp(k, "reserve")) {
			ret = qemu_opt_parse_bool(k, v, &tmpl.reserve, err);
		} else if (kind == HOSTMEM_FILE && !strcmp(k, "mem-path")) {
			ret = 0;
		} else if (kind == HOSTMEM_FILE && !strcmp(k, "align")) {
			uint64_t a;

			if (!v || qemu_opt_parse_size(v, &a))
				return memhp_err_set(err, -EINVAL, "Parameter 'align' expects size");
			if (a > tmpl.align)
				tmpl.align = a;
		} else if (!strcmp(k, "policy")) {
			if (!v || strcmp(v, "default"))
				return memhp_err_set(err, -EINVAL,
						     "policy=%s is not supported by memhp", v ? v : "");
			ret = 0;
		} else {
			return memhp_err_set(err, -EINVAL, "Parameter '%s' is unexpected", k);
		}
		if (ret)
			return ret;
	}
	if (!size)
		return memhp_err_set(err, -EINVAL, "Parameter 'size' is missing");
	if (kind == HOSTMEM_FILE && !qemu_opts_get(o, "mem-path"))
		return memhp_err_set(err, -EINVAL, "Parameter 'mem-path' is missing");
	if (!id_wellformed(id))
		return memhp_err_set(err, -EINVAL, "Parameter 'id' expects an identifier");
	return backend_commit(pcms, &tmpl, id, err);
}

/**
 * hostmem_object_add() - QMP object-add
 * @pcms: the machine
 * @args: the command arguments
 * @err: QEMU's message on failure
 *
 * Return: 0, -EINVAL, -EEXIST, -ENOMEM.
 */
int hostmem_object_add(struct pc_machine *pcms, const struct json *args, struct memhp_err *err)
{
	static const struct qapi_member head[] = {
		{ "qom-type", QAPI_TYPE_STR, true, NULL },
		{ "id", QAPI_TYPE_STR, true, NULL },
	};
	static const char *const head_names[] = { "qom-type", "id", NULL };
	struct host_memory_backend tmpl = { 0 };
	const struct json *v;
	const char *type, *id;
	int kind, ret;
	uint64_t u = 0;

	ret = qapi_check_members(args, head, 1, err);
	if (ret)
		return ret;
	type = json_string_value(json_object_get(args, "qom-type"));
	if (!enum_has(object_type_enum, type))
		return memhp_err_set(err, -EINVAL,
				     "Parameter 'qom-type' does not accept value '%s'", type);
	ret = qapi_check_members(args, head + 1, 1, err);
	if (ret)
		return ret;
	id = json_string_value(json_object_get(args, "id"));
	kind = kind_from_name(type);
	if (kind < 0)
		return memhp_err_set(err, -EINVAL,
				     "object-add of '%s' is not supported by memhp (only memory-backend-ram, -memfd and -file)",
				     type);
	ret = qapi_check_members(args, backend_members, ARRAY_SIZE(backend_members), err);
	if (ret)
		return ret;
	if (kind == HOSTMEM_MEMFD) {
		ret = qapi_check_members(args, memfd_members, ARRAY_SIZE(memfd_members), err);
		if (ret)
			return ret;
	}
	if (kind == HOSTMEM_FILE) {
		ret = qapi_check_members(args, file_members, ARRAY_SIZE(file_members), err);
		if (ret)
			return ret;
	}
	{
		/* every member name the union accepts for this type */
		struct qapi_member all[ARRAY_SIZE(backend_members) + ARRAY_SIZE(memfd_members) +
				       ARRAY_SIZE(file_members)];
		size_t n = 0;

		for (size_t i = 0; i < ARRAY_SIZE(backend_members); i++)
			all[n++] = backend_members[i];
		if (kind == HOSTMEM_MEMFD)
			for (size_t i = 0; i < ARRAY_SIZE(memfd_members); i++)
				all[n++] = memfd_members[i];
		if (kind == HOSTMEM_FILE)
			for (size_t i = 0; i < ARRAY_SIZE(file_members); i++)
				all[n++] = file_members[i];
		ret = qapi_check_unexpected(args, all, n, head_names, err);
		if (ret)
			return ret;
	}

	backend_defaults(&tmpl, kind);
	if ((v = json_object_get(args, "merge")))
		tmpl.merge = json_bool_value(v);
	if ((v = json_object_get(args, "dump")))
		tmpl.dump = json_bool_value(v);
	if ((v = json_object_get(args, "prealloc")))
		tmpl.prealloc = json_bool_value(v);
	if ((v = json_object_get(args, "share")))
		tmpl.share = json_bool_value(v);
	if ((v = json_object_get(args, "reserve")))
		tmpl.reserve = json_bool_value(v);
	if ((v = json_object_get(args, "host-nodes")) && json_array_size(v))
		return memhp_err_set(err, -EINVAL, "host-nodes is not supported by memhp");
	if ((v = json_object_get(args, "policy")) && strcmp(json_string_value(v), "default"))
		return memhp_err_set(err, -EINVAL, "policy '%s' is not supported by memhp",
				     json_string_value(v));
	if (json_object_get(args, "prealloc-context"))
		return memhp_err_set(err, -EINVAL, "prealloc-context is not supported by memhp");
	if (kind == HOSTMEM_FILE && (v = json_object_get(args, "align"))) {
		json_number_u64(v, &u);
		if (u > tmpl.align)
			tmpl.align = u;
	}
	if ((v = json_object_get(args, "hugetlb")) && json_bool_value(v))
		return memhp_err_set(err, -EINVAL, "hugetlb is not supported by memhp");
	if (json_number_u64(json_object_get(args, "size"), &u)) {
		int64_t s;

		/* QEMU's uint64 visitor accepts negative integers and wraps them */
		json_number_i64(json_object_get(args, "size"), &s);
		u = (uint64_t)s;
	}
	tmpl.size = u;
	if (!id_wellformed(id))
		return memhp_err_set(err, -EINVAL, "Parameter 'id' expects an identifier");
	return backend_commit(pcms, &tmpl, id, err);
}

/**
 * hostmem_object_del() - QMP object-del of a backend
 * @pcms: the machine
 * @id: the object id
 * @err: QEMU's message on failure
 *
 * Return: 0, -ENOENT (no such object), -EBUSY (mapped).
 */
int hostmem_object_del(struct pc_machine *pcms, const char *id, struct memhp_err *err)
{
	struct host_memory_backend **pp, *be;

	for (pp = &pcms->backends; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->id, id))
			break;
	be = *pp;
	if (!be)
		return memhp_err_set(err, -ENOENT, "object '%s' not found", id);
	if (be->mapped)
		return memhp_err_set(err, -EBUSY, "object '%s' is in use, can not be deleted", id);
	*pp = be->next;
	free(be->id);
	free(be);
	return 0;
}

/**
 * hostmem_free_all() - free every backend of the machine
 * @pcms: the machine
 */
void hostmem_free_all(struct pc_machine *pcms)
{
	while (pcms->backends) {
		struct host_memory_backend *be = pcms->backends;

		pcms->backends = be->next;
		free(be->id);
		free(be);
	}
}

static struct json *memdev_info(const struct host_memory_backend *be)
{
	struct json *o = json_new_object();

	if (!o)
		return NULL;
	/* QAPI Memdev member order; qapi_order() sorts them as QEMU prints */
	if (json_object_set(o, "id", json_new_string(be->id)) ||
	    json_object_set(o, "size", json_new_u64(be->size)) ||
	    json_object_set(o, "merge", json_new_bool(be->merge)) ||
	    json_object_set(o, "dump", json_new_bool(be->dump)) ||
	    json_object_set(o, "prealloc", json_new_bool(be->prealloc)) ||
	    json_object_set(o, "share", json_new_bool(be->share)) ||
	    json_object_set(o, "reserve", json_new_bool(be->reserve)) ||
	    json_object_set(o, "host-nodes", json_new_array()) ||
	    json_object_set(o, "policy", json_new_string(hostmem_policy_names[be->policy]))) {
		json_free(o);
		return NULL;
	}
	return o;
}

/**
 * hostmem_query_memdev() - the query-memdev list
 * @pcms: the machine
 *
 * Newest backend first, as QEMU lists them (the implicit pc.ram, created
 * before any QMP object, comes last).
 *
 * Return: a JSON array, or NULL on allocation failure.
 */
struct json *hostmem_query_memdev(const struct pc_machine *pcms)
{
	struct json *arr = json_new_array();

	if (!arr)
		return NULL;
	for (const struct host_memory_backend *be = pcms->backends; be; be = be->next) {
		if (json_array_append(arr, memdev_info(be))) {
			json_free(arr);
			return NULL;
		}
	}
	return arr;
}

/**
 * hostmem_hmp_info_memdev() - HMP "info memdev"
 * @pcms: the machine
 *
 * Return: malloc'd text with "\r\n" line ends, or NULL on allocation failure.
 */
char *hostmem_hmp_info_memdev(const struct pc_machine *pcms)
{
	char *out = strdup("");

	for (const struct host_memory_backend *be = pcms->backends; be && out; be = be->next) {
		char *n = mhp_asprintf("%smemory backend: %s\r\n  size:  %llu\r\n  merge: %s\r\n"
				       "  dump: %s\r\n  prealloc: %s\r\n  share: %s\r\n"
				       "  reserve: %s\r\n  policy: %s\r\n  host nodes: \r\n",
				       out, be->id, (unsigned long long)be->size,
				       be->merge ? "true" : "false", be->dump ? "true" : "false",
				       be->prealloc ? "true" : "false", be->share ? "true" : "false",
				       be->reserve ? "true" : "false", hostmem_policy_names[be->policy]);
		free(out);
		out = n;
	}
	if (out) {
		char *n = mhp_asprintf("%s\r\n", out);

		free(out);
		out = n;
	}
	return out;
}

/**
 * hostmem_qom_get() - qom-get on /objects/<id>
 * @be: the backend
 * @prop: the property name
 * @ret: the value
 * @err: QEMU's message on failure
 *
 * Return: 0, -ENOENT (no such property), -ENOMEM.
 */
int hostmem_qom_get(const struct host_memory_backend *be, const char *prop,
		    struct json **ret, struct memhp_err *err)
{
	if (!strcmp(prop, "size"))
		*ret = json_new_u64(be->size);
	else if (!strcmp(prop, "merge"))
		*ret = json_new_bool(be->merge);
	else if (!strcmp(prop, "dump"))
		*ret = json_new_bool(be->dump);
	else if (!strcmp(prop, "prealloc"))
		*ret = json_new_bool(be->prealloc);
	else if (!strcmp(prop, "share"))
		*ret = json_new_bool(be->share);
	else if (!strcmp(prop, "reserve"))
		*ret = json_new_bool(be->reserve);
	else if (!strcmp(prop, "policy"))
		*ret = json_new_string(hostmem_policy_names[be->policy]);
	else if (!strcmp(prop, "host-nodes"))
		*ret = json_new_array();
	else if (!strcmp(prop, "type"))
		*ret = json_new_string(hostmem_kind_names[be->kind]);
	else
		return memhp_err_set(err, -ENOENT, "Property '%s.%s' not found",
				     hostmem_kind_names[be->kind], prop);
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}
