// SPDX-License-Identifier: MIT
/*
 * The guest's sysfs and procfs tree as text (see memhp/sysfs.h): path
 * resolution, the attribute tables of the memory and node subsystems and of
 * memory_hotplug's module parameters, and the /proc files.  Values come from
 * the model's public API (memhp/mm.h); formats and input parsing copy
 * Linux 6.1 (sysfs_emit, kstrtox, sysfs_streq).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strparse.h"
#include "lib/util.h"
#include "memhp/drivers.h"
#include "memhp/mm.h"
#include "memhp/sysfs.h"

#define SYSFS_WRITE_MAX 4096

enum attr_id {
	A_NONE,
	/* directories */
	D_ROOT, D_SYS, D_DEVICES, D_SYSTEM, D_MEMORY, D_BLOCK, D_NODE_ROOT, D_NODE, D_POWER,
	D_MODULE, D_MHP_MODULE, D_MHP_PARAMS, D_PROC, D_BUS, D_BUS_MEMORY, D_BUS_MEMORY_DEVICES,
	D_FIRMWARE, D_FW_MEMMAP, D_FW_ENTRY, A_FW_START, A_FW_END, A_FW_TYPE, L_BUS_BLOCK,
	/* /sys/devices/system/memory */
	A_BLOCK_SIZE, A_AUTO_ONLINE, A_SOFT_OFFLINE, A_HARD_OFFLINE, A_UEVENT,
	/* memoryN */
	A_PHYS_INDEX, A_STATE, A_ONLINE, A_PHYS_DEVICE, A_REMOVABLE, A_VALID_ZONES,
	L_BLOCK_NODE, L_SUBSYSTEM, L_FIRMWARE_NODE,
	/* node */
	A_NODE_MASK, A_CPULIST, A_CPUMAP, A_NODE_MEMINFO, A_DISTANCE, A_COMPACT, A_NUMASTAT, A_VMSTAT,
	A_NODE_MEMORY,
	L_NODE_BLOCK, L_NODE_CPU, D_HUGEPAGES, D_HUGEPAGE_SIZE, A_HUGEPAGES_COUNT, D_NODE_X86,
	A_POWER, A_BUS_FILE, D_BUS_DRIVERS, D_BUS_NODE,
	/* ACPI: /sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:NN */
	D_ACPI_SYSTM, D_ACPI_SYBUS, D_ACPI_MHPC, D_ACPI_MEMDEV, A_ACPI_FILE, A_ACPI_EJECT, L_ACPI_PHYS_NODE,
	D_BUS_ACPI, D_BUS_ACPI_DEVICES, D_BUS_VIRTIO, D_VIRTIO_DRIVERS, D_VIRTIO_MEM_DRIVER,
	A_DRIVER_FILE, L_DRIVER_LINK, D_VM_MODULE, D_VM_PARAMS, A_VM_PARAM,
	/* the nd bus: /sys/bus/nd and /sys/devices/platform/e820_pmem/ndbus0 */
	D_BUS_ND, D_ND_DEVICES, D_ND_DRIVERS, D_ND_DRIVER, D_PLATFORM, D_E820_PMEM, D_NDBUS, D_ND_REGION,
	D_ND_NAMESPACE, D_ND_SEED, A_ND_REGION, A_ND_NS, A_ND_SEED, A_ND_DRIVER_FILE, L_ND,
	D_ND_DAX, A_ND_DAX, D_DEV_DAX, A_DEV_DAX, D_DEV_DAX_MAPPING, A_DEV_DAX_MAPPING,
	D_BUS_DAX, D_DAX_DEVICES, D_DAX_DRIVERS, D_DAX_DRIVER, A_DAX_DRIVER_FILE,
	/* Xen balloon: /sys/devices/system/xen_memory/xen_memory0 */
	D_XEN_MEMORY, D_XEN_MEMORY0, D_XEN_INFO, A_XEN_FILE,
	/* module parameters */
	A_ONLINE_POLICY, A_RATIO, A_NUMA_AWARE, A_MEMMAP_ON_MEMORY,
	/* proc */
	A_IOMEM, A_MEMINFO, A_ZONEINFO,
};

struct sysfs_entry {
	enum attr_id id;
	enum sysfs_kind kind;
	unsigned int mode;
	long block;		/* memoryN */
	int fw_index;		/* /sys/firmware/memmap/N */
	int slot;		/* PNP0C80:NN */
	int nid;		/* nodeN */
	int mask;		/* node mask file */
	char target[128];
};

struct named {
	const char *name;
	enum attr_id id;
	unsigned int mode;
};

static const struct named memory_root_files[] = {
	{ "block_size_bytes", A_BLOCK_SIZE, 0444 },
	{ "auto_online_blocks", A_AUTO_ONLINE, 0644 },
	{ "soft_offline_page", A_SOFT_OFFLINE, 0200 },
	{ "hard_offline_page", A_HARD_OFFLINE, 0200 },
	{ "uevent", A_UEVENT, 0644 },
};

static const struct named block_files[] = {
	{ "phys_index", A_PHYS_INDEX, 0444 },
	{ "state", A_STATE, 0644 },
	{ "online", A_ONLINE, 0644 },
	{ "phys_device", A_PHYS_DEVICE, 0444 },
	{ "removable", A_REMOVABLE, 0444 },
	{ "valid_zones", A_VALID_ZONES, 0444 },
	{ "uevent", A_UEVENT, 0644 },
};

static const char *const node_mask_names[NODE_MASK_COUNT] = {
	[NODE_MASK_POSSIBLE] = "possible",
	[NODE_MASK_ONLINE] = "online",
	[NODE_MASK_HAS_NORMAL_MEMORY] = "has_normal_memory",
	[NODE_MASK_HAS_MEMORY] = "has_memory",
	[NODE_MASK_HAS_CPU] = "has_cpu",
};

static const struct named node_root_files[] = {
	{ "uevent", A_UEVENT, 0644 },
};

static const struct named node_files[] = {
	{ "compact", A_COMPACT, 0200 },
	{ "cpulist", A_CPULIST, 0444 },
	{ "cpumap", A_CPUMAP, 0444 },
	{ "distance", A_DISTANCE, 0444 },
	{ "meminfo", A_NODE_MEMINFO, 0444 },
	{ "numastat", A_NUMASTAT, 0444 },
	{ "uevent", A_UEVENT, 0644 },
	{ "vmstat", A_VMSTAT, 0444 },
};

static const struct named param_files[] = {
	{ "online_policy", A_ONLINE_POLICY, 0644 },
	{ "auto_movable_ratio", A_RATIO, 0644 },
	{ "auto_movable_numa_aware", A_NUMA_AWARE, 0644 },
	{ "memmap_on_memory", A_MEMMAP_ON_MEMORY, 0444 },
};

/* the runtime-PM files every device has; values of a device without runtime PM */
static const struct {
	const char *name;
	unsigned int mode;
	const char *value;		/* NULL: reading fails with EIO */
} power_files[] = {
	{ "async", 0644, "disabled" },
	{ "autosuspend_delay_ms", 0644, NULL },
	{ "control", 0644, "auto" },
	{ "runtime_active_kids", 0444, "0" },
	{ "runtime_active_time", 0444, "0" },
	{ "runtime_enabled", 0444, "disabled" },
	{ "runtime_status", 0444, "unsupported" },
	{ "runtime_suspended_time", 0444, "0" },
	{ "runtime_usage", 0444, "0" },
};

/* /sys/bus/<bus>/ */
static const struct named bus_files[] = {
	{ "drivers_autoprobe", A_BUS_FILE, 0644 },
	{ "drivers_probe", A_BUS_FILE, 0200 },
	{ "uevent", A_BUS_FILE, 0200 },
};

static const struct named acpi_memdev_files[] = {
	{ "eject", A_ACPI_EJECT, 0200 },
	{ "hid", A_ACPI_FILE, 0444 },
	{ "modalias", A_ACPI_FILE, 0444 },
	{ "path", A_ACPI_FILE, 0444 },
	{ "status", A_ACPI_FILE, 0444 },
	{ "uevent", A_ACPI_FILE, 0644 },
	{ "uid", A_ACPI_FILE, 0444 },
};

/* a driver's directory under /sys/bus/<bus>/drivers/ */
static const struct named driver_files[] = {
	{ "bind", A_DRIVER_FILE, 0200 },
	{ "uevent", A_DRIVER_FILE, 0200 },
	{ "unbind", A_DRIVER_FILE, 0200 },
};

/* the nd bus (drivers/nvdimm): a region's files, a namespace_io's, a seed's */
static const struct named nd_region_files[] = {
	{ "align", A_ND_REGION, 0644 },
	{ "badblocks", A_ND_REGION, 0444 },
	{ "btt_seed", A_ND_REGION, 0444 },
	{ "dax_seed", A_ND_REGION, 0444 },
	{ "devtype", A_ND_REGION, 0444 },
	{ "init_namespaces", A_ND_REGION, 0444 },
	{ "mappings", A_ND_REGION, 0444 },
	{ "max_available_extent", A_ND_REGION, 0444 },
	{ "modalias", A_ND_REGION, 0444 },
	{ "namespace_seed", A_ND_REGION, 0444 },
	{ "nstype", A_ND_REGION, 0444 },
	{ "numa_node", A_ND_REGION, 0444 },
	{ "pfn_seed", A_ND_REGION, 0444 },
	{ "read_only", A_ND_REGION, 0644 },
	{ "resource", A_ND_REGION, 0400 },
	{ "size", A_ND_REGION, 0444 },
	{ "target_node", A_ND_REGION, 0444 },	/* hidden without a target node */
	{ "uevent", A_ND_REGION, 0644 },
};

static const struct named nd_ns_files[] = {
	{ "devtype", A_ND_NS, 0444 },
	{ "force_raw", A_ND_NS, 0644 },
	{ "holder", A_ND_NS, 0444 },
	{ "holder_class", A_ND_NS, 0644 },
	{ "modalias", A_ND_NS, 0444 },
	{ "mode", A_ND_NS, 0444 },
	{ "nstype", A_ND_NS, 0444 },
	{ "numa_node", A_ND_NS, 0444 },
	{ "resource", A_ND_NS, 0400 },
	{ "size", A_ND_NS, 0444 },
	{ "uevent", A_ND_NS, 0644 },
};

static const struct named nd_seed_files[] = {
	{ "devtype", A_ND_SEED, 0444 },
	{ "uevent", A_ND_SEED, 0644 },
};

static const struct named nd_dax_files[] = {
	{ "align", A_ND_DAX, 0644 },
	{ "devtype", A_ND_DAX, 0444 },
	{ "modalias", A_ND_DAX, 0444 },
	{ "mode", A_ND_DAX, 0644 },
	{ "namespace", A_ND_DAX, 0644 },
	{ "resource", A_ND_DAX, 0400 },
	{ "size", A_ND_DAX, 0444 },
	{ "supported_alignments", A_ND_DAX, 0444 },
	{ "uevent", A_ND_DAX, 0644 },
	{ "uuid", A_ND_DAX, 0644 },
};

/* the dev_dax on the dax bus (drivers/dax/bus.c) */
static const struct named dev_dax_files[] = {
	{ "align", A_DEV_DAX, 0644 },
	{ "modalias", A_DEV_DAX, 0444 },
	{ "numa_node", A_DEV_DAX, 0444 },
	{ "resource", A_DEV_DAX, 0400 },
	{ "size", A_DEV_DAX, 0644 },
	{ "target_node", A_DEV_DAX, 0444 },	/* hidden without a target node */
	{ "uevent", A_DEV_DAX, 0644 },
};

static const struct named dev_dax_mapping_files[] = {
	{ "end", A_DEV_DAX_MAPPING, 0400 },
	{ "page_offset", A_DEV_DAX_MAPPING, 0400 },
	{ "start", A_DEV_DAX_MAPPING, 0400 },
};

static const struct named dax_driver_files[] = {
	{ "bind", A_DAX_DRIVER_FILE, 0200 },
	{ "new_id", A_DAX_DRIVER_FILE, 0200 },
	{ "remove_id", A_DAX_DRIVER_FILE, 0200 },
	{ "uevent", A_DAX_DRIVER_FILE, 0200 },
	{ "unbind", A_DAX_DRIVER_FILE, 0200 },
};

