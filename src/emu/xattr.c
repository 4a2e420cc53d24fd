// SPDX-License-Identifier: MIT
/*
 * The lustre.lov / trusted.lov extended attributes (lustre-abi.md §4).
 * Files: the client form of the stored layout; set only while the file has
 * no layout (EEXIST swallowed). Directories: the default layout, with the
 * root's as fallback.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "emu/pre.h"

static int target_stat(int fd, const char *path, int nofollow, struct stat *st)
{
	int rc = fd >= 0 ? fstat(fd, st) : nofollow ? lstat(path, st) : stat(path, st);

	return rc ? -errno : 0;
}

static ssize_t copy_out(const void *blob, size_t len, void *val, size_t size)
{
	if (!size)
		return (ssize_t)len;
	if (size < len)
		return -ERANGE;
	memcpy(val, blob, len);
	return (ssize_t)len;
}

ssize_t emu_getxattr(int fd, const char *path, int nofollow, const char *name, void *val,
		     size_t size)
{
	struct emu_mount *m;
	char abs[PATH_MAX];
	struct emu_layout *lo;
	struct stat st;
	void *blob, *out;
	size_t len, olen;
	ssize_t rc;

	m = fd >= 0 ? emu_fd_mount(fd, abs, sizeof(abs)) :
		      emu_path_mount(AT_FDCWD, path, abs, sizeof(abs));
	if (!m)
		return EMU_PASS; /* not ours: caller passes through */
	if (!strncmp(name, "trusted.", 8) && geteuid())
		return -ENODATA;
	if (strcmp(name + (name[0] == 't' ? 8 : 7), "lov"))
		return -ENODATA;
	if ((rc = target_stat(fd, abs, nofollow, &st)))
		return rc;
	if (S_ISDIR(st.st_mode)) {
		rc = emu_dir_default(m, abs, 1, &blob, &len);
		if (rc)
			return rc;
		rc = copy_out(blob, len, val, size);
		free(blob);
		return rc;
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
	if (!emu_layout_decode(blob, len, &lo)) {
		if (!emu_layout_encode(lo, EMU_FORM_XATTR, &out, &olen)) {
			free(blob);
			blob = out;
			len = olen;
		}
		emu_layout_free(lo);
	}
	rc = copy_out(blob, len, val, size);
	free(blob);
	return rc;
}

/* plain layouts set through the xattr cannot ask for OST 0 (§4) */
static void *fix_offset(const void *val, size_t size)
{
	struct lov_md *v1;
	void *copy = malloc(size);

	if (!copy)
		return NULL;
	memcpy(copy, val, size);
	v1 = copy;
	if (v1->lmm_magic != LOV_MAGIC_COMP_V1 && v1->lmm_magic != LOV_MAGIC_FOREIGN &&
	    v1->lmm_magic != LOV_MAGIC_SEL && v1->lmm_stripe_offset == 0)
		v1->lmm_stripe_offset = LOV_OFFSET_DEFAULT;
	return copy;
}

static int file_archived(int fd, const char *abs)
{
	uint32_t hsm[2] = { 0, 0 };
	ssize_t n = fd >= 0 ? emu_real.fgetxattr(fd, EMU_XA_HSM, hsm, sizeof(hsm)) :
			      emu_real.lgetxattr(abs, EMU_XA_HSM, hsm, sizeof(hsm));

	return n >= 4 && (hsm[0] & HS_ARCHIVED);
}

static void clear_released(void *buf, size_t size)
{
	struct emu_layout *lo;
	uint32_t *magic = buf;

	if (*magic != LOV_MAGIC_COMP_V1) {
		((struct lov_md *)buf)->lmm_pattern &= ~LOV_PATTERN_F_RELEASED;
		return;
	}
	if (emu_layout_decode(buf, size, &lo))
		return;
	for (unsigned int i = 0; i < lo->ncomp; i++) {
		struct lov_comp_md_entry *e = (void *)((char *)buf + 32 + 48 * i);

		((struct lov_md *)((char *)buf + e->lcme_offset))->lmm_pattern &=
			~LOV_PATTERN_F_RELEASED;
	}
	emu_layout_free(lo);
}

