// SPDX-License-Identifier: MIT
/*
 * The nd bus (drivers/nvdimm: bus.c, region_devs.c, namespace_devs.c,
 * btt_devs.c, pfn_devs.c, dax_devs.c) as nd_e820 builds it for legacy
 * persistent memory: /sys/devices/platform/e820_pmem/ndbus0 with a region
 * per memmap=nn!ss range, each holding namespaceR.0 and the seeds bttR.0,
 * pfnR.N and daxR.N, and /sys/bus/nd with its devices and drivers.
 * The daxR.N below a bound nd_dax device is the dax bus's (dax.c).
 */
#include <stdio.h>
#include <string.h>

#include "lib/strparse.h"
#include "lib/util.h"
#include "memhp/drivers.h"
#include "memhp/mm.h"
#include "sysfs/sysfs_internal.h"

static const char *const nd_drivers[] = { "dax_pmem", "nd_bus", "nd_pmem", "nd_region", "nvdimm" };
static const char *const nd_child_prefixes[] = {
	[ND_NAMESPACE] = "namespace", [ND_BTT] = "btt", [ND_PFN] = "pfn", [ND_DAX] = "dax",
};

int nd_parse_child(struct kernel *k, const char *name, enum nd_child_kind *kind, int *idx)
{
	for (int i = 0; i < (int)ARRAY_SIZE(nd_child_prefixes); i++) {
		size_t n = strlen(nd_child_prefixes[i]);
		char buf[32], *dot;
		long r, m;

		if (strncmp(name, nd_child_prefixes[i], n))
			continue;
		snprintf(buf, sizeof(buf), "%s", name + n);
		dot = strchr(buf, '.');
		if (!dot)
			return -1;
		*dot = 0;
		if (!sysfs_parse_numbered(buf, "", &r) || !sysfs_parse_numbered(dot + 1, "", &m) ||
		    r >= nd_region_count(k) || !nd_region_probed(k, (int)r))
			return -1;
		if (i == ND_DAX || i == ND_PFN) {
			struct nd_dax_info di;

			if ((i == ND_DAX ? nd_dax_get : nd_pfn_get)(k, (int)r, (int)m, &di))
				return -1;
		} else if (m != 0) {
			return -1;
		}
		*kind = (enum nd_child_kind)i;
		*idx = (int)m;
		return (int)r;
	}
	return -1;
}

bool nd_bus_visible(const struct sysfs_obj *obj)
{
	return nd_bus_present(obj->k);
}

/* a region's devices, in the order readdir lists them */
static void nd_region_children_fill(struct kernel *k, int r, struct sysfs_filldir *fd, enum sysfs_kind kind)
{
	struct nd_dax_info di;

	if (!nd_region_probed(k, r))
		return;
	sysfs_fill(fd, kind, "namespace%d.0", r);
	sysfs_fill(fd, kind, "btt%d.0", r);

	for (int d = 0; d < nd_pfn_count(k, r); d++)
		if (!nd_pfn_get(k, r, d, &di))
			sysfs_fill(fd, kind, "pfn%d.%d", r, d);
	for (int d = 0; d < nd_dax_count(k, r); d++)
		if (!nd_dax_get(k, r, d, &di))
			sysfs_fill(fd, kind, "dax%d.%d", r, d);
}

/* the id of region @r's pfn or dax seed */
static int seed_of(struct kernel *k, int r, bool pfn)
{
	struct nd_dax_info di;

	for (int d = 0; d < (pfn ? nd_pfn_count(k, r) : nd_dax_count(k, r)); d++)
		if (!(pfn ? nd_pfn_get : nd_dax_get)(k, r, d, &di) && di.seed)
			return d;
	return -1;
}

/* writes to attributes the model keeps fixed */
static int nd_fixed_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
			  struct memhp_err *err)
{
	return memhp_err_set(err, -EOPNOTSUPP, "this nd attribute is not modelled yet");
}

/* ---- regionN (region_devs.c) ---- */

static int region_info(const struct sysfs_obj *obj, struct nd_region_info *ri)
{
	return nd_region_get(obj->k, (int)obj->id, ri) ? -ENOENT : 0;
}

