// SPDX-License-Identifier: MIT
/*
 * Fuzz target for src/lib/json*.c.  The QMP splitter (json_stream.c) must
 * find the same messages whether the input comes whole or in pieces, each a
 * run of whole tokens that parses or fails with a parse error, and must hold
 * no more than one message.  Any input that parses must survive a
 * round trip through both emitter modes: the emitted text re-parses to a
 * structurally equal tree, emitting that tree again yields identical text,
 * and a clone compares equal.  Accessors are walked over the whole tree to
 * check that integer conversions agree with the stored number text.  Built
 * with -DFUZZ_TARGET this is a libFuzzer target; otherwise main() replays
 * the files named on the command line (e.g. the corpus in json_files/).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "lib/json.h"
#include "lib/json_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "json_fuzz: %s%s%s\n", what, detail ? ": " : "",
		detail ? detail : "");
	abort();
}

/* Check that every accessor behaves consistently on the tree under @j. */
static void walk(const struct json *j)
{
	const char *text;
	char buf[32];
	uint64_t u;
	int64_t i;
	size_t k;

	switch (json_type_of(j)) {
	case JSON_NULL:
	case JSON_BOOL:
		break;
	case JSON_NUMBER:
		text = json_number_text(j);
		if (!text || !*text)
			fail("number without text", NULL);
		if (!json_number_is_integer(j) || !strcmp(text, "-0"))
			break;
		if (!json_number_u64(j, &u)) {
			snprintf(buf, sizeof(buf), "%" PRIu64, u);
			if (strcmp(buf, text))
				fail("u64 conversion mismatch", text);
		}
		if (!json_number_i64(j, &i)) {
			snprintf(buf, sizeof(buf), "%" PRId64, i);
			if (strcmp(buf, text))
				fail("i64 conversion mismatch", text);
		}
		break;
	case JSON_STRING:
		if (!json_string_value(j))
			fail("string without value", NULL);
		break;
	case JSON_ARRAY:
		for (k = 0; k < json_array_size(j); k++)
			walk(json_array_at(j, k));
		if (json_array_at(j, k))
			fail("array index past the end", NULL);
		break;
	case JSON_OBJECT:
		for (k = 0; k < json_object_size(j); k++) {
			if (json_object_get(j, json_object_key_at(j, k)) !=
			    json_object_value_at(j, k))
				fail("object lookup mismatch",
				     json_object_key_at(j, k));
			walk(json_object_value_at(j, k));
		}
		break;
	default:
		fail("bad node type", NULL);
	}
}

static void check_round_trip(const struct json *a, unsigned flags)
{
	struct json *b, *c;
	char err[128];
	char *s, *t;

	s = json_to_string(a, flags);
	if (!s)
		fail("emit failed", NULL);
	if (strlen(s) > JSON_MAX_INPUT_LEN) {
		free(s);	/* escaping may legitimately exceed the limit */
		return;
	}
	if (json_parse(s, strlen(s), &b, err, sizeof(err)))
		fail("re-parse of emitted text failed", err);
	if (!json_equal(a, b) || !json_equal(b, a))
		fail("round trip not equal", s);
	t = json_to_string(b, flags);
	if (!t || strcmp(s, t))
		fail("second emit differs", s);
	c = json_clone(b);
	if (!c || !json_equal(a, c))
		fail("clone not equal", s);
	free(t);
	t = json_to_string(c, flags);
	if (!t || strcmp(s, t))
		fail("clone emits differently", s);
	free(s);
	free(t);
	json_free(b);
	json_free(c);
}

/*
 * The QMP splitter over @data, fed @chunk bytes at a time with the buffer
 * trimmed to json_stream_keep() as the server trims it: the events as
 * absolute offsets, "V start end", "S start end" or "L start desc".
 */
