/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include "lustre/quota.h"

int lustre_quotactl(int dirfd, struct if_quotactl *qc)
{
	/* lfs always allocates the struct plus LOV_MAXPOOLNAME + 1 */
	union {
		struct if_quotactl qc;
		char raw[sizeof(struct if_quotactl) + LOV_MAXPOOLNAME + 1];
	} u;
	int rc = 0;

	memset(&u, 0, sizeof(u));
	u.qc = *qc;
	if (ioctl(dirfd, OBD_IOC_QUOTACTL, &u) < 0)
		rc = -errno;
	if (!rc || rc == -ENODATA)
		*qc = u.qc;
	return rc;
}
