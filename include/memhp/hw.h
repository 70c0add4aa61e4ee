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
#include <stddef.h>
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
/** pc_machine_quit_requested() - QMP or HMP quit ran (SHUTDOWN was sent) */
bool pc_machine_quit_requested(const struct pc_machine *pcms);

/*
 * One memory device as the machine sees it: the typed form of QMP's
 * query-memory-devices (QEMU's MemoryDeviceInfo), for front ends that
 * want the facts without parsing a QMP reply.  query-memory-devices
 * itself is built from the same values.  Members that a device type does
 * not have are 0 (slot: -1).
 */
struct memory_device_info {
	char *id;			/* the device id, NULL for an anonymous device */
	char *qom_path;			/* "/machine/peripheral/<id>" or
					 * "/machine/peripheral-anon/device[N]" */
	const char *type;		/* QOM type, the device_add driver: "pc-dimm",
					 * "virtio-mem-pci" (static storage) */
	const char *kind;		/* its query-memory-devices "type": "dimm",
					 * "virtio-mem" (static storage) */
	uint64_t addr;			/* guest-physical base of its region, bytes */
	uint64_t size;			/* bytes of its region: the backend size (for
					 * virtio-mem its max-size) */
	uint64_t plugged_size;		/* bytes it gives the guest now: a DIMM's size,
					 * virtio-mem's plugged size */
	uint32_t node;			/* NUMA node (proximity domain) */
	int slot;			/* ACPI DIMM slot, -1 if it has none */
	char *memdev;			/* the backend's QOM path, "/objects/<id>" */
	bool hotplugged;		/* added by device_add after start-up */
	bool hotpluggable;		/* device_del may be asked to remove it */
	/* virtio-mem only */
	uint64_t requested_size;	/* bytes the host asked the guest to plug */
	uint64_t block_size;		/* bytes of its plugging unit */
};

/**
 * pc_machine_memory_devices() - the realized memory devices by address
 * @pcms: the machine
 * @out: a malloc'd array of @n entries (NULL when @n is 0); free it with
 *       memory_device_info_free()
 * @n: their number
 *
 * The values are a snapshot; the machine keeps no pointer into them.
 * Return: 0 or -ENOMEM (then *@out is NULL and *@n 0).
 */
int pc_machine_memory_devices(const struct pc_machine *pcms, struct memory_device_info **out,
			      size_t *n);

/** memory_device_info_free() - free what pc_machine_memory_devices() returned; accepts NULL. */
void memory_device_info_free(struct memory_device_info *v, size_t n);

/**
 * pc_machine_device_memory() - the device-memory region DIMMs and
 * virtio-mem devices are placed in (QEMU's device_memory, reported by QOM
 * as device-memory-region-size)
 * @pcms: the machine
 * @base: its guest-physical base, bytes
 * @size: its size, bytes
 *
 * Return: true, or false (and 0, 0) when the machine has none (no maxmem).
 */
bool pc_machine_device_memory(const struct pc_machine *pcms, uint64_t *base, uint64_t *size);

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
