// SPDX-License-Identifier: MIT
/*
 * QEMU's JSON message splitting (see json_stream.h).  The lexer follows the
 * token grammar of QEMU's qobject/json-lexer.c: strings in quotation marks
 * or apostrophes of bytes 0x20-0xFD with any such byte after a backslash
 * (the parser checks escapes and UTF-8), RFC 8259 numbers (a leading zero
 * followed by a digit is an error; "0e1" is 0 and then a keyword), runs of
 * lowercase letters as keywords (the parser tells true from tru), the six
 * structural characters, and spaces, tabs and line ends between tokens.
 */
#include <stdbool.h>

#include "lib/json_stream.h"

enum lex_state {
	L_START,
	L_DQ, L_DQ_ESC,		/* in "..." */
	L_SQ, L_SQ_ESC,		/* in '...' */
	L_ZERO,			/* 0 or -0 */
	L_NONZERO,		/* [-]1-9 digits */
	L_NEG,			/* - */
	L_MANTISSA,		/* a number and '.' */
	L_MANTISSA_DIGITS,
	L_EXP_E,		/* a number and e or E */
	L_EXP_SIGN,
	L_EXP_DIGITS,
	L_KEYWORD,
	L_RECOVERY,		/* after a stray token: skipping to a resynchronization point */
};

enum token {
	T_NONE,			/* no token ended */
	T_LCURLY, T_RCURLY, T_LSQUARE, T_RSQUARE,
	T_OTHER,		/* a string, number, keyword, ',' or ':' */
	T_STRAY,
};

