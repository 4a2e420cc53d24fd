// SPDX-License-Identifier: MIT
/*
 * libfsxemu.so: the libc entry points we interpose. Each wrapper decides
 * cheaply whether the call concerns an emulated mount (or a Lustre /proc
 * or /sys file) and otherwise calls libc untouched.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "emu/pre.h"

struct emu_real emu_real;

#define REAL(name) real_##name
#define DEFINE_REAL(ret, name, ...) static ret (*real_##name)(__VA_ARGS__)
#define LOAD(name) (real_##name = dlsym(RTLD_NEXT, #name))

DEFINE_REAL(FILE *, fopen, const char *, const char *);
DEFINE_REAL(FILE *, fopen64, const char *, const char *);
DEFINE_REAL(FILE *, setmntent, const char *, const char *);
DEFINE_REAL(int, fclose, FILE *);
DEFINE_REAL(int, dup2, int, int);
DEFINE_REAL(int, dup3, int, int, int);
DEFINE_REAL(int, closedir, DIR *);
DEFINE_REAL(int, statfs, const char *, struct statfs *);
DEFINE_REAL(int, fstatfs, int, struct statfs *);
DEFINE_REAL(int, statvfs, const char *, struct statvfs *);
DEFINE_REAL(int, fstatvfs, int, struct statvfs *);
DEFINE_REAL(int, name_to_handle_at, int, const char *, struct file_handle *, int *, int);
DEFINE_REAL(int, open_by_handle_at, int, struct file_handle *, int);
DEFINE_REAL(int, chdir, const char *);
DEFINE_REAL(int, fchdir, int);

__attribute__((constructor)) static void load(void)
{
	emu_real.open = dlsym(RTLD_NEXT, "open");
	emu_real.openat = dlsym(RTLD_NEXT, "openat");
	emu_real.close = dlsym(RTLD_NEXT, "close");
	emu_real.ioctl = dlsym(RTLD_NEXT, "ioctl");
	emu_real.getxattr = dlsym(RTLD_NEXT, "getxattr");
	emu_real.lgetxattr = dlsym(RTLD_NEXT, "lgetxattr");
	emu_real.fgetxattr = dlsym(RTLD_NEXT, "fgetxattr");
	emu_real.setxattr = dlsym(RTLD_NEXT, "setxattr");
	emu_real.lsetxattr = dlsym(RTLD_NEXT, "lsetxattr");
	emu_real.fsetxattr = dlsym(RTLD_NEXT, "fsetxattr");
	emu_real.listxattr = dlsym(RTLD_NEXT, "listxattr");
	emu_real.llistxattr = dlsym(RTLD_NEXT, "llistxattr");
	emu_real.flistxattr = dlsym(RTLD_NEXT, "flistxattr");
	emu_real.lremovexattr = dlsym(RTLD_NEXT, "lremovexattr");
	emu_real.fremovexattr = dlsym(RTLD_NEXT, "fremovexattr");
	LOAD(fopen);
	LOAD(fopen64);
	LOAD(setmntent);
	LOAD(fclose);
	LOAD(dup2);
	LOAD(dup3);
	LOAD(closedir);
	LOAD(statfs);
	LOAD(fstatfs);
	LOAD(statvfs);
	LOAD(fstatvfs);
	LOAD(name_to_handle_at);
	LOAD(open_by_handle_at);
	LOAD(chdir);
	LOAD(fchdir);
}

static inline void ready(void)
{
	if (!emu_real.open)
		load();
}

static int fail(int rc)
{
	errno = -rc;
	return -1;
}

/* ---- open ---- */

static mode_t va_mode(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, mode_t) : 0;
}

#define OPEN_WRAPPER(name)                                 \
	int name(const char *path, int flags, ...)         \
	{                                                  \
		va_list ap;                                \
		mode_t mode;                               \
		va_start(ap, flags);                       \
		mode = va_mode(flags, ap);                 \
		va_end(ap);                                \
		ready();                                   \
		return emu_open(AT_FDCWD, path, flags, mode); \
	}

#define OPENAT_WRAPPER(name)                                   \
	int name(int dirfd, const char *path, int flags, ...)  \
	{                                                      \
		va_list ap;                                    \
		mode_t mode;                                   \
		va_start(ap, flags);                           \
		mode = va_mode(flags, ap);                     \
		va_end(ap);                                    \
		ready();                                       \
		return emu_open(dirfd, path, flags, mode);     \
	}

OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)
OPENAT_WRAPPER(openat)
OPENAT_WRAPPER(openat64)

int __open_2(const char *path, int flags)
{
	ready();
	return emu_open(AT_FDCWD, path, flags, 0);
}

int __open64_2(const char *path, int flags)
{
	ready();
	return emu_open(AT_FDCWD, path, flags, 0);
}

int __openat_2(int dirfd, const char *path, int flags)
{
	ready();
	return emu_open(dirfd, path, flags, 0);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	ready();
	return emu_open(dirfd, path, flags, 0);
}

int creat(const char *path, mode_t mode)
{
	ready();
	return emu_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

int creat64(const char *path, mode_t mode)
{
	return creat(path, mode);
}

static int mode_flags(const char *mode)
{
	int flags = strchr(mode, '+') ? O_RDWR : 0;

	if (mode[0] == 'w')
		flags |= (flags ? 0 : O_WRONLY) | O_CREAT | O_TRUNC;
	else if (mode[0] == 'a')
		flags |= (flags ? 0 : O_WRONLY) | O_CREAT | O_APPEND;
	if (strchr(mode, 'e'))
		flags |= O_CLOEXEC;
	if (strchr(mode, 'x'))
		flags |= O_EXCL;
	return flags;
}

static int ours(const char *path)
{
	char abs[PATH_MAX];

	if (!path)
		return 0;
	if (!strncmp(path, "/proc/", 6) || !strncmp(path, "/sys/fs/lustre", 14) ||
	    !strcmp(path, "/etc/mtab"))
		return 1;
	return emu_path_mount(AT_FDCWD, path, abs, sizeof(abs)) != NULL;
}

static FILE *fopen_common(const char *path, const char *mode,
			  FILE *(*real)(const char *, const char *))
{
	int fd;
	FILE *f;

	ready();
	emu_init();
	if (!emu_nmounts || !ours(path))
		return real(path, mode);
	fd = emu_open(AT_FDCWD, path, mode_flags(mode), 0666);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, mode);
	if (!f)
		close(fd);
	return f;
}

FILE *fopen(const char *path, const char *mode)
{
	return fopen_common(path, mode, REAL(fopen));
}

FILE *fopen64(const char *path, const char *mode)
{
	return fopen_common(path, mode, REAL(fopen64) ? REAL(fopen64) : REAL(fopen));
}

FILE *setmntent(const char *path, const char *mode)
{
	FILE *f;

	ready();
	emu_init();
	if (!emu_nmounts || mode[0] != 'r' || strchr(mode, '+'))
		return REAL(setmntent)(path, mode);
	f = fopen(path, "re");
	return f;
}

__attribute__((destructor)) static void fini(void)
{
	emu_close_all();
}

int dup2(int from, int to)
{
	int rc;

	ready();
	rc = REAL(dup2)(from, to);
	if (rc >= 0)
		emu_fd_dup(from, rc);
	return rc;
}

int dup3(int from, int to, int flags)
{
	int rc;

	ready();
	rc = REAL(dup3)(from, to, flags);
	if (rc >= 0)
		emu_fd_dup(from, rc);
	return rc;
}

int close(int fd)
{
	ready();
	emu_close_fd(fd);
	return emu_real.close(fd);
}

int fclose(FILE *f)
{
	ready();
	if (f)
		emu_close_fd(fileno(f));
	return REAL(fclose)(f);
}

int closedir(DIR *d)
{
	ready();
	emu_fd_drop(dirfd(d));
	return REAL(closedir)(d);
}

/* ---- statfs ---- */

int statfs(const char *path, struct statfs *st)
{
	char abs[PATH_MAX];
	struct emu_mount *m;
	int rc;

	ready();
	rc = REAL(statfs)(path, st);
	if (!rc && (m = emu_path_mount(AT_FDCWD, path, abs, sizeof(abs))))
		emu_statfs_fill(m, st);
	return rc;
}

int fstatfs(int fd, struct statfs *st)
{
	char abs[PATH_MAX];
	struct emu_mount *m;
	int rc;

	ready();
	rc = REAL(fstatfs)(fd, st);
	emu_init();
	if (!rc && emu_nmounts && (m = emu_fd_mount(fd, abs, sizeof(abs))))
		emu_statfs_fill(m, st);
	return rc;
}

