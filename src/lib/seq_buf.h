// SPDX-License-Identifier: MIT
/*
 * A growing text buffer: where a guest file's show() function prints, as
 * Linux's show functions print into a seq_file page.  Unlike the kernel's
 * page it has no limit; it grows with malloc.
 */
#ifndef MEMHP_LIB_SEQ_BUF_H
#define MEMHP_LIB_SEQ_BUF_H

#include <stddef.h>

/*
 * @buffer: malloc'd, NUL-terminated after the first print; NULL before.
 * @len: bytes printed (the NUL not counted), @len < @size once @buffer is set.
 * @err: the first failure (-ENOMEM, -EINVAL); from then on prints do nothing
 * and the owner frees @buffer.
 */
struct seq_buf {
	char *buffer;
	size_t len, size;
	int err;
};

/** seq_buf_init() - an empty text ("", allocated): what a file with nothing to show reads */
void seq_buf_init(struct seq_buf *s);
/** seq_buf_printf() - append printf-style text; a failure is kept in @s->err. */
void seq_buf_printf(struct seq_buf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
