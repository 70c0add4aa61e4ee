// SPDX-License-Identifier: MIT
/*
 * Fuzz target for the sysfs/procfs write parsers and what they do to the
 * guest (src/sysfs, src/procfs and the src/mm functions behind each store).
 * Every input starts from a 1 GiB guest (-m 1G,slots=4,maxmem=8G) with a
 * hot-added 512 MiB DIMM, so memory0-7 are boot blocks and memory32-35
 * hot-added ones: booted once, reset for each input by restoring its
 * snapshot (snapshot.h; the reset is checked against a fresh boot on the
 * first inputs and one in 64 after).  The input is then a sequence of records:
 *
 *   byte P   the path: paths[P % (NR_PATHS + 1)]; the extra value means
 *            "a path of the input's own": byte N, then N bytes of path
 *   byte L   the length of the value
 *   L bytes  the value, written with one sysfs_write()
 *
 * After each write the same path and /proc/zoneinfo (part of the snapshot
 * below) are read and what the guest shows is checked (fuzz_check_views();
 * the library checks its own invariants after every change).  A write
 * that fails must change nothing: a list of files (every block's
 * state/online/valid_zones, the /proc files, node masks, parameters) reads
 * byte-identical before and after it.  A write that succeeds must be
 * visible in what the file reads back.  EACCES must come only from a file
 * without a write bit, and a path that resolves must be canonical (each
 * component listed by its parent).  At the end the whole model is checked
 * (fuzz_check_model()) and, on the first 16 inputs and one in 8 after
 * (every input in replay), the whole tree is walked (fuzz_check_tree()).
 *
 * Built with -DFUZZ_TARGET this is a libFuzzer target; otherwise main()
 * replays the files named on the command line (e.g. sysfs_files/).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "lib/json.h"
#include "lib/strparse.h"
#include "memhp/machine.h"
#include "memhp/mm.h"
#include "memhp/sysfs.h"
#include "mm/internal.h"
#include "snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MEM "/sys/devices/system/memory/"
#define NODE "/sys/devices/system/node/"
#define PARAM "/sys/module/memory_hotplug/parameters/"
#define ACPI "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/"
#define BLOCK(n) MEM "memory" #n "/state", MEM "memory" #n "/online"

static const char *const paths[] = {
	MEM "block_size_bytes",
	MEM "auto_online_blocks",
	BLOCK(0), BLOCK(1), BLOCK(7), BLOCK(32), BLOCK(33), BLOCK(34), BLOCK(35), BLOCK(99),
	MEM "memory32/valid_zones",
	MEM "memory33/phys_index",
	MEM "memory34/removable",
	MEM "memory35/uevent",
	MEM "soft_offline_page",
	MEM "hard_offline_page",
	MEM "uevent",
	PARAM "online_policy",
	PARAM "auto_movable_ratio",
	PARAM "auto_movable_numa_aware",
	PARAM "memmap_on_memory",
	NODE "possible",
	NODE "online",
	NODE "has_memory",
	NODE "has_normal_memory",
	NODE "has_cpu",
	NODE "has_generic_initiator",
	NODE "node0/meminfo",
	NODE "node0/compact",
	NODE "node0/cpulist",
	NODE "node0/memory32",
	NODE "node1/meminfo",
	"/proc/iomem",
	"/proc/meminfo",
	"/proc/zoneinfo",
	ACPI "PNP0C80:00/eject",
	ACPI "PNP0C80:01/eject",
	ACPI "PNP0C80:00/status",
	ACPI "PNP0C80:00/uevent",
	"/sys/bus/memory/drivers_autoprobe",
	"/sys/bus/memory/drivers_probe",
	"/sys/firmware/memmap/0/start",
	NODE "node0/hugepages/hugepages-2048kB/nr_hugepages",
	MEM "power/control",
	MEM "memory32/power/autosuspend_delay_ms",
	/* bogus ones */
	"/",
	"",
	"/sys/devices/system/memory",
	MEM "memory00/state",
	MEM "memory-1/state",
	MEM "memory4294967296/state",
	MEM "memory32/state/x",
	MEM "memory32/subsystem",
	"/sys/devices/system//memory/memory32///state",
	"sys/devices/system/memory/memory0/state",
	"/proc/../proc/meminfo",
};

#define NR_PATHS (sizeof(paths) / sizeof(paths[0]))

struct text {
	char *s;
	size_t len, cap;
};

