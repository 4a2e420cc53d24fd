/* SPDX-License-Identifier: MIT */
/*
 * The record reader behind --filelist and stdin, and --shard. Records are
 * read through one fixed buffer: a record longer than maxrec is refused
 * (and skipped to its end) rather than grown into, so memory stays bounded
 * whatever the input. With NUL separators an unterminated last record is
 * refused: find -print0 always terminates its records, so a missing NUL
 * means a truncated stream, and a truncated path may name another file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hsm/input.h"
#include "util/parse.h"

int hsm_reader_init(struct hsm_reader *r, int fd, char sep, size_t maxrec)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->sep = sep;
	r->maxrec = maxrec;
	r->cap = maxrec + 1 < 65536 ? 65536 : maxrec + 1;
	r->buf = malloc(r->cap + 1);
	return r->buf ? 0 : -ENOMEM;
}

void hsm_reader_release(struct hsm_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

static int fill(struct hsm_reader *r)
{
	ssize_t n;

	if (r->start) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		r->eof = true;
	r->end += (size_t)n;
	return 0;
}

static int refuse(struct hsm_reader *r, char *rec, char **ret_rec,
		  struct fsx_why *why, const char *what)
{
	r->recno++;
	*ret_rec = rec;
	return why_set(why, -EINVAL, "record %llu: %s", (unsigned long long)r->recno,
		       what);
}

/* A complete record at buf[start, start + len); sep replaced by NUL. */
static int take(struct hsm_reader *r, size_t len, char **ret_rec,
		struct fsx_why *why)
{
	char *rec = r->buf + r->start;

	rec[len] = 0;
	r->start += len + 1;
	if (r->skipping) {
		r->skipping = false;
		return refuse(r, rec, ret_rec, why, "longer than 4095 bytes, ignored");
	}
	if (len > r->maxrec)
		return refuse(r, rec, ret_rec, why, "longer than 4095 bytes, ignored");
	if (len == 0)
		return 0;
	if (r->sep && memchr(rec, 0, len))
		return refuse(r, rec, ret_rec, why,
			      "contains a NUL byte, ignored (NUL-separated input needs -0)");
	r->recno++;
	*ret_rec = rec;
	return 1;
}

int hsm_reader_next(struct hsm_reader *r, char **ret_rec, struct fsx_why *why)
{
	for (;;) {
		char *p = memchr(r->buf + r->start, r->sep, r->end - r->start);
		size_t have = r->end - r->start;
		int rc;

		if (p) {
			rc = take(r, (size_t)(p - (r->buf + r->start)), ret_rec, why);
			if (rc)
				return rc;
			continue;
		}
		if (r->eof) {
			if (!have && !r->skipping)
				return 0;
			if (!have) {
				r->skipping = false;
				r->buf[r->end] = 0;
				return refuse(r, r->buf + r->end, ret_rec, why,
					      "longer than 4095 bytes, ignored");
			}
			if (r->sep || r->skipping) {
				/* the unterminated last line: buf has room for one more byte */
				r->buf[r->end++] = r->sep;
				continue;
			}
			r->buf[r->end] = 0;
			p = r->buf + r->start;
			r->start = r->end;
			return refuse(r, p, ret_rec, why,
				      "not NUL-terminated at the end of the input (truncated?), ignored");
		}
		if (have > r->maxrec) {
			/* too long: keep nothing until the next separator */
			r->skipping = true;
			r->start = r->end = 0;
		}
		rc = fill(r);
		if (rc)
			return rc;
	}
}

/* FNV-1a, 64 bits: stable across machines and releases (shards depend on it). */
uint64_t hsm_path_hash(const char *path, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)path[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

bool hsm_shard_mine(const struct hsm_shard *sh, const char *path)
{
	if (!sh->count)
		return true;
	return hsm_path_hash(path, strlen(path)) % sh->count == sh->index;
}

static int parse_u32(const char *s, size_t len, uint32_t *ret)
{
	char tmp[16];
	long long v;

	if (!len || len >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, s, len);
	tmp[len] = 0;
	for (size_t i = 0; i < len; i++)
		if (tmp[i] < '0' || tmp[i] > '9')
			return -EINVAL;
	if (parse_long(tmp, 0, 1000000, &v))
		return -ERANGE;
	*ret = (uint32_t)v;
	return 0;
}

static int shard_check(uint32_t i, uint32_t n, struct hsm_shard *ret,
		       struct fsx_why *why)
{
	if (n == 0)
		return why_set(why, -EINVAL, "the shard count must be at least 1");
	if (i >= n)
		return why_set(why, -EINVAL, "the shard index must be below the count (0 to %u)",
			       n - 1);
	ret->index = i;
	ret->count = n;
	return 0;
}

int hsm_shard_parse(const char *s, const char *env_index, const char *env_count,
		    struct hsm_shard *ret, struct fsx_why *why)
{
	const char *slash;
	uint32_t i, n;

	if (!strcmp(s, "auto")) {
		if (!env_index || !*env_index)
			return why_set(why, -EINVAL, "JOB_COMPLETION_INDEX is not set (not in an Indexed Job?)");
		if (!env_count || !*env_count)
			return why_set(why, -EINVAL, "JOB_COMPLETIONS is not set (set it to the Job's completions)");
		if (parse_u32(env_index, strlen(env_index), &i))
			return why_set(why, -EINVAL, "JOB_COMPLETION_INDEX=%s is not a number", env_index);
		if (parse_u32(env_count, strlen(env_count), &n))
			return why_set(why, -EINVAL, "JOB_COMPLETIONS=%s is not a number", env_count);
		return shard_check(i, n, ret, why);
	}
	slash = strchr(s, '/');
	if (!slash || parse_u32(s, (size_t)(slash - s), &i) ||
	    parse_u32(slash + 1, strlen(slash + 1), &n))
		return why_set(why, -EINVAL, "not I/N (e.g. 0/4) or auto");
	return shard_check(i, n, ret, why);
}
