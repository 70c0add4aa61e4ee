// SPDX-License-Identifier: MIT
/*
 * The live memory map over HTTP (see httpd.h).  One thread accepts on
 * 127.0.0.1 and starts a detached thread per connection (at most
 * HTTPD_MAX_CONNS at once; more get 503).  Each connection carries one
 * request: GET or HEAD, answered with Content-Length and closed.  A
 * connection thread that waits (for the request, for a change of the
 * machine, for a slow reader) wakes every HTTPD_SLICE_MS to notice
 * httpd_stop(), which also shuts the sockets down so nothing blocks.
 *
 * Routes:
 *   GET /              the page (page.h), which long-polls /api/map
 *   GET /api/map       the map below, at once
 *   GET /api/map?since=GEN   the map once the machine's generation exceeds
 *                      GEN, or after HTTPD_LONGPOLL_MS without a change
 *
 * The Host header must name the loopback (localhost, 127.0.0.1, [::1]): a
 * page from elsewhere that rebinds its DNS name to 127.0.0.1 gets 400.
 *
 * /api/map, one JSON object.  Addresses and sizes are bytes, as JSON
 * integers (below 2^53: x86 physical addresses have at most 52 bits);
 * every range is [start, end), end exclusive.
 *
 *   generation          live_generation() read just before the map was
 *                       taken (the map is at least that new)
 *   block_size_bytes    /sys/devices/system/memory/block_size_bytes
 *   end                 end of the range the map covers: the last block,
 *                       device or the device-memory region, whichever ends last
 *   auto_online_blocks  "offline", "online", "online_kernel", "online_movable"
 *   online_policy       "contig-zones" or "auto-movable"
 *   dimm_slots          PNP0C80 slots the guest sees (0: no memory hotplug)
 *   nodes[]             the possible nodes: {id, online, has_memory,
 *                       has_normal_memory, cpus: [cpu numbers]}
 *   blocks[]            every memoryN by address: {id, start, end,
 *                       state: "online" | "offline" | "going-offline",
 *                       zone: the zone of an online block that lies in one
 *                             zone, else null (offline, or several zones),
 *                       zones: the zones of its online pages ([] offline),
 *                       valid_zones: the sysfs file without its newline,
 *                       node: its nodeN link or null,
 *                       device: the name of the memory device whose range
 *                               holds it, null for boot memory}
 *   devices[]           query-memory-devices by address: {name (the id, or
 *                       "dimm@slotN" for a DIMM without one), id (or null),
 *                       type ("dimm"), addr, size, node, slot, memdev,
 *                       hotplugged, guest_added (the guest's ACPI driver
 *                       added its memory)}
 *   device_memory       {base, size} of the device-memory region (QOM
 *                       device-memory-region-size; the base from the SRAT's
 *                       hotpluggable range), null when the machine has none
 *   holes[]             the ranges in [0, end) without blocks, by address:
 *                       {start, end, kind, device, iomem}; kind "gap" is
 *                       outside the device-memory region, with iomem the
 *                       names of the top-level /proc/iomem resources it
 *                       overlaps; "free" is in the region where no device
 *                       is; "device" is a device's range the guest has no
 *                       blocks for (plugged but not added, or being
 *                       removed), with device its name.  device and iomem
 *                       are present only with those kinds.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "daemon/live.h"
#include "httpd/httpd.h"
#include "lib/json.h"
#include "memhp/firmware.h"
#include "memhp/hw.h"
#include "memhp/machine.h"
#include "memhp/drivers.h"
#include "memhp/mm.h"

#include "httpd/page.h"

#define HTTPD_MAX_CONNS		32
#define HTTPD_MAX_REQUEST	8192		/* request line and headers */
#define HTTPD_IO_TIMEOUT_MS	10000		/* to receive a request, to send a reply */
#define HTTPD_LONGPOLL_MS	25000
#define HTTPD_SLICE_MS		200
#define HTTPD_SECTION_BYTES	(128ULL << 20)	/* x86_64 SECTION_SIZE_BITS 27 */
#define PAGE_SHIFT_4K		12

/*
 * Invariants: conn_fd[] lists the sockets of running connection threads and
 * nr_conns counts them; both change only under mu, and a connection thread
 * closes its socket only after taking it out of conn_fd[] (so httpd_stop()
 * can shut down what it finds there).
 */
struct httpd {
	struct live *lv;
	int listen_fd;
	int port;
	int wake[2];
	pthread_t thread;
	bool thread_started;
	pthread_mutex_t mu;
	pthread_cond_t idle;
	int conn_fd[HTTPD_MAX_CONNS];
	int nr_conns;
	bool stopping;
};