static void text_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_printf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			fuzz_fail("sysfs_fuzz", "vsnprintf failed");
		if (t->s && t->len + (size_t)n < t->cap)
			break;
		t->cap = 2 * (t->len + (size_t)n + 1) + 4096;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			fuzz_fail("sysfs_fuzz", "out of memory");
	}
	t->len += (size_t)n;
}

/* The files whose content a failed write must leave alone, as one string. */
static char *snapshot(struct kernel *k)
{
	static const char *const fixed[] = {
		MEM "auto_online_blocks",
		PARAM "online_policy",
		PARAM "auto_movable_ratio",
		PARAM "auto_movable_numa_aware",
		NODE "possible",
		NODE "online",
		NODE "has_memory",
		NODE "has_normal_memory",
		NODE "has_cpu",
		NODE "node0/meminfo",
		"/proc/iomem",
		"/proc/meminfo",
		"/proc/zoneinfo",
	};
	struct memory_block_info info;
	struct text t = { 0 };
	char *text, vz[128];
	int ret;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		ret = fuzz_read(k, fixed[i], &text);
		text_printf(&t, "== %s %d\n%s", fixed[i], ret, text ? text : "");
		free(text);
	}
	/* the blocks' state, online and valid_zones files show these (read through the API: the
	 * files' formats are the tree walk's business, and a path walk per file costs) */
	for (long id = memory_block_next(k, 0); id >= 0; id = memory_block_next(k, (unsigned long)id + 1)) {
		ret = memory_block_get_info(k, (unsigned long)id, &info);
		ret = ret ? ret : memory_block_valid_zones(k, (unsigned long)id, vz, sizeof(vz));
		text_printf(&t, "== memory%ld %d online=%d going_offline=%d nid=%d valid_zones=%s\n", id, ret,
			    info.online, info.going_offline, info.nid, ret ? "" : vz);
	}
	return t.s;
}

/* The lines of two snapshots that differ, for the failure message. */
static void report_diff(const char *a, const char *b)
{
	while (*a || *b) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");

		if (la != lb || memcmp(a, b, la))
			fprintf(stderr, "  before: %.*s\n  after:  %.*s\n", (int)la, a, (int)lb, b);
		a += la + (a[la] == '\n');
		b += lb + (b[lb] == '\n');
	}
}

static int word_index(const char *s, const char *const *words, int n)
{
	for (int i = 0; i < n; i++)
		if (sysfs_streq(s, words[i]))
			return i;
	return -1;
}

static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void expect_content(struct kernel *k, const char *path, const char *want)
{
	char *text;
	int ret = fuzz_read(k, path, &text);

	if (ret || strcmp(text, want))
		fuzz_fail("sysfs_fuzz", "after a successful write, %s reads '%s' (%d), expected '%s'", path,
			  text ? text : "", ret, want);
	free(text);
}

/* A successful write of @value (NUL-terminated as store() sees it) to @path shows. */
static void check_effect(struct kernel *k, const char *path, const char *value)
{
	const char *name = file_name(path);
	char want[64];
	bool b;
	int t;

	if (!strncmp(path, MEM "memory", strlen(MEM "memory")) && !strcmp(name, "state")) {
		t = word_index(value, mmop_names, MMOP_COUNT);
		if (t < 0)
			fuzz_fail("sysfs_fuzz", "%s accepted '%s'", path, value);
		expect_content(k, path, t == MMOP_OFFLINE ? "offline\n" : "online\n");
	} else if (!strncmp(path, MEM "memory", strlen(MEM "memory")) && !strcmp(name, "online")) {
		if (kstrtobool(value, &b))
			fuzz_fail("sysfs_fuzz", "%s accepted '%s'", path, value);
		expect_content(k, path, b ? "1\n" : "0\n");
	} else if (!strcmp(path, MEM "auto_online_blocks")) {
		t = word_index(value, mmop_names, MMOP_COUNT);
		if (t < 0)
			fuzz_fail("sysfs_fuzz", "%s accepted '%s'", path, value);
		snprintf(want, sizeof(want), "%s\n", mmop_names[t]);
		expect_content(k, path, want);
	} else if (!strcmp(path, PARAM "online_policy")) {
		t = word_index(value, online_policy_names, ONLINE_POLICY_COUNT);
		if (t < 0)
			fuzz_fail("sysfs_fuzz", "%s accepted '%s'", path, value);
		snprintf(want, sizeof(want), "%s\n", online_policy_names[t]);
		expect_content(k, path, want);
	} else if (!strcmp(path, PARAM "auto_movable_numa_aware")) {
		if (kstrtobool(value, &b))
			fuzz_fail("sysfs_fuzz", "%s accepted '%s'", path, value);
		expect_content(k, path, b ? "Y\n" : "N\n");
	} else if (!strcmp(path, PARAM "auto_movable_ratio")) {
		unsigned int u;

		if (kstrtouint(value, 0, &u))
			fuzz_fail("sysfs_fuzz", "%s accepted '%s'", path, value);
		snprintf(want, sizeof(want), "%u\n", u);
		expect_content(k, path, want);
	}
}

