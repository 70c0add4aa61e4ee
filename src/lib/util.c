// SPDX-License-Identifier: MIT
/*
 * Small helpers of lib/util.h that need a body.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* vasprintf */
#endif
#include <stdarg.h>
#include <stdio.h>

#include "lib/util.h"

/**
 * mhp_asprintf() - printf into a new buffer
 * @fmt: the format
 *
 * Return: malloc'd text, or NULL on allocation failure.
 */
char *mhp_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}
