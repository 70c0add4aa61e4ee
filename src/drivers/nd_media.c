// SPDX-License-Identifier: MIT
/*
 * A namespace's media and its info block (nd_media.h).  The info block's
 * layout is struct nd_pfn_sb of drivers/nvdimm/pfn.h, little-endian, with
 * the Fletcher-64 checksum of nd_sb_checksum() in its last 8 bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/nd_media.h"

#define MEDIA_PAGE 4096u

/* the position of page @idx in @m->index, or where it would go */
static size_t media_find(const struct nd_media *m, uint64_t idx, bool *found)
{
	size_t lo = 0, hi = m->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->index[mid] < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < m->nr && m->index[lo] == idx;
	return lo;
}

void nd_media_read(const struct nd_media *m, uint64_t off, void *buf, size_t len)
{
	uint8_t *out = buf;

	while (len) {
		uint64_t idx = off / MEDIA_PAGE;
		size_t in = (size_t)(off % MEDIA_PAGE), n = MEDIA_PAGE - in;
		bool found;
		size_t pos = media_find(m, idx, &found);

		if (n > len)
			n = len;
		if (found)
			memcpy(out, m->page[pos] + in, n);
		else
			memset(out, 0, n);
		out += n;
		off += n;
		len -= n;
	}
}

/* the page @idx, added zeroed if it is not held yet; NULL: out of memory */
static uint8_t *media_page(struct nd_media *m, uint64_t idx)
{
	bool found;
	size_t pos = media_find(m, idx, &found);
	uint8_t *page;

	if (found)
		return m->page[pos];
	if (m->nr == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 8;
		uint64_t *index = realloc(m->index, cap * sizeof(*index));
		uint8_t **pages;

		if (!index)
			return NULL;
		m->index = index;
		pages = realloc(m->page, cap * sizeof(*pages));
		if (!pages)
			return NULL;
		m->page = pages;
		m->cap = cap;
	}
	page = calloc(1, MEDIA_PAGE);
	if (!page)
		return NULL;
	memmove(m->index + pos + 1, m->index + pos, (m->nr - pos) * sizeof(*m->index));
	memmove(m->page + pos + 1, m->page + pos, (m->nr - pos) * sizeof(*m->page));
	m->index[pos] = idx;
	m->page[pos] = page;
	m->nr++;
	return page;
}

int nd_media_write(struct nd_media *m, uint64_t off, const void *buf, size_t len)
{
	const uint8_t *in = buf;

	/* validate, then commit: every page the write touches exists first */
	for (uint64_t idx = off / MEDIA_PAGE; len && idx <= (off + len - 1) / MEDIA_PAGE; idx++)
		if (!media_page(m, idx))
			return -ENOMEM;
	while (len) {
		bool found;
		size_t pos = media_find(m, off / MEDIA_PAGE, &found);
		size_t at = (size_t)(off % MEDIA_PAGE), n = MEDIA_PAGE - at;

		if (n > len)
			n = len;
		memcpy(m->page[pos] + at, in, n);
		in += n;
		off += n;
		len -= n;
	}
	return 0;
}

void nd_media_free(struct nd_media *m)
{
	for (size_t i = 0; i < m->nr; i++)
		free(m->page[i]);
	free(m->index);
	free(m->page);
	memset(m, 0, sizeof(*m));
}

/* ---- struct nd_pfn_sb ---- */

enum {
	SB_SIGNATURE = 0,	/* 16 bytes */
	SB_UUID = 16,		/* 16 */
	SB_PARENT_UUID = 32,	/* 16 */
	SB_FLAGS = 48,		/* le32 */
	SB_VERSION_MAJOR = 52,	/* le16 */
	SB_VERSION_MINOR = 54,	/* le16 */
	SB_DATAOFF = 56,	/* le64 */
	SB_NPFNS = 64,		/* le64 */
	SB_MODE = 72,		/* le32 */
	SB_START_PAD = 76,	/* le32, minor version 1 */
	SB_END_TRUNC = 80,	/* le32, minor version 1 */
	SB_ALIGN = 84,		/* le32, minor version 2 */
	SB_PAGE_SIZE = 88,	/* le32, minor version 4 */
	SB_PAGE_STRUCT_SIZE = 92,	/* le16, minor version 4 */
	SB_CHECKSUM = ND_INFO_BLOCK_SIZE - 8,	/* le64 */
};

