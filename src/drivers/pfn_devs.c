// SPDX-License-Identifier: MIT
/*
 * The info block of pfn and dax devices (drivers/nvdimm/pfn_devs.c):
 * nd_pfn_validate() reads it back from the namespace's media and holds a
 * device to it, nd_pfn_init() works out where the device's data starts and
 * writes a new one.  The block's bytes are nd_media.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "drivers/nvdimm.h"
#include "memhp/profile.h"

/* the alignment the device's data gets: never less than memremap_compat_align() */
uint64_t ndp_align(const struct nd_dax *d)
{
	return d->align > ND_COMPAT_ALIGN ? d->align : ND_COMPAT_ALIGN;
}

/* a uuid as its 16 bytes (uuid_parse()), or back as %pUb prints it */
static void uuid_to_bytes(const char *s, uint8_t out[16])
{
	for (int i = 0, j = 0; i < 16; i++, j += 2) {
		if (s[j] == '-')
			j++;
		sscanf(s + j, "%2hhx", &out[i]);
	}
}

static void uuid_from_bytes(const uint8_t in[16], char out[37])
{
	size_t len = 0;

	for (int i = 0; i < 16; i++)
		len += (size_t)snprintf(out + len, 37 - len, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "",
					in[i]);
}

/* nd_supported_alignment(): a page, a PMD or a PUD */
static bool nd_supported_alignment(uint64_t align)
{
	return align == PAGE_SIZE || align == (2ULL << 20) || align == (1ULL << 30);
}

/*
 * nd_pfn_validate(): is there an info block of @d's kind on the namespace,
 * written for this namespace, and does it agree with @d?  A device without
 * a uuid (one nd_pfn_probe() or nd_dax_probe() just made) takes the block's
 * uuid, mode and alignment instead.
 * Return: 0 (@d->offset is where its data starts), -ENODEV (no block of
 * @d's kind, or another device's: nd_pfn_init() writes a new one), -ENXIO
 * (an unknown mode), -EOPNOTSUPP (the block and the device disagree, or
 * the block does not fit the namespace).
 */
int nd_pfn_validate(const struct kernel *k, const struct nd_region *r, struct nd_dax *d, bool pfn,
			const char *dev, struct memhp_err *err)
{
	static const uint8_t io_parent_uuid[16];	/* an io namespace has no uuid */
	struct nd_info_block sb;
	uint8_t uuid[16];
	uint64_t align;

	if (!nd_info_block_read(&r->ns.media, !pfn, &sb) || memcmp(sb.parent_uuid, io_parent_uuid, 16))
		return -ENODEV;
	if (sb.mode != DAX_MODE_RAM && sb.mode != DAX_MODE_PMEM)
		return memhp_err_set(err, -ENXIO, "%s: unknown mode %u in the info block", dev, sb.mode);
	align = sb.align;
	if (!align)
		align = sb.dataoff ? 1ULL << (63 - __builtin_clzll(sb.dataoff)) : 0;
	if (sb.mode == DAX_MODE_PMEM && sb.page_size > PAGE_SIZE)
		return memhp_err_set(err, -EOPNOTSUPP, "%s: init failed, page size mismatch %u", dev, sb.page_size);
	if (sb.mode == DAX_MODE_PMEM && sb.page_struct_size < 64)
		return memhp_err_set(err, -EOPNOTSUPP, "%s: init failed, struct page size mismatch %u", dev,
				     sb.page_struct_size);
	if (!pfn && !nd_supported_alignment(align))
		return memhp_err_set(err, -EOPNOTSUPP, "%s: init failed, alignment mismatch: %#llx", dev,
				     (unsigned long long)align);
	if (!d->uuid[0]) {
		uuid_from_bytes(sb.uuid, d->uuid);
		d->align = align;
		d->mode = (int)sb.mode;
	} else {
		uuid_to_bytes(d->uuid, uuid);
		if (memcmp(uuid, sb.uuid, 16))
			return -ENODEV;
		if (d->align != align || d->mode != (int)sb.mode)
			return memhp_err_set(err, -EOPNOTSUPP, "%s: init failed, settings mismatch", dev);
	}
	if (align > r->size)
		return memhp_err_set(err, -EOPNOTSUPP, "%s: alignment %#llx exceeds capacity", dev,
				     (unsigned long long)align);
	if (sb.dataoff >= r->size)
		return memhp_err_set(err, -EOPNOTSUPP, "%s: pfn array size exceeds capacity", dev);
	if ((align && (r->start + sb.dataoff + sb.start_pad) % align) || sb.dataoff % PAGE_SIZE)
		return memhp_err_set(err, -EOPNOTSUPP, "%s: bad offset %#llx", dev, (unsigned long long)sb.dataoff);
	if ((r->start + sb.start_pad) % ND_COMPAT_ALIGN)
		return memhp_err_set(err, -EOPNOTSUPP, "%s: resource start misaligned", dev);
	if ((r->start + r->size - sb.end_trunc) % ND_COMPAT_ALIGN)
		return memhp_err_set(err, -EOPNOTSUPP, "%s: resource end misaligned", dev);
	/* unsigned, as the kernel's: an end_trunc beyond the size wraps */
	if (kernel_has(k, KF_ND_PFN_END_TRUNC) && sb.dataoff >= r->size - sb.end_trunc)
		return memhp_err_set(err, -EOPNOTSUPP, "%s: bad offset with small namespace", dev);
	d->offset = sb.dataoff;
	d->end_trunc = sb.end_trunc;
	return 0;
}