static const char *const dax_drivers[] = { "device_dax", "kmem" };

static const char *const nd_drivers[] = { "dax_pmem", "nd_bus", "nd_pmem", "nd_region", "nvdimm" };
static const char *const nd_seed_devtypes[] = { "nd_btt", "nd_pfn", "nd_dax" };

/* /sys/devices/system/xen_memory/xen_memory0 and its info/ (drivers/xen/xen-balloon.c) */
static const struct named xen_files[] = {
	{ "target", A_XEN_FILE, 0644 },
	{ "target_kb", A_XEN_FILE, 0644 },
};

static const struct named xen_info_files[] = {
	{ "current_kb", A_XEN_FILE, 0444 },
	{ "high_kb", A_XEN_FILE, 0444 },
	{ "low_kb", A_XEN_FILE, 0444 },
};

/* /sys/module/virtio_mem/parameters (Linux 6.1) */
static const struct named vm_param_files[] = {
	{ "bbm_block_size", A_VM_PARAM, 0444 },
	{ "bbm_safe_unplug", A_VM_PARAM, 0444 },
	{ "force_bbm", A_VM_PARAM, 0444 },
	{ "unplug_online", A_VM_PARAM, 0644 },
};

static const struct named fw_entry_files[] = {
	{ "end", A_FW_END, 0400 },
	{ "start", A_FW_START, 0400 },
	{ "type", A_FW_TYPE, 0400 },
};

static const struct named proc_files[] = {
	{ "iomem", A_IOMEM, 0444 },
	{ "meminfo", A_MEMINFO, 0444 },
	{ "zoneinfo", A_ZONEINFO, 0444 },
};


/* parses "prefix<decimal>" exactly (no leading zeros, no sign) */
static bool parse_numbered(const char *s, const char *prefix, long *out)
{
	size_t n = strlen(prefix);
	long v = 0;
	const char *p;

	if (strncmp(s, prefix, n) || !s[n])
		return false;
	p = s + n;
	if (p[0] == '0' && p[1])
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000L)
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return true;
}

/* the slot of an ACPI memory device name "PNP0C80:NN" (NN: lowercase hex), or -1 */
static int acpi_memdev_slot(struct kernel *k, const char *name)
{
	static const char hex[] = "0123456789abcdef";
	struct acpi_memory_slot_info si;
	const char *hi, *lo;
	int slot;

	if (strlen(name) != 10 || strncmp(name, "PNP0C80:", 8) || !name[8] || !name[9])
		return -1;
	hi = strchr(hex, name[8]);
	lo = strchr(hex, name[9]);
	if (!hi || !lo)
		return -1;
	slot = (int)(hi - hex) * 16 + (int)(lo - hex);
	return acpi_memory_slot_get_info(k, slot, &si) ? -1 : slot;
}

static void set_dir(struct sysfs_entry *e, enum attr_id id)
{
	e->id = id;
	e->kind = SYSFS_DIR;
	e->mode = 0755;
}

/* finds @name in a table of files; e->mask becomes its index there */
static bool lookup_named(const struct named *tab, size_t n, const char *name, struct sysfs_entry *e)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(tab[i].name, name)) {
			e->id = tab[i].id;
			e->kind = SYSFS_FILE;
			e->mode = tab[i].mode;
			e->mask = (int)i;
			return true;
		}
	}
	return false;
}

static bool node_exists(struct kernel *k, int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES && ((node_mask_get(k, NODE_MASK_ONLINE) >> nid) & 1);
}

/*
 * "namespaceR.0", "bttR.0", "pfnR.0", "daxR.N": the region R, which kind
 * (0 namespace, 1 btt, 2 pfn, 3 dax), and N in @idx; or -1
 */
static int nd_child_of_idx(struct kernel *k, const char *name, int *kind, int *idx)
{
	static const char *const prefixes[] = { "namespace", "btt", "pfn", "dax" };

	for (int i = 0; i < 4; i++) {
		size_t n = strlen(prefixes[i]);
		long r, m;
		char buf[32], *dot;

		if (strncmp(name, prefixes[i], n))
			continue;
		snprintf(buf, sizeof(buf), "%s", name + n);
		dot = strchr(buf, '.');
		if (!dot)
			return -1;
		*dot = 0;
		if (!parse_numbered(buf, "", &r) || !parse_numbered(dot + 1, "", &m) || r >= nd_region_count(k))
			return -1;
		if (i == 3 ? m >= nd_dax_count(k, (int)r) : i == 2 ? m >= nd_pfn_count(k, (int)r) : m != 0)
			return -1;
		*kind = i;
		*idx = (int)m;
		return (int)r;
	}
	return -1;
}

static int nd_child_of(struct kernel *k, const char *name, int *kind)
{
	int idx;

	return nd_child_of_idx(k, name, kind, &idx);
}

static int nd_driver_index(struct kernel *k, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(nd_drivers); i++)
		if (!strcmp(name, nd_drivers[i]) && nd_driver_loaded(k, name))
			return (int)i;
	return -1;
}

static void set_link(struct sysfs_entry *e, const char *target)
{
	e->id = L_ND;
	e->kind = SYSFS_LINK;
	e->mode = 0777;
	snprintf(e->target, sizeof(e->target), "%s", target);
}

#define ND_DEVICES_PATH "devices/platform/e820_pmem/ndbus0"

