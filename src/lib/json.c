// SPDX-License-Identifier: MIT
/*
 * JSON document model for QMP: a tree of heap nodes with accessors and
 * builders, and structural equality (the parser is in json_parse.c, the
 * emitter in json_emit.c).  Numbers are stored as their JSON text so
 * that integers of any size survive a round trip unchanged; conversion to
 * C integer types happens on access.  Everything here works on caller-owned
 * trees and keeps no global state.  Floating-point conversions assume the
 * "C" locale (decimal point '.').
 */
#include "lib/json.h"
#include "lib/json_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

/* ------------------------------------------------------------------ */
/* Growable byte buffer shared by the parser and the emitter.          */

bool json_sbuf_reserve(struct sbuf *sb, size_t extra)
{
	size_t need, cap;
	char *nbuf;

	if (sb->oom)
		return false;
	if (extra > SIZE_MAX - sb->len - 1)
		goto fail;
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return true;
	cap = sb->cap ? sb->cap : 32;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	nbuf = realloc(sb->buf, cap);
	if (!nbuf)
		goto fail;
	sb->buf = nbuf;
	sb->cap = cap;
	return true;
fail:
	sb->oom = true;
	return false;
}

void json_sbuf_add(struct sbuf *sb, const char *s, size_t n)
{
	if (!json_sbuf_reserve(sb, n))
		return;
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void json_sbuf_puts(struct sbuf *sb, const char *s)
{
	json_sbuf_add(sb, s, strlen(s));
}

void json_sbuf_putc(struct sbuf *sb, char c)
{
	json_sbuf_add(sb, &c, 1);
}

/* Hand the buffer over to the caller, or free it and return NULL on OOM. */
char *json_sbuf_finish(struct sbuf *sb)
{
	if (!json_sbuf_reserve(sb, 0)) {
		free(sb->buf);
		return NULL;
	}
	sb->buf[sb->len] = '\0';
	return sb->buf;
}

/* ------------------------------------------------------------------ */
/* UTF-8 helpers.                                                     */

/* Decode one strict UTF-8 sequence; return its length, or 0 if invalid. */
size_t json_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
	uint32_t c, min;
	size_t n, i;

	if (!avail)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

size_t json_utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* ------------------------------------------------------------------ */
/* Node allocation and builders.                                       */

struct json *json_node_alloc(enum json_type type)
{
	struct json *j = calloc(1, sizeof(*j));

	if (j)
		j->type = type;
	return j;
}

struct json *json_number_from_text(const char *text, size_t len,
				     bool integer)
{
	struct json *j = json_node_alloc(JSON_NUMBER);

	if (!j)
		return NULL;
	j->u.num.text = malloc(len + 1);
	if (!j->u.num.text) {
		free(j);
		return NULL;
	}
	memcpy(j->u.num.text, text, len);
	j->u.num.text[len] = '\0';
	j->u.num.integer = integer;
	return j;
}

/**
 * json_new_null() - Create a JSON null node.
 *
 * Return: new node owned by the caller, or NULL on allocation failure.
 */
struct json *json_new_null(void)
{
	return json_node_alloc(JSON_NULL);
}

/**
 * json_new_bool() - Create a JSON boolean node.
 * @v: value.
 *
 * Return: new node owned by the caller, or NULL on allocation failure.
 */
struct json *json_new_bool(bool v)
{
	struct json *j = json_node_alloc(JSON_BOOL);

	if (j)
		j->u.b = v;
	return j;
}

/**
 * json_new_u64() - Create an integer number node from an unsigned value.
 * @v: value.
 *
 * Return: new node owned by the caller, or NULL on allocation failure.
 */
struct json *json_new_u64(uint64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%" PRIu64, v);

	return json_number_from_text(buf, (size_t)n, true);
}

/**
 * json_new_i64() - Create an integer number node from a signed value.
 * @v: value.
 *
 * Return: new node owned by the caller, or NULL on allocation failure.
 */
struct json *json_new_i64(int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%" PRId64, v);

	return json_number_from_text(buf, (size_t)n, true);
}

/**
 * json_new_string() - Create a string node.
 * @s: NUL-terminated UTF-8 text, copied.  Invalid UTF-8 is stored as given
 *     and emitted as U+FFFD replacement characters.
 *
 * Return: new node owned by the caller, or NULL if @s is NULL or on
 * allocation failure.
 */
struct json *json_new_string(const char *s)
{
	struct json *j;

	if (!s)
		return NULL;
	j = json_node_alloc(JSON_STRING);
	if (!j)
		return NULL;
	j->u.str = strdup(s);
	if (!j->u.str) {
		free(j);
		return NULL;
	}
	return j;
}

/**
 * json_new_array() - Create an empty array node.
 *
 * Return: new node owned by the caller, or NULL on allocation failure.
 */
struct json *json_new_array(void)
{
	return json_node_alloc(JSON_ARRAY);
}

/**
 * json_new_object() - Create an empty object node.
 *
 * Return: new node owned by the caller, or NULL on allocation failure.
 */
struct json *json_new_object(void)
{
	return json_node_alloc(JSON_OBJECT);
}

/**
 * json_free() - Free a node and everything below it.
 * @j: node to free; NULL is accepted and ignored.
 *
 * Return: nothing.
 */
void json_free(struct json *j)
{
	size_t i;

	if (!j)
		return;
	switch (j->type) {
	case JSON_NUMBER:
		free(j->u.num.text);
		break;
	case JSON_STRING:
		free(j->u.str);
		break;
	case JSON_ARRAY:
		for (i = 0; i < j->u.arr.n; i++)
			json_free(j->u.arr.items[i]);
		free(j->u.arr.items);
		break;
	case JSON_OBJECT:
		for (i = 0; i < j->u.obj.n; i++) {
			free(j->u.obj.m[i].key);
			json_free(j->u.obj.m[i].val);
		}
		free(j->u.obj.m);
		free(j->u.obj.index);
		break;
	default:
		break;
	}
	free(j);
}

/**
 * json_array_append() - Append a value to an array.
 * @arr: array node.
 * @val: value to append; ownership passes to @arr, or the value is freed
 *       if the append fails.  NULL (a failed builder) is reported as
 *       -ENOMEM so builder calls can be nested.
 *
 * Return: 0 on success, -EINVAL if @arr is not an array or @val is @arr
 * itself (then nothing is freed), -ENOMEM if @val is NULL or memory runs
 * out.
 */
int json_array_append(struct json *arr, struct json *val)
{
	struct json **items;
	size_t cap;

	if (!arr || arr->type != JSON_ARRAY || arr == val) {
		if (arr != val)
			json_free(val);
		return -EINVAL;
	}
	if (!val)
		return -ENOMEM;
	if (arr->u.arr.n == arr->u.arr.cap) {
		cap = arr->u.arr.cap ? arr->u.arr.cap * 2 : 4;
		items = realloc(arr->u.arr.items, cap * sizeof(*items));
		if (!items) {
			json_free(val);
			return -ENOMEM;
		}
		arr->u.arr.items = items;
		arr->u.arr.cap = cap;
	}
	arr->u.arr.items[arr->u.arr.n++] = val;
	return 0;
}

/*
 * SipHash-1-3 of the key under a per-process secret, so that a client
 * cannot choose keys that all land in one slot of an object's index.
 */
static uint64_t hash_secret[2];
static pthread_once_t hash_secret_once = PTHREAD_ONCE_INIT;

static void hash_secret_init(void)
{
	const unsigned char *r = (const unsigned char *)getauxval(AT_RANDOM);

	if (r) {
		memcpy(&hash_secret[0], r, 8);
		memcpy(&hash_secret[1], r + 8, 8);
	}
}

static inline uint64_t rotl64(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define SIP_ROUND(v0, v1, v2, v3)					\
	do {								\
		v0 += v1; v1 = rotl64(v1, 13); v1 ^= v0; v0 = rotl64(v0, 32); \
		v2 += v3; v3 = rotl64(v3, 16); v3 ^= v2;		\
		v0 += v3; v3 = rotl64(v3, 21); v3 ^= v0;		\
		v2 += v1; v1 = rotl64(v1, 17); v1 ^= v2; v2 = rotl64(v2, 32); \
	} while (0)

static uint64_t key_hash(const char *key, size_t len)
{
	uint64_t k0, k1, v0, v1, v2, v3, m;
	const unsigned char *p = (const unsigned char *)key;
	size_t left = len;

	pthread_once(&hash_secret_once, hash_secret_init);
	k0 = hash_secret[0];
	k1 = hash_secret[1];
	v0 = k0 ^ 0x736f6d6570736575ULL;
	v1 = k1 ^ 0x646f72616e646f6dULL;
	v2 = k0 ^ 0x6c7967656e657261ULL;
	v3 = k1 ^ 0x7465646279746573ULL;
	for (; left >= 8; p += 8, left -= 8) {
		m = 0;
		for (int i = 7; i >= 0; i--)
			m = (m << 8) | p[i];
		v3 ^= m;
		SIP_ROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	m = (uint64_t)len << 56;
	for (size_t i = 0; i < left; i++)
		m |= (uint64_t)p[i] << (8 * i);
	v3 ^= m;
	SIP_ROUND(v0, v1, v2, v3);
	v0 ^= m;
	v2 ^= 0xff;
	for (int i = 0; i < 3; i++)
		SIP_ROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

#define INDEX_POS(e)	((uint32_t)(e))
#define INDEX_TAG(h)	((h) & 0xffffffff00000000ULL)

/* Put member @i into the index, which has room. */
static void index_add(struct json *obj, size_t i)
{
	const char *key = obj->u.obj.m[i].key;
	uint64_t h = key_hash(key, strlen(key));
	size_t mask = obj->u.obj.index_size - 1, slot = (size_t)h & mask;

	while (obj->u.obj.index[slot])
		slot = (slot + 1) & mask;
	obj->u.obj.index[slot] = INDEX_TAG(h) | (uint64_t)(i + 1);
}

/*
 * (Re)build the index for the members there are, sized for growth.  Out of
 * memory (or beyond 2^31 members) the object goes on without one.
 */
static void index_rebuild(struct json *obj)
{
	size_t n = obj->u.obj.n, size = 16;

	free(obj->u.obj.index);
	obj->u.obj.index = NULL;
	obj->u.obj.index_size = 0;
	if (n < JSON_INDEX_MIN || n > INT32_MAX)
		return;
	while (size < 4 * n)
		size *= 2;
	obj->u.obj.index = calloc(size, sizeof(*obj->u.obj.index));
	if (!obj->u.obj.index)
		return;
	obj->u.obj.index_size = size;
	for (size_t i = 0; i < n; i++)
		index_add(obj, i);
}

struct json_member *json_find_member(const struct json *obj,
				     const char *key)
{
	size_t i;

	if (obj->u.obj.index) {
		uint64_t h = key_hash(key, strlen(key)), e;
		size_t mask = obj->u.obj.index_size - 1, slot = (size_t)h & mask;

		while ((e = obj->u.obj.index[slot]) != 0) {
			struct json_member *m = &obj->u.obj.m[INDEX_POS(e) - 1];

			if (INDEX_TAG(e) == INDEX_TAG(h) && !strcmp(m->key, key))
				return m;
			slot = (slot + 1) & mask;
		}
		return NULL;
	}
	for (i = 0; i < obj->u.obj.n; i++)
		if (!strcmp(obj->u.obj.m[i].key, key))
			return &obj->u.obj.m[i];
	return NULL;
}

/* Append a member whose key is already heap-allocated; owns key and val. */
int json_object_append_key(struct json *obj, char *key, struct json *val)
{
	struct json_member *m;
	size_t cap;

	if (obj->u.obj.n == obj->u.obj.cap) {
		cap = obj->u.obj.cap ? obj->u.obj.cap * 2 : 4;
		m = realloc(obj->u.obj.m, cap * sizeof(*m));
		if (!m) {
			free(key);
			json_free(val);
			return -ENOMEM;
		}
		obj->u.obj.m = m;
		obj->u.obj.cap = cap;
	}
	obj->u.obj.m[obj->u.obj.n].key = key;
	obj->u.obj.m[obj->u.obj.n].val = val;
	obj->u.obj.n++;
	/* at most half full: grow (or start) the index, else add to it */
	if (obj->u.obj.n >= JSON_INDEX_MIN && 2 * obj->u.obj.n > obj->u.obj.index_size)
		index_rebuild(obj);
	else if (obj->u.obj.index)
		index_add(obj, obj->u.obj.n - 1);
	return 0;
}

/**
 * json_object_set() - Set a member of an object.
 * @obj: object node.
 * @key: member name, copied.
 * @val: value; ownership passes to @obj, or the value is freed if the call
 *       fails.  NULL (a failed builder) is reported as -ENOMEM.
 *
 * An existing member with the same key has its value replaced in place and
 * keeps its position; otherwise the member is appended.
 *
 * Return: 0 on success, -EINVAL if @obj is not an object, @key is NULL or
 * @val is @obj itself (then nothing is freed), -ENOMEM if @val is NULL or
 * memory runs out.
 */
int json_object_set(struct json *obj, const char *key, struct json *val)
{
	struct json_member *m;
	char *k;

	if (!obj || obj->type != JSON_OBJECT || !key || obj == val) {
		if (obj != val)
			json_free(val);
		return -EINVAL;
	}
	if (!val)
		return -ENOMEM;
	m = json_find_member(obj, key);
	if (m) {
		json_free(m->val);
		m->val = val;
		return 0;
	}
	k = strdup(key);
	if (!k) {
		json_free(val);
		return -ENOMEM;
	}
	return json_object_append_key(obj, k, val);
}

/**
 * json_object_remove() - Remove and free a member of an object.
 * @obj: object node.
 * @key: member name.
 *
 * The remaining members keep their relative order.
 *
 * Return: 0 on success, -EINVAL if @obj is not an object or @key is NULL,
 * -ENOENT if there is no such member.
 */
int json_object_remove(struct json *obj, const char *key)
{
	struct json_member *m;
	size_t idx;

	if (!obj || obj->type != JSON_OBJECT || !key)
		return -EINVAL;
	m = json_find_member(obj, key);
	if (!m)
		return -ENOENT;
	idx = (size_t)(m - obj->u.obj.m);
	free(m->key);
	json_free(m->val);
	memmove(m, m + 1, (obj->u.obj.n - idx - 1) * sizeof(*m));
	obj->u.obj.n--;
	if (obj->u.obj.index)
		index_rebuild(obj);	/* the members after it moved */
	return 0;
}

/**
 * json_clone() - Deep-copy a tree.
 * @j: tree to copy.
 *
 * Return: new tree owned by the caller, or NULL if @j is NULL or on
 * allocation failure.
 */
struct json *json_clone(const struct json *j)
{
	struct json *c;
	size_t i;

	if (!j)
		return NULL;
	switch (j->type) {
	case JSON_NULL:
		return json_new_null();
	case JSON_BOOL:
		return json_new_bool(j->u.b);
	case JSON_NUMBER:
		return json_number_from_text(j->u.num.text, strlen(j->u.num.text),
					j->u.num.integer);
	case JSON_STRING:
		return json_new_string(j->u.str);
	case JSON_ARRAY:
		c = json_new_array();
		for (i = 0; c && i < j->u.arr.n; i++) {
			if (json_array_append(c,
					      json_clone(j->u.arr.items[i]))) {
				json_free(c);
				c = NULL;
			}
		}
		return c;
	case JSON_OBJECT:
		c = json_new_object();
		for (i = 0; c && i < j->u.obj.n; i++) {
			if (json_object_set(c, j->u.obj.m[i].key,
					    json_clone(j->u.obj.m[i].val))) {
				json_free(c);
				c = NULL;
			}
		}
		return c;
	default:
		return NULL;
	}
}

/* ------------------------------------------------------------------ */
/* Accessors.                                                         */

/**
 * json_type_of() - Report the type of a node.
 * @j: node, may be NULL.
 *
 * Return: the node's type, or JSON_TYPE_COUNT if @j is NULL.
 */
enum json_type json_type_of(const struct json *j)
{
	return j ? j->type : JSON_TYPE_COUNT;
}

/**
 * json_type_name() - Name a JSON type for diagnostics.
 * @type: type to name.
 *
 * Return: a static string such as "null", "number" or "object", or
 * "invalid" for out-of-range values.
 */
const char *json_type_name(enum json_type type)
{
	static const char *const names[JSON_TYPE_COUNT] = {
		[JSON_NULL] = "null",
		[JSON_BOOL] = "boolean",
		[JSON_NUMBER] = "number",
		[JSON_STRING] = "string",
		[JSON_ARRAY] = "array",
		[JSON_OBJECT] = "object",
	};

	if ((unsigned)type >= JSON_TYPE_COUNT)
		return "invalid";
	return names[type];
}

/**
 * json_object_get() - Look up an object member by key.
 * @obj: object node.
 * @key: member name.
 *
 * Return: the member's value (owned by @obj), or NULL if the key is absent
 * or @obj is not an object.
 */
const struct json *json_object_get(const struct json *obj, const char *key)
{
	struct json_member *m;

	if (!obj || obj->type != JSON_OBJECT || !key)
		return NULL;
	m = json_find_member(obj, key);
	return m ? m->val : NULL;
}

/**
 * json_object_size() - Count the members of an object.
 * @obj: object node.
 *
 * Return: number of members, or 0 if @obj is not an object.
 */
size_t json_object_size(const struct json *obj)
{
	return obj && obj->type == JSON_OBJECT ? obj->u.obj.n : 0;
}

/**
 * json_object_key_at() - Key of the i-th member in insertion order.
 * @obj: object node.
 * @i: index.
 *
 * Return: the key (owned by @obj), or NULL if out of range or not an
 * object.
 */
const char *json_object_key_at(const struct json *obj, size_t i)
{
	if (i >= json_object_size(obj))
		return NULL;
	return obj->u.obj.m[i].key;
}

/**
 * json_object_value_at() - Value of the i-th member in insertion order.
 * @obj: object node.
 * @i: index.
 *
 * Return: the value (owned by @obj), or NULL if out of range or not an
 * object.
 */
const struct json *json_object_value_at(const struct json *obj, size_t i)
{
	if (i >= json_object_size(obj))
		return NULL;
	return obj->u.obj.m[i].val;
}

/**
 * json_array_size() - Count the elements of an array.
 * @arr: array node.
 *
 * Return: number of elements, or 0 if @arr is not an array.
 */
size_t json_array_size(const struct json *arr)
{
	return arr && arr->type == JSON_ARRAY ? arr->u.arr.n : 0;
}

/**
 * json_array_at() - Element of an array.
 * @arr: array node.
 * @i: index.
 *
 * Return: the element (owned by @arr), or NULL if out of range or not an
 * array.
 */
const struct json *json_array_at(const struct json *arr, size_t i)
{
	if (i >= json_array_size(arr))
		return NULL;
	return arr->u.arr.items[i];
}

/**
 * json_bool_value() - Value of a boolean node.
 * @j: node.
 *
 * Return: the boolean, or false if @j is not a boolean.
 */
bool json_bool_value(const struct json *j)
{
	return j && j->type == JSON_BOOL && j->u.b;
}

/**
 * json_string_value() - Contents of a string node.
 * @j: node.
 *
 * Return: NUL-terminated UTF-8 (owned by @j), or NULL if @j is not a
 * string.
 */
const char *json_string_value(const struct json *j)
{
	return j && j->type == JSON_STRING ? j->u.str : NULL;
}

/**
 * json_number_text() - JSON text of a number node.
 * @j: node.
 *
 * Return: the number as it was parsed or built (owned by @j), or NULL if
 * @j is not a number.
 */
const char *json_number_text(const struct json *j)
{
	return j && j->type == JSON_NUMBER ? j->u.num.text : NULL;
}

/**
 * json_number_is_integer() - Whether a number has no fraction or exponent.
 * @j: node.
 *
 * Return: true for integer numbers, false otherwise (also for non-numbers).
 */
bool json_number_is_integer(const struct json *j)
{
	return j && j->type == JSON_NUMBER && j->u.num.integer;
}

/* Split an integer number into sign and magnitude. */
static int int_magnitude(const struct json *j, bool *neg, uint64_t *mag)
{
	const char *s;
	uint64_t v = 0;
	unsigned int d;

	if (!json_number_is_integer(j))
		return -EINVAL;
	s = j->u.num.text;
	*neg = *s == '-';
	if (*neg)
		s++;
	for (; *s; s++) {
		d = (unsigned int)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*mag = v;
	return 0;
}

/**
 * json_number_u64() - Convert an integer number to uint64_t.
 * @j: node.
 * @out: receives the value on success; untouched on failure.
 *
 * Return: 0 on success, -EINVAL if @j is not an integer number or is
 * negative ("-0" counts as zero), -ERANGE if it exceeds 2^64-1.
 */
int json_number_u64(const struct json *j, uint64_t *out)
{
	uint64_t mag = 0;
	bool neg = false;
	int err = int_magnitude(j, &neg, &mag);

	if (err == -EINVAL)
		return err;
	if (neg && (err || mag))
		return -EINVAL;
	if (err)
		return err;
	*out = mag;
	return 0;
}

/**
 * json_number_i64() - Convert an integer number to int64_t.
 * @j: node.
 * @out: receives the value on success; untouched on failure.
 *
 * Return: 0 on success, -EINVAL if @j is not an integer number, -ERANGE if
 * it lies outside -2^63 .. 2^63-1.
 */
int json_number_i64(const struct json *j, int64_t *out)
{
	uint64_t mag = 0;
	bool neg = false;
	int err = int_magnitude(j, &neg, &mag);

	if (err)
		return err;
	if (neg) {
		if (mag > (uint64_t)INT64_MAX + 1)
			return -ERANGE;
		*out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN
						      : -(int64_t)mag;
		return 0;
	}
	if (mag > (uint64_t)INT64_MAX)
		return -ERANGE;
	*out = (int64_t)mag;
	return 0;
}

/**
 * json_number_double() - Convert a number to double.
 * @j: node.
 *
 * Large integers lose precision; magnitudes beyond DBL_MAX become
 * infinities.
 *
 * Return: the nearest double, or 0.0 if @j is not a number.
 */
double json_number_double(const struct json *j)
{
	if (!j || j->type != JSON_NUMBER)
		return 0.0;
	return strtod(j->u.num.text, NULL);
}

/* "-0" equals "0"; JSON integer text is otherwise canonical. */
static const char *int_canon(const char *text)
{
	return strcmp(text, "-0") ? text : "0";
}

/**
 * json_equal() - Structural equality of two trees.
 * @a: first tree.
 * @b: second tree.
 *
 * Objects compare as unordered sets of members.  Two integer numbers
 * compare exactly by value (at any magnitude); otherwise numbers compare
 * as doubles.  Two NULL pointers are equal.
 *
 * Return: true if the trees are equal.
 */
bool json_equal(const struct json *a, const struct json *b)
{
	const struct json_member *m;
	size_t i;

	if (a == b)
		return true;
	if (!a || !b || a->type != b->type)
		return false;
	switch (a->type) {
	case JSON_NULL:
		return true;
	case JSON_BOOL:
		return a->u.b == b->u.b;
	case JSON_NUMBER:
		if (a->u.num.integer && b->u.num.integer)
			return !strcmp(int_canon(a->u.num.text),
				       int_canon(b->u.num.text));
		return json_number_double(a) == json_number_double(b);
	case JSON_STRING:
		return !strcmp(a->u.str, b->u.str);
	case JSON_ARRAY:
		if (a->u.arr.n != b->u.arr.n)
			return false;
		for (i = 0; i < a->u.arr.n; i++)
			if (!json_equal(a->u.arr.items[i], b->u.arr.items[i]))
				return false;
		return true;
	case JSON_OBJECT:
		if (a->u.obj.n != b->u.obj.n)
			return false;
		for (i = 0; i < a->u.obj.n; i++) {
			m = json_find_member(b, a->u.obj.m[i].key);
			if (!m || !json_equal(a->u.obj.m[i].val, m->val))
				return false;
		}
		return true;
	default:
		return false;
	}
}
