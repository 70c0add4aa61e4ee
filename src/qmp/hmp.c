// SPDX-License-Identifier: MIT
/*
 * human-monitor-command (QEMU's monitor/hmp-cmds.c and the HMP "info"
 * commands): info memory-devices (from the typed
 * pc_machine_memory_devices()), info memory_size_summary, info memdev,
 * info numa, info status, info name, device_add, device_del, object_add,
 * object_del, system_reset and quit, with HMP's "Error: ..." lines and
 * "\r\n" line ends.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/hostmem.h"
#include "hw/memory_device.h"
#include "hw/pc.h"
#include "lib/json.h"
#include "qapi/qapi.h"
#include "qmp/qmp_internal.h"

static char *hmp_info_numa(const struct pc_machine *pcms)
{
	char *out = mhp_asprintf("%d nodes\r\n", pcms->nr_nodes);

	for (int i = 0; out && i < pcms->nr_nodes; i++) {
		uint64_t plugged = 0;
		char *n;

		for (const struct memory_device *md = pcms->devices; md; md = md->next)
			if (md->node == (uint32_t)i)
				plugged += memory_device_plugged_size(md);
		n = mhp_asprintf("%snode %d cpus:", out, i);
		free(out);
		out = n;
		for (int c = 0; out && c < pcms->smp; c++) {
			if (pcms->cpu_node[c] != i)
				continue;
			n = mhp_asprintf("%s %d", out, c);
			free(out);
			out = n;
		}
		if (!out)
			break;
		n = mhp_asprintf("%s\r\nnode %d size: %" PRIu64 " MB\r\nnode %d plugged: %" PRIu64 " MB\r\n",
				 out, i, (pcms->nodes[i].node_mem + plugged) >> 20, i, plugged >> 20);
		free(out);
		out = n;
	}
	return out;
}

/* "  name: value\r\n" of one member; addresses in hexadecimal, bools as words. */
static char *hmp_member(char *out, const struct memory_device_info *d,
			const struct memory_device_info_member *m)
{
	uint64_t u = 0;
	char *s;

	switch (m->field) {
	case MDI_ADDR:
		s = mhp_asprintf("%s  %s: 0x%" PRIx64 "\r\n", out, m->name, d->addr);
		break;
	case MDI_SLOT:
		s = mhp_asprintf("%s  %s: %d\r\n", out, m->name, d->slot);
		break;
	case MDI_NODE:
		s = mhp_asprintf("%s  %s: %" PRIu32 "\r\n", out, m->name, d->node);
		break;
	case MDI_MEMDEV:
		s = mhp_asprintf("%s  %s: %s\r\n", out, m->name, d->memdev);
		break;
	case MDI_HOTPLUGGED:
	case MDI_HOTPLUGGABLE:
		s = mhp_asprintf("%s  %s: %s\r\n", out, m->name,
				 (m->field == MDI_HOTPLUGGED ? d->hotplugged : d->hotpluggable) ?
				 "true" : "false");
		break;
	default:
		if (m->field == MDI_SIZE)
			u = d->size;
		else if (m->field == MDI_PLUGGED_SIZE)
			u = d->plugged_size;
		else if (m->field == MDI_REQUESTED_SIZE)
			u = d->requested_size;
		else if (m->field == MDI_BLOCK_SIZE)
			u = d->block_size;
		s = mhp_asprintf("%s  %s: %" PRIu64 "\r\n", out, m->name, u);
		break;
	}
	free(out);
	return s;
}

/*
 * "info memory-devices": per device a header with its kind and id, then
 * its class's HMP members.  Return: malloc'd text ("" without devices), or
 * NULL when out of memory.
 */
static char *hmp_info_memory_devices(const struct pc_machine *pcms)
{
	struct memory_device_info *v;
	char *out, *s;
	size_t n;

	if (pc_machine_memory_devices(pcms, &v, &n))
		return NULL;
	out = strdup("");
	for (size_t i = 0; out && i < n; i++) {
		const struct memory_device_class *cls = memory_device_class_find(v[i].type);

		s = cls ? mhp_asprintf("%sMemory device [%s]: \"%s\"\r\n", out, v[i].kind,
				       v[i].id ? v[i].id : "") : NULL;
		free(out);
		out = s;
		for (size_t k = 0; out && k < cls->nr_hmp_members; k++)
			out = hmp_member(out, &v[i], &cls->hmp_members[k]);
	}
	memory_device_info_free(v, n);
	return out;
}

