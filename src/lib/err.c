// SPDX-License-Identifier: MIT
/*
 * The error convention (memhp/err.h): setting the first error with its
 * message and QMP class, and errno names for transcripts.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "memhp/err.h"

static int err_vset(struct memhp_err *err, int errnum, enum memhp_err_class cls, const char *fmt, va_list ap)
{
	if (!err || err->errnum)
		return errnum;
	err->errnum = errnum;
	err->cls = cls;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return errnum;
}

int memhp_err_set(struct memhp_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = err_vset(err, errnum, ERR_CLASS_GENERIC, fmt, ap);
	va_end(ap);
	return ret;
}

int memhp_err_set_class(struct memhp_err *err, int errnum, enum memhp_err_class cls, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = err_vset(err, errnum, cls, fmt, ap);
	va_end(ap);
	return ret;
}

void memhp_err_clear(struct memhp_err *err)
{
	if (!err)
		return;
	err->errnum = 0;
	err->cls = ERR_CLASS_GENERIC;
	err->msg[0] = 0;
}

const char *memhp_err_class_name(enum memhp_err_class cls)
{
	static const char *const names[ERR_CLASS_COUNT] = {
		[ERR_CLASS_GENERIC] = "GenericError",
		[ERR_CLASS_DEVICE_NOT_FOUND] = "DeviceNotFound",
		[ERR_CLASS_COMMAND_NOT_FOUND] = "CommandNotFound",
	};

	return cls < ERR_CLASS_COUNT ? names[cls] : "GenericError";
}

const char *errno_name(int errnum)
{
	const char *n = strerrorname_np(errnum);

	return n ? n : "EUNKNOWN";
}

void memhp_bug(const char *file, int line, const char *cond, const char *fmt, ...)
{
	fprintf(stderr, "memhp: BUG at %s:%d: %s", file, line, cond);
	if (fmt) {
		va_list ap;

		fputs(": ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
	abort();
}

void memhp_warn(const char *file, int line, const char *cond)
{
	fprintf(stderr, "memhp: WARNING at %s:%d: %s\n", file, line, cond);
}
