// SPDX-License-Identifier: MIT
/*
 * NUMA nodes (drivers/base/node.c): /sys/devices/system/node with the node
 * state masks, the nodeN devices and /sys/bus/node.  A node's meminfo,
 * vmstat and numastat show what the model keeps (zones' managed and free
 * pages); the counters it does not keep read 0.
 */
#include <stdio.h>
#include <string.h>

#include "lib/strparse.h"
#include "lib/util.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "sysfs/sysfs_internal.h"

/* ---- nodeN ---- */

static int cpulist_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit_list(buf, node_cpumask(obj->k, (int)obj->id));
	return 0;
}
SYSFS_ATTR_RO(cpulist);

static int cpumap_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit_cpumap(buf, obj->k, node_cpumask(obj->k, (int)obj->id));
	return 0;
}
SYSFS_ATTR_RO(cpumap);

/* no SLIT from QEMU without -numa dist: 10 local, 20 remote */
static int distance_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	uint64_t online = node_mask_get(obj->k, NODE_MASK_ONLINE);
	bool first = true;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!((online >> nid) & 1))
			continue;
		sysfs_emit(buf, "%s%d", first ? "" : " ", nid == obj->id ? 10 : 20);
		first = false;
	}
	sysfs_emit(buf, "\n");
	return 0;
}
SYSFS_ATTR_RO(distance);

/* the kB lines after MemTotal/MemFree/MemUsed: the model keeps no page cache, slab or huge pages */
static const char *const node_meminfo_zero_kb[] = {
	"SwapCached:", "Active:", "Inactive:", "Active(anon):", "Inactive(anon):", "Active(file):",
	"Inactive(file):", "Unevictable:", "Mlocked:", "Dirty:", "Writeback:", "FilePages:", "Mapped:",
	"AnonPages:", "Shmem:", "KernelStack:", "PageTables:", "SecPageTables:", "NFS_Unstable:", "Bounce:",
	"WritebackTmp:", "KReclaimable:", "Slab:", "SReclaimable:", "SUnreclaim:", "AnonHugePages:",
	"ShmemHugePages:", "ShmemPmdMapped:", "FileHugePages:", "FilePmdMapped:",
};

static int meminfo_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	/* 6.12 aligns the file huge page lines and adds Unaccepted after them */
	bool v612 = kernel_has(obj->k, KF_NODE_MEMINFO_UNACCEPTED);
	int nid = (int)obj->id;
	uint64_t total = 0, free = 0;

	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		struct zone_info zi;

		if (!zone_get_info(obj->k, nid, zt, &zi)) {
			total += zi.managed;
			free += zi.free;
		}
	}
	sysfs_emit(buf, "Node %d MemTotal:       %8llu kB\n", nid, (unsigned long long)total * 4);
	sysfs_emit(buf, "Node %d MemFree:        %8llu kB\n", nid, (unsigned long long)free * 4);
	sysfs_emit(buf, "Node %d MemUsed:        %8llu kB\n", nid, (unsigned long long)(total - free) * 4);
	for (size_t i = 0; i < ARRAY_SIZE(node_meminfo_zero_kb); i++) {
		const char *name = node_meminfo_zero_kb[i];

		/* 6.1 prints these two one column short */
		if (!v612 && (!strcmp(name, "FileHugePages:") || !strcmp(name, "FilePmdMapped:")))
			sysfs_emit(buf, "Node %d %s %8u kB\n", nid, name, 0);
		else
			sysfs_emit(buf, "Node %d %-16s%8u kB\n", nid, name, 0);
	}
	if (v612)
		sysfs_emit(buf, "Node %d %-16s%8u kB\n", nid, "Unaccepted:", 0);
	sysfs_emit(buf, "Node %d HugePages_Total: %5u\nNode %d HugePages_Free:  %5u\nNode %d HugePages_Surp:  %5u\n",
		   nid, 0, nid, 0, nid, 0);
	return 0;
}
SYSFS_ATTR_RO(meminfo);

