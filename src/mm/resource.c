// SPDX-License-Identifier: MIT
/*
 * The /proc/iomem resource tree (kernel/resource.c): claiming a range
 * under the deepest non-busy resource that contains it, cutting a range out
 * of the resources on removal, and counting System RAM pages.  Formatting
 * /proc/iomem is the sysfs layer's job; this file only keeps the tree.
 */
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"

void resource_tree_init(struct resource *root)
{
	memset(root, 0, sizeof(*root));
	root->start = 0;
	root->end = UINT64_MAX;
	root->name = NULL;
	root->flags = IORESOURCE_MEM;
}

static void free_subtree(struct resource *r)
{
	while (r) {
		struct resource *next = r->sibling;
		free_subtree(r->child);
		free(r->name);
		free(r);
		r = next;
	}
}

void resource_tree_fini(struct resource *root)
{
	free_subtree(root->child);
	root->child = NULL;
}

static struct resource *resource_new(uint64_t start, uint64_t end, const char *name, unsigned int flags)
{
	struct resource *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->name = strdup(name);
	if (!r->name) {
		free(r);
		return NULL;
	}
	r->start = start;
	r->end = end;
	r->flags = flags;
	return r;
}

/*
 * Finds where [start, end] can go below @root: returns the parent and the
 * link after which it is inserted, or -EEXIST on a conflict with a busy
 * resource or a partial overlap (as __request_region() refuses).
 */
static int find_slot(struct resource *root, uint64_t start, uint64_t end, struct resource **parent_out,
		     struct resource ***link_out)
{
	struct resource *parent = root;

	for (;;) {
		struct resource **p = &parent->child;
		struct resource *conflict = NULL;

		while (*p && (*p)->end < start)
			p = &(*p)->sibling;
		if (*p && (*p)->start <= end)
			conflict = *p;
		if (!conflict) {
			*parent_out = parent;
			*link_out = p;
			return 0;
		}
		/* descend into a non-busy resource that fully contains the range */
		if (!(conflict->flags & IORESOURCE_BUSY) && conflict->start <= start && conflict->end >= end) {
			parent = conflict;
			continue;
		}
		return -EEXIST;
	}
}

/**
 * request_mem_region() - claim [start, start + size) as a new resource
 * @root: the tree (iomem_resource)
 * @start: first byte
 * @size: bytes, > 0
 * @name: the name shown in /proc/iomem (copied)
 * @flags: enum resource_flags of the new resource
 * @out: the new resource, may be NULL
 *
 * Return: 0, -EINVAL (empty or wrapping range), -EEXIST (conflict), -ENOMEM.
 */
int request_mem_region(struct resource *root, uint64_t start, uint64_t size, const char *name,
		       unsigned int flags, struct resource **out)
{
	struct resource *parent, **link, *r;
	uint64_t end = start + size - 1;
	int ret;

	if (!size || end < start)
		return -EINVAL;
	ret = find_slot(root, start, end, &parent, &link);
	if (ret)
		return ret;
	r = resource_new(start, end, name, flags);
	if (!r)
		return -ENOMEM;
	r->parent = parent;
	r->sibling = *link;
	*link = r;
	if (out)
		*out = r;
	return 0;
}

struct resource *next_resource(const struct resource *p)
{
	if (p->child)
		return p->child;
	while (!p->sibling && p->parent)
		p = p->parent;
	return p->sibling;
}

/**
 * insert_mem_region() - insert_resource(): claim [start, start + size) as a
 * new resource that adopts, as its children, the resources it contains at
 * the level where it goes (the PCI host bridge's windows take in persistent
 * memory that e820 put there earlier)
 * Return: 0, -EINVAL (empty or wrapping range), -EEXIST (a partial overlap,
 * or the same range), -ENOMEM.
 */
int insert_mem_region(struct resource *root, uint64_t start, uint64_t size, const char *name, unsigned int flags)
{
	struct resource *parent = root, **p, **first_link, *first, *last, *r;
	uint64_t end = start + size - 1;

	if (!size || end < start)
		return -EINVAL;
	for (;;) {
		p = &parent->child;
		while (*p && (*p)->end < start)
			p = &(*p)->sibling;
		first = *p && (*p)->start <= end ? *p : NULL;
		if (!first || first->start > start || first->end < end)
			break;
		if (first->start == start && first->end == end)
			return -EEXIST;
		parent = first;	/* it fits inside: go down */
	}
	first_link = p;
	last = NULL;
	for (struct resource *next = first; next && next->start <= end; next = next->sibling) {
		if (next->start < start || next->end > end)
			return -EEXIST;	/* a partial overlap */
		last = next;
	}
	r = resource_new(start, end, name, flags);
	if (!r)
		return -ENOMEM;
	r->parent = parent;
	if (last) {
		r->child = first;
		r->sibling = last->sibling;
		last->sibling = NULL;
		for (struct resource *c = first; c; c = c->sibling)
			c->parent = r;
	} else {
		r->sibling = *first_link;
	}
	*first_link = r;
	return 0;
}

/**
 * find_free_mem_region() - allocate_resource()'s first fit: the lowest
 * @align-aligned start at or above @min where @size bytes fit between the
 * top-level resources, below @max
 * Return: 0 or -EBUSY (no room).
 */