/* resolves one path component below a directory entry */
static int resolve_child(struct kernel *k, struct sysfs_entry *e, const char *name)
{
	long n;

	switch (e->id) {
	case D_ROOT:
		if (!strcmp(name, "sys"))
			return set_dir(e, D_SYS), 0;
		if (!strcmp(name, "proc"))
			return set_dir(e, D_PROC), 0;
		break;
	case D_SYS:
		if (!strcmp(name, "devices"))
			return set_dir(e, D_DEVICES), 0;
		if (!strcmp(name, "module"))
			return set_dir(e, D_MODULE), 0;
		if (!strcmp(name, "bus"))
			return set_dir(e, D_BUS), 0;
		if (!strcmp(name, "firmware"))
			return set_dir(e, D_FIRMWARE), 0;
		break;
	case D_BUS:
		if (!strcmp(name, "memory"))
			return set_dir(e, D_BUS_MEMORY), 0;
		if (!strcmp(name, "node"))
			return set_dir(e, D_BUS_NODE), 0;
		if (!strcmp(name, "acpi"))
			return set_dir(e, D_BUS_ACPI), 0;
		if (!strcmp(name, "virtio"))
			return set_dir(e, D_BUS_VIRTIO), 0;
		if (!strcmp(name, "nd") && nd_bus_present(k))
			return set_dir(e, D_BUS_ND), 0;
		if (!strcmp(name, "dax") && dax_bus_present(k))
			return set_dir(e, D_BUS_DAX), 0;
		break;
	case D_BUS_ND:
		if (!strcmp(name, "devices"))
			return set_dir(e, D_ND_DEVICES), 0;
		if (!strcmp(name, "drivers"))
			return set_dir(e, D_ND_DRIVERS), 0;
		if (lookup_named(bus_files, ARRAY_SIZE(bus_files), name, e))
			return 0;
		break;
	case D_ND_DEVICES: {
		int kind, id;
		char t[128];

		if (!strcmp(name, "ndbus0"))
			return set_link(e, "../../../" ND_DEVICES_PATH), 0;
		if (parse_numbered(name, "region", &n) && n < nd_region_count(k)) {
			snprintf(t, sizeof(t), "../../../" ND_DEVICES_PATH "/region%ld", n);
			return set_link(e, t), 0;
		}
		id = nd_child_of(k, name, &kind);
		if (id >= 0) {
			snprintf(t, sizeof(t), "../../../" ND_DEVICES_PATH "/region%d/%.40s", id, name);
			return set_link(e, t), 0;
		}
		break;
	}
	case D_ND_DRIVERS:
		e->mask = nd_driver_index(k, name);
		if (e->mask >= 0) {
			int d = e->mask;

			set_dir(e, D_ND_DRIVER);
			e->mask = d;
			return 0;
		}
		break;
	case D_ND_DRIVER: {
		struct nd_namespace_info ni;
		int kind, id;
		char t[128];

		int drv = e->mask;

		if (lookup_named(driver_files, ARRAY_SIZE(driver_files), name, e)) {
			e->id = A_ND_DRIVER_FILE;
			e->slot = drv;
			return 0;
		}
		if (!strcmp(name, "module")) {
			snprintf(t, sizeof(t), "../../../../module/%s", nd_drivers[e->mask]);
			return set_link(e, t), 0;
		}
		{
			int idx;
			struct nd_dax_info di;

			id = nd_child_of_idx(k, name, &kind, &idx);
			if ((!strcmp(nd_drivers[e->mask], "nd_pmem") && id >= 0 && kind == 0 && !nd_namespace_get(k, id, &ni) &&
			     ni.bound) ||
			    (!strcmp(nd_drivers[e->mask], "dax_pmem") && id >= 0 && kind == 3 && !nd_dax_get(k, id, idx, &di) &&
			     di.bound) ||
			    (!strcmp(nd_drivers[e->mask], "nd_pmem") && id >= 0 && kind == 2 && !nd_pfn_get(k, id, idx, &di) &&
			     di.bound)) {
				snprintf(t, sizeof(t), "../../../../" ND_DEVICES_PATH "/region%d/%.40s", id, name);
				return set_link(e, t), 0;
			}
		}
		break;
	}
	case D_PLATFORM:
		if (!strcmp(name, "e820_pmem") && nd_bus_present(k))
			return set_dir(e, D_E820_PMEM), 0;
		break;
	case D_E820_PMEM:
		if (!strcmp(name, "ndbus0"))
			return set_dir(e, D_NDBUS), 0;
		break;
	case D_NDBUS:
		if (parse_numbered(name, "region", &n) && n < nd_region_count(k)) {
			set_dir(e, D_ND_REGION);
			e->block = -1;
			e->nid = (int)n;
			return 0;
		}
		break;
	case D_ND_REGION: {
		struct nd_region_info ri;
		int kind, idx, id = nd_child_of_idx(k, name, &kind, &idx), region = e->nid;

		if (id == region) {
			set_dir(e, kind >= 2 ? D_ND_DAX : kind ? D_ND_SEED : D_ND_NAMESPACE);
			e->nid = region;
			e->slot = kind - 1;
			e->fw_index = idx;
			return 0;
		}
		if (!strcmp(name, "subsystem"))
			return set_link(e, "../../../../../bus/nd"), 0;
		if (!strcmp(name, "driver"))
			return set_link(e, "../../../../../bus/nd/drivers/nd_region"), 0;
		if (!strcmp(name, "target_node") && (nd_region_get(k, region, &ri) || ri.numa_node < 0))
			break;
		if (lookup_named(nd_region_files, ARRAY_SIZE(nd_region_files), name, e))
			return 0;
		break;
	}
	case D_ND_NAMESPACE: {
		struct nd_namespace_info ni;

		if (!strcmp(name, "subsystem"))
			return set_link(e, "../../../../../../bus/nd"), 0;
		if (!strcmp(name, "driver") && !nd_namespace_get(k, e->nid, &ni) && ni.bound)
			return set_link(e, "../../../../../../bus/nd/drivers/nd_pmem"), 0;
		if (lookup_named(nd_ns_files, ARRAY_SIZE(nd_ns_files), name, e))
			return 0;
		break;
	}
	case D_ND_DAX: {
		struct nd_dax_info di;
		char t[128];
		int region = e->nid, idx = e->fw_index;
		bool pfn = e->slot == 1;

		if ((pfn ? nd_pfn_get : nd_dax_get)(k, region, idx, &di))
			break;
		if (!strcmp(name, "subsystem"))
			return set_link(e, "../../../../../../bus/nd"), 0;
		if (!strcmp(name, "driver") && di.bound)
			return set_link(e, pfn ? "../../../../../../bus/nd/drivers/nd_pmem" :
						 "../../../../../../bus/nd/drivers/dax_pmem"), 0;
		snprintf(t, sizeof(t), "dax%d.%d", region, idx);
		if (!pfn && !strcmp(name, t) && di.bound) {
			set_dir(e, D_DEV_DAX);
			e->nid = region;
			e->fw_index = idx;
			return 0;
		}
		if (lookup_named(nd_dax_files, ARRAY_SIZE(nd_dax_files), name, e))
			return 0;
		break;
	}
	case D_DEV_DAX: {
		struct nd_dax_info di;
		char t[128];

		if (nd_dax_get(k, e->nid, e->fw_index, &di) || !di.bound)
			break;
		if (!strcmp(name, "subsystem"))
			return set_link(e, "../../../../../../../bus/dax"), 0;
		if (!strcmp(name, "driver") && di.driver) {
			snprintf(t, sizeof(t), "../../../../../../../bus/dax/drivers/%s", di.driver);
			return set_link(e, t), 0;
		}
		if (!strcmp(name, "mapping0")) {
			int r = e->nid, i = e->fw_index;

			set_dir(e, D_DEV_DAX_MAPPING);
			e->nid = r;
			e->fw_index = i;
			return 0;
		}
		if (!strcmp(name, "target_node") && di.target_node < 0)
			break;
		if (lookup_named(dev_dax_files, ARRAY_SIZE(dev_dax_files), name, e))
			return 0;
		break;
	}
	case D_DEV_DAX_MAPPING:
		if (lookup_named(dev_dax_mapping_files, ARRAY_SIZE(dev_dax_mapping_files), name, e))
			return 0;
		break;
	case D_BUS_DAX:
		if (!strcmp(name, "devices"))
			return set_dir(e, D_DAX_DEVICES), 0;
		if (!strcmp(name, "drivers"))
			return set_dir(e, D_DAX_DRIVERS), 0;
		if (lookup_named(bus_files, ARRAY_SIZE(bus_files), name, e))
			return 0;
		break;
	case D_DAX_DEVICES: {
		struct nd_dax_info di;
		int kind, idx, r = nd_child_of_idx(k, name, &kind, &idx);
		char t[128];

		if (r >= 0 && kind == 3 && !nd_dax_get(k, r, idx, &di) && di.bound) {
			snprintf(t, sizeof(t), "../../../" ND_DEVICES_PATH "/region%d/%.16s/%.16s", r, name, name);
			return set_link(e, t), 0;
		}
		break;
	}
	case D_DAX_DRIVERS:
		for (int i = 0; i < 2; i++) {
			if (!strcmp(name, dax_drivers[i]) && dax_driver_loaded(k, name)) {
				set_dir(e, D_DAX_DRIVER);
				e->slot = i;
				return 0;
			}
		}
		break;
	case D_DAX_DRIVER: {
		struct nd_dax_info di;
		int kind, idx, r = nd_child_of_idx(k, name, &kind, &idx), drv = e->slot;
		char t[128];

		if (lookup_named(dax_driver_files, ARRAY_SIZE(dax_driver_files), name, e)) {
			e->slot = drv;
			return 0;
		}
		if (!strcmp(name, "module")) {
			snprintf(t, sizeof(t), "../../../../module/%s", dax_drivers[drv]);
			return set_link(e, t), 0;
		}
		if (r >= 0 && kind == 3 && !nd_dax_get(k, r, idx, &di) && di.driver && !strcmp(di.driver, dax_drivers[drv])) {
			snprintf(t, sizeof(t), "../../../../" ND_DEVICES_PATH "/region%d/%.16s/%.16s", r, name, name);
			return set_link(e, t), 0;
		}
		break;
	}
	case D_ND_SEED:
		if (!strcmp(name, "subsystem"))
			return set_link(e, "../../../../../../bus/nd"), 0;
		{
			int kind = e->slot;

			if (lookup_named(nd_seed_files, ARRAY_SIZE(nd_seed_files), name, e)) {
				e->slot = kind;
				return 0;
			}
		}
		break;
	case D_BUS_VIRTIO:
		if (!strcmp(name, "drivers"))
			return set_dir(e, D_VIRTIO_DRIVERS), 0;
		if (lookup_named(bus_files, ARRAY_SIZE(bus_files), name, e))
			return 0;
		break;
	case D_VIRTIO_DRIVERS:
		if (!strcmp(name, "virtio_mem") && virtio_mem_driver_loaded(k))
			return set_dir(e, D_VIRTIO_MEM_DRIVER), 0;
		break;
	case D_VIRTIO_MEM_DRIVER:
		if (lookup_named(driver_files, ARRAY_SIZE(driver_files), name, e))
			return 0;
		if (!strcmp(name, "module")) {
			e->id = L_DRIVER_LINK;
			e->kind = SYSFS_LINK;
			e->mode = 0777;
			snprintf(e->target, sizeof(e->target), "../../../../module/virtio_mem");
			return 0;
		}
		if (parse_numbered(name, "virtio", &n) && virtio_mem_next_bound(k, (int)n) == n) {
			e->id = L_DRIVER_LINK;
			e->kind = SYSFS_LINK;
			e->mode = 0777;
			snprintf(e->target, sizeof(e->target), "../../../../devices/pci0000:00/virtio%ld", n);
			return 0;
		}
		break;
	case D_BUS_MEMORY:
	case D_BUS_NODE:
		if (e->id == D_BUS_MEMORY && !strcmp(name, "devices"))
			return set_dir(e, D_BUS_MEMORY_DEVICES), 0;
		if (!strcmp(name, "drivers"))
			return set_dir(e, D_BUS_DRIVERS), 0;
		if (lookup_named(bus_files, ARRAY_SIZE(bus_files), name, e))
			return 0;
		break;
	case D_BUS_MEMORY_DEVICES:
		if (parse_numbered(name, "memory", &n) && memory_block_next(k, (unsigned long)n) == n) {
			e->id = L_BUS_BLOCK;
			e->kind = SYSFS_LINK;
			e->mode = 0777;
			e->block = n;
			snprintf(e->target, sizeof(e->target), "../../../devices/system/memory/memory%ld", n);
			return 0;
		}
		break;
	case D_FIRMWARE:
		if (!strcmp(name, "memmap"))
			return set_dir(e, D_FW_MEMMAP), 0;
		break;
	case D_FW_MEMMAP: {
		struct firmware_map_info fi;

		if (parse_numbered(name, "", &n) && n < 1000000 && !firmware_map_get(k, (int)n, &fi)) {
			e->fw_index = (int)n;
			return set_dir(e, D_FW_ENTRY), 0;
		}
		break;
	}
	case D_FW_ENTRY:
		if (lookup_named(fw_entry_files, ARRAY_SIZE(fw_entry_files), name, e))
			return 0;
		break;
	case D_DEVICES:
		if (!strcmp(name, "system"))
			return set_dir(e, D_SYSTEM), 0;
		if (!strcmp(name, "platform") && nd_bus_present(k))
			return set_dir(e, D_PLATFORM), 0;
		if (!strcmp(name, "LNXSYSTM:00"))
			return set_dir(e, D_ACPI_SYSTM), 0;
		break;
	case D_ACPI_SYSTM:
		if (!strcmp(name, "LNXSYBUS:00"))
			return set_dir(e, D_ACPI_SYBUS), 0;
		break;
	case D_ACPI_SYBUS:
		if (!strcmp(name, "PNP0A06:04") && acpi_memory_slots(k))
			return set_dir(e, D_ACPI_MHPC), 0;
		break;
	case D_BUS_ACPI_DEVICES:
		/* only the memory devices of the ACPI namespace are modelled */
		if (acpi_memdev_slot(k, name) >= 0) {
			e->id = L_SUBSYSTEM;
			e->kind = SYSFS_LINK;
			e->mode = 0777;
			snprintf(e->target, sizeof(e->target),
				 "../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/%.10s", name);
			return 0;
		}
		break;
	case D_ACPI_MHPC:
		if (acpi_memdev_slot(k, name) >= 0) {
			e->slot = acpi_memdev_slot(k, name);
			return set_dir(e, D_ACPI_MEMDEV), 0;
		}
		break;
	case D_ACPI_MEMDEV: {
		struct acpi_memory_slot_info si;
		int slot = e->slot;

		if (lookup_named(acpi_memdev_files, ARRAY_SIZE(acpi_memdev_files), name, e))
			return 0;
		if (!strcmp(name, "power"))
			return set_dir(e, D_POWER), 0;
		if (!strcmp(name, "subsystem")) {
			e->id = L_SUBSYSTEM;
			e->kind = SYSFS_LINK;
			e->mode = 0777;
			snprintf(e->target, sizeof(e->target), "../../../../../bus/acpi");
			return 0;
		}
		acpi_memory_slot_get_info(k, slot, &si);
		if (si.bound && !strncmp(name, "physical_node", 13)) {
			long nth = 0, block;

			if (name[13] && !parse_numbered(name, "physical_node", &nth))
				break;
			if (name[13] && nth == 0)
				break;	/* the first one is plain "physical_node" */
			block = (long)(si.start / memory_block_size_bytes(k)) + nth;
			if ((uint64_t)nth >= si.size / memory_block_size_bytes(k) || memory_block_next(k, (unsigned long)block) != block)
				break;
			e->id = L_ACPI_PHYS_NODE;
			e->kind = SYSFS_LINK;
			e->mode = 0777;
			snprintf(e->target, sizeof(e->target), "../../../../system/memory/memory%ld", block);
			return 0;
		}
		break;
	}
	case D_BUS_ACPI:
		if (!strcmp(name, "drivers"))
			return set_dir(e, D_BUS_DRIVERS), 0;
		if (!strcmp(name, "devices"))
			return set_dir(e, D_BUS_ACPI_DEVICES), 0;
		if (lookup_named(bus_files, ARRAY_SIZE(bus_files), name, e))
			return 0;
		break;
	case D_SYSTEM:
		if (!strcmp(name, "memory"))
			return set_dir(e, D_MEMORY), 0;
		if (!strcmp(name, "node"))
			return set_dir(e, D_NODE_ROOT), 0;
		if (!strcmp(name, "xen_memory") && !xen_balloon_get(k, &(struct xen_balloon_info){ 0 }))
			return set_dir(e, D_XEN_MEMORY), 0;
		break;
	case D_XEN_MEMORY:
		if (!strcmp(name, "xen_memory0"))
			return set_dir(e, D_XEN_MEMORY0), 0;
		break;
	case D_XEN_MEMORY0:
		if (!strcmp(name, "info"))
			return set_dir(e, D_XEN_INFO), 0;
		if (lookup_named(xen_files, ARRAY_SIZE(xen_files), name, e))
			return 0;
		break;
	case D_XEN_INFO:
		if (lookup_named(xen_info_files, ARRAY_SIZE(xen_info_files), name, e)) {
			e->mask += (int)ARRAY_SIZE(xen_files);
			return 0;
		}
		break;
	case D_MODULE:
		if (!strcmp(name, "memory_hotplug"))
			return set_dir(e, D_MHP_MODULE), 0;
		if (!strcmp(name, "virtio_mem") && virtio_mem_driver_loaded(k))
			return set_dir(e, D_VM_MODULE), 0;
		break;
	case D_VM_MODULE:
		if (!strcmp(name, "parameters"))
			return set_dir(e, D_VM_PARAMS), 0;
		break;
	case D_VM_PARAMS:
		if (lookup_named(vm_param_files, ARRAY_SIZE(vm_param_files), name, e))
			return 0;
		break;
	case D_MHP_MODULE:
		if (!strcmp(name, "parameters"))
			return set_dir(e, D_MHP_PARAMS), 0;
		break;
	case D_NODE_X86:
		break;
	case D_POWER:
		for (size_t i = 0; i < ARRAY_SIZE(power_files); i++) {
			if (!strcmp(name, power_files[i].name)) {
				e->id = A_POWER;
				e->kind = SYSFS_FILE;
				e->mode = power_files[i].mode;
				e->mask = (int)i;
				return 0;
			}
		}
		break;
	case D_HUGEPAGES:
		if (!strcmp(name, "hugepages-2048kB") || !strcmp(name, "hugepages-1048576kB"))
			return set_dir(e, D_HUGEPAGE_SIZE), 0;
		break;
	case D_HUGEPAGE_SIZE:
		if (!strcmp(name, "free_hugepages") || !strcmp(name, "nr_hugepages") ||
		    !strcmp(name, "surplus_hugepages")) {
			e->id = A_HUGEPAGES_COUNT;
			e->kind = SYSFS_FILE;
			e->mode = strcmp(name, "nr_hugepages") ? 0444 : 0644;
			return 0;
		}
		break;
	case D_MHP_PARAMS:
		if (lookup_named(param_files, ARRAY_SIZE(param_files), name, e))
			return 0;
		break;
	case D_PROC:
		if (lookup_named(proc_files, ARRAY_SIZE(proc_files), name, e))
			return 0;
		break;
	case D_MEMORY:
		if (lookup_named(memory_root_files, ARRAY_SIZE(memory_root_files), name, e))
			return 0;
		if (!strcmp(name, "power"))
			return set_dir(e, D_POWER), 0;
		if (parse_numbered(name, "memory", &n) && memory_block_next(k, (unsigned long)n) == n) {
			e->block = n;
			return set_dir(e, D_BLOCK), 0;
		}
		break;
	case D_BLOCK: {
		struct memory_block_info info;

		memory_block_get_info(k, (unsigned long)e->block, &info);
		if (lookup_named(block_files, ARRAY_SIZE(block_files), name, e))
			return 0;
		if (!strcmp(name, "power"))
			return set_dir(e, D_POWER), 0;
		if (!strcmp(name, "subsystem")) {
			e->id = L_SUBSYSTEM;
			e->kind = SYSFS_LINK;
			e->mode = 0777;
			snprintf(e->target, sizeof(e->target), "../../../../bus/memory");
			return 0;
		}
		if (!strcmp(name, "firmware_node") && info.acpi_slot >= 0) {
			e->id = L_FIRMWARE_NODE;
			e->kind = SYSFS_LINK;
			e->mode = 0777;
			snprintf(e->target, sizeof(e->target),
				 "../../../LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:%02x", info.acpi_slot);
			return 0;
		}
		if (parse_numbered(name, "node", &n) && n < MAX_NUMNODES && ((info.nodes_linked >> n) & 1)) {
			e->id = L_BLOCK_NODE;
			e->kind = SYSFS_LINK;
			e->mode = 0777;
			snprintf(e->target, sizeof(e->target), "../../node/node%ld", n);
			return 0;
		}
		break;
	}
	case D_NODE_ROOT:
		for (int m = 0; m < NODE_MASK_COUNT; m++) {
			if (!strcmp(name, node_mask_names[m])) {
				e->id = A_NODE_MASK;
				e->kind = SYSFS_FILE;
				e->mode = 0444;
				e->mask = m;
				return 0;
			}
		}
		if (!strcmp(name, "has_generic_initiator")) {
			e->id = A_NODE_MASK;
			e->kind = SYSFS_FILE;
			e->mode = 0444;
			e->mask = -1;
			return 0;
		}
		if (lookup_named(node_root_files, ARRAY_SIZE(node_root_files), name, e))
			return 0;
		if (!strcmp(name, "power"))
			return set_dir(e, D_POWER), 0;
		if (parse_numbered(name, "node", &n) && node_exists(k, (int)n)) {
			e->nid = (int)n;
			return set_dir(e, D_NODE), 0;
		}
		break;
	case D_NODE:
		if (lookup_named(node_files, ARRAY_SIZE(node_files), name, e))
			return 0;
		if (!strcmp(name, "memory") && node_memory_interface_enabled(k)) {
			e->id = A_NODE_MEMORY;
			e->kind = SYSFS_FILE;
			e->mode = 0644;
			return 0;
		}
		if (!strcmp(name, "power"))
			return set_dir(e, D_POWER), 0;
		if (!strcmp(name, "hugepages"))
			return set_dir(e, D_HUGEPAGES), 0;
		if (!strcmp(name, "x86"))
			return set_dir(e, D_NODE_X86), 0;
		if (parse_numbered(name, "cpu", &n) && n < 64 && ((node_cpumask(k, e->nid) >> n) & 1)) {
			e->id = L_NODE_CPU;
			e->kind = SYSFS_LINK;
			e->mode = 0777;
			snprintf(e->target, sizeof(e->target), "../../cpu/cpu%ld", n);
			return 0;
		}
		if (!strcmp(name, "subsystem")) {
			e->id = L_SUBSYSTEM;
			e->kind = SYSFS_LINK;
			e->mode = 0777;
			snprintf(e->target, sizeof(e->target), "../../../../bus/node");
			return 0;
		}
		if (parse_numbered(name, "memory", &n)) {
			struct memory_block_info info;

			if (!memory_block_get_info(k, (unsigned long)n, &info) && ((info.nodes_linked >> e->nid) & 1)) {
				e->id = L_NODE_BLOCK;
				e->kind = SYSFS_LINK;
				e->mode = 0777;
				e->block = n;
				snprintf(e->target, sizeof(e->target), "../../memory/memory%ld", n);
				return 0;
			}
		}
		break;
	default:
		break;
	}
	return -ENOENT;
}

