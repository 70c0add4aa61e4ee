// SPDX-License-Identifier: MIT
/*
 * The QMP socket server: one thread polls the listening socket, the clients
 * and a wake-up pipe.  Input is a stream of JSON objects (not necessarily
 * one per line, as QEMU's streaming parser allows); each complete object is
 * run through live_qmp() and answered.  Events reach clients through the
 * live machine's listener, which may run on any thread: it queues the text
 * and wakes the poll loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/live.h"
#include "daemon/qmp_server.h"
#include "lib/json.h"

#define QMP_MAX_CLIENTS		64
#define QMP_MAX_INPUT		(1 << 20)

struct qmp_client {
	int fd;
	struct qmp_session session;
	char *in;		/* bytes received, not yet a complete object */
	size_t in_len;
	char *out;		/* bytes to send */
	size_t out_len;
	/* scanner state over in[0..in_len) */
	size_t scan_pos;
	int depth;
	bool in_string, escape;
};

/* Invariant: clients[] and every client's out buffer change only under mu. */
struct qmp_server {
	struct live *lv;
	char *path;
	int listen_fd;
	int wake[2];
	pthread_t thread;
	pthread_mutex_t mu;
	struct qmp_client *clients[QMP_MAX_CLIENTS];
	bool stop;
};

static void wake(struct qmp_server *srv)
{
	char c = 1;
	ssize_t r = write(srv->wake[1], &c, 1);

	(void)r;
}

/* Context: mu held. */
static int queue_out(struct qmp_client *c, const char *text)
{
	size_t n = strlen(text);
	char *o = realloc(c->out, c->out_len + n + 2);

	if (!o)
		return -ENOMEM;
	c->out = o;
	memcpy(c->out + c->out_len, text, n);
	c->out_len += n;
	c->out[c->out_len++] = '\r';
	c->out[c->out_len++] = '\n';
	return 0;
}

static void on_event(void *opaque, const char *text)
{
	struct qmp_server *srv = opaque;

	pthread_mutex_lock(&srv->mu);
	for (int i = 0; i < QMP_MAX_CLIENTS; i++)
		if (srv->clients[i] && srv->clients[i]->session.negotiated)
			queue_out(srv->clients[i], text);
	pthread_mutex_unlock(&srv->mu);
	wake(srv);
}

static void client_free(struct qmp_client *c)
{
	if (!c)
		return;
	close(c->fd);
	free(c->in);
	free(c->out);
	free(c);
}

static void accept_client(struct qmp_server *srv)
{
	int fd = accept4(srv->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct qmp_client *c;
	struct json *greeting;
	char *text;
	int slot = -1;

	if (fd < 0)
		return;
	c = calloc(1, sizeof(*c));
	greeting = qmp_greeting();
	text = greeting ? json_to_string(greeting, JSON_EMIT_QMP) : NULL;
	json_free(greeting);
	pthread_mutex_lock(&srv->mu);
	for (int i = 0; i < QMP_MAX_CLIENTS; i++)
		if (!srv->clients[i]) {
			slot = i;
			break;
		}
	if (!c || !text || slot < 0) {
		pthread_mutex_unlock(&srv->mu);
		free(text);
		free(c);
		close(fd);
		return;
	}
	c->fd = fd;
	queue_out(c, text);
	srv->clients[slot] = c;
	pthread_mutex_unlock(&srv->mu);
	free(text);
}

/* Finds the end of the next complete top-level JSON value; 0 if none yet. */
static size_t scan_object(struct qmp_client *c)
{
	for (; c->scan_pos < c->in_len; c->scan_pos++) {
		char ch = c->in[c->scan_pos];

		if (c->in_string) {
			if (c->escape)
				c->escape = false;
			else if (ch == '\\')
				c->escape = true;
			else if (ch == '"')
				c->in_string = false;
			continue;
		}
		if (ch == '"') {
			c->in_string = true;
		} else if (ch == '{' || ch == '[') {
			c->depth++;
		} else if (ch == '}' || ch == ']') {
			if (--c->depth <= 0) {
				c->depth = 0;
				return ++c->scan_pos;
			}
		} else if (!c->depth && ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') {
			/* a stray token at top level: hand it to the parser up to the line end */
			char *nl = memchr(c->in + c->scan_pos, '\n', c->in_len - c->scan_pos);

			if (!nl)
				return 0;
			c->scan_pos = (size_t)(nl - c->in) + 1;
			return c->scan_pos;
		}
	}
	return 0;
}

static struct json *parse_error_reply(const char *msg)
{
	struct json *r = json_new_object(), *e = json_new_object();

	json_object_set(e, "class", json_new_string("GenericError"));
	json_object_set(e, "desc", json_new_string(msg));
	json_object_set(r, "error", e);
	return r;
}

/* Runs every complete request in the client's input.  Context: mu not held. */
static void handle_input(struct qmp_server *srv, struct qmp_client *c)
{
	size_t end;

	while ((end = scan_object(c)) > 0) {
		struct json *req = NULL, *reply;
		char msg[160];
		char *text;

		if (json_parse(c->in, end, &req, msg, sizeof(msg)))
			reply = parse_error_reply(msg);
		else
			reply = live_qmp(srv->lv, &c->session, req);
		json_free(req);
		text = reply ? json_to_string(reply, JSON_EMIT_QMP) : NULL;
		json_free(reply);
		pthread_mutex_lock(&srv->mu);
		if (text)
			queue_out(c, text);
		pthread_mutex_unlock(&srv->mu);
		free(text);
		/* the reply goes out before the events the command caused */
		live_flush_events(srv->lv);
		memmove(c->in, c->in + end, c->in_len - end);
		c->in_len -= end;
		c->scan_pos = 0;
	}
}

/* false: the client is gone */
static bool read_client(struct qmp_server *srv, struct qmp_client *c)
{
	char buf[4096];
	ssize_t n = read(c->fd, buf, sizeof(buf));
	char *in;

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return false;
	if (n < 0)
		return true;
	if (c->in_len + (size_t)n > QMP_MAX_INPUT)
		return false;
	in = realloc(c->in, c->in_len + (size_t)n);
	if (!in)
		return false;
	c->in = in;
	memcpy(c->in + c->in_len, buf, (size_t)n);
	c->in_len += (size_t)n;
	handle_input(srv, c);
	return true;
}

/* false: the client is gone.  Context: mu held. */
static bool write_client(struct qmp_client *c)
{
	while (c->out_len) {
		ssize_t n = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);

		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		memmove(c->out, c->out + n, c->out_len - (size_t)n);
		c->out_len -= (size_t)n;
	}
	return true;
}