struct find_ctx {
	const char *name;
	enum sysfs_kind kind;
	bool found;
};

static void find_entry(void *opaque, const char *name, enum sysfs_kind kind)
{
	struct find_ctx *c = opaque;

	if (!strcmp(name, c->name) && kind == c->kind)
		c->found = true;
}

/*
 * A path that resolves is canonical: each of its components is listed, with
 * the kind lookup gives, by the directory above it (empty components, as in
 * "a//b", are skipped as the VFS does).
 */
static void check_canonical(struct kernel *k, const char *path)
{
	char dir[512], comp[256];
	const char *p = path, *end;
	struct sysfs_stat st;
	struct find_ctx c;

	if (sysfs_lookup(k, path, &st) || strlen(path) >= sizeof(dir))
		return;
	strcpy(dir, "/");
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		snprintf(comp, sizeof(comp), "%.*s", (int)(end - p), p);
		snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "%s%s", strcmp(dir, "/") ? "/" : "", comp);
		if (sysfs_lookup(k, dir, &st))
			fuzz_fail("sysfs_fuzz", "%s resolves but %s does not", path, dir);
		c = (struct find_ctx){ .name = comp, .kind = st.kind };
		*strrchr(dir, '/') = 0;
		if (sysfs_readdir(k, *dir ? dir : "/", find_entry, &c))
			fuzz_fail("sysfs_fuzz", "%s resolves but %s is not a directory", path, *dir ? dir : "/");
		/* sysfs_files/sysfs-acpi-name-alias.bin: "PNP0C80:-0" once found PNP0C80:00 */
		if (!c.found)
			fuzz_fail("sysfs_fuzz", "%s resolves, but '%s' is not listed in %s", path, comp,
				  *dir ? dir : "/");
		snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/%s", comp);
		p = end;
	}
}

/*
 * One record.  A failed write must change nothing: the arena's bytes are
 * compared with a mark taken before it, and only when they differ (a
 * rollback may leave the allocator's lists in another order) are the files
 * that show the state compared, before (the mark swapped in) and after.
 */
static void one_write(struct kernel *k, const char *path, const uint8_t *val, size_t len,
		      struct fuzz_mark *mark, bool canonical)
{
	struct memhp_err err = { 0 };
	struct sysfs_stat st;
	char *before, *after, *text, *value;
	int ret, lret;

	if (canonical)
		check_canonical(k, path);
	fuzz_mark_set(mark);
	ret = sysfs_write(k, path, (const char *)val, len, &err);
	fuzz_log("write %s '%.*s' -> %d %s", path, (int)len, (const char *)val, ret, err.msg);
	fuzz_check_views(k);
	if (ret > 0)
		fuzz_fail("sysfs_fuzz", "write %s returned %d", path, ret);
	lret = sysfs_lookup(k, path, &st);
	if (ret == -ENOENT && !lret && st.kind == SYSFS_FILE)
		fuzz_fail("sysfs_fuzz", "write %s: ENOENT, but lookup finds a file", path);
	if (!ret && lret)
		fuzz_fail("sysfs_fuzz", "write %s succeeded, but lookup fails (%d)", path, lret);
	if (!ret && st.kind != SYSFS_FILE)
		fuzz_fail("sysfs_fuzz", "write to %s (kind %d) succeeded", path, st.kind);
	if (!ret && !(st.mode & 0222))
		fuzz_fail("sysfs_fuzz", "write to read-only %s succeeded", path);
	/* sysfs_files/sysfs-eacces-on-writable.bin: writable files once said "read-only file" */
	if (ret == -EACCES && !lret && st.kind == SYSFS_FILE && (st.mode & 0222))
		fuzz_fail("sysfs_fuzz", "write to %s (mode %o) fails with EACCES: %s", path, st.mode, err.msg);
	if (ret && ret != -ENOMEM && err.errnum != ret && err.errnum)
		fuzz_fail("sysfs_fuzz", "write %s returned %d but its message says %d", path, ret, err.errnum);
	if (ret && !fuzz_mark_same(mark)) {
		after = snapshot(k);
		fuzz_mark_swap(mark);
		before = snapshot(k);
		fuzz_mark_swap(mark);
		if (strcmp(before, after)) {
			fprintf(stderr, "sysfs_fuzz: failed write (%d: %s) to %s changed the state:\n", ret, err.msg,
				path);
			report_diff(before, after);
			fuzz_fail("sysfs_fuzz", "bad input changed something");
		}
		free(before);
		free(after);
	}
	if (!ret && len) {
		/* store() sees the value up to its first NUL, at most 4096 bytes */
		value = strndup((const char *)val, len > 4096 ? 4096 : len);
		if (!value)
			fuzz_fail("sysfs_fuzz", "out of memory");
		check_effect(k, path, value);
		free(value);
	}
	fuzz_read(k, path, &text);
	free(text);
}

