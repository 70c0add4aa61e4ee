// SPDX-License-Identifier: MIT
/*
 * The guest's /proc files (what the public sysfs_read() shows under /proc):
 * each one a name, a mode and a show function that prints the whole file.
 * proc.c lists them; each lives where Linux keeps it (/proc/meminfo in
 * meminfo.c, /proc/zoneinfo in zoneinfo.c as in mm/vmstat.c, /proc/iomem in
 * iomem.c as in kernel/resource.c).  Values come from memhp/mm.h only.
 */
#ifndef MEMHP_PROCFS_H
#define MEMHP_PROCFS_H

#include <stddef.h>

struct kernel;
struct seq_buf;

struct proc_file {
	const char *name;
	unsigned int mode;
	void (*show)(struct kernel *k, struct seq_buf *m);
};

/** proc_lookup() - the file /proc/@name, or NULL */
const struct proc_file *proc_lookup(const char *name);
/** proc_file_at() - the @i-th file of /proc, or NULL past the last (for readdir) */
const struct proc_file *proc_file_at(size_t i);

void meminfo_proc_show(struct kernel *k, struct seq_buf *m);
void zoneinfo_show(struct kernel *k, struct seq_buf *m);
void iomem_show(struct kernel *k, struct seq_buf *m);
void buddyinfo_show(struct kernel *k, struct seq_buf *m);
void pagetypeinfo_show(struct kernel *k, struct seq_buf *m);
void vmstat_show(struct kernel *k, struct seq_buf *m);

#endif
