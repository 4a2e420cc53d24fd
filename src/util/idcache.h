/* SPDX-License-Identifier: MIT */
/*
 * The id cache: FSx ids the control-plane commands have seen (file
 * systems, DRAs, tasks, backups), so that completion can offer them
 * without calling the API. One text file, by default
 * $XDG_CACHE_HOME/fsxctl/ids (~/.cache/fsxctl/ids), FSXCTL_ID_CACHE
 * overrides it. One record a line, newest last:
 *
 *	ID <TAB> UNIX-SECONDS <TAB> LABEL <LF>
 *
 * ID is `fs-`, `dra-`, `task-` or `backup-` then [0-9a-z] (the kind is the
 * prefix); LABEL is free text up to 200 bytes without control characters
 * (the MountName, a path, a task type), may be empty. Readers skip lines
 * that do not parse and keep the newest record of each id; writers append
 * with idcache_add(), which rewrites the file to its newest half past
 * IDCACHE_MAX_LINES. A cache is a hint: a stale id is harmless.
 */
#ifndef FSX_UTIL_IDCACHE_H
#define FSX_UTIL_IDCACHE_H

#include <stddef.h>
#include <stdint.h>
#include "util/why.h"

#define IDCACHE_MAX_LINES 1000
#define IDCACHE_MAX_ID	  64
#define IDCACHE_MAX_LABEL 200

struct idcache_entry {
	char id[IDCACHE_MAX_ID + 1];
	int64_t when;
	char label[IDCACHE_MAX_LABEL + 1];
};

/* The cache file's path into buf; -ENOENT when neither XDG nor HOME is set. */
int idcache_path(char *buf, size_t size);

/* Parses one line (without or with its LF); 0 or -EINVAL. */
int idcache_parse_line(const char *line, size_t len, struct idcache_entry *ret);

/* "fs", "dra", "task", "backup" for an id with that prefix, else NULL. */
const char *idcache_kind(const char *id);

/*
 * Calls fn once per id in the file at path (newest record of each, oldest
 * first); a missing file is an empty cache. Returns 0, fn's non-zero
 * value, or -errno.
 */
int idcache_foreach(const char *path,
		    int (*fn)(void *arg, const struct idcache_entry *e),
		    void *arg);

/* Appends (id, now, label) to the cache at path, creating it (0600). */
int idcache_add(const char *path, const char *id, const char *label,
		struct fsx_why *why);

/*
 * Appends n records at once (one write): ids[i] with labels[i] (may be
 * NULL). Records that would not parse are skipped.
 */
int idcache_add_many(const char *path, const char *const *ids,
		     const char *const *labels, size_t n, struct fsx_why *why);

#endif
