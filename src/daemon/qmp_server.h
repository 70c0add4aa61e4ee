// SPDX-License-Identifier: MIT
/*
 * QMP on a Unix socket, as QEMU speaks it: greeting, capabilities
 * negotiation, replies with the request's id, \r\n line ends, events to every
 * negotiated client, several clients at once.  Runs its own thread.
 */
#ifndef MEMHP_DAEMON_QMP_SERVER_H
#define MEMHP_DAEMON_QMP_SERVER_H

#include "memhp/err.h"

struct live;
struct qmp_server;

/**
 * qmp_server_start() - listen on @path (an existing socket there is replaced)
 * Return: 0 or -errno with @err set.
 */
int qmp_server_start(struct live *lv, const char *path, struct qmp_server **out, struct memhp_err *err);
/** qmp_server_stop() - close every client, remove the socket, join the thread. */
void qmp_server_stop(struct qmp_server *srv);

#endif
