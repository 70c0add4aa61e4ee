// SPDX-License-Identifier: MIT
/*
 * The property rules of memory devices, shared by every class: one table
 * per class (struct memory_device_prop) answers device_add's option
 * parsing, qom-get and qom-set with QEMU's messages (qom-list reads the
 * table directly).  Also the parsers and getters several classes use,
 * and the memdev link's resolution.  The rules themselves are written
 * beside struct memory_device_prop in memory_device.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hostmem.h"
#include "hw/memory_device.h"
#include "hw/pc.h"
#include "lib/json.h"
#include "qapi/qapi.h"

/**
 * memory_device_prop_find() - the property @name of @cls
 * @cls: the class
 * @name: the property name
 *
 * Return: its table entry, or NULL.
 */
const struct memory_device_prop *memory_device_prop_find(const struct memory_device_class *cls,
							 const char *name)
{
	for (size_t i = 0; i < cls->nr_props; i++)
		if (!strcmp(cls->props[i].name, name))
			return &cls->props[i];
	return NULL;
}

static const char *prop_owner(const struct memory_device_class *cls,
			      const struct memory_device_prop *p)
{
	return p->owner ? p->owner : cls->name;
}

/**
 * memory_device_tmpl_init() - a new device_add template: the properties'
 * defaults, then the class's machine-dependent ones
 * @pcms: the machine
 * @cls: the class
 * @tmpl: @cls->tmpl_size zeroed bytes
 *
 * Return: 0, or -EINVAL if a default does not parse (a broken table).
 */
int memory_device_tmpl_init(const struct pc_machine *pcms, const struct memory_device_class *cls,
			    void *tmpl)
{
	for (size_t i = 0; i < cls->nr_props; i++) {
		const struct memory_device_prop *p = &cls->props[i];

		if (!p->def)
			continue;
		if (MEMHP_WARN_ON_ONCE(!p->parse ||
				       p->parse(pcms, (char *)tmpl + p->offset, p->name, p->def, NULL)))
			return -EINVAL;
	}
	if (cls->init)
		cls->init(pcms, tmpl);
	return 0;
}

/**
 * memory_device_set_prop() - one device_add property, before realize
 * (object_set_properties_from_qdict())
 * @pcms: the machine
 * @cls: the device's class
 * @tmpl: its template
 * @name: the property
 * @val: its QemuOpts text
 * @err: QEMU's message on failure
 *
 * Return: 0, -EINVAL, -ENODEV (memdev not found), -EOPNOTSUPP (a property
 * memhp does not model).
 */
int memory_device_set_prop(const struct pc_machine *pcms, const struct memory_device_class *cls,
			   void *tmpl, const char *name, const char *val, struct memhp_err *err)
{
	const struct memory_device_prop *p = memory_device_prop_find(cls, name);

	if (!p)
		return memhp_err_set(err, -EINVAL, "Property '%s.%s' not found", cls->name, name);
	if (p->parse)
		return p->parse(pcms, (char *)tmpl + p->offset, name, val, err);
	if (!strcmp(name, "realized"))
		return memhp_err_set(err, -EINVAL,
				     "setting 'realized' with device_add is not supported by memhp");
	if (p->qdev)
		return memhp_err_set(err, -EOPNOTSUPP, "property '%s' of %s is not supported by memhp",
				     name, cls->name);
	return memhp_err_set(err, -EINVAL, "Property '%s.%s' is not writable", prop_owner(cls, p),
			     name);
}

/**
 * memory_device_prop_ret() - hand a getter's new value back
 * @v: the value (NULL: allocation failed)
 * @ret: where it goes
 * @err: "out of memory" when @v is NULL
 *
 * Return: 0 or -ENOMEM.
 */