struct conn {
	struct httpd *h;
	int fd;
	int slot;
};

static bool stopping(struct httpd *h)
{
	bool s;

	pthread_mutex_lock(&h->mu);
	s = h->stopping;
	pthread_mutex_unlock(&h->mu);
	return s;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the map ------------------------------------------------------------ */

struct map_dev {
	char *name;
	const char *id;			/* NULL: anonymous */
	const char *type;
	const char *memdev;
	uint64_t addr, size;
	int64_t node, slot;
	bool hotplugged;
	bool guest_added;
};

struct iomem_top {
	uint64_t start, end;		/* [start, end) */
	char *name;
};

struct iomem_list {
	struct iomem_top *v;
	size_t n, cap;
	bool failed;
};

static void collect_iomem(void *opaque, int depth, uint64_t start, uint64_t end, const char *name)
{
	struct iomem_list *l = opaque;

	if (depth || l->failed)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct iomem_top *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			l->failed = true;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].start = start;
	l->v[l->n].end = end + 1;
	l->v[l->n].name = strdup(name ? name : "");
	if (!l->v[l->n].name) {
		l->failed = true;
		return;
	}
	l->n++;
}

static void free_devs(struct map_dev *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(d[i].name);
	free(d);
}

static uint64_t obj_u64(const struct json *o, const char *key, uint64_t dflt)
{
	const struct json *v = json_object_get(o, key);
	uint64_t x;

	if (!v || json_type_of(v) != JSON_NUMBER || json_number_u64(v, &x))
		return dflt;
	return x;
}

static int64_t obj_i64(const struct json *o, const char *key, int64_t dflt)
{
	const struct json *v = json_object_get(o, key);
	int64_t x;

	if (!v || json_type_of(v) != JSON_NUMBER || json_number_i64(v, &x))
		return dflt;
	return x;
}

static const char *obj_str(const struct json *o, const char *key)
{
	const struct json *v = json_object_get(o, key);

	return v && json_type_of(v) == JSON_STRING ? json_string_value(v) : NULL;
}

/*
 * The memory devices from QMP query-memory-devices (the host's view).  The
 * strings point into @*list, which the caller frees after use.
 * Return: their number, or -ENOMEM.
 */
static ssize_t query_devices(struct machine *m, struct json **list, struct map_dev **out)
{
	const struct kernel *k = machine_kernel(m);
	struct memhp_err err = { 0 };
	struct map_dev *d;
	size_t n, nd = 0;

	*out = NULL;
	*list = NULL;
	if (qmp_execute(machine_host(m), "query-memory-devices", NULL, list, &err) ||
	    json_type_of(*list) != JSON_ARRAY)
		return 0;
	n = json_array_size(*list);
	d = calloc(n ? n : 1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct json *e = json_array_at(*list, i);
		const struct json *data = json_object_get(e, "data");
		const struct json *hp = json_object_get(data, "hotplugged");
		struct acpi_memory_slot_info si;
		struct map_dev *x = &d[nd];
		int r;

		if (!data || json_type_of(data) != JSON_OBJECT)
			continue;
		x->type = obj_str(e, "type");
		x->id = obj_str(data, "id");
		x->memdev = obj_str(data, "memdev");
		x->addr = obj_u64(data, "addr", 0);
		x->size = obj_u64(data, "size", 0);
		x->node = obj_i64(data, "node", -1);
		x->slot = obj_i64(data, "slot", -1);
		x->hotplugged = hp && json_type_of(hp) == JSON_BOOL && json_bool_value(hp);
		x->guest_added = x->slot >= 0 && x->slot <= INT32_MAX &&
				 !acpi_memory_slot_get_info(k, (int)x->slot, &si) && si.bound;
		if (x->id)
			r = asprintf(&x->name, "%s", x->id);
		else
			r = asprintf(&x->name, "%s@slot%" PRId64, x->type ? x->type : "device", x->slot);
		if (r < 0) {
			x->name = NULL;
			free_devs(d, nd);
			return -ENOMEM;
		}
		nd++;
	}
	*out = d;
	return (ssize_t)nd;
}

/*
 * The device-memory region: its size from QOM, its base from the SRAT's
 * hotpluggable range (QEMU puts the region there); without one, the lowest
 * device address.
 */
