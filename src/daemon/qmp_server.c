// SPDX-License-Identifier: MIT
/*
 * The QMP socket server: one thread polls the listening socket, the clients
 * and a wake-up pipe.  Each client's input is split into messages as QEMU's
 * monitor splits it (lib/json_stream.c): every top-level JSON value is one
 * request and gets one reply, a stray token gets QEMU's parse error, and a
 * request beyond a bound gets QEMU's words for it before the connection
 * ends.  Requests run through live_qmp().  Events reach clients through
 * the live machine's listener, which may run on any thread: it queues the
 * text and wakes the poll loop.
 *
 * Bounds, so that no client can make the server hold much or wait long
 * (see qmp_server.h): a client's requests run QMP_BATCH at a time before
 * the others get their turn, and not at all while more than
 * QMP_OUT_PAUSE_BYTES of its output wait to be sent (as QEMU stops reading
 * a monitor whose requests are not answered yet); a client whose unsent
 * output passes QMP_OUT_MAX_BYTES when an event comes is dropped.  Output
 * is a queue of messages sent with writev(), so draining a backlog costs
 * what is sent, not what is left.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/live.h"
#include "daemon/qmp_server.h"
#include "lib/json.h"

#define READ_CHUNK	4096
/* the input a client can make the server hold: one request and one read */
#define IN_MAX		(JSON_STREAM_MAX_BYTES + 2 * READ_CHUNK)

struct out_msg {
	struct out_msg *next;
	size_t len, off;	/* off: bytes of it sent already */
	char data[];
};

/*
 * Input (in, js, backlog, eof, closing) belongs to the server thread;
 * output (out_*, dead) changes only under the server's mu.  out_bytes is
 * the sum of len - off over the queue.
 */
struct qmp_client {
	int fd;
	struct qmp_session session;
	char *in;		/* bytes received, from the first one still needed */
	size_t in_len, in_cap;
	struct json_stream js;
	bool backlog;		/* complete requests may wait in in[] */
	bool eof;		/* the client sent all it will: answer what it sent, then close */
	bool closing;		/* no more requests: close once the output is sent */
	struct out_msg *out_head, *out_tail;
	size_t out_bytes;
	bool dead;		/* dropped: close at once */
};

/* Invariant: clients[] changes only under mu. */
struct qmp_server {
	struct live *lv;
	char *path;
	int listen_fd;
	int wake[2];
	pthread_t thread;
	pthread_mutex_t mu;
	struct qmp_client *clients[QMP_MAX_CLIENTS];
	bool stop;
	bool quitting;		/* a client's quit ran; SIGTERM once its reply is out */
};

static void wake(struct qmp_server *srv)
{
	char c = 1;
	ssize_t r = write(srv->wake[1], &c, 1);

	(void)r;
}

static void out_free(struct qmp_client *c)
{
	while (c->out_head) {
		struct out_msg *m = c->out_head;

		c->out_head = m->next;
		free(m);
	}
	c->out_tail = NULL;
	c->out_bytes = 0;
}

/* One line of output.  Context: mu held.  Return: 0 or -ENOMEM. */
static int queue_out(struct qmp_client *c, const char *text)
{
	size_t n = strlen(text);
	struct out_msg *m = malloc(sizeof(*m) + n + 2);

	if (!m)
		return -ENOMEM;
	m->next = NULL;
	m->len = n + 2;
	m->off = 0;
	memcpy(m->data, text, n);
	memcpy(m->data + n, "\r\n", 2);
	if (c->out_tail)
		c->out_tail->next = m;
	else
		c->out_head = m;
	c->out_tail = m;
	c->out_bytes += m->len;
	return 0;
}

/* Context: mu held. */
static bool paused(const struct qmp_client *c)
{
	return c->out_bytes > QMP_OUT_PAUSE_BYTES;
}

static void on_event(void *opaque, const char *text)
{
	struct qmp_server *srv = opaque;
	size_t n = strlen(text) + 2;

	pthread_mutex_lock(&srv->mu);
	for (int i = 0; i < QMP_MAX_CLIENTS; i++) {
		struct qmp_client *c = srv->clients[i];

		if (!c || c->dead || !c->session.negotiated)
			continue;
		/* a client that stopped reading long ago gets no more */
		if (c->out_bytes + n > QMP_OUT_MAX_BYTES || queue_out(c, text)) {
			out_free(c);
			c->dead = true;
		}
	}
	pthread_mutex_unlock(&srv->mu);
	wake(srv);
}

