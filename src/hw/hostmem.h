// SPDX-License-Identifier: MIT
/*
 * Memory backends (QEMU's include/sysemu/hostmem.h): the memory-backend-*
 * objects under /objects that memory devices, NUMA nodes and the machine
 * RAM map.  Implemented in hostmem.c.
 */
#ifndef MEMHP_HW_HOSTMEM_H
#define MEMHP_HW_HOSTMEM_H

#include <stdbool.h>
#include <stdint.h>

#include "memhp/err.h"

struct json;
struct pc_machine;
struct qemu_opts;

enum hostmem_kind {
	HOSTMEM_RAM,		/* memory-backend-ram: anonymous mmap, 2 MiB aligned */
	HOSTMEM_MEMFD,		/* memory-backend-memfd: host page (4 KiB) aligned */
	HOSTMEM_FILE,		/* memory-backend-file: max(4 KiB page, align=) */
	HOSTMEM_KIND_COUNT
};

enum hostmem_policy {
	HOSTMEM_POLICY_DEFAULT,
	HOSTMEM_POLICY_PREFERRED,
	HOSTMEM_POLICY_BIND,
	HOSTMEM_POLICY_INTERLEAVE,
	HOSTMEM_POLICY_COUNT
};

/*
 * One backend object, /objects/<id>.
 * Invariants: size > 0; align is a power of two; mapped is true exactly
 * while a memory device, a NUMA node or the machine RAM uses the backend
 * (then object-del refuses it).
 */
struct host_memory_backend {
	struct host_memory_backend *next;	/* machine list, newest first */
	enum hostmem_kind kind;
	char *id;
	uint64_t size;		/* bytes, as given (not rounded) */
	uint64_t align;		/* bytes; placement alignment of the region */
	bool merge, dump, prealloc, share, reserve;
	enum hostmem_policy policy;
	bool mapped;
};

extern const char *const hostmem_kind_names[HOSTMEM_KIND_COUNT];
extern const char *const hostmem_policy_names[HOSTMEM_POLICY_COUNT];

struct host_memory_backend *hostmem_find(const struct pc_machine *pcms, const char *id);
int hostmem_create_from_opts(struct pc_machine *pcms, const struct qemu_opts *o,
			     struct memhp_err *err);
int hostmem_object_add(struct pc_machine *pcms, const struct json *args, struct memhp_err *err);
int hostmem_object_del(struct pc_machine *pcms, const char *id, struct memhp_err *err);
void hostmem_free_all(struct pc_machine *pcms);
struct json *hostmem_query_memdev(const struct pc_machine *pcms);
char *hostmem_hmp_info_memdev(const struct pc_machine *pcms);
int hostmem_qom_get(const struct host_memory_backend *be, const char *prop,
		    struct json **ret, struct memhp_err *err);

#endif
