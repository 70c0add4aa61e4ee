// SPDX-License-Identifier: MIT
/* The growing text buffer of lib/seq_buf.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/seq_buf.h"

#define SEQ_BUF_FIRST_SIZE 256

void seq_buf_init(struct seq_buf *s)
{
	*s = (struct seq_buf){ .buffer = malloc(SEQ_BUF_FIRST_SIZE) };
	if (!s->buffer) {
		s->err = -ENOMEM;
		return;
	}
	s->buffer[0] = 0;
	s->size = SEQ_BUF_FIRST_SIZE;
}

void seq_buf_printf(struct seq_buf *s, const char *fmt, ...)
{
	va_list ap;
	size_t avail, size;
	char *nbuf;
	int n;

	if (s->err)
		return;
	for (;;) {
		avail = s->size - s->len;
		va_start(ap, fmt);
		n = vsnprintf(s->buffer ? s->buffer + s->len : NULL, s->buffer ? avail : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			s->err = -EINVAL;
			return;
		}
		if (s->buffer && (size_t)n < avail) {
			s->len += (size_t)n;
			return;
		}
		/* double until the text and its NUL fit */
		size = s->size ? s->size * 2 : SEQ_BUF_FIRST_SIZE;
		while (size < s->len + (size_t)n + 1)
			size *= 2;
		nbuf = realloc(s->buffer, size);
		if (!nbuf) {
			s->err = -ENOMEM;
			return;
		}
		s->buffer = nbuf;
		s->size = size;
	}
}
