/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "lustre/migrate.h"

#define VOLATILE_TRIES 16

int lustre_volatile_create(int dirfd, int mdt, int srcfd)
{
	char name[96];
	int fd = -1;

	for (int i = 0; i < VOLATILE_TRIES; i++) {
		snprintf(name, sizeof(name), "%s:%.4X:%.4X:fd=%.2d",
			 LUSTRE_VOLATILE_HDR, (unsigned)mdt, (unsigned)random(), srcfd);
		fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				       O_FILE_ENC | O_LOV_DELAY_CREATE | O_CLOEXEC, 0600);
		if (fd >= 0) {
			/* a safety net where volatile names are ordinary files */
			unlinkat(dirfd, name, 0);
			return fd;
		}
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

int lustre_data_version(int fd, uint32_t flags, uint64_t *ret)
{
	struct ioc_data_version dv = { .idv_flags = flags };

	if (ioctl(fd, LL_IOC_DATA_VERSION, &dv) < 0)
		return -errno;
	*ret = dv.idv_version;
	return 0;
}

int lustre_group_lock(int fd, uint32_t gid)
{
	return ioctl(fd, LL_IOC_GROUP_LOCK, (unsigned long)gid) < 0 ? -errno : 0;
}

int lustre_group_unlock(int fd, uint32_t gid)
{
	return ioctl(fd, LL_IOC_GROUP_UNLOCK, (unsigned long)gid) < 0 ? -errno : 0;
}

int lustre_lease_set(int fd, uint32_t mode)
{
	struct ll_ioc_lease lease = { .lil_mode = mode };
	int rc = ioctl(fd, LL_IOC_SET_LEASE, &lease);

	if (rc < 0 && errno == ENOTTY)
		rc = ioctl(fd, LL_IOC_SET_LEASE_OLD, (unsigned long)mode);
	return rc < 0 ? -errno : rc;
}

int lustre_lease_get(int fd)
{
	int rc = ioctl(fd, LL_IOC_GET_LEASE);

	return rc < 0 ? -errno : rc;
}

int lustre_swap_layouts(int fd, int fd2, uint64_t flags, uint64_t dv1,
			uint64_t dv2, uint32_t gid)
{
	struct lustre_swap_layouts sl = { .sl_flags = flags, .sl_fd = (uint32_t)fd2,
					  .sl_gid = gid, .sl_dv1 = dv1, .sl_dv2 = dv2 };

	return ioctl(fd, LL_IOC_LOV_SWAP_LAYOUTS, &sl) < 0 ? -errno : 0;
}