static int region_align_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_region_info ri;
	int ret = region_info(obj, &ri);

	if (!ret)
		sysfs_emit(buf, "%#llx\n", (unsigned long long)ri.align);
	return ret;
}
SYSFS_ATTR_FULL(region_attr_align, "align", 0644, region_align_show, nd_fixed_store, NULL);

/* no bad blocks: the file is empty */
SYSFS_ATTR_TEXT(region_attr_badblocks, "badblocks", 0444, "");

/* nd_region_remove() lets the seeds go: they read empty until the region is probed again */
static int region_btt_seed_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	if (nd_region_probed(obj->k, (int)obj->id))
		sysfs_emit(buf, "btt%ld.0", obj->id);
	sysfs_emit(buf, "\n");
	return 0;
}
SYSFS_ATTR_RO_P(region, btt_seed);

static int region_dax_seed_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	if (nd_region_probed(obj->k, (int)obj->id))
		sysfs_emit(buf, "dax%ld.%d", obj->id, seed_of(obj->k, (int)obj->id, false));
	sysfs_emit(buf, "\n");
	return 0;
}
SYSFS_ATTR_RO_P(region, dax_seed);

SYSFS_ATTR_TEXT(region_attr_devtype, "devtype", 0444, "nd_pmem\n");
SYSFS_ATTR_TEXT(region_attr_init_namespaces, "init_namespaces", 0444, "1/1\n");
SYSFS_ATTR_TEXT(region_attr_mappings, "mappings", 0444, "0\n");
SYSFS_ATTR_TEXT(region_attr_max_available_extent, "max_available_extent", 0444, "0\n");
SYSFS_ATTR_TEXT(region_attr_modalias, "modalias", 0444, "nd:t2\n");

static int region_namespace_seed_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr,
				      struct seq_buf *buf)
{
	if (nd_region_probed(obj->k, (int)obj->id))
		sysfs_emit(buf, "namespace%ld.0", obj->id);
	sysfs_emit(buf, "\n");
	return 0;
}
SYSFS_ATTR_RO_P(region, namespace_seed);

SYSFS_ATTR_TEXT(region_attr_nstype, "nstype", 0444, "4\n");

/* numa_node and target_node */
static int region_numa_node_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_region_info ri;
	int ret = region_info(obj, &ri);

	if (!ret)
		sysfs_emit(buf, "%d\n", ri.numa_node);
	return ret;
}
SYSFS_ATTR_RO_P(region, numa_node);

static int region_pfn_seed_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	if (nd_region_probed(obj->k, (int)obj->id))
		sysfs_emit(buf, "pfn%ld.%d", obj->id, seed_of(obj->k, (int)obj->id, true));
	sysfs_emit(buf, "\n");
	return 0;
}
SYSFS_ATTR_RO_P(region, pfn_seed);

static const struct sysfs_attr region_attr_read_only = {
	.name = "read_only", .mode = 0644, .show = sysfs_show_text, .store = nd_fixed_store, .data = "0\n",
};

static int region_resource_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_region_info ri;
	int ret = region_info(obj, &ri);

	if (!ret)
		sysfs_emit(buf, "%#llx\n", (unsigned long long)ri.start);
	return ret;
}
SYSFS_ATTR_ADMIN_RO_P(region, resource);

static int region_size_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_region_info ri;
	int ret = region_info(obj, &ri);

	if (!ret)
		sysfs_emit(buf, "%llu\n", (unsigned long long)ri.size);
	return ret;
}
SYSFS_ATTR_RO_P(region, size);

/* only a region with a target node has the file */
static bool region_target_node_visible(const struct sysfs_obj *obj)
{
	struct nd_region_info ri;

	return !region_info(obj, &ri) && ri.numa_node >= 0;
}
SYSFS_ATTR_FULL(region_attr_target_node, "target_node", 0444, region_numa_node_show, NULL,
		region_target_node_visible);

static const struct sysfs_attr *const region_attrs[] = {
	&region_attr_align,
	&region_attr_badblocks,
	&region_attr_btt_seed,
	&region_attr_dax_seed,
	&region_attr_devtype,
	&region_attr_init_namespaces,
	&region_attr_mappings,
	&region_attr_max_available_extent,
	&region_attr_modalias,
	&region_attr_namespace_seed,
	&region_attr_nstype,
	&region_attr_numa_node,
	&region_attr_pfn_seed,
	&region_attr_read_only,
	&region_attr_resource,
	&region_attr_size,
	&region_attr_target_node,
	NULL,
};

