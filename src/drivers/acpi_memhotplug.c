// SPDX-License-Identifier: MIT
/*
 * The guest's ACPI memory device driver: what Linux does when QEMU's MHPC
 * device notifies a DIMM slot.  Device check: register a static memory
 * group, add the _CRS range (with memmap_on_memory when the kernel allows
 * it), bind the blocks (firmware_node) and report _OST success; from 6.5 a
 * Device Check rescans the whole container, so slots whose add failed (at
 * boot, above mem=) are tried again.  Eject request: _OST "eject in
 * progress", offline every bound block in two passes (the second gives up
 * at the first failure and re-onlines what it offlined), remove the memory,
 * evaluate _EJ0 and report the result with _OST.
 */
#include <errno.h>
#include <stdlib.h>

#include "drivers/drivers.h"
#include "drivers/modules.h"
#include "memhp/drivers.h"
#include "memhp/profile.h"
#include "mm/driver.h"

#define ACPI_MAX_SLOTS 256

struct acpi_memory_device {
	bool bound;			/* the driver holds the device */
	bool enabled;			/* its range was added (or already present) */
	uint64_t start;
	uint64_t size;
	struct memory_group *group;
};

struct acpi_memhp_driver {
	struct acpi_memhp_port *port;
	struct acpi_memory_device dev[ACPI_MAX_SLOTS];
};

static struct acpi_memhp_driver *acpi_drv(const struct kernel *k)
{
	return kernel_module_priv(k, &acpi_memhotplug_module);
}

static void bind_blocks(struct kernel *k, uint64_t start, uint64_t size, int slot)
{
	for (uint64_t a = start; a < start + size; a += memory_block_size_bytes(k)) {
		struct memory_block *mem = find_memory_block_by_id(k, a / memory_block_size_bytes(k));

		if (mem)
			mem->acpi_slot = slot;
	}
}

/* acpi_memory_device_add(); 0 or -errno */
static int memory_device_add(struct kernel *k, int slot, const struct acpi_mem_slot_status *st)
{
	struct acpi_memory_device *md = &acpi_drv(k)->dev[slot];
	unsigned int flags = MHP_NID_IS_MGID;
	int nid, ret;

	if (!st->size)
		return -EINVAL;
	/* _PXM, else the node of the range's address */
	nid = (int)st->pxm;
	if (nid >= MAX_NUMNODES || !node_possible(k, nid))
		nid = memory_add_physaddr_to_nid(k, st->addr);
	ret = memory_group_register(k, nid, false, st->size >> PAGE_SHIFT, &md->group);
	if (ret)
		return ret;
	if (mhp_supports_memmap_on_memory(k, st->size))
		flags |= MHP_MEMMAP_ON_MEMORY;
	ret = add_memory(k, md->group->id, st->addr, st->size, flags, NULL);
	if (ret && ret != -EEXIST) {
		/* "add_memory failed": the device does not bind */
		memory_group_unregister(k, md->group);
		md->group = NULL;
		return -EINVAL;
	}
	bind_blocks(k, st->addr, st->size, slot);
	md->bound = true;
	md->enabled = true;
	md->start = st->addr;
	md->size = st->size;
	return 0;
}

/* acpi_scan_try_to_offline(): two passes, then roll back */
static int try_to_offline(struct kernel *k, struct acpi_memory_device *md)
{
	uint64_t nr = md->size / memory_block_size_bytes(k), first = md->start / memory_block_size_bytes(k);
	bool *put_online = calloc(nr ? nr : 1, sizeof(bool));
	bool failed = false;

	if (!put_online)
		return -ENOMEM;
	for (uint64_t i = 0; i < nr; i++) {
		struct memory_block *mem = find_memory_block_by_id(k, (unsigned long)(first + i));
		int ret;

		if (!mem)
			continue;
		ret = device_offline_block(k, mem, NULL);
		if (ret >= 0)
			put_online[i] = ret == 0;
		else
			failed = true;
	}
	if (failed) {
		failed = false;
		for (uint64_t i = 0; i < nr; i++) {
			struct memory_block *mem = find_memory_block_by_id(k, (unsigned long)(first + i));
			int ret;

			if (!mem || put_online[i])
				continue;
			ret = device_offline_block(k, mem, NULL);
			if (ret >= 0) {
				put_online[i] = ret == 0;
			} else {
				failed = true;
				break;
			}
		}
	}
	if (failed) {
		for (uint64_t i = 0; i < nr; i++) {
			struct memory_block *mem = find_memory_block_by_id(k, (unsigned long)(first + i));

			if (mem && put_online[i])
				device_online_block(k, mem, MMOP_OFFLINE, NULL);
		}
	}
	free(put_online);
	return failed ? -EBUSY : 0;
}

/* acpi_scan_hot_remove() for a memory device; 0 or -errno */
static int memory_device_eject(struct kernel *k, int slot)
{
	struct acpi_memory_device *md = &acpi_drv(k)->dev[slot];
	int ret;

	if (md->bound) {
		ret = try_to_offline(k, md);
		if (ret)
			return ret;
		if (md->enabled) {
			bind_blocks(k, md->start, md->size, -1);
			ret = remove_memory(k, md->start, md->size, NULL);
			if (ret)
				return ret;	/* __remove_memory() would BUG() here */
		}
		if (md->group)
			memory_group_unregister(k, md->group);
		*md = (struct acpi_memory_device){ 0 };
	}
	acpi_drv(k)->port->eject(acpi_drv(k)->port->opaque, slot);
	return 0;
}

