/* SPDX-License-Identifier: MIT */
/*
 * fsxctl migrate: re-stripe files that have data, safely. Takes
 * setstripe's layout options (none: the file's own layout onto fresh
 * objects), many files, and whole trees with -r. Every file is either
 * migrated or left exactly as it was; failures are reported per file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "cmd/layout_opts.h"
#include "cmd/migrate.h"
#include "layout/migrate.h"
#include "layout/walk.h"
#include "lustre/lustre.h"

#define PROGRESS_MIN (64ULL << 20) /* files this big get a progress line */

struct migrate_req {
	struct fsx_args args;
	struct layout_spec spec;
	const char *yaml;
	int nonblock, block, recursive, verbose;
};

#define MG(m) FSX_FIELD(struct migrate_req, m)

static const struct fsx_opt migrate_opts[] = {
	FSX_LAYOUT_OPTS(MG(spec)),
	OPT_STR('y', "yaml", "FILE", MG(yaml), "take the new layout from a template (getstripe --yaml output)",
		.complete = COMPLETE_FILE),
	OPT_FLAG('b', "block", MG(block), 1, "hold a group lock: other I/O to the file waits (default)"),
	OPT_FLAG('n', "non-block", MG(nonblock), 1, "take a read lease: stop if another process writes"),
	OPT_FLAG('r', "recursive", MG(recursive), 1, "migrate every file below the directories given"),
	OPT_FLAG('v', "verbose", MG(verbose), 1, "print each file once it is migrated"),
	OPT_ALIAS("non-blocking", "non-block"),
	OPT_END(),
};

static void mg_release(void *reqp)
{
	layout_spec_release(&((struct migrate_req *)reqp)->spec);
}

struct mg_run {
	struct fsx_ctx *ctx;
	const struct migrate_req *req;
	struct migrate_opts o;
	bool tty;
	unsigned long ok, failed;
	uint64_t bytes;
	unsigned njson;
	const char *cur;
	struct timespec t0;
};

static double secs_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress(void *arg, uint64_t done, uint64_t total)
{
	struct mg_run *r = arg;
	double s = secs_since(&r->t0);

	if (!r->tty || total < PROGRESS_MIN)
		return;
	fprintf(r->ctx->err, "\rmigrate: %s: %3d%% %.1f/%.1f MiB, %.0f MiB/s ", r->cur,
		(int)(done * 100 / total), done / 1048576.0, total / 1048576.0,
		s > 0 ? done / 1048576.0 / s : 0.0);
	fflush(r->ctx->err);
}

static void json_item(struct mg_run *r, const char *path, int rc,
		      const struct migrate_result *res, const char *msg)
{
	FILE *out = r->ctx->out;

	fprintf(out, "%s\n  {\"path\":", r->njson++ ? "," : "");
	fsx_json_str(out, path);
	if (rc) {
		fprintf(out, ",\"status\":\"failed\",\"errno\":%d,\"error\":", -rc);
		fsx_json_str(out, msg);
	} else {
		fprintf(out, ",\"status\":\"migrated\",\"size\":%llu,\"copied\":%llu",
			(unsigned long long)res->size, (unsigned long long)res->copied);
	}
	fputc('}', out);
}

static int one(struct mg_run *r, const char *path)
{
	struct migrate_result res = { 0 };
	struct fsx_why why = { "" };
	int rc;

	r->cur = path;
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	rc = layout_migrate(path, &r->o, &res, &why);
	if (r->tty && res.size >= PROGRESS_MIN)
		fprintf(r->ctx->err, "\r\033[K");
	if (r->ctx->flags & FSX_JSON)
		json_item(r, path, rc, &res, why.msg[0] ? why.msg : strerror(-rc));
	if (rc) {
		fsx_err(r->ctx, path, rc, "%s", why.msg[0] ? why.msg : "cannot migrate");
		r->failed++;
		return 1;
	}
	r->ok++;
	r->bytes += res.size;
	if (r->req->verbose && !(r->ctx->flags & FSX_JSON))
		fprintf(r->ctx->out, "%s\n", path);
	return 0;
}

static int walk_item(void *arg, const struct walk_item *it)
{
	struct mg_run *r = arg;

	if (it->rc && it->rc != -ENODATA) {
		fsx_err(r->ctx, it->path, it->rc, "%s", it->what ? it->what : "cannot read");
		r->failed++;
		return 0;
	}
	if (!it->is_dir)
		one(r, it->path);
	return 0;
}

/* The directory of path (path itself if it is one), open. */
static int dir_of(const char *path)
{
	struct stat st;
	char *dir;
	int fd;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (!strchr(path, '/'))
		return open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = strdup(path);
	if (!dir)
		return -1;
	*strrchr(dir, '/') = 0;
	fd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	return fd;
}

