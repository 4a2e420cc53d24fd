// SPDX-License-Identifier: MIT
/*
 * open(2) on an emulated mount: O_LOV_DELAY_CREATE, layouts for new files,
 * volatile files, /.lustre/fid/, HSM restore on open, lease breaking; and
 * close(2), where layouts catch up with the data written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/pre.h"

static int is_delay(int flags)
{
	return (flags & O_LOV_DELAY_CREATE_BIT) ||
	       (flags & O_LOV_DELAY_PAIR) == O_LOV_DELAY_PAIR;
}

static int real_open(const char *abs, int flags, mode_t mode)
{
	return emu_real.openat(AT_FDCWD, abs, flags, mode);
}

/* <root>/.lustre/fid/[seq:oid:ver] -> the file's path */
static int dot_lustre(struct emu_mount *m, char *abs, size_t len)
{
	const char *p = emu_rel(m, abs);
	unsigned long long seq;
	unsigned int oid, ver, more;
	struct lu_fid fid;
	char rel[PATH_MAX];
	int rc;

	if (strncmp(p, ".lustre/fid/", 12))
		return 0;
	p += 12;
	p += strspn(p, "[");
	if (sscanf(p, "%lli:%i:%i", &seq, &oid, &ver) != 3)
		return -ENOENT;
	fid = (struct lu_fid){ seq, oid, ver };
	rc = emu_fid2path(m, &fid, 0, rel, sizeof(rel), &more);
	if (rc)
		return rc;
	if ((size_t)snprintf(abs, len, "%s%s%s", m->root, rel[0] ? "/" : "", rel) >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* A volatile file: an anonymous inode in the parent directory (O_TMPFILE). */
static int open_volatile(const char *abs, int flags, mode_t mode)
{
	char dir[PATH_MAX];
	char *slash;
	int fd;

	snprintf(dir, sizeof(dir), "%s", abs);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = 0;
	flags &= ~(O_CREAT | O_EXCL | O_NOFOLLOW | O_DIRECTORY | O_NOCTTY | FASYNC);
	if ((flags & O_ACCMODE) == O_RDONLY)
		flags |= O_RDWR;
	fd = real_open(dir, flags | O_TMPFILE, mode);
	if (fd < 0 && (errno == EINVAL && (flags & O_DIRECT))) {
		flags &= ~O_DIRECT;
		fd = real_open(dir, flags | O_TMPFILE, mode);
	}
	return fd;
}

/* Open, learning whether we created the file. */
static int open_create(const char *abs, int flags, mode_t mode, int *created)
{
	int fd;

	*created = 0;
	if (!(flags & O_CREAT))
		return real_open(abs, flags, mode);
	if (flags & O_EXCL) {
		fd = real_open(abs, flags, mode);
		*created = fd >= 0;
		return fd;
	}
	for (int tries = 0; tries < 8; tries++) {
		fd = real_open(abs, flags | O_EXCL, mode);
		if (fd >= 0) {
			*created = 1;
			return fd;
		}
		if (errno != EEXIST)
			return -1;
		fd = real_open(abs, flags & ~O_CREAT, mode);
		if (fd >= 0 || errno != ENOENT)
			return fd;
	}
	return -1;
}

static void remember(struct emu_mount *m, int fd, int flags, const struct stat *st)
{
	struct emu_fd *f = emu_fd_new(fd);

	if (!f)
		return;
	f->m = m;
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	f->flags = flags;
	f->writable = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
	f->mtime = st->st_mtim;
	f->size = st->st_size;
	f->glock_fd = -1;
	f->swap_gen = emu_swap_gen(m, 0);
	if ((flags & O_ACCMODE) != O_RDONLY)
		emu_writer_add(f);
}

/* a directory fd: its path, so that calls on it need no readlink */
static void remember_dir(struct emu_mount *m, int fd, const char *abs, const struct stat *st)
{
	struct emu_fd *f = emu_fd_new(fd);

	if (!f)
		return;
	f->m = m;
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	f->isdir = 1;
	f->glock_fd = -1;
	f->path = strdup(abs);
}

static int after_open(struct emu_mount *m, int fd, const char *abs, int flags, int created)
{
	int writable = (flags & O_ACCMODE) != O_RDONLY;
	struct lu_fid fid;
	struct stat st;
	int rc = 0;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISDIR(st.st_mode) && (flags & O_CREAT) && !created)
		return -EISDIR;
	if (S_ISDIR(st.st_mode))
		remember_dir(m, fd, abs, &st);
	if (!S_ISREG(st.st_mode))
		return 0;
	if (created)
		emu_fid_get(m, fd, abs, &fid);
	if (created && !is_delay(flags))
		rc = emu_file_new_layout(m, fd, abs, NULL, 0);
	else if (!created && writable && !is_delay(flags))
		rc = emu_file_new_layout(m, fd, abs, NULL, 0);
	if (rc == -EEXIST || rc == -EACCES || rc == -EPERM)
		rc = 0;
	if (rc)
		return rc;
	if (!created) {
		rc = emu_hsm_on_open(m, abs, flags, writable && !is_delay(flags));
		if (rc)
			return rc;
		emu_lease_on_open(m, abs, flags, &st);
		fstat(fd, &st);
	}
	remember(m, fd, flags, &st);
	if (!created && (flags & O_NONBLOCK) && (flags & O_ACCMODE) != O_RDONLY && emu_fd_get(fd))
		emu_fd_get(fd)->released = emu_hsm_is_released(fd);
	return 0;
}

int emu_open(int dirfd, const char *path, int flags, mode_t mode)
{
	char abs[PATH_MAX];
	struct emu_mount *m;
	int fd, created, rc, handled = 0;
	uint32_t gen0;

	if (path && path[0] == '/') {
		fd = emu_proc_open(path, flags, &handled);
		if (handled)
			return fd;
	}
	m = emu_path_mount(dirfd, path, abs, sizeof(abs));
	if (!m)
		return emu_real.openat(dirfd, path, flags, mode);
	if ((rc = dot_lustre(m, abs, sizeof(abs))) < 0) {
		errno = -rc;
		return -1;
	}
	gen0 = emu_swap_gen(m, 0);
	if (emu_is_volatile(abs) && (flags & O_CREAT)) {
		fd = open_volatile(abs, flags, mode);
		created = 1;
	} else {
		int real = flags & ~O_LOV_DELAY_CREATE_BIT;

		if (is_delay(flags))
			real &= ~O_LOV_DELAY_PAIR;
		fd = open_create(abs, real, mode, &created);
	}
	if (fd < 0 || (flags & O_PATH))
		return fd;
	rc = after_open(m, fd, abs, flags, created);
	if (!rc && emu_fd_get(fd) && emu_fd_get(fd)->m) {
		/* a swap renamed another inode over the name while we waited */
		struct emu_fd *f = emu_fd_get(fd);

		f->swap_gen = gen0;
		emu_swap_follow(f, fd);
	}
	if (rc) {
		emu_real.close(fd);
		errno = -rc;
		return -1;
	}
	if (emu_is_volatile(abs) && (flags & O_CREAT) && emu_fd_get(fd))
		emu_fd_get(fd)->isvolatile = 1;
	return fd;
}

void emu_close_fd(int fd)
{
	struct emu_fd *f = emu_fd_get(fd);
	char abs[PATH_MAX];
	struct stat st;

	if (!f)
		return;
	/* an fd closed behind our back (inside libc) may have been reused */
	if (f->m && !f->isdir && !fstat(fd, &st) && st.st_dev == f->dev && st.st_ino == f->ino) {
		if (f->writable && emu_fd_mount(fd, abs, sizeof(abs)) == f->m)
			emu_file_sync_layout(f->m, fd, abs, 1);
		if (f->writable) {
			emu_quota_invalidate();
			emu_usage_invalidate(f->m);
		}
		emu_hsm_on_close(f->m, fd, abs, f);
		emu_lease_on_close(f->m, f);
	}
	emu_fd_drop(fd);
}

/* dup2(fd, 1): the copy is a writer too (shell redirections) */
void emu_fd_dup(int from, int to)
{
	struct emu_fd *f = emu_fd_get(from), *t;

	if (from == to)
		return;
	emu_close_fd(to);
	if (!f || !(t = emu_fd_new(to)))
		return;
	*t = *f;
	t->path = f->path ? strdup(f->path) : NULL;
	t->lease = 0;
	t->gid = 0;
	t->glock_fd = -1;
	t->wtracked = 0;
	if ((t->flags & O_ACCMODE) != O_RDONLY)
		emu_writer_add(t);
}

/* at exit: what close() would have done for fds never closed */
void emu_close_all(void)
{
	for (int fd = 0; fd < 1024; fd++)
		if (emu_fd_get(fd))
			emu_close_fd(fd);
}
