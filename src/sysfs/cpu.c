// SPDX-License-Identifier: MIT
/*
 * /sys/devices/system/cpu (drivers/base/cpu.c, drivers/base/topology.c,
 * kernel/cpu.c's smt/): the CPU masks, the isolation and nohz_full sets
 * from the command line, 6.12's crash_hotplug and enabled, SMT control,
 * and per CPU its node link, online file (every CPU but the boot CPU, which
 * cannot go offline) and topology.  QEMU 7.2's pc machine gives -smp N one
 * socket, one die and one cluster of N cores with a thread each.
 *
 * The CPU model's side (kernel profile data over the firmware's CPUID
 * facts): the modalias, vulnerabilities/, each CPU's cache/ (cacheinfo.c),
 * cpuidle/ with no idle driver, the hotplug state machine's states and
 * each CPU's place in it; and /sys/bus/cpu with the processor driver.
 *
 * Each CPU's crash_notes is the address of its crash notes buffer in its
 * percpu unit (src/mm/percpu.c places the units).
 *
 * Not modelled: cpufreq (a QEMU guest has no driver).  The CPUs' ACPI
 * devices are acpi_processor.c's.
 */
#include <stdio.h>
#include <string.h>

#include "lib/strparse.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "sysfs/sysfs_internal.h"

static uint64_t all_cpus(const struct kernel *k)
{
	int n = kernel_nr_cpus(k);

	return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/* ---- the root: masks ---- */

/* online, possible, present and enabled (6.10): every CPU of -smp, all the time */
static int all_cpus_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit_list(buf, all_cpus(obj->k));
	return 0;
}
SYSFS_ATTR_FULL(attr_online, "online", 0444, all_cpus_show, NULL, NULL);
SYSFS_ATTR_FULL(attr_possible, "possible", 0444, all_cpus_show, NULL, NULL);
SYSFS_ATTR_FULL(attr_present, "present", 0444, all_cpus_show, NULL, NULL);

static bool enabled_visible(const struct sysfs_obj *obj)
{
	return kernel_has(obj->k, KF_CPU_ENABLED);
}
SYSFS_ATTR_FULL(attr_enabled, "enabled", 0444, all_cpus_show, NULL, enabled_visible);

/* offline: possible CPUs that are not online (none: the guest never unplugs a CPU) */
static int offline_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit_list(buf, 0);
	return 0;
}
SYSFS_ATTR_RO(offline);

/* NR_CPUS - 1 of Debian's x86-64 configs (8192) */
SYSFS_ATTR_TEXT(attr_kernel_max, "kernel_max", 0444, "8191\n");

static int isolated_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit_list(buf, cpu_isolated_mask(obj->k) & all_cpus(obj->k));
	return 0;
}
SYSFS_ATTR_RO(isolated);

/* without nohz_full the kernel prints its NULL mask as "(null)" */
static int nohz_full_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	uint64_t mask;

	if (!cpu_nohz_full_mask(obj->k, &mask))
		sysfs_emit(buf, "(null)\n");
	else
		sysfs_emit_list(buf, mask & all_cpus(obj->k));
	return 0;
}
SYSFS_ATTR_RO(nohz_full);

/* crash_hotplug (KF_CRASH_HOTPLUG): no kdump image is loaded, so nothing is updated in place */
static bool crash_hotplug_visible(const struct sysfs_obj *obj)
{
	return kernel_has(obj->k, KF_CRASH_HOTPLUG);
}

static int crash_hotplug_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "0\n");
	return 0;
}
SYSFS_ATTR_FULL(attr_crash_hotplug, "crash_hotplug", 0444, crash_hotplug_show, NULL, crash_hotplug_visible);

/* ---- modalias and vulnerabilities/: what the build makes of the CPU model ---- */

/* print_cpu_modalias(): vendor, family and model, then every feature bit set */
static void emit_cpu_modalias(const struct sysfs_obj *obj, struct seq_buf *buf, const char *prefix)
{
	const struct kernel_cpu_view *v = cpu_view(obj->k);
	unsigned int family, model;

	cpu_family_model(obj->k, &family, &model);
	sysfs_emit(buf, "%scpu:type:x86,ven%04Xfam%04Xmod%04X:feature:", prefix, cpu_vendor_id(obj->k), family,
		   model);
	for (const char *f = v ? v->features : ""; *f == ','; f += 5)
		if (cpu_has_feature_token(obj->k, f + 1))
			sysfs_emit(buf, ",%.4s", f + 1);
	sysfs_emit(buf, "\n");
}

static int modalias_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	emit_cpu_modalias(obj, buf, "");
	return 0;
}

static bool cpu_view_visible(const struct sysfs_obj *obj)
{
	return cpu_view(obj->k) != NULL;
}
SYSFS_ATTR_FULL(attr_modalias, "modalias", 0444, modalias_show, NULL, cpu_view_visible);