static bool device_memory(struct machine *m, const struct map_dev *devs, size_t nr_devs, uint64_t *base,
			  uint64_t *size)
{
	struct pc_machine *host = machine_host(m);
	struct memhp_err err = { 0 };
	struct json *args = json_new_object(), *ret = NULL;
	struct firmware_tables *fw;
	bool found = false;
	uint64_t sz = 0;

	if (args && !json_object_set(args, "path", json_new_string("/machine")) &&
	    !json_object_set(args, "property", json_new_string("device-memory-region-size")) &&
	    !qmp_execute(host, "qom-get", args, &ret, &err) && json_type_of(ret) == JSON_NUMBER)
		json_number_u64(ret, &sz);
	json_free(args);
	json_free(ret);
	if (!sz)
		return false;
	fw = calloc(1, sizeof(*fw));
	if (!fw)
		return false;
	pc_machine_firmware(host, fw);
	for (int i = 0; fw->has_srat && i < fw->nr_srat_mem; i++) {
		const struct srat_mem_affinity *s = &fw->srat_mem[i];

		if (s->len && s->enabled && s->hotpluggable && !s->nonvolatile) {
			*base = s->base;
			found = true;
			break;
		}
	}
	free(fw);
	for (size_t i = 0; !found && i < nr_devs; i++)
		if (i == 0 || devs[i].addr < *base)
			*base = devs[i].addr;
	*size = sz;
	return found || nr_devs;
}

/* Bit z set: the block has online pages in zone z.  Samples every section
 * and both sides of every zone boundary of its node(s) inside the block. */
static unsigned int block_zones(const struct kernel *k, int nid, uint64_t start, uint64_t end)
{
	uint64_t spfn = start >> PAGE_SHIFT_4K, epfn = end >> PAGE_SHIFT_4K;
	unsigned int mask = 0;
	int z;

	for (uint64_t a = start; a < end; a += HTTPD_SECTION_BYTES) {
		z = pfn_to_zone_type(k, a >> PAGE_SHIFT_4K);
		if (z >= 0)
			mask |= 1u << z;
	}
	z = pfn_to_zone_type(k, epfn - 1);
	if (z >= 0)
		mask |= 1u << z;
	for (int n = nid >= 0 ? nid : 0; n < (nid >= 0 ? nid + 1 : MAX_NUMNODES); n++) {
		for (int t = 0; t < MAX_NR_ZONES; t++) {
			struct zone_info zi;
			uint64_t cand[3];

			if (zone_get_info(k, n, (enum zone_type)t, &zi) || !zi.spanned)
				continue;
			cand[0] = zi.start_pfn;
			cand[1] = zi.start_pfn + zi.spanned - 1;
			cand[2] = zi.start_pfn + zi.spanned;
			for (int c = 0; c < 3; c++) {
				if (cand[c] < spfn || cand[c] >= epfn)
					continue;
				z = pfn_to_zone_type(k, cand[c]);
				if (z >= 0)
					mask |= 1u << z;
				if (cand[c] > spfn && (z = pfn_to_zone_type(k, cand[c] - 1)) >= 0)
					mask |= 1u << z;
			}
		}
	}
	return mask;
}

/* Object builders that stop at the first failure (*ok goes false). */
static void put(struct json *o, const char *key, struct json *v, bool *ok)
{
	if (!*ok) {
		json_free(v);
		return;
	}
	if (!o || !v || json_object_set(o, key, v))
		*ok = false;
}

static void append(struct json *a, struct json *v, bool *ok)
{
	if (!*ok) {
		json_free(v);
		return;
	}
	if (!a || !v || json_array_append(a, v))
		*ok = false;
}

static struct json *str_or_null(const char *s)
{
	return s ? json_new_string(s) : json_new_null();
}

static struct json *nodes_json(const struct kernel *k, bool *ok)
{
	struct json *arr = json_new_array();
	uint64_t possible = node_mask_get(k, NODE_MASK_POSSIBLE);
	uint64_t online = node_mask_get(k, NODE_MASK_ONLINE);
	uint64_t mem = node_mask_get(k, NODE_MASK_HAS_MEMORY);
	uint64_t normal = node_mask_get(k, NODE_MASK_HAS_NORMAL_MEMORY);

	for (int n = 0; n < 64 && *ok; n++) {
		struct json *o, *cpus;
		uint64_t cm;

		if (!(possible >> n & 1))
			continue;
		o = json_new_object();
		cpus = json_new_array();
		cm = node_cpumask(k, n);
		for (int c = 0; c < 64; c++)
			if (cm >> c & 1)
				append(cpus, json_new_i64(c), ok);
		put(o, "id", json_new_i64(n), ok);
		put(o, "online", json_new_bool(online >> n & 1), ok);
		put(o, "has_memory", json_new_bool(mem >> n & 1), ok);
		put(o, "has_normal_memory", json_new_bool(normal >> n & 1), ok);
		put(o, "cpus", cpus, ok);
		append(arr, o, ok);
	}
	return arr;
}

