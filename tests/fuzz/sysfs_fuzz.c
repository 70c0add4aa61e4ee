// SPDX-License-Identifier: MIT
/*
 * Fuzz target for the sysfs/procfs write parsers and what they do to the
 * guest (src/sysfs/sysfs.c and the src/mm functions behind each store).
 * Every input boots a 1 GiB guest (-m 1G,slots=4,maxmem=8G) and hot-adds a
 * 512 MiB DIMM over QMP, so memory0-7 are boot blocks and memory32-35
 * hot-added ones.  The input is then a sequence of records:
 *
 *   byte P   the path: paths[P % (NR_PATHS + 1)]; the extra value means
 *            "a path of the input's own": byte N, then N bytes of path
 *   byte L   the length of the value
 *   L bytes  the value, written with one sysfs_write()
 *
 * After each write the same path and /proc/zoneinfo (part of the snapshot
 * below) are read and the model is checked (fuzz_check_model()).  A write
 * that fails must change nothing: a list of files (every block's
 * state/online/valid_zones, the /proc files, node masks, parameters) reads
 * byte-identical before and after it.  A write that succeeds must be
 * visible in what the file reads back.  EACCES must come only from a file
 * without a write bit, and a path that resolves must be canonical (each
 * component listed by its parent).  At the end, the whole tree is walked
 * (fuzz_check_tree()).
 *
 * Built with -DFUZZ_TARGET this is a libFuzzer target; otherwise main()
 * replays the files named on the command line (e.g. sysfs_files/).
 */
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
	static const char *const block_files[] = { "state", "online", "valid_zones" };
	char *buf = NULL, *text, path[96];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		fuzz_fail("sysfs_fuzz", "open_memstream failed");
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		ret = fuzz_read(k, fixed[i], &text);
		fprintf(f, "== %s %d\n%s", fixed[i], ret, text ? text : "");
		free(text);
	}
	for (long id = memory_block_next(k, 0); id >= 0; id = memory_block_next(k, (unsigned long)id + 1)) {
		for (size_t i = 0; i < sizeof(block_files) / sizeof(block_files[0]); i++) {
			snprintf(path, sizeof(path), MEM "memory%ld/%s", id, block_files[i]);
			ret = fuzz_read(k, path, &text);
			fprintf(f, "== %s %d\n%s", path, ret, text ? text : "");
			free(text);
		}
	}
	fclose(f);
	return buf;
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

/*
 * One record.  @state is the snapshot of the files before the write (reads
 * change nothing, so the snapshot after one write is the one before the
 * next); it is replaced by the snapshot after.
 */
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

static void one_write(struct kernel *k, const char *path, const uint8_t *val, size_t len, char **state)
{
	struct memhp_err err = { 0 };
	struct sysfs_stat st;
	char *before = *state, *after, *text, *value;
	int ret, lret;

	check_canonical(k, path);
	ret = sysfs_write(k, path, (const char *)val, len, &err);
	fuzz_log("write %s '%.*s' -> %d %s", path, (int)len, (const char *)val, ret, err.msg);
	fuzz_check_model(k);
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
	after = snapshot(k);
	if (ret && strcmp(before, after)) {
		fprintf(stderr, "sysfs_fuzz: failed write (%d: %s) to %s changed the state:\n", ret, err.msg, path);
		report_diff(before, after);
		fuzz_fail("sysfs_fuzz", "bad input changed something");
	}
	free(before);
	*state = after;
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
	fuzz_check_model(k);
}

static struct machine *boot(void)
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

/**
 * LLVMFuzzerTestOneInput() - Run one sequence of sysfs writes on a fresh guest.
 * @data: input bytes (records, see the top of the file).
 * @size: number of bytes.
 *
 * Return: always 0; a broken property aborts the process.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct machine *m = boot();
	struct kernel *k = machine_kernel(m);
	char custom[256], *state = snapshot(k);
	size_t pos = 0, n;
	const char *path;

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
		} else {
			path = paths[sel % (NR_PATHS + 1)];
		}
		n = pos < size ? data[pos++] : 0;
		if (n > size - pos)
			n = size - pos;
		one_write(k, path, data + pos, n, &state);
		pos += n;
	}
	free(state);
	fuzz_check_tree(k);
	machine_free(m);
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