static int vulnerability_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	const struct cpu_vulnerability *v = cpu_view(obj->k)->vulnerabilities;

	sysfs_emit(buf, "%s\n", v[obj->index].state);
	return 0;
}

static const struct sysfs_attr vulnerability_attr = { .mode = 0444, .show = vulnerability_show };

static int vulnerabilities_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	const struct cpu_vulnerability *v = cpu_view(obj->k)->vulnerabilities;

	for (int i = 0; v[i].name; i++)
		if (!strcmp(name, v[i].name)) {
			struct sysfs_obj file = *obj;

			file.index = i;
			return sysfs_node_file(out, &file, &vulnerability_attr), 0;
		}
	return -ENOENT;
}

static void vulnerabilities_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (const struct cpu_vulnerability *v = cpu_view(obj->k)->vulnerabilities; v->name; v++)
		sysfs_fill(fd, SYSFS_FILE, "%s", v->name);
}

static const struct sysfs_dir_type vulnerabilities_dir = {
	.lookup = vulnerabilities_lookup,
	.readdir = vulnerabilities_readdir,
};

/* ---- cpuidle/: governors, and no idle driver (no intel_idle on AMD, no haltpoll without KVM) ---- */

static int available_governors_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr,
				    struct seq_buf *buf)
{
	for (int i = 0; cpuidle_governors[i]; i++)
		sysfs_emit(buf, "%s%s", i ? " " : "", cpuidle_governors[i]);
	sysfs_emit(buf, "\n");
	return 0;
}
SYSFS_ATTR_RO(available_governors);
SYSFS_ATTR_TEXT(attr_current_driver, "current_driver", 0444, "none\n");

static int current_governor_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%s\n", cpuidle_governor_get(obj->k));
	return 0;
}

static int current_governor_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				  size_t len, struct memhp_err *err)
{
	char name[16];

	sysfs_first_line(name, sizeof(name), buf);
	if (cpuidle_governor_set(obj->k, name))
		return memhp_err_set(err, -EINVAL, "no cpuidle governor '%s' (available: ladder menu)", name);
	return 0;
}
SYSFS_ATTR_RW(current_governor);
SYSFS_ATTR_FULL(attr_current_governor_ro, "current_governor_ro", 0444, current_governor_show, NULL, NULL);

static const struct sysfs_dir_type cpuidle_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_available_governors,
		&attr_current_driver,
		&attr_current_governor,
		&attr_current_governor_ro,
		NULL,
	},
};

/* ---- hotplug/states: the state machine as the build registered it ---- */

static int states_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	const struct cpuhp_state_desc *s;

	for (int i = 0; (s = cpuhp_state_at(obj->k, i)); i++)
		sysfs_emit(buf, "%3d: %s\n", s->nr, s->name);
	return 0;
}
SYSFS_ATTR_RO(states);

static const struct sysfs_dir_type cpuhp_root_dir = {
	.attrs = (const struct sysfs_attr *const[]){ &attr_states, NULL },
};

/* ---- smt/: one thread per core, so SMT control is not supported ---- */

static int smt_control_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			     size_t len, struct memhp_err *err)
{
	return memhp_err_set(err, -ENODEV, "SMT control is not supported: one thread per core");
}
static const struct sysfs_attr attr_smt_control = {
	.name = "control", .mode = 0644, .show = sysfs_show_text, .store = smt_control_store,
	.data = "notsupported\n",
};
SYSFS_ATTR_TEXT(attr_smt_active, "active", 0444, "0\n");

static const struct sysfs_dir_type smt_dir = {
	.attrs = (const struct sysfs_attr *const[]){ &attr_smt_active, &attr_smt_control, NULL },
};

/* ---- cpuN/topology ---- */

/* attr->data names the set: "self" (core, thread, cluster) or "package" (package, die, core siblings) */
static uint64_t topo_mask(const struct sysfs_obj *obj, const struct sysfs_attr *attr)
{
	return !strcmp(attr->data, "self") ? 1ULL << obj->id : all_cpus(obj->k);
}

static int topo_map_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit_cpumap(buf, obj->k, topo_mask(obj, attr));
	return 0;
}

static int topo_list_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit_list(buf, topo_mask(obj, attr));
	return 0;
}

#define TOPO_MASK(_var, _name, _set)                                                                  \
	static const struct sysfs_attr _var = { .name = _name, .mode = 0444, .show = topo_map_show, .data = _set }; \
	static const struct sysfs_attr _var##_list = {                                                \
		.name = _name "_list", .mode = 0444, .show = topo_list_show, .data = _set               \
	}