SYSFS_ATTR_TEXT(attr_numastat, "numastat", 0444,
		"numa_hit 0\nnuma_miss 0\nnuma_foreign 0\ninterleave_hit 0\nlocal_node 0\nother_node 0\n");

static int vmstat_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	uint64_t free = 0;

	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		struct zone_info zi;

		if (!zone_get_info(obj->k, (int)obj->id, zt, &zi))
			free += zi.free;
	}
	sysfs_emit(buf, "nr_free_pages %llu\n", (unsigned long long)free);
	return 0;
}
SYSFS_ATTR_RO(vmstat);

/* compaction is not modelled: any write succeeds */
static int compact_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
			 struct memhp_err *err)
{
	return 0;
}
SYSFS_ATTR_WO(compact);

/* the model-only node-level interface (node_memory_interface_set()) */
static int memory_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	uint64_t on, off;

	node_memory_bytes(obj->k, (int)obj->id, &on, &off);
	sysfs_emit(buf, "online %llu\noffline %llu\n", (unsigned long long)on, (unsigned long long)off);
	return 0;
}

/* "offline [START] SIZE" or "online [START] SIZE", memparse() numbers */
static int memory_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
			struct memhp_err *err)
{
	char line[128], *w[4] = { 0 }, *save = NULL;
	unsigned long long v[2];
	int nw = 0;

	snprintf(line, sizeof(line), "%s", buf);
	for (char *t = strtok_r(line, " \t\n", &save); t && nw < 4; t = strtok_r(NULL, " \t\n", &save))
		w[nw++] = t;
	if (nw < 2 || nw > 3 || (strcmp(w[0], "offline") && strcmp(w[0], "online")))
		return memhp_err_set(err, -EINVAL, "write \"offline [START] SIZE\" or \"online [START] SIZE\"");
	for (int i = 1; i < nw; i++) {
		char *end;

		v[i - 1] = memparse(w[i], &end);
		if (*end || end == w[i])
			return memhp_err_set(err, -EINVAL, "bad number '%s'", w[i]);
	}
	return node_memory_store(obj->k, (int)obj->id, !strcmp(w[0], "online"), nw == 3, nw == 3 ? v[0] : 0,
				 nw == 3 ? v[1] : v[0], err);
}

static bool memory_visible(const struct sysfs_obj *obj)
{
	return node_memory_interface_enabled(obj->k);
}
SYSFS_ATTR_FULL(attr_memory, "memory", 0644, memory_show, memory_store, memory_visible);

static const struct sysfs_attr *const node_attrs[] = {
	&attr_compact,
	&attr_cpulist,
	&attr_cpumap,
	&attr_distance,
	&attr_meminfo,
	&attr_numastat,
	&attr_vmstat,
	&attr_memory,
	NULL,
};

static const struct sysfs_device_type node_device = {
	.subsystem = "/sys/bus/node",
	.power = true,
};

/* hugepages/hugepages-<size>kB: no huge pages are modelled, none can be reserved */
static int nr_hugepages_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			      size_t len, struct memhp_err *err)
{
	if (kstrtoull(buf, 0, &(unsigned long long){ 0 }))
		return memhp_err_set(err, -EINVAL, "nr_hugepages takes a number");
	if (strtoull(buf, NULL, 0))
		return memhp_err_set(err, -EOPNOTSUPP, "memhp does not model huge pages");
	return 0;
}

SYSFS_ATTR_TEXT(attr_free_hugepages, "free_hugepages", 0444, "0\n");
static const struct sysfs_attr attr_nr_hugepages = {
	.name = "nr_hugepages", .mode = 0644, .show = sysfs_show_text, .store = nr_hugepages_store, .data = "0\n",
};
SYSFS_ATTR_TEXT(attr_surplus_hugepages, "surplus_hugepages", 0444, "0\n");

