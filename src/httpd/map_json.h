// SPDX-License-Identifier: MIT
/*
 * The document of /api/map: the machine's physical address space (memory
 * blocks, holes, memory devices, the device-memory region, nodes) as one
 * JSON object; its fields are described at the top of map_json.c.
 */
#ifndef MEMHP_HTTPD_MAP_JSON_H
#define MEMHP_HTTPD_MAP_JSON_H

#include <stdint.h>

struct json;
struct machine;

/**
 * httpd_map_json() - the /api/map document
 * @m: the machine
 * @generation: the live machine's generation the caller read before taking
 * the lock (the document is at least that new)
 *
 * Context: the live lock held (or a machine nobody else uses).
 * Return: the document (caller frees), NULL when out of memory.
 */
struct json *httpd_map_json(struct machine *m, uint64_t generation);

#endif
