// SPDX-License-Identifier: MIT
/*
 * The accept gate (see gate.h).  One thread polls the listening socket, a
 * wake-up pipe and the sockets waiting for their head.  While a head is
 * incomplete the gate peeks at it and raises the socket's SO_RCVLOWAT past
 * what it has seen, so that poll() wakes only when more bytes arrive (a
 * trickling client costs one peek per segment, never a busy loop); it
 * lowers SO_RCVLOWAT again before it hands the socket on.
 *
 * A socket the gate answers itself (400, or the status the server chose)
 * gets its reply, is half-closed and drains what the client still sends
 * for GATE_LINGER_MS, so that closing it does not reset the connection
 * before the client read the reply.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "httpd/gate.h"
#include "lib/util.h"

#define GATE_LINGER_MS	500
#define GATE_ACCEPTS	16		/* accepted per wake-up, at most */

/*
 * A socket the gate holds.  Until @answered, bytes [0, @seen) of its head
 * have arrived, hold no NUL byte and no end of the head; after, the gate
 * has sent its reply and discards input until EOF or @deadline.
 */
struct gate_conn {
	int fd;
	int64_t deadline;		/* CLOCK_MONOTONIC ms */
	size_t seen;
	bool answered;
};

/*
 * Invariants: conns[0..nr) are the sockets the gate holds, oldest first;
 * only the gate's thread touches them after gate_start().
 */
struct httpd_gate {
	int listen_fd;
	int wake[2];
	pthread_t thread;
	bool thread_started;
	gate_pass_fn pass;
	void *opaque;
	struct gate_conn conns[GATE_MAX_HEADS];
	int nr;
	char buf[GATE_MAX_HEAD + 1];
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_rcvlowat(int fd, size_t bytes)
{
	int v = (int)bytes;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &v, sizeof(v)))
		(void)0;		/* poll() then wakes on every byte: slower, still right */
}

/* Forgets conns[i], keeping the others in arrival order. */
static void drop(struct httpd_gate *g, int i)
{
	memmove(&g->conns[i], &g->conns[i + 1], (size_t)(g->nr - i - 1) * sizeof(g->conns[0]));
	g->nr--;
}

static void close_conn(struct httpd_gate *g, int i)
{
	close(g->conns[i].fd);
	drop(g, i);
}

static const char *reason(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 503: return "Service Unavailable";
	default: return "Error";
	}
}

