// SPDX-License-Identifier: MIT
/*
 * /sys/module (kernel/params.c, kernel/module/sysfs.c): the built-in
 * modules the build shows (profile data: parameters, version, drivers) and
 * a directory per loaded loadable module with its state, references,
 * holders and drivers from the module table, and its image (core size,
 * sections, notes, srcversion) from the profile.  The parameters memhp
 * computes are the model's: memory_hotplug's here (mm/memory_hotplug.c),
 * virtio_mem's with the rest of virtio in virtio.c; every other
 * parameter reads as the build left it after boot and takes no write.
 *
 * A section file reads as it does for a reader without CAP_SYSLOG (zero):
 * memhp has no module addresses.  notes/ is empty: memhp does not carry
 * the images' notes (their build ids).
 */
#include <stdio.h>
#include <string.h>

#include "lib/strparse.h"
#include "memhp/drivers.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "sysfs/sysfs_internal.h"

static int online_policy_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%s\n", online_policy_names[mhp_get_online_policy(obj->k)]);
	return 0;
}

static int online_policy_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			       size_t len, struct memhp_err *err)
{
	for (int p = 0; p < ONLINE_POLICY_COUNT; p++) {
		if (sysfs_streq(buf, online_policy_names[p])) {
			mhp_set_online_policy(obj->k, (enum online_policy)p);
			return 0;
		}
	}
	return memhp_err_set(err, -EINVAL, "online_policy takes contig-zones or auto-movable");
}
SYSFS_ATTR_RW(online_policy);

static int auto_movable_ratio_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%u\n", mhp_get_auto_movable_ratio(obj->k));
	return 0;
}

static int auto_movable_ratio_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				    size_t len, struct memhp_err *err)
{
	unsigned int ratio;
	int ret = kstrtouint(buf, 0, &ratio);

	if (ret)
		return memhp_err_set(err, ret, "auto_movable_ratio takes an unsigned integer");
	mhp_set_auto_movable_ratio(obj->k, ratio);
	return 0;
}
SYSFS_ATTR_RW(auto_movable_ratio);

static int auto_movable_numa_aware_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr,
					struct seq_buf *buf)
{
	sysfs_emit(buf, "%c\n", mhp_get_auto_movable_numa_aware(obj->k) ? 'Y' : 'N');
	return 0;
}

static int auto_movable_numa_aware_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr,
					 const char *buf, size_t len, struct memhp_err *err)
{
	bool on;

	if (kstrtobool(buf, &on))
		return memhp_err_set(err, -EINVAL, "auto_movable_numa_aware takes a boolean");
	mhp_set_auto_movable_numa_aware(obj->k, on);
	return 0;
}
SYSFS_ATTR_RW(auto_movable_numa_aware);

static int memmap_on_memory_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	enum memmap_mode mode = mhp_get_memmap_on_memory(obj->k);

	if (mode == MEMMAP_ON_MEMORY_FORCE)
		sysfs_emit(buf, "force\n");
	else
		sysfs_emit(buf, "%c\n", mode == MEMMAP_ON_MEMORY_ENABLE ? 'Y' : 'N');
	return 0;
}
SYSFS_ATTR_RO(memmap_on_memory);

static const struct sysfs_dir_type memory_hotplug_params_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_online_policy,
		&attr_auto_movable_ratio,
		&attr_auto_movable_numa_aware,
		&attr_memmap_on_memory,
		NULL,
	},
};

/* ---- the parameters of a module: the model's, or the build's values ---- */

/* the modules whose parameters the model computes */
static const struct {
	const char *module;
	const struct sysfs_dir_type *dir;
} modelled_params[] = {
	{ "memory_hotplug", &memory_hotplug_params_dir },
	{ "virtio_mem", &virtio_mem_params_dir },
};

static const struct sysfs_dir_type *modelled_params_dir(const char *name)
{
	for (size_t i = 0; i < sizeof(modelled_params) / sizeof(modelled_params[0]); i++)
		if (!strcmp(name, modelled_params[i].module))
			return modelled_params[i].dir;
	return NULL;
}

/*
 * Objects below /sys/module: variant 0 is a built-in module (index: its
 * place among the profile's built-in ones), variant 1 a loaded loadable
 * one (index: its place in load order); id is a parameter's, section's or
 * note's place in its list.
 */
enum { MOD_BUILTIN, MOD_LOADED };

static const char *module_name(const struct sysfs_obj *obj)
{
	const struct module_desc *d;

	if (obj->variant == MOD_LOADED)
		return kernel_loaded_module_at(obj->k, obj->index);
	d = kernel_builtin_module_at(obj->k, obj->index);
	return d ? d->name : NULL;
}

static const struct module_desc *module_desc_of(const struct sysfs_obj *obj)
{
	const char *name;

	if (obj->variant == MOD_BUILTIN)
		return kernel_builtin_module_at(obj->k, obj->index);
	name = module_name(obj);
	return name ? kernel_module_desc(obj->k, name) : NULL;
}

