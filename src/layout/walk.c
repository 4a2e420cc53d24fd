/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "layout/walk.h"
#include "lustre/lustre.h"

struct walker {
	walk_cb cb;
	void *arg;
	int max_depth;
	int failed;
	int stop;
	char *buf; /* XATTR_SIZE_MAX bytes, reused */
	size_t dirty; /* bytes of buf that may be non-zero */
};

static int emit(struct walker *w, struct walk_item *it)
{
	int rc;

	if (it->rc && it->rc != -ENODATA)
		w->failed++;
	rc = w->cb(w->arg, it);
	if (rc)
		w->stop = rc;
	return rc;
}

/*
 * A blob may be read past its end, as lfs does (a released layout's
 * object slot): what the previous layout left there must be zeros.
 */
static void clean(struct walker *w)
{
	memset(w->buf, 0, w->dirty);
	w->dirty = 0;
}

/* A layout call failed: on a filesystem that is not Lustre, say so. */
static bool not_lustre(struct walk_item *it, int fd)
{
	if (it->rc != -ENOTTY && it->rc != -EOPNOTSUPP && it->rc != -EINVAL)
		return false;
	if (lustre_fd_is_lustre(fd) == 1)
		return false;
	it->rc = -ENOTTY;
	it->what = "not on a Lustre filesystem";
	return true;
}

static void visit_file(struct walker *w, int dirfd, const char *name,
		       const char *path)
{
	struct walk_item it = { .path = path, .fd = dirfd, .name = name };
	ssize_t n;

	clean(w);
	n = lustre_file_layout(dirfd, name, w->buf, XATTR_SIZE_MAX);
	if (n > 0 && (size_t)n > w->dirty)
		w->dirty = (size_t)n;
	if (n < 0) {
		it.rc = (int)n;
		not_lustre(&it, dirfd);
	} else {
		it.blob = w->buf;
		it.len = (size_t)n;
	}
	emit(w, &it);
}

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	if (!p)
		return NULL;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

static void visit_dir(struct walker *w, int fd, const char *path, int depth);

static void visit_entries(struct walker *w, int fd, const char *path, int depth)
{
	int dfd = dup(fd);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	struct dirent *de;

	if (!d) {
		struct walk_item it = { .path = path, .is_dir = true, .rc = -errno,
					.what = "cannot read directory", .fd = fd };

		if (dfd >= 0)
			close(dfd);
		emit(w, &it);
		return;
	}
	while (!w->stop && (de = readdir(d))) {
		unsigned char type = de->d_type;
		char *p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (type == DT_UNKNOWN) {
			struct stat st;

			if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
		if (type != DT_DIR && type != DT_REG)
			continue;
		p = join(path, de->d_name);
		if (!p)
			break;
		if (type == DT_REG) {
			visit_file(w, fd, de->d_name, p);
		} else {
			int sub = openat(fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (sub < 0) {
				struct walk_item it = { .path = p, .is_dir = true, .rc = -errno,
							.what = "cannot open directory" };

				emit(w, &it);
			} else {
				visit_dir(w, sub, p, depth + 1);
				close(sub);
			}
		}
		free(p);
	}
	closedir(d);
}

static void visit_dir(struct walker *w, int fd, const char *path, int depth)
{
	struct walk_item it = { .path = path, .is_dir = true, .fd = fd };
	ssize_t n;

	clean(w);
	n = lustre_dir_layout(fd, w->buf, XATTR_SIZE_MAX);
	if (n > 0 && (size_t)n > w->dirty)
		w->dirty = (size_t)n;
	if (n < 0) {
		it.rc = (int)n;
		if (not_lustre(&it, fd)) {
			emit(w, &it);
			return;
		}
	} else {
		it.blob = w->buf;
		it.len = (size_t)n;
	}
	if (emit(w, &it))
		return;
	if (w->max_depth < 0 || depth < w->max_depth)
		visit_entries(w, fd, path, depth);
}

static int visit_top(struct walker *w, const char *path)
{
	struct walk_item it = { .path = path };
	int fd = open(path, O_RDONLY | O_NDELAY | O_DIRECTORY | O_CLOEXEC);
	char *dir, *slash;
	const char *name;

	if (fd >= 0) {
		/* like lfs, learn "not Lustre" from the layout call's ENOTTY */
		visit_dir(w, fd, path, 0);
		close(fd);
		return 0;
	}
	if (errno != ENOTDIR) {
		it.rc = -errno;
		return emit(w, &it);
	}
	dir = strdup(path);
	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (!slash) {
		name = path;
		fd = open(".", O_RDONLY | O_NDELAY | O_DIRECTORY | O_CLOEXEC);
	} else {
		name = path + (slash - dir) + 1;
		if (slash == dir)
			slash[1] = 0;
		else
			*slash = 0;
		fd = open(dir, O_RDONLY | O_NDELAY | O_DIRECTORY | O_CLOEXEC);
	}
	free(dir);
	if (fd < 0) {
		it.rc = -errno;
		return emit(w, &it);
	}
	visit_file(w, fd, name, path);
	close(fd);
	return 0;
}

int layout_walk(const char *path, int max_depth, walk_cb cb, void *arg)
{
	struct walker w = { .cb = cb, .arg = arg, .max_depth = max_depth };

	w.buf = calloc(1, XATTR_SIZE_MAX);
	if (!w.buf)
		return -ENOMEM;
	visit_top(&w, path);
	free(w.buf);
	if (w.stop)
		return w.stop < 0 ? w.stop : -w.stop;
	return w.failed;
}
