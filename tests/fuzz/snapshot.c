// SPDX-License-Identifier: MIT
/*
 * The arena behind fuzz_snapshot_take() and _restore(); see snapshot.h.
 *
 * Layout: chunks one after another from the arena's base, each a header
 * (the user's size and a magic word saying live or freed), the user's
 * bytes rounded up to 16, and a 16-byte red zone.  Under AddressSanitizer
 * only the user's bytes of live chunks are addressable, so an overflow into
 * the next chunk, a read of a freed chunk or of a header is reported as on
 * the ordinary heap; a free of something that is not a live chunk aborts.
 * A restore copies the snapshot's bytes back and redoes the poisoning by
 * walking the snapshot's chunks.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fuzz_util.h"
#include "lib/json.h"
#include "memhp/hw.h"
#include "memhp/machine.h"
#include "memhp/sysfs.h"
#include "snapshot.h"

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#ifdef HAVE_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n)	__asan_poison_memory_region((p), (n))
#define UNPOISON(p, n)	__asan_unpoison_memory_region((p), (n))
#else
#define POISON(p, n)	((void)(p), (void)(n))
#define UNPOISON(p, n)	((void)(p), (void)(n))
#endif

#define ARENA_BYTES	(64ULL << 30)	/* reserved address space, touched as used */
#define RELEASE_BYTES	(256ULL << 20)	/* beyond a snapshot, more than this is given back */
#define HDR		16
#define REDZONE		16
#define MAGIC_LIVE	0x4c495645u
#define MAGIC_FREED	0x46524545u
#define FILL_BYTE	0xbe		/* what fresh memory holds, as ASan's malloc fills it */

struct chunk {
	uint64_t size;
	uint32_t magic;
	uint32_t pad;
};

struct fuzz_snapshot {
	size_t used;
	unsigned char *bytes;
};

/* Invariant: base <= base + used <= base + touched <= base + ARENA_BYTES. */
static unsigned char *base;
static size_t used, touched;
static bool active;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
int __wrap_vasprintf(char **out, const char *fmt, va_list ap);
int __wrap_asprintf(char **out, const char *fmt, ...);

static size_t round16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static size_t span_of(size_t size)
{
	return HDR + round16(size) + REDZONE;
}

