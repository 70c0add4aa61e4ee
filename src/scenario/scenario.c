// SPDX-License-Identifier: MIT
/*
 * The scenario runner: parses FORMAT.md's steps, builds the machine from
 * the accumulated `qemu` and `append` lines at `boot`, sends `qmp` lines
 * through the QMP layer, `read`/`write`/`ls` through the sysfs text layer,
 * and prints `snapshot` from the files the reference agent reads, with
 * MemTotal and managed pages relative to the boot snapshot.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/json.h"
#include "memhp/machine.h"
#include "memhp/drivers.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "memhp/sysfs.h"
#include "scenario/scenario.h"

/* the transcript's first line, with the kernel's profile name */
#define REFERENCE "# reference: memhp 0.1 (model of linux %s on qemu 7.2 pc machine)"

struct zone_base {
	int nid;
	int zt;
	long long managed;
};

struct runner {
	FILE *out, *diag;
	char **qemu_argv;
	int qemu_argc;
	char *cmdline;
	struct machine *m;
	struct qmp_session qmp;
	long long base_memtotal;
	struct zone_base *base;
	size_t nr_base;
	int line;
	const char *path;
	struct { char *name; bool loaded; } modules[16];
	struct machine_opts opts;	/* model-only choices made before boot */
	scenario_boot_fn boot;		/* NULL: machine_new_opts() */
	void *boot_opaque;
	bool for_linux;			/* "#! linux": the scenario is for the real kernel too */
};

/* ---- helpers ---- */

static void rstrip(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = 0;
}

/* reads a file the way the reference agent does: trailing newlines and spaces removed */
static int read_attr(struct runner *r, const char *path, char **out)
{
	size_t len;
	int ret = sysfs_read(machine_kernel(r->m), path, out, &len);

	if (!ret)
		rstrip(*out);
	return ret;
}

static void print_json_line(struct runner *r, const struct json *j)
{
	char *s = json_to_string(j, JSON_EMIT_COMPACT);

	fprintf(r->out, "%s\n", s ? s : "null");
	free(s);
}

/* ---- snapshot ---- */

static void attr_or_error(struct runner *r, const char *dir, const char *name, char *buf, size_t size)
{
	char path[512];
	char *v = NULL;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ret = read_attr(r, path, &v);
	if (ret)
		snprintf(buf, size, "<%s>", errno_name(-ret));
	else
		snprintf(buf, size, "%s", v);
	free(v);
}

struct name_list {
	long *v;
	size_t n, cap;
	const char *prefix;
};

static void collect_numbered(void *opaque, const char *name, enum sysfs_kind kind)
{
	struct name_list *l = opaque;
	size_t pl = strlen(l->prefix);

	(void)kind;
	if (strncmp(name, l->prefix, pl) || name[pl] < '0' || name[pl] > '9')
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		long *nv = realloc(l->v, cap * sizeof(*nv));

		if (!nv)
			return;
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = atol(name + pl);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static void list_numbered(struct runner *r, const char *dir, const char *prefix, struct name_list *l)
{
	memset(l, 0, sizeof(*l));
	l->prefix = prefix;
	sysfs_readdir(machine_kernel(r->m), dir, collect_numbered, l);
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_long);
}

static void print_ranges(FILE *out, const long *v, size_t n)
{
	if (!n) {
		fputs("-", out);
		return;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j + 1 < n && v[j + 1] == v[j] + 1)
			j++;
		if (i)
			fputc(',', out);
		if (j > i)
			fprintf(out, "%ld-%ld", v[i], v[j]);
		else
			fprintf(out, "%ld", v[i]);
		i = j + 1;
	}
}

