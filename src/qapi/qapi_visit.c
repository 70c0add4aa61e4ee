// SPDX-License-Identifier: MIT
/*
 * Command arguments as QEMU's strict QObject input visitor sees them:
 * each member of the schema in schema order (missing, wrong type, out of
 * range, not in the enum), then any member the schema does not name, in
 * the order QEMU's QDict iterates them.  The messages are QEMU's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "qapi/qapi.h"

static bool json_is_int(const struct json *v, int64_t *i, uint64_t *u, bool *neg)
{
	if (json_type_of(v) != JSON_NUMBER || !json_number_is_integer(v))
		return false;
	if (!json_number_u64(v, u)) {
		*neg = false;
		*i = *u > INT64_MAX ? 0 : (int64_t)*u;
		return true;
	}
	if (!json_number_i64(v, i)) {
		*neg = true;
		*u = (uint64_t)*i;
		return true;
	}
	return false;
}

static bool enum_has(const char *const *values, const char *s)
{
	for (; values && *values; values++)
		if (!strcmp(*values, s))
			return true;
	return false;
}

static int check_value(const char *name, const struct json *v, enum qapi_type type,
		       const char *const *enum_values, struct memhp_err *err)
{
	int64_t i;
	uint64_t u;
	bool neg;

	switch (type) {
	case QAPI_TYPE_STR:
		if (json_type_of(v) != JSON_STRING)
			return memhp_err_set(err, -EINVAL,
					     "Invalid parameter type for '%s', expected: string", name);
		break;
	case QAPI_TYPE_INT:
		if (!json_is_int(v, &i, &u, &neg) || (!neg && u > INT64_MAX))
			return memhp_err_set(err, -EINVAL,
					     "Invalid parameter type for '%s', expected: integer", name);
		break;
	case QAPI_TYPE_UINT64:
		if (!json_is_int(v, &i, &u, &neg))
			return memhp_err_set(err, -EINVAL, "Parameter '%s' expects uint64", name);
		break;
	case QAPI_TYPE_UINT32:
		if (!json_is_int(v, &i, &u, &neg))
			return memhp_err_set(err, -EINVAL, "Parameter '%s' expects uint64", name);
		if (u > UINT32_MAX)
			return memhp_err_set(err, -EINVAL, "Parameter '%s' expects uint32_t", name);
		break;
	case QAPI_TYPE_BOOL:
		if (json_type_of(v) != JSON_BOOL)
			return memhp_err_set(err, -EINVAL,
					     "Invalid parameter type for '%s', expected: boolean", name);
		break;
	case QAPI_TYPE_ENUM:
		if (json_type_of(v) != JSON_STRING)
			return memhp_err_set(err, -EINVAL,
					     "Invalid parameter type for '%s', expected: string", name);
		if (!enum_has(enum_values, json_string_value(v)))
			return memhp_err_set(err, -EINVAL, "Parameter '%s' does not accept value '%s'",
					     name, json_string_value(v));
		break;
	case QAPI_TYPE_LIST:
		if (json_type_of(v) != JSON_ARRAY)
			return memhp_err_set(err, -EINVAL,
					     "Invalid parameter type for '%s', expected: array", name);
		for (size_t k = 0; k < json_array_size(v); k++) {
			char elem[128];
			int ret;

			snprintf(elem, sizeof(elem), "%s[%zu]", name, k);
			if (enum_values) {
				ret = check_value(elem, json_array_at(v, k), QAPI_TYPE_ENUM,
						  enum_values, err);
			} else {
				/* lists of uint16 (host-nodes) */
				ret = check_value(elem, json_array_at(v, k), QAPI_TYPE_UINT64, NULL,
						  err);
				if (!ret && json_number_u64(json_array_at(v, k), &u) == 0 &&
				    u > UINT16_MAX)
					ret = memhp_err_set(err, -EINVAL,
							    "Parameter '%s' expects uint16_t", elem);
			}
			if (ret)
				return ret;
		}
		break;
	case QAPI_TYPE_ANY:
	case QAPI_TYPE_COUNT:
		break;
	}
	return 0;
}

/**
 * qapi_check_members() - check command arguments against a schema
 * @args: the arguments object (NULL: none)
 * @m: the members, in schema order
 * @nr: their number
 * @err: QEMU's message for the first problem
 *
 * Return: 0 or -EINVAL.
 */
int qapi_check_members(const struct json *args, const struct qapi_member *m, size_t nr,
		       struct memhp_err *err)
{
	for (size_t i = 0; i < nr; i++) {
		const struct json *v = args ? json_object_get(args, m[i].name) : NULL;
		int ret;

		if (!v) {
			if (m[i].required)
				return memhp_err_set(err, -EINVAL, "Parameter '%s' is missing", m[i].name);
			continue;
		}
		ret = check_value(m[i].name, v, m[i].type, m[i].enum_values, err);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * qapi_check_unexpected() - refuse arguments the schema does not name
 * @args: the arguments object (NULL: none)
 * @m: the schema members
 * @nr: their number
 * @extra: more accepted names, NULL-terminated (may be NULL)
 * @err: "Parameter 'x' is unexpected" for the first one in QEMU's order
 *
 * Return: 0 or -EINVAL.
 */
int qapi_check_unexpected(const struct json *args, const struct qapi_member *m, size_t nr,
			  const char *const *extra, struct memhp_err *err)
{
	size_t n = args ? json_object_size(args) : 0;
	const char **keys;
	size_t *order;
	int ret = 0;

	if (!n)
		return 0;
	keys = calloc(n, sizeof(*keys));
	order = calloc(n, sizeof(*order));
	if (!keys || !order) {
		free(keys);
		free(order);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = json_object_key_at(args, i);
	qapi_key_order(keys, n, order);
	for (size_t i = 0; i < n && !ret; i++) {
		const char *k = keys[order[i]];
		bool known = enum_has(extra, k);

		for (size_t j = 0; j < nr && !known; j++)
			known = !strcmp(m[j].name, k);
		if (!known)
			ret = memhp_err_set(err, -EINVAL, "Parameter '%s' is unexpected", k);
	}
	free(keys);
	free(order);
	return ret;
}