static void *server_thread(void *arg)
{
	struct qmp_server *srv = arg;

	for (;;) {
		struct pollfd pfd[QMP_MAX_CLIENTS + 2];
		struct qmp_client *who[QMP_MAX_CLIENTS + 2];
		int n = 0;

		pthread_mutex_lock(&srv->mu);
		if (srv->stop) {
			pthread_mutex_unlock(&srv->mu);
			break;
		}
		pfd[n] = (struct pollfd){ .fd = srv->listen_fd, .events = POLLIN };
		who[n++] = NULL;
		pfd[n] = (struct pollfd){ .fd = srv->wake[0], .events = POLLIN };
		who[n++] = NULL;
		for (int i = 0; i < QMP_MAX_CLIENTS; i++) {
			struct qmp_client *c = srv->clients[i];

			if (!c)
				continue;
			pfd[n] = (struct pollfd){ .fd = c->fd, .events = POLLIN | (c->out_len ? POLLOUT : 0) };
			who[n++] = c;
		}
		pthread_mutex_unlock(&srv->mu);
		if (poll(pfd, (nfds_t)n, -1) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents & POLLIN) {
			char drain[64];
			ssize_t r = read(srv->wake[0], drain, sizeof(drain));

			(void)r;
		}
		if (pfd[0].revents & POLLIN)
			accept_client(srv);
		for (int i = 2; i < n; i++) {
			struct qmp_client *c = who[i];
			bool alive = true;

			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				alive = read_client(srv, c);
			pthread_mutex_lock(&srv->mu);
			if (alive)
				alive = write_client(c);
			if (!alive) {
				for (int s = 0; s < QMP_MAX_CLIENTS; s++)
					if (srv->clients[s] == c)
						srv->clients[s] = NULL;
				client_free(c);
			}
			pthread_mutex_unlock(&srv->mu);
		}
	}
	return NULL;
}

int qmp_server_start(struct live *lv, const char *path, struct qmp_server **out, struct memhp_err *err)
{
	struct qmp_server *srv = calloc(1, sizeof(*srv));
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int ret;

	if (!srv)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	if (strlen(path) >= sizeof(sa.sun_path)) {
		free(srv);
		return memhp_err_set(err, -ENAMETOOLONG, "%s: socket path too long", path);
	}
	strcpy(sa.sun_path, path);
	srv->lv = lv;
	srv->wake[0] = srv->wake[1] = -1;
	srv->path = strdup(path);
	srv->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (!srv->path || srv->listen_fd < 0 || pipe2(srv->wake, O_NONBLOCK | O_CLOEXEC)) {
		ret = memhp_err_set(err, -errno ? -errno : -ENOMEM, "cannot create the QMP socket: %s", strerror(errno));
		goto fail;
	}
	if (!lstat(path, &st) && S_ISSOCK(st.st_mode))
		unlink(path);
	if (bind(srv->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(srv->listen_fd, 16)) {
		ret = memhp_err_set(err, -errno, "%s: %s", path, strerror(errno));
		goto fail;
	}
	pthread_mutex_init(&srv->mu, NULL);
	ret = live_add_event_listener(lv, on_event, srv);
	if (!ret)
		ret = -pthread_create(&srv->thread, NULL, server_thread, srv);
	if (ret) {
		live_remove_event_listener(lv, on_event, srv);
		unlink(path);
		memhp_err_set(err, ret, "cannot start the QMP server");
		goto fail;
	}
	*out = srv;
	return 0;
fail:
	if (srv->listen_fd >= 0)
		close(srv->listen_fd);
	for (int i = 0; i < 2; i++)
		if (srv->wake[i] >= 0)
			close(srv->wake[i]);
	free(srv->path);
	free(srv);
	return ret;
}

void qmp_server_stop(struct qmp_server *srv)
{
	if (!srv)
		return;
	live_remove_event_listener(srv->lv, on_event, srv);
	pthread_mutex_lock(&srv->mu);
	srv->stop = true;
	pthread_mutex_unlock(&srv->mu);
	wake(srv);
	pthread_join(srv->thread, NULL);
	for (int i = 0; i < QMP_MAX_CLIENTS; i++)
		client_free(srv->clients[i]);
	close(srv->listen_fd);
	close(srv->wake[0]);
	close(srv->wake[1]);
	unlink(srv->path);
	free(srv->path);
	pthread_mutex_destroy(&srv->mu);
	free(srv);
}
