/* SPDX-License-Identifier: MIT */
/* OBD_IOC_QUOTACTL: the one door to Lustre quotas (lustre-abi.md §6.11). */
#ifndef FSX_LUSTRE_QUOTA_H
#define FSX_LUSTRE_QUOTA_H

#include "lustre/uapi.h"

#define LQUOTA_GRACE_BITS   48
#define LQUOTA_GRACE_MASK   ((1ULL << LQUOTA_GRACE_BITS) - 1)
#define LQUOTA_FLAG_DEFAULT 0x1ULL
#define LQUOTA_NOTIFY_GRACE LQUOTA_GRACE_MASK /* "notify": warn only */
#define QC_GENERAL	    0
#define QC_MDTIDX	    1
#define QC_OSTIDX	    2

/*
 * Issues qc on the directory fd (any directory of the filesystem); the
 * struct is sent with lfs's 16-byte pool area after it and copied back
 * on success and on -ENODATA (an inactive target). Returns 0 or -errno.
 */
int lustre_quotactl(int dirfd, struct if_quotactl *qc);

#endif
