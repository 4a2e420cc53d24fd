/* SPDX-License-Identifier: MIT */
/*
 * FIDs as lfs prints and reads them (lustre-abi.md §2.1): DFID is
 * "[%#llx:0x%x:0x%x]"; the parser follows llapi_fid_parse (leading blanks,
 * any number of '[', three strtoull(.., 0) numbers split by ':', optional
 * ']') but is stricter: every number needs a digit and nothing but blanks
 * may follow, so "[:1:2]" or "0x1:2:3junk" are refused, not misread.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "hsm/hsm.h"

void hsm_fid_format(const struct lu_fid *fid, char *buf, size_t len)
{
	snprintf(buf, len, "[%#" PRIx64 ":0x%x:0x%x]", fid->f_seq, fid->f_oid,
		 fid->f_ver);
}

/* One number: digits required, no sign (strtoull would negate "-1"). */
static int number(const char **s, uint64_t max, uint64_t *ret)
{
	const char *p = *s;
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	v = strtoull(p, &end, 0);
	if (errno == ERANGE || v > max)
		return -ERANGE;
	*ret = v;
	*s = end;
	return 0;
}

int hsm_fid_parse(const char *s, struct lu_fid *ret, struct fsx_why *why)
{
	uint64_t seq, oid, ver;
	int rc;

	while (isspace((unsigned char)*s))
		s++;
	while (*s == '[')
		s++;
	rc = number(&s, UINT64_MAX - 1, &seq);
	if (rc == 0 && *s++ != ':')
		rc = -EINVAL;
	if (rc == 0)
		rc = number(&s, UINT32_MAX, &oid);
	if (rc == 0 && *s++ != ':')
		rc = -EINVAL;
	if (rc == 0)
		rc = number(&s, UINT32_MAX, &ver);
	if (rc == -ERANGE)
		return why_set(why, rc, "FID field out of range");
	if (rc)
		return why_set(why, rc, "not a FID ([SEQ:OID:VER], e.g. [0x200000401:0x1a2b:0x0])");
	if (*s == ']')
		s++;
	while (isspace((unsigned char)*s))
		s++;
	if (*s)
		return why_set(why, -EINVAL, "not a FID ([SEQ:OID:VER], e.g. [0x200000401:0x1a2b:0x0])");
	ret->f_seq = seq;
	ret->f_oid = (uint32_t)oid;
	ret->f_ver = (uint32_t)ver;
	return 0;
}