static void snap_memory(struct runner *r)
{
	const char *root = "/sys/devices/system/memory";
	char a[256], b[256];
	struct name_list blocks;

	attr_or_error(r, root, "block_size_bytes", a, sizeof(a));
	attr_or_error(r, root, "auto_online_blocks", b, sizeof(b));
	fprintf(r->out, "memory block_size_bytes=%s auto_online_blocks=%s\n", a, b);
	list_numbered(r, root, "memory", &blocks);
	for (size_t i = 0; i < blocks.n; i++) {
		char dir[128], st[64], on[64], pi[64], pd[64], rm[64], vz[256];
		struct name_list nodes;

		snprintf(dir, sizeof(dir), "%s/memory%ld", root, blocks.v[i]);
		attr_or_error(r, dir, "state", st, sizeof(st));
		attr_or_error(r, dir, "online", on, sizeof(on));
		attr_or_error(r, dir, "phys_index", pi, sizeof(pi));
		attr_or_error(r, dir, "phys_device", pd, sizeof(pd));
		attr_or_error(r, dir, "removable", rm, sizeof(rm));
		attr_or_error(r, dir, "valid_zones", vz, sizeof(vz));
		list_numbered(r, dir, "node", &nodes);
		fprintf(r->out,
			"block %ld state=%s online=%s phys_index=%s phys_device=%s removable=%s valid_zones=\"%s\" node=%ld\n",
			blocks.v[i], st, on, pi, pd, rm, vz, nodes.n ? nodes.v[nodes.n - 1] : -1L);
		free(nodes.v);
	}
	free(blocks.v);
}

static void snap_nodes(struct runner *r)
{
	static const char *const masks[] = { "possible", "online", "has_memory", "has_normal_memory", "has_cpu" };
	const char *root = "/sys/devices/system/node";
	struct name_list nodes;
	char v[256];

	fputs("nodes", r->out);
	for (size_t i = 0; i < sizeof(masks) / sizeof(*masks); i++) {
		attr_or_error(r, root, masks[i], v, sizeof(v));
		fprintf(r->out, " %s=%s", masks[i], v);
	}
	fputc('\n', r->out);
	list_numbered(r, root, "node", &nodes);
	for (size_t i = 0; i < nodes.n; i++) {
		char dir[128];
		struct name_list blocks;

		snprintf(dir, sizeof(dir), "%s/node%ld", root, nodes.v[i]);
		list_numbered(r, dir, "memory", &blocks);
		fprintf(r->out, "node %ld memory=", nodes.v[i]);
		print_ranges(r->out, blocks.v, blocks.n);
		fputc('\n', r->out);
		free(blocks.v);
	}
	free(nodes.v);
}

static void snap_iomem(struct runner *r)
{
	char *text = NULL, *save = NULL, *line;

	if (sysfs_read(machine_kernel(r->m), "/proc/iomem", &text, NULL))
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int depth = 0;
		char *range, *colon, *name;

		while (line[depth] == ' ')
			depth++;
		range = line + depth;
		colon = strstr(range, " : ");
		if (!colon)
			continue;
		*colon = 0;
		name = colon + 3;
		if (strstr(name, "RAM") || strstr(name, "Persistent") || strstr(name, "Soft Reserved") ||
		    strstr(name, "dax") || strstr(name, "namespace") || strstr(name, "region") ||
		    strstr(name, "Xen") || (depth == 0 && strstr(name, "virtio")))
			fprintf(r->out, "iomem %d %s %s\n", depth / 2, range, name);
	}
	free(text);
}

static long long meminfo_total(struct runner *r)
{
	char *text = NULL;
	long long v = -1;

	if (sysfs_read(machine_kernel(r->m), "/proc/meminfo", &text, NULL))
		return -1;
	sscanf(text, "MemTotal: %lld kB", &v);
	free(text);
	return v;
}

struct zone_line {
	int nid;
	char zone[32];
	long long start, spanned, present, managed;
};

