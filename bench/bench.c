// SPDX-License-Identifier: MIT
/*
 * memhp benchmark: prints figures, asserts nothing.
 *  - boot time and peak RSS of a model with 4 TiB and with 64 TiB of memory;
 *  - time to hot-add and online 1 TiB of DIMMs (QMP device_add, auto-online);
 *  - pfn -> memory block and pfn -> zone lookups per second;
 *  - plugging and unplugging 64 GiB through one virtio-mem device in 2 MiB
 *    sub-blocks, and the model's memory for it;
 *  - the page allocator: order-0 allocation+free pairs per second, the time
 *    to offline a 128 MiB block half full of a process's pages, and the
 *    bytes of allocator state per GiB of memory in use and not in use.
 *  - JSON: parsing an object of 64k keys (what one 1 MiB QMP request can
 *    hold) and of 16k keys: linear time shows as the same time per key.
 * Each measurement runs in a child process so its peak RSS is its own.  The
 * guest's measurements run once per kernel profile (all of them, or those
 * named by --kernel), so the profiles' figures sit side by side.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/json.h"
#include "memhp/machine.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "memhp/sysfs.h"
#include "mm/internal.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* the kernel profile the guest measurements run on */
static struct machine_opts bench_opts;

static struct machine *boot_or_die(const char *const *argv, int argc, const char *cmdline)
{
	struct memhp_err err = { 0 };
	struct machine *m = NULL;

	if (machine_new_opts(argv, argc, cmdline, &bench_opts, &m, &err)) {
		fprintf(stderr, "boot failed: %s\n", err.msg);
		exit(1);
	}
	return m;
}

static void bench_boot(const char *label, const char *mem, const char *cpu)
{
	const char *argv[] = { "-m", mem, "-cpu", cpu, "-smp", "1" };
	double t0 = now_s();
	struct machine *m = boot_or_die(argv, 6, NULL);
	double t1 = now_s();
	struct kernel *k = machine_kernel(m);
	long blocks = 0;

	for (long id = memory_block_next(k, 0); id >= 0; id = memory_block_next(k, (unsigned long)id + 1))
		blocks++;
	printf("boot %-6s (-m %s -cpu %s): %8.3f ms, peak RSS %7.1f MiB, block size %llu MiB, %ld blocks\n",
	       label, mem, cpu, (t1 - t0) * 1e3, peak_rss_kib() / 1024.0,
	       (unsigned long long)(memory_block_size_bytes(k) >> 20), blocks);
	machine_free(m);
}

static struct json *qmp(struct machine *m, struct qmp_session *s, const char *text)
{
	struct json *req = NULL, *reply;

	if (json_parse(text, strlen(text), &req, NULL, 0))
		abort();
	reply = qmp_handle_request(machine_host(m), s, req);
	json_free(req);
	if (json_object_get(reply, "error")) {
		char *t = json_to_string(reply, JSON_EMIT_COMPACT);

		fprintf(stderr, "QMP error: %s -> %s\n", text, t);
		exit(1);
	}
	return reply;
}

static void bench_hotplug_1t(void)
{
	/* 24 GiB of boot memory: the 16 GiB of memmap for 1 TiB comes from it (GFP_KERNEL) */
	const char *argv[] = { "-m", "24G,slots=8,maxmem=2T", "-cpu", "max,phys-bits=46", "-smp", "1" };
	struct machine *m = boot_or_die(argv, 6, "memhp_default_state=online_movable");
	struct qmp_session s = { .negotiated = true };
	char cmd[256];
	double t0, t1;
	struct zone_info zi;

	/* the backends exist before the clock starts, as on a real host */
	for (int i = 0; i < 8; i++) {
		snprintf(cmd, sizeof(cmd),
			 "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\",\"id\":\"m%d\",\"size\":137438953472}}", i);
		json_free(qmp(m, &s, cmd));
	}
	t0 = now_s();
	for (int i = 0; i < 8; i++) {
		snprintf(cmd, sizeof(cmd),
			 "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d%d\",\"memdev\":\"m%d\"}}", i, i);
		json_free(qmp(m, &s, cmd));
	}
	/* the guest handles the eight hot-plug notifications and onlines the blocks */
	machine_run_guest(m);
	t1 = now_s();
	zone_get_info(machine_kernel(m), 0, ZONE_MOVABLE, &zi);
	printf("hot-add + auto-online 1 TiB (8 x 128 GiB DIMMs, %llu blocks): %8.3f ms, Movable present %llu GiB, peak RSS %.1f MiB\n",
	       (unsigned long long)(zi.present / 32768), (t1 - t0) * 1e3,
	       (unsigned long long)(zi.present >> 18), peak_rss_kib() / 1024.0);
	machine_free(m);
}

