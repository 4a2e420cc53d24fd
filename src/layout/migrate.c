/* SPDX-License-Identifier: MIT */
/*
 * Per file, as lfs migrate does it (lustre-abi.md §7): open the file for
 * writing, create a volatile file with the new layout in its directory,
 * sample the data version, take a group lock (blocking) or a read lease
 * (non-blocking), copy, then swap the layouts only if the data version
 * is unchanged. The volatile file owns the old objects after the swap
 * and takes them with it when closed; on any failure before the swap it
 * takes the copy instead, and the original is as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "layout/layout.h"
#include "layout/migrate.h"
#include "lustre/lustre.h"
#include "lustre/migrate.h"

#define CHUNK_DEFAULT (16u << 20)
#define LAYOUT_BUF    XATTR_SIZE_MAX

struct mig {
	const char *path;
	const struct migrate_opts *o;
	int fd, fdv, dirfd;
	struct stat st;
	uint64_t dv1;
	uint32_t gid;
	bool locked, leased;
	bool prealloc; /* fallocate each data range before copying it */
	char *buf; /* pread/pwrite fallback */
	size_t chunk;
	uint64_t copied;
	struct fsx_why *why;
};

/* What a failed write into the copy means for the user. */
static int write_error(struct mig *m, int err)
{
	if (err == ENOSPC)
		return why_set(m->why, -ENOSPC, "no space left on the new layout's OSTs; the file is unchanged");
	if (err == EDQUOT)
		return why_set(m->why, -EDQUOT, "the owner's quota is exceeded on the new layout; the file is unchanged");
	return why_set(m->why, -err, "data copy failed; the file is unchanged");
}

/*
 * Reserves [off, end) in the copy before it is written: a full OST or an
 * exhausted quota fails here, before any data moves, and the new objects
 * are allocated in one piece. Where fallocate is not supported, writes
 * report the same errors later.
 */
static int reserve(struct mig *m, uint64_t off, uint64_t end)
{
	if (!m->prealloc || off >= end)
		return 0;
	if (fallocate(m->fdv, 0, (off_t)off, (off_t)(end - off)) == 0)
		return 0;
	if (errno == ENOSPC || errno == EDQUOT || errno == EIO)
		return write_error(m, errno);
	m->prealloc = false; /* EOPNOTSUPP, ENOSYS, EINVAL: not here */
	return 0;
}

/* Copies [off, end) from fd to fdv; copy_file_range where it works. */
static int copy_range(struct mig *m, uint64_t off, uint64_t end, bool *use_cfr)
{
	int rc = reserve(m, off, end);

	if (rc)
		return rc;
	while (off < end) {
		size_t n = end - off < m->chunk ? (size_t)(end - off) : m->chunk;
		ssize_t r = -1;

		if ((m->o->flags & MIGRATE_NONBLOCK) && lustre_lease_get(m->fd) <= 0)
			return why_set(m->why, -EBUSY, "another process opened the file for writing during the copy; the file is unchanged");
		if (*use_cfr) {
			loff_t in = (loff_t)off, outo = (loff_t)off;

			r = copy_file_range(m->fd, &in, m->fdv, &outo, n, 0);
			if (r < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS ||
				      errno == EOPNOTSUPP || errno == EBADF)) {
				*use_cfr = false;
				continue;
			}
		} else {
			r = pread(m->fd, m->buf, n, (off_t)off);
			if (r > 0) {
				ssize_t w = pwrite(m->fdv, m->buf, (size_t)r, (off_t)off);

				r = w == r ? w : (w < 0 ? -1 : (errno = EIO, -1));
			}
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return write_error(m, errno);
		if (r == 0)
			break; /* the file shrank: the data version check will see it */
		/* start writing the chunk back now: the final fsync waits less */
		sync_file_range(m->fdv, (off_t)off, r, SYNC_FILE_RANGE_WRITE);
		off += (uint64_t)r;
		m->copied += (uint64_t)r;
		if (m->o->progress)
			m->o->progress(m->o->arg, off, (uint64_t)m->st.st_size);
	}
	return 0;
}

