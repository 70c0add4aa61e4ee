// SPDX-License-Identifier: MIT
/*
 * The core of the guest's file tree (memhp/sysfs.h): the path walk over
 * directory types (sysfs_internal.h), the files the driver core gives every
 * device (uevent, power/, subsystem, driver), the top directories that
 * mount each subsystem's own, and /proc from src/procfs.  It knows no
 * attribute of any subsystem.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strparse.h"
#include "lib/util.h"
#include "memhp/mm.h"
#include "procfs/procfs.h"
#include "sysfs/sysfs_internal.h"

#define SYSFS_PATH_MAX 512
#define SYSFS_NAME_MAX 256
#define SYSFS_WRITE_MAX 4096
#define SYSFS_MAX_LINKS 8		/* links followed in one walk, then ELOOP */

/* ---- helpers for the subsystems ---- */

int sysfs_node_dir(struct sysfs_node *out, struct kernel *k, const struct sysfs_dir_type *type, long id, int index,
		   int variant)
{
	out->kind = SYSFS_DIR;
	out->mode = 0755;
	out->attr = NULL;
	out->obj = (struct sysfs_obj){ .k = k, .type = type, .id = id, .index = index, .variant = variant };
	return 0;
}

int sysfs_node_link(struct sysfs_node *out, const char *fmt, ...)
{
	va_list ap;

	out->kind = SYSFS_LINK;
	out->mode = 0777;
	out->attr = NULL;
	va_start(ap, fmt);
	vsnprintf(out->target, sizeof(out->target), fmt, ap);
	va_end(ap);
	return 0;
}

int sysfs_node_devnode(struct sysfs_node *out, const struct sysfs_obj *dir, enum sysfs_kind kind, unsigned int mode,
		       const struct sysfs_devnode *dn)
{
	out->kind = kind;
	out->mode = mode;
	out->attr = NULL;
	out->obj = *dir;
	out->devnode = *dn;
	return 0;
}

void sysfs_node_file(struct sysfs_node *out, const struct sysfs_obj *dir, const struct sysfs_attr *attr)
{
	out->kind = SYSFS_FILE;
	out->mode = attr->mode;
	out->attr = attr;
	out->obj = *dir;
}

void sysfs_fill(struct sysfs_filldir *fd, enum sysfs_kind kind, const char *fmt, ...)
{
	char name[SYSFS_NAME_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	fd->fn(fd->opaque, name, kind);
}

void sysfs_fill_numbered(struct sysfs_filldir *fd, enum sysfs_kind kind, const char *prefix, long n)
{
	char name[SYSFS_NAME_MAX], digits[24];
	size_t plen = strlen(prefix), nd = 0;
	unsigned long v = (unsigned long)n;

	MEMHP_BUG_ON(n < 0 || plen + sizeof(digits) >= sizeof(name));
	do
		digits[nd++] = (char)('0' + v % 10);
	while (v /= 10);
	memcpy(name, prefix, plen);
	for (size_t i = 0; i < nd; i++)
		name[plen + i] = digits[nd - 1 - i];
	name[plen + nd] = 0;
	fd->fn(fd->opaque, name, kind);
}

bool sysfs_parse_numbered(const char *s, const char *prefix, long *out)
{
	size_t n = strlen(prefix);
	const char *p;
	long v = 0;

	if (strncmp(s, prefix, n) || !s[n])
		return false;
	p = s + n;
	if (p[0] == '0' && p[1])
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000L)
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return true;
}

void sysfs_first_line(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%.*s", (int)strcspn(s, "\n"), s);
}

void sysfs_emit_list(struct seq_buf *buf, uint64_t mask)
{
	char list[512];

	format_range_list(&mask, 64, list, sizeof(list));
	sysfs_emit(buf, "%s\n", list);
}

