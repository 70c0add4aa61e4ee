// SPDX-License-Identifier: MIT
/*
 * Unit tests of the sysfs tree as a whole (src/sysfs/core.c and the
 * subsystems' tables): a booted model with DIMM slots, a virtio-mem device
 * and legacy persistent memory bound to device_dax is walked from "/", and
 * every entry must behave as its listing and mode say: it resolves with the
 * kind readdir gave, reads per its read bits, refuses writes without write
 * bits with EACCES, and a device directory has what the driver core gives
 * a device.  Then the visibility rules: files and directories appear and
 * disappear with the state that decides them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/util.h"
#include "memhp/drivers.h"
#include "memhp/profile.h"
#include "memhp/machine.h"
#include "memhp/mm.h"
#include "memhp/sysfs.h"

struct entry {
	char name[64];
	enum sysfs_kind kind;
};

struct listing {
	struct entry v[1024];
	size_t n;
};

static void collect(void *opaque, const char *name, enum sysfs_kind kind)
{
	struct listing *l = opaque;

	assert_true(l->n < ARRAY_SIZE(l->v));
	assert_true(strlen(name) < sizeof(l->v[0].name));
	snprintf(l->v[l->n].name, sizeof(l->v[0].name), "%s", name);
	l->v[l->n++].kind = kind;
}

static bool listed(const struct listing *l, const char *name, enum sysfs_kind kind)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return l->v[i].kind == kind;
	return false;
}

static bool exists(struct kernel *k, const char *path)
{
	struct sysfs_stat st;

	return sysfs_lookup(k, path, &st) == 0;
}

static void write_is(struct machine *m, const char *path, const char *value, int want)
{
	assert_int_equal(sysfs_write(machine_kernel(m), path, value, strlen(value), NULL), want);
	machine_run_guest(m);
}

static void write_ok(struct machine *m, const char *path, const char *value)
{
	write_is(m, path, value, 0);
}

/* 4 GiB, two DIMM slots, a virtio-mem device, 256 MiB of legacy pmem as dax0.0 on device_dax */
static struct machine *boot(void)
{
	const char *argv[] = {
		"-m", "4G,slots=2,maxmem=16G", "-smp", "2",
		"-object", "memory-backend-ram,id=vmem0,size=1G",
		"-device", "virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0",
	};
	static const char *const modules[] = { "nd_e820", "nd_pmem", "dax_pmem", "device_dax", "virtio_pci", "virtio_mem" };
	struct machine *m = NULL;
	struct kernel *k;

	assert_int_equal(machine_new(argv, ARRAY_SIZE(argv), "memmap=256M!0x110000000", &m, NULL), 0);
	k = machine_kernel(m);
	for (size_t i = 0; i < ARRAY_SIZE(modules); i++)
		assert_int_equal(kernel_modprobe(k, modules[i]), 0);
	machine_run_guest(m);
	write_ok(m, "/sys/bus/nd/drivers/nd_pmem/unbind", "namespace0.0");
	/* the class is set, but without labels to record it the write fails (as Linux's) */
	write_is(m, "/sys/bus/nd/devices/namespace0.0/holder_class", "dax", -ENXIO);
	write_ok(m, "/sys/bus/nd/devices/dax0.0/uuid", "6f1b3c2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c");
	write_ok(m, "/sys/bus/nd/devices/dax0.0/mode", "pmem");
	write_ok(m, "/sys/bus/nd/devices/dax0.0/align", "2097152");
	write_ok(m, "/sys/bus/nd/devices/dax0.0/namespace", "namespace0.0");
	write_ok(m, "/sys/bus/nd/drivers/dax_pmem/bind", "dax0.0");
	assert_true(exists(k, "/sys/bus/dax/devices/dax0.0/mapping0/start"));
	return m;
}

struct walk_stats {
	size_t dirs, files, links, devices, devnodes;
};

/* files whose read fails by design: a device without autosuspend; the nd dax seeds' range while unbound */
static bool read_may_fail(const char *path, int ret)
{
	const char *name = strrchr(path, '/') + 1;

	if (ret == -EIO)
		return !strcmp(name, "autosuspend_delay_ms");
	if (ret == -ENXIO)
		return !strcmp(name, "resource") || !strcmp(name, "size");
	if (ret == -ENODEV)
		return !strcmp(name, "rng_quality");	/* no hardware RNG is current */
	return false;
}

