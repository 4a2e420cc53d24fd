// SPDX-License-Identifier: MIT
/*
 * What lfs migrate needs from the client (lustre-abi.md §6.13-6.16, §7):
 * data versions, group locks, leases and the layout swap. The
 * cross-process bookkeeping is in locks.c, the data exchange in swap.c.
 *
 * Data version: a hash of the inode's user.lustre.dv counter and its
 * size, mtime and ctime. Writers through the preload bump the counter
 * (only when a data-version query happened since their last bump, see
 * emu_dv_touch), so back-to-back writes within one timestamp tick are
 * noticed; writes behind the emulator's back change size/mtime/ctime.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/pre.h"

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
	h ^= h >> 30;
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 27;
	h *= 0x94D049BB133111EBull;
	return h ^ (h >> 31);
}

static void counter_bump(int fd)
{
	uint64_t c = 0;

	if (emu_real.fgetxattr(fd, EMU_XA_DV, &c, sizeof(c)) != sizeof(c))
		c = 0;
	c++;
	emu_real.fsetxattr(fd, EMU_XA_DV, &c, sizeof(c), 0);
}

/* after a write through fd: make the next data version differ */
void emu_dv_touch(struct emu_fd *f, int fd)
{
	uint32_t e = emu_dv_epoch(f->m, 0);

	if (e == f->dv_epoch)
		return;
	f->dv_epoch = e;
	counter_bump(fd);
}