/* The data ranges (SEEK_DATA/SEEK_HOLE), so holes stay holes. */
static int copy_data(struct mig *m)
{
	uint64_t size = (uint64_t)m->st.st_size, off = 0;
	bool cfr = !(m->o->flags & MIGRATE_NO_COPY_RANGE);
	int rc;

	m->prealloc = true;
	m->buf = aligned_alloc(4096, m->chunk);
	if (!m->buf)
		return -ENOMEM;
	while (off < size) {
		off_t d = lseek(m->fd, (off_t)off, SEEK_DATA), h;

		if (d < 0 && errno == ENXIO)
			break; /* only a hole is left */
		if (d < 0) { /* no SEEK_DATA here: everything is data */
			rc = copy_range(m, off, size, &cfr);
			if (rc)
				return rc;
			break;
		}
		h = lseek(m->fd, d, SEEK_HOLE);
		if (h < 0 || (uint64_t)h > size)
			h = (off_t)size;
		rc = copy_range(m, (uint64_t)d, (uint64_t)h, &cfr);
		if (rc)
			return rc;
		off = (uint64_t)h;
	}
	if (ftruncate(m->fdv, (off_t)size) < 0)
		return why_set(m->why, -errno, "cannot set the size of the copy; the file is unchanged");
	if (fsync(m->fdv) < 0)
		return why_set(m->why, -errno, "cannot flush the copy; the file is unchanged");
	return 0;
}

static int open_source(struct mig *m)
{
	char *copy = strdup(m->path);
	uint8_t *blob;
	ssize_t n;
	int rc;

	if (!copy)
		return -ENOMEM;
	m->dirfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (m->dirfd < 0)
		return why_set(m->why, -errno, "cannot open its directory");
	/* O_NDELAY (in O_FILE_ENC): a released file is not restored by this */
	m->fd = open(m->path, O_RDWR | O_NOATIME | O_NOFOLLOW | O_FILE_ENC | O_CLOEXEC);
	if (m->fd < 0 && errno == EPERM) /* O_NOATIME needs ownership */
		m->fd = open(m->path, O_RDWR | O_NOFOLLOW | O_FILE_ENC | O_CLOEXEC);
	if (m->fd < 0)
		return why_set(m->why, -errno, "cannot open for writing");
	if (fstat(m->fd, &m->st) < 0)
		return why_set(m->why, -errno, "cannot stat");
	if (!S_ISREG(m->st.st_mode))
		return why_set(m->why, -EINVAL, "not a regular file");
	rc = lustre_fd_is_lustre(m->fd);
	if (rc != 1)
		return why_set(m->why, rc < 0 ? rc : -ENOTTY, "not on a Lustre filesystem");
	blob = calloc(1, LAYOUT_BUF);
	if (!blob)
		return -ENOMEM;
	n = lustre_fd_layout(m->fd, blob, LAYOUT_BUF);
	rc = n > 0 && layout_is_released(blob, (size_t)n);
	free(blob);
	if (rc)
		return why_set(m->why, -ENODATA, "released file: its data is in the repository; restore it first (fsxctl hsm-restore)");
	return 0;
}

static int make_volatile(struct mig *m, const void *blob, size_t len, bool comp)
{
	int mdt = 0, rc;

	if (lustre_fd_mdt_index(m->fd, &mdt) < 0)
		mdt = 0;
	m->fdv = lustre_volatile_create(m->dirfd, mdt, m->fd);
	if (m->fdv < 0)
		return why_set(m->why, m->fdv, "cannot create the volatile file");
	rc = comp ? lustre_set_lov_xattr(m->fdv, blob, len) : lustre_setstripe(m->fdv, blob);
	if (rc)
		return why_set(m->why, rc, "cannot create the new layout");
	if (m->st.st_uid != geteuid() || m->st.st_gid != getegid()) {
		if (fchown(m->fdv, m->st.st_uid, m->st.st_gid) < 0)
			return why_set(m->why, -errno, "cannot give the copy the file's owner");
	}
	return 0;
}

/* The new layout: the given one, or the file's own re-striped. */
static int new_layout(struct mig *m, void **ret, size_t *len, bool *comp)
{
	uint8_t *blob;
	ssize_t n;
	int rc;

	if (m->o->blob) {
		*ret = NULL;
		*len = m->o->len;
		*comp = m->o->composite;
		return 0;
	}
	blob = calloc(1, LAYOUT_BUF);
	if (!blob)
		return -ENOMEM;
	n = lustre_fd_layout(m->fd, blob, LAYOUT_BUF);
	if (n < 0)
		rc = why_set(m->why, (int)n, "cannot read its layout");
	else
		rc = layout_migrate_template(blob, (size_t)n, ret, len, comp, m->why);
	free(blob);
	return rc;
}