static void client_free(struct qmp_client *c)
{
	if (!c)
		return;
	close(c->fd);
	free(c->in);
	out_free(c);
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
	if (!c || !text || slot < 0 || queue_out(c, text)) {
		pthread_mutex_unlock(&srv->mu);
		free(text);
		if (c)
			out_free(c);
		free(c);
		if (slot < 0) {
			/* say why before closing; a new connection's socket buffer has room */
			struct json *reply;
			char msg[96], *line;

			snprintf(msg, sizeof(msg), "too many QMP clients: at most %d at once", QMP_MAX_CLIENTS);
			reply = qmp_error_reply(msg);
			line = reply ? json_to_string(reply, JSON_EMIT_QMP) : NULL;
			json_free(reply);
			if (line) {
				struct iovec iov[2] = { { line, strlen(line) }, { (void *)"\r\n", 2 } };
				ssize_t r = sendmsg(fd, &(struct msghdr){ .msg_iov = iov, .msg_iovlen = 2 },
						    MSG_NOSIGNAL | MSG_DONTWAIT);

				(void)r;
			}
			free(line);
		}
		close(fd);
		return;
	}
	c->fd = fd;
	json_stream_init(&c->js);
	srv->clients[slot] = c;
	pthread_mutex_unlock(&srv->mu);
	free(text);
}

/* the reply to one message of the stream */
static struct json *reply_to(struct qmp_server *srv, struct qmp_client *c, enum json_stream_event ev,
			     const struct json_stream_out *o)
{
	struct json *req = NULL, *reply;
	char msg[160];

	if (ev == JSON_STREAM_LIMIT)
		return qmp_error_reply(o->desc);
	if (ev == JSON_STREAM_STRAY) {
		/* QEMU quotes the token as it came, up to a NUL */
		size_t n = strnlen(c->in + o->start, o->end - o->start);

		snprintf(msg, sizeof(msg), "JSON parse error, stray '%.*s'", (int)(n > 100 ? 100 : n),
			 c->in + o->start);
	} else if (!json_parse(c->in + o->start, o->end - o->start, &req, msg, sizeof(msg))) {
		reply = live_qmp(srv->lv, &c->session, req);
		json_free(req);
		return reply;
	}
	return qmp_error_reply(msg);
}

/*
 * Runs the complete requests in the client's input, QMP_BATCH at most and
 * none while its output waits; sets c->backlog when some may be left.
 * Context: mu not held.
 */
static void process_input(struct qmp_server *srv, struct qmp_client *c)
{
	int done = 0;
	size_t keep;

	c->backlog = false;
	while (!c->closing) {
		struct json_stream_out o;
		enum json_stream_event ev;
		struct json *reply;
		bool wait;
		char *text;

		pthread_mutex_lock(&srv->mu);
		wait = c->dead || paused(c);
		pthread_mutex_unlock(&srv->mu);
		if (wait || done == QMP_BATCH) {
			c->backlog = true;
			break;
		}
		ev = json_stream_next(&c->js, c->in, c->in_len, &o);
		if (ev == JSON_STREAM_MORE)
			break;
		done++;
		reply = reply_to(srv, c, ev, &o);
		text = reply ? json_to_string(reply, JSON_EMIT_QMP) : NULL;
		json_free(reply);
		pthread_mutex_lock(&srv->mu);
		if (!text || queue_out(c, text))
			c->closing = true;	/* a reply that cannot be sent ends the session */
		pthread_mutex_unlock(&srv->mu);
		free(text);
		if (ev == JSON_STREAM_LIMIT)
			c->closing = true;
		/* the reply goes out before the events the command caused */
		live_flush_events(srv->lv);
		if (live_quit_requested(srv->lv)) {
			/* quit: nothing more is read; the process ends once the reply is out */
			c->closing = true;
			srv->quitting = true;
			break;
		}
	}
	keep = json_stream_keep(&c->js);
	if (keep) {
		memmove(c->in, c->in + keep, c->in_len - keep);
		c->in_len -= keep;
		json_stream_rebase(&c->js, keep);
	}
}

/* false: the client is gone */
static bool read_client(struct qmp_server *srv, struct qmp_client *c)
{
	ssize_t n;

	if (c->in_cap - c->in_len < READ_CHUNK) {
		size_t cap = c->in_cap ? 2 * c->in_cap : 2 * READ_CHUNK;
		char *in;

		if (cap > IN_MAX)
			cap = IN_MAX;
		if (cap - c->in_len < READ_CHUNK)
			return false;	/* cannot happen: the stream bounds what it holds */
		in = realloc(c->in, cap);
		if (!in)
			return false;
		c->in = in;
		c->in_cap = cap;
	}
	n = read(c->fd, c->in + c->in_len, READ_CHUNK);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR;
	if (n == 0)
		c->eof = true;
	c->in_len += (size_t)n;
	process_input(srv, c);
	return true;
}

