// SPDX-License-Identifier: MIT
/*
 * The pc machine (QEMU 7.2 i440fx) as far as memory goes: the command-line
 * subset (-m, -smp, -cpu, -machine/-M, -object, -numa, -device) with
 * QEMU's start-up checks and messages in QEMU's order, the RAM split
 * around the PCI hole, the AMD 1 TiB relocation and the phys-bits check,
 * the device-memory region, NUMA completion, and the firmware view the
 * guest boots from (SeaBIOS e820, SRAT memory affinity, CPU facts).  It
 * also owns the machine object's lifetime, the event/GPE/warning outputs
 * and the generic device_add/device_del dispatch.  Backends, placement,
 * DIMMs, virtio-mem and the ACPI slot table are in their own files; QMP is
 * src/qmp.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* vasprintf */
#endif
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hw_internal.h"
#include "lib/json.h"
#include "lib/strparse.h"


#define PC_DEFAULT_RAM_SIZE	(128 * MiB)
#define PC_DEFAULT_BELOW_4G	0xe0000000ULL
#define PC_GIGABYTE_LOWMEM	0xc0000000ULL
#define HOLE_640K_START		0xa0000ULL
#define HOLE_640K_END		0x100000ULL
#define TCG_PHYS_ADDR_BITS	40
#define TARGET_PHYS_ADDR_SPACE_BITS 52


/**
 * pc_machine_warn() - record a QEMU warning (what QEMU prints on stderr)
 * @pcms: the machine
 * @fmt: the message without "warning: "
 */
void pc_machine_warn(struct pc_machine *pcms, const char *fmt, ...)
{
	va_list ap;
	char *msg, *n;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg)
		return;
	n = mhp_asprintf("%swarning: %s\n", pcms->warnings ? pcms->warnings : "", msg);
	free(msg);
	if (n) {
		free(pcms->warnings);
		pcms->warnings = n;
	}
}

/**
 * pc_machine_emit_event() - send a QMP event to the sink
 * @pcms: the machine
 * @name: the event name
 * @data: the data object, keys in QAPI order (ownership taken; may be NULL)
 */
void pc_machine_emit_event(struct pc_machine *pcms, const char *name, struct json *data)
{
	data = qapi_order(data);
	if (pcms->event_fn)
		pcms->event_fn(pcms->event_opaque, name, data);
	else
		json_free(data);
}

/**
 * pc_machine_raise_gpe() - raise the memory hotplug GPE (\_GPE._E03)
 * @pcms: the machine
 */
void pc_machine_raise_gpe(struct pc_machine *pcms)
{
	if (pcms->gpe_fn)
		pcms->gpe_fn(pcms->gpe_opaque);
}

/**
 * pc_machine_numa_nodes_for_check() - the node count device node= checks use
 * @pcms: the machine
 *
 * Return: the number of NUMA nodes, or 1 when NUMA is off.
 */
int pc_machine_numa_nodes_for_check(const struct pc_machine *pcms)
{
	return pcms->nr_nodes ? pcms->nr_nodes : 1;
}

/**
 * pc_machine_qom_type() - the machine's QOM type name
 * @pcms: the machine
 * @buf: where to write it
 * @size: its size
 *
 * Return: @buf, e.g. "pc-i440fx-7.2-machine".
 */
const char *pc_machine_qom_type(const struct pc_machine *pcms, char *buf, size_t size)
{
	snprintf(buf, size, "%s-machine", pcms->type_name);
	return buf;
}

/* ---- machine types -------------------------------------------------------- */

static const char *const i440fx_versions[] = {
	"1.4", "1.5", "1.6", "1.7", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
	"2.7", "2.8", "2.9", "2.10", "2.11", "2.12", "3.0", "3.1", "4.0", "4.1",
	"4.2", "5.0", "5.1", "5.2", "6.0", "6.1", "6.2", "7.0", "7.1", "7.2",
};

static int set_machine_type(struct pc_machine *pcms, const char *name, struct memhp_err *err)
{
	static const char prefix[] = "pc-i440fx-";
	const char *ver = NULL;
	unsigned int major, minor, v;

	if (!strcmp(name, "pc")) {
		ver = "7.2";
	} else if (!strncmp(name, prefix, sizeof(prefix) - 1)) {
		for (size_t i = 0; i < ARRAY_SIZE(i440fx_versions); i++)
			if (!strcmp(name + sizeof(prefix) - 1, i440fx_versions[i]))
				ver = i440fx_versions[i];
	} else if (!strcmp(name, "q35") || !strncmp(name, "pc-q35-", 7) ||
		   !strcmp(name, "microvm") || !strcmp(name, "isapc") || !strcmp(name, "none") ||
		   !strcmp(name, "x-remote")) {
		return memhp_err_set(err, -EINVAL,
				     "-machine %s is not supported by memhp (only pc / pc-i440fx-*)", name);
	}
	if (!ver)
		return memhp_err_set(err, -EINVAL, "unsupported machine type");
	sscanf(ver, "%u.%u", &major, &minor);
	v = major * 100 + minor;
	snprintf(pcms->type_name, sizeof(pcms->type_name), "pc-i440fx-%s", ver);
	pcms->gigabyte_align = v >= 108;
	pcms->has_reserved_memory = v >= 201;
	pcms->enforce_aligned_dimm = v >= 202;
	pcms->broken_reserved_end = v <= 204;
	pcms->enforce_amd_1tb_hole = v >= 701;
	pcms->auto_numa_memhp = v >= 211;
	pcms->auto_numa_memdev = v >= 501;
	pcms->numa_mem_supported = v <= 500;
	return 0;
}

/* ---- command-line collection ------------------------------------------- */

enum cli_kind { CLI_OBJECT, CLI_NUMA, CLI_DEVICE };

struct cli_item {
	enum cli_kind kind;
	const char *arg;
};

/* Everything gathered from argv before any of it is applied. */
struct cli {
	const char *machine_type;
	const char *memory_backend;
	const char *max_ram_below_4g;
	const char *m_arg;		/* last -m */
	const char *smp_arg;
	const char *cpu_arg;
	struct cli_item *items;		/* -object, -numa, -device in order */
	size_t nr_items;
	struct qemu_opts *mopts;	/* every -machine, owning the strings above */
	size_t nr_mopts;
};

