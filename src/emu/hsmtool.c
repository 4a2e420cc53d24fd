// SPDX-License-Identifier: MIT
/*
 * fsxemu import: released files as an FSx import from S3 leaves them.
 * fsxemu copytool: works through the queued HSM requests, at most
 * hsm_max_active at once per MDT, at a given rate, with progress visible
 * to LL_IOC_HSM_ACTION; failures injected with FSXEMU_FAULT.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "emu/hsmcore.h"
#include "emu/layout.h"
#include "emu/pre.h"
#include "emu/tool.h"

static int fill(const char *path, uint64_t size, const char *tag)
{
	char line[PATH_MAX + 32];
	FILE *f = fopen(path, "we");
	uint64_t done = 0;
	int n = snprintf(line, sizeof(line), "%s\n", tag);

	if (!f)
		return -errno;
	while (done < size) {
		size_t w = size - done < (uint64_t)n ? (size_t)(size - done) : (size_t)n;

		fwrite(line, 1, w, f);
		done += w;
	}
	return fclose(f) ? -errno : 0;
}

static int mkdirs(const char *dir)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s", dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		mkdir(p, 0755);
		*s = '/';
	}
	return mkdir(p, 0755) && errno != EEXIST ? -errno : 0;
}

/* one imported file: data in the repository, a released stub here */
static int import_one(struct emu_mount *m, const char *rel, uint64_t size)
{
	char abs[PATH_MAX], obj[PATH_MAX];
	struct emu_layout *tmpl = NULL, *lo = NULL;
	struct emu_hsm h = { .states = HS_EXISTS | HS_ARCHIVED | HS_RELEASED, .archive_id = 1 };
	struct lu_fid fid;
	void *buf;
	size_t len;
	int fd, rc;

	if ((size_t)snprintf(abs, sizeof(abs), "%s/%s", m->root, rel) >= sizeof(abs) ||
	    (size_t)snprintf(obj, sizeof(obj), "%s/%s", m->cfg.repo, rel) >= sizeof(obj))
		return -ENAMETOOLONG;
	if ((rc = fill(obj, size, rel)))
		return rc;
	fd = open(abs, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) || (rc = emu_fid_alloc(m, &fid)) ||
	    fsetxattr(fd, EMU_XA_FID, &fid, sizeof(fid), 0)) {
		rc = rc ? rc : -errno;
		goto out;
	}
	snprintf(h.key, sizeof(h.key), "%s", rel);
	len = (size_t)getxattr(m->root, EMU_XA_LOV, NULL, 0);
	buf = malloc(len + 1);
	if (buf && getxattr(m->root, EMU_XA_LOV, buf, len) == (ssize_t)len &&
	    !emu_layout_decode(buf, len, &tmpl) && !emu_layout_create(m, tmpl, &fid, 0, &lo)) {
		free(buf);
		emu_layout_release(lo);
		if (!emu_layout_encode(lo, EMU_FORM_MDT, &buf, &len))
			fsetxattr(fd, EMU_XA_LOV, buf, len, 0);
	}
	free(buf);
	emu_layout_free(tmpl);
	emu_layout_free(lo);
	rc = emu_hsm_put(fd, NULL, &h);
out:
	close(fd);
	return rc;
}

int emu_cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "size", required_argument, NULL, 's' },
		{ "dir", required_argument, NULL, 'd' },
		{ 0 },
	};
	const char *sub = "import";
	uint64_t size = 1048576, count = 0;
	char rel[PATH_MAX], *end;
	struct emu_mount m;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'c') {
			count = strtoull(optarg, &end, 10);
			if (*end || !count)
				return emu_usage_error("import: --count %s: expected a positive number", optarg);
		} else if (c == 's') {
			if (emu_parse_size(optarg, &size))
				return emu_usage_error("import: --size %s: expected a size", optarg);
		} else if (c == 'd') {
			sub = optarg;
		} else {
			return emu_usage_error("import: unknown option");
		}
	}
	if (optind != argc - 1 || !count)
		return emu_usage_error("import: expected DIR --count N");
	if ((rc = emu_tool_mount(argv[optind], &m)))
		return rc;
	while (*sub == '/')
		sub++;
	snprintf(rel, sizeof(rel), "%s/%s", m.root, sub);
	if (mkdirs(rel)) {
		perror(rel);
		return 1;
	}
	if ((size_t)snprintf(rel, sizeof(rel), "%s/%s", m.cfg.repo, sub) < sizeof(rel))
		mkdirs(rel);
	for (uint64_t i = 0; i < count; i++) {
		snprintf(rel, sizeof(rel), "%s%sfile%06llu", sub, *sub ? "/" : "",
			 (unsigned long long)i);
		if ((rc = import_one(&m, rel, size))) {
			fprintf(stderr, "fsxemu: import: %s: %s\n", rel, strerror(-rc));
			return 1;
		}
	}
	printf("%llu files imported into %s/%s (released, data in %s)\n", (unsigned long long)count,
	       m.root, sub, m.cfg.repo);
	return 0;
}

