// SPDX-License-Identifier: MIT
/* /proc/iomem: the resource tree, two spaces of indent per level (kernel/resource.c's r_show()). */
#include "lib/seq_buf.h"
#include "memhp/mm.h"
#include "procfs/procfs.h"

static void iomem_line(void *opaque, int depth, uint64_t start, uint64_t end, const char *name)
{
	seq_buf_printf(opaque, "%*s%08llx-%08llx : %s\n", depth * 2, "", (unsigned long long)start,
		       (unsigned long long)end, name);
}

void iomem_show(struct kernel *k, struct seq_buf *m)
{
	iomem_walk(k, iomem_line, m);
}
