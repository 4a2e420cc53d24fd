/* SPDX-License-Identifier: MIT */
/*
 * fsxctl df: capacity or inodes per MDT and OST and the filesystem
 * summary, byte for byte as lfs df 2.15 prints them, or as JSON.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/cmd.h"
#include "lustre/statfs.h"
#include "quota/df.h"

struct df_req {
	struct fsx_args args;
	int human, si, inodes, lazy, verbose;
	const char *pool;
};

#define DF(m) FSX_FIELD(struct df_req, m)

static const struct fsx_opt df_opts[] = {
	OPT_FLAG('h', "human-readable", DF(human), 1, "sizes in powers of 1024 (K, M, G, T...)"),
	OPT_FLAG('H', "si", DF(si), 1, "sizes in powers of 1000 (k, M, G, T...)"),
	OPT_FLAG('i', "inodes", DF(inodes), 1, "inodes (MDTs) and objects (OSTs) instead of space"),
	OPT_FLAG('l', "lazy", DF(lazy), 1, "skip targets that do not answer at once"),
	OPT_STR('p', "pool", "[FSNAME.]POOL", DF(pool), "only the OSTs of this pool (and the summary over them)",
		.complete = COMPLETE_POOL),
	OPT_FLAG('v', "verbose", DF(verbose), 1, "also inactive targets and the a/f state letters"),
	OPT_END(),
};

struct df_run {
	struct fsx_ctx *ctx;
	const struct df_req *req;
	unsigned flags;
	unsigned njson;
};

static int show(struct df_run *r, const struct lustre_mnt *m)
{
	struct fsx_ctx *ctx = r->ctx;
	struct fsx_why why = { "" };
	struct df_fs fs;
	int rc;

	rc = df_load(m->dir, m->fsname, r->req->pool, r->flags, &fs, &why);
	if (rc) {
		if (rc == -ENOENT || rc == -EINVAL)
			fsx_err(ctx, "-p", 0, "%s", why.msg);
		else
			fsx_err(ctx, m->dir, rc, "%s", why.msg);
		return FSX_EXIT_FAIL;
	}
	if (ctx->flags & FSX_JSON) {
		fprintf(ctx->out, "%s\n  ", r->njson++ ? "," : "");
		df_print_json(ctx->out, &fs);
	} else {
		df_print_lfs(ctx->out, &fs, r->flags);
	}
	for (size_t i = 0; i < fs.n; i++)
		if (fs.t[i].rc && fs.t[i].rc != -ENODATA)
			fsx_err(ctx, fs.t[i].uuid, fs.t[i].rc, "cannot read target capacity");
	rc = fs.rc ? FSX_EXIT_FAIL : FSX_EXIT_OK;
	df_release(&fs);
	return rc;
}

static int show_all(struct df_run *r)
{
	struct lustre_mnt *v = NULL;
	size_t n = 0;
	int rc, failed = 0;

	rc = lustre_mnt_list(&v, &n);
	if (rc) {
		fsx_err(r->ctx, "/proc/mounts", rc, "cannot list mounts");
		return FSX_EXIT_FAIL;
	}
	if (!n) {
		fsx_err(r->ctx, NULL, 0, "no Lustre filesystem is mounted");
		failed = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (show(r, &v[i]))
			failed = 1;
	free(v);
	return failed;
}

static int run_df(struct fsx_ctx *ctx, void *reqp)
{
	struct df_req *req = reqp;
	struct df_run r = { .ctx = ctx, .req = req };
	int failed = 0;

	if (req->human && req->si)
		return fsx_usage(ctx, "-h", "cannot be combined with -H");
	r.flags = (req->human ? DF_HUMAN : 0) | (req->si ? DF_SI : 0) |
		  (req->inodes ? DF_INODES : 0) | (req->lazy ? DF_LAZY : 0) |
		  (req->verbose ? DF_VERBOSE : 0);
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "{\"version\":1,\"filesystems\":[");
	if (!req->args.n)
		failed = show_all(&r);
	for (size_t i = 0; i < req->args.n; i++) {
		const char *path = req->args.v[i];
		struct lustre_mnt m;
		int rc = lustre_mnt_find(path, &m);

		if (rc == -ENOTTY) {
			fsx_err(ctx, path, 0, "not on a Lustre filesystem");
			failed = 1;
		} else if (rc) {
			fsx_err(ctx, path, rc, "cannot find its mount");
			failed = 1;
		} else if (show(&r, &m)) {
			failed = 1;
		}
	}
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "%s]}\n", r.njson ? "\n" : "");
	return failed ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

const struct fsx_cmd cmd_df = {
	.name = "df",
	.summary = "show free space and inodes per MDT and OST",
	.usage = "[-h|-H] [-i] [-l] [-p [FSNAME.]POOL] [-v] [PATH...]",
	.description = "Prints one table per filesystem, byte-identical to lfs df 2.15: all\n"
		       "MDTs, then all OSTs, then the filesystem summary (space is summed\n"
		       "over the OSTs, inodes over the MDTs). Without a PATH every mounted\n"
		       "Lustre filesystem is shown. State letters after a target: D degraded,\n"
		       "R read-only, N no precreate, S out of space, I out of inodes; with -v\n"
		       "also a (aggregate) and f (flash). A target that cannot be read gets a\n"
		       "`UUID: error` line, a message on stderr and exit status 1.",
	.opts = df_opts,
	.req_size = sizeof(struct df_req),
	.run = run_df,
	.flags = CMD_LUSTRE,
	.args_complete = COMPLETE_PATH,
};
