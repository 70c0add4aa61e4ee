// SPDX-License-Identifier: MIT
/*
 * The FUSE adapter of `memhp up --mount DIR` (see fusefs.h): libfuse 3's
 * high-level, path-based API over live_sysfs_lookup/read/write/readdir.
 * This file is the only one in memhp that includes <fuse.h>, and the only
 * place that knows the high-level API wants -errno back (which is what the
 * model layer returns already, so errors pass through unchanged).
 *
 * What it shows, as kernfs shows the real thing:
 *  - directories, regular files and symbolic links typed as such, owned by
 *    root, with the kernel's permission bits; readlink gives the relative
 *    target; files have st_size 4096 under /sys and 0 under /proc;
 *  - no caching anywhere (attr/entry/negative timeouts 0, direct I/O):
 *    every stat and read reaches the model;
 *  - a read at offset 0 takes a fresh snapshot of the whole file, later
 *    offsets read that snapshot (seq_file: one open file stays consistent);
 *  - each write(2) is one complete value, whatever the offset and however
 *    the file was opened (kernfs passes every write to ->store() and
 *    truncates it to PAGE_SIZE); truncate is accepted and does nothing, so
 *    a shell's O_TRUNC redirection works;
 *  - open for writing without a write bit, or for reading without a read
 *    bit, fails EACCES even for root (kernfs_fop_open());
 *  - creating, removing or renaming entries fails as on sysfs;
 *  - /dev: a device whose bytes memhp serves (a disk pmemR, null, zero,
 *    full) is a regular file (of the disk's size), read and written at any
 *    offset through the model, so what a tool opens (ndctl zeroing an info
 *    block, a shell's >/dev/null) reaches the model and nothing else.  Any
 *    other device is a character node with the guest's device number (what
 *    ndctl and daxctl stat), which nobody can open: the mount is nodev, so
 *    the host's device of that number is never reached.
 *
 * Requests are served by one thread running a small poll loop over the
 * session's /dev/fuse descriptor and an eventfd, so fusefs_stop() can end
 * it at any time without signals.  Every handler takes the live lock
 * through live_sysfs_*() and nothing else, so serving requests in one
 * thread costs nothing: the model serialises them anyway.
 */
#define FUSE_USE_VERSION 31

#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <fuse_lowlevel.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "daemon/live.h"
#include "fusefs/fusefs.h"

/* kernfs passes at most PAGE_SIZE bytes of a write(2) to ->store() */
#define FUSEFS_WRITE_MAX 4096
/* what stat shows as the size of a sysfs attribute (kernfs: PAGE_SIZE) */
#define FUSEFS_SYSFS_FILE_SIZE 4096

struct fusefs_file;

struct fusefs {
	struct live *lv;
	struct fuse *fuse;
	char *mountpoint;
	int wake_fd;			/* eventfd: fusefs_stop() ends the loop */
	pthread_t thread;
	bool mounted;
	bool thread_running;
	struct timespec start_time;	/* every entry's atime, mtime and ctime */
	/*
	 * The open files: the kernel sends no RELEASE for files still open
	 * when the connection ends, so fusefs_stop() frees what is left.
	 * Context: the serving thread, or fusefs_stop() after it ended.
	 */
	struct fusefs_file *files;
};

/*
 * One open file.  Invariant: @have is false until the first read; then
 * @buf holds the @len bytes the file had at the last read at offset 0.
 * Context: used by the serving thread only.
 */
struct fusefs_file {
	char *buf;
	size_t len;
	bool have;
	bool disk;			/* a /dev node memhp serves: offsets reach its bytes, no snapshot */
	struct fusefs_file *prev, *next;	/* on fusefs.files */
};

static void file_free(struct fusefs *fs, struct fusefs_file *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else
		fs->files = f->next;
	if (f->next)
		f->next->prev = f->prev;
	free(f->buf);
	free(f);
}

static struct fusefs *fusefs_current(void)
{
	return fuse_get_context()->private_data;
}

static struct fusefs_file *file_of(const struct fuse_file_info *fi)
{
	return (struct fusefs_file *)(uintptr_t)fi->fh;
}

static bool path_is_proc(const char *path)
{
	return !strncmp(path, "/proc/", 6);
}

