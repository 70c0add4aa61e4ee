// SPDX-License-Identifier: MIT
/* The files of /proc the model has (procfs.h). */
#include <string.h>

#include "lib/util.h"
#include "procfs/procfs.h"

static const struct proc_file proc_root_files[] = {
	{ "buddyinfo", 0444, buddyinfo_show },
	{ "iomem", 0444, iomem_show },
	{ "meminfo", 0444, meminfo_proc_show },
	{ "pagetypeinfo", 0400, pagetypeinfo_show },
	{ "vmstat", 0444, vmstat_show },
	{ "zoneinfo", 0444, zoneinfo_show },
};

const struct proc_file *proc_lookup(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(proc_root_files); i++)
		if (!strcmp(proc_root_files[i].name, name))
			return &proc_root_files[i];
	return NULL;
}

const struct proc_file *proc_file_at(size_t i)
{
	return i < ARRAY_SIZE(proc_root_files) ? &proc_root_files[i] : NULL;
}
