// SPDX-License-Identifier: MIT
/*
 * The Lustre ioctls (lustre-abi.md §6): layouts, names, FIDs and targets
 * here; HSM, statfs/quota and migrate in their own files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/pre.h"

/* Lustre's numbers: type 'f' 127..250, type 'i' 20..23 */
static int lustre_number(unsigned long req)
{
	unsigned int type = (req >> 8) & 0xff, nr = req & 0xff;

	return (type == 'f' && nr >= 127 && nr <= 250) || (type == 'i' && nr >= 20 && nr <= 23);
}

static size_t input_size(const void *arg)
{
	const struct lov_md *v1 = arg;

	switch (v1->lmm_magic) {
	case LOV_MAGIC_V1:
		return 32;
	case LOV_MAGIC_V3:
		return 48;
	case LOV_MAGIC_SPECIFIC:
		return 48 + 24 * (size_t)v1->lmm_stripe_count;
	case LOV_MAGIC_COMP_V1:
		return ((const struct lov_comp_md *)arg)->lcm_size;
	case LOV_MAGIC_FOREIGN:
		return 16 + (size_t)((const struct lov_foreign_md *)arg)->lfm_length;
	}
	return 0;
}

static int setstripe(struct emu_mount *m, int fd, const char *abs, void *arg)
{
	const struct lov_md *v1 = arg;
	struct stat st;
	void *out;
	size_t len, olen;
	struct emu_layout *lo;
	int rc;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISDIR(st.st_mode)) {
		if (v1->lmm_magic != LOV_MAGIC_V1 && v1->lmm_magic != LOV_MAGIC_V3 &&
		    v1->lmm_magic != LOV_MAGIC_SPECIFIC)
			return -ENOTSUPP;
		if (v1->lmm_magic == LOV_MAGIC_SPECIFIC && v1->lmm_stripe_count > LOV_MAX_STRIPE_COUNT)
			return -EINVAL;
		return emu_setstripe_dir(m, abs, arg, input_size(arg), 0);
	}
	if (!S_ISREG(st.st_mode))
		return -ENOTTY;
	len = input_size(arg);
	if (!len || len > 65536)
		return -EINVAL;
	if (v1->lmm_magic == LOV_MAGIC_SPECIFIC && v1->lmm_stripe_count > LOV_MAX_STRIPE_COUNT)
		return -EINVAL;
	rc = emu_file_new_layout(m, fd, abs, arg, len);
	if (rc)
		return rc;
	if (emu_lov_load(fd, abs, &lo))
		return 0;
	rc = emu_layout_encode(lo, EMU_FORM_GETSTRIPE, &out, &olen);
	emu_layout_free(lo);
	if (rc)
		return 0;
	memcpy(arg, out, olen < len ? olen : len);
	free(out);
	return 0;
}

/* legacy LL_IOC_LOV_GETSTRIPE: the caller asked for a plain V1/V3 (§6.3) */
static int getstripe_legacy(struct emu_layout *lo, void *arg, uint64_t size)
{
	const struct lov_md *want = arg;
	unsigned int pick = 0, cap = want->lmm_stripe_count;
	struct emu_layout one = *lo;
	void *out;
	size_t olen, max;
	int rc;

	if (lo->magic == LOV_MAGIC_COMP_V1) {
		for (unsigned int i = 0; i < lo->ncomp; i++)
			if (size == 0 || lo->comps[i].flags & LCME_FL_INIT)
				pick = i;
		one.magic = lo->comps[pick].magic == LOV_MAGIC_V3 ? LOV_MAGIC_V3 : LOV_MAGIC_V1;
		one.ncomp = 1;
		one.comps = &lo->comps[pick];
	}
	rc = emu_layout_encode(&one, EMU_FORM_GETSTRIPE, &out, &olen);
	if (rc)
		return rc;
	max = (want->lmm_magic == LOV_MAGIC_V3 ? 48 : 32) + 24 * (size_t)cap;
	memcpy(arg, out, olen < max ? olen : max);
	free(out);
	return 0;
}

static int getstripe(struct emu_mount *m, int fd, const char *abs, void *arg)
{
	uint32_t magic = *(uint32_t *)arg;
	struct emu_layout *lo;
	struct stat st;
	void *blob;
	size_t len;
	int rc;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISDIR(st.st_mode)) {
		if ((rc = emu_dir_default(m, abs, 1, &blob, &len)))
			return rc;
		memcpy(arg, blob, len);
		free(blob);
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return -ENODATA;
	if ((rc = emu_lov_read(fd, abs, &blob, &len)))
		return rc;
	if (emu_lov_stale(blob, len, (uint64_t)st.st_size)) {
		free(blob);
		emu_file_sync_layout(m, fd, abs, 0);
		if ((rc = emu_lov_read(fd, abs, &blob, &len)))
			return rc;
	}
	if (emu_layout_decode(blob, len, &lo)) {
		memcpy(arg, blob, len);
		free(blob);
		return 0;
	}
	free(blob);
	if (magic == LOV_MAGIC_V1 || magic == LOV_MAGIC_V3)
		rc = getstripe_legacy(lo, arg, (uint64_t)st.st_size);
	else if (!(rc = emu_layout_encode(lo, EMU_FORM_GETSTRIPE, &blob, &len))) {
		memcpy(arg, blob, len);
		free(blob);
	}
	emu_layout_free(lo);
	return rc;
}

