/* SPDX-License-Identifier: MIT */
/* Number parsers for command-line values; all return 0 or -EINVAL/-ERANGE. */
#ifndef FSX_UTIL_PARSE_H
#define FSX_UTIL_PARSE_H

#include <stdint.h>

/*
 * A size with an optional K/M/G/T/P/E suffix (powers of 1024, case-blind,
 * optional trailing B or iB). A bare number is multiplied by unit.
 */
int parse_size(const char *s, uint64_t unit, uint64_t *ret);
/* A signed decimal (or 0x hex) integer within [min, max]. */
int parse_long(const char *s, long long min, long long max, long long *ret);

#endif
