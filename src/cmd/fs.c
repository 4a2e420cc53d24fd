/* SPDX-License-Identifier: MIT */
/*
 * fsxctl fs list|show|update: FSx for Lustre file systems. update checks
 * capacity steps, throughput values and metadata IOPS before calling,
 * and --wait follows the administrative actions to the end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/awscmd.h"

static const struct awscmd_col fs_cols[] = {
	{ "FileSystemId", "FileSystemId", 0 },
	{ "Lifecycle", "Lifecycle", 0 },
	{ "Deployment", "LustreConfiguration.DeploymentType", 0 },
	{ "StorageGiB", "StorageCapacity", 0 },
	{ "Type", "StorageType", 0 },
	{ "MBps/TiB", "LustreConfiguration.PerUnitStorageThroughput", 0 },
	{ "Version", "FileSystemTypeVersion", 0 },
	{ "MountName", "LustreConfiguration.MountName", 0 },
	{ "DNSName", "DNSName", 0 },
	{ NULL, NULL, 0 },
};

static const struct awscmd_col fs_show_cols[] = {
	{ "FileSystemId", "FileSystemId", 0 },
	{ "Lifecycle", "Lifecycle", 0 },
	{ "DeploymentType", "LustreConfiguration.DeploymentType", 0 },
	{ "StorageType", "StorageType", 0 },
	{ "StorageCapacity", "StorageCapacity", 0 },
	{ "PerUnitStorageThroughput",
	  "LustreConfiguration.PerUnitStorageThroughput", 0 },
	{ "MetadataIops", "LustreConfiguration.MetadataConfiguration.Iops", 0 },
	{ "MetadataMode", "LustreConfiguration.MetadataConfiguration.Mode", 0 },
	{ "FileSystemTypeVersion", "FileSystemTypeVersion", 0 },
	{ "MountName", "LustreConfiguration.MountName", 0 },
	{ "DNSName", "DNSName", 0 },
	{ "CreationTime", "CreationTime", 1 },
	{ "ResourceARN", "ResourceARN", 0 },
	{ NULL, NULL, 0 },
};

struct fs_req {
	struct fsx_args args;
	struct aws_opts aws;
	const char *fs, *max_items, *capacity, *throughput, *iops, *timeout,
		*token;
	int wait;
};

#define FR(m) FSX_FIELD(struct fs_req, m)

static int run_fs_list(struct fsx_ctx *ctx, void *reqp)
{
	struct fs_req *req = reqp;
	struct fsx_list_req r = { .op = "DescribeFileSystems",
				  .key = "FileSystems",
				  .ids_key = "FileSystemIds",
				  .ids = req->args.v,
				  .nids = req->args.n };
	struct awscmd a;
	cJSON *doc = NULL;
	long long n = 0;
	int rc = awscmd_open(&a, ctx, &req->aws);

	if (rc)
		return rc;
	if (req->max_items &&
	    (rc = awscmd_count(&a, "--max-items", req->max_items, 1, 1000000,
			       &n)))
		goto out;
	r.max_items = (long)n;
	rc = fsx_list(&a.s, &r, &doc, &a.err, &a.why);
	if (rc) {
		rc = awscmd_fail(&a, "DescribeFileSystems", rc);
		goto out;
	}
	awscmd_print_list(&a, doc, "FileSystems", fs_cols);
	aws_json_free(doc);
out:
	awscmd_close(&a);
	return rc;
}

static int load_fs(struct awscmd *a, const char *fs_opt, const char *path,
		   cJSON **doc, cJSON **fs)
{
	struct fsx_target t;
	int rc;

	if (!fs_opt && !path)
		return fsx_usage(
			a->ctx, NULL,
			"name the file system: an fs- id or a path on its mount");
	rc = awscmd_target(a, fs_opt, path, &t);
	if (rc)
		return rc;
	rc = fsx_describe_one(&a->s, "DescribeFileSystems", "FileSystems",
			      "FileSystemIds", t.fs_id, doc, fs, &a->err,
			      &a->why);
	if (rc)
		return awscmd_fail(
			a, rc == -ENOENT ? t.fs_id : "DescribeFileSystems", rc);
	return 0;
}

static int run_fs_show(struct fsx_ctx *ctx, void *reqp)
{
	struct fs_req *req = reqp;
	struct awscmd a;
	cJSON *doc = NULL, *fs;
	int rc;

	if (req->args.n > 1)
		return fsx_usage(ctx, req->args.v[1],
				 "one file system at a time");
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	rc = load_fs(&a, req->fs, req->args.n ? req->args.v[0] : NULL, &doc,
		     &fs);
	if (!rc)
		awscmd_print_item(&a, doc, fs, fs_show_cols);
	aws_json_free(doc);
	awscmd_close(&a);
	return rc;
}

static int parse_update(struct awscmd *a, const struct fs_req *req,
			struct fsx_fs_update *u, double *deadline)
{
	long long secs;
	int rc = 0;

	if (req->capacity)
		rc = awscmd_count(a, "--storage-capacity", req->capacity, 1,
				  2147483647, &u->capacity);
	if (!rc && req->throughput)
		rc = awscmd_count(a, "--throughput", req->throughput, 1, 100000,
				  &u->throughput);
	if (!rc && req->iops) {
		if (!strcasecmp(req->iops, "automatic"))
			u->iops_mode = "AUTOMATIC";
		else if (!(rc = awscmd_count(a, "--metadata-iops", req->iops, 1,
					     192000, &u->iops)))
			u->iops_mode = "USER_PROVISIONED";
	}
	if (!rc && !u->capacity && !u->throughput && !u->iops_mode)
		rc = fsx_usage(
			a->ctx, NULL,
			"nothing to change: give --storage-capacity, --throughput or --metadata-iops");
	*deadline = 0;
	if (!rc && req->timeout) {
		if (fsx_duration_parse(req->timeout, &secs, &a->why))
			return fsx_usage(a->ctx, "--timeout", "'%s': %s",
					 req->timeout, a->why.msg);
		*deadline = awscmd_now() + (double)secs;
	}
	return rc;
}

static const char *const busy_states[] = { "PENDING", "IN_PROGRESS",
					   "UPDATED_OPTIMIZING", "OPTIMIZING",
					   NULL };

/* 0 done, 1 still running, -1 failed (message in a->why). */
static int fs_actions_state(struct awscmd *a, const cJSON *fs, char *progress,
			    size_t cap)
{
	const cJSON *act;
	int running = 0;

	progress[0] = 0;
	aws_json_each(act, aws_json_get(fs, "AdministrativeActions"))
	{
		const char *st = aws_json_str(act, "Status");
		const char *type =
			aws_json_str(act, "AdministrativeActionType");
		double pct = -1;

		aws_json_num(act, "ProgressPercent", &pct);
		if (st && !strcmp(st, "FAILED")) {
			why_set(&a->why, -EIO, "%s failed: %s",
				type ? type : "update",
				aws_json_str(act, "FailureDetails.Message") ?:
					"no reason given");
			return -1;
		}
		for (size_t i = 0; st && busy_states[i]; i++)
			if (!strcmp(st, busy_states[i])) {
				running = 1;
				if (pct >= 0)
					snprintf(progress, cap, "%s %s %.0f%%",
						 type, st, pct);
				else
					snprintf(progress, cap, "%s %s", type,
						 st);
			}
	}
	if (!running &&
	    strcmp(aws_json_str(fs, "Lifecycle") ?: "AVAILABLE", "AVAILABLE")) {
		snprintf(progress, cap, "Lifecycle %s",
			 aws_json_str(fs, "Lifecycle"));
		return 1;
	}
	return running;
}

