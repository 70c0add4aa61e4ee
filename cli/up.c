// SPDX-License-Identifier: MIT
/*
 * `memhp up`: start a live machine and serve it until SIGINT, SIGTERM or QMP quit:
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

#include "cli/cli.h"
#include "memhp/profile.h"
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
	fputs("Usage: memhp up [--kernel KERNEL] [--qmp PATH] [--mount DIR] [--http PORT] [--record FILE]\n"
	      "                [--modprobe MODULE]...\n"
	      "                [-- QEMU-ARGS... [--append PARAMS...]]\n"
	      "\n"
	      "Starts a live model machine and serves it until SIGINT, SIGTERM or QMP quit.\n"
	      "  --kernel NAME[,OPTION=VALUE...]\n"
	      "                 the guest's kernel: 6.1 (default) or 6.12, and build options\n"
	      "                 that differ from it (default_online_type=TYPE)\n"
	      "  --qmp PATH     QMP socket (default: $XDG_RUNTIME_DIR/memhp/qmp.sock,\n"
	      "                 else ${TMPDIR:-/tmp}/memhp-UID/qmp.sock, in a directory that\n"
	      "                 must be yours with mode 0700)\n"
	      "  --mount DIR    mount the guest's /sys, /proc files and /dev there (FUSE)\n"
	      "  --http PORT    serve the live memory map on http://127.0.0.1:PORT/\n"
	      "  --record FILE  append every action to FILE as scenario steps\n"
	      "  --modprobe MODULE  load a guest module after boot, as udev would (virtio_pci,\n"
	      "                 virtio_mem, nd_e820, nd_pmem, dax_pmem, device_dax, kmem); repeatable\n"
	      "  -h, --help     print this help\n"
	      "Values go after a space or an '=' (--qmp=PATH).  Options end at \"--\";\n"
	      "QEMU-ARGS after it are the arguments of a scenario's `qemu` lines (default:\n"
	      "-m 2G,slots=4,maxmem=16G -smp 2); PARAMS the kernel command line.\n"
	      "Exit status: 0 served until SIGINT, SIGTERM or quit, 1 the machine could not start,\n"
	      "64 usage error.\n",
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

enum { OPT_QMP = 256, OPT_MOUNT, OPT_HTTP, OPT_RECORD, OPT_MODPROBE, OPT_KERNEL };

static const struct option up_longopts[] = {
	{ "qmp", required_argument, NULL, OPT_QMP },
	{ "mount", required_argument, NULL, OPT_MOUNT },
	{ "http", required_argument, NULL, OPT_HTTP },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "modprobe", required_argument, NULL, OPT_MODPROBE },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

/*
 * What `memhp up`'s command line asks for.  The strings are argv's; modules
 * has room for argc entries (no more --modprobe options can be given).
 */
struct up_opts {
	const char *qmp_path;	/* NULL: the default socket */
	const char *mount_dir;	/* NULL: no FUSE mount */
	const char *record;	/* NULL: no recording */
	int http_port;		/* 0: no live map */
	const char **modules;	/* --modprobe MODULE, in order */
	int nr_modules;
	int qemu_arg;		/* argv index after the "--", or argc */
	struct kernel_profile profile;	/* --kernel, default 6.1 */
};

/*
 * up_parse() - read @argv's options into @o, up to "--".
 * Return: -1 to go on, else the exit status (--help, a usage error).
 */
