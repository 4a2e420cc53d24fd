/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "util/parse.h"

static int suffix_shift(const char *s, unsigned *shift)
{
	static const char units[] = "KMGTPE";
	const char *p;

	if (!*s) {
		*shift = 0;
		return 0;
	}
	p = strchr(units, toupper((unsigned char)*s));
	if (!p || !*p)
		return -EINVAL;
	*shift = 10 * (unsigned)(p - units + 1);
	s++;
	if (!strcmp(s, "") || !strcasecmp(s, "B") || !strcasecmp(s, "iB"))
		return 1;
	return -EINVAL;
}

int parse_size(const char *s, uint64_t unit, uint64_t *ret)
{
	unsigned long long v;
	unsigned shift;
	char *end;
	int rc;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -ERANGE;
	rc = suffix_shift(end, &shift);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		if (unit && v > UINT64_MAX / unit)
			return -ERANGE;
		*ret = v * (unit ? unit : 1);
		return 0;
	}
	if (shift >= 64 || v > (UINT64_MAX >> shift))
		return -ERANGE;
	*ret = (uint64_t)v << shift;
	return 0;
}

int parse_long(const char *s, long long min, long long max, long long *ret)
{
	long long v;
	char *end;

	if (!s || !*s || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (*end)
		return -EINVAL;
	if (errno || v < min || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}