static void region_uevent_dev(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "DEVTYPE=nd_pmem\n");
}

static void region_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "MODALIAS=nd:t2\n");
}

static bool region_driver(const struct sysfs_obj *obj, char *buf, size_t size)
{
	if (!nd_region_probed(obj->k, (int)obj->id))
		return false;
	snprintf(buf, size, "/sys/bus/nd/drivers/nd_region");
	return true;
}

static const struct sysfs_device_type region_device = {
	.subsystem = "/sys/bus/nd",
	.uevent_dev = region_uevent_dev,
	.uevent = region_uevent,
	.driver = region_driver,
};

static const struct sysfs_dir_type nd_namespace_dir, nd_btt_dir, nd_dax_dir;

static int region_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	static const struct sysfs_dir_type *const types[] = {
		[ND_NAMESPACE] = &nd_namespace_dir, [ND_BTT] = &nd_btt_dir, [ND_PFN] = &nd_dax_dir, [ND_DAX] = &nd_dax_dir,
	};
	enum nd_child_kind kind;
	int idx;

	if (nd_parse_child(obj->k, name, &kind, &idx) != obj->id)
		return -ENOENT;
	return sysfs_node_dir(out, obj->k, types[kind], obj->id, idx, kind);
}

static void region_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	nd_region_children_fill(obj->k, (int)obj->id, fd, SYSFS_DIR);
}

static const struct sysfs_dir_type nd_region_dir = {
	.attrs = region_attrs,
	.dev = &region_device,
	.lookup = region_lookup,
	.readdir = region_readdir,
};

/* ---- namespaceR.0: a namespace_io (namespace_devs.c) ---- */

static int namespace_info(const struct sysfs_obj *obj, struct nd_namespace_info *ni)
{
	return nd_namespace_get(obj->k, (int)obj->id, ni) ? -ENOENT : 0;
}

SYSFS_ATTR_TEXT(namespace_attr_devtype, "devtype", 0444, "nd_namespace_io\n");

static int namespace_force_raw_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_namespace_info ni;
	int ret = namespace_info(obj, &ni);

	if (!ret)
		sysfs_emit(buf, "%d\n", ni.force_raw);
	return ret;
}

static int namespace_force_raw_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				     size_t len, struct memhp_err *err)
{
	bool raw;

	if (kstrtobool(buf, &raw))
		return memhp_err_set(err, -EINVAL, "force_raw takes a boolean");
	return nd_namespace_set_force_raw(obj->k, (int)obj->id, raw);
}
SYSFS_ATTR_RW_P(namespace, force_raw);

/* the pfn or dax device that claims the namespace, or an empty line */
static int namespace_holder_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_namespace_info ni;
	int ret = namespace_info(obj, &ni);

	if (ret)
		return ret;
	if (ni.holder >= 0)
		sysfs_emit(buf, "%s%ld.%d\n", ni.holder_pfn ? "pfn" : "dax", obj->id, ni.holder);
	else
		sysfs_emit(buf, "\n");
	return 0;
}
SYSFS_ATTR_RO_P(namespace, holder);

static int namespace_holder_class_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr,
				       struct seq_buf *buf)
{
	struct nd_namespace_info ni;
	int ret = namespace_info(obj, &ni);

	if (!ret)
		sysfs_emit(buf, "%s\n", ni.holder_class);
	return ret;
}

static int namespace_holder_class_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr,
					const char *buf, size_t len, struct memhp_err *err)
{
	char value[64];

	sysfs_first_line(value, sizeof(value), buf);
	return nd_namespace_set_holder_class(obj->k, (int)obj->id, value, err);
}
SYSFS_ATTR_RW_P(namespace, holder_class);

SYSFS_ATTR_TEXT(namespace_attr_modalias, "modalias", 0444, "nd:t4\n");

static int namespace_mode_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_namespace_info ni;
	int ret = namespace_info(obj, &ni);

	if (!ret)
		sysfs_emit(buf, "%s\n", ni.mode);
	return ret;
}
SYSFS_ATTR_RO_P(namespace, mode);

