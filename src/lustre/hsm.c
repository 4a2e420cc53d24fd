/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "lustre/hsm.h"

int lustre_hsm_state_get(int fd, struct hsm_user_state *hus)
{
	return ioctl(fd, LL_IOC_HSM_STATE_GET, hus) < 0 ? -errno : 0;
}

int lustre_hsm_state_set(int fd, const struct hsm_state_set *hss)
{
	return ioctl(fd, LL_IOC_HSM_STATE_SET, hss) < 0 ? -errno : 0;
}

int lustre_hsm_action(int fd, struct hsm_current_action *hca)
{
	return ioctl(fd, LL_IOC_HSM_ACTION, hca) < 0 ? -errno : 0;
}

int lustre_hsm_request(int rootfd, const struct hsm_request *hr)
{
	return ioctl(rootfd, LL_IOC_HSM_REQUEST, hr) < 0 ? -errno : 0;
}

struct fh128 {
	unsigned int handle_bytes;
	int handle_type;
	unsigned char f_handle[128];
};

/* 0 and the FID; 1: not a Lustre handle; -errno */
static int fid_from_handle(int fd, struct lu_fid *fid)
{
	struct fh128 h = { .handle_bytes = 128 };
	int mnt;

	if (name_to_handle_at(fd, "", (struct file_handle *)&h, &mnt, AT_EMPTY_PATH) < 0)
		return errno == EOVERFLOW || errno == EOPNOTSUPP ? 1 : -errno;
	if (h.handle_type != FILEID_LUSTRE || h.handle_bytes < sizeof(*fid))
		return 1;
	memcpy(fid, h.f_handle, sizeof(*fid));
	return 0;
}

int lustre_fd_fid_get(int fd, struct lu_fid *fid)
{
	int rc = fid_from_handle(fd, fid);

	if (rc <= 0)
		return rc;
	return ioctl(fd, LL_IOC_PATH2FID, fid) < 0 ? -errno : 0;
}

int lustre_path_fid(const char *path, struct lu_fid *fid)
{
	int fd = open(path, O_RDONLY | O_PATH | O_CLOEXEC | O_NOFOLLOW);
	int rc;

	if (fd < 0)
		return -errno;
	rc = fid_from_handle(fd, fid);
	close(fd);
	if (rc <= 0)
		return rc;
	/* no Lustre handle: LL_IOC_PATH2FID needs a real open */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return errno == ELOOP ? -ENOTTY : -errno;
	rc = ioctl(fd, LL_IOC_PATH2FID, fid) < 0 ? -errno : 0;
	close(fd);
	return rc;
}

int lustre_fid2path(int rootfd, const struct lu_fid *fid, unsigned *linkno,
		    char *buf, size_t len)
{
	struct getinfo_fid2path *gf = calloc(1, sizeof(*gf) + PATH_MAX);
	int rc = 0;

	if (!gf)
		return -ENOMEM;
	gf->gf_fid = *fid;
	gf->gf_recno = (uint64_t)-1;
	gf->gf_linkno = *linkno;
	gf->gf_pathlen = PATH_MAX;
	if (ioctl(rootfd, OBD_IOC_FID2PATH, gf) < 0) {
		rc = -errno;
	} else {
		gf->gf_path[PATH_MAX - 1] = 0;
		if (strlen(gf->gf_path) + 1 > len)
			rc = -ERANGE;
		else
			memcpy(buf, gf->gf_path, strlen(gf->gf_path) + 1);
		*linkno = gf->gf_linkno;
	}
	free(gf);
	return rc;
}

int lustre_getparent(int fd, unsigned linkno, struct lu_fid *parent, char *name,
		     size_t len)
{
	struct getparent *gp = calloc(1, sizeof(*gp) + PATH_MAX);
	int rc = 0;

	if (!gp)
		return -ENOMEM;
	gp->gp_linkno = linkno;
	gp->gp_name_size = PATH_MAX;
	if (ioctl(fd, LL_IOC_GETPARENT, gp) < 0) {
		rc = -errno;
	} else {
		gp->gp_name[PATH_MAX - 1] = 0;
		if (strlen(gp->gp_name) + 1 > len) {
			rc = -ERANGE;
		} else {
			memcpy(name, gp->gp_name, strlen(gp->gp_name) + 1);
			*parent = gp->gp_fid;
		}
	}
	free(gp);
	return rc;
}

ssize_t lustre_path_layout(const char *path, void *buf, size_t len)
{
	ssize_t n = lgetxattr(path, "lustre.lov", buf, len);

	return n < 0 ? -errno : n;
}

int lustre_layout_released(const void *blob, size_t len)
{
	const struct lov_comp_md_v1 *c = blob;
	const struct lov_user_md_v1 *v1 = blob;
	const uint8_t *b = blob;
	uint32_t pat;

	if (len < sizeof(*v1))
		return 0;
	if (v1->lmm_magic == LOV_MAGIC_V1 || v1->lmm_magic == LOV_MAGIC_V3)
		return !!(v1->lmm_pattern & LOV_PATTERN_F_RELEASED);
	if (v1->lmm_magic != LOV_MAGIC_COMP_V1 || !c->lcm_entry_count ||
	    len < sizeof(*c) + sizeof(c->lcm_entries[0]) * c->lcm_entry_count)
		return 0;
	for (unsigned i = 0; i < c->lcm_entry_count; i++) {
		uint32_t off = c->lcm_entries[i].lcme_offset;

		if (off > len || len - off < 8)
			return 0;
		memcpy(&pat, b + off + 4, sizeof(pat));
		if (!(pat & LOV_PATTERN_F_RELEASED))
			return 0;
	}
	return 1;
}