static size_t parse_zoneinfo(struct runner *r, struct zone_line **out)
{
	char *text = NULL, *save = NULL, *line;
	struct zone_line *z = NULL;
	size_t n = 0;

	*out = NULL;
	if (sysfs_read(machine_kernel(r->m), "/proc/zoneinfo", &text, NULL))
		return 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int nid;
		char name[32];
		long long v;

		if (sscanf(line, "Node %d, zone %31s", &nid, name) == 2) {
			struct zone_line *nz = realloc(z, (n + 1) * sizeof(*nz));

			if (!nz)
				break;
			z = nz;
			z[n].nid = nid;
			snprintf(z[n].zone, sizeof(z[n].zone), "%s", name);
			z[n].start = z[n].spanned = z[n].present = z[n].managed = -1;
			n++;
		} else if (n && sscanf(line, " spanned %lld", &v) == 1) {
			z[n - 1].spanned = v;
		} else if (n && sscanf(line, " present %lld", &v) == 1) {
			z[n - 1].present = v;
		} else if (n && sscanf(line, " managed %lld", &v) == 1) {
			z[n - 1].managed = v;
		} else if (n && sscanf(line, " start_pfn: %lld", &v) == 1) {
			z[n - 1].start = v;
		}
	}
	free(text);
	*out = z;
	return n;
}

static long long base_managed(struct runner *r, int nid, const char *zone)
{
	for (size_t i = 0; i < r->nr_base; i++)
		if (r->base[i].nid == nid && !strcmp(zone_names[r->base[i].zt], zone))
			return r->base[i].managed;
	return 0;
}

static void take_baseline(struct runner *r)
{
	struct zone_line *z;
	size_t n = parse_zoneinfo(r, &z);

	r->base_memtotal = meminfo_total(r);
	free(r->base);
	r->base = calloc(n ? n : 1, sizeof(*r->base));
	r->nr_base = 0;
	for (size_t i = 0; r->base && i < n; i++) {
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			if (!strcmp(zone_names[zt], z[i].zone)) {
				r->base[r->nr_base].nid = z[i].nid;
				r->base[r->nr_base].zt = zt;
				r->base[r->nr_base].managed = z[i].managed;
				r->nr_base++;
			}
		}
	}
	free(z);
}

static void step_snapshot(struct runner *r)
{
	struct zone_line *z;
	size_t n;

	snap_memory(r);
	snap_nodes(r);
	snap_iomem(r);
	fprintf(r->out, "meminfo MemTotal_kB=%+lld\n", meminfo_total(r) - r->base_memtotal);
	n = parse_zoneinfo(r, &z);
	for (size_t i = 0; i < n; i++) {
		fprintf(r->out, "zone %d %s start_pfn=", z[i].nid, z[i].zone);
		if (z[i].start < 0)
			fputs("-", r->out);
		else
			fprintf(r->out, "%lld", z[i].start);
		fprintf(r->out, " spanned=%lld present=%lld managed=%+lld\n", z[i].spanned, z[i].present,
			z[i].managed - base_managed(r, z[i].nid, z[i].zone));
	}
	free(z);
}

/* ---- steps ---- */

static int step_boot(struct runner *r)
{
	struct memhp_err err = { 0 };
	int ret;

	if (r->m) {
		fprintf(r->out, "error already booted\n");
		if (r->diag)
			fprintf(r->diag, "%s:%d: a second 'boot' has no effect: the machine is already running\n",
				r->path, r->line);
		return 0;
	}
	if (r->boot)
		ret = r->boot(r->boot_opaque, (const char *const *)r->qemu_argv, r->qemu_argc, r->cmdline, &r->opts,
			      &r->m, &err);
	else
		ret = machine_new_opts((const char *const *)r->qemu_argv, r->qemu_argc, r->cmdline, &r->opts,
				       &r->m, &err);
	if (ret) {
		fprintf(r->out, "error qemu-system-x86_64: %s\n", err.msg);
		if (r->diag)
			fprintf(r->diag, "%s:%d: boot failed: %s\n", r->path, r->line, err.msg);
		return 1;
	}
	take_baseline(r);
	/* events before boot (none expected) are not part of the transcript */
	struct machine_event *ev;
	size_t nev = machine_take_events(r->m, &ev);

	machine_events_free(ev, nev);
	r->qmp.negotiated = true;	/* the reference runner negotiates at connect */
	fprintf(r->out, "ok\n");
	return 0;
}

