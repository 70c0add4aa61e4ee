// SPDX-License-Identifier: MIT
/*
 * Helpers shared by the machine-level fuzz targets; see fuzz_util.h.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_util.h"
#include "lib/json.h"
#include "memhp/machine.h"
#include "memhp/mm.h"
#include "memhp/sysfs.h"
#include "mm/internal.h"

#define MAX_DIMMS 64
#define TREE_MAX_DEPTH 12
#define TREE_PATH_MAX 256

void fuzz_fail(const char *target, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", target);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void fuzz_log(const char *fmt, ...)
{
	static int on = -1;
	va_list ap;

	if (on < 0)
		on = getenv("FUZZ_TRACE") != NULL;
	if (!on)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void check_error_object(const struct json *err)
{
	const struct json *cls, *desc;

	if (json_type_of(err) != JSON_OBJECT)
		fuzz_fail("qmp", "\"error\" is not an object");
	cls = json_object_get(err, "class");
	desc = json_object_get(err, "desc");
	if (!cls || json_type_of(cls) != JSON_STRING || !*json_string_value(cls))
		fuzz_fail("qmp", "error without a class");
	if (!desc || json_type_of(desc) != JSON_STRING || !*json_string_value(desc))
		fuzz_fail("qmp", "error without a description");
	if (json_object_size(err) != 2)
		fuzz_fail("qmp", "error object has %zu members", json_object_size(err));
}

bool fuzz_check_reply(const struct json *req, const struct json *reply)
{
	const struct json *ret, *err, *id, *req_id = NULL;
	size_t expect = 1;

	if (!reply)
		fuzz_fail("qmp", "no reply");
	if (json_type_of(reply) != JSON_OBJECT)
		fuzz_fail("qmp", "reply is a %s", json_type_name(json_type_of(reply)));
	if (json_type_of(req) == JSON_OBJECT)
		req_id = json_object_get(req, "id");
	ret = json_object_get(reply, "return");
	err = json_object_get(reply, "error");
	id = json_object_get(reply, "id");
	if (!ret == !err)
		fuzz_fail("qmp", "reply has %s of return/error", ret ? "both" : "neither");
	if (req_id) {
		if (!id || !json_equal(id, req_id))
			fuzz_fail("qmp", "reply does not echo the request's id");
		expect++;
	} else if (id) {
		fuzz_fail("qmp", "reply has an id the request did not have");
	}
	if (json_object_size(reply) != expect)
		fuzz_fail("qmp", "reply has %zu members, expected %zu", json_object_size(reply), expect);
	if (err)
		check_error_object(err);
	return ret != NULL;
}

void fuzz_drain_events(struct machine *m)
{
	struct machine_event *ev;
	size_t n = machine_take_events(m, &ev);

	for (size_t i = 0; i < n; i++) {
		if (!ev[i].name || !*ev[i].name)
			fuzz_fail("qmp", "event without a name");
		if (ev[i].data && json_type_of(ev[i].data) != JSON_OBJECT)
			fuzz_fail("qmp", "event %s: data is not an object", ev[i].name);
	}
	machine_events_free(ev, n);
}

void fuzz_log_qmp(const char *req, size_t len, const struct json *reply)
{
	char *text;

	if (!getenv("FUZZ_TRACE"))
		return;
	text = json_to_string(reply, JSON_EMIT_COMPACT);
	fuzz_log("qmp %.*s\n -> %s", (int)len, req, text ? text : "(null)");
	free(text);
}

static bool send_qmp(struct machine *m, struct qmp_session *s, const char *text, bool run_guest)
{
	struct json *req, *reply;
	char msg[128];
	bool ok;

	if (json_parse(text, strlen(text), &req, msg, sizeof(msg)))
		fuzz_fail("qmp", "bad request in the harness: %s: %s", text, msg);
	reply = qmp_handle_request(machine_host(m), s, req);
	ok = fuzz_check_reply(req, reply);
	fuzz_log_qmp(text, strlen(text), reply);
	json_free(reply);
	json_free(req);
	if (run_guest)
		machine_run_guest(m);
	fuzz_drain_events(m);
	return ok;
}

bool fuzz_qmp(struct machine *m, struct qmp_session *s, const char *text)
{
	return send_qmp(m, s, text, true);
}

bool fuzz_qmp_hold(struct machine *m, struct qmp_session *s, const char *text)
{
	return send_qmp(m, s, text, false);
}

int fuzz_read(struct kernel *k, const char *path, char **out)
{
	size_t len = (size_t)-1;
	int ret;

	*out = NULL;
	ret = sysfs_read(k, path, out, &len);
	if (ret > 0)
		fuzz_fail("sysfs", "read %s returned %d", path, ret);
	if (ret) {
		if (*out)
			fuzz_fail("sysfs", "read %s failed (%d) but returned content", path, ret);
		return ret;
	}
	if (!*out)
		fuzz_fail("sysfs", "read %s: no content", path);
	if (strlen(*out) != len)
		fuzz_fail("sysfs", "read %s: length %zu, strlen %zu", path, len, strlen(*out));
	return 0;
}

struct tree_walk {
	struct kernel *k;
	char path[TREE_PATH_MAX];
	int depth, max_depth;
	long last_block;	/* D_MEMORY: the blocks listed so far, in enumeration order */
	bool in_memory_root;
};