/* Pools and OST indices the layout names exist (before anything moves). */
static int check_targets(struct fsx_ctx *ctx, const char *path,
			 const struct layout_spec *s)
{
	int fd = dir_of(path), nost, rc = 0;

	if (fd < 0 || lustre_fd_is_lustre(fd) != 1) {
		if (fd >= 0)
			close(fd);
		return 0; /* each file will say what is wrong */
	}
	nost = lustre_ost_count(fd);
	for (unsigned i = 0; i < s->ncomps && !rc; i++) {
		const struct layout_comp_spec *c = &s->comps[i];

		if (c->pool[0] && strcmp(c->pool, "ignore") && lustre_pool_exists(fd, c->pool) == 0) {
			fsx_err(ctx, "-p", 0, "%s: no such pool on this filesystem", c->pool);
			rc = 1;
		} else if (nost > 0 && c->stripe_offset >= nost) {
			fsx_err(ctx, "-i", 0, "%d: no such OST (this filesystem has OST 0 to %d)",
				c->stripe_offset, nost - 1);
			rc = 1;
		}
		for (unsigned j = 0; j < c->nosts && !rc && nost > 0; j++)
			if (c->osts[j] >= (uint32_t)nost) {
				fsx_err(ctx, "-o", 0, "%u: no such OST (this filesystem has OST 0 to %d)",
					c->osts[j], nost - 1);
				rc = 1;
			}
	}
	close(fd);
	return rc;
}

static int check_request(struct fsx_ctx *ctx, struct migrate_req *req)
{
	struct fsx_why why = { "" };
	struct stat st;

	if (req->args.n == 0)
		return fsx_usage(ctx, NULL, "no file given");
	if (req->block && req->nonblock)
		return fsx_usage(ctx, "-b", "cannot be combined with -n");
	if (req->yaml && req->spec.any)
		return fsx_usage(ctx, "--yaml", "cannot be combined with layout options");
	if (req->yaml && layout_yaml_load(req->yaml, &req->spec, &why)) {
		fsx_err(ctx, req->yaml, 0, "%s", why.msg);
		return FSX_EXIT_USAGE;
	}
	if (req->spec.any && layout_spec_validate(&req->spec, &why))
		return fsx_usage(ctx, NULL, "%s", why.msg);
	for (size_t i = 0; i < req->args.n; i++)
		if (!req->recursive && stat(req->args.v[i], &st) == 0 && S_ISDIR(st.st_mode))
			return fsx_usage(ctx, req->args.v[i], "is a directory (use -r to migrate the files below it)");
	return 0;
}

static void summary(struct mg_run *r)
{
	if (r->ctx->flags & FSX_JSON) {
		fprintf(r->ctx->out, "%s],\"migrated\":%lu,\"failed\":%lu,\"bytes\":%llu}\n",
			r->njson ? "\n" : "", r->ok, r->failed, (unsigned long long)r->bytes);
		return;
	}
	if (r->ok + r->failed > 1 || r->failed)
		fprintf(r->ctx->err, "migrate: %lu migrated (%.1f MiB), %lu failed\n", r->ok,
			r->bytes / 1048576.0, r->failed);
}

static int run_migrate(struct fsx_ctx *ctx, void *reqp)
{
	struct migrate_req *req = reqp;
	struct mg_run r = { .ctx = ctx, .req = req };
	struct fsx_why why = { "" };
	void *blob = NULL;
	int rc = check_request(ctx, req);

	if (rc)
		return rc;
	if (req->spec.any && layout_spec_encode(&req->spec, &blob, &r.o.len, &why)) {
		fsx_err(ctx, NULL, 0, "%s", why.msg);
		return FSX_EXIT_FAIL;
	}
	if (req->spec.any && check_targets(ctx, req->args.v[0], &req->spec)) {
		free(blob);
		return FSX_EXIT_FAIL;
	}
	r.o.blob = blob;
	r.o.composite = req->spec.composite;
	r.o.flags = req->nonblock ? MIGRATE_NONBLOCK : 0;
	r.o.progress = progress;
	r.o.arg = &r;
	r.tty = isatty(fileno(ctx->err)) && !(ctx->flags & FSX_QUIET);
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "{\"version\":1,\"files\":[");
	for (size_t i = 0; i < req->args.n; i++) {
		struct stat st;

		if (req->recursive && stat(req->args.v[i], &st) == 0 && S_ISDIR(st.st_mode))
			layout_walk(req->args.v[i], -1, walk_item, &r);
		else
			one(&r, req->args.v[i]);
	}
	summary(&r);
	free(blob);
	return r.failed ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

const struct fsx_cmd cmd_migrate = {
	.name = "migrate",
	.summary = "move files to a new layout, safely, keeping their data, times and owner",
	.usage = "[LAYOUT OPTIONS] [-n] [-r] [-v] FILE|DIR...",
	.description = "Copies each file into a hidden volatile file created with the new layout\n"
		       "(setstripe's options; none: the file's current layout onto fresh\n"
		       "objects), checks that the data did not change meanwhile, then swaps the\n"
		       "layouts in one step. Until that swap the file is untouched: a failure,\n"
		       "a full OST or a kill leaves it exactly as it was. By default other\n"
		       "readers and writers wait during the copy (a group lock); with -n the\n"
		       "migration stops instead when another process writes to the file.\n"
		       "Released (HSM) files are refused: restore them first. Example:\n"
		       "  fsxctl migrate -E 100M -c 1 -E 10G -c 8 -E -1 -c 32 /fsx/ckpt/*.pt",
	.opts = migrate_opts,
	.req_size = sizeof(struct migrate_req),
	.release = mg_release,
	.run = run_migrate,
	.flags = CMD_LUSTRE | CMD_BULK,
	.args_complete = COMPLETE_PATH,
};
