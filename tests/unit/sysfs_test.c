// SPDX-License-Identifier: MIT
/*
 * Unit tests of the sysfs/procfs text layer: exact formats, modes, the
 * kernel's parsers (sysfs_streq, kstrtobool, kstrtouint) and errnos, and
 * that a refused write changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "memhp/mm.h"
#include "memhp/sysfs.h"
#include "mm/internal.h"
#include "fw_fixtures.h"

static struct kernel *boot(const char *cmdline)
{
	struct firmware_tables fw;
	struct kernel *k = NULL;

	fw_1g(&fw);
	assert_int_equal(kernel_boot(&fw, 1, cmdline, &k, NULL), 0);
	return k;
}

static void read_is(struct kernel *k, const char *path, const char *want)
{
	char *s = NULL;

	assert_int_equal(sysfs_read(k, path, &s, NULL), 0);
	assert_string_equal(s, want);
	free(s);
}

static int wr(struct kernel *k, const char *path, const char *v)
{
	return sysfs_write(k, path, v, strlen(v), NULL);
}

static void test_memory_files(void **state)
{
	struct kernel *k = boot(NULL);
	char *s;

	(void)state;
	read_is(k, "/sys/devices/system/memory/block_size_bytes", "8000000\n");
	read_is(k, "/sys/devices/system/memory/auto_online_blocks", "offline\n");
	read_is(k, "/sys/devices/system/memory/memory3/phys_index", "00000003\n");
	read_is(k, "/sys/devices/system/memory/memory3/state", "online\n");
	read_is(k, "/sys/devices/system/memory/memory3/online", "1\n");
	read_is(k, "/sys/devices/system/memory/memory0/valid_zones", "none\n");
	read_is(k, "/sys/devices/system/memory/memory3/removable", "1\n");
	assert_int_equal(sysfs_read(k, "/sys/devices/system/memory/memory9/state", &s, NULL), -ENOENT);
	assert_int_equal(sysfs_read(k, "/sys/devices/system/memory/memory03/state", &s, NULL), -ENOENT);
	assert_int_equal(sysfs_read(k, "/sys/devices/system/memory/soft_offline_page", &s, NULL), -EACCES);
	assert_int_equal(wr(k, "/sys/devices/system/memory/block_size_bytes", "1\n"), -EACCES);
	assert_int_equal(wr(k, "/sys/devices/system/memory", "1\n"), -EISDIR);
	kernel_free(k);
}

static void test_state_writes(void **state)
{
	struct kernel *k = boot(NULL);

	(void)state;
	assert_int_equal(add_memory(k, 0, 4 * GiB, 256 * MiB, 0, NULL), 0);
	read_is(k, "/sys/devices/system/memory/memory32/valid_zones", "Normal Movable\n");
	/* exact words, one optional newline */
	assert_int_equal(wr(k, "/sys/devices/system/memory/memory32/state", "online_movable \n"), -EINVAL);
	assert_int_equal(wr(k, "/sys/devices/system/memory/memory32/state", "Online\n"), -EINVAL);
	assert_int_equal(wr(k, "/sys/devices/system/memory/memory32/state", "online_movable\n\n"), -EINVAL);
	read_is(k, "/sys/devices/system/memory/memory32/state", "offline\n");
	assert_int_equal(wr(k, "/sys/devices/system/memory/memory32/state", "online_movable"), 0);
	read_is(k, "/sys/devices/system/memory/memory32/valid_zones", "Movable\n");
	assert_int_equal(wr(k, "/sys/devices/system/memory/memory32/state", "online\n"), -EINVAL);
	/* `online` parses a boolean from its first characters; same state is success */
	assert_int_equal(wr(k, "/sys/devices/system/memory/memory32/online", "1xyz\n"), 0);
	assert_int_equal(wr(k, "/sys/devices/system/memory/memory33/online", "maybe\n"), -EINVAL);
	assert_int_equal(wr(k, "/sys/devices/system/memory/memory33/online", "on\n"), 0);
	read_is(k, "/sys/devices/system/memory/memory33/valid_zones", "Normal\n");
	assert_int_equal(wr(k, "/sys/devices/system/memory/memory33/online", "off\n"), 0);
	assert_int_equal(wr(k, "/sys/devices/system/memory/memory33/online", "0\n"), 0);
	read_is(k, "/sys/devices/system/memory/memory33/online", "0\n");
	/* a zero-length write succeeds without doing anything */
	assert_int_equal(sysfs_write(k, "/sys/devices/system/memory/memory33/state", "", 0, NULL), 0);
	assert_int_equal(wr(k, "/sys/devices/system/memory/auto_online_blocks", "bogus\n"), -EINVAL);
	read_is(k, "/sys/devices/system/memory/auto_online_blocks", "offline\n");
	assert_int_equal(wr(k, "/sys/devices/system/memory/auto_online_blocks", "online_kernel\n"), 0);
	read_is(k, "/sys/devices/system/memory/auto_online_blocks", "online_kernel\n");
	kernel_free(k);
}

