/* SPDX-License-Identifier: MIT */
/*
 * Optional libraries are opened by SONAME when a command needs them
 * (STYLE.md §6): fsxctl links libc only, so filesystem commands never pay
 * for libcurl, libcrypto, cJSON, libyaml or readline at start-up.
 */
#ifndef FSX_UTIL_DL_H
#define FSX_UTIL_DL_H

#include "util/why.h"

/* DL_FN(f): a pointer typed from the real header's prototype of f. */
#define DL_FN(f)  __typeof__(f) *sym_##f
/* DL_ARG(f): the (pointer, name) pair dl_open_once() fills. */
#define DL_ARG(f) (void **)&sym_##f, #f

/*
 * Opens soname once (the handle is kept in *lib, write-once) and resolves
 * each (void **slot, const char *name) pair, NULL-terminated. Returns 0 or
 * -ENOENT with why naming the library and the Debian package to install.
 */
int dl_open_once(void **lib, const char *soname, const char *package,
		 struct fsx_why *why, ...);

#endif
