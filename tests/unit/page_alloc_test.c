// SPDX-License-Identifier: MIT
/*
 * Unit tests of the page allocator (src/mm/page_alloc.c) and of what is
 * built on it: compact free state, buddy merging, migratetype fallback,
 * zone fallback and watermarks, isolation and migration on offline, and
 * alloc_contig_range().  The model's invariants (page_alloc_check()) are
 * checked after every step that changes the allocator.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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
	page_alloc_check(k);
	return k;
}

static struct zone *zone(struct kernel *k, int zid)
{
	return &NODE_DATA(k, 0)->node_zones[zid];
}

/* a whole zone of free memory is a handful of runs and pageblock records */
static void test_free_memory_is_compact(void **state)
{
	struct kernel *k = boot("memory_hotplug.memmap_on_memory=1");
	uint64_t records = k->pa.nr_pageblocks;

	(void)state;
	assert_true(zone(k, ZONE_DMA32)->nr_runs <= 4);
	assert_true(records < 64);
	/* 8 GiB onlined as Movable (memmap_on_memory): per block, one run and the free pageblock next to its memmap */
	for (unsigned long id = 32; id < 96; id++) {
		assert_int_equal(add_memory(k, 0, id * 128 * MiB, 128 * MiB, MHP_MEMMAP_ON_MEMORY, NULL), 0);
		assert_int_equal(memory_block_store_state(k, id, MMOP_ONLINE_MOVABLE, NULL), 0);
	}
	assert_int_equal(zone(k, ZONE_MOVABLE)->nr_runs, 64);	/* the memmap pages split it per block */
	assert_int_equal(zone(k, ZONE_MOVABLE)->nr_free_pages, 64 * (32768 - 512));
	assert_int_equal(k->pa.nr_pageblocks, records + 64);
	page_alloc_check(k);
	kernel_free(k);
}

/* an order-0 page and its buddies merge back into the run they came from */
static void test_alloc_free_merges_back(void **state)
{
	struct kernel *k = boot(NULL);
	int owner = page_owner_new(k, "t", true, true);
	uint64_t before = zone_free_pages(zone(k, ZONE_DMA32)), records = k->pa.nr_pageblocks, pfn[100];

	(void)state;
	drain_all_pages(k);
	before = zone_free_pages(zone(k, ZONE_DMA32));
	records = k->pa.nr_pageblocks;
	for (int i = 0; i < 100; i++) {
		assert_int_equal(alloc_pages_node(k, 0, GFP_HIGHUSER_MOVABLE, 0, owner, &pfn[i]), 0);
		assert_int_equal(page_zonenum(k, pfn[i]), ZONE_DMA32);
		for (int j = 0; j < i; j++)
			assert_int_not_equal(pfn[i], pfn[j]);
	}
	assert_int_equal(zone_free_pages(zone(k, ZONE_DMA32)), before - 100);
	page_alloc_check(k);
	for (int i = 0; i < 100; i++)
		free_pages(k, pfn[i], 0);
	drain_all_pages(k);
	assert_int_equal(zone_free_pages(zone(k, ZONE_DMA32)), before);
	assert_int_equal(k->pa.nr_pageblocks, records);
	page_alloc_check(k);
	kernel_free(k);
}

/* an unmovable request in a zone of movable pageblocks steals a whole MAX_ORDER-1 block */
static void test_unmovable_steals_whole_block(void **state)
{
	struct kernel *k = boot("memhp_default_state=online_kernel");
	int owner = page_owner_new(k, "t", false, true);
	uint64_t pfn;

	(void)state;
	assert_int_equal(add_memory(k, 0, 4 * GiB, 128 * MiB, 0, NULL), 0);
	assert_int_equal(zone(k, ZONE_NORMAL)->free_area[MAX_ORDER - 2].nr_free[MIGRATE_UNMOVABLE], 0);
	assert_int_equal(alloc_pages_node(k, 0, GFP_KERNEL, PAGEBLOCK_ORDER, owner, &pfn), 0);
	/* from Normal (the preferred zone), its first block; the other half waits on the unmovable list */
	assert_int_equal(pfn, 1048576);
	assert_int_equal(zone(k, ZONE_NORMAL)->free_area[MAX_ORDER - 2].nr_free[MIGRATE_UNMOVABLE], 1);
	/* the next unmovable order-9 request takes that half */
	assert_int_equal(alloc_pages_node(k, 0, GFP_KERNEL, PAGEBLOCK_ORDER, owner, &pfn), 0);
	assert_int_equal(pfn, 1048576 + 512);
	/* and the block cannot be offlined */
	assert_int_equal(memory_block_store_state(k, 32, MMOP_OFFLINE, NULL), -EBUSY);
	page_owner_free_all(k, owner);
	assert_int_equal(memory_block_store_state(k, 32, MMOP_OFFLINE, NULL), 0);
	page_alloc_check(k);
	kernel_free(k);
}

