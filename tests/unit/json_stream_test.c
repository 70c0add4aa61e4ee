// SPDX-License-Identifier: MIT
/*
 * Unit tests of the QMP input splitter (src/lib/json_stream.c): what QEMU's
 * monitor makes of a byte stream, message by message, whether the bytes
 * come at once or one at a time, and its bounds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/json_stream.h"

/*
 * Runs @in (@len bytes) through a splitter fed @chunk bytes at a time, the
 * buffer trimmed to json_stream_keep() after every event, and returns the
 * events as text: "V<text>" for a value, "S<text>" for a stray token,
 * "L<desc>" for a bound; separated by '|'.
 */
static char *split(const char *in, size_t len, size_t chunk)
{
	struct json_stream js;
	struct json_stream_out o;
	size_t cap = 4 * len + 64, n = 0, have = 0, fed = 0;
	char *res = calloc(1, cap), *buf = malloc(len + 1);
	enum json_stream_event ev;

	assert_non_null(res);
	assert_non_null(buf);
	json_stream_init(&js);
	while (fed < len || have) {
		size_t more = len - fed < chunk ? len - fed : chunk;

		memcpy(buf + have, in + fed, more);
		have += more;
		fed += more;
		while ((ev = json_stream_next(&js, buf, have, &o)) != JSON_STREAM_MORE) {
			if (ev == JSON_STREAM_LIMIT)
				n += (size_t)snprintf(res + n, cap - n, "%sL%s", n ? "|" : "", o.desc);
			else
				n += (size_t)snprintf(res + n, cap - n, "%s%c%.*s", n ? "|" : "",
						      ev == JSON_STREAM_VALUE ? 'V' : 'S', (int)(o.end - o.start),
						      buf + o.start);
			if (ev == JSON_STREAM_LIMIT)
				goto out;
		}
		size_t keep = json_stream_keep(&js);

		assert_true(keep <= have);
		memmove(buf, buf + keep, have - keep);
		have -= keep;
		json_stream_rebase(&js, keep);
		if (fed == len)
			break;
	}
out:
	free(buf);
	return res;
}

/* the same events whether the bytes come at once, one by one, or three at a time */
static void expect(const char *in, const char *want)
{
	size_t chunks[] = { strlen(in) ? strlen(in) : 1, 1, 3 };

	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		char *got = split(in, strlen(in), chunks[i]);

		if (strcmp(got, want))
			fail_msg("input %s, chunks of %zu: got '%s', want '%s'", in, chunks[i], got, want);
		free(got);
	}
}

static void test_objects(void **state)
{
	(void)state;
	expect("{\"execute\": \"qmp_capabilities\"}\r\n",
	       "V{\"execute\": \"qmp_capabilities\"}");
	expect("{\"a\":1}{\"b\":[2, {}]}  \n{}", "V{\"a\":1}|V{\"b\":[2, {}]}|V{}");
	/* braces in strings of either kind, escaped quotes */
	expect("{\"a\": \"}\\\"{\", 'b': '\"}'}", "V{\"a\": \"}\\\"{\", 'b': '\"}'}");
	/* an unfinished object is no message yet */
	expect("{\"execute\": ", "");
}

/* every top-level value is a message of its own, as QEMU frames them */
static void test_scalars(void **state)
{
	(void)state;
	expect("12345 \"str\" true null\n", "V12345|V\"str\"|Vtrue|Vnull");
	expect("\"hello\"\n{\"execute\": \"x\"}", "V\"hello\"|V{\"execute\": \"x\"}");
	expect("-0 1.5e+3 0e1 2E-7\n", "V-0|V1.5e+3|V0|Ve|V1|V2E-7");
	expect("tru fals\n", "Vtru|Vfals");
	expect("[1] ] }", "V[1]|V]|V}");
	expect(":,", "V:|V,");
	/* a number or keyword ends only with the byte after it */
	expect("null", "");
	expect("12", "");
}

/* a stray token ends its message; input is skipped to a resync point */
static void test_stray(void **state)
{
	(void)state;
	expect("hello@world\n{}", "Vhello|S@|V{}");
	expect("{\"a\": @x, \"b\": 1}", "S@|V}");
	expect("01", "S01");
	expect("-x 5", "S-x");
	expect("1.x [", "S1.x");
	expect("\"a\x01\" {}", "S\"a\x01|V{}");
	expect("\"\\\x01\" []", "S\"\\\x01|V[]");
	expect("True\t[]", "ST|V[]");
	expect("\xff{}", "S\xff|V{}");
	expect("{\"a\": 1e}", "S1e}");
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(hl + ul * n + tl + 1), *p = s;

	assert_non_null(s);
	memcpy(p, head, hl);
	p += hl;
	for (size_t i = 0; i < n; i++, p += ul)
		memcpy(p, unit, ul);
	memcpy(p, tail, tl + 1);
	return s;
}

static void test_bounds(void **state)
{
	char *in, *got;

	(void)state;
	/* nesting: 64 levels pass, the 65th is refused with QEMU's words */
	in = repeat("", "[", JSON_STREAM_MAX_NESTING, "");
	got = split(in, strlen(in), 4096);
	assert_string_equal(got, "");
	free(got);
	free(in);
	in = repeat("", "[", JSON_STREAM_MAX_NESTING + 1, "]");
	got = split(in, strlen(in), 4096);
	assert_string_equal(got, "LJSON nesting depth limit exceeded");
	free(got);
	free(in);
	/* bytes: a string that never ends is cut at the bound */
	in = repeat("\"", "x", JSON_STREAM_MAX_BYTES + 1, "\"");
	got = split(in, strlen(in), 65536);
	assert_string_equal(got, "LJSON token size limit exceeded");
	free(got);
	free(in);
	/* spaces inside a message count, spaces between messages do not */
	in = repeat("{", " ", JSON_STREAM_MAX_BYTES, "}");
	got = split(in, strlen(in), 65536);
	assert_string_equal(got, "LJSON token size limit exceeded");
	free(got);
	free(in);
	in = repeat("", " ", 2 * JSON_STREAM_MAX_BYTES, "{}");
	got = split(in, strlen(in), 65536);
	assert_string_equal(got, "V{}");
	free(got);
	free(in);
	/* tokens: "1," is two */
	in = repeat("[", "1,", JSON_STREAM_MAX_TOKENS / 2, "1]");
	got = split(in, strlen(in), 65536);
	assert_string_equal(got, "LJSON token count limit exceeded");
	free(got);
	free(in);
	in = repeat("[", "1,", JSON_STREAM_MAX_TOKENS / 2 - 2, "1]");
	got = split(in, strlen(in), 65536);
	assert_int_equal(got[0], 'V');
	assert_int_equal(strlen(got), strlen(in) + 1);
	free(got);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objects),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_stray),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