void json_stream_init(struct json_stream *js)
{
	*js = (struct json_stream){ .msg_start = JSON_STREAM_NONE, .state = L_START };
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* what may stand in a string, or after its backslash */
static bool string_byte(unsigned char c)
{
	return c >= 0x20 && c <= 0xfd;
}

/* where lexing starts again after a stray token */
static bool resync_byte(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c >= 0xfe || c == '{' || c == '}' || c == '[' || c == ']';
}

static void end_message(struct json_stream *js)
{
	js->msg_start = JSON_STREAM_NONE;
	js->nr_tokens = 0;
	js->braces = js->brackets = 0;
}

/*
 * One step of the lexer on the byte at js->pos: consumes it or not (a
 * terminal that needed to see the next byte), and says which token ended.
 */
static enum token lex(struct json_stream *js, unsigned char c)
{
	switch (js->state) {
	case L_START:
		js->tok_start = js->pos;
		js->pos++;
		switch (c) {
		case ' ': case '\t': case '\r': case '\n':
			js->tok_start = js->pos;
			return T_NONE;
		case '{': return T_LCURLY;
		case '}': return T_RCURLY;
		case '[': return T_LSQUARE;
		case ']': return T_RSQUARE;
		case ',': case ':': return T_OTHER;
		case '"': js->state = L_DQ; return T_NONE;
		case '\'': js->state = L_SQ; return T_NONE;
		case '0': js->state = L_ZERO; return T_NONE;
		case '-': js->state = L_NEG; return T_NONE;
		default:
			if (c >= '1' && c <= '9')
				js->state = L_NONZERO;
			else if (c >= 'a' && c <= 'z')
				js->state = L_KEYWORD;
			else
				return T_STRAY;
			return T_NONE;
		}
	case L_DQ:
	case L_SQ:
		js->pos++;
		if (!string_byte(c))
			return T_STRAY;
		if (c == '\\')
			js->state = js->state == L_DQ ? L_DQ_ESC : L_SQ_ESC;
		else if (c == (js->state == L_DQ ? '"' : '\''))
			return T_OTHER;
		return T_NONE;
	case L_DQ_ESC:
	case L_SQ_ESC:
		js->pos++;
		if (!string_byte(c))
			return T_STRAY;
		js->state = js->state == L_DQ_ESC ? L_DQ : L_SQ;
		return T_NONE;
	case L_NEG:
		js->pos++;
		if (c == '0')
			js->state = L_ZERO;
		else if (c >= '1' && c <= '9')
			js->state = L_NONZERO;
		else
			return T_STRAY;
		return T_NONE;
	case L_ZERO:
		if (is_digit(c)) {
			js->pos++;
			return T_STRAY;
		}
		if (c != '.')
			return T_OTHER;
		js->pos++;
		js->state = L_MANTISSA;
		return T_NONE;
	case L_NONZERO:
		if (c == '.')
			js->state = L_MANTISSA;
		else if (c == 'e' || c == 'E')
			js->state = L_EXP_E;
		else if (!is_digit(c))
			return T_OTHER;
		js->pos++;
		return T_NONE;
	case L_MANTISSA:
		js->pos++;
		if (!is_digit(c))
			return T_STRAY;
		js->state = L_MANTISSA_DIGITS;
		return T_NONE;
	case L_MANTISSA_DIGITS:
		if (c == 'e' || c == 'E')
			js->state = L_EXP_E;
		else if (!is_digit(c))
			return T_OTHER;
		js->pos++;
		return T_NONE;
	case L_EXP_E:
		js->pos++;
		if (c == '+' || c == '-')
			js->state = L_EXP_SIGN;
		else if (is_digit(c))
			js->state = L_EXP_DIGITS;
		else
			return T_STRAY;
		return T_NONE;
	case L_EXP_SIGN:
		js->pos++;
		if (!is_digit(c))
			return T_STRAY;
		js->state = L_EXP_DIGITS;
		return T_NONE;
	case L_EXP_DIGITS:
		if (!is_digit(c))
			return T_OTHER;
		js->pos++;
		return T_NONE;
	case L_KEYWORD:
		if (c < 'a' || c > 'z')
			return T_OTHER;
		js->pos++;
		return T_NONE;
	case L_RECOVERY:
	default:
		if (resync_byte(c))
			js->state = L_START;
		else
			js->pos++;
		js->tok_start = js->pos;
		return T_NONE;
	}
}

/* bytes held for the open message, or for the token being lexed */
static size_t held_bytes(const struct json_stream *js)
{
	return js->pos - (js->msg_start != JSON_STREAM_NONE ? js->msg_start : js->tok_start);
}

static enum json_stream_event limit(struct json_stream *js, struct json_stream_out *out, const char *desc)
{
	out->start = js->msg_start != JSON_STREAM_NONE ? js->msg_start : js->tok_start;
	out->end = js->pos;
	out->desc = desc;
	js->ended = 1;
	return JSON_STREAM_LIMIT;
}

enum json_stream_event json_stream_next(struct json_stream *js, const char *buf, size_t len,
					struct json_stream_out *out)
{
	while (!js->ended && js->pos < len) {
		enum token t = lex(js, (unsigned char)buf[js->pos]);

		if (held_bytes(js) > JSON_STREAM_MAX_BYTES)
			return limit(js, out, "JSON token size limit exceeded");
		if (t == T_NONE)
			continue;
		if (t == T_STRAY) {
			/* the message it was in is dropped; so is the input up to a resync point */
			out->start = js->tok_start;
			out->end = js->pos;
			out->desc = NULL;
			end_message(js);
			js->state = L_RECOVERY;
			js->tok_start = js->pos;
			return JSON_STREAM_STRAY;
		}
		js->state = L_START;
		js->braces += t == T_LCURLY ? 1 : t == T_RCURLY ? -1 : 0;
		js->brackets += t == T_LSQUARE ? 1 : t == T_RSQUARE ? -1 : 0;
		if (js->nr_tokens + 1 > JSON_STREAM_MAX_TOKENS)
			return limit(js, out, "JSON token count limit exceeded");
		if (js->braces + js->brackets > JSON_STREAM_MAX_NESTING)
			return limit(js, out, "JSON nesting depth limit exceeded");
		if (js->msg_start == JSON_STREAM_NONE)
			js->msg_start = js->tok_start;
		js->nr_tokens++;
		js->tok_start = js->pos;
		/* open while a '{' or '[' is, and nothing was closed that was not opened */
		if ((js->braces > 0 || js->brackets > 0) && js->braces >= 0 && js->brackets >= 0)
			continue;
		out->start = js->msg_start;
		out->end = js->pos;
		out->desc = NULL;
		end_message(js);
		return JSON_STREAM_VALUE;
	}
	return JSON_STREAM_MORE;
}

size_t json_stream_keep(const struct json_stream *js)
{
	return js->msg_start != JSON_STREAM_NONE ? js->msg_start : js->tok_start;
}

void json_stream_rebase(struct json_stream *js, size_t n)
{
	js->pos -= n;
	js->tok_start -= n;
	if (js->msg_start != JSON_STREAM_NONE)
		js->msg_start -= n;
}
