// SPDX-License-Identifier: MIT
/*
 * NUMA (QEMU's hw/core/numa.c): -numa node with its checks and messages in
 * QEMU's order (node ids, CPU ranges, mem= or memdev=, the machine type's
 * support for mem=), and the completion after the last -numa option
 * (the implicit node of hotplug-capable machines, the memory total, CPUs
 * left without a node).  The SRAT built from the nodes is pc_firmware.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hostmem.h"
#include "hw/pc.h"
#include "lib/strparse.h"
#include "qapi/qapi.h"

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

/**
 * numa_parse_node() - one -numa option (QEMU's set_numa_options())
 * @pcms: the machine
 * @np: the state kept across -numa options
 * @arg: the option text, e.g. "node,nodeid=1,cpus=1,memdev=m1"
 * @err: QEMU's message on failure
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int numa_parse_node(struct pc_machine *pcms, struct numa_parse *np, const char *arg,
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

/**
 * numa_complete_configuration() - after the last -numa: QEMU's
 * numa_complete_configuration() and machine_numa_finish_cpu_init()
 * @pcms: the machine
 * @np: the state the -numa options left
 * @err: QEMU's message on failure
 *
 * In QEMU's order: the implicit node 0 of machines with memory hotplug, a
 * missing node id, the nodes' memory against the RAM size, -machine
 * memory-backend against -numa memdev, the node backends mapped, and CPUs
 * without a node (node 0, with QEMU's warnings).
 *
 * Return: 0 or -EINVAL.
 */
int numa_complete_configuration(struct pc_machine *pcms, struct numa_parse *np,
				struct memhp_err *err)
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
