/* SPDX-License-Identifier: MIT */
/*
 * The HSM, FID and mount-lookup side of the Lustre door (STYLE.md §1):
 * thin wrappers returning 0 (or a length) or -errno, as lfs 2.15 makes
 * the calls (lustre-abi.md §6.5, §6.6, §6.7, §6.12, §12).
 */
#ifndef FSX_LUSTRE_HSM_H
#define FSX_LUSTRE_HSM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "lustre/uapi.h"

int lustre_hsm_state_get(int fd, struct hsm_user_state *hus);
int lustre_hsm_state_set(int fd, const struct hsm_state_set *hss);
int lustre_hsm_action(int fd, struct hsm_current_action *hca);
/* hr is followed by hr_itemcount items and hr_data_len bytes; rootfd is
 * the mount root (a file fd does not take it). */
int lustre_hsm_request(int rootfd, const struct hsm_request *hr);

/* The FID of an open fd: name_to_handle_at (handle type 0x97), else
 * LL_IOC_PATH2FID. -ENOTTY: not on Lustre. */
int lustre_fd_fid_get(int fd, struct lu_fid *fid);
/* The FID of path itself (not following a last symlink), as lfs path2fid. */
int lustre_path_fid(const char *path, struct lu_fid *fid);
/* The path of fid relative to the mount root of rootfd ("" for the root);
 * *linkno in: the link wanted; out: the next link, or unchanged if last. */
int lustre_fid2path(int rootfd, const struct lu_fid *fid, unsigned *linkno,
		    char *buf, size_t len);
/* Link linkno of fd: the parent's FID and the entry name; -ENODATA past the last. */
int lustre_getparent(int fd, unsigned linkno, struct lu_fid *parent, char *name,
		     size_t len);
/* getxattr("lustre.lov") of path, not following a last symlink. */
ssize_t lustre_path_layout(const char *path, void *buf, size_t len);
/* 1 if the layout blob is released (every component's pattern has the bit). */
int lustre_layout_released(const void *blob, size_t len);

/* Lustre client mounts, from /proc/mounts (type lustre, source NID:/fsname). */
struct lustre_mnt {
	char *dir;
	char fsname[16];
	dev_t dev;
};
struct lustre_mnts {
	struct lustre_mnt *v;
	size_t n;
};
int lustre_mnts_load(struct lustre_mnts *ret);
void lustre_mnts_release(struct lustre_mnts *m);
/* The mount holding path whose st_dev is dev; NULL if none. When several
 * mounts share dev, the longest mount directory prefixing realpath(path). */
const struct lustre_mnt *lustre_mnt_of(const struct lustre_mnts *m,
					   const char *path, dev_t dev);
/* True if realpath(path) is m's directory or below it. */
bool lustre_mnt_contains(const struct lustre_mnt *m, const char *path);
const struct lustre_mnt *lustre_mnt_by_fsname(const struct lustre_mnts *m,
						  const char *fsname);

#endif