void sysfs_emit_cpumap(struct seq_buf *buf, struct kernel *k, uint64_t mask)
{
	int digits = (kernel_nr_cpus(k) + 3) / 4;

	for (int d = digits - 1; d >= 0; d--) {
		sysfs_emit(buf, "%x", (unsigned int)(d < 16 ? (mask >> (4 * d)) & 0xf : 0));
		if (d && !(d % 8))
			sysfs_emit(buf, ",");
	}
	sysfs_emit(buf, "\n");
}

int sysfs_show_text(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	if (!attr->data)
		return -EIO;
	sysfs_emit(buf, "%s", (const char *)attr->data);
	return 0;
}

/* kobject_synth_uevent(): the write's bytes, not just its first word */
int sysfs_store_uevent(const struct sysfs_obj *obj, const struct sysfs_attr *attr, const char *buf, size_t len,
		       struct memhp_err *err)
{
	if (synth_uevent_parse(buf, len))
		return memhp_err_set(err, -EINVAL, "uevent takes add, remove, change, move, online, offline, bind or unbind, "
				     "optionally followed by a UUID and KEY=VALUE pairs");
	return 0;
}

const struct sysfs_dir_type sysfs_empty_dir;

/* ---- the driver core's files of a device (drivers/base/core.c) ---- */

/* dev_uevent(): the device's own variables, the bound driver, then what its bus and class add */
static int device_uevent_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	const struct sysfs_device_type *dev = obj->type->dev;
	char drv[128];

	if (dev->uevent_dev)
		dev->uevent_dev(obj, buf);
	if (dev->driver && dev->driver(obj, drv, sizeof(drv)))
		sysfs_emit(buf, "DRIVER=%s\n", strrchr(drv, '/') + 1);
	if (dev->uevent)
		dev->uevent(obj, buf);
	return 0;
}

static const struct sysfs_attr device_attr_uevent = {
	.name = "uevent", .mode = 0644, .show = device_uevent_show, .store = sysfs_store_uevent,
};

/* resolves @name among a device's own entries; -ENOENT when it is none of them */
static int device_lookup(const struct sysfs_obj *obj, const struct sysfs_device_type *dev, const char *name,
			 struct sysfs_node *out)
{
	char drv[128];

	switch (name[0]) {
	case 'u':
		if (!strcmp(name, "uevent"))
			return sysfs_node_file(out, obj, &device_attr_uevent), 0;
		break;
	case 'p':
		if (dev->power && !strcmp(name, "power"))
			return sysfs_node_dir(out, obj->k, dev->pm_qos_latency ? &power_qos_dir : &power_dir, obj->id,
					      obj->index, obj->variant);
		break;
	case 's':
		if (dev->subsystem && !strcmp(name, "subsystem"))
			return sysfs_node_link(out, "%s", dev->subsystem);
		break;
	case 'd':
		if (dev->driver && !strcmp(name, "driver") && dev->driver(obj, drv, sizeof(drv)))
			return sysfs_node_link(out, "%s", drv);
		break;
	}
	return -ENOENT;
}

static void device_readdir(const struct sysfs_obj *obj, const struct sysfs_device_type *dev, struct sysfs_filldir *fd)
{
	char drv[128];

	fd->fn(fd->opaque, "uevent", SYSFS_FILE);
	if (dev->power)
		fd->fn(fd->opaque, "power", SYSFS_DIR);
	if (dev->subsystem)
		fd->fn(fd->opaque, "subsystem", SYSFS_LINK);
	if (dev->driver && dev->driver(obj, drv, sizeof(drv)))
		fd->fn(fd->opaque, "driver", SYSFS_LINK);
}

/* ---- the top of the tree ---- */

static int proc_dir_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out);
static void proc_dir_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd);

static const struct sysfs_dir_type proc_dir = {
	.lookup = proc_dir_lookup,
	.readdir = proc_dir_readdir,
};

