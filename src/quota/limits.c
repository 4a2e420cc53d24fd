/* SPDX-License-Identifier: MIT */
/* Quota limit, grace and id parsers (outside input: fuzzed). */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include "lustre/quota.h"
#include "quota/quota.h"

#define MAX_DIGITS 20

const char *quota_type_name(enum quota_type t)
{
	switch (t) {
	case QUOTA_USR:
		return "usr";
	case QUOTA_GRP:
		return "grp";
	default:
		return "prj";
	}
}

/* digits[.digits][suffix]: value * unit(suffix), base 10, no sign */
static int parse_scaled(const char *s, uint64_t defunit, bool bytes,
			uint64_t *ret)
{
	static const char suf[] = "kmgtpe";
	unsigned __int128 v = 0, frac = 0, div = 1, unit = defunit;
	const char *p = s, *q;
	size_t n = 0;

	while (isdigit((unsigned char)*p) && n++ < MAX_DIGITS)
		v = v * 10 + (unsigned)(*p++ - '0');
	if (p == s || isdigit((unsigned char)*p))
		return p == s ? -EINVAL : -ERANGE;
	if (*p == '.') {
		for (p++, n = 0; isdigit((unsigned char)*p); p++)
			if (n++ < 18) {
				frac = frac * 10 + (unsigned)(*p - '0');
				div *= 10;
			}
	}
	if (*p) {
		q = strchr(suf, tolower((unsigned char)*p));
		if (*p == 'b' || *p == 'B')
			unit = 1;
		else if (q && *q)
			unit = (unsigned __int128)1 << (10 * (q - suf + 1));
		else
			return -EINVAL;
		if (p[1] || (unit == 1 && !bytes))
			return -EINVAL;
	}
	v = v * unit + frac * unit / div;
	if (v > UINT64_MAX)
		return -ERANGE;
	*ret = (uint64_t)v;
	return 0;
}

int quota_parse_blocks(const char *s, uint64_t *ret_kib, struct fsx_why *why)
{
	uint64_t bytes;
	int rc = parse_scaled(s, 1024, true, &bytes);

	if (rc == -ERANGE)
		return why_set(why, rc, "block limit is too large");
	if (rc)
		return why_set(why, rc, "not a block limit (a number of KiB, or N[.N] with a b/k/m/g/t/p/e suffix)");
	*ret_kib = bytes / 1024 + (bytes % 1024 != 0);
	return 0;
}

int quota_parse_inodes(const char *s, uint64_t *ret, struct fsx_why *why)
{
	int rc = parse_scaled(s, 1, true, ret);

	if (rc == -ERANGE)
		return why_set(why, rc, "inode limit is too large");
	if (rc)
		return why_set(why, rc, "not an inode limit (a count, optionally with a k/m/g/t/p/e suffix)");
	return 0;
}

int quota_parse_grace(const char *s, uint64_t *ret_secs, struct fsx_why *why)
{
	static const char units[] = "wdhms";
	static const uint64_t mult[] = { 604800, 86400, 3600, 60, 1 };
	const char *p = s;
	uint64_t total = 0;
	int last = -1;

	if (!strcmp(s, "notify")) {
		*ret_secs = LQUOTA_NOTIFY_GRACE;
		return 0;
	}
	if (!*p)
		return why_set(why, -EINVAL, "empty grace time");
	while (*p) {
		uint64_t v = 0;
		const char *start = p, *u;
		int idx;

		for (; isdigit((unsigned char)*p); p++) {
			if (v > (LQUOTA_GRACE_MASK - 9) / 10)
				return why_set(why, -ERANGE, "grace time is too long");
			v = v * 10 + (uint64_t)(*p - '0');
		}
		if (p == start)
			return why_set(why, -EINVAL, "not a grace time (seconds, 1w2d3h4m5s or notify)");
		if (!*p && last < 0) { /* plain seconds */
			total = v;
			break;
		}
		u = *p ? strchr(units, *p) : NULL;
		if (!u)
			return why_set(why, -EINVAL, "not a grace time (seconds, 1w2d3h4m5s or notify)");
		idx = (int)(u - units);
		if (idx <= last)
			return why_set(why, -EINVAL, "grace time units must come in the order w, d, h, m, s");
		last = idx;
		if (v > LQUOTA_GRACE_MASK / mult[idx] || total + v * mult[idx] >= LQUOTA_GRACE_MASK)
			return why_set(why, -ERANGE, "grace time is too long");
		total += v * mult[idx];
		p++;
	}
	if (total >= LQUOTA_GRACE_MASK)
		return why_set(why, -ERANGE, "grace time is too long");
	*ret_secs = total;
	return 0;
}

static int parse_number(const char *s, uint32_t *ret)
{
	uint64_t v = 0;

	if (!*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		v = v * 10 + (uint64_t)(*p - '0');
		if (v >= UINT32_MAX) /* (uid_t)-1 is not an id */
			return -ERANGE;
	}
	*ret = (uint32_t)v;
	return 0;
}

int quota_parse_id(enum quota_type t, const char *s, uint32_t *ret_id,
		   struct fsx_why *why)
{
	int rc;

	if (t == QUOTA_USR) {
		struct passwd *pw = getpwnam(s);

		if (pw) {
			*ret_id = pw->pw_uid;
			return 0;
		}
	} else if (t == QUOTA_GRP) {
		struct group *gr = getgrnam(s);

		if (gr) {
			*ret_id = gr->gr_gid;
			return 0;
		}
	}
	rc = parse_number(s, ret_id);
	if (rc == -ERANGE)
		return why_set(why, rc, "id is too large");
	if (rc)
		return why_set(why, -ENOENT, "%s", t == QUOTA_USR ? "no such user" : t == QUOTA_GRP ? "no such group" : "not a project id (a number)");
	return 0;
}

void quota_sec2str(uint64_t secs, char *buf, size_t len)
{
	static const char spec[] = "wdhms";
	static const uint64_t mult[] = { 604800, 86400, 3600, 60, 1 };
	size_t n = 0;

	if (!len)
		return;
	buf[0] = 0;
	for (int i = 0; i < 5; i++) {
		uint64_t c = secs / mult[i];

		if ((c > 0 || (i == 4 && n == 0)) && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%llu%c",
					      (unsigned long long)c, spec[i]);
		secs %= mult[i];
	}
}

int quota_limits_check(const struct quota_limits *l, struct fsx_why *why)
{
	if (l->bsoft && l->bhard && l->bsoft > l->bhard)
		return why_set(why, -EINVAL, "block soft limit %lluk is above the hard limit %lluk",
			       (unsigned long long)l->bsoft, (unsigned long long)l->bhard);
	if (l->isoft && l->ihard && l->isoft > l->ihard)
		return why_set(why, -EINVAL, "inode soft limit %llu is above the hard limit %llu",
			       (unsigned long long)l->isoft, (unsigned long long)l->ihard);
	return 0;
}