/* collapses "." and ".." in an absolute path, in place */
static void normalize_path(char *path)
{
	char *comps[64], *save = NULL, *c, tmp[512];
	int n = 0;
	size_t len = 0;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (c = strtok_r(tmp, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..")) {
			if (n)
				n--;
			continue;
		}
		if (n < 64)
			comps[n++] = c;
	}
	path[0] = 0;
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(path + len, 512 - len, "/%s", comps[i]);
	if (!n)
		strcpy(path, "/");
}

/*
 * Resolves @path to an entry; symbolic links met on the way are followed
 * (and a link in the last component too, when @follow), as path lookup does.
 */
static int resolve_path(struct kernel *k, const char *path, struct sysfs_entry *e, bool follow)
{
	char buf[512], done[512];
	int hops = 0;

	if (!path || path[0] != '/' || strlen(path) >= sizeof(buf))
		return -ENOENT;
	snprintf(buf, sizeof(buf), "%s", path);
restart:
	memset(e, 0, sizeof(*e));
	set_dir(e, D_ROOT);
	e->block = -1;
	e->nid = -1;
	done[0] = 0;
	for (char *p = buf; *p;) {
		char comp[256];
		size_t n;
		int ret;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		n = strcspn(p, "/");
		if (n >= sizeof(comp))
			return -ENAMETOOLONG;
		memcpy(comp, p, n);
		comp[n] = 0;
		p += n;
		if (e->kind != SYSFS_DIR)
			return -ENOTDIR;
		ret = resolve_child(k, e, comp);
		if (ret)
			return ret;
		if (e->kind == SYSFS_LINK && (follow || strspn(p, "/") != strlen(p))) {
			char next[512];

			if (++hops > 8)
				return -ELOOP;
			if ((size_t)snprintf(next, sizeof(next), "%s/%s%s", done, e->target, p) >= sizeof(next))
				return -ENAMETOOLONG;
			normalize_path(next);
			snprintf(buf, sizeof(buf), "%s", next);
			goto restart;
		}
		if (strlen(done) + n + 2 >= sizeof(done))
			return -ENAMETOOLONG;
		strcat(done, "/");
		strcat(done, comp);
	}
	return 0;
}

static int resolve(struct kernel *k, const char *path, struct sysfs_entry *e)
{
	return resolve_path(k, path, e, true);
}

int sysfs_lookup(struct kernel *k, const char *path, struct sysfs_stat *st)
{
	struct sysfs_entry e;
	int ret = resolve_path(k, path, &e, false);

	if (ret)
		return ret;
	st->kind = e.kind;
	st->mode = e.mode;
	snprintf(st->target, sizeof(st->target), "%s", e.target);
	return 0;
}

/* ---- output buffer ---- */

struct outbuf {
	char *s;
	size_t len, cap;
	int err;
};

static void out_printf(struct outbuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_printf(struct outbuf *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->err)
		return;
	for (;;) {
		size_t avail = o->cap - o->len;

		va_start(ap, fmt);
		n = vsnprintf(o->s ? o->s + o->len : NULL, o->s ? avail : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			o->err = -EINVAL;
			return;
		}
		if (o->s && (size_t)n < avail) {
			o->len += (size_t)n;
			return;
		}
		size_t ncap = o->cap ? o->cap * 2 : 256;

		while (ncap < o->len + (size_t)n + 1)
			ncap *= 2;
		char *ns = realloc(o->s, ncap);

		if (!ns) {
			o->err = -ENOMEM;
			return;
		}
		o->s = ns;
		o->cap = ncap;
	}
}

static void show_mask(struct outbuf *o, uint64_t mask)
{
	char buf[512];

	format_range_list(&mask, 64, buf, sizeof(buf));
	out_printf(o, "%s\n", buf);
}

struct iomem_ctx {
	struct outbuf *o;
};

static void iomem_line(void *opaque, int depth, uint64_t start, uint64_t end, const char *name)
{
	struct iomem_ctx *c = opaque;

	out_printf(c->o, "%*s%08llx-%08llx : %s\n", depth * 2, "", (unsigned long long)start,
		   (unsigned long long)end, name);
}

static void meminfo_line(struct outbuf *o, const char *name, unsigned long long kb)
{
	out_printf(o, "%-16s%8llu kB\n", name, kb);
}

/*
 * /proc/meminfo in 6.1's order.  The model keeps no page cache, swap or
 * hugetlb pages; anonymous memory counts as inactive, as freshly faulted
 * pages are; the direct-map lines are left out.
 */
static void show_meminfo(struct kernel *k, struct outbuf *o)
{
	static const char *const zero_a[] = { "Buffers:", "Cached:", "SwapCached:", "Active:" };
	static const char *const zero_b[] = { "Active(file):", "Inactive(file):", "Unevictable:", "Mlocked:",
					       "SwapTotal:", "SwapFree:", "Zswap:", "Zswapped:", "Dirty:",
					       "Writeback:" };
	static const char *const zero_c[] = { "KernelStack:", "PageTables:", "SecPageTables:", "NFS_Unstable:",
					       "Bounce:", "WritebackTmp:" };
	static const char *const zero_d[] = { "ShmemHugePages:", "ShmemPmdMapped:", "FileHugePages:",
					       "FilePmdMapped:" };
	static const char *const hugetlb[] = { "HugePages_Total:", "HugePages_Free:", "HugePages_Rsvd:",
						"HugePages_Surp:" };
	unsigned long long total = totalram_pages(k) * 4;
	struct meminfo_counts c;

	si_meminfo_counts(k, &c);
	meminfo_line(o, "MemTotal:", total);
	meminfo_line(o, "MemFree:", global_free_pages(k) * 4);
	meminfo_line(o, "MemAvailable:", c.available * 4);
	for (size_t i = 0; i < ARRAY_SIZE(zero_a); i++)
		meminfo_line(o, zero_a[i], 0);
	meminfo_line(o, "Inactive:", c.anon * 4);
	meminfo_line(o, "Active(anon):", 0);
	meminfo_line(o, "Inactive(anon):", c.anon * 4);
	for (size_t i = 0; i < ARRAY_SIZE(zero_b); i++)
		meminfo_line(o, zero_b[i], 0);
	meminfo_line(o, "AnonPages:", c.anon * 4);
	meminfo_line(o, "Mapped:", 0);
	meminfo_line(o, "Shmem:", 0);
	meminfo_line(o, "KReclaimable:", c.slab_reclaimable * 4);
	meminfo_line(o, "Slab:", (c.slab_reclaimable + c.slab_unreclaimable) * 4);
	meminfo_line(o, "SReclaimable:", c.slab_reclaimable * 4);
	meminfo_line(o, "SUnreclaim:", c.slab_unreclaimable * 4);
	for (size_t i = 0; i < ARRAY_SIZE(zero_c); i++)
		meminfo_line(o, zero_c[i], 0);
	meminfo_line(o, "CommitLimit:", total / 2);	/* no swap, overcommit_ratio 50 */
	meminfo_line(o, "Committed_AS:", c.anon * 4);
	meminfo_line(o, "VmallocTotal:", 13743895347199ULL);	/* 5-level paging, as the reference guest */
	meminfo_line(o, "VmallocUsed:", 0);
	meminfo_line(o, "VmallocChunk:", 0);
	meminfo_line(o, "Percpu:", 0);
	meminfo_line(o, "HardwareCorrupted:", 0);
	meminfo_line(o, "AnonHugePages:", c.anon_huge * 4);
	for (size_t i = 0; i < ARRAY_SIZE(zero_d); i++)
		meminfo_line(o, zero_d[i], 0);
	for (size_t i = 0; i < ARRAY_SIZE(hugetlb); i++)
		out_printf(o, "%-16s%8u\n", hugetlb[i], 0);
	meminfo_line(o, "Hugepagesize:", 2048);
	meminfo_line(o, "Hugetlb:", 0);
}