/* a directory whose children are the platform's static nodes below @path */
#define STATIC_GRAFT(_fn, _path)                                                                        \
	static int _fn##_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)  \
	{                                                                                               \
		return static_tree_lookup(obj, _path, name, out);                                       \
	}                                                                                               \
	static void _fn##_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)                \
	{                                                                                               \
		static_tree_readdir(obj, _path, fd);                                                    \
	}

STATIC_GRAFT(sys_class, "/sys/class")
STATIC_GRAFT(sys_devices, "/sys/devices")
STATIC_GRAFT(sys_devices_virtual, "/sys/devices/virtual")

/* /sys/dev/char: the platform's character devices, and libnvdimm's */
static int dev_char_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	int ret = nd_dev_char_lookup(obj, name, out);

	return ret == -ENOENT ? static_tree_lookup(obj, "/sys/dev/char", name, out) : ret;
}

static void dev_char_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	nd_dev_char_readdir(obj, fd);
	static_tree_readdir(obj, "/sys/dev/char", fd);
}

static const struct sysfs_dir_type dev_char_dir = {
	.lookup = dev_char_lookup,
	.readdir = dev_char_readdir,
};

static const struct sysfs_dir_type sys_bus_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("acpi", &acpi_bus_dir),
		SYSFS_SUBDIR("cpu", &cpu_bus_dir),
		SYSFS_SUBDIR("dax", &dax_bus_dir),	/* the dax core is built in (CONFIG_DAX=y) */
		SYSFS_SUBDIR("memory", &memory_bus_dir),
		SYSFS_SUBDIR("memory_tiering", &memory_tiering_bus_dir),
		SYSFS_SUBDIR_IF("nd", &nd_bus_dir, nd_bus_visible),
		SYSFS_SUBDIR("node", &node_bus_dir),
		SYSFS_SUBDIR_IF("pci", &pci_bus_dir, virtio_pci_visible),
		SYSFS_SUBDIR("platform", &platform_bus_dir),
		SYSFS_SUBDIR_IF("virtio", &virtio_bus_dir, virtio_bus_visible),
		{ NULL },
	},
};

static const struct sysfs_dir_type sys_class_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("bdi", &bdi_class_dir),
		SYSFS_SUBDIR("block", &block_class_dir),
		SYSFS_SUBDIR_IF("nd", &class_nd_dir, nd_bus_visible),
		SYSFS_SUBDIR("thermal", &thermal_class_dir),
		{ NULL },
	},
	.lookup = sys_class_lookup,
	.readdir = sys_class_readdir,
};

static const struct sysfs_dir_type sys_dev_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("block", &dev_block_dir),
		SYSFS_SUBDIR("char", &dev_char_dir),
		{ NULL },
	},
};

static const struct sysfs_dir_type sys_devices_system_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("cpu", &cpu_root_dir),
		SYSFS_SUBDIR("memory", &memory_root_dir),
		SYSFS_SUBDIR("node", &node_root_dir),
		SYSFS_SUBDIR_IF("xen_memory", &xen_memory_dir, xen_memory_visible),
		{ NULL },
	},
};

static const struct sysfs_dir_type sys_devices_virtual_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("bdi", &bdi_virtual_dir),
		SYSFS_SUBDIR("memory_tiering", &memory_tiering_dir),
		SYSFS_SUBDIR("thermal", &thermal_virtual_dir),
		{ NULL },
	},
	.lookup = sys_devices_virtual_lookup,
	.readdir = sys_devices_virtual_readdir,
};

static const struct sysfs_dir_type sys_devices_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("LNXSYSTM:00", &acpi_system_dir),
		SYSFS_SUBDIR_IF("pci0000:00", &pci_root_dir, virtio_pci_visible),
		SYSFS_SUBDIR("platform", &platform_dir),
		SYSFS_SUBDIR("system", &sys_devices_system_dir),
		SYSFS_SUBDIR("virtual", &sys_devices_virtual_dir),
		{ NULL },
	},
	.lookup = sys_devices_lookup,
	.readdir = sys_devices_readdir,
};

