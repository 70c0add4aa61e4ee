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

/* the free pages a /proc/buddyinfo line counts */
static uint64_t buddy_pages(const char *line)
{
	const char *p = strstr(line, "zone") + 13;
	uint64_t pages = 0;
	char *end;

	for (int order = 0; order < MHP_NR_PAGE_ORDERS; order++) {
		pages += strtoull(p, &end, 10) << order;
		p = end;
	}
	return pages;
}

/* /proc/buddyinfo and /proc/pagetypeinfo from the free lists; offlining a block changes both */
static void test_buddyinfo_pagetypeinfo(void **state)
{
	struct kernel *k = boot(NULL);
	struct zone_free_counts c;
	uint64_t before, after, blocks = 0;
	char *s, *line;

	(void)state;
	assert_int_equal(sysfs_read(k, "/proc/buddyinfo", &s, NULL), 0);
	assert_non_null(strstr(s, "Node 0, zone      DMA "));
	line = strstr(s, "Node 0, zone    DMA32 ");
	assert_non_null(line);
	assert_null(strstr(s, "Movable"));	/* only populated zones */
	before = buddy_pages(line);
	free(s);
	/* every free block of DMA32 is in some migratetype's list, and there are 11 orders */
	assert_int_equal(zone_get_free_counts(k, 0, ZONE_DMA32, &c), 0);
	for (int mt = 0; mt < MHP_NR_MIGRATETYPES; mt++)
		blocks += c.blocks[mt];
	/* a pageblock stride from pfn 4096 to 262112: 504 strides, all online */
	assert_int_equal(blocks, 504);
	assert_int_equal(c.blocks[MHP_MT_HIGHATOMIC] + c.blocks[MHP_MT_CMA], 0);
	assert_int_equal(memory_block_store_online(k, 3, false, NULL), 0);
	assert_int_equal(sysfs_read(k, "/proc/buddyinfo", &s, NULL), 0);
	after = buddy_pages(strstr(s, "Node 0, zone    DMA32 "));
	free(s);
	assert_true(after <= before - 32768 + 1024 && after >= before - 32768 - 1024);
	assert_int_equal(zone_get_free_counts(k, 0, ZONE_DMA32, &c), 0);
	blocks = 0;
	for (int mt = 0; mt < MHP_NR_MIGRATETYPES; mt++)
		blocks += c.blocks[mt];
	assert_int_equal(blocks, 504 - 64);	/* the offline block's 64 pageblocks are gone */
	assert_int_equal(sysfs_read(k, "/proc/pagetypeinfo", &s, NULL), 0);
	assert_true(!strncmp(s, "Page block order: 9\nPages per block:  512\n\n", 43));
	assert_non_null(strstr(s, "Node    0, zone    DMA32, type      Isolate "));
	assert_non_null(strstr(s, "\nNumber of blocks type     Unmovable      Movable  Reclaimable   HighAtomic          CMA      Isolate \n"));
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
		cmocka_unit_test(test_buddyinfo_pagetypeinfo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