SYSFS_ATTR_TEXT(namespace_attr_nstype, "nstype", 0444, "4\n");

static int namespace_numa_node_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_namespace_info ni;
	int ret = namespace_info(obj, &ni);

	if (!ret)
		sysfs_emit(buf, "%d\n", ni.numa_node);
	return ret;
}
SYSFS_ATTR_RO_P(namespace, numa_node);

static int namespace_resource_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_namespace_info ni;
	int ret = namespace_info(obj, &ni);

	if (!ret)
		sysfs_emit(buf, "%#llx\n", (unsigned long long)ni.start);
	return ret;
}
SYSFS_ATTR_ADMIN_RO_P(namespace, resource);

static int namespace_size_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_namespace_info ni;
	int ret = namespace_info(obj, &ni);

	if (!ret)
		sysfs_emit(buf, "%llu\n", (unsigned long long)ni.size);
	return ret;
}
SYSFS_ATTR_RO_P(namespace, size);

static const struct sysfs_attr *const namespace_attrs[] = {
	&namespace_attr_devtype,
	&namespace_attr_force_raw,
	&namespace_attr_holder,
	&namespace_attr_holder_class,
	&namespace_attr_modalias,
	&namespace_attr_mode,
	&namespace_attr_nstype,
	&namespace_attr_numa_node,
	&namespace_attr_resource,
	&namespace_attr_size,
	&region_attr_target_node,
	NULL,
};

static void namespace_uevent_dev(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "DEVTYPE=nd_namespace_io\n");
}

static void namespace_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "MODALIAS=nd:t4\n");
}

static bool namespace_driver(const struct sysfs_obj *obj, char *buf, size_t size)
{
	struct nd_namespace_info ni;

	if (namespace_info(obj, &ni) || !ni.bound)
		return false;
	snprintf(buf, size, "/sys/bus/nd/drivers/nd_pmem");
	return true;
}

static const struct sysfs_device_type namespace_device = {
	.subsystem = "/sys/bus/nd",
	.uevent_dev = namespace_uevent_dev,
	.uevent = namespace_uevent,
	.driver = namespace_driver,
};

/* nd_pmem made the namespace's own disk (raw or memory mode) */
static bool namespace_block_visible(const struct sysfs_obj *obj)
{
	struct pmem_disk_info di;

	return !pmem_disk_get(obj->k, (int)obj->id, &di) && di.pfn < 0;
}

static const struct sysfs_dir_type nd_namespace_dir = {
	.attrs = namespace_attrs,
	.dev = &namespace_device,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR_IF("block", &block_holder_dir, namespace_block_visible),
		{ NULL },
	},
};

/* ---- bttR.0: the btt seed (btt_devs.c) ---- */

SYSFS_ATTR_TEXT(btt_attr_devtype, "devtype", 0444, "nd_btt\n");
SYSFS_ATTR_TEXT(btt_attr_modalias, "modalias", 0444, "nd:t4\n");
SYSFS_ATTR_TEXT(btt_attr_log_zero_flags, "log_zero_flags", 0444, "Y\n");

/*
 * The seed's configuration: never set (no lbasize is chosen, so none of the
 * supported sector sizes is bracketed), and the model keeps no btt
 * (sector mode), so setting it is refused rather than pretended
 */
static int btt_config_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			    size_t len, struct memhp_err *err)
{
	return memhp_err_set(err, -EOPNOTSUPP, "memhp does not model btt (sector mode) devices");
}
static const struct sysfs_attr btt_attr_namespace = {
	.name = "namespace", .mode = 0644, .show = sysfs_show_text, .store = btt_config_store, .data = "\n",
};
static const struct sysfs_attr btt_attr_sector_size = {
	.name = "sector_size", .mode = 0644, .show = sysfs_show_text, .store = btt_config_store,
	.data = "512 520 528 4096 4104 4160 4224\n",
};
static const struct sysfs_attr btt_attr_uuid = {
	.name = "uuid", .mode = 0644, .show = sysfs_show_text, .store = btt_config_store, .data = "\n",
};
/* size: only a bound btt has one */
static int btt_size_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	return -ENXIO;
}
static const struct sysfs_attr btt_attr_size = { .name = "size", .mode = 0444, .show = btt_size_show };

