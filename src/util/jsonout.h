/* SPDX-License-Identifier: MIT */
/* Writing JSON by hand: the one string escaper every printer uses. */
#ifndef FSX_UTIL_JSONOUT_H
#define FSX_UTIL_JSONOUT_H

#include <stdio.h>

/* s as a JSON string: quoted, with ", \ and control characters escaped. */
void json_put_str(FILE *out, const char *s);

#endif
