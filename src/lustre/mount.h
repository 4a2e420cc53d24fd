/* SPDX-License-Identifier: MIT */
/*
 * Which Lustre mount a path is on, for naming an FSx file system by a
 * local path (DESIGN.md §5): the mountinfo line of type lustre with the
 * path's st_dev and the longest mount-point prefix of its real path.
 */
#ifndef FSX_LUSTRE_MOUNT_H
#define FSX_LUSTRE_MOUNT_H

#include <limits.h>
#include "util/why.h"

struct lustre_mount {
	char mountpoint[PATH_MAX];
	char nid[128];	    /* "172.31.20.15@tcp" (first NID of the source) */
	char mountname[64]; /* after ":/" */
	char relpath[PATH_MAX]; /* the path below the mount, "/" for the root */
};

/* 0 and ret filled; -ENOENT/-EACCES for the path; -EMEDIUMTYPE not Lustre. */
int lustre_mount_find(const char *path, struct lustre_mount *ret,
		      struct fsx_why *why);
/* Parses one mountinfo line into mount point, fstype, source, major:minor. */
int lustre_mountinfo_line(char *line, char **ret_mnt, char **ret_type,
			  char **ret_src, unsigned *ret_major,
			  unsigned *ret_minor);

#endif