static void check_file(struct kernel *k, const char *path, const struct sysfs_stat *st)
{
	char *s = NULL, sub[600];
	size_t len = 0;
	int ret;

	assert_true(st->mode && !(st->mode & ~0666u));
	ret = sysfs_read(k, path, &s, &len);
	if (st->mode & 0444) {
		if (ret && !read_may_fail(path, ret))
			fail_msg("%s (mode %o) reads %d", path, st->mode, ret);
		if (!ret) {
			assert_non_null(s);
			assert_int_equal(strlen(s), len);
		}
	} else {
		assert_int_equal(ret, -EACCES);
	}
	free(s);
	if (!(st->mode & 0222))
		assert_int_equal(sysfs_write(k, path, "1", 1, NULL), -EACCES);
	snprintf(sub, sizeof(sub), "%s/x", path);
	assert_int_equal(sysfs_lookup(k, sub, &(struct sysfs_stat){ 0 }), -ENOTDIR);
	assert_int_equal(sysfs_readdir(k, path, collect, &(struct listing){ 0 }), -ENOTDIR);
}

/*
 * A directory that has a uevent file below /sys/devices is a device: it
 * has a subsystem link unless it is a bus's root device, and the devices
 * of the memory, node and ACPI subsystems have power/ with the runtime-PM
 * files.  Any device's uevent takes a synthetic "change".
 */
static void check_device(struct kernel *k, const char *path, const struct listing *l)
{
	static const char *const roots[] = { "/sys/devices/system/memory", "/sys/devices/system/node",
					     "/sys/devices/system/cpu", "/sys/devices/virtual/memory_tiering",
					     "/sys/devices/pnp0" };
	char p[600];
	bool root = false;

	for (size_t i = 0; i < ARRAY_SIZE(roots); i++)
		root |= !strcmp(path, roots[i]);
	/* cacheinfo's cache/ and indexN/ are plain kobjects with a uevent, not devices */
	if (!strncmp(path, "/sys/devices/system/cpu/cpu", 27) && strstr(path, "/cache")) {
		snprintf(p, sizeof(p), "%s/uevent", path);
		assert_int_equal(sysfs_write(k, p, "change", 6, NULL), 0);
		return;
	}
	/* a dev_dax's mappingN is a device with neither bus nor class */
	root |= !!strstr(path, "/mapping");
	if (!root && !listed(l, "subsystem", SYSFS_LINK))
		fail_msg("device %s has no subsystem link", path);
	if (!strncmp(path, "/sys/devices/system/", 20) || !strncmp(path, "/sys/devices/LNXSYSTM:00/", 25)) {
		if (!listed(l, "power", SYSFS_DIR))
			fail_msg("device %s has no power/", path);
		snprintf(p, sizeof(p), "%s/power/runtime_status", path);
		assert_true(exists(k, p));
	}
	snprintf(p, sizeof(p), "%s/uevent", path);
	assert_int_equal(sysfs_write(k, p, "change", 6, NULL), 0);
}

static void walk(struct kernel *k, const char *path, int depth, struct walk_stats *ws)
{
	struct listing *l = calloc(1, sizeof(*l));

	assert_non_null(l);
	assert_true(depth < 16);
	assert_int_equal(sysfs_readdir(k, path, collect, l), 0);
	ws->dirs++;
	if (!strncmp(path, "/sys/devices/", 13) && listed(l, "uevent", SYSFS_FILE)) {
		check_device(k, path, l);
		ws->devices++;
	}
	for (size_t i = 0; i < l->n; i++) {
		struct sysfs_stat st = { 0 };
		char child[600];

		for (size_t j = 0; j < i; j++)
			if (!strcmp(l->v[i].name, l->v[j].name))
				fail_msg("%s lists %s twice", path, l->v[i].name);
		snprintf(child, sizeof(child), "%s/%s", strcmp(path, "/") ? path : "", l->v[i].name);
		if (sysfs_lookup(k, child, &st))
			fail_msg("%s is listed but does not resolve", child);
		assert_int_equal(st.kind, l->v[i].kind);
		switch (st.kind) {
		case SYSFS_DIR:
			assert_int_equal(st.mode, 0755);
			assert_int_equal(sysfs_read(k, child, &(char *){ NULL }, NULL), -EISDIR);
			walk(k, child, depth + 1, ws);
			break;
		case SYSFS_LINK:
			/* relative, as sysfs writes them */
			assert_int_equal(st.mode, 0777);
			assert_true(st.target[0] && st.target[0] != '/');
			ws->links++;
			break;
		case SYSFS_FILE:
			check_file(k, child, &st);
			ws->files++;
			break;
		case SYSFS_CHRDEV:
		case SYSFS_BLKDEV:
			/* /dev only; not text: the bytes go through sysfs_dev_rw() */
			assert_true(!strncmp(child, "/dev/", 5));
			assert_true(st.dev_major > 0);
			assert_int_equal(sysfs_read(k, child, &(char *){ NULL }, NULL), -EINVAL);
			ws->devnodes++;
			break;
		default:
			fail();
		}
	}
	free(l);
}

