/* SPDX-License-Identifier: MIT */
/*
 * Lustre client mounts as liblustreapi finds them (lustre-abi.md §1.2):
 * /proc/mounts lines of type lustre whose source holds ":/", matched to a
 * path by st_dev; the fsname is the source after ":/" up to the next '/'.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lustre/hsm.h"

#define MOUNTS_MAX (4 << 20)

static char *slurp(const char *path, size_t *ret_len)
{
	size_t cap = 16384, len = 0;
	char *buf = malloc(cap + 1);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0 || !buf)
		goto fail;
	while ((n = read(fd, buf + len, cap - len)) != 0) {
		char *nb;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		len += (size_t)n;
		if (len < cap)
			continue;
		if (cap >= MOUNTS_MAX)
			break;
		nb = realloc(buf, cap * 2 + 1);
		if (!nb)
			goto fail;
		buf = nb;
		cap *= 2;
	}
	close(fd);
	buf[len] = 0;
	*ret_len = len;
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

/* Undoes the \ooo escapes of /proc/mounts fields in place. */
static void unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*w++ = *s;
		}
	}
	*w = 0;
}

static int add(struct lustre_mnts *m, const char *src, char *dir)
{
	const char *fs = strstr(src, ":/");
	struct lustre_mnt *v;
	struct stat st;
	size_t n;

	if (!fs)
		return 0;
	unescape(dir);
	if (stat(dir, &st) < 0)
		return 0;
	v = realloc(m->v, (m->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	m->v = v;
	v = &m->v[m->n];
	memset(v, 0, sizeof(*v));
	v->dir = strdup(dir);
	if (!v->dir)
		return -ENOMEM;
	while (*fs == ':' || *fs == '/')
		fs++;
	n = strcspn(fs, "/");
	if (n >= sizeof(v->fsname))
		n = sizeof(v->fsname) - 1;
	memcpy(v->fsname, fs, n);
	v->dev = st.st_dev;
	m->n++;
	return 0;
}

int lustre_mnts_load(struct lustre_mnts *ret)
{
	struct lustre_mnts m = { 0 };
	size_t len;
	char *buf = slurp("/proc/mounts", &len), *line, *save = NULL;
	int rc = 0;

	if (!buf)
		return -errno ? -errno : -EIO;
	for (line = strtok_r(buf, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[3], *s2 = NULL;
		int i;

		f[0] = strtok_r(line, " \t", &s2);
		for (i = 1; i < 3 && f[i - 1]; i++)
			f[i] = strtok_r(NULL, " \t", &s2);
		if (i < 3 || !f[2] || strcmp(f[2], "lustre"))
			continue;
		rc = add(&m, f[0], f[1]);
	}
	free(buf);
	if (rc) {
		lustre_mnts_release(&m);
		return rc;
	}
	*ret = m;
	return 0;
}

void lustre_mnts_release(struct lustre_mnts *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].dir);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n] || n == 1);
}

const struct lustre_mnt *lustre_mnt_of(const struct lustre_mnts *m,
					   const char *path, dev_t dev)
{
	const struct lustre_mnt *best = NULL, *only = NULL;
	char real[PATH_MAX];
	size_t hits = 0;

	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].dev == dev) {
			only = &m->v[i];
			hits++;
		}
	if (hits <= 1)
		return only;
	if (!realpath(path, real))
		return NULL;
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].dev == dev && under(real, m->v[i].dir) &&
		    (!best || strlen(m->v[i].dir) > strlen(best->dir)))
			best = &m->v[i];
	return best;
}

bool lustre_mnt_contains(const struct lustre_mnt *m, const char *path)
{
	char real[PATH_MAX];

	return realpath(path, real) && under(real, m->dir);
}

const struct lustre_mnt *lustre_mnt_by_fsname(const struct lustre_mnts *m,
						  const char *fsname)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->v[i].fsname, fsname))
			return &m->v[i];
	return NULL;
}
