// SPDX-License-Identifier: MIT
/*
 * String parsers with the kernel's and QEMU's exact rules: sysfs_streq,
 * kstrtobool, kstrtouint/kstrtoull (base 0 or given), QEMU size suffixes.
 * No model state here.
 */
#ifndef MEMHP_LIB_STRPARSE_H
#define MEMHP_LIB_STRPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** sysfs_streq() - equal, or equal but for one trailing newline on either side */
bool sysfs_streq(const char *a, const char *b);
/** kstrtobool() - y/Y/t/T/1, n/N/f/F/0, on/off (first two chars). Return: 0 or -EINVAL. */
int kstrtobool(const char *s, bool *res);
/**
 * cmdline_next_word() - the next word of a kernel command line (words are
 * separated by spaces, tabs or newlines): its start, with its length in
 * *@len; *@p moves past it.  NULL at the end (or for a NULL *@p).
 */
const char *cmdline_next_word(const char **p, size_t *len);
/* memparse(): a number with an optional K, M, G, T, P or E suffix */
unsigned long long memparse(const char *s, char **end);
/** kstrtoull() - the kernel's parser: optional '+', base prefixes for base 0 or 16, one trailing '\n'. Return: 0, -EINVAL, -ERANGE. */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
/** kstrtouint() - as kstrtoull() limited to 32 bits. Return: 0, -EINVAL, -ERANGE. */
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
/**
 * qemu_strtosz() - a QEMU size: a number with an optional suffix B/K/M/G/T/P/E
 * (powers of 1024); decimals like "1.5G" are accepted as QEMU does.
 * @s: the text
 * @default_suffix: 'B' for bytes, 'M' for -m
 * @res: bytes
 * Return: 0, -EINVAL (syntax), -ERANGE (overflow).
 */
int qemu_strtosz(const char *s, char default_suffix, uint64_t *res);
/** qemu_strtou64() - a QEMU integer: decimal, 0x hex or 0 octal, nothing after. Return: 0, -EINVAL, -ERANGE. */
int qemu_strtou64(const char *s, uint64_t *res);
/** qemu_strtoi64() - signed variant of qemu_strtou64(). */
int qemu_strtoi64(const char *s, int64_t *res);
#define UUID_TEXT_LEN 36
/**
 * synth_uevent_parse() - what a write to a uevent file asks for, as
 * kobject_synth_uevent() reads it: an action (add, remove, change, move,
 * online, offline, bind, unbind), optionally followed by a UUID and
 * " KEY=VALUE" pairs of alphanumerics; one trailing newline (or NUL) is
 * dropped, anything else makes the write fail
 * @s: the bytes written
 * @n: their number
 * Return: 0 or -EINVAL.
 */
int synth_uevent_parse(const char *s, size_t n);
/** format_range_list() - "0-7,32-39" for the set bits of @mask (first @nbits); "" if empty. */
void format_range_list(const uint64_t *mask, size_t nbits, char *buf, size_t size);

#endif
