// SPDX-License-Identifier: MIT
/*
 * The emitter: QEMU's QMP wire spacing or compact, strings escaped the way
 * QEMU escapes them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/json_internal.h"

/* ------------------------------------------------------------------ */
/* Emitter.                                                           */

/* Emit one UTF-16 code unit as a \uxxxx escape with lowercase hex. */
static void emit_u16(struct sbuf *sb, uint32_t unit)
{
	static const char hex[] = "0123456789abcdef";
	char buf[6] = { '\\', 'u' };
	int i;

	for (i = 0; i < 4; i++)
		buf[2 + i] = hex[(unit >> (12 - 4 * i)) & 0xf];
	json_sbuf_add(sb, buf, sizeof(buf));
}

static void emit_string(struct sbuf *sb, const char *s)
{
	static const char esc_in[] = "\"\\\b\f\n\r\t";
	static const char esc_out[] = "\"\\bfnrt";
	const unsigned char *p = (const unsigned char *)s;
	const char *esc;
	uint32_t cp;
	size_t n;

	json_sbuf_putc(sb, '"');
	while (*p) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') {
			json_sbuf_putc(sb, (char)*p++);
			continue;
		}
		esc = strchr(esc_in, *p);
		if (esc) {
			json_sbuf_putc(sb, '\\');
			json_sbuf_putc(sb, esc_out[esc - esc_in]);
			p++;
			continue;
		}
		if (*p < 0x80) {
			emit_u16(sb, *p++);
			continue;
		}
		n = json_utf8_decode(p, strnlen((const char *)p, 4), &cp);
		if (!n) {
			cp = 0xfffd;	/* invalid byte */
			n = 1;
		}
		if (cp > 0xffff) {
			emit_u16(sb, 0xd800 + ((cp - 0x10000) >> 10));
			cp = 0xdc00 + ((cp - 0x10000) & 0x3ff);
		}
		emit_u16(sb, cp);
		p += n;
	}
	json_sbuf_putc(sb, '"');
}

static int member_key_cmp(const void *a, const void *b)
{
	const struct json_member *x = *(const struct json_member *const *)a;
	const struct json_member *y = *(const struct json_member *const *)b;

	return strcmp(x->key, y->key);
}

static void emit_value(struct sbuf *sb, const struct json *j, unsigned flags)
{
	bool qmp = flags & JSON_EMIT_QMP;
	const char *comma = qmp ? ", " : ",";
	const struct json_member **order = NULL;
	size_t i;

	switch (j->type) {
	case JSON_NULL:
		json_sbuf_puts(sb, "null");
		break;
	case JSON_BOOL:
		json_sbuf_puts(sb, j->u.b ? "true" : "false");
		break;
	case JSON_NUMBER:
		json_sbuf_puts(sb, j->u.num.text);
		break;
	case JSON_STRING:
		emit_string(sb, j->u.str);
		break;
	case JSON_ARRAY:
		json_sbuf_putc(sb, '[');
		for (i = 0; i < j->u.arr.n && !sb->oom; i++) {
			if (i)
				json_sbuf_puts(sb, comma);
			emit_value(sb, j->u.arr.items[i], flags);
		}
		json_sbuf_putc(sb, ']');
		break;
	case JSON_OBJECT:
		if ((flags & JSON_EMIT_SORT_KEYS) && j->u.obj.n > 1) {
			order = malloc(j->u.obj.n * sizeof(*order));
			if (!order) {
				sb->oom = true;
				break;
			}
			for (i = 0; i < j->u.obj.n; i++)
				order[i] = &j->u.obj.m[i];
			qsort(order, j->u.obj.n, sizeof(*order), member_key_cmp);
		}
		json_sbuf_putc(sb, '{');
		for (i = 0; i < j->u.obj.n && !sb->oom; i++) {
			const struct json_member *m = order ? order[i] : &j->u.obj.m[i];

			if (i)
				json_sbuf_puts(sb, comma);
			emit_string(sb, m->key);
			json_sbuf_puts(sb, qmp ? ": " : ":");
			emit_value(sb, m->val, flags);
		}
		json_sbuf_putc(sb, '}');
		free(order);
		break;
	default:
		break;
	}
}

/**
 * json_to_string() - Serialise a tree.
 * @j: tree to emit.
 * @flags: JSON_EMIT_QMP for QEMU's ", " and ": " separators, or
 *         JSON_EMIT_COMPACT for none; JSON_EMIT_SORT_KEYS orders object
 *         members by key (as Python's sort_keys does for ASCII keys).
 *
 * Strings are escaped as QEMU does: \" \\ \b \f \n \r \t, other control
 * characters and U+007F as \u00xx, non-ASCII as \uxxxx (surrogate pairs
 * above U+FFFF, U+FFFD for invalid UTF-8); hex digits are lowercase and '/'
 * is not escaped.  Numbers are emitted from their stored text.
 *
 * Return: malloc'd NUL-terminated text owned by the caller, or NULL if @j
 * is NULL or on allocation failure.
 */
char *json_to_string(const struct json *j, unsigned flags)
{
	struct sbuf sb = { 0 };

	if (!j)
		return NULL;
	emit_value(&sb, j, flags);
	return json_sbuf_finish(&sb);
}
