/* SPDX-License-Identifier: MIT */
/*
 * Where bulk verbs get their paths (DESIGN.md §3): arguments, `--filelist
 * FILE`, stdin (newline- or NUL-separated records), and trees walked with
 * -r. Everything streams: memory is bounded by one read buffer and the
 * depth of the tree, whatever the input size. `--shard I/N` keeps a
 * deterministic 1/N of the paths, by a hash of the path as read.
 */
#ifndef FSX_HSM_INPUT_H
#define FSX_HSM_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/why.h"

#define HSM_RECORD_MAX 4095 /* PATH_MAX - 1: longer records are refused */

/* A record reader over an fd: '\n'- or '\0'-separated records. */
struct hsm_reader {
	int fd;
	char sep;
	char *buf;
	size_t cap, maxrec; /* buffer size; longest record accepted */
	size_t start, end;
	bool eof, skipping;
	uint64_t recno; /* records returned or refused so far */
};

int hsm_reader_init(struct hsm_reader *r, int fd, char sep, size_t maxrec);
void hsm_reader_release(struct hsm_reader *r);
/*
 * 1: *ret_rec is the next record, NUL-terminated, valid until the next
 * call; 0: end of input; -EINVAL: a refused record (why says why; *ret_rec
 * is its beginning, possibly empty), go on reading; other -errno: the read
 * failed, stop. Empty records are skipped.
 */
int hsm_reader_next(struct hsm_reader *r, char **ret_rec, struct fsx_why *why);

/* --shard I/N */
struct hsm_shard {
	uint32_t index, count; /* count 0: no sharding */
};
/* "I/N" or "auto" (JOB_COMPLETION_INDEX and JOB_COMPLETIONS from env). */
int hsm_shard_parse(const char *s, const char *env_index, const char *env_count,
		    struct hsm_shard *ret, struct fsx_why *why);
uint64_t hsm_path_hash(const char *path, size_t len);
bool hsm_shard_mine(const struct hsm_shard *sh, const char *path);

enum hsm_src_kind { HSM_SRC_PATH, HSM_SRC_FILE, HSM_SRC_STDIN };

struct hsm_src {
	enum hsm_src_kind kind;
	const char *arg; /* the path, or the filelist's name */
};

struct hsm_input_opts {
	const struct hsm_src *srcs;
	size_t nsrcs;
	bool null;	/* -0: NUL-separated records */
	bool recursive; /* -r: walk directories */
	struct hsm_shard shard;
	int stdin_fd;	/* normally 0 */
};

struct hsm_item {
	const char *path;
	bool is_dir;	/* known to be a directory (only when -r is off) */
	bool walked;	/* found by a walk: a regular file (d_type) */
	int dirfd;	/* walked: the directory's fd, else -1 */
	const char *name; /* walked: the name in dirfd */
};

struct hsm_input;

int hsm_input_open(const struct hsm_input_opts *o, struct hsm_input **ret,
		   struct fsx_why *why);
struct hsm_input *hsm_input_free(struct hsm_input *in);
/*
 * 1: *it is the next path of this shard (valid until the next call);
 * 0: end; -EINVAL (or another -errno from a walk): a bad record or
 * unreadable directory, it->path names it and why says what; go on.
 * -EIO and other errors reading a source are reported the same way and
 * the reader moves on to the next source.
 */
int hsm_input_next(struct hsm_input *in, struct hsm_item *it, struct fsx_why *why);
/* Paths read (before sharding) and paths this shard kept. */
uint64_t hsm_input_seen(const struct hsm_input *in);
uint64_t hsm_input_kept(const struct hsm_input *in);

#endif
