// SPDX-License-Identifier: MIT
/*
 * The sysfs tree's building blocks, shared by the core (core.c: path walk,
 * the generic device directory, the public entry points of memhp/sysfs.h)
 * and the subsystems that own the attributes (memory.c, node.c, module.c,
 * firmware_memmap.c, acpi.c, virtio.c, xen.c, nd.c, dax.c, memory_tiering.c,
 * bus.c).
 *
 * Glossary:
 *  - object (struct sysfs_obj): what one directory stands for, e.g. memory
 *    block 32 or nd region 0: a directory type plus up to three numbers.
 *  - directory type (struct sysfs_dir_type): the files, fixed
 *    subdirectories and numbered children every directory of a kind has.
 *  - attribute (struct sysfs_attr): one file: name, mode, show, store and a
 *    visibility rule; defined beside its show/store with SYSFS_ATTR_*(),
 *    as Linux's DEVICE_ATTR_*() are.
 *  - device (struct sysfs_device_type): a directory that is a device gets
 *    `uevent`, `power/`, `subsystem` and `driver` from the core.
 * docs/sysfs.md says how to add a file.
 */
#ifndef MEMHP_SYSFS_INTERNAL_H
#define MEMHP_SYSFS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/seq_buf.h"
#include "memhp/err.h"
#include "memhp/sysfs.h"

struct kernel;
struct sysfs_attr;
struct sysfs_dir_type;
struct sysfs_node;

/*
 * One directory's identity.  @type says which numbers mean what; e.g. for a
 * memory block @id is the block id, for a dax device @id is the region and
 * @index the N of daxR.N.  Files are shown with their directory's object.
 */
struct sysfs_obj {
	struct kernel *k;
	const struct sysfs_dir_type *type;
	long id;
	int index;
	int variant;
};

/*
 * show: print the whole file into @buf; Return: 0 or -errno (read(2) fails
 * with it).  NULL on a readable file: reads fail with EIO.
 * store: one write of @len bytes, @buf NUL-terminated; Return: 0 or -errno
 * with a message in @err.  NULL on a writable file: writes fail with EACCES.
 * is_visible: NULL, or false when the file does not exist for @obj (Linux's
 * attribute_group.is_visible; also where a kernel-version profile may hide
 * a file).
 * data: what a shared show function prints (sysfs_show_text()), if any.
 */
struct sysfs_attr {
	const char *name;
	unsigned int mode;
	int (*show)(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf);
	int (*store)(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
		     struct memhp_err *err);
	bool (*is_visible)(const struct sysfs_obj *obj);
	const void *data;
};

#define SYSFS_ATTR_FULL(_var, _name, _mode, _show, _store, _visible)                          \
	static const struct sysfs_attr _var = {                                                \
		.name = _name, .mode = _mode, .show = _show, .store = _store, .is_visible = _visible, \
	}