static const struct sysfs_dir_type sys_firmware_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("memmap", &firmware_memmap_dir),
		{ NULL },
	},
};

static const struct sysfs_dir_type sys_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("block", &block_class_dir),
		SYSFS_SUBDIR("bus", &sys_bus_dir),
		SYSFS_SUBDIR("class", &sys_class_dir),
		SYSFS_SUBDIR("dev", &sys_dev_dir),
		SYSFS_SUBDIR("devices", &sys_devices_dir),
		SYSFS_SUBDIR("firmware", &sys_firmware_dir),
		SYSFS_SUBDIR("module", &module_dir),
		{ NULL },
	},
};

static const struct sysfs_dir_type root_dir = {
	.subdirs = (const struct sysfs_subdir[]){
		SYSFS_SUBDIR("dev", &devtmpfs_dir),
		SYSFS_SUBDIR("sys", &sys_dir),
		SYSFS_SUBDIR("proc", &proc_dir),
		{ NULL },
	},
};

/* /proc: the files of src/procfs; a file's object keeps its index there */
static int proc_file_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	proc_file_at((size_t)obj->id)->show(obj->k, buf);
	return 0;
}

static const struct sysfs_attr proc_attr = { .show = proc_file_show };

static int proc_dir_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	const struct proc_file *f = proc_lookup(name);
	size_t i = 0;

	if (!f)
		return -ENOENT;
	while (proc_file_at(i) != f)
		i++;
	sysfs_node_file(out, obj, &proc_attr);
	out->obj.id = (long)i;
	out->mode = f->mode;
	return 0;
}

static void proc_dir_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	const struct proc_file *f;

	for (size_t i = 0; (f = proc_file_at(i)); i++)
		fd->fn(fd->opaque, f->name, SYSFS_FILE);
}

/* ---- the path walk ---- */

static bool attr_visible(const struct sysfs_attr *a, const struct sysfs_obj *obj)
{
	return !a->is_visible || a->is_visible(obj);
}

/* resolves one path component below the directory @n; @n becomes the child */
static int lookup_child(struct sysfs_node *n, const char *name)
{
	const struct sysfs_obj dir = n->obj;
	const struct sysfs_dir_type *t = dir.type;

	for (const struct sysfs_attr *const *a = t->attrs; a && *a; a++) {
		if (!strcmp((*a)->name, name)) {
			if (!attr_visible(*a, &dir))
				break;
			sysfs_node_file(n, &dir, *a);
			return 0;
		}
	}
	if (t->dev && !device_lookup(&dir, t->dev, name, n))
		return 0;
	for (const struct sysfs_subdir *s = t->subdirs; s && s->name; s++)
		if (!strcmp(s->name, name) && (!s->is_visible || s->is_visible(&dir)))
			return sysfs_node_dir(n, dir.k, s->type, dir.id, dir.index, dir.variant);
	return t->lookup ? t->lookup(&dir, name, n) : -ENOENT;
}

/*
 * The absolute @target relative to the directory @from (both canonical), as
 * sysfs_create_link() writes it: "../" up to their common ancestor, then the
 * rest of @target.  Writes it into @buf when that is not NULL.
 * Return: its length (what @buf needs, the NUL not counted).
 */
static size_t link_relative(const char *from, const char *target, char *buf, size_t size)
{
	size_t common = 0, len = 0, tail_len;
	const char *tail;
	int ups = 0;

	/* the longest common prefix that ends at a component boundary of both */
	for (size_t i = 0; from[i] && from[i] == target[i]; i++)
		if ((from[i + 1] == '/' || !from[i + 1]) && (target[i + 1] == '/' || !target[i + 1]))
			common = i + 1;
	for (size_t i = common; from[i]; i++)
		ups += from[i] == '/';
	tail = target + common + (target[common] == '/');
	tail_len = strlen(tail);
	if (!buf)
		return (size_t)ups * 3 + tail_len;
	for (int u = 0; u < ups && len + 3 < size; u++, len += 3)
		memcpy(buf + len, "../", 3);
	if (len + tail_len >= size)
		tail_len = size - len - 1;
	memcpy(buf + len, tail, tail_len);
	buf[len + tail_len] = 0;
	return len + tail_len;
}

