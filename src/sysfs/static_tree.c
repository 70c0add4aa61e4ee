// SPDX-License-Identifier: MIT
/*
 * The platform's devices memhp does not model (the profile's static
 * nodes): the consoles, ttys, serial ports, mem and misc devices, the
 * CMOS clock and their parents, below /sys/devices, /sys/class and
 * /sys/dev/char.  The model's own directories graft them in with
 * static_tree_lookup() and static_tree_readdir(); a static directory's
 * object index is its place in the table.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "memhp/profile.h"
#include "sysfs/sysfs_internal.h"

#define STATIC_PATH_MAX 512

static const struct static_node_table *table(const struct sysfs_obj *obj)
{
	return kernel_profile_of(obj->k)->config.platform_nodes;
}

static const struct static_node *nodes(const struct sysfs_obj *obj)
{
	return table(obj)->nodes;
}

/* whether @path is @dir's child, and then its name */
static const char *child_name(const char *path, const char *dir)
{
	size_t len = strlen(dir);

	if (strncmp(path, dir, len) || path[len] != '/' || strchr(path + len + 1, '/'))
		return NULL;
	return path + len + 1;
}

static int rtc_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	const char *what = nodes(obj)[obj->id].value;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	if (!strcmp(what, "date"))
		sysfs_emit(buf, "%04d-%02d-%02d\n", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	else if (!strcmp(what, "time"))
		sysfs_emit(buf, "%02d:%02d:%02d\n", tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
		sysfs_emit(buf, "%lld\n", (long long)now);
	return 0;
}

static int static_file_show(const struct sysfs_obj *obj, const struct sysfs_attr *attr, struct seq_buf *buf)
{
	const struct static_node *n = &nodes(obj)[obj->id];

	if (n->kind == SN_ERROR)
		return !strcmp(n->value, "ENODEV") ? -ENODEV : -EIO;
	sysfs_emit(buf, "%s", n->value);
	return 0;
}

static const struct sysfs_attr static_file_attr = { .mode = 0444, .show = static_file_show };
static const struct sysfs_attr static_uevent_attr = {
	.mode = 0644, .show = static_file_show, .store = sysfs_store_uevent,
};
static const struct sysfs_attr static_rtc_attr = { .mode = 0444, .show = rtc_show };

static int static_dir_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out);
static void static_dir_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd);

static const struct sysfs_dir_type static_dir = {
	.lookup = static_dir_lookup,
	.readdir = static_dir_readdir,
};

/* the node @i as an entry of its directory @dir_obj */
static int static_node_get(const struct sysfs_obj *dir_obj, long i, struct sysfs_node *out)
{
	const struct static_node *n = &nodes(dir_obj)[i];
	struct sysfs_obj file = *dir_obj;
	const char *name = strrchr(n->path, '/') + 1;

	file.id = i;
	switch (n->kind) {
	case SN_DIR:
		return sysfs_node_dir(out, dir_obj->k, &static_dir, i, 0, 0);
	case SN_POWER:
		return sysfs_node_dir(out, dir_obj->k, &power_dir, i, 0, 0);
	case SN_POWER_WAKEUP:
		return sysfs_node_dir(out, dir_obj->k, &power_wakeup_dir, i, 0, 0);
	case SN_LINK:
		return sysfs_node_link(out, "%s", n->value);
	case SN_RTC:
		sysfs_node_file(out, &file, &static_rtc_attr);
		return 0;
	case SN_FILE:
	case SN_ERROR:
		sysfs_node_file(out, &file, !strcmp(name, "uevent") ? &static_uevent_attr : &static_file_attr);
		return 0;
	}
	return -ENOENT;
}

static enum sysfs_kind node_kind(const struct static_node *n)
{
	if (n->kind == SN_DIR || n->kind == SN_POWER || n->kind == SN_POWER_WAKEUP)
		return SYSFS_DIR;
	return n->kind == SN_LINK ? SYSFS_LINK : SYSFS_FILE;
}

/* the first node whose path is not below @key in byte order (the table is sorted by path) */
static long lower_bound(const struct static_node_table *t, const char *key)
{
	long lo = 0, hi = t->nr;

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;

		if (strcmp(t->nodes[mid].path, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int static_tree_lookup(const struct sysfs_obj *obj, const char *dir, const char *name, struct sysfs_node *out)
{
	const struct static_node_table *t = table(obj);
	char path[STATIC_PATH_MAX];
	long i;

	if (!t || strchr(name, '/') || (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -ENOENT;
	i = lower_bound(t, path);
	return i < t->nr && !strcmp(t->nodes[i].path, path) ? static_node_get(obj, i, out) : -ENOENT;
}

void static_tree_readdir(const struct sysfs_obj *obj, const char *dir, struct sysfs_filldir *fd)
{
	const struct static_node_table *t = table(obj);
	char prefix[STATIC_PATH_MAX];
	size_t plen;

	if (!t || (plen = (size_t)snprintf(prefix, sizeof(prefix), "%s/", dir)) >= sizeof(prefix))
		return;
	for (long i = lower_bound(t, prefix); i < t->nr && !strncmp(t->nodes[i].path, prefix, plen); i++) {
		const char *n = child_name(t->nodes[i].path, dir);

		if (n)
			sysfs_fill(fd, node_kind(&t->nodes[i]), "%s", n);
	}
}

static int static_dir_lookup(const struct sysfs_obj *obj, const char *name, struct sysfs_node *out)
{
	return static_tree_lookup(obj, nodes(obj)[obj->id].path, name, out);
}

static void static_dir_readdir(const struct sysfs_obj *obj, struct sysfs_filldir *fd)
{
	static_tree_readdir(obj, nodes(obj)[obj->id].path, fd);
}