static void show_zoneinfo(struct kernel *k, struct outbuf *o)
{
	uint64_t online = node_mask_get(k, NODE_MASK_ONLINE);

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!((online >> nid) & 1))
			continue;
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone_info zi;

			if (zone_get_info(k, nid, zt, &zi))
				continue;
			out_printf(o, "Node %d, zone %8s\n", nid, zone_names[zt]);
			out_printf(o, "  pages free     %llu\n", (unsigned long long)zi.free);
			out_printf(o, "        boost    0\n        min      %llu\n        low      %llu\n        high     %llu\n",
				   (unsigned long long)zi.min, (unsigned long long)zi.low, (unsigned long long)zi.high);
			out_printf(o, "        spanned  %llu\n", (unsigned long long)zi.spanned);
			out_printf(o, "        present  %llu\n", (unsigned long long)zi.present);
			out_printf(o, "        managed  %llu\n", (unsigned long long)zi.managed);
			out_printf(o, "        cma      0\n        protection: (%llu, %llu, %llu, %llu, %llu)\n",
				   (unsigned long long)zi.protection[0], (unsigned long long)zi.protection[1],
				   (unsigned long long)zi.protection[2], (unsigned long long)zi.protection[3],
				   (unsigned long long)zi.protection[4]);
			if (!zi.present)
				continue;
			out_printf(o, "      nr_free_pages %llu\n", (unsigned long long)zi.free);
			out_printf(o, "  node_unreclaimable:  0\n");
			out_printf(o, "  start_pfn:           %llu\n", (unsigned long long)zi.start_pfn);
		}
	}
}

/* the lines of nodeN/meminfo after MemTotal/MemFree/MemUsed; the model keeps
 * no page cache, slab or huge pages, so they read 0 */
static const char *const node_meminfo_zero_lines[] = {
	"SwapCached:     %8llu kB", "Active:         %8llu kB", "Inactive:       %8llu kB",
	"Active(anon):   %8llu kB", "Inactive(anon): %8llu kB", "Active(file):   %8llu kB",
	"Inactive(file): %8llu kB", "Unevictable:    %8llu kB", "Mlocked:        %8llu kB",
	"Dirty:          %8llu kB", "Writeback:      %8llu kB", "FilePages:      %8llu kB",
	"Mapped:         %8llu kB", "AnonPages:      %8llu kB", "Shmem:          %8llu kB",
	"KernelStack:    %8llu kB", "PageTables:     %8llu kB", "SecPageTables:  %8llu kB",
	"NFS_Unstable:   %8llu kB", "Bounce:         %8llu kB", "WritebackTmp:   %8llu kB",
	"KReclaimable:   %8llu kB", "Slab:           %8llu kB", "SReclaimable:   %8llu kB",
	"SUnreclaim:     %8llu kB", "AnonHugePages:  %8llu kB", "ShmemHugePages: %8llu kB",
	"ShmemPmdMapped: %8llu kB", "FileHugePages: %8llu kB", "FilePmdMapped: %8llu kB",
	"HugePages_Total: %5llu", "HugePages_Free:  %5llu", "HugePages_Surp:  %5llu",
};

static void show_node_meminfo(struct kernel *k, int nid, struct outbuf *o)
{
	uint64_t total = 0, free = 0;
	char fmt[64];

	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		struct zone_info zi;

		if (!zone_get_info(k, nid, zt, &zi)) {
			total += zi.managed;
			free += zi.free;
		}
	}
	out_printf(o, "Node %d MemTotal:       %8llu kB\n", nid, (unsigned long long)total * 4);
	out_printf(o, "Node %d MemFree:        %8llu kB\n", nid, (unsigned long long)free * 4);
	out_printf(o, "Node %d MemUsed:        %8llu kB\n", nid, (unsigned long long)(total - free) * 4);
	for (size_t i = 0; i < ARRAY_SIZE(node_meminfo_zero_lines); i++) {
		snprintf(fmt, sizeof(fmt), "Node %%d %s\n", node_meminfo_zero_lines[i]);
		out_printf(o, fmt, nid, 0ULL);
	}
}

static int show(struct kernel *k, const struct sysfs_entry *e, struct outbuf *o)
{
	struct memory_block_info info;
	char buf[256];

	if (e->block >= 0 && memory_block_get_info(k, (unsigned long)e->block, &info))
		return -ENOENT;
	switch (e->id) {
	case A_BLOCK_SIZE:
		out_printf(o, "%llx\n", (unsigned long long)memory_block_size_bytes(k));
		break;
	case A_AUTO_ONLINE:
		out_printf(o, "%s\n", mmop_names[mhp_get_default_online_type(k)]);
		break;
	case A_UEVENT:
		/* memory and node devices add no variables of their own */
		break;
	case A_ACPI_FILE: {
		struct acpi_memory_slot_info si;
		const char *name;

		if (acpi_memory_slot_get_info(k, e->slot, &si))
			return -ENOENT;
		name = acpi_memdev_files[e->mask].name;
		if (!strcmp(name, "hid"))
			out_printf(o, "PNP0C80\n");
		else if (!strcmp(name, "modalias"))
			out_printf(o, "acpi:PNP0C80:\n");
		else if (!strcmp(name, "path"))
			out_printf(o, "\\_SB_.MHPC.MP%02X\n", e->slot);
		else if (!strcmp(name, "status"))
			out_printf(o, "%d\n", si.present ? 15 : 0);	/* _STA: present, enabled, shown, functioning */
		else if (!strcmp(name, "uevent"))
			out_printf(o, "MODALIAS=acpi:PNP0C80:\n");
		else
			out_printf(o, "0x%02X\n", e->slot);
		break;
	}
	case A_ND_REGION: {
		struct nd_region_info ri;
		const char *name = nd_region_files[e->mask].name;
		int id = e->nid;

		if (nd_region_get(k, id, &ri))
			return -ENOENT;
		if (!strcmp(name, "align"))
			out_printf(o, "%#llx\n", (unsigned long long)ri.align);
		else if (!strcmp(name, "badblocks"))
			;	/* no bad blocks: the file is empty */
		else if (!strcmp(name, "btt_seed"))
			out_printf(o, "btt%d.0\n", id);
		else if (!strcmp(name, "pfn_seed"))
			out_printf(o, "pfn%d.%d\n", id, nd_pfn_count(k, id) - 1);
		else if (!strcmp(name, "dax_seed"))
			out_printf(o, "dax%d.%d\n", id, nd_dax_count(k, id) - 1);
		else if (!strcmp(name, "namespace_seed"))
			out_printf(o, "namespace%d.0\n", id);
		else if (!strcmp(name, "devtype"))
			out_printf(o, "nd_pmem\n");
		else if (!strcmp(name, "init_namespaces"))
			out_printf(o, "1/1\n");
		else if (!strcmp(name, "mappings") || !strcmp(name, "max_available_extent") || !strcmp(name, "read_only"))
			out_printf(o, "0\n");
		else if (!strcmp(name, "modalias"))
			out_printf(o, "nd:t2\n");
		else if (!strcmp(name, "nstype"))
			out_printf(o, "4\n");
		else if (!strcmp(name, "numa_node") || !strcmp(name, "target_node"))
			out_printf(o, "%d\n", ri.numa_node);
		else if (!strcmp(name, "resource"))
			out_printf(o, "%#llx\n", (unsigned long long)ri.start);
		else if (!strcmp(name, "size"))
			out_printf(o, "%llu\n", (unsigned long long)ri.size);
		else
			out_printf(o, "DEVTYPE=nd_pmem\nMODALIAS=nd:t2\n");
		break;
	}
	case A_ND_NS: {
		struct nd_namespace_info ni;
		const char *name = nd_ns_files[e->mask].name;

		if (nd_namespace_get(k, e->nid, &ni))
			return -ENOENT;
		if (!strcmp(name, "devtype"))
			out_printf(o, "nd_namespace_io\n");
		else if (!strcmp(name, "force_raw"))
			out_printf(o, "%d\n", ni.force_raw);
		else if (!strcmp(name, "holder") && ni.holder >= 0)
			out_printf(o, "%s%d.%d\n", ni.holder_pfn ? "pfn" : "dax", e->nid, ni.holder);
		else if (!strcmp(name, "holder"))
			out_printf(o, "\n");
		else if (!strcmp(name, "holder_class"))
			out_printf(o, "%s\n", ni.holder_class);
		else if (!strcmp(name, "modalias"))
			out_printf(o, "nd:t4\n");
		else if (!strcmp(name, "mode"))
			out_printf(o, "%s\n", ni.mode);
		else if (!strcmp(name, "nstype"))
			out_printf(o, "4\n");
		else if (!strcmp(name, "numa_node"))
			out_printf(o, "%d\n", ni.numa_node);
		else if (!strcmp(name, "resource"))
			out_printf(o, "%#llx\n", (unsigned long long)ni.start);
		else if (!strcmp(name, "size"))
			out_printf(o, "%llu\n", (unsigned long long)ni.size);
		else
			out_printf(o, "DEVTYPE=nd_namespace_io\nMODALIAS=nd:t4\n");
		break;
	}
	case A_ND_DAX: {
		struct nd_dax_info di;
		const char *name = nd_dax_files[e->mask].name;
		bool pfn = e->slot == 1;

		if ((pfn ? nd_pfn_get : nd_dax_get)(k, e->nid, e->fw_index, &di))
			return -ENOENT;
		if (!strcmp(name, "align"))
			out_printf(o, "%llu\n", (unsigned long long)di.align);
		else if (!strcmp(name, "devtype"))
			out_printf(o, pfn ? "nd_pfn\n" : "nd_dax\n");
		else if (!strcmp(name, "modalias"))
			out_printf(o, pfn ? "nd:t0\n" : "nd:t7\n");
		else if (!strcmp(name, "mode"))
			out_printf(o, "%s\n", di.mode);
		else if (!strcmp(name, "namespace") && di.claimed)
			out_printf(o, "namespace%d.0\n", e->nid);
		else if (!strcmp(name, "namespace"))
			out_printf(o, "\n");
		else if (!strcmp(name, "resource") || !strcmp(name, "size")) {
			if (!di.bound)
				return -ENXIO;
			if (!strcmp(name, "resource"))
				out_printf(o, "%#llx\n", (unsigned long long)di.start);
			else
				out_printf(o, "%llu\n", (unsigned long long)di.size);
		} else if (!strcmp(name, "supported_alignments"))
			out_printf(o, "4096 2097152 1073741824\n");
		else if (!strcmp(name, "uuid"))
			out_printf(o, "%s\n", di.uuid);
		else
			out_printf(o, pfn ? "DEVTYPE=nd_pfn\nMODALIAS=nd:t0\n" : "DEVTYPE=nd_dax\nMODALIAS=nd:t7\n");
		break;
	}
	case A_DEV_DAX:
	case A_DEV_DAX_MAPPING: {
		struct nd_dax_info di;
		const char *name = e->id == A_DEV_DAX ? dev_dax_files[e->mask].name : dev_dax_mapping_files[e->mask].name;

		if (nd_dax_get(k, e->nid, e->fw_index, &di) || !di.bound)
			return -ENOENT;
		if (e->id == A_DEV_DAX_MAPPING) {
			if (!strcmp(name, "start"))
				out_printf(o, "%#llx\n", (unsigned long long)di.start);
			else if (!strcmp(name, "end"))
				out_printf(o, "%#llx\n", (unsigned long long)(di.start + di.size - 1));
			else
				out_printf(o, "0x0\n");
		} else if (!strcmp(name, "align"))
			out_printf(o, "%llu\n", (unsigned long long)di.align);
		else if (!strcmp(name, "modalias"))
			out_printf(o, "dax:t0*\n");
		else if (!strcmp(name, "numa_node") || !strcmp(name, "target_node"))
			out_printf(o, "%d\n", di.target_node);
		else if (!strcmp(name, "resource"))
			out_printf(o, "%#llx\n", (unsigned long long)di.start);
		else if (!strcmp(name, "size"))
			out_printf(o, "%llu\n", (unsigned long long)di.size);
		else
			out_printf(o, "MODALIAS=dax:t0\n");
		break;
	}
	case A_DAX_DRIVER_FILE:
		return -EIO;
	case A_ND_SEED:
		if (!strcmp(nd_seed_files[e->mask].name, "devtype"))
			out_printf(o, "%s\n", nd_seed_devtypes[e->slot]);
		else
			out_printf(o, "DEVTYPE=%s\n", nd_seed_devtypes[e->slot]);
		break;
	case A_ND_DRIVER_FILE:
		return -EIO;	/* bind, unbind and uevent are write-only */
	case A_NODE_MEMORY: {
		uint64_t on, off;

		node_memory_bytes(k, e->nid, &on, &off);
		out_printf(o, "online %llu\noffline %llu\n", (unsigned long long)on, (unsigned long long)off);
		break;
	}
	case A_XEN_FILE: {
		struct xen_balloon_info xi;
		const char *name = e->mask < (int)ARRAY_SIZE(xen_files) ? xen_files[e->mask].name :
					 xen_info_files[e->mask - (int)ARRAY_SIZE(xen_files)].name;

		if (xen_balloon_get(k, &xi))
			return -ENOENT;
		if (!strcmp(name, "target"))
			out_printf(o, "%llu\n", (unsigned long long)xi.target_pages << 12);
		else if (!strcmp(name, "target_kb"))
			out_printf(o, "%llu\n", (unsigned long long)xi.target_pages * 4);
		else if (!strcmp(name, "current_kb"))
			out_printf(o, "%llu\n", (unsigned long long)xi.current_pages * 4);
		else if (!strcmp(name, "low_kb"))
			out_printf(o, "%llu\n", (unsigned long long)xi.low_pages * 4);
		else
			out_printf(o, "0\n");
		break;
	}
	case A_VM_PARAM: {
		const char *name = vm_param_files[e->mask].name;

		if (!strcmp(name, "unplug_online"))
			out_printf(o, "%c\n", virtio_mem_get_unplug_online(k) ? 'Y' : 'N');
		else if (!strcmp(name, "bbm_block_size"))
			out_printf(o, "0\n");
		else
			out_printf(o, "%c\n", !strcmp(name, "bbm_safe_unplug") ? 'Y' : 'N');
		break;
	}
	case A_POWER:
		if (!power_files[e->mask].value)
			return -EIO;
		out_printf(o, "%s\n", power_files[e->mask].value);
		break;
	case A_HUGEPAGES_COUNT:
		out_printf(o, "0\n");
		break;
	case A_BUS_FILE:
		out_printf(o, "1\n");
		break;
	case A_PHYS_INDEX:
		out_printf(o, "%08lx\n", (unsigned long)e->block);
		break;
	case A_STATE:
		out_printf(o, "%s\n", info.online ? "online" : info.going_offline ? "going-offline" : "offline");
		break;
	case A_ONLINE:
		out_printf(o, "%d\n", info.online || info.going_offline ? 1 : 0);
		break;
	case A_PHYS_DEVICE:
		out_printf(o, "0\n");
		break;
	case A_REMOVABLE:
		out_printf(o, "1\n");
		break;
	case A_VALID_ZONES:
		memory_block_valid_zones(k, (unsigned long)e->block, buf, sizeof(buf));
		out_printf(o, "%s\n", buf);
		break;
	case A_NODE_MASK:
		show_mask(o, e->mask < 0 ? 0 : node_mask_get(k, (enum node_mask)e->mask));
		break;
	case A_CPULIST:
		show_mask(o, node_cpumask(k, e->nid));
		break;
	case A_CPUMAP: {
		/* %*pb: nr_cpu_ids bits in hex, 32-bit groups separated by commas */
		uint64_t mask = node_cpumask(k, e->nid);
		int digits = (kernel_nr_cpus(k) + 3) / 4;

		for (int d = digits - 1; d >= 0; d--) {
			out_printf(o, "%x", (unsigned int)(d < 16 ? (mask >> (4 * d)) & 0xf : 0));
			if (d && !(d % 8))
				out_printf(o, ",");
		}
		out_printf(o, "\n");
		break;
	}
	case A_FW_START:
	case A_FW_END:
	case A_FW_TYPE: {
		struct firmware_map_info fi;

		if (firmware_map_get(k, e->fw_index, &fi))
			return -ENOENT;
		if (e->id == A_FW_TYPE)
			out_printf(o, "%s\n", fi.type);
		else
			out_printf(o, "0x%llx\n", (unsigned long long)(e->id == A_FW_START ? fi.start : fi.end));
		break;
	}
	case A_NODE_MEMINFO:
		show_node_meminfo(k, e->nid, o);
		break;
	case A_DISTANCE: {
		/* no SLIT from QEMU without -numa dist: 10 local, 20 remote */
		uint64_t online = node_mask_get(k, NODE_MASK_ONLINE);
		bool first = true;

		for (int n = 0; n < MAX_NUMNODES; n++) {
			if (!((online >> n) & 1))
				continue;
			out_printf(o, "%s%d", first ? "" : " ", n == e->nid ? 10 : 20);
			first = false;
		}
		out_printf(o, "\n");
		break;
	}
	case A_NUMASTAT:
		out_printf(o, "numa_hit 0\nnuma_miss 0\nnuma_foreign 0\ninterleave_hit 0\nlocal_node 0\nother_node 0\n");
		break;
	case A_VMSTAT: {
		uint64_t free = 0;

		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone_info zi;

			if (!zone_get_info(k, e->nid, zt, &zi))
				free += zi.free;
		}
		out_printf(o, "nr_free_pages %llu\n", (unsigned long long)free);
		break;
	}
	case A_ONLINE_POLICY:
		out_printf(o, "%s\n", online_policy_names[mhp_get_online_policy(k)]);
		break;
	case A_RATIO:
		out_printf(o, "%u\n", mhp_get_auto_movable_ratio(k));
		break;
	case A_NUMA_AWARE:
		out_printf(o, "%c\n", mhp_get_auto_movable_numa_aware(k) ? 'Y' : 'N');
		break;
	case A_MEMMAP_ON_MEMORY:
		out_printf(o, "%c\n", mhp_get_memmap_on_memory(k) ? 'Y' : 'N');
		break;
	case A_IOMEM: {
		struct iomem_ctx c = { o };

		iomem_walk(k, iomem_line, &c);
		break;
	}
	case A_MEMINFO:
		show_meminfo(k, o);
		break;
	case A_ZONEINFO:
		show_zoneinfo(k, o);
		break;
	default:
		return -EIO;
	}
	return o->err;
}