static void test_walk(void **state)
{
	struct machine *m = boot();
	struct walk_stats ws = { 0 };

	(void)state;
	walk(machine_kernel(m), "/", 0, &ws);
	/* memory blocks, nodes, ACPI slots, nd region, namespace, seeds, dax0.0 and the dev_dax */
	assert_true(ws.devices >= 40);
	assert_true(ws.files > 500);
	assert_true(ws.links > 40);
	/* null, zero, full, ndctl0, dax0.0 */
	assert_int_equal(ws.devnodes, 5);
	machine_free(m);
}

/* links in the middle of a path are followed; a link target resolves to a directory */
static void test_links(void **state)
{
	struct machine *m = boot();
	struct kernel *k = machine_kernel(m);
	struct sysfs_stat st;
	char *s;

	(void)state;
	assert_int_equal(sysfs_lookup(k, "/sys/bus/dax/devices/dax0.0", &st), 0);
	assert_int_equal(st.kind, SYSFS_LINK);
	assert_string_equal(st.target, "../../../devices/platform/e820_pmem/ndbus0/region0/dax0.0/dax0.0");
	assert_int_equal(sysfs_lookup(k, "/sys/bus/dax/devices/dax0.0/subsystem", &st), 0);
	assert_string_equal(st.target, "../../../../../../../bus/dax");
	assert_int_equal(sysfs_lookup(k, "/sys/bus/nd/devices/dax0.0/driver", &st), 0);
	assert_string_equal(st.target, "../../../../../../bus/nd/drivers/dax_pmem");
	assert_int_equal(sysfs_read(k, "/sys/bus/dax/devices/dax0.0/subsystem/drivers_autoprobe", &s, NULL), 0);
	assert_string_equal(s, "1\n");
	free(s);
	assert_int_equal(sysfs_read(k, "/sys/bus/memory/devices/memory8/../memory9/phys_index", &s, NULL), 0);
	assert_string_equal(s, "00000009\n");
	free(s);
	/* without a link to follow, ".." is a name like any other */
	assert_int_equal(sysfs_read(k, "/proc/../proc/meminfo", &s, NULL), -ENOENT);
	machine_free(m);
}

/* the errnos of the entry points themselves */
static void test_errnos(void **state)
{
	struct machine *m = boot();
	struct kernel *k = machine_kernel(m);
	struct memhp_err err = { 0 };
	char *s;

	(void)state;
	assert_int_equal(sysfs_write(k, "/proc/meminfo", "1", 1, &err), -EACCES);
	assert_string_equal(err.msg, "/proc/meminfo is read-only");
	assert_int_equal(sysfs_write(k, "/sys/devices/system/memory", "1", 1, NULL), -EISDIR);
	assert_int_equal(sysfs_write(k, "/sys/devices/system/memory/nope", "1", 1, NULL), -ENOENT);
	assert_int_equal(sysfs_read(k, "/sys/bus/nd/drivers/nd_pmem/bind", &s, NULL), -EACCES);
	assert_int_equal(sysfs_read(k, "/sys/devices/system/memory/memory8/power/autosuspend_delay_ms", &s, NULL), -EIO);
	assert_int_equal(sysfs_read(k, "/sys/bus/nd/devices/dax0.1/resource", &s, NULL), -ENXIO);
	assert_int_equal(sysfs_read(k, "relative/path", &s, NULL), -ENOENT);
	assert_int_equal(sysfs_readdir(k, "/proc/meminfo", collect, &(struct listing){ 0 }), -ENOTDIR);
	/* an empty write succeeds without calling store */
	assert_int_equal(sysfs_write(k, "/sys/devices/system/memory/memory8/state", "", 0, NULL), 0);
	machine_free(m);
}