TOPO_MASK(topo_cluster_cpus, "cluster_cpus", "self");
TOPO_MASK(topo_core_cpus, "core_cpus", "self");
TOPO_MASK(topo_core_siblings, "core_siblings", "package");
TOPO_MASK(topo_die_cpus, "die_cpus", "package");
TOPO_MASK(topo_package_cpus, "package_cpus", "package");
TOPO_MASK(topo_thread_siblings, "thread_siblings", "self");

static int core_id_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%ld\n", obj->id);
	return 0;
}
SYSFS_ATTR_RO(core_id);
/* no cluster information from firmware: BAD_APICID's low half */
SYSFS_ATTR_TEXT(attr_cluster_id, "cluster_id", 0444, "65535\n");
SYSFS_ATTR_TEXT(attr_die_id, "die_id", 0444, "0\n");
SYSFS_ATTR_TEXT(attr_physical_package_id, "physical_package_id", 0444, "0\n");

static const struct sysfs_dir_type topology_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&topo_cluster_cpus, &topo_cluster_cpus_list, &attr_cluster_id,
		&topo_core_cpus, &topo_core_cpus_list, &attr_core_id,
		&topo_core_siblings, &topo_core_siblings_list,
		&topo_die_cpus, &topo_die_cpus_list, &attr_die_id,
		&topo_package_cpus, &topo_package_cpus_list, &attr_physical_package_id,
		&topo_thread_siblings, &topo_thread_siblings_list,
		NULL,
	},
};

/* ---- cpuN ---- */

/* cpuN/hotplug: every CPU is up; nothing has failed */
static int cpuhp_state_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	int target, state = cpuhp_cpu_state(obj->k, (int)obj->id, &target);

	sysfs_emit(buf, "%d\n", !strcmp(attr->name, "target") ? target : state);
	return 0;
}
SYSFS_ATTR_FULL(attr_cpuhp_state, "state", 0444, cpuhp_state_show, NULL, NULL);
SYSFS_ATTR_FULL(attr_cpuhp_target, "target", 0644, cpuhp_state_show, NULL, NULL);
SYSFS_ATTR_TEXT(attr_cpuhp_fail, "fail", 0644, "-1\n");

/* crash_notes: where kexec's crash kernel finds this CPU's registers (a percpu buffer) */
static int crash_notes_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%llx\n", (unsigned long long)kernel_crash_notes_phys(obj->k, (int)obj->id));
	return 0;
}
SYSFS_ATTR_FULL(attr_crash_notes, "crash_notes", 0400, crash_notes_show, NULL, NULL);

static int crash_notes_size_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	sysfs_emit(buf, "%llu\n", (unsigned long long)kernel_crash_notes_bytes(obj->k));
	return 0;
}
SYSFS_ATTR_FULL(attr_crash_notes_size, "crash_notes_size", 0400, crash_notes_size_show, NULL, NULL);

static const struct sysfs_dir_type cpuhp_cpu_dir = {
	.attrs = (const struct sysfs_attr *const[]){ &attr_cpuhp_fail, &attr_cpuhp_state, &attr_cpuhp_target, NULL },
};

/* every CPU is bound to the processor driver (drivers/acpi/processor_driver.c) */
static bool cpu_driver(const struct sysfs_obj *obj, char *buf, size_t size)
{
	snprintf(buf, size, "/sys/bus/cpu/drivers/processor");
	return true;
}

static void cpu_uevent(const struct sysfs_obj *obj, struct seq_buf *buf)
{
	if (cpu_view(obj->k))
		emit_cpu_modalias(obj, buf, "MODALIAS=");
}

static const struct sysfs_device_type cpu_device = {
	.subsystem = "/sys/bus/cpu",
	.power = true,
	.pm_qos_latency = true,
	.uevent = cpu_uevent,
	.driver = cpu_driver,
};


/* online: the boot CPU has none; a CPU stays online (CPU hot-unplug is not modelled) */
static bool cpu_online_visible(const struct sysfs_obj *obj)
{
	return obj->id != 0;
}

static int cpu_online_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
			    size_t len, struct memhp_err *err)
{
	bool on;

	if (kstrtobool(buf, &on))
		return memhp_err_set(err, -EINVAL, "online takes 0 or 1");
	if (!on)
		return memhp_err_set(err, -EOPNOTSUPP, "memhp does not model CPU hot-unplug");
	return 0;
}
static const struct sysfs_attr attr_cpu_online = {
	.name = "online", .mode = 0644, .show = sysfs_show_text, .store = cpu_online_store, .data = "1\n",
	.is_visible = cpu_online_visible,
};

static int cpu_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long nid;

	if (!strcmp(name, "firmware_node"))
		return sysfs_node_link(out, "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0010:00/LNXCPU:%02lx", obj->id);
	if (sysfs_parse_numbered(name, "node", &nid) && nid == cpu_to_node(obj->k, (int)obj->id))
		return sysfs_node_link(out, "/sys/devices/system/node/node%ld", nid);
	return -ENOENT;
}