int sysfs_read(struct kernel *k, const char *path, char **out, size_t *len)
{
	struct sysfs_entry e;
	struct outbuf o = { 0 };
	int ret = resolve(k, path, &e);

	if (ret)
		return ret;
	/* every link in the tree points to a directory */
	if (e.kind == SYSFS_DIR || e.kind == SYSFS_LINK)
		return -EISDIR;
	if (!(e.mode & 0444))
		return -EACCES;
	out_printf(&o, "%s", "");
	ret = show(k, &e, &o);
	if (ret) {
		free(o.s);
		return ret;
	}
	*out = o.s;
	if (len)
		*len = o.len;
	return 0;
}

/* kobject_synth_uevent(): the write's bytes (@s, @n), not just its first word */
static int store_uevent(const char *s, size_t n, struct memhp_err *err)
{
	if (synth_uevent_parse(s, n))
		return memhp_err_set(err, -EINVAL, "uevent takes add, remove, change, move, online, offline, bind or unbind, "
				     "optionally followed by a UUID and KEY=VALUE pairs");
	return 0;
}

/* runtime-PM files of a device without runtime PM: valid words are accepted, nothing changes */
static int store_power(int which, const char *s, struct memhp_err *err)
{
	const char *name = power_files[which].name;

	if (!strcmp(name, "control"))
		return sysfs_streq(s, "on") || sysfs_streq(s, "auto") ? 0 :
		       memhp_err_set(err, -EINVAL, "control takes on or auto");
	if (!strcmp(name, "async"))
		return sysfs_streq(s, "enabled") || sysfs_streq(s, "disabled") ? 0 :
		       memhp_err_set(err, -EINVAL, "async takes enabled or disabled");
	/* autosuspend_delay_ms: the device does not use autosuspend */
	return memhp_err_set(err, -EIO, "%s: the device does not use autosuspend", name);
}

/* /sys/bus/<bus>/{drivers_autoprobe,drivers_probe,uevent} */
static int store_bus_file(struct kernel *k, int which, const char *s, size_t len, struct memhp_err *err)
{
	long n;
	char name[64];

	if (!strcmp(bus_files[which].name, "uevent"))
		return store_uevent(s, len, err);
	if (!strcmp(bus_files[which].name, "drivers_autoprobe"))
		return 0;	/* any value: there is no driver to probe */
	/* drivers_probe: a device of the bus by name */
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(s, "\n"), s);
	if (parse_numbered(name, "memory", &n) && memory_block_next(k, (unsigned long)n) == n)
		return 0;
	return memhp_err_set(err, -ENODEV, "no device %s on the bus", name);
}

static int parse_mmop_word(const char *s)
{
	for (int i = 0; i < MMOP_COUNT; i++)
		if (sysfs_streq(s, mmop_names[i]))
			return i;
	return -EINVAL;
}