static void walk_dir(struct tree_walk *w);

static void walk_entry(void *opaque, const char *name, enum sysfs_kind kind)
{
	struct tree_walk *w = opaque;
	size_t base = strlen(w->path);
	struct sysfs_stat st;
	char *text;
	int ret;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		fuzz_fail("sysfs", "%s: bad entry name '%s'", w->path, name);
	if (base + 1 + strlen(name) >= sizeof(w->path))
		fuzz_fail("sysfs", "%s/%s: path too long", w->path, name);
	if (w->in_memory_root && !strncmp(name, "memory", 6) && name[6] >= '0' && name[6] <= '9') {
		long id = strtol(name + 6, NULL, 10);
		long want = memory_block_next(w->k, (unsigned long)(w->last_block + 1));

		if (id != want)
			fuzz_fail("sysfs", "%s lists memory%ld, memory_block_next says %ld", w->path, id, want);
		w->last_block = id;
	}
	snprintf(w->path + base, sizeof(w->path) - base, "%s%s", base > 1 ? "/" : "", name);
	ret = sysfs_lookup(w->k, w->path, &st);
	if (ret)
		fuzz_fail("sysfs", "%s is listed but lookup fails (%d)", w->path, ret);
	if (st.kind != kind)
		fuzz_fail("sysfs", "%s is listed as kind %d, lookup says %d", w->path, kind, st.kind);
	switch (kind) {
	case SYSFS_FILE:
		ret = fuzz_read(w->k, w->path, &text);
		if (st.mode & 0444) {
			/*
			 * a show() may fail by design: EIO (power/autosuspend_delay_ms),
			 * ENXIO (an unbound nd seed's resource or size), EINVAL (a bio
			 * queue's wbt_lat_usec), ENODEV (hw_random's rng_quality with no
			 * RNG current); nothing else
			 */
			if (ret && ret != -EIO && !(ret == -ENXIO && (!strcmp(name, "resource") || !strcmp(name, "size"))) &&
			    !(ret == -EINVAL && !strcmp(name, "wbt_lat_usec")) &&
			    !(ret == -ENODEV && !strcmp(name, "rng_quality")))
				fuzz_fail("sysfs", "%s (mode %o) does not read: %d", w->path, st.mode, ret);
			if (text && *text && text[strlen(text) - 1] != '\n')
				fuzz_fail("sysfs", "%s does not end in a newline", w->path);
		} else if (ret != -EACCES) {
			fuzz_fail("sysfs", "write-only %s: read gives %d", w->path, ret);
		}
		free(text);
		break;
	case SYSFS_DIR:
		if (w->depth < w->max_depth) {
			w->depth++;
			walk_dir(w);
			w->depth--;
		}
		break;
	case SYSFS_LINK:
		if (!st.target[0])
			fuzz_fail("sysfs", "link %s has no target", w->path);
		break;
	case SYSFS_CHRDEV:
	case SYSFS_BLKDEV:
		if (strncmp(w->path, "/dev/", 5) || !st.dev_major)
			fuzz_fail("sysfs", "device node %s (%u:%u) outside /dev", w->path, st.dev_major, st.dev_minor);
		break;
	default:
		fuzz_fail("sysfs", "%s: bad kind %d", w->path, kind);
	}
	w->path[base] = 0;
}