/* false: the client is gone.  Context: mu held. */
static bool write_client(struct qmp_client *c)
{
	while (c->out_head) {
		struct iovec iov[64];
		struct out_msg *m = c->out_head;
		int n = 0;
		ssize_t sent;

		for (; m && n < 64; m = m->next, n++) {
			iov[n].iov_base = m->data + m->off;
			iov[n].iov_len = m->len - m->off;
		}
		sent = sendmsg(c->fd, &(struct msghdr){ .msg_iov = iov, .msg_iovlen = (size_t)n }, MSG_NOSIGNAL);
		if (sent < 0)
			return errno == EAGAIN || errno == EINTR;
		c->out_bytes -= (size_t)sent;
		while (sent > 0) {
			m = c->out_head;
			if ((size_t)sent < m->len - m->off) {
				m->off += (size_t)sent;
				break;
			}
			sent -= (ssize_t)(m->len - m->off);
			c->out_head = m->next;
			free(m);
		}
		if (!c->out_head)
			c->out_tail = NULL;
		else if (c->out_head->off)
			break;		/* the socket is full */
	}
	return true;
}

/* what to wait for on a client; *ready: it has requests to run now.  Context: mu held. */
static short client_events(const struct qmp_client *c, bool *ready)
{
	short ev = 0;

	if (c->dead)
		return 0;
	if (c->out_bytes)
		ev |= POLLOUT;
	if (!c->eof && !c->closing && !c->backlog && !paused(c))
		ev |= POLLIN;
	if ((c->backlog || c->eof) && !c->closing && !paused(c))
		*ready = true;
	return ev;
}

static void *server_thread(void *arg)
{
	struct qmp_server *srv = arg;

	for (;;) {
		struct pollfd pfd[QMP_MAX_CLIENTS + 2];
		struct qmp_client *who[QMP_MAX_CLIENTS + 2];
		bool ready = false;
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
			pfd[n] = (struct pollfd){ .fd = c->fd, .events = client_events(c, &ready) };
			who[n++] = c;
		}
		pthread_mutex_unlock(&srv->mu);
		if (poll(pfd, (nfds_t)n, ready ? 0 : -1) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents & POLLIN) {
			char drain[64];
			ssize_t r = read(srv->wake[0], drain, sizeof(drain));

			(void)r;
		}
		for (int i = 2; i < n; i++) {
			struct qmp_client *c = who[i];
			bool alive = true, gone;

			if (pfd[i].revents & POLLIN)
				alive = read_client(srv, c);
			else if ((pfd[i].revents & (POLLHUP | POLLERR)) && !(pfd[i].events & POLLOUT))
				alive = false;	/* hung up with nothing to send it */
			if (alive && !c->closing && (c->backlog || c->eof))
				process_input(srv, c);
			pthread_mutex_lock(&srv->mu);
			if (alive && !c->dead)
				alive = write_client(c);
			/* done: dropped, or it ended (or must end) and has all its answers */
			gone = !alive || c->dead ||
			       ((c->closing || (c->eof && !c->backlog)) && !c->out_bytes);
			if (gone) {
				for (int s = 0; s < QMP_MAX_CLIENTS; s++)
					if (srv->clients[s] == c)
						srv->clients[s] = NULL;
				if (srv->quitting && c->closing)
					kill(getpid(), SIGTERM);	/* as QEMU exits after quit */
				client_free(c);
			}
			pthread_mutex_unlock(&srv->mu);
		}
		/* after the clients that left are gone: their slots are free */
		if (pfd[0].revents & POLLIN)
			accept_client(srv);
	}
	return NULL;
}

/* a socket at @path that a server answers on is not ours to take */
static int claim_path(const char *path, const struct sockaddr_un *sa, struct memhp_err *err)
{
	struct stat st;
	int fd, busy;

	if (lstat(path, &st))
		return 0;
	if (!S_ISSOCK(st.st_mode))
		return memhp_err_set(err, -EEXIST, "%s exists and is not a socket", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return memhp_err_set(err, -errno, "cannot create the QMP socket: %s", strerror(errno));
	busy = !connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
	close(fd);
	if (busy)
		return memhp_err_set(err, -EADDRINUSE, "%s: another server listens there", path);
	unlink(path);
	return 0;
}

int qmp_server_start(struct live *lv, const char *path, struct qmp_server **out, struct memhp_err *err)
{
	struct qmp_server *srv = calloc(1, sizeof(*srv));
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
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
	ret = claim_path(path, &sa, err);
	if (ret)
		goto fail;
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
