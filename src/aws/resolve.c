/* SPDX-License-Identifier: MIT */
/*
 * A local path names its FSx file system (DESIGN.md §5): the mount found
 * by st_dev shows only the MGS NID and the MountName, so match MountName
 * (and, when several file systems share it, the DNSName's address against
 * the NID) in DescribeFileSystems, and cache the answer per mount under
 * $XDG_CACHE_HOME/fsxctl/mounts.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "aws/fsx.h"
#include "lustre/mount.h"

static int cache_path(char *out, size_t cap)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (x && *x)
		snprintf(out, cap, "%s/fsxctl", x);
	else if (home && *home)
		snprintf(out, cap, "%s/.cache/fsxctl", home);
	else
		return -ENOENT;
	return 0;
}

static void cache_key(const struct aws_session *s, const struct lustre_mount *m,
		      char *key, size_t cap)
{
	snprintf(key, cap, "%s %s %s %s", s->endpoint,
		 s->region ? s->region : "-", m->nid, m->mountname);
}

static int cache_get(const char *key, char *fs_id, size_t cap)
{
	char path[4096], line[1024];
	size_t klen = strlen(key);
	FILE *f;
	int rc = -ENOENT;

	if (cache_path(path, sizeof(path) - 8))
		return -ENOENT;
	strcat(path, "/mounts");
	f = fopen(path, "re");
	if (!f)
		return -ENOENT;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ' ') {
			snprintf(fs_id, cap, "%.*s",
				 (int)strcspn(line + klen + 1, "\n"),
				 line + klen + 1);
			rc = 0;
		}
	fclose(f);
	return rc;
}

static void cache_put(const char *key, const char *fs_id)
{
	char dir[4096], path[4200];
	int fd;

	if (cache_path(dir, sizeof(dir)))
		return;
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(dir, 0700);
			*p = '/';
		}
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/mounts", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	dprintf(fd, "%s %s\n", key, fs_id);
	close(fd);
}

/* 1 when host resolves to the IPv4 address of nid ("172.31.20.15@tcp"). */
static int dns_matches(const char *host, const char *nid)
{
	struct addrinfo hints = { .ai_family = AF_INET }, *res, *a;
	char ip[64], want[64];
	int hit = 0;

	snprintf(want, sizeof(want), "%.*s", (int)strcspn(nid, "@"), nid);
	if (!host || getaddrinfo(host, NULL, &hints, &res))
		return 0;
	for (a = res; a && !hit; a = a->ai_next) {
		inet_ntop(AF_INET,
			  &((struct sockaddr_in *)a->ai_addr)->sin_addr, ip,
			  sizeof(ip));
		hit = !strcmp(ip, want);
	}
	freeaddrinfo(res);
	return hit;
}

static int match_mount(struct aws_session *s, const struct lustre_mount *m,
		       char *fs_id, size_t cap, struct aws_error *err,
		       struct fsx_why *why)
{
	struct fsx_list_req r = { .op = "DescribeFileSystems",
				  .key = "FileSystems" };
	cJSON *doc = NULL, *fs;
	const char *cand[2] = { NULL, NULL }, *hit = NULL;
	int n = 0, nhit = 0, rc = fsx_list(s, &r, &doc, err, why);

	if (rc)
		return rc;
	aws_json_each(fs, aws_json_get(doc, "FileSystems"))
	{
		const char *mn =
			aws_json_str(fs, "LustreConfiguration.MountName");
		const char *id = aws_json_str(fs, "FileSystemId");

		if (!mn || !id || strcmp(mn, m->mountname))
			continue;
		if (n < 2)
			cand[n] = id;
		n++;
		if (dns_matches(aws_json_str(fs, "DNSName"), m->nid)) {
			hit = id;
			nhit++;
		}
	}
	if (!n)
		rc = why_set(
			why, -ENOENT,
			"no FSx file system in %s has MountName '%s' (mount %s, NID %s): use --fs",
			s->region ? s->region : "this region", m->mountname,
			m->mountpoint, m->nid);
	else if (n > 1 && nhit != 1)
		rc = why_set(
			why, -EEXIST,
			"mount %s (MountName '%s', NID %s) matches both %s and %s: use --fs",
			m->mountpoint, m->mountname, m->nid, cand[0], cand[1]);
	else
		snprintf(fs_id, cap, "%s", n == 1 ? cand[0] : hit);
	aws_json_free(doc);
	return rc;
}

static int fs_id_ok(const char *s)
{
	size_t n;

	if (strncmp(s, "fs-", 3))
		return 0;
	n = strspn(s + 3, "0123456789abcdef");
	return n >= 8 && !s[3 + n] && n <= 17;
}

int fsx_resolve(struct aws_session *s, const char *fs_opt, const char *path,
		struct fsx_target *t, struct aws_error *err,
		struct fsx_why *why)
{
	struct lustre_mount m;
	char key[1024];
	int rc;

	memset(t, 0, sizeof(*t));
	snprintf(t->relpath, sizeof(t->relpath), "/");
	if (fs_opt && !fs_id_ok(fs_opt))
		return why_set(
			why, -EINVAL,
			"'%s' is not a file system id (fs- and 8 to 17 hex digits)",
			fs_opt);
	if (path && !lustre_mount_find(path, &m, NULL)) {
		snprintf(t->mountpoint, sizeof(t->mountpoint), "%s",
			 m.mountpoint);
		snprintf(t->relpath, sizeof(t->relpath), "%s", m.relpath);
	} else if (!fs_opt && path && fs_id_ok(path)) {
		fs_opt = path;
	} else if (!fs_opt) {
		rc = lustre_mount_find(path ? path : ".", &m, why);
		return rc;
	}
	if (fs_opt) {
		snprintf(t->fs_id, sizeof(t->fs_id), "%s", fs_opt);
		return 0;
	}
	cache_key(s, &m, key, sizeof(key));
	if (!cache_get(key, t->fs_id, sizeof(t->fs_id)))
		return 0;
	rc = match_mount(s, &m, t->fs_id, sizeof(t->fs_id), err, why);
	if (!rc)
		cache_put(key, t->fs_id);
	return rc;
}

int fsx_local_to_fs(const struct fsx_target *t, const char *path, char *out,
		    size_t cap, struct fsx_why *why)
{
	struct lustre_mount m;

	if (!lustre_mount_find(path, &m, NULL)) {
		if (t->mountpoint[0] && strcmp(m.mountpoint, t->mountpoint))
			return why_set(why, -EXDEV, "on mount %s, not %s",
				       m.mountpoint, t->mountpoint);
		snprintf(out, cap, "%s", m.relpath);
		return 0;
	}
	if (path[0] != '/')
		return why_set(
			why, -ENOENT,
			"not on a mounted FSx file system, and not an absolute file system path");
	snprintf(out, cap, "%s", path);
	return 0;
}
