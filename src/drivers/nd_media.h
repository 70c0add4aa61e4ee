// SPDX-License-Identifier: MIT
/*
 * A namespace's media (what nvdimm_read_bytes() and nvdimm_write_bytes()
 * reach, and what the pmem block device reads and writes) and the info
 * block libnvdimm keeps on it (struct nd_pfn_sb, drivers/nvdimm/pfn.h).
 * Private to the nvdimm driver files.
 *
 * The media is sparse: only the 4 KiB pages something wrote are held, every
 * other byte reads as zero (a fresh legacy PMEM range is guest RAM that
 * QEMU zeroed).
 */
#ifndef MEMHP_DRIVERS_ND_MEDIA_H
#define MEMHP_DRIVERS_ND_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Invariant: @index is sorted ascending without duplicates; @page[i] holds
 * the 4 KiB at offset @index[i] * 4096.
 */
struct nd_media {
	uint64_t *index;
	uint8_t **page;
	size_t nr, cap;
};

/* where nd_pfn_init() puts the info block, and its size (SZ_4K both) */
#define ND_INFO_BLOCK_OFFSET 4096
#define ND_INFO_BLOCK_SIZE 4096

/* the info block's fields the kernel reads back (nd_pfn_validate()) */
struct nd_info_block {
	bool dax;			/* DAX_SIG; else PFN_SIG */
	uint8_t uuid[16];		/* the pfn or dax device's */
	uint8_t parent_uuid[16];	/* the namespace's (zero for an io namespace) */
	uint16_t version_minor;
	uint32_t mode;			/* enum nd_dax_mode: 1 ram, 2 pmem */
	uint64_t dataoff, npfns;
	uint32_t start_pad, end_trunc, align;
	uint32_t page_size;
	uint16_t page_struct_size;
};

/** nd_media_read() - @len bytes at @off into @buf (zeros where nothing was written) */
void nd_media_read(const struct nd_media *m, uint64_t off, void *buf, size_t len);
/** nd_media_write() - @len bytes of @buf at @off. Return: 0 or -ENOMEM (nothing changed then). */
int nd_media_write(struct nd_media *m, uint64_t off, const void *buf, size_t len);
/** nd_media_free() - drop every page */
void nd_media_free(struct nd_media *m);

/**
 * nd_info_block_read() - the info block at ND_INFO_BLOCK_OFFSET, if one of
 * the kind @dax is there: the signature matches and so does the checksum
 * (nd_sb_checksum()).  Fields of older minor versions get the defaults
 * nd_pfn_validate() gives them.
 * Return: true and @sb filled, or false (-ENODEV to the caller).
 */
bool nd_info_block_read(const struct nd_media *m, bool dax, struct nd_info_block *sb);
/** nd_info_block_write() - @sb as nd_pfn_init() writes it (version 1.4, checksummed). Return: 0 or -ENOMEM. */
int nd_info_block_write(struct nd_media *m, const struct nd_info_block *sb);

#endif
