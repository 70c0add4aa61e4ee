// SPDX-License-Identifier: MIT
/*
 * Unit tests for src/lib/json.c: parsing of every value type, limits and
 * error messages, string escapes and UTF-8 validation, exact integer
 * conversion at the edges of the 64-bit ranges, the two emitter modes,
 * round trips, structural equality and the object/array builders.  Tests
 * for QMP framing or command handling do not belong here.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/json.h"

static struct json *parse_ok(const char *text)
{
	char err[128];
	struct json *j = NULL;
	int rc = json_parse(text, strlen(text), &j, err, sizeof(err));

	if (rc)
		print_error("unexpected parse failure for <%s>: %s\n", text,
			    err);
	assert_int_equal(rc, 0);
	assert_non_null(j);
	assert_string_equal(err, "");
	return j;
}

static void parse_fails_len(const char *text, size_t len, const char *msg)
{
	char err[128];
	struct json *j = (struct json *)&err;	/* must be reset to NULL */
	int rc = json_parse(text, len, &j, err, sizeof(err));

	assert_int_equal(rc, -EINVAL);
	assert_null(j);
	if (!strstr(err, msg))
		print_error("message <%s> lacks <%s>\n", err, msg);
	assert_non_null(strstr(err, msg));
	assert_true(!strncmp(err, "JSON parse error, ", 18));
}

static void parse_fails(const char *text, const char *msg)
{
	parse_fails_len(text, strlen(text), msg);
}

/* Emit @j in @flags mode and compare with @expect. */
static void assert_emits(const struct json *j, unsigned flags,
			 const char *expect)
{
	char *s = json_to_string(j, flags);

	assert_non_null(s);
	assert_string_equal(s, expect);
	free(s);
}

static void test_scalars(void **state)
{
	struct json *j;

	(void)state;
	j = parse_ok("null");
	assert_int_equal(json_type_of(j), JSON_NULL);
	assert_false(json_bool_value(j));
	assert_null(json_string_value(j));
	json_free(j);

	j = parse_ok(" true ");
	assert_int_equal(json_type_of(j), JSON_BOOL);
	assert_true(json_bool_value(j));
	json_free(j);

	j = parse_ok("false");
	assert_int_equal(json_type_of(j), JSON_BOOL);
	assert_false(json_bool_value(j));
	json_free(j);

	j = parse_ok("42");
	assert_int_equal(json_type_of(j), JSON_NUMBER);
	assert_true(json_number_is_integer(j));
	assert_string_equal(json_number_text(j), "42");
	assert_null(json_string_value(j));
	assert_int_equal(json_array_size(j), 0);
	assert_int_equal(json_object_size(j), 0);
	json_free(j);

	j = parse_ok("\"hello\"");
	assert_int_equal(json_type_of(j), JSON_STRING);
	assert_string_equal(json_string_value(j), "hello");
	assert_false(json_number_is_integer(j));
	assert_null(json_number_text(j));
	assert_true(json_number_double(j) == 0.0);
	json_free(j);

	j = parse_ok("\"\"");
	assert_string_equal(json_string_value(j), "");
	json_free(j);

	j = parse_ok("[]");
	assert_int_equal(json_type_of(j), JSON_ARRAY);
	assert_int_equal(json_array_size(j), 0);
	assert_null(json_array_at(j, 0));
	json_free(j);

	j = parse_ok("{}");
	assert_int_equal(json_type_of(j), JSON_OBJECT);
	assert_int_equal(json_object_size(j), 0);
	assert_null(json_object_get(j, "x"));
	assert_null(json_object_key_at(j, 0));
	assert_null(json_object_value_at(j, 0));
	json_free(j);

	assert_int_equal(json_type_of(NULL), JSON_TYPE_COUNT);
	json_free(NULL);
}

static void test_type_name(void **state)
{
	(void)state;
	assert_string_equal(json_type_name(JSON_NULL), "null");
	assert_string_equal(json_type_name(JSON_BOOL), "boolean");
	assert_string_equal(json_type_name(JSON_NUMBER), "number");
	assert_string_equal(json_type_name(JSON_STRING), "string");
	assert_string_equal(json_type_name(JSON_ARRAY), "array");
	assert_string_equal(json_type_name(JSON_OBJECT), "object");
	assert_string_equal(json_type_name(JSON_TYPE_COUNT), "invalid");
}