static int cli_add_item(struct cli *c, enum cli_kind kind, const char *arg)
{
	struct cli_item *n = realloc(c->items, (c->nr_items + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	c->items = n;
	c->items[c->nr_items].kind = kind;
	c->items[c->nr_items].arg = arg;
	c->nr_items++;
	return 0;
}

static int cli_machine_opts(struct cli *c, const char *arg, struct memhp_err *err)
{
	struct qemu_opts *n = realloc(c->mopts, (c->nr_mopts + 1) * sizeof(*n));
	struct qemu_opts *o;
	const char *v;

	if (!n)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	c->mopts = n;
	o = &c->mopts[c->nr_mopts];
	if (qemu_opts_parse(arg, "type", o))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	c->nr_mopts++;
	for (size_t i = 0; i < o->nr; i++) {
		const char *k = o->opts[i].key;

		if (strcmp(k, "type") && strcmp(k, "memory-backend") &&
		    strcmp(k, "max-ram-below-4g") && strcmp(k, "accel"))
			return memhp_err_set(err, -EINVAL,
					     "-machine option '%s' is not supported by memhp", k);
		if (!o->opts[i].value)
			return memhp_err_set(err, -EINVAL, "-machine %s: missing value for '%s'", arg, k);
		if (!strcmp(k, "accel") && strcmp(o->opts[i].value, "tcg"))
			return memhp_err_set(err, -EINVAL,
					     "-machine accel=%s is not supported by memhp (the model is TCG)",
					     o->opts[i].value);
	}
	/* later -machine options override earlier ones; the strings live in c->mopts */
	if ((v = qemu_opts_get(o, "type")))
		c->machine_type = v;
	if ((v = qemu_opts_get(o, "memory-backend")))
		c->memory_backend = v;
	if ((v = qemu_opts_get(o, "max-ram-below-4g")))
		c->max_ram_below_4g = v;
	return 0;
}

static void cli_fini(struct cli *c)
{
	for (size_t i = 0; i < c->nr_mopts; i++)
		qemu_opts_fini(&c->mopts[i]);
	free(c->mopts);
	free(c->items);
}

/* ---- -m ------------------------------------------------------------------ */

static int parse_memory(struct pc_machine *pcms, const char *arg, struct memhp_err *err)
{
	struct qemu_opts o;
	const char *size_s, *slots_s, *maxmem_s;
	uint64_t size = 0, maxmem = 0, slots = 0;
	bool has_size = false, has_max = false, has_slots = false;
	int ret = 0;

	if (qemu_opts_parse(arg, "size", &o))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < o.nr; i++) {
		const char *k = o.opts[i].key;

		if (strcmp(k, "size") && strcmp(k, "slots") && strcmp(k, "maxmem")) {
			ret = memhp_err_set(err, -EINVAL, "-m %s: Invalid parameter '%s'", arg, k);
			goto out;
		}
	}
	size_s = qemu_opts_get(&o, "size");
	slots_s = qemu_opts_get(&o, "slots");
	maxmem_s = qemu_opts_get(&o, "maxmem");
	if (size_s) {
		char *fixed = NULL;
		size_t len = strlen(size_s);

		/* Legacy: a size without a suffix is in MiB */
		if (len && size_s[len - 1] >= '0' && size_s[len - 1] <= '9')
			fixed = mhp_asprintf("%sM", size_s);
		if (qemu_opt_parse_size(fixed ? fixed : size_s, &size)) {
			free(fixed);
			ret = memhp_err_set(err, -EINVAL,
					    "-m %s: Parameter 'size' expects a non-negative number below 2^64",
					    arg);
			goto out;
		}
		free(fixed);
		has_size = size != 0;
	}
	if (maxmem_s) {
		if (qemu_opt_parse_size(maxmem_s, &maxmem)) {
			ret = memhp_err_set(err, -EINVAL,
					    "-m %s: Parameter 'maxmem' expects a non-negative number below 2^64",
					    arg);
			goto out;
		}
		has_max = true;
	}
	if (slots_s) {
		if (qemu_opt_parse_u64(slots_s, &slots)) {
			ret = memhp_err_set(err, -EINVAL, "-m %s: Parameter 'slots' expects a number",
					    arg);
			goto out;
		}
		has_slots = true;
	}

	/* machine_set_mem() */
	if (!has_size)
		size = PC_DEFAULT_RAM_SIZE;
	if (size > UINT64_MAX - 8191) {
		ret = memhp_err_set(err, -EINVAL, "ram size too large");
		goto out;
	}
	size = pc_round_up(size, 8 * KiB);
	if (has_max) {
		if (maxmem < size) {
			ret = memhp_err_set(err, -EINVAL,
					    "invalid value of maxmem: maximum memory size (0x%" PRIx64 ") must be at least the initial memory size (0x%" PRIx64 ")",
					    maxmem, size);
			goto out;
		}
		if (has_slots && slots && maxmem == size) {
			ret = memhp_err_set(err, -EINVAL,
					    "invalid value of maxmem: memory slots were specified but maximum memory size (0x%" PRIx64 ") is equal to the initial memory size (0x%" PRIx64 ")",
					    maxmem, size);
			goto out;
		}
		pcms->maxram_size = maxmem;
	} else {
		if (has_slots) {
			ret = memhp_err_set(err, -EINVAL, "slots specified but no max-size");
			goto out;
		}
		pcms->maxram_size = size;
	}
	pcms->ram_size = size;
	pcms->ram_slots = has_slots ? slots : 0;
out:
	qemu_opts_fini(&o);
	return ret;
}

/* ---- -smp and -cpu -------------------------------------------------------- */

static int parse_smp(struct pc_machine *pcms, const char *arg, struct memhp_err *err)
{
	struct qemu_opts o;
	const char *v;
	uint64_t n = 1;
	int ret = 0;

	if (qemu_opts_parse(arg, "cpus", &o))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < o.nr; i++) {
		if (strcmp(o.opts[i].key, "cpus")) {
			ret = memhp_err_set(err, -EINVAL,
					    "-smp %s: option '%s' is not supported by memhp (only -smp N)",
					    arg, o.opts[i].key);
			goto out;
		}
	}
	v = qemu_opts_get(&o, "cpus");
	if (v && qemu_opt_parse_u64(v, &n)) {
		ret = memhp_err_set(err, -EINVAL, "-smp %s: Parameter 'cpus' expects a number", arg);
		goto out;
	}
	if (!n)
		n = 1;
	if (n > PC_MAX_CPUS) {
		ret = memhp_err_set(err, -EINVAL,
				    "Invalid SMP CPUs %" PRIu64 ". The max CPUs supported by machine '%s' is %d",
				    n, pcms->type_name, PC_MAX_CPUS);
		goto out;
	}
	pcms->smp = (int)n;
out:
	qemu_opts_fini(&o);
	return ret;
}

struct cpu_opts {
	bool amd;
	unsigned int phys_bits;		/* 0: default */
};

