/* SPDX-License-Identifier: MIT */
/* struct fsx_why: the reason a module gives with a -errno, printed by src/cmd. */
#ifndef FSX_UTIL_WHY_H
#define FSX_UTIL_WHY_H

#include <stdarg.h>

struct fsx_why {
	char msg[512];
};

/* Fills why (may be NULL) and returns rc (a -errno), for `return why_set(...)`. */
int why_set(struct fsx_why *why, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
