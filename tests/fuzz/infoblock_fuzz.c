// SPDX-License-Identifier: MIT
/*
 * Fuzz target for the pfn/dax info block as the kernel reads it back
 * (src/drivers/nd_media.c, src/drivers/pfn_devs.c) and the probes that act
 * on it (nd_pfn_probe(), nd_dax_probe() in src/drivers/nvdimm.c).  The
 * machine: -m 2G with memmap=256M!0x50000000 and nd_e820, nd_pmem,
 * dax_pmem and device_dax loaded, so namespace0.0 is the disk pmem0.
 *
 *   byte 0   bit 0: the rest is the fields of a block written with a
 *            good checksum (nd_info_block_write()); else the rest is
 *            copied raw to the block's 4 KiB.  bit 1: DAX_SIG, else
 *            PFN_SIG (structured only).  bit 2: also re-probe the whole
 *            region (nd_region unbind and bind).
 *   then     structured: uuid[16], mode, align (byte: 4K/2M/1G/raw),
 *            dataoff (le32, times 4 KiB), end_trunc, start_pad (le32
 *            each), page_size, page_struct_size (le16 each); missing
 *            bytes read as 0.
 *
 * The bytes go through /dev/pmem0 at offset 4096; then namespace0.0 is
 * re-bound (it may be taken over by a pfn or dax device made from the
 * block, or refuse the block), and the model must stay consistent: its
 * invariants, what the guest shows, and (one input in 8) the whole tree.
 *
 * Built with -DFUZZ_TARGET this is a libFuzzer target; otherwise main()
 * replays the files named on the command line (infoblock_files/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/nd_media.h"
#include "fuzz_util.h"
#include "memhp/drivers.h"
#include "memhp/machine.h"
#include "memhp/mm.h"
#include "memhp/sysfs.h"
#include "snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *data;
	size_t size, pos;
};

static uint64_t next_le(struct input *in, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++, in->pos++)
		v |= (uint64_t)(in->pos < in->size ? in->data[in->pos] : 0) << (8 * i);
	return v;
}

static void write_sysfs(struct kernel *k, const char *path, const char *value)
{
	struct memhp_err err = { 0 };
	int ret = sysfs_write(k, path, value, strlen(value), &err);

	fuzz_log("write %s %s: %d %s", path, value, ret, err.msg);
}

/* the block's 4 KiB as the input gives them */
static void block_bytes(struct input *in, uint8_t flags, uint8_t *out)
{
	static const uint32_t aligns[] = { 4096, 2 << 20, 1 << 30 };
	struct nd_media media = { 0 };
	struct nd_info_block sb = { .dax = flags & 2 };
	uint8_t a;

	if (!(flags & 1)) {
		size_t n = in->size - in->pos < ND_INFO_BLOCK_SIZE ? in->size - in->pos : ND_INFO_BLOCK_SIZE;

		memset(out, 0, ND_INFO_BLOCK_SIZE);
		memcpy(out, in->data + in->pos, n);
		return;
	}
	for (int i = 0; i < 16; i++)
		sb.uuid[i] = (uint8_t)next_le(in, 1);
	sb.mode = (uint32_t)next_le(in, 1);
	a = (uint8_t)next_le(in, 1);
	sb.align = a < 3 ? aligns[a] : (uint32_t)a << 12;
	sb.dataoff = next_le(in, 4) << 12;
	sb.end_trunc = (uint32_t)next_le(in, 4);
	sb.start_pad = (uint32_t)next_le(in, 4);
	sb.page_size = (uint32_t)next_le(in, 2);
	sb.page_struct_size = (uint16_t)next_le(in, 2);
	if (nd_info_block_write(&media, &sb))
		fuzz_fail("infoblock", "out of memory writing the block");
	nd_media_read(&media, ND_INFO_BLOCK_OFFSET, out, ND_INFO_BLOCK_SIZE);
	nd_media_free(&media);
}

static struct machine *boot(const void *arg)
{
	static const char *const argv[] = { "-m", "2G", "-smp", "1" };
	static const char *const modules[] = { "nd_e820", "nd_pmem", "dax_pmem", "device_dax" };
	struct memhp_err err = { 0 };
	struct machine *m;

	(void)arg;
	if (machine_new(argv, sizeof(argv) / sizeof(argv[0]), "memmap=256M!0x50000000", &m, &err))
		fuzz_fail("infoblock", "boot failed: %s", err.msg);
	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++)
		if (kernel_modprobe(machine_kernel(m), modules[i]))
			fuzz_fail("infoblock", "modprobe %s failed", modules[i]);
	machine_run_guest(m);
	fuzz_drain_events(m);
	return m;
}

static struct machine *machine;
static struct fuzz_snapshot *booted;
static char *reference;
static unsigned long nr_inputs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { .data = data, .size = size };
	uint8_t flags = (uint8_t)next_le(&in, 1), block[ND_INFO_BLOCK_SIZE], back[ND_INFO_BLOCK_SIZE];
	struct kernel *k;
	bool deep;

	if (!booted)
		machine = fuzz_snapshot_boot(boot, NULL, &booted, &reference, "infoblock");
	deep = fuzz_deep_due(nr_inputs);
	fuzz_snapshot_reset(booted, machine, reference, nr_inputs++, "infoblock");
	k = machine_kernel(machine);
	block_bytes(&in, flags, block);
	if (sysfs_dev_rw(k, "/dev/pmem0", ND_INFO_BLOCK_OFFSET, block, sizeof(block), true) != (ssize_t)sizeof(block))
		fuzz_fail("infoblock", "writing /dev/pmem0 failed");
	if (sysfs_dev_rw(k, "/dev/pmem0", ND_INFO_BLOCK_OFFSET, back, sizeof(back), false) != (ssize_t)sizeof(back) ||
	    memcmp(block, back, sizeof(block)))
		fuzz_fail("infoblock", "/dev/pmem0 does not read back what was written");
	write_sysfs(k, "/sys/bus/nd/drivers/nd_pmem/unbind", "namespace0.0");
	write_sysfs(k, "/sys/bus/nd/drivers/nd_pmem/bind", "namespace0.0");
	fuzz_check_views(k);
	if (flags & 4) {
		write_sysfs(k, "/sys/bus/nd/drivers/nd_region/unbind", "region0");
		write_sysfs(k, "/sys/bus/nd/drivers/nd_region/bind", "region0");
	}
	machine_run_guest(machine);
	fuzz_drain_events(machine);
	fuzz_check_model(k);
	if (deep)
		fuzz_check_tree(k);
	fuzz_arena_set(false);
	return 0;
}

#ifndef FUZZ_TARGET
/**
 * main() - Replay corpus files through the fuzz target.
 * @argc: argument count.
 * @argv: paths of input files.
 *
 * Return: 0 if every file was read and checked, 1 if a file could not be read.
 */
int main(int argc, char **argv)
{
	return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput);
}
#endif
