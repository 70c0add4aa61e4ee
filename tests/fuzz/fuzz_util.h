// SPDX-License-Identifier: MIT
/*
 * Helpers shared by the machine-level fuzz targets (sysfs, qmp, ops): a
 * failure reporter, QMP requests by text with a check of the reply's
 * shape, the consistency walk over the guest's sysfs tree, and the replay
 * driver the targets' main() uses when built without -DFUZZ_TARGET.
 */
#ifndef MEMHP_TESTS_FUZZ_UTIL_H
#define MEMHP_TESTS_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memhp/hw.h"

struct json;
struct kernel;
struct machine;

/*
 * A bug in src/ that is reported but not fixed yet has its reproducer in
 * pending/, and the harness check it trips is wrapped in KNOWN_BUG();
 * building with -DFUZZ_TOLERATE_KNOWN_BUGS lets a campaign look past it.
 * (None is open now.)
 */
#ifdef FUZZ_TOLERATE_KNOWN_BUGS
#define KNOWN_BUG(cond) (cond)
#else
#define KNOWN_BUG(cond) false
#endif

/**
 * fuzz_fail() - report a broken property and abort
 * @target: the fuzz target's name
 * @fmt: printf-style description
 */
void fuzz_fail(const char *target, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/**
 * fuzz_log() - print a trace line on stderr when FUZZ_TRACE is set
 * @fmt: printf-style text (a newline is added)
 *
 * For reading what a reproducer does: FUZZ_TRACE=1 build/tests/X_fuzz_replay FILE.
 */
void fuzz_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** fuzz_log_qmp() - fuzz_log() a request (@len bytes of @req) and its reply. */
void fuzz_log_qmp(const char *req, size_t len, const struct json *reply);

/**
 * fuzz_check_reply() - check the shape of a QMP reply; aborts when it is wrong
 * @req: the request as sent (may be any JSON value)
 * @reply: what qmp_handle_request() returned
 *
 * A reply is an object with exactly one of "return" and "error", plus "id"
 * exactly when the request was an object carrying "id" (echoed unchanged);
 * an error is {"class": string, "desc": string}.
 *
 * Return: true for a "return" reply, false for an "error" reply.
 */
bool fuzz_check_reply(const struct json *req, const struct json *reply);

/**
 * fuzz_qmp() - send one request given as text and check the reply
 * @m: the machine
 * @s: the QMP session
 * @text: the request, which must parse
 *
 * Then lets the guest run (it handles the hot-plug notifications the
 * request raised), drains the events and checks each one's shape.
 *
 * Return: true if QEMU answered with "return".
 */
bool fuzz_qmp(struct machine *m, struct qmp_session *s, const char *text);

/** fuzz_qmp_hold() - fuzz_qmp() without letting the guest run afterwards. */
bool fuzz_qmp_hold(struct machine *m, struct qmp_session *s, const char *text);

/** fuzz_drain_events() - take, check and free the machine's queued events. */
void fuzz_drain_events(struct machine *m);

/**
 * fuzz_check_tree() - walk the whole tree from "/" (links are not followed)
 * @k: the guest
 *
 * Every listed entry must be found by sysfs_lookup() with the kind the
 * listing gave, every readable file must read (NUL-terminated, no embedded
 * NUL, ending in a newline unless empty) or fail with EIO as a show()
 * method may, a write-only one must fail with
 * EACCES, and the listed memory blocks must be those memory_block_next()
 * enumerates.  Aborts on a violation.
 */
void fuzz_check_tree(struct kernel *k);

/** fuzz_check_dir() - the same walk below @path, @depth directory levels deep (0: its entries only). */
void fuzz_check_dir(struct kernel *k, const char *path, int depth);

/**
 * fuzz_check_model() - mm_check_invariants() plus properties seen from outside
 * @k: the guest
 *
 * Node masks nest (has_normal_memory in has_memory in online in possible,
 * has_cpu in online) and has_memory/has_normal_memory follow the present
 * pages of each node's zones; every block has info, a link to its node and
 * non-empty valid_zones, one zone only when online; /proc/iomem is a tree
 * of sorted, disjoint siblings inside their parents.  Aborts on a violation.
 */
void fuzz_check_model(struct kernel *k);

/**
 * fuzz_check_views() - fuzz_check_model() but for mm_check_invariants(),
 * which a library built with MEMHP_DEBUG=2 runs after every change itself:
 * the cheap check after each step of an input, the whole one at its end.
 */
void fuzz_check_views(struct kernel *k);

/**
 * fuzz_every() - whether input number @n (from 0) is one of the first 16 or
 * one in @every after ($@env overrides @every); every input when the
 * target replays a corpus (built without FUZZ_TARGET)
 */
bool fuzz_every(unsigned long n, const char *env, unsigned long every);

/**
 * fuzz_deep_due() - whether input number @n (from 0) gets the expensive
 * checks (the whole-tree walk): every input when replaying a corpus, the
 * first 16 and then one in 8 under libFuzzer (FUZZ_DEEP_EVERY=N overrides).
 */
bool fuzz_deep_due(unsigned long n);

/**
 * fuzz_check_dimms() - host and guest agree on the DIMMs
 * @m: the machine, whose guest has run since the last QMP command
 *
 * Every memory block the guest hot-added (one with a firmware_node) lies
 * inside a DIMM that query-memory-devices lists, with that DIMM's slot, and
 * every listed DIMM whose address and size are block aligned is present as
 * blocks in the guest.  Aborts on a violation.
 *
 * Return: the number of DIMMs QEMU lists.
 */
size_t fuzz_check_dimms(struct machine *m);

/**
 * fuzz_read() - sysfs_read() that checks what it returns
 * @k: the guest
 * @path: the path
 * @out: the content (caller frees); NULL on error
 *
 * Return: what sysfs_read() returned.
 */
int fuzz_read(struct kernel *k, const char *path, char **out);

/**
 * fuzz_replay_main() - the replay driver: feed each named file to @fn
 * @argc: argument count
 * @argv: paths of input files, or of directories whose files (names not
 *        starting with '.', in name order) are replayed
 * @fn: the target's LLVMFuzzerTestOneInput
 *
 * Return: 0 if every file was read, 1 if one could not be; a failed check aborts.
 */
int fuzz_replay_main(int argc, char **argv, int (*fn)(const uint8_t *, size_t));

#endif
