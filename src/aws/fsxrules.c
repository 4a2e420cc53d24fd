/* SPDX-License-Identifier: MIT */
/*
 * What FSx would refuse, checked before calling so the user learns it in
 * milliseconds (aws-fsx-api.md §3), and the parsers of the values the
 * control-plane commands take.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "aws/fsx.h"
#include "util/parse.h"

int fsx_events_parse(const char *s, unsigned *ret, struct fsx_why *why)
{
	unsigned m = 0;
	const char *p = s;

	if (!strcasecmp(s, "none") || !*s) {
		*ret = 0;
		return 0;
	}
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == 3 && !strncasecmp(p, "new", 3))
			m |= FSX_EV_NEW;
		else if (n == 7 && !strncasecmp(p, "changed", 7))
			m |= FSX_EV_CHANGED;
		else if (n == 7 && !strncasecmp(p, "deleted", 7))
			m |= FSX_EV_DELETED;
		else
			return why_set(
				why, -EINVAL,
				"'%.*s' is not an event: use new, changed, deleted (comma-separated) or none",
				(int)n, p);
		p += n;
		if (*p == ',')
			p++;
	}
	*ret = m;
	return 0;
}

int fsx_s3_path_check(const char *s, struct fsx_why *why)
{
	const char *b;
	size_t blen;

	if (strncmp(s, "s3://", 5))
		return why_set(why, -EINVAL,
			       "not an S3 path: use s3://bucket/prefix/");
	b = s + 5;
	blen = strcspn(b, "/");
	if (blen < 3 || blen > 63)
		return why_set(why, -EINVAL,
			       "bucket name must be 3 to 63 characters");
	for (size_t i = 0; i < blen; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789.-", b[i]))
			return why_set(
				why, -EINVAL,
				"bucket name may hold only lowercase letters, digits, '.' and '-'");
	if (strlen(s) > 4357)
		return why_set(why, -EINVAL, "longer than 4357 characters");
	if (strpbrk(s, "\r\n"))
		return why_set(why, -EINVAL, "holds a line break");
	return 0;
}

static int suffixed(const char *s, const char *units, const long long *mult,
		    long long *ret)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno || v < 0)
		return -EINVAL;
	if (!*end) {
		*ret = v * mult[0];
		return 0;
	}
	if (end[1])
		return -EINVAL;
	for (size_t i = 0; units[i]; i++)
		if (*end == units[i]) {
			if (v > (long long)1e12)
				return -ERANGE;
			*ret = v * mult[i + 1];
			return 0;
		}
	return -EINVAL;
}

int fsx_days_parse(const char *s, long long *ret, struct fsx_why *why)
{
	static const long long mult[] = { 1, 1, 7 };

	if (suffixed(s, "dw", mult, ret))
		return why_set(why, -EINVAL,
			       "not a number of days (e.g. 30, 30d or 4w)");
	return 0;
}

int fsx_duration_parse(const char *s, long long *ret, struct fsx_why *why)
{
	static const long long mult[] = { 1, 1, 60, 3600, 86400 };

	if (suffixed(s, "smhd", mult, ret))
		return why_set(why, -EINVAL,
			       "not a duration (e.g. 90, 90s, 30m, 2h, 1d)");
	return 0;
}

static int overlap(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (lb > 1 && b[lb - 1] == '/')
		lb--;
	if (la == 1 || lb == 1)
		return 1; /* "/" overlaps everything */
	if (la > lb)
		return !strncmp(a, b, lb) && a[lb] == '/';
	if (lb > la)
		return !strncmp(a, b, la) && b[la] == '/';
	return !strncmp(a, b, la);
}

int fsx_dra_check(const cJSON *fs, const cJSON *dras, const char *path,
		  int auto_export, struct fsx_why *why)
{
	const char *dep =
		aws_json_str(fs, "LustreConfiguration.DeploymentType");
	const char *ver = aws_json_str(fs, "FileSystemTypeVersion");
	const char *id = aws_json_str(fs, "FileSystemId");
	const cJSON *d;
	int n = aws_json_count(dras);

	(void)auto_export;
	if (path[0] != '/')
		return why_set(why, -EINVAL,
			       "file system path must start with '/'");
	if (dep && !strcmp(dep, "SCRATCH_1"))
		return why_set(
			why, -EINVAL,
			"%s is SCRATCH_1: it cannot have data repository associations",
			id);
	if (ver && !strcmp(ver, "2.10"))
		return why_set(
			why, -EINVAL,
			"%s runs Lustre 2.10: data repository associations need 2.12 or later",
			id);
	if (n >= 8)
		return why_set(
			why, -EINVAL,
			"%s already has 8 data repository associations, the most FSx allows",
			id);
	if (n && !strcmp(path, "/"))
		return why_set(
			why, -EINVAL,
			"'/' may only be the first data repository association of %s",
			id);
	aws_json_each(d, dras)
	{
		const char *p = aws_json_str(d, "FileSystemPath");

		if (p && overlap(p, path))
			return why_set(why, -EINVAL, "%s overlaps %s of %s",
				       path, p,
				       aws_json_str(d, "AssociationId"));
	}
	return 0;
}

