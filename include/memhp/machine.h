// SPDX-License-Identifier: MIT
/*
 * A whole machine: the host model (QEMU's pc machine) with the guest model
 * (Linux 6.1) booted on it, wired together through the firmware tables, the
 * ACPI memory hotplug port and the GPE, plus the queue of QMP events the
 * host emitted.  Front ends (scenario runner, later the live daemon) drive
 * a machine through QMP and sysfs only.
 */
#ifndef MEMHP_MACHINE_H
#define MEMHP_MACHINE_H

#include <stddef.h>

#include "memhp/err.h"
#include "memhp/hw.h"

struct json;
struct kernel;
struct machine;

struct machine_event {
	char *name;
	struct json *data;		/* NULL: no data */
};

/**
 * machine_new() - start QEMU's pc machine and boot the guest on it
 * @qemu_argv: QEMU arguments (see pc_machine_new())
 * @argc: their number
 * @cmdline: kernel command line, may be NULL
 * @out: the machine
 * @err: QEMU's start-up error, or the guest's boot error
 * Return: 0, -EINVAL, -ENOMEM.
 */
/* what the reference machine does not have: model-only choices */
struct kernel_profile;
struct machine_opts {
	enum hypervisor_vendor hypervisor;	/* HYPERVISOR_KVM unless a scenario says otherwise */
	const struct kernel_profile *profile;	/* the guest's kernel (memhp/profile.h); NULL: 6.1 */
};

/** machine_new_opts() - machine_new() with model-only options (may be NULL) */
int machine_new_opts(const char *const *qemu_argv, int argc, const char *cmdline, const struct machine_opts *opts,
		     struct machine **out, struct memhp_err *err);
int machine_new(const char *const *qemu_argv, int argc, const char *cmdline, struct machine **out,
		struct memhp_err *err);
void machine_free(struct machine *m);
struct kernel *machine_kernel(struct machine *m);
/**
 * machine_run_guest() - let the guest run: it handles the hot-plug and unplug
 * notifications (ACPI GPE) the host raised since it last ran
 */
void machine_run_guest(struct machine *m);
struct pc_machine *machine_host(struct machine *m);
/** machine_quit_requested() - QMP quit ran: whoever serves the machine should end */
bool machine_quit_requested(const struct machine *m);
/**
 * machine_take_events() - the events emitted since the last call, oldest first
 * @out: malloc'd array the caller frees with machine_events_free()
 * Return: their number.
 */
size_t machine_take_events(struct machine *m, struct machine_event **out);
void machine_events_free(struct machine_event *ev, size_t n);

#endif
