// SPDX-License-Identifier: MIT
/*
 * Unit tests of ZONE_DEVICE mappings (src/mm/memremap.c) on legacy
 * persistent memory from memmap=SIZE!ADDR, with the numbers Linux 6.1 showed
 * in ../shared/oracle/golden/pmem-subsection.out and pmem-mixed-section.out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "memhp/machine.h"
#include "memhp/mm.h"
#include "mm/internal.h"

static struct machine *boot(const char *mem, const char *cmdline)
{
	const char *argv[] = { "-m", mem, "-smp", "1" };
	struct machine *m = NULL;

	assert_int_equal(machine_new(argv, 4, cmdline, &m, NULL), 0);
	return m;
}

static void zone_is(struct kernel *k, enum zone_type zt, uint64_t start, uint64_t spanned, uint64_t present)
{
	struct zone_info zi;

	assert_int_equal(zone_get_info(k, 0, zt, &zi), 0);
	if (spanned)
		assert_int_equal(zi.start_pfn, start);
	assert_int_equal(zi.spanned, spanned);
	assert_int_equal(zi.present, present);
}

static void test_subsection_pmem(void **state)
{
	struct machine *m = boot("4226M", "memmap=256M!0x110000000 memmap=130M!0x140000000");
	struct kernel *k = machine_kernel(m);
	uint64_t total = totalram_pages(k);

	(void)state;
	/* memmap= took the PMEM out of RAM: Normal spans 4G..5G with 768 MiB present */
	zone_is(k, ZONE_NORMAL, 1048576, 262144, 196608);
	zone_is(k, ZONE_DEVICE, 0, 0, 0);
	/* 130 MiB: one section and a 2 MiB sub-section */
	assert_int_equal(memremap_pages(k, 0x140000000ULL, 130ULL << 20, -1, NULL), 0);
	zone_is(k, ZONE_DEVICE, 0x140000, 33280, 0);
	assert_true(pfn_valid(k, 0x140000 + 33279));
	assert_false(pfn_valid(k, 0x140000 + 33280));
	assert_false(pfn_to_online_page(k, 0x140000));
	/* the span reaches from the first PMEM pfn to the last, RAM between */
	assert_int_equal(memremap_pages(k, 0x110000000ULL, 256ULL << 20, -1, NULL), 0);
	zone_is(k, ZONE_DEVICE, 0x110000, 229888, 0);
	assert_int_equal(totalram_pages(k), total);
	/* refusals: misaligned, System RAM, a conflicting mapping */
	assert_int_equal(memremap_pages(k, 0x150000000ULL, 1ULL << 20, -1, NULL), -EINVAL);
	assert_int_equal(memremap_pages(k, 0x100000000ULL, 2ULL << 20, -1, NULL), -ENXIO);
	assert_int_equal(memremap_pages(k, 0x110000000ULL, 2ULL << 20, -1, NULL), -ENOMEM);
	/* unmapping never shrinks the span */
	assert_int_equal(memunmap_pages(k, 0x140000000ULL, 130ULL << 20), 0);
	assert_false(pfn_valid(k, 0x140000));
	zone_is(k, ZONE_DEVICE, 0x110000, 229888, 0);
	assert_int_equal(memunmap_pages(k, 0x140000000ULL, 130ULL << 20), -ENOENT);
	/* and a mapping can come back */
	assert_int_equal(memremap_pages(k, 0x140000000ULL, 130ULL << 20, -1, NULL), 0);
	machine_free(m);
}

static void test_mixed_section(void **state)
{
	struct machine *m = boot("1G", "memmap=64M!0x34000000 memmap=63M!0x38100000");
	struct kernel *k = machine_kernel(m);
	struct memory_block_info bi;

	(void)state;
	/* boot RAM and PMEM share blocks 6 and 7: DMA32 spans the PMEM without counting it */
	zone_is(k, ZONE_DMA32, 4096, 258016, 225504);
	assert_int_equal(memory_block_get_info(k, 6, &bi), 0);
	assert_true(bi.online);
	assert_int_equal(memory_block_store_state(k, 6, MMOP_OFFLINE, NULL), -EINVAL);
	/* the aligned namespace goes to ZONE_DEVICE inside DMA32's span, in an early section */
	assert_int_equal(memremap_pages(k, 0x34000000ULL, 64ULL << 20, -1, NULL), 0);
	zone_is(k, ZONE_DEVICE, 0x34000, 16384, 0);
	assert_true(pfn_to_online_page(k, 0x33fff));
	assert_false(pfn_to_online_page(k, 0x34000));
	assert_int_equal(memory_block_get_info(k, 6, &bi), 0);
	assert_true(bi.online);
	/* 63 MiB from 1 MiB into a section is not sub-section aligned */
	assert_int_equal(memremap_pages(k, 0x38100000ULL, 63ULL << 20, -1, NULL), -EINVAL);
	assert_int_equal(memunmap_pages(k, 0x34000000ULL, 64ULL << 20), 0);
	assert_true(pfn_valid(k, 0x34000));	/* an early section: every pfn keeps its struct page */
	machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subsection_pmem),
		cmocka_unit_test(test_mixed_section),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