static struct json *device_json(const struct map_dev *d, bool *ok)
{
	struct json *o = json_new_object();

	put(o, "name", json_new_string(d->name), ok);
	put(o, "id", str_or_null(d->id), ok);
	put(o, "type", str_or_null(d->type), ok);
	put(o, "addr", json_new_u64(d->addr), ok);
	put(o, "size", json_new_u64(d->size), ok);
	put(o, "node", d->node >= 0 ? json_new_i64(d->node) : json_new_null(), ok);
	put(o, "slot", d->slot >= 0 ? json_new_i64(d->slot) : json_new_null(), ok);
	put(o, "memdev", str_or_null(d->memdev), ok);
	put(o, "hotplugged", json_new_bool(d->hotplugged), ok);
	put(o, "guest_added", json_new_bool(d->guest_added), ok);
	return o;
}

struct hole_ctx {
	struct json *arr;
	const struct map_dev *devs;
	size_t nr_devs;
	bool has_devmem;
	uint64_t dm_base, dm_end;
	const struct iomem_list *iomem;
	bool *ok;
};

static void add_hole_piece(struct hole_ctx *c, uint64_t start, uint64_t end)
{
	struct json *o;
	const struct map_dev *dev = NULL;

	if (start >= end || !*c->ok)
		return;
	for (size_t i = 0; i < c->nr_devs; i++)
		if (start >= c->devs[i].addr && end <= c->devs[i].addr + c->devs[i].size)
			dev = &c->devs[i];
	o = json_new_object();
	put(o, "start", json_new_u64(start), c->ok);
	put(o, "end", json_new_u64(end), c->ok);
	if (dev) {
		put(o, "kind", json_new_string("device"), c->ok);
		put(o, "device", json_new_string(dev->name), c->ok);
	} else if (c->has_devmem && start >= c->dm_base && end <= c->dm_end) {
		put(o, "kind", json_new_string("free"), c->ok);
	} else {
		struct json *names = json_new_array();

		put(o, "kind", json_new_string("gap"), c->ok);
		for (size_t i = 0; i < c->iomem->n && *c->ok; i++) {
			const struct iomem_top *r = &c->iomem->v[i];
			bool dup = false;

			if (r->end <= start || r->start >= end)
				continue;
			for (size_t j = 0; j < i && !dup; j++)
				dup = c->iomem->v[j].end > start && c->iomem->v[j].start < end &&
				      !strcmp(c->iomem->v[j].name, r->name);
			if (!dup)
				append(names, json_new_string(r->name), c->ok);
		}
		put(o, "iomem", names, c->ok);
	}
	append(c->arr, o, c->ok);
}

/* A range without blocks, cut where the device-memory region and the
 * devices begin and end, so that every piece is of one kind. */
static void add_hole(struct hole_ctx *c, uint64_t start, uint64_t end)
{
	while (start < end && *c->ok) {
		uint64_t cut = end;

		if (c->has_devmem) {
			if (c->dm_base > start && c->dm_base < cut)
				cut = c->dm_base;
			if (c->dm_end > start && c->dm_end < cut)
				cut = c->dm_end;
		}
		for (size_t i = 0; i < c->nr_devs; i++) {
			uint64_t a = c->devs[i].addr, b = c->devs[i].addr + c->devs[i].size;

			if (a > start && a < cut)
				cut = a;
			if (b > start && b < cut)
				cut = b;
		}
		add_hole_piece(c, start, cut);
		start = cut;
	}
}

struct json *httpd_map_json(struct machine *m, uint64_t generation)
{
	struct kernel *k = machine_kernel(m);
	uint64_t bs = memory_block_size_bytes(k), pos = 0, end = 0, dm_base = 0, dm_size = 0;
	struct json *doc = json_new_object(), *blocks = json_new_array(), *holes = json_new_array();
	struct json *devices = json_new_array(), *devlist = NULL, *dm;
	struct iomem_list iomem = { 0 };
	struct map_dev *devs = NULL;
	ssize_t nr_devs;
	size_t di = 0;
	bool ok = doc && blocks && holes && devices, has_dm;
	struct hole_ctx hc;
	int policy = mhp_get_online_policy(k);
	enum mmop aob = mhp_get_default_online_type(k);

	nr_devs = query_devices(m, &devlist, &devs);
	if (nr_devs < 0) {
		nr_devs = 0;
		ok = false;
	}
	has_dm = device_memory(m, devs, (size_t)nr_devs, &dm_base, &dm_size);
	iomem_walk(k, collect_iomem, &iomem);
	if (iomem.failed)
		ok = false;