static int parse_cpu(const char *arg, struct cpu_opts *c, struct memhp_err *err)
{
	struct qemu_opts o;
	const char *model;
	int ret = 0;

	c->amd = true;		/* TCG: qemu64 and max report AuthenticAMD */
	c->phys_bits = 0;
	if (!arg)
		return 0;
	if (qemu_opts_parse(arg, "model", &o))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	model = o.nr && !strcmp(o.opts[0].key, "model") ? o.opts[0].value : "";
	if (!strcmp(model, "host")) {
		ret = memhp_err_set(err, -EINVAL, "CPU model 'host' requires KVM or HVF");
		goto out;
	}
	if (strcmp(model, "max") && strcmp(model, "qemu64")) {
		ret = memhp_err_set(err, -EINVAL,
				    "-cpu %s is not supported by memhp (only max and qemu64)", model);
		goto out;
	}
	for (size_t i = 1; i < o.nr; i++) {
		const char *k = o.opts[i].key, *v = o.opts[i].value;

		if (!strcmp(k, "phys-bits") && v) {
			uint64_t pb;

			if (qemu_opt_parse_u64(v, &pb) || pb > UINT32_MAX) {
				ret = memhp_err_set(err, -EINVAL, "Parameter 'phys-bits' expects uint32_t");
				goto out;
			}
			c->phys_bits = (unsigned int)pb;
		} else if (!strcmp(k, "vendor") && v) {
			if (strlen(v) != 12) {
				ret = memhp_err_set(err, -EINVAL,
						    "Property '.vendor' doesn't take value '%s'", v);
				goto out;
			}
			c->amd = !strcmp(v, "AuthenticAMD");
		} else {
			ret = memhp_err_set(err, -EINVAL,
					    "-cpu option '%s' is not supported by memhp (only phys-bits and vendor)",
					    k);
			goto out;
		}
	}
out:
	qemu_opts_fini(&o);
	return ret;
}

/* ---- -numa ---------------------------------------------------------------- */

/* NUMA parsing state kept across -numa options (QEMU's have_mem/have_memdevs). */
struct numa_parse {
	bool have_mem;
	bool have_memdevs;
	int max_nodeid;			/* highest id + 1 */
	bool cpu_has_node[PC_MAX_CPUS];
};

static int parse_cpu_range(const char *v, uint64_t *lo, uint64_t *hi)
{
	const char *dash = strchr(v, '-');

	if (!dash)
		return qemu_opt_parse_u64(v, lo) ? -EINVAL : ((*hi = *lo), 0);
	{
		char buf[32];
		size_t n = (size_t)(dash - v);

		if (n == 0 || n >= sizeof(buf))
			return -EINVAL;
		memcpy(buf, v, n);
		buf[n] = 0;
		if (qemu_strtou64(buf, lo) || qemu_strtou64(dash + 1, hi) || *hi < *lo)
			return -EINVAL;
	}
	return 0;
}

static int parse_numa(struct pc_machine *pcms, struct numa_parse *np, const char *arg,
		      struct memhp_err *err)
{
	struct qemu_opts o;
	const char *type, *v;
	uint64_t nodenr, mem = 0;
	bool has_mem = false;
	struct host_memory_backend *memdev = NULL;
	int ret = 0;

	if (qemu_opts_parse(arg, "type", &o))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	type = qemu_opts_get(&o, "type");
	if (!type) {
		ret = memhp_err_set(err, -EINVAL, "-numa %s: Parameter 'type' is missing", arg);
		goto out;
	}
	if (!strcmp(type, "dist") || !strcmp(type, "cpu") || !strcmp(type, "hmat-lb") ||
	    !strcmp(type, "hmat-cache")) {
		ret = memhp_err_set(err, -EINVAL, "-numa %s is not supported by memhp (only -numa node)",
				    type);
		goto out;
	}
	if (strcmp(type, "node")) {
		ret = memhp_err_set(err, -EINVAL,
				    "-numa %s: Parameter 'type' does not accept value '%s'", arg, type);
		goto out;
	}
	for (size_t i = 0; i < o.nr; i++) {
		const char *k = o.opts[i].key;

		if (strcmp(k, "type") && strcmp(k, "nodeid") && strcmp(k, "cpus") &&
		    strcmp(k, "memdev") && strcmp(k, "mem")) {
			if (!strcmp(k, "initiator"))
				ret = memhp_err_set(err, -EINVAL,
						    "-numa node,initiator is not supported by memhp");
			else
				ret = memhp_err_set(err, -EINVAL, "-numa %s: Invalid parameter '%s'",
						    arg, k);
			goto out;
		}
	}
	v = qemu_opts_get(&o, "nodeid");
	if (v) {
		if (qemu_opt_parse_u64(v, &nodenr) || nodenr > UINT16_MAX) {
			ret = memhp_err_set(err, -EINVAL,
					    "-numa %s: Parameter 'nodeid' expects uint16_t", arg);
			goto out;
		}
	} else {
		nodenr = (uint64_t)pcms->nr_nodes;
	}
	if (nodenr >= PC_MAX_NODES) {
		ret = memhp_err_set(err, -EINVAL, "-numa %s: Max number of NUMA nodes reached: %" PRIu64,
				    arg, nodenr);
		goto out;
	}
	if (pcms->nodes[nodenr].present) {
		ret = memhp_err_set(err, -EINVAL, "-numa %s: Duplicate NUMA nodeid: %" PRIu64, arg,
				    nodenr);
		goto out;
	}
	for (size_t i = 0; i < o.nr; i++) {
		uint64_t lo, hi;

		if (strcmp(o.opts[i].key, "cpus"))
			continue;
		if (!o.opts[i].value || parse_cpu_range(o.opts[i].value, &lo, &hi)) {
			ret = memhp_err_set(err, -EINVAL,
					    "-numa %s: Parameter 'cpus' expects an int64 value or range",
					    arg);
			goto out;
		}
		for (uint64_t c = lo; c <= hi; c++) {
			if (c >= (uint64_t)pcms->smp) {
				ret = memhp_err_set(err, -EINVAL,
						    "-numa %s: CPU index (%" PRIu64 ") should be smaller than maxcpus (%d)",
						    arg, c, pcms->smp);
				goto out;
			}
		}
		for (uint64_t c = lo; c <= hi; c++) {
			np->cpu_has_node[c] = true;
			pcms->cpu_node[c] = (int)nodenr;
		}
	}
	v = qemu_opts_get(&o, "mem");
	if (v) {
		if (qemu_opt_parse_size(v, &mem)) {
			ret = memhp_err_set(err, -EINVAL, "-numa %s: Parameter 'mem' expects a size", arg);
			goto out;
		}
		has_mem = true;
	}
	np->have_memdevs = np->have_memdevs || qemu_opts_get(&o, "memdev");
	np->have_mem = np->have_mem || has_mem;
	if ((has_mem && np->have_memdevs) || (qemu_opts_get(&o, "memdev") && np->have_mem)) {
		ret = memhp_err_set(err, -EINVAL,
				    "-numa %s: numa configuration should use either mem= or memdev=,mixing both is not allowed",
				    arg);
		goto out;
	}
	if (has_mem && !pcms->numa_mem_supported) {
		ret = memhp_err_set(err, -EINVAL,
				    "-numa %s: Parameter -numa node,mem is not supported by this machine type",
				    arg);
		goto out;
	}
	v = qemu_opts_get(&o, "memdev");
	if (v) {
		memdev = hostmem_find(pcms, v);
		if (!memdev) {
			ret = memhp_err_set(err, -EINVAL, "-numa %s: memdev=%s is ambiguous", arg, v);
			goto out;
		}
		mem = memdev->size;
	}
	pcms->nodes[nodenr].present = true;
	pcms->nodes[nodenr].node_mem = mem;
	pcms->nodes[nodenr].memdev = memdev;
	if ((int)nodenr + 1 > np->max_nodeid)
		np->max_nodeid = (int)nodenr + 1;
	pcms->nr_nodes++;
out:
	qemu_opts_fini(&o);
	return ret;
}