static void test_params(void **state)
{
	struct kernel *k = boot("memory_hotplug.memmap_on_memory=on");

	(void)state;
	read_is(k, "/sys/module/memory_hotplug/parameters/memmap_on_memory", "Y\n");
	read_is(k, "/sys/module/memory_hotplug/parameters/online_policy", "contig-zones\n");
	read_is(k, "/sys/module/memory_hotplug/parameters/auto_movable_ratio", "301\n");
	read_is(k, "/sys/module/memory_hotplug/parameters/auto_movable_numa_aware", "Y\n");
	assert_int_equal(wr(k, "/sys/module/memory_hotplug/parameters/memmap_on_memory", "0\n"), -EACCES);
	assert_int_equal(wr(k, "/sys/module/memory_hotplug/parameters/online_policy", "auto\n"), -EINVAL);
	assert_int_equal(wr(k, "/sys/module/memory_hotplug/parameters/online_policy", "auto-movable\n"), 0);
	assert_int_equal(wr(k, "/sys/module/memory_hotplug/parameters/auto_movable_ratio", "0x10\n"), 0);
	read_is(k, "/sys/module/memory_hotplug/parameters/auto_movable_ratio", "16\n");
	assert_int_equal(wr(k, "/sys/module/memory_hotplug/parameters/auto_movable_ratio", "4294967296\n"), -ERANGE);
	assert_int_equal(wr(k, "/sys/module/memory_hotplug/parameters/auto_movable_ratio", "-1\n"), -EINVAL);
	read_is(k, "/sys/module/memory_hotplug/parameters/auto_movable_ratio", "16\n");
	kernel_free(k);
}

static void test_nodes_and_proc(void **state)
{
	struct kernel *k = boot(NULL);
	struct sysfs_stat st;
	char *s;

	(void)state;
	read_is(k, "/sys/devices/system/node/possible", "0\n");
	read_is(k, "/sys/devices/system/node/has_normal_memory", "0\n");
	read_is(k, "/sys/devices/system/node/node0/cpulist", "0\n");
	assert_int_equal(sysfs_lookup(k, "/sys/devices/system/node/node0/memory5", &st), 0);
	assert_int_equal(st.kind, SYSFS_LINK);
	assert_string_equal(st.target, "../../memory/memory5");
	assert_int_equal(sysfs_lookup(k, "/sys/devices/system/memory/memory5/node0", &st), 0);
	assert_string_equal(st.target, "../../node/node0");
	assert_int_equal(sysfs_lookup(k, "/sys/devices/system/node/node1", &st), -ENOENT);
	assert_int_equal(sysfs_read(k, "/proc/iomem", &s, NULL), 0);
	assert_non_null(strstr(s, "00001000-0009fbff : System RAM\n"));
	assert_non_null(strstr(s, "00100000-3ffdffff : System RAM\n"));
	free(s);
	assert_int_equal(sysfs_read(k, "/proc/zoneinfo", &s, NULL), 0);
	assert_non_null(strstr(s, "Node 0, zone    DMA32\n"));
	assert_non_null(strstr(s, "Node 0, zone  Movable\n"));
	free(s);
	assert_int_equal(sysfs_read(k, "/proc/meminfo", &s, NULL), 0);
	assert_memory_equal(s, "MemTotal:       ", 16);
	free(s);
	kernel_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_files),
		cmocka_unit_test(test_state_writes),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_nodes_and_proc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