static void *fusefs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	/* the tree changes under every client: cache nothing */
	cfg->entry_timeout = 0;
	cfg->attr_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->direct_io = 1;
	cfg->kernel_cache = 0;
	cfg->auto_cache = 0;
	cfg->use_ino = 0;
	cfg->nullpath_ok = 0;
	conn->want &= ~(unsigned)FUSE_CAP_WRITEBACK_CACHE;
	return fuse_get_context()->private_data;
}

/* struct stat of an entry, from its sysfs_stat */
static void fill_stat(const struct fusefs *fs, const char *path, const struct sysfs_stat *st,
		      struct stat *sb)
{
	memset(sb, 0, sizeof(*sb));
	switch (st->kind) {
	case SYSFS_DIR:
		sb->st_mode = S_IFDIR | (st->mode & 07777);
		sb->st_nlink = 2;
		break;
	case SYSFS_LINK:
		sb->st_mode = S_IFLNK | 0777;
		sb->st_nlink = 1;
		sb->st_size = (off_t)strlen(st->target);
		break;
	case SYSFS_CHRDEV:
	case SYSFS_BLKDEV:
		if (!st->rw) {
			sb->st_mode = (st->kind == SYSFS_CHRDEV ? S_IFCHR : S_IFBLK) | (st->mode & 07777);
			sb->st_nlink = 1;
			sb->st_rdev = makedev(st->dev_major, st->dev_minor);
			break;
		}
		sb->st_mode = S_IFREG | (st->mode & 07777);
		sb->st_nlink = 1;
		sb->st_size = (off_t)st->size;
		break;
	default:
		sb->st_mode = S_IFREG | (st->mode & 07777);
		sb->st_nlink = 1;
		sb->st_size = path_is_proc(path) ? 0 : FUSEFS_SYSFS_FILE_SIZE;
		break;
	}
	sb->st_uid = 0;
	sb->st_gid = 0;
	sb->st_blksize = 4096;
	sb->st_blocks = 0;
	sb->st_atim = fs->start_time;
	sb->st_mtim = fs->start_time;
	sb->st_ctim = fs->start_time;
}

static int fusefs_getattr(const char *path, struct stat *sb, struct fuse_file_info *fi)
{
	struct fusefs *fs = fusefs_current();
	struct sysfs_stat st;
	int ret = live_sysfs_lookup(fs->lv, path, &st);

	if (ret)
		return ret;
	fill_stat(fs, path, &st, sb);
	return 0;
}

static int fusefs_readlink(const char *path, char *buf, size_t size)
{
	struct fusefs *fs = fusefs_current();
	struct sysfs_stat st;
	int ret = live_sysfs_lookup(fs->lv, path, &st);

	if (ret)
		return ret;
	if (st.kind != SYSFS_LINK)
		return -EINVAL;
	if (!size)
		return -EINVAL;
	/* the high-level API wants a NUL-terminated, possibly truncated target */
	snprintf(buf, size, "%s", st.target);
	return 0;
}

struct dir_list {
	char **names;
	enum sysfs_kind *kinds;
	size_t n, cap;
	int err;
};

/* Context: called with the live lock held; must not call live_*(). */
static void dir_list_add(void *opaque, const char *name, enum sysfs_kind kind)
{
	struct dir_list *l = opaque;

	if (l->err)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		char **names = realloc(l->names, cap * sizeof(*names));
		enum sysfs_kind *kinds;

		if (!names) {
			l->err = -ENOMEM;
			return;
		}
		l->names = names;
		kinds = realloc(l->kinds, cap * sizeof(*kinds));
		if (!kinds) {
			l->err = -ENOMEM;
			return;
		}
		l->kinds = kinds;
		l->cap = cap;
	}
	l->names[l->n] = strdup(name);
	if (!l->names[l->n]) {
		l->err = -ENOMEM;
		return;
	}
	l->kinds[l->n++] = kind;
}

static void dir_list_fini(struct dir_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	free(l->kinds);
}

static mode_t kind_to_type(enum sysfs_kind kind)
{
	/* a device node's type is in its attributes (fill_stat()): readdir gives DT_UNKNOWN */
	return kind == SYSFS_DIR ? S_IFDIR : kind == SYSFS_LINK ? S_IFLNK : kind == SYSFS_FILE ? S_IFREG : 0;
}

