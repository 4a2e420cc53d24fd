/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "lustre/lustre.h"

int lustre_fd_is_lustre(int fd)
{
	struct statfs st;

	if (fstatfs(fd, &st) < 0)
		return -errno;
	return (unsigned long)st.f_type == LL_SUPER_MAGIC;
}

size_t lustre_layout_len(const void *buf, size_t len)
{
	const struct lov_user_md_v1 *v1 = buf;
	const struct lov_comp_md_v1 *c = buf;
	size_t n;

	if (len < sizeof(*v1))
		return len;
	switch (v1->lmm_magic) {
	case LOV_MAGIC_COMP_V1:
		n = c->lcm_size;
		break;
	case LOV_MAGIC_V1:
	case LOV_MAGIC_V3:
	case LOV_MAGIC_SPECIFIC:
		n = (v1->lmm_magic == LOV_MAGIC_V1 ? 32 : 48) +
		    24 * (size_t)(v1->lmm_stripe_count == LOV_ALL_STRIPES ?
					  0 : v1->lmm_stripe_count);
		break;
	default:
		n = 32;
	}
	return n < len ? n : len;
}

ssize_t lustre_file_layout(int dirfd, const char *name, void *buf, size_t len)
{
	size_t nl = strlen(name);

	if (nl + 1 > len)
		return -ENAMETOOLONG;
	memcpy(buf, name, nl + 1);
	if (ioctl(dirfd, IOC_MDC_GETFILESTRIPE, buf) < 0)
		return -errno;
	return (ssize_t)lustre_layout_len(buf, len);
}

ssize_t lustre_dir_layout(int dirfd, void *buf, size_t len)
{
	if (ioctl(dirfd, LL_IOC_LOV_GETSTRIPE, buf) < 0)
		return -errno;
	return (ssize_t)lustre_layout_len(buf, len);
}

int lustre_setstripe(int fd, const void *lum)
{
	return ioctl(fd, LL_IOC_LOV_SETSTRIPE, lum) < 0 ? -errno : 0;
}

int lustre_set_lov_xattr(int fd, const void *blob, size_t len)
{
	return fsetxattr(fd, "lustre.lov", blob, len, 0) < 0 ? -errno : 0;
}

int lustre_dir_layout_delete(int dirfd)
{
	struct lov_user_md_v1 lum = {
		.lmm_magic = LOV_MAGIC_V1,
		.lmm_pattern = LOV_PATTERN_RAID0,
		.lmm_stripe_offset = LOV_OFFSET_DEFAULT,
	};

	return lustre_setstripe(dirfd, &lum);
}

int lustre_fd_fid(int fd, struct lu_fid *fid)
{
	return ioctl(fd, LL_IOC_PATH2FID, fid) < 0 ? -errno : 0;
}

int lustre_fd_mdt_index(int fd, int *idx)
{
	return ioctl(fd, LL_IOC_GET_MDTIDX, idx) < 0 ? -errno : 0;
}

int lustre_lov_name(int fd, char *buf, size_t len)
{
	char name[MAX_OBD_NAME] = "";

	if (ioctl(fd, OBD_IOC_GETDTNAME, name) < 0)
		return -errno;
	name[sizeof(name) - 1] = 0;
	if (strlen(name) + 1 > len)
		return -ERANGE;
	memcpy(buf, name, strlen(name) + 1);
	return 0;
}

static int read_param(const char *lov, const char *param, long long *ret)
{
	char path[256], val[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/fs/lustre/lov/%s/%s", lov, param);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(path, sizeof(path), "/proc/fs/lustre/lov/%s/%s", lov, param);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return -errno;
	n = read(fd, val, sizeof(val) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	val[n] = 0;
	*ret = strtoll(val, NULL, 10);
	return 0;
}

int lustre_fs_defaults(int fd, struct lustre_defaults *d)
{
	char lov[MAX_OBD_NAME];
	long long v;
	int rc = lustre_lov_name(fd, lov, sizeof(lov));

	if (rc)
		return rc;
	d->stripe_count = 1;
	d->stripe_size = 1048576;
	d->stripe_offset = -1;
	if (read_param(lov, "stripecount", &v) == 0)
		d->stripe_count = (int)v;
	if (read_param(lov, "stripesize", &v) == 0)
		d->stripe_size = (uint64_t)v;
	if (read_param(lov, "stripeoffset", &v) == 0)
		d->stripe_offset = (int)v;
	return 0;
}
