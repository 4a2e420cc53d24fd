// SPDX-License-Identifier: MIT
/*
 * What the emulated MDT keeps per inode: the FID (user.lustre.fid, assigned
 * on first sight) and the layout (user.lustre.lov, wire format). Layouts are
 * changed under state/layout.lock so that concurrent processes agree.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "emu/pre.h"

static const char *relpath(const struct emu_mount *m, const char *abs)
{
	const char *r = abs + m->rootlen;

	while (*r == '/')
		r++;
	return r;
}

static ssize_t xget(int fd, const char *abs, const char *name, void *buf, size_t len)
{
	ssize_t n = fd >= 0 ? emu_real.fgetxattr(fd, name, buf, len) :
			      emu_real.lgetxattr(abs, name, buf, len);

	return n < 0 ? -errno : n;
}

static int xset(int fd, const char *abs, const char *name, const void *buf, size_t len,
		int flags)
{
	int rc = fd >= 0 ? emu_real.fsetxattr(fd, name, buf, len, flags) :
			   emu_real.lsetxattr(abs, name, buf, len, flags);

	return rc < 0 ? -errno : 0;
}

int emu_is_volatile(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return !strncmp(base, LUSTRE_VOLATILE_HDR, LUSTRE_VOLATILE_HDR_LEN);
}

/* the stored blob, read with one call into a 64 KiB buffer when it fits */
int emu_lov_read(int fd, const char *abs, void **ret, size_t *ret_len)
{
	ssize_t n;
	void *buf = malloc(65536), *small;

	if (!buf)
		return -ENOMEM;
	n = xget(fd, abs, EMU_XA_LOV, buf, 65536);
	if (n >= 0) {
		small = realloc(buf, n ? (size_t)n : 1);
		*ret = small ? small : buf;
		*ret_len = (size_t)n;
		return 0;
	}
	free(buf);
	if (n != -ERANGE)
		return (int)n;
	for (int tries = 0; tries < 4; tries++) {
		n = xget(fd, abs, EMU_XA_LOV, NULL, 0);
		if (n < 0)
			return (int)n;
		buf = malloc(n ? (size_t)n : 1);
		if (!buf)
			return -ENOMEM;
		n = xget(fd, abs, EMU_XA_LOV, buf, (size_t)n);
		if (n >= 0) {
			*ret = buf;
			*ret_len = (size_t)n;
			return 0;
		}
		free(buf);
		if (n != -ERANGE)
			return (int)n;
	}
	return -EAGAIN;
}

/*
 * Would emu_file_sync_layout change this stored blob for a file of this
 * size? Only a composite with an uninstantiated component the data
 * reaches; blobs we cannot parse are left alone.
 */
int emu_lov_stale(const void *blob, size_t len, uint64_t size)
{
	const struct lov_comp_md *h = blob;
	const struct lov_comp_md_entry *e = (const void *)(h + 1);

	if (len < sizeof(*h) || h->lcm_magic != LOV_MAGIC_COMP_V1 ||
	    sizeof(*h) + (size_t)h->lcm_entry_count * sizeof(*e) > len)
		return 0;
	for (unsigned int i = 0; i < h->lcm_entry_count; i++)
		if (!(e[i].lcme_flags & (LCME_FL_INIT | LCME_FL_EXTENSION)) && e[i].lcme_start < size)
			return 1;
	return 0;
}

int emu_lov_write(int fd, const char *abs, const void *buf, size_t len)
{
	return xset(fd, abs, EMU_XA_LOV, buf, len, 0);
}

int emu_lov_load(int fd, const char *abs, struct emu_layout **ret)
{
	void *buf;
	size_t len;
	int rc = emu_lov_read(fd, abs, &buf, &len);

	if (rc)
		return rc;
	rc = emu_layout_decode(buf, len, ret);
	free(buf);
	return rc;
}