static int fs_wait(struct awscmd *a, const char *id, double deadline)
{
	char progress[256];

	for (int round = 0;; round++) {
		cJSON *doc = NULL, *fs;
		int rc = fsx_describe_one(&a->s, "DescribeFileSystems",
					  "FileSystems", "FileSystemIds", id,
					  &doc, &fs, &a->err, &a->why);

		if (rc)
			return awscmd_fail(a, "DescribeFileSystems", rc);
		rc = fs_actions_state(a, fs, progress, sizeof(progress));
		aws_json_free(doc);
		if (rc < 0) {
			fsx_err(a->ctx, id, 0, "%s", a->why.msg);
			return FSX_EXIT_FAIL;
		}
		if (!rc) {
			fprintf(a->ctx->err, "%s: update complete\n", id);
			return 0;
		}
		if (awscmd_is_tty(a))
			fprintf(a->ctx->err, "\r%s: %s\033[K", id, progress);
		if (awscmd_poll_sleep(a, round, deadline)) {
			fsx_err(a->ctx, id, 0,
				"still updating at --timeout (%s)", progress);
			return FSX_EXIT_TIMEOUT;
		}
	}
}

static int run_fs_update(struct fsx_ctx *ctx, void *reqp)
{
	struct fs_req *req = reqp;
	struct fsx_fs_update u = { 0 };
	struct awscmd a;
	cJSON *doc = NULL, *fs, *resp = NULL;
	double deadline;
	char tok[37], *body;
	size_t len;
	int rc;

	if (req->args.n > 1)
		return fsx_usage(ctx, req->args.v[1],
				 "one file system at a time");
	rc = awscmd_open(&a, ctx, &req->aws);
	if (rc)
		return rc;
	rc = parse_update(&a, req, &u, &deadline);
	if (!rc)
		rc = load_fs(&a, req->fs, req->args.n ? req->args.v[0] : NULL,
			     &doc, &fs);
	if (rc)
		goto out;
	u.fs_id = aws_json_str(fs, "FileSystemId");
	u.token = awscmd_token(req->token, tok);
	if (fsx_fs_update_check(fs, &u, &a.why)) {
		fsx_err(ctx, u.fs_id, 0, "%s", a.why.msg);
		rc = FSX_EXIT_FAIL;
		goto out;
	}
	body = fsx_fs_update_body(&u, &len);
	rc = body ? aws_fsx_call(&a.s, "UpdateFileSystem", body, len, &resp,
				 &a.err, &a.why) :
		    -ENOMEM;
	free(body);
	if (rc) {
		rc = awscmd_fail(&a, "UpdateFileSystem", rc);
		goto out;
	}
	awscmd_print_item(&a, resp, aws_json_get(resp, "FileSystem"),
			  fs_show_cols);
	if (req->wait)
		rc = fs_wait(&a, u.fs_id, deadline);
out:
	aws_json_free(resp);
	aws_json_free(doc);
	awscmd_close(&a);
	return rc;
}

