/* SPDX-License-Identifier: MIT */
/*
 * Mounts and per-target capacity: which Lustre client mount holds a path
 * (/proc/mounts, matched by st_dev as liblustreapi does), the per-MDT and
 * per-OST statfs ioctl, target counts and OST pool members. Wrappers
 * return 0 or -errno, like the rest of src/lustre/.
 */
#ifndef FSX_LUSTRE_STATFS_H
#define FSX_LUSTRE_STATFS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "lustre/uapi.h"

#define LUSTRE_MAXFSNAME 8

struct lustre_mnt {
	char dir[PATH_MAX];  /* mount point, as /proc/mounts lists it */
	char source[256];    /* 172.31.20.15@tcp:/abcdefgh */
	char fsname[LUSTRE_MAXFSNAME + 8];
};

/*
 * Every Lustre client mount in /proc/mounts order. *ret_v is malloc'ed
 * (free it); 0 mounts is not an error.
 */
int lustre_mnt_list(struct lustre_mnt **ret_v, size_t *ret_n);
/*
 * The Lustre client mount that holds path: -ENOENT (or another stat
 * errno) if path does not exist, -ENOTTY if it is not on Lustre.
 */
int lustre_mnt_find(const char *path, struct lustre_mnt *ret);
/* The fsname of a mount source: `...:/abcdefgh/sub` -> `abcdefgh`. */
void lustre_mnt_fsname(const char *source, char *buf, size_t len);

/*
 * IOC_OBD_STATFS on the mount's fd: type LL_STATFS_LMV (MDTs) or
 * LL_STATFS_LOV (OSTs), optionally | LL_STATFS_NODELAY. uuid gets the
 * target UUID (empty when the kernel gave none). -ENODEV: past the last
 * target; -EAGAIN: no target at this index; -ENODATA: inactive.
 */
int lustre_target_statfs(int fd, uint32_t type, uint32_t index,
			 struct obd_statfs *ret_st, char uuid[40]);
/* LL_IOC_GETOBDCOUNT: OST slots (mdt false) or the MDT table size. */
int lustre_obd_count(int fd, bool mdt, int *ret);
/*
 * The members of an OST pool of the mount of fd, as the lov pools file
 * lists them (one target UUID a line), NUL-terminated into buf. Returns
 * the length, -ENOENT for no such pool, -ERANGE if buf is too small.
 */
ssize_t lustre_pool_read(int fd, const char *pool, char *buf, size_t len);

#endif