/* Sends the gate's own reply to conns[i] and lets it linger. */
static void answer(struct httpd_gate *g, int i, int status)
{
	struct gate_conn *c = &g->conns[i];
	char reply[320];
	int n;

	n = snprintf(reply, sizeof(reply),
		     "HTTP/1.1 %d %s\r\n"
		     "Content-Type: text/plain; charset=utf-8\r\n"
		     "Content-Length: %zu\r\n"
		     "Cache-Control: no-store\r\n"
		     "%s"
		     "Connection: close\r\n"
		     "\r\n"
		     "%d %s\n",
		     status, reason(status), strlen(reason(status)) + 5,
		     status == 503 ? "Retry-After: 1\r\n" : "", status, reason(status));
	set_rcvlowat(c->fd, 1);
	/* what the client sent is unread: consume it (drain() takes what
	 * follows), or close() would reset the connection */
	for (int k = 0; k < 8 && recv(c->fd, g->buf, sizeof(g->buf), MSG_DONTWAIT) > 0; k++)
		;
	if (n > 0 && send(c->fd, reply, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		(void)0;		/* a fresh socket's buffer holds it; else the client is gone */
	shutdown(c->fd, SHUT_WR);
	c->answered = true;
	c->deadline = now_ms() + GATE_LINGER_MS;
}

/* Hands conns[i] to the server, or answers what the server says. */
static void pass_on(struct httpd_gate *g, int i)
{
	int fd = g->conns[i].fd, status;

	set_rcvlowat(fd, 1);
	status = g->pass(g->opaque, fd);
	if (status)
		answer(g, i, status);
	else
		drop(g, i);
}

/* Offset just past the head's empty line in buf[0, n), or 0. */
static size_t head_end(const char *buf, size_t from, size_t n)
{
	for (size_t i = from; i < n; i++) {
		if (buf[i] != '\n')
			continue;
		if (i >= 1 && buf[i - 1] == '\n')
			return i + 1;
		if (i >= 3 && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r')
			return i + 1;
	}
	return 0;
}

static bool is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

/*
 * The head's first line is a request line: a method (a token), a target
 * without spaces or control bytes and "HTTP/"..., one space apart.  The
 * server checks the rest; this keeps it from shutting a connection
 * without a word when the client sent something else.
 */
static bool request_line_ok(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len), *p = buf, *e;
	int spaces = 0;

	if (!nl)
		return false;
	e = nl > buf && nl[-1] == '\r' ? nl - 1 : nl;
	while (p < e && is_tchar(*p))
		p++;
	if (p == buf || p == e || *p++ != ' ')
		return false;
	if (p == e || *p == ' ')
		return false;
	for (; p < e && *p != ' '; p++)
		if ((unsigned char)*p < ' ' || (unsigned char)*p >= 0x7f)
			return false;
	for (const char *q = p; q < e; q++)
		spaces += *q == ' ';
	return spaces == 1 && e - p > 5 && !strncmp(p + 1, "HTTP/", 5);
}

/* conns[i] is readable: look at its head again. */
static void peek_head(struct httpd_gate *g, int i)
{
	struct gate_conn *c = &g->conns[i];
	ssize_t n = recv(c->fd, g->buf, sizeof(g->buf), MSG_PEEK | MSG_DONTWAIT);
	size_t end, scan;

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0 || (size_t)n < c->seen) {	/* gone before its head was whole */
		close_conn(g, i);
		return;
	}
	/* the end of the head may straddle what was seen already */
	end = head_end(g->buf, c->seen > 3 ? c->seen - 3 : 0, (size_t)n);
	scan = end ? end : (size_t)n;
	if (memchr(g->buf + c->seen, '\0', scan - c->seen) || scan > GATE_MAX_HEAD) {
		answer(g, i, 400);
		return;
	}
	if (end) {
		if (request_line_ok(g->buf, end))
			pass_on(g, i);
		else
			answer(g, i, 400);
		return;
	}
	c->seen = (size_t)n;
	set_rcvlowat(c->fd, c->seen + 1);
}

/* conns[i] was answered and is readable: discard; close it at EOF. */
static void drain(struct httpd_gate *g, int i)
{
	ssize_t n = recv(g->conns[i].fd, g->buf, sizeof(g->buf), MSG_DONTWAIT);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
		close_conn(g, i);
}

static void accept_some(struct httpd_gate *g)
{
	for (int k = 0; k < GATE_ACCEPTS; k++) {
		int fd = accept4(g->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			/* out of file descriptors: let some connections end first */
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
				poll(NULL, 0, 100);
			return;
		}
		if (g->nr == GATE_MAX_HEADS)	/* make room: the oldest had longest */
			close_conn(g, 0);
		g->conns[g->nr++] = (struct gate_conn){ .fd = fd, .deadline = now_ms() + GATE_HEAD_MS };
	}
}

static void *gate_thread(void *arg)
{
	struct httpd_gate *g = arg;
	struct pollfd p[2 + GATE_MAX_HEADS];

	for (;;) {
		int64_t now = now_ms(), next = -1;
		int nr, timeout;

		/* sockets past their deadline go; the rest bound the wait */
		for (int i = 0; i < g->nr;) {
			if (g->conns[i].deadline <= now) {
				close_conn(g, i);
				continue;
			}
			if (next < 0 || g->conns[i].deadline < next)
				next = g->conns[i].deadline;
			i++;
		}
		nr = g->nr;
		p[0] = (struct pollfd){ .fd = g->wake[0], .events = POLLIN };
		p[1] = (struct pollfd){ .fd = g->listen_fd, .events = POLLIN };
		for (int i = 0; i < nr; i++)
			p[2 + i] = (struct pollfd){ .fd = g->conns[i].fd, .events = POLLIN };
		timeout = next < 0 ? -1 : (int)(next - now);
		if (poll(p, (nfds_t)(2 + nr), timeout) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents)
			break;
		/* from the newest down, so that dropping one keeps p[] and conns[] in step */
		for (int i = nr - 1; i >= 0; i--) {
			if (!p[2 + i].revents)
				continue;
			MEMHP_BUG_ON(g->conns[i].fd != p[2 + i].fd);
			if (g->conns[i].answered)
				drain(g, i);
			else
				peek_head(g, i);
		}
		if (p[1].revents & POLLIN)
			accept_some(g);
	}
	return NULL;
}

int gate_start(int listen_fd, gate_pass_fn pass, void *opaque, struct httpd_gate **out,
	       struct memhp_err *err)
{
	struct httpd_gate *g;
	sigset_t all, old;
	int ret;

	*out = NULL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	g->listen_fd = listen_fd;
	g->pass = pass;
	g->opaque = opaque;
	if (pipe2(g->wake, O_CLOEXEC)) {
		ret = memhp_err_set(err, -errno, "HTTP gate: %s", strerror(errno));
		free(g);
		return ret;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&g->thread, NULL, gate_thread, g);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret) {
		ret = memhp_err_set(err, -ret, "HTTP gate thread: %s", strerror(ret));
		g->thread_started = false;
		gate_stop(g);
		return ret;
	}
	g->thread_started = true;
	*out = g;
	return 0;
}

void gate_stop(struct httpd_gate *g)
{
	char c = 1;

	if (!g)
		return;
	if (g->thread_started) {
		if (write(g->wake[1], &c, 1) < 0)
			(void)0;
		pthread_join(g->thread, NULL);
	}
	while (g->nr)
		close_conn(g, g->nr - 1);
	close(g->wake[0]);
	close(g->wake[1]);
	free(g);
}
