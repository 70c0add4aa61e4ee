// SPDX-License-Identifier: MIT
/*
 * /proc/meminfo in Linux 6.1's order (fs/proc/meminfo.c).  The model keeps
 * no page cache, swap or hugetlb pages; anonymous memory counts as
 * inactive, as freshly faulted pages are; the direct-map lines are left out.
 */
#include "lib/seq_buf.h"
#include "lib/util.h"
#include "memhp/mm.h"
#include "procfs/procfs.h"

static void meminfo_line(struct seq_buf *m, const char *name, unsigned long long kb)
{
	seq_buf_printf(m, "%-16s%8llu kB\n", name, kb);
}

static void meminfo_zero_lines(struct seq_buf *m, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		meminfo_line(m, names[i], 0);
}

void meminfo_proc_show(struct kernel *k, struct seq_buf *m)
{
	static const char *const zero_a[] = { "Buffers:", "Cached:", "SwapCached:", "Active:" };
	static const char *const zero_b[] = { "Active(file):", "Inactive(file):", "Unevictable:", "Mlocked:",
					       "SwapTotal:", "SwapFree:", "Zswap:", "Zswapped:", "Dirty:",
					       "Writeback:" };
	static const char *const zero_c[] = { "KernelStack:", "PageTables:", "SecPageTables:", "NFS_Unstable:",
					       "Bounce:", "WritebackTmp:" };
	static const char *const zero_d[] = { "ShmemHugePages:", "ShmemPmdMapped:", "FileHugePages:",
					       "FilePmdMapped:" };
	static const char *const hugetlb[] = { "HugePages_Total:", "HugePages_Free:", "HugePages_Rsvd:",
						"HugePages_Surp:" };
	unsigned long long total = totalram_pages(k) * 4;
	struct meminfo_counts c;

	si_meminfo_counts(k, &c);
	meminfo_line(m, "MemTotal:", total);
	meminfo_line(m, "MemFree:", global_free_pages(k) * 4);
	meminfo_line(m, "MemAvailable:", c.available * 4);
	meminfo_zero_lines(m, zero_a, ARRAY_SIZE(zero_a));
	meminfo_line(m, "Inactive:", c.anon * 4);
	meminfo_line(m, "Active(anon):", 0);
	meminfo_line(m, "Inactive(anon):", c.anon * 4);
	meminfo_zero_lines(m, zero_b, ARRAY_SIZE(zero_b));
	meminfo_line(m, "AnonPages:", c.anon * 4);
	meminfo_line(m, "Mapped:", 0);
	meminfo_line(m, "Shmem:", 0);
	meminfo_line(m, "KReclaimable:", c.slab_reclaimable * 4);
	meminfo_line(m, "Slab:", (c.slab_reclaimable + c.slab_unreclaimable) * 4);
	meminfo_line(m, "SReclaimable:", c.slab_reclaimable * 4);
	meminfo_line(m, "SUnreclaim:", c.slab_unreclaimable * 4);
	meminfo_zero_lines(m, zero_c, ARRAY_SIZE(zero_c));
	meminfo_line(m, "CommitLimit:", total / 2);	/* no swap, overcommit_ratio 50 */
	meminfo_line(m, "Committed_AS:", c.anon * 4);
	meminfo_line(m, "VmallocTotal:", 13743895347199ULL);	/* 5-level paging, as the reference guest */
	meminfo_line(m, "VmallocUsed:", 0);
	meminfo_line(m, "VmallocChunk:", 0);
	meminfo_line(m, "Percpu:", 0);
	meminfo_line(m, "HardwareCorrupted:", 0);
	meminfo_line(m, "AnonHugePages:", c.anon_huge * 4);
	meminfo_zero_lines(m, zero_d, ARRAY_SIZE(zero_d));
	for (size_t i = 0; i < ARRAY_SIZE(hugetlb); i++)
		seq_buf_printf(m, "%-16s%8u\n", hugetlb[i], 0);
	meminfo_line(m, "Hugepagesize:", 2048);
	meminfo_line(m, "Hugetlb:", 0);
}