static void test_nesting(void **state)
{
	const struct json *a, *o;
	struct json *j;

	(void)state;
	j = parse_ok("{\"execute\": \"device_add\", \"arguments\": "
		     "{\"driver\": \"pc-dimm\", \"ids\": [1, [2, {\"z\": "
		     "null}], \"x\"]}, \"id\": \"c1\"}");
	assert_int_equal(json_object_size(j), 3);
	assert_string_equal(json_object_key_at(j, 0), "execute");
	assert_string_equal(json_object_key_at(j, 1), "arguments");
	assert_string_equal(json_object_key_at(j, 2), "id");
	assert_string_equal(json_string_value(json_object_value_at(j, 0)),
			    "device_add");
	o = json_object_get(j, "arguments");
	assert_int_equal(json_type_of(o), JSON_OBJECT);
	assert_string_equal(json_string_value(json_object_get(o, "driver")),
			    "pc-dimm");
	a = json_object_get(o, "ids");
	assert_int_equal(json_array_size(a), 3);
	assert_int_equal(json_type_of(json_array_at(a, 0)), JSON_NUMBER);
	assert_int_equal(json_array_size(json_array_at(a, 1)), 2);
	assert_int_equal(json_type_of(json_object_get(
				 json_array_at(json_array_at(a, 1), 1), "z")),
			 JSON_NULL);
	assert_string_equal(json_string_value(json_array_at(a, 2)), "x");
	assert_null(json_array_at(a, 3));
	assert_null(json_object_get(a, "ids"));	/* not an object */
	assert_null(json_array_at(o, 0));	/* not an array */
	json_free(j);
}

static void test_depth_limit(void **state)
{
	char buf[512];
	struct json *j;
	int n;

	(void)state;
	for (n = 64; n <= 65; n++) {
		memset(buf, '[', (size_t)n);
		memset(buf + n, ']', (size_t)n);
		buf[2 * n] = '\0';
		if (n == 64) {
			j = parse_ok(buf);
			json_free(j);
		} else {
			parse_fails(buf, "nesting too deep (limit 64)");
		}
	}
	/* Objects and arrays count alike: 32 pairs make 64 levels. */
	buf[0] = '[';
	buf[1] = '\0';
	for (n = 0; n < 32; n++)
		strcat(buf, "{\"a\":[");
	strcat(buf, "0");
	for (n = 0; n < 32; n++)
		strcat(buf, "]}");
	j = parse_ok(buf + 1);
	json_free(j);
	strcat(buf, "]");
	parse_fails(buf, "nesting too deep");
}

static void test_input_limit(void **state)
{
	size_t max = (size_t)1 << 20;
	char *buf = malloc(max + 1);
	struct json *j = NULL;
	char err[128];

	(void)state;
	assert_non_null(buf);
	memset(buf, ' ', max + 1);
	buf[0] = '7';
	assert_int_equal(json_parse(buf, max, &j, err, sizeof(err)), 0);
	assert_true(json_equal(j, j));
	json_free(j);
	parse_fails_len(buf, max + 1, "input too large");
	free(buf);
}

