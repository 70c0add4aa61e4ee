// SPDX-License-Identifier: MIT
/*
 * The pc machine (QEMU 7.2 i440fx, hw/i386/pc.c and pc_piix.c) as far as
 * memory goes: the machine types and their compat flags, the RAM split
 * around the PCI hole, the AMD 1 TiB relocation and the phys-bits check,
 * the device-memory region; the machine object's lifetime, its
 * event/GPE/warning outputs, and the machine's device_add/device_del
 * dispatch to the memory-device classes.  The command line is vl.c, NUMA
 * numa.c, the firmware tables pc_firmware.c; backends, memory devices and
 * the ACPI slot table have their own files; QMP is src/qmp.
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

#include "hw/acpi_memory_hotplug.h"
#include "hw/hostmem.h"
#include "hw/memory_device.h"
#include "hw/pc.h"
#include "lib/json.h"
#include "qapi/qapi.h"

#define PC_DEFAULT_BELOW_4G	0xe0000000ULL
#define PC_GIGABYTE_LOWMEM	0xc0000000ULL

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

/**
 * pc_machine_set_type() - the machine type and its compat flags
 * @pcms: the machine
 * @name: "pc" or "pc-i440fx-X.Y"
 * @err: the message for another or unknown type
 *
 * Return: 0 or -EINVAL.
 */
int pc_machine_set_type(struct pc_machine *pcms, const char *name, struct memhp_err *err)
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

/**
 * pc_pci_hole64_start() - where the 64-bit PCI hole starts: above the
 * device-memory region (legacy machines: its start), 1 GiB aligned
 * @pcms: the machine
 *
 * Return: the address, bytes.
 */
uint64_t pc_pci_hole64_start(const struct pc_machine *pcms)
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
	return pc_pci_hole64_start(pcms) + PC_PCI_HOLE64_SIZE - 1;
}

/*
 * pc_memory_init(): the RAM layout and the device-memory region after
 * -cpu and NUMA.  Cases, in QEMU's order:
 *  1. lowmem from max-ram-below-4g (default 3.5 GiB), clamped to 3 GiB on
 *     gigabyte_align machines once RAM reaches it (warning if not GiB aligned);
 *  2. the split below/above 4 GiB;
 *  3. AMD: relocate RAM above 4G to 1 TiB if the used space reaches the HT
 *     hole; reserve the hole when phys-bits >= 40;
 *  4. the phys-bits limit;
 *  5. reserved-memory support, slot count, maxmem alignment and overflow;
 *  6. the device-memory region.
 */
int pc_memory_init(struct pc_machine *pcms, struct memhp_err *err)
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

/* ---- the machine object ----------------------------------------------------- */

bool pc_machine_quit_requested(const struct pc_machine *pcms)
{
	return pcms->quit_requested;
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
	free(pcms->guest_name);
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

/**
 * pc_machine_device_memory() - the device-memory region
 * @pcms: the machine
 * @base: its base, bytes
 * @size: its size, bytes
 *
 * Return: true, or false (and 0, 0) when there is none.
 */
bool pc_machine_device_memory(const struct pc_machine *pcms, uint64_t *base, uint64_t *size)
{
	*base = pcms->devmem_size ? pcms->devmem_base : 0;
	*size = pcms->devmem_size;
	return pcms->devmem_size != 0;
}


/* ---- generic device_add / device_del -------------------------------------- */

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
 * memory-device class's sequence (memory_device_add()).
 *
 * Return: 0 or a negative errno with @err set.
 */
int pc_device_add_from_props(struct pc_machine *pcms, const struct dev_props *p, bool hotplugged,
			     struct memhp_err *err)
{
	const struct memory_device_class *cls;
	struct dev_props q = *p;

	if (p->id && !id_wellformed(p->id))
		return memhp_err_set(err, -EINVAL, "Parameter 'id' expects an identifier");
	if (!p->driver)
		return memhp_err_set(err, -EINVAL, "Parameter 'driver' is missing");
	/* pc has no -M nvdimm=on here, so QEMU's pre-plug always refuses an nvdimm */
	if (!strcmp(p->driver, "nvdimm"))
		return memhp_err_set(err, -EINVAL, "nvdimm is not enabled: missing 'nvdimm' in '-M'");
	cls = memory_device_class_find(p->driver);
	if (!cls) {
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
	return memory_device_add(pcms, cls, &q, hotplugged, err);
}

/**
 * pc_device_del() - QMP device_del
 * @pcms: the machine
 * @id: an id under /machine/peripheral, or an absolute QOM path
 * @err: QEMU's message (DeviceNotFound for an unknown id)
 *
 * Return: 0, -ENODEV (not found), -EINVAL (not a device, or a device
 * whose class refuses unplug: virtio-mem).
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
	return md->cls->unplug_request(pcms, md, err);
}
