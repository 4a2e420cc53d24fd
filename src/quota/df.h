/* SPDX-License-Identifier: MIT */
/*
 * df: per-MDT and per-OST capacity of a Lustre mount and the filesystem
 * summary, loaded through the per-target statfs ioctl, then printed
 * exactly as lfs df 2.15 prints it or as JSON (docs/json.md).
 */
#ifndef FSX_QUOTA_DF_H
#define FSX_QUOTA_DF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "lustre/uapi.h"
#include "util/why.h"

enum df_flags {
	DF_HUMAN = 1 << 0,   /* -h: base 1024, KMGTPEZY */
	DF_SI = 1 << 1,	     /* -H: base 1000, kMGTPEZY */
	DF_INODES = 1 << 2,  /* -i */
	DF_VERBOSE = 1 << 3, /* -v: inactive targets, informational states */
	DF_LAZY = 1 << 4,    /* -l: do not wait for unresponsive targets */
};

struct df_target {
	char uuid[48];	/* the kernel's, or MDT%04x / OST%04x when empty */
	bool is_mdt;
	uint32_t index;
	int rc;		/* 0; -ENODATA inactive; another -errno */
	struct obd_statfs st;
};

struct df_fs {
	char mnt[4096];
	char fsname[16];
	size_t n;
	struct df_target *t;
	struct obd_statfs sum; /* the filesystem_summary line (bsize 1) */
	bool have_sum_osts;
	int rc;		/* the first target error other than -ENODATA */
};

/*
 * Loads every target of the mount at mnt (pool: only its OSTs; NULL for
 * all). Returns 0 (target errors are kept per target and in fs->rc), or
 * -errno with why when the mount itself cannot be read or the pool is
 * unknown (-ENOENT).
 */
int df_load(const char *mnt, const char *fsname, const char *pool,
	    unsigned flags, struct df_fs *ret, struct fsx_why *why);
void df_release(struct df_fs *fs);
/* Computes fs->sum from the targets, as lfs does. */
void df_sum(struct df_fs *fs);

/* lfs df's table for one mount, header to trailing empty line. */
void df_print_lfs(FILE *out, const struct df_fs *fs, unsigned flags);
/* One JSON object for one mount (no trailing newline). */
void df_print_json(FILE *out, const struct df_fs *fs);
/* lfs's use percentage: used / (used + avail), rounded up. */
int df_ratio(const struct obd_statfs *st, bool inodes);
/* lfs's -h/-H cooking of a value into an 11-column cell. */
void df_cook(char *buf, size_t len, uint64_t v, unsigned flags);

#endif
