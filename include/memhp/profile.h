// SPDX-License-Identifier: MIT
/*
 * Kernel profiles: which Linux the guest model is.  A profile is data, as
 * Kconfig is: the version's name, the build options that change behaviour
 * (struct kernel_config) and the features that version has (enum
 * kernel_feature).  Code that differs between versions asks
 * kernel_has(k, KF_...) or reads k's config where the kernel itself makes
 * the choice, never a version number.  A third profile is a table entry in
 * src/mm/profile.c plus the code of its genuinely new features.
 */
#ifndef MEMHP_PROFILE_H
#define MEMHP_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "memhp/err.h"
#include "memhp/mm.h"

/* Behaviour a kernel version has or lacks (the version it came with). */
enum kernel_feature {
	/* /sys/devices/system/memory/crash_hotplug (6.5, CONFIG_CRASH_HOTPLUG) */
	KF_CRASH_HOTPLUG,
	/* nodeN/memory_failure/ statistics (6.8, CONFIG_MEMORY_FAILURE) */
	KF_NODE_MEMORY_FAILURE,
	/*
	 * memmap_on_memory per memory block (6.6): an add of any number of
	 * blocks gets one altmap per block, support no longer depends on the
	 * add's size, and an unsupported request falls back to a memmap
	 * allocated elsewhere instead of failing
	 */
	KF_MEMMAP_ON_MEMORY_PER_BLOCK,
	/*
	 * memory_hotplug.memmap_on_memory=force (6.6): the per-block memmap is
	 * padded to whole pageblocks; the parameter reads "force" and needs a
	 * value
	 */
	KF_MEMMAP_ON_MEMORY_FORCE,
	/* daxX.Y/memmap_on_memory: kmem adds a dax device's memory with its memmap on it (6.10) */
	KF_DAX_MEMMAP_ON_MEMORY,
	/*
	 * nodeN/meminfo with FileHugePages/FilePmdMapped aligned like the other
	 * lines, and Unaccepted (CONFIG_UNACCEPTED_MEMORY, 6.5) after them
	 */
	KF_NODE_MEMINFO_UNACCEPTED,
	/*
	 * nd_pfn_init() refuses a data offset at or past the namespace's size
	 * less its end truncation, unsigned as the kernel computes it, and
	 * nd_pfn_validate() checks the same of an info block (6.4)
	 */
	KF_ND_PFN_END_TRUNC,
	/* hv_balloon hot-adds in memory blocks, not 128 MiB chunks (6.9) */
	KF_HV_BALLOON_BLOCK_CHUNK,
	/*
	 * kmem, having removed a device's memory, lets its node's memory type
	 * go whichever type it is (clear_node_memory_type(node, NULL))
	 */
	KF_KMEM_CLEAR_ANY_MEMTYPE,
	/* virtio_mem's bbm_safe_unplug parameter (gone in 6.12: always safe) */
	KF_VIRTIO_MEM_BBM_SAFE_UNPLUG,
	/*
	 * ACPI Device Check on a device without a driver rescans its parent
	 * (6.5): every present sibling that has no driver yet, such as a DIMM
	 * whose add failed at boot, is tried again
	 */
	KF_ACPI_DEVICE_CHECK_RESCAN_PARENT,
	/* /sys/devices/system/cpu/enabled (6.10) */
	KF_CPU_ENABLED,
	/*
	 * /proc/vmstat's 6.12 counters: unaccepted, IOMMU and memmap pages,
	 * demotion as a node counter, khugepaged's scans, zero-page swap
	 */
	KF_VMSTAT_612,
	/* a disk's partscan attribute (6.10) */
	KF_BLK_PARTSCAN_ATTR,
	/* queue/atomic_write_* of every disk (6.11) */
	KF_BLK_ATOMIC_WRITE_ATTRS,
	/*
	 * a bio-based queue (pmem's) has no nr_requests, rq_affinity,
	 * scheduler or wbt_lat_usec, and io_poll_delay reads -1 (6.11)
	 */
	KF_BLK_BIO_QUEUE_NO_MQ_ATTRS,
	/* integrity/read_verify and write_generate read 1 on a disk without a profile (6.11) */
	KF_BLK_INTEGRITY_VERIFY_DEFAULT_ON,
	/* a bdi's min_bytes, max_bytes, min_ratio_fine, max_ratio_fine and strict_limit (6.2) */
	KF_BDI_BYTES_AND_FINE_RATIOS,
	/*
	 * the boot CPU's hotplug target is CPUHP_ONLINE, as the other CPUs'
	 * (6.5's parallel bring-up; before, it stayed at CPUHP_OFFLINE, 0)
	 */
	KF_CPUHP_BOOT_CPU_TARGET,
	NR_KERNEL_FEATURES
};

/*
 * A state of the CPU hotplug state machine as the build registers it at
 * boot (kernel/cpu.c's static states and the dynamic ones its built-in
 * code sets up); the last one is CPUHP_ONLINE.
 */
struct cpuhp_state_desc {
	int nr;
	const char *name;
	bool smp_only;		/* set up only when more than one CPU is possible */
};

/* A CPU vulnerability file and what the build reports for a CPU model. */
struct cpu_vulnerability {
	const char *name;
	const char *state;
};

/*
 * What the build's arch/x86 code makes of a CPU model (vendor, family,
 * model): the X86_FEATURE_* bits it ends up with (CPUID's, the synthetic
 * ones and the bug bits, numbered as this build numbers them) and the
 * vulnerability files.  Only models the oracle runs are described.
 */
struct kernel_cpu_view {
	bool amd;
	unsigned int family, model;
	const char *features;	/* the modalias's list: ",0000,0002,..." */
	const struct cpu_vulnerability *vulnerabilities;	/* { NULL }-terminated */
};

