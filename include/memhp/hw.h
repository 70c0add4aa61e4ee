// SPDX-License-Identifier: MIT
/*
 * The host side: QEMU 7.2's x86 `pc` machine as far as memory goes.  It is
 * built from QEMU-style command-line arguments, computes the guest-physical
 * layout, the firmware tables the guest boots from, owns the memory backends
 * and memory devices (pc-dimm, virtio-mem-pci), answers QMP commands and
 * emits QMP events.  It knows nothing of the guest model: it talks to the
 * guest only through struct firmware_tables, the ACPI memory hotplug port
 * and the GPE callback, and the virtio-mem ports and their handler.
 */
#ifndef MEMHP_HW_H
#define MEMHP_HW_H

#include <stdbool.h>
#include <stdint.h>

#include "memhp/acpi_memhp.h"
#include "memhp/err.h"
#include "memhp/firmware.h"

struct json;
struct pc_machine;
struct virtio_mem_port;

/* Called for every QMP event; takes ownership of @data (may be NULL for no data). */
typedef void (*qmp_event_fn)(void *opaque, const char *name, struct json *data);
/* Called when the machine raises the ACPI GPE for memory hotplug (\_GPE._E03). */
typedef void (*acpi_gpe_fn)(void *opaque);

/**
 * pc_machine_new() - build a machine from QEMU command-line arguments
 * @argv: the arguments, e.g. {"-m", "1G,slots=4,maxmem=16G", "-smp", "1"}
 * @argc: their number
 * @out: the new machine
 * @err: on failure, QEMU's message without the "qemu-system-x86_64: " prefix
 *
 * Supported: -m, -smp, -cpu, -machine/-M, -object memory-backend-ram,
 * -numa node, -device pc-dimm, -device virtio-mem-pci.  Anything else fails with -EINVAL and a message
 * naming the argument.
 *
 * Return: 0, -EINVAL (bad or unsupported argument, a check QEMU makes at
 * start-up), -ENOMEM.
 */
int pc_machine_new(const char *const *argv, int argc, struct pc_machine **out, struct memhp_err *err);
void pc_machine_free(struct pc_machine *pcms);

void pc_machine_set_event_sink(struct pc_machine *pcms, qmp_event_fn fn, void *opaque);
void pc_machine_set_gpe_handler(struct pc_machine *pcms, acpi_gpe_fn fn, void *opaque);

/** pc_machine_firmware() - the e820 map, SRAT and CPU facts the guest boots with. */
void pc_machine_firmware(const struct pc_machine *pcms, struct firmware_tables *fw);

/** pc_machine_acpi_memhp() - the guest's view of the DIMM slots (I/O port 0x0a00). */
struct acpi_memhp_port *pc_machine_acpi_memhp(struct pc_machine *pcms);

/*
 * virtio-mem devices on the guest's PCI bus.  The handler runs when a device
 * appears (hot-plugged: @appeared true) or its config changes (requested-size
 * set, system reset: @appeared false), as the virtio config-change interrupt.
 */
typedef void (*virtio_mem_notify_fn)(void *opaque, struct virtio_mem_port *port, bool appeared);
void pc_machine_set_virtio_mem_handler(struct pc_machine *pcms, virtio_mem_notify_fn fn, void *opaque);
/**
 * pc_machine_virtio_mem_port() - the @i-th virtio-mem device in PCI order
 * (the order the guest finds them: cold-plugged first, then hot-plugged)
 * Return: the port, or NULL past the last.
 */
struct virtio_mem_port *pc_machine_virtio_mem_port(struct pc_machine *pcms, int i);
/**
 * pc_machine_guest_idle() - the guest has finished handling notifications
 *
 * virtio-mem MEMORY_DEVICE_SIZE_CHANGE events are rate-limited per device:
 * after the first one since the last QMP command, later size changes are
 * held back (only the latest value is kept) until the next QMP command,
 * until the handler returns, or until this call.  A front end whose guest
 * handles virtio-mem notifications after the handler returns calls this
 * once the guest has run.
 */
void pc_machine_guest_idle(struct pc_machine *pcms);

/** pc_machine_nr_cpus() - number of vCPUs (-smp). */
int pc_machine_nr_cpus(const struct pc_machine *pcms);

/**
 * pc_machine_warnings() - what QEMU would have printed on stderr so far
 * @pcms: the machine
 *
 * Return: "warning: ...\n" lines ("" if none), owned by the machine and
 * valid until the next call into it.
 */
const char *pc_machine_warnings(const struct pc_machine *pcms);

/**
 * qmp_execute() - run one QMP command against the machine
 * @pcms: the machine
 * @command: the "execute" name
 * @args: the "arguments" object, or NULL
 * @ret: on success, the "return" value (caller frees)
 * @err: on failure the message and class QEMU gives
 *
 * Does not handle qmp_capabilities negotiation (see struct qmp_session).
 * Return: 0 or a negative errno with @err set.
 */
int qmp_execute(struct pc_machine *pcms, const char *command, const struct json *args,
		struct json **ret, struct memhp_err *err);

/* One QMP client's protocol state. */
struct qmp_session {
	bool negotiated;	/* qmp_capabilities has been accepted */
};

/**
 * qmp_handle_request() - one whole request object, as it arrives on the wire
 * @pcms: the machine
 * @s: the client's session
 * @req: the parsed request ({"execute": ..., "arguments": ..., "id": ...})
 *
 * Checks the request shape and negotiation as QEMU does, echoes "id".
 * Return: the reply object ({"return": ...} or {"error": {...}}), caller frees.
 */
struct json *qmp_handle_request(struct pc_machine *pcms, struct qmp_session *s, const struct json *req);

/**
 * qmp_error_reply() - {"error": {"class": "GenericError", "desc": @desc}}:
 * QEMU's answer to input that is no request (a parse error, a bound passed)
 * Return: the reply object (caller frees), NULL when out of memory.
 */
struct json *qmp_error_reply(const char *desc);

/** qmp_greeting() - the greeting object QEMU 7.2 (Debian) sends on connect. */
struct json *qmp_greeting(void);

#endif