/* numa_complete_configuration() and machine_numa_finish_cpu_init() */
static int numa_complete(struct pc_machine *pcms, struct numa_parse *np, struct memhp_err *err)
{
	uint64_t total = 0;
	bool any_explicit = false;

	if (!pcms->nr_nodes &&
	    ((pcms->ram_slots && pcms->auto_numa_memhp) ||
	     (pcms->maxram_size > pcms->ram_size && pcms->auto_numa_memdev))) {
		pcms->nodes[0].present = true;
		pcms->nodes[0].node_mem = pcms->ram_size;
		pcms->nr_nodes = 1;
		np->max_nodeid = 1;
	}
	for (int i = np->max_nodeid - 1; i >= 0; i--)
		if (!pcms->nodes[i].present)
			return memhp_err_set(err, -EINVAL, "numa: Node ID missing: %d", i);
	if (!pcms->nr_nodes)
		return 0;
	for (int i = 0; i < pcms->nr_nodes; i++)
		total += pcms->nodes[i].node_mem;
	if (total != pcms->ram_size)
		return memhp_err_set(err, -EINVAL,
				     "total memory for NUMA nodes (0x%" PRIx64 ") should equal RAM size (0x%" PRIx64 ")",
				     total, pcms->ram_size);
	if (np->have_memdevs && pcms->ram_memdev)
		return memhp_err_set(err, -EINVAL,
				     "'-machine memory-backend' and '-numa memdev' properties are mutually exclusive");
	if (np->have_memdevs)
		for (int i = 0; i < pcms->nr_nodes; i++)
			if (pcms->nodes[i].memdev)
				pcms->nodes[i].memdev->mapped = true;

	for (int c = 0; c < pcms->smp; c++)
		any_explicit |= np->cpu_has_node[c];
	if (any_explicit) {
		char *list = strdup("");

		for (int c = 0; c < pcms->smp && list; c++) {
			char *n;

			if (np->cpu_has_node[c])
				continue;
			/* non-mapped CPUs fall back to node 0 */
			pcms->cpu_node[c] = 0;
			n = mhp_asprintf("%s%sCPU %d [socket-id: 0, core-id: %d, thread-id: 0]", list,
					 *list ? ", " : "", c, c);
			free(list);
			list = n;
		}
		if (list && *list) {
			pc_machine_warn(pcms, "CPU(s) not present in any NUMA nodes: %s", list);
			pc_machine_warn(pcms, "All CPU(s) up to maxcpus should be described in NUMA config, ability to start up with partial NUMA mappings is obsoleted and will be removed in future");
		}
		free(list);
	}
	return 0;
}

/* ---- layout: pc_init1() and pc_memory_init() ----------------------------- */

static uint64_t above_4g_end(const struct pc_machine *pcms)
{
	return pcms->above_4g_mem_start + pcms->above_4g;
}

static void device_memory_range(const struct pc_machine *pcms, uint64_t *base, uint64_t *size)
{
	*size = pcms->maxram_size - pcms->ram_size;
	*base = pc_round_up(above_4g_end(pcms), GiB);
	if (pcms->enforce_aligned_dimm)
		*size += GiB * pcms->ram_slots;
}

static uint64_t pci_hole64_start(const struct pc_machine *pcms)
{
	uint64_t start, size;

	if (pcms->has_reserved_memory && pcms->ram_size < pcms->maxram_size) {
		device_memory_range(pcms, &start, &size);
		if (!pcms->broken_reserved_end)
			start += size;
	} else {
		start = above_4g_end(pcms);
	}
	return pc_round_up(start, GiB);
}

static uint64_t max_used_gpa(const struct pc_machine *pcms)
{
	if (pcms->phys_bits <= 32)
		return (1ULL << pcms->phys_bits) - 1;
	return pci_hole64_start(pcms) + PC_PCI_HOLE64_SIZE - 1;
}

/*
 * Cases, in QEMU's order:
 *  1. lowmem from max-ram-below-4g (default 3.5 GiB), clamped to 3 GiB on
 *     gigabyte_align machines once RAM reaches it (warning if not GiB aligned);
 *  2. the split below/above 4 GiB;
 *  3. AMD: relocate RAM above 4G to 1 TiB if the used space reaches the HT
 *     hole; reserve the hole when phys-bits >= 40;
 *  4. the phys-bits limit;
 *  5. reserved-memory support, slot count, maxmem alignment and overflow;
 *  6. the device-memory region.
 */