/* "Error: <msg>\r\n", HMP's way of reporting a failed command. */
static char *hmp_error(const struct memhp_err *e)
{
	return mhp_asprintf("Error: %s\r\n", e->msg);
}

static char *hmp_device_add(struct pc_machine *pcms, const char *arg)
{
	struct memhp_err e = { 0 };

	return pc_device_add_opts(pcms, arg, true, &e) ? hmp_error(&e) : strdup("");
}

static char *hmp_object_add(struct pc_machine *pcms, const char *arg)
{
	struct qemu_opts o;
	struct memhp_err e = { 0 };
	char *out;

	if (qemu_opts_parse(arg, "qom-type", &o))
		return NULL;
	out = hostmem_create_from_opts(pcms, &o, &e) ? hmp_error(&e) : strdup("");
	qemu_opts_fini(&o);
	return out;
}

/**
 * qmp_human_monitor_command() - one HMP command line
 * @pcms: the machine
 * @args: {"command-line": ..., "cpu-index": ...}
 * @ret: the command's output as a JSON string ("" when it prints nothing)
 * @err: set only when out of memory (HMP reports errors in its output)
 *
 * Return: 0 or -ENOMEM.
 */
int qmp_human_monitor_command(struct pc_machine *pcms, const struct json *args,
			      struct json **ret, struct memhp_err *err)
{
	const char *line = qmp_arg_str(args, "command-line");
	char *cmd = NULL, *arg, *out = NULL, *end;
	struct memhp_err e = { 0 };

	while (*line == ' ' || *line == '\t')
		line++;
	cmd = strdup(line);
	if (!cmd)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	end = cmd + strlen(cmd);
	while (end > cmd && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
		*--end = 0;
	arg = cmd + strcspn(cmd, " \t");
	if (*arg) {
		*arg++ = 0;
		while (*arg == ' ' || *arg == '\t')
			arg++;
	}

	if (!*cmd) {
		out = strdup("");
	} else if (!strcmp(cmd, "info")) {
		if (!strcmp(arg, "memory-devices"))
			out = hmp_info_memory_devices(pcms);
		else if (!strcmp(arg, "memory_size_summary"))
			out = mhp_asprintf("base memory: %" PRIu64 "\r\nplugged memory: %" PRIu64 "\r\n",
					   pcms->ram_size, qmp_plugged_memory(pcms));
		else if (!strcmp(arg, "memdev"))
			out = hostmem_hmp_info_memdev(pcms);
		else if (!strcmp(arg, "numa"))
			out = hmp_info_numa(pcms);
		else if (!strcmp(arg, "status"))
			out = strdup("VM status: running\r\n");	/* hmp_info_status(): no stop/cont here */
		else if (!strcmp(arg, "name"))
			out = pcms->guest_name ? mhp_asprintf("%s\r\n", pcms->guest_name) : strdup("");
		else
			out = mhp_asprintf("Error: HMP command 'info %s' is not supported by memhp\r\n",
					   arg);
	} else if (!strcmp(cmd, "device_add")) {
		out = hmp_device_add(pcms, arg);
	} else if (!strcmp(cmd, "device_del")) {
		out = pc_device_del(pcms, arg, &e) ? hmp_error(&e) : strdup("");
	} else if (!strcmp(cmd, "object_add")) {
		out = hmp_object_add(pcms, arg);
	} else if (!strcmp(cmd, "object_del")) {
		out = hostmem_object_del(pcms, arg, &e) ? hmp_error(&e) : strdup("");
	} else if (!strcmp(cmd, "system_reset") || !strcmp(cmd, "quit") || !strcmp(cmd, "q")) {
		struct json *r = NULL;
		int rc = cmd[0] == 's' ? qmp_system_reset(pcms, NULL, &r, &e) : qmp_quit(pcms, NULL, &r, &e);

		out = rc ? hmp_error(&e) : strdup("");
		json_free(r);
	} else {
		out = mhp_asprintf("unknown command: '%s'\r\n", cmd);
	}
	free(cmd);
	if (!out)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	*ret = json_new_string(out);
	free(out);
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}