static int set_file(struct emu_mount *m, int fd, const char *abs, const void *val, size_t size)
{
	void *buf;
	int rc;

	if (!size)
		return 0;
	if (size < 32 || emu_layout_implied_size(val, size) > size)
		return -ERANGE;
	if (!(buf = fix_offset(val, size)))
		return -ENOMEM;
	if (*(uint32_t *)buf != LOV_MAGIC_FOREIGN && !file_archived(fd, abs))
		clear_released(buf, size);
	rc = emu_file_new_layout(m, fd, abs, buf, size);
	free(buf);
	return rc == -EEXIST ? 0 : rc;
}

static int set_dir(struct emu_mount *m, const char *abs, const void *val, size_t size)
{
	uint32_t magic;
	void *buf;
	int rc;

	if (!size) {
		rc = emu_real.lremovexattr(abs, EMU_XA_LOV);
		return rc && errno != ENODATA ? -errno : 0;
	}
	if (size < 32)
		return -ERANGE;
	magic = *(const uint32_t *)val;
	if (magic == LMV_USER_MAGIC)
		return emu_real.lsetxattr(abs, EMU_XA_LMV, val, size, 0) ? -errno : 0;
	if (magic != LOV_MAGIC_V1 && magic != LOV_MAGIC_V3 && magic != LOV_MAGIC_SPECIFIC &&
	    magic != LOV_MAGIC_COMP_V1 && magic != LOV_MAGIC_SEL)
		return -EINVAL;
	if (!(buf = fix_offset(val, size)))
		return -ENOMEM;
	rc = emu_setstripe_dir(m, abs, buf, size, 1);
	free(buf);
	return rc;
}

/* lustre.lov.add / lustre.lov.del on a file (§4; our reading of the payload) */
static int comp_change(struct emu_mount *m, int fd, const char *abs, int del, const void *val,
		       size_t size)
{
	const struct lov_comp_md *h = val;
	const struct lov_comp_md_entry *e = (const void *)(h + 1);
	struct emu_layout *lo = NULL, *add = NULL;
	uint64_t end = LUSTRE_EOF;
	struct lu_fid fid;
	struct stat st;
	int lk, rc;

	if (size < 32 || emu_layout_implied_size(val, size) > size)
		return -ERANGE;
	if (h->lcm_magic != LOV_MAGIC_COMP_V1 || !h->lcm_entry_count ||
	    sizeof(*h) + sizeof(*e) > size)
		return -EINVAL;
	if (!del && (rc = emu_layout_decode(val, size, &add)))
		return rc == -ERANGE ? -EINVAL : rc;
	emu_file_sync_layout(m, fd, abs, 0);
	lk = emu_lock(m, "layout.lock");
	if (lk < 0) {
		emu_layout_free(add);
		return lk;
	}
	rc = fd >= 0 ? fstat(fd, &st) : stat(abs, &st);
	rc = rc ? -errno : emu_lov_load(fd, abs, &lo);
	if (rc == -ENODATA)
		rc = -EINVAL;
	if (!rc && del)
		rc = emu_layout_del(lo, e->lcme_id, e->lcme_flags, &end);
	else if (!rc && !(rc = emu_fid_get(m, fd, abs, &fid)))
		rc = emu_layout_add(m, lo, add, &fid, (uint64_t)st.st_size);
	if (!rc)
		rc = emu_lov_store(fd, abs, lo);
	/* the deleted components' objects held this data: it is gone */
	if (!rc && del && (uint64_t)st.st_size > end &&
	    (fd >= 0 ? ftruncate(fd, (off_t)end) : emu_truncate_raw(abs, (off_t)end)))
		rc = -errno;
	emu_unlock(lk);
	emu_layout_free(lo);
	emu_layout_free(add);
	return rc;
}