/* process memory prefers ZONE_MOVABLE; the kernel's never goes there */
static void test_zone_fallback(void **state)
{
	struct kernel *k = boot("memhp_default_state=online_movable");
	int kern = page_owner_new(k, "k", false, true);
	uint64_t pfn;

	(void)state;
	assert_int_equal(add_memory(k, 0, 4 * GiB, 256 * MiB, 0, NULL), 0);
	assert_int_equal(alloc_pages_node(k, 0, GFP_HIGHUSER_MOVABLE, 0, kern, &pfn), 0);
	assert_int_equal(page_zonenum(k, pfn), ZONE_MOVABLE);
	free_pages(k, pfn, 0);
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(alloc_pages_node(k, 0, GFP_KERNEL, 0, kern, &pfn), 0);
		assert_int_not_equal(page_zonenum(k, pfn), ZONE_MOVABLE);
	}
	/* 200 MiB of process memory: all of it in Movable, down to its low watermark at most */
	assert_int_equal(process_alloc(k, "p", 200 * MiB, NULL), 0);
	assert_true(zone(k, ZONE_MOVABLE)->nr_alloc_pages >= 51200);
	/* more than Movable holds: the rest falls back to DMA32 */
	assert_int_equal(process_alloc(k, "q", 100 * MiB, NULL), 0);
	assert_true(zone(k, ZONE_MOVABLE)->nr_free_pages >= zone(k, ZONE_MOVABLE)->watermark[WMARK_MIN]);
	assert_true(zone(k, ZONE_DMA32)->nr_alloc_pages > 25600 - (zone(k, ZONE_MOVABLE)->managed_pages - 51200));
	page_alloc_check(k);
	kernel_free(k);
}

/* offlining migrates a process's pages and keeps them all */
static void test_offline_migrates(void **state)
{
	struct kernel *k = boot("memhp_default_state=online_movable");
	int owner;
	uint64_t pages;

	(void)state;
	assert_int_equal(add_memory(k, 0, 4 * GiB, 512 * MiB, 0, NULL), 0);
	assert_int_equal(process_alloc(k, "p", 300 * MiB, NULL), 0);
	owner = page_owner_find(k, "anon:p");
	pages = k->pa.owners[owner].nr_pages;
	assert_int_equal(pages, 76800);
	for (unsigned long id = 32; id < 36; id++)
		assert_int_equal(memory_block_store_state(k, id, MMOP_OFFLINE, NULL), 0);
	assert_int_equal(k->pa.owners[owner].nr_pages, pages);
	assert_int_equal(zone(k, ZONE_MOVABLE)->managed_pages, 0);
	assert_true(zone(k, ZONE_DMA32)->nr_alloc_pages >= pages);
	page_alloc_check(k);
	assert_int_equal(process_free(k, "p", NULL), 0);
	assert_int_equal(process_free(k, "p", NULL), -ENOENT);
	page_alloc_check(k);
	kernel_free(k);
}