static void bench_lookups(void)
{
	const char *argv[] = { "-m", "4T", "-cpu", "max,phys-bits=46", "-smp", "1" };
	struct machine *m = boot_or_die(argv, 6, NULL);
	struct kernel *k = machine_kernel(m);
	const long n = 50 * 1000 * 1000;
	uint64_t x = 88172645463325252ULL, max_pfn = (4ULL << 40) >> 12;
	long sink = 0;
	double t0, t1, t2;

	t0 = now_s();
	for (long i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		sink += pfn_to_block_id(k, x % max_pfn);
	}
	t1 = now_s();
	for (long i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		sink += pfn_to_zone_type(k, x % max_pfn);
	}
	t2 = now_s();
	printf("pfn->block lookup: %6.1f M/s (%.1f ns each); pfn->zone lookup: %6.1f M/s (%.1f ns each) [%ld]\n",
	       n / (t1 - t0) / 1e6, (t1 - t0) / n * 1e9, n / (t2 - t1) / 1e6, (t2 - t1) / n * 1e9, sink & 1);
	machine_free(m);
}

/* virtio-mem: plug and unplug 64 GiB through one device in 2 MiB sub-blocks */
static void bench_virtio_mem_64g(void)
{
	const char *argv[] = { "-m", "4G,maxmem=80G", "-cpu", "max,phys-bits=46", "-smp", "1",
			       "-object", "memory-backend-ram,id=v,size=64G",
			       "-device", "virtio-mem-pci,id=vm0,memdev=v,requested-size=0" };
	struct machine *m = boot_or_die(argv, 10, "memhp_default_state=online_movable");
	struct qmp_session s = { .negotiated = true };
	struct zone_info zi;
	size_t heap0;
	double t0, t1, t2;

	kernel_modprobe(machine_kernel(m), "virtio_pci");
	kernel_modprobe(machine_kernel(m), "virtio_mem");
	machine_run_guest(m);
	heap0 = mallinfo2().uordblks;
	t0 = now_s();
	json_free(qmp(m, &s, "{\"execute\":\"qom-set\",\"arguments\":{\"path\":\"vm0\",\"property\":\"requested-size\",\"value\":68719476736}}"));
	machine_run_guest(m);
	t1 = now_s();
	zone_get_info(machine_kernel(m), 0, ZONE_MOVABLE, &zi);
	printf("virtio-mem plug 64 GiB (2 MiB blocks, %llu GiB managed in Movable): %8.3f ms, model heap +%.1f KiB (peak RSS %.1f MiB)\n",
	       (unsigned long long)(zi.managed >> 18), (t1 - t0) * 1e3,
	       ((double)mallinfo2().uordblks - (double)heap0) / 1024.0, peak_rss_kib() / 1024.0);
	json_free(qmp(m, &s, "{\"execute\":\"qom-set\",\"arguments\":{\"path\":\"vm0\",\"property\":\"requested-size\",\"value\":0}}"));
	machine_run_guest(m);
	t2 = now_s();
	zone_get_info(machine_kernel(m), 0, ZONE_MOVABLE, &zi);
	printf("virtio-mem unplug 64 GiB: %8.3f ms (%llu pages left in Movable)\n", (t2 - t1) * 1e3,
	       (unsigned long long)zi.present);
	machine_free(m);
}

static void bench_page_alloc_pairs(void)
{
	const char *argv[] = { "-m", "4G", "-smp", "1" };
	struct machine *m = boot_or_die(argv, 4, NULL);
	struct kernel *k = machine_kernel(m);
	int owner = page_owner_new(k, "bench", false, false);
	const long n = 20 * 1000 * 1000;
	uint64_t pfn, sum = 0;
	double t0, t1;

	t0 = now_s();
	for (long i = 0; i < n; i++) {
		if (alloc_pages_node(k, 0, GFP_KERNEL, 0, owner, &pfn))
			abort();
		sum += pfn;
		free_pages(k, pfn, 0);
	}
	t1 = now_s();
	printf("page allocator: order-0 alloc+free pairs: %6.1f M/s (%.1f ns a pair, one core) [%llu]\n",
	       n / (t1 - t0) / 1e6, (t1 - t0) / n * 1e9, (unsigned long long)(sum & 1));
	machine_free(m);
}

static void bench_offline_half_full(void)
{
	const char *argv[] = { "-m", "1G,slots=2,maxmem=4G", "-smp", "1" };
	struct machine *m = boot_or_die(argv, 4, "memhp_default_state=online_movable");
	struct kernel *k = machine_kernel(m);
	struct qmp_session s = { .negotiated = true };
	struct memhp_err err = { 0 };
	struct zone_info zi;
	double t0, t1;
	int ret;

	json_free(qmp(m, &s, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"size\":134217728}}"));
	json_free(qmp(m, &s, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d0\",\"memdev\":\"m0\"}}"));
	machine_run_guest(m);
	/* 64 MiB of a process, in the only Movable block: 31 THPs and 1024 base pages */
	if (process_alloc(k, "p", 64ULL << 20, &err)) {
		fprintf(stderr, "alloc failed: %s\n", err.msg);
		exit(1);
	}
	zone_get_info(k, 0, ZONE_MOVABLE, &zi);
	t0 = now_s();
	ret = memory_block_store_state(k, 32, MMOP_OFFLINE, &err);
	t1 = now_s();
	printf("offline a 128 MiB Movable block holding %llu MiB of a process: %8.3f ms (%s)\n",
	       (unsigned long long)((zi.managed - zi.free) >> 8), (t1 - t0) * 1e3, ret ? err.msg : "ok");
	machine_free(m);
}

