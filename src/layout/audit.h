/* SPDX-License-Identifier: MIT */
/*
 * The striping audit: where a file's layout, a directory's default
 * layout or the OSTs' fill break FSx for Lustre's striping guidelines.
 * Pure functions over layout blobs and numbers: each finding goes to a
 * callback with the rule, what was measured and what is wanted.
 */
#ifndef FSX_LAYOUT_AUDIT_H
#define FSX_LAYOUT_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum audit_rule {
	AUDIT_LARGE_FEW_STRIPES,    /* a large file on too few OSTs */
	AUDIT_SMALL_STRIPED,	    /* a small file over more than one OST */
	AUDIT_DIR_SMALL_STRIPED,    /* a directory full of such small files */
	AUDIT_DEFAULT_SMALL_STRIPED, /* a default that stripes small files */
	AUDIT_DEFAULT_LARGE_FEW,    /* a default that under-stripes large files */
	AUDIT_STRIPE_SIZE,	    /* a stripe size other than the expected one */
	AUDIT_OST_BALANCE,	    /* OSTs filled unevenly */
	AUDIT_NRULES,
};

/* The thresholds, each a command-line option (docs/admin.md). */
struct audit_cfg {
	uint64_t large;		/* files above this are large (1 GiB) */
	uint64_t small;		/* files below this are small (100 MiB) */
	unsigned large_stripes; /* a large file wants this many OSTs (8) */
	uint64_t stripe_size;	/* the expected stripe size (1 MiB) */
	unsigned dir_files;	/* small striped files that make a directory finding (16) */
	unsigned balance;	/* fill spread between OSTs, percentage points (20) */
	unsigned nost;		/* OSTs in the filesystem (clamps large_stripes) */
	unsigned def_count;	/* filesystem default stripe count, for 0 */
};

struct audit_finding {
	enum audit_rule rule;
	const char *path;
	bool is_dir;
	uint64_t size;	    /* files: bytes; balance: spread in points */
	unsigned have;	    /* stripe count found (or the OST index) */
	unsigned want;	    /* stripe count wanted */
	uint64_t stripe_size;
	unsigned nfiles, nsmall; /* directory finding */
	char measured[192]; /* one line: what was measured */
};

typedef void (*audit_cb)(void *arg, const struct audit_finding *f);

void audit_cfg_init(struct audit_cfg *c);
const char *audit_rule_name(enum audit_rule r);
/* The large-file stripe count wanted, clamped to the OSTs there are. */
unsigned audit_want_large(const struct audit_cfg *c);

/* Stripe count of the component holding byte off (0: the default). */
unsigned audit_count_at(const struct audit_cfg *c, const void *blob,
			size_t len, uint64_t off);
/* The largest stripe count over [0, end). */
unsigned audit_max_count_below(const struct audit_cfg *c, const void *blob,
			       size_t len, uint64_t end);

/* A file of size bytes with its layout; returns the number of findings. */
unsigned audit_file(const struct audit_cfg *c, const char *path, uint64_t size,
		    const void *blob, size_t len, audit_cb cb, void *arg);
/* A directory's default layout (what its new files will get). */
unsigned audit_dir_default(const struct audit_cfg *c, const char *path,
			   const void *blob, size_t len, audit_cb cb, void *arg);
/* A directory's tally of small files over more than one OST. */
unsigned audit_dir_tally(const struct audit_cfg *c, const char *path,
			 unsigned nfiles, unsigned nsmall, audit_cb cb, void *arg);
/* OST fill: used and total bytes per OST (index i = OST i). */
unsigned audit_balance(const struct audit_cfg *c, const char *mnt,
		       const uint64_t *used, const uint64_t *total, size_t n,
		       audit_cb cb, void *arg);

#endif
