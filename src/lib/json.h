// SPDX-License-Identifier: MIT
/*
 * JSON document model used by the QMP layer.  This header declares the
 * opaque node type, the strict parser (RFC 8259 with QEMU's single-quoted
 * strings), read-only accessors, builders that construct trees for replies
 * and events, the emitter (QEMU's QMP wire spacing or compact), and
 * structural comparison.  Nothing QMP-specific (command dispatch, greeting,
 * error classes) belongs here; that lives in src/qmp/.  Full kerneldoc for
 * each function is next to its definition in json.c, json_parse.c and
 * json_emit.c.  Objects of many members are looked up through a hash
 * index, so parsing and lookups stay linear in the input.
 */
#ifndef MEMHP_LIB_JSON_H
#define MEMHP_LIB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
	JSON_TYPE_COUNT,
};

/* Opaque tree node; a whole document is owned through its root. */
struct json;

/* Limits enforced by json_parse(). */
#define JSON_MAX_DEPTH 64
#define JSON_MAX_INPUT_LEN ((size_t)1 << 20)

/* Parsing and lifetime. */
int json_parse(const char *text, size_t len, struct json **out, char *errbuf,
	       size_t errlen);
void json_free(struct json *j);
enum json_type json_type_of(const struct json *j);
const char *json_type_name(enum json_type type);

/* Accessors; objects keep insertion order. */
const struct json *json_object_get(const struct json *obj, const char *key);
size_t json_object_size(const struct json *obj);
const char *json_object_key_at(const struct json *obj, size_t i);
const struct json *json_object_value_at(const struct json *obj, size_t i);
size_t json_array_size(const struct json *arr);
const struct json *json_array_at(const struct json *arr, size_t i);
bool json_bool_value(const struct json *j);
const char *json_string_value(const struct json *j);

/* Numbers keep their source text; integers are exact in -2^63 .. 2^64-1. */
bool json_number_is_integer(const struct json *j);
int json_number_u64(const struct json *j, uint64_t *out);
int json_number_i64(const struct json *j, int64_t *out);
double json_number_double(const struct json *j);
const char *json_number_text(const struct json *j);

/* Builders; each returns NULL on allocation failure. */
struct json *json_new_null(void);
struct json *json_new_bool(bool v);
struct json *json_new_u64(uint64_t v);
struct json *json_new_i64(int64_t v);
struct json *json_new_string(const char *s);
struct json *json_new_array(void);
struct json *json_new_object(void);

/* These take ownership of val, also on failure (where val is freed). */
int json_array_append(struct json *arr, struct json *val);
int json_object_set(struct json *obj, const char *key, struct json *val);
int json_object_remove(struct json *obj, const char *key);
struct json *json_clone(const struct json *j);

/* Emitter flags for json_to_string(). */
enum {
	JSON_EMIT_COMPACT = 0,
	JSON_EMIT_QMP = 1,
	JSON_EMIT_SORT_KEYS = 2,
};

char *json_to_string(const struct json *j, unsigned flags);
bool json_equal(const struct json *a, const struct json *b);

#endif /* MEMHP_LIB_JSON_H */
