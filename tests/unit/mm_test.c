// SPDX-License-Identifier: MIT
/*
 * Unit tests of the guest model (src/mm) on hand-made firmware tables,
 * without the host model: boot zones and blocks, hot-add checks, onlining
 * policies, zone span rules, memmap_on_memory accounting and removal.
 *
 *   pfn 0      4096            262112           1048576 (4 GiB)
 *   |DMA  |....DMA32...........|   hole ...     | hot-added DIMMs -> Normal / Movable
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "memhp/mm.h"
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

static void valid_zones_is(struct kernel *k, unsigned long id, const char *want)
{
	char buf[64];

	assert_int_equal(memory_block_valid_zones(k, id, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
}

static void test_boot_zones_and_blocks(void **state)
{
	struct kernel *k = boot(NULL);
	struct zone_info zi;

	(void)state;
	assert_int_equal(memory_block_size_bytes(k), 128 * MiB);
	assert_int_equal(zone_get_info(k, 0, ZONE_DMA, &zi), 0);
	assert_int_equal(zi.start_pfn, 1);
	assert_int_equal(zi.spanned, 4095);
	assert_int_equal(zi.present, 3998);
	assert_int_equal(zone_get_info(k, 0, ZONE_DMA32, &zi), 0);
	assert_int_equal(zi.start_pfn, 4096);
	assert_int_equal(zi.spanned, 258016);
	assert_int_equal(memory_block_next(k, 0), 0);
	assert_int_equal(memory_block_next(k, 8), -1);
	valid_zones_is(k, 0, "none");
	valid_zones_is(k, 1, "DMA32");
	/* mixed zones: EINVAL; holes at the end of block 7: EINVAL */
	assert_int_equal(memory_block_store_state(k, 0, MMOP_OFFLINE, NULL), -EINVAL);
	assert_int_equal(memory_block_store_state(k, 7, MMOP_OFFLINE, NULL), -EINVAL);
	assert_int_equal(memory_block_store_state(k, 3, MMOP_ONLINE, NULL), -EINVAL);
	assert_int_equal(memory_block_store_online(k, 3, true, NULL), 0);
	/* a boot block of free and movable pages goes offline; DMA32 keeps its span */
	assert_int_equal(memory_block_store_state(k, 3, MMOP_OFFLINE, NULL), 0);
	valid_zones_is(k, 3, "DMA32 Movable");
	assert_int_equal(zone_get_info(k, 0, ZONE_DMA32, &zi), 0);
	assert_int_equal(zi.spanned, 258016);
	assert_int_equal(zi.present, 258016 - 32768);
	assert_int_equal(memory_block_store_state(k, 3, MMOP_ONLINE, NULL), 0);
	valid_zones_is(k, 3, "DMA32");
	assert_int_equal(node_mask_get(k, NODE_MASK_HAS_NORMAL_MEMORY), 1);
	kernel_free(k);
}

static void test_hot_add_checks(void **state)
{
	struct kernel *k = boot(NULL);
	struct memhp_err err = { 0 };

	(void)state;
	assert_int_equal(add_memory(k, 0, 4 * GiB + 2 * MiB, 128 * MiB, 0, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "unaligned hotplug range"));
	/* an empty range fails the pluggable-range check first */
	assert_int_equal(add_memory(k, 0, 4 * GiB, 0, 0, NULL), -E2BIG);
	/* boot RAM is busy in /proc/iomem */
	assert_int_equal(add_memory(k, 0, 512 * MiB, 128 * MiB, 0, NULL), -EEXIST);
	assert_int_equal(add_memory(k, 5, 4 * GiB, 128 * MiB, 0, NULL), -EINVAL);
	assert_int_equal(memory_block_next(k, 8), -1);
	assert_int_equal(add_memory(k, 0, 4 * GiB, GiB, 0, NULL), 0);
	assert_int_equal(memory_block_next(k, 8), 32);
	assert_int_equal(add_memory(k, 0, 4 * GiB, 128 * MiB, 0, NULL), -EEXIST);
	valid_zones_is(k, 32, "Normal Movable");
	kernel_free(k);
}