	hc = (struct hole_ctx){ .arr = holes, .devs = devs, .nr_devs = (size_t)nr_devs, .has_devmem = has_dm,
				.dm_base = dm_base, .dm_end = dm_base + dm_size, .iomem = &iomem, .ok = &ok };

	for (long id = memory_block_next(k, 0); id >= 0 && ok; id = memory_block_next(k, (unsigned long)id + 1)) {
		struct memory_block_info info;
		uint64_t start = (uint64_t)id * bs, bend = start + bs;
		struct json *o, *zl;
		const char *zone = NULL, *dev = NULL, *state;
		unsigned int zmask = 0;
		char vz[128];
		int nz = 0;

		if (memory_block_get_info(k, (unsigned long)id, &info))
			continue;
		if (memory_block_valid_zones(k, (unsigned long)id, vz, sizeof(vz)))
			vz[0] = '\0';
		state = info.going_offline ? "going-offline" : info.online ? "online" : "offline";
		if (info.online || info.going_offline)
			zmask = block_zones(k, info.nid, start, bend);
		zl = json_new_array();
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			if (!(zmask >> z & 1))
				continue;
			append(zl, json_new_string(zone_names[z]), &ok);
			zone = zone_names[z];
			nz++;
		}
		if (nz != 1)
			zone = NULL;
		/* devices come by address, like the blocks */
		while (di < (size_t)nr_devs && devs[di].addr + devs[di].size <= start)
			di++;
		for (size_t j = di; j < (size_t)nr_devs && devs[j].addr < bend; j++)
			if (start >= devs[j].addr && bend <= devs[j].addr + devs[j].size)
				dev = devs[j].name;
		add_hole(&hc, pos, start);
		if (bend > pos)
			pos = bend;
		o = json_new_object();
		put(o, "id", json_new_i64(id), &ok);
		put(o, "start", json_new_u64(start), &ok);
		put(o, "end", json_new_u64(bend), &ok);
		put(o, "state", json_new_string(state), &ok);
		put(o, "zone", str_or_null(zone), &ok);
		put(o, "zones", zl, &ok);
		put(o, "valid_zones", json_new_string(vz), &ok);
		put(o, "node", info.nid >= 0 ? json_new_i64(info.nid) : json_new_null(), &ok);
		put(o, "device", str_or_null(dev), &ok);
		append(blocks, o, &ok);
	}
	end = pos;
	if (has_dm && dm_base + dm_size > end)
		end = dm_base + dm_size;
	for (ssize_t i = 0; i < nr_devs; i++)
		if (devs[i].addr + devs[i].size > end)
			end = devs[i].addr + devs[i].size;
	add_hole(&hc, pos, end);

	for (ssize_t i = 0; i < nr_devs; i++)
		append(devices, device_json(&devs[i], &ok), &ok);
	if (has_dm) {
		dm = json_new_object();
		put(dm, "base", json_new_u64(dm_base), &ok);
		put(dm, "size", json_new_u64(dm_size), &ok);
	} else {
		dm = json_new_null();
	}

	put(doc, "generation", json_new_u64(generation), &ok);
	put(doc, "block_size_bytes", json_new_u64(bs), &ok);
	put(doc, "end", json_new_u64(end), &ok);
	put(doc, "auto_online_blocks", json_new_string(mmop_names[aob]), &ok);
	put(doc, "online_policy", json_new_string(online_policy_names[policy]), &ok);
	put(doc, "dimm_slots", json_new_i64(acpi_memory_slots(k)), &ok);
	put(doc, "nodes", nodes_json(k, &ok), &ok);
	put(doc, "blocks", blocks, &ok);
	blocks = NULL;
	put(doc, "devices", devices, &ok);
	devices = NULL;
	put(doc, "device_memory", dm, &ok);
	put(doc, "holes", holes, &ok);
	holes = NULL;

	for (size_t i = 0; i < iomem.n; i++)
		free(iomem.v[i].name);
	free(iomem.v);
	free_devs(devs, (size_t)nr_devs);
	json_free(devlist);
	json_free(blocks);
	json_free(devices);
	json_free(holes);
	if (!ok) {
		json_free(doc);
		return NULL;
	}
	return doc;
}

/* ---- HTTP --------------------------------------------------------------- */

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return "Error";
	}
}

/* Sends all of @buf, waiting for the socket in slices.  Return: 0 or -1. */
static int send_all(struct httpd *h, int fd, const char *buf, size_t len)
{
	int64_t deadline = now_ms() + HTTPD_IO_TIMEOUT_MS;

	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		struct pollfd p = { .fd = fd, .events = POLLOUT };

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		if (now_ms() > deadline || stopping(h))
			return -1;
		poll(&p, 1, HTTPD_SLICE_MS);
	}
	return 0;
}

