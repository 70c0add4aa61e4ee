// SPDX-License-Identifier: MIT
/*
 * The error convention shared by every layer: a function returns 0 or
 * -errno (the int is always the truth) and may also fill a struct memhp_err
 * with a human message.  The errno is the one Linux (guest side) returns to
 * the same sysfs write, or the one that best describes a QEMU failure (host
 * side, where the message is what QMP shows).
 */
#ifndef MEMHP_ERR_H
#define MEMHP_ERR_H

#include <errno.h>
#include <stdarg.h>

#define MEMHP_ERR_MSG_MAX 512

/* QMP error classes; the host side sets one with its message. */
enum memhp_err_class {
	ERR_CLASS_GENERIC,		/* "GenericError" */
	ERR_CLASS_DEVICE_NOT_FOUND,	/* "DeviceNotFound" */
	ERR_CLASS_COMMAND_NOT_FOUND,	/* "CommandNotFound" */
	ERR_CLASS_COUNT
};

struct memhp_err {
	int errnum;			/* negative errno, 0 while unset */
	enum memhp_err_class cls;
	char msg[MEMHP_ERR_MSG_MAX];
};

/**
 * memhp_err_set() - record an error and return it
 * @err: where to record it; may be NULL
 * @errnum: a negative errno
 * @fmt: printf-style human message
 *
 * Only the first error is kept: later calls leave an already set @err alone,
 * so the innermost cause is what the user sees.
 *
 * Return: @errnum, so callers can write `return memhp_err_set(err, -EINVAL, ...)`.
 */
int memhp_err_set(struct memhp_err *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * memhp_err_set_class() - like memhp_err_set() with a QMP error class
 * Return: @errnum.
 */
int memhp_err_set_class(struct memhp_err *err, int errnum, enum memhp_err_class cls,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** memhp_err_clear() - forget a recorded error. */
void memhp_err_clear(struct memhp_err *err);

/** memhp_err_class_name() - the QMP name of @cls ("GenericError", ...). */
const char *memhp_err_class_name(enum memhp_err_class cls);

/** errno_name() - "EINVAL" for EINVAL (positive errno); "EUNKNOWN" if unknown. */
const char *errno_name(int errnum);

#endif
