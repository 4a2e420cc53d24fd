/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lustre/lustre.h"
#include "lustre/statfs.h"

#define MOUNTS_MAX (4 << 20) /* a /proc/mounts larger than this is cut */

/* Reads a whole (proc) file with read(2); malloc'ed, NUL-terminated. */
static char *slurp(const char *path, size_t max)
{
	size_t cap = 8192, len = 0;
	char *buf = malloc(cap), *nb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (!buf || fd < 0)
		goto fail;
	for (;;) {
		if (len + 1 >= cap) {
			if (cap >= max)
				break;
			nb = realloc(buf, cap * 2);
			if (!nb)
				goto fail;
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = 0;
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

/* One /proc/mounts field: octal escapes (\040) decoded in place. */
static char *field(char **p)
{
	char *s = *p, *w, *r;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '\n')
		return NULL;
	for (r = w = s; *r && *r != ' ' && *r != '\t' && *r != '\n'; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' &&
		    r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*p = *r ? r + 1 : r;
	if (*r == '\n')
		*p = r; /* leave the newline for the line skipper */
	*w = 0;
	return s;
}

void lustre_mnt_fsname(const char *source, char *buf, size_t len)
{
	const char *s = strchr(source, '/');
	size_t n;

	if (!len)
		return;
	buf[0] = 0;
	if (!s)
		return;
	while (*s == '/')
		s++;
	n = strcspn(s, "/");
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
}

static int mnt_add(struct lustre_mnt **v, size_t *n, const char *src,
		   const char *dir)
{
	struct lustre_mnt *nv, *m;

	if (strlen(dir) >= sizeof(m->dir) || strlen(src) >= sizeof(m->source))
		return 0;
	nv = realloc(*v, sizeof(**v) * (*n + 1));
	if (!nv)
		return -ENOMEM;
	*v = nv;
	m = &nv[(*n)++];
	memset(m, 0, sizeof(*m));
	strcpy(m->dir, dir);
	strcpy(m->source, src);
	lustre_mnt_fsname(src, m->fsname, sizeof(m->fsname));
	return 0;
}

int lustre_mnt_list(struct lustre_mnt **ret_v, size_t *ret_n)
{
	char *text = slurp("/proc/mounts", MOUNTS_MAX), *p;
	struct lustre_mnt *v = NULL;
	size_t n = 0;
	int rc = 0;

	if (!text)
		return errno ? -errno : -ENOMEM;
	for (p = text; *p && !rc;) {
		char *src = field(&p), *dir = src ? field(&p) : NULL;
		char *type = dir ? field(&p) : NULL;

		/* a client mount: type lustre, source NID:/fsname */
		if (type && !strcmp(type, "lustre") && strstr(src, ":/"))
			rc = mnt_add(&v, &n, src, dir);
		p += strcspn(p, "\n");
		if (*p)
			p++;
	}
	free(text);
	if (rc) {
		free(v);
		return rc;
	}
	*ret_v = v;
	*ret_n = n;
	return 0;
}

static bool is_prefix(const char *dir, const char *path)
{
	size_t l = strlen(dir);

	while (l > 1 && dir[l - 1] == '/')
		l--;
	if (l == 1 && dir[0] == '/')
		return true;
	return !strncmp(dir, path, l) && (path[l] == '/' || !path[l]);
}

int lustre_mnt_find(const char *path, struct lustre_mnt *ret)
{
	struct lustre_mnt *v = NULL, *best = NULL;
	char *real = realpath(path, NULL);
	struct stat st, mst;
	size_t n = 0;
	int rc;

	if (!real || stat(real, &st) < 0) {
		rc = -errno;
		free(real);
		return rc;
	}
	rc = lustre_mnt_list(&v, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		if (!is_prefix(v[i].dir, real) || stat(v[i].dir, &mst) < 0 ||
		    mst.st_dev != st.st_dev)
			continue;
		if (!best || strlen(v[i].dir) > strlen(best->dir))
			best = &v[i];
	}
	if (!rc && !best)
		rc = -ENOTTY;
	if (!rc)
		*ret = *best;
	free(v);
	free(real);
	return rc;
}

int lustre_target_statfs(int fd, uint32_t type, uint32_t index,
			 struct obd_statfs *ret_st, char uuid[40])
{
	union {
		struct obd_ioctl_data d;
		char raw[sizeof(struct obd_ioctl_data) + 16];
	} u;
	struct obd_ioctl_data *d = &u.d;

	memset(&u, 0, sizeof(u));
	memset(ret_st, 0, sizeof(*ret_st));
	memset(uuid, 0, 40);
	d->ioc_len = sizeof(u.raw);
	d->ioc_version = OBD_IOCTL_VERSION;
	d->ioc_pbuf1 = (char *)ret_st;
	d->ioc_plen1 = sizeof(*ret_st);
	d->ioc_pbuf2 = uuid;
	d->ioc_plen2 = 40;
	/* inline 1 = type, inline 2 = index, each padded to 8 bytes */
	d->ioc_inllen1 = sizeof(type);
	d->ioc_inlbuf1 = d->ioc_bulk;
	d->ioc_inllen2 = sizeof(index);
	d->ioc_inlbuf2 = d->ioc_bulk + 8;
	memcpy(d->ioc_bulk, &type, sizeof(type));
	memcpy(d->ioc_bulk + 8, &index, sizeof(index));
	if (ioctl(fd, IOC_OBD_STATFS, d) < 0)
		return -errno;
	uuid[39] = 0;
	return 0;
}

int lustre_obd_count(int fd, bool mdt, int *ret)
{
	int n = mdt ? 1 : 0;

	if (ioctl(fd, LL_IOC_GETOBDCOUNT, &n) < 0)
		return -errno;
	*ret = n;
	return 0;
}

ssize_t lustre_pool_read(int fd, const char *pool, char *buf, size_t len)
{
	static const char *const roots[] = { "/sys/fs/lustre/lov",
					     "/proc/fs/lustre/lov" };
	char lov[MAX_OBD_NAME], path[PATH_MAX];
	int rc = lustre_lov_name(fd, lov, sizeof(lov));
	ssize_t n = -ENOENT;

	if (rc)
		return rc;
	if (!*pool || strchr(pool, '/') || strlen(pool) > LOV_MAXPOOLNAME)
		return -ENOENT;
	for (size_t i = 0; i < 2 && n == -ENOENT; i++) {
		int pfd;

		snprintf(path, sizeof(path), "%s/%s/pools/%s", roots[i], lov, pool);
		pfd = open(path, O_RDONLY | O_CLOEXEC);
		if (pfd < 0)
			continue;
		n = read(pfd, buf, len);
		n = n < 0 ? -errno : (size_t)n >= len ? -ERANGE : n;
		close(pfd);
	}
	if (n >= 0)
		buf[n] = 0;
	return n;
}
