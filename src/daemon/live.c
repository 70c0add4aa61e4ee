// SPDX-License-Identifier: MIT
/*
 * The live machine behind `memhp up` (see live.h): the lock every front end
 * takes, the generation counter and its condition variable, the fan-out of
 * QMP events to listeners, and the recording of actions as scenario steps
 * that `memhp run` and ../shared/oracle/run-linux replay.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "daemon/live.h"
#include "lib/json.h"
#include "memhp/machine.h"
#include "memhp/mm.h"

struct listener {
	live_event_fn fn;
	void *opaque;
};

/*
 * Invariants: machine is touched only with lock held; generation only grows
 * and is changed with lock held, waking `changed`.
 */
struct live {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct machine *m;
	uint64_t generation;
	struct listener *listeners;
	size_t nr_listeners;
	FILE *record;
};

static void record_line(struct live *lv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void record_line(struct live *lv, const char *fmt, ...)
{
	va_list ap;

	if (!lv->record)
		return;
	va_start(ap, fmt);
	vfprintf(lv->record, fmt, ap);
	va_end(ap);
	fputc('\n', lv->record);
	fflush(lv->record);
}

static void record_header(struct live *lv, const struct live_config *cfg)
{
	if (!lv->record)
		return;
	record_line(lv, "# recorded by memhp up");
	if (cfg->qemu_argc) {
		fputs("qemu", lv->record);
		for (int i = 0; i < cfg->qemu_argc; i++) {
			const char *a = cfg->qemu_argv[i];

			/* quote what the scenario's word splitting would break */
			if (strpbrk(a, " \t'\"\\"))
				fprintf(lv->record, " '%s'", a);
			else
				fprintf(lv->record, " %s", a);
		}
		fputc('\n', lv->record);
	}
	if (cfg->cmdline && *cfg->cmdline)
		record_line(lv, "append %s", cfg->cmdline);
	record_line(lv, "boot");
	for (int i = 0; i < cfg->nr_modules; i++)
		record_line(lv, "modprobe %s", cfg->modules[i]);
}

int live_new(const struct live_config *cfg, struct live **out, struct memhp_err *err)
{
	struct live *lv = calloc(1, sizeof(*lv));
	int ret;

	if (!lv)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	ret = machine_new_opts(cfg->qemu_argv, cfg->qemu_argc, cfg->cmdline,
			       &(struct machine_opts){ .hypervisor = HYPERVISOR_KVM, .profile = cfg->profile }, &lv->m, err);
	if (ret) {
		free(lv);
		return ret;
	}
	machine_run_guest(lv->m);
	/* what a distribution's udev would load at boot; the guest reacts to each */
	for (int i = 0; i < cfg->nr_modules; i++) {
		ret = kernel_modprobe(machine_kernel(lv->m), cfg->modules[i]);
		if (ret) {
			machine_free(lv->m);
			free(lv);
			return memhp_err_set(err, -EINVAL, "modprobe %s: %s", cfg->modules[i], strerror(-ret));
		}
		machine_run_guest(lv->m);
	}
	if (cfg->record_path) {
		lv->record = fopen(cfg->record_path, "a");
		if (!lv->record) {
			ret = -errno;
			machine_free(lv->m);
			free(lv);
			return memhp_err_set(err, ret, "%s: %s", cfg->record_path, strerror(-ret));
		}
	}
	pthread_mutex_init(&lv->lock, NULL);
	pthread_cond_init(&lv->changed, NULL);
	record_header(lv, cfg);
	*out = lv;
	return 0;
}

void live_free(struct live *lv)
{
	if (!lv)
		return;
	if (lv->record)
		fclose(lv->record);
	machine_free(lv->m);
	free(lv->listeners);
	pthread_cond_destroy(&lv->changed);
	pthread_mutex_destroy(&lv->lock);
	free(lv);
}

void live_lock(struct live *lv)
{
	pthread_mutex_lock(&lv->lock);
}

void live_unlock(struct live *lv)
{
	pthread_mutex_unlock(&lv->lock);
}

struct machine *live_machine(struct live *lv)
{
	return lv->m;
}

/* Context: lock held. */
static void bump(struct live *lv)
{
	lv->generation++;
	pthread_cond_broadcast(&lv->changed);
}

/* Sends the machine's queued events to every listener.  Context: lock held. */
static void broadcast_events(struct live *lv)
{
	struct machine_event *ev;
	size_t n = machine_take_events(lv->m, &ev);
	struct timeval tv;

	gettimeofday(&tv, NULL);
	for (size_t i = 0; i < n; i++) {
		struct json *o = json_new_object(), *ts = json_new_object();
		char *text;

		if (!o || !ts) {
			json_free(o);
			json_free(ts);
			continue;
		}
		json_object_set(ts, "seconds", json_new_i64((int64_t)tv.tv_sec));
		json_object_set(ts, "microseconds", json_new_i64((int64_t)tv.tv_usec));
		json_object_set(o, "timestamp", ts);
		json_object_set(o, "event", json_new_string(ev[i].name));
		if (ev[i].data) {
			json_object_set(o, "data", ev[i].data);
			ev[i].data = NULL;
		}
		text = json_to_string(o, JSON_EMIT_QMP);
		json_free(o);
		for (size_t l = 0; text && l < lv->nr_listeners; l++)
			lv->listeners[l].fn(lv->listeners[l].opaque, text);
		free(text);
	}
	machine_events_free(ev, n);
	if (n)
		bump(lv);
}

static bool is_query(const char *cmd)
{
	return !strncmp(cmd, "query-", 6) || !strcmp(cmd, "qom-get") || !strcmp(cmd, "qmp_capabilities") ||
	       !strcmp(cmd, "qom-list");
}

struct json *live_qmp(struct live *lv, struct qmp_session *s, const struct json *req)
{
	const char *cmd = json_string_value(json_object_get(req, "execute"));
	struct json *reply;

	if (cmd && !strcmp(cmd, "x-memhp-record-snapshot") && s->negotiated &&
	    !json_object_get(req, "arguments")) {
		/* our own extension (x- prefix, as QMP asks): mark a snapshot step */
		live_record_snapshot(lv);
		reply = json_new_object();
		if (reply && json_object_set(reply, "return", json_new_object())) {
			json_free(reply);
			return NULL;
		}
		if (reply && json_object_get(req, "id"))
			json_object_set(reply, "id", json_clone(json_object_get(req, "id")));
		return reply;
	}
	live_lock(lv);
	reply = qmp_handle_request(machine_host(lv->m), s, req);
	if (cmd && s->negotiated && !is_query(cmd)) {
		struct json *copy = json_clone(req);
		char *text;

		json_object_remove(copy, "id");
		text = json_to_string(copy, JSON_EMIT_COMPACT);
		if (text)
			record_line(lv, "qmp %s", text);
		free(text);
		json_free(copy);
		/* the guest reacts within milliseconds; a replay waits for it */
		machine_run_guest(lv->m);
		if (!strcmp(cmd, "device_add") || !strcmp(cmd, "device_del"))
			record_line(lv, "settle");
		bump(lv);
	}
	live_unlock(lv);
	return reply;
}

bool live_quit_requested(struct live *lv)
{
	bool q;

	live_lock(lv);
	q = machine_quit_requested(lv->m);
	live_unlock(lv);
	return q;
}

void live_flush_events(struct live *lv)
{
	live_lock(lv);
	broadcast_events(lv);
	live_unlock(lv);
}

int live_sysfs_lookup(struct live *lv, const char *path, struct sysfs_stat *st)
{
	int ret;

	live_lock(lv);
	ret = sysfs_lookup(machine_kernel(lv->m), path, st);
	live_unlock(lv);
	return ret;
}

int live_sysfs_read(struct live *lv, const char *path, char **out, size_t *len)
{
	int ret;

	live_lock(lv);
	ret = sysfs_read(machine_kernel(lv->m), path, out, len);
	live_unlock(lv);
	return ret;
}

ssize_t live_dev_rw(struct live *lv, const char *path, uint64_t off, void *buf, size_t len, bool write)
{
	ssize_t ret;

	live_lock(lv);
	ret = sysfs_dev_rw(machine_kernel(lv->m), path, off, buf, len, write);
	live_unlock(lv);
	return ret;
}

int live_sysfs_write(struct live *lv, const char *path, const char *buf, size_t len, struct memhp_err *err)
{
	int ret;

	live_lock(lv);
	ret = sysfs_write(machine_kernel(lv->m), path, buf, len, err);
	if (ret != -ENOENT && ret != -EISDIR && ret != -EACCES && len) {
		/* a scenario step writes VALUE plus a newline: record the value without it */
		size_t n = len;

		if (buf[n - 1] == '\n')
			n--;
		if (!memchr(buf, '\n', n))
			record_line(lv, "write %s %.*s", path, (int)n, buf);
	}
	if (!ret) {
		machine_run_guest(lv->m);
		bump(lv);
	}
	broadcast_events(lv);
	live_unlock(lv);
	return ret;
}

int live_sysfs_readdir(struct live *lv, const char *path,
		       void (*fn)(void *opaque, const char *name, enum sysfs_kind kind), void *opaque)
{
	int ret;

	live_lock(lv);
	ret = sysfs_readdir(machine_kernel(lv->m), path, fn, opaque);
	live_unlock(lv);
	return ret;
}

void live_record_snapshot(struct live *lv)
{
	live_lock(lv);
	record_line(lv, "snapshot");
	live_unlock(lv);
}

uint64_t live_generation(struct live *lv)
{
	uint64_t g;

	live_lock(lv);
	g = lv->generation;
	live_unlock(lv);
	return g;
}

uint64_t live_wait_change(struct live *lv, uint64_t since, int timeout_ms)
{
	struct timespec deadline;
	uint64_t g;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	live_lock(lv);
	while (lv->generation <= since)
		if (pthread_cond_timedwait(&lv->changed, &lv->lock, &deadline))
			break;
	g = lv->generation;
	live_unlock(lv);
	return g;
}

int live_add_event_listener(struct live *lv, live_event_fn fn, void *opaque)
{
	struct listener *l;

	live_lock(lv);
	l = realloc(lv->listeners, (lv->nr_listeners + 1) * sizeof(*l));
	if (!l) {
		live_unlock(lv);
		return -ENOMEM;
	}
	lv->listeners = l;
	l[lv->nr_listeners].fn = fn;
	l[lv->nr_listeners].opaque = opaque;
	lv->nr_listeners++;
	live_unlock(lv);
	return 0;
}

void live_remove_event_listener(struct live *lv, live_event_fn fn, void *opaque)
{
	live_lock(lv);
	for (size_t i = 0; i < lv->nr_listeners; i++) {
		if (lv->listeners[i].fn == fn && lv->listeners[i].opaque == opaque) {
			memmove(&lv->listeners[i], &lv->listeners[i + 1],
				(lv->nr_listeners - i - 1) * sizeof(*lv->listeners));
			lv->nr_listeners--;
			break;
		}
	}
	live_unlock(lv);
}
