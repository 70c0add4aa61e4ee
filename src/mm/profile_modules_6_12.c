// SPDX-License-Identifier: MIT
/*
 * /sys/module of Debian's 6.12 build (memhp/profile.h's struct module_desc):
 * the built-in modules it shows, with their parameters as they read after
 * boot, and the image of each loadable module memhp can load.  Written by
 * scripts/module-data/gen.py from modules-6.12.json; do not edit.
 */
#include <stddef.h>

#include "memhp/profile.h"
#include "mm/internal.h"

static const struct module_param_desc mod_8250_params[] = {
	{ "nr_uarts", "4\n" }, { "probe_rsa", "\n" }, { "share_irqs", "1\n" }, { "skip_txen_test", "0\n" },
	{ NULL, NULL },
};
static const char *const mod_8250_mid_drivers[] = {
	"pci:8250_mid", NULL,
};
static const char *const mod_8250_pci_drivers[] = {
	"pci:serial", NULL,
};
static const char *const mod_8250_pericom_drivers[] = {
	"pci:8250_pericom", NULL,
};
static const struct module_param_desc mod_acpi_params[] = {
	{ "acpica_version", "20240827\n" }, { "aml_debug_output", "0\n" }, { "ec_busy_polling", "N\n" },
	{ "ec_delay", "500\n" }, { "ec_event_clearing", "query\n" }, { "ec_freeze_events", "N\n" },
	{ "ec_max_queries", "16\n" }, { "ec_no_wakeup", "N\n" }, { "ec_polling_guard", "550\n" },
	{ "ec_storm_threshold", "8\n" }, { "immediate_undock", "Y\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_acpi_x86_params[] = {
	{ "sleep_no_lps0", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_acpiphp_params[] = {
	{ "disable", "N\n" }, { NULL, NULL },
};
static const char *const mod_amd64_agp_drivers[] = {
	NULL,
};
static const struct module_param_desc mod_apparmor_params[] = {
	{ "audit", "normal\n" }, { "audit_header", "Y\n" }, { "debug", "N\n" }, { "enabled", "Y\n" },
	{ "export_binary", "Y\n" }, { "hash_policy", "Y\n" }, { "lock_policy", "N\n" }, { "logsyscall", "N\n" },
	{ "mode", "enforce\n" }, { "paranoid_load", "Y\n" }, { "path_max", "8192\n" },
	{ "rawdata_compression_level", "3\n" }, { NULL, NULL },
};
static const char *const mod_atkbd_drivers[] = {
	"serio:atkbd", NULL,
};
static const struct module_param_desc mod_blk_cgroup_params[] = {
	{ "blkcg_debug_stats", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_block_params[] = {
	{ "events_dfl_poll_msecs", "0\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_clocksource_params[] = {
	{ "verify_n_cpus", "8\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_cpufreq_params[] = {
	{ "default_governor", "schedutil\n" }, { "off", "0\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_cpuidle_params[] = {
	{ "governor", "\n" }, { "off", "0\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_cpuidle_haltpoll_params[] = {
	{ "force", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_crc64_rocksoft_params[] = {
	{ "transform", "crc64-rocksoft-generic\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_crc_t10dif_params[] = {
	{ "transform", "crct10dif-generic\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_cryptomgr_params[] = {
	{ "notests", "N\n" }, { "panic_on_fail", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_cxl_core_params[] = {
	{ "media_ready_timeout", "60\n" }, { NULL, NULL },
};
static const char *const mod_cxl_core_drivers[] = {
	"cxl:cxl_region", NULL,
};
static const char *const mod_cxl_port_drivers[] = {
	"cxl:cxl_port", NULL,
};
static const struct module_param_desc mod_damon_lru_sort_params[] = {
	{ "aggr_interval", "100000\n" }, { "bytes_lru_sort_tried_cold_regions", "0\n" },
	{ "bytes_lru_sort_tried_hot_regions", "0\n" }, { "bytes_lru_sorted_cold_regions", "0\n" },
	{ "bytes_lru_sorted_hot_regions", "0\n" }, { "cold_min_age", "120000000\n" }, { "commit_inputs", "N\n" },
	{ "enabled", "N\n" }, { "hot_thres_access_freq", "500\n" }, { "kdamond_pid", "-1\n" },
	{ "max_nr_regions", "1000\n" }, { "min_nr_regions", "10\n" }, { "monitor_region_end", "0\n" },
	{ "monitor_region_start", "0\n" }, { "nr_cold_quota_exceeds", "0\n" }, { "nr_hot_quota_exceeds", "0\n" },
	{ "nr_lru_sort_tried_cold_regions", "0\n" }, { "nr_lru_sort_tried_hot_regions", "0\n" },
	{ "nr_lru_sorted_cold_regions", "0\n" }, { "nr_lru_sorted_hot_regions", "0\n" }, { "quota_ms", "10\n" },
	{ "quota_reset_interval_ms", "1000\n" }, { "sample_interval", "5000\n" }, { "wmarks_high", "200\n" },
	{ "wmarks_interval", "5000000\n" }, { "wmarks_low", "50\n" }, { "wmarks_mid", "150\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_damon_reclaim_params[] = {
	{ "aggr_interval", "100000\n" }, { "bytes_reclaim_tried_regions", "0\n" },
	{ "bytes_reclaimed_regions", "0\n" }, { "commit_inputs", "N\n" }, { "enabled", "N\n" },
	{ "kdamond_pid", "-1\n" }, { "max_nr_regions", "1000\n" }, { "min_age", "120000000\n" },
	{ "min_nr_regions", "10\n" }, { "monitor_region_end", "0\n" }, { "monitor_region_start", "0\n" },
	{ "nr_quota_exceeds", "0\n" }, { "nr_reclaim_tried_regions", "0\n" }, { "nr_reclaimed_regions", "0\n" },
	{ "quota_autotune_feedback", "0\n" }, { "quota_mem_pressure_us", "0\n" }, { "quota_ms", "10\n" },
	{ "quota_reset_interval_ms", "1000\n" }, { "quota_sz", "134217728\n" }, { "sample_interval", "5000\n" },
	{ "skip_anon", "N\n" }, { "wmarks_high", "500\n" }, { "wmarks_interval", "5000000\n" },
	{ "wmarks_low", "200\n" }, { "wmarks_mid", "400\n" }, { NULL, NULL },
};
static const char *const mod_dax_pmem_sections[] = {
	".note.gnu.property", ".note.gnu.build-id", ".note.Linux", ".text", ".init.text", ".text.unlikely",
	".exit.text", ".rodata.str1.1", "__mcount_loc", ".return_sites", ".call_sites", ".orc_unwind",
	".orc_unwind_ip", ".orc_header", "__patchable_function_entries", ".data", ".exit.data", ".init.data",
	".gnu.linkonce.this_module", NULL,
};
static const char *const mod_device_dax_sections[] = {
	".note.gnu.property", ".note.gnu.build-id", ".note.Linux", ".orc_header", ".text", ".init.text",
	".text.unlikely", ".exit.text", ".rodata", "__mcount_loc", ".rodata.str1.1", ".rodata.str1.8",
	".return_sites", ".call_sites", ".ibt_endbr_seal", ".orc_unwind", ".orc_unwind_ip", "__bug_table",
	"__jump_table", "__patchable_function_entries", ".data", ".exit.data", ".init.data", "__dyndbg",
	".gnu.linkonce.this_module", NULL,
};
static const struct module_param_desc mod_device_hmem_params[] = {
	{ "disable", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_dynamic_debug_params[] = {
	{ "verbose", "0\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_ec_sys_params[] = {
	{ "write_support", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_edac_core_params[] = {
	{ "check_pci_errors", "0\n" }, { "edac_mc_log_ce", "1\n" }, { "edac_mc_log_ue", "1\n" },
	{ "edac_mc_panic_on_ue", "0\n" }, { "edac_mc_poll_msec", "1000\n" }, { "edac_pci_panic_on_pe", "0\n" },
	{ NULL, NULL },
};
static const struct module_param_desc mod_fb_params[] = {
	{ "lockless_register_fb", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_firmware_class_params[] = {
	{ "path", "\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_fscrypto_params[] = {
	{ "num_prealloc_crypto_pages", "32\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_fuse_params[] = {
	{ "allow_sys_admin_access", "N\n" }, { "max_user_bgreq", "621\n" }, { "max_user_congthresh", "621\n" },
	{ NULL, NULL },
};
static const struct module_param_desc mod_gpiolib_acpi_params[] = {
	{ "ignore_interrupt", "(null)\n" }, { "ignore_wake", "(null)\n" }, { "run_edge_events_on_boot", "1\n" },
	{ NULL, NULL },
};
static const struct module_param_desc mod_grant_table_params[] = {
	{ "free_per_iteration", "10\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_haltpoll_params[] = {
	{ "guest_halt_poll_allow_shrink", "Y\n" }, { "guest_halt_poll_grow", "2\n" },
	{ "guest_halt_poll_grow_start", "50000\n" }, { "guest_halt_poll_ns", "200000\n" },
	{ "guest_halt_poll_shrink", "2\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_hibernate_params[] = {
	{ "compressor", "lzo\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_i8042_params[] = {
	{ "debug", "N\n" }, { "unmask_kbd_data", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_ima_params[] = {
	{ "ahash_bufsize", "4096\n" }, { "ahash_minsize", "0\n" }, { NULL, NULL },
};
static const char *const mod_intel_agp_drivers[] = {
	"pci:agpgart-intel", NULL,
};
static const struct module_param_desc mod_intel_idle_params[] = {
	{ "force_irq_on", "N\n" }, { "ibrs_off", "N\n" }, { "max_cstate", "9\n" }, { "no_acpi", "N\n" },
	{ "preferred_cstates", "0\n" }, { "states_off", "0\n" }, { "use_acpi", "N\n" }, { NULL, NULL },
};
static const char *const mod_iosf_mbi_drivers[] = {
	"pci:iosf_mbi_pci", NULL,
};
static const struct module_param_desc mod_ipe_params[] = {
	{ "enforce", "Y\n" }, { "success_audit", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_ipv6_params[] = {
	{ "autoconf", "1\n" }, { "disable", "0\n" }, { "disable_ipv6", "0\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_kernel_params[] = {
	{ "consoleblank", "0\n" }, { "crash_kexec_post_notifiers", "N\n" }, { "ignore_rlimit_data", "N\n" },
	{ "initcall_debug", "N\n" }, { "module_blacklist", "(null)\n" }, { "panic", "-1\n" },
	{ "panic_on_warn", "0\n" }, { "panic_print", "0\n" }, { "pause_on_oops", "0\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_keyboard_params[] = {
	{ "brl_nbchords", "1\n" }, { "brl_timeout", "300\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_kfence_params[] = {
	{ "burst", "0\n" }, { "check_on_panic", "N\n" }, { "deferrable", "N\n" }, { "sample_interval", "0\n" },
	{ "skip_covered_thresh", "75\n" }, { NULL, NULL },
};
static const char *const mod_kmem_sections[] = {
	".text", ".text.unlikely", ".init.text", ".exit.text", ".note.gnu.property", ".note.gnu.build-id",
	".note.Linux", "__mcount_loc", ".rodata.str1.1", ".rodata.str1.8", ".return_sites", ".call_sites",
	".orc_unwind", ".orc_unwind_ip", ".orc_header", "__patchable_function_entries", ".data", ".exit.data",
	".init.data", ".gnu.linkonce.this_module", ".bss", NULL,
};
static const struct module_param_desc mod_libnvdimm_params[] = {
	{ "key_revalidate", "Y\n" }, { NULL, NULL },
};
static const char *const mod_libnvdimm_sections[] = {
	"__ksymtab", "__ksymtab_gpl", "__kcrctab", "__kcrctab_gpl", ".altinstructions", ".rodata", "__mcount_loc",
	".rodata.str1.1", ".smp_locks", ".rodata.str1.8", "__param", ".retpoline_sites", ".return_sites",
	".call_sites", ".ibt_endbr_seal", ".orc_unwind", ".orc_unwind_ip", ".note.gnu.property",
	".note.gnu.build-id", ".note.Linux", ".orc_header", "__ksymtab_strings", ".text", ".init.text",
	".exit.text", ".text.unlikely", ".altinstr_replacement", "__bug_table", "__jump_table",
	"__patchable_function_entries", ".data", ".exit.data", ".init.data", "__dyndbg", ".data..once",
	".data..read_mostly", ".static_call_sites", ".gnu.linkonce.this_module", ".bss", NULL,
};
static const struct module_param_desc mod_microcode_params[] = {
	{ "force_minrev", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_module_params[] = {
	{ "async_probe", "N\n" }, { "sig_enforce", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_mousedev_params[] = {
	{ "tap_time", "200\n" }, { "xres", "1024\n" }, { "yres", "768\n" }, { NULL, NULL },
};
static const char *const mod_nd_btt_sections[] = {
	"__ksymtab", "__kcrctab", ".rodata", "__mcount_loc", ".rodata.str1.1", ".rodata.str1.8", ".retpoline_sites",
	".return_sites", ".call_sites", ".orc_unwind", ".orc_unwind_ip", ".note.gnu.property", ".note.gnu.build-id",
	".note.Linux", ".orc_header", "__ksymtab_strings", ".text", ".init.text", ".exit.text", ".text.unlikely",
	"__bug_table", "__jump_table", "__patchable_function_entries", ".data", ".exit.data", ".init.data",
	"__dyndbg", ".data..once", ".static_call_sites", ".gnu.linkonce.this_module", ".bss", NULL,
};
static const char *const mod_nd_e820_sections[] = {
	".note.gnu.property", ".note.gnu.build-id", ".note.Linux", ".text", ".init.text", ".exit.text",
	"__mcount_loc", ".rodata.str1.1", ".rodata.str1.8", ".smp_locks", ".return_sites", ".call_sites",
	".orc_unwind", ".orc_unwind_ip", ".orc_header", "__patchable_function_entries", ".data", ".exit.data",
	".init.data", ".gnu.linkonce.this_module", ".bss", NULL,
};
static const char *const mod_nd_pmem_sections[] = {
	".note.gnu.property", ".note.gnu.build-id", ".note.Linux", ".orc_header", ".text", ".init.text",
	".exit.text", ".text.unlikely", ".rodata", "__mcount_loc", ".rodata.str1.1", ".smp_locks", ".rodata.str1.8",
	".return_sites", ".call_sites", ".ibt_endbr_seal", ".orc_unwind", ".orc_unwind_ip", "__bug_table",
	"__jump_table", "__patchable_function_entries", ".data", ".exit.data", ".init.data", ".data..once",
	"__dyndbg", ".static_call_sites", ".gnu.linkonce.this_module", NULL,
};
static const struct module_param_desc mod_netpoll_params[] = {
	{ "carrier_timeout", "4\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_nmi_backtrace_params[] = {
	{ "backtrace_idle", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_page_alloc_params[] = {
	{ "shuffle", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_page_reporting_params[] = {
	{ "page_reporting_order", "-1\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_pci_hotplug_params[] = {
	{ "debug", "N\n" }, { "debug_acpi", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_pcie_aspm_params[] = {
	{ "policy", "[default] performance powersave powersupersave\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_pciehp_params[] = {
	{ "pciehp_poll_mode", "N\n" }, { "pciehp_poll_time", "0\n" }, { NULL, NULL },
};
static const char *const mod_pcieportdrv_drivers[] = {
	"pci:pcieport", NULL,
};
static const char *const mod_platform_pci_drivers[] = {
	"pci:xen-platform-pci", NULL,
};
static const struct module_param_desc mod_printk_params[] = {
	{ "always_kmsg_dump", "N\n" }, { "console_no_auto_verbose", "N\n" }, { "console_suspend", "Y\n" },
	{ "ignore_loglevel", "N\n" }, { "time", "Y\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_processor_params[] = {
	{ "bm_check_disable", "N\n" }, { "ignore_ppc", "0\n" }, { "ignore_tpc", "0\n" },
	{ "latency_factor", "2\n" }, { "max_cstate", "8\n" }, { "nocst", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_pstore_params[] = {
	{ "backend", "(null)\n" }, { "compress", "deflate\n" }, { "kmsg_bytes", "10240\n" },
	{ "update_ms", "-1\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_random_params[] = {
	{ "ratelimit_disable", "0\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_rcupdate_params[] = {
	{ "rcu_cpu_stall_cputime", "0\n" }, { "rcu_cpu_stall_ftrace_dump", "0\n" },
	{ "rcu_cpu_stall_suppress", "0\n" }, { "rcu_cpu_stall_suppress_at_boot", "0\n" },
	{ "rcu_cpu_stall_timeout", "21\n" }, { "rcu_exp_cpu_stall_timeout", "0\n" },
	{ "rcu_exp_stall_task_details", "N\n" }, { "rcu_expedited", "0\n" }, { "rcu_normal", "0\n" },
	{ "rcu_normal_after_boot", "0\n" }, { "rcu_task_collapse_lim", "10\n" },
	{ "rcu_task_contend_lim", "100\n" }, { "rcu_task_enqueue_lim", "1\n" }, { "rcu_task_ipi_delay", "0\n" },
	{ "rcu_task_lazy_lim", "32\n" }, { "rcu_task_stall_info", "2500\n" }, { "rcu_task_stall_info_mult", "3\n" },
	{ "rcu_task_stall_timeout", "150000\n" }, { "rcu_tasks_lazy_ms", "-1\n" },
	{ "rcu_tasks_trace_lazy_ms", "-1\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_rcutree_params[] = {
	{ "blimit", "10\n" }, { "csd_lock_suppress_rcu_stall", "N\n" }, { "do_rcu_barrier", "0\n" },
	{ "dump_tree", "N\n" }, { "enable_rcu_lazy", "Y\n" }, { "gp_cleanup_delay", "0\n" },
	{ "gp_init_delay", "0\n" }, { "gp_preinit_delay", "0\n" }, { "jiffies_till_first_fqs", "1\n" },
	{ "jiffies_till_next_fqs", "1\n" }, { "jiffies_till_sched_qs", "18446744073709551615\n" },
	{ "jiffies_to_sched_qs", "25\n" }, { "kthread_prio", "0\n" }, { "nohz_full_patience_delay", "0\n" },
	{ "qhimark", "10000\n" }, { "qlowmark", "100\n" }, { "qovld", "20000\n" },
	{ "rcu_delay_page_cache_fill_msec", "5000\n" }, { "rcu_divisor", "7\n" }, { "rcu_fanout_exact", "N\n" },
	{ "rcu_fanout_leaf", "16\n" }, { "rcu_kick_kthreads", "N\n" }, { "rcu_min_cached_objs", "5\n" },
	{ "rcu_nocb_gp_stride", "-1\n" }, { "rcu_normal_wake_from_gp", "0\n" }, { "rcu_resched_ns", "3000000\n" },
	{ "sysrq_rcu", "N\n" }, { "use_softirq", "Y\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_rng_core_params[] = {
	{ "current_quality", "0\n" }, { "default_quality", "1024\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_rtc_cmos_params[] = {
	{ "use_acpi_alarm", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_secretmem_params[] = {
	{ "enable", "Y\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_shpchp_params[] = {
	{ "shpchp_debug", "N\n" }, { "shpchp_poll_mode", "N\n" }, { "shpchp_poll_time", "0\n" }, { NULL, NULL },
};
static const char *const mod_shpchp_drivers[] = {
	"pci:shpchp", NULL,
};
static const char *const mod_sis_agp_drivers[] = {
	"pci:agpgart-sis", NULL,
};
static const struct module_param_desc mod_spidev_params[] = {
	{ "bufsiz", "4096\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_spurious_params[] = {
	{ "irqfixup", "0\n" }, { "noirqdebug", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_srcutree_params[] = {
	{ "big_cpu_lim", "128\n" }, { "convert_to_big", "16\n" }, { "counter_wrap_check", "4611686018427387903\n" },
	{ "exp_holdoff", "25000\n" }, { "small_contention_lim", "100\n" }, { "srcu_max_nodelay", "1000\n" },
	{ "srcu_max_nodelay_phase", "1000\n" }, { "srcu_retry_check_delay", "5\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_suspend_params[] = {
	{ "pm_test_delay", "5\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_syscall_params[] = {
	{ "x32", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_sysrq_params[] = {
	{ "reset_seq", "\n" }, { "sysrq_downtime_ms", "0\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_tcp_cubic_params[] = {
	{ "beta", "717\n" }, { "bic_scale", "41\n" }, { "fast_convergence", "1\n" }, { "hystart", "1\n" },
	{ "hystart_ack_delta_us", "2000\n" }, { "hystart_detect", "3\n" }, { "hystart_low_window", "16\n" },
	{ "initial_ssthresh", "0\n" }, { "tcp_friendliness", "1\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_thermal_params[] = {
	{ "act", "0\n" }, { "crt", "0\n" }, { "psv", "0\n" }, { "tzp", "0\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_tpm_params[] = {
	{ "disable_pcr_integrity", "N\n" }, { "suspend_pcr", "0\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_tpm_tis_params[] = {
	{ "force", "N\n" }, { "hid", "\n" }, { "interrupts", "N\n" }, { "itpm", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_udmabuf_params[] = {
	{ "list_limit", "1024\n" }, { "size_limit_mb", "64\n" }, { NULL, NULL },
};
static const char *const mod_via_agp_drivers[] = {
	"pci:agpgart-via", NULL,
};
static const char *const mod_virtio_mem_sections[] = {
	".text", ".init.text", ".text.unlikely", ".exit.text", "__mcount_loc", ".smp_locks", ".rodata.str1.8",
	".rodata.str1.1", ".rodata", "__param", ".note.gnu.property", ".note.gnu.build-id", ".note.Linux",
	".orc_header", ".retpoline_sites", ".return_sites", ".call_sites", ".orc_unwind", ".orc_unwind_ip",
	"__bug_table", "__jump_table", "__patchable_function_entries", ".data", ".exit.data", ".init.data",
	"__dyndbg", ".data..read_mostly", ".static_call_sites", ".gnu.linkonce.this_module", ".bss", NULL,
};
static const struct module_param_desc mod_virtio_pci_params[] = {
	{ "force_legacy", "N\n" }, { NULL, NULL },
};
static const char *const mod_virtio_pci_drivers[] = {
	"pci:virtio-pci", NULL,
};
static const struct module_param_desc mod_vt_params[] = {
	{ "color", "7\n" }, { "cur_default", "2\n" },
	{ "default_blu", "0,0,0,0,170,170,170,170,85,85,85,85,255,255,255,255\n" },
	{ "default_grn", "0,0,170,85,0,0,170,170,85,85,255,255,85,85,255,255\n" },
	{ "default_red", "0,170,0,170,0,170,0,170,85,255,85,255,85,255,85,255\n" }, { "default_utf8", "1\n" },
	{ "global_cursor_default", "1\n" }, { "italic", "2\n" }, { "underline", "3\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_workqueue_params[] = {
	{ "cpu_intensive_thresh_us", "10000\n" }, { "debug_force_rr_cpu", "N\n" },
	{ "default_affinity_scope", "cache\n" }, { "power_efficient", "N\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_xen_params[] = {
	{ "balloon_boot_timeout", "180\n" }, { "event_eoi_delay", "10\n" }, { "event_loop_timeout", "2\n" },
	{ NULL, NULL },
};
static const struct module_param_desc mod_xen_kbdfront_params[] = {
	{ "ptr_size", "800,600\n" }, { NULL, NULL },
};
static const struct module_param_desc mod_zswap_params[] = {
	{ "accept_threshold_percent", "90\n" }, { "compressor", "lzo\n" }, { "enabled", "N\n" },
	{ "max_pool_percent", "20\n" }, { "shrinker_enabled", "N\n" }, { "zpool", "zsmalloc\n" }, { NULL, NULL },
};

const struct module_desc modules_6_12[] = {
	{ .name = "8250", .builtin = true, .params = mod_8250_params },
	{ .name = "8250_mid", .builtin = true, .drivers = mod_8250_mid_drivers },
	{ .name = "8250_pci", .builtin = true, .drivers = mod_8250_pci_drivers },
	{ .name = "8250_pericom", .builtin = true, .drivers = mod_8250_pericom_drivers },
	{ .name = "acpi", .builtin = true, .params = mod_acpi_params },
	{ .name = "acpi_x86", .builtin = true, .params = mod_acpi_x86_params },
	{ .name = "acpiphp", .builtin = true, .params = mod_acpiphp_params },
	{ .name = "amd64_agp", .builtin = true, .drivers = mod_amd64_agp_drivers },
	{ .name = "apparmor", .builtin = true, .params = mod_apparmor_params },
	{ .name = "atkbd", .builtin = true, .drivers = mod_atkbd_drivers },
	{ .name = "blk_cgroup", .builtin = true, .params = mod_blk_cgroup_params },
	{ .name = "block", .builtin = true, .params = mod_block_params },
	{ .name = "clocksource", .builtin = true, .params = mod_clocksource_params },
	{ .name = "cpufreq", .builtin = true, .params = mod_cpufreq_params },
	{ .name = "cpuidle", .builtin = true, .params = mod_cpuidle_params },
	{ .name = "cpuidle_haltpoll", .builtin = true, .params = mod_cpuidle_haltpoll_params },
	{ .name = "crc64_rocksoft", .builtin = true, .params = mod_crc64_rocksoft_params },
	{ .name = "crc_t10dif", .builtin = true, .params = mod_crc_t10dif_params },
	{ .name = "cryptomgr", .builtin = true, .params = mod_cryptomgr_params },
	{ .name = "cxl_core", .builtin = true, .params = mod_cxl_core_params, .drivers = mod_cxl_core_drivers },
	{ .name = "cxl_port", .builtin = true, .drivers = mod_cxl_port_drivers },
	{ .name = "damon_lru_sort", .builtin = true, .params = mod_damon_lru_sort_params },
	{ .name = "damon_reclaim", .builtin = true, .params = mod_damon_reclaim_params },
	{ .name = "dax_pmem", .coresize = 12288, .sections = mod_dax_pmem_sections },
	{ .name = "device_dax", .coresize = 20480, .sections = mod_device_dax_sections },
	{ .name = "device_hmem", .builtin = true, .params = mod_device_hmem_params },
	{ .name = "dynamic_debug", .builtin = true, .params = mod_dynamic_debug_params },
	{ .name = "ec_sys", .builtin = true, .params = mod_ec_sys_params },
	{ .name = "edac_core", .builtin = true, .params = mod_edac_core_params },
	{ .name = "fb", .builtin = true, .params = mod_fb_params },
	{ .name = "firmware_class", .builtin = true, .params = mod_firmware_class_params },
	{ .name = "fscrypto", .builtin = true, .params = mod_fscrypto_params },
	{ .name = "fuse", .builtin = true, .params = mod_fuse_params },
	{ .name = "gpiolib_acpi", .builtin = true, .params = mod_gpiolib_acpi_params },
	{ .name = "grant_table", .builtin = true, .params = mod_grant_table_params },
	{ .name = "haltpoll", .builtin = true, .params = mod_haltpoll_params },
	{ .name = "hibernate", .builtin = true, .params = mod_hibernate_params },
	{ .name = "i8042", .builtin = true, .params = mod_i8042_params },
	{ .name = "ima", .builtin = true, .params = mod_ima_params },
	{ .name = "intel_agp", .builtin = true, .drivers = mod_intel_agp_drivers },
	{ .name = "intel_idle", .builtin = true, .params = mod_intel_idle_params },
	{ .name = "iosf_mbi", .builtin = true, .drivers = mod_iosf_mbi_drivers },
	{ .name = "ipe", .builtin = true, .params = mod_ipe_params },
	{ .name = "ipv6", .builtin = true, .params = mod_ipv6_params },
	{ .name = "kernel", .builtin = true, .params = mod_kernel_params },
	{ .name = "keyboard", .builtin = true, .params = mod_keyboard_params },
	{ .name = "kfence", .builtin = true, .params = mod_kfence_params },
	{ .name = "kmem", .coresize = 12288, .sections = mod_kmem_sections },
	{
		.name = "libnvdimm",
		.params = mod_libnvdimm_params,
		.coresize = 241664,
		.sections = mod_libnvdimm_sections,
	},
	{ .name = "memory_hotplug", .builtin = true },
	{ .name = "microcode", .builtin = true, .params = mod_microcode_params },
	{ .name = "module", .builtin = true, .params = mod_module_params },
	{ .name = "mousedev", .builtin = true, .params = mod_mousedev_params },
	{ .name = "nd_btt", .coresize = 36864, .sections = mod_nd_btt_sections },
	{ .name = "nd_e820", .coresize = 12288, .sections = mod_nd_e820_sections },
	{ .name = "nd_pmem", .coresize = 24576, .sections = mod_nd_pmem_sections },
	{ .name = "netpoll", .builtin = true, .params = mod_netpoll_params },
	{ .name = "nmi_backtrace", .builtin = true, .params = mod_nmi_backtrace_params },
	{ .name = "page_alloc", .builtin = true, .params = mod_page_alloc_params },
	{ .name = "page_reporting", .builtin = true, .params = mod_page_reporting_params },
	{ .name = "pci_hotplug", .builtin = true, .params = mod_pci_hotplug_params },
	{ .name = "pcie_aspm", .builtin = true, .params = mod_pcie_aspm_params },
	{ .name = "pciehp", .builtin = true, .params = mod_pciehp_params },
	{ .name = "pcieportdrv", .builtin = true, .drivers = mod_pcieportdrv_drivers },
	{ .name = "platform_pci", .builtin = true, .drivers = mod_platform_pci_drivers },
	{ .name = "printk", .builtin = true, .params = mod_printk_params },
	{ .name = "processor", .builtin = true, .params = mod_processor_params },
	{ .name = "pstore", .builtin = true, .params = mod_pstore_params },
	{ .name = "random", .builtin = true, .params = mod_random_params },
	{ .name = "rcupdate", .builtin = true, .params = mod_rcupdate_params },
	{ .name = "rcutree", .builtin = true, .params = mod_rcutree_params },
	{ .name = "rng_core", .builtin = true, .params = mod_rng_core_params },
	{ .name = "rtc_cmos", .builtin = true, .params = mod_rtc_cmos_params },
	{ .name = "secretmem", .builtin = true, .params = mod_secretmem_params },
	{ .name = "shpchp", .builtin = true, .params = mod_shpchp_params, .drivers = mod_shpchp_drivers },
	{ .name = "sis_agp", .builtin = true, .drivers = mod_sis_agp_drivers },
	{ .name = "spidev", .builtin = true, .params = mod_spidev_params },
	{ .name = "spurious", .builtin = true, .params = mod_spurious_params },
	{ .name = "srcutree", .builtin = true, .params = mod_srcutree_params },
	{ .name = "suspend", .builtin = true, .params = mod_suspend_params },
	{ .name = "syscall", .builtin = true, .params = mod_syscall_params },
	{ .name = "sysrq", .builtin = true, .params = mod_sysrq_params },
	{ .name = "tcp_cubic", .builtin = true, .version = "2.3", .params = mod_tcp_cubic_params },
	{ .name = "thermal", .builtin = true, .params = mod_thermal_params },
	{ .name = "tpm", .builtin = true, .version = "2.0", .params = mod_tpm_params },
	{ .name = "tpm_crb", .builtin = true, .version = "0.1" },
	{ .name = "tpm_tis", .builtin = true, .version = "2.0", .params = mod_tpm_tis_params },
	{ .name = "tpm_tis_core", .builtin = true, .version = "2.0" },
	{ .name = "udmabuf", .builtin = true, .params = mod_udmabuf_params },
	{ .name = "via_agp", .builtin = true, .drivers = mod_via_agp_drivers },
	{ .name = "virtio_mem", .coresize = 49152, .sections = mod_virtio_mem_sections },
	{
		.name = "virtio_pci",
		.builtin = true,
		.version = "1",
		.params = mod_virtio_pci_params,
		.drivers = mod_virtio_pci_drivers,
	},
	{ .name = "virtio_pci_legacy_dev", .builtin = true, .version = "0.1" },
	{ .name = "virtio_pci_modern_dev", .builtin = true, .version = "0.1" },
	{ .name = "vt", .builtin = true, .params = mod_vt_params },
	{ .name = "workqueue", .builtin = true, .params = mod_workqueue_params },
	{ .name = "xen", .builtin = true, .params = mod_xen_params },
	{ .name = "xen_kbdfront", .builtin = true, .params = mod_xen_kbdfront_params },
	{ .name = "xz_dec", .builtin = true, .version = "1.2" },
	{ .name = "zswap", .builtin = true, .params = mod_zswap_params },
	{ .name = NULL },
};

/* /sys/module/compression: how the build's modules are compressed */
const char module_compression_6_12[] = "xz\n";