/* name in the buffer, relative to a directory fd */
static int child_path(int fd, const char *dirabs, const char *name, char *abs, size_t len)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTTY;
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	if ((size_t)snprintf(abs, len, "%s/%s", dirabs, name) >= len)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * The hot path of `getstripe -r`: no readlink or fstat for a directory fd
 * we saw opened, the stored blob read straight into the caller's buffer
 * (the kernel does not check its size either), a stat only when the
 * layout has a component the data may have reached behind our back.
 */
static int getfilestripe(struct emu_mount *m, int fd, const char *dirabs, char *arg)
{
	struct emu_fd *f = emu_fd_get(fd);
	char abs[PATH_MAX];
	struct stat st;
	ssize_t n;
	int rc;

	if (f && f->isdir && f->m == m) {
		size_t dl = strlen(dirabs), nl = strnlen(arg, PATH_MAX);

		if (nl >= PATH_MAX || dl + 1 + nl >= sizeof(abs))
			return -ENAMETOOLONG;
		memcpy(abs, dirabs, dl);
		abs[dl] = '/';
		memcpy(abs + dl + 1, arg, nl + 1);
	} else if ((rc = child_path(fd, dirabs, arg, abs, sizeof(abs)))) {
		return rc;
	}
	n = emu_real.lgetxattr(abs, EMU_XA_LOV, arg, 65536);
	if (n < 0)
		return errno == ERANGE ? -EOVERFLOW : -errno;
	if (!emu_lov_stale(arg, (size_t)n, UINT64_MAX) || lstat(abs, &st) || !S_ISREG(st.st_mode) ||
	    !emu_lov_stale(arg, (size_t)n, (uint64_t)st.st_size))
		return 0;
	emu_file_sync_layout(m, -1, abs, 0);
	n = emu_real.lgetxattr(abs, EMU_XA_LOV, arg, 65536);
	return n < 0 ? -errno : 0;
}

static int getfileinfo(struct emu_mount *m, int fd, const char *dirabs, char *arg, int v2)
{
	char abs[PATH_MAX];
	struct statx stx;
	struct stat st;
	struct lu_fid fid;
	void *blob = NULL;
	size_t len = 0, off;
	int rc = child_path(fd, dirabs, arg, abs, sizeof(abs));

	if (rc)
		return rc;
	if (statx(AT_FDCWD, abs, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_BTIME, &stx) ||
	    lstat(abs, &st))
		return -errno;
	if (S_ISREG(st.st_mode))
		emu_file_sync_layout(m, -1, abs, 0);
	if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		emu_lov_read(-1, abs, &blob, &len);
	if (v2) {
		uint64_t flags = 0;
		uint32_t l32 = (uint32_t)len, pad = 0;

		emu_fid_get(m, -1, abs, &fid);
		memcpy(arg, &fid, 16);
		memcpy(arg + 16, &stx, sizeof(stx));
		memcpy(arg + 272, &flags, 8);
		memcpy(arg + 280, &l32, 4);
		memcpy(arg + 284, &pad, 4);
		off = 288;
	} else {
		memcpy(arg, &st, sizeof(st));
		off = sizeof(st);
	}
	if (blob)
		memcpy(arg + off, blob, len);
	else
		memset(arg + off, 0, 32);
	free(blob);
	return 0;
}

static int fid2path(struct emu_mount *m, struct getinfo_fid2path *gf)
{
	struct lu_fid *f = &gf->gf_fid;
	unsigned int more;
	int rc;

	if (gf->gf_pathlen > 4096)
		return -EINVAL;
	if (!(f->f_seq == FID_SEQ_ROOT && f->f_oid == 1) &&
	    (f->f_seq < FID_SEQ_NORMAL || !f->f_oid))
		return -EINVAL;
	if (gf->gf_pathlen < 3)
		return -EOVERFLOW;
	rc = emu_fid2path(m, f, gf->gf_linkno, gf->gf_path, gf->gf_pathlen, &more);
	if (rc)
		return rc;
	if (more)
		gf->gf_linkno++;
	return 0;
}