/* is_visible: a file or directory exists exactly while its rule holds */
static void test_visibility(void **state)
{
	const char *argv[] = { "-m", "2G", "-smp", "1" };
	struct machine *m = NULL;
	struct kernel *k;
	struct listing l = { 0 };

	(void)state;
	assert_int_equal(machine_new(argv, ARRAY_SIZE(argv), NULL, &m, NULL), 0);
	k = machine_kernel(m);
	/* the model-only node interface: off by default */
	assert_false(exists(k, "/sys/devices/system/node/node0/memory"));
	assert_int_equal(sysfs_readdir(k, "/sys/devices/system/node/node0", collect, &l), 0);
	assert_false(listed(&l, "memory", SYSFS_FILE));
	node_memory_interface_set(k, true);
	assert_true(exists(k, "/sys/devices/system/node/node0/memory"));
	l.n = 0;
	assert_int_equal(sysfs_readdir(k, "/sys/devices/system/node/node0", collect, &l), 0);
	assert_true(listed(&l, "memory", SYSFS_FILE));
	node_memory_interface_set(k, false);
	assert_false(exists(k, "/sys/devices/system/node/node0/memory"));

	/* buses and drivers appear with their modules; no DIMM slots: no memory hotplug controller */
	assert_false(exists(k, "/sys/bus/nd"));
	assert_false(exists(k, "/sys/devices/platform/e820_pmem"));
	/* the platform's devices are there from boot: the consoles, the serial ports, the clock */
	assert_true(exists(k, "/sys/devices/platform/serial8250/tty/ttyS2/dev"));
	assert_true(exists(k, "/sys/dev/char/4:64/uevent"));
	assert_true(exists(k, "/sys/class/tty/tty0/active"));
	assert_true(exists(k, "/sys/bus/dax/devices"));	/* the dax core is built in */
	assert_false(exists(k, "/sys/bus/dax/drivers/device_dax"));
	assert_false(exists(k, "/sys/bus/virtio"));	/* 6.1: the virtio core comes with virtio_pci */
	assert_true(exists(k, "/sys/bus/node/devices/node0"));
	/* CPUs: one socket of cores; the boot CPU cannot go offline */
	assert_false(exists(k, "/sys/devices/system/cpu/cpu0/online"));
	assert_true(exists(k, "/sys/devices/system/cpu/cpu0/node0"));
	assert_true(exists(k, "/sys/devices/system/cpu/cpu0/topology/core_siblings_list"));
	assert_false(exists(k, "/sys/devices/system/cpu/crash_hotplug"));	/* 6.12 only */
	assert_false(exists(k, "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04"));
	assert_true(exists(k, "/sys/devices/LNXSYSTM:00/LNXSYBUS:00"));
	assert_false(exists(k, "/sys/devices/system/xen_memory"));
	assert_false(exists(k, "/sys/module/virtio_mem"));
	assert_true(exists(k, "/sys/module/memory_hotplug/parameters/online_policy"));
	machine_free(m);

	/* pmem: region0 on node 0 has target_node; the dev_dax appears once bound */
	m = boot();
	k = machine_kernel(m);
	assert_true(exists(k, "/sys/bus/nd/devices/region0/target_node"));
	assert_true(exists(k, "/sys/bus/dax/devices/dax0.0/target_node"));
	/* the bus's own files and its control device, which /sys/class/nd lists */
	assert_true(exists(k, "/sys/class/nd/ndctl0/dev"));
	assert_true(exists(k, "/sys/bus/nd/devices/ndbus0/wait_probe"));
	assert_true(exists(k, "/sys/bus/nd/drivers/nd_bus/ndbus0"));
	assert_false(exists(k, "/sys/bus/nd/drivers/nd_bus/bind"));
	assert_true(exists(k, "/sys/bus/nd/drivers/nd_region/region0"));
	/* loaded modules: live, held by what needs them, with their drivers */
	assert_false(exists(k, "/sys/module/kmem"));	/* not loaded */
	assert_true(exists(k, "/sys/module/libnvdimm/holders/nd_pmem"));
	assert_true(exists(k, "/sys/module/libnvdimm/drivers/nd:nd_bus"));
	assert_true(exists(k, "/sys/module/device_dax/initstate"));
	assert_true(exists(k, "/sys/module/virtio_mem/parameters/unplug_online"));
	/* 6.1 builds the virtio core as a module: virtio_mem pulled it in, with the rings */
	assert_true(exists(k, "/sys/module/virtio/holders/virtio_mem"));
	assert_true(exists(k, "/sys/module/virtio_ring/holders/virtio"));
	assert_true(exists(k, "/sys/module/nd_btt/holders/nd_pmem"));
	assert_false(exists(k, "/sys/module/libnvdimm/holders/device_dax"));
	/* built-in modules of the build, with their parameters */
	assert_true(exists(k, "/sys/module/kernel/parameters/panic"));
	assert_true(exists(k, "/sys/module/tpm/version"));
	assert_false(exists(k, "/sys/module/kernel/version"));
	assert_true(exists(k, "/sys/module/virtio_mem/parameters/unplug_online"));
	assert_true(exists(k, "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:01"));
	assert_false(exists(k, "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:02"));
	/* a pfn seed never has a dax device below it, an unbound dax seed neither */
	assert_false(exists(k, "/sys/bus/nd/devices/dax0.1/dax0.1"));
	assert_false(exists(k, "/sys/bus/nd/devices/dax0.1/driver"));
	assert_true(exists(k, "/sys/bus/nd/devices/dax0.0/dax0.0"));
	write_ok(m, "/sys/bus/nd/drivers/dax_pmem/unbind", "dax0.0");
	assert_false(exists(k, "/sys/bus/nd/devices/dax0.0/dax0.0"));
	assert_false(exists(k, "/sys/bus/dax/devices/dax0.0"));
	machine_free(m);
}

