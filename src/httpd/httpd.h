// SPDX-License-Identifier: MIT
/*
 * The live memory map of `memhp up --http PORT`: an HTTP/1.1 server
 * (libmicrohttpd) on 127.0.0.1 that serves one page drawing the machine's
 * physical address space (memory blocks, holes, DIMMs, the device-memory
 * region) and the same data as JSON at /api/map (map_json.h), long-polled
 * by the page so it follows every change of the live machine.
 */
#ifndef MEMHP_HTTPD_HTTPD_H
#define MEMHP_HTTPD_HTTPD_H

#include "memhp/err.h"

struct live;
struct httpd;

/**
 * httpd_start() - listen on 127.0.0.1:@port and serve from a new thread
 * @lv: the live machine (must outlive the server)
 * @port: TCP port; 0 picks a free one (see httpd_port())
 * @out: the server
 * @err: why it could not start
 *
 * Listens on the loopback address only, never on another one.
 * Return: 0, -EADDRINUSE and other -errno of socket(2)/bind(2)/listen(2),
 * -EINVAL (bad port), -ENOMEM (also when libmicrohttpd does not start).
 */
int httpd_start(struct live *lv, int port, struct httpd **out, struct memhp_err *err);

/**
 * httpd_stop() - stop listening, end every connection (long polls too) and
 * join the server's threads; NULL is a no-op
 */
void httpd_stop(struct httpd *h);

/** httpd_port() - the port the server listens on. */
int httpd_port(const struct httpd *h);

#endif
