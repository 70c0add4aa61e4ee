// SPDX-License-Identifier: MIT
/*
 * cpuN/cache (drivers/base/cacheinfo.c): an indexM directory per cache the
 * kernel found, with its geometry and the CPUs that share it.  The
 * object's id is the CPU, its index the cache.
 */
#include <stdio.h>
#include <string.h>

#include "memhp/mm.h"
#include "sysfs/sysfs_internal.h"

static int cache_info(const struct sysfs_obj *obj, struct cpu_cache_info *ci)
{
	return cpu_cache_get(obj->k, (int)obj->id, obj->index, ci);
}

/* attr->data names the field */
static int cache_field_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	static const char *const type_names[] = {
		[FW_CACHE_DATA] = "Data", [FW_CACHE_INSTRUCTION] = "Instruction", [FW_CACHE_UNIFIED] = "Unified",
	};
	const char *f = attr->data;
	struct cpu_cache_info ci;
	int ret = cache_info(obj, &ci);

	if (ret)
		return ret;
	if (!strcmp(f, "coherency_line_size"))
		sysfs_emit(buf, "%u\n", ci.desc.line_size);
	else if (!strcmp(f, "id"))
		sysfs_emit(buf, "%u\n", ci.id);
	else if (!strcmp(f, "level"))
		sysfs_emit(buf, "%d\n", ci.desc.level);
	else if (!strcmp(f, "number_of_sets"))
		sysfs_emit(buf, "%u\n", ci.sets);
	else if (!strcmp(f, "physical_line_partition"))
		sysfs_emit(buf, "1\n");	/* the emulated leaf 4 has one line per tag */
	else if (!strcmp(f, "size"))
		sysfs_emit(buf, "%uK\n", ci.desc.size_kib);
	else if (!strcmp(f, "type"))
		sysfs_emit(buf, "%s\n", type_names[ci.desc.type]);
	else if (!strcmp(f, "ways_of_associativity"))
		sysfs_emit(buf, "%u\n", ci.desc.ways);
	else if (!strcmp(f, "shared_cpu_list"))
		sysfs_emit_list(buf, ci.shared_cpus);
	else if (!strcmp(f, "shared_cpu_map"))
		sysfs_emit_cpumap(buf, obj->k, ci.shared_cpus);
	return 0;
}

#define CACHE_ATTR(_name) \
	static const struct sysfs_attr cache_attr_##_name = { \
		.name = #_name, .mode = 0444, .show = cache_field_show, .data = #_name, \
	}

CACHE_ATTR(coherency_line_size);
CACHE_ATTR(id);
CACHE_ATTR(level);
CACHE_ATTR(number_of_sets);
CACHE_ATTR(physical_line_partition);
CACHE_ATTR(shared_cpu_list);
CACHE_ATTR(shared_cpu_map);
CACHE_ATTR(size);
CACHE_ATTR(type);
CACHE_ATTR(ways_of_associativity);

/* a kobject of its own: an empty uevent, no power/ */
static const struct sysfs_attr cache_attr_uevent = {
	.name = "uevent", .mode = 0644, .show = sysfs_show_text, .store = sysfs_store_uevent, .data = "",
};

static const struct sysfs_dir_type cache_index_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&cache_attr_coherency_line_size,
		&cache_attr_id,
		&cache_attr_level,
		&cache_attr_number_of_sets,
		&cache_attr_physical_line_partition,
		&cache_attr_shared_cpu_list,
		&cache_attr_shared_cpu_map,
		&cache_attr_size,
		&cache_attr_type,
		&cache_attr_uevent,
		&cache_attr_ways_of_associativity,
		NULL,
	},
};

static int cache_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long i;

	if (sysfs_parse_numbered(name, "index", &i) && i < cpu_nr_caches(obj->k))
		return sysfs_node_dir(out, obj->k, &cache_index_dir, obj->id, (int)i, 0);
	return -ENOENT;
}

static void cache_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (int i = 0; i < cpu_nr_caches(obj->k); i++)
		sysfs_fill_numbered(fd, SYSFS_DIR, "index", i);
}

const struct sysfs_dir_type cpu_cache_dir = {
	.attrs = (const struct sysfs_attr *const[]){ &cache_attr_uevent, NULL },
	.lookup = cache_lookup,
	.readdir = cache_readdir,
};

bool cpu_cache_visible(const struct sysfs_obj *obj)
{
	return cpu_nr_caches(obj->k) > 0;
}
