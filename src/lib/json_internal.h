// SPDX-License-Identifier: MIT
/*
 * What the JSON library's files share and nobody else sees: the node
 * layout, the growable byte buffer of the parser and the emitter, strict
 * UTF-8 decoding and encoding, and the member helpers of objects.
 */
#ifndef MEMHP_LIB_JSON_INTERNAL_H
#define MEMHP_LIB_JSON_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/json.h"

struct json_member {
	char *key;
	struct json *val;
};

struct json {
	enum json_type type;
	union {
		bool b;
		struct {
			char *text;	/* canonical JSON number text */
			bool integer;	/* no fraction and no exponent */
		} num;
		char *str;		/* NUL-terminated valid UTF-8 */
		struct {
			struct json **items;
			size_t n;
			size_t cap;
		} arr;
		struct {
			struct json_member *m;
			size_t n;
			size_t cap;
			/*
			 * From JSON_INDEX_MIN members on: an open-addressing
			 * table by the keys' hash, at most half full, whose
			 * slots hold the member's position + 1 (0: free) in
			 * the low half and the hash's high half above; NULL
			 * below that size, or when memory ran out (lookups
			 * then scan m[]).
			 */
			uint64_t *index;
			size_t index_size;	/* a power of two */
		} obj;
	} u;
};

struct sbuf {
	char *buf;
	size_t len;
	size_t cap;
	bool oom;
};

bool json_sbuf_reserve(struct sbuf *sb, size_t extra);
void json_sbuf_add(struct sbuf *sb, const char *s, size_t n);
void json_sbuf_puts(struct sbuf *sb, const char *s);
void json_sbuf_putc(struct sbuf *sb, char c);
/* Hand the buffer over to the caller, or free it and return NULL on OOM. */
char *json_sbuf_finish(struct sbuf *sb);

/* One strict UTF-8 sequence: its length, or 0 if invalid. */
size_t json_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);
/* The UTF-8 bytes of @cp (at most 4) into @out: their number. */
size_t json_utf8_encode(uint32_t cp, char *out);

/* objects of this many members or more are looked up through a hash index */
#define JSON_INDEX_MIN 8

struct json *json_node_alloc(enum json_type type);
struct json *json_number_from_text(const char *text, size_t len, bool integer);
struct json_member *json_find_member(const struct json *obj, const char *key);
/* Append a member whose key is already heap-allocated; owns key and val. */
int json_object_append_key(struct json *obj, char *key, struct json *val);

#endif
