// SPDX-License-Identifier: MIT
/*
 * Memory devices (QEMU's include/hw/mem/memory-device.h and the qdev
 * property model): the state every realized memory device has, the class
 * each device type provides, and the one property table per class that
 * device_add, qom-get, qom-set and qom-list all read.
 *
 *   memory_device.c        the class table, placement in the device-memory
 *                          region, the device list, device_add's and
 *                          unplug's generic steps, the typed query;
 *   memory_device_props.c  the property rules and the shared parsers and
 *                          getters;
 *   pc_dimm.c              pc-dimm;
 *   virtio_mem_pci.c       virtio-mem-pci (its device state: virtio_mem.c).
 *
 * The machine and QMP never ask which type a device is: they call through
 * md->cls.  A new device type is one file defining a struct
 * memory_device_class and one line in memory_device_classes[] (with its
 * declaration below); docs/host.md walks through it.
 */
#ifndef MEMHP_HW_MEMORY_DEVICE_H
#define MEMHP_HW_MEMORY_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memhp/err.h"
#include "memhp/hw.h"

struct host_memory_backend;
struct json;
struct memory_device_class;
struct pc_machine;

/*
 * A realized memory device (QEMU's MemoryDeviceState).  Only realized
 * devices are on the machine list, so the list is exactly what placement
 * and capacity see.
 * Invariants: [addr, addr + memdev->size) lies inside the device-memory
 * region and overlaps no other device; memdev->mapped is true; cls is one
 * of memory_device_classes[] and priv is that class's state.
 */
struct memory_device {
	struct memory_device *next;	/* machine list, creation order */
	const struct memory_device_class *cls;
	void *priv;			/* the class's device state */
	char *id;			/* NULL: anonymous */
	unsigned int anon_index;	/* /machine/peripheral-anon/device[N] */
	struct host_memory_backend *memdev;
	uint64_t addr;			/* GPA, bytes */
	uint32_t node;
	bool hotplugged;		/* added after machine creation */
};

/*
 * One device_add/-device property list, in the order the user gave it
 * (device_add sets them in QEMU's QDict order).  Values are strings, as
 * QemuOpts hands them to qdev.
 */
struct dev_props {
	const char *driver;
	const char *id;			/* NULL: anonymous */
	unsigned int anon_index;	/* device[N] when anonymous */
	size_t nr;
	const char **keys;
	const char **values;
};

/*
 * The properties every memory device has, as device_add leaves them
 * before realize.  Each class's template starts with this member.
 */
struct memory_device_tmpl {
	uint64_t addr;			/* the address hint; 0: automatic */
	uint32_t node;
	struct host_memory_backend *memdev;	/* NULL until set */
};

/*
 * One QOM property of a class (a DEFINE_PROP_* line and its accessors).
 * The table is in qom-list order.  What each operation does:
 *  - device_add (before realize): @parse if set; else "realized" is
 *    refused; else a @qdev property is one memhp does not model
 *    (EOPNOTSUPP); else it is read-only ("Property 'OWNER.NAME' is not
 *    writable").
 *  - qom-get: @get if set; else a child<...> reads as its canonical path;
 *    else memhp does not model its value (EOPNOTSUPP).
 *  - qom-set (after realize): @set if set; else "realized" is refused;
 *    else a @qdev property cannot change after realize; else it is
 *    read-only.
 * A name not in the table is "Property 'CLASS.NAME' not found".
 */
struct memory_device_prop {
	const char *name;
	const char *type;		/* as qom-list shows it: "uint64", "link<memory-backend>" */
	const char *owner;		/* the device that holds it when it is an alias of
					 * an inner device's property (virtio-mem-pci's
					 * "virtio-mem"), NULL: the class itself; messages
					 * name it, and an inner device has no id */
	bool qdev;			/* a qdev property: set before realize only */
	const char *def;		/* default as device_add text, NULL: all zero */
	size_t offset;			/* where @parse stores, in the class's template */
	/* device_add: parse @val into the template at @offset */
	int (*parse)(const struct pc_machine *pcms, void *field, const char *name, const char *val,
		     struct memhp_err *err);
	/* qom-get: the value (caller frees) */
	int (*get)(const struct memory_device *md, const char *name, struct json **ret,
		   struct memhp_err *err);
	/* qom-set on the realized device (settable after realize) */
	int (*set)(struct pc_machine *pcms, struct memory_device *md, const struct json *value,
		   struct memhp_err *err);
};

/* A typed value of struct memory_device_info, for the QAPI and HMP views. */
enum memory_device_info_field {
	MDI_ADDR,			/* hexadecimal in HMP */
	MDI_SIZE,
	MDI_PLUGGED_SIZE,
	MDI_REQUESTED_SIZE,
	MDI_BLOCK_SIZE,
	MDI_SLOT,
	MDI_NODE,
	MDI_MEMDEV,
	MDI_HOTPLUGGED,
	MDI_HOTPLUGGABLE,
};

/* One member of the class's MemoryDeviceInfo branch (or HMP line). */
struct memory_device_info_member {
	const char *name;		/* "addr", "requested-size" */
	enum memory_device_info_field field;
};

/*
 * A memory-device type (QEMU's MemoryDeviceClass with its DeviceClass).
 * device_add runs, in QEMU's order: the property defaults, @init, the
 * properties, @pre_plug, placement at @get_min_alignment, @realize, then
 * the device goes on the machine list and @plug runs.  Nothing but
 * warnings changes before @plug.
 */