int emu_lov_store(int fd, const char *abs, const struct emu_layout *lo)
{
	void *buf;
	size_t len;
	int rc = emu_layout_encode(lo, EMU_FORM_MDT, &buf, &len);

	if (rc)
		return rc;
	rc = emu_lov_write(fd, abs, buf, len);
	free(buf);
	return rc;
}

void emu_fid_index(struct emu_mount *m, const struct lu_fid *fid, const char *abs)
{
	char link[PATH_MAX];

	snprintf(link, sizeof(link), "%s/fid/%llx:%x:%x", m->state,
		 (unsigned long long)fid->f_seq, fid->f_oid, fid->f_ver);
	unlink(link);
	if (symlink(relpath(m, abs), link) && errno == ENOENT) {
		snprintf(link, sizeof(link), "%s/fid", m->state);
		mkdir(link, 0777);
	}
}

/* A FID without assigning one: stored, adopted from lmm_oi, or from the inode. */
static int fid_peek(int fd, const char *abs, const struct stat *st, struct lu_fid *ret)
{
	struct lov_md v1;
	ssize_t n = xget(fd, abs, EMU_XA_FID, ret, sizeof(*ret));

	if (n == sizeof(*ret))
		return 0;
	n = xget(fd, abs, EMU_XA_LOV, NULL, 0);
	if (n >= 32 && S_ISREG(st->st_mode)) {
		char *buf = malloc((size_t)n);

		if (buf && xget(fd, abs, EMU_XA_LOV, buf, (size_t)n) == n) {
			size_t off = 0;

			if (*(uint32_t *)buf == LOV_MAGIC_COMP_V1 && n >= 32 + 48 + 32)
				off = ((struct lov_comp_md_entry *)(buf + 32))->lcme_offset;
			if (off + 32 <= (size_t)n)
				memcpy(&v1, buf + off, sizeof(v1));
			free(buf);
			if (off + 32 <= (size_t)n && v1.lmm_oi.oi_seq >= FID_SEQ_NORMAL &&
			    v1.lmm_oi.oi_seq < 0x300000000ull && v1.lmm_oi.oi_id) {
				ret->f_seq = v1.lmm_oi.oi_seq;
				ret->f_oid = (uint32_t)v1.lmm_oi.oi_id;
				ret->f_ver = (uint32_t)(v1.lmm_oi.oi_id >> 32);
				return 0;
			}
		} else {
			free(buf);
		}
	}
	/* read-only to us: a FID from the inode number, in a sequence we never allocate */
	ret->f_seq = FID_SEQ_NORMAL;
	ret->f_oid = (uint32_t)st->st_ino;
	ret->f_ver = (uint32_t)(st->st_ino >> 32);
	return -ENODATA;
}

int emu_fid_get(struct emu_mount *m, int fd, const char *abs, struct lu_fid *ret)
{
	struct stat st;
	int rc = fd >= 0 ? fstat(fd, &st) : lstat(abs, &st);

	if (rc)
		return -errno;
	if (st.st_dev == m->dev && st.st_ino == m->ino) {
		*ret = (struct lu_fid){ FID_SEQ_ROOT, 1, 0 };
		return 0;
	}
	if (!fid_peek(fd, abs, &st, ret))
		return 0;
	if (S_ISLNK(st.st_mode) && fd < 0)
		return 0; /* no user xattrs on symlinks: inode-derived */
	if (emu_fid_alloc(m, ret))
		return fid_peek(fd, abs, &st, ret), 0;
	rc = xset(fd, abs, EMU_XA_FID, ret, sizeof(*ret), XATTR_CREATE);
	if (rc == -EEXIST)
		return fid_peek(fd, abs, &st, ret), 0;
	if (rc) {
		fid_peek(fd, abs, &st, ret);
		return 0;
	}
	if (abs && abs[0] == '/' && !strstr(abs, " (deleted)"))
		emu_fid_index(m, ret, abs);
	return 0;
}