static int up_parse(int argc, char **argv, struct up_opts *o)
{
	for (;;) {
		/* where getopt goes on: it steps over a "--" when it returns -1 there */
		int next = optind ? optind : 1;
		int c = cli_getopt(argc, argv, "+h", up_longopts);
		char *end;
		long port;

		if (c == -1) {
			if (optind < argc && optind == next)
				return cli_usage_error(argv[0], "unexpected argument '%s' (QEMU arguments go after --)",
						       argv[optind]);
			o->qemu_arg = optind;
			return -1;
		}
		if (c == 'h') {
			up_usage(stdout);
			return CLI_EXIT_OK;
		}
		if (c == '?')
			return CLI_EXIT_USAGE;
		if (!*optarg) {
			const struct option *opt = up_longopts;

			while (opt->val != c)
				opt++;
			return cli_usage_error(argv[0], "option '--%s' needs a value that is not empty", opt->name);
		}
		switch (c) {
		case OPT_QMP:
			o->qmp_path = optarg;
			break;
		case OPT_MOUNT:
			o->mount_dir = optarg;
			break;
		case OPT_RECORD:
			o->record = optarg;
			break;
		case OPT_MODPROBE:
			o->modules[o->nr_modules++] = optarg;
			break;
		case OPT_KERNEL: {
			struct memhp_err err = { 0 };

			if (kernel_profile_parse(optarg, &o->profile, &err))
				return cli_usage_error(argv[0], "--kernel: %s", err.msg);
			break;
		}
		case OPT_HTTP:
			errno = 0;
			port = strtol(optarg, &end, 10);
			if (*end || errno || port < 1 || port > 65535)
				return cli_usage_error(argv[0], "option '--http' takes a port number from 1 to 65535, not '%s'",
						       optarg);
			o->http_port = (int)port;
			break;
		}
	}
}

int cli_up(int argc, char **argv)
{
	struct up_opts o = { 0 };
	char *dir = NULL, *qmp_default = NULL, *cmdline = NULL;
	const char *qmp_path;
	const char **qemu_argv = NULL;
	int qemu_argc = 0, i, status = CLI_EXIT_FAILURE, sig;
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

	o.profile = kernel_profiles[0];
	o.modules = calloc((size_t)argc, sizeof(*o.modules));
	if (!o.modules)
		return CLI_EXIT_FAILURE;
	status = up_parse(argc, argv, &o);
	if (status >= 0) {
		free(o.modules);
		return status;
	}
	status = CLI_EXIT_FAILURE;
	i = o.qemu_arg;
	/* QEMU arguments up to --append, kernel parameters after it */
	qemu_argv = calloc((size_t)argc + 1 + sizeof(default_qemu_args) / sizeof(*default_qemu_args),
			   sizeof(*qemu_argv));
	if (!qemu_argv)
		goto out;
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
	qmp_path = o.qmp_path;
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
	cfg.record_path = o.record;
	cfg.profile = &o.profile;
	cfg.modules = o.modules;
	cfg.nr_modules = o.nr_modules;
	if (live_new(&cfg, &lv, &err)) {
		fprintf(stderr, "memhp up: %s\n", err.msg);
		goto out;
	}
	if (qmp_server_start(lv, qmp_path, &qs, &err)) {
		fprintf(stderr, "memhp up: %s\n", err.msg);
		goto out;
	}
	printf("kernel: linux %s (%s)\n", o.profile.name, o.profile.description);
	printf("qmp: %s\n", qmp_path);
	if (o.mount_dir) {
#ifdef MEMHP_HAVE_FUSE
		if (fusefs_start(lv, o.mount_dir, &fs, &err)) {
			fprintf(stderr, "memhp up: %s\n", err.msg);
			goto out;
		}
		printf("mount: %s\n", o.mount_dir);
#else
		fprintf(stderr, "memhp up: this memhp was built without libfuse 3; --mount is not available\n");
		goto out;
#endif
	}
	if (o.http_port) {
#ifdef MEMHP_HAVE_HTTPD
		if (httpd_start(lv, o.http_port, &hd, &err)) {
			fprintf(stderr, "memhp up: %s\n", err.msg);
			goto out;
		}
		printf("http: http://127.0.0.1:%d/\n", o.http_port);
#else
		fprintf(stderr, "memhp up: this memhp was built without the HTTP map\n");
		goto out;
#endif
	}
	if (o.record)
		printf("record: %s\n", o.record);
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
	status = CLI_EXIT_OK;
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
	free(o.modules);
	return status;
}