static int store(struct kernel *k, const struct sysfs_entry *e, const char *s, size_t n, struct memhp_err *err)
{
	int t;
	bool b;
	unsigned int u;

	switch (e->id) {
	case A_AUTO_ONLINE:
		t = parse_mmop_word(s);
		if (t < 0)
			return memhp_err_set(err, -EINVAL, "auto_online_blocks takes offline, online, online_kernel or online_movable");
		mhp_set_default_online_type(k, (enum mmop)t);
		return 0;
	case A_STATE:
		t = parse_mmop_word(s);
		if (t < 0)
			return memhp_err_set(err, -EINVAL, "state takes offline, online, online_kernel or online_movable");
		return memory_block_store_state(k, (unsigned long)e->block, (enum mmop)t, err);
	case A_ONLINE:
		if (kstrtobool(s, &b))
			return memhp_err_set(err, -EINVAL, "online takes a boolean (1/0, y/n, on/off)");
		return memory_block_store_online(k, (unsigned long)e->block, b, err);
	case A_UEVENT:
		return store_uevent(s, n, err);
	case A_COMPACT:
		return 0;
	case A_ND_NS:
		if (!strcmp(nd_ns_files[e->mask].name, "force_raw")) {
			if (kstrtobool(s, &b))
				return memhp_err_set(err, -EINVAL, "force_raw takes a boolean");
			return nd_namespace_set_force_raw(k, e->nid, b);
		}
		if (!strcmp(nd_ns_files[e->mask].name, "uevent"))
			return store_uevent(s, n, err);
		{
			char v[64];

			snprintf(v, sizeof(v), "%.*s", (int)strcspn(s, "\n"), s);
			return nd_namespace_set_holder_class(k, e->nid, v, err);
		}
	case A_ND_DAX:
	case A_DAX_DRIVER_FILE: {
		char v[64];
		const char *what = e->id == A_ND_DAX ? nd_dax_files[e->mask].name : dax_driver_files[e->mask].name;

		if (!strcmp(what, "uevent"))
			return store_uevent(s, n, err);
		snprintf(v, sizeof(v), "%.*s", (int)strcspn(s, "\n"), s);
		if (e->id == A_DAX_DRIVER_FILE)
			return dax_driver_write(k, dax_drivers[e->slot], what, v, err);
		return (e->slot == 1 ? nd_pfn_store : nd_dax_store)(k, e->nid, e->fw_index, what, v, err);
	}
	case A_DEV_DAX:
		if (!strcmp(dev_dax_files[e->mask].name, "uevent"))
			return store_uevent(s, n, err);
		return memhp_err_set(err, -EOPNOTSUPP, "resizing dax devices is not modelled");
	case A_ND_REGION:
	case A_ND_SEED:
		if (!strcmp(e->id == A_ND_REGION ? nd_region_files[e->mask].name : nd_seed_files[e->mask].name, "uevent"))
			return store_uevent(s, n, err);
		return memhp_err_set(err, -EOPNOTSUPP, "this nd attribute is not modelled yet");
	case A_ND_DRIVER_FILE: {
		char dev[64];
		const char *what = driver_files[e->mask].name;

		if (!strcmp(what, "uevent"))
			return store_uevent(s, n, err);
		snprintf(dev, sizeof(dev), "%.*s", (int)strcspn(s, "\n"), s);
		return nd_driver_bind(k, nd_drivers[e->slot], dev, !strcmp(what, "bind"), err);
	}
	case A_NODE_MEMORY: {
		/* "offline [START] SIZE" / "online [START] SIZE": memparse numbers */
		char buf[128], *w[4] = { 0 }, *save = NULL;
		int nw = 0;
		unsigned long long v[2];

		snprintf(buf, sizeof(buf), "%s", s);
		for (char *t = strtok_r(buf, " \t\n", &save); t && nw < 4; t = strtok_r(NULL, " \t\n", &save))
			w[nw++] = t;
		if (nw < 2 || nw > 3 || (strcmp(w[0], "offline") && strcmp(w[0], "online")))
			return memhp_err_set(err, -EINVAL, "write \"offline [START] SIZE\" or \"online [START] SIZE\"");
		for (int i = 1; i < nw; i++) {
			char *end;

			v[i - 1] = memparse(w[i], &end);
			if (*end || end == w[i])
				return memhp_err_set(err, -EINVAL, "bad number '%s'", w[i]);
		}
		return node_memory_store(k, e->nid, !strcmp(w[0], "online"), nw == 3, nw == 3 ? v[0] : 0,
					 nw == 3 ? v[1] : v[0], err);
	}
	case A_ACPI_FILE:
		/* only uevent is writable among the ACPI device's files */
		return store_uevent(s, n, err);
	case A_POWER:
		return store_power(e->mask, s, err);
	case A_BUS_FILE:
		return store_bus_file(k, e->mask, s, n, err);
	case A_XEN_FILE: {
		/* target_kb: simple_strtoull() KiB, trailing text ignored; target: memparse() bytes */
		char *end;
		unsigned long long v = !strcmp(xen_files[e->mask].name, "target") ? memparse(s, &end) :
					 strtoull(s, &end, 0) * 1024;

		xen_balloon_set_target(k, v >> 12);
		return 0;
	}
	case A_VM_PARAM:
		if (kstrtobool(s, &b))
			return memhp_err_set(err, -EINVAL, "unplug_online takes a boolean");
		virtio_mem_set_unplug_online(k, b);
		return 0;
	case A_DRIVER_FILE:
		if (!strcmp(driver_files[e->mask].name, "uevent"))
			return store_uevent(s, n, err);
	{
		/* bind/unbind take a device name, virtioN */
		char dev[32];
		long idx;
		int r;

		snprintf(dev, sizeof(dev), "%.*s", (int)strcspn(s, "\n"), s);
		if (!parse_numbered(dev, "virtio", &idx))
			return memhp_err_set(err, -ENODEV, "no device %s", dev);
		r = !strcmp(driver_files[e->mask].name, "bind") ? virtio_mem_bind(k, (int)idx) :
								 virtio_mem_unbind(k, (int)idx);
		return r ? memhp_err_set(err, r, "cannot %s %s", driver_files[e->mask].name, dev) : 0;
	}
	case A_HUGEPAGES_COUNT:
		/* huge pages are not modelled: none can be reserved */
		if (kstrtoull(s, 0, &(unsigned long long){ 0 }))
			return memhp_err_set(err, -EINVAL, "nr_hugepages takes a number");
		if (strtoull(s, NULL, 0))
			return memhp_err_set(err, -EOPNOTSUPP, "memhp does not model huge pages");
		return 0;
	case A_ONLINE_POLICY:
		for (t = 0; t < ONLINE_POLICY_COUNT; t++)
			if (sysfs_streq(s, online_policy_names[t]))
				break;
		if (t == ONLINE_POLICY_COUNT)
			return memhp_err_set(err, -EINVAL, "online_policy takes contig-zones or auto-movable");
		mhp_set_online_policy(k, (enum online_policy)t);
		return 0;
	case A_RATIO:
		t = kstrtouint(s, 0, &u);
		if (t)
			return memhp_err_set(err, t, "auto_movable_ratio takes an unsigned integer");
		mhp_set_auto_movable_ratio(k, u);
		return 0;
	case A_NUMA_AWARE:
		if (kstrtobool(s, &b))
			return memhp_err_set(err, -EINVAL, "auto_movable_numa_aware takes a boolean");
		mhp_set_auto_movable_numa_aware(k, b);
		return 0;
	case A_ACPI_EJECT:
		/* acpi_eject_store(): exactly "1" first */
		if (s[0] != '1')
			return memhp_err_set(err, -EINVAL, "eject takes 1");
		return acpi_memory_slot_eject(k, e->slot, err);
	case A_SOFT_OFFLINE:
	case A_HARD_OFFLINE: {
		unsigned long long addr;

		if (kstrtoull(s, 0, &addr))
			return memhp_err_set(err, -EINVAL, "a physical address is expected");
		return memhp_err_set(err, -EOPNOTSUPP, "memory failure injection is not modelled yet");
	}
	default:
		return memhp_err_set(err, -EACCES, "read-only file");
	}
}

int sysfs_write(struct kernel *k, const char *path, const char *buf, size_t len, struct memhp_err *err)
{
	struct sysfs_entry e;
	char *s;
	int ret = resolve(k, path, &e);

	if (ret)
		return memhp_err_set(err, ret, "%s: no such file", path);
	if (e.kind == SYSFS_DIR || e.kind == SYSFS_LINK)
		return memhp_err_set(err, -EISDIR, "%s is a directory", path);
	if (!(e.mode & 0222))
		return memhp_err_set(err, -EACCES, "%s is read-only", path);
	if (!len)
		return 0;
	if (len > SYSFS_WRITE_MAX)
		len = SYSFS_WRITE_MAX;
	s = malloc(len + 1);
	if (!s)
		return -ENOMEM;
	memcpy(s, buf, len);
	s[len] = 0;
	ret = store(k, &e, s, len, err);
	free(s);
	return ret;
}

struct dir_ctx {
	void (*fn)(void *opaque, const char *name, enum sysfs_kind kind);
	void *opaque;
};

static void emit_named(const struct dir_ctx *c, const struct named *tab, size_t n)
{
	for (size_t i = 0; i < n; i++)
		c->fn(c->opaque, tab[i].name, SYSFS_FILE);
}

