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

/* the released layout imported files get: the root default's, released */
static struct emu_layout *import_layout(struct emu_mount *m)
{
	struct emu_layout *tmpl = NULL, *lo = NULL;
	struct lu_fid fid = { FID_SEQ_NORMAL, 1, 0 };
	ssize_t len = getxattr(m->root, EMU_XA_LOV, NULL, 0);
	void *buf = len > 0 ? malloc((size_t)len) : NULL;

	if (buf && getxattr(m->root, EMU_XA_LOV, buf, (size_t)len) == len &&
	    !emu_layout_decode(buf, (size_t)len, &tmpl) && !emu_layout_create(m, tmpl, &fid, 0, &lo))
		emu_layout_release(lo);
	free(buf);
	emu_layout_free(tmpl);
	return lo;
}

/* one imported file: data in the repository, a released stub here */
static int import_one(struct emu_mount *m, const char *rel, uint64_t size,
		      const struct lu_fid *fid, struct emu_layout *lo)
{
	char abs[PATH_MAX], obj[PATH_MAX];
	struct emu_hsm h = { .states = HS_EXISTS | HS_ARCHIVED | HS_RELEASED, .archive_id = 1 };
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
	if (ftruncate(fd, (off_t)size) || fsetxattr(fd, EMU_XA_FID, fid, sizeof(*fid), 0)) {
		rc = -errno;
		goto out;
	}
	emu_fid_index(m, fid, abs); /* fid2path without a walk */
	snprintf(h.key, sizeof(h.key), "%s", rel);
	for (unsigned int i = 0; lo && i < lo->ncomp; i++) {
		lo->comps[i].oi.oi_id = fid->f_oid | (uint64_t)fid->f_ver << 32;
		lo->comps[i].oi.oi_seq = fid->f_seq;
	}
	if (lo && !emu_layout_encode(lo, EMU_FORM_MDT, &buf, &len)) {
		fsetxattr(fd, EMU_XA_LOV, buf, len, 0);
		free(buf);
	}
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
	uint64_t size = 1048576, count = 0, first;
	struct emu_layout *lo;
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
	if ((rc = emu_fid_reserve(&m, count, &first))) {
		fprintf(stderr, "fsxemu: import: %s: %s\n", m.state, strerror(-rc));
		return 1;
	}
	lo = import_layout(&m);
	for (uint64_t i = 0; i < count && !rc; i++) {
		struct lu_fid fid;

		emu_fid_nth(first + i, &fid);
		snprintf(rel, sizeof(rel), "%s%sfile%06llu", sub, *sub ? "/" : "",
			 (unsigned long long)i);
		if ((rc = import_one(&m, rel, size, &fid, lo)))
			fprintf(stderr, "fsxemu: import: %s: %s\n", rel, strerror(-rc));
	}
	emu_layout_free(lo);
	if (rc)
		return 1;
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

int emu_cmd_copytool(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rate", required_argument, NULL, 'r' },
		{ "once", no_argument, NULL, 'o' },
		{ 0 },
	};
	struct emu_qrec batch[256];
	int err[256];
	size_t got = 0;
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
	emu_queue_requeue_orphans(&m);
	for (;;) {
		size_t max = m.cfg.hsm_max_active * m.cfg.mdts;
		int waiting;

		/* results of the last round and the next requests: one lock */
		got = emu_queue_cycle(&m, batch, err, got, batch, max < 256 ? max : 256, &waiting);
		for (size_t i = 0; i < got; i++) {
			if (rate > 0)
				usleep((useconds_t)(1e6 / rate));
			err[i] = do_one(&m, &batch[i]);
		}
		if (!got && once && !waiting)
			return 0;
		if (!got)
			usleep(100000);
	}
}