/*
 * nd_pfn_init() with no valid info block: where the device's data starts
 * (the info block, and in pmem mode 64 bytes of memmap per page, rounded
 * up to the alignment), then the block written.  In pmem mode the
 * namespace is first re-enabled over that whole offset to clear the
 * memmap's bad blocks, which fails if the offset reaches beyond it.
 * Return: 0, -ENXIO (mode, or no room for data), -EBUSY (pmem mode, the
 * offset beyond the namespace), -ENOMEM.
 */
int nd_pfn_init(struct kernel *k, struct nd_region *r, struct nd_dax *d, bool pfn, const char *dev,
		    const char *ns, struct memhp_err *err)
{
	uint64_t npfns = (r->size - 8192) / PAGE_SIZE, reserve = 8192, off, limit, align = ndp_align(d);
	uint64_t end_trunc = (r->start + r->size) % align;
	struct nd_info_block sb = { .dax = !pfn };
	struct resource *enable;

	if (d->mode == DAX_MODE_PMEM)
		reserve += 64 * npfns;		/* MAX_STRUCT_PAGE_SIZE per page, on the device */
	else if (d->mode != DAX_MODE_RAM)
		return memhp_err_set(err, -ENXIO, "%s: no mode", dev);
	off = (r->start + reserve + align - 1) / align * align - r->start;
	/* 6.4 counts the end's truncation, unsigned: past the size it wraps */
	limit = kernel_has(k, KF_ND_PFN_END_TRUNC) ? r->size - end_trunc : r->size;
	if (off >= limit || (r->size - off) / align == 0)
		return memhp_err_set(err, -ENXIO, "%s: mode %s with align %#llx does not fit %s", dev,
				     d->mode == DAX_MODE_PMEM ? "pmem" : "ram", (unsigned long long)d->align, ns);
	if (d->mode == DAX_MODE_PMEM) {
		if (request_mem_region(kernel_iomem(k), r->start, off, ns, IORESOURCE_MEM | IORESOURCE_BUSY, &enable))
			return memhp_err_set(err, -EBUSY, "%s: could not reserve region [mem %#llx-%#llx]", ns,
					     (unsigned long long)r->start, (unsigned long long)(r->start + off - 1));
		release_resource_free(enable);
	}
	uuid_to_bytes(d->uuid, sb.uuid);
	sb.mode = (uint32_t)d->mode;
	sb.dataoff = off;
	sb.npfns = (r->size - off - end_trunc) / PAGE_SIZE;
	sb.end_trunc = (uint32_t)end_trunc;
	sb.align = (uint32_t)d->align;
	sb.page_size = PAGE_SIZE;
	sb.page_struct_size = 64;	/* MAX_STRUCT_PAGE_SIZE */
	if (nd_info_block_write(&r->ns.media, &sb))
		return memhp_err_set(err, -ENOMEM, "%s: out of memory writing the info block", dev);
	d->offset = off;
	d->end_trunc = end_trunc;
	return 0;
}

