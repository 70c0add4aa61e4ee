// SPDX-License-Identifier: MIT
/*
 * Booted machines reused across fuzz inputs.  A fuzz binary is linked with
 * -Wl,--wrap for malloc, calloc, realloc, free, strdup, strndup, asprintf
 * and vasprintf; while the arena is on, every allocation of the library and
 * of the harness comes from one region (a bump allocator: nothing is reused
 * within an input, freed chunks and the gaps between chunks are poisoned
 * for AddressSanitizer).  The model keeps no state outside its allocations,
 * so a copy of the region right after boot is the booted machine: restoring
 * it resets the machine, whatever the last input did, in the time it takes
 * to copy a few hundred kilobytes.
 *
 * The reset is checked rather than trusted: fuzz_snapshot_fingerprint()
 * renders everything a user can observe (every file of the tree, the QMP
 * queries), and the harnesses compare it, after a restore, with the
 * fingerprint of a machine booted the ordinary way (see fuzz_snapshot_check()).
 */
#ifndef MEMHP_TESTS_FUZZ_SNAPSHOT_H
#define MEMHP_TESTS_FUZZ_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

struct machine;
struct fuzz_snapshot;

/* allocations from the arena (true) or from the ordinary heap (false) */
void fuzz_arena_set(bool on);
/** fuzz_arena_clear() - forget everything in the arena (nothing there may be in use). */
void fuzz_arena_clear(void);

/** fuzz_snapshot_take() - copy the arena as it is now (the copy is on the ordinary heap). */
struct fuzz_snapshot *fuzz_snapshot_take(void);
void fuzz_snapshot_free(struct fuzz_snapshot *s);
/** fuzz_snapshot_restore() - put the arena back as @s found it; what was allocated since is gone. */
void fuzz_snapshot_restore(const struct fuzz_snapshot *s);

/*
 * A mark: the arena's bytes at one moment, to tell whether a step changed
 * anything at all.  Whatever the model holds is reachable from chunks that
 * existed then; if none of those bytes changed, neither did the model.
 */
struct fuzz_mark {
	size_t used;
	unsigned char *bytes;	/* on the ordinary heap */
	size_t cap;
};

/** fuzz_mark_set() - remember the arena's bytes now. */
void fuzz_mark_set(struct fuzz_mark *mk);
/** fuzz_mark_same() - whether the bytes the mark covers are as they were. */
bool fuzz_mark_same(const struct fuzz_mark *mk);
/**
 * fuzz_mark_swap() - exchange the bytes the mark covers with the arena's:
 * the model is as it was at the mark (chunks allocated since are left
 * alone), and a second swap brings it back.
 */
void fuzz_mark_swap(struct fuzz_mark *mk);

/* memory on the ordinary heap, whatever the arena's state (it survives restores) */
void *fuzz_heap_malloc(size_t n);
void fuzz_heap_free(void *p);

/**
 * fuzz_snapshot_fingerprint() - what a user can observe of @m: every
 * directory, file (content or errno) and link of the tree, then the QMP
 * queries' replies.  On the ordinary heap (fuzz_heap_free()).
 */
char *fuzz_snapshot_fingerprint(struct machine *m);

/**
 * fuzz_snapshot_check() - the machine that @s restores is the machine
 * @reference: restores @s, fingerprints it, aborts with the first line that
 * differs, and restores @s again (reading must change nothing, but a read
 * that did must not leak into the next input).
 */
void fuzz_snapshot_check(const struct fuzz_snapshot *s, struct machine *m, const char *reference,
			 const char *what);

/**
 * fuzz_snapshot_sensitive() - the check can fail: a machine restored from
 * @s and then changed (auto_online_blocks) must not match @reference;
 * restores @s after.
 */
void fuzz_snapshot_sensitive(const struct fuzz_snapshot *s, struct machine *m, const char *reference);

/**
 * fuzz_snapshot_due() - whether input number @n (from 0) checks the
 * reset: every input when replaying a corpus, the first 16 and then one in
 * 64 under libFuzzer (FUZZ_CHECK_EVERY=N overrides).
 */
bool fuzz_snapshot_due(unsigned long n);

/**
 * fuzz_snapshot_boot() - the machine a target reuses: booted by @boot(@arg)
 * the ordinary way for *@reference (its fingerprint), then in the emptied
 * arena, whose snapshot *@booted is checked against it
 * (fuzz_snapshot_check(), fuzz_snapshot_sensitive()).  The arena is off after.
 */
struct machine *fuzz_snapshot_boot(struct machine *(*boot)(const void *arg), const void *arg,
				   struct fuzz_snapshot **booted, char **reference, const char *what);

/**
 * fuzz_snapshot_reset() - the start of input number @n: the arena on and @s
 * restored, checked against @reference when fuzz_snapshot_due(@n)
 */
void fuzz_snapshot_reset(const struct fuzz_snapshot *s, struct machine *m, const char *reference,
			 unsigned long n, const char *what);

#endif