static int getparent(struct emu_mount *m, const char *abs, struct getparent *gp)
{
	char path[PATH_MAX], *slash;
	struct lu_fid fid;
	unsigned int more;
	int rc;

	if (gp->gp_linkno) {
		if ((rc = emu_fid_get(m, -1, abs, &fid)))
			return rc;
		rc = emu_fid2path(m, &fid, gp->gp_linkno, path, sizeof(path), &more);
		if (rc)
			return rc == -ENOENT ? -ENODATA : rc;
		memmove(path + m->rootlen + 1, path, strlen(path) + 1);
		memcpy(path, m->root, m->rootlen);
		path[m->rootlen] = '/';
	} else {
		snprintf(path, sizeof(path), "%s", abs);
	}
	if (emu_is_root_path(m, path))
		return -ENODATA;
	slash = strrchr(path, '/');
	if (strlen(slash + 1) + 1 > gp->gp_name_size)
		return -EOVERFLOW;
	strcpy(gp->gp_name, slash + 1);
	*slash = 0;
	return emu_fid_get(m, -1, path[0] ? path : "/", &gp->gp_fid);
}

static int lmv_getstripe(const char *abs, struct lmv_user_md *lum)
{
	ssize_t n;

	if (lum->lum_magic == LMV_MAGIC_V1)
		return -ENODATA; /* directories are never striped here */
	if (lum->lum_magic != LMV_USER_MAGIC)
		return -EINVAL;
	n = emu_real.lgetxattr(abs, EMU_XA_LMV, lum, sizeof(*lum));
	return n < 0 ? -ENODATA : 0;
}

int emu_ioctl_layout(struct emu_mount *m, int fd, const char *abs, unsigned long req, void *arg)
{
	char name[128];
	struct lu_fid fid;
	int rc;

	switch (req) {
	case LL_IOC_LOV_SETSTRIPE:
	case LL_IOC_LOV_SETSTRIPE_NEW:
		return setstripe(m, fd, abs, arg);
	case LL_IOC_LOV_GETSTRIPE:
	case LL_IOC_LOV_GETSTRIPE_NEW:
		return getstripe(m, fd, abs, arg);
	case IOC_MDC_GETFILESTRIPE:
		return getfilestripe(m, fd, abs, arg);
	case IOC_MDC_GETFILEINFO_V1:
	case LL_IOC_MDC_GETINFO_V1:
		return getfileinfo(m, fd, abs, arg, 0);
	case IOC_MDC_GETFILEINFO_V2:
	case LL_IOC_MDC_GETINFO_V2:
		return getfileinfo(m, fd, abs, arg, 1);
	case LL_IOC_PATH2FID:
		if ((rc = emu_fid_get(m, fd, abs, &fid)))
			return rc;
		memcpy(arg, &fid, sizeof(fid));
		return 0;
	case LL_IOC_GET_MDTIDX:
		*(int *)arg = 0;
		return 0;
	case LL_IOC_FID2MDTIDX:
		return 0;
	case LL_IOC_GETOBDCOUNT:
		*(int *)arg = *(int *)arg ? 64 : (int)m->cfg.osts;
		return 0;
	case OBD_IOC_GETDTNAME:
	case OBD_IOC_GETNAME_OLD:
		emu_lov_name(&m->cfg, name, sizeof(name));
		strcpy(arg, name);
		return 0;
	case OBD_IOC_GETMDNAME:
		emu_lmv_name(&m->cfg, name, sizeof(name));
		strcpy(arg, name);
		return 0;
	case OBD_IOC_FID2PATH:
		return fid2path(m, arg);
	case LL_IOC_GETPARENT:
		return getparent(m, abs, arg);
	case LL_IOC_LMV_GETSTRIPE:
		return lmv_getstripe(abs, arg);
	case LL_IOC_GET_CONNECT_FLAGS:
		*(uint64_t *)arg = 0;
		return 0;
	case LL_IOC_FLUSHCTX:
		return 0;
	}
	return -ENOTTY;
}

/* -errno, or 0; *handled = 0 when libc must see the call */
int emu_ioctl(int fd, unsigned long req, void *arg, int *handled)
{
	char abs[PATH_MAX];
	struct emu_mount *m;
	int rc;

	*handled = 0;
	if (req == FS_IOC_FSGETXATTR || req == FS_IOC_FSSETXATTR) {
		if (!(m = emu_fd_mount(fd, abs, sizeof(abs))))
			return 0;
		*handled = 1;
		return emu_projid_ioctl(m, fd, req, arg);
	}
	if (!lustre_number(req))
		return 0;
	m = emu_fd_mount(fd, abs, sizeof(abs));
	if (!m)
		return 0;
	*handled = 1;
	rc = emu_hsm_ioctl(m, fd, abs, req, arg);
	if (rc == -ENOTTY)
		rc = emu_target_ioctl(m, fd, abs, req, arg);
	if (rc == -ENOTTY)
		rc = emu_migrate_ioctl(m, fd, abs, req, arg);
	if (rc == -ENOTTY)
		rc = emu_ioctl_layout(m, fd, abs, req, arg);
	return rc;
}
