// SPDX-License-Identifier: MIT
/*
 * The machine's own commands (QEMU's monitor/qmp-cmds.c and
 * hw/acpi/acpi-qmp-cmds.c, softmmu/runstate.c): query-version,
 * system_reset, query-acpi-ospm-status, query-status, query-name and quit.
 */
#include <errno.h>
#include <stdlib.h>

#include "hw/acpi_memory_hotplug.h"
#include "hw/pc.h"
#include "hw/virtio_mem.h"
#include "lib/json.h"
#include "qmp/qmp_internal.h"

int qmp_query_acpi_ospm_status(struct pc_machine *pcms, const struct json *args,
			       struct json **ret, struct memhp_err *err)
{
	struct json *arr = acpi_memhp_ospm_status(pcms);

	(void)args;
	for (int c = 0; arr && c < pcms->smp; c++) {
		struct json *o = json_new_object();
		char *slot = mhp_asprintf("%d", c);
		int r = !o || !slot;

		if (!r) {
			r |= json_object_set(o, "slot", json_new_string(slot));
			r |= json_object_set(o, "slot-type", json_new_string("CPU"));
			r |= json_object_set(o, "source", json_new_u64(0));
			r |= json_object_set(o, "status", json_new_u64(0));
		}
		free(slot);
		if (r || json_array_append(arr, o)) {
			if (r)
				json_free(o);
			json_free(arr);
			arr = NULL;
		}
	}
	*ret = arr;
	return arr ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

int qmp_query_version(struct pc_machine *pcms, const struct json *args, struct json **ret,
		      struct memhp_err *err)
{
	struct json *o = json_new_object(), *q = json_new_object();
	int r = !o || !q;

	(void)pcms;
	(void)args;
	if (!r) {
		r |= json_object_set(q, "major", json_new_u64(7));
		r |= json_object_set(q, "minor", json_new_u64(2));
		r |= json_object_set(q, "micro", json_new_u64(22));
		r |= json_object_set(o, "qemu", q);
		q = NULL;
		r |= json_object_set(o, "package", json_new_string("Debian 1:7.2+dfsg-7+deb12u18+b3"));
	}
	if (r) {
		json_free(o);
		json_free(q);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	*ret = o;
	return 0;
}

/*
 * qemu_system_reset(): the devices reset first (virtio-mem unplugs all its
 * memory, MEMORY_DEVICE_SIZE_CHANGE), then RESET; the guest hears about the
 * virtio-mem reset after that.
 */
int qmp_system_reset(struct pc_machine *pcms, const struct json *args, struct json **ret,
		     struct memhp_err *err)
{
	struct json *data = json_new_object();

	(void)args;
	if (!data || json_object_set(data, "guest", json_new_bool(false)) ||
	    json_object_set(data, "reason", json_new_string("host-qmp-system-reset"))) {
		json_free(data);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	virtio_mem_system_reset(pcms);
	pc_machine_emit_event(pcms, "RESET", data);
	virtio_mem_reset_notify(pcms);
	return qmp_ret_empty(ret, err);
}

/* qmp_query_status(): the machine runs from boot until it quits (no stop/cont) */
int qmp_query_status(struct pc_machine *pcms, const struct json *args, struct json **ret,
		     struct memhp_err *err)
{
	struct json *o = json_new_object();

	(void)pcms;
	(void)args;
	if (!o || json_object_set(o, "running", json_new_bool(true)) ||
	    json_object_set(o, "singlestep", json_new_bool(false)) ||
	    json_object_set(o, "status", json_new_string("running"))) {
		json_free(o);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	*ret = o;
	return 0;
}

/* qmp_query_name(): {"name": ...} with -name, else {} */
int qmp_query_name(struct pc_machine *pcms, const struct json *args, struct json **ret,
		   struct memhp_err *err)
{
	struct json *o = json_new_object();

	(void)args;
	if (!o || (pcms->guest_name && json_object_set(o, "name", json_new_string(pcms->guest_name)))) {
		json_free(o);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	*ret = o;
	return 0;
}

/*
 * qmp_quit(): the machine powers off at the host's request: SHUTDOWN goes
 * out and whoever serves the machine ends once the reply is sent
 */
int qmp_quit(struct pc_machine *pcms, const struct json *args, struct json **ret, struct memhp_err *err)
{
	struct json *data = json_new_object();

	(void)args;
	if (!data || json_object_set(data, "guest", json_new_bool(false)) ||
	    json_object_set(data, "reason", json_new_string("host-qmp-quit"))) {
		json_free(data);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	if (!pcms->quit_requested)
		pc_machine_emit_event(pcms, "SHUTDOWN", data);
	else
		json_free(data);
	pcms->quit_requested = true;
	return qmp_ret_empty(ret, err);
}