static void step_qmp(struct runner *r, const char *text)
{
	struct json *req = NULL, *reply;
	char msg[256];

	if (json_parse(text, strlen(text), &req, msg, sizeof(msg))) {
		/* QEMU answers a malformed request with a GenericError carrying the parser's message */
		reply = qmp_error_reply(msg);
	} else {
		reply = qmp_handle_request(machine_host(r->m), &r->qmp, req);
	}
	json_object_remove(reply, "id");
	print_json_line(r, reply);
	json_free(reply);
	json_free(req);
}

struct event_line {
	char *name;
	char *data;
};

static int cmp_event(const void *a, const void *b)
{
	const struct event_line *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->data ? x->data : "", y->data ? y->data : "");
}

static void step_events(struct runner *r)
{
	struct machine_event *ev;
	size_t n = machine_take_events(r->m, &ev);
	struct event_line *lines = calloc(n ? n : 1, sizeof(*lines));

	for (size_t i = 0; lines && i < n; i++) {
		lines[i].name = ev[i].name;
		/* NULL (no data, or out of memory) prints as {} */
		lines[i].data = ev[i].data ? json_to_string(ev[i].data, JSON_EMIT_COMPACT | JSON_EMIT_SORT_KEYS) : NULL;
	}
	if (lines && n)
		qsort(lines, n, sizeof(*lines), cmp_event);
	for (size_t i = 0; lines && i < n; i++) {
		fprintf(r->out, "%s %s\n", lines[i].name, lines[i].data ? lines[i].data : "{}");
		free(lines[i].data);
	}
	free(lines);
	machine_events_free(ev, n);
}

static void step_read(struct runner *r, const char *path)
{
	char *v = NULL;
	int ret = read_attr(r, path, &v);

	if (ret)
		fprintf(r->out, "error %s\n", errno_name(-ret));
	else
		fprintf(r->out, "%s\n", v);
	free(v);
}

static void step_write(struct runner *r, const char *rest)
{
	const char *sp = strchr(rest, ' ');
	char path[512], *value;
	struct memhp_err err = { 0 };
	int ret;

	if (!sp) {
		/* the reference guest's agent refuses a write without a value */
		fprintf(r->out, "error EINVAL\n");
		if (r->diag)
			fprintf(r->diag, "%s:%d: write needs a path and a value\n", r->path, r->line);
		return;
	}
	if ((size_t)(sp - rest) >= sizeof(path)) {
		snprintf(path, sizeof(path), "%s", rest);
		sp = rest + strlen(rest);
	} else {
		memcpy(path, rest, (size_t)(sp - rest));
		path[sp - rest] = 0;
	}
	while (*sp == ' ')
		sp++;
	if (asprintf(&value, "%s\n", sp) < 0)
		return;
	ret = sysfs_write(machine_kernel(r->m), path, value, strlen(value), &err);
	free(value);
	if (ret) {
		fprintf(r->out, "error %s\n", errno_name(-ret));
		if (r->diag && err.msg[0])
			fprintf(r->diag, "%s:%d: %s\n", r->path, r->line, err.msg);
	} else {
		fprintf(r->out, "ok\n");
	}
}

struct str_list {
	char **v;
	size_t n, cap;
};

