// SPDX-License-Identifier: MIT
/*
 * HSM mechanics: archive copies a file's data to the repository (the S3
 * stand-in), release drops the local data keeping the size and swaps in a
 * released layout, restore brings the data back with fresh objects,
 * remove deletes the repository copy. Used by the preload and fsxemu.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "emu/hsmcore.h"
#include "emu/layout.h"

int emu_hsm_get(int fd, const char *abs, struct emu_hsm *h)
{
	ssize_t n;

	memset(h, 0, sizeof(*h));
	n = fd >= 0 ? emu_real.fgetxattr(fd, EMU_XA_HSM, h, sizeof(*h) - 1) :
		      emu_real.lgetxattr(abs, EMU_XA_HSM, h, sizeof(*h) - 1);
	if (n < 0)
		return errno == ENODATA ? 0 : -errno;
	return 0;
}

int emu_hsm_put(int fd, const char *abs, const struct emu_hsm *h)
{
	size_t len = offsetof(struct emu_hsm, key) + strlen(h->key) + 1;
	int rc = fd >= 0 ? emu_real.fsetxattr(fd, EMU_XA_HSM, h, len, 0) :
			   emu_real.lsetxattr(abs, EMU_XA_HSM, h, len, 0);

	return rc ? -errno : 0;
}

static const char *rel_of(const struct emu_mount *m, const char *abs)
{
	const char *r = abs + m->rootlen;

	while (*r == '/')
		r++;
	return r;
}

static int repo_path(const struct emu_mount *m, const char *key, char *out, size_t len)
{
	if ((size_t)snprintf(out, len, "%s/%s", m->cfg.repo, key) >= len)
		return -ENAMETOOLONG;
	return 0;
}

static int mkparents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST) {
			*p = '/';
			return -errno;
		}
		*p = '/';
	}
	return 0;
}

static int copy(const char *src, const char *dst)
{
	char buf[1 << 16];
	int in, out, rc = 0;
	ssize_t n;

	in = emu_real.openat(AT_FDCWD, src, O_RDONLY | O_CLOEXEC, 0);
	if (in < 0)
		return -errno;
	out = emu_real.openat(AT_FDCWD, dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		rc = -errno;
		emu_real.close(in);
		return rc;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			rc = -EIO;
			break;
		}
	if (n < 0)
		rc = -errno;
	emu_real.close(in);
	if (emu_real.close(out) && !rc)
		rc = -errno;
	return rc;
}

/* truncate(2) without the preload's rules (it wraps truncate) */
int emu_truncate_raw(const char *abs, off_t len)
{
	int fd = emu_real.openat(AT_FDCWD, abs, O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0), rc = 0;

	if (fd < 0)
		return -1;
	if (ftruncate(fd, len))
		rc = -1;
	emu_real.close(fd);
	return rc;
}

static void keep_times(const char *abs, const struct stat *st)
{
	struct timespec t[2] = { st->st_atim, st->st_mtim };

	utimensat(AT_FDCWD, abs, t, AT_SYMLINK_NOFOLLOW);
}

int emu_hsm_archive(struct emu_mount *m, const char *abs, uint32_t archive_id)
{
	char dst[PATH_MAX];
	struct emu_hsm h;
	int rc;

	if ((rc = emu_hsm_get(-1, abs, &h)))
		return rc;
	if (!h.key[0])
		snprintf(h.key, sizeof(h.key), "%s", rel_of(m, abs));
	if ((rc = repo_path(m, h.key, dst, sizeof(dst))) || (rc = mkparents(dst)) ||
	    (rc = copy(abs, dst)))
		return rc;
	h.states = (h.states | HS_EXISTS | HS_ARCHIVED) & ~HS_DIRTY;
	h.archive_id = archive_id ? archive_id : h.archive_id ? h.archive_id : 1;
	return emu_hsm_put(-1, abs, &h);
}

