/* SPDX-License-Identifier: MIT */
/*
 * Quotas: limit and grace parsers as lfs reads them, user/group/project
 * ids, the GETQUOTA report (with per-target detail for -v), setting
 * limits, defaults and grace times, and lfs quota's table printer.
 */
#ifndef FSX_QUOTA_QUOTA_H
#define FSX_QUOTA_QUOTA_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include "lustre/uapi.h"
#include "util/why.h"

enum quota_type {
	QUOTA_USR = 0,
	QUOTA_GRP = 1,
	QUOTA_PRJ = 2,
};

/* "usr", "grp", "prj": what lfs prints */
const char *quota_type_name(enum quota_type t);

/* ---- parsers (limits.c); 0 or -EINVAL/-ERANGE with why ---- */

/* A block limit: KiB by default, k/m/g/t/p/e suffixes (powers of 1024
 * bytes), b for bytes, decimals allowed (1.5G). Returns KiB, rounded up. */
int quota_parse_blocks(const char *s, uint64_t *ret_kib, struct fsx_why *why);
/* An inode limit: a count, suffixes multiply by powers of 1024. */
int quota_parse_inodes(const char *s, uint64_t *ret, struct fsx_why *why);
/* A grace period: seconds, 1w2d3h4m5s, or "notify". */
int quota_parse_grace(const char *s, uint64_t *ret_secs, struct fsx_why *why);
/* A user or group name or a numeric id; projects are numbers only. */
int quota_parse_id(enum quota_type t, const char *s, uint32_t *ret_id,
		   struct fsx_why *why);
/* 1w2d3h4m5s (units that are 0 left out; 0 is "0s"). */
void quota_sec2str(uint64_t secs, char *buf, size_t len);

/* ---- limits to set ---- */

enum quota_set_mask {
	QSET_BSOFT = 1 << 0,
	QSET_BHARD = 1 << 1,
	QSET_ISOFT = 1 << 2,
	QSET_IHARD = 1 << 3,
	QSET_BGRACE = 1 << 4,
	QSET_IGRACE = 1 << 5,
};

struct quota_limits {
	unsigned mask; /* which values were given */
	uint64_t bsoft, bhard; /* KiB */
	uint64_t isoft, ihard;
	uint64_t bgrace, igrace; /* seconds */
};

/* Soft above hard (both non-zero) is refused: -EINVAL, why names both. */
int quota_limits_check(const struct quota_limits *l, struct fsx_why *why);

enum quota_set_mode {
	QSET_LIMITS,	/* an id's limits */
	QSET_DEFAULT,	/* the type's default limits (-U/-G/-P) */
	QSET_USE_DEFAULT, /* make the id use the default limits (--default) */
	QSET_GRACE,	/* the type's grace periods (-t) */
};

/*
 * Sets quotas through the directory path (needs root, as on Lustre).
 * With only one of a soft/hard pair given, the other is kept (a GETQUOTA
 * first, as lfs does) and the merged pair is checked again. 0 or -errno.
 */
int quota_set(const char *path, enum quota_type t, uint32_t id,
	      enum quota_set_mode mode, const struct quota_limits *l,
	      struct fsx_why *why);

/* ---- reports ---- */

struct quota_target {
	char uuid[48];
	bool is_mdt;
	uint32_t index;
	int rc; /* 0 or -ENODATA (inactive); others are skipped */
	struct obd_dqblk dqb;
};

struct quota_report {
	enum quota_type type;
	uint32_t id;
	char name[256];	 /* as typed, or resolved */
	char path[4096]; /* as typed: lfs prints it unchanged */
	bool is_default; /* -U/-G/-P: the default limits */
	bool verbose;	 /* -v: per-target rows were asked for */
	int rc;		 /* the GETQUOTA result (0, -EREMOTEIO...) */
	struct obd_dqblk dqb;
	size_t ntargets; /* -v */
	struct quota_target *targets;
	int target_rc;	 /* the first per-target failure */
};

/* Loads the report; 0 or -errno with why (-ESRCH: quotas not enabled). */
int quota_get(const char *path, enum quota_type t, uint32_t id, bool dflt,
	      bool verbose, struct quota_report *ret, struct fsx_why *why);
void quota_report_release(struct quota_report *r);
/* Reads the grace periods of a type. */
int quota_get_grace(const char *path, enum quota_type t, uint64_t *ret_bgrace,
		    uint64_t *ret_igrace, struct fsx_why *why);
/* Whether lfs would call the numbers inaccurate (bits missing). */
bool quota_report_inaccurate(const struct quota_report *r);

/* Over-limit state as lfs computes it: 0 ok, 1 over hard, 2 over soft in
 * grace, 3 over soft with the grace expired. */
int quota_over(uint64_t used, uint64_t soft, uint64_t hard, uint64_t time,
	       time_t now);

/* lfs quota's title, header, rows (and -v detail), at time now. */
void quota_print_lfs(FILE *out, const struct quota_report *r, bool human,
		     bool title, time_t now);
void quota_print_grace_lfs(FILE *out, uint64_t bgrace, uint64_t igrace);
/* One JSON object per report (docs/json.md), no trailing newline. */
void quota_print_json(FILE *out, const struct quota_report *r, time_t now);

#endif