static void cpu_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	int nid = cpu_to_node(obj->k, (int)obj->id);

	sysfs_fill(fd, SYSFS_LINK, "firmware_node");
	if (nid >= 0)
		sysfs_fill_numbered(fd, SYSFS_LINK, "node", nid);
}

static const struct sysfs_dir_type cpu_dir = {
	.attrs = (const struct sysfs_attr *const[]){ &attr_cpu_online, &attr_crash_notes, &attr_crash_notes_size, NULL },
	.dev = &cpu_device,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR_IF("cache", &cpu_cache_dir, cpu_cache_visible),
		SYSFS_SUBDIR("hotplug", &cpuhp_cpu_dir),
		SYSFS_SUBDIR("topology", &topology_dir),
		{ NULL },
	},
	.lookup = cpu_lookup,
	.readdir = cpu_readdir,
};

/* ---- the root ---- */

static int cpu_root_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long n;

	if (sysfs_parse_numbered(name, "cpu", &n) && n < kernel_nr_cpus(obj->k))
		return sysfs_node_dir(out, obj->k, &cpu_dir, n, 0, 0);
	return -ENOENT;
}

static void cpu_root_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (int c = 0; c < kernel_nr_cpus(obj->k); c++)
		sysfs_fill_numbered(fd, SYSFS_DIR, "cpu", c);
}

static const struct sysfs_device_type cpu_root_device = {
	.power = true,
};

const struct sysfs_dir_type cpu_root_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_crash_hotplug,
		&attr_enabled,
		&attr_isolated,
		&attr_kernel_max,
		&attr_modalias,
		&attr_nohz_full,
		&attr_offline,
		&attr_online,
		&attr_possible,
		&attr_present,
		NULL,
	},
	.dev = &cpu_root_device,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("cpufreq", &sysfs_empty_dir),	/* no cpufreq driver in a QEMU guest */
		SYSFS_SUBDIR("cpuidle", &cpuidle_dir),
		SYSFS_SUBDIR("hotplug", &cpuhp_root_dir),
		SYSFS_SUBDIR("smt", &smt_dir),
		SYSFS_SUBDIR_IF("vulnerabilities", &vulnerabilities_dir, cpu_view_visible),
		{ NULL },
	},
	.lookup = cpu_root_lookup,
	.readdir = cpu_root_readdir,
};

/* ---- /sys/bus/cpu ---- */

static int cpu_bus_devices_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	long n;

	if (sysfs_parse_numbered(name, "cpu", &n) && n < kernel_nr_cpus(obj->k))
		return sysfs_node_link(out, "/sys/devices/system/cpu/cpu%ld", n);
	return -ENOENT;
}

static void cpu_bus_devices_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	for (int c = 0; c < kernel_nr_cpus(obj->k); c++)
		sysfs_fill_numbered(fd, SYSFS_LINK, "cpu", c);
}

static const struct sysfs_dir_type cpu_bus_devices_dir = {
	.lookup = cpu_bus_devices_lookup,
	.readdir = cpu_bus_devices_readdir,
};

/* bind_store()/unbind_store(): a CPU is always bound, and memhp keeps it so */
static int processor_bind_store(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf,
				size_t len, struct memhp_err *err)
{
	char name[32];
	long n;

	sysfs_first_line(name, sizeof(name), buf);
	if (!sysfs_parse_numbered(name, "cpu", &n) || n >= kernel_nr_cpus(obj->k))
		return memhp_err_set(err, -ENODEV, "no device %s on the cpu bus", name);
	if (!strcmp(attr->name, "bind"))
		return memhp_err_set(err, -EBUSY, "%s is already bound to processor", name);
	return memhp_err_set(err, -EOPNOTSUPP, "memhp does not model unbinding the processor driver");
}
SYSFS_ATTR_FULL(attr_processor_bind, "bind", 0200, NULL, processor_bind_store, NULL);
SYSFS_ATTR_FULL(attr_processor_unbind, "unbind", 0200, NULL, processor_bind_store, NULL);

static const struct sysfs_dir_type processor_driver_dir = {
	.attrs = (const struct sysfs_attr *const[]){
		&attr_processor_bind,
		&bus_driver_attr_uevent,
		&attr_processor_unbind,
		NULL,
	},
	.lookup = cpu_bus_devices_lookup,
	.readdir = cpu_bus_devices_readdir,
};

static const struct sysfs_dir_type cpu_bus_drivers_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("processor", &processor_driver_dir),
		{ NULL },
	},
};

const struct sysfs_dir_type cpu_bus_dir = {
	.attrs = bus_attrs,
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("devices", &cpu_bus_devices_dir),
		SYSFS_SUBDIR("drivers", &cpu_bus_drivers_dir),
		{ NULL },
	},
};