int emu_hsm_remove(struct emu_mount *m, const char *abs)
{
	char dst[PATH_MAX];
	struct emu_hsm h;
	int rc;

	if ((rc = emu_hsm_get(-1, abs, &h)))
		return rc;
	if (h.key[0] && !repo_path(m, h.key, dst, sizeof(dst)))
		unlink(dst);
	h.states &= ~(HS_EXISTS | HS_ARCHIVED | HS_DIRTY);
	return emu_hsm_put(-1, abs, &h);
}

static int emu_lov_read_raw(const char *abs, void **ret, size_t *ret_len)
{
	ssize_t n = emu_real.lgetxattr(abs, EMU_XA_LOV, NULL, 0);
	void *buf;

	if (n < 0)
		return -errno;
	if (!(buf = malloc(n ? (size_t)n : 1)))
		return -ENOMEM;
	n = emu_real.lgetxattr(abs, EMU_XA_LOV, buf, (size_t)n);
	if (n < 0) {
		free(buf);
		return -errno;
	}
	*ret = buf;
	*ret_len = (size_t)n;
	return 0;
}

static int released_layout(struct emu_mount *m, const char *abs, uint64_t size)
{
	struct emu_layout *lo = NULL;
	struct lov_md v1 = {
		.lmm_magic = LOV_MAGIC_V1,
		.lmm_pattern = LOV_PATTERN_RAID0 | LOV_PATTERN_F_RELEASED,
		.lmm_stripe_size = 65536,
	};
	void *buf;
	size_t len;
	int rc;

	(void)size;
	rc = emu_lov_read_raw(abs, &buf, &len);
	if (rc == -ENODATA)
		return emu_real.lsetxattr(abs, EMU_XA_LOV, &v1, sizeof(v1), 0) ? -errno : 0;
	if (rc)
		return rc;
	rc = emu_layout_decode(buf, len, &lo);
	free(buf);
	if (rc)
		return rc;
	emu_layout_release(lo);
	if (!(rc = emu_layout_encode(lo, EMU_FORM_MDT, &buf, &len))) {
		rc = emu_real.lsetxattr(abs, EMU_XA_LOV, buf, len, 0) ? -errno : 0;
		free(buf);
	}
	emu_layout_free(lo);
	(void)m;
	return rc;
}

int emu_hsm_release(struct emu_mount *m, const char *abs)
{
	char src[PATH_MAX];
	struct emu_hsm h;
	struct stat st, rst;
	int lk, rc;

	if ((rc = emu_hsm_get(-1, abs, &h)))
		return rc;
	if (h.states & HS_RELEASED)
		return 0;
	if (!(h.states & HS_ARCHIVED) || (h.states & (HS_DIRTY | HS_NORELEASE | HS_LOST)))
		return -EPERM;
	if (lstat(abs, &st) || !S_ISREG(st.st_mode))
		return -EPERM;
	if (repo_path(m, h.key, src, sizeof(src)) || stat(src, &rst) || rst.st_size != st.st_size)
		return -EPERM; /* the archived copy is not this data */
	if ((rc = emu_fault("hsm_release", rel_of(m, abs), NULL)))
		return -rc;
	lk = emu_lock(m, "layout.lock");
	if (lk < 0)
		return lk;
	rc = released_layout(m, abs, (uint64_t)st.st_size);
	if (!rc && (emu_truncate_raw(abs, 0) || emu_truncate_raw(abs, st.st_size)))
		rc = -errno;
	emu_unlock(lk);
	if (rc)
		return rc;
	keep_times(abs, &st);
	h.states |= HS_RELEASED;
	return emu_hsm_put(-1, abs, &h);
}

