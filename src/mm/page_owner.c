// SPDX-License-Identifier: MIT
/*
 * Who holds the allocated pages (in Linux, mm/page_owner.c records who
 * allocated each page; here it is also what lets a process's pages be freed
 * and migrated): a table of owners, each with its page count and, if it
 * tracks them, the list of its blocks, which the head pages index.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "mm/page_alloc_internal.h"

/**
 * page_owner_new() - a holder of pages (a process, the kernel's slab, memmaps)
 * Return: its id, or -ENOMEM.
 */
int page_owner_new(struct kernel *k, const char *name, bool movable, bool track)
{
	int id;

	for (id = 1; id < k->pa.nr_owner_slots; id++)
		if (!k->pa.owners[id].name)
			break;
	if (id >= k->pa.nr_owner_slots) {
		int n = k->pa.nr_owner_slots ? k->pa.nr_owner_slots * 2 : 16;
		struct page_owner *o;

		if (n > 65535)
			return -ENOSPC;
		o = realloc(k->pa.owners, (size_t)n * sizeof(*o));
		if (!o)
			return -ENOMEM;
		memset(o + k->pa.nr_owner_slots, 0, (size_t)(n - k->pa.nr_owner_slots) * sizeof(*o));
		k->pa.owners = o;
		k->pa.nr_owner_slots = n;
	}
	k->pa.owners[id].name = strdup(name);
	if (!k->pa.owners[id].name)
		return -ENOMEM;
	k->pa.owners[id].movable = movable;
	k->pa.owners[id].track = track;
	return id;
}

/** page_owner_find() - Return: the owner named @name, or -ENOENT. */
int page_owner_find(const struct kernel *k, const char *name)
{
	for (int id = 1; id < k->pa.nr_owner_slots; id++)
		if (k->pa.owners[id].name && !strcmp(k->pa.owners[id].name, name))
			return id;
	return -ENOENT;
}

/** page_owner_release() - forget an owner that holds no pages */
void page_owner_release(struct kernel *k, int owner)
{
	struct page_owner *o = &k->pa.owners[owner];

	free(o->name);
	free(o->blocks);
	memset(o, 0, sizeof(*o));
}

/* room for one more block in @o's list; Return: 0 or -ENOMEM */
int owner_reserve(struct page_owner *o)
{
	uint64_t *b;
	uint32_t cap;

	if (!o->track || o->nr_blocks < o->cap_blocks)
		return 0;
	cap = o->cap_blocks ? o->cap_blocks * 2 : 64;
	b = realloc(o->blocks, cap * sizeof(*b));
	if (!b)
		return -ENOMEM;
	o->blocks = b;
	o->cap_blocks = cap;
	return 0;
}

/* record an allocated block for its owner (space reserved by owner_reserve()) */
void owner_add(struct kernel *k, int owner, uint64_t pfn, unsigned int order, uint8_t mt)
{
	struct page_owner *o = &k->pa.owners[owner];
	uint32_t slot = 0;

	if (o->track) {
		slot = o->nr_blocks++;
		o->blocks[slot] = pfn << 4 | order;
	}
	o->nr_pages += 1ULL << order;
	if (!order) {
		struct pageblock *pb = pb_find(k, pfn >> PAGEBLOCK_ORDER);

		if (pb && pb->pages) {
			pb->pages[pfn % PG_NR_PAGES] = (struct page){ .state = PG_ALLOC, .owner = (uint16_t)owner,
								      .index = slot };
			return;
		}
	}
	set_block(k, pfn, order, PG_ALLOC, (uint16_t)owner, slot, mt);
}

/* forget @owner's block in list slot @slot; the last block moves into the slot */
void owner_del(struct kernel *k, int owner, uint32_t slot, unsigned int order)
{
	struct page_owner *o = &k->pa.owners[owner];

	o->nr_pages -= 1ULL << order;
	if (!o->track)
		return;
	o->nr_blocks--;
	if (slot != o->nr_blocks) {
		uint64_t moved = o->blocks[o->nr_blocks];

		o->blocks[slot] = moved;
		set_page_index(k, moved >> 4, slot);
	}
}

/** page_owner_free_all() - free every block an owner holds (it must track them) */
void page_owner_free_all(struct kernel *k, int owner)
{
	struct page_owner *o = &k->pa.owners[owner];

	/* each free needs at most one node: take them now if the host allows */
	fnode_reserve(k, o->nr_blocks + FNODE_RESERVE);
	while (o->nr_blocks) {
		uint64_t b = o->blocks[o->nr_blocks - 1];

		free_pages(k, b >> 4, (unsigned int)(b & 15));
	}
}

void page_owner_fini(struct kernel *k)
{
	for (int id = 0; id < k->pa.nr_owner_slots; id++) {
		free(k->pa.owners[id].name);
		free(k->pa.owners[id].blocks);
	}
	free(k->pa.owners);
}