static const char pfn_sig[16] = "NVDIMM_PFN_INFO";
static const char dax_sig[16] = "NVDIMM_DAX_INFO";

static uint64_t get_le(const uint8_t *p, int bytes)
{
	uint64_t v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void put_le(uint8_t *p, int bytes, uint64_t v)
{
	for (int i = 0; i < bytes; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/* nd_fletcher64() over little-endian 32-bit words, with the checksum field taken as zero */
static uint64_t sb_checksum(const uint8_t *sb)
{
	uint32_t lo = 0;
	uint64_t hi = 0;

	for (size_t i = 0; i < ND_INFO_BLOCK_SIZE; i += 4) {
		lo += i >= SB_CHECKSUM ? 0 : (uint32_t)get_le(sb + i, 4);
		hi += lo;
	}
	return hi << 32 | lo;
}

bool nd_info_block_read(const struct nd_media *m, bool dax, struct nd_info_block *sb)
{
	uint8_t raw[ND_INFO_BLOCK_SIZE];

	nd_media_read(m, ND_INFO_BLOCK_OFFSET, raw, sizeof(raw));
	if (memcmp(raw + SB_SIGNATURE, dax ? dax_sig : pfn_sig, 16))
		return false;
	if (get_le(raw + SB_CHECKSUM, 8) != sb_checksum(raw))
		return false;
	memset(sb, 0, sizeof(*sb));
	sb->dax = dax;
	memcpy(sb->uuid, raw + SB_UUID, 16);
	memcpy(sb->parent_uuid, raw + SB_PARENT_UUID, 16);
	sb->version_minor = (uint16_t)get_le(raw + SB_VERSION_MINOR, 2);
	sb->mode = (uint32_t)get_le(raw + SB_MODE, 4);
	sb->dataoff = get_le(raw + SB_DATAOFF, 8);
	sb->npfns = get_le(raw + SB_NPFNS, 8);
	/* nd_pfn_validate(): what older minor versions did not have */
	if (sb->version_minor >= 1) {
		sb->start_pad = (uint32_t)get_le(raw + SB_START_PAD, 4);
		sb->end_trunc = (uint32_t)get_le(raw + SB_END_TRUNC, 4);
	}
	if (sb->version_minor >= 2)
		sb->align = (uint32_t)get_le(raw + SB_ALIGN, 4);
	if (sb->version_minor >= 4) {
		sb->page_size = (uint32_t)get_le(raw + SB_PAGE_SIZE, 4);
		sb->page_struct_size = (uint16_t)get_le(raw + SB_PAGE_STRUCT_SIZE, 2);
	} else {
		sb->page_size = 4096;
		sb->page_struct_size = 64;
	}
	return true;
}

int nd_info_block_write(struct nd_media *m, const struct nd_info_block *sb)
{
	uint8_t raw[ND_INFO_BLOCK_SIZE] = { 0 };

	memcpy(raw + SB_SIGNATURE, sb->dax ? dax_sig : pfn_sig, 16);
	memcpy(raw + SB_UUID, sb->uuid, 16);
	memcpy(raw + SB_PARENT_UUID, sb->parent_uuid, 16);
	put_le(raw + SB_VERSION_MAJOR, 2, 1);
	put_le(raw + SB_VERSION_MINOR, 2, 4);
	put_le(raw + SB_DATAOFF, 8, sb->dataoff);
	put_le(raw + SB_NPFNS, 8, sb->npfns);
	put_le(raw + SB_MODE, 4, sb->mode);
	put_le(raw + SB_START_PAD, 4, sb->start_pad);
	put_le(raw + SB_END_TRUNC, 4, sb->end_trunc);
	put_le(raw + SB_ALIGN, 4, sb->align);
	put_le(raw + SB_PAGE_SIZE, 4, sb->page_size);
	put_le(raw + SB_PAGE_STRUCT_SIZE, 2, sb->page_struct_size);
	put_le(raw + SB_CHECKSUM, 8, sb_checksum(raw));
	return nd_media_write(m, ND_INFO_BLOCK_OFFSET, raw, sizeof(raw));
}
