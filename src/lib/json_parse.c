// SPDX-License-Identifier: MIT
/*
 * The strict JSON parser (RFC 8259 plus the limits QMP needs: bounded depth
 * and input size, no duplicate keys, no NUL characters in strings).
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
/* Parser.                                                            */

struct parser {
	const char *p;
	const char *end;
	int depth;
	char *errbuf;
	size_t errlen;
};

static int __attribute__((format(printf, 2, 3)))
parse_error(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!ps->errbuf || !ps->errlen)
		return -EINVAL;
	n = snprintf(ps->errbuf, ps->errlen, "JSON parse error, ");
	if (n >= 0 && (size_t)n < ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->errbuf + n, ps->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int parse_oom(struct parser *ps)
{
	if (ps->errbuf && ps->errlen)
		snprintf(ps->errbuf, ps->errlen, "JSON parse error, out of memory");
	return -ENOMEM;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       is_digit(c) || c == '_';
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
				   *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int parse_value(struct parser *ps, struct json **out);

static int parse_hex4(const char *s, const char *end, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	if (end - s < 4)
		return -EINVAL;
	for (i = 0; i < 4; i++) {
		v <<= 4;
		if (is_digit(s[i]))
			v |= (uint32_t)(s[i] - '0');
		else if (s[i] >= 'a' && s[i] <= 'f')
			v |= (uint32_t)(s[i] - 'a' + 10);
		else if (s[i] >= 'A' && s[i] <= 'F')
			v |= (uint32_t)(s[i] - 'A' + 10);
		else
			return -EINVAL;
	}
	*out = v;
	return 0;
}

/* Decode the escape sequence at ps->p (which points at the backslash). */
static int parse_escape(struct parser *ps, struct sbuf *sb)
{
	static const char simple_in[] = "\"'\\/bfnrt";
	static const char simple_out[] = "\"'\\/\b\f\n\r\t";
	uint32_t cp, lo;
	const char *s;
	char enc[4];
	char c;

	ps->p++;
	if (ps->p >= ps->end)
		return parse_error(ps, "unterminated string");
	c = *ps->p++;
	if (c != 'u') {
		s = c ? strchr(simple_in, c) : NULL;
		if (!s) {
			if (c > 0x20 && c < 0x7f)
				return parse_error(ps, "invalid escape '\\%c' in string", c);
			return parse_error(ps, "invalid escape in string");
		}
		json_sbuf_putc(sb, simple_out[s - simple_in]);
		return 0;
	}
	if (parse_hex4(ps->p, ps->end, &cp))
		return parse_error(ps, "invalid \\u escape in string");
	ps->p += 4;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (ps->end - ps->p < 6 || ps->p[0] != '\\' ||
		    ps->p[1] != 'u' || parse_hex4(ps->p + 2, ps->end, &lo) ||
		    lo < 0xdc00 || lo > 0xdfff)
			return parse_error(ps, "unpaired surrogate in string");
		ps->p += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp <= 0xdfff) {
		return parse_error(ps, "unpaired surrogate in string");
	}
	if (!cp)
		return parse_error(ps, "null character in string");
	json_sbuf_add(sb, enc, json_utf8_encode(cp, enc));
	return 0;
}

/*
 * Parse a string literal at ps->p (the opening quote) into *out.  As QEMU
 * does, a string may also be delimited by apostrophes (then a quotation
 * mark needs no escape), and \' is an escape in either kind.
 */
static int parse_string(struct parser *ps, char **out)
{
	char quote = *ps->p;
	struct sbuf sb = { 0 };
	const char *run;
	uint32_t cp;
	size_t n;
	int err;

	ps->p++;
	for (;;) {
		if (ps->p >= ps->end) {
			err = parse_error(ps, "unterminated string");
			goto fail;
		}
		run = ps->p;
		while (ps->p < ps->end && *ps->p >= 0x20 && *ps->p != quote &&
		       *ps->p != '\\')
			ps->p++;	/* plain ASCII (char is signed) */
		json_sbuf_add(&sb, run, (size_t)(ps->p - run));
		if (ps->p >= ps->end)
			continue;
		if (*ps->p == quote) {
			ps->p++;
			break;
		}
		if (*ps->p == '\\') {
			err = parse_escape(ps, &sb);
			if (err)
				goto fail;
			continue;
		}
		if (*ps->p >= 0 && *ps->p < 0x20) {
			err = parse_error(ps, "control character in string");
			goto fail;
		}
		n = json_utf8_decode((const unsigned char *)ps->p,
				(size_t)(ps->end - ps->p), &cp);
		if (!n) {
			err = parse_error(ps, "invalid UTF-8 sequence in string");
			goto fail;
		}
		json_sbuf_add(&sb, ps->p, n);
		ps->p += n;
	}
	*out = json_sbuf_finish(&sb);
	return *out ? 0 : parse_oom(ps);
fail:
	free(sb.buf);
	return err;
}

static int parse_number(struct parser *ps, struct json **out)
{
	const char *start = ps->p, *q = ps->p, *end = ps->end;
	bool integer = true;

	if (q < end && *q == '-')
		q++;
	if (q >= end || !is_digit(*q))
		return parse_error(ps, "invalid number");
	if (*q == '0')
		q++;
	else
		while (q < end && is_digit(*q))
			q++;
	if (q < end && *q == '.') {
		integer = false;
		if (++q >= end || !is_digit(*q))
			return parse_error(ps, "invalid number");
		while (q < end && is_digit(*q))
			q++;
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		integer = false;
		if (++q < end && (*q == '+' || *q == '-'))
			q++;
		if (q >= end || !is_digit(*q))
			return parse_error(ps, "invalid number");
		while (q < end && is_digit(*q))
			q++;
	}
	if (q < end && (is_word_char(*q) || *q == '.' || *q == '+' ||
			*q == '-'))
		return parse_error(ps, "invalid number");
	ps->p = q;
	*out = json_number_from_text(start, (size_t)(q - start), integer);
	return *out ? 0 : parse_oom(ps);
}

static int parse_keyword(struct parser *ps, struct json **out)
{
	const char *start = ps->p;
	size_t n;

	while (ps->p < ps->end && is_word_char(*ps->p))
		ps->p++;
	n = (size_t)(ps->p - start);
	if (n == 4 && !memcmp(start, "true", 4))
		*out = json_new_bool(true);
	else if (n == 5 && !memcmp(start, "false", 5))
		*out = json_new_bool(false);
	else if (n == 4 && !memcmp(start, "null", 4))
		*out = json_new_null();
	else
		return parse_error(ps, "invalid keyword '%.*s'",
				   (int)(n > 32 ? 32 : n), start);
	return *out ? 0 : parse_oom(ps);
}

static int enter_container(struct parser *ps)
{
	if (++ps->depth > JSON_MAX_DEPTH)
		return parse_error(ps, "nesting too deep (limit %d)",
				   JSON_MAX_DEPTH);
	ps->p++;	/* '[' or '{' */
	skip_ws(ps);
	return 0;
}

static int parse_array(struct parser *ps, struct json **out)
{
	struct json *arr, *val;
	int err;

	err = enter_container(ps);
	if (err)
		return err;
	arr = json_new_array();
	if (!arr)
		return parse_oom(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		goto done;
	}
	for (;;) {
		err = parse_value(ps, &val);
		if (err)
			goto fail;
		if (json_array_append(arr, val)) {
			err = parse_oom(ps);
			goto fail;
		}
		skip_ws(ps);
		if (ps->p >= ps->end) {
			err = parse_error(ps, "unterminated array");
			goto fail;
		}
		if (*ps->p == ']') {
			ps->p++;
			break;
		}
		if (*ps->p != ',') {
			err = parse_error(ps, "expected separator in array");
			goto fail;
		}
		ps->p++;
	}
done:
	ps->depth--;
	*out = arr;
	return 0;
fail:
	json_free(arr);
	return err;
}

static int parse_object(struct parser *ps, struct json **out)
{
	struct json *obj, *val;
	char *key;
	int err;

	err = enter_container(ps);
	if (err)
		return err;
	obj = json_new_object();
	if (!obj)
		return parse_oom(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		goto done;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p >= ps->end || (*ps->p != '"' && *ps->p != '\'')) {
			err = ps->p >= ps->end ?
			      parse_error(ps, "unterminated object") :
			      parse_error(ps, "key is not a string in object");
			goto fail;
		}
		err = parse_string(ps, &key);
		if (err)
			goto fail;
		if (json_find_member(obj, key)) {
			err = parse_error(ps, "duplicate key '%s'", key);
			free(key);
			goto fail;
		}
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':') {
			err = parse_error(ps, "missing : in object pair");
			free(key);
			goto fail;
		}
		ps->p++;
		err = parse_value(ps, &val);
		if (err) {
			free(key);
			goto fail;
		}
		if (json_object_append_key(obj, key, val)) {
			err = parse_oom(ps);
			goto fail;
		}
		skip_ws(ps);
		if (ps->p >= ps->end) {
			err = parse_error(ps, "unterminated object");
			goto fail;
		}
		if (*ps->p == '}') {
			ps->p++;
			break;
		}
		if (*ps->p != ',') {
			err = parse_error(ps, "expected separator in object");
			goto fail;
		}
		ps->p++;
	}