int find_free_mem_region(const struct resource *root, uint64_t size, uint64_t align, uint64_t min, uint64_t max,
			 uint64_t *start)
{
	uint64_t cand = (min + align - 1) / align * align;

	for (const struct resource *r = root->child; r; r = r->sibling) {
		if (r->end < cand)
			continue;
		if (cand + size - 1 < r->start)
			break;
		cand = (r->end + 1 + align - 1) / align * align;
	}
	if (cand + size - 1 < cand || cand + size - 1 > max)
		return -EBUSY;
	*start = cand;
	return 0;
}

/**
 * release_resource_free() - unlink @res (which must have no children) and free it
 */
void release_resource_free(struct resource *res)
{
	struct resource **p;

	if (!res)
		return;
	for (p = &res->parent->child; *p; p = &(*p)->sibling) {
		if (*p == res) {
			*p = res->sibling;
			break;
		}
	}
	free_subtree(res->child);
	free(res->name);
	free(res);
}

/* the deepest busy resource that contains [start, end] */
static struct resource *find_busy_container(struct resource *parent, uint64_t start, uint64_t end)
{
	struct resource *r;

	for (r = parent->child; r; r = r->sibling) {
		if (r->start > end || r->end < start)
			continue;
		if (r->start <= start && r->end >= end) {
			struct resource *deeper = find_busy_container(r, start, end);

			if (deeper)
				return deeper;
			return (r->flags & IORESOURCE_BUSY) ? r : NULL;
		}
		return NULL;
	}
	return NULL;
}

/**
 * release_mem_region_adjustable() - cut [start, start + size) out of the busy
 * resource that contains it: the resource is freed, shrunk or split in two
 * @root: the tree
 * @start: first byte
 * @size: bytes
 *
 * Return: 0, -ENOENT (no busy resource contains the range), -EBUSY (it has
 * children that overlap the range), -ENOMEM.
 */
int release_mem_region_adjustable(struct resource *root, uint64_t start, uint64_t size)
{
	uint64_t end = start + size - 1;
	struct resource *r = find_busy_container(root, start, end);
	struct resource *c;

	if (!r)
		return -ENOENT;
	for (c = r->child; c; c = c->sibling)
		if (c->start <= end && c->end >= start)
			return -EBUSY;
	if (r->start == start && r->end == end) {
		release_resource_free(r);
	} else if (r->start == start) {
		r->start = end + 1;
	} else if (r->end == end) {
		r->end = start - 1;
	} else {
		struct resource *tail = resource_new(end + 1, r->end, r->name, r->flags);

		if (!tail)
			return -ENOMEM;
		tail->parent = r->parent;
		tail->sibling = r->sibling;
		r->sibling = tail;
		r->end = start - 1;
		/* children above the cut move to the upper part */
		struct resource **p = &r->child;

		while (*p && (*p)->end < start)
			p = &(*p)->sibling;
		tail->child = *p;
		*p = NULL;
		for (c = tail->child; c; c = c->sibling)
			c->parent = tail;
	}
	return 0;
}

static uint64_t count_ram(const struct resource *parent, uint64_t s, uint64_t e)
{
	uint64_t n = 0;
	const struct resource *r;

	for (r = parent->child; r; r = r->sibling) {
		if (r->end < s || r->start > e)
			continue;
		if ((r->flags & (IORESOURCE_SYSRAM | IORESOURCE_BUSY)) == (IORESOURCE_SYSRAM | IORESOURCE_BUSY)) {
			/* whole pages inside the resource */
			uint64_t first = (r->start + PAGE_SIZE - 1) >> PAGE_SHIFT;
			uint64_t last = (r->end + 1) >> PAGE_SHIFT;	/* exclusive */
			uint64_t lo = s >> PAGE_SHIFT, hi = (e + 1) >> PAGE_SHIFT;

			if (first < lo)
				first = lo;
			if (last > hi)
				last = hi;
			if (last > first)
				n += last - first;
		} else {
			n += count_ram(r, s, e);
		}
	}
	return n;
}

/**
 * count_system_ram_pages() - pages of a pfn range covered by busy System RAM
 * resources (driver-managed ones included), as offline_pages() counts them
 * Return: the page count.
 */
uint64_t count_system_ram_pages(const struct resource *root, uint64_t start_pfn, uint64_t nr_pages)
{
	return count_ram(root, pfn_phys(start_pfn), pfn_phys(start_pfn + nr_pages) - 1);
}

/* the sibling right before @res under the same parent, or NULL */
static struct resource *prev_sibling(struct resource *res)
{
	struct resource *r;

	for (r = res->parent->child; r && r->sibling != res; r = r->sibling)
		;
	return r;
}

static bool mergeable(const struct resource *a, const struct resource *b)
{
	return a && b && a->flags == b->flags && (a->flags & IORESOURCE_SYSRAM_MERGEABLE) && !a->child &&
	       !b->child && a->end + 1 == b->start && !strcmp(a->name, b->name);
}

/**
 * merge_system_ram_resource() - flag @res mergeable and merge it with its
 * adjacent siblings of the same name and flags (MHP_MERGE_RESOURCE)
 * Return: the resource that now covers @res's range.
 */
struct resource *merge_system_ram_resource(struct resource *res)
{
	struct resource *prev, *next;

	res->flags |= IORESOURCE_SYSRAM_MERGEABLE;
	prev = prev_sibling(res);
	if (mergeable(prev, res)) {
		prev->end = res->end;
		prev->sibling = res->sibling;
		free(res->name);
		free(res);
		res = prev;
	}
	next = res->sibling;
	if (mergeable(res, next)) {
		res->end = next->end;
		res->sibling = next->sibling;
		free(next->name);
		free(next);
	}
	return res;
}