static const struct sysfs_dir_type hugepage_size_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_free_hugepages,
		&attr_nr_hugepages,
		&attr_surplus_hugepages,
		NULL,
	},
};

/*
 * demote and demote_size of gigantic pages (hugetlb's demote_store() and
 * demote_size_store()): with no huge page free, a demote request is taken
 * and does nothing; the only smaller huge page size is 2 MiB
 */
static int demote_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
			struct memhp_err *err)
{
	unsigned long long n;

	if (kstrtoull(buf, 0, &n))
		return memhp_err_set(err, -EINVAL, "demote takes a number of pages");
	return 0;
}
SYSFS_ATTR_WO(demote);

static int demote_size_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			     size_t len, struct memhp_err *err)
{
	if (memparse(buf, &(char *){ NULL }) != (2ULL << 20))
		return memhp_err_set(err, -EINVAL, "the only smaller huge page size is 2048kB");
	return 0;
}
static const struct sysfs_attr attr_demote_size = {
	.name = "demote_size", .mode = 0644, .show = sysfs_show_text, .store = demote_size_store,
	.data = "2048kB\n",
};

static const struct sysfs_dir_type gigantic_page_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_demote,
		&attr_demote_size,
		&attr_free_hugepages,
		&attr_nr_hugepages,
		&attr_surplus_hugepages,
		NULL,
	},
};

static const struct sysfs_dir_type hugepages_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("hugepages-1048576kB", &gigantic_page_dir),
		SYSFS_SUBDIR("hugepages-2048kB", &hugepage_size_dir),
		{ NULL },
	},
};

/*
 * memory_failure/ (kernels with KF_NODE_MEMORY_FAILURE): how many pages of
 * the node memory failure handling met, by outcome.  memhp models no
 * hardware errors and refuses error injection (hard_offline_page), so no
 * page of any node has failed.
 */
SYSFS_ATTR_TEXT(attr_mf_total, "total", 0444, "0\n");
SYSFS_ATTR_TEXT(attr_mf_ignored, "ignored", 0444, "0\n");
SYSFS_ATTR_TEXT(attr_mf_failed, "failed", 0444, "0\n");
SYSFS_ATTR_TEXT(attr_mf_delayed, "delayed", 0444, "0\n");
SYSFS_ATTR_TEXT(attr_mf_recovered, "recovered", 0444, "0\n");

static const struct sysfs_dir_type memory_failure_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_mf_total,
		&attr_mf_ignored,
		&attr_mf_failed,
		&attr_mf_delayed,
		&attr_mf_recovered,
		NULL,
	},
};

static bool memory_failure_visible(const struct sysfs_obj *parent)
{
	return kernel_has(parent->k, KF_NODE_MEMORY_FAILURE);
}

/* cpuN and memoryN */
static int node_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	struct memory_block_info info;
	long n;

	if (sysfs_parse_numbered(name, "cpu", &n) && n < 64 && ((node_cpumask(obj->k, (int)obj->id) >> n) & 1))
		return sysfs_node_link(out, "/sys/devices/system/cpu/cpu%ld", n);
	if (sysfs_parse_numbered(name, "memory", &n) && !memory_block_get_info(obj->k, (unsigned long)n, &info) &&
	    ((info.nodes_linked >> obj->id) & 1))
		return sysfs_node_link(out, "/sys/devices/system/memory/memory%ld", n);
	return -ENOENT;
}

static void node_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	uint64_t cpus = node_cpumask(obj->k, (int)obj->id);

	for (int cpu = 0; cpu < 64; cpu++)
		if ((cpus >> cpu) & 1)
			sysfs_fill_numbered(fd, SYSFS_LINK, "cpu", cpu);
	for (long id = memory_block_next(obj->k, 0); id >= 0; id = memory_block_next(obj->k, (unsigned long)id + 1)) {
		struct memory_block_info info;

		memory_block_get_info(obj->k, (unsigned long)id, &info);
		if ((info.nodes_linked >> obj->id) & 1)
			sysfs_fill_numbered(fd, SYSFS_LINK, "memory", id);
	}
}

