/* SPDX-License-Identifier: MIT */
/*
 * The Lustre calls file migration needs (lustre-abi.md §5, §6.13-6.16):
 * volatile files, data versions, group locks, leases and the layout
 * swap. Thin wrappers: 0 (or a value) on success, -errno on failure.
 */
#ifndef FSX_LUSTRE_MIGRATE_H
#define FSX_LUSTRE_MIGRATE_H

#include <stdint.h>
#include <sys/types.h>
#include "lustre/uapi.h"

#define LL_DV_RD_FLUSH 0x1U
#define LL_DV_WR_FLUSH 0x2U
#define LL_LEASE_RDLCK 0x1U
#define LL_LEASE_WRLCK 0x2U
#define LL_LEASE_UNLCK 0x4U
#define SWAP_LAYOUTS_CHECK_DV1 0x1ULL
#define SWAP_LAYOUTS_CHECK_DV2 0x2ULL
#define SWAP_LAYOUTS_CLOSE     0x10ULL
#define LL_IOC_SET_LEASE_OLD   0xC00866F3U
#define O_FILE_ENC	       (O_NOCTTY | O_NDELAY)

/*
 * Creates an anonymous volatile file in directory dirfd, on MDT mdt, for
 * migrating the file open as srcfd (name `<HDR>:<MDT>:<random>:fd=<NN>`,
 * as lfs names it), opened write-only without a layout yet. Returns the
 * fd or -errno; the name is never visible and vanishes with the fd.
 */
int lustre_volatile_create(int dirfd, int mdt, int srcfd);
/* LL_IOC_DATA_VERSION with flags (LL_DV_*). */
int lustre_data_version(int fd, uint32_t flags, uint64_t *ret);
/* LL_IOC_GROUP_LOCK / UNLOCK with a non-zero gid. */
int lustre_group_lock(int fd, uint32_t gid);
int lustre_group_unlock(int fd, uint32_t gid);
/* LL_IOC_SET_LEASE (falls back to the by-value form on ENOTTY). For
 * LL_LEASE_UNLCK the result is the mode held, 0 if it had been broken. */
int lustre_lease_set(int fd, uint32_t mode);
/* LL_IOC_GET_LEASE: the mode still held, 0 once the lease was broken. */
int lustre_lease_get(int fd);
/* LL_IOC_LOV_SWAP_LAYOUTS on fd (open for write) with the file fd2. */
int lustre_swap_layouts(int fd, int fd2, uint64_t flags, uint64_t dv1,
			uint64_t dv2, uint32_t gid);

#endif
