/* SPDX-License-Identifier: MIT */
/*
 * One file at a time: what the bulk verbs learn before requesting, and
 * hsm_state / hsm_action / hsm_set as lfs makes the calls (lustre-abi.md
 * §12): open O_RDONLY|O_NONBLOCK (O_NONBLOCK asks the MDS not to restore
 * a released file on open), one ioctl, close.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "hsm/internal.h"
#include "lustre/hsm.h"
#include "lustre/lustre.h"

#define OPEN_FLAGS (O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC)

double hsm_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *hsm_enotty_msg(int fd)
{
	return lustre_fd_is_lustre(fd) == 1 ? "this Lustre client does not support HSM" :
					      "not on a Lustre filesystem";
}

static int fail(struct hsm_failure *f, int rc, const char *msg, bool show)
{
	f->rc = rc;
	f->msg = msg;
	f->show_errno = show;
	return rc;
}

static int open_failed(int err, struct hsm_failure *f)
{
	if (err == ELOOP)
		return fail(f, -ELOOP, "is a symbolic link, not a regular file", false);
	return fail(f, -err, "cannot open", true);
}

static int type_check(const struct stat *st, struct hsm_failure *f)
{
	if (S_ISDIR(st->st_mode))
		return fail(f, -EISDIR, "is a directory (use -r to walk it)", false);
	if (!S_ISREG(st->st_mode))
		return fail(f, -EINVAL, "not a regular file", false);
	return 0;
}

/* No read access: the FID alone, as lfs gets it (O_PATH). */
static int prep_noread(const char *path, struct hsm_prep *p, struct hsm_failure *f)
{
	int rc;

	if (lstat(path, &p->st) < 0)
		return fail(f, -errno, "cannot open", true);
	rc = type_check(&p->st, f);
	if (rc)
		return rc;
	rc = lustre_path_fid(path, &p->fid);
	if (rc == -ENOTTY)
		return fail(f, rc, "not on a Lustre filesystem", false);
	if (rc)
		return fail(f, rc, "cannot get the FID", true);
	p->have_state = false;
	return 0;
}

int hsm_prep_file(const char *path, struct hsm_prep *p, struct hsm_failure *f)
{
	int fd = open(path, OPEN_FLAGS), rc;

	f->subject = path;
	if (fd < 0) {
		if (errno == EACCES)
			return prep_noread(path, p, f);
		return open_failed(errno, f);
	}
	if (fstat(fd, &p->st) < 0)
		rc = fail(f, -errno, "cannot stat", true);
	else
		rc = type_check(&p->st, f);
	if (!rc) {
		rc = lustre_hsm_state_get(fd, &p->hus);
		if (rc == -ENOTTY)
			fail(f, rc, hsm_enotty_msg(fd), false);
		else if (rc)
			fail(f, rc, "cannot get the HSM state", true);
	}
	if (!rc) {
		rc = lustre_fd_fid_get(fd, &p->fid);
		if (rc)
			fail(f, rc, "cannot get the FID", true);
	}
	close(fd);
	p->have_state = true;
	return rc;
}

static int open_for(const char *path, int flags, struct fsx_why *why)
{
	int fd = open(path, flags);

	if (fd < 0)
		return why_set(why, -errno, "cannot open");
	return fd;
}

static int ioctl_why(int fd, int rc, const char *what, struct fsx_why *why)
{
	if (rc == -ENOTTY)
		return why_set(why, rc, "%s", hsm_enotty_msg(fd));
	return why_set(why, rc, "%s", what);
}

int hsm_file_state(const char *path, struct hsm_user_state *ret, struct fsx_why *why)
{
	struct hsm_user_state hus = { 0 };
	int fd = open_for(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, why), rc;

	if (fd < 0)
		return fd;
	rc = lustre_hsm_state_get(fd, &hus);
	if (rc)
		ioctl_why(fd, rc, "cannot get the HSM state", why);
	close(fd);
	if (rc)
		return rc;
	*ret = hus;
	return 0;
}

int hsm_file_action(const char *path, struct hsm_current_action *ret,
		    struct fsx_why *why)
{
	struct hsm_current_action hca = { 0 };
	int fd = open_for(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, why), rc;

	if (fd < 0)
		return fd;
	rc = lustre_hsm_action(fd, &hca);
	if (rc)
		ioctl_why(fd, rc, "cannot get the HSM action", why);
	close(fd);
	if (rc)
		return rc;
	*ret = hca;
	return 0;
}

int hsm_file_set(const char *path, uint64_t setmask, uint64_t clearmask,
		 uint32_t archive_id, struct fsx_why *why)
{
	struct hsm_state_set hss = {
		.hss_valid = HSS_SETMASK | HSS_CLEARMASK | (archive_id ? HSS_ARCHIVE_ID : 0),
		.hss_archive_id = archive_id,
		.hss_setmask = setmask,
		.hss_clearmask = clearmask,
	};
	int fd = open_for(path, O_WRONLY | O_LOV_DELAY_CREATE | O_NONBLOCK | O_CLOEXEC, why);
	int rc;

	if (fd < 0)
		return fd;
	rc = lustre_hsm_state_set(fd, &hss);
	if (rc)
		ioctl_why(fd, rc, "cannot change the HSM flags", why);
	close(fd);
	if (rc)
		return rc;
	return 0;
}
