/* SPDX-License-Identifier: MIT */
/*
 * Safe file migration (lfs migrate's algorithm, lustre-abi.md §7): the
 * data is copied into a volatile file created with the new layout, then
 * the two layouts are swapped atomically if the data did not change.
 * Until the swap the original file is untouched, so a crash, a kill -9,
 * a full OST or a concurrent writer never loses data.
 */
#ifndef FSX_LAYOUT_MIGRATE_H
#define FSX_LAYOUT_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/why.h"

enum migrate_flags {
	MIGRATE_NONBLOCK = 1 << 0, /* a read lease instead of a group lock */
	MIGRATE_NO_COPY_RANGE = 1 << 1, /* pread/pwrite only */
};

typedef void (*migrate_progress_cb)(void *arg, uint64_t done, uint64_t total);

struct migrate_opts {
	const void *blob;  /* the new layout; NULL: the file's own, re-striped */
	size_t len;
	bool composite;	   /* blob is COMP_V1 (set by xattr), else plain */
	unsigned flags;
	size_t chunk;	   /* bytes per copy step (0: 16 MiB) */
	migrate_progress_cb progress;
	void *arg;
};

struct migrate_result {
	uint64_t size;	 /* the file's size */
	uint64_t copied; /* bytes of data copied (holes are not) */
};

/*
 * Migrates one regular file. Returns 0, or -errno with why saying which
 * step failed and that the file is unchanged: -ENODATA a released file,
 * -EBUSY a writer holds or broke the lease, -EAGAIN the data changed
 * while it was copied, -ENOSPC the new OSTs are full.
 */
int layout_migrate(const char *path, const struct migrate_opts *o,
		   struct migrate_result *res, struct fsx_why *why);

/*
 * The file layout blob as a layout to create a new file with (objects,
 * instantiation and release flags dropped, offsets back to "any"): what
 * migrate without layout options sets. *ret is malloc'ed.
 */
int layout_migrate_template(const void *blob, size_t len, void **ret,
			    size_t *ret_len, bool *ret_composite,
			    struct fsx_why *why);

/* Whether any component of a file layout is released (HSM). */
bool layout_is_released(const void *blob, size_t len);

#endif