static void test_string_escapes(void **state)
{
	struct json *j;

	(void)state;
	j = parse_ok("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
	assert_string_equal(json_string_value(j), "\"\\/\b\f\n\r\t");
	json_free(j);

	j = parse_ok("\"caf\\u00e9 \\u20AC \\u0041\\u007f\"");
	assert_string_equal(json_string_value(j),
			    "caf\xc3\xa9 \xe2\x82\xac A\x7f");
	json_free(j);

	/* Surrogate pair U+1F600, and the highest code point U+10FFFF. */
	j = parse_ok("\"\\ud83d\\ude00|\\uDBFF\\uDFFF\"");
	assert_string_equal(json_string_value(j),
			    "\xf0\x9f\x98\x80|\xf4\x8f\xbf\xbf");
	json_free(j);

	parse_fails("\"\\ud83d\"", "unpaired surrogate");
	parse_fails("\"\\ud83dx\"", "unpaired surrogate");
	parse_fails("\"\\ud83d\\u0041\"", "unpaired surrogate");
	parse_fails("\"\\ud83d\\ud83d\"", "unpaired surrogate");
	parse_fails("\"\\ude00\"", "unpaired surrogate");
	parse_fails("\"\\u0000\"", "null character");
	parse_fails("\"\\u00g0\"", "invalid \\u escape");
	parse_fails("\"\\u12\"", "invalid \\u escape");
	parse_fails("\"\\x\"", "invalid escape '\\x'");
	/* QEMU's extensions: \' in either kind, strings in apostrophes */
	j = parse_ok("[\"\\'\", '\\'\"', {'k': 'v'}]");
	assert_string_equal(json_string_value(json_array_at(j, 0)), "'");
	assert_string_equal(json_string_value(json_array_at(j, 1)), "'\"");
	assert_string_equal(json_string_value(json_object_get(json_array_at(j, 2), "k")), "v");
	json_free(j);
	parse_fails("'abc\"", "unterminated string");
	parse_fails("\"abc\\", "unterminated string");
	parse_fails("\"abc", "unterminated string");
	parse_fails_len("\"a\\\0\"", 5, "invalid escape");
}

static void test_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"\"\xc3\"",		/* truncated 2-byte */
		"\"\xe2\x82\"",		/* truncated 3-byte */
		"\"\xc0\x80\"",		/* overlong NUL */
		"\"\xc1\xbf\"",		/* overlong */
		"\"\xe0\x80\xaf\"",	/* overlong '/' */
		"\"\xf0\x8f\xbf\xbf\"",	/* overlong U+FFFF */
		"\"\xed\xa0\x80\"",	/* encoded surrogate */
		"\"\xf4\x90\x80\x80\"",	/* above U+10FFFF */
		"\"\xf8\x88\x80\x80\x80\"", /* 5-byte form */
		"\"\xff\"",
		"\"\x80\"",		/* lone continuation */
		"\"\xc3\x28\"",		/* bad continuation */
	};
	struct json *j;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		parse_fails(bad[i], "invalid UTF-8");

	j = parse_ok("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f\"");
	assert_string_equal(json_string_value(j),
			    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f");
	json_free(j);

	parse_fails("\"a\x01\"", "control character");
	parse_fails("\"a\tb\"", "control character");
	parse_fails("\"a\nb\"", "control character");
	parse_fails_len("\"a\0b\"", 5, "control character");
	parse_fails("{\"\xff\": 1}", "invalid UTF-8");
}