static void btt_uevent_dev(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "DEVTYPE=nd_btt\n");
}

static const struct sysfs_device_type btt_device = {
	.subsystem = "/sys/bus/nd",
	.uevent_dev = btt_uevent_dev,
	.uevent = namespace_uevent,		/* the io region's type, as a namespace's */
};

static const struct sysfs_dir_type nd_btt_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&btt_attr_devtype,
		&btt_attr_log_zero_flags,
		&btt_attr_modalias,
		&btt_attr_namespace,
		&region_attr_numa_node,
		&btt_attr_sector_size,
		&btt_attr_size,
		&region_attr_target_node,
		&btt_attr_uuid,
		NULL,
	},
	.dev = &btt_device,
};

/* ---- pfnR.N and daxR.N (pfn_devs.c, dax_devs.c): the variant says which ---- */

static bool nd_dax_is_pfn(const struct sysfs_obj *obj)
{
	return obj->variant == ND_PFN;
}

static int nd_dax_info(const struct sysfs_obj *obj, struct nd_dax_info *di)
{
	int ret = (nd_dax_is_pfn(obj) ? nd_pfn_get : nd_dax_get)(obj->k, (int)obj->id, obj->index, di);

	return ret ? -ENOENT : 0;
}

/* align, mode, namespace and uuid: the first line of the write goes to the driver */
static int nd_dax_attr_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			     size_t len, struct memhp_err *err)
{
	char value[64];

	sysfs_first_line(value, sizeof(value), buf);
	return (nd_dax_is_pfn(obj) ? nd_pfn_store : nd_dax_store)(obj->k, (int)obj->id, obj->index, attr->name, value,
								   err);
}

static int nd_dax_align_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = nd_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%llu\n", (unsigned long long)di.align);
	return ret;
}
SYSFS_ATTR_FULL(nd_dax_attr_align, "align", 0644, nd_dax_align_show, nd_dax_attr_store, NULL);

static int nd_dax_devtype_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, nd_dax_is_pfn(obj) ? "nd_pfn\n" : "nd_dax\n");
	return 0;
}
SYSFS_ATTR_RO_P(nd_dax, devtype);

/* to_nd_device_type(): a pfn device has its io region's namespace type */
static const char *nd_dax_modalias(const struct sysfs_obj *obj)
{
	return nd_dax_is_pfn(obj) ? "nd:t4" : "nd:t7";
}

static int nd_dax_modalias_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%s\n", nd_dax_modalias(obj));
	return 0;
}
SYSFS_ATTR_RO_P(nd_dax, modalias);

static int nd_dax_mode_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = nd_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%s\n", di.mode);
	return ret;
}
SYSFS_ATTR_FULL(nd_dax_attr_mode, "mode", 0644, nd_dax_mode_show, nd_dax_attr_store, NULL);

/* the claimed namespace, or an empty line */
static int nd_dax_namespace_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = nd_dax_info(obj, &di);

	if (ret)
		return ret;
	if (di.claimed)
		sysfs_emit(buf, "namespace%ld.0\n", obj->id);
	else
		sysfs_emit(buf, "\n");
	return 0;
}
SYSFS_ATTR_FULL(nd_dax_attr_namespace, "namespace", 0644, nd_dax_namespace_show, nd_dax_attr_store, NULL);

/* resource and size exist only while the device is bound: ENXIO before */
static int nd_dax_resource_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = nd_dax_info(obj, &di);

	if (ret)
		return ret;
	if (!di.bound)
		return -ENXIO;
	sysfs_emit(buf, "%#llx\n", (unsigned long long)di.start);
	return 0;
}
SYSFS_ATTR_ADMIN_RO_P(nd_dax, resource);

static int nd_dax_size_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = nd_dax_info(obj, &di);

	if (ret)
		return ret;
	if (!di.bound)
		return -ENXIO;
	sysfs_emit(buf, "%llu\n", (unsigned long long)di.size);
	return 0;
}
SYSFS_ATTR_RO_P(nd_dax, size);

SYSFS_ATTR_TEXT(nd_dax_attr_supported_alignments, "supported_alignments", 0444, "4096 2097152 1073741824\n");

