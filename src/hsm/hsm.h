/* SPDX-License-Identifier: MIT */
/*
 * HSM and bulk pre-warm (DESIGN.md §3, §6): the verbs' state rules, the
 * bulk engine (batched, threaded HSM requests with per-file retry), the
 * --wait follower, the hydration census and the lfs printers. Modules
 * return data; failures reach the caller through a callback.
 */
#ifndef FSX_HSM_HSM_H
#define FSX_HSM_HSM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "util/jsonout.h"
#include "hsm/input.h"
#include "lustre/uapi.h"
#include "util/why.h"

enum hsm_verb {
	HSM_RESTORE,
	HSM_RELEASE,
	HSM_ARCHIVE,
	HSM_REMOVE,
	HSM_CANCEL,
};

/* The hydration classes of a file, one each (census and --json). */
enum hsm_class {
	HSM_C_RESIDENT,	 /* data here, archived copy in sync */
	HSM_C_RELEASED,	 /* data only in the archive (S3) */
	HSM_C_DIRTY,	 /* data here, changed since archived */
	HSM_C_LOST,	 /* archive copy lost */
	HSM_C_NOARCHIVE, /* data here, never archived */
	HSM_NCLASS,
};

extern const char *const hsm_class_names[HSM_NCLASS]; /* "no archive" ... */
extern const char *const hsm_class_keys[HSM_NCLASS];  /* "no_archive" ... */

const char *hsm_verb_name(enum hsm_verb v);	/* "restore" */
const char *hsm_verb_done_word(enum hsm_verb v); /* "restored" */
uint32_t hsm_verb_action(enum hsm_verb v);	/* HUA_RESTORE */
enum hsm_class hsm_class_of(uint32_t states);
/* True if a file in state hus needs nothing for v (skipped unless --force). */
bool hsm_verb_satisfied(enum hsm_verb v, const struct hsm_user_state *hus);
/* True if an action is queued or running. */
bool hsm_in_progress(uint32_t action, uint32_t state);

/* FIDs: "[0x200000401:0x1a2b:0x0]" (DFID) and llapi_fid_parse's rules. */
#define HSM_FID_STR_MAX 64
void hsm_fid_format(const struct lu_fid *fid, char *buf, size_t len);
/* 0, -EINVAL (malformed, why says where) or -ERANGE; *ret written on success. */
int hsm_fid_parse(const char *s, struct lu_fid *ret, struct fsx_why *why);

/* A failure of one file or record, reported by the caller once. */
struct hsm_failure {
	const char *subject; /* a path, or the input's name */
	int rc;		     /* -errno */
	const char *msg;     /* "cannot open", "is a directory, use -r to walk it" */
	bool show_errno;     /* msg wants " (strerror)" after it */
	bool notice;	     /* not a failure (a duplicate path): no exit 1 */
};
typedef void (*hsm_fail_cb)(void *arg, const struct hsm_failure *f);

struct hsm_progress {
	bool waiting;	    /* false: queueing requests; true: following them */
	uint64_t seen;	    /* paths read so far */
	uint64_t requested; /* files requested so far */
	uint64_t done, total; /* --wait: files done of total */
	uint64_t done_bytes, total_bytes;
	double elapsed;	    /* seconds since the start */
};
typedef void (*hsm_progress_cb)(void *arg, const struct hsm_progress *p);

struct hsm_bulk_opts {
	enum hsm_verb verb;
	uint32_t archive_id;
	bool force;	   /* request even files already in the wanted state */
	bool wait;	   /* follow hsm_action until every file is done */
	double timeout;	   /* --wait: give up after this many seconds (0: never) */
	unsigned threads;  /* workers (1..64) */
	unsigned batch;	   /* files per request (1..HSM_BATCH_MAX) */
	hsm_fail_cb fail;
	hsm_progress_cb progress; /* NULL: none */
	void *arg;
};

#define HSM_BATCH_MAX 52 /* 24 + 32 * 52 = 1688 < MDS_MAXREQSIZE / 3 */

struct hsm_bulk_stats {
	uint64_t files;	      /* distinct regular files looked at */
	uint64_t requested;   /* files in requests the kernel accepted */
	uint64_t skipped;     /* already in the wanted state */
	uint64_t inflight;    /* the same action already queued or running */
	uint64_t duplicates;  /* paths naming a file already seen */
	uint64_t failed;      /* bad records, bad files, refused requests */
	uint64_t requests;    /* LL_IOC_HSM_REQUEST calls that succeeded */
	uint64_t retried;     /* batches refused whole and retried per file */
	uint64_t bytes;	      /* bytes of the files requested */
	uint64_t class_files[HSM_NCLASS]; /* states found before requesting */
	uint64_t class_bytes[HSM_NCLASS];
	/* --wait */
	uint64_t done, done_bytes, wait_failed, pending;
	bool timed_out;
	double elapsed;
};

/* Runs a bulk verb over in; 0, or -errno for a fatal error (why says). */
int hsm_bulk_run(struct hsm_input *in, const struct hsm_bulk_opts *o,
		 struct hsm_bulk_stats *st, struct fsx_why *why);

/* The census: files and bytes per class in one pass over in. */
struct hsm_census {
	uint64_t files[HSM_NCLASS], bytes[HSM_NCLASS];
	uint64_t failed;
	uint64_t state_calls; /* files whose layout did not answer */
	bool exact;	      /* ask the HSM state of every file */
};
int hsm_census_run(struct hsm_input *in, struct hsm_census *c, hsm_fail_cb fail,
		   void *arg, struct fsx_why *why);

/* One file's state / current action (open O_RDONLY|O_NONBLOCK + ioctl). */
int hsm_file_state(const char *path, struct hsm_user_state *ret, struct fsx_why *why);
int hsm_file_action(const char *path, struct hsm_current_action *ret,
		    struct fsx_why *why);
/* hsm_set / hsm_clear: setmask and clearmask of HS_* bits. */
int hsm_file_set(const char *path, uint64_t setmask, uint64_t clearmask,
		 uint32_t archive_id, struct fsx_why *why);

/* Printers: lfs's formats byte for byte (lustre-abi.md §8.4), and JSON. */
void hsm_state_print_lfs(FILE *out, const char *path, const struct hsm_user_state *hus);
void hsm_action_print_lfs(FILE *out, const char *path,
			  const struct hsm_current_action *hca);
void hsm_state_print_json(FILE *out, const char *path, const struct hsm_user_state *hus);
void hsm_action_print_json(FILE *out, const char *path,
			   const struct hsm_current_action *hca);
void hsm_census_print(FILE *out, const struct hsm_census *c);
void hsm_census_print_json(FILE *out, const struct hsm_census *c);
void hsm_stats_print_json(FILE *out, enum hsm_verb v, const struct hsm_bulk_stats *st,
			  bool wait);
/* "hsm-restore: 10 files: 8 requested, 1 already restored, 1 failed (0.01 s)" */
void hsm_summary_print(FILE *out, const char *cmd, enum hsm_verb v,
		       const struct hsm_bulk_stats *st, bool wait);
/* "restore: 12/100 files, 1.2 GiB/9.8 GiB, 35 files/s, ETA 3s" (no newline) */
void hsm_progress_format(char *buf, size_t len, enum hsm_verb v,
			 const struct hsm_progress *p);

#endif
