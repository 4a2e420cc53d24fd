/* SPDX-License-Identifier: MIT */
/*
 * What a Lustre client mount knows about its targets: its OST pools and
 * its OSTs, read from the files lfs reads (lustre-abi.md §1.4, §11). Used
 * by completion; each returns 0 or -errno (-ENOTTY: not on Lustre).
 */
#ifndef FSX_LUSTRE_LOVINFO_H
#define FSX_LUSTRE_LOVINFO_H

/* Calls fn for each pool of the mount of path, in directory order. */
int lustre_pools_foreach(const char *path,
			 int (*fn)(void *arg, const char *pool), void *arg);

/* Calls fn for each OST of the mount of path (target_obd lines). */
int lustre_osts_foreach(const char *path,
			int (*fn)(void *arg, int idx, const char *uuid,
				  int active),
			void *arg);

#endif