static void test_contig_zones_and_spans(void **state)
{
	struct kernel *k = boot(NULL);
	struct zone_info zi;

	(void)state;
	assert_int_equal(add_memory(k, 0, 4 * GiB, GiB, 0, NULL), 0);
	assert_int_equal(memory_block_store_state(k, 32, MMOP_ONLINE_MOVABLE, NULL), 0);
	assert_int_equal(memory_block_store_state(k, 34, MMOP_ONLINE_MOVABLE, NULL), 0);
	/* block 33 lies inside the Movable span: default Movable */
	valid_zones_is(k, 33, "Movable Normal");
	/* block 35 is past the span: default Normal */
	valid_zones_is(k, 35, "Normal Movable");
	assert_int_equal(memory_block_store_state(k, 33, MMOP_ONLINE_MOVABLE, NULL), 0);
	/* offline in the middle keeps the span */
	assert_int_equal(memory_block_store_state(k, 33, MMOP_OFFLINE, NULL), 0);
	assert_int_equal(zone_get_info(k, 0, ZONE_MOVABLE, &zi), 0);
	assert_int_equal(zi.start_pfn, 1048576);
	assert_int_equal(zi.spanned, 3 * 32768);
	assert_int_equal(zi.present, 2 * 32768);
	/* offline at the end shrinks past the offline hole */
	assert_int_equal(memory_block_store_state(k, 34, MMOP_OFFLINE, NULL), 0);
	assert_int_equal(zone_get_info(k, 0, ZONE_MOVABLE, &zi), 0);
	assert_int_equal(zi.spanned, 32768);
	assert_int_equal(memory_block_store_state(k, 32, MMOP_OFFLINE, NULL), 0);
	assert_int_equal(zone_get_info(k, 0, ZONE_MOVABLE, &zi), 0);
	assert_int_equal(zi.spanned, 0);
	kernel_free(k);
}

static void test_movable_node(void **state)
{
	struct kernel *k = boot("movable_node");

	(void)state;
	assert_int_equal(add_memory(k, 0, 4 * GiB, 256 * MiB, 0, NULL), 0);
	valid_zones_is(k, 32, "Movable Normal");
	assert_int_equal(memory_block_store_online(k, 32, true, NULL), 0);
	valid_zones_is(k, 32, "Movable");
	assert_int_equal(node_mask_get(k, NODE_MASK_HAS_MEMORY), 1);
	kernel_free(k);
}

static void test_memmap_on_memory(void **state)
{
	struct kernel *k = boot("memory_hotplug.memmap_on_memory=1");
	struct zone_info zi;
	uint64_t total = totalram_pages(k);

	(void)state;
	/* 6.1: only single-block adds host their memmap */
	assert_true(mhp_supports_memmap_on_memory(k, 128 * MiB));
	assert_false(mhp_supports_memmap_on_memory(k, 256 * MiB));
	assert_int_equal(add_memory(k, 0, 4 * GiB, 128 * MiB, MHP_MEMMAP_ON_MEMORY, NULL), 0);
	assert_int_equal(add_memory(k, 0, 4 * GiB + 128 * MiB, 256 * MiB, MHP_MEMMAP_ON_MEMORY, NULL), -EINVAL);
	assert_int_equal(memory_block_store_state(k, 32, MMOP_ONLINE_MOVABLE, NULL), 0);
	assert_int_equal(zone_get_info(k, 0, ZONE_MOVABLE, &zi), 0);
	assert_int_equal(zi.present, 32768);
	assert_int_equal(zi.managed, 32768 - 512);
	assert_int_equal(totalram_pages(k), total + 32768 - 512);
	/* removal needs every block offline */
	assert_int_equal(remove_memory(k, 4 * GiB, 128 * MiB, NULL), -EBUSY);
	assert_int_equal(memory_block_store_state(k, 32, MMOP_OFFLINE, NULL), 0);
	assert_int_equal(zone_get_info(k, 0, ZONE_MOVABLE, &zi), 0);
	assert_int_equal(zi.spanned, 0);
	assert_int_equal(remove_memory(k, 4 * GiB, 128 * MiB, NULL), 0);
	assert_int_equal(memory_block_next(k, 8), -1);
	assert_int_equal(totalram_pages(k), total);
	kernel_free(k);
}

static void test_kernel_memmap_pins_normal_block(void **state)
{
	struct kernel *k = boot(NULL);

	(void)state;
	assert_int_equal(add_memory(k, 0, 4 * GiB, 128 * MiB, 0, NULL), 0);
	assert_int_equal(memory_block_store_state(k, 32, MMOP_ONLINE_KERNEL, NULL), 0);
	assert_int_equal(add_memory(k, 0, 4 * GiB + 128 * MiB, 128 * MiB, 0, NULL), 0);
	/* the second range's memmap sits in block 32 */
	assert_int_equal(memory_block_store_state(k, 32, MMOP_OFFLINE, NULL), -EBUSY);
	assert_int_equal(remove_memory(k, 4 * GiB + 128 * MiB, 128 * MiB, NULL), 0);
	assert_int_equal(memory_block_store_state(k, 32, MMOP_OFFLINE, NULL), 0);
	kernel_free(k);
}

