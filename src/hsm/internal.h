/* SPDX-License-Identifier: MIT */
/* Shared between the files of src/hsm/ only. */
#ifndef FSX_HSM_INTERNAL_H
#define FSX_HSM_INTERNAL_H

#include <stdio.h>
#include <sys/stat.h>
#include "hsm/hsm.h"

/* What the bulk verbs learn about one path before requesting. */
struct hsm_prep {
	struct stat st;
	struct hsm_user_state hus;
	struct lu_fid fid;
	bool have_state; /* false: no read access, FID only (request anyway) */
};

/* open O_RDONLY|O_NONBLOCK|O_NOFOLLOW, fstat, regular file check, HSM
 * state, FID, close. -errno with *f filled (msg, show_errno). */
int hsm_prep_file(const char *path, struct hsm_prep *p, struct hsm_failure *f);

double hsm_now(void); /* monotonic seconds */
/* Why an HSM ioctl on fd failed with ENOTTY: not Lustre, or no HSM. */
const char *hsm_enotty_msg(int fd);

/* --wait: the requested files, one record each, in a temporary file. */
struct hsm_spill_rec {
	struct lu_fid fid;
	uint64_t size;
	uint16_t len; /* path bytes that follow, no NUL */
} __attribute__((packed));

int hsm_spill_add(FILE *spill, const struct lu_fid *fid, uint64_t size,
		  const char *path);
/* Follows every file of spill until done, failed or o->timeout. */
int hsm_wait_run(FILE *spill, const struct hsm_bulk_opts *o,
		 struct hsm_bulk_stats *st, uint64_t total, uint64_t total_bytes,
		 struct fsx_why *why);

#endif