static void respond(struct httpd *h, int fd, int status, const char *type, const char *extra,
		    const char *body, size_t len, bool head_only)
{
	char hdr[1024];
	int n = snprintf(hdr, sizeof(hdr),
			 "HTTP/1.1 %d %s\r\n"
			 "Content-Type: %s\r\n"
			 "Content-Length: %zu\r\n"
			 "Cache-Control: no-store\r\n"
			 "X-Content-Type-Options: nosniff\r\n"
			 "Referrer-Policy: no-referrer\r\n"
			 "%s"
			 "Connection: close\r\n"
			 "\r\n",
			 status, reason(status), type, len, extra ? extra : "");

	if (n < 0 || (size_t)n >= sizeof(hdr))
		return;
	if (send_all(h, fd, hdr, (size_t)n) || head_only)
		return;
	send_all(h, fd, body, len);
}

static void respond_text(struct httpd *h, int fd, int status, const char *extra, bool head_only)
{
	char body[128];
	int n = snprintf(body, sizeof(body), "%d %s\n", status, reason(status));

	respond(h, fd, status, "text/plain; charset=utf-8", extra, body, (size_t)n, head_only);
}

/* Reads the request head (up to the empty line).  Return: its length, 0
 * when the client went away or was too slow, -1 when it is too long. */
static ssize_t read_head(struct httpd *h, int fd, char *buf, size_t cap)
{
	int64_t deadline = now_ms() + HTTPD_IO_TIMEOUT_MS;
	size_t len = 0;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;
		char *e;

		if (stopping(h) || now_ms() > deadline)
			return 0;
		if (poll(&p, 1, HTTPD_SLICE_MS) <= 0)
			continue;
		n = recv(fd, buf + len, cap - 1 - len, MSG_DONTWAIT);
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				continue;
			return 0;
		}
		len += (size_t)n;
		buf[len] = '\0';
		if ((e = strstr(buf, "\r\n\r\n")))
			return e + 4 - buf;
		if ((e = strstr(buf, "\n\n")))
			return e + 2 - buf;
		if (len >= cap - 1)
			return -1;
	}
}

static bool is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* The Host header names the loopback (with any port). */
static bool loopback_host(const char *v)
{
	static const char *const names[] = { "localhost", "127.0.0.1", "[::1]" };

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		size_t n = strlen(names[i]);

		if (strncasecmp(v, names[i], n))
			continue;
		if (!v[n])
			return true;
		if (v[n] != ':' || !v[n + 1])
			return false;
		for (const char *p = v + n + 1; *p; p++)
			if (*p < '0' || *p > '9')
				return false;
		return true;
	}
	return false;
}

/* since=N in a query string; Return: 0 (absent or valid) or -1. */
static int parse_since(const char *q, bool *has, uint64_t *since)
{
	*has = false;
	while (q && *q) {
		const char *amp = strchr(q, '&');
		size_t n = amp ? (size_t)(amp - q) : strlen(q);

		if (n > 6 && !strncmp(q, "since=", 6)) {
			uint64_t v = 0;

			for (size_t i = 6; i < n; i++) {
				if (q[i] < '0' || q[i] > '9' || v > (UINT64_MAX - 9) / 10)
					return -1;
				v = v * 10 + (uint64_t)(q[i] - '0');
			}
			*has = true;
			*since = v;
		} else if (n == 6 && !strncmp(q, "since=", 6)) {
			return -1;
		}
		q = amp ? amp + 1 : NULL;
	}
	return 0;
}

static void serve_map(struct httpd *h, int fd, const char *query, bool head_only)
{
	uint64_t since = 0, gen;
	bool has_since;
	struct json *doc;
	char *text;

	if (parse_since(query, &has_since, &since)) {
		respond_text(h, fd, 400, NULL, head_only);
		return;
	}
	/* a generation from the future is another run's: answer at once */
	if (has_since && since <= live_generation(h->lv)) {
		int64_t deadline = now_ms() + HTTPD_LONGPOLL_MS;

		while (live_wait_change(h->lv, since, HTTPD_SLICE_MS) <= since) {
			if (stopping(h))
				return;
			if (now_ms() >= deadline)
				break;
		}
	}
	gen = live_generation(h->lv);
	live_lock(h->lv);
	doc = httpd_map_json(live_machine(h->lv), gen);
	live_unlock(h->lv);
	text = doc ? json_to_string(doc, JSON_EMIT_COMPACT) : NULL;
	json_free(doc);
	if (!text) {
		respond_text(h, fd, 500, NULL, head_only);
		return;
	}
	respond(h, fd, 200, "application/json", NULL, text, strlen(text), head_only);
	free(text);
}