static int nd_dax_uuid_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = nd_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%s\n", di.uuid);
	return ret;
}
SYSFS_ATTR_FULL(nd_dax_attr_uuid, "uuid", 0644, nd_dax_uuid_show, nd_dax_attr_store, NULL);

static const struct sysfs_attr *const nd_dax_attrs[] = {
	&nd_dax_attr_align,
	&nd_dax_attr_devtype,
	&nd_dax_attr_modalias,
	&nd_dax_attr_mode,
	&nd_dax_attr_namespace,
	&region_attr_numa_node,		/* nd_numa_attribute_group: the region's */
	&nd_dax_attr_resource,
	&nd_dax_attr_size,
	&nd_dax_attr_supported_alignments,
	&region_attr_target_node,
	&nd_dax_attr_uuid,
	NULL,
};

/*
 * dax_region/: dax_pmem's static dax region, on the nd_dax it drives
 * (dax_region_attribute_group; a static region hides available_size,
 * create, seed and delete)
 */
static int dax_region_id_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%ld\n", obj->id);
	return 0;
}
SYSFS_ATTR_FULL(dax_region_attr_id, "id", 0444, dax_region_id_show, NULL, NULL);

static int dax_region_size_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	struct nd_dax_info di;
	int ret = nd_dax_info(obj, &di);

	if (!ret)
		sysfs_emit(buf, "%llu\n", (unsigned long long)di.size);
	return ret;
}
SYSFS_ATTR_FULL(dax_region_attr_size, "size", 0444, dax_region_size_show, NULL, NULL);
SYSFS_ATTR_FULL(dax_region_attr_align, "align", 0400, nd_dax_align_show, NULL, NULL);

static const struct sysfs_dir_type nd_dax_region_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&dax_region_attr_align,
		&dax_region_attr_id,
		&dax_region_attr_size,
		NULL,
	},
};

static bool nd_dax_region_visible(const struct sysfs_obj *parent)
{
	struct nd_dax_info di;

	return !nd_dax_is_pfn(parent) && !nd_dax_info(parent, &di) && di.bound;
}

static void nd_dax_uevent_dev(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "DEVTYPE=%s\n", nd_dax_is_pfn(obj) ? "nd_pfn" : "nd_dax");
}

static void nd_dax_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	sysfs_emit(buf, "MODALIAS=%s\n", nd_dax_modalias(obj));
}

/* nd_pmem drives a pfn device, dax_pmem a dax device */
static bool nd_dax_driver(const struct sysfs_obj *obj, char *buf, size_t size)
{
	struct nd_dax_info di;

	if (nd_dax_info(obj, &di) || !di.bound)
		return false;
	snprintf(buf, size, "/sys/bus/nd/drivers/%s", nd_dax_is_pfn(obj) ? "nd_pmem" : "dax_pmem");
	return true;
}

static const struct sysfs_device_type nd_dax_device = {
	.subsystem = "/sys/bus/nd",
	.uevent_dev = nd_dax_uevent_dev,
	.uevent = nd_dax_uevent,
	.driver = nd_dax_driver,
};

/* a bound dax device has the dax bus's device of the same name below it */
static int nd_dax_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	struct nd_dax_info di;
	char own[32];

	if (nd_dax_is_pfn(obj) || nd_dax_info(obj, &di) || !di.bound)
		return -ENOENT;
	snprintf(own, sizeof(own), "dax%ld.%d", obj->id, obj->index);
	if (strcmp(name, own))
		return -ENOENT;
	return sysfs_node_dir(out, obj->k, &dev_dax_dir, obj->id, obj->index, 0);
}

static void nd_dax_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	struct nd_dax_info di;

	if (!nd_dax_is_pfn(obj) && !nd_dax_info(obj, &di) && di.bound)
		sysfs_fill(fd, SYSFS_DIR, "dax%ld.%d", obj->id, obj->index);
}

/* a pfn device nd_pmem drives has the disk (fsdax) */
static bool pfn_block_visible(const struct sysfs_obj *obj)
{
	struct pmem_disk_info di;

	return nd_dax_is_pfn(obj) && !pmem_disk_get(obj->k, (int)obj->id, &di) && di.pfn == obj->index;
}

