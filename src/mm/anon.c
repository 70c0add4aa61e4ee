// SPDX-License-Identifier: MIT
/*
 * Processes' anonymous memory (mm/memory.c, mm/huge_memory.c as far as
 * placement goes): a process maps SIZE bytes and touches every page.  The
 * reference guest has transparent huge pages enabled ("always"), so each
 * 2 MiB-aligned stretch of the mapping is faulted in as one order-9 page
 * when a zone has one above its low watermark (THP faults do not reclaim),
 * and as 512 base pages otherwise.  An anonymous mapping is not 2 MiB
 * aligned in 6.1, so one 2 MiB worth of its pages (the unaligned head and
 * tail) are base pages.  All of it is movable and prefers ZONE_MOVABLE.
 */
#include <stdio.h>
#include <string.h>

#include "mm/internal.h"

#define PROCESS_MAX_MAPPINGS	64	/* the reference guest's agent holds 64 */
#define PROCESS_NAME_MAX	63
#define HPAGE_PMD_NR		(1UL << PAGEBLOCK_ORDER)

static void owner_name(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "anon:%.*s", PROCESS_NAME_MAX, name);
}

/* the owner of mapping @name; Return: its id or -ENOENT (with a message) */
static int find_mapping(const struct kernel *k, const char *name, struct memhp_err *err)
{
	char oname[80];
	int owner;

	owner_name(oname, sizeof(oname), name);
	owner = page_owner_find(k, oname);
	return owner > 0 ? owner : memhp_err_set(err, -ENOENT, "no mapping named '%s'", name);
}

static int nr_mappings(const struct kernel *k)
{
	int n = 0;

	for (int id = 1; id < k->pa.nr_owner_slots; id++)
		if (k->pa.owners[id].name && !strncmp(k->pa.owners[id].name, "anon:", 5))
			n++;
	return n;
}

/* fault in @nr base pages */
static int fault_base_pages(struct kernel *k, int owner, uint64_t nr)
{
	for (uint64_t i = 0; i < nr; i++) {
		uint64_t pfn;
		int ret = alloc_pages_node(k, k->kalloc.activity_nid, GFP_HIGHUSER_MOVABLE, 0, owner, &pfn);

		if (ret)
			return ret;
	}
	return 0;
}

/**
 * process_alloc() - a process maps @size_bytes of anonymous memory named
 * @name and touches every page
 * Return: 0, -EINVAL (size 0), -EEXIST (the name is taken), -ENOSPC (64
 * mappings), -ENOMEM (a length that wraps when rounded up to pages, or more
 * than the guest's RAM: mmap refuses; or the pages
 * cannot all be found: the guest's OOM killer would end the process, whose
 * memory is then free again).
 */
int process_alloc(struct kernel *k, const char *name, uint64_t size_bytes, struct memhp_err *err)
{
	char oname[80];
	uint64_t nr_pages, huge, head, tail;
	int owner, ret = 0;

	if (!size_bytes)
		return memhp_err_set(err, -EINVAL, "size must not be 0");
	/* mmap() rounds the length up to pages; one that wraps to 0 is refused */
	if (size_bytes > UINT64_MAX - (PAGE_SIZE - 1))
		return memhp_err_set(err, -ENOMEM, "mmap: %llu bytes wrap when rounded up to pages",
				     (unsigned long long)size_bytes);
	nr_pages = (size_bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	owner_name(oname, sizeof(oname), name);
	if (page_owner_find(k, oname) > 0)
		return memhp_err_set(err, -EEXIST, "a mapping named '%s' exists", name);
	if (nr_mappings(k) >= PROCESS_MAX_MAPPINGS)
		return memhp_err_set(err, -ENOSPC, "%d mappings exist already", PROCESS_MAX_MAPPINGS);
	if (nr_pages > k->totalram_pages)
		return memhp_err_set(err, -ENOMEM, "mmap: %llu pages exceed the guest's %llu pages of RAM",
				     (unsigned long long)nr_pages, (unsigned long long)k->totalram_pages);
	owner = page_owner_new(k, oname, true, true);
	if (owner < 0)
		return memhp_err_set(err, owner, "out of memory");
	huge = nr_pages >= 2 * HPAGE_PMD_NR ? nr_pages / HPAGE_PMD_NR - 1 : 0;
	head = (nr_pages - huge * HPAGE_PMD_NR) / 2;
	tail = nr_pages - huge * HPAGE_PMD_NR - head;
	ret = fault_base_pages(k, owner, head);
	for (uint64_t i = 0; i < huge && !ret; i++) {
		uint64_t pfn;

		if (alloc_pages_node(k, k->kalloc.activity_nid, GFP_TRANSHUGE_LIGHT, PAGEBLOCK_ORDER, owner, &pfn))
			ret = fault_base_pages(k, owner, HPAGE_PMD_NR);
	}
	if (!ret)
		ret = fault_base_pages(k, owner, tail);
	if (ret) {
		page_owner_free_all(k, owner);
		page_owner_release(k, owner);
		MM_CHECK(k);
		return memhp_err_set(err, -ENOMEM, "out of memory touching '%s': the guest's OOM killer would end the process",
				     name);
	}
	MM_CHECK(k);
	return 0;
}

/**
 * process_free() - the process unmaps @name
 * Return: 0 or -ENOENT.
 */
int process_free(struct kernel *k, const char *name, struct memhp_err *err)
{
	int owner = find_mapping(k, name, err);

	if (owner < 0)
		return owner;
	page_owner_free_all(k, owner);
	page_owner_release(k, owner);
	MM_CHECK(k);
	return 0;
}

/**
 * process_pin() - the process pins @name for the long term (FOLL_LONGTERM,
 * as RDMA or VFIO do): 6.1 first migrates its pages out of ZONE_MOVABLE
 * into kernel zones, then holds them; pinned pages never migrate again
 * (model-only: the reference guest's agent has no such step)
 * Return: 0, -ENOENT, -ENOMEM (no room outside ZONE_MOVABLE: the pin fails
 * and nothing is pinned; pages already moved stay where they are).
 */
int process_pin(struct kernel *k, const char *name, struct memhp_err *err)
{
	int owner = find_mapping(k, name, err);
	struct page_owner *o;

	if (owner < 0)
		return owner;
	o = &k->pa.owners[owner];
	for (uint32_t i = 0; i < o->nr_blocks;) {
		uint64_t b = o->blocks[i], pfn = b >> 4, target;
		unsigned int order = (unsigned int)(b & 15);
		int nid = page_to_nid(k, pfn);

		if (page_zonenum(k, pfn) != ZONE_MOVABLE) {
			i++;
			continue;
		}
		/* check_and_migrate_movable_pages(): a GFP_USER target, never in ZONE_MOVABLE */
		if (alloc_pages_node(k, nid, GFP_KERNEL, order, owner, &target)) {
			MM_CHECK(k);
			return memhp_err_set(err, -ENOMEM, "pinning '%s': no room outside ZONE_MOVABLE to move its pages to",
					     name);
		}
		free_pages(k, pfn, order);	/* the list's last entry moved into slot i */
	}
	o->pinned = true;
	MM_CHECK(k);
	return 0;
}

/** process_unpin() - the pins on @name are released. Return: 0 or -ENOENT. */
int process_unpin(struct kernel *k, const char *name, struct memhp_err *err)
{
	int owner = find_mapping(k, name, err);

	if (owner < 0)
		return owner;
	k->pa.owners[owner].pinned = false;
	return 0;
}