static void collect_name(void *opaque, const char *name, enum sysfs_kind kind)
{
	struct str_list *l = opaque;

	(void)kind;
	if (name[0] == '.')
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		char **nv = realloc(l->v, cap * sizeof(*nv));

		if (!nv)
			return;
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n] = strdup(name);
	if (l->v[l->n])
		l->n++;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void step_ls(struct runner *r, const char *path)
{
	struct str_list l = { 0 };
	int ret = sysfs_readdir(machine_kernel(r->m), path, collect_name, &l);

	if (ret) {
		fprintf(r->out, "error %s\n", errno_name(-ret));
	} else {
		if (l.n)
			qsort(l.v, l.n, sizeof(*l.v), cmp_str);
		for (size_t i = 0; i < l.n; i++)
			fprintf(r->out, "%s\n", l.v[i]);
	}
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i]);
	free(l.v);
}

static void step_modprobe(struct runner *r, const char *name)
{
	int ret = kernel_modprobe(machine_kernel(r->m), name);

	if (ret)
		fprintf(r->out, "error %s\n", errno_name(-ret));
	else
		fprintf(r->out, "ok\n");
	/* a driver that binds may make the guest act on its devices */
	machine_run_guest(r->m);
}

/* the guest agent's size syntax: strtoull(base 0) and one of K, M, G; 0 is refused */
static int parse_agent_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	/* the agent's parse: strtoull() without a range check (past 2^64 reads
	 * as 2^64 - 1, "-1" as well), a suffix shifts bits out */
	v = strtoull(s, &end, 0);
	if (end == s)
		return -EINVAL;
	switch (*end) {
	case 'K': v <<= 10; end++; break;
	case 'M': v <<= 20; end++; break;
	case 'G': v <<= 30; end++; break;
	}
	if (*end || !v)
		return -EINVAL;
	*out = v;
	return 0;
}

static void report(struct runner *r, int ret, const struct memhp_err *err)
{
	if (!ret) {
		fprintf(r->out, "ok\n");
		return;
	}
	fprintf(r->out, "error %s\n", errno_name(-ret));
	if (r->diag && err->msg[0])
		fprintf(r->diag, "%s:%d: %s\n", r->path, r->line, err->msg);
}

/* alloc NAME SIZE */
static void step_alloc(struct runner *r, char *rest)
{
	struct memhp_err err = { 0 };
	char *size = strchr(rest, ' ');
	uint64_t bytes;
	int ret;

	if (size) {
		*size++ = 0;
		while (*size == ' ')
			size++;
	}
	if (!*rest || !size || !*size)
		ret = memhp_err_set(&err, -EINVAL, "usage: alloc NAME SIZE");
	else if (parse_agent_size(size, &bytes))
		ret = memhp_err_set(&err, -EINVAL, "bad size '%s' (a number with K, M or G)", size);
	else
		ret = process_alloc(machine_kernel(r->m), rest, bytes, &err);
	report(r, ret, &err);
}

/* free NAME */
static void step_free(struct runner *r, char *rest)
{
	struct memhp_err err = { 0 };
	char *sp = strchr(rest, ' ');
	int ret;

	if (sp)
		*sp = 0;
	ret = *rest ? process_free(machine_kernel(r->m), rest, &err) :
		      memhp_err_set(&err, -EINVAL, "usage: free NAME");
	report(r, ret, &err);
}

/* the size syntax of model steps: the agent's, plus T, but a value that
 * does not fit in 64 bits is refused rather than wrapped */
static int parse_model_size(const char *s, uint64_t *out)
{
	static const char suffixes[] = "KMGT";
	unsigned long long v;
	const char *sfx;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (end == s || errno || *s == '-')
		return -EINVAL;
	if (*end && (sfx = strchr(suffixes, *end)) != NULL) {
		unsigned int shift = 10 * (unsigned int)(sfx - suffixes + 1);

		if (v > (UINT64_MAX >> shift))
			return -EINVAL;
		v <<= shift;
		end++;
	}
	if (*end || !v)
		return -EINVAL;
	*out = v;
	return 0;
}

