// SPDX-License-Identifier: MIT
/*
 * Splitting a byte stream into JSON messages the way QEMU's monitor does
 * (its JSON lexer and streamer): tokens are lexed one byte at a time; a
 * message ends with a token that leaves no '{' or '[' open, so every
 * top-level value is a message of its own (`12 "a" true` is three); a
 * lexical error ends the message it is in with "JSON parse error, stray
 * '...'" and skips input up to the next '{', '}', '[', ']' or control
 * character, where lexing starts again.  Messages are bounded in bytes,
 * tokens and nesting; one beyond a bound cannot be told from what follows
 * it, so the stream ends there.
 *
 * The caller owns the bytes: it appends what it receives to one buffer,
 * asks for the next message, and may drop every byte before
 * json_stream_keep() (then json_stream_rebase()).  No allocation, no
 * state outside struct json_stream.
 */
#ifndef MEMHP_LIB_JSON_STREAM_H
#define MEMHP_LIB_JSON_STREAM_H

#include <stddef.h>

#include "lib/json.h"

/* QEMU allows 64 MiB, 2 Mi tokens and 1024 levels a message; memhp keeps less */
#define JSON_STREAM_MAX_BYTES	JSON_MAX_INPUT_LEN	/* from its first token to its last, spaces included */
#define JSON_STREAM_MAX_TOKENS	(512 * 1024)
#define JSON_STREAM_MAX_NESTING	JSON_MAX_DEPTH

enum json_stream_event {
	JSON_STREAM_MORE,	/* every byte is used: more are needed */
	JSON_STREAM_VALUE,	/* [start, end) holds one message's tokens */
	JSON_STREAM_STRAY,	/* [start, end) is a token that cannot be lexed */
	JSON_STREAM_LIMIT,	/* a message beyond a bound: desc says which; the stream ends */
};

struct json_stream_out {
	size_t start, end;	/* offsets in the caller's buffer */
	const char *desc;	/* JSON_STREAM_LIMIT: QEMU's words for the bound */
};

/*
 * Offsets are into the caller's buffer.  Invariant: tok_start <= pos, and
 * msg_start <= tok_start when a message is open; nr_tokens, braces and
 * brackets describe the open message (all 0 when none is).
 */
struct json_stream {
	size_t pos;		/* the next byte to lex */
	size_t tok_start;	/* where the token being lexed starts */
	size_t msg_start;	/* where the open message starts; JSON_STREAM_NONE: none is */
	size_t nr_tokens;
	int braces, brackets;
	unsigned char state;
	unsigned char ended;	/* a bound was passed: nothing more is lexed */
};

#define JSON_STREAM_NONE ((size_t)-1)

void json_stream_init(struct json_stream *js);
/**
 * json_stream_next() - lex @buf (@len bytes, of which the first js->pos
 * were seen already) up to the next event
 * Return: the event; for VALUE, STRAY and LIMIT, @out says where and what.
 */
enum json_stream_event json_stream_next(struct json_stream *js, const char *buf, size_t len,
					struct json_stream_out *out);
/** json_stream_keep() - the first byte of the buffer still needed. */
size_t json_stream_keep(const struct json_stream *js);
/** json_stream_rebase() - the caller dropped the first @n bytes (n <= json_stream_keep()). */
void json_stream_rebase(struct json_stream *js, size_t n);

#endif