/*
 * The whole directory in one go (offset 0 for every entry: libfuse keeps
 * the listing for the open directory and serves later offsets from it).
 */
static int fusefs_readdir(const char *path, void *buf, fuse_fill_dir_t filler, off_t offset,
			  struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	struct fusefs *fs = fusefs_current();
	struct dir_list l = { 0 };
	struct stat sb;
	int ret;

	/* live_sysfs_readdir() calls back under the lock: collect, then fill */
	ret = live_sysfs_readdir(fs->lv, path, dir_list_add, &l);
	if (!ret)
		ret = l.err;
	if (ret)
		goto out;
	memset(&sb, 0, sizeof(sb));
	sb.st_mode = S_IFDIR;
	filler(buf, ".", &sb, 0, 0);
	filler(buf, "..", &sb, 0, 0);
	for (size_t i = 0; i < l.n; i++) {
		sb.st_mode = kind_to_type(l.kinds[i]);
		if (filler(buf, l.names[i], &sb, 0, 0))
			break;
	}
out:
	dir_list_fini(&l);
	return ret;
}

/*
 * kernfs_fop_open(): the permission bits decide what an open may do, for
 * root too, since they say whether the attribute has show() and store().
 */
static int fusefs_open(const char *path, struct fuse_file_info *fi)
{
	struct fusefs *fs = fusefs_current();
	struct fusefs_file *f;
	struct sysfs_stat st;
	int acc = fi->flags & O_ACCMODE;
	int ret = live_sysfs_lookup(fs->lv, path, &st);

	if (ret)
		return ret;
	if (st.kind == SYSFS_DIR)
		return -EISDIR;
	if (st.kind == SYSFS_LINK)
		return -ELOOP;		/* the kernel resolves links before open */
	if (acc != O_RDONLY && !(st.mode & 0222))
		return -EACCES;
	if (acc != O_WRONLY && !(st.mode & 0444))
		return -EACCES;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->next = fs->files;
	if (f->next)
		f->next->prev = f;
	fs->files = f;
	f->disk = st.rw;
	fi->fh = (uint64_t)(uintptr_t)f;
	fi->direct_io = 1;
	fi->keep_cache = 0;
	return 0;
}

static int fusefs_release(const char *path, struct fuse_file_info *fi)
{
	struct fusefs_file *f = file_of(fi);

	if (f)
		file_free(fusefs_current(), f);
	return 0;
}

static int fusefs_read(const char *path, char *buf, size_t size, off_t offset,
		       struct fuse_file_info *fi)
{
	struct fusefs *fs = fusefs_current();
	struct fusefs_file *f = file_of(fi);
	size_t n;

	if (offset < 0)
		return -EINVAL;
	if (f->disk)
		return (int)live_dev_rw(fs->lv, path, (uint64_t)offset, buf, size, false);
	/* seq_read_iter(): a read at offset 0 starts over with fresh content */
	if (!f->have || offset == 0) {
		char *text = NULL;
		size_t len = 0;
		int ret = live_sysfs_read(fs->lv, path, &text, &len);

		if (ret)
			return ret;
		free(f->buf);
		f->buf = text;
		f->len = len;
		f->have = true;
	}
	if ((uint64_t)offset >= f->len)
		return 0;
	n = f->len - (size_t)offset;
	if (n > size)
		n = size;
	memcpy(buf, f->buf + offset, n);
	return (int)n;
}

/*
 * kernfs_fop_write_iter() + sysfs_kf_write(): at most PAGE_SIZE bytes of
 * the write go to ->store() as one value; the offset is ignored.
 */
static int fusefs_write(const char *path, const char *buf, size_t size, off_t offset,
			struct fuse_file_info *fi)
{
	struct fusefs *fs = fusefs_current();
	size_t len = size < FUSEFS_WRITE_MAX ? size : FUSEFS_WRITE_MAX;
	struct fusefs_file *f = file_of(fi);
	int ret;

	if (f && f->disk)
		return offset < 0 ? -EINVAL : (int)live_dev_rw(fs->lv, path, (uint64_t)offset, (void *)buf, size, true);
	if (!len)
		return 0;
	ret = live_sysfs_write(fs->lv, path, buf, len, NULL);
	if (ret < 0)
		return ret;
	return (int)len;
}