struct memory_device_class {
	const char *name;		/* QOM type and device_add driver */
	const char *info_kind;		/* MemoryDeviceInfo "type": "dimm" */
	const struct memory_device_prop *props;
	size_t nr_props;
	/* the data members of its MemoryDeviceInfo after "id", in QAPI order */
	const struct memory_device_info_member *info_members;
	size_t nr_info_members;
	/* the lines of HMP "info memory-devices", in HMP's order */
	const struct memory_device_info_member *hmp_members;
	size_t nr_hmp_members;
	size_t tmpl_size;		/* bytes of its template (memory_device_tmpl first) */

	/* machine-dependent defaults after the property defaults; NULL: none */
	void (*init)(const struct pc_machine *pcms, void *tmpl);
	/* checks before placement; NULL: none */
	int (*pre_plug)(struct pc_machine *pcms, void *tmpl, struct memhp_err *err);
	uint64_t (*get_min_alignment)(const struct pc_machine *pcms, const void *tmpl);
	/* checks after placement (@md filled but not listed), then md->priv */
	int (*realize)(struct pc_machine *pcms, void *tmpl, struct memory_device *md,
		       struct memhp_err *err);
	/* the device is on the list: tell ACPI or the guest; NULL: nothing */
	void (*plug)(struct pc_machine *pcms, struct memory_device *md);
	/* device_del */
	int (*unplug_request)(struct pc_machine *pcms, struct memory_device *md,
			      struct memhp_err *err);
	/* the device is leaving (before it is unlisted); NULL: nothing */
	void (*unplug)(struct pc_machine *pcms, struct memory_device *md);
	uint64_t (*get_plugged_size)(const struct memory_device *md);
	/* the class's members of the typed info (the generic ones are set) */
	void (*fill_device_info)(const struct memory_device *md, struct memory_device_info *info);
	void (*free_priv)(void *priv);
};

/* The classes, one per file; memory_device.c lists them in memory_device_classes[]. */
extern const struct memory_device_class pc_dimm_class;		/* pc_dimm.c */
extern const struct memory_device_class virtio_mem_pci_class;	/* virtio_mem_pci.c */

/* ---- memory_device.c ----------------------------------------------------- */

const struct memory_device_class *memory_device_class_find(const char *name);
int memory_device_add(struct pc_machine *pcms, const struct memory_device_class *cls,
		      const struct dev_props *p, bool hotplugged, struct memhp_err *err);
void memory_device_unplug(struct pc_machine *pcms, struct memory_device *md);
int memory_device_get_free_addr(struct pc_machine *pcms, const uint64_t *hint,
				uint64_t align, uint64_t size, uint64_t *out,
				struct memhp_err *err);
uint64_t memory_device_used_size(const struct pc_machine *pcms);
uint64_t memory_device_plugged_size(const struct memory_device *md);
size_t memory_device_sorted(const struct pc_machine *pcms, struct memory_device ***out);
char *memory_device_qom_path(const struct memory_device *md);
struct memory_device *memory_device_find_id(const struct pc_machine *pcms, const char *id);
struct memory_device *memory_device_find_path(const struct pc_machine *pcms, const char *path);
void memory_device_free(struct memory_device *md);

/* ---- memory_device_props.c ----------------------------------------------- */

const struct memory_device_prop *memory_device_prop_find(const struct memory_device_class *cls,
							 const char *name);
int memory_device_tmpl_init(const struct pc_machine *pcms, const struct memory_device_class *cls,
			    void *tmpl);
int memory_device_set_prop(const struct pc_machine *pcms, const struct memory_device_class *cls,
			   void *tmpl, const char *name, const char *val, struct memhp_err *err);
int memory_device_qom_get(const struct memory_device *md, const char *name, struct json **ret,
			  struct memhp_err *err);
int memory_device_qom_set(struct pc_machine *pcms, struct memory_device *md, const char *name,
			  const struct json *value, struct memhp_err *err);
int memory_device_resolve_memdev(const struct pc_machine *pcms, const char *path,
				 struct host_memory_backend **out, struct memhp_err *err);
int memory_device_prop_ret(struct json *v, struct json **ret, struct memhp_err *err);

/* shared parsers (@field is the template member at the property's offset) */
int mdev_parse_u64(const struct pc_machine *pcms, void *field, const char *name, const char *val,
		   struct memhp_err *err);
int mdev_parse_u32(const struct pc_machine *pcms, void *field, const char *name, const char *val,
		   struct memhp_err *err);
int mdev_parse_size(const struct pc_machine *pcms, void *field, const char *name, const char *val,
		    struct memhp_err *err);
int mdev_parse_bool(const struct pc_machine *pcms, void *field, const char *name, const char *val,
		    struct memhp_err *err);
int mdev_parse_memdev(const struct pc_machine *pcms, void *field, const char *name,
		      const char *val, struct memhp_err *err);

/* shared getters */
int mdev_get_addr(const struct memory_device *md, const char *name, struct json **ret,
		  struct memhp_err *err);
int mdev_get_node(const struct memory_device *md, const char *name, struct json **ret,
		  struct memhp_err *err);
int mdev_get_memdev(const struct memory_device *md, const char *name, struct json **ret,
		    struct memhp_err *err);
int mdev_get_type(const struct memory_device *md, const char *name, struct json **ret,
		  struct memhp_err *err);
int mdev_get_true(const struct memory_device *md, const char *name, struct json **ret,
		  struct memhp_err *err);
int mdev_get_hotplugged(const struct memory_device *md, const char *name, struct json **ret,
			struct memhp_err *err);

#endif