/* A parameter of a module, as /sys/module/NAME/parameters/PARAM reads after boot. */
struct module_param_desc {
	const char *name;
	const char *value;	/* the file's text, newline included */
};

/*
 * A module of the build as /sys/module shows it.  A built-in one is there
 * from boot when it has parameters, a version or drivers; a loadable one
 * appears when it is loaded (the module table says when) and adds what
 * its image has: core size and allocated sections.
 */
struct module_desc {
	const char *name;
	bool builtin;
	const char *version;			/* MODULE_VERSION(), or NULL */
	const char *srcversion;			/* the image's srcversion, or NULL */
	const struct module_param_desc *params;	/* { NULL }-terminated, or NULL */
	const char *const *drivers;		/* a built-in's drivers, "bus:driver", NULL-terminated */
	unsigned int coresize;			/* bytes */
	const char *const *sections;		/* NULL-terminated */
};

/*
 * A node of /sys that belongs to a device memhp does not model (the
 * platform's character devices and their parents), as the build shows it
 * on QEMU's pc machine.  A table of them is sorted by path.
 */
struct static_node {
	const char *path;
	enum static_node_kind {
		SN_DIR,
		SN_FILE,	/* @value: the file's text */
		SN_LINK,	/* @value: the absolute target */
		SN_POWER,	/* a device's power/ */
		SN_POWER_WAKEUP,	/* the power/ of a device that can wake the system (wakeup disabled) */
		SN_ERROR,	/* a file whose read fails with the errno named by @value ("ENODEV") */
		SN_RTC,		/* the clock's "date", "time" or "since_epoch" (@value): the host's UTC time */
	} kind;
	const char *value;
};

/* A build's static nodes, sorted by path, with their number (lookups bisect it). */
struct static_node_table {
	const struct static_node *nodes;
	long nr;
};

/*
 * The sizes of a build's early boot allocations that decide where its
 * percpu first chunk lands (src/mm/memblock.c, percpu.c), read off the
 * reference guest booted with memblock=debug.
 */
struct kernel_boot_layout {
	uint32_t node_data_bytes;		/* NODE_DATA() of a node with memory (6.1 rounds it to pages) */
	uint32_t offline_node_data_bytes;	/* sizeof(pg_data_t): the pgdat of a node without memory */
	uint32_t section_roots_bytes;		/* the mem_section root array */
	uint32_t section_usage_bytes;		/* mem_section_usage_size(): per present section */
	uint32_t percpu_unit_min_bytes;		/* static + reserved + dynamic areas, page aligned */
	/*
	 * crash_notes' offset in its CPU's unit: the first 512-byte-aligned
	 * slot free after the boot's earlier dynamic percpu allocations, as
	 * the build leaves it on a one-node machine with up to three CPUs and
	 * no memory above 4 GiB (elsewhere those allocations move it)
	 */
	uint32_t crash_notes_offset;
	uint32_t crash_notes_bytes;		/* sizeof(note_buf_t) */
	uint32_t initrd_bytes;			/* the initramfs the reference guest boots with */
};

/* The build options of a kernel that change what memhp models. */
struct kernel_config {
	/*
	 * the default online type of hot-added memory (auto_online_blocks):
	 * 6.1's CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE, 6.12's
	 * CONFIG_MHP_DEFAULT_ONLINE_TYPE_* choice
	 */
	enum mmop default_online_type;
	/*
	 * guest modules this build has built in (=y) although the module table
	 * lists them as loadable, NULL-terminated; they load at boot
	 */
	const char *const *builtin_modules;
	/*
	 * the dynamic character-device major the build's registration order
	 * gives libnvdimm's control device ndctl0
	 */
	int nd_ctl_major;
	/* the CPU hotplug states, in order, { 0, NULL }-terminated */
	const struct cpuhp_state_desc *cpuhp_states;
	/* the CPU models this build has been seen on, { .features = NULL }-terminated */
	const struct kernel_cpu_view *cpu_views;
	/* /sys/module's modules, { .name = NULL }-terminated (profile_modules_*.c) */
	const struct module_desc *modules;
	/* /sys/module/compression (6.x's CONFIG_MODULE_DECOMPRESS), NULL: no such file */
	const char *module_compression;
	/* virtio drivers the build has built in that memhp does not model (no device of theirs), NULL-terminated */
	const char *const *virtio_builtin_drivers;
	/* the platform's devices memhp does not model */
	const struct static_node_table *platform_nodes;
	struct kernel_boot_layout boot;
};

struct kernel_profile {
	const char *name;		/* what --kernel takes: "6.1" */
	const char *description;	/* "Debian 12's Linux 6.1" */
	uint32_t features;		/* 1 << enum kernel_feature */
	struct kernel_config config;
};

/* The profiles memhp models, oldest first; the first is the default. */
extern const struct kernel_profile kernel_profiles[];
extern const int nr_kernel_profiles;

/**
 * kernel_profile_parse() - a profile from --kernel's argument
 * @spec: "NAME[,OPTION=VALUE...]": a profile's name, then build options
 *	that differ from its kernel's (default_online_type=offline|online|
 *	online_kernel|online_movable)
 * @out: the profile, config overridden as @spec says
 * @err: what is wrong with @spec
 *
 * Return: 0, or -EINVAL (unknown name or option, bad value; @out untouched).
 */
int kernel_profile_parse(const char *spec, struct kernel_profile *out, struct memhp_err *err);

/** kernel_profile_of() - the profile @k was booted with */
const struct kernel_profile *kernel_profile_of(const struct kernel *k);

/** kernel_has() - whether @k's kernel version has @f */
bool kernel_has(const struct kernel *k, enum kernel_feature f);

#endif
