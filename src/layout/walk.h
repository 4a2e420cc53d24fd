/* SPDX-License-Identifier: MIT */
/*
 * Streaming walk over paths and trees that hands each file's or
 * directory's layout to a callback, the way lfs getstripe visits them:
 * a directory first, then its entries in readdir order. Memory is bounded
 * by the tree's depth, not its size.
 */
#ifndef FSX_LAYOUT_WALK_H
#define FSX_LAYOUT_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include "util/why.h"

struct walk_item {
	const char *path;
	bool is_dir;
	int rc;		  /* 0, or -errno: -ENODATA no layout, other errors */
	const char *what; /* with rc: what failed ("not on a Lustre filesystem") */
	const void *blob; /* the layout when rc == 0 */
	size_t len;
	int fd;		  /* directories: their fd; files: the parent's fd */
	const char *name; /* files: the name in the parent */
};

/* Returning non-zero from the callback stops the walk. */
typedef int (*walk_cb)(void *arg, const struct walk_item *it);

/*
 * Visits path; max_depth 0 = only path, 1 = a directory and its entries,
 * -1 = everything below. Returns the number of items that failed (or the
 * callback's non-zero value, negated).
 */
int layout_walk(const char *path, int max_depth, walk_cb cb, void *arg);

#endif