/* kernfs_iop_setattr() ignores sizes: a shell's O_TRUNC must not fail */
static int fusefs_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct fusefs *fs = fusefs_current();
	struct sysfs_stat st;
	int ret = live_sysfs_lookup(fs->lv, path, &st);

	if (ret)
		return ret;
	if (st.kind == SYSFS_DIR)
		return -EISDIR;
	return 0;
}

/* times are accepted and not kept (touch on a sysfs file succeeds) */
static int fusefs_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi)
{
	struct fusefs *fs = fusefs_current();
	struct sysfs_stat st;

	return live_sysfs_lookup(fs->lv, path, &st);
}

/* the tree's modes and owners are the model's: they cannot be changed */
static int fusefs_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	return -EPERM;
}

static int fusefs_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi)
{
	return -EPERM;
}

/* lookup_open(): a kernfs directory has no ->create */
static int fusefs_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	return -EACCES;
}

/* vfs_mknod(), kernfs_iop_mkdir/rmdir/rename(), vfs_unlink/symlink/link() */
static int fusefs_mknod(const char *path, mode_t mode, dev_t dev)
{
	return -EPERM;
}

static int fusefs_mkdir(const char *path, mode_t mode)
{
	return -EPERM;
}

static int fusefs_unlink(const char *path)
{
	return -EPERM;
}

static int fusefs_rmdir(const char *path)
{
	return -EPERM;
}

static int fusefs_symlink(const char *target, const char *path)
{
	return -EPERM;
}

static int fusefs_link(const char *from, const char *to)
{
	return -EPERM;
}

static int fusefs_rename(const char *from, const char *to, unsigned int flags)
{
	return -EPERM;
}

static int fusefs_statfs(const char *path, struct statvfs *sv)
{
	memset(sv, 0, sizeof(*sv));
	sv->f_bsize = 4096;
	sv->f_frsize = 4096;
	sv->f_namemax = 255;
	return 0;
}

static const struct fuse_operations fusefs_ops = {
	.init = fusefs_init,
	.getattr = fusefs_getattr,
	.readlink = fusefs_readlink,
	.readdir = fusefs_readdir,
	.open = fusefs_open,
	.release = fusefs_release,
	.read = fusefs_read,
	.write = fusefs_write,
	.truncate = fusefs_truncate,
	.utimens = fusefs_utimens,
	.chmod = fusefs_chmod,
	.chown = fusefs_chown,
	.create = fusefs_create,
	.mknod = fusefs_mknod,
	.mkdir = fusefs_mkdir,
	.unlink = fusefs_unlink,
	.rmdir = fusefs_rmdir,
	.symlink = fusefs_symlink,
	.link = fusefs_link,
	.rename = fusefs_rename,
	.statfs = fusefs_statfs,
};

/*
 * The serving loop: fuse_session_loop() with the wake eventfd beside the
 * /dev/fuse descriptor.  Ends when fusefs_stop() writes the eventfd, or
 * when the connection goes away (unmounted or aborted from outside).
 */
static void *fusefs_thread(void *arg)
{
	struct fusefs *fs = arg;
	struct fuse_session *se = fuse_get_session(fs->fuse);
	struct fuse_buf fbuf = { .mem = NULL };
	struct pollfd pfd[2] = {
		{ .fd = fuse_session_fd(se), .events = POLLIN },
		{ .fd = fs->wake_fd, .events = POLLIN },
	};

	while (!fuse_session_exited(se)) {
		int res = poll(pfd, 2, -1);

		if (res < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[1].revents)
			break;
		if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL))
			break;
		if (!(pfd[0].revents & POLLIN))
			continue;
		/* non-blocking: a request interrupted since poll() gives -EAGAIN */
		res = fuse_session_receive_buf(se, &fbuf);
		if (res == -EINTR || res == -EAGAIN)
			continue;
		if (res <= 0)
			break;
		fuse_session_process_buf(se, &fbuf);
	}
	free(fbuf.mem);
	return NULL;
}

/* allow_other is for root, or for users when /etc/fuse.conf says so */
static bool may_allow_other(void)
{
	char line[256];
	bool ok = false;
	FILE *f;

	if (geteuid() == 0)
		return true;
	f = fopen("/etc/fuse.conf", "r");
	if (!f)
		return false;
	while (!ok && fgets(line, sizeof(line), f))
		ok = !strncmp(line, "user_allow_other", 16);
	fclose(f);
	return ok;
}