static void handle_request(struct httpd *h, int fd, char *req)
{
	char *line = req, *next, *sp1, *sp2, *target, *version, *query;
	const char *host = NULL;
	bool http11, head_only = false;
	int hosts = 0;

	next = strchr(line, '\n');
	*next++ = '\0';
	if (next - line >= 2 && next[-2] == '\r')
		next[-2] = '\0';
	/* request-line = method SP request-target SP HTTP-version */
	sp1 = strchr(line, ' ');
	sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2 || strchr(sp2 + 1, ' ') || sp1 == line) {
		respond_text(h, fd, 400, NULL, false);
		return;
	}
	*sp1 = *sp2 = '\0';
	target = sp1 + 1;
	version = sp2 + 1;
	for (const char *p = line; *p; p++)
		if (!is_tchar(*p)) {
			respond_text(h, fd, 400, NULL, false);
			return;
		}
	if (!strncmp(version, "HTTP/", 5) && strcmp(version, "HTTP/1.1") && strcmp(version, "HTTP/1.0") &&
	    version[5] >= '0' && version[5] <= '9') {
		respond_text(h, fd, 505, NULL, false);
		return;
	}
	if (strcmp(version, "HTTP/1.1") && strcmp(version, "HTTP/1.0")) {
		respond_text(h, fd, 400, NULL, false);
		return;
	}
	http11 = !strcmp(version, "HTTP/1.1");
	for (const char *p = target; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f) {
			respond_text(h, fd, 400, NULL, false);
			return;
		}
	/* header fields */
	for (line = next; *line && *line != '\r' && *line != '\n'; line = next) {
		char *colon, *v, *e;

		next = strchr(line, '\n');
		*next++ = '\0';
		if (next - line >= 2 && next[-2] == '\r')
			next[-2] = '\0';
		colon = strchr(line, ':');
		if (!colon || colon == line) {
			respond_text(h, fd, 400, NULL, false);
			return;
		}
		for (const char *p = line; p < colon; p++)
			if (!is_tchar(*p)) {	/* also rejects obs-fold and spaces before ':' */
				respond_text(h, fd, 400, NULL, false);
				return;
			}
		*colon = '\0';
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		for (e = v + strlen(v); e > v && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		*e = '\0';
		if (!strcasecmp(line, "Host")) {
			host = v;
			hosts++;
		}
	}
	if (hosts > 1 || (http11 && !hosts) || (host && !loopback_host(host))) {
		respond_text(h, fd, 400, NULL, false);
		return;
	}
	if (!strcmp(req, "HEAD"))
		head_only = true;
	else if (strcmp(req, "GET")) {
		respond_text(h, fd, 405, "Allow: GET, HEAD\r\n", false);
		return;
	}
	if (target[0] != '/') {
		respond_text(h, fd, 400, NULL, head_only);
		return;
	}
	query = strchr(target, '?');
	if (query)
		*query++ = '\0';
	if (!strcmp(target, "/") || !strcmp(target, "/index.html"))
		respond(h, fd, 200, "text/html; charset=utf-8",
			"Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; "
			"style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; "
			"form-action 'none'; frame-ancestors 'none'\r\n",
			httpd_page_html, sizeof(httpd_page_html) - 1, head_only);
	else if (!strcmp(target, "/api/map"))
		serve_map(h, fd, query, head_only);
	else
		respond_text(h, fd, 404, NULL, head_only);
}

/* Half-closes and drains what the client still sends, so that closing does
 * not reset the connection before it read the reply. */
static void linger_close(int fd)
{
	char buf[512];
	int64_t deadline = now_ms() + 500;

	shutdown(fd, SHUT_WR);
	while (now_ms() < deadline) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 100) <= 0)
			continue;
		if (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) <= 0)
			break;
	}
	close(fd);
}

static void *conn_thread(void *arg)
{
	struct conn *c = arg;
	struct httpd *h = c->h;
	char *buf = malloc(HTTPD_MAX_REQUEST + 1);
	ssize_t n = buf ? read_head(h, c->fd, buf, HTTPD_MAX_REQUEST + 1) : 0;

	if (n < 0)
		respond_text(h, c->fd, 400, NULL, false);
	else if (n > 0)
		handle_request(h, c->fd, buf);
	free(buf);
	pthread_mutex_lock(&h->mu);
	h->conn_fd[c->slot] = -1;
	pthread_mutex_unlock(&h->mu);
	linger_close(c->fd);
	pthread_mutex_lock(&h->mu);
	if (--h->nr_conns == 0)
		pthread_cond_broadcast(&h->idle);
	pthread_mutex_unlock(&h->mu);
	free(c);
	return NULL;
}