static void test_integers(void **state)
{
	struct json *j;
	uint64_t u = 12345;
	int64_t i = 12345;

	(void)state;
	j = parse_ok("18446744073709551615");
	assert_true(json_number_is_integer(j));
	assert_int_equal(json_number_u64(j, &u), 0);
	assert_true(u == UINT64_MAX);
	assert_int_equal(json_number_i64(j, &i), -ERANGE);
	assert_true(i == 12345);
	assert_emits(j, JSON_EMIT_QMP, "18446744073709551615");
	json_free(j);

	j = parse_ok("-9223372036854775808");
	assert_int_equal(json_number_i64(j, &i), 0);
	assert_true(i == INT64_MIN);
	assert_int_equal(json_number_u64(j, &u), -EINVAL);
	json_free(j);

	j = parse_ok("9223372036854775807");
	assert_int_equal(json_number_i64(j, &i), 0);
	assert_true(i == INT64_MAX);
	json_free(j);

	j = parse_ok("9223372036854775808");
	assert_int_equal(json_number_i64(j, &i), -ERANGE);
	assert_int_equal(json_number_u64(j, &u), 0);
	assert_true(u == (uint64_t)INT64_MAX + 1);
	json_free(j);

	j = parse_ok("-9223372036854775809");
	assert_int_equal(json_number_i64(j, &i), -ERANGE);
	assert_int_equal(json_number_u64(j, &u), -EINVAL);
	json_free(j);

	u = 7;
	j = parse_ok("18446744073709551616");
	assert_true(json_number_is_integer(j));
	assert_int_equal(json_number_u64(j, &u), -ERANGE);
	assert_true(u == 7);
	assert_int_equal(json_number_i64(j, &i), -ERANGE);
	json_free(j);

	j = parse_ok("-18446744073709551616");
	assert_int_equal(json_number_u64(j, &u), -EINVAL);
	assert_int_equal(json_number_i64(j, &i), -ERANGE);
	json_free(j);

	/* Far beyond 64 bits: kept as text, still an integer. */
	j = parse_ok("123456789012345678901234567890123456789");
	assert_true(json_number_is_integer(j));
	assert_int_equal(json_number_u64(j, &u), -ERANGE);
	assert_emits(j, JSON_EMIT_COMPACT,
		     "123456789012345678901234567890123456789");
	json_free(j);

	j = parse_ok("-0");
	assert_int_equal(json_number_u64(j, &u), 0);
	assert_true(u == 0);
	assert_int_equal(json_number_i64(j, &i), 0);
	assert_true(i == 0);
	json_free(j);

	j = parse_ok("-17");
	assert_int_equal(json_number_i64(j, &i), 0);
	assert_true(i == -17);
	assert_true(json_number_double(j) == -17.0);
	json_free(j);

	/* Non-integers and non-numbers. */
	j = parse_ok("1.0");
	assert_false(json_number_is_integer(j));
	assert_int_equal(json_number_u64(j, &u), -EINVAL);
	assert_int_equal(json_number_i64(j, &i), -EINVAL);
	json_free(j);
	j = parse_ok("1e3");
	assert_false(json_number_is_integer(j));
	assert_int_equal(json_number_u64(j, &u), -EINVAL);
	json_free(j);
	j = parse_ok("\"5\"");
	assert_int_equal(json_number_u64(j, &u), -EINVAL);
	assert_int_equal(json_number_i64(j, &i), -EINVAL);
	json_free(j);
	assert_int_equal(json_number_u64(NULL, &u), -EINVAL);
	assert_int_equal(json_number_i64(NULL, &i), -EINVAL);
}

static void test_floats(void **state)
{
	static const char *const bad[] = {
		"01", "-01", "1.", "-", "1e", "1e+", "1.e5", "0x10",
		"1e5.0", "--1", "1.5.2", "1-2", "2a", "-a", "00",
	};
	struct json *j;
	size_t k;

	(void)state;
	j = parse_ok("1.5");
	assert_false(json_number_is_integer(j));
	assert_true(json_number_double(j) == 1.5);
	json_free(j);

	j = parse_ok("-0.25e2");
	assert_true(json_number_double(j) == -25.0);
	assert_emits(j, JSON_EMIT_QMP, "-0.25e2");
	json_free(j);

	j = parse_ok("1E+3");
	assert_true(json_number_double(j) == 1000.0);
	assert_emits(j, JSON_EMIT_COMPACT, "1E+3");
	json_free(j);

	j = parse_ok("[0.1, 2.5e-3, 1e400]");
	assert_true(json_number_double(json_array_at(j, 0)) == 0.1);
	assert_true(json_number_double(json_array_at(j, 1)) == 2.5e-3);
	assert_true(json_number_double(json_array_at(j, 2)) > 1e308);
	assert_emits(j, JSON_EMIT_QMP, "[0.1, 2.5e-3, 1e400]");
	json_free(j);

	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		parse_fails(bad[k], "invalid number");
	parse_fails("+1", "stray '+'");
	parse_fails(".5", "stray '.'");
}

static void test_duplicate_keys(void **state)
{
	char err[128];
	struct json *j;

	(void)state;
	assert_int_equal(json_parse("{\"x\": 1, \"x\": 2}", 16, &j, err,
				    sizeof(err)), -EINVAL);
	assert_null(j);
	assert_string_equal(err, "JSON parse error, duplicate key 'x'");
	parse_fails("{\"a\": {\"b\": 1, \"c\": 2, \"b\": 3}}",
		    "duplicate key 'b'");
	/* Escaped spelling of the same key is still a duplicate. */
	parse_fails("{\"ab\": 1, \"a\\u0062\": 2}", "duplicate key 'ab'");
	/* Same key in sibling objects is fine. */
	j = parse_ok("[{\"x\": 1}, {\"x\": 2}]");
	json_free(j);
}