int emu_hsm_restore(struct emu_mount *m, const char *abs)
{
	char src[PATH_MAX];
	struct emu_layout *lo;
	struct emu_hsm h;
	struct stat st;
	void *buf;
	size_t len;
	int lk, rc;

	if ((rc = emu_hsm_get(-1, abs, &h)))
		return rc;
	if (!(h.states & HS_RELEASED))
		return 0;
	if ((rc = emu_fault("hsm_restore", rel_of(m, abs), NULL)))
		return -rc;
	if (lstat(abs, &st) || (rc = repo_path(m, h.key, src, sizeof(src))))
		return rc ? rc : -errno;
	if ((rc = copy(src, abs)))
		return rc;
	if (emu_truncate_raw(abs, st.st_size))
		return -errno;
	keep_times(abs, &st);
	lk = emu_lock(m, "layout.lock");
	if (lk < 0)
		return lk;
	if (!emu_lov_read_raw(abs, &buf, &len)) {
		if (!emu_layout_decode(buf, len, &lo)) {
			free(buf);
			if (lo->ncomp == 1 && lo->magic != LOV_MAGIC_COMP_V1 && !lo->comps[0].count)
				rc = emu_real.lremovexattr(abs, EMU_XA_LOV) ? -errno : 0;
			else if (!(rc = emu_layout_restore(m, lo, (uint64_t)st.st_size)) &&
				 !(rc = emu_layout_encode(lo, EMU_FORM_MDT, &buf, &len)))
				rc = emu_real.lsetxattr(abs, EMU_XA_LOV, buf, len, 0) ? -errno : 0;
			emu_layout_free(lo);
		}
		free(buf);
	}
	emu_unlock(lk);
	if (rc)
		return rc;
	h.states &= ~HS_RELEASED;
	return emu_hsm_put(-1, abs, &h);
}

/* ---- fault injection: FSXEMU_FAULT="op:ERRNO[:SPEC][;...]" ---- */

int emu_errno_of(const char *s)
{
	static const struct {
		const char *name;
		int val;
	} names[] = {
		{ "EIO", EIO }, { "ENOSPC", ENOSPC }, { "EPERM", EPERM }, { "EAGAIN", EAGAIN },
		{ "ENOENT", ENOENT }, { "EBUSY", EBUSY }, { "EDQUOT", EDQUOT },
		{ "ETIMEDOUT", ETIMEDOUT }, { "EINVAL", EINVAL }, { "ENODATA", ENODATA },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name))
			return names[i].val;
	return atoi(s) > 0 ? atoi(s) : EIO;
}

int emu_spec_hits(const char *spec, const char *rel)
{
	uint64_t h = 1469598103934665603ull;
	char *end;

	if (!*spec)
		return 1;
	if (strchr(spec, '%') && (end = strchr(spec, '%')) && end[1] == 0) {
		double pct = strtod(spec, NULL);

		for (const char *p = rel; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
		return (double)(h % 10000) < pct * 100;
	}
	/* a list of paths (relative to the mount, fnmatch patterns), '|'-separated */
	while (*spec) {
		char pat[PATH_MAX];
		size_t n = strcspn(spec, "|");

		snprintf(pat, sizeof(pat), "%.*s", (int)n, spec);
		while (pat[0] == '/')
			memmove(pat, pat + 1, strlen(pat));
		if (!fnmatch(pat, rel, 0) || strstr(rel, pat))
			return 1;
		spec += n + (spec[n] == '|');
	}
	return 0;
}

/* the errno to inject for op on a file (relative path), or 0 */
int emu_fault(const char *op, const char *rel, const struct lu_fid *fid)
{
	const char *env = getenv(EMU_ENV_FAULT);
	char rule[PATH_MAX];

	(void)fid;
	while (env && *env) {
		size_t n = strcspn(env, ";");
		char *e1, *e2;

		snprintf(rule, sizeof(rule), "%.*s", (int)n, env);
		env += n + (env[n] == ';');
		e1 = strchr(rule, ':');
		if (!e1)
			continue;
		*e1++ = 0;
		e2 = strchr(e1, ':');
		if (e2)
			*e2++ = 0;
		if (strcmp(rule, op))
			continue;
		if (emu_spec_hits(e2 ? e2 : "", rel ? rel : ""))
			return emu_errno_of(e1);
	}
	return 0;
}
