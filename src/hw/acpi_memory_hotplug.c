// SPDX-License-Identifier: MIT
/*
 * The host side of ACPI memory hotplug (QEMU's hw/acpi/memory_hotplug.c
 * behind PIIX4 PM): one status entry per DIMM slot, the plug / unplug
 * request / unplug callbacks the pc-dimm code calls, and the
 * struct acpi_memhp_port the guest's AML drives (read a slot, _OST, clear
 * the insert/remove events, _EJ0).  It emits ACPI_DEVICE_OST and, through
 * the eject, DEVICE_DELETED, and raises the memory hotplug GPE.  DIMM
 * properties and placement are not here; pc_dimm.c calls in by slot.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/acpi_memory_hotplug.h"
#include "hw/hostmem.h"
#include "hw/memory_device.h"
#include "hw/pc.h"
#include "lib/json.h"

static struct pc_machine *port_machine(void *opaque)
{
	return opaque;
}

static struct acpi_mem_slot *slot_at(struct pc_machine *pcms, int slot)
{
	if (slot < 0 || slot >= pcms->acpi.nr_slots)
		return NULL;
	return &pcms->acpi.slots[slot];
}

static void port_read_slot(void *opaque, int slot, struct acpi_mem_slot_status *out)
{
	struct acpi_mem_slot *s = slot_at(port_machine(opaque), slot);

	memset(out, 0, sizeof(*out));
	if (!s)
		return;		/* an invalid selector reads 0 */
	out->enabled = s->is_enabled;
	out->inserting = s->is_inserting;
	out->removing = s->is_removing;
	if (s->dimm) {
		out->addr = s->dimm->addr;
		out->size = s->dimm->memdev->size;
		out->pxm = s->dimm->node;
	}
}

/* ACPIOSTInfo for one slot, in QAPI member order. */
static struct json *ost_info(int slot, const struct acpi_mem_slot *s)
{
	struct json *o = json_new_object();
	char buf[16];
	int r = 0;

	if (!o)
		return NULL;
	snprintf(buf, sizeof(buf), "%d", slot);
	if (s->dimm && s->dimm->id)
		r |= json_object_set(o, "device", json_new_string(s->dimm->id));
	r |= json_object_set(o, "slot", json_new_string(buf));
	r |= json_object_set(o, "slot-type", json_new_string("DIMM"));
	r |= json_object_set(o, "source", json_new_u64(s->ost_event));
	r |= json_object_set(o, "status", json_new_u64(s->ost_status));
	if (r) {
		json_free(o);
		return NULL;
	}
	return o;
}

static void port_ost(void *opaque, int slot, uint32_t event, uint32_t status)
{
	struct pc_machine *pcms = port_machine(opaque);
	struct acpi_mem_slot *s = slot_at(pcms, slot);
	struct json *data, *info;

	if (!s)
		return;
	s->ost_event = event;
	s->ost_status = status;
	data = json_new_object();
	info = ost_info(slot, s);
	if (!data || !info || json_object_set(data, "info", info)) {
		json_free(data);
		if (!data)
			json_free(info);
		return;
	}
	pc_machine_emit_event(pcms, "ACPI_DEVICE_OST", data);
}

static void port_clear_inserting(void *opaque, int slot)
{
	struct acpi_mem_slot *s = slot_at(port_machine(opaque), slot);

	if (s)
		s->is_inserting = false;
}

static void port_clear_removing(void *opaque, int slot)
{
	struct acpi_mem_slot *s = slot_at(port_machine(opaque), slot);

	if (s)
		s->is_removing = false;
}

static void port_eject(void *opaque, int slot)
{
	struct pc_machine *pcms = port_machine(opaque);
	struct acpi_mem_slot *s = slot_at(pcms, slot);

	if (!s || !s->is_enabled || !s->dimm)
		return;		/* ejecting an empty slot is ignored */
	memory_device_unplug(pcms, s->dimm);
}

/**
 * acpi_memhp_init() - set up the slot table and the guest port
 * @pcms: the machine
 * @nr_slots: the number of DIMM slots (-m slots=)
 *
 * Return: 0 or -ENOMEM.
 */
int acpi_memhp_init(struct pc_machine *pcms, int nr_slots)
{
	struct acpi_memhp_state *st = &pcms->acpi;

	st->nr_slots = nr_slots;
	st->slots = nr_slots ? calloc((size_t)nr_slots, sizeof(*st->slots)) : NULL;
	if (nr_slots && !st->slots)
		return -ENOMEM;
	st->port.opaque = pcms;
	st->port.nr_slots = nr_slots;
	st->port.read_slot = port_read_slot;
	st->port.ost = port_ost;
	st->port.clear_inserting = port_clear_inserting;
	st->port.clear_removing = port_clear_removing;
	st->port.eject = port_eject;
	return 0;
}

/**
 * acpi_memhp_fini() - free the slot table
 * @pcms: the machine
 */
void acpi_memhp_fini(struct pc_machine *pcms)
{
	free(pcms->acpi.slots);
	pcms->acpi.slots = NULL;
	pcms->acpi.nr_slots = 0;
}

/**
 * acpi_memhp_plug() - a DIMM was plugged into its slot
 * @pcms: the machine
 * @md: the DIMM
 * @slot: its slot
 *
 * A hot-plugged DIMM is marked inserting and the GPE is raised; a
 * cold-plugged one is only enabled.
 */
void acpi_memhp_plug(struct pc_machine *pcms, struct memory_device *md, int slot)
{
	struct acpi_mem_slot *s = slot_at(pcms, slot);

	if (!s)
		return;
	s->dimm = md;
	s->is_enabled = true;
	if (md->hotplugged) {
		s->is_inserting = true;
		pc_machine_raise_gpe(pcms);
	}
}

/**
 * acpi_memhp_unplug_request() - device_del: ask the guest to eject
 * @pcms: the machine
 * @slot: the DIMM's slot
 */
void acpi_memhp_unplug_request(struct pc_machine *pcms, int slot)
{
	struct acpi_mem_slot *s = slot_at(pcms, slot);

	if (!s)
		return;
	s->is_removing = true;
	pc_machine_raise_gpe(pcms);
}

/**
 * acpi_memhp_unplug() - the DIMM leaves its slot
 * @pcms: the machine
 * @slot: its slot
 */
void acpi_memhp_unplug(struct pc_machine *pcms, int slot)
{
	struct acpi_mem_slot *s = slot_at(pcms, slot);

	if (!s)
		return;
	s->is_enabled = false;
	s->dimm = NULL;
}

/**
 * acpi_memhp_ospm_status() - the DIMM part of query-acpi-ospm-status
 * @pcms: the machine
 *
 * Return: a JSON array with one entry per slot, or NULL on allocation failure.
 */
struct json *acpi_memhp_ospm_status(const struct pc_machine *pcms)
{
	struct json *arr = json_new_array();

	for (int i = 0; arr && i < pcms->acpi.nr_slots; i++) {
		if (json_array_append(arr, ost_info(i, &pcms->acpi.slots[i]))) {
			json_free(arr);
			arr = NULL;
		}
	}
	return arr;
}