static void walk_dir(struct tree_walk *w)
{
	bool saved = w->in_memory_root;
	long saved_last = w->last_block;
	int ret;

	w->in_memory_root = !strcmp(w->path, "/sys/devices/system/memory");
	w->last_block = -1;
	ret = sysfs_readdir(w->k, w->path, walk_entry, w);
	if (ret)
		fuzz_fail("sysfs", "readdir %s: %d", w->path, ret);
	if (w->in_memory_root && memory_block_next(w->k, (unsigned long)(w->last_block + 1)) >= 0)
		fuzz_fail("sysfs", "%s does not list memory%ld", w->path,
			  memory_block_next(w->k, (unsigned long)(w->last_block + 1)));
	w->in_memory_root = saved;
	w->last_block = saved_last;
}

void fuzz_check_dir(struct kernel *k, const char *path, int depth)
{
	struct tree_walk w = { .k = k, .max_depth = depth < TREE_MAX_DEPTH ? depth : TREE_MAX_DEPTH };

	snprintf(w.path, sizeof(w.path), "%s", path);
	walk_dir(&w);
}

void fuzz_check_tree(struct kernel *k)
{
	fuzz_check_dir(k, "/", TREE_MAX_DEPTH);
}

struct dimm {
	uint64_t addr, size;
	int64_t slot;
};

static uint64_t member_u64(const struct json *obj, const char *key)
{
	const struct json *v = json_object_get(obj, key);
	uint64_t u;

	if (!v || json_type_of(v) != JSON_NUMBER || json_number_u64(v, &u))
		fuzz_fail("qmp", "query-memory-devices: bad or missing '%s'", key);
	return u;
}

static size_t query_dimms(struct machine *m, struct dimm *d)
{
	struct memhp_err err = { 0 };
	struct json *ret;
	size_t n = 0;

	if (qmp_execute(machine_host(m), "query-memory-devices", NULL, &ret, &err))
		fuzz_fail("qmp", "query-memory-devices failed: %s", err.msg);
	if (json_type_of(ret) != JSON_ARRAY)
		fuzz_fail("qmp", "query-memory-devices did not return an array");
	for (size_t i = 0; i < json_array_size(ret); i++) {
		const struct json *dev = json_array_at(ret, i);
		const struct json *type = json_object_get(dev, "type");
		const struct json *data = json_object_get(dev, "data");

		if (!type || json_type_of(type) != JSON_STRING || !data || json_type_of(data) != JSON_OBJECT)
			fuzz_fail("qmp", "query-memory-devices: malformed entry");
		if (strcmp(json_string_value(type), "dimm"))
			continue;
		if (n == MAX_DIMMS)
			fuzz_fail("qmp", "more than %d DIMMs", MAX_DIMMS);
		d[n].addr = member_u64(data, "addr");
		d[n].size = member_u64(data, "size");
		d[n].slot = (int64_t)member_u64(data, "slot");
		n++;
	}
	json_free(ret);
	return n;
}

