// SPDX-License-Identifier: MIT
/*
 * String parsers with the kernel's (lib/kstrtox.c, lib/string_helpers.c)
 * and QEMU's (util/cutils.c) rules, and the range-list formatter sysfs uses
 * for node masks.  Pure functions only.
 */
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/strparse.h"

bool sysfs_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	if (*a == *b)
		return true;
	if (*a == '\n' && !a[1] && !*b)
		return true;
	if (*b == '\n' && !b[1] && !*a)
		return true;
	return false;
}

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		switch (s[1]) {
		case 'n': case 'N':
			*res = true;
			return 0;
		case 'f': case 'F':
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	int digits = 0;

	if (*s == '+')
		s++;
	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2])) {
			base = 16;
			s += 2;
		} else if (s[0] == '0') {
			base = 8;
		} else {
			base = 10;
		}
	} else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	for (;; s++) {
		unsigned int d;
		unsigned char c = (unsigned char)*s;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
		digits++;
	}
	if (!digits)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (ret)
		return ret;
	if (v > 0xffffffffULL)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

static int suffix_shift(char c)
{
	switch (toupper((unsigned char)c)) {
	case 'B': return 0;
	case 'K': return 10;
	case 'M': return 20;
	case 'G': return 30;
	case 'T': return 40;
	case 'P': return 50;
	case 'E': return 60;
	}
	return -1;
}

int qemu_strtosz(const char *s, char default_suffix, uint64_t *res)
{
	unsigned long long whole = 0;
	double frac = 0;
	const char *p = s;
	int shift, digits = 0;

	if (*p == '0' && (p[1] == 'x' || p[1] == 'X')) {
		/* hex sizes take no fraction; a suffix is allowed */
		p += 2;
		while (isxdigit((unsigned char)*p)) {
			unsigned int d = isdigit((unsigned char)*p) ? *p - '0' : (toupper((unsigned char)*p) - 'A' + 10);

			if (whole > (~0ULL - d) / 16)
				return -ERANGE;
			whole = whole * 16 + d;
			p++;
			digits++;
		}
	} else {
		while (isdigit((unsigned char)*p)) {
			unsigned int d = *p - '0';

			if (whole > (~0ULL - d) / 10)
				return -ERANGE;
			whole = whole * 10 + d;
			p++;
			digits++;
		}
		if (*p == '.') {
			double scale = 0.1;

			p++;
			while (isdigit((unsigned char)*p)) {
				frac += (*p - '0') * scale;
				scale /= 10;
				p++;
				digits++;
			}
		}
	}
	if (!digits)
		return -EINVAL;
	if (*p) {
		shift = suffix_shift(*p);
		if (shift < 0 || p[1])
			return -EINVAL;
	} else {
		shift = suffix_shift(default_suffix);
	}
	if (shift && whole > (~0ULL >> shift))
		return -ERANGE;
	*res = (whole << shift) + (uint64_t)(frac * (double)(1ULL << shift));
	if (frac && !shift)
		return -EINVAL;
	return 0;
}

int qemu_strtou64(const char *s, uint64_t *res)
{
	unsigned long long v;

	if (!*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return -EINVAL;
	if (kstrtoull(s, 0, &v))
		return -EINVAL;
	if (s[strlen(s) - 1] == '\n')
		return -EINVAL;
	*res = v;
	return 0;
}

int qemu_strtoi64(const char *s, int64_t *res)
{
	uint64_t v;
	bool neg = *s == '-';

	if (neg)
		s++;
	if (qemu_strtou64(s, &v))
		return -EINVAL;
	if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
		return -ERANGE;
	*res = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

void format_range_list(const uint64_t *mask, size_t nbits, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	for (size_t i = 0; i < nbits;) {
		size_t j;

		if (!((mask[i / 64] >> (i % 64)) & 1)) {
			i++;
			continue;
		}
		j = i;
		while (j + 1 < nbits && ((mask[(j + 1) / 64] >> ((j + 1) % 64)) & 1))
			j++;
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%zu", len ? "," : "", i);
		if (j > i && len < size)
			len += (size_t)snprintf(buf + len, size - len, "-%zu", j);
		i = j + 1;
	}
}

const char *cmdline_next_word(const char **p, size_t *len)
{
	const char *w = *p;

	if (!w)
		return NULL;
	while (*w == ' ' || *w == '\t' || *w == '\n')
		w++;
	if (!*w)
		return NULL;
	*len = strcspn(w, " \t\n");
	*p = w + *len;
	return w;
}

/**
 * memparse() - a number as strtoull() reads it (any base), times the
 * optional suffix K, M, G, T, P or E (either case), as Linux's memparse()
 * @s: the text
 * @end: where parsing stopped
 */
unsigned long long memparse(const char *s, char **end)
{
	unsigned long long v = strtoull(s, end, 0);

	switch (**end) {
	case 'E': case 'e': v <<= 10; /* fall through */
	case 'P': case 'p': v <<= 10; /* fall through */
	case 'T': case 't': v <<= 10; /* fall through */
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; (*end)++; break;
	default: break;
	}
	return v;
}

/* the kernel's isalnum(): ASCII letters and digits, and Latin-1's letters */
static bool kernel_isalnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xc0 && c != 0xd7 && c != 0xf7);
}

/* uuid_is_valid(): 8-4-4-4-12 hex digits */
static bool uuid_text_valid(const char *s)
{
	for (int i = 0; i < UUID_TEXT_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/* one trailing newline or NUL does not count */
static size_t drop_terminator(const char *s, size_t n)
{
	return n && (s[n - 1] == '\n' || s[n - 1] == '\0') ? n - 1 : n;
}

/* a non-empty run of alphanumerics in [p, end) up to @delim (or the end); NULL if none */
static const char *arg_word_end(const char *p, const char *end, char delim)
{
	const char *q = p;

	while (q < end && *q != delim)
		if (!kernel_isalnum((unsigned char)*q++))
			return NULL;
	return q == p ? NULL : q;
}

/* " KEY=VALUE" pairs after the UUID */
static int synth_uevent_args(const char *s, size_t n)
{
	const char *p, *end;

	n = drop_terminator(s, n);
	if (n < UUID_TEXT_LEN || !uuid_text_valid(s))
		return -EINVAL;
	end = s + n;
	for (p = s + UUID_TEXT_LEN; p < end;) {
		if (*p++ != ' ' || p >= end)
			return -EINVAL;
		p = arg_word_end(p, end, '=');
		if (!p || p >= end || *p != '=' || ++p >= end)
			return -EINVAL;
		p = arg_word_end(p, end, ' ');
		if (!p)
			return -EINVAL;
	}
	return 0;
}

int synth_uevent_parse(const char *s, size_t n)
{
	static const char *const actions[] = { "add", "remove", "change", "move", "online", "offline",
					      "bind", "unbind" };
	size_t count = drop_terminator(s, n), first;
	const char *sp = count ? memchr(s, ' ', count) : NULL;

	if (!count)
		return -EINVAL;
	first = sp ? (size_t)(sp - s) : count;
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (strlen(actions[i]) != first || memcmp(actions[i], s, first))
			continue;
		/* the arguments are measured from the write's own length */
		return sp ? synth_uevent_args(sp + 1, n - first - 1) : 0;
	}
	return -EINVAL;
}