static void vfs_fill(struct emu_mount *m, struct statvfs *v)
{
	struct statfs s;

	memset(&s, 0, sizeof(s));
	emu_statfs_fill(m, &s);
	v->f_bsize = s.f_bsize;
	v->f_frsize = s.f_frsize;
	v->f_blocks = s.f_blocks;
	v->f_bfree = s.f_bfree;
	v->f_bavail = s.f_bavail;
	v->f_files = s.f_files;
	v->f_ffree = s.f_ffree;
	v->f_favail = s.f_ffree;
	v->f_namemax = s.f_namelen;
}

int statvfs(const char *path, struct statvfs *v)
{
	char abs[PATH_MAX];
	struct emu_mount *m;
	int rc;

	ready();
	rc = REAL(statvfs)(path, v);
	if (!rc && (m = emu_path_mount(AT_FDCWD, path, abs, sizeof(abs))))
		vfs_fill(m, v);
	return rc;
}

int fstatvfs(int fd, struct statvfs *v)
{
	char abs[PATH_MAX];
	struct emu_mount *m;
	int rc;

	ready();
	rc = REAL(fstatvfs)(fd, v);
	emu_init();
	if (!rc && emu_nmounts && (m = emu_fd_mount(fd, abs, sizeof(abs))))
		vfs_fill(m, v);
	return rc;
}

/* LP64: the 64 variants share the layouts */
int statfs64(const char *path, struct statfs64 *st)
{
	return statfs(path, (struct statfs *)st);
}

int fstatfs64(int fd, struct statfs64 *st)
{
	return fstatfs(fd, (struct statfs *)st);
}

int statvfs64(const char *path, struct statvfs64 *v)
{
	return statvfs(path, (struct statvfs *)v);
}

int fstatvfs64(int fd, struct statvfs64 *v)
{
	return fstatvfs(fd, (struct statvfs *)v);
}

/* ---- xattrs ---- */

static int lustre_name(const char *name)
{
	return name && (!strncmp(name, "lustre.", 7) || !strcmp(name, "trusted.lov") ||
			!strcmp(name, "trusted.lma") || !strcmp(name, "trusted.link") ||
			!strcmp(name, "trusted.hsm"));
}

#define XRET(rc, call) ((rc) == EMU_PASS ? (call) : (rc) < 0 ? fail((int)(rc)) : (rc))

ssize_t getxattr(const char *path, const char *name, void *val, size_t size)
{
	ssize_t rc;

	ready();
	if (!lustre_name(name))
		return emu_real.getxattr(path, name, val, size);
	rc = emu_getxattr(-1, path, 0, name, val, size);
	return XRET(rc, emu_real.getxattr(path, name, val, size));
}

ssize_t lgetxattr(const char *path, const char *name, void *val, size_t size)
{
	ssize_t rc;

	ready();
	if (!lustre_name(name))
		return emu_real.lgetxattr(path, name, val, size);
	rc = emu_getxattr(-1, path, 1, name, val, size);
	return XRET(rc, emu_real.lgetxattr(path, name, val, size));
}

ssize_t fgetxattr(int fd, const char *name, void *val, size_t size)
{
	ssize_t rc;

	ready();
	if (!lustre_name(name))
		return emu_real.fgetxattr(fd, name, val, size);
	rc = emu_getxattr(fd, NULL, 0, name, val, size);
	return XRET(rc, emu_real.fgetxattr(fd, name, val, size));
}

int setxattr(const char *path, const char *name, const void *val, size_t size, int flags)
{
	int rc;

	ready();
	if (!lustre_name(name))
		return emu_real.setxattr(path, name, val, size, flags);
	rc = emu_setxattr(-1, path, 0, name, val, size, flags);
	return XRET(rc, emu_real.setxattr(path, name, val, size, flags));
}

int lsetxattr(const char *path, const char *name, const void *val, size_t size, int flags)
{
	int rc;

	ready();
	if (!lustre_name(name))
		return emu_real.lsetxattr(path, name, val, size, flags);
	rc = emu_setxattr(-1, path, 1, name, val, size, flags);
	return XRET(rc, emu_real.lsetxattr(path, name, val, size, flags));
}

int fsetxattr(int fd, const char *name, const void *val, size_t size, int flags)
{
	int rc;

	ready();
	if (!lustre_name(name))
		return emu_real.fsetxattr(fd, name, val, size, flags);
	rc = emu_setxattr(fd, NULL, 0, name, val, size, flags);
	return XRET(rc, emu_real.fsetxattr(fd, name, val, size, flags));
}

