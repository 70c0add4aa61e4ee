// SPDX-License-Identifier: MIT
/*
 * Unit tests of the scenario runner as a user meets it: the transcript it
 * prints, the diagnostics on the side (file and line), and its exit status,
 * for steps that cannot apply and for the workload steps' sizes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scenario/scenario.h"

struct run {
	char *out, *diag;
	int status;
};

static struct run run_text(const char *text)
{
	struct run r = { 0 };
	size_t out_len = 0, diag_len = 0;
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	FILE *out = open_memstream(&r.out, &out_len);
	FILE *diag = open_memstream(&r.diag, &diag_len);

	assert_non_null(in);
	assert_non_null(out);
	assert_non_null(diag);
	r.status = scenario_run_stream(in, "t.scn", out, diag);
	fclose(in);
	fclose(out);
	fclose(diag);
	return r;
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->diag);
}

/* qemu and append after boot, and a second boot, change nothing and say so on the side */
static void test_steps_after_boot(void **state)
{
	struct run r = run_text("qemu -m 1G -smp 1\n"
				"boot\n"
				"append memhp_default_state=online\n"
				"qemu -m 2G\n"
				"boot\n"
				"read /sys/devices/system/memory/auto_online_blocks\n"
				"qmp {\"execute\":\"query-memory-size-summary\"}\n");

	(void)state;
	assert_int_equal(r.status, 0);
	/* the transcript is the reference runner's: qemu and append lines are not echoed */
	assert_non_null(strstr(r.out, "$ boot\nok\n$ boot\nerror already booted\n"
				      "$ read /sys/devices/system/memory/auto_online_blocks\noffline\n"));
	assert_null(strstr(r.out, "append"));
	assert_null(strstr(r.out, "$ qemu"));
	assert_non_null(strstr(r.out, "\"base-memory\":1073741824"));
	assert_non_null(strstr(r.diag, "t.scn:3: 'append' after boot has no effect"));
	assert_non_null(strstr(r.diag, "t.scn:4: 'qemu' after boot has no effect"));
	assert_non_null(strstr(r.diag, "t.scn:5: a second 'boot' has no effect"));
	run_free(&r);
}

/* before boot, qemu and append are taken without a word */
static void test_steps_before_boot_quiet(void **state)
{
	struct run r = run_text("qemu -m 1G\nappend movable_node\nqemu -smp 1\nboot\n");

	(void)state;
	assert_int_equal(r.status, 0);
	assert_string_equal(r.diag, "");
	run_free(&r);
}

/* sizes the agent parses but mmap refuses (recorded: workload-alloc-sizes) */
static void test_alloc_sizes(void **state)
{
	struct run r = run_text("qemu -m 1G -smp 1\nboot\n"
				"alloc c -1\n"
				"alloc d 0xfffffffffffff001\n"
				"alloc e 99999999999999999999999\n"
				"alloc f 0x4000000000000000K\n"
				"alloc g 0x400000000000001K\n"
				"free c\nfree d\nfree e\nfree g\n");

	(void)state;
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "$ alloc c -1\nerror ENOMEM\n"
				      "$ alloc d 0xfffffffffffff001\nerror ENOMEM\n"
				      "$ alloc e 99999999999999999999999\nerror ENOMEM\n"
				      "$ alloc f 0x4000000000000000K\nerror EINVAL\n"
				      "$ alloc g 0x400000000000001K\nok\n"
				      "$ free c\nerror ENOENT\n$ free d\nerror ENOENT\n$ free e\nerror ENOENT\n"
				      "$ free g\nok\n"));
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps_after_boot),
		cmocka_unit_test(test_steps_before_boot_quiet),
		cmocka_unit_test(test_alloc_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
