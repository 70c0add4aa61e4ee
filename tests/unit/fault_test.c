// SPDX-License-Identifier: MIT
/*
 * Countdown fault injection (SQLite style): the Nth allocation fails, for
 * N = 1, 2, ... until a whole scenario runs without reaching the fault.
 * Every run must end cleanly: no crash, no sanitizer report, no leak (the
 * test build runs under LeakSanitizer), and the model's invariants hold
 * after every step (MEMHP_DEBUG).  The allocator is wrapped at link time
 * (-Wl,--wrap=...), so only memhp's own allocations are counted.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>

#include <cmocka.h>

#include "scenario/scenario.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static long countdown = -1;	/* -1: never fail */
static long faults;

static bool fail_now(void)
{
	if (countdown < 0)
		return false;
	if (countdown-- == 0) {
		faults++;
		return true;
	}
	return false;
}

void *__wrap_malloc(size_t size) { return fail_now() ? NULL : __real_malloc(size); }
void *__wrap_calloc(size_t n, size_t size) { return fail_now() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t size) { return fail_now() ? NULL : __real_realloc(p, size); }
char *__wrap_strdup(const char *s) { return fail_now() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { return fail_now() ? NULL : __real_strndup(s, n); }

/* hot-plug, online, offline, eject, QMP queries and sysfs reads on two nodes */
static const char scenario[] =
	"qemu -m 2G,slots=4,maxmem=8G -smp 2\n"
	"qemu -object memory-backend-ram,id=n0,size=1G -object memory-backend-ram,id=n1,size=1G\n"
	"qemu -numa node,nodeid=0,cpus=0,memdev=n0 -numa node,nodeid=1,cpus=1,memdev=n1\n"
	"append memhp_default_state=online_movable\n"
	"boot\n"
	"qmp {\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\",\"id\":\"m1\",\"size\":268435456}}\n"
	"qmp {\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d1\",\"memdev\":\"m1\",\"node\":1}}\n"
	"settle\n"
	"write /sys/devices/system/memory/auto_online_blocks offline\n"
	"qmp {\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\",\"id\":\"m2\",\"size\":134217728}}\n"
	"qmp {\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d2\",\"memdev\":\"m2\"}}\n"
	"settle\n"
	"write /sys/devices/system/memory/memory34/state online_kernel\n"
	"snapshot\n"
	"ls /sys/devices/system/node/node1\n"
	"read /sys/devices/system/memory/memory32/valid_zones\n"
	"qmp {\"execute\":\"query-memory-devices\"}\n"
	"qmp {\"execute\":\"device_del\",\"arguments\":{\"id\":\"d1\"}}\n"
	"settle\n"
	"events\n"
	"qmp {\"execute\":\"device_del\",\"arguments\":{\"id\":\"d2\"}}\n"
	"settle\n"
	"events\n"
	"snapshot\n";

/* the page allocator under load: processes, migration on offline, virtio-mem unplug, pins, kernel allocations */
static const char workload_scenario[] =
	"qemu -m 1G,slots=4,maxmem=8G -smp 1\n"
	"qemu -object memory-backend-ram,id=vmem0,size=1G -device virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=256M\n"
	"append memhp_default_state=online_kernel\n"
	"boot\n"
	"modprobe virtio_pci\n"
	"modprobe virtio_mem\n"
	"qmp {\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\",\"id\":\"m1\",\"size\":268435456}}\n"
	"qmp {\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d1\",\"memdev\":\"m1\"}}\n"
	"settle\n"
	"alloc a 40M\n"
	"model kalloc k 2M reclaimable\n"
	"write /sys/devices/system/memory/memory41/state offline\n"
	"qmp {\"execute\":\"qom-set\",\"arguments\":{\"path\":\"vm0\",\"property\":\"requested-size\",\"value\":100663296}}\n"
	"settle\n"
	"alloc b 30M\n"
	"model pin b\n"
	"write /sys/devices/system/memory/memory40/state offline\n"
	"free a\n"
	"model kfree k\n"
	"qmp {\"execute\":\"device_del\",\"arguments\":{\"id\":\"d1\"}}\n"
	"settle\n"
	"snapshot\n";

static const char *current_scenario = scenario;
static size_t current_len = sizeof(scenario) - 1;

static void run_once(void)
{
	FILE *in = fmemopen((void *)current_scenario, current_len, "r");
	FILE *out = fopen("/dev/null", "w");

	assert_non_null(in);
	assert_non_null(out);
	scenario_run_stream(in, "fault", out, NULL);
	fclose(in);
	fclose(out);
}

static void countdown_all(void)
{
	long n;

	for (n = 0; n < 100000; n++) {
		faults = 0;
		if (getenv("FAULT_TRACE"))
			fprintf(stderr, "fault at allocation %ld\n", n);
		countdown = n;
		run_once();
		countdown = -1;
		if (!faults)
			break;
	}
	printf("# %ld allocations fail in turn; the scenario then ran without a fault\n", n);
	assert_true(n > 10);
	assert_true(n < 100000);
}

static void test_countdown(void **state)
{
	(void)state;
	current_scenario = scenario;
	current_len = sizeof(scenario) - 1;
	countdown_all();
}

static void test_countdown_workload(void **state)
{
	(void)state;
	current_scenario = workload_scenario;
	current_len = sizeof(workload_scenario) - 1;
	countdown_all();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_countdown),
		cmocka_unit_test(test_countdown_workload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
