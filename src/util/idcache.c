/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util/idcache.h"

static const char *const kinds[] = { "fs", "dra", "task", "backup", NULL };

const char *idcache_kind(const char *id)
{
	for (size_t i = 0; kinds[i]; i++) {
		size_t l = strlen(kinds[i]);

		if (!strncmp(id, kinds[i], l) && id[l] == '-' && id[l + 1])
			return kinds[i];
	}
	return NULL;
}

int idcache_path(char *buf, size_t size)
{
	const char *p = getenv("FSXCTL_ID_CACHE"), *x = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int n;

	if (p && *p)
		n = snprintf(buf, size, "%s", p);
	else if (x && *x == '/')
		n = snprintf(buf, size, "%s/fsxctl/ids", x);
	else if (home && *home)
		n = snprintf(buf, size, "%s/.cache/fsxctl/ids", home);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int id_ok(const char *id, size_t len)
{
	char tmp[IDCACHE_MAX_ID + 1];

	if (len == 0 || len > IDCACHE_MAX_ID)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-", id[i]))
			return 0;
	memcpy(tmp, id, len);
	tmp[len] = 0;
	return idcache_kind(tmp) != NULL;
}

int idcache_parse_line(const char *line, size_t len, struct idcache_entry *ret)
{
	const char *t1, *t2, *end = line + len;
	long long when = 0;

	if (len && line[len - 1] == '\n')
		end--;
	t1 = memchr(line, '\t', (size_t)(end - line));
	if (!t1 || !id_ok(line, (size_t)(t1 - line)))
		return -EINVAL;
	t2 = memchr(t1 + 1, '\t', (size_t)(end - t1 - 1));
	if (!t2 || t2 == t1 + 1 || t2 - t1 - 1 > 19 ||
	    (size_t)(end - t2 - 1) > IDCACHE_MAX_LABEL)
		return -EINVAL;
	for (const char *p = t1 + 1; p < t2; p++) {
		if (*p < '0' || *p > '9' || when > (INT64_MAX - 9) / 10)
			return -EINVAL; /* not a number, or past any sane time */
		when = when * 10 + (*p - '0');
	}
	for (const char *p = t2 + 1; p < end; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -EINVAL;
	memcpy(ret->id, line, (size_t)(t1 - line));
	ret->id[t1 - line] = 0;
	ret->when = when;
	memcpy(ret->label, t2 + 1, (size_t)(end - t2 - 1));
	ret->label[end - t2 - 1] = 0;
	return 0;
}

struct idlist {
	struct idcache_entry *v;
	size_t n;
};

/* Keeps the newest record of each id, in the order of its last record. */
static int idlist_add(struct idlist *l, const struct idcache_entry *e)
{
	struct idcache_entry *v;

	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].id, e->id)) {
			memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(*v));
			l->n--;
			break;
		}
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	v[l->n++] = *e;
	return 0;
}

static int idcache_load(const char *path, struct idlist *l, size_t *nlines)
{
	char line[IDCACHE_MAX_ID + IDCACHE_MAX_LABEL + 32];
	struct idcache_entry e;
	FILE *f = fopen(path, "re");
	int rc = 0;

	*nlines = 0;
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		if (len && line[len - 1] != '\n' && !feof(f)) {
			int c; /* too long: skip the rest of it */

			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		++*nlines;
		if (idcache_parse_line(line, len, &e) == 0)
			rc = idlist_add(l, &e);
		if (*nlines > 4 * IDCACHE_MAX_LINES)
			break; /* a cache, not a database */
	}
	fclose(f);
	return rc;
}

int idcache_foreach(const char *path,
		    int (*fn)(void *arg, const struct idcache_entry *e),
		    void *arg)
{
	struct idlist l = { 0 };
	size_t nlines;
	int rc = idcache_load(path, &l, &nlines);

	for (size_t i = 0; rc == 0 && i < l.n; i++)
		rc = fn(arg, &l.v[i]);
	free(l.v);
	return rc;
}

static int mkdir_parent(const char *path)
{
	char dir[4096];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = 0;
	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;
	if (errno == ENOENT && mkdir_parent(dir) == 0 && mkdir(dir, 0700) == 0)
		return 0;
	return -errno;
}

/* Rewrites the file with the newest half of its ids (tmp + rename). */
static int idcache_trim(const char *path)
{
	struct idlist l = { 0 };
	char tmp[4200];
	size_t nlines, from;
	FILE *f;
	int rc = idcache_load(path, &l, &nlines);

	if (rc || nlines <= IDCACHE_MAX_LINES)
		goto out_free;
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	f = fopen(tmp, "we");
	if (!f) {
		rc = -errno;
		goto out_free;
	}
	from = l.n > IDCACHE_MAX_LINES / 2 ? l.n - IDCACHE_MAX_LINES / 2 : 0;
	for (size_t i = from; i < l.n; i++)
		fprintf(f, "%s\t%lld\t%s\n", l.v[i].id, (long long)l.v[i].when,
			l.v[i].label);
	rc = fclose(f) ? -errno : 0;
	if (rc == 0 && rename(tmp, path))
		rc = -errno;
	if (rc)
		unlink(tmp);
out_free:
	free(l.v);
	return rc;
}

int idcache_add(const char *path, const char *id, const char *label,
		struct fsx_why *why)
{
	char line[IDCACHE_MAX_ID + IDCACHE_MAX_LABEL + 32];
	struct idcache_entry e;
	int n, fd, rc = 0;

	n = snprintf(line, sizeof(line), "%s\t%lld\t%s\n", id,
		     (long long)time(NULL), label ? label : "");
	if (n < 0 || (size_t)n >= sizeof(line) ||
	    idcache_parse_line(line, (size_t)n, &e))
		return why_set(why, -EINVAL, "%s: not a cacheable FSx id or label", id);
	rc = mkdir_parent(path);
	if (rc)
		return why_set(why, rc, "%s: cannot create the cache directory", path);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return why_set(why, -errno, "%s: cannot open the id cache", path);
	if (write(fd, line, (size_t)n) != n)
		rc = why_set(why, -EIO, "%s: cannot write the id cache", path);
	close(fd);
	if (rc == 0)
		idcache_trim(path); /* best effort: a long cache still works */
	return rc;
}

int idcache_add_many(const char *path, const char *const *ids,
		     const char *const *labels, size_t n, struct fsx_why *why)
{
	size_t cap = n * (IDCACHE_MAX_ID + IDCACHE_MAX_LABEL + 32) + 1, len = 0;
	char *buf;
	int fd, rc = 0;

	if (!n)
		return 0;
	buf = malloc(cap);
	if (!buf)
		return why_set(why, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct idcache_entry e;
		int k = snprintf(buf + len, cap - len, "%s\t%lld\t%s\n", ids[i],
				 (long long)time(NULL), labels && labels[i] ? labels[i] : "");

		if (k > 0 && (size_t)k < cap - len &&
		    idcache_parse_line(buf + len, (size_t)k, &e) == 0)
			len += (size_t)k;
		buf[len] = 0;
	}
	rc = mkdir_parent(path);
	if (rc) {
		free(buf);
		return why_set(why, rc, "%s: cannot create the cache directory", path);
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		free(buf);
		return why_set(why, -errno, "%s: cannot open the id cache", path);
	}
	if (len && write(fd, buf, len) != (ssize_t)len)
		rc = why_set(why, -EIO, "%s: cannot write the id cache", path);
	close(fd);
	free(buf);
	if (rc == 0)
		idcache_trim(path);
	return rc;
}