static const struct fsx_opt fs_list_opts[] = {
	OPT_STR(0, "max-items", "N", FR(max_items),
		"stop after N file systems"),
	AWS_OPTS(struct fs_req),
	OPT_END(),
};

static const struct fsx_opt fs_show_opts[] = {
	OPT_STR(0, "fs", "FS-ID", FR(fs),
		"the file system (else the mount of PATH)",
		.complete = COMPLETE_FS),
	AWS_OPTS(struct fs_req),
	OPT_END(),
};

static const struct fsx_opt fs_update_opts[] = {
	OPT_STR(0, "fs", "FS-ID", FR(fs),
		"the file system (else the mount of PATH)",
		.complete = COMPLETE_FS),
	OPT_STR(0, "storage-capacity", "GIB", FR(capacity),
		"new storage capacity in GiB: larger, in this file system's step"),
	OPT_STR(0, "throughput", "MBPS", FR(throughput),
		"per-unit storage throughput, MB/s/TiB (persistent SSD only)"),
	OPT_STR(0, "metadata-iops", "IOPS", FR(iops),
		"metadata IOPS (1500, 3000, 6000, 12000, n*12000) or 'automatic'"),
	OPT_FLAG(0, "wait", FR(wait), 1,
		 "wait until the update and its optimization finish"),
	OPT_STR(0, "timeout", "DURATION", FR(timeout),
		"give up waiting after this long (exit 3)"),
	OPT_STR(0, "client-request-token", "TOKEN", FR(token),
		"idempotency token (default: a new UUID, reused on retries)"),
	AWS_OPTS(struct fs_req),
	OPT_END(),
};

static const struct fsx_cmd cmd_fs_list = {
	.name = "list",
	.summary = "list FSx file systems, every page",
	.usage = "[OPTIONS] [FS-ID...]",
	.opts = fs_list_opts,
	.req_size = sizeof(struct fs_req),
	.run = run_fs_list,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_FS,
};

static const struct fsx_cmd cmd_fs_show = {
	.name = "show",
	.summary = "show one file system",
	.usage = "[OPTIONS] FS-ID|PATH",
	.description =
		"A path on a mounted FSx file system names it: fsxctl matches the\n"
		"mount's MountName and NID against DescribeFileSystems.",
	.opts = fs_show_opts,
	.req_size = sizeof(struct fs_req),
	.run = run_fs_show,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_PATH,
};

static const struct fsx_cmd cmd_fs_update = {
	.name = "update",
	.summary = "grow storage, change throughput or metadata IOPS",
	.usage = "[OPTIONS] FS-ID|PATH",
	.description =
		"Checked before calling, as FSx would: storage only grows, in steps of\n"
		"2400 GiB (SSD), 6000 or 1800 GiB (HDD) or the EFA steps; SCRATCH_1\n"
		"never grows; throughput 50/100/200 (PERSISTENT_1 SSD) or\n"
		"125/250/500/1000 (PERSISTENT_2); metadata IOPS never go down.",
	.opts = fs_update_opts,
	.req_size = sizeof(struct fs_req),
	.run = run_fs_update,
	.flags = CMD_AWS,
	.args_complete = COMPLETE_PATH,
};

static const struct fsx_cmd *const fs_sub[] = { &cmd_fs_list, &cmd_fs_show,
						&cmd_fs_update, NULL };

const struct fsx_cmd cmd_fs = {
	.name = "fs",
	.summary = "FSx file systems: list, show, update",
	.usage = "COMMAND [OPTIONS]",
	.sub = fs_sub,
	.flags = CMD_AWS,
};
