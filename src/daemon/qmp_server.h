// SPDX-License-Identifier: MIT
/*
 * QMP on a Unix socket, as QEMU speaks it: greeting, capabilities
 * negotiation, replies with the request's id, \r\n line ends, events to every
 * negotiated client, several clients at once.  Runs its own thread.
 *
 * What one client can make the server hold is bounded (the README's
 * "Resources" lists these with what a client sees at each):
 */
#ifndef MEMHP_DAEMON_QMP_SERVER_H
#define MEMHP_DAEMON_QMP_SERVER_H

#include "lib/json_stream.h"
#include "memhp/err.h"

/* clients at once; the next one gets an error line and is closed */
#define QMP_MAX_CLIENTS		64
/* one request: JSON_STREAM_MAX_BYTES, _TOKENS, _NESTING; beyond, an error and the end of the connection */
/* requests run for one client before the others get their turn */
#define QMP_BATCH		8
/* unsent replies and events above which a client's requests wait until it reads */
#define QMP_OUT_PAUSE_BYTES	(64 * 1024)
/* unsent output above which a client that does not read is dropped when the next event comes */
#define QMP_OUT_MAX_BYTES	(1024 * 1024)

struct live;
struct qmp_server;

/**
 * qmp_server_start() - listen on @path (an existing socket there is replaced
 * unless a server answers on it)
 * Return: 0 or -errno with @err set.
 */
int qmp_server_start(struct live *lv, const char *path, struct qmp_server **out, struct memhp_err *err);
/** qmp_server_stop() - close every client, remove the socket, join the thread. */
void qmp_server_stop(struct qmp_server *srv);

#endif