static const struct sysfs_dir_type nd_dax_dir = {
	.attrs = nd_dax_attrs,
	.dev = &nd_dax_device,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR_IF("block", &block_holder_dir, pfn_block_visible),
		SYSFS_SUBDIR_IF("dax_region", &nd_dax_region_dir, nd_dax_region_visible),
		{ NULL },
	},
	.lookup = nd_dax_lookup,
	.readdir = nd_dax_readdir,
};

/* ---- /sys/devices/platform/e820_pmem/ndbus0 ---- */

static int ndbus_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long n;

	if (sysfs_parse_numbered(name, "region", &n) && n < nd_region_count(obj->k))
		return sysfs_node_dir(out, obj->k, &nd_region_dir, n, 0, 0);
	return -ENOENT;
}

static void ndbus_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (int i = 0; i < nd_region_count(obj->k); i++)
		sysfs_fill(fd, SYSFS_DIR, "region%d", i);
}

static const struct sysfs_dir_type ndbus_dir = {
	.attrs = ndbus_attrs,
	.dev = &ndbus_device,
	.subdirs = ndbus_subdirs,
	.lookup = ndbus_lookup,
	.readdir = ndbus_readdir,
};

static const struct sysfs_dir_type e820_pmem_dir = {
	.attrs = e820_pmem_attrs,
	.dev = &e820_pmem_device,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("ndbus0", &ndbus_dir),
		{ NULL },
	},
};

/* /sys/devices/platform: nd_e820's device, and the platform's own (static_tree.c) */
static int platform_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	return static_tree_lookup(obj, "/sys/devices/platform", name, out);
}

static void platform_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	static_tree_readdir(obj, "/sys/devices/platform", fd);
}

const struct sysfs_dir_type platform_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR_IF("e820_pmem", &e820_pmem_dir, nd_bus_visible),
		{ NULL },
	},
	.lookup = platform_lookup,
	.readdir = platform_readdir,
};

/* ---- /sys/bus/nd/devices ---- */

static int nd_bus_devices_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	enum nd_child_kind kind;
	int r, idx;
	long n;

	if (!strcmp(name, "ndbus0"))
		return sysfs_node_link(out, ND_BUS_PATH);
	if (sysfs_parse_numbered(name, "region", &n) && n < nd_region_count(obj->k))
		return sysfs_node_link(out, ND_BUS_PATH "/region%ld", n);
	r = nd_parse_child(obj->k, name, &kind, &idx);
	if (r >= 0)
		return sysfs_node_link(out, ND_BUS_PATH "/region%d/%.40s", r, name);
	return -ENOENT;
}

static void nd_bus_devices_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	sysfs_fill(fd, SYSFS_LINK, "ndbus0");
	for (int i = 0; i < nd_region_count(obj->k); i++) {
		sysfs_fill(fd, SYSFS_LINK, "region%d", i);
		nd_region_children_fill(obj->k, i, fd, SYSFS_LINK);
	}
}

static const struct sysfs_dir_type nd_bus_devices_dir = {
	.lookup = nd_bus_devices_lookup,
	.readdir = nd_bus_devices_readdir,
};

/* ---- /sys/bus/nd/drivers/<driver>: the object's index is the driver's in nd_drivers[] ---- */

/* bind and unbind: a device name */
static int nd_driver_bind_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				size_t len, struct memhp_err *err)
{
	char dev[64];

	sysfs_first_line(dev, sizeof(dev), buf);
	return nd_driver_bind(obj->k, nd_drivers[obj->index], dev, !strcmp(attr->name, "bind"), err);
}
/* nd_bus suppresses its bind attributes: the bus device is not rebound */
static bool nd_driver_bind_visible(const struct sysfs_obj *obj)
{
	return strcmp(nd_drivers[obj->index], "nd_bus");
}
SYSFS_ATTR_FULL(nd_driver_attr_bind, "bind", 0200, NULL, nd_driver_bind_store, nd_driver_bind_visible);
SYSFS_ATTR_FULL(nd_driver_attr_unbind, "unbind", 0200, NULL, nd_driver_bind_store, nd_driver_bind_visible);