/*
 * The reasons a mount cannot work that libfuse would only print.  /dev/fuse
 * need not be usable by the caller: a user mounts through the set-uid
 * fusermount3, which opens it as root.
 */
static int check_mount_preconditions(const char *mountpoint, struct memhp_err *err)
{
	struct stat sb;

	if (stat(mountpoint, &sb))
		return memhp_err_set(err, -errno, "%s: %s", mountpoint, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return memhp_err_set(err, -ENOTDIR, "%s: not a directory", mountpoint);
	if (stat("/dev/fuse", &sb) || !S_ISCHR(sb.st_mode))
		return memhp_err_set(err, -ENODEV, "/dev/fuse is missing (is the fuse module loaded?)");
	return 0;
}

int fusefs_start(struct live *lv, const char *mountpoint, struct fusefs **out,
		 struct memhp_err *err)
{
	char opts[128];
	char *argv[] = { (char *)"memhp", (char *)"-o", opts, NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, argv);
	struct fusefs *fs;
	sigset_t all, old;
	int ret, fl;

	ret = check_mount_preconditions(mountpoint, err);
	if (ret)
		return ret;
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	fs->lv = lv;
	fs->wake_fd = -1;
	clock_gettime(CLOCK_REALTIME, &fs->start_time);
	fs->mountpoint = strdup(mountpoint);
	if (!fs->mountpoint) {
		ret = memhp_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	fs->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (fs->wake_fd < 0) {
		ret = memhp_err_set(err, -errno, "eventfd: %s", strerror(errno));
		goto fail;
	}
	/* nodev: the character nodes of /dev must never open the host's devices */
	snprintf(opts, sizeof(opts), "fsname=memhp,subtype=memhp,default_permissions,nodev,nosuid%s",
		 may_allow_other() ? ",allow_other" : "");
	fs->fuse = fuse_new(&args, &fusefs_ops, sizeof(fusefs_ops), fs);
	fuse_opt_free_args(&args);
	if (!fs->fuse) {
		ret = memhp_err_set(err, -EINVAL, "libfuse refused the mount options '%s'", opts);
		goto fail;
	}
	if (fuse_mount(fs->fuse, mountpoint)) {
		ret = access("/dev/fuse", R_OK | W_OK) ? -EACCES : -EPERM;
		memhp_err_set(err, ret, "%s: mounting the FUSE file system failed (%s)", mountpoint,
			      ret == -EACCES ? "/dev/fuse: permission denied" : "not permitted");
		goto fail;
	}
	fs->mounted = true;
	fl = fcntl(fuse_session_fd(fuse_get_session(fs->fuse)), F_GETFL);
	if (fl < 0 || fcntl(fuse_session_fd(fuse_get_session(fs->fuse)), F_SETFL, fl | O_NONBLOCK)) {
		ret = memhp_err_set(err, -errno, "/dev/fuse: %s", strerror(errno));
		goto fail;
	}
	/* the daemon's signals belong to its main thread */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	ret = -pthread_create(&fs->thread, NULL, fusefs_thread, fs);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret) {
		memhp_err_set(err, ret, "pthread_create: %s", strerror(-ret));
		goto fail;
	}
	fs->thread_running = true;
	*out = fs;
	return 0;
fail:
	fusefs_stop(fs);
	return ret;
}

void fusefs_stop(struct fusefs *fs)
{
	if (!fs)
		return;
	if (fs->thread_running) {
		uint64_t one = 1;

		if (write(fs->wake_fd, &one, sizeof(one)) != sizeof(one))
			fuse_exit(fs->fuse);	/* cannot happen with a fresh eventfd */
		pthread_join(fs->thread, NULL);
	}
	/*
	 * Closes /dev/fuse first (the kernel then fails any request still
	 * coming, ENOTCONN), then detaches the mount.
	 */
	if (fs->mounted)
		fuse_unmount(fs->fuse);
	if (fs->fuse)
		fuse_destroy(fs->fuse);
	while (fs->files)
		file_free(fs, fs->files);
	if (fs->wake_fd >= 0)
		close(fs->wake_fd);
	free(fs->mountpoint);
	free(fs);
}