static void arena_init(void)
{
	void *p;

	if (base)
		return;
	p = mmap(NULL, ARENA_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		fuzz_fail("snapshot", "cannot reserve the arena: %s", strerror(errno));
	base = p;
}

static bool in_arena(const void *p)
{
	return base && (const unsigned char *)p >= base && (const unsigned char *)p < base + ARENA_BYTES;
}

static void *arena_alloc(size_t n, bool zero)
{
	size_t span;
	struct chunk *c;
	unsigned char *user;

	if (n > ARENA_BYTES / 2)
		return NULL;
	span = span_of(n);
	arena_init();
	if (used + span > ARENA_BYTES)
		fuzz_fail("snapshot", "the arena is full (%zu bytes)", used);
	c = (struct chunk *)(base + used);
	used += span;
	if (used > touched)
		touched = used;
	UNPOISON(c, HDR);
	c->size = n;
	c->magic = MAGIC_LIVE;
	c->pad = 0;
	POISON(c, HDR);
	user = (unsigned char *)c + HDR;
	POISON(user, span - HDR);
	UNPOISON(user, n);
	memset(user, zero ? 0 : FILL_BYTE, n);
	return user;
}

/* The live chunk @p is the user part of; its size in *@size.  Anything else aborts. */
static struct chunk *chunk_of(void *p, size_t *size)
{
	struct chunk *c = (struct chunk *)((unsigned char *)p - HDR);
	uint32_t magic;

	UNPOISON(c, HDR);
	magic = c->magic;
	*size = c->size;
	POISON(c, HDR);
	if (((uintptr_t)p & 15) || magic != MAGIC_LIVE)
		fuzz_fail("snapshot", "free or realloc of %p, which is %s", p,
			  magic == MAGIC_FREED ? "freed already" : "not an allocation");
	return c;
}

static void arena_free(void *p)
{
	size_t n;
	struct chunk *c = chunk_of(p, &n);

	UNPOISON(c, HDR);
	c->magic = MAGIC_FREED;
	POISON(c, HDR);
	POISON(p, n);
}

void *__wrap_malloc(size_t n)
{
	return active ? arena_alloc(n, false) : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	if (!active)
		return __real_calloc(n, size);
	if (size && n > SIZE_MAX / size)
		return NULL;
	return arena_alloc(n * size, true);
}

void *__wrap_realloc(void *p, size_t n)
{
	void *q;
	size_t old;

	if (!p)
		return __wrap_malloc(n);
	if (!in_arena(p))
		return __real_realloc(p, n);
	chunk_of(p, &old);
	q = arena_alloc(n, false);
	if (!q)
		return NULL;
	memcpy(q, p, old < n ? old : n);
	arena_free(p);
	return q;
}

void __wrap_free(void *p)
{
	if (!p)
		return;
	if (in_arena(p))
		arena_free(p);
	else
		__real_free(p);
}

char *__wrap_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = __wrap_malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

char *__wrap_strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *d = __wrap_malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

int __wrap_vasprintf(char **out, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return -1;
	*out = __wrap_malloc((size_t)n + 1);
	if (!*out)
		return -1;
	return vsnprintf(*out, (size_t)n + 1, fmt, ap);
}

int __wrap_asprintf(char **out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = __wrap_vasprintf(out, fmt, ap);
	va_end(ap);
	return n;
}

void fuzz_arena_set(bool on)
{
	if (on)
		arena_init();
	active = on;
}

/* Poisons [from, touched) and opens the live chunks of [0, to). */
static void repoison(size_t to)
{
	if (touched)
		POISON(base, touched);
	for (size_t off = 0; off < to;) {
		struct chunk *c = (struct chunk *)(base + off);
		size_t n;
		uint32_t magic;

		UNPOISON(c, HDR);
		n = c->size;
		magic = c->magic;
		POISON(c, HDR);
		if (magic != MAGIC_LIVE && magic != MAGIC_FREED)
			fuzz_fail("snapshot", "the arena is corrupt at offset %zu", off);
		if (magic == MAGIC_LIVE)
			UNPOISON((unsigned char *)c + HDR, n);
		off += span_of(n);
	}
}

void fuzz_arena_clear(void)
{
	arena_init();
	used = 0;
	repoison(0);
}

struct fuzz_snapshot *fuzz_snapshot_take(void)
{
	struct fuzz_snapshot *s = __real_malloc(sizeof(*s));

	arena_init();
	if (!s || !(s->bytes = __real_malloc(used ? used : 1)))
		fuzz_fail("snapshot", "out of memory for a snapshot of %zu bytes", used);
	s->used = used;
	UNPOISON(base, used);
	memcpy(s->bytes, base, used);
	repoison(used);
	return s;
}

void fuzz_snapshot_free(struct fuzz_snapshot *s)
{
	if (!s)
		return;
	__real_free(s->bytes);
	__real_free(s);
}

void fuzz_snapshot_restore(const struct fuzz_snapshot *s)
{
	UNPOISON(base, touched > s->used ? touched : s->used);
	memcpy(base, s->bytes, s->used);
	if (touched > s->used + RELEASE_BYTES) {
		/* a greedy input: give the pages back (they read as zero when touched again) */
		size_t from = round16(s->used + 4095) & ~(size_t)4095;

		madvise(base + from, touched - from, MADV_DONTNEED);
		POISON(base + from, touched - from);
		touched = from;
	}
	used = s->used;
	repoison(used);
}

void *fuzz_heap_malloc(size_t n)
{
	void *p = __real_malloc(n);

	if (!p)
		fuzz_fail("snapshot", "out of memory");
	return p;
}

void fuzz_heap_free(void *p)
{
	__real_free(p);
}

/* ---- marks ------------------------------------------------------------------ */

/*
 * Word loops over the arena whatever its poisoning says, which the compiler
 * must not turn into calls of the (checked) memcpy or memcmp, nor count as
 * coverage.
 */
#if defined(__clang__)
#if __has_attribute(no_sanitize_coverage)
#define RAW __attribute__((no_sanitize("address", "undefined"), no_builtin("memcpy", "memcmp"), no_sanitize_coverage))
#else
#define RAW __attribute__((no_sanitize("address", "undefined"), no_builtin("memcpy", "memcmp")))
#endif
#else
#define RAW __attribute__((no_sanitize_address, no_sanitize_undefined, optimize("no-tree-loop-distribute-patterns")))
#endif

static RAW void raw_copy(uint64_t *dst, const uint64_t *src, size_t words)
{
	for (size_t i = 0; i < words; i++)
		dst[i] = src[i];
}

static RAW bool raw_equal(const uint64_t *a, const uint64_t *b, size_t words)
{
	uint64_t diff = 0;

	for (size_t i = 0; i < words; i++)
		diff |= a[i] ^ b[i];
	return !diff;
}

static RAW void raw_swap(uint64_t *a, uint64_t *b, size_t words)
{
	for (size_t i = 0; i < words; i++) {
		uint64_t t = a[i];

		a[i] = b[i];
		b[i] = t;
	}
}

void fuzz_mark_set(struct fuzz_mark *mk)
{
	arena_init();
	if (mk->cap < used) {
		__real_free(mk->bytes);
		mk->cap = 2 * used;
		mk->bytes = __real_malloc(mk->cap);
		if (!mk->bytes)
			fuzz_fail("snapshot", "out of memory for a mark of %zu bytes", used);
	}
	mk->used = used;
	raw_copy((uint64_t *)mk->bytes, (const uint64_t *)base, used / 8);
}

bool fuzz_mark_same(const struct fuzz_mark *mk)
{
	return raw_equal((const uint64_t *)mk->bytes, (const uint64_t *)base, mk->used / 8);
}

void fuzz_mark_swap(struct fuzz_mark *mk)
{
	raw_swap((uint64_t *)mk->bytes, (uint64_t *)base, mk->used / 8);
	/* which chunks are live differs: open and close them as the arena now says */
	repoison(used);
}

/* ---- fingerprints --------------------------------------------------------- */

struct fp {
	char *s;		/* on the ordinary heap */
	size_t len, cap;
	struct kernel *k;
	char path[512];
	int depth;
};

static void fp_add(struct fp *f, const char *text, size_t n)
{
	if (f->len + n + 1 > f->cap) {
		size_t cap = f->cap ? f->cap : 65536;

		while (cap < f->len + n + 1)
			cap *= 2;
		f->s = __real_realloc(f->s, cap);
		if (!f->s)
			fuzz_fail("snapshot", "out of memory for a fingerprint");
		f->cap = cap;
	}
	memcpy(f->s + f->len, text, n);
	f->len += n;
	f->s[f->len] = 0;
}

static void fp_printf(struct fp *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fp_printf(struct fp *f, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fp_add(f, buf, n < 0 ? 0 : (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void fp_dir(struct fp *f);

static void fp_entry(void *opaque, const char *name, enum sysfs_kind kind)
{
	struct fp *f = opaque;
	size_t at = strlen(f->path);
	struct sysfs_stat st;
	char *text = NULL;
	int ret;

	snprintf(f->path + at, sizeof(f->path) - at, "%s%s", at > 1 ? "/" : "", name);
	ret = sysfs_lookup(f->k, f->path, &st);
	fp_printf(f, "%s %d %o", f->path, kind, ret ? 0 : st.mode);
	if (kind == SYSFS_LINK) {
		fp_printf(f, " -> %s\n", ret ? "?" : st.target);
	} else if (kind == SYSFS_FILE && strstr(f->path, "/rtc/rtc")) {
		fp_add(f, "\n", 1);	/* the clock's files read the host's time: not the machine's state */
	} else if (kind == SYSFS_FILE) {
		ret = sysfs_read(f->k, f->path, &text, NULL);
		if (ret) {
			fp_printf(f, " error %d\n", ret);
		} else {
			fp_add(f, "\n", 1);
			fp_add(f, text, strlen(text));
			fp_add(f, "\n", 1);
		}
		free(text);
	} else {
		fp_add(f, "\n", 1);
		if (f->depth < 12) {
			f->depth++;
			fp_dir(f);
			f->depth--;
		}
	}
	f->path[at] = 0;
}

static void fp_dir(struct fp *f)
{
	int ret = sysfs_readdir(f->k, f->path, fp_entry, f);

	if (ret)
		fp_printf(f, "%s: readdir %d\n", f->path, ret);
}

char *fuzz_snapshot_fingerprint(struct machine *m)
{
	static const char *const queries[] = { "query-memory-devices", "query-memdev", "query-memory-size-summary" };
	struct fp f = { .k = machine_kernel(m), .path = "/" };

	fp_dir(&f);
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		struct memhp_err err = { 0 };
		struct json *ret = NULL;
		char *text;

		if (qmp_execute(machine_host(m), queries[i], NULL, &ret, &err)) {
			fp_printf(&f, "%s: error %s\n", queries[i], err.msg);
			continue;
		}
		text = json_to_string(ret, JSON_EMIT_SORT_KEYS);
		fp_printf(&f, "%s: ", queries[i]);
		fp_add(&f, text ? text : "(null)", text ? strlen(text) : 6);
		fp_add(&f, "\n", 1);
		free(text);
		json_free(ret);
	}
	return f.s;
}

void fuzz_snapshot_check(const struct fuzz_snapshot *s, struct machine *m, const char *reference,
			 const char *what)
{
	char *fp;
	const char *a, *b;
	int line = 1;

	fuzz_snapshot_restore(s);
	fp = fuzz_snapshot_fingerprint(m);
	fuzz_snapshot_restore(s);
	if (!strcmp(fp, reference)) {
		__real_free(fp);
		return;
	}
	for (a = fp, b = reference; *a && *a == *b; a++, b++)
		if (*a == '\n')
			line++;
	fuzz_fail("snapshot", "%s: the reset machine differs from a fresh boot at line %d: '%.120s' where a "
		  "fresh boot has '%.120s'", what, line, a, b);
}

void fuzz_snapshot_sensitive(const struct fuzz_snapshot *s, struct machine *m, const char *reference)
{
	static const char path[] = "/sys/devices/system/memory/auto_online_blocks";
	char *fp, *was = NULL;
	int ret;

	fuzz_snapshot_restore(s);
	if (sysfs_read(machine_kernel(m), path, &was, NULL))
		fuzz_fail("snapshot", "cannot read %s", path);
	ret = sysfs_write(machine_kernel(m), path, strcmp(was, "offline\n") ? "offline" : "online", 7, NULL);
	free(was);
	if (ret)
		fuzz_fail("snapshot", "cannot write %s: %d", path, ret);
	fp = fuzz_snapshot_fingerprint(m);
	fuzz_snapshot_restore(s);
	if (!strcmp(fp, reference))
		fuzz_fail("snapshot", "a changed auto_online_blocks does not change the fingerprint");
	__real_free(fp);
}

bool fuzz_snapshot_due(unsigned long n)
{
	return fuzz_every(n, "FUZZ_CHECK_EVERY", 64);
}

struct machine *fuzz_snapshot_boot(struct machine *(*boot)(const void *arg), const void *arg,
				   struct fuzz_snapshot **booted, char **reference, const char *what)
{
	struct machine *fresh = boot(arg), *m;

	*reference = fuzz_snapshot_fingerprint(fresh);
	machine_free(fresh);
	/* the machine has the arena to itself: a restore puts back just it */
	fuzz_arena_set(true);
	fuzz_arena_clear();
	m = boot(arg);
	*booted = fuzz_snapshot_take();
	fuzz_snapshot_check(*booted, m, *reference, what);
	fuzz_snapshot_sensitive(*booted, m, *reference);
	fuzz_arena_set(false);
	return m;
}

void fuzz_snapshot_reset(const struct fuzz_snapshot *s, struct machine *m, const char *reference,
			 unsigned long n, const char *what)
{
	fuzz_arena_set(true);
	if (fuzz_snapshot_due(n))
		fuzz_snapshot_check(s, m, reference, what);
	else
		fuzz_snapshot_restore(s);
}