static long long storage_step(const cJSON *fs)
{
	const char *st = aws_json_str(fs, "StorageType");
	double put = 0;

	aws_json_num(fs, "LustreConfiguration.PerUnitStorageThroughput", &put);
	if (aws_json_bool(fs, "LustreConfiguration.EfaEnabled") == 1)
		return put == 125  ? 38400 :
		       put == 250  ? 19200 :
		       put == 500  ? 9600 :
		       put == 1000 ? 4800 :
				     2400;
	if (st && !strcmp(st, "HDD"))
		return put == 12 ? 6000 : 1800;
	return 2400;
}

static int check_capacity(const cJSON *fs, long long want, struct fsx_why *why)
{
	const char *dep =
		aws_json_str(fs, "LustreConfiguration.DeploymentType");
	double cur = 0;
	long long step = storage_step(fs);

	aws_json_num(fs, "StorageCapacity", &cur);
	if (dep && !strcmp(dep, "SCRATCH_1"))
		return why_set(why, -EINVAL,
			       "SCRATCH_1 file systems cannot grow");
	if (want <= (long long)cur)
		return why_set(
			why, -EINVAL,
			"%lld GiB is not above the current %.0f GiB: FSx storage can only grow",
			want, cur);
	if (want % step)
		return why_set(
			why, -EINVAL,
			"%lld GiB is not a multiple of %lld GiB, this file system's step",
			want, step);
	return 0;
}

static int check_throughput(const cJSON *fs, long long put, struct fsx_why *why)
{
	const char *dep =
		aws_json_str(fs, "LustreConfiguration.DeploymentType");
	const char *st = aws_json_str(fs, "StorageType");
	int hdd = st && !strcmp(st, "HDD");

	if (!dep || strncmp(dep, "PERSISTENT", 10))
		return why_set(
			why, -EINVAL,
			"throughput can be changed only on PERSISTENT file systems, this one is %s",
			dep ? dep : "unknown");
	if (hdd)
		return why_set(
			why, -EINVAL,
			"throughput can be changed only on SSD file systems");
	if (!strcmp(dep, "PERSISTENT_1") && put != 50 && put != 100 &&
	    put != 200)
		return why_set(
			why, -EINVAL,
			"%lld is not a PERSISTENT_1 SSD throughput: use 50, 100 or 200",
			put);
	if (!strcmp(dep, "PERSISTENT_2") && put != 125 && put != 250 &&
	    put != 500 && put != 1000)
		return why_set(
			why, -EINVAL,
			"%lld is not a PERSISTENT_2 throughput: use 125, 250, 500 or 1000",
			put);
	return 0;
}

static int check_iops(const cJSON *fs, const struct fsx_fs_update *u,
		      struct fsx_why *why)
{
	const char *dep =
		aws_json_str(fs, "LustreConfiguration.DeploymentType");
	double cur = 0;

	if (!dep || strcmp(dep, "PERSISTENT_2"))
		return why_set(
			why, -EINVAL,
			"metadata IOPS can be set only on PERSISTENT_2 file systems");
	if (u->iops_mode && !strcmp(u->iops_mode, "AUTOMATIC"))
		return 0;
	if (!(u->iops == 1500 || u->iops == 3000 || u->iops == 6000 ||
	      (u->iops % 12000 == 0 && u->iops >= 12000 && u->iops <= 192000)))
		return why_set(
			why, -EINVAL,
			"%lld is not a metadata IOPS value: use 1500, 3000, 6000, 12000 or a multiple of 12000 up to 192000",
			u->iops);
	if (!aws_json_num(fs, "LustreConfiguration.MetadataConfiguration.Iops",
			  &cur) &&
	    u->iops < (long long)cur)
		return why_set(
			why, -EINVAL,
			"%lld is below the current %.0f metadata IOPS: they cannot be lowered",
			u->iops, cur);
	return 0;
}

int fsx_fs_update_check(const cJSON *fs, const struct fsx_fs_update *u,
			struct fsx_why *why)
{
	const char *life = aws_json_str(fs, "Lifecycle");
	int rc = 0;

	if (life && strcmp(life, "AVAILABLE"))
		return why_set(why, -EBUSY, "%s is %s, not AVAILABLE", u->fs_id,
			       life);
	if (u->capacity)
		rc = check_capacity(fs, u->capacity, why);
	if (!rc && u->throughput)
		rc = check_throughput(fs, u->throughput, why);
	if (!rc && (u->iops || u->iops_mode))
		rc = check_iops(fs, u, why);
	return rc;
}