int memory_device_prop_ret(struct json *v, struct json **ret, struct memhp_err *err)
{
	*ret = v;
	return v ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

/**
 * memory_device_qom_get() - qom-get on a memory device
 * @md: the device
 * @name: the property
 * @ret: the value (caller frees)
 * @err: QEMU's message on failure
 *
 * Return: 0, -ENOENT (no such property), -EOPNOTSUPP (a value memhp does
 * not model), -ENOMEM.
 */
int memory_device_qom_get(const struct memory_device *md, const char *name, struct json **ret,
			  struct memhp_err *err)
{
	const struct memory_device_prop *p = memory_device_prop_find(md->cls, name);
	char *path, *s;

	if (!p)
		return memhp_err_set(err, -ENOENT, "Property '%s.%s' not found", md->cls->name, name);
	if (p->get)
		return p->get(md, name, ret, err);
	if (!strncmp(p->type, "child<", 6)) {
		/* a child's value is its canonical path */
		path = memory_device_qom_path(md);
		s = path ? mhp_asprintf("%s/%s", path, name) : NULL;
		free(path);
		memory_device_prop_ret(s ? json_new_string(s) : NULL, ret, err);
		free(s);
		return *ret ? 0 : -ENOMEM;
	}
	return memhp_err_set(err, -EOPNOTSUPP, "qom-get of '%s' of %s is not supported by memhp",
			     name, md->cls->name);
}

/**
 * memory_device_qom_set() - qom-set on a realized memory device
 * @pcms: the machine
 * @md: the device
 * @name: the property
 * @value: the JSON value
 * @err: QEMU's message on failure
 *
 * Return: 0, -EINVAL (read-only, after realize, a bad value), -ENOENT (no
 * such property), or what the property's setter returns.
 */
int memory_device_qom_set(struct pc_machine *pcms, struct memory_device *md, const char *name,
			  const struct json *value, struct memhp_err *err)
{
	const struct memory_device_class *cls = md->cls;
	const struct memory_device_prop *p = memory_device_prop_find(cls, name);

	if (!p)
		return memhp_err_set(err, -ENOENT, "Property '%s.%s' not found", cls->name, name);
	if (p->set)
		return p->set(pcms, md, value, err);
	if (!strcmp(name, "realized"))
		return memhp_err_set(err, -EINVAL, "qom-set of 'realized' is not supported by memhp");
	if (p->qdev) {
		/* an inner device (p->owner) is anonymous */
		if (md->id && !p->owner)
			return memhp_err_set(err, -EINVAL,
					     "Attempt to set property '%s' on device '%s' (type '%s') after it was realized",
					     name, md->id, cls->name);
		return memhp_err_set(err, -EINVAL,
				     "Attempt to set property '%s' on anonymous device (type '%s') after it was realized",
				     name, prop_owner(cls, p));
	}
	return memhp_err_set(err, -EINVAL, "Property '%s.%s' is not writable", prop_owner(cls, p),
			     name);
}

/**
 * memory_device_resolve_memdev() - resolve a memdev link as QEMU's
 * object_resolve_link()
 * @pcms: the machine
 * @path: the link value: a backend id or (partial or absolute) QOM path
 * @out: the backend
 * @err: QEMU's message on failure
 *
 * Another existing object is the wrong type; anything else is DeviceNotFound.
 *
 * Return: 0, -EINVAL (not a backend), -ENODEV (not found).
 */
int memory_device_resolve_memdev(const struct pc_machine *pcms, const char *path,
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

/* ---- shared parsers ------------------------------------------------------- */

/** mdev_parse_u64() - a uint64 qdev property ("expects integer"). */
int mdev_parse_u64(const struct pc_machine *pcms, void *field, const char *name, const char *val,
		   struct memhp_err *err)
{
	(void)pcms;
	return qemu_opt_prop_uint(name, val, UINT64_MAX, field, err);
}

/** mdev_parse_u32() - a uint32 qdev property ("expects integer", "expects uint32_t"). */
int mdev_parse_u32(const struct pc_machine *pcms, void *field, const char *name, const char *val,
		   struct memhp_err *err)
{
	uint64_t u;
	int ret = qemu_opt_prop_uint(name, val, UINT32_MAX, &u, err);

	(void)pcms;
	if (!ret)
		*(uint32_t *)field = (uint32_t)u;
	return ret;
}

/** mdev_parse_size() - a size qdev property (suffixes allowed, "expects size"). */
int mdev_parse_size(const struct pc_machine *pcms, void *field, const char *name, const char *val,
		    struct memhp_err *err)
{
	(void)pcms;
	if (qemu_opt_parse_size(val, field))
		return memhp_err_set(err, -EINVAL, "Parameter '%s' expects size", name);
	return 0;
}

/** mdev_parse_bool() - a bool qdev property ("expects 'on' or 'off'"). */
int mdev_parse_bool(const struct pc_machine *pcms, void *field, const char *name, const char *val,
		    struct memhp_err *err)
{
	(void)pcms;
	return qemu_opt_parse_bool(name, val, field, err);
}

/** mdev_parse_memdev() - the memdev link; an empty path clears it. */
int mdev_parse_memdev(const struct pc_machine *pcms, void *field, const char *name,
		      const char *val, struct memhp_err *err)
{
	struct host_memory_backend **be = field;

	(void)name;
	*be = NULL;
	if (!*val)
		return 0;
	return memory_device_resolve_memdev(pcms, val, be, err);
}

/* ---- shared getters ------------------------------------------------------- */

/** mdev_get_addr() - the device's address (pc-dimm "addr", virtio-mem "memaddr"). */
int mdev_get_addr(const struct memory_device *md, const char *name, struct json **ret,
		  struct memhp_err *err)
{
	(void)name;
	return memory_device_prop_ret(json_new_u64(md->addr), ret, err);
}

/** mdev_get_node() - "node". */
int mdev_get_node(const struct memory_device *md, const char *name, struct json **ret,
		  struct memhp_err *err)
{
	(void)name;
	return memory_device_prop_ret(json_new_u64(md->node), ret, err);
}

/** mdev_get_memdev() - "memdev": the backend's canonical path. */
int mdev_get_memdev(const struct memory_device *md, const char *name, struct json **ret,
		    struct memhp_err *err)
{
	char *s = mhp_asprintf("/objects/%s", md->memdev->id);

	(void)name;
	memory_device_prop_ret(s ? json_new_string(s) : NULL, ret, err);
	free(s);
	return *ret ? 0 : -ENOMEM;
}

/** mdev_get_type() - "type": the class name. */
int mdev_get_type(const struct memory_device *md, const char *name, struct json **ret,
		  struct memhp_err *err)
{
	(void)name;
	return memory_device_prop_ret(json_new_string(md->cls->name), ret, err);
}

/** mdev_get_true() - a property that is always true on a realized device. */
int mdev_get_true(const struct memory_device *md, const char *name, struct json **ret,
		  struct memhp_err *err)
{
	(void)md;
	(void)name;
	return memory_device_prop_ret(json_new_bool(true), ret, err);
}

/** mdev_get_hotplugged() - "hotplugged". */
int mdev_get_hotplugged(const struct memory_device *md, const char *name, struct json **ret,
			struct memhp_err *err)
{
	(void)name;
	return memory_device_prop_ret(json_new_bool(md->hotplugged), ret, err);
}