/* collapses "." and ".." in an absolute path, in place */
static void normalize_path(char *path)
{
	char *comps[64], *save = NULL, *c, tmp[SYSFS_PATH_MAX];
	int n = 0;
	size_t len = 0;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (c = strtok_r(tmp, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..")) {
			if (n)
				n--;
			continue;
		}
		if (n < 64)
			comps[n++] = c;
	}
	path[0] = 0;
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(path + len, SYSFS_PATH_MAX - len, "/%s", comps[i]);
	if (!n)
		strcpy(path, "/");
}

/*
 * Resolves @path to a node; symbolic links met on the way are followed
 * (and a link in the last component too, when @follow), as path lookup
 * does.  A link left in the last component gets its target relative to
 * its directory.
 */
static int resolve_path(struct kernel *k, const char *path, struct sysfs_node *n, bool follow)
{
	char buf[SYSFS_PATH_MAX], done[SYSFS_PATH_MAX];
	size_t plen, dlen;
	int hops = 0;

	if (!path || path[0] != '/' || (plen = strlen(path)) >= sizeof(buf))
		return -ENOENT;
	memcpy(buf, path, plen + 1);
restart:
	sysfs_node_dir(n, k, &root_dir, -1, -1, 0);
	done[0] = 0;
	dlen = 0;
	for (char *p = buf; *p;) {
		char comp[SYSFS_NAME_MAX], *end;
		size_t len;
		int ret;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		end = strchrnul(p, '/');
		len = (size_t)(end - p);
		if (len >= sizeof(comp))
			return -ENAMETOOLONG;
		memcpy(comp, p, len);
		comp[len] = 0;
		p = end;
		if (n->kind != SYSFS_DIR)
			return -ENOTDIR;
		ret = lookup_child(n, comp);
		if (ret)
			return ret;
		if (n->kind == SYSFS_LINK) {
			const char *from = dlen ? done : "/";
			bool last = !p[strspn(p, "/")];
			char next[SYSFS_PATH_MAX];
			size_t rest = strlen(p);

			if (last && !follow) {
				char abs[sizeof(n->target)];

				memcpy(abs, n->target, sizeof(abs));
				link_relative(from, abs, n->target, sizeof(n->target));
				break;
			}
			if (++hops > SYSFS_MAX_LINKS)
				return -ELOOP;
			/* the limit applies to the directory, the relative target and the rest joined */
			if (dlen + 1 + link_relative(from, n->target, NULL, 0) + rest >= sizeof(next))
				return -ENAMETOOLONG;
			snprintf(next, sizeof(next), "%s%s", n->target, p);
			normalize_path(next);
			snprintf(buf, sizeof(buf), "%s", next);
			goto restart;
		}
		if (dlen + len + 2 >= sizeof(done))
			return -ENAMETOOLONG;
		done[dlen++] = '/';
		memcpy(done + dlen, comp, len + 1);
		dlen += len;
	}
	return 0;
}

/* ---- memhp/sysfs.h ---- */

int sysfs_lookup(struct kernel *k, const char *path, struct sysfs_stat *st)
{
	struct sysfs_node n;
	int ret = resolve_path(k, path, &n, false);

	if (ret)
		return ret;
	st->kind = n.kind;
	st->mode = n.mode;
	snprintf(st->target, sizeof(st->target), "%s", n.kind == SYSFS_LINK ? n.target : "");
	st->dev_major = st->dev_minor = 0;
	st->size = 0;
	st->rw = false;
	if (n.kind == SYSFS_CHRDEV || n.kind == SYSFS_BLKDEV) {
		st->dev_major = n.devnode.major;
		st->dev_minor = n.devnode.minor;
		st->size = n.devnode.size;
		st->rw = n.devnode.rw != NULL;
	}
	return 0;
}