static void test_auto_movable(void **state)
{
	/* 1 GiB of boot kernel memory, ratio 100: about 1 GiB may go Movable */
	struct kernel *k = boot("memory_hotplug.online_policy=auto-movable memory_hotplug.auto_movable_ratio=100 memhp_default_state=online");
	struct memory_group *g1, *g2;

	(void)state;
	assert_int_equal(memory_group_register(k, 0, false, (512 * MiB) >> 12, &g1), 0);
	assert_int_equal(add_memory(k, g1->id, 4 * GiB, 512 * MiB, MHP_NID_IS_MGID, NULL), 0);
	valid_zones_is(k, 32, "Movable");
	valid_zones_is(k, 35, "Movable");
	assert_int_equal(memory_group_register(k, 0, false, (GiB) >> 12, &g2), 0);
	assert_int_equal(add_memory(k, g2->id, 5 * GiB, GiB, MHP_NID_IS_MGID, NULL), 0);
	valid_zones_is(k, 40, "Normal");
	valid_zones_is(k, 47, "Normal");
	assert_int_equal(memory_group_unregister(k, g2), -EBUSY);
	kernel_free(k);
}

/* movablecore=, kernelcore= and mem= at boot (find_zone_movable_pfns_for_nodes(), parse_memopt()) */
static void test_boot_zone_movable(void **state)
{
	struct kernel *k;
	struct zone_info zi;
	struct memhp_err err = { 0 };

	(void)state;
	/* 1 GiB is 158 + 261856 pages; movablecore=256M leaves the kernel 262014 - 65536 */
	k = boot("movablecore=256M");
	assert_int_equal(zone_get_info(k, 0, ZONE_MOVABLE, &zi), 0);
	/* 158 + 3840 of it below DMA32's start, the rest from pfn 4096 up: 196576, rounded up to 1024 pages */
	assert_int_equal(zi.start_pfn, 196608);
	assert_int_equal(zi.spanned, 262112 - 196608);
	assert_int_equal(zone_get_info(k, 0, ZONE_DMA32, &zi), 0);
	assert_int_equal(zi.spanned, 196608 - 4096);
	valid_zones_is(k, 5, "DMA32");
	valid_zones_is(k, 6, "Movable");
	/*
	 * offline, Movable's first boot block leaves both spans, so it may go
	 * to Normal too and plain online picks Normal, the default kernel zone
	 */
	assert_int_equal(memory_block_store_state(k, 7, MMOP_OFFLINE, NULL), -EINVAL);	/* holes at its end */
	assert_int_equal(memory_block_store_online(k, 6, false, NULL), 0);
	valid_zones_is(k, 6, "Normal Movable");
	assert_int_equal(memory_block_store_state(k, 6, MMOP_ONLINE, NULL), 0);
	valid_zones_is(k, 6, "Normal");
	kernel_free(k);

	/* kernelcore larger than memory, movablecore=100%, movable_node: no ZONE_MOVABLE */
	const char *none[] = { "kernelcore=2G", "movablecore=100%", "movable_node movablecore=512M",
			       "kernelcore=mirror", "movablecore=0" };
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		k = boot(none[i]);
		assert_int_equal(zone_get_info(k, 0, ZONE_MOVABLE, &zi), 0);
		assert_int_equal(zi.spanned, 0);
		kernel_free(k);
	}
	/* kernelcore=50% (131007 pages) is more than movablecore=900M leaves: the larger wins */
	k = boot("kernelcore=50% movablecore=900M");
	assert_int_equal(zone_get_info(k, 0, ZONE_MOVABLE, &zi), 0);
	assert_int_equal(zi.start_pfn, 132096);

	/* mem=768M: RAM above is gone from the kernel's e820 and from the zones */
	kernel_free(k);
	k = boot("mem=768M");
	assert_int_equal(zone_get_info(k, 0, ZONE_DMA32, &zi), 0);
	assert_int_equal(zi.spanned, 196608 - 4096);
	assert_int_equal(memory_block_next(k, 6), -1);
	/* while booting, hot-add above mem= is refused; once init runs the cap no longer applies */
	assert_int_equal(add_memory(k, 0, 4ULL << 30, 128 * MiB, 0, &err), -E2BIG);
	k->system_running = true;
	assert_int_equal(add_memory(k, 0, 4ULL << 30, 128 * MiB, 0, &err), 0);
	kernel_free(k);
	/* a bare memmap=nn limits RAM as mem= does; "exactmap" then @ rebuilds it */
	k = boot("memmap=512M");
	assert_int_equal(memory_block_next(k, 4), -1);
	kernel_free(k);
	k = boot("memmap=exactmap memmap=636K@4K,640M@1M");
	assert_int_equal(zone_get_info(k, 0, ZONE_DMA32, &zi), 0);
	assert_int_equal(zi.spanned, ((641ULL << 20) >> 12) - 4096);
	kernel_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_zones_and_blocks),
		cmocka_unit_test(test_hot_add_checks),
		cmocka_unit_test(test_contig_zones_and_spans),
		cmocka_unit_test(test_movable_node),
		cmocka_unit_test(test_memmap_on_memory),
		cmocka_unit_test(test_kernel_memmap_pins_normal_block),
		cmocka_unit_test(test_auto_movable),
		cmocka_unit_test(test_boot_zone_movable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