int emu_setxattr(int fd, const char *path, int nofollow, const char *name, const void *val,
		 size_t size, int flags)
{
	struct emu_mount *m;
	char abs[PATH_MAX];
	const char *sub;
	struct stat st;
	int rc;

	(void)flags;
	m = fd >= 0 ? emu_fd_mount(fd, abs, sizeof(abs)) :
		      emu_path_mount(AT_FDCWD, path, abs, sizeof(abs));
	if (!m)
		return EMU_PASS;
	if (!strcmp(name, "trusted.lma") || !strcmp(name, "trusted.link") ||
	    !strcmp(name, "trusted.hsm"))
		return 0;
	if (!strncmp(name, "trusted.", 8) && geteuid())
		return -EPERM;
	sub = name + (name[0] == 't' ? 8 : 7);
	if (strncmp(sub, "lov", 3) || (sub[3] && sub[3] != '.'))
		return -EOPNOTSUPP; /* not a name the client handles */
	if (sub[3] && strcmp(sub, "lov.add") && strcmp(sub, "lov.del"))
		return !strcmp(sub, "lov.set") || !strcmp(sub, "lov.set.flags") ? -EOPNOTSUPP :
										 -EINVAL;
	if ((rc = target_stat(fd, abs, nofollow, &st)))
		return rc;
	if (access(abs, W_OK) && fd < 0)
		return -errno;
	if (sub[3])
		return S_ISREG(st.st_mode) ? comp_change(m, fd, abs, sub[4] == 'd', val, size) :
					     -EINVAL;
	if (S_ISDIR(st.st_mode))
		return set_dir(m, abs, val, size);
	if (S_ISREG(st.st_mode))
		return set_file(m, fd, abs, val, size);
	return -EINVAL;
}

/* the server's list without our storage names, plus lustre.lov */
ssize_t emu_listxattr(int fd, const char *path, int nofollow, char *list, size_t size)
{
	struct emu_mount *m;
	char abs[PATH_MAX], *raw;
	ssize_t n, o = 0;
	struct stat st;
	void *blob;
	size_t len;
	int has;

	m = fd >= 0 ? emu_fd_mount(fd, abs, sizeof(abs)) :
		      emu_path_mount(AT_FDCWD, path, abs, sizeof(abs));
	if (!m)
		return EMU_PASS;
	n = fd >= 0 ? emu_real.flistxattr(fd, NULL, 0) :
	    nofollow ? emu_real.llistxattr(abs, NULL, 0) : emu_real.listxattr(abs, NULL, 0);
	if (n < 0)
		return -errno;
	if (!size)
		return n + 11;
	if (!(raw = malloc((size_t)n + 1)))
		return -ENOMEM;
	n = fd >= 0 ? emu_real.flistxattr(fd, raw, (size_t)n) :
	    nofollow ? emu_real.llistxattr(abs, raw, (size_t)n) : emu_real.listxattr(abs, raw, (size_t)n);
	for (ssize_t i = 0; i < n; i += (ssize_t)strlen(raw + i) + 1) {
		size_t l = strlen(raw + i) + 1;

		if (!strncmp(raw + i, "user.lustre.", 12))
			continue;
		if ((size_t)o + l > size) {
			free(raw);
			return -ERANGE;
		}
		memcpy(list + o, raw + i, l);
		o += (ssize_t)l;
	}
	free(raw);
	has = !target_stat(fd, abs, nofollow, &st) &&
	      ((S_ISDIR(st.st_mode) && !emu_dir_default(m, abs, 1, &blob, &len)) ||
	       (S_ISREG(st.st_mode) && !emu_lov_read(fd, abs, &blob, &len)));
	if (has) {
		free(blob);
		if ((size_t)o + 11 > size)
			return -ERANGE;
		memcpy(list + o, "lustre.lov", 11);
		o += 11;
	}
	return o;
}