static int data_version(struct emu_mount *m, int fd, uint64_t *ret, uint32_t *layout)
{
	struct emu_layout *lo;
	uint64_t c = 0, h;
	struct stat st;
	int rc;

	emu_dv_epoch(m, 1);
	if (fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -ENOTTY;
	*ret = 0;
	*layout = 0xFFFFFFFFu;
	rc = emu_lov_load(fd, NULL, &lo);
	if (rc == -ENODATA)
		return 0; /* no objects: version 0 */
	if (rc)
		return rc == -EINVAL ? 0 : rc;
	*layout = lo->magic == LOV_MAGIC_COMP_V1 ? lo->gen : lo->comps[0].off30;
	if (emu_layout_is_released(lo)) {
		emu_layout_free(lo);
		return 0;
	}
	emu_layout_free(lo);
	if (emu_real.fgetxattr(fd, EMU_XA_DV, &c, sizeof(c)) != sizeof(c))
		c = 0;
	h = mix(mix(mix(mix(mix(0, c), (uint64_t)st.st_size), (uint64_t)st.st_ino),
		    (uint64_t)st.st_mtim.tv_sec * 1000000000ull + (uint64_t)st.st_mtim.tv_nsec),
		(uint64_t)st.st_ctim.tv_sec * 1000000000ull + (uint64_t)st.st_ctim.tv_nsec);
	*ret = h ? h : 1;
	return 0;
}

/* the emu_fd of a regular file fd, registered now if we never saw it open */
static struct emu_fd *file_fd(struct emu_mount *m, int fd, int *rc)
{
	struct emu_fd *f = emu_fd_get(fd);
	struct stat st;

	*rc = 0;
	if (fstat(fd, &st)) {
		*rc = -errno;
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*rc = -ENOTTY;
		return NULL;
	}
	if (f && f->m == m && f->ino == st.st_ino)
		return f;
	if (!(f = emu_fd_new(fd))) {
		*rc = -ENOMEM;
		return NULL;
	}
	f->m = m;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->flags = fcntl(fd, F_GETFL);
	return f;
}

static int group_lock(struct emu_mount *m, int fd, unsigned long req, uint32_t gid)
{
	int rc;
	struct emu_fd *f = file_fd(m, fd, &rc);

	if (!f)
		return rc;
	if (req == LL_IOC_GROUP_UNLOCK) {
		if (!f->gid || f->gid != gid)
			return -EINVAL;
		emu_group_unlock(f);
		return 0;
	}
	if (!gid || f->gid)
		return -EINVAL;
	return emu_group_lock(f, gid, !!(fcntl(fd, F_GETFL) & O_NONBLOCK));
}

static int lease(struct emu_mount *m, int fd, uint32_t mode)
{
	int acc = fcntl(fd, F_GETFL) & O_ACCMODE, rc;
	struct emu_fd *f = file_fd(m, fd, &rc);

	if (!f)
		return rc;
	if (mode == LL_LEASE_UNLCK)
		return emu_lease_unlock(f);
	if (mode != LL_LEASE_RDLCK && mode != LL_LEASE_WRLCK)
		return -EINVAL;
	if ((mode == LL_LEASE_RDLCK && acc == O_WRONLY) ||
	    (mode == LL_LEASE_WRLCK && acc == O_RDONLY))
		return -EPERM;
	return emu_lease_set(f, mode);
}

static int writable_by_caller(int fd)
{
	char link[64];

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	return !access(link, W_OK);
}

/* §6.15: the argument checks, in the kernel's order */
static int swap_check(struct emu_mount *m, int fd, const struct lustre_swap_layouts *sl,
		      struct stat *st1, struct stat *st2)
{
	char abs[PATH_MAX];
	int fl1, fl2;

	if (fstat(fd, st1))
		return -errno;
	fl1 = fcntl(fd, F_GETFL);
	if (S_ISDIR(st1->st_mode) || (fl1 & O_ACCMODE) == O_RDONLY)
		return -EPERM;
	fl2 = fcntl((int)sl->sl_fd, F_GETFL);
	if (fl2 < 0)
		return -EBADF;
	if ((fl2 & O_ACCMODE) == O_RDONLY)
		return -EPERM;
	if (fstat((int)sl->sl_fd, st2))
		return -errno;
	if (!S_ISREG(st1->st_mode) || !S_ISREG(st2->st_mode))
		return -EINVAL;
	if (!writable_by_caller(fd) || !writable_by_caller((int)sl->sl_fd))
		return -EPERM;
	if (emu_fd_mount((int)sl->sl_fd, abs, sizeof(abs)) != m)
		return -EXDEV;
	return 0;
}

static int dv_check(struct emu_mount *m, int fd, uint64_t want)
{
	uint64_t v;
	uint32_t l;
	int rc = data_version(m, fd, &v, &l);

	return rc ? rc : v == want ? 0 : -EAGAIN;
}

static int released(int fd)
{
	struct emu_layout *lo;
	int r;

	if (emu_lov_load(fd, NULL, &lo))
		return 0;
	r = emu_layout_is_released(lo);
	emu_layout_free(lo);
	return r;
}

static int swap_layouts(struct emu_mount *m, int fd, const struct lustre_swap_layouts *sl)
{
	struct stat st1, st2;
	struct emu_fd *f, *f2 = NULL;
	int fd2 = (int)sl->sl_fd, rc, took = 0, took2 = 0;

	if ((rc = swap_check(m, fd, sl, &st1, &st2)))
		return rc;
	if (sl->sl_flags & SWAP_LAYOUTS_CLOSE) {
		f = emu_fd_get(fd);
		if (!f || !f->lease)
			return -ENOLCK;
		if (st1.st_ino == st2.st_ino && st1.st_dev == st2.st_dev) {
			emu_lease_unlock(f);
			return -EINVAL;
		}
		if (!emu_lease_intact(f)) {
			emu_lease_unlock(f);
			return -EBUSY;
		}
		emu_lease_unlock(f);
	} else {
		if (st1.st_ino == st2.st_ino && st1.st_dev == st2.st_dev)
			return 0;
		if ((sl->sl_flags & SWAP_LAYOUTS_CHECK_DV1) && (rc = dv_check(m, fd, sl->sl_dv1)))
			return rc;
		if ((sl->sl_flags & SWAP_LAYOUTS_CHECK_DV2) && (rc = dv_check(m, fd2, sl->sl_dv2)))
			return rc;
	}
	if (released(fd) || released(fd2))
		return -EINVAL;
	if (sl->sl_gid && !(sl->sl_flags & SWAP_LAYOUTS_CLOSE)) {
		if (!(f = file_fd(m, fd, &rc)) || !(f2 = file_fd(m, fd2, &rc)))
			return rc;
		if (f->gid != sl->sl_gid && !(rc = emu_group_lock(f, sl->sl_gid, 0)))
			took = 1;
		if (!rc && f2->gid != sl->sl_gid && !(rc = emu_group_lock(f2, sl->sl_gid, 0)))
			took2 = 1;
	}
	if (!rc)
		rc = emu_swap_data(m, fd, fd2);
	if (!rc) {
		counter_bump(fd);
		counter_bump(fd2);
	}
	if (took)
		emu_group_unlock(f);
	if (took2)
		emu_group_unlock(f2);
	return rc;
}

int emu_migrate_ioctl(struct emu_mount *m, int fd, const char *abs, unsigned long req, void *arg)
{
	struct ioc_data_version *dv = arg;
	struct emu_fd *f;
	uint64_t v;
	uint32_t l;
	int rc;

	(void)abs;
	switch (req) {
	case LL_IOC_DATA_VERSION:
		if ((rc = data_version(m, fd, &v, &l)))
			return rc;
		dv->idv_version = v;
		dv->idv_layout_version = l;
		dv->idv_flags &= ~4u; /* LL_DV_SZ_UPDATE is stripped */
		return 0;
	case LL_IOC_GROUP_LOCK:
	case LL_IOC_GROUP_UNLOCK:
		return group_lock(m, fd, req, (uint32_t)(uintptr_t)arg);
	case LL_IOC_SET_LEASE:
		return lease(m, fd, ((struct ll_ioc_lease *)arg)->lil_mode);
	case LL_IOC_SET_LEASE_OLD:
		return lease(m, fd, (uint32_t)(uintptr_t)arg);
	case LL_IOC_GET_LEASE:
		f = emu_fd_get(fd);
		return f && emu_lease_intact(f) ? f->lease : 0;
	case LL_IOC_LOV_SWAP_LAYOUTS:
		return swap_layouts(m, fd, arg);
	}
	return -ENOTTY;
}

/* an open for write breaks leases and waits for group locks */
void emu_lease_on_open(struct emu_mount *m, const char *abs, int flags, const struct stat *st)
{
	(void)abs;
	if ((flags & O_ACCMODE) == O_RDONLY && !(flags & O_TRUNC))
		return;
	emu_lease_break(m, st->st_ino);
	emu_group_wait(m, NULL, st->st_ino);
}

void emu_lease_on_close(struct emu_mount *m, struct emu_fd *f)
{
	(void)m;
	if (f->lease)
		emu_lease_unlock(f);
	emu_group_unlock(f);
	emu_writer_drop(f);
}
