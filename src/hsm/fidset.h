/* SPDX-License-Identifier: MIT */
/*
 * A set of FIDs that stays small for the FIDs Lustre hands out: files get
 * consecutive object ids within a sequence, so the set keeps, per (seq,
 * oid / 65536, ver), either a sorted array of the low 16 bits (up to 4096
 * of them) or a 65536-bit bitmap, as roaring bitmaps do. A million FIDs of
 * one import take about 128 KiB.
 */
#ifndef FSX_HSM_FIDSET_H
#define FSX_HSM_FIDSET_H

#include <stddef.h>
#include "lustre/uapi.h"

struct fid_chunk;

struct hsm_fidset {
	struct fid_chunk **slots;
	size_t cap, used;
	size_t bytes; /* memory held, for tests and --debug */
};

/* 1: added; 0: already there; -ENOMEM. */
int hsm_fidset_add(struct hsm_fidset *s, const struct lu_fid *fid);
void hsm_fidset_release(struct hsm_fidset *s);

#endif