/*
 * acpi_memory_device_init(): bind the driver to the machine's slots and
 * add the memory of the DIMMs present at boot (no _OST for those).  A
 * machine without slots leaves the driver idle.
 */
static int acpi_memhotplug_init(struct kernel *k, void **priv)
{
	const struct guest_platform *plat = kernel_platform(k);
	struct acpi_memhp_port *port = plat ? plat->acpi_memhp : NULL;
	struct acpi_memhp_driver *drv;

	if (!port)
		return 0;
	drv = calloc(1, sizeof(*drv));
	if (!drv)
		return -ENOMEM;
	drv->port = port;
	*priv = drv;	/* memory_device_add() finds it through the module */
	for (int slot = 0; slot < port->nr_slots && slot < ACPI_MAX_SLOTS; slot++) {
		struct acpi_mem_slot_status st;

		port->read_slot(port->opaque, slot, &st);
		if (st.enabled)
			memory_device_add(k, slot, &st);
	}
	return 0;
}

static void acpi_memhotplug_exit(struct kernel *k, void *priv)
{
	free(priv);
}

/* acpi_device_hotplug() for an eject: _OST "in progress", then the result as @source */
static void eject_with_ost(struct kernel *k, int slot, uint32_t source)
{
	struct acpi_memhp_port *port = acpi_drv(k)->port;
	uint32_t code;
	int ret;

	port->ost(port->opaque, slot, ACPI_OST_EV_EJECT_REQUEST, ACPI_OST_SC_EJECT_IN_PROGRESS);
	ret = memory_device_eject(k, slot);
	code = !ret ? ACPI_OST_SC_SUCCESS : ret == -EBUSY ? ACPI_OST_SC_DEVICE_BUSY : ACPI_OST_SC_NON_SPECIFIC_FAILURE;
	port->ost(port->opaque, slot, source, code);
}

int acpi_memory_slots(const struct kernel *k)
{
	return acpi_drv(k) ? acpi_drv(k)->port->nr_slots : 0;
}

int acpi_memory_slot_get_info(const struct kernel *k, int slot, struct acpi_memory_slot_info *out)
{
	struct acpi_mem_slot_status st;
	const struct acpi_memhp_port *port;

	if (!acpi_drv(k) || slot < 0 || slot >= acpi_drv(k)->port->nr_slots || slot >= ACPI_MAX_SLOTS)
		return -ENOENT;
	port = acpi_drv(k)->port;
	port->read_slot(port->opaque, slot, &st);
	out->present = st.enabled;
	out->bound = acpi_drv(k)->dev[slot].bound;
	out->start = acpi_drv(k)->dev[slot].start;
	out->size = acpi_drv(k)->dev[slot].size;
	return 0;
}

int acpi_memory_slot_eject(struct kernel *k, int slot, struct memhp_err *err)
{
	struct acpi_memory_slot_info info;

	if (acpi_memory_slot_get_info(k, slot, &info))
		return memhp_err_set(err, -ENOENT, "no memory device %d", slot);
	if (!info.present)
		return memhp_err_set(err, -ENODEV, "memory device %d is not present", slot);
	kalloc_kernel_activity(k);
	eject_with_ost(k, slot, ACPI_OST_EC_OSPM_EJECT);
	return 0;
}

/*
 * acpi_scan_rescan_bus() of the slots' container: each present slot without
 * a bound device, in namespace order, gets the driver's add again
 */
static void rescan_slots(struct kernel *k)
{
	struct acpi_memhp_port *port = acpi_drv(k)->port;

	for (int slot = 0; slot < port->nr_slots && slot < ACPI_MAX_SLOTS; slot++) {
		struct acpi_mem_slot_status st;

		port->read_slot(port->opaque, slot, &st);
		if (st.enabled && !acpi_drv(k)->dev[slot].bound)
			memory_device_add(k, slot, &st);
	}
}

void acpi_memhotplug_gpe(struct kernel *k)
{
	struct acpi_memhp_driver *drv = acpi_drv(k);
	struct acpi_memhp_port *port;

	if (!drv)
		return;
	/* the hotplug work item allocates (ACPI objects, device structures) */
	kalloc_kernel_activity(k);
	port = drv->port;
	for (int slot = 0; slot < port->nr_slots && slot < ACPI_MAX_SLOTS; slot++) {
		struct acpi_mem_slot_status st;

		port->read_slot(port->opaque, slot, &st);
		if (st.inserting) {
			port->clear_inserting(port->opaque, slot);
			if (!drv->dev[slot].bound && st.enabled) {
				if (kernel_has(k, KF_ACPI_DEVICE_CHECK_RESCAN_PARENT))
					rescan_slots(k);
				else
					memory_device_add(k, slot, &st);
			}
			port->ost(port->opaque, slot, ACPI_OST_EV_DEVICE_CHECK, ACPI_OST_SC_SUCCESS);
		}
		if (st.removing) {
			port->clear_removing(port->opaque, slot);
			eject_with_ost(k, slot, ACPI_OST_EV_EJECT_REQUEST);
		}
	}
}

const struct guest_module acpi_memhotplug_module = {
	.name = "acpi_memhotplug",
	.builtin = true,
	.init = acpi_memhotplug_init,
	.exit = acpi_memhotplug_exit,
};