done:
	ps->depth--;
	*out = obj;
	return 0;
fail:
	json_free(obj);
	return err;
}

static int parse_value(struct parser *ps, struct json **out)
{
	unsigned char c;
	char *s;
	int err;

	skip_ws(ps);
	if (ps->p >= ps->end)
		return parse_error(ps, "expecting value");
	c = (unsigned char)*ps->p;
	switch (c) {
	case '{':
		return parse_object(ps, out);
	case '[':
		return parse_array(ps, out);
	case '"':
	case '\'':
		err = parse_string(ps, &s);
		if (err)
			return err;
		*out = json_node_alloc(JSON_STRING);
		if (!*out) {
			free(s);
			return parse_oom(ps);
		}
		(*out)->u.str = s;
		return 0;
	case '-':
		return parse_number(ps, out);
	case '}':
	case ']':
	case ',':
	case ':':
		return parse_error(ps, "expecting value");
	default:
		if (is_digit((char)c))
			return parse_number(ps, out);
		if (is_word_char((char)c))
			return parse_keyword(ps, out);
		if (c > 0x20 && c < 0x7f)
			return parse_error(ps, "stray '%c'", c);
		return parse_error(ps, "stray byte 0x%02x", c);
	}
}

/**
 * json_parse() - Parse one JSON value.
 * @text: input, need not be NUL-terminated.
 * @len: number of bytes in @text; at most JSON_MAX_INPUT_LEN (1 MiB).
 * @out: receives the new tree on success, NULL on failure.
 * @errbuf: optional buffer for a short message like
 *          "JSON parse error, expecting value"; set to "" on success.
 * @errlen: size of @errbuf.
 *
 * Exactly one value, optionally surrounded by whitespace, must fill the
 * input.  Nesting is limited to JSON_MAX_DEPTH containers; strings must be
 * valid UTF-8 without raw control characters and may not contain U+0000;
 * objects may not repeat a key.  As in QEMU, strings may also be written in
 * apostrophes, and \' is an escape.
 *
 * Return: 0 on success, -EINVAL on malformed or over-limit input (or NULL
 * @out), -ENOMEM on allocation failure.
 */
int json_parse(const char *text, size_t len, struct json **out, char *errbuf,
	       size_t errlen)
{
	struct parser ps = { .errbuf = errbuf, .errlen = errlen };
	struct json *j;
	int err;

	if (errbuf && errlen)
		errbuf[0] = '\0';
	if (!out)
		return parse_error(&ps, "no output pointer");
	*out = NULL;
	if (!text) {
		if (len)
			return parse_error(&ps, "no input");
		text = "";
	}
	if (len > JSON_MAX_INPUT_LEN)
		return parse_error(&ps, "input too large (limit %zu bytes)",
				   JSON_MAX_INPUT_LEN);
	ps.p = text;
	ps.end = text + len;
	err = parse_value(&ps, &j);
	if (err)
		return err;
	skip_ws(&ps);
	if (ps.p != ps.end) {
		json_free(j);
		return parse_error(&ps, "unexpected data after value");
	}
	*out = j;
	return 0;
}