static int begin(struct mig *m)
{
	int rc;

	if (m->o->flags & MIGRATE_NONBLOCK) {
		rc = lustre_lease_set(m->fd, LL_LEASE_RDLCK);
		if (rc == -EBUSY)
			return why_set(m->why, rc, "cannot get a read lease: another process has the file open for writing; the file is unchanged");
		if (rc < 0)
			return why_set(m->why, rc, "cannot get a read lease");
		m->leased = true;
	} else {
		do
			m->gid = (uint32_t)random();
		while (!m->gid);
		/* from here every other reader and writer waits for the swap */
		rc = lustre_group_lock(m->fd, m->gid);
		if (rc)
			return why_set(m->why, rc, "cannot get the group lock");
		m->locked = true;
		/*
		 * lfs samples the data version before taking the lock, so a
		 * write in between makes its swap fail; sampled under the
		 * lock, a concurrent writer just waits for the migration.
		 */
	}
	/* the size to copy and the times to keep, as of the lock or lease */
	if (fstat(m->fd, &m->st) < 0)
		return why_set(m->why, -errno, "cannot stat");
	rc = lustre_data_version(m->fd, LL_DV_RD_FLUSH, &m->dv1);
	if (rc)
		return why_set(m->why, rc, "cannot get the data version");
	return 0;
}

static int finish(struct mig *m)
{
	struct timespec ts[2] = { m->st.st_atim, m->st.st_mtim };
	uint64_t dv2;
	int rc;

	/* the new objects carry the file's times (they define them on Lustre) */
	if (futimens(m->fdv, ts) < 0)
		return why_set(m->why, -errno, "cannot set the copy's times; the file is unchanged");
	if (!(m->o->flags & MIGRATE_NONBLOCK)) {
		rc = lustre_swap_layouts(m->fd, m->fdv, SWAP_LAYOUTS_CHECK_DV1, m->dv1, 0, 0);
		if (rc == -EAGAIN)
			return why_set(m->why, rc, "the file changed while it was copied; the file is unchanged (run migrate again)");
		if (rc)
			return why_set(m->why, rc, "cannot swap the layouts; the file is unchanged");
		futimens(m->fd, ts);
		return 0;
	}
	rc = lustre_data_version(m->fd, LL_DV_RD_FLUSH, &dv2);
	if (rc)
		return why_set(m->why, rc, "cannot get the data version");
	if (dv2 != m->dv1)
		return why_set(m->why, -EAGAIN, "the file changed while it was copied; the file is unchanged (run migrate again)");
	/* swaps and drops the lease in one step; a broken lease: no swap */
	rc = lustre_swap_layouts(m->fd, m->fdv, SWAP_LAYOUTS_CLOSE, 0, 0, 0);
	m->leased = false;
	if (rc == -EBUSY)
		return why_set(m->why, rc, "another process opened the file for writing; the file is unchanged");
	if (rc)
		return why_set(m->why, rc, "cannot swap the layouts; the file is unchanged");
	futimens(m->fd, ts);
	return 0;
}

static void cleanup(struct mig *m)
{
	if (m->locked)
		lustre_group_unlock(m->fd, m->gid);
	if (m->leased)
		lustre_lease_set(m->fd, LL_LEASE_UNLCK);
	if (m->fdv >= 0)
		close(m->fdv); /* destroys the copy, or after a swap the old objects */
	if (m->fd >= 0)
		close(m->fd);
	if (m->dirfd >= 0)
		close(m->dirfd);
	free(m->buf);
}

int layout_migrate(const char *path, const struct migrate_opts *o,
		   struct migrate_result *res, struct fsx_why *why)
{
	struct mig m = { .path = path, .o = o, .fd = -1, .fdv = -1, .dirfd = -1,
			 .chunk = o->chunk ? o->chunk : CHUNK_DEFAULT, .why = why };
	void *tmpl = NULL;
	size_t len = 0;
	bool comp = false;
	int rc;

	rc = open_source(&m);
	if (!rc)
		rc = new_layout(&m, &tmpl, &len, &comp);
	if (!rc)
		rc = make_volatile(&m, tmpl ? tmpl : o->blob, len, comp);
	if (!rc)
		rc = begin(&m);
	if (!rc)
		rc = copy_data(&m);
	if (!rc)
		rc = finish(&m);
	if (!rc && res) {
		res->size = (uint64_t)m.st.st_size;
		res->copied = m.copied;
	}
	free(tmpl);
	cleanup(&m);
	return rc;
}
