/* SPDX-License-Identifier: MIT */
/*
 * The only door to a Lustre client (STYLE.md §1): every ioctl, lustre.lov
 * xattr and statfs on Lustre goes through these thin wrappers, which
 * return 0 (or a size) on success and -errno on failure.
 */
#ifndef FSX_LUSTRE_LUSTRE_H
#define FSX_LUSTRE_LUSTRE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "lustre/uapi.h"

/* 1 if fd is on a Lustre client mount, 0 if not, -errno on error. */
int lustre_fd_is_lustre(int fd);

/*
 * The layout of dirfd/name as the MDT returns it (IOC_MDC_GETFILESTRIPE),
 * into buf (XATTR_SIZE_MAX bytes, zero-filled by the caller). Returns the
 * blob's length, derived from its structure, or -errno (-ENODATA: none).
 */
ssize_t lustre_file_layout(int dirfd, const char *name, void *buf, size_t len);
/* A directory's default layout (LL_IOC_LOV_GETSTRIPE on its fd). */
ssize_t lustre_dir_layout(int dirfd, void *buf, size_t len);
/* The structural length of a layout already in buf. */
size_t lustre_layout_len(const void *buf, size_t len);

/* Sets a plain layout on a delay-create fd or a directory (ioctl). */
int lustre_setstripe(int fd, const void *lum);
/* Sets a layout through fsetxattr("lustre.lov") (composite layouts). */
int lustre_set_lov_xattr(int fd, const void *blob, size_t len);
/* Removes a directory's default layout. */
int lustre_dir_layout_delete(int dirfd);

int lustre_fd_fid(int fd, struct lu_fid *fid);
int lustre_fd_mdt_index(int fd, int *idx);
/* The LOV device name `<fsname>-clilov-<instance>` of the mount of fd. */
int lustre_lov_name(int fd, char *buf, size_t len);

/* Filesystem defaults of the mount of fd (lov.stripecount/stripesize). */
struct lustre_defaults {
	int stripe_count;
	uint64_t stripe_size;
	int stripe_offset;
};
int lustre_fs_defaults(int fd, struct lustre_defaults *d);

/* The client-form layout of an open file (fgetxattr "lustre.lov"). */
ssize_t lustre_fd_layout_size(int fd);
ssize_t lustre_fd_layout(int fd, void *buf, size_t len);
/* Component add/delete requests (setxattr lustre.lov.add / .del). */
int lustre_comp_add(int fd, const void *blob, size_t len);
int lustre_comp_del(int fd, const void *blob, size_t len);
/* A directory's default directory striping (LL_IOC_LMV_GETSTRIPE). */
int lustre_dir_default_lmv(int dirfd, struct lmv_user_md_v1 *lum);
/* Number of OST slots of the mount of fd (LL_IOC_GETOBDCOUNT). */
int lustre_ost_count(int fd);
/* 1 if the pool exists, 0 if not, -errno if pools cannot be listed. */
int lustre_pool_exists(int fd, const char *pool);

#endif