size_t fuzz_check_dimms(struct machine *m)
{
	struct kernel *k = machine_kernel(m);
	uint64_t bs = memory_block_size_bytes(k);
	struct dimm d[MAX_DIMMS];
	size_t n = query_dimms(m, d);
	struct memory_block_info info;

	for (size_t i = 0; i < n; i++) {
		if (d[i].addr % bs || d[i].size % bs)
			continue;
		for (uint64_t a = d[i].addr; a < d[i].addr + d[i].size; a += bs) {
			unsigned long id = (unsigned long)(a / bs);

			if (memory_block_get_info(k, id, &info))
				fuzz_fail("qmp", "DIMM at 0x%" PRIx64 " (slot %" PRId64 "): no memory%lu in the guest",
					  d[i].addr, d[i].slot, id);
			if (info.acpi_slot != d[i].slot)
				fuzz_fail("qmp", "memory%lu: firmware_node slot %d, DIMM slot %" PRId64, id,
					  info.acpi_slot, d[i].slot);
		}
	}
	for (long id = memory_block_next(k, 0); id >= 0; id = memory_block_next(k, (unsigned long)id + 1)) {
		uint64_t a = (uint64_t)id * bs;
		bool found = false;

		memory_block_get_info(k, (unsigned long)id, &info);
		if (info.acpi_slot < 0)
			continue;
		for (size_t i = 0; i < n && !found; i++)
			found = d[i].addr <= a && a + bs <= d[i].addr + d[i].size && d[i].slot == info.acpi_slot;
		if (!found)
			fuzz_fail("qmp", "memory%ld (slot %d) belongs to no DIMM QEMU lists", id, info.acpi_slot);
	}
	return n;
}

struct iomem_check {
	uint64_t start[16], end[16];	/* the last resource seen at each depth */
	bool seen[16];
	int last_depth;
};

static void iomem_check_line(void *opaque, int depth, uint64_t start, uint64_t end, const char *name)
{
	struct iomem_check *c = opaque;

	if (depth < 0 || depth >= 16 || depth > c->last_depth + 1)
		fuzz_fail("iomem", "%s at depth %d after depth %d", name, depth, c->last_depth);
	if (end < start)
		fuzz_fail("iomem", "%s: end %#" PRIx64 " before start %#" PRIx64, name, end, start);
	if (depth > 0 && (start < c->start[depth - 1] || end > c->end[depth - 1]))
		fuzz_fail("iomem", "%s [%#" PRIx64 "-%#" PRIx64 "] outside its parent", name, start, end);
	/* siblings are sorted and disjoint (a new parent resets the levels below) */
	if (c->seen[depth] && start <= c->end[depth])
		fuzz_fail("iomem", "%s [%#" PRIx64 "-%#" PRIx64 "] overlaps or precedes its sibling", name, start, end);
	c->start[depth] = start;
	c->end[depth] = end;
	c->seen[depth] = true;
	for (int d = depth + 1; d < 16; d++)
		c->seen[d] = false;
	c->last_depth = depth;
}

void fuzz_check_model(struct kernel *k)
{
	mm_check_invariants(k);
	fuzz_check_views(k);
}

