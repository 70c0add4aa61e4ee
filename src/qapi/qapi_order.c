// SPDX-License-Identifier: MIT
/*
 * The order QEMU prints an object's keys in.  QEMU keeps a QMP object in a
 * QDict, a hash table of 512 buckets; iterating it walks the buckets in
 * ascending order and each bucket's chain from its most recently inserted
 * key.  memhp builds every object in QAPI member order (the order QEMU's
 * visitors insert) and reorders it here before it goes out; device_add's
 * properties are set in the same order (object_set_properties_from_qdict).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "qapi/qapi.h"

#define QDICT_BUCKET_MAX 512

/* QEMU's tdb_hash() as used by qdict.c: the bucket of @key. */
static unsigned int qdict_bucket(const char *key)
{
	uint32_t h = 0x238F13AFu * (uint32_t)strlen(key);

	for (uint32_t i = 0; key[i]; i++)
		h += (uint32_t)(unsigned char)key[i] << (i * 5 % 24);
	return (1103515243u * h + 12345u) % QDICT_BUCKET_MAX;
}

/**
 * qapi_key_order() - the order QEMU iterates a QDict
 * @keys: the keys in insertion order
 * @nr: their number
 * @order: filled with indices into @keys: ascending bucket, and within a
 *         bucket the most recently inserted key first
 */
void qapi_key_order(const char *const *keys, size_t nr, size_t *order)
{
	/* a counting sort by bucket, linear in @nr: a request may carry 64k keys */
	size_t start[QDICT_BUCKET_MAX + 1] = { 0 };

	for (size_t i = 0; i < nr; i++)
		start[qdict_bucket(keys[i]) + 1]++;
	for (size_t b = 1; b <= QDICT_BUCKET_MAX; b++)
		start[b] += start[b - 1];
	/* a later key goes before earlier keys of the same bucket */
	for (size_t i = nr; i-- > 0;)
		order[start[qdict_bucket(keys[i])]++] = i;
}

static struct json *order_copy(const struct json *j)
{
	struct json *out;

	switch (json_type_of(j)) {
	case JSON_OBJECT: {
		size_t n = json_object_size(j);
		const char **keys = calloc(n ? n : 1, sizeof(*keys));
		size_t *order = calloc(n ? n : 1, sizeof(*order));

		out = json_new_object();
		if (!keys || !order || !out)
			goto fail_obj;
		for (size_t i = 0; i < n; i++)
			keys[i] = json_object_key_at(j, i);
		qapi_key_order(keys, n, order);
		for (size_t i = 0; i < n; i++) {
			if (json_object_set(out, keys[order[i]],
					    order_copy(json_object_value_at(j, order[i]))))
				goto fail_obj;
		}
		free(keys);
		free(order);
		return out;
fail_obj:
		free(keys);
		free(order);
		json_free(out);
		return NULL;
	}
	case JSON_ARRAY:
		out = json_new_array();
		for (size_t i = 0; out && i < json_array_size(j); i++) {
			if (json_array_append(out, order_copy(json_array_at(j, i)))) {
				json_free(out);
				out = NULL;
			}
		}
		return out;
	default:
		return json_clone(j);
	}
}

/**
 * qapi_order() - reorder every object in a tree as QEMU would print it
 * @obj: the tree, keys inserted in QAPI member order (ownership taken; may be NULL)
 *
 * Return: the reordered tree (caller owns), or NULL if @obj was NULL or on
 * allocation failure.
 */
struct json *qapi_order(struct json *obj)
{
	struct json *out;

	if (!obj)
		return NULL;
	out = order_copy(obj);
	json_free(obj);
	return out;
}