static void read_eq(struct kernel *k, const char *path, const char *want)
{
	char *s = NULL;

	assert_int_equal(sysfs_read(k, path, &s, NULL), 0);
	assert_string_equal(s, want);
	free(s);
}

/*
 * ndctl's teardown (nd_detach_and_reset()): an empty namespace lets the
 * claim go; a device other than the seed is deleted and its id is reused by
 * the next seed; the seed stays, with no uuid and mode none
 */
static void test_nd_namespace_teardown(void **state)
{
	struct machine *m = boot();
	struct kernel *k = machine_kernel(m);

	(void)state;
	read_eq(k, "/sys/bus/nd/devices/region0/dax_seed", "dax0.1\n");
	write_is(m, "/sys/bus/nd/devices/dax0.0/namespace", "\n", -EBUSY);	/* bound */
	write_ok(m, "/sys/bus/nd/drivers/dax_pmem/unbind", "dax0.0");
	read_eq(k, "/sys/bus/nd/devices/dax0.0/namespace", "namespace0.0\n");
	write_ok(m, "/sys/bus/nd/devices/dax0.0/namespace", "\n");
	assert_false(exists(k, "/sys/bus/nd/devices/dax0.0"));
	assert_false(exists(k, "/sys/bus/nd/devices/region0/dax0.0"));
	read_eq(k, "/sys/bus/nd/devices/region0/dax_seed", "dax0.1\n");
	/* the seed is reset instead */
	write_ok(m, "/sys/bus/nd/devices/dax0.1/uuid", "7f1b3c2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c");
	write_ok(m, "/sys/bus/nd/devices/dax0.1/mode", "pmem");
	write_ok(m, "/sys/bus/nd/devices/dax0.1/namespace", "namespace0.0");
	write_ok(m, "/sys/bus/nd/devices/dax0.1/namespace", "\n");
	assert_true(exists(k, "/sys/bus/nd/devices/dax0.1"));
	read_eq(k, "/sys/bus/nd/devices/dax0.1/mode", "none\n");
	read_eq(k, "/sys/bus/nd/devices/dax0.1/namespace", "\n");
	/* configured and bound, the seed is used up: the next one takes the free id 0 */
	write_ok(m, "/sys/bus/nd/devices/dax0.1/uuid", "8f1b3c2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c");
	write_ok(m, "/sys/bus/nd/devices/dax0.1/mode", "pmem");
	write_ok(m, "/sys/bus/nd/devices/dax0.1/namespace", "namespace0.0");
	write_ok(m, "/sys/bus/nd/drivers/dax_pmem/bind", "dax0.1");
	read_eq(k, "/sys/bus/nd/devices/region0/dax_seed", "dax0.0\n");
	assert_true(exists(k, "/sys/bus/nd/devices/dax0.0"));
	read_eq(k, "/sys/bus/nd/devices/dax0.0/mode", "none\n");
	/* the same for pfn devices: pfn0.0 is the seed and is reset */
	write_ok(m, "/sys/bus/nd/devices/pfn0.0/uuid", "9f1b3c2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c");
	write_ok(m, "/sys/bus/nd/devices/pfn0.0/mode", "pmem");
	write_ok(m, "/sys/bus/nd/devices/pfn0.0/namespace", "\n");
	read_eq(k, "/sys/bus/nd/devices/pfn0.0/mode", "none\n");
	machine_free(m);
}