ssize_t listxattr(const char *path, char *list, size_t size)
{
	ssize_t rc;

	ready();
	emu_init();
	if (!emu_nmounts)
		return emu_real.listxattr(path, list, size);
	rc = emu_listxattr(-1, path, 0, list, size);
	return XRET(rc, emu_real.listxattr(path, list, size));
}

ssize_t llistxattr(const char *path, char *list, size_t size)
{
	ssize_t rc;

	ready();
	emu_init();
	if (!emu_nmounts)
		return emu_real.llistxattr(path, list, size);
	rc = emu_listxattr(-1, path, 1, list, size);
	return XRET(rc, emu_real.llistxattr(path, list, size));
}

ssize_t flistxattr(int fd, char *list, size_t size)
{
	ssize_t rc;

	ready();
	emu_init();
	if (!emu_nmounts)
		return emu_real.flistxattr(fd, list, size);
	rc = emu_listxattr(fd, NULL, 0, list, size);
	return XRET(rc, emu_real.flistxattr(fd, list, size));
}

/* ---- ioctl ---- */

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	int handled, rc;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	ready();
	rc = emu_ioctl(fd, req, arg, &handled);
	if (!handled)
		return emu_real.ioctl(fd, req, arg);
	return rc < 0 ? fail(rc) : rc;
}

/* ---- FIDs as file handles ---- */

int name_to_handle_at(int dirfd, const char *path, struct file_handle *h, int *mount_id,
		      int flags)
{
	char abs[PATH_MAX], buf[sizeof(struct file_handle) + 128];
	struct file_handle *tmp = (void *)buf;
	struct lustre_file_handle lfh = { 0 };
	struct emu_mount *m;
	int rc;

	ready();
	if ((flags & AT_EMPTY_PATH) && (!path || !*path))
		m = emu_fd_mount(dirfd, abs, sizeof(abs));
	else
		m = emu_path_mount(dirfd, path, abs, sizeof(abs));
	if (!m)
		return REAL(name_to_handle_at)(dirfd, path, h, mount_id, flags);
	if (h->handle_bytes < sizeof(lfh)) {
		h->handle_bytes = sizeof(lfh);
		return fail(-EOVERFLOW);
	}
	if (!(flags & AT_EMPTY_PATH) || (path && *path)) {
		struct stat st;

		if ((flags & AT_SYMLINK_FOLLOW ? stat(abs, &st) : lstat(abs, &st)))
			return -1;
	}
	rc = emu_fid_get(m, -1, abs, &lfh.lfh_child);
	if (rc)
		return fail(rc);
	tmp->handle_bytes = 128;
	if (REAL(name_to_handle_at)(AT_FDCWD, abs, tmp, mount_id, 0))
		*mount_id = 0;
	h->handle_type = FILEID_LUSTRE;
	h->handle_bytes = sizeof(lfh);
	memcpy(h->f_handle, &lfh, sizeof(lfh));
	return 0;
}

int open_by_handle_at(int mount_fd, struct file_handle *h, int flags)
{
	char abs[PATH_MAX], rel[PATH_MAX];
	struct lustre_file_handle lfh;
	struct emu_mount *m;
	unsigned int more;
	int rc;

	ready();
	if (h->handle_type != FILEID_LUSTRE || h->handle_bytes < 16 ||
	    !(m = emu_fd_mount(mount_fd, abs, sizeof(abs))))
		return REAL(open_by_handle_at)(mount_fd, h, flags);
	memcpy(&lfh, h->f_handle, 16);
	rc = emu_fid2path(m, &lfh.lfh_child, 0, rel, sizeof(rel), &more);
	if (rc)
		return fail(rc == -ENOENT ? -ESTALE : rc);
	if ((size_t)snprintf(abs, sizeof(abs), "%s/%s", m->root, rel) >= sizeof(abs))
		return fail(-ENAMETOOLONG);
	return emu_open(AT_FDCWD, abs, flags, 0);
}

/* ---- cwd ---- */

int chdir(const char *path)
{
	char buf[PATH_MAX];
	const char *v;

	ready();
	emu_cwd_invalidate();
	v = path[0] == '/' ? emu_virt_map(path, buf, sizeof(buf)) : NULL;
	return REAL(chdir)(v ? v : path);
}

int fchdir(int fd)
{
	ready();
	emu_cwd_invalidate();
	return REAL(fchdir)(fd);
}
