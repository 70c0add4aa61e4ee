// SPDX-License-Identifier: MIT
/*
 * The QAPI helpers both the host model (src/hw) and QMP (src/qmp) use, as
 * QEMU keeps them below hw/ in qapi/, qobject/ and util/:
 *  - qapi_visit.c: command arguments checked as QEMU's strict QObject input
 *    visitor checks them (types, missing and unexpected members, QEMU's
 *    messages);
 *  - qapi_order.c: the order QEMU's hash-table dictionaries (QDict) iterate
 *    keys in, for every object QMP emits and for the order device_add sets
 *    properties;
 *  - qemu_opts.c: QemuOpts "key=value,key=value" strings (-object, -device,
 *    -m, HMP device_add) and QEMU's lenient number and size parsers.
 * Nothing here knows the machine; only src/lib is below.
 */
#ifndef MEMHP_QAPI_QAPI_H
#define MEMHP_QAPI_QAPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memhp/err.h"

struct json;

/* ---- argument checks (qapi_visit.c) ------------------------------------ */

/* QAPI argument types as QEMU's strict QMP input visitor checks them. */
enum qapi_type {
	QAPI_TYPE_STR,		/* "expected: string" */
	QAPI_TYPE_INT,		/* int64: "expected: integer" */
	QAPI_TYPE_UINT64,	/* uint64 and size: "expects uint64" */
	QAPI_TYPE_UINT32,	/* "expects uint32_t" on range */
	QAPI_TYPE_BOOL,		/* "expected: boolean" */
	QAPI_TYPE_ENUM,		/* a string from enum_values */
	QAPI_TYPE_LIST,		/* "expected: array" */
	QAPI_TYPE_ANY,
	QAPI_TYPE_COUNT
};

/* One member of a QAPI struct or command, in schema order. */
struct qapi_member {
	const char *name;
	enum qapi_type type;
	bool required;
	const char *const *enum_values;	/* NULL-terminated, for QAPI_TYPE_ENUM */
};

int qapi_check_members(const struct json *args, const struct qapi_member *m, size_t nr,
		       struct memhp_err *err);
int qapi_check_unexpected(const struct json *args, const struct qapi_member *m, size_t nr,
			  const char *const *extra, struct memhp_err *err);

/* ---- QDict key order (qapi_order.c) ------------------------------------ */

void qapi_key_order(const char *const *keys, size_t nr, size_t *order);
struct json *qapi_order(struct json *obj);

/* ---- QemuOpts (qemu_opts.c) -------------------------------------------- */

struct qemu_opt {
	char *key;
	char *value;		/* NULL for a bare flag ("reserve" alone) */
};

/*
 * A parsed option string.  Invariant: opts[0..nr) in command-line order;
 * a leading element without '=' is stored with key = @implied (e.g.
 * "type" for -object, "driver" for -device, "size" for -m).
 */
struct qemu_opts {
	struct qemu_opt *opts;
	size_t nr;
};

int qemu_opts_parse(const char *text, const char *implied, struct qemu_opts *out);
void qemu_opts_fini(struct qemu_opts *o);
const char *qemu_opts_get(const struct qemu_opts *o, const char *key);

/* QEMU's size and integer parsers with QEMU's leniency (negative u64 wraps). */
int qemu_opt_parse_size(const char *s, uint64_t *out);
int qemu_opt_parse_u64(const char *s, uint64_t *out);
int qemu_opt_parse_i64(const char *s, int64_t *out);
int qemu_opt_parse_bool(const char *name, const char *val, bool *out, struct memhp_err *err);
int qemu_opt_prop_uint(const char *name, const char *val, uint64_t max, uint64_t *out,
		       struct memhp_err *err);

#endif