static void accept_one(struct httpd *h)
{
	static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
				   "Content-Length: 24\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
				   "503 Service Unavailable\n";
	int fd = accept4(h->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	struct conn *c;
	pthread_attr_t attr;
	pthread_t t;
	int slot = -1;

	if (fd < 0) {
		/* out of file descriptors: let some connections end first */
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
			poll(NULL, 0, 100);
		return;
	}
	pthread_mutex_lock(&h->mu);
	for (int i = 0; i < HTTPD_MAX_CONNS && slot < 0; i++)
		if (h->conn_fd[i] < 0)
			slot = i;
	c = slot >= 0 ? malloc(sizeof(*c)) : NULL;
	if (!c) {
		pthread_mutex_unlock(&h->mu);
		if (send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
			(void)0;
		close(fd);
		return;
	}
	*c = (struct conn){ .h = h, .fd = fd, .slot = slot };
	h->conn_fd[slot] = fd;
	h->nr_conns++;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, conn_thread, c)) {
		h->conn_fd[slot] = -1;
		h->nr_conns--;
		pthread_mutex_unlock(&h->mu);
		close(fd);
		free(c);
	} else {
		pthread_mutex_unlock(&h->mu);
	}
	pthread_attr_destroy(&attr);
}

static void *accept_thread(void *arg)
{
	struct httpd *h = arg;

	for (;;) {
		struct pollfd p[2] = {
			{ .fd = h->listen_fd, .events = POLLIN },
			{ .fd = h->wake[0], .events = POLLIN },
		};

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents || stopping(h))
			break;
		if (p[0].revents & POLLIN)
			accept_one(h);
	}
	return NULL;
}

int httpd_start(struct live *lv, int port, struct httpd **out, struct memhp_err *err)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t salen = sizeof(sa);
	struct httpd *h;
	sigset_t all, old;
	int one = 1, ret;

	*out = NULL;
	if (port < 0 || port > 65535)
		return memhp_err_set(err, -EINVAL, "HTTP port %d out of range", port);
	h = calloc(1, sizeof(*h));
	if (!h)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	h->lv = lv;
	h->wake[0] = h->wake[1] = -1;
	for (int i = 0; i < HTTPD_MAX_CONNS; i++)
		h->conn_fd[i] = -1;
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->idle, NULL);
	sa.sin_port = htons((uint16_t)port);
	h->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (h->listen_fd < 0 || pipe2(h->wake, O_CLOEXEC)) {
		ret = memhp_err_set(err, -errno, "HTTP socket: %s", strerror(errno));
		goto fail;
	}
	setsockopt(h->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(h->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(h->listen_fd, 64) ||
	    getsockname(h->listen_fd, (struct sockaddr *)&sa, &salen)) {
		ret = memhp_err_set(err, -errno, "127.0.0.1:%d: %s", port, strerror(errno));
		goto fail;
	}
	h->port = ntohs(sa.sin_port);
	/* the server's threads take no signals: they stay with the caller */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&h->thread, NULL, accept_thread, h);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret) {
		ret = memhp_err_set(err, -ret, "HTTP thread: %s", strerror(ret));
		goto fail;
	}
	h->thread_started = true;
	*out = h;
	return 0;
fail:
	httpd_stop(h);
	return ret;
}

void httpd_stop(struct httpd *h)
{
	char c = 1;

	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	h->stopping = true;
	for (int i = 0; i < HTTPD_MAX_CONNS; i++)
		if (h->conn_fd[i] >= 0)
			shutdown(h->conn_fd[i], SHUT_RDWR);
	pthread_mutex_unlock(&h->mu);
	if (h->thread_started) {
		if (write(h->wake[1], &c, 1) < 0)
			(void)0;
		pthread_join(h->thread, NULL);
	}
	pthread_mutex_lock(&h->mu);
	while (h->nr_conns)
		pthread_cond_wait(&h->idle, &h->mu);
	pthread_mutex_unlock(&h->mu);
	if (h->listen_fd >= 0)
		close(h->listen_fd);
	if (h->wake[0] >= 0)
		close(h->wake[0]);
	if (h->wake[1] >= 0)
		close(h->wake[1]);
	pthread_cond_destroy(&h->idle);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

int httpd_port(const struct httpd *h)
{
	return h->port;
}
