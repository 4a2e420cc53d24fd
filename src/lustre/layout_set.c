/* SPDX-License-Identifier: MIT */
/* Layout queries and changes used by setstripe and migrate (the Lustre door). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "lustre/lustre.h"

ssize_t lustre_fd_layout_size(int fd)
{
	ssize_t n = fgetxattr(fd, "lustre.lov", NULL, 0);

	return n < 0 ? -errno : n;
}

ssize_t lustre_fd_layout(int fd, void *buf, size_t len)
{
	ssize_t n = fgetxattr(fd, "lustre.lov", buf, len);

	return n < 0 ? -errno : n;
}

int lustre_comp_add(int fd, const void *blob, size_t len)
{
	return fsetxattr(fd, "lustre.lov.add", blob, len, 0) < 0 ? -errno : 0;
}

int lustre_comp_del(int fd, const void *blob, size_t len)
{
	return fsetxattr(fd, "lustre.lov.del", blob, len, 0) < 0 ? -errno : 0;
}

int lustre_ost_count(int fd)
{
	int n = 0;

	if (ioctl(fd, LL_IOC_GETOBDCOUNT, &n) < 0)
		return -errno;
	return n;
}

int lustre_pool_exists(int fd, const char *pool)
{
	char lov[MAX_OBD_NAME], path[512];
	int rc = lustre_lov_name(fd, lov, sizeof(lov));

	if (rc)
		return rc;
	snprintf(path, sizeof(path), "/proc/fs/lustre/lov/%s/pools", lov);
	if (access(path, F_OK) < 0)
		return -errno; /* pools not listed here: cannot tell */
	snprintf(path, sizeof(path), "/proc/fs/lustre/lov/%s/pools/%s", lov, pool);
	return access(path, F_OK) == 0;
}

int lustre_dir_default_lmv(int dirfd, struct lmv_user_md_v1 *lum)
{
	memset(lum, 0, sizeof(*lum));
	lum->lum_magic = LMV_USER_MAGIC;
	lum->lum_stripe_count = 0; /* no room for per-stripe objects */
	return ioctl(dirfd, LL_IOC_LMV_GETSTRIPE, lum) < 0 ? -errno : 0;
}
