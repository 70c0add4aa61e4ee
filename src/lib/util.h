// SPDX-License-Identifier: MIT
/*
 * Helpers every layer of memhp may use: array length, byte units,
 * mhp_asprintf() and the two assertion macros of the house style.  Nothing here knows the model;
 * anything that needs a struct of a layer belongs in that layer's header.
 *
 * MEMHP_BUG_ON(cond): @cond means the model's own state is corrupt (a
 * double free, a list that lost a link).  The process reports file, line
 * and condition and aborts, in every build: going on would print a wrong
 * answer.  MEMHP_BUG_ON_MSG() adds a printf-style detail.
 *
 * MEMHP_WARN_ON_ONCE(cond): @cond means a caller broke a function's
 * contract.  The first time at each site it prints a warning; it always
 * evaluates to @cond, so an API entry point writes
 *	if (MEMHP_WARN_ON_ONCE(nr_pages == 0)) return -EINVAL;
 */
#ifndef MEMHP_LIB_UTIL_H
#define MEMHP_LIB_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef KiB
#define KiB	(1ULL << 10)
#endif
#ifndef MiB
#define MiB	(1ULL << 20)
#endif
#ifndef GiB
#define GiB	(1ULL << 30)
#endif
#ifndef TiB
#define TiB	(1ULL << 40)
#endif

/* printf into a new buffer: malloc'd text, or NULL on allocation failure */
char *mhp_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define memhp_unlikely(x)	__builtin_expect(!!(x), 0)

void memhp_bug(const char *file, int line, const char *cond, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));
void memhp_warn(const char *file, int line, const char *cond);

#define MEMHP_BUG_ON(cond)                                                                     \
	do {                                                                                   \
		if (memhp_unlikely(cond))                                                      \
			memhp_bug(__FILE__, __LINE__, #cond, NULL);                            \
	} while (0)

#define MEMHP_BUG_ON_MSG(cond, ...)                                                            \
	do {                                                                                   \
		if (memhp_unlikely(cond))                                                      \
			memhp_bug(__FILE__, __LINE__, #cond, __VA_ARGS__);                     \
	} while (0)

#define MEMHP_WARN_ON_ONCE(cond)                                                               \
	({                                                                                     \
		static bool memhp_warned_;                                                     \
		bool memhp_c_ = !!(cond);                                                      \
		if (memhp_unlikely(memhp_c_) && !memhp_warned_) {                              \
			memhp_warned_ = true;                                                  \
			memhp_warn(__FILE__, __LINE__, #cond);                                 \
		}                                                                              \
		memhp_c_;                                                                      \
	})

#endif