static void bench_state_bytes(void)
{
	const char *argv[] = { "-m", "64G", "-smp", "1" };
	struct machine *m = boot_or_die(argv, 4, NULL);
	struct kernel *k = machine_kernel(m);
	struct memhp_err err = { 0 };
	uint64_t idle = page_alloc_state_bytes(k), thp, base, pfn;
	double free_gib = (double)global_free_pages(k) / 262144.0;
	int owner = page_owner_new(k, "bench", false, true);

	if (process_alloc(k, "thp", 16ULL << 30, &err)) {
		fprintf(stderr, "alloc failed: %s\n", err.msg);
		exit(1);
	}
	thp = page_alloc_state_bytes(k);
	for (uint64_t i = 0; i < 262144; i++)
		if (alloc_pages_node(k, 0, GFP_HIGHUSER_MOVABLE, 0, owner, &pfn))
			abort();
	base = page_alloc_state_bytes(k);
	printf("allocator state: %.0f bytes per free GiB (64 GiB guest, %.1f GiB free); in use: %.0f bytes per GiB of a process (THP), %.0f bytes per GiB of order-0 pages\n",
	       idle / free_gib, free_gib, (double)(thp - idle) / 16.0, (double)(base - thp));
	machine_free(m);
}

static void in_child(void (*fn)(void))
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		printf("  (failed: status %d)\n", status);
}

static void boot_4t(void) { bench_boot("4 TiB", "4T", "max,phys-bits=46"); }
/* QEMU 7.2 refuses -m 64T with phys-bits=46 (RAM above 4 GiB then ends past 2^46): 47 bits hold it */
static void boot_64t(void) { bench_boot("64 TiB", "64T", "max,phys-bits=47"); }

static void refused_64t_46(void)
{
	const char *argv[] = { "-m", "64T", "-cpu", "max,phys-bits=46" };
	struct memhp_err err = { 0 };
	struct machine *m = NULL;

	if (machine_new(argv, 4, NULL, &m, &err))
		printf("note: -m 64T -cpu max,phys-bits=46 is refused as QEMU 7.2 refuses it: %s\n", err.msg);
	machine_free(m);
}

/* an object of @nkeys members "kN":N, parsed @reps times: seconds per key */
static double json_object_seconds_per_key(int nkeys, int reps)
{
	size_t cap = (size_t)nkeys * 24 + 16, len = 0;
	char *text = malloc(cap);
	double t0, t1;

	if (!text)
		abort();
	text[len++] = '{';
	for (int i = 0; i < nkeys; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s\"k%d\":%d", i ? "," : "", i, i);
	text[len++] = '}';
	t0 = now_s();
	for (int r = 0; r < reps; r++) {
		struct json *j;

		if (json_parse(text, len, &j, NULL, 0))
			abort();
		json_free(j);
	}
	t1 = now_s();
	free(text);
	return (t1 - t0) / reps / nkeys;
}

static void bench_json_keys(void)
{
	double small = json_object_seconds_per_key(16 * 1024, 40);
	double big = json_object_seconds_per_key(64 * 1024, 10);

	printf("json: object of 64k keys parses in %.1f ms (%.0f ns a key; 16k keys: %.0f ns a key)\n",
	       big * 64 * 1024 * 1e3, big * 1e9, small * 1e9);
}

int main(int argc, char **argv)
{
	struct kernel_profile chosen[8];
	int nr = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		struct memhp_err err = { 0 };
		const char *spec = !strncmp(argv[i], "--kernel=", 9) ? argv[i] + 9 :
				   !strcmp(argv[i], "--kernel") && i + 1 < argc ? argv[++i] : NULL;

		if (!spec || nr == (int)(sizeof(chosen) / sizeof(chosen[0]))) {
			fprintf(stderr, "usage: memhp_bench [--kernel NAME[,OPTION=VALUE...]]...\n");
			return 64;
		}
		if (kernel_profile_parse(spec, &chosen[nr], &err)) {
			fprintf(stderr, "memhp_bench: --kernel: %s\n", err.msg);
			return 64;
		}
		nr++;
	}
	if (!nr)	/* every profile memhp models */
		for (; nr < nr_kernel_profiles && nr < (int)(sizeof(chosen) / sizeof(chosen[0])); nr++)
			chosen[nr] = kernel_profiles[nr];
	in_child(refused_64t_46);
	for (int i = 0; i < nr; i++) {
		bench_opts.profile = &chosen[i];
		printf("== linux %s (%s)\n", chosen[i].name, chosen[i].description);
		in_child(boot_4t);
		in_child(boot_64t);
		in_child(bench_hotplug_1t);
		in_child(bench_lookups);
		in_child(bench_virtio_mem_64g);
		in_child(bench_page_alloc_pairs);
		in_child(bench_offline_half_full);
		in_child(bench_state_bytes);
	}
	in_child(bench_json_keys);
	return 0;
}
