// SPDX-License-Identifier: MIT
/*
 * A stand-in for `memhp up --mount DIR` while the CLI's `up` command is
 * being written: boots a live machine, mounts it with fusefs_start(),
 * serves until SIGINT or SIGTERM, unmounts and exits 0.  tests/fuse/run
 * uses `memhp up` instead as soon as it offers --mount.
 *
 *   fuse_driver --mount DIR [-- QEMU-ARGS... [--append PARAMS...]]
 *
 * Exit status: 0 served and unmounted, 1 the machine or the mount failed,
 * 64 usage error.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/live.h"
#include "fusefs/fusefs.h"

static const char *const default_qemu_argv[] = { "-m", "2G,slots=4,maxmem=16G", "-smp", "1" };

static int usage(void)
{
	fputs("usage: fuse_driver --mount DIR [-- QEMU-ARGS... [--append PARAMS...]]\n", stderr);
	return 64;
}

/* joins argv[from..argc) with spaces; malloc'd */
static char *join_words(char **argv, int from, int argc)
{
	size_t len = 1;
	char *s;

	for (int i = from; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (int i = from; i < argc; i++) {
		if (i > from)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

int main(int argc, char **argv)
{
	struct live_config cfg = { 0 };
	struct memhp_err err = { 0 };
	struct live *lv = NULL;
	struct fusefs *fs = NULL;
	const char *mountpoint = NULL;
	char *cmdline = NULL;
	sigset_t set;
	int i, sig, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--mount") && i + 1 < argc)
			mountpoint = argv[++i];
		else if (!strcmp(argv[i], "--"))
			break;
		else
			return usage();
	}
	if (!mountpoint)
		return usage();
	if (i < argc) {
		int first = ++i, end = first;

		while (end < argc && strcmp(argv[end], "--append"))
			end++;
		cfg.qemu_argv = (const char *const *)&argv[first];
		cfg.qemu_argc = end - first;
		if (end < argc) {
			cmdline = join_words(argv, end + 1, argc);
			if (!cmdline)
				return 1;
			cfg.cmdline = cmdline;
		}
	}
	if (!cfg.qemu_argc) {
		cfg.qemu_argv = default_qemu_argv;
		cfg.qemu_argc = (int)(sizeof(default_qemu_argv) / sizeof(default_qemu_argv[0]));
	}

	/* block before any thread starts, so sigwait() below gets them */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	ret = live_new(&cfg, &lv, &err);
	if (ret) {
		fprintf(stderr, "fuse_driver: %s\n", err.msg[0] ? err.msg : strerror(-ret));
		free(cmdline);
		return 1;
	}
	ret = fusefs_start(lv, mountpoint, &fs, &err);
	if (ret) {
		fprintf(stderr, "fuse_driver: %s\n", err.msg[0] ? err.msg : strerror(-ret));
		live_free(lv);
		free(cmdline);
		return 1;
	}
	printf("fuse_driver: guest sysfs and procfs mounted at %s\n", mountpoint);
	fflush(stdout);
	sigwait(&set, &sig);
	fusefs_stop(fs);
	live_free(lv);
	free(cmdline);
	return 0;
}