/* The default layout of a directory, optionally falling back to the root's. */
int emu_dir_default(struct emu_mount *m, const char *dirabs, int root_fallback, void **ret,
		    size_t *ret_len)
{
	int rc = emu_lov_read(-1, dirabs, ret, ret_len);

	if (rc == -ENODATA && root_fallback && strcmp(dirabs, m->root))
		rc = emu_lov_read(-1, m->root, ret, ret_len);
	return rc;
}

static int template_for(struct emu_mount *m, const char *abs, struct emu_layout **ret)
{
	char dir[PATH_MAX];
	struct lov_md v1 = {
		.lmm_magic = LOV_MAGIC_V1,
		.lmm_pattern = LOV_PATTERN_RAID0,
		.lmm_stripe_offset = LOV_OFFSET_DEFAULT,
	};
	char *slash;
	void *buf;
	size_t len;

	snprintf(dir, sizeof(dir), "%s", abs);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	if (!emu_dir_default(m, dir[0] ? dir : "/", 1, &buf, &len)) {
		int rc = emu_layout_decode(buf, len, ret);

		free(buf);
		if (!rc && (*ret)->magic != LOV_MAGIC_FOREIGN)
			return 0;
		if (!rc)
			emu_layout_free(*ret);
	}
	if (m->cfg.stripeoffset >= 0)
		v1.lmm_stripe_offset = (uint16_t)m->cfg.stripeoffset;
	return emu_layout_decode(&v1, sizeof(v1), ret);
}

static off_t file_size(int fd, const char *abs)
{
	struct stat st;

	if (fd >= 0 ? fstat(fd, &st) : stat(abs, &st))
		return -1;
	return S_ISREG(st.st_mode) ? st.st_size : -1;
}

/*
 * Bring a regular file's layout up to date with its data: components the
 * data reaches get objects; with create, a file with data but no layout
 * gets the default (after a write; reads never add a layout).
 */
int emu_file_sync_layout(struct emu_mount *m, int fd, const char *abs, int create)
{
	struct emu_layout *lo = NULL, *tmpl;
	struct lu_fid fid;
	off_t size = file_size(fd, abs);
	int lk, rc;

	if (size < 0)
		return 0;
	rc = emu_lov_load(fd, abs, &lo);
	if (rc == -ENODATA && (size == 0 || !create))
		return 0;
	if (!rc) {
		/* cheap test first: anything to do? */
		int todo = 0;

		for (unsigned int i = 0; i < lo->ncomp && lo->magic == LOV_MAGIC_COMP_V1; i++)
			todo |= !(lo->comps[i].flags & (LCME_FL_INIT | LCME_FL_EXTENSION)) &&
				lo->comps[i].start < (uint64_t)size;
		lo = emu_layout_free(lo);
		if (!todo)
			return 0;
	} else if (rc != -ENODATA) {
		return 0; /* a blob we cannot parse is left as it is */
	}
	lk = emu_lock(m, "layout.lock");
	if (lk < 0)
		return lk;
	rc = emu_lov_load(fd, abs, &lo);
	if (rc == -ENODATA && !(rc = emu_fid_get(m, fd, abs, &fid)) &&
	    !(rc = template_for(m, abs, &tmpl))) {
		rc = emu_layout_create(m, tmpl, &fid, (uint64_t)size, &lo);
		emu_layout_free(tmpl);
		if (!rc)
			rc = emu_lov_store(fd, abs, lo);
	} else if (!rc && emu_layout_instantiate(m, lo, (uint64_t)size) > 0) {
		rc = emu_lov_store(fd, abs, lo);
	}
	emu_layout_free(lo);
	emu_unlock(lk);
	return rc;
}

/*
 * Give a layout-less file its layout: req (a setstripe blob) or, with
 * req NULL, the inherited default. -EEXIST if it already has one.
 */
