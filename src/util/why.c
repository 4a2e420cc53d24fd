/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include "util/why.h"

int why_set(struct fsx_why *why, int rc, const char *fmt, ...)
{
	va_list ap;

	if (!why)
		return rc;
	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof(why->msg), fmt, ap);
	va_end(ap);
	return rc;
}