static const struct sysfs_dir_type node_dir = {
	.attrs = node_attrs,
	.dev = &node_device,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("hugepages", &hugepages_dir),
		SYSFS_SUBDIR_IF("memory_failure", &memory_failure_dir, memory_failure_visible),
		SYSFS_SUBDIR("x86", &sysfs_empty_dir),
		{ NULL },
	},
	.lookup = node_lookup,
	.readdir = node_readdir,
};

/* ---- /sys/devices/system/node: the node state masks ---- */

static int node_state_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit_list(buf, node_mask_get(obj->k, *(const enum node_mask *)attr->data));
	return 0;
}

#define NODE_STATE_ATTR(_name, _mask)                                                          \
	static const enum node_mask _name##_mask = _mask;                                      \
	static const struct sysfs_attr attr_##_name = {                                        \
		.name = #_name, .mode = 0444, .show = node_state_show, .data = &_name##_mask,  \
	}

NODE_STATE_ATTR(possible, NODE_MASK_POSSIBLE);
NODE_STATE_ATTR(online, NODE_MASK_ONLINE);
NODE_STATE_ATTR(has_normal_memory, NODE_MASK_HAS_NORMAL_MEMORY);
NODE_STATE_ATTR(has_memory, NODE_MASK_HAS_MEMORY);
NODE_STATE_ATTR(has_cpu, NODE_MASK_HAS_CPU);

/* no generic initiators (ACPI SRAT type 5) in the model */
static int has_generic_initiator_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr,
				      struct seq_buf *buf)
{
	sysfs_emit_list(buf, 0);
	return 0;
}
SYSFS_ATTR_RO(has_generic_initiator);

static const struct sysfs_attr *const node_root_attrs[] = {
	&attr_possible,
	&attr_online,
	&attr_has_normal_memory,
	&attr_has_memory,
	&attr_has_cpu,
	&attr_has_generic_initiator,
	NULL,
};

static const struct sysfs_device_type node_root_device = {
	.power = true,
};

static int node_root_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long nid;

	if (sysfs_parse_numbered(name, "node", &nid) && nid < MAX_NUMNODES &&
	    ((node_mask_get(obj->k, NODE_MASK_ONLINE) >> nid) & 1))
		return sysfs_node_dir(out, obj->k, &node_dir, nid, 0, 0);
	return -ENOENT;
}

static void node_root_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	uint64_t online = node_mask_get(obj->k, NODE_MASK_ONLINE);

	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if ((online >> nid) & 1)
			sysfs_fill_numbered(fd, SYSFS_DIR, "node", nid);
}

const struct sysfs_dir_type node_root_dir = {
	.attrs = node_root_attrs,
	.dev = &node_root_device,
	.lookup = node_root_lookup,
	.readdir = node_root_readdir,
};

/* ---- /sys/bus/node ---- */

/* devices/: a link to each online node's directory */
static int node_bus_devices_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long nid;

	if (sysfs_parse_numbered(name, "node", &nid) && nid < MAX_NUMNODES &&
	    ((node_mask_get(obj->k, NODE_MASK_ONLINE) >> nid) & 1))
		return sysfs_node_link(out, "/sys/devices/system/node/node%ld", nid);
	return -ENOENT;
}

static void node_bus_devices_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	uint64_t online = node_mask_get(obj->k, NODE_MASK_ONLINE);

	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if ((online >> nid) & 1)
			sysfs_fill_numbered(fd, SYSFS_LINK, "node", nid);
}

static const struct sysfs_dir_type node_bus_devices_dir = {
	.lookup = node_bus_devices_lookup,
	.readdir = node_bus_devices_readdir,
};

const struct sysfs_dir_type node_bus_dir = {
	.attrs = bus_attrs,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("devices", &node_bus_devices_dir),
		SYSFS_SUBDIR("drivers", &sysfs_empty_dir),
		{ NULL },
	},
};
