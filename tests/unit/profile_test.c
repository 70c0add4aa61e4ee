// SPDX-License-Identifier: MIT
/*
 * Unit tests of kernel profiles (src/mm/profile.c): --kernel's parser, the
 * features and build options each profile carries, and the behaviour they
 * switch where the kernel switches it (the default online type, the sysfs
 * files a version has, memmap_on_memory's parameter and per-block altmaps).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "memhp/machine.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "memhp/sysfs.h"
#include "mm/driver.h"

static struct machine *boot(const char *spec, const char *cmdline)
{
	static const char *const argv[] = { "-m", "1G,slots=4,maxmem=8G", "-smp", "1" };
	struct kernel_profile p;
	struct memhp_err err = { 0 };
	struct machine *m = NULL;

	assert_int_equal(kernel_profile_parse(spec, &p, &err), 0);
	assert_int_equal(machine_new_opts(argv, 4, cmdline, &(struct machine_opts){ .profile = &p }, &m, &err), 0);
	return m;
}

static char *read_file(struct machine *m, const char *path)
{
	char *buf = NULL;
	size_t len;

	if (sysfs_read(machine_kernel(m), path, &buf, &len))
		return NULL;
	return buf;
}

static void assert_reads(struct machine *m, const char *path, const char *want)
{
	char *got = read_file(m, path);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_parse(void **state)
{
	struct kernel_profile p = { 0 };
	struct memhp_err err = { 0 };

	assert_int_equal(kernel_profile_parse("6.1", &p, &err), 0);
	assert_string_equal(p.name, "6.1");
	assert_int_equal(p.config.default_online_type, MMOP_OFFLINE);
	assert_int_equal(kernel_profile_parse("6.12", &p, &err), 0);
	assert_string_equal(p.name, "6.12");
	assert_int_equal(p.config.default_online_type, MMOP_ONLINE);
	assert_int_equal(kernel_profile_parse("6.12,default_online_type=online_movable", &p, &err), 0);
	assert_int_equal(p.config.default_online_type, MMOP_ONLINE_MOVABLE);
	/* the last of an option given twice wins */
	assert_int_equal(kernel_profile_parse("6.1,default_online_type=online,default_online_type=offline", &p, &err), 0);
	assert_int_equal(p.config.default_online_type, MMOP_OFFLINE);

	/* bad specs: -EINVAL, a message, and @out untouched */
	p.name = "untouched";
	static const char *const bad[] = {
		"", "6", "6.1x", "6.12,", "6.12,,default_online_type=online", "6.12,frob=1",
		"6.12,default_online_type", "6.12,default_online_type=", "6.12,default_online_type=onlinex",
		",6.12",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memhp_err_clear(&err);
		assert_int_equal(kernel_profile_parse(bad[i], &p, &err), -EINVAL);
		assert_true(err.msg[0]);
		assert_string_equal(p.name, "untouched");
	}
}

static void test_features(void **state)
{
	struct machine *m61 = boot("6.1", NULL), *m612 = boot("6.12", NULL);

	assert_false(kernel_has(machine_kernel(m61), KF_CRASH_HOTPLUG));
	assert_true(kernel_has(machine_kernel(m612), KF_CRASH_HOTPLUG));
	assert_string_equal(kernel_profile_of(machine_kernel(m612))->name, "6.12");

	assert_null(read_file(m61, "/sys/devices/system/memory/crash_hotplug"));
	assert_reads(m612, "/sys/devices/system/memory/crash_hotplug", "0\n");
	assert_null(read_file(m61, "/sys/devices/system/node/node0/memory_failure/total"));
	assert_reads(m612, "/sys/devices/system/node/node0/memory_failure/recovered", "0\n");

	assert_reads(m61, "/sys/devices/system/memory/auto_online_blocks", "offline\n");
	assert_reads(m612, "/sys/devices/system/memory/auto_online_blocks", "online\n");
	machine_free(m61);
	machine_free(m612);

	/* the kernel parameter still overrides the build option */
	m612 = boot("6.12", "memhp_default_state=offline");
	assert_reads(m612, "/sys/devices/system/memory/auto_online_blocks", "offline\n");
	machine_free(m612);
	m61 = boot("6.1,default_online_type=online_kernel", NULL);
	assert_reads(m61, "/sys/devices/system/memory/auto_online_blocks", "online_kernel\n");
	machine_free(m61);
}

static void test_memmap_on_memory_param(void **state)
{
	static const struct {
		const char *kernel, *cmdline, *want;
	} cases[] = {
		{ "6.1", "memory_hotplug.memmap_on_memory=force", "N\n" },
		{ "6.12", "memory_hotplug.memmap_on_memory=force", "force\n" },
		{ "6.12", "memory_hotplug.memmap_on_memory=FORCE", "force\n" },
		{ "6.1", "memory_hotplug.memmap_on_memory=1", "Y\n" },
		{ "6.12", "memory_hotplug.memmap_on_memory=y", "Y\n" },
		{ "6.1", "memory_hotplug.memmap_on_memory", "Y\n" },
		/* 6.12's parameter needs a value */
		{ "6.12", "memory_hotplug.memmap_on_memory", "N\n" },
		{ "6.12", NULL, "N\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct machine *m = boot(cases[i].kernel, cases[i].cmdline);

		assert_reads(m, "/sys/module/memory_hotplug/parameters/memmap_on_memory", cases[i].want);
		machine_free(m);
	}
}

/* 6.1 takes the memmap from a hot-added range of one block only; 6.12 from each block of any add */
static void test_memmap_on_memory_per_block(void **state)
{
	for (int v = 0; v < 2; v++) {
		struct machine *m = boot(v ? "6.12,default_online_type=offline" : "6.1",
					 "memory_hotplug.memmap_on_memory=1");
		struct kernel *k = machine_kernel(m);
		uint64_t bs = memory_block_size_bytes(k), start = 8ULL << 30;
		struct memhp_err err = { 0 };
		char *before, *after;

		before = read_file(m, "/proc/meminfo");
		assert_int_equal(add_memory_driver_managed(k, 0, start, 4 * bs, "System RAM (test)",
							   MHP_MEMMAP_ON_MEMORY, &err),
				 v ? 0 : -EINVAL);
		if (v) {
			for (int i = 0; i < 4; i++) {
				char path[96];

				snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%llu/state",
					 (unsigned long long)(start / bs + i));
				assert_int_equal(sysfs_write(k, path, "online_movable", 14, &err), 0);
			}
			after = read_file(m, "/proc/meminfo");
			/* 4 blocks of 128 MiB, each less its 2 MiB memmap: 126 MiB * 4 */
			long long b = strtoll(strstr(before, "MemTotal:") + 9, NULL, 10);
			long long a = strtoll(strstr(after, "MemTotal:") + 9, NULL, 10);
			assert_int_equal(a - b, 4 * (126 << 10));
			free(after);
		}
		free(before);
		machine_free(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_memmap_on_memory_param),
		cmocka_unit_test(test_memmap_on_memory_per_block),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