/* does driver @drv drive the device @kind of region @r, index @idx? */
static bool nd_driver_drives(struct kernel *k, const char *drv, enum nd_child_kind kind, int r, int idx)
{
	struct nd_namespace_info ni;
	struct nd_dax_info di;

	if (!strcmp(drv, "nd_pmem") && kind == ND_NAMESPACE)
		return !nd_namespace_get(k, r, &ni) && ni.bound;
	if (!strcmp(drv, "nd_pmem") && kind == ND_PFN)
		return !nd_pfn_get(k, r, idx, &di) && di.bound;
	if (!strcmp(drv, "dax_pmem") && kind == ND_DAX)
		return !nd_dax_get(k, r, idx, &di) && di.bound;
	return false;
}

static int nd_driver_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	const char *drv = nd_drivers[obj->index];
	enum nd_child_kind kind;
	int r, idx;

	long n;

	if (!strcmp(name, "module")) {
		char bus_drv[32];
		const char *mod;

		snprintf(bus_drv, sizeof(bus_drv), "nd:%s", drv);
		mod = kernel_driver_module(obj->k, bus_drv);
		return mod ? sysfs_node_link(out, "/sys/module/%s", mod) : -ENOENT;
	}
	if (!strcmp(drv, "nd_bus") && !strcmp(name, "ndbus0"))
		return sysfs_node_link(out, ND_BUS_PATH);
	if (!strcmp(drv, "nd_region") && sysfs_parse_numbered(name, "region", &n) && n < nd_region_count(obj->k) &&
	    nd_region_probed(obj->k, (int)n))
		return sysfs_node_link(out, ND_BUS_PATH "/region%ld", n);
	r = nd_parse_child(obj->k, name, &kind, &idx);
	if (r >= 0 && nd_driver_drives(obj->k, drv, kind, r, idx))
		return sysfs_node_link(out, ND_BUS_PATH "/region%d/%.40s", r, name);
	return -ENOENT;
}

static void nd_driver_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	const char *drv = nd_drivers[obj->index];

	sysfs_fill(fd, SYSFS_LINK, "module");
	if (!strcmp(drv, "nd_bus"))
		sysfs_fill(fd, SYSFS_LINK, "ndbus0");
	for (int r = 0; r < nd_region_count(obj->k); r++) {
		if (!strcmp(drv, "nd_region") && nd_region_probed(obj->k, r))
			sysfs_fill(fd, SYSFS_LINK, "region%d", r);
		if (nd_driver_drives(obj->k, drv, ND_NAMESPACE, r, 0))
			sysfs_fill(fd, SYSFS_LINK, "namespace%d.0", r);
		for (int d = 0; d < nd_dax_count(obj->k, r); d++)
			if (nd_driver_drives(obj->k, drv, ND_DAX, r, d))
				sysfs_fill(fd, SYSFS_LINK, "dax%d.%d", r, d);
		for (int d = 0; d < nd_pfn_count(obj->k, r); d++)
			if (nd_driver_drives(obj->k, drv, ND_PFN, r, d))
				sysfs_fill(fd, SYSFS_LINK, "pfn%d.%d", r, d);
	}
}

static const struct sysfs_dir_type nd_driver_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&nd_driver_attr_bind,
		&bus_driver_attr_uevent,
		&nd_driver_attr_unbind,
		NULL,
	},
	.lookup = nd_driver_lookup,
	.readdir = nd_driver_readdir,
};

static int nd_drivers_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(nd_drivers); i++)
		if (!strcmp(name, nd_drivers[i]) && nd_driver_loaded(obj->k, name))
			return sysfs_node_dir(out, obj->k, &nd_driver_dir, 0, (int)i, 0);
	return -ENOENT;
}

static void nd_drivers_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (size_t i = 0; i < ARRAY_SIZE(nd_drivers); i++)
		if (nd_driver_loaded(obj->k, nd_drivers[i]))
			sysfs_fill(fd, SYSFS_DIR, "%s", nd_drivers[i]);
}

static const struct sysfs_dir_type nd_drivers_dir = {
	.lookup = nd_drivers_lookup,
	.readdir = nd_drivers_readdir,
};

const struct sysfs_dir_type nd_bus_dir = {
	.attrs = bus_attrs,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("devices", &nd_bus_devices_dir),
		SYSFS_SUBDIR("drivers", &nd_drivers_dir),
		{ NULL },
	},
};