static int param_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	const struct module_desc *d = module_desc_of(obj);

	if (!d || !d->params)
		return -ENOENT;
	sysfs_emit(buf, "%s", d->params[obj->id].value);
	return 0;
}

static const struct sysfs_attr param_attr = { .mode = 0444, .show = param_show };

static int params_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	const struct module_desc *d = module_desc_of(obj);

	for (long i = 0; d && d->params && d->params[i].name; i++)
		if (!strcmp(name, d->params[i].name)) {
			struct sysfs_obj file = *obj;

			file.id = i;
			sysfs_node_file(out, &file, &param_attr);
			return 0;
		}
	return -ENOENT;
}

static void params_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	const struct module_desc *d = module_desc_of(obj);

	for (int i = 0; d && d->params && d->params[i].name; i++)
		sysfs_fill(fd, SYSFS_FILE, "%s", d->params[i].name);
}

static const struct sysfs_dir_type build_params_dir = {
	.lookup = params_lookup,
	.readdir = params_readdir,
};

static bool module_has_params(const struct sysfs_obj *obj)
{
	const char *name = module_name(obj);
	const struct module_desc *d;

	if (!name)
		return false;
	if (modelled_params_dir(name))
		return true;
	d = kernel_module_desc(obj->k, name);
	return d && d->params;
}

/* resolves "parameters" of a module directory (it is not a fixed subdir: its type depends on the module) */
static int module_params_node(const struct sysfs_obj *obj, struct sysfs_node *out)
{
	const struct sysfs_dir_type *dir = modelled_params_dir(module_name(obj));

	return sysfs_node_dir(out, obj->k, dir ? dir : &build_params_dir, obj->id, obj->index, obj->variant);
}

/* ---- what every module directory has ---- */

static int version_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	const struct module_desc *d = module_desc_of(obj);
	const char *v = !d ? NULL : !strcmp(attr->name, "version") ? d->version : d->srcversion;

	if (!v)
		return -ENOENT;
	sysfs_emit(buf, "%s\n", v);
	return 0;
}

static bool version_visible(const struct sysfs_obj *obj)
{
	const struct module_desc *d = module_desc_of(obj);

	return d && d->version;
}

static bool srcversion_visible(const struct sysfs_obj *obj)
{
	const struct module_desc *d = module_desc_of(obj);

	return d && d->srcversion;
}
SYSFS_ATTR_FULL(module_attr_version, "version", 0444, version_show, NULL, version_visible);
SYSFS_ATTR_FULL(module_attr_srcversion, "srcversion", 0444, version_show, NULL, srcversion_visible);
static const struct sysfs_attr module_attr_uevent = { .name = "uevent", .mode = 0200, .store = sysfs_store_uevent };

/* drivers/BUS:DRIVER -> /sys/bus/BUS/drivers/DRIVER: a loaded module's from the table, a built-in's from the build */
static const char *const *module_drivers(const struct sysfs_obj *obj)
{
	struct loaded_module_info info;
	const struct module_desc *d;

	if (obj->variant == MOD_LOADED)
		return kernel_loaded_module_get(obj->k, module_name(obj), &info) ? NULL : info.drivers;
	d = module_desc_of(obj);
	return d ? d->drivers : NULL;
}

static int drivers_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	for (const char *const *d = module_drivers(obj); d && *d; d++)
		if (!strcmp(name, *d)) {
			size_t bus_len = strcspn(*d, ":");

			return sysfs_node_link(out, "/sys/bus/%.*s/drivers/%s", (int)bus_len, *d, *d + bus_len + 1);
		}
	return -ENOENT;
}

static void drivers_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (const char *const *d = module_drivers(obj); d && *d; d++)
		sysfs_fill(fd, SYSFS_LINK, "%s", *d);
}

static const struct sysfs_dir_type module_drivers_dir = {
	.lookup = drivers_lookup,
	.readdir = drivers_readdir,
};

static bool module_drivers_visible(const struct sysfs_obj *obj)
{
	return module_drivers(obj) != NULL;
}

/* the entries a module directory resolves itself: parameters */
static int module_common_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	if (!strcmp(name, "parameters") && module_has_params(obj))
		return module_params_node(obj, out);
	return -ENOENT;
}

static void module_common_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	if (module_has_params(obj))
		sysfs_fill(fd, SYSFS_DIR, "parameters");
}

/* ---- a built-in module ---- */

static const struct sysfs_dir_type module_builtin_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&module_attr_uevent,
		&module_attr_version,
		NULL,
	},
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR_IF("drivers", &module_drivers_dir, module_drivers_visible),
		{ NULL },
	},
	.lookup = module_common_lookup,
	.readdir = module_common_readdir,
};

/* ---- a loaded loadable module ---- */

static int module_info(const struct sysfs_obj *obj, struct loaded_module_info *info)
{
	const char *name = module_name(obj);

	return name ? kernel_loaded_module_get(obj->k, name, info) : -ENOENT;
}