static int compute_layout(struct pc_machine *pcms, struct memhp_err *err)
{
	uint64_t lowmem, maxphys, used, base, size;

	if (!pcms->max_ram_below_4g)
		pcms->max_ram_below_4g = PC_DEFAULT_BELOW_4G;
	lowmem = pcms->max_ram_below_4g;
	if (pcms->ram_size >= pcms->max_ram_below_4g && pcms->gigabyte_align) {
		if (lowmem > PC_GIGABYTE_LOWMEM)
			lowmem = PC_GIGABYTE_LOWMEM;
		if (lowmem & (GiB - 1))
			pc_machine_warn(pcms,
					"Large machine and max_ram_below_4g (%" PRIu64 ") not a multiple of 1G; possible bad performance.",
					pcms->max_ram_below_4g);
	}
	if (pcms->ram_size >= lowmem) {
		pcms->below_4g = lowmem;
		pcms->above_4g = pcms->ram_size - lowmem;
	} else {
		pcms->below_4g = pcms->ram_size;
		pcms->above_4g = 0;
	}
	pcms->above_4g_mem_start = 4 * GiB;

	if (pcms->cpu_amd && pcms->enforce_amd_1tb_hole) {
		if (max_used_gpa(pcms) >= PC_AMD_HT_START)
			pcms->above_4g_mem_start = PC_AMD_ABOVE_1TB_START;
		pcms->amd_ht_hole = pcms->phys_bits >= 40;
	}
	used = max_used_gpa(pcms);
	maxphys = pcms->phys_bits >= 64 ? UINT64_MAX : (1ULL << pcms->phys_bits) - 1;
	if (maxphys < used)
		return memhp_err_set(err, -EINVAL,
				     "Address space limit 0x%" PRIx64 " < 0x%" PRIx64 " phys-bits too low (%u)",
				     maxphys, used, pcms->phys_bits);

	if (!pcms->has_reserved_memory &&
	    (pcms->ram_slots || pcms->maxram_size > pcms->ram_size))
		return memhp_err_set(err, -EINVAL, "\"-memory 'slots|maxmem'\" is not supported by: %s",
				     pcms->type_name);

	pcms->devmem_base = 0;
	pcms->devmem_size = 0;
	if (pcms->has_reserved_memory && pcms->ram_size < pcms->maxram_size) {
		if (pcms->ram_slots > PC_ACPI_MAX_RAM_SLOTS)
			return memhp_err_set(err, -EINVAL, "unsupported amount of memory slots: %" PRIu64,
					     pcms->ram_slots);
		if (pcms->maxram_size % PC_TARGET_PAGE_SIZE)
			return memhp_err_set(err, -EINVAL,
					     "maximum memory size must by aligned to multiple of 4096 bytes");
		device_memory_range(pcms, &base, &size);
		if (base + size < size)
			return memhp_err_set(err, -EINVAL, "unsupported amount of maximum memory: %" PRIx64,
					     pcms->maxram_size);
		pcms->devmem_base = base;
		pcms->devmem_size = size;
	}
	return 0;
}

/* ---- machine construction ------------------------------------------------ */

static int item_error_prefix(int ret, struct memhp_err *err, const char *opt, const char *arg)
{
	char *msg;

	if (!err || !err->errnum)
		return ret;
	msg = mhp_asprintf("%s %s: %s", opt, arg, err->msg);
	if (msg) {
		size_t n = strlen(msg) < sizeof(err->msg) ? strlen(msg) : sizeof(err->msg) - 1;

		memcpy(err->msg, msg, n);
		err->msg[n] = 0;
		free(msg);
	}
	return err->errnum;
}

