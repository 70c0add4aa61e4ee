// SPDX-License-Identifier: MIT
/*
 * The HTTP server's accept gate: one thread accepts the connections of a
 * listening socket and keeps each until its request head has arrived whole
 * (looking at it with MSG_PEEK, so nothing is consumed), then hands the
 * socket to the HTTP server.  A client that trickles its head, or never
 * sends one, holds only a gate slot, never one of the server's: the gate
 * has GATE_MAX_HEADS slots, gives each head GATE_HEAD_MS, and when every
 * slot is taken it drops the oldest head to make room, so a client that
 * sends its head at once is always let through.  A head that holds a NUL
 * byte, is longer than GATE_MAX_HEAD bytes or does not begin with a request
 * line is answered 400 at once.
 */
#ifndef MEMHP_HTTPD_GATE_H
#define MEMHP_HTTPD_GATE_H

#include "memhp/err.h"

#define GATE_MAX_HEADS	64		/* sockets waiting for their head */
#define GATE_MAX_HEAD	8192		/* bytes of a request line and headers */
#define GATE_HEAD_MS	5000		/* for a head to arrive whole */

struct httpd_gate;

/*
 * Called on the gate's thread with a socket whose request head is complete
 * (still unread).  Return: 0 when it took @fd (it closes it, now or later),
 * or an HTTP status (503) that the gate answers before closing @fd.
 */
typedef int (*gate_pass_fn)(void *opaque, int fd);

/**
 * gate_start() - accept on @listen_fd from a new thread
 * @listen_fd: a listening, non-blocking socket (the caller closes it after
 * gate_stop())
 * @pass: takes each socket whose head has arrived
 * @opaque: for @pass
 * @out: the gate
 * @err: why it could not start
 *
 * The gate's thread takes no signals.
 * Return: 0, -ENOMEM, or -errno of pipe2(2)/pthread_create(3).
 */
int gate_start(int listen_fd, gate_pass_fn pass, void *opaque, struct httpd_gate **out,
	       struct memhp_err *err);

/**
 * gate_stop() - stop accepting, close the sockets still waiting for their
 * head and join the gate's thread; NULL is a no-op
 */
void gate_stop(struct httpd_gate *g);

#endif