static struct machine *boot(const void *arg)
{
	static const char *const argv[] = { "-m", "1G,slots=4,maxmem=8G", "-smp", "1" };
	struct qmp_session s = { 0 };
	struct memhp_err err = { 0 };
	struct machine *m;

	if (machine_new(argv, 4, NULL, &m, &err))
		fuzz_fail("sysfs_fuzz", "boot failed: %s", err.msg);
	fuzz_drain_events(m);
	if (!fuzz_qmp(m, &s, "{\"execute\":\"qmp_capabilities\"}") ||
	    !fuzz_qmp(m, &s, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\","
			     "\"id\":\"mem1\",\"size\":536870912}}") ||
	    !fuzz_qmp(m, &s, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\","
			     "\"id\":\"dimm1\",\"memdev\":\"mem1\"}}"))
		fuzz_fail("sysfs_fuzz", "hot-adding the DIMM failed");
	if (memory_block_next(machine_kernel(m), 32) != 32 || memory_block_next(machine_kernel(m), 36) >= 0)
		fuzz_fail("sysfs_fuzz", "the DIMM did not give memory32-35");
	fuzz_check_model(machine_kernel(m));
	return m;
}

/* the machine every input starts from, its snapshot, and a fresh boot's fingerprint */
static struct machine *machine;
static struct fuzz_snapshot *booted;
static char *reference;
static unsigned long nr_inputs;

/**
 * LLVMFuzzerTestOneInput() - Run one sequence of sysfs writes on the booted guest.
 * @data: input bytes (records, see the top of the file).
 * @size: number of bytes.
 *
 * Return: always 0; a broken property aborts the process.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_mark mark;
	char custom[256];
	size_t pos = 0, n;
	const char *path;
	struct kernel *k;
	bool deep, custom_path;

	if (!booted)
		machine = fuzz_snapshot_boot(boot, NULL, &booted, &reference, "sysfs_fuzz: the first snapshot");
	deep = fuzz_deep_due(nr_inputs);
	fuzz_snapshot_reset(booted, machine, reference, nr_inputs++, "sysfs_fuzz");
	k = machine_kernel(machine);
	while (pos < size) {
		uint8_t sel = data[pos++];

		if (sel % (NR_PATHS + 1) == NR_PATHS) {
			n = pos < size ? data[pos++] : 0;
			if (n > size - pos)
				n = size - pos;
			memcpy(custom, data + pos, n);
			custom[n] = 0;
			pos += n;
			path = custom;
			custom_path = true;
		} else {
			path = paths[sel % (NR_PATHS + 1)];
			custom_path = false;
		}
		n = pos < size ? data[pos++] : 0;
		if (n > size - pos)
			n = size - pos;
		/* the fixed paths resolve alike in every input: their canonical check is a deep one */
		one_write(k, path, data + pos, n, &mark, custom_path || deep);
		pos += n;
	}
	fuzz_check_model(k);
	if (deep)
		fuzz_check_tree(k);
	fuzz_arena_set(false);
	return 0;
}

#ifndef FUZZ_TARGET
/**
 * main() - Replay corpus files through the fuzz target.
 * @argc: argument count.
 * @argv: paths of input files.
 *
 * Return: 0 if every file was read and checked, 1 if a file could not be read.
 */
int main(int argc, char **argv)
{
	return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput);
}
#endif