ssize_t sysfs_dev_rw(struct kernel *k, const char *path, uint64_t off, void *buf, size_t len, bool write)
{
	struct sysfs_node n;
	int ret = resolve_path(k, path, &n, true);

	if (ret)
		return ret;
	if (n.kind != SYSFS_CHRDEV && n.kind != SYSFS_BLKDEV)
		return -EINVAL;
	if (!n.devnode.rw)
		return -ENXIO;
	return n.devnode.rw(&n.obj, off, buf, len, write);
}

int sysfs_read(struct kernel *k, const char *path, char **out, size_t *len)
{
	struct seq_buf b = { 0 };
	struct sysfs_node n;
	int ret = resolve_path(k, path, &n, true);

	if (ret)
		return ret;
	/* every link in the tree points to a directory */
	if (n.kind == SYSFS_DIR || n.kind == SYSFS_LINK)
		return -EISDIR;
	/* a device's bytes are not a text file: sysfs_dev_rw() */
	if (n.kind != SYSFS_FILE)
		return -EINVAL;
	if (!(n.mode & 0444))
		return -EACCES;
	seq_buf_init(&b);
	ret = n.attr->show ? n.attr->show(&n.obj, n.attr, &b) : -EIO;
	if (!ret)
		ret = b.err;
	if (ret) {
		free(b.buffer);
		return ret;
	}
	*out = b.buffer;
	if (len)
		*len = b.len;
	return 0;
}

int sysfs_write(struct kernel *k, const char *path, const char *buf, size_t len, struct memhp_err *err)
{
	struct sysfs_node n;
	char *s;
	int ret = resolve_path(k, path, &n, true);

	if (ret)
		return memhp_err_set(err, ret, "%s: no such file", path);
	if (n.kind == SYSFS_DIR || n.kind == SYSFS_LINK)
		return memhp_err_set(err, -EISDIR, "%s is a directory", path);
	if (n.kind != SYSFS_FILE)
		return memhp_err_set(err, -EINVAL, "%s is a device node", path);
	if (!(n.mode & 0222))
		return memhp_err_set(err, -EACCES, "%s is read-only", path);
	if (!len)
		return 0;
	if (!n.attr->store)
		return memhp_err_set(err, -EACCES, "read-only file");
	if (len > SYSFS_WRITE_MAX)
		len = SYSFS_WRITE_MAX;
	s = malloc(len + 1);
	if (!s)
		return -ENOMEM;
	memcpy(s, buf, len);
	s[len] = 0;
	ret = n.attr->store(&n.obj, n.attr, s, len, err);
	free(s);
	return ret;
}

int sysfs_readdir(struct kernel *k, const char *path,
		  void (*fn)(void *opaque, const char *name, enum sysfs_kind kind), void *opaque)
{
	struct sysfs_filldir fd = { fn, opaque };
	struct sysfs_node n;
	const struct sysfs_dir_type *t;
	int ret = resolve_path(k, path, &n, true);

	if (ret)
		return ret;
	if (n.kind != SYSFS_DIR)
		return -ENOTDIR;
	t = n.obj.type;
	for (const struct sysfs_attr *const *a = t->attrs; a && *a; a++)
		if (attr_visible(*a, &n.obj))
			fn(opaque, (*a)->name, SYSFS_FILE);
	if (t->dev)
		device_readdir(&n.obj, t->dev, &fd);
	for (const struct sysfs_subdir *s = t->subdirs; s && s->name; s++)
		if (!s->is_visible || s->is_visible(&n.obj))
			fn(opaque, s->name, SYSFS_DIR);
	if (t->readdir)
		t->readdir(&n.obj, &fd);
	return 0;
}
