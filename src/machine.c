// SPDX-License-Identifier: MIT
/*
 * Wiring of one machine: boots the guest model from the host's firmware
 * tables, binds the guest's ACPI memory driver to the host's DIMM slots,
 * routes the host's GPE to that driver and queues the host's QMP events.
 * The guest reacts to a GPE when it next runs (machine_run_guest()), not
 * inside the QMP command that raised it: QEMU answers device_add and
 * device_del before the guest has seen them, and two device_del requests in
 * a row both find the DIMM still there.
 */
#include <stdlib.h>
#include <string.h>

#include "drivers/drivers.h"
#include "lib/json.h"
#include "memhp/machine.h"
#include "memhp/mm.h"

#define MAX_VIRTIO_NOTES 64

struct machine {
	struct pc_machine *host;
	struct kernel *guest;
	struct guest_platform platform;	/* what the guest's drivers find (outlives guest) */
	struct machine_event *events;
	size_t nr_events, cap_events;
	int gpe_depth;
	bool gpe_pending;
	/* virtio-mem config changes and new devices the guest has not seen yet */
	struct {
		struct virtio_mem_port *port;
		bool appeared;
	} virtio_notes[MAX_VIRTIO_NOTES];
	int nr_virtio_notes;
};

static void on_event(void *opaque, const char *name, struct json *data)
{
	struct machine *m = opaque;
	char *copy = strdup(name);

	if (!copy) {
		json_free(data);
		return;
	}
	if (m->nr_events == m->cap_events) {
		size_t cap = m->cap_events ? m->cap_events * 2 : 16;
		struct machine_event *ev = realloc(m->events, cap * sizeof(*ev));

		if (!ev) {
			free(copy);
			json_free(data);
			return;
		}
		m->events = ev;
		m->cap_events = cap;
	}
	m->events[m->nr_events].name = copy;
	m->events[m->nr_events].data = data;
	m->nr_events++;
}

/* The host raised the GPE: the guest will scan the slots when it next runs. */
static void on_gpe(void *opaque)
{
	struct machine *m = opaque;

	m->gpe_pending = true;
}

/* A virtio-mem config-change interrupt, or a new device on the bus: the guest handles it when it next runs. */
static void on_virtio_mem(void *opaque, struct virtio_mem_port *port, bool appeared)
{
	struct machine *m = opaque;

	for (int i = 0; i < m->nr_virtio_notes; i++) {
		if (m->virtio_notes[i].port == port) {
			m->virtio_notes[i].appeared |= appeared;
			return;
		}
	}
	if (m->nr_virtio_notes < MAX_VIRTIO_NOTES) {
		m->virtio_notes[m->nr_virtio_notes].port = port;
		m->virtio_notes[m->nr_virtio_notes].appeared = appeared;
		m->nr_virtio_notes++;
	}
}

static struct virtio_mem_port *virtio_lookup(void *opaque, int i)
{
	struct machine *m = opaque;

	return pc_machine_virtio_mem_port(m->host, i);
}

void machine_run_guest(struct machine *m)
{
	if (!m->guest || m->gpe_depth)
		return;
	m->gpe_depth++;
	while (m->gpe_pending || m->nr_virtio_notes || kernel_run_module_work(m->guest)) {
		if (m->gpe_pending) {
			m->gpe_pending = false;
			acpi_memhotplug_gpe(m->guest);
		}
		while (m->nr_virtio_notes) {
			struct virtio_mem_port *port = m->virtio_notes[0].port;
			bool appeared = m->virtio_notes[0].appeared;

			memmove(&m->virtio_notes[0], &m->virtio_notes[1],
				(size_t)(--m->nr_virtio_notes) * sizeof(m->virtio_notes[0]));
			virtio_mem_notify(m->guest, port, appeared);
		}
	}
	m->gpe_depth--;
	/* the guest is done: the host sends what it held back (size-change events) */
	pc_machine_guest_idle(m->host);
}

int machine_new(const char *const *qemu_argv, int argc, const char *cmdline, struct machine **out,
		struct memhp_err *err)
{
	return machine_new_opts(qemu_argv, argc, cmdline, NULL, out, err);
}

int machine_new_opts(const char *const *qemu_argv, int argc, const char *cmdline, const struct machine_opts *opts,
		     struct machine **out, struct memhp_err *err)
{
	struct machine *m = calloc(1, sizeof(*m));
	struct firmware_tables *fw = NULL;
	int ret;

	if (!m)
		return -ENOMEM;
	ret = pc_machine_new(qemu_argv, argc, &m->host, err);
	if (ret)
		goto fail;
	pc_machine_set_event_sink(m->host, on_event, m);
	pc_machine_set_gpe_handler(m->host, on_gpe, m);
	pc_machine_set_virtio_mem_handler(m->host, on_virtio_mem, m);
	fw = calloc(1, sizeof(*fw));
	if (!fw) {
		ret = -ENOMEM;
		goto fail;
	}
	pc_machine_firmware(m->host, fw);
	if (opts)
		fw->hypervisor = opts->hypervisor;
	m->platform.acpi_memhp = pc_machine_acpi_memhp(m->host);
	m->platform.virtio_lookup = virtio_lookup;
	m->platform.virtio_opaque = m;
	ret = guest_boot(fw, pc_machine_nr_cpus(m->host), cmdline, opts ? opts->profile : NULL, &m->platform, &m->guest,
			 err);
	free(fw);
	if (ret)
		goto fail;
	*out = m;
	return 0;
fail:
	machine_free(m);
	return ret;
}

void machine_free(struct machine *m)
{
	if (!m)
		return;
	kernel_free(m->guest);
	pc_machine_free(m->host);
	machine_events_free(m->events, m->nr_events);
	free(m);
}

struct kernel *machine_kernel(struct machine *m)
{
	return m->guest;
}

struct pc_machine *machine_host(struct machine *m)
{
	return m->host;
}

bool machine_quit_requested(const struct machine *m)
{
	return pc_machine_quit_requested(m->host);
}

size_t machine_take_events(struct machine *m, struct machine_event **out)
{
	size_t n = m->nr_events;

	*out = m->events;
	m->events = NULL;
	m->nr_events = m->cap_events = 0;
	return n;
}

void machine_events_free(struct machine_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ev[i].name);
		json_free(ev[i].data);
	}
	free(ev);
}
