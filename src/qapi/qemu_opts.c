// SPDX-License-Identifier: MIT
/*
 * QemuOpts (QEMU's util/qemu-option.c) as far as memhp needs it: the
 * "key=value,key=value" strings of -object, -device, -m, -smp, -cpu,
 * -numa, -machine and HMP's device_add/object_add (",," stands for ','; a
 * leading bare element is the implied key), and QEMU's parsers for the
 * values (util/cutils.c): sizes with suffixes, integers in any base with
 * QEMU's leniency, booleans as "on"/"off" and their synonyms.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strparse.h"
#include "qapi/qapi.h"

static int opts_append(struct qemu_opts *o, char *key, char *value)
{
	struct qemu_opt *n = realloc(o->opts, (o->nr + 1) * sizeof(*n));

	if (!n) {
		free(key);
		free(value);
		return -ENOMEM;
	}
	o->opts = n;
	o->opts[o->nr].key = key;
	o->opts[o->nr].value = value;
	o->nr++;
	return 0;
}

/* One element up to an unescaped ','; ",," stands for ','. */
static char *take_element(const char **pp)
{
	const char *p = *pp;
	char *out = malloc(strlen(p) + 1), *w = out;

	if (!out)
		return NULL;
	while (*p) {
		if (*p == ',') {
			if (p[1] == ',') {
				*w++ = ',';
				p += 2;
				continue;
			}
			p++;
			break;
		}
		*w++ = *p++;
	}
	*w = 0;
	*pp = p;
	return out;
}

/**
 * qemu_opts_parse() - split a QemuOpts string
 * @text: e.g. "pc-dimm,id=d1,memdev=m1"
 * @implied: the key of a leading element without '=' (NULL: none)
 * @out: the options (free with qemu_opts_fini())
 *
 * Return: 0 or -ENOMEM.
 */
int qemu_opts_parse(const char *text, const char *implied, struct qemu_opts *out)
{
	const char *p = text;
	bool first = true;

	out->opts = NULL;
	out->nr = 0;
	if (!*text)
		return 0;
	while (*p || first) {
		char *el = take_element(&p), *eq, *key, *val;

		if (!el)
			goto oom;
		eq = strchr(el, '=');
		if (eq) {
			*eq = 0;
			key = strdup(el);
			val = strdup(eq + 1);
		} else if (first && implied) {
			key = strdup(implied);
			val = strdup(el);
		} else {
			key = strdup(el);
			val = NULL;
		}
		free(el);
		if (!key || (eq && !val) || (!eq && first && implied && !val)) {
			free(key);
			free(val);
			goto oom;
		}
		if (opts_append(out, key, val))
			goto oom;
		first = false;
	}
	return 0;
oom:
	qemu_opts_fini(out);
	return -ENOMEM;
}

/**
 * qemu_opts_fini() - free what qemu_opts_parse() allocated
 * @o: the options
 */
void qemu_opts_fini(struct qemu_opts *o)
{
	for (size_t i = 0; i < o->nr; i++) {
		free(o->opts[i].key);
		free(o->opts[i].value);
	}
	free(o->opts);
	o->opts = NULL;
	o->nr = 0;
}

/**
 * qemu_opts_get() - the last value of @key (QemuOpts: the last one wins)
 * @o: the options
 * @key: the key
 *
 * Return: the value, "on" for a bare flag, or NULL if absent.
 */
const char *qemu_opts_get(const struct qemu_opts *o, const char *key)
{
	for (size_t i = o->nr; i-- > 0;)
		if (!strcmp(o->opts[i].key, key))
			return o->opts[i].value ? o->opts[i].value : "on";
	return NULL;
}

/**
 * qemu_opt_parse_size() - a QEMU size (suffixes K, M, G, T, P, E; bare = bytes)
 * @s: the text
 * @out: bytes
 *
 * Return: 0, -EINVAL, -ERANGE.
 */
int qemu_opt_parse_size(const char *s, uint64_t *out)
{
	if (!*s)
		return -EINVAL;
	return qemu_strtosz(s, 'B', out);
}

/**
 * qemu_opt_parse_u64() - QEMU's qemu_strtou64(): base 0, a leading '-' wraps
 * @s: the text
 * @out: the value
 *
 * Return: 0, -EINVAL, -ERANGE.
 */
int qemu_opt_parse_u64(const char *s, uint64_t *out)
{
	uint64_t v;
	int ret;

	if (*s == '-') {
		ret = qemu_strtou64(s + 1, &v);
		if (!ret)
			*out = 0 - v;
		return ret;
	}
	return qemu_strtou64(s, out);
}

/**
 * qemu_opt_prop_uint() - a device property that is an unsigned integer of at
 * most @max, as QemuOpts parses it, with QEMU's messages
 * Return: 0 or -EINVAL with "Parameter 'NAME' expects integer" / "expects uint32_t".
 */
int qemu_opt_prop_uint(const char *name, const char *val, uint64_t max, uint64_t *out,
		       struct memhp_err *err)
{
	uint64_t u;

	if (qemu_opt_parse_u64(val, &u))
		return memhp_err_set(err, -EINVAL, "Parameter '%s' expects integer", name);
	if (u > max)
		return memhp_err_set(err, -EINVAL, "Parameter '%s' expects uint32_t", name);
	*out = u;
	return 0;
}

/**
 * qemu_opt_parse_i64() - QEMU's qemu_strtoi64(): base 0, optional '-'
 * @s: the text
 * @out: the value
 *
 * Return: 0, -EINVAL, -ERANGE.
 */
int qemu_opt_parse_i64(const char *s, int64_t *out)
{
	return qemu_strtoi64(s, out);
}

/**
 * qemu_opt_parse_bool() - a boolean option: on/yes/true/y or off/no/false/n;
 * a bare flag (@val NULL) is on
 * @name: the option, for the message
 * @val: the text, or NULL
 * @out: the value
 * @err: "Parameter 'NAME' expects 'on' or 'off'"
 *
 * Return: 0 or -EINVAL.
 */
int qemu_opt_parse_bool(const char *name, const char *val, bool *out, struct memhp_err *err)
{
	if (!val || !strcmp(val, "on") || !strcmp(val, "yes") || !strcmp(val, "true") ||
	    !strcmp(val, "y")) {
		*out = true;
		return 0;
	}
	if (!strcmp(val, "off") || !strcmp(val, "no") || !strcmp(val, "false") || !strcmp(val, "n")) {
		*out = false;
		return 0;
	}
	return memhp_err_set(err, -EINVAL, "Parameter '%s' expects 'on' or 'off'", name);
}