int sysfs_readdir(struct kernel *k, const char *path,
		  void (*fn)(void *opaque, const char *name, enum sysfs_kind kind), void *opaque)
{
	struct sysfs_entry e;
	struct dir_ctx c = { fn, opaque };
	char name[64];
	int ret = resolve(k, path, &e);

	if (ret)
		return ret;
	if (e.kind != SYSFS_DIR)
		return -ENOTDIR;
	switch (e.id) {
	case D_ROOT:
		fn(opaque, "sys", SYSFS_DIR);
		fn(opaque, "proc", SYSFS_DIR);
		break;
	case D_SYS:
		fn(opaque, "bus", SYSFS_DIR);
		fn(opaque, "devices", SYSFS_DIR);
		fn(opaque, "firmware", SYSFS_DIR);
		fn(opaque, "module", SYSFS_DIR);
		break;
	case D_BUS:
		fn(opaque, "acpi", SYSFS_DIR);
		if (dax_bus_present(k))
			fn(opaque, "dax", SYSFS_DIR);
		fn(opaque, "memory", SYSFS_DIR);
		if (nd_bus_present(k))
			fn(opaque, "nd", SYSFS_DIR);
		fn(opaque, "node", SYSFS_DIR);
		fn(opaque, "virtio", SYSFS_DIR);
		break;
	case D_BUS_MEMORY_DEVICES:
		for (long id = memory_block_next(k, 0); id >= 0; id = memory_block_next(k, (unsigned long)id + 1)) {
			snprintf(name, sizeof(name), "memory%ld", id);
			fn(opaque, name, SYSFS_LINK);
		}
		break;
	case D_FIRMWARE:
		fn(opaque, "memmap", SYSFS_DIR);
		break;
	case D_FW_MEMMAP:
		for (int i = firmware_map_next(k, 0); i >= 0; i = firmware_map_next(k, i + 1)) {
			snprintf(name, sizeof(name), "%d", i);
			fn(opaque, name, SYSFS_DIR);
		}
		break;
	case D_FW_ENTRY:
		emit_named(&c, fw_entry_files, ARRAY_SIZE(fw_entry_files));
		break;
	case D_DEVICES:
		fn(opaque, "LNXSYSTM:00", SYSFS_DIR);
		if (nd_bus_present(k))
			fn(opaque, "platform", SYSFS_DIR);
		fn(opaque, "system", SYSFS_DIR);
		break;
	case D_SYSTEM:
		fn(opaque, "memory", SYSFS_DIR);
		fn(opaque, "node", SYSFS_DIR);
		if (!xen_balloon_get(k, &(struct xen_balloon_info){ 0 }))
			fn(opaque, "xen_memory", SYSFS_DIR);
		break;
	case D_XEN_MEMORY:
		fn(opaque, "xen_memory0", SYSFS_DIR);
		break;
	case D_BUS_ND:
		fn(opaque, "devices", SYSFS_DIR);
		fn(opaque, "drivers", SYSFS_DIR);
		emit_named(&c, bus_files, ARRAY_SIZE(bus_files));
		break;
	case D_ND_DEVICES:
		fn(opaque, "ndbus0", SYSFS_LINK);
		for (int i = 0; i < nd_region_count(k); i++) {
			snprintf(name, sizeof(name), "region%d", i);
			fn(opaque, name, SYSFS_LINK);
			snprintf(name, sizeof(name), "namespace%d.0", i);
			fn(opaque, name, SYSFS_LINK);
			snprintf(name, sizeof(name), "btt%d.0", i);
			fn(opaque, name, SYSFS_LINK);
			for (int d = 0; d < nd_pfn_count(k, i); d++) {
				snprintf(name, sizeof(name), "pfn%d.%d", i, d);
				fn(opaque, name, SYSFS_LINK);
			}
			for (int d = 0; d < nd_dax_count(k, i); d++) {
				snprintf(name, sizeof(name), "dax%d.%d", i, d);
				fn(opaque, name, SYSFS_LINK);
			}
		}
		break;
	case D_BUS_DAX:
		fn(opaque, "devices", SYSFS_DIR);
		fn(opaque, "drivers", SYSFS_DIR);
		emit_named(&c, bus_files, ARRAY_SIZE(bus_files));
		break;
	case D_DAX_DEVICES:
	case D_DAX_DRIVER:
		if (e.id == D_DAX_DRIVER) {
			emit_named(&c, dax_driver_files, ARRAY_SIZE(dax_driver_files));
			fn(opaque, "module", SYSFS_LINK);
		}
		for (int i = 0; i < nd_region_count(k); i++) {
			for (int d = 0; d < nd_dax_count(k, i); d++) {
				struct nd_dax_info di;

				if (nd_dax_get(k, i, d, &di) || !di.bound)
					continue;
				if (e.id == D_DAX_DRIVER && (!di.driver || strcmp(di.driver, dax_drivers[e.slot])))
					continue;
				snprintf(name, sizeof(name), "dax%d.%d", i, d);
				fn(opaque, name, SYSFS_LINK);
			}
		}
		break;
	case D_DAX_DRIVERS:
		for (int i = 0; i < 2; i++)
			if (dax_driver_loaded(k, dax_drivers[i]))
				fn(opaque, dax_drivers[i], SYSFS_DIR);
		break;
	case D_ND_DAX: {
		struct nd_dax_info di;
		bool pfn = e.slot == 1;

		emit_named(&c, nd_dax_files, ARRAY_SIZE(nd_dax_files));
		fn(opaque, "subsystem", SYSFS_LINK);
		if (!(pfn ? nd_pfn_get : nd_dax_get)(k, e.nid, e.fw_index, &di) && di.bound) {
			fn(opaque, "driver", SYSFS_LINK);
			if (!pfn) {
				snprintf(name, sizeof(name), "dax%d.%d", e.nid, e.fw_index);
				fn(opaque, name, SYSFS_DIR);
			}
		}
		break;
	}
	case D_DEV_DAX: {
		struct nd_dax_info di;

		if (nd_dax_get(k, e.nid, e.fw_index, &di))
			break;
		for (size_t i = 0; i < ARRAY_SIZE(dev_dax_files); i++)
			if (strcmp(dev_dax_files[i].name, "target_node") || di.target_node >= 0)
				fn(opaque, dev_dax_files[i].name, SYSFS_FILE);
		fn(opaque, "mapping0", SYSFS_DIR);
		fn(opaque, "subsystem", SYSFS_LINK);
		if (di.driver)
			fn(opaque, "driver", SYSFS_LINK);
		break;
	}
	case D_DEV_DAX_MAPPING:
		emit_named(&c, dev_dax_mapping_files, ARRAY_SIZE(dev_dax_mapping_files));
		break;
	case D_ND_DRIVERS:
		for (size_t i = 0; i < ARRAY_SIZE(nd_drivers); i++)
			if (nd_driver_loaded(k, nd_drivers[i]))
				fn(opaque, nd_drivers[i], SYSFS_DIR);
		break;
	case D_ND_DRIVER:
		emit_named(&c, driver_files, ARRAY_SIZE(driver_files));
		fn(opaque, "module", SYSFS_LINK);
		for (int i = 0; i < nd_region_count(k); i++) {
			struct nd_namespace_info ni;

			if (!strcmp(nd_drivers[e.mask], "nd_pmem") && !nd_namespace_get(k, i, &ni) && ni.bound) {
				snprintf(name, sizeof(name), "namespace%d.0", i);
				fn(opaque, name, SYSFS_LINK);
			}
			for (int d = 0; !strcmp(nd_drivers[e.mask], "dax_pmem") && d < nd_dax_count(k, i); d++) {
				struct nd_dax_info di;

				if (!nd_dax_get(k, i, d, &di) && di.bound) {
					snprintf(name, sizeof(name), "dax%d.%d", i, d);
					fn(opaque, name, SYSFS_LINK);
				}
			}
			for (int d = 0; !strcmp(nd_drivers[e.mask], "nd_pmem") && d < nd_pfn_count(k, i); d++) {
				struct nd_dax_info di;

				if (!nd_pfn_get(k, i, d, &di) && di.bound) {
					snprintf(name, sizeof(name), "pfn%d.%d", i, d);
					fn(opaque, name, SYSFS_LINK);
				}
			}
		}
		break;
	case D_PLATFORM:
		fn(opaque, "e820_pmem", SYSFS_DIR);
		break;
	case D_E820_PMEM:
		fn(opaque, "ndbus0", SYSFS_DIR);
		break;
	case D_NDBUS:
		for (int i = 0; i < nd_region_count(k); i++) {
			snprintf(name, sizeof(name), "region%d", i);
			fn(opaque, name, SYSFS_DIR);
		}
		break;
	case D_ND_REGION: {
		struct nd_region_info ri;

		for (size_t i = 0; i < ARRAY_SIZE(nd_region_files); i++)
			if (strcmp(nd_region_files[i].name, "target_node") ||
			    (!nd_region_get(k, e.nid, &ri) && ri.numa_node >= 0))
				fn(opaque, nd_region_files[i].name, SYSFS_FILE);
		fn(opaque, "driver", SYSFS_LINK);
		fn(opaque, "subsystem", SYSFS_LINK);
		snprintf(name, sizeof(name), "namespace%d.0", e.nid);
		fn(opaque, name, SYSFS_DIR);
		snprintf(name, sizeof(name), "btt%d.0", e.nid);
		fn(opaque, name, SYSFS_DIR);
		for (int d = 0; d < nd_pfn_count(k, e.nid); d++) {
			snprintf(name, sizeof(name), "pfn%d.%d", e.nid, d);
			fn(opaque, name, SYSFS_DIR);
		}
		for (int d = 0; d < nd_dax_count(k, e.nid); d++) {
			snprintf(name, sizeof(name), "dax%d.%d", e.nid, d);
			fn(opaque, name, SYSFS_DIR);
		}
		break;
	}
	case D_ND_NAMESPACE: {
		struct nd_namespace_info ni;

		emit_named(&c, nd_ns_files, ARRAY_SIZE(nd_ns_files));
		fn(opaque, "subsystem", SYSFS_LINK);
		if (!nd_namespace_get(k, e.nid, &ni) && ni.bound)
			fn(opaque, "driver", SYSFS_LINK);
		break;
	}
	case D_ND_SEED:
		emit_named(&c, nd_seed_files, ARRAY_SIZE(nd_seed_files));
		fn(opaque, "subsystem", SYSFS_LINK);
		break;
	case D_XEN_MEMORY0:
		fn(opaque, "info", SYSFS_DIR);
		emit_named(&c, xen_files, ARRAY_SIZE(xen_files));
		break;
	case D_XEN_INFO:
		emit_named(&c, xen_info_files, ARRAY_SIZE(xen_info_files));
		break;
	case D_MODULE:
		fn(opaque, "memory_hotplug", SYSFS_DIR);
		if (virtio_mem_driver_loaded(k))
			fn(opaque, "virtio_mem", SYSFS_DIR);
		break;
	case D_VM_MODULE:
		fn(opaque, "parameters", SYSFS_DIR);
		break;
	case D_VM_PARAMS:
		emit_named(&c, vm_param_files, ARRAY_SIZE(vm_param_files));
		break;
	case D_MHP_MODULE:
		fn(opaque, "parameters", SYSFS_DIR);
		break;
	case D_MHP_PARAMS:
		emit_named(&c, param_files, ARRAY_SIZE(param_files));
		break;
	case D_PROC:
		emit_named(&c, proc_files, ARRAY_SIZE(proc_files));
		break;
	case D_POWER:
		for (size_t i = 0; i < ARRAY_SIZE(power_files); i++)
			fn(opaque, power_files[i].name, SYSFS_FILE);
		break;
	case D_HUGEPAGE_SIZE:
		fn(opaque, "free_hugepages", SYSFS_FILE);
		fn(opaque, "nr_hugepages", SYSFS_FILE);
		fn(opaque, "surplus_hugepages", SYSFS_FILE);
		break;
	case D_BUS_DRIVERS:
		break;
	case D_BUS_VIRTIO:
		fn(opaque, "drivers", SYSFS_DIR);
		emit_named(&c, bus_files, ARRAY_SIZE(bus_files));
		break;
	case D_VIRTIO_DRIVERS:
		if (virtio_mem_driver_loaded(k))
			fn(opaque, "virtio_mem", SYSFS_DIR);
		break;
	case D_VIRTIO_MEM_DRIVER:
		emit_named(&c, driver_files, ARRAY_SIZE(driver_files));
		fn(opaque, "module", SYSFS_LINK);
		for (int i = virtio_mem_next_bound(k, 0); i >= 0; i = virtio_mem_next_bound(k, i + 1)) {
			snprintf(name, sizeof(name), "virtio%d", i);
			fn(opaque, name, SYSFS_LINK);
		}
		break;
	case D_BUS_ACPI_DEVICES:
		for (int slot = 0; slot < acpi_memory_slots(k); slot++) {
			snprintf(name, sizeof(name), "PNP0C80:%02x", slot);
			fn(opaque, name, SYSFS_LINK);
		}
		break;
	case D_BUS_ACPI:
		fn(opaque, "devices", SYSFS_DIR);
		fn(opaque, "drivers", SYSFS_DIR);
		emit_named(&c, bus_files, ARRAY_SIZE(bus_files));
		break;
	case D_ACPI_SYSTM:
		fn(opaque, "LNXSYBUS:00", SYSFS_DIR);
		break;
	case D_ACPI_SYBUS:
		if (acpi_memory_slots(k))
			fn(opaque, "PNP0A06:04", SYSFS_DIR);
		break;
	case D_ACPI_MHPC:
		for (int slot = 0; slot < acpi_memory_slots(k); slot++) {
			snprintf(name, sizeof(name), "PNP0C80:%02x", slot);
			fn(opaque, name, SYSFS_DIR);
		}
		break;
	case D_ACPI_MEMDEV: {
		struct acpi_memory_slot_info si;

		emit_named(&c, acpi_memdev_files, ARRAY_SIZE(acpi_memdev_files));
		fn(opaque, "power", SYSFS_DIR);
		fn(opaque, "subsystem", SYSFS_LINK);
		acpi_memory_slot_get_info(k, e.slot, &si);
		for (uint64_t i = 0; si.bound && i < si.size / memory_block_size_bytes(k); i++) {
			long block = (long)(si.start / memory_block_size_bytes(k) + i);

			if (memory_block_next(k, (unsigned long)block) != block)
				continue;
			if (i)
				snprintf(name, sizeof(name), "physical_node%llu", (unsigned long long)i);
			else
				snprintf(name, sizeof(name), "physical_node");
			fn(opaque, name, SYSFS_LINK);
		}
		break;
	}
	case D_BUS_MEMORY:
	case D_BUS_NODE:
		if (e.id == D_BUS_MEMORY)
			fn(opaque, "devices", SYSFS_DIR);
		fn(opaque, "drivers", SYSFS_DIR);
		emit_named(&c, bus_files, ARRAY_SIZE(bus_files));
		break;
	case D_MEMORY:
		emit_named(&c, memory_root_files, ARRAY_SIZE(memory_root_files));
		fn(opaque, "power", SYSFS_DIR);
		for (long id = memory_block_next(k, 0); id >= 0; id = memory_block_next(k, (unsigned long)id + 1)) {
			snprintf(name, sizeof(name), "memory%ld", id);
			fn(opaque, name, SYSFS_DIR);
		}
		break;
	case D_BLOCK: {
		struct memory_block_info info;

		memory_block_get_info(k, (unsigned long)e.block, &info);
		emit_named(&c, block_files, ARRAY_SIZE(block_files));
		fn(opaque, "power", SYSFS_DIR);
		fn(opaque, "subsystem", SYSFS_LINK);
		if (info.acpi_slot >= 0)
			fn(opaque, "firmware_node", SYSFS_LINK);
		for (int n = 0; n < MAX_NUMNODES; n++) {
			if ((info.nodes_linked >> n) & 1) {
				snprintf(name, sizeof(name), "node%d", n);
				fn(opaque, name, SYSFS_LINK);
			}
		}
		break;
	}
	case D_NODE_ROOT: {
		uint64_t online = node_mask_get(k, NODE_MASK_ONLINE);

		for (int m = 0; m < NODE_MASK_COUNT; m++)
			fn(opaque, node_mask_names[m], SYSFS_FILE);
		fn(opaque, "has_generic_initiator", SYSFS_FILE);
		emit_named(&c, node_root_files, ARRAY_SIZE(node_root_files));
		fn(opaque, "power", SYSFS_DIR);
		for (int n = 0; n < MAX_NUMNODES; n++) {
			if ((online >> n) & 1) {
				snprintf(name, sizeof(name), "node%d", n);
				fn(opaque, name, SYSFS_DIR);
			}
		}
		break;
	}
	case D_HUGEPAGES:
		fn(opaque, "hugepages-1048576kB", SYSFS_DIR);
		fn(opaque, "hugepages-2048kB", SYSFS_DIR);
		break;
	case D_NODE_X86:
		break;
	case D_NODE: {
		uint64_t cpus = node_cpumask(k, e.nid);

		emit_named(&c, node_files, ARRAY_SIZE(node_files));
		if (node_memory_interface_enabled(k))
			fn(opaque, "memory", SYSFS_FILE);
		fn(opaque, "power", SYSFS_DIR);
		fn(opaque, "hugepages", SYSFS_DIR);
		fn(opaque, "x86", SYSFS_DIR);
		fn(opaque, "subsystem", SYSFS_LINK);
		for (int cpu = 0; cpu < 64; cpu++) {
			if ((cpus >> cpu) & 1) {
				snprintf(name, sizeof(name), "cpu%d", cpu);
				fn(opaque, name, SYSFS_LINK);
			}
		}
		for (long id = memory_block_next(k, 0); id >= 0; id = memory_block_next(k, (unsigned long)id + 1)) {
			struct memory_block_info info;

			memory_block_get_info(k, (unsigned long)id, &info);
			if ((info.nodes_linked >> e.nid) & 1) {
				snprintf(name, sizeof(name), "memory%ld", id);
				fn(opaque, name, SYSFS_LINK);
			}
		}
		break;
	}
	default:
		return -ENOTDIR;
	}
	return 0;
}