static int create_default_ram(struct pc_machine *pcms, struct memhp_err *err)
{
	struct host_memory_backend *be, **pp;

	if (hostmem_find(pcms, "pc.ram"))
		return memhp_err_set(err, -EINVAL,
				     "object name 'pc.ram' is reserved for the default RAM backend, it can't be used for any other purposes. Change the object's 'id' to something else");
	be = calloc(1, sizeof(*be));
	if (!be || !(be->id = strdup("pc.ram"))) {
		free(be);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	be->kind = HOSTMEM_RAM;
	be->size = pcms->ram_size;
	be->align = PC_HOSTMEM_RAM_ALIGN;
	be->merge = be->dump = be->reserve = true;
	be->mapped = true;
	/* query-memdev shows it last: keep it at the tail */
	for (pp = &pcms->backends; *pp; pp = &(*pp)->next)
		;
	*pp = be;
	return 0;
}

static int build_machine(struct pc_machine *pcms, const char *const *argv, int argc,
			 struct memhp_err *err)
{
	struct cli c = { 0 };
	struct cpu_opts cpu;
	struct numa_parse np = { 0 };
	int ret = 0;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes_arg = !strcmp(a, "-m") || !strcmp(a, "-smp") || !strcmp(a, "-cpu") ||
				 !strcmp(a, "-machine") || !strcmp(a, "-M") || !strcmp(a, "-object") ||
				 !strcmp(a, "-numa") || !strcmp(a, "-device");

		if (!takes_arg) {
			ret = memhp_err_set(err, -EINVAL, "%s: argument not supported by memhp", a);
			goto out;
		}
		if (!v) {
			ret = memhp_err_set(err, -EINVAL, "%s: requires an argument", a);
			goto out;
		}
		i++;
		if (!strcmp(a, "-m")) {
			c.m_arg = v;
		} else if (!strcmp(a, "-smp")) {
			c.smp_arg = v;
		} else if (!strcmp(a, "-cpu")) {
			c.cpu_arg = v;
		} else if (!strcmp(a, "-machine") || !strcmp(a, "-M")) {
			ret = cli_machine_opts(&c, v, err);
		} else {
			ret = cli_add_item(&c, !strcmp(a, "-object") ? CLI_OBJECT :
					   !strcmp(a, "-numa") ? CLI_NUMA : CLI_DEVICE, v);
			if (ret)
				ret = memhp_err_set(err, -ENOMEM, "out of memory");
		}
		if (ret)
			goto out;
	}

	/* machine options: type, -m, max-ram-below-4g, -smp */
	ret = set_machine_type(pcms, c.machine_type ? c.machine_type : "pc", err);
	if (ret)
		goto out;
	ret = parse_memory(pcms, c.m_arg ? c.m_arg : "", err);
	if (ret)
		goto out;
	if (c.max_ram_below_4g) {
		uint64_t v;

		if (qemu_opt_parse_size(c.max_ram_below_4g, &v)) {
			ret = memhp_err_set(err, -EINVAL,
					    "Parameter 'max-ram-below-4g' expects a size");
			goto out;
		}
		if (v > 4 * GiB) {
			ret = memhp_err_set(err, -EINVAL,
					    "Machine option 'max-ram-below-4g=%" PRIu64 "' expects size less than or equal to 4G",
					    v);
			goto out;
		}
		if (v < MiB)
			pc_machine_warn(pcms,
					"Only %" PRIu64 " bytes of RAM below the 4GiB boundary,BIOS may not work with less than 1MiB",
					v);
		pcms->max_ram_below_4g = v;
	}
	pcms->smp = 1;
	if (c.smp_arg) {
		ret = parse_smp(pcms, c.smp_arg, err);
		if (ret)
			goto out;
	}

	/* memory backends (QEMU creates them before -numa and the board) */
	for (size_t i = 0; i < c.nr_items; i++) {
		struct qemu_opts o;

		if (c.items[i].kind != CLI_OBJECT)
			continue;
		if (qemu_opts_parse(c.items[i].arg, "qom-type", &o)) {
			ret = memhp_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		ret = hostmem_create_from_opts(pcms, &o, err);
		qemu_opts_fini(&o);
		if (ret) {
			ret = item_error_prefix(ret, err, "-object", c.items[i].arg);
			goto out;
		}
	}

	ret = parse_cpu(c.cpu_arg, &cpu, err);
	if (ret)
		goto out;

	/* qemu_resolve_machine_memdev() */
	if (c.memory_backend) {
		struct host_memory_backend *be = hostmem_find(pcms, c.memory_backend);

		if (!be) {
			ret = memhp_err_set(err, -EINVAL, "Memory backend '%s' not found",
					    c.memory_backend);
			goto out;
		}
		if (!c.m_arg || !strlen(c.m_arg)) {
			pcms->ram_size = be->size;
			if (pcms->maxram_size < pcms->ram_size)
				pcms->maxram_size = pcms->ram_size;
		}
		pcms->ram_memdev = be;
	}

	for (size_t i = 0; i < c.nr_items; i++) {
		if (c.items[i].kind != CLI_NUMA)
			continue;
		ret = parse_numa(pcms, &np, c.items[i].arg, err);
		if (ret)
			goto out;
	}

	/* machine_run_board_init() */
	ret = numa_complete(pcms, &np, err);
	if (ret)
		goto out;
	if (pcms->ram_memdev) {
		if (pcms->ram_memdev->size != pcms->ram_size) {
			ret = memhp_err_set(err, -EINVAL,
					    "Machine memory size does not match the size of the memory backend");
			goto out;
		}
		if (pcms->ram_memdev->mapped) {
			ret = memhp_err_set(err, -EINVAL, "memory backend %s can't be used multiple times.",
					    pcms->ram_memdev->id);
			goto out;
		}
		pcms->ram_memdev->mapped = true;
	} else if (!np.have_memdevs) {
		ret = create_default_ram(pcms, err);
		if (ret)
			goto out;
	}

	/* pc_init1(): CPUs, then memory */
	if (cpu.phys_bits && (cpu.phys_bits > TARGET_PHYS_ADDR_SPACE_BITS || cpu.phys_bits < 32)) {
		ret = memhp_err_set(err, -EINVAL, "phys-bits should be between 32 and %u  (but is %u)",
				    TARGET_PHYS_ADDR_SPACE_BITS, cpu.phys_bits);
		goto out;
	}
	pcms->cpu_amd = cpu.amd;
	pcms->phys_bits = cpu.phys_bits ? cpu.phys_bits : TCG_PHYS_ADDR_BITS;
	ret = compute_layout(pcms, err);
	if (ret)
		goto out;
	ret = acpi_memhp_init(pcms, pcms->has_reserved_memory ? (int)pcms->ram_slots : 0);
	if (ret) {
		ret = memhp_err_set(err, ret, "out of memory");
		goto out;
	}

	/* -device, in order (cold-plugged: hotplugged = false) */
	for (size_t i = 0; i < c.nr_items; i++) {
		if (c.items[i].kind != CLI_DEVICE)
			continue;
		ret = pc_device_add_opts(pcms, c.items[i].arg, false, err);
		if (ret) {
			ret = item_error_prefix(ret, err, "-device", c.items[i].arg);
			goto out;
		}
	}
	pcms->machine_ready = true;
out:
	cli_fini(&c);
	return ret;
}

/**
 * pc_machine_new() - build a machine from QEMU command-line arguments
 * @argv: the arguments
 * @argc: their number
 * @out: the new machine
 * @err: QEMU's message on failure (without the program-name prefix)
 *
 * See include/memhp/hw.h.
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int pc_machine_new(const char *const *argv, int argc, struct pc_machine **out,
		   struct memhp_err *err)
{
	struct pc_machine *pcms = calloc(1, sizeof(*pcms));
	int ret;

	*out = NULL;
	if (!pcms)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	ret = build_machine(pcms, argv, argc, err);
	if (ret) {
		pc_machine_free(pcms);
		/* every start-up failure but memory exhaustion is a bad argument */
		if (ret != -ENOMEM) {
			ret = -EINVAL;
			if (err)
				err->errnum = ret;
		}
		return ret;
	}
	*out = pcms;
	return 0;
}

/**
 * pc_machine_free() - free a machine; accepts NULL
 * @pcms: the machine
 */
void pc_machine_free(struct pc_machine *pcms)
{
	if (!pcms)
		return;
	while (pcms->devices) {
		struct memory_device *md = pcms->devices;

		pcms->devices = md->next;
		memory_device_free(md);
	}
	hostmem_free_all(pcms);
	acpi_memhp_fini(pcms);
	free(pcms->warnings);
	free(pcms);
}

/**
 * pc_machine_set_event_sink() - where QMP events go
 * @pcms: the machine
 * @fn: called with each event (takes ownership of the data)
 * @opaque: passed to @fn
 */
void pc_machine_set_event_sink(struct pc_machine *pcms, qmp_event_fn fn, void *opaque)
{
	pcms->event_fn = fn;
	pcms->event_opaque = opaque;
}

/**
 * pc_machine_set_gpe_handler() - who hears the memory hotplug GPE
 * @pcms: the machine
 * @fn: called on every GPE
 * @opaque: passed to @fn
 */
void pc_machine_set_gpe_handler(struct pc_machine *pcms, acpi_gpe_fn fn, void *opaque)
{
	pcms->gpe_fn = fn;
	pcms->gpe_opaque = opaque;
}

/**
 * pc_machine_acpi_memhp() - the guest's view of the DIMM slots
 * @pcms: the machine
 *
 * Return: the port (owned by the machine).
 */
struct acpi_memhp_port *pc_machine_acpi_memhp(struct pc_machine *pcms)
{
	return &pcms->acpi.port;
}

/**
 * pc_machine_nr_cpus() - the number of vCPUs
 * @pcms: the machine
 *
 * Return: -smp.
 */
int pc_machine_nr_cpus(const struct pc_machine *pcms)
{
	return pcms->smp;
}

/**
 * pc_machine_warnings() - the warnings QEMU would have printed on stderr
 * @pcms: the machine
 *
 * Return: "warning: ...\n" lines accumulated so far ("" if none); owned by
 * the machine, valid until the next call into it.
 */
const char *pc_machine_warnings(const struct pc_machine *pcms)
{
	return pcms->warnings ? pcms->warnings : "";
}

/* ---- firmware ------------------------------------------------------------- */

static void e820_add(struct firmware_tables *fw, uint64_t addr, uint64_t size, enum e820_type type)
{
	if (!size || fw->nr_e820 >= FW_MAX_E820)
		return;
	fw->e820[fw->nr_e820].addr = addr;
	fw->e820[fw->nr_e820].size = size;
	fw->e820[fw->nr_e820].type = type;
	fw->nr_e820++;
}