/*
 * Model-only steps (`model VERB ...`): what the reference guest cannot do.
 * Return: 1 to stop the scenario, 0 to go on.
 */
static int step_model(struct runner *r, char *rest)
{
	struct memhp_err err = { 0 };
	char **w = NULL;
	int n = split_words(rest, &w), ret = 0;
	uint64_t a = 0, b = 0, c = 0, d = 0;

	if (n < 1) {
		free_words(w, n > 0 ? n : 0);
		fprintf(r->out, "error EINVAL\n");
		return 0;
	}
	if (r->for_linux) {
		fprintf(r->out, "error EPERM\n");
		if (r->diag)
			fprintf(r->diag, "%s:%d: 'model %s' is model-only, and this scenario is marked for the real kernel (#! linux)\n",
				r->path, r->line, w[0]);
		free_words(w, n);
		return 1;
	}
	if (!strcmp(w[0], "hypervisor")) {
		if (r->m)
			ret = memhp_err_set(&err, -EBUSY, "model hypervisor comes before boot");
		else if (n == 2 && !strcmp(w[1], "kvm"))
			r->opts.hypervisor = HYPERVISOR_KVM;
		else if (n == 2 && !strcmp(w[1], "hyperv"))
			r->opts.hypervisor = HYPERVISOR_HYPERV;
		else if (n == 2 && !strcmp(w[1], "xen"))
			r->opts.hypervisor = HYPERVISOR_XEN;
		else
			ret = memhp_err_set(&err, -EINVAL, "usage: model hypervisor kvm|hyperv|xen");
	} else if (!r->m) {
		ret = memhp_err_set(&err, -EINVAL, "'model %s' needs a booted machine", w[0]);
	} else if (!strcmp(w[0], "kalloc") && (n == 3 || n == 4)) {
		enum kernel_mobility mob = KERNEL_UNMOVABLE;

		if (n == 4 && !strcmp(w[3], "reclaimable"))
			mob = KERNEL_RECLAIMABLE;
		else if (n == 4 && !strcmp(w[3], "movable"))
			mob = KERNEL_MOVABLE;
		else if (n == 4 && strcmp(w[3], "unmovable"))
			ret = memhp_err_set(&err, -EINVAL, "mobility is unmovable, reclaimable or movable");
		if (!ret && parse_model_size(w[2], &a))
			ret = memhp_err_set(&err, -EINVAL, "bad size '%s'", w[2]);
		if (!ret)
			ret = kernel_alloc_named(machine_kernel(r->m), w[1], a, mob, &err);
	} else if (!strcmp(w[0], "kfree") && n == 2) {
		ret = kernel_free_named(machine_kernel(r->m), w[1], &err);
	} else if (!strcmp(w[0], "pin") && n == 2) {
		ret = process_pin(machine_kernel(r->m), w[1], &err);
	} else if (!strcmp(w[0], "unpin") && n == 2) {
		ret = process_unpin(machine_kernel(r->m), w[1], &err);
	} else if (!strcmp(w[0], "node-memory") && n == 2 && (!strcmp(w[1], "on") || !strcmp(w[1], "off"))) {
		node_memory_interface_set(machine_kernel(r->m), !strcmp(w[1], "on"));
	} else if (!strcmp(w[0], "xen-unpopulated") && n == 3 && (!strcmp(w[1], "alloc") || !strcmp(w[1], "free"))) {
		if (parse_model_size(w[2], &a) || a % 4096)
			ret = memhp_err_set(&err, -EINVAL, "bad size '%s' (whole pages)", w[2]);
		else if (!strcmp(w[1], "alloc"))
			ret = xen_unpopulated_alloc(machine_kernel(r->m), a / 4096, &err);
		else
			ret = xen_unpopulated_free(machine_kernel(r->m), a / 4096, &err);
	} else if (!strcmp(w[0], "hv-hot-add") && (n == 3 || n == 5)) {
		if (parse_model_size(w[1], &a) && parse_agent_size(w[1], &a))
			ret = memhp_err_set(&err, -EINVAL, "bad address '%s'", w[1]);
		else if (parse_model_size(w[2], &b))
			ret = memhp_err_set(&err, -EINVAL, "bad size '%s'", w[2]);
		else if (n == 5 && (parse_model_size(w[3], &c) || parse_model_size(w[4], &d)))
			ret = memhp_err_set(&err, -EINVAL, "bad region '%s %s'", w[3], w[4]);
		if (!ret) {
			uint64_t done = 0;

			ret = hv_balloon_hot_add(machine_kernel(r->m), a, b, c, d, &done, &err);
			machine_run_guest(r->m);
			if (!ret) {
				fprintf(r->out, "ok %llu\n", (unsigned long long)done);
				free_words(w, n);
				return 0;
			}
		}
	} else {
		ret = memhp_err_set(&err, -EINVAL, "unknown model step 'model %s' (see the README)", rest);
	}
	free_words(w, n);
	report(r, ret, &err);
	return 0;
}

