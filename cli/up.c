// SPDX-License-Identifier: MIT
/*
 * `memhp up`: start a live machine and serve it until SIGINT or SIGTERM:
 * QMP on a Unix socket, the guest's files as a FUSE mount (when built with
 * libfuse 3), a live map over HTTP on 127.0.0.1 (when asked), and a
 * recording of every action as a scenario (when asked).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/up.h"
#include "daemon/live.h"
#include "daemon/qmp_server.h"
#ifdef MEMHP_HAVE_FUSE
#include "fusefs/fusefs.h"
#endif
#ifdef MEMHP_HAVE_HTTPD
#include "httpd/httpd.h"
#endif

static const char *const default_qemu_args[] = { "-m", "2G,slots=4,maxmem=16G", "-smp", "2" };

static void up_usage(FILE *f)
{
	fputs("Usage: memhp up [--qmp PATH] [--mount DIR] [--http PORT] [--record FILE] [--modprobe MODULE]...\n"
	      "                [-- QEMU-ARGS... [--append PARAMS...]]\n"
	      "\n"
	      "Starts a live model machine and serves it until SIGINT or SIGTERM.\n"
	      "  --qmp PATH     QMP socket (default: $XDG_RUNTIME_DIR/memhp/qmp.sock,\n"
	      "                 else ${TMPDIR:-/tmp}/memhp-UID/qmp.sock, in a directory that\n"
	      "                 must be yours with mode 0700)\n"
	      "  --mount DIR    mount the guest's /sys and /proc files there (FUSE)\n"
	      "  --http PORT    serve the live memory map on http://127.0.0.1:PORT/\n"
	      "  --record FILE  append every action to FILE as scenario steps\n"
	      "  --modprobe MODULE  load a guest module after boot, as udev would (virtio_pci,\n"
	      "                 virtio_mem, nd_e820, nd_pmem, dax_pmem, device_dax, kmem); repeatable\n"
	      "QEMU-ARGS are the arguments of a scenario's `qemu` lines (default:\n"
	      "-m 2G,slots=4,maxmem=16G -smp 2); PARAMS the kernel command line.\n",
	      f);
}

/*
 * The directory of the default socket: $XDG_RUNTIME_DIR/memhp, else
 * ${TMPDIR:-/tmp}/memhp-UID.  It is created 0700 if missing; one that is
 * there must be a real directory of ours that nobody else can enter, or
 * another user could put a socket of theirs where clients look for ours.
 * Return: the path (caller frees), or NULL with the reason printed.
 */
static char *default_dir(void)
{
	const char *rt = getenv("XDG_RUNTIME_DIR"), *tmp = getenv("TMPDIR");
	struct stat st;
	char *dir;
	int n;

	if (rt && *rt)
		n = asprintf(&dir, "%s/memhp", rt);
	else
		n = asprintf(&dir, "%s/memhp-%u", tmp && *tmp ? tmp : "/tmp", (unsigned int)getuid());
	if (n < 0)
		return NULL;
	if (mkdir(dir, 0700) && errno != EEXIST) {
		fprintf(stderr, "memhp up: cannot create %s: %s\n", dir, strerror(errno));
		goto refuse;
	}
	if (lstat(dir, &st)) {
		fprintf(stderr, "memhp up: %s: %s\n", dir, strerror(errno));
		goto refuse;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "memhp up: %s is not a directory (a symbolic link or a file is refused); "
			"remove it or give --qmp PATH\n", dir);
		goto refuse;
	}
	if (st.st_uid != getuid()) {
		fprintf(stderr, "memhp up: %s belongs to uid %u, not to you (uid %u): another user could "
			"take the socket's place; remove it or give --qmp PATH\n", dir, (unsigned int)st.st_uid,
			(unsigned int)getuid());
		goto refuse;
	}
	if (st.st_mode & 077) {
		fprintf(stderr, "memhp up: %s has mode %04o: others could replace the socket; "
			"chmod 700 it or give --qmp PATH\n", dir, (unsigned int)(st.st_mode & 07777));
		goto refuse;
	}
	return dir;
refuse:
	free(dir);
	return NULL;
}

