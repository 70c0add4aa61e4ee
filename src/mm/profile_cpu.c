// SPDX-License-Identifier: MIT
/*
 * CPU facts of the kernel builds memhp models (memhp/profile.h): the CPU
 * hotplug states each build registers, and what each makes of the vCPU
 * that QEMU 7.2 gives a TCG guest (AuthenticAMD, family 15, model 107:
 * qemu64 and max alike).  Read off the oracle's guests (hotplug/states,
 * the cpu modalias and the vulnerability files): they are build data, the
 * same on every machine, as Kconfig is.
 */
#include <stddef.h>

#include "memhp/profile.h"
#include "mm/internal.h"

const struct cpuhp_state_desc cpuhp_states_6_1[] = {
	{ 0, "offline", false }, { 1, "threads:prepare", false }, { 2, "perf:prepare", false }, { 9, "x86/mce:dead", false },
	{ 11, "slub:dead", false }, { 13, "mm/writeback:dead", false }, { 15, "mm/vmstat:dead", false }, { 16, "softirq:dead", false },
	{ 21, "irq_poll:dead", false }, { 22, "block/softirq:dead", false }, { 23, "block/bio:dead", false },
	{ 24, "acpi/cpu-drv:dead", false }, { 26, "block/mq:dead", false }, { 27, "fs/buffer:dead", false }, { 28, "printk:dead", false },
	{ 29, "mm/memctrl:dead", false }, { 31, "lib/percpu_cnt:dead", false }, { 32, "lib/radix:dead", false },
	{ 33, "mm/page_alloc:pcp", false }, { 34, "net/dev:dead", false }, { 36, "iommu/iova:dead", false }, { 40, "random:prepare", false },
	{ 41, "workqueue:prepare", false }, { 43, "hrtimers:prepare", false }, { 46, "smpcfd:prepare", false }, { 47, "relay:prepare", false },
	{ 48, "slab:prepare", false }, { 50, "RCU/tree:prepare", false }, { 59, "base/topology:prepare", false },
	{ 62, "trace/RB:prepare", false }, { 64, "mm/zswap:prepare", false }, { 65, "mm/zswap_pool:prepare", false },
	{ 68, "timers:prepare", false }, { 70, "fork:vm_stack_cache", false }, { 91, "cpu:bringup", false }, { 92, "idle:dead", false },
	{ 93, "ap:offline", false }, { 94, "sched:starting", false }, { 95, "RCU/tree:dying", false }, { 148, "smpcfd:dying", false },
	{ 149, "hrtimers:dying", false }, { 152, "ap:online", false }, { 153, "cpu:teardown", false }, { 155, "sched:waitempty", false },
	{ 156, "smpboot/threads:online", false }, { 158, "irq/affinity:online", false }, { 159, "block/mq:online", false },
	{ 162, "perf:online", false }, { 196, "lockup_detector:online", false }, { 197, "workqueue:online", false },
	{ 198, "random:online", false }, { 199, "RCU/tree:online", false }, { 200, "base/cacheinfo:online", false },
	{ 201, "mm/writeback:online", false }, { 202, "mm/vmstat:online", false }, { 203, "padata:online", false },
	{ 204, "mm/compaction:online", false }, { 205, "io-wq/online", false }, { 206, "lib/percpu_cnt:online", false },
	{ 207, "acpi/cpu-drv:online", false }, { 208, "leds/trigger:starting", false }, { 209, "x86/mce:online", false },
	{ 210, "printk:online", false }, { 235, "sched:active", false }, { 236, "online", false },
	{ 0, NULL, false },
};