void fuzz_check_views(struct kernel *k)
{
	uint64_t possible = node_mask_get(k, NODE_MASK_POSSIBLE), online = node_mask_get(k, NODE_MASK_ONLINE);
	uint64_t memory = node_mask_get(k, NODE_MASK_HAS_MEMORY), cpu = node_mask_get(k, NODE_MASK_HAS_CPU);
	uint64_t normal = node_mask_get(k, NODE_MASK_HAS_NORMAL_MEMORY);
	struct iomem_check ic = { .last_depth = -1 };
	struct memory_block_info info;
	struct zone_info zi;
	char vz[256];

	if ((online & ~possible) || (memory & ~online) || (normal & ~memory) || (cpu & ~online))
		fuzz_fail("model", "node masks: possible %#" PRIx64 " online %#" PRIx64 " has_memory %#" PRIx64
			  " has_normal_memory %#" PRIx64 " has_cpu %#" PRIx64, possible, online, memory, normal, cpu);
	for (int nid = 0; nid < 64; nid++) {
		uint64_t present = 0, present_normal = 0;

		if (!(online >> nid & 1))
			continue;
		for (int zt = 0; zt <= ZONE_MOVABLE; zt++) {
			if (zone_get_info(k, nid, (enum zone_type)zt, &zi))
				continue;
			present += zi.present;
			if (zt <= ZONE_NORMAL)
				present_normal += zi.present;
		}
		/* node_states_check_changes_{online,offline}(): the masks follow present pages */
		if (!!present != (memory >> nid & 1) || !!present_normal != (normal >> nid & 1))
			fuzz_fail("model", "node %d: %" PRIu64 " present pages (%" PRIu64 " up to Normal), but "
				  "has_memory %d has_normal_memory %d", nid, present, present_normal,
				  (int)(memory >> nid & 1), (int)(normal >> nid & 1));
	}
	for (long id = memory_block_next(k, 0); id >= 0; id = memory_block_next(k, (unsigned long)id + 1)) {
		if (memory_block_get_info(k, (unsigned long)id, &info))
			fuzz_fail("model", "memory%ld is listed but has no info", id);
		if (info.online && info.going_offline)
			fuzz_fail("model", "memory%ld is online and going offline", id);
		if (info.nid >= 0 && !(info.nodes_linked >> info.nid & 1))
			fuzz_fail("model", "memory%ld: nid %d but no node%d link", id, info.nid, info.nid);
		if (memory_block_valid_zones(k, (unsigned long)id, vz, sizeof(vz)))
			fuzz_fail("model", "memory%ld: valid_zones fails", id);
		/* valid_zones_show(): an online block shows its one zone (or "none") */
		if (info.online && strchr(vz, ' '))
			fuzz_fail("model", "online memory%ld has valid_zones '%s'", id, vz);
		if (!*vz)
			fuzz_fail("model", "memory%ld has empty valid_zones", id);
	}
	iomem_walk(k, iomem_check_line, &ic);
}

static int replay_file(const char *path, int (*fn)(const uint8_t *, size_t))
{
	size_t len = 0, cap = 4096, n;
	char *buf = malloc(cap), *nbuf;
	FILE *f = fopen(path, "rb");

	if (!f || !buf) {
		perror(path);
		free(buf);
		if (f)
			fclose(f);
		return -1;
	}
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			nbuf = realloc(buf, cap * 2);
			if (!nbuf) {
				perror(path);
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nbuf;
			cap *= 2;
		}
	}
	fclose(f);
	fn((const uint8_t *)buf, len);
	free(buf);
	return 0;
}

static int replay_path(const char *path, int (*fn)(const uint8_t *, size_t))
{
	struct dirent **ents;
	struct stat st;
	char *sub;
	int n, rc = 0;

	if (stat(path, &st)) {
		perror(path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (replay_file(path, fn))
			return 1;
		printf("%s: ok\n", path);
		return 0;
	}
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0) {
		perror(path);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.') {
			if (asprintf(&sub, "%s/%s", path, ents[i]->d_name) < 0) {
				rc = 1;
			} else {
				rc |= replay_path(sub, fn);
				free(sub);
			}
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

bool fuzz_every(unsigned long n, const char *env, unsigned long every)
{
#ifdef FUZZ_TARGET
	const char *e = getenv(env);

	if (e && atol(e) > 0)
		every = (unsigned long)atol(e);
#else
	/* replaying a corpus: everything, every time */
	(void)env;
	every = 1;
#endif
	return n < 16 || n % every == 0;
}

bool fuzz_deep_due(unsigned long n)
{
	return fuzz_every(n, "FUZZ_DEEP_EVERY", 8);
}

int fuzz_replay_main(int argc, char **argv, int (*fn)(const uint8_t *, size_t))
{
	int rc = 0;

	for (int i = 1; i < argc; i++)
		rc |= replay_path(argv[i], fn);
	return rc;
}