static int run_line(struct runner *r, char *line)
{
	char *verb, *rest;

	while (*line == ' ' || *line == '\t')
		line++;
	rstrip(line);
	if (!strncmp(line, "#!", 2)) {
		char *p = line + 2;

		while (*p == ' ')
			p++;
		if (!strcmp(p, "linux"))
			r->for_linux = true;
		return 0;
	}
	if (!*line || *line == '#')
		return 0;
	verb = line;
	rest = strchr(line, ' ');
	if (rest) {
		*rest++ = 0;
		while (*rest == ' ')
			rest++;
	} else {
		rest = line + strlen(line);
	}
	if ((!strcmp(verb, "qemu") || !strcmp(verb, "append")) && r->m) {
		/* the reference runner takes these silently; on a running machine they change nothing */
		if (r->diag)
			fprintf(r->diag, "%s:%d: '%s' after boot has no effect: %s\n", r->path, r->line, verb,
				!strcmp(verb, "qemu") ? "the machine is already running" : "the kernel has already booted");
		return 0;
	}
	if (!strcmp(verb, "qemu")) {
		char **argv;
		int argc = split_words(rest, &argv);

		if (argc < 0) {
			if (r->diag)
				fprintf(r->diag, "%s:%d: unbalanced quotes in qemu line\n", r->path, r->line);
			return 1;
		}
		char **nv = realloc(r->qemu_argv, (size_t)(r->qemu_argc + argc + 1) * sizeof(*nv));

		if (!nv) {
			free_words(argv, argc);
			return 1;
		}
		r->qemu_argv = nv;
		for (int i = 0; i < argc; i++)
			r->qemu_argv[r->qemu_argc++] = argv[i];
		r->qemu_argv[r->qemu_argc] = NULL;
		free(argv);
		return 0;
	}
	if (!strcmp(verb, "append")) {
		size_t old = r->cmdline ? strlen(r->cmdline) : 0;
		char *nc = realloc(r->cmdline, old + strlen(rest) + 2);

		if (!nc)
			return 1;
		if (old)
			nc[old++] = ' ';
		strcpy(nc + old, rest);
		r->cmdline = nc;
		return 0;
	}
	fprintf(r->out, "$ %s%s%s\n", verb, *rest ? " " : "", rest);
	if (!strcmp(verb, "boot"))
		return step_boot(r);
	if (!strcmp(verb, "model")) {
		if (r->m)
			machine_run_guest(r->m);
		return step_model(r, rest);
	}
	if (!r->m) {
		fprintf(r->out, "error not booted\n");
		if (r->diag)
			fprintf(r->diag, "%s:%d: '%s' before boot\n", r->path, r->line, verb);
		return 1;
	}
	/* the guest runs between QMP commands only when a step waits for it:
	 * every step but `qmp` gives it time to handle hot-plug notifications */
	if (strcmp(verb, "qmp"))
		machine_run_guest(r->m);
	/* steps that keep the guest's user space busy for a while (settling,
	 * snapshots, modules, workloads) make its kernel allocate; a single read
	 * or write mostly does not (recorded: kalloc-* scenarios) */
	if (!strcmp(verb, "settle") || !strcmp(verb, "snapshot") || !strcmp(verb, "modprobe") ||
	    !strcmp(verb, "alloc") || !strcmp(verb, "free"))
		kernel_process_activity(machine_kernel(r->m));
	if (!strcmp(verb, "qmp"))
		step_qmp(r, rest);
	else if (!strcmp(verb, "events"))
		step_events(r);
	else if (!strcmp(verb, "snapshot"))
		step_snapshot(r);
	else if (!strcmp(verb, "read"))
		step_read(r, rest);
	else if (!strcmp(verb, "write"))
		step_write(r, rest);
	else if (!strcmp(verb, "ls"))
		step_ls(r, rest);
	else if (!strcmp(verb, "settle"))
		fprintf(r->out, "settled\n");
	else if (!strcmp(verb, "modprobe"))
		step_modprobe(r, rest);
	else if (!strcmp(verb, "alloc"))
		step_alloc(r, rest);
	else if (!strcmp(verb, "free"))
		step_free(r, rest);
	else {
		fprintf(r->out, "error unknown step\n");
		if (r->diag)
			fprintf(r->diag, "%s:%d: unknown step '%s'\n", r->path, r->line, verb);
		return 1;
	}
	return 0;
}