int emu_file_new_layout(struct emu_mount *m, int fd, const char *abs, const void *req,
			size_t len)
{
	struct emu_layout *tmpl = NULL, *lo = NULL;
	struct lu_fid fid;
	off_t size = file_size(fd, abs);
	void *old;
	size_t oldlen;
	int lk, rc;

	if (size < 0)
		return -EINVAL;
	rc = req ? emu_layout_decode(req, len, &tmpl) : template_for(m, abs, &tmpl);
	if (rc)
		return rc == -ERANGE ? -EINVAL : rc;
	lk = emu_lock(m, "layout.lock");
	if (lk < 0) {
		emu_layout_free(tmpl);
		return lk;
	}
	rc = emu_lov_read(fd, abs, &old, &oldlen);
	if (!rc) {
		free(old);
		rc = -EEXIST;
	} else if (rc == -ENODATA && !(rc = emu_fid_get(m, fd, abs, &fid))) {
		rc = emu_layout_create(m, tmpl, &fid, (uint64_t)size, &lo);
		if (!rc)
			rc = emu_lov_store(fd, abs, lo);
	}
	emu_unlock(lk);
	emu_layout_free(tmpl);
	emu_layout_free(lo);
	return rc;
}

/* fid2path: the index first, then a walk of the tree. */
static struct {
	struct lu_fid fid;
	dev_t dev;
	ino_t ino;
	char **paths;
	unsigned int n;
} walk;

static int walk_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct lu_fid f;

	(void)ftw;
	if (type == FTW_NS || type == FTW_DNR)
		return 0;
	if (walk.ino) {
		if (st->st_ino != walk.ino || st->st_dev != walk.dev)
			return 0;
	} else {
		fid_peek(-1, path, st, &f);
		if (memcmp(&f, &walk.fid, sizeof(f)))
			return 0;
		walk.dev = st->st_dev;
		walk.ino = st->st_ino;
	}
	char **p = realloc(walk.paths, (walk.n + 1) * sizeof(*p));

	if (!p)
		return -1;
	walk.paths = p;
	walk.paths[walk.n++] = strdup(path);
	return st->st_nlink > walk.n ? 0 : 1;
}

int emu_fid2path(struct emu_mount *m, const struct lu_fid *fid, unsigned int linkno,
		 char *buf, size_t len, unsigned int *ret_more)
{
	static pthread_mutex_t wlock = PTHREAD_MUTEX_INITIALIZER;
	char link[PATH_MAX], rel[PATH_MAX], abs[PATH_MAX];
	struct stat st;
	struct lu_fid f;
	ssize_t n;
	int rc = -ENOENT;

	*ret_more = 0;
	if (fid->f_seq == FID_SEQ_ROOT && fid->f_oid == 1) {
		buf[0] = 0;
		return 0;
	}
	snprintf(link, sizeof(link), "%s/fid/%llx:%x:%x", m->state,
		 (unsigned long long)fid->f_seq, fid->f_oid, fid->f_ver);
	n = readlink(link, rel, sizeof(rel) - 1);
	if (n > 0) {
		rel[n] = 0;
		if ((size_t)snprintf(abs, sizeof(abs), "%s/%s", m->root, rel) < sizeof(abs) &&
		    !lstat(abs, &st) && !fid_peek(-1, abs, &st, &f) &&
		    !memcmp(&f, fid, sizeof(f)) && st.st_nlink == 1 && !linkno) {
			if (strlen(rel) >= len)
				return -EOVERFLOW;
			strcpy(buf, rel);
			return 0;
		}
	}
	pthread_mutex_lock(&wlock);
	memset(&walk, 0, sizeof(walk));
	walk.fid = *fid;
	nftw(m->root, walk_one, 32, FTW_PHYS | FTW_MOUNT);
	if (walk.n > linkno) {
		const char *r = relpath(m, walk.paths[linkno]);

		rc = strlen(r) >= len ? -EOVERFLOW : 0;
		if (!rc)
			strcpy(buf, r);
		*ret_more = walk.n > linkno + 1;
		if (!linkno)
			emu_fid_index(m, fid, walk.paths[0]);
	}
	for (unsigned int i = 0; i < walk.n; i++)
		free(walk.paths[i]);
	free(walk.paths);
	pthread_mutex_unlock(&wlock);
	return rc;
}