/* the model unloads no module: each one stays live */
SYSFS_ATTR_TEXT(module_attr_initstate, "initstate", 0444, "live\n");
/* init sections are freed once init is done */
SYSFS_ATTR_TEXT(module_attr_initsize, "initsize", 0444, "0\n");
/* no taint: every module is Debian's own, signed */
SYSFS_ATTR_TEXT(module_attr_taint, "taint", 0444, "\n");

static int refcnt_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct loaded_module_info info;
	int ret = module_info(obj, &info);

	if (!ret)
		sysfs_emit(buf, "%d\n", info.refcnt);
	return ret;
}
static const struct sysfs_attr module_attr_refcnt = { .name = "refcnt", .mode = 0444, .show = refcnt_show };

static int coresize_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	const struct module_desc *d = module_desc_of(obj);

	if (!d)
		return -ENOENT;
	sysfs_emit(buf, "%u\n", d->coresize);
	return 0;
}

static bool image_visible(const struct sysfs_obj *obj)
{
	const struct module_desc *d = module_desc_of(obj);

	return d && d->sections;
}
SYSFS_ATTR_FULL(module_attr_coresize, "coresize", 0444, coresize_show, NULL, image_visible);

static int holders_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	struct loaded_module_info info;

	if (!module_info(obj, &info))
		for (int i = 0; i < info.nr_holders; i++)
			if (!strcmp(name, info.holders[i]))
				return sysfs_node_link(out, "/sys/module/%s", name);
	return -ENOENT;
}

static void holders_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	struct loaded_module_info info;

	if (!module_info(obj, &info))
		for (int i = 0; i < info.nr_holders; i++)
			sysfs_fill(fd, SYSFS_LINK, "%s", info.holders[i]);
}

static const struct sysfs_dir_type module_holders_dir = {
	.lookup = holders_lookup,
	.readdir = holders_readdir,
};

static int section_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "0x%016x\n", 0);
	return 0;
}

static const struct sysfs_attr section_attr = { .mode = 0400, .show = section_show };

static int sections_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	const struct module_desc *d = module_desc_of(obj);

	for (long i = 0; d && d->sections && d->sections[i]; i++)
		if (!strcmp(name, d->sections[i])) {
			struct sysfs_obj file = *obj;

			file.id = i;
			sysfs_node_file(out, &file, &section_attr);
			return 0;
		}
	return -ENOENT;
}

static void sections_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	const struct module_desc *d = module_desc_of(obj);

	for (const char *const *l = d ? d->sections : NULL; l && *l; l++)
		sysfs_fill(fd, SYSFS_FILE, "%s", *l);
}

static const struct sysfs_dir_type module_sections_dir = { .lookup = sections_lookup, .readdir = sections_readdir };

static const struct sysfs_dir_type module_instance_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&module_attr_coresize,
		&module_attr_initsize,
		&module_attr_initstate,
		&module_attr_refcnt,
		&module_attr_srcversion,
		&module_attr_taint,
		&module_attr_uevent,
		&module_attr_version,
		NULL,
	},
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR_IF("drivers", &module_drivers_dir, module_drivers_visible),
		SYSFS_SUBDIR("holders", &module_holders_dir),
		SYSFS_SUBDIR_IF("notes", &sysfs_empty_dir, image_visible),
		SYSFS_SUBDIR_IF("sections", &module_sections_dir, image_visible),
		{ NULL },
	},
	.lookup = module_common_lookup,
	.readdir = module_common_readdir,
};

/* ---- /sys/module ---- */

static int compression_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%s", kernel_profile_of(obj->k)->config.module_compression);
	return 0;
}

static bool compression_visible(const struct sysfs_obj *obj)
{
	return kernel_profile_of(obj->k)->config.module_compression != NULL;
}
SYSFS_ATTR_FULL(module_attr_compression, "compression", 0444, compression_show, NULL, compression_visible);

static int module_root_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	const struct module_desc *d;
	const char *m;

	for (int i = 0; (d = kernel_builtin_module_at(obj->k, i)); i++)
		if (!strcmp(d->name, name))
			return sysfs_node_dir(out, obj->k, &module_builtin_dir, 0, i, MOD_BUILTIN);
	for (int i = 0; (m = kernel_loaded_module_at(obj->k, i)); i++)
		if (!strcmp(m, name))
			return sysfs_node_dir(out, obj->k, &module_instance_dir, 0, i, MOD_LOADED);
	return -ENOENT;
}

static void module_root_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	const struct module_desc *d;
	const char *m;

	for (int i = 0; (d = kernel_builtin_module_at(obj->k, i)); i++)
		sysfs_fill(fd, SYSFS_DIR, "%s", d->name);
	for (int i = 0; (m = kernel_loaded_module_at(obj->k, i)); i++)
		sysfs_fill(fd, SYSFS_DIR, "%s", m);
}

const struct sysfs_dir_type module_dir = {
	.attrs = (const struct sysfs_attr *const[]){ &module_attr_compression, NULL },
	.lookup = module_root_lookup,
	.readdir = module_root_readdir,
};