static int cmp_e820(const void *a, const void *b)
{
	const struct e820_entry *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void srat_add(struct firmware_tables *fw, uint64_t base, uint64_t len, int pxm,
		     bool enabled, bool hotpluggable)
{
	struct srat_mem_affinity *m;

	if (fw->nr_srat_mem >= FW_MAX_SRAT_MEM)
		return;
	m = &fw->srat_mem[fw->nr_srat_mem++];
	m->base = base;
	m->len = len;
	m->pxm = pxm;
	m->enabled = enabled;
	m->hotpluggable = hotpluggable;
	m->nonvolatile = false;
}

/*
 * SRAT memory affinity (build_srat): nodes in order with a running address.
 *  1. a range containing 640 KiB is cut to [start, 640K); a node that ends
 *     by 1 MiB moves the running address to 1 MiB, else it resumes at 1 MiB;
 *  2. a range containing below_4g is cut there and resumes at the start of
 *     RAM above 4G;
 *  3. zero entries pad the list to nodes + 2;
 *  4. the device-memory region, hotpluggable, in the last node.
 */
static void build_srat(const struct pc_machine *pcms, struct firmware_tables *fw)
{
	uint64_t next = 0;

	for (int i = 0; i < pcms->nr_nodes; i++) {
		uint64_t base = next, len = pcms->nodes[i].node_mem;

		next = base + len;
		if (!len)
			continue;
		if (base <= HOLE_640K_START && next > HOLE_640K_START) {
			len -= next - HOLE_640K_START;
			if (len)
				srat_add(fw, base, len, i, true, false);
			if (next <= HOLE_640K_END) {
				next = HOLE_640K_END;
				continue;
			}
			base = HOLE_640K_END;
			len = next - HOLE_640K_END;
		}
		if (base <= pcms->below_4g && next > pcms->below_4g) {
			len -= next - pcms->below_4g;
			if (len)
				srat_add(fw, base, len, i, true, false);
			base = pcms->above_4g_mem_start;
			len = next - pcms->below_4g;
			next = base + len;
		}
		if (len)
			srat_add(fw, base, len, i, true, false);
	}
	while (fw->nr_srat_mem < pcms->nr_nodes + 2 && fw->nr_srat_mem < FW_MAX_SRAT_MEM)
		srat_add(fw, 0, 0, 0, false, false);
	if (pcms->devmem_size)
		srat_add(fw, pcms->devmem_base, pcms->devmem_size, pcms->nr_nodes - 1, true, true);
}

/**
 * pc_machine_firmware() - what the guest boots with
 * @pcms: the machine
 * @fw: filled in
 *
 * The e820 is SeaBIOS 1.16's output under TCG: the EBDA at 639 KiB, the
 * BIOS segment, RAM from 1 MiB up to the tail SeaBIOS keeps below below_4g
 * for its tables (seabios_high_reserved()), the BIOS flash, RAM above 4G, and the AMD
 * HyperTransport hole when QEMU reserves it.  Device memory is never in it.
 * Legacy: configurations with under 1 MiB + 128 KiB of RAM below 4G are
 * not modelled beyond clipping.
 */
/*
 * Bytes of SMBIOS structures QEMU hands SeaBIOS (measured on QEMU 7.2 with
 * SeaBIOS 1.16.2): a fixed part, a second type-19 area when there is RAM
 * above 4 GiB, one type-17 device per 16 GiB of RAM ("DIMM n": one byte more
 * from n = 10, two from n = 100), and one type-4 processor per socket
 * (-smp N is one socket).
 */
static uint64_t smbios_table_bytes(const struct pc_machine *pcms)
{
	uint64_t n17 = (pcms->ram_size + (16 * GiB) - 1) / (16 * GiB), len = 388;

	if (pcms->above_4g)
		len += 33;
	for (uint64_t i = 1; i < n17; i++)
		len += 53 + (i >= 10) + (i >= 100) + (i >= 1000);
	return len;
}

/*
 * What SeaBIOS keeps at the top of RAM below 4 GiB for its tables: QEMU's
 * ACPI tables padded to 128 KiB, plus the SMBIOS table when it is too big
 * for the F-segment (over 600 bytes), rounded up to a page.
 */
static uint64_t seabios_high_reserved(const struct pc_machine *pcms)
{
	uint64_t smbios = smbios_table_bytes(pcms);

	return PC_SEABIOS_HIGH_RESERVED + (smbios > 600 ? pc_round_up(smbios, 4096) : 0);
}

void pc_machine_firmware(const struct pc_machine *pcms, struct firmware_tables *fw)
{
	uint64_t low = pcms->below_4g, reserved = seabios_high_reserved(pcms);
	uint64_t tail = low > HOLE_640K_END + reserved ?
			low - reserved : (low > HOLE_640K_END ? HOLE_640K_END : low);

	memset(fw, 0, sizeof(*fw));
	e820_add(fw, 0, low < 0x9fc00 ? low : 0x9fc00, E820_TYPE_RAM);
	if (low > 0x9fc00)
		e820_add(fw, 0x9fc00, 0x400, E820_TYPE_RESERVED);
	e820_add(fw, 0xf0000, 0x10000, E820_TYPE_RESERVED);
	if (low > HOLE_640K_END) {
		e820_add(fw, HOLE_640K_END, tail - HOLE_640K_END, E820_TYPE_RAM);
		e820_add(fw, tail, low - tail, E820_TYPE_RESERVED);
	}
	e820_add(fw, 0xfffc0000, 0x40000, E820_TYPE_RESERVED);
	e820_add(fw, pcms->above_4g_mem_start, pcms->above_4g, E820_TYPE_RAM);
	if (pcms->amd_ht_hole)
		e820_add(fw, PC_AMD_HT_START, PC_AMD_HT_SIZE, E820_TYPE_RESERVED);
	qsort(fw->e820, (size_t)fw->nr_e820, sizeof(fw->e820[0]), cmp_e820);

	fw->has_srat = pcms->nr_nodes > 0;
	if (fw->has_srat)
		build_srat(pcms, fw);
	fw->nr_cpus = pcms->smp;
	for (int c = 0; c < pcms->smp && c < FW_MAX_CPUS; c++)
		fw->cpu_pxm[c] = pcms->nr_nodes ? pcms->cpu_node[c] : 0;
	fw->cpu_hypervisor = true;
	fw->nr_dimm_slots = pcms->acpi.nr_slots;

	/* i440fx PCI0 _CRS: VGA window, the 32-bit hole from below_4g to the
	 * IOAPIC, and the 64-bit hole (pci-hole64-size) */
	fw->pci_windows[0].start = 0xa0000;
	fw->pci_windows[0].end = 0xbffff;
	fw->nr_pci_windows = 1;
	if (low < 0xfec00000ULL) {
		fw->pci_windows[fw->nr_pci_windows].start = low;
		fw->pci_windows[fw->nr_pci_windows].end = 0xfebfffffULL;
		fw->nr_pci_windows++;
	}
	fw->pci_windows[fw->nr_pci_windows].start = pci_hole64_start(pcms);
	fw->pci_windows[fw->nr_pci_windows].end = pci_hole64_start(pcms) + PC_PCI_HOLE64_SIZE - 1;
	fw->nr_pci_windows++;
}

/**
 * pc_device_add_opts() - device_add from a QemuOpts string ("pc-dimm,id=d1,memdev=m1"),
 * as -device and HMP's device_add give it
 * @pcms: the machine
 * @text: the option string; its first bare element is the driver
 * @hotplugged: true after machine creation
 * @err: QEMU's message on failure
 * Return: 0 or a negative errno.
 */
int pc_device_add_opts(struct pc_machine *pcms, const char *text, bool hotplugged, struct memhp_err *err)
{
	struct qemu_opts o;
	struct dev_props p = { 0 };
	const char **keys, **values;
	int ret;

	if (qemu_opts_parse(text, "driver", &o))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	keys = calloc(o.nr + 1, sizeof(*keys));
	values = calloc(o.nr + 1, sizeof(*values));
	if (!keys || !values) {
		ret = memhp_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	p.keys = keys;
	p.values = values;
	for (size_t k = 0; k < o.nr; k++) {
		const char *key = o.opts[k].key;

		if (!strcmp(key, "driver"))
			p.driver = o.opts[k].value;
		else if (!strcmp(key, "id"))
			p.id = o.opts[k].value ? o.opts[k].value : "";
		else if (strcmp(key, "bus")) {
			keys[p.nr] = key;
			values[p.nr++] = o.opts[k].value ? o.opts[k].value : "on";
		}
	}
	ret = pc_device_add_from_props(pcms, &p, hotplugged, err);
out:
	free(keys);
	free(values);
	qemu_opts_fini(&o);
	return ret;
}

/* ---- generic device_add / device_del -------------------------------------- */

/* Real QEMU device models memhp does not implement (anything else is invalid). */
static const char *const known_unsupported_devices[] = {
	"virtio-pmem-pci", "virtio-balloon-pci", "virtio-net-pci", "virtio-blk-pci",
	"virtio-scsi-pci", "virtio-serial-pci", "virtio-rng-pci", "e1000", "e1000e",
	"rtl8139", "qemu-xhci", "usb-ehci", "ide-hd", "ide-cd", "scsi-hd", "isa-serial",
	"pci-bridge", "sga", "ivshmem-plain", "ivshmem-doorbell", "vmgenid", "pvpanic",
	"qemu64-x86_64-cpu", "max-x86_64-cpu", NULL
};

static bool id_wellformed(const char *id)
{
	if (!((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z')))
		return false;
	for (const char *p = id + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_'))
			return false;
	return true;
}

/**
 * pc_device_add_from_props() - qdev_device_add() for the models memhp knows
 * @pcms: the machine
 * @p: driver, id and properties (anon_index is assigned here)
 * @hotplugged: true after machine creation (QMP/HMP device_add)
 * @err: QEMU's message on failure
 *
 * Order: the id's form, the driver, a duplicate id (an anonymous device
 * takes the next device[N] number even if it then fails), then the
 * model's own sequence (pc-dimm or virtio-mem-pci).
 *
 * Return: 0 or a negative errno with @err set.
 */
int pc_device_add_from_props(struct pc_machine *pcms, const struct dev_props *p, bool hotplugged,
			     struct memhp_err *err)
{
	struct dev_props q = *p;

	if (p->id && !id_wellformed(p->id))
		return memhp_err_set(err, -EINVAL, "Parameter 'id' expects an identifier");
	if (!p->driver)
		return memhp_err_set(err, -EINVAL, "Parameter 'driver' is missing");
	/* pc has no -M nvdimm=on here, so QEMU's pre-plug always refuses an nvdimm */
	if (!strcmp(p->driver, "nvdimm"))
		return memhp_err_set(err, -EINVAL, "nvdimm is not enabled: missing 'nvdimm' in '-M'");
	if (strcmp(p->driver, "pc-dimm") && strcmp(p->driver, "virtio-mem-pci")) {
		for (const char *const *d = known_unsupported_devices; *d; d++)
			if (!strcmp(*d, p->driver))
				return memhp_err_set(err, -EOPNOTSUPP,
						     "device '%s' is not supported by memhp", p->driver);
		return memhp_err_set(err, -EINVAL, "'%s' is not a valid device model name", p->driver);
	}
	if (p->id && memory_device_find_id(pcms, p->id))
		return memhp_err_set(err, -EEXIST, "Duplicate device ID '%s'", p->id);
	if (!p->id)
		q.anon_index = pcms->anon_count++;
	if (!strcmp(p->driver, "virtio-mem-pci"))
		return virtio_mem_device_add(pcms, &q, hotplugged, err);
	return pc_dimm_device_add(pcms, &q, hotplugged, err);
}

/**
 * pc_device_del() - QMP device_del
 * @pcms: the machine
 * @id: an id under /machine/peripheral, or an absolute QOM path
 * @err: QEMU's message (DeviceNotFound for an unknown id)
 *
 * Return: 0, -ENODEV (not found), -EINVAL (not a device, or a virtio-mem
 * device: those cannot be unplugged).
 */
int pc_device_del(struct pc_machine *pcms, const char *id, struct memhp_err *err)
{
	struct memory_device *md;

	if (id[0] == '/') {
		md = memory_device_find_path(pcms, id);
		if (!md && (!strcmp(id, "/machine") || !strcmp(id, "/objects") ||
			    !strcmp(id, "/machine/peripheral") ||
			    !strcmp(id, "/machine/peripheral-anon") ||
			    (!strncmp(id, "/objects/", 9) && hostmem_find(pcms, id + 9))))
			return memhp_err_set(err, -EINVAL, "%s is not a hotpluggable device", id);
	} else {
		md = memory_device_find_id(pcms, id);
	}
	if (!md)
		return memhp_err_set_class(err, -ENODEV, ERR_CLASS_DEVICE_NOT_FOUND,
					   "Device '%s' not found", id);
	if (md->kind == MEMORY_DEVICE_VIRTIO_MEM)
		return virtio_mem_unplug_request(pcms, md, err);
	return pc_dimm_unplug_request(pcms, md, err);
}