static int run_stream(FILE *f, const char *path, FILE *out, FILE *diag, scenario_boot_fn boot, void *opaque,
		      const struct kernel_profile *profile);

int scenario_run_file(const char *path, FILE *out, FILE *diag)
{
	return scenario_run_file_profile(path, NULL, out, diag);
}

int scenario_run_file_profile(const char *path, const struct kernel_profile *profile, FILE *out, FILE *diag)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	int status;

	if (!f) {
		if (diag)
			fprintf(diag, "%s: %s\n", path, strerror(errno));
		return 2;
	}
	/* a directory opens for reading on Linux, and its first read fails */
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		if (diag)
			fprintf(diag, "%s: %s\n", path, strerror(EISDIR));
		fclose(f);
		return 2;
	}
	status = run_stream(f, path, out, diag, NULL, NULL, profile);
	fclose(f);
	return status;
}

int scenario_run_stream(FILE *f, const char *path, FILE *out, FILE *diag)
{
	return scenario_run_stream_boot(f, path, out, diag, NULL, NULL);
}

int scenario_run_stream_boot(FILE *f, const char *path, FILE *out, FILE *diag, scenario_boot_fn boot, void *opaque)
{
	return run_stream(f, path, out, diag, boot, opaque, NULL);
}

static int run_stream(FILE *f, const char *path, FILE *out, FILE *diag, scenario_boot_fn boot, void *opaque,
		      const struct kernel_profile *profile)
{
	struct runner r = { .out = out, .diag = diag, .path = path, .boot = boot, .boot_opaque = opaque };
	char *line = NULL;
	size_t cap = 0;
	int status = 0;

	r.opts.profile = profile ? profile : &kernel_profiles[0];
	fprintf(out, REFERENCE "\n", r.opts.profile->name);
	while (getline(&line, &cap, f) >= 0) {
		r.line++;
		if (run_line(&r, line)) {
			status = 1;
			if (!r.m)
				break;
		}
		fflush(out);
	}
	if (ferror(f)) {
		if (diag)
			fprintf(diag, "%s: read error after line %d\n", path, r.line);
		status = 2;
	}
	free(line);
	machine_free(r.m);
	free_words(r.qemu_argv, r.qemu_argc);
	free(r.cmdline);
	free(r.base);
	return status;
}