int memhp_up(int argc, char **argv)
{
	const char *qmp_path = NULL, *mount_dir = NULL, *record = NULL;
	char *dir = NULL, *qmp_default = NULL, *cmdline = NULL;
	const char **qemu_argv = NULL;
	const char **modules = NULL;
	int nr_modules = 0;
	int qemu_argc = 0, http_port = 0, i, status = 1, sig;
	struct live_config cfg = { 0 };
	struct memhp_err err = { 0 };
	struct live *lv = NULL;
	struct qmp_server *qs = NULL;
#ifdef MEMHP_HAVE_FUSE
	struct fusefs *fs = NULL;
#endif
#ifdef MEMHP_HAVE_HTTPD
	struct httpd *hd = NULL;
#endif
	sigset_t set;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			up_usage(stdout);
			return 0;
		}
		if (i + 1 >= argc || (strcmp(a, "--qmp") && strcmp(a, "--mount") && strcmp(a, "--http") &&
				      strcmp(a, "--record") && strcmp(a, "--modprobe"))) {
			fprintf(stderr, "memhp up: %s '%s'\n", i + 1 >= argc && a[0] == '-' && a[1] == '-' ?
				"missing value for" : "unknown argument", a);
			up_usage(stderr);
			return 64;
		}
		if (!strcmp(a, "--qmp"))
			qmp_path = argv[++i];
		else if (!strcmp(a, "--mount"))
			mount_dir = argv[++i];
		else if (!strcmp(a, "--record"))
			record = argv[++i];
		else if (!strcmp(a, "--modprobe")) {
			const char **m = realloc(modules, (size_t)(nr_modules + 1) * sizeof(*m));

			if (!m) {
				free(modules);
				return 1;
			}
			modules = m;
			modules[nr_modules++] = argv[++i];
		}
		else {
			char *end;
			long port = strtol(argv[++i], &end, 10);

			if (*end || port < 1 || port > 65535) {
				fprintf(stderr, "memhp up: --http takes a port number from 1 to 65535, not '%s'\n", argv[i]);
				return 64;
			}
			http_port = (int)port;
		}
	}
	/* QEMU arguments up to --append, kernel parameters after it */
	qemu_argv = calloc((size_t)argc + 1 + sizeof(default_qemu_args) / sizeof(*default_qemu_args),
			   sizeof(*qemu_argv));
	if (!qemu_argv)
		return 1;
	for (; i < argc && strcmp(argv[i], "--append"); i++)
		qemu_argv[qemu_argc++] = argv[i];
	if (i < argc) {
		size_t len = 1;

		for (int j = i + 1; j < argc; j++)
			len += strlen(argv[j]) + 1;
		cmdline = calloc(1, len);
		for (int j = i + 1; cmdline && j < argc; j++) {
			if (j > i + 1)
				strcat(cmdline, " ");
			strcat(cmdline, argv[j]);
		}
	}
	if (!qemu_argc) {
		qemu_argc = (int)(sizeof(default_qemu_args) / sizeof(*default_qemu_args));
		memcpy(qemu_argv, default_qemu_args, sizeof(default_qemu_args));
	}
	if (!qmp_path) {
		dir = default_dir();
		if (!dir || asprintf(&qmp_default, "%s/qmp.sock", dir) < 0)
			goto out;
		qmp_path = qmp_default;
	}

	/* signals go to sigwait() below, not to the serving threads */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	cfg.qemu_argv = qemu_argv;
	cfg.qemu_argc = qemu_argc;
	cfg.cmdline = cmdline;
	cfg.record_path = record;
	cfg.modules = modules;
	cfg.nr_modules = nr_modules;
	if (live_new(&cfg, &lv, &err)) {
		fprintf(stderr, "memhp up: %s\n", err.msg);
		goto out;
	}
	if (qmp_server_start(lv, qmp_path, &qs, &err)) {
		fprintf(stderr, "memhp up: %s\n", err.msg);
		goto out;
	}
	printf("qmp: %s\n", qmp_path);
	if (mount_dir) {
#ifdef MEMHP_HAVE_FUSE
		if (fusefs_start(lv, mount_dir, &fs, &err)) {
			fprintf(stderr, "memhp up: %s\n", err.msg);
			goto out;
		}
		printf("mount: %s\n", mount_dir);
#else
		fprintf(stderr, "memhp up: this memhp was built without libfuse 3; --mount is not available\n");
		goto out;
#endif
	}
	if (http_port) {
#ifdef MEMHP_HAVE_HTTPD
		if (httpd_start(lv, http_port, &hd, &err)) {
			fprintf(stderr, "memhp up: %s\n", err.msg);
			goto out;
		}
		printf("http: http://127.0.0.1:%d/\n", http_port);
#else
		fprintf(stderr, "memhp up: this memhp was built without the HTTP map\n");
		goto out;
#endif
	}
	if (record)
		printf("record: %s\n", record);
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		if (sigwait(&set, &sig))
			break;
		if (sig == SIGUSR1) {
			live_record_snapshot(lv);
			continue;
		}
		break;
	}
	status = 0;
out:
#ifdef MEMHP_HAVE_HTTPD
	httpd_stop(hd);
#endif
#ifdef MEMHP_HAVE_FUSE
	fusefs_stop(fs);
#endif
	qmp_server_stop(qs);
	live_free(lv);
	if (dir)
		rmdir(dir);
	free(dir);
	free(qmp_default);
	free(cmdline);
	free(qemu_argv);
	free(modules);
	return status;
}
