/* SPDX-License-Identifier: MIT */
/*
 * The hydration census: files and bytes per class in one pass. A file's
 * layout (one getxattr) says whether it is released; only files whose
 * layout does not say so are opened for their HSM state (dirty, lost, no
 * archive). With exact set every file's state is asked, which also tells
 * lost files among the released ones.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hsm/internal.h"
#include "lustre/hsm.h"
#include "lustre/lustre.h"

struct census_ctx {
	struct hsm_census *c;
	hsm_fail_cb fail;
	void *arg;
	char *buf;
};

static void failed(struct census_ctx *cc, const char *path, int rc, const char *msg,
		   bool show)
{
	struct hsm_failure f = { .subject = path, .rc = rc, .msg = msg,
				 .show_errno = show };

	cc->c->failed++;
	if (cc->fail)
		cc->fail(cc->arg, &f);
}

static int state_of(struct census_ctx *cc, const struct hsm_item *it,
		    uint32_t *ret_states)
{
	struct hsm_user_state hus = { 0 };
	int fd, rc;

	fd = it->walked ? openat(it->dirfd, it->name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
							      O_NOCTTY | O_CLOEXEC) :
			  open(it->path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		failed(cc, it->path, -errno, "cannot open", true);
		return -1;
	}
	rc = lustre_hsm_state_get(fd, &hus);
	if (rc == -ENOTTY)
		failed(cc, it->path, rc, hsm_enotty_msg(fd), false);
	close(fd);
	cc->c->state_calls++;
	if (rc == -ENOTTY)
		return -1;
	if (rc) {
		failed(cc, it->path, rc, "cannot get the HSM state", true);
		return -1;
	}
	*ret_states = hus.hus_states;
	return 0;
}

static void one(struct census_ctx *cc, const struct hsm_item *it)
{
	struct stat st;
	uint32_t states = HS_EXISTS | HS_ARCHIVED | HS_RELEASED;
	ssize_t n;
	int rc = it->walked ? fstatat(it->dirfd, it->name, &st, AT_SYMLINK_NOFOLLOW) :
			      lstat(it->path, &st);

	if (rc < 0) {
		failed(cc, it->path, -errno, "cannot stat", true);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		failed(cc, it->path, -EISDIR, "is a directory (use -r to walk it)", false);
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		failed(cc, it->path, -EINVAL, "not a regular file", false);
		return;
	}
	n = cc->c->exact ? 0 : lustre_path_layout(it->path, cc->buf, XATTR_SIZE_MAX);
	if (n <= 0 || !lustre_layout_released(cc->buf, (size_t)n)) {
		if (state_of(cc, it, &states))
			return;
	}
	cc->c->files[hsm_class_of(states)]++;
	cc->c->bytes[hsm_class_of(states)] += (uint64_t)st.st_size;
}

int hsm_census_run(struct hsm_input *in, struct hsm_census *c, hsm_fail_cb fail,
		   void *arg, struct fsx_why *why)
{
	struct census_ctx cc = { c, fail, arg, malloc(XATTR_SIZE_MAX) };
	struct hsm_item it;
	int rc;

	if (!cc.buf)
		return why_set(why, -ENOMEM, "out of memory");
	while ((rc = hsm_input_next(in, &it, why)) != 0) {
		if (rc < 0)
			failed(&cc, it.path, rc, why->msg, rc != -EINVAL);
		else
			one(&cc, &it);
	}
	free(cc.buf);
	return 0;
}