/*
 * The info block lives in the namespace's bytes: nd_pmem's probe of the
 * namespace finds it and brings the dax device back, and once the bytes
 * are zeroed through the raw disk (as ndctl does) the namespace is a disk.
 */
static void test_nd_info_block_on_media(void **state)
{
	struct machine *m = boot();
	struct kernel *k = machine_kernel(m);
	char buf[8192];
	static const char zeros[8192];

	(void)state;
	write_ok(m, "/sys/bus/nd/drivers/dax_pmem/unbind", "dax0.0");
	write_ok(m, "/sys/bus/nd/devices/dax0.0/namespace", "\n");
	assert_false(exists(k, "/sys/bus/nd/devices/dax0.0"));
	/* the holder class stays dax, which nd_dax_probe() accepts */
	write_is(m, "/sys/bus/nd/drivers/nd_pmem/bind", "namespace0.0", -ENXIO);
	read_eq(k, "/sys/bus/nd/devices/dax0.0/uuid", "6f1b3c2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c\n");
	read_eq(k, "/sys/bus/nd/devices/dax0.0/mode", "pmem\n");
	read_eq(k, "/sys/bus/nd/devices/dax0.0/align", "2097152\n");
	read_eq(k, "/sys/bus/nd/devices/dax0.0/namespace", "namespace0.0\n");
	assert_true(exists(k, "/sys/bus/dax/devices/dax0.0/mapping0/start"));
	assert_false(exists(k, "/sys/block/pmem0"));
	/* raw mode skips the info block: the namespace is a disk, whose bytes hold it */
	write_ok(m, "/sys/bus/nd/drivers/dax_pmem/unbind", "dax0.0");
	write_ok(m, "/sys/bus/nd/devices/dax0.0/namespace", "\n");
	write_ok(m, "/sys/bus/nd/devices/namespace0.0/force_raw", "1");
	write_ok(m, "/sys/bus/nd/drivers/nd_pmem/bind", "namespace0.0");
	assert_true(exists(k, "/sys/bus/nd/devices/namespace0.0/block/pmem0/queue/dax"));
	read_eq(k, "/sys/block/pmem0/size", "524288\n");
	read_eq(k, "/sys/dev/block/259:0/dev", "259:0\n");
	assert_int_equal(pmem_disk_rw(k, 0, 4096, buf, 16, false), 16);
	assert_memory_equal(buf, "NVDIMM_DAX_INFO", 16);
	/* the same bytes through /dev/pmem0; the other nodes as mem.c and a node without I/O */
	memset(buf, 0, 16);
	assert_int_equal(sysfs_dev_rw(k, "/dev/pmem0", 4096, buf, 16, false), 16);
	assert_memory_equal(buf, "NVDIMM_DAX_INFO", 16);
	assert_int_equal(sysfs_dev_rw(k, "/dev/null", 0, buf, 16, true), 16);
	assert_int_equal(sysfs_dev_rw(k, "/dev/null", 0, buf, 16, false), 0);
	assert_int_equal(sysfs_dev_rw(k, "/dev/full", 0, buf, 16, true), -ENOSPC);
	assert_int_equal(sysfs_dev_rw(k, "/dev/ndctl0", 0, buf, 16, false), -ENXIO);
	assert_int_equal(sysfs_dev_rw(k, "/sys/block/pmem0/size", 0, buf, 16, false), -EINVAL);
	/* one byte of the block changed: the checksum no longer matches, nothing is found */
	assert_int_equal(sysfs_dev_rw(k, "/dev/pmem0", 4096 + 200, (char[]){ "X" }, 1, true), 1);
	write_ok(m, "/sys/bus/nd/drivers/nd_pmem/unbind", "namespace0.0");
	write_ok(m, "/sys/bus/nd/devices/namespace0.0/force_raw", "0");
	write_ok(m, "/sys/bus/nd/drivers/nd_pmem/bind", "namespace0.0");
	assert_false(exists(k, "/sys/bus/nd/devices/dax0.0"));
	assert_true(exists(k, "/sys/bus/nd/devices/namespace0.0/block/pmem0"));
	write_ok(m, "/sys/bus/nd/drivers/nd_pmem/unbind", "namespace0.0");
	write_ok(m, "/sys/bus/nd/devices/namespace0.0/force_raw", "1");
	write_ok(m, "/sys/bus/nd/drivers/nd_pmem/bind", "namespace0.0");
	assert_int_equal(pmem_disk_rw(k, 0, 0, (void *)zeros, sizeof(zeros), true), (ssize_t)sizeof(zeros));
	assert_int_equal(pmem_disk_rw(k, 0, (256ULL << 20) - 2, (void *)"abcd", 4, true), 2);
	assert_int_equal(pmem_disk_rw(k, 0, 256ULL << 20, (void *)"abcd", 4, true), -ENOSPC);
	assert_int_equal(pmem_disk_rw(k, 0, (256ULL << 20) - 2, buf, 8, false), 2);
	assert_memory_equal(buf, "ab", 2);
	write_ok(m, "/sys/bus/nd/drivers/nd_pmem/unbind", "namespace0.0");
	assert_false(exists(k, "/sys/block/pmem0"));
	write_ok(m, "/sys/bus/nd/devices/namespace0.0/force_raw", "0");
	/* nothing left to find: a plain disk again, with the next disk sequence number */
	write_ok(m, "/sys/bus/nd/drivers/nd_pmem/bind", "namespace0.0");
	assert_false(exists(k, "/sys/bus/nd/devices/dax0.0"));
	read_eq(k, "/sys/block/pmem0/diskseq", "5\n");	/* boot, raw, bad block, raw, now */
	assert_int_equal(pmem_disk_rw(k, 0, 4096, buf, 16, false), 16);
	assert_memory_equal(buf, zeros, 16);
	machine_free(m);
}