/* attr_NAME for the file NAME, shown by NAME_show(), stored by NAME_store() */
#define SYSFS_ATTR_RO(_name) SYSFS_ATTR_FULL(attr_##_name, #_name, 0444, _name##_show, NULL, NULL)
#define SYSFS_ATTR_RW(_name) SYSFS_ATTR_FULL(attr_##_name, #_name, 0644, _name##_show, _name##_store, NULL)
#define SYSFS_ATTR_WO(_name) SYSFS_ATTR_FULL(attr_##_name, #_name, 0200, NULL, _name##_store, NULL)
#define SYSFS_ATTR_ADMIN_RO(_name) SYSFS_ATTR_FULL(attr_##_name, #_name, 0400, _name##_show, NULL, NULL)
/* the same where one source file has NAME on several device types: PFX_attr_NAME, PFX_NAME_show() */
#define SYSFS_ATTR_RO_P(_p, _name) SYSFS_ATTR_FULL(_p##_attr_##_name, #_name, 0444, _p##_##_name##_show, NULL, NULL)
#define SYSFS_ATTR_RW_P(_p, _name)                                                             \
	SYSFS_ATTR_FULL(_p##_attr_##_name, #_name, 0644, _p##_##_name##_show, _p##_##_name##_store, NULL)
#define SYSFS_ATTR_WO_P(_p, _name) SYSFS_ATTR_FULL(_p##_attr_##_name, #_name, 0200, NULL, _p##_##_name##_store, NULL)
#define SYSFS_ATTR_ADMIN_RO_P(_p, _name)                                                       \
	SYSFS_ATTR_FULL(_p##_attr_##_name, #_name, 0400, _p##_##_name##_show, NULL, NULL)
/* a file whose content never changes: @_text, newline included */
#define SYSFS_ATTR_TEXT(_var, _name, _mode, _text)                                             \
	static const struct sysfs_attr _var = {                                                \
		.name = _name, .mode = _mode, .show = sysfs_show_text, .data = _text,          \
	}

/* a fixed subdirectory; it stands for its parent's object under its own type */
struct sysfs_subdir {
	const char *name;
	const struct sysfs_dir_type *type;
	bool (*is_visible)(const struct sysfs_obj *parent);
};

#define SYSFS_SUBDIR(_name, _type) { .name = _name, .type = _type }
#define SYSFS_SUBDIR_IF(_name, _type, _visible) { .name = _name, .type = _type, .is_visible = _visible }

/*
 * What the driver core adds to a device's directory:
 * @subsystem: absolute target of the `subsystem` link ("/sys/bus/memory"), NULL: none
 * @power: the device has power/ (runtime PM files of a device without runtime PM)
 * @uevent_dev: prints the variables dev_uevent() takes from the device itself
 * (MAJOR, MINOR, DEVNAME, DEVTYPE), NULL: none
 * @uevent: prints what the bus, class and type add after them (MODALIAS,
 * ...), NULL: none.  Between the two the core prints DRIVER= while a
 * driver is bound (@driver).
 * @driver: writes the absolute path of the bound driver's directory into
 * @buf and returns true; false (or NULL) while no driver is bound
 */
struct sysfs_device_type {
	const char *subsystem;
	bool power;
	bool pm_qos_latency;	/* power/ has pm_qos_resume_latency_us (a CPU's) */
	void (*uevent_dev)(const struct sysfs_obj *obj, struct seq_buf *buf);
	void (*uevent)(const struct sysfs_obj *obj, struct seq_buf *buf);
	bool (*driver)(const struct sysfs_obj *obj, char *buf, size_t size);
};

struct sysfs_filldir {
	void (*fn)(void *opaque, const char *name, enum sysfs_kind kind);
	void *opaque;
};

/*
 * A directory type.  Looking up a name tries, in order: @attrs (a
 * NULL-terminated list), the device's files and links (@dev), @subdirs
 * ({ NULL }-terminated), then @lookup for numbered children and links;
 * readdir lists them all in the same order, @readdir giving the last part.
 * @lookup fills @out with sysfs_node_dir() or sysfs_node_link() and
 * returns 0, or returns -ENOENT.
 */
struct sysfs_dir_type {
	const struct sysfs_attr *const *attrs;
	const struct sysfs_device_type *dev;
	const struct sysfs_subdir *subdirs;
	int (*lookup)(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out);
	void (*readdir)(const struct sysfs_obj *obj, struct sysfs_filldir *fd);
};

/*
 * A device node of /dev: its number, a disk's size, and how its bytes are
 * read and written (@rw NULL: they are not, through the tree).
 */
struct sysfs_devnode {
	unsigned int major, minor;
	uint64_t size;
	ssize_t (*rw)(const struct sysfs_obj *obj, uint64_t off, void *buf, size_t len, bool write);
};

/*
 * A resolved path.  @obj: a directory's own object, or for a file the object
 * of the directory holding it.  @target: a link's absolute target while a
 * lookup fills it; the core makes it relative to the link's directory.
 */
struct sysfs_node {
	enum sysfs_kind kind;
	unsigned int mode;
	struct sysfs_obj obj;
	const struct sysfs_attr *attr;
	char target[sizeof(((struct sysfs_stat *)0)->target)];
	struct sysfs_devnode devnode;	/* SYSFS_CHRDEV, SYSFS_BLKDEV */
};

/* ---- core.c: for lookup and readdir functions ---- */

/** sysfs_node_dir() - @out is the directory of type @type for (@id, @index, @variant). Return: 0. */
int sysfs_node_dir(struct sysfs_node *out, struct kernel *k, const struct sysfs_dir_type *type, long id, int index,
		   int variant);
/** sysfs_node_file() - @out is the file @attr of the object @dir (a lookup's file outside its attrs) */
void sysfs_node_file(struct sysfs_node *out, const struct sysfs_obj *dir, const struct sysfs_attr *attr);
/** sysfs_node_link() - @out is a link to the absolute path @fmt. Return: 0. */
int sysfs_node_link(struct sysfs_node *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** sysfs_node_devnode() - @out is the device node @dn of @kind (SYSFS_CHRDEV or SYSFS_BLKDEV) in @dir. Return: 0. */
int sysfs_node_devnode(struct sysfs_node *out, const struct sysfs_obj *dir, enum sysfs_kind kind, unsigned int mode,
		       const struct sysfs_devnode *dn);
/** sysfs_fill() - one readdir entry, its name printf-style */
void sysfs_fill(struct sysfs_filldir *fd, enum sysfs_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** sysfs_fill_numbered() - the entry "<prefix><n>" (@n >= 0): sysfs_parse_numbered()'s names, without printf */
void sysfs_fill_numbered(struct sysfs_filldir *fd, enum sysfs_kind kind, const char *prefix, long n);
/** sysfs_parse_numbered() - "prefix<decimal>" exactly (no sign, no leading zero) into @out */
bool sysfs_parse_numbered(const char *s, const char *prefix, long *out);
/** sysfs_first_line() - @s up to its first newline, into @dst (truncated to @size) */
void sysfs_first_line(char *dst, size_t size, const char *s);
/* Linux's sysfs_emit(): print into a show function's buffer */
#define sysfs_emit(buf, ...) seq_buf_printf(buf, __VA_ARGS__)
/** sysfs_emit_list() - a CPU or node mask as "%*pbl" prints it ("0-2,5"), and a newline */
void sysfs_emit_list(struct seq_buf *buf, uint64_t mask);
/** sysfs_emit_cpumap() - a CPU mask as "%*pb": nr_cpu_ids bits in hex, 32-bit groups comma-separated */
void sysfs_emit_cpumap(struct seq_buf *buf, struct kernel *k, uint64_t mask);
/** sysfs_show_text() - show for SYSFS_ATTR_TEXT(): prints attr->data; NULL data: EIO */
int sysfs_show_text(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf);
/** sysfs_store_uevent() - kobject_synth_uevent(): a write to any uevent file */
int sysfs_store_uevent(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
		       struct memhp_err *err);
/* an empty directory (a bus's drivers/ when none is modelled, a node's x86/) */
extern const struct sysfs_dir_type sysfs_empty_dir;

/* ---- static_tree.c: the platform's devices memhp does not model ---- */

/* @dir's static child @name (a path of the tree such as "/sys/class"), or -ENOENT */
int static_tree_lookup(const struct sysfs_obj *obj, const char *dir, const char *name, struct sysfs_node *out);
/* @dir's static children */
void static_tree_readdir(const struct sysfs_obj *obj, const char *dir, struct sysfs_filldir *fd);

/* ---- power.c: a device's power/ (drivers/base/power/sysfs.c) ---- */

extern const struct sysfs_dir_type power_dir;
extern const struct sysfs_dir_type power_qos_dir;
extern const struct sysfs_dir_type power_wakeup_dir;

/* ---- bus.c: drivers/base/bus.c's files ---- */

/* drivers_autoprobe, drivers_probe and uevent of /sys/bus/<bus>/ */
extern const struct sysfs_attr *const bus_attrs[];
/* the uevent file of a driver's directory (write-only) */
extern const struct sysfs_attr bus_driver_attr_uevent;

/* ---- the subsystems' top directories, mounted by core.c ---- */

extern const struct sysfs_dir_type memory_root_dir, memory_bus_dir;	/* memory.c */
extern const struct sysfs_dir_type node_root_dir, node_bus_dir;	/* node.c */
extern const struct sysfs_dir_type cpu_root_dir, cpu_bus_dir;		/* cpu.c */
/* cacheinfo.c: a CPU's cache/, shown when the kernel found caches */
extern const struct sysfs_dir_type cpu_cache_dir;
bool cpu_cache_visible(const struct sysfs_obj *obj);
extern const struct sysfs_dir_type module_dir;				/* module.c */
extern const struct sysfs_dir_type firmware_memmap_dir;		/* firmware_memmap.c */
extern const struct sysfs_dir_type acpi_system_dir, acpi_bus_dir;	/* acpi.c */
/* acpi_processor.c: \_SB.CPUS with the LNXCPU devices, their /sys/bus/acpi links, the cooling devices */
extern const struct sysfs_dir_type acpi_cpus_dir, thermal_virtual_dir, thermal_class_dir;
void acpi_processors_fill(const struct sysfs_obj *obj, struct sysfs_filldir *fd, enum sysfs_kind kind);
int acpi_processor_bus_link(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out);
extern const struct sysfs_dir_type virtio_bus_dir, virtio_mem_params_dir;	/* virtio.c */
/* virtio.c: virtioN's directory (id N), and a link to it */
extern const struct sysfs_dir_type virtio_device_dir;
int virtio_device_link(const struct sysfs_obj *obj, int n, struct sysfs_node *out);
extern const struct sysfs_dir_type pci_root_dir, pci_bus_dir;		/* pci.c */
bool virtio_pci_visible(const struct sysfs_obj *obj);
extern const struct sysfs_dir_type xen_memory_dir;			/* xen.c */
extern const struct sysfs_dir_type memory_tiering_dir;			/* memory_tiering.c */
/* block.c: an owner device's block/, /sys/block and /sys/class/block, /sys/dev/block, the bdis */
extern const struct sysfs_dir_type block_holder_dir, block_class_dir, dev_block_dir;
extern const struct sysfs_dir_type bdi_virtual_dir, bdi_class_dir;
extern const struct sysfs_dir_type devtmpfs_dir;			/* devtmpfs.c: /dev */
extern const struct sysfs_dir_type memory_tiering_bus_dir;
extern const struct sysfs_dir_type platform_dir, nd_bus_dir;		/* nd.c */
extern const struct sysfs_dir_type dax_bus_dir;			/* dax.c */
extern const struct sysfs_dir_type dev_dax_dir;	/* dax.c: daxR.N below its nd_dax device */
/* nd.c: the devices of a region by name */
enum nd_child_kind { ND_NAMESPACE, ND_BTT, ND_PFN, ND_DAX };
#define ND_BUS_PATH "/sys/devices/platform/e820_pmem/ndbus0"
/* nd_bus.c: ndbus0's own files, and /sys/class/nd */
extern const struct sysfs_attr *const ndbus_attrs[];
extern const struct sysfs_device_type ndbus_device;
extern const struct sysfs_subdir ndbus_subdirs[];
extern const struct sysfs_dir_type class_nd_dir;
/* nd_bus.c: libnvdimm's entries of /sys/dev/char */
int nd_dev_char_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out);
void nd_dev_char_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd);
extern const struct sysfs_attr *const e820_pmem_attrs[];
extern const struct sysfs_dir_type e820_pmem_driver_dir;		/* nd_bus.c */
extern const struct sysfs_dir_type platform_bus_dir;			/* platform.c */
extern const struct sysfs_device_type e820_pmem_device;
/** nd_parse_child() - "namespaceR.0", "bttR.0", "pfnR.N", "daxR.N" that exist: R, with @kind and N in @idx; or -1 */
int nd_parse_child(struct kernel *k, const char *name, enum nd_child_kind *kind, int *idx);
bool nd_bus_visible(const struct sysfs_obj *obj);
bool virtio_bus_visible(const struct sysfs_obj *obj);
bool xen_memory_visible(const struct sysfs_obj *obj);
bool virtio_mem_module_visible(const struct sysfs_obj *obj);

#endif