static char *split(const uint8_t *data, size_t size, size_t chunk)
{
	struct json_stream js;
	struct json_stream_out o;
	char *buf = malloc(size + 1), *log = NULL;
	size_t have = 0, fed = 0, dropped = 0, len = 0, cap = 0, last_end = 0;
	enum json_stream_event ev;

	if (!buf)
		fail("out of memory", NULL);
	json_stream_init(&js);
	while (fed < size) {
		size_t n = size - fed < chunk ? size - fed : chunk, keep;

		memcpy(buf + have, data + fed, n);
		have += n;
		fed += n;
		while ((ev = json_stream_next(&js, buf, have, &o)) != JSON_STREAM_MORE) {
			char line[96];
			int w;

			if (o.start > o.end || o.end > have || (ev != JSON_STREAM_LIMIT && o.start == o.end))
				fail("splitter: bad span", NULL);
			if (o.start + dropped < last_end)
				fail("splitter: spans overlap", NULL);
			last_end = o.end + dropped;
			if (ev == JSON_STREAM_VALUE) {
				struct json *v;
				char err[128];

				/* a message is whole tokens: it parses or the parser says why */
				if (json_parse(buf + o.start, o.end - o.start, &v, err, sizeof(err)))
					if (strncmp(err, "JSON parse error, ", 18))
						fail("splitter: bad parse report", err);
				json_free(v);
			}
			w = snprintf(line, sizeof(line), "%c %zu %zu\n", ev == JSON_STREAM_VALUE ? 'V' :
				     ev == JSON_STREAM_STRAY ? 'S' : 'L', o.start + dropped, o.end + dropped);
			if (len + (size_t)w + 1 > cap) {
				cap = 2 * cap + 256;
				log = realloc(log, cap);
				if (!log)
					fail("out of memory", NULL);
			}
			memcpy(log + len, line, (size_t)w + 1);
			len += (size_t)w;
			if (ev == JSON_STREAM_LIMIT)
				goto out;
		}
		keep = json_stream_keep(&js);
		if (keep > have)
			fail("splitter: keeps more than it has", NULL);
		memmove(buf, buf + keep, have - keep);
		have -= keep;
		dropped += keep;
		json_stream_rebase(&js, keep);
		if (have > JSON_STREAM_MAX_BYTES + chunk + 1)
			fail("splitter: holds more than a message", NULL);
	}
out:
	free(buf);
	return log ? log : strdup("");
}

/* Whole or in pieces, the input splits alike. */
static void check_split(const uint8_t *data, size_t size)
{
	size_t chunk = size ? (size_t)data[0] % 7 + 1 : 1;
	char *whole = split(data, size, size ? size : 1), *pieces = split(data, size, chunk);

	if (strcmp(whole, pieces))
		fail("the splitter's messages depend on how the bytes come", pieces);
	free(whole);
	free(pieces);
}

/**
 * LLVMFuzzerTestOneInput() - Check one input for parse/emit consistency.
 * @data: input bytes.
 * @size: number of bytes.
 *
 * Return: always 0; inconsistencies abort the process.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json *a;
	char err[128];
	int rc;

	check_split(data, size);
	rc = json_parse((const char *)data, size, &a, err, sizeof(err));
	if (rc) {
		if (a || strncmp(err, "JSON parse error, ", 18))
			fail("bad failure report", err);
		return 0;
	}
	if (err[0])
		fail("message left on success", err);
	walk(a);
	if (!json_equal(a, a))
		fail("tree not equal to itself", NULL);
	check_round_trip(a, JSON_EMIT_COMPACT);
	check_round_trip(a, JSON_EMIT_QMP);
	json_free(a);
	return 0;
}

#ifndef FUZZ_TARGET
/**
 * main() - Replay corpus files (or directories of them) through the fuzz target.
 * @argc: argument count.
 * @argv: paths of input files or directories.
 *
 * Return: 0 if every file was read and checked, 1 if a file could not be
 * read; a failed check aborts.
 */
int main(int argc, char **argv)
{
	return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput);
}
#endif