/*
 * The profiles' build data: the static nodes are sorted by path (their
 * lookup is a binary search) and each one's directory is in the table or
 * a graft point; every module is named once; each CPU view lists feature
 * numbers as the modalias prints them.
 */
static void test_profile_data(void **state)
{
	static const char *const grafts[] = { "/sys/devices", "/sys/devices/platform", "/sys/devices/virtual",
					      "/sys/class", "/sys/dev/char" };

	for (int p = 0; p < nr_kernel_profiles; p++) {
		const struct kernel_config *c = &kernel_profiles[p].config;
		const struct static_node *t = c->platform_nodes ? c->platform_nodes->nodes : NULL;
		long nr = c->platform_nodes ? c->platform_nodes->nr : 0;

		for (long i = 0; i < nr; i++) {
			char dir[512];
			bool found = false;

			if (i)
				assert_true(strcmp(t[i - 1].path, t[i].path) < 0);
			snprintf(dir, sizeof(dir), "%s", t[i].path);
			*strrchr(dir, '/') = 0;
			for (size_t g = 0; g < ARRAY_SIZE(grafts); g++)
				found |= !strcmp(dir, grafts[g]);
			for (long j = 0; !found && j < i; j++)
				found = !strcmp(t[j].path, dir) && t[j].kind == SN_DIR;
			if (!found)
				fail_msg("%s: its directory is not in the table", t[i].path);
		}
		for (const struct module_desc *a = c->modules; a && a->name; a++)
			for (const struct module_desc *b = a + 1; b->name; b++)
				assert_string_not_equal(a->name, b->name);
		for (const struct kernel_cpu_view *v = c->cpu_views; v && v->features; v++)
			for (const char *f = v->features; *f; f += 5)
				assert_true(f[0] == ',' && strspn(f + 1, "0123456789ABCDEF") >= 4);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_errnos),
		cmocka_unit_test(test_visibility),
		cmocka_unit_test(test_nd_namespace_teardown),
		cmocka_unit_test(test_nd_info_block_on_media),
		cmocka_unit_test(test_profile_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
