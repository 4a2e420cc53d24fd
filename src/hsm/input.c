/* SPDX-License-Identifier: MIT */
/*
 * Paths from arguments, --filelist, stdin and -r walks, one at a time.
 * A walk keeps one open directory per level and one path buffer, so its
 * memory follows the tree's depth; entries come in readdir order and only
 * regular files are handed out (symbolic links are not followed).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hsm/input.h"

#define WALK_PATH_MAX 8192

struct frame {
	DIR *d;
	size_t len; /* path length of this directory */
};

struct hsm_input {
	struct hsm_input_opts o;
	size_t next_src;
	struct hsm_reader rd;
	bool reading; /* rd is open on the current source */
	const char *src_name;
	/* the walk */
	struct frame *stack;
	size_t depth, stack_cap;
	char path[WALK_PATH_MAX];
	uint64_t seen, kept;
};

int hsm_input_open(const struct hsm_input_opts *o, struct hsm_input **ret,
		   struct fsx_why *why)
{
	struct hsm_input *in = calloc(1, sizeof(*in));

	if (!in)
		return why_set(why, -ENOMEM, "out of memory");
	in->o = *o;
	*ret = in;
	return 0;
}

static void walk_pop(struct hsm_input *in)
{
	closedir(in->stack[--in->depth].d);
	if (in->depth)
		in->path[in->stack[in->depth - 1].len] = 0;
}

static void close_reader(struct hsm_input *in)
{
	if (!in->reading)
		return;
	if (in->rd.fd != in->o.stdin_fd)
		close(in->rd.fd);
	hsm_reader_release(&in->rd);
	in->reading = false;
}

struct hsm_input *hsm_input_free(struct hsm_input *in)
{
	if (!in)
		return NULL;
	while (in->depth)
		walk_pop(in);
	free(in->stack);
	close_reader(in);
	free(in);
	return NULL;
}

uint64_t hsm_input_seen(const struct hsm_input *in)
{
	return in->seen;
}

uint64_t hsm_input_kept(const struct hsm_input *in)
{
	return in->kept;
}

static int walk_push(struct hsm_input *in, int fd, size_t len)
{
	DIR *d;

	if (in->depth == in->stack_cap) {
		size_t cap = in->stack_cap ? in->stack_cap * 2 : 16;
		struct frame *s = realloc(in->stack, cap * sizeof(*s));

		if (!s) {
			close(fd);
			return -ENOMEM;
		}
		in->stack = s;
		in->stack_cap = cap;
	}
	d = fdopendir(fd);
	if (!d) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	in->stack[in->depth].d = d;
	in->stack[in->depth].len = len;
	in->depth++;
	return 0;
}

/* Starts a walk at path (a directory); the error names path. */
static int walk_start(struct hsm_input *in, const char *path, struct hsm_item *it,
		      struct fsx_why *why)
{
	size_t len = strlen(path);
	int fd;

	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len >= WALK_PATH_MAX - 256) {
		it->path = path;
		return why_set(why, -ENAMETOOLONG, "path too long to walk");
	}
	memcpy(in->path, path, len);
	in->path[len] = 0;
	fd = open(in->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || walk_push(in, fd, len) < 0) {
		it->path = path;
		return why_set(why, fd < 0 ? -errno : -ENOMEM, "cannot open directory");
	}
	return 0;
}

static unsigned char entry_type(DIR *d, struct dirent *de)
{
	struct stat st;

	if (de->d_type != DT_UNKNOWN)
		return de->d_type;
	if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return DT_UNKNOWN;
	return S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
}

/* 1: a file in *it; 0: the walk is over; <0: an entry failed (go on). */
static int walk_next(struct hsm_input *in, struct hsm_item *it, struct fsx_why *why)
{
	while (in->depth) {
		struct frame *f = &in->stack[in->depth - 1];
		struct dirent *de;
		unsigned char type;
		size_t nl;
		int fd;

		errno = 0;
		de = readdir(f->d);
		if (!de) {
			walk_pop(in);
			continue;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		type = entry_type(f->d, de);
		if (type != DT_DIR && type != DT_REG)
			continue;
		nl = strlen(de->d_name);
		if (f->len + 1 + nl >= WALK_PATH_MAX) {
			it->path = de->d_name;
			return why_set(why, -ENAMETOOLONG, "path too long to walk, skipped");
		}
		in->path[f->len] = '/';
		memcpy(in->path + f->len + 1, de->d_name, nl + 1);
		if (type == DT_REG) {
			it->path = in->path;
			it->walked = true;
			it->dirfd = dirfd(f->d);
			it->name = in->path + f->len + 1;
			return 1;
		}
		fd = openat(dirfd(f->d), de->d_name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || walk_push(in, fd, f->len + 1 + nl) < 0) {
			it->path = in->path;
			return why_set(why, fd < 0 ? -errno : -ENOMEM, "cannot open directory");
		}
	}
	return 0;
}

static int open_source(struct hsm_input *in, const struct hsm_src *s,
		       struct hsm_item *it, struct fsx_why *why)
{
	int fd = in->o.stdin_fd, rc;

	in->src_name = s->kind == HSM_SRC_STDIN ? "stdin" : s->arg;
	if (s->kind == HSM_SRC_FILE) {
		fd = open(s->arg, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			it->path = s->arg;
			return why_set(why, -errno, "cannot open the file list");
		}
	}
	rc = hsm_reader_init(&in->rd, fd, in->o.null ? 0 : '\n', HSM_RECORD_MAX);
	if (rc) {
		if (fd != in->o.stdin_fd)
			close(fd);
		it->path = in->src_name;
		return why_set(why, rc, "out of memory");
	}
	in->reading = true;
	return 0;
}

/* The next path from the sources, before walking and sharding. */
static int next_path(struct hsm_input *in, struct hsm_item *it, struct fsx_why *why)
{
	for (;;) {
		const struct hsm_src *s;
		char *rec;
		int rc;

		if (in->reading) {
			rc = hsm_reader_next(&in->rd, &rec, why);
			if (rc == 1) {
				it->path = rec;
				return 1;
			}
			if (rc == -EINVAL) {
				it->path = rec;
				return rc;
			}
			close_reader(in);
			if (rc < 0) {
				it->path = in->src_name;
				return why_set(why, rc, "read error, rest of this input skipped");
			}
			continue;
		}
		if (in->next_src >= in->o.nsrcs)
			return 0;
		s = &in->o.srcs[in->next_src++];
		if (s->kind == HSM_SRC_PATH) {
			it->path = s->arg;
			return 1;
		}
		rc = open_source(in, s, it, why);
		if (rc)
			return rc;
	}
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int hsm_input_next(struct hsm_input *in, struct hsm_item *it, struct fsx_why *why)
{
	for (;;) {
		int rc;

		memset(it, 0, sizeof(*it));
		it->dirfd = -1;
		rc = in->depth ? walk_next(in, it, why) : 0;
		if (rc == 0 && !in->depth)
			rc = next_path(in, it, why);
		if (rc <= 0) {
			if (rc == 0 && in->depth)
				continue;
			return rc;
		}
		if (!it->walked && in->o.recursive && is_dir(it->path)) {
			rc = walk_start(in, it->path, it, why);
			if (rc)
				return rc;
			continue;
		}
		in->seen++;
		if (!hsm_shard_mine(&in->o.shard, it->path))
			continue;
		in->kept++;
		return 1;
	}
}