static void test_error_messages(void **state)
{
	char err[128], tiny[8];
	struct json *j;

	(void)state;
	assert_int_equal(json_parse("tru", 3, &j, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "JSON parse error, invalid keyword 'tru'");
	assert_int_equal(json_parse("", 0, &j, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "JSON parse error, expecting value");
	assert_int_equal(json_parse(NULL, 0, &j, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "JSON parse error, expecting value");
	assert_int_equal(json_parse(NULL, 3, &j, err, sizeof(err)), -EINVAL);
	assert_int_equal(json_parse("1", 1, NULL, err, sizeof(err)), -EINVAL);

	parse_fails("   ", "expecting value");
	parse_fails("[1,]", "expecting value");
	parse_fails("[,1]", "expecting value");
	parse_fails("{\"a\":}", "expecting value");
	parse_fails("]", "expecting value");
	parse_fails("nul", "invalid keyword 'nul'");
	parse_fails("True", "invalid keyword 'True'");
	parse_fails("truex", "invalid keyword 'truex'");
	parse_fails("[1 2]", "expected separator in array");
	parse_fails("[1", "unterminated array");
	parse_fails("{\"a\": 1 \"b\": 2}", "expected separator in object");
	parse_fails("{\"a\": 1", "unterminated object");
	parse_fails("{\"a\" 1}", "missing : in object pair");
	parse_fails("{\"a\"", "missing : in object pair");
	parse_fails("{1: 2}", "key is not a string in object");
	parse_fails("{\"a\": 1,}", "key is not a string in object");
	parse_fails("{", "unterminated object");
	parse_fails("1 2", "unexpected data after value");
	parse_fails("{} x", "unexpected data after value");
	parse_fails("@", "stray '@'");
	parse_fails("`a`", "stray '`'");
	parse_fails("\x01", "stray byte 0x01");
	parse_fails("\xc3\xa9", "stray byte 0xc3");
	parse_fails("\v1", "stray byte 0x0b");
	parse_fails_len("1\0", 2, "unexpected data after value");

	/* No buffer, and a buffer too small for the whole message. */
	assert_int_equal(json_parse("[", 1, &j, NULL, 0), -EINVAL);
	assert_int_equal(json_parse("[", 1, &j, tiny, sizeof(tiny)), -EINVAL);
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
	assert_int_equal(json_parse("[", 1, &j, tiny, 0), -EINVAL);

	/* Success clears a stale message. */
	j = parse_ok(" \t\r\n{ }\n ");
	json_free(j);
}

static void test_emit_modes(void **state)
{
	struct json *o, *a;

	(void)state;
	o = json_new_object();
	assert_non_null(o);
	assert_int_equal(json_object_set(o, "return", json_new_object()), 0);
	assert_int_equal(json_object_set(o, "id", json_new_u64(7)), 0);
	assert_emits(o, JSON_EMIT_QMP, "{\"return\": {}, \"id\": 7}");
	assert_emits(o, JSON_EMIT_COMPACT, "{\"return\":{},\"id\":7}");
	json_free(o);

	a = json_new_array();
	assert_int_equal(json_array_append(a, json_new_i64(-1)), 0);
	assert_int_equal(json_array_append(a, json_new_string("a/b")), 0);
	assert_int_equal(json_array_append(a, json_new_null()), 0);
	assert_int_equal(json_array_append(a, json_new_bool(true)), 0);
	assert_int_equal(json_array_append(a, json_new_bool(false)), 0);
	assert_int_equal(json_array_append(a, json_new_array()), 0);
	o = json_new_object();
	assert_int_equal(json_object_set(o, "k", json_new_u64(0)), 0);
	assert_int_equal(json_object_set(o, "l", json_new_array()), 0);
	assert_int_equal(json_array_append(a, o), 0);
	assert_emits(a, JSON_EMIT_QMP,
		     "[-1, \"a/b\", null, true, false, [], {\"k\": 0, \"l\": []}]");
	assert_emits(a, JSON_EMIT_COMPACT,
		     "[-1,\"a/b\",null,true,false,[],{\"k\":0,\"l\":[]}]");
	json_free(a);

	assert_null(json_to_string(NULL, JSON_EMIT_QMP));
}

static void test_emit_escapes(void **state)
{
	struct json *s, *o;

	(void)state;
	s = json_new_string("\"\\/\b\f\n\r\t\x01\x1f\x7f "
			    "\xc3\xa9\xe2\x82\xac\xef\xbf\xbf"
			    "\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf");
	assert_non_null(s);
	assert_emits(s, JSON_EMIT_QMP,
		     "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f "
		     "\\u00e9\\u20ac\\uffff\\ud83d\\ude00\\udbff\\udfff\"");
	json_free(s);

	/* Invalid UTF-8 in built strings degrades to U+FFFD per byte. */
	s = json_new_string("a\xff" "b\xe2\x82" "c\xc0\x80");
	assert_emits(s, JSON_EMIT_COMPACT,
		     "\"a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffd\"");
	json_free(s);

	/* Keys are escaped the same way. */
	o = json_new_object();
	assert_int_equal(json_object_set(o, "k\"\n\xc3\xa9", json_new_null()), 0);
	assert_emits(o, JSON_EMIT_QMP, "{\"k\\\"\\n\\u00e9\": null}");
	json_free(o);
}

static void round_trip(const char *text)
{
	unsigned flags[] = { JSON_EMIT_COMPACT, JSON_EMIT_QMP };
	struct json *a, *b, *c;
	char *s1, *s2;
	size_t k;

	a = parse_ok(text);
	for (k = 0; k < 2; k++) {
		s1 = json_to_string(a, flags[k]);
		assert_non_null(s1);
		b = parse_ok(s1);
		assert_true(json_equal(a, b));
		assert_true(json_equal(b, a));
		s2 = json_to_string(b, flags[k]);
		assert_string_equal(s1, s2);
		c = json_clone(b);
		assert_true(json_equal(a, c));
		free(s2);
		s2 = json_to_string(c, flags[k]);
		assert_string_equal(s1, s2);
		free(s1);
		free(s2);
		json_free(b);
		json_free(c);
	}
	json_free(a);
}

static void test_round_trips(void **state)
{
	(void)state;
	round_trip("null");
	round_trip("[true, false, null]");
	round_trip("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, "
		   "\"minor\": 2, \"major\": 8}, \"package\": \"\"}, "
		   "\"capabilities\": [\"oob\"]}}");
	round_trip("{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": "
		   "\"dimm1\", \"path\": \"/machine/peripheral/dimm1\"}, "
		   "\"timestamp\": {\"seconds\": 1700000000, "
		   "\"microseconds\": 123456}}");
	round_trip("[-9223372036854775808, 18446744073709551615, 1e-7, -0,"
		   " 0.5, 99999999999999999999999]");
	round_trip("\"\\u0001\\u001F\\u007F\\uD83D\\uDE00 \xc3\xa9 \\\"\\\\\\/\"");
	round_trip("{\"a\": {\"b\": {\"c\": [[[{}]]]}}, \"\": \"\"}");
}

static void test_equal(void **state)
{
	struct json *a, *b;

	(void)state;
	a = parse_ok("{\"a\": 1, \"b\": [1, 2], \"c\": {\"x\": null}}");
	b = parse_ok("{\"c\": {\"x\": null}, \"b\": [1, 2], \"a\": 1}");
	assert_true(json_equal(a, b));
	json_free(b);
	b = parse_ok("{\"c\": {\"x\": null}, \"b\": [2, 1], \"a\": 1}");
	assert_false(json_equal(a, b));	/* arrays are ordered */
	json_free(b);
	b = parse_ok("{\"a\": 1, \"b\": [1, 2]}");
	assert_false(json_equal(a, b));
	assert_false(json_equal(b, a));
	json_free(b);
	b = parse_ok("{\"a\": 1, \"b\": [1, 2], \"d\": {\"x\": null}}");
	assert_false(json_equal(a, b));
	json_free(b);
	assert_true(json_equal(a, a));
	assert_false(json_equal(a, NULL));
	assert_false(json_equal(NULL, a));
	assert_true(json_equal(NULL, NULL));
	json_free(a);

	/* Numbers: integers exactly, otherwise as doubles. */
	a = parse_ok("[1, 1, 100, -0, 18446744073709551616, 0.5, 2]");
	b = parse_ok("[1.0, 1, 1e2, 0, 18446744073709551616, 5e-1, 2]");
	assert_true(json_equal(a, b));
	json_free(b);
	b = parse_ok("[1, 1, 100, -0, 18446744073709551617, 0.5, 2]");
	assert_false(json_equal(a, b));	/* doubles would say equal */
	json_free(b);
	b = parse_ok("[1, 1, 100, -0, 18446744073709551616, 0.5, 3]");
	assert_false(json_equal(a, b));
	json_free(b);
	json_free(a);

	/* Different types never compare equal. */
	a = parse_ok("[0, false, null, \"\", [], {}]");
	b = parse_ok("[false, null, \"\", [], {}, 0]");
	assert_false(json_equal(a, b));
	assert_false(json_equal(json_array_at(a, 0), json_array_at(b, 0)));
	assert_false(json_equal(json_array_at(a, 4), json_array_at(b, 4)));
	assert_true(json_equal(json_array_at(a, 4), json_array_at(b, 3)));
	json_free(b);
	b = parse_ok("[0, true, null, \"x\", [], {}]");
	assert_false(json_equal(json_array_at(a, 1), json_array_at(b, 1)));
	assert_false(json_equal(json_array_at(a, 3), json_array_at(b, 3)));
	assert_true(json_equal(json_array_at(a, 2), json_array_at(b, 2)));
	json_free(b);
	json_free(a);
}

static void test_object_set_order(void **state)
{
	struct json *o;
	uint64_t u;

	(void)state;
	o = json_new_object();
	assert_int_equal(json_object_set(o, "a", json_new_u64(1)), 0);
	assert_int_equal(json_object_set(o, "b", json_new_u64(2)), 0);
	assert_int_equal(json_object_set(o, "c", json_new_u64(3)), 0);
	assert_int_equal(json_object_set(o, "b", json_new_string("two")), 0);
	assert_int_equal(json_object_size(o), 3);
	assert_string_equal(json_object_key_at(o, 0), "a");
	assert_string_equal(json_object_key_at(o, 1), "b");
	assert_string_equal(json_object_key_at(o, 2), "c");
	assert_string_equal(json_string_value(json_object_get(o, "b")), "two");
	assert_emits(o, JSON_EMIT_COMPACT, "{\"a\":1,\"b\":\"two\",\"c\":3}");
	assert_int_equal(json_object_set(o, "d", json_new_u64(4)), 0);
	assert_int_equal(json_object_set(o, "e", json_new_u64(5)), 0);
	assert_int_equal(json_object_set(o, "a", json_new_null()), 0);
	assert_emits(o, JSON_EMIT_COMPACT,
		     "{\"a\":null,\"b\":\"two\",\"c\":3,\"d\":4,\"e\":5}");

	assert_int_equal(json_object_remove(o, "b"), 0);
	assert_int_equal(json_object_remove(o, "b"), -ENOENT);
	assert_int_equal(json_object_remove(o, "e"), 0);
	assert_int_equal(json_object_remove(o, NULL), -EINVAL);
	assert_emits(o, JSON_EMIT_QMP, "{\"a\": null, \"c\": 3, \"d\": 4}");
	assert_int_equal(json_number_u64(json_object_value_at(o, 1), &u), 0);
	assert_true(u == 3);

	/* Failure paths free the value (ASan checks for leaks). */
	assert_int_equal(json_object_set(o, NULL, json_new_u64(1)), -EINVAL);
	assert_int_equal(json_object_set(o, "x", NULL), -ENOMEM);
	assert_int_equal(json_object_set(o, "x", o), -EINVAL);
	assert_int_equal(json_object_set(NULL, "x", json_new_u64(1)), -EINVAL);
	assert_int_equal(json_array_append(o, json_new_u64(1)), -EINVAL);
	assert_int_equal(json_object_size(o), 3);
	json_free(o);
	assert_int_equal(json_object_remove(NULL, "a"), -EINVAL);
}

static void test_builders(void **state)
{
	struct json *a, *c, *s;
	char buf[8] = "abc";
	int64_t i;
	uint64_t u;

	(void)state;
	a = json_new_u64(UINT64_MAX);
	assert_string_equal(json_number_text(a), "18446744073709551615");
	assert_int_equal(json_number_u64(a, &u), 0);
	assert_true(u == UINT64_MAX);
	assert_true(json_number_is_integer(a));
	json_free(a);

	a = json_new_i64(INT64_MIN);
	assert_emits(a, JSON_EMIT_QMP, "-9223372036854775808");
	assert_int_equal(json_number_i64(a, &i), 0);
	assert_true(i == INT64_MIN);
	json_free(a);

	s = json_new_string(buf);
	buf[0] = 'X';	/* the node has its own copy */
	assert_string_equal(json_string_value(s), "abc");
	json_free(s);
	assert_null(json_new_string(NULL));

	a = json_new_array();
	assert_int_equal(json_array_append(a, NULL), -ENOMEM);
	assert_int_equal(json_array_append(a, a), -EINVAL);
	assert_int_equal(json_array_append(NULL, json_new_null()), -EINVAL);
	assert_int_equal(json_object_set(a, "k", json_new_null()), -EINVAL);
	for (i = 0; i < 100; i++)
		assert_int_equal(json_array_append(a, json_new_i64(i)), 0);
	assert_int_equal(json_array_size(a), 100);
	assert_int_equal(json_number_i64(json_array_at(a, 99), &i), 0);
	assert_true(i == 99);

	c = json_clone(a);
	assert_non_null(c);
	assert_true(c != a);
	assert_true(json_equal(a, c));
	assert_int_equal(json_array_append(c, json_new_null()), 0);
	assert_false(json_equal(a, c));
	assert_int_equal(json_array_size(a), 100);
	json_free(c);
	json_free(a);
	assert_null(json_clone(NULL));
}

/*
 * Objects of many members: lookups, duplicate checks, removal and copies go
 * through the index.  A 64k-key object (what a 1 MiB QMP request holds)
 * parses in well under a second; a linear search per key takes minutes
 * under the sanitizers, past this test's time limit.
 */
static void test_big_object(void **state)
{
	enum { NKEYS = 64 * 1024 };
	size_t cap = (size_t)NKEYS * 24 + 16, len = 0;
	char *text = malloc(cap), key[16];
	struct json *j, *c;
	char msg[128];

	(void)state;
	assert_non_null(text);
	text[len++] = '{';
	for (int i = 0; i < NKEYS; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s\"k%d\":%d", i ? "," : "", i, i);
	text[len++] = '}';
	assert_int_equal(json_parse(text, len, &j, msg, sizeof(msg)), 0);
	assert_int_equal(json_object_size(j), NKEYS);
	for (int i = 0; i < NKEYS; i += 997) {
		uint64_t v;

		snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(json_number_u64(json_object_get(j, key), &v), 0);
		assert_int_equal(v, (uint64_t)i);
		assert_string_equal(json_object_key_at(j, (size_t)i), key);
	}
	assert_null(json_object_get(j, "k-1"));
	/* removal keeps the order and the lookups right */
	assert_int_equal(json_object_remove(j, "k5"), 0);
	assert_null(json_object_get(j, "k5"));
	assert_non_null(json_object_get(j, "k6"));
	assert_string_equal(json_object_key_at(j, 5), "k6");
	assert_int_equal(json_object_set(j, "k5", json_new_u64(5)), 0);
	assert_string_equal(json_object_key_at(j, NKEYS - 1), "k5");
	c = json_clone(j);
	assert_true(json_equal(j, c));
	assert_int_equal(json_object_set(c, "k7", json_new_u64(8)), 0);
	assert_false(json_equal(j, c));
	json_free(c);
	json_free(j);
	/* a duplicate far from its first occurrence is still found */
	memcpy(text + len - 1, ",\"k3\":1}", 9);
	assert_int_equal(json_parse(text, len + 7, &j, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "JSON parse error, duplicate key 'k3'");
	free(text);
}

/**
 * main() - Run the JSON unit tests.
 *
 * Return: 0 if all tests pass, otherwise the number of failures.
 */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_type_name),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_input_limit),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_floats),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_error_messages),
		cmocka_unit_test(test_emit_modes),
		cmocka_unit_test(test_emit_escapes),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_object_set_order),
		cmocka_unit_test(test_builders),
		cmocka_unit_test(test_big_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