/* ---- copytool ---- */

static int do_one(struct emu_mount *m, const struct emu_qrec *q)
{
	char rel[PATH_MAX], abs[PATH_MAX];
	unsigned int more;
	int rc = emu_fid2path(m, &q->fid, 0, rel, sizeof(rel), &more);

	if (rc)
		return rc;
	if ((size_t)snprintf(abs, sizeof(abs), "%s/%s", m->root, rel) >= sizeof(abs))
		return -ENAMETOOLONG;
	switch (q->action) {
	case HUA_RESTORE:
		return emu_hsm_restore(m, abs);
	case HUA_ARCHIVE:
		if ((rc = emu_fault("hsm_archive", rel, NULL)))
			return -rc;
		return emu_hsm_archive(m, abs, q->archive_id);
	case HUA_REMOVE:
		if ((rc = emu_fault("hsm_remove", rel, NULL)))
			return -rc;
		return emu_hsm_remove(m, abs);
	}
	return 0;
}

/* Move up to max waiting requests to running; returns how many. */
static size_t take(struct emu_mount *m, struct emu_qrec *out, size_t max, size_t *pending)
{
	struct emu_qrec *q;
	size_t n, got = 0, running = 0;
	int fd = emu_queue_lock(m);

	*pending = 0;
	if (fd < 0 || emu_queue_read(fd, &q, &n)) {
		emu_unlock(fd);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		running += q[i].state == Q_RUNNING;
	for (size_t i = 0; i < n; i++) {
		if (q[i].state != Q_WAITING)
			continue;
		++*pending;
		if (got + running >= max)
			continue;
		q[i].state = Q_RUNNING;
		out[got++] = q[i];
	}
	emu_queue_write(fd, q, n);
	free(q);
	emu_unlock(fd);
	return got;
}

static void finish(struct emu_mount *m, const struct emu_qrec *r, int err)
{
	struct emu_qrec *q;
	size_t n;
	int fd = emu_queue_lock(m);

	if (fd < 0 || emu_queue_read(fd, &q, &n)) {
		emu_unlock(fd);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (memcmp(&q[i].fid, &r->fid, sizeof(r->fid)) || q[i].action != r->action ||
		    q[i].state != Q_RUNNING)
			continue;
		q[i].state = err ? Q_FAILED : Q_DONE;
		q[i].err = err;
		q[i].moved = q[i].length;
	}
	emu_queue_write(fd, q, n);
	free(q);
	emu_unlock(fd);
}

int emu_cmd_copytool(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rate", required_argument, NULL, 'r' },
		{ "once", no_argument, NULL, 'o' },
		{ 0 },
	};
	struct emu_qrec batch[256];
	double rate = 0;
	int once = 0, c, rc;
	struct emu_mount m;
	char *end;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r') {
			rate = strtod(optarg, &end);
			if (*end || rate <= 0)
				return emu_usage_error("copytool: --rate %s: expected files per second > 0", optarg);
		} else if (c == 'o') {
			once = 1;
		} else {
			return emu_usage_error("copytool: unknown option");
		}
	}
	if (optind != argc - 1)
		return emu_usage_error("copytool: expected DIR");
	if ((rc = emu_tool_mount(argv[optind], &m)))
		return rc;
	for (;;) {
		size_t pending, max = m.cfg.hsm_max_active * m.cfg.mdts;
		size_t got = take(&m, batch, max < 256 ? max : 256, &pending);

		for (size_t i = 0; i < got; i++) {
			if (rate > 0)
				usleep((useconds_t)(1e6 / rate));
			finish(&m, &batch[i], do_one(&m, &batch[i]));
		}
		if (!got && once && !pending)
			return 0;
		if (!got)
			usleep(100000);
	}
}