const struct cpuhp_state_desc cpuhp_states_6_12[] = {
	{ 0, "offline", false }, { 1, "threads:prepare", false }, { 2, "perf:prepare", false }, { 8, "x86/mce:dead", false },
	{ 11, "slub:dead", false }, { 13, "mm/writeback:dead", false }, { 14, "mm/vmstat:dead", false }, { 15, "softirq:dead", false },
	{ 20, "irq_poll:dead", false }, { 21, "block/softirq:dead", false }, { 22, "block/bio:dead", false },
	{ 23, "acpi/cpu-drv:dead", false }, { 25, "block/mq:dead", false }, { 26, "fs/buffer:dead", false }, { 27, "printk:dead", false },
	{ 28, "mm/memctrl:dead", false }, { 29, "lib/percpu_cnt:dead", false }, { 30, "lib/radix:dead", false },
	{ 31, "mm/page_alloc:pcp", false }, { 32, "net/dev:dead", false }, { 34, "iommu/iova:dead", false }, { 37, "random:prepare", false },
	{ 38, "workqueue:prepare", false }, { 40, "hrtimers:prepare", false }, { 42, "smpcfd:prepare", false }, { 43, "relay:prepare", false },
	{ 45, "RCU/tree:prepare", false }, { 53, "base/topology:prepare", false }, { 56, "trace/RB:prepare", false },
	{ 57, "mm/zsmalloc:prepare", false }, { 61, "timers:prepare", false }, { 62, "tmigr:prepare", true },
	{ 64, "fork:vm_stack_cache", false }, { 65, "crash/cpuhp", false }, { 85, "cpu:kick_ap", false }, { 86, "cpu:bringup", false },
	{ 87, "idle:dead", false }, { 88, "ap:offline", false }, { 89, "x86/cachectrl:starting", false }, { 90, "sched:starting", false },
	{ 91, "RCU/tree:dying", false }, { 139, "smpcfd:dying", false }, { 140, "hrtimers:dying", false }, { 141, "tick:dying", false },
	{ 144, "ap:online", false }, { 145, "cpu:teardown", false }, { 149, "sched:waitempty", false },
	{ 150, "smpboot/threads:online", false }, { 151, "irq/affinity:online", false }, { 152, "block/mq:online", false },
	{ 155, "perf:online", false }, { 186, "tmigr:online", true }, { 187, "lockup_detector:online", false },
	{ 188, "workqueue:online", false }, { 189, "random:online", false }, { 190, "RCU/tree:online", false },
	{ 191, "base/cacheinfo:online", false }, { 192, "mm/writeback:online", false }, { 193, "mm/vmstat:online", false },
	{ 194, "padata:online", false }, { 195, "mm/compaction:online", false }, { 196, "io-wq/online", false },
	{ 197, "lib/percpu_cnt:online", false }, { 198, "leds/trigger:starting", false }, { 199, "acpi/cpu-drv:online", false },
	{ 200, "x86/mce:online", false }, { 201, "printk:online", false }, { 235, "sched:active", false }, { 236, "online", false },
	{ 0, NULL, false },
};

/* both builds report the same for the TCG vCPU */
static const struct cpu_vulnerability tcg_amd_vulnerabilities[] = {
	{ "gather_data_sampling", "Not affected" },
	{ "indirect_target_selection", "Not affected" },
	{ "itlb_multihit", "Not affected" },
	{ "l1tf", "Not affected" },
	{ "mds", "Not affected" },
	{ "meltdown", "Not affected" },
	{ "mmio_stale_data", "Not affected" },
	{ "reg_file_data_sampling", "Not affected" },
	{ "retbleed", "Not affected" },
	{ "spec_rstack_overflow", "Not affected" },
	{ "spec_store_bypass", "Not affected" },
	{ "spectre_v1", "Mitigation: usercopy/swapgs barriers and __user pointer sanitization" },
	{ "spectre_v2", "Mitigation: Retpolines; STIBP: disabled; RSB filling; PBRSB-eIBRS: Not affected; BHI: Not affected" },
	{ "srbds", "Not affected" },
	{ "tsa", "Not affected" },
	{ "tsx_async_abort", "Not affected" },
	{ "vmscape", "Not affected" },
	{ NULL, NULL },
};

const struct kernel_cpu_view cpu_views_6_1[] = {
	{
		.amd = true, .family = 15, .model = 107,
		.features = ",0000,0002,0003,0004,0005,0006,0007,0008,0009,000B,000C,000D,000E,000F,0010,0011,0013,0016,0017,0018"
			    ",0019,001A,001B,001C,0020,0022,0023,0024,0025,0026,0027,0028,0029,002B,002C,002D,002E,002F,0030,0031"
			    ",0034,0036,0037,0038,003A,003B,003D,003E,003F,0064,006E,0070,0072,0074,0075,0079,007A,0080,0081,0083"
			    ",0089,008C,008D,0093,0094,0096,0097,0099,009A,009B,009C,009D,009E,009F,00C0,00C1,00C2,00C4,00C5,00C6"
			    ",00C8,00ED,00F3,010F,0120,0123,0125,0127,0128,0129,012E,0133,0134,0136,0137,0138,0140,0142,0165,016C"
			    ",01C2,01E0,01F0,01FC,0202,0203,0204,0209,0210,021F",
		.vulnerabilities = tcg_amd_vulnerabilities,
	},
	{ .features = NULL },
};

const struct kernel_cpu_view cpu_views_6_12[] = {
	{
		.amd = true, .family = 15, .model = 107,
		.features = ",0000,0002,0003,0004,0005,0006,0007,0008,0009,000B,000C,000D,000E,000F,0010,0011,0013,0016,0017,0018"
			    ",0019,001A,001B,001C,0020,0022,0023,0024,0025,0026,0027,0028,0029,002B,002C,002D,002E,002F,0030,0031"
			    ",0034,0036,0037,0038,003A,003B,003D,003E,003F,0064,006E,0070,0074,0075,0076,0079,007A,0080,0081,0083"
			    ",0089,008C,008D,0093,0094,0096,0097,0099,009A,009B,009C,009D,009E,009F,00C0,00C1,00C2,00C4,00C5,00C6"
			    ",00C8,00ED,00F3,010F,0120,0123,0125,0127,0128,0129,012E,0133,0134,0136,0137,0138,0140,0142,0165,016C"
			    ",01C2,01E0,01F0,01FC,0202,0203,0204,0209,0210,021F,0282",
		.vulnerabilities = tcg_amd_vulnerabilities,
	},
	{ .features = NULL },
};
