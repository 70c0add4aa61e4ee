// SPDX-License-Identifier: MIT
/*
 * `memhp exec --mount DIR -- COMMAND [ARGS...]`: runs an unmodified command
 * against the live machine `memhp up --mount DIR` serves.  In a private
 * mount namespace the mount's sys/ becomes /sys, its /proc files replace
 * the host's (meminfo, zoneinfo, vmstat, buddyinfo, pagetypeinfo, iomem:
 * whichever the mount has), and the mount's dev/ is /dev: the guest's
 * device nodes (ndctl0, daxR.N, pmemR, null, zero, full) and nothing of
 * the host's.  That /dev is bound nodev, as the FUSE mount itself is, so a
 * character node (or one a tool makes with mknod) can never open a device
 * of the host; the disks are the mount's files, served by memhp.  Nothing
 * outside the namespace changes.  Needs root (or CAP_SYS_ADMIN) for the
 * namespace.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* unshare() */
#endif
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

static const char *const proc_files[] = { "meminfo", "zoneinfo", "vmstat", "buddyinfo", "pagetypeinfo", "iomem" };

static void usage(FILE *f)
{
	fputs("Usage: memhp exec --mount DIR [--] COMMAND [ARGS...]\n"
	      "Runs COMMAND against the live machine `memhp up --mount DIR` serves: in a\n"
	      "private mount namespace, DIR/sys is /sys, DIR's /proc files replace the\n"
	      "host's, and DIR/dev is /dev: the guest's device nodes (ndctl0, daxR.N,\n"
	      "pmemR) served by memhp; no device of the host is reachable.\n"
	      "Needs root.\n"
	      "\n"
	      "  --mount DIR    where `memhp up --mount DIR` mounted the guest's files\n"
	      "  -h, --help     this text\n"
	      "\n"
	      "Exit status: COMMAND's; 1 the namespace could not be set up or COMMAND\n"
	      "not started, 64 usage error.\n",
	      f);
}

/* DIR is a live memhp mount: its sys/ has the memory subsystem */
static bool is_memhp_mount(const char *dir)
{
	char p[4096];
	struct stat st;

	snprintf(p, sizeof(p), "%s/sys/devices/system/memory/block_size_bytes", dir);
	return !stat(p, &st) && S_ISREG(st.st_mode);
}

static int bind(const char *from, const char *to, unsigned long flags)
{
	if (mount(from, to, NULL, MS_BIND | flags, NULL)) {
		fprintf(stderr, "memhp exec: cannot bind %s over %s: %s\n", from, to, strerror(errno));
		return -1;
	}
	return 0;
}

static int setup_namespace(const char *dir)
{
	char p[4096];
	struct stat st;

	if (unshare(CLONE_NEWNS)) {
		fprintf(stderr, "memhp exec: cannot make a private mount namespace: %s\n", strerror(errno));
		return -1;
	}
	/* nothing mounted here may reach the host's namespace */
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL)) {
		fprintf(stderr, "memhp exec: cannot make the mounts private: %s\n", strerror(errno));
		return -1;
	}
	snprintf(p, sizeof(p), "%s/sys", dir);
	if (bind(p, "/sys", MS_REC))
		return -1;
	for (size_t i = 0; i < sizeof(proc_files) / sizeof(proc_files[0]); i++) {
		char to[64];

		snprintf(p, sizeof(p), "%s/proc/%s", dir, proc_files[i]);
		snprintf(to, sizeof(to), "/proc/%s", proc_files[i]);
		if (stat(p, &st) || stat(to, &st))
			continue;	/* the model or the host has no such file */
		if (bind(p, to, 0))
			return -1;
	}
	/*
	 * The host's kernel modules out of sight: a tool that loads a module
	 * (ndctl and daxctl do, through libkmod, for a driver whose module the
	 * guest has not loaded) must not load it into the host's kernel.
	 */
	if (!stat("/lib/modules", &st) && S_ISDIR(st.st_mode) &&
	    mount("memhp-modules", "/lib/modules", "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k")) {
		fprintf(stderr, "memhp exec: cannot hide the host's modules: %s\n", strerror(errno));
		return -1;
	}
	/* the guest's /dev, and no way through it to a device of the host */
	snprintf(p, sizeof(p), "%s/dev", dir);
	if (bind(p, "/dev", 0))
		return -1;
	if (mount(NULL, "/dev", NULL, MS_BIND | MS_REMOUNT | MS_NODEV | MS_NOSUID | MS_NOEXEC, NULL)) {
		fprintf(stderr, "memhp exec: cannot make the private /dev nodev: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/**
 * cli_exec() - see cli/cli.h
 */
int cli_exec(int argc, char **argv)
{
	enum { OPT_MOUNT = 256 };
	static const struct option longopts[] = {
		{ "mount", required_argument, NULL, OPT_MOUNT },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *dir = NULL;
	int c;

	optind = 0;
	while ((c = cli_getopt(argc, argv, "+h", longopts)) != -1) {
		switch (c) {
		case OPT_MOUNT:
			if (!*optarg)
				return cli_usage_error(argv[0], "'--mount' takes a directory");
			dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	if (!dir)
		return cli_usage_error(argv[0], "'--mount DIR' is required");
	if (optind >= argc)
		return cli_usage_error(argv[0], "a command to run is required");
	if (geteuid()) {
		fputs("memhp exec: needs root, to make a private mount namespace (run it as root or with sudo)\n",
		      stderr);
		return CLI_EXIT_FAILURE;
	}
	if (!is_memhp_mount(dir)) {
		fprintf(stderr, "memhp exec: %s is not a live memhp mount (start `memhp up --mount %s` first)\n",
			dir, dir);
		return CLI_EXIT_FAILURE;
	}
	if (setup_namespace(dir))
		return CLI_EXIT_FAILURE;
	execvp(argv[optind], argv + optind);
	fprintf(stderr, "memhp exec: cannot run %s: %s\n", argv[optind], strerror(errno));
	return CLI_EXIT_FAILURE;
}