/* with nowhere to migrate to, offlining reports the signal 6.1 waits for, and changes nothing */
static void test_offline_without_room(void **state)
{
	struct kernel *k = boot("memhp_default_state=online_movable");
	uint64_t free_movable, free_dma32;
	struct memhp_err err = { 0 };

	(void)state;
	assert_int_equal(add_memory(k, 0, 4 * GiB, 512 * MiB, 0, NULL), 0);
	assert_int_equal(process_alloc(k, "p", 480 * MiB, NULL), 0);
	assert_int_equal(process_alloc(k, "q", 800 * MiB, NULL), 0);
	drain_all_pages(k);
	free_movable = zone(k, ZONE_MOVABLE)->nr_free_pages;
	free_dma32 = zone(k, ZONE_DMA32)->nr_free_pages + zone(k, ZONE_DMA)->nr_free_pages;
	assert_int_equal(memory_block_store_state(k, 32, MMOP_OFFLINE, &err), -EINTR);
	assert_non_null(strstr(err.msg, "signal"));
	assert_int_equal(find_memory_block_by_id(k, 32)->state, MEM_ONLINE);
	page_alloc_check(k);
	/* pages moved or stayed, none was lost */
	drain_all_pages(k);
	assert_int_equal(zone(k, ZONE_MOVABLE)->nr_free_pages + zone(k, ZONE_DMA32)->nr_free_pages +
			 zone(k, ZONE_DMA)->nr_free_pages, free_movable + free_dma32);
	assert_int_equal(process_free(k, "q", NULL), 0);
	assert_int_equal(memory_block_store_state(k, 32, MMOP_OFFLINE, NULL), 0);
	page_alloc_check(k);
	kernel_free(k);
}

/* alloc_contig_range(): EBUSY on the kernel's pages, migration for a process's */
static void test_alloc_contig_range(void **state)
{
	struct kernel *k = boot("memhp_default_state=online_kernel");
	int kern = page_owner_new(k, "k", false, true), taker = page_owner_new(k, "c", false, false);
	uint64_t pfn, base = 1048576;

	(void)state;
	assert_int_equal(add_memory(k, 0, 4 * GiB, 128 * MiB, 0, NULL), 0);
	assert_int_equal(alloc_pages_node(k, 0, GFP_KERNEL, 0, kern, &pfn), 0);
	assert_int_equal(pfn, base);
	assert_int_equal(alloc_contig_range(k, base, 512, taker, NULL), -EBUSY);
	/* the next pageblock belongs to the same stolen block but is free */
	assert_int_equal(alloc_contig_range(k, base + 512, 512, taker, NULL), 0);
	assert_int_equal(process_alloc(k, "p", 64 * MiB, NULL), 0);
	assert_int_equal(alloc_contig_range(k, base + 8192, 8192, taker, NULL), 0);
	assert_int_equal(k->pa.owners[page_owner_find(k, "anon:p")].nr_pages, 16384);
	page_alloc_check(k);
	assert_int_equal(fake_offline_pages(k, base + 8192, 8192), 0);
	assert_int_equal(zone(k, ZONE_NORMAL)->managed_pages, 32768 - 8192);
	assert_int_equal(fake_online_pages(k, base + 8192, 8192), 0);
	assert_int_equal(zone(k, ZONE_NORMAL)->managed_pages, 32768);
	page_alloc_check(k);
	kernel_free(k);
}

/* watermarks as 6.1 computes them with THP on (recorded: -m 1G with a 1 GiB Movable DIMM) */
static void test_watermarks(void **state)
{
	struct kernel *k = boot("memhp_default_state=online_movable");

	(void)state;
	assert_int_equal(add_memory(k, 0, 4 * GiB, GiB, 0, NULL), 0);
	/* 11 pageblocks per populated kernel zone (DMA, DMA32): 45056 KiB */
	assert_int_equal(k->pa.min_free_kbytes, 45056);
	/* spread over every zone by managed pages, ZONE_MOVABLE included */
	assert_int_equal(zone(k, ZONE_MOVABLE)->watermark[WMARK_MIN],
			 11264ULL * 262144 / (zone(k, ZONE_DMA)->managed_pages + zone(k, ZONE_DMA32)->managed_pages + 262144));
	/* lowmem_reserve: DMA32 keeps Movable's managed / 256 from Movable requests */
	assert_int_equal(zone(k, ZONE_DMA32)->lowmem_reserve[ZONE_MOVABLE], 1024);
	kernel_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_memory_is_compact),
		cmocka_unit_test(test_alloc_free_merges_back),
		cmocka_unit_test(test_unmovable_steals_whole_block),
		cmocka_unit_test(test_zone_fallback),
		cmocka_unit_test(test_offline_migrates),
		cmocka_unit_test(test_offline_without_room),
		cmocka_unit_test(test_alloc_contig_range),
		cmocka_unit_test(test_watermarks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
